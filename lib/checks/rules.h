/*
 * rules.h - the rule table (data/rules/, one .tsv per family): id, category, severity, the
 * check that emits it and a title template. Loaded once per scan.
 */
#ifndef JCSTAR_RULES_H
#define JCSTAR_RULES_H

#include <stddef.h>

#include "jcstar/jcstar.h"

struct jcsi_rules;

/* Load PATH, a .tsv file or a directory of them; on error ERR gets "PATH:LINE: why". */
jcs_rc jcsi_rules_load(const char *path, struct jcsi_rules **out, char *err,
		       size_t errlen);
void jcsi_rules_free(struct jcsi_rules *r);
const struct jcs_rule_info *jcsi_rules_get(const struct jcsi_rules *r,
					   const char *id);
size_t jcsi_rules_count(const struct jcsi_rules *r);
const struct jcs_rule_info *jcsi_rules_at(const struct jcsi_rules *r,
					  size_t i);

/* A finding's title: the rule's template TPL with its "{}" replaced by A
   then B ("?" for NULL), cut to CAP bytes. */
void jcsi_rule_title(char *out, size_t cap, const char *tpl, const char *a,
		     const char *b);

/* Directory holding rules/ and passwords/: DIR if given, else
   $JCSTAR_DATADIR, else the source tree's data/ (running from a build
   directory), else the installed data directory. */
const char *jcsi_data_dir(const char *dir);

#endif

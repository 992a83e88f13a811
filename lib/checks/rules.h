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

struct jcsi_catalog;

/* Where and about what a finding of a rule is: all a check knows that the
   rule table does not. SEVERITY < 0 keeps the rule's; LOCATION is copied. */
struct jcsi_rule_hit {
	const char *rule;
	int severity;
	struct jcs_location location;
	const char *subject, *detail; /* fill the title's "{}" */
	const char *evidence;         /* already masked */
};

/* Adds to R the finding H makes: the title is the rule's template filled
   with the subject and detail, the requirements those CAT ties the rule
   to. One place for it, so firmware checks, live probes and documents
   word and map their findings alike. A rule RULES lacks is a bug of the
   emitter, never silent: a limitation "rule ID (BY)" (just the id when BY
   is NULL) says the finding was dropped. */
void jcsi_rule_finding(struct jcs_result *r, const struct jcsi_rules *rules,
		       const struct jcsi_catalog *cat,
		       const struct jcsi_rule_hit *h, const char *by);

/* What every command that makes findings loads from DATA_DIR: the rule
   table into *RULES (failing is fatal: ERR says why) and the requirement
   catalog into *CAT. A catalog that does not load is only a limitation
   of R, its findings then name no requirements; one that loads names its
   version in R. */
jcs_rc jcsi_rules_with_catalog(const char *data_dir, struct jcs_result *r,
			       struct jcsi_rules **rules,
			       struct jcsi_catalog **cat, char *err,
			       size_t errlen);

/* SECRET as evidence may show it: whole when SHOW (or CAP is too small to
   mask usefully), else only a hint of its ends, so a report can be passed
   on without passing the password on. */
void jcsi_mask_secret(int show, const char *secret, char *out, size_t cap);

/* Directory holding rules/ and passwords/: DIR if given, else
   $JCSTAR_DATADIR, else the source tree's data/ (running from a build
   directory), else the installed data directory. */
const char *jcsi_data_dir(const char *dir);

#endif

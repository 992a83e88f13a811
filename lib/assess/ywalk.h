/*
 * ywalk.h - the small YAML toolkit of the assessment's input files
 * (product.yaml, the baseline): load one document with libyaml, fail with
 * "NAME:LINE:COLUMN: field: why", read scalars, refuse duplicate and
 * unknown keys (with a "did you mean" when the typo is trivial), and the
 * YYYY-MM-DD dates both files use. Shared so both files behave the same.
 * The requirement catalog walks its document with the same helpers; it
 * keeps its own loader and duplicate-key check for its own messages.
 */
#ifndef JCSTAR_YWALK_H
#define JCSTAR_YWALK_H

#include <stddef.h>
#include <time.h>

#include <yaml.h>

#include "jcstar/jcstar.h"

struct jcsi_yw {
	yaml_document_t doc;
	int loaded;
	const char *name;           /* the file, in messages */
	char *err;
	size_t errlen;
};

/* The "NAME:line:column: YAML: problem context (from line N)" of a
   parser that failed, into ERR; JCS_E_NOMEM or JCS_E_FORMAT. */
jcs_rc jcsi_yw_parse_error(const yaml_parser_t *p, const char *name,
			   char *err, size_t errlen);
/* Parse BUF (at most MAX bytes) as exactly one YAML document into W (NAME,
   ERR, ERRLEN set by the caller). Release with jcsi_yw_done() always. */
jcs_rc jcsi_yw_load(struct jcsi_yw *w, const char *buf, size_t len,
		    size_t max);
void jcsi_yw_done(struct jcsi_yw *w);

yaml_node_t *jcsi_yw_node(struct jcsi_yw *w, int i);
yaml_node_t *jcsi_yw_root(struct jcsi_yw *w);

/* Writes "NAME:LINE:COLUMN: FIELD: why" (position of N, 1:1 if NULL) and
   returns JCS_E_FORMAT. */
jcs_rc jcsi_yw_fail(struct jcsi_yw *w, const yaml_node_t *n,
		    const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* The text of a non-empty scalar without NUL bytes, or NULL with the error
   written and *RC set. */
const char *jcsi_yw_scalar(struct jcsi_yw *w, yaml_node_t *n,
			   const char *field, jcs_rc *rc);

/* Keys of MAP are distinct plain scalars: "FIELD.KEY: given twice" (FIELD
   "" at the top). */
jcs_rc jcsi_yw_unique_keys(struct jcsi_yw *w, yaml_node_t *map,
			   const char *field);

/* A copy of the scalar N (as jcsi_yw_scalar) into *OUT. */
jcs_rc jcsi_yw_text(struct jcsi_yw *w, yaml_node_t *n, const char *field,
		    char **out);

/* The key text of a mapping pair (after jcsi_yw_unique_keys). */
const char *jcsi_yw_key(struct jcsi_yw *w, yaml_node_pair_t *p);

/* The value under KEY in MAP, or NULL. */
yaml_node_t *jcsi_yw_find(struct jcsi_yw *w, yaml_node_t *map,
			  const char *key);

/* "PARENT.KEY: unknown key" at KEYNODE (PARENT "" at the top), with
   "did you mean 'x'?" when one of KNOWN (NULL-terminated) is a trivial
   edit away. */
jcs_rc jcsi_yw_unknown(struct jcsi_yw *w, yaml_node_t *keynode,
		       const char *parent, const char *const *known);

/* Number of items of a sequence node. */
size_t jcsi_yw_count(const yaml_node_t *seq);

/* Item I (< jcsi_yw_count) of the sequence node SEQ. */
yaml_node_t *jcsi_yw_item(struct jcsi_yw *w, const yaml_node_t *seq,
			  size_t i);

/* "YYYY-MM-DD", a real calendar day of 1970..9999: 0 and *END_OF_DAY (the
   day's last second, UTC) set; -1 otherwise. */
int jcsi_yw_date(const char *s, time_t *end_of_day);

/* The N decimal digits at S as a number into *OUT: 0, or -1 if one of
   them is no digit. */
int jcsi_digits(const char *s, int n, int *out);

/* Days since 1970-01-01 of a proleptic Gregorian date (valid input). */
long long jcsi_days_from_civil(int y, int m, int d);
int jcsi_days_in_month(int y, int m);

/* Read a regular file of at most MAX bytes into a NUL-terminated buffer. */
jcs_rc jcsi_yw_read_file(const char *path, size_t max, char **buf,
			 size_t *len, char *err, size_t errlen);

#endif

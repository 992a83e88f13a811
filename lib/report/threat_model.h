/*
 * threat_model.h - the pieces of the draft threat model reporter
 * (report_threat_model.c): its data tables (the .tsv files of data/threat-model/),
 * Markdown output that stays on one line and never carries raw HTML, and
 * the matching of findings and observations to entry points and assets.
 */
#ifndef JCSTAR_THREAT_MODEL_H
#define JCSTAR_THREAT_MODEL_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "jcstar/jcstar.h"

/* One line of a table; f[] are its tab-separated fields. */
struct jcsi_tm_row {
	char *f[4];
	unsigned line;
};

struct jcsi_tm_table {
	struct jcsi_tm_row *v;
	size_t n;
};

/*
 * stride.tsv:       category, letters, threat, mitigation
 * entry-points.tsv: selector, entry, reach, name
 * assets.tsv:       selector, asset, protect, name
 * questions.tsv:    selector, question
 */
struct jcsi_tm_data {
	struct jcsi_tm_table stride, entries, assets, questions;
	struct jcsi_rules *rules;   /* which check emits which category */
};

/* What every section of the report reads. */
struct jcsi_tm_ctx {
	const json_t *doc;
	const json_t *findings, *observations, *requirements, *checks;
	const struct jcsi_tm_data *d;
	FILE *out;
};

/* 0 critical .. 4 info (unknown: info). */
int jcsi_tm_severity_rank(const char *severity);
/* Whether any check of TARGET ran: 1 yes, 0 no. A result without a
   `checks` list ran only what its command covers (scan: firmware). */
int jcsi_tm_target_ran(const struct jcsi_tm_ctx *c, const char *target);
/* Whether TARGET is named by any entry of `checks`. */
int jcsi_tm_target_listed(const struct jcsi_tm_ctx *c, const char *target);

/* The sections of threat_model_surface.c. */
void jcsi_tm_assets(const struct jcsi_tm_ctx *c);
void jcsi_tm_entry_points(const struct jcsi_tm_ctx *c);

/* Loads DIR/threat-model/ and DIR/rules/; ERR gets "FILE:LINE: why". */
jcs_rc jcsi_tm_data_load(const char *dir, struct jcsi_tm_data **out,
			 char *err, size_t errlen);
void jcsi_tm_data_free(struct jcsi_tm_data *d);

/* The stride.tsv row of CATEGORY, NULL if none. */
const struct jcsi_tm_row *jcsi_tm_stride(const struct jcsi_tm_data *d,
					 const char *category);

/*
 * The first row of T whose selector matches: "rule:" against RULE (exact,
 * or a prefix when the selector ends in '.' or '-'), "category:" against
 * CATEGORY, "observation:" against OBS (same prefix rule), "not-run:"
 * against NOT_RUN, or the bare word KEYWORD ("input", "always"). Any of
 * them may be NULL.
 */
const struct jcsi_tm_row *jcsi_tm_match(const struct jcsi_tm_table *t,
					const char *rule, const char *category,
					const char *obs, const char *not_run,
					const char *keyword);

/* The first row of T whose field 1 (entry or asset id) is ID. */
const struct jcsi_tm_row *jcsi_tm_by_id(const struct jcsi_tm_table *t,
					const char *id);

/*
 * Markdown text on one line: only the first line of S, at most MAX bytes
 * (cut on a UTF-8 boundary, then "…"), with Markdown and HTML
 * metacharacters escaped and '|' as "\|" so it is safe in a table cell.
 */
void jcsi_tm_text(FILE *out, const char *s, size_t max);
/* The same as a code span (paths, evidence); falls back to text when S
   holds a backtick or a '|'. */
void jcsi_tm_code(FILE *out, const char *s, size_t max);
/* "path:line", "host:port/proto" or "method url" of a location, as code. */
void jcsi_tm_location(FILE *out, const json_t *loc);

#endif

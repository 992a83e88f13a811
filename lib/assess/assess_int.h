/*
 * assess_int.h - the assessment's parts: where each finding category can
 * be found (data/categories.tsv), the documents of the manifest judged,
 * and the verdict of every catalog requirement. For lib/assess only.
 */
#ifndef JCSTAR_ASSESS_INT_H
#define JCSTAR_ASSESS_INT_H

#include <time.h>

#include <jansson.h>

#include "catalog.h"
#include "manifest.h"

struct jcsi_rules;

/* Where each category can be found: JCSI_TESTED_* bits per category. */
struct jcsi_places;

jcs_rc jcsi_places_load(const char *path, struct jcsi_places **out,
			char *err, size_t errlen);
void jcsi_places_free(struct jcsi_places *p);
/* JCSI_TESTED_* bits of CATEGORY; 0 if unknown. */
unsigned jcsi_places_of(const struct jcsi_places *p, const char *category);
/* "firmware", "live", ... for one JCSI_TESTED_* bit. */
const char *jcsi_place_name(unsigned bit);

/* The manifest's documents as judged (one per kind), for the verdicts. */
struct jcsi_doc_verdict {
	enum jcsi_doc_state state;
	int valid;              /* given and nothing wrong with it */
	char ref[512];          /* file / URL it points to */
	char detail[512];       /* what was seen, or what is wrong */
};

/*
 * Judges the manifest's documents at NOW: fills V (JCSI_DOC_COUNT
 * entries), adds a finding (rules docs.*) for each document declared
 * absent, expired or incomplete, sets the result's `documents`, and records
 * the `docs` check. CAT gives the findings their requirements.
 */
jcs_rc jcsi_assess_documents(const struct jcsi_manifest *m,
			     const struct jcsi_catalog *cat,
			     const struct jcsi_rules *rules, time_t now,
			     struct jcs_result *r,
			     struct jcsi_doc_verdict *v);

struct jcsi_verdict_in {
	const struct jcsi_catalog *cat;
	const struct jcsi_rules *rules;
	const struct jcsi_places *places;
	const struct jcsi_manifest *m;           /* MAY be NULL */
	const struct jcsi_doc_verdict *docs;     /* JCSI_DOC_COUNT; MAY be NULL */
	const json_t *doc;                       /* findings, observations, checks */
};

/* The `requirements` array: one verdict per catalog entry, catalog order.
   NULL when out of memory. */
json_t *jcsi_verdicts(const struct jcsi_verdict_in *in);

#endif

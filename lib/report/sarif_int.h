/*
 * sarif_int.h - the pieces of the SARIF reporter (report_sarif.c builds
 * the log, sarif_rules.c the rule descriptors, sarif_location.c where a
 * finding was seen).
 */
#ifndef JCSTAR_SARIF_INT_H
#define JCSTAR_SARIF_INT_H

#include <jansson.h>

#include "category_texts.h"

struct jcsi_rules;

/* SARIF level of a jcstar severity: critical/high "error", medium
   "warning", everything else "note". */
const char *jcsi_sarif_level(const char *severity);

/*
 * tool.driver.rules: one descriptor per rule id occurring in FINDINGS, in
 * order of first occurrence, and in *INDEX rule id -> its index (integer).
 * TEXTS and RULES may be NULL (not loaded): the help then says less and the
 * short description is a finding's title. NULL when out of memory.
 */
json_t *jcsi_sarif_rules(const json_t *findings,
			 const struct jcsi_category_texts *texts,
			 const struct jcsi_rules *rules, json_t **index);

/* *OUT: the "locations" array of finding location LOC (firmware path,
   live host:port, cloud url), NULL when LOC names no place. -1 when out
   of memory. */
int jcsi_sarif_locations(const json_t *loc, json_t **out);

/* The stable identity of a finding: sha256 of its rule and location. */
void jcsi_sarif_fingerprint(const char *rule, const json_t *loc,
			    char out[65]);

#endif

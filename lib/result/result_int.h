/*
 * result_int.h - read access to a result's document for the reporters.
 */
#ifndef JCSTAR_RESULT_INT_H
#define JCSTAR_RESULT_INT_H

#include <jansson.h>

#include "jcstar/jcstar.h"

/* Borrowed; valid while R lives. */
const json_t *jcsi_result_doc(const struct jcs_result *r);

/* The document, to change in place (the assessment only). */
json_t *jcsi_result_doc_mut(struct jcs_result *r);

/* Sets (replaces) a member of the document; steals VALUE. For the
   assessment: product, documents, requirements, baseline, components. */
jcs_rc jcsi_result_set(struct jcs_result *r, const char *key, json_t *value);

/* The `components` array (lib/sbom: jcsi_components_json); takes
   ownership of COMPONENTS, also on error. JCS_E_ARG if not an array. */
jcs_rc jcsi_result_set_components(struct jcs_result *r, json_t *components);

/* Marks finding INDEX accepted by the baseline: it stays in the document
   with `suppressed`, and no longer counts in jcs_result_count(). */
jcs_rc jcsi_result_suppress(struct jcs_result *r, size_t index,
			    const char *justification, const char *expires);

/* The last finding added (to attach members the public struct does not
   carry, such as `vulnerabilities`); NULL if none. Borrowed. */
json_t *jcsi_result_last_finding(struct jcs_result *r);

/* A result around DOC (stolen, also on failure), checked for what the
   reporters rely on; NAME stands for the file in messages. */
jcs_rc jcsi_result_adopt(json_t *doc, const char *name,
			 struct jcs_result **out, char *err, size_t errlen);

#endif

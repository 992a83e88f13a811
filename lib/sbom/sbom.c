/*
 * sbom.c - jcs_result_write_sbom(): a result's components as an SBOM in
 * the format asked for.
 */
#include <string.h>

#include "../result/result_int.h"
#include "sbom_int.h"

jcs_rc jcs_result_write_sbom(const struct jcs_result *r, const char *format,
			     FILE *out)
{
	const json_t *doc = jcsi_result_doc(r);

	if (!doc || !format || !out)
		return JCS_E_ARG;
	if (!strcmp(format, "cyclonedx"))
		return jcsi_sbom_cyclonedx(doc, out);
	if (!strcmp(format, "spdx"))
		return jcsi_sbom_spdx(doc, out);
	return JCS_E_ARG;
}

long jcs_result_component_count(const struct jcs_result *r)
{
	const json_t *c = json_object_get(jcsi_result_doc(r), "components");

	return json_is_array(c) ? (long)json_array_size(c) : -1;
}

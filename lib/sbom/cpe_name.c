/*
 * cpe_name.c - builds a component's CPE 2.3 string with lib/vuln/cpe.c,
 * so the SBOM and the vulnerability matcher quote values the same way.
 */
#include <stddef.h>

#include "../vuln/cpe.h"
#include "cpe_name.h"

jcs_rc jcsi_cpe_name(char part, const char *vendor, const char *product,
		     const char *version, char **out)
{
	struct jcsi_cpe_subject p = {part, vendor, product,
				   version && *version ? version : NULL};
	struct jcsi_cpe c;
	jcs_rc rc;

	*out = NULL;
	rc = jcsi_cpe_from_component(&p, &c);
	if (rc != JCS_OK)
		return rc;
	return jcsi_cpe_format(&c, out);
}

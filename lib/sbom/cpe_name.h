/*
 * cpe_name.h - the CPE 2.3 string of a component. A header of its own
 * because lib/vuln/cpe.h and component.h both define a struct
 * jcsi_component (the matcher's borrowed view and the SBOM's record), so
 * no file can include both: cpe_name.c includes only cpe.h.
 */
#ifndef JCSTAR_CPE_NAME_H
#define JCSTAR_CPE_NAME_H

#include "jcstar/jcstar.h"

/* The formatted CPE 2.3 name of PART ('a', 'o', 'h') VENDOR:PRODUCT at
   VERSION (NULL or "": ANY), in a new string (jcsi_free) at *OUT.
   Errors of jcsi_cpe_from_component / jcsi_cpe_format. */
jcs_rc jcsi_cpe_name(char part, const char *vendor, const char *product,
		     const char *version, char **out);

#endif

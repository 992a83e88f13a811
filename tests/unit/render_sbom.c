/*
 * render_sbom.c - renders a result document (JSON file) as an SBOM with
 * the library's writers, so tests/integration/test_sbom.sh can validate
 * hand-written fixtures against the official schemas.
 *
 * Usage: render_sbom cyclonedx|spdx RESULT.json
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "lib/sbom/sbom_int.h"

int main(int argc, char **argv)
{
	json_error_t e;
	json_t *doc;
	jcs_rc rc;

	if (argc != 3 || (strcmp(argv[1], "cyclonedx") &&
			  strcmp(argv[1], "spdx"))) {
		fprintf(stderr, "usage: render_sbom cyclonedx|spdx RESULT\n");
		return 2;
	}
	doc = json_load_file(argv[2], 0, &e);
	if (!doc) {
		fprintf(stderr, "%s:%d: %s\n", argv[2], e.line, e.text);
		return 1;
	}
	rc = !strcmp(argv[1], "spdx") ? jcsi_sbom_spdx(doc, stdout)
				      : jcsi_sbom_cyclonedx(doc, stdout);
	json_decref(doc);
	if (rc != JCS_OK)
		fprintf(stderr, "render_sbom: %s\n", jcs_strerror(rc));
	return rc == JCS_OK ? 0 : 1;
}

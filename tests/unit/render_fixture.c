/*
 * render_fixture.c - renders a result document (a JSON file) with one of
 * the reporters, to stdout: what the integration tests of the reporters
 * run until `jcstar report` calls them the same way.
 *
 *   render_fixture sarif|checklist-csv|checklist-md FILE.json [DATA_DIR]
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "lib/report/report_int.h"

int main(int argc, char **argv)
{
	struct jcsi_report_opts o = {0};
	json_error_t e;
	json_t *doc;
	jcs_rc rc;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: %s sarif|checklist-csv|checklist-md "
				"FILE.json [DATA_DIR]\n", argv[0]);
		return 2;
	}
	o.data_dir = argc == 4 ? argv[3] : NULL;
	doc = json_load_file(argv[2], 0, &e);
	if (!doc) {
		fprintf(stderr, "%s:%d: %s\n", argv[2], e.line, e.text);
		return 1;
	}
	if (!strcmp(argv[1], "sarif"))
		rc = jcsi_report_sarif(doc, stdout, &o);
	else if (!strcmp(argv[1], "checklist-csv"))
		rc = jcsi_report_checklist_csv(doc, stdout, &o);
	else if (!strcmp(argv[1], "checklist-md"))
		rc = jcsi_report_checklist_md(doc, stdout, &o);
	else
		rc = JCS_E_ARG;
	json_decref(doc);
	if (rc != JCS_OK) {
		fprintf(stderr, "%s: %s\n", argv[1], jcs_strerror(rc));
		return 1;
	}
	return 0;
}

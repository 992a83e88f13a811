/*
 * render_html_fixture.c - renders a result document (a JSON file) with the
 * HTML reporter to stdout, for tests/integration/test_report_html.sh to
 * load in a browser. A stand-in for `jcstar report FILE --format html`
 * until that command exists.
 */
#include <stdio.h>

#include <jansson.h>

#include "lib/report/report_int.h"

int main(int argc, char **argv)
{
	struct jcsi_report_opts o = {0};
	json_error_t err;
	json_t *doc;
	jcs_rc rc;

	if (argc != 2) {
		fprintf(stderr, "usage: %s RESULT.json\n", argv[0]);
		return 2;
	}
	doc = json_load_file(argv[1], 0, &err);
	if (!doc) {
		fprintf(stderr, "%s:%d: %s\n", argv[1], err.line, err.text);
		return 1;
	}
	rc = jcsi_report_html(doc, stdout, &o);
	json_decref(doc);
	if (rc != JCS_OK) {
		fprintf(stderr, "%s: %s\n", argv[1], jcs_strerror(rc));
		return 1;
	}
	return fflush(stdout) ? 1 : 0;
}

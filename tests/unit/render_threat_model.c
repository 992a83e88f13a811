/*
 * render_threat_model.c - writes the draft threat model of a result
 * document to stdout, so people can read what the reporter makes of a
 * fixture: render_threat_model tests/data/results/tm-firmware.json
 * Data tables come from $JCSTAR_DATADIR, else the source tree's data/.
 */
#include <stdio.h>
#include <stdlib.h>

#include "lib/report/report_int.h"

int main(int argc, char **argv)
{
	struct jcsi_report_opts o = {0, getenv("JCSTAR_DATADIR")};
	json_error_t je;
	json_t *doc;
	jcs_rc rc;

	if (argc != 2) {
		fprintf(stderr, "usage: %s RESULT.json\n", argv[0]);
		return 2;
	}
	doc = json_load_file(argv[1], 0, &je);
	if (!doc) {
		fprintf(stderr, "%s:%d: %s\n", argv[1], je.line, je.text);
		return 1;
	}
	rc = jcsi_report_threat_model(doc, stdout, &o);
	json_decref(doc);
	if (rc != JCS_OK) {
		fprintf(stderr, "threat model: %s\n", jcs_strerror(rc));
		return 1;
	}
	return 0;
}

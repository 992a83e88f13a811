/*
 * fuzz_report_input.h - one fuzz input through every reporter: the bytes
 * are a result document (JSON, as `jcstar report` reads from a file a user
 * hands it); if it is one, it is rendered in every format into /dev/null.
 * Reporters must survive any document the reader accepts: wrong types,
 * missing members, huge strings, indices out of range.
 * Shared by fuzz_report.c (libFuzzer) and replay.c (corpus replay).
 */
#ifndef FUZZ_REPORT_INPUT_H
#define FUZZ_REPORT_INPUT_H

#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "jcstar/jcstar.h"
#include "lib/result/result_int.h"

static inline void fuzz_report_one(const uint8_t *d, size_t n)
{
	static FILE *sink;
	json_error_t je;
	json_t *doc = json_loadb((const char *)d, n, 0, &je);
	struct jcs_result *r = NULL;
	char err[256];

	if (!doc)
		return;
	if (!sink)
		sink = fopen("/dev/null", "w");
	if (!sink || jcsi_result_adopt(doc, "fuzz", &r, err, sizeof(err)) !=
		     JCS_OK)
		return;
	for (const char *const *f = jcs_report_formats(); *f; f++) {
		jcs_result_write(r, *f, sink, 1, NULL);
		fflush(sink);
	}
	jcs_result_free(r);
}

#endif

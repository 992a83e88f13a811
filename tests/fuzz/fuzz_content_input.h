/*
 * fuzz_content_input.h - runs the content engine and its handlers (keys,
 * certificates, secrets: lib/checks/content*.c) on fuzzer bytes, in memory:
 * the first byte picks the file name the bytes are examined as (a
 * configuration file, Python code, a binary, a trust store, a CGI script,
 * since names change what is looked at), the rest is the file. PEM and DER
 * go through OpenSSL, secrets through value extraction. Shared by the
 * libFuzzer target (fuzz_content.c) and the corpus replay of the suite.
 * Needs JCSTAR_DATADIR outside the source tree.
 */
#ifndef JCSTAR_FUZZ_CONTENT_INPUT_H
#define JCSTAR_FUZZ_CONTENT_INPUT_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lib/checks/content.h"
#include "lib/checks/rules.h"

static inline void fuzz_content_one(const uint8_t *d, size_t n)
{
	static const char *const names[] = {
		"/etc/app.conf", "/usr/lib/python3/app/x.py", "/usr/bin/prog",
		"/usr/share/ca-certificates/x.crt", "/www/cgi-bin/login.cgi"};
	static struct jcsi_content *c;
	static struct jcsi_cworker *w;
	static int failed;
	struct jcsi_chits h;
	struct jcsi_ev e;
	char err[512];

	if (!c && !failed) {
		if (jcsi_content_load(jcsi_data_dir(NULL), NULL, &c, err,
				      sizeof(err)) != JCS_OK ||
		    jcsi_cworker_new(c, &w) != JCS_OK) {
			fprintf(stderr, "fuzz_content: %s\n", err);
			failed = 1;
		}
	}
	if (!w || n < 1)
		return;
	memset(&e, 0, sizeof(e));
	memset(&h, 0, sizeof(h));
	e.dev = e.disk = names[d[0] % (sizeof(names) / sizeof(names[0]))];
	e.kind = JCSI_EV_FILE;
	e.size = n - 1;
	/* a fixed time: a crash input must replay the same way */
	jcsi_content_examine(w, NULL, &e, d + 1, n - 1, 1700000000, &h);
	jcsi_chits_clear(&h);
}

#endif

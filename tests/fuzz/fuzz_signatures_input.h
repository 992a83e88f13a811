/*
 * fuzz_signatures_input.h - the version-signature matcher
 * (lib/sbom/sigdb.c, table data/components/signatures.tsv) on fuzzer
 * bytes. The first byte picks how the rest is seen: bit 0 set puts an ELF
 * magic in front (so the rows for ELF files apply), otherwise the bytes
 * are matched as they are. Every version reported must pass
 * jcsi_version_valid() and occur in the input, byte for byte (or be
 * digits and dots: a "before-compact" row rewrites "20914"); a broken
 * promise aborts, so the fuzzer and the corpus replay report it.
 * Shared by the libFuzzer target (fuzz_signatures.c) and replay.c.
 */
#ifndef JCSTAR_FUZZ_SIGNATURES_INPUT_H
#define JCSTAR_FUZZ_SIGNATURES_INPUT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/checks/rules.h"
#include "lib/core/mem.h"
#include "lib/sbom/identify_signatures.h"
#include "lib/vuln/vercmp.h"

struct fuzz_sig_buf {
	const uint8_t *d;
	size_t n;
};

static inline int fuzz_sig_check(const char *name, const char *version,
				 enum jcsi_comp_confidence conf, unsigned line,
				 void *user)
{
	const struct fuzz_sig_buf *b = user;

	(void)conf;
	if (!name[0] || !jcsi_version_valid(version) ||
	    (!memmem(b->d, b->n, version, strlen(version)) &&
	     strspn(version, "0123456789.") != strlen(version))) {
		fprintf(stderr, "fuzz_signatures: line %u gave \"%s\" \"%s\"\n",
			line, name, version);
		abort();
	}
	return 0;
}

static inline void fuzz_signatures_one(const uint8_t *d, size_t n)
{
	static struct jcsi_sigdb *db;
	static int failed;
	struct fuzz_sig_buf b;
	uint8_t *buf;
	char err[512], *path;

	if (!db && !failed) {
		path = jcsi_asprintf("%s/components/signatures.tsv",
				     jcsi_data_dir(NULL));
		if (!path || jcsi_sigdb_load(path, &db, err, sizeof(err)) !=
				     JCS_OK) {
			fprintf(stderr, "fuzz_signatures: %s\n",
				path ? err : "no memory");
			failed = 1;
		}
		jcsi_free(path);
	}
	if (!db || n < 1)
		return;
	buf = malloc(n + 3);
	if (!buf)
		return;
	b.d = buf;
	if (d[0] & 1) {
		memcpy(buf, "\177ELF", 4);
		memcpy(buf + 4, d + 1, n - 1);
		b.n = n + 3;
	} else {
		memcpy(buf, d + 1, n - 1);
		b.n = n - 1;
	}
	jcsi_signature_match_buffer(db, buf, b.n, fuzz_sig_check, &b);
	free(buf);
}

#endif

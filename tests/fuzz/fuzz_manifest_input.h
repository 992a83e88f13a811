/*
 * fuzz_manifest_input.h - the assessment's input parsers on fuzzer bytes:
 * product.yaml (lib/assess/manifest.c), RFC 9116 security.txt
 * (securitytxt.c) and the baseline (baseline.c). Shared by the libFuzzer
 * targets (fuzz_manifest.c, fuzz_securitytxt.c, fuzz_baseline.c) and the
 * corpus replay of the suite. Manifest paths resolve against /nonexistent,
 * so a file reference is looked up (stat) and never found: the loader's
 * error paths for them run, nothing is read.
 */
#ifndef JCSTAR_FUZZ_MANIFEST_INPUT_H
#define JCSTAR_FUZZ_MANIFEST_INPUT_H

#include <stdint.h>
#include <string.h>

#include "lib/assess/manifest.h"

static inline void fuzz_manifest_one(const uint8_t *d, size_t n)
{
	struct jcsi_manifest *m = NULL;
	char err[512];

	if (jcsi_manifest_parse((const char *)d, n, "fuzz", "/nonexistent",
				&m, err, sizeof(err)) == JCS_OK) {
		/* what the verdicts read must be consistent */
		if (!m->name || (m->support_end && !m->support_end_t))
			__builtin_trap();
		jcsi_manifest_free(m);
	} else if (!err[0] || m) {
		__builtin_trap(); /* a failure always says why, leaves nothing */
	}
}

static inline void fuzz_securitytxt_one(const uint8_t *d, size_t n)
{
	struct jcsi_securitytxt t;

	if (jcsi_securitytxt_parse((const char *)d, n, &t) != JCS_OK)
		return;
	if (t.expires && !t.expires_raw)
		__builtin_trap();
	for (size_t i = 0; i < t.n_contact; i++)
		if (!t.contact[i][0])
			__builtin_trap();
	jcsi_securitytxt_free(&t);
}

static inline void fuzz_baseline_one(const uint8_t *d, size_t n)
{
	struct jcsi_baseline *b = NULL;
	char err[512];
	int expired;

	if (jcsi_baseline_parse((const char *)d, n, "fuzz", &b, err,
				sizeof(err)) != JCS_OK)
		return;
	for (size_t i = 0; i < b->n; i++) {
		const struct jcsi_suppression *s = &b->s[i];

		/* every entry is justified and suppresses its own finding */
		if (!s->rule || !s->justification || !s->justification[0] ||
		    (s->path && strchr(s->path, '[') == NULL &&
		     strchr(s->path, '*') == NULL && strchr(s->path, '?') == NULL &&
		     strchr(s->path, '\\') == NULL &&
		     !jcsi_baseline_match(b, s->rule, s->path, s->host, s->port,
					  0, &expired)))
			__builtin_trap();
	}
	jcsi_baseline_free(b);
}

#endif

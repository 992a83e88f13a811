/*
 * fuzz_version_input.h - checks the laws of the version ordering and the
 * CPE round trips (lib/vuln/vercmp.c, lib/vuln/cpe.c) on fuzzer bytes:
 * the input is cut at newlines into strings A, B, C.
 *  - jcsi_version_cmp is -1, 0 or 1, reflexive, antisymmetric
 *    (cmp(a,b) == -cmp(b,a)) and transitive on A, B, C;
 *  - a string jcsi_cpe_parse accepts formats, parses back to the same
 *    attributes and formats to the same string again;
 *  - a component (A, B, C as vendor, product, version) that
 *    jcsi_cpe_from_component accepts round-trips the same way, and
 *    matching it against a parsed criterion with bounds does not crash.
 * A broken law aborts, so the fuzzer and the corpus replay report it.
 * Shared by the libFuzzer target (fuzz_version.c) and replay.c.
 */
#ifndef JCSTAR_FUZZ_VERSION_INPUT_H
#define JCSTAR_FUZZ_VERSION_INPUT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/mem.h"
#include "lib/vuln/cpe.h"
#include "lib/vuln/vercmp.h"

static inline void fuzz_version_law(int ok, const char *law, const char *a,
				    const char *b)
{
	if (ok)
		return;
	fprintf(stderr, "fuzz_version: %s broken for \"%s\" / \"%s\"\n", law,
		a, b);
	abort();
}

static inline int fuzz_cpe_same(const struct jcsi_cpe *x,
				const struct jcsi_cpe *y)
{
	for (int i = 0; i < JCSI_CPE_ATTRS; i++)
		if (x->kind[i] != y->kind[i] || strcmp(x->value[i], y->value[i]))
			return 0;
	return 1;
}

/* format C, parse it back, format again: same attributes, same text */
static inline void fuzz_cpe_round_trip(const struct jcsi_cpe *c,
				       const char *from)
{
	static struct jcsi_cpe back;
	char *s = NULL, *s2 = NULL;

	fuzz_version_law(jcsi_cpe_format(c, &s) == JCS_OK, "format", from, "");
	fuzz_version_law(jcsi_cpe_parse(s, &back) == JCS_OK, "parse(format)",
			 from, s);
	fuzz_version_law(fuzz_cpe_same(c, &back), "same attributes", from, s);
	fuzz_version_law(jcsi_cpe_format(&back, &s2) == JCS_OK &&
				 !strcmp(s, s2),
			 "same text", s, s2 ? s2 : "");
	jcsi_free(s);
	jcsi_free(s2);
}

static inline void fuzz_version_one(const uint8_t *d, size_t n)
{
	/* static: struct jcsi_cpe is ~2.8 KiB, keep it off the stack */
	static struct jcsi_cpe_criterion m;
	static struct jcsi_cpe c;
	char *buf = malloc(n + 3);
	char *s[3];
	size_t k = 0;
	int ab, ba, bc, ac;

	if (!buf)
		return;
	memcpy(buf, d, n);
	buf[n] = buf[n + 1] = buf[n + 2] = '\0';
	/* A, B, C: cut at the first two newlines (missing ones are "") */
	s[0] = buf;
	for (size_t i = 0; i < n && k < 2; i++)
		if (buf[i] == '\n') {
			buf[i] = '\0';
			s[++k] = buf + i + 1;
		}
	while (k < 2)
		s[++k] = buf + n + 1;

	for (int i = 0; i < 3; i++) {
		fuzz_version_law(jcsi_version_cmp(s[i], s[i]) == 0, "reflexive",
				 s[i], s[i]);
		(void)jcsi_version_valid(s[i]);
	}
	ab = jcsi_version_cmp(s[0], s[1]);
	ba = jcsi_version_cmp(s[1], s[0]);
	bc = jcsi_version_cmp(s[1], s[2]);
	ac = jcsi_version_cmp(s[0], s[2]);
	fuzz_version_law(ab >= -1 && ab <= 1, "-1/0/1", s[0], s[1]);
	fuzz_version_law(ab == -ba, "antisymmetry", s[0], s[1]);
	if (ab <= 0 && bc <= 0)
		fuzz_version_law(ac <= 0, "transitivity", s[0], s[2]);
	if (ab >= 0 && bc >= 0)
		fuzz_version_law(ac >= 0, "transitivity", s[0], s[2]);
	if (ab == 0)
		fuzz_version_law(ac == bc, "equal in place", s[0], s[1]);

	for (int i = 0; i < 3; i++)
		if (jcsi_cpe_parse(s[i], &c) == JCS_OK)
			fuzz_cpe_round_trip(&c, s[i]);

	for (int i = 0; i < 3; i++) {
		static const char parts[] = "aoh";
		struct jcsi_cpe_subject p = {parts[i], s[0], s[1], s[2]};

		if (jcsi_cpe_from_component(&p, &c) == JCS_OK)
			fuzz_cpe_round_trip(&c, s[0]);
		if (jcsi_cpe_parse(s[0], &m.cpe) == JCS_OK) {
			m.start_incl = i == 0 ? s[1] : NULL;
			m.start_excl = i == 1 ? s[1] : NULL;
			m.end_incl = i == 1 ? s[2] : NULL;
			m.end_excl = i == 2 ? s[2] : NULL;
			p.vendor = m.cpe.value[JCSI_CPE_VENDOR];
			p.product = m.cpe.value[JCSI_CPE_PRODUCT];
			p.version = s[1];
			(void)jcsi_cpe_match(&m, &p);
		}
	}
	free(buf);
}

#endif

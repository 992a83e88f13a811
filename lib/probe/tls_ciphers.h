/*
 * tls_ciphers.h - the cipher suites the TLS check offers and how it judges
 * them: data/probe/tls-ciphers.tsv (code point, IANA name, flags).
 */
#ifndef JCSTAR_TLS_CIPHERS_H
#define JCSTAR_TLS_CIPHERS_H

#include <stddef.h>
#include <stdint.h>

#include "jcstar/jcstar.h"

enum {
	JCSI_TLS_WEAK = 1 << 0,
	JCSI_TLS_ANON = 1 << 1,
	JCSI_TLS_NOFS = 1 << 2,
	JCSI_TLS_EXPORT = 1 << 3,
	JCSI_TLS_NULL = 1 << 4,
	JCSI_TLS_ONLY13 = 1 << 5,
};

struct jcsi_tls_suite {
	uint16_t code;
	unsigned flags;
	char *name;
};

struct jcsi_tls_ciphers {
	struct jcsi_tls_suite *v;
	size_t n;
};

/* Loads PATH; errors "file:line: why" (bad code point, unknown flag,
   a code listed twice). */
jcs_rc jcsi_tls_ciphers_load(const char *path, struct jcsi_tls_ciphers *c,
			     char *err, size_t errlen);
void jcsi_tls_ciphers_free(struct jcsi_tls_ciphers *c);
/* The suite with CODE; NULL if not in the table. */
const struct jcsi_tls_suite *jcsi_tls_suite_find(
	const struct jcsi_tls_ciphers *c, uint16_t code);

#endif

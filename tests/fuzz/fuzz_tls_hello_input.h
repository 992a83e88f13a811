/*
 * fuzz_tls_hello_input.h - the TLS check's ServerHello/alert parser and
 * ClientHello builder (lib/probe/tls_hello.c) on fuzzer bytes, as what a
 * hostile server answers. Laws (a broken one aborts, so the fuzzer and
 * the corpus replay report it):
 *  - a ServerHello verdict has a 3.x version;
 *  - answers are read as they arrive: once a prefix of the input gives a
 *    verdict (ServerHello, alert, garbage), the whole input gives the same;
 *  - a ClientHello built from the input's first bytes (version, suites,
 *    server name) has record and handshake lengths that add up.
 * Shared by the libFuzzer target (fuzz_tls_hello.c) and replay.c.
 */
#ifndef JCSTAR_FUZZ_TLS_HELLO_INPUT_H
#define JCSTAR_FUZZ_TLS_HELLO_INPUT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/probe/tls_hello.h"

static inline void fuzz_tls_law(int ok, const char *law)
{
	if (ok)
		return;
	fprintf(stderr, "fuzz_tls_hello: %s broken\n", law);
	abort();
}

static inline void fuzz_tls_hello_one(const uint8_t *d, size_t n)
{
	static const uint8_t client_random[32] = "0123456789abcdef0123456789abcde";
	struct jcsi_tls_reply full, part;
	uint8_t hello[JCSI_TLS_HELLO_MAX];
	uint16_t suites[64];
	char sni[64];
	size_t len, ns;
	uint16_t version;

	jcsi_tls_parse_reply(d, n, &full);
	if (full.kind == JCSI_TLS_SERVER_HELLO)
		fuzz_tls_law((full.version >> 8) == 3, "3.x version");
	for (size_t k = 0; k < n; k += 1 + k / 4) {
		jcsi_tls_parse_reply(d, k, &part);
		if (part.kind == JCSI_TLS_NEED_MORE)
			continue;
		fuzz_tls_law(part.kind == full.kind &&
				     part.version == full.version &&
				     part.suite == full.suite &&
				     part.retry == full.retry &&
				     part.alert_desc == full.alert_desc,
			     "prefix verdict stands");
	}

	if (n < 3)
		return;
	version = (uint16_t)(0x0300 + d[0] % 6);
	ns = d[1] % 64;
	for (size_t i = 0; i < ns; i++)
		suites[i] = (uint16_t)(i * 0x0101u + d[2]);
	len = n - 3 < sizeof(sni) - 1 ? n - 3 : sizeof(sni) - 1;
	memcpy(sni, d + 3, len);
	sni[len] = '\0';
	len = jcsi_tls_client_hello(hello, sizeof(hello), version, suites, ns,
				    d[2] & 1 ? sni : NULL, client_random);
	if (!len) {
		fuzz_tls_law(!ns || version > JCSI_TLS_13, "hello built");
		return;
	}
	fuzz_tls_law(len >= 9 && ((size_t)hello[3] << 8 | hello[4]) == len - 5,
		     "record length");
	fuzz_tls_law(((size_t)hello[6] << 16 | (size_t)hello[7] << 8 |
		      hello[8]) == len - 9, "handshake length");
}

#endif

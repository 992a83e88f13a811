/*
 * fuzz_probe_ident_input.h - the probe core's banner and handshake
 * classifier (lib/probe/probe_ident.c) on fuzzer bytes: the first byte
 * picks what was "sent" (greeting, HTTP, RTSP, MQTT, TLS, FTP AUTH), the
 * rest is the peer's answer. Laws: a recognised answer has a name; name,
 * product and banner are terminated and printable; the printable copy
 * never overruns small buffers. A broken law aborts. Shared by the
 * libFuzzer target (fuzz_probe_ident.c) and replay.c.
 */
#ifndef JCSTAR_FUZZ_PROBE_IDENT_INPUT_H
#define JCSTAR_FUZZ_PROBE_IDENT_INPUT_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/probe/probe_int.h"

static inline void fuzz_probe_ident_printable(const char *s, size_t cap)
{
	size_t n = strnlen(s, cap);

	if (n == cap)
		abort(); /* not terminated */
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7f)
			abort();
}

static inline void fuzz_probe_ident_one(const uint8_t *d, size_t n)
{
	struct jcsi_ident id;
	char small[4];
	int got;

	if (n < 1)
		return;
	memset(&id, 0, sizeof(id));
	got = jcsi_ident_classify((enum jcsi_ident_probe)(d[0] % 6), d + 1,
				  n - 1, &id);
	if (got && !id.name[0] && d[0] % 6 != JCSI_ID_FTP_AUTH)
		abort();
	fuzz_probe_ident_printable(id.name, sizeof(id.name));
	fuzz_probe_ident_printable(id.product, sizeof(id.product));
	fuzz_probe_ident_printable(id.banner, sizeof(id.banner));
	jcsi_ident_printable(d + 1, n - 1, small, sizeof(small));
	fuzz_probe_ident_printable(small, sizeof(small));
	jcsi_ident_printable(d + 1, n - 1, small, 1);
	if (small[0])
		abort();
}

#endif

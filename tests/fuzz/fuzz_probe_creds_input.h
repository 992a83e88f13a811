/*
 * fuzz_probe_creds_input.h - the credential checks' parsers of what a
 * device answers (lib/probe/creds_text.h) on fuzzer bytes: the first byte
 * picks the parser, the rest is the answer.
 *  0: telnet negotiation fed in two pieces, then the prompt reader;
 *  1: an FTP reply;
 *  2: an HTTP/RTSP head with its challenges, then the Digest answer to
 *     the challenge found and the password-field search of the body;
 *  3: a WWW-Authenticate Digest value on its own.
 * Shared by the libFuzzer target (fuzz_probe_creds.c) and replay.c;
 * ASan/UBSan report what goes wrong.
 */
#ifndef JCSTAR_FUZZ_PROBE_CREDS_INPUT_H
#define JCSTAR_FUZZ_PROBE_CREDS_INPUT_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/probe/creds_text.h"

static inline void fuzz_probe_creds_one(const uint8_t *d, size_t n)
{
	if (n < 1)
		return;
	unsigned which = d[0] % 4;
	const char *s = (const char *)d + 1;
	size_t len = n - 1;
	/* a heap copy of exactly LEN bytes: reads past it are caught */
	char *buf = malloc(len ? len : 1);

	if (!buf)
		return;
	memcpy(buf, s, len);
	if (which == 0) {
		struct jcsi_telnet t = { 0 };
		char text[512];
		unsigned char reply[128];
		size_t tl = 0, rl = 0, half = len / 2;

		jcsi_telnet_feed(&t, (const unsigned char *)buf, half, text,
				 sizeof(text), &tl, reply, sizeof(reply), &rl);
		jcsi_telnet_feed(&t, (const unsigned char *)buf + half,
				 len - half, text, sizeof(text), &tl, reply,
				 sizeof(reply), &rl);
		if (tl > sizeof(text) || rl > sizeof(reply) || rl % 3)
			abort();
		(void)jcsi_prompt_kind(text, tl);
	} else if (which == 1) {
		int code = -1;
		int r = jcsi_ftp_reply(buf, len, &code);

		if (r == 1 && (code < 0 || code > 999))
			abort();
	} else if (which == 2) {
		struct jcsi_http_resp r;

		if (jcsi_creds_http_parse(buf, len, &r) == 1) {
			if (r.complete && r.header_len > len)
				abort();
			if (r.complete)
				(void)jcsi_html_has_password_field(
					buf + r.header_len, len - r.header_len);
			if (r.scheme == JCSI_AUTH_DIGEST) {
				char hdr[2048];

				(void)jcsi_digest_header(&r.chal, "admin",
							 "admin", "GET", "/",
							 "cn", hdr, sizeof(hdr));
			}
		}
	} else {
		struct jcsi_digest_chal c;

		if (jcsi_digest_parse(buf, len, &c) == 0 &&
		    (strlen(c.nonce) >= sizeof(c.nonce) ||
		     strlen(c.realm) >= sizeof(c.realm)))
			abort();
	}
	free(buf);
}

#endif

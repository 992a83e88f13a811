/*
 * fuzz_probe_http_input.h - the probe's HTTP response parser, the
 * completeness test of the client, the page classifiers and the URL and
 * version-token parsers (lib/probe/probe_http_*.c) on fuzzer bytes. Laws
 * (abort if broken): the body is NUL-terminated, within the limit and
 * never longer than the bytes after the head; "complete" never counts
 * more bytes than there are; a parsed URL has a host and a path starting
 * with "/". Shared by fuzz_probe_http.c and replay.c.
 */
#ifndef JCSTAR_FUZZ_PROBE_HTTP_INPUT_H
#define JCSTAR_FUZZ_PROBE_HTTP_INPUT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/probe/probe_http.h"

static inline void fuzz_http_law(int ok, const char *law)
{
	if (ok)
		return;
	fprintf(stderr, "fuzz_probe_http: %s broken\n", law);
	abort();
}

static inline void fuzz_probe_http_one(const uint8_t *d, size_t n)
{
	struct jcsi_http_reply r;
	struct jcsi_page pg;
	struct jcsi_url u;
	char *b = malloc(n ? n : 1), *s, tok[64];

	if (!b)
		return;
	memcpy(b, d, n);
	if (jcsi_http_parse(b, n, &r) == JCS_OK) {
		fuzz_http_law(r.body && r.body[r.body_len] == '\0', "body NUL");
		fuzz_http_law(r.body_len <= JCSI_HTTP_BODY_MAX &&
				      r.body_len <= n,
			      "body within limits");
		fuzz_http_law(r.status >= 100 && r.status <= 599, "status");
		for (size_t i = 0; i < r.nh; i++)
			(void)jcsi_http_version_token(r.h[i].value, tok,
						      sizeof(tok));
		jcsi_page_classify(r.body, r.body_len, &pg);
	}
	jcsi_http_reply_free(&r);
	fuzz_http_law(jcsi_http_complete(b, n) <= n, "complete <= len");
	jcsi_page_classify(b, n, &pg);
	fuzz_http_law(strlen(pg.action) < sizeof(pg.action), "action");
	(void)jcsi_page_is_login(&pg);
	(void)jcsi_page_is_settings(&pg);
	/* the same bytes as a URL and a header value (NUL-terminated) */
	s = malloc(n + 1);
	if (s) {
		memcpy(s, d, n);
		s[n] = '\0';
		if (jcsi_url_parse(s, &u))
			fuzz_http_law(u.host[0] && u.path[0] == '/' && u.port,
				      "url parts");
		if (jcsi_http_version_token(s, tok, sizeof(tok)))
			fuzz_http_law(strchr(tok, '/') != NULL, "token slash");
		free(s);
	}
	free(b);
}

#endif

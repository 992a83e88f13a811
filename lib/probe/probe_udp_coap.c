/*
 * probe_udp_coap.c - CoAP (RFC 7252) without DTLS on 5683: a confirmable
 * GET /.well-known/core and the resources of its CoRE link-format answer
 * (RFC 6690). Options are walked with their delta/length extensions
 * (13: one more byte, 14: two more, 15: reserved) against the bytes left.
 */
#include <string.h>

#include "probe_udp.h"

#define PATH_TEXT_MAX 128

size_t jcsi_coap_get_core(uint16_t mid, uint16_t token, uint8_t *out,
			  size_t cap)
{
	static const uint8_t opts[] = {
		0xbb, '.', 'w', 'e', 'l', 'l', '-', 'k', 'n', 'o', 'w', 'n',
		0x04, 'c', 'o', 'r', 'e',   /* Uri-Path (11) twice */
	};
	size_t n = 4 + 2 + sizeof(opts);

	if (cap < n)
		return 0;
	out[0] = 0x40 | 2;      /* version 1, CON, token length 2 */
	out[1] = 0x01;          /* 0.01 GET */
	out[2] = (uint8_t)(mid >> 8);
	out[3] = (uint8_t)mid;
	out[4] = (uint8_t)(token >> 8);
	out[5] = (uint8_t)token;
	memcpy(out + 6, opts, sizeof(opts));
	return n;
}

/* An option's delta or length nibble N with its extension bytes at *P. */
static int ext(unsigned n, const uint8_t *b, size_t len, size_t *p,
	       size_t *out)
{
	if (n < 13) {
		*out = n;
	} else if (n == 13) {
		if (*p >= len)
			return 0;
		*out = 13u + b[(*p)++];
	} else if (n == 14) {
		if (len - *p < 2)
			return 0;
		*out = 269u + (((size_t)b[*p] << 8) | b[*p + 1]);
		*p += 2;
	} else {
		return 0;
	}
	return 1;
}

int jcsi_coap_parse(const uint8_t *buf, size_t len, struct jcsi_coap_msg *m)
{
	size_t p;

	memset(m, 0, sizeof(*m));
	if (len < 4 || (buf[0] >> 6) != 1)
		return 0;
	m->type = (buf[0] >> 4) & 3;
	m->tkl = buf[0] & 0x0f;
	m->code = (buf[1] >> 5) * 100 + (buf[1] & 0x1f);
	m->mid = (uint16_t)((buf[2] << 8) | buf[3]);
	if (m->tkl > 8 || len - 4 < m->tkl)
		return 0;
	memcpy(m->token, buf + 4, m->tkl);
	p = 4 + m->tkl;
	if (buf[1] == 0)    /* empty message: nothing may follow */
		return p == len && m->tkl == 0;
	while (p < len) {
		size_t delta, olen;
		uint8_t b = buf[p++];

		if (b == 0xff) {    /* payload marker: payload must follow */
			if (p == len)
				return 0;
			m->payload = buf + p;
			m->payload_len = len - p;
			return 1;
		}
		if (!ext(b >> 4, buf, len, &p, &delta) ||
		    !ext(b & 0x0f, buf, len, &p, &olen) || olen > len - p)
			return 0;
		p += olen;
	}
	return 1;
}

int jcsi_coap_links(const uint8_t *p, size_t len,
		    void (*fn)(const char *path, void *user), void *user)
{
	char path[PATH_TEXT_MAX];
	int n = 0, quoted = 0;

	for (size_t i = 0; i < len; i++) {
		size_t j, k;

		if (p[i] == '"')
			quoted = !quoted;
		if (quoted || p[i] != '<')
			continue;
		/* "<" outside a quoted parameter value opens a target */
		for (j = i + 1; j < len && p[j] != '>'; j++)
			;
		if (j == len)
			break;
		k = j - i - 1;
		if (k >= sizeof(path))
			k = sizeof(path) - 1;
		for (size_t x = 0; x < k; x++)
			path[x] = (p[i + 1 + x] >= 0x20 && p[i + 1 + x] < 0x7f)
					  ? (char)p[i + 1 + x]
					  : '?';
		path[k] = '\0';
		if (fn)
			fn(path, user);
		n++;
		i = j;
	}
	return n;
}

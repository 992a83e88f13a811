/*
 * tls_hello.c - the ClientHello we send and the first answer we read
 * (see tls_hello.h). The byte layout follows RFC 5246 (records,
 * handshake, hello), RFC 6066 (server_name), RFC 8422 (supported_groups,
 * ec_point_formats) and RFC 8446 (supported_versions, key_share,
 * HelloRetryRequest).
 */
#include "tls_hello.h"

#include <string.h>

/* A bounded writer: once something does not fit, everything fails. */
struct wr {
	uint8_t *p;
	size_t cap, n;
	int bad;
};

static void put8(struct wr *w, unsigned v)
{
	if (w->n >= w->cap) {
		w->bad = 1;
		return;
	}
	w->p[w->n++] = (uint8_t)v;
}

static void put16(struct wr *w, unsigned v)
{
	put8(w, v >> 8);
	put8(w, v & 0xff);
}

static void put_bytes(struct wr *w, const void *b, size_t len)
{
	if (w->bad || w->cap - w->n < len) {
		w->bad = 1;
		return;
	}
	memcpy(w->p + w->n, b, len);
	w->n += len;
}

/* Writes a length of SIZE bytes at AT covering everything after it. */
static void patch_len(struct wr *w, size_t at, int size)
{
	size_t len;

	if (w->bad)
		return;
	len = w->n - at - (size_t)size;
	if (len >> (8 * size)) {
		w->bad = 1;
		return;
	}
	for (int i = size - 1; i >= 0; i--, len >>= 8)
		w->p[at + (size_t)i] = (uint8_t)(len & 0xff);
}

/* Reserves SIZE bytes for a length patched later; returns where. */
static size_t hole(struct wr *w, int size)
{
	size_t at = w->n;

	for (int i = 0; i < size; i++)
		put8(w, 0);
	return at;
}

static int is_address(const char *s)
{
	/* SNI carries names only (RFC 6066): an IPv4 literal is digits and
	   dots, an IPv6 one has a ':' */
	if (strchr(s, ':'))
		return 1;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || *s == '.'))
			return 0;
	return 1;
}

static void ext_server_name(struct wr *w, const char *sni)
{
	size_t len = strlen(sni), ext, list;

	if (!len || len > 255 || is_address(sni))
		return;
	put16(w, 0x0000);
	ext = hole(w, 2);
	list = hole(w, 2);
	put8(w, 0);            /* host_name */
	put16(w, (unsigned)len);
	put_bytes(w, sni, len);
	patch_len(w, list, 2);
	patch_len(w, ext, 2);
}

static void ext_u16_list(struct wr *w, unsigned type, const uint16_t *v,
			 size_t n)
{
	size_t ext, list;

	put16(w, type);
	ext = hole(w, 2);
	list = hole(w, 2);
	for (size_t i = 0; i < n; i++)
		put16(w, v[i]);
	patch_len(w, list, 2);
	patch_len(w, ext, 2);
}

/* Groups: x25519, secp256r1, secp384r1, secp521r1, ffdhe2048. */
static const uint16_t groups[] = {0x001d, 0x0017, 0x0018, 0x0019, 0x0100};
/* Signature algorithms, SHA-1 ones last: a device with an old
   certificate should still answer so we can judge it. */
static const uint16_t sigalgs[] = {
	0x0804, 0x0805, 0x0806, 0x0403, 0x0503, 0x0603, 0x0807,
	0x0401, 0x0501, 0x0601, 0x0201, 0x0203,
};

size_t jcsi_tls_client_hello(uint8_t *out, size_t cap, uint16_t version,
			     const uint16_t *suites, size_t nsuites,
			     const char *sni, const uint8_t random[32])
{
	struct wr w = {out, cap, 0, 0};
	size_t rec, hs, list, exts;

	if (!out || !random || !nsuites || !suites || version < JCSI_TLS_SSL3 ||
	    version > JCSI_TLS_13)
		return 0;
	put8(&w, 0x16);                          /* handshake record */
	put16(&w, version == JCSI_TLS_SSL3 ? JCSI_TLS_SSL3 : JCSI_TLS_10);
	rec = hole(&w, 2);
	put8(&w, 0x01);                          /* client_hello */
	hs = hole(&w, 3);
	put16(&w, version > JCSI_TLS_12 ? JCSI_TLS_12 : version);
	put_bytes(&w, random, 32);
	put8(&w, 0);                             /* no session id */
	list = hole(&w, 2);
	for (size_t i = 0; i < nsuites; i++)
		put16(&w, suites[i]);
	patch_len(&w, list, 2);
	put8(&w, 1);                             /* compression: null */
	put8(&w, 0);
	if (version != JCSI_TLS_SSL3) {
		exts = hole(&w, 2);
		if (sni)
			ext_server_name(&w, sni);
		ext_u16_list(&w, 0x000a, groups,
			     sizeof(groups) / sizeof(groups[0]));
		put16(&w, 0x000b);               /* ec_point_formats */
		put16(&w, 2);
		put8(&w, 1);
		put8(&w, 0);                     /* uncompressed */
		if (version >= JCSI_TLS_12)
			ext_u16_list(&w, 0x000d, sigalgs,
				     sizeof(sigalgs) / sizeof(sigalgs[0]));
		if (version == JCSI_TLS_13) {
			put16(&w, 0x002b);       /* supported_versions */
			put16(&w, 3);
			put8(&w, 2);
			put16(&w, JCSI_TLS_13);
			put16(&w, 0x0033);       /* key_share: none */
			put16(&w, 2);
			put16(&w, 0);
		}
		patch_len(&w, exts, 2);
	}
	patch_len(&w, hs, 3);
	patch_len(&w, rec, 2);
	if (w.bad || w.n - 5 > 16384)
		return 0;
	return w.n;
}

static unsigned be16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

/* SHA-256("HelloRetryRequest"), the random of a HelloRetryRequest. */
static const uint8_t hrr_random[32] = {
	0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c,
	0x02, 0x1e, 0x65, 0xb8, 0x91, 0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb,
	0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
};

/* The body of a ServerHello (B, N bytes). */
static void server_hello(const uint8_t *b, size_t n,
			 struct jcsi_tls_reply *out)
{
	size_t pos, sid, elen, end;

	if (n < 2 + 32 + 1)
		return;
	out->version = (uint16_t)be16(b);
	out->retry = !memcmp(b + 2, hrr_random, 32);
	sid = b[34];
	pos = 35;
	if (sid > 32 || n - pos < sid + 3)
		return;
	pos += sid;
	out->suite = (uint16_t)be16(b + pos);
	pos += 3;                                /* suite, compression */
	if (pos < n) {
		if (n - pos < 2)
			return;
		elen = be16(b + pos);
		pos += 2;
		if (elen > n - pos)
			return;
		end = pos + elen;
		while (pos < end) {
			unsigned type, len;

			if (end - pos < 4)
				return;
			type = be16(b + pos);
			len = be16(b + pos + 2);
			pos += 4;
			if (len > end - pos)
				return;
			if (type == 0x002b) {    /* supported_versions */
				if (len != 2)
					return;
				out->version = (uint16_t)be16(b + pos);
			}
			pos += len;
		}
	}
	if ((out->version >> 8) != 3)
		return;
	out->kind = JCSI_TLS_SERVER_HELLO;
}

/* Handshake bytes gathered across records: a ServerHello larger than
   this is not one we need to understand. */
#define HS_MAX 8192

void jcsi_tls_parse_reply(const uint8_t *buf, size_t len,
			  struct jcsi_tls_reply *out)
{
	uint8_t hs[HS_MAX];
	size_t hlen = 0, pos = 0;

	memset(out, 0, sizeof(*out));
	out->kind = JCSI_TLS_GARBAGE;
	while (pos < len) {
		size_t rlen;
		uint8_t type;

		if (len - pos < 5) {
			/* a record header in pieces: plausible so far? */
			if (buf[pos] != 0x15 && buf[pos] != 0x16)
				return;
			if (len - pos >= 2 && buf[pos + 1] != 3)
				return;
			out->kind = JCSI_TLS_NEED_MORE;
			return;
		}
		type = buf[pos];
		rlen = be16(buf + pos + 3);
		if ((type != 0x15 && type != 0x16) || buf[pos + 1] != 3 ||
		    rlen == 0 || rlen > 16384 + 2048)
			return;
		if (len - pos - 5 < rlen) {
			out->kind = JCSI_TLS_NEED_MORE;
			return;
		}
		pos += 5;
		if (type == 0x15) {
			/* an alert, unless a handshake message began */
			if (hlen || rlen < 2)
				return;
			out->alert_level = buf[pos];
			out->alert_desc = buf[pos + 1];
			out->kind = JCSI_TLS_ALERT;
			return;
		}
		if (rlen > sizeof(hs) - hlen)
			return;
		memcpy(hs + hlen, buf + pos, rlen);
		hlen += rlen;
		pos += rlen;
		if (hlen >= 4) {
			size_t mlen = (size_t)hs[1] << 16 | (size_t)hs[2] << 8 |
				      hs[3];

			if (hs[0] != 0x02 || mlen > sizeof(hs) - 4)
				return;
			if (hlen >= 4 + mlen) {
				server_hello(hs + 4, mlen, out);
				return;
			}
		}
	}
	out->kind = JCSI_TLS_NEED_MORE;
}

const char *jcsi_tls_version_name(uint16_t version)
{
	switch (version) {
	case JCSI_TLS_SSL3:
		return "SSLv3";
	case JCSI_TLS_10:
		return "TLS 1.0";
	case JCSI_TLS_11:
		return "TLS 1.1";
	case JCSI_TLS_12:
		return "TLS 1.2";
	case JCSI_TLS_13:
		return "TLS 1.3";
	default:
		return "unknown";
	}
}

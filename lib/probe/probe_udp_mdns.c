/*
 * probe_udp_mdns.c - mDNS (RFC 6762/6763): one unicast query to the
 * target's port 5353 for the DNS-SD service list
 * (_services._dns-sd._udp.local PTR), and the PTR targets of its answer:
 * what the device advertises to the LAN (recorded as an observation).
 *
 * Names in the answer may be compressed (RFC 1035 4.1.4): pointers are
 * followed backwards only and at most MAX_HOPS times, so a reply cannot
 * make the parser loop.
 */
#include <stdio.h>
#include <string.h>

#include "probe_udp.h"

#define MAX_HOPS 16
#define NAME_MAX_TEXT 256

size_t jcsi_mdns_query(uint8_t *out, size_t cap)
{
	static const uint8_t q[] = {
		0x00, 0x00,             /* id: 0 for mDNS */
		0x00, 0x00,             /* standard query */
		0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		9, '_', 's', 'e', 'r', 'v', 'i', 'c', 'e', 's',
		7, '_', 'd', 'n', 's', '-', 's', 'd',
		4, '_', 'u', 'd', 'p',
		5, 'l', 'o', 'c', 'a', 'l', 0,
		0x00, 0x0c,             /* PTR */
		0x80, 0x01,             /* QU (unicast answer wanted), IN */
	};

	if (cap < sizeof(q))
		return 0;
	memcpy(out, q, sizeof(q));
	return sizeof(q);
}

/* Reads the name at *POS into OUT (dotted); *POS moves past it in the
   record (not past pointer targets). 1 ok, 0 malformed. */
static int read_name(const uint8_t *buf, size_t len, size_t *pos, char *out,
		     size_t cap)
{
	size_t p = *pos, o = 0, after = 0;
	int hops = 0, jumped = 0;

	out[0] = '\0';
	for (;;) {
		uint8_t l;

		if (p >= len)
			return 0;
		l = buf[p];
		if ((l & 0xc0) == 0xc0) {
			size_t to;

			if (p + 1 >= len || ++hops > MAX_HOPS)
				return 0;
			to = ((size_t)(l & 0x3f) << 8) | buf[p + 1];
			if (to >= p)    /* only backwards: no loops */
				return 0;
			if (!jumped)
				after = p + 2;
			jumped = 1;
			p = to;
			continue;
		}
		if (l & 0xc0)
			return 0;   /* 0x40/0x80: reserved label types */
		if (!l) {
			*pos = jumped ? after : p + 1;
			out[o] = '\0';
			return 1;
		}
		if (p + 1 + l > len || o + l + 2 > cap)
			return 0;
		if (o)
			out[o++] = '.';
		for (size_t i = 0; i < l; i++) {
			uint8_t c = buf[p + 1 + i];

			out[o++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
		}
		p += 1 + (size_t)l;
	}
}

static unsigned u16(const uint8_t *b)
{
	return ((unsigned)b[0] << 8) | b[1];
}

int jcsi_mdns_ptrs(const uint8_t *buf, size_t len,
		   void (*fn)(const char *name, void *user), void *user)
{
	char name[NAME_MAX_TEXT];
	size_t pos = 12;
	unsigned qd, an, ns, ar;
	int found = 0;

	if (len < 12 || !(buf[2] & 0x80))   /* QR: a response */
		return -1;
	qd = u16(buf + 4);
	an = u16(buf + 6);
	ns = u16(buf + 8);
	ar = u16(buf + 10);
	for (unsigned i = 0; i < qd; i++) {
		if (!read_name(buf, len, &pos, name, sizeof(name)) ||
		    len - pos < 4)
			return -1;
		pos += 4;
	}
	/* PTRs may sit in any section (responders put extras anywhere) */
	for (unsigned i = 0; i < an + ns + ar; i++) {
		unsigned type, rdlen;
		size_t rd;

		if (!read_name(buf, len, &pos, name, sizeof(name)) ||
		    len - pos < 10)
			return -1;
		type = u16(buf + pos);
		rdlen = u16(buf + pos + 8);
		pos += 10;
		if (rdlen > len - pos)
			return -1;
		rd = pos;
		if (type == 12) {
			size_t q = rd;

			/* the name stays inside its rdata (pointers
			   only lead backwards, so they do too) */
			if (!read_name(buf, rd + rdlen, &q, name,
				       sizeof(name)))
				return -1;
			if (fn)
				fn(name, user);
			found++;
		}
		pos = rd + rdlen;
	}
	return found;
}

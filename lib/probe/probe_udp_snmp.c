/*
 * probe_udp_snmp.c - SNMP v1/v2c (RFC 1157, RFC 3416) GetRequest for
 * sysDescr.0 and the decoding of the GetResponse: just enough BER
 * (X.690) for one message, written here rather than pulled from net-snmp.
 * An agent that answers a community string is authenticated by it: a
 * reply to "public" or "private" is a default credential accepted.
 *
 * Decoding reads definite lengths only (short and long form, at most 4
 * length bytes) and checks each against the bytes left in its parent,
 * never the other way round.
 */
#include <string.h>

#include "probe_udp.h"

/* --- encoding ----------------------------------------------------------- */

struct ber_out {
	uint8_t *b;
	size_t cap, n;
	int bad;
};

static void put(struct ber_out *o, const void *p, size_t n)
{
	if (o->bad || n > o->cap - o->n) {
		o->bad = 1;
		return;
	}
	memcpy(o->b + o->n, p, n);
	o->n += n;
}

/* Tag and length header for LEN bytes of content. */
static void header(struct ber_out *o, uint8_t tag, size_t len)
{
	uint8_t h[4] = {tag};

	if (len < 128) {
		h[1] = (uint8_t)len;
		put(o, h, 2);
	} else if (len < 256) {
		h[1] = 0x81;
		h[2] = (uint8_t)len;
		put(o, h, 3);
	} else {
		h[1] = 0x82;
		h[2] = (uint8_t)(len >> 8);
		h[3] = (uint8_t)len;
		put(o, h, 4);
	}
}

static size_t hdr_len(size_t len)
{
	return len < 128 ? 2 : len < 256 ? 3 : 4;
}

/* A 32-bit INTEGER in the fewest two's-complement bytes. */
static size_t int_bytes(int32_t v, uint8_t out[4])
{
	uint32_t u = (uint32_t)v;
	size_t n = 4;

	for (int i = 0; i < 4; i++)
		out[i] = (uint8_t)(u >> (24 - 8 * i));
	while (n > 1 && ((out[4 - n] == 0 && !(out[5 - n] & 0x80)) ||
			 (out[4 - n] == 0xff && (out[5 - n] & 0x80))))
		n--;
	memmove(out, out + 4 - n, n);
	return n;
}

size_t jcsi_snmp_get_sysdescr(int version, const char *community,
			      int32_t reqid, uint8_t *out, size_t cap)
{
	/* 1.3.6.1.2.1.1.1.0 */
	static const uint8_t oid[] = {0x2b, 6, 1, 2, 1, 1, 1, 0};
	struct ber_out o = {out, cap, 0, 0};
	size_t clen = strlen(community), vb, vbl, pdu, msg, il;
	uint8_t id[4], ver = (uint8_t)(version ? 1 : 0);

	if (clen > 255)
		return 0;
	il = int_bytes(reqid, id);
	vb = hdr_len(sizeof(oid)) + sizeof(oid) + 2;      /* OID + NULL */
	vbl = hdr_len(vb) + vb;                          /* varbind */
	pdu = hdr_len(il) + il + 3 + 3 + hdr_len(vbl) + vbl;
	msg = 3 + hdr_len(clen) + clen + hdr_len(pdu) + pdu;

	header(&o, 0x30, msg);
	header(&o, 0x02, 1);
	put(&o, &ver, 1);
	header(&o, 0x04, clen);
	put(&o, community, clen);
	header(&o, 0xa0, pdu);          /* GetRequest-PDU */
	header(&o, 0x02, il);
	put(&o, id, il);
	put(&o, "\x02\x01\x00\x02\x01\x00", 6);  /* error-status, index */
	header(&o, 0x30, vbl);
	header(&o, 0x30, vb);
	header(&o, 0x06, sizeof(oid));
	put(&o, oid, sizeof(oid));
	put(&o, "\x05\x00", 2);
	return o.bad ? 0 : o.n;
}

/* --- decoding ----------------------------------------------------------- */

struct ber_in {
	const uint8_t *b;
	size_t len, pos;
};

/* Reads one TLV header: *TAG, content [*C, *C + *CLEN) inside IN; moves
   past the whole element. 1 ok, 0 malformed or beyond the end. */
static int tlv(struct ber_in *in, uint8_t *tag, const uint8_t **c,
	       size_t *clen)
{
	size_t p = in->pos, n;

	if (in->len - p < 2)
		return 0;
	*tag = in->b[p++];
	if ((*tag & 0x1f) == 0x1f)
		return 0;   /* multi-byte tags: not in SNMP */
	n = in->b[p++];
	if (n & 0x80) {
		size_t k = n & 0x7f;

		if (!k || k > 4 || in->len - p < k)
			return 0;   /* indefinite or absurd */
		n = 0;
		while (k--)
			n = (n << 8) | in->b[p++];
	}
	if (n > in->len - p)
		return 0;
	*c = in->b + p;
	*clen = n;
	in->pos = p + n;
	return 1;
}

static int get_int(struct ber_in *in, int64_t *v)
{
	const uint8_t *c;
	size_t n;
	uint8_t tag;
	uint64_t u;

	if (!tlv(in, &tag, &c, &n) || tag != 0x02 || !n || n > 4)
		return 0;
	u = (c[0] & 0x80) ? ~(uint64_t)0 : 0;
	for (size_t i = 0; i < n; i++)
		u = (u << 8) | c[i];
	*v = (int64_t)u;
	return 1;
}

static void printable(const uint8_t *c, size_t n, char *out, size_t cap)
{
	if (n >= cap)
		n = cap - 1;
	for (size_t i = 0; i < n; i++)
		out[i] = (c[i] >= 0x20 && c[i] < 0x7f) ? (char)c[i] : '?';
	out[n] = '\0';
}

int jcsi_snmp_parse(const uint8_t *buf, size_t len, struct jcsi_snmp_reply *r)
{
	struct ber_in top = {buf, len, 0}, msg, pdu, list, vb;
	const uint8_t *c;
	size_t n;
	uint8_t tag;
	int64_t v;

	memset(r, 0, sizeof(*r));
	if (!tlv(&top, &tag, &c, &n) || tag != 0x30)
		return 0;
	msg = (struct ber_in){c, n, 0};
	if (!get_int(&msg, &v) || v < 0 || v > 1)
		return 0;
	r->version = (int)v;
	if (!tlv(&msg, &tag, &c, &n) || tag != 0x04)
		return 0;
	printable(c, n, r->community, sizeof(r->community));
	if (!tlv(&msg, &tag, &c, &n) || tag != 0xa2)   /* GetResponse */
		return 0;
	pdu = (struct ber_in){c, n, 0};
	if (!get_int(&pdu, &v))
		return 0;
	r->reqid = (int32_t)v;
	if (!get_int(&pdu, &v) || v < 0 || v > 255)
		return 0;
	r->error_status = (int)v;
	if (!get_int(&pdu, &v))
		return 0;
	if (!tlv(&pdu, &tag, &c, &n) || tag != 0x30)
		return 0;
	list = (struct ber_in){c, n, 0};
	if (!n)
		return 1;   /* no varbinds: still an answer */
	if (!tlv(&list, &tag, &c, &n) || tag != 0x30)
		return 0;
	vb = (struct ber_in){c, n, 0};
	if (!tlv(&vb, &tag, &c, &n) || tag != 0x06)
		return 0;
	if (!tlv(&vb, &tag, &c, &n))
		return 0;
	if (tag == 0x04)
		printable(c, n, r->value, sizeof(r->value));
	return 1;
}

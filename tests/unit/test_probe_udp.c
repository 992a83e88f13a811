/*
 * test_probe_udp.c - the UDP request builders and reply parsers of the
 * probe's "udp" check (lib/probe/probe_udp_*.c) over canned bytes:
 * known answers byte for byte (SNMP BER, mDNS, CoAP, TFTP), replies
 * captured from real servers (snmpd, libcoap's coap-server) or written
 * as they send them (miniupnpd's SSDP answer and description), and
 * hostile ones: every truncation, lengths beyond the data, compression
 * loops.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "lib/probe/probe_udp.h"

/* --- SSDP / UPnP ------------------------------------------------------- */

static const char ssdp_reply[] =
	"HTTP/1.1 200 OK\r\n"
	"CACHE-CONTROL: max-age=120\r\n"
	"ST: urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n"
	"USN: uuid:00000000-0000-0000-0000-000000000000::urn:schemas-upnp-org"
	":device:InternetGatewayDevice:1\r\n"
	"EXT:\r\n"
	"SERVER: Debian/12 UPnP/1.1 MiniUPnPd/2.3.1\r\n"
	"Location:   http://10.77.1.2:5000/rootDesc.xml  \r\n"
	"\r\n";

static void test_ssdp_location(void **state)
{
	char url[256];

	(void)state;
	assert_int_equal(jcsi_ssdp_location((const uint8_t *)ssdp_reply,
					    strlen(ssdp_reply), url,
					    sizeof(url)),
			 1);
	assert_string_equal(url, "http://10.77.1.2:5000/rootDesc.xml");
	/* too small for the URL: refused, not cut */
	assert_int_equal(jcsi_ssdp_location((const uint8_t *)ssdp_reply,
					    strlen(ssdp_reply), url, 20),
			 0);
	/* a NOTIFY (request, not answer) and no LOCATION */
	assert_int_equal(jcsi_ssdp_location(
				 (const uint8_t *)"NOTIFY * HTTP/1.1\r\n"
						  "LOCATION: http://x/\r\n\r\n",
				 40, url, sizeof(url)),
			 0);
	assert_int_equal(jcsi_ssdp_location(
				 (const uint8_t *)"HTTP/1.1 200 OK\r\nST: x\r\n\r\n",
				 26, url, sizeof(url)),
			 0);
	/* every truncation: no read past the end (ASan), never a URL that
	   the bytes do not hold entirely */
	for (size_t n = 0; n < strlen(ssdp_reply); n++) {
		int ok = jcsi_ssdp_location((const uint8_t *)ssdp_reply, n, url,
					    sizeof(url));

		if (ok)
			assert_true(strlen(url) <= n);
	}
}

static void test_ssdp_header(void **state)
{
	char v[128];

	(void)state;
	assert_int_equal(jcsi_ssdp_header((const uint8_t *)ssdp_reply,
					  strlen(ssdp_reply), "SERVER", v,
					  sizeof(v)),
			 1);
	assert_string_equal(v, "Debian/12 UPnP/1.1 MiniUPnPd/2.3.1");
	/* a name is matched whole: "SERVE" is not "SERVER" */
	assert_int_equal(jcsi_ssdp_header((const uint8_t *)ssdp_reply,
					  strlen(ssdp_reply), "SERVE", v,
					  sizeof(v)),
			 0);
	/* control bytes in the value: refused */
	assert_int_equal(jcsi_ssdp_header(
				 (const uint8_t *)"HTTP/1.1 200 OK\r\n"
						  "SERVER: a\x01b\r\n\r\n",
				 32, "SERVER", v, sizeof(v)),
			 0);
	for (size_t n = 0; n < strlen(ssdp_reply); n++)
		if (jcsi_ssdp_header((const uint8_t *)ssdp_reply, n, "SERVER",
				     v, sizeof(v)))
			assert_true(strlen(v) <= n);
}

static void test_ssdp_msearch(void **state)
{
	char out[512];
	size_t n;

	(void)state;
	n = jcsi_ssdp_msearch("10.77.1.2:1900", out, sizeof(out));
	assert_true(n > 0);
	assert_int_equal(n, strlen(out));
	assert_non_null(strstr(out, "M-SEARCH * HTTP/1.1\r\nHOST: "
				    "10.77.1.2:1900\r\n"));
	assert_null(strstr(out, "239.255.255.250"));
	assert_int_equal(jcsi_ssdp_msearch("10.77.1.2:1900", out, 20), 0);
}

static const char desc_xml[] =
	"<?xml version=\"1.0\"?>\n"
	"<root xmlns=\"urn:schemas-upnp-org:device-1-0\"><device>"
	"<serviceList><service>"
	"<serviceType>urn:schemas-upnp-org:service:Layer3Forwarding:1"
	"</serviceType><controlURL>/ctl/L3F</controlURL></service>"
	"</serviceList><deviceList><device><deviceList><device>"
	"<serviceList><service>\n"
	"  <serviceType> urn:schemas-upnp-org:service:WANIPConnection:1 "
	"</serviceType>\n  <serviceId>urn:upnp-org:serviceId:WANIPConn1"
	"</serviceId>\n  <controlURL>/ctl/IPConn</controlURL>\n"
	"</service></serviceList></device></deviceList></device>"
	"</deviceList></device></root>";

static void test_upnp_services(void **state)
{
	struct jcsi_upnp_service sv[4];
	size_t n;

	(void)state;
	n = jcsi_upnp_services(desc_xml, strlen(desc_xml), sv, 4);
	assert_int_equal(n, 2);
	assert_string_equal(sv[0].type,
			    "urn:schemas-upnp-org:service:Layer3Forwarding:1");
	assert_string_equal(sv[0].control, "/ctl/L3F");
	assert_string_equal(sv[1].type,
			    "urn:schemas-upnp-org:service:WANIPConnection:1");
	assert_string_equal(sv[1].control, "/ctl/IPConn");
	assert_false(jcsi_upnp_maps_ports(sv[0].type));
	assert_true(jcsi_upnp_maps_ports(sv[1].type));
	assert_true(jcsi_upnp_maps_ports(
		"urn:schemas-upnp-org:service:WANPPPConnection:1"));
	assert_false(jcsi_upnp_maps_ports(
		"urn:schemas-upnp-org:service:WANCommonInterfaceConfig:1"));
	/* MAX respected; truncated documents: no over-read */
	assert_int_equal(jcsi_upnp_services(desc_xml, strlen(desc_xml), sv, 1),
			 1);
	for (size_t k = 0; k < strlen(desc_xml); k++)
		assert_true(jcsi_upnp_services(desc_xml, k, sv, 4) <= 2);
	assert_int_equal(jcsi_upnp_services("<service>", 9, sv, 4), 0);
}

/* --- SNMP ---------------------------------------------------------------- */

static void test_snmp_request_known_answer(void **state)
{
	/* v2c, "public", request-id 1, GET 1.3.6.1.2.1.1.1.0: X.690 by hand */
	static const uint8_t want[] = {
		0x30, 0x26, 0x02, 0x01, 0x01, 0x04, 0x06, 'p', 'u', 'b',
		'l', 'i', 'c', 0xa0, 0x19, 0x02, 0x01, 0x01, 0x02, 0x01,
		0x00, 0x02, 0x01, 0x00, 0x30, 0x0e, 0x30, 0x0c, 0x06, 0x08,
		0x2b, 0x06, 0x01, 0x02, 0x01, 0x01, 0x01, 0x00, 0x05, 0x00,
	};
	uint8_t out[128];
	size_t n;

	(void)state;
	n = jcsi_snmp_get_sysdescr(1, "public", 1, out, sizeof(out));
	assert_int_equal(n, sizeof(want));
	assert_memory_equal(out, want, sizeof(want));
	/* v1 differs in the version only; a request id needing 4 bytes */
	n = jcsi_snmp_get_sysdescr(0, "public", 1, out, sizeof(out));
	assert_int_equal(out[4], 0x00);
	n = jcsi_snmp_get_sysdescr(1, "private", 0x4a430001, out, sizeof(out));
	assert_int_equal(n, sizeof(want) + 1 + 3);
	assert_memory_equal(out + 16, "\x02\x04\x4a\x43\x00\x01", 6);
	/* 128 (two's complement needs a leading 0) */
	n = jcsi_snmp_get_sysdescr(1, "public", 128, out, sizeof(out));
	assert_memory_equal(out + 15, "\x02\x02\x00\x80", 4);
	assert_int_equal(jcsi_snmp_get_sysdescr(1, "public", 1, out, 30), 0);
}

static const uint8_t snmp_resp[] = {
	0x30, 0x2b, 0x02, 0x01, 0x01, 0x04, 0x06, 'p', 'u', 'b', 'l', 'i',
	'c', 0xa2, 0x1e, 0x02, 0x01, 0x07, 0x02, 0x01, 0x00, 0x02, 0x01,
	0x00, 0x30, 0x13, 0x30, 0x11, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x02,
	0x01, 0x01, 0x01, 0x00, 0x04, 0x05, 'L', 'i', 'n', 'u', 'x',
};

static void test_snmp_parse(void **state)
{
	struct jcsi_snmp_reply r;
	uint8_t bad[sizeof(snmp_resp)];

	(void)state;
	assert_int_equal(jcsi_snmp_parse(snmp_resp, sizeof(snmp_resp), &r), 1);
	assert_int_equal(r.version, 1);
	assert_string_equal(r.community, "public");
	assert_int_equal(r.reqid, 7);
	assert_int_equal(r.error_status, 0);
	assert_string_equal(r.value, "Linux");
	/* every truncation is refused (lengths checked against the data) */
	for (size_t n = 0; n < sizeof(snmp_resp); n++)
		assert_int_equal(jcsi_snmp_parse(snmp_resp, n, &r), 0);
	/* a GetRequest (0xa0) is not an answer */
	memcpy(bad, snmp_resp, sizeof(bad));
	bad[13] = 0xa0;
	assert_int_equal(jcsi_snmp_parse(bad, sizeof(bad), &r), 0);
	/* a length of 2^32-1 in long form */
	memcpy(bad, snmp_resp, sizeof(bad));
	bad[39] = 0x84;
	assert_int_equal(jcsi_snmp_parse(bad, sizeof(bad), &r), 0);
	/* our own request parses as nothing */
	{
		uint8_t q[128];
		size_t n = jcsi_snmp_get_sysdescr(1, "public", 1, q, sizeof(q));

		assert_int_equal(jcsi_snmp_parse(q, n, &r), 0);
	}
}

/* --- mDNS ---------------------------------------------------------------- */

static size_t put_name(uint8_t *b, size_t at, const char *const *labels)
{
	for (; *labels; labels++) {
		size_t l = strlen(*labels);

		b[at++] = (uint8_t)l;
		memcpy(b + at, *labels, l);
		at += l;
	}
	b[at++] = 0;
	return at;
}

/* Answers as avahi sends them: the PTR targets compress "local". */
static size_t mdns_answer(uint8_t *b)
{
	static const char *const q[] = {"_services", "_dns-sd", "_udp",
					"local", NULL};
	size_t at = 12, local, rr;

	memset(b, 0, 12);
	b[2] = 0x84;
	b[7] = 2;       /* 2 answers, no question */
	at = put_name(b, at, q);
	local = 12 + 10 + 8 + 5;        /* offset of the "local" label */
	for (int i = 0; i < 2; i++) {
		const char *svc = i ? "_ipp" : "_http";

		if (i) {    /* owner name: a pointer to the first */
			b[at++] = 0xc0;
			b[at++] = 12;
		}
		memcpy(b + at, "\x00\x0c\x00\x01\x00\x00\x11\x94", 8);
		at += 8;
		rr = at;
		at += 2;
		b[at++] = (uint8_t)strlen(svc);
		memcpy(b + at, svc, strlen(svc));
		at += strlen(svc);
		b[at++] = 4;
		memcpy(b + at, "_tcp", 4);
		at += 4;
		b[at++] = 0xc0;
		b[at++] = (uint8_t)local;
		b[rr] = 0;
		b[rr + 1] = (uint8_t)(at - rr - 2);
	}
	return at;
}

/* What a parser handed its callback (mDNS names, CoAP link paths), each
   followed by ';'. Empty it before the call. */
static char collected[256];

static void collect(const char *s, void *user)
{
	(void)user;
	size_t l = strlen(collected);

	snprintf(collected + l, sizeof(collected) - l, "%s;", s);
}

static void test_mdns(void **state)
{
	uint8_t q[64], b[256];
	size_t n;

	(void)state;
	n = jcsi_mdns_query(q, sizeof(q));
	assert_int_equal(n, 12 + 30 + 4);
	assert_memory_equal(q + 12, "\x09_services\x07_dns-sd\x04_udp\x05local",
			    29);
	assert_memory_equal(q + n - 4, "\x00\x0c\x80\x01", 4);
	assert_int_equal(jcsi_mdns_ptrs(q, n, NULL, NULL), -1);  /* a query */

	n = mdns_answer(b);
	collected[0] = '\0';
	assert_int_equal(jcsi_mdns_ptrs(b, n, collect, NULL), 2);
	assert_string_equal(collected, "_http._tcp.local;_ipp._tcp.local;");
	for (size_t k = 0; k < n; k++)
		assert_int_equal(jcsi_mdns_ptrs(b, k, NULL, NULL), -1);
	/* a pointer to itself (a loop) and one forwards: malformed */
	b[n - 2] = 0xc0;
	b[n - 1] = (uint8_t)(n - 2);
	assert_int_equal(jcsi_mdns_ptrs(b, n, NULL, NULL), -1);
	b[n - 1] = (uint8_t)(n + 10);
	assert_int_equal(jcsi_mdns_ptrs(b, n, NULL, NULL), -1);
}

/* --- TFTP ---------------------------------------------------------------- */

static void test_tftp(void **state)
{
	uint8_t q[64];
	char msg[64];

	(void)state;
	assert_int_equal(jcsi_tftp_rrq("a.txt", q, sizeof(q)), 2 + 6 + 6);
	assert_memory_equal(q, "\x00\x01" "a.txt\0octet\0", 14);
	assert_int_equal(jcsi_tftp_rrq("a.txt", q, 13), 0);
	assert_int_equal(jcsi_tftp_parse((const uint8_t *)"\x00\x05\x00\x01"
							  "File not found",
					 19, msg, sizeof(msg)),
			 5);
	assert_string_equal(msg, "File not found");
	assert_int_equal(jcsi_tftp_parse((const uint8_t *)"\x00\x03\x00\x01"
							  "hello",
					 9, msg, sizeof(msg)),
			 3);
	assert_int_equal(jcsi_tftp_parse((const uint8_t *)"\x00\x06"
							  "tsize\0" "5\0",
					 10, msg, sizeof(msg)),
			 6);
	/* not TFTP: other opcodes, error codes out of range, short */
	assert_int_equal(jcsi_tftp_parse(q, 14, msg, sizeof(msg)), 0);
	assert_int_equal(jcsi_tftp_parse((const uint8_t *)"\x00\x05\x00\x09x",
					 5, msg, sizeof(msg)),
			 0);
	assert_int_equal(jcsi_tftp_parse((const uint8_t *)"\x00\x05\x00",
					 3, msg, sizeof(msg)),
			 0);
	assert_int_equal(jcsi_tftp_parse((const uint8_t *)"HTTP/1.1 400",
					 12, msg, sizeof(msg)),
			 0);
}

/* --- CoAP ---------------------------------------------------------------- */

static void test_coap_request_known_answer(void **state)
{
	static const uint8_t want[] = {
		0x42, 0x01, 0x12, 0x34, 0x4a, 0x43, 0xbb, '.', 'w', 'e',
		'l', 'l', '-', 'k', 'n', 'o', 'w', 'n', 0x04, 'c', 'o',
		'r', 'e',
	};
	uint8_t out[64];
	struct jcsi_coap_msg m;

	(void)state;
	assert_int_equal(jcsi_coap_get_core(0x1234, 0x4a43, out, sizeof(out)),
			 sizeof(want));
	assert_memory_equal(out, want, sizeof(want));
	assert_int_equal(jcsi_coap_get_core(1, 1, out, 10), 0);
	assert_int_equal(jcsi_coap_parse(want, sizeof(want), &m), 1);
	assert_int_equal(m.type, 0);
	assert_int_equal(m.code, 1);
	assert_null(m.payload);
}

static void test_coap_response(void **state)
{
	static const char payload[] =
		"</sensors/temp>;rt=\"temperature\";title=\"<not a link>\","
		"</config>;ct=40";
	uint8_t b[256];
	struct jcsi_coap_msg m;
	size_t n = 0;

	(void)state;
	b[n++] = 0x62;                  /* v1, ACK, token length 2 */
	b[n++] = 0x45;                  /* 2.05 Content */
	b[n++] = 0x12;
	b[n++] = 0x34;
	b[n++] = 0x4a;
	b[n++] = 0x43;
	b[n++] = 0xc1;                  /* Content-Format (12), 1 byte */
	b[n++] = 40;
	b[n++] = 0xd1;                  /* delta 13 + 2: option 27, 1 byte */
	b[n++] = 2;
	b[n++] = 0;
	b[n++] = 0xff;
	memcpy(b + n, payload, strlen(payload));
	n += strlen(payload);

	assert_int_equal(jcsi_coap_parse(b, n, &m), 1);
	assert_int_equal(m.type, 2);
	assert_int_equal(m.code, 205);
	assert_int_equal(m.mid, 0x1234);
	assert_int_equal(m.tkl, 2);
	assert_int_equal(m.payload_len, strlen(payload));
	collected[0] = '\0';
	assert_int_equal(jcsi_coap_links(m.payload, m.payload_len,
					 collect, NULL),
			 2);
	assert_string_equal(collected, "/sensors/temp;/config;");
	/* every truncation: either malformed or a shorter valid message */
	for (size_t k = 0; k < n; k++)
		if (jcsi_coap_parse(b, k, &m) && m.payload)
			assert_true(m.payload + m.payload_len <= b + k);
	/* reserved nibble 15, an option longer than the rest, payload
	   marker with nothing after it, token length 9, version 2 */
	b[6] = 0xcf;
	assert_int_equal(jcsi_coap_parse(b, n, &m), 0);
	b[6] = 0xce;
	b[7] = 0xff;
	assert_int_equal(jcsi_coap_parse(b, 9, &m), 0);
	assert_int_equal(jcsi_coap_parse((const uint8_t *)"\x60\x45\x00\x01\xff",
					 5, &m),
			 0);
	assert_int_equal(jcsi_coap_parse((const uint8_t *)"\x69\x45\x00\x01",
					 4, &m),
			 0);
	assert_int_equal(jcsi_coap_parse((const uint8_t *)"\xa0\x45\x00\x01",
					 4, &m),
			 0);
	/* an empty ACK (separate response coming) and an RST */
	assert_int_equal(jcsi_coap_parse((const uint8_t *)"\x60\x00\x12\x34",
					 4, &m),
			 1);
	assert_int_equal(m.type, 2);
	assert_int_equal(jcsi_coap_parse((const uint8_t *)"\x70\x00\x12\x34",
					 4, &m),
			 1);
	assert_int_equal(m.type, 3);
	/* an unterminated link is not reported */
	assert_int_equal(jcsi_coap_links((const uint8_t *)"</a>,</b", 8, NULL,
					 NULL),
			 1);
}

/* Captured from Debian 12 snmpd 5.9.3 (answer to the request above)
   and libcoap 4.3.1 coap-server-notls (answer to jcsi_coap_get_core(0x1234,
   0x4a43)), in the test namespace. */
static const uint8_t real_snmpd[] = {
	0x30, 0x38, 0x02, 0x01, 0x01, 0x04, 0x06, 0x70, 0x75, 0x62, 0x6c, 0x69,
	0x63, 0xa2, 0x2b, 0x02, 0x01, 0x01, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00,
	0x30, 0x20, 0x30, 0x1e, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x02, 0x01, 0x01,
	0x01, 0x00, 0x04, 0x12, 0x6a, 0x63, 0x73, 0x74, 0x61, 0x72, 0x20, 0x74,
	0x65, 0x73, 0x74, 0x20, 0x64, 0x65, 0x76, 0x69, 0x63, 0x65,
};
static const uint8_t real_coap[] = {
	0x62, 0x45, 0x12, 0x34, 0x4a, 0x43, 0xc1, 0x28, 0xff, 0x3c, 0x2f, 0x3e,
	0x3b, 0x74, 0x69, 0x74, 0x6c, 0x65, 0x3d, 0x22, 0x47, 0x65, 0x6e, 0x65,
	0x72, 0x61, 0x6c, 0x20, 0x49, 0x6e, 0x66, 0x6f, 0x22, 0x3b, 0x63, 0x74,
	0x3d, 0x30, 0x2c, 0x3c, 0x2f, 0x74, 0x69, 0x6d, 0x65, 0x3e, 0x3b, 0x69,
	0x66, 0x3d, 0x22, 0x63, 0x6c, 0x6f, 0x63, 0x6b, 0x22, 0x3b, 0x72, 0x74,
	0x3d, 0x22, 0x74, 0x69, 0x63, 0x6b, 0x73, 0x22, 0x3b, 0x74, 0x69, 0x74,
	0x6c, 0x65, 0x3d, 0x22, 0x49, 0x6e, 0x74, 0x65, 0x72, 0x6e, 0x61, 0x6c,
	0x20, 0x43, 0x6c, 0x6f, 0x63, 0x6b, 0x22, 0x3b, 0x63, 0x74, 0x3d, 0x30,
	0x3b, 0x6f, 0x62, 0x73, 0x2c, 0x3c, 0x2f, 0x61, 0x73, 0x79, 0x6e, 0x63,
	0x3e, 0x3b, 0x63, 0x74, 0x3d, 0x30, 0x2c, 0x3c, 0x2f, 0x65, 0x78, 0x61,
	0x6d, 0x70, 0x6c, 0x65, 0x5f, 0x64, 0x61, 0x74, 0x61, 0x3e, 0x3b, 0x74,
	0x69, 0x74, 0x6c, 0x65, 0x3d, 0x22, 0x45, 0x78, 0x61, 0x6d, 0x70, 0x6c,
	0x65, 0x20, 0x44, 0x61, 0x74, 0x61, 0x22, 0x3b, 0x63, 0x74, 0x3d, 0x30,
	0x3b, 0x6f, 0x62, 0x73,
};

static void test_real_replies(void **state)
{
	struct jcsi_snmp_reply r;
	struct jcsi_coap_msg m;

	(void)state;
	assert_int_equal(jcsi_snmp_parse(real_snmpd, sizeof(real_snmpd), &r), 1);
	assert_int_equal(r.version, 1);
	assert_int_equal(r.reqid, 1);
	assert_int_equal(r.error_status, 0);
	assert_string_equal(r.community, "public");
	assert_string_equal(r.value, "jcstar test device");

	assert_int_equal(jcsi_coap_parse(real_coap, sizeof(real_coap), &m), 1);
	assert_int_equal(m.type, 2);
	assert_int_equal(m.code, 205);
	assert_int_equal(m.mid, 0x1234);
	assert_memory_equal(m.token, "\x4a\x43", 2);
	collected[0] = '\0';
	assert_int_equal(jcsi_coap_links(m.payload, m.payload_len,
					 collect, NULL),
			 4);
	assert_string_equal(collected, "/;/time;/async;/example_data;");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ssdp_location),
		cmocka_unit_test(test_ssdp_header),
		cmocka_unit_test(test_ssdp_msearch),
		cmocka_unit_test(test_upnp_services),
		cmocka_unit_test(test_snmp_request_known_answer),
		cmocka_unit_test(test_snmp_parse),
		cmocka_unit_test(test_mdns),
		cmocka_unit_test(test_tftp),
		cmocka_unit_test(test_coap_request_known_answer),
		cmocka_unit_test(test_coap_response),
		cmocka_unit_test(test_real_replies),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

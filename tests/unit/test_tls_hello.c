/*
 * test_tls_hello.c - the TLS check's own ClientHello (exact bytes, worked
 * out by hand from RFC 5246/6066/8422/8446) and the parser of what a
 * server answers: canned ServerHellos, HelloRetryRequest, alerts, every
 * truncation of them, and hostile replies; then the cipher table
 * data/probe/tls-ciphers.tsv and its errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/probe/tls_ciphers.h"
#include "lib/probe/tls_hello.h"

static uint8_t rnd[32];

static void fill_random(void)
{
	for (int i = 0; i < 32; i++)
		rnd[i] = (uint8_t)i;
}

static const uint8_t sigalgs_ext[] = {
	0x00, 0x0d, 0x00, 0x1a, 0x00, 0x18,
	0x08, 0x04, 0x08, 0x05, 0x08, 0x06, 0x04, 0x03, 0x05, 0x03, 0x06, 0x03,
	0x08, 0x07, 0x04, 0x01, 0x05, 0x01, 0x06, 0x01, 0x02, 0x01, 0x02, 0x03,
};

static void test_hello_tls12(void **state)
{
	static const uint16_t suites[] = {0xc02f, 0x002f};
	uint8_t out[JCSI_TLS_HELLO_MAX], want[200];
	size_t n = 0, len;

	(void)state;
	fill_random();
	/* record, handshake header, version, random, empty session id */
	memcpy(want + n, "\x16\x03\x01\x00\x79\x01\x00\x00\x75\x03\x03", 11);
	n += 11;
	memcpy(want + n, rnd, 32);
	n += 32;
	memcpy(want + n, "\x00\x00\x04\xc0\x2f\x00\x2f\x01\x00\x00\x48", 11);
	n += 11;
	/* server_name "dev.example" */
	memcpy(want + n, "\x00\x00\x00\x10\x00\x0e\x00\x00\x0b" "dev.example",
	       20);
	n += 20;
	/* supported_groups: x25519, P-256, P-384, P-521, ffdhe2048 */
	memcpy(want + n, "\x00\x0a\x00\x0c\x00\x0a\x00\x1d\x00\x17\x00\x18"
	       "\x00\x19\x01\x00", 16);
	n += 16;
	memcpy(want + n, "\x00\x0b\x00\x02\x01\x00", 6);
	n += 6;
	memcpy(want + n, sigalgs_ext, sizeof(sigalgs_ext));
	n += sizeof(sigalgs_ext);
	assert_int_equal(n, 126);

	len = jcsi_tls_client_hello(out, sizeof(out), JCSI_TLS_12, suites, 2,
				    "dev.example", rnd);
	assert_int_equal(len, 126);
	assert_memory_equal(out, want, 126);

	/* exactly fitting works, one byte less does not */
	assert_int_equal(jcsi_tls_client_hello(out, 126, JCSI_TLS_12, suites,
					       2, "dev.example", rnd), 126);
	assert_int_equal(jcsi_tls_client_hello(out, 125, JCSI_TLS_12, suites,
					       2, "dev.example", rnd), 0);
}

static void test_hello_sslv3(void **state)
{
	static const uint16_t suites[] = {0x002f};
	uint8_t out[256], want[64];

	(void)state;
	fill_random();
	memcpy(want, "\x16\x03\x00\x00\x2d\x01\x00\x00\x29\x03\x00", 11);
	memcpy(want + 11, rnd, 32);
	memcpy(want + 43, "\x00\x00\x02\x00\x2f\x01\x00", 7);
	/* SSLv3 carries no extensions, not even the server name */
	assert_int_equal(jcsi_tls_client_hello(out, sizeof(out), JCSI_TLS_SSL3,
					       suites, 1, "dev.example", rnd),
			 50);
	assert_memory_equal(out, want, 50);
}

static void test_hello_tls13_and_sni(void **state)
{
	static const uint16_t suites[] = {0x1301};
	static const uint8_t tail[] = {
		0x00, 0x2b, 0x00, 0x03, 0x02, 0x03, 0x04,   /* versions: 1.3 */
		0x00, 0x33, 0x00, 0x02, 0x00, 0x00,         /* no key_share */
	};
	uint8_t a[512], b[512];
	size_t la, lb;

	(void)state;
	fill_random();
	la = jcsi_tls_client_hello(a, sizeof(a), JCSI_TLS_13, suites, 1, NULL,
				   rnd);
	/* no SNI (30) + groups (16) + points (6) + sigalgs (30) + tail (13)
	   + 2 ext length + 41 body + 4 + 5 */
	assert_int_equal(la, 5 + 4 + 2 + 32 + 1 + 4 + 2 + 2 + 16 + 6 + 30 + 13);
	assert_memory_equal(a, "\x16\x03\x01", 3);
	assert_memory_equal(a + 9, "\x03\x03", 2);   /* legacy_version 1.2 */
	assert_memory_equal(a + la - sizeof(tail), tail, sizeof(tail));

	/* address literals are not sent as SNI */
	lb = jcsi_tls_client_hello(b, sizeof(b), JCSI_TLS_13, suites, 1,
				   "10.77.1.2", rnd);
	assert_int_equal(la, lb);
	assert_memory_equal(a, b, la);
	lb = jcsi_tls_client_hello(b, sizeof(b), JCSI_TLS_13, suites, 1,
				   "fe80::1", rnd);
	assert_int_equal(la, lb);

	/* bad arguments */
	assert_int_equal(jcsi_tls_client_hello(a, sizeof(a), 0x0305, suites, 1,
					       NULL, rnd), 0);
	assert_int_equal(jcsi_tls_client_hello(a, sizeof(a), 0x0200, suites, 1,
					       NULL, rnd), 0);
	assert_int_equal(jcsi_tls_client_hello(a, sizeof(a), JCSI_TLS_12,
					       suites, 0, NULL, rnd), 0);
}

/* A ServerHello record: VERSION, SUITE, then EXT (ELEN bytes). */
static size_t server_hello(uint8_t *out, uint16_t version, uint16_t suite,
			   const uint8_t *random, const uint8_t *ext,
			   size_t elen)
{
	size_t body = 2 + 32 + 1 + 2 + 1 + (elen ? 2 + elen : 0), n = 0;

	out[n++] = 0x16;
	out[n++] = 0x03;
	out[n++] = 0x03;
	out[n++] = (uint8_t)((body + 4) >> 8);
	out[n++] = (uint8_t)(body + 4);
	out[n++] = 0x02;
	out[n++] = 0;
	out[n++] = (uint8_t)(body >> 8);
	out[n++] = (uint8_t)body;
	out[n++] = (uint8_t)(version >> 8);
	out[n++] = (uint8_t)version;
	memcpy(out + n, random, 32);
	n += 32;
	out[n++] = 0;
	out[n++] = (uint8_t)(suite >> 8);
	out[n++] = (uint8_t)suite;
	out[n++] = 0;
	if (elen) {
		out[n++] = (uint8_t)(elen >> 8);
		out[n++] = (uint8_t)elen;
		memcpy(out + n, ext, elen);
		n += elen;
	}
	return n;
}

static const uint8_t server_random[32] = {0x5a, 0x5a, 0x5a};
static const uint8_t hrr[32] = {
	0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c,
	0x02, 0x1e, 0x65, 0xb8, 0x91, 0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb,
	0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
};
static const uint8_t sv13[] = {0x00, 0x2b, 0x00, 0x02, 0x03, 0x04};

static void test_parse_server_hello(void **state)
{
	uint8_t b[256];
	struct jcsi_tls_reply r;
	size_t n;

	(void)state;
	n = server_hello(b, JCSI_TLS_10, 0x0002, server_random, NULL, 0);
	assert_int_equal(n, 47);
	jcsi_tls_parse_reply(b, n, &r);
	assert_int_equal(r.kind, JCSI_TLS_SERVER_HELLO);
	assert_int_equal(r.version, JCSI_TLS_10);
	assert_int_equal(r.suite, 0x0002);
	assert_int_equal(r.retry, 0);
	/* every truncation is "read more", never a verdict */
	for (size_t i = 0; i < n; i++) {
		jcsi_tls_parse_reply(b, i, &r);
		assert_int_equal(r.kind, JCSI_TLS_NEED_MORE);
	}
	/* what follows the ServerHello does not matter */
	memcpy(b + n, "\x16\x03\x03\x00\x01\x0b", 6);
	jcsi_tls_parse_reply(b, n + 6, &r);
	assert_int_equal(r.kind, JCSI_TLS_SERVER_HELLO);

	/* TLS 1.3: the version is in supported_versions */
	n = server_hello(b, JCSI_TLS_12, 0x1301, server_random, sv13,
			 sizeof(sv13));
	jcsi_tls_parse_reply(b, n, &r);
	assert_int_equal(r.kind, JCSI_TLS_SERVER_HELLO);
	assert_int_equal(r.version, JCSI_TLS_13);
	assert_int_equal(r.suite, 0x1301);
	assert_int_equal(r.retry, 0);

	n = server_hello(b, JCSI_TLS_12, 0x1302, hrr, sv13, sizeof(sv13));
	jcsi_tls_parse_reply(b, n, &r);
	assert_int_equal(r.kind, JCSI_TLS_SERVER_HELLO);
	assert_int_equal(r.version, JCSI_TLS_13);
	assert_int_equal(r.retry, 1);
}

static void test_parse_fragmented(void **state)
{
	uint8_t one[256], two[256];
	struct jcsi_tls_reply r;
	size_t n, m = 0;

	(void)state;
	n = server_hello(one, JCSI_TLS_12, 0xc02f, server_random, NULL, 0);
	/* the 42-byte handshake message in two records: 10 + 32 bytes */
	memcpy(two, "\x16\x03\x03\x00\x0a", 5);
	memcpy(two + 5, one + 5, 10);
	memcpy(two + 15, "\x16\x03\x03\x00\x20", 5);
	memcpy(two + 20, one + 15, 32);
	m = 52;
	assert_int_equal(n, 47);
	jcsi_tls_parse_reply(two, m, &r);
	assert_int_equal(r.kind, JCSI_TLS_SERVER_HELLO);
	assert_int_equal(r.version, JCSI_TLS_12);
	assert_int_equal(r.suite, 0xc02f);
	jcsi_tls_parse_reply(two, 15, &r);
	assert_int_equal(r.kind, JCSI_TLS_NEED_MORE);
	/* an alert between the fragments is not a reply we understand */
	memcpy(two + 15, "\x15\x03\x03\x00\x02\x02\x28", 7);
	jcsi_tls_parse_reply(two, 22, &r);
	assert_int_equal(r.kind, JCSI_TLS_GARBAGE);
}

static void test_parse_alert(void **state)
{
	struct jcsi_tls_reply r;

	(void)state;
	jcsi_tls_parse_reply((const uint8_t *)"\x15\x03\x01\x00\x02\x02\x46", 7,
			     &r);
	assert_int_equal(r.kind, JCSI_TLS_ALERT);
	assert_int_equal(r.alert_level, 2);
	assert_int_equal(r.alert_desc, 70);       /* protocol_version */
	jcsi_tls_parse_reply((const uint8_t *)"\x15\x03\x03\x00\x02\x02\x28", 6,
			     &r);
	assert_int_equal(r.kind, JCSI_TLS_NEED_MORE);
	jcsi_tls_parse_reply((const uint8_t *)"\x15\x03\x03\x00\x01\x02", 6,
			     &r);
	assert_int_equal(r.kind, JCSI_TLS_GARBAGE);
	jcsi_tls_parse_reply(NULL, 0, &r);
	assert_int_equal(r.kind, JCSI_TLS_NEED_MORE);
}

static void test_parse_hostile(void **state)
{
	static const struct {
		const char *what;
		const char *bytes;
		size_t len;
	} cases[] = {
		{"HTTP answer", "HTTP/1.1 400 Bad Request\r\n", 26},
		{"SSLv2 record", "\x80\x2e\x04\x00\x01", 5},
		{"application data", "\x17\x03\x03\x00\x01\x00", 6},
		{"empty record", "\x16\x03\x03\x00\x00", 5},
		{"record too long", "\x16\x03\x03\x48\x01", 5},
		{"major version 2", "\x16\x02\x03\x00\x04\x02\x00\x00\x00", 9},
		{"certificate first", "\x16\x03\x03\x00\x04\x0b\x00\x00\x00",
		 9},
		{"handshake 16 MiB", "\x16\x03\x03\x00\x04\x02\xff\xff\xff", 9},
		{"empty ServerHello", "\x16\x03\x03\x00\x04\x02\x00\x00\x00",
		 9},
		{"first byte only", "\x47", 1},
		{"header bad major", "\x16\x09", 2},
	};
	uint8_t b[256], ext[8];
	struct jcsi_tls_reply r;
	size_t n;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		jcsi_tls_parse_reply((const uint8_t *)cases[i].bytes,
				     cases[i].len, &r);
		if (r.kind != JCSI_TLS_GARBAGE)
			fail_msg("%s: kind %d", cases[i].what, r.kind);
	}
	/* session id longer than 32 */
	n = server_hello(b, JCSI_TLS_12, 0xc02f, server_random, NULL, 0);
	b[5 + 4 + 34] = 33;
	jcsi_tls_parse_reply(b, n, &r);
	assert_int_equal(r.kind, JCSI_TLS_GARBAGE);
	/* an extension longer than the extensions */
	memcpy(ext, "\x00\x2b\x00\x09\x03\x04", 6);
	n = server_hello(b, JCSI_TLS_12, 0x1301, server_random, ext, 6);
	jcsi_tls_parse_reply(b, n, &r);
	assert_int_equal(r.kind, JCSI_TLS_GARBAGE);
	/* supported_versions of the wrong size */
	memcpy(ext, "\x00\x2b\x00\x01\x03", 5);
	n = server_hello(b, JCSI_TLS_12, 0x1301, server_random, ext, 5);
	jcsi_tls_parse_reply(b, n, &r);
	assert_int_equal(r.kind, JCSI_TLS_GARBAGE);
	/* extensions length of 1: not even one length field */
	n = server_hello(b, JCSI_TLS_12, 0xc02f, server_random,
			 (const uint8_t *)"\x00", 1);
	jcsi_tls_parse_reply(b, n, &r);
	assert_int_equal(r.kind, JCSI_TLS_GARBAGE);
	/* a version that is not 3.x */
	n = server_hello(b, 0x0402, 0xc02f, server_random, NULL, 0);
	jcsi_tls_parse_reply(b, n, &r);
	assert_int_equal(r.kind, JCSI_TLS_GARBAGE);
}

static char tmpdir[64];

static const char *write_tmp(const char *name, const char *text)
{
	static char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static void test_cipher_table(void **state)
{
	const char *src = getenv("JCSTAR_SOURCE_ROOT");
	struct jcsi_tls_ciphers c;
	const struct jcsi_tls_suite *s;
	char path[512], err[256];

	(void)state;
	assert_non_null(src);
	snprintf(path, sizeof(path), "%s/data/probe/tls-ciphers.tsv", src);
	assert_int_equal(jcsi_tls_ciphers_load(path, &c, err, sizeof(err)),
			 JCS_OK);
	assert_int_equal(c.v[0].code, 0x1301);
	assert_int_equal(c.v[0].flags, JCSI_TLS_ONLY13);
	s = jcsi_tls_suite_find(&c, 0x0001);
	assert_non_null(s);
	assert_string_equal(s->name, "RSA_WITH_NULL_MD5");
	assert_int_equal(s->flags,
			 JCSI_TLS_WEAK | JCSI_TLS_NOFS | JCSI_TLS_NULL);
	s = jcsi_tls_suite_find(&c, 0xc018);
	assert_non_null(s);
	assert_int_equal(s->flags, JCSI_TLS_ANON);
	s = jcsi_tls_suite_find(&c, 0x002f);
	assert_non_null(s);
	assert_int_equal(s->flags, JCSI_TLS_NOFS);
	s = jcsi_tls_suite_find(&c, 0xc02f);
	assert_non_null(s);
	assert_int_equal(s->flags, 0);
	assert_null(jcsi_tls_suite_find(&c, 0xfefe));
	jcsi_tls_ciphers_free(&c);
}

static void test_cipher_table_errors(void **state)
{
	static const struct {
		const char *text, *err;
	} cases[] = {
		{"# c\n0x002F\tRSA_AES\n", "t.tsv:2: want 3 tab-separated"},
		{"0x2F\tX\t-\n", "t.tsv:1: bad code point '0x2F'"},
		{"002F0\tX\t-\n", "t.tsv:1: bad code point '002F0'"},
		{"0x00G0\tX\t-\n", "t.tsv:1: bad code point '0x00G0'"},
		{"0x002F\tX\tweak,strong\n", "t.tsv:1: bad name or flags"},
		{"0x002F\tX\t\n", "t.tsv:1: bad name or flags"},
		{"0x002F\tX\t-\n\n0x002f\tY\tweak\n",
		 "t.tsv:3: 0x002f listed twice"},
		{"0x002F\tX\t-\textra\n", "t.tsv:1: want 3 tab-separated"},
		{"# nothing\n", "t.tsv: no cipher suites"},
	};
	struct jcsi_tls_ciphers c;
	char err[256];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *p = write_tmp("t.tsv", cases[i].text);

		assert_int_equal(jcsi_tls_ciphers_load(p, &c, err, sizeof(err)),
				 JCS_E_FORMAT);
		if (!strstr(err, cases[i].err))
			fail_msg("case %zu: '%s' lacks '%s'", i, err,
				 cases[i].err);
		assert_int_equal(c.n, 0);
	}
	assert_int_equal(jcsi_tls_ciphers_load("/nonexistent/x.tsv", &c, err,
					       sizeof(err)), JCS_E_IO);
}

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_tls_hello.XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char path[128];

	(void)state;
	snprintf(path, sizeof(path), "%s/t.tsv", tmpdir);
	unlink(path);
	rmdir(tmpdir);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hello_tls12),
		cmocka_unit_test(test_hello_sslv3),
		cmocka_unit_test(test_hello_tls13_and_sni),
		cmocka_unit_test(test_parse_server_hello),
		cmocka_unit_test(test_parse_fragmented),
		cmocka_unit_test(test_parse_alert),
		cmocka_unit_test(test_parse_hostile),
		cmocka_unit_test(test_cipher_table),
		cmocka_unit_test(test_cipher_table_errors),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

/*
 * test_probe.c - the probe core without a network: port lists, the
 * shipped ports.tsv and broken ones (file:line), scope rules, target
 * resolution of literals and ranges, banner identification over canned
 * bytes (and hostile ones), the ClientHello we send, and the connect
 * scanner against a listening and a closed port on loopback.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "lib/probe/probe_int.h"

static struct jcsi_portset ps;

static jcs_rc parse(const char *s)
{
	char err[256] = "";
	jcs_rc rc;

	jcsi_ports_clear(&ps);
	rc = jcsi_ports_parse(s, &ps, err, sizeof(err));
	if (rc != JCS_OK)
		assert_true(err[0] != '\0');
	return rc;
}

static void test_port_lists(void **state)
{
	(void)state;
	assert_int_equal(parse("22,80,8000-8100"), JCS_OK);
	assert_int_equal(ps.n, 2 + 101);
	assert_true(jcsi_ports_has(&ps, 22));
	assert_true(jcsi_ports_has(&ps, 80));
	assert_true(jcsi_ports_has(&ps, 8000));
	assert_true(jcsi_ports_has(&ps, 8100));
	assert_false(jcsi_ports_has(&ps, 8101));
	assert_false(jcsi_ports_has(&ps, 81));
	assert_false(jcsi_ports_has(&ps, 0));
	assert_int_equal(parse("80,80,79-81"), JCS_OK);
	assert_int_equal(ps.n, 3);
	assert_int_equal(parse("1-65535"), JCS_OK);
	assert_int_equal(ps.n, 65535);
	assert_int_equal(parse("65535"), JCS_OK);
	assert_int_equal(ps.n, 1);
	static const char *const bad[] = {
		"", "0", "65536", "90-80", "22,", ",22", "22,,80", "a", "22-",
		"-22", "22 ", " 22", "22;80", "1-65536", "99999999999999999999",
		"0-10", "22-a", "+22",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		if (parse(bad[i]) != JCS_E_ARG)
			fail_msg("port list '%s' accepted", bad[i]);
	}
	char err[64];

	assert_int_equal(jcsi_ports_parse(NULL, &ps, err, sizeof(err)),
			 JCS_E_ARG);
}

static void write_file(char *path, const char *text)
{
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

static void load_error(const char *text, const char *want)
{
	char path[] = "/tmp/jcstar-ports-XXXXXX", err[512] = "", full[600];

	write_file(path, text);
	jcsi_ports_clear(&ps);
	assert_int_equal(jcsi_ports_load(path, &ps, 0, err, sizeof(err)),
			 JCS_E_FORMAT);
	snprintf(full, sizeof(full), "%s%s", path, want);
	if (strncmp(err, full, strlen(full)))
		fail_msg("got '%s', want '%s...'", err, full);
	unlink(path);
}

static void test_ports_file(void **state)
{
	const char *src = getenv("JCSTAR_SOURCE_ROOT");
	char path[4096], err[512] = "";

	(void)state;
	if (!src)
		skip();
	snprintf(path, sizeof(path), "%s/data/probe/ports.tsv", src);
	jcsi_ports_clear(&ps);
	assert_int_equal(jcsi_ports_load(path, &ps, 0, err, sizeof(err)),
			 JCS_OK);
	static const unsigned want[] = {21, 22, 23, 80, 443, 554, 1883, 2323,
					7547, 8080, 8883, 37777, 49152};
	for (size_t i = 0; i < sizeof(want) / sizeof(*want); i++)
		assert_true(jcsi_ports_has(&ps, want[i]));
	assert_false(jcsi_ports_has(&ps, 25));
	assert_string_equal(jcsi_ports_hint(&ps, 23), "telnet");
	assert_string_equal(jcsi_ports_hint(&ps, 8883), "mqtts");
	assert_null(jcsi_ports_hint(&ps, 25));
	/* hints only: --ports keeps the hints, not the ports */
	jcsi_ports_clear(&ps);
	assert_int_equal(jcsi_ports_load(path, &ps, 1, err, sizeof(err)),
			 JCS_OK);
	assert_int_equal(ps.n, 0);
	assert_string_equal(jcsi_ports_hint(&ps, 1883), "mqtt");

	load_error("# c\nabc\ttelnet\n", ":2: bad port");
	load_error("23\ttelnet\n24\tgopher\n", ":2: unknown service");
	load_error("23\ttelnet\n\n23\tssh\n", ":3: port 23 listed twice");
	load_error("23 telnet\n", ":1: want port TAB service");
	load_error("0\ttelnet\n", ":1: bad port");
	load_error("65536\ttelnet\n", ":1: bad port");
}

static void test_scope(void **state)
{
	const char *four[] = {"192.0.2.1", "192.0.2.2", "192.0.2.3",
			      "192.0.2.4", "192.0.2.5"};
	const char *range[] = {"192.0.2.0/24"};
	const char *empty[] = {""};
	char err[256];

	(void)state;
	assert_int_equal(jcsi_probe_scope(four, 4, 0, err, sizeof(err)),
			 JCS_OK);
	assert_int_equal(jcsi_probe_scope(four, 5, 0, err, sizeof(err)),
			 JCS_E_ARG);
	assert_non_null(strstr(err, "--i-own-this"));
	assert_int_equal(jcsi_probe_scope(four, 5, 1, err, sizeof(err)),
			 JCS_OK);
	assert_int_equal(jcsi_probe_scope(range, 1, 0, err, sizeof(err)),
			 JCS_E_ARG);
	assert_non_null(strstr(err, "192.0.2.0/24"));
	assert_int_equal(jcsi_probe_scope(range, 1, 1, err, sizeof(err)),
			 JCS_OK);
	assert_int_equal(jcsi_probe_scope(four, 0, 1, err, sizeof(err)),
			 JCS_E_ARG);
	assert_int_equal(jcsi_probe_scope(empty, 1, 1, err, sizeof(err)),
			 JCS_E_ARG);
	assert_true(jcsi_probe_is_range("10.0.0.0/8"));
	assert_false(jcsi_probe_is_range("10.0.0.1"));
}

static void test_targets(void **state)
{
	const char *lit[] = {"127.0.0.1", "::1", "127.0.0.1"};
	const char *r30[] = {"192.0.2.5/30"};
	const char *big[] = {"10.0.0.0/8"};
	const char *bad[] = {"192.0.2.0/33"};
	const char *bad2[] = {"2001:db8::/64"};
	struct jcsi_target *t;
	size_t n;
	char err[256];

	(void)state;
	assert_int_equal(jcsi_probe_targets(lit, 3, &t, &n, err, sizeof(err)),
			 JCS_OK);
	assert_int_equal(n, 2); /* the same address once */
	assert_string_equal(t[0].addr, "127.0.0.1");
	assert_int_equal(t[0].sa.ss_family, AF_INET);
	assert_string_equal(t[1].addr, "::1");
	assert_int_equal(t[1].sa.ss_family, AF_INET6);
	jcsi_probe_targets_free(t, n);
	assert_int_equal(jcsi_probe_targets(r30, 1, &t, &n, err, sizeof(err)),
			 JCS_OK);
	assert_int_equal(n, 4);
	assert_string_equal(t[0].host, "192.0.2.4");
	assert_string_equal(t[3].addr, "192.0.2.7");
	jcsi_probe_targets_free(t, n);
	assert_int_equal(jcsi_probe_targets(big, 1, &t, &n, err, sizeof(err)),
			 JCS_E_LIMIT);
	assert_int_equal(jcsi_probe_targets(bad, 1, &t, &n, err, sizeof(err)),
			 JCS_E_ARG);
	assert_int_equal(jcsi_probe_targets(bad2, 1, &t, &n, err, sizeof(err)),
			 JCS_E_ARG);
}

struct canned {
	enum jcsi_ident_probe probe;
	const char *bytes;
	size_t len;
	int want;
	const char *name, *product, *banner;
};

#define C(p, s, w, n, pr, b) {p, s, sizeof(s) - 1, w, n, pr, b}

static void test_identify(void **state)
{
	static const struct canned cases[] = {
		C(JCSI_ID_GREETING, "\xff\xfd\x18\xff\xfd\x20\xff\xfb\x01login: ",
		  1, "telnet", "", "login:"),
		C(JCSI_ID_GREETING, "\xff\xfa\x18\x01\xff\xf0\r\nBusyBox\r\n# ",
		  1, "telnet", "", "BusyBox | #"),
		C(JCSI_ID_GREETING, "\r\nrouter login: ", 1, "telnet", "",
		  "router login:"),
		C(JCSI_ID_GREETING, "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n"
		  "\x00\x00\x04\x3c\x0a\x14", 1, "ssh", "OpenSSH_9.2p1",
		  "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3"),
		C(JCSI_ID_GREETING, "SSH-2.0-dropbear_2022.83\r\n", 1, "ssh",
		  "dropbear_2022.83", "SSH-2.0-dropbear_2022.83"),
		C(JCSI_ID_GREETING, "SSH-", 1, "ssh", "", "SSH-"),
		C(JCSI_ID_GREETING, "220 (vsFTPd 3.0.3)\r\n", 1, "ftp",
		  "vsFTPd 3.0.3", "220 (vsFTPd 3.0.3)"),
		C(JCSI_ID_GREETING, "220-Welcome\r\n220 ready\r\n", 1, "ftp", "",
		  "220-Welcome | 220 ready"),
		C(JCSI_ID_GREETING, "220 (unclosed\r\n", 1, "ftp", "",
		  "220 (unclosed"),
		C(JCSI_ID_GREETING, "220 mail.example ESMTP Postfix\r\n", 1,
		  "smtp", "", "220 mail.example ESMTP Postfix"),
		C(JCSI_ID_GREETING, "2200 no\r\n", 0, "", "", "2200 no"),
		C(JCSI_ID_GREETING, "hello\r\n", 0, "", "", "hello"),
		C(JCSI_ID_HTTP, "HTTP/1.1 200 OK\r\nserver: GoAhead-Webs\r\n\r\n",
		  1, "http", "GoAhead-Webs",
		  "HTTP/1.1 200 OK | server: GoAhead-Webs"),
		C(JCSI_ID_HTTP, "HTTP/1.0 404\r\nX-Server: no\r\n\r\n", 1, "http",
		  "", "HTTP/1.0 404 | X-Server: no"),
		C(JCSI_ID_HTTP, "<html>", 0, "", "", "<html>"),
		C(JCSI_ID_HTTP, "RTSP/1.0 400 Bad Request\r\n\r\n", 1, "rtsp", "",
		  "RTSP/1.0 400 Bad Request"),
		C(JCSI_ID_RTSP, "RTSP/1.0 200 OK\r\nCSeq: 1\r\nServer: Hipcam "
		  "RealServer/V1.0\r\n", 1, "rtsp", "Hipcam RealServer/V1.0",
		  "RTSP/1.0 200 OK | CSeq: 1 | Server: Hipcam RealServer/V1.0"),
		C(JCSI_ID_MQTT, "\x20\x02\x00\x00", 1, "mqtt", "",
		  "CONNACK return code 0"),
		C(JCSI_ID_MQTT, "\x20\x02\x00\x05", 1, "mqtt", "",
		  "CONNACK return code 5"),
		C(JCSI_ID_MQTT, "\x20\x03\x00\x00", 0, "", "", ""),
		C(JCSI_ID_MQTT, "\x20\x02\x00", 0, "", "", ""),
		C(JCSI_ID_TLS, "\x16\x03\x03\x00\x4a\x02", 1, "tls", "", ""),
		C(JCSI_ID_TLS, "\x15\x03\x01\x00\x02\x02\x46", 1, "tls", "", ""),
		C(JCSI_ID_TLS, "\x16\x03", 0, "", "", ""),
		C(JCSI_ID_TLS, "\x16\x02\x00\x00\x00", 0, "", "", ""),
		C(JCSI_ID_TLS, "HTTP/1.1 400 Bad Request\r\n", 0, "", "",
		  "HTTP/1.1 400 Bad Request"),
		C(JCSI_ID_FTP_AUTH, "234 Proceed with negotiation.\r\n", 1, "",
		  "", "234 Proceed with negotiation."),
		C(JCSI_ID_FTP_AUTH, "530 Please login with USER and PASS.\r\n",
		  0, "", "", "530 Please login with USER and PASS."),
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		const struct canned *c = &cases[i];
		struct jcsi_ident id;
		int got;

		memset(&id, 0, sizeof(id));
		got = jcsi_ident_classify(c->probe, (const uint8_t *)c->bytes,
					  c->len, &id);
		if (got != c->want || strcmp(id.name, c->name) ||
		    strcmp(id.product, c->product) ||
		    strcmp(id.banner, c->banner))
			fail_msg("case %zu: got %d '%s' '%s' '%s', want %d '%s' "
				 "'%s' '%s'", i, got, id.name, id.product,
				 id.banner, c->want, c->name, c->product,
				 c->banner);
	}
	struct jcsi_ident id;

	memset(&id, 0, sizeof(id));
	assert_int_equal(jcsi_ident_classify(JCSI_ID_GREETING,
					     (const uint8_t *)"", 0, &id), 0);
	assert_string_equal(id.banner, "");
}

static void test_printable(void **state)
{
	char out[16];

	(void)state;
	jcsi_ident_printable((const uint8_t *)"a\r\nb\tc\x01\x7f", 9, out,
			     sizeof(out));
	assert_string_equal(out, "a | b c");
	/* cut to the buffer, always terminated */
	jcsi_ident_printable((const uint8_t *)"0123456789abcdefghij", 20, out,
			     sizeof(out));
	assert_string_equal(out, "0123456789abcde");
	/* an IAC at the very end, an unterminated subnegotiation */
	jcsi_ident_printable((const uint8_t *)"x\xff", 2, out, sizeof(out));
	assert_string_equal(out, "x");
	jcsi_ident_printable((const uint8_t *)"y\xff\xfa\x18\x01zz", 7, out,
			     sizeof(out));
	assert_string_equal(out, "y");
}

static void test_requests(void **state)
{
	size_t len;
	const uint8_t *h = jcsi_ident_request(JCSI_ID_TLS, &len);

	(void)state;
	/* record header 0x16 3.1, its length, a ClientHello inside */
	assert_true(len > 50 && len < 160);
	assert_int_equal(h[0], 0x16);
	assert_int_equal((h[3] << 8 | h[4]), len - 5);
	assert_int_equal(h[5], 1);
	assert_int_equal((h[6] << 16 | h[7] << 8 | h[8]), len - 9);
	assert_int_equal((h[9] << 8 | h[10]), 0x0303);
	h = jcsi_ident_request(JCSI_ID_MQTT, &len);
	assert_int_equal(len, 20);
	assert_int_equal(h[0], 0x10);
	assert_int_equal(h[1], len - 2);
	h = jcsi_ident_request(JCSI_ID_HTTP, &len);
	assert_memory_equal(h, "HEAD / HTTP/1.0\r\n\r\n", len);
	assert_null(jcsi_ident_request(JCSI_ID_GREETING, &len));
	assert_int_equal(len, 0);
}

static int found_port;

static void on_open(size_t target, uint16_t port, void *user)
{
	(void)user;
	assert_int_equal(target, 0);
	found_port = port;
}

/* A port bound and listening, and one known closed (bound, released). */
static int listener(uint16_t *port, int listen_too)
{
	struct sockaddr_in sin;
	socklen_t sl = sizeof(sin);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	if (listen_too)
		assert_int_equal(listen(fd, 8), 0);
	getsockname(fd, (struct sockaddr *)&sin, &sl);
	*port = ntohs(sin.sin_port);
	return fd;
}

static void test_scanner(void **state)
{
	const char *lo[] = {"127.0.0.1"};
	struct jcsi_target *t;
	struct jcsi_scan_opts o = {4, 0, 1000, 0};
	struct jcsi_scan_stats st;
	uint16_t open_port, closed_port;
	int lfd = listener(&open_port, 1), cfd = listener(&closed_port, 0);
	size_t n;
	char err[128];

	(void)state;
	close(cfd); /* nothing listens there now */
	assert_int_equal(jcsi_probe_targets(lo, 1, &t, &n, err, sizeof(err)),
			 JCS_OK);
	jcsi_ports_clear(&ps);
	jcsi_ports_add(&ps, open_port);
	jcsi_ports_add(&ps, closed_port);
	found_port = 0;
	assert_int_equal(jcsi_tcp_scan(t, n, &ps, &o, on_open, NULL, &st),
			 JCS_OK);
	assert_int_equal(found_port, open_port);
	assert_int_equal(st.tried, 2);
	assert_int_equal(st.open, 1);
	assert_int_equal(st.closed, 1);
	assert_int_equal(st.filtered, 0);
	/* a rate of 2/s: the second connection waits half a second */
	uint64_t t0 = jcsi_now_ms();

	o.rate = 2;
	assert_int_equal(jcsi_tcp_scan(t, n, &ps, &o, on_open, NULL, &st),
			 JCS_OK);
	assert_true(jcsi_now_ms() - t0 >= 450);
	assert_int_equal(st.open, 1);
	jcsi_probe_targets_free(t, n);
	close(lfd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_port_lists),
		cmocka_unit_test(test_ports_file),
		cmocka_unit_test(test_scope),
		cmocka_unit_test(test_targets),
		cmocka_unit_test(test_identify),
		cmocka_unit_test(test_printable),
		cmocka_unit_test(test_requests),
		cmocka_unit_test(test_scanner),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

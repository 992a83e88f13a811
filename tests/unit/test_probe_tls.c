/*
 * test_probe_tls.c - the "tls" probe check through jcs_probe() against a
 * fake TLS server on loopback (a thread here) that does what no server
 * Debian ships still can: accept SSLv3, with RC4 and 3DES only. Asserts
 * the exact tls findings, the versions observation, and the limitation
 * for the certificate (OpenSSL cannot speak SSLv3 to fetch it). Then a
 * server that refuses every ClientHello: no findings, a limitation.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "jcstar/jcstar.h"

static int srv_fd = -1;
static int refuse_all;       /* mode: alert to every ClientHello */
static pthread_t srv_thread;

/* The suites the fake server has, in its order of preference. */
static const uint16_t server_suites[] = {0x000a, 0x0005};

static void answer(int c, const uint8_t *b, size_t n)
{
	static const uint8_t proto_alert[] = {0x15, 0x03, 0x01, 0x00, 0x02,
					      0x02, 0x46};
	static const uint8_t fail_alert[] = {0x15, 0x03, 0x00, 0x00, 0x02,
					     0x02, 0x28};
	uint8_t sh[5 + 4 + 38];
	size_t sid, slen, pos;
	uint16_t pick = 0;

	if (n < 44 || b[0] != 0x16 || b[5] != 0x01)
		return;
	if (refuse_all || b[9] != 3 || b[10] != 0) {
		(void)!write(c, proto_alert, sizeof(proto_alert));
		return;
	}
	sid = b[43];
	pos = 44 + sid;
	if (pos + 2 > n)
		return;
	slen = (size_t)b[pos] << 8 | b[pos + 1];
	pos += 2;
	for (size_t i = 0; i + 1 < slen && pos + i + 1 < n && !pick; i += 2) {
		uint16_t s = (uint16_t)(b[pos + i] << 8 | b[pos + i + 1]);

		for (size_t k = 0; k < 2; k++)
			if (s == server_suites[k])
				pick = s;
	}
	if (!pick) {
		(void)!write(c, fail_alert, sizeof(fail_alert));
		return;
	}
	memcpy(sh, "\x16\x03\x00\x00\x2a\x02\x00\x00\x26\x03\x00", 11);
	memset(sh + 11, 0x42, 32);
	sh[43] = 0;                     /* no session id */
	sh[44] = (uint8_t)(pick >> 8);
	sh[45] = (uint8_t)pick;
	sh[46] = 0;
	(void)!write(c, sh, sizeof(sh));
}

static void *serve(void *arg)
{
	(void)arg;
	for (;;) {
		struct timeval tv = {2, 0};
		uint8_t b[4096];
		size_t n = 0;
		int c = accept(srv_fd, NULL, NULL);

		if (c < 0)
			return NULL;
		setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		while (n < sizeof(b)) {
			ssize_t k = read(c, b + n, sizeof(b) - n);

			if (k <= 0)
				break;
			n += (size_t)k;
			if (n >= 5 && n >= 5 + ((size_t)b[3] << 8 | b[4]))
				break;
		}
		answer(c, b, n);
		close(c);
	}
}

static unsigned start_server(void)
{
	struct sockaddr_in a;
	socklen_t al = sizeof(a);
	int one = 1;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	srv_fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(srv_fd >= 0);
	setsockopt(srv_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	assert_int_equal(bind(srv_fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(srv_fd, 64), 0);
	assert_int_equal(getsockname(srv_fd, (struct sockaddr *)&a, &al), 0);
	assert_int_equal(pthread_create(&srv_thread, NULL, serve, NULL), 0);
	return ntohs(a.sin_port);
}

static void stop_server(void)
{
	shutdown(srv_fd, SHUT_RDWR);
	pthread_join(srv_thread, NULL);
	close(srv_fd);
	srv_fd = -1;
}

/* Probes 127.0.0.1:PORT; the result document (json_decref it). */
static json_t *probe(unsigned port)
{
	const char *src = getenv("JCSTAR_SOURCE_ROOT");
	const char *hosts[] = {"127.0.0.1"};
	struct jcs_probe_opts o;
	struct jcs_result *r = jcs_result_new("probe");
	char ports[16], data[512], err[512] = "", *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	json_t *doc;

	assert_non_null(src);
	assert_non_null(r);
	assert_non_null(m);
	snprintf(ports, sizeof(ports), "%u", port);
	snprintf(data, sizeof(data), "%s/data", src);
	jcs_probe_opts_default(&o);
	o.hosts = hosts;
	o.nhosts = 1;
	o.ports = ports;
	o.timeout_ms = 500;
	o.data_dir = data;
	o.max_time_s = 120;
	if (jcs_probe(&o, r, err, sizeof(err)) != JCS_OK)
		fail_msg("jcs_probe: %s", err);
	assert_int_equal(jcs_result_write_json(r, m), JCS_OK);
	fclose(m);
	doc = json_loads(buf, 0, NULL);
	assert_non_null(doc);
	free(buf);
	jcs_result_free(r);
	return doc;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The "rule title" of the tls check's findings, sorted, one a line. */
static void expect_tls(json_t *doc, const char *want)
{
	char *lines[64], out[8192] = "";
	size_t n = 0, i;
	json_t *f;

	json_array_foreach(json_object_get(doc, "findings"), i, f) {
		const char *rule, *title;

		rule = json_string_value(json_object_get(f, "rule"));
		title = json_string_value(json_object_get(f, "title"));
		if (strncmp(rule, "live.tls", 8) &&
		    strncmp(rule, "live.cert", 9))
			continue;
		assert_true(n < 64);
		assert_true(asprintf(&lines[n], "%s %s\n", rule, title) > 0);
		n++;
	}
	qsort(lines, n, sizeof(lines[0]), cmp);
	for (i = 0; i < n; i++) {
		strncat(out, lines[i], sizeof(out) - strlen(out) - 1);
		free(lines[i]);
	}
	assert_string_equal(out, want);
}

/* Nonzero if a limitation's what and why contain WHAT and WHY. */
static int has_limitation(json_t *doc, const char *what, const char *why)
{
	size_t i;
	json_t *l;

	json_array_foreach(json_object_get(doc, "limitations"), i, l) {
		const char *w = json_string_value(json_object_get(l, "what"));
		const char *y = json_string_value(json_object_get(l, "why"));

		if (w && y && strstr(w, what) && strstr(y, why))
			return 1;
	}
	return 0;
}

static const char *observation(json_t *doc, const char *id)
{
	size_t i;
	json_t *o;

	json_array_foreach(json_object_get(doc, "observations"), i, o)
		if (!strcmp(json_string_value(json_object_get(o, "id")), id))
			return json_string_value(json_object_get(o, "title"));
	return NULL;
}

static void test_sslv3_rc4_3des(void **state)
{
	unsigned port;
	json_t *doc;
	char want[1024], where[64];

	(void)state;
	refuse_all = 0;
	port = start_server();
	doc = probe(port);
	stop_server();
	snprintf(where, sizeof(where), "127.0.0.1:%u", port);
	snprintf(want, sizeof(want),
		 "live.tls-no-forward-secrecy TLS cipher suites without "
		 "forward secrecy accepted (%s: RSA_WITH_3DES_EDE_CBC_SHA, "
		 "RSA_WITH_RC4_128_SHA)\n"
		 "live.tls-sslv3 Server accepts SSLv3 (%s)\n"
		 "live.tls-weak-cipher Weak TLS cipher suites accepted (%s: "
		 "RSA_WITH_3DES_EDE_CBC_SHA, RSA_WITH_RC4_128_SHA)\n",
		 where, where, where);
	expect_tls(doc, want);
	assert_string_equal(observation(doc, "live.tls-versions"),
			    "TLS versions accepted: SSLv3");
	assert_null(observation(doc, "live.tls-modern"));
	assert_true(has_limitation(doc, "TLS certificate of 127.0.0.1",
				   "no TLS handshake OpenSSL can complete"));
	json_decref(doc);
}

static void test_refuses_all(void **state)
{
	unsigned port;
	json_t *doc;

	(void)state;
	refuse_all = 1;
	port = start_server();
	doc = probe(port);
	stop_server();
	expect_tls(doc, "");
	assert_null(observation(doc, "live.tls-versions"));
	assert_true(has_limitation(doc, "TLS versions of 127.0.0.1",
				   "accepted none of our ClientHellos"));
	json_decref(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sslv3_rc4_3des),
		cmocka_unit_test(test_refuses_all),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

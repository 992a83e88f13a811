/*
 * test_probe_http.c - the probe's HTTP client parsers and page
 * classifiers (lib/probe/probe_http_parse.c, probe_http_page.c) over
 * canned responses: lighttpd/nginx-style answers, chunked bodies, hostile
 * heads (too many headers, junk, huge lengths), URLs, and the pages that
 * must and must not count (login, settings, config dump, catch-all).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/probe/probe_http.h"

static void test_parse_content_length(void **state)
{
	static const char raw[] =
		"HTTP/1.1 200 OK\r\n"
		"Content-Type: text/html\r\n"
		"Content-Length: 5\r\n"
		"Server:   lighttpd/1.4.69  \r\n"
		"\r\n"
		"hello, and more than announced";
	struct jcsi_http_reply r;

	(void)state;
	assert_int_equal(jcsi_http_parse(raw, strlen(raw), &r), JCS_OK);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.nh, 3);
	assert_string_equal(jcsi_http_header(&r, "server"), "lighttpd/1.4.69");
	assert_null(jcsi_http_header(&r, "X-Powered-By"));
	assert_int_equal(r.body_len, 5);
	assert_string_equal(r.body, "hello");
	assert_false(r.truncated);
	jcsi_http_reply_free(&r);
	assert_int_equal(jcsi_http_complete(raw, strlen(raw)),
			 strlen(raw) - strlen(", and more than announced"));
	/* fewer bytes than announced: kept, marked truncated */
	assert_int_equal(jcsi_http_parse(raw, strlen(raw) - 28, &r), JCS_OK);
	assert_int_equal(r.body_len, 2);
	assert_true(r.truncated);
	jcsi_http_reply_free(&r);
	assert_int_equal(jcsi_http_complete(raw, strlen(raw) - 28), 0);
}

static void test_parse_chunked(void **state)
{
	static const char raw[] =
		"HTTP/1.1 200 OK\n"
		"Transfer-Encoding: chunked\n"
		"\n"
		"4;ext=1\r\nWiki\r\n5\r\npedia\r\n0\r\nX-Trailer: 1\r\n\r\n";
	struct jcsi_http_reply r;

	(void)state;
	assert_int_equal(jcsi_http_parse(raw, strlen(raw), &r), JCS_OK);
	assert_string_equal(r.body, "Wikipedia");
	assert_false(r.truncated);
	jcsi_http_reply_free(&r);
	assert_int_equal(jcsi_http_complete(raw, strlen(raw)), strlen(raw));
	assert_int_equal(jcsi_http_complete(raw, strlen(raw) - 1), 0);
	/* cut inside the chunks: what is there, truncated */
	assert_int_equal(jcsi_http_parse(raw, strlen(raw) - 30, &r), JCS_OK);
	assert_true(r.truncated);
	jcsi_http_reply_free(&r);
	/* a chunk size that is not hex, and one of 2^36 */
	assert_int_equal(jcsi_http_parse("HTTP/1.1 200 OK\r\nTransfer-Encoding:"
					 " chunked\r\n\r\nzz\r\n",
					 49, &r),
			 JCS_E_FORMAT);
	jcsi_http_reply_free(&r);
	assert_int_equal(jcsi_http_parse("HTTP/1.1 200 OK\r\nTransfer-Encoding:"
					 " chunked\r\n\r\nfffffffff\r\nab",
					 56, &r),
			 JCS_E_FORMAT);
	jcsi_http_reply_free(&r);
}

static void test_parse_hostile(void **state)
{
	struct jcsi_http_reply r;
	char *many;
	size_t n = 0;

	(void)state;
	/* not HTTP, bad status lines */
	static const char *const bad[] = {
		"SSH-2.0-dropbear\r\n\r\n", "HTTP/1.1 20 OK\r\n\r\n",
		"HTTP/1.1 600 X\r\n\r\n", "HTTP/2 200\r\n\r\n",
		"HTTP/1.1 2000 OK\r\n\r\n", "",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		assert_int_equal(jcsi_http_parse(bad[i], strlen(bad[i]), &r),
				 JCS_E_FORMAT);
		jcsi_http_reply_free(&r);
	}
	/* 65 headers: refused */
	many = malloc(4096);
	assert_non_null(many);
	n = (size_t)snprintf(many, 4096, "HTTP/1.0 200 OK\r\n");
	for (int i = 0; i < 65; i++)
		n += (size_t)snprintf(many + n, 4096 - n, "X-%d: y\r\n", i);
	n += (size_t)snprintf(many + n, 4096 - n, "\r\n");
	assert_int_equal(jcsi_http_parse(many, n, &r), JCS_E_FORMAT);
	jcsi_http_reply_free(&r);
	free(many);
	/* a head longer than the limit with no blank line */
	many = malloc(JCSI_HTTP_HEAD_MAX + 100);
	assert_non_null(many);
	memset(many, 'a', JCSI_HTTP_HEAD_MAX + 100);
	memcpy(many, "HTTP/1.1 200 OK\r\nX: ", 20);
	assert_int_equal(jcsi_http_parse(many, JCSI_HTTP_HEAD_MAX + 100, &r),
			 JCS_E_FORMAT);
	jcsi_http_reply_free(&r);
	free(many);
	/* a huge Content-Length and junk header lines are tolerated */
	static const char cl[] = "HTTP/1.1 200 OK\r\nContent-Length: "
				 "99999999999999999999\r\njunk\r\n\r\nbody";
	assert_int_equal(jcsi_http_parse(cl, strlen(cl), &r), JCS_OK);
	assert_string_equal(r.body, "body");
	jcsi_http_reply_free(&r);
	/* a body over the limit is cut at it */
	many = malloc(JCSI_HTTP_BODY_MAX + 1000);
	assert_non_null(many);
	memset(many, 'b', JCSI_HTTP_BODY_MAX + 1000);
	memcpy(many, "HTTP/1.1 200 OK\r\n\r\n", 19);
	assert_int_equal(jcsi_http_parse(many, JCSI_HTTP_BODY_MAX + 1000, &r),
			 JCS_OK);
	assert_int_equal(r.body_len, JCSI_HTTP_BODY_MAX);
	assert_true(r.truncated);
	jcsi_http_reply_free(&r);
	free(many);
	/* 204 is complete at the end of its head */
	assert_int_equal(jcsi_http_complete("HTTP/1.1 204 No\r\n\r\n", 19), 19);
}

static void test_url(void **state)
{
	struct jcsi_url u;

	(void)state;
	assert_int_equal(jcsi_url_parse("http://10.77.1.2:5000/rootDesc.xml",
					&u),
			 1);
	assert_false(u.https);
	assert_string_equal(u.host, "10.77.1.2");
	assert_int_equal(u.port, 5000);
	assert_string_equal(u.path, "/rootDesc.xml");
	assert_int_equal(jcsi_url_parse("HTTPS://[fd00::2]/d?x=1", &u), 1);
	assert_true(u.https);
	assert_string_equal(u.host, "fd00::2");
	assert_int_equal(u.port, 443);
	assert_string_equal(u.path, "/d?x=1");
	assert_int_equal(jcsi_url_parse("http://host", &u), 1);
	assert_string_equal(u.path, "/");
	assert_int_equal(u.port, 80);
	static const char *const bad[] = {
		"ftp://x/", "http://", "http://:80/", "http://a:0/",
		"http://a:65536/", "http://a:8x/", "http://user@evil/",
		"http://a/b c", "http://[::1/", "http://a\x01/",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		assert_int_equal(jcsi_url_parse(bad[i], &u), 0);
}

static const char login_page[] =
	"<html><head><title>Router</title></head><body>"
	"<FORM method=post action=\"/cgi-bin/login\">"
	"<input type=\"text\" name=\"user\">"
	"<INPUT TYPE=password name=pass>"
	"<input type='hidden' name='t' value='1'>"
	"<input type=\"submit\"></form></body></html>";

static const char settings_page[] =
	"<html><body><h1>Configuration</h1>"
	"<form action=\"/cgi-bin/config\" method=\"post\">"
	"<input name=\"ssid\" value=\"home\">"
	"<input type=\"checkbox\" name=\"wps\">"
	"<select name=\"ch\"><option>1</option></select>"
	"<input type=\"submit\" value=\"Apply\"></form></body></html>";

/* nginx's default page and a catch-all with a single search box */
static const char nginx_default[] =
	"<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n"
	"</head>\n<body>\n<h1>Welcome to nginx!</h1>\n<p>If you see this "
	"page, the nginx web server is successfully installed</p>\n"
	"</body>\n</html>\n";
static const char search_page[] =
	"<html><form action=/search><input name=q><input type=submit>"
	"</form></html>";

static void test_pages(void **state)
{
	struct jcsi_page pg;

	(void)state;
	jcsi_page_classify(login_page, strlen(login_page), &pg);
	assert_true(pg.password);
	assert_int_equal(pg.fields, 1);
	assert_string_equal(pg.action, "/cgi-bin/login");
	assert_true(jcsi_page_is_login(&pg));
	assert_false(jcsi_page_is_settings(&pg));

	jcsi_page_classify(settings_page, strlen(settings_page), &pg);
	assert_false(pg.password);
	assert_int_equal(pg.fields, 3);
	assert_int_equal(pg.selects, 1);
	assert_false(jcsi_page_is_login(&pg));
	assert_true(jcsi_page_is_settings(&pg));

	jcsi_page_classify(nginx_default, strlen(nginx_default), &pg);
	assert_false(pg.password || jcsi_page_is_settings(&pg));
	jcsi_page_classify(search_page, strlen(search_page), &pg);
	assert_false(pg.password || jcsi_page_is_settings(&pg));
	jcsi_page_classify("", 0, &pg);
	assert_false(pg.password || jcsi_page_is_settings(&pg));

	/* configuration dumps: key=value lines, not HTML */
	static const char ini[] = "[system]\nadmin_user=admin\n"
				  "admin_pass=1234\nwifi.ssid = x\nlan_ip=1\n";
	jcsi_page_classify(ini, strlen(ini), &pg);
	assert_true(pg.config);
	assert_true(jcsi_page_is_settings(&pg));
	jcsi_page_classify("a=1\nb=2\n", 8, &pg);
	assert_false(pg.config);
	jcsi_page_classify("<p>a=1\nb=2\nc=3</p>", 19, &pg);
	assert_false(pg.config);

	/* a password form whose action is absolute http:// */
	static const char https_login[] =
		"<form action='http://10.0.0.1/login'><input type=password>";
	jcsi_page_classify(https_login, strlen(https_login), &pg);
	assert_string_equal(pg.action, "http://10.0.0.1/login");
	/* truncated tags: no over-read, nothing invented */
	for (size_t k = 0; k < strlen(login_page); k++) {
		jcsi_page_classify(login_page, k, &pg);
		assert_true(pg.fields <= 1);
	}
}

static void test_version_token(void **state)
{
	char t[64];

	(void)state;
	assert_int_equal(jcsi_http_version_token("lighttpd/1.4.69", t,
						 sizeof(t)),
			 1);
	assert_string_equal(t, "lighttpd/1.4.69");
	assert_int_equal(jcsi_http_version_token("Apache/2.4.57 (Debian) "
						 "OpenSSL/3.0.11",
						 t, sizeof(t)),
			 1);
	assert_string_equal(t, "Apache/2.4.57");
	assert_int_equal(jcsi_http_version_token("PHP/8.2.7", t, sizeof(t)), 1);
	assert_int_equal(jcsi_http_version_token("nginx", t, sizeof(t)), 0);
	assert_int_equal(jcsi_http_version_token("lighttpd", t, sizeof(t)), 0);
	assert_int_equal(jcsi_http_version_token("a/b /1 x/", t, sizeof(t)), 0);
	assert_int_equal(jcsi_http_version_token("", t, sizeof(t)), 0);
	/* a word longer than the buffer is skipped, not cut */
	assert_int_equal(jcsi_http_version_token("Boa/0.94.14rc21", t, 8), 0);
	assert_int_equal(jcsi_http_version_token("Boa/0.94.14rc21 X/1", t, 8),
			 1);
	assert_string_equal(t, "X/1");
	/* control bytes separate words */
	assert_int_equal(jcsi_http_version_token("\r\r\x01nginx/1.22.1\x7f", t,
						 sizeof(t)),
			 1);
	assert_string_equal(t, "nginx/1.22.1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_content_length),
		cmocka_unit_test(test_parse_chunked),
		cmocka_unit_test(test_parse_hostile),
		cmocka_unit_test(test_url),
		cmocka_unit_test(test_pages),
		cmocka_unit_test(test_version_token),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

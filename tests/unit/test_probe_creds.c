/*
 * test_probe_creds.c - the pure parts of the probe's credential checks
 * (lib/probe/creds_*.c): telnet option negotiation over canned bytes, the
 * login prompts, FTP replies, HTTP/RTSP heads and WWW-Authenticate
 * challenges, Digest answers (the RFC 7616 examples, MD5 and SHA-256),
 * Base64, and the order of the (user, password) pair list.
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

#include "../../lib/probe/creds_list.h"
#include "../../lib/probe/creds_text.h"

#define IAC 255

static void feed(struct jcsi_telnet *t, const unsigned char *in, size_t n,
		 char *text, size_t *tl, unsigned char *rep, size_t *rl)
{
	jcsi_telnet_feed(t, in, n, text, 255, tl, rep, 64, rl);
	text[*tl] = '\0';
}

static void test_telnet_negotiation(void **state)
{
	struct jcsi_telnet t = { 0 };
	char text[256];
	unsigned char rep[64];
	size_t tl = 0, rl = 0;
	/* what busybox telnetd sends first: DO ECHO? no: WILL ECHO, WILL SGA,
	   DO NAWS (31), plus DO TTYPE (24) and a sub-negotiation */
	const unsigned char in[] = {
		IAC, 251, 1, IAC, 251, 3, IAC, 253, 31, IAC, 253, 24,
		IAC, 250, 24, 1, IAC, 240, 'l', 'o', 'g', 'i', 'n', ':', ' ',
	};
	const unsigned char want[] = {
		IAC, 253, 1,    /* DO ECHO */
		IAC, 253, 3,    /* DO SGA */
		IAC, 252, 31,   /* WONT NAWS */
		IAC, 252, 24,   /* WONT TTYPE */
	};

	(void)state;
	feed(&t, in, sizeof(in), text, &tl, rep, &rl);
	assert_string_equal(text, "login: ");
	assert_int_equal(rl, sizeof(want));
	assert_memory_equal(rep, want, sizeof(want));

	/* the same offers again are not answered again (no loops); DO SGA
	   is agreed (WILL), DONT/WONT are not answered */
	const unsigned char again[] = { IAC, 251, 1, IAC, 253, 31, IAC, 253, 3,
					IAC, 254, 1, IAC, 252, 3 };
	const unsigned char want2[] = { IAC, 251, 3 };

	rl = 0;
	feed(&t, again, sizeof(again), text, &tl, rep, &rl);
	assert_int_equal(rl, sizeof(want2));
	assert_memory_equal(rep, want2, sizeof(want2));

	/* IAC IAC is a data byte 255; CR NUL a CR; NULs dropped; an option
	   split over two reads still parses */
	struct jcsi_telnet u = { 0 };
	const unsigned char a[] = { 'a', IAC, IAC, '\r', 0, 'b', 0, IAC };
	const unsigned char b[] = { 251, 1, 'c' };

	tl = rl = 0;
	feed(&u, a, sizeof(a), text, &tl, rep, &rl);
	feed(&u, b, sizeof(b), text, &tl, rep, &rl);
	assert_int_equal(tl, 5);
	assert_memory_equal(text, "a\xff\rbc", 5);
	assert_int_equal(rl, 3);

	/* hostile: an endless sub-negotiation swallows everything, the
	   text buffer never overflows, a full reply buffer is not
	   overrun */
	struct jcsi_telnet v = { 0 };
	unsigned char big[600];
	char small[4];
	size_t sl = 0;

	memset(big, 'x', sizeof(big));
	rl = 0;
	jcsi_telnet_feed(&v, big, sizeof(big), small, sizeof(small), &sl, rep,
			 2, &rl);
	assert_int_equal(sl, sizeof(small));
	for (size_t i = 0; i < sizeof(big); i += 3) {
		big[i] = IAC;
		big[i + 1] = 251;
		big[i + 2] = (unsigned char)(i / 3);
	}
	rl = 0;
	jcsi_telnet_feed(&v, big, sizeof(big), small, sizeof(small), &sl, rep,
			 7, &rl);
	assert_int_equal(rl, 6);    /* two answers fit in 7 bytes */
}

static void test_prompts(void **state)
{
	(void)state;
#define K(s) jcsi_prompt_kind(s, strlen(s))
	assert_int_equal(K("Debian GNU/Linux 12\r\nvm login: "), JCSI_PROMPT_LOGIN);
	assert_int_equal(K("Username:"), JCSI_PROMPT_LOGIN);
	assert_int_equal(K("admin\r\nPassword: "), JCSI_PROMPT_PASSWORD);
	assert_int_equal(K("\r\nLogin incorrect\r\nvm login: "), JCSI_PROMPT_REJECTED);
	assert_int_equal(K("Access denied"), JCSI_PROMPT_REJECTED);
	assert_int_equal(K("BusyBox v1.35\r\n~ # "), JCSI_PROMPT_SHELL);
	assert_int_equal(K("user@host:~$ "), JCSI_PROMPT_SHELL);
	assert_int_equal(K("RT-AC66U>"), JCSI_PROMPT_SHELL);
	assert_int_equal(K("Welcome"), JCSI_PROMPT_NONE);
	assert_int_equal(K("\r\nLogin incorrect\r\n"), JCSI_PROMPT_REJECTED);
	/* Debian's login after a success with earlier failures */
	assert_int_equal(K("There were 2 failed login attempts since the last "
			   "successful login.\r\nLinux vm\r\nroot@vm:~# "),
			 JCSI_PROMPT_SHELL);
	/* the same banner cut before the prompt: read on */
	assert_int_equal(K("There were 2 failed login attempts since the last "
			   "successful login.\r\n"), JCSI_PROMPT_NONE);
	assert_int_equal(K("Login failed\r\nlogin: "), JCSI_PROMPT_REJECTED);
	assert_int_equal(K(""), JCSI_PROMPT_NONE);
#undef K
}

static void test_ftp_reply(void **state)
{
	int code = 0;

	(void)state;
	assert_int_equal(jcsi_ftp_reply("220 (vsFTPd 3.0.3)\r\n", 20, &code), 1);
	assert_int_equal(code, 220);
	const char *multi = "230-Welcome\r\n230-to the box\r\n230 Login successful.\r\n";

	assert_int_equal(jcsi_ftp_reply(multi, 13, &code), 0);
	code = 0;
	assert_int_equal(jcsi_ftp_reply(multi, strlen(multi), &code), 1);
	assert_int_equal(code, 230);
	assert_int_equal(jcsi_ftp_reply("530 Login incorrect.", 20, &code), 0);
	assert_int_equal(jcsi_ftp_reply("SSH-2.0-x\r\n", 11, &code), -1);
	assert_int_equal(jcsi_ftp_reply("421\r\n", 5, &code), 1);
	assert_int_equal(code, 421);
	assert_int_equal(jcsi_ftp_reply("42", 2, &code), 0);
}

static void test_http_parse(void **state)
{
	struct jcsi_http_resp r;
	const char *lighttpd =
		"HTTP/1.1 401 Unauthorized\r\n"
		"WWW-Authenticate: Basic realm=\"device\", charset=\"UTF-8\"\r\n"
		"Content-Length: 5\r\nServer: lighttpd/1.4.69\r\n\r\nhello";

	(void)state;
	assert_int_equal(jcsi_creds_http_parse(lighttpd, strlen(lighttpd), &r), 1);
	assert_int_equal(r.status, 401);
	assert_true(r.complete);
	assert_int_equal(r.content_length, 5);
	assert_int_equal(r.scheme, JCSI_AUTH_BASIC);
	assert_int_equal(r.header_len, strlen(lighttpd) - 5);

	/* Digest preferred over Basic, SHA-256 over MD5, whatever order */
	const char *both =
		"RTSP/1.0 401 Unauthorized\r\nCSeq: 2\r\n"
		"WWW-Authenticate: Basic realm=\"cam\"\r\n"
		"WWW-Authenticate: Digest realm=\"cam\", nonce=\"n1\", algorithm=MD5, qop=\"auth\"\r\n"
		"WWW-Authenticate: Digest realm=\"cam\", nonce=\"n2\", algorithm=SHA-256, qop=\"auth,auth-int\", opaque=\"o\\\"q\", stale=TRUE\r\n"
		"Set-Cookie: sid=1; Path=/\r\nLocation: /home\r\nRetry-After: 30\r\n\r\n";

	assert_int_equal(jcsi_creds_http_parse(both, strlen(both), &r), 1);
	assert_int_equal(r.status, 401);
	assert_int_equal(r.scheme, JCSI_AUTH_DIGEST);
	assert_true(r.has_basic);
	assert_string_equal(r.chal.nonce, "n2");
	assert_string_equal(r.chal.algorithm, "SHA-256");
	assert_string_equal(r.chal.opaque, "o\"q");
	assert_true(r.chal.qop_auth);
	assert_true(r.chal.stale);
	assert_string_equal(r.cookie_name, "sid");
	assert_string_equal(r.location, "/home");
	assert_int_equal(r.retry_after, 30);

	assert_int_equal(jcsi_creds_http_parse("HTTP/1.1 200", 12, &r), 0);
	assert_int_equal(jcsi_creds_http_parse("220 ftp\r\n", 9, &r), -1);
	assert_int_equal(jcsi_creds_http_parse("HTTP/1.1 2x0 OK\r\n", 17, &r), -1);
	assert_int_equal(jcsi_creds_http_parse("HTTP/1.1 200 OK\r\nA: b\r\n", 23, &r), 1);
	assert_false(r.complete);

	struct jcsi_digest_chal c;

	/* no nonce: not a usable challenge */
	assert_int_equal(jcsi_digest_parse("realm=\"x\"", 9, &c), -1);
	assert_true(jcsi_html_has_password_field("<input TYPE=\"password\" name=p>", 30));
	assert_false(jcsi_html_has_password_field("<input type=\"text\">", 19));
}

/* RFC 7616 section 3.9.1: the same request with MD5 and SHA-256 */
static void test_digest_rfc7616(void **state)
{
	struct jcsi_digest_chal c;
	char out[65], hdr[1024];
	const char *val =
		"realm=\"http-auth@example.org\", qop=\"auth, auth-int\", "
		"algorithm=SHA-256, "
		"nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
		"opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";
	const char *cn = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

	(void)state;
	assert_int_equal(jcsi_digest_parse(val, strlen(val), &c), 0);
	assert_string_equal(c.realm, "http-auth@example.org");
	assert_true(c.qop_auth);
	assert_int_equal(jcsi_digest_response(&c, "Mufasa", "Circle of Life",
					      "GET", "/dir/index.html",
					      "00000001", cn, out, sizeof(out)), 0);
	assert_string_equal(out, "753927fa0e85d155564e2e272a28d180"
				 "2ca10daf4496794697cf8db5856cb6c1");
	snprintf(c.algorithm, sizeof(c.algorithm), "MD5");
	assert_int_equal(jcsi_digest_response(&c, "Mufasa", "Circle of Life",
					      "GET", "/dir/index.html",
					      "00000001", cn, out, sizeof(out)), 0);
	assert_string_equal(out, "8ca523f5e9506fed4657c9700eebdbec");
	assert_int_equal(jcsi_digest_header(&c, "Mufasa", "Circle of Life",
					    "GET", "/dir/index.html", cn, hdr,
					    sizeof(hdr)), 0);
	assert_non_null(strstr(hdr, "response=\"8ca523f5e9506fed4657c9700eebdbec\""));
	assert_non_null(strstr(hdr, "qop=auth, nc=00000001"));
	assert_non_null(strstr(hdr, "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\""));

	/* no qop (RFC 2069 form); the value computed by Python hashlib */
	struct jcsi_digest_chal o = { 0 };

	snprintf(o.realm, sizeof(o.realm), "testrealm@host.com");
	snprintf(o.nonce, sizeof(o.nonce), "dcd98b7102dd2f0e8b11d0f600bfb0c093");
	snprintf(o.algorithm, sizeof(o.algorithm), "MD5");
	assert_int_equal(jcsi_digest_response(&o, "Mufasa", "Circle Of Life",
					      "GET", "/dir/index.html", "1", "x",
					      out, sizeof(out)), 0);
	assert_string_equal(out, "670fd8c2df070c60b045671b8b24ff02");
	/* unknown algorithm; a user name that would need username* */
	snprintf(o.algorithm, sizeof(o.algorithm), "SHA-512-256");
	assert_int_equal(jcsi_digest_response(&o, "a", "b", "GET", "/", "1",
					      "x", out, sizeof(out)), -1);
	assert_int_equal(jcsi_digest_header(&c, "a\"b", "p", "GET", "/", cn,
					    hdr, sizeof(hdr)), -1);
	assert_int_equal(jcsi_digest_header(&c, "a", "p", "GET", "/", cn,
					    hdr, 40), -1);
}

static void test_base64(void **state)
{
	char out[32];

	(void)state;
	assert_int_equal(jcsi_base64("admin:admin", 11, out, sizeof(out)), 0);
	assert_string_equal(out, "YWRtaW46YWRtaW4=");
	assert_int_equal(jcsi_base64("ab", 2, out, sizeof(out)), 0);
	assert_string_equal(out, "YWI=");
	assert_int_equal(jcsi_base64("", 0, out, sizeof(out)), 0);
	assert_string_equal(out, "");
	assert_int_equal(jcsi_base64("abcdef", 6, out, 8), -1);
}

static char *write_tmp(const char *text)
{
	char *path = strdup("/tmp/jcs-creds-XXXXXX");
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void test_pair_list(void **state)
{
	char *pairs = write_tmp("# vendor pairs\nadmin\tadmin\tx\nroot\t-\ty\n");
	char *users = write_tmp("# users\nroot\nadmin\n");
	char *pws = write_tmp("admin\n1234\n");
	struct jcsi_cred_list l;
	char err[256];
	/* vendor pairs first, then every user with the empty password,
	   then users x passwords; duplicates (admin/admin, root/"") once */
	static const char *const want[][2] = {
		{ "admin", "admin" }, { "root", "" }, { "admin", "" },
		{ "root", "admin" }, { "root", "1234" }, { "admin", "1234" },
	};

	(void)state;
	assert_int_equal(jcsi_creds_build(pairs, users, pws, &l, err,
					  sizeof(err)), JCS_OK);
	assert_int_equal(l.n, 6);
	for (size_t i = 0; i < 6; i++) {
		assert_string_equal(l.v[i].user, want[i][0]);
		assert_string_equal(l.v[i].pass, want[i][1]);
		assert_int_equal(l.v[i].vendor, i < 2);
	}
	jcsi_creds_free(&l);

	/* errors name the file and line */
	char *bad = write_tmp("admin\tadmin\tok\nnotab\n");
	char want_err[300];

	assert_int_equal(jcsi_creds_build(bad, users, pws, &l, err,
					  sizeof(err)), JCS_E_FORMAT);
	snprintf(want_err, sizeof(want_err), "%s:2:", bad);
	assert_memory_equal(err, want_err, strlen(want_err));
	assert_int_equal(l.n, 0);
	assert_int_equal(jcsi_creds_build(NULL, users, "/nonexistent/pw", &l,
					  err, sizeof(err)), JCS_E_IO);

	/* the shipped lists load */
	const char *root = getenv("JCSTAR_SOURCE_ROOT");
	char p1[1024], p2[1024], p3[1024];

	if (root) {
		snprintf(p1, sizeof(p1), "%s/data/probe/default-pairs.tsv", root);
		snprintf(p2, sizeof(p2), "%s/data/probe/users.txt", root);
		snprintf(p3, sizeof(p3), "%s/data/passwords/iot-default.txt", root);
		assert_int_equal(jcsi_creds_build(p1, p2, p3, &l, err,
						  sizeof(err)), JCS_OK);
		assert_string_equal(l.v[0].user, "admin");
		assert_string_equal(l.v[0].pass, "admin");
		assert_true(l.n > 1000);
		jcsi_creds_free(&l);
	}
	unlink(pairs);
	unlink(users);
	unlink(pws);
	unlink(bad);
	free(pairs);
	free(users);
	free(pws);
	free(bad);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_telnet_negotiation),
		cmocka_unit_test(test_prompts),
		cmocka_unit_test(test_ftp_reply),
		cmocka_unit_test(test_http_parse),
		cmocka_unit_test(test_digest_rfc7616),
		cmocka_unit_test(test_base64),
		cmocka_unit_test(test_pair_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

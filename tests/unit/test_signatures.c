/*
 * test_signatures.c - the version-signature matcher (sigdb.c) with the
 * real table data/components/signatures.tsv: each version string form
 * found in real binaries, in a buffer that looks like the file kind the
 * row applies to, with its exact expected (name, version); near misses
 * that must give nothing; the version extractor's edge cases; table
 * errors naming file:line; allocation failures.
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

#include "../../lib/core/mem.h"
#include "../../lib/sbom/identify_signatures.h"

static struct jcsi_sigdb *db;

struct got {
	char s[16][96];
	size_t n;
};

static int collect(const char *name, const char *version,
		   enum jcsi_comp_confidence conf, unsigned line, void *user)
{
	struct got *g = user;

	(void)conf, (void)line;
	if (g->n < 16)
		snprintf(g->s[g->n++], sizeof(g->s[0]), "%s %s", name,
			 version);
	return 0;
}

enum kind { ELF, BIN, TEXT };

/* Matches the strings S (NUL-separated, as in .rodata; "" ends the list)
   in a buffer of kind K, and returns the "name version" list joined by
   ", " into OUT. */
static const char *match_kind(enum kind k, const char *const *s, char *out,
			      size_t cap)
{
	unsigned char buf[4096];
	size_t len = 0;
	struct got g = {.n = 0};

	memset(buf, 0, sizeof(buf));
	if (k == ELF) {
		memcpy(buf, "\177ELF\1\1\1", 7);
		len = 64;
	} else if (k == BIN) {
		len = 16; /* NULs: binary */
	}
	for (; *s; s++) {
		size_t l = strlen(*s);

		assert_true(len + l + 1 < sizeof(buf));
		memcpy(buf + len, *s, l);
		len += l;
		if (k != TEXT)
			buf[len++] = '\0';
		else
			buf[len++] = '\n';
	}
	assert_int_equal(jcsi_signature_match_buffer(db, buf, len, collect,
						     &g), JCS_OK);
	out[0] = '\0';
	for (size_t i = 0; i < g.n; i++) {
		strncat(out, g.s[i], cap - strlen(out) - 1);
		if (i + 1 < g.n)
			strncat(out, ", ", cap - strlen(out) - 1);
	}
	return out;
}

#define EXPECT(k, want, ...)                                               \
	do {                                                               \
		const char *strs_[] = {__VA_ARGS__, NULL};                \
		char out_[512];                                            \
		assert_string_equal(match_kind(k, strs_, out_,             \
					       sizeof(out_)), want);       \
	} while (0)

static int setup(void **state)
{
	const char *root = getenv("JCSTAR_SOURCE_ROOT");
	char path[1024], err[512];

	(void)state;
	snprintf(path, sizeof(path), "%s/data/components/signatures.tsv",
		 root ? root : ".");
	if (jcsi_sigdb_load(path, &db, err, sizeof(err)) != JCS_OK) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	jcsi_sigdb_free(db);
	return 0;
}

static void test_table(void **state)
{
	(void)state;
	assert_true(jcsi_sigdb_count(db) >= 40);
}

static void test_forms(void **state)
{
	(void)state;
	EXPECT(ELF, "busybox 1.36.1",
	       "BusyBox v1.36.1 (2023-06-12 09:29:37 UTC)");
	EXPECT(ELF, "busybox 1.35.0",
	       "syslogd started: BusyBox v1.35.0",
	       "BusyBox v1.35.0 (Debian 1:1.35.0-4+b1)");
	EXPECT(ELF, "openssl 3.0.11", "OpenSSL 3.0.11 19 Sep 2023",
	       "OPENSSLDIR: \"/usr/lib/ssl\"");
	EXPECT(ELF, "openssl 1.0.2k", "OpenSSL 1.0.2k-fips  26 Jan 2017",
	       "OPENSSLDIR: \"/etc/pki/tls\"");
	EXPECT(ELF, "openssl 0.9.8za", "OpenSSL 0.9.8za 5 Jun 2014",
	       "OPENSSLDIR: \"/usr/lib/ssl\"");
	EXPECT(ELF, "libressl 3.8.2", "LibreSSL 3.8.2",
	       "OPENSSLDIR: \"/etc/ssl\"");
	EXPECT(ELF, "dropbear 2022.83", "SSH-2.0-dropbear_2022.83");
	EXPECT(ELF, "openssh 9.2p1", "OpenSSH_9.2", "%s, %s",
	       "OpenSSH_9.2p1 Debian-2+deb12u10");
	EXPECT(ELF, "lighttpd 1.4.69",
	       "lighttpd/1.4.69 (ssl) - a light and fast webserver");
	EXPECT(ELF, "nginx 1.22.1", "nginx version: nginx/1.22.1");
	EXPECT(ELF, "boa 0.94.14rc21", "Boa/0.94.14rc21");
	EXPECT(ELF, "mini_httpd 1.30", "mini_httpd/1.30 26Oct2018");
	EXPECT(ELF, "thttpd 2.29", "thttpd/2.29 23May2018");
	EXPECT(ELF, "dnsmasq 2.89", "dnsmasq-2.89");
	EXPECT(ELF, "hostapd 2.10", "2.10",
	       "hostapd v%s\nUser space daemon for IEEE 802.11 AP");
	EXPECT(ELF, "wpa_supplicant 2.10", "wpa_supplicant v2.10\nCopyright");
	EXPECT(ELF, "miniupnpd 2.3.1", "miniupnpd 2.3.1 Dec 21 2022");
	EXPECT(ELF, "mosquitto 2.0.11", "2.0.11", "mosquitto version %s\n");
	EXPECT(ELF, "curl 7.88.1", "libcurl/7.88.1");
	EXPECT(ELF, "curl 7.88.1",
	       "curl 7.88.1 (arm-unknown-linux-gnueabihf) %s");
	EXPECT(ELF, "zlib 1.2.13",
	       " deflate 1.2.13 Copyright 1995-2022 Jean-loup Gailly ");
	EXPECT(ELF, "glibc 2.36",
	       "GNU C Library (Debian GLIBC 2.36-9+deb12u4) stable release "
	       "version 2.36.");
	EXPECT(ELF, "glibc 2.38",
	       "GNU C Library (GNU libc) stable release version 2.38.");
	EXPECT(ELF, "mbedtls 2.28.3", "mbed TLS 2.28.3");
	EXPECT(ELF, "mbedtls 3.4.0", "Mbed TLS 3.4.0");
	EXPECT(ELF, "wolfssl 5.5.4", "wolfSSL 5.5.4");
	EXPECT(ELF, "gnutls 3.7.9", "Enabled GnuTLS 3.7.9 logging...\n");
	EXPECT(ELF, "expat 2.5.0", "expat_2.5.0");
	EXPECT(ELF, "libxml2 2.9.14", "20914",
	       "xmlGetGlobalState: out of memory\n");
	EXPECT(ELF, "libxml2 2.12.0", "21200",
	       "xmlGetGlobalState: out of memory\n");
	EXPECT(ELF, "openvpn 2.6.14",
	       "OpenVPN 2.6.14 arm-unknown-linux-gnueabihf [SSL (OpenSSL)]");
	EXPECT(ELF, "samba 4.17.12", "SAMBA_4.17.12_DEBIAN_SAMBA4");
	EXPECT(ELF, "avahi 0.8", "%s 0.8 starting up.");
	EXPECT(ELF, "pppd 2.4.9", "/usr/lib/pppd/2.4.9");
	EXPECT(ELF, "chrony 4.3", "4.3", "chronyd (chrony) version %s (%s)\n");
	EXPECT(ELF, "iptables 1.8.9", "1.8.9 (legacy)");
	EXPECT(ELF, "iptables 1.8.9", "1.8.9 (nf_tables)");
	EXPECT(ELF, "lua 5.3.6",
	       "$LuaVersion: Lua 5.3.6  Copyright (C) 1994-2020 Lua.org");
	EXPECT(ELF, "python 3.11.2", "3.11.2", "%.80s (%.80s) %.80s");
	EXPECT(ELF, "php 8.2.32", "X-Powered-By: PHP/8.2.32");
	EXPECT(ELF, "musl 1.2.3", "1.2.3",
	       "Dynamic linker failed to allocate memory for error message");
	EXPECT(ELF, "sqlite 3.40.1", "3.40.1",
	       "failed memory resize %u to %u bytes");
}

static void test_kernel(void **state)
{
	(void)state;
	/* a raw kernel image (binary, not ELF) */
	EXPECT(BIN, "linux 4.14.180",
	       "Linux version 4.14.180 (build@host) (gcc version 7.3.0) #1 "
	       "SMP PREEMPT Mon May 18 2020");
	/* Debian: the package's upstream version wins over the ABI name */
	EXPECT(BIN, "linux 6.1.76",
	       "Linux version 6.1.0-18-armmp (debian-kernel@lists.debian.org)"
	       " (gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld 2.40) #1 SMP "
	       "Debian 6.1.76-1 (2024-02-01)");
	EXPECT(BIN, "linux 5.10.0-rc1",
	       "Linux version 5.10.0-rc1 (me@box) (gcc 10) #3");
	/* a module */
	EXPECT(ELF, "linux 6.1.0",
	       "vermagic=6.1.0-18-armmp SMP mod_unload modversions ARMv7 "
	       "p2v8 ");
	EXPECT(ELF, "linux 4.14.180", "vermagic=4.14.180 mod_unload MIPS32_R2 32BIT ");
	EXPECT(BIN, "u-boot 2023.01",
	       "U-Boot 2023.01+dfsg-2+deb12u3 (Jun 22 2026 - 08:38:07 +0000)");
	EXPECT(BIN, "u-boot 2020.04", "U-Boot SPL 2020.04 (Apr 1 2020 - 1:2:3)");
	/* kernel rows never look at text files; ELF rows not at raw images */
	EXPECT(TEXT, "", "Linux version 4.14.180 (build@host) (gcc)");
	EXPECT(BIN, "", "BusyBox v1.36.1 (2023-06-12 09:29:37 UTC)");
	EXPECT(TEXT, "", "BusyBox v1.36.1 (2023-06-12 09:29:37 UTC)");
}

static void test_near_misses(void **state)
{
	(void)state;
	EXPECT(ELF, "", "BusyBox v (");
	EXPECT(ELF, "", "BusyBox v1 (");
	EXPECT(ELF, "", "BusyBox v1.36.1abc (");
	EXPECT(ELF, "", "BusyBox v1.36.1");          /* no " (" after */
	EXPECT(ELF, "", "MyBusyBox v1.36.1 (");      /* no word boundary */
	/* a program built against OpenSSL's headers: no libcrypto */
	EXPECT(ELF, "", "built with OpenSSL 3.0.11 19 Sep 2023");
	EXPECT(ELF, "", "XOpenSSL 3.0.11 19 Sep 2023", "OPENSSLDIR: \"\"");
	EXPECT(ELF, "", "requires OpenSSL 1.1.1 or later", "OPENSSLDIR: \"\"");
	EXPECT(ELF, "", "lighttpd/1.x");
	EXPECT(ELF, "", "dnsmasq-2");
	EXPECT(ELF, "", "SSH-2.0-dropbear_");
	EXPECT(ELF, "", "OpenSSH_2.*,OpenSSH_3.0*");
	EXPECT(ELF, "", "removed in OpenVPN 2.7.");
	EXPECT(ELF, "", "x2.10", "hostapd v%s\n");   /* not a whole string */
	EXPECT(ELF, "", "hostapd v%s\n");            /* nothing before */
	EXPECT(ELF, "", "wpa_supplicant v2.10beta"); /* attached, too long */
	EXPECT(ELF, "", "2091", "xmlGetGlobalState: out of memory\n");
	EXPECT(ELF, "", "2.9.14", "xmlGetGlobalState: out of memory\n");
	EXPECT(ELF, "", "2091400", "xmlGetGlobalState: out of memory\n");
}

static size_t tok(const char *s)
{
	return jcsi_sig_version_token((const unsigned char *)s, strlen(s));
}

static void test_version_token(void **state)
{
	(void)state;
	assert_int_equal(tok("1.0.2k"), 6);
	assert_int_equal(tok("1.0.2k-fips"), 6);
	assert_int_equal(tok("0.9.8za "), 7);
	assert_int_equal(tok("2022.83"), 7);
	assert_int_equal(tok("9.2p1 Debian"), 5);
	assert_int_equal(tok("4.14.180"), 8);
	assert_int_equal(tok("2.4.7-rc1"), 9);
	assert_int_equal(tok("2.4.7-rc1x"), 5);  /* no pre-release then */
	assert_int_equal(tok("1.0.0-beta2)"), 11);
	assert_int_equal(tok("2.0rc1"), 6);
	assert_int_equal(tok("6.1.0-18-armmp"), 5);
	assert_int_equal(tok("2.36-9+deb12u4"), 4);
	assert_int_equal(tok("1.2.13.dfsg"), 6);
	assert_int_equal(tok("1.2."), 3);
	assert_int_equal(tok("1.2"), 3);
	assert_int_equal(tok("1.2.3abc"), 0);
	assert_int_equal(tok("1."), 0);
	assert_int_equal(tok("12"), 0);
	assert_int_equal(tok("v1.2"), 0);
	assert_int_equal(tok(""), 0);
	assert_int_equal(tok("12345678901.1"), 0);
	assert_int_equal(tok("1.2.3.4.5.6.7.8"), 13); /* at most 6 dots */
	assert_int_equal(jcsi_sig_version_token((const unsigned char *)"1.2.3",
						3), 3);
}

static void test_hostile(void **state)
{
	unsigned char big[70000];
	struct got g = {.n = 0};

	(void)state;
	assert_int_equal(jcsi_signature_match_buffer(db, NULL, 0, collect, &g),
			 JCS_OK);
	assert_int_equal(jcsi_signature_match_buffer(db, NULL, 5, collect, &g),
			 JCS_E_ARG);
	/* anchors at the very end and start of the buffer */
	assert_int_equal(jcsi_signature_match_buffer(
				 db, (const unsigned char *)"\177ELFBusyBox v",
				 13, collect, &g), JCS_OK);
	assert_int_equal(jcsi_signature_match_buffer(
				 db, (const unsigned char *)"\0hostapd v%s\n",
				 13, collect, &g), JCS_OK);
	/* a version run longer than any version before a "before" anchor,
	   and thousands of matches of one anchor */
	memset(big, '1', sizeof(big));
	memcpy(big, "\177ELF", 4);
	memcpy(big + 1000, "\0\0hostapd v%s\n", 14);
	for (size_t i = 2000; i + 40 < sizeof(big); i += 40)
		memcpy(big + i, "\0BusyBox v1.2.3 (\0", 18);
	assert_int_equal(jcsi_signature_match_buffer(db, big, sizeof(big),
						     collect, &g), JCS_OK);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.s[0], "busybox 1.2.3");
}

static const char *write_table(const char *text)
{
	static char path[] = "/tmp/test_signatures_XXXXXX";
	int fd;

	memcpy(path, "/tmp/test_signatures_XXXXXX", sizeof(path));
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void expect_error(const char *text, const char *want)
{
	const char *path = write_table(text);
	struct jcsi_sigdb *d = NULL;
	char err[512], where[600];

	assert_int_equal(jcsi_sigdb_load(path, &d, err, sizeof(err)),
			 JCS_E_FORMAT);
	assert_null(d);
	snprintf(where, sizeof(where), "%s%s", path, want);
	if (!strstr(err, where))
		fail_msg("error \"%s\" does not name \"%s\"", err, where);
	unlink(path);
}

#define ROW "x\tafter\tX \t-\t-\thigh\telf\ttested\n"

static void test_errors(void **state)
{
	(void)state;
	expect_error("# only a comment\n", ": no signatures");
	expect_error("#\n" ROW "x\tafter\tX \t-\thigh\telf\ttested\n",
		     ":3: want 8");
	expect_error(ROW "x\tafter\tX \t-\t-\thigh\telf\ttested\textra\n",
		     ":2: want 8");
	expect_error("X\tafter\tX \t-\t-\thigh\telf\tt\n", ":1: bad name");
	expect_error(ROW ROW "x\tbehind\tX \t-\t-\thigh\telf\tt\n",
		     ":3: side");
	expect_error("x\tafter\t\t-\t-\thigh\telf\tt\n", ":1: empty");
	expect_error("x\tafter\tX \t-\t-\thigh\telf\t\n", ":1: empty");
	expect_error("x\tafter\tX \t-\t-\tsure\telf\tt\n", ":1: confidence");
	expect_error("x\tafter\tX \t-\t-\thigh\tko\tt\n", ":1: files");
	expect_error("x\tafter\tX \t(\t-\thigh\telf\tt\n", ":1: follow");
	expect_error(ROW "x\tafter\tX(\t-\t-\thigh\telf\tt\n", ":2: anchor");
	expect_error(ROW ROW "x\tafter\tX\t-\t[\thigh\telf\tt\n",
		     ":3: requires");
}

static void test_alloc_failures(void **state)
{
	const char *root = getenv("JCSTAR_SOURCE_ROOT");
	char path[1024], err[512];
	int ok = 0;

	(void)state;
	snprintf(path, sizeof(path), "%s/data/components/signatures.tsv",
		 root ? root : ".");
	for (unsigned long n = 1; n < 400 && !ok; n++) {
		struct jcsi_sigdb *d = NULL;
		jcs_rc rc;

		jcsi_mem_fail_after(n);
		rc = jcsi_sigdb_load(path, &d, err, sizeof(err));
		jcsi_mem_fail_after(0);
		assert_true(rc == JCS_OK || rc == JCS_E_NOMEM);
		assert_true((rc == JCS_OK) == (d != NULL));
		ok = rc == JCS_OK;
		jcsi_sigdb_free(d);
	}
	assert_true(ok);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_kernel),
		cmocka_unit_test(test_near_misses),
		cmocka_unit_test(test_version_token),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_alloc_failures),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

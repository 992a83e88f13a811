/*
 * test_safe_path.c - names from hostile containers: normalisation and
 * symlink rewriting (lib/source/unpack/safe_path.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/core/mem.h"
#include "lib/source/unpack/safe_path.h"

static void expect_norm(const char *in, const char *want)
{
	const char *why = NULL;
	char *out = NULL;

	assert_int_equal(jcsi_path_normalize(in, 4096, &out, &why), JCS_OK);
	assert_string_equal(out, want);
	jcsi_free(out);
}

static void expect_refused(const char *in)
{
	const char *why = NULL;
	char *out = NULL;

	assert_int_equal(jcsi_path_normalize(in, 4096, &out, &why),
			 JCS_E_UNSAFE_PATH);
	assert_null(out);
	assert_non_null(why);
}

static void test_normalize(void **state)
{
	(void)state;
	expect_norm("etc/passwd", "etc/passwd");
	expect_norm("/etc/passwd", "etc/passwd");
	expect_norm("./etc//./passwd", "etc/passwd");
	expect_norm("etc/", "etc");
	expect_norm("/", "");
	expect_norm("", "");
	expect_norm("a\\b", "a\\b"); /* a backslash is a name byte */
	expect_norm("...", "...");
	/* not UTF-8: escaped, the same on disk and in the manifest */
	expect_norm("b\xffg", "b%FFg");
	expect_norm("caf\xe9/x", "caf%E9/x");
	expect_norm("caf\xc3\xa9", "caf\xc3\xa9"); /* valid UTF-8 kept */
	expect_norm("\xed\xa0\x80", "%ED%A0%80");  /* a surrogate is not */
}

static void test_refuse_traversal(void **state)
{
	(void)state;
	expect_refused("../etc/passwd");
	expect_refused("a/../../b");
	expect_refused("a/..");
	expect_refused("..\\..\\tmp\\evil.txt");
	expect_refused("ok/..\\x");
	expect_refused("bad\x01name");
}

static void test_refuse_long(void **state)
{
	char name[300];
	const char *why;
	char *out = NULL;

	(void)state;
	memset(name, 'a', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	expect_refused(name); /* one component over 255 bytes */
	assert_int_equal(jcsi_path_normalize("a/b/c", 3, &out, &why),
			 JCS_E_UNSAFE_PATH);
}

static void expect_link(const char *link, const char *target,
			const char *want)
{
	const char *why = NULL;
	char *out = NULL;

	assert_int_equal(jcsi_link_canonical(link, target, 4096, &out, &why),
			 JCS_OK);
	assert_string_equal(out, want);
	jcsi_free(out);
}

static void expect_link_refused(const char *link, const char *target)
{
	const char *why = NULL;
	char *out = NULL;

	assert_int_equal(jcsi_link_canonical(link, target, 4096, &out, &why),
			 JCS_E_UNSAFE_PATH);
	assert_null(out);
}

static void test_links(void **state)
{
	(void)state;
	expect_link("bin/sh", "busybox", "busybox");
	expect_link("sbin/init", "/bin/busybox", "../bin/busybox");
	expect_link("usr/lib/libz.so", "../../lib/libz.so.1", "../../lib/libz.so.1");
	expect_link("a/b/c", "/a/b", ".");
	expect_link("a/l", "/", "..");
	expect_link("a/b/l", "x/../../y", "../y");
	expect_link("etc/mtab", "/proc/mounts", "../proc/mounts");
	expect_link("d\xff/l", "/d\xff/x", "x"); /* escaped alike */
	/* climbing above the root is refused, however it is spelled */
	expect_link_refused("a/l", "../../etc/passwd");
	expect_link_refused("l", "..");
	expect_link_refused("a/b/l", "/../x");
	expect_link_refused("l", "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalize),
		cmocka_unit_test(test_refuse_traversal),
		cmocka_unit_test(test_refuse_long),
		cmocka_unit_test(test_links),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

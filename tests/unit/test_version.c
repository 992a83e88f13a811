/*
 * test_version.c - the version ordering of lib/vuln/vercmp.h, by known
 * answers: the schemes of OpenSSL, OpenSSH, dropbear, the kernel,
 * pre-releases, epochs, separators; each pair is checked both ways, a
 * sorted list is checked for transitivity, and hostile strings (huge
 * numbers, separators only, NULL) compare without harm.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../lib/vuln/vercmp.h"

struct pair {
	const char *a;
	const char *b;
	int want; /* jcsi_version_cmp(a, b) */
};

static const struct pair pairs[] = {
	/* numeric segments by value */
	{"4.14.180", "4.14.99", 1},
	{"4.14.99", "4.14.180", -1},
	{"1.4.69", "1.4.7", 1},
	{"1.10", "1.9", 1},
	{"2.0", "10.0", -1},
	{"1.2.3", "1.2.3", 0},
	{"1.2.3", "1.2.4", -1},
	{"1.2.3", "1.2.3.1", -1},
	{"1.01", "1.1", 0},
	{"007", "7", 0},
	{"5.15.0", "5.4.0", 1},
	{"36", "35.999", 1},
	/* trailing zeros do not count */
	{"1.2", "1.2.0", 0},
	{"1.2.0.0", "1.2", 0},
	{"2", "2.0.0", 0},
	{"1.0", "1.0.1", -1},
	{"0", "0.0", 0},
	{"1.0.0-rc1", "1.0-rc1", 0},
	/* OpenSSL letters */
	{"1.0.2k", "1.0.2", 1},
	{"1.0.2", "1.0.1u", 1},
	{"1.0.2k", "1.0.1u", 1},
	{"1.0.2za", "1.0.2z", 1},
	{"1.0.2zh", "1.0.2za", 1},
	{"1.0.2a", "1.0.2b", -1},
	{"1.0.2y", "1.0.2za", -1},
	{"1.1.1w", "3.0.0", -1},
	{"1.0.2K", "1.0.2k", 0},
	{"1.0.2k", "1.0.2.1", -1},
	{"0.9.8zh", "1.0.0", -1},
	/* OpenSSH patch levels */
	{"9.2p1", "9.2p2", -1},
	{"9.2p2", "9.3p1", -1},
	{"9.2p1", "9.2", 1},
	{"7.4p1", "10.0p1", -1},
	{"9.2p1", "9.2.1", -1},
	{"8.9p1", "8.9p1", 0},
	/* dropbear years */
	{"2022.83", "2020.81", 1},
	{"2019.78", "2020.79", -1},
	{"2022.83", "2022.82", 1},
	/* pre-releases */
	{"2.4.7-rc1", "2.4.7", -1},
	{"2.4.7-rc1", "2.4.6", 1},
	{"2.4.7-rc1", "2.4.7-rc2", -1},
	{"1.0.0-beta", "1.0.0-rc1", -1},
	{"1.0.0-rc1", "1.0.0", -1},
	{"1.0.0-alpha", "1.0.0-beta", -1},
	{"1.0.0-dev", "1.0.0-alpha", -1},
	{"1.0.0-pre1", "1.0.0-rc1", -1},
	{"1.0.0-beta2", "1.0.0-pre1", -1},
	{"1.0.0-preview", "1.0.0-pre", 0},
	{"1.0.0-RC1", "1.0.0rc1", 0},
	{"5.4rc2", "5.4", -1},
	{"5.4-rc2", "5.3.18", 1},
	{"1.0.0-rc", "1.0.0-rc1", -1},
	{"1.0.0-beta.11", "1.0.0-beta.2", 1},
	{"1.0.0a", "1.0.0-alpha", 1},
	{"2.0b1", "2.0", 1},
	/* separators */
	{"1_2_3", "1.2.3", 0},
	{"2_4_1", "2.4.0", 1},
	{"1-2-3", "1.2.3", 0},
	{"1.2.3+1", "1.2.3", 1},
	/* leading v, epochs */
	{"v1.2.3", "1.2.3", 0},
	{"V2.0", "v1.9", 1},
	{"1:1.0", "2.0", 1},
	{"0:2.0", "2.0", 0},
	{"1:2.3", "1:2.4", -1},
	{"2:1.0", "1:9.9", 1},
	{"00:1.0", "1.0", 0},
	/* numbers of any length: no overflow */
	{"99999999999999999999999999999", "99999999999999999999999999998", 1},
	{"1.99999999999999999999", "1.100000000000000000000", -1},
	{"1.00000000000000000000000009", "1.9", 0},
	/* odd but total */
	{"", "", 0},
	{"...", "", 0},
	{"", "0", 0},
	{"", "1", -1},
	{"abc", "abd", -1},
	{"1.0", "1.0", 0},
};

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

static void test_known_answers(void **state)
{
	size_t i;
	int bad = 0;

	(void)state;
	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		int ab = jcsi_version_cmp(pairs[i].a, pairs[i].b);
		int ba = jcsi_version_cmp(pairs[i].b, pairs[i].a);

		if (ab != pairs[i].want || ba != -pairs[i].want) {
			print_error("cmp(%s, %s) = %d / reverse %d, want %d\n",
				    pairs[i].a, pairs[i].b, ab, ba,
				    pairs[i].want);
			bad++;
		}
	}
	assert_true(sizeof(pairs) / sizeof(pairs[0]) >= 60);
	assert_int_equal(bad, 0);
}

/* In ascending order, no two equal: every pair must compare as placed. */
static const char *const sorted[] = {
	"0.9.8",       "0.9.8zh",     "1.0.0-dev",   "1.0.0-alpha",
	"1.0.0-beta",  "1.0.0-beta2", "1.0.0-pre1",  "1.0.0-rc1",
	"1.0.0-rc2",   "1.0.0",       "1.0.0a",      "1.0.1",
	"1.0.1u",      "1.0.2",       "1.0.2a",      "1.0.2k",
	"1.0.2z",      "1.0.2za",     "1.0.2.1",     "1.1.1w",
	"2.4.6",       "2.4.7-rc1",   "2.4.7",       "4.14.99",
	"4.14.180",    "9.2",         "9.2p1",       "9.2p2",
	"9.2.1",       "9.3p1",       "2020.81",     "2022.83",
	"1:0.1",
};

static void test_transitive(void **state)
{
	size_t n = sizeof(sorted) / sizeof(sorted[0]), i, j;
	int bad = 0;

	(void)state;
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++) {
			int want = i < j ? -1 : (i > j ? 1 : 0);

			if (jcsi_version_cmp(sorted[i], sorted[j]) != want) {
				print_error("cmp(%s, %s) != %d\n", sorted[i],
					    sorted[j], want);
				bad++;
			}
		}
	assert_int_equal(bad, 0);
}

static void test_null_and_huge(void **state)
{
	char big[100001];

	(void)state;
	assert_int_equal(jcsi_version_cmp(NULL, NULL), 0);
	assert_int_equal(jcsi_version_cmp(NULL, "1"), -1);
	assert_int_equal(jcsi_version_cmp("1", NULL), 1);
	/* a hundred thousand zeros: equal to nothing, linear time */
	memset(big, '0', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	for (size_t i = 1; i < sizeof(big) - 1; i += 2)
		big[i] = '.';
	assert_int_equal(jcsi_version_cmp(big, "0"), 0);
	assert_int_equal(jcsi_version_cmp(big, "0.0.1"), -1);
	/* 0.0.(50000 zeros).1: newer than 0, older than 0.0.1 */
	big[sizeof(big) - 2] = '1';
	assert_int_equal(jcsi_version_cmp(big, "0"), 1);
	assert_int_equal(jcsi_version_cmp(big, "0.0.1"), -1);
	assert_int_equal(sign(jcsi_version_cmp(big, big)), 0);
	assert_false(jcsi_version_valid(big));
}

static void test_valid(void **state)
{
	static const char *const good[] = {
		"1", "1.0.2k", "9.2p1", "2022.83", "4.14.180", "2.4.7-rc1",
		"1_2_3", "v1.2", "1:2.3", "1.0.0+deb12u1", "1.0~rc1", "0",
	};
	static const char *const bad[] = {
		"", "v", "abc", "R_2_4_1", "1..2", "1.2.", "1.2-", ".1",
		"1 2", "1,2", "1:", ":1", "1:a", "1.2\n", "1.2/3", "1:2:3",
		"vv1", "-1", "1.2\xc3\xa9",
	};
	char longv[JCSI_VERSION_MAX + 2];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (!jcsi_version_valid(good[i]))
			fail_msg("refused: %s", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (jcsi_version_valid(bad[i]))
			fail_msg("accepted: %s", bad[i]);
	assert_false(jcsi_version_valid(NULL));
	memset(longv, '1', sizeof(longv));
	longv[JCSI_VERSION_MAX] = '\0';
	assert_true(jcsi_version_valid(longv));
	longv[JCSI_VERSION_MAX] = '1';
	longv[JCSI_VERSION_MAX + 1] = '\0';
	assert_false(jcsi_version_valid(longv));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_answers),
		cmocka_unit_test(test_transitive),
		cmocka_unit_test(test_null_and_huge),
		cmocka_unit_test(test_valid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

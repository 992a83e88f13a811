/*
 * test_rules.c - the rule table loader: the shipped table loads and every
 * rule has a valid category; broken tables are refused with file:line.
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

#include "lib/checks/rules.h"

static void test_shipped_table(void **state)
{
	const char *src = getenv("JCSTAR_SOURCE_ROOT");
	char path[4096], err[512] = "";
	struct jcsi_rules *r = NULL;

	(void)state;
	if (!src)
		skip();
	snprintf(path, sizeof(path), "%s/data/rules/", src);
	assert_int_equal(jcsi_rules_load(path, &r, err, sizeof(err)), JCS_OK);
	assert_true(jcsi_rules_count(r) >= 10);
	for (size_t i = 0; i < jcsi_rules_count(r); i++)
		assert_true(jcs_category_valid(jcsi_rules_at(r, i)->category));
	assert_non_null(jcsi_rules_get(r, "accounts.password-cracked"));
	assert_null(jcsi_rules_get(r, "no.such-rule"));
	jcsi_rules_free(r);
}

static void expect_error(const char *text, const char *want)
{
	char path[] = "/tmp/jcstar-rules-XXXXXX", err[512] = "";
	struct jcsi_rules *r = NULL;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	assert_int_equal(jcsi_rules_load(path, &r, err, sizeof(err)),
			 JCS_E_FORMAT);
	assert_null(r);
	assert_non_null(strstr(err, path));
	if (!strstr(err, want))
		fail_msg("error '%s' lacks '%s'", err, want);
	unlink(path);
}

static void test_broken_tables(void **state)
{
	(void)state;
	expect_error("# c\na.b\tweak-passwords\thigh\tx\tT\n",
		     ":2: 'weak-passwords' is not a finding category");
	expect_error("a.b\tweak-password\tsevere\tx\tT\n",
		     ":1: 'severe' is not a severity");
	expect_error("a.b\tweak-password\thigh\tx\n", ":1: want 5");
	expect_error("A B\tweak-password\thigh\tx\tT\n", ":1: bad rule id");
	expect_error("a.b\tweak-password\thigh\tx\tT\n"
		     "a.b\tweak-password\thigh\tx\tT\n",
		     ":2: rule 'a.b' defined twice");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_table),
		cmocka_unit_test(test_broken_tables),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

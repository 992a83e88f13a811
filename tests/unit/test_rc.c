/*
 * test_rc.c - every status code has a message (jcs_strerror), out-of-range
 * codes too, and the version is well formed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "jcstar/jcstar.h"

static void test_every_code_has_a_message(void **state)
{
	(void)state;
	for (int rc = 0; rc < JCS_RC_LAST; rc++) {
		const char *m = jcs_strerror((jcs_rc)rc);

		assert_non_null(m);
		assert_true(strlen(m) > 3);
		assert_string_not_equal(m, "unknown error code");
	}
	assert_string_equal(jcs_strerror(JCS_RC_LAST), "unknown error code");
	assert_string_equal(jcs_strerror((jcs_rc)-1), "unknown error code");
}

static void test_version(void **state)
{
	int a, b, c;

	(void)state;
	assert_int_equal(sscanf(jcs_version(), "%d.%d.%d", &a, &b, &c), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_code_has_a_message),
		cmocka_unit_test(test_version),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_result.c - the result model: findings are refused without a valid
 * category or required field, counts by severity, categories match the
 * reference document exactly, observations (positive evidence) are kept
 * apart from findings and refused without a valid id or title, and the
 * JSON and text writers work.
 *
 * With "--emit FILE" it writes a sample result document to FILE instead,
 * for tests/integration/test_cli.sh to validate against the JSON Schema.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "jcstar/jcstar.h"

const char *const *jcsi_categories(void);

static struct jcs_result *sample(void)
{
	struct jcs_result *r = jcs_result_new("scan");
	struct jcs_finding f = {
		.rule = "accounts.shadow.cracked",
		.category = "weak-password",
		.severity = JCS_SEV_CRITICAL,
		.title = "root password is in the default password list",
		.location = {.path = "/etc/shadow",
			     .container = "flash.bin@0x1a0041 squashfs",
			     .line = 1},
		.evidence = "root:a****n",
	};
	struct jcs_finding g = {
		.rule = "services.telnetd",
		.category = "telnet-enabled",
		.severity = JCS_SEV_HIGH,
		.title = "telnetd started at boot",
		.location = {.host = "127.0.0.1", .port = 23,
			     .protocol = "tcp"},
	};

	struct jcs_observation o = {
		.id = "update.signature-verified",
		.title = "Update signature verified before flashing",
		.location = {.path = "/sbin/fw-update",
			     .container = "flash.bin@0x1a0041 squashfs",
			     .line = 12},
		.evidence = "openssl dgst -sha256 -verify /etc/fw.pem",
	};

	assert_non_null(r);
	assert_int_equal(jcs_result_add(r, &f), JCS_OK);
	assert_int_equal(jcs_result_add(r, &g), JCS_OK);
	assert_int_equal(jcs_result_add_observation(r, &o), JCS_OK);
	assert_int_equal(jcs_result_add_limitation(r, "jffs2 partition at "
						   "0xc00000",
						   "lzma nodes not supported"),
			 JCS_OK);
	jcs_result_finish(r);
	return r;
}

static void test_add_and_count(void **state)
{
	struct jcs_result *r = sample();

	(void)state;
	assert_int_equal(jcs_result_count(r, JCS_SEV_INFO), 2);
	assert_int_equal(jcs_result_count(r, JCS_SEV_HIGH), 2);
	assert_int_equal(jcs_result_count(r, JCS_SEV_CRITICAL), 1);
	jcs_result_free(r);
}

static void test_refuses_bad_findings(void **state)
{
	struct jcs_result *r = jcs_result_new("scan");
	struct jcs_finding f = {.rule = "x.y", .category = "weak-passwords",
				.severity = JCS_SEV_LOW, .title = "t"};

	(void)state;
	assert_int_equal(jcs_result_add(r, &f), JCS_E_ARG); /* misspelt */
	f.category = "weak-password";
	f.title = NULL;
	assert_int_equal(jcs_result_add(r, &f), JCS_E_ARG);
	f.title = "t";
	f.severity = (enum jcs_severity)9;
	assert_int_equal(jcs_result_add(r, &f), JCS_E_ARG);
	assert_int_equal(jcs_result_count(r, JCS_SEV_INFO), 0);
	jcs_result_free(r);
	jcs_result_free(NULL);
}

static void test_severity_names(void **state)
{
	enum jcs_severity s;

	(void)state;
	assert_int_equal(jcs_severity_parse("critical", &s), 0);
	assert_int_equal(s, JCS_SEV_CRITICAL);
	assert_int_equal(jcs_severity_parse("severe", &s), -1);
	assert_string_equal(jcs_severity_name(JCS_SEV_MEDIUM), "medium");
}

/* The category list must be exactly the one of categories.md. */
static void test_categories_match_reference(void **state)
{
	const char *src = getenv("JCSTAR_SOURCE_ROOT");
	char path[4096], line[512];
	const char *const *cats = jcsi_categories();
	size_t n = 0, found = 0;
	FILE *f;

	(void)state;
	if (!src)
		skip();
	snprintf(path, sizeof(path), "%s/../shared/reference/categories.md",
		 src);
	f = fopen(path, "r");
	if (!f)
		skip(); /* outside a checkout with shared/ beside it */
	while (fgets(line, sizeof(line), f)) {
		char name[128];

		if (sscanf(line, "- `%127[^`]`", name) != 1)
			continue;
		found++;
		assert_true(jcs_category_valid(name));
	}
	fclose(f);
	for (; cats[n]; n++)
		;
	assert_int_equal(found, n);
}

static void test_observations(void **state)
{
	struct jcs_result *r = jcs_result_new("scan");
	struct jcs_observation o = {.id = "boot.fit-signed",
				    .title = "FIT image is signed",
				    .location = {.container = "fw@0x0 fit"}};
	static const char *const bad_ids[] = {"", "boot", "Boot.fit",
					      "boot..fit", "boot.fit.",
					      ".boot", "boot.fit signed", NULL};
	char *buf = NULL;
	size_t len = 0;
	FILE *m;

	(void)state;
	for (size_t i = 0; bad_ids[i]; i++) {
		o.id = bad_ids[i];
		assert_int_equal(jcs_result_add_observation(r, &o), JCS_E_ARG);
	}
	o.id = NULL;
	assert_int_equal(jcs_result_add_observation(r, &o), JCS_E_ARG);
	o.id = "boot.fit-signed";
	o.title = "";
	assert_int_equal(jcs_result_add_observation(r, &o), JCS_E_ARG);
	o.title = NULL;
	assert_int_equal(jcs_result_add_observation(r, &o), JCS_E_ARG);
	assert_int_equal(jcs_result_add_observation(NULL, &o), JCS_E_ARG);
	o.title = "FIT image is signed";
	assert_int_equal(jcs_result_add_observation(r, &o), JCS_OK);
	/* evidence, not a finding: counts and --fail-on do not see it */
	assert_int_equal(jcs_result_count(r, JCS_SEV_INFO), 0);

	m = open_memstream(&buf, &len);
	assert_int_equal(jcs_result_write_json(r, m), JCS_OK);
	fclose(m);
	assert_non_null(strstr(buf, "\"observations\": ["));
	assert_non_null(strstr(buf, "\"id\": \"boot.fit-signed\""));
	assert_non_null(strstr(buf, "\"container\": \"fw@0x0 fit\""));
	assert_null(strstr(buf, "\"evidence\"")); /* none given: none written */
	assert_null(strstr(buf, "\"requirements\""));
	free(buf);
	jcs_result_free(r);
}

/* An empty result still carries the (empty) observations array. */
static void test_observations_always_present(void **state)
{
	struct jcs_result *r = jcs_result_new("scan");
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	(void)state;
	assert_int_equal(jcs_result_write_json(r, m), JCS_OK);
	fclose(m);
	assert_non_null(strstr(buf, "\"observations\": []"));
	free(buf);
	jcs_result_free(r);
}

static void test_catalog_named(void **state)
{
	struct jcs_result *r = jcs_result_new("scan");
	json_t *doc;
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	(void)state;
	assert_int_equal(jcs_result_set_catalog(r, NULL), JCS_E_ARG);
	assert_int_equal(jcs_result_set_catalog(r, ""), JCS_E_ARG);
	/* not the tool's own version: the catalog's is its own object */
	assert_int_equal(jcs_result_set_catalog(r, "7.3.1-test"), JCS_OK);
	assert_int_equal(jcs_result_write_json(r, m), JCS_OK);
	fclose(m);
	doc = json_loads(buf, 0, NULL);
	assert_non_null(doc);
	assert_string_equal(json_string_value(json_object_get(
				    json_object_get(doc, "catalog"), "version")),
			    "7.3.1-test");
	json_decref(doc);
	free(buf);
	jcs_result_free(r);
}

static void test_text_writer(void **state)
{
	struct jcs_result *r = sample();
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	const char *ev, *lim;

	(void)state;
	assert_int_equal(jcs_result_write_text(r, m, 0), JCS_OK);
	fclose(m);
	ev = strstr(buf, "\nEvidence found\n  + Update signature verified "
			 "before flashing (at /sbin/fw-update:12)\n");
	lim = strstr(buf, "\nnot checked\n");
	assert_non_null(ev);
	assert_non_null(lim);
	assert_true(ev < lim);
	assert_non_null(strstr(buf, "2 findings:"));
	free(buf);
	jcs_result_free(r);
}

static void test_json_writer(void **state)
{
	struct jcs_result *r = sample();
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	(void)state;
	assert_int_equal(jcs_result_write_json(r, m), JCS_OK);
	fclose(m);
	assert_non_null(strstr(buf, "\"category\": \"weak-password\""));
	assert_non_null(strstr(buf, "\"limitations\""));
	assert_non_null(strstr(buf, "\"id\": \"update.signature-verified\""));
	free(buf);
	jcs_result_free(r);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_and_count),
		cmocka_unit_test(test_refuses_bad_findings),
		cmocka_unit_test(test_severity_names),
		cmocka_unit_test(test_categories_match_reference),
		cmocka_unit_test(test_observations),
		cmocka_unit_test(test_observations_always_present),
		cmocka_unit_test(test_catalog_named),
		cmocka_unit_test(test_text_writer),
		cmocka_unit_test(test_json_writer),
	};

	if (argc == 3 && strcmp(argv[1], "--emit") == 0) {
		struct jcs_result *r = sample();
		FILE *f = fopen(argv[2], "w");
		int ok = f && jcs_result_write_json(r, f) == JCS_OK;

		if (f)
			fclose(f);
		jcs_result_free(r);
		return ok ? 0 : 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}

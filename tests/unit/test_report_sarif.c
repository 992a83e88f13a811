/*
 * test_report_sarif.c - the SARIF reporter over hand-written result
 * documents (tests/data/results/rep-*.json): exact rules, levels,
 * locations (firmware path, live, cloud, none), suppressions and
 * fingerprints; the category help texts (data/categories.tsv) say exactly
 * the categories of lib/result/categories.c and their loader refuses
 * broken files with file:line; missing data and failing allocations are
 * reported, never a crash.
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

#include "lib/core/mem.h"
#include "lib/report/category_texts.h"
#include "lib/report/report_int.h"

#include "fixture.h"

const char *const *jcsi_categories(void); /* lib/result/categories.c */

static char src[2048];

/* The reporter's output for DOC, parsed back; *RC its return code. */
static json_t *render(const json_t *doc, const char *data_dir, jcs_rc *rc)
{
	struct jcsi_report_opts o = {.data_dir = data_dir};
	struct memout m;
	json_t *log = NULL;
	char *buf;

	*rc = jcsi_report_sarif(doc, memout_open(&m), &o);
	buf = memout_close(&m);
	if (*rc == JCS_OK) {
		log = json_loads(buf, 0, NULL);
		assert_non_null(log);
	}
	free(buf);
	return log;
}

static json_t *sarif_of(const char *fixture, const char *data_dir)
{
	json_t *doc = result_fixture(fixture), *log;
	jcs_rc rc;
	char dir[4096];

	if (!data_dir) {
		snprintf(dir, sizeof(dir), "%s/data", src);
		data_dir = dir;
	}
	log = render(doc, data_dir, &rc);
	assert_int_equal(rc, JCS_OK);
	json_decref(doc);
	return log;
}

/* Member at a path of keys and array indices: "runs", 0, "tool"... */
static const json_t *at(const json_t *v, const char *path)
{
	char buf[512], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *k = strtok_r(buf, ".", &save); k && v;
	     k = strtok_r(NULL, ".", &save)) {
		if (k[0] >= '0' && k[0] <= '9')
			v = json_array_get(v, strtoul(k, NULL, 10));
		else
			v = json_object_get(v, k);
	}
	return v;
}

static const char *s_at(const json_t *v, const char *path)
{
	const char *s = json_string_value(at(v, path));

	if (!s)
		fail_msg("no string at %s", path);
	return s;
}

static void test_log_and_driver(void **state)
{
	json_t *log = sarif_of("rep-scan.json", NULL);

	(void)state;
	assert_string_equal(s_at(log, "$schema"),
			    "https://json.schemastore.org/sarif-2.1.0.json");
	assert_string_equal(s_at(log, "version"), "2.1.0");
	assert_int_equal(json_array_size(at(log, "runs")), 1);
	assert_string_equal(s_at(log, "runs.0.tool.driver.name"), "jcstar");
	assert_string_equal(s_at(log, "runs.0.tool.driver.version"), "0.4.0");
	assert_string_equal(s_at(log, "runs.0.tool.driver.informationUri"),
			    "https://github.com/jcstar/jcstar");
	assert_string_equal(s_at(log, "runs.0.originalUriBaseIds.FIRMWARE_ROOT."
				 "description.text"),
			    "The root of the file system of the firmware image "
			    "fw.bin.");
	assert_true(json_is_true(at(log,
			"runs.0.invocations.0.executionSuccessful")));
	assert_string_equal(s_at(log, "runs.0.invocations.0.startTimeUtc"),
			    "2026-11-26T09:00:00Z");
	assert_string_equal(s_at(log, "runs.0.invocations.0.endTimeUtc"),
			    "2026-11-26T09:00:07Z");
	/* the limitation, and nothing else: the help texts loaded */
	assert_int_equal(json_array_size(at(log,
			"runs.0.invocations.0.toolExecutionNotifications")), 1);
	assert_string_equal(s_at(log, "runs.0.invocations.0."
				 "toolExecutionNotifications.0.level"), "note");
	assert_string_equal(s_at(log, "runs.0.invocations.0."
				 "toolExecutionNotifications.0.message.text"),
			    "Not checked: UBIFS volume rootfs_data: compressed "
			    "with zstd, not supported yet.");
	assert_string_equal(s_at(log, "runs.0.properties.catalogVersion"),
			    "2026.11-test");
	assert_string_equal(s_at(log, "runs.0.properties.command"), "scan");
	/* a scan has no verdicts: an empty table, not a made-up one */
	assert_int_equal(json_array_size(at(log,
			"runs.0.properties.requirements")), 0);
	json_decref(log);
}

static void test_rules(void **state)
{
	static const char *const ids[] = {
		"accounts.empty-password", "services.telnetd",
		"network.http-admin", "live.fixture-telnet", "api.no-lockout",
		"hygiene.shell-history", "elf.summary"};
	static const char *const levels[] = {"error", "error", "error",
		"error", "warning", "note", "note"};
	static const char *const scores[] = {"9.5", "8.0", "8.0", "8.0",
		"5.5", "3.0", "0.0"};
	json_t *log = sarif_of("rep-scan.json", NULL);
	const json_t *rules = at(log, "runs.0.tool.driver.rules");
	const json_t *r0 = json_array_get(rules, 0);

	(void)state;
	assert_int_equal(json_array_size(rules), 7);
	for (size_t i = 0; i < 7; i++) {
		const json_t *r = json_array_get(rules, i);

		assert_string_equal(s_at(r, "id"), ids[i]);
		assert_string_equal(s_at(r, "defaultConfiguration.level"),
				    levels[i]);
		assert_string_equal(s_at(r, "properties.security-severity"),
				    scores[i]);
		assert_string_equal(s_at(r, "properties.tags.0"), "security");
		assert_string_equal(s_at(r, "properties.tags.1"),
				    s_at(r, "properties.category"));
	}
	assert_string_equal(s_at(r0, "name"), "AccountsEmptyPassword");
	/* from the rule table, its holes shown */
	assert_string_equal(s_at(r0, "shortDescription.text"),
			    "Account '...' has an empty password");
	/* not in the rule table (live): a finding's title */
	assert_string_equal(s_at(json_array_get(rules, 3),
				 "shortDescription.text"),
			    "Telnet answers on port 23");
	assert_string_equal(s_at(r0, "help.text"),
		"Category empty-password (Authentication and credentials): "
		"an account or service that accepts an empty password. "
		"Found in: firmware,live. Bears on: S1.1-01, 5.1-1, 5.1-2.");
	assert_string_equal(s_at(r0, "fullDescription.text"),
			    s_at(r0, "help.text"));
	assert_string_equal(s_at(r0, "help.markdown"),
		"**empty-password** (Authentication and credentials): "
		"an account or service that accepts an empty password.\n\n"
		"Found in: firmware,live.\n\n"
		"Bears on: `S1.1-01`, `5.1-1`, `5.1-2`.");
	assert_int_equal(json_array_size(at(r0, "properties.requirements")), 3);
	assert_string_equal(s_at(json_array_get(rules, 2), "help.markdown"),
		"**cleartext-admin-interface** (Debug and attack surface): "
		"an administration UI or API served without TLS.\n\n"
		"Found in: firmware,live.\n\nBears on: no catalog requirement.");
	json_decref(log);
}

static void test_results(void **state)
{
	json_t *log = sarif_of("rep-scan.json", NULL);
	const json_t *res = at(log, "runs.0.results");
	const json_t *r;

	(void)state;
	assert_int_equal(json_array_size(res), 8);
	r = json_array_get(res, 0);
	assert_string_equal(s_at(r, "ruleId"), "accounts.empty-password");
	assert_int_equal(json_integer_value(at(r, "ruleIndex")), 0);
	assert_string_equal(s_at(r, "level"), "error");
	assert_string_equal(s_at(r, "message.text"),
			    "Account 'root' has an empty password\n"
			    "Evidence: root::19000:0:99999:7:::");
	assert_string_equal(s_at(r, "locations.0.physicalLocation."
				 "artifactLocation.uri"), "etc/shadow");
	assert_string_equal(s_at(r, "locations.0.physicalLocation."
				 "artifactLocation.uriBaseId"),
			    "FIRMWARE_ROOT");
	assert_int_equal(json_integer_value(at(r,
		"locations.0.physicalLocation.region.startLine")), 1);
	assert_string_equal(s_at(r, "properties.category"), "empty-password");
	assert_string_equal(s_at(r, "properties.severity"), "critical");
	assert_string_equal(s_at(r, "properties.container"),
			    "fw.bin > squashfs@0x40000");
	assert_string_equal(s_at(r, "properties.requirements.1"), "5.1-1");
	assert_null(at(r, "suppressions"));
	/* the second finding of the same rule: same descriptor */
	assert_int_equal(json_integer_value(at(json_array_get(res, 1),
					       "ruleIndex")), 0);
	assert_int_equal(json_integer_value(at(json_array_get(res, 2),
					       "ruleIndex")), 1);
	/* the result's level is its finding's severity (medium), not the
	   rule's default (high) */
	r = json_array_get(res, 3);
	assert_string_equal(s_at(r, "level"), "warning");
	assert_string_equal(s_at(r, "locations.0.physicalLocation."
				 "artifactLocation.uri"),
			    "www/cgi-bin/a%20b%3Ac.cgi");
	assert_null(at(r, "locations.0.physicalLocation.region"));
	/* live and cloud: logical locations, no file */
	r = json_array_get(res, 4);
	assert_null(at(r, "locations.0.physicalLocation"));
	assert_string_equal(s_at(r, "locations.0.logicalLocations.0.name"),
			    "192.0.2.10:23/tcp");
	assert_string_equal(s_at(r, "locations.0.logicalLocations.0.kind"),
			    "resource");
	r = json_array_get(res, 5);
	assert_string_equal(s_at(r, "locations.0.logicalLocations.0."
				 "fullyQualifiedName"),
			    "POST https://api.example.com/v1/login");
	assert_string_equal(s_at(r, "message.text"),
			    "Login endpoint accepts 100 wrong passwords "
			    "without delay");
	/* suppressed: still there, with the baseline's justification */
	r = json_array_get(res, 6);
	assert_string_equal(s_at(r, "level"), "note");
	assert_int_equal(json_array_size(at(r, "suppressions")), 1);
	assert_string_equal(s_at(r, "suppressions.0.kind"), "external");
	assert_string_equal(s_at(r, "suppressions.0.status"), "accepted");
	assert_string_equal(s_at(r, "suppressions.0.justification"),
			    "Test image only; the release build strips /root");
	assert_string_equal(s_at(r, "suppressions.0.properties.expires"),
			    "2027-03-31");
	/* no place at all: no locations (not an invented one) */
	r = json_array_get(res, 7);
	assert_null(at(r, "locations"));
	assert_string_equal(s_at(r, "message.text"),
			    "12 of the image's ELF files lack PIE\n"
			    "Evidence: /bin/busybox\n/usr/sbin/httpd");
	json_decref(log);
}

static void test_fingerprints(void **state)
{
	json_t *a = sarif_of("rep-scan.json", NULL);
	json_t *b = sarif_of("rep-scan.json", NULL);
	const json_t *ra = at(a, "runs.0.results"), *v;
	size_t i, k;

	(void)state;
	json_array_foreach(ra, i, v) {
		const char *fp = s_at(v, "partialFingerprints."
				      "jcstarFindingHash/v1");

		assert_int_equal(strlen(fp), 64);
		/* stable across runs */
		assert_string_equal(fp, s_at(json_array_get(at(b,
					"runs.0.results"), i),
			"partialFingerprints.jcstarFindingHash/v1"));
		/* and distinct: two accounts of one file differ by line */
		for (k = 0; k < i; k++)
			assert_string_not_equal(fp, s_at(json_array_get(ra, k),
				"partialFingerprints.jcstarFindingHash/v1"));
	}
	json_decref(a);
	json_decref(b);
}

static void test_assess_verdicts(void **state)
{
	json_t *log = sarif_of("rep-assess.json", NULL);
	const json_t *reqs = at(log, "runs.0.properties.requirements");

	(void)state;
	assert_int_equal(json_array_size(reqs), 8);
	assert_string_equal(s_at(reqs, "0.id"), "S1.1-01");
	assert_string_equal(s_at(reqs, "0.verdict"), "fail");
	assert_string_equal(s_at(reqs, "2.verdict"), "needs-evidence");
	assert_string_equal(s_at(reqs, "3.verdict"), "not-applicable");
	assert_string_equal(s_at(reqs, "6.scheme"), "etsi-en-303-645");
	assert_string_equal(s_at(reqs, "6.verdict"), "pass");
	assert_string_equal(s_at(log, "runs.0.properties.product.name"),
			    "Acme Cam | Pro");
	assert_int_equal(json_array_size(at(log, "runs.0.tool.driver.rules")),
			 4);
	json_decref(log);
}

/* A minimal document: no findings, no limitations, nothing optional. */
static void test_empty(void **state)
{
	json_t *doc = json_pack("{s:s, s:s, s:s, s:s, s:s, s:[], s:[], s:[]}",
		"document", "result", "tool", "jcstar", "version", "0.4.0",
		"command", "scan", "started_at", "2026-11-26T09:00:00Z",
		"findings", "observations", "limitations");
	char dir[4096];
	jcs_rc rc;
	json_t *log;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/data", src);
	log = render(doc, dir, &rc);
	assert_int_equal(rc, JCS_OK);
	assert_int_equal(json_array_size(at(log, "runs.0.tool.driver.rules")),
			 0);
	assert_int_equal(json_array_size(at(log, "runs.0.results")), 0);
	assert_null(at(log, "runs.0.invocations.0.endTimeUtc"));
	assert_null(at(log, "runs.0.properties.catalogVersion"));
	json_decref(log);
	json_decref(doc);
	assert_int_equal(jcsi_report_sarif(NULL, stdout, NULL), JCS_E_ARG);
}

/* Names from a hostile image become valid relative URIs: every byte
   but the unreserved ones and '/' percent-encoded, the root itself ".". */
static void test_uri_encoding(void **state)
{
	static const char *const paths[][2] = {
		{"/", "."},
		{"//etc//x", "etc//x"},
		{"/caf\xc3\xa9/%41?#[]", "caf%C3%A9/%2541%3F%23%5B%5D"},
		{"/a:b@c", "a%3Ab%40c"},
		{"/~user/.x_y-z", "~user/.x_y-z"},
	};
	char dir[4096];

	(void)state;
	snprintf(dir, sizeof(dir), "%s/data", src);
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		json_t *doc = json_pack("{s:s, s:s, s:s, s:s, s:s, s:[], s:[],"
			" s:[{s:s, s:s, s:s, s:s, s:{s:s}, s:[]}]}",
			"document", "result", "tool", "jcstar", "version",
			"0.4.0", "command", "scan", "started_at",
			"2026-11-26T09:00:00Z", "observations", "limitations",
			"findings", "rule", "hygiene.world-writable",
			"category", "world-writable", "severity", "medium",
			"title", "World-writable x", "location", "path",
			paths[i][0], "requirements");
		jcs_rc rc;
		json_t *log = render(doc, dir, &rc);

		assert_int_equal(rc, JCS_OK);
		assert_string_equal(s_at(log, "runs.0.results.0.locations.0."
				"physicalLocation.artifactLocation.uri"),
				    paths[i][1]);
		json_decref(log);
		json_decref(doc);
	}
}

/* No data directory: the log is still written, says what is missing. */
static void test_no_data(void **state)
{
	json_t *log = sarif_of("rep-scan.json", "/nonexistent/jcstar-data");
	const json_t *notes = at(log, "runs.0.invocations.0."
				 "toolExecutionNotifications");
	const json_t *last = json_array_get(notes, json_array_size(notes) - 1);

	(void)state;
	assert_int_equal(json_array_size(notes), 2);
	assert_string_equal(s_at(last, "level"), "warning");
	assert_non_null(strstr(s_at(last, "message.text"),
			       "/nonexistent/jcstar-data/categories.tsv"));
	assert_string_equal(s_at(log, "runs.0.tool.driver.rules.0."
				 "shortDescription.text"),
			    "Account 'root' has an empty password");
	assert_non_null(strstr(s_at(log, "runs.0.tool.driver.rules.0."
				    "help.text"), "(no description loaded)"));
	json_decref(log);
}

/* Every allocation that can fail fails once: an error, never a crash
   or a half-written log reported as success. */
static void test_alloc_failures(void **state)
{
	json_t *doc = result_fixture("rep-assess.json"), *log;
	char dir[4096];
	jcs_rc rc = JCS_E_NOMEM;
	unsigned long n;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/data", src);
	for (n = 1; n < 100000 && rc != JCS_OK; n++) {
		jcsi_mem_fail_after(n);
		log = render(doc, dir, &rc);
		jcsi_mem_fail_after(0);
		assert_true(rc == JCS_OK || rc == JCS_E_NOMEM);
		json_decref(log);
	}
	assert_int_equal(rc, JCS_OK);
	assert_true(n > 2);
	json_decref(doc);
}

/* data/categories.tsv: exactly the categories of the code, in order. */
static void test_categories_file(void **state)
{
	const char *const *cats = jcsi_categories();
	struct jcsi_category_texts *t;
	char path[4096], err[512] = "";
	size_t n = 0;

	(void)state;
	snprintf(path, sizeof(path), "%s/data/categories.tsv", src);
	assert_int_equal(jcsi_category_texts_load(path, &t, err, sizeof(err)),
			 JCS_OK);
	for (; cats[n]; n++) {
		const struct jcsi_category_text *c = jcsi_category_text_at(t, n);

		assert_non_null(c);
		assert_string_equal(c->name, cats[n]);
		assert_true(strlen(c->meaning) > 10);
	}
	assert_int_equal(n, 50);
	assert_int_equal(jcsi_category_texts_count(t), n);
	assert_string_equal(jcsi_category_text(t, "weak-token")->where,
			    "cloud,app");
	assert_string_equal(jcsi_category_text(t, "missing-threat-model")->
			    meaning, "no threat model for the product");
	jcsi_category_texts_free(t);
}

static void expect_refused(const char *text, const char *want)
{
	char path[] = "/tmp/jcstar-cat-XXXXXX", err[512] = "", where[64];
	struct jcsi_category_texts *t = (void *)1;
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(jcsi_category_texts_load(path, &t, err, sizeof(err)),
			 JCS_E_FORMAT);
	assert_null(t);
	snprintf(where, sizeof(where), "%s:3: ", path);
	if (strncmp(err, where, strlen(where)) || !strstr(err, want))
		fail_msg("error '%s', want '%s...%s'", err, where, want);
	unlink(path);
}

static void test_categories_refused(void **state)
{
	static const char ok[] = "# comment\n"
		"empty-password\tAuth\tfirmware\tan empty password\n";

	char buf[512];

	(void)state;
	snprintf(buf, sizeof(buf), "%s%s", ok, "weak-token\tAuth\tcloud\n");
	expect_refused(buf, "want 4 tab-separated fields");
	snprintf(buf, sizeof(buf), "%s%s", ok,
		 "weak-token\tAuth\tcloud\tx\textra\n");
	expect_refused(buf, "want 4 tab-separated fields");
	snprintf(buf, sizeof(buf), "%s%s", ok, "weak-token\t\tcloud\tx\n");
	expect_refused(buf, "want 4 tab-separated fields");
	snprintf(buf, sizeof(buf), "%s%s", ok, "weak-tokens\tAuth\tcloud\tx\n");
	expect_refused(buf, "unknown category 'weak-tokens'");
	snprintf(buf, sizeof(buf), "%s%s", ok,
		 "empty-password\tAuth\tlive\tagain\n");
	expect_refused(buf, "category 'empty-password' given twice");
}

int main(void)
{
	const char *root = getenv("JCSTAR_SOURCE_ROOT");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_log_and_driver),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_results),
		cmocka_unit_test(test_fingerprints),
		cmocka_unit_test(test_assess_verdicts),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_uri_encoding),
		cmocka_unit_test(test_no_data),
		cmocka_unit_test(test_alloc_failures),
		cmocka_unit_test(test_categories_file),
		cmocka_unit_test(test_categories_refused),
	};

	snprintf(src, sizeof(src), "%s", root ? root : ".");
	return cmocka_run_group_tests(tests, NULL, NULL);
}

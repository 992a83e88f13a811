/*
 * test_verdict.c - the verdict engine (lib/assess/verdict.c) on a small
 * catalog, rule table and category table written here, and result
 * documents built by hand: every rule of the policy at the top of
 * verdict.c, with the reason and the needs it gives.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "lib/assess/assess_int.h"
#include "lib/checks/rules.h"

#include "fixture.h"

static const char rules_tsv[] =
	"fw.weak\tweak-password\thigh\taccounts\tWeak {}\n"
	"fw.info\tweak-password\tinfo\taccounts\tNote {}\n"
	"fw.key\thardcoded-private-key\thigh\tcontent\tKey {}\n";

static const char places_tsv[] =
	"weak-password\tAuth\tfirmware,live\tweak\n"
	"hardcoded-private-key\tKeys\tfirmware,app\tkey\n";

static const char catalog_yaml[] =
	"catalog_version: \"9.9\"\n"
	"reference: test\n"
	"requirements:\n"
	"  - {id: S1.1-01, scheme: jcstar-star1, confirmed: true, title: A, asks: a,\n"
	"     categories: [weak-password], evidence: [absence], tested_in: [firmware]}\n"
	"  - {id: S1.1-02, scheme: jcstar-star1, confirmed: true, title: B, asks: b,\n"
	"     categories: [weak-password], evidence: [absence], tested_in: [firmware, live]}\n"
	"  - {id: S1.1-03, scheme: jcstar-star1, confirmed: true, title: C, asks: c,\n"
	"     categories: [], evidence: [document:threat-model], tested_in: [docs]}\n"
	"  - {id: S1.1-04, scheme: jcstar-star1, confirmed: true, title: D, asks: d,\n"
	"     categories: [hardcoded-private-key],\n"
	"     evidence: [absence, observation:update.signature-verified], tested_in: [firmware, app]}\n"
	"  - {id: S1.1-05, scheme: jcstar-star1, confirmed: true, title: E, asks: e,\n"
	"     applies_if: [user_data], categories: [], evidence: [], tested_in: [docs]}\n"
	"  - {id: S1.1-06, scheme: jcstar-star1, confirmed: true, title: F, asks: f,\n"
	"     categories: [], evidence: [], tested_in: [docs]}\n"
	"  - {id: S1.1-07, scheme: jcstar-star1, confirmed: true, title: G, asks: g,\n"
	"     categories: [weak-password], evidence: [absence], tested_in: [firmware]}\n"
	"  - {id: S1.1-09, scheme: jcstar-star1, confirmed: false, title: H, asks: h,\n"
	"     categories: [], evidence: [], tested_in: []}\n";

static char dir[] = "/tmp/jcstar-verdict-XXXXXX";
static struct jcsi_rules *rules;
static struct jcsi_catalog *cat;
static struct jcsi_places *places;

static int setup(void **state)
{
	char p[4096], err[512] = "";

	(void)state;
	if (!mkdtemp(dir))
		return -1;
	write_file(dir, "rules.tsv", rules_tsv);
	write_file(dir, "categories.tsv", places_tsv);
	snprintf(p, sizeof(p), "%s/rules.tsv", dir);
	if (jcsi_rules_load(p, &rules, err, sizeof(err)) != JCS_OK)
		goto bad;
	if (jcsi_catalog_parse(catalog_yaml, strlen(catalog_yaml), "t.yaml",
			       rules, &cat, err, sizeof(err)) != JCS_OK)
		goto bad;
	snprintf(p, sizeof(p), "%s/categories.tsv", dir);
	if (jcsi_places_load(p, &places, err, sizeof(err)) != JCS_OK)
		goto bad;
	return 0;
bad:
	fprintf(stderr, "setup: %s\n", err);
	return -1;
}

static int teardown(void **state)
{
	char cmd[4200];

	(void)state;
	jcsi_rules_free(rules);
	jcsi_catalog_free(cat);
	jcsi_places_free(places);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* A result document: FINDINGS and CHECKS as JSON text. */
static json_t *doc(const char *findings, const char *checks,
		   const char *observations)
{
	char text[8192];
	json_error_t e;
	json_t *d;

	snprintf(text, sizeof(text), "{\"findings\": %s, \"checks\": %s, "
		 "\"observations\": %s}", findings, checks,
		 observations ? observations : "[]");
	d = json_loads(text, 0, &e);
	if (!d)
		fail_msg("bad test JSON: %s", e.text);
	return d;
}

static const char all_ran[] =
	"[{\"name\": \"accounts\", \"target\": \"firmware\", \"status\": \"ran\"},"
	" {\"name\": \"content\", \"target\": \"firmware\", \"status\": \"ran\"},"
	" {\"name\": \"probe\", \"target\": \"live\", \"status\": \"not-run\","
	"  \"why\": \"probe is not built\"},"
	" {\"name\": \"app\", \"target\": \"app\", \"status\": \"not-run\","
	"  \"why\": \"no app given\"}]";

static struct jcsi_manifest *manifest(const char *features)
{
	char text[2048], err[512] = "";
	struct jcsi_manifest *m = NULL;

	snprintf(text, sizeof(text), "product:\n  name: T\n%s"
		 "not_applicable:\n  - id: S1.1-07\n    reason: no accounts\n",
		 features);
	if (jcsi_manifest_parse(text, strlen(text), "p.yaml", dir, &m, err,
				sizeof(err)) != JCS_OK)
		fail_msg("manifest: %s", err);
	return m;
}

static json_t *verdicts(const json_t *d, const struct jcsi_manifest *m,
			const struct jcsi_doc_verdict *docs)
{
	struct jcsi_verdict_in in = {.cat = cat, .rules = rules,
				     .places = places, .m = m, .docs = docs,
				     .doc = d};
	json_t *v = jcsi_verdicts(&in);

	assert_non_null(v);
	assert_int_equal(json_array_size(v), cat->n);
	return v;
}

static const json_t *req(const json_t *v, const char *id)
{
	size_t i;
	const json_t *q;

	json_array_foreach(v, i, q)
		if (!strcmp(json_string_value(json_object_get(q, "id")), id))
			return q;
	fail_msg("no %s", id);
	return NULL;
}

static void expect(const json_t *v, const char *id, const char *verdict,
		   const char *reason_part)
{
	const json_t *q = req(v, id);
	const char *got = json_string_value(json_object_get(q, "verdict"));
	const char *why = json_string_value(json_object_get(q, "reason"));

	if (strcmp(got, verdict) || (reason_part && !strstr(why, reason_part)))
		fail_msg("%s: %s (%s), want %s with '%s'", id, got, why,
			 verdict, reason_part ? reason_part : "");
}

static int needs_has(const json_t *v, const char *id, const char *part)
{
	size_t i;
	const json_t *n;

	json_array_foreach(json_object_get(req(v, id), "needs"), i, n)
		if (strstr(json_string_value(n), part))
			return 1;
	return 0;
}

static const char weak_finding[] =
	"[{\"rule\": \"fw.weak\", \"category\": \"weak-password\", "
	"\"severity\": \"high\", \"requirements\": [\"S1.1-01\", \"S1.1-02\"]}]";

static void test_fail_names_findings(void **state)
{
	json_t *d = doc(weak_finding, all_ran, NULL);
	json_t *v = verdicts(d, NULL, NULL);

	(void)state;
	expect(v, "S1.1-01", "fail", "1 finding fails it: fw.weak");
	expect(v, "S1.1-02", "fail", "fw.weak");
	assert_int_equal(json_integer_value(json_array_get(json_object_get(
		req(v, "S1.1-01"), "findings"), 0)), 0);
	/* no manifest: not-applicable only comes from one */
	expect(v, "S1.1-07", "pass", "firmware: no finding of weak-password");
	json_decref(v);
	json_decref(d);
}

static void test_info_and_suppressed_do_not_fail(void **state)
{
	json_t *d = doc("[{\"rule\": \"fw.info\", \"category\": \"weak-password\","
			" \"severity\": \"info\", \"requirements\": [\"S1.1-01\"]},"
			" {\"rule\": \"fw.weak\", \"category\": \"weak-password\","
			" \"severity\": \"high\", \"requirements\": [\"S1.1-01\"],"
			" \"suppressed\": {\"justification\": \"lab\"}}]",
			all_ran, NULL);
	json_t *v = verdicts(d, NULL, NULL);

	(void)state;
	expect(v, "S1.1-01", "pass", "checks that ran: accounts");
	assert_int_equal(json_array_size(json_object_get(req(v, "S1.1-01"),
							 "suppressed_findings")), 1);
	json_decref(v);
	json_decref(d);
}

static void test_place_not_examined(void **state)
{
	json_t *d = doc("[]", all_ran, NULL);
	json_t *v = verdicts(d, NULL, NULL);

	(void)state;
	/* weak-password is found on the live device too: probe did not run */
	expect(v, "S1.1-02", "needs-evidence", "live device");
	assert_true(needs_has(v, "S1.1-02", "probe is not built"));
	/* the key can be in the app too, and the app was not examined; the
	   observation is not there either */
	expect(v, "S1.1-04", "needs-evidence", NULL);
	assert_true(needs_has(v, "S1.1-04", "companion app"));
	assert_true(needs_has(v, "S1.1-04", "update.signature-verified"));
	json_decref(v);
	json_decref(d);
}

static void test_check_that_did_not_run(void **state)
{
	json_t *d = doc("[]",
			"[{\"name\": \"accounts\", \"target\": \"firmware\","
			" \"status\": \"failed\", \"why\": \"out of memory\"}]",
			NULL);
	json_t *v = verdicts(d, NULL, NULL);

	(void)state;
	expect(v, "S1.1-01", "needs-evidence", "check accounts failed: out of memory");
	json_decref(v);
	json_decref(d);
	d = doc("[]", "[]", NULL);
	v = verdicts(d, NULL, NULL);
	expect(v, "S1.1-01", "needs-evidence", "no check of jcstar looks for it");
	json_decref(v);
	json_decref(d);
}

static void test_features_observation_documents(void **state)
{
	struct jcsi_manifest *m = manifest("features:\n  app: false\n"
					   "  user_data: false\n");
	struct jcsi_doc_verdict docs[JCSI_DOC_COUNT];
	json_t *d = doc("[]", all_ran, NULL), *v;

	(void)state;
	memset(docs, 0, sizeof(docs));
	v = verdicts(d, m, docs);
	/* no app: the firmware alone decides the key */
	expect(v, "S1.1-04", "pass", "firmware: no finding of hardcoded-private-key");
	expect(v, "S1.1-05", "not-applicable", "the product has no user_data");
	expect(v, "S1.1-07", "not-applicable", "line 7): no accounts");
	expect(v, "S1.1-03", "needs-evidence", "documents.threat_model");
	expect(v, "S1.1-06", "needs-evidence", "an assessor judges it");
	expect(v, "S1.1-09", "needs-evidence", "not confirmed");
	json_decref(v);

	docs[JCSI_DOC_THREAT_MODEL].state = JCSI_DOCST_GIVEN;
	docs[JCSI_DOC_THREAT_MODEL].valid = 1;
	snprintf(docs[JCSI_DOC_THREAT_MODEL].ref, 512, "tm.md");
	v = verdicts(d, m, docs);
	expect(v, "S1.1-03", "pass", "threat-model: tm.md");
	json_decref(v);
	docs[JCSI_DOC_THREAT_MODEL].valid = 0;
	snprintf(docs[JCSI_DOC_THREAT_MODEL].detail, 512, "expired long ago");
	v = verdicts(d, m, docs);
	expect(v, "S1.1-03", "needs-evidence", "expired long ago");
	json_decref(v);
	json_decref(d);
	jcsi_manifest_free(m);

	/* app unknown: the observation decides it */
	d = doc("[]", all_ran, "[{\"id\": \"update.signature-verified\", "
		"\"title\": \"Signature verified\", \"location\": {\"path\": \"/sbin/ota\"}}]");
	v = verdicts(d, NULL, NULL);
	expect(v, "S1.1-04", "pass", "Signature verified at /sbin/ota");
	json_decref(v);
	json_decref(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fail_names_findings),
		cmocka_unit_test(test_info_and_suppressed_do_not_fail),
		cmocka_unit_test(test_place_not_examined),
		cmocka_unit_test(test_check_that_did_not_run),
		cmocka_unit_test(test_features_observation_documents),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

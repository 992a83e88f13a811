/*
 * test_catalog.c - the requirement catalog (data/catalog/jcstar-star1.yaml)
 * and its loader: the shipped catalog loads against the shipped rule table,
 * says what the reference says (known answers), maps every category a
 * firmware check can report; broken catalogs are refused with
 * file:line:column and the field.
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

#include "lib/assess/catalog.h"
#include "lib/checks/rules.h"
#include "lib/core/mem.h"

const char *const *jcsi_categories(void); /* lib/result/categories.c */

static struct jcsi_rules *rules;
static struct jcsi_catalog *shipped;

static int setup(void **state)
{
	const char *src = getenv("JCSTAR_SOURCE_ROOT");
	char path[4096], err[512] = "";

	(void)state;
	if (!src)
		return 0;
	snprintf(path, sizeof(path), "%s/data/rules/", src);
	if (jcsi_rules_load(path, &rules, err, sizeof(err)) != JCS_OK) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/data/catalog/jcstar-star1.yaml", src);
	if (jcsi_catalog_load(path, rules, &shipped, err, sizeof(err)) !=
	    JCS_OK) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	jcsi_catalog_free(shipped);
	jcsi_rules_free(rules);
	return 0;
}

static int has(const struct jcsi_strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return 1;
	return 0;
}

static void test_shipped_known_answers(void **state)
{
	const struct jcsi_requirement *r;
	size_t star1 = 0, en = 0, local = 0;
	char id[16];

	(void)state;
	if (!shipped)
		skip();
	assert_string_equal(shipped->version, "0.2.0");
	assert_true(shipped->sources.n >= 4);
	/* the 16 items of ★1, and nothing official-looking beyond them */
	for (int i = 1; i <= 16; i++) {
		snprintf(id, sizeof(id), "S1.1-%02d", i);
		r = jcsi_catalog_get(shipped, id);
		assert_non_null(r);
		assert_int_equal(r->scheme, JCSI_SCHEME_JCSTAR_STAR1);
	}
	assert_null(jcsi_catalog_get(shipped, "S1.1-17"));
	for (size_t i = 0; i < shipped->n; i++) {
		r = &shipped->req[i];
		if (strncmp(r->id, "local-", 6) == 0) {
			local++;
			assert_int_equal(r->confirmed, JCSI_CONFIRMED_FALSE);
			assert_int_equal(r->scheme, JCSI_SCHEME_JCSTAR_STAR1);
		} else if (r->scheme == JCSI_SCHEME_JCSTAR_STAR1) {
			star1++;
		} else {
			en++;
		}
	}
	assert_int_equal(star1, 16);
	assert_int_equal(local, 4);
	assert_int_equal(en, 78);

	/* items whose title the reference did not find: no theme given */
	static const char *const unknown[] = {"S1.1-09", "S1.1-11", "S1.1-14",
					      "S1.1-15"};
	for (size_t i = 0; i < 4; i++) {
		r = jcsi_catalog_get(shipped, unknown[i]);
		assert_int_equal(r->confirmed, JCSI_CONFIRMED_FALSE);
		assert_int_equal(r->categories.n, 0);
		assert_int_equal(r->n_evidence, 0);
	}

	r = jcsi_catalog_get(shipped, "S1.1-02");
	assert_int_equal(r->confirmed, JCSI_CONFIRMED_TRUE);
	assert_string_equal(r->assessed_by, "document");
	assert_true(r->psti_recognised);
	assert_true(has(&r->categories, "universal-default-credential"));
	assert_int_equal(r->en303645.n, 2);
	assert_true(has(&r->en303645, "5.1-1") && has(&r->en303645, "5.1-2"));
	assert_true(r->mapping_confirmed);
	assert_int_equal(r->tested_in, JCSI_TESTED_FIRMWARE | JCSI_TESTED_LIVE |
				       JCSI_TESTED_DOCS);

	r = jcsi_catalog_get(shipped, "S1.1-04");
	assert_string_equal(r->assessed_by, "real-device");
	r = jcsi_catalog_get(shipped, "S1.1-01");
	assert_false(r->mapping_confirmed); /* [U mapping] in the reference */
	assert_true(has(&r->rules, "services.telnetd-no-login"));

	/* a verified update must be seen: no finding is no proof */
	r = jcsi_catalog_get(shipped, "S1.1-08");
	assert_int_equal(r->n_evidence, 1);
	assert_int_equal(r->evidence[0].kind, JCSI_EVIDENCE_OBSERVATION);
	assert_string_equal(r->evidence[0].what, "update.signature-verified");
	assert_true(has(&r->categories, "unsigned-update"));
	r = jcsi_catalog_get(shipped, "local-star1-secure-storage");
	assert_int_equal(r->n_evidence, 2);
	assert_int_equal(r->evidence[0].kind, JCSI_EVIDENCE_ABSENCE);
	assert_null(r->evidence[0].what);

	r = jcsi_catalog_get(shipped, "S1.1-05");
	assert_int_equal(r->evidence[0].kind, JCSI_EVIDENCE_DOCUMENT);
	assert_string_equal(r->evidence[0].what, "vulnerability-disclosure");

	r = jcsi_catalog_get(shipped, "5.13-1A");
	assert_string_equal(r->status, "M");
	assert_true(has(&r->aliases, "5.13-1"));
	assert_null(jcsi_catalog_get(shipped, "5.13-1")); /* alias, not id */
	r = jcsi_catalog_get(shipped, "5.7-1");
	assert_int_equal(r->n_evidence, 1);
	assert_string_equal(r->evidence[0].what, "boot.fit-signed");
}

/* What the checks report today: every rule's category must land in some
   requirement, or the assessment would drop findings silently. */
static void test_rule_categories_mapped(void **state)
{
	size_t missing = 0;

	(void)state;
	if (!shipped)
		skip();
	for (size_t i = 0; i < jcsi_rules_count(rules); i++) {
		const struct jcs_rule_info *ri = jcsi_rules_at(rules, i);

		if (!jcsi_catalog_count_category(shipped, ri->category)) {
			printf("rule %s: category %s bears on no requirement\n",
			       ri->id, ri->category);
			missing++;
		}
	}
	assert_int_equal(missing, 0);
}

/*
 * Every category categories.md marks as findable in firmware is mapped by
 * at least one requirement. This list must stay empty: a firmware check
 * for such a category can be written any day, and its findings would then
 * count for nothing. Categories found only live, in the cloud, the app or
 * docs are listed for information (their checks do not exist yet).
 */
static void test_fw_categories_mapped(void **state)
{
	const char *src = getenv("JCSTAR_SOURCE_ROOT");
	char path[4096], line[1024];
	const char *const *all = jcsi_categories();
	size_t missing = 0, seen = 0, n = 0;
	FILE *f;

	(void)state;
	if (!shipped || !src)
		skip();
	snprintf(path, sizeof(path), "%s/../shared/reference/categories.md",
		 src);
	if (!(f = fopen(path, "r")))
		skip(); /* outside a checkout with shared/ beside it */
	while (fgets(line, sizeof(line), f)) {
		char name[128];
		const char *where;

		if (sscanf(line, "- `%127[^`]`", name) != 1)
			continue;
		/* "- `name` — meaning — fw, live": after the last dash */
		where = strstr(line, "\xe2\x80\x94");
		while (where && strstr(where + 3, "\xe2\x80\x94"))
			where = strstr(where + 3, "\xe2\x80\x94");
		assert_non_null(where);
		assert_true(jcs_category_valid(name));
		seen++;
		if (jcsi_catalog_count_category(shipped, name))
			continue;
		if (strstr(where, "fw")) {
			missing++;
			printf("fw category not mapped: %s\n", name);
		} else {
			printf("(info) category not mapped yet: %s\n", name);
		}
	}
	fclose(f);
	while (all[n])
		n++;
	assert_int_equal(seen, n); /* the document was read, all of it */
	assert_int_equal(missing, 0);
}

/* ---- broken catalogs ---- */

static const char base[] =
	"catalog_version: \"t1\"\n"                        /* 1 */
	"requirements:\n"                                  /* 2 */
	"  - id: 5.1-1\n"                                  /* 3 */
	"    scheme: etsi-en-303-645\n"                    /* 4 */
	"    confirmed: true\n"                            /* 5 */
	"    status: M\n"                                  /* 6 */
	"    versions: [V2.1.1]\n"                         /* 7 */
	"    title: T\n"                                   /* 8 */
	"    asks: A\n"                                    /* 9 */
	"    categories: [weak-password]\n"                /* 10 */
	"    evidence: [absence]\n"                        /* 11 */
	"    tested_in: [firmware]\n"                      /* 12 */
	"  - id: S1.1-02\n"                                /* 13 */
	"    scheme: jcstar-star1\n"                       /* 14 */
	"    confirmed: true\n"                            /* 15 */
	"    title: T2\n"                                  /* 16 */
	"    asks: A2\n"                                   /* 17 */
	"    categories: [universal-default-credential]\n" /* 18 */
	"    rules: [accounts.empty-password]\n"           /* 19 */
	"    evidence: [absence, document:support-period]\n" /* 20 */
	"    tested_in: [docs]\n"                          /* 21 */
	"    en303645: [5.1-1]\n"                          /* 22 */
	"    mapping_confirmed: true\n";                   /* 23 */

/* BASE with FROM replaced by TO (FROM must occur). */
static char *edit(const char *from, const char *to)
{
	const char *at = strstr(base, from);
	size_t n = strlen(base) - strlen(from) + strlen(to) + 1;
	char *s = malloc(n);

	assert_non_null(at);
	assert_non_null(s);
	snprintf(s, n, "%.*s%s%s", (int)(at - base), base, to,
		 at + strlen(from));
	return s;
}

static void expect_error(const char *text, jcs_rc want_rc, const char *want)
{
	char path[] = "/tmp/jcstar-catalog-XXXXXX", err[512] = "";
	struct jcsi_catalog *c = (struct jcsi_catalog *)1;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	assert_int_equal(jcsi_catalog_load(path, rules, &c, err, sizeof(err)),
			 want_rc);
	assert_null(c);
	unlink(path);
	if (strncmp(err, path, strlen(path)) != 0 || !strstr(err, want))
		fail_msg("error '%s' lacks '%s'", err, want);
}

static void expect_edit(const char *from, const char *to, const char *want)
{
	char *s = edit(from, to);

	expect_error(s, JCS_E_FORMAT, want);
	free(s);
}

static void test_base_loads(void **state)
{
	struct jcsi_catalog *c = NULL;
	char err[512] = "";

	(void)state;
	if (!rules)
		skip();
	assert_int_equal(jcsi_catalog_parse(base, strlen(base), "base", rules,
					    &c, err, sizeof(err)), JCS_OK);
	assert_int_equal(c->n, 2);
	assert_int_equal(c->req[1].line, 13);
	assert_string_equal(c->version, "t1");
	jcsi_catalog_free(c);
}

/* The fuzz seed must load, or the fuzzer starts from an error path. */
static void test_fuzz_seed_loads(void **state)
{
	const char *src = getenv("JCSTAR_SOURCE_ROOT");
	struct jcsi_catalog *c = NULL;
	char path[4096], err[512] = "";

	(void)state;
	if (!src || !rules)
		skip();
	snprintf(path, sizeof(path), "%s/tests/fuzz/corpus/catalog/small.yaml",
		 src);
	if (jcsi_catalog_load(path, rules, &c, err, sizeof(err)) != JCS_OK)
		fail_msg("%s", err);
	assert_int_equal(c->n, 3);
	jcsi_catalog_free(c);
}

static void test_broken_catalogs(void **state)
{
	(void)state;
	if (!rules)
		skip();
	expect_edit("[weak-password]", "[weak-passwords]",
		    ":10:18: categories: 'weak-passwords' is not a finding category");
	expect_edit("[accounts.empty-password]", "[accounts.no-such-rule]",
		    ":19:13: rules: 'accounts.no-such-rule' is not a rule of data/rules/");
	expect_edit("    mapping_confirmed: true\n",
		    "    mapping_confirmed: true\n"
		    "  - id: 5.1-1\n    scheme: etsi-en-303-645\n"
		    "    confirmed: false\n    status: R\n    versions: []\n"
		    "    title: X\n    asks: Y\n    categories: []\n"
		    "    evidence: []\n    tested_in: []\n",
		    ":24:9: id: '5.1-1' given twice (first at line 3)");
	expect_edit("    title: T2\n", "",
		    ":13:5: title: missing (entry S1.1-02)");
	expect_edit("    asks: A\n", "    asks: [A\n",
		    ":10:15: YAML: did not find expected ',' or ']' while parsing a flow sequence (from line 9)");
	expect_edit("    evidence: [absence]\n",
		    "    evidence: [absence]\n    evidense: [absence]\n",
		    ":12:15: evidense: unknown field");
	expect_edit("document:support-period", "document:support",
		    ":20:25: evidence: 'document:support' is not a document kind of the product manifest");
	expect_edit("[absence, document", "[observation:boot.signed, document",
		    ":20:16: evidence: 'observation:boot.signed' is not an observation any check emits");
	expect_edit("[absence, document", "[present, document",
		    ":20:16: evidence: 'present' is not evidence");
	expect_edit("scheme: jcstar-star1", "scheme: jcstar-star2",
		    ":14:13: scheme: 'jcstar-star2' is not a known scheme");
	expect_edit("id: S1.1-02", "id: S1.1-17",
		    ":13:9: id: 'S1.1-17': not a JC-STAR");
	expect_edit("id: S1.1-02", "id: STAR1-02",
		    ":13:9: id: 'STAR1-02': not a JC-STAR");
	/* an unconfirmed theme may not pass as confirmed */
	expect_edit("id: S1.1-02", "id: local-theme",
		    ":15:16: confirmed: a local- id has no official source: must be false");
	expect_edit("en303645: [5.1-1]", "en303645: [5.1-2]",
		    ":22:16: en303645: '5.1-2' is no EN 303 645 entry of the catalog");
	expect_edit("    mapping_confirmed: true\n", "",
		    ":13:5: mapping_confirmed: goes with en303645");
	expect_edit("[weak-password]", "[]",
		    ":11:15: evidence: 'absence' with no categories or rules (entry 5.1-1)");
	expect_edit("[accounts.empty-password]", "[accounts.shipped-password]",
		    ":19:13: rules: 'accounts.shipped-password' is of category 'universal-default-credential', listed already");
	expect_edit("[firmware]", "[hardware]",
		    ":12:17: tested_in: 'hardware' is not a test surface");
	expect_edit("    status: M\n", "",
		    ":3:5: status: missing (EN 303 645 entry 5.1-1)");
	expect_edit("    confirmed: true\n    title: T2", "    confirmed: yes\n    title: T2",
		    ":15:16: confirmed: 'yes' is not true, partial or false");
	expect_edit("    title: T\n", "    title: T\n    title: U\n",
		    ":9:5: title: key given twice");
	expect_edit("[weak-password]", "[weak-password, weak-password]",
		    ":10:33: categories: 'weak-password' listed twice");
	expect_edit("catalog_version: \"t1\"\n", "",
		    ":1:1: catalog_version: missing");
	expect_error("", JCS_E_FORMAT, ":1:1: catalog: the file is empty");
	expect_error("- a\n", JCS_E_FORMAT,
		     ":1:1: catalog: expected a mapping at the top");
	expect_error("catalog_version: x\nrequirements: []\n", JCS_E_FORMAT,
		     ":2:15: requirements: is empty");
	{
		char *two = malloc(sizeof(base) + 16);

		assert_non_null(two);
		snprintf(two, sizeof(base) + 16, "%s---\na: b\n", base);
		expect_error(two, JCS_E_FORMAT,
			     ":24:1: catalog: more than one YAML document");
		free(two);
	}
}

/* Every allocation of the loader failing in turn: a clean JCS_E_NOMEM,
   nothing half-built returned, no leak (under ASan). */
static void test_alloc_failures(void **state)
{
	struct jcsi_catalog *c;
	char err[256];
	int ok = 0;

	(void)state;
	if (!rules)
		skip();
	for (unsigned long n = 1; n < 400 && !ok; n++) {
		jcs_rc rc;

		c = NULL;
		jcsi_mem_fail_after(n);
		rc = jcsi_catalog_parse(base, strlen(base), "base", rules, &c,
					err, sizeof(err));
		jcsi_mem_fail_after(0);
		if (rc == JCS_OK) {
			ok = 1;
			jcsi_catalog_free(c);
		} else {
			assert_int_equal(rc, JCS_E_NOMEM);
			assert_null(c);
		}
	}
	assert_true(ok);
}

static void test_hostile(void **state)
{
	struct jcsi_catalog *c = NULL;
	char err[256];
	/* aliases are resolved by libyaml, not expanded by the walk */
	static const char alias[] =
		"catalog_version: &v x\nrequirements:\n  - &e {id: *v}\n  - *e\n";
	static const char nul[] = "catalog_version: a\0b\n";

	(void)state;
	assert_int_equal(jcsi_catalog_parse(alias, strlen(alias), "a", NULL,
					    &c, err, sizeof(err)), JCS_E_FORMAT);
	assert_null(c);
	assert_int_equal(jcsi_catalog_parse(nul, sizeof(nul) - 1, "n", NULL,
					    &c, err, sizeof(err)), JCS_E_FORMAT);
	assert_int_equal(jcsi_catalog_parse("x", JCSI_CATALOG_MAX_BYTES + 1,
					    "big", NULL, &c, err, sizeof(err)),
			 JCS_E_LIMIT);
	assert_int_equal(jcsi_catalog_load("/nonexistent/c.yaml", NULL, &c,
					   err, sizeof(err)), JCS_E_IO);
	assert_non_null(strstr(err, "/nonexistent/c.yaml: cannot open"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_known_answers),
		cmocka_unit_test(test_rule_categories_mapped),
		cmocka_unit_test(test_fw_categories_mapped),
		cmocka_unit_test(test_base_loads),
		cmocka_unit_test(test_fuzz_seed_loads),
		cmocka_unit_test(test_broken_catalogs),
		cmocka_unit_test(test_alloc_failures),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

/*
 * scan_findings.h - for unit tests that scan a small tree: the findings of
 * one rule family as sorted text, "RULE PATH" (or "RULE PATH:LINE") a
 * line, so a test compares them with one string. Header-only (each test
 * program includes it once).
 */
#ifndef JCSTAR_TEST_SCAN_FINDINGS_H
#define JCSTAR_TEST_SCAN_FINDINGS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "jcstar/jcstar.h"

static int scan_findings_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Scans TARGET (asserting the scan runs) and returns the findings whose
   rule starts with PREFIX ("elf."), sorted; free() the result. */
static char *scan_findings(const char *target, const char *prefix,
			   int with_line)
{
	struct jcs_result *r = jcs_result_new("scan");
	char err[512] = "", *buf = NULL, *lines[256], *out;
	size_t len = 0, n = 0, cap = 1;
	FILE *m = open_memstream(&buf, &len);
	json_t *doc, *f;
	size_t i;

	assert_non_null(r);
	assert_non_null(m);
	assert_int_equal(jcs_scan(target, NULL, r, err, sizeof(err)), JCS_OK);
	assert_int_equal(jcs_result_write_json(r, m), JCS_OK);
	fclose(m);
	doc = json_loads(buf, 0, NULL);
	assert_non_null(doc);
	json_array_foreach(json_object_get(doc, "findings"), i, f) {
		const char *rule = json_string_value(json_object_get(f, "rule"));
		json_t *loc = json_object_get(f, "location");
		const char *path = json_string_value(json_object_get(loc,
								    "path"));
		long long line = json_integer_value(json_object_get(loc,
								    "line"));
		char l[512];

		if (!rule || strncmp(rule, prefix, strlen(prefix)) || n == 256)
			continue;
		if (with_line)
			snprintf(l, sizeof(l), "%s %s:%lld", rule,
				 path ? path : "", line);
		else
			snprintf(l, sizeof(l), "%s %s", rule, path ? path : "");
		lines[n] = strdup(l);
		assert_non_null(lines[n]);
		cap += strlen(l) + 1;
		n++;
	}
	qsort(lines, n, sizeof(*lines), scan_findings_cmp);
	out = calloc(1, cap);
	assert_non_null(out);
	for (size_t k = 0; k < n; k++) {
		strncat(out, lines[k], cap - strlen(out) - 1);
		strncat(out, "\n", cap - strlen(out) - 1);
		free(lines[k]);
	}
	json_decref(doc);
	free(buf);
	jcs_result_free(r);
	return out;
}

/* Fails the test unless scan_findings(TARGET, PREFIX, WITH_LINE) is WANT. */
static void expect_findings(const char *target, const char *prefix,
			    int with_line, const char *want)
{
	char *got = scan_findings(target, prefix, with_line);

	if (strcmp(got, want))
		fail_msg("findings differ\n got:\n%s want:\n%s", got, want);
	free(got);
}

#endif

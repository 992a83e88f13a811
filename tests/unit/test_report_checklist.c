/*
 * test_report_checklist.c - the JC-STAR self-assessment checklist over the
 * hand-written assessment (tests/data/results/rep-assess.json): the exact
 * CSV (RFC 4180 quoting of a title with a comma and quotes, CRLF, row
 * order ★1 then EN 303 645), the Markdown tables with | escaped, the
 * header block with counts per verdict; a scan (no verdicts) says so;
 * hostile text cannot break a table or start a spreadsheet formula.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/core/mem.h"
#include "lib/report/report_int.h"

#include "fixture.h"

typedef jcs_rc (*reporter)(const json_t *, FILE *,
			   const struct jcsi_report_opts *);

/* What FN writes for DOC (caller frees); *RC its return code. */
static char *render(reporter fn, const json_t *doc, jcs_rc *rc)
{
	struct memout m;

	*rc = fn(doc, memout_open(&m), NULL);
	return memout_close(&m);
}

static char *render_fixture(reporter fn, const char *name)
{
	json_t *doc = result_fixture(name);
	jcs_rc rc;
	char *out = render(fn, doc, &rc);

	assert_int_equal(rc, JCS_OK);
	json_decref(doc);
	return out;
}

/* Line NO (0-based) of TEXT, lines ending in END, into BUF. */
static const char *line_of(const char *text, int no, const char *end,
			   char *buf, size_t len)
{
	const char *p = text, *q;

	for (; no > 0 && p; no--) {
		p = strstr(p, end);
		if (p)
			p += strlen(end);
	}
	if (!p || !(q = strstr(p, end)))
		fail_msg("no line %d", no);
	snprintf(buf, len, "%.*s", (int)(q - p), p);
	return buf;
}

static size_t count(const char *s, const char *what)
{
	size_t n = 0;

	for (; (s = strstr(s, what)); s += strlen(what))
		n++;
	return n;
}

static void test_csv(void **state)
{
	char *csv = render_fixture(jcsi_report_checklist_csv,
				   "rep-assess.json");
	char buf[2048];

	(void)state;
	/* CRLF only, never a bare LF outside a quoted field (none here) */
	assert_int_equal(count(csv, "\r\n"), 9);
	assert_int_equal(count(csv, "\n"), 9);
	assert_string_equal(line_of(csv, 0, "\r\n", buf, sizeof(buf)),
			    "scheme,id,title,verdict,evidence,documents,needs");
	assert_string_equal(line_of(csv, 1, "\r\n", buf, sizeof(buf)),
		"jcstar-star1,S1.1-01,"
		"\"No universal default passwords, \"\"admin\"\" included\","
		"fail,An account has an empty password. Failing findings: 1 "
		"(accounts.empty-password).,,");
	assert_string_equal(line_of(csv, 2, "\r\n", buf, sizeof(buf)),
		"jcstar-star1,S1.1-02,Vulnerability disclosure | contact "
		"published,pass,security.txt names a contact and has not "
		"expired. Evidence: document: vulnerability-disclosure: "
		"https://acme.example/.well-known/security.txt; observation: "
		"Contact: mailto:psirt@acme.example.,vulnerability-disclosure"
		" (given): https://acme.example/.well-known/security.txt - "
		"Contact and Expires present; expires 2027-06-30,");
	assert_string_equal(line_of(csv, 3, "\r\n", buf, sizeof(buf)),
		"jcstar-star1,S1.1-03,Threat model,needs-evidence,No threat "
		"model was given.,threat-model (not-given),threat-model "
		"document in product.yaml (documents.threat_model); a review "
		"of the threat model");
	assert_string_equal(line_of(csv, 4, "\r\n", buf, sizeof(buf)),
		"jcstar-star1,S1.1-04,Wi-Fi configured securely,not-applicable,"
		"The device has no Wi-Fi interface.,,");
	assert_string_equal(line_of(csv, 5, "\r\n", buf, sizeof(buf)),
		"jcstar-star1,S1.1-05,Minimise exposed services,fail,"
		"\"Telnet is started at boot. Evidence: absence: no debug "
		"service found (check services ran). Failing findings: 2 "
		"(services.telnetd, services.telnetd-no-login). Accepted in "
		"the baseline (suppressed): 1 (hygiene.shell-history).\",,");
	/* EN 303 645 after every ★1 item */
	assert_string_equal(line_of(csv, 6, "\r\n", buf, sizeof(buf)),
		"etsi-en-303-645,5.1-1,Unique per-device passwords,fail,"
		"An account has an empty password. Failing findings: 1 "
		"(accounts.empty-password).,,");
	assert_string_equal(line_of(csv, 8, "\r\n", buf, sizeof(buf)),
		"etsi-en-303-645,5.3-1,\"Software updates, securely\","
		"needs-evidence,The update policy document could not be read.,"
		"update-policy (invalid): docs/update.md - file not found,"
		"update-policy: a readable document");
	assert_int_equal((unsigned char)csv[0], 's'); /* no BOM */
	free(csv);
}

static void test_md(void **state)
{
	char *md = render_fixture(jcsi_report_checklist_md, "rep-assess.json");
	char buf[2048];

	(void)state;
	assert_string_equal(line_of(md, 0, "\n", buf, sizeof(buf)),
			    "# JC-STAR ★1 self-assessment checklist");
	assert_non_null(strstr(md, "\n- **Product:** Acme Cam \\| Pro "
				   "(Acme, Inc.)\n"));
	assert_non_null(strstr(md, "\n- **Models:** AC-100, AC-100W\n"));
	assert_non_null(strstr(md, "\n- **Firmware versions:** 1.2.3, "
				   "1.2.4-rc1\n"));
	assert_non_null(strstr(md, "\n- **Requirement catalog:** "
				   "2026.11-test\n"));
	assert_non_null(strstr(md, "\n- **Date:** 2026-11-26T09:00:00Z\n"));
	assert_non_null(strstr(md, "\n- **Tool:** jcstar 0.4.0\n"));
	assert_non_null(strstr(md, "\n- **JC-STAR ★1 verdicts:** 1 pass, "
				   "2 fail, 1 needs-evidence, "
				   "1 not-applicable\n"));
	assert_non_null(strstr(md, "\n- **EN 303 645 verdicts:** 1 pass, "
				   "1 fail, 1 needs-evidence, "
				   "0 not-applicable\n"));
	/* the | of a title cannot split its row into more cells */
	assert_non_null(strstr(md, "\n| S1.1-02 | Vulnerability disclosure "
				   "\\| contact published | pass | "));
	assert_non_null(strstr(md, "\n| S1.1-04 | Wi-Fi configured securely "
				   "| not-applicable | The device has no "
				   "Wi-Fi interface. |  |  |\n"));
	/* the two tables, ★1 first, with their rows */
	const char *star = strstr(md, "\n## JC-STAR ★1 requirements\n");
	const char *en = strstr(md, "\n## ETSI EN 303 645 provisions\n");

	assert_non_null(star);
	assert_non_null(en);
	assert_true(star < en);
	assert_true(strstr(md, "| S1.1-05 |") < en);
	assert_true(strstr(md, "| 5.1-1 |") > en);
	assert_int_equal(count(md, "\n| --- | --- | --- | --- | --- | --- |\n"),
			 2);
	assert_non_null(strstr(md, "\n## Not checked\n\n- live device: no "
				   "device address in product.yaml\n"));
	free(md);
}

static json_t *doc_with_req(const char *title, const char *reason)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:[], s:[], s:[],"
			 " s:[{s:s, s:s, s:s, s:s, s:s}]}",
			 "document", "result", "tool", "jcstar", "version",
			 "0.4.0", "command", "assess", "started_at",
			 "2026-11-26T09:00:00Z", "findings", "observations",
			 "limitations", "requirements", "id", "S1.1-09",
			 "scheme", "jcstar-star1", "title", title, "verdict",
			 "fail", "reason", reason);
}

/* Text of the document (from hostile firmware, in evidence) cannot add a
   table row, inject HTML into a rendered page or a formula into a
   spreadsheet. */
static void test_hostile_text(void **state)
{
	json_t *doc = doc_with_req("=HYPERLINK(\"http://x\")",
				   "a|b\\|c\n| X | <script>&\r");
	jcs_rc rc;
	char *md = render(jcsi_report_checklist_md, doc, &rc);
	char *csv;

	(void)state;
	assert_int_equal(rc, JCS_OK);
	assert_non_null(strstr(md, "\n| S1.1-09 | =HYPERLINK(\"http://x\") | "
				   "fail | a\\|b\\\\\\|c<br>\\| X \\| "
				   "&lt;script>&amp; |  |  |\n"));
	free(md);
	csv = render(jcsi_report_checklist_csv, doc, &rc);
	assert_int_equal(rc, JCS_OK);
	assert_string_equal(csv,
		"scheme,id,title,verdict,evidence,documents,needs\r\n"
		"jcstar-star1,S1.1-09,\"'=HYPERLINK(\"\"http://x\"\")\",fail,"
		"\"a|b\\|c\n| X | <script>&\r\",,\r\n");
	free(csv);
	json_decref(doc);
}

/* A scan has no verdicts: the checklist says so instead of looking done. */
static void test_scan_result(void **state)
{
	char *md = render_fixture(jcsi_report_checklist_md, "rep-scan.json");
	char *csv = render_fixture(jcsi_report_checklist_csv, "rep-scan.json");

	(void)state;
	assert_non_null(strstr(md, "\n- **Product:** (not given: this result "
				   "is not an assessment)\n"));
	assert_non_null(strstr(md, "\nNo requirement verdicts in this result: "
				   "the checklist is filled in by `jcstar "
				   "assess`.\n"));
	assert_non_null(strstr(md, "\n- **Models:** (not given)\n"));
	assert_non_null(strstr(md, "verdicts:** 0 pass, 0 fail, "
				   "0 needs-evidence, 0 not-applicable\n"));
	assert_string_equal(csv, "scheme,id,title,verdict,evidence,documents,"
				 "needs\r\n");
	free(md);
	free(csv);
	assert_int_equal(jcsi_report_checklist_csv(NULL, stdout, NULL),
			 JCS_E_ARG);
	assert_int_equal(jcsi_report_checklist_md(NULL, stdout, NULL),
			 JCS_E_ARG);
}

static void test_alloc_failures(void **state)
{
	json_t *doc = result_fixture("rep-assess.json");
	reporter fns[] = {jcsi_report_checklist_csv, jcsi_report_checklist_md};

	(void)state;
	for (int k = 0; k < 2; k++) {
		jcs_rc rc = JCS_E_NOMEM;
		unsigned long n;

		for (n = 1; n < 10000 && rc != JCS_OK; n++) {
			jcsi_mem_fail_after(n);
			free(render(fns[k], doc, &rc));
			jcsi_mem_fail_after(0);
			assert_true(rc == JCS_OK || rc == JCS_E_NOMEM);
		}
		assert_int_equal(rc, JCS_OK);
		assert_true(n > 2);
	}
	json_decref(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_md),
		cmocka_unit_test(test_hostile_text),
		cmocka_unit_test(test_scan_result),
		cmocka_unit_test(test_alloc_failures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

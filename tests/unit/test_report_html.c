/*
 * test_report_html.c - the HTML reporter over the hand-written fixtures of
 * tests/data/results/html-*.json: every string of the document is escaped
 * (text and attributes, with a script tag, quotes and an attribute break
 * in the fixtures), the page references nothing outside itself, the CSP
 * names the inline script by its real hash, the sections appear exactly
 * when the document has their data, the requirement table links to the
 * findings that fail it, and hostile documents (missing members, bad
 * indices, a failed allocation) still give a page.
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
#include <openssl/evp.h>

#include "lib/core/mem.h"
#include "lib/report/html_int.h"
#include "lib/report/report_int.h"

#include "fixture.h"

static char data_dir[4096];
static struct jcsi_report_opts data_opts = {.data_dir = data_dir};

/* The page for DOC, as a string the caller frees. */
static char *render_with(const json_t *doc,
			 const struct jcsi_report_opts *o, jcs_rc want)
{
	struct memout m;

	assert_int_equal(jcsi_report_html(doc, memout_open(&m), o), want);
	return memout_close(&m);
}

static char *render(const json_t *doc, jcs_rc want)
{
	return render_with(doc, &data_opts, want);
}

static char *render_opts(const json_t *doc, const struct jcsi_report_opts *o)
{
	return render_with(doc, o, JCS_OK);
}

static char *render_fixture(const char *name)
{
	json_t *doc = result_fixture(name);
	char *page = render(doc, JCS_OK);

	json_decref(doc);
	return page;
}

/* Occurrences of NEEDLE (not overlapping). A plain loop: ASan's strstr
   measures the whole haystack on every call, which made this quadratic
   on the large pages of many_findings. */
static size_t count(const char *hay, const char *needle)
{
	size_t n = 0, k = strlen(needle);

	for (const char *p = hay; *p; p++)
		if (*p == *needle && !strncmp(p, needle, k)) {
			n++;
			p += k - 1;
		}
	return n;
}

#define assert_has(page, s)                                                 \
	do {                                                                \
		if (!strstr((page), (s)))                                   \
			fail_msg("page lacks: %s", (s));                    \
	} while (0)
#define assert_lacks(page, s)                                               \
	do {                                                                \
		if (strstr((page), (s)))                                    \
			fail_msg("page has: %s", (s));                      \
	} while (0)

static void escape_known_answer(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	jcsi_html_text(f, "a\x01<b>\"x\" 'y' & z\n\tq\x7f\xe2\x98\x85");
	jcsi_html_text(f, NULL);
	/* RLO, PDI, then the neighbours of the bidi ranges, which stay */
	jcsi_html_text(f, "|\xe2\x80\xae|\xe2\x81\xa9|\xe2\x80\xa9"
			  "|\xe2\x80\xaf|\xe2\x81\xa5|\xe2\x81\xaa|\xe2");
	fclose(f);
	assert_string_equal(buf, "a&#xfffd;&lt;b&gt;&quot;x&quot; &#39;y&#39; "
				 "&amp; z\n\tq&#xfffd;\xe2\x98\x85"
				 "|&#xfffd;|&#xfffd;|\xe2\x80\xa9|\xe2\x80\xaf"
				 "|\xe2\x81\xa5|\xe2\x81\xaa|\xe2");
	free(buf);
}

static void scan_is_escaped(void **state)
{
	char *page = render_fixture("html-scan.json");

	(void)state;
	/* evidence: a script tag, both quotes and an ampersand */
	assert_lacks(page, "<script>alert(1)");
	assert_has(page, "root:a****n &lt;script&gt;alert(1)&lt;/script&gt; "
			 "&quot;quoted&quot; &#39;single&#39; &amp; "
			 "ampersand");
	/* title: an element with an event handler */
	assert_lacks(page, "<img");
	assert_has(page, "telnetd answers on the device &lt;img src=x "
			 "onerror=alert(2)&gt;");
	/* evidence breaking out of an attribute would need a raw quote */
	assert_lacks(page, "\" onmouseover=\"");
	assert_has(page, "jenkins&quot; onmouseover=&quot;alert(3)");
	/* input path in the title and the heading */
	assert_has(page, "<title>jcstar report: /home/ci/firmware/&lt;b&gt;"
			 "cam&lt;/b&gt;-flash.bin</title>");
	assert_has(page, "<h1>/home/ci/firmware/&lt;b&gt;cam&lt;/b&gt;"
			 "-flash.bin</h1>");
	/* the only script element is the reporter's own */
	assert_int_equal(count(page, "<script"), 1);
	free(page);
}

/* Every href is an anchor, there is no src= at all, and neither CSS nor
   the script names a URL: the page fetches nothing. */
static void check_no_fetch(const char *page)
{
	/* Text is escaped, so every '<' opens a real tag: look at the
	   attributes of each (the style and script have no '<'). */
	for (const char *p = page; (p = strchr(p, '<')); p++) {
		size_t n = strcspn(p, ">");
		char *tag = strndup(p, n);
		const char *h;

		assert_non_null(tag);
		if (strstr(tag, " src=") || strstr(tag, " srcset="))
			fail_msg("tag with src: %.80s", tag);
		for (h = tag; (h = strstr(h, " href=")); h += 6)
			if (strncmp(h, " href=\"#", 8))
				fail_msg("non-anchor link: %.80s", tag);
		free(tag);
	}
	assert_int_equal(count(page, "href=\"#"), count(page, "href="));
	assert_lacks(page, "url(");
	assert_lacks(page, "@import");
	assert_lacks(page, "<link");
	assert_lacks(page, "<iframe");
	assert_lacks(page, "fetch(");
	assert_lacks(page, "XMLHttpRequest");
}

static void pages_fetch_nothing(void **state)
{
	const char *names[] = {"html-scan.json", "html-assess.json",
			       "html-empty.json"};

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		char *page = render_fixture(names[i]);

		check_no_fetch(page);
		/* URLs of the document appear as text only */
		if (i == 0) {
			assert_has(page, "<code>POST http://api.example."
					 "invalid/v1/register</code>");
			assert_has(page, "GET http://evil.example.invalid/"
					 "x.js</pre>");
		}
		free(page);
	}
}

static void csp_hashes_the_script(void **state)
{
	char *page = render_fixture("html-scan.json");
	const char *s = strstr(page, "<script>"), *e;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	char b64[64], want[128];

	(void)state;
	assert_non_null(s);
	s += strlen("<script>");
	e = strstr(s, "</script>");
	assert_non_null(e);
	assert_true(EVP_Digest(s, (size_t)(e - s), md, &mdlen, EVP_sha256(),
			       NULL));
	EVP_EncodeBlock((unsigned char *)b64, md, (int)mdlen);
	snprintf(want, sizeof(want), "script-src 'sha256-%s'\">", b64);
	assert_has(page, want);
	assert_has(page, "<meta http-equiv=\"Content-Security-Policy\" "
			 "content=\"default-src 'none'; style-src "
			 "'unsafe-inline'; img-src data:;");
	/* the CSP comes before anything that could load */
	assert_true(strstr(page, "Content-Security-Policy") <
		    strstr(page, "<style>"));
	free(page);
}

static void scan_sections(void **state)
{
	char *page = render_fixture("html-scan.json");

	(void)state;
	assert_has(page, "Firmware security scan report");
	assert_has(page, "id=\"summary\"");
	assert_has(page, "This result has no verdicts");
	assert_lacks(page, "id=\"requirements\"");
	assert_lacks(page, "id=\"sbom\"");
	assert_lacks(page, "id=\"documents\"");
	assert_has(page, "id=\"findings\"");
	assert_has(page, "id=\"observations\"");
	assert_has(page, "id=\"not-checked\"");
	/* counts: 5 open findings, 1 suppressed; checks 2 ran 1 failed 1 not */
	assert_has(page, "<div class=\"big\">5 <small>open findings</small>");
	assert_has(page, "1 suppressed in the baseline");
	assert_has(page, "<li><b>2</b> check families ran</li><li><b>1</b> "
			 "failed to run</li><li><b>1</b> not run</li>");
	assert_has(page, "<code>jcstar-baseline.yaml</code>: 1 suppressed");
	/* the most severe category first */
	assert_true(strstr(page, "<h3 class=\"cat\">weak-password") <
		    strstr(page, "<h3 class=\"cat\">hardcoded-private-key"));
	assert_true(strstr(page, "<h3 class=\"cat\">hardcoded-private-key") <
		    strstr(page, "<h3 class=\"cat\">telnet-enabled"));
	assert_true(strstr(page, "<h3 class=\"cat\">cleartext-protocol") <
		    strstr(page, "<h3 class=\"cat\">leftover-development"));
	/* locations: firmware, live, cloud */
	assert_has(page, "<code>/etc/shadow:1</code> <span class=\"muted\">"
			 "in</span> <code class=\"chain\">flash.bin@0x1a0041 "
			 "squashfs</code>");
	assert_has(page, "<code>192.0.2.10:23/tcp</code>");
	/* suppressed: marked, with its justification, escaped */
	assert_has(page, "<article class=\"finding sev-low suppressed\" "
			 "id=\"f-3\" data-sev=\"low\" data-supp=\"1\" "
			 "data-cat=\"leftover-development-file\">");
	assert_has(page, "<b>Accepted in the baseline:</b> Debug notes are "
			 "harmless; removed in 2.1 &lt;em&gt;really&lt;/em&gt;"
			 " <span class=\"muted\">(until 2027-03-31)</span>");
	/* requirements of a scan are not links: nothing to link to */
	assert_has(page, "<span class=\"tag\">S1.1-02</span>");
	assert_lacks(page, "href=\"#req-");
	/* not checked */
	assert_has(page, "<td>check family probe</td><td>not implemented yet"
			 "</td>");
	assert_has(page, "<span class=\"badge st-failed\">failed</span></td>"
			 "<td>JFFS2 partition damaged at 0x1f0000</td>");
	/* balanced structure */
	assert_int_equal(count(page, "<article"), 7);
	assert_int_equal(count(page, "</article>"), 7);
	assert_int_equal(count(page, "<section"), count(page, "</section>"));
	assert_int_equal(count(page, "<table"), count(page, "</table>"));
	assert_int_equal(count(page, "<div"), count(page, "</div>"));
	free(page);
}

static void assess_sections(void **state)
{
	char *page = render_fixture("html-assess.json");

	(void)state;
	assert_has(page, "JC-STAR &#9733;1 assessment report");
	assert_has(page, "<h1>SmartCam &lt;X1&gt; &quot;Pro&quot;</h1>");
	assert_has(page, "<dt>Vendor</dt><dd>Example Devices &amp; Co.</dd>");
	assert_has(page, "<dt>Models</dt><dd>SC-X1, SC-X1-JP</dd>");
	assert_has(page, "<dt>Firmware versions</dt><dd>2.0.4, 2.0.5-rc1</dd>");
	assert_has(page, "<dt>Catalog</dt><dd>0.1.0</dd>");
	/* donuts: 2 of 7 star-1 items pass, 0 of 2 EN provisions */
	assert_has(page, "class=\"donut-num\">2/7</text>");
	assert_has(page, "class=\"donut-num\">0/2</text>");
	assert_has(page, "</span>Fail <b>3</b></li>");
	assert_has(page, "</span>Needs evidence <b>1</b></li>");
	assert_has(page, "</span>Not applicable <b>1</b></li>");
	/* all four verdicts as badges */
	assert_has(page, "<span class=\"badge v-pass\">Pass</span>");
	assert_has(page, "<span class=\"badge v-fail\">Fail</span>");
	assert_has(page, "<span class=\"badge v-needs-evidence\">Needs "
			 "evidence</span>");
	assert_has(page, "<span class=\"badge v-not-applicable\">Not "
			 "applicable</span>");
	/* S1.1-13 (index 5) links to the findings that fail it and the
	   suppressed one; the findings link back */
	assert_has(page, "<tr id=\"req-5\" class=\"row-fail\">");
	assert_has(page, "Failed by:<ul class=\"links\"><li><a href=\"#f-1\">"
			 "#1</a> telnetd started at boot</li><li><a "
			 "href=\"#f-2\">#2</a> openssl 3.0.2 has known "
			 "vulnerabilities</li></ul>");
	assert_has(page, "Suppressed:<ul class=\"links\"><li><a href=\"#f-3\">"
			 "#3</a>");
	assert_has(page, "id=\"f-2\"");
	assert_has(page, "<a class=\"tag\" href=\"#req-0\">S1.1-01</a> <a "
			 "class=\"tag\" href=\"#req-5\">S1.1-13</a>");
	/* needs, escaped; evidence of a pass */
	assert_has(page, "<li>threat model covering the pairing flow &lt;and"
			 "&gt; the cloud account</li>");
	assert_has(page, "<span class=\"tag\">document</span> security.txt:");
	/* vulnerabilities of a finding */
	assert_has(page, "<code>CVE-2023-0286</code> <span class=\"badge "
			 "kev\">Known exploited</span></td><td>7.4</td>");
	/* documents and SBOM */
	assert_has(page, "id=\"documents\"");
	assert_has(page, "<tr><td>Vulnerability disclosure</td><td><span "
			 "class=\"badge doc-given\">given</span>");
	assert_has(page, "date &quot;2025-13-01&quot; is not a date");
	assert_has(page, "id=\"sbom\"");
	assert_has(page, "4 components identified.");
	assert_has(page, "<code>cpe:2.3:a:openssl:openssl:3.0.2:*:*:*:*:*:*:*"
			 "</code><code>pkg:generic/openssl@3.0.2</code></td>"
			 "<td>2</td>");
	assert_int_equal(count(page, "<div"), count(page, "</div>"));
	assert_int_equal(count(page, "<tr"), count(page, "</tr>"));
	free(page);
}

static void empty_document(void **state)
{
	char *page = render_fixture("html-empty.json");

	(void)state;
	assert_has(page, "<p class=\"empty\">No findings.</p>");
	assert_has(page, "<p class=\"empty\">No documents listed.</p>");
	assert_has(page, "<p class=\"empty\">No components identified.</p>");
	assert_has(page, "<p class=\"empty\">No limitations reported.</p>");
	assert_lacks(page, "id=\"filters\"");
	assert_lacks(page, "id=\"requirements\"");
	assert_has(page, "The result does not list its check families.");
	assert_lacks(page, "check families ran");
	free(page);
}

/* A document a producer got wrong: reporters must not trust it either. */
static void hostile_document(void **state)
{
	json_t *doc = json_pack(
		"{s:s, s:[{s:s, s:s, s:s, s:[i,i,s], s:i}],"
		" s:[{s:i, s:i, s:{s:i}}, {s:s}], s:s}",
		"document", "result",
		"requirements", "id", "X-1", "scheme", "jcstar-star1",
		"verdict", "maybe", "findings", 99, -1, "x", "title", 5,
		"findings", "severity", 3, "category", 4, "location", "port",
		70000, "title", "no category",
		"command", "scan");
	char *page;

	(void)state;
	assert_non_null(doc);
	page = render(doc, JCS_OK);
	assert_int_equal(count(page, "(finding index out of range)"), 3);
	assert_has(page, "<span class=\"badge v-unknown\">maybe</span>");
	assert_has(page, "<h3 class=\"cat\">(no category)");
	assert_has(page, "<span class=\"muted\">(no location)</span>");
	free(page);
	json_decref(doc);
	page = render(json_null(), JCS_E_ARG);
	assert_string_equal(page, "");
	free(page);
	doc = json_object();
	assert_int_equal(jcsi_report_html(doc, NULL, NULL), JCS_E_ARG);
	json_decref(doc);
}

/* Any allocation may fail (the Nth, for every N up to past the last
   one): the page still ends, and two of them are the grouping of the
   findings, which the page then says it could not show. */
static void allocation_failure(void **state)
{
	json_t *doc = result_fixture("html-scan.json");
	size_t oom = 0;

	(void)state;
	for (unsigned long n = 1; n < 1000; n++) {
		char *page;

		jcsi_mem_fail_after(n);
		page = render_opts(doc, &data_opts);
		jcsi_mem_fail_after(0);
		assert_has(page, "</html>\n");
		oom += count(page, "Out of memory: findings not shown.");
		free(page);
	}
	assert_int_equal(oom, 2);
	json_decref(doc);
}

/* The category headings explain the category from data/categories.tsv;
   without the file the page is the same less those lines. */
static void category_texts(void **state)
{
	json_t *doc = result_fixture("html-scan.json");
	struct jcsi_report_opts none = {.data_dir = "/nonexistent"};
	char *page = render_opts(doc, &data_opts);

	(void)state;
	assert_has(page, "<h3 class=\"cat\">telnet-enabled <span class=\"count"
			 "\">1</span></h3>\n<p class=\"cat-help\"><span "
			 "class=\"tag\">");
	assert_int_equal(count(page, "<p class=\"cat-help\">"), 6);
	free(page);
	page = render_opts(doc, &none);
	assert_lacks(page, "cat-help\">");
	assert_has(page, "</html>\n");
	free(page);
	json_decref(doc);
}

/* Many findings in as many categories (a document nobody validated): the
   grouping sorts, so this takes a moment, not hours; within a category
   the most severe comes first, then document order. */
static void many_findings(void **state)
{
	json_t *doc = json_pack("{s:s, s:[]}", "command", "scan", "findings");
	json_t *fs = json_object_get(doc, "findings");
	const size_t n = 30000;
	char *page, cat[32];

	(void)state;
	for (size_t i = 0; i < n; i++) {
		snprintf(cat, sizeof(cat), "cat-%05zu", n - i);
		json_array_append_new(fs, json_pack("{s:s, s:s, s:s}",
			"category", cat, "severity", i % 2 ? "high" : "low",
			"title", "t"));
	}
	json_array_append_new(fs, json_pack("{s:s, s:s, s:s}", "category",
		"zz", "severity", "info", "title", "zz-info-first"));
	json_array_append_new(fs, json_pack("{s:s, s:s, s:s}", "category",
		"zz", "severity", "critical", "title", "zz-critical"));
	json_array_append_new(fs, json_pack("{s:s, s:s, s:s}", "category",
		"zz", "severity", "info", "title", "zz-info-second"));
	page = render(doc, JCS_OK);
	assert_int_equal(count(page, "<article class=\"finding"), n + 3);
	/* zz holds the only critical finding: its group comes first */
	assert_true(strstr(page, "<h3 class=\"cat\">zz") <
		    strstr(page, "<h3 class=\"cat\">cat-"));
	assert_true(strstr(page, "zz-critical") <
		    strstr(page, "zz-info-first"));
	assert_true(strstr(page, "zz-info-first") <
		    strstr(page, "zz-info-second"));
	/* then the high ones (the odd names) by name, then the low ones */
	assert_true(strstr(page, "<h3 class=\"cat\">cat-00001 ") <
		    strstr(page, "<h3 class=\"cat\">cat-00003 "));
	assert_true(strstr(page, "<h3 class=\"cat\">cat-29999 ") <
		    strstr(page, "<h3 class=\"cat\">cat-00002 "));
	free(page);
	json_decref(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escape_known_answer),
		cmocka_unit_test(scan_is_escaped),
		cmocka_unit_test(pages_fetch_nothing),
		cmocka_unit_test(csp_hashes_the_script),
		cmocka_unit_test(scan_sections),
		cmocka_unit_test(assess_sections),
		cmocka_unit_test(empty_document),
		cmocka_unit_test(hostile_document),
		cmocka_unit_test(allocation_failure),
		cmocka_unit_test(category_texts),
		cmocka_unit_test(many_findings),
	};
	const char *root = getenv("JCSTAR_SOURCE_ROOT");

	snprintf(data_dir, sizeof(data_dir), "%s/data", root ? root : ".");

	return cmocka_run_group_tests(tests, NULL, NULL);
}

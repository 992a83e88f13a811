/*
 * report_html.c - the HTML report: one self-contained file a buyer, a
 * distributor or the labeling body can open offline. The head pins a
 * Content-Security-Policy that forbids every fetch (the only script runs
 * by its hash), then come the masthead (product or input, tool, catalog,
 * dates), the summary gauges (inline SVG and CSS only), the requirement
 * tables, and the sections of report_html_sections.c.
 *
 * The reporter renders; it decides nothing: verdicts, counts per verdict
 * and severities are the document's. Strings from the document go through
 * jcsi_html_text() only (html_escape.c).
 */
#include <string.h>

#include <openssl/evp.h>

#include "../checks/rules.h"
#include "html_int.h"
#include "report_int.h"

const char *const jcsi_html_sev_names[5] = {"critical", "high", "medium",
					    "low", "info"};

int jcsi_html_sev_rank(const char *sev)
{
	for (int i = 0; i < 5; i++)
		if (sev && !strcmp(sev, jcsi_html_sev_names[i]))
			return i;
	return 4;
}

long jcsi_html_req_index(const json_t *doc, const char *id)
{
	const json_t *r;
	size_t i;

	if (!id)
		return -1;
	json_array_foreach(json_object_get(doc, "requirements"), i, r) {
		const char *rid = json_string_value(json_object_get(r, "id"));

		if (rid && !strcmp(rid, id))
			return (long)i;
	}
	return -1;
}

static const char *const verdicts[4] = {"pass", "fail", "needs-evidence",
					"not-applicable"};
static const char *const verdict_labels[4] = {"Pass", "Fail",
					      "Needs evidence",
					      "Not applicable"};

static int verdict_index(const char *v)
{
	for (int i = 0; i < 4; i++)
		if (v && !strcmp(v, verdicts[i]))
			return i;
	return -1;
}

/* The CSP names the script by its sha256, so nothing injected into the
   page could run even if an escape were ever missed. */
static int script_hash(char out[64])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;

	if (!EVP_Digest(jcsi_html_script, strlen(jcsi_html_script), md, &len,
			EVP_sha256(), NULL) || len != 32)
		return -1;
	EVP_EncodeBlock((unsigned char *)out, md, (int)len);
	return 0;
}

static void write_head(FILE *out, const json_t *doc, const char *hash)
{
	const json_t *prod = json_object_get(doc, "product");
	const json_t *in = json_object_get(doc, "input");

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	      "<meta charset=\"utf-8\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\""
	      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
	      "base-uri 'none'; form-action 'none'; script-src 'sha256-",
	      out);
	fputs(hash, out);
	fputs("'\">\n<meta name=\"referrer\" content=\"no-referrer\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, "
	      "initial-scale=1\">\n<title>jcstar report: ",
	      out);
	if (prod)
		jcsi_html_member(out, prod, "name");
	else if (in)
		jcsi_html_member(out, in, "path");
	else
		jcsi_html_member(out, doc, "command");
	fputs("</title>\n<style>\n", out);
	fputs(jcsi_html_css, out);
	fputs("</style>\n</head>\n<body>\n", out);
}

static void meta_row(FILE *out, const char *label, const char *value,
		     int code)
{
	if (!value)
		return;
	fprintf(out, "<div><dt>%s</dt><dd>%s", label, code ? "<code>" : "");
	jcsi_html_text(out, value);
	fprintf(out, "%s</dd></div>\n", code ? "</code>" : "");
}

static void meta_list(FILE *out, const char *label, const json_t *arr)
{
	const json_t *v;
	size_t i;

	if (!json_array_size(arr))
		return;
	fprintf(out, "<div><dt>%s</dt><dd>", label);
	json_array_foreach(arr, i, v) {
		fputs(i ? ", " : "", out);
		jcsi_html_text(out, json_string_value(v));
	}
	fputs("</dd></div>\n", out);
}

/* "16.0 MiB (16777216 bytes)": the exact count stays for comparison. */
static void write_size(FILE *out, json_int_t size)
{
	static const char *const units[] = {"KiB", "MiB", "GiB", "TiB"};
	double v = (double)size;
	int u = -1;

	while (v >= 1024 && u < 3) {
		v /= 1024;
		u++;
	}
	if (u >= 0)
		fprintf(out, "%.1f %s (%lld bytes)", v, units[u],
			(long long)size);
	else
		fprintf(out, "%lld bytes", (long long)size);
}

static void write_masthead(FILE *out, const json_t *doc)
{
	const json_t *prod = json_object_get(doc, "product");
	const json_t *in = json_object_get(doc, "input");
	const json_t *base = json_object_get(doc, "baseline");
	const char *cmd = json_string_value(json_object_get(doc, "command"));

	fputs("<header class=\"masthead\">\n<div class=\"brand\">"
	      "<span class=\"logo\">&#9733;</span> jcstar &middot; ",
	      out);
	fputs(json_array_size(json_object_get(doc, "requirements"))
		      ? "JC-STAR &#9733;1 assessment report"
		      : "Firmware security scan report",
	      out);
	fputs("</div>\n<h1>", out);
	if (prod)
		jcsi_html_member(out, prod, "name");
	else if (in)
		jcsi_html_member(out, in, "path");
	else
		fputs("Result", out);
	fputs("</h1>\n<dl class=\"meta\">\n", out);
	if (prod) {
		meta_row(out, "Vendor",
			 json_string_value(json_object_get(prod, "vendor")), 0);
		meta_list(out, "Models", json_object_get(prod, "models"));
		meta_list(out, "Firmware versions",
			  json_object_get(prod, "firmware_versions"));
		meta_row(out, "Manifest",
			 json_string_value(json_object_get(prod, "manifest")),
			 1);
	}
	if (in) {
		json_int_t size = json_integer_value(json_object_get(in,
								     "size"));

		meta_row(out, "Input",
			 json_string_value(json_object_get(in, "path")), 1);
		fputs("<div><dt>Size</dt><dd>", out);
		write_size(out, size);
		fputs("</dd></div>\n", out);
		meta_row(out, "SHA-256",
			 json_string_value(json_object_get(in, "sha256")), 1);
	}
	fputs("<div><dt>Tool</dt><dd>jcstar ", out);
	jcsi_html_member(out, doc, "version");
	if (cmd) {
		fputs(" (<code>", out);
		jcsi_html_text(out, cmd);
		fputs("</code>)", out);
	}
	fputs("</dd></div>\n", out);
	meta_row(out, "Catalog",
		 json_string_value(json_object_get(
			 json_object_get(doc, "catalog"), "version")),
		 0);
	meta_row(out, "Started",
		 json_string_value(json_object_get(doc, "started_at")), 0);
	meta_row(out, "Finished",
		 json_string_value(json_object_get(doc, "finished_at")), 0);
	if (base) {
		fputs("<div><dt>Baseline</dt><dd><code>", out);
		jcsi_html_member(out, base, "path");
		fprintf(out, "</code>: %lld suppressed",
			(long long)json_integer_value(
				json_object_get(base, "suppressed")));
		if (json_integer_value(json_object_get(base, "expired")))
			fprintf(out, ", %lld expired",
				(long long)json_integer_value(
					json_object_get(base, "expired")));
		fputs("</dd></div>\n", out);
	}
	fputs("</dl>\n</header>\n", out);
}

static void write_toc(FILE *out, const json_t *doc)
{
	fputs("<nav class=\"toc\"><a href=\"#summary\">Summary</a>", out);
	if (json_array_size(json_object_get(doc, "requirements")))
		fputs("<a href=\"#requirements\">Requirements</a>", out);
	fputs("<a href=\"#findings\">Findings</a>", out);
	if (json_array_size(json_object_get(doc, "observations")))
		fputs("<a href=\"#observations\">Evidence found</a>", out);
	if (json_object_get(doc, "documents"))
		fputs("<a href=\"#documents\">Documents</a>", out);
	if (json_object_get(doc, "components"))
		fputs("<a href=\"#sbom\">Software components</a>", out);
	fputs("<a href=\"#not-checked\">Not checked</a></nav>\n", out);
}

static int same(const char *s, const json_t *v)
{
	const char *t = json_string_value(v);

	return t && !strcmp(s, t);
}

/* Verdict counts of one scheme's requirements. */
static size_t count_verdicts(const json_t *doc, const char *scheme,
			     size_t n[4])
{
	const json_t *r;
	size_t i, total = 0;

	memset(n, 0, 4 * sizeof(*n));
	json_array_foreach(json_object_get(doc, "requirements"), i, r) {
		int v = verdict_index(json_string_value(
			json_object_get(r, "verdict")));

		if (!same(scheme, json_object_get(r, "scheme")) || v < 0)
			continue;
		n[v]++;
		total++;
	}
	return total;
}

/* A donut of the verdicts: circles of circumference 100 whose dashes are
   the percentages, each starting where the previous one ended. */
static void verdict_donut(FILE *out, const char *title, const size_t n[4],
			  size_t total)
{
	double start = 0;

	fprintf(out, "<div class=\"gauge\">\n<h3>%s</h3>\n"
		     "<div class=\"donut-wrap\"><svg class=\"donut\" "
		     "viewBox=\"0 0 42 42\" role=\"img\" aria-label=\"%s\">"
		     "<circle class=\"ring\" cx=\"21\" cy=\"21\" "
		     "r=\"15.9155\"/>",
		title, title);
	for (int v = 0; v < 4; v++) {
		double pct = total ? 100.0 * (double)n[v] / (double)total : 0;

		if (!n[v])
			continue;
		fprintf(out, "<circle class=\"seg v-%s\" cx=\"21\" cy=\"21\" "
			     "r=\"15.9155\" stroke-dasharray=\"%.3f %.3f\" "
			     "stroke-dashoffset=\"%.3f\"/>",
			verdicts[v], pct, 100.0 - pct, 25.0 - start);
		start += pct;
	}
	fprintf(out, "<text x=\"21\" y=\"21\" class=\"donut-num\">%zu/%zu"
		     "</text><text x=\"21\" y=\"26.5\" class=\"donut-lbl\">"
		     "pass</text></svg>\n<ul class=\"legend\">",
		n[0], total);
	for (int v = 0; v < 4; v++)
		fprintf(out, "<li><span class=\"sw v-%s\"></span>%s "
			     "<b>%zu</b></li>",
			verdicts[v], verdict_labels[v], n[v]);
	fputs("</ul></div>\n</div>\n", out);
}

static void severity_bars(FILE *out, const json_t *doc)
{
	const json_t *f;
	size_t i, n[5] = {0}, max = 0, supp = 0, total = 0;

	json_array_foreach(json_object_get(doc, "findings"), i, f) {
		if (json_object_get(f, "suppressed")) {
			supp++;
			continue;
		}
		n[jcsi_html_sev_rank(json_string_value(
			json_object_get(f, "severity")))]++;
		total++;
	}
	for (int s = 0; s < 5; s++)
		if (n[s] > max)
			max = n[s];
	fprintf(out, "<div class=\"gauge\">\n<h3>Findings by severity</h3>\n"
		     "<div class=\"big\">%zu <small>open finding%s</small>"
		     "</div>\n<div class=\"bars\">",
		total, total == 1 ? "" : "s");
	for (int s = 0; s < 5; s++)
		fprintf(out, "<div class=\"bar-row\"><span class=\"bar-lbl\">"
			     "%s</span><span class=\"bar-track\"><span "
			     "class=\"bar sev-%s\" style=\"width:%.1f%%\">"
			     "</span></span><b>%zu</b></div>",
			jcsi_html_sev_names[s], jcsi_html_sev_names[s],
			max ? 100.0 * (double)n[s] / (double)max : 0.0, n[s]);
	fputs("</div>\n", out);
	if (supp)
		fprintf(out, "<p class=\"muted\">%zu suppressed in the "
			     "baseline (listed, not counted)</p>\n",
			supp);
	fputs("</div>\n", out);
}

static void checks_gauge(FILE *out, const json_t *doc)
{
	const json_t *c, *lim = json_object_get(doc, "limitations");
	size_t i, ran = 0, failed = 0, notrun = 0;

	json_array_foreach(json_object_get(doc, "checks"), i, c) {
		const char *st = json_string_value(json_object_get(c,
								   "status"));

		if (st && !strcmp(st, "ran"))
			ran++;
		else if (st && !strcmp(st, "failed"))
			failed++;
		else
			notrun++;
	}
	fputs("<div class=\"gauge\">\n<h3>Coverage</h3>\n<ul "
	      "class=\"stats\">",
	      out);
	/* No list is not "nothing ran": say the document does not tell. */
	if (json_is_array(json_object_get(doc, "checks")))
		fprintf(out, "<li><b>%zu</b> check families ran</li><li><b>"
			     "%zu</b> failed to run</li><li><b>%zu</b> not "
			     "run</li>",
			ran, failed, notrun);
	else
		fputs("<li class=\"muted\">The result does not list its "
		      "check families.</li>",
		      out);
	fprintf(out, "<li><b>%zu</b> limitations</li><li><b>%zu</b> "
		     "positive evidence</li></ul>\n<p class=\"muted\"><a "
		     "href=\"#not-checked\">What was not checked</a></p>\n"
		     "</div>\n",
		json_array_size(lim),
		json_array_size(json_object_get(doc, "observations")));
}

static void write_summary(FILE *out, const json_t *doc)
{
	size_t n[4], total;

	fputs("<section id=\"summary\">\n<h2>Summary</h2>\n"
	      "<div class=\"gauges\">\n",
	      out);
	total = count_verdicts(doc, "jcstar-star1", n);
	if (total)
		verdict_donut(out, "JC-STAR &#9733;1 items", n, total);
	total = count_verdicts(doc, "etsi-en-303-645", n);
	if (total)
		verdict_donut(out, "EN 303 645 provisions", n, total);
	if (!json_array_size(json_object_get(doc, "requirements")))
		fputs("<div class=\"gauge\">\n<h3>Requirement verdicts</h3>\n"
		      "<p class=\"muted\">This result has no verdicts: it "
		      "comes from a scan, not an assessment. "
		      "<code>jcstar assess</code> decides the JC-STAR "
		      "&#9733;1 items.</p>\n</div>\n",
		      out);
	severity_bars(out, doc);
	checks_gauge(out, doc);
	fputs("</div>\n</section>\n", out);
}

/* "#3 title" links to the findings that fail (or were suppressed for)
   a requirement. */
static void finding_links(FILE *out, const json_t *doc, const json_t *idx,
			  const char *label)
{
	const json_t *fs = json_object_get(doc, "findings"), *v;
	size_t i;

	if (!json_array_size(idx))
		return;
	fprintf(out, "<div class=\"sub\">%s:<ul class=\"links\">", label);
	json_array_foreach(idx, i, v) {
		json_int_t k = json_integer_value(v);
		const json_t *f = json_array_get(fs, (size_t)k);

		if (!json_is_integer(v) || k < 0 || !f) {
			fputs("<li>(finding index out of range)</li>", out);
			continue;
		}
		fprintf(out, "<li><a href=\"#f-%lld\">#%lld</a> ",
			(long long)k, (long long)k);
		jcsi_html_member(out, f, "title");
		fputs("</li>", out);
	}
	fputs("</ul></div>", out);
}

static void requirement_row(FILE *out, const json_t *doc, const json_t *r,
			    size_t i)
{
	const char *verdict = json_string_value(json_object_get(r, "verdict"));
	const json_t *v;
	size_t k;
	int vi = verdict_index(verdict);

	fprintf(out, "<tr id=\"req-%zu\" class=\"row-%s\"><td class=\"rid\">",
		i, vi < 0 ? "unknown" : verdicts[vi]);
	jcsi_html_member(out, r, "id");
	if (json_array_size(json_object_get(r, "en303645"))) {
		fputs("<div class=\"muted small\">EN ", out);
		json_array_foreach(json_object_get(r, "en303645"), k, v) {
			fputs(k ? ", " : "", out);
			jcsi_html_text(out, json_string_value(v));
		}
		fputs("</div>", out);
	}
	fputs("</td><td><div class=\"rtitle\">", out);
	jcsi_html_member(out, r, "title");
	fputs("</div>", out);
	jcsi_html_wrapped(out, r, "asks",
			  "<div class=\"muted small\">", "</div>");
	fputs("</td><td><span class=\"badge v-", out);
	fputs(vi < 0 ? "unknown" : verdicts[vi], out);
	fputs("\">", out);
	if (vi < 0)
		jcsi_html_text(out, verdict);
	else
		fputs(verdict_labels[vi], out);
	fputs("</span></td><td>", out);
	jcsi_html_member(out, r, "reason");
	finding_links(out, doc, json_object_get(r, "findings"), "Failed by");
	finding_links(out, doc, json_object_get(r, "suppressed_findings"),
		      "Suppressed");
	if (json_array_size(json_object_get(r, "needs"))) {
		fputs("<div class=\"sub needs\">Needs:<ul>", out);
		json_array_foreach(json_object_get(r, "needs"), k, v) {
			fputs("<li>", out);
			jcsi_html_text(out, json_string_value(v));
			fputs("</li>", out);
		}
		fputs("</ul></div>", out);
	}
	if (json_array_size(json_object_get(r, "evidence"))) {
		fputs("<div class=\"sub\">Evidence:<ul>", out);
		json_array_foreach(json_object_get(r, "evidence"), k, v) {
			fputs("<li><span class=\"tag\">", out);
			jcsi_html_member(out, v, "kind");
			fputs("</span> ", out);
			jcsi_html_member(out, v, "detail");
			fputs("</li>", out);
		}
		fputs("</ul></div>", out);
	}
	fputs("</td></tr>\n", out);
}

static void requirement_table(FILE *out, const json_t *doc,
			      const char *scheme, const char *title)
{
	const json_t *r;
	size_t i, shown = 0;

	json_array_foreach(json_object_get(doc, "requirements"), i, r) {
		if (!same(scheme, json_object_get(r, "scheme")))
			continue;
		if (!shown++)
			fprintf(out, "<h3>%s</h3>\n<table class=\"reqs\">"
				     "<thead><tr><th>ID</th><th>Requirement"
				     "</th><th>Verdict</th><th>Why</th></tr>"
				     "</thead><tbody>\n",
				title);
		requirement_row(out, doc, r, i);
	}
	if (shown)
		fputs("</tbody></table>\n", out);
}

static void write_requirements(FILE *out, const json_t *doc)
{
	if (!json_array_size(json_object_get(doc, "requirements")))
		return;
	fputs("<section id=\"requirements\">\n<h2>Requirements</h2>\n", out);
	requirement_table(out, doc, "jcstar-star1", "JC-STAR &#9733;1");
	requirement_table(out, doc, "etsi-en-303-645", "ETSI EN 303 645");
	fputs("</section>\n", out);
}

/* The category texts, or NULL: the report is complete without them,
   only the category headings explain less. */
static struct jcsi_category_texts *load_texts(const struct jcsi_report_opts *o)
{
	struct jcsi_category_texts *t = NULL;
	char path[4096], err[256];

	snprintf(path, sizeof(path), "%s/categories.tsv",
		 jcsi_data_dir(o ? o->data_dir : NULL));
	if (jcsi_category_texts_load(path, &t, err, sizeof(err)) != JCS_OK)
		return NULL;
	return t;
}

jcs_rc jcsi_report_html(const json_t *doc, FILE *out,
			const struct jcsi_report_opts *o)
{
	struct jcsi_category_texts *texts;
	char hash[64];

	if (!json_is_object(doc) || !out)
		return JCS_E_ARG;
	if (script_hash(hash))
		return JCS_E_INTERNAL;
	texts = load_texts(o);
	write_head(out, doc, hash);
	write_masthead(out, doc);
	write_toc(out, doc);
	fputs("<main>\n", out);
	write_summary(out, doc);
	write_requirements(out, doc);
	jcsi_html_findings(out, doc, texts);
	jcsi_category_texts_free(texts);
	jcsi_html_observations(out, doc);
	jcsi_html_documents(out, doc);
	jcsi_html_components(out, doc);
	jcsi_html_not_checked(out, doc);
	fputs("</main>\n<footer>Generated by jcstar ", out);
	jcsi_html_member(out, doc, "version");
	fputs(" from a result document. The verdicts and findings are the "
	      "document's; this page only renders them.</footer>\n<script>",
	      out);
	fputs(jcsi_html_script, out);
	fputs("</script>\n</body>\n</html>\n", out);
	return ferror(out) ? JCS_E_IO : JCS_OK;
}

/*
 * report_html_sections.c - the sections of the HTML report below the
 * requirement tables: findings grouped by category (the most severe
 * category first, as in the text report), the evidence found, the
 * documents, the software components and what was not checked. Each
 * finding keeps its index in the document as its anchor (#f-N), so the
 * requirement table links to it.
 */
#include <stdlib.h>
#include <string.h>

#include "../core/mem.h"
#include "html_int.h"

void jcsi_html_location(FILE *out, const json_t *loc)
{
	const char *path = json_string_value(json_object_get(loc, "path"));
	const char *host = json_string_value(json_object_get(loc, "host"));
	const char *url = json_string_value(json_object_get(loc, "url"));
	json_int_t line = json_integer_value(json_object_get(loc, "line"));
	json_int_t port = json_integer_value(json_object_get(loc, "port"));
	const char *cont = json_string_value(json_object_get(loc,
							     "container"));
	int any = 0;

	if (path) {
		fputs("<code>", out);
		jcsi_html_text(out, path);
		if (line)
			fprintf(out, ":%lld", (long long)line);
		fputs("</code>", out);
		any = 1;
	}
	if (host) {
		fputs(any ? " &middot; <code>" : "<code>", out);
		jcsi_html_text(out, host);
		if (port)
			fprintf(out, ":%lld", (long long)port);
		if (json_object_get(loc, "protocol")) {
			fputc('/', out);
			jcsi_html_member(out, loc, "protocol");
		}
		fputs("</code>", out);
		any = 1;
	}
	if (url) {
		/* Shown as text, never as a link: the page fetches nothing
		   and a reader does not follow a device's URL by accident. */
		fputs(any ? " &middot; <code>" : "<code>", out);
		if (json_object_get(loc, "method")) {
			jcsi_html_member(out, loc, "method");
			fputc(' ', out);
		}
		jcsi_html_text(out, url);
		fputs("</code>", out);
		any = 1;
	}
	if (cont) {
		fputs(any ? " <span class=\"muted\">in</span> " : "", out);
		fputs("<code class=\"chain\">", out);
		jcsi_html_text(out, cont);
		fputs("</code>", out);
		any = 1;
	}
	if (!any)
		fputs("<span class=\"muted\">(no location)</span>", out);
}

static void vulnerabilities(FILE *out, const json_t *vulns)
{
	const json_t *v;
	size_t i;

	if (!json_array_size(vulns))
		return;
	fputs("<table class=\"vulns\"><thead><tr><th>Vulnerability</th>"
	      "<th>CVSS</th><th>Fixed in</th></tr></thead><tbody>",
	      out);
	json_array_foreach(vulns, i, v) {
		const json_t *cvss = json_object_get(v, "cvss");

		fputs("<tr><td><code>", out);
		jcsi_html_member(out, v, "id");
		fputs("</code>", out);
		if (json_is_true(json_object_get(v, "kev")))
			fputs(" <span class=\"badge kev\">Known exploited"
			      "</span>",
			      out);
		fputs("</td><td>", out);
		if (json_is_number(cvss))
			fprintf(out, "%.1f", json_number_value(cvss));
		jcsi_html_wrapped(out, v, "vector",
				  " <span class=\"muted small\">", "</span>");
		fputs("</td><td>", out);
		jcsi_html_member(out, v, "fixed");
		fputs("</td></tr>", out);
	}
	fputs("</tbody></table>", out);
}

static void finding_card(FILE *out, const json_t *doc, const json_t *f,
			 size_t idx)
{
	const char *sev = jcsi_html_sev_names[jcsi_html_sev_rank(
		json_string_value(json_object_get(f, "severity")))];
	const json_t *supp = json_object_get(f, "suppressed");
	const json_t *reqs = json_object_get(f, "requirements"), *v;
	size_t i;

	fprintf(out, "<article class=\"finding sev-%s%s\" id=\"f-%zu\" "
		     "data-sev=\"%s\" data-supp=\"%d\" data-cat=\"",
		sev, supp ? " suppressed" : "", idx, sev, supp ? 1 : 0);
	jcsi_html_member(out, f, "category");
	fprintf(out, "\">\n<div class=\"fhead\"><span class=\"badge "
		     "sev-%s\">%s</span>",
		sev, sev);
	if (supp)
		fputs("<span class=\"badge supp\">Suppressed</span>", out);
	fputs("<h4>", out);
	jcsi_html_member(out, f, "title");
	fprintf(out, "</h4><span class=\"fid\">#%zu</span></div>\n", idx);
	if (supp) {
		fputs("<p class=\"supp-note\"><b>Accepted in the baseline:"
		      "</b> ",
		      out);
		jcsi_html_member(out, supp, "justification");
		jcsi_html_wrapped(out, supp, "expires",
				  " <span class=\"muted\">(until ", ")</span>");
		fputs("</p>\n", out);
	}
	fputs("<dl class=\"kv\"><dt>Rule</dt><dd><code>", out);
	jcsi_html_member(out, f, "rule");
	fputs("</code></dd><dt>Location</dt><dd>", out);
	jcsi_html_location(out, json_object_get(f, "location"));
	fputs("</dd>", out);
	if (json_array_size(reqs)) {
		fputs("<dt>Requirements</dt><dd class=\"reqrefs\">", out);
		json_array_foreach(reqs, i, v) {
			const char *id = json_string_value(v);
			long r = jcsi_html_req_index(doc, id);

			if (r >= 0)
				fprintf(out, "<a class=\"tag\" "
					     "href=\"#req-%ld\">",
					r);
			else
				fputs("<span class=\"tag\">", out);
			jcsi_html_text(out, id);
			fputs(r >= 0 ? "</a> " : "</span> ", out);
		}
		fputs("</dd>", out);
	}
	fputs("</dl>\n", out);
	jcsi_html_wrapped(out, f, "evidence",
			  "<pre class=\"evidence\">", "</pre>\n");
	vulnerabilities(out, json_object_get(f, "vulnerabilities"));
	fputs("</article>\n", out);
}

/* The findings in the order of the page: by category, the most severe
   category first, then by severity and index. Sorting (not a scan per
   category) keeps a document with many categories from taking quadratic
   time. */
struct entry {
	const char *category;
	int rank;
	size_t idx;
};

struct group {
	const char *category;
	int best;
	size_t first, count;    /* a run of the sorted entries */
};

static const char *category_of(const json_t *f)
{
	const char *c = json_string_value(json_object_get(f, "category"));

	return c ? c : "(no category)";
}

static int by_category(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(x->category, y->category);

	if (c)
		return c;
	if (x->rank != y->rank)
		return x->rank - y->rank;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static int by_rank(const void *a, const void *b)
{
	const struct group *x = a, *y = b;

	if (x->best != y->best)
		return x->best - y->best;
	return strcmp(x->category, y->category);
}

struct grouping {
	struct entry *e;
	struct group *g;
	size_t ng;
};

/* 0, or -1 when out of memory (G is then empty). */
static int group_findings(const json_t *fs, struct grouping *g)
{
	size_t n = json_array_size(fs), i;
	const json_t *f;

	g->ng = 0;
	g->e = jcsi_calloc(n + 1, sizeof(*g->e));
	g->g = g->e ? jcsi_calloc(n + 1, sizeof(*g->g)) : NULL;
	if (!g->g) {
		jcsi_free(g->e);
		g->e = NULL;
		return -1;
	}
	json_array_foreach(fs, i, f) {
		g->e[i].category = category_of(f);
		g->e[i].rank = jcsi_html_sev_rank(json_string_value(
			json_object_get(f, "severity")));
		g->e[i].idx = i;
	}
	qsort(g->e, n, sizeof(*g->e), by_category);
	for (i = 0; i < n; i++) {
		struct group *last = g->ng ? &g->g[g->ng - 1] : NULL;

		if (last && !strcmp(last->category, g->e[i].category)) {
			last->count++;
			continue;
		}
		/* sorted by rank within the category: the first is the best */
		g->g[g->ng++] = (struct group){.category = g->e[i].category,
					       .best = g->e[i].rank,
					       .first = i,
					       .count = 1};
	}
	qsort(g->g, g->ng, sizeof(*g->g), by_rank);
	return 0;
}

static void filter_bar(FILE *out, const struct group *g, size_t ng)
{
	/* Hidden until the script shows it: without the script the page
	   shows every finding and no control that would do nothing. */
	fputs("<div id=\"filters\" class=\"filters\" hidden>"
	      "<span class=\"flabel\">Show</span>",
	      out);
	for (int s = 0; s < 5; s++)
		fprintf(out, "<label class=\"chk\"><input type=\"checkbox\" "
			     "data-sev=\"%s\" checked><span class=\"badge "
			     "sev-%s\">%s</span></label>",
			jcsi_html_sev_names[s], jcsi_html_sev_names[s],
			jcsi_html_sev_names[s]);
	fputs("<select id=\"f-cat\" aria-label=\"Category\"><option "
	      "value=\"\">All categories</option>",
	      out);
	for (size_t k = 0; k < ng; k++) {
		fputs("<option value=\"", out);
		jcsi_html_text(out, g[k].category);
		fputs("\">", out);
		jcsi_html_text(out, g[k].category);
		fprintf(out, " (%zu)</option>", g[k].count);
	}
	fputs("</select><label class=\"chk\"><input type=\"checkbox\" "
	      "id=\"f-supp\" checked> suppressed</label>"
	      "<span id=\"f-shown\" class=\"muted\"></span></div>\n",
	      out);
}

/* "Group — what the category means", from data/categories.tsv. */
static void category_help(FILE *out, const struct jcsi_category_texts *t,
			  const char *category)
{
	const struct jcsi_category_text *c = jcsi_category_text(t, category);

	if (!c)
		return;
	fputs("<p class=\"cat-help\"><span class=\"tag\">", out);
	jcsi_html_text(out, c->group);
	fputs("</span> ", out);
	jcsi_html_text(out, c->meaning);
	fputs("</p>\n", out);
}

/* Opens section ID headed TITLE. Without ITEMS it says EMPTY, closes the
   section and returns 0: a section that was looked at but holds nothing
   still shows, so a reader knows it was not forgotten. */
static int section_open(FILE *out, const char *id, const char *title,
			const json_t *items, const char *empty)
{
	fprintf(out, "<section id=\"%s\">\n<h2>%s</h2>\n", id, title);
	if (json_array_size(items))
		return 1;
	fprintf(out, "<p class=\"empty\">%s</p>\n</section>\n", empty);
	return 0;
}

void jcsi_html_findings(FILE *out, const json_t *doc,
			const struct jcsi_category_texts *texts)
{
	const json_t *fs = json_object_get(doc, "findings");
	struct grouping g;

	if (!section_open(out, "findings", "Findings", fs, "No findings."))
		return;
	if (group_findings(fs, &g)) {
		fputs("<p class=\"empty\">Out of memory: findings not "
		      "shown.</p>\n</section>\n",
		      out);
		return;
	}
	filter_bar(out, g.g, g.ng);
	for (size_t k = 0; k < g.ng; k++) {
		const struct group *c = &g.g[k];

		fputs("<div class=\"cat-group\"><h3 class=\"cat\">", out);
		jcsi_html_text(out, c->category);
		fprintf(out, " <span class=\"count\">%zu</span></h3>\n",
			c->count);
		category_help(out, texts, c->category);
		for (size_t i = c->first; i < c->first + c->count; i++)
			finding_card(out, doc,
				     json_array_get(fs, g.e[i].idx),
				     g.e[i].idx);
		fputs("</div>\n", out);
	}
	jcsi_free(g.g);
	jcsi_free(g.e);
	fputs("</section>\n", out);
}

void jcsi_html_observations(FILE *out, const json_t *doc)
{
	const json_t *obs = json_object_get(doc, "observations"), *o;
	size_t i;

	if (!json_array_size(obs))
		return;
	fputs("<section id=\"observations\">\n<h2>Evidence found</h2>\n"
	      "<p class=\"muted\">Facts the checks established that are not "
	      "problems.</p>\n",
	      out);
	json_array_foreach(obs, i, o) {
		fputs("<article class=\"obs\"><div class=\"fhead\"><span "
		      "class=\"badge ok\">&#10003;</span><h4>",
		      out);
		jcsi_html_member(out, o, "title");
		fputs("</h4></div><dl class=\"kv\"><dt>Id</dt><dd><code>",
		      out);
		jcsi_html_member(out, o, "id");
		fputs("</code></dd><dt>Location</dt><dd>", out);
		jcsi_html_location(out, json_object_get(o, "location"));
		fputs("</dd></dl>", out);
		jcsi_html_wrapped(out, o, "evidence",
				  "<pre class=\"evidence\">", "</pre>");
		fputs("</article>\n", out);
	}
	fputs("</section>\n", out);
}

/* "threat-model" -> "Threat model": a kind of the schema, as words. */
static void kind_words(FILE *out, const char *kind)
{
	char buf[64];
	size_t n;

	if (!kind)
		return;
	n = strlen(kind);
	if (n >= sizeof(buf)) {
		jcsi_html_text(out, kind);
		return;
	}
	memcpy(buf, kind, n + 1);
	for (size_t i = 0; i < n; i++)
		if (buf[i] == '-')
			buf[i] = ' ';
	if (buf[0] >= 'a' && buf[0] <= 'z')
		buf[0] = (char)(buf[0] - 'a' + 'A');
	jcsi_html_text(out, buf);
}

void jcsi_html_documents(FILE *out, const json_t *doc)
{
	const json_t *docs = json_object_get(doc, "documents"), *d;
	size_t i;

	if (!docs || !section_open(out, "documents", "Documents", docs,
				   "No documents listed."))
		return;
	fputs("<table><thead><tr><th>Document</th><th>Status</th>"
	      "<th>Reference</th><th>Detail</th></tr></thead><tbody>\n",
	      out);
	json_array_foreach(docs, i, d) {
		fputs("<tr><td>", out);
		kind_words(out, json_string_value(json_object_get(d, "kind")));
		fputs("</td><td><span class=\"badge doc-", out);
		jcsi_html_member(out, d, "status");
		fputs("\">", out);
		jcsi_html_member(out, d, "status");
		fputs("</span></td><td>", out);
		jcsi_html_wrapped(out, d, "ref", "<code>", "</code>");
		fputs("</td><td>", out);
		jcsi_html_member(out, d, "detail");
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table>\n</section>\n", out);
}

void jcsi_html_components(FILE *out, const json_t *doc)
{
	const json_t *cs = json_object_get(doc, "components"), *c;
	size_t i;

	if (!cs || !section_open(out, "sbom", "Software components", cs,
				 "No components identified."))
		return;
	fprintf(out, "<p class=\"muted\">%zu components identified.</p>\n"
		     "<table class=\"sbom\"><thead><tr><th>Component</th>"
		     "<th>Version</th><th>Identified by</th><th>Confidence"
		     "</th><th>CPE / PURL</th><th>Files</th></tr></thead>"
		     "<tbody>\n",
		json_array_size(cs));
	json_array_foreach(cs, i, c) {
		fputs("<tr><td><b>", out);
		jcsi_html_member(out, c, "name");
		fputs("</b>", out);
		jcsi_html_wrapped(out, c, "supplier",
				  "<div class=\"muted small\">", "</div>");
		fputs("</td><td><code>", out);
		jcsi_html_member(out, c, "version");
		fputs("</code></td><td>", out);
		jcsi_html_member(out, c, "method");
		fputs("</td><td><span class=\"badge conf-", out);
		jcsi_html_member(out, c, "confidence");
		fputs("\">", out);
		jcsi_html_member(out, c, "confidence");
		fputs("</span></td><td class=\"ids\">", out);
		jcsi_html_wrapped(out, c, "cpe", "<code>", "</code>");
		jcsi_html_wrapped(out, c, "purl", "<code>", "</code>");
		fprintf(out, "</td><td>%zu</td></tr>\n",
			json_array_size(json_object_get(c, "files")));
		/* Not in the schema's component yet; shown if a producer
		   attaches them, rather than silently dropped. */
		if (json_array_size(json_object_get(c, "vulnerabilities"))) {
			fputs("<tr class=\"vrow\"><td colspan=\"6\">", out);
			vulnerabilities(out,
					json_object_get(c, "vulnerabilities"));
			fputs("</td></tr>\n", out);
		}
	}
	fputs("</tbody></table>\n</section>\n", out);
}

void jcsi_html_not_checked(FILE *out, const json_t *doc)
{
	const json_t *lim = json_object_get(doc, "limitations");
	const json_t *checks = json_object_get(doc, "checks"), *x;
	size_t i;

	fputs("<section id=\"not-checked\">\n<h2>Not checked</h2>\n", out);
	if (!json_array_size(lim))
		fputs("<p class=\"empty\">No limitations reported.</p>\n",
		      out);
	else {
		fputs("<table><thead><tr><th>What</th><th>Why</th></tr>"
		      "</thead><tbody>\n",
		      out);
		json_array_foreach(lim, i, x) {
			fputs("<tr><td>", out);
			jcsi_html_member(out, x, "what");
			fputs("</td><td>", out);
			jcsi_html_member(out, x, "why");
			fputs("</td></tr>\n", out);
		}
		fputs("</tbody></table>\n", out);
	}
	if (!json_array_size(checks)) {
		fputs("</section>\n", out);
		return;
	}
	fputs("<h3>Check families</h3>\n<table class=\"checks\"><thead><tr>"
	      "<th>Check</th><th>Target</th><th>Status</th><th>Why</th>"
	      "</tr></thead><tbody>\n",
	      out);
	json_array_foreach(checks, i, x) {
		fputs("<tr><td><code>", out);
		jcsi_html_member(out, x, "name");
		fputs("</code></td><td>", out);
		jcsi_html_member(out, x, "target");
		fputs("</td><td><span class=\"badge st-", out);
		jcsi_html_member(out, x, "status");
		fputs("\">", out);
		jcsi_html_member(out, x, "status");
		fputs("</span></td><td>", out);
		jcsi_html_member(out, x, "why");
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table>\n</section>\n", out);
}

/*
 * report_text.c - the terminal report: findings grouped by category (the
 * most severe category first), each with its location and evidence, then
 * the evidence found (observations, one line each: they are not problems,
 * so they stay short), then what could not be checked, then the counts. Colours only when asked
 * (the command asks when stdout is a terminal).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../result/result_int.h"
#include "report_int.h"

/* Evidence may span lines (a grouped finding lists its files): each line
   is indented under its finding, so the report stays readable. */
static void print_indented(FILE *out, const char *ev)
{
	while (*ev) {
		size_t n = strcspn(ev, "\n");

		fprintf(out, "           %.*s\n", (int)n, ev);
		ev += n;
		if (*ev)
			ev++;
	}
}

static const char *const sev_names[] = {"critical", "high", "medium", "low",
					"info"};
static const char *const sev_color[] = {"\033[1;31m", "\033[31m", "\033[33m",
					"\033[36m", "\033[2m"};

static int sev_rank(const char *s)
{
	for (int i = 0; i < 5; i++)
		if (s && !strcmp(s, sev_names[i]))
			return i;
	return 4;
}

struct group {
	const char *category;
	int best;
	size_t count;
};

static int by_rank(const void *a, const void *b)
{
	const struct group *x = a, *y = b;

	if (x->best != y->best)
		return x->best - y->best;
	return strcmp(x->category, y->category);
}

/* probe: "  10.77.11.2  23/tcp  telnet  product  banner", one line per
   service found on the live device. */
static void write_services(const json_t *sv, FILE *out, int color)
{
	const json_t *s;
	size_t i;

	if (!json_array_size(sv))
		return;
	fprintf(out, "\n%sservices%s\n", color ? "\033[1m" : "",
		color ? "\033[0m" : "");
	json_array_foreach(sv, i, s) {
		const char *prod = json_string_value(json_object_get(s, "product"));
		const char *ban = json_string_value(json_object_get(s, "banner"));

		/* the product when announced, else what it said first */
		fprintf(out, "  %-15s %5lld/%s  %-7s%s %.60s\n",
			json_string_value(json_object_get(s, "host")),
			(long long)json_integer_value(json_object_get(s, "port")),
			json_string_value(json_object_get(s, "transport")),
			json_string_value(json_object_get(s, "name")),
			json_is_true(json_object_get(s, "tls")) ? " (TLS)" : "",
			prod ? prod : ban ? ban : "");
	}
}

/* "  + title (at /path:line)": one line per observation. */
static void write_observations(const json_t *obs, FILE *out, int color)
{
	const json_t *o;
	size_t i;

	if (!json_array_size(obs))
		return;
	fprintf(out, "\n%sEvidence found%s\n", color ? "\033[1m" : "",
		color ? "\033[0m" : "");
	json_array_foreach(obs, i, o) {
		const json_t *loc = json_object_get(o, "location");
		const char *path = json_string_value(json_object_get(loc,
								     "path"));
		json_int_t line = json_integer_value(json_object_get(loc,
								     "line"));
		const char *cont = json_string_value(json_object_get(
			loc, "container"));

		fprintf(out, "  + %s", json_string_value(json_object_get(
					       o, "title")));
		if (path && line)
			fprintf(out, " (at %s:%lld)", path, (long long)line);
		else if (path)
			fprintf(out, " (at %s)", path);
		else if (cont)
			fprintf(out, " (in %s)", cont);
		fputc('\n', out);
	}
}

static const char *jstr(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "";
}

static const char *verdict_color(const char *v)
{
	return !strcmp(v, "pass") ? "\033[32m" : !strcmp(v, "fail") ?
	       "\033[1;31m" : !strcmp(v, "needs-evidence") ? "\033[33m" :
	       "\033[2m";
}

/* One line, cut at WIDTH bytes (on a character boundary) with "...". */
static void print_cut(FILE *out, const char *s, size_t width)
{
	size_t n = strcspn(s, "\n");

	if (n <= width) {
		fprintf(out, "%.*s\n", (int)n, s);
		return;
	}
	while (width && ((unsigned char)s[width] & 0xc0) == 0x80)
		width--;
	fprintf(out, "%.*s...\n", (int)width, s);
}

/* The verdict table: every JC-STAR item with its verdict and why; the
   EN 303 645 provisions as counts plus the failing ones (the HTML report
   and the checklist list them all). */
static void write_requirements(const json_t *doc, FILE *out, int color)
{
	const json_t *reqs = json_object_get(doc, "requirements");
	const json_t *prod = json_object_get(doc, "product");
	const json_t *q;
	const char *off = color ? "\033[0m" : "";
	static const char *const vnames[] = {"pass", "fail", "needs-evidence",
					     "not-applicable"};
	size_t i, star[4] = {0}, en[4] = {0};
	char failing[1024] = "";

	size_t idw = 8;

	if (!json_is_array(reqs))
		return;
	json_array_foreach(reqs, i, q)
		if (strlen(jstr(q, "id")) > idw &&
		    strcmp(jstr(q, "scheme"), "etsi-en-303-645"))
			idw = strlen(jstr(q, "id"));
	if (prod) {
		const json_t *v;
		size_t k;

		fprintf(out, "%s%s%s", color ? "\033[1m" : "",
			jstr(prod, "name"), off);
		json_array_foreach(json_object_get(prod, "models"), k, v)
			fprintf(out, "%s%s", k ? ", " : " (",
				json_string_value(v));
		if (json_array_size(json_object_get(prod, "models")))
			fputc(')', out);
		json_array_foreach(json_object_get(prod, "firmware_versions"),
				   k, v)
			fprintf(out, "%s%s", k ? ", " : ", firmware ",
				json_string_value(v));
		fputc('\n', out);
	}
	fprintf(out, "%sJC-STAR STAR-1 verdicts%s (catalog %s)\n",
		color ? "\033[1m" : "", off,
		jstr(json_object_get(doc, "catalog"), "version"));
	json_array_foreach(reqs, i, q) {
		const char *v = jstr(q, "verdict");
		int en303 = !strcmp(jstr(q, "scheme"), "etsi-en-303-645");
		int k;

		for (k = 0; k < 4 && strcmp(vnames[k], v); k++)
			;
		if (k == 4)
			continue;
		if (en303) {
			en[k]++;
			if (k == 1) {
				size_t l = strlen(failing);

				snprintf(failing + l, sizeof(failing) - l,
					 "%s%s", l ? ", " : "", jstr(q, "id"));
			}
			continue;
		}
		star[k]++;
		fprintf(out, "  %-*s %s%-15s%s %s\n", (int)idw, jstr(q, "id"),
			color ? verdict_color(v) : "", v, off,
			jstr(q, "title"));
		if (k != 0) {
			fprintf(out, "  %-*s ", (int)(idw + 15), "");
			print_cut(out, jstr(q, "reason"), 100);
		}
	}
	fprintf(out, "  STAR-1: %zu pass, %zu fail, %zu need evidence, %zu not "
		     "applicable\n", star[0], star[1], star[2], star[3]);
	fprintf(out, "  EN 303 645: %zu pass, %zu fail, %zu need evidence, %zu "
		     "not applicable%s%s\n", en[0], en[1], en[2], en[3],
		failing[0] ? "; failing: " : "", failing);
}

jcs_rc jcs_result_write_text(const struct jcs_result *r, FILE *out, int color)
{
	struct jcsi_report_opts o = {.color = color};

	return jcsi_report_text(jcsi_result_doc(r), out, &o);
}

jcs_rc jcsi_report_json(const json_t *doc, FILE *out,
			const struct jcsi_report_opts *o)
{
	if (!doc || !out)
		return JCS_E_ARG;
	if (json_dumpf(doc, out, JSON_INDENT(2) | JSON_ENSURE_ASCII) < 0)
		return JCS_E_IO;
	fputc('\n', out);
	return ferror(out) ? JCS_E_IO : JCS_OK;
}

jcs_rc jcsi_report_text(const json_t *doc, FILE *out,
			const struct jcsi_report_opts *opts)
{
	int color = opts && opts->color;
	size_t nsup = 0;
	json_t *fs, *lim, *f;
	struct group *g;
	size_t ng = 0, i, counts[5] = {0};
	const char *on = "", *off = color ? "\033[0m" : "";

	if (!doc || !out)
		return JCS_E_ARG;
	write_requirements(doc, out, color);
	fs = json_object_get(doc, "findings");
	lim = json_object_get(doc, "limitations");
	g = calloc(json_array_size(fs) + 1, sizeof(*g));
	if (!g)
		return JCS_E_NOMEM;
	json_array_foreach(fs, i, f) {
		const char *c = json_string_value(json_object_get(f, "category"));
		int rank = sev_rank(json_string_value(json_object_get(f,
								       "severity")));
		size_t k;

		if (json_object_get(f, "suppressed"))
			nsup++;
		else
			counts[rank]++;
		for (k = 0; k < ng && strcmp(g[k].category, c); k++)
			;
		if (k == ng) {
			g[ng].category = c;
			g[ng].best = rank;
			ng++;
		}
		if (rank < g[k].best)
			g[k].best = rank;
		g[k].count++;
	}
	qsort(g, ng, sizeof(*g), by_rank);
	for (size_t k = 0; k < ng; k++) {
		fprintf(out, "\n%s%s%s (%zu)\n", color ? "\033[1m" : "",
			g[k].category, off, g[k].count);
		for (int rank = 0; rank < 5; rank++) {
			json_array_foreach(fs, i, f) {
				const json_t *loc = json_object_get(f,
								    "location");
				const char *sev = json_string_value(
					json_object_get(f, "severity"));
				const char *ev = json_string_value(
					json_object_get(f, "evidence"));
				const char *path = json_string_value(
					json_object_get(loc, "path"));
				json_int_t line = json_integer_value(
					json_object_get(loc, "line"));

				if (strcmp(json_string_value(json_object_get(
						   f, "category")),
					   g[k].category) ||
				    sev_rank(sev) != rank)
					continue;
				const json_t *sup = json_object_get(
					f, "suppressed");
				const char *host = json_string_value(
					json_object_get(loc, "host"));
				const char *url = json_string_value(
					json_object_get(loc, "url"));

				on = color ? sev_color[rank] : "";
				fprintf(out, "  %s%-8s%s %s%s\n", on, sev, off,
					sup ? "[suppressed] " : "",
					json_string_value(
						json_object_get(f, "title")));
				if (host)
					fprintf(out, "           at %s:%lld\n",
						host, (long long)json_integer_value(
						json_object_get(loc, "port")));
				if (url)
					fprintf(out, "           at %s\n", url);
				if (sup)
					fprintf(out, "           accepted: %s\n",
						jstr(sup, "justification"));
				const char *cont = json_string_value(
					json_object_get(loc, "container"));

				if (path && line)
					fprintf(out, "           at %s:%lld",
						path, (long long)line);
				else if (path)
					fprintf(out, "           at %s", path);
				if (path)
					fprintf(out, "%s%s%s\n",
						cont ? " (in " : "",
						cont ? cont : "",
						cont ? ")" : "");
				if (ev)
					print_indented(out, ev);
			}
		}
	}
	write_services(json_object_get(doc, "services"), out, color);
	write_observations(json_object_get(doc, "observations"), out, color);
	if (json_array_size(lim)) {
		fprintf(out, "\n%snot checked%s\n", color ? "\033[1m" : "", off);
		json_array_foreach(lim, i, f)
			fprintf(out, "  - %s: %s\n",
				json_string_value(json_object_get(f, "what")),
				json_string_value(json_object_get(f, "why")));
	}
	fprintf(out, "\n%zu findings: %zu critical, %zu high, %zu medium, "
		     "%zu low, %zu info",
		json_array_size(fs) - nsup, counts[0], counts[1], counts[2],
		counts[3], counts[4]);
	if (nsup)
		fprintf(out, " (and %zu suppressed by the baseline)", nsup);
	fputc('\n', out);
	free(g);
	return ferror(out) ? JCS_E_IO : JCS_OK;
}

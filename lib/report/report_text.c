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

jcs_rc jcs_result_write_text(const struct jcs_result *r, FILE *out, int color)
{
	const json_t *doc = jcsi_result_doc(r);
	json_t *fs, *lim, *f;
	struct group *g;
	size_t ng = 0, i, counts[5] = {0};
	const char *on = "", *off = color ? "\033[0m" : "";

	if (!doc || !out)
		return JCS_E_ARG;
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
				on = color ? sev_color[rank] : "";
				fprintf(out, "  %s%-8s%s %s\n", on, sev, off,
					json_string_value(
						json_object_get(f, "title")));
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
	write_observations(json_object_get(doc, "observations"), out, color);
	if (json_array_size(lim)) {
		fprintf(out, "\n%snot checked%s\n", color ? "\033[1m" : "", off);
		json_array_foreach(lim, i, f)
			fprintf(out, "  - %s: %s\n",
				json_string_value(json_object_get(f, "what")),
				json_string_value(json_object_get(f, "why")));
	}
	fprintf(out, "\n%zu findings: %zu critical, %zu high, %zu medium, "
		     "%zu low, %zu info\n",
		json_array_size(fs), counts[0], counts[1], counts[2],
		counts[3], counts[4]);
	free(g);
	return ferror(out) ? JCS_E_IO : JCS_OK;
}

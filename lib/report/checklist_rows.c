/*
 * checklist_rows.c - the cells of one checklist row. The evidence summary
 * is what a reviewer at the labeling body reads first: why the verdict,
 * what was seen, and which findings (by rule) fail the requirement or
 * were accepted in the baseline, so each claim can be traced back to the
 * JSON result.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../core/mem.h"
#include "checklist_int.h"

struct text {
	char *s;
	size_t len, cap;
	int failed;
};

static void add(struct text *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void add(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->failed)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		t->failed = 1;
		return;
	}
	if (t->len + (size_t)n + 1 > t->cap) {
		size_t cap = (t->len + (size_t)n + 1) * 2;
		char *s = jcsi_realloc(t->s, cap);

		if (!s) {
			t->failed = 1;
			return;
		}
		t->s = s;
		t->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
	va_end(ap);
	t->len += (size_t)n;
}

/* The text, "" when nothing was added; NULL (and freed) when it failed. */
static char *finish(struct text *t)
{
	if (!t->failed && !t->s)
		return jcsi_strdup("");
	if (t->failed) {
		jcsi_free(t->s);
		return NULL;
	}
	return t->s;
}

static const char *str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

/* "LABEL: N (rule, rule x2)." for the findings at the indices IDX. */
static void add_findings(struct text *t, const json_t *doc, const json_t *idx,
			 const char *label)
{
	const json_t *fs = json_object_get(doc, "findings"), *v, *w;
	size_t i, k, shown = 0;

	if (!json_array_size(idx))
		return;
	add(t, " %s: %zu (", label, json_array_size(idx));
	json_array_foreach(idx, i, v) {
		const char *rule = str(json_array_get(fs,
				(size_t)json_integer_value(v)), "rule");
		size_t n = 0, first = i;

		/* each rule once, where it first occurs, with its count */
		json_array_foreach(idx, k, w) {
			const char *other = str(json_array_get(fs,
					(size_t)json_integer_value(w)), "rule");

			if (!strcmp(rule, other)) {
				n++;
				if (k < first)
					first = k;
			}
		}
		if (first != i)
			continue;
		add(t, "%s%s", shown++ ? ", " : "", *rule ? rule : "?");
		if (n > 1)
			add(t, " x%zu", n);
	}
	add(t, ").");
}

static char *evidence_summary(const json_t *doc, const json_t *req)
{
	struct text t = {0};
	const json_t *e;
	size_t i;

	add(&t, "%s", str(req, "reason"));
	if (json_array_size(json_object_get(req, "evidence"))) {
		add(&t, " Evidence:");
		json_array_foreach(json_object_get(req, "evidence"), i, e)
			add(&t, "%s %s: %s", i ? ";" : "", str(e, "kind"),
			    str(e, "detail"));
		add(&t, ".");
	}
	add_findings(&t, doc, json_object_get(req, "findings"),
		     "Failing findings");
	add_findings(&t, doc, json_object_get(req, "suppressed_findings"),
		     "Accepted in the baseline (suppressed)");
	return finish(&t);
}

/* Whether requirement REQ names document kind KIND in its evidence or
   its needs: that is how a row refers to the product's documents. */
static int mentions(const json_t *req, const char *kind)
{
	const json_t *e;
	size_t i;

	json_array_foreach(json_object_get(req, "evidence"), i, e)
		if (strstr(str(e, "detail"), kind))
			return 1;
	json_array_foreach(json_object_get(req, "needs"), i, e)
		if (json_is_string(e) && strstr(json_string_value(e), kind))
			return 1;
	return 0;
}

static char *documents(const json_t *doc, const json_t *req)
{
	struct text t = {0};
	const json_t *d;
	size_t i, n = 0;

	json_array_foreach(json_object_get(doc, "documents"), i, d) {
		const char *kind = str(d, "kind");

		if (!*kind || !mentions(req, kind))
			continue;
		add(&t, "%s%s (%s)", n++ ? "; " : "", kind, str(d, "status"));
		if (*str(d, "ref"))
			add(&t, ": %s", str(d, "ref"));
		if (*str(d, "detail"))
			add(&t, " - %s", str(d, "detail"));
	}
	return finish(&t);
}

static char *needs(const json_t *req)
{
	struct text t = {0};
	const json_t *n;
	size_t i;

	json_array_foreach(json_object_get(req, "needs"), i, n)
		if (json_is_string(n))
			add(&t, "%s%s", i ? "; " : "", json_string_value(n));
	return finish(&t);
}

int jcsi_checklist_row(const json_t *doc, const json_t *req,
		       struct jcsi_checklist_row *row)
{
	row->scheme = str(req, "scheme");
	row->id = str(req, "id");
	row->title = str(req, "title");
	row->verdict = str(req, "verdict");
	row->evidence = evidence_summary(doc, req);
	row->documents = documents(doc, req);
	row->needs = needs(req);
	if (!row->evidence || !row->documents || !row->needs) {
		jcsi_checklist_row_free(row);
		return -1;
	}
	return 0;
}

void jcsi_checklist_row_free(struct jcsi_checklist_row *row)
{
	jcsi_free(row->evidence);
	jcsi_free(row->documents);
	jcsi_free(row->needs);
	row->evidence = row->documents = row->needs = NULL;
}

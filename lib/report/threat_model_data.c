/*
 * threat_model_data.c - the tables of the draft threat model
 * (the .tsv files of data/threat-model/, see data/README.md). Each line is checked when
 * it is read, so a typo in a category or a selector is an error naming
 * the line, not a threat that silently never appears.
 */
#include <stdio.h>
#include <string.h>

#include "threat_model.h"
#include "../checks/rules.h"
#include "../core/datafile.h"
#include "../core/mem.h"

static const char *const targets[] = {"firmware", "live", "cloud", "app",
				      "docs", NULL};

static int in_list(const char *const *list, const char *s)
{
	for (size_t i = 0; list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

/* What a line of one table must look like: its number of fields, the bare
   selector words it allows, and a check of its own columns. */
struct table_kind {
	int nf;
	const char *const *keywords;
	const char *(*check)(char **f);
};

static const char *check_letters(char **f)
{
	const char *order = "STRIDE", *p = f[1];

	if (!jcs_category_valid(f[0]))
		return "unknown category (see data/categories.tsv)";
	if (!*p)
		return "no STRIDE letter";
	/* a subset of STRIDE in that order: each letter after the last one */
	for (const char *q = order; *p; p++) {
		q = strchr(q, *p);
		if (!q || !*q)
			return "letters must be a subset of STRIDE, in that order";
		q++;
	}
	return NULL;
}

static const char *check_selector(const char *sel,
				  const char *const *keywords)
{
	const char *v = strchr(sel, ':');

	if (!v)
		return keywords && in_list(keywords, sel) ?
			NULL : "unknown selector";
	v++;
	if (!*v)
		return "empty selector value";
	if (strncmp(sel, "category:", 9) == 0)
		return jcs_category_valid(v) ? NULL : "unknown category";
	if (strncmp(sel, "not-run:", 8) == 0)
		return in_list(targets, v) ? NULL : "unknown check target";
	if (strncmp(sel, "rule:", 5) == 0 ||
	    strncmp(sel, "observation:", 12) == 0)
		return NULL;
	return "unknown selector";
}

static const char *const entry_words[] = {NULL};
static const char *const asset_words[] = {"input", "assumed", NULL};
static const char *const question_words[] = {"always", NULL};

static const char *check_entry(char **f)
{
	return check_selector(f[0], entry_words);
}

static const char *check_asset(char **f)
{
	return check_selector(f[0], asset_words);
}

static const char *check_question(char **f)
{
	return check_selector(f[0], question_words);
}

static const struct table_kind k_stride = {4, NULL, check_letters};
static const struct table_kind k_entries = {4, entry_words, check_entry};
static const struct table_kind k_assets = {4, asset_words, check_asset};
static const struct table_kind k_questions = {2, question_words,
					      check_question};

struct reading {
	struct jcsi_tm_table *t;
	const struct table_kind *k;
};

static void row_free(struct jcsi_tm_row *r)
{
	for (int i = 0; i < 4; i++)
		jcsi_free(r->f[i]);
}

static jcs_rc one_line(char *line, const char *path, unsigned no, void *user,
		       char *err, size_t errlen)
{
	struct reading *rd = user;
	struct jcsi_tm_row row = {.line = no};
	struct jcsi_tm_row *v;
	const char *why;
	char *p = line;
	int nf = 0;

	while (nf < 4) {
		size_t n = strcspn(p, "\t");

		if (n == 0) {
			snprintf(err, errlen, "%s:%u: field %d is empty", path,
				 no, nf + 1);
			goto bad;
		}
		row.f[nf] = jcsi_strndup(p, n);
		if (!row.f[nf]) {
			row_free(&row);
			return JCS_E_NOMEM;
		}
		nf++;
		p += n;
		if (!*p)
			break;
		p++;
	}
	if (nf != rd->k->nf || *p) {
		snprintf(err, errlen, "%s:%u: expected %d tab-separated fields",
			 path, no, rd->k->nf);
		goto bad;
	}
	why = rd->k->check(row.f);
	if (why) {
		snprintf(err, errlen, "%s:%u: %s: '%s'", path, no, why,
			 row.f[0]);
		goto bad;
	}
	v = jcsi_realloc(rd->t->v, (rd->t->n + 1) * sizeof(*v));
	if (!v) {
		row_free(&row);
		return JCS_E_NOMEM;
	}
	rd->t->v = v;
	v[rd->t->n++] = row;
	return JCS_OK;
bad:
	row_free(&row);
	return JCS_E_FORMAT;
}

static void table_free(struct jcsi_tm_table *t)
{
	for (size_t i = 0; i < t->n; i++)
		row_free(&t->v[i]);
	jcsi_free(t->v);
}

static jcs_rc load_table(const char *dir, const char *name,
			 struct jcsi_tm_table *t, const struct table_kind *k,
			 char *err, size_t errlen)
{
	struct reading rd = {t, k};
	char path[4096];
	jcs_rc rc;

	snprintf(path, sizeof(path), "%s/threat-model/%s", dir, name);
	rc = jcsi_data_lines(path, one_line, &rd, err, errlen);
	if (rc == JCS_E_IO && !*err)
		snprintf(err, errlen, "%s: cannot be read", path);
	return rc;
}

/* lib/result/categories.c: the fixed category list (no header of its own). */
const char *const *jcsi_categories(void);

/* Every category a finding can carry has exactly one STRIDE line: a
   category added to the list without one would fall out of the model. */
static jcs_rc stride_complete(const struct jcsi_tm_data *d, const char *dir,
			      char *err, size_t errlen)
{
	const char *const *cats = jcsi_categories();

	for (size_t i = 0; i < d->stride.n; i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(d->stride.v[i].f[0], d->stride.v[j].f[0])) {
				snprintf(err, errlen,
					 "%s/threat-model/stride.tsv:%u: "
					 "category '%s' already on line %u",
					 dir, d->stride.v[i].line,
					 d->stride.v[i].f[0],
					 d->stride.v[j].line);
				return JCS_E_FORMAT;
			}
	for (size_t i = 0; cats[i]; i++)
		if (!jcsi_tm_stride(d, cats[i])) {
			snprintf(err, errlen,
				 "%s/threat-model/stride.tsv: no line for "
				 "category '%s'", dir, cats[i]);
			return JCS_E_FORMAT;
		}
	return JCS_OK;
}

jcs_rc jcsi_tm_data_load(const char *dir, struct jcsi_tm_data **out,
			 char *err, size_t errlen)
{
	struct jcsi_tm_data *d;
	char path[4096];
	jcs_rc rc;

	*out = NULL;
	if (errlen)
		*err = '\0';
	dir = jcsi_data_dir(dir);
	d = jcsi_calloc(1, sizeof(*d));
	if (!d)
		return JCS_E_NOMEM;
	rc = load_table(dir, "stride.tsv", &d->stride, &k_stride, err, errlen);
	if (rc == JCS_OK)
		rc = stride_complete(d, dir, err, errlen);
	if (rc == JCS_OK)
		rc = load_table(dir, "entry-points.tsv", &d->entries,
				&k_entries, err, errlen);
	if (rc == JCS_OK)
		rc = load_table(dir, "assets.tsv", &d->assets, &k_assets, err,
				errlen);
	if (rc == JCS_OK)
		rc = load_table(dir, "questions.tsv", &d->questions,
				&k_questions, err, errlen);
	if (rc == JCS_OK) {
		snprintf(path, sizeof(path), "%s/rules", dir);
		rc = jcsi_rules_load(path, &d->rules, err, errlen);
	}
	if (rc != JCS_OK) {
		jcsi_tm_data_free(d);
		return rc;
	}
	*out = d;
	return JCS_OK;
}

void jcsi_tm_data_free(struct jcsi_tm_data *d)
{
	if (!d)
		return;
	table_free(&d->stride);
	table_free(&d->entries);
	table_free(&d->assets);
	table_free(&d->questions);
	jcsi_rules_free(d->rules);
	jcsi_free(d);
}

const struct jcsi_tm_row *jcsi_tm_stride(const struct jcsi_tm_data *d,
					 const char *category)
{
	for (size_t i = 0; category && i < d->stride.n; i++)
		if (!strcmp(d->stride.v[i].f[0], category))
			return &d->stride.v[i];
	return NULL;
}

/* SEL (after its "kind:") names V exactly, or is a prefix of it ending in
   '.' or '-' (a family of rules: "network.wifi-"). */
static int names(const char *sel, const char *v)
{
	size_t n = strlen(sel);

	if (!v)
		return 0;
	if (!strcmp(sel, v))
		return 1;
	return n && (sel[n - 1] == '.' || sel[n - 1] == '-') &&
	       !strncmp(sel, v, n);
}

/* The selector SEL is "KIND:value"; the value, or NULL. */
static const char *value_of(const char *sel, const char *kind)
{
	size_t n = strlen(kind);

	return !strncmp(sel, kind, n) && sel[n] == ':' ? sel + n + 1 : NULL;
}

const struct jcsi_tm_row *jcsi_tm_match(const struct jcsi_tm_table *t,
					const char *rule, const char *category,
					const char *obs, const char *not_run,
					const char *keyword)
{
	for (size_t i = 0; i < t->n; i++) {
		const char *s = t->v[i].f[0], *v;

		if (((v = value_of(s, "rule")) && names(v, rule)) ||
		    ((v = value_of(s, "category")) && category &&
		     !strcmp(v, category)) ||
		    ((v = value_of(s, "observation")) && names(v, obs)) ||
		    ((v = value_of(s, "not-run")) && not_run &&
		     !strcmp(v, not_run)) ||
		    (keyword && !strcmp(s, keyword)))
			return &t->v[i];
	}
	return NULL;
}

const struct jcsi_tm_row *jcsi_tm_by_id(const struct jcsi_tm_table *t,
					const char *id)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->v[i].f[1], id))
			return &t->v[i];
	return NULL;
}

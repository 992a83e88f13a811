/*
 * catalog.c - loading the requirement catalog (YAML, libyaml's document
 * API) into struct jcsi_catalog, refusing anything it does not understand:
 * unknown keys (a typo must not silently drop a mapping), unknown
 * categories, rules, evidence or surfaces, duplicate ids, mappings to
 * provisions the catalog does not have. Every error names the file, line,
 * column and field, so a reviewer of a catalog change finds it at once.
 *
 * The walk is schema-driven to a fixed depth (top mapping, requirement
 * list, entry mapping, string lists), so YAML aliases cannot make it
 * recurse; the file size and entry count are bounded.
 */
#include "catalog_int.h"

#include <stdio.h>
#include <string.h>

#include <yaml.h>

#include "ywalk.h"
#include "../checks/rules.h"
#include "../core/mem.h"

#define MAX_ENTRIES 10000

struct walk {
	struct jcsi_yw y;           /* document, file name, error buffer */
	const struct jcsi_rules *rules;
	struct jcsi_catalog *c;
};

static void req_free(struct jcsi_requirement *r)
{
	jcsi_free(r->id);
	jcsi_free(r->title);
	jcsi_free(r->asks);
	jcsi_free(r->status);
	jcsi_free(r->assessed_by);
	jcsi_strlist_free(&r->categories);
	jcsi_strlist_free(&r->rules);
	jcsi_strlist_free(&r->tested_in_names);
	for (size_t i = 0; i < r->n_evidence; i++)
		jcsi_free(r->evidence[i].what);
	jcsi_free(r->evidence);
	jcsi_strlist_free(&r->en303645);
	jcsi_strlist_free(&r->candidate_for);
	jcsi_strlist_free(&r->versions);
	jcsi_strlist_free(&r->aliases);
	jcsi_strlist_free(&r->applies_if);
}

void jcsi_catalog_free(struct jcsi_catalog *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		req_free(&c->req[i]);
	jcsi_free(c->req);
	jcsi_free(c->version);
	jcsi_free(c->reference);
	jcsi_strlist_free(&c->sources);
	jcsi_free(c);
}

const struct jcsi_requirement *jcsi_catalog_get(const struct jcsi_catalog *c,
						const char *id)
{
	for (size_t i = 0; c && id && i < c->n; i++)
		if (strcmp(c->req[i].id, id) == 0)
			return &c->req[i];
	return NULL;
}

size_t jcsi_catalog_count_category(const struct jcsi_catalog *c,
				   const char *category)
{
	size_t n = 0;

	for (size_t i = 0; c && i < c->n; i++)
		for (size_t k = 0; k < c->req[i].categories.n; k++)
			if (strcmp(c->req[i].categories.v[k], category) == 0)
				n++;
	return n;
}

/* ------------------------------------------------------------------ */

static jcs_rc dup_scalar(struct walk *w, yaml_node_t *n, const char *field,
			 char **out)
{
	struct jcsi_yw *y = &w->y;
	jcs_rc rc = JCS_OK;
	const char *s = jcsi_yw_scalar(y, n, field, &rc);

	if (!s)
		return rc;
	if (*out)
		return jcsi_yw_fail(y, n, field, "given twice");
	*out = jcsi_strdup(s);
	return *out ? JCS_OK : JCS_E_NOMEM;
}

static jcs_rc boolean(struct walk *w, yaml_node_t *n, const char *field,
		      int *out)
{
	struct jcsi_yw *y = &w->y;
	jcs_rc rc = JCS_OK;
	const char *s = jcsi_yw_scalar(y, n, field, &rc);

	if (!s)
		return rc;
	if (strcmp(s, "true") == 0)
		*out = 1;
	else if (strcmp(s, "false") == 0)
		*out = 0;
	else
		return jcsi_yw_fail(y, n, field, "'%s' is not true or false",
				    s);
	return JCS_OK;
}

/* A check of one list item: NULL if fine, else why not. */
typedef const char *(*item_check)(struct walk *w, const char *s);

/* A sequence of distinct non-empty scalars into OUT, each passed to CHECK
   (MAY be NULL). An empty sequence is allowed. */
static jcs_rc string_list(struct walk *w, yaml_node_t *n, const char *field,
			  item_check check, struct jcsi_strlist *out)
{
	struct jcsi_yw *y = &w->y;
	size_t count;

	if (!n || n->type != YAML_SEQUENCE_NODE)
		return jcsi_yw_fail(y, n, field, "expected a list");
	if (out->v)
		return jcsi_yw_fail(y, n, field, "given twice");
	count = jcsi_yw_count(n);
	if (count > MAX_ENTRIES)
		return jcsi_yw_fail(y, n, field, "more than %d items",
				    MAX_ENTRIES);
	out->v = jcsi_calloc(count ? count : 1, sizeof(char *));
	if (!out->v)
		return JCS_E_NOMEM;
	for (size_t i = 0; i < count; i++) {
		yaml_node_t *it = jcsi_yw_item(y, n, i);
		jcs_rc rc = JCS_OK;
		const char *s = jcsi_yw_scalar(y, it, field, &rc);
		const char *why;

		if (!s)
			return rc;
		if (check && (why = check(w, s)))
			return jcsi_yw_fail(y, it, field, "'%s' %s", s, why);
		if (jcsi_strlist_has(out, s))
			return jcsi_yw_fail(y, it, field, "'%s' listed twice",
					    s);
		if (!(out->v[out->n] = jcsi_strdup(s)))
			return JCS_E_NOMEM;
		out->n++;
	}
	return JCS_OK;
}

static const char *check_category(struct walk *w, const char *s)
{
	return jcs_category_valid(s) ? NULL :
		"is not a finding category (reference/categories.md)";
}

static const char *check_rule(struct walk *w, const char *s)
{
	if (w->rules && !jcsi_rules_get(w->rules, s))
		return "is not a rule of data/rules/";
	return NULL;
}

static const char *check_surface(struct walk *w, const char *s)
{
	return jcsi_cat_surface_bit(s) ? NULL :
		"is not a test surface (firmware, live, cloud, app, docs)";
}

static const char *check_feature(struct walk *w, const char *s)
{
	for (const char *const *f = jcsi_catalog_features(); *f; f++)
		if (!strcmp(*f, s))
			return NULL;
	return "is not a product feature (wifi, bluetooth, cloud, app, "
	       "user_data, network_login, updates)";
}

static const char *check_version(struct walk *w, const char *s)
{
	return jcsi_cat_version_valid(s) ? NULL :
		"is not an EN 303 645 version (V2.1.1, V3.1.x)";
}

static const char *check_en_id(struct walk *w, const char *s)
{
	return jcsi_cat_en_id_valid(s) ? NULL :
		"is not an EN 303 645 provision id";
}

static jcs_rc evidence_list(struct walk *w, yaml_node_t *n,
			    struct jcsi_requirement *r)
{
	struct jcsi_yw *y = &w->y;
	struct jcsi_strlist raw = {0};
	jcs_rc rc = string_list(w, n, "evidence", NULL, &raw);

	if (rc != JCS_OK)
		goto out;
	r->evidence = jcsi_calloc(raw.n ? raw.n : 1, sizeof(*r->evidence));
	if (!r->evidence) {
		rc = JCS_E_NOMEM;
		goto out;
	}
	for (size_t i = 0; i < raw.n; i++) {
		struct jcsi_evidence *e = &r->evidence[r->n_evidence];
		const char *what, *why;

		why = jcsi_cat_evidence_parse(raw.v[i], &e->kind, &what);
		if (why) {
			rc = jcsi_yw_fail(y, jcsi_yw_item(y, n, i),
				  "evidence", "'%s' %s", raw.v[i], why);
			goto out;
		}
		if (what && !(e->what = jcsi_strdup(what))) {
			rc = JCS_E_NOMEM;
			goto out;
		}
		r->n_evidence++;
	}
out:
	jcsi_strlist_free(&raw);
	return rc;
}

/* ------------------------------------------------------------------ */

/* Keys of MAP must be distinct scalars. Not jcsi_yw_unique_keys: the
   catalog's message is "KEY: key given twice", which catalog reviewers
   (and test_catalog) know, and it lets a key hold a NUL byte through to
   entry_field as the catalog always has. */
static jcs_rc unique_keys(struct walk *w, yaml_node_t *map, const char *where)
{
	struct jcsi_yw *y = &w->y;

	for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
	     p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = jcsi_yw_node(y, p->key);

		if (!k || k->type != YAML_SCALAR_NODE)
			return jcsi_yw_fail(y, k, where,
					    "keys must be plain words");
		for (yaml_node_pair_t *q = map->data.mapping.pairs.start;
		     q < p; q++) {
			yaml_node_t *o = jcsi_yw_node(y, q->key);

			if (strcmp((const char *)o->data.scalar.value,
				   (const char *)k->data.scalar.value) == 0)
				return jcsi_yw_fail(y, k, (const char *)k->data.scalar.value,
					    "key given twice");
		}
	}
	return JCS_OK;
}

static jcs_rc entry_field(struct walk *w, struct jcsi_requirement *r,
			  const char *key, yaml_node_t *v, int *mapping_set)
{
	struct jcsi_yw *y = &w->y;
	jcs_rc rc = JCS_OK;
	const char *s;

	if (!strcmp(key, "id"))
		return dup_scalar(w, v, key, &r->id);
	if (!strcmp(key, "title"))
		return dup_scalar(w, v, key, &r->title);
	if (!strcmp(key, "asks"))
		return dup_scalar(w, v, key, &r->asks);
	if (!strcmp(key, "status")) {
		if ((s = jcsi_yw_scalar(y, v, key, &rc)) &&
		    !jcsi_cat_status_valid(s))
			return jcsi_yw_fail(y, v, key, "'%s' is not an Annex B status (M, R, MF, MC, MCF, RF, RC)", s);
		return s ? dup_scalar(w, v, key, &r->status) : rc;
	}
	if (!strcmp(key, "assessed_by")) {
		if ((s = jcsi_yw_scalar(y, v, key, &rc)) &&
		    !jcsi_cat_assessed_valid(s))
			return jcsi_yw_fail(y, v, key, "'%s' is not document, real-device or unknown", s);
		return s ? dup_scalar(w, v, key, &r->assessed_by) : rc;
	}
	if (!strcmp(key, "scheme")) {
		if ((s = jcsi_yw_scalar(y, v, key, &rc)) &&
		    jcsi_cat_scheme_parse(s, &r->scheme) < 0)
			return jcsi_yw_fail(y, v, key, "'%s' is not a known scheme (jcstar-star1, etsi-en-303-645)", s);
		return rc;
	}
	if (!strcmp(key, "confirmed")) {
		if ((s = jcsi_yw_scalar(y, v, key, &rc)) &&
		    jcsi_cat_confirmed_parse(s, &r->confirmed) < 0)
			return jcsi_yw_fail(y, v, key,
					    "'%s' is not true, partial or false", s);
		return rc;
	}
	if (!strcmp(key, "categories"))
		return string_list(w, v, key, check_category, &r->categories);
	if (!strcmp(key, "rules"))
		return string_list(w, v, key, check_rule, &r->rules);
	if (!strcmp(key, "evidence"))
		return evidence_list(w, v, r);
	if (!strcmp(key, "tested_in")) {
		rc = string_list(w, v, key, check_surface, &r->tested_in_names);
		for (size_t i = 0; rc == JCS_OK && i < r->tested_in_names.n; i++)
			r->tested_in |= (unsigned)jcsi_cat_surface_bit(r->tested_in_names.v[i]);
		return rc;
	}
	if (!strcmp(key, "en303645"))
		return string_list(w, v, key, check_en_id, &r->en303645);
	if (!strcmp(key, "candidate_for"))
		return string_list(w, v, key, NULL, &r->candidate_for);
	if (!strcmp(key, "versions"))
		return string_list(w, v, key, check_version, &r->versions);
	if (!strcmp(key, "aliases"))
		return string_list(w, v, key, check_en_id, &r->aliases);
	if (!strcmp(key, "mapping_confirmed")) {
		*mapping_set = 1;
		return boolean(w, v, key, &r->mapping_confirmed);
	}
	if (!strcmp(key, "psti_recognised"))
		return boolean(w, v, key, &r->psti_recognised);
	if (!strcmp(key, "applies_if"))
		return string_list(w, v, key, check_feature, &r->applies_if);
	return jcsi_yw_fail(y, v, key, "unknown field");
}

/* What one entry must say, once all its fields are read. */
static jcs_rc entry_rules(struct walk *w, yaml_node_t *map,
			  struct jcsi_requirement *r, int mapping_set)
{
	struct jcsi_yw *y = &w->y;
	int en = r->scheme == JCSI_SCHEME_EN303645;
	yaml_node_t *rules = jcsi_yw_find(y, map, "rules");

	if (!r->id)
		return jcsi_yw_fail(y, map, "id", "missing");
	if (!jcsi_yw_find(y, map, "scheme"))
		return jcsi_yw_fail(y, map, "scheme", "missing (entry %s)",
				    r->id);
	if (!jcsi_yw_find(y, map, "confirmed"))
		return jcsi_yw_fail(y, map, "confirmed", "missing (entry %s)",
				    r->id);
	if (!r->title)
		return jcsi_yw_fail(y, map, "title", "missing (entry %s)",
				    r->id);
	if (!r->asks)
		return jcsi_yw_fail(y, map, "asks", "missing (entry %s)",
				    r->id);
	if (!r->categories.v)
		return jcsi_yw_fail(y, map, "categories", "missing (entry %s; [] for none)", r->id);
	if (!r->evidence)
		return jcsi_yw_fail(y, map, "evidence", "missing (entry %s; [] for none)", r->id);
	if (!r->tested_in_names.v)
		return jcsi_yw_fail(y, map, "tested_in", "missing (entry %s; [] for none)", r->id);
	{
		const char *why = jcsi_cat_id_check(r->id, r->scheme);

		if (why)
			return jcsi_yw_fail(y, jcsi_yw_find(y, map, "id"), "id",
					    "'%s': %s", r->id, why);
	}
	if (jcsi_cat_is_local(r->id) && r->confirmed != JCSI_CONFIRMED_FALSE)
		return jcsi_yw_fail(y, jcsi_yw_find(y, map, "confirmed"), "confirmed",
			    "a local- id has no official source: must be false (entry %s)", r->id);
	if (en && (!r->status || !r->versions.v))
		return jcsi_yw_fail(y, map, r->status ? "versions" : "status",
			    "missing (EN 303 645 entry %s)", r->id);
	if (!en && (r->status || r->versions.v || r->aliases.v))
		return jcsi_yw_fail(y, map, r->status ? "status" : r->versions.v ? "versions" : "aliases",
			    "only for EN 303 645 entries (entry %s)", r->id);
	if (en && (r->assessed_by || r->en303645.v || r->candidate_for.v))
		return jcsi_yw_fail(y, map, r->assessed_by ? "assessed_by" : r->en303645.v ? "en303645" : "candidate_for",
			    "only for JC-STAR entries (entry %s)", r->id);
	if (!!r->en303645.v != mapping_set)
		return jcsi_yw_fail(y, map, "mapping_confirmed",
			    "goes with en303645, both or neither (entry %s)", r->id);
	if (r->candidate_for.v && !jcsi_cat_is_local(r->id))
		return jcsi_yw_fail(y, jcsi_yw_find(y, map, "candidate_for"), "candidate_for",
			    "only a local- theme can be a candidate (entry %s)", r->id);
	/* "absence" of nothing would pass every product */
	for (size_t i = 0; i < r->n_evidence; i++)
		if (r->evidence[i].kind == JCSI_EVIDENCE_ABSENCE &&
		    !r->categories.n && !r->rules.n)
			return jcsi_yw_fail(y, jcsi_yw_find(y, map, "evidence"), "evidence",
				    "'absence' with no categories or rules (entry %s)", r->id);
	if (!r->n_evidence && r->confirmed == JCSI_CONFIRMED_TRUE &&
	    (r->categories.n || r->rules.n))
		return jcsi_yw_fail(y, jcsi_yw_find(y, map, "evidence"), "evidence",
			    "empty although categories bear on it (entry %s)", r->id);
	/* a rule whose category is listed already is redundant, and a sign
	   of a mapping nobody thought through */
	for (size_t i = 0; w->rules && i < r->rules.n; i++) {
		const struct jcs_rule_info *ri = jcsi_rules_get(w->rules, r->rules.v[i]);

		for (size_t k = 0; ri && k < r->categories.n; k++)
			if (strcmp(ri->category, r->categories.v[k]) == 0)
				return jcsi_yw_fail(y, jcsi_yw_item(y, rules, i),
					    "rules", "'%s' is of category '%s', listed already (entry %s)",
					    r->rules.v[i], ri->category, r->id);
	}
	return JCS_OK;
}

static jcs_rc entry(struct walk *w, yaml_node_t *map,
		    struct jcsi_requirement *r)
{
	struct jcsi_yw *y = &w->y;
	int mapping_set = 0;
	jcs_rc rc;

	if (!map || map->type != YAML_MAPPING_NODE)
		return jcsi_yw_fail(y, map, "requirements",
				    "each entry must be a mapping");
	r->line = (unsigned)map->start_mark.line + 1;
	if ((rc = unique_keys(w, map, "requirements")) != JCS_OK)
		return rc;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
	     p < map->data.mapping.pairs.top; p++) {
		rc = entry_field(w, r, jcsi_yw_key(y, p),
				 jcsi_yw_node(y, p->value), &mapping_set);
		if (rc != JCS_OK)
			return rc;
	}
	return entry_rules(w, map, r, mapping_set);
}

/* Ids are unique; mappings and candidates point at entries that exist. */
static jcs_rc cross_refs(struct walk *w, yaml_node_t *list)
{
	struct jcsi_yw *y = &w->y;
	struct jcsi_catalog *c = w->c;

	for (size_t i = 0; i < c->n; i++) {
		struct jcsi_requirement *r = &c->req[i];
		yaml_node_t *map = jcsi_yw_item(y, list, i);
		yaml_node_t *f;

		for (size_t k = 0; k < i; k++)
			if (strcmp(c->req[k].id, r->id) == 0)
				return jcsi_yw_fail(y, jcsi_yw_find(y, map, "id"), "id",
					    "'%s' given twice (first at line %u)",
					    r->id, c->req[k].line);
		f = jcsi_yw_find(y, map, "en303645");
		for (size_t k = 0; k < r->en303645.n; k++) {
			const struct jcsi_requirement *t =
				jcsi_catalog_get(c, r->en303645.v[k]);

			if (!t || t->scheme != JCSI_SCHEME_EN303645)
				return jcsi_yw_fail(y, jcsi_yw_item(y, f, k),
					    "en303645", "'%s' is no EN 303 645 entry of the catalog",
					    r->en303645.v[k]);
		}
		f = jcsi_yw_find(y, map, "candidate_for");
		for (size_t k = 0; k < r->candidate_for.n; k++) {
			const struct jcsi_requirement *t =
				jcsi_catalog_get(c, r->candidate_for.v[k]);

			if (!t || t->scheme != JCSI_SCHEME_JCSTAR_STAR1 ||
			    jcsi_cat_is_local(t->id))
				return jcsi_yw_fail(y, jcsi_yw_item(y, f, k),
					    "candidate_for", "'%s' is no official JC-STAR entry of the catalog",
					    r->candidate_for.v[k]);
		}
		f = jcsi_yw_find(y, map, "aliases");
		for (size_t k = 0; k < r->aliases.n; k++)
			if (jcsi_catalog_get(c, r->aliases.v[k]))
				return jcsi_yw_fail(y, jcsi_yw_item(y, f, k),
					    "aliases", "'%s' is an entry's id, not an alias",
					    r->aliases.v[k]);
	}
	return JCS_OK;
}

static jcs_rc requirements(struct walk *w, yaml_node_t *list)
{
	struct jcsi_yw *y = &w->y;
	size_t count;
	jcs_rc rc;

	if (!list || list->type != YAML_SEQUENCE_NODE)
		return jcsi_yw_fail(y, list, "requirements", "expected a list");
	count = jcsi_yw_count(list);
	if (!count)
		return jcsi_yw_fail(y, list, "requirements", "is empty");
	if (count > MAX_ENTRIES)
		return jcsi_yw_fail(y, list, "requirements",
				    "more than %d entries", MAX_ENTRIES);
	if (w->c->req)
		return jcsi_yw_fail(y, list, "requirements", "given twice");
	w->c->req = jcsi_calloc(count, sizeof(*w->c->req));
	if (!w->c->req)
		return JCS_E_NOMEM;
	for (size_t i = 0; i < count; i++) {
		/* counted first, so a failing entry is freed too */
		w->c->n++;
		rc = entry(w, jcsi_yw_item(y, list, i),
			   &w->c->req[i]);
		if (rc != JCS_OK)
			return rc;
	}
	return cross_refs(w, list);
}

static jcs_rc top(struct walk *w)
{
	struct jcsi_yw *y = &w->y;
	yaml_node_t *root = jcsi_yw_root(y);
	jcs_rc rc;

	if (!root)
		return jcsi_yw_fail(y, NULL, "catalog", "the file is empty");
	if (root->type != YAML_MAPPING_NODE)
		return jcsi_yw_fail(y, root, "catalog",
				    "expected a mapping at the top");
	if ((rc = unique_keys(w, root, "catalog")) != JCS_OK)
		return rc;
	for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
	     p < root->data.mapping.pairs.top; p++) {
		const char *key = jcsi_yw_key(y, p);
		yaml_node_t *v = jcsi_yw_node(y, p->value);

		if (!strcmp(key, "catalog_version"))
			rc = dup_scalar(w, v, key, &w->c->version);
		else if (!strcmp(key, "reference"))
			rc = dup_scalar(w, v, key, &w->c->reference);
		else if (!strcmp(key, "sources"))
			rc = string_list(w, v, key, NULL, &w->c->sources);
		else if (!strcmp(key, "requirements"))
			rc = requirements(w, v);
		else
			rc = jcsi_yw_fail(y, jcsi_yw_node(y, p->key), key,
					  "unknown field");
		if (rc != JCS_OK)
			return rc;
	}
	if (!w->c->version)
		return jcsi_yw_fail(y, root, "catalog_version",
				    "missing: reports name the catalog version");
	if (!w->c->req)
		return jcsi_yw_fail(y, root, "requirements", "missing");
	return JCS_OK;
}

jcs_rc jcsi_catalog_parse(const char *buf, size_t len, const char *name,
			  const struct jcsi_rules *rules,
			  struct jcsi_catalog **out, char *err, size_t errlen)
{
	struct walk w = {.y = {.name = name ? name : "catalog", .err = err,
			       .errlen = errlen},
			 .rules = rules};
	yaml_parser_t p;
	jcs_rc rc;

	if (!out || !buf || !err || !errlen)
		return JCS_E_ARG;
	*out = NULL;
	err[0] = '\0';
	if (len > JCSI_CATALOG_MAX_BYTES) {
		snprintf(err, errlen, "%s: larger than %u bytes", w.y.name,
			 JCSI_CATALOG_MAX_BYTES);
		return JCS_E_LIMIT;
	}
	if (!yaml_parser_initialize(&p))
		return JCS_E_NOMEM;
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
	if (!yaml_parser_load(&p, &w.y.doc)) {
		rc = jcsi_yw_parse_error(&p, w.y.name, err, errlen);
		yaml_parser_delete(&p);
		return rc;
	}
	w.c = jcsi_calloc(1, sizeof(*w.c));
	rc = w.c ? top(&w) : JCS_E_NOMEM;
	yaml_document_delete(&w.y.doc);
	if (rc == JCS_OK) {
		/* one catalog a file: a second document would be ignored */
		yaml_document_t more;

		if (!yaml_parser_load(&p, &more)) {
			rc = jcsi_yw_fail(&w.y, NULL, "catalog",
					  "YAML error after the first document");
		} else {
			if (yaml_document_get_root_node(&more)) {
				snprintf(err, errlen, "%s:%lu:1: catalog: more than one YAML document",
					 w.y.name, (unsigned long)more.start_mark.line + 1);
				rc = JCS_E_FORMAT;
			}
			yaml_document_delete(&more);
		}
	}
	yaml_parser_delete(&p);
	if (rc == JCS_E_NOMEM && !err[0])
		snprintf(err, errlen, "%s: out of memory", w.y.name);
	if (rc != JCS_OK) {
		jcsi_catalog_free(w.c);
		return rc;
	}
	*out = w.c;
	return JCS_OK;
}

jcs_rc jcsi_catalog_load(const char *path, const struct jcsi_rules *rules,
			 struct jcsi_catalog **out, char *err, size_t errlen)
{
	char *buf;
	size_t len;
	jcs_rc rc;

	if (!path || !out || !err || !errlen)
		return JCS_E_ARG;
	*out = NULL;
	rc = jcsi_yw_read_file(path, JCSI_CATALOG_MAX_BYTES, &buf, &len, err,
			       errlen);
	if (rc != JCS_OK)
		return rc;
	rc = jcsi_catalog_parse(buf, len, path, rules, out, err, errlen);
	jcsi_free(buf);
	return rc;
}

int jcsi_strlist_has(const struct jcsi_strlist *l, const char *v)
{
	for (size_t i = 0; v && i < l->n; i++)
		if (!strcmp(l->v[i], v))
			return 1;
	return 0;
}

void jcsi_strlist_free(struct jcsi_strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		jcsi_free(l->v[i]);
	jcsi_free(l->v);
	l->v = NULL;
	l->n = 0;
}

size_t jcsi_catalog_requirements_of(const struct jcsi_catalog *c,
				    const char *rule, const char *category,
				    const char **out, size_t cap)
{
	size_t n = 0;

	for (size_t i = 0; c && i < c->n && n < cap; i++) {
		const struct jcsi_requirement *q = &c->req[i];

		if (jcsi_strlist_has(&q->categories, category) ||
		    jcsi_strlist_has(&q->rules, rule))
			out[n++] = q->id;
	}
	return n;
}

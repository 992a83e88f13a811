/*
 * manifest.c - loading product.yaml (libyaml's document API) into struct
 * jcsi_manifest. Strict on purpose: an unknown key, a document file that
 * does not exist or a date that is no date is an error naming the line,
 * column and field, because a typo that silently dropped evidence would
 * turn into a wrong verdict. Paths are resolved against the manifest's
 * directory and checked to exist; URLs are kept, never fetched.
 */
#include "manifest_int.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "catalog_int.h"
#include "ywalk.h"
#include "../core/mem.h"

struct mwalk {
	struct jcsi_yw y;
	const char *dir;
	struct jcsi_manifest *m;
};

void jcsi_manifest_free(struct jcsi_manifest *m)
{
	if (!m)
		return;
	jcsi_free(m->path);
	jcsi_free(m->dir);
	jcsi_free(m->name);
	jcsi_free(m->vendor);
	jcsi_strlist_free(&m->models);
	jcsi_strlist_free(&m->firmware_versions);
	jcsi_free(m->firmware);
	jcsi_free(m->device);
	jcsi_free(m->api);
	jcsi_free(m->app);
	jcsi_free(m->baseline);
	for (int i = 0; i < JCSI_DOC_COUNT; i++) {
		jcsi_free(m->doc[i].file);
		jcsi_free(m->doc[i].url);
	}
	jcsi_free(m->disclosure_contact);
	jcsi_free(m->security_txt);
	jcsi_free(m->security_txt_url);
	jcsi_free(m->support_end);
	for (size_t i = 0; i < m->n_na; i++) {
		jcsi_free(m->na[i].id);
		jcsi_free(m->na[i].reason);
	}
	jcsi_free(m->na);
	jcsi_free(m);
}

/* ------------------------------------------------------------------ */

/* A list of distinct values, or one value standing for a list of one. */
static jcs_rc text_list(struct mwalk *w, yaml_node_t *n, const char *field,
			struct jcsi_strlist *out)
{
	size_t count = 1;

	if (n && n->type == YAML_SEQUENCE_NODE)
		count = jcsi_yw_count(n);
	else if (!n || n->type != YAML_SCALAR_NODE)
		return jcsi_yw_fail(&w->y, n, field, "expected a list");
	if (count > JCSI_MANIFEST_MAX_ITEMS)
		return jcsi_yw_fail(&w->y, n, field, "more than %d items",
				    JCSI_MANIFEST_MAX_ITEMS);
	out->v = jcsi_calloc(count ? count : 1, sizeof(char *));
	if (!out->v)
		return JCS_E_NOMEM;
	for (size_t i = 0; i < count; i++) {
		yaml_node_t *it = n->type == YAML_SCALAR_NODE ? n :
			jcsi_yw_item(&w->y, n, i);
		jcs_rc rc = JCS_OK;
		const char *s = jcsi_yw_scalar(&w->y, it, field, &rc);

		if (!s)
			return rc;
		if (jcsi_strlist_has(out, s))
			return jcsi_yw_fail(&w->y, it, field,
					    "'%s' listed twice", s);
		if (!(out->v[out->n] = jcsi_strdup(s)))
			return JCS_E_NOMEM;
		out->n++;
	}
	return JCS_OK;
}

/* REL against the manifest's directory ("." leaves it as written); it
   must exist, and be a regular file unless DIR_OK. */
static jcs_rc local_path(struct mwalk *w, yaml_node_t *n, const char *field,
			 const char *rel, int dir_ok, char **out)
{
	struct stat st;
	char *p;

	if (rel[0] == '/' || !w->dir[0] || strcmp(w->dir, ".") == 0)
		p = jcsi_strdup(rel);
	else
		p = jcsi_asprintf("%s/%s", w->dir, rel);
	if (!p)
		return JCS_E_NOMEM;
	if (stat(p, &st) < 0) {
		int e = errno;

		jcsi_free(p);
		if (e == ENOENT || e == ENOTDIR)
			return jcsi_yw_fail(&w->y, n, field,
					    "file '%s' not found", rel);
		return jcsi_yw_fail(&w->y, n, field, "file '%s': %s", rel,
				    strerror(e));
	}
	if (!S_ISREG(st.st_mode) && !(dir_ok && S_ISDIR(st.st_mode))) {
		jcsi_free(p);
		return jcsi_yw_fail(&w->y, n, field, "'%s' is not a %s", rel,
				    dir_ok ? "file or directory" : "regular file");
	}
	*out = p;
	return JCS_OK;
}

static jcs_rc web_url(struct mwalk *w, yaml_node_t *n, const char *field,
		      char **out)
{
	jcs_rc rc = JCS_OK;
	const char *s = jcsi_yw_scalar(&w->y, n, field, &rc);

	if (!s)
		return rc;
	if (jcsi_manifest_url_kind(s) != 1)
		return jcsi_yw_fail(&w->y, n, field,
				    "'%s' is not a URL (https:// or http://)", s);
	return jcsi_yw_text(&w->y, n, field, out);
}

/* A file path or a web URL: into *FILE (resolved) or *URL. */
static jcs_rc file_or_url(struct mwalk *w, yaml_node_t *n, const char *field,
			  char **file, char **url)
{
	jcs_rc rc = JCS_OK;
	const char *s = jcsi_yw_scalar(&w->y, n, field, &rc);
	int kind;

	if (!s)
		return rc;
	kind = jcsi_manifest_url_kind(s);
	if (kind < 0)
		return jcsi_yw_fail(&w->y, n, field,
				    "'%s': a URL must be https:// or http://", s);
	if (kind > 0)
		return web_url(w, n, field, url);
	return local_path(w, n, field, s, 0, file);
}

/* RFC 9116 contact forms, or a bare e-mail address. */
static jcs_rc contact(struct mwalk *w, yaml_node_t *n, const char *field,
		      char **out)
{
	jcs_rc rc = JCS_OK;
	const char *s = jcsi_yw_scalar(&w->y, n, field, &rc);
	const char *at;

	if (!s)
		return rc;
	at = strchr(s, '@');
	if (strncasecmp(s, "mailto:", 7) != 0 && strncasecmp(s, "tel:", 4) != 0 &&
	    jcsi_manifest_url_kind(s) != 1 &&
	    !(at && at > s && at[1] && !strchr(s, ' ') && !strchr(s, ':')))
		return jcsi_yw_fail(&w->y, n, field,
				    "'%s' is not mailto:, https://, tel: or an e-mail address", s);
	*out = jcsi_strdup(s);
	return *out ? JCS_OK : JCS_E_NOMEM;
}

static jcs_rc date_field(struct mwalk *w, yaml_node_t *n, const char *field)
{
	jcs_rc rc = JCS_OK;
	const char *s = jcsi_yw_scalar(&w->y, n, field, &rc);

	if (!s)
		return rc;
	if (jcsi_yw_date(s, &w->m->support_end_t) < 0)
		return jcsi_yw_fail(&w->y, n, field, "expected YYYY-MM-DD");
	w->m->support_end = jcsi_strdup(s);
	return w->m->support_end ? JCS_OK : JCS_E_NOMEM;
}

/* documents.<kind>: {file:, url:} plus the kind's own keys. */
static jcs_rc doc_mapping(struct mwalk *w, enum jcsi_doc_kind k,
			  yaml_node_t *map, const char *field)
{
	static const char *const base[] = {"file", "url", NULL};
	static const char *const vuln[] = {"file", "url", "contact",
					   "security_txt", NULL};
	static const char *const support[] = {"file", "url", "end", NULL};
	const char *const *known = k == JCSI_DOC_VULN_DISCLOSURE ? vuln :
				   k == JCSI_DOC_SUPPORT_PERIOD ? support : base;
	struct jcsi_doc *d = &w->m->doc[k];
	jcs_rc rc = jcsi_yw_unique_keys(&w->y, map, field);

	if (rc != JCS_OK)
		return rc;
	if (map->data.mapping.pairs.top == map->data.mapping.pairs.start)
		return jcsi_yw_fail(&w->y, map, field,
				    "is empty (a file, a URL, or none)");
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
	     p < map->data.mapping.pairs.top; p++) {
		const char *key = jcsi_yw_key(&w->y, p);
		yaml_node_t *v = jcsi_yw_node(&w->y, p->value);
		char sub[128];
		int i;

		for (i = 0; known[i] && strcmp(known[i], key); i++)
			;
		snprintf(sub, sizeof(sub), "%s.%s", field, key);
		if (!known[i])
			return jcsi_yw_unknown(&w->y, jcsi_yw_node(&w->y, p->key),
					       field, known);
		if (!strcmp(key, "file")) {
			jcs_rc r2 = JCS_OK;
			const char *s = jcsi_yw_scalar(&w->y, v, sub, &r2);

			if (!s)
				return r2;
			if (jcsi_manifest_url_kind(s))
				return jcsi_yw_fail(&w->y, v, sub,
						    "'%s' is a URL: give it as url:", s);
			rc = local_path(w, v, sub, s, 0, &d->file);
		} else if (!strcmp(key, "url")) {
			rc = web_url(w, v, sub, &d->url);
		} else if (!strcmp(key, "contact")) {
			rc = contact(w, v, sub, &w->m->disclosure_contact);
		} else if (!strcmp(key, "security_txt")) {
			rc = file_or_url(w, v, sub, &w->m->security_txt,
					 &w->m->security_txt_url);
		} else {
			rc = date_field(w, v, sub);
		}
		if (rc != JCS_OK)
			return rc;
	}
	if (k == JCSI_DOC_SUPPORT_PERIOD && !w->m->support_end) {
		char sub[128];

		snprintf(sub, sizeof(sub), "%s.end", field);
		return jcsi_yw_fail(&w->y, map, sub,
				    "required (the last day of security support, YYYY-MM-DD)");
	}
	return JCS_OK;
}

static jcs_rc document(struct mwalk *w, enum jcsi_doc_kind k, yaml_node_t *v,
		       const char *field)
{
	struct jcsi_doc *d = &w->m->doc[k];
	time_t t;

	d->line = v ? (unsigned)v->start_mark.line + 1 : 0;
	d->state = JCSI_DOCST_GIVEN;
	if (v && v->type == YAML_MAPPING_NODE)
		return doc_mapping(w, k, v, field);
	if (v && v->type == YAML_SCALAR_NODE) {
		const char *s = (const char *)v->data.scalar.value;

		if (!strcmp(s, "none") || !strcmp(s, "false")) {
			d->state = JCSI_DOCST_DECLARED_ABSENT;
			return JCS_OK;
		}
		if (!strcmp(s, "true"))
			return jcsi_yw_fail(&w->y, v, field,
					    "true is no document: give a file, a URL, or none");
		/* the end date alone: `support_period: 2030-12-31` */
		if (k == JCSI_DOC_SUPPORT_PERIOD && jcsi_yw_date(s, &t) == 0)
			return date_field(w, v, field);
		return file_or_url(w, v, field, &d->file, &d->url);
	}
	return jcsi_yw_fail(&w->y, v, field,
			    "expected a file path, a URL, none, or a mapping");
}

/* A map section: unique keys, each passed to FN with its value. */
typedef jcs_rc (*section_fn)(struct mwalk *w, yaml_node_t *key,
			     yaml_node_t *v, const char *field);

/* `inputs:` with every line commented out: YAML null, an empty section */
static int yaml_null(const yaml_node_t *n)
{
	const char *s;

	if (!n || n->type != YAML_SCALAR_NODE ||
	    n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return 0;
	s = (const char *)n->data.scalar.value;
	return !*s || !strcmp(s, "~") || !strcmp(s, "null");
}

static jcs_rc section(struct mwalk *w, yaml_node_t *map, const char *name,
		      section_fn fn)
{
	jcs_rc rc;

	if (yaml_null(map))
		return JCS_OK;
	if (!map || map->type != YAML_MAPPING_NODE)
		return jcsi_yw_fail(&w->y, map, name, "expected a mapping");
	if ((rc = jcsi_yw_unique_keys(&w->y, map, name)) != JCS_OK)
		return rc;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
	     p < map->data.mapping.pairs.top; p++) {
		char field[128];

		snprintf(field, sizeof(field), "%s.%s", name,
			 jcsi_yw_key(&w->y, p));
		rc = fn(w, jcsi_yw_node(&w->y, p->key),
			jcsi_yw_node(&w->y, p->value), field);
		if (rc != JCS_OK)
			return rc;
	}
	return JCS_OK;
}

static jcs_rc documents_key(struct mwalk *w, yaml_node_t *key,
			    yaml_node_t *v, const char *field)
{
	int k = jcsi_manifest_doc_key((const char *)key->data.scalar.value);

	if (k < 0)
		return jcsi_yw_unknown(&w->y, key, "documents",
				       jcsi_manifest_doc_keys);
	return document(w, (enum jcsi_doc_kind)k, v, field);
}

static jcs_rc features_key(struct mwalk *w, yaml_node_t *key,
			   yaml_node_t *v, const char *field)
{
	int f = jcsi_manifest_feature_key((const char *)key->data.scalar.value);
	const char *s;

	if (f < 0)
		return jcsi_yw_unknown(&w->y, key, "features",
				       jcsi_manifest_feature_keys);
	s = v && v->type == YAML_SCALAR_NODE ?
		(const char *)v->data.scalar.value : "";
	if (!strcmp(s, "true"))
		w->m->feature[f] = JCSI_YES;
	else if (!strcmp(s, "false"))
		w->m->feature[f] = JCSI_NO;
	else
		return jcsi_yw_fail(&w->y, v, field, "expected true or false");
	return JCS_OK;
}

static jcs_rc product_key(struct mwalk *w, yaml_node_t *key, yaml_node_t *v,
			  const char *field)
{
	static const char *const known[] = {"name", "vendor", "models",
					    "firmware_versions", NULL};
	const char *k = (const char *)key->data.scalar.value;

	if (!strcmp(k, "name"))
		return jcsi_yw_text(&w->y, v, field, &w->m->name);
	if (!strcmp(k, "vendor"))
		return jcsi_yw_text(&w->y, v, field, &w->m->vendor);
	if (!strcmp(k, "models"))
		return text_list(w, v, field, &w->m->models);
	if (!strcmp(k, "firmware_versions"))
		return text_list(w, v, field, &w->m->firmware_versions);
	return jcsi_yw_unknown(&w->y, key, "product", known);
}

static jcs_rc inputs_key(struct mwalk *w, yaml_node_t *key, yaml_node_t *v,
			 const char *field)
{
	static const char *const known[] = {"firmware", "device", "api", "app",
					    NULL};
	const char *k = (const char *)key->data.scalar.value;
	jcs_rc rc = JCS_OK;
	const char *s;

	if (!strcmp(k, "api"))
		return web_url(w, v, field, &w->m->api);
	if (strcmp(k, "firmware") && strcmp(k, "device") && strcmp(k, "app"))
		return jcsi_yw_unknown(&w->y, key, "inputs", known);
	if (!(s = jcsi_yw_scalar(&w->y, v, field, &rc)))
		return rc;
	if (!strcmp(k, "device")) {
		if (!jcsi_manifest_host_valid(s))
			return jcsi_yw_fail(&w->y, v, field,
					    "'%s' is not a host name or address", s);
		w->m->device = jcsi_strdup(s);
		return w->m->device ? JCS_OK : JCS_E_NOMEM;
	}
	if (jcsi_manifest_url_kind(s))
		return jcsi_yw_fail(&w->y, v, field,
				    "'%s' is a URL: jcstar takes a local path", s);
	if (!strcmp(k, "firmware"))
		return local_path(w, v, field, s, 1, &w->m->firmware);
	return local_path(w, v, field, s, 0, &w->m->app);
}

/* not_applicable: [{id:, reason:}] */
static jcs_rc not_applicable(struct mwalk *w, yaml_node_t *list)
{
	static const char *const known[] = {"id", "reason", NULL};
	size_t count;
	jcs_rc rc;

	if (yaml_null(list))
		return JCS_OK;
	if (!list || list->type != YAML_SEQUENCE_NODE)
		return jcsi_yw_fail(&w->y, list, "not_applicable",
				    "expected a list of {id, reason}");
	count = jcsi_yw_count(list);
	if (count > JCSI_MANIFEST_MAX_ITEMS)
		return jcsi_yw_fail(&w->y, list, "not_applicable",
				    "more than %d items", JCSI_MANIFEST_MAX_ITEMS);
	w->m->na = jcsi_calloc(count ? count : 1, sizeof(*w->m->na));
	if (!w->m->na)
		return JCS_E_NOMEM;
	for (size_t i = 0; i < count; i++) {
		yaml_node_t *e = jcsi_yw_item(&w->y, list, i);
		struct jcsi_not_applicable *na = &w->m->na[w->m->n_na];
		yaml_node_t *id, *reason;

		if (!e || e->type != YAML_MAPPING_NODE)
			return jcsi_yw_fail(&w->y, e, "not_applicable",
					    "each item is a mapping {id, reason}");
		if ((rc = jcsi_yw_unique_keys(&w->y, e, "not_applicable")) != JCS_OK)
			return rc;
		for (yaml_node_pair_t *p = e->data.mapping.pairs.start;
		     p < e->data.mapping.pairs.top; p++)
			if (strcmp(jcsi_yw_key(&w->y, p), "id") &&
			    strcmp(jcsi_yw_key(&w->y, p), "reason"))
				return jcsi_yw_unknown(&w->y, jcsi_yw_node(&w->y, p->key),
						       "not_applicable", known);
		na->line = (unsigned)e->start_mark.line + 1;
		w->m->n_na++;
		id = jcsi_yw_find(&w->y, e, "id");
		reason = jcsi_yw_find(&w->y, e, "reason");
		if (!id)
			return jcsi_yw_fail(&w->y, e, "not_applicable.id", "required");
		if ((rc = jcsi_yw_text(&w->y, id, "not_applicable.id", &na->id)) != JCS_OK)
			return rc;
		if (jcsi_cat_id_check(na->id, JCSI_SCHEME_JCSTAR_STAR1) &&
		    !jcsi_cat_en_id_valid(na->id))
			return jcsi_yw_fail(&w->y, id, "not_applicable.id",
					    "'%s' is not a requirement id (S1.1-01, 5.13-1A, local-...)",
					    na->id);
		for (size_t k = 0; k + 1 < w->m->n_na; k++)
			if (strcmp(w->m->na[k].id, na->id) == 0)
				return jcsi_yw_fail(&w->y, id, "not_applicable.id",
						    "'%s' listed twice (first at line %u)",
						    na->id, w->m->na[k].line);
		if (!reason)
			return jcsi_yw_fail(&w->y, e, "not_applicable.reason",
					    "required: say why %s does not apply", na->id);
		if ((rc = jcsi_yw_text(&w->y, reason, "not_applicable.reason",
				   &na->reason)) != JCS_OK)
			return rc;
	}
	return JCS_OK;
}

static jcs_rc top(struct mwalk *w)
{
	static const char *const known[] = {"product", "inputs", "features",
					    "documents", "not_applicable",
					    "baseline", NULL};
	yaml_node_t *root = jcsi_yw_root(&w->y);
	jcs_rc rc;

	if (!root)
		return jcsi_yw_fail(&w->y, NULL, "product", "required (the file is empty)");
	if (root->type != YAML_MAPPING_NODE)
		return jcsi_yw_fail(&w->y, root, "manifest", "expected a mapping at the top");
	if ((rc = jcsi_yw_unique_keys(&w->y, root, "")) != JCS_OK)
		return rc;
	for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
	     p < root->data.mapping.pairs.top; p++) {
		const char *key = jcsi_yw_key(&w->y, p);
		yaml_node_t *v = jcsi_yw_node(&w->y, p->value);
		jcs_rc r2 = JCS_OK;
		const char *s;

		if (!strcmp(key, "product"))
			rc = section(w, v, key, product_key);
		else if (!strcmp(key, "inputs"))
			rc = section(w, v, key, inputs_key);
		else if (!strcmp(key, "features"))
			rc = section(w, v, key, features_key);
		else if (!strcmp(key, "documents"))
			rc = section(w, v, key, documents_key);
		else if (!strcmp(key, "not_applicable"))
			rc = not_applicable(w, v);
		else if (!strcmp(key, "baseline"))
			rc = (s = jcsi_yw_scalar(&w->y, v, key, &r2)) ?
				local_path(w, v, key, s, 0, &w->m->baseline) : r2;
		else
			rc = jcsi_yw_unknown(&w->y, jcsi_yw_node(&w->y, p->key),
					     "", known);
		if (rc != JCS_OK)
			return rc;
	}
	if (!jcsi_yw_find(&w->y, root, "product"))
		return jcsi_yw_fail(&w->y, root, "product", "required");
	if (!w->m->name)
		return jcsi_yw_fail(&w->y, jcsi_yw_find(&w->y, root, "product"),
				    "product.name", "required");
	return JCS_OK;
}

jcs_rc jcsi_manifest_parse(const char *buf, size_t len, const char *name,
			   const char *dir, struct jcsi_manifest **out,
			   char *err, size_t errlen)
{
	struct mwalk w = {.y = {.name = name ? name : "product.yaml",
				.err = err, .errlen = errlen},
			  .dir = dir ? dir : "."};
	jcs_rc rc;

	if (!out || !buf || !err || !errlen)
		return JCS_E_ARG;
	*out = NULL;
	err[0] = '\0';
	w.m = jcsi_calloc(1, sizeof(*w.m));
	if (!w.m)
		return JCS_E_NOMEM;
	for (int i = 0; i < JCSI_FEAT_COUNT; i++)
		w.m->feature[i] = JCSI_UNKNOWN;
	w.m->path = jcsi_strdup(w.y.name);
	w.m->dir = jcsi_strdup(w.dir);
	rc = w.m->path && w.m->dir ? JCS_OK : JCS_E_NOMEM;
	if (rc == JCS_OK)
		rc = jcsi_yw_load(&w.y, buf, len, JCSI_MANIFEST_MAX_BYTES);
	if (rc == JCS_OK)
		rc = top(&w);
	jcsi_yw_done(&w.y);
	if (rc == JCS_E_NOMEM && !err[0])
		snprintf(err, errlen, "%s: out of memory", w.y.name);
	if (rc != JCS_OK) {
		jcsi_manifest_free(w.m);
		return rc;
	}
	*out = w.m;
	return JCS_OK;
}

jcs_rc jcsi_manifest_load(const char *path, struct jcsi_manifest **out,
			  char *err, size_t errlen)
{
	const char *slash;
	char *buf, *dir;
	size_t len;
	jcs_rc rc;

	if (!path || !out || !err || !errlen)
		return JCS_E_ARG;
	*out = NULL;
	err[0] = '\0';
	rc = jcsi_yw_read_file(path, JCSI_MANIFEST_MAX_BYTES, &buf, &len, err,
			       errlen);
	if (rc != JCS_OK)
		return rc;
	slash = strrchr(path, '/');
	if (!slash)
		dir = jcsi_strdup(".");
	else if (slash == path)
		dir = jcsi_strdup("/");
	else
		dir = jcsi_strndup(path, (size_t)(slash - path));
	if (!dir) {
		jcsi_free(buf);
		snprintf(err, errlen, "%s: out of memory", path);
		return JCS_E_NOMEM;
	}
	rc = jcsi_manifest_parse(buf, len, path, dir, out, err, errlen);
	jcsi_free(dir);
	jcsi_free(buf);
	return rc;
}

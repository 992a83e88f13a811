/*
 * baseline.c - the suppression file: findings the maker has accepted.
 * Every entry must say why (justification): a suppression nobody can
 * explain is refused with the line and field, because hiding a finding
 * without a reason is exactly what a label audit must not see. Suppressed
 * findings stay in reports as suppressed; an expired entry suppresses
 * nothing.
 */
#include "manifest_int.h"

#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

#include "ywalk.h"
#include "../core/mem.h"

void jcsi_baseline_free(struct jcsi_baseline *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->n; i++) {
		struct jcsi_suppression *s = &b->s[i];

		jcsi_free(s->rule);
		jcsi_free(s->path);
		jcsi_free(s->host);
		jcsi_free(s->justification);
		jcsi_free(s->expires);
	}
	jcsi_free(b->s);
	jcsi_free(b->path);
	jcsi_free(b);
}

static int blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return 0;
	return 1;
}

static jcs_rc entry_key(struct jcsi_yw *w, struct jcsi_suppression *s,
			yaml_node_t *key, yaml_node_t *v, const char *where,
			const char *field)
{
	static const char *const known[] = {"rule", "path", "host", "port",
					    "justification", "expires", NULL};
	const char *k = (const char *)key->data.scalar.value;
	jcs_rc rc = JCS_OK;
	const char *t;

	if (!strcmp(k, "rule"))
		return jcsi_yw_text(w, v, field, &s->rule);
	if (!strcmp(k, "path"))
		return jcsi_yw_text(w, v, field, &s->path);
	if (!strcmp(k, "host"))
		return jcsi_yw_text(w, v, field, &s->host);
	if (!strcmp(k, "justification")) {
		if (v && v->type == YAML_SCALAR_NODE &&
		    blank((const char *)v->data.scalar.value))
			return jcsi_yw_fail(w, v, field,
					    "empty: say why this finding is accepted");
		return jcsi_yw_text(w, v, field, &s->justification);
	}
	if (!strcmp(k, "port")) {
		unsigned long port = 0;

		if (!(t = jcsi_yw_scalar(w, v, field, &rc)))
			return rc;
		for (const char *c = t; *c; c++) {
			if (*c < '0' || *c > '9' || port > 65535) {
				port = 0;
				break;
			}
			port = port * 10 + (unsigned long)(*c - '0');
		}
		if (port < 1 || port > 65535)
			return jcsi_yw_fail(w, v, field,
					    "'%s' is not a port (1-65535)", t);
		s->port = (unsigned)port;
		return JCS_OK;
	}
	if (!strcmp(k, "expires")) {
		if (!(t = jcsi_yw_scalar(w, v, field, &rc)))
			return rc;
		if (jcsi_yw_date(t, &s->expires_t) < 0)
			return jcsi_yw_fail(w, v, field, "expected YYYY-MM-DD");
		return jcsi_yw_text(w, v, field, &s->expires);
	}
	return jcsi_yw_unknown(w, key, where, known);
}

static jcs_rc entry(struct jcsi_yw *w, yaml_node_t *map, size_t idx,
		    struct jcsi_suppression *s)
{
	char where[64], field[96];
	jcs_rc rc;

	snprintf(where, sizeof(where), "suppressions[%zu]", idx + 1);
	if (!map || map->type != YAML_MAPPING_NODE)
		return jcsi_yw_fail(w, map, where,
				    "expected a mapping {rule, justification, ...}");
	s->line = (unsigned)map->start_mark.line + 1;
	if ((rc = jcsi_yw_unique_keys(w, map, where)) != JCS_OK)
		return rc;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
	     p < map->data.mapping.pairs.top; p++) {
		snprintf(field, sizeof(field), "%s.%s", where, jcsi_yw_key(w, p));
		rc = entry_key(w, s, jcsi_yw_node(w, p->key),
			       jcsi_yw_node(w, p->value), where, field);
		if (rc != JCS_OK)
			return rc;
	}
	if (!s->rule) {
		snprintf(field, sizeof(field), "%s.rule", where);
		return jcsi_yw_fail(w, map, field, "required");
	}
	if (!s->justification) {
		snprintf(field, sizeof(field), "%s.justification", where);
		return jcsi_yw_fail(w, map, field,
				    "required: say why %s is accepted", s->rule);
	}
	return JCS_OK;
}

static jcs_rc top(struct jcsi_yw *w, struct jcsi_baseline *b)
{
	static const char *const known[] = {"suppressions", NULL};
	yaml_node_t *root = jcsi_yw_root(w), *list;
	size_t count;
	jcs_rc rc;

	if (!root)
		return jcsi_yw_fail(w, NULL, "suppressions", "required (the file is empty)");
	if (root->type != YAML_MAPPING_NODE)
		return jcsi_yw_fail(w, root, "baseline", "expected a mapping at the top");
	if ((rc = jcsi_yw_unique_keys(w, root, "")) != JCS_OK)
		return rc;
	for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
	     p < root->data.mapping.pairs.top; p++)
		if (strcmp(jcsi_yw_key(w, p), "suppressions"))
			return jcsi_yw_unknown(w, jcsi_yw_node(w, p->key), "",
					       known);
	list = jcsi_yw_find(w, root, "suppressions");
	if (!list)
		return jcsi_yw_fail(w, root, "suppressions", "required");
	if (list->type != YAML_SEQUENCE_NODE)
		return jcsi_yw_fail(w, list, "suppressions", "expected a list");
	count = jcsi_yw_count(list);
	if (count > JCSI_MANIFEST_MAX_ITEMS)
		return jcsi_yw_fail(w, list, "suppressions", "more than %d entries",
				    JCSI_MANIFEST_MAX_ITEMS);
	b->s = jcsi_calloc(count ? count : 1, sizeof(*b->s));
	if (!b->s)
		return JCS_E_NOMEM;
	for (size_t i = 0; i < count; i++) {
		/* counted first, so a failing entry is freed too */
		b->n++;
		rc = entry(w, jcsi_yw_item(w, list, i), i, &b->s[i]);
		if (rc != JCS_OK)
			return rc;
	}
	return JCS_OK;
}

jcs_rc jcsi_baseline_parse(const char *buf, size_t len, const char *name,
			   struct jcsi_baseline **out, char *err,
			   size_t errlen)
{
	struct jcsi_yw w = {.name = name ? name : "baseline", .err = err,
			    .errlen = errlen};
	struct jcsi_baseline *b;
	jcs_rc rc;

	if (!out || !buf || !err || !errlen)
		return JCS_E_ARG;
	*out = NULL;
	err[0] = '\0';
	b = jcsi_calloc(1, sizeof(*b));
	if (!b)
		return JCS_E_NOMEM;
	b->path = jcsi_strdup(w.name);
	rc = b->path ? jcsi_yw_load(&w, buf, len, JCSI_MANIFEST_MAX_BYTES) :
		       JCS_E_NOMEM;
	if (rc == JCS_OK)
		rc = top(&w, b);
	jcsi_yw_done(&w);
	if (rc == JCS_E_NOMEM && !err[0])
		snprintf(err, errlen, "%s: out of memory", w.name);
	if (rc != JCS_OK) {
		jcsi_baseline_free(b);
		return rc;
	}
	*out = b;
	return JCS_OK;
}

jcs_rc jcsi_baseline_load(const char *path, struct jcsi_baseline **out,
			  char *err, size_t errlen)
{
	char *buf;
	size_t len;
	jcs_rc rc;

	if (!path || !out || !err || !errlen)
		return JCS_E_ARG;
	*out = NULL;
	rc = jcsi_yw_read_file(path, JCSI_MANIFEST_MAX_BYTES, &buf, &len, err,
			       errlen);
	if (rc != JCS_OK)
		return rc;
	rc = jcsi_baseline_parse(buf, len, path, out, err, errlen);
	jcsi_free(buf);
	return rc;
}

/* An entry narrowed to a path, host or port only matches findings that
   have one and agree: a narrowed entry never widens to everything. */
static int matches(const struct jcsi_suppression *s, const char *rule,
		   const char *path, const char *host, unsigned port)
{
	if (strcmp(s->rule, rule) != 0)
		return 0;
	if (s->path && (!path || fnmatch(s->path, path, FNM_PATHNAME) != 0))
		return 0;
	if (s->host && (!host || strcasecmp(s->host, host) != 0))
		return 0;
	if (s->port && s->port != port)
		return 0;
	return 1;
}

const struct jcsi_suppression *
jcsi_baseline_match(const struct jcsi_baseline *b, const char *rule,
		    const char *path, const char *host, unsigned port,
		    time_t now, int *expired)
{
	int only_expired = 0;

	if (expired)
		*expired = 0;
	if (!b || !rule)
		return NULL;
	for (size_t i = 0; i < b->n; i++) {
		const struct jcsi_suppression *s = &b->s[i];

		if (!matches(s, rule, path, host, port))
			continue;
		if (s->expires_t && now > s->expires_t) {
			only_expired = 1;
			continue;
		}
		return s;
	}
	if (expired)
		*expired = only_expired;
	return NULL;
}

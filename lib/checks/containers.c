/*
 * containers.c - the manifest's containers, kept for the checks that need
 * more than the files: a FIT image's "signed" flag is evidence about the
 * boot chain that no extracted file carries.
 *
 * Each container names the file it was found in by its path inside the
 * unpack directory ("0003-squashfs/boot/fit.itb"; a top-level container
 * names the input itself, which is no file of the manifest). That file is
 * looked up once per manifest file by binary search, so a manifest with
 * many containers and many files costs O(files x log containers).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/mem.h"
#include "containers.h"

struct cont {
	struct jcsi_container pub; /* first: jcsi_container_info() casts */
	char *format, *origin, *parent;
	char **kv;                 /* key, value, key, value ... */
	size_t nkv;                /* pairs */
	size_t file_ix;            /* evidence index, SIZE_MAX: none */
};

struct jcsi_conts {
	struct cont *v;
	size_t n, cap;
	size_t *by_parent;         /* indices into v, sorted by parent */
};

static void cont_free(struct cont *c)
{
	jcsi_free(c->format);
	jcsi_free(c->origin);
	jcsi_free(c->parent);
	for (size_t i = 0; i < 2 * c->nkv; i++)
		jcsi_free(c->kv[i]);
	jcsi_free(c->kv);
}

/* A format detail as text: strings as they are, flags and numbers
   spelled; objects and arrays are not details a check reads. */
static char *info_text(const json_t *v)
{
	char num[32];

	if (json_is_string(v))
		return jcsi_strdup(json_string_value(v));
	if (json_is_true(v))
		return jcsi_strdup("true");
	if (json_is_false(v))
		return jcsi_strdup("false");
	if (json_is_integer(v)) {
		snprintf(num, sizeof(num), "%lld",
			 (long long)json_integer_value(v));
		return jcsi_strdup(num);
	}
	return NULL;
}

static jcs_rc add_info(struct cont *c, const json_t *info)
{
	const char *key;
	const json_t *v;
	size_t n = json_object_size(info), at = 0;

	if (!n)
		return JCS_OK;
	c->kv = jcsi_calloc(2 * n, sizeof(*c->kv));
	if (!c->kv)
		return JCS_E_NOMEM;
	json_object_foreach((json_t *)info, key, v) {
		char *text = info_text(v);

		if (!text) {
			if (json_is_string(v) || json_is_boolean(v) ||
			    json_is_integer(v))
				return JCS_E_NOMEM;
			continue;
		}
		c->kv[2 * at] = jcsi_strdup(key);
		c->kv[2 * at + 1] = text;
		c->nkv = ++at; /* counted before the check: freed either way */
		if (!c->kv[2 * at - 2])
			return JCS_E_NOMEM;
	}
	return JCS_OK;
}

jcs_rc jcsi_conts_add(struct jcsi_conts **cs, const json_t *j)
{
	json_int_t id = json_integer_value(json_object_get(j, "id"));
	const char *fmt = json_string_value(json_object_get(j, "format"));
	const char *origin = json_string_value(json_object_get(j, "origin"));
	const char *parent = json_string_value(json_object_get(j, "parent"));
	struct jcsi_conts *s = *cs;
	struct cont *c;

	/* the same bound as the scan's origin table */
	if (id <= 0 || id >= (1 << 24) || !fmt)
		return JCS_OK;
	if (!s) {
		s = jcsi_calloc(1, sizeof(*s));
		if (!s)
			return JCS_E_NOMEM;
		*cs = s;
	}
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		struct cont *v = jcsi_realloc(s->v, cap * sizeof(*v));

		if (!v)
			return JCS_E_NOMEM;
		s->v = v;
		s->cap = cap;
	}
	c = &s->v[s->n++];
	memset(c, 0, sizeof(*c));
	c->file_ix = SIZE_MAX;
	c->pub.id = (uint32_t)id;
	c->format = jcsi_strdup(fmt);
	c->origin = jcsi_strdup(origin ? origin : "");
	c->parent = jcsi_strdup(parent ? parent : "");
	if (!c->format || !c->origin || !c->parent)
		return JCS_E_NOMEM;
	c->pub.format = c->format;
	c->pub.origin = c->origin;
	return add_info(c, json_object_get(j, "info"));
}

static const struct jcsi_conts *sort_conts;

static int by_parent(const void *a, const void *b)
{
	const struct cont *x = &sort_conts->v[*(const size_t *)a];
	const struct cont *y = &sort_conts->v[*(const size_t *)b];

	return strcmp(x->parent, y->parent);
}

jcs_rc jcsi_conts_index(struct jcsi_conts *cs)
{
	if (!cs || !cs->n)
		return JCS_OK;
	cs->by_parent = jcsi_malloc(cs->n * sizeof(*cs->by_parent));
	if (!cs->by_parent)
		return JCS_E_NOMEM;
	for (size_t i = 0; i < cs->n; i++)
		cs->by_parent[i] = i;
	sort_conts = cs;
	qsort(cs->by_parent, cs->n, sizeof(*cs->by_parent), by_parent);
	return JCS_OK;
}

void jcsi_conts_file(struct jcsi_conts *cs, const char *path, size_t ix)
{
	size_t lo = 0, hi;

	if (!cs || !cs->by_parent)
		return;
	hi = cs->n;
	/* first container whose parent is >= PATH */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(cs->v[cs->by_parent[mid]].parent, path) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* one file may hold several containers (a carved flash dump) */
	for (; lo < cs->n && !strcmp(cs->v[cs->by_parent[lo]].parent, path);
	     lo++)
		cs->v[cs->by_parent[lo]].file_ix = ix;
}

void jcsi_conts_bind(struct jcsi_conts *cs, const struct jcsi_ev *ev)
{
	for (size_t i = 0; cs && i < cs->n; i++)
		cs->v[i].pub.file = cs->v[i].file_ix == SIZE_MAX
					    ? NULL
					    : &ev[cs->v[i].file_ix];
}

size_t jcsi_conts_count(const struct jcsi_conts *cs)
{
	return cs ? cs->n : 0;
}

const struct jcsi_container *jcsi_conts_get(const struct jcsi_conts *cs,
					    size_t i)
{
	return cs && i < cs->n ? &cs->v[i].pub : NULL;
}

const char *jcsi_container_info(const struct jcsi_container *c,
				const char *key)
{
	const struct cont *k = (const struct cont *)c;

	for (size_t i = 0; k && i < k->nkv; i++)
		if (!strcmp(k->kv[2 * i], key))
			return k->kv[2 * i + 1];
	return NULL;
}

void jcsi_conts_free(struct jcsi_conts *cs)
{
	if (!cs)
		return;
	for (size_t i = 0; i < cs->n; i++)
		cont_free(&cs->v[i]);
	jcsi_free(cs->v);
	jcsi_free(cs->by_parent);
	jcsi_free(cs);
}

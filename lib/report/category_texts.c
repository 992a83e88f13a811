/*
 * category_texts.c - see category_texts.h.
 */
#include "category_texts.h"

#include <stdio.h>
#include <string.h>

#include "../core/datafile.h"
#include "../core/mem.h"

struct jcsi_category_texts {
	struct jcsi_category_text *v;
	size_t n, cap;
};

static void text_free(struct jcsi_category_text *c)
{
	jcsi_free(c->name);
	jcsi_free(c->group);
	jcsi_free(c->where);
	jcsi_free(c->meaning);
}

void jcsi_category_texts_free(struct jcsi_category_texts *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		text_free(&t->v[i]);
	jcsi_free(t->v);
	jcsi_free(t);
}

const struct jcsi_category_text *
jcsi_category_text(const struct jcsi_category_texts *t, const char *name)
{
	if (!t || !name)
		return NULL;
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->v[i].name, name))
			return &t->v[i];
	return NULL;
}

size_t jcsi_category_texts_count(const struct jcsi_category_texts *t)
{
	return t ? t->n : 0;
}

const struct jcsi_category_text *
jcsi_category_text_at(const struct jcsi_category_texts *t, size_t i)
{
	return t && i < t->n ? &t->v[i] : NULL;
}

/* Splits LINE at tabs into exactly N non-empty fields (in place). */
static int split_tabs(char *line, char **f, int n)
{
	int i = 0;

	for (char *p = line; i < n; i++) {
		f[i] = p;
		p = strchr(p, '\t');
		if (!*f[i] || f[i] == p)
			return -1;
		if (!p)
			return i == n - 1 ? 0 : -1;
		*p++ = '\0';
	}
	return -1; /* a field too many */
}

static jcs_rc text_line(char *line, const char *path, unsigned no,
			void *user, char *err, size_t errlen)
{
	struct jcsi_category_texts *t = user;
	struct jcsi_category_text c;
	char *f[4];

	if (split_tabs(line, f, 4)) {
		snprintf(err, errlen,
			 "%s:%u: want 4 tab-separated fields: category, group, where, meaning",
			 path, no);
		return JCS_E_FORMAT;
	}
	if (!jcs_category_valid(f[0])) {
		snprintf(err, errlen, "%s:%u: unknown category '%s'", path, no,
			 f[0]);
		return JCS_E_FORMAT;
	}
	if (jcsi_category_text(t, f[0])) {
		snprintf(err, errlen, "%s:%u: category '%s' given twice", path,
			 no, f[0]);
		return JCS_E_FORMAT;
	}
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 64;
		void *v = jcsi_realloc(t->v, cap * sizeof(*t->v));

		if (!v)
			return JCS_E_NOMEM;
		t->v = v;
		t->cap = cap;
	}
	c.name = jcsi_strdup(f[0]);
	c.group = jcsi_strdup(f[1]);
	c.where = jcsi_strdup(f[2]);
	c.meaning = jcsi_strdup(f[3]);
	if (!c.name || !c.group || !c.where || !c.meaning) {
		text_free(&c);
		return JCS_E_NOMEM;
	}
	t->v[t->n++] = c;
	return JCS_OK;
}

jcs_rc jcsi_category_texts_load(const char *path,
				struct jcsi_category_texts **out, char *err,
				size_t errlen)
{
	struct jcsi_category_texts *t = jcsi_calloc(1, sizeof(*t));
	jcs_rc rc;

	*out = NULL;
	if (!t)
		return JCS_E_NOMEM;
	rc = jcsi_data_lines(path, text_line, t, err, errlen);
	if (rc != JCS_OK) {
		jcsi_category_texts_free(t);
		return rc;
	}
	*out = t;
	return JCS_OK;
}

/*
 * places.c - where each finding category can be found (firmware, live
 * device, cloud, app, documents), read from data/categories.tsv, the
 * transcription of reference/categories.md. The assessment needs it to
 * know in which places a category must have been looked for before its
 * absence means anything.
 */
#include <stdio.h>
#include <string.h>

#include "../core/datafile.h"
#include "../core/mem.h"
#include "assess_int.h"

struct place_row {
	char *category;
	unsigned bits;
};

struct jcsi_places {
	struct place_row *row;
	size_t n, cap;
};

static const struct {
	const char *name;
	unsigned bit;
} place_names[] = {
	{"firmware", JCSI_TESTED_FIRMWARE}, {"live", JCSI_TESTED_LIVE},
	{"cloud", JCSI_TESTED_CLOUD},       {"app", JCSI_TESTED_APP},
	{"docs", JCSI_TESTED_DOCS},
};

const char *jcsi_place_name(unsigned bit)
{
	for (size_t i = 0; i < sizeof(place_names) / sizeof(*place_names); i++)
		if (place_names[i].bit == bit)
			return place_names[i].name;
	return "?";
}

static jcs_rc one_row(char *line, const char *path, unsigned no, void *user,
		      char *err, size_t errlen)
{
	struct jcsi_places *p = user;
	char *f[4], *save = NULL;
	unsigned bits = 0;
	size_t n = 0;

	for (char *t = strtok_r(line, "\t", &save); t && n < 4;
	     t = strtok_r(NULL, "\t", &save))
		f[n++] = t;
	if (n != 4) {
		snprintf(err, errlen, "%s:%u: expected 4 tab-separated fields "
			 "(category, group, where, meaning)", path, no);
		return JCS_E_FORMAT;
	}
	if (!jcs_category_valid(f[0])) {
		snprintf(err, errlen, "%s:%u: '%s' is not a finding category",
			 path, no, f[0]);
		return JCS_E_FORMAT;
	}
	for (char *w = strtok_r(f[2], ",", &save); w;
	     w = strtok_r(NULL, ",", &save)) {
		unsigned b = 0;

		for (size_t i = 0; i < sizeof(place_names) / sizeof(*place_names); i++)
			if (!strcmp(place_names[i].name, w))
				b = place_names[i].bit;
		if (!b) {
			snprintf(err, errlen, "%s:%u: '%s' is not a place "
				 "(firmware, live, cloud, app, docs)", path,
				 no, w);
			return JCS_E_FORMAT;
		}
		bits |= b;
	}
	if (p->n == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 64;
		struct place_row *nr = jcsi_realloc(p->row, cap * sizeof(*nr));

		if (!nr)
			return JCS_E_NOMEM;
		p->row = nr;
		p->cap = cap;
	}
	p->row[p->n].category = jcsi_strdup(f[0]);
	if (!p->row[p->n].category)
		return JCS_E_NOMEM;
	p->row[p->n++].bits = bits;
	return JCS_OK;
}

jcs_rc jcsi_places_load(const char *path, struct jcsi_places **out,
			char *err, size_t errlen)
{
	struct jcsi_places *p = jcsi_calloc(1, sizeof(*p));
	jcs_rc rc;

	*out = NULL;
	if (!p)
		return JCS_E_NOMEM;
	rc = jcsi_data_lines(path, one_row, p, err, errlen);
	if (rc == JCS_E_IO)
		snprintf(err, errlen, "%s: cannot read", path);
	if (rc != JCS_OK) {
		jcsi_places_free(p);
		return rc;
	}
	*out = p;
	return JCS_OK;
}

void jcsi_places_free(struct jcsi_places *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++)
		jcsi_free(p->row[i].category);
	jcsi_free(p->row);
	jcsi_free(p);
}

unsigned jcsi_places_of(const struct jcsi_places *p, const char *category)
{
	for (size_t i = 0; p && category && i < p->n; i++)
		if (!strcmp(p->row[i].category, category))
			return p->row[i].bits;
	return 0;
}

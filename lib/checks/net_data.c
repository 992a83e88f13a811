/*
 * net_data.c - the data the network check reads (data/network/): which
 * configuration keys name a cloud endpoint, what in a web root shows an
 * administration UI, the text patterns of switched-off TLS verification,
 * and the weak-password list for Wi-Fi keys. Errors name file:line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/datafile.h"
#include "../core/mem.h"
#include "net_int.h"

static jcs_rc words_add(struct net_words *w, const char *s)
{
	char *d;

	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 32;
		char **v = jcsi_realloc(w->v, cap * sizeof(*v));

		if (!v)
			return JCS_E_NOMEM;
		w->v = v;
		w->cap = cap;
	}
	d = jcsi_strdup(s);
	if (!d)
		return JCS_E_NOMEM;
	w->v[w->n++] = d;
	return JCS_OK;
}

static void words_free(struct net_words *w)
{
	for (size_t i = 0; i < w->n; i++)
		jcsi_free(w->v[i]);
	jcsi_free(w->v);
	memset(w, 0, sizeof(*w));
}

int net_words_has(const struct net_words *w, const char *word)
{
	for (size_t i = 0; i < w->n; i++)
		if (!strcmp(w->v[i], word))
			return 1;
	return 0;
}

int net_words_in(const struct net_words *w, const char *s)
{
	for (size_t i = 0; i < w->n; i++)
		if (strcasestr(s, w->v[i]))
			return 1;
	return 0;
}

/* A list file: "KIND<TAB>VALUE" lines (or bare values when KINDS has one
   entry with a NULL name), '#' comments. */
struct kind {
	const char *name;
	struct net_words *into;
};

static jcs_rc list_line(char *line, const char *path, unsigned no,
			void *user, char *err, size_t errlen)
{
	const struct kind *kinds = user, *k = kinds;
	char *tab, *v = line;

	if (kinds[0].name) {
		tab = strchr(line, '\t');
		if (!tab || !tab[1]) {
			snprintf(err, errlen, "%s:%u: want KIND<TAB>VALUE", path,
				 no);
			return JCS_E_FORMAT;
		}
		*tab = '\0';
		v = tab + 1;
		while (k->name && strcmp(k->name, line))
			k++;
		if (!k->name) {
			snprintf(err, errlen, "%s:%u: unknown kind '%s'", path,
				 no, line);
			return JCS_E_FORMAT;
		}
	}
	return words_add(k->into, v);
}

static jcs_rc load_list(const char *path, const struct kind *kinds,
			char *err, size_t errlen)
{
	return jcsi_data_lines(path, list_line, (void *)kinds, err, errlen);
}

jcs_rc net_load(struct jcsi_scan *s, struct net_ctx *c, char *err,
		size_t errlen)
{
	const char *dir = jcsi_scan_data_dir(s);
	const struct kind endpoint[] = {{"key", &c->endpoint_keys},
					{"skip", &c->endpoint_skip},
					{"dir", &c->endpoint_dirs},
					{"ext", &c->endpoint_exts},
					{"nodir", &c->endpoint_nodirs},
					{NULL, NULL}};
	const struct kind admin[] = {{"name", &c->admin_names},
				     {"content", &c->admin_content},
				     {"page", &c->admin_exts},
				     {NULL, NULL}};
	const struct kind pw[] = {{NULL, &c->passwords}};
	char path[4096];
	jcs_rc rc;

	snprintf(path, sizeof(path), "%s/network/endpoint-keys.tsv", dir);
	rc = load_list(path, endpoint, err, errlen);
	if (rc == JCS_OK) {
		snprintf(path, sizeof(path), "%s/network/web-admin.tsv", dir);
		rc = load_list(path, admin, err, errlen);
	}
	if (rc == JCS_OK) {
		rc = load_list(jcsi_scan_password_list(s), pw, err, errlen);
	}
	if (rc == JCS_OK) {
		snprintf(path, sizeof(path), "%s/network/text-patterns.tsv",
			 dir);
		rc = net_text_load(c, path, err, errlen);
	}
	return rc;
}

void net_free(struct net_ctx *c)
{
	words_free(&c->endpoint_keys);
	words_free(&c->endpoint_skip);
	words_free(&c->endpoint_dirs);
	words_free(&c->endpoint_exts);
	words_free(&c->endpoint_nodirs);
	words_free(&c->admin_names);
	words_free(&c->admin_content);
	words_free(&c->admin_exts);
	words_free(&c->passwords);
	net_text_free(c);
	jcsi_free(c->upnp_started);
	memset(c, 0, sizeof(c[0]));
}

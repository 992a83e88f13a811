/*
 * creds_list.c - the one list of (user, password) pairs every credential
 * check tries (see creds_list.h for the order and why).
 */
#include <stdio.h>
#include <string.h>

#include "lib/core/datafile.h"
#include "lib/core/mem.h"
#include "lib/probe/creds_list.h"

/* Lists stay small (users x passwords, a few thousand); a linear search
   for duplicates costs nothing next to one network round trip. */
static int creds_has(const struct jcsi_cred_list *l, const char *user,
		     const char *pass)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].user, user) && !strcmp(l->v[i].pass, pass))
			return 1;
	return 0;
}

jcs_rc jcsi_creds_add(struct jcsi_cred_list *l, const char *user,
		      const char *pass, int vendor)
{
	if (creds_has(l, user, pass))
		return JCS_OK;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		struct jcsi_cred *v = jcsi_realloc(l->v, cap * sizeof(*v));

		if (!v)
			return JCS_E_NOMEM;
		l->v = v;
		l->cap = cap;
	}
	struct jcsi_cred *c = &l->v[l->n];

	c->user = jcsi_strdup(user);
	c->pass = jcsi_strdup(pass);
	c->vendor = vendor;
	if (!c->user || !c->pass) {
		jcsi_free(c->user);
		jcsi_free(c->pass);
		return JCS_E_NOMEM;
	}
	l->n++;
	return JCS_OK;
}

void jcsi_creds_free(struct jcsi_cred_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		jcsi_free(l->v[i].user);
		jcsi_free(l->v[i].pass);
	}
	jcsi_free(l->v);
	memset(l, 0, sizeof(*l));
}

/* A growing array of strings read from a one-per-line file. */
struct creds_words {
	char **v;
	size_t n, cap;
};

static void words_free(struct creds_words *w)
{
	for (size_t i = 0; i < w->n; i++)
		jcsi_free(w->v[i]);
	jcsi_free(w->v);
}

static jcs_rc words_line(char *line, const char *path, unsigned no,
			 void *user, char *err, size_t errlen)
{
	struct creds_words *w = user;

	if (strchr(line, '\t')) {
		snprintf(err, errlen, "%s:%u: a tab in a one-word-a-line list",
			 path, no);
		return JCS_E_FORMAT;
	}
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 64;
		char **v = jcsi_realloc(w->v, cap * sizeof(*v));

		if (!v)
			return JCS_E_NOMEM;
		w->v = v;
		w->cap = cap;
	}
	w->v[w->n] = jcsi_strdup(line);
	if (!w->v[w->n])
		return JCS_E_NOMEM;
	w->n++;
	return JCS_OK;
}

static jcs_rc pairs_line(char *line, const char *path, unsigned no,
			 void *user, char *err, size_t errlen)
{
	struct jcsi_cred_list *l = user;
	char *tab = strchr(line, '\t');

	if (!tab || tab == line) {
		snprintf(err, errlen,
			 "%s:%u: expected user<TAB>password<TAB>source", path,
			 no);
		return JCS_E_FORMAT;
	}
	*tab = '\0';
	char *pass = tab + 1;
	char *end = strchr(pass, '\t');

	if (!end || end == pass) {
		snprintf(err, errlen,
			 "%s:%u: expected user<TAB>password<TAB>source", path,
			 no);
		return JCS_E_FORMAT;
	}
	*end = '\0';
	/* "-" stands for the empty password: a data line cannot hold an
	   empty field that a reviewer would see */
	if (!strcmp(pass, "-"))
		pass = "";
	return jcsi_creds_add(l, line, pass, 1);
}

jcs_rc jcsi_creds_build(const char *pairs, const char *users,
			const char *passwords, struct jcsi_cred_list *out,
			char *err, size_t errlen)
{
	struct creds_words u = { 0 }, pw = { 0 };
	jcs_rc rc = JCS_OK;

	memset(out, 0, sizeof(*out));
	if (pairs)
		rc = jcsi_data_lines(pairs, pairs_line, out, err, errlen);
	if (rc == JCS_OK)
		rc = jcsi_data_lines(users, words_line, &u, err, errlen);
	if (rc == JCS_OK)
		rc = jcsi_data_lines(passwords, words_line, &pw, err, errlen);
	for (size_t i = 0; rc == JCS_OK && i < u.n; i++)
		rc = jcsi_creds_add(out, u.v[i], "", 0);
	for (size_t i = 0; rc == JCS_OK && i < u.n; i++)
		for (size_t j = 0; rc == JCS_OK && j < pw.n; j++)
			rc = jcsi_creds_add(out, u.v[i], pw.v[j], 0);
	words_free(&u);
	words_free(&pw);
	if (rc != JCS_OK)
		jcsi_creds_free(out);
	if (rc == JCS_E_NOMEM)
		snprintf(err, errlen, "out of memory building the credential list");
	return rc;
}

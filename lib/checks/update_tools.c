/*
 * update_tools.c - the commands of a firmware update flow, from
 * data/update-tools.tsv (kind, command, needs, unless), and matching a
 * parsed shell command against one of them. Which commands download,
 * flash or verify is data: a vendor's updater is one line, not a patch.
 */
#include <stdio.h>
#include <string.h>

#include "../core/datafile.h"
#include "../core/mem.h"
#include "update_int.h"

static const char *const kind_names[UPD_KINDS] = {
	"fetch", "fetch-clear", "flash", "agent", "verify", "checksum"};

void upd_tools_free(struct upd_tools *t)
{
	for (size_t i = 0; i < t->n; i++)
		jcsi_free(t->lines[i]);
	jcsi_free(t->lines);
	jcsi_free(t->v);
	memset(t, 0, sizeof(*t));
}

static jcs_rc parse_row(struct upd_tool *r, char *line, const char *path,
			unsigned no, char *err, size_t errlen)
{
	char *f[4];
	int n = 0, k;

	for (char *p = line; n < 4;) {
		f[n++] = p;
		p = strchr(p, '\t');
		if (!p)
			break;
		*p++ = '\0';
	}
	if (n != 4 || strchr(f[3], '\t')) {
		snprintf(err, errlen, "%s:%u: want 4 tab-separated fields "
			 "(kind, command, needs, unless)", path, no);
		return JCS_E_FORMAT;
	}
	for (k = 0; k < UPD_KINDS && strcmp(f[0], kind_names[k]); k++)
		;
	if (k == UPD_KINDS) {
		snprintf(err, errlen, "%s:%u: unknown kind '%s'", path, no,
			 f[0]);
		return JCS_E_FORMAT;
	}
	if (!f[1][0] || strchr(f[1], ' ') || strchr(f[1], '/')) {
		snprintf(err, errlen, "%s:%u: the command is one base name",
			 path, no);
		return JCS_E_FORMAT;
	}
	r->kind = (enum upd_kind)k;
	r->command = f[1];
	r->needs = strcmp(f[2], "-") ? f[2] : "";
	r->unless = strcmp(f[3], "-") ? f[3] : "";
	return JCS_OK;
}

static jcs_rc tool_line(char *buf, const char *path, unsigned no, void *user,
			char *err, size_t errlen)
{
	struct upd_tools *t = user;
	jcs_rc rc;

	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		struct upd_tool *v = jcsi_realloc(t->v, cap * sizeof(*v));
		char **l;

		if (!v)
			return JCS_E_NOMEM;
		t->v = v;
		l = jcsi_realloc(t->lines, cap * sizeof(*l));
		if (!l)
			return JCS_E_NOMEM;
		t->lines = l;
		t->cap = cap;
	}
	t->lines[t->n] = jcsi_strdup(buf);
	if (!t->lines[t->n])
		return JCS_E_NOMEM;
	rc = parse_row(&t->v[t->n], t->lines[t->n], path, no, err, errlen);
	t->n++; /* counted either way: its line is freed */
	return rc;
}

jcs_rc upd_tools_load(const char *path, struct upd_tools *t, char *err,
		      size_t errlen)
{
	jcs_rc rc;

	memset(t, 0, sizeof(*t));
	rc = jcsi_data_lines(path, tool_line, t, err, errlen);
	if (rc == JCS_OK && t->n == 0) {
		snprintf(err, errlen, "%s: no commands in it", path);
		rc = JCS_E_FORMAT;
	}
	if (rc != JCS_OK)
		upd_tools_free(t);
	return rc;
}

/* Is word W (N bytes of a space-separated list) among C's words? "x*"
   matches by prefix. */
static int has_word(const struct upd_cmd *c, const char *w, size_t n)
{
	int prefix = n > 1 && w[n - 1] == '*';

	if (prefix)
		n--;
	for (size_t i = 0; i < c->nwords; i++)
		if (prefix ? !strncmp(c->words[i], w, n)
			   : strlen(c->words[i]) == n &&
				     !strncmp(c->words[i], w, n))
			return 1;
	return 0;
}

/* ALL: every word of LIST present; else: any of them. */
static int words_in(const struct upd_cmd *c, const char *list, int all)
{
	const char *p = list;

	while (*p) {
		size_t n = strcspn(p, " ");

		if (n && has_word(c, p, n) != all)
			return !all;
		p += n;
		while (*p == ' ')
			p++;
	}
	return all;
}

int upd_match(const struct upd_cmd *c, const struct upd_tool *t)
{
	return !strcmp(c->name, t->command) && words_in(c, t->needs, 1) &&
	       (!*t->unless || !words_in(c, t->unless, 0));
}

/*
 * pkgdb.c - the package database and release file parsers of pkgdb.h.
 * Everything they read comes from the image, so they trust nothing: the
 * buffer is copied and cut in place, every field is optional, NUL bytes
 * inside the data are blanks, and no length is taken from the data.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "../core/mem.h"
#include "pkgdb.h"

/* A private, NUL-terminated copy without inner NULs, cut at line ends. */
static char *copy_text(const char *buf, size_t len)
{
	char *t = jcsi_malloc(len + 1);

	if (!t)
		return NULL;
	memcpy(t, buf, len);
	t[len] = '\0';
	for (size_t i = 0; i < len; i++)
		if (t[i] == '\0')
			t[i] = ' ';
	return t;
}

/* Next line of *P (cut in place, '\r' trimmed), or NULL at the end. */
static char *next_line(char **p)
{
	char *l = *p, *nl;
	size_t n;

	if (!l)
		return NULL;
	nl = strchr(l, '\n');
	if (nl) {
		*nl = '\0';
		*p = nl + 1;
	} else {
		*p = NULL;
		if (!*l)
			return NULL;
	}
	n = strlen(l);
	if (n && l[n - 1] == '\r')
		l[n - 1] = '\0';
	return l;
}

static char *trim(char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

static int blank(const char *l)
{
	for (; *l; l++)
		if (*l != ' ' && *l != '\t')
			return 0;
	return 1;
}

jcs_rc jcsi_pkgdb_parse_stanzas(const char *buf, size_t len, jcsi_pkg_fn fn,
				void *user)
{
	struct jcsi_pkg p;
	char *text, *cur, *l;
	int stop = 0, more = 1;

	if (!buf || !fn)
		return JCS_E_ARG;
	if (len > JCSI_PKGDB_MAX)
		return JCS_E_LIMIT;
	text = copy_text(buf, len);
	if (!text)
		return JCS_E_NOMEM;
	cur = text;
	memset(&p, 0, sizeof(p));
	while (more && !stop) {
		char *colon, *v;

		l = next_line(&cur);
		if (!l || blank(l)) {
			/* end of a stanza */
			if (p.name && *p.name)
				stop = fn(&p, user);
			memset(&p, 0, sizeof(p));
			more = l != NULL;
			continue;
		}
		if (l[0] == ' ' || l[0] == '\t' || l[0] == '#')
			continue; /* continuation (Description, Conffiles) */
		colon = strchr(l, ':');
		if (!colon)
			continue;
		*colon = '\0';
		v = trim(colon + 1);
		if (!strcasecmp(l, "Package"))
			p.name = v;
		else if (!strcasecmp(l, "Version"))
			p.version = v;
		else if (!strcasecmp(l, "Status"))
			p.status = v;
		else if (!strcasecmp(l, "Architecture"))
			p.arch = v;
		else if (!strcasecmp(l, "Maintainer"))
			p.maintainer = v;
		else if (!strcasecmp(l, "License"))
			p.license = v;
		else if (!strcasecmp(l, "Source")) {
			/* "openssl (3.0.11-1~deb12u2)": the name only */
			v[strcspn(v, " \t(")] = '\0';
			p.source = v;
		}
	}
	jcsi_free(text);
	return JCS_OK;
}

struct apk_files {
	char **v;
	size_t n;
};

static void apk_files_clear(struct apk_files *f)
{
	for (size_t i = 0; i < f->n; i++)
		jcsi_free(f->v[i]);
	f->n = 0;
}

jcs_rc jcsi_pkgdb_parse_apk(const char *buf, size_t len, jcsi_pkg_fn fn,
			    void *user)
{
	struct jcsi_pkg p;
	struct apk_files files = {NULL, 0};
	const char *dir = "";
	char *text, *cur, *l;
	int stop = 0, more = 1;
	jcs_rc rc = JCS_OK;

	if (!buf || !fn)
		return JCS_E_ARG;
	if (len > JCSI_PKGDB_MAX)
		return JCS_E_LIMIT;
	text = copy_text(buf, len);
	files.v = jcsi_calloc(JCSI_PKG_FILES_MAX, sizeof(*files.v));
	if (!text || !files.v) {
		rc = JCS_E_NOMEM;
		goto out;
	}
	cur = text;
	memset(&p, 0, sizeof(p));
	while (more && !stop) {
		char *v;

		l = next_line(&cur);
		if (!l || blank(l)) {
			if (p.name && *p.name) {
				p.files = (const char *const *)files.v;
				p.n_files = files.n;
				stop = fn(&p, user);
			}
			memset(&p, 0, sizeof(p));
			apk_files_clear(&files);
			dir = "";
			more = l != NULL;
			continue;
		}
		if (!l[0] || l[1] != ':')
			continue;
		v = trim(l + 2);
		switch (l[0]) {
		case 'P': p.name = v; break;
		case 'V': p.version = v; break;
		case 'A': p.arch = v; break;
		case 'L': p.license = v; break;
		case 'o': p.source = v; break;
		case 'm': p.maintainer = v; break;
		case 'F': dir = v; break;
		case 'R':
			if (files.n < JCSI_PKG_FILES_MAX && *v) {
				char *f = *dir ? jcsi_asprintf("/%s/%s", dir, v)
					       : jcsi_asprintf("/%s", v);

				if (!f) {
					rc = JCS_E_NOMEM;
					goto out;
				}
				files.v[files.n++] = f;
			}
			break;
		default:
			break;
		}
	}
out:
	if (files.v)
		apk_files_clear(&files);
	jcsi_free(files.v);
	jcsi_free(text);
	return rc;
}

int jcsi_pkg_installed(const char *status)
{
	const char *last;

	if (!status)
		return 1;
	/* "want flag state": the state is the last word */
	last = strrchr(status, ' ');
	last = last ? last + 1 : status;
	return !strcmp(last, "installed");
}

/* One value at V (after "KEY="), shell-style, into OUT. */
static void kv_value(const char *v, char *out, size_t cap)
{
	size_t n = 0;
	char q = 0;

	if (*v == '"' || *v == '\'')
		q = *v++;
	for (; *v && *v != '\n'; v++) {
		char c = *v;

		if (q && c == q)
			break;
		if (!q && (c == ' ' || c == '\t' || c == '#' || c == '\r'))
			break;
		if (c == '\\' && q != '\'' && v[1] && v[1] != '\n')
			c = *++v;
		if (n + 1 < cap)
			out[n++] = c;
	}
	if (cap)
		out[n] = '\0';
}

int jcsi_kv_get(const char *buf, size_t len, const char *key, char *out,
		size_t cap)
{
	size_t klen = strlen(key);
	int found = 0;
	char *text, *cur, *l;

	if (cap)
		out[0] = '\0';
	if (!buf || len > JCSI_PKGDB_MAX || !klen)
		return 0;
	text = copy_text(buf, len);
	if (!text)
		return 0;
	cur = text;
	while ((l = next_line(&cur))) {
		while (*l == ' ' || *l == '\t')
			l++;
		if (!strncmp(l, "export ", 7))
			l += 7;
		if (strncmp(l, key, klen) || l[klen] != '=')
			continue;
		/* the last assignment wins, as in the shell */
		kv_value(l + klen + 1, out, cap);
		found = 1;
	}
	jcsi_free(text);
	return found;
}

/* Length of a repack suffix ending S (N bytes): [+.~](dfsg|ds|repack)\d* */
static size_t repack_suffix(const char *s, size_t n)
{
	static const char *const words[] = {"dfsg", "ds", "repack"};
	size_t d = n;

	while (d > 0 && isdigit((unsigned char)s[d - 1]))
		d--;
	for (size_t i = 0; i < sizeof(words) / sizeof(*words); i++) {
		size_t w = strlen(words[i]);

		if (d > w + 1 && !strncasecmp(s + d - w, words[i], w) &&
		    strchr("+.~", s[d - w - 1]))
			return n - (d - w - 1);
	}
	return 0;
}

void jcsi_upstream_version(const char *v, char *out, size_t cap)
{
	const char *colon, *dash;
	size_t n;

	if (!cap)
		return;
	out[0] = '\0';
	if (!v)
		return;
	colon = strchr(v, ':');
	if (colon && colon > v) {
		const char *p = v;

		while (p < colon && isdigit((unsigned char)*p))
			p++;
		if (p == colon)
			v = colon + 1;
	}
	dash = strrchr(v, '-');
	n = dash && dash > v ? (size_t)(dash - v) : strlen(v);
	n -= repack_suffix(v, n);
	if (n >= cap)
		n = cap - 1;
	memcpy(out, v, n);
	out[n] = '\0';
}

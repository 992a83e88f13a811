/*
 * update_shell.c - reading a shell script the way the update check needs
 * it: logical lines (continuations joined; comments and here-documents
 * dropped), the simple commands of each line at their command position,
 * variable assignments and their expansion, and URLs.
 *
 * This is not a shell. It is precise where a wrong answer would be a
 * false finding: "echo mtd write", "[ -x /usr/bin/wget ]", "command -v
 * curl" and words in single quotes are never commands; "$(wget ...)",
 * "busybox wget", "a && mtd write" and start-stop-daemon's -x are.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../core/mem.h"
#include "textlines.h"
#include "update_int.h"

/* --- commands ------------------------------------------------------------- */

struct parser {
	struct upd_line *out;
	size_t pos, start;
	int have;                   /* a word is open */
	const char *seg[UPD_WORDS];
	size_t nseg;
};

static void put(struct parser *p, char c)
{
	if (p->pos + 2 < sizeof(p->out->store))
		p->out->store[p->pos++] = c;
	p->have = 1;
}

static void end_word(struct parser *p)
{
	if (!p->have)
		return;
	p->have = 0;
	/* full (many empty '' words add only their NUL): drop the word */
	if (p->pos + 1 >= sizeof(p->out->store))
		return;
	p->out->store[p->pos++] = '\0';
	if (p->nseg < UPD_WORDS)
		p->seg[p->nseg++] = p->out->store + p->start;
	p->start = p->pos;
}

static int is_assignment(const char *w)
{
	if (!(isalpha((unsigned char)*w) || *w == '_'))
		return 0;
	while (isalnum((unsigned char)*w) || *w == '_')
		w++;
	return *w == '=';
}

static int in_list(const char *w, const char *const list[])
{
	for (size_t i = 0; list[i]; i++)
		if (!strcmp(w, list[i]))
			return 1;
	return 0;
}

static const char *base(const char *w)
{
	const char *b = strrchr(w, '/');

	return b ? b + 1 : w;
}

/* Words that run the next word as the command. */
static const char *const prefixes[] = {
	"if", "then", "else", "elif", "do", "while", "until", "!", "time",
	"exec", "command", "nohup", "sudo", "env", "busybox", "{", "}",
	"xargs", "eval", NULL};
/* Prefixes that take a number (priority, duration) after their options. */
static const char *const timed[] = {"timeout", "nice", "ionice", "chrt",
				    NULL};

static void add_cmd(struct upd_line *out, const char *const *w, size_t n,
		    const char *name)
{
	struct upd_cmd *c;

	if (out->ncmd >= UPD_CMDS)
		return;
	c = &out->cmd[out->ncmd++];
	c->name = base(name);
	c->nwords = 0;
	for (size_t i = 0; i < n && c->nwords < UPD_WORDS; i++)
		c->words[c->nwords++] = w[i];
}

/* start-stop-daemon -S -x /usr/bin/swupdate -- -k key: the program is
   after -x / --exec / -a / --startas, its arguments after "--". */
static void ssd(struct upd_line *out, const char *const *w, size_t n)
{
	const char *prog = NULL;
	size_t args = n;

	for (size_t i = 0; i < n; i++) {
		if (!strcmp(w[i], "--")) {
			args = i + 1;
			break;
		}
		if (i + 1 < n && (!strcmp(w[i], "-x") || !strcmp(w[i], "--exec") ||
				  !strcmp(w[i], "-a") ||
				  !strcmp(w[i], "--startas")))
			prog = w[i + 1];
		else if (!strncmp(w[i], "--exec=", 7))
			prog = w[i] + 7;
	}
	if (prog)
		add_cmd(out, w + args, n - args, prog);
}

static void end_seg(struct parser *p)
{
	const char *const *w = p->seg;
	size_t n = p->nseg, k = 0;

	end_word(p);
	n = p->nseg;
	p->nseg = 0;
	while (k < n) {
		if (is_assignment(w[k])) {
			k++;
		} else if (in_list(w[k], prefixes)) {
			/* "command -v wget" looks wget up, it does not run it */
			if (!strcmp(w[k], "command") && k + 1 < n &&
			    (!strcmp(w[k + 1], "-v") || !strcmp(w[k + 1], "-V")))
				return;
			for (k++; k < n && w[k][0] == '-'; k++)
				;
		} else if (in_list(w[k], timed)) {
			/* "-s 9", "-n 10": a short option takes the next word */
			for (k++; k < n && w[k][0] == '-'; k++)
				if (strlen(w[k]) == 2 && k + 1 < n)
					k++;
			if (k < n && isdigit((unsigned char)w[k][0]))
				k++;
		} else {
			break;
		}
	}
	if (k >= n)
		return;
	if (!strcmp(base(w[k]), "start-stop-daemon")) {
		ssd(p->out, w + k + 1, n - k - 1);
		return;
	}
	/* OpenWrt procd: procd_set_param command /usr/bin/x args */
	if (!strcmp(w[k], "procd_set_param") && k + 2 < n &&
	    !strcmp(w[k + 1], "command")) {
		add_cmd(p->out, w + k + 3, n - k - 3, w[k + 2]);
		return;
	}
	add_cmd(p->out, w + k + 1, n - k - 1, w[k]);
}

/* Command substitutions nest: "$(wget "$(cat f)")" returns to the quote
   it started in at its ')' (or closing backquote). Deeper nesting than
   this is read as if unquoted, which can only find more commands. */
#define NEST_MAX 16

struct nest {
	char q[NEST_MAX], kind[NEST_MAX];
	size_t n;
};

static void push(struct nest *st, char q, char kind)
{
	if (st->n < NEST_MAX) {
		st->q[st->n] = q;
		st->kind[st->n++] = kind;
	}
}

void upd_parse(const char *line, struct upd_line *out)
{
	struct parser p;
	struct nest st = {{0}, {0}, 0};
	char q = 0;

	memset(&p, 0, sizeof(p));
	out->ncmd = 0;
	p.out = out;
	for (size_t i = 0; line[i]; i++) {
		char c = line[i];

		if (q == '\'') {
			if (c == '\'')
				q = 0;
			else
				put(&p, c);
			continue;
		}
		if (q == '"') {
			if (c == '"') {
				q = 0;
			} else if (c == '\\' && line[i + 1]) {
				put(&p, line[++i]);
			} else if ((c == '$' && line[i + 1] == '(') || c == '`') {
				/* a command inside the quotes */
				end_seg(&p);
				push(&st, '"', c == '`' ? '`' : '(');
				i += c == '$';
				q = 0;
			} else {
				put(&p, c);
			}
			continue;
		}
		if (c == '\\' && line[i + 1]) {
			put(&p, line[++i]);
		} else if (c == '\'' || c == '"') {
			q = c;
			p.have = 1;
		} else if (c == '(' || (c == '$' && line[i + 1] == '(')) {
			end_seg(&p);
			push(&st, 0, '(');
			i += c == '$';
		} else if (c == ')' || c == '`') {
			end_seg(&p);
			if (st.n && st.kind[st.n - 1] == (c == ')' ? '(' : '`'))
				q = st.q[--st.n];
			else if (c == '`')
				push(&st, 0, '`');
		} else if (strchr(";&|", c)) {
			end_seg(&p);
		} else if (c == ' ' || c == '\t' || c == '<' || c == '>') {
			end_word(&p);
		} else if (c == '#' && !p.have) {
			break; /* a comment to the end of the line */
		} else {
			put(&p, c);
		}
	}
	end_seg(&p);
}

/* --- logical lines ------------------------------------------------------- */

void upd_script_free(struct upd_script *sc)
{
	for (size_t i = 0; i < sc->n; i++)
		jcsi_free(sc->text[i]);
	jcsi_free(sc->text);
	jcsi_free(sc->no);
	memset(sc, 0, sizeof(*sc));
}

static jcs_rc add_line(struct upd_script *sc, const char *text, uint64_t no)
{
	if (sc->n == sc->cap) {
		size_t cap = sc->cap ? sc->cap * 2 : 64;
		char **t = jcsi_realloc(sc->text, cap * sizeof(*t));
		uint64_t *n;

		if (!t)
			return JCS_E_NOMEM;
		sc->text = t;
		n = jcsi_realloc(sc->no, cap * sizeof(*n));
		if (!n)
			return JCS_E_NOMEM;
		sc->no = n;
		sc->cap = cap;
	}
	sc->text[sc->n] = jcsi_strdup(text);
	if (!sc->text[sc->n])
		return JCS_E_NOMEM;
	sc->no[sc->n++] = no;
	return JCS_OK;
}

/* The delimiter of a here-document started on LINE ("<<EOF", "<<-'EOF'"),
   into DELIM; 0 if none. */
static int heredoc(const char *line, char *delim, size_t cap)
{
	const char *h = strstr(line, "<<");
	size_t n = 0;

	if (!h || h[2] == '<') /* "<<<" is a here-string */
		return 0;
	h += 2;
	if (*h == '-')
		h++;
	while (*h == ' ')
		h++;
	if (*h == '\'' || *h == '"')
		h++;
	/* a word, not "1<<3" of an arithmetic expansion */
	if (!isalpha((unsigned char)*h) && *h != '_')
		return 0;
	while (n + 1 < cap && (isalnum((unsigned char)h[n]) || h[n] == '_'))
		n++;
	memcpy(delim, h, n);
	delim[n] = '\0';
	return n > 0;
}

jcs_rc upd_script_read(struct jcsi_scan *s, const struct jcsi_ev *e,
		       struct upd_script *sc)
{
	char *buf, line[1024], logical[4096], delim[64] = "";
	size_t len, pos = 0, at = 0;
	uint64_t no = 0, first = 0;
	jcs_rc rc;

	memset(sc, 0, sizeof(*sc));
	rc = jcsi_scan_read(s, e, 1u << 20, &buf, &len);
	if (rc != JCS_OK)
		return rc;
	if (memchr(buf, '\0', len)) {
		jcsi_free(buf); /* a binary: not a script */
		return JCS_E_FORMAT;
	}
	while (rc == JCS_OK &&
	       jcsi_next_line(buf, len, &pos, line, sizeof(line), &no)) {
		size_t n = strlen(line);
		int more;

		if (delim[0]) {
			if (!strcmp(line, delim))
				delim[0] = '\0';
			continue;
		}
		if (!at && (!n || line[0] == '#'))
			continue;
		more = n && line[n - 1] == '\\';
		if (more)
			line[--n] = '\0';
		if (!at)
			first = no;
		at += (size_t)snprintf(logical + at, sizeof(logical) - at,
				       "%s%s", at ? " " : "", line);
		if (at >= sizeof(logical))
			at = sizeof(logical) - 1;
		if (more)
			continue;
		rc = add_line(sc, logical, first);
		if (heredoc(logical, delim, sizeof(delim)) == 0)
			delim[0] = '\0';
		at = 0;
	}
	if (rc == JCS_OK && at)
		rc = add_line(sc, logical, first);
	jcsi_free(buf);
	if (rc != JCS_OK)
		upd_script_free(sc);
	return rc;
}

/* --- variables ------------------------------------------------------------ */

void upd_vars_free(struct upd_vars *vars)
{
	for (size_t i = 0; i < vars->n; i++) {
		jcsi_free(vars->v[i].name);
		jcsi_free(vars->v[i].value);
	}
	jcsi_free(vars->v);
	memset(vars, 0, sizeof(*vars));
}

static jcs_rc add_var(struct upd_vars *vars, const char *name, size_t nlen,
		      const char *value, size_t vlen, uint64_t no)
{
	struct upd_var *v;

	if (vars->n == vars->cap) {
		size_t cap = vars->cap ? vars->cap * 2 : 32;
		struct upd_var *nv = jcsi_realloc(vars->v, cap * sizeof(*nv));

		if (!nv)
			return JCS_E_NOMEM;
		vars->v = nv;
		vars->cap = cap;
	}
	v = &vars->v[vars->n];
	v->name = jcsi_strndup(name, nlen);
	v->value = jcsi_strndup(value, vlen);
	v->no = no;
	vars->n++; /* counted either way: freed by upd_vars_free */
	return v->name && v->value ? JCS_OK : JCS_E_NOMEM;
}

/* "export NAME=value", "NAME='value'": one assignment at the start. */
static jcs_rc assignment(struct upd_vars *vars, const char *l, uint64_t no)
{
	static const char *const kw[] = {"export ", "local ", "readonly ",
					 "declare ", NULL};
	const char *name, *v, *end;
	size_t nlen;

	for (size_t i = 0; kw[i]; i++)
		if (!strncmp(l, kw[i], strlen(kw[i]))) {
			l += strlen(kw[i]);
			while (*l == ' ')
				l++;
		}
	if (!is_assignment(l))
		return JCS_OK;
	name = l;
	nlen = strcspn(l, "=");
	v = l + nlen + 1;
	if (*v == '"' || *v == '\'') {
		end = strchr(v + 1, *v);
		if (!end)
			return JCS_OK;
		v++;
	} else {
		end = v + strcspn(v, " \t;&|");
	}
	return add_var(vars, name, nlen, v, (size_t)(end - v), no);
}

/* ". /etc/fw.conf" or "source /etc/fw.conf": the file, or NULL. */
static const char *sourced(const char *l, char *path, size_t cap)
{
	size_t n;

	if (!strncmp(l, ". ", 2))
		l += 2;
	else if (!strncmp(l, "source ", 7))
		l += 7;
	else
		return NULL;
	while (*l == ' ')
		l++;
	n = strcspn(l, " \t;&|\"'");
	if (*l != '/' || n == 0 || n >= cap)
		return NULL;
	memcpy(path, l, n);
	path[n] = '\0';
	return path;
}

jcs_rc upd_vars_collect(struct jcsi_scan *s, const struct jcsi_ev *e,
			const struct upd_script *sc, struct upd_vars *vars)
{
	jcs_rc rc = JCS_OK;
	char path[512];

	memset(vars, 0, sizeof(*vars));
	for (size_t i = 0; rc == JCS_OK && i < sc->n; i++)
		rc = assignment(vars, sc->text[i], sc->no[i]);
	for (size_t i = 0; rc == JCS_OK && i < sc->n; i++) {
		const struct jcsi_ev *f;
		struct upd_script inc;

		if (!sourced(sc->text[i], path, sizeof(path)))
			continue;
		f = jcsi_scan_find(s, e->container, path);
		if (!f || f == e || f->kind != JCSI_EV_FILE ||
		    upd_script_read(s, f, &inc) != JCS_OK)
			continue;
		for (size_t k = 0; rc == JCS_OK && k < inc.n; k++)
			rc = assignment(vars, inc.text[k], 0);
		upd_script_free(&inc);
	}
	return rc;
}

static const char *lookup(const struct upd_vars *vars, const char *name,
			  size_t n, uint64_t no)
{
	const struct upd_var *before = NULL, *after = NULL, *src = NULL;

	for (size_t i = 0; i < vars->n; i++) {
		const struct upd_var *v = &vars->v[i];

		if (strlen(v->name) != n || strncmp(v->name, name, n))
			continue;
		if (!v->no)
			src = src ? src : v;
		else if (v->no < no)
			before = v; /* the last one before wins */
		else if (!after)
			after = v;
	}
	return before ? before->value
	       : after ? after->value
	       : src   ? src->value
		       : NULL;
}

static void expand(const struct upd_vars *vars, const char *line, uint64_t no,
		   char *out, size_t cap, size_t *at, int *unresolved,
		   int depth)
{
	for (const char *p = line; *p && *at + 1 < cap; p++) {
		const char *name, *val, *def = NULL;
		size_t n, deflen = 0, skip;

		if (p[0] != '$' || !(p[1] == '{' || isalpha((unsigned char)p[1]) ||
				     p[1] == '_')) {
			if (p[0] == '$' && p[1] && strchr("0123456789@*#?", p[1]))
				(*unresolved)++;
			out[(*at)++] = *p;
			continue;
		}
		name = p + 1 + (p[1] == '{');
		for (n = 0; isalnum((unsigned char)name[n]) || name[n] == '_'; n++)
			;
		skip = (size_t)(name - p) + n;
		if (p[1] == '{') {
			const char *close = strchr(name + n, '}');

			if (!close) {
				out[(*at)++] = *p;
				continue;
			}
			/* ${NAME:-default}, ${NAME-default}, := and = alike */
			def = name + n;
			if (*def == ':')
				def++;
			if (*def == '-' || *def == '=') {
				def++;
				deflen = (size_t)(close - def);
			} else {
				def = NULL;
			}
			skip = (size_t)(close - p) + 1;
		}
		val = lookup(vars, name, n, no);
		if (val && depth < 4) {
			expand(vars, val, no, out, cap, at, unresolved,
			       depth + 1);
		} else if (def) {
			for (size_t k = 0; k < deflen && *at + 1 < cap; k++)
				out[(*at)++] = def[k];
		} else {
			(*unresolved)++;
			for (size_t k = 0; k < skip && *at + 1 < cap; k++)
				out[(*at)++] = p[k];
		}
		p += skip - 1;
	}
	out[*at] = '\0';
}

void upd_expand(const struct upd_vars *vars, const char *line, uint64_t no,
		char *out, size_t cap, int *unresolved)
{
	size_t at = 0;

	*unresolved = 0;
	if (cap == 0)
		return;
	out[0] = '\0';
	expand(vars, line, no, out, cap, &at, unresolved, 0);
}

/* --- URLs ------------------------------------------------------------------- */

static const char *const schemes[] = {"http", "https", "ftp", "ftps", "tftp",
				      NULL};

/* The scheme ending at SEP ("://"), as its start, or NULL if not one of
   schemes[] (sftp, file, ... are not downloads over a network without
   TLS: sftp has its own encryption, file is local). */
static const char *scheme_at(const char *text, const char *sep)
{
	const char *b = sep;

	while (b > text && isalpha((unsigned char)b[-1]))
		b--;
	for (size_t i = 0; schemes[i]; i++)
		if ((size_t)(sep - b) == strlen(schemes[i]) &&
		    !strncasecmp(b, schemes[i], strlen(schemes[i])))
			return b;
	return NULL;
}

int upd_find_url(const char *text, char *out, size_t cap)
{
	for (const char *p = strstr(text, "://"); p; p = strstr(p + 3, "://")) {
		const char *b = scheme_at(text, p);
		size_t n;

		if (!b)
			continue;
		n = strcspn(b, " \t\"'`;|&()<>");
		if (n >= cap)
			n = cap - 1;
		memcpy(out, b, n);
		out[n] = '\0';
		return 1;
	}
	return 0;
}

int upd_url_cleartext(const char *url)
{
	static const char *const local[] = {"localhost", "127.", "[::1]",
					    NULL};
	const char *host = strstr(url, "://");
	const char *at;
	size_t slen = host ? (size_t)(host - url) : 0;
	int clear = (slen == 4 && !strncasecmp(url, "http", 4)) ||
		    (slen == 3 && !strncasecmp(url, "ftp", 3)) ||
		    (slen == 4 && !strncasecmp(url, "tftp", 4));

	if (!clear)
		return 0;
	host += 3;
	/* user:password@host */
	at = strchr(host, '@');
	if (at && at < host + strcspn(host, "/"))
		host = at + 1;
	for (size_t i = 0; local[i]; i++)
		if (!strncasecmp(host, local[i], strlen(local[i])))
			return 0;
	return 1;
}

void upd_mask_urls(const struct jcsi_scan *s, const char *text, char *out,
		   size_t cap)
{
	size_t at = 0;
	const char *p = text;

	if (cap == 0)
		return;
	while (*p && at + 1 < cap) {
		const char *sep = strstr(p, "://");
		const char *ui, *colon, *end;
		size_t n;
		char pw[256], masked[256];

		if (!sep) {
			at += (size_t)snprintf(out + at, cap - at, "%s", p);
			break;
		}
		ui = sep + 3;
		n = strcspn(ui, "/@ \t\"'");
		end = ui + n;
		colon = memchr(ui, ':', n);
		if (*end != '@' || !colon) {
			at += (size_t)snprintf(out + at, cap - at, "%.*s",
					       (int)(ui - p), p);
			p = ui;
			continue;
		}
		n = (size_t)(end - colon - 1);
		if (n >= sizeof(pw))
			n = sizeof(pw) - 1;
		memcpy(pw, colon + 1, n);
		pw[n] = '\0';
		jcsi_mask(s, pw, masked, sizeof(masked));
		at += (size_t)snprintf(out + at, cap - at, "%.*s%s",
				       (int)(colon + 1 - p), p, masked);
		p = end;
	}
	if (at >= cap)
		at = cap - 1;
	out[at] = '\0';
}

/*
 * net_text.c - every text file of the image in one vectorscan pass:
 * switched-off TLS verification (curl -k, wget --no-check-certificate,
 * verify_peer=0, SSL_VERIFY_NONE, verify=False...), MQTT URLs without TLS
 * and plain http:// cloud endpoints in configuration. The patterns are
 * data (data/network/text-patterns.tsv); what needs parsing (curl's option
 * bundling, which key a URL is assigned to, its host) is code here.
 *
 * ELF files are never scanned: SSL_VERIFY_NONE and "--insecure" are part
 * of every libssl and curl binary and say nothing about how they are used.
 */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <hs/hs.h>

#include "../core/datafile.h"
#include "../core/mem.h"
#include "hs_cache.h"
#include "init_sources.h"
#include "net_int.h"

#define TEXT_MAX (1u << 20)      /* larger files are not scripts or configs */
#define MATCH_MAX 65536u         /* per file; more is not a config */

enum action { ACT_RULE, ACT_CURL, ACT_ENDPOINT, ACT_MQTT };

struct net_text {
	const hs_database_t *db; /* shared: hs_cache.h */
	hs_scratch_t *scratch;
	char **rule;             /* by pattern id; NULL for handlers */
	enum action *act;
	size_t n;
	struct net_words skip;   /* device path globs */
};

struct match {
	unsigned id;
	unsigned long long to;
};

struct matches {
	struct match *v;
	size_t n, cap;
};

static int on_match(unsigned id, unsigned long long from,
		    unsigned long long to, unsigned flags, void *ctx)
{
	struct matches *m = ctx;

	(void)from;
	(void)flags;
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		struct match *v;

		if (cap > MATCH_MAX)
			return 1;
		v = jcsi_realloc(m->v, cap * sizeof(*v));
		if (!v)
			return 1;
		m->v = v;
		m->cap = cap;
	}
	m->v[m->n].id = id;
	m->v[m->n].to = to;
	m->n++;
	return 0;
}

/* --- loading ------------------------------------------------------------ */

void net_text_free(struct net_ctx *c)
{
	struct net_text *t = c->text;

	if (!t)
		return;
	hs_free_scratch(t->scratch);
	/* t->db belongs to the cache (hs_cache.h) */
	for (size_t i = 0; i < t->n; i++)
		jcsi_free(t->rule[i]);
	jcsi_free(t->rule);
	jcsi_free(t->act);
	for (size_t i = 0; i < t->skip.n; i++)
		jcsi_free(t->skip.v[i]);
	jcsi_free(t->skip.v);
	jcsi_free(t);
	c->text = NULL;
}

struct pattern_file {
	char **expr;
	unsigned *flags, *ids, *lines;
	size_t n, cap;
};

static void pattern_file_free(struct pattern_file *p)
{
	for (size_t i = 0; i < p->n; i++)
		jcsi_free(p->expr[i]);
	jcsi_free(p->expr);
	jcsi_free(p->flags);
	jcsi_free(p->ids);
	jcsi_free(p->lines);
}

static jcs_rc grow(struct net_text *t, struct pattern_file *p)
{
	size_t cap = p->cap ? p->cap * 2 : 32;
	void *a = jcsi_realloc(p->expr, cap * sizeof(*p->expr));

	if (!a)
		return JCS_E_NOMEM;
	p->expr = a;
	if (!(a = jcsi_realloc(p->flags, cap * sizeof(*p->flags))))
		return JCS_E_NOMEM;
	p->flags = a;
	if (!(a = jcsi_realloc(p->ids, cap * sizeof(*p->ids))))
		return JCS_E_NOMEM;
	p->ids = a;
	if (!(a = jcsi_realloc(p->lines, cap * sizeof(*p->lines))))
		return JCS_E_NOMEM;
	p->lines = a;
	if (!(a = jcsi_realloc(t->rule, cap * sizeof(*t->rule))))
		return JCS_E_NOMEM;
	t->rule = a;
	if (!(a = jcsi_realloc(t->act, cap * sizeof(*t->act))))
		return JCS_E_NOMEM;
	t->act = a;
	p->cap = cap;
	return JCS_OK;
}

/* one "ACTION<TAB>FLAGS<TAB>PATTERN" line */
static jcs_rc pattern_line(struct net_text *t, struct pattern_file *p,
			   char *line, const char *path, unsigned no,
			   char *err, size_t errlen)
{
	char *f[3];
	int n = 0;
	jcs_rc rc;

	f[n++] = line;
	for (char *q = line; *q && n < 3; q++)
		if (*q == '\t') {
			*q = '\0';
			f[n++] = q + 1;
		}
	if (n != 3 || !f[2][0]) {
		snprintf(err, errlen, "%s:%u: want ACTION<TAB>FLAGS<TAB>PATTERN",
			 path, no);
		return JCS_E_FORMAT;
	}
	if (!strcmp(f[0], "skip-path")) {
		char **v = jcsi_realloc(t->skip.v,
					(t->skip.n + 1) * sizeof(*v));

		if (!v)
			return JCS_E_NOMEM;
		t->skip.v = v;
		v[t->skip.n] = jcsi_strdup(f[2]);
		return v[t->skip.n++] ? JCS_OK : JCS_E_NOMEM;
	}
	if (p->n == p->cap && (rc = grow(t, p)) != JCS_OK)
		return rc;
	t->rule[p->n] = NULL;
	if (!strcmp(f[0], "curl")) {
		t->act[p->n] = ACT_CURL;
	} else if (!strcmp(f[0], "endpoint")) {
		t->act[p->n] = ACT_ENDPOINT;
	} else if (!strcmp(f[0], "mqtt-url")) {
		t->act[p->n] = ACT_MQTT;
	} else if (!strncmp(f[0], "network.", 8)) {
		t->act[p->n] = ACT_RULE;
		t->rule[p->n] = jcsi_strdup(f[0]);
		if (!t->rule[p->n])
			return JCS_E_NOMEM;
	} else {
		snprintf(err, errlen, "%s:%u: unknown action '%s'", path, no,
			 f[0]);
		return JCS_E_FORMAT;
	}
	if (strcmp(f[1], "i") && strcmp(f[1], "-")) {
		jcsi_free(t->rule[p->n]);
		snprintf(err, errlen, "%s:%u: flags are 'i' or '-'", path, no);
		return JCS_E_FORMAT;
	}
	p->expr[p->n] = jcsi_strdup(f[2]);
	if (!p->expr[p->n]) {
		jcsi_free(t->rule[p->n]);
		return JCS_E_NOMEM;
	}
	p->flags[p->n] = HS_FLAG_MULTILINE | (f[1][0] == 'i' ? HS_FLAG_CASELESS
							     : 0);
	p->ids[p->n] = (unsigned)p->n;
	p->lines[p->n] = no;
	p->n++;
	t->n = p->n;
	return JCS_OK;
}

struct text_ctx {
	struct net_text *t;
	struct pattern_file *p;
};

static jcs_rc text_line(char *line, const char *path, unsigned no, void *user,
			char *err, size_t errlen)
{
	struct text_ctx *x = user;

	return pattern_line(x->t, x->p, line, path, no, err, errlen);
}

jcs_rc net_text_load(struct net_ctx *c, const char *path, char *err,
		     size_t errlen)
{
	struct pattern_file p;
	struct net_text *t = jcsi_calloc(1, sizeof(*t));
	hs_compile_error_t *ce = NULL;
	jcs_rc rc = JCS_OK;

	memset(&p, 0, sizeof(p));
	if (!t)
		return JCS_E_NOMEM;
	c->text = t;
	{
		struct text_ctx x = {t, &p};

		rc = jcsi_data_lines(path, text_line, &x, err, errlen);
	}
	if (rc == JCS_OK && !p.n) {
		snprintf(err, errlen, "%s: no pattern", path);
		rc = JCS_E_FORMAT;
	}
	if (rc == JCS_OK &&
	    jcsi_hs_compile((const char *const *)p.expr, p.flags, p.ids,
			    (unsigned)p.n, &t->db, &ce) != HS_SUCCESS) {
		int at = ce ? ce->expression : -1;

		snprintf(err, errlen, "%s:%u: %s", path,
			 at >= 0 && (size_t)at < p.n ? p.lines[at] : 0,
			 ce ? ce->message : "cannot compile");
		hs_free_compile_error(ce);
		t->db = NULL;
		rc = JCS_E_FORMAT;
	}
	if (rc == JCS_OK && hs_alloc_scratch(t->db, &t->scratch) != HS_SUCCESS)
		rc = JCS_E_NOMEM;
	pattern_file_free(&p);
	return rc;
}

/* --- curl's command line ----------------------------------------------- */

/* long options of curl that take a value in the next word */
static const char *const curl_long_args[] = {
	"header", "data", "data-raw", "data-binary", "data-urlencode",
	"data-ascii", "output", "user", "request", "config", "user-agent",
	"referer", "upload-file", "write-out", "proxy", "proxy-user",
	"max-time", "cert", "cert-type", "key", "key-type", "pass", "cookie",
	"cookie-jar", "form", "form-string", "range", "connect-timeout",
	"retry", "retry-delay", "retry-max-time", "cacert", "capath", "url",
	"interface", "dns-servers", "resolve", "connect-to", "limit-rate",
	"max-filesize", "output-dir", "ciphers", "tls-max", "unix-socket",
	"oauth2-bearer", "continue-at", "dump-header", "trace", "trace-ascii",
	"stderr", "speed-limit", "speed-time", "time-cond", "local-port",
	"max-redirs", "quote", "preproxy", "noproxy", "netrc-file",
	"crlfile", "pinnedpubkey", "pubkey", "socks4", "socks5",
	"socks5-hostname", "proto", "proto-redir", "json", "variable",
	"url-query", "aws-sigv4", "ftp-port", "mail-from", "mail-rcpt",
	"expect100-timeout", "keepalive-time", "tlsuser", "tlspassword", NULL};
/* short options that take a value (rest of the word, or the next one) */
static const char curl_short_args[] = "AbcCdDeEFHKmoPQrtTuUwxXyYz";

int jcsi_net_curl_insecure(const char *cmd)
{
	const char *p = cmd;
	char w[512];
	int insecure = 0, want_arg = 0;

	if (!net_shell_word(&p, w, sizeof(w)))
		return 0; /* the command word itself */
	while (net_shell_word(&p, w, sizeof(w))) {
		if (want_arg) {
			want_arg = 0;
		} else if (!strcmp(w, "--")) {
			break;
		} else if (!strncmp(w, "--", 2)) {
			const char *name = w + 2;

			if (!strcmp(name, "insecure"))
				insecure = 1;
			else if (!strcmp(name, "no-insecure"))
				insecure = 0;
			else if (!strchr(name, '='))
				for (size_t i = 0; curl_long_args[i]; i++)
					if (!strcmp(name, curl_long_args[i]))
						want_arg = 1;
		} else if (w[0] == '-' && w[1]) {
			for (const char *o = w + 1; *o; o++) {
				if (*o == 'k') {
					insecure = 1;
				} else if (strchr(curl_short_args, *o)) {
					want_arg = !o[1];
					break;
				}
			}
		}
	}
	return insecure;
}

/* --- per line ------------------------------------------------------------ */

/* LINE (trimmed) is a comment in the usual languages of a firmware */
static int comment_line(const char *l)
{
	return l[0] == '#' || l[0] == ';' || l[0] == '*' ||
	       !strncmp(l, "//", 2) || !strncmp(l, "/*", 2) ||
	       !strncmp(l, "<!--", 4) || !strncmp(l, "-- ", 3) ||
	       !strncmp(l, "--[[", 4) || !strcmp(l, "--") ||
	       !strncasecmp(l, "rem ", 4);
}

/* OUT: LINE with URL passwords ("://user:PASS@") and curl/wget user
   options ("-u user:PASS") masked */
static void mask_line(const struct jcsi_scan *s, const char *line, char *out,
		      size_t cap)
{
	size_t at = 0;
	const char *p = line;

	while (*p && at + 1 < cap) {
		const char *secret = NULL;
		size_t n = 0;

		if (!strncmp(p, "://", 3)) {
			const char *u = p + 3, *colon = NULL, *end = u;

			while (*end && !strchr("/@ \t'\"", *end)) {
				if (*end == ':' && !colon)
					colon = end;
				end++;
			}
			if (*end == '@' && colon) {
				size_t k = (size_t)(colon + 1 - p);

				if (at + k >= cap)
					break;
				memcpy(out + at, p, k);
				at += k;
				p = colon + 1;
				secret = p;
				n = (size_t)(end - p);
			}
		} else if ((!strncmp(p, "-u ", 3) || !strncmp(p, "--user ", 7) ||
			    !strncmp(p, "--password=", 11)) &&
			   (p == line || p[-1] == ' ')) {
			const char *v = strchr(p, p[2] == 'p' ? '=' : ' ') + 1;
			const char *colon, *end = v;
			size_t k;

			while (*end && *end != ' ' && *end != '\t')
				end++;
			colon = memchr(v, ':', (size_t)(end - v));
			if (p[2] == 'p')
				colon = v - 1;
			if (colon) {
				k = (size_t)(colon + 1 - p);
				if (at + k >= cap)
					break;
				memcpy(out + at, p, k);
				at += k;
				p = colon + 1;
				secret = p;
				n = (size_t)(end - p);
			}
		}
		if (secret && n) {
			char sec[256], m[256];

			snprintf(sec, sizeof(sec), "%.*s", (int)n, secret);
			jcsi_mask(s, sec, m, sizeof(m));
			at += (size_t)snprintf(out + at, cap - at, "%s", m);
			if (at >= cap)
				at = cap - 1;
			p += n;
			continue;
		}
		out[at++] = *p++;
	}
	out[at] = '\0';
}

static void emit_line(struct jcsi_scan *s, const char *rule,
		      const struct jcsi_ev *e, uint64_t no, const char *subject,
		      const char *line)
{
	char ev[1200];

	mask_line(s, line, ev, sizeof(ev));
	jcsi_emit(s, rule, e, no, subject, NULL, ev);
}

static const char *const curls[] = {"curl", NULL};

static void curl_line(struct jcsi_scan *s, const struct jcsi_ev *e,
		      uint64_t no, const char *line)
{
	for (const char *at = jcsi_find_command(line, curls); at;
	     at = jcsi_find_command(at + 4, curls))
		if (jcsi_net_curl_insecure(at)) {
			emit_line(s, "network.curl-insecure", e, no, e->dev,
				  line);
			return;
		}
}

/* Does the key at K start an assignment (line start, after "{ , ( [ ;
   <", or after a declaring word such as export, option, local, var)?
   Prose ("using the following URL: http://...") does not. */
static int key_starts_statement(const char *line, const char *k)
{
	static const char *const declare[] = {
		"export", "option", "list", "set", "local", "var", "const",
		"let", "my", "our", "readonly", "declare", "static", "define",
		"#define", "String", "string", "char", "val", NULL};
	const char *p = k, *w;

	while (p > line && (p[-1] == '"' || p[-1] == '\'' || p[-1] == '$' ||
			    p[-1] == '@'))
		p--;
	if (p == line || strchr("{,([;<", p[-1]))
		return 1;
	while (p > line && (p[-1] == ' ' || p[-1] == '\t'))
		p--;
	if (p == line || strchr("{,([;", p[-1]))
		return 1;
	w = p;
	while (w > line && w[-1] != ' ' && w[-1] != '\t')
		w--;
	if (w[0] == '<')
		return 1; /* an attribute: <device url="..."> */
	for (size_t i = 0; declare[i]; i++)
		if ((size_t)(p - w) == strlen(declare[i]) &&
		    !strncmp(w, declare[i], (size_t)(p - w)))
			return 1;
	return 0;
}

/* The key LINE assigns the value starting at U to: KEY=U, KEY = "U",
   "KEY": "U", KEY => 'U', option KEY 'U', KEY U, <KEY>U. */
static int key_of(const char *line, const char *u, char *key, size_t cap)
{
	const char *p = u, *end;
	int op = 0;

	while (p > line && (p[-1] == '"' || p[-1] == '\''))
		p--;
	while (p > line && (p[-1] == ' ' || p[-1] == '\t')) {
		p--;
		op = 1; /* blank-separated: "option KEY 'U'", "KEY U" */
	}
	if (p > line && p[-1] == '>' && !(p - 1 > line && p[-2] == '=')) {
		const char *lt = p - 1;

		while (lt > line && lt[-1] != '<')
			lt--;
		if (lt == line)
			return 0;
		end = lt;
		while (*end && *end != '>' && *end != ' ')
			end++;
		snprintf(key, cap, "%.*s", (int)(end - lt), lt);
		return 1;
	}
	if (p > line && (p[-1] == '=' || p[-1] == ':')) {
		p--;
		op = 1;
	} else if (p - 1 > line && p[-1] == '>' && p[-2] == '=') {
		p -= 2;
		op = 1;
	}
	if (!op)
		return 0;
	while (p > line && (p[-1] == ' ' || p[-1] == '\t' || p[-1] == '"' ||
			    p[-1] == '\'' || p[-1] == '+'))
		p--;
	end = p;
	while (p > line && (p[-1] == '_' || p[-1] == '-' || p[-1] == '.' ||
			    (p[-1] >= 'a' && p[-1] <= 'z') ||
			    (p[-1] >= 'A' && p[-1] <= 'Z') ||
			    (p[-1] >= '0' && p[-1] <= '9')))
		p--;
	if (p == end || !key_starts_statement(line, p))
		return 0;
	snprintf(key, cap, "%.*s", (int)(end - p), p);
	return 1;
}

/* host of the URL whose authority starts at A: [*HOST, *HOST+*N), port */
static void url_host(const char *a, const char **host, size_t *n,
		     unsigned *port)
{
	const char *end = a, *at;

	while (*end && !strchr("/?# \t'\"<>)", *end))
		end++;
	at = memchr(a, '@', (size_t)(end - a));
	if (at)
		a = at + 1;
	*host = a;
	*port = 0;
	if (*a == '[') {
		const char *rb = memchr(a, ']', (size_t)(end - a));

		*n = rb ? (size_t)(rb + 1 - a) : (size_t)(end - a);
	} else {
		const char *colon = memchr(a, ':', (size_t)(end - a));

		*n = colon ? (size_t)(colon - a) : (size_t)(end - a);
	}
	if (a + *n < end && a[*n] == ':')
		for (const char *d = a + *n + 1; d < end && *d >= '0' &&
		     *d <= '9' && *port < 65536; d++)
			*port = *port * 10 + (unsigned)(*d - '0');
}

/* the URL at U, up to its end, masked, as the finding's subject */
static void url_subject(const struct jcsi_scan *s, const char *u, char *out,
			size_t cap)
{
	char raw[512];
	size_t n = 0;

	while (u[n] && !strchr(" \t'\"<>)", u[n]) && n + 1 < sizeof(raw))
		n++;
	snprintf(raw, sizeof(raw), "%.*s", (int)n, u);
	mask_line(s, raw, out, cap);
}

static void endpoint_line(struct jcsi_scan *s, struct net_ctx *c,
			  const struct jcsi_ev *e, uint64_t no,
			  const char *line)
{
	for (const char *u = strcasestr(line, "http://"); u;
	     u = strcasestr(u + 7, "http://")) {
		char key[128], subj[600];
		const char *host;
		size_t n;
		unsigned port;

		if (!key_of(line, u, key, sizeof(key)) ||
		    !net_words_in(&c->endpoint_keys, key) ||
		    net_words_in(&c->endpoint_skip, key))
			continue;
		url_host(u + 7, &host, &n, &port);
		if (jcsi_net_host_local(host, n))
			continue;
		url_subject(s, u, subj, sizeof(subj));
		emit_line(s, "network.http-endpoint", e, no, subj, line);
		return;
	}
}

static void mqtt_line(struct jcsi_scan *s, const struct jcsi_ev *e,
		      uint64_t no, const char *line)
{
	for (const char *u = strstr(line, "://"); u; u = strstr(u + 3, "://")) {
		int mqtt = u - line >= 4 && !strncasecmp(u - 4, "mqtt", 4);
		int tcp = u - line >= 3 && !strncasecmp(u - 3, "tcp", 3);
		const char *host;
		size_t n;
		unsigned port;
		char subj[600];

		if (!mqtt && !tcp)
			continue;
		url_host(u + 3, &host, &n, &port);
		if ((tcp && port != 1883) || jcsi_net_host_local(host, n))
			continue;
		url_subject(s, u - (mqtt ? 4 : 3), subj, sizeof(subj));
		emit_line(s, "network.mqtt-url", e, no, subj, line);
		return;
	}
}

/* --- per file ------------------------------------------------------------ */

static int cmp_match(const void *a, const void *b)
{
	const struct match *x = a, *y = b;

	if (x->to != y->to)
		return x->to < y->to ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* is E a text file worth reading (not ELF, not binary, not skipped)? */
static int text_candidate(const struct net_text *t, const struct jcsi_ev *e)
{
	if (e->kind != JCSI_EV_FILE || !e->size || e->size > TEXT_MAX)
		return 0;
	if (e->type[0] && strcmp(e->type, "text") && strcmp(e->type, "script"))
		return 0;
	for (size_t i = 0; i < t->skip.n; i++)
		if (!fnmatch(t->skip.v[i], e->dev, 0))
			return 0;
	return 1;
}

/* configuration, not source code: in a directory of endpoint-keys.tsv's
   "dir" lines or with one of its "ext" endings, not in a "nodir" one */
static int config_file(const struct net_ctx *c, const struct jcsi_ev *e)
{
	size_t n = strlen(e->dev);

	for (size_t i = 0; i < c->endpoint_nodirs.n; i++)
		if (strstr(e->dev, c->endpoint_nodirs.v[i]))
			return 0;
	for (size_t i = 0; i < c->endpoint_dirs.n; i++)
		if (strstr(e->dev, c->endpoint_dirs.v[i]))
			return 1;
	for (size_t i = 0; i < c->endpoint_exts.n; i++) {
		size_t k = strlen(c->endpoint_exts.v[i]);

		if (n >= k && !strcasecmp(e->dev + n - k, c->endpoint_exts.v[i]))
			return 1;
	}
	return 0;
}

static void handle(struct jcsi_scan *s, struct net_ctx *c,
		   const struct jcsi_ev *e, uint64_t no, const char *line,
		   unsigned id)
{
	const struct net_text *t = c->text;

	switch (t->act[id]) {
	case ACT_RULE:
		emit_line(s, t->rule[id], e, no, e->dev, line);
		break;
	case ACT_CURL:
		curl_line(s, e, no, line);
		break;
	case ACT_ENDPOINT:
		if (config_file(c, e))
			endpoint_line(s, c, e, no, line);
		break;
	case ACT_MQTT:
		mqtt_line(s, e, no, line);
		break;
	}
}

/* an action once per line: rules by name (two patterns of one rule on a
   line are one finding), handlers by kind */
static int seen_on_line(const struct net_text *t, const unsigned *done,
			size_t ndone, unsigned id)
{
	for (size_t i = 0; i < ndone; i++)
		if (t->act[done[i]] == t->act[id] &&
		    (t->act[id] != ACT_RULE ||
		     !strcmp(t->rule[done[i]], t->rule[id])))
			return 1;
	return 0;
}

void net_text_file(struct jcsi_scan *s, struct net_ctx *c,
		   const struct jcsi_ev *e)
{
	struct net_text *t = c->text;
	struct matches m = {NULL, 0, 0};
	char *buf, line[1024];
	size_t len, pos = 0, lstart = 0, sniff;
	uint64_t no = 1, cur = 0;
	unsigned done[32];
	size_t ndone = 0;

	if (!t || !text_candidate(t, e) ||
	    jcsi_scan_read(s, e, TEXT_MAX, &buf, &len) != JCS_OK)
		return;
	if (!len) {
		jcsi_free(buf);
		return;
	}
	sniff = len < 4096 ? len : 4096;
	if ((len >= 4 && !memcmp(buf, "\177ELF", 4)) || memchr(buf, 0, sniff) ||
	    len > 0xffffffffu ||
	    hs_scan(t->db, buf, (unsigned)len, 0, t->scratch, on_match, &m) ==
		    HS_INVALID) {
		jcsi_free(buf);
		jcsi_free(m.v);
		return;
	}
	if (m.n)
		qsort(m.v, m.n, sizeof(*m.v), cmp_match);
	for (size_t i = 0; i < m.n; i++) {
		size_t at = m.v[i].to ? (size_t)m.v[i].to - 1 : 0;
		size_t end, a, b;

		if (at >= len)
			at = len - 1;
		/* advance to the line holding byte AT */
		for (; pos < at; pos++)
			if (buf[pos] == '\n') {
				no++;
				lstart = pos + 1;
			}
		if (buf[at] == '\n' && at > lstart)
			at--; /* a match ending in the newline: its line */
		if (no != cur) {
			cur = no;
			ndone = 0;
		}
		if (seen_on_line(t, done, ndone, m.v[i].id) ||
		    ndone == sizeof(done) / sizeof(done[0]))
			continue;
		done[ndone++] = m.v[i].id;
		end = lstart;
		while (end < len && buf[end] != '\n')
			end++;
		a = lstart;
		b = end;
		while (a < b && (buf[a] == ' ' || buf[a] == '\t'))
			a++;
		while (b > a && (buf[b - 1] == ' ' || buf[b - 1] == '\t' ||
				 buf[b - 1] == '\r'))
			b--;
		if (b - a >= sizeof(line))
			b = a + sizeof(line) - 1;
		memcpy(line, buf + a, b - a);
		line[b - a] = '\0';
		for (size_t k = 0; k < b - a; k++)
			if (!line[k])
				line[k] = ' ';
		if (!comment_line(line))
			handle(s, c, e, no, line, m.v[i].id);
	}
	jcsi_free(m.v);
	jcsi_free(buf);
}

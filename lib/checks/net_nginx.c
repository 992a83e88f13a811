/*
 * net_nginx.c - nginx.conf and what it includes (conf.d/NAME.conf,
 * sites-enabled/NAME, relative to the directory of nginx.conf as nginx
 * resolves them), one server { } block at a time.
 *
 * A server's listeners are its listen directives (none: port 80); "ssl"
 * (or the old "ssl on;") makes one TLS. A server with a plain listener is
 * reported unless it binds to loopback only or redirects to HTTPS: a
 * "return 30x https://..." or "rewrite ... https://..." in the server
 * itself, in an if block of it or in "location /".
 */
#include <stdio.h>
#include <string.h>

#include "../core/mem.h"
#include "net_int.h"

#define NGX_WORDS 12
#define NGX_DEPTH 16

enum ctx { CX_MAIN, CX_HTTP, CX_SERVER, CX_LOC_ROOT, CX_IF, CX_OTHER };

struct ngx {
	struct net_ctx *c;
	const struct jcsi_ev *conf;          /* nginx.conf: include base */
	char w[NGX_WORDS][160];
	int nw;
	uint64_t stmt_line;
	const struct jcsi_ev *stmt_e;
	char stmt_text[512];
	int stack[NGX_DEPTH], depth;
	char http_root[256];
	/* the server block being read */
	struct net_web web;
	int listens, plain, ssl_on, redirect;
	uint64_t server_line;
	const struct jcsi_ev *server_e;
	char server_root[256];
	int includes;
};

static void parse_file(struct jcsi_scan *s, const struct jcsi_ev *e,
		       void *user);

static int top(const struct ngx *g)
{
	return g->depth ? g->stack[g->depth > NGX_DEPTH ? NGX_DEPTH - 1
							: g->depth - 1]
			: CX_MAIN;
}

static void server_begin(struct ngx *g)
{
	memset(&g->web, 0, sizeof(g->web));
	g->listens = g->plain = g->ssl_on = g->redirect = 0;
	g->server_line = g->stmt_line;
	g->server_e = g->stmt_e;
	g->server_root[0] = '\0';
}

static void server_end(struct jcsi_scan *s, struct ngx *g)
{
	struct net_web *w = &g->web;

	if (g->ssl_on || g->redirect)
		return;
	if (!g->listens) {
		w->e = g->server_e;
		w->line = g->server_line;
		snprintf(w->ports, sizeof(w->ports), "80");
		snprintf(w->evidence, sizeof(w->evidence),
			 "server { } without listen: port 80");
	} else if (!g->plain) {
		return;
	}
	w->server = "nginx";
	net_copy(w->docroot, sizeof(w->docroot), g->server_root[0] ? g->server_root
		 : g->http_root[0] ? g->http_root
				   : "/usr/share/nginx/html");
	net_web_report(s, g->c, w);
}

static int in_server(const struct ngx *g)
{
	for (int i = 0; i < g->depth && i < NGX_DEPTH; i++)
		if (g->stack[i] == CX_SERVER)
			return 1;
	return 0;
}

static void ngx_listen(struct ngx *g)
{
	char port[16];
	int tls = 0;

	g->listens++;
	for (int i = 2; i < g->nw; i++)
		if (!strcmp(g->w[i], "ssl") || !strcmp(g->w[i], "quic"))
			tls = 1;
	if (tls || g->nw < 2 || !strncmp(g->w[1], "unix:", 5) ||
	    jcsi_net_listen_addr(g->w[1], port, sizeof(port)))
		return;
	if (!port[0])
		snprintf(port, sizeof(port), "80");
	if (!g->plain) {
		g->web.e = g->stmt_e;
		g->web.line = g->stmt_line;
		net_copy(g->web.evidence, sizeof(g->web.evidence), g->stmt_text);
	}
	g->plain = 1;
	{
		size_t n = strlen(g->web.ports);

		if (!strstr(g->web.ports, port))
			snprintf(g->web.ports + n, sizeof(g->web.ports) - n,
				 "%s%s", n ? ", " : "", port);
	}
}

static void statement(struct jcsi_scan *s, struct ngx *g)
{
	int t = top(g);

	if (!g->nw)
		return;
	if (!strcmp(g->w[0], "include") && g->nw > 1 && g->includes < 8) {
		char pat[200];

		net_copy(pat, sizeof(pat), g->w[1]);
		g->nw = 0;
		g->includes++;
		net_each_glob(s, g->conf, pat, parse_file, g);
		g->includes--;
		return;
	}
	if (!strcmp(g->w[0], "root") && g->nw > 1) {
		if (t == CX_HTTP)
			net_copy(g->http_root, sizeof(g->http_root), g->w[1]);
		else if (t == CX_SERVER)
			net_copy(g->server_root, sizeof(g->server_root), g->w[1]);
	}
	if (t == CX_SERVER && !strcmp(g->w[0], "listen"))
		ngx_listen(g);
	if (t == CX_SERVER && !strcmp(g->w[0], "ssl") && g->nw > 1 &&
	    !strcmp(g->w[1], "on"))
		g->ssl_on = 1;
	if ((t == CX_SERVER || t == CX_IF || t == CX_LOC_ROOT) && in_server(g)) {
		int https = 0;

		for (int i = 1; i < g->nw; i++)
			if (!strncmp(g->w[i], "https://", 8))
				https = 1;
		if (https && (!strcmp(g->w[0], "return") ||
			      !strcmp(g->w[0], "rewrite")))
			g->redirect = 1;
	}
}

static void block_open(struct ngx *g)
{
	int t = top(g), kind = CX_OTHER;

	if (g->nw && !strcmp(g->w[0], "http"))
		kind = CX_HTTP;
	else if (g->nw && !strcmp(g->w[0], "server") && t == CX_HTTP)
		kind = CX_SERVER;
	else if (g->nw && !strcmp(g->w[0], "if") && t == CX_SERVER)
		kind = CX_IF;
	else if (g->nw >= 2 && !strcmp(g->w[0], "location") &&
		 t == CX_SERVER && !strcmp(g->w[g->nw - 1], "/"))
		kind = CX_LOC_ROOT;
	if (kind == CX_SERVER)
		server_begin(g);
	if (g->depth < NGX_DEPTH)
		g->stack[g->depth] = kind;
	g->depth++;
}

static void block_close(struct jcsi_scan *s, struct ngx *g)
{
	if (!g->depth)
		return;
	if (top(g) == CX_SERVER)
		server_end(s, g);
	g->depth--;
}

static void add_char(struct ngx *g, char ch, int *inword)
{
	size_t n;

	if (!*inword) {
		if (g->nw == NGX_WORDS)
			return;
		g->w[g->nw++][0] = '\0';
		*inword = 1;
	}
	n = strlen(g->w[g->nw - 1]);
	if (n + 1 < sizeof(g->w[0])) {
		g->w[g->nw - 1][n] = ch;
		g->w[g->nw - 1][n + 1] = '\0';
	}
}

static int ngx_line(struct jcsi_scan *s, const struct jcsi_ev *e, uint64_t no,
		    char *line, void *user)
{
	struct ngx *g = user;
	int inword = 0;
	char q = 0;

	for (const char *p = line; *p; p++) {
		if (q) {
			if (*p == q)
				q = 0;
			else
				add_char(g, *p, &inword);
			continue;
		}
		if (*p == '#')
			break;
		if (!g->nw && !strchr(" \t;{}", *p)) {
			g->stmt_line = no;
			g->stmt_e = e;
			net_copy(g->stmt_text, sizeof(g->stmt_text), p);
		}
		if (*p == '"' || *p == '\'') {
			q = *p;
			if (!inword)
				add_char(g, '\0', &inword);
		} else if (*p == ' ' || *p == '\t') {
			inword = 0;
		} else if (*p == ';') {
			inword = 0;
			statement(s, g);
			g->nw = 0;
		} else if (*p == '{') {
			inword = 0;
			block_open(g);
			g->nw = 0;
		} else if (*p == '}') {
			inword = 0;
			statement(s, g);
			g->nw = 0;
			block_close(s, g);
		} else {
			add_char(g, *p, &inword);
		}
	}
	return 0;
}

static void parse_file(struct jcsi_scan *s, const struct jcsi_ev *e,
		       void *user)
{
	struct ngx *g = user;

	g->nw = 0;
	jcsi_scan_lines(s, e, ngx_line, g);
	g->nw = 0;
}

void net_nginx(struct jcsi_scan *s, struct net_ctx *c,
	       const struct jcsi_ev *e)
{
	struct ngx *g = jcsi_calloc(1, sizeof(*g));

	if (!g)
		return;
	g->c = c;
	g->conf = e;
	parse_file(s, e, g);
	jcsi_free(g);
}

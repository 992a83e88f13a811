/*
 * net_lighttpd.c - lighttpd.conf and the files it includes (include
 * "conf-enabled/NAME.conf" globs, in path order, as lighttpd reads them).
 *
 * The main listener is server.port (80 unless set; TLS when ssl.engine is
 * enabled at the top level); each $SERVER["socket"] == ":443" { } block
 * is another listener, TLS when ssl.engine = "enable" is set inside it.
 * A plain listener is not reported when it binds to loopback, or when a
 * url.redirect to https:// applies to it: at the top level, inside its
 * own socket block, or inside $HTTP["scheme"] == "http" { }.
 * include_shell is never run (nothing from the image is executed); the
 * Debian package's include_shell lines only add an IPv6 twin of
 * server.port and MIME types.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/mem.h"
#include "net_int.h"

#define LT_SOCKETS 16
#define LT_DEPTH 16

enum scope { SC_TOP, SC_SOCKET, SC_SCHEME_HTTP, SC_OTHER };

struct lt_listener {
	const struct jcsi_ev *e;
	uint64_t line;
	char port[16];
	char evidence[512];
	int tls, redirect, loopback;
};

struct lt {
	struct net_ctx *c;
	struct lt_listener main;       /* server.port */
	struct lt_listener sock[LT_SOCKETS];
	size_t nsock;
	int stack[LT_DEPTH];           /* scope per open brace */
	int sock_of[LT_DEPTH];         /* socket index for SC_SOCKET */
	int depth;
	int pending, pending_sock;     /* a condition waiting for "{" */
	int in_redirect;               /* inside url.redirect = ( ... ) */
	int redirect_https;            /* ...and it names https:// */
	int redirect_scope, redirect_sock;
	int scheme_redirect;           /* $HTTP["scheme"] == "http" redirect */
	char docroot[256];
	int includes;
};

static void parse_file(struct jcsi_scan *s, const struct jcsi_ev *e,
		       void *user);

/* the innermost scope that decides where a setting applies */
static int scope(const struct lt *t, int *sock)
{
	for (int i = (t->depth < LT_DEPTH ? t->depth : LT_DEPTH) - 1; i >= 0;
	     i--)
		if (t->stack[i] == SC_SOCKET || t->stack[i] == SC_SCHEME_HTTP) {
			*sock = t->sock_of[i];
			return t->stack[i];
		}
	*sock = -1;
	return t->depth ? SC_OTHER : SC_TOP;
}

static void set_redirect(struct lt *t, int sc, int sock)
{
	if (sc == SC_TOP || sc == SC_SCHEME_HTTP)
		t->scheme_redirect = 1;
	else if (sc == SC_SOCKET && sock >= 0)
		t->sock[sock].redirect = 1;
}

/* $SERVER["socket"] == "[IP]:PORT" / $HTTP["scheme"] == "http" */
static void condition(struct lt *t, const struct jcsi_ev *e, uint64_t no,
		      const char *line)
{
	const char *q;

	t->pending = SC_OTHER;
	t->pending_sock = -1;
	if (!strncmp(line, "$SERVER[\"socket\"]", 17) &&
	    strstr(line, "==") && (q = strchr(strstr(line, "==") + 2, '"')) &&
	    t->nsock < LT_SOCKETS) {
		struct lt_listener *l = &t->sock[t->nsock];
		char addr[128];
		const char *end = strchr(q + 1, '"');

		snprintf(addr, sizeof(addr), "%.*s",
			 end ? (int)(end - q - 1) : 0, q + 1);
		memset(l, 0, sizeof(*l));
		l->loopback = jcsi_net_listen_addr(addr, l->port,
						   sizeof(l->port));
		l->e = e;
		l->line = no;
		net_copy(l->evidence, sizeof(l->evidence), line);
		t->pending = SC_SOCKET;
		t->pending_sock = (int)t->nsock++;
	} else if (!strncmp(line, "$HTTP[\"scheme\"]", 15) &&
		   strstr(line, "==") && strstr(line, "\"http\"")) {
		t->pending = SC_SCHEME_HTTP;
	}
}

static void open_block(struct lt *t)
{
	if (t->depth < LT_DEPTH) {
		t->stack[t->depth] = t->pending;
		t->sock_of[t->depth] = t->pending_sock;
	}
	t->depth++;
	t->pending = SC_OTHER;
	t->pending_sock = -1;
}

static void assignment(struct lt *t, const struct jcsi_ev *e, uint64_t no,
		       const char *line)
{
	int sock, sc = scope(t, &sock);
	const char *v = strchr(line, '=');
	char val[256] = "";

	if (!v)
		return;
	v++;
	while (*v == ' ' || *v == '\t' || *v == '"')
		v++;
	net_copy(val, sizeof(val), v);
	val[strcspn(val, "\"")] = '\0';
	if (!strncmp(line, "server.port", 11) && sc == SC_TOP) {
		snprintf(t->main.port, sizeof(t->main.port), "%.15s", val);
		t->main.e = e;
		t->main.line = no;
		net_copy(t->main.evidence, sizeof(t->main.evidence), line);
	} else if (!strncmp(line, "server.bind", 11) && sc == SC_TOP) {
		char port[16];

		t->main.loopback = jcsi_net_listen_addr(val, port,
							sizeof(port)) ||
				   !strcmp(val, "127.0.0.1") ||
				   !strcmp(val, "localhost");
	} else if (!strncmp(line, "ssl.engine", 10) &&
		   strstr(line, "\"enable\"")) {
		if (sc == SC_TOP)
			t->main.tls = 1;
		else if (sc == SC_SOCKET && sock >= 0)
			t->sock[sock].tls = 1;
	} else if (!strncmp(line, "server.document-root", 20) &&
		   sc == SC_TOP) {
		net_copy(t->docroot, sizeof(t->docroot), val);
	} else if (!strncmp(line, "url.redirect", 12) &&
		   strncmp(line, "url.redirect-code", 17)) {
		t->redirect_scope = sc;
		t->redirect_sock = sock;
		t->redirect_https = strstr(line, "https://") != NULL;
		t->in_redirect = strchr(line, '(') && !strchr(line, ')');
		if (!t->in_redirect && t->redirect_https)
			set_redirect(t, sc, sock);
	}
}

static void include(struct jcsi_scan *s, struct lt *t,
		    const struct jcsi_ev *e, const char *line)
{
	const char *q = strchr(line, '"');
	const char *end = q ? strchr(q + 1, '"') : NULL;
	char pat[512];

	if (!end || t->includes >= 8)
		return;
	snprintf(pat, sizeof(pat), "%.*s", (int)(end - q - 1), q + 1);
	t->includes++;
	net_each_glob(s, e, pat, parse_file, t);
	t->includes--;
}

static int lt_line(struct jcsi_scan *s, const struct jcsi_ev *e, uint64_t no,
		   char *line, void *user)
{
	struct lt *t = user;
	char *p = line;

	jcsi_net_strip_comment(line);
	if (t->in_redirect) {
		if (strstr(line, "https://"))
			t->redirect_https = 1;
		if (strchr(line, ')')) {
			t->in_redirect = 0;
			if (t->redirect_https)
				set_redirect(t, t->redirect_scope,
					     t->redirect_sock);
		}
		return 0;
	}
	/* closing braces first: "} else $HTTP[...] {" */
	while (*p == '}' || *p == ' ' || *p == '\t') {
		if (*p == '}' && t->depth > 0)
			t->depth--;
		p++;
	}
	if (!strncmp(p, "else", 4)) {
		p += 4;
		while (*p == ' ' || *p == '\t')
			p++;
		t->pending = SC_OTHER;
		t->pending_sock = -1;
	}
	if (*p == '$') {
		/* the block may open, and even hold settings, on this line:
		   $SERVER["socket"] == ":443" { ssl.engine = "enable" } */
		const char *b = p;

		condition(t, e, no, p);
		for (; *b && *b != '{'; b++)
			if (*b == '"') {
				b++;
				while (*b && *b != '"')
					b++;
				if (!*b)
					break;
			}
		if (!*b)
			return 0;
		open_block(t);
		p = (char *)b + 1;
		while (*p == ' ' || *p == '\t')
			p++;
	}
	if (!strncmp(p, "include_shell", 13))
		return 0;
	if (!strncmp(p, "include", 7) && (p[7] == ' ' || p[7] == '\t' ||
					  p[7] == '"')) {
		include(s, t, e, p);
		return 0;
	}
	if (*p && *p != '{' && *p != '}' && strchr(p, '='))
		assignment(t, e, no, p);
	for (const char *b = p; *b; b++) {
		if (*b == '"')
			while (*++b && *b != '"')
				;
		if (!*b)
			break;
		if (*b == '{')
			open_block(t);
		else if (*b == '}' && t->depth > 0)
			t->depth--;
	}
	return 0;
}

static void parse_file(struct jcsi_scan *s, const struct jcsi_ev *e,
		       void *user)
{
	jcsi_scan_lines(s, e, lt_line, user);
}

void net_lighttpd(struct jcsi_scan *s, struct net_ctx *c,
		  const struct jcsi_ev *e)
{
	struct lt *t = jcsi_calloc(1, sizeof(*t));
	struct net_web w;
	int main_plain;

	if (!t)
		return;
	t->c = c;
	t->pending = SC_OTHER;
	t->pending_sock = -1;
	snprintf(t->main.port, sizeof(t->main.port), "80");
	snprintf(t->main.evidence, sizeof(t->main.evidence),
		 "no server.port: default port 80");
	t->main.e = e;
	parse_file(s, e, t);

	memset(&w, 0, sizeof(w));
	w.server = "lighttpd";
	net_copy(w.docroot, sizeof(w.docroot), t->docroot);
	main_plain = !t->main.tls && !t->main.loopback && !t->scheme_redirect;
	/* $SERVER["socket"] == ":80" { ... } configures the main listener */
	for (size_t i = 0; i < t->nsock; i++)
		if (!strcmp(t->sock[i].port, t->main.port) &&
		    (t->sock[i].tls || t->sock[i].redirect))
			main_plain = 0;
	if (main_plain) {
		w.e = t->main.e;
		w.line = t->main.line;
		net_copy(w.ports, sizeof(w.ports), t->main.port);
		net_copy(w.evidence, sizeof(w.evidence), t->main.evidence);
	}
	for (size_t i = 0; i < t->nsock; i++) {
		const struct lt_listener *l = &t->sock[i];
		size_t n = strlen(w.ports);

		if (l->tls || l->redirect || l->loopback || t->scheme_redirect ||
		    !strcmp(l->port, t->main.port) || !l->port[0])
			continue;
		if (!w.e) {
			w.e = l->e;
			w.line = l->line;
			net_copy(w.evidence, sizeof(w.evidence), l->evidence);
		}
		snprintf(w.ports + n, sizeof(w.ports) - n, "%s%s",
			 n ? ", " : "", l->port);
	}
	if (w.e)
		net_web_report(s, c, &w);
	jcsi_free(t);
}

/*
 * net_web.c - web servers that answer on plain HTTP. Whether that is an
 * administration interface is decided by what the server serves: a
 * document root holding a login form, CGI programs or admin pages
 * (data/network/web-admin.tsv) makes it cleartext-admin-interface; any
 * other plain-HTTP site is cleartext-protocol. A listener that redirects
 * everything to HTTPS, or binds to loopback only, is not reported.
 *
 * Here: the report, OpenWrt uhttpd, Boa (no TLS at all), mini_httpd, and
 * busybox httpd / GoAhead started from boot scripts. lighttpd and nginx
 * have their own files.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../core/mem.h"
#include "net_int.h"

#define PAGE_MAX (256u << 10)

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcasecmp(s + n - k, suffix);
}

static int page_has(struct jcsi_scan *s, const struct net_ctx *c,
		    const struct jcsi_ev *e)
{
	char *buf;
	size_t len;
	int hit = 0, page = 0;

	for (size_t i = 0; i < c->admin_exts.n && !page; i++)
		page = has_suffix(e->dev, c->admin_exts.v[i]);
	if (!page || jcsi_scan_read(s, e, PAGE_MAX, &buf, &len) != JCS_OK)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!buf[i])
			buf[i] = ' ';
	hit = net_words_in(&c->admin_content, buf);
	jcsi_free(buf);
	return hit;
}

/*
 * What in the web root DOCROOT of CONTAINER shows an admin UI: 1 and the
 * first such path (by name first, then by content) in WHY; 0 if the root
 * is in the image without one; -1 if it is not in the image.
 */
static int admin_ui(struct jcsi_scan *s, const struct net_ctx *c,
		    uint32_t container, const char *docroot, char *why,
		    size_t cap)
{
	char root[300];
	size_t rn;
	const char *by_name = NULL, *by_content = NULL;
	int found = 0;

	net_copy(root, sizeof(root), docroot);
	rn = strlen(root);
	while (rn > 1 && root[rn - 1] == '/')
		root[--rn] = '\0';
	for (size_t i = 0; i < jcsi_scan_count(s); i++) {
		const struct jcsi_ev *e = jcsi_scan_entry(s, i);

		if (e->container != container)
			continue;
		if (!strcmp(e->dev, root)) {
			found = 1;
			continue;
		}
		if (strncmp(e->dev, root, rn) || e->dev[rn] != '/')
			continue;
		found = 1;
		if (net_words_in(&c->admin_names, net_base(e->dev))) {
			if (!by_name || strcmp(e->dev, by_name) < 0)
				by_name = e->dev;
		} else if (e->kind == JCSI_EV_FILE &&
			   (!by_content || strcmp(e->dev, by_content) < 0) &&
			   page_has(s, c, e)) {
			by_content = e->dev;
		}
	}
	if (by_name)
		snprintf(why, cap, "%s", by_name);
	else if (by_content)
		snprintf(why, cap, "%s has a password field", by_content);
	return by_name || by_content ? 1 : found ? 0 : -1;
}

void net_web_report(struct jcsi_scan *s, struct net_ctx *c,
		    const struct net_web *w)
{
	char why[400] = "", ev[1100], detail[100];
	int admin = w->docroot[0] ? admin_ui(s, c, w->e->container,
					      w->docroot, why, sizeof(why))
				  : -1;

	snprintf(detail, sizeof(detail), "%s %s",
		 strchr(w->ports, ',') ? "ports" : "port",
		 w->ports[0] ? w->ports : "80");
	if (admin == 1)
		snprintf(ev, sizeof(ev), "%s (admin UI: %s)", w->evidence, why);
	else if (admin == 0)
		snprintf(ev, sizeof(ev), "%s (web root %s: no login form or "
			 "CGI found)", w->evidence, w->docroot);
	else if (w->docroot[0])
		snprintf(ev, sizeof(ev), "%s (web root %s not in the image)",
			 w->evidence, w->docroot);
	else
		snprintf(ev, sizeof(ev), "%s (web root not configured)",
			 w->evidence);
	jcsi_emit(s, admin == 1 ? "network.http-admin" : "network.http-plain",
		  w->e, w->line, w->server, detail, ev);
}

static void add_port(char *ports, size_t cap, const char *port)
{
	size_t n = strlen(ports);
	char tok[24];

	snprintf(tok, sizeof(tok), ", %s,", port);
	if (!port[0])
		return;
	/* already listed? */
	{
		char list[80];

		snprintf(list, sizeof(list), ", %s,", ports);
		if (strstr(list, tok))
			return;
	}
	snprintf(ports + n, cap - n, "%s%s", n ? ", " : "", port);
}

/* --- OpenWrt uhttpd ------------------------------------------------------ */

struct uhttpd {
	struct net_web w;
	int in, plain, redirect;
	struct net_ctx *c;
};

static void uhttpd_flush(struct jcsi_scan *s, struct uhttpd *u)
{
	if (u->in && u->plain && !u->redirect)
		net_web_report(s, u->c, &u->w);
	u->in = u->plain = u->redirect = 0;
	u->w.ports[0] = '\0';
	snprintf(u->w.docroot, sizeof(u->w.docroot), "/www");
}

static int uhttpd_line(struct jcsi_scan *s, const struct jcsi_ev *e,
		       uint64_t no, char *line, void *user)
{
	struct uhttpd *u = user;
	char key[64], val[256], port[16];
	int kind = jcsi_net_uci(line, key, sizeof(key), val, sizeof(val));

	(void)e;
	if (kind == 'c') {
		uhttpd_flush(s, u);
		u->in = !strcmp(key, "uhttpd");
	} else if (!u->in) {
		return 0;
	} else if (!strcmp(key, "listen_http")) {
		if (jcsi_net_listen_addr(val, port, sizeof(port)))
			return 0;
		if (!u->plain) {
			u->w.line = no;
			net_copy(u->w.evidence, sizeof(u->w.evidence), line);
		}
		u->plain = 1;
		add_port(u->w.ports, sizeof(u->w.ports), port);
	} else if (!strcmp(key, "redirect_https")) {
		u->redirect = jcsi_net_truthy(val);
	} else if (!strcmp(key, "home")) {
		net_copy(u->w.docroot, sizeof(u->w.docroot), val);
	}
	return 0;
}

void net_uhttpd(struct jcsi_scan *s, struct net_ctx *c,
		const struct jcsi_ev *e)
{
	struct uhttpd u;

	memset(&u, 0, sizeof(u));
	u.c = c;
	u.w.server = "uhttpd";
	u.w.e = e;
	uhttpd_flush(s, &u);
	if (jcsi_scan_lines(s, e, uhttpd_line, &u) == JCS_OK)
		uhttpd_flush(s, &u);
}

/* --- Boa and mini_httpd: KEY VALUE / KEY=VALUE files ------------------ */

struct simple {
	struct net_web w;
	int tls, loopback, boa;
};

static int simple_line(struct jcsi_scan *s, const struct jcsi_ev *e,
		       uint64_t no, char *line, void *user)
{
	struct simple *m = user;
	char key[64] = "", val[256] = "", port[16];
	const char *eq = strchr(line, m->boa ? ' ' : '=');

	(void)s;
	(void)e;
	jcsi_net_strip_comment(line);
	if (eq) {
		const char *v = eq + 1;

		snprintf(key, sizeof(key), "%.*s", (int)(eq - line), line);
		while (*v == ' ' || *v == '\t')
			v++;
		net_copy(val, sizeof(val), v);
	} else {
		net_copy(key, sizeof(key), line);
	}
	if (!strcasecmp(key, "port")) {
		snprintf(m->w.ports, sizeof(m->w.ports), "%.15s", val);
		m->w.line = no;
		net_copy(m->w.evidence, sizeof(m->w.evidence), line);
	} else if (!strcasecmp(key, m->boa ? "DocumentRoot" : "dir")) {
		net_copy(m->w.docroot, sizeof(m->w.docroot), val);
	} else if (!strcasecmp(key, m->boa ? "Listen" : "host")) {
		m->loopback = jcsi_net_listen_addr(val, port, sizeof(port)) ||
			      !strcmp(val, "127.0.0.1");
	} else if (!m->boa && !strcmp(key, "ssl")) {
		m->tls = 1;
	} else if (!m->boa && !strcmp(key, "nossl")) {
		m->tls = 0;
	}
	return 0;
}

static void simple(struct jcsi_scan *s, struct net_ctx *c,
		   const struct jcsi_ev *e, int boa)
{
	struct simple m;

	memset(&m, 0, sizeof(m));
	m.boa = boa;
	m.w.server = boa ? "boa" : "mini_httpd";
	m.w.e = e;
	if (boa)
		snprintf(m.w.docroot, sizeof(m.w.docroot), "/var/www");
	net_copy(m.w.evidence, sizeof(m.w.evidence), boa ? "Boa (no TLS support), default port 80"
		     : "no ssl setting, default port 80");
	if (jcsi_scan_lines(s, e, simple_line, &m) != JCS_OK || m.tls ||
	    m.loopback)
		return;
	net_web_report(s, c, &m.w);
}

void net_boa(struct jcsi_scan *s, struct net_ctx *c, const struct jcsi_ev *e)
{
	simple(s, c, e, 1);
}

void net_mini_httpd(struct jcsi_scan *s, struct net_ctx *c,
		    const struct jcsi_ev *e)
{
	simple(s, c, e, 0);
}

/* --- busybox httpd and GoAhead from boot scripts ------------------------- */

/* busybox httpd [-ifv] [-c CONF] [-p [IP:]PORT] [-u USER] [-r REALM]
   [-h HOME]; -d/-e/-m only encode, decode or hash a string */
static void busybox_httpd(struct jcsi_scan *s, struct net_ctx *c,
			  struct net_web *w, const char *cmd)
{
	const char *p = cmd;
	char word[300], port[16] = "80";

	net_shell_word(&p, word, sizeof(word));
	while (net_shell_word(&p, word, sizeof(word))) {
		if (!strcmp(word, "-d") || !strcmp(word, "-e") ||
		    !strcmp(word, "-m"))
			return;
		if (!strcmp(word, "-p") && net_shell_word(&p, word,
							  sizeof(word))) {
			if (jcsi_net_listen_addr(word, port, sizeof(port)))
				return;
		} else if (!strcmp(word, "-h") &&
			   net_shell_word(&p, word, sizeof(word))) {
			net_copy(w->docroot, sizeof(w->docroot), word);
		}
	}
	w->server = "busybox httpd";
	net_copy(w->ports, sizeof(w->ports), port);
	net_web_report(s, c, w);
}

/* goahead [options] [documents] [[http[s]://]IP][:port] ...: reported
   when an endpoint is given and it is plain HTTP (with no endpoint the
   build's defaults apply, which the image does not show) */
static void goahead(struct jcsi_scan *s, struct net_ctx *c, struct net_web *w,
		    const char *cmd)
{
	const char *p = cmd;
	char word[300], port[16];
	int plain = 0, endpoints = 0;

	net_shell_word(&p, word, sizeof(word));
	while (net_shell_word(&p, word, sizeof(word))) {
		if (!strcmp(word, "--home") || !strcmp(word, "--log") ||
		    !strcmp(word, "--route") || !strcmp(word, "--auth")) {
			net_shell_word(&p, word, sizeof(word));
		} else if (word[0] == '-') {
			continue;
		} else if (!strncmp(word, "https://", 8)) {
			endpoints++;
		} else if (!strncmp(word, "http://", 7) ||
			   (strchr(word, ':') && word[0] != '/')) {
			const char *a = strncmp(word, "http://", 7) ? word
								    : word + 7;

			endpoints++;
			if (jcsi_net_listen_addr(a, port, sizeof(port)))
				continue;
			add_port(w->ports, sizeof(w->ports),
				 port[0] ? port : "80");
			plain = 1;
		} else if (word[0] == '/' && !w->docroot[0]) {
			net_copy(w->docroot, sizeof(w->docroot), word);
		}
	}
	w->server = "GoAhead";
	if (plain) {
		net_web_report(s, c, w);
	} else if (!endpoints) {
		char what[600];

		snprintf(what, sizeof(what), "GoAhead started in %.400s line "
			 "%llu", w->e->dev, (unsigned long long)w->line);
		jcsi_limitation(s, what, "no listen address given: it listens "
				"where its build's defaults say (often "
				"http://*:80), which the image does not show");
	}
}

void net_web_boot_line(struct jcsi_scan *s, struct net_ctx *c,
		       const struct jcsi_ev *e, uint64_t no, const char *cmd,
		       const char *line)
{
	static const char *const httpd[] = {"httpd", NULL};
	static const char *const goaheads[] = {"goahead", "webs", NULL};
	struct net_web w;
	const char *at;

	memset(&w, 0, sizeof(w));
	w.e = e;
	w.line = no;
	net_copy(w.evidence, sizeof(w.evidence), line);
	if ((at = net_started(cmd, httpd)))
		busybox_httpd(s, c, &w, at);
	else if ((at = net_started(cmd, goaheads)))
		goahead(s, c, &w, at);
}

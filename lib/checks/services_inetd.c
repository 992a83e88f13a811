/*
 * services_inetd.c - daemons inetd and xinetd start on connection: the
 * listener is started at boot, so the service is on by default.
 *
 * inetd.conf: "service socket proto wait user server argv0 args" (BusyBox
 * also takes "host:service" and a port number); the port is the
 * service's (the image's /etc/services or the table's well-known port).
 * The daemon is told by its program (behind tcpd: by argv0) or, when
 * that is not in the table, by the service name ("telnet").
 *
 * xinetd: "service NAME { attr = value ... }" in /etc/xinetd.conf and
 * every file of /etc/xinetd.d. A service is on unless "disable = yes", or the
 * defaults of /etc/xinetd.conf list it in "disabled" or have an
 * "enabled" list without it; "port =" gives its port.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "services_int.h"

#define MAX_WORDS 64

/* Splits LINE in place at blanks into at most MAX words. */
static int split(char *line, char **w, int max)
{
	int n = 0;
	char *p = line;

	while (*p && n < max) {
		p += strspn(p, " \t");
		if (!*p)
			break;
		w[n++] = p;
		p += strcspn(p, " \t");
		if (*p)
			*p++ = '\0';
	}
	return n;
}

/* A daemon that the table does not know by its program may still be
   known by its service name (inetd's "telnet" run by some login
   helper). */
static void by_command_or_name(struct svc_run *r, const struct jcsi_cmd *c,
			       const char *service, const struct svc_where *w)
{
	const struct jcsi_svc *d;

	if (jcsi_svc_command(r, c, w))
		return;
	d = jcsi_svctab_service(r->tab, service);
	if (d)
		jcsi_svc_report(r, d, jcsi_prog_base(c->argv[0]), w->port, 0,
				w);
}

static int inetd_line(struct jcsi_scan *s, const struct jcsi_ev *e,
		      uint64_t no, char *line, void *user)
{
	struct svc_run *r = user;
	char copy[1024], *f[MAX_WORDS], svc[64], proto[16], port[16];
	struct jcsi_cmd c;
	struct svc_where w = {e, no, port, NULL, line};
	const char *name;
	int n, first = 6;

	(void)s;
	snprintf(copy, sizeof(copy), "%s", line);
	n = split(copy, f, MAX_WORDS);
	if (n < 6 || !strcmp(f[5], "internal"))
		return 0;
	name = strrchr(f[0], ':') ? strrchr(f[0], ':') + 1 : f[0];
	snprintf(svc, sizeof(svc), "%.*s", (int)strcspn(name, "/"), name);
	/* tcp, tcp6, rpc/tcp -> tcp */
	name = strrchr(f[2], '/') ? strrchr(f[2], '/') + 1 : f[2];
	snprintf(proto, sizeof(proto), "%.3s", name);
	jcsi_svc_service_port(r, e->container, svc, proto, port, sizeof(port));
	memset(&c, 0, sizeof(c));
	if (!strcmp(jcsi_prog_base(f[5]), "tcpd") && n > 6) {
		c.argv[c.argc++] = f[6]; /* tcpd runs the program argv0 names */
		first = 7;
	} else {
		c.argv[c.argc++] = f[5];
		first = 7; /* f[6] is argv0 */
	}
	for (int i = first; i < n && c.argc < JCSI_CMD_WORDS; i++)
		c.argv[c.argc++] = f[i];
	by_command_or_name(r, &c, svc, &w);
	return 0;
}

void jcsi_svc_inetd(struct svc_run *r, const struct jcsi_ev *e)
{
	jcsi_scan_lines(r->s, e, inetd_line, r);
}

/* --- xinetd --------------------------------------------------------- */

struct xservice {
	char name[64];
	uint64_t line;
	int in_block, is_defaults, disabled, internal;
	char server[256], args[512], port[16], proto[16];
};

struct xinetd {
	struct svc_run *r;
	struct xservice cur;
	char off[512], on[512]; /* defaults: disabled, enabled lists */
	int has_on;
	int defaults_only;      /* reading xinetd.conf for its defaults */
};

static int in_list(const char *list, const char *name)
{
	char copy[512], *w[MAX_WORDS];
	int n;

	snprintf(copy, sizeof(copy), "%s", list);
	n = split(copy, w, MAX_WORDS);
	for (int i = 0; i < n; i++)
		if (!strcmp(w[i], name))
			return 1;
	return 0;
}

static void xinetd_finish(struct xinetd *x, const struct jcsi_ev *e)
{
	struct xservice *v = &x->cur;
	char args[512], *f[MAX_WORDS], ev[900], port[16];
	struct jcsi_cmd c;
	struct svc_where w = {e, v->line, port, NULL, ev};
	int n;

	if (v->is_defaults || x->defaults_only || v->disabled ||
	    v->internal || !v->server[0] || in_list(x->off, v->name) ||
	    (x->has_on && !in_list(x->on, v->name)))
		return;
	snprintf(ev, sizeof(ev), "service %.63s: server = %.255s%s%.400s",
		 v->name, v->server, v->args[0] ? ", server_args = " : "",
		 v->args);
	if (v->port[0])
		snprintf(port, sizeof(port), "%s", v->port);
	else
		jcsi_svc_service_port(x->r, e->container, v->name,
				      v->proto[0] ? v->proto : NULL, port,
				      sizeof(port));
	memset(&c, 0, sizeof(c));
	c.argv[c.argc++] = v->server;
	snprintf(args, sizeof(args), "%s", v->args);
	n = split(args, f, MAX_WORDS);
	for (int i = 0; i < n && c.argc < JCSI_CMD_WORDS; i++)
		c.argv[c.argc++] = f[i];
	by_command_or_name(x->r, &c, v->name, &w);
}

static int xinetd_line(struct jcsi_scan *s, const struct jcsi_ev *e,
		       uint64_t no, char *line, void *user)
{
	struct xinetd *x = user;
	struct xservice *v = &x->cur;
	char key[64], op[4], value[512];

	(void)s;
	if (!v->in_block) {
		if (!strncmp(line, "service", 7) &&
		    (line[7] == ' ' || line[7] == '\t')) {
			memset(v, 0, sizeof(*v));
			sscanf(line + 7, "%63s", v->name);
			v->line = no;
		} else if (!strncmp(line, "defaults", 8)) {
			memset(v, 0, sizeof(*v));
			v->is_defaults = 1;
		}
		if (strchr(line, '{'))
			v->in_block = 1;
		return 0;
	}
	if (line[0] == '}') {
		xinetd_finish(x, e);
		memset(v, 0, sizeof(*v));
		return 0;
	}
	value[0] = '\0';
	if (sscanf(line, "%63[^ \t+=-] %3[+=-] %511[^\n]", key, op, value) < 2)
		return 0;
	if (v->is_defaults) {
		if (!strcmp(key, "disabled"))
			snprintf(x->off + strlen(x->off),
				 sizeof(x->off) - strlen(x->off), " %s", value);
		else if (!strcmp(key, "enabled")) {
			x->has_on = 1;
			snprintf(x->on + strlen(x->on),
				 sizeof(x->on) - strlen(x->on), " %s", value);
		}
	} else if (!strcmp(key, "disable")) {
		v->disabled = !strncasecmp(value, "yes", 3);
	} else if (!strcmp(key, "server")) {
		sscanf(value, "%255s", v->server);
	} else if (!strcmp(key, "server_args")) {
		snprintf(v->args, sizeof(v->args), "%s", value);
	} else if (!strcmp(key, "port")) {
		sscanf(value, "%15[0-9]", v->port);
	} else if (!strcmp(key, "protocol")) {
		sscanf(value, "%3s", v->proto);
	} else if (!strcmp(key, "type")) {
		v->internal = strstr(value, "INTERNAL") != NULL;
	}
	return 0;
}

void jcsi_svc_xinetd(struct svc_run *r, const struct jcsi_ev *e)
{
	const struct jcsi_ev *conf = jcsi_scan_find(r->s, e->container,
						    "/etc/xinetd.conf");
	struct xinetd x;

	memset(&x, 0, sizeof(x));
	x.r = r;
	/* the defaults of xinetd.conf apply to every file */
	if (conf && conf->kind == JCSI_EV_FILE && conf != e) {
		x.defaults_only = 1;
		jcsi_scan_lines(r->s, conf, xinetd_line, &x);
		x.defaults_only = 0;
		memset(&x.cur, 0, sizeof(x.cur));
	}
	jcsi_scan_lines(r->s, e, xinetd_line, &x);
}

/*
 * check_services.c - network daemons an image starts by default, from
 * every place init systems start them: inittab, boot scripts (rcS,
 * rc.local, enabled init.d scripts incl. OpenWrt procd ones, rc?.d),
 * inetd.conf, xinetd, systemd units and sockets, crontabs. Which daemons
 * count, under which rule, and how their port is read is data
 * (data/services.tsv): telnet and r-services, debuggers and debug
 * bridges, known vendor backdoor daemons, FTP and TFTP servers. A telnetd
 * whose login program is a shell ("-l /bin/sh") needs no password at all.
 *
 * This file runs the sources over the evidence and makes the findings;
 * each source lives in services_<source>.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/mem.h"
#include "services_int.h"

static int is_shell(const char *prog)
{
	static const char *const shells[] = {"sh", "ash", "bash", "dash",
					     "hush", "ksh", "zsh", NULL};
	const char *b = jcsi_prog_base(prog);

	for (size_t i = 0; shells[i]; i++)
		if (!strcmp(b, shells[i]))
			return 1;
	return 0;
}

/* telnetd -l PROG: the "login" program; a shell means no login */
static int telnet_without_login(const struct jcsi_cmd *c)
{
	for (int i = 1; i < c->argc; i++) {
		if (!strcmp(c->argv[i], "-l") && i + 1 < c->argc)
			return is_shell(c->argv[i + 1]);
		if (!strncmp(c->argv[i], "-l", 2) && c->argv[i][2] == '/')
			return is_shell(c->argv[i] + 2);
	}
	return 0;
}

/* Once per file, rule, daemon and port: a script that starts telnetd in
   both its start) and restart) branches starts one service. */
static int already(struct svc_run *r, const char *key)
{
	char *k;

	for (size_t i = 0; i < r->nseen; i++)
		if (!strcmp(r->seen[i], key))
			return 1;
	if (r->nseen == r->capseen) {
		size_t cap = r->capseen ? r->capseen * 2 : 16;
		char **v = jcsi_realloc(r->seen, cap * sizeof(*v));

		if (!v)
			return 0;
		r->seen = v;
		r->capseen = cap;
	}
	k = jcsi_strdup(key);
	if (k)
		r->seen[r->nseen++] = k;
	return 0;
}

void jcsi_svc_report(struct svc_run *r, const struct jcsi_svc *d,
		     const char *prog, const char *port, int no_login,
		     const struct svc_where *w)
{
	const char *rule = no_login ? "services.telnetd-no-login" : d->rule;
	char key[1200], where[800], ev[600];

	snprintf(key, sizeof(key), "%u\n%.600s\n%s\n%.200s\n%.8s",
		 w->e->container, w->e->dev, rule, prog, port ? port : "");
	if (already(r, key))
		return;
	snprintf(where, sizeof(where), "%.600s line %llu%s%.8s%s%.120s",
		 w->e->dev, (unsigned long long)w->line,
		 port && *port ? ", port " : "", port ? port : "",
		 w->via ? ", via " : "", w->via ? w->via : "");
	snprintf(ev, sizeof(ev), "%.590s%s", w->evidence,
		 strlen(w->evidence) > 590 ? "..." : "");
	jcsi_emit(r->s, rule, w->e, w->line, prog, where, ev);
}

int jcsi_svc_command(struct svc_run *r, const struct jcsi_cmd *c,
		     const struct svc_where *w)
{
	const char *prog = jcsi_prog_base(c->argv[0]);
	const struct jcsi_svc *d = jcsi_svctab_daemon(r->tab, prog);
	char port[16] = "";

	if (!d)
		return 0;
	/* under inetd or a socket, the listener's port is the one */
	if (w->port && *w->port)
		snprintf(port, sizeof(port), "%s", w->port);
	else if (c->port)
		snprintf(port, sizeof(port), "%.8s", c->port);
	else
		jcsi_svc_port(d, c, port, sizeof(port));
	jcsi_svc_report(r, d, prog, port,
			!strcmp(d->rule, "services.telnetd") &&
				telnet_without_login(c),
			w);
	return 1;
}

struct service_query {
	const char *name, *proto;
	char *out;
	size_t cap;
};

/* /etc/services: "telnet 23/tcp [aliases]" */
static int services_line(struct jcsi_scan *s, const struct jcsi_ev *e,
			 uint64_t no, char *line, void *user)
{
	struct service_query *q = user;
	char name[64], port[16], proto[16];
	int at = 0;

	(void)s;
	(void)e;
	(void)no;
	if (sscanf(line, "%63s %15[0-9]/%15[a-z]%n", name, port, proto,
		   &at) != 3)
		return 0;
	if (q->proto && strcmp(proto, q->proto))
		return 0;
	if (!strcmp(name, q->name)) {
		snprintf(q->out, q->cap, "%s", port);
		return 1;
	}
	for (char *a = line + at; *a && *a != '#';) {
		size_t n;

		a += strspn(a, " \t");
		n = strcspn(a, " \t#");
		if (n && n == strlen(q->name) && !strncmp(a, q->name, n)) {
			snprintf(q->out, q->cap, "%s", port);
			return 1;
		}
		a += n;
	}
	return 0;
}

void jcsi_svc_service_port(struct svc_run *r, uint32_t container,
			   const char *name, const char *proto, char *out,
			   size_t cap)
{
	const struct jcsi_ev *e = jcsi_scan_find(r->s, container,
						 "/etc/services");
	struct service_query q = {name, proto, out, cap};
	const struct jcsi_svc *d;

	out[0] = '\0';
	if (name[0] >= '0' && name[0] <= '9' &&
	    strspn(name, "0123456789") == strlen(name)) {
		snprintf(out, cap, "%.5s", name);
		return;
	}
	if (e && e->kind == JCSI_EV_FILE)
		jcsi_scan_lines(r->s, e, services_line, &q);
	d = out[0] ? NULL : jcsi_svctab_service(r->tab, name);
	if (d && d->port)
		snprintf(out, cap, "%u", d->port);
}

static int is_xinetd(const struct jcsi_ev *e)
{
	return !strcmp(e->dev, "/etc/xinetd.conf") ||
	       (!strncmp(e->dev, "/etc/xinetd.d/", 14) &&
		!strchr(e->dev + 14, '/'));
}

static jcs_rc run(struct jcsi_scan *s)
{
	struct svc_run r;
	char path[4096], err[512];
	jcs_rc rc;

	memset(&r, 0, sizeof(r));
	r.s = s;
	snprintf(path, sizeof(path), "%s/services.tsv", jcsi_scan_data_dir(s));
	rc = jcsi_svctab_load(path, &r.tab, err, sizeof(err));
	if (rc != JCS_OK) {
		jcsi_limitation(s, "services started at boot", err);
		return JCS_OK;
	}
	rc = jcsi_rc_links_new(s, &r.links);
	for (size_t i = 0; rc == JCS_OK && i < jcsi_scan_count(s); i++) {
		const struct jcsi_ev *e = jcsi_scan_entry(s, i);
		int cron = jcsi_crontab_kind(e);

		if (jcsi_svc_is_wants_entry(e))
			jcsi_svc_systemd(&r, e);
		else if (e->kind != JCSI_EV_FILE)
			continue;
		else if (!strcmp(e->dev, "/etc/inittab"))
			jcsi_svc_script(&r, e, 1);
		else if (!strcmp(e->dev, "/etc/inetd.conf"))
			jcsi_svc_inetd(&r, e);
		else if (is_xinetd(e))
			jcsi_svc_xinetd(&r, e);
		else if (cron)
			jcsi_svc_crontab(&r, e, cron == 1);
		else if (jcsi_is_boot_script(e))
			jcsi_svc_script(&r, e, 0);
	}
	for (size_t i = 0; i < r.nseen; i++)
		jcsi_free(r.seen[i]);
	jcsi_free(r.seen);
	jcsi_rc_links_free(r.links);
	jcsi_svctab_free(r.tab);
	return rc;
}

const struct jcsi_check jcsi_check_services = {
	"services",
	"services started at boot (inittab, scripts, inetd, xinetd, systemd, "
	"procd, cron)",
	run};

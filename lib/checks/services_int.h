/*
 * services_int.h - shared by the files of the `services` check:
 * check_services.c (the runner and the findings), services_table.c (the
 * daemon table, data/services.tsv), services_scripts.c (inittab, boot
 * scripts, crontabs), services_inetd.c (inetd.conf, xinetd) and
 * services_systemd.c (systemd units and sockets).
 */
#ifndef JCSTAR_SERVICES_INT_H
#define JCSTAR_SERVICES_INT_H

#include <stddef.h>
#include <stdint.h>

#include "check_int.h"
#include "init_sources.h"
#include "shell_cmd.h"

/* One daemon of data/services.tsv. */
struct jcsi_svc {
	const char *name;  /* base name; a trailing '*' matches any suffix */
	const char *rule;  /* rule id in data/rules/services.tsv */
	const char *ports; /* port options: "-p,--port", ":" or "-" */
	const char *inetd; /* inetd/xinetd service name or "-" */
	unsigned port;     /* that service's well-known port, 0 */
};

struct jcsi_svctab;

/* Loads PATH; errors name file:line in ERR. */
jcs_rc jcsi_svctab_load(const char *path, struct jcsi_svctab **t, char *err,
			size_t errlen);
void jcsi_svctab_free(struct jcsi_svctab *t);
/* The daemon whose base name is BASE (exact names before patterns). */
const struct jcsi_svc *jcsi_svctab_daemon(const struct jcsi_svctab *t,
					  const char *base);
/* The daemon inetd/xinetd know as SERVICE ("telnet"), or NULL. */
const struct jcsi_svc *jcsi_svctab_service(const struct jcsi_svctab *t,
					   const char *service);
/* The port C's command line gives by D's port options into OUT, or 0. */
int jcsi_svc_port(const struct jcsi_svc *d, const struct jcsi_cmd *c,
		  char *out, size_t cap);

/* One run of the check. */
struct svc_run {
	struct jcsi_scan *s;
	struct jcsi_svctab *tab;
	struct jcsi_rc_links *links;
	char **seen; /* findings made: "path\nrule\ndaemon\nport" */
	size_t nseen, capseen;
};

/* Where a command was seen, for its finding. */
struct svc_where {
	const struct jcsi_ev *e;
	uint64_t line;
	const char *port;     /* known from the source (inetd, socket) */
	const char *via;      /* "telnet.socket", or NULL */
	const char *evidence; /* the line as written */
};

/* Reports C if it starts a daemon of the table; nonzero if it did. */
int jcsi_svc_command(struct svc_run *r, const struct jcsi_cmd *c,
		     const struct svc_where *w);
/* Reports daemon D (started as PROG) seen at W with port PORT. */
void jcsi_svc_report(struct svc_run *r, const struct jcsi_svc *d,
		     const char *prog, const char *port, int no_login,
		     const struct svc_where *w);
/* The port of inetd/xinetd service NAME: the image's /etc/services,
   else the table's well-known port; "" if neither knows it. */
void jcsi_svc_service_port(struct svc_run *r, uint32_t container,
			   const char *name, const char *proto, char *out,
			   size_t cap);

/* The sources. */
void jcsi_svc_script(struct svc_run *r, const struct jcsi_ev *e,
		     int inittab);
void jcsi_svc_crontab(struct svc_run *r, const struct jcsi_ev *e,
		      int has_user);
void jcsi_svc_inetd(struct svc_run *r, const struct jcsi_ev *e);
void jcsi_svc_xinetd(struct svc_run *r, const struct jcsi_ev *e);
/* E: an entry of a systemd *.wants or *.requires directory. */
void jcsi_svc_systemd(struct svc_run *r, const struct jcsi_ev *e);
int jcsi_svc_is_wants_entry(const struct jcsi_ev *e);

#endif

/*
 * services_systemd.c - daemons systemd starts at boot. A unit is enabled
 * when it is in a *.wants or *.requires directory of the unit search path
 * (/etc/systemd/system, /run/systemd/system, /lib/systemd/system,
 * /usr/lib/systemd/system), as a symlink or a file; the unit itself is
 * then looked up by name along the same path (templates "x@.service" for
 * "x@tty1.service"). A unit masked in /etc or /run (a link to /dev/null,
 * or an empty file) is off. A service's daemon is its ExecStart= line; an
 * enabled socket (telnet.socket) starts its service (Service=, or the
 * name's .service, "@.service" with Accept=yes) on its ListenStream= or
 * ListenDatagram= port. Sockets on a file-system path are not network
 * services. Drop-ins (x.service.d/NAME.conf) are not read.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "services_int.h"

static const char *const unit_dirs[] = {
	"/etc/systemd/system/", "/run/systemd/system/", "/lib/systemd/system/",
	"/usr/lib/systemd/system/", NULL};

static const char *base_of(const char *p)
{
	const char *b = strrchr(p, '/');

	return b ? b + 1 : p;
}

static int ends_with(const char *s, const char *tail)
{
	size_t a = strlen(s), b = strlen(tail);

	return a >= b && !strcmp(s + a - b, tail);
}

int jcsi_svc_is_wants_entry(const struct jcsi_ev *e)
{
	if (e->kind != JCSI_EV_FILE && e->kind != JCSI_EV_SYMLINK)
		return 0;
	for (size_t i = 0; unit_dirs[i]; i++) {
		size_t l = strlen(unit_dirs[i]);
		const char *rest = e->dev + l, *slash;

		if (strncmp(e->dev, unit_dirs[i], l))
			continue;
		slash = strchr(rest, '/');
		if (!slash || strchr(slash + 1, '/'))
			return 0;
		return (slash - rest > 6 && !strncmp(slash - 6, ".wants", 6)) ||
		       (slash - rest > 9 && !strncmp(slash - 9, ".requires", 9));
	}
	return 0;
}

/* Masked in /etc or /run: a link to /dev/null (the unpacker keeps it
   pointing at the image's own dev/null) or an empty file. */
static int masked(struct svc_run *r, uint32_t c, const char *unit)
{
	for (size_t i = 0; i < 2; i++) {
		char path[512], target[512];
		const struct jcsi_ev *e;
		ssize_t n;

		snprintf(path, sizeof(path), "%s%s", unit_dirs[i], unit);
		e = jcsi_scan_find(r->s, c, path);
		if (!e)
			continue;
		if (e->kind == JCSI_EV_FILE && e->size == 0)
			return 1;
		if (e->kind != JCSI_EV_SYMLINK)
			continue;
		n = readlink(e->disk, target, sizeof(target) - 1);
		if (n <= 0)
			continue;
		target[n] = '\0';
		if (!strcmp(target, "/dev/null") || ends_with(target, "/dev/null"))
			return 1;
	}
	return 0;
}

/* The unit file of UNIT along the search path, or NULL. */
static const struct jcsi_ev *unit_file(struct svc_run *r, uint32_t c,
				       const char *unit)
{
	char path[512], tmpl[256];
	const char *at = strchr(unit, '@'), *dot = strrchr(unit, '.');

	for (size_t i = 0; unit_dirs[i]; i++) {
		const struct jcsi_ev *e;

		snprintf(path, sizeof(path), "%s%s", unit_dirs[i], unit);
		e = jcsi_scan_find(r->s, c, path);
		if (e && e->kind == JCSI_EV_FILE)
			return e;
	}
	/* "getty@tty1.service" -> "getty@.service" */
	if (at && dot && dot > at + 1) {
		snprintf(tmpl, sizeof(tmpl), "%.*s%s", (int)(at + 1 - unit),
			 unit, dot);
		return unit_file(r, c, tmpl);
	}
	return NULL;
}

struct unit_read {
	struct svc_run *r;
	const char *port, *via;
	int in_service, in_socket, accept;
	char listen[16], service[256];
	const struct jcsi_ev *e;
	uint64_t no;
	const char *line;
};

static void on_command(const struct jcsi_cmd *c, void *user)
{
	const struct unit_read *u = user;
	struct svc_where w = {u->e, u->no, u->port, u->via, u->line};

	jcsi_svc_command(u->r, c, &w);
}

static int section(const char *line, const char *name)
{
	return !strcmp(line, name);
}

static int service_line(struct jcsi_scan *s, const struct jcsi_ev *e,
			uint64_t no, char *line, void *user)
{
	struct unit_read *u = user;
	const char *v;

	(void)s;
	if (line[0] == '[') {
		u->in_service = section(line, "[Service]");
		return 0;
	}
	if (!u->in_service || strncmp(line, "ExecStart=", 10))
		return 0;
	/* prefixes: - (failure ignored) @ : + ! (privileges) */
	for (v = line + 10; *v && strchr("-@:+!", *v); v++)
		;
	u->e = e;
	u->no = no;
	u->line = line;
	jcsi_shell_commands(v, NULL, on_command, u);
	return 0;
}

static void service(struct svc_run *r, uint32_t c, const char *unit,
		    const char *port, const char *via)
{
	const struct jcsi_ev *f;
	struct unit_read u;

	if (masked(r, c, unit))
		return;
	f = unit_file(r, c, unit);
	if (!f)
		return;
	memset(&u, 0, sizeof(u));
	u.r = r;
	u.port = port;
	u.via = via;
	jcsi_scan_lines(r->s, f, service_line, &u);
}

static int socket_line(struct jcsi_scan *s, const struct jcsi_ev *e,
		       uint64_t no, char *line, void *user)
{
	struct unit_read *u = user;
	const char *v = strchr(line, '=');
	size_t n;

	(void)s;
	(void)e;
	(void)no;
	if (line[0] == '[') {
		u->in_socket = section(line, "[Socket]");
		return 0;
	}
	if (!u->in_socket || !v)
		return 0;
	v++;
	if ((!strncmp(line, "ListenStream=", 13) ||
	     !strncmp(line, "ListenDatagram=", 15)) &&
	    !u->listen[0] && v[0] != '/' && v[0] != '@') {
		/* "23", "0.0.0.0:23", "[::]:23" */
		const char *p = strrchr(v, ':') ? strrchr(v, ':') + 1 : v;

		n = strspn(p, "0123456789");
		if (n && n <= 5 && !p[n])
			snprintf(u->listen, sizeof(u->listen), "%s", p);
	} else if (!strncmp(line, "Accept=", 7)) {
		u->accept = !strncmp(v, "yes", 3) || !strncmp(v, "true", 4) ||
			    !strcmp(v, "1");
	} else if (!strncmp(line, "Service=", 8)) {
		snprintf(u->service, sizeof(u->service), "%s", v);
	}
	return 0;
}

static void socket_unit(struct svc_run *r, const struct jcsi_ev *f,
		   const char *unit)
{
	struct unit_read u;
	char svc[256];
	size_t stem = strlen(unit) - 7; /* ".socket" */

	memset(&u, 0, sizeof(u));
	jcsi_scan_lines(r->s, f, socket_line, &u);
	if (!u.listen[0])
		return; /* not a network socket */
	if (u.service[0])
		snprintf(svc, sizeof(svc), "%s", u.service);
	else
		snprintf(svc, sizeof(svc), "%.*s%s", (int)stem, unit,
			 u.accept ? "@.service" : ".service");
	service(r, f->container, svc, u.listen, unit);
}

void jcsi_svc_systemd(struct svc_run *r, const struct jcsi_ev *e)
{
	const char *unit = base_of(e->dev);
	const struct jcsi_ev *f;

	if (ends_with(unit, ".service")) {
		service(r, e->container, unit, NULL, NULL);
		return;
	}
	if (!ends_with(unit, ".socket") || masked(r, e->container, unit))
		return;
	f = unit_file(r, e->container, unit);
	if (f)
		socket_unit(r, f, unit);
}

/*
 * init_sources.h - where init systems of embedded Linux start things:
 * shared by the console and services checks.
 */
#ifndef JCSTAR_INIT_SOURCES_H
#define JCSTAR_INIT_SOURCES_H

#include <string.h>

#include "check_int.h"

/* Scripts run at boot: rcS, rc.local, init.d and rc?.d, OpenWrt's
   /etc/rc.d, plus files under /etc/init (upstart). */
static inline int jcsi_is_boot_script(const struct jcsi_ev *e)
{
	static const char *const exact[] = {"/etc/init.d/rcS", "/etc/rc.local",
					    "/etc/rcS", "/etc/rc",
					    "/etc/rc.d/rc.local", NULL};
	static const char *const dirs[] = {"/etc/init.d/", "/etc/rc.d/",
					   "/etc/rcS.d/", "/etc/init/",
					   "/etc/rc0.d/", "/etc/rc1.d/",
					   "/etc/rc2.d/", "/etc/rc3.d/",
					   "/etc/rc4.d/", "/etc/rc5.d/",
					   "/etc/rc6.d/", NULL};

	if (e->kind != JCSI_EV_FILE)
		return 0;
	for (size_t i = 0; exact[i]; i++)
		if (!strcmp(e->dev, exact[i]))
			return 1;
	for (size_t i = 0; dirs[i]; i++)
		if (!strncmp(e->dev, dirs[i], strlen(dirs[i])) &&
		    !strchr(e->dev + strlen(dirs[i]), '/'))
			return 1;
	return 0;
}

/*
 * Where LINE (a shell or inittab command) runs one of NAMES (base names
 * such as "telnetd"): the start of that word, or NULL. Words are split at
 * blanks and shell punctuation, so "busybox telnetd -l /bin/sh",
 * "[ -x /usr/sbin/dropbear ] && /usr/sbin/dropbear -R" and
 * "start-stop-daemon -S -x /usr/sbin/telnetd" are all found.
 */
static inline const char *jcsi_find_command(const char *line,
					    const char *const names[])
{
	const char *p = line;

	while (*p) {
		size_t n = 0, b = 0;

		while (*p && strchr(" \t;&|()`\"'", *p))
			p++;
		while (p[n] && !strchr(" \t;&|()`\"'", p[n]))
			n++;
		for (size_t i = 0; i < n; i++)
			if (p[i] == '/')
				b = i + 1;
		for (size_t k = 0; n && names[k]; k++)
			if (n - b == strlen(names[k]) &&
			    !strncmp(p + b, names[k], n - b))
				return p;
		p += n;
	}
	return NULL;
}

/* The process field of an inittab line (id:runlevels:action:process). */
static inline const char *jcsi_inittab_process(const char *line)
{
	for (int k = 0; k < 3 && line; k++) {
		line = strchr(line, ':');
		if (line)
			line++;
	}
	return line;
}

/* Crontabs: 1 for a system crontab (/etc/crontab, /etc/cron.d/: a user
   field before the command), 2 for a user's (BusyBox /etc/crontabs/,
   /var/spool/cron/crontabs/: no user field), 0 for anything else. */
static inline int jcsi_crontab_kind(const struct jcsi_ev *e)
{
	static const char *const user_dirs[] = {"/etc/crontabs/",
						"/var/spool/cron/crontabs/",
						NULL};

	if (e->kind != JCSI_EV_FILE)
		return 0;
	if (!strcmp(e->dev, "/etc/crontab") ||
	    (!strncmp(e->dev, "/etc/cron.d/", 12) &&
	     !strchr(e->dev + 12, '/')))
		return 1;
	for (size_t i = 0; user_dirs[i]; i++)
		if (!strncmp(e->dev, user_dirs[i], strlen(user_dirs[i])) &&
		    !strchr(e->dev + strlen(user_dirs[i]), '/'))
			return 2;
	return 0;
}

/*
 * Which init.d scripts run at boot (init_sources.c). An OpenWrt script
 * ("#!/bin/sh /etc/rc.common", procd or not) runs only when enabled: a
 * link /etc/rc.d/S??NAME. On a SysV layout (S??NAME links in
 * /etc/rcS.d or /etc/rc[1-5].d) a script without such a link does not
 * run. Without either (BusyBox: rcS runs /etc/init.d/S* itself, or the
 * scripts are called by rcS) every script counts as run, so a start is
 * never missed; that is the one imprecise case, and the usual one.
 */
struct jcsi_rc_links;

jcs_rc jcsi_rc_links_new(const struct jcsi_scan *s, struct jcsi_rc_links **out);
void jcsi_rc_links_free(struct jcsi_rc_links *l);
/* Nonzero if the boot script E (TEXT: its contents) runs at boot. */
int jcsi_init_script_runs(const struct jcsi_rc_links *l,
			  const struct jcsi_ev *e, const char *text);
/* The same, reading E (a script over 1 MiB is not one: 0). */
int jcsi_boot_script_runs(struct jcsi_scan *s, const struct jcsi_rc_links *l,
			  const struct jcsi_ev *e);

#endif

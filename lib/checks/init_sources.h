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

#endif

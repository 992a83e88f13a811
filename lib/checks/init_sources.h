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

#endif

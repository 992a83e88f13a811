/*
 * init_sources.c - which init.d scripts are enabled (see init_sources.h):
 * the S??NAME links of OpenWrt's /etc/rc.d and of SysV's /etc/rc?.d,
 * collected once per scan, per file system.
 */
#include <string.h>

#include "../core/mem.h"
#include "init_sources.h"

enum rc_layout { RC_OPENWRT, RC_SYSV };

struct rc_link {
	uint32_t container;
	enum rc_layout layout;
	char *name; /* "telnet" of S50telnet */
};

struct jcsi_rc_links {
	struct rc_link *v;
	size_t n;
};

void jcsi_rc_links_free(struct jcsi_rc_links *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		jcsi_free(l->v[i].name);
	jcsi_free(l->v);
	jcsi_free(l);
}

/* "S50telnet" -> "telnet"; NULL if not a start link. */
static const char *start_link_name(const char *base)
{
	const char *p = base + 1;

	if (base[0] != 'S' || *p < '0' || *p > '9')
		return NULL;
	while (*p >= '0' && *p <= '9')
		p++;
	return *p ? p : NULL;
}

/* The layout of an rc directory entry, or -1. Runlevels 0 and 6 (halt,
   reboot) start nothing a user reaches. */
static int layout_of(const char *dev)
{
	static const char *const sysv[] = {"/etc/rcS.d/", "/etc/rc1.d/",
					   "/etc/rc2.d/", "/etc/rc3.d/",
					   "/etc/rc4.d/", "/etc/rc5.d/",
					   NULL};

	if (!strncmp(dev, "/etc/rc.d/", 10) && !strchr(dev + 10, '/'))
		return RC_OPENWRT;
	for (size_t i = 0; sysv[i]; i++)
		if (!strncmp(dev, sysv[i], 11) && !strchr(dev + 11, '/'))
			return RC_SYSV;
	return -1;
}

jcs_rc jcsi_rc_links_new(const struct jcsi_scan *s, struct jcsi_rc_links **out)
{
	struct jcsi_rc_links *l = jcsi_calloc(1, sizeof(*l));
	size_t cap = 0;

	*out = NULL;
	if (!l)
		return JCS_E_NOMEM;
	for (size_t i = 0; i < jcsi_scan_count(s); i++) {
		const struct jcsi_ev *e = jcsi_scan_entry(s, i);
		int layout = layout_of(e->dev);
		const char *b = strrchr(e->dev, '/') + 1;
		const char *name = layout >= 0 ? start_link_name(b) : NULL;

		if (!name || e->kind == JCSI_EV_DIR)
			continue;
		if (l->n == cap) {
			size_t nc = cap ? cap * 2 : 32;
			struct rc_link *v = jcsi_realloc(l->v, nc * sizeof(*v));

			if (!v) {
				jcsi_rc_links_free(l);
				return JCS_E_NOMEM;
			}
			l->v = v;
			cap = nc;
		}
		l->v[l->n].container = e->container;
		l->v[l->n].layout = (enum rc_layout)layout;
		l->v[l->n].name = jcsi_strdup(name);
		if (!l->v[l->n].name) {
			jcsi_rc_links_free(l);
			return JCS_E_NOMEM;
		}
		l->n++;
	}
	*out = l;
	return JCS_OK;
}

/* Is there a link of LAYOUT in CONTAINER (for NAME, or for anything if
   NAME is NULL)? */
static int has_link(const struct jcsi_rc_links *l, uint32_t container,
		    enum rc_layout layout, const char *name)
{
	for (size_t i = 0; l && i < l->n; i++)
		if (l->v[i].container == container &&
		    l->v[i].layout == layout &&
		    (!name || !strcmp(l->v[i].name, name)))
			return 1;
	return 0;
}

static int is_rc_common(const char *text)
{
	const char *p = text;

	if (strncmp(p, "#!", 2))
		return 0;
	for (p += 2; *p == ' ' || *p == '\t'; p++)
		;
	if (strncmp(p, "/bin/sh", 7))
		return 0;
	for (p += 7; *p == ' ' || *p == '\t'; p++)
		;
	return !strncmp(p, "/etc/rc.common", 14);
}

int jcsi_init_script_runs(const struct jcsi_rc_links *l,
			  const struct jcsi_ev *e, const char *text)
{
	const char *name = e->dev + 12;

	if (strncmp(e->dev, "/etc/init.d/", 12) || !strcmp(name, "rcS"))
		return 1;
	if (is_rc_common(text))
		return has_link(l, e->container, RC_OPENWRT, name);
	if (has_link(l, e->container, RC_SYSV, NULL))
		return has_link(l, e->container, RC_SYSV, name);
	return 1;
}

int jcsi_boot_script_runs(struct jcsi_scan *s, const struct jcsi_rc_links *l,
			  const struct jcsi_ev *e)
{
	char *text;
	size_t len;
	int runs;

	if (jcsi_scan_read(s, e, 1u << 20, &text, &len) != JCS_OK)
		return 0;
	runs = jcsi_init_script_runs(l, e, text);
	jcsi_free(text);
	return runs;
}

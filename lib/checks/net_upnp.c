/*
 * net_upnp.c - UPnP IGD and NAT-PMP (miniupnpd) when the daemon runs:
 * secure mode off (any LAN host may open ports to any other host) and
 * permission rules that allow everything.
 *
 * miniupnpd.conf counts when a boot script or inittab starts miniupnpd
 * and UPnP or NAT-PMP is on (both default on); OpenWrt's
 * /etc/config/upnpd when "option enabled '1'" (its default is 0).
 * An allow rule is "allow-all" when it covers every internal address
 * (/0) and privileged internal ports (below 1024): OpenWrt's default
 * "1024-65535 0.0.0.0/0 1024-65535" is not; rules after a deny-all rule
 * never apply (miniupnpd takes the first match).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/mem.h"
#include "net_int.h"

/* "A-B" or "A" into [*LO, *HI] */
static int range(const char *r, long *lo, long *hi)
{
	char *end;

	*lo = strtol(r, &end, 10);
	if (end == r)
		return 0;
	*hi = *end == '-' ? strtol(end + 1, NULL, 10) : *lo;
	return 1;
}

int jcsi_net_upnp_rule(const char *action, const char *ext, const char *addr,
		       const char *intports)
{
	long elo, ehi, ilo, ihi;
	const char *slash = strchr(addr, '/');
	int any = slash && !strcmp(slash, "/0");

	if (!range(ext, &elo, &ehi) || !range(intports, &ilo, &ihi) || !any)
		return 0;
	if (!strcasecmp(action, "deny"))
		return elo <= 1 && ehi >= 65535 && ilo <= 1 && ihi >= 65535
			       ? -1
			       : 0;
	return !strcasecmp(action, "allow") && ilo < 1024 ? 1 : 0;
}

static int is_started(const struct net_ctx *c, uint32_t container)
{
	for (size_t i = 0; i < c->nupnp; i++)
		if (c->upnp_started[i] == container)
			return 1;
	return 0;
}

/* --- miniupnpd.conf ---------------------------------------------------------- */

struct upnp {
	int upnp, natpmp, secure_off, denied, enabled;
	uint64_t secure_line, allow_line;
	char secure_text[300], allow_text[300];
	/* UCI perm_rule being read */
	int in_rule, in_config;
	char action[16], ext[32], addr[64], intp[32];
	uint64_t rule_line;
};

static void rule(struct upnp *u, const char *action, const char *ext,
		 const char *addr, const char *intp, uint64_t no,
		 const char *text)
{
	int r = jcsi_net_upnp_rule(action, ext, addr, intp);

	if (r < 0)
		u->denied = 1;
	else if (r > 0 && !u->denied && !u->allow_line) {
		u->allow_line = no;
		net_copy(u->allow_text, sizeof(u->allow_text), text);
	}
}

static int miniupnpd_line(struct jcsi_scan *s, const struct jcsi_ev *e,
			  uint64_t no, char *line, void *user)
{
	struct upnp *u = user;
	char w[4][64];
	const char *eq = strchr(line, '=');

	(void)s;
	(void)e;
	jcsi_net_strip_comment(line);
	if (sscanf(line, "%63s %63s %63s %63s", w[0], w[1], w[2], w[3]) == 4 &&
	    (!strcmp(w[0], "allow") || !strcmp(w[0], "deny"))) {
		rule(u, w[0], w[1], w[2], w[3], no, line);
		return 0;
	}
	if (!eq)
		return 0;
	if (!strncmp(line, "enable_upnp", 11))
		u->upnp = strcasecmp(eq + 1, "no") != 0;
	else if (!strncmp(line, "enable_natpmp", 13) ||
		 !strncmp(line, "enable_pcp_pmp", 14))
		u->natpmp = strcasecmp(eq + 1, "no") != 0;
	else if (!strncmp(line, "secure_mode", 11) &&
		 !strcasecmp(eq + 1, "no")) {
		u->secure_off = 1;
		u->secure_line = no;
		net_copy(u->secure_text, sizeof(u->secure_text), line);
	} else if (!strncmp(line, "secure_mode", 11)) {
		u->secure_off = 0;
	}
	return 0;
}

static void report(struct jcsi_scan *s, const struct jcsi_ev *e,
		   const struct upnp *u, const char *what)
{
	if (!u->upnp && !u->natpmp)
		return;
	if (u->secure_off)
		jcsi_emit(s, "network.upnp-secure-mode-off", e, u->secure_line,
			  what, NULL, u->secure_text);
	if (u->allow_line)
		jcsi_emit(s, "network.upnp-allow-all", e, u->allow_line, what,
			  NULL, u->allow_text);
}

void net_miniupnpd(struct jcsi_scan *s, struct net_ctx *c,
		   const struct jcsi_ev *e)
{
	struct upnp u;

	memset(&u, 0, sizeof(u));
	u.upnp = u.natpmp = 1;
	if (!is_started(c, e->container) ||
	    jcsi_scan_lines(s, e, miniupnpd_line, &u) != JCS_OK)
		return;
	report(s, e, &u, "miniupnpd");
}

/* --- OpenWrt /etc/config/upnpd ------------------------------------------------ */

static void uci_rule_end(struct upnp *u)
{
	char text[300];

	if (u->in_rule && u->action[0]) {
		snprintf(text, sizeof(text), "perm_rule %s %s %s %s", u->action,
			 u->ext, u->addr, u->intp);
		rule(u, u->action, u->ext, u->addr, u->intp, u->rule_line, text);
	}
	u->in_rule = 0;
	u->action[0] = u->ext[0] = u->addr[0] = u->intp[0] = '\0';
}

static int upnpd_line(struct jcsi_scan *s, const struct jcsi_ev *e,
		      uint64_t no, char *line, void *user)
{
	struct upnp *u = user;
	char key[64], val[64];
	int kind = jcsi_net_uci(line, key, sizeof(key), val, sizeof(val));

	(void)s;
	(void)e;
	if (kind == 'c') {
		uci_rule_end(u);
		u->in_config = !strcmp(key, "upnpd");
		u->in_rule = !strcmp(key, "perm_rule");
		u->rule_line = no;
		return 0;
	}
	if (kind != 'o')
		return 0;
	if (u->in_config) {
		if (!strcmp(key, "enabled"))
			u->enabled = jcsi_net_truthy(val);
		else if (!strcmp(key, "enable_upnp"))
			u->upnp = jcsi_net_truthy(val);
		else if (!strcmp(key, "enable_natpmp"))
			u->natpmp = jcsi_net_truthy(val);
		else if (!strcmp(key, "secure_mode")) {
			u->secure_off = !jcsi_net_truthy(val);
			u->secure_line = no;
			net_copy(u->secure_text, sizeof(u->secure_text), line);
		}
	} else if (u->in_rule) {
		if (!strcmp(key, "action"))
			net_copy(u->action, sizeof(u->action), val);
		else if (!strcmp(key, "ext_ports"))
			net_copy(u->ext, sizeof(u->ext), val);
		else if (!strcmp(key, "int_addr"))
			net_copy(u->addr, sizeof(u->addr), val);
		else if (!strcmp(key, "int_ports"))
			net_copy(u->intp, sizeof(u->intp), val);
	}
	return 0;
}

void net_uci_upnpd(struct jcsi_scan *s, struct net_ctx *c,
		   const struct jcsi_ev *e)
{
	struct upnp u;

	(void)c;
	memset(&u, 0, sizeof(u));
	u.upnp = u.natpmp = 1;
	if (jcsi_scan_lines(s, e, upnpd_line, &u) != JCS_OK)
		return;
	uci_rule_end(&u);
	if (u.enabled)
		report(s, e, &u, "miniupnpd (OpenWrt upnpd)");
}

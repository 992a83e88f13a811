/*
 * check_network.c - network configuration (issue #3): admin UIs and other
 * services over plain HTTP, MQTT and FTP without TLS, open or weak Wi-Fi
 * and Wi-Fi keys stored in clear, insecure UPnP, TLS verification switched
 * off in scripts and configuration, plain http:// cloud endpoints.
 *
 * This file only finds the evidence and hands it to the parts: net_web.c,
 * net_lighttpd.c, net_nginx.c (web servers), net_wifi.c, net_services.c
 * (MQTT, FTP), net_upnp.c, net_text.c (every text file). Configuration is
 * found by its usual name anywhere in the image (a vendor's
 * /usr/local/etc/lighttpd.conf counts), except OpenWrt's UCI files, whose
 * path is fixed.
 */
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

#include "../core/mem.h"
#include "init_sources.h"
#include "net_int.h"

struct boot {
	struct net_ctx *c;
	int inittab;
};

static void upnp_started(struct net_ctx *c, uint32_t container)
{
	uint32_t *v;

	for (size_t i = 0; i < c->nupnp; i++)
		if (c->upnp_started[i] == container)
			return;
	v = jcsi_realloc(c->upnp_started, (c->nupnp + 1) * sizeof(*v));
	if (!v)
		return;
	v[c->nupnp++] = container;
	c->upnp_started = v;
}

static int boot_line(struct jcsi_scan *s, const struct jcsi_ev *e,
		     uint64_t no, char *line, void *user)
{
	static const char *const upnpd[] = {"miniupnpd", NULL};
	struct boot *b = user;
	const char *cmd = b->inittab ? jcsi_inittab_process(line) : line;

	if (!cmd)
		return 0;
	net_web_boot_line(s, b->c, e, no, cmd, line);
	if (net_started(cmd, upnpd))
		upnp_started(b->c, e->container);
	return 0;
}

/* configuration files by base name: the part that reads each */
static const struct {
	const char *glob;
	void (*fn)(struct jcsi_scan *, struct net_ctx *,
		   const struct jcsi_ev *);
} by_name[] = {
	{"lighttpd.conf", net_lighttpd},
	{"nginx.conf", net_nginx},
	{"boa.conf", net_boa},
	{"mini_httpd.conf", net_mini_httpd},
	{"hostapd*.conf", net_hostapd},
	{"wpa_supplicant*.conf", net_wpa_supplicant},
	{"mosquitto.conf", net_mosquitto},
	{"vsftpd.conf", net_vsftpd},
	{"proftpd.conf", net_proftpd},
	{"pure-ftpd.conf", net_pureftpd},
	{"miniupnpd.conf", net_miniupnpd},
};

static void config_file(struct jcsi_scan *s, struct net_ctx *c,
			const struct jcsi_ev *e)
{
	const char *base = net_base(e->dev);

	if (!strcmp(e->dev, "/etc/config/uhttpd"))
		net_uhttpd(s, c, e);
	else if (!strcmp(e->dev, "/etc/config/wireless"))
		net_uci_wireless(s, c, e);
	else if (!strcmp(e->dev, "/etc/config/upnpd"))
		net_uci_upnpd(s, c, e);
	else if (!strcmp(e->dev, "/etc/pure-ftpd/conf/TLS"))
		net_pureftpd(s, c, e);
	else
		for (size_t i = 0; i < sizeof(by_name) / sizeof(by_name[0]);
		     i++)
			if (!fnmatch(by_name[i].glob, base, 0)) {
				by_name[i].fn(s, c, e);
				break;
			}
}

/* Example configurations shipped as documentation (Debian's
   wpasupplicant carries a wpa_supplicant.conf of every insecure setup
   there is) are not the device's configuration. */
static int documentation(const char *dev)
{
	return !fnmatch("/usr/share/doc/*", dev, 0) ||
	       !fnmatch("/usr/share/man/*", dev, 0) ||
	       !fnmatch("/usr/share/*/examples/*", dev, 0);
}

static jcs_rc run(struct jcsi_scan *s)
{
	struct net_ctx c;
	struct boot b = {&c, 0};
	struct jcsi_rc_links *links = NULL;
	char err[512] = "";
	jcs_rc rc;

	memset(&c, 0, sizeof(c));
	rc = net_load(s, &c, err, sizeof(err));
	if (rc != JCS_OK) {
		jcsi_limitation(s, "network configuration", err);
		net_free(&c);
		return rc;
	}
	/* boot scripts first: what they start decides how configs count */
	rc = jcsi_rc_links_new(s, &links);
	for (size_t i = 0; rc == JCS_OK && i < jcsi_scan_count(s); i++) {
		const struct jcsi_ev *e = jcsi_scan_entry(s, i);

		if (e->kind != JCSI_EV_FILE)
			continue;
		b.inittab = !strcmp(e->dev, "/etc/inittab");
		if (b.inittab || (jcsi_is_boot_script(e) &&
				  jcsi_boot_script_runs(s, links, e)))
			jcsi_scan_lines(s, e, boot_line, &b);
	}
	jcsi_rc_links_free(links);
	for (size_t i = 0; i < jcsi_scan_count(s); i++) {
		const struct jcsi_ev *e = jcsi_scan_entry(s, i);

		if (e->kind != JCSI_EV_FILE)
			continue;
		if (!documentation(e->dev))
			config_file(s, &c, e);
		net_text_file(s, &c, e);
	}
	net_free(&c);
	return rc;
}

const struct jcsi_check jcsi_check_network = {
	"network",
	"network configuration (web servers, MQTT, FTP, Wi-Fi, UPnP, TLS "
	"verification, cloud endpoints)",
	run};

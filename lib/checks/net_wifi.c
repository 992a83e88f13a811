/*
 * net_wifi.c - Wi-Fi as the image configures it: OpenWrt
 * /etc/config/wireless, hostapd.conf (access points) and
 * wpa_supplicant.conf (client networks).
 *
 * open-wifi: no encryption, WEP, WPA1 (psk, psk-mixed, wpa=1/3,
 * proto=WPA), TKIP named explicitly (psk2+tkip, wpa_pairwise=TKIP; the
 * defaults of current OpenWrt and hostapd are CCMP, so absent settings
 * are not reported), WPS switched on (wps_pushbutton, wps_label,
 * wps_state=1/2). plaintext-wifi-psk: every key stored in clear (WPA
 * passphrases, SAE passwords, WEP keys, and 64-hex PSKs too: the derived
 * key is all a client needs to join, so it is as secret as the passphrase).
 * Enterprise modes' "key" is a RADIUS secret, not a Wi-Fi key: not
 * reported here. Interfaces, radios or networks marked disabled are not
 * reported at all.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/mem.h"
#include "net_int.h"

void net_wifi_key(struct jcsi_scan *s, struct net_ctx *c,
		  const struct jcsi_ev *e, uint64_t no, const char *line,
		  const char *key, const char *what)
{
	char m[256], ev[1200];
	const char *at = key[0] ? strstr(line, key) : NULL;

	if (!key[0])
		return;
	jcsi_mask(s, key, m, sizeof(m));
	if (at)
		snprintf(ev, sizeof(ev), "%.*s%s%s", (int)(at - line), line, m,
			 at + strlen(key));
	else
		net_copy(ev, sizeof(ev), m);
	jcsi_emit(s, "network.wifi-psk", e, no, what, NULL, ev);
	if (net_words_has(&c->passwords, key))
		jcsi_emit(s, "network.wifi-weak-psk", e, no, what, NULL, ev);
}

static void emit_weak(struct jcsi_scan *s, const struct jcsi_ev *e,
		      unsigned weak, uint64_t line, const char *what,
		      const char *evidence)
{
	if (weak & NET_WIFI_OPEN)
		jcsi_emit(s, "network.wifi-open", e, line, what, NULL,
			  evidence);
	if (weak & NET_WIFI_WEP)
		jcsi_emit(s, "network.wifi-wep", e, line, what, NULL, evidence);
	if (weak & NET_WIFI_WPA1)
		jcsi_emit(s, "network.wifi-wpa1", e, line, what, NULL,
			  evidence);
	if (weak & NET_WIFI_TKIP)
		jcsi_emit(s, "network.wifi-tkip", e, line, what, NULL,
			  evidence);
}

/* --- OpenWrt /etc/config/wireless ----------------------------------------- */

unsigned jcsi_net_uci_encryption(const char *enc)
{
	char base[32];
	unsigned w = 0;

	if (!enc[0] || !strcasecmp(enc, "none") || !strcasecmp(enc, "open"))
		return NET_WIFI_OPEN;
	if (!strncasecmp(enc, "wep", 3))
		return NET_WIFI_WEP | NET_WIFI_PSK;
	if (strcasestr(enc, "tkip"))
		w |= NET_WIFI_TKIP;
	net_copy(base, sizeof(base), enc);
	base[strcspn(base, "+")] = '\0';
	if (!strcasecmp(base, "psk") || !strcasecmp(base, "psk-mixed"))
		w |= NET_WIFI_WPA1 | NET_WIFI_PSK;
	else if (!strcasecmp(base, "psk2") || !strncasecmp(base, "sae", 3))
		w |= NET_WIFI_PSK;
	else if (!strcasecmp(base, "wpa") || !strcasecmp(base, "wpa-mixed"))
		w |= NET_WIFI_WPA1 | NET_WIFI_ENTERPRISE;
	else if (!strncasecmp(base, "wpa", 3))
		w |= NET_WIFI_ENTERPRISE;
	return w; /* owe and unknown values: encrypted */
}

#define UCI_MAX 64

struct uci_iface {
	char name[64], device[64], enc[48];
	uint64_t line, enc_line, wps_line;
	char enc_text[256], wps_text[256];
	int disabled, wps;
	uint64_t key_line[5];        /* key, key1..key4 */
	char key[5][128], key_text[5][256];
};

struct uci_device {
	char name[64];
	int disabled;
};

struct uci_wireless {
	struct uci_iface ifc[UCI_MAX];
	struct uci_device dev[UCI_MAX];
	size_t nifc, ndev;
	int in; /* 'i' iface, 'd' device, 0 other */
};

static int wireless_line(struct jcsi_scan *s, const struct jcsi_ev *e,
			 uint64_t no, char *line, void *user)
{
	struct uci_wireless *u = user;
	char key[64], val[128];
	int kind = jcsi_net_uci(line, key, sizeof(key), val, sizeof(val));

	(void)s;
	(void)e;
	if (kind == 'c') {
		u->in = 0;
		if (!strcmp(key, "wifi-iface") && u->nifc < UCI_MAX) {
			struct uci_iface *f = &u->ifc[u->nifc++];

			memset(f, 0, sizeof(*f));
			net_copy(f->name, sizeof(f->name), val[0] ? val : "(unnamed)");
			f->line = no;
			u->in = 'i';
		} else if (!strcmp(key, "wifi-device") && u->ndev < UCI_MAX) {
			struct uci_device *d = &u->dev[u->ndev++];

			memset(d, 0, sizeof(*d));
			net_copy(d->name, sizeof(d->name), val);
			u->in = 'd';
		}
		return 0;
	}
	if (kind != 'o')
		return 0;
	if (u->in == 'd') {
		if (!strcmp(key, "disabled"))
			u->dev[u->ndev - 1].disabled = jcsi_net_truthy(val);
	} else if (u->in == 'i') {
		struct uci_iface *f = &u->ifc[u->nifc - 1];

		if (!strcmp(key, "disabled")) {
			f->disabled = jcsi_net_truthy(val);
		} else if (!strcmp(key, "device")) {
			net_copy(f->device, sizeof(f->device), val);
		} else if (!strcmp(key, "encryption")) {
			net_copy(f->enc, sizeof(f->enc), val);
			f->enc_line = no;
			net_copy(f->enc_text, sizeof(f->enc_text), line);
		} else if (!strcmp(key, "wps_pushbutton") ||
			   !strcmp(key, "wps_label")) {
			if (jcsi_net_truthy(val) && !f->wps) {
				f->wps = 1;
				f->wps_line = no;
				net_copy(f->wps_text, sizeof(f->wps_text), line);
			}
		} else if (!strncmp(key, "key", 3) &&
			   (!key[3] || (key[3] >= '1' && key[3] <= '4' &&
					!key[4]))) {
			int k = key[3] ? key[3] - '0' : 0;

			net_copy(f->key[k], sizeof(f->key[k]), val);
			net_copy(f->key_text[k], sizeof(f->key_text[k]), line);
			f->key_line[k] = no;
		}
	}
	return 0;
}

static int device_disabled(const struct uci_wireless *u, const char *name)
{
	for (size_t i = 0; i < u->ndev; i++)
		if (!strcmp(u->dev[i].name, name))
			return u->dev[i].disabled;
	return 0;
}

void net_uci_wireless(struct jcsi_scan *s, struct net_ctx *c,
		      const struct jcsi_ev *e)
{
	struct uci_wireless *u = jcsi_calloc(1, sizeof(*u));

	if (!u)
		return;
	if (jcsi_scan_lines(s, e, wireless_line, u) != JCS_OK)
		u->nifc = 0;
	for (size_t i = 0; i < u->nifc; i++) {
		const struct uci_iface *f = &u->ifc[i];
		unsigned weak = jcsi_net_uci_encryption(f->enc);
		char what[160], text[300];

		if (f->disabled || device_disabled(u, f->device))
			continue;
		snprintf(what, sizeof(what), "wifi-iface %s", f->name);
		net_copy(text, sizeof(text), f->enc_line ? f->enc_text
				     : "no option encryption (none)");
		emit_weak(s, e, weak, f->enc_line ? f->enc_line : f->line, what,
			  text);
		if (f->wps)
			jcsi_emit(s, "network.wifi-wps", e, f->wps_line, what,
				  NULL, f->wps_text);
		if (!(weak & NET_WIFI_PSK))
			continue;
		if (weak & NET_WIFI_WEP) {
			/* key is the index of key1..key4, or a key itself */
			for (int k = 1; k <= 4; k++)
				net_wifi_key(s, c, e, f->key_line[k],
					     f->key_text[k], f->key[k], what);
			if (strlen(f->key[0]) > 1)
				net_wifi_key(s, c, e, f->key_line[0],
					     f->key_text[0], f->key[0], what);
		} else {
			net_wifi_key(s, c, e, f->key_line[0], f->key_text[0],
				     f->key[0], what);
		}
	}
	jcsi_free(u);
}

/* --- hostapd.conf ------------------------------------------------------- */

void jcsi_net_hostapd_set(struct net_hostapd_bss *b, const char *key,
			  const char *val, uint64_t no)
{
	if (!strcmp(key, "wpa")) {
		b->wpa = (int)strtol(val, NULL, 10);
		b->wpa_line = no;
	} else if (!strncmp(key, "wep_key", 7) && key[7] >= '0' &&
		   key[7] <= '3' && !key[8] && val[0]) {
		if (!b->wep_keys++)
			b->wep_line = no;
	} else if (!strcmp(key, "ieee8021x")) {
		b->ieee8021x = !strcmp(val, "1");
	} else if (!strcmp(key, "wps_state")) {
		b->wps_state = (int)strtol(val, NULL, 10);
		b->wps_line = no;
	} else if ((!strcmp(key, "wpa_pairwise") ||
		    !strcmp(key, "rsn_pairwise")) && strcasestr(val, "TKIP")) {
		if (!b->tkip++)
			b->tkip_line = no;
	}
}

unsigned jcsi_net_hostapd_weak(const struct net_hostapd_bss *b)
{
	unsigned w = 0;

	if (b->wpa <= 0)
		w |= b->wep_keys || b->ieee8021x ? NET_WIFI_WEP : NET_WIFI_OPEN;
	else if (b->wpa & 1)
		w |= NET_WIFI_WPA1;
	if (b->wpa > 0 && b->tkip)
		w |= NET_WIFI_TKIP;
	if (b->wps_state > 0)
		w |= NET_WIFI_WPS;
	return w;
}

struct hostapd {
	struct net_ctx *c;
	struct net_hostapd_bss b;
	char name[64];
	int any, named;
};

static void bss_flush(struct jcsi_scan *s, const struct jcsi_ev *e,
		      struct hostapd *h)
{
	unsigned w = jcsi_net_hostapd_weak(&h->b);
	char what[100];

	if (h->any) {
		snprintf(what, sizeof(what), "hostapd %s", h->name);
		if (w & NET_WIFI_OPEN)
			jcsi_emit(s, "network.wifi-open", e,
				  h->b.wpa == 0 ? h->b.wpa_line : h->b.line,
				  what, NULL,
				  h->b.wpa == 0 ? "wpa=0" : "no wpa= setting");
		if (w & NET_WIFI_WEP)
			jcsi_emit(s, "network.wifi-wep", e,
				  h->b.wep_line ? h->b.wep_line : h->b.line,
				  what, NULL, h->b.wep_keys ? "wep_key set"
							    : "ieee8021x=1 "
							      "without wpa");
		if (w & NET_WIFI_WPA1)
			jcsi_emit(s, "network.wifi-wpa1", e, h->b.wpa_line, what,
				  NULL, h->b.wpa == 3 ? "wpa=3 (WPA and WPA2)"
						      : "wpa=1");
		if (w & NET_WIFI_TKIP)
			jcsi_emit(s, "network.wifi-tkip", e, h->b.tkip_line,
				  what, NULL, "pairwise cipher TKIP");
		if (w & NET_WIFI_WPS)
			jcsi_emit(s, "network.wifi-wps", e, h->b.wps_line, what,
				  NULL, "wps_state enabled");
	}
	memset(&h->b, 0, sizeof(h->b));
	h->b.wpa = -1;
	h->any = h->named = 0;
}

static int hostapd_line(struct jcsi_scan *s, const struct jcsi_ev *e,
			uint64_t no, char *line, void *user)
{
	struct hostapd *h = user;
	char *eq = strchr(line, '=');
	char key[64], what[100];
	const char *val;

	if (!eq)
		return 0;
	snprintf(key, sizeof(key), "%.*s", (int)(eq - line), line);
	val = eq + 1;
	/* interface= names the first BSS, each bss= starts another */
	if (!strcmp(key, "bss") && h->any)
		bss_flush(s, e, h);
	if ((!strcmp(key, "interface") || !strcmp(key, "bss")) && !h->named) {
		h->b.line = no;
		net_copy(h->name, sizeof(h->name), val);
		h->any = h->named = 1;
		return 0;
	}
	if (!h->any) {
		h->any = 1;
		h->b.line = no;
		net_copy(h->name, sizeof(h->name), net_base(e->dev));
	}
	jcsi_net_hostapd_set(&h->b, key, val, no);
	snprintf(what, sizeof(what), "hostapd %s", h->name);
	if (!strcmp(key, "wpa_passphrase") || !strcmp(key, "wpa_psk") ||
	    !strcmp(key, "sae_password") ||
	    (!strncmp(key, "wep_key", 7) && key[7] >= '0' && key[7] <= '3' &&
	     !key[8])) {
		char k[128];

		/* WEP keys may be quoted strings: "12345" */
		net_copy(k, sizeof(k), val[0] == '"' ? val + 1 : val);
		if (val[0] == '"')
			k[strcspn(k, "\"")] = '\0';
		net_wifi_key(s, h->c, e, no, line, k, what);
	}
	return 0;
}

void net_hostapd(struct jcsi_scan *s, struct net_ctx *c,
		 const struct jcsi_ev *e)
{
	struct hostapd h;

	memset(&h, 0, sizeof(h));
	h.c = c;
	h.b.wpa = -1;
	if (jcsi_scan_lines(s, e, hostapd_line, &h) == JCS_OK)
		bss_flush(s, e, &h);
}

/* --- wpa_supplicant.conf ------------------------------------------------ */

struct supp_key {
	uint64_t line;
	char text[256], key[128];
};

struct supplicant {
	struct net_ctx *c;
	int in, disabled, wep, wpa1, tkip, open;
	uint64_t start, mgmt_line, proto_line, tkip_line, wep_line;
	char ssid[80], mgmt_text[256], proto_text[256], tkip_text[256];
	struct supp_key keys[6];
	size_t nkeys;
};

static void supp_flush(struct jcsi_scan *s, const struct jcsi_ev *e,
		       struct supplicant *w)
{
	char what[120];

	snprintf(what, sizeof(what), "network %s", w->ssid[0] ? w->ssid : "?");
	if (!w->disabled) {
		if (w->open && w->wep)
			jcsi_emit(s, "network.wifi-wep", e, w->mgmt_line, what,
				  NULL, w->mgmt_text);
		else if (w->open)
			jcsi_emit(s, "network.wifi-open", e, w->mgmt_line, what,
				  NULL, w->mgmt_text);
		if (w->wpa1)
			jcsi_emit(s, "network.wifi-wpa1", e, w->proto_line, what,
				  NULL, w->proto_text);
		if (w->tkip)
			jcsi_emit(s, "network.wifi-tkip", e, w->tkip_line, what,
				  NULL, w->tkip_text);
		for (size_t i = 0; i < w->nkeys; i++)
			net_wifi_key(s, w->c, e, w->keys[i].line,
				     w->keys[i].text, w->keys[i].key, what);
	}
	memset(&w->in, 0, sizeof(*w) - offsetof(struct supplicant, in));
}

static int supplicant_line(struct jcsi_scan *s, const struct jcsi_ev *e,
			   uint64_t no, char *line, void *user)
{
	struct supplicant *w = user;
	char key[64];
	const char *eq = strchr(line, '='), *val;

	if (!w->in) {
		if (!strncmp(line, "network", 7) && strchr(line, '{')) {
			w->in = 1;
			w->start = no;
		}
		return 0;
	}
	if (line[0] == '}') {
		supp_flush(s, e, w);
		return 0;
	}
	if (!eq)
		return 0;
	snprintf(key, sizeof(key), "%.*s", (int)(eq - line), line);
	val = eq + 1;
	if (!strcmp(key, "ssid")) {
		net_copy(w->ssid, sizeof(w->ssid), val);
	} else if (!strcmp(key, "disabled")) {
		w->disabled = !strcmp(val, "1");
	} else if (!strcmp(key, "key_mgmt")) {
		w->open = !strcmp(val, "NONE");
		w->mgmt_line = no;
		net_copy(w->mgmt_text, sizeof(w->mgmt_text), line);
	} else if (!strcmp(key, "proto")) {
		w->wpa1 = !strcmp(val, "WPA") || !strcmp(val, "WPA RSN") ||
			  !strcmp(val, "RSN WPA");
		w->proto_line = no;
		net_copy(w->proto_text, sizeof(w->proto_text), line);
	} else if ((!strcmp(key, "pairwise") || !strcmp(key, "group")) &&
		   strstr(val, "TKIP") && !w->tkip) {
		w->tkip = 1;
		w->tkip_line = no;
		net_copy(w->tkip_text, sizeof(w->tkip_text), line);
	} else if ((!strcmp(key, "psk") || !strcmp(key, "sae_password") ||
		    (!strncmp(key, "wep_key", 7) && key[7] >= '0' &&
		     key[7] <= '3' && !key[8])) &&
		   w->nkeys < sizeof(w->keys) / sizeof(w->keys[0])) {
		struct supp_key *k = &w->keys[w->nkeys++];

		if (key[0] == 'w')
			w->wep = 1;
		k->line = no;
		net_copy(k->text, sizeof(k->text), line);
		net_copy(k->key, sizeof(k->key), val[0] == '"' ? val + 1 : val);
		if (val[0] == '"')
			k->key[strcspn(k->key, "\"")] = '\0';
	}
	return 0;
}

void net_wpa_supplicant(struct jcsi_scan *s, struct net_ctx *c,
			const struct jcsi_ev *e)
{
	struct supplicant *w = jcsi_calloc(1, sizeof(*w));

	if (!w)
		return;
	w->c = c;
	jcsi_scan_lines(s, e, supplicant_line, w);
	jcsi_free(w);
}

/*
 * net_int.h - the parts of the `network` check (check_network.c) and what
 * they share: the data they load from data/network/, small parsers (UCI
 * lines, host names, curl command lines, Wi-Fi settings) that the unit
 * tests reach directly, and one entry point per kind of configuration.
 */
#ifndef JCSTAR_NET_INT_H
#define JCSTAR_NET_INT_H

#include <stddef.h>
#include <stdint.h>

#include "check_int.h"

/* A list of words read from a data file (owned strings). */
struct net_words {
	char **v;
	size_t n, cap;
};

/* What the network check loads once per scan (net_data.c, net_text.c). */
struct net_ctx {
	struct net_words endpoint_keys;   /* config keys naming an endpoint */
	struct net_words endpoint_skip;   /* keys that never do (proxy...) */
	struct net_words endpoint_dirs;   /* where configuration lives */
	struct net_words endpoint_exts;
	struct net_words endpoint_nodirs; /* package feeds: not endpoints */
	struct net_words admin_names;     /* web root file names: admin UI */
	struct net_words admin_content;   /* web page content: admin UI */
	struct net_words admin_exts;      /* pages whose content is read */
	struct net_words passwords;       /* data/passwords/iot-default.txt */
	struct net_text *text;            /* compiled text patterns */
	/* boot scripts and inittab start miniupnpd (per container id) */
	uint32_t *upnp_started;
	size_t nupnp;
};

/* --- data (net_data.c) -------------------------------------------------- */

/* Loads every list; on error ERR gets "file:line: why". */
jcs_rc net_load(struct jcsi_scan *s, struct net_ctx *c, char *err,
		size_t errlen);
void net_free(struct net_ctx *c);
int net_words_has(const struct net_words *w, const char *word);
/* Some word of W is a substring of S (ASCII case-insensitive). */
int net_words_in(const struct net_words *w, const char *s);

/* --- shared parsing helpers (net_util.c) -------------------------------- */

/* UCI line: "config TYPE 'NAME'", "option KEY 'VAL'", "list KEY 'VAL'".
   Returns 'c', 'o', 'l' or 0 (anything else); quotes removed. */
int jcsi_net_uci(const char *line, char *key, size_t kcap, char *val,
		 size_t vcap);
/* "1", "on", "yes", "true", "enable(d)" (any case) */
int jcsi_net_truthy(const char *v);
/* HOST (N bytes) is loopback, private, link-local, a template, or a
   documentation / local-only name: not a cloud endpoint. */
int jcsi_net_host_local(const char *host, size_t n);
/* The port of a listen address ("80", "0.0.0.0:80", "[::]:8080",
   "127.0.0.1:80") into PORT; returns 1 if it binds to loopback only. */
int jcsi_net_listen_addr(const char *addr, char *port, size_t cap);
/* A copy of LINE with a trailing "# comment" removed (outside quotes). */
void jcsi_net_strip_comment(char *line);
/* Calls FN for each file of CONTAINER matching PATTERN (a glob; relative
   to the directory of FROM), in path order, at most 64. */
typedef void (*net_file_fn)(struct jcsi_scan *s, const struct jcsi_ev *e,
			    void *user);
void net_each_glob(struct jcsi_scan *s, const struct jcsi_ev *from,
		   const char *pattern, net_file_fn fn, void *user);
/* The next shell word of *P into OUT (quotes removed), advancing *P; 0
   at the end of the command (; & | ) ` or a '#' comment). */
int net_shell_word(const char **p, char *out, size_t cap);
/* SRC into DST (CAP bytes), cut to fit. */
void net_copy(char *dst, size_t cap, const char *src);
/* The file's base name. */
const char *net_base(const char *path);
/* A line from a boot script or inittab starts CMD (one of NAMES): the
   last occurrence that is not a test ("[ -x ...]"), kill or pidof. */
const char *net_started(const char *line, const char *const names[]);

/* --- web servers (net_web.c, net_web_conf.c) ----------------------------- */

/* A plain-HTTP listener found in a web server's configuration. */
struct net_web {
	const char *server;           /* "lighttpd" */
	const struct jcsi_ev *e;      /* where it is declared */
	uint64_t line;                /* 0: a default, not a line */
	char ports[64];               /* "80" or "80, 8080" */
	char docroot[256];            /* device path, "" unknown */
	char evidence[512];
};

/* Reports W: cleartext-admin-interface when its web root holds an admin
   UI (login form, CGI), else cleartext-protocol. */
void net_web_report(struct jcsi_scan *s, struct net_ctx *c,
		    const struct net_web *w);
void net_lighttpd(struct jcsi_scan *s, struct net_ctx *c,
		  const struct jcsi_ev *e);
void net_nginx(struct jcsi_scan *s, struct net_ctx *c,
	       const struct jcsi_ev *e);
void net_uhttpd(struct jcsi_scan *s, struct net_ctx *c,
		const struct jcsi_ev *e);
void net_boa(struct jcsi_scan *s, struct net_ctx *c, const struct jcsi_ev *e);
void net_mini_httpd(struct jcsi_scan *s, struct net_ctx *c,
		    const struct jcsi_ev *e);
/* busybox httpd and GoAhead started from a boot script or inittab line */
void net_web_boot_line(struct jcsi_scan *s, struct net_ctx *c,
		       const struct jcsi_ev *e, uint64_t no, const char *cmd,
		       const char *line);

/* --- Wi-Fi (net_wifi.c) --------------------------------------------------- */

enum {
	NET_WIFI_OPEN = 1 << 0,
	NET_WIFI_WEP = 1 << 1,
	NET_WIFI_WPA1 = 1 << 2,
	NET_WIFI_TKIP = 1 << 3,
	NET_WIFI_PSK = 1 << 4,  /* a pre-shared key mode (the key is kept) */
	NET_WIFI_ENTERPRISE = 1 << 5,
	NET_WIFI_WPS = 1 << 6,
};

/* The weaknesses of an OpenWrt "option encryption" value. */
unsigned jcsi_net_uci_encryption(const char *enc);

/* One hostapd BSS as far as security goes. */
struct net_hostapd_bss {
	int wpa;              /* -1: not set */
	int wep_keys;         /* wep_key0..3 present */
	int ieee8021x;
	int wps_state;
	int tkip;             /* wpa_pairwise/rsn_pairwise name TKIP */
	uint64_t line;        /* interface= or bss= line */
	uint64_t wpa_line, wep_line, wps_line, tkip_line;
};
/* Applies KEY=VAL (line NO) to B. */
void jcsi_net_hostapd_set(struct net_hostapd_bss *b, const char *key,
			  const char *val, uint64_t no);
/* NET_WIFI_* weaknesses of B. */
unsigned jcsi_net_hostapd_weak(const struct net_hostapd_bss *b);

void net_uci_wireless(struct jcsi_scan *s, struct net_ctx *c,
		      const struct jcsi_ev *e);
void net_hostapd(struct jcsi_scan *s, struct net_ctx *c,
		 const struct jcsi_ev *e);
void net_wpa_supplicant(struct jcsi_scan *s, struct net_ctx *c,
			const struct jcsi_ev *e);
/* A stored Wi-Fi key: network.wifi-psk, and network.wifi-weak-psk when
   it is in the password list. LINE is the evidence before masking;
   KEY is the secret in it. */
void net_wifi_key(struct jcsi_scan *s, struct net_ctx *c,
		  const struct jcsi_ev *e, uint64_t no, const char *line,
		  const char *key, const char *what);

/* --- MQTT brokers, FTP servers, UPnP (net_services.c, net_upnp.c) ------ */

void net_mosquitto(struct jcsi_scan *s, struct net_ctx *c,
		   const struct jcsi_ev *e);
void net_vsftpd(struct jcsi_scan *s, struct net_ctx *c,
		const struct jcsi_ev *e);
void net_proftpd(struct jcsi_scan *s, struct net_ctx *c,
		 const struct jcsi_ev *e);
void net_pureftpd(struct jcsi_scan *s, struct net_ctx *c,
		  const struct jcsi_ev *e);
void net_miniupnpd(struct jcsi_scan *s, struct net_ctx *c,
		   const struct jcsi_ev *e);
void net_uci_upnpd(struct jcsi_scan *s, struct net_ctx *c,
		   const struct jcsi_ev *e);
/* "allow 0-65535 0.0.0.0/0 0-65535": 1 allow-all, 0 not, -1 deny-all */
int jcsi_net_upnp_rule(const char *action, const char *ext,
		       const char *addr, const char *intports);

/* --- every text file: TLS verification, plain URLs (net_text.c) -------- */

/* Compiles the patterns of data/network/text-patterns.tsv. */
jcs_rc net_text_load(struct net_ctx *c, const char *path, char *err,
		     size_t errlen);
void net_text_free(struct net_ctx *c);
void net_text_file(struct jcsi_scan *s, struct net_ctx *c,
		   const struct jcsi_ev *e);
/* Does the curl command at CMD (pointing at "curl") switch verification
   off (-k, bundled "-sk", --insecure)? Stops at the end of the command. */
int jcsi_net_curl_insecure(const char *cmd);

#endif

/*
 * test_network.c - the tricky parsers of the network check
 * (lib/checks/net_*.c): curl's option bundling, OpenWrt encryption
 * values, hostapd BSS settings, which hosts are not cloud endpoints,
 * listen addresses, UPnP permission rules; then small trees of hostapd,
 * wpa_supplicant and /etc/config/wireless files scanned through
 * jcs_scan(), asserting the exact network.* findings with their lines.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "scan_findings.h"
#include <jansson.h>

#include "jcstar/jcstar.h"
#include "lib/checks/net_int.h"

static char dir[256];

static void test_curl(void **state)
{
	static const struct {
		const char *cmd;
		int insecure;
	} cases[] = {
		{"curl -k https://x", 1},
		{"curl -sk https://x", 1},
		{"curl -fsSLk https://x", 1},
		{"/usr/bin/curl --insecure https://x", 1},
		{"curl -ks -o /tmp/f https://x", 1},
		{"curl https://x -k", 1},
		{"curl -K /etc/curlrc https://x", 0},    /* config file */
		{"curl -s https://x", 0},
		{"curl -H 'X-k: -k' https://x", 0},      /* a header value */
		{"curl -Hk https://x", 0},               /* header "k" */
		{"curl -o -k https://x", 0},             /* output file "-k" */
		{"curl --header -k https://x", 0},
		{"curl https://x; wget -k http://y", 0}, /* wget: --convert-links */
		{"curl -s https://x # -k", 0},           /* a comment */
		{"curl --insecure --no-insecure https://x", 0},
		{"curl -- -k", 0},                       /* after "--": a URL */
		{"curl \"-k\" https://x", 1},
		{"curl -d k=1 https://x", 0},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (jcsi_net_curl_insecure(cases[i].cmd) != cases[i].insecure)
			fail_msg("curl: '%s' should be %d", cases[i].cmd,
				 cases[i].insecure);
}

static void test_uci_encryption(void **state)
{
	(void)state;
	assert_int_equal(jcsi_net_uci_encryption(""), NET_WIFI_OPEN);
	assert_int_equal(jcsi_net_uci_encryption("none"), NET_WIFI_OPEN);
	assert_int_equal(jcsi_net_uci_encryption("wep-open"),
			 NET_WIFI_WEP | NET_WIFI_PSK);
	assert_int_equal(jcsi_net_uci_encryption("psk"),
			 NET_WIFI_WPA1 | NET_WIFI_PSK);
	assert_int_equal(jcsi_net_uci_encryption("psk-mixed+ccmp"),
			 NET_WIFI_WPA1 | NET_WIFI_PSK);
	assert_int_equal(jcsi_net_uci_encryption("psk2"), NET_WIFI_PSK);
	assert_int_equal(jcsi_net_uci_encryption("psk2+ccmp"), NET_WIFI_PSK);
	assert_int_equal(jcsi_net_uci_encryption("psk2+tkip+ccmp"),
			 NET_WIFI_PSK | NET_WIFI_TKIP);
	assert_int_equal(jcsi_net_uci_encryption("sae"), NET_WIFI_PSK);
	assert_int_equal(jcsi_net_uci_encryption("sae-mixed"), NET_WIFI_PSK);
	assert_int_equal(jcsi_net_uci_encryption("wpa2+ccmp"),
			 NET_WIFI_ENTERPRISE);
	assert_int_equal(jcsi_net_uci_encryption("wpa"),
			 NET_WIFI_WPA1 | NET_WIFI_ENTERPRISE);
	assert_int_equal(jcsi_net_uci_encryption("owe"), 0);
}

static unsigned hostapd(const char *const kv[])
{
	struct net_hostapd_bss b;

	memset(&b, 0, sizeof(b));
	b.wpa = -1;
	for (size_t i = 0; kv[i]; i += 2)
		jcsi_net_hostapd_set(&b, kv[i], kv[i + 1], i + 1);
	return jcsi_net_hostapd_weak(&b);
}

static void test_hostapd(void **state)
{
	const char *const open[] = {"ssid", "x", NULL};
	const char *const wpa0[] = {"wpa", "0", NULL};
	const char *const wep[] = {"wep_key0", "\"12345\"", NULL};
	const char *const dyn_wep[] = {"ieee8021x", "1", NULL};
	const char *const wpa1[] = {"wpa", "1", NULL};
	const char *const mixed[] = {"wpa", "3", "wpa_pairwise", "TKIP CCMP",
				     NULL};
	const char *const wpa2[] = {"wpa", "2", "rsn_pairwise", "CCMP", NULL};
	const char *const tkip[] = {"wpa", "2", "rsn_pairwise", "TKIP", NULL};
	const char *const wps[] = {"wpa", "2", "wps_state", "2", NULL};
	const char *const nowps[] = {"wpa", "2", "wps_state", "0", NULL};

	(void)state;
	assert_int_equal(hostapd(open), NET_WIFI_OPEN);
	assert_int_equal(hostapd(wpa0), NET_WIFI_OPEN);
	assert_int_equal(hostapd(wep), NET_WIFI_WEP);
	assert_int_equal(hostapd(dyn_wep), NET_WIFI_WEP);
	assert_int_equal(hostapd(wpa1), NET_WIFI_WPA1);
	assert_int_equal(hostapd(mixed), NET_WIFI_WPA1 | NET_WIFI_TKIP);
	assert_int_equal(hostapd(wpa2), 0);
	assert_int_equal(hostapd(tkip), NET_WIFI_TKIP);
	assert_int_equal(hostapd(wps), NET_WIFI_WPS);
	assert_int_equal(hostapd(nowps), 0);
}

static int local(const char *h)
{
	return jcsi_net_host_local(h, strlen(h));
}

static void test_hosts(void **state)
{
	(void)state;
	assert_false(local("api.vendor-cloud.com"));
	assert_false(local("8.8.8.8"));
	assert_true(local("localhost"));
	assert_true(local("127.0.0.1"));
	assert_true(local("192.168.1.10"));
	assert_true(local("10.0.0.1"));
	assert_true(local("172.20.1.1"));
	assert_false(local("172.32.1.1"));
	assert_true(local("169.254.1.1"));
	assert_true(local("[::1]"));
	assert_true(local("router"));
	assert_true(local("nas.local"));
	assert_true(local("www.example.com"));
	assert_true(local("www.w3.org"));
	assert_true(local("$SERVER"));
	assert_true(local("%s"));
	assert_true(local(""));
}

static void test_listen(void **state)
{
	char port[16];

	(void)state;
	assert_false(jcsi_net_listen_addr("80", port, sizeof(port)));
	assert_string_equal(port, "80");
	assert_false(jcsi_net_listen_addr("0.0.0.0:8080", port, sizeof(port)));
	assert_string_equal(port, "8080");
	assert_false(jcsi_net_listen_addr("[::]:80", port, sizeof(port)));
	assert_string_equal(port, "80");
	assert_true(jcsi_net_listen_addr("127.0.0.1:80", port, sizeof(port)));
	assert_true(jcsi_net_listen_addr("[::1]:80", port, sizeof(port)));
	assert_false(jcsi_net_listen_addr(":443", port, sizeof(port)));
	assert_string_equal(port, "443");
}

static void test_upnp_rules(void **state)
{
	(void)state;
	assert_int_equal(jcsi_net_upnp_rule("allow", "0-65535", "0.0.0.0/0",
					    "0-65535"), 1);
	assert_int_equal(jcsi_net_upnp_rule("allow", "1024-65535", "0.0.0.0/0",
					    "1024-65535"), 0);
	assert_int_equal(jcsi_net_upnp_rule("allow", "1024-65535",
					    "192.168.1.0/24", "1-65535"), 0);
	assert_int_equal(jcsi_net_upnp_rule("deny", "0-65535", "0.0.0.0/0",
					    "0-65535"), -1);
	assert_int_equal(jcsi_net_upnp_rule("allow", "80", "::/0", "80"), 1);
}

/* --- small trees through jcs_scan() ------------------------------------- */

static void put(const char *root, const char *name, const char *text)
{
	char p[1024], cmd[1200];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", root, name);
	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s')\"", p);
	assert_int_equal(system(cmd), 0);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* the "rule path:line" lines of the network.* findings of ROOT are WANT */
static void expect_tree(const char *root, const char *want)
{
	expect_findings(root, "network.", 1, want);
}

static void test_wifi_files(void **state)
{
	char root[400];

	(void)state;
	snprintf(root, sizeof(root), "%s/wifi", dir);
	put(root, "etc/hostapd/hostapd.conf",
	    "interface=wlan0\n"            /* 1 */
	    "ssid=guest\n"                 /* 2: open BSS */
	    "# wpa=2\n"                    /* 3 */
	    "bss=wlan0_1\n"                /* 4 */
	    "ssid=home\n"                  /* 5 */
	    "wpa=3\n"                      /* 6: WPA1 allowed */
	    "wpa_pairwise=TKIP CCMP\n"     /* 7 */
	    "wpa_passphrase=admin\n"       /* 8: stored, and weak */
	    "wps_state=2\n"                /* 9 */
	    "bss=wlan0_2\n"                /* 10 */
	    "wpa=2\n"                      /* 11 */
	    "rsn_pairwise=CCMP\n"          /* 12 */
	    "wpa_psk=0123456789abcdef0123456789abcdef"
	    "0123456789abcdef0123456789abcdef\n"); /* 13 */
	put(root, "etc/wpa_supplicant.conf",
	    "ctrl_interface=/var/run/wpa_supplicant\n" /* 1 */
	    "network={\n"                  /* 2 */
	    "\tssid=\"cafe\"\n"            /* 3 */
	    "\tkey_mgmt=NONE\n"            /* 4: open */
	    "}\n"                          /* 5 */
	    "network={\n"                  /* 6 */
	    "\tssid=\"old\"\n"             /* 7 */
	    "\tkey_mgmt=NONE\n"            /* 8: WEP */
	    "\twep_key0=\"abcde\"\n"       /* 9 */
	    "}\n"                          /* 10 */
	    "network={\n"                  /* 11 */
	    "\tssid=\"off\"\n"             /* 12 */
	    "\tpsk=\"Secret-Passphrase-1\"\n" /* 13: disabled: nothing */
	    "\tdisabled=1\n"               /* 14 */
	    "}\n"                          /* 15 */
	    "network={\n"                  /* 16 */
	    "\tssid=\"home\"\n"            /* 17 */
	    "\tpsk=\"Secret-Passphrase-2\"\n" /* 18 */
	    "}\n");
	put(root, "etc/config/wireless",
	    "config wifi-device 'radio0'\n"      /* 1 */
	    "\toption channel '11'\n"            /* 2 */
	    "config wifi-device 'radio1'\n"      /* 3 */
	    "\toption disabled '1'\n"            /* 4 */
	    "config wifi-iface 'a'\n"            /* 5 */
	    "\toption device 'radio0'\n"         /* 6 */
	    "\toption encryption 'psk2+ccmp'\n"  /* 7 */
	    "\toption key 'Str0ng-and-long!'\n"  /* 8 */
	    "config wifi-iface 'b'\n"            /* 9 */
	    "\toption device 'radio1'\n"         /* 10: radio off */
	    "\toption encryption 'none'\n"       /* 11 */
	    "config wifi-iface 'c'\n"            /* 12 */
	    "\toption device 'radio0'\n"         /* 13 */
	    "\toption encryption 'wep-open'\n"   /* 14 */
	    "\toption key '1'\n"                 /* 15 */
	    "\toption key1 's:abcde'\n"          /* 16 */
	    "config wifi-iface 'd'\n"            /* 17 */
	    "\toption device 'radio0'\n"         /* 18 */
	    "\toption disabled '1'\n"            /* 19 */
	    "\toption encryption 'psk'\n"        /* 20 */
	    "config wifi-iface 'e'\n"            /* 21 */
	    "\toption device 'radio0'\n"         /* 22 */
	    "\toption encryption 'sae'\n"        /* 23 */
	    "\toption key 'password'\n"          /* 24 */
	    "\toption wps_pushbutton '1'\n");    /* 25 */
	expect_tree(root,
		    "network.wifi-open /etc/hostapd/hostapd.conf:1\n"
		    "network.wifi-open /etc/wpa_supplicant.conf:4\n"
		    "network.wifi-psk /etc/config/wireless:16\n"
		    "network.wifi-psk /etc/config/wireless:24\n"
		    "network.wifi-psk /etc/config/wireless:8\n"
		    "network.wifi-psk /etc/hostapd/hostapd.conf:13\n"
		    "network.wifi-psk /etc/hostapd/hostapd.conf:8\n"
		    "network.wifi-psk /etc/wpa_supplicant.conf:18\n"
		    "network.wifi-psk /etc/wpa_supplicant.conf:9\n"
		    "network.wifi-tkip /etc/hostapd/hostapd.conf:7\n"
		    "network.wifi-weak-psk /etc/config/wireless:24\n"
		    "network.wifi-weak-psk /etc/hostapd/hostapd.conf:8\n"
		    "network.wifi-wep /etc/config/wireless:14\n"
		    "network.wifi-wep /etc/wpa_supplicant.conf:8\n"
		    "network.wifi-wpa1 /etc/hostapd/hostapd.conf:6\n"
		    "network.wifi-wps /etc/config/wireless:25\n"
		    "network.wifi-wps /etc/hostapd/hostapd.conf:9\n");
}

/* deep nesting, unterminated quotes and blocks, long lines: parsed
   without reading past their state (the ASan build runs this too) */
static void test_hostile_configs(void **state)
{
	char root[400], deep[4096] = "", *got, big[3000];

	(void)state;
	snprintf(root, sizeof(root), "%s/hostile", dir);
	for (int i = 0; i < 40; i++)
		strncat(deep, "$HTTP[\"host\"] == \"x\" {\n",
			sizeof(deep) - strlen(deep) - 1);
	strncat(deep, "server.port = 81\n}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}"
		"\n$SERVER[\"socket\"] == \":8\n{ url.redirect = ( \"\n",
		sizeof(deep) - strlen(deep) - 1);
	put(root, "etc/lighttpd/lighttpd.conf", deep);
	put(root, "etc/nginx/nginx.conf",
	    "http { server { server { if ( { location / { location / {\n"
	    "listen 80 \"unterminated;\n include nginx.conf;\n"
	    "}}}}}}}}}}}}}}}}}}}}}}}}}\n");
	memset(big, 'k', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	memcpy(big, "curl -", 6);
	put(root, "bin/x.sh", big);
	put(root, "etc/config/wireless",
	    "config wifi-iface\noption key\nconfig\noption\n");
	put(root, "etc/hostapd.conf", "bss=\nwep_key9=1\nwpa=x\n=\n");
	put(root, "etc/mosquitto/mosquitto.conf",
	    "listener\nconnection\naddress :\ninclude_dir .\n");
	got = scan_findings(root, "network.", 1);
	assert_non_null(got);
	free(got);
}

static int setup(void **state)
{
	const char *src = getenv("JCSTAR_SOURCE_ROOT");
	char data[4096];

	(void)state;
	if (src) {
		snprintf(data, sizeof(data), "%s/data", src);
		setenv("JCSTAR_DATADIR", data, 1);
	}
	snprintf(dir, sizeof(dir), "/tmp/jcstar-net-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[400];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_curl),
		cmocka_unit_test(test_uci_encryption),
		cmocka_unit_test(test_hostapd),
		cmocka_unit_test(test_hosts),
		cmocka_unit_test(test_listen),
		cmocka_unit_test(test_upnp_rules),
		cmocka_unit_test(test_wifi_files),
		cmocka_unit_test(test_hostile_configs),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

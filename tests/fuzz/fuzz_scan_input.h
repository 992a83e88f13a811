/*
 * fuzz_scan_input.h - turns fuzzer bytes into a small root file system for
 * `jcstar scan`: the input is cut at "\n--\n" into the files every check
 * parses (accounts, init and service configs, SSH, web, Wi-Fi, MQTT, FTP,
 * UPnP and update configs, a key, a certificate, one ELF file: the list
 * below), written under a scratch
 * directory, then scanned. Shared by the libFuzzer target and the corpus
 * replay of the normal test suite.
 */
#ifndef JCSTAR_FUZZ_SCAN_INPUT_H
#define JCSTAR_FUZZ_SCAN_INPUT_H

#include <fcntl.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jcstar/jcstar.h"

/* The order is the meaning of a corpus input's pieces: append only. */
static const char *const fuzz_scan_files[] = {
	"etc/passwd", "etc/shadow", "etc/inittab", "etc/init.d/rcS",
	"etc/inetd.conf", "etc/ssh/sshd_config", "etc/config/system",
	"etc/config/dropbear", "boot/cmdline.txt", "bin/prog",
	/* services, accounts */
	"etc/xinetd.d/telnet", "etc/systemd/system/multi-user.target.wants/"
	"debug.service", "etc/crontab", "www/.htpasswd", "etc/httpd.conf",
	/* network */
	"etc/config/wireless", "etc/hostapd/hostapd.conf",
	"etc/wpa_supplicant.conf", "etc/lighttpd/lighttpd.conf",
	"etc/config/uhttpd", "etc/nginx/nginx.conf",
	"etc/mosquitto/mosquitto.conf", "etc/vsftpd.conf",
	"etc/miniupnpd.conf", "etc/config/upnpd",
	/* update */
	"sbin/fw-upgrade.sh", "etc/opkg.conf", "etc/apk/repositories",
	"etc/mender/mender.conf", "etc/swupdate.cfg",
	/* content: keys, certificates, secrets */
	"etc/ssl/private/server.key", "etc/ssl/certs/server.pem",
	"usr/share/app/config.json", NULL};

/* mkdir -p of the directories above PATH (a path under an existing dir) */
static inline void fuzz_scan_mkparents(char *path)
{
	for (char *p = strchr(path + 1, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
}

static inline int fuzz_scan_rm(const char *p, const struct stat *st, int t,
			       struct FTW *f)
{
	(void)st;
	(void)f;
	return t == FTW_DP ? rmdir(p) : unlink(p);
}

/* Removes what fuzz_scan_one() made under ROOT. */
static inline void fuzz_scan_cleanup(const char *root)
{
	char p[4096];

	nftw(root, fuzz_scan_rm, 16, FTW_DEPTH | FTW_PHYS);
	snprintf(p, sizeof(p), "%s.passwords", root);
	unlink(p);
}

/* Writes the pieces of D under ROOT (made if missing) and scans it. */
static inline void fuzz_scan_one(const char *root, const uint8_t *d, size_t n)
{
	struct jcs_scan_opts o;
	struct jcs_result *r;
	char err[256], path[4096];
	size_t at = 0;

	mkdir(root, 0755);
	snprintf(path, sizeof(path), "%s/usr/libexec/login.sh", root);
	fuzz_scan_mkparents(path);
	close(open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755));
	for (size_t i = 0; fuzz_scan_files[i]; i++) {
		const uint8_t *end = NULL;
		size_t len;
		int fd;

		for (size_t k = at; k + 4 <= n; k++)
			if (!memcmp(d + k, "\n--\n", 4)) {
				end = d + k;
				break;
			}
		len = end ? (size_t)(end - (d + at)) : n - at;
		snprintf(path, sizeof(path), "%s/%s", root,
			 fuzz_scan_files[i]);
		fuzz_scan_mkparents(path);
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd >= 0) {
			if (len && write(fd, d + at, len) < 0)
				len = 0;
			close(fd);
		}
		at = end ? at + len + 4 : n;
	}
	jcs_scan_opts_default(&o);
	o.data_dir = getenv("JCSTAR_DATADIR");
	/* a short password list next to ROOT: the parsers are what is
	   fuzzed, and 600 slow hashes per input would leave no time for them */
	snprintf(path, sizeof(path), "%s.passwords", root);
	{
		static const char pw[] = "admin\n12345\nroot\npassword123\n";
		int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (fd >= 0) {
			if (write(fd, pw, sizeof(pw) - 1) == sizeof(pw) - 1)
				o.password_list = path;
			close(fd);
		}
	}
	r = jcs_result_new("scan");
	if (r) {
		jcs_scan(root, &o, r, err, sizeof(err));
		jcs_result_free(r);
	}
}

#endif

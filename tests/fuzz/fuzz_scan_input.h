/*
 * fuzz_scan_input.h - turns fuzzer bytes into a small root file system for
 * `jcstar scan`: the input is cut at "\n--\n" into the files every check
 * parses (passwd, shadow, inittab, rcS, inetd.conf, sshd_config, OpenWrt
 * configs, a kernel command line, one ELF file), written under a scratch
 * directory, then scanned. Shared by the libFuzzer target and the corpus
 * replay of the normal test suite.
 */
#ifndef JCSTAR_FUZZ_SCAN_INPUT_H
#define JCSTAR_FUZZ_SCAN_INPUT_H

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jcstar/jcstar.h"

static const char *const fuzz_scan_files[] = {
	"etc/passwd",	    "etc/shadow",	  "etc/inittab",
	"etc/init.d/rcS",   "etc/inetd.conf",	  "etc/ssh/sshd_config",
	"etc/config/system", "etc/config/dropbear", "boot/cmdline.txt",
	"bin/prog",	    NULL};

static inline void fuzz_scan_mkdirs(const char *root)
{
	static const char *const dirs[] = {"etc", "etc/init.d", "etc/ssh",
					   "etc/config", "boot", "bin",
					   "usr", "usr/libexec", NULL};
	char p[4096];

	mkdir(root, 0755);
	for (size_t i = 0; dirs[i]; i++) {
		snprintf(p, sizeof(p), "%s/%s", root, dirs[i]);
		mkdir(p, 0755);
	}
	snprintf(p, sizeof(p), "%s/usr/libexec/login.sh", root);
	close(open(p, O_WRONLY | O_CREAT | O_TRUNC, 0755));
}

/* Removes what fuzz_scan_one() made under ROOT. */
static inline void fuzz_scan_cleanup(const char *root)
{
	static const char *const dirs[] = {"usr/libexec", "usr", "bin",
					   "boot", "etc/config", "etc/ssh",
					   "etc/init.d", "etc", NULL};
	char p[4096];

	for (size_t i = 0; fuzz_scan_files[i]; i++) {
		snprintf(p, sizeof(p), "%s/%s", root, fuzz_scan_files[i]);
		unlink(p);
	}
	snprintf(p, sizeof(p), "%s/usr/libexec/login.sh", root);
	unlink(p);
	for (size_t i = 0; dirs[i]; i++) {
		snprintf(p, sizeof(p), "%s/%s", root, dirs[i]);
		rmdir(p);
	}
	rmdir(root);
}

/* Writes the pieces of D under ROOT (made if missing) and scans it. */
static inline void fuzz_scan_one(const char *root, const uint8_t *d, size_t n)
{
	struct jcs_scan_opts o;
	struct jcs_result *r;
	char err[256], path[4096];
	size_t at = 0;

	fuzz_scan_mkdirs(root);
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
	r = jcs_result_new("scan");
	if (r) {
		jcs_scan(root, &o, r, err, sizeof(err));
		jcs_result_free(r);
	}
}

#endif

/*
 * pkgdb.h - parsers of package databases and release files, on bytes in
 * memory (no scan, no files: so a fuzzer and the unit tests reach them
 * directly). identify_packages.c feeds them the files of a scanned tree.
 *
 *  - dpkg /var/lib/dpkg/status and opkg /usr/lib/opkg/status and
 *    info/<pkg>.control: RFC 822-like stanzas ("Field: value",
 *    continuation lines start with a blank, stanzas end at a blank line);
 *  - apk /lib/apk/db/installed: "X:value" lines, a blank line between
 *    packages, F: (directory) and R: (file in it) name the files;
 *  - /etc/os-release, /etc/openwrt_release: shell-style KEY=value with
 *    optional quotes.
 */
#ifndef JCSTAR_PKGDB_H
#define JCSTAR_PKGDB_H

#include <stddef.h>

#include "jcstar/jcstar.h"

/* A package db bigger than this is not believed (a full Debian desktop's
   status is ~4 MiB). */
#define JCSI_PKGDB_MAX (64u << 20)
/* apk files kept per package (the caller keeps fewer as evidence). */
#define JCSI_PKG_FILES_MAX 4096

/* One package; strings borrowed, valid during the callback only. NULL:
   field absent. */
struct jcsi_pkg {
	const char *name;       /* Package: / P: */
	const char *version;    /* Version: / V: (full, with epoch/revision) */
	const char *status;     /* Status: (dpkg, opkg); NULL for apk */
	const char *arch;       /* Architecture: / A: */
	const char *maintainer; /* Maintainer: / m: */
	const char *source;     /* Source: name only (version cut off) / o: */
	const char *license;    /* License: / L: */
	const char *const *files; /* apk only: absolute paths */
	size_t n_files;
};

/* Called per package; nonzero stops the parse (which still returns
   JCS_OK). */
typedef int (*jcsi_pkg_fn)(const struct jcsi_pkg *p, void *user);

/* dpkg/opkg stanzas in BUF (LEN bytes, may hold NULs: a NUL ends a line's
   value). A stanza without Package: is skipped. */
jcs_rc jcsi_pkgdb_parse_stanzas(const char *buf, size_t len, jcsi_pkg_fn fn,
				void *user);

/* apk's installed database in BUF. */
jcs_rc jcsi_pkgdb_parse_apk(const char *buf, size_t len, jcsi_pkg_fn fn,
			    void *user);

/* Whether a dpkg/opkg Status: says the package's files are on disk:
   "install ok installed", "install user installed", also "hold ...
   installed"; NULL (an info/PKG.control file, no status): yes. */
int jcsi_pkg_installed(const char *status);

/*
 * The value of KEY in a KEY=value file (os-release(5): double or single
 * quotes, backslash escapes inside double quotes), into OUT (CAP bytes,
 * truncated). 1 found, 0 not.
 */
int jcsi_kv_get(const char *buf, size_t len, const char *key, char *out,
		size_t cap);

/*
 * The upstream version of a package version, into OUT (CAP bytes):
 * the epoch ("1:") and the packaging revision (after the last '-':
 * Debian "-1+deb12u1", OpenWrt "-1", Alpine "-r2") are cut, and a Debian
 * repack suffix ("+dfsg", ".dfsg1", "~ds", "+repack") at the end of what
 * is left as well, since the upstream project never published it.
 * "1:1.2.13.dfsg-1" -> "1.2.13"; "1:9.2p1-2+deb12u3" -> "9.2p1".
 */
void jcsi_upstream_version(const char *v, char *out, size_t cap);

#endif

/*
 * fuzz_pkgdb_input.h - the package database and release file parsers of
 * lib/sbom/pkgdb.c on fuzzer bytes: the same bytes go through the dpkg/
 * opkg stanza parser, the apk parser and the os-release reader, and
 * their first line through the upstream version and purl builders.
 * Checked on the way: every package handed out has a non-empty name,
 * its strings are NUL-terminated inside (ASan), an apk file path starts
 * with '/', and an upstream version is never longer than the version.
 * A broken law aborts. Shared by fuzz_pkgdb.c and replay.c.
 */
#ifndef JCSTAR_FUZZ_PKGDB_INPUT_H
#define JCSTAR_FUZZ_PKGDB_INPUT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/mem.h"
#include "lib/sbom/names.h"
#include "lib/sbom/pkgdb.h"

static inline void fuzz_pkgdb_law(int ok, const char *law)
{
	if (ok)
		return;
	fprintf(stderr, "fuzz_pkgdb: %s\n", law);
	abort();
}

static inline int fuzz_pkgdb_each(const struct jcsi_pkg *p, void *user)
{
	const char *const f[] = {p->version, p->status, p->arch,
				 p->maintainer, p->source, p->license};
	char up[256];
	size_t *n = user;

	fuzz_pkgdb_law(p->name && *p->name, "package without a name");
	for (size_t i = 0; i < sizeof(f) / sizeof(*f); i++)
		if (f[i])
			(*n) += strlen(f[i]);
	for (size_t i = 0; i < p->n_files; i++)
		fuzz_pkgdb_law(p->files[i][0] == '/', "apk file not absolute");
	fuzz_pkgdb_law(p->n_files <= JCSI_PKG_FILES_MAX, "too many files");
	jcsi_upstream_version(p->version, up, sizeof(up));
	fuzz_pkgdb_law(!p->version || strlen(up) <= strlen(p->version),
		       "upstream version longer than the version");
	(void)jcsi_pkg_installed(p->status);
	return 0;
}

static inline void fuzz_pkgdb_one(const uint8_t *d, size_t n)
{
	static const char *const keys[] = {"ID", "VERSION_ID", "BUILD_ID",
					   "DISTRIB_RELEASE"};
	const char *buf = (const char *)d;
	size_t total = 0, first = 0;
	char v[128], line[512], *p;

	jcsi_pkgdb_parse_stanzas(buf, n, fuzz_pkgdb_each, &total);
	jcsi_pkgdb_parse_apk(buf, n, fuzz_pkgdb_each, &total);
	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++) {
		jcsi_kv_get(buf, n, keys[i], v, sizeof(v));
		fuzz_pkgdb_law(strlen(v) < sizeof(v), "kv value not cut");
	}
	while (first < n && first + 1 < sizeof(line) && d[first] != '\n' &&
	       d[first])
		first++;
	memcpy(line, d, first);
	line[first] = '\0';
	jcsi_upstream_version(line, v, sizeof(v));
	fuzz_pkgdb_law(strlen(v) <= strlen(line), "upstream longer");
	p = jcsi_purl("deb/debian", line, line, line);
	if (p) {
		fuzz_pkgdb_law(!strncmp(p, "pkg:deb/debian/", 15), "purl prefix");
		for (const char *q = p; *q; q++)
			fuzz_pkgdb_law(*q > 0x20 && *q < 0x7f, "purl byte");
		jcsi_free(p);
	}
}

#endif

/*
 * test_vulndb.c - the vulnerability database (lib/vuln/vulndb*.c,
 * import_*.c, json_stream.c) on the hand-written feeds of
 * tests/data/vuln/ (real NVD 2.0, OSV, KEV JSON and CSV formats):
 * import counts, idempotence (a second import changes nothing, not even
 * the log), incremental updates and rejections, known-answer matches on
 * both sides of every range boundary (1.0.2k, 2022.83, 9.2p1, 4.14.180,
 * 2.4.7-rc1, including and excluding ends), the AND/negate simplification,
 * KEV flags, fixed versions, OSV ranges and purls, status, and errors
 * that name the file and the place.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../lib/core/mem.h"
#include "../../lib/vuln/dpkg_vercmp.h"
#include "../../lib/vuln/json_stream.h"
#include "../../lib/vuln/vulndb.h"

static char dir[64];
static char dbpath[128];
static struct jcs_vulndb *db;

static const char *data(const char *name)
{
	static char path[4][1024];
	static int n;
	const char *src = getenv("JCSTAR_SOURCE_ROOT");

	n = (n + 1) % 4;
	snprintf(path[n], sizeof(path[n]), "%s/tests/data/vuln/%s",
		 src ? src : ".", name);
	return path[n];
}

static int setup(void **state)
{
	char err[512] = "";

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/test_vulndb.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(dbpath, sizeof(dbpath), "%s/sub/vuln.db", dir);
	if (jcs_vulndb_open(dbpath, 1, &db, err, sizeof(err)) != JCS_OK) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	jcs_vulndb_close(db);
	db = NULL;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static struct jcs_vulndb_import_stats import(const char *name, jcs_rc want)
{
	struct jcs_vulndb_import_stats st;
	char err[512] = "";
	jcs_rc rc = jcs_vulndb_import(db, data(name), &st, err, sizeof(err));

	if (rc != want)
		fprintf(stderr, "%s: %s (%s)\n", name, jcs_strerror(rc), err);
	assert_int_equal(rc, want);
	return st;
}

/* ---- matching helpers: the hits as "ID,ID" and the last hit ---- */

struct seen {
	char ids[1024];
	struct jcs_vuln_hit last;
	char fixed[64], vector[128], version[8], osv[64];
};

static int collect(const struct jcs_vuln_hit *h, void *user)
{
	struct seen *s = user;
	size_t n = strlen(s->ids);

	snprintf(s->ids + n, sizeof(s->ids) - n, "%s%s", n ? "," : "", h->id);
	s->last = *h;
	snprintf(s->fixed, sizeof(s->fixed), "%s", h->fixed ? h->fixed : "");
	snprintf(s->vector, sizeof(s->vector), "%s", h->vector ? h->vector : "");
	snprintf(s->version, sizeof(s->version), "%s",
		 h->cvss_version ? h->cvss_version : "");
	snprintf(s->osv, sizeof(s->osv), "%s", h->osv_id ? h->osv_id : "");
	return 0;
}

static struct seen seen;
static struct jcs_vuln_stats mst;

static const char *match(char part, const char *vendor, const char *product,
			 const char *version)
{
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(jcsi_vulndb_match(db, part, vendor, product, version,
					   collect, &seen, &mst), JCS_OK);
	return seen.ids;
}

static const char *match_osv(const char *eco, const char *name,
			     const char *version)
{
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(jcsi_vulndb_match_osv(db, eco, name, version,
					       collect, &seen, &mst), JCS_OK);
	return seen.ids;
}

static struct jcs_vulndb_status status(void)
{
	struct jcs_vulndb_status st;

	assert_int_equal(jcs_vulndb_status(db, &st), JCS_OK);
	return st;
}

/* The database file's bytes, hashed (FNV-1a). */
static uint64_t file_hash(const char *path)
{
	uint64_t h = 1469598103934665603ull;
	FILE *f = fopen(path, "rb");
	int c;

	assert_non_null(f);
	while ((c = getc(f)) != EOF)
		h = (h ^ (unsigned char)c) * 1099511628211ull;
	fclose(f);
	return h;
}

/* ---- tests ---- */

static void test_import_nvd(void **state)
{
	struct jcs_vulndb_import_stats st;
	struct jcs_vulndb_status s;
	uint64_t before;

	(void)state;
	st = import("nvd-2.0.json", JCS_OK);
	assert_string_equal(st.kind, "nvd");
	assert_int_equal(st.records, 10);
	assert_int_equal(st.added, 9);
	assert_int_equal(st.updated, 0);
	assert_int_equal(st.rejected, 1);
	assert_int_equal(st.removed, 0);
	/* vulnerable criteria only: not the platform of the AND
	   configuration, not the negated node, not the rejected CVE */
	assert_int_equal(st.criteria, 15);
	s = status();
	assert_int_equal(s.cves, 9);
	assert_int_equal(s.criteria, 15);
	assert_int_equal(s.imports, 1);
	assert_string_equal(s.newest_modified, "2024-06-10T17:16:00.000");
	assert_true(s.age_days > 100);

	/* idempotent: nothing changes, not even the log: not one byte of
	   the database file */
	before = file_hash(dbpath);
	st = import("nvd-2.0.json", JCS_OK);
	assert_true(file_hash(dbpath) == before);
	assert_int_equal(st.records, 10);
	assert_int_equal(st.added + st.updated + st.removed, 0);
	assert_int_equal(st.unchanged, 9);
	s = status();
	assert_int_equal(s.cves, 9);
	assert_int_equal(s.criteria, 15);
	assert_int_equal(s.imports, 1);

	/* the gzip copy: same records, a new file in the log */
	st = import("nvd-2.0.json.gz", JCS_OK);
	assert_int_equal(st.records, 10);
	assert_int_equal(st.unchanged, 9);
	assert_int_equal(status().imports, 2);
	assert_int_equal(status().criteria, 15);
}

static void test_description_and_cvss(void **state)
{
	sqlite3_stmt *s;

	(void)state;
	import("nvd-2.0.json", JCS_OK);
	assert_int_equal(sqlite3_prepare_v2(db->sql, "SELECT description, "
		"cvss, cvss_version FROM cve WHERE id = 'CVE-2022-30065'", -1,
		&s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	/* 499 'A' then a 2-byte character across byte 500: cut before it */
	assert_int_equal(strlen((const char *)sqlite3_column_text(s, 0)), 499);
	assert_true(sqlite3_column_double(s, 1) == 7.8);
	sqlite3_finalize(s);

	/* "Primary" (7.5) over the CNA's "Secondary" (5.3) */
	assert_string_equal(match('a', "openssl", "openssl", "1.0.2k"),
			    "CVE-2017-3735");
	assert_true(seen.last.cvss == 7.5);
	assert_string_equal(seen.version, "3.1");
	assert_string_equal(seen.vector,
		"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N");
	/* only CVSS v2 in the record */
	assert_string_equal(match('a', "w1.fi", "hostapd", "2.4.7-rc1"),
			    "CVE-2099-0001");
	assert_true(seen.last.cvss == 7.5);
	assert_string_equal(seen.version, "2.0");
}

static void test_match_ranges(void **state)
{
	(void)state;
	import("nvd-2.0.json", JCS_OK);

	/* OpenSSL: [1.0.2, 1.0.2m) and [1.1.0, 1.1.0f] */
	assert_string_equal(match('a', "openssl", "openssl", "1.0.2k"),
			    "CVE-2017-3735");
	assert_string_equal(seen.fixed, "1.0.2m");
	assert_string_equal(match('a', "openssl", "openssl", "1.0.2"),
			    "CVE-2017-3735");
	assert_string_equal(match('a', "openssl", "openssl", "1.0.2l"),
			    "CVE-2017-3735");
	assert_string_equal(match('a', "openssl", "openssl", "1.0.2m"), "");
	assert_string_equal(match('a', "openssl", "openssl", "1.0.1u"), "");
	assert_string_equal(match('a', "openssl", "openssl", "1.1.0f"),
			    "CVE-2017-3735");
	assert_string_equal(seen.fixed, ""); /* only an including end */
	assert_string_equal(match('a', "openssl", "openssl", "1.1.0g"), "");
	assert_string_equal(match(0, "OpenSSL", "OpenSSL", "1.0.2k"),
			    "CVE-2017-3735");

	/* Dropbear: < 2022.83 */
	assert_string_equal(match('a', "dropbear_ssh_project", "dropbear_ssh",
				  "2020.81"), "CVE-2021-36369");
	assert_string_equal(match('a', "dropbear_ssh_project", "dropbear_ssh",
				  "2022.82"), "CVE-2021-36369");
	assert_string_equal(seen.fixed, "2022.83");
	assert_string_equal(match('a', "dropbear_ssh_project", "dropbear_ssh",
				  "2022.83"), "");

	/* OpenSSH: < 9.3, 9.3 (update "-"), 9.3p1; 9.1p1 exactly */
	assert_string_equal(match('a', "openbsd", "openssh", "9.2p1"),
			    "CVE-2023-38408");
	assert_string_equal(match('a', "openbsd", "openssh", "9.3"),
			    "CVE-2023-38408");
	assert_string_equal(match('a', "openbsd", "openssh", "9.3p1"),
			    "CVE-2023-38408");
	assert_string_equal(match('a', "openbsd", "openssh", "9.3p2"), "");
	assert_string_equal(match('a', "openbsd", "openssh", "9.1p1"),
			    "CVE-2023-25136,CVE-2023-38408");
	assert_string_equal(match('a', "openbsd", "openssh", "9.1p2"),
			    "CVE-2023-38408");

	/* Linux: [4.14, 4.14.181) and (4.19, 4.19.124] */
	assert_string_equal(match('o', "linux", "linux_kernel", "4.14.180"),
			    "CVE-2020-10757");
	assert_string_equal(seen.fixed, "4.14.181");
	assert_string_equal(match('o', "linux", "linux_kernel", "4.14.99"),
			    "CVE-2020-10757");
	assert_string_equal(match('o', "linux", "linux_kernel", "4.14"),
			    "CVE-2020-10757");
	assert_string_equal(match('o', "linux", "linux_kernel", "4.14.181"),
			    "");
	assert_string_equal(match('o', "linux", "linux_kernel", "4.13.5"), "");
	assert_string_equal(match('o', "linux", "linux_kernel", "4.19"), "");
	assert_string_equal(match('o', "linux", "linux_kernel", "4.19.1"),
			    "CVE-2020-10757");
	assert_string_equal(match('o', "linux", "linux_kernel", "4.19.124"),
			    "CVE-2020-10757");
	assert_string_equal(match('o', "linux", "linux_kernel", "4.19.125"),
			    "");
	/* the kernel is an 'o': as an application it is not */
	assert_string_equal(match('a', "linux", "linux_kernel", "4.14.180"),
			    "");

	/* lighttpd: [1.4.56, 1.4.67) */
	assert_string_equal(match('a', "lighttpd", "lighttpd", "1.4.69"), "");
	assert_string_equal(match('a', "lighttpd", "lighttpd", "1.4.67"), "");
	assert_string_equal(match('a', "lighttpd", "lighttpd", "1.4.66"),
			    "CVE-2022-41556");
	assert_string_equal(match('a', "lighttpd", "lighttpd", "1.4.56"),
			    "CVE-2022-41556");
	assert_string_equal(match('a', "lighttpd", "lighttpd", "1.4.55"), "");

	/* hostapd: (2.4.6, 2.4.7): a release candidate is before 2.4.7 */
	assert_string_equal(match('a', "w1.fi", "hostapd", "2.4.7-rc1"),
			    "CVE-2099-0001");
	assert_string_equal(match('a', "w1.fi", "hostapd", "2.4.6.1"),
			    "CVE-2099-0001");
	assert_string_equal(match('a', "w1.fi", "hostapd", "2.4.7"), "");
	assert_string_equal(match('a', "w1.fi", "hostapd", "2.4.6"), "");

	/* exact version; trailing zeros do not count */
	assert_string_equal(match('a', "busybox", "busybox", "1.35.0"),
			    "CVE-2022-30065");
	assert_string_equal(match('a', "busybox", "busybox", "1.35"),
			    "CVE-2022-30065");
	assert_string_equal(match('a', "busybox", "busybox", "1.35.1"), "");

	/* the rejected CVE named openssl 1.0.2k: never stored */
	assert_null(strstr(match('a', "openssl", "openssl", "1.0.2k"),
			   "CVE-2099-2000"));
}

static void test_match_unknown_and_and(void **state)
{
	(void)state;
	import("nvd-2.0.json", JCS_OK);

	/* unknown or non-version versions: not vulnerable, counted */
	assert_string_equal(match('a', "openssl", "openssl", NULL), "");
	assert_int_equal(mst.version_unknown, 1);
	assert_int_equal(mst.matched, 0);
	assert_string_equal(match('a', "busybox", "busybox", ""), "");
	assert_int_equal(mst.version_unknown, 1);
	assert_string_equal(match('a', "openbsd", "openssh", "unknown"), "");
	assert_int_equal(mst.version_unknown, 2);
	/* version "-" (NA): only an unknown version matches */
	assert_string_equal(match('a', "example", "nover", NULL),
			    "CVE-2022-30065");
	assert_string_equal(match('a', "example", "nover", "1.0"), "");
	/* no such product */
	assert_string_equal(match('a', "acme", "nothing", "1.0"), "");
	assert_int_equal(mst.criteria_checked, 0);

	/* AND: the vulnerable firmware matches alone; the platform is no
	   criterion; a negated node is not one either */
	assert_string_equal(match('o', "tp-link", "archer_c7_firmware",
				  "3.15.3"), "CVE-2099-1000");
	assert_string_equal(match('o', "tp-link", "archer_c7_firmware",
				  "3.15.4"), "");
	assert_string_equal(match('h', "tp-link", "archer_c7", "2.0"), "");
	assert_string_equal(match('a', "example", "agent", "4.0"),
			    "CVE-2099-1000");
	assert_string_equal(match('a', "example", "agent_plugin", "1.0"), "");

	assert_int_equal(jcsi_vulndb_match(db, 'a', NULL, "x", "1", collect,
					   &seen, NULL), JCS_E_ARG);
}

static int stop_first(const struct jcs_vuln_hit *h, void *user)
{
	(*(int *)user)++;
	return 1;
}

static void test_update_and_kev(void **state)
{
	struct jcs_vulndb_import_stats st;
	uint64_t before;
	int calls = 0;

	(void)state;
	import("nvd-2.0.json", JCS_OK);
	st = import("nvd-update.json", JCS_OK);
	assert_int_equal(st.records, 3);
	assert_int_equal(st.added, 0);
	assert_int_equal(st.updated, 1);   /* dropbear, newer */
	assert_int_equal(st.unchanged, 1); /* openssl, an older copy */
	assert_int_equal(st.rejected, 1);
	assert_int_equal(st.removed, 1);   /* lighttpd, rejected later */
	assert_int_equal(status().cves, 8);
	assert_int_equal(status().criteria, 14);
	assert_string_equal(status().newest_modified, "2024-07-01T11:00:00.000");
	/* the corrected range: < 2022.82 */
	assert_string_equal(match('a', "dropbear_ssh_project", "dropbear_ssh",
				  "2022.82"), "");
	assert_string_equal(match('a', "dropbear_ssh_project", "dropbear_ssh",
				  "2022.81"), "CVE-2021-36369");
	assert_string_equal(seen.fixed, "2022.82");
	assert_true(seen.last.cvss == 5.3);
	assert_string_equal(match('a', "lighttpd", "lighttpd", "1.4.66"), "");
	assert_string_equal(match('a', "openssl", "openssl", "1.0.2k"),
			    "CVE-2017-3735");
	assert_true(seen.last.cvss == 7.5);
	st = import("nvd-update.json", JCS_OK);
	assert_int_equal(st.updated + st.added + st.removed, 0);
	assert_int_equal(status().imports, 2);
	/* the older full file again: the rejection and the newer dropbear
	   record stay */
	st = import("nvd-2.0.json", JCS_OK);
	assert_int_equal(st.updated + st.added + st.removed, 0);
	assert_int_equal(st.unchanged, 9);
	assert_int_equal(status().cves, 8);
	assert_string_equal(match('a', "lighttpd", "lighttpd", "1.4.66"), "");
	assert_string_equal(match('a', "dropbear_ssh_project", "dropbear_ssh",
				  "2022.82"), "");

	/* KEV */
	assert_string_equal(match('a', "openbsd", "openssh", "9.2p1"),
			    "CVE-2023-38408");
	assert_false(seen.last.kev);
	st = import("kev.json", JCS_OK);
	assert_string_equal(st.kind, "kev-json");
	assert_int_equal(st.records, 2);
	assert_int_equal(st.added, 2);
	before = file_hash(dbpath);
	st = import("kev.json", JCS_OK);
	assert_true(file_hash(dbpath) == before);
	assert_int_equal(st.unchanged, 2);
	assert_int_equal(st.added + st.updated, 0);
	st = import("kev.csv", JCS_OK);
	assert_string_equal(st.kind, "kev-csv");
	assert_int_equal(st.records, 2);
	assert_int_equal(st.added, 1);     /* dropbear */
	assert_int_equal(st.unchanged, 1); /* the kernel, same fields */
	assert_int_equal(status().kev, 3);
	assert_string_equal(match('a', "openbsd", "openssh", "9.2p1"),
			    "CVE-2023-38408");
	assert_true(seen.last.kev);
	assert_string_equal(seen.fixed, "9.3");
	assert_string_equal(match('a', "dropbear_ssh_project", "dropbear_ssh",
				  "2022.81"), "CVE-2021-36369");
	assert_true(seen.last.kev);
	assert_string_equal(match('a', "busybox", "busybox", "1.35"),
			    "CVE-2022-30065");
	assert_false(seen.last.kev);

	/* the callback stops the matching */
	assert_int_equal(jcsi_vulndb_match(db, 'a', "openbsd", "openssh",
					   "9.1p1", stop_first, &calls, NULL),
			 JCS_OK);
	assert_int_equal(calls, 1);
}

static void test_osv(void **state)
{
	struct jcs_vulndb_import_stats st;
	uint64_t before;
	char eco[32], name[64], ver[64];

	(void)state;
	import("nvd-2.0.json", JCS_OK);
	st = import("osv/DSA-5417-1.json", JCS_OK);
	assert_string_equal(st.kind, "osv");
	assert_int_equal(st.records, 1);
	assert_int_equal(st.added, 1);
	assert_int_equal(st.criteria, 2); /* one range, one version list */
	assert_int_equal(st.skipped, 1);  /* the GIT range */
	st = import("osv.zip", JCS_OK);
	assert_int_equal(st.records, 2);
	assert_int_equal(st.added, 1);
	assert_int_equal(st.unchanged, 1);
	before = file_hash(dbpath);
	st = import("osv.zip", JCS_OK);
	assert_true(file_hash(dbpath) == before);
	assert_int_equal(st.unchanged, 2);
	assert_int_equal(status().osv, 2);
	assert_int_equal(status().osv_ranges, 4);

	assert_string_equal(match_osv("Debian:12", "openssl", "3.0.8-1"),
			    "CVE-2023-2650");
	assert_string_equal(seen.osv, "DSA-5417-1");
	assert_string_equal(seen.fixed, "3.0.9-1");
	assert_string_equal(match_osv("Debian:12", "openssl", "3.0.9-1"), "");
	assert_string_equal(match_osv("Debian:12", "openssl",
				      "3.0.11-1~deb12u2"), "");
	assert_string_equal(match_osv("Debian:11", "openssl", "3.0.8-1"), "");
	/* introduced..last_affected, with epochs */
	assert_string_equal(match_osv("Debian:12", "busybox", "1:1.35.0-4"),
			    "CVE-2022-48174");
	assert_string_equal(seen.fixed, "");
	assert_string_equal(match_osv("Debian:12", "busybox", "1:1.30.1-1"),
			    "CVE-2022-48174");
	assert_string_equal(match_osv("Debian:12", "busybox", "1:1.35.0-5"),
			    "");
	assert_string_equal(match_osv("Debian:12", "busybox", "1:1.30.0-1"),
			    "");
	/* introduced with no end: every later version */
	assert_string_equal(match_osv("Debian:11", "busybox", "1:1.99"),
			    "CVE-2022-48174");
	assert_string_equal(match_osv("Debian:12", "busybox", NULL), "");
	assert_int_equal(mst.version_unknown, 1);

	/* purls as sbom writes them */
	assert_int_equal(jcsi_purl_to_osv(
		"pkg:deb/debian/openssl@3.0.8-1?arch=mipsel&distro=debian-12",
		eco, sizeof(eco), name, sizeof(name), ver, sizeof(ver)), JCS_OK);
	assert_string_equal(eco, "Debian:12");
	assert_string_equal(name, "openssl");
	assert_string_equal(ver, "3.0.8-1");
	assert_int_equal(jcsi_purl_to_osv(
		"pkg:deb/debian/busybox@1%3A1.35.0-4?distro=bookworm",
		eco, sizeof(eco), name, sizeof(name), ver, sizeof(ver)), JCS_OK);
	assert_string_equal(ver, "1:1.35.0-4");
	assert_string_equal(eco, "Debian:12");
	assert_int_equal(jcsi_purl_to_osv("pkg:deb/debian/x@1?distro=debian-11.9",
		eco, sizeof(eco), name, sizeof(name), ver, sizeof(ver)), JCS_OK);
	assert_string_equal(eco, "Debian:11");
	assert_int_equal(jcsi_purl_to_osv("pkg:generic/busybox@1.36.1",
		eco, sizeof(eco), name, sizeof(name), ver, sizeof(ver)),
		JCS_E_UNSUPPORTED);
	assert_int_equal(jcsi_purl_to_osv("pkg:deb/debian/x@1",
		eco, sizeof(eco), name, sizeof(name), ver, sizeof(ver)),
		JCS_E_UNSUPPORTED);
	assert_int_equal(jcsi_purl_to_osv("pkg:deb/debian/@1?distro=debian-12",
		eco, sizeof(eco), name, sizeof(name), ver, sizeof(ver)),
		JCS_E_FORMAT);
	assert_int_equal(jcsi_purl_to_osv("pkg:deb/debian/x@1%4?distro=debian-12",
		eco, sizeof(eco), name, sizeof(name), ver, sizeof(ver)),
		JCS_E_FORMAT);
	assert_int_equal(jcsi_purl_to_osv("deb/x@1", eco, sizeof(eco), name,
		sizeof(name), ver, sizeof(ver)), JCS_E_FORMAT);
}

static void write_file(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	fclose(f);
}

static void test_errors(void **state)
{
	struct jcs_vulndb_import_stats st;
	char path[256], err[512], big[4096];
	struct jcs_vulndb *other;
	FILE *f;
	size_t n;

	(void)state;
	snprintf(path, sizeof(path), "%s/notes.txt", dir);
	write_file(path, "hello\n", 6);
	err[0] = '\0';
	assert_int_equal(jcs_vulndb_import(db, path, NULL, err, sizeof(err)),
			 JCS_E_FORMAT);
	assert_non_null(strstr(err, "notes.txt: not an NVD"));

	/* an NVD file cut in the middle of a record */
	f = fopen(data("nvd-2.0.json"), "rb");
	assert_non_null(f);
	n = fread(big, 1, 3000, f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/cut.json", dir);
	write_file(path, big, n);
	assert_int_equal(jcs_vulndb_import(db, path, NULL, err, sizeof(err)),
			 JCS_E_TRUNCATED);
	assert_non_null(strstr(err, "cut.json: byte 3000: the document ends "
			       "inside an element"));

	/* a record that is not JSON: the record's number and place */
	snprintf(path, sizeof(path), "%s/bad.json", dir);
	snprintf(big, sizeof(big), "{\"resultsPerPage\":2,\"vulnerabilities\":"
		 "[{\"cve\":{\"id\":\"CVE-2000-0001\",\"lastModified\":"
		 "\"2020\"}},\n{\"cve\":{\"id\": x}}]}");
	write_file(path, big, strlen(big));
	assert_int_equal(jcs_vulndb_import(db, path, NULL, err, sizeof(err)),
			 JCS_E_FORMAT);
	assert_non_null(strstr(err, "bad.json: record 2 (ending at byte"));

	/* an NVD 1.1 feed: no "vulnerabilities" array */
	snprintf(path, sizeof(path), "%s/nvdcve-1.1-2020.json", dir);
	snprintf(big, sizeof(big), "{\"CVE_data_type\":\"CVE\",\"CVE_Items\":"
		 "[{\"cve\":{\"CVE_data_meta\":{\"ID\":\"CVE-2020-0001\"}}}]}");
	write_file(path, big, strlen(big));
	assert_int_equal(jcs_vulndb_import(db, path, NULL, err, sizeof(err)),
			 JCS_E_FORMAT);
	assert_non_null(strstr(err, "nvdcve-1.1-2020.json: no top-level "
			       "\"vulnerabilities\" array"));

	/* CSV with an unclosed quote: file:line */
	snprintf(path, sizeof(path), "%s/kev.csv", dir);
	snprintf(big, sizeof(big), "cveID,dateAdded,dueDate\n"
		 "CVE-2020-0001,2020-01-01,2020-02-01\n"
		 "CVE-2020-0002,\"2020-01-01,2020-02-01\n");
	write_file(path, big, strlen(big));
	assert_int_equal(jcs_vulndb_import(db, path, NULL, err, sizeof(err)),
			 JCS_E_FORMAT);
	assert_non_null(strstr(err, "kev.csv:3: malformed CSV record"));

	/* a header that is not CSV, and JSON that is none of the feeds but
	   starts like one: refused, no crash (found by fuzz_nvd_stream: the
	   header's fields were read after a failed record) */
	snprintf(big, sizeof(big), "cveID,\"dateAdded\nCVE-2020-0001\n");
	write_file(path, big, strlen(big));
	assert_int_equal(jcs_vulndb_import(db, path, NULL, err, sizeof(err)),
			 JCS_E_FORMAT);
	assert_non_null(strstr(err, "kev.csv:1: not the KEV header"));
	assert_int_equal(jcsi_import_kev_csv(db, data("nvd-update.json"), &st,
					     err, sizeof(err)), JCS_E_FORMAT);
	write_file(path, "", 0);
	assert_int_equal(jcsi_import_kev_csv(db, path, &st, err, sizeof(err)),
			 JCS_E_FORMAT);

	/* not jcstar's database; missing without create */
	snprintf(path, sizeof(path), "%s/missing.db", dir);
	assert_int_equal(jcs_vulndb_open(path, 0, &other, err, sizeof(err)),
			 JCS_E_IO);
	assert_null(other);
	snprintf(path, sizeof(path), "%s/other.db", dir);
	{
		sqlite3 *s;

		assert_int_equal(sqlite3_open(path, &s), SQLITE_OK);
		assert_int_equal(sqlite3_exec(s, "CREATE TABLE t(x)", NULL,
					      NULL, NULL), SQLITE_OK);
		sqlite3_close(s);
	}
	assert_int_equal(jcs_vulndb_open(path, 1, &other, err, sizeof(err)),
			 JCS_E_FORMAT);
	assert_non_null(strstr(err, "not jcstar's"));
	/* the database reopens as it was */
	jcs_vulndb_close(db);
	assert_int_equal(jcs_vulndb_open(dbpath, 0, &db, err, sizeof(err)),
			 JCS_OK);
}

static void test_dpkg_order(void **state)
{
	static const char *const older[][2] = {
		/* A < B */
		{"3.0.11-1~deb12u1", "3.0.11-1"},
		{"3.0.11-1~deb12u1", "3.0.11-1~deb12u2"},
		{"1.0~rc1", "1.0"},
		{"1.0~~", "1.0~"},
		{"1.0", "1.0a"},
		{"1.0a", "1.0+"},
		{"1.0-1", "1.0-1+b1"},
		{"1.0-9", "1.0-10"},
		{"2.0", "1:1.0"},
		{"1:1.35.0-4", "1:1.35.0-5"},
		{"1.2.3", "1.2.10"},
		{NULL, "0"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(older) / sizeof(older[0]); i++) {
		assert_true(jcsi_dpkg_version_cmp(older[i][0], older[i][1]) < 0);
		assert_true(jcsi_dpkg_version_cmp(older[i][1], older[i][0]) > 0);
	}
	assert_int_equal(jcsi_dpkg_version_cmp("1.01", "1.1"), 0);
	assert_int_equal(jcsi_dpkg_version_cmp("0:1.0-1", "1.0-1"), 0);
	assert_int_equal(jcsi_dpkg_version_cmp("1.0", "1.0-0"), 0);

	/* in OSV matching: a security update of 3.0.9-1 is still before
	   the fix 3.0.9-1; a later one is not */
	import("osv.zip", JCS_OK);
	assert_string_equal(match_osv("Debian:12", "openssl",
				      "3.0.9-1~deb12u1"), "CVE-2023-2650");
	assert_string_equal(match_osv("Debian:12", "openssl",
				      "3.0.9-1+deb12u1"), "");
}

/* ---- the splitter alone ---- */

struct elems {
	unsigned n;
	char first[64];
};

static jcs_rc count_elem(const char *e, size_t len, void *user)
{
	struct elems *c = user;

	if (!c->n++)
		snprintf(c->first, sizeof(c->first), "%.*s", (int)len, e);
	return JCS_OK;
}

static jcs_rc split(const char *doc, size_t piece, struct elems *c)
{
	struct jcsi_jstream js;
	char err[256];
	size_t len = strlen(doc);
	jcs_rc rc = JCS_OK;

	memset(c, 0, sizeof(*c));
	jcsi_jstream_init(&js, "vulnerabilities", count_elem, c);
	for (size_t i = 0; rc == JCS_OK && i < len; i += piece)
		rc = jcsi_jstream_feed(&js, doc + i,
				       len - i < piece ? len - i : piece, err,
				       sizeof(err));
	if (rc == JCS_OK)
		rc = jcsi_jstream_finish(&js, err, sizeof(err));
	jcsi_jstream_free(&js);
	return rc;
}

static void test_splitter(void **state)
{
	static const char doc[] =
		"{\"meta\":{\"vulnerabilities\":[{\"no\":1}]},"
		"\"x\":\"vulnerabilities\","
		"\"vulnerabilitiesX\":[{\"no\":2}],"
		"\"vulner\\u0061bilities\":[{\"no\":3}],"
		"\"vulnerabilities\" : [ {\"a\":\"}]\\\"{\"} ,{\"b\":[{}]}\n]}";
	struct elems c;

	(void)state;
	for (size_t piece = 1; piece < sizeof(doc); piece++) {
		assert_int_equal(split(doc, piece, &c), JCS_OK);
		assert_int_equal(c.n, 2);
		assert_string_equal(c.first, "{\"a\":\"}]\\\"{\"}");
	}
	assert_int_equal(split("{\"vulnerabilities\":[1,2]}", 7, &c),
			 JCS_E_FORMAT);
	assert_int_equal(split("[{\"vulnerabilities\":[]}]", 7, &c),
			 JCS_E_FORMAT);
	assert_int_equal(split("{\"vulnerabilities\":[{\"a\":1}", 3, &c),
			 JCS_E_TRUNCATED);
	assert_int_equal(split("{\"vulnerabilities\":[]}", 3, &c), JCS_OK);
	assert_int_equal(c.n, 0);
	assert_int_equal(split("", 3, &c), JCS_E_TRUNCATED);
	{
		/* nesting past the limit */
		char deep[2 * JCSI_JSTREAM_DEPTH_MAX + 64];
		size_t o = (size_t)snprintf(deep, sizeof(deep),
					    "{\"vulnerabilities\":[{\"a\":");

		for (int i = 0; i < JCSI_JSTREAM_DEPTH_MAX; i++)
			deep[o++] = '[';
		deep[o] = '\0';
		assert_int_equal(split(deep, 100, &c), JCS_E_LIMIT);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_import_nvd, setup, teardown),
		cmocka_unit_test_setup_teardown(test_description_and_cvss, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_match_ranges, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_match_unknown_and_and, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_update_and_kev, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_osv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dpkg_order, setup, teardown),
		cmocka_unit_test(test_splitter),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * vulndb.h - the local vulnerability database, internal side: the handle,
 * the importers (one file each) and matching, which the scan and sbom
 * code call with the components they found.
 *
 * Tables (vulndb_schema.c has the SQL and why each index exists):
 *   cve        id, published, modified, description (first 500 bytes),
 *              cvss score/vector/version (v3.1, else v3.0, else v4.0,
 *              else v2; NVD's "Primary" metric first),
 *              status
 *   cpe_match  one row per vulnerable NVD cpeMatch criterion: cve id,
 *              part, vendor, product (lower case), version and update
 *              ('*' ANY, '-' NA, else the value; a value '*', '-' or
 *              starting with a backslash gets one in front), the four range
 *              bounds, the criteria string; a rejected CVE keeps its cve
 *              row (status "Rejected", a tombstone) and loses its criteria
 *   osv, osv_alias, osv_affected
 *              OSV records, their aliases (CVE ids) and one row per
 *              affected range (ecosystem, package, introduced, fixed,
 *              last_affected) or explicit version list
 *   kev        CISA KEV: cve id, date added, due date, ransomware use
 *   import_log source kind, file name, sha256, records, changed, time
 *
 * The NVD configuration simplification (import_nvd.c): every cpeMatch
 * with "vulnerable": true in a node that is not negated is a match
 * criterion of its CVE, whatever the operators around it. An AND
 * configuration "vulnerable application running on a non-vulnerable
 * platform" (e.g. a router firmware CPE AND a hardware CPE) thus matches
 * on the application alone: jcstar cannot tell the hardware of a firmware
 * image, so it reports the CVE rather than hiding it. Non-vulnerable
 * criteria (the platforms) and negated nodes or configurations are not
 * stored (a negated node says "not with this": jcstar does not try to
 * prove an absence).
 */
#ifndef JCSTAR_VULNDB_INT_H
#define JCSTAR_VULNDB_INT_H

#include <stdbool.h>
#include <stdint.h>

#include <sqlite3.h>

#include "jcstar/vulndb.h"

/* Records per transaction while importing. */
#define JCSI_VULNDB_BATCH 2000
/* Bytes of description kept (cut at a UTF-8 character boundary). */
#define JCSI_VULNDB_DESC_MAX 500

/* Prepared statements, kept on the handle: prepared once, reset per use. */
enum jcsi_vulndb_stmt {
	JCSI_ST_CVE_GET,
	JCSI_ST_CVE_PUT,
	JCSI_ST_CVE_DEL,
	JCSI_ST_CPE_DEL,
	JCSI_ST_CPE_PUT,
	JCSI_ST_OSV_GET,
	JCSI_ST_OSV_PUT,
	JCSI_ST_OSV_ALIAS_DEL,
	JCSI_ST_OSV_ALIAS_PUT,
	JCSI_ST_OSV_AFF_DEL,
	JCSI_ST_OSV_AFF_PUT,
	JCSI_ST_KEV_GET,
	JCSI_ST_KEV_PUT,
	JCSI_ST_MATCH,
	JCSI_ST_OSV_MATCH,
	JCSI_ST_CVE_INFO,
	JCSI_ST_COUNT
};

/* A handle is used by one thread at a time (its statements are shared). */
struct jcs_vulndb {
	sqlite3 *sql;
	sqlite3_stmt *stmt[JCSI_ST_COUNT];
	uint64_t batch;          /* records in the open transaction */
};

/*
 * The statement ID, prepared on first use and reset; NULL on a database
 * error (message in ERR).
 */
sqlite3_stmt *jcsi_vulndb_stmt(struct jcs_vulndb *db,
			       enum jcsi_vulndb_stmt id, char *err,
			       size_t errlen);

/* vulndb_schema.c: creates the tables when missing, checks the version. */
jcs_rc jcsi_vulndb_schema(sqlite3 *sql, int create, char *err,
			  size_t errlen);

/* vulndb.c: helpers the importers share. */
jcs_rc jcsi_vulndb_exec(struct jcs_vulndb *db, const char *sql, char *err,
			size_t errlen);
/*
 * One record done: commits and begins a new transaction every
 * JCSI_VULNDB_BATCH records (one fsync-free commit per batch instead of
 * one per record, and a bounded journal).
 */
jcs_rc jcsi_vulndb_batch(struct jcs_vulndb *db, char *err, size_t errlen);
/* Runs a statement that returns no rows and resets it. */
jcs_rc jcsi_vulndb_step_done(struct jcs_vulndb *db, sqlite3_stmt *st,
			     char *err, size_t errlen);
/* Binds S (NULL: NULL) as text. */
void jcsi_bind_text(sqlite3_stmt *st, int i, const char *s);
/*
 * Statement ID as jcsi_vulndb_stmt gives it, with KEY (the record's id,
 * which every importer statement is keyed by) bound to ?1.
 */
sqlite3_stmt *jcsi_vulndb_stmt_key(struct jcs_vulndb *db,
				   enum jcsi_vulndb_stmt id, const char *key,
				   char *err, size_t errlen);
/* Statement ID run for KEY (a DELETE of a record's rows). */
jcs_rc jcsi_vulndb_run_key(struct jcs_vulndb *db, enum jcsi_vulndb_stmt id,
			   const char *key, char *err, size_t errlen);
/*
 * A record written: counted as updated when it EXISTED before, else as
 * added, then jcsi_vulndb_batch.
 */
jcs_rc jcsi_vulndb_stored(struct jcs_vulndb *db, int existed,
			  struct jcs_vulndb_import_stats *st, char *err,
			  size_t errlen);

/* What an importer's element callback (json_stream.h) writes with. */
struct jcsi_import_ctx {
	struct jcs_vulndb *db;
	struct jcs_vulndb_import_stats *st;
	char *err;
	size_t errlen;
};

/*
 * The importers. Each reads FILE (already classified by vulndb.c), in a
 * transaction opened by the caller, and fills ST.
 */
jcs_rc jcsi_import_nvd(struct jcs_vulndb *db, const char *file,
		       struct jcs_vulndb_import_stats *st, char *err,
		       size_t errlen);
jcs_rc jcsi_import_osv(struct jcs_vulndb *db, const char *file, int zip,
		       struct jcs_vulndb_import_stats *st, char *err,
		       size_t errlen);
jcs_rc jcsi_import_kev_json(struct jcs_vulndb *db, const char *file,
			    struct jcs_vulndb_import_stats *st, char *err,
			    size_t errlen);
jcs_rc jcsi_import_kev_csv(struct jcs_vulndb *db, const char *file,
			   struct jcs_vulndb_import_stats *st, char *err,
			   size_t errlen);

/*
 * Record parsers, without files (the fuzz target calls them on any
 * bytes): one NVD "vulnerabilities" element, one OSV record.
 */
jcs_rc jcsi_import_nvd_element(struct jcs_vulndb *db, const char *json,
			       size_t len, struct jcs_vulndb_import_stats *st,
			       char *err, size_t errlen);
jcs_rc jcsi_import_osv_record(struct jcs_vulndb *db, const char *json,
			      size_t len, struct jcs_vulndb_import_stats *st,
			      char *err, size_t errlen);

/* ---------------------------------------------------------------------
 * Matching
 */

/* struct jcs_vuln_hit, jcs_vuln_fn, struct jcs_vuln_stats: jcstar/vulndb.h */

/*
 * Every CVE of the database whose match criteria match the component
 * VENDOR:PRODUCT at VERSION (NVD spelling, case-insensitive; VERSION NULL
 * or "" when unknown), each CVE once, in id order, through FN.
 * A criterion matches as jcsi_cpe_match() says (exact versions, the
 * four range bounds with jcsi_version_cmp, '*' any, '-' only an unknown
 * version). HIT->fixed is the matching criterion's versionEndExcluding.
 * PART is 'a', 'o' or 'h', or 0 for any. ST may be NULL.
 * JCS_E_ARG for NULL vendor/product, JCS_E_IO for a database error.
 */
jcs_rc jcsi_vulndb_match(struct jcs_vulndb *db, char part,
			 const char *vendor, const char *product,
			 const char *version, jcs_vuln_fn fn, void *user,
			 struct jcs_vuln_stats *st);

/*
 * The same against the OSV ranges of package NAME in ECOSYSTEM
 * ("Debian:12", "Ubuntu:22.04", "Alpine:v3.18", "PyPI", ...). Debian and
 * Ubuntu versions order as dpkg orders them (dpkg_vercmp.h: '~' before
 * everything, so 3.0.11-1~deb12u1 < 3.0.11-1); every other ecosystem as
 * jcsi_version_cmp (not exactly Alpine's or PyPI's rules).
 * HIT->fixed is the range's fixed version. An unknown VERSION counts in
 * ST->version_unknown.
 */
jcs_rc jcsi_vulndb_match_osv(struct jcs_vulndb *db, const char *ecosystem,
			     const char *name, const char *version,
			     jcs_vuln_fn fn, void *user,
			     struct jcs_vuln_stats *st);

/*
 * For a purl "pkg:deb/debian/NAME@VERSION?distro=debian-12" (the form
 * sbom writes): the OSV ecosystem "Debian:12", name and version, into the
 * buffers. JCS_E_UNSUPPORTED for other purl types or a deb purl without
 * a Debian release; JCS_E_FORMAT for a malformed purl.
 */
jcs_rc jcsi_purl_to_osv(const char *purl, char *ecosystem, size_t elen,
			char *name, size_t nlen, char *version, size_t vlen);

#endif

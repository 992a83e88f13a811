/*
 * vulndb.h - the local vulnerability database of libjcstar (public part):
 * open it, import feed files into it, ask what it holds, match
 * components against it (the library's own code calls the internal
 * jcsi_vulndb_match() of lib/vuln/vulndb.h, which these wrap).
 *
 * The database is one SQLite file. It holds NVD CVE records with their
 * CPE match criteria, OSV records with their affected package ranges, the
 * CISA Known Exploited Vulnerabilities catalog, and a log of the files
 * imported. Nothing here touches the network.
 */
#ifndef JCSTAR_VULNDB_H
#define JCSTAR_VULNDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jcstar/jcstar.h"

#ifdef __cplusplus
extern "C" {
#endif

struct jcs_vulndb;

/*
 * The default database path into BUF: $JCSTAR_DB if set, else
 * $XDG_DATA_HOME/jcstar/vuln.db, else $HOME/.local/share/jcstar/vuln.db.
 * JCS_E_ARG when none of them is set, JCS_E_LIMIT when BUF is too small.
 */
JCS_API jcs_rc jcs_vulndb_default_path(char *buf, size_t len);

/*
 * Opens the database at PATH. CREATE: create the file (and its parent
 * directory) and the tables when missing; otherwise a missing file is
 * JCS_E_IO. JCS_E_FORMAT: the file is not a jcstar database (or a newer
 * version of one). ERR gets a sentence.
 */
JCS_API jcs_rc jcs_vulndb_open(const char *path, int create,
			       struct jcs_vulndb **out, char *err,
			       size_t errlen);
JCS_API void jcs_vulndb_close(struct jcs_vulndb *db);

/* What one import did. Counts are records of the file's kind. */
struct jcs_vulndb_import_stats {
	const char *kind;    /* "nvd", "osv", "kev-json", "kev-csv" */
	uint64_t records;    /* records read from the file */
	uint64_t added;      /* new in the database */
	uint64_t updated;    /* newer than the copy in the database */
	uint64_t unchanged;  /* the same (or older) as in the database */
	uint64_t rejected;   /* NVD "Rejected" CVEs read (kept as tombstones
				without criteria, so older files do not
				bring them back) */
	uint64_t removed;    /* ... of them that were live CVEs before */
	uint64_t skipped;    /* records or criteria jcstar cannot use */
	uint64_t criteria;   /* CPE match criteria / OSV ranges written */
};

/*
 * Imports FILE: an NVD CVE API 2.0 JSON file (plain or gzip), an OSV
 * record (JSON) or a zip of them, the CISA KEV catalog as JSON or CSV,
 * told apart by content. Streaming: memory does not grow with the file.
 * Incremental and idempotent: a record is written only when it is new or
 * newer (NVD/OSV: lastModified/modified; KEV: any field differs); so
 * importing the same file again changes nothing. JCS_E_FORMAT with
 * "FILE: where: why" in ERR for input that is not one of these; the
 * records of a failed import before the error are kept (each batch is
 * one transaction), which a later import completes.
 */
JCS_API jcs_rc jcs_vulndb_import(struct jcs_vulndb *db, const char *file,
				 struct jcs_vulndb_import_stats *st,
				 char *err, size_t errlen);

struct jcs_vulndb_status {
	uint64_t cves; /* not counting rejected ones */
	uint64_t criteria, osv, osv_ranges, kev, imports;
	char newest_modified[32]; /* newest CVE/OSV lastModified, "" none */
	char last_import[32];     /* UTC time of the last import, "" none */
	double age_days;          /* now - newest_modified; -1: empty */
};

JCS_API jcs_rc jcs_vulndb_status(struct jcs_vulndb *db,
				 struct jcs_vulndb_status *st);

/* One row of the import log, oldest first; valid during the call. */
struct jcs_vulndb_source {
	const char *kind, *file, *sha256, *time;
	uint64_t records, changed;
};
typedef void (*jcs_vulndb_source_fn)(const struct jcs_vulndb_source *s,
				     void *user);
JCS_API jcs_rc jcs_vulndb_sources(struct jcs_vulndb *db,
				  jcs_vulndb_source_fn fn, void *user);

/* ---------------------------------------------------------------------
 * Matching components (lib/vuln/vulndb.h has the details)
 */

/* One vulnerability of a component; strings valid during the call. */
struct jcs_vuln_hit {
	const char *id;          /* CVE id (OSV: its CVE alias, else OSV id) */
	const char *osv_id;      /* OSV record that matched, else NULL */
	double cvss;             /* base score; < 0: none in the database */
	const char *vector;      /* CVSS vector string, NULL: none */
	const char *cvss_version; /* "3.1", "3.0", "2.0", NULL */
	bool kev;                /* in CISA's KEV catalog */
	const char *fixed;       /* first fixed version, NULL: unknown */
	const char *criteria;    /* NVD: the criterion that matched */
};

/* Called once per vulnerability; non-zero stops the matching. */
typedef int (*jcs_vuln_fn)(const struct jcs_vuln_hit *hit, void *user);

struct jcs_vuln_stats {
	unsigned matched;        /* hits reported */
	/*
	 * CVEs whose criteria name the component but need a version it does
	 * not have (unknown, or not a version): not reported as
	 * vulnerable, counted so a report can say "N possible".
	 */
	unsigned version_unknown;
	unsigned criteria_checked;
};

/*
 * The CVEs of component VENDOR:PRODUCT at VERSION (NVD's spelling; VERSION
 * NULL when unknown; PART 'a', 'o', 'h' or 0 for any), each once, in id
 * order: jcsi_vulndb_match() in lib/vuln/vulndb.h.
 */
JCS_API jcs_rc jcs_vulndb_match(struct jcs_vulndb *db, char part,
				const char *vendor, const char *product,
				const char *version, jcs_vuln_fn fn,
				void *user, struct jcs_vuln_stats *st);

/*
 * The OSV records of a Debian package given as a purl
 * ("pkg:deb/debian/NAME@VERSION?distro=debian-12"): jcsi_purl_to_osv()
 * then jcsi_vulndb_match_osv(). JCS_E_UNSUPPORTED for other purls.
 */
JCS_API jcs_rc jcs_vulndb_match_purl(struct jcs_vulndb *db, const char *purl,
				     jcs_vuln_fn fn, void *user,
				     struct jcs_vuln_stats *st);

#ifdef __cplusplus
}
#endif

#endif

/*
 * vulndb.c - opening the vulnerability database, telling feed files apart,
 * running an import in batched transactions and logging it, and the
 * status summary. The importers and the matcher have files of their own.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <openssl/evp.h>
#include <zlib.h>

#include "vulndb.h"
#include "../core/mem.h"


static const char *const stmt_sql[JCSI_ST_COUNT] = {
	[JCSI_ST_CVE_GET] = "SELECT modified, status FROM cve WHERE id = ?1",
	[JCSI_ST_CVE_PUT] = "INSERT OR REPLACE INTO cve (id, published, "
		"modified, status, description, cvss, vector, cvss_version) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[JCSI_ST_CVE_DEL] = "DELETE FROM cve WHERE id = ?1",
	[JCSI_ST_CPE_DEL] = "DELETE FROM cpe_match WHERE cve_id = ?1",
	[JCSI_ST_CPE_PUT] = "INSERT INTO cpe_match (cve_id, part, vendor, "
		"product, version, vupdate, start_incl, start_excl, end_incl, "
		"end_excl, criteria) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
		"?9, ?10, ?11)",
	[JCSI_ST_OSV_GET] = "SELECT modified FROM osv WHERE id = ?1",
	[JCSI_ST_OSV_PUT] = "INSERT OR REPLACE INTO osv (id, modified, "
		"published, summary) VALUES (?1, ?2, ?3, ?4)",
	[JCSI_ST_OSV_ALIAS_DEL] = "DELETE FROM osv_alias WHERE osv_id = ?1",
	[JCSI_ST_OSV_ALIAS_PUT] = "INSERT OR IGNORE INTO osv_alias (osv_id, "
		"alias) VALUES (?1, ?2)",
	[JCSI_ST_OSV_AFF_DEL] = "DELETE FROM osv_affected WHERE osv_id = ?1",
	[JCSI_ST_OSV_AFF_PUT] = "INSERT INTO osv_affected (osv_id, ecosystem, "
		"package, introduced, fixed, last_affected, versions) VALUES "
		"(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[JCSI_ST_KEV_GET] = "SELECT date_added, due_date, ransomware FROM kev "
		"WHERE cve_id = ?1",
	[JCSI_ST_KEV_PUT] = "INSERT OR REPLACE INTO kev (cve_id, date_added, "
		"due_date, ransomware) VALUES (?1, ?2, ?3, ?4)",
	[JCSI_ST_MATCH] = "SELECT cve_id, criteria, start_incl, start_excl, "
		"end_incl, end_excl, part, version, vupdate FROM cpe_match "
		"WHERE vendor = ?1 AND product = ?2 ORDER BY cve_id",
	[JCSI_ST_OSV_MATCH] = "SELECT a.osv_id, a.introduced, a.fixed, "
		"a.last_affected, a.versions, (SELECT min(alias) FROM osv_alias "
		"s WHERE s.osv_id = a.osv_id AND s.alias LIKE 'CVE-%') "
		"FROM osv_affected a WHERE a.ecosystem = ?1 AND a.package = ?2 "
		"ORDER BY a.osv_id",
	[JCSI_ST_CVE_INFO] = "SELECT c.cvss, c.vector, c.cvss_version, "
		"EXISTS (SELECT 1 FROM kev k WHERE k.cve_id = ?1) FROM "
		"(SELECT 1) LEFT JOIN cve c ON c.id = ?1",
};

sqlite3_stmt *jcsi_vulndb_stmt(struct jcs_vulndb *db,
			       enum jcsi_vulndb_stmt id, char *err,
			       size_t errlen)
{
	if (!db->stmt[id]) {
		if (sqlite3_prepare_v3(db->sql, stmt_sql[id], -1,
				       SQLITE_PREPARE_PERSISTENT, &db->stmt[id],
				       NULL) != SQLITE_OK) {
			if (err && errlen)
				snprintf(err, errlen, "database: %s",
					 sqlite3_errmsg(db->sql));
			return NULL;
		}
	} else {
		sqlite3_reset(db->stmt[id]);
		sqlite3_clear_bindings(db->stmt[id]);
	}
	return db->stmt[id];
}

void jcsi_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

sqlite3_stmt *jcsi_vulndb_stmt_key(struct jcs_vulndb *db,
				   enum jcsi_vulndb_stmt id, const char *key,
				   char *err, size_t errlen)
{
	sqlite3_stmt *s = jcsi_vulndb_stmt(db, id, err, errlen);

	if (s)
		sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
	return s;
}

jcs_rc jcsi_vulndb_run_key(struct jcs_vulndb *db, enum jcsi_vulndb_stmt id,
			   const char *key, char *err, size_t errlen)
{
	sqlite3_stmt *s = jcsi_vulndb_stmt_key(db, id, key, err, errlen);

	if (!s)
		return JCS_E_IO;
	return jcsi_vulndb_step_done(db, s, err, errlen);
}

jcs_rc jcsi_vulndb_stored(struct jcs_vulndb *db, int existed,
			  struct jcs_vulndb_import_stats *st, char *err,
			  size_t errlen)
{
	if (existed)
		st->updated++;
	else
		st->added++;
	return jcsi_vulndb_batch(db, err, errlen);
}

jcs_rc jcsi_vulndb_exec(struct jcs_vulndb *db, const char *sql, char *err,
			size_t errlen)
{
	char *msg = NULL;

	if (sqlite3_exec(db->sql, sql, NULL, NULL, &msg) != SQLITE_OK) {
		if (err && errlen)
			snprintf(err, errlen, "database: %s", msg ? msg : "?");
		sqlite3_free(msg);
		return JCS_E_IO;
	}
	return JCS_OK;
}

jcs_rc jcsi_vulndb_step_done(struct jcs_vulndb *db, sqlite3_stmt *st,
			     char *err, size_t errlen)
{
	int r = sqlite3_step(st);

	sqlite3_reset(st);
	if (r != SQLITE_DONE) {
		if (err && errlen)
			snprintf(err, errlen, "database: %s",
				 sqlite3_errmsg(db->sql));
		return JCS_E_IO;
	}
	return JCS_OK;
}

jcs_rc jcsi_vulndb_batch(struct jcs_vulndb *db, char *err, size_t errlen)
{
	if (++db->batch < JCSI_VULNDB_BATCH)
		return JCS_OK;
	db->batch = 0;
	if (sqlite3_get_autocommit(db->sql))
		return JCS_OK; /* no transaction of ours (the fuzz target) */
	return jcsi_vulndb_exec(db, "COMMIT; BEGIN", err, errlen);
}

JCS_API jcs_rc jcs_vulndb_default_path(char *buf, size_t len)
{
	const char *v = getenv("JCSTAR_DB");
	int n;

	if (!buf || !len)
		return JCS_E_ARG;
	if (v && *v)
		n = snprintf(buf, len, "%s", v);
	else if ((v = getenv("XDG_DATA_HOME")) && *v)
		n = snprintf(buf, len, "%s/jcstar/vuln.db", v);
	else if ((v = getenv("HOME")) && *v)
		n = snprintf(buf, len, "%s/.local/share/jcstar/vuln.db", v);
	else
		return JCS_E_ARG;
	return n < 0 || (size_t)n >= len ? JCS_E_LIMIT : JCS_OK;
}

/* mkdir -p of PATH's directory. */
static void make_parent(const char *path)
{
	char dir[4096];
	size_t n = strlen(path);

	if (n >= sizeof(dir))
		return;
	memcpy(dir, path, n + 1);
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(dir, 0755);
		*p = '/';
	}
}

JCS_API jcs_rc jcs_vulndb_open(const char *path, int create,
			       struct jcs_vulndb **out, char *err,
			       size_t errlen)
{
	struct jcs_vulndb *db;
	struct stat sb;
	jcs_rc rc;
	int flags = SQLITE_OPEN_READWRITE;

	if (!path || !out)
		return JCS_E_ARG;
	*out = NULL;
	if (stat(path, &sb) != 0) {
		if (!create) {
			snprintf(err, errlen, "%s: %s (jcstar db import "
				 "creates it)", path, strerror(errno));
			return JCS_E_IO;
		}
		make_parent(path);
		flags |= SQLITE_OPEN_CREATE;
	}
	db = jcsi_calloc(1, sizeof(*db));
	if (!db)
		return JCS_E_NOMEM;
	if (sqlite3_open_v2(path, &db->sql, flags, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path,
			 db->sql ? sqlite3_errmsg(db->sql) : "cannot open");
		jcs_vulndb_close(db);
		return JCS_E_IO;
	}
	sqlite3_busy_timeout(db->sql, 5000);
	rc = jcsi_vulndb_schema(db->sql, create, err, errlen);
	if (rc != JCS_OK) {
		jcs_vulndb_close(db);
		return rc;
	}
	*out = db;
	return JCS_OK;
}

JCS_API void jcs_vulndb_close(struct jcs_vulndb *db)
{
	if (!db)
		return;
	for (int i = 0; i < JCSI_ST_COUNT; i++)
		sqlite3_finalize(db->stmt[i]);
	sqlite3_close(db->sql);
	jcsi_free(db);
}

/* sha256 of the file as stored (compressed or not), in hex. */
static jcs_rc file_sha256(const char *file, char hex[65], char *err,
			  size_t errlen)
{
	unsigned char md[EVP_MAX_MD_SIZE], buf[65536];
	unsigned mdlen = 0;
	EVP_MD_CTX *ctx;
	FILE *f = fopen(file, "rb");
	size_t n;
	int ok;

	if (!f) {
		snprintf(err, errlen, "%s: %s", file, strerror(errno));
		return JCS_E_IO;
	}
	ctx = EVP_MD_CTX_new();
	ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	while (ok && (n = fread(buf, 1, sizeof(buf), f)) > 0)
		ok = EVP_DigestUpdate(ctx, buf, n);
	ok = ok && !ferror(f) && EVP_DigestFinal_ex(ctx, md, &mdlen);
	EVP_MD_CTX_free(ctx);
	fclose(f);
	if (!ok || mdlen != 32) {
		snprintf(err, errlen, "%s: cannot hash", file);
		return JCS_E_IO;
	}
	for (unsigned i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	return JCS_OK;
}

enum kind { K_UNKNOWN, K_NVD, K_OSV, K_OSV_ZIP, K_KEV_JSON, K_KEV_CSV };

/*
 * By content, from the first 16 KiB (decompressed): the names of the
 * top-level members each format has near its start.
 */
static enum kind classify(const char *file)
{
	char head[16385];
	FILE *f = fopen(file, "rb");
	unsigned char magic[4] = {0};
	gzFile gz;
	int n;
	const char *p;

	if (!f)
		return K_UNKNOWN;
	n = (int)fread(magic, 1, 4, f);
	fclose(f);
	if (n == 4 && !memcmp(magic, "PK\3\4", 4))
		return K_OSV_ZIP;
	gz = gzopen(file, "rb");
	if (!gz)
		return K_UNKNOWN;
	n = gzread(gz, head, sizeof(head) - 1);
	gzclose(gz);
	if (n <= 0)
		return K_UNKNOWN;
	head[n] = '\0';
	p = head;
	if (!strncmp(p, "\xef\xbb\xbf", 3))
		p += 3;
	if (!strncmp(p, "cveID,", 6))
		return K_KEV_CSV;
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	if (*p != '{')
		return K_UNKNOWN;
	if (strstr(p, "\"catalogVersion\"") || strstr(p, "\"cveID\""))
		return K_KEV_JSON;
	if (strstr(p, "\"NVD_CVE\"") || strstr(p, "\"resultsPerPage\"") ||
	    strstr(p, "\"cve\""))
		return K_NVD;
	if (strstr(p, "\"id\"") && (strstr(p, "\"affected\"") ||
				    strstr(p, "\"modified\"")))
		return K_OSV;
	return K_UNKNOWN;
}

static const char *const kind_names[] = {
	[K_UNKNOWN] = "unknown", [K_NVD] = "nvd", [K_OSV] = "osv",
	[K_OSV_ZIP] = "osv", [K_KEV_JSON] = "kev-json",
	[K_KEV_CSV] = "kev-csv",
};

static void utc_now(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/*
 * The log gets a row when the import changed something, or when this
 * file (by sha256) was never imported: so re-importing a file changes
 * nothing at all, not even the log.
 */
static jcs_rc log_import(struct jcs_vulndb *db, const char *file,
			 const char *sha, const struct jcs_vulndb_import_stats *st,
			 char *err, size_t errlen)
{
	uint64_t changed = st->added + st->updated + st->removed;
	const char *base = strrchr(file, '/');
	sqlite3_stmt *s = NULL;
	char now[32];
	int seen = 0;
	jcs_rc rc = JCS_OK;

	if (sqlite3_prepare_v2(db->sql, "SELECT 1 FROM import_log WHERE "
			       "sha256 = ?1", -1, &s, NULL) != SQLITE_OK)
		goto dberr;
	sqlite3_bind_text(s, 1, sha, -1, SQLITE_STATIC);
	seen = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
	s = NULL;
	if (seen && !changed)
		return JCS_OK;
	utc_now(now, sizeof(now));
	if (sqlite3_prepare_v2(db->sql, "INSERT INTO import_log (kind, file, "
			       "sha256, records, changed, time) VALUES (?1, "
			       "?2, ?3, ?4, ?5, ?6)", -1, &s, NULL) !=
	    SQLITE_OK)
		goto dberr;
	sqlite3_bind_text(s, 1, st->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, base ? base + 1 : file, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, sha, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)st->records);
	sqlite3_bind_int64(s, 5, (sqlite3_int64)changed);
	sqlite3_bind_text(s, 6, now, -1, SQLITE_STATIC);
	rc = jcsi_vulndb_step_done(db, s, err, errlen);
	sqlite3_finalize(s);
	return rc;
dberr:
	snprintf(err, errlen, "database: %s", sqlite3_errmsg(db->sql));
	sqlite3_finalize(s);
	return JCS_E_IO;
}

JCS_API jcs_rc jcs_vulndb_import(struct jcs_vulndb *db, const char *file,
				 struct jcs_vulndb_import_stats *st,
				 char *err, size_t errlen)
{
	struct jcs_vulndb_import_stats local;
	char sha[65];
	enum kind k;
	jcs_rc rc, rc2;

	if (!db || !file)
		return JCS_E_ARG;
	if (!st)
		st = &local;
	memset(st, 0, sizeof(*st));
	if (err && errlen)
		err[0] = '\0';
	rc = file_sha256(file, sha, err, errlen);
	if (rc != JCS_OK)
		return rc;
	k = classify(file);
	st->kind = kind_names[k];
	if (k == K_UNKNOWN) {
		snprintf(err, errlen, "%s: not an NVD CVE 2.0, OSV or CISA "
			 "KEV file", file);
		return JCS_E_FORMAT;
	}
	/*
	 * No fsync during the import: the database is a cache of public
	 * feeds, any import can be run again and converges (idempotent),
	 * and syncing every batch would cost more than the parsing. The
	 * rollback journal (not WAL) keeps one file and no -wal file that
	 * grows to the size of the import.
	 */
	rc = jcsi_vulndb_exec(db, "PRAGMA journal_mode = DELETE; "
			      "PRAGMA synchronous = OFF; BEGIN", err, errlen);
	if (rc != JCS_OK)
		return rc;
	db->batch = 0;
	switch (k) {
	case K_NVD:
		rc = jcsi_import_nvd(db, file, st, err, errlen);
		break;
	case K_OSV:
	case K_OSV_ZIP:
		rc = jcsi_import_osv(db, file, k == K_OSV_ZIP, st, err, errlen);
		break;
	case K_KEV_JSON:
		rc = jcsi_import_kev_json(db, file, st, err, errlen);
		break;
	default:
		rc = jcsi_import_kev_csv(db, file, st, err, errlen);
		break;
	}
	/* the batches before an error stay: a later import completes them */
	if (rc == JCS_OK)
		rc = log_import(db, file, sha, st, err, errlen);
	rc2 = jcsi_vulndb_exec(db, "COMMIT; PRAGMA synchronous = FULL",
			       rc == JCS_OK ? err : NULL,
			       rc == JCS_OK ? errlen : 0);
	if (rc2 != JCS_OK)
		jcsi_vulndb_exec(db, "ROLLBACK", NULL, 0);
	return rc != JCS_OK ? rc : rc2;
}

static uint64_t count(struct jcs_vulndb *db, const char *sql)
{
	sqlite3_stmt *s = NULL;
	uint64_t n = 0;

	if (sqlite3_prepare_v2(db->sql, sql, -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		n = (uint64_t)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

static void text(struct jcs_vulndb *db, const char *sql, char *buf,
		 size_t len)
{
	sqlite3_stmt *s = NULL;

	buf[0] = '\0';
	if (sqlite3_prepare_v2(db->sql, sql, -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW &&
	    sqlite3_column_type(s, 0) == SQLITE_TEXT)
		snprintf(buf, len, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
}

/* "2024-03-01T12:00:00.000" (or just the date) as a UTC time_t; -1. */
static time_t parse_time(const char *s)
{
	struct tm tm;
	int y, mo, d, h = 0, mi = 0, se = 0;

	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi,
		   &se) < 3)
		return (time_t)-1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se;
	return timegm(&tm);
}

JCS_API jcs_rc jcs_vulndb_status(struct jcs_vulndb *db,
				 struct jcs_vulndb_status *st)
{
	time_t t;

	if (!db || !st)
		return JCS_E_ARG;
	memset(st, 0, sizeof(*st));
	st->cves = count(db, "SELECT count(*) FROM cve WHERE status IS NOT "
			 "'Rejected'");
	st->criteria = count(db, "SELECT count(*) FROM cpe_match");
	st->osv = count(db, "SELECT count(*) FROM osv");
	st->osv_ranges = count(db, "SELECT count(*) FROM osv_affected");
	st->kev = count(db, "SELECT count(*) FROM kev");
	st->imports = count(db, "SELECT count(*) FROM import_log");
	text(db, "SELECT max(m) FROM (SELECT max(modified) AS m FROM cve "
	     "UNION ALL SELECT max(modified) FROM osv UNION ALL "
	     "SELECT max(date_added) FROM kev)", st->newest_modified,
	     sizeof(st->newest_modified));
	text(db, "SELECT max(time) FROM import_log", st->last_import,
	     sizeof(st->last_import));
	st->age_days = -1;
	if (st->newest_modified[0] &&
	    (t = parse_time(st->newest_modified)) != (time_t)-1)
		st->age_days = difftime(time(NULL), t) / 86400.0;
	return JCS_OK;
}

JCS_API jcs_rc jcs_vulndb_sources(struct jcs_vulndb *db,
				  jcs_vulndb_source_fn fn, void *user)
{
	sqlite3_stmt *s = NULL;

	if (!db || !fn)
		return JCS_E_ARG;
	if (sqlite3_prepare_v2(db->sql, "SELECT kind, file, sha256, time, "
			       "records, changed FROM import_log ORDER BY id",
			       -1, &s, NULL) != SQLITE_OK)
		return JCS_E_IO;
	while (sqlite3_step(s) == SQLITE_ROW) {
		struct jcs_vulndb_source src = {
			.kind = (const char *)sqlite3_column_text(s, 0),
			.file = (const char *)sqlite3_column_text(s, 1),
			.sha256 = (const char *)sqlite3_column_text(s, 2),
			.time = (const char *)sqlite3_column_text(s, 3),
			.records = (uint64_t)sqlite3_column_int64(s, 4),
			.changed = (uint64_t)sqlite3_column_int64(s, 5),
		};
		fn(&src, user);
	}
	sqlite3_finalize(s);
	return JCS_OK;
}

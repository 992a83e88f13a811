/*
 * vulndb_schema.c - the tables of the vulnerability database (see
 * vulndb.h) and the schema version kept in SQLite's user_version, so a
 * later jcstar can migrate and an older one refuses a newer file.
 */
#include <stdio.h>
#include <string.h>

#include "vulndb.h"

#define SCHEMA_VERSION 1

static const char schema[] =
	"CREATE TABLE IF NOT EXISTS cve ("
	" id TEXT PRIMARY KEY,"
	" published TEXT, modified TEXT NOT NULL, status TEXT,"
	" description TEXT,"
	" cvss REAL, vector TEXT, cvss_version TEXT"
	") WITHOUT ROWID;"
	/* matching looks criteria up by (vendor, product) only (the version
	   test needs jcsi_version_cmp, which SQL cannot do) and wants them
	   grouped by CVE: the index gives that order without a sort.
	   version and vupdate: '*' ANY, '-' NA, a value that is '*' or '-'
	   or starts with '\' is written with a '\' in front */
	"CREATE TABLE IF NOT EXISTS cpe_match ("
	" cve_id TEXT NOT NULL,"
	" part TEXT NOT NULL, vendor TEXT NOT NULL, product TEXT NOT NULL,"
	" version TEXT NOT NULL, vupdate TEXT NOT NULL,"
	" start_incl TEXT, start_excl TEXT, end_incl TEXT, end_excl TEXT,"
	" criteria TEXT NOT NULL);"
	"CREATE INDEX IF NOT EXISTS cpe_match_vp ON cpe_match(vendor, product,"
	" cve_id);"
	/* an updated CVE replaces its criteria */
	"CREATE INDEX IF NOT EXISTS cpe_match_cve ON cpe_match(cve_id);"
	"CREATE TABLE IF NOT EXISTS osv ("
	" id TEXT PRIMARY KEY, modified TEXT NOT NULL, published TEXT,"
	" summary TEXT) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS osv_alias ("
	" osv_id TEXT NOT NULL, alias TEXT NOT NULL,"
	" PRIMARY KEY (osv_id, alias)) WITHOUT ROWID;"
	"CREATE INDEX IF NOT EXISTS osv_alias_alias ON osv_alias(alias);"
	/* one row per introduced..fixed/last_affected pair, or one row with
	   VERSIONS (space-separated) for an explicit list */
	"CREATE TABLE IF NOT EXISTS osv_affected ("
	" osv_id TEXT NOT NULL, ecosystem TEXT NOT NULL, package TEXT NOT NULL,"
	" introduced TEXT, fixed TEXT, last_affected TEXT, versions TEXT);"
	"CREATE INDEX IF NOT EXISTS osv_affected_pkg"
	" ON osv_affected(ecosystem, package);"
	"CREATE INDEX IF NOT EXISTS osv_affected_id ON osv_affected(osv_id);"
	"CREATE TABLE IF NOT EXISTS kev ("
	" cve_id TEXT PRIMARY KEY, date_added TEXT, due_date TEXT,"
	" ransomware TEXT) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS import_log ("
	" id INTEGER PRIMARY KEY, kind TEXT NOT NULL, file TEXT NOT NULL,"
	" sha256 TEXT NOT NULL, records INTEGER NOT NULL,"
	" changed INTEGER NOT NULL, time TEXT NOT NULL);";

jcs_rc jcsi_vulndb_schema(sqlite3 *sql, int create, char *err,
			  size_t errlen)
{
	sqlite3_stmt *st = NULL;
	char *msg = NULL;
	int version = -1;

	if (sqlite3_prepare_v2(sql, "PRAGMA user_version", -1, &st, NULL) ==
	    SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (version < 0) {
		snprintf(err, errlen, "not an SQLite database: %s",
			 sqlite3_errmsg(sql));
		return JCS_E_FORMAT;
	}
	if (version == SCHEMA_VERSION)
		return JCS_OK;
	if (version > SCHEMA_VERSION) {
		snprintf(err, errlen, "database schema %d is newer than this "
			 "jcstar's (%d)", version, SCHEMA_VERSION);
		return JCS_E_FORMAT;
	}
	/* version 0: a new file, or some other SQLite database */
	if (sqlite3_prepare_v2(sql, "SELECT count(*) FROM sqlite_master", -1,
			       &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0) {
		sqlite3_finalize(st);
		snprintf(err, errlen, "an SQLite database, but not jcstar's");
		return JCS_E_FORMAT;
	}
	sqlite3_finalize(st);
	if (!create) {
		snprintf(err, errlen, "empty database");
		return JCS_E_FORMAT;
	}
	if (sqlite3_exec(sql, "BEGIN", NULL, NULL, &msg) != SQLITE_OK ||
	    sqlite3_exec(sql, schema, NULL, NULL, &msg) != SQLITE_OK ||
	    sqlite3_exec(sql, "PRAGMA user_version = 1; COMMIT", NULL, NULL,
			 &msg) != SQLITE_OK) {
		snprintf(err, errlen, "creating the tables: %s",
			 msg ? msg : "?");
		sqlite3_free(msg);
		sqlite3_exec(sql, "ROLLBACK", NULL, NULL, NULL);
		return JCS_E_IO;
	}
	return JCS_OK;
}

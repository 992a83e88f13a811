/*
 * import_osv.c - OSV records (https://ossf.github.io/osv-schema/): one
 * record a JSON file, or a zip of them (the form osv.dev publishes per
 * ecosystem, e.g. Debian/all.zip), read entry by entry with libarchive so
 * only one record is in memory. Each affected package becomes one
 * osv_affected row per introduced..fixed (or ..last_affected) pair of
 * its ECOSYSTEM and SEMVER ranges, plus one row for an explicit
 * "versions" list; GIT ranges name commits, which firmware components do
 * not carry, and are skipped (counted). Aliases and "upstream" ids (the
 * CVE ids of Debian's records) go to osv_alias.
 */
#include <stdio.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <jansson.h>
#include <zlib.h>

#include "../core/mem.h"
#include "vulndb.h"

/* Largest single record accepted (osv.dev's largest are ~1 MB). */
#define OSV_RECORD_MAX (16u << 20)

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static jcs_rc put_range(struct jcs_vulndb *db, const char *id,
			const char *eco, const char *name, const char *intro,
			const char *fixed, const char *last,
			const char *versions,
			struct jcs_vulndb_import_stats *st, char *err,
			size_t errlen)
{
	sqlite3_stmt *s = jcsi_vulndb_stmt_key(db, JCSI_ST_OSV_AFF_PUT, id,
					       err, errlen);

	if (!s)
		return JCS_E_IO;
	sqlite3_bind_text(s, 2, eco, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, name, -1, SQLITE_TRANSIENT);
	jcsi_bind_text(s, 4, intro);
	jcsi_bind_text(s, 5, fixed);
	jcsi_bind_text(s, 6, last);
	jcsi_bind_text(s, 7, versions);
	st->criteria++;
	return jcsi_vulndb_step_done(db, s, err, errlen);
}

/* The events of one range, in order: each introduced opens a pair. */
static jcs_rc put_events(struct jcs_vulndb *db, const char *id,
			 const char *eco, const char *name, json_t *events,
			 struct jcs_vulndb_import_stats *st, char *err,
			 size_t errlen)
{
	const char *intro = NULL;
	int open = 0;
	json_t *e;
	size_t i;
	jcs_rc rc;

	json_array_foreach(events, i, e) {
		const char *v;

		if ((v = str(e, "introduced"))) {
			if (open) { /* introduced twice: the first is open-ended */
				rc = put_range(db, id, eco, name, intro, NULL,
					       NULL, NULL, st, err, errlen);
				if (rc != JCS_OK)
					return rc;
			}
			intro = v;
			open = 1;
		} else if ((v = str(e, "fixed")) ||
			   (v = str(e, "last_affected"))) {
			int is_fixed = str(e, "fixed") != NULL;

			if (!open)
				continue; /* OSV: a range starts introduced */
			rc = put_range(db, id, eco, name, intro,
				       is_fixed ? v : NULL, is_fixed ? NULL : v,
				       NULL, st, err, errlen);
			if (rc != JCS_OK)
				return rc;
			open = 0;
		}
	}
	if (open)
		return put_range(db, id, eco, name, intro, NULL, NULL, NULL, st,
				 err, errlen);
	return JCS_OK;
}

static jcs_rc put_affected(struct jcs_vulndb *db, const char *id, json_t *a,
			   struct jcs_vulndb_import_stats *st, char *err,
			   size_t errlen)
{
	json_t *pkg = json_object_get(a, "package"), *r, *v;
	const char *eco = str(pkg, "ecosystem"), *name = str(pkg, "name");
	size_t i, len = 0;
	char *list = NULL;
	jcs_rc rc = JCS_OK;

	if (!eco || !name) {
		st->skipped++;
		return JCS_OK;
	}
	json_array_foreach(json_object_get(a, "ranges"), i, r) {
		const char *type = str(r, "type");

		if (!type || (strcmp(type, "ECOSYSTEM") && strcmp(type, "SEMVER"))) {
			st->skipped++;
			continue;
		}
		rc = put_events(db, id, eco, name, json_object_get(r, "events"),
				st, err, errlen);
		if (rc != JCS_OK)
			return rc;
	}
	/* the explicit list, space-separated (versions have no spaces) */
	json_array_foreach(json_object_get(a, "versions"), i, v) {
		const char *s = json_string_value(v);
		size_t n = s ? strlen(s) : 0;
		char *t;

		if (!n || strchr(s, ' '))
			continue;
		t = jcsi_realloc(list, len + n + 2);
		if (!t) {
			jcsi_free(list);
			return JCS_E_NOMEM;
		}
		list = t;
		if (len)
			list[len++] = ' ';
		memcpy(list + len, s, n + 1);
		len += n;
	}
	if (list)
		rc = put_range(db, id, eco, name, NULL, NULL, NULL, list, st,
			       err, errlen);
	jcsi_free(list);
	return rc;
}

static jcs_rc delete_children(struct jcs_vulndb *db, const char *id,
			      char *err, size_t errlen)
{
	static const enum jcsi_vulndb_stmt del[] = {JCSI_ST_OSV_ALIAS_DEL,
		JCSI_ST_OSV_AFF_DEL};

	for (size_t i = 0; i < 2; i++) {
		jcs_rc rc = jcsi_vulndb_run_key(db, del[i], id, err, errlen);

		if (rc != JCS_OK)
			return rc;
	}
	return JCS_OK;
}

static jcs_rc put_aliases(struct jcs_vulndb *db, const char *id, json_t *rec,
			  char *err, size_t errlen)
{
	static const char *const keys[] = {"aliases", "upstream"};
	json_t *a;
	size_t i;

	for (size_t k = 0; k < 2; k++) {
		json_array_foreach(json_object_get(rec, keys[k]), i, a) {
			sqlite3_stmt *s;
			jcs_rc rc;

			if (!json_is_string(a))
				continue;
			s = jcsi_vulndb_stmt_key(db, JCSI_ST_OSV_ALIAS_PUT, id,
						 err, errlen);
			if (!s)
				return JCS_E_IO;
			sqlite3_bind_text(s, 2, json_string_value(a), -1,
					  SQLITE_TRANSIENT);
			rc = jcsi_vulndb_step_done(db, s, err, errlen);
			if (rc != JCS_OK)
				return rc;
		}
	}
	return JCS_OK;
}

static jcs_rc osv_record(struct jcs_vulndb *db, json_t *rec,
			 struct jcs_vulndb_import_stats *st, char *err,
			 size_t errlen)
{
	const char *id = str(rec, "id"), *modified = str(rec, "modified");
	sqlite3_stmt *s;
	int exists = 0, newer = 1, r;
	json_t *a;
	size_t i;
	jcs_rc rc;

	st->records++;
	if (!id || !*id || !modified) {
		st->skipped++;
		return JCS_OK;
	}
	s = jcsi_vulndb_stmt_key(db, JCSI_ST_OSV_GET, id, err, errlen);
	if (!s)
		return JCS_E_IO;
	r = sqlite3_step(s);
	if (r == SQLITE_ROW) {
		const char *old = (const char *)sqlite3_column_text(s, 0);

		exists = 1;
		newer = !old || strcmp(modified, old) > 0;
	}
	sqlite3_reset(s);
	if (!newer) {
		st->unchanged++;
		return JCS_OK;
	}
	s = jcsi_vulndb_stmt_key(db, JCSI_ST_OSV_PUT, id, err, errlen);
	if (!s)
		return JCS_E_IO;
	sqlite3_bind_text(s, 2, modified, -1, SQLITE_TRANSIENT);
	jcsi_bind_text(s, 3, str(rec, "published"));
	jcsi_bind_text(s, 4, str(rec, "summary"));
	rc = jcsi_vulndb_step_done(db, s, err, errlen);
	if (rc == JCS_OK)
		rc = delete_children(db, id, err, errlen);
	if (rc == JCS_OK)
		rc = put_aliases(db, id, rec, err, errlen);
	json_array_foreach(json_object_get(rec, "affected"), i, a) {
		if (rc != JCS_OK)
			break;
		rc = put_affected(db, id, a, st, err, errlen);
	}
	if (rc != JCS_OK)
		return rc;
	return jcsi_vulndb_stored(db, exists, st, err, errlen);
}

jcs_rc jcsi_import_osv_record(struct jcs_vulndb *db, const char *json,
			      size_t len, struct jcs_vulndb_import_stats *st,
			      char *err, size_t errlen)
{
	json_error_t jerr;
	json_t *rec = json_loadb(json, len, 0, &jerr);
	jcs_rc rc;

	if (!rec) {
		snprintf(err, errlen, "line %d: %s", jerr.line, jerr.text);
		return JCS_E_FORMAT;
	}
	if (!json_is_object(rec)) {
		json_decref(rec);
		snprintf(err, errlen, "not an OSV record (object)");
		return JCS_E_FORMAT;
	}
	rc = osv_record(db, rec, st, err, errlen);
	json_decref(rec);
	return rc;
}

/* The whole of a single-record file (bounded by OSV_RECORD_MAX). */
static jcs_rc import_one(struct jcs_vulndb *db, const char *file,
			 struct jcs_vulndb_import_stats *st, char *err,
			 size_t errlen)
{
	gzFile gz = gzopen(file, "rb");
	char why[384] = "";
	char *buf = NULL;
	size_t len = 0, cap = 0;
	jcs_rc rc = JCS_OK;
	int n;

	if (!gz) {
		snprintf(err, errlen, "%s: cannot open", file);
		return JCS_E_IO;
	}
	for (;;) {
		if (len == cap) {
			char *t;

			if (cap >= OSV_RECORD_MAX) {
				snprintf(why, sizeof(why), "record larger "
					 "than %u bytes", OSV_RECORD_MAX);
				rc = JCS_E_LIMIT;
				break;
			}
			cap = cap ? cap * 2 : 65536;
			t = jcsi_realloc(buf, cap);
			if (!t) {
				rc = JCS_E_NOMEM;
				break;
			}
			buf = t;
		}
		n = gzread(gz, buf + len, (unsigned)(cap - len));
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	gzclose(gz);
	if (rc == JCS_OK)
		rc = jcsi_import_osv_record(db, buf, len, st, why, sizeof(why));
	if (rc != JCS_OK)
		snprintf(err, errlen, "%s: %s", file, why[0] ? why :
			 jcs_strerror(rc));
	jcsi_free(buf);
	return rc;
}

static jcs_rc import_zip(struct jcs_vulndb *db, const char *file,
			 struct jcs_vulndb_import_stats *st, char *err,
			 size_t errlen)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	char why[384];
	char *buf = NULL;
	jcs_rc rc = JCS_OK;
	int r = ARCHIVE_EOF;

	if (!a)
		return JCS_E_NOMEM;
	archive_read_support_format_zip(a);
	if (archive_read_open_filename(a, file, 65536) != ARCHIVE_OK) {
		snprintf(err, errlen, "%s: %s", file, archive_error_string(a));
		archive_read_free(a);
		return JCS_E_FORMAT;
	}
	while (rc == JCS_OK && (r = archive_read_next_header(a, &e)) ==
	       ARCHIVE_OK) {
		const char *name = archive_entry_pathname(e);
		la_int64_t size = archive_entry_size(e);
		la_ssize_t got;
		size_t nl = name ? strlen(name) : 0;

		if (archive_entry_filetype(e) != AE_IFREG || nl < 5 ||
		    strcmp(name + nl - 5, ".json") != 0)
			continue;
		if (size < 0 || size > (la_int64_t)OSV_RECORD_MAX) {
			snprintf(err, errlen, "%s: %s: record larger than %u "
				 "bytes", file, name, OSV_RECORD_MAX);
			rc = JCS_E_LIMIT;
			break;
		}
		jcsi_free(buf);
		buf = jcsi_malloc((size_t)size + 1);
		if (!buf) {
			rc = JCS_E_NOMEM;
			break;
		}
		got = archive_read_data(a, buf, (size_t)size);
		if (got != (la_ssize_t)size) {
			snprintf(err, errlen, "%s: %s: %s", file, name,
				 got < 0 ? archive_error_string(a) :
				 "short entry");
			rc = JCS_E_CORRUPT;
			break;
		}
		why[0] = '\0';
		rc = jcsi_import_osv_record(db, buf, (size_t)size, st, why,
					    sizeof(why));
		if (rc != JCS_OK)
			snprintf(err, errlen, "%s: %s: %s", file, name, why);
	}
	if (rc == JCS_OK && r != ARCHIVE_EOF) {
		snprintf(err, errlen, "%s: %s", file, archive_error_string(a));
		rc = JCS_E_CORRUPT;
	}
	jcsi_free(buf);
	archive_read_free(a);
	return rc;
}

jcs_rc jcsi_import_osv(struct jcs_vulndb *db, const char *file, int zip,
		       struct jcs_vulndb_import_stats *st, char *err,
		       size_t errlen)
{
	return zip ? import_zip(db, file, st, err, errlen) :
		     import_one(db, file, st, err, errlen);
}

/*
 * import_nvd.c - NVD CVE API 2.0 JSON ({"vulnerabilities": [{"cve":
 * {...}}, ...]}, the shape of the API's pages and of the yearly feed
 * files) into the cve and cpe_match tables, streaming: the file is read
 * in 256 KiB pieces (gzread reads plain files as they are) and split into
 * records by json_stream.c, so memory is bounded by the largest record.
 *
 * Configurations: see the simplification in vulndb.h. Only criteria with
 * "vulnerable": true in nodes without "negate": true are stored.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "cpe.h"
#include "json_stream.h"
#include "vulndb.h"

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* The English description, cut to JCSI_VULNDB_DESC_MAX bytes at a UTF-8
   character boundary, into BUF. */
static void description(json_t *cve, char *buf, size_t len)
{
	json_t *d;
	size_t i, n;

	buf[0] = '\0';
	json_array_foreach(json_object_get(cve, "descriptions"), i, d) {
		const char *v = str(d, "value");
		const char *lang = str(d, "lang");

		if (!v || (lang && strcmp(lang, "en") != 0 && buf[0]))
			continue;
		n = strlen(v);
		if (n >= len) {
			n = len - 1;
			while (n && ((unsigned char)v[n] & 0xc0) == 0x80)
				n--;
		}
		memcpy(buf, v, n);
		buf[n] = '\0';
		if (lang && !strcmp(lang, "en"))
			break;
	}
}

/*
 * The score to show: CVSS v3.1, else v3.0, else v4.0, else v2 (v3 first:
 * it is what NVD shows and what most of the feed has); within one
 * version the "Primary" (NVD's own) metric before a CNA's.
 */
static json_t *best_cvss(json_t *cve)
{
	static const char *const keys[] = {"cvssMetricV31", "cvssMetricV30",
		"cvssMetricV40", "cvssMetricV2"};
	json_t *metrics = json_object_get(cve, "metrics");

	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		json_t *arr = json_object_get(metrics, keys[k]), *m, *best = NULL;
		size_t i;

		json_array_foreach(arr, i, m) {
			json_t *data = json_object_get(m, "cvssData");
			const char *type = str(m, "type");

			if (!json_is_object(data) ||
			    !json_is_number(json_object_get(data, "baseScore")))
				continue;
			if (!best || (type && !strcmp(type, "Primary")))
				best = data;
			if (type && !strcmp(type, "Primary"))
				break;
		}
		if (best)
			return best;
	}
	return NULL;
}

static void lower(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

/* An attribute as the cpe_match columns keep it (vulndb_schema.c). */
static const char *attr(const struct jcsi_cpe *c, int i, char *buf,
			size_t len)
{
	const char *v = c->value[i];

	if (c->kind[i] == JCSI_CPE_ANY)
		return "*";
	if (c->kind[i] == JCSI_CPE_NA)
		return "-";
	snprintf(buf, len, "%s%s", !strcmp(v, "*") || !strcmp(v, "-") ||
		 v[0] == '\\' ? "\\" : "", v);
	return buf;
}

/* One cpeMatch entry; *WRITTEN is set when it was stored. */
static jcs_rc put_criterion(struct jcs_vulndb *db, const char *id, json_t *m,
			    struct jcs_vulndb_import_stats *st, char *err,
			    size_t errlen)
{
	struct jcsi_cpe c;
	char vendor[JCSI_CPE_VALUE_MAX + 1], product[JCSI_CPE_VALUE_MAX + 1];
	char version[JCSI_CPE_VALUE_MAX + 2], update[JCSI_CPE_VALUE_MAX + 2];
	char part[JCSI_CPE_VALUE_MAX + 2];
	const char *criteria = str(m, "criteria");
	sqlite3_stmt *s;

	if (!json_is_true(json_object_get(m, "vulnerable")))
		return JCS_OK;
	if (!criteria || jcsi_cpe_parse(criteria, &c) != JCS_OK ||
	    c.kind[JCSI_CPE_VENDOR] != JCSI_CPE_VALUE ||
	    c.kind[JCSI_CPE_PRODUCT] != JCSI_CPE_VALUE) {
		st->skipped++;
		return JCS_OK;
	}
	s = jcsi_vulndb_stmt_key(db, JCSI_ST_CPE_PUT, id, err, errlen);
	if (!s)
		return JCS_E_IO;
	snprintf(vendor, sizeof(vendor), "%s", c.value[JCSI_CPE_VENDOR]);
	snprintf(product, sizeof(product), "%s", c.value[JCSI_CPE_PRODUCT]);
	lower(vendor);
	lower(product);
	sqlite3_bind_text(s, 2, attr(&c, JCSI_CPE_PART, part, sizeof(part)),
			  -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, vendor, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 4, product, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 5, attr(&c, JCSI_CPE_VERSION, version,
				     sizeof(version)), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 6, attr(&c, JCSI_CPE_UPDATE, update,
				     sizeof(update)), -1, SQLITE_TRANSIENT);
	jcsi_bind_text(s, 7, str(m, "versionStartIncluding"));
	jcsi_bind_text(s, 8, str(m, "versionStartExcluding"));
	jcsi_bind_text(s, 9, str(m, "versionEndIncluding"));
	jcsi_bind_text(s, 10, str(m, "versionEndExcluding"));
	sqlite3_bind_text(s, 11, criteria, -1, SQLITE_TRANSIENT);
	st->criteria++;
	return jcsi_vulndb_step_done(db, s, err, errlen);
}

static jcs_rc put_criteria(struct jcs_vulndb *db, const char *id, json_t *cve,
			   struct jcs_vulndb_import_stats *st, char *err,
			   size_t errlen)
{
	json_t *conf, *node, *m;
	size_t i, j, k;
	jcs_rc rc = JCS_OK;

	json_array_foreach(json_object_get(cve, "configurations"), i, conf) {
		/* a negated configuration: "not on these"; nothing to match */
		if (json_is_true(json_object_get(conf, "negate")))
			continue;
		json_array_foreach(json_object_get(conf, "nodes"), j, node) {
			if (json_is_true(json_object_get(node, "negate")))
				continue;
			json_array_foreach(json_object_get(node, "cpeMatch"),
					   k, m) {
				rc = put_criterion(db, id, m, st, err, errlen);
				if (rc != JCS_OK)
					return rc;
			}
		}
	}
	return rc;
}

static jcs_rc nvd_record(struct jcs_vulndb *db, json_t *cve,
			 struct jcs_vulndb_import_stats *st, char *err,
			 size_t errlen)
{
	char desc[JCSI_VULNDB_DESC_MAX + 1];
	const char *id = str(cve, "id"), *modified = str(cve, "lastModified");
	const char *status = str(cve, "vulnStatus");
	sqlite3_stmt *s;
	json_t *cvss;
	int exists = 0, newer = 1, was_rejected = 0, rejected, r;
	jcs_rc rc;

	st->records++;
	if (!id || !modified || strncmp(id, "CVE-", 4) != 0) {
		st->skipped++;
		return JCS_OK;
	}
	s = jcsi_vulndb_stmt_key(db, JCSI_ST_CVE_GET, id, err, errlen);
	if (!s)
		return JCS_E_IO;
	r = sqlite3_step(s);
	if (r == SQLITE_ROW) {
		const char *old = (const char *)sqlite3_column_text(s, 0);

		const char *old_status = (const char *)sqlite3_column_text(s, 1);

		exists = 1;
		newer = !old || strcmp(modified, old) > 0;
		was_rejected = old_status && !strcmp(old_status, "Rejected");
	}
	sqlite3_reset(s);
	if (r != SQLITE_ROW && r != SQLITE_DONE) {
		snprintf(err, errlen, "database: %s", sqlite3_errmsg(db->sql));
		return JCS_E_IO;
	}
	/*
	 * A rejected CVE stays as a row without criteria (a tombstone), so
	 * importing an older file that still has it does not bring it back.
	 */
	rejected = status && !strcmp(status, "Rejected");
	if (rejected)
		st->rejected++;
	if (!newer) {
		if (!rejected)
			st->unchanged++;
		return JCS_OK;
	}
	description(cve, desc, sizeof(desc));
	cvss = rejected ? NULL : best_cvss(cve);
	s = jcsi_vulndb_stmt_key(db, JCSI_ST_CVE_PUT, id, err, errlen);
	if (!s)
		return JCS_E_IO;
	jcsi_bind_text(s, 2, str(cve, "published"));
	sqlite3_bind_text(s, 3, modified, -1, SQLITE_TRANSIENT);
	jcsi_bind_text(s, 4, status);
	sqlite3_bind_text(s, 5, desc, -1, SQLITE_TRANSIENT);
	if (cvss) {
		sqlite3_bind_double(s, 6, json_number_value(
			json_object_get(cvss, "baseScore")));
		jcsi_bind_text(s, 7, str(cvss, "vectorString"));
		jcsi_bind_text(s, 8, str(cvss, "version"));
	}
	rc = jcsi_vulndb_step_done(db, s, err, errlen);
	if (rc != JCS_OK)
		return rc;
	rc = jcsi_vulndb_run_key(db, JCSI_ST_CPE_DEL, id, err, errlen);
	if (rc == JCS_OK && !rejected)
		rc = put_criteria(db, id, cve, st, err, errlen);
	if (rc != JCS_OK)
		return rc;
	if (rejected) {
		if (exists && !was_rejected)
			st->removed++;
		return jcsi_vulndb_batch(db, err, errlen);
	}
	/* a tombstone brought back counts as added */
	return jcsi_vulndb_stored(db, exists && !was_rejected, st, err,
				  errlen);
}

jcs_rc jcsi_import_nvd_element(struct jcs_vulndb *db, const char *json,
			       size_t len, struct jcs_vulndb_import_stats *st,
			       char *err, size_t errlen)
{
	json_error_t jerr;
	json_t *root = json_loadb(json, len, 0, &jerr);
	json_t *cve;
	jcs_rc rc;

	if (!root) {
		snprintf(err, errlen, "line %d of the record: %s", jerr.line,
			 jerr.text);
		return JCS_E_FORMAT;
	}
	cve = json_object_get(root, "cve");
	if (!json_is_object(cve)) {
		st->records++;
		st->skipped++;
		json_decref(root);
		return JCS_OK;
	}
	rc = nvd_record(db, cve, st, err, errlen);
	json_decref(root);
	return rc;
}

static jcs_rc on_element(const char *elem, size_t len, void *user)
{
	struct jcsi_import_ctx *c = user;

	return jcsi_import_nvd_element(c->db, elem, len, c->st, c->err,
				       c->errlen);
}

jcs_rc jcsi_import_nvd(struct jcs_vulndb *db, const char *file,
		       struct jcs_vulndb_import_stats *st, char *err,
		       size_t errlen)
{
	char why[512] = "";
	struct jcsi_import_ctx ctx = {db, st, why, sizeof(why)};
	/* the 1.1 feeds ("CVE_Items") were retired by NVD in 2023 */
	struct jcsi_jstream_file f = {
		.key = "vulnerabilities", .fn = on_element, .user = &ctx,
		.missing = "no top-level \"vulnerabilities\" array (not an "
			   "NVD CVE API 2.0 document)",
		.gz_errors = 1, .why = why, .whylen = sizeof(why),
	};

	return jcsi_jstream_read_file(file, &f, err, errlen);
}

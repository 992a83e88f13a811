/*
 * import_kev.c - CISA's Known Exploited Vulnerabilities catalog, as JSON
 * ({"catalogVersion": ..., "vulnerabilities": [{"cveID": ...,
 * "dateAdded": ..., "dueDate": ..., "knownRansomwareCampaignUse": ...}]})
 * or as CSV (header row naming the same columns; RFC 4180 quoting, fields
 * may hold commas, doubled quotes and line breaks). Entries have no
 * modification date, so an entry is written when any kept field differs.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>
#include <zlib.h>

#include "../core/mem.h"
#include "json_stream.h"
#include "vulndb.h"

/* Longest CSV field kept (descriptions and notes run to a few KB). */
#define CSV_FIELD_MAX 65536
#define CSV_COLS_MAX 64

static int same(const unsigned char *a, const char *b)
{
	if (!a || !b)
		return !a && !b;
	return !strcmp((const char *)a, b);
}

static jcs_rc kev_put(struct jcs_vulndb *db, const char *cve,
		      const char *added, const char *due, const char *ransom,
		      struct jcs_vulndb_import_stats *st, char *err,
		      size_t errlen)
{
	sqlite3_stmt *s;
	int r, exists = 0, equal = 0;
	jcs_rc rc;

	st->records++;
	if (!cve || strncmp(cve, "CVE-", 4) != 0) {
		st->skipped++;
		return JCS_OK;
	}
	s = jcsi_vulndb_stmt_key(db, JCSI_ST_KEV_GET, cve, err, errlen);
	if (!s)
		return JCS_E_IO;
	r = sqlite3_step(s);
	if (r == SQLITE_ROW) {
		exists = 1;
		equal = same(sqlite3_column_text(s, 0), added) &&
			same(sqlite3_column_text(s, 1), due) &&
			same(sqlite3_column_text(s, 2), ransom);
	}
	sqlite3_reset(s);
	if (equal) {
		st->unchanged++;
		return JCS_OK;
	}
	s = jcsi_vulndb_stmt_key(db, JCSI_ST_KEV_PUT, cve, err, errlen);
	if (!s)
		return JCS_E_IO;
	jcsi_bind_text(s, 2, added);
	jcsi_bind_text(s, 3, due);
	jcsi_bind_text(s, 4, ransom);
	rc = jcsi_vulndb_step_done(db, s, err, errlen);
	if (rc != JCS_OK)
		return rc;
	return jcsi_vulndb_stored(db, exists, st, err, errlen);
}

static jcs_rc on_kev(const char *elem, size_t len, void *user)
{
	struct jcsi_import_ctx *c = user;
	json_error_t jerr;
	json_t *o = json_loadb(elem, len, 0, &jerr);
	jcs_rc rc;

	if (!o) {
		snprintf(c->err, c->errlen, "%s", jerr.text);
		return JCS_E_FORMAT;
	}
	rc = kev_put(c->db,
		     json_string_value(json_object_get(o, "cveID")),
		     json_string_value(json_object_get(o, "dateAdded")),
		     json_string_value(json_object_get(o, "dueDate")),
		     json_string_value(json_object_get(o,
			"knownRansomwareCampaignUse")),
		     c->st, c->err, c->errlen);
	json_decref(o);
	return rc;
}

jcs_rc jcsi_import_kev_json(struct jcs_vulndb *db, const char *file,
			    struct jcs_vulndb_import_stats *st, char *err,
			    size_t errlen)
{
	char why[512] = "";
	struct jcsi_import_ctx ctx = {db, st, why, sizeof(why)};
	struct jcsi_jstream_file f = {
		.key = "vulnerabilities", .fn = on_kev, .user = &ctx,
		.missing = "no top-level \"vulnerabilities\" array",
		.why = why, .whylen = sizeof(why),
	};

	return jcsi_jstream_read_file(file, &f, err, errlen);
}

/* ---- CSV ---- */

struct csv {
	gzFile gz;
	unsigned line;          /* lines read so far */
	unsigned start;         /* line the record being read starts on */
	char *field[CSV_COLS_MAX];
	size_t nfields;
	char *buf;              /* all fields of a record, NUL-separated */
	size_t len, cap;
};

static int put(struct csv *c, char ch)
{
	if (c->len + 1 > c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 1024;
		char *b;

		if (cap > CSV_FIELD_MAX * 4)
			return -1;
		b = jcsi_realloc(c->buf, cap);
		if (!b)
			return -1;
		c->buf = b;
		c->cap = cap;
	}
	c->buf[c->len++] = ch;
	return 0;
}

/*
 * Reads one record into c->field: 1 read, 0 end of file, -1 malformed
 * (a quote inside an unquoted field, an unclosed quote, too many or too
 * long fields).
 */
static int csv_read(struct csv *c);

/* csv_read, with no fields unless a record was read. */
static int csv_record(struct csv *c)
{
	int r = csv_read(c);

	if (r != 1)
		c->nfields = 0;
	return r;
}

static int csv_read(struct csv *c)
{
	size_t starts[CSV_COLS_MAX];
	int quoted = 0, at_start = 1, any = 0, ch;

	c->len = 0;
	c->nfields = 0;
	starts[c->nfields++] = 0;
	c->start = ++c->line;
	while ((ch = gzgetc(c->gz)) != -1) {
		any = 1;
		if (quoted) {
			if (ch == '"') {
				int next = gzgetc(c->gz);

				if (next == '"') {
					if (put(c, '"'))
						return -1;
					continue;
				}
				quoted = 0;
				if (next == -1)
					break;
				ch = next;
			} else {
				if (ch == '\n')
					c->line++;
				if (put(c, (char)ch))
					return -1;
				continue;
			}
		}
		if (ch == '"') {
			if (!at_start)
				return -1;
			quoted = 1;
			at_start = 0;
			continue;
		}
		if (ch == ',') {
			if (put(c, '\0') || c->nfields == CSV_COLS_MAX)
				return -1;
			starts[c->nfields++] = c->len;
			at_start = 1;
			continue;
		}
		if (ch == '\r')
			continue;
		if (ch == '\n')
			break;
		at_start = 0;
		if (put(c, (char)ch))
			return -1;
	}
	if (quoted || !any || put(c, '\0'))
		return quoted || any ? -1 : 0;
	for (size_t i = 0; i < c->nfields; i++)
		c->field[i] = c->buf + starts[i];
	return 1;
}

static int column(struct csv *c, const char *name)
{
	for (size_t i = 0; i < c->nfields; i++) {
		const char *f = c->field[i];

		if (i == 0 && !strncmp(f, "\xef\xbb\xbf", 3))
			f += 3;
		if (!strcmp(f, name))
			return (int)i;
	}
	return -1;
}

static const char *get(struct csv *c, int col)
{
	if (col < 0 || (size_t)col >= c->nfields || !c->field[col][0])
		return NULL;
	return c->field[col];
}

jcs_rc jcsi_import_kev_csv(struct jcs_vulndb *db, const char *file,
			   struct jcs_vulndb_import_stats *st, char *err,
			   size_t errlen)
{
	struct csv c;
	int id, added, due, ransom, r;
	jcs_rc rc = JCS_OK;

	memset(&c, 0, sizeof(c));
	c.gz = gzopen(file, "rb");
	if (!c.gz) {
		snprintf(err, errlen, "%s: cannot open", file);
		return JCS_E_IO;
	}
	r = csv_record(&c);
	id = column(&c, "cveID");
	added = column(&c, "dateAdded");
	due = column(&c, "dueDate");
	ransom = column(&c, "knownRansomwareCampaignUse");
	if (r != 1 || id < 0 || added < 0) {
		snprintf(err, errlen, "%s:1: not the KEV header (cveID, "
			 "dateAdded, ...)", file);
		rc = JCS_E_FORMAT;
	}
	while (rc == JCS_OK && (r = csv_record(&c)) == 1) {
		unsigned line = c.start;

		if (c.nfields == 1 && !c.field[0][0])
			continue; /* blank line */
		if ((size_t)id >= c.nfields) {
			snprintf(err, errlen, "%s:%u: %zu fields, too few",
				 file, line, c.nfields);
			rc = JCS_E_FORMAT;
			break;
		}
		rc = kev_put(db, get(&c, id), get(&c, added), get(&c, due),
			     get(&c, ransom), st, err, errlen);
	}
	if (rc == JCS_OK && r < 0) {
		snprintf(err, errlen, "%s:%u: malformed CSV record", file,
			 c.start);
		rc = JCS_E_FORMAT;
	}
	jcsi_free(c.buf);
	gzclose(c.gz);
	return rc;
}

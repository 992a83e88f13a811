/*
 * vulndb_match.c - components against the database: NVD criteria by
 * vendor and product (the index cpe_match_vp), each criterion decided by
 * jcsi_cpe_match() (cpe.c), so the version logic lives in one place; and
 * OSV ranges by ecosystem and package name.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "cpe.h"
#include "dpkg_vercmp.h"
#include "vercmp.h"
#include "vulndb.h"

#define ID_MAX 128
#define TEXT_MAX 512

static void copy_lower(char *dst, size_t len, const char *src)
{
	size_t i;

	for (i = 0; i + 1 < len && src[i]; i++)
		dst[i] = (char)tolower((unsigned char)src[i]);
	dst[i] = '\0';
}

static void copy(char *dst, size_t len, const unsigned char *src)
{
	snprintf(dst, len, "%s", src ? (const char *)src : "");
}

static const char *col(sqlite3_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s, i);
}

/*
 * What both matchers do first: ST cleared, and query ID run with ?1 A and
 * ?2 B (its rows come grouped by vulnerability id); NULL on a database
 * error.
 */
static sqlite3_stmt *start(struct jcs_vulndb *db, enum jcsi_vulndb_stmt id,
			   const char *a, const char *b,
			   struct jcs_vuln_stats *st)
{
	sqlite3_stmt *s;

	memset(st, 0, sizeof(*st));
	s = jcsi_vulndb_stmt_key(db, id, a, NULL, 0);
	if (s)
		sqlite3_bind_text(s, 2, b, -1, SQLITE_TRANSIENT);
	return s;
}

/* An empty version is an unknown one. */
static const char *known(const char *version)
{
	return version && *version ? version : NULL;
}

/* What one CVE's rows decided, and the data of its hit. */
struct verdict {
	char id[ID_MAX];
	enum jcsi_cpe_match best;
	char fixed[TEXT_MAX], criteria[TEXT_MAX];
	int has_fixed;
};

/* KEV flag and CVSS of CVE into HIT (vector and version into buffers). */
static void cve_info(struct jcs_vulndb *db, const char *cve,
		     struct jcs_vuln_hit *hit, char *vector, char *version)
{
	sqlite3_stmt *s = jcsi_vulndb_stmt(db, JCSI_ST_CVE_INFO, NULL, 0);

	hit->cvss = -1;
	if (!s || !cve)
		return;
	sqlite3_bind_text(s, 1, cve, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(s) == SQLITE_ROW) {
		if (sqlite3_column_type(s, 0) != SQLITE_NULL)
			hit->cvss = sqlite3_column_double(s, 0);
		if (col(s, 1)) {
			copy(vector, TEXT_MAX, sqlite3_column_text(s, 1));
			hit->vector = vector;
		}
		if (col(s, 2)) {
			copy(version, 16, sqlite3_column_text(s, 2));
			hit->cvss_version = version;
		}
		hit->kev = sqlite3_column_int(s, 3) != 0;
	}
	sqlite3_reset(s);
}

/* Reports the CVE in V when it matched; 1: the callback said stop. */
static int flush(struct jcs_vulndb *db, struct verdict *v, jcs_vuln_fn fn,
		 void *user, struct jcs_vuln_stats *st)
{
	char vector[TEXT_MAX], version[16];
	struct jcs_vuln_hit hit;
	int stop = 0;

	if (!v->id[0])
		return 0;
	if (v->best == JCSI_MATCH_YES) {
		memset(&hit, 0, sizeof(hit));
		hit.id = v->id;
		hit.criteria = v->criteria;
		hit.fixed = v->has_fixed ? v->fixed : NULL;
		cve_info(db, v->id, &hit, vector, version);
		st->matched++;
		stop = fn(&hit, user) != 0;
	} else if (v->best == JCSI_MATCH_VERSION_UNKNOWN) {
		st->version_unknown++;
	}
	v->id[0] = '\0';
	return stop;
}

/*
 * Attribute I of criterion C from its cpe_match column (the encoding of
 * vulndb_schema.c), without parsing the whole criteria string: matching
 * the Linux kernel reads a hundred thousand rows.
 */
static void set_attr(struct jcsi_cpe *c, int i, const char *v)
{
	if (!v || !strcmp(v, "*")) {
		c->kind[i] = JCSI_CPE_ANY;
		c->value[i][0] = '\0';
		return;
	}
	if (!strcmp(v, "-")) {
		c->kind[i] = JCSI_CPE_NA;
		c->value[i][0] = '\0';
		return;
	}
	if (v[0] == '\\')
		v++;
	c->kind[i] = JCSI_CPE_VALUE;
	snprintf(c->value[i], sizeof(c->value[i]), "%s", v);
}

jcs_rc jcsi_vulndb_match(struct jcs_vulndb *db, char part,
			 const char *vendor, const char *product,
			 const char *version, jcs_vuln_fn fn, void *user,
			 struct jcs_vuln_stats *st)
{
	char lv[JCSI_CPE_VALUE_MAX + 1], lp[JCSI_CPE_VALUE_MAX + 1];
	struct jcs_vuln_stats local;
	struct jcsi_cpe_criterion m;
	struct verdict v;
	sqlite3_stmt *s;
	int stop = 0;

	if (!db || !vendor || !product || !fn)
		return JCS_E_ARG;
	if (!st)
		st = &local;
	version = known(version);
	copy_lower(lv, sizeof(lv), vendor);
	copy_lower(lp, sizeof(lp), product);
	s = start(db, JCSI_ST_MATCH, lv, lp, st);
	if (!s)
		return JCS_E_IO;
	memset(&v, 0, sizeof(v));
	/* the attributes after the update are never compared (cpe.h) */
	memset(&m, 0, sizeof(m));
	set_attr(&m.cpe, JCSI_CPE_VENDOR, lv);
	set_attr(&m.cpe, JCSI_CPE_PRODUCT, lp);
	while (!stop && sqlite3_step(s) == SQLITE_ROW) {
		const char *id = col(s, 0);
		struct jcsi_cpe_subject c = {part, lv, lp, version};
		enum jcsi_cpe_match res;

		if (!id)
			continue;
		if (strcmp(id, v.id) != 0) {
			stop = flush(db, &v, fn, user, st);
			if (stop)
				break;
			snprintf(v.id, sizeof(v.id), "%s", id);
			v.best = JCSI_MATCH_NO;
		}
		if (v.best == JCSI_MATCH_YES)
			continue; /* this CVE is decided; the rest can't undo it */
		set_attr(&m.cpe, JCSI_CPE_PART, col(s, 6));
		set_attr(&m.cpe, JCSI_CPE_VERSION, col(s, 7));
		set_attr(&m.cpe, JCSI_CPE_UPDATE, col(s, 8));
		if (!part) /* any part: take the criterion's */
			c.part = m.cpe.kind[JCSI_CPE_PART] == JCSI_CPE_VALUE ?
				 m.cpe.value[JCSI_CPE_PART][0] : 'a';
		m.start_incl = col(s, 2);
		m.start_excl = col(s, 3);
		m.end_incl = col(s, 4);
		m.end_excl = col(s, 5);
		st->criteria_checked++;
		res = jcsi_cpe_match(&m, &c);
		if (res == JCSI_MATCH_YES) {
			v.best = res;
			copy(v.criteria, sizeof(v.criteria),
			     sqlite3_column_text(s, 1));
			v.has_fixed = m.end_excl != NULL;
			copy(v.fixed, sizeof(v.fixed), sqlite3_column_text(s, 5));
		} else if (res == JCSI_MATCH_VERSION_UNKNOWN) {
			v.best = res;
		}
	}
	if (!stop)
		flush(db, &v, fn, user, st);
	sqlite3_reset(s);
	return JCS_OK;
}

typedef int (*vercmp_fn)(const char *a, const char *b);

/* Debian and Ubuntu package versions order as dpkg says. */
static vercmp_fn ordering(const char *ecosystem)
{
	if (!strncmp(ecosystem, "Debian", 6) || !strncmp(ecosystem, "Ubuntu", 6))
		return jcsi_dpkg_version_cmp;
	return jcsi_version_cmp;
}

/* Whether VERSION is in the space-separated LIST. */
static int listed(const char *list, const char *version, vercmp_fn cmp)
{
	char one[JCSI_VERSION_MAX + 1];

	while (*list) {
		size_t n = strcspn(list, " ");

		if (n <= JCSI_VERSION_MAX) {
			memcpy(one, list, n);
			one[n] = '\0';
			if (!strcmp(one, version) || cmp(one, version) == 0)
				return 1;
		}
		list += n;
		while (*list == ' ')
			list++;
	}
	return 0;
}

/* One osv_affected row: does VERSION fall in it. */
static int in_range(sqlite3_stmt *s, const char *version, vercmp_fn cmp)
{
	const char *intro = col(s, 1), *fixed = col(s, 2), *last = col(s, 3);
	const char *list = col(s, 4);

	if (list)
		return listed(list, version, cmp);
	/* "0" is OSV's "since the first version" */
	if (intro && strcmp(intro, "0") != 0 && cmp(version, intro) < 0)
		return 0;
	if (fixed && cmp(version, fixed) >= 0)
		return 0;
	if (last && cmp(version, last) > 0)
		return 0;
	return 1;
}

jcs_rc jcsi_vulndb_match_osv(struct jcs_vulndb *db, const char *ecosystem,
			     const char *name, const char *version,
			     jcs_vuln_fn fn, void *user,
			     struct jcs_vuln_stats *st)
{
	char cur[ID_MAX] = "", alias[ID_MAX], fixed[TEXT_MAX];
	char vector[TEXT_MAX], cvss_version[16];
	struct jcs_vuln_stats local;
	int decided = 0, stop = 0;
	vercmp_fn cmp;
	sqlite3_stmt *s;

	if (!db || !ecosystem || !name || !fn)
		return JCS_E_ARG;
	if (!st)
		st = &local;
	version = known(version);
	cmp = ordering(ecosystem);
	s = start(db, JCSI_ST_OSV_MATCH, ecosystem, name, st);
	if (!s)
		return JCS_E_IO;
	while (!stop && sqlite3_step(s) == SQLITE_ROW) {
		const char *id = col(s, 0);
		struct jcs_vuln_hit hit;

		if (!id)
			continue;
		if (strcmp(id, cur) != 0) {
			snprintf(cur, sizeof(cur), "%s", id);
			decided = 0;
		}
		if (decided)
			continue;
		st->criteria_checked++;
		if (!version) {
			st->version_unknown++;
			decided = 1;
			continue;
		}
		if (!in_range(s, version, cmp))
			continue;
		decided = 1;
		memset(&hit, 0, sizeof(hit));
		copy(alias, sizeof(alias), sqlite3_column_text(s, 5));
		hit.osv_id = cur;
		hit.id = alias[0] ? alias : cur;
		if (col(s, 2)) {
			copy(fixed, sizeof(fixed), sqlite3_column_text(s, 2));
			hit.fixed = fixed;
		}
		cve_info(db, alias[0] ? alias : NULL, &hit, vector,
			 cvss_version);
		st->matched++;
		stop = fn(&hit, user) != 0;
	}
	sqlite3_reset(s);
	return JCS_OK;
}

/* %XX decoding of a purl component into BUF; -1 malformed or too long. */
static int decode(const char *s, size_t n, char *buf, size_t len)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c == '%') {
			unsigned v;

			if (i + 2 >= n || !isxdigit((unsigned char)s[i + 1]) ||
			    !isxdigit((unsigned char)s[i + 2]) ||
			    sscanf(s + i + 1, "%2x", &v) != 1 || v == 0)
				return -1;
			c = (char)v;
			i += 2;
		}
		if (o + 1 >= len)
			return -1;
		buf[o++] = c;
	}
	buf[o] = '\0';
	return 0;
}

jcs_rc jcsi_purl_to_osv(const char *purl, char *ecosystem, size_t elen,
			char *name, size_t nlen, char *version, size_t vlen)
{
	static const struct { const char *codename, *release; } debian[] = {
		{"buster", "10"}, {"bullseye", "11"}, {"bookworm", "12"},
		{"trixie", "13"},
	};
	const char *p, *at, *q, *distro, *rel = NULL;
	char d[32];
	size_t dn;

	if (!purl || !ecosystem || !name || !version)
		return JCS_E_ARG;
	if (strncmp(purl, "pkg:", 4) != 0)
		return JCS_E_FORMAT;
	if (strncmp(purl, "pkg:deb/debian/", 15) != 0)
		return JCS_E_UNSUPPORTED;
	p = purl + 15;
	q = strchr(p, '?');
	at = strchr(p, '@');
	if (!at || (q && at > q) || at == p)
		return JCS_E_FORMAT;
	if (decode(p, (size_t)(at - p), name, nlen) ||
	    decode(at + 1, q ? (size_t)(q - at - 1) : strlen(at + 1), version,
		   vlen) || !version[0])
		return JCS_E_FORMAT;
	distro = q ? strstr(q, "distro=") : NULL;
	if (!distro || (distro[-1] != '?' && distro[-1] != '&'))
		return JCS_E_UNSUPPORTED;
	distro += 7;
	dn = strcspn(distro, "&#");
	if (dn == 0 || dn >= sizeof(d))
		return JCS_E_UNSUPPORTED;
	memcpy(d, distro, dn);
	d[dn] = '\0';
	if (!strncmp(d, "debian-", 7)) {
		rel = d + 7;
		/* "debian-12.4": the release is the major number */
		d[7 + strcspn(d + 7, ".")] = '\0';
	}
	for (size_t i = 0; !rel && i < sizeof(debian) / sizeof(debian[0]); i++)
		if (!strcmp(d, debian[i].codename))
			rel = debian[i].release;
	if (!rel || !*rel || strspn(rel, "0123456789") != strlen(rel))
		return JCS_E_UNSUPPORTED;
	if ((size_t)snprintf(ecosystem, elen, "Debian:%s", rel) >= elen)
		return JCS_E_LIMIT;
	return JCS_OK;
}

JCS_API jcs_rc jcs_vulndb_match(struct jcs_vulndb *db, char part,
				const char *vendor, const char *product,
				const char *version, jcs_vuln_fn fn,
				void *user, struct jcs_vuln_stats *st)
{
	return jcsi_vulndb_match(db, part, vendor, product, version, fn, user,
				 st);
}

JCS_API jcs_rc jcs_vulndb_match_purl(struct jcs_vulndb *db, const char *purl,
				     jcs_vuln_fn fn, void *user,
				     struct jcs_vuln_stats *st)
{
	char eco[64], name[256], version[JCSI_VERSION_MAX + 1];
	jcs_rc rc = jcsi_purl_to_osv(purl, eco, sizeof(eco), name,
				     sizeof(name), version, sizeof(version));

	if (rc != JCS_OK)
		return rc;
	return jcsi_vulndb_match_osv(db, eco, name, version, fn, user, st);
}

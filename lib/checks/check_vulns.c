/*
 * check_vulns.c - the identified components (the result's `components`)
 * against the local vulnerability database (`jcstar db import`): one
 * finding per vulnerable component, listing its CVEs with CVSS score and
 * vector, whether CISA lists them as exploited, and the fixed version.
 *
 * No database is not a clean result: the check is then recorded as not
 * run, so no requirement passes on the absence of known vulnerabilities.
 * A database older than the allowed age is named in a limitation. A
 * component without a version cannot be matched and is counted, never
 * read as "not vulnerable".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "../core/mem.h"
#include "../result/result_int.h"
#include "check_int.h"
#include "jcstar/vulndb.h"

#define EVIDENCE_LINES 20

struct hits {
	json_t *vulns;          /* [{id, cvss, vector, kev, fixed}] */
	double max_cvss;
	int kev;
};

static int on_hit(const struct jcs_vuln_hit *h, void *user)
{
	struct hits *x = user;
	size_t i;
	json_t *v;

	json_array_foreach(x->vulns, i, v)
		if (!strcmp(json_string_value(json_object_get(v, "id")), h->id))
			return 0;
	v = json_pack("{s:s}", "id", h->id);
	if (!v)
		return 0;
	if (h->cvss >= 0 && h->cvss <= 10)
		json_object_set_new(v, "cvss", json_real(h->cvss));
	if (h->vector)
		json_object_set_new(v, "vector", json_string(h->vector));
	json_object_set_new(v, "kev", json_boolean(h->kev));
	if (h->fixed)
		json_object_set_new(v, "fixed", json_string(h->fixed));
	json_array_append_new(x->vulns, v);
	if (h->cvss > x->max_cvss)
		x->max_cvss = h->cvss;
	x->kev |= h->kev;
	return 0;
}

static double cvss_of(const json_t *v)
{
	const json_t *c = json_object_get(v, "cvss");

	return c ? json_real_value(c) : -1.0;
}

/* Worst first: exploited, then by score. */
static int worse_first(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	int kx = json_is_true(json_object_get(x, "kev"));
	int ky = json_is_true(json_object_get(y, "kev"));

	if (kx != ky)
		return ky - kx;
	if (cvss_of(x) != cvss_of(y))
		return cvss_of(x) < cvss_of(y) ? 1 : -1;
	return strcmp(json_string_value(json_object_get(x, "id")),
		      json_string_value(json_object_get(y, "id")));
}

static void sort_vulns(json_t *arr)
{
	size_t n = json_array_size(arr);
	json_t **v = n ? jcsi_calloc(n, sizeof(*v)) : NULL;

	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(arr, i));
	qsort(v, n, sizeof(*v), worse_first);
	json_array_clear(arr);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, v[i]);
	jcsi_free(v);
}

static enum jcs_severity severity_of(const struct hits *x)
{
	enum jcs_severity s = x->max_cvss >= 9.0 ? JCS_SEV_CRITICAL :
			      x->max_cvss >= 7.0 ? JCS_SEV_HIGH :
			      x->max_cvss >= 4.0 ? JCS_SEV_MEDIUM :
						   JCS_SEV_LOW;

	return x->kev && s < JCS_SEV_HIGH ? JCS_SEV_HIGH : s;
}

static void evidence_of(const json_t *vulns, char *out, size_t len)
{
	size_t i, at = 0;
	const json_t *v;

	out[0] = '\0';
	json_array_foreach(vulns, i, v) {
		const char *vec = json_string_value(json_object_get(v, "vector"));
		const char *fixed = json_string_value(json_object_get(v,
								      "fixed"));
		char score[32] = "no CVSS score";

		if (i == EVIDENCE_LINES) {
			snprintf(out + at, len - at, "\n... and %zu more",
				 json_array_size(vulns) - i);
			return;
		}
		if (cvss_of(v) >= 0)
			snprintf(score, sizeof(score), "CVSS %.1f",
				 cvss_of(v));
		at += (size_t)snprintf(out + at, len - at, "%s%s %s%s%s%s%s%s",
			 i ? "\n" : "",
			 json_string_value(json_object_get(v, "id")), score,
			 vec ? " " : "", vec ? vec : "",
			 json_is_true(json_object_get(v, "kev")) ?
			 ", known exploited (CISA KEV)" : "",
			 fixed ? ", fixed in " : "", fixed ? fixed : "");
		if (at >= len)
			return;
	}
}

/* "cpe:2.3:a:vendor:product:version:..." -> part, vendor, product */
static int cpe_parts(const char *cpe, char *part, char *vendor, size_t vl,
		     char *product, size_t pl)
{
	char buf[512], *f[6], *save = NULL;
	size_t n = 0;

	if (!cpe || strncmp(cpe, "cpe:2.3:", 8) != 0)
		return -1;
	snprintf(buf, sizeof(buf), "%s", cpe);
	for (char *t = strtok_r(buf, ":", &save); t && n < 6;
	     t = strtok_r(NULL, ":", &save))
		f[n++] = t;
	if (n < 5 || strlen(f[2]) != 1)
		return -1;
	*part = f[2][0];
	snprintf(vendor, vl, "%s", f[3]);
	snprintf(product, pl, "%s", f[4]);
	return 0;
}

static const char *str(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static void one_component(struct jcsi_scan *s, struct jcs_vulndb *db,
			  const json_t *c, unsigned *unknown)
{
	struct jcs_vuln_stats st = {0};
	struct hits x = {.vulns = json_array(), .max_cvss = -1};
	const char *name = str(c, "name"), *ver = str(c, "version");
	const char *cpe = str(c, "cpe"), *purl = str(c, "purl");
	char part, vendor[128], product[128], subject[256], detail[96];
	char *ev;

	if (!x.vulns)
		return;
	if (cpe && cpe_parts(cpe, &part, vendor, sizeof(vendor), product,
			     sizeof(product)) == 0)
		jcs_vulndb_match(db, part, vendor, product,
				 ver && *ver ? ver : NULL, on_hit, &x, &st);
	if (purl)
		jcs_vulndb_match_purl(db, purl, on_hit, &x, &st);
	*unknown += st.version_unknown ? 1 : 0;
	if (!json_array_size(x.vulns)) {
		json_decref(x.vulns);
		return;
	}
	sort_vulns(x.vulns);
	ev = jcsi_malloc(8192);
	if (!ev) {
		json_decref(x.vulns);
		return;
	}
	evidence_of(x.vulns, ev, 8192);
	snprintf(subject, sizeof(subject), "%s %s", name ? name : "?",
		 ver ? ver : "");
	if (x.max_cvss >= 0)
		snprintf(detail, sizeof(detail), "%zu CVE%s, highest CVSS %.1f",
			 json_array_size(x.vulns),
			 json_array_size(x.vulns) == 1 ? "" : "s", x.max_cvss);
	else
		snprintf(detail, sizeof(detail), "%zu CVE%s",
			 json_array_size(x.vulns),
			 json_array_size(x.vulns) == 1 ? "" : "s");
	jcsi_emit_path(s, "vulns.known-vulnerable",
		       str(json_array_get(json_object_get(c, "files"), 0),
			   "path"), severity_of(&x), subject, detail, ev);
	jcsi_free(ev);
	{
		json_t *f = jcsi_result_last_finding(jcsi_scan_result(s));

		if (f && !strcmp(str(f, "rule"), "vulns.known-vulnerable"))
			json_object_set(f, "vulnerabilities", x.vulns);
	}
	json_decref(x.vulns);
}

static jcs_rc run_vulns(struct jcsi_scan *s)
{
	const struct jcs_scan_opts *o = jcsi_scan_options(s);
	const json_t *comps = json_object_get(
		jcsi_result_doc(jcsi_scan_result(s)), "components");
	struct jcs_vulndb *db = NULL;
	struct jcs_vulndb_status st;
	char path[4096], err[512] = "", why[4800];
	int max_age = o->vuln_max_age_days > 0 ? o->vuln_max_age_days : 7;
	unsigned unknown = 0;
	size_t i;
	const json_t *c;

	if (o->vuln_db)
		snprintf(path, sizeof(path), "%s", o->vuln_db);
	else if (jcs_vulndb_default_path(path, sizeof(path)) != JCS_OK)
		path[0] = '\0';
	if (!path[0] || (!o->vuln_db && access(path, R_OK) != 0)) {
		snprintf(why, sizeof(why), "no vulnerability database%s%s: "
			 "import NVD, OSV or CISA KEV feeds with `jcstar db "
			 "import FILE...` (or give one with --vuln-db)",
			 path[0] ? " at " : "", path);
		jcsi_scan_not_run(s, why);
		return JCS_OK;
	}
	if (jcs_vulndb_open(path, 0, &db, err, sizeof(err)) != JCS_OK ||
	    jcs_vulndb_status(db, &st) != JCS_OK) {
		snprintf(why, sizeof(why), "vulnerability database %s: %s",
			 path, err[0] ? err : "cannot be read");
		jcsi_scan_not_run(s, why);
		jcs_vulndb_close(db);
		return JCS_OK;
	}
	if (!st.cves && !st.osv) {
		snprintf(why, sizeof(why), "the vulnerability database %s is "
			 "empty: import feeds with `jcstar db import`", path);
		jcsi_scan_not_run(s, why);
		jcs_vulndb_close(db);
		return JCS_OK;
	}
	if (st.age_days > max_age) {
		snprintf(why, sizeof(why), "the database %s is %.0f days old "
			 "(newest record %s; allowed: %d days): CVEs published "
			 "since are not matched", path, st.age_days,
			 st.newest_modified, max_age);
		jcsi_limitation(s, "known vulnerabilities", why);
	}
	json_array_foreach(comps, i, c)
		one_component(s, db, c, &unknown);
	if (unknown) {
		snprintf(why, sizeof(why), "%u component%s without a usable "
			 "version: CVEs that need one were not matched", unknown,
			 unknown == 1 ? "" : "s");
		jcsi_limitation(s, "known vulnerabilities", why);
	}
	jcs_vulndb_close(db);
	return JCS_OK;
}

const struct jcsi_check jcsi_check_vulns = {
	"vulns",
	"known vulnerabilities of the identified components",
	run_vulns,
};

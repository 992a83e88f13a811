/*
 * identify.c - jcsi_identify_components(): the components of a scanned tree from
 * package databases and manifests (identify_packages.c) and version
 * signatures in binaries (identify_signatures.c), merged into one list:
 *
 *  - one entry per (name, version); the entry that stays is the most
 *    trustworthy one: package-db, then manifest, then signature (then
 *    the first found); it takes the files of the others (up to
 *    JCSI_COMP_FILES_MAX), their highest confidence, and any supplier,
 *    CPE, purl or license it lacks (so libssl3 and openssl, two Debian
 *    packages of one upstream openssl, are one component with the purl
 *    of the first);
 *  - every component gets supplier and CPE from data/components/names.tsv
 *    when its name is listed there, and a purl (pkg:generic/NAME@VERSION
 *    when nothing better is known);
 *  - every evidence file gets its sha256. Files are named by their path
 *    on the device; when several file systems of the image hold the same
 *    path, the hash is the one of the first (in the order of the
 *    manifest);
 *  - the list is sorted by name, then version (byte order), so results
 *    are the same from run to run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "../checks/check_int.h"
#include "../core/mem.h"
#include "../core/util.h"
#include "../result/result_int.h"
#include "identify.h"
#include "names.h"

/* SHA-256 (CycloneDX, the result) and SHA-1 (SPDX 2.3 requires it for
   every file) of PATH in one read; hex into the buffers. -1 on error. */
static int hash_file(const char *path, char sha256[65], char sha1[41])
{
	EVP_MD_CTX *a = EVP_MD_CTX_new(), *b = EVP_MD_CTX_new();
	unsigned char buf[65536], md[EVP_MAX_MD_SIZE];
	unsigned int len;
	FILE *f = fopen(path, "rb");
	int ok = f && a && b && EVP_DigestInit_ex(a, EVP_sha256(), NULL) &&
		 EVP_DigestInit_ex(b, EVP_sha1(), NULL);
	size_t n;

	while (ok && (n = fread(buf, 1, sizeof(buf), f)) > 0)
		ok = EVP_DigestUpdate(a, buf, n) && EVP_DigestUpdate(b, buf, n);
	if (ok && f && ferror(f))
		ok = 0;
	if (ok && EVP_DigestFinal_ex(a, md, &len) && len == 32) {
		for (unsigned i = 0; i < len; i++)
			snprintf(sha256 + 2 * i, 3, "%02x", md[i]);
	} else {
		ok = 0;
	}
	if (ok && EVP_DigestFinal_ex(b, md, &len) && len == 20) {
		for (unsigned i = 0; i < len; i++)
			snprintf(sha1 + 2 * i, 3, "%02x", md[i]);
	} else {
		ok = 0;
	}
	if (f)
		fclose(f);
	EVP_MD_CTX_free(a);
	EVP_MD_CTX_free(b);
	return ok ? 0 : -1;
}

static int prio(enum jcsi_comp_method m)
{
	return m == JCSI_COMP_PACKAGE_DB ? 0 : m == JCSI_COMP_MANIFEST ? 1 : 2;
}

struct slot {
	struct jcsi_component *c;
	size_t at; /* order found: keeps the sort stable */
};

static int cmp_slot(const void *x, const void *y)
{
	const struct slot *a = x, *b = y;
	int d = strcmp(a->c->name, b->c->name);

	if (!d)
		d = strcmp(a->c->version, b->c->version);
	if (!d)
		d = prio(a->c->method) - prio(b->c->method);
	if (!d)
		d = a->at < b->at ? -1 : a->at > b->at;
	return d;
}

static void take_str(char **dst, char **src)
{
	if (!*dst && *src) {
		*dst = *src;
		*src = NULL;
	}
}

/* Folds B into A (same name and version; A wins). */
static jcs_rc fold(struct jcsi_component *a, struct jcsi_component *b)
{
	jcs_rc rc = JCS_OK;

	if (b->confidence > a->confidence)
		a->confidence = b->confidence;
	take_str(&a->supplier, &b->supplier);
	take_str(&a->cpe, &b->cpe);
	take_str(&a->purl, &b->purl);
	take_str(&a->license, &b->license);
	for (size_t i = 0; i < b->n_files && rc == JCS_OK; i++)
		rc = jcsi_component_add_file(a, b->files[i].path);
	return rc;
}

/* Moves every component of FROM (emptied) to the end of TO. */
static jcs_rc move_all(struct jcsi_components *to,
		       struct jcsi_components *from)
{
	struct jcsi_component *v;

	if (!from->n)
		return JCS_OK;
	v = jcsi_realloc(to->c, (to->n + from->n) * sizeof(*v));
	if (!v)
		return JCS_E_NOMEM;
	memcpy(v + to->n, from->c, from->n * sizeof(*v));
	to->c = v;
	to->n += from->n;
	jcsi_free(from->c);
	from->c = NULL;
	from->n = 0;
	return JCS_OK;
}

/* Merges ALL (sorted copy, rule above) into OUT; ALL is emptied. */
jcs_rc jcsi_components_merge(struct jcsi_components *all,
			     struct jcsi_components *out)
{
	struct slot *sl;
	struct jcsi_component *v;
	size_t n = 0;
	jcs_rc rc = JCS_OK;

	if (!all->n)
		return JCS_OK;
	sl = jcsi_malloc(all->n * sizeof(*sl));
	v = jcsi_calloc(all->n, sizeof(*v));
	if (!sl || !v) {
		jcsi_free(sl);
		jcsi_free(v);
		return JCS_E_NOMEM;
	}
	for (size_t i = 0; i < all->n; i++) {
		sl[i].c = &all->c[i];
		sl[i].at = i;
	}
	qsort(sl, all->n, sizeof(*sl), cmp_slot);
	for (size_t i = 0; i < all->n; i++) {
		struct jcsi_component *c = sl[i].c;

		if (n && !strcmp(v[n - 1].name, c->name) &&
		    !strcmp(v[n - 1].version, c->version)) {
			if (rc == JCS_OK)
				rc = fold(&v[n - 1], c);
			jcsi_component_clear(c);
			continue;
		}
		v[n++] = *c; /* moved: the slot's copy is forgotten */
		memset(c, 0, sizeof(*c));
	}
	jcsi_free(sl);
	jcsi_free(all->c);
	all->c = NULL;
	all->n = 0;
	if (rc != JCS_OK) {
		struct jcsi_components tmp = {v, n};

		jcsi_components_free(&tmp);
		return rc;
	}
	out->c = v;
	out->n = n;
	return JCS_OK;
}

/* Evidence entries sorted by device path, for hashing files by path. */
static int cmp_ev(const void *x, const void *y)
{
	const struct jcsi_ev *a = *(const struct jcsi_ev *const *)x;
	const struct jcsi_ev *b = *(const struct jcsi_ev *const *)y;
	int d = strcmp(a->dev, b->dev);

	/* equal paths: the first in the manifest first */
	return d ? d : (a < b ? -1 : a > b);
}

static const struct jcsi_ev *by_path(const struct jcsi_ev **idx, size_t n,
				     const char *dev)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(idx[mid]->dev, dev) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n && !strcmp(idx[lo]->dev, dev); lo++)
		if (idx[lo]->kind == JCSI_EV_FILE)
			return idx[lo];
	return NULL;
}

static jcs_rc hash_files(struct jcsi_scan *s, struct jcsi_components *cs)
{
	size_t n = jcsi_scan_count(s);
	const struct jcsi_ev **idx = jcsi_malloc((n ? n : 1) * sizeof(*idx));

	if (!idx)
		return JCS_E_NOMEM;
	for (size_t i = 0; i < n; i++)
		idx[i] = jcsi_scan_entry(s, i);
	qsort(idx, n, sizeof(*idx), cmp_ev);
	for (size_t i = 0; i < cs->n; i++) {
		for (size_t k = 0; k < cs->c[i].n_files; k++) {
			struct jcsi_comp_file *f = &cs->c[i].files[k];
			const struct jcsi_ev *e;

			if (f->sha256[0])
				continue;
			e = by_path(idx, n, f->path);
			if (!e || hash_file(e->disk, f->sha256, f->sha1) < 0) {
				f->sha256[0] = '\0';
				f->sha1[0] = '\0';
			}
		}
	}
	jcsi_free(idx);
	return JCS_OK;
}

/* Supplier, CPE and purl from names.tsv; a generic purl otherwise. */
static jcs_rc describe(struct jcsi_scan *s, struct jcsi_components *cs)
{
	struct jcsi_names *names = NULL;
	char err[512];
	jcs_rc rc;

	if (jcsi_names_load(jcsi_scan_data_dir(s), &names, err,
			    sizeof(err)) != JCS_OK)
		names = NULL; /* identify_packages said so already */
	for (size_t i = 0; i < cs->n; i++) {
		struct jcsi_component *c = &cs->c[i];

		rc = jcsi_names_describe(names, c);
		if (rc == JCS_OK && !c->purl &&
		    !(c->purl = jcsi_purl("generic", c->name, c->version,
					  NULL)))
			rc = JCS_E_NOMEM;
		if (rc != JCS_OK) {
			jcsi_names_free(names);
			return rc;
		}
	}
	jcsi_names_free(names);
	return JCS_OK;
}

jcs_rc jcsi_identify_components(struct jcsi_scan *s,
				struct jcsi_components *out)
{
	struct jcsi_components all = {NULL, 0}, sig = {NULL, 0};
	jcs_rc rc;

	out->c = NULL;
	out->n = 0;
	rc = jcsi_identify_packages(s, &all);
	if (rc != JCS_OK && rc != JCS_E_NOMEM) {
		jcsi_limitation(s, "components from package databases",
				jcs_strerror(rc));
		rc = JCS_OK;
	}
	if (rc == JCS_OK) {
		rc = jcsi_identify_signatures(s, &sig);
		if (rc != JCS_OK && rc != JCS_E_NOMEM) {
			jcsi_limitation(s, "components from version "
					"signatures in binaries",
					jcs_strerror(rc));
			rc = JCS_OK;
		}
	}
	if (rc == JCS_OK)
		rc = move_all(&all, &sig);
	if (rc == JCS_OK)
		rc = jcsi_components_merge(&all, out);
	if (rc == JCS_OK)
		rc = describe(s, out);
	if (rc == JCS_OK)
		rc = hash_files(s, out);
	jcsi_components_free(&all);
	jcsi_components_free(&sig);
	if (rc != JCS_OK)
		jcsi_components_free(out);
	return rc;
}

void jcsi_identify_result(struct jcsi_scan *s, struct jcs_result *r)
{
	struct jcsi_components cs;
	jcs_rc rc = jcsi_identify_components(s, &cs);
	json_t *j;

	if (rc != JCS_OK) {
		jcs_result_add_limitation(r, "software components",
					  jcs_strerror(rc));
		return;
	}
	j = jcsi_components_json(&cs);
	jcsi_components_free(&cs);
	rc = j ? jcsi_result_set_components(r, j) : JCS_E_NOMEM;
	if (rc != JCS_OK)
		jcs_result_add_limitation(r, "software components",
					  jcs_strerror(rc));
}

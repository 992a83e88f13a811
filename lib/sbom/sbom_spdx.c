/*
 * sbom_spdx.c - the result document as an SPDX 2.3 JSON document: the
 * firmware is the package the document DESCRIBES, it CONTAINS one package
 * per identified component, and the files a component was identified
 * from are File elements tied to it.
 *
 * Packages have filesAnalyzed false: jcstar knows which files gave a
 * component away, not all of a package's files (which a package
 * verification code would need), and SPDX forbids files inside such a
 * package. So evidence files are related to their component as OTHER
 * with a comment saying so, and to the firmware image as
 * EXPANDED_FROM_ARCHIVE. SPDX 2.3 (clause 8.4) requires a SHA1 for every
 * File: a file known only by path or sha256 is named in its package's
 * comment instead of becoming a File element.
 */
#include <string.h>

#include "../core/mem.h"
#include "sbom_int.h"

#define FIRMWARE_ID "SPDXRef-Firmware"
#define NOASSERTION "NOASSERTION"

struct spdx {
	int bad;
	json_t *files;     /* File elements, one per path */
	json_t *rels;      /* relationships */
	int image;         /* the input was an image (files came out of it) */
};

static json_t *put(struct spdx *b, json_t *o, const char *k, json_t *v)
{
	if (!v || json_object_set_new(o, k, v) < 0)
		b->bad = 1;
	return v;
}

static void put_str(struct spdx *b, json_t *o, const char *k, const char *v)
{
	if (v && *v)
		put(b, o, k, json_string(v));
}

static json_t *push(struct spdx *b, json_t *a, json_t *v)
{
	if (!v || json_array_append_new(a, v) < 0)
		b->bad = 1;
	return v;
}

void jcsi_spdx_id_part(const char *in, char *out, size_t len)
{
	size_t n = 0;
	int dash = 0;

	if (!len)
		return;
	for (; in && *in && n + 1 < len; in++) {
		unsigned char c = (unsigned char)*in;
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			 (c >= '0' && c <= '9') || c == '.';

		if (ok) {
			if (dash && n) {
				if (n + 2 >= len)
					break; /* no half word after a '-' */
				out[n++] = '-';
			}
			dash = 0;
			out[n++] = (char)c;
		} else {
			dash = 1; /* '-' itself too: runs collapse */
		}
	}
	out[n] = '\0';
	if (!n)
		snprintf(out, len, "unnamed");
}

static void relate(struct spdx *b, const char *from, const char *type,
		   const char *to, const char *comment)
{
	json_t *r = push(b, b->rels, json_object());

	if (!r)
		return;
	put_str(b, r, "spdxElementId", from);
	put_str(b, r, "relationshipType", type);
	put_str(b, r, "relatedSpdxElement", to);
	put_str(b, r, "comment", comment);
}

static void checksum(struct spdx *b, json_t *list, const char *alg,
		     const char *value)
{
	json_t *c;

	if (!value || !*value)
		return;
	c = push(b, list, json_object());
	if (c) {
		put_str(b, c, "algorithm", alg);
		put_str(b, c, "checksumValue", value);
	}
}

static void external_ref(struct spdx *b, json_t *refs, const char *cat,
			 const char *type, const char *loc)
{
	json_t *r = push(b, refs, json_object());

	if (r) {
		put_str(b, r, "referenceCategory", cat);
		put_str(b, r, "referenceType", type);
		put_str(b, r, "referenceLocator", loc);
	}
}

/* The File element for PATH, made on first use; its SPDXID. */
static const char *file_element(struct spdx *b, const json_t *file)
{
	const char *path = jcsi_sbom_str(file, "path");
	size_t i;
	json_t *f, *sums;
	char part[80], *id, *name;

	json_array_foreach(b->files, i, f) {
		const char *have = jcsi_sbom_str(f, "fileName");

		if (have && !strcmp(have + 1, path))
			return jcsi_sbom_str(f, "SPDXID");
	}
	jcsi_spdx_id_part(path, part, sizeof(part));
	id = jcsi_asprintf("SPDXRef-File-%s-%zu", part,
			   json_array_size(b->files) + 1);
	name = jcsi_asprintf(".%s", path); /* SPDX: relative, "./bin/x" */
	f = json_object();
	if (!id || !name || !f) {
		b->bad = 1;
		jcsi_free(id);
		jcsi_free(name);
		json_decref(f);
		return NULL;
	}
	put_str(b, f, "SPDXID", id);
	put_str(b, f, "fileName", name);
	sums = put(b, f, "checksums", json_array());
	if (sums) {
		checksum(b, sums, "SHA1", jcsi_sbom_str(file, "sha1"));
		checksum(b, sums, "SHA256", jcsi_sbom_str(file, "sha256"));
	}
	put_str(b, f, "licenseConcluded", NOASSERTION);
	put_str(b, f, "copyrightText", NOASSERTION);
	jcsi_free(id);
	jcsi_free(name);
	if (!push(b, b->files, f))
		return NULL;
	if (b->image)
		relate(b, jcsi_sbom_str(f, "SPDXID"), "EXPANDED_FROM_ARCHIVE",
		       FIRMWARE_ID, NULL);
	return jcsi_sbom_str(f, "SPDXID");
}

static const char *method_text(const char *method)
{
	if (method && !strcmp(method, "package-db"))
		return "a package database";
	if (method && !strcmp(method, "manifest"))
		return "a build manifest";
	return "a version signature in a binary";
}

/* "Identified by jcstar from a package database (confidence high); seen
   in /bin/busybox." */
static char *comment(const json_t *comp)
{
	const json_t *files = json_object_get(comp, "files"), *f;
	const char *conf = jcsi_sbom_str(comp, "confidence");
	char *s = jcsi_asprintf("Identified by jcstar from %s (confidence "
				"%s)",
				method_text(jcsi_sbom_str(comp, "method")),
				conf ? conf : "unknown");
	size_t i;

	json_array_foreach(files, i, f) {
		const char *p = jcsi_sbom_str(f, "path");
		char *more;

		if (!s || !p)
			continue;
		more = jcsi_asprintf("%s%s%s", s, i ? ", " : "; seen in ", p);
		jcsi_free(s);
		s = more;
	}
	if (s) {
		char *done = jcsi_asprintf("%s.", s);

		jcsi_free(s);
		s = done;
	}
	return s;
}

static const char *purpose(enum jcsi_sbom_kind k)
{
	switch (k) {
	case JCSI_SBOM_OS:
		return "OPERATING-SYSTEM";
	case JCSI_SBOM_APPLICATION:
		return "APPLICATION";
	default:
		return "LIBRARY";
	}
}

static void supplier(struct spdx *b, json_t *p, const char *name)
{
	char *s = name && *name ? jcsi_asprintf("Organization: %s", name)
				: NULL;

	if (name && *name && !s)
		b->bad = 1;
	put_str(b, p, "supplier", s ? s : NOASSERTION);
	jcsi_free(s);
}

/* SECURITY advisory references for the vulnerabilities of the findings
   about component INDEX (SPDX 2.3 has no vulnerability element). */
static void advisories(struct spdx *b, const json_t *doc, long index,
		       json_t *refs)
{
	const json_t *f, *v;
	size_t i, j, k;

	json_array_foreach(json_object_get(doc, "findings"), i, f) {
		if (jcsi_sbom_finding_component(doc, f) != index)
			continue;
		json_array_foreach(json_object_get(f, "vulnerabilities"), j,
				   v) {
			const char *id = jcsi_sbom_str(v, "id");
			char url[256];
			const json_t *r;
			int seen = 0;

			if (!id || !*id)
				continue;
			jcsi_sbom_vuln_source(id, url, sizeof(url));
			json_array_foreach(refs, k, r) {
				const char *loc = jcsi_sbom_str(
					r, "referenceLocator");

				if (loc && !strcmp(loc, url))
					seen = 1;
			}
			if (!seen)
				external_ref(b, refs, "SECURITY", "advisory",
					     url);
		}
	}
}

static json_t *package(struct spdx *b, const json_t *doc,
		       const json_t *comp, size_t index)
{
	json_t *p = json_object(), *refs;
	const char *name = jcsi_sbom_str(comp, "name");
	const char *cpe = jcsi_sbom_str(comp, "cpe");
	const json_t *files = json_object_get(comp, "files"), *f;
	char part[80], *id, *text;
	size_t i;

	jcsi_spdx_id_part(name, part, sizeof(part));
	id = jcsi_asprintf("SPDXRef-Package-%s-%zu", part, index + 1);
	if (!p || !id) {
		b->bad = 1;
		json_decref(p);
		jcsi_free(id);
		return NULL;
	}
	put_str(b, p, "SPDXID", id);
	put_str(b, p, "name", name);
	put_str(b, p, "versionInfo", jcsi_sbom_str(comp, "version"));
	supplier(b, p, jcsi_sbom_str(comp, "supplier"));
	put_str(b, p, "downloadLocation", NOASSERTION);
	put(b, p, "filesAnalyzed", json_false());
	put_str(b, p, "licenseConcluded", NOASSERTION);
	put_str(b, p, "licenseDeclared", NOASSERTION);
	put_str(b, p, "copyrightText", NOASSERTION);
	put_str(b, p, "primaryPackagePurpose", purpose(jcsi_sbom_kind(comp)));
	text = comment(comp);
	if (!text)
		b->bad = 1;
	put_str(b, p, "comment", text);
	jcsi_free(text);
	refs = json_array();
	if (!refs)
		b->bad = 1;
	if (refs && cpe && *cpe)
		external_ref(b, refs, "SECURITY",
			     !strncmp(cpe, "cpe:2.3:", 8) ? "cpe23Type"
							  : "cpe22Type",
			     cpe);
	if (refs && jcsi_sbom_str(comp, "purl"))
		external_ref(b, refs, "PACKAGE-MANAGER", "purl",
			     jcsi_sbom_str(comp, "purl"));
	if (refs)
		advisories(b, doc, (long)index, refs);
	if (json_array_size(refs))
		put(b, p, "externalRefs", refs);
	else
		json_decref(refs);
	relate(b, FIRMWARE_ID, "CONTAINS", id, NULL);
	json_array_foreach(files, i, f) {
		const char *sha1 = jcsi_sbom_str(f, "sha1");
		const char *fid;

		if (!sha1 || !*sha1 || !jcsi_sbom_str(f, "path"))
			continue;
		fid = file_element(b, f);
		if (fid) {
			char *why = jcsi_asprintf("evidence: %s was "
						  "identified from this file",
						  name ? name : "the package");

			if (!why)
				b->bad = 1;
			relate(b, fid, "OTHER", id, why);
			jcsi_free(why);
		}
	}
	jcsi_free(id);
	return p;
}

static json_t *firmware(struct spdx *b, const json_t *doc)
{
	json_t *p = json_object(), *sums, *refs;
	const char *sha = jcsi_sbom_input_sha256(doc);
	const char *path = jcsi_sbom_str(json_object_get(doc, "input"),
					 "path");
	const char *base = path ? strrchr(path, '/') : NULL;

	if (!p) {
		b->bad = 1;
		return NULL;
	}
	put_str(b, p, "SPDXID", FIRMWARE_ID);
	put_str(b, p, "name", jcsi_sbom_firmware_name(doc));
	put_str(b, p, "versionInfo", jcsi_sbom_firmware_version(doc));
	if (path && sha)
		put_str(b, p, "packageFileName", base ? base + 1 : path);
	supplier(b, p, jcsi_sbom_firmware_vendor(doc));
	put_str(b, p, "downloadLocation", NOASSERTION);
	put(b, p, "filesAnalyzed", json_false());
	if (sha) {
		sums = put(b, p, "checksums", json_array());
		if (sums)
			checksum(b, sums, "SHA256", sha);
	}
	put_str(b, p, "licenseConcluded", NOASSERTION);
	put_str(b, p, "licenseDeclared", NOASSERTION);
	put_str(b, p, "copyrightText", NOASSERTION);
	put_str(b, p, "primaryPackagePurpose", "FIRMWARE");
	/* vulnerabilities of findings about no identified component */
	refs = json_array();
	if (!refs)
		b->bad = 1;
	else
		advisories(b, doc, -1, refs);
	if (json_array_size(refs))
		put(b, p, "externalRefs", refs);
	else
		json_decref(refs);
	return p;
}

jcs_rc jcsi_sbom_spdx(const json_t *doc, FILE *out)
{
	struct spdx b = {0};
	const json_t *comps = json_object_get(doc, "components"), *comp;
	const char *sha = jcsi_sbom_input_sha256(doc);
	json_t *d, *ci, *creators, *pkgs;
	char uuid[37], *ns, *tool;
	size_t i;
	jcs_rc rc;

	if (!json_is_object(doc) || !out)
		return JCS_E_ARG;
	b.image = sha != NULL;
	d = json_object();
	b.files = json_array();
	b.rels = json_array();
	jcsi_sbom_uuid(doc, uuid);
	ns = jcsi_asprintf("https://jcstar.invalid/spdx/%s%s%s",
			   sha ? sha : "", sha ? "-" : "", uuid);
	tool = jcsi_asprintf("Tool: jcstar-%s",
			     jcsi_sbom_str(doc, "version")
				     ? jcsi_sbom_str(doc, "version")
				     : jcs_version());
	if (!d || !b.files || !b.rels || !ns || !tool) {
		rc = JCS_E_NOMEM;
		goto out;
	}
	put_str(&b, d, "spdxVersion", "SPDX-2.3");
	put_str(&b, d, "dataLicense", "CC0-1.0");
	put_str(&b, d, "SPDXID", "SPDXRef-DOCUMENT");
	put_str(&b, d, "name", jcsi_sbom_firmware_name(doc));
	put_str(&b, d, "documentNamespace", ns);
	ci = put(&b, d, "creationInfo", json_object());
	if (ci) {
		put_str(&b, ci, "created", jcsi_sbom_str(doc, "started_at"));
		creators = put(&b, ci, "creators", json_array());
		if (creators)
			push(&b, creators, json_string(tool));
	}
	relate(&b, "SPDXRef-DOCUMENT", "DESCRIBES", FIRMWARE_ID, NULL);
	pkgs = put(&b, d, "packages", json_array());
	if (pkgs)
		push(&b, pkgs, firmware(&b, doc));
	json_array_foreach(comps, i, comp)
		if (pkgs)
			push(&b, pkgs, package(&b, doc, comp, i));
	if (json_array_size(b.files))
		put(&b, d, "files", json_incref(b.files));
	put(&b, d, "relationships", json_incref(b.rels));
	rc = b.bad ? JCS_E_NOMEM : jcsi_sbom_dump(d, out);
out:
	json_decref(d);
	json_decref(b.files);
	json_decref(b.rels);
	jcsi_free(ns);
	jcsi_free(tool);
	return rc;
}

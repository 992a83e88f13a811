/*
 * sbom_cyclonedx.c - the result document as a CycloneDX 1.5 JSON BOM:
 * the firmware is metadata.component, every identified component is a
 * component with how it was identified (evidence.identity) and where
 * (evidence.occurrences), and the vulnerabilities that findings carry are
 * vulnerabilities[] affecting the component the finding is about.
 */
#include <string.h>

#include "../core/mem.h"
#include "sbom_int.h"

#define FIRMWARE_REF "firmware"

/* Builder that remembers a failed allocation instead of checking every
   call: the document is thrown away at the end if anything failed. */
struct cdx {
	int bad;
};

static json_t *put(struct cdx *b, json_t *o, const char *k, json_t *v)
{
	if (!v || json_object_set_new(o, k, v) < 0)
		b->bad = 1;
	return v;
}

static void put_str(struct cdx *b, json_t *o, const char *k, const char *v)
{
	if (v && *v)
		put(b, o, k, json_string(v));
}

static json_t *push(struct cdx *b, json_t *a, json_t *v)
{
	if (!v || json_array_append_new(a, v) < 0)
		b->bad = 1;
	return v;
}

/* CycloneDX wants 0..1; the result says high/medium/low. A package
   database is what was installed, but not a proof of the file contents,
   hence below 1. */
static double confidence_value(const char *c)
{
	if (c && !strcmp(c, "high"))
		return 0.9;
	if (c && !strcmp(c, "medium"))
		return 0.6;
	return 0.3;
}

static const char *technique(const char *method)
{
	if (method && !strcmp(method, "signature"))
		return "binary-analysis";
	return "manifest-analysis"; /* package-db, manifest */
}

static const char *kind_name(enum jcsi_sbom_kind k)
{
	switch (k) {
	case JCSI_SBOM_OS:
		return "operating-system";
	case JCSI_SBOM_APPLICATION:
		return "application";
	default:
		return "library";
	}
}

static int ref_taken(const json_t *refs, const char *ref)
{
	size_t i;
	const json_t *r;

	json_array_foreach(refs, i, r)
		if (!strcmp(json_string_value(r), ref))
			return 1;
	return 0;
}

/* name@version, made unique with the component's position: bom-refs are
   what dependencies and vulnerabilities point at. */
static void add_ref(struct cdx *b, json_t *refs, const json_t *comp,
		    size_t i)
{
	const char *name = jcsi_sbom_str(comp, "name");
	const char *ver = jcsi_sbom_str(comp, "version");
	char *ref = jcsi_asprintf("%s%s%s", name ? name : "component",
				  ver && *ver ? "@" : "",
				  ver && *ver ? ver : "");

	if (ref && ref_taken(refs, ref)) {
		char *again = jcsi_asprintf("%s#%zu", ref, i + 1);

		jcsi_free(ref);
		ref = again;
	}
	if (!ref) {
		b->bad = 1;
		push(b, refs, json_string(""));
		return;
	}
	push(b, refs, json_string(ref));
	jcsi_free(ref);
}

static json_t *sha256_hashes(struct cdx *b, const char *sha)
{
	json_t *hashes = json_array();
	json_t *h = json_object();

	if (!hashes || !h) {
		b->bad = 1;
		json_decref(hashes);
		json_decref(h);
		return NULL;
	}
	put_str(b, h, "alg", "SHA-256");
	put_str(b, h, "content", sha);
	push(b, hashes, h);
	return hashes;
}

static json_t *evidence(struct cdx *b, const json_t *comp)
{
	const char *method = jcsi_sbom_str(comp, "method");
	double conf = confidence_value(jcsi_sbom_str(comp, "confidence"));
	const json_t *files = json_object_get(comp, "files");
	json_t *ev = json_object(), *id, *methods, *m, *occ, *f;
	const json_t *file;
	size_t i;

	if (!ev) {
		b->bad = 1;
		return NULL;
	}
	id = put(b, ev, "identity", json_object());
	if (id) {
		put_str(b, id, "field",
			jcsi_sbom_str(comp, "purl")  ? "purl"
			: jcsi_sbom_str(comp, "cpe") ? "cpe"
						     : "name");
		put(b, id, "confidence", json_real(conf));
		methods = put(b, id, "methods", json_array());
		m = methods ? push(b, methods, json_object()) : NULL;
		if (m) {
			put_str(b, m, "technique", technique(method));
			put(b, m, "confidence", json_real(conf));
			put_str(b, m, "value", method);
		}
	}
	if (json_array_size(files)) {
		occ = put(b, ev, "occurrences", json_array());
		json_array_foreach(files, i, file) {
			const char *p = jcsi_sbom_str(file, "path");

			if (!occ || !p)
				continue;
			f = push(b, occ, json_object());
			if (f)
				put_str(b, f, "location", p);
		}
	}
	return ev;
}

static json_t *component(struct cdx *b, const json_t *comp, const char *ref)
{
	json_t *c = json_object(), *sup, *props, *p;
	const json_t *files = json_object_get(comp, "files");
	const char *sup_name = jcsi_sbom_str(comp, "supplier");
	const char *method = jcsi_sbom_str(comp, "method");
	const char *sha = jcsi_sbom_str(json_array_get(files, 0), "sha256");

	if (!c) {
		b->bad = 1;
		return NULL;
	}
	put_str(b, c, "type", kind_name(jcsi_sbom_kind(comp)));
	put_str(b, c, "bom-ref", ref);
	if (sup_name && *sup_name) {
		sup = put(b, c, "supplier", json_object());
		if (sup)
			put_str(b, sup, "name", sup_name);
	}
	put_str(b, c, "name", jcsi_sbom_str(comp, "name"));
	put_str(b, c, "version", jcsi_sbom_str(comp, "version"));
	/* a version signature identifies the one binary it was found in:
	   that file is the component. A package's files are many; the
	   component has no single hash then. */
	if (method && !strcmp(method, "signature") &&
	    json_array_size(files) == 1 && sha && *sha)
		put(b, c, "hashes", sha256_hashes(b, sha));
	put_str(b, c, "cpe", jcsi_sbom_str(comp, "cpe"));
	put_str(b, c, "purl", jcsi_sbom_str(comp, "purl"));
	put(b, c, "evidence", evidence(b, comp));
	props = put(b, c, "properties", json_array());
	p = props ? push(b, props, json_object()) : NULL;
	if (p) {
		put_str(b, p, "name", "jcstar:identified-by");
		put_str(b, p, "value", method ? method : "unknown");
	}
	return c;
}

static json_t *metadata(struct cdx *b, const json_t *doc)
{
	json_t *md = json_object(), *tools, *list, *t, *fw, *sup;
	const char *started = jcsi_sbom_str(doc, "started_at");
	const char *sha = jcsi_sbom_input_sha256(doc);
	const char *vendor = jcsi_sbom_firmware_vendor(doc);

	if (!md) {
		b->bad = 1;
		return NULL;
	}
	put_str(b, md, "timestamp", started);
	tools = put(b, md, "tools", json_object());
	list = tools ? put(b, tools, "components", json_array()) : NULL;
	t = list ? push(b, list, json_object()) : NULL;
	if (t) {
		put_str(b, t, "type", "application");
		put_str(b, t, "name", "jcstar");
		put_str(b, t, "version", jcsi_sbom_str(doc, "version"));
	}
	fw = put(b, md, "component", json_object());
	if (!fw)
		return md;
	put_str(b, fw, "type", "firmware");
	put_str(b, fw, "bom-ref", FIRMWARE_REF);
	if (vendor) {
		sup = put(b, fw, "supplier", json_object());
		if (sup)
			put_str(b, sup, "name", vendor);
	}
	put_str(b, fw, "name", jcsi_sbom_firmware_name(doc));
	put_str(b, fw, "version", jcsi_sbom_firmware_version(doc));
	if (sha)
		put(b, fw, "hashes", sha256_hashes(b, sha));
	return md;
}

static const char *rating_method(const char *vector)
{
	if (!vector)
		return "other";
	if (!strncmp(vector, "CVSS:3.1/", 9))
		return "CVSSv31";
	if (!strncmp(vector, "CVSS:3.0/", 9))
		return "CVSSv3";
	if (!strncmp(vector, "CVSS:4.0/", 9))
		return "CVSSv4";
	if (!strncmp(vector, "AV:", 3))
		return "CVSSv2";
	return "other";
}

static json_t *find_vuln(json_t *vulns, const char *id)
{
	size_t i;
	json_t *v;

	json_array_foreach(vulns, i, v) {
		const char *have = jcsi_sbom_str(v, "id");

		if (have && !strcmp(have, id))
			return v;
	}
	return NULL;
}

static json_t *new_vuln(struct cdx *b, const json_t *in)
{
	const char *id = jcsi_sbom_str(in, "id");
	const char *vector = jcsi_sbom_str(in, "vector");
	const char *fixed = jcsi_sbom_str(in, "fixed");
	const json_t *cvss = json_object_get(in, "cvss");
	const json_t *kev = json_object_get(in, "kev");
	json_t *v = json_object(), *src, *ratings, *r, *props, *p;
	char url[256];
	const char *src_name = jcsi_sbom_vuln_source(id, url, sizeof(url));

	if (!v) {
		b->bad = 1;
		return NULL;
	}
	put_str(b, v, "id", id);
	src = put(b, v, "source", json_object());
	if (src) {
		put_str(b, src, "name", src_name);
		put_str(b, src, "url", url);
	}
	if (json_is_number(cvss) || vector) {
		ratings = put(b, v, "ratings", json_array());
		r = ratings ? push(b, ratings, json_object()) : NULL;
		if (r) {
			if (json_is_number(cvss))
				put(b, r, "score",
				    json_real(json_number_value(cvss)));
			put_str(b, r, "method", rating_method(vector));
			put_str(b, r, "vector", vector);
		}
	}
	if (fixed && *fixed) {
		char *rec = jcsi_asprintf("Upgrade to version %s or later.",
					  fixed);

		if (!rec)
			b->bad = 1;
		put_str(b, v, "recommendation", rec);
		jcsi_free(rec);
	}
	put(b, v, "affects", json_array());
	if (json_is_boolean(kev)) {
		/* CISA's Known Exploited Vulnerabilities catalog: CycloneDX
		   1.5 has no field for it */
		props = put(b, v, "properties", json_array());
		p = props ? push(b, props, json_object()) : NULL;
		if (p) {
			put_str(b, p, "name", "jcstar:cisa-kev");
			put_str(b, p, "value",
				json_is_true(kev) ? "true" : "false");
		}
	}
	return v;
}

static void add_affect(struct cdx *b, json_t *v, const char *ref)
{
	json_t *affects = json_object_get(v, "affects"), *a;
	size_t i;
	const json_t *x;

	json_array_foreach(affects, i, x) {
		const char *have = jcsi_sbom_str(x, "ref");

		if (have && !strcmp(have, ref))
			return;
	}
	a = push(b, affects, json_object());
	if (a)
		put_str(b, a, "ref", ref);
}

static json_t *vulnerabilities(struct cdx *b, const json_t *doc,
			       const json_t *refs)
{
	json_t *out = json_array();
	const json_t *f, *in;
	size_t i, j;

	if (!out) {
		b->bad = 1;
		return NULL;
	}
	json_array_foreach(json_object_get(doc, "findings"), i, f) {
		long c = jcsi_sbom_finding_component(doc, f);
		const char *ref = c < 0 ? FIRMWARE_REF
					: json_string_value(json_array_get(
						  refs, (size_t)c));

		json_array_foreach(json_object_get(f, "vulnerabilities"), j,
				   in) {
			const char *id = jcsi_sbom_str(in, "id");
			json_t *v;

			if (!id || !*id)
				continue;
			v = find_vuln(out, id);
			if (!v)
				v = push(b, out, new_vuln(b, in));
			if (v)
				add_affect(b, v, ref ? ref : FIRMWARE_REF);
		}
	}
	return out;
}

jcs_rc jcsi_sbom_cyclonedx(const json_t *doc, FILE *out)
{
	struct cdx b = {0};
	const json_t *comps = json_object_get(doc, "components");
	const json_t *comp;
	json_t *bom, *list, *deps, *fwdep, *on, *refs, *vulns;
	char uuid[37], serial[64];
	size_t i;
	jcs_rc rc;

	if (!json_is_object(doc) || !out)
		return JCS_E_ARG;
	bom = json_object();
	refs = json_array();
	if (!bom || !refs) {
		json_decref(bom);
		json_decref(refs);
		return JCS_E_NOMEM;
	}
	push(&b, refs, json_string(FIRMWARE_REF));
	json_array_foreach(comps, i, comp)
		add_ref(&b, refs, comp, i);
	json_array_remove(refs, 0); /* refs[i] is component i's */

	jcsi_sbom_uuid(doc, uuid);
	snprintf(serial, sizeof(serial), "urn:uuid:%s", uuid);
	put_str(&b, bom, "bomFormat", "CycloneDX");
	put_str(&b, bom, "specVersion", "1.5");
	put_str(&b, bom, "serialNumber", serial);
	put(&b, bom, "version", json_integer(1));
	put(&b, bom, "metadata", metadata(&b, doc));
	list = put(&b, bom, "components", json_array());
	json_array_foreach(comps, i, comp)
		if (list)
			push(&b, list,
			     component(&b, comp,
				       json_string_value(
					       json_array_get(refs, i))));
	/* what the firmware contains; the components' own dependencies are
	   unknown and so not listed (an empty dependsOn would claim none) */
	deps = put(&b, bom, "dependencies", json_array());
	fwdep = deps ? push(&b, deps, json_object()) : NULL;
	if (fwdep) {
		put_str(&b, fwdep, "ref", FIRMWARE_REF);
		on = put(&b, fwdep, "dependsOn", json_array());
		for (i = 0; on && i < json_array_size(refs); i++)
			push(&b, on, json_copy(json_array_get(refs, i)));
	}
	vulns = vulnerabilities(&b, doc, refs);
	if (json_array_size(vulns))
		put(&b, bom, "vulnerabilities", vulns);
	else
		json_decref(vulns);
	rc = b.bad ? JCS_E_NOMEM : jcsi_sbom_dump(bom, out);
	json_decref(bom);
	json_decref(refs);
	return rc;
}

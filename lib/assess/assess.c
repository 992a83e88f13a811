/*
 * assess.c - `jcstar assess`: everything the product manifest names,
 * checked, then one verdict per catalog requirement.
 *
 * The firmware goes through the same scan as `jcstar scan`, the device
 * (inputs.device) through the same probe as `jcstar probe`; the cloud API
 * and app have no checks in this version, and the result says so for
 * each (a `checks` entry with the reason), so no requirement that needs
 * them can pass. Then the documents, the baseline
 * (accepted findings) and the verdicts.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../checks/check_int.h"
#include "../checks/rules.h"
#include "../core/mem.h"
#include "../result/result_int.h"
#include "assess_int.h"

void jcs_assess_opts_default(struct jcs_assess_opts *o)
{
	memset(o, 0, sizeof(*o));
	jcs_scan_opts_default(&o->scan);
	jcs_probe_opts_default(&o->probe);
}

/*
 * The live device of inputs.device, probed. The probe itself records a
 * check that had nothing to look at (no TCP port answered, no UDP port
 * spoke) as not run, so no requirement passes on the silence of a device
 * that was never reached; a probe that could not start is "failed".
 */
static void probe_device(const struct jcsi_manifest *m,
			 const struct jcs_assess_opts *o,
			 struct jcs_result *r)
{
	struct jcs_probe_opts po = o->probe;
	const char *hosts[1] = {m->device};
	char err[1024] = "", why[1200];

	po.hosts = hosts;
	po.nhosts = 1;
	if (!po.password_list)
		po.password_list = o->scan.password_list;
	if (!po.data_dir)
		po.data_dir = o->scan.data_dir;
	po.show_secrets |= o->scan.show_secrets;
	if (jcs_probe(&po, r, err, sizeof(err)) != JCS_OK) {
		snprintf(why, sizeof(why), "probe of %s failed: %s", m->device,
			 err[0] ? err : "?");
		jcs_result_add_check(r, "probe", "live", "failed", why);
		jcs_result_add_limitation(r, "live device", why);
	}
}

static json_t *product_json(const struct jcsi_manifest *m)
{
	json_t *p = json_pack("{s:s}", "name", m->name ? m->name : "");
	json_t *models = json_array(), *fw = json_array();

	for (size_t i = 0; models && i < m->models.n; i++)
		json_array_append_new(models, json_string(m->models.v[i]));
	for (size_t i = 0; fw && i < m->firmware_versions.n; i++)
		json_array_append_new(fw,
				      json_string(m->firmware_versions.v[i]));
	if (p && m->vendor)
		json_object_set_new(p, "vendor", json_string(m->vendor));
	if (p)
		json_object_set_new(p, "models", models);
	else
		json_decref(models);
	if (p)
		json_object_set_new(p, "firmware_versions", fw);
	else
		json_decref(fw);
	if (p && m->path)
		json_object_set_new(p, "manifest", json_string(m->path));
	return p;
}

/* The targets with no checks in this version: one `checks` entry each,
   with the reason, so verdicts can say what would decide them. */
static void targets_not_built(const struct jcsi_manifest *m,
			      struct jcs_result *r)
{
	static const struct {
		const char *check, *target, *what;
		int feature;
	} t[] = {
		{"probe", "live", "device", -1},
		{"api", "cloud", "api", JCSI_FEAT_CLOUD},
		{"app", "app", "app", JCSI_FEAT_APP},
	};
	char why[512];

	for (size_t i = 0; i < sizeof(t) / sizeof(*t); i++) {
		const char *given = i == 0 ? m->device : i == 1 ? m->api
								: m->app;

		if (i == 0 && m->device)
			continue; /* probed: its checks are recorded */

		if (t[i].feature >= 0 && m->feature[t[i].feature] == JCSI_NO)
			snprintf(why, sizeof(why), "the product has no %s "
				 "(features.%s: false)", t[i].what,
				 jcsi_feature_name((enum jcsi_feature)
						   t[i].feature));
		else if (given)
			snprintf(why, sizeof(why), "jcstar %s is not "
				 "implemented in this version (%s not "
				 "tested)", t[i].check, given);
		else
			snprintf(why, sizeof(why), "no inputs.%s in "
				 "product.yaml; jcstar %s is not implemented "
				 "in this version either", t[i].what,
				 t[i].check);
		jcs_result_add_check(r, t[i].check, t[i].target, "not-run",
				     why);
	}
}

static void firmware_not_run(struct jcs_result *r, const char *why)
{
	for (size_t i = 0; jcsi_checks[i]; i++)
		jcs_result_add_check(r, jcsi_checks[i]->name, "firmware",
				     "not-run", why);
}

static const char *finding_str(const json_t *f, const char *a, const char *b)
{
	const json_t *o = b ? json_object_get(f, a) : f;

	return json_string_value(json_object_get(o, b ? b : a));
}

jcs_rc jcs_result_apply_baseline(struct jcs_result *r, const char *path,
				 int64_t now, char *err, size_t errlen)
{
	struct jcsi_baseline *b = NULL;
	const json_t *doc = jcsi_result_doc(r);
	const json_t *findings = json_object_get(doc, "findings");
	const json_t *f;
	size_t i, suppressed = 0, expired = 0;
	jcs_rc rc;

	if (!r || !path)
		return JCS_E_ARG;
	rc = jcsi_baseline_load(path, &b, err, errlen);
	if (rc != JCS_OK)
		return rc;
	if (!now)
		now = time(NULL);
	json_array_foreach(findings, i, f) {
		const json_t *loc = json_object_get(f, "location");
		int exp = 0;
		const struct jcsi_suppression *s = jcsi_baseline_match(
			b, finding_str(f, "rule", NULL),
			finding_str(f, "location", "path"),
			finding_str(f, "location", "host"),
			(unsigned)json_integer_value(json_object_get(loc,
								     "port")),
			(time_t)now, &exp);

		if (s) {
			if (jcsi_result_suppress(r, i, s->justification,
						 s->expires) == JCS_OK)
				suppressed++;
		} else if (exp) {
			char what[512];

			expired++;
			snprintf(what, sizeof(what), "baseline %s: an expired "
				 "entry matches %s", path,
				 finding_str(f, "rule", NULL));
			jcs_result_add_limitation(r, what, "the suppression "
						  "expired: the finding counts "
						  "again");
		}
	}
	rc = jcsi_result_set(r, "baseline", json_pack(
		"{s:s, s:I, s:I}", "path", path, "suppressed",
		(json_int_t)suppressed, "expired", (json_int_t)expired));
	jcsi_baseline_free(b);
	return rc;
}

struct tables {
	struct jcsi_rules *rules;
	struct jcsi_catalog *cat;
	struct jcsi_places *places;
};

static jcs_rc load_tables(const char *data_dir, struct tables *t, char *err,
			  size_t errlen)
{
	char path[4096];
	jcs_rc rc;

	snprintf(path, sizeof(path), "%s/rules", data_dir);
	rc = jcsi_rules_load(path, &t->rules, err, errlen);
	if (rc == JCS_OK) {
		snprintf(path, sizeof(path), "%s/catalog/jcstar-star1.yaml",
			 data_dir);
		rc = jcsi_catalog_load(path, t->rules, &t->cat, err, errlen);
	}
	if (rc == JCS_OK) {
		snprintf(path, sizeof(path), "%s/categories.tsv", data_dir);
		rc = jcsi_places_load(path, &t->places, err, errlen);
	}
	return rc;
}

jcs_rc jcs_assess(const char *manifest, const struct jcs_assess_opts *o,
		  struct jcs_result *r, char *err, size_t errlen)
{
	struct jcs_assess_opts defaults;
	struct jcsi_manifest *m = NULL;
	struct tables t = {0};
	struct jcsi_doc_verdict docs[JCSI_DOC_COUNT];
	struct jcsi_verdict_in in;
	const char *baseline;
	time_t now;
	jcs_rc rc;

	if (!manifest || !r)
		return JCS_E_ARG;
	if (!o) {
		jcs_assess_opts_default(&defaults);
		o = &defaults;
	}
	now = o->now ? (time_t)o->now : time(NULL);
	rc = jcsi_manifest_load(manifest, &m, err, errlen);
	if (rc == JCS_OK)
		rc = load_tables(jcsi_data_dir(o->scan.data_dir), &t, err,
				 errlen);
	if (rc != JCS_OK)
		goto out;
	/* a typo in a declared-not-applicable id must not silently leave
	   the requirement it meant in force */
	for (size_t i = 0; i < m->n_na; i++)
		if (!jcsi_catalog_get(t.cat, m->na[i].id)) {
			snprintf(err, errlen, "%s:%u: not_applicable.id: '%s' "
				 "is not a requirement of the catalog (%s)",
				 m->path, m->na[i].line, m->na[i].id,
				 t.cat->version);
			rc = JCS_E_FORMAT;
			goto out;
		}
	jcsi_result_set(r, "product", product_json(m));
	if (m->firmware) {
		char serr[1024] = "";

		if (jcs_scan(m->firmware, &o->scan, r, serr,
			     sizeof(serr)) != JCS_OK) {
			jcs_result_add_limitation(r, "firmware", serr);
			firmware_not_run(r, serr);
		}
	} else {
		firmware_not_run(r, "no inputs.firmware in product.yaml");
	}
	if (m->device)
		probe_device(m, o, r);
	jcs_result_set_catalog(r, t.cat->version);
	targets_not_built(m, r);
	rc = jcsi_assess_documents(m, t.cat, t.rules, now, r, docs);
	if (rc != JCS_OK)
		goto out;
	baseline = o->baseline ? o->baseline : m->baseline;
	if (baseline) {
		rc = jcs_result_apply_baseline(r, baseline, now, err, errlen);
		if (rc != JCS_OK)
			goto out;
	}
	memset(&in, 0, sizeof(in));
	in.cat = t.cat;
	in.rules = t.rules;
	in.places = t.places;
	in.m = m;
	in.docs = docs;
	in.doc = jcsi_result_doc(r);
	rc = jcsi_result_set(r, "requirements", jcsi_verdicts(&in));
out:
	jcs_result_finish(r);
	jcsi_manifest_free(m);
	jcsi_rules_free(t.rules);
	jcsi_catalog_free(t.cat);
	jcsi_places_free(t.places);
	return rc;
}

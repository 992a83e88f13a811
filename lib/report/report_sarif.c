/*
 * report_sarif.c - the result document as a SARIF 2.1.0 log for
 * code-scanning UIs: one run, a rule descriptor per rule that occurs
 * (sarif_rules.c), a result per finding with its place in the image or on
 * the network (sarif_location.c). jcstar's own vocabulary (category,
 * severity, requirements, verdicts) goes into property bags, so nothing
 * of the JSON result is lost on the way. Suppressed findings stay, marked
 * as external suppressions with the baseline's justification.
 */
#include <stdio.h>
#include <string.h>

#include "../checks/rules.h"
#include "../core/mem.h"
#include "report_int.h"
#include "sarif_int.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define TOOL_URI "https://github.com/jcstar/jcstar"

/* Copies member KEY of FROM into TO when present. */
static int copy_member(json_t *to, const json_t *from, const char *key)
{
	json_t *v = json_object_get(from, key);

	return v ? json_object_set(to, key, v) : 0;
}

/* Sets KEY of TO to V when V is there (under another name than it had). */
static int set_if(json_t *to, const char *key, json_t *v)
{
	return v ? json_object_set(to, key, v) : 0;
}

static json_t *message(const json_t *f)
{
	const char *title = json_string_value(json_object_get(f, "title"));
	const char *ev = json_string_value(json_object_get(f, "evidence"));
	char *text = jcsi_asprintf("%s%s%s", title ? title : "?",
				   ev && *ev ? "\nEvidence: " : "",
				   ev && *ev ? ev : "");
	json_t *m = text ? json_pack("{s:s}", "text", text) : NULL;

	jcsi_free(text);
	return m;
}

static json_t *suppressions(const json_t *sup)
{
	json_t *s = json_pack("[{s:s, s:s, s:O}]", "kind", "external",
			      "status", "accepted", "justification",
			      json_object_get(sup, "justification"));
	const json_t *exp = json_object_get(sup, "expires");

	if (s && exp &&
	    json_object_set_new(json_array_get(s, 0), "properties",
				json_pack("{s:O}", "expires", exp))) {
		json_decref(s);
		return NULL;
	}
	return s;
}

static json_t *one_result(const json_t *f, const json_t *index)
{
	const char *rule = json_string_value(json_object_get(f, "rule"));
	const json_t *loc = json_object_get(f, "location");
	const json_t *sup = json_object_get(f, "suppressed");
	char fp[65];
	json_t *r, *props, *locs = NULL;

	jcsi_sarif_fingerprint(rule, loc, fp);
	props = json_pack("{s:O, s:O, s:O}", "category",
			  json_object_get(f, "category"), "severity",
			  json_object_get(f, "severity"), "requirements",
			  json_object_get(f, "requirements"));
	r = json_pack("{s:s, s:O, s:s, s:o, s:{s:s}, s:o}", "ruleId", rule,
		      "ruleIndex", json_object_get(index, rule), "level",
		      jcsi_sarif_level(json_string_value(
			      json_object_get(f, "severity"))),
		      "message", message(f), "partialFingerprints",
		      "jcstarFindingHash/v1", fp, "properties", props);
	if (!r)
		return NULL;
	if (copy_member(props, f, "evidence") ||
	    copy_member(props, f, "vulnerabilities") ||
	    copy_member(props, loc, "container") ||
	    jcsi_sarif_locations(loc, &locs) ||
	    (locs && json_object_set_new(r, "locations", locs)) ||
	    (sup && json_object_set_new(r, "suppressions", suppressions(sup)))) {
		json_decref(r);
		return NULL;
	}
	return r;
}

static json_t *results(const json_t *findings, const json_t *index)
{
	json_t *out = json_array();
	const json_t *f;
	size_t i;

	json_array_foreach(findings, i, f) {
		if (json_array_append_new(out, one_result(f, index))) {
			json_decref(out);
			return NULL;
		}
	}
	return out;
}

/* What could not be checked, and anything the reporter itself could not
   load (help texts), as notes of the one invocation: never silence. */
static json_t *invocation(const json_t *doc, const char *load_err)
{
	json_t *notes = json_array(), *inv;
	const json_t *l;
	size_t i;

	if (!notes)
		return NULL;
	json_array_foreach(json_object_get(doc, "limitations"), i, l) {
		const char *what = json_string_value(json_object_get(l, "what"));
		const char *why = json_string_value(json_object_get(l, "why"));
		char *text = jcsi_asprintf("Not checked: %s: %s.",
					   what ? what : "?", why ? why : "?");

		if (!text || json_array_append_new(notes, json_pack(
					"{s:s, s:{s:s}}", "level", "note",
					"message", "text", text))) {
			jcsi_free(text);
			json_decref(notes);
			return NULL;
		}
		jcsi_free(text);
	}
	if (load_err && json_array_append_new(notes, json_pack(
				"{s:s, s:{s:s}}", "level", "warning", "message",
				"text", load_err))) {
		json_decref(notes);
		return NULL;
	}
	inv = json_pack("{s:b, s:o}", "executionSuccessful", 1,
			"toolExecutionNotifications", notes);
	if (inv && (set_if(inv, "startTimeUtc",
				  json_object_get(doc, "started_at")) ||
		    set_if(inv, "endTimeUtc",
				  json_object_get(doc, "finished_at")))) {
		json_decref(inv);
		return NULL;
	}
	return inv;
}

/* The verdict table, and what the run was about, in run.properties. */
static json_t *run_properties(const json_t *doc)
{
	json_t *p = json_object(), *reqs = json_array();
	const json_t *r, *cat = json_object_get(doc, "catalog");
	size_t i;

	if (!p || !reqs)
		goto fail;
	json_array_foreach(json_object_get(doc, "requirements"), i, r) {
		if (json_array_append_new(reqs, json_pack(
				"{s:O, s:O, s:O}", "id", json_object_get(r, "id"),
				"scheme", json_object_get(r, "scheme"),
				"verdict", json_object_get(r, "verdict"))))
			goto fail;
	}
	if (json_object_set_new(p, "requirements", reqs))
		goto fail_p;
	reqs = NULL;
	if (copy_member(p, doc, "command") || copy_member(p, doc, "input") ||
	    copy_member(p, doc, "product") || copy_member(p, doc, "baseline") ||
	    set_if(p, "catalogVersion", json_object_get(cat, "version")))
		goto fail_p;
	return p;
fail:
	json_decref(reqs);
fail_p:
	json_decref(p);
	return NULL;
}

static json_t *build_log(const json_t *doc, const struct jcsi_category_texts *t,
			 const struct jcsi_rules *rules, const char *load_err)
{
	json_t *index = NULL, *rs, *log;
	const char *version = json_string_value(json_object_get(doc, "version"));
	const char *input = json_string_value(json_object_get(
		json_object_get(doc, "input"), "path"));
	char *root = jcsi_asprintf("The root of the file system of the "
				   "firmware image%s%s.", input ? " " : "",
				   input ? input : "");

	rs = root ? jcsi_sarif_rules(json_object_get(doc, "findings"), t,
				     rules, &index) : NULL;
	if (!rs) {
		jcsi_free(root);
		return NULL;
	}
	log = json_pack("{s:s, s:s, s:[{s:{s:{s:s, s:s, s:s, s:o}},"
			" s:{s:{s:{s:s}}}, s:s, s:[o], s:o, s:o}]}",
			"$schema", SARIF_SCHEMA, "version", "2.1.0", "runs",
			"tool", "driver", "name", "jcstar", "version",
			version ? version : jcs_version(), "informationUri",
			TOOL_URI, "rules", rs,
			"originalUriBaseIds", "FIRMWARE_ROOT", "description",
			"text", root,
			"columnKind", "utf16CodeUnits",
			"invocations", invocation(doc, load_err),
			"results", results(json_object_get(doc, "findings"), index),
			"properties", run_properties(doc));
	json_decref(index);
	jcsi_free(root);
	return log;
}

jcs_rc jcsi_report_sarif(const json_t *doc, FILE *out,
			 const struct jcsi_report_opts *o)
{
	const char *dir = jcsi_data_dir(o ? o->data_dir : NULL);
	struct jcsi_category_texts *texts = NULL;
	struct jcsi_rules *rules = NULL;
	char path[4096], err[512] = "", *load_err = NULL;
	jcs_rc rc;
	json_t *log;

	if (!doc || !out)
		return JCS_E_ARG;
	snprintf(path, sizeof(path), "%s/categories.tsv", dir);
	rc = jcsi_category_texts_load(path, &texts, err, sizeof(err));
	if (rc == JCS_OK) {
		snprintf(path, sizeof(path), "%s/rules", dir);
		rc = jcsi_rules_load(path, &rules, err, sizeof(err));
	}
	if (rc == JCS_E_NOMEM)
		goto out;
	if (rc != JCS_OK) {
		load_err = jcsi_asprintf("Rule help texts incomplete: %s.", err);
		if (!load_err) {
			rc = JCS_E_NOMEM;
			goto out;
		}
	}
	log = build_log(doc, texts, rules, load_err);
	rc = JCS_E_NOMEM;
	if (log) {
		rc = json_dumpf(log, out, JSON_INDENT(2)) || fputc('\n', out) ==
			EOF || ferror(out) ? JCS_E_IO : JCS_OK;
		json_decref(log);
	}
out:
	jcsi_free(load_err);
	jcsi_category_texts_free(texts);
	jcsi_rules_free(rules);
	return rc;
}

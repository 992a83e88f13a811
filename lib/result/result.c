/*
 * result.c - the result document of DESIGN.md: tool, version, times, the
 * input, findings, observations (positive evidence: facts that are not
 * problems, such as a signature verified before flashing), limitations
 * (what could not be checked and why) and, for assessments, requirements.
 * Its JSON shape is schema/result.schema.json.
 */
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "../core/mem.h"
#include "../core/util.h"
#include "jcstar/jcstar.h"
#include "result_int.h"

struct jcs_result {
	json_t *doc;
	json_t *findings;
	json_t *observations;
	json_t *limitations;
	size_t by_severity[JCS_SEV_CRITICAL + 1];
};

struct jcs_result *jcs_result_new(const char *command)
{
	struct jcs_result *r = jcsi_calloc(1, sizeof(*r));
	char now[32];

	if (!r)
		return NULL;
	jcsi_time_iso8601(time(NULL), now);
	r->findings = json_array();
	r->observations = json_array();
	r->limitations = json_array();
	r->doc = json_pack("{s:s, s:s, s:s, s:s, s:s}", "document", "result",
			   "tool", "jcstar", "version", jcs_version(),
			   "command", command ? command : "", "started_at",
			   now);
	if (!r->doc || !r->findings || !r->observations || !r->limitations) {
		jcs_result_free(r);
		return NULL;
	}
	json_object_set(r->doc, "findings", r->findings);
	/* always present (possibly empty): a reader tells "none seen" from
	   "not reported" by the schema, not by guessing */
	json_object_set(r->doc, "observations", r->observations);
	json_object_set(r->doc, "limitations", r->limitations);
	return r;
}

void jcs_result_free(struct jcs_result *r)
{
	if (!r)
		return;
	json_decref(r->doc);
	json_decref(r->findings);
	json_decref(r->observations);
	json_decref(r->limitations);
	jcsi_free(r);
}

jcs_rc jcs_result_set_input(struct jcs_result *r, const char *path)
{
	char sha[65];
	uint64_t size = 0;

	if (!r || !path)
		return JCS_E_ARG;
	if (jcsi_sha256_file(path, sha, &size) < 0)
		return JCS_E_IO;
	json_object_set_new(r->doc, "input",
			    json_pack("{s:s, s:I, s:s}", "path", path, "size",
				      (json_int_t)size, "sha256", sha));
	return JCS_OK;
}

jcs_rc jcs_result_set_catalog(struct jcs_result *r, const char *version)
{
	json_t *c;

	if (!r || !version || !*version)
		return JCS_E_ARG;
	c = json_pack("{s:s}", "version", version);
	if (!c || json_object_set_new(r->doc, "catalog", c) < 0)
		return JCS_E_NOMEM;
	return JCS_OK;
}

static void set_str(json_t *o, const char *k, const char *v)
{
	if (v)
		json_object_set_new(o, k, json_string(v));
}

/* The location object of a finding or an observation: only the members
   that are set. NULL when out of memory. */
static json_t *location_json(const struct jcs_location *l)
{
	json_t *loc = json_object();

	if (!loc)
		return NULL;
	set_str(loc, "path", l->path);
	set_str(loc, "container", l->container);
	if (l->line)
		json_object_set_new(loc, "line", json_integer((json_int_t)l->line));
	set_str(loc, "host", l->host);
	if (l->port)
		json_object_set_new(loc, "port", json_integer(l->port));
	set_str(loc, "protocol", l->protocol);
	set_str(loc, "url", l->url);
	set_str(loc, "method", l->method);
	return loc;
}

jcs_rc jcs_result_add(struct jcs_result *r, const struct jcs_finding *f)
{
	json_t *j, *loc;

	if (!r || !f || !f->rule || !f->title ||
	    !jcs_category_valid(f->category) ||
	    (unsigned)f->severity > JCS_SEV_CRITICAL)
		return JCS_E_ARG;
	j = json_pack("{s:s, s:s, s:s, s:s}", "rule", f->rule, "category",
		      f->category, "severity", jcs_severity_name(f->severity),
		      "title", f->title);
	loc = location_json(&f->location);
	if (!j || !loc) {
		json_decref(j);
		json_decref(loc);
		return JCS_E_NOMEM;
	}
	json_object_set_new(j, "location", loc);
	set_str(j, "evidence", f->evidence);
	{
		json_t *req = json_array();

		for (size_t i = 0; req && i < f->nrequirements; i++)
			if (f->requirements[i])
				json_array_append_new(
					req, json_string(f->requirements[i]));
		if (!req || json_object_set_new(j, "requirements", req) < 0) {
			json_decref(j);
			return JCS_E_NOMEM;
		}
	}
	if (json_array_append_new(r->findings, j) < 0)
		return JCS_E_NOMEM;
	r->by_severity[f->severity]++;
	return JCS_OK;
}

/* "family.name[.more]": lower-case words of [a-z0-9_-] joined by dots,
   at least two (the schema's pattern, so no caller can break it). */
static int id_valid(const char *id)
{
	size_t words = 0, len = 0;

	for (const char *p = id;; p++) {
		if (*p == '.' || *p == '\0') {
			if (!len)
				return 0;
			words++;
			len = 0;
			if (!*p)
				break;
		} else if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
			   *p == '_' || *p == '-') {
			len++;
		} else {
			return 0;
		}
	}
	return words >= 2;
}

jcs_rc jcs_result_add_observation(struct jcs_result *r,
				  const struct jcs_observation *o)
{
	json_t *j, *loc;

	if (!r || !o || !o->id || !id_valid(o->id) || !o->title ||
	    !*o->title)
		return JCS_E_ARG;
	j = json_pack("{s:s, s:s}", "id", o->id, "title", o->title);
	loc = location_json(&o->location);
	if (!j || !loc) {
		json_decref(j);
		json_decref(loc);
		return JCS_E_NOMEM;
	}
	json_object_set_new(j, "location", loc);
	set_str(j, "evidence", o->evidence);
	if (json_array_append_new(r->observations, j) < 0)
		return JCS_E_NOMEM;
	return JCS_OK;
}

jcs_rc jcs_result_add_limitation(struct jcs_result *r, const char *what,
				 const char *why)
{
	json_t *j;

	if (!r || !what || !why)
		return JCS_E_ARG;
	j = json_pack("{s:s, s:s}", "what", what, "why", why);
	if (!j || json_array_append_new(r->limitations, j) < 0)
		return JCS_E_NOMEM;
	return JCS_OK;
}

void jcs_result_finish(struct jcs_result *r)
{
	char now[32];

	if (!r)
		return;
	jcsi_time_iso8601(time(NULL), now);
	json_object_set_new(r->doc, "finished_at", json_string(now));
}

size_t jcs_result_count(const struct jcs_result *r,
			enum jcs_severity at_least)
{
	size_t n = 0;

	for (int s = (int)at_least; r && s <= JCS_SEV_CRITICAL; s++)
		n += r->by_severity[s];
	return n;
}

jcs_rc jcs_result_write_json(const struct jcs_result *r, FILE *out)
{
	if (!r || !out)
		return JCS_E_ARG;
	if (json_dumpf(r->doc, out, JSON_INDENT(2) | JSON_ENSURE_ASCII) < 0)
		return JCS_E_IO;
	fputc('\n', out);
	return ferror(out) ? JCS_E_IO : JCS_OK;
}

const json_t *jcsi_result_doc(const struct jcs_result *r)
{
	return r ? r->doc : NULL;
}

static const char *const check_targets[] = {"firmware", "live", "cloud",
					     "app", "docs", NULL};
static const char *const check_states[] = {"ran", "failed", "not-run",
					    NULL};

static int one_of(const char *s, const char *const *set)
{
	for (; s && *set; set++)
		if (!strcmp(s, *set))
			return 1;
	return 0;
}

jcs_rc jcs_result_add_check(struct jcs_result *r, const char *name,
			    const char *target, const char *status,
			    const char *why)
{
	json_t *checks, *j;

	if (!r || !name || !*name || !one_of(target, check_targets) ||
	    !one_of(status, check_states))
		return JCS_E_ARG;
	checks = json_object_get(r->doc, "checks");
	if (!checks) {
		checks = json_array();
		if (!checks || json_object_set_new(r->doc, "checks", checks))
			return JCS_E_NOMEM;
	}
	j = json_pack("{s:s, s:s, s:s}", "name", name, "target", target,
		      "status", status);
	if (!j)
		return JCS_E_NOMEM;
	set_str(j, "why", why);
	return json_array_append_new(checks, j) < 0 ? JCS_E_NOMEM : JCS_OK;
}

jcs_rc jcsi_result_set(struct jcs_result *r, const char *key, json_t *value)
{
	if (!r || !key || !value) {
		json_decref(value);
		return JCS_E_ARG;
	}
	return json_object_set_new(r->doc, key, value) < 0 ? JCS_E_NOMEM
							    : JCS_OK;
}

jcs_rc jcsi_result_set_components(struct jcs_result *r, json_t *components)
{
	if (!json_is_array(components)) {
		json_decref(components);
		return JCS_E_ARG;
	}
	return jcsi_result_set(r, "components", components);
}

jcs_rc jcsi_result_suppress(struct jcs_result *r, size_t index,
			    const char *justification, const char *expires)
{
	json_t *f = json_array_get(r ? r->findings : NULL, index);
	json_t *s;
	enum jcs_severity sev;

	if (!f || !justification || !*justification)
		return JCS_E_ARG;
	if (json_object_get(f, "suppressed"))
		return JCS_OK;
	s = json_pack("{s:s}", "justification", justification);
	if (!s)
		return JCS_E_NOMEM;
	set_str(s, "expires", expires);
	json_object_set_new(f, "suppressed", s);
	/* accepted findings stay visible but no longer gate (--fail-on) */
	if (jcs_severity_parse(json_string_value(json_object_get(f,
			       "severity")), &sev) == 0 &&
	    r->by_severity[sev])
		r->by_severity[sev]--;
	return JCS_OK;
}

jcs_rc jcsi_result_adopt(json_t *doc, const char *name,
			 struct jcs_result **out, char *err, size_t errlen)
{
	struct jcs_result *r;
	size_t i;
	json_t *f;

	*out = NULL;
	if (!json_is_object(doc) ||
	    !json_is_string(json_object_get(doc, "document")) ||
	    strcmp(json_string_value(json_object_get(doc, "document")),
		   "result") != 0 ||
	    !json_is_array(json_object_get(doc, "findings")) ||
	    !json_is_array(json_object_get(doc, "observations")) ||
	    !json_is_array(json_object_get(doc, "limitations"))) {
		snprintf(err, errlen, "%s: not a jcstar result document "
			 "(document: result, with findings, observations and "
			 "limitations)", name);
		json_decref(doc);
		return JCS_E_SCHEMA;
	}
	r = jcsi_calloc(1, sizeof(*r));
	if (!r) {
		json_decref(doc);
		return JCS_E_NOMEM;
	}
	r->doc = doc;
	r->findings = json_incref(json_object_get(doc, "findings"));
	r->observations = json_incref(json_object_get(doc, "observations"));
	r->limitations = json_incref(json_object_get(doc, "limitations"));
	json_array_foreach(r->findings, i, f) {
		enum jcs_severity sev;

		/* the reporters rely on what every finding has */
		if (!json_is_object(f) ||
		    jcs_severity_parse(json_string_value(json_object_get(
					       f, "severity")), &sev) < 0 ||
		    !json_is_string(json_object_get(f, "rule")) ||
		    !json_is_string(json_object_get(f, "title")) ||
		    !jcs_category_valid(json_string_value(json_object_get(
			    f, "category")))) {
			snprintf(err, errlen, "%s: finding %zu lacks a valid "
				 "rule, category, severity or title", name, i);
			jcs_result_free(r);
			return JCS_E_SCHEMA;
		}
		if (!json_object_get(f, "suppressed"))
			r->by_severity[sev]++;
	}
	*out = r;
	return JCS_OK;
}

jcs_rc jcs_result_read_json(const char *path, struct jcs_result **out,
			    char *err, size_t errlen)
{
	json_error_t je;
	json_t *doc;

	if (!path || !out)
		return JCS_E_ARG;
	*out = NULL;
	doc = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	if (!doc) {
		snprintf(err, errlen, "%s:%d:%d: %s", path, je.line,
			 je.column, je.text);
		return JCS_E_FORMAT;
	}
	return jcsi_result_adopt(doc, path, out, err, errlen);
}

size_t jcs_result_verdict_count(const struct jcs_result *r,
				const char *scheme, const char *verdict)
{
	const json_t *q;
	size_t i, n = 0;

	json_array_foreach(json_object_get(r ? r->doc : NULL,
					   "requirements"), i, q) {
		const char *s = json_string_value(json_object_get(q, "scheme"));
		const char *v = json_string_value(json_object_get(q,
								  "verdict"));

		if (v && verdict && !strcmp(v, verdict) &&
		    (!scheme || (s && !strcmp(s, scheme))))
			n++;
	}
	return n;
}

json_t *jcsi_result_last_finding(struct jcs_result *r)
{
	size_t n = r ? json_array_size(r->findings) : 0;

	return n ? json_array_get(r->findings, n - 1) : NULL;
}

json_t *jcsi_result_doc_mut(struct jcs_result *r)
{
	return r ? r->doc : NULL;
}

/*
 * verdict.c - one verdict per catalog requirement, from the findings,
 * observations and checks of a result and the documents of the manifest.
 *
 * The order of the questions is the policy:
 *  1. declared not applicable in product.yaml, or needs a feature the
 *     product lacks (applies_if)          -> not-applicable
 *  2. an unsuppressed finding (low or worse) bears on it     -> fail
 *  3. no evidence jcstar can gather (evidence: [] or hardware only)
 *                                         -> needs-evidence
 *  4. any one evidence item holds          -> pass
 *     absence: every category was looked for, in every place it can be
 *     found that the requirement is tested in, by a check that ran;
 *     observation: a check saw it; document: given and valid
 *  5. otherwise                            -> needs-evidence, saying which
 *     test or document would decide it
 * A check that did not run never lets a requirement pass (rule 4).
 */
#include <stdio.h>
#include <string.h>

#include "../checks/rules.h"
#include "assess_int.h"

struct vctx {
	const struct jcsi_verdict_in *in;
	const json_t *findings, *observations, *checks;
};

static const char *str(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static const char *place_label(unsigned bit)
{
	switch (bit) {
	case JCSI_TESTED_FIRMWARE: return "firmware";
	case JCSI_TESTED_LIVE: return "live device";
	case JCSI_TESTED_CLOUD: return "cloud API";
	case JCSI_TESTED_APP: return "companion app";
	default: return "documents";
	}
}

/* The places the product has: no app, no cloud service -> nothing to
   test there. */
static unsigned product_places(const struct jcsi_manifest *m)
{
	unsigned all = JCSI_TESTED_FIRMWARE | JCSI_TESTED_LIVE |
		       JCSI_TESTED_CLOUD | JCSI_TESTED_APP;

	if (m && m->feature[JCSI_FEAT_APP] == JCSI_NO)
		all &= ~(unsigned)JCSI_TESTED_APP;
	if (m && m->feature[JCSI_FEAT_CLOUD] == JCSI_NO)
		all &= ~(unsigned)JCSI_TESTED_CLOUD;
	return all;
}

/* The result's record of check NAME: "ran", "failed", "not-run" or NULL. */
static const json_t *check_entry(const struct vctx *c, const char *name)
{
	size_t i;
	const json_t *k;

	json_array_foreach(c->checks, i, k)
		if (str(k, "name") && !strcmp(str(k, "name"), name))
			return k;
	return NULL;
}

/* Why nothing was examined in PLACE: the first check of that target that
   did not run says so. */
static const char *place_why(const struct vctx *c, unsigned place)
{
	size_t i;
	const json_t *k;
	const char *pn = jcsi_place_name(place);

	json_array_foreach(c->checks, i, k)
		if (str(k, "target") && !strcmp(str(k, "target"), pn) &&
		    strcmp(str(k, "status"), "ran") != 0 && str(k, "why"))
			return str(k, "why");
	return NULL;
}

enum coverage { COV_NO_CHECK, COV_NOT_RUN, COV_RAN };

/*
 * Was CATEGORY (or the single RULE) looked for in PLACE by a check that
 * ran? RAN names the checks that did (comma list appended).
 */
static enum coverage covered(const struct vctx *c, const char *category,
			     const char *rule, unsigned place, char *ran,
			     size_t ranlen, char *why, size_t whylen)
{
	enum coverage best = COV_NO_CHECK;
	size_t nr = jcsi_rules_count(c->in->rules);

	for (size_t i = 0; i < nr; i++) {
		const struct jcs_rule_info *ri = jcsi_rules_at(c->in->rules, i);
		const json_t *k;

		if (category ? strcmp(ri->category, category) != 0
			     : strcmp(ri->id, rule) != 0)
			continue;
		k = check_entry(c, ri->check);
		if (!k || strcmp(str(k, "target"), jcsi_place_name(place)))
			continue;
		if (!strcmp(str(k, "status"), "ran")) {
			if (!strstr(ran, ri->check)) {
				size_t l = strlen(ran);

				snprintf(ran + l, ranlen - l, "%s%s",
					 l ? ", " : "", ri->check);
			}
			best = COV_RAN;
		} else if (best == COV_NO_CHECK) {
			best = COV_NOT_RUN;
			snprintf(why, whylen, "check %s %s%s%s", ri->check,
				 !strcmp(str(k, "status"), "failed") ?
				 "failed" : "did not run",
				 str(k, "why") ? ": " : "",
				 str(k, "why") ? str(k, "why") : "");
		}
	}
	return best;
}

static void append(char *buf, size_t len, const char *sep, const char *s)
{
	size_t l = strlen(buf);

	if (l + 1 < len)
		snprintf(buf + l, len - l, "%s%s", l ? sep : "", s);
}

/* The absence item: every category looked for in every place. */
static int absence_holds(const struct vctx *c,
			 const struct jcsi_requirement *q, json_t *evidence,
			 json_t *needs)
{
	unsigned places = q->tested_in & product_places(c->in->m);
	int any = 0, all = 1;

	for (unsigned bit = JCSI_TESTED_FIRMWARE; bit <= JCSI_TESTED_APP;
	     bit <<= 1) {
		char ran[256] = "", missing[512] = "", why[512] = "";
		char cats[512] = "";
		int looked = 0;

		if (!(places & bit))
			continue;
		for (size_t i = 0; i < q->categories.n; i++) {
			const char *cat = q->categories.v[i];

			if (!(jcsi_places_of(c->in->places, cat) & bit))
				continue;
			looked = 1;
			if (covered(c, cat, NULL, bit, ran, sizeof(ran), why,
				    sizeof(why)) == COV_RAN)
				append(cats, sizeof(cats), ", ", cat);
			else
				append(missing, sizeof(missing), ", ", cat);
		}
		/* single rules are firmware checks' rules */
		for (size_t i = 0; bit == JCSI_TESTED_FIRMWARE &&
				   i < q->rules.n; i++) {
			looked = 1;
			if (covered(c, NULL, q->rules.v[i], bit, ran,
				    sizeof(ran), why, sizeof(why)) == COV_RAN)
				append(cats, sizeof(cats), ", ", q->rules.v[i]);
			else
				append(missing, sizeof(missing), ", ",
				       q->rules.v[i]);
		}
		if (!looked)
			continue;
		if (cats[0]) {
			char d[1024];

			any = 1;
			snprintf(d, sizeof(d), "%s: no finding of %s (checks "
				 "that ran: %s)", place_label(bit), cats, ran);
			json_array_append_new(evidence, json_pack(
				"{s:s, s:s}", "kind", "absence", "detail", d));
		}
		if (missing[0]) {
			char d[1280];
			const char *pw = place_why(c, bit);

			all = 0;
			snprintf(d, sizeof(d), "%s: %s not examined (%s)",
				 place_label(bit), missing,
				 why[0] ? why : pw ? pw :
				 "no check of jcstar looks for it there yet");
			json_array_append_new(needs, json_string(d));
		}
	}
	return any && all;
}

static const char *doc_field(enum jcsi_doc_kind k, char *buf, size_t len)
{
	snprintf(buf, len, "%s", jcsi_doc_kind_name(k));
	for (char *p = buf; *p; p++)
		if (*p == '-')
			*p = '_';
	return buf;
}

static int document_holds(const struct vctx *c, const char *kind,
			  json_t *evidence, json_t *needs)
{
	char d[1400], field[64];

	for (int k = 0; k < JCSI_DOC_COUNT; k++) {
		const struct jcsi_doc_verdict *v;

		if (strcmp(jcsi_doc_kind_name((enum jcsi_doc_kind)k), kind))
			continue;
		doc_field((enum jcsi_doc_kind)k, field, sizeof(field));
		v = c->in->docs ? &c->in->docs[k] : NULL;
		if (v && v->valid) {
			snprintf(d, sizeof(d), "%s: %s%s%s", kind, v->ref,
				 v->detail[0] ? " - " : "", v->detail);
			json_array_append_new(evidence, json_pack(
				"{s:s, s:s}", "kind", "document", "detail", d));
			return 1;
		}
		if (!v || v->state == JCSI_DOCST_NOT_GIVEN)
			snprintf(d, sizeof(d), "document %s: give it in "
				 "product.yaml (documents.%s)", kind, field);
		else
			snprintf(d, sizeof(d), "document %s: %s", kind,
				 v->detail);
		json_array_append_new(needs, json_string(d));
		return 0;
	}
	return 0;
}

static int observation_holds(const struct vctx *c, const char *id,
			     json_t *evidence, json_t *needs)
{
	size_t i;
	const json_t *o;
	char d[1024];

	json_array_foreach(c->observations, i, o) {
		const json_t *loc = json_object_get(o, "location");

		if (!str(o, "id") || strcmp(str(o, "id"), id))
			continue;
		snprintf(d, sizeof(d), "%s%s%s", str(o, "title"),
			 str(loc, "path") ? " at " : "",
			 str(loc, "path") ? str(loc, "path") : "");
		json_array_append_new(evidence, json_pack(
			"{s:s, s:s}", "kind", "observation", "detail", d));
		return 1;
	}
	snprintf(d, sizeof(d), "observation %s: not seen by the checks "
		 "that ran", id);
	json_array_append_new(needs, json_string(d));
	return 0;
}

static json_t *strlist_json(const struct jcsi_strlist *l)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < l->n; i++)
		json_array_append_new(a, json_string(l->v[i]));
	return a;
}

static const char *confirmed_name(enum jcsi_confirmed c)
{
	return c == JCSI_CONFIRMED_TRUE ? "true" :
	       c == JCSI_CONFIRMED_PARTIAL ? "partial" : "false";
}

/* 1. not applicable: declared, or a feature the product lacks */
static int not_applicable(const struct vctx *c,
			  const struct jcsi_requirement *q, char *why,
			  size_t len)
{
	const struct jcsi_manifest *m = c->in->m;

	for (size_t i = 0; m && i < m->n_na; i++)
		if (!strcmp(m->na[i].id, q->id)) {
			snprintf(why, len, "declared not applicable in "
				 "product.yaml (line %u): %s", m->na[i].line,
				 m->na[i].reason);
			return 1;
		}
	for (size_t i = 0; m && i < q->applies_if.n; i++) {
		const char *const *f = jcsi_catalog_features();

		for (int k = 0; f[k] && k < JCSI_FEAT_COUNT; k++)
			if (!strcmp(f[k], q->applies_if.v[i]) &&
			    m->feature[k] == JCSI_NO) {
				snprintf(why, len, "the product has no %s "
					 "(product.yaml features.%s: false)",
					 f[k], f[k]);
				return 1;
			}
	}
	return 0;
}

/* 2. the unsuppressed findings (low or worse) that bear on Q */
static size_t failing(const struct vctx *c, const struct jcsi_requirement *q,
		      json_t *fail_idx, json_t *sup_idx, char *rules,
		      size_t len)
{
	size_t i, n = 0;
	const json_t *f;

	json_array_foreach(c->findings, i, f) {
		const json_t *reqs = json_object_get(f, "requirements");
		const json_t *r;
		size_t k;
		int bears = 0;

		json_array_foreach(reqs, k, r)
			if (!strcmp(json_string_value(r) ? json_string_value(r)
							 : "", q->id))
				bears = 1;
		if (!bears)
			continue;
		if (json_object_get(f, "suppressed")) {
			json_array_append_new(sup_idx, json_integer((json_int_t)i));
			continue;
		}
		if (!strcmp(str(f, "severity"), "info"))
			continue;
		json_array_append_new(fail_idx, json_integer((json_int_t)i));
		if (!strstr(rules, str(f, "rule")))
			append(rules, len, ", ", str(f, "rule"));
		n++;
	}
	return n;
}

static json_t *one(const struct vctx *c, const struct jcsi_requirement *q)
{
	json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", q->id,
			      "scheme", q->scheme == JCSI_SCHEME_EN303645 ?
			      "etsi-en-303-645" : "jcstar-star1", "title",
			      q->title, "asks", q->asks, "confirmed",
			      confirmed_name(q->confirmed));
	json_t *fail_idx = json_array(), *sup_idx = json_array();
	json_t *evidence = json_array(), *needs = json_array();
	char reason[1600], rules[700] = "";
	const char *verdict;
	size_t nfail;
	int holds = 0;

	if (!j || !fail_idx || !sup_idx || !evidence || !needs)
		goto oom;
	if (q->status)
		json_object_set_new(j, "status", json_string(q->status));
	json_object_set_new(j, "tested_in", strlist_json(&q->tested_in_names));
	if (q->en303645.n)
		json_object_set_new(j, "en303645", strlist_json(&q->en303645));
	nfail = failing(c, q, fail_idx, sup_idx, rules, sizeof(rules));
	if (not_applicable(c, q, reason, sizeof(reason))) {
		verdict = "not-applicable";
	} else if (nfail) {
		verdict = "fail";
		snprintf(reason, sizeof(reason), "%zu finding%s fail%s it: %s",
			 nfail, nfail == 1 ? "" : "s", nfail == 1 ? "s" : "",
			 rules);
	} else if (!q->tested_in && q->confirmed == JCSI_CONFIRMED_FALSE) {
		verdict = "needs-evidence";
		snprintf(reason, sizeof(reason), "what this item asks is not "
			 "confirmed by jcstar's reference: no check is tied "
			 "to it");
		json_array_append_new(needs, json_string(
			"an assessor's reading of the item in IPA's "
			"JC-STAR STAR-1 requirements, and evidence for it"));
	} else if (!q->tested_in) {
		verdict = "needs-evidence";
		snprintf(reason, sizeof(reason), "a hardware-only provision: "
			 "outside what jcstar examines");
		json_array_append_new(needs, json_string(
			"an assessor's examination of the device hardware"));
	} else if (!q->n_evidence) {
		verdict = "needs-evidence";
		snprintf(reason, sizeof(reason), "no automatic check can "
			 "decide it; an assessor judges it");
		{
			char d[512] = "", w[256] = "";

			for (size_t i = 0; i < q->tested_in_names.n; i++)
				append(w, sizeof(w), ", ",
				       q->tested_in_names.v[i]);
			snprintf(d, sizeof(d), "an assessor's judgement "
				 "(tested in: %s)", w);
			json_array_append_new(needs, json_string(d));
		}
	} else {
		const json_t *first = NULL;

		for (size_t i = 0; i < q->n_evidence; i++) {
			const struct jcsi_evidence *e = &q->evidence[i];
			size_t at = json_array_size(evidence);
			int h;

			if (e->kind == JCSI_EVIDENCE_ABSENCE)
				h = absence_holds(c, q, evidence, needs);
			else if (e->kind == JCSI_EVIDENCE_OBSERVATION)
				h = observation_holds(c, e->what, evidence,
						      needs);
			else
				h = document_holds(c, e->what, evidence,
						   needs);
			/* the reason is the first item that holds, not
			   partial evidence of one that does not */
			if (h && !holds)
				first = json_array_get(evidence, at);
			holds |= h;
		}
		if (holds) {
			verdict = "pass";
			snprintf(reason, sizeof(reason), "%s",
				 str(first, "detail"));
		} else {
			verdict = "needs-evidence";
			snprintf(reason, sizeof(reason), "not decided yet: %s",
				 json_string_value(json_array_get(needs, 0)) ?
				 json_string_value(json_array_get(needs, 0)) :
				 "no evidence");
		}
	}
	json_object_set_new(j, "verdict", json_string(verdict));
	json_object_set_new(j, "reason", json_string(reason));
	json_object_set_new(j, "findings", fail_idx);
	if (json_array_size(sup_idx))
		json_object_set_new(j, "suppressed_findings", sup_idx);
	else
		json_decref(sup_idx);
	json_object_set_new(j, "evidence", evidence);
	/* a pass needs nothing more; other verdicts keep what would help */
	if (!strcmp(verdict, "needs-evidence") || !strcmp(verdict, "fail"))
		json_object_set_new(j, "needs", needs);
	else
		json_decref(needs);
	return j;
oom:
	json_decref(j);
	json_decref(fail_idx);
	json_decref(sup_idx);
	json_decref(evidence);
	json_decref(needs);
	return NULL;
}

json_t *jcsi_verdicts(const struct jcsi_verdict_in *in)
{
	struct vctx c = {.in = in};
	json_t *out = json_array();
	json_t *empty = json_array();

	if (!out || !empty) {
		json_decref(out);
		json_decref(empty);
		return NULL;
	}
	c.findings = json_object_get(in->doc, "findings");
	c.observations = json_object_get(in->doc, "observations");
	c.checks = json_object_get(in->doc, "checks");
	if (!c.findings)
		c.findings = empty;
	if (!c.observations)
		c.observations = empty;
	if (!c.checks)
		c.checks = empty;
	for (size_t i = 0; i < in->cat->n; i++) {
		json_t *j = one(&c, &in->cat->req[i]);

		if (!j || json_array_append_new(out, j) < 0) {
			json_decref(out);
			json_decref(empty);
			return NULL;
		}
	}
	json_decref(empty);
	return out;
}

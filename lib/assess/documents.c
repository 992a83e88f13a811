/*
 * documents.c - the documentation evidence of product.yaml, judged: each
 * document kind is given (and then valid or not), declared absent, or not
 * mentioned. Only what a machine can tell is judged: a security.txt is
 * parsed (RFC 9116: Contact, Expires), a support period's end date is
 * compared with today, files were checked to exist by the manifest
 * loader. What a document says is for a person; the report says so.
 * URLs are references, never fetched.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../checks/rules.h"
#include "../core/util.h"
#include "../result/result_int.h"
#include "assess_int.h"

static const char *const absent_rule[JCSI_DOC_COUNT] = {
	"docs.vulnerability-disclosure-absent", "docs.support-period-absent",
	"docs.update-policy-absent", "docs.key-management-absent",
	"docs.threat-model-absent", "docs.privacy-policy-absent",
	"docs.version-management-absent", "docs.secure-setup-guide-absent",
};

struct dctx {
	const struct jcsi_manifest *m;
	const struct jcsi_catalog *cat;
	const struct jcsi_rules *rules;
	struct jcs_result *r;
};

static void emit(struct dctx *d, const char *rule, const char *a,
		 const char *b, const char *evidence, const char *url)
{
	struct jcsi_rule_hit h = {.rule = rule, .severity = -1, .subject = a,
				  .detail = b, .evidence = evidence};

	h.location.url = url;
	jcsi_rule_finding(d->r, d->rules, d->cat, &h, NULL);
}

static void ref_of(const struct jcsi_doc *doc, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s", doc->file ? doc->file : "",
		 doc->file && doc->url ? " ; " : "", doc->url ? doc->url : "");
}

/* "YYYY-MM-DD" of T: the date part of the one ISO 8601 formatter */
static void date_of(time_t t, char *buf, size_t len)
{
	char iso[32];

	jcsi_time_iso8601(t, iso);
	snprintf(buf, len, "%.10s", iso);
}

/* The vulnerability disclosure: a contact must be known, and a parsed
   security.txt must not be expired. */
static void disclosure(struct dctx *d, time_t now, struct jcsi_doc_verdict *v)
{
	const struct jcsi_manifest *m = d->m;
	struct jcsi_securitytxt t;
	const char *contact = m->disclosure_contact;
	char where[600];
	int parsed = 0;

	snprintf(where, sizeof(where), "%s", m->path);
	memset(&t, 0, sizeof(t));
	if (m->security_txt) {
		char lerr[512] = "";

		if (jcsi_securitytxt_load(m->security_txt, &t, lerr,
					  sizeof(lerr)) != JCS_OK) {
			v->valid = 0;
			snprintf(v->detail, sizeof(v->detail), "%s", lerr);
			return;
		}
		parsed = 1;
		snprintf(v->ref, sizeof(v->ref), "%s", m->security_txt);
		if (t.n_contact && !contact)
			contact = t.contact[0];
	} else if (m->security_txt_url) {
		snprintf(v->ref, sizeof(v->ref), "%s", m->security_txt_url);
	}
	v->valid = 1;
	if (parsed && t.expires && jcsi_securitytxt_expired(&t, now)) {
		char day[16];

		date_of(t.expires, day, sizeof(day));
		v->valid = 0;
		snprintf(v->detail, sizeof(v->detail), "security.txt %s "
			 "expired on %s", m->security_txt, day);
		emit(d, "docs.security-txt-expired", day, m->security_txt,
		     t.expires_raw, NULL);
	}
	if (parsed && !t.expires) {
		/* RFC 9116 2.5.5: without a valid Expires it is not to be
		   relied on (the problem itself is a docs.security-txt-invalid
		   finding below) */
		v->valid = 0;
		snprintf(v->detail, sizeof(v->detail), "security.txt %s has no "
			 "valid Expires field", m->security_txt);
	}
	if (parsed && t.n_problems) {
		char probs[1024] = "";

		for (size_t i = 0; i < t.n_problems; i++) {
			size_t l = strlen(probs);

			snprintf(probs + l, sizeof(probs) - l, "%s%s",
				 l ? "\n" : "", t.problems[i]);
		}
		emit(d, "docs.security-txt-invalid", m->security_txt, NULL,
		     probs, NULL);
	}
	if (!contact) {
		v->valid = 0;
		snprintf(v->detail, sizeof(v->detail), "no contact: neither "
			 "documents.vulnerability_disclosure.contact nor a "
			 "Contact in security.txt");
		emit(d, "docs.disclosure-no-contact",
		     m->security_txt ? m->security_txt : where, NULL, NULL,
		     NULL);
	} else if (v->valid) {
		snprintf(v->detail, sizeof(v->detail), "contact %s%s",
			 contact, m->security_txt_url && !parsed ?
			 " (security.txt URL given, not fetched)" : "");
	}
	jcsi_securitytxt_free(&t);
}

static void support(struct dctx *d, time_t now, struct jcsi_doc_verdict *v)
{
	const struct jcsi_manifest *m = d->m;

	v->valid = 1;
	if (m->support_end && m->support_end_t && m->support_end_t < now) {
		v->valid = 0;
		snprintf(v->detail, sizeof(v->detail), "the support period "
			 "ended on %s", m->support_end);
		emit(d, "docs.support-period-ended", m->support_end, m->path,
		     NULL, NULL);
	} else if (m->support_end) {
		snprintf(v->detail, sizeof(v->detail), "security updates "
			 "until %s", m->support_end);
		if (!v->ref[0])
			snprintf(v->ref, sizeof(v->ref), "product.yaml");
	} else {
		snprintf(v->detail, sizeof(v->detail), "no end date in "
			 "product.yaml (support_period.end): not checked");
	}
}

static json_t *doc_json(enum jcsi_doc_kind k, const struct jcsi_doc_verdict *v)
{
	const char *status = v->state == JCSI_DOCST_NOT_GIVEN ? "not-given" :
			     v->state == JCSI_DOCST_DECLARED_ABSENT ?
			     "declared-absent" : v->valid ? "given" : "invalid";
	json_t *j = json_pack("{s:s, s:s}", "kind", jcsi_doc_kind_name(k),
			      "status", status);

	if (j && v->ref[0])
		json_object_set_new(j, "ref", json_string(v->ref));
	if (j && v->detail[0])
		json_object_set_new(j, "detail", json_string(v->detail));
	return j;
}

jcs_rc jcsi_assess_documents(const struct jcsi_manifest *m,
			     const struct jcsi_catalog *cat,
			     const struct jcsi_rules *rules, time_t now,
			     struct jcs_result *r,
			     struct jcsi_doc_verdict *v)
{
	struct dctx d = {.m = m, .cat = cat, .rules = rules, .r = r};
	json_t *docs = json_array();

	if (!docs)
		return JCS_E_NOMEM;
	for (int k = 0; k < JCSI_DOC_COUNT; k++) {
		const struct jcsi_doc *doc = &m->doc[k];
		struct jcsi_doc_verdict *dv = &v[k];
		char where[600];

		memset(dv, 0, sizeof(*dv));
		dv->state = doc->state;
		ref_of(doc, dv->ref, sizeof(dv->ref));
		if (doc->state == JCSI_DOCST_DECLARED_ABSENT) {
			snprintf(where, sizeof(where), "%s:%u", m->path,
				 doc->line);
			snprintf(dv->detail, sizeof(dv->detail), "declared "
				 "absent (%.400s)", where);
			emit(&d, absent_rule[k], where, NULL, NULL, NULL);
		} else if (doc->state == JCSI_DOCST_GIVEN) {
			if (k == JCSI_DOC_VULN_DISCLOSURE)
				disclosure(&d, now, dv);
			else if (k == JCSI_DOC_SUPPORT_PERIOD)
				support(&d, now, dv);
			else
				dv->valid = 1;
			if (dv->valid && !dv->detail[0])
				snprintf(dv->detail, sizeof(dv->detail),
					 "given; its content is for a "
					 "person to review");
		}
		json_array_append_new(docs, doc_json((enum jcsi_doc_kind)k, dv));
	}
	jcs_result_add_check(r, "docs", "docs", "ran", NULL);
	return jcsi_result_set(r, "documents", docs);
}

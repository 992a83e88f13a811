/*
 * probe_defer.c - the per-thread output logs of probe_defer.h. Strings
 * are copied; a service is copied with its own copies of the strings a
 * check may have built on its stack (banner, product); host and address
 * belong to the probe and outlive every log.
 */
#include <string.h>

#include "../core/mem.h"
#include "probe_defer.h"

enum rec_kind { REC_EMIT, REC_OBSERVE, REC_LIMITATION, REC_SERVICE };

struct rec {
	enum rec_kind kind;
	int has_service;
	struct jcsi_service s;
	char *a, *b, *c, *d;   /* per kind: rule/id/what, subject/title/why,
				  detail, evidence */
	char *banner, *product;
	struct rec *next;
};

struct jcsi_probe_log {
	struct rec *head, **tail;
	int lost;              /* out of memory while recording */
};

static _Thread_local struct jcsi_probe_log *current;

struct jcsi_probe_log *jcsi_probe_log_new(void)
{
	struct jcsi_probe_log *log = jcsi_calloc(1, sizeof(*log));

	if (log)
		log->tail = &log->head;
	return log;
}

void jcsi_probe_log_use(struct jcsi_probe_log *log)
{
	current = log;
}

struct jcsi_probe_log *jcsi_probe_log_current(void)
{
	return current;
}

/* A copy of S (NULL stays NULL); *BAD set when memory ran out. */
static char *dup_or_null(const char *s, int *bad)
{
	char *d = s ? jcsi_strdup(s) : NULL;

	if (s && !d)
		*bad = 1;
	return d;
}

static void rec_free(struct rec *r)
{
	jcsi_free(r->a);
	jcsi_free(r->b);
	jcsi_free(r->c);
	jcsi_free(r->d);
	jcsi_free(r->banner);
	jcsi_free(r->product);
	jcsi_free(r);
}

static void add(struct jcsi_probe_log *log, enum rec_kind kind,
		const struct jcsi_service *s, const char *a, const char *b,
		const char *c, const char *d)
{
	struct rec *r = jcsi_calloc(1, sizeof(*r));
	int bad = !r;

	if (r) {
		r->kind = kind;
		r->a = dup_or_null(a, &bad);
		r->b = dup_or_null(b, &bad);
		r->c = dup_or_null(c, &bad);
		r->d = dup_or_null(d, &bad);
		if (s) {
			r->has_service = 1;
			r->s = *s;
			r->banner = dup_or_null(s->banner, &bad);
			r->product = dup_or_null(s->product, &bad);
			r->s.banner = r->banner;
			r->s.product = r->product;
		}
	}
	if (bad) {
		if (r)
			rec_free(r);
		log->lost = 1;
		return;
	}
	*log->tail = r;
	log->tail = &r->next;
}

void jcsi_probe_log_emit(struct jcsi_probe_log *log, const char *rule,
			 const struct jcsi_service *s, const char *subject,
			 const char *detail, const char *evidence)
{
	add(log, REC_EMIT, s, rule, subject, detail, evidence);
}

void jcsi_probe_log_observe(struct jcsi_probe_log *log, const char *id,
			    const struct jcsi_service *s, const char *title,
			    const char *evidence)
{
	add(log, REC_OBSERVE, s, id, title, NULL, evidence);
}

void jcsi_probe_log_limitation(struct jcsi_probe_log *log, const char *what,
			       const char *why)
{
	add(log, REC_LIMITATION, NULL, what, why, NULL, NULL);
}

void jcsi_probe_log_service(struct jcsi_probe_log *log,
			    const struct jcsi_service *s)
{
	add(log, REC_SERVICE, s, NULL, NULL, NULL, NULL);
}

void jcsi_probe_log_replay(struct jcsi_probe *p, struct jcsi_probe_log *log)
{
	struct rec *r, *next;

	if (!log)
		return;
	for (r = log->head; r; r = next) {
		const struct jcsi_service *s = r->has_service ? &r->s : NULL;

		next = r->next;
		switch (r->kind) {
		case REC_EMIT:
			jcsi_probe_emit(p, r->a, s, r->b, r->c, r->d);
			break;
		case REC_OBSERVE:
			jcsi_probe_observe(p, r->a, s, r->b, r->d);
			break;
		case REC_LIMITATION:
			jcsi_probe_limitation(p, r->a, r->b);
			break;
		case REC_SERVICE:
			jcsi_probe_add_service(p, s);
			break;
		}
		rec_free(r);
	}
	if (log->lost)
		jcsi_probe_limitation(p, "probe output", "out of memory: "
				      "some findings of a parallel check were "
				      "lost");
	jcsi_free(log);
}

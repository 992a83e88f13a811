/*
 * probe_discover.c - discovery and identification as one pipeline: the
 * connect scan hands each open port to a pool of identification threads
 * as it finds it, so banners are read while the scan goes on (a silent
 * service costs a greeting timeout: paid in parallel, not after the
 * scan). The result is the services in (target, transport, port) order.
 */
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../core/mem.h"
#include "probe.h"
#include "probe_int.h"

#define IDENT_THREADS 16

struct job {
	struct jcsi_service s;
	struct jcsi_ident id;
	size_t target;
};

struct pipeline {
	const struct jcsi_probe *p;
	const struct jcsi_target *t;
	const struct jcsi_portset *ps;
	uint64_t deadline;
	pthread_mutex_t lock;
	pthread_cond_t more;
	struct job **jobs;
	size_t n, cap, next, undone;
	int scan_done;
	jcs_rc rc;
};

static void on_open(size_t target, uint16_t port, void *user)
{
	struct pipeline *pl = user;
	const struct jcsi_target *t = &pl->t[target];
	struct job *j = jcsi_calloc(1, sizeof(*j));

	pthread_mutex_lock(&pl->lock);
	if (j && pl->n == pl->cap) {
		size_t cap = pl->cap ? pl->cap * 2 : 64;
		struct job **v = jcsi_realloc(pl->jobs, cap * sizeof(*v));

		if (v) {
			pl->jobs = v;
			pl->cap = cap;
		}
	}
	if (!j || pl->n == pl->cap) {
		jcsi_free(j);
		pl->rc = JCS_E_NOMEM;
		pthread_mutex_unlock(&pl->lock);
		return;
	}
	j->target = target;
	j->s.host = t->host;
	j->s.addr = t->addr;
	j->s.sa = t->sa;
	j->s.salen = t->salen;
	j->s.port = port;
	j->s.transport = "tcp";
	j->s.name = "unknown";
	if (j->s.sa.ss_family == AF_INET)
		((struct sockaddr_in *)&j->s.sa)->sin_port = htons(port);
	else
		((struct sockaddr_in6 *)&j->s.sa)->sin6_port = htons(port);
	pl->jobs[pl->n++] = j;
	pthread_cond_signal(&pl->more);
	pthread_mutex_unlock(&pl->lock);
}

static void *worker(void *arg)
{
	struct pipeline *pl = arg;

	for (;;) {
		struct job *j;
		int late;

		pthread_mutex_lock(&pl->lock);
		while (pl->next >= pl->n && !pl->scan_done)
			pthread_cond_wait(&pl->more, &pl->lock);
		if (pl->next >= pl->n) {
			pthread_mutex_unlock(&pl->lock);
			return NULL;
		}
		j = pl->jobs[pl->next++];
		late = jcsi_now_ms() >= pl->deadline;
		if (late)
			pl->undone++;
		pthread_mutex_unlock(&pl->lock);
		if (!late)
			jcsi_probe_identify(pl->p, &j->s,
					    jcsi_ports_hint(pl->ps, j->s.port),
					    &j->id);
	}
}

static int cmp_job(const void *x, const void *y)
{
	const struct job *a = *(const struct job *const *)x;
	const struct job *b = *(const struct job *const *)y;

	if (a->target != b->target)
		return a->target < b->target ? -1 : 1;
	return a->s.port < b->s.port ? -1 : a->s.port > b->s.port;
}

/* The service names of probe.h, static, so services never own theirs. */
static const char *service_name(const char *id)
{
	static const char *const names[] = {
		"telnet", "ftp", "ssh", "http", "https", "rtsp", "mqtt",
		"mqtts", "tls", "smtp", "snmp", "ssdp", "mdns", "tftp", "coap",
		NULL,
	};

	for (size_t i = 0; names[i]; i++)
		if (!strcmp(names[i], id))
			return names[i];
	return "unknown";
}

static jcs_rc collect(struct pipeline *pl, struct jcsi_service **out,
		      size_t *nout)
{
	struct jcsi_service *v = jcsi_calloc(pl->n ? pl->n : 1, sizeof(*v));

	if (!v)
		return JCS_E_NOMEM;
	if (pl->n) /* no open port: jobs is NULL, which qsort may not get */
		qsort(pl->jobs, pl->n, sizeof(*pl->jobs), cmp_job);
	for (size_t i = 0; i < pl->n; i++) {
		const struct jcsi_ident *id = &pl->jobs[i]->id;
		struct jcsi_service *s = &v[i];

		*s = pl->jobs[i]->s;
		s->name = service_name(id->name);
		s->banner = id->banner[0] ? jcsi_strdup(id->banner) : NULL;
		s->product = id->product[0] ? jcsi_strdup(id->product) : NULL;
		s->tls = id->tls;
		s->starttls = id->ftp_tls;
		if ((id->banner[0] && !s->banner) ||
		    (id->product[0] && !s->product)) {
			jcsi_services_free(v, i + 1);
			return JCS_E_NOMEM;
		}
	}
	*out = v;
	*nout = pl->n;
	return JCS_OK;
}

jcs_rc jcsi_probe_discover(const struct jcsi_probe *p,
			   const struct jcsi_target *t, size_t nt,
			   const struct jcsi_portset *ps,
			   const struct jcsi_scan_opts *so,
			   struct jcsi_service **out, size_t *nout,
			   struct jcsi_scan_stats *st, size_t *unidentified)
{
	struct pipeline pl;
	pthread_t th[IDENT_THREADS];
	size_t started = 0;
	jcs_rc rc;

	*out = NULL;
	*nout = 0;
	memset(&pl, 0, sizeof(pl));
	pl.p = p;
	pl.t = t;
	pl.ps = ps;
	pl.deadline = so->deadline_ms ? so->deadline_ms : UINT64_MAX;
	pthread_mutex_init(&pl.lock, NULL);
	pthread_cond_init(&pl.more, NULL);
	for (size_t i = 0; i < IDENT_THREADS; i++)
		if (pthread_create(&th[started], NULL, worker, &pl) == 0)
			started++;
	rc = jcsi_tcp_scan(t, nt, ps, so, on_open, &pl, st);
	pthread_mutex_lock(&pl.lock);
	pl.scan_done = 1;
	pthread_cond_broadcast(&pl.more);
	pthread_mutex_unlock(&pl.lock);
	if (!started)
		worker(&pl); /* no threads: identify here, one by one */
	for (size_t i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	pthread_cond_destroy(&pl.more);
	pthread_mutex_destroy(&pl.lock);
	if (rc == JCS_OK)
		rc = pl.rc;
	if (rc == JCS_OK)
		rc = collect(&pl, out, nout);
	*unidentified = pl.undone;
	for (size_t i = 0; i < pl.n; i++)
		jcsi_free(pl.jobs[i]);
	jcsi_free(pl.jobs);
	return rc;
}

void jcsi_services_free(struct jcsi_service *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		jcsi_free((char *)s[i].banner);
		jcsi_free((char *)s[i].product);
	}
	jcsi_free(s);
}

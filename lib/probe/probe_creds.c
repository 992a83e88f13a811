/*
 * probe_creds.c - the "credentials" probe check: on every telnet, FTP,
 * HTTP (Basic/Digest; a form with --login-url; also inside TLS), RTSP,
 * MQTT (also inside TLS) and SSH service, first whether it lets anyone in, then the pairs of
 * creds_list.c, until the first success, --max-attempts, or the service
 * refusing or slowing down (then it stops: never lock a device out).
 * Services are searched at the same time, several logins each; the
 * outcome is reported afterwards in service order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <pthread.h>
#include <stdatomic.h>

#include "lib/core/mem.h"
#include "lib/probe/creds_int.h"
#include "lib/probe/creds_list.h"

static long long pc_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void pc_sleep_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0)
		;
}

/* "SSH on 10.77.1.2:22" for limitations. */
static void pc_where(const struct jcsi_login_proto *pr,
		     const struct jcsi_service *s, char *out, size_t len)
{
	snprintf(out, len, strchr(s->addr, ':') ? "%s%s on [%s]:%u" :
		 "%s%s on %s:%u", pr->label, s->tls ? " over TLS" : "",
		 s->addr, (unsigned)s->port);
}

static void pc_found(const struct jcsi_login *l, const struct jcsi_login_proto *pr,
		     const struct jcsi_cred *c, unsigned tries)
{
	char masked[128], detail[192], ev[1200];
	const char *what = l->path[0] ? l->path : "";

	jcsi_probe_mask(l->p, c->pass, masked, sizeof(masked));
	snprintf(detail, sizeof(detail), "user %s", c->user);
	snprintf(ev, sizeof(ev),
		 "login %s / %s accepted at attempt %u%s%s (%s%s%s)", c->user,
		 c->pass[0] ? masked : "<empty>", tries,
		 what[0] ? " on " : "", what, l->why,
		 c->vendor ? "; a known vendor default pair" : "",
		 l->scheme == JCSI_AUTH_DIGEST ? "; Digest authentication" :
		 l->scheme == JCSI_AUTH_BASIC ? "; Basic authentication" : "");
	jcsi_probe_emit(l->p, c->pass[0] ? "live.default-credential" :
			"live.empty-password", l->s, pr->label, detail, ev);
}

/* Median-free slowdown test: an attempt that takes far longer than the
   fastest of the first ones means the service started to slow us. */
static int pc_slowed(long long dt, long long base)
{
	return base >= 0 && dt > 4 * base + 2000;
}

/*
 * The pairs of one service are tried by PC_TASKS logins at a time (like
 * hydra's tasks: a device that delays its answer to a wrong password
 * costs one delay per round, not per pair); one at a time with --delay,
 * which asks for a gentle pace, and on telnet (one_at_a_time). Pairs
 * are handed out in list order. The first accepted pair ends the search
 * at once: the logins still waiting for an answer (a server delays its
 * "wrong password" by seconds) are cancelled, even those of earlier
 * pairs. So when a service takes several pairs of one round, the one
 * reported is the one answered first (the earliest in list order among
 * those accepted together): the finding is the same, its evidence may
 * name another pair from run to run.
 */
#define PC_TASKS 4

struct pc_run {
	pthread_mutex_t mu;
	const struct jcsi_login_proto *pr;
	const struct jcsi_cred_list *list;
	struct jcsi_login proto_l;  /* after prepare: copied per task */
	const char *where;
	size_t next;                /* next pair to hand out */
	unsigned tries, max, errors;
	long long base;             /* fastest of the first 3 answers */
	int stop;
	atomic_int cancel;          /* = stop, for the logins in flight */
	/* the outcome */
	size_t found;               /* pair index; list->n: none */
	unsigned found_try;
	struct jcsi_login found_l;
	char stop_why[512];
};

static void pc_outcome(struct pc_run *r, struct jcsi_login *l, size_t i,
		       unsigned t, enum jcsi_login_res res, long long dt)
{
	if (res == JCSI_LOGIN_OK) {
		if (i < r->found) {
			r->found = i;
			r->found_try = t;
			r->found_l = *l;
			r->found_l.cancel = NULL; /* both die with the task */
			r->found_l.state = NULL;
		}
		r->stop = 1;
		return;
	}
	if (r->found < r->list->n || r->stop_why[0])
		return;
	if (res == JCSI_LOGIN_REFUSED || pc_slowed(dt, r->base)) {
		snprintf(r->stop_why, sizeof(r->stop_why),
			 "%s: stopped after %u attempts, the service %s (%s); "
			 "not continued so the device is not locked out",
			 r->where, r->tries, res == JCSI_LOGIN_REFUSED ?
			 "refused" : "slowed down", res == JCSI_LOGIN_REFUSED ?
			 l->why : "an attempt took 4x longer");
		r->stop = 1;
		return;
	}
	if (res == JCSI_LOGIN_ERROR && ++r->errors >= 3) {
		snprintf(r->stop_why, sizeof(r->stop_why),
			 "%s: stopped after %u attempts, 3 errors (%s)",
			 r->where, r->tries, l->why);
		r->stop = 1;
		return;
	}
	if (res != JCSI_LOGIN_ERROR)
		r->errors = 0;
	if (t <= 3 && (r->base < 0 || dt < r->base))
		r->base = dt;
}

static void *pc_task(void *arg)
{
	struct pc_run *r = arg;
	struct jcsi_login l;
	unsigned mine = 0;
	unsigned delay = jcsi_probe_delay_ms(r->proto_l.p);

	pthread_mutex_lock(&r->mu);
	l = r->proto_l;
	l.state = NULL;     /* protocol state is per connection: own */
	l.cancel = &r->cancel;
	pthread_mutex_unlock(&r->mu);
	for (;;) {
		pthread_mutex_lock(&r->mu);
		if (r->stop || r->next >= r->list->n || r->tries >= r->max) {
			pthread_mutex_unlock(&r->mu);
			break;
		}
		size_t i = r->next++;
		unsigned t = ++r->tries;

		pthread_mutex_unlock(&r->mu);
		if (mine++ && delay)
			pc_sleep_ms(delay);
		long long t0 = pc_now();

		l.why[0] = '\0';
		enum jcsi_login_res res = r->pr->attempt(&l, r->list->v[i].user,
							 r->list->v[i].pass);
		long long dt = pc_now() - t0;

		pthread_mutex_lock(&r->mu);
		pc_outcome(r, &l, i, t, res, dt);
		if (r->stop)
			atomic_store(&r->cancel, 1);
		pthread_mutex_unlock(&r->mu);
	}
	if (r->pr->finish)
		r->pr->finish(&l);
	return NULL;
}

/*
 * One service's search. Services are searched in parallel (creds_run), so
 * nothing is written to the result while searching: the outcome is kept
 * here and reported afterwards in service order, which keeps the report
 * the same from run to run.
 */
struct pc_job {
	const struct jcsi_service *s;
	const struct jcsi_login_proto *pr;  /* NULL: only LIMIT to report */
	const char *none_rule;              /* anyone gets in: this rule */
	char none_subject[64], none_detail[64], none_ev[256];
	size_t found;                       /* pair index; list->n: none */
	unsigned found_try;
	struct jcsi_login found_l;
	char limit[512];                    /* what stopped it, if anything */
};

static void pc_search(struct jcsi_probe *p, struct pc_job *j,
		      const struct jcsi_cred_list *list)
{
	const struct jcsi_service *s = j->s;
	const struct jcsi_login_proto *pr = j->pr;
	struct jcsi_login l = { .p = p, .s = s };
	char where[128];

	j->found = list->n;
	l.timeout_ms = jcsi_probe_timeout_ms(p);
	if (l.timeout_ms < JCSI_LOGIN_ANSWER_MS)
		l.timeout_ms = JCSI_LOGIN_ANSWER_MS;
	pc_where(pr, s, where, sizeof(where));
	enum jcsi_login_res res = pr->prepare ? pr->prepare(&l) :
				  JCSI_LOGIN_OK;

	if (res == JCSI_LOGIN_NONE) {
		snprintf(j->none_detail, sizeof(j->none_detail), "port %u",
			 (unsigned)s->port);
		snprintf(j->none_subject, sizeof(j->none_subject), "%s",
			 pr->none_rule && !strcmp(pr->none_rule,
						  "live.empty-password") ?
			 pr->label : j->none_detail);
		snprintf(j->none_ev, sizeof(j->none_ev), "%s", l.why);
		j->none_rule = pr->none_rule;
		if (pr->none_stops)
			goto out;
		res = JCSI_LOGIN_OK;
	}
	if (res != JCSI_LOGIN_OK) {
		snprintf(j->limit, sizeof(j->limit), "%s: %s", where, l.why);
		goto out;
	}

	struct pc_run *r = jcsi_calloc(1, sizeof(*r));
	pthread_t th[PC_TASKS];
	unsigned nt = jcsi_probe_delay_ms(p) || pr->one_at_a_time ? 1 :
		      PC_TASKS, started = 0;

	if (!r) {
		snprintf(j->limit, sizeof(j->limit), "%s: out of memory",
			 where);
		goto out;
	}
	pthread_mutex_init(&r->mu, NULL);
	r->pr = pr;
	r->list = list;
	r->proto_l = l;
	r->where = where;
	r->max = jcsi_probe_max_attempts(p);
	r->base = -1;
	r->found = list->n;
	for (unsigned k = 1; k < nt; k++)
		if (pthread_create(&th[started], NULL, pc_task, r) == 0)
			started++;
	pc_task(r);         /* this thread is one of the tasks */
	for (unsigned k = 0; k < started; k++)
		pthread_join(th[k], NULL);
	if (r->found < list->n) {
		j->found = r->found;
		j->found_try = r->found_try;
		j->found_l = r->found_l;
	} else if (r->stop_why[0]) {
		snprintf(j->limit, sizeof(j->limit), "%s", r->stop_why);
	} else if (r->next < list->n) {
		snprintf(j->limit, sizeof(j->limit),
			 "%s: stopped at the attempt limit (%u of %zu pairs "
			 "tried, none accepted; raise --max-attempts to try "
			 "all)", where, r->tries, list->n);
	}
	pthread_mutex_destroy(&r->mu);
	jcsi_free(r);
out:
	if (pr->finish)
		pr->finish(&l);
}

static void pc_report(struct jcsi_probe *p, const struct pc_job *j,
		      const struct jcsi_cred_list *list)
{
	if (j->none_rule)
		jcsi_probe_emit(p, j->none_rule, j->s, j->none_subject,
				j->none_detail, j->none_ev);
	if (j->pr && j->found < list->n)
		pc_found(&j->found_l, j->pr,
			 &list->v[j->found], j->found_try);
	if (j->limit[0])
		jcsi_probe_limitation(p, "credentials", j->limit);
}

/* The service the --login-url names: its port if a URL, else the first
   HTTP service. */
static const struct jcsi_service *pc_form_service(struct jcsi_probe *p)
{
	const char *url = jcsi_probe_login_url(p);
	unsigned want = 0;

	if (!strncmp(url, "http://", 7)) {
		const char *c = url + 7;

		c += strcspn(c, "]/:");
		if (*c == ']')
			c++;
		want = *c == ':' ? (unsigned)strtoul(c + 1, NULL, 10) : 80;
	}
	for (size_t i = 0; i < jcsi_probe_count(p); i++) {
		const struct jcsi_service *s = jcsi_probe_service(p, i);

		if (s->name && !strcmp(s->name, "http") && !s->tls &&
		    (!want || s->port == want))
			return s;
	}
	return NULL;
}

/*
 * At most PC_SERVICES services searched at once, each with its own
 * PC_TASKS logins in flight: a device's services answer independently
 * (its FTP server does not wait for its SSH server's failure delay), so
 * the search takes as long as the slowest service, not their sum.
 */
#define PC_SERVICES 8

struct pc_pool {
	pthread_mutex_t mu;
	struct jcsi_probe *p;
	struct pc_job *jobs;
	size_t n, next;
	const struct jcsi_cred_list *list;
};

static void *pc_worker(void *arg)
{
	struct pc_pool *w = arg;

	for (;;) {
		pthread_mutex_lock(&w->mu);
		size_t i = w->next++;

		pthread_mutex_unlock(&w->mu);
		if (i >= w->n)
			return NULL;
		if (w->jobs[i].pr)
			pc_search(w->p, &w->jobs[i], w->list);
	}
}

static void pc_run_jobs(struct pc_pool *w)
{
	pthread_t th[PC_SERVICES];
	unsigned started = 0;

	/* --delay asks for a gentle pace: one service at a time too */
	size_t most = jcsi_probe_delay_ms(w->p) ? 1 : PC_SERVICES;

	pthread_mutex_init(&w->mu, NULL);
	for (size_t k = 1; k < w->n && k < most; k++)
		if (pthread_create(&th[started], NULL, pc_worker, w) == 0)
			started++;
	pc_worker(w);
	for (unsigned k = 0; k < started; k++)
		pthread_join(th[k], NULL);
	pthread_mutex_destroy(&w->mu);
}

static jcs_rc creds_run(struct jcsi_probe *p)
{
	struct jcsi_cred_list list;
	struct pc_pool w = { .p = p };
	char pairs[1024], err[512];

	snprintf(pairs, sizeof(pairs), "%s/probe/default-pairs.tsv",
		 jcsi_probe_data_dir(p));
	jcs_rc rc = jcsi_creds_build(pairs, jcsi_probe_user_list(p),
				     jcsi_probe_password_list(p), &list, err,
				     sizeof(err));

	if (rc != JCS_OK) {
		jcsi_probe_limitation(p, "credentials", err);
		return rc == JCS_E_NOMEM ? rc : JCS_OK;
	}
	/* one job per service, and one for the form login */
	w.jobs = jcsi_calloc(jcsi_probe_count(p) + 1, sizeof(*w.jobs));
	if (!w.jobs) {
		jcsi_creds_free(&list);
		return JCS_E_NOMEM;
	}
	w.list = &list;
	for (size_t i = 0; i < jcsi_probe_count(p); i++) {
		const struct jcsi_service *s = jcsi_probe_service(p, i);
		struct pc_job *j = &w.jobs[w.n];

		j->s = s;
		j->pr = jcsi_login_for(s);
		j->found = list.n;
		if (j->pr) {
			w.n++;
		} else if (s->tls && strcmp(s->transport, "udp")) {
			/* logins inside TLS other than HTTP and MQTT (ftps,
			   telnets, rtsps) are not built, and an unknown
			   protocol inside TLS has no login to try: say so,
			   never a silent pass */
			snprintf(j->limit, sizeof(j->limit), "%s on %s port %u: "
				 "%s", s->name, s->addr, (unsigned)s->port,
				 !strcmp(s->name, "tls") ? "the protocol inside "
				 "TLS is not known, no login tried" : "logins "
				 "over TLS not implemented yet for it");
			w.n++;
		}
	}
	if (jcsi_probe_login_url(p)) {
		struct pc_job *j = &w.jobs[w.n++];

		j->s = pc_form_service(p);
		j->found = list.n;
		if (j->s)
			j->pr = &jcsi_login_http_form;
		else
			snprintf(j->limit, sizeof(j->limit), "--login-url: no "
				 "plain HTTP service on its port");
	}
	pc_run_jobs(&w);
	for (size_t i = 0; i < w.n; i++)
		pc_report(p, &w.jobs[i], &list);
	jcsi_free(w.jobs);
	jcsi_creds_free(&list);
	return JCS_OK;
}

const struct jcsi_probe_check jcsi_probe_check_credentials = {
	"credentials",
	"default and weak credentials (telnet, FTP, HTTP, RTSP, MQTT, SSH)",
	creds_run,
	.tcp = 1,
};

/*
 * probe_creds.c - the "credentials" probe check: on every telnet, FTP,
 * HTTP (Basic/Digest; a form with --login-url), RTSP, MQTT and SSH
 * service, first whether it lets anyone in, then the pairs of
 * creds_list.c, until the first success, --max-attempts, or the service
 * refusing or slowing down (then it stops: never lock a device out).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <pthread.h>

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
	snprintf(out, len, strchr(s->addr, ':') ? "%s on [%s]:%u" :
		 "%s on %s:%u", pr->label, s->addr, (unsigned)s->port);
}

static void pc_found(struct jcsi_login *l, const struct jcsi_login_proto *pr,
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
 * are handed out in list order and the first working pair in that order
 * is the one reported, whichever task finishes first.
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
		pthread_mutex_unlock(&r->mu);
	}
	if (r->pr->finish)
		r->pr->finish(&l);
	return NULL;
}

void jcsi_creds_service(struct jcsi_probe *p, const struct jcsi_service *s,
			const struct jcsi_login_proto *pr,
			const struct jcsi_cred_list *list)
{
	struct jcsi_login l = { .p = p, .s = s };
	char where[128], why[512];

	l.timeout_ms = jcsi_probe_timeout_ms(p);
	if (l.timeout_ms < JCSI_LOGIN_ANSWER_MS)
		l.timeout_ms = JCSI_LOGIN_ANSWER_MS;
	pc_where(pr, s, where, sizeof(where));
	enum jcsi_login_res res = pr->prepare ? pr->prepare(&l) :
				  JCSI_LOGIN_OK;

	if (res == JCSI_LOGIN_NONE) {
		char port[32];

		snprintf(port, sizeof(port), "port %u", (unsigned)s->port);
		if (pr->none_rule)
			jcsi_probe_emit(p, pr->none_rule, s,
					!strcmp(pr->none_rule,
						"live.empty-password") ?
					pr->label : port, port, l.why);
		if (pr->none_stops)
			goto out;
		res = JCSI_LOGIN_OK;
	}
	if (res != JCSI_LOGIN_OK) {
		snprintf(why, sizeof(why), "%s: %s", where, l.why);
		jcsi_probe_limitation(p, "credentials", why);
		goto out;
	}

	struct pc_run *r = jcsi_calloc(1, sizeof(*r));
	pthread_t th[PC_TASKS];
	unsigned nt = jcsi_probe_delay_ms(p) || pr->one_at_a_time ? 1 :
		      PC_TASKS, started = 0;

	if (!r) {
		jcsi_probe_limitation(p, "credentials", "out of memory");
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
	if (r->found < list->n)
		pc_found(&r->found_l, pr, &list->v[r->found], r->found_try);
	else if (r->stop_why[0])
		jcsi_probe_limitation(p, "credentials", r->stop_why);
	else if (r->next < list->n) {
		snprintf(why, sizeof(why),
			 "%s: stopped at the attempt limit (%u of %zu pairs "
			 "tried, none accepted; raise --max-attempts to try "
			 "all)", where, r->tries, list->n);
		jcsi_probe_limitation(p, "credentials", why);
	}
	pthread_mutex_destroy(&r->mu);
	jcsi_free(r);
out:
	if (pr->finish)
		pr->finish(&l);
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

static jcs_rc creds_run(struct jcsi_probe *p)
{
	struct jcsi_cred_list list;
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
	for (size_t i = 0; i < jcsi_probe_count(p); i++) {
		const struct jcsi_service *s = jcsi_probe_service(p, i);
		const struct jcsi_login_proto *pr = jcsi_login_for(s);

		if (pr) {
			jcsi_creds_service(p, s, pr, &list);
		} else if (s->tls && strcmp(s->transport, "udp")) {
			char why[160];

			/* logins inside TLS (https Basic, mqtts, ftps, telnets)
			   are not built: say so, never a silent pass */
			snprintf(why, sizeof(why), "%s on %s port %u: logins "
				 "over TLS not implemented yet", s->name,
				 s->addr, (unsigned)s->port);
			jcsi_probe_limitation(p, "credentials", why);
		}
	}
	if (jcsi_probe_login_url(p)) {
		const struct jcsi_service *s = pc_form_service(p);

		if (s)
			jcsi_creds_service(p, s, &jcsi_login_http_form, &list);
		else
			jcsi_probe_limitation(p, "credentials",
				"--login-url: no plain HTTP service on its port");
	}
	jcsi_creds_free(&list);
	return JCS_OK;
}

const struct jcsi_probe_check jcsi_probe_check_credentials = {
	"credentials",
	"default and weak credentials (telnet, FTP, HTTP, RTSP, MQTT, SSH)",
	creds_run,
};

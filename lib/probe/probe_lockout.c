/*
 * probe_lockout.c - the "lockout" probe check (--lockout-test N): N wrong
 * logins to ONE service (SSH first, then HTTP authentication, telnet,
 * FTP, MQTT: the order in which devices most often have a login), each
 * timed. A refusal, a rate limit or an answer that takes far longer than
 * the first ones is brute-force protection (observation
 * live.lockout-seen, with the attempt number); N prompt answers are
 * live.no-brute-force-protection. The attempts follow each other without
 * the --delay (a limit that only a burst triggers must be triggered).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/probe/creds_int.h"

static long long lo_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The first service of PREFER order whose login can be prepared; L and
   *PR set. */
static int lo_pick(struct jcsi_probe *p, struct jcsi_login *l,
		   const struct jcsi_login_proto **pr)
{
	static const struct jcsi_login_proto *const prefer[] = {
		&jcsi_login_ssh, &jcsi_login_http, &jcsi_login_telnet,
		&jcsi_login_ftp, &jcsi_login_mqtt,
	};

	for (size_t k = 0; k < sizeof(prefer) / sizeof(prefer[0]); k++)
		for (size_t i = 0; i < jcsi_probe_count(p); i++) {
			const struct jcsi_service *s = jcsi_probe_service(p, i);

			if (jcsi_login_for(s) != prefer[k])
				continue;
			memset(l, 0, sizeof(*l));
			l->p = p;
			l->s = s;
			l->timeout_ms = jcsi_probe_timeout_ms(p);
			if (l->timeout_ms < JCSI_LOGIN_ANSWER_MS)
				l->timeout_ms = JCSI_LOGIN_ANSWER_MS;
			enum jcsi_login_res res = prefer[k]->prepare(l);

			/* FTP with anonymous access still has USER/PASS */
			if (res == JCSI_LOGIN_OK ||
			    (res == JCSI_LOGIN_NONE && !prefer[k]->none_stops)) {
				*pr = prefer[k];
				return 1;
			}
			if (prefer[k]->finish)
				prefer[k]->finish(l);
		}
	return 0;
}

static int lo_cmp(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

static jcs_rc lockout_run(struct jcsi_probe *p)
{
	int n = jcsi_probe_lockout_test(p);
	const struct jcsi_login_proto *pr;
	struct jcsi_login l;
	char ev[512], pass[64], detail[64];
	long long first[3], base = 0, slowest = 0;

	/* not tested is "not run", never "ran": no brute-force finding
	   from a check that sent no login must not read as protection */
	if (n <= 0) {
		jcsi_probe_limitation(p, "brute-force protection",
				      "not tested (use --lockout-test N)");
		jcsi_probe_not_run(p, "not tested (use --lockout-test N)");
		return JCS_OK;
	}
	if (!lo_pick(p, &l, &pr)) {
		jcsi_probe_limitation(p, "brute-force protection",
			"not tested: no service with a login to test (SSH "
			"password, HTTP Basic/Digest, telnet, FTP, MQTT)");
		jcsi_probe_not_run(p, "no service with a login to test");
		return JCS_OK;
	}
	for (int i = 1; i <= n; i++) {
		snprintf(pass, sizeof(pass), "jcstar-wrong-%d-Zq7", i);
		long long t0 = lo_now();
		enum jcsi_login_res res = pr->attempt(&l, "admin", pass);
		long long dt = lo_now() - t0;

		if (res == JCSI_LOGIN_OK) {
			snprintf(ev, sizeof(ev), "%s:%u accepted the wrong "
				 "password of attempt %d: it takes any "
				 "password; not a lockout test", l.s->addr,
				 (unsigned)l.s->port, i);
			jcsi_probe_limitation(p, "brute-force protection", ev);
			jcsi_probe_not_run(p, ev);
			goto out;
		}
		if (res == JCSI_LOGIN_REFUSED) {
			snprintf(ev, sizeof(ev), "%s refused at attempt %d of "
				 "%d: %s", pr->label, i, n, l.why);
			jcsi_probe_observe(p, "live.lockout-seen", l.s,
					   "Wrong logins were refused after a "
					   "few attempts", ev);
			goto out;
		}
		if (res == JCSI_LOGIN_ERROR) {
			/* no answer within the timeout: a tarpit, the same
			   as a delay for the attacker */
			snprintf(ev, sizeof(ev), "%s stopped answering at "
				 "attempt %d of %d (%s)", pr->label, i, n,
				 l.why);
			jcsi_probe_observe(p, "live.lockout-seen", l.s,
					   "Wrong logins were slowed down", ev);
			goto out;
		}
		if (i <= 3) {
			first[i - 1] = dt;
			if (i == 3 || i == n) {
				long long tmp[3];

				memcpy(tmp, first, sizeof(tmp));
				qsort(tmp, (size_t)i, sizeof(tmp[0]), lo_cmp);
				base = tmp[(i - 1) / 2];
			}
		} else if (dt > 3 * base && dt - base > 1000) {
			snprintf(ev, sizeof(ev), "%s: the answer to attempt %d "
				 "of %d took %lld ms, the first ones %lld ms",
				 pr->label, i, n, dt, base);
			jcsi_probe_observe(p, "live.lockout-seen", l.s,
					   "Wrong logins were slowed down", ev);
			goto out;
		}
		if (dt > slowest)
			slowest = dt;
	}
	if (base >= 1000) {
		/* every wrong login costs a second or more: a failure delay
		   (EN 303 645 5.1-5 names time delays as a protection) */
		snprintf(ev, sizeof(ev), "%s: all %d wrong logins answered only "
			 "after a delay (median of the first %lld ms, slowest "
			 "%lld ms): a fixed failure delay", pr->label, n, base,
			 slowest);
		jcsi_probe_observe(p, "live.lockout-seen", l.s,
				   "Wrong logins are answered after a delay", ev);
		goto out;
	}
	snprintf(detail, sizeof(detail), "%d wrong logins", n);
	snprintf(ev, sizeof(ev), "%d wrong passwords for user admin, each "
		 "answered promptly (median of the first %lld ms, slowest "
		 "%lld ms), none refused, no rate limit", n, base, slowest);
	jcsi_probe_emit(p, "live.no-brute-force-protection", l.s, pr->label,
			detail, ev);
out:
	if (pr->finish)
		pr->finish(&l);
	return JCS_OK;
}

const struct jcsi_probe_check jcsi_probe_check_lockout = {
	"lockout",
	"brute-force protection: N wrong logins to one service (--lockout-test)",
	lockout_run,
	.tcp = 1,
};

/*
 * probe_scan.c - TCP connect scan: non-blocking connect()s, many in
 * flight, completions from epoll. A connection that completes is an open
 * port (closed again at once with a reset, so no TIME_WAIT piles up); a
 * refusal is a closed port; silence until the timeout is a filtered one.
 * All attempts share one timeout, so the oldest in flight expires first.
 *
 * A large scan is split over the processors (ports by residue, one
 * thread, epoll set and share of the concurrency each): nearly all of a
 * connect scan's time is the kernel's work in socket(), connect() and
 * close(), done on the calling thread's processor. With --rate one
 * thread keeps the pace.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../core/mem.h"
#include "probe_int.h"

uint64_t jcsi_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

struct slot {
	int fd;                 /* -1: free */
	size_t target;
	uint16_t port;
	uint64_t started;
};

struct scanner {
	const struct jcsi_target *t;
	size_t nt;
	const struct jcsi_portset *ps;
	const struct jcsi_scan_opts *o;
	struct jcsi_scan_stats *st;
	jcsi_open_fn fn;
	void *user;
	int ep;
	struct slot *slots;
	unsigned nslots, busy;
	/* next (target, port) to try: ports outer, targets inner, so a
	   range of hosts is not hit one at a time with every port */
	unsigned next_port;
	size_t next_target;
	uint64_t first_start;
	int stuck;              /* no socket can be made at all */
	unsigned shard, nshards;/* this scanner takes ports = shard mod n */
	struct jcsi_scan_stats own; /* merged into st by the caller */
	jcs_rc rc;
};

/* The next port of the set at or after next_port; 0 when done. */
static unsigned advance(struct scanner *sc)
{
	while (sc->next_port <= 65535 &&
	       (!jcsi_ports_has(sc->ps, sc->next_port) ||
		sc->next_port % sc->nshards != sc->shard))
		sc->next_port++;
	return sc->next_port <= 65535 ? sc->next_port : 0;
}

static void finish(struct scanner *sc, struct slot *s, int outcome)
{
	/* outcome: 1 open, 0 closed, -1 filtered (timeout / unreachable) */
	if (outcome > 0) {
		struct linger l = {1, 0};

		sc->st->open++;
		setsockopt(s->fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
		sc->fn(s->target, s->port, sc->user);
	} else if (outcome == 0) {
		sc->st->closed++;
	} else {
		sc->st->filtered++;
	}
	/* close() takes the descriptor out of the epoll set: no
	   EPOLL_CTL_DEL, one system call less per port */
	close(s->fd);
	s->fd = -1;
	sc->busy--;
}

/* Start one connection in slot S; 0 started, 1 finished at once, -1 if
   the socket could not be made (descriptors exhausted: try later). */
static int start(struct scanner *sc, struct slot *s, size_t target,
		 uint16_t port)
{
	struct sockaddr_storage sa = sc->t[target].sa;
	struct epoll_event ev;
	int fd;

	if (sa.ss_family == AF_INET)
		((struct sockaddr_in *)&sa)->sin_port = htons(port);
	else
		((struct sockaddr_in6 *)&sa)->sin6_port = htons(port);
	fd = socket(sa.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    0);
	if (fd < 0)
		return -1;
	s->fd = fd;
	s->target = target;
	s->port = port;
	s->started = jcsi_now_ms();
	sc->busy++;
	sc->st->tried++;
	if (connect(fd, (struct sockaddr *)&sa, sc->t[target].salen) == 0) {
		finish(sc, s, 1);
		return 1;
	}
	if (errno != EINPROGRESS) {
		int e = errno;

		if (e == EAGAIN || e == EADDRNOTAVAIL) {
			/* local ports exhausted: not an answer, retry later */
			close(fd);
			s->fd = -1;
			sc->busy--;
			sc->st->tried--;
			return -1;
		}
		finish(sc, s, e == ECONNREFUSED ? 0 : -1);
		return 1;
	}
	memset(&ev, 0, sizeof(ev));
	ev.events = EPOLLOUT;
	ev.data.u32 = (uint32_t)(s - sc->slots);
	if (epoll_ctl(sc->ep, EPOLL_CTL_ADD, fd, &ev) < 0) {
		sc->st->errors++;
		finish(sc, s, -1);
		return 1;
	}
	return 0;
}

/* Fill free slots while the rate allows; the ms to wait before the rate
   allows another (0: no wait needed or nothing left). */
static int fill(struct scanner *sc)
{
	for (unsigned i = 0; i < sc->nslots && sc->busy < sc->nslots; i++) {
		unsigned port;

		if (sc->slots[i].fd >= 0)
			continue;
		port = advance(sc);
		if (!port)
			return 0;
		if (sc->o->rate) {
			uint64_t due = sc->first_start +
				       sc->st->tried * 1000u / sc->o->rate;
			uint64_t now = jcsi_now_ms();

			if (sc->st->tried && now < due)
				return (int)(due - now);
		}
		if (!sc->st->tried)
			sc->first_start = jcsi_now_ms();
		if (start(sc, &sc->slots[i], sc->next_target,
			  (uint16_t)port) < 0) {
			/* nothing in flight to free a descriptor or a local
			   port: waiting would not help */
			if (!sc->busy)
				sc->stuck = 1;
			return 0;
		}
		if (++sc->next_target == sc->nt) {
			sc->next_target = 0;
			sc->next_port++;
		}
	}
	return 0;
}

static void *scan_shard(void *arg)
{
	struct scanner *scp = arg;
	struct scanner sc = *scp;   /* this thread's own copy, written back */
	const struct jcsi_scan_opts *o = sc.o;
	struct jcsi_scan_stats *st = &scp->own;
	struct epoll_event evs[256];
	jcs_rc rc = JCS_OK;

	sc.st = st;
	sc.next_port = 1;
	sc.slots = jcsi_calloc(sc.nslots, sizeof(*sc.slots));
	if (!sc.slots) {
		scp->rc = JCS_E_NOMEM;
		return NULL;
	}
	for (unsigned i = 0; i < sc.nslots; i++)
		sc.slots[i].fd = -1;
	sc.ep = epoll_create1(EPOLL_CLOEXEC);
	if (sc.ep < 0) {
		jcsi_free(sc.slots);
		scp->rc = JCS_E_IO;
		return NULL;
	}
	for (;;) {
		int wait = fill(&sc), n;
		uint64_t now;

		if (sc.busy == 0 && !advance(&sc))
			break;
		if (sc.stuck) {
			rc = JCS_E_IO;
			break;
		}
		if (o->deadline_ms && jcsi_now_ms() >= o->deadline_ms) {
			st->deadline_hit = 1;
			break;
		}
		if (sc.busy) {
			/* wake for the oldest attempt's timeout */
			uint64_t oldest = UINT64_MAX;

			now = jcsi_now_ms();
			for (unsigned i = 0; i < sc.nslots; i++)
				if (sc.slots[i].fd >= 0 &&
				    sc.slots[i].started < oldest)
					oldest = sc.slots[i].started;
			uint64_t due = oldest + (uint64_t)o->timeout_ms;
			int left = due > now ? (int)(due - now) : 0;

			if (!wait || left < wait)
				wait = left;
		}
		n = epoll_wait(sc.ep, evs, 256, wait);
		if (n < 0 && errno != EINTR) {
			rc = JCS_E_IO;
			break;
		}
		for (int i = 0; i < n; i++) {
			struct slot *s = &sc.slots[evs[i].data.u32];
			int e = 0;
			socklen_t el = sizeof(e);

			if (s->fd < 0)
				continue;
			if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &e, &el) < 0)
				e = errno;
			finish(&sc, s, e == 0 ? 1 : e == ECONNREFUSED ? 0 : -1);
		}
		now = jcsi_now_ms();
		for (unsigned i = 0; i < sc.nslots; i++)
			if (sc.slots[i].fd >= 0 &&
			    now >= sc.slots[i].started + (uint64_t)o->timeout_ms)
				finish(&sc, &sc.slots[i], -1);
	}
	for (unsigned i = 0; i < sc.nslots; i++)
		if (sc.slots[i].fd >= 0)
			finish(&sc, &sc.slots[i], -1);
	close(sc.ep);
	jcsi_free(sc.slots);
	scp->rc = rc;
	return NULL;
}

/* Threads for a scan of N (target, port) pairs: one per processor (at
   most 4) when there is enough to share, one with a rate to keep. */
static unsigned shards_for(const struct jcsi_scan_opts *o, size_t n)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	if (o->rate || n < 4096 || cpus < 2)
		return 1;
	return cpus > 4 ? 4 : (unsigned)cpus;
}

jcs_rc jcsi_tcp_scan(const struct jcsi_target *t, size_t nt,
		     const struct jcsi_portset *ps,
		     const struct jcsi_scan_opts *o, jcsi_open_fn fn,
		     void *user, struct jcsi_scan_stats *st)
{
	struct scanner sc[4];
	pthread_t th[4];
	int started[4] = {0};
	unsigned n;
	jcs_rc rc = JCS_OK;

	memset(st, 0, sizeof(*st));
	if (nt == 0 || ps->n == 0)
		return JCS_OK;
	n = shards_for(o, ps->n * nt);
	if (o->concurrency && n > o->concurrency)
		n = o->concurrency;
	memset(sc, 0, sizeof(sc));
	for (unsigned k = 0; k < n; k++) {
		unsigned c = o->concurrency ? o->concurrency : 1;

		sc[k].t = t;
		sc[k].nt = nt;
		sc[k].ps = ps;
		sc[k].o = o;
		sc[k].fn = fn;
		sc[k].user = user;
		sc[k].shard = k;
		sc[k].nshards = n;
		/* the concurrency shared out: the first ones take the rest */
		sc[k].nslots = c / n + (k < c % n);
	}
	for (unsigned k = 1; k < n; k++)
		started[k] = pthread_create(&th[k], NULL, scan_shard,
					    &sc[k]) == 0;
	scan_shard(&sc[0]);
	for (unsigned k = 1; k < n; k++) {
		if (started[k])
			pthread_join(th[k], NULL);
		else
			scan_shard(&sc[k]);   /* no thread: here, after */
	}
	for (unsigned k = 0; k < n; k++) {
		st->tried += sc[k].own.tried;
		st->open += sc[k].own.open;
		st->closed += sc[k].own.closed;
		st->filtered += sc[k].own.filtered;
		st->errors += sc[k].own.errors;
		st->deadline_hit |= sc[k].own.deadline_hit;
		if (sc[k].rc != JCS_OK)
			rc = sc[k].rc;
	}
	return rc;
}

/*
 * probe_udp.c - check "udp": the UDP services IoT devices answer on,
 * asked directly on each host given (the TCP scan cannot see them):
 * SSDP/UPnP 1900 (then the device description over HTTP, only from the
 * target itself), mDNS 5353, SNMP 161 (communities public and private),
 * TFTP 69, CoAP 5683. Every request goes to the target's unicast address
 * only: never to a multicast group or broadcast.
 *
 * UDP has no handshake: a request is sent, answered within the timeout
 * or sent once more; silence means "closed or filtered", which UDP
 * cannot tell apart, and is recorded as a limitation.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../core/mem.h"
#include "probe_defer.h"
#include "probe_http.h"
#include "probe_int.h"
#include "probe_udp.h"

/* Same address (and port unless ANY_PORT) as the target? */
static int from_target(const struct sockaddr_storage *a,
		       const struct sockaddr_storage *t, int any_port)
{
	if (a->ss_family != t->ss_family)
		return 0;
	if (a->ss_family == AF_INET) {
		const struct sockaddr_in *x = (const void *)a, *y = (const void *)t;

		return x->sin_addr.s_addr == y->sin_addr.s_addr &&
		       (any_port || x->sin_port == y->sin_port);
	}
	if (a->ss_family == AF_INET6) {
		const struct sockaddr_in6 *x = (const void *)a,
					  *y = (const void *)t;

		return !memcmp(&x->sin6_addr, &y->sin6_addr, 16) &&
		       (any_port || x->sin6_port == y->sin6_port);
	}
	return 0;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

ssize_t jcsi_udp_exchange(const struct jcsi_service *s, const void *req,
			  size_t reqlen, uint8_t *reply, size_t cap,
			  int timeout_ms, int any_port)
{
	int fd = socket(s->sa.ss_family, SOCK_DGRAM | SOCK_NONBLOCK |
					       SOCK_CLOEXEC, 0);
	ssize_t got = 0;

	if (fd < 0)
		return -1;
	/* connected unless the answer comes from another port (TFTP):
	   then an ICMP port unreachable ends the wait at once (closed); an
	   unconnected socket hears of it only when asked to (IP_RECVERR) */
	if (!any_port &&
	    connect(fd, (const struct sockaddr *)&s->sa, s->salen) < 0)
		goto out;
	if (any_port) {
		int on = 1;

		if (s->sa.ss_family == AF_INET6)
			(void)setsockopt(fd, IPPROTO_IPV6, IPV6_RECVERR, &on,
					 sizeof(on));
		else
			(void)setsockopt(fd, IPPROTO_IP, IP_RECVERR, &on,
					 sizeof(on));
	}
	for (int attempt = 0; attempt < 2 && !got; attempt++) {
		long long end = now_ms() + timeout_ms;

		if (sendto(fd, req, reqlen, 0,
			   any_port ? (const struct sockaddr *)&s->sa : NULL,
			   any_port ? s->salen : 0) < 0) {
			got = errno == ECONNREFUSED ? JCSI_UDP_CLOSED : -1;
			break;
		}
		for (;;) {
			struct pollfd pfd = {fd, POLLIN, 0};
			struct sockaddr_storage from;
			socklen_t fl = sizeof(from);
			long long left = end - now_ms();
			ssize_t n;

			if (left <= 0 || poll(&pfd, 1, (int)left) <= 0)
				break;
			n = recvfrom(fd, reply, cap, 0,
				     (struct sockaddr *)&from, &fl);
			if (n < 0 && errno == ECONNREFUSED) {
				got = JCSI_UDP_CLOSED;  /* no retry */
				goto out;
			}
			if (n <= 0)
				continue;
			/* answers from anyone else are not the target's */
			if (!any_port || from_target(&from, &s->sa, 1)) {
				got = n;
				break;
			}
		}
	}
out:
	close(fd);
	return got;
}

static void pause_ms(unsigned ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* --- per protocol -------------------------------------------------------- */

struct host {
	struct jcsi_probe *p;
	struct jcsi_service base;   /* the host, port 0 */
	char silent[128];           /* UDP ports that did not answer */
	char closed[128];           /* UDP ports the host said are closed */
	unsigned spoke;             /* ports that answered */
	int timeout;
};

/* S: the host's service on PORT named NAME. */
static void at_port(const struct host *h, uint16_t port, const char *name,
		    struct jcsi_service *s)
{
	*s = h->base;
	s->port = port;
	s->name = name;
	s->transport = "udp";
	if (s->sa.ss_family == AF_INET)
		((struct sockaddr_in *)&s->sa)->sin_port = htons(port);
	else
		((struct sockaddr_in6 *)&s->sa)->sin6_port = htons(port);
}

static void list_add(char *list, size_t cap, const char *what)
{
	size_t l = strlen(list);

	if (!*what)
		return;
	snprintf(list + l, cap - l, "%s%s", l ? ", " : "", what);
}

/* N from jcsi_udp_exchange on S: 1 if it answered (S is then one of the
   host's services); else WHAT goes to the closed or the silent list. */
static int answered(struct host *h, const struct jcsi_service *s,
		    ssize_t n, const char *what)
{
	if (n > 0) {
		jcsi_probe_add_service(h->p, s);
		h->spoke++;
		return 1;
	}
	if (n == JCSI_UDP_CLOSED)
		list_add(h->closed, sizeof(h->closed), what);
	else
		list_add(h->silent, sizeof(h->silent), what);
	return 0;
}

static int same_host(const struct host *h, const char *host)
{
	return !strcmp(host, h->base.addr) || !strcmp(host, h->base.host);
}

static void upnp_description(struct host *h, const struct jcsi_service *ssdp,
			     const char *location)
{
	struct jcsi_upnp_service sv[32];
	struct jcsi_http_reply r;
	struct jcsi_service web;
	struct jcsi_url u;
	char list[2048] = "", why[512];
	const char *igd = NULL;
	size_t n, l;

	if (!jcsi_url_parse(location, &u) || !same_host(h, u.host)) {
		/* never follow a device to another host */
		snprintf(why, sizeof(why), "LOCATION %.300s is not on the "
			 "target %s: not fetched", location, h->base.addr);
		jcsi_probe_limitation(h->p, "UPnP device description", why);
		return;
	}
	at_port(h, u.port, u.https ? "https" : "http", &web);
	web.transport = "tcp";
	web.tls = u.https;
	if (jcsi_http_get(h->p, &web, u.path, &r) != JCS_OK ||
	    r.status != 200) {
		snprintf(why, sizeof(why), "GET %.300s failed", location);
		jcsi_probe_limitation(h->p, "UPnP device description", why);
		jcsi_http_reply_free(&r);
		return;
	}
	n = jcsi_upnp_services(r.body, r.body_len, sv, 32);
	for (size_t i = 0; i < n; i++) {
		l = strlen(list);
		snprintf(list + l, sizeof(list) - l, "%s%.127s -> %.255s",
			 i ? "; " : "", sv[i].type, sv[i].control);
		if (!igd && jcsi_upnp_maps_ports(sv[i].type))
			igd = sv[i].type;
	}
	{
		char title[160], ev[2400];

		snprintf(title, sizeof(title), "UPnP device description lists "
			 "%zu service(s) with their control URLs", n);
		snprintf(ev, sizeof(ev), "%s: %s", location,
			 n ? list : "(no services)");
		jcsi_probe_observe(h->p, "live.upnp-services", ssdp, title, ev);
		if (igd) {
			snprintf(ev, sizeof(ev), "%.500s lists %.127s (AddPortMapping "
				 "without authentication): %.1700s", location, igd,
				 list);
			jcsi_probe_emit(h->p, "live.upnp-igd-exposed", ssdp,
					location, igd, ev);
		}
	}
	jcsi_http_reply_free(&r);
}

static void ssdp(struct host *h, uint8_t *buf)
{
	struct jcsi_service s;
	char req[512], hp[80], loc[512], server[128];
	size_t len;
	ssize_t n;
	int v6 = strchr(h->base.addr, ':') != NULL;

	at_port(h, 1900, "ssdp", &s);
	snprintf(hp, sizeof(hp), "%s%s%s:1900", v6 ? "[" : "", h->base.addr,
		 v6 ? "]" : "");
	len = jcsi_ssdp_msearch(hp, req, sizeof(req));
	n = jcsi_udp_exchange(&s, req, len, buf, JCSI_UDP_REPLY_MAX,
			      h->timeout, 0);
	/* the SERVER header names the UPnP stack: the service's product */
	if (n > 0 && jcsi_ssdp_header(buf, (size_t)n, "SERVER", server,
				      sizeof(server)))
		s.product = server;
	if (!answered(h, &s, n, "1900 (SSDP)"))
		return;
	if (!jcsi_ssdp_location(buf, (size_t)n, loc, sizeof(loc))) {
		jcsi_probe_limitation(h->p, "SSDP on UDP 1900",
				      "answered without a LOCATION");
		return;
	}
	upnp_description(h, &s, loc);
}

static void add_name(const char *name, void *user)
{
	char *list = user;
	size_t l = strlen(list);

	if (l < 1500)
		snprintf(list + l, 1600 - l, "%s%s", l ? ", " : "", name);
}

static void mdns(struct host *h, uint8_t *buf)
{
	struct jcsi_service s;
	uint8_t req[64];
	char list[1600] = "", title[128];
	ssize_t n;
	int k;

	at_port(h, 5353, "mdns", &s);
	n = jcsi_udp_exchange(&s, req, jcsi_mdns_query(req, sizeof(req)), buf,
			      JCSI_UDP_REPLY_MAX, h->timeout, 0);
	if (!answered(h, &s, n, "5353 (mDNS)"))
		return;
	k = jcsi_mdns_ptrs(buf, (size_t)n, add_name, list);
	if (k < 0) {
		jcsi_probe_limitation(h->p, "mDNS on UDP 5353",
				      "the answer is not a DNS response");
		return;
	}
	snprintf(title, sizeof(title), "mDNS responder answers unicast "
		 "queries and advertises %d service type(s)", k);
	jcsi_probe_observe(h->p, "live.mdns-advertised", &s, title,
			   k ? list : "(none)");
}

/* One GET with COMMUNITY in version V (1: v2c, 0: v1): -1 no answer,
   JCSI_UDP_CLOSED port closed, 0 answered with an error, 1 accepted
   (emitted). */
static int snmp_try(struct host *h, const struct jcsi_service *s,
		    const char *community, int v, int32_t id, uint8_t *buf,
		    char *descr, size_t dcap)
{
	struct jcsi_snmp_reply r;
	uint8_t req[128];
	char masked[64], ev[400];
	size_t len = jcsi_snmp_get_sysdescr(v, community, id, req, sizeof(req));
	ssize_t n = jcsi_udp_exchange(s, req, len, buf, JCSI_UDP_REPLY_MAX,
				      h->timeout, 0);

	if (n == JCSI_UDP_CLOSED)
		return JCSI_UDP_CLOSED;
	if (n <= 0 || !jcsi_snmp_parse(buf, (size_t)n, &r) || r.reqid != id)
		return -1;
	if (r.error_status != 0 && r.value[0] == '\0')
		return 0;
	jcsi_probe_mask(h->p, community, masked, sizeof(masked));
	snprintf(ev, sizeof(ev), "SNMP %s GET sysDescr.0 with community "
		 "\"%s\" -> \"%s\"", v ? "v2c" : "v1", masked, r.value);
	jcsi_probe_emit(h->p, "live.snmp-default-community", s, masked,
			v ? "v2c" : "v1", ev);
	snprintf(descr, dcap, "%s", r.value);
	return 1;
}

static void snmp(struct host *h, uint8_t *buf)
{
	static const char *const communities[] = {"public", "private"};
	unsigned tries = 0, max = jcsi_probe_max_attempts(h->p);
	struct jcsi_service s;
	int spoke = 0, closed = 0;
	char descr[256] = "";   /* sysDescr: the agent's product */

	at_port(h, 161, "snmp", &s);
	/* each GET is a login attempt: --max-attempts and --delay hold */
	for (size_t c = 0; c < 2; c++) {
		/* v2c first (what agents enable today), then v1 */
		for (int v = 1; v >= 0; v--) {
			int got;

			if (tries == max) {
				jcsi_probe_limitation(h->p, "SNMP communities "
						      "on UDP 161", "not all "
						      "tried: --max-attempts "
						      "reached");
				goto done;
			}
			if (tries++ && jcsi_probe_delay_ms(h->p))
				pause_ms(jcsi_probe_delay_ms(h->p));
			got = snmp_try(h, &s, communities[c], v,
				       (int32_t)(0x4a430000 + c * 2 +
						 (size_t)v),
				       buf, descr, sizeof(descr));
			if (got == JCSI_UDP_CLOSED) {
				/* one "port unreachable" is enough: more
				   requests only spend the host's ICMP rate
				   limit, which the next port needs */
				closed = 1;
				goto done;
			}
			if (got >= 0)
				spoke = 1;
			if (got == 1)
				break;
		}
	}
done:
	if (descr[0])
		s.product = descr;
	answered(h, &s, spoke ? 1 : closed ? JCSI_UDP_CLOSED : 0,
		 "161 (SNMP, communities public and private)");
}

static void tftp(struct host *h, uint8_t *buf)
{
	struct jcsi_service s;
	uint8_t req[128];
	char msg[128], ev[256];
	ssize_t n;
	int op;

	at_port(h, 69, "tftp", &s);
	n = jcsi_udp_exchange(&s, req,
			      jcsi_tftp_rrq("jcstar-probe-absent.txt", req,
					    sizeof(req)),
			      buf, JCSI_UDP_REPLY_MAX, h->timeout, 1);
	if (!answered(h, &s, n, "69 (TFTP)"))
		return;
	op = jcsi_tftp_parse(buf, (size_t)n, msg, sizeof(msg));
	if (!op) {
		jcsi_probe_limitation(h->p, "TFTP on UDP 69",
				      "answered, but not TFTP");
		return;
	}
	snprintf(ev, sizeof(ev), "RRQ jcstar-probe-absent.txt -> %s%s%s",
		 op == 3 ? "DATA" : op == 6 ? "OACK" : "ERROR",
		 op == 5 ? ": " : "", msg);
	jcsi_probe_emit(h->p, "live.tftp-open", &s, "69", NULL, ev);
}

static void coap(struct host *h, uint8_t *buf)
{
	struct jcsi_service s;
	struct jcsi_coap_msg m;
	uint8_t req[64];
	char list[1600] = "", ev[1800];
	uint16_t mid = (uint16_t)(0x4a00 | (time(NULL) & 0xff));
	ssize_t n;

	at_port(h, 5683, "coap", &s);
	n = jcsi_udp_exchange(&s, req,
			      jcsi_coap_get_core(mid, 0x4a43, req, sizeof(req)),
			      buf, JCSI_UDP_REPLY_MAX, h->timeout, 0);
	if (!answered(h, &s, n, "5683 (CoAP)"))
		return;
	if (!jcsi_coap_parse(buf, (size_t)n, &m) || m.mid != mid) {
		jcsi_probe_limitation(h->p, "CoAP on UDP 5683",
				      "answered, but not CoAP to our request");
		return;
	}
	if (m.payload)
		jcsi_coap_links(m.payload, m.payload_len, add_name, list);
	snprintf(ev, sizeof(ev), "GET /.well-known/core -> %d.%02d%s%s",
		 m.code / 100, m.code % 100, list[0] ? ", resources: " : "",
		 list);
	jcsi_probe_emit(h->p, "live.coap-open", &s, "5683",
			list[0] ? list : "no resource list", ev);
}

/* The UDP services asked, in this order (--udp-ports chooses). */
static const struct {
	unsigned port;
	void (*ask)(struct host *h, uint8_t *buf);
} udp_services[] = {
	{1900, ssdp}, {5353, mdns}, {161, snmp}, {69, tftp}, {5683, coap},
};
#define N_UDP (sizeof(udp_services) / sizeof(udp_services[0]))

int jcsi_udp_known(unsigned port)
{
	for (size_t k = 0; k < N_UDP; k++)
		if (udp_services[k].port == port)
			return 1;
	return 0;
}

/*
 * The services of one host are asked at the same time, one thread each:
 * a silent port costs two timeouts, and five of them in turn made a
 * filtered device the slowest part of a probe. Each thread writes into a
 * log of its own (probe_defer.h), replayed afterwards in the order of
 * udp_services, so the report is the same whichever answered first.
 */
struct ask_job {
	struct host h;              /* a copy per service: its own lists */
	size_t k;                   /* udp_services[k] */
	struct jcsi_probe_log *log;
	uint8_t *buf;
};

static void *ask_thread(void *arg)
{
	struct ask_job *j = arg;

	jcsi_probe_log_use(j->log);
	udp_services[j->k].ask(&j->h, j->buf);
	jcsi_probe_log_use(NULL);
	return NULL;
}

/* Asks every wanted service of H; merges the jobs' lists into H. Returns
   how many were asked. */
static unsigned ask_host(struct jcsi_probe *p, struct host *h)
{
	struct ask_job job[N_UDP];
	pthread_t th[N_UDP];
	int started[N_UDP] = {0};
	unsigned n = 0;

	for (size_t k = 0; k < N_UDP; k++) {
		if (!jcsi_probe_udp_port_wanted(p, udp_services[k].port))
			continue;
		job[n].h = *h;
		job[n].k = k;
		job[n].log = jcsi_probe_log_new();
		job[n].buf = jcsi_malloc(JCSI_UDP_REPLY_MAX);
		n++;
	}
	for (unsigned i = 0; i < n; i++)
		if (job[i].log && job[i].buf)
			started[i] = pthread_create(&th[i], NULL, ask_thread,
						    &job[i]) == 0;
	for (unsigned i = 0; i < n; i++) {
		if (started[i])
			pthread_join(th[i], NULL);
		else if (job[i].log && job[i].buf)
			ask_thread(&job[i]);   /* no thread: ask here */
		if (!job[i].log || !job[i].buf)
			jcsi_probe_limitation(p, "UDP service", "out of memory: "
					      "not asked");
		jcsi_probe_log_replay(p, job[i].log);
		jcsi_free(job[i].buf);
		list_add(h->silent, sizeof(h->silent), job[i].h.silent);
		list_add(h->closed, sizeof(h->closed), job[i].h.closed);
		h->spoke += job[i].h.spoke;
	}
	return n;
}

static jcs_rc run(struct jcsi_probe *p)
{
	unsigned asked = 0, reached = 0;

	for (size_t i = 0; i < jcsi_probe_host_count(p); i++) {
		struct host h;
		char what[160];

		if (jcsi_probe_expired(p)) {
			snprintf(what, sizeof(what), "UDP services of %zu "
				 "host(s)", jcsi_probe_host_count(p) - i);
			jcsi_probe_limitation(p, what, "not tested: --max-time "
					      "reached");
			break;
		}
		memset(&h, 0, sizeof(h));
		h.p = p;
		h.timeout = jcsi_probe_timeout_ms(p);
		if (jcsi_probe_host(p, i, &h.base))
			break;
		asked += ask_host(p, &h);
		if (h.spoke || h.closed[0])
			reached++;
		if (h.silent[0]) {
			snprintf(what, sizeof(what), "UDP on %s: %s",
				 h.base.addr, h.silent);
			jcsi_probe_limitation(p, what, "no answer, sent twice: "
					      "closed or filtered (UDP cannot "
					      "tell which), not tested");
		}
	}
	/* a port that answered, or that the host said is closed, was
	   examined; when every port stayed silent nothing was */
	if (!asked) {
		jcsi_probe_not_run(p, "--udp-ports none");
		jcsi_probe_limitation(p, "UDP services (SSDP, mDNS, SNMP, "
				      "TFTP, CoAP)", "not asked: --udp-ports "
				      "none");
	}
	else if (!reached)
		jcsi_probe_not_run(p, "no UDP port answered or was reported "
				   "closed (host down, or every port "
				   "filtered)");
	return JCS_OK;
}

const struct jcsi_probe_check jcsi_probe_check_udp = {
	"udp",
	"UDP services (SSDP/UPnP, mDNS, SNMP, TFTP, CoAP)",
	run,
	.tcp = 0,   /* asks the hosts directly */
};

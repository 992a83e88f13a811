/*
 * probe.c - `jcstar probe`: the runner. Checks the scope (only the hosts
 * given; ranges and many hosts need --i-own-this), resolves every name
 * once, discovers open TCP ports, identifies what answers on each, runs
 * every probe check over the services, and records in the result what
 * ran and what was not tested, and why.
 */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <jansson.h>

#include "../assess/catalog.h"
#include "../checks/rules.h"
#include "../core/mem.h"
#include "../result/result_int.h"
#include "probe.h"
#include "probe_defer.h"
#include "probe_int.h"

#define PROBE_CHECK(name) \
	extern const struct jcsi_probe_check jcsi_probe_check_##name;
#include "probe_list.h"
#undef PROBE_CHECK

const struct jcsi_probe_check *const jcsi_probe_checks[] = {
#define PROBE_CHECK(name) &jcsi_probe_check_##name,
#include "probe_list.h"
#undef PROBE_CHECK
	NULL,
};

/* The check families issue #6 asks for, with what each would have
   tested: one missing from probe_list.h is said in every result. */
static const struct {
	const char *name, *what;
} families[] = {
	{"tls", "TLS versions, cipher suites and certificates"},
	{"credentials", "default and weak credentials of the services"},
	{"lockout", "brute-force protection (--lockout-test)"},
	{"udp", "UDP services (SSDP/UPnP, mDNS, SNMP, TFTP, CoAP)"},
	{"http", "HTTP admin interfaces, logins and server versions"},
	{NULL, NULL},
};

struct jcsi_probe {
	const struct jcs_probe_opts *o;
	struct jcs_result *r;
	struct jcsi_rules *rules;
	struct jcsi_catalog *catalog;
	const char *data_dir;
	char password_list[4096];
	char user_list[4096];
	struct jcsi_target *t;
	size_t nt;
	struct jcsi_service *sv;
	size_t n;
	const char *current;     /* check running */
	const char *not_run;     /* set by jcsi_probe_not_run */
	char not_run_why[256];
	uint64_t deadline;
	json_t *udp_sv;          /* UDP services that answered */
	uint8_t udp_on[65536 / 8]; /* --udp-ports */
};

void jcs_probe_opts_default(struct jcs_probe_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->concurrency = 256;
	o->timeout_ms = 1000;
	o->max_attempts = 10;
	o->max_time_s = 600;
}

/* --- accessors of probe.h ------------------------------------------ */

size_t jcsi_probe_count(const struct jcsi_probe *p)
{
	return p->n;
}

const struct jcsi_service *jcsi_probe_service(const struct jcsi_probe *p,
					      size_t i)
{
	return i < p->n ? &p->sv[i] : NULL;
}

/* (added by the udp check, P4: the hosts themselves, for UDP) */
size_t jcsi_probe_host_count(const struct jcsi_probe *p)
{
	return p->nt;
}

int jcsi_probe_host(const struct jcsi_probe *p, size_t i,
		    struct jcsi_service *out)
{
	if (i >= p->nt)
		return -1;
	memset(out, 0, sizeof(*out));
	out->host = p->t[i].host;
	out->addr = p->t[i].addr;
	out->sa = p->t[i].sa;
	out->salen = p->t[i].salen;
	out->transport = "udp";
	out->name = "unknown";
	return 0;
}

void jcsi_probe_add_service(struct jcsi_probe *p,
			    const struct jcsi_service *s)
{
	json_t *o;

	if (jcsi_probe_log_current()) {
		jcsi_probe_log_service(jcsi_probe_log_current(), s);
		return;
	}
	o = json_pack("{s:s, s:s, s:i, s:s, s:s, s:b}", "host", s->host,
		      "address", s->addr, "port", (int)s->port, "transport",
		      s->transport, "name", s->name, "tls", s->tls != 0);
	if (!p->udp_sv)
		p->udp_sv = json_array();
	if (!o || !p->udp_sv || json_array_append_new(p->udp_sv, o))
		jcs_result_add_limitation(p->r, "services list", "out of "
					  "memory: a UDP service is missing");
	if (o && s->product)
		json_object_set_new(o, "product", json_string(s->product));
}

int jcsi_probe_udp_port_wanted(const struct jcsi_probe *p, unsigned port)
{
	return port < 65536 && (p->udp_on[port / 8] >> (port % 8) & 1);
}

static unsigned count_checks(void)
{
	unsigned n = 0;

	while (jcsi_probe_checks[n])
		n++;
	return n;
}

static void progress(const struct jcsi_probe *p, unsigned step,
		     const char *what)
{
	struct jcs_probe_progress pr = {step, 1 + count_checks(), what};

	if (p->o->progress)
		p->o->progress(&pr, p->o->progress_user);
}

/* --udp-ports: the known UDP services chosen (all by default). */
static jcs_rc udp_ports(struct jcsi_probe *p, char *err, size_t errlen)
{
	struct jcsi_portset *ps;
	jcs_rc rc;

	if (p->o->udp_ports && !strcmp(p->o->udp_ports, "none"))
		return JCS_OK;
	ps = jcsi_calloc(1, sizeof(*ps));
	if (!ps)
		return JCS_E_NOMEM;
	rc = p->o->udp_ports ? jcsi_ports_parse(p->o->udp_ports, ps, err,
						errlen) : JCS_OK;
	for (unsigned port = 1; rc == JCS_OK && port < 65536; port++) {
		if (p->o->udp_ports && !jcsi_ports_has(ps, port))
			continue;
		if (!jcsi_udp_known(port)) {
			if (!p->o->udp_ports)
				continue;
			snprintf(err, errlen, "--udp-ports: no check asks UDP "
				 "%u (known: 1900 SSDP, 5353 mDNS, 161 SNMP, "
				 "69 TFTP, 5683 CoAP; or none)", port);
			rc = JCS_E_ARG;
			break;
		}
		p->udp_on[port / 8] |= (uint8_t)(1u << (port % 8));
	}
	jcsi_free(ps);
	return rc;
}

int jcsi_probe_expired(const struct jcsi_probe *p)
{
	return jcsi_now_ms() >= p->deadline;
}

int jcsi_probe_timeout_ms(const struct jcsi_probe *p)
{
	return p->o->timeout_ms;
}

unsigned jcsi_probe_max_attempts(const struct jcsi_probe *p)
{
	return p->o->max_attempts;
}

unsigned jcsi_probe_delay_ms(const struct jcsi_probe *p)
{
	return p->o->delay_ms;
}

int jcsi_probe_lockout_test(const struct jcsi_probe *p)
{
	return p->o->lockout_test;
}

int jcsi_probe_show_secrets(const struct jcsi_probe *p)
{
	return p->o->show_secrets;
}

uint64_t jcsi_probe_time_left_ms(const struct jcsi_probe *p)
{
	uint64_t now = jcsi_now_ms();

	return now < p->deadline ? p->deadline - now : 0;
}

const char *jcsi_probe_data_dir(const struct jcsi_probe *p)
{
	return p->data_dir;
}

const char *jcsi_probe_password_list(const struct jcsi_probe *p)
{
	return p->password_list;
}

const char *jcsi_probe_user_list(const struct jcsi_probe *p)
{
	return p->user_list;
}

const char *jcsi_probe_login_url(const struct jcsi_probe *p)
{
	return p->o->login_url;
}

const char *jcsi_probe_user_field(const struct jcsi_probe *p)
{
	return p->o->user_field;
}

const char *jcsi_probe_pass_field(const struct jcsi_probe *p)
{
	return p->o->pass_field;
}

void jcsi_probe_mask(const struct jcsi_probe *p, const char *secret,
		     char *out, size_t len)
{
	jcsi_mask_secret(p->o->show_secrets, secret, out, len);
}

void jcsi_probe_limitation(struct jcsi_probe *p, const char *what,
			   const char *why)
{
	if (jcsi_probe_log_current()) {
		jcsi_probe_log_limitation(jcsi_probe_log_current(), what, why);
		return;
	}
	jcs_result_add_limitation(p->r, what, why);
}

void jcsi_probe_not_run(struct jcsi_probe *p, const char *why)
{
	p->not_run = p->current;
	snprintf(p->not_run_why, sizeof(p->not_run_why), "%s", why);
}

static void locate(struct jcs_location *l, const struct jcsi_service *s)
{
	if (!s)
		return;
	l->host = s->host;
	l->port = s->port;
	l->protocol = s->name;
}

void jcsi_probe_emit(struct jcsi_probe *p, const char *rule,
		     const struct jcsi_service *s, const char *subject,
		     const char *detail, const char *evidence)
{
	struct jcsi_rule_hit h = {
		.rule = rule, .severity = -1, .subject = subject,
		.detail = detail, .evidence = evidence,
	};
	char by[128];

	if (jcsi_probe_log_current()) {
		jcsi_probe_log_emit(jcsi_probe_log_current(), rule, s, subject,
				    detail, evidence);
		return;
	}
	locate(&h.location, s);
	if (!s && p->nt)
		h.location.host = p->t[0].host;
	snprintf(by, sizeof(by), "probe check %s",
		 p->current ? p->current : "?");
	jcsi_rule_finding(p->r, p->rules, p->catalog, &h, by);
}

void jcsi_probe_observe(struct jcsi_probe *p, const char *id,
			const struct jcsi_service *s, const char *title,
			const char *evidence)
{
	struct jcs_observation ob;

	if (jcsi_probe_log_current()) {
		jcsi_probe_log_observe(jcsi_probe_log_current(), id, s, title,
				       evidence);
		return;
	}
	memset(&ob, 0, sizeof(ob));
	ob.id = id;
	ob.title = title;
	ob.evidence = evidence;
	locate(&ob.location, s);
	if (jcs_result_add_observation(p->r, &ob) != JCS_OK) {
		char what[256];

		snprintf(what, sizeof(what), "observation %s (probe check %s)",
			 id, p->current ? p->current : "?");
		jcs_result_add_limitation(p->r, what, "malformed id or title, "
					  "or out of memory: dropped");
	}
}

/* The `services` array of the result. */
static jcs_rc services_json(struct jcsi_probe *p)
{
	json_t *a = json_array();

	if (!a)
		return JCS_E_NOMEM;
	for (size_t i = 0; i < p->n; i++) {
		const struct jcsi_service *s = &p->sv[i];
		json_t *o = json_pack("{s:s, s:s, s:i, s:s, s:s, s:b}",
				      "host", s->host, "address", s->addr,
				      "port", (int)s->port, "transport",
				      s->transport, "name", s->name, "tls",
				      s->tls != 0);

		if (!o || json_array_append_new(a, o)) {
			json_decref(a);
			return JCS_E_NOMEM;
		}
		if (s->banner)
			json_object_set_new(o, "banner", json_string(s->banner));
		if (s->product)
			json_object_set_new(o, "product",
					    json_string(s->product));
	}
	if (p->udp_sv && json_array_extend(a, p->udp_sv)) {
		json_decref(a);
		return JCS_E_NOMEM;
	}
	return jcsi_result_set(p->r, "services", a);
}

static jcs_rc load_ports(struct jcsi_probe *p, struct jcsi_portset *ps,
			 char *err, size_t errlen)
{
	char path[4096];
	jcs_rc rc;

	snprintf(path, sizeof(path), "%s/probe/ports.tsv", p->data_dir);
	rc = jcsi_ports_load(path, ps, p->o->ports || p->o->all_ports, err,
			     errlen);
	if (rc != JCS_OK)
		return rc;
	if (p->o->all_ports)
		jcsi_ports_all(ps);
	else if (p->o->ports)
		rc = jcsi_ports_parse(p->o->ports, ps, err, errlen);
	return rc;
}

static void run_checks(struct jcsi_probe *p)
{
	char no_tcp[256];

	/* no TCP port answered: the host is down, or nothing listens on
	   the ports scanned; the TCP checks would judge nothing */
	snprintf(no_tcp, sizeof(no_tcp), "no TCP port of %s%s answered "
		 "(unreachable, or nothing listens on the ports scanned)",
		 p->nt ? p->t[0].host : "the host", p->nt > 1 ?
		 " and the other hosts" : "");
	if (!p->n && !p->o->discovery_only)
		jcsi_probe_limitation(p, "TCP checks", no_tcp);
	if (p->o->discovery_only) {
		for (size_t i = 0; jcsi_probe_checks[i]; i++)
			jcs_result_add_check(p->r, jcsi_probe_checks[i]->name,
					     "live", "not-run",
					     "--discovery-only");
		jcsi_probe_limitation(p, "every probe check", "not run: "
				      "--discovery-only (services listed, "
				      "nothing judged)");
	}
	for (size_t i = 0; jcsi_probe_checks[i] && !p->o->discovery_only;
	     i++) {
		const struct jcsi_probe_check *c = jcsi_probe_checks[i];
		jcs_rc crc;

		if (jcsi_now_ms() >= p->deadline) {
			jcs_result_add_check(p->r, c->name, "live", "not-run",
					     "--max-time reached");
			jcsi_probe_limitation(p, c->summary, "not run: "
					      "--max-time reached");
			continue;
		}
		progress(p, (unsigned)i + 2, c->summary);
		if (c->tcp && !p->n) {
			jcs_result_add_check(p->r, c->name, "live", "not-run",
					     no_tcp);
			continue;
		}
		p->current = c->name;
		p->not_run = NULL;
		crc = c->run(p);
		if (crc != JCS_OK) {
			jcsi_probe_limitation(p, c->summary, jcs_strerror(crc));
			jcs_result_add_check(p->r, c->name, "live", "failed",
					     jcs_strerror(crc));
		} else if (p->not_run) {
			jcs_result_add_check(p->r, c->name, "live", "not-run",
					     p->not_run_why);
		} else {
			jcs_result_add_check(p->r, c->name, "live", "ran",
					     NULL);
		}
	}
	p->current = NULL;
	for (size_t f = 0; families[f].name; f++) {
		size_t i;

		for (i = 0; jcsi_probe_checks[i]; i++)
			if (!strcmp(jcsi_probe_checks[i]->name,
				    families[f].name))
				break;
		if (jcsi_probe_checks[i])
			continue;
		jcs_result_add_check(p->r, families[f].name, "live", "not-run",
				     "not implemented yet in this version");
		jcsi_probe_limitation(p, families[f].what,
				      "not implemented yet in this version");
	}
}

static void scan_limitations(struct jcsi_probe *p,
			     const struct jcsi_portset *ps,
			     const struct jcsi_scan_stats *st)
{
	char what[160], why[200];

	if (st->deadline_hit) {
		snprintf(what, sizeof(what), "TCP ports (%llu of %zu tried)",
			 (unsigned long long)st->tried, ps->n * p->nt);
		jcsi_probe_limitation(p, what, "not all scanned: --max-time "
				      "reached");
	}
	if (st->filtered) {
		snprintf(what, sizeof(what), "%llu TCP ports",
			 (unsigned long long)st->filtered);
		snprintf(why, sizeof(why), "filtered (no answer within %d ms): "
			 "a service behind them was not tested",
			 p->o->timeout_ms);
		jcsi_probe_limitation(p, what, why);
	}
	if (ps->n < 65535) {
		snprintf(what, sizeof(what), "%zu TCP ports not in the list",
			 (size_t)65535 - ps->n);
		jcsi_probe_limitation(p, what, "not scanned (--ports, or the "
				      "common IoT ports by default): use "
				      "--all-ports");
	}
}

static void free_probe(struct jcsi_probe *p)
{
	jcsi_services_free(p->sv, p->n);
	jcsi_probe_targets_free(p->t, p->nt);
	jcsi_rules_free(p->rules);
	jcsi_catalog_free(p->catalog);
	json_decref(p->udp_sv);
}

jcs_rc jcs_probe(const struct jcs_probe_opts *o, struct jcs_result *r,
		 char *err, size_t errlen)
{
	struct jcsi_probe p;
	struct jcsi_portset *ps = NULL;
	struct jcsi_scan_opts so;
	struct jcsi_scan_stats st;
	size_t undone = 0;
	jcs_rc rc;

	if (errlen)
		err[0] = '\0';
	if (!o || !r)
		return JCS_E_ARG;
	memset(&p, 0, sizeof(p));
	p.o = o;
	p.r = r;
	p.deadline = jcsi_now_ms() + (uint64_t)(o->max_time_s ? o->max_time_s
							      : 600) * 1000u;
	if (o->timeout_ms <= 0 || o->concurrency == 0) {
		snprintf(err, errlen, "timeout and concurrency must be "
			 "positive");
		return JCS_E_ARG;
	}
	rc = jcsi_probe_scope(o->hosts, o->nhosts, o->own_this, err, errlen);
	if (rc != JCS_OK)
		return rc;
	p.data_dir = jcsi_data_dir(o->data_dir);
	snprintf(p.password_list, sizeof(p.password_list), "%s",
		 o->password_list ? o->password_list : "");
	if (!o->password_list)
		snprintf(p.password_list, sizeof(p.password_list),
			 "%s/passwords/iot-default.txt", p.data_dir);
	snprintf(p.user_list, sizeof(p.user_list), "%s/probe/users.txt",
		 p.data_dir);
	ps = jcsi_calloc(1, sizeof(*ps));
	if (!ps)
		return JCS_E_NOMEM;
	rc = load_ports(&p, ps, err, errlen);
	if (rc != JCS_OK)
		goto out;
	rc = udp_ports(&p, err, errlen);
	if (rc != JCS_OK)
		goto out;
	rc = jcsi_rules_with_catalog(p.data_dir, r, &p.rules, &p.catalog, err,
				     errlen);
	if (rc != JCS_OK)
		goto out;
	rc = jcsi_probe_targets(o->hosts, o->nhosts, &p.t, &p.nt, err, errlen);
	if (rc != JCS_OK)
		goto out;
	if (p.nt > JCSI_PROBE_MAX_HOSTS_UNCONFIRMED && !o->own_this) {
		snprintf(err, errlen, "%zu hosts: more than %d need "
			 "--i-own-this", p.nt, JCSI_PROBE_MAX_HOSTS_UNCONFIRMED);
		rc = JCS_E_ARG;
		goto out;
	}
	memset(&so, 0, sizeof(so));
	so.concurrency = o->concurrency;
	{
		/* descriptors for the scan, and some for identification and
		   the checks: more in flight than the limit only fails */
		struct rlimit rl;

		if (getrlimit(RLIMIT_NOFILE, &rl) == 0 &&
		    rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur > 256 &&
		    so.concurrency > rl.rlim_cur - 128) {
			char why[160];

			so.concurrency = (unsigned)(rl.rlim_cur - 128);
			snprintf(why, sizeof(why), "lowered to %u: the limit of "
				 "open files is %llu (ulimit -n)",
				 so.concurrency,
				 (unsigned long long)rl.rlim_cur);
			jcsi_probe_limitation(&p, "--concurrency", why);
		}
	}
	so.rate = o->rate;
	so.timeout_ms = o->timeout_ms;
	so.deadline_ms = p.deadline;
	{
		char what[128];

		snprintf(what, sizeof(what), "TCP discovery: %zu ports on %zu "
			 "host(s)", ps->n, p.nt);
		progress(&p, 1, what);
	}
	rc = jcsi_probe_discover(&p, p.t, p.nt, ps, &so, &p.sv, &p.n, &st,
				 &undone);
	if (rc != JCS_OK) {
		snprintf(err, errlen, "TCP scan: %s", jcs_strerror(rc));
		goto out;
	}
	if (undone) {
		char what[128];

		snprintf(what, sizeof(what), "identification of %zu open "
			 "ports", undone);
		jcsi_probe_limitation(&p, what, "not done: --max-time reached; "
				      "listed as unknown, no check judged "
				      "them by protocol");
	}
	jcs_result_add_check(r, "discovery", "live", "ran", NULL);
	scan_limitations(&p, ps, &st);
	run_checks(&p);
	rc = services_json(&p);
out:
	jcsi_free(ps);
	free_probe(&p);
	jcs_result_finish(r);
	return rc;
}

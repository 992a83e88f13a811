/*
 * probe_int.h - the probe core's own pieces (runner, scanner,
 * identification), apart from probe.h, the contract with the checks.
 * Declared here so the unit tests and the fuzz target reach them.
 */
#ifndef JCSTAR_PROBE_INT_H
#define JCSTAR_PROBE_INT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "jcstar/jcstar.h"

/* --- port sets (probe_ports.c) ------------------------------------- */

/* A set of TCP ports, 1-65535, with a service hint per port from
   data/probe/ports.tsv (hint[p]: index into a fixed name list; 0 none). */
struct jcsi_portset {
	uint8_t bits[65536 / 8];
	uint8_t hint[65536];    /* index into the hint names; 0: none */
	size_t n;
};

/* The service ports.tsv expects on PORT ("telnet", "https"...); NULL. */
const char *jcsi_ports_hint(const struct jcsi_portset *ps, unsigned port);

void jcsi_ports_clear(struct jcsi_portset *ps);
void jcsi_ports_add(struct jcsi_portset *ps, unsigned port);
int jcsi_ports_has(const struct jcsi_portset *ps, unsigned port);
void jcsi_ports_all(struct jcsi_portset *ps);
/* "22,80,8000-8100": JCS_E_ARG with ERR saying which part is wrong
   (empty items, 0, > 65535, reversed ranges, junk). */
jcs_rc jcsi_ports_parse(const char *list, struct jcsi_portset *ps, char *err,
			size_t errlen);
/* data/probe/ports.tsv: port TAB service-hint; errors "file:line".
   HINTS_ONLY: record the hints, add no port (--ports, --all-ports). */
jcs_rc jcsi_ports_load(const char *path, struct jcsi_portset *ps,
		       int hints_only, char *err, size_t errlen);

/* Whether the udp check knows how to ask UDP PORT (probe_udp.c). */
int jcsi_udp_known(unsigned port);

/* --- scope (probe_scope.c) ----------------------------------------- */

/* The most hosts probed without --i-own-this. */
#define JCSI_PROBE_MAX_HOSTS_UNCONFIRMED 4
/* The largest range expanded even with --i-own-this (a /16). */
#define JCSI_PROBE_MAX_HOSTS 65536

struct jcsi_target {
	char *host;     /* as given, or the address of a range member */
	char *addr;     /* numeric */
	struct sockaddr_storage sa; /* port 0 */
	socklen_t salen;
};

/* Nonzero if SPEC is a range ("192.0.2.0/24", "2001:db8::/64"). */
int jcsi_probe_is_range(const char *spec);
/* Scope rules: ranges, or more than JCSI_PROBE_MAX_HOSTS_UNCONFIRMED
   hosts, need OWN (--i-own-this). JCS_E_ARG with ERR saying why. */
jcs_rc jcsi_probe_scope(const char *const *hosts, size_t n, int own,
			char *err, size_t errlen);
/* Resolve HOSTS (address literals, names through getaddrinfo once, IPv4
   ranges expanded) into *OUT; names that do not resolve are an error. */
jcs_rc jcsi_probe_targets(const char *const *hosts, size_t n,
			  struct jcsi_target **out, size_t *nout, char *err,
			  size_t errlen);
void jcsi_probe_targets_free(struct jcsi_target *t, size_t n);

/* --- TCP connect scan (probe_scan.c) ------------------------------- */

struct jcsi_scan_opts {
	unsigned concurrency;   /* connections in flight */
	unsigned rate;          /* new connections per second; 0: no limit */
	int timeout_ms;         /* per connection attempt */
	uint64_t deadline_ms;   /* monotonic ms; 0: none */
};

struct jcsi_scan_stats {
	uint64_t tried, open, closed, filtered, errors;
	int deadline_hit;
};

/* Called for each open port (TARGET index, port). */
typedef void (*jcsi_open_fn)(size_t target, uint16_t port, void *user);

jcs_rc jcsi_tcp_scan(const struct jcsi_target *t, size_t nt,
		     const struct jcsi_portset *ps,
		     const struct jcsi_scan_opts *o, jcsi_open_fn fn,
		     void *user, struct jcsi_scan_stats *st);

/* Monotonic milliseconds. */
uint64_t jcsi_now_ms(void);

/* --- discovery + identification (probe_discover.c) ----------------- */

struct jcsi_probe;
struct jcsi_service;
/* Scan T for the ports of PS and identify every open one as it is found
   (threads); *OUT: the services in (target, port) order, banner and
   product owned (jcsi_services_free). *UNIDENTIFIED: open ports left
   "unknown" because the deadline of SO passed. */
jcs_rc jcsi_probe_discover(const struct jcsi_probe *p,
			   const struct jcsi_target *t, size_t nt,
			   const struct jcsi_portset *ps,
			   const struct jcsi_scan_opts *so,
			   struct jcsi_service **out, size_t *nout,
			   struct jcsi_scan_stats *st, size_t *unidentified);
void jcsi_services_free(struct jcsi_service *s, size_t n);

/* --- identification (probe_ident.c) -------------------------------- */

/* What was sent before the bytes being classified. */
enum jcsi_ident_probe {
	JCSI_ID_GREETING,  /* nothing: the server spoke first */
	JCSI_ID_HTTP,      /* "HEAD / HTTP/1.0" */
	JCSI_ID_RTSP,      /* "OPTIONS * RTSP/1.0" */
	JCSI_ID_MQTT,      /* MQTT 3.1.1 CONNECT */
	JCSI_ID_TLS,       /* a TLS ClientHello */
	JCSI_ID_FTP_AUTH   /* "AUTH TLS" after an FTP greeting */
};

struct jcsi_ident {
	char name[16];      /* probe.h's service names; "" not recognised */
	char product[128];  /* "" unknown */
	char banner[256];   /* printable first line(s); "" none */
	int tls;            /* a TLS record answered */
	int ftp_tls;        /* JCSI_ID_FTP_AUTH: 234 accepted */
};

/* Classify LEN bytes received after sending PROBE. Pure: never reads past
   LEN, never allocates. Returns 1 if recognised (ID->name set). */
int jcsi_ident_classify(enum jcsi_ident_probe probe, const uint8_t *buf,
			size_t len, struct jcsi_ident *id);

/* The bytes to send for PROBE (static); *LEN set. NULL for GREETING. */
const uint8_t *jcsi_ident_request(enum jcsi_ident_probe probe, size_t *len);

/* Printable copy of BUF for evidence: control bytes and telnet IAC
   sequences dropped, lines joined with " | ", cut to CAP. */
void jcsi_ident_printable(const uint8_t *buf, size_t len, char *out,
			  size_t cap);

struct jcsi_probe;
struct jcsi_service;
/* Identify the open service S into *ID (connects; timeouts of P); HINT:
   what ports.tsv expects there, asked first (NULL: none). */
void jcsi_probe_identify(const struct jcsi_probe *p,
			 const struct jcsi_service *s, const char *hint,
			 struct jcsi_ident *id);
/* S speaks TLS: what runs inside it, through OpenSSL (https, mqtts;
   "tls" when neither answers). */
void jcsi_probe_identify_tls(const struct jcsi_probe *p,
			     const struct jcsi_service *s,
			     struct jcsi_ident *id);

#endif

/*
 * probe.h - `jcstar probe`: the live device's network face, checked the
 * way a JC-STAR tester would. The interface between the probe runner
 * (probe.c: scope, port discovery, service identification) and the probe
 * checks (one file per family: probe_<family>.c), like lib/checks for
 * firmware. For lib/probe only.
 *
 * Safety: only the hosts and ports given are ever contacted; every
 * network operation has a timeout; credential checks honour the attempt
 * limit and delay of the options, and stop at the first success per
 * service.
 */
#ifndef JCSTAR_PROBE_H
#define JCSTAR_PROBE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "jcstar/jcstar.h"

struct jcsi_probe;

/* A reachable service found by discovery and identification. */
struct jcsi_service {
	const char *host;          /* as given (name or address literal) */
	const char *addr;          /* numeric address, "192.0.2.1" / "::1" */
	struct sockaddr_storage sa;/* address with the port set */
	socklen_t salen;
	uint16_t port;
	const char *transport;     /* "tcp" or "udp" */
	const char *name;          /* identified: "telnet", "ftp", "ssh",
				      "http", "https", "rtsp", "mqtt",
				      "mqtts", "tls" (TLS, protocol inside
				      unknown), "snmp", "ssdp", "mdns",
				      "tftp", "coap", or "unknown" */
	int tls;                   /* speaks TLS on connect */
	const char *banner;        /* first line(s) seen, printable; NULL */
	const char *product;       /* server product/version if announced
				      ("dropbear_2022.83", "lighttpd/1.4.69");
				      NULL */
	int starttls;              /* upgrades to TLS on request (FTP that
				      accepts AUTH TLS); tls stays 0 */
};

/* A probe check: runs over the identified services. */
struct jcsi_probe_check {
	const char *name;          /* "tls": matches data/rules/probe-*.tsv */
	const char *summary;
	jcs_rc (*run)(struct jcsi_probe *p);
	int tcp;                   /* looks only at the TCP services found:
				      when no TCP port answered, the runner
				      records it not-run (nothing examined)
				      instead of running it */
};

/* Every probe check, NULL-terminated (probe_list.h). */
extern const struct jcsi_probe_check *const jcsi_probe_checks[];

/* Services found (discovery + identification), in (host, transport,
   port) order. */
size_t jcsi_probe_count(const struct jcsi_probe *p);
const struct jcsi_service *jcsi_probe_service(const struct jcsi_probe *p,
					      size_t i);

/* The hosts probed, whatever discovery found on them (checks that
   contact a host directly, not a discovered TCP service: UDP). Fills
   OUT with host, addr, sa/salen (port 0), port 0, transport "udp",
   name "unknown"; the strings live as long as P. 0, or -1 if I is out
   of range. (Added by the udp check.) */
size_t jcsi_probe_host_count(const struct jcsi_probe *p);
int jcsi_probe_host(const struct jcsi_probe *p, size_t i,
		    struct jcsi_service *out);
/* S (a UDP service that answered) joins the `services` of the result.
   This and the other output functions below write the result: from the
   check's own thread, or from a thread that records into a log of
   probe_defer.h. */
void jcsi_probe_add_service(struct jcsi_probe *p,
			    const struct jcsi_service *s);
/* --udp-ports: whether UDP PORT may be asked (1), or was left out. */
int jcsi_probe_udp_port_wanted(const struct jcsi_probe *p, unsigned port);
/* Nonzero once --max-time has passed: a check that loops over many
   hosts or services stops and says what it left out. (Added by the udp
   check.) */
int jcsi_probe_expired(const struct jcsi_probe *p);

/* The options a check needs. */
int jcsi_probe_timeout_ms(const struct jcsi_probe *p);   /* per operation */
unsigned jcsi_probe_max_attempts(const struct jcsi_probe *p); /* per service */
unsigned jcsi_probe_delay_ms(const struct jcsi_probe *p);    /* between attempts */
int jcsi_probe_lockout_test(const struct jcsi_probe *p); /* --lockout-test N; 0 off */
int jcsi_probe_show_secrets(const struct jcsi_probe *p);
/* Milliseconds left before --max-time; 0 when it has passed: a long
   check stops there and says what it did not do (limitation). */
uint64_t jcsi_probe_time_left_ms(const struct jcsi_probe *p);
const char *jcsi_probe_data_dir(const struct jcsi_probe *p);
/* The default/weak password list (same file as `scan`: --passwords or
   data/passwords/iot-default.txt) and the user names to try with it
   (data/probe/users.txt). */
const char *jcsi_probe_password_list(const struct jcsi_probe *p);
const char *jcsi_probe_user_list(const struct jcsi_probe *p);
/* --login-url / --user-field / --pass-field for HTTP form logins; NULL. */
const char *jcsi_probe_login_url(const struct jcsi_probe *p);
const char *jcsi_probe_user_field(const struct jcsi_probe *p);
const char *jcsi_probe_pass_field(const struct jcsi_probe *p);

/*
 * Emit a finding of RULE (data/rules/probe-<family>.tsv gives category,
 * severity and title template with up to two "{}": SUBJECT, DETAIL) at
 * service S (location host, port, protocol = S->name; S MAY be NULL for
 * host-wide findings). EVIDENCE is already masked by the check.
 */
void jcsi_probe_emit(struct jcsi_probe *p, const char *rule,
		     const struct jcsi_service *s, const char *subject,
		     const char *detail, const char *evidence);
/* Positive evidence (e.g. live.lockout-seen, live.tls-only). */
void jcsi_probe_observe(struct jcsi_probe *p, const char *id,
			const struct jcsi_service *s, const char *title,
			const char *evidence);
/* Something that could not be tested, and why. */
void jcsi_probe_limitation(struct jcsi_probe *p, const char *what,
			   const char *why);
/* The running check did not run (an option off, a tool missing): the
   runner records it as not-run with WHY instead of ran. */
void jcsi_probe_not_run(struct jcsi_probe *p, const char *why);
/* Mask a secret for evidence unless --show-secrets ("ad***"). */
void jcsi_probe_mask(const struct jcsi_probe *p, const char *secret,
		     char *out, size_t len);

/*
 * Network helpers every check uses (probe_net.c): a TCP connection to S
 * with the probe's timeout (-1 and errno on failure); reading with a
 * deadline; writing all. All sockets are non-blocking + poll().
 */
int jcsi_probe_connect(const struct jcsi_probe *p,
		       const struct jcsi_service *s);
/* The same, ready for a TLS ClientHello: on a service that upgrades on
   request (starttls: FTP's AUTH TLS) the upgrade is asked first. -1 and
   errno (EPROTO: the upgrade was refused). */
int jcsi_probe_connect_tls(const struct jcsi_probe *p,
			   const struct jcsi_service *s);
/* Reads up to LEN bytes, waiting at most TIMEOUT_MS for the first;
   returns bytes read, 0 on EOF, -1 on error/timeout. */
/* The same to any address (no service yet): the socket, or -1. */
int jcsi_net_connect(const struct sockaddr *sa, socklen_t salen,
		     int timeout_ms);
ssize_t jcsi_net_read(int fd, void *buf, size_t len, int timeout_ms);
int jcsi_net_write_all(int fd, const void *buf, size_t len, int timeout_ms);
/* A non-blocking OpenSSL call failed with SSL_ERR (SSL_get_error()): waits
   at most TIMEOUT_MS for FD to become as ready as it asks. 0: call again;
   -1: time is up, or the error is not a wish to wait. */
int jcsi_tls_wait(int fd, int ssl_err, int timeout_ms);

#endif

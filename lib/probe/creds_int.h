/*
 * creds_int.h - the login protocols of the "credentials" and "lockout"
 * probe checks. One file per protocol (creds_<proto>.c) fills a struct
 * jcsi_login_proto; probe_creds.c tries the pairs of creds_list.c through
 * it and probe_lockout.c sends wrong logins through it.
 */
#ifndef JCSTAR_PROBE_CREDS_INT_H
#define JCSTAR_PROBE_CREDS_INT_H

#include <stdatomic.h>
#include <stddef.h>

#include "lib/probe/creds_text.h"
#include "lib/probe/probe.h"

enum jcsi_login_res {
	JCSI_LOGIN_OK,       /* the pair was accepted */
	JCSI_LOGIN_FAIL,     /* the pair was refused, the service answered */
	JCSI_LOGIN_NONE,     /* no login needed at all (prepare only) */
	JCSI_LOGIN_REFUSED,  /* the service refused to talk (connection
				refused/reset, 421, 429, "too many"): a
				lockout or rate limit, stop */
	JCSI_LOGIN_ERROR,    /* network/protocol error; WHY says */
	JCSI_LOGIN_SKIP      /* cannot be tested (no password method,
				nothing protected...); WHY says */
};

/* One service being logged in to; the protocol keeps its state here. */
struct jcsi_login {
	struct jcsi_probe *p;
	const struct jcsi_service *s;
	int timeout_ms;
	char why[256];            /* for ERROR/SKIP/REFUSED and evidence */
	int timed_out;            /* the last jcsi_login_read got nothing
				     within the timeout (not closed) */
	/* HTTP/RTSP: the protected path and its challenge */
	char path[256];
	enum jcsi_auth_scheme scheme;
	struct jcsi_digest_chal chal;
	/* HTTP form login: the baseline answer to a wrong password */
	int form_status;
	int form_has_pw;
	char form_location[256];
	char form_cookie[64];
	unsigned seq;             /* RTSP CSeq, digest cnonce */
	void *state;              /* protocol private (e.g. ssh session) */
	/* MAY be NULL; set when another login of the same search already
	   settled it: waiting answers are abandoned (JCSI_LOGIN_ERROR,
	   "cancelled"), so a server's delay on wrong passwords in flight
	   does not hold the search once a pair worked */
	atomic_int *cancel;
};

/* Whether L's search no longer needs this attempt. */
int jcsi_login_cancelled(const struct jcsi_login *l);

/*
 * How long an answer to a login may take: servers delay their answer to
 * a wrong password on purpose (PAM's pam_faildelay 2 s, busybox login
 * 3 s, vsftpd 1 s, lighttpd), so the probe's per-operation timeout
 * (1 s by default) is raised to this for logins.
 */
#define JCSI_LOGIN_ANSWER_MS 6000

struct jcsi_login_proto {
	const char *service;      /* jcsi_service.name it handles */
	const char *label;        /* "HTTP Basic", for titles */
	/* MAY be NULL. Before any pair: find what to log in to; NONE when
	   the service lets anyone in (then NONE_RULE is emitted), SKIP when
	   there is nothing to test. */
	enum jcsi_login_res (*prepare)(struct jcsi_login *l);
	/* MUST: one login with USER/PASS. */
	enum jcsi_login_res (*attempt)(struct jcsi_login *l, const char *user,
				       const char *pass);
	/* MAY be NULL: frees STATE. */
	void (*finish)(struct jcsi_login *l);
	const char *none_rule;    /* live.telnet-no-login...; NULL */
	int none_stops;           /* after NONE no pair is tried (a broker
				     that takes anyone takes any pair) */
	int one_at_a_time;        /* no parallel logins: busybox telnetd
				     listens with a backlog of 1, parallel
				     connections time out */
};

extern const struct jcsi_login_proto jcsi_login_telnet;
extern const struct jcsi_login_proto jcsi_login_ftp;
extern const struct jcsi_login_proto jcsi_login_http;
extern const struct jcsi_login_proto jcsi_login_http_form;
extern const struct jcsi_login_proto jcsi_login_rtsp;
extern const struct jcsi_login_proto jcsi_login_mqtt;
extern const struct jcsi_login_proto jcsi_login_ssh;

/* The protocol for service S (NULL: none); FORM: the form login. */
const struct jcsi_login_proto *jcsi_login_for(const struct jcsi_service *s);

/* Connects to L's service with its timeout; -1 with WHY set (REFUSED
   when the peer refused or reset, ERROR else via *RES). */
int jcsi_login_connect(struct jcsi_login *l, enum jcsi_login_res *res);

/* Reads from C into BUF (CAP, NUL kept room for) until DONE says enough,
   the login timeout, or cancellation: returns bytes read, -1 when
   nothing arrived / error. */
typedef int (*jcsi_login_done_fn)(const char *buf, size_t len, void *u);
struct jcsi_conn;
ssize_t jcsi_login_read(struct jcsi_login *l, struct jcsi_conn *c,
			char *buf, size_t cap, jcsi_login_done_fn done,
			void *u);

/* An HTTP/RTSP exchange: sends REQ, reads the whole answer (headers +
   Content-Length body or until close, at most CAP), parses it. -1 with
   *RES set on connection trouble. */
ssize_t jcsi_login_exchange(struct jcsi_login *l, const char *req, char *buf,
			size_t cap, struct jcsi_http_resp *r,
			enum jcsi_login_res *res);

/* The Authorization value for USER/PASS under L's scheme and challenge
   (Basic, or Digest over METHOD and URI); -1 if it cannot be built. */
int jcsi_login_auth_header(struct jcsi_login *l, const char *method,
			   const char *uri, const char *user,
			   const char *pass, char *out, size_t len);

/* The checks (probe_list.h). */
extern const struct jcsi_probe_check jcsi_probe_check_credentials;
extern const struct jcsi_probe_check jcsi_probe_check_lockout;

#endif

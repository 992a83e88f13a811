/*
 * creds_ftp.c - FTP logins (RFC 959 USER/PASS) and anonymous access
 * (RFC 1635: user "anonymous", an e-mail address as password). On a
 * server that offers AUTH TLS (RFC 4217; identification saw it) the login
 * goes inside TLS: guessed passwords never travel in clear when they need
 * not, and servers that refuse logins without TLS are tested too.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lib/probe/creds_int.h"
#include "lib/probe/probe_conn.h"

static int ftp_done(const char *buf, size_t len, void *u)
{
	return jcsi_ftp_reply(buf, len, u) != 0;
}

/* Sends CMD (may be NULL: just read the greeting) and reads the reply
   code; -1 on connection trouble with *RES set. */
static int ftp_cmd(struct jcsi_login *l, struct jcsi_conn *c, const char *cmd,
		   enum jcsi_login_res *res)
{
	char buf[2048];
	int code = 0;

	if (cmd && jcsi_conn_send(c, cmd, strlen(cmd)) < 0) {
		*res = JCSI_LOGIN_REFUSED;
		snprintf(l->why, sizeof(l->why), "connection closed");
		return -1;
	}
	ssize_t n = jcsi_login_read(l, c, buf, sizeof(buf), ftp_done, &code);

	if (n < 0 || jcsi_ftp_reply(buf, (size_t)n, &code) != 1) {
		*res = n < 0 && !l->timed_out && !jcsi_login_cancelled(l) ?
		       JCSI_LOGIN_REFUSED : JCSI_LOGIN_ERROR;
		snprintf(l->why, sizeof(l->why), "%s",
			 jcsi_login_cancelled(l) ? "cancelled" :
			 n >= 0 ? "not an FTP reply" : l->timed_out ?
			 "no FTP reply within the timeout" :
			 "closed without an FTP reply");
		return -1;
	}
	return code;
}

/* Greeting, then AUTH TLS when the server offers it: 0 ready for USER,
   -1 with *RES set. */
static int ftp_start(struct jcsi_login *l, struct jcsi_conn *c,
		     enum jcsi_login_res *res)
{
	int code = ftp_cmd(l, c, NULL, res);

	if (code < 0)
		return -1;
	if (code != 220) {
		/* 421: too many connections / from this address */
		*res = code == 421 ? JCSI_LOGIN_REFUSED : JCSI_LOGIN_ERROR;
		snprintf(l->why, sizeof(l->why), "greeting %d", code);
		return -1;
	}
	if (!l->s->starttls)
		return 0;
	code = ftp_cmd(l, c, "AUTH TLS\r\n", res);
	if (code < 0)
		return -1;
	if (code != 234 || jcsi_conn_starttls(c, l->s->host) < 0) {
		*res = JCSI_LOGIN_ERROR;
		snprintf(l->why, sizeof(l->why), code != 234 ?
			 "AUTH TLS answered %d" : "TLS handshake after AUTH "
			 "TLS failed", code);
		return -1;
	}
	return 0;
}

static enum jcsi_login_res ftp_attempt(struct jcsi_login *l, const char *user,
				       const char *pass)
{
	enum jcsi_login_res res = JCSI_LOGIN_FAIL;
	struct jcsi_conn c;
	char cmd[320];
	int code;

	if (strpbrk(user, "\r\n") || strpbrk(pass, "\r\n"))
		return JCSI_LOGIN_FAIL;
	/* the whole login: greeting, upgrade, USER, PASS (each answer may
	   take the server's failure delay) */
	if (jcsi_conn_open(&c, l->s, 0, jcsi_probe_timeout_ms(l->p),
			   4LL * l->timeout_ms) < 0) {
		res = errno == ECONNREFUSED || errno == ECONNRESET ?
		      JCSI_LOGIN_REFUSED : JCSI_LOGIN_ERROR;
		snprintf(l->why, sizeof(l->why), "connect to port %u: %s",
			 (unsigned)l->s->port, strerror(errno));
		goto out;
	}
	if (ftp_start(l, &c, &res) < 0)
		goto out;
	snprintf(cmd, sizeof(cmd), "USER %s\r\n", user);
	code = ftp_cmd(l, &c, cmd, &res);
	if (code == 331 || code == 332) {
		snprintf(cmd, sizeof(cmd), "PASS %s\r\n", pass);
		code = ftp_cmd(l, &c, cmd, &res);
	}
	if (code < 0)
		goto out;
	res = code == 230 ? JCSI_LOGIN_OK :
	      code == 421 ? JCSI_LOGIN_REFUSED : JCSI_LOGIN_FAIL;
	snprintf(l->why, sizeof(l->why), "reply %d%s", code,
		 c.ssl ? ", inside TLS (AUTH TLS)" : "");
	if (res != JCSI_LOGIN_REFUSED)
		(void)jcsi_conn_send(&c, "QUIT\r\n", 6);
out:
	jcsi_conn_close(&c);
	return res;
}

static enum jcsi_login_res ftp_prepare(struct jcsi_login *l)
{
	enum jcsi_login_res res = ftp_attempt(l, "anonymous",
					      "jcstar@example.invalid");

	if (res == JCSI_LOGIN_OK) {
		snprintf(l->why, sizeof(l->why),
			 "USER anonymous / PASS <e-mail> answered 230%s",
			 l->s->starttls ? " inside TLS (AUTH TLS)" : "");
		return JCSI_LOGIN_NONE;
	}
	return res == JCSI_LOGIN_FAIL ? JCSI_LOGIN_OK : res;
}

const struct jcsi_login_proto jcsi_login_ftp = {
	.service = "ftp",
	.label = "FTP",
	.prepare = ftp_prepare,
	.attempt = ftp_attempt,
	.none_rule = "live.anonymous-ftp",
	.none_stops = 0,   /* local accounts may still have weak passwords */
};

/*
 * creds_ftp.c - FTP logins (RFC 959 USER/PASS) and anonymous access
 * (RFC 1635: user "anonymous", an e-mail address as password).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/probe/creds_int.h"

static int ftp_done(const char *buf, size_t len, void *u)
{
	return jcsi_ftp_reply(buf, len, u) != 0;
}

/* Sends CMD (may be NULL: just read the greeting) and reads the reply
   code; -1 on connection trouble with *RES set. */
static int ftp_cmd(struct jcsi_login *l, int fd, const char *cmd,
		   enum jcsi_login_res *res)
{
	char buf[2048];
	int code = 0;

	if (cmd && jcsi_net_write_all(fd, cmd, strlen(cmd),
				      l->timeout_ms) < 0) {
		*res = JCSI_LOGIN_REFUSED;
		snprintf(l->why, sizeof(l->why), "connection closed");
		return -1;
	}
	ssize_t n = jcsi_login_read(l, fd, buf, sizeof(buf), ftp_done, &code);

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

static enum jcsi_login_res ftp_attempt(struct jcsi_login *l, const char *user,
				       const char *pass)
{
	enum jcsi_login_res res = JCSI_LOGIN_FAIL;
	char cmd[320];

	if (strpbrk(user, "\r\n") || strpbrk(pass, "\r\n"))
		return JCSI_LOGIN_FAIL;
	int fd = jcsi_login_connect(l, &res);

	if (fd < 0)
		return res;
	int code = ftp_cmd(l, fd, NULL, &res);

	if (code < 0)
		goto out;
	if (code != 220) {
		/* 421: too many connections / from this address */
		res = code == 421 ? JCSI_LOGIN_REFUSED : JCSI_LOGIN_ERROR;
		snprintf(l->why, sizeof(l->why), "greeting %d", code);
		goto out;
	}
	snprintf(cmd, sizeof(cmd), "USER %s\r\n", user);
	code = ftp_cmd(l, fd, cmd, &res);
	if (code == 331 || code == 332) {
		snprintf(cmd, sizeof(cmd), "PASS %s\r\n", pass);
		code = ftp_cmd(l, fd, cmd, &res);
	}
	if (code < 0)
		goto out;
	res = code == 230 ? JCSI_LOGIN_OK :
	      code == 421 ? JCSI_LOGIN_REFUSED : JCSI_LOGIN_FAIL;
	snprintf(l->why, sizeof(l->why), "reply %d", code);
	if (res != JCSI_LOGIN_REFUSED)
		(void)jcsi_net_write_all(fd, "QUIT\r\n", 6, l->timeout_ms);
out:
	close(fd);
	return res;
}

static enum jcsi_login_res ftp_prepare(struct jcsi_login *l)
{
	enum jcsi_login_res res = ftp_attempt(l, "anonymous",
					      "jcstar@example.invalid");

	if (res == JCSI_LOGIN_OK) {
		snprintf(l->why, sizeof(l->why),
			 "USER anonymous / PASS <e-mail> answered 230");
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

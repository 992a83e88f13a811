/*
 * creds_ssh.c - SSH password logins through libssh. A server that offers
 * no "password" method is skipped and said so (not secure, untested).
 * One connection serves the attempts of one user name until the server
 * closes it (servers refuse a change of user name on one connection).
 */
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <libssh/libssh.h>

#include "lib/core/mem.h"
#include "lib/probe/creds_int.h"

struct ssh_state {
	ssh_session sess;
	char user[128];
};

static void ssh_drop(struct ssh_state *st)
{
	if (st->sess) {
		ssh_disconnect(st->sess);
		ssh_free(st->sess);
		st->sess = NULL;
	}
	st->user[0] = '\0';
}

static enum jcsi_login_res ssh_open(struct jcsi_login *l,
				    struct ssh_state *st, const char *user)
{
	long timeout = (l->timeout_ms + 999) / 1000;
	unsigned port = l->s->port;
	int no = 0;

	ssh_drop(st);
	st->sess = ssh_new();
	if (!st->sess) {
		snprintf(l->why, sizeof(l->why), "libssh: out of memory");
		return JCSI_LOGIN_ERROR;
	}
	/* never read the user's ~/.ssh/config or known_hosts: the probe
	   talks to the address given and trusts nothing it learnt */
	ssh_options_set(st->sess, SSH_OPTIONS_PROCESS_CONFIG, &no);
	ssh_options_set(st->sess, SSH_OPTIONS_KNOWNHOSTS, "/dev/null");
	ssh_options_set(st->sess, SSH_OPTIONS_HOST, l->s->addr);
	ssh_options_set(st->sess, SSH_OPTIONS_PORT, &port);
	ssh_options_set(st->sess, SSH_OPTIONS_TIMEOUT, &timeout);
	ssh_options_set(st->sess, SSH_OPTIONS_USER, user);
	if (ssh_connect(st->sess) != SSH_OK) {
		snprintf(l->why, sizeof(l->why), "ssh: %s",
			 ssh_get_error(st->sess));
		ssh_drop(st);
		/* refused or closed during the handshake (MaxStartups,
		   a blocklist): the service does not take us now */
		return JCSI_LOGIN_REFUSED;
	}
	snprintf(st->user, sizeof(st->user), "%s", user);
	return JCSI_LOGIN_OK;
}

static enum jcsi_login_res ssh_prepare(struct jcsi_login *l)
{
	struct ssh_state *st = jcsi_calloc(1, sizeof(*st));

	if (!st)
		return JCSI_LOGIN_ERROR;
	l->state = st;
	enum jcsi_login_res res = ssh_open(l, st, "root");

	if (res != JCSI_LOGIN_OK)
		return res;
	int rc = ssh_userauth_none(st->sess, NULL);

	if (rc == SSH_AUTH_SUCCESS) {
		snprintf(l->why, sizeof(l->why),
			 "user root logged in with the \"none\" method");
		ssh_drop(st);
		return JCSI_LOGIN_NONE;
	}
	int methods = ssh_userauth_list(st->sess, NULL);

	if (!(methods & SSH_AUTH_METHOD_PASSWORD)) {
		snprintf(l->why, sizeof(l->why),
			 "the server offers no password authentication "
			 "(methods:%s%s%s); not tested",
			 methods & SSH_AUTH_METHOD_PUBLICKEY ? " publickey" : "",
			 methods & SSH_AUTH_METHOD_INTERACTIVE ?
			 " keyboard-interactive" : "",
			 methods & SSH_AUTH_METHOD_GSSAPI_MIC ? " gssapi" : "");
		ssh_drop(st);
		return JCSI_LOGIN_SKIP;
	}
	return JCSI_LOGIN_OK;
}

/* ssh_userauth_password without blocking: the server's delay on a wrong
   password (dropbear: seconds) is waited out in short slices, so a
   search that another login already settled is not held (cancel). */
static int ssh_password(struct jcsi_login *l, struct ssh_state *st,
			const char *pass)
{
	struct timespec t0, t;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	ssh_set_blocking(st->sess, 0);
	while ((rc = ssh_userauth_password(st->sess, NULL, pass)) ==
	       SSH_AUTH_AGAIN) {
		struct pollfd pfd = {ssh_get_fd(st->sess), POLLIN, 0};

		clock_gettime(CLOCK_MONOTONIC, &t);
		long long ms = (t.tv_sec - t0.tv_sec) * 1000LL +
			       (t.tv_nsec - t0.tv_nsec) / 1000000;

		if (jcsi_login_cancelled(l) || ms >= l->timeout_ms ||
		    pfd.fd < 0)
			break;
		(void)poll(&pfd, 1, 100);
	}
	ssh_set_blocking(st->sess, 1);
	return rc;
}

static enum jcsi_login_res ssh_attempt(struct jcsi_login *l, const char *user,
				       const char *pass)
{
	struct ssh_state *st = l->state;
	enum jcsi_login_res res;

	if (!st) {          /* a task of its own: a connection of its own */
		st = jcsi_calloc(1, sizeof(*st));
		if (!st)
			return JCSI_LOGIN_ERROR;
		l->state = st;
	}

	for (int round = 0; round < 2; round++) {
		if (!st->sess || strcmp(st->user, user)) {
			res = ssh_open(l, st, user);
			if (res != JCSI_LOGIN_OK)
				return res;
		}
		int rc = ssh_password(l, st, pass);

		if (rc == SSH_AUTH_AGAIN) {
			/* cancelled, or no answer in time: this session is
			   mid-request, useless for the next pair */
			snprintf(l->why, sizeof(l->why), "%s",
				 jcsi_login_cancelled(l) ? "cancelled" :
				 "no answer to the password in time");
			ssh_drop(st);
			return JCSI_LOGIN_ERROR;
		}
		if (rc == SSH_AUTH_SUCCESS) {
			snprintf(l->why, sizeof(l->why), "password accepted");
			ssh_drop(st);
			return JCSI_LOGIN_OK;
		}
		if (rc == SSH_AUTH_DENIED || rc == SSH_AUTH_PARTIAL)
			return JCSI_LOGIN_FAIL;
		/* SSH_AUTH_ERROR: the server closed (too many tries on this
		   connection); a new connection for the same pair */
		snprintf(l->why, sizeof(l->why), "ssh: %s",
			 ssh_get_error(st->sess));
		ssh_drop(st);
	}
	return JCSI_LOGIN_ERROR;
}

static void ssh_finish(struct jcsi_login *l)
{
	if (l->state)
		ssh_drop(l->state);
	jcsi_free(l->state);
	l->state = NULL;
}

const struct jcsi_login_proto jcsi_login_ssh = {
	.service = "ssh",
	.label = "SSH",
	.prepare = ssh_prepare,
	.attempt = ssh_attempt,
	.finish = ssh_finish,
	.none_rule = "live.empty-password",
	.none_stops = 1,
};

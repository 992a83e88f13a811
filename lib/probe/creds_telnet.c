/*
 * creds_telnet.c - telnet logins: option negotiation (creds_telnet_neg.c),
 * the login:/Password: prompts, and the shell that answers. A shell is
 * only believed when it runs the marker command (JCSI_SHELL_PROBE), so a
 * banner ending in '>' or '#' is never taken for a login.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/probe/creds_int.h"
#include "lib/probe/probe_int.h"

struct tn_conn {
	int fd;
	struct jcsi_telnet neg;
	char text[4096];
	size_t len;
};

static long long tn_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Reads until TEXT shows one of WANT (bit mask of 1 << enum jcsi_prompt)
   or MARK appears, or the timeout; answers the negotiation on the way.
   Returns the prompt kind seen, JCSI_PROMPT_NONE on timeout/EOF. */
static enum jcsi_prompt tn_wait(struct jcsi_login *l, struct tn_conn *c,
				unsigned want, const char *mark, int *eof)
{
	long long end = tn_now() + l->timeout_ms;

	*eof = 0;
	for (;;) {
		long long left = end - tn_now();
		unsigned char in[1024], reply[256];
		size_t rl = 0;

		if (left <= 0)
			return JCSI_PROMPT_NONE;
		ssize_t n = jcsi_net_read(c->fd, in, sizeof(in), (int)left);

		if (n <= 0) {
			*eof = n == 0;
			return JCSI_PROMPT_NONE;
		}
		if (c->len + (size_t)n >= sizeof(c->text)) {
			/* keep the tail: prompts are at the end */
			size_t keep = sizeof(c->text) / 2;

			memmove(c->text, c->text + c->len - keep, keep);
			c->len = keep;
		}
		jcsi_telnet_feed(&c->neg, in, (size_t)n, c->text,
				 sizeof(c->text) - 1, &c->len, reply,
				 sizeof(reply), &rl);
		c->text[c->len] = '\0';
		if (rl && jcsi_net_write_all(c->fd, reply, rl,
					     l->timeout_ms) < 0)
			return JCSI_PROMPT_NONE;
		if (mark && strstr(c->text, mark))
			return JCSI_PROMPT_SHELL;
		if (mark)
			continue;
		enum jcsi_prompt k = jcsi_prompt_kind(c->text, c->len);

		if (k != JCSI_PROMPT_NONE && (want & (1u << k)))
			return k;
	}
}

static int tn_send(struct jcsi_login *l, struct tn_conn *c, const char *s)
{
	c->len = 0;
	c->text[0] = '\0';
	return jcsi_net_write_all(c->fd, s, strlen(s), l->timeout_ms);
}

/* Does a shell answer the marker command? */
static int tn_shell_runs(struct jcsi_login *l, struct tn_conn *c)
{
	int eof;

	if (tn_send(l, c, JCSI_SHELL_PROBE) < 0)
		return 0;
	return tn_wait(l, c, 0, JCSI_SHELL_MARK, &eof) == JCSI_PROMPT_SHELL;
}

#define TN_W(k) (1u << (k))

static enum jcsi_login_res tn_prepare(struct jcsi_login *l)
{
	enum jcsi_login_res res;
	struct tn_conn c = { 0 };
	int eof;

	c.fd = jcsi_login_connect(l, &res);
	if (c.fd < 0)
		return res;
	enum jcsi_prompt k = tn_wait(l, &c, TN_W(JCSI_PROMPT_LOGIN) |
				     TN_W(JCSI_PROMPT_PASSWORD) |
				     TN_W(JCSI_PROMPT_SHELL), NULL, &eof);

	if (k == JCSI_PROMPT_LOGIN || k == JCSI_PROMPT_PASSWORD) {
		close(c.fd);
		return JCSI_LOGIN_OK;
	}
	if (eof) {
		close(c.fd);
		snprintf(l->why, sizeof(l->why),
			 "telnet closed the connection without a prompt");
		return JCSI_LOGIN_REFUSED;
	}
	/* a shell prompt, or silence: is there a shell without a login? */
	char seen[64];

	jcsi_ident_printable((const uint8_t *)c.text, c.len, seen,
			     sizeof(seen));
	if (tn_shell_runs(l, &c)) {
		snprintf(l->why, sizeof(l->why),
			 "a shell ran `echo` with no login (prompt \"%s\")",
			 seen);
		close(c.fd);
		return JCSI_LOGIN_NONE;
	}
	close(c.fd);
	snprintf(l->why, sizeof(l->why),
		 "no login prompt recognised (seen \"%s\")", seen);
	return JCSI_LOGIN_SKIP;
}

static enum jcsi_login_res tn_attempt(struct jcsi_login *l, const char *user,
				      const char *pass)
{
	enum jcsi_login_res res;
	struct tn_conn c = { 0 };
	char line[320];
	int eof;

	if (strpbrk(user, "\r\n") || strpbrk(pass, "\r\n"))
		return JCSI_LOGIN_FAIL;
	c.fd = jcsi_login_connect(l, &res);
	if (c.fd < 0)
		return res;
	enum jcsi_prompt k = tn_wait(l, &c, TN_W(JCSI_PROMPT_LOGIN) |
				     TN_W(JCSI_PROMPT_PASSWORD), NULL, &eof);

	res = JCSI_LOGIN_FAIL;
	if (k == JCSI_PROMPT_NONE) {
		snprintf(l->why, sizeof(l->why), "%s",
			 eof ? "telnet closed the connection before the login prompt" :
			       "no login prompt within the timeout");
		res = eof ? JCSI_LOGIN_REFUSED : JCSI_LOGIN_ERROR;
		goto out;
	}
	if (k == JCSI_PROMPT_LOGIN) {
		snprintf(line, sizeof(line), "%s\r\n", user);
		if (tn_send(l, &c, line) < 0)
			goto out;
		k = tn_wait(l, &c, TN_W(JCSI_PROMPT_PASSWORD) |
			    TN_W(JCSI_PROMPT_SHELL) | TN_W(JCSI_PROMPT_LOGIN) |
			    TN_W(JCSI_PROMPT_REJECTED), NULL, &eof);
		if (k == JCSI_PROMPT_LOGIN || k == JCSI_PROMPT_REJECTED)
			goto out;
		if (k == JCSI_PROMPT_SHELL || k == JCSI_PROMPT_NONE) {
			/* no password asked: a user without one? */
			if (tn_shell_runs(l, &c)) {
				res = JCSI_LOGIN_OK;
				snprintf(l->why, sizeof(l->why),
					 "a shell ran `echo` with no password asked");
			}
			goto out;
		}
	}
	snprintf(line, sizeof(line), "%s\r\n", pass);
	if (tn_send(l, &c, line) < 0)
		goto out;
	k = tn_wait(l, &c, TN_W(JCSI_PROMPT_SHELL) | TN_W(JCSI_PROMPT_LOGIN) |
		    TN_W(JCSI_PROMPT_REJECTED) | TN_W(JCSI_PROMPT_PASSWORD),
		    NULL, &eof);
	if (k == JCSI_PROMPT_SHELL || (k == JCSI_PROMPT_NONE && !eof))
		if (tn_shell_runs(l, &c))
			res = JCSI_LOGIN_OK;
	if (res == JCSI_LOGIN_OK)
		snprintf(l->why, sizeof(l->why),
			 "a shell ran `echo` after the login");
out:
	close(c.fd);
	return res;
}

const struct jcsi_login_proto jcsi_login_telnet = {
	.service = "telnet",
	.label = "Telnet",
	.prepare = tn_prepare,
	.attempt = tn_attempt,
	.none_rule = "live.telnet-no-login",
	.none_stops = 1,
	.one_at_a_time = 1,
};

/*
 * creds_form.c - an HTTP form login (--login-url, --user-field,
 * --pass-field): POSTs the pair as application/x-www-form-urlencoded.
 *
 * Whether a login worked is a heuristic, against a baseline answer to a
 * pair that cannot be right (sent first): the pair is taken when the
 * answer
 *   - redirects (3xx) where the baseline did not, or elsewhere; or
 *   - is a page without a password field where the baseline had one
 *     (the form is gone); or
 *   - sets a cookie the baseline did not set (a session).
 * 429/503 are a rate limit. A site that answers every pair the same way
 * (e.g. a login done in JavaScript) is never taken as a success.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "lib/core/mem.h"
#include "lib/probe/creds_int.h"

#define FORM_PAGE_MAX (256 * 1024)

/* URL-encodes S into OUT; -1 if it does not fit. */
static int form_enc(const char *s, char *out, size_t cap)
{
	size_t o = 0;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (o + 4 > cap)
			return -1;
		if (isalnum(c) || strchr("-._~", c))
			out[o++] = (char)c;
		else
			o += (size_t)snprintf(out + o, cap - o, "%%%02X", c);
	}
	out[o] = '\0';
	return 0;
}

/* The path of the login URL ("/login.cgi" or "http://h:p/login.cgi"). */
static const char *form_path(const char *url)
{
	if (!strncmp(url, "http://", 7)) {
		const char *p = strchr(url + 7, '/');

		return p ? p : "/";
	}
	return url;
}

static int form_post(struct jcsi_login *l, const char *user, const char *pass,
		     struct jcsi_http_resp *r, int *has_pw,
		     enum jcsi_login_res *res)
{
	char u[400], pw[400], body[1024], req[2048], host[80];
	const char *path = form_path(jcsi_probe_login_url(l->p));

	if (form_enc(user, u, sizeof(u)) < 0 || form_enc(pass, pw, sizeof(pw)) < 0)
		return -1;
	int bl = snprintf(body, sizeof(body), "%s=%s&%s=%s",
			  jcsi_probe_user_field(l->p), u,
			  jcsi_probe_pass_field(l->p), pw);

	if (bl < 0 || (size_t)bl >= sizeof(body))
		return -1;
	snprintf(host, sizeof(host), strchr(l->s->addr, ':') ? "[%s]:%u" :
		 "%s:%u", l->s->addr, (unsigned)l->s->port);
	int n = snprintf(req, sizeof(req),
			 "POST %s HTTP/1.1\r\nHost: %s\r\n"
			 "User-Agent: jcstar-probe\r\n"
			 "Content-Type: application/x-www-form-urlencoded\r\n"
			 "Content-Length: %d\r\nConnection: close\r\n\r\n%s",
			 path, host, bl, body);

	if (n < 0 || (size_t)n >= sizeof(req))
		return -1;
	/* the whole page: the password field may be anywhere in it */
	char *buf = jcsi_malloc(FORM_PAGE_MAX);

	if (!buf)
		return -1;
	ssize_t got = jcsi_login_exchange(l, req, buf, FORM_PAGE_MAX, r, res);

	if (got >= 0)
		*has_pw = jcsi_html_has_password_field(buf + r->header_len,
						(size_t)got - r->header_len);
	jcsi_free(buf);
	return got < 0 ? -2 : 0;
}

static enum jcsi_login_res form_prepare(struct jcsi_login *l)
{
	struct jcsi_http_resp r;
	enum jcsi_login_res res = JCSI_LOGIN_ERROR;
	int pw;

	if (!jcsi_probe_user_field(l->p) || !jcsi_probe_pass_field(l->p)) {
		snprintf(l->why, sizeof(l->why),
			 "--login-url needs --user-field and --pass-field");
		return JCSI_LOGIN_SKIP;
	}
	int rc = form_post(l, "jcstar-nobody", "jcstar-not-a-password-7Qz",
			   &r, &pw, &res);

	if (rc == -2)
		return res;
	if (rc < 0)
		return JCSI_LOGIN_ERROR;
	l->form_status = r.status;
	l->form_has_pw = pw;
	snprintf(l->form_location, sizeof(l->form_location), "%s", r.location);
	snprintf(l->form_cookie, sizeof(l->form_cookie), "%s", r.cookie_name);
	snprintf(l->path, sizeof(l->path), "%s",
		 form_path(jcsi_probe_login_url(l->p)));
	return JCSI_LOGIN_OK;
}

static enum jcsi_login_res form_attempt(struct jcsi_login *l, const char *user,
					const char *pass)
{
	struct jcsi_http_resp r;
	enum jcsi_login_res res = JCSI_LOGIN_ERROR;
	int pw;
	int rc = form_post(l, user, pass, &r, &pw, &res);

	if (rc == -2)
		return res;
	if (rc < 0)
		return JCSI_LOGIN_FAIL;
	if (r.status == 429 || r.status == 503) {
		snprintf(l->why, sizeof(l->why), "HTTP %d", r.status);
		return JCSI_LOGIN_REFUSED;
	}
	int redirect = r.status / 100 == 3;
	int base_redirect = l->form_status / 100 == 3;

	if (redirect && (!base_redirect || strcmp(r.location, l->form_location))) {
		snprintf(l->why, sizeof(l->why), "HTTP %d to %.200s", r.status,
			 r.location);
		return JCSI_LOGIN_OK;
	}
	if (r.status / 100 == 2 && l->form_has_pw && !pw) {
		snprintf(l->why, sizeof(l->why),
			 "HTTP %d without the login form", r.status);
		return JCSI_LOGIN_OK;
	}
	if (r.set_cookie && r.status < 400 &&
	    strcmp(r.cookie_name, l->form_cookie)) {
		snprintf(l->why, sizeof(l->why), "HTTP %d set cookie %s",
			 r.status, r.cookie_name);
		return JCSI_LOGIN_OK;
	}
	return JCSI_LOGIN_FAIL;
}

const struct jcsi_login_proto jcsi_login_http_form = {
	.service = "http",
	.label = "HTTP form login",
	.prepare = form_prepare,
	.attempt = form_attempt,
};

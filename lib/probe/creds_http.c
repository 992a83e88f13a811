/*
 * creds_http.c - HTTP Basic (RFC 7617) and Digest (RFC 7616) logins.
 * The protected page is "/" or the first of data/probe/http-auth-paths.txt
 * that answers 401 with a WWW-Authenticate challenge; each 401 brings a
 * fresh nonce that the next attempt uses.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "lib/core/datafile.h"
#include "lib/probe/creds_int.h"

int jcsi_login_auth_header(struct jcsi_login *l, const char *method,
			   const char *uri, const char *user,
			   const char *pass, char *out, size_t len)
{
	if (l->scheme == JCSI_AUTH_BASIC) {
		char up[300], b64[420];
		int n = snprintf(up, sizeof(up), "%s:%s", user, pass);

		if (n < 0 || (size_t)n >= sizeof(up) ||
		    jcsi_base64(up, (size_t)n, b64, sizeof(b64)) < 0)
			return -1;
		n = snprintf(out, len, "Basic %s", b64);
		return n < 0 || (size_t)n >= len ? -1 : 0;
	}
	char cnonce[40];

	/* the client nonce only has to differ between requests */
	snprintf(cnonce, sizeof(cnonce), "jcs%08x%08lx", ++l->seq,
		 (unsigned long)time(NULL));
	return jcsi_digest_header(&l->chal, user, pass, method, uri, cnonce,
				  out, len);
}

static const char *http_host(const struct jcsi_login *l, char *buf,
			     size_t len)
{
	snprintf(buf, len, strchr(l->s->addr, ':') ? "[%s]:%u" : "%s:%u",
		 l->s->addr, (unsigned)l->s->port);
	return buf;
}

/* GET PATH without credentials: does it ask for Basic/Digest? */
static int http_challenged(struct jcsi_login *l, const char *path,
			   enum jcsi_login_res *res)
{
	char req[768], host[80], buf[8192];
	struct jcsi_http_resp r;

	snprintf(req, sizeof(req),
		 "GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: jcstar-probe\r\n"
		 "Connection: close\r\n\r\n", path, http_host(l, host,
							     sizeof(host)));
	if (jcsi_login_exchange(l, req, buf, sizeof(buf), &r, res) < 0)
		return -1;
	if (r.status != 401 || r.scheme == JCSI_AUTH_NONE)
		return 0;
	snprintf(l->path, sizeof(l->path), "%s", path);
	l->scheme = r.scheme;
	l->chal = r.chal;
	return 1;
}

struct http_paths {
	struct jcsi_login *l;
	enum jcsi_login_res res;
	unsigned tried;
	int found;
};

static jcs_rc http_path_line(char *line, const char *path, unsigned no,
			     void *user, char *err, size_t errlen)
{
	struct http_paths *h = user;

	if (line[0] != '/' || strpbrk(line, " \t\r\n")) {
		snprintf(err, errlen, "%s:%u: not an absolute path", path, no);
		return JCS_E_FORMAT;
	}
	if (h->found)
		return JCS_OK;
	h->tried++;
	int c = http_challenged(h->l, line, &h->res);

	if (c < 0)
		return JCS_E_IO;   /* the server stopped answering */
	h->found = c;
	return JCS_OK;
}

static enum jcsi_login_res http_prepare(struct jcsi_login *l)
{
	struct http_paths h = { .l = l, .res = JCSI_LOGIN_ERROR };
	char file[1024], err[256];

	int c = http_challenged(l, "/", &h.res);

	if (c < 0)
		return h.res;
	if (c)
		return JCSI_LOGIN_OK;
	snprintf(file, sizeof(file), "%s/probe/http-auth-paths.txt",
		 jcsi_probe_data_dir(l->p));
	jcs_rc rc = jcsi_data_lines(file, http_path_line, &h, err,
				    sizeof(err));

	if (h.found)
		return JCSI_LOGIN_OK;
	if (rc == JCS_E_IO && h.tried) {
		return h.res;
	}
	if (rc != JCS_OK) {
		snprintf(l->why, sizeof(l->why), "%s", err);
		return JCSI_LOGIN_ERROR;
	}
	snprintf(l->why, sizeof(l->why),
		 "no page asks for Basic or Digest authentication "
		 "(/ and %u paths of http-auth-paths.txt)", h.tried);
	return JCSI_LOGIN_SKIP;
}

static enum jcsi_login_res http_attempt(struct jcsi_login *l, const char *user,
					const char *pass)
{
	char auth[1024], req[1600], host[80], buf[8192];
	struct jcsi_http_resp r;
	enum jcsi_login_res res;

	for (int round = 0; round < 2; round++) {
		if (jcsi_login_auth_header(l, "GET", l->path, user, pass, auth,
					   sizeof(auth)) < 0)
			return JCSI_LOGIN_FAIL;  /* a pair we cannot send */
		snprintf(req, sizeof(req),
			 "GET %s HTTP/1.1\r\nHost: %s\r\n"
			 "User-Agent: jcstar-probe\r\nAuthorization: %s\r\n"
			 "Connection: close\r\n\r\n", l->path,
			 http_host(l, host, sizeof(host)), auth);
		if (jcsi_login_exchange(l, req, buf, sizeof(buf), &r, &res) < 0)
			return res;
		snprintf(l->why, sizeof(l->why), "HTTP %d", r.status);
		if (r.status == 429 || r.status == 503)
			return JCSI_LOGIN_REFUSED;
		if (r.status != 401)
			return r.status == 403 || r.status == 407 ||
			       r.status >= 500 ? JCSI_LOGIN_FAIL :
						 JCSI_LOGIN_OK;
		/* the next attempt answers the fresh challenge; a stale
		   nonce (RFC 7616 3.3) is retried once at once */
		if (r.scheme == JCSI_AUTH_DIGEST && l->scheme == JCSI_AUTH_DIGEST)
			l->chal = r.chal;
		if (!(r.scheme == JCSI_AUTH_DIGEST && r.chal.stale))
			break;
	}
	return JCSI_LOGIN_FAIL;
}

const struct jcsi_login_proto jcsi_login_http = {
	.service = "http",
	.label = "HTTP authentication",
	.prepare = http_prepare,
	.attempt = http_attempt,
};

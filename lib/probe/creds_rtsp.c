/*
 * creds_rtsp.c - RTSP logins (RFC 2326 DESCRIBE with Basic or Digest,
 * as IP cameras ask): the stream "/" of the camera; 401 means the
 * camera wants credentials, anything else but 401/403 after sending them
 * means they were taken (a 404 for "/" comes after authentication).
 */
#include <stdio.h>
#include <string.h>

#include "lib/probe/creds_int.h"

static void rtsp_uri(const struct jcsi_login *l, char *out, size_t len)
{
	snprintf(out, len, strchr(l->s->addr, ':') ? "rtsp://[%s]:%u/" :
		 "rtsp://%s:%u/", l->s->addr, (unsigned)l->s->port);
}

static int rtsp_describe(struct jcsi_login *l, const char *auth,
			 struct jcsi_http_resp *r, enum jcsi_login_res *res)
{
	char req[1600], buf[8192], uri[128];

	rtsp_uri(l, uri, sizeof(uri));
	snprintf(req, sizeof(req),
		 "DESCRIBE %s RTSP/1.0\r\nCSeq: %u\r\n"
		 "User-Agent: jcstar-probe\r\nAccept: application/sdp\r\n"
		 "%s%s%s\r\n", uri, ++l->seq, auth ? "Authorization: " : "",
		 auth ? auth : "", auth ? "\r\n" : "");
	if (jcsi_login_exchange(l, req, buf, sizeof(buf), r, res) < 0)
		return -1;
	snprintf(l->why, sizeof(l->why), "RTSP %d", r->status);
	return 0;
}

static enum jcsi_login_res rtsp_prepare(struct jcsi_login *l)
{
	struct jcsi_http_resp r;
	enum jcsi_login_res res;

	if (rtsp_describe(l, NULL, &r, &res) < 0)
		return res;
	if (r.status == 401 && r.scheme != JCSI_AUTH_NONE) {
		l->scheme = r.scheme;
		l->chal = r.chal;
		rtsp_uri(l, l->path, sizeof(l->path));
		return JCSI_LOGIN_OK;
	}
	snprintf(l->why, sizeof(l->why),
		 "DESCRIBE / answered %d without asking for credentials",
		 r.status);
	return JCSI_LOGIN_SKIP;
}

static enum jcsi_login_res rtsp_attempt(struct jcsi_login *l, const char *user,
					const char *pass)
{
	char auth[1024];
	struct jcsi_http_resp r;
	enum jcsi_login_res res;

	if (jcsi_login_auth_header(l, "DESCRIBE", l->path, user, pass, auth,
				   sizeof(auth)) < 0)
		return JCSI_LOGIN_FAIL;
	if (rtsp_describe(l, auth, &r, &res) < 0)
		return res;
	if (r.status == 401) {
		if (r.scheme == JCSI_AUTH_DIGEST && l->scheme == JCSI_AUTH_DIGEST)
			l->chal = r.chal;
		return JCSI_LOGIN_FAIL;
	}
	if (r.status == 453 || r.status == 503)
		return JCSI_LOGIN_REFUSED;
	return r.status == 403 || r.status >= 500 ? JCSI_LOGIN_FAIL :
						    JCSI_LOGIN_OK;
}

const struct jcsi_login_proto jcsi_login_rtsp = {
	.service = "rtsp",
	.label = "RTSP",
	.prepare = rtsp_prepare,
	.attempt = rtsp_attempt,
};

/*
 * creds_net.c - what every login protocol does on the wire: connect,
 * read until the answer is complete or the deadline passes, one HTTP or
 * RTSP exchange; and which protocol serves which service.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/probe/creds_int.h"
#include "lib/probe/probe_conn.h"

const struct jcsi_login_proto *jcsi_login_for(const struct jcsi_service *s)
{
	static const struct jcsi_login_proto *const all[] = {
		&jcsi_login_telnet, &jcsi_login_ftp, &jcsi_login_http,
		&jcsi_login_rtsp, &jcsi_login_mqtt, &jcsi_login_ssh,
	};

	const char *name = s->name;

	if (!name || strcmp(s->transport, "tcp"))
		return NULL;
	/* inside TLS: HTTP (the exchange speaks TLS) and MQTT (libmosquitto
	   does); other protocols over TLS are not built */
	if (s->tls)
		name = !strcmp(name, "https") ? "http" :
		       !strcmp(name, "mqtts") ? "mqtt" : NULL;
	for (size_t i = 0; name && i < sizeof(all) / sizeof(all[0]); i++)
		if (!strcmp(all[i]->service, name))
			return all[i];
	return NULL;
}

static long long mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int jcsi_login_connect(struct jcsi_login *l, enum jcsi_login_res *res)
{
	int fd = jcsi_probe_connect(l->p, l->s);

	if (fd >= 0)
		return fd;
	/* refused/reset by a port that was open a moment ago: the service
	   stopped taking connections (a lockout, or it died) */
	*res = (errno == ECONNREFUSED || errno == ECONNRESET) ?
	       JCSI_LOGIN_REFUSED : JCSI_LOGIN_ERROR;
	snprintf(l->why, sizeof(l->why), "connect to port %u: %s",
		 (unsigned)l->s->port, strerror(errno));
	return -1;
}

int jcsi_login_cancelled(const struct jcsi_login *l)
{
	return l->cancel && atomic_load(l->cancel);
}

/* How long one wait may be: short slices when the search may cancel
   us, so a cancelled attempt gives up within a tenth of a second. */
#define LOGIN_CANCEL_SLICE_MS 100

ssize_t jcsi_login_read(struct jcsi_login *l, struct jcsi_conn *c,
			char *buf, size_t cap, jcsi_login_done_fn done, void *u)
{
	long long end = mono_ms() + l->timeout_ms;
	size_t len = 0;

	if (cap == 0)
		return -1;
	buf[0] = '\0';
	l->timed_out = 0;
	while (len + 1 < cap) {
		long long left = end - mono_ms();

		if (left <= 0) {
			l->timed_out = 1;
			break;
		}
		if (jcsi_login_cancelled(l))
			break;
		if (l->cancel && left > LOGIN_CANCEL_SLICE_MS)
			left = LOGIN_CANCEL_SLICE_MS;
		ssize_t n = jcsi_conn_recv(c, buf + len, cap - 1 - len,
					   (int)left);

		if (n < 0 && errno == ETIMEDOUT)
			continue;   /* the loop's deadline decides */
		if (n <= 0)
			break;
		len += (size_t)n;
		buf[len] = '\0';
		if (done && done(buf, len, u))
			break;
	}
	return len ? (ssize_t)len : -1;
}

/* The whole HTTP/RTSP answer is in: headers and Content-Length bytes
   of body (without one, we read until the server closes: Connection:
   close). */
static int http_done(const char *buf, size_t len, void *u)
{
	struct jcsi_http_resp *r = u;

	if (jcsi_creds_http_parse(buf, len, r) < 0)
		return 1;
	if (!r->complete)
		return 0;
	if (r->content_length >= 0)
		return len >= r->header_len + (size_t)r->content_length;
	/* RTSP keeps the connection: no Content-Length, no body */
	if (len >= 5 && !memcmp(buf, "RTSP/", 5))
		return 1;
	/* HEAD-like answers without a body: 1xx, 204, 304 */
	return r->status == 204 || r->status == 304 || r->status < 200;
}

ssize_t jcsi_login_exchange(struct jcsi_login *l, const char *req, char *buf,
			size_t cap, struct jcsi_http_resp *r,
			enum jcsi_login_res *res)
{
	struct jcsi_conn c;

	/* the whole exchange: connect, handshake, request, answer */
	/* connect and handshake at the probe's pace; the answer may take
	   the login timeout (jcsi_login_read waits for it) */
	if (jcsi_conn_open(&c, l->s, l->s->tls, jcsi_probe_timeout_ms(l->p),
			   3LL * l->timeout_ms) < 0) {
		*res = errno == ECONNREFUSED || errno == ECONNRESET ?
		       JCSI_LOGIN_REFUSED : JCSI_LOGIN_ERROR;
		snprintf(l->why, sizeof(l->why), "%s port %u: %s",
			 errno == EPROTO ? "TLS handshake on" : "connect to",
			 (unsigned)l->s->port, errno == EPROTO ? "failed" :
			 strerror(errno));
		jcsi_conn_close(&c);
		return -1;
	}
	if (jcsi_conn_send(&c, req, strlen(req)) < 0) {
		*res = errno == ECONNRESET || errno == EPIPE ?
		       JCSI_LOGIN_REFUSED : JCSI_LOGIN_ERROR;
		snprintf(l->why, sizeof(l->why), "send: %s", strerror(errno));
		jcsi_conn_close(&c);
		return -1;
	}
	ssize_t n = jcsi_login_read(l, &c, buf, cap, http_done, r);

	jcsi_conn_close(&c);
	if (jcsi_login_cancelled(l)) {
		*res = JCSI_LOGIN_ERROR;
		snprintf(l->why, sizeof(l->why), "cancelled");
		return -1;
	}
	if (n < 0) {
		/* closed without a word after the request: a server that
		   drops the rejected, as rate limiters do; silence: a
		   tarpit (or a dead server) */
		*res = l->timed_out ? JCSI_LOGIN_ERROR : JCSI_LOGIN_REFUSED;
		if (l->timed_out)
			snprintf(l->why, sizeof(l->why),
				 "no answer within %d ms", l->timeout_ms);
		else
			snprintf(l->why, sizeof(l->why),
				 "connection closed without an answer");
		return -1;
	}
	if (jcsi_creds_http_parse(buf, (size_t)n, r) != 1) {
		*res = JCSI_LOGIN_ERROR;
		snprintf(l->why, sizeof(l->why), "not an HTTP/RTSP answer");
		return -1;
	}
	return n;
}

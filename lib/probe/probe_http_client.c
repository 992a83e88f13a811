/*
 * probe_http_client.c - one GET to a service under test: plain over
 * jcsi_probe_connect, or TLS through OpenSSL on the same non-blocking
 * socket (no certificate verification: the TLS check judges
 * certificates, this only reads pages). Every read waits at most the
 * probe's timeout and the whole exchange four times it; at most
 * JCSI_HTTP_HEAD_MAX + JCSI_HTTP_BODY_MAX (+ chunk framing slack) bytes
 * are read, the rest is never asked for.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "../core/mem.h"
#include "probe_http.h"

#define READ_MAX (JCSI_HTTP_HEAD_MAX + JCSI_HTTP_BODY_MAX + 16384)

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct conn {
	int fd;
	SSL_CTX *ctx;
	SSL *ssl;
	long long deadline;
	int timeout_ms;
};

static int left_ms(const struct conn *c)
{
	long long l = c->deadline - now_ms();

	if (l <= 0)
		return 0;
	return l < c->timeout_ms ? (int)l : c->timeout_ms;
}

/* Waits for the SSL call's wish; 0 ok to retry, -1 timeout/error. */
static int ssl_wait(struct conn *c, int ret)
{
	int ms = left_ms(c);

	if (ms <= 0)
		return -1;
	return jcsi_tls_wait(c->fd, SSL_get_error(c->ssl, ret), ms);
}

static int tls_start(struct conn *c, const char *sni)
{
	int ret;

	c->ctx = SSL_CTX_new(TLS_client_method());
	if (!c->ctx)
		return -1;
	SSL_CTX_set_verify(c->ctx, SSL_VERIFY_NONE, NULL);
	/* old devices: take whatever the server offers, TLS 1.0 included */
	SSL_CTX_set_min_proto_version(c->ctx, 0);
	SSL_CTX_set_security_level(c->ctx, 0);
	c->ssl = SSL_new(c->ctx);
	if (!c->ssl || !SSL_set_fd(c->ssl, c->fd))
		return -1;
	if (sni && *sni && !strchr(sni, ':') &&
	    (sni[0] < '0' || sni[0] > '9'))
		SSL_set_tlsext_host_name(c->ssl, sni);
	while ((ret = SSL_connect(c->ssl)) != 1)
		if (ssl_wait(c, ret))
			return -1;
	return 0;
}

static int send_all(struct conn *c, const char *b, size_t n)
{
	if (!c->ssl)
		return jcsi_net_write_all(c->fd, b, n, c->timeout_ms);
	while (n) {
		int ret = SSL_write(c->ssl, b, (int)n);

		if (ret > 0) {
			b += ret;
			n -= (size_t)ret;
		} else if (ssl_wait(c, ret)) {
			return -1;
		}
	}
	return 0;
}

/* Bytes read, 0 EOF, -1 error or timeout. */
static ssize_t recv_some(struct conn *c, char *b, size_t n)
{
	int ms = left_ms(c);

	if (!ms)
		return -1;
	if (!c->ssl)
		return jcsi_net_read(c->fd, b, n, ms);
	for (;;) {
		int ret = SSL_read(c->ssl, b, n > 65536 ? 65536 : (int)n);

		if (ret > 0)
			return ret;
		if (SSL_get_error(c->ssl, ret) == SSL_ERROR_ZERO_RETURN)
			return 0;
		if (SSL_get_error(c->ssl, ret) == SSL_ERROR_SYSCALL &&
		    ERR_peek_error() == 0)
			return 0;   /* closed without close_notify */
		if (ssl_wait(c, ret))
			return -1;
	}
}

static void conn_close(struct conn *c)
{
	if (c->ssl)
		SSL_free(c->ssl);
	if (c->ctx)
		SSL_CTX_free(c->ctx);
	if (c->fd >= 0)
		close(c->fd);
	ERR_clear_error();
}

jcs_rc jcsi_http_get(const struct jcsi_probe *p, const struct jcsi_service *s,
		     const char *path, struct jcsi_http_reply *r)
{
	struct conn c = {-1, NULL, NULL, 0, jcsi_probe_timeout_ms(p)};
	int tls = s->tls || (s->name && !strcmp(s->name, "https"));
	int v6 = s->addr && strchr(s->addr, ':');
	char *req = NULL, *raw = NULL;
	size_t have = 0;
	jcs_rc rc = JCS_E_IO;

	memset(r, 0, sizeof(*r));
	c.deadline = now_ms() + 4LL * c.timeout_ms;
	req = jcsi_asprintf("GET %s HTTP/1.1\r\nHost: %s%s%s:%u\r\n"
			    "User-Agent: jcstar-probe/1\r\n"
			    "Accept: */*\r\nConnection: close\r\n\r\n",
			    path, v6 ? "[" : "", s->addr ? s->addr : s->host,
			    v6 ? "]" : "", (unsigned)s->port);
	raw = jcsi_malloc(READ_MAX);
	if (!req || !raw) {
		rc = JCS_E_NOMEM;
		goto out;
	}
	c.fd = jcsi_probe_connect(p, s);
	if (c.fd < 0 || (tls && tls_start(&c, s->host)) ||
	    send_all(&c, req, strlen(req)))
		goto out;
	while (have < READ_MAX) {
		ssize_t n = recv_some(&c, raw + have, READ_MAX - have);

		if (n <= 0)
			break;
		have += (size_t)n;
		if (jcsi_http_complete(raw, have))
			break;
	}
	if (!have)
		goto out;
	rc = jcsi_http_parse(raw, have, r);
out:
	conn_close(&c);
	jcsi_free(req);
	jcsi_free(raw);
	return rc;
}

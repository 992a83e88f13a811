/*
 * probe_conn.c - a plain or TLS connection to a service under test (see
 * probe_conn.h). Every wait is bounded twice: by the probe's per-step
 * timeout and by the whole exchange's deadline.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>

#include "probe_conn.h"

long long jcsi_conn_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int left_ms(const struct jcsi_conn *c)
{
	long long l = c->deadline - jcsi_conn_now();

	if (l <= 0)
		return 0;
	return l < c->timeout_ms ? (int)l : c->timeout_ms;
}

/* Waits for the SSL call's wish; 0 ok to retry, -1 timeout/error. */
static int ssl_wait(struct jcsi_conn *c, int ret, int ms)
{
	if (ms <= 0) {
		errno = ETIMEDOUT;
		return -1;
	}
	return jcsi_tls_wait(c->fd, SSL_get_error(c->ssl, ret), ms);
}

int jcsi_conn_starttls(struct jcsi_conn *c, const char *sni)
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
		if (ssl_wait(c, ret, left_ms(c))) {
			errno = EPROTO;
			return -1;
		}
	return 0;
}

int jcsi_conn_open(struct jcsi_conn *c, const struct jcsi_service *s, int tls, int timeout_ms,
		   long long total_ms)
{
	memset(c, 0, sizeof(*c));
	c->timeout_ms = timeout_ms;
	c->deadline = jcsi_conn_now() + total_ms;
	c->fd = jcsi_net_connect((const struct sockaddr *)&s->sa, s->salen,
				 timeout_ms);
	if (c->fd < 0)
		return -1;
	return tls ? jcsi_conn_starttls(c, s->host) : 0;
}

int jcsi_conn_send(struct jcsi_conn *c, const void *buf, size_t n)
{
	const char *b = buf;

	if (!c->ssl)
		return jcsi_net_write_all(c->fd, b, n, c->timeout_ms);
	while (n) {
		int ret = SSL_write(c->ssl, b, n > INT_MAX ? INT_MAX : (int)n);

		if (ret > 0) {
			b += ret;
			n -= (size_t)ret;
		} else if (ssl_wait(c, ret, left_ms(c))) {
			return -1;
		}
	}
	return 0;
}

ssize_t jcsi_conn_recv(struct jcsi_conn *c, void *b, size_t n, int wait_ms)
{
	int ms = left_ms(c);

	if (wait_ms >= 0 && wait_ms < ms)
		ms = wait_ms;
	if (ms <= 0) {
		errno = ETIMEDOUT;
		return -1;
	}
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
		if (ssl_wait(c, ret, ms))
			return -1;
	}
}

void jcsi_conn_close(struct jcsi_conn *c)
{
	if (c->ssl)
		SSL_free(c->ssl);
	if (c->ctx)
		SSL_CTX_free(c->ctx);
	if (c->fd >= 0)
		close(c->fd);
	c->ssl = NULL;
	c->ctx = NULL;
	c->fd = -1;
	ERR_clear_error();
}

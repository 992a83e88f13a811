/*
 * probe_ident_tls.c - what runs inside TLS: a handshake through OpenSSL
 * that accepts anything (this is identification, not judgement: the tls
 * check judges versions, ciphers and certificates), then the HTTP and
 * MQTT questions of probe_ident.c over the encrypted channel.
 */
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "probe.h"
#include "probe_int.h"

/* Handshake, send REQ, read the answer into BUF; bytes read, or 0. */
static size_t exchange(const struct jcsi_probe *p,
		       const struct jcsi_service *s, SSL_CTX *ctx,
		       const uint8_t *req, size_t reqlen, uint8_t *buf,
		       size_t cap)
{
	int to = jcsi_probe_timeout_ms(p), fd, r;
	size_t got = 0;
	SSL *ssl;
	uint64_t end;

	fd = jcsi_probe_connect(p, s);
	if (fd < 0)
		return 0;
	ssl = SSL_new(ctx);
	if (!ssl || !SSL_set_fd(ssl, fd))
		goto out;
	if (s->host && strcmp(s->host, s->addr))
		SSL_set_tlsext_host_name(ssl, s->host);
	end = jcsi_now_ms() + (uint64_t)to * 3;
	while ((r = SSL_connect(ssl)) != 1)
		if (jcsi_now_ms() >= end ||
		    jcsi_tls_wait(fd, SSL_get_error(ssl, r), to))
			goto out;
	while ((r = SSL_write(ssl, req, (int)reqlen)) <= 0)
		if (jcsi_now_ms() >= end ||
		    jcsi_tls_wait(fd, SSL_get_error(ssl, r), to))
			goto out;
	while (got < cap) {
		r = SSL_read(ssl, buf + got, (int)(cap - got));
		if (r > 0) {
			got += (size_t)r;
			continue;
		}
		if (jcsi_now_ms() >= end ||
		    jcsi_tls_wait(fd, SSL_get_error(ssl, r), got ? 150 : to))
			break;
	}
out:
	if (ssl)
		SSL_free(ssl);
	close(fd);
	ERR_clear_error();
	return got;
}

void jcsi_probe_identify_tls(const struct jcsi_probe *p,
			     const struct jcsi_service *s,
			     struct jcsi_ident *id)
{
	static const enum jcsi_ident_probe inner[] = {JCSI_ID_HTTP,
						      JCSI_ID_MQTT};
	static const char *const names[] = {"https", "mqtts"};
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	uint8_t buf[4096];

	if (!ctx)
		return;
	/* old and weak servers too: level 0 allows TLS 1.0 and short keys */
	SSL_CTX_set_security_level(ctx, 0);
	SSL_CTX_set_min_proto_version(ctx, 0);
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	SSL_CTX_set_options(ctx, SSL_OP_LEGACY_SERVER_CONNECT);
	for (size_t i = 0; i < sizeof(inner) / sizeof(*inner); i++) {
		struct jcsi_ident in;
		size_t len, got;
		const uint8_t *req = jcsi_ident_request(inner[i], &len);

		memset(&in, 0, sizeof(in));
		got = exchange(p, s, ctx, req, len, buf, sizeof(buf));
		if (got && jcsi_ident_classify(inner[i], buf, got, &in)) {
			memcpy(id->name, names[i], strlen(names[i]) + 1);
			memcpy(id->product, in.product, sizeof(id->product));
			memcpy(id->banner, in.banner, sizeof(id->banner));
			break;
		}
	}
	SSL_CTX_free(ctx);
}

/*
 * probe_conn.h - one connection to a service under test, plain or TLS
 * (OpenSSL on the same non-blocking socket, no certificate verification:
 * the tls check judges certificates, the others only talk). Used by the
 * HTTP page fetches and by the logins over TLS.
 */
#ifndef JCSTAR_PROBE_CONN_H
#define JCSTAR_PROBE_CONN_H

#include <stddef.h>
#include <sys/types.h>

#include <openssl/ssl.h>

#include "probe.h"

struct jcsi_conn {
	int fd;
	SSL_CTX *ctx;
	SSL *ssl;
	long long deadline;   /* monotonic ms: the whole exchange */
	int timeout_ms;       /* one wait */
};

/* Connects to S (TLS on top when TLS; SNI from S->host when a name) with
   waits of TIMEOUT_MS and the whole connection bounded by TOTAL_MS from
   now. 0, or -1 with errno (ECONNREFUSED/ECONNRESET kept from connect;
   EPROTO when the TLS handshake failed). C is always closable. */
int jcsi_conn_open(struct jcsi_conn *c, const struct jcsi_service *s, int tls, int timeout_ms,
		   long long total_ms);
/* TLS on C's open plain connection (after a protocol's upgrade: FTP's
   AUTH TLS); SNI when a name. 0, or -1 (errno EPROTO). */
int jcsi_conn_starttls(struct jcsi_conn *c, const char *sni);
int jcsi_conn_send(struct jcsi_conn *c, const void *b, size_t n);
/* Bytes read, 0 EOF, -1 error or no byte within min(WAIT_MS, the wait,
   what is left of the whole); errno ETIMEDOUT then. */
ssize_t jcsi_conn_recv(struct jcsi_conn *c, void *b, size_t n, int wait_ms);
void jcsi_conn_close(struct jcsi_conn *c);

/* Monotonic milliseconds. */
long long jcsi_conn_now(void);

#endif

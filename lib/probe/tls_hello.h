/*
 * tls_hello.h - our own TLS ClientHello and the parser of what a server
 * answers to it (ServerHello, HelloRetryRequest or alert). OpenSSL 3 in
 * Debian will not offer SSLv3, and TLS 1.0/1.1 or NULL/anonymous suites
 * only reluctantly, yet those are exactly what the TLS check must ask a
 * device about; one handshake message is all it takes to learn whether a
 * server accepts them. No network here: bytes in, bytes out.
 */
#ifndef JCSTAR_TLS_HELLO_H
#define JCSTAR_TLS_HELLO_H

#include <stddef.h>
#include <stdint.h>

#define JCSI_TLS_SSL3 0x0300
#define JCSI_TLS_10 0x0301
#define JCSI_TLS_11 0x0302
#define JCSI_TLS_12 0x0303
#define JCSI_TLS_13 0x0304

/* Largest ClientHello we build (the suites of data/probe/tls-ciphers.tsv
   and our extensions fit with room to spare). */
#define JCSI_TLS_HELLO_MAX 2048

/*
 * Builds a ClientHello record offering VERSION with the NSUITES cipher
 * SUITES, and server name SNI (NULL or an address literal: none). For TLS
 * 1.3 the legacy version is TLS 1.2 and supported_versions names 1.3 only,
 * with an empty key_share (a server that speaks 1.3 answers with a
 * HelloRetryRequest, which is all we need to know). For SSLv3 no
 * extensions are sent. RANDOM is the 32-byte client random (fixed by the
 * unit tests, random otherwise). Returns the length written to OUT, 0 if
 * it does not fit in CAP or an argument is bad.
 */
size_t jcsi_tls_client_hello(uint8_t *out, size_t cap, uint16_t version,
			     const uint16_t *suites, size_t nsuites,
			     const char *sni, const uint8_t random[32]);

enum jcsi_tls_reply_kind {
	JCSI_TLS_NEED_MORE,   /* a prefix of a valid reply: read more */
	JCSI_TLS_SERVER_HELLO,/* a ServerHello (or HelloRetryRequest) */
	JCSI_TLS_ALERT,       /* the server refused with an alert */
	JCSI_TLS_GARBAGE,     /* not TLS, or malformed */
};

struct jcsi_tls_reply {
	enum jcsi_tls_reply_kind kind;
	uint16_t version;     /* negotiated: supported_versions if present,
				 else the ServerHello's version */
	uint16_t suite;       /* chosen cipher suite */
	int retry;            /* a HelloRetryRequest */
	uint8_t alert_level, alert_desc;
};

/* Reads the first LEN bytes a server sent after our ClientHello. Hostile
   input: every length is checked, nothing is read past LEN. */
void jcsi_tls_parse_reply(const uint8_t *buf, size_t len,
			  struct jcsi_tls_reply *out);

/* "TLS 1.0", "SSLv3", ...; "unknown" for others. */
const char *jcsi_tls_version_name(uint16_t version);

#endif

/*
 * probe_tls.h - the parts of the "tls" probe check: protocol versions and
 * cipher suites with our own ClientHello (probe_tls.c), the certificate
 * chain through OpenSSL (probe_tls_cert.c).
 */
#ifndef JCSTAR_PROBE_TLS_H
#define JCSTAR_PROBE_TLS_H

#include "probe.h"

extern const struct jcsi_probe_check jcsi_probe_check_tls;

/* Connects with OpenSSL (verification off, every version and suite it
   still has), fetches the chain and emits the live.cert-* findings.
   Nonzero if no certificate could be fetched (a limitation is recorded). */
int jcsi_tls_cert_check(struct jcsi_probe *p, const struct jcsi_service *s);

/* "10.77.1.2:443", "[::1]:8443" into BUF. */
void jcsi_tls_where(const struct jcsi_service *s, char *buf, size_t len);

#endif

/*
 * probe_http_client.c - one GET to a service under test, plain or TLS
 * (probe_conn.c: no certificate verification, the TLS check judges
 * certificates, this only reads pages). Every read waits at most the
 * probe's timeout and the whole exchange four times it; at most
 * JCSI_HTTP_HEAD_MAX + JCSI_HTTP_BODY_MAX (+ chunk framing slack) bytes
 * are read, the rest is never asked for.
 */
#include <stdio.h>
#include <string.h>

#include "../core/mem.h"
#include "probe_conn.h"
#include "probe_http.h"

#define READ_MAX (JCSI_HTTP_HEAD_MAX + JCSI_HTTP_BODY_MAX + 16384)

jcs_rc jcsi_http_get(const struct jcsi_probe *p, const struct jcsi_service *s,
		     const char *path, struct jcsi_http_reply *r)
{
	struct jcsi_conn c = {.fd = -1};
	int timeout = jcsi_probe_timeout_ms(p);
	int tls = s->tls || (s->name && !strcmp(s->name, "https"));
	int v6 = s->addr && strchr(s->addr, ':');
	char *req = NULL, *raw = NULL;
	size_t have = 0;
	jcs_rc rc = JCS_E_IO;

	memset(r, 0, sizeof(*r));
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
	if (jcsi_conn_open(&c, s, tls, timeout, 4LL * timeout) ||
	    jcsi_conn_send(&c, req, strlen(req)))
		goto out;
	while (have < READ_MAX) {
		ssize_t n = jcsi_conn_recv(&c, raw + have, READ_MAX - have, -1);

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
	jcsi_conn_close(&c);
	jcsi_free(req);
	jcsi_free(raw);
	return rc;
}

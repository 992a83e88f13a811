/*
 * probe_scope.c - which hosts a probe may touch: only those given. A
 * range, or more than a handful of hosts, is easy to type by mistake
 * and reaches devices that are not the user's: it needs --i-own-this.
 * Names are resolved once, here, so every later connection goes to the
 * same address.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/mem.h"
#include "probe_int.h"

int jcsi_probe_is_range(const char *spec)
{
	return spec && strchr(spec, '/') != NULL;
}

jcs_rc jcsi_probe_scope(const char *const *hosts, size_t n, int own,
			char *err, size_t errlen)
{
	if (n == 0) {
		snprintf(err, errlen, "no host given");
		return JCS_E_ARG;
	}
	for (size_t i = 0; i < n; i++) {
		if (!hosts[i] || !hosts[i][0]) {
			snprintf(err, errlen, "empty host name");
			return JCS_E_ARG;
		}
		if (jcsi_probe_is_range(hosts[i]) && !own) {
			snprintf(err, errlen, "%s is a range: probing ranges "
				 "needs --i-own-this (only probe devices you "
				 "own or may test)", hosts[i]);
			return JCS_E_ARG;
		}
	}
	if (n > JCSI_PROBE_MAX_HOSTS_UNCONFIRMED && !own) {
		snprintf(err, errlen, "%zu hosts: more than %d need "
			 "--i-own-this (only probe devices you own or may "
			 "test)", n, JCSI_PROBE_MAX_HOSTS_UNCONFIRMED);
		return JCS_E_ARG;
	}
	return JCS_OK;
}

static jcs_rc push(struct jcsi_target **v, size_t *n, const char *host,
		   const struct sockaddr *sa, socklen_t salen, char *err,
		   size_t errlen)
{
	char addr[INET6_ADDRSTRLEN];
	struct jcsi_target *t;

	if (*n >= JCSI_PROBE_MAX_HOSTS) {
		snprintf(err, errlen, "more than %d hosts in all",
			 JCSI_PROBE_MAX_HOSTS);
		return JCS_E_LIMIT;
	}
	if (getnameinfo(sa, salen, addr, sizeof(addr), NULL, 0,
			NI_NUMERICHOST) != 0) {
		snprintf(err, errlen, "%s: no numeric address", host);
		return JCS_E_ARG;
	}
	/* the same address twice is probed once */
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*v)[i].addr, addr))
			return JCS_OK;
	t = jcsi_realloc(*v, (*n + 1) * sizeof(**v));
	if (!t)
		return JCS_E_NOMEM;
	*v = t;
	t = &t[*n];
	memset(t, 0, sizeof(*t));
	t->host = jcsi_strdup(host);
	t->addr = jcsi_strdup(addr);
	if (!t->host || !t->addr) {
		jcsi_free(t->host);
		jcsi_free(t->addr);
		return JCS_E_NOMEM;
	}
	memcpy(&t->sa, sa, salen);
	t->salen = salen;
	(*n)++;
	return JCS_OK;
}

/* An IPv4 CIDR range, every address of it (network and broadcast
   included: a point-to-point /31 or /32 has no others). */
static jcs_rc expand_v4(const char *spec, struct jcsi_target **v, size_t *n,
			char *err, size_t errlen)
{
	char base[64];
	const char *slash = strchr(spec, '/');
	char *end;
	long bits;
	struct sockaddr_in sin;
	uint32_t a, mask, count;

	if ((size_t)(slash - spec) >= sizeof(base))
		goto bad;
	memcpy(base, spec, (size_t)(slash - spec));
	base[slash - spec] = '\0';
	bits = strtol(slash + 1, &end, 10);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	if (*end || end == slash + 1 || bits < 0 || bits > 32 ||
	    inet_pton(AF_INET, base, &sin.sin_addr) != 1)
		goto bad;
	if (bits < 16) {
		snprintf(err, errlen, "%s: ranges larger than a /16 are "
			 "refused", spec);
		return JCS_E_LIMIT;
	}
	mask = bits ? ~0u << (32 - bits) : 0;
	a = ntohl(sin.sin_addr.s_addr) & mask;
	count = bits == 32 ? 1 : 1u << (32 - bits);
	for (uint32_t i = 0; i < count; i++) {
		char host[INET_ADDRSTRLEN];
		jcs_rc rc;

		sin.sin_addr.s_addr = htonl(a + i);
		inet_ntop(AF_INET, &sin.sin_addr, host, sizeof(host));
		rc = push(v, n, host, (struct sockaddr *)&sin, sizeof(sin),
			  err, errlen);
		if (rc != JCS_OK)
			return rc;
	}
	return JCS_OK;
bad:
	snprintf(err, errlen, "%s: not an IPv4 range (IPv6 ranges are not "
		 "supported)", spec);
	return JCS_E_ARG;
}

jcs_rc jcsi_probe_targets(const char *const *hosts, size_t n,
			  struct jcsi_target **out, size_t *nout, char *err,
			  size_t errlen)
{
	struct jcsi_target *v = NULL;
	size_t nv = 0;
	jcs_rc rc = JCS_OK;

	for (size_t i = 0; i < n && rc == JCS_OK; i++) {
		struct addrinfo hints, *res = NULL, *ai;
		int g;

		if (jcsi_probe_is_range(hosts[i])) {
			rc = expand_v4(hosts[i], &v, &nv, err, errlen);
			continue;
		}
		memset(&hints, 0, sizeof(hints));
		hints.ai_socktype = SOCK_STREAM;
		hints.ai_family = AF_UNSPEC;
		g = getaddrinfo(hosts[i], NULL, &hints, &res);
		if (g != 0) {
			snprintf(err, errlen, "%s: %s", hosts[i],
				 gai_strerror(g));
			rc = JCS_E_ARG;
			break;
		}
		/* one address per name: the first the resolver prefers */
		for (ai = res; ai; ai = ai->ai_next)
			if (ai->ai_family == AF_INET ||
			    ai->ai_family == AF_INET6)
				break;
		if (ai)
			rc = push(&v, &nv, hosts[i], ai->ai_addr,
				  ai->ai_addrlen, err, errlen);
		else {
			snprintf(err, errlen, "%s: no IPv4 or IPv6 address",
				 hosts[i]);
			rc = JCS_E_ARG;
		}
		freeaddrinfo(res);
	}
	if (rc != JCS_OK) {
		jcsi_probe_targets_free(v, nv);
		return rc;
	}
	*out = v;
	*nout = nv;
	return JCS_OK;
}

void jcsi_probe_targets_free(struct jcsi_target *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		jcsi_free(t[i].host);
		jcsi_free(t[i].addr);
	}
	jcsi_free(t);
}

/*
 * probe_udp_ssdp.c - SSDP (UPnP discovery) and the UPnP device
 * description: the unicast M-SEARCH sent to the target only, the
 * LOCATION of its answer, and the services (type, controlURL) the
 * description lists. A UPnP IGD that lists WANIPConnection or
 * WANPPPConnection lets anyone who reaches it open ports in the router
 * (AddPortMapping), without authentication by design of the protocol.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "probe_udp.h"

size_t jcsi_ssdp_msearch(const char *hostport, char *out, size_t cap)
{
	int n = snprintf(out, cap,
			 "M-SEARCH * HTTP/1.1\r\n"
			 "HOST: %s\r\n"
			 "MAN: \"ssdp:discover\"\r\n"
			 "MX: 1\r\n"
			 "ST: ssdp:all\r\n"
			 "USER-AGENT: jcstar/1 UPnP/1.1 probe/1\r\n"
			 "\r\n",
			 hostport);

	return n < 0 || (size_t)n >= cap ? 0 : (size_t)n;
}

/* Line [*POS, eol) of BUF; advances *POS past the CRLF/LF. */
static int next_line(const uint8_t *buf, size_t len, size_t *pos,
		     const uint8_t **line, size_t *llen)
{
	size_t i = *pos;

	if (i >= len)
		return 0;
	*line = buf + i;
	while (i < len && buf[i] != '\n')
		i++;
	*llen = i - *pos;
	if (*llen && (*line)[*llen - 1] == '\r')
		(*llen)--;
	*pos = i < len ? i + 1 : len;
	return 1;
}

int jcsi_ssdp_header(const uint8_t *buf, size_t len, const char *name,
		     char *out, size_t cap)
{
	const uint8_t *l;
	size_t ll, pos = 0, nl = strlen(name);

	if (!cap)
		return 0;
	out[0] = '\0';
	/* a search answer is an HTTP response; a NOTIFY would be a request */
	if (!next_line(buf, len, &pos, &l, &ll) || ll < 12 ||
	    memcmp(l, "HTTP/1.", 7) || memcmp(l + 8, " 200", 4))
		return 0;
	while (next_line(buf, len, &pos, &l, &ll) && ll) {
		size_t v;

		if (ll < nl + 1 || strncasecmp((const char *)l, name, nl) ||
		    l[nl] != ':')
			continue;
		v = nl + 1;
		while (v < ll && (l[v] == ' ' || l[v] == '\t'))
			v++;
		while (ll > v && (l[ll - 1] == ' ' || l[ll - 1] == '\t'))
			ll--;
		if (ll == v || ll - v >= cap)
			return 0;
		for (size_t i = v; i < ll; i++)
			if (l[i] < 0x20 || l[i] > 0x7e)
				return 0;   /* printable text only */
		memcpy(out, l + v, ll - v);
		out[ll - v] = '\0';
		return 1;
	}
	return 0;
}

int jcsi_ssdp_location(const uint8_t *buf, size_t len, char *url, size_t cap)
{
	if (!jcsi_ssdp_header(buf, len, "LOCATION", url, cap))
		return 0;
	if (strchr(url, ' ')) {     /* no URL has these */
		url[0] = '\0';
		return 0;
	}
	return 1;
}

/* The first <TAG> ... </TAG> in [p, end) (TAG without namespace prefix
   handling: UPnP descriptions use the default namespace). Sets the
   content range; returns the position after the closing tag or NULL. */
static const char *element(const char *p, const char *end, const char *tag,
			   const char **c, size_t *clen)
{
	size_t tl = strlen(tag);

	for (; p && (size_t)(end - p) >= tl + 2; p++) {
		const char *q;

		if (*p != '<' || strncmp(p + 1, tag, tl) ||
		    (p[tl + 1] != '>' && p[tl + 1] != ' '))
			continue;
		q = memchr(p, '>', (size_t)(end - p));
		if (!q)
			return NULL;
		*c = q + 1;
		for (q++; (size_t)(end - q) >= tl + 3; q++)
			if (q[0] == '<' && q[1] == '/' &&
			    !strncmp(q + 2, tag, tl) && q[tl + 2] == '>') {
				*clen = (size_t)(q - *c);
				return q + tl + 3;
			}
		return NULL;
	}
	return NULL;
}

/* Content of <TAG> inside [p, end), trimmed, into OUT ("" if none). */
static void text_of(const char *p, const char *end, const char *tag,
		    char *out, size_t cap)
{
	const char *c;
	size_t n;

	out[0] = '\0';
	if (!element(p, end, tag, &c, &n))
		return;
	while (n && (*c == ' ' || *c == '\t' || *c == '\r' || *c == '\n')) {
		c++;
		n--;
	}
	while (n && (c[n - 1] == ' ' || c[n - 1] == '\t' ||
		     c[n - 1] == '\r' || c[n - 1] == '\n'))
		n--;
	if (n >= cap)
		n = cap - 1;
	for (size_t i = 0; i < n; i++)
		out[i] = (c[i] >= 0x20 && c[i] < 0x7f) ? c[i] : '?';
	out[n] = '\0';
}

size_t jcsi_upnp_services(const char *xml, size_t len,
			  struct jcsi_upnp_service *out, size_t max)
{
	const char *p = xml, *end = xml + len;
	size_t n = 0;

	while (n < max) {
		const char *c;
		size_t clen;

		p = element(p, end, "service", &c, &clen);
		if (!p)
			break;
		text_of(c, c + clen, "serviceType", out[n].type,
			sizeof(out[n].type));
		text_of(c, c + clen, "controlURL", out[n].control,
			sizeof(out[n].control));
		n++;
	}
	return n;
}

int jcsi_upnp_maps_ports(const char *t)
{
	return strstr(t, ":service:WANIPConnection:") != NULL ||
	       strstr(t, ":service:WANPPPConnection:") != NULL;
}

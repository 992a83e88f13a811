/*
 * probe_ports.c - the set of TCP ports a probe tries: parsed from
 * --ports, all of them (--all-ports), or the list of ports IoT devices
 * commonly expose (data/probe/ports.tsv), with the service each port
 * usually carries so identification asks the likely protocol first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/datafile.h"
#include "probe_int.h"

/* The service hints ports.tsv may use: identification knows these. */
static const char *const hint_names[] = {
	"", "telnet", "ftp", "ssh", "http", "https", "rtsp", "mqtt", "mqtts",
	"tls", "dns", "tr069", "upnp", "unknown", NULL,
};

void jcsi_ports_clear(struct jcsi_portset *ps)
{
	memset(ps, 0, sizeof(*ps));
}

void jcsi_ports_add(struct jcsi_portset *ps, unsigned port)
{
	if (port == 0 || port > 65535 || jcsi_ports_has(ps, port))
		return;
	ps->bits[port / 8] |= (uint8_t)(1u << (port % 8));
	ps->n++;
}

int jcsi_ports_has(const struct jcsi_portset *ps, unsigned port)
{
	if (port == 0 || port > 65535)
		return 0;
	return (ps->bits[port / 8] >> (port % 8)) & 1;
}

void jcsi_ports_all(struct jcsi_portset *ps)
{
	for (unsigned p = 1; p <= 65535; p++)
		jcsi_ports_add(ps, p);
}

const char *jcsi_ports_hint(const struct jcsi_portset *ps, unsigned port)
{
	if (port == 0 || port > 65535 || !ps->hint[port])
		return NULL;
	return hint_names[ps->hint[port]];
}

/* A decimal port 1-65535 at *S, advancing it; -1 if there is none. */
static long port_at(const char **s)
{
	long v = 0;
	const char *p = *s;

	if (*p < '0' || *p > '9')
		return -1;
	while (*p >= '0' && *p <= '9') {
		v = v * 10 + (*p - '0');
		if (v > 65535)
			return -1;
		p++;
	}
	*s = p;
	return v >= 1 ? v : -1;
}

jcs_rc jcsi_ports_parse(const char *list, struct jcsi_portset *ps, char *err,
			size_t errlen)
{
	const char *s = list;

	if (!list || !*list) {
		snprintf(err, errlen, "empty port list");
		return JCS_E_ARG;
	}
	for (;;) {
		const char *item = s;
		long lo = port_at(&s), hi;

		if (lo < 0) {
			snprintf(err, errlen, "bad port at '%.20s' (want "
				 "1-65535, e.g. 22,80,8000-8100)", item);
			return JCS_E_ARG;
		}
		hi = lo;
		if (*s == '-') {
			s++;
			hi = port_at(&s);
			if (hi < 0 || hi < lo) {
				snprintf(err, errlen, "bad port range at "
					 "'%.20s'", item);
				return JCS_E_ARG;
			}
		}
		for (long p = lo; p <= hi; p++)
			jcsi_ports_add(ps, (unsigned)p);
		if (*s == '\0')
			return JCS_OK;
		if (*s != ',') {
			snprintf(err, errlen, "bad port list at '%.20s'", s);
			return JCS_E_ARG;
		}
		s++;
	}
}

struct load_ctx {
	struct jcsi_portset *ps;
	int hints_only;
};

static jcs_rc port_line(char *line, const char *path, unsigned no,
			void *user, char *err, size_t errlen)
{
	struct load_ctx *c = user;
	const char *s = line;
	char *tab = strchr(line, '\t');
	long port;
	unsigned h;

	if (!tab) {
		snprintf(err, errlen, "%s:%u: want port TAB service", path, no);
		return JCS_E_FORMAT;
	}
	*tab = '\0';
	port = port_at(&s);
	if (port < 0 || *s) {
		snprintf(err, errlen, "%s:%u: bad port '%s'", path, no, line);
		return JCS_E_FORMAT;
	}
	for (h = 1; hint_names[h]; h++)
		if (!strcmp(hint_names[h], tab + 1))
			break;
	if (!hint_names[h]) {
		snprintf(err, errlen, "%s:%u: unknown service '%s'", path, no,
			 tab + 1);
		return JCS_E_FORMAT;
	}
	if (c->ps->hint[port]) {
		snprintf(err, errlen, "%s:%u: port %ld listed twice", path, no,
			 port);
		return JCS_E_FORMAT;
	}
	c->ps->hint[port] = (uint8_t)h;
	if (!c->hints_only)
		jcsi_ports_add(c->ps, (unsigned)port);
	return JCS_OK;
}

jcs_rc jcsi_ports_load(const char *path, struct jcsi_portset *ps,
		       int hints_only, char *err, size_t errlen)
{
	struct load_ctx c = {ps, hints_only};

	return jcsi_data_lines(path, port_line, &c, err, errlen);
}

/*
 * fuzz_probe_udp_input.h - the UDP reply parsers of the probe's "udp"
 * check (lib/probe/probe_udp_*.c) on fuzzer bytes. The first byte picks
 * the parser (SSDP LOCATION, UPnP description, mDNS, SNMP, TFTP, CoAP +
 * link format), the rest is the datagram. Laws checked (abort if broken):
 * results stay inside the input and the output buffers, counts within
 * their limits, a CoAP payload inside the datagram, an SNMP request of
 * ours never parses as an answer. Shared by fuzz_probe_udp.c and
 * replay.c.
 */
#ifndef JCSTAR_FUZZ_PROBE_UDP_INPUT_H
#define JCSTAR_FUZZ_PROBE_UDP_INPUT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/probe/probe_udp.h"

static inline void fuzz_udp_law(int ok, const char *law)
{
	if (ok)
		return;
	fprintf(stderr, "fuzz_probe_udp: %s broken\n", law);
	abort();
}

static inline void fuzz_udp_name(const char *name, void *user)
{
	size_t *total = user;

	*total += strlen(name);
}

static inline void fuzz_probe_udp_one(const uint8_t *d, size_t n)
{
	uint8_t *b;
	size_t len, total = 0;

	if (!n)
		return;
	len = n - 1;
	/* an exact-size copy: ASan sees any read past the datagram */
	b = malloc(len ? len : 1);
	if (!b)
		return;
	memcpy(b, d + 1, len);
	switch (d[0] % 6) {
	case 0: {
		char url[512];

		if (jcsi_ssdp_location(b, len, url, sizeof(url)))
			fuzz_udp_law(strlen(url) < len && url[0], "ssdp url");
		if (jcsi_ssdp_header(b, len, "SERVER", url, sizeof(url)))
			fuzz_udp_law(strlen(url) < len && url[0] &&
				     url[0] != ' ', "ssdp header");
		break;
	}
	case 1: {
		static struct jcsi_upnp_service sv[8];

		fuzz_udp_law(jcsi_upnp_services((const char *)b, len, sv, 8) <= 8,
			     "upnp max");
		break;
	}
	case 2:
		fuzz_udp_law(jcsi_mdns_ptrs(b, len, fuzz_udp_name, &total) >= -1,
			     "mdns result");
		break;
	case 3: {
		struct jcsi_snmp_reply r;
		uint8_t q[512];
		char comm[64];
		size_t cl = len < 63 ? len : 63, qn;

		(void)jcsi_snmp_parse(b, len, &r);
		memcpy(comm, b, cl);
		comm[cl] = '\0';
		qn = jcsi_snmp_get_sysdescr(len & 1, comm, (int32_t)len, q,
					    sizeof(q));
		fuzz_udp_law(qn > 0, "snmp request built");
		fuzz_udp_law(!jcsi_snmp_parse(q, qn, &r), "request != answer");
		break;
	}
	case 4: {
		char msg[64];
		int op = jcsi_tftp_parse(b, len, msg, sizeof(msg));

		fuzz_udp_law(op == 0 || op == 3 || op == 5 || op == 6, "tftp op");
		fuzz_udp_law(strlen(msg) < sizeof(msg), "tftp msg");
		break;
	}
	default: {
		struct jcsi_coap_msg m;

		if (jcsi_coap_parse(b, len, &m) && m.payload) {
			fuzz_udp_law(m.payload > b && m.payload_len > 0 &&
					     m.payload + m.payload_len == b + len,
				     "coap payload inside");
			(void)jcsi_coap_links(m.payload, m.payload_len,
					      fuzz_udp_name, &total);
		}
		(void)jcsi_coap_links(b, len, fuzz_udp_name, &total);
		break;
	}
	}
	free(b);
}

#endif

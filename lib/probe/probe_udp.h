/*
 * probe_udp.h - the UDP side of `jcstar probe` (check "udp"): one small
 * request builder and one reply parser per protocol (SSDP, UPnP device
 * description, mDNS, SNMP, TFTP, CoAP). The builders and parsers are pure
 * (no I/O, bounded by the length given, never trusting a length field of
 * the reply), so the unit tests and the fuzz target call them directly;
 * probe_udp.c does the sending and the findings. For lib/probe only.
 */
#ifndef JCSTAR_PROBE_UDP_H
#define JCSTAR_PROBE_UDP_H

#include <stddef.h>
#include <stdint.h>

#include "probe.h"

/* Largest UDP reply read (and parsed). */
#define JCSI_UDP_REPLY_MAX 4096

/*
 * Send REQ to S (port set) and wait for one reply from S's address
 * (from S's port too, unless ANY_PORT: TFTP answers from a new port),
 * TIMEOUT_MS, then send once more and wait again: UDP has no connect().
 * Returns the reply length, 0 if nothing came back (filtered or closed,
 * unknown), JCSI_UDP_CLOSED when the host said the port is closed (ICMP
 * port unreachable), -1 on a local error (errno).
 */
#define JCSI_UDP_CLOSED (-2)
ssize_t jcsi_udp_exchange(const struct jcsi_service *s, const void *req,
			  size_t reqlen, uint8_t *reply, size_t cap,
			  int timeout_ms, int any_port);

/* --- SSDP / UPnP (probe_udp_ssdp.c) ---------------------------------- */

/* The M-SEARCH for ssdp:all sent to one host (unicast: HOSTPORT is the
   target's "addr:1900", never the multicast group). Length, or 0 if CAP
   is too small. */
size_t jcsi_ssdp_msearch(const char *hostport, char *out, size_t cap);
/* The value of header NAME ("SERVER") of an M-SEARCH answer (HTTP/1.x
   200), blanks around it trimmed, into OUT: 1, or 0 when absent, empty,
   too long for CAP or not printable text. */
int jcsi_ssdp_header(const uint8_t *buf, size_t len, const char *name,
		     char *out, size_t cap);

/* LOCATION of an SSDP reply ("HTTP/1.1 200 OK" + headers) into URL.
   1 found, 0 not an SSDP reply or no LOCATION (or longer than CAP). */
int jcsi_ssdp_location(const uint8_t *buf, size_t len, char *url,
		       size_t cap);

/* One <service> of a UPnP device description. */
struct jcsi_upnp_service {
	char type[128];     /* serviceType, "" missing */
	char control[256];  /* controlURL, "" missing */
};
/* The services of description XML (any nesting of devices), at most
   MAX into OUT; returns how many. Entities are left as they are. */
size_t jcsi_upnp_services(const char *xml, size_t len,
			  struct jcsi_upnp_service *out, size_t max);
/* Nonzero for the IGD services that map ports (WANIPConnection,
   WANPPPConnection: AddPortMapping). */
int jcsi_upnp_maps_ports(const char *service_type);

/* --- mDNS (probe_udp_mdns.c) ------------------------------------------ */

/* The DNS query (QU bit set: answer by unicast) for PTR
   _services._dns-sd._udp.local. Length, 0 if CAP is too small. */
size_t jcsi_mdns_query(uint8_t *out, size_t cap);
/* Calls FN for each PTR answer's target name in a DNS response (dotted,
   without the trailing dot). Returns the number of names, -1 if BUF is
   not a well-formed response. Compression pointers followed with a hop
   limit (no loops). */
int jcsi_mdns_ptrs(const uint8_t *buf, size_t len,
		   void (*fn)(const char *name, void *user), void *user);

/* --- SNMP (probe_udp_snmp.c) ------------------------------------------ */

/* A GetRequest for sysDescr.0 (1.3.6.1.2.1.1.1.0), VERSION 0 (v1) or 1
   (v2c), with COMMUNITY and REQID, BER encoded. Length, 0 if CAP is too
   small or the community is longer than 255 bytes. */
size_t jcsi_snmp_get_sysdescr(int version, const char *community,
			      int32_t reqid, uint8_t *out, size_t cap);

struct jcsi_snmp_reply {
	int version;
	char community[64];
	int32_t reqid;
	int error_status;
	char value[256];    /* the first varbind's value if a string, "" */
};
/* Decodes a GetResponse. 1 ok, 0 not a (well-formed) GetResponse. */
int jcsi_snmp_parse(const uint8_t *buf, size_t len,
		    struct jcsi_snmp_reply *r);

/* --- TFTP (probe_udp_tftp.c) ------------------------------------------ */

/* RRQ for FILE, mode octet. Length, 0 if CAP is too small. */
size_t jcsi_tftp_rrq(const char *file, uint8_t *out, size_t cap);
/* What a TFTP reply is: 3 DATA, 5 ERROR, 6 OACK; 0 not TFTP. For an
   ERROR, MSG gets the printable message. */
int jcsi_tftp_parse(const uint8_t *buf, size_t len, char *msg, size_t cap);

/* --- CoAP (probe_udp_coap.c) ------------------------------------------ */

/* A confirmable GET /.well-known/core with message id MID and a 2-byte
   token. Length, 0 if CAP is too small. */
size_t jcsi_coap_get_core(uint16_t mid, uint16_t token, uint8_t *out,
			  size_t cap);

struct jcsi_coap_msg {
	int type;           /* 0 CON, 1 NON, 2 ACK, 3 RST */
	int code;           /* class * 100 + detail: 205 = 2.05 Content */
	uint16_t mid;
	size_t tkl;
	uint8_t token[8];
	const uint8_t *payload;  /* into the buffer; NULL none */
	size_t payload_len;
};
/* Parses a CoAP message (RFC 7252 section 3). 1 ok, 0 malformed. */
int jcsi_coap_parse(const uint8_t *buf, size_t len, struct jcsi_coap_msg *m);
/* Calls FN for each target "</path>" of a CoRE link-format payload
   (RFC 6690), without the angle brackets. Returns the number of links. */
int jcsi_coap_links(const uint8_t *p, size_t len,
		    void (*fn)(const char *path, void *user), void *user);

#endif

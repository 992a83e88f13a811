/*
 * probe_ident.c - what answers on an open port, from what it says first
 * (telnet option negotiation, an FTP 220, an SSH-2.0 banner) or how it
 * answers a request of ours (HTTP HEAD, RTSP OPTIONS, an MQTT CONNECT, a
 * TLS ClientHello). The classifier is pure over the bytes received, so
 * the unit tests and the fuzz target feed it canned and hostile input;
 * the network side sits below it.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "probe.h"
#include "probe_int.h"

#define IAC 255
#define DONT 254
#define DO 253
#define WONT 252
#define WILL 251
#define SB 250
#define SE 240

static void set(char *dst, size_t cap, const char *src, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n && k + 1 < cap; i++) {
		unsigned char c = (unsigned char)src[i];

		if (c == '\r' || c == '\n')
			break;
		dst[k++] = isprint(c) ? (char)c : '?';
	}
	dst[k] = '\0';
}

static int starts(const uint8_t *b, size_t n, const char *s)
{
	size_t k = strlen(s);

	return n >= k && !memcmp(b, s, k);
}

/* Case-insensitive search for NEEDLE in the first N bytes of B. */
static const uint8_t *find(const uint8_t *b, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; k && i + k <= n; i++) {
		size_t j = 0;

		while (j < k && tolower(b[i + j]) == tolower((unsigned char)needle[j]))
			j++;
		if (j == k)
			return b + i;
	}
	return NULL;
}

void jcsi_ident_printable(const uint8_t *buf, size_t len, char *out,
			  size_t cap)
{
	size_t k = 0;
	int gap = 0;

	if (!cap)
		return;
	for (size_t i = 0; i < len && k + 1 < cap; i++) {
		uint8_t c = buf[i];

		if (c == IAC && i + 1 < len) {
			/* IAC cmd [opt], or a subnegotiation up to IAC SE */
			uint8_t cmd = buf[i + 1];

			if (cmd == SB) {
				i += 2;
				while (i + 1 < len &&
				       !(buf[i] == IAC && buf[i + 1] == SE))
					i++;
				i++;
			} else if (cmd >= WILL && cmd <= DONT) {
				i += 2;
			} else {
				i++;
			}
			continue;
		}
		if (c == '\r' || c == '\n' || c == '\t' || c == ' ') {
			gap = c == '\n' ? 2 : gap ? gap : 1;
			continue;
		}
		if (c < 0x20 || c >= 0x7f)
			continue;
		if (gap && k > 0) {
			const char *sep = gap == 2 ? " | " : " ";

			for (; *sep && k + 1 < cap; sep++)
				out[k++] = *sep;
		}
		gap = 0;
		if (k + 1 < cap)
			out[k++] = (char)c;
	}
	out[k] = '\0';
}

/* The value of header NAME ("Server") in an HTTP/RTSP response. */
static void header(const uint8_t *b, size_t n, const char *name, char *out,
		   size_t cap)
{
	size_t k = strlen(name);

	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && b[i - 1] != '\n')
			continue;
		if (i + k + 1 > n || strncasecmp((const char *)b + i, name, k) ||
		    b[i + k] != ':')
			continue;
		i += k + 1;
		while (i < n && (b[i] == ' ' || b[i] == '\t'))
			i++;
		set(out, cap, (const char *)b + i, n - i);
		return;
	}
}

static int greeting(const uint8_t *b, size_t n, struct jcsi_ident *id)
{
	if (b[0] == IAC) {
		snprintf(id->name, sizeof(id->name), "telnet");
		return 1;
	}
	if (starts(b, n, "SSH-")) {
		const uint8_t *dash = NULL, *nl = memchr(b, '\n', n);
		size_t k = 0;

		/* "SSH-2.0-": the software version after the second dash
		   (a loop, not memchr: GCC's -Wstringop-overread under ASan
		   misreads the bound) */
		for (size_t i = 4; i < n && !dash; i++)
			if (b[i] == '-')
				dash = b + i;
		/* the binary KEXINIT that follows is not a banner */
		snprintf(id->name, sizeof(id->name), "ssh");
		jcsi_ident_printable(b, nl ? (size_t)(nl - b) : n, id->banner,
				     sizeof(id->banner));
		if (dash) {
			dash++;
			while (dash + k < b + n && dash[k] > ' ' && dash[k] < 0x7f)
				k++;
			set(id->product, sizeof(id->product),
			    (const char *)dash, k);
		}
		return 1;
	}
	if (starts(b, n, "220") && n > 3 && (b[3] == ' ' || b[3] == '-')) {
		const uint8_t *end = memchr(b, '\n', n);
		size_t line = end ? (size_t)(end - b) : n;
		const uint8_t *lp = memchr(b, '(', line);

		if (find(b, line, "SMTP")) {
			snprintf(id->name, sizeof(id->name), "smtp");
			return 1;
		}
		snprintf(id->name, sizeof(id->name), "ftp");
		/* "220 (vsFTPd 3.0.3)", "220 ProFTPD Server ..." */
		if (lp) {
			const uint8_t *rp = memchr(lp, ')', line - (size_t)(lp - b));

			if (rp)
				set(id->product, sizeof(id->product),
				    (const char *)lp + 1, (size_t)(rp - lp - 1));
		}
		return 1;
	}
	if (starts(b, n, "HTTP/")) {
		snprintf(id->name, sizeof(id->name), "http");
		header(b, n, "Server", id->product, sizeof(id->product));
		return 1;
	}
	if (starts(b, n, "RTSP/")) {
		snprintf(id->name, sizeof(id->name), "rtsp");
		header(b, n, "Server", id->product, sizeof(id->product));
		return 1;
	}
	if (find(b, n, "login:") || find(b, n, "username:")) {
		/* a login prompt without option negotiation: a bare telnet */
		snprintf(id->name, sizeof(id->name), "telnet");
		return 1;
	}
	return 0;
}

int jcsi_ident_classify(enum jcsi_ident_probe probe, const uint8_t *b,
			size_t n, struct jcsi_ident *id)
{
	if (!n)
		return 0;
	if (probe == JCSI_ID_GREETING || !id->banner[0])
		jcsi_ident_printable(b, n, id->banner, sizeof(id->banner));
	switch (probe) {
	case JCSI_ID_GREETING:
		return greeting(b, n, id);
	case JCSI_ID_HTTP:
	case JCSI_ID_RTSP:
		if (starts(b, n, "HTTP/") || starts(b, n, "RTSP/"))
			return greeting(b, n, id);
		return 0;
	case JCSI_ID_MQTT:
		/* CONNACK: type 2, remaining length 2, flags, return code */
		if (n >= 4 && b[0] == 0x20 && b[1] == 0x02) {
			snprintf(id->name, sizeof(id->name), "mqtt");
			snprintf(id->banner, sizeof(id->banner),
				 "CONNACK return code %u", b[3]);
			return 1;
		}
		return 0;
	case JCSI_ID_TLS:
		/* a handshake (ServerHello) or an alert record of TLS 1.x */
		if (n >= 5 && (b[0] == 0x16 || b[0] == 0x15) && b[1] == 3 &&
		    b[2] <= 4) {
			snprintf(id->name, sizeof(id->name), "tls");
			id->tls = 1;
			id->banner[0] = '\0';
			return 1;
		}
		return 0;
	case JCSI_ID_FTP_AUTH:
		id->ftp_tls = starts(b, n, "234");
		return id->ftp_tls;
	}
	return 0;
}

/* The MQTT 3.1.1 CONNECT of client "jcstar", clean session, no login. */
static const uint8_t mqtt_connect[] = {
	0x10, 18, 0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 30,
	0, 6, 'j', 'c', 's', 't', 'a', 'r',
};

/* A TLS 1.2 ClientHello any TLS 1.0-1.3 server answers (a 1.3-only
   server with an alert, which identifies it as well). */
static uint8_t hello[160];
static size_t hello_len;
static pthread_once_t hello_once = PTHREAD_ONCE_INIT;

static size_t put16(uint8_t *p, size_t at, unsigned v)
{
	p[at] = (uint8_t)(v >> 8);
	p[at + 1] = (uint8_t)v;
	return at + 2;
}

static void build_hello(void)
{
	static const uint16_t suites[] = {
		0xc02f, 0xc030, 0xc02b, 0xc02c, 0xcca8, 0xcca9, 0x009e,
		0x009f, 0xc013, 0xc014, 0xc009, 0xc00a, 0x009c, 0x009d,
		0x002f, 0x0035, 0x000a, 0x00ff,
	};
	static const uint16_t sigalgs[] = {
		0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401,
		0x0501, 0x0601, 0x0201, 0x0203,
	};
	uint8_t *p = hello;
	size_t at = 9, ext;

	at = put16(p, at, 0x0303);
	for (int i = 0; i < 32; i++)
		p[at++] = (uint8_t)(0x4a + i);
	p[at++] = 0; /* no session id */
	at = put16(p, at, sizeof(suites));
	for (size_t i = 0; i < sizeof(suites) / sizeof(*suites); i++)
		at = put16(p, at, suites[i]);
	p[at++] = 1;
	p[at++] = 0; /* null compression */
	ext = at;
	at += 2;
	at = put16(p, at, 0x000a); /* supported_groups */
	at = put16(p, at, 8);
	at = put16(p, at, 6);
	at = put16(p, at, 0x001d);
	at = put16(p, at, 0x0017);
	at = put16(p, at, 0x0018);
	at = put16(p, at, 0x000b); /* ec_point_formats: uncompressed */
	at = put16(p, at, 2);
	p[at++] = 1;
	p[at++] = 0;
	at = put16(p, at, 0x000d); /* signature_algorithms */
	at = put16(p, at, 2 + sizeof(sigalgs));
	at = put16(p, at, sizeof(sigalgs));
	for (size_t i = 0; i < sizeof(sigalgs) / sizeof(*sigalgs); i++)
		at = put16(p, at, sigalgs[i]);
	put16(p, ext, (unsigned)(at - ext - 2));
	/* record header, handshake header */
	p[0] = 0x16;
	put16(p, 1, 0x0301);
	put16(p, 3, (unsigned)(at - 5));
	p[5] = 1;
	p[6] = 0;
	put16(p, 7, (unsigned)(at - 9));
	hello_len = at;
}

const uint8_t *jcsi_ident_request(enum jcsi_ident_probe probe, size_t *len)
{
	static const char http[] = "HEAD / HTTP/1.0\r\n\r\n";
	static const char rtsp[] = "OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n";
	static const char auth[] = "AUTH TLS\r\n";

	switch (probe) {
	case JCSI_ID_HTTP:
		*len = sizeof(http) - 1;
		return (const uint8_t *)http;
	case JCSI_ID_RTSP:
		*len = sizeof(rtsp) - 1;
		return (const uint8_t *)rtsp;
	case JCSI_ID_MQTT:
		*len = sizeof(mqtt_connect);
		return mqtt_connect;
	case JCSI_ID_TLS:
		/* identification runs in threads: built once, by one */
		pthread_once(&hello_once, build_hello);
		*len = hello_len;
		return hello;
	case JCSI_ID_FTP_AUTH:
		*len = sizeof(auth) - 1;
		return (const uint8_t *)auth;
	case JCSI_ID_GREETING:
		break;
	}
	*len = 0;
	return NULL;
}

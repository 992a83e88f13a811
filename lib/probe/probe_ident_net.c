/*
 * probe_ident_net.c - identification on the wire: listen first (servers
 * that speak first: telnet, FTP, SSH), answer telnet's option
 * negotiation with refusals so the login prompt follows, then ask in
 * turn (the protocol ports.tsv expects on the port first), one fresh
 * connection per question so a server that hangs up on a stranger's
 * protocol does not hide the next answer.
 */
#include <string.h>
#include <unistd.h>

#include "probe.h"
#include "probe_int.h"

#define IAC 255

/* Whether the answer to Q in BUF is whole, so reading can stop without
   waiting for a pause: HTTP/RTSP headers ended (HEAD, OPTIONS: no body),
   a CONNACK, a whole TLS record, one reply line, an SSH or single-line
   FTP greeting. Telnet prompts have no end: they wait for the pause. */
static int complete(enum jcsi_ident_probe q, const uint8_t *b, size_t n)
{
	switch (q) {
	case JCSI_ID_HTTP:
	case JCSI_ID_RTSP:
		return memmem(b, n, "\r\n\r\n", 4) || memmem(b, n, "\n\n", 2);
	case JCSI_ID_MQTT:
		return n >= 4;
	case JCSI_ID_TLS:
		return n >= 5 && n >= 5 + (size_t)(b[3] << 8 | b[4]);
	case JCSI_ID_FTP_AUTH:
		return n >= 4 && b[3] == ' ' && b[n - 1] == '\n';
	case JCSI_ID_GREETING:
		return b[n - 1] == '\n' && (!memcmp(b, "SSH-", n < 4 ? n : 4) ||
					     (n > 4 && !memcmp(b, "220 ", 4)));
	}
	return 0;
}

/* Reads what arrives within TIMEOUT_MS, then whatever follows within a
   short pause (banners come in pieces) unless the answer to Q is whole. */
static size_t gather(int fd, uint8_t *buf, size_t cap, int timeout_ms,
		     enum jcsi_ident_probe q)
{
	size_t got = 0;
	ssize_t r = jcsi_net_read(fd, buf, cap, timeout_ms);

	if (r <= 0)
		return 0;
	got = (size_t)r;
	while (got < cap && !complete(q, buf, got)) {
		r = jcsi_net_read(fd, buf + got, cap - got, 150);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	return got;
}

/* The text so far ends in a prompt (login, password, shell): nothing
   more will come until we type. */
static int prompted(const uint8_t *b, size_t n)
{
	char text[256];
	size_t k;

	jcsi_ident_printable(b, n, text, sizeof(text));
	k = strlen(text);
	if (!k)
		return 0;
	return strchr(":#$>", text[k - 1]) != NULL;
}

/* Refuse every option the telnet server asks for or offers; returns
   whether there was anything to answer. */
static int telnet_refuse(int fd, const uint8_t *b, size_t n, int timeout_ms)
{
	uint8_t out[256];
	size_t k = 0;

	for (size_t i = 0; i + 2 < n; i++) {
		if (b[i] != IAC)
			continue;
		if (k + 3 > sizeof(out))
			break;
		if (b[i + 1] == 253 || b[i + 1] == 251) { /* DO, WILL */
			out[k++] = IAC;
			out[k++] = b[i + 1] == 253 ? 252 : 254; /* WONT, DONT */
			out[k++] = b[i + 2];
			i += 2;
		} else if (b[i + 1] == 252 || b[i + 1] == 254) {
			i += 2;
		}
	}
	if (k)
		jcsi_net_write_all(fd, out, k, timeout_ms);
	return k > 0;
}

/* An FTP server: does it accept AUTH TLS (then logins need not travel
   in clear)? The greeting stays the banner. */
static void ftp_auth_tls(int fd, struct jcsi_ident *id, int timeout_ms)
{
	uint8_t buf[1024];
	size_t len;
	const uint8_t *req = jcsi_ident_request(JCSI_ID_FTP_AUTH, &len);
	char keep[sizeof(id->banner)];

	memcpy(keep, id->banner, sizeof(keep));
	if (jcsi_net_write_all(fd, req, len, timeout_ms) == 0) {
		size_t n = gather(fd, buf, sizeof(buf), timeout_ms,
				  JCSI_ID_FTP_AUTH);

		jcsi_ident_classify(JCSI_ID_FTP_AUTH, buf, n, id);
	}
	memcpy(id->banner, keep, sizeof(keep));
}

static int ask(const struct jcsi_probe *p, const struct jcsi_service *s,
	       enum jcsi_ident_probe q, struct jcsi_ident *id)
{
	uint8_t buf[4096];
	size_t len, got;
	const uint8_t *req = jcsi_ident_request(q, &len);
	int fd = jcsi_probe_connect(p, s), ok = 0;

	if (fd < 0)
		return 0;
	if (jcsi_net_write_all(fd, req, len, jcsi_probe_timeout_ms(p)) == 0) {
		got = gather(fd, buf, sizeof(buf), jcsi_probe_timeout_ms(p), q);
		ok = jcsi_ident_classify(q, buf, got, id);
		/* a slow greeter (an SSH banner after our wait) answers
		   whatever was asked with its greeting */
		if (!ok && got && q != JCSI_ID_TLS) {
			ok = jcsi_ident_classify(JCSI_ID_GREETING, buf, got, id);
			if (ok && !strcmp(id->name, "ftp"))
				ftp_auth_tls(fd, id, jcsi_probe_timeout_ms(p));
		}
	}
	close(fd);
	return ok;
}

void jcsi_probe_identify(const struct jcsi_probe *p,
			 const struct jcsi_service *s, const char *hint,
			 struct jcsi_ident *id)
{
	static const enum jcsi_ident_probe order[] = {
		JCSI_ID_HTTP, JCSI_ID_TLS, JCSI_ID_RTSP, JCSI_ID_MQTT,
	};
	enum jcsi_ident_probe first = JCSI_ID_GREETING;
	uint8_t buf[4096];
	size_t got = 0;
	int to = jcsi_probe_timeout_ms(p), fd;

	memset(id, 0, sizeof(*id));
	if (hint && (!strcmp(hint, "https") || !strcmp(hint, "mqtts") ||
		     !strcmp(hint, "tls")))
		first = JCSI_ID_TLS;
	else if (hint && !strcmp(hint, "rtsp"))
		first = JCSI_ID_RTSP;
	else if (hint && !strcmp(hint, "mqtt"))
		first = JCSI_ID_MQTT;
	else if (!hint || (strcmp(hint, "telnet") && strcmp(hint, "ftp") &&
			   strcmp(hint, "ssh") && strcmp(hint, "dns")))
		first = JCSI_ID_HTTP; /* http, upnp, tr069, or no idea */
	/* unless a server that speaks first is expected, ask at once: one
	   that does answers the question with its greeting anyway */
	if (first != JCSI_ID_GREETING && ask(p, s, first, id)) {
		/* a TLS port asked in plain HTTP answers "400" (nginx: "plain
		   HTTP request was sent to HTTPS port"): ask it in TLS before
		   calling it http, or its TLS is never judged */
		if (first == JCSI_ID_HTTP && strstr(id->banner, " 400")) {
			struct jcsi_ident t;

			memset(&t, 0, sizeof(t));
			if (ask(p, s, JCSI_ID_TLS, &t))
				*id = t;
		}
		goto found;
	}
	fd = jcsi_probe_connect(p, s);
	if (fd >= 0) {
		/* a tenth of the timeout for a greeting: servers that speak
		   first do so at once, and one that is slower still answers
		   the questions below with its greeting */
		got = gather(fd, buf, sizeof(buf) - 1, to >= 10 ? to / 10 : 1,
			     JCSI_ID_GREETING);
		/* telnet: up to three rounds of negotiation before the
		   prompt */
		size_t seen = 0;

		for (int round = 0; round < 3 && got && buf[0] == IAC &&
		     !prompted(buf, got);
		     round++) {
			size_t more;

			if (!telnet_refuse(fd, buf + seen, got - seen, to))
				break;
			seen = got;
			/* the first answer may take a login process's start;
			   later rounds are quick or do not come */
			more = gather(fd, buf + got, sizeof(buf) - 1 - got,
				      round ? to / 4 : to, JCSI_ID_GREETING);
			if (!more)
				break;
			got += more;
		}
		if (got && jcsi_ident_classify(JCSI_ID_GREETING, buf, got, id) &&
		    !strcmp(id->name, "ftp"))
			ftp_auth_tls(fd, id, to);
		close(fd);
	}
	if (id->name[0])
		return;
	if (got) {
		/* it spoke, in a protocol we do not know */
		memcpy(id->name, "unknown", 8);
		return;
	}
	for (size_t i = 0; i < sizeof(order) / sizeof(*order); i++)
		if (order[i] != first && ask(p, s, order[i], id))
			goto found;
	memcpy(id->name, "unknown", 8);
	return;
found:
	if (id->tls)
		jcsi_probe_identify_tls(p, s, id);
}

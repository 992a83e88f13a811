/*
 * probe_http_parse.c - HTTP/1.x responses from a device under test, read
 * as hostile bytes: the head is bounded (JCSI_HTTP_HEAD_MAX, at most
 * JCSI_HTTP_HEADERS_MAX headers), Content-Length and chunk sizes are
 * compared with the bytes present (never used to size anything), and at
 * most JCSI_HTTP_BODY_MAX of a body is kept. Also URLs (SSDP LOCATION).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/mem.h"
#include "probe_http.h"

/* Offset just past the blank line ending the head; 0 if not within
   the first JCSI_HTTP_HEAD_MAX bytes. */
static size_t head_end(const char *raw, size_t len)
{
	size_t lim = len < JCSI_HTTP_HEAD_MAX ? len : JCSI_HTTP_HEAD_MAX;

	for (size_t i = 0; i < lim; i++) {
		if (raw[i] != '\n')
			continue;
		if (i + 1 < len && raw[i + 1] == '\n')
			return i + 2;
		if (i + 2 < len && raw[i + 1] == '\r' && raw[i + 2] == '\n')
			return i + 3;
	}
	return 0;
}

static void trim(char **s)
{
	char *e;

	while (**s == ' ' || **s == '\t')
		(*s)++;
	e = *s + strlen(*s);
	while (e > *s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
}

/* Splits the head copy into status and headers. 1 ok, 0 malformed. */
static int split_head(struct jcsi_http_reply *r)
{
	char *line = r->head, *nl;
	int first = 1;

	for (; line && *line; line = nl) {
		char *colon;

		nl = strchr(line, '\n');
		if (nl)
			*nl++ = '\0';
		trim(&line);
		if (first) {
			/* "HTTP/1.1 200 OK": three digits after the version */
			if (strncmp(line, "HTTP/1.", 7) || !line[7] ||
			    line[8] != ' ' || line[9] < '1' || line[9] > '5' ||
			    line[10] < '0' || line[10] > '9' ||
			    line[11] < '0' || line[11] > '9' ||
			    (line[12] && line[12] != ' '))
				return 0;
			r->status = (line[9] - '0') * 100 +
				    (line[10] - '0') * 10 + (line[11] - '0');
			first = 0;
			continue;
		}
		if (!*line)
			break;
		colon = strchr(line, ':');
		if (!colon || colon == line)
			continue;   /* tolerated: devices send junk lines */
		if (r->nh == JCSI_HTTP_HEADERS_MAX)
			return 0;
		*colon = '\0';
		r->h[r->nh].name = line;
		colon++;
		trim(&colon);
		r->h[r->nh++].value = colon;
	}
	return !first;
}

const char *jcsi_http_header(const struct jcsi_http_reply *r, const char *name)
{
	for (size_t i = 0; i < r->nh; i++)
		if (!strcasecmp(r->h[i].name, name))
			return r->h[i].value;
	return NULL;
}

/* Content-Length as a number; -1 absent or not a plain decimal. */
static long long content_length(const char *v)
{
	long long n = 0;

	if (!v || !*v)
		return -1;
	for (; *v; v++) {
		if (*v < '0' || *v > '9' || n > (1LL << 40))
			return -1;
		n = n * 10 + (*v - '0');
	}
	return n;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Walks a chunked body [p, p + len): calls back (via OUT, may be NULL)
 * with the data. Returns the bytes the encoding took up to and including
 * the last chunk's CRLF (0 if it does not end within LEN), or -1 if
 * malformed. Trailers are not kept.
 */
static long long dechunk(const char *p, size_t len, char *out, size_t cap,
			 size_t *outlen, int *over)
{
	size_t i = 0;

	*outlen = 0;
	for (;;) {
		unsigned long long n = 0;
		int digits = 0, h;

		while (i < len && (h = hexval(p[i])) >= 0) {
			if (++digits > 8)
				return -1;
			n = n * 16 + (unsigned)h;
			i++;
		}
		if (!digits)
			return i < len ? -1 : 0;
		/* chunk extensions up to the end of the line */
		while (i < len && p[i] != '\n')
			i++;
		if (i >= len)
			return 0;
		i++;
		if (n == 0) {
			/* trailers until an empty line */
			for (;;) {
				size_t s = i;

				while (i < len && p[i] != '\n')
					i++;
				if (i >= len)
					return 0;
				i++;
				if (i - s <= 2 &&
				    (i - s == 1 || p[s] == '\r'))
					return (long long)i;
			}
		}
		if (n > len - i)
			return 0;
		if (out) {
			size_t k = n;

			if (k > cap - *outlen) {
				k = cap - *outlen;
				*over = 1;
			}
			memcpy(out + *outlen, p + i, k);
			*outlen += k;
		}
		i += n;
		if (i < len && p[i] == '\r')
			i++;
		if (i >= len)
			return 0;
		if (p[i] != '\n')
			return -1;
		i++;
	}
}

static int is_chunked(const struct jcsi_http_reply *r)
{
	const char *te = jcsi_http_header(r, "Transfer-Encoding");

	return te && strcasestr(te, "chunked") != NULL;
}

jcs_rc jcsi_http_parse(const char *raw, size_t len,
		       struct jcsi_http_reply *r)
{
	size_t he = head_end(raw, len), blen, keep;
	const char *b;
	long long cl;

	memset(r, 0, sizeof(*r));
	if (!he) {
		/* a server that closed after the head without a blank
		   line: take what is there as the head */
		if (len >= JCSI_HTTP_HEAD_MAX || len < 12)
			return JCS_E_FORMAT;
		he = len;
	}
	r->head = jcsi_strndup(raw, he);
	if (!r->head)
		return JCS_E_NOMEM;
	if (!split_head(r))
		return JCS_E_FORMAT;
	b = raw + he;
	blen = len - he;
	/* the decoded body is never longer than the bytes present */
	keep = blen < JCSI_HTTP_BODY_MAX ? blen : JCSI_HTTP_BODY_MAX;
	r->body = jcsi_malloc(keep + 1);
	if (!r->body)
		return JCS_E_NOMEM;
	if (is_chunked(r)) {
		long long used = dechunk(b, blen, r->body, keep,
					 &r->body_len, &r->truncated);

		if (used < 0)
			return JCS_E_FORMAT;
		if (used == 0)
			r->truncated = 1;   /* ended inside the encoding */
	} else {
		cl = content_length(jcsi_http_header(r, "Content-Length"));
		if (cl >= 0 && (unsigned long long)cl < blen)
			blen = (size_t)cl;
		else if (cl >= 0 && (unsigned long long)cl > blen)
			r->truncated = 1;
		if (keep > blen)
			keep = blen;
		if (keep < blen)
			r->truncated = 1;
		memcpy(r->body, b, keep);
		r->body_len = keep;
	}
	r->body[r->body_len] = '\0';
	return JCS_OK;
}

void jcsi_http_reply_free(struct jcsi_http_reply *r)
{
	if (!r)
		return;
	jcsi_free(r->head);
	jcsi_free(r->body);
	memset(r, 0, sizeof(*r));
}

size_t jcsi_http_complete(const char *raw, size_t len)
{
	struct jcsi_http_reply r;
	size_t he = head_end(raw, len), need = 0, dummy;
	long long cl;
	int over = 0;

	if (!he)
		return 0;
	/* parse a copy of the head only, to read its headers */
	if (jcsi_http_parse(raw, he, &r) != JCS_OK) {
		jcsi_http_reply_free(&r);
		return 0;
	}
	if (is_chunked(&r)) {
		long long used = dechunk(raw + he, len - he, NULL, 0, &dummy,
					 &over);

		need = used > 0 ? he + (size_t)used : 0;
	} else if (r.status == 204 || r.status == 304 ||
		   (r.status >= 100 && r.status < 200)) {
		need = he;
	} else {
		cl = content_length(jcsi_http_header(&r, "Content-Length"));
		if (cl >= 0 && (unsigned long long)cl <= len - he)
			need = he + (size_t)cl;
	}
	jcsi_http_reply_free(&r);
	return need;
}

int jcsi_url_parse(const char *url, struct jcsi_url *u)
{
	const char *p, *hs, *he, *ps;
	size_t hl;
	long port;

	memset(u, 0, sizeof(*u));
	for (p = url; *p; p++)
		if ((unsigned char)*p < 0x21 || (unsigned char)*p > 0x7e)
			return 0;
	if (!strncasecmp(url, "http://", 7)) {
		p = url + 7;
		u->port = 80;
	} else if (!strncasecmp(url, "https://", 8)) {
		p = url + 8;
		u->https = 1;
		u->port = 443;
	} else {
		return 0;
	}
	hs = p;
	if (*hs == '[') {
		he = strchr(hs, ']');
		if (!he)
			return 0;
		hs++;
		ps = he + 1;
	} else {
		he = hs + strcspn(hs, ":/?#");
		ps = he;
	}
	hl = (size_t)(he - hs);
	if (!hl || hl >= sizeof(u->host) || memchr(hs, '@', hl))
		return 0;
	memcpy(u->host, hs, hl);
	if (*ps == ':') {
		char *end;

		errno = 0;
		port = strtol(ps + 1, &end, 10);
		if (end == ps + 1 || errno || port < 1 || port > 65535 ||
		    (*end && *end != '/' && *end != '?'))
			return 0;
		u->port = (uint16_t)port;
		ps = end;
	} else if (*ps && *ps != '/' && *ps != '?') {
		return 0;
	}
	if (strlen(ps) + 2 > sizeof(u->path))
		return 0;
	if (*ps != '/')
		u->path[0] = '/';
	memcpy(u->path + (*ps != '/'), ps, strlen(ps) + 1);
	return 1;
}

/*
 * probe_http.h - the HTTP side of `jcstar probe` (check "http", and the
 * UPnP description fetch of check "udp"): a small HTTP/1.1 client over
 * jcsi_probe_connect (OpenSSL for https) with hard limits, the response
 * parser, and the page classifiers (login form, settings form,
 * configuration dump, version in a header). The parsers and classifiers
 * are pure and bounded by the lengths given, for the unit tests and the
 * fuzz target. For lib/probe only.
 */
#ifndef JCSTAR_PROBE_HTTP_H
#define JCSTAR_PROBE_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "probe.h"

#define JCSI_HTTP_HEAD_MAX (16 * 1024)   /* status line + headers */
#define JCSI_HTTP_BODY_MAX (256 * 1024)  /* kept of a body; rest dropped */
#define JCSI_HTTP_HEADERS_MAX 64

struct jcsi_http_header {
	const char *name;   /* into the response's head copy */
	const char *value;  /* trimmed */
};

struct jcsi_http_reply {
	int status;                 /* 100-599 */
	struct jcsi_http_header h[JCSI_HTTP_HEADERS_MAX];
	size_t nh;
	char *head;                 /* owned: the header block, split */
	char *body;                 /* owned, NUL-terminated; never NULL
				       after a successful parse */
	size_t body_len;
	int truncated;              /* the body was longer than the limit
				       (or the connection ended early) */
};

/*
 * Parses one complete raw response RAW (as read until the server closed
 * or the announced length arrived): status line, headers (at most
 * JCSI_HTTP_HEADERS_MAX, block at most JCSI_HTTP_HEAD_MAX), body by
 * Content-Length, chunked encoding or up to the end, at most
 * JCSI_HTTP_BODY_MAX. JCS_OK, JCS_E_FORMAT (not HTTP, or a malformed
 * head / chunk), JCS_E_NOMEM. R is zeroed first; free it with
 * jcsi_http_reply_free() in every case.
 */
jcs_rc jcsi_http_parse(const char *raw, size_t len,
		       struct jcsi_http_reply *r);
void jcsi_http_reply_free(struct jcsi_http_reply *r);
/* The value of the first header NAME (case-insensitive); NULL. */
const char *jcsi_http_header(const struct jcsi_http_reply *r,
			     const char *name);

/* Bytes of RAW that make a complete response so far: the head's length
   + Content-Length, or the end of a chunked body; 0 while unknown (read
   on to the end). For the client to stop reading a keep-alive server. */
size_t jcsi_http_complete(const char *raw, size_t len);

struct jcsi_url {
	int https;
	char host[256];     /* without brackets for IPv6 literals */
	uint16_t port;
	char path[1024];    /* "/" if empty; with the query */
};
/* "http://host[:port]/path" or https. 1 ok, 0 refused (other schemes,
   user info, bad port, too long, control characters). */
int jcsi_url_parse(const char *url, struct jcsi_url *u);

/*
 * GET PATH (absolute, "/...") from service S: TLS when S->tls or S is
 * "https" (no certificate verification: this only looks at pages).
 * "Connection: close", the probe's timeout per read, four times it in
 * all. JCS_OK with R filled; JCS_E_IO when the server cannot be reached
 * or answers nothing; JCS_E_FORMAT for a reply that is not HTTP.
 */
jcs_rc jcsi_http_get(const struct jcsi_probe *p, const struct jcsi_service *s,
		     const char *path, struct jcsi_http_reply *r);

/* --- page classifiers (probe_http_page.c) ----------------------------- */

struct jcsi_page {
	int password;        /* an <input type=password> */
	int fields;          /* editable fields other than password
				(text, checkbox, radio, number..., select,
				textarea); hidden/submit/button not counted */
	int selects;         /* <select> or <textarea> */
	char action[256];    /* action of the form holding the password
				field; "" none or empty */
	int config;          /* a configuration dump: >= 3 "key=value"
				lines, not HTML */
};
void jcsi_page_classify(const char *body, size_t len, struct jcsi_page *pg);
/* A login form: a password field with at most one other field. */
int jcsi_page_is_login(const struct jcsi_page *pg);
/* A page that changes settings: a form of two or more fields (or a
   select/textarea) that is not a login form, or a configuration dump. */
int jcsi_page_is_settings(const struct jcsi_page *pg);
/* The product/version token of a Server or X-Powered-By value
   ("lighttpd/1.4.69", "PHP/8.2.7"): a word holding "/" followed by a
   digit. 1 found (into OUT), 0 none. */
int jcsi_http_version_token(const char *value, char *out, size_t cap);

#endif

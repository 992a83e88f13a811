/*
 * creds_reply.c - FTP replies and HTTP/RTSP response heads as the
 * credential checks need them (creds_text.h). Pure and bounded: every
 * read is checked against the length given, nothing is allocated.
 */
#include <ctype.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lib/probe/creds_text.h"

static int three_digits(const char *s)
{
	return isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
	       isdigit((unsigned char)s[2]);
}

int jcsi_ftp_reply(const char *buf, size_t len, int *code)
{
	size_t line = 0;

	if (len >= 3 && !three_digits(buf))
		return -1;
	/* Walk the complete lines; the reply ends at the first "ddd "
	   line (RFC 959 4.2: continuation lines start "ddd-" or text) */
	while (line < len) {
		const char *nl = memchr(buf + line, '\n', len - line);

		if (!nl)
			return 0;
		size_t ll = (size_t)(nl - (buf + line));

		if (ll >= 4 && three_digits(buf + line) &&
		    (buf[line + 3] == ' ' || buf[line + 3] == '\r')) {
			*code = (buf[line] - '0') * 100 +
				(buf[line + 1] - '0') * 10 +
				(buf[line + 2] - '0');
			return 1;
		}
		if (ll == 3 && three_digits(buf + line)) {  /* "220\n" */
			*code = (buf[line] - '0') * 100 +
				(buf[line + 1] - '0') * 10 +
				(buf[line + 2] - '0');
			return 1;
		}
		line += ll + 1;
	}
	return 0;
}

/* Copies the value (LEN bytes, outer spaces trimmed) into OUT. */
static void copy_val(const char *v, size_t len, char *out, size_t cap)
{
	while (len && (*v == ' ' || *v == '\t')) {
		v++;
		len--;
	}
	while (len && (v[len - 1] == ' ' || v[len - 1] == '\t' ||
		       v[len - 1] == '\r'))
		len--;
	if (len >= cap)
		len = cap - 1;
	memcpy(out, v, len);
	out[len] = '\0';
}

static int name_is(const char *h, size_t hl, const char *name)
{
	size_t nl = strlen(name);

	if (hl != nl)
		return 0;
	for (size_t i = 0; i < nl; i++)
		if (tolower((unsigned char)h[i]) != name[i])
			return 0;
	return 1;
}

/* Lower rank is better: SHA-256 over MD5 (RFC 7616 3.7: the client uses
   the first it supports, and we support the stronger first). */
static int digest_rank(const struct jcsi_digest_chal *c)
{
	if (!strcasecmp(c->algorithm, "SHA-256") ||
	    !strcasecmp(c->algorithm, "SHA-256-sess"))
		return 0;
	return 1;
}

static void auth_header(const char *v, size_t vl, struct jcsi_http_resp *r)
{
	while (vl && (*v == ' ' || *v == '\t')) {
		v++;
		vl--;
	}
	if (vl >= 5 && !strncasecmp(v, "basic", 5) &&
	    (vl == 5 || v[5] == ' ')) {
		r->has_basic = 1;
		if (r->scheme == JCSI_AUTH_NONE)
			r->scheme = JCSI_AUTH_BASIC;
		return;
	}
	if (vl >= 7 && !strncasecmp(v, "digest ", 7)) {
		struct jcsi_digest_chal c;

		if (jcsi_digest_parse(v + 7, vl - 7, &c) < 0)
			return;
		if (r->scheme != JCSI_AUTH_DIGEST ||
		    digest_rank(&c) < digest_rank(&r->chal)) {
			r->chal = c;
			r->scheme = JCSI_AUTH_DIGEST;
		}
	}
}

static void one_header(const char *h, size_t hl, struct jcsi_http_resp *r)
{
	const char *colon = memchr(h, ':', hl);

	if (!colon)
		return;
	size_t nl = (size_t)(colon - h);
	const char *v = colon + 1;
	size_t vl = hl - nl - 1;

	if (name_is(h, nl, "www-authenticate")) {
		auth_header(v, vl, r);
	} else if (name_is(h, nl, "content-length")) {
		char num[24];

		copy_val(v, vl, num, sizeof(num));
		char *end;
		long cl = strtol(num, &end, 10);

		r->content_length = (*num && !*end && cl >= 0) ? cl : -1;
	} else if (name_is(h, nl, "location")) {
		copy_val(v, vl, r->location, sizeof(r->location));
	} else if (name_is(h, nl, "set-cookie")) {
		char ck[256];

		copy_val(v, vl, ck, sizeof(ck));
		if (!r->set_cookie) {
			size_t eq = strcspn(ck, "=;");

			if (eq >= sizeof(r->cookie_name))
				eq = sizeof(r->cookie_name) - 1;
			memcpy(r->cookie_name, ck, eq);
			r->cookie_name[eq] = '\0';
		}
		r->set_cookie = 1;
	} else if (name_is(h, nl, "retry-after")) {
		char num[16];

		copy_val(v, vl, num, sizeof(num));
		long ra = strtol(num, NULL, 10);

		/* an HTTP-date instead of seconds counts as "later" (0) */
		r->retry_after = ra > 0 && ra < 86400 ? (int)ra : 0;
	}
}

int jcsi_creds_http_parse(const char *buf, size_t len, struct jcsi_http_resp *r)
{
	memset(r, 0, sizeof(*r));
	r->content_length = -1;
	r->retry_after = -1;
	const char *nl = memchr(buf, '\n', len);

	if (len >= 5 && strncmp(buf, "HTTP/", 5) && strncmp(buf, "RTSP/", 5))
		return -1;
	if (!nl)
		return 0;
	/* "HTTP/1.1 401 ..." : the code after the first space */
	const char *sp = memchr(buf, ' ', (size_t)(nl - buf));

	if (!sp || (size_t)(nl - sp) < 4 || !three_digits(sp + 1))
		return -1;
	r->status = (sp[1] - '0') * 100 + (sp[2] - '0') * 10 + (sp[3] - '0');
	size_t pos = (size_t)(nl - buf) + 1;

	while (pos < len) {
		const char *e = memchr(buf + pos, '\n', len - pos);

		if (!e)
			break;
		size_t hl = (size_t)(e - (buf + pos));

		if (hl && buf[pos + hl - 1] == '\r')
			hl--;
		if (hl == 0) {
			r->complete = 1;
			r->header_len = (size_t)(e - buf) + 1;
			break;
		}
		one_header(buf + pos, hl, r);
		pos = (size_t)(e - buf) + 1;
	}
	return 1;
}

/* One auth-param value: quoted-string (with \-escapes) or token. */
static size_t param_val(const char *v, size_t len, char *out, size_t cap)
{
	size_t i = 0, o = 0;

	if (i < len && v[i] == '"') {
		for (i = 1; i < len && v[i] != '"'; i++) {
			if (v[i] == '\\' && i + 1 < len)
				i++;
			if (o + 1 < cap)
				out[o++] = v[i];
		}
		if (i < len)
			i++;        /* closing quote */
	} else {
		for (; i < len && v[i] != ',' && v[i] != ' '; i++)
			if (o + 1 < cap)
				out[o++] = v[i];
	}
	out[o] = '\0';
	return i;
}

/* Copies SRC into DST (CAP bytes), cut to fit: nonces longer than
   ours are cut, and then simply fail to authenticate. */
static void set_str(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src);

	if (n >= cap)
		n = cap - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

int jcsi_digest_parse(const char *val, size_t len, struct jcsi_digest_chal *c)
{
	size_t i = 0;

	memset(c, 0, sizeof(*c));
	set_str(c->algorithm, sizeof(c->algorithm), "MD5");
	while (i < len) {
		while (i < len && (val[i] == ' ' || val[i] == ',' ||
				   val[i] == '\t'))
			i++;
		size_t k = i;

		while (i < len && val[i] != '=' && val[i] != ',' &&
		       val[i] != ' ')
			i++;
		if (i >= len || val[i] != '=') {
			/* a bare token; or the next challenge */
			continue;
		}
		const char *key = val + k;
		size_t kl = i - k;
		char tmp[192];

		i++;
		i += param_val(val + i, len - i, tmp, sizeof(tmp));
		if (name_is(key, kl, "realm"))
			set_str(c->realm, sizeof(c->realm), tmp);
		else if (name_is(key, kl, "nonce"))
			set_str(c->nonce, sizeof(c->nonce), tmp);
		else if (name_is(key, kl, "opaque"))
			set_str(c->opaque, sizeof(c->opaque), tmp);
		else if (name_is(key, kl, "algorithm"))
			set_str(c->algorithm, sizeof(c->algorithm), tmp);
		else if (name_is(key, kl, "stale"))
			c->stale = !strcasecmp(tmp, "true");
		else if (name_is(key, kl, "qop")) {
			/* a list: "auth,auth-int" */
			for (char *q = tmp; *q;) {
				size_t ql = strcspn(q, ", ");

				if (ql == 4 && !strncasecmp(q, "auth", 4))
					c->qop_auth = 1;
				q += ql;
				q += strspn(q, ", ");
			}
		}
	}
	return c->realm[0] || c->nonce[0] ? (c->nonce[0] ? 0 : -1) : -1;
}

int jcsi_html_has_password_field(const char *body, size_t len)
{
	static const char *const forms[] = {
		"type=\"password\"", "type='password'", "type=password",
	};

	for (size_t f = 0; f < 3; f++) {
		size_t fl = strlen(forms[f]);

		for (size_t i = 0; i + fl <= len; i++)
			if (!strncasecmp(body + i, forms[f], fl))
				return 1;
	}
	return 0;
}

/*
 * securitytxt.c - RFC 9116 security.txt: the fields jcstar's verdicts use
 * (Contact, Expires, Policy) and a list of what is wrong with the file.
 * Never fails on content: a broken security.txt is a finding about the
 * product, not an error of the run, so every problem is recorded as
 * "line N: Field: why" and parsing goes on. An OpenPGP cleartext signature
 * wrapper (RFC 4880 7) is recognised and unwrapped; the signature itself
 * is not verified.
 */
#include "manifest_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ywalk.h"
#include "../core/mem.h"

#define MAX_LIST 10000

struct stp {
	struct jcsi_securitytxt *t;
	unsigned expires_line;
	unsigned langs_line;
	unsigned canonical_seen;
	size_t n_contact_fields;
	jcs_rc rc;
};

void jcsi_securitytxt_free(struct jcsi_securitytxt *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n_contact; i++)
		jcsi_free(t->contact[i]);
	jcsi_free(t->contact);
	for (size_t i = 0; i < t->n_policy; i++)
		jcsi_free(t->policy[i]);
	jcsi_free(t->policy);
	for (size_t i = 0; i < t->n_problems; i++)
		jcsi_free(t->problems[i]);
	jcsi_free(t->problems);
	jcsi_free(t->expires_raw);
	memset(t, 0, sizeof(*t));
}

/* Appends a copy of S to the list; memory failure sticks in P->rc. */
static void push(struct stp *p, char ***v, size_t *n, char *s)
{
	char **nv;

	if (!s || p->rc != JCS_OK || *n >= MAX_LIST) {
		if (!s)
			p->rc = JCS_E_NOMEM;
		jcsi_free(s);
		return;
	}
	nv = jcsi_realloc(*v, (*n + 1) * sizeof(char *));
	if (!nv) {
		p->rc = JCS_E_NOMEM;
		jcsi_free(s);
		return;
	}
	*v = nv;
	nv[(*n)++] = s;
}

static void problem(struct stp *p, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void problem(struct stp *p, unsigned line, const char *fmt, ...)
{
	char why[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	if (line)
		push(p, &p->t->problems, &p->t->n_problems,
		     jcsi_asprintf("line %u: %s", line, why));
	else
		push(p, &p->t->problems, &p->t->n_problems, jcsi_strdup(why));
}

/* RFC 3339 date-time: YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM), 'T'
   and 'Z' in either case. 0 and *OUT (UTC) or -1. */
int jcsi_rfc3339_parse(const char *s, time_t *out)
{
	int y, mo, d, h, mi, se, oh = 0, om = 0, sign = 0;
	long long t;

	if (strlen(s) < 20 || jcsi_digits(s, 4, &y) || s[4] != '-' ||
	    jcsi_digits(s + 5, 2, &mo) || s[7] != '-' ||
	    jcsi_digits(s + 8, 2, &d) || (s[10] != 'T' && s[10] != 't') ||
	    jcsi_digits(s + 11, 2, &h) || s[13] != ':' ||
	    jcsi_digits(s + 14, 2, &mi) || s[16] != ':' ||
	    jcsi_digits(s + 17, 2, &se))
		return -1;
	s += 19;
	if (*s == '.') {
		if (s[1] < '0' || s[1] > '9')
			return -1;
		for (s++; *s >= '0' && *s <= '9'; s++)
			;
	}
	if (*s == 'Z' || *s == 'z') {
		s++;
	} else if (*s == '+' || *s == '-') {
		sign = *s == '-' ? -1 : 1;
		if (jcsi_digits(s + 1, 2, &oh) || s[3] != ':' ||
		    jcsi_digits(s + 4, 2, &om) ||
		    oh > 23 || om > 59)
			return -1;
		s += 6;
	} else {
		return -1;
	}
	if (*s || y < 1970 || d < 1 || d > jcsi_days_in_month(y, mo) ||
	    h > 23 || mi > 59 || se > 60)
		return -1;
	t = jcsi_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
	t -= sign * (oh * 3600 + om * 60);
	*out = (time_t)t;
	return 0;
}

/* What is wrong with a URI value, or NULL. WEB_ONLY: only https. */
static const char *uri_problem(const char *v, int web_only)
{
	const char *colon = strchr(v, ':');

	if (!colon || colon == v || strchr(v, ' '))
		return "is not a URI";
	if (strncasecmp(v, "http:", 5) == 0)
		return "a web URI must be https (RFC 9116 2.5)";
	if (web_only && strncasecmp(v, "https://", 8) != 0)
		return "is not an https:// URI";
	return NULL;
}

static void contact_field(struct stp *p, unsigned line, const char *v)
{
	p->n_contact_fields++;
	if (strncasecmp(v, "http://", 7) == 0) {
		problem(p, line, "Contact: '%s': a web URI must be https (RFC 9116 2.5.3)", v);
		return;
	}
	if (!((strncasecmp(v, "mailto:", 7) == 0 && v[7]) ||
	      (strncasecmp(v, "tel:", 4) == 0 && v[4]) ||
	      (strncasecmp(v, "https://", 8) == 0 && v[8]))) {
		problem(p, line, "Contact: '%s' is not a mailto:, https: or tel: URI", v);
		return;
	}
	push(p, &p->t->contact, &p->t->n_contact, jcsi_strdup(v));
}

static void expires_field(struct stp *p, unsigned line, const char *v)
{
	if (p->expires_line) {
		problem(p, line, "Expires: given more than once (first on line %u)",
			p->expires_line);
		return;
	}
	p->expires_line = line;
	p->t->expires_raw = jcsi_strdup(v);
	if (!p->t->expires_raw) {
		p->rc = JCS_E_NOMEM;
		return;
	}
	if (jcsi_rfc3339_parse(v, &p->t->expires) < 0) {
		p->t->expires = 0;
		problem(p, line, "Expires: '%s' is not an RFC 3339 date-time", v);
	}
}

static void field(struct stp *p, unsigned line, const char *name,
		  const char *v)
{
	static const char *const uris[] = {"Encryption", "Acknowledgments",
					   "Canonical", "Hiring", NULL};
	const char *why;

	if (!*v) {
		problem(p, line, "%s: empty value", name);
		return;
	}
	if (!strcasecmp(name, "Contact")) {
		contact_field(p, line, v);
	} else if (!strcasecmp(name, "Expires")) {
		expires_field(p, line, v);
	} else if (!strcasecmp(name, "Policy")) {
		if ((why = uri_problem(v, 1)))
			problem(p, line, "Policy: '%s' %s", v, why);
		else
			push(p, &p->t->policy, &p->t->n_policy, jcsi_strdup(v));
	} else if (!strcasecmp(name, "Preferred-Languages")) {
		if (p->langs_line)
			problem(p, line, "Preferred-Languages: given more than once (first on line %u)",
				p->langs_line);
		else
			p->langs_line = line;
	} else {
		for (size_t i = 0; uris[i]; i++)
			if (!strcasecmp(name, uris[i]) &&
			    (why = uri_problem(v, !strcasecmp(name, "Canonical") ||
						  !strcasecmp(name, "Hiring") ||
						  !strcasecmp(name, "Acknowledgments"))))
				problem(p, line, "%s: '%s' %s", uris[i], v, why);
	}
	/* other field names are allowed (RFC 9116 2.4: extensible) */
}

static int is_field_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_';
}

static void content_line(struct stp *p, unsigned line, char *s)
{
	char *colon, *v, *end;

	if (!*s || *s == '#')
		return;
	colon = s;
	while (is_field_char(*colon))
		colon++;
	if (colon == s || *colon != ':') {
		problem(p, line, "not a field ('Name: value') or comment");
		return;
	}
	*colon = '\0';
	v = colon + 1;
	while (*v == ' ' || *v == '\t')
		v++;
	end = v + strlen(v);
	while (end > v && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	field(p, line, s, v);
}

enum pgp_state { PGP_NONE, PGP_HEADERS, PGP_BODY, PGP_SIGNATURE, PGP_DONE };

static int starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

jcs_rc jcsi_securitytxt_parse(const char *buf, size_t len,
			      struct jcsi_securitytxt *out)
{
	struct stp p = {.t = out};
	enum pgp_state pgp = PGP_NONE;
	unsigned line = 0, first = 1;
	size_t at = 0;
	char *copy;

	if (!out || (!buf && len))
		return JCS_E_ARG;
	memset(out, 0, sizeof(*out));
	copy = jcsi_malloc(len + 1);
	if (!copy)
		return JCS_E_NOMEM;
	while (at < len && p.rc == JCS_OK) {
		const char *nl = memchr(buf + at, '\n', len - at);
		size_t n = nl ? (size_t)(nl - (buf + at)) : len - at;
		char *s = copy;

		memcpy(copy, buf + at, n);
		copy[n] = '\0';
		at += n + 1;
		line++;
		if (n && copy[n - 1] == '\r')
			copy[--n] = '\0';
		if (strlen(copy) != n) {
			problem(&p, line, "contains a NUL byte");
			continue;
		}
		if (first && !strcmp(s, "-----BEGIN PGP SIGNED MESSAGE-----")) {
			pgp = PGP_HEADERS;
			first = 0;
			continue;
		}
		if (*s)
			first = 0;
		if (pgp == PGP_HEADERS) {
			/* armor headers ("Hash: SHA256") end at an empty line */
			if (!*s)
				pgp = PGP_BODY;
			continue;
		}
		if (pgp == PGP_BODY) {
			if (!strcmp(s, "-----BEGIN PGP SIGNATURE-----")) {
				pgp = PGP_SIGNATURE;
				continue;
			}
			if (starts(s, "- "))
				s += 2; /* dash-escaped (RFC 4880 7.1) */
		} else if (pgp == PGP_SIGNATURE) {
			if (!strcmp(s, "-----END PGP SIGNATURE-----"))
				pgp = PGP_DONE;
			continue;
		} else if (pgp == PGP_DONE) {
			if (*s)
				problem(&p, line, "text after the OpenPGP signature");
			continue;
		}
		content_line(&p, line, s);
	}
	jcsi_free(copy);
	if (pgp == PGP_DONE)
		out->signed_pgp = 1;
	else if (pgp != PGP_NONE)
		problem(&p, 0, "OpenPGP signed message without a complete signature block");
	if (!p.n_contact_fields)
		problem(&p, 0, "no Contact field (RFC 9116 requires one)");
	else if (!out->n_contact)
		problem(&p, 0, "no usable Contact field");
	if (!p.expires_line)
		problem(&p, 0, "no Expires field (RFC 9116 requires one)");
	if (p.rc != JCS_OK)
		jcsi_securitytxt_free(out);
	return p.rc;
}

jcs_rc jcsi_securitytxt_load(const char *path, struct jcsi_securitytxt *out,
			     char *err, size_t errlen)
{
	char *buf;
	size_t len;
	jcs_rc rc;

	if (!path || !out || !err || !errlen)
		return JCS_E_ARG;
	memset(out, 0, sizeof(*out));
	rc = jcsi_yw_read_file(path, JCSI_MANIFEST_MAX_BYTES, &buf, &len, err,
			       errlen);
	if (rc != JCS_OK)
		return rc;
	rc = jcsi_securitytxt_parse(buf, len, out);
	jcsi_free(buf);
	if (rc == JCS_E_NOMEM)
		snprintf(err, errlen, "%s: out of memory", path);
	return rc;
}

int jcsi_securitytxt_expired(const struct jcsi_securitytxt *t, time_t now)
{
	return !t->expires || now > t->expires;
}

/*
 * cpe.c - CPE 2.3 formatted strings in and out, and the binding of a
 * component to an NVD match criterion (cpe.h). Parsing works on fixed
 * buffers inside struct jcsi_cpe, so a hostile string costs no memory
 * beyond it and every length is checked against JCSI_CPE_VALUE_MAX.
 */
#include "cpe.h"

#include <stddef.h>
#include <string.h>

#include "../core/mem.h"
#include "vercmp.h"

static const char prefix[] = "cpe:2.3:";

static bool printable(unsigned char c)
{
	return c > 0x20 && c < 0x7f;
}

static bool plain(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

static char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* ASCII case-insensitive equality: CPE names ignore case. */
static bool same(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (lower(*a) != lower(*b))
			return false;
	return *a == *b;
}

/*
 * One attribute from *S up to the next unquoted ':' or the end; *S is
 * left on that ':' or NUL.
 */
static jcs_rc parse_attr(const char **s, enum jcsi_cpe_kind *kind,
			 char *value)
{
	const char *p = *s;
	size_t n = 0;

	if ((p[0] == '*' || p[0] == '-') && (p[1] == ':' || !p[1])) {
		*kind = p[0] == '*' ? JCSI_CPE_ANY : JCSI_CPE_NA;
		value[0] = '\0';
		*s = p + 1;
		return JCS_OK;
	}
	*kind = JCSI_CPE_VALUE;
	while (*p && *p != ':') {
		char c = *p;

		if (c == '\\') {
			c = p[1];
			if (!c)
				return JCS_E_FORMAT; /* dangling escape */
			p++;
		} else if (c == '*' || c == '?') {
			return JCS_E_UNSUPPORTED; /* partial wildcard */
		}
		if (!printable((unsigned char)c))
			return JCS_E_FORMAT;
		if (n == JCSI_CPE_VALUE_MAX)
			return JCS_E_LIMIT;
		value[n++] = c;
		p++;
	}
	if (n == 0)
		return JCS_E_FORMAT; /* an empty attribute */
	value[n] = '\0';
	*s = p;
	return JCS_OK;
}

jcs_rc jcsi_cpe_parse(const char *s, struct jcsi_cpe *out)
{
	jcs_rc rc;
	int i;

	if (!s || !out)
		return JCS_E_ARG;
	if (strncmp(s, prefix, sizeof(prefix) - 1))
		return JCS_E_FORMAT;
	s += sizeof(prefix) - 1;
	for (i = 0; i < JCSI_CPE_ATTRS; i++) {
		if (i > 0) {
			if (*s != ':')
				return JCS_E_FORMAT; /* too few attributes */
			s++;
		}
		rc = parse_attr(&s, &out->kind[i], out->value[i]);
		if (rc != JCS_OK)
			return rc;
	}
	if (*s)
		return JCS_E_FORMAT; /* too many attributes */
	if (out->kind[JCSI_CPE_PART] == JCSI_CPE_NA ||
	    (out->kind[JCSI_CPE_PART] == JCSI_CPE_VALUE &&
	     strcmp(out->value[JCSI_CPE_PART], "a") &&
	     strcmp(out->value[JCSI_CPE_PART], "o") &&
	     strcmp(out->value[JCSI_CPE_PART], "h")))
		return JCS_E_FORMAT;
	return JCS_OK;
}

jcs_rc jcsi_cpe_format(const struct jcsi_cpe *c, char **out)
{
	/* worst case: every value byte quoted, plus the separators */
	size_t cap = sizeof(prefix) + JCSI_CPE_ATTRS * (2 * JCSI_CPE_VALUE_MAX + 1);
	size_t n = sizeof(prefix) - 1;
	char *b;
	int i;

	if (!c || !out)
		return JCS_E_ARG;
	*out = NULL;
	b = jcsi_malloc(cap);
	if (!b)
		return JCS_E_NOMEM;
	memcpy(b, prefix, n);
	for (i = 0; i < JCSI_CPE_ATTRS; i++) {
		const char *v = c->value[i];
		size_t len;

		if (i > 0)
			b[n++] = ':';
		if (c->kind[i] == JCSI_CPE_ANY || c->kind[i] == JCSI_CPE_NA) {
			b[n++] = c->kind[i] == JCSI_CPE_ANY ? '*' : '-';
			continue;
		}
		len = strnlen(v, JCSI_CPE_VALUE_MAX + 1);
		if (c->kind[i] != JCSI_CPE_VALUE || len == 0 ||
		    len > JCSI_CPE_VALUE_MAX)
			goto bad;
		if (!strcmp(v, "-"))
			b[n++] = '\\'; /* else it would read as NA */
		for (; *v; v++) {
			if (!printable((unsigned char)*v))
				goto bad;
			if (!plain((unsigned char)*v))
				b[n++] = '\\';
			b[n++] = *v;
		}
	}
	b[n] = '\0';
	*out = b;
	return JCS_OK;
bad:
	jcsi_free(b);
	return JCS_E_FORMAT;
}

static jcs_rc set_field(struct jcsi_cpe *c, int i, const char *v)
{
	size_t len, k;

	if (!v) {
		c->kind[i] = JCSI_CPE_ANY;
		c->value[i][0] = '\0';
		return JCS_OK;
	}
	len = strnlen(v, JCSI_CPE_VALUE_MAX + 1);
	if (len == 0)
		return JCS_E_ARG;
	if (len > JCSI_CPE_VALUE_MAX)
		return JCS_E_LIMIT;
	for (k = 0; k < len; k++)
		if (!printable((unsigned char)v[k]))
			return JCS_E_ARG;
	c->kind[i] = JCSI_CPE_VALUE;
	memcpy(c->value[i], v, len + 1);
	return JCS_OK;
}

jcs_rc jcsi_cpe_from_component(const struct jcsi_cpe_subject *p,
			       struct jcsi_cpe *out)
{
	char part[2] = {0, 0};
	jcs_rc rc;
	int i;

	if (!p || !out || (p->part != 'a' && p->part != 'o' && p->part != 'h'))
		return JCS_E_ARG;
	for (i = 0; i < JCSI_CPE_ATTRS; i++) {
		out->kind[i] = JCSI_CPE_ANY;
		out->value[i][0] = '\0';
	}
	part[0] = p->part;
	rc = set_field(out, JCSI_CPE_PART, part);
	if (rc == JCS_OK)
		rc = set_field(out, JCSI_CPE_VENDOR, p->vendor);
	if (rc == JCS_OK)
		rc = set_field(out, JCSI_CPE_PRODUCT, p->product);
	if (rc == JCS_OK)
		rc = set_field(out, JCSI_CPE_VERSION, p->version);
	return rc;
}

/* Criterion attribute I against the component's field V (NULL: unknown). */
static bool attr_matches(const struct jcsi_cpe *c, int i, const char *v)
{
	switch (c->kind[i]) {
	case JCSI_CPE_ANY:
		return true;
	case JCSI_CPE_NA:
		return !v || !strcmp(v, "-");
	case JCSI_CPE_VALUE:
		break;
	}
	return v && same(c->value[i], v);
}

static bool has_bounds(const struct jcsi_cpe_criterion *m)
{
	return m->start_incl || m->start_excl || m->end_incl || m->end_excl;
}

static bool in_bounds(const struct jcsi_cpe_criterion *m, const char *v)
{
	if (m->start_incl && jcsi_version_cmp(v, m->start_incl) < 0)
		return false;
	if (m->start_excl && jcsi_version_cmp(v, m->start_excl) <= 0)
		return false;
	if (m->end_incl && jcsi_version_cmp(v, m->end_incl) > 0)
		return false;
	if (m->end_excl && jcsi_version_cmp(v, m->end_excl) >= 0)
		return false;
	return true;
}

/* The criterion's exact version; OpenSSH's update "p1" joins it. */
static bool same_version(const struct jcsi_cpe_criterion *m, const char *v,
			 bool with_update)
{
	const struct jcsi_cpe *c = &m->cpe;
	char want[2 * JCSI_CPE_VALUE_MAX + 1];
	size_t n = strlen(c->value[JCSI_CPE_VERSION]);

	memcpy(want, c->value[JCSI_CPE_VERSION], n + 1);
	if (with_update && c->kind[JCSI_CPE_UPDATE] == JCSI_CPE_VALUE)
		memcpy(want + n, c->value[JCSI_CPE_UPDATE],
		       strlen(c->value[JCSI_CPE_UPDATE]) + 1);
	return jcsi_version_cmp(v, want) == 0;
}

enum jcsi_cpe_match jcsi_cpe_match(const struct jcsi_cpe_criterion *m,
				   const struct jcsi_cpe_subject *p)
{
	const struct jcsi_cpe *c;
	char part[2] = {0, 0};
	enum jcsi_cpe_kind vk;
	bool bounds;

	if (!m || !p)
		return JCSI_MATCH_NO;
	c = &m->cpe;
	part[0] = p->part;
	if (!attr_matches(c, JCSI_CPE_PART, p->part ? part : NULL) ||
	    !attr_matches(c, JCSI_CPE_VENDOR, p->vendor) ||
	    !attr_matches(c, JCSI_CPE_PRODUCT, p->product))
		return JCSI_MATCH_NO;
	vk = c->kind[JCSI_CPE_VERSION];
	bounds = has_bounds(m);
	if (!bounds && vk == JCSI_CPE_ANY)
		return JCSI_MATCH_YES;
	if (!bounds && vk == JCSI_CPE_NA)
		return attr_matches(c, JCSI_CPE_VERSION, p->version) ?
			       JCSI_MATCH_YES : JCSI_MATCH_NO;
	if (!p->version || !jcsi_version_valid(p->version))
		return JCSI_MATCH_VERSION_UNKNOWN;
	if (vk == JCSI_CPE_VALUE && !same_version(m, p->version, !bounds))
		return JCSI_MATCH_NO;
	return in_bounds(m, p->version) ? JCSI_MATCH_YES : JCSI_MATCH_NO;
}

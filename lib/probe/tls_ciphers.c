/*
 * tls_ciphers.c - reading data/probe/tls-ciphers.tsv (see its header for
 * the columns and flags).
 */
#include "tls_ciphers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/datafile.h"
#include "../core/mem.h"

static const struct {
	const char *name;
	unsigned bit;
} flag_names[] = {
	{"weak", JCSI_TLS_WEAK},   {"anon", JCSI_TLS_ANON},
	{"nofs", JCSI_TLS_NOFS},   {"export", JCSI_TLS_EXPORT},
	{"null", JCSI_TLS_NULL},   {"tls13", JCSI_TLS_ONLY13},
};

static int parse_flags(char *s, unsigned *out)
{
	char *save = NULL;

	*out = 0;
	if (!strcmp(s, "-"))
		return 0;
	for (char *t = strtok_r(s, ",", &save); t;
	     t = strtok_r(NULL, ",", &save)) {
		size_t i;

		for (i = 0; i < sizeof(flag_names) / sizeof(flag_names[0]); i++)
			if (!strcmp(t, flag_names[i].name))
				break;
		if (i == sizeof(flag_names) / sizeof(flag_names[0]))
			return -1;
		*out |= flag_names[i].bit;
	}
	return *out ? 0 : -1;
}

static jcs_rc suite_line(char *line, const char *path, unsigned no,
			 void *user, char *err, size_t errlen)
{
	struct jcsi_tls_ciphers *c = user;
	struct jcsi_tls_suite *v;
	char *code = line, *name, *flags, *end;
	unsigned long n;
	unsigned bits;

	name = strchr(code, '\t');
	flags = name ? strchr(name + 1, '\t') : NULL;
	if (!flags || strchr(flags + 1, '\t')) {
		snprintf(err, errlen, "%s:%u: want 3 tab-separated fields "
			 "(code, name, flags)", path, no);
		return JCS_E_FORMAT;
	}
	*name++ = '\0';
	*flags++ = '\0';
	n = strncmp(code, "0x", 2) ? 0x10000 : strtoul(code + 2, &end, 16);
	if (n > 0xffff || strlen(code) != 6 || *end) {
		snprintf(err, errlen,
			 "%s:%u: bad code point '%s' (want 0xNNNN)", path, no,
			 code);
		return JCS_E_FORMAT;
	}
	if (!*name || parse_flags(flags, &bits)) {
		snprintf(err, errlen, "%s:%u: bad name or flags", path, no);
		return JCS_E_FORMAT;
	}
	if (jcsi_tls_suite_find(c, (uint16_t)n)) {
		snprintf(err, errlen, "%s:%u: %s listed twice", path, no, code);
		return JCS_E_FORMAT;
	}
	v = jcsi_realloc(c->v, (c->n + 1) * sizeof(*v));
	if (!v)
		return JCS_E_NOMEM;
	c->v = v;
	v[c->n].code = (uint16_t)n;
	v[c->n].flags = bits;
	v[c->n].name = jcsi_strdup(name);
	if (!v[c->n].name)
		return JCS_E_NOMEM;
	c->n++;
	return JCS_OK;
}

jcs_rc jcsi_tls_ciphers_load(const char *path, struct jcsi_tls_ciphers *c,
			     char *err, size_t errlen)
{
	jcs_rc rc;

	memset(c, 0, sizeof(*c));
	rc = jcsi_data_lines(path, suite_line, c, err, errlen);
	if (rc == JCS_OK && !c->n) {
		snprintf(err, errlen, "%s: no cipher suites", path);
		rc = JCS_E_FORMAT;
	}
	if (rc != JCS_OK)
		jcsi_tls_ciphers_free(c);
	return rc;
}

void jcsi_tls_ciphers_free(struct jcsi_tls_ciphers *c)
{
	for (size_t i = 0; i < c->n; i++)
		jcsi_free(c->v[i].name);
	jcsi_free(c->v);
	c->v = NULL;
	c->n = 0;
}

const struct jcsi_tls_suite *jcsi_tls_suite_find(
	const struct jcsi_tls_ciphers *c, uint16_t code)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i].code == code)
			return &c->v[i];
	return NULL;
}

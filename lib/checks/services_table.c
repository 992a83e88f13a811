/*
 * services_table.c - the daemons the `services` check reports
 * (data/services.tsv: daemon, rule, port options, inetd service name,
 * well-known port) and reading a daemon's port from its command line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/datafile.h"
#include "../core/mem.h"
#include "services_int.h"

struct jcsi_svctab {
	struct jcsi_svc *v;
	char **lines; /* the strings v points into */
	size_t n, cap;
};

void jcsi_svctab_free(struct jcsi_svctab *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		jcsi_free(t->lines[i]);
	jcsi_free(t->lines);
	jcsi_free(t->v);
	jcsi_free(t);
}

static jcs_rc parse(struct jcsi_svctab *t, char *line, const char *path,
		    unsigned no, char *err, size_t errlen)
{
	char *f[5], *end;
	int n = 0;
	long port;

	for (char *s = line; n < 5 && s;) {
		f[n++] = s;
		s = strchr(s, '\t');
		if (s)
			*s++ = '\0';
		if (n == 5 && s) {
			n = 6;
			break;
		}
	}
	if (n != 5) {
		snprintf(err, errlen, "%s:%u: want 5 tab-separated fields "
			 "(daemon, rule, port-options, inetd-service, port)",
			 path, no);
		return JCS_E_FORMAT;
	}
	port = strtol(f[4], &end, 10);
	if (*end || port < 0 || port > 65535 || !f[0][0] ||
	    strncmp(f[1], "services.", 9) || !f[2][0] || !f[3][0]) {
		snprintf(err, errlen, "%s:%u: bad daemon, rule, port options, "
			 "service or port", path, no);
		return JCS_E_FORMAT;
	}
	t->v[t->n].name = f[0];
	t->v[t->n].rule = f[1];
	t->v[t->n].ports = f[2];
	t->v[t->n].inetd = f[3];
	t->v[t->n].port = (unsigned)port;
	return JCS_OK;
}

static jcs_rc svc_line(char *buf, const char *path, unsigned no, void *user,
		       char *err, size_t errlen)
{
	struct jcsi_svctab *t = user;
	jcs_rc rc;

	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		struct jcsi_svc *v = jcsi_realloc(t->v, cap * sizeof(*v));
		char **l = v ? jcsi_realloc(t->lines, cap * sizeof(*l)) : NULL;

		if (v)
			t->v = v;
		if (!l)
			return JCS_E_NOMEM;
		t->lines = l;
		t->cap = cap;
	}
	t->lines[t->n] = jcsi_strdup(buf);
	if (!t->lines[t->n])
		return JCS_E_NOMEM;
	rc = parse(t, t->lines[t->n], path, no, err, errlen);
	t->n++; /* its line is owned either way */
	return rc;
}

jcs_rc jcsi_svctab_load(const char *path, struct jcsi_svctab **out, char *err,
			size_t errlen)
{
	struct jcsi_svctab *t = jcsi_calloc(1, sizeof(*t));
	jcs_rc rc;

	*out = NULL;
	if (!t)
		return JCS_E_NOMEM;
	rc = jcsi_data_lines(path, svc_line, t, err, errlen);
	if (rc == JCS_E_IO)
		snprintf(err, errlen, "%s: cannot open the daemon table", path);
	if (rc != JCS_OK) {
		jcsi_svctab_free(t);
		return rc;
	}
	*out = t;
	return JCS_OK;
}

const struct jcsi_svc *jcsi_svctab_daemon(const struct jcsi_svctab *t,
					  const char *base)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->v[i].name, base))
			return &t->v[i];
	for (size_t i = 0; i < t->n; i++) {
		size_t l = strlen(t->v[i].name);

		if (l > 1 && t->v[i].name[l - 1] == '*' &&
		    !strncmp(t->v[i].name, base, l - 1))
			return &t->v[i];
	}
	return NULL;
}

const struct jcsi_svc *jcsi_svctab_service(const struct jcsi_svctab *t,
					   const char *service)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->v[i].inetd, "-") && !strcmp(t->v[i].inetd, service))
			return &t->v[i];
	return NULL;
}

/* "2323", "0.0.0.0:2323", "[::]:2323", "ip,2323", "TCP::1534" -> port */
static int port_of_value(const char *v, char *out, size_t cap)
{
	const char *p = v + strlen(v);
	size_t n = 0;

	while (p > v && p[-1] >= '0' && p[-1] <= '9') {
		p--;
		n++;
	}
	if (!n || n > 5 || (p > v && p[-1] != ':' && p[-1] != ','))
		return 0;
	if (strtol(p, NULL, 10) > 65535)
		return 0;
	snprintf(out, cap, "%s", p);
	return 1;
}

/* Does word W give option OPT's value ("-p 23", "-p23", "--port=23")?
   *VALUE: the value, or NULL when it is the next word. */
static int option_value(const char *w, const char *opt, const char **value)
{
	size_t l = strlen(opt);

	if (strncmp(w, opt, l))
		return 0;
	*value = NULL;
	if (!w[l])
		return 1;
	if (opt[1] == '-' && w[l] == '=') {
		*value = w + l + 1;
		return 1;
	}
	if (opt[1] != '-' && l == 2) {
		*value = w + l; /* -p2323 */
		return 1;
	}
	return 0;
}

int jcsi_svc_port(const struct jcsi_svc *d, const struct jcsi_cmd *c,
		  char *out, size_t cap)
{
	char opts[64], *save = NULL;

	snprintf(opts, sizeof(opts), "%s", d->ports);
	out[0] = '\0';
	for (char *o = opts; o && *o && strcmp(o, "-"); o = save) {
		save = strchr(o, ',');
		if (save)
			*save++ = '\0';
		for (int i = 1; i < c->argc; i++) {
			const char *v;

			if (!strcmp(o, ":")) {
				if (c->argv[i][0] != '-' &&
				    strchr(c->argv[i], ':') &&
				    port_of_value(c->argv[i], out, cap))
					return 1;
				continue;
			}
			if (!option_value(c->argv[i], o, &v))
				continue;
			if (!v && i + 1 < c->argc)
				v = c->argv[i + 1];
			if (v && port_of_value(v, out, cap))
				return 1;
		}
	}
	return 0;
}

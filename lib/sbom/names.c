/*
 * names.c - data/components/names.tsv and packages.tsv (see names.h),
 * purl strings, and filling in a component's supplier, CPE and purl.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/datafile.h"
#include "../core/mem.h"
#include "cpe_name.h"
#include "names.h"

void jcsi_names_free(struct jcsi_names *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->nn; i++) {
		jcsi_free(n->n[i].name);
		jcsi_free(n->n[i].vendor);
		jcsi_free(n->n[i].product);
		jcsi_free(n->n[i].supplier);
		jcsi_free(n->n[i].purl);
	}
	jcsi_free(n->n);
	for (size_t i = 0; i < n->np; i++) {
		jcsi_free(n->p[i].package);
		jcsi_free(n->p[i].name);
	}
	jcsi_free(n->p);
	jcsi_free(n);
}

const struct jcsi_name *jcsi_names_get(const struct jcsi_names *n,
				       const char *name)
{
	for (size_t i = 0; n && name && i < n->nn; i++)
		if (!strcmp(n->n[i].name, name))
			return &n->n[i];
	return NULL;
}

const char *jcsi_names_package(const struct jcsi_names *n,
			       const char *package)
{
	for (size_t i = 0; n && package && i < n->np; i++)
		if (!strcmp(n->p[i].package, package))
			return n->p[i].name;
	return NULL;
}

/* Splits LINE at tabs into at most MAX fields; returns the count. */
static size_t split_tabs(char *line, char **f, size_t max)
{
	size_t n = 0;

	while (n < max) {
		f[n++] = line;
		line = strchr(line, '\t');
		if (!line)
			break;
		*line++ = '\0';
	}
	return line ? max + 1 : n; /* max + 1: too many fields */
}

/* A name: lower-case letters, digits, '.', '_', '+', '-'. */
static int name_ok(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      strchr("._+-", *s)))
			return 0;
	return 1;
}

static char *dash_null(const char *s)
{
	return strcmp(s, "-") ? jcsi_strdup(s) : NULL;
}

static jcs_rc name_line(char *line, const char *path, unsigned no, void *user,
			char *err, size_t errlen)
{
	struct jcsi_names *ns = user;
	struct jcsi_name *v, *e;
	char *f[6];
	size_t n = split_tabs(line, f, 6);

	if (n < 5 || n > 6) {
		snprintf(err, errlen, "%s:%u: %zu fields, want 5 or 6 "
			 "(name vendor product supplier purl [part])", path,
			 no, n > 6 ? (size_t)7 : n);
		return JCS_E_FORMAT;
	}
	if (!name_ok(f[0]) || jcsi_names_get(ns, f[0])) {
		snprintf(err, errlen, "%s:%u: name '%s' %s", path, no, f[0],
			 name_ok(f[0]) ? "listed twice" : "is not [a-z0-9._+-]+");
		return JCS_E_FORMAT;
	}
	if (!strcmp(f[1], "-") != !strcmp(f[2], "-") || !*f[1] || !*f[2] ||
	    !*f[3] || !*f[4]) {
		snprintf(err, errlen, "%s:%u: vendor and product are both "
			 "'-' or both set; no empty field", path, no);
		return JCS_E_FORMAT;
	}
	if (n == 6 && (strlen(f[5]) != 1 || !strchr("aoh", f[5][0]))) {
		snprintf(err, errlen, "%s:%u: part '%s' is not a, o or h",
			 path, no, f[5]);
		return JCS_E_FORMAT;
	}
	v = jcsi_realloc(ns->n, (ns->nn + 1) * sizeof(*v));
	if (!v)
		return JCS_E_NOMEM;
	ns->n = v;
	e = &v[ns->nn];
	memset(e, 0, sizeof(*e));
	ns->nn++;
	e->name = jcsi_strdup(f[0]);
	e->vendor = dash_null(f[1]);
	e->product = dash_null(f[2]);
	e->supplier = dash_null(f[3]);
	e->purl = jcsi_strdup(strcmp(f[4], "-") ? f[4] : "generic");
	e->part = n == 6 ? f[5][0] : 'a';
	if (!e->name || !e->purl || (strcmp(f[1], "-") && !e->vendor) ||
	    (strcmp(f[2], "-") && !e->product) ||
	    (strcmp(f[3], "-") && !e->supplier))
		return JCS_E_NOMEM;
	return JCS_OK;
}

static jcs_rc package_line(char *line, const char *path, unsigned no,
			   void *user, char *err, size_t errlen)
{
	struct jcsi_names *ns = user;
	struct jcsi_pkgmap *v;
	const char *had;
	char *f[2];

	if (split_tabs(line, f, 2) != 2 || !name_ok(f[0])) {
		snprintf(err, errlen, "%s:%u: want PACKAGE<TAB>NAME", path, no);
		return JCS_E_FORMAT;
	}
	if (!jcsi_names_get(ns, f[1])) {
		snprintf(err, errlen, "%s:%u: '%s' is not a name of "
			 "names.tsv", path, no, f[1]);
		return JCS_E_FORMAT;
	}
	had = jcsi_names_package(ns, f[0]);
	if (had) {
		/* the same package name in two distributions: fine when
		   they agree */
		if (strcmp(had, f[1])) {
			snprintf(err, errlen, "%s:%u: package '%s' already "
				 "maps to '%s'", path, no, f[0], had);
			return JCS_E_FORMAT;
		}
		return JCS_OK;
	}
	v = jcsi_realloc(ns->p, (ns->np + 1) * sizeof(*v));
	if (!v)
		return JCS_E_NOMEM;
	ns->p = v;
	v[ns->np].package = jcsi_strdup(f[0]);
	v[ns->np].name = jcsi_strdup(f[1]);
	ns->np++;
	return v[ns->np - 1].package && v[ns->np - 1].name ? JCS_OK
							   : JCS_E_NOMEM;
}

jcs_rc jcsi_names_load(const char *data_dir, struct jcsi_names **out,
		       char *err, size_t errlen)
{
	struct jcsi_names *ns;
	char path[4096];
	jcs_rc rc;

	*out = NULL;
	ns = jcsi_calloc(1, sizeof(*ns));
	if (!ns)
		return JCS_E_NOMEM;
	snprintf(path, sizeof(path), "%s/components/names.tsv", data_dir);
	rc = jcsi_data_lines(path, name_line, ns, err, errlen);
	if (rc == JCS_OK) {
		snprintf(path, sizeof(path), "%s/components/packages.tsv",
			 data_dir);
		rc = jcsi_data_lines(path, package_line, ns, err, errlen);
	}
	if (rc == JCS_E_IO)
		snprintf(err, errlen, "%s: cannot open", path);
	else if (rc == JCS_E_NOMEM)
		snprintf(err, errlen, "%s: out of memory", path);
	if (rc != JCS_OK) {
		jcsi_names_free(ns);
		return rc;
	}
	*out = ns;
	return JCS_OK;
}

/* S percent-encoded (purl: everything but [A-Za-z0-9.-_~]) into a new
   string. */
static char *pct(const char *s)
{
	char *o = jcsi_malloc(strlen(s) * 3 + 1), *q = o;

	if (!o)
		return NULL;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr(".-_~", c)) {
			*q++ = (char)c;
		} else {
			snprintf(q, 4, "%%%02X", c);
			q += 3;
		}
	}
	*q = '\0';
	return o;
}

char *jcsi_purl(const char *type_ns, const char *name, const char *version,
		const char *arch)
{
	char *n = pct(name), *v = version && *version ? pct(version) : NULL;
	char *a = arch && *arch ? pct(arch) : NULL, *out = NULL;

	if (n && (v || !(version && *version)) && (a || !(arch && *arch)))
		out = jcsi_asprintf("pkg:%s/%s%s%s%s%s", type_ns, n,
				    v ? "@" : "", v ? v : "",
				    a ? "?arch=" : "", a ? a : "");
	jcsi_free(n);
	jcsi_free(v);
	jcsi_free(a);
	return out;
}

jcs_rc jcsi_names_describe(const struct jcsi_names *n,
			   struct jcsi_component *c)
{
	const struct jcsi_name *e = jcsi_names_get(n, c->name);
	jcs_rc rc;

	if (!e)
		return JCS_OK;
	if (!c->supplier && e->supplier) {
		c->supplier = jcsi_strdup(e->supplier);
		if (!c->supplier)
			return JCS_E_NOMEM;
	}
	if (!c->cpe && e->vendor && c->version && *c->version) {
		rc = jcsi_cpe_name(e->part, e->vendor, e->product, c->version,
				   &c->cpe);
		if (rc != JCS_OK)
			return rc;
	}
	if (!c->purl) {
		c->purl = jcsi_purl(e->purl, c->name, c->version, NULL);
		if (!c->purl)
			return JCS_E_NOMEM;
	}
	return JCS_OK;
}

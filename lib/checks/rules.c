/*
 * rules.c - loading the rule table: data/rules/<family>.tsv, one file per
 * check family (so families grow without touching each other's lines),
 * read in name order into one table. Errors name the file and line, and a
 * rule with a category not in reference/categories.md is refused: rules
 * are many and change, categories are fixed.
 */
#include "rules.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../assess/catalog.h"
#include "../core/datafile.h"
#include "../core/mem.h"
#include "version.h"

struct jcsi_rules {
	struct jcs_rule_info *v;
	char **lines; /* the strings v points into */
	size_t n, cap;
};

void jcsi_rules_free(struct jcsi_rules *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		jcsi_free(r->lines[i]);
	jcsi_free(r->lines);
	jcsi_free(r->v);
	jcsi_free(r);
}

static int valid_id(const char *s)
{
	int dots = 0;

	if (!*s)
		return 0;
	for (; *s; s++) {
		if (*s == '.')
			dots++;
		else if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
			   *s == '-' || *s == '_'))
			return 0;
	}
	return dots >= 1;
}

static jcs_rc parse_line(struct jcsi_rules *r, char *line, const char *path,
			 unsigned no, char *err, size_t errlen)
{
	char *f[5];
	int n = 0;
	struct jcs_rule_info *ri;
	char *s = line;

	while (n < 5) {
		f[n++] = s;
		s = strchr(s, '\t');
		if (!s)
			break;
		*s++ = '\0';
	}
	if (n != 5 || strchr(f[4], '\t')) {
		snprintf(err, errlen, "%s:%u: want 5 tab-separated fields "
			 "(id, category, severity, check, title)", path, no);
		return JCS_E_FORMAT;
	}
	if (!valid_id(f[0])) {
		snprintf(err, errlen, "%s:%u: bad rule id '%s'", path, no, f[0]);
		return JCS_E_FORMAT;
	}
	if (!jcs_category_valid(f[1])) {
		snprintf(err, errlen, "%s:%u: '%s' is not a finding category",
			 path, no, f[1]);
		return JCS_E_FORMAT;
	}
	if (jcsi_rules_get(r, f[0])) {
		snprintf(err, errlen, "%s:%u: rule '%s' defined twice", path,
			 no, f[0]);
		return JCS_E_FORMAT;
	}
	ri = &r->v[r->n];
	if (jcs_severity_parse(f[2], &ri->severity) < 0) {
		snprintf(err, errlen, "%s:%u: '%s' is not a severity", path,
			 no, f[2]);
		return JCS_E_FORMAT;
	}
	if (!f[3][0] || !f[4][0]) {
		snprintf(err, errlen, "%s:%u: empty check or title", path, no);
		return JCS_E_FORMAT;
	}
	ri->id = f[0];
	ri->category = f[1];
	ri->check = f[3];
	ri->title = f[4];
	return JCS_OK;
}

static jcs_rc rule_line(char *buf, const char *path, unsigned no, void *user,
			char *err, size_t errlen)
{
	struct jcsi_rules *r = user;
	char *line;
	jcs_rc rc;

	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 32;
		struct jcs_rule_info *v = jcsi_realloc(r->v, cap * sizeof(*v));
		char **l;

		if (!v)
			return JCS_E_NOMEM;
		r->v = v;
		l = jcsi_realloc(r->lines, cap * sizeof(*l));
		if (!l)
			return JCS_E_NOMEM;
		r->lines = l;
		r->cap = cap;
	}
	line = jcsi_strdup(buf);
	if (!line)
		return JCS_E_NOMEM;
	rc = parse_line(r, line, path, no, err, errlen);
	if (rc != JCS_OK) {
		jcsi_free(line);
		return rc;
	}
	r->lines[r->n++] = line;
	return JCS_OK;
}

static jcs_rc load_file(struct jcsi_rules *r, const char *path, char *err,
			size_t errlen)
{
	jcs_rc rc = jcsi_data_lines(path, rule_line, r, err, errlen);

	if (rc == JCS_E_IO)
		snprintf(err, errlen, "%s: cannot open the rule table", path);
	return rc;
}

static int tsv_name(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return d->d_name[0] != '.' && n > 4 &&
	       strcmp(d->d_name + n - 4, ".tsv") == 0;
}

jcs_rc jcsi_rules_load(const char *path, struct jcsi_rules **out, char *err,
		       size_t errlen)
{
	struct jcsi_rules *r;
	struct dirent **names = NULL;
	struct stat st;
	char file[4096];
	jcs_rc rc = JCS_OK;
	int n;

	*out = NULL;
	r = jcsi_calloc(1, sizeof(*r));
	if (!r)
		return JCS_E_NOMEM;
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
		rc = load_file(r, path, err, errlen);
	} else {
		n = scandir(path, &names, tsv_name, alphasort);
		if (n <= 0) {
			snprintf(err, errlen, "%s: no rule table (*.tsv) in it",
				 path);
			rc = JCS_E_IO;
		}
		for (int i = 0; i < n; i++) {
			snprintf(file, sizeof(file), "%s/%s", path,
				 names[i]->d_name);
			if (rc == JCS_OK)
				rc = load_file(r, file, err, errlen);
			free(names[i]);
		}
		free(names);
	}
	if (rc != JCS_OK) {
		jcsi_rules_free(r);
		return rc;
	}
	*out = r;
	return JCS_OK;
}

const struct jcs_rule_info *jcsi_rules_get(const struct jcsi_rules *r,
					   const char *id)
{
	for (size_t i = 0; r && i < r->n; i++)
		if (strcmp(r->v[i].id, id) == 0)
			return &r->v[i];
	return NULL;
}

size_t jcsi_rules_count(const struct jcsi_rules *r)
{
	return r ? r->n : 0;
}

const struct jcs_rule_info *jcsi_rules_at(const struct jcsi_rules *r,
					  size_t i)
{
	return r && i < r->n ? &r->v[i] : NULL;
}

const char *jcsi_data_dir(const char *dir)
{
	const char *env = getenv("JCSTAR_DATADIR");

	if (dir && *dir)
		return dir;
	if (env && *env)
		return env;
	if (access(JCS_SOURCE_DATADIR "/rules", R_OK) == 0)
		return JCS_SOURCE_DATADIR;
	return JCS_DATADIR;
}

jcs_rc jcs_rules_list(const char *data_dir,
		      void (*fn)(const struct jcs_rule_info *r, void *user),
		      void *user, char *err, size_t errlen)
{
	struct jcsi_rules *r;
	char path[4096];
	jcs_rc rc;

	snprintf(path, sizeof(path), "%s/rules", jcsi_data_dir(data_dir));
	rc = jcsi_rules_load(path, &r, err, errlen);
	if (rc != JCS_OK)
		return rc;
	for (size_t i = 0; i < r->n; i++)
		fn(&r->v[i], user);
	jcsi_rules_free(r);
	return JCS_OK;
}

void jcsi_rule_title(char *out, size_t cap, const char *tpl, const char *a,
		 const char *b)
{
	size_t at = 0;
	const char *args[2] = {a ? a : "?", b ? b : "?"};
	int k = 0;

	for (const char *p = tpl; *p && at + 1 < cap; p++) {
		if (p[0] == '{' && p[1] == '}' && k < 2) {
			at += (size_t)snprintf(out + at, cap - at, "%s",
					       args[k++]);
			if (at >= cap)
				at = cap - 1;
			p++;
			continue;
		}
		out[at++] = *p;
	}
	out[at] = '\0';
}

void jcsi_rule_finding(struct jcs_result *r, const struct jcsi_rules *rules,
		       const struct jcsi_catalog *cat,
		       const struct jcsi_rule_hit *h, const char *by)
{
	const struct jcs_rule_info *ri = jcsi_rules_get(rules, h->rule);
	struct jcs_finding f;
	char title[512];
	const char *req[64];

	if (!ri) {
		char what[256];

		if (by)
			snprintf(what, sizeof(what), "rule %s (%s)", h->rule,
				 by);
		else
			snprintf(what, sizeof(what), "%s", h->rule);
		jcs_result_add_limitation(r, what, "not in data/rules/: "
					  "finding dropped");
		return;
	}
	jcsi_rule_title(title, sizeof(title), ri->title, h->subject,
			h->detail);
	memset(&f, 0, sizeof(f));
	f.requirements = req;
	f.nrequirements = jcsi_catalog_requirements_of(
		cat, ri->id, ri->category, req, sizeof(req) / sizeof(*req));
	f.rule = ri->id;
	f.category = ri->category;
	f.severity = h->severity < 0 ? ri->severity
				     : (enum jcs_severity)h->severity;
	f.title = title;
	f.evidence = h->evidence;
	f.location = h->location;
	jcs_result_add(r, &f);
}

jcs_rc jcsi_rules_with_catalog(const char *data_dir, struct jcs_result *r,
			       struct jcsi_rules **rules,
			       struct jcsi_catalog **cat, char *err,
			       size_t errlen)
{
	char path[4096], cerr[512];
	jcs_rc rc;

	snprintf(path, sizeof(path), "%s/rules", data_dir);
	rc = jcsi_rules_load(path, rules, err, errlen);
	if (rc != JCS_OK)
		return rc;
	snprintf(path, sizeof(path), "%s/catalog/jcstar-star1.yaml", data_dir);
	if (jcsi_catalog_load(path, *rules, cat, cerr, sizeof(cerr)) != JCS_OK)
		jcs_result_add_limitation(r, "requirement references of "
					  "findings", cerr);
	else
		jcs_result_set_catalog(r, (*cat)->version);
	return JCS_OK;
}

void jcsi_mask_secret(int show, const char *secret, char *out, size_t cap)
{
	size_t n = strlen(secret);

	if (show || cap < 8) {
		snprintf(out, cap, "%s", secret);
		return;
	}
	if (n <= 2)
		snprintf(out, cap, "%s", n ? "**" : "");
	else if (n <= 5)
		snprintf(out, cap, "%c***", secret[0]);
	else
		snprintf(out, cap, "%.2s***%s", secret, secret + n - 2);
}

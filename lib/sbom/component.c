/*
 * component.c - the component list (component.h): adding, freeing, the
 * names of methods and confidences, and its JSON (the result's
 * `components`, schema/result.schema.json definitions.component).
 */
#include <string.h>

#include "../core/mem.h"
#include "component.h"
#include "identify.h"

const char *jcsi_comp_method_name(enum jcsi_comp_method m)
{
	switch (m) {
	case JCSI_COMP_PACKAGE_DB:
		return "package-db";
	case JCSI_COMP_SIGNATURE:
		return "signature";
	case JCSI_COMP_MANIFEST:
		return "manifest";
	}
	return "signature";
}

const char *jcsi_comp_confidence_name(enum jcsi_comp_confidence c)
{
	switch (c) {
	case JCSI_CONF_LOW:
		return "low";
	case JCSI_CONF_MEDIUM:
		return "medium";
	case JCSI_CONF_HIGH:
		return "high";
	}
	return "low";
}

void jcsi_component_clear(struct jcsi_component *c)
{
	jcsi_free(c->name);
	jcsi_free(c->version);
	jcsi_free(c->supplier);
	jcsi_free(c->cpe);
	jcsi_free(c->purl);
	jcsi_free(c->license);
	for (size_t i = 0; i < c->n_files; i++)
		jcsi_free(c->files[i].path);
	jcsi_free(c->files);
	memset(c, 0, sizeof(*c));
}

void jcsi_components_free(struct jcsi_components *cs)
{
	if (!cs)
		return;
	for (size_t i = 0; i < cs->n; i++)
		jcsi_component_clear(&cs->c[i]);
	jcsi_free(cs->c);
	cs->c = NULL;
	cs->n = 0;
}

jcs_rc jcsi_component_add_file(struct jcsi_component *c, const char *path)
{
	struct jcsi_comp_file *v;

	if (!c || !path || !*path)
		return JCS_E_ARG;
	for (size_t i = 0; i < c->n_files; i++)
		if (!strcmp(c->files[i].path, path))
			return JCS_OK;
	if (c->n_files >= JCSI_COMP_FILES_MAX)
		return JCS_OK;
	v = jcsi_realloc(c->files, (c->n_files + 1) * sizeof(*v));
	if (!v)
		return JCS_E_NOMEM;
	c->files = v;
	memset(&v[c->n_files], 0, sizeof(*v));
	v[c->n_files].path = jcsi_strdup(path);
	if (!v[c->n_files].path)
		return JCS_E_NOMEM;
	c->n_files++;
	return JCS_OK;
}

jcs_rc jcsi_components_add(struct jcsi_components *cs, const char *name,
			   const char *version, enum jcsi_comp_method m,
			   enum jcsi_comp_confidence conf, const char *file)
{
	struct jcsi_component *v, *c;
	jcs_rc rc = JCS_OK;

	if (!cs || !name || !*name)
		return JCS_E_ARG;
	v = jcsi_realloc(cs->c, (cs->n + 1) * sizeof(*v));
	if (!v)
		return JCS_E_NOMEM;
	cs->c = v;
	c = &v[cs->n];
	memset(c, 0, sizeof(*c));
	c->name = jcsi_strdup(name);
	c->version = jcsi_strdup(version ? version : "");
	c->method = m;
	c->confidence = conf;
	if (!c->name || !c->version)
		rc = JCS_E_NOMEM;
	else if (file)
		rc = jcsi_component_add_file(c, file);
	if (rc != JCS_OK) {
		jcsi_component_clear(c);
		return rc;
	}
	cs->n++;
	return JCS_OK;
}

/* A JSON string of S even when S is not UTF-8 (names and versions come
   from the image): bytes outside printable ASCII become '?'. */
static json_t *str_json(const char *s)
{
	json_t *j = json_string(s);
	char *t;

	if (j)
		return j;
	t = jcsi_strdup(s);
	if (!t)
		return NULL;
	for (char *p = t; *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
			*p = '?';
	j = json_string(t);
	jcsi_free(t);
	return j;
}

static int set_str(json_t *o, const char *k, const char *v)
{
	return v ? json_object_set_new(o, k, str_json(v)) : 0;
}

static json_t *component_json(const struct jcsi_component *c)
{
	json_t *j = json_object(), *files = json_array();

	if (!j || !files)
		goto fail;
	if (set_str(j, "name", c->name) < 0 ||
	    set_str(j, "version", c->version ? c->version : "") < 0 ||
	    set_str(j, "method", jcsi_comp_method_name(c->method)) < 0 ||
	    set_str(j, "confidence",
		    jcsi_comp_confidence_name(c->confidence)) < 0 ||
	    /* no license member: the schema has none (yet) */
	    set_str(j, "supplier", c->supplier) < 0 ||
	    set_str(j, "cpe", c->cpe) < 0 || set_str(j, "purl", c->purl) < 0)
		goto fail;
	for (size_t i = 0; i < c->n_files; i++) {
		json_t *f = json_object();

		if (!f || json_array_append_new(files, f) < 0 ||
		    set_str(f, "path", c->files[i].path) < 0 ||
		    (c->files[i].sha256[0] &&
		     set_str(f, "sha256", c->files[i].sha256) < 0) ||
		    (c->files[i].sha1[0] &&
		     set_str(f, "sha1", c->files[i].sha1) < 0))
			goto fail;
	}
	if (json_object_set_new(j, "files", files) < 0) {
		files = NULL;
		goto fail;
	}
	return j;
fail:
	json_decref(files);
	json_decref(j);
	return NULL;
}

json_t *jcsi_components_json(const struct jcsi_components *cs)
{
	json_t *a = json_array();

	for (size_t i = 0; a && cs && i < cs->n; i++) {
		json_t *c = component_json(&cs->c[i]);

		if (!c || json_array_append_new(a, c) < 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

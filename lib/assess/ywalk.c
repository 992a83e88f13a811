/*
 * ywalk.c - see ywalk.h. The walks built on it are schema-driven to a
 * fixed depth, so YAML aliases cannot make them recurse.
 */
#include "ywalk.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "../core/mem.h"

jcs_rc jcsi_yw_fail(struct jcsi_yw *w, const yaml_node_t *n,
		    const char *field, const char *fmt, ...)
{
	char why[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	snprintf(w->err, w->errlen, "%s:%lu:%lu: %s: %s", w->name,
		 n ? (unsigned long)n->start_mark.line + 1 : 1UL,
		 n ? (unsigned long)n->start_mark.column + 1 : 1UL,
		 field, why);
	return JCS_E_FORMAT;
}

jcs_rc jcsi_yw_parse_error(const yaml_parser_t *p, const char *name,
			   char *err, size_t errlen)
{
	char from[64] = "";

	/* libyaml's context mark is often the problem's own line */
	if (p->context && p->context_mark.line != p->problem_mark.line)
		snprintf(from, sizeof(from), " (from line %lu)",
			 (unsigned long)p->context_mark.line + 1);
	snprintf(err, errlen, "%s:%lu:%lu: YAML: %s%s%s%s", name,
		 (unsigned long)p->problem_mark.line + 1,
		 (unsigned long)p->problem_mark.column + 1,
		 p->problem ? p->problem : "syntax error",
		 p->context ? " " : "", p->context ? p->context : "", from);
	return p->error == YAML_MEMORY_ERROR ? JCS_E_NOMEM : JCS_E_FORMAT;
}

jcs_rc jcsi_yw_load(struct jcsi_yw *w, const char *buf, size_t len,
		    size_t max)
{
	yaml_parser_t p;
	yaml_document_t more;
	jcs_rc rc = JCS_OK;

	w->loaded = 0;
	w->err[0] = '\0';
	if (len > max) {
		snprintf(w->err, w->errlen, "%s: larger than %zu bytes",
			 w->name, max);
		return JCS_E_LIMIT;
	}
	if (!yaml_parser_initialize(&p))
		return JCS_E_NOMEM;
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
	if (!yaml_parser_load(&p, &w->doc)) {
		rc = jcsi_yw_parse_error(&p, w->name, w->err, w->errlen);
		yaml_parser_delete(&p);
		return rc;
	}
	w->loaded = 1;
	/* one document a file: a second one would be silently ignored */
	if (!yaml_parser_load(&p, &more)) {
		snprintf(w->err, w->errlen, "%s:%lu:%lu: YAML: %s", w->name,
			 (unsigned long)p.problem_mark.line + 1,
			 (unsigned long)p.problem_mark.column + 1,
			 p.problem ? p.problem : "error after the first document");
		rc = p.error == YAML_MEMORY_ERROR ? JCS_E_NOMEM : JCS_E_FORMAT;
	} else {
		if (yaml_document_get_root_node(&more)) {
			snprintf(w->err, w->errlen,
				 "%s:%lu:1: more than one YAML document",
				 w->name, (unsigned long)more.start_mark.line + 1);
			rc = JCS_E_FORMAT;
		}
		yaml_document_delete(&more);
	}
	yaml_parser_delete(&p);
	return rc;
}

void jcsi_yw_done(struct jcsi_yw *w)
{
	if (w->loaded)
		yaml_document_delete(&w->doc);
	w->loaded = 0;
}

yaml_node_t *jcsi_yw_node(struct jcsi_yw *w, int i)
{
	return yaml_document_get_node(&w->doc, i);
}

yaml_node_t *jcsi_yw_root(struct jcsi_yw *w)
{
	return yaml_document_get_root_node(&w->doc);
}

const char *jcsi_yw_scalar(struct jcsi_yw *w, yaml_node_t *n,
			   const char *field, jcs_rc *rc)
{
	const char *s;

	if (!n || n->type != YAML_SCALAR_NODE) {
		*rc = jcsi_yw_fail(w, n, field, "expected a single value");
		return NULL;
	}
	s = (const char *)n->data.scalar.value;
	if (strlen(s) != n->data.scalar.length) {
		*rc = jcsi_yw_fail(w, n, field, "contains a NUL byte");
		return NULL;
	}
	if (!*s) {
		*rc = jcsi_yw_fail(w, n, field, "is empty");
		return NULL;
	}
	return s;
}

jcs_rc jcsi_yw_unique_keys(struct jcsi_yw *w, yaml_node_t *map,
			   const char *field)
{
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
	     p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = jcsi_yw_node(w, p->key);

		if (!k || k->type != YAML_SCALAR_NODE ||
		    strlen((const char *)k->data.scalar.value) !=
			    k->data.scalar.length)
			return jcsi_yw_fail(w, k, *field ? field : "key",
					    "keys must be plain words");
		for (yaml_node_pair_t *q = map->data.mapping.pairs.start;
		     q < p; q++) {
			yaml_node_t *o = jcsi_yw_node(w, q->key);

			if (strcmp((const char *)o->data.scalar.value,
				   (const char *)k->data.scalar.value) == 0) {
				char f[160];

				snprintf(f, sizeof(f), "%s%s%s", field,
					 *field ? "." : "",
					 (const char *)k->data.scalar.value);
				return jcsi_yw_fail(w, k, f, "given twice (first on line %lu)",
						    (unsigned long)o->start_mark.line + 1);
			}
		}
	}
	return JCS_OK;
}

jcs_rc jcsi_yw_text(struct jcsi_yw *w, yaml_node_t *n, const char *field,
		    char **out)
{
	jcs_rc rc = JCS_OK;
	const char *s = jcsi_yw_scalar(w, n, field, &rc);

	if (!s)
		return rc;
	*out = jcsi_strdup(s);
	return *out ? JCS_OK : JCS_E_NOMEM;
}

const char *jcsi_yw_key(struct jcsi_yw *w, yaml_node_pair_t *p)
{
	return (const char *)jcsi_yw_node(w, p->key)->data.scalar.value;
}

yaml_node_t *jcsi_yw_find(struct jcsi_yw *w, yaml_node_t *map,
			  const char *key)
{
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
	     p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = jcsi_yw_node(w, p->key);

		if (k && k->type == YAML_SCALAR_NODE &&
		    strcmp((const char *)k->data.scalar.value, key) == 0)
			return jcsi_yw_node(w, p->value);
	}
	return NULL;
}

/* Same word up to case and '-' for '_', or one letter added, dropped,
   changed or two neighbours swapped: a typo, not a different word. */
static int trivially_close(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i = 0;

	if (la == lb) {
		size_t diff = 0, first = 0;

		for (size_t k = 0; k < la; k++) {
			char x = a[k] == '-' ? '_' : a[k];
			char y = b[k] == '-' ? '_' : b[k];

			if (x >= 'A' && x <= 'Z')
				x = (char)(x - 'A' + 'a');
			if (x != y) {
				if (!diff)
					first = k;
				diff++;
			}
		}
		if (diff <= 1)
			return 1;
		return diff == 2 && first + 1 < la && a[first] == b[first + 1] &&
		       a[first + 1] == b[first];
	}
	if (la + 1 == lb || lb + 1 == la) {
		const char *l = la > lb ? a : b, *s = la > lb ? b : a;

		while (s[i] && s[i] == l[i])
			i++;
		return strcmp(s + i, l + i + 1) == 0;
	}
	return 0;
}

jcs_rc jcsi_yw_unknown(struct jcsi_yw *w, yaml_node_t *keynode,
		       const char *parent, const char *const *known)
{
	const char *key = (const char *)keynode->data.scalar.value;
	char field[160];

	snprintf(field, sizeof(field), "%s%s%s", parent ? parent : "",
		 parent && *parent ? "." : "", key);
	for (size_t i = 0; known[i]; i++)
		if (strlen(key) >= 3 && trivially_close(key, known[i]))
			return jcsi_yw_fail(w, keynode, field,
					    "unknown key (did you mean '%s'?)",
					    known[i]);
	return jcsi_yw_fail(w, keynode, field, "unknown key");
}

size_t jcsi_yw_count(const yaml_node_t *seq)
{
	return (size_t)(seq->data.sequence.items.top -
			seq->data.sequence.items.start);
}

yaml_node_t *jcsi_yw_item(struct jcsi_yw *w, const yaml_node_t *seq,
			  size_t i)
{
	return jcsi_yw_node(w, seq->data.sequence.items.start[i]);
}

int jcsi_days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (m < 1 || m > 12)
		return 0;
	return days[m - 1] + (m == 2 && leap);
}

/* Howard Hinnant's days_from_civil: no timegm(), no time zone. */
long long jcsi_days_from_civil(int y, int m, int d)
{
	long long yy = y - (m <= 2);
	long long era = (yy >= 0 ? yy : yy - 399) / 400;
	long long yoe = yy - era * 400;
	long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

int jcsi_digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int jcsi_yw_date(const char *s, time_t *end_of_day)
{
	int y, m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    jcsi_digits(s, 4, &y) || jcsi_digits(s + 5, 2, &m) ||
	    jcsi_digits(s + 8, 2, &d))
		return -1;
	if (y < 1970 || d < 1 || d > jcsi_days_in_month(y, m))
		return -1;
	*end_of_day = (time_t)(jcsi_days_from_civil(y, m, d) * 86400 + 86399);
	return 0;
}

jcs_rc jcsi_yw_read_file(const char *path, size_t max, char **buf,
			 size_t *len, char *err, size_t errlen)
{
	FILE *f;
	struct stat st;
	char *b;

	*buf = NULL;
	*len = 0;
	f = fopen(path, "rb");
	if (!f || fstat(fileno(f), &st) < 0) {
		snprintf(err, errlen, "%s: cannot open: %m", path);
		if (f)
			fclose(f);
		return JCS_E_IO;
	}
	if (!S_ISREG(st.st_mode) || (unsigned long long)st.st_size > max) {
		snprintf(err, errlen, "%s: not a regular file of at most %zu bytes",
			 path, max);
		fclose(f);
		return JCS_E_LIMIT;
	}
	b = jcsi_malloc((size_t)st.st_size + 1);
	if (!b) {
		fclose(f);
		snprintf(err, errlen, "%s: out of memory", path);
		return JCS_E_NOMEM;
	}
	if (fread(b, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
		snprintf(err, errlen, "%s: read failed", path);
		jcsi_free(b);
		fclose(f);
		return JCS_E_IO;
	}
	fclose(f);
	b[st.st_size] = '\0';
	*buf = b;
	*len = (size_t)st.st_size;
	return JCS_OK;
}

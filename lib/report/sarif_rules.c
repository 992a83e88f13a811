/*
 * sarif_rules.c - tool.driver.rules of the SARIF log: one reportingDescriptor
 * per rule that occurs, with the help a code-scanning UI shows next to a
 * result: what the category means (data/categories.tsv) and which
 * requirements the rule's findings bear on.
 */
#include <ctype.h>
#include <string.h>

#include "../checks/rules.h"
#include "../core/mem.h"
#include "sarif_int.h"

static const char *const sev_names[] = {"critical", "high", "medium", "low",
					"info"};
/* GitHub's scale for security-severity: >= 9 critical, >= 7 high,
   >= 4 medium, > 0 low. */
static const char *const sev_score[] = {"9.5", "8.0", "5.5", "3.0", "0.0"};

static int sev_rank(const char *s)
{
	for (int i = 0; i < 5; i++)
		if (s && !strcmp(s, sev_names[i]))
			return i;
	return 4;
}

const char *jcsi_sarif_level(const char *severity)
{
	int r = sev_rank(severity);

	return r <= 1 ? "error" : r == 2 ? "warning" : "note";
}

/* "accounts.empty-password" -> "AccountsEmptyPassword": SARIF wants a
   rule's name to be an identifier a person can read. */
static char *pascal_name(const char *id)
{
	char *s = jcsi_malloc(strlen(id) + 1), *p = s;
	int up = 1;

	if (!s)
		return NULL;
	for (; *id; id++) {
		if (!isalnum((unsigned char)*id)) {
			up = 1;
			continue;
		}
		*p++ = up ? (char)toupper((unsigned char)*id) : *id;
		up = 0;
	}
	*p = '\0';
	return s;
}

/* The rule table's title template with its "{}" holes shown as "...". */
static char *template_title(const char *t)
{
	size_t n = strlen(t);
	char *s = jcsi_malloc(n + n / 2 + 4), *p = s;

	if (!s)
		return NULL;
	while (*t) {
		if (t[0] == '{' && t[1] == '}') {
			memcpy(p, "...", 3);
			p += 3;
			t += 2;
		} else {
			*p++ = *t++;
		}
	}
	*p = '\0';
	return s;
}

/* What jcstar knows of one rule from its findings. */
struct seen {
	const char *id, *category, *title;
	int rank;
	json_t *reqs; /* unique requirement ids, in order of appearance */
};

static int add_reqs(json_t *reqs, const json_t *from)
{
	const json_t *r, *have;
	size_t i, k;

	json_array_foreach(from, i, r) {
		int dup = 0;

		if (!json_is_string(r))
			continue;
		json_array_foreach(reqs, k, have)
			dup |= json_equal(have, r);
		if (!dup && json_array_append(reqs, (json_t *)r))
			return -1;
	}
	return 0;
}

static char *join_reqs(const json_t *reqs, const char *quote)
{
	size_t i, len = 1;
	const json_t *r;
	char *s;

	json_array_foreach(reqs, i, r)
		len += strlen(json_string_value(r)) + 2 + 2 * strlen(quote);
	s = jcsi_malloc(len);
	if (!s)
		return NULL;
	s[0] = '\0';
	json_array_foreach(reqs, i, r) {
		size_t at = strlen(s);

		snprintf(s + at, len - at, "%s%s%s%s", i ? ", " : "", quote,
			 json_string_value(r), quote);
	}
	return s;
}

static json_t *descriptor(const struct seen *s,
			  const struct jcsi_category_texts *texts,
			  const struct jcsi_rules *rules)
{
	const struct jcsi_category_text *ct =
		jcsi_category_text(texts, s->category);
	const struct jcs_rule_info *ri = jcsi_rules_get(rules, s->id);
	int rank = ri ? 4 - (int)ri->severity : s->rank;
	char *name = pascal_name(s->id);
	char *title = ri ? template_title(ri->title) : jcsi_strdup(s->title);
	char *plain = join_reqs(s->reqs, ""), *md = join_reqs(s->reqs, "`");
	char *text = NULL, *markdown = NULL;
	const char *meaning = ct ? ct->meaning : "(no description loaded)";
	const char *group = ct ? ct->group : "?";
	const char *where = ct ? ct->where : "?";
	json_t *d = NULL;

	if (rank < 0 || rank > 4)
		rank = 4;
	if (!name || !title || !plain || !md)
		goto out;
	text = jcsi_asprintf("Category %s (%s): %s. Found in: %s. Bears on: %s.",
			     s->category, group, meaning, where,
			     *plain ? plain : "no catalog requirement");
	markdown = jcsi_asprintf(
		"**%s** (%s): %s.\n\nFound in: %s.\n\nBears on: %s.",
		s->category, group, meaning, where,
		*md ? md : "no catalog requirement");
	if (!text || !markdown)
		goto out;
	d = json_pack("{s:s, s:s, s:{s:s}, s:{s:s}, s:{s:s, s:s}, s:{s:s},"
		      " s:{s:s, s:s, s:[s, s], s:O}}",
		      "id", s->id, "name", name,
		      "shortDescription", "text", title,
		      "fullDescription", "text", text,
		      "help", "text", text, "markdown", markdown,
		      "defaultConfiguration", "level",
		      jcsi_sarif_level(sev_names[rank]),
		      "properties", "category", s->category,
		      "security-severity", sev_score[rank],
		      "tags", "security", s->category,
		      "requirements", s->reqs);
out:
	jcsi_free(name);
	jcsi_free(title);
	jcsi_free(plain);
	jcsi_free(md);
	jcsi_free(text);
	jcsi_free(markdown);
	return d;
}

/* Gathers the rules of FINDINGS into V (at most one per finding). */
static size_t gather(const json_t *findings, struct seen *v, json_t *index)
{
	const json_t *f;
	size_t i, n = 0;

	json_array_foreach(findings, i, f) {
		const char *id = json_string_value(json_object_get(f, "rule"));
		const json_t *at;
		struct seen *s;

		if (!id)
			continue;
		at = json_object_get(index, id);
		if (at) {
			s = &v[json_integer_value(at)];
		} else {
			s = &v[n];
			s->id = id;
			s->category = json_string_value(
				json_object_get(f, "category"));
			s->title = json_string_value(json_object_get(f, "title"));
			s->rank = 4;
			s->reqs = json_array();
			if (!s->category)
				s->category = "?";
			if (!s->title)
				s->title = id;
			if (!s->reqs || json_object_set_new(
					index, id, json_integer((json_int_t)n)))
				return (size_t)-1;
			n++;
		}
		int r = sev_rank(json_string_value(json_object_get(f,
								   "severity")));
		if (r < s->rank)
			s->rank = r;
		if (add_reqs(s->reqs, json_object_get(f, "requirements")))
			return (size_t)-1;
	}
	return n;
}

json_t *jcsi_sarif_rules(const json_t *findings,
			 const struct jcsi_category_texts *texts,
			 const struct jcsi_rules *rules, json_t **index)
{
	size_t nf = json_array_size(findings), n;
	struct seen *v = jcsi_calloc(nf + 1, sizeof(*v));
	json_t *out = json_array();

	*index = json_object();
	if (!v || !out || !*index)
		goto fail;
	n = gather(findings, v, *index);
	if (n == (size_t)-1)
		goto fail;
	for (size_t i = 0; i < n; i++)
		if (json_array_append_new(out, descriptor(&v[i], texts, rules)))
			goto fail;
	for (size_t i = 0; i < nf; i++)
		json_decref(v[i].reqs);
	jcsi_free(v);
	return out;
fail:
	for (size_t i = 0; v && i < nf; i++)
		json_decref(v[i].reqs);
	jcsi_free(v);
	json_decref(out);
	json_decref(*index);
	*index = NULL;
	return NULL;
}

/*
 * probe_http_page.c - what an HTTP page is, from positive markers only:
 * a password field (login), a form of editable fields (settings), a
 * key=value configuration dump, a version number in a header. "200 OK"
 * alone never counts: catch-all servers answer 200 to every path.
 *
 * A small tag scanner, not an HTML parser: it looks at <input>,
 * <select>, <textarea> and <form> start tags and their type/action
 * attributes, case-insensitively, within the length given.
 */
#include <string.h>
#include <strings.h>

#include "probe_http.h"

/* Is [p, end) at "<NAME" followed by a space, '>' or '/'? */
static int tag_at(const char *p, const char *end, const char *name)
{
	size_t n = strlen(name);

	if ((size_t)(end - p) < n + 2 || p[0] != '<' ||
	    strncasecmp(p + 1, name, n))
		return 0;
	return p[n + 1] == ' ' || p[n + 1] == '>' || p[n + 1] == '/' ||
	       p[n + 1] == '\t' || p[n + 1] == '\r' || p[n + 1] == '\n';
}

/* Value of attribute ATTR in the tag [p, te) into OUT ("" if absent). */
static void attr(const char *p, const char *te, const char *attr_name,
		 char *out, size_t cap)
{
	size_t an = strlen(attr_name);

	out[0] = '\0';
	for (const char *q = p + 1; q + an < te; q++) {
		const char *v;
		size_t n = 0;
		char quote = 0;

		if ((q[-1] != ' ' && q[-1] != '\t' && q[-1] != '\n' &&
		     q[-1] != '\r') ||
		    strncasecmp(q, attr_name, an))
			continue;
		v = q + an;
		while (v < te && (*v == ' ' || *v == '\t'))
			v++;
		if (v >= te || *v != '=')
			continue;
		v++;
		while (v < te && (*v == ' ' || *v == '\t'))
			v++;
		if (v < te && (*v == '"' || *v == '\''))
			quote = *v++;
		while (v + n < te && n + 1 < cap &&
		       (quote ? v[n] != quote
			      : (v[n] != ' ' && v[n] != '>' && v[n] != '\t')))
			n++;
		memcpy(out, v, n);
		out[n] = '\0';
		return;
	}
}

static int editable(const char *type)
{
	static const char *const not_fields[] = {
		"hidden", "submit", "button", "reset", "image", "file",
		"password",
	};

	for (size_t i = 0; i < sizeof(not_fields) / sizeof(*not_fields); i++)
		if (!strcasecmp(type, not_fields[i]))
			return 0;
	return 1;   /* "" is text */
}

/* >= 3 lines "key=value" (key: letters, digits, _ . -) and no HTML. */
static int config_dump(const char *b, size_t len)
{
	const char *end = b + len;
	int lines = 0;

	for (const char *p = b; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		const char *k = p;

		while (k < e && (*k == ' ' || *k == '\t'))
			k++;
		if (k < e && *k == '<')
			return 0;
		{
			const char *s = k;

			while (k < e && ((*k >= 'a' && *k <= 'z') ||
					 (*k >= 'A' && *k <= 'Z') ||
					 (*k >= '0' && *k <= '9') ||
					 *k == '_' || *k == '.' || *k == '-'))
				k++;
			if (k > s && k - s <= 64 && k < e && *k == '=')
				lines++;
		}
		p = nl ? nl + 1 : end;
	}
	return lines >= 3;
}

void jcsi_page_classify(const char *body, size_t len, struct jcsi_page *pg)
{
	const char *end = body + len, *form = NULL, *form_end = NULL;
	char type[32];

	memset(pg, 0, sizeof(*pg));
	pg->config = config_dump(body, len);
	for (const char *p = body; p < end; p++) {
		const char *te;

		if (*p != '<')
			continue;
		te = memchr(p, '>', (size_t)(end - p));
		if (!te)
			break;
		if (tag_at(p, end, "form")) {
			form = p;
			form_end = te;
		} else if (tag_at(p, end, "input")) {
			attr(p, te, "type", type, sizeof(type));
			if (!strcasecmp(type, "password")) {
				if (!pg->password && form)
					attr(form, form_end, "action",
					     pg->action, sizeof(pg->action));
				pg->password = 1;
			} else if (editable(type)) {
				pg->fields++;
			}
		} else if (tag_at(p, end, "select") ||
			   tag_at(p, end, "textarea")) {
			pg->fields++;
			pg->selects++;
		}
		p = te;
	}
}

int jcsi_page_is_login(const struct jcsi_page *pg)
{
	return pg->password && pg->fields <= 1 && !pg->selects;
}

int jcsi_page_is_settings(const struct jcsi_page *pg)
{
	if (pg->config)
		return 1;
	if (jcsi_page_is_login(pg))
		return 0;
	return pg->fields >= 2 || pg->selects > 0;
}

/* Separates words of a header value: blanks, controls, "," and "(". */
static int word_end(char c)
{
	return (unsigned char)c <= 0x20 || c == ',' || c == '(' || c == 0x7f;
}

int jcsi_http_version_token(const char *value, char *out, size_t cap)
{
	const char *p = value;

	while (*p) {
		const char *s, *e, *slash;

		while (*p && word_end(*p))
			p++;
		s = p;
		while (*p && !word_end(*p))
			p++;
		e = p;
		slash = memchr(s, '/', (size_t)(e - s));
		/* a word that does not fit is skipped, never cut */
		if (slash && slash > s && slash + 1 < e && slash[1] >= '0' &&
		    slash[1] <= '9' && (size_t)(e - s) < cap) {
			memcpy(out, s, (size_t)(e - s));
			out[e - s] = '\0';
			return 1;
		}
	}
	return 0;
}

/*
 * threat_model_md.c - Markdown text that cannot break the document: every
 * string from a result (titles, paths, evidence) comes from an image or a
 * network peer, so it is cut to one line, bounded, and escaped so that
 * neither a '|' (table cell) nor a '<' (raw HTML) nor '*' or '[' changes
 * the structure of the threat model around it.
 */
#include <string.h>

#include "threat_model.h"

/* Length of the first line of S, at most MAX bytes, never ending inside
   a UTF-8 sequence; *MORE set when something was left out. */
static size_t one_line(const char *s, size_t max, int *more)
{
	size_t n = strcspn(s, "\r\n");

	*more = s[n] && s[n + strspn(s + n, "\r\n")];
	if (n > max) {
		n = max;
		while (n && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		*more = 1;
	}
	return n;
}

static void put_char(FILE *out, unsigned char c, const char *escape)
{
	if (c < 0x20 || c == 0x7f)
		fputc(' ', out);
	else if (strchr(escape, c))
		fprintf(out, "\\%c", c);
	else
		fputc(c, out);
}

/* N bytes of S with the characters in ESCAPE escaped, between two FENCE
   marks ("": none), and " …" when MORE of S was cut off: the one writer
   of both plain text and code spans. */
static void put_run(FILE *out, const char *s, size_t n, int more,
		    const char *escape, const char *fence)
{
	fputs(fence, out);
	for (size_t i = 0; i < n; i++)
		put_char(out, (unsigned char)s[i], escape);
	fputs(fence, out);
	if (more)
		fputs(" …", out);
}

void jcsi_tm_text(FILE *out, const char *s, size_t max)
{
	int more;
	size_t n;

	if (!s)
		return;
	n = one_line(s, max, &more);
	put_run(out, s, n, more, "\\`*_[]<>|&~#!", "");
}

void jcsi_tm_code(FILE *out, const char *s, size_t max)
{
	int more;
	size_t n;

	if (!s)
		return;
	n = one_line(s, max, &more);
	/* a '|' would split a table cell even inside a code span, and the
	   "\|" that prevents it shows literally outside tables: such text
	   is written escaped instead */
	if (!n || memchr(s, '`', n) || memchr(s, '|', n))
		jcsi_tm_text(out, s, max);
	else
		put_run(out, s, n, more, "", "`");
}

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

void jcsi_tm_location(FILE *out, const json_t *loc)
{
	const char *path = json_string_value(json_object_get(loc, "path"));
	const char *host = json_string_value(json_object_get(loc, "host"));
	const char *url = json_string_value(json_object_get(loc, "url"));
	const char *method = json_string_value(json_object_get(loc, "method"));
	const char *proto = json_string_value(json_object_get(loc, "protocol"));
	json_int_t line = json_integer_value(json_object_get(loc, "line"));
	json_int_t port = json_integer_value(json_object_get(loc, "port"));
	char buf[600];

	if (path && line)
		snprintf(buf, sizeof(buf), "%.500s:%lld", path,
			 (long long)line);
	else if (path)
		snprintf(buf, sizeof(buf), "%.500s", path);
	else if (host && port)
		snprintf(buf, sizeof(buf), "%.400s:%lld%s%.40s", host,
			 (long long)port, proto ? "/" : "", proto ? proto : "");
	else if (host)
		snprintf(buf, sizeof(buf), "%.400s", host);
	else if (url)
		snprintf(buf, sizeof(buf), "%.20s%s%.500s", method ? method : "",
			 method ? " " : "", url);
	else if (str(loc, "container")) {
		/* only a container: "in flash.bin@0x40000 fit" */
		fputs("in ", out);
		jcsi_tm_code(out, str(loc, "container"), 120);
		return;
	} else {
		fputs("(no location)", out);
		return;
	}
	jcsi_tm_code(out, buf, 120);
}

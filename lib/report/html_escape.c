/*
 * html_escape.c - the one escaping function of the HTML reporter. Strings
 * come from the document as valid UTF-8 (jansson checks it), so bytes at
 * or above 0x80 pass through; what changes meaning in HTML is escaped,
 * and control characters, which HTML forbids, become U+FFFD so a hostile
 * string cannot smuggle them into the page. So do the Unicode bidi
 * overrides and isolates (U+202A..U+202E, U+2066..U+2069): a file name
 * with one could display as a different name ("Trojan Source").
 */
#include "html_int.h"

/* Length of the bidi control starting at S (UTF-8), or 0. */
static int bidi_control(const unsigned char *s)
{
	if (s[0] != 0xe2)
		return 0;
	if (s[1] == 0x80 && s[2] >= 0xaa && s[2] <= 0xae)
		return 3;
	if (s[1] == 0x81 && s[2] >= 0xa6 && s[2] <= 0xa9)
		return 3;
	return 0;
}

void jcsi_html_text(FILE *out, const char *s)
{
	if (!s)
		return;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\'':
			fputs("&#39;", out);
			break;
		case '\t':
		case '\n':
			fputc(c, out);
			break;
		default:
			if (c < 0x20 || c == 0x7f) {
				fputs("&#xfffd;", out);
			} else if (bidi_control((const unsigned char *)s)) {
				fputs("&#xfffd;", out);
				s += 2;
			} else {
				fputc(c, out);
			}
		}
	}
}

void jcsi_html_member(FILE *out, const json_t *obj, const char *key)
{
	jcsi_html_text(out, json_string_value(json_object_get(obj, key)));
}

void jcsi_html_wrapped(FILE *out, const json_t *obj, const char *key,
		       const char *open, const char *close)
{
	if (!json_object_get(obj, key))
		return;
	fputs(open, out);
	jcsi_html_member(out, obj, key);
	fputs(close, out);
}

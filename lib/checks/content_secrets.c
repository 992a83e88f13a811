/*
 * content_secrets.c - secrets (family "secrets" of the content engine,
 * data/patterns/secrets.tsv; rules secrets.*, category hardcoded-secret):
 * cloud access keys, IoT platform keys, API tokens and passwords written
 * into configuration files, scripts and code.
 *
 * Value modes:
 *   match   the match is the secret (a token format: AKIA..., AIza...).
 *   assign  the match ends at an assignment ("password=", "token:",
 *           "#define ADMIN_PASSWORD \""); the value follows: quoted, or
 *           a bare word in shell scripts and configuration files (in the
 *           code of other languages a bare word is an identifier, not a
 *           literal). A comparison with a literal ([ "$pw" = "x" ]) counts
 *           the same. Assignments on comment lines and in Python
 *           docstrings are examples, not secrets, and assignments to Wi-Fi keys (wpa_passphrase, psk)
 *           belong to the network check.
 *
 * A value is a secret when it is 4..256 printable characters without
 * blanks, is not a reference or placeholder ($VAR, ${...}, %s, <password>,
 * ********, a path; data/patterns/placeholders.txt), and either has at
 * least the pattern's Shannon entropy or, for patterns marked "/weak", is
 * in the default/weak password list (a weak literal password is the worst
 * case, not noise). OpenSSL's "pass:" prefix is not part of a value.
 * Evidence shows the line around the value with the value masked.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "content.h"

enum { M_MATCH, M_ASSIGN };
static const char *const modes[] = {"match", "assign", NULL};

#define VALUE_MAX 256

static size_t line_start(const struct jcsi_cfile *f, size_t off)
{
	size_t lim = off > 4096 ? off - 4096 : 0;

	while (off > lim && f->data[off - 1] != '\n')
		off--;
	return off;
}

static size_t line_end(const struct jcsi_cfile *f, size_t off)
{
	size_t lim = f->len - off > 4096 ? off + 4096 : f->len;

	while (off < lim && f->data[off] != '\n' && f->data[off] != '\r')
		off++;
	return off;
}

/* Is the line holding OFF a comment (or documentation markup)? */
static int comment_line(const struct jcsi_cfile *f, size_t off)
{
	size_t i = line_start(f, off);
	const unsigned char *d = f->data;
	size_t n = off - i;

	while (n && (d[i] == ' ' || d[i] == '\t')) {
		i++;
		n--;
	}
	if (n >= 1 && d[i] == '#') {
		size_t j = i + 1;

		while (j < off && (d[j] == ' ' || d[j] == '\t'))
			j++;
		return !(off - j >= 6 && !memcmp(d + j, "define", 6));
	}
	if (n >= 1 && (d[i] == ';' || d[i] == '*'))
		return 1;
	if (n >= 2 && (!memcmp(d + i, "//", 2) || !memcmp(d + i, "/*", 2) ||
		       !memcmp(d + i, "--", 2)))
		return 1;
	if (n >= 4 && (!memcmp(d + i, "<!--", 4) ||
		       !strncasecmp((const char *)d + i, "rem ", 4)))
		return 1;
	return 0;
}

/* Does the line up to OFF assign a Wi-Fi key (the network check's)? */
static int wifi_key(const struct jcsi_cfile *f, size_t off)
{
	static const char *const words[] = {"wpa", "psk", "wifi", "wlan",
					    "wireless", NULL};
	char low[256];
	size_t i = line_start(f, off), k = 0;

	if (off - i > sizeof(low) - 1)
		i = off - (sizeof(low) - 1);
	for (; i < off; i++)
		low[k++] = (char)tolower(f->data[i]);
	low[k] = '\0';
	for (size_t w = 0; words[w]; w++)
		if (strstr(low, words[w]))
			return 1;
	return 0;
}

/*
 * The value of an assignment whose match ends at TO: [*VS, *VE), or 0.
 */
static int assigned_value(const struct jcsi_cfile *f, size_t to, size_t *vs,
			  size_t *ve)
{
	const unsigned char *d = f->data;
	size_t i = to;
	unsigned char q = 0, last = to ? d[to - 1] : 0;

	if (last == '"' || last == '\'') {
		q = last;
	} else {
		if (i < f->len && ((last == ':' && d[i] == '=') ||
				   (last == '=' && (d[i] == '>' ||
						    d[i] == '='))))
			i++;
		while (i < f->len && (d[i] == ' ' || d[i] == '\t'))
			i++;
		if (i < f->len && (d[i] == '"' || d[i] == '\''))
			q = d[i++];
		else if (f->code)
			return 0; /* an identifier or expression */
	}
	*vs = i;
	if (q) {
		while (i < f->len && i - *vs <= VALUE_MAX && d[i] != q &&
		       d[i] != '\n')
			i++;
		if (i >= f->len || d[i] != q)
			return 0; /* unterminated: not a literal */
	} else {
		while (i < f->len && i - *vs <= VALUE_MAX && d[i] > ' ' &&
		       d[i] < 0x7f && !strchr(";,)}&<>\"'`", d[i]))
			i++;
	}
	*ve = i;
	return 1;
}

/* Is the value V (N bytes) a secret for pattern P? */
static int is_secret(const struct jcsi_cfile *f,
		     const struct jcsi_cpattern *p, const char *v, size_t n)
{
	static const char *const refs[] = {"env:", "file:", "fd:", "./",
					   "../", "~/", NULL};

	if (n < 4 || n > VALUE_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)v[i] <= ' ' || (unsigned char)v[i] >= 0x7f)
			return 0;
	if (strchr("$%<{@`[(/", v[0]))
		return 0;
	for (size_t i = 0; refs[i]; i++)
		if (!strncmp(v, refs[i], strlen(refs[i])))
			return 0;
	if (jcsi_content_placeholder(f->c, v))
		return 0;
	if (p->weak_ok && jcsi_content_weak(f->c, v))
		return 1;
	return jcsi_entropy((const unsigned char *)v, n) >= p->min_entropy;
}

static void printable(char *s)
{
	for (; *s; s++)
		if (*s == '\t')
			*s = ' ';
		else if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			*s = '?';
}

/* Inside a Python docstring (an odd number of triple quotes before OFF)?
   Docstrings are documentation, like comments. Counted incrementally
   (matches come in file order), so a file is walked once. */
static int in_docstring(struct jcsi_cfile *f, size_t off)
{
	static const char *const tq[] = {"\"\"\"", "'''"};

	if (!f->code)
		return 0;
	if (off < f->tq_off) {
		f->tq_off = 0;
		f->tq_n[0] = f->tq_n[1] = 0;
	}
	for (int k = 0; k < 2; k++) {
		const unsigned char *p = f->data + f->tq_off;
		const unsigned char *end = f->data + off;

		/* TQ_OFF is the end of an assignment match ("password="),
		   never inside a run of quotes that could be cut there */
		while (p < end && (p = memmem(p, (size_t)(end - p), tq[k], 3))) {
			f->tq_n[k]++;
			p += 3;
		}
	}
	f->tq_off = off;
	return (f->tq_n[0] & 1) || (f->tq_n[1] & 1);
}

static void match(struct jcsi_cfile *f, const struct jcsi_cpattern *p,
		  size_t from, size_t to)
{
	size_t vs = from, ve = to;
	char val[VALUE_MAX + 1], *v = val, masked[64], ev[512];

	if (p->mode == M_ASSIGN) {
		if (comment_line(f, to) || wifi_key(f, to) ||
		    in_docstring(f, to) ||
		    !assigned_value(f, to, &vs, &ve))
			return;
	}
	if (ve - vs > VALUE_MAX || jcsi_cfile_claimed(f, p->family_no, vs))
		return;
	/* a token format listed before this assignment matches the value
	   itself: it names the secret better ("GitHub token") */
	if (p->mode == M_ASSIGN &&
	    jcsi_cfile_match_at(f, p->family_no, vs, p->index))
		return;
	memcpy(val, f->data + vs, ve - vs);
	val[ve - vs] = '\0';
	if (memchr(val, 0, ve - vs))
		return;
	if (!strncmp(v, "pass:", 5))
		v += 5; /* OpenSSL passphrase argument syntax */
	if (!is_secret(f, p, v, strlen(v)))
		return;
	jcsi_cfile_claim(f, p->family_no, vs, ve);
	jcsi_cfile_mask(f, v, masked, sizeof(masked));
	if (f->binary) {
		snprintf(ev, sizeof(ev), "offset 0x%zx: %s", vs, masked);
	} else {
		size_t ls = line_start(f, vs), le = line_end(f, ve);
		size_t a = vs - ls > 80 ? vs - 80 : ls;
		size_t b = le - ve > 40 ? ve + 40 : le;

		snprintf(ev, sizeof(ev), "%.*s%.*s%s%.*s", (int)(vs - a),
			 (const char *)f->data + a, (int)(v - val), val,
			 masked, (int)(b - ve), (const char *)f->data + ve);
		printable(ev);
	}
	jcsi_cfile_hit(f, p->rule, vs, p->what, f->e->dev, ev, 0);
}

const struct jcsi_cfamily jcsi_cfamily_secrets = {
	"secrets", modes, 1u << M_MATCH, match};

/*
 * sigdb.c - the version-signature table and matcher of
 * identify_signatures.h: data/components/signatures.tsv read with the
 * data-file reader, every anchor compiled into ONE vectorscan block-mode
 * database (shared through hs_cache.h), and a file's bytes matched in one
 * hs_scan.
 *
 * Why anchors plus a hand-written extractor: vectorscan has no capture
 * groups. An anchor is the fixed context next to a version ("BusyBox v",
 * "\x00{1,8}hostapd v%s\n"); the version itself is read by
 * jcsi_sig_version_token() right after the anchor's end (side "after") or
 * right before its start (side "before", compiled with
 * HS_FLAG_SOM_LEFTMOST, the only patterns that pay for start tracking).
 * Side "before-compact" is "before" for a version written as one number
 * (libxml2's LIBXML_VERSION_STRING "20914" = 2.9.14), reported dotted.
 * A row may add a "follow" POSIX extended regex that the bytes after the
 * version must begin with (up to the next NUL, at most FOLLOW_MAX bytes),
 * to tell "OpenSSL 3.0.11 19 Sep 2023" from a sentence naming OpenSSL.
 * A row may also name a second anchor ("requires") that must occur
 * somewhere in the same file: compiled into the same database with
 * HS_FLAG_SINGLEMATCH, so it costs one report per file. It tells a
 * library's own copy of its version text from a program that was merely
 * compiled against the library's headers (nginx carries "OpenSSL 3.0.20
 * 7 Apr 2026" as OPENSSL_VERSION_TEXT, but only libcrypto has
 * "OPENSSLDIR: ").
 *
 * Hostile input: the buffer is only read inside [0, len); matches beyond
 * MAX_CANDS distinct versions per file are ignored.
 */
#include "identify_signatures.h"

#include <ctype.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hs/hs.h>

#include "../checks/hs_cache.h"
#include "../core/datafile.h"
#include "../core/mem.h"
#include "../vuln/vercmp.h"

#define VERSION_MAX 64   /* longest version token read */
#define FOLLOW_MAX 64    /* bytes after a version a "follow" regex sees */
#define MAX_CANDS 64     /* distinct (signature, version) per file */
#define CLASS_PROBE 8192 /* bytes looked at to tell text from binary */

struct sig {
	char *name;
	unsigned name_id;   /* index of the first row with this name */
	int before;         /* side "before" or "before-compact" */
	int compact;        /* "before-compact": MMmmpp, reported M.m.p */
	char *anchor;
	char *requires;     /* NULL: none */
	regex_t follow;
	int has_follow;
	enum jcsi_comp_confidence conf;
	enum jcsi_sig_files files;
	unsigned line;
};

struct jcsi_sigdb {
	struct sig *s;
	size_t n;
	const hs_database_t *db; /* owned by hs_cache */
	size_t text_rows;        /* rows with files "any" */
	hs_scratch_t *scratch;
};

/* --- the version token ---------------------------------------------------- */

static int is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

static int is_dig(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int is_lower(unsigned char c)
{
	return c >= 'a' && c <= 'z';
}

/* Does BUF[I] end a token (end of buffer or a byte that is no letter or
   digit)? */
static int at_boundary(const unsigned char *b, size_t len, size_t i)
{
	return i >= len || !is_alnum(b[i]);
}

/* An attached suffix at I: 1-2 lower-case letters and up to 3 digits
   (1.0.2k, 0.9.8za, 9.2p1, 2.0rc1), ending at a boundary. Its length. */
static size_t attached_suffix(const unsigned char *b, size_t len, size_t i)
{
	size_t j = i;

	while (j < len && j - i < 2 && is_lower(b[j]))
		j++;
	if (j == i)
		return 0;
	for (size_t k = 0; k < 3 && j < len && is_dig(b[j]); k++)
		j++;
	return at_boundary(b, len, j) ? j - i : 0;
}

/* A pre-release after '-' at I: "-rc1", "-pre2", "-beta", ... Its length. */
static size_t prerelease_suffix(const unsigned char *b, size_t len, size_t i)
{
	static const char *const words[] = {"rc", "pre", "alpha", "beta",
					    "dev"};

	if (i >= len || b[i] != '-')
		return 0;
	for (size_t w = 0; w < sizeof(words) / sizeof(words[0]); w++) {
		size_t wl = strlen(words[w]), j = i + 1 + wl;

		if (j > len || memcmp(b + i + 1, words[w], wl))
			continue;
		for (size_t k = 0; k < 3 && j < len && is_dig(b[j]); k++)
			j++;
		if (at_boundary(b, len, j))
			return j - i;
	}
	return 0;
}

/*
 * The grammar (documented in signatures.tsv): NUMBER ("." NUMBER){1,6},
 * then optionally an attached suffix, then optionally "-" and a
 * pre-release word; it must end at a byte that is not a letter or digit.
 * At least one dot: a lone number is never taken for a version.
 */
size_t jcsi_sig_version_token(const unsigned char *b, size_t len)
{
	size_t i = 0, dots = 0, k;

	if (len > VERSION_MAX)
		len = VERSION_MAX;
	for (;;) {
		size_t d = 0;

		while (i < len && is_dig(b[i]) && d < 10) {
			i++;
			d++;
		}
		if (!d)
			return 0;
		if (dots < 6 && i + 1 < len && b[i] == '.' &&
		    is_dig(b[i + 1])) {
			i++;
			dots++;
			continue;
		}
		break;
	}
	if (!dots)
		return 0;
	k = attached_suffix(b, len, i);
	i += k;
	if (!at_boundary(b, len, i))
		return 0; /* "1.2.3abc", or more than 10 digits */
	i += prerelease_suffix(b, len, i);
	return i;
}

/* --- loading ----------------------------------------------------------- */

static void free_sig(struct sig *s)
{
	jcsi_free(s->name);
	jcsi_free(s->anchor);
	jcsi_free(s->requires);
	if (s->has_follow)
		regfree(&s->follow);
}

void jcsi_sigdb_free(struct jcsi_sigdb *db)
{
	if (!db)
		return;
	for (size_t i = 0; i < db->n; i++)
		free_sig(&db->s[i]);
	jcsi_free(db->s);
	if (db->scratch)
		hs_free_scratch(db->scratch);
	jcsi_free(db);
}

size_t jcsi_sigdb_count(const struct jcsi_sigdb *db)
{
	return db ? db->n : 0;
}

static int valid_name(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!is_lower((unsigned char)*s) && !is_dig((unsigned char)*s) &&
		    *s != '_' && *s != '-' && *s != '.')
			return 0;
	return 1;
}

/* POSIX regexes have no escapes for control bytes: \n, \r and \t of a
   "follow" field become the bytes themselves (in place). */
static void unescape(char *s)
{
	char *w = s;

	for (; *s; s++) {
		if (s[0] == '\\' && (s[1] == 'n' || s[1] == 'r' || s[1] == 't')) {
			*w++ = s[1] == 'n' ? '\n' : s[1] == 'r' ? '\r' : '\t';
			s++;
		} else {
			*w++ = *s;
		}
	}
	*w = '\0';
}

/* Splits LINE at tabs into exactly N fields. */
static int split(char *line, char **f, int n)
{
	int k = 0;

	f[k++] = line;
	for (char *p = line; *p; p++)
		if (*p == '\t') {
			if (k == n)
				return 0;
			*p = '\0';
			f[k++] = p + 1;
		}
	return k == n;
}

static jcs_rc sig_line(char *line, const char *path, unsigned no, void *user,
		       char *err, size_t errlen)
{
	struct jcsi_sigdb *db = user;
	struct sig *v, *s;
	char *f[8], *re;
	int rc;

	if (!split(line, f, 8)) {
		snprintf(err, errlen,
			 "%s:%u: want 8 TAB-separated fields: name, side, "
			 "anchor, follow, requires, confidence, files, "
			 "tested-on", path, no);
		return JCS_E_FORMAT;
	}
	if (!valid_name(f[0])) {
		snprintf(err, errlen, "%s:%u: bad name \"%s\"", path, no, f[0]);
		return JCS_E_FORMAT;
	}
	if (strcmp(f[1], "after") && strcmp(f[1], "before") &&
	    strcmp(f[1], "before-compact")) {
		snprintf(err, errlen, "%s:%u: side must be after, before or "
			 "before-compact", path, no);
		return JCS_E_FORMAT;
	}
	if (!f[2][0] || !f[4][0] || !f[7][0]) {
		snprintf(err, errlen, "%s:%u: empty anchor, requires or "
			 "tested-on", path, no);
		return JCS_E_FORMAT;
	}
	v = jcsi_realloc(db->s, (db->n + 1) * sizeof(*v));
	if (!v)
		return JCS_E_NOMEM;
	db->s = v;
	s = &v[db->n];
	memset(s, 0, sizeof(*s));
	s->line = no;
	s->compact = !strcmp(f[1], "before-compact");
	s->before = s->compact || !strcmp(f[1], "before");
	if (!strcmp(f[5], "high"))
		s->conf = JCSI_CONF_HIGH;
	else if (!strcmp(f[5], "medium"))
		s->conf = JCSI_CONF_MEDIUM;
	else if (!strcmp(f[5], "low"))
		s->conf = JCSI_CONF_LOW;
	else {
		snprintf(err, errlen, "%s:%u: confidence must be high, medium "
			 "or low", path, no);
		return JCS_E_FORMAT;
	}
	if (!strcmp(f[6], "elf"))
		s->files = JCSI_SIG_ELF;
	else if (!strcmp(f[6], "kernel"))
		s->files = JCSI_SIG_KERNEL;
	else if (!strcmp(f[6], "any")) {
		s->files = JCSI_SIG_ANY;
		db->text_rows++;
	}
	else {
		snprintf(err, errlen, "%s:%u: files must be elf, kernel or any",
			 path, no);
		return JCS_E_FORMAT;
	}
	if (strcmp(f[3], "-")) {
		unescape(f[3]);
		re = jcsi_asprintf("^(%s)", f[3]);
		if (!re)
			return JCS_E_NOMEM;
		rc = regcomp(&s->follow, re, REG_EXTENDED | REG_NOSUB);
		jcsi_free(re);
		if (rc) {
			snprintf(err, errlen, "%s:%u: follow regex does not "
				 "compile", path, no);
			return JCS_E_FORMAT;
		}
		s->has_follow = 1;
	}
	s->name = jcsi_strdup(f[0]);
	s->anchor = jcsi_strdup(f[2]);
	if (strcmp(f[4], "-"))
		s->requires = jcsi_strdup(f[4]);
	db->n++; /* from here on freed with the table */
	if (!s->name || !s->anchor || (strcmp(f[4], "-") && !s->requires))
		return JCS_E_NOMEM;
	s->name_id = (unsigned)(db->n - 1);
	for (size_t i = 0; i + 1 < db->n; i++)
		if (!strcmp(db->s[i].name, s->name)) {
			s->name_id = db->s[i].name_id;
			break;
		}
	return JCS_OK;
}

static jcs_rc compile(struct jcsi_sigdb *db, const char *path, char *err,
		      size_t errlen)
{
	/* ids 0..n-1: the anchors; n+i: row i's "requires" */
	const char **expr = jcsi_calloc(2 * db->n, sizeof(*expr));
	unsigned *flags = jcsi_calloc(2 * db->n, sizeof(*flags));
	unsigned *ids = jcsi_calloc(2 * db->n, sizeof(*ids));
	unsigned *row = jcsi_calloc(2 * db->n, sizeof(*row));
	hs_compile_error_t *ce = NULL;
	jcs_rc rc = JCS_OK;
	unsigned k = 0;

	if (!expr || !flags || !ids || !row) {
		rc = JCS_E_NOMEM;
		goto out;
	}
	for (size_t i = 0; i < db->n; i++) {
		expr[k] = db->s[i].anchor;
		flags[k] = db->s[i].before ? HS_FLAG_SOM_LEFTMOST : 0;
		row[k] = (unsigned)i;
		ids[k++] = (unsigned)i;
	}
	for (size_t i = 0; i < db->n; i++) {
		if (!db->s[i].requires)
			continue;
		expr[k] = db->s[i].requires;
		flags[k] = HS_FLAG_SINGLEMATCH;
		row[k] = (unsigned)i;
		ids[k++] = (unsigned)(db->n + i);
	}
	if (jcsi_hs_compile(expr, flags, ids, k, &db->db, &ce) !=
	    HS_SUCCESS) {
		int at = ce ? ce->expression : -1;

		if (at >= 0 && (unsigned)at < k)
			snprintf(err, errlen, "%s:%u: %s: %s", path,
				 db->s[row[at]].line,
				 (size_t)at < db->n ? "anchor" : "requires",
				 ce->message);
		else
			snprintf(err, errlen, "%s: %s", path,
				 ce ? ce->message : "vectorscan compile failed");
		rc = JCS_E_FORMAT;
		goto out;
	}
	if (hs_alloc_scratch(db->db, &db->scratch) != HS_SUCCESS)
		rc = JCS_E_NOMEM;
out:
	if (ce)
		hs_free_compile_error(ce);
	jcsi_free(expr);
	jcsi_free(flags);
	jcsi_free(ids);
	jcsi_free(row);
	return rc;
}

jcs_rc jcsi_sigdb_load(const char *path, struct jcsi_sigdb **out, char *err,
		       size_t errlen)
{
	struct jcsi_sigdb *db = jcsi_calloc(1, sizeof(*db));
	jcs_rc rc;

	*out = NULL;
	if (!db)
		return JCS_E_NOMEM;
	rc = jcsi_data_lines(path, sig_line, db, err, errlen);
	if (rc == JCS_OK && !db->n) {
		snprintf(err, errlen, "%s: no signatures", path);
		rc = JCS_E_FORMAT;
	}
	if (rc == JCS_OK)
		rc = compile(db, path, err, errlen);
	if (rc != JCS_OK) {
		jcsi_sigdb_free(db);
		return rc;
	}
	*out = db;
	return JCS_OK;
}

/* --- matching ----------------------------------------------------------- */

enum jcsi_sig_class jcsi_sig_classify(const unsigned char *b, size_t len)
{
	if (len >= 4 && !memcmp(b, "\177ELF", 4))
		return JCSI_SIGC_ELF;
	if (memchr(b, 0, len < CLASS_PROBE ? len : CLASS_PROBE))
		return JCSI_SIGC_BINARY;
	return JCSI_SIGC_TEXT;
}

static int applies(enum jcsi_sig_files f, enum jcsi_sig_class c)
{
	switch (f) {
	case JCSI_SIG_ELF:
		return c == JCSI_SIGC_ELF;
	case JCSI_SIG_KERNEL:
		return c != JCSI_SIGC_TEXT;
	case JCSI_SIG_ANY:
		return 1;
	}
	return 0;
}

struct cand {
	unsigned sig;
	char version[VERSION_MAX + 1];
};

struct scan_ctx {
	const struct jcsi_sigdb *db;
	const unsigned char *buf;
	size_t len;
	enum jcsi_sig_class cls;
	struct cand c[MAX_CANDS];
	size_t n;
	unsigned char *seen; /* per row: its "requires" matched */
};

/* Where the version of a "before" match ending at A starts, or A if none:
   the bytes before A back to a byte that is no letter, digit, '.' or '-'. */
static size_t back_start(const unsigned char *b, size_t a)
{
	size_t s = a;

	while (s > 0 && a - s < VERSION_MAX &&
	       (is_alnum(b[s - 1]) || b[s - 1] == '.' || b[s - 1] == '-'))
		s--;
	if (s > 0 && a - s >= VERSION_MAX)
		return a; /* a longer run: not a version string */
	return s;
}

static int follows(const struct sig *s, const unsigned char *b, size_t len,
		   size_t at)
{
	char tmp[FOLLOW_MAX + 1];
	size_t k = 0;

	if (!s->has_follow)
		return 1;
	/* copy up to the next NUL: a string of the binary */
	while (at + k < len && k < FOLLOW_MAX && b[at + k]) {
		tmp[k] = (char)b[at + k];
		k++;
	}
	tmp[k] = '\0';
	return regexec(&s->follow, tmp, 0, NULL, 0) == 0;
}

static void add_cand(struct scan_ctx *x, unsigned sig, const unsigned char *v,
		     size_t vlen)
{
	char ver[VERSION_MAX + 1];

	memcpy(ver, v, vlen);
	ver[vlen] = '\0';
	if (!jcsi_version_valid(ver))
		return;
	for (size_t i = 0; i < x->n; i++)
		if (x->c[i].sig == sig && !strcmp(x->c[i].version, ver))
			return;
	if (x->n == MAX_CANDS)
		return;
	x->c[x->n].sig = sig;
	memcpy(x->c[x->n].version, ver, vlen + 1);
	x->n++;
}

/* A compact version (libxml2: major*10000 + minor*100 + patch, 5 or 6
   digits) at B[0..LEN) as "M.m.p" in OUT; 0 if it is not one. */
static int compact_version(const unsigned char *b, size_t len, char *out,
			   size_t cap)
{
	unsigned v = 0;

	if (len < 5 || len > 6)
		return 0;
	for (size_t i = 0; i < len; i++) {
		if (!is_dig(b[i]))
			return 0;
		v = v * 10 + (unsigned)(b[i] - '0');
	}
	snprintf(out, cap, "%u.%u.%u", v / 10000, v / 100 % 100, v % 100);
	return 1;
}

static int on_match(unsigned id, unsigned long long from,
		    unsigned long long to, unsigned flags, void *user)
{
	struct scan_ctx *x = user;
	const struct sig *s = &x->db->s[id];
	size_t start, vlen;

	(void)flags;
	if (id >= x->db->n) {
		if (id - x->db->n < x->db->n)
			x->seen[id - x->db->n] = 1;
		return 0;
	}
	if (!applies(s->files, x->cls) || to > x->len || from > to)
		return 0;
	if (s->compact) {
		char v[16];

		start = back_start(x->buf, (size_t)from);
		if (compact_version(x->buf + start, (size_t)from - start, v,
				    sizeof(v)))
			add_cand(x, id, (const unsigned char *)v, strlen(v));
		return 0;
	}
	if (s->before) {
		start = back_start(x->buf, (size_t)from);
		if (start == from)
			return 0;
		vlen = jcsi_sig_version_token(x->buf + start,
					      x->len - start);
		if (vlen != (size_t)from - start)
			return 0;
	} else {
		start = (size_t)to;
		vlen = jcsi_sig_version_token(x->buf + start,
					      x->len - start);
		if (!vlen)
			return 0;
	}
	if (!follows(s, x->buf, x->len, start + vlen))
		return 0;
	add_cand(x, id, x->buf + start, vlen);
	return 0;
}

/* Is A a version prefix of B ("9.2" of "9.2p1", not "1.2" of "1.23")? */
static int version_prefix(const char *a, const char *b)
{
	size_t la = strlen(a);

	return strlen(b) > la && !strncmp(a, b, la) && !is_dig((unsigned char)b[la]);
}

static int cmp_cand(const void *pa, const void *pb)
{
	const struct cand *a = pa, *b = pb;

	if (a->sig != b->sig)
		return a->sig < b->sig ? -1 : 1;
	return strcmp(a->version, b->version);
}

static int required_seen(const struct scan_ctx *x, unsigned sig)
{
	return !x->db->s[sig].requires || x->seen[sig];
}

static int keep(const struct scan_ctx *x, size_t i)
{
	const struct cand *c = &x->c[i];
	unsigned name = x->db->s[c->sig].name_id;

	if (!required_seen(x, c->sig))
		return 0;
	for (size_t k = 0; k < x->n; k++) {
		const struct cand *o = &x->c[k];

		if (k == i || x->db->s[o->sig].name_id != name ||
		    !required_seen(x, o->sig))
			continue;
		if (o->sig < c->sig)
			return 0; /* a better-placed signature of the name */
		if (o->sig == c->sig && version_prefix(c->version, o->version))
			return 0;
	}
	return 1;
}

jcs_rc jcsi_signature_match_buffer(struct jcsi_sigdb *db,
				   const unsigned char *buf, size_t len,
				   jcsi_sig_fn fn, void *user)
{
	struct scan_ctx *x;
	hs_error_t err;

	if (!db || !fn || (!buf && len))
		return JCS_E_ARG;
	if (len > 0xffffffffu)
		return JCS_E_LIMIT; /* hs_scan takes an unsigned int length */
	if (!len)
		return JCS_OK;
	if (!db->text_rows && jcsi_sig_classify(buf, len) == JCSI_SIGC_TEXT)
		return JCS_OK; /* no row looks at text: not worth a scan */
	x = jcsi_calloc(1, sizeof(*x));
	if (!x)
		return JCS_E_NOMEM;
	x->seen = jcsi_calloc(db->n, 1);
	if (!x->seen) {
		jcsi_free(x);
		return JCS_E_NOMEM;
	}
	x->db = db;
	x->buf = buf;
	x->len = len;
	x->cls = jcsi_sig_classify(buf, len);
	err = hs_scan(db->db, (const char *)buf, (unsigned)len, 0, db->scratch,
		      on_match, x);
	if (err != HS_SUCCESS) {
		jcsi_free(x->seen);
		jcsi_free(x);
		return JCS_E_INTERNAL;
	}
	qsort(x->c, x->n, sizeof(x->c[0]), cmp_cand);
	for (size_t i = 0; i < x->n; i++) {
		const struct sig *s = &db->s[x->c[i].sig];

		if (keep(x, i) &&
		    fn(s->name, x->c[i].version, s->conf, s->line, user))
			break;
	}
	jcsi_free(x->seen);
	jcsi_free(x);
	return JCS_OK;
}

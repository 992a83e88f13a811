/*
 * content.c - the content engine (content.h): loads the pattern families
 * of data/patterns/, compiles them into one vectorscan block-mode
 * database, and examines one file's bytes: one hs_scan, the matches put in
 * file order, each handed to its family's handler.
 *
 * Start offsets: a pattern of fixed width gets its start as end - width;
 * only patterns of variable width whose value mode needs the start are
 * compiled with HS_FLAG_SOM_LEFTMOST (start-of-match tracking costs
 * vectorscan speed and memory, so it is paid only where needed). Such a
 * pattern reports every end offset of a growing match (a JWT's last part):
 * matches of one pattern with the same start are merged into the longest.
 *
 * Hostile input: the file's bytes are only read through bounds-checked
 * helpers here and in the handlers; a file yielding more than MAX_MATCHES
 * matches is examined up to there and says so (a limitation).
 */
#include "content.h"

#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hs/hs.h>

#include "../core/datafile.h"
#include "../core/mem.h"
#include "hs_cache.h"

#define MAX_MATCHES (1u << 16)   /* per file */
#define PEM_MAX (256u << 10)     /* a PEM block's extent */

static const struct jcsi_cfamily *const families[] = {
	&jcsi_cfamily_keys,
	&jcsi_cfamily_certs,
	&jcsi_cfamily_secrets,
};
#define NFAM (sizeof(families) / sizeof(families[0]))

struct exclusion {
	char *glob;
	unsigned fams; /* bit per family */
};

struct jcsi_content {
	struct jcsi_cpattern *pat;
	size_t npat;
	struct exclusion *excl;
	size_t nexcl;
	char **ph_sub, **ph_word; /* placeholders: substrings, whole values */
	size_t nph_sub, nph_word;
	char **weak;              /* sorted */
	size_t nweak;
	char **trust;             /* trust-store globs */
	size_t ntrust;
	const hs_database_t *db; /* shared: hs_cache.h */
};

struct match {
	unsigned pat;
	size_t from, to;
};

struct jcsi_cworker {
	const struct jcsi_content *c;
	hs_scratch_t *scratch;
	struct match *m;
	size_t n, cap;
	int truncated;
	/* filter of the file being scanned */
	int binary;
	unsigned skip_fams;
};

/* --- small list files ------------------------------------------------------ */

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		jcsi_free(v[i]);
	jcsi_free(v);
}

static jcs_rc push_str(char ***v, size_t *n, const char *s)
{
	char **nv = jcsi_realloc(*v, (*n + 1) * sizeof(**v));

	if (!nv)
		return JCS_E_NOMEM;
	*v = nv;
	nv[*n] = jcsi_strdup(s);
	if (!nv[*n])
		return JCS_E_NOMEM;
	(*n)++;
	return JCS_OK;
}

/* The data-file reader (core/datafile.h) with the content state passed on
   to each line's parser. */
typedef jcs_rc (*line_fn)(struct jcsi_content *c, char *line,
			  const char *path, unsigned no, void *user, char *err,
			  size_t errlen);

struct line_ctx {
	struct jcsi_content *c;
	line_fn fn;
	void *user;
};

static jcs_rc one_line(char *line, const char *path, unsigned no, void *user,
		       char *err, size_t errlen)
{
	struct line_ctx *x = user;

	return x->fn(x->c, line, path, no, x->user, err, errlen);
}

static jcs_rc read_lines(struct jcsi_content *c, const char *path, line_fn fn,
			 void *user, char *err, size_t errlen)
{
	struct line_ctx x = {c, fn, user};

	return jcsi_data_lines(path, one_line, &x, err, errlen);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static jcs_rc weak_line(struct jcsi_content *c, char *line, const char *path,
			unsigned no, void *user, char *err, size_t errlen)
{
	(void)path, (void)no, (void)user, (void)err, (void)errlen;
	return push_str(&c->weak, &c->nweak, line);
}

static jcs_rc trust_line(struct jcsi_content *c, char *line, const char *path,
			 unsigned no, void *user, char *err, size_t errlen)
{
	(void)path, (void)no, (void)user, (void)err, (void)errlen;
	return push_str(&c->trust, &c->ntrust, line);
}

static jcs_rc placeholder_line(struct jcsi_content *c, char *line,
			       const char *path, unsigned no, void *user,
			       char *err, size_t errlen)
{
	(void)user;
	for (char *p = line; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	if (line[0] == '=') {
		if (!line[1]) {
			snprintf(err, errlen, "%s:%u: empty value", path, no);
			return JCS_E_FORMAT;
		}
		return push_str(&c->ph_word, &c->nph_word, line + 1);
	}
	return push_str(&c->ph_sub, &c->nph_sub, line);
}

static int family_no(const char *name)
{
	for (size_t i = 0; i < NFAM; i++)
		if (!strcmp(families[i]->name, name))
			return (int)i;
	return -1;
}

static jcs_rc exclude_line(struct jcsi_content *c, char *line,
			   const char *path, unsigned no, void *user,
			   char *err, size_t errlen)
{
	char *tab = strchr(line, '\t'), *fams, *end, *tok;
	struct exclusion *v, *x;

	(void)user;
	if (!tab) {
		snprintf(err, errlen, "%s:%u: want glob, families, why", path,
			 no);
		return JCS_E_FORMAT;
	}
	*tab = '\0';
	fams = tab + 1;
	end = strchr(fams, '\t');
	if (!end || !line[0]) {
		snprintf(err, errlen, "%s:%u: want glob, families, why", path,
			 no);
		return JCS_E_FORMAT;
	}
	*end = '\0';
	v = jcsi_realloc(c->excl, (c->nexcl + 1) * sizeof(*v));
	if (!v)
		return JCS_E_NOMEM;
	c->excl = v;
	x = &v[c->nexcl];
	x->fams = 0;
	x->glob = NULL;
	for (tok = fams; tok && *tok;) {
		char *comma = strchr(tok, ',');
		int k;

		if (comma)
			*comma = '\0';
		k = family_no(tok);
		if (k < 0) {
			snprintf(err, errlen, "%s:%u: no family '%s'", path, no,
				 tok);
			return JCS_E_FORMAT;
		}
		x->fams |= 1u << k;
		tok = comma ? comma + 1 : NULL;
	}
	x->glob = jcsi_strdup(line);
	if (!x->glob)
		return JCS_E_NOMEM;
	c->nexcl++;
	return JCS_OK;
}

/* --- pattern files ----------------------------------------------------------- */

static int mode_no(const struct jcsi_cfamily *fam, const char *mode)
{
	for (int i = 0; fam->modes[i]; i++)
		if (!strcmp(fam->modes[i], mode))
			return i;
	return -1;
}

static jcs_rc pattern_line(struct jcsi_content *c, char *line,
			   const char *path, unsigned no, void *user,
			   char *err, size_t errlen)
{
	unsigned fno = *(unsigned *)user;
	const struct jcsi_cfamily *fam = families[fno];
	char *f[7], *s = line, *end;
	struct jcsi_cpattern *v, *p;
	hs_expr_info_t *info = NULL;
	hs_compile_error_t *ce = NULL;
	int n = 0;

	while (n < 7) {
		f[n++] = s;
		s = strchr(s, '\t');
		if (!s)
			break;
		*s++ = '\0';
	}
	if (n != 7) {
		snprintf(err, errlen, "%s:%u: want 7 tab-separated fields (id, "
			 "rule, where, min_entropy, value, what, regex)", path,
			 no);
		return JCS_E_FORMAT;
	}
	for (size_t i = 0; i < c->npat; i++)
		if (c->pat[i].family_no == fno && !strcmp(c->pat[i].id, f[0])) {
			snprintf(err, errlen, "%s:%u: pattern '%s' defined "
				 "twice", path, no, f[0]);
			return JCS_E_FORMAT;
		}
	v = jcsi_realloc(c->pat, (c->npat + 1) * sizeof(*v));
	if (!v)
		return JCS_E_NOMEM;
	c->pat = v;
	p = &v[c->npat];
	memset(p, 0, sizeof(*p));
	p->family = fam;
	p->family_no = fno;
	p->index = (unsigned)c->npat;
	if (!f[0][0] || !f[5][0] || !f[6][0]) {
		snprintf(err, errlen, "%s:%u: empty id, what or regex", path,
			 no);
		return JCS_E_FORMAT;
	}
	if (strcmp(f[1], "-") && !strchr(f[1], '.')) {
		snprintf(err, errlen, "%s:%u: rule '%s' is not a rule id or "
			 "'-'", path, no, f[1]);
		return JCS_E_FORMAT;
	}
	if (!strcmp(f[2], "any")) {
		p->any = 1;
	} else if (strcmp(f[2], "text")) {
		snprintf(err, errlen, "%s:%u: where is 'any' or 'text', not "
			 "'%s'", path, no, f[2]);
		return JCS_E_FORMAT;
	}
	if (strcmp(f[3], "-")) {
		errno = 0;
		p->min_entropy = strtod(f[3], &end);
		if (!strcmp(end, "/weak")) {
			p->weak_ok = 1;
			end += 5;
		}
		if (errno || *end || !(p->min_entropy >= 0 &&
				       p->min_entropy <= 8)) {
			snprintf(err, errlen, "%s:%u: min_entropy '%s' is not "
				 "0..8 (optionally /weak) or '-'", path, no,
				 f[3]);
			return JCS_E_FORMAT;
		}
	}
	p->mode = mode_no(fam, f[4]);
	if (p->mode < 0) {
		snprintf(err, errlen, "%s:%u: family %s has no value mode "
			 "'%s'", path, no, fam->name, f[4]);
		return JCS_E_FORMAT;
	}
	if (hs_expression_info(f[6], HS_FLAG_DOTALL, &info, &ce) !=
	    HS_SUCCESS) {
		snprintf(err, errlen, "%s:%u: regex: %s", path, no,
			 ce ? ce->message : "invalid");
		hs_free_compile_error(ce);
		return JCS_E_FORMAT;
	}
	if (info->min_width == info->max_width && info->min_width > 0)
		p->width = info->min_width;
	else if (fam->start_modes & (1u << p->mode))
		p->som = 1;
	free(info); /* vectorscan's misc allocator: malloc */
	p->id = jcsi_strdup(f[0]);
	p->rule = strcmp(f[1], "-") ? jcsi_strdup(f[1]) : NULL;
	p->what = jcsi_strdup(f[5]);
	p->regex = jcsi_strdup(f[6]);
	p->src = jcsi_asprintf("%s:%u", path, no);
	c->npat++;
	if (!p->id || !p->what || !p->regex || !p->src ||
	    (strcmp(f[1], "-") && !p->rule))
		return JCS_E_NOMEM;
	return JCS_OK;
}

static jcs_rc compile(struct jcsi_content *c, char *err, size_t errlen)
{
	const char **expr = jcsi_calloc(c->npat, sizeof(*expr));
	unsigned *flags = jcsi_calloc(c->npat, sizeof(*flags));
	unsigned *ids = jcsi_calloc(c->npat, sizeof(*ids));
	hs_compile_error_t *ce = NULL;
	jcs_rc rc = JCS_OK;

	if (!expr || !flags || !ids) {
		rc = JCS_E_NOMEM;
		goto out;
	}
	for (size_t i = 0; i < c->npat; i++) {
		expr[i] = c->pat[i].regex;
		flags[i] = HS_FLAG_DOTALL |
			   (c->pat[i].som ? HS_FLAG_SOM_LEFTMOST : 0);
		ids[i] = (unsigned)i;
	}
	if (jcsi_hs_compile(expr, flags, ids, (unsigned)c->npat, &c->db,
			    &ce) != HS_SUCCESS) {
		int k = ce ? ce->expression : -1;

		snprintf(err, errlen, "%s: regex: %s",
			 k >= 0 && (size_t)k < c->npat ? c->pat[k].src
						       : "data/patterns",
			 ce ? ce->message : "cannot compile");
		hs_free_compile_error(ce);
		rc = JCS_E_FORMAT;
	}
out:
	jcsi_free(expr);
	jcsi_free(flags);
	jcsi_free(ids);
	return rc;
}

void jcsi_content_free(struct jcsi_content *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->npat; i++) {
		jcsi_free(c->pat[i].id);
		jcsi_free(c->pat[i].rule);
		jcsi_free(c->pat[i].what);
		jcsi_free(c->pat[i].regex);
		jcsi_free(c->pat[i].src);
	}
	jcsi_free(c->pat);
	for (size_t i = 0; i < c->nexcl; i++)
		jcsi_free(c->excl[i].glob);
	jcsi_free(c->excl);
	free_strv(c->ph_sub, c->nph_sub);
	free_strv(c->ph_word, c->nph_word);
	free_strv(c->weak, c->nweak);
	free_strv(c->trust, c->ntrust);
	jcsi_free(c); /* c->db belongs to the cache (hs_cache.h) */
}

jcs_rc jcsi_content_load(const char *data_dir, const char *password_list,
			 struct jcsi_content **out, char *err, size_t errlen)
{
	struct jcsi_content *c = jcsi_calloc(1, sizeof(*c));
	char path[4096];
	jcs_rc rc = JCS_OK;

	*out = NULL;
	if (!c)
		return JCS_E_NOMEM;
	for (unsigned i = 0; rc == JCS_OK && i < NFAM; i++) {
		snprintf(path, sizeof(path), "%s/patterns/%s.tsv", data_dir,
			 families[i]->name);
		rc = read_lines(c, path, pattern_line, &i, err, errlen);
	}
	if (rc == JCS_OK) {
		snprintf(path, sizeof(path), "%s/patterns/exclude.tsv",
			 data_dir);
		rc = read_lines(c, path, exclude_line, NULL, err, errlen);
	}
	if (rc == JCS_OK) {
		snprintf(path, sizeof(path), "%s/patterns/placeholders.txt",
			 data_dir);
		rc = read_lines(c, path, placeholder_line, NULL, err, errlen);
	}
	if (rc == JCS_OK) {
		snprintf(path, sizeof(path), "%s/patterns/trust-stores.txt",
			 data_dir);
		rc = read_lines(c, path, trust_line, NULL, err, errlen);
	}
	if (rc == JCS_OK) {
		if (password_list)
			snprintf(path, sizeof(path), "%s", password_list);
		else
			snprintf(path, sizeof(path),
				 "%s/passwords/iot-default.txt", data_dir);
		rc = read_lines(c, path, weak_line, NULL, err, errlen);
	}
	if (rc == JCS_OK && !c->npat) {
		snprintf(err, errlen, "%s/patterns: no pattern", data_dir);
		rc = JCS_E_FORMAT;
	}
	if (rc == JCS_OK)
		rc = compile(c, err, errlen);
	if (rc != JCS_OK) {
		if (rc == JCS_E_NOMEM)
			snprintf(err, errlen, "out of memory loading %s/"
				 "patterns", data_dir);
		jcsi_content_free(c);
		return rc;
	}
	qsort(c->weak, c->nweak, sizeof(*c->weak), cmp_str);
	*out = c;
	return JCS_OK;
}

/* --- workers ------------------------------------------------------------------- */

jcs_rc jcsi_cworker_new(const struct jcsi_content *c,
			struct jcsi_cworker **out)
{
	struct jcsi_cworker *w = jcsi_calloc(1, sizeof(*w));

	*out = NULL;
	if (!w)
		return JCS_E_NOMEM;
	w->c = c;
	if (hs_alloc_scratch(c->db, &w->scratch) != HS_SUCCESS) {
		jcsi_free(w);
		return JCS_E_NOMEM;
	}
	*out = w;
	return JCS_OK;
}

void jcsi_cworker_free(struct jcsi_cworker *w)
{
	if (!w)
		return;
	hs_free_scratch(w->scratch);
	jcsi_free(w->m);
	jcsi_free(w);
}

void jcsi_chits_clear(struct jcsi_chits *h)
{
	for (size_t i = 0; i < h->n; i++) {
		jcsi_free(h->v[i].subject);
		jcsi_free(h->v[i].detail);
		jcsi_free(h->v[i].evidence);
	}
	jcsi_free(h->v);
	memset(h, 0, sizeof(*h));
}

static int on_match(unsigned int id, unsigned long long from,
		    unsigned long long to, unsigned int flags, void *ctx)
{
	struct jcsi_cworker *w = ctx;
	const struct jcsi_cpattern *p = &w->c->pat[id];
	struct match *m;

	(void)flags;
	if ((w->binary && !p->any) || (w->skip_fams & (1u << p->family_no)))
		return 0;
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 64;

		if (cap > MAX_MATCHES || !(m = jcsi_realloc(w->m,
						cap * sizeof(*m)))) {
			w->truncated = 1;
			return 1; /* stop: examine what we have */
		}
		w->m = m;
		w->cap = cap;
	}
	m = &w->m[w->n++];
	m->pat = id;
	m->to = (size_t)to;
	if (p->som)
		m->from = (size_t)from;
	else if (p->width && to >= p->width)
		m->from = (size_t)to - p->width;
	else
		m->from = (size_t)to; /* not needed by its mode: sort by end */
	return 0;
}

static int cmp_same_start(const void *x, const void *y)
{
	const struct match *a = x, *b = y;

	if (a->pat != b->pat)
		return a->pat < b->pat ? -1 : 1;
	if (a->from != b->from)
		return a->from < b->from ? -1 : 1;
	return a->to < b->to ? -1 : a->to > b->to;
}

static int cmp_file_order(const void *x, const void *y)
{
	const struct match *a = x, *b = y;

	if (a->from != b->from)
		return a->from < b->from ? -1 : 1;
	if (a->pat != b->pat)
		return a->pat < b->pat ? -1 : 1;
	return a->to < b->to ? -1 : a->to > b->to;
}

static const char *base_name(const char *p)
{
	const char *b = strrchr(p, '/');

	return b ? b + 1 : p;
}

/* Text whose bare words are identifiers, not literals: source of a
   programming language (by extension or #! interpreter). Shell scripts
   and configuration files are not code here: there, password=admin is
   a literal. */
static int is_code(const struct jcsi_ev *e, const unsigned char *d,
		   size_t n)
{
	static const char *const ext[] = {
		".py", ".pl", ".pm", ".php", ".js", ".mjs", ".ts", ".lua",
		".rb", ".c", ".h", ".cc", ".cpp", ".hpp", ".go", ".java",
		".rs", ".tcl", ".cs", ".swift", ".kt", NULL};
	static const char *const interp[] = {"python", "perl", "php", "node",
					     "lua", "ruby", "tclsh", NULL};
	const char *b = base_name(e->dev), *dot = strrchr(b, '.');
	size_t eol = 0;

	for (size_t i = 0; dot && ext[i]; i++)
		if (!strcmp(dot, ext[i]))
			return 1;
	if (n < 2 || d[0] != '#' || d[1] != '!')
		return 0;
	while (eol < n && eol < 256 && d[eol] != '\n')
		eol++;
	for (size_t i = 0; interp[i]; i++) {
		size_t k = strlen(interp[i]);

		for (size_t j = 2; j + k <= eol; j++)
			if (!memcmp(d + j, interp[i], k))
				return 1;
	}
	return 0;
}

jcs_rc jcsi_content_examine(struct jcsi_cworker *w, const struct jcsi_scan *s,
			    const struct jcsi_ev *e, const unsigned char *data,
			    size_t len, time_t now, struct jcsi_chits *out)
{
	const struct jcsi_content *c = w->c;
	struct jcsi_cfile f;
	size_t k, probe = len < 8192 ? len : 8192;

	memset(&f, 0, sizeof(f));
	f.c = c;
	f.s = s;
	f.e = e;
	f.data = data;
	f.len = len;
	f.now = now;
	f.out = out;
	f.binary = memchr(data, 0, probe) != NULL;
	f.code = !f.binary && is_code(e, data, len);
	f.cur_line = 1;
	w->binary = f.binary;
	w->skip_fams = 0;
	for (size_t i = 0; i < c->nexcl; i++)
		if (fnmatch(c->excl[i].glob, e->dev, 0) == 0)
			w->skip_fams |= c->excl[i].fams;
	if (w->skip_fams == (1u << NFAM) - 1 || len == 0)
		return JCS_OK;
	if (len > 0xffffffffu)
		return JCS_E_LIMIT; /* hs_scan takes an unsigned length */
	w->n = 0;
	w->truncated = 0;
	if (hs_scan(c->db, (const char *)data, (unsigned)len, 0, w->scratch,
		    on_match, w) != HS_SUCCESS && !w->truncated)
		return JCS_E_INTERNAL;
	if (w->truncated)
		out->limit = "too many pattern matches: examined up to the "
			     "65536th";
	if (w->n == 0)
		return JCS_OK; /* (and w->m may still be NULL) */
	/* a growing match of one pattern (same start): keep the longest */
	qsort(w->m, w->n, sizeof(*w->m), cmp_same_start);
	k = 0;
	for (size_t i = 0; i < w->n; i++) {
		if (k && w->m[k - 1].pat == w->m[i].pat &&
		    w->m[k - 1].from == w->m[i].from &&
		    c->pat[w->m[i].pat].som)
			k--;
		w->m[k++] = w->m[i];
	}
	w->n = k;
	qsort(w->m, w->n, sizeof(*w->m), cmp_file_order);
	f.matches = w->m;
	f.nmatches = w->n;
	for (size_t i = 0; i < w->n; i++) {
		const struct jcsi_cpattern *p = &c->pat[w->m[i].pat];

		p->family->match(&f, p, w->m[i].from, w->m[i].to);
	}
	jcsi_free(f.spans);
	return JCS_OK;
}

/* --- helpers for handlers ------------------------------------------------------- */

uint64_t jcsi_cfile_line(struct jcsi_cfile *f, size_t off)
{
	const unsigned char *p, *end;

	if (f->binary)
		return 0;
	if (off > f->len)
		off = f->len;
	if (off < f->cur_off) {
		f->cur_off = 0;
		f->cur_line = 1;
	}
	p = f->data + f->cur_off;
	end = f->data + off;
	while (p < end && (p = memchr(p, '\n', (size_t)(end - p)))) {
		f->cur_line++;
		p++;
	}
	f->cur_off = off;
	return f->cur_line;
}

void jcsi_cfile_where(struct jcsi_cfile *f, size_t off, char *buf, size_t cap)
{
	if (f->binary)
		snprintf(buf, cap, "offset 0x%zx", off);
	else
		snprintf(buf, cap, "line %llu",
			 (unsigned long long)jcsi_cfile_line(f, off));
}

void jcsi_cfile_hit(struct jcsi_cfile *f, const char *rule, size_t off,
		    const char *subject, const char *detail,
		    const char *evidence, int grouped)
{
	struct jcsi_chits *h = f->out;
	struct jcsi_chit *t;

	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 8;
		struct jcsi_chit *v = jcsi_realloc(h->v, cap * sizeof(*v));

		if (!v) {
			h->limit = "out of memory: findings lost";
			return;
		}
		h->v = v;
		h->cap = cap;
	}
	t = &h->v[h->n];
	t->rule = rule;
	t->line = jcsi_cfile_line(f, off);
	t->grouped = grouped;
	t->subject = subject ? jcsi_strdup(subject) : NULL;
	t->detail = detail ? jcsi_strdup(detail) : NULL;
	t->evidence = evidence ? jcsi_strdup(evidence) : NULL;
	if ((subject && !t->subject) || (detail && !t->detail) ||
	    (evidence && !t->evidence)) {
		jcsi_free(t->subject);
		jcsi_free(t->detail);
		jcsi_free(t->evidence);
		h->limit = "out of memory: findings lost";
		return;
	}
	h->n++;
}

/* Matches come in file order, so a structure that covers OFF was claimed
   recently: only the last CLAIM_WINDOW claims are looked at (bounded work
   on files with thousands of hits). */
#define CLAIM_WINDOW 256

int jcsi_cfile_claimed(const struct jcsi_cfile *f, unsigned fam, size_t off)
{
	size_t lo = f->nspans > CLAIM_WINDOW ? f->nspans - CLAIM_WINDOW : 0;

	for (size_t i = f->nspans; i-- > lo;)
		if (f->spans[i].fam == fam && off >= f->spans[i].from &&
		    off < f->spans[i].to)
			return 1;
	return 0;
}

void jcsi_cfile_claim(struct jcsi_cfile *f, unsigned fam, size_t from,
		      size_t to)
{
	if (f->nspans == f->spans_cap) {
		size_t cap = f->spans_cap ? f->spans_cap * 2 : 8;
		void *v = jcsi_realloc(f->spans, cap * sizeof(*f->spans));

		if (!v)
			return; /* only costs a duplicate */
		f->spans = v;
		f->spans_cap = cap;
	}
	f->spans[f->nspans].from = from;
	f->spans[f->nspans].to = to;
	f->spans[f->nspans].fam = fam;
	f->nspans++;
}

int jcsi_cfile_match_at(const struct jcsi_cfile *f, unsigned fam,
			size_t from, unsigned before)
{
	const struct match *m = f->matches;
	size_t lo = 0, hi = f->nmatches;

	while (lo < hi) { /* first match starting at FROM or later */
		size_t mid = lo + (hi - lo) / 2;

		if (m[mid].from < from)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < f->nmatches && m[lo].from == from; lo++)
		if (m[lo].pat < before &&
		    f->c->pat[m[lo].pat].family_no == fam)
			return 1;
	return 0;
}

void jcsi_cfile_mask(const struct jcsi_cfile *f, const char *secret,
		     char *out, size_t cap)
{
	if (f->s)
		jcsi_mask(f->s, secret, out, cap);
	else
		snprintf(out, cap, "***");
}

int jcsi_cfile_pem_extent(const struct jcsi_cfile *f, size_t from,
			  size_t *end)
{
	size_t lim = f->len - from < PEM_MAX ? f->len : from + PEM_MAX;
	const unsigned char *p = f->data + from, *q, *stop = f->data + lim;

	*end = 0;
	q = memmem(p, (size_t)(stop - p), "-----END ", 9);
	if (!q)
		return 0;
	q += 9;
	/* the label and the closing dashes, on the same line */
	while (q < stop && q - p < PEM_MAX && *q != '\n' && *q != '-')
		q++;
	if ((size_t)(stop - q) < 5 || memcmp(q, "-----", 5))
		return 0;
	*end = (size_t)(q + 5 - f->data);
	return 1;
}

size_t jcsi_cfile_der_extent(const struct jcsi_cfile *f, size_t from)
{
	size_t avail = f->len - from, hdr, n = 0;
	const unsigned char *d = f->data + from;

	if (avail < 2 || d[0] != 0x30)
		return 0;
	if (d[1] < 0x80) {
		hdr = 2;
		n = d[1];
	} else {
		size_t k = d[1] & 0x7f;

		if (k == 0 || k > 3 || avail < 2 + k)
			return 0; /* indefinite, or over 16 MiB */
		for (size_t i = 0; i < k; i++)
			n = n << 8 | d[2 + i];
		hdr = 2 + k;
	}
	return n <= avail - hdr ? hdr + n : 0;
}

/* --- values ------------------------------------------------------------------ */

int jcsi_content_placeholder(const struct jcsi_content *c, const char *value)
{
	char low[520];
	size_t n = 0;

	for (; value[n] && n + 1 < sizeof(low); n++)
		low[n] = (char)tolower((unsigned char)value[n]);
	low[n] = '\0';
	for (size_t i = 0; i < c->nph_word; i++)
		if (!strcmp(low, c->ph_word[i]))
			return 1;
	for (size_t i = 0; i < c->nph_sub; i++)
		if (strstr(low, c->ph_sub[i]))
			return 1;
	return 0;
}

int jcsi_content_trust_store(const struct jcsi_content *c, const char *dev)
{
	for (size_t i = 0; i < c->ntrust; i++)
		if (fnmatch(c->trust[i], dev, 0) == 0)
			return 1;
	return 0;
}

int jcsi_content_weak(const struct jcsi_content *c, const char *value)
{
	return bsearch(&value, c->weak, c->nweak, sizeof(*c->weak),
		       cmp_str) != NULL;
}

/*
 * vercmp.c - the version ordering of vercmp.h: a token reader that
 * already drops the zeros that do not count (rule 5), and a
 * lexicographic comparison of the two token streams (rule 6). Nothing is
 * allocated and numbers are never converted, so any input length and any
 * number of digits is safe.
 */
#include "vercmp.h"

#include <stddef.h>
#include <string.h>

/* Token kinds in their order at one position (rule 6). */
enum tok_kind {
	TOK_PRE = 0,  /* pre-release word: dev alpha beta pre rc */
	TOK_END = 1,  /* no more tokens */
	TOK_WORD = 2, /* any other word: post-release suffix */
	TOK_NUM = 3,  /* digits, leading zeros skipped */
};

struct tok {
	enum tok_kind kind;
	const char *p; /* the bytes (NUM: without leading zeros) */
	size_t n;
	int rank; /* TOK_PRE: its rank */
};

struct reader {
	const char *s;
	/* zeros already known to count, still to hand out (rule 5) */
	size_t zeros;
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool word_is(const char *p, size_t n, const char *w)
{
	size_t i;

	if (strlen(w) != n)
		return false;
	for (i = 0; i < n; i++)
		if (lower(p[i]) != w[i])
			return false;
	return true;
}

/* Rank of a pre-release word, or -1 for a post-release word (rule 3). */
static int pre_rank(const char *p, size_t n)
{
	static const struct {
		const char *word;
		int rank;
	} pre[] = {
		{"dev", 0}, {"alpha", 1}, {"beta", 2},
		{"pre", 3}, {"preview", 3}, {"rc", 4},
	};
	size_t i;

	for (i = 0; i < sizeof(pre) / sizeof(pre[0]); i++)
		if (word_is(p, n, pre[i].word))
			return pre[i].rank;
	return -1;
}

/* Reads the raw token at *s (separators skipped); false at the end. */
static bool raw_token(const char **s, struct tok *t)
{
	const char *p = *s;

	while (*p && !is_digit(*p) && !is_alpha(*p))
		p++;
	if (!*p) {
		*s = p;
		return false;
	}
	t->p = p;
	if (is_digit(*p)) {
		t->kind = TOK_NUM;
		while (is_digit(*p))
			p++;
		while (t->p < p - 1 && *t->p == '0')
			t->p++;
	} else {
		while (is_alpha(*p))
			p++;
		t->rank = pre_rank(t->p, (size_t)(p - t->p));
		t->kind = t->rank >= 0 ? TOK_PRE : TOK_WORD;
	}
	t->n = (size_t)(p - t->p);
	*s = p;
	return true;
}

static bool is_zero(const struct tok *t)
{
	return t->kind == TOK_NUM && t->n == 1 && t->p[0] == '0';
}

/*
 * The next token that counts. A run of zeros is looked at once: dropped
 * when the end or a pre-release word follows it, else handed out one by
 * one (r->zeros), so the reader stays linear in the input.
 */
static void next_token(struct reader *r, struct tok *t)
{
	static const char zero = '0';
	const char *after;
	size_t run = 0;

	if (r->zeros) {
		r->zeros--;
		t->kind = TOK_NUM;
		t->p = &zero;
		t->n = 1;
		return;
	}
	for (;;) {
		after = r->s;
		if (!raw_token(&r->s, t)) {
			t->kind = TOK_END;
			t->p = NULL;
			t->n = 0;
			return;
		}
		if (!is_zero(t))
			break;
		run++;
	}
	if (run && t->kind != TOK_PRE) {
		/* the zeros count: hand out the run, then this token again */
		r->s = after;
		r->zeros = run - 1;
		t->kind = TOK_NUM;
		t->p = &zero;
		t->n = 1;
	}
}

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

static int cmp_digits(const char *a, size_t an, const char *b, size_t bn)
{
	if (an != bn)
		return an < bn ? -1 : 1;
	return sign(memcmp(a, b, an));
}

static int cmp_words(const struct tok *a, const struct tok *b)
{
	size_t i;

	for (i = 0; i < a->n && i < b->n; i++)
		if (lower(a->p[i]) != lower(b->p[i]))
			return lower(a->p[i]) < lower(b->p[i]) ? -1 : 1;
	return a->n == b->n ? 0 : (a->n < b->n ? -1 : 1);
}

static int cmp_tokens(const struct tok *a, const struct tok *b)
{
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	switch (a->kind) {
	case TOK_PRE:
		return a->rank == b->rank ? 0 : (a->rank < b->rank ? -1 : 1);
	case TOK_WORD:
		return cmp_words(a, b);
	case TOK_NUM:
		return cmp_digits(a->p, a->n, b->p, b->n);
	case TOK_END:
		break;
	}
	return 0;
}

/* Splits off an epoch "digits:" (rule 1); *s moves past it. */
static void epoch(const char **s, const char **ep, size_t *en)
{
	const char *p = *s;

	while (is_digit(*p))
		p++;
	if (p > *s && *p == ':') {
		*ep = *s;
		*en = (size_t)(p - *s);
		*s = p + 1;
	} else {
		*ep = "0";
		*en = 1;
	}
	while (*en > 1 && **ep == '0') {
		(*ep)++;
		(*en)--;
	}
	if ((**s == 'v' || **s == 'V') && is_digit((*s)[1]))
		(*s)++;
}

int jcsi_version_cmp(const char *a, const char *b)
{
	struct reader ra = {0}, rb = {0};
	struct tok ta, tb;
	const char *ea, *eb;
	size_t ean, ebn;
	int c;

	if (!a || !b)
		return a == b ? 0 : (a ? 1 : -1);
	ra.s = a;
	rb.s = b;
	epoch(&ra.s, &ea, &ean);
	epoch(&rb.s, &eb, &ebn);
	c = cmp_digits(ea, ean, eb, ebn);
	if (c)
		return c;
	do {
		next_token(&ra, &ta);
		next_token(&rb, &tb);
		c = cmp_tokens(&ta, &tb);
	} while (!c && ta.kind != TOK_END);
	return c;
}

static bool is_sep(char c)
{
	return c == '.' || c == '_' || c == '-' || c == '+' || c == '~';
}

bool jcsi_version_valid(const char *s)
{
	const char *p;
	size_t len;

	if (!s)
		return false;
	len = strnlen(s, JCSI_VERSION_MAX + 1);
	if (len == 0 || len > JCSI_VERSION_MAX)
		return false;
	p = s;
	while (is_digit(*p))
		p++;
	if (p > s && *p == ':')
		p++;
	else
		p = s;
	if ((*p == 'v' || *p == 'V') && is_digit(p[1]))
		p++;
	if (!is_digit(*p))
		return false;
	for (; *p; p++) {
		if (is_digit(*p) || is_alpha(*p))
			continue;
		if (!is_sep(*p) || !p[1] || is_sep(p[1]))
			return false;
	}
	return true;
}

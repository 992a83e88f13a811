/*
 * dpkg_vercmp.c - see dpkg_vercmp.h. Written from the algorithm that
 * deb-version(7) describes: the epoch numerically, then upstream version
 * and revision each compared in alternating non-digit and digit parts.
 */
#include "dpkg_vercmp.h"

#include <stdlib.h>
#include <string.h>

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Weight of one byte of a non-digit part: '~' < end < letters < others. */
static int order(char c)
{
	if (is_digit(c))
		return 0;
	if (is_alpha(c))
		return (unsigned char)c;
	if (c == '~')
		return -1;
	if (c)
		return (unsigned char)c + 256;
	return 0;
}

/* [a, ae) against [b, be). */
static int part_cmp(const char *a, const char *ae, const char *b,
		    const char *be)
{
	while (a < ae || b < be) {
		int first_diff = 0;

		while ((a < ae && !is_digit(*a)) || (b < be && !is_digit(*b))) {
			int ac = order(a < ae ? *a : '\0');
			int bc = order(b < be ? *b : '\0');

			if (ac != bc)
				return ac - bc;
			if (a < ae)
				a++;
			if (b < be)
				b++;
		}
		while (a < ae && *a == '0')
			a++;
		while (b < be && *b == '0')
			b++;
		while (a < ae && b < be && is_digit(*a) && is_digit(*b)) {
			if (!first_diff)
				first_diff = *a - *b;
			a++;
			b++;
		}
		if (a < ae && is_digit(*a))
			return 1;
		if (b < be && is_digit(*b))
			return -1;
		if (first_diff)
			return first_diff;
	}
	return 0;
}

struct dver {
	unsigned long long epoch;
	const char *up, *up_end, *rev, *rev_end;
};

static void split(const char *s, struct dver *v)
{
	const char *colon = strchr(s, ':'), *dash;
	const char *end = s + strlen(s);

	v->epoch = 0;
	if (colon) {
		const char *p = s;

		/* a non-numeric "epoch" is part of the version (invalid) */
		while (p < colon && is_digit(*p))
			p++;
		if (p == colon && p > s) {
			v->epoch = strtoull(s, NULL, 10);
			s = colon + 1;
		}
	}
	dash = strrchr(s, '-');
	v->up = s;
	v->up_end = dash ? dash : end;
	v->rev = dash ? dash + 1 : end;
	v->rev_end = end;
}

int jcsi_dpkg_version_cmp(const char *a, const char *b)
{
	struct dver x, y;
	int r;

	if (!a || !b)
		return a ? 1 : b ? -1 : 0;
	split(a, &x);
	split(b, &y);
	if (x.epoch != y.epoch)
		return x.epoch < y.epoch ? -1 : 1;
	r = part_cmp(x.up, x.up_end, y.up, y.up_end);
	if (r)
		return r;
	return part_cmp(x.rev, x.rev_end, y.rev, y.rev_end);
}

/*
 * tool_util.c - sizes and the terminal progress line of the front end.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tool.h"

const char *tool_human_size(uint64_t n, char *buf, size_t len)
{
	static const char *const unit[] = {"B", "KiB", "MiB", "GiB", "TiB"};
	double v = (double)n;
	int u = 0;

	while (v >= 1024.0 && u < 4) {
		v /= 1024.0;
		u++;
	}
	if (u == 0)
		snprintf(buf, len, "%llu B", (unsigned long long)n);
	else
		snprintf(buf, len, "%.1f %s", v, unit[u]);
	return buf;
}

int tool_parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;
	uint64_t mul = 1;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s)
		return -1;
	switch (*end) {
	case 'k': case 'K': mul = 1ull << 10; end++; break;
	case 'm': case 'M': mul = 1ull << 20; end++; break;
	case 'g': case 'G': mul = 1ull << 30; end++; break;
	case 't': case 'T': mul = 1ull << 40; end++; break;
	default: break;
	}
	if (*end == 'i' || *end == 'B')
		end++;
	if (*end == 'B')
		end++;
	if (*end || (v && mul > UINT64_MAX / v))
		return -1;
	*out = (uint64_t)v * mul;
	return 0;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

void tool_progress_init(struct tool_progress *p, int quiet)
{
	memset(p, 0, sizeof(*p));
	p->enabled = !quiet && isatty(STDERR_FILENO);
}

void tool_progress_unpack(const struct jcs_unpack_progress *pr, void *user)
{
	struct tool_progress *p = user;
	char a[32], b[32];
	uint64_t t;
	int pct, bar;

	if (!p->enabled)
		return;
	t = now_ms();
	if (p->drawn && t - p->last_ms < 100)
		return;
	p->last_ms = t;
	pct = pr->input_total ? (int)(pr->input_done * 100 / pr->input_total)
			      : 100;
	bar = pct / 5;
	fprintf(stderr, "\r\033[K[%-20.*s] %3d%%  %llu files  %s out  %s",
		bar, "####################", pct,
		(unsigned long long)pr->files,
		tool_human_size(pr->bytes_out, a, sizeof(a)),
		pr->current ? pr->current : "");
	(void)b;
	p->drawn = 1;
}

void tool_progress_probe(const struct jcs_probe_progress *pr, void *user)
{
	struct tool_progress *p = user;

	if (!p->enabled)
		return;
	fprintf(stderr, "\r\033[K[%u/%u] %s", pr->step, pr->steps, pr->what);
	p->drawn = 1;
}

void tool_progress_done(struct tool_progress *p)
{
	if (p->enabled && p->drawn)
		fputs("\r\033[K", stderr);
	p->drawn = 0;
}

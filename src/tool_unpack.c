/*
 * tool_unpack.c - `jcstar unpack IMAGE -o DIR`: recursive, safe extraction
 * with a manifest, and a readable summary on stdout.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

static const char usage[] =
	"Usage: jcstar unpack IMAGE -o DIR [options]\n"
	"\n"
	"Extract a firmware image recursively into DIR and write\n"
	"DIR/manifest.json (every file with its path, size, sha256, type and\n"
	"origin chain; every container; every failure; unknown regions).\n"
	"Containers are found at any offset of the image, never by file name.\n"
	"\n"
	"Options:\n"
	"  -o, --output DIR       output directory (new or empty)\n"
	"  -q, --quiet            no progress, summary only on errors\n"
	"      --max-total SIZE   stop extracting after SIZE bytes in all "
	"(default 8G)\n"
	"      --max-file SIZE    largest single extracted file (default 2G)\n"
	"      --max-ratio N      largest output:input ratio of one container\n"
	"                         once its output exceeds 64M (default 100)\n"
	"      --max-depth N      containers nested in containers (default 12)\n"
	"      --max-files N      entries extracted in all (default 1000000)\n"
	"      --list             also list every container and failure\n"
	"  -h, --help             this help\n"
	"\n"
	"Formats: %s\n"
	"\n"
	"Exit status: 0 extracted (see failures in the manifest), 1 the image\n"
	"could not be processed, 2 usage error.\n";

/*
 * Containers and regions arrive as extraction finishes them (children
 * before parents); they are kept and printed at the end as a tree, each
 * level in offset order. Failures are printed as they come.
 */
struct item {
	int is_region;
	uint64_t id, parent_id, offset, length, entries;
	unsigned depth;
	int partial;
	double entropy;
	char format[24];
	char cls[32];
};

struct summary {
	int list;
	int quiet;
	struct tool_progress *progress;
	uint64_t shown_failures;
	struct item *items;
	size_t n, cap;
};

static void keep(struct summary *s, const struct jcs_unpack_event *ev)
{
	struct item *it;

	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		struct item *t = realloc(s->items, cap * sizeof(*t));

		if (!t)
			return; /* the summary is best effort; the manifest is whole */
		s->items = t;
		s->cap = cap;
	}
	it = &s->items[s->n++];
	memset(it, 0, sizeof(*it));
	it->is_region = ev->kind == JCS_EV_REGION;
	it->id = ev->id;
	it->parent_id = ev->parent_id;
	it->offset = ev->offset;
	it->length = ev->length;
	it->entries = ev->entries;
	it->depth = ev->depth;
	it->partial = ev->partial;
	it->entropy = ev->entropy;
	snprintf(it->format, sizeof(it->format), "%s",
		 ev->format ? ev->format : "");
	snprintf(it->cls, sizeof(it->cls), "%s", ev->reason ? ev->reason : "");
}

static void on_event(const struct jcs_unpack_event *ev, void *user)
{
	struct summary *s = user;

	if (s->quiet)
		return;
	if (ev->kind != JCS_EV_FAILURE) {
		keep(s, ev);
		return;
	}
	if (!s->list && s->shown_failures >= 20)
		return;
	tool_progress_done(s->progress);
	s->shown_failures++;
	printf("  ! %s at 0x%llx in %s%s%s: %s\n",
	       ev->format ? ev->format : "?", (unsigned long long)ev->offset,
	       ev->parent ? ev->parent : "?", ev->path ? ": " : "",
	       ev->path ? ev->path : "", ev->reason);
}

static int by_offset(const void *a, const void *b)
{
	const struct item *x = a, *y = b;

	if (x->parent_id != y->parent_id)
		return x->parent_id < y->parent_id ? -1 : 1;
	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	return x->is_region - y->is_region;
}

static void print_level(const struct summary *s, uint64_t parent, int level)
{
	char a[32];

	for (size_t i = 0; i < s->n; i++) {
		const struct item *it = &s->items[i];

		if (it->parent_id != parent)
			continue;
		if (it->is_region) {
			if (!s->list && (level > 0 || it->length < 4096))
				continue;
			printf("  %*s%-10s 0x%08llx %10s  %s, %.2f bits/byte\n",
			       level * 2, "", "unknown",
			       (unsigned long long)it->offset,
			       tool_human_size(it->length, a, sizeof(a)),
			       it->cls, it->entropy);
			continue;
		}
		if (!s->list && level > 2)
			continue;
		printf("  %*s%-10s 0x%08llx %10s  %llu entries%s\n",
		       level * 2, "", it->format,
		       (unsigned long long)it->offset,
		       it->length ? tool_human_size(it->length, a, sizeof(a))
				  : "?",
		       (unsigned long long)it->entries,
		       it->partial ? " (partial)" : "");
		print_level(s, it->id, level + 1);
	}
}

static int parse_u64(const char *opt, const char *v, uint64_t *out)
{
	if (tool_parse_size(v, out) == 0)
		return 0;
	fprintf(stderr, "jcstar unpack: bad value for %s: %s\n", opt, v);
	return -1;
}

static void formats(char *buf, size_t len)
{
	const char *const *f = jcs_unpack_formats();
	size_t at = 0;

	buf[0] = '\0';
	for (size_t i = 0; f[i] && at < len; i++)
		at += (size_t)snprintf(buf + at, len - at, "%s%s",
				       i ? ", " : "", f[i]);
}

int tool_unpack(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{"list", no_argument, NULL, 'l'},
		{"max-total", required_argument, NULL, 1},
		{"max-file", required_argument, NULL, 2},
		{"max-ratio", required_argument, NULL, 3},
		{"max-depth", required_argument, NULL, 4},
		{"max-files", required_argument, NULL, 5},
		{NULL, 0, NULL, 0},
	};
	struct jcs_unpack_opts o;
	struct jcs_unpack_stats st;
	struct tool_progress prog;
	struct summary sum = {0};
	const char *out = NULL;
	char err[512], a[32], fl[512];
	uint64_t v;
	int c;
	jcs_rc rc;

	jcs_unpack_opts_default(&o);
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'q':
			sum.quiet = 1;
			break;
		case 'l':
			sum.list = 1;
			break;
		case 'h':
			formats(fl, sizeof(fl));
			printf(usage, fl);
			return 0;
		case 1:
			if (parse_u64("--max-total", optarg, &o.limits.max_total_bytes))
				return 2;
			break;
		case 2:
			if (parse_u64("--max-file", optarg, &o.limits.max_file_bytes))
				return 2;
			break;
		case 3:
			if (parse_u64("--max-ratio", optarg, &o.limits.max_ratio))
				return 2;
			break;
		case 4:
			if (parse_u64("--max-depth", optarg, &v) || v > 64)
				return 2;
			o.limits.max_depth = (uint32_t)v;
			break;
		case 5:
			if (parse_u64("--max-files", optarg, &o.limits.max_files))
				return 2;
			break;
		default:
			fprintf(stderr, "Try 'jcstar unpack --help'.\n");
			return 2;
		}
	}
	if (optind != argc - 1 || !out) {
		fprintf(stderr, "jcstar unpack: need one IMAGE and -o DIR\n"
				"Try 'jcstar unpack --help'.\n");
		return 2;
	}
	tool_progress_init(&prog, sum.quiet);
	sum.progress = &prog;
	o.progress = tool_progress_unpack;
	o.progress_user = &prog;
	o.event = on_event;
	o.event_user = &sum;
	if (!sum.quiet)
		printf("jcstar unpack %s -> %s\n", argv[optind], out);
	rc = jcs_unpack(argv[optind], out, &o, &st, err, sizeof(err));
	tool_progress_done(&prog);
	if (rc != JCS_OK) {
		fprintf(stderr, "jcstar unpack: %s\n",
			err[0] ? err : jcs_strerror(rc));
		return 1;
	}
	if (!sum.quiet && sum.n) {
		qsort(sum.items, sum.n, sizeof(*sum.items), by_offset);
		printf("  %-10s %-10s %10s  (nested containers indented)\n",
		       "format", "offset", "length");
		print_level(&sum, 0, 0);
	}
	free(sum.items);
	if (!sum.quiet || st.failures) {
		printf("%llu containers, %llu files (%s), %llu entries; "
		       "%llu failures, %llu refused, %llu unknown regions%s\n",
		       (unsigned long long)st.containers,
		       (unsigned long long)st.files,
		       tool_human_size(st.bytes_out, a, sizeof(a)),
		       (unsigned long long)st.entries,
		       (unsigned long long)st.failures,
		       (unsigned long long)st.refused,
		       (unsigned long long)st.unknown_regions,
		       st.limit_hit ? "; a limit was reached" : "");
		if (!sum.list && st.failures > sum.shown_failures)
			printf("(%llu more failures; --list or the manifest "
			       "shows all)\n",
			       (unsigned long long)(st.failures -
						    sum.shown_failures));
		printf("manifest: %s/manifest.json\n", out);
	}
	return 0;
}

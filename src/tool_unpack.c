/*
 * tool_unpack.c - `jcstar unpack IMAGE -o DIR`: recursive, safe extraction
 * with a manifest, and a readable summary on stdout.
 */
#include <getopt.h>
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

struct summary {
	int list;
	int quiet;
	struct tool_progress *progress;
	uint64_t shown_failures;
};

static void on_event(const struct jcs_unpack_event *ev, void *user)
{
	struct summary *s = user;
	char a[32];

	if (s->quiet)
		return;
	tool_progress_done(s->progress);
	switch (ev->kind) {
	case JCS_EV_CONTAINER:
		if (!s->list && ev->depth > 2)
			return;
		printf("  %*s%-10s at 0x%08llx  %10s  %6llu entries%s  %s\n",
		       (int)(ev->depth - 1) * 2, "", ev->format,
		       (unsigned long long)ev->offset,
		       ev->length ? tool_human_size(ev->length, a, sizeof(a))
				  : "?",
		       (unsigned long long)ev->entries,
		       ev->partial ? " (partial)" : "", ev->parent);
		break;
	case JCS_EV_FAILURE:
		if (!s->list && s->shown_failures >= 20)
			return;
		s->shown_failures++;
		printf("  ! %s at 0x%llx in %s%s%s: %s\n",
		       ev->format ? ev->format : "?",
		       (unsigned long long)ev->offset,
		       ev->parent ? ev->parent : "?", ev->path ? ": " : "",
		       ev->path ? ev->path : "", ev->reason);
		break;
	case JCS_EV_REGION:
		if (!s->list && ev->length < 4096)
			return;
		printf("  ? unknown   at 0x%08llx  %10s  %-24s %.2f bits/byte  "
		       "%s\n",
		       (unsigned long long)ev->offset,
		       tool_human_size(ev->length, a, sizeof(a)), ev->reason,
		       ev->entropy, ev->parent);
		break;
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

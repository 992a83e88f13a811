/*
 * tool_report.c - `jcstar report RESULT.json --format FMT`: render a
 * result document saved by scan/assess (`--json FILE` or `-f json`) in
 * another format, without re-running anything.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "tool.h"

static void usage(FILE *f)
{
	fputs("Usage: jcstar report RESULT.json [options]\n"
	      "\n"
	      "Render a saved jcstar result document (from `jcstar scan -f json`\n"
	      "or `jcstar assess --json FILE`) in another format.\n"
	      "\n"
	      "Options:\n"
	      "  -f, --format FMT   one of: ", f);
	tool_print_formats(f);
	fputs("\n                     (default: text)\n"
	      "  -o, --output FILE  write to FILE instead of stdout\n"
	      "      --data DIR     rule and category texts (default: built in)\n"
	      "  -h, --help         this help\n"
	      "\n"
	      "Exit status: 0 written, 2 usage error, 4 unreadable result or\n"
	      "write error.\n", f);
}

int tool_report(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"data", required_argument, NULL, 1},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *data = NULL;
	struct jcs_result *r = NULL;
	char err[1024] = "";
	struct tool_out out = {"text", NULL, 0};
	int c;
	jcs_rc rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "f:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 1:
			data = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			if (tool_out_option(c, optarg, &out))
				break;
			return tool_usage_error("report", NULL);
		}
	}
	if (tool_check_format("report", out.format))
		return 2;
	if (optind != argc - 1)
		return tool_usage_error("report", "need one RESULT.json");
	rc = jcs_result_read_json(argv[optind], &r, err, sizeof(err));
	if (rc != JCS_OK) {
		tool_say_failure("report", rc, err);
		return 4;
	}
	/* no gate here: the findings were judged when they were found */
	return tool_finish(r, out.format, out.path, data, "report", NULL);
}

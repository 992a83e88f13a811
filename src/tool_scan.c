/*
 * tool_scan.c - `jcstar scan FIRMWARE|DIR`: device-end checks of an image
 * or an extracted tree, as a terminal report or the JSON result document.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tool.h"

static const char usage[] =
	"Usage: jcstar scan FIRMWARE|DIR [options]\n"
	"\n"
	"Check a firmware image (unpacked first, as by `jcstar unpack`), a\n"
	"directory written by `jcstar unpack`, or a plain extracted root file\n"
	"system, and report findings by category and severity.\n"
	"\n"
	"Options:\n"
	"  -f, --format FMT     text (default), json (the result document),\n"
	"                       sarif, html, checklist, checklist-csv,\n"
	"                       threat-model, cyclonedx, spdx\n"
	"  -o, --output FILE    write the report to FILE instead of stdout\n"
	"      --keep DIR       unpack an image into DIR and keep it\n"
	"      --baseline FILE  accepted findings (YAML: rule, path, host, port,\n"
	"                       justification, expires): kept, marked suppressed\n"
	"      --fail-on SEV    exit 1 if an unsuppressed finding is at least\n"
	"                       SEV severe\n"
	"                       (critical, high, medium, low, info)\n"
	"      --show-secrets   do not mask cracked passwords and secrets\n"
	"      --data DIR       rule table and lists (default: built in)\n"
	"      --passwords FILE default/weak password list to try, one a line\n"
	"                       (default: DATA/passwords/iot-default.txt)\n"
	"      --vuln-db FILE   vulnerability database (`jcstar db`; default:\n"
	"                       $JCSTAR_DB, then ~/.local/share/jcstar/vuln.db)\n"
	"      --vuln-max-age DAYS  older database: said in the report (7)\n"
	"      --rules          list every rule with its category and exit\n"
	"  -q, --quiet          no progress\n"
	"  -h, --help           this help\n"
	"\n"
	"Exit status: 0 scanned (and nothing at --fail-on), 1 findings at or\n"
	"above --fail-on, 2 usage error, 4 the scan could not run.\n";

static void print_rule(const struct jcs_rule_info *r, void *user)
{
	(void)user;
	printf("%-32s %-28s %-8s %s\n", r->id, r->category,
	       jcs_severity_name(r->severity), r->title);
}

int tool_scan(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"keep", required_argument, NULL, 1},
		{"fail-on", required_argument, NULL, 2},
		{"show-secrets", no_argument, NULL, 3},
		{"data", required_argument, NULL, 4},
		{"rules", no_argument, NULL, 5},
		{"passwords", required_argument, NULL, 6},
		{"baseline", required_argument, NULL, 7},
		{"vuln-db", required_argument, NULL, 8},
		{"vuln-max-age", required_argument, NULL, 9},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct jcs_scan_opts o;
	struct jcs_result *r;
	struct tool_fail_on fail_on = {0};
	const char *baseline = NULL;
	struct tool_out out = {"text", NULL, 0};
	int c, list = 0;
	char err[512];
	jcs_rc rc;

	jcs_scan_opts_default(&o);
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:o:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(usage, stdout);
			return 0;
		case 1:
			o.keep_dir = optarg;
			break;
		case 2:
			if (tool_fail_on_parse("scan", optarg, &fail_on))
				return 2;
			break;
		case 3:
			o.show_secrets = 1;
			break;
		case 4:
			o.data_dir = optarg;
			break;
		case 6:
			o.password_list = optarg;
			break;
		case 5:
			list = 1;
			break;
		case 7:
			baseline = optarg;
			break;
		case 8:
			o.vuln_db = optarg;
			break;
		case 9:
			o.vuln_max_age_days = tool_parse_count_opt(
				"scan", "vuln-max-age", optarg, "days");
			if (o.vuln_max_age_days <= 0)
				return 2;
			break;
		default:
			if (tool_out_option(c, optarg, &out))
				break;
			return tool_usage_error("scan", NULL);
		}
	}
	if (list) {
		rc = jcs_rules_list(o.data_dir, print_rule, NULL, err,
				    sizeof(err));
		if (rc != JCS_OK)
			fprintf(stderr, "jcstar scan: %s\n", err);
		return rc == JCS_OK ? 0 : 4;
	}
	if (tool_check_format("scan", out.format))
		return 2;
	if (optind != argc - 1)
		return tool_usage_error("scan", "need one FIRMWARE or DIR");
	r = tool_run_scan("scan", argv[optind], &o, out.quiet);
	if (!r)
		return 4;
	if (baseline && (rc = jcs_result_apply_baseline(r, baseline, 0, err,
							 sizeof(err))) != JCS_OK) {
		tool_say_failure("scan", rc, err);
		jcs_result_free(r);
		return 4;
	}
	return tool_finish(r, out.format, out.path, o.data_dir, "scan", &fail_on);
}

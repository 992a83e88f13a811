/*
 * tool_assess.c - `jcstar assess product.yaml`: the JC-STAR verdict of
 * every requirement for the product the manifest describes. Prints the
 * verdict table (or another format) and writes the HTML report beside it,
 * so a person has both the summary and the document to pass on.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

static void usage(FILE *f)
{
	fputs("Usage: jcstar assess PRODUCT.yaml [options]\n"
	      "\n"
	      "Check everything product.yaml names (firmware, the live device, the\n"
	      "documents; cloud API and app have no checks in this version and\n"
	      "are reported as not tested) and give every JC-STAR STAR-1 item and\n"
	      "EN 303 645 provision a verdict: pass, fail, needs-evidence or\n"
	      "not-applicable. `jcstar init` writes a product.yaml to fill in.\n"
	      "\n"
	      "Options:\n"
	      "  -f, --format FMT     what to print: ", f);
	tool_print_formats(f);
	fputs("\n                       (default: text)\n"
	      "  -o, --output FILE    print to FILE instead of stdout\n"
	      "      --html FILE      the HTML report (default: jcstar-report.html)\n"
	      "      --no-html        do not write the HTML report\n"
	      "      --json FILE      also save the result document (for\n"
	      "                       `jcstar report`)\n"
	      "      --baseline FILE  accepted findings (default: product.yaml's)\n"
	      "      --fail-on SEV    exit 1 if an unsuppressed finding is at\n"
	      "                       least SEV severe\n"
	      "      --fail-on-verdict\n"
	      "                       exit 1 if any requirement fails\n"
	      "      --keep DIR       unpack the firmware into DIR and keep it\n"
	      "      --show-secrets   do not mask passwords and secrets\n"
	      "      --data DIR       rules, lists, catalog (default: built in)\n"
	      "      --passwords FILE default/weak password list\n"
	      "      --vuln-db FILE   vulnerability database (`jcstar db`)\n"
	      "      --device-ports LIST  ports to probe on inputs.device\n"
	      "                       (default: the common IoT ports)\n"
	      "      --lockout-test N send N wrong logins to one service of\n"
	      "                       the device (brute-force protection)\n"
	      "      --vuln-max-age DAYS  older database: said in the report (7)\n"
	      "  -q, --quiet          no progress\n"
	      "  -h, --help           this help\n"
	      "\n"
	      "Exit status: 0 assessed (nothing at --fail-on / --fail-on-verdict),\n"
	      "1 gate failed, 2 usage error, 4 the assessment could not run\n"
	      "(bad product.yaml: the message names file:line:column and field).\n",
	      f);
}

int tool_assess(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"html", required_argument, NULL, 1},
		{"no-html", no_argument, NULL, 2},
		{"json", required_argument, NULL, 3},
		{"baseline", required_argument, NULL, 4},
		{"fail-on", required_argument, NULL, 5},
		{"fail-on-verdict", no_argument, NULL, 6},
		{"keep", required_argument, NULL, 7},
		{"show-secrets", no_argument, NULL, 8},
		{"data", required_argument, NULL, 9},
		{"passwords", required_argument, NULL, 10},
		{"vuln-db", required_argument, NULL, 11},
		{"vuln-max-age", required_argument, NULL, 12},
		{"device-ports", required_argument, NULL, 13},
		{"lockout-test", required_argument, NULL, 14},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct jcs_assess_opts o;
	struct tool_progress prog;
	struct jcs_result *r;
	struct tool_fail_on fail_on = {0};
	const char *json = NULL;
	const char *html = "jcstar-report.html";
	struct tool_out out = {"text", NULL, 0};
	int c, fail_verdict = 0, ret = 0;
	char err[1024] = "";
	jcs_rc rc;

	jcs_assess_opts_default(&o);
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:o:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 1: html = optarg; break;
		case 2: html = NULL; break;
		case 3: json = optarg; break;
		case 4: o.baseline = optarg; break;
		case 5:
			if (tool_fail_on_parse("assess", optarg, &fail_on))
				return 2;
			break;
		case 6: fail_verdict = 1; break;
		case 7: o.scan.keep_dir = optarg; break;
		case 8: o.scan.show_secrets = 1; break;
		case 9: o.scan.data_dir = optarg; break;
		case 10: o.scan.password_list = optarg; break;
		case 11: o.scan.vuln_db = optarg; break;
		case 13: o.probe.ports = optarg; break;
		case 14:
			o.probe.lockout_test = tool_parse_count_opt(
				"assess", "lockout-test", optarg, "logins");
			if (o.probe.lockout_test <= 0)
				return 2;
			break;
		case 12:
			o.scan.vuln_max_age_days = tool_parse_count_opt(
				"assess", "vuln-max-age", optarg, "days");
			if (o.scan.vuln_max_age_days <= 0)
				return 2;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			if (tool_out_option(c, optarg, &out))
				break;
			return tool_usage_error("assess", NULL);
		}
	}
	if (tool_check_format("assess", out.format))
		return 2;
	if (optind != argc - 1)
		return tool_usage_error("assess", "need one PRODUCT.yaml");
	r = jcs_result_new("assess");
	if (!r)
		return 4;
	tool_progress_init(&prog, out.quiet);
	o.scan.unpack.progress = tool_progress_unpack;
	o.scan.unpack.progress_user = &prog;
	rc = jcs_assess(argv[optind], &o, r, err, sizeof(err));
	tool_progress_done(&prog);
	if (rc != JCS_OK) {
		tool_say_failure("assess", rc, err);
		jcs_result_free(r);
		return 4;
	}
	if (tool_write_report(r, out.format, out.path, o.scan.data_dir, "assess") ||
	    (json && tool_write_report(r, "json", json, o.scan.data_dir,
				       "assess")) ||
	    (html && tool_format_known("html") &&
	     tool_write_report(r, "html", html, o.scan.data_dir, "assess")))
		ret = 4;
	if (!ret && html && tool_format_known("html")) {
		char abs[PATH_MAX];

		fprintf(out.path || !strcmp(out.format, "text") ? stdout : stderr,
			"\nHTML report: %s\n",
			realpath(html, abs) ? abs : html);
	}
	if (!ret && (tool_fail_on_hit(&fail_on, r) ||
		     (fail_verdict &&
		      jcs_result_verdict_count(r, NULL, "fail") > 0)))
		ret = 1;
	jcs_result_free(r);
	return ret;
}

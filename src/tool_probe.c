/*
 * tool_probe.c - `jcstar probe HOST...`: the network face of a live
 * device (ports, services, cleartext logins, and the check families
 * built so far), as a terminal report or the JSON result document.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

static const char usage[] =
	"Usage: jcstar probe HOST... [options]\n"
	"\n"
	"Check a live device on the network the way a JC-STAR tester would:\n"
	"TCP port discovery, service identification (telnet, FTP, SSH, HTTP,\n"
	"RTSP, MQTT, TLS) and the probe checks. Only the hosts given are\n"
	"contacted. Probe only devices you own or are allowed to test.\n"
	"\n"
	"Options:\n"
	"      --ports LIST     TCP ports, e.g. 22,80,8000-8100 (default: the\n"
	"                       ports IoT devices commonly expose,\n"
	"                       DATA/probe/ports.tsv)\n"
	"      --all-ports      TCP ports 1-65535\n"
	"      --udp-ports LIST UDP services asked: 1900 (SSDP), 5353 (mDNS),\n"
	"                       161 (SNMP), 69 (TFTP), 5683 (CoAP), or none\n"
	"                       (default: all five)\n"
	"      --concurrency N  connections in flight (default 256)\n"
	"      --rate N         new connections per second (default: no limit)\n"
	"      --timeout MS     per network operation (default 1000)\n"
	"      --max-time S     stop after S seconds in all (default 600);\n"
	"                       what was left is listed as not tested\n"
	"      --discovery-only find and identify services, run no check\n"
	"      --max-attempts N logins tried per service (default 10)\n"
	"      --delay MS       pause between login attempts (default 0)\n"
	"      --lockout-test N send N wrong logins to test brute-force\n"
	"                       protection (default: off)\n"
	"      --login-url URL  HTTP form login, with --user-field F and\n"
	"                       --pass-field F\n"
	"      --passwords FILE default/weak password list to try\n"
	"                       (default: DATA/passwords/iot-default.txt)\n"
	"  -f, --format FMT     text (default), json, sarif, html, checklist,\n"
	"                       checklist-csv, threat-model\n"
	"  -o, --output FILE    write the report to FILE instead of stdout\n"
	"      --fail-on SEV    exit 1 if a finding is at least SEV severe\n"
	"                       (critical, high, medium, low, info)\n"
	"      --show-secrets   do not mask found passwords\n"
	"      --i-own-this     allow ranges (IPv4 CIDR, up to a /16) and more\n"
	"                       than 4 hosts\n"
	"      --data DIR       rule table and lists (default: built in)\n"
	"  -q, --quiet          no progress line (drawn only on a terminal)\n"
	"  -h, --help           this help\n"
	"\n"
	"Exit status: 0 probed (and nothing at --fail-on), 1 findings at or\n"
	"above --fail-on, 2 usage error or a target out of scope, 4 the probe\n"
	"could not run.\n";

/* A number in [LO, HI] from OPTARG, or -1 after saying what is wrong. */
static long number(const char *opt, const char *arg, long lo, long hi)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (!*arg || *end || v < lo || v > hi) {
		fprintf(stderr, "jcstar probe: --%s wants a number from %ld "
				"to %ld\n", opt, lo, hi);
		return -1;
	}
	return v;
}

int tool_probe(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"ports", required_argument, NULL, 1},
		{"all-ports", no_argument, NULL, 2},
		{"concurrency", required_argument, NULL, 3},
		{"rate", required_argument, NULL, 4},
		{"timeout", required_argument, NULL, 5},
		{"max-attempts", required_argument, NULL, 6},
		{"delay", required_argument, NULL, 7},
		{"lockout-test", required_argument, NULL, 8},
		{"login-url", required_argument, NULL, 9},
		{"user-field", required_argument, NULL, 10},
		{"pass-field", required_argument, NULL, 11},
		{"passwords", required_argument, NULL, 12},
		{"fail-on", required_argument, NULL, 13},
		{"show-secrets", no_argument, NULL, 14},
		{"i-own-this", no_argument, NULL, 15},
		{"data", required_argument, NULL, 16},
		{"max-time", required_argument, NULL, 17},
		{"discovery-only", no_argument, NULL, 18},
		{"udp-ports", required_argument, NULL, 19},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct jcs_probe_opts o;
	struct jcs_result *r;
	struct tool_fail_on fail_on = {0};
	struct tool_out out = {"text", NULL, 0};
	int c;
	long v = 0;
	struct tool_progress prog;
	char err[512];
	jcs_rc rc;

	jcs_probe_opts_default(&o);
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:o:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(usage, stdout);
			return 0;
		case 1:
			o.ports = optarg;
			break;
		case 2:
			o.all_ports = 1;
			break;
		case 3:
			if ((v = number("concurrency", optarg, 1, 16384)) < 0)
				return 2;
			o.concurrency = (unsigned)v;
			break;
		case 4:
			if ((v = number("rate", optarg, 1, 1000000)) < 0)
				return 2;
			o.rate = (unsigned)v;
			break;
		case 5:
			if ((v = number("timeout", optarg, 1, 600000)) < 0)
				return 2;
			o.timeout_ms = (int)v;
			break;
		case 6:
			if ((v = number("max-attempts", optarg, 1, 100000)) < 0)
				return 2;
			o.max_attempts = (unsigned)v;
			break;
		case 7:
			if ((v = number("delay", optarg, 0, 600000)) < 0)
				return 2;
			o.delay_ms = (unsigned)v;
			break;
		case 8:
			if ((v = number("lockout-test", optarg, 1, 10000)) < 0)
				return 2;
			o.lockout_test = (int)v;
			break;
		case 9:
			o.login_url = optarg;
			break;
		case 10:
			o.user_field = optarg;
			break;
		case 11:
			o.pass_field = optarg;
			break;
		case 12:
			o.password_list = optarg;
			break;
		case 13:
			if (tool_fail_on_parse("probe", optarg, &fail_on))
				return 2;
			break;
		case 14:
			o.show_secrets = 1;
			break;
		case 15:
			o.own_this = 1;
			break;
		case 16:
			o.data_dir = optarg;
			break;
		case 17:
			if ((v = number("max-time", optarg, 1, 86400)) < 0)
				return 2;
			o.max_time_s = (unsigned)v;
			break;
		case 18:
			o.discovery_only = 1;
			break;
		case 19:
			o.udp_ports = optarg;
			break;
		default:
			if (tool_out_option(c, optarg, &out))
				break;
			return tool_usage_error("probe", NULL);
		}
	}
	if (tool_check_format("probe", out.format))
		return 2;
	if (o.ports && o.all_ports) {
		fprintf(stderr, "jcstar probe: --ports or --all-ports, not "
				"both\n");
		return 2;
	}
	if (o.login_url && (!o.user_field || !o.pass_field)) {
		fprintf(stderr, "jcstar probe: --login-url needs --user-field "
				"and --pass-field\n");
		return 2;
	}
	if (optind >= argc)
		return tool_usage_error("probe", "need a HOST");
	o.hosts = (const char *const *)&argv[optind];
	o.nhosts = (size_t)(argc - optind);
	r = jcs_result_new("probe");
	if (!r)
		return 4;
	tool_progress_init(&prog, out.quiet);
	o.progress = tool_progress_probe;
	o.progress_user = &prog;
	rc = jcs_probe(&o, r, err, sizeof(err));
	tool_progress_done(&prog);
	if (rc != JCS_OK) {
		tool_say_failure("probe", rc, err);
		jcs_result_free(r);
		return rc == JCS_E_ARG ? 2 : 4;
	}
	return tool_finish(r, out.format, out.path, o.data_dir, "probe", &fail_on);
}

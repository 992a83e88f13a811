/*
 * tool_cli.c - what the subcommands share between the command line and
 * the library: checking option values with the one message each, running
 * a scan with the progress line, and writing the result with the exit
 * status the --fail-on gate asks for. One place, so `jcstar scan` and
 * `jcstar probe` cannot drift apart in what they accept or say.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tool.h"

int tool_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	if (fmt) {
		fprintf(stderr, "jcstar %s: ", cmd);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	fprintf(stderr, "Try 'jcstar %s --help'.\n", cmd);
	return 2;
}

int tool_check_format(const char *cmd, const char *format)
{
	if (tool_format_known(format))
		return 0;
	fprintf(stderr, "jcstar %s: unknown format '%s' (", cmd, format);
	tool_print_formats(stderr);
	fputs(")\n", stderr);
	return -1;
}

int tool_parse_count_opt(const char *cmd, const char *opt, const char *arg,
			 const char *unit)
{
	int n = tool_parse_count(arg);

	if (n <= 0)
		fprintf(stderr, "jcstar %s: --%s wants a number of %s\n", cmd,
			opt, unit);
	return n;
}

int tool_fail_on_parse(const char *cmd, const char *arg,
		       struct tool_fail_on *g)
{
	if (jcs_severity_parse(arg, &g->sev) < 0) {
		fprintf(stderr, "jcstar %s: --fail-on wants critical, high, "
				"medium, low or info\n", cmd);
		return -1;
	}
	g->set = 1;
	return 0;
}

int tool_fail_on_hit(const struct tool_fail_on *g, const struct jcs_result *r)
{
	return g && g->set && jcs_result_count(r, g->sev) > 0;
}

void tool_say_failure(const char *cmd, jcs_rc rc, const char *err)
{
	fprintf(stderr, "jcstar %s: %s\n", cmd,
		err && err[0] ? err : jcs_strerror(rc));
}

struct jcs_result *tool_run_scan(const char *cmd, const char *target,
				 struct jcs_scan_opts *o, int quiet)
{
	struct tool_progress prog;
	struct jcs_result *r;
	char err[512] = "";
	jcs_rc rc;

	r = jcs_result_new(cmd);
	if (!r)
		return NULL;
	tool_progress_init(&prog, quiet);
	o->unpack.progress = tool_progress_unpack;
	o->unpack.progress_user = &prog;
	rc = jcs_scan(target, o, r, err, sizeof(err));
	tool_progress_done(&prog);
	/* the progress state dies here: no callback may point at it */
	o->unpack.progress = NULL;
	o->unpack.progress_user = NULL;
	if (rc != JCS_OK) {
		tool_say_failure(cmd, rc, err);
		jcs_result_free(r);
		return NULL;
	}
	return r;
}

int tool_finish(struct jcs_result *r, const char *format, const char *path,
		const char *data_dir, const char *cmd,
		const struct tool_fail_on *fail_on)
{
	int ret;

	ret = tool_write_report(r, format, path, data_dir, cmd) ? 4
	      : tool_fail_on_hit(fail_on, r)			 ? 1
								 : 0;
	jcs_result_free(r);
	return ret;
}

int tool_format_known(const char *format)
{
	for (const char *const *f = jcs_report_formats(); *f; f++)
		if (!strcmp(*f, format))
			return 1;
	return 0;
}

void tool_print_formats(FILE *f)
{
	for (const char *const *n = jcs_report_formats(); *n; n++)
		fprintf(f, "%s%s", n == jcs_report_formats() ? "" : ", ", *n);
}

int tool_write_report(const struct jcs_result *r, const char *format,
		      const char *path, const char *data_dir,
		      const char *cmd)
{
	FILE *out = stdout;
	jcs_rc rc;

	if (path && !(out = fopen(path, "w"))) {
		fprintf(stderr, "jcstar %s: cannot write %s: %s\n", cmd, path,
			strerror(errno));
		return -1;
	}
	rc = jcs_result_write(r, format, out,
			      !path && !strcmp(format, "text") &&
			      isatty(STDOUT_FILENO), data_dir);
	if (out != stdout && fclose(out) != 0 && rc == JCS_OK)
		rc = JCS_E_IO;
	if (rc != JCS_OK) {
		fprintf(stderr, "jcstar %s: writing the %s report: %s\n", cmd,
			format, jcs_strerror(rc));
		return -1;
	}
	return 0;
}

int tool_parse_count(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v <= 0 || v > 36500)
		return -1;
	return (int)v;
}

int tool_out_option(int c, const char *arg, struct tool_out *o)
{
	switch (c) {
	case 'f':
		o->format = arg;
		return 1;
	case 'o':
		o->path = arg;
		return 1;
	case 'q':
		o->quiet = 1;
		return 1;
	default:
		return 0;
	}
}

/*
 * tool.h - the jcstar command: subcommand entry points and shared helpers
 * of the front end. Uses only the public libjcstar API.
 */
#ifndef JCSTAR_TOOL_H
#define JCSTAR_TOOL_H

#include <stdint.h>
#include <stdio.h>

#include "jcstar/jcstar.h"

int tool_unpack(int argc, char **argv);
int tool_scan(int argc, char **argv);
int tool_sbom(int argc, char **argv);
int tool_init(int argc, char **argv);
int tool_assess(int argc, char **argv);
int tool_report(int argc, char **argv);
int tool_db(int argc, char **argv);
int tool_probe(int argc, char **argv);

/* What the subcommands share on the command line (tool_cli.c). */

/* A positive count (days, logins: "30"), or -1. */
int tool_parse_count(const char *s);

/* Nonzero if FORMAT is a report format of jcs_result_write(). */
int tool_format_known(const char *format);
/* "text, json, sarif, ..." */
void tool_print_formats(FILE *f);
/* Render R as FORMAT to PATH (NULL: stdout, colours on a terminal);
   0, or -1 after saying why on stderr. CMD names the command. */
int tool_write_report(const struct jcs_result *r, const char *format,
		      const char *path, const char *data_dir,
		      const char *cmd);

/* "jcstar CMD: <printf FMT>" (FMT NULL: nothing) and the --help hint on
   stderr; returns 2, the usage error exit status. */
int tool_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* 0 if FORMAT is known, else -1 after naming the known ones on stderr. */
int tool_check_format(const char *cmd, const char *format);
/* tool_parse_count() of ARG for --OPT; -1 after "wants a number of UNIT". */
int tool_parse_count_opt(const char *cmd, const char *opt, const char *arg,
			 const char *unit);

/* --fail-on SEV: exit 1 when an unsuppressed finding is at least SEV. */
struct tool_fail_on {
	int set;
	enum jcs_severity sev;
};
/* 0, or -1 after saying which severities exist. */
int tool_fail_on_parse(const char *cmd, const char *arg,
		       struct tool_fail_on *g);
/* Nonzero if the gate G (NULL: none) is set and R has a finding at or
   above it. */
int tool_fail_on_hit(const struct tool_fail_on *g, const struct jcs_result *r);

/* "jcstar CMD: ERR" (ERR empty or NULL: the text of RC) on stderr. */
void tool_say_failure(const char *cmd, jcs_rc rc, const char *err);
/* jcs_scan() of TARGET into a new result named CMD, with the progress
   line unless QUIET; NULL after saying why (exit status 4). */
struct jcs_result *tool_run_scan(const char *cmd, const char *target,
				 struct jcs_scan_opts *o, int quiet);
/* Writes R (see tool_write_report), frees it and gives the exit status:
   4 not written, 1 FAIL_ON hit, else 0. */
int tool_finish(struct jcs_result *r, const char *format, const char *path,
		const char *data_dir, const char *cmd,
		const struct tool_fail_on *fail_on);

/* "12.3 MiB" */
const char *tool_human_size(uint64_t n, char *buf, size_t len);
/* Parses "16M", "2G", "4096"; 0 on success. */
int tool_parse_size(const char *s, uint64_t *out);

/* The output options of every command that writes a report: -f FORMAT,
   -o FILE, -q. */
struct tool_out {
	const char *format;   /* the command's default until -f */
	const char *path;     /* NULL: stdout */
	int quiet;
};
/* Takes getopt's C (with ARG) into O when it is one of those: 1, else 0
   (the caller's usage error). */
int tool_out_option(int c, const char *arg, struct tool_out *o);

/* Progress line on stderr, only when stderr is a terminal. */
struct tool_progress {
	int enabled;
	int drawn;
	uint64_t last_ms;
};
void tool_progress_init(struct tool_progress *p, int quiet);
void tool_progress_unpack(const struct jcs_unpack_progress *pr, void *user);
void tool_progress_done(struct tool_progress *p);
/* The probe's steps on the same line. */
void tool_progress_probe(const struct jcs_probe_progress *pr, void *user);

#endif

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

/* "12.3 MiB" */
const char *tool_human_size(uint64_t n, char *buf, size_t len);
/* Parses "16M", "2G", "4096"; 0 on success. */
int tool_parse_size(const char *s, uint64_t *out);

/* Progress line on stderr, only when stderr is a terminal. */
struct tool_progress {
	int enabled;
	int drawn;
	uint64_t last_ms;
};
void tool_progress_init(struct tool_progress *p, int quiet);
void tool_progress_unpack(const struct jcs_unpack_progress *pr, void *user);
void tool_progress_done(struct tool_progress *p);

#endif

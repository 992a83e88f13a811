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

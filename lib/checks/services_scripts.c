/*
 * services_scripts.c - daemons started by lines of shell: inittab
 * processes, boot scripts (only init.d scripts that run at boot, see
 * jcsi_init_script_runs()) and crontabs (a cron line that starts a
 * daemon starts it on every device, a @reboot line at every boot).
 *
 * Lines continued with '\' are read as one (reported at their first
 * line). Code that never runs is skipped: comments, and the body of
 * "if false" / "if /bin/false" up to its else/elif/fi.
 */
#include <stdio.h>
#include <string.h>

#include "../core/mem.h"
#include "services_int.h"
#include "textlines.h"

#define MAX_SCRIPT (1u << 20)

struct reader {
	const char *buf;
	size_t len, pos;
	uint64_t no;
};

/* The next line that is neither blank nor a comment, with its '\'
   continuations joined; *FIRST is its first line's number. */
static int next_logical(struct reader *rd, char *out, size_t cap,
			uint64_t *first)
{
	char line[2048];
	size_t o = 0;
	int cont = 0;

	out[0] = '\0';
	while (jcsi_next_line(rd->buf, rd->len, &rd->pos, line, sizeof(line),
			      &rd->no)) {
		size_t l = strlen(line);

		if (!cont) {
			if (!l || line[0] == '#')
				continue;
			*first = rd->no;
		}
		cont = l && line[l - 1] == '\\';
		if (cont)
			line[--l] = '\0';
		if (o + l + 2 < cap) {
			memcpy(out + o, line, l);
			o += l;
			out[o++] = ' ';
			out[o] = '\0';
		}
		if (!cont)
			break;
	}
	while (o && out[o - 1] == ' ')
		out[--o] = '\0';
	return o > 0;
}

static int starts_word(const char *p, const char *w)
{
	size_t l = strlen(w);

	return !strncmp(p, w, l) &&
	       (!p[l] || p[l] == ' ' || p[l] == '\t' || p[l] == ';');
}

/* "...; fi" at the end: an if that closes on its own line */
static int ends_with_fi(const char *p)
{
	size_t l = strlen(p);

	while (l && (p[l - 1] == ' ' || p[l - 1] == '\t'))
		l--;
	return l >= 3 && !strncmp(p + l - 2, "fi", 2) &&
	       (p[l - 3] == ' ' || p[l - 3] == ';' || p[l - 3] == '\t');
}

static int false_condition(const char *p)
{
	p += strspn(p, " \t");
	return starts_word(p, "false") || starts_word(p, "/bin/false");
}

/* Nonzero if LINE is dead code; *DEPTH counts the ifs inside an
   "if false" being skipped (0: not skipping). */
static int dead_code(int *depth, const char *line)
{
	if (*depth) {
		if (starts_word(line, "if") && !ends_with_fi(line))
			(*depth)++;
		else if (starts_word(line, "fi"))
			(*depth)--;
		else if (*depth == 1 && (starts_word(line, "else") ||
					 starts_word(line, "elif")))
			*depth = 0; /* that branch may run; its fi is harmless */
		return 1;
	}
	if (starts_word(line, "if") && false_condition(line + 2)) {
		if (!ends_with_fi(line))
			*depth = 1;
		return 1;
	}
	return 0;
}

/* The process of an inittab line, or NULL for entries that start
   nothing at boot (shutdown, ctrlaltdel, restart, off, runlevels 0/6). */
static const char *inittab_process(char *line)
{
	char *f[4], *p = line;
	int n = 0;

	f[n++] = p;
	while (n < 4 && (p = strchr(p, ':'))) {
		*p++ = '\0';
		f[n++] = p;
	}
	if (n < 4 || !strcmp(f[2], "shutdown") ||
	    !strcmp(f[2], "ctrlaltdel") || !strcmp(f[2], "restart") ||
	    !strcmp(f[2], "off") ||
	    (f[1][0] && strspn(f[1], "06") == strlen(f[1])))
		return NULL;
	p = f[3];
	while (*p == '-' || *p == ' ' || *p == '\t')
		p++; /* "-/bin/sh": a login shell */
	return p;
}

struct at_line {
	struct svc_run *r;
	const struct jcsi_ev *e;
	uint64_t no;
	const char *line;
};

static void on_command(const struct jcsi_cmd *c, void *user)
{
	const struct at_line *x = user;
	struct svc_where w = {x->e, x->no, NULL, NULL, x->line};

	jcsi_svc_command(x->r, c, &w);
}

void jcsi_svc_script(struct svc_run *r, const struct jcsi_ev *e, int inittab)
{
	struct jcsi_shvars vars;
	struct reader rd = {NULL, 0, 0, 0};
	char *buf = NULL, line[4096], copy[4096];
	size_t len = 0;
	int depth = 0;
	uint64_t no = 0;

	if (jcsi_scan_read(r->s, e, MAX_SCRIPT, &buf, &len) != JCS_OK)
		return;
	if (!inittab && !jcsi_init_script_runs(r->links, e, buf)) {
		jcsi_free(buf);
		return;
	}
	memset(&vars, 0, sizeof(vars));
	rd.buf = buf;
	rd.len = len;
	while (next_logical(&rd, line, sizeof(line), &no)) {
		struct at_line x = {r, e, no, line};
		const char *cmd = line;

		if (inittab) {
			snprintf(copy, sizeof(copy), "%s", line);
			cmd = inittab_process(copy);
			if (!cmd)
				continue;
		} else if (dead_code(&depth, line)) {
			continue;
		}
		jcsi_shell_commands(cmd, inittab ? NULL : &vars, on_command,
				    &x);
	}
	jcsi_free(buf);
}

/* Past N blank-separated fields of P. */
static const char *skip_fields(const char *p, int n)
{
	while (n-- > 0 && *p) {
		p += strcspn(p, " \t");
		p += strspn(p, " \t");
	}
	return p;
}

void jcsi_svc_crontab(struct svc_run *r, const struct jcsi_ev *e,
		      int has_user)
{
	struct reader rd = {NULL, 0, 0, 0};
	char *buf = NULL, line[4096], cmd[4096];
	size_t len = 0;
	uint64_t no = 0;

	if (jcsi_scan_read(r->s, e, MAX_SCRIPT, &buf, &len) != JCS_OK)
		return;
	rd.buf = buf;
	rd.len = len;
	while (next_logical(&rd, line, sizeof(line), &no)) {
		struct at_line x = {r, e, no, line};
		size_t eq = strcspn(line, "= \t"), n = 0;
		const char *p;

		if (line[eq] == '=')
			continue; /* SHELL=/bin/sh, MAILTO=... */
		/* @reboot or five time fields, then the user (system
		   crontabs), then the command; '%' starts its stdin */
		p = skip_fields(line, (line[0] == '@' ? 1 : 5) + has_user);
		for (const char *q = p; *q && n + 1 < sizeof(cmd); q++) {
			if (*q == '%' && (q == p || q[-1] != '\\'))
				break;
			cmd[n++] = *q;
		}
		cmd[n] = '\0';
		jcsi_shell_commands(cmd, NULL, on_command, &x);
	}
	jcsi_free(buf);
}

/*
 * check_console.c - serial consoles that give a shell without a login:
 * inittab entries that run a shell (BusyBox "ttyS0::askfirst:-/bin/sh",
 * sysvinit "T0:23:respawn:/bin/sh"), gettys with autologin (inittab and
 * systemd units), OpenWrt's ttylogin '0', and init=/bin/sh on a kernel
 * command line kept in the image.
 */
#include <stdio.h>
#include <string.h>

#include "check_int.h"

static const char *base(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

/* The program of PROCESS ("-/bin/sh -l" -> "sh"). */
static void program(const char *process, char *out, size_t cap)
{
	size_t n = 0;

	while (*process == '-' || *process == ' ' || *process == '\t')
		process++;
	if (!strncmp(process, "exec ", 5))
		process += 5;
	while (process[n] && process[n] != ' ' && process[n] != '\t')
		n++;
	snprintf(out, cap, "%.*s", (int)n, process);
	snprintf(out, cap, "%s", base(out));
}

static int is_shell(const char *prog)
{
	static const char *const shells[] = {"sh", "ash", "bash", "dash",
					     "hush", "msh", "ksh", "zsh",
					     NULL};

	for (size_t i = 0; shells[i]; i++)
		if (!strcmp(prog, shells[i]))
			return 1;
	return 0;
}

static int autologin(const char *process)
{
	return strstr(process, "--autologin") || strstr(process, " -a ") ||
	       (strstr(process, "getty") && strstr(process, " -n ") &&
		strstr(process, " -l /bin/sh"));
}

static int inittab_line(struct jcsi_scan *s, const struct jcsi_ev *e,
			uint64_t no, char *line, void *user)
{
	char *f[4], *p = line, prog[128];
	int n = 0;

	(void)user;
	/* id:runlevels:action:process (the process may hold ':') */
	f[n++] = p;
	while (n < 4 && (p = strchr(p, ':'))) {
		*p++ = '\0';
		f[n++] = p;
	}
	if (n < 4 || !strcmp(f[2], "sysinit") || !strcmp(f[2], "shutdown") ||
	    !strcmp(f[2], "ctrlaltdel") || !strcmp(f[2], "restart"))
		return 0;
	program(f[3], prog, sizeof(prog));
	if (is_shell(prog) || autologin(f[3])) {
		char subj[600], ev[1100];

		snprintf(subj, sizeof(subj), "%.64s: %.32s runs %.400s",
			 f[0][0] ? f[0] : "console", f[2], f[3]);
		snprintf(ev, sizeof(ev), "%.64s:%.32s:%.32s:%.900s", f[0], f[1],
			 f[2], f[3]);
		jcsi_emit(s, "console.shell-no-login", e, no, subj, NULL, ev);
	}
	return 0;
}

/* systemd getty units or drop-ins that log in automatically */
static int unit_line(struct jcsi_scan *s, const struct jcsi_ev *e,
		     uint64_t no, char *line, void *user)
{
	char subj[700];

	(void)user;
	if (strncmp(line, "ExecStart=", 10) || !strstr(line, "getty") ||
	    !(strstr(line, "--autologin") || strstr(line, " -a ")))
		return 0;
	snprintf(subj, sizeof(subj), "systemd unit %.600s, %s", e->dev,
		 "getty with autologin");
	jcsi_emit(s, "console.shell-no-login", e, no, subj, NULL, line);
	return 0;
}

/* OpenWrt: /usr/libexec/login.sh gives a shell when ttylogin is '0' */
static int openwrt_line(struct jcsi_scan *s, const struct jcsi_ev *e,
			uint64_t no, char *line, void *user)
{
	(void)user;
	if (!strncmp(line, "option", 6) && strstr(line, "ttylogin") &&
	    (strstr(line, "'0'") || strstr(line, "\"0\"") ||
	     strstr(line, " 0")))
		jcsi_emit(s, "console.shell-no-login", e, no,
			  "OpenWrt ttylogin '0'", NULL, line);
	return 0;
}

static int cmdline_line(struct jcsi_scan *s, const struct jcsi_ev *e,
			uint64_t no, char *line, void *user)
{
	const char *p = strstr(line, "init=");
	char prog[128];

	(void)user;
	if (!p || (p > line && p[-1] != ' ' && p[-1] != '"' && p[-1] != '='))
		return 0;
	program(p + 5, prog, sizeof(prog));
	if (is_shell(prog))
		jcsi_emit(s, "console.init-shell", e, no, p, NULL, line);
	return 0;
}

static jcs_rc run(struct jcsi_scan *s)
{
	for (size_t i = 0; i < jcsi_scan_count(s); i++) {
		const struct jcsi_ev *e = jcsi_scan_entry(s, i);
		const char *b = base(e->dev);

		if (e->kind != JCSI_EV_FILE)
			continue;
		if (!strcmp(e->dev, "/etc/inittab"))
			jcsi_scan_lines(s, e, inittab_line, NULL);
		else if (strstr(e->dev, "getty") && strstr(e->dev, "systemd") &&
			 (strstr(b, ".service") || strstr(b, ".conf")))
			jcsi_scan_lines(s, e, unit_line, NULL);
		else if (!strcmp(e->dev, "/etc/config/system") &&
			 jcsi_scan_find(s, e->container,
					"/usr/libexec/login.sh"))
			jcsi_scan_lines(s, e, openwrt_line, NULL);
		else if (!strcmp(b, "cmdline.txt") || !strcmp(b, "bootargs") ||
			 !strcmp(b, "cmdline"))
			jcsi_scan_lines(s, e, cmdline_line, NULL);
	}
	return JCS_OK;
}

const struct jcsi_check jcsi_check_console = {
	"console", "serial consoles and kernel command lines", run};

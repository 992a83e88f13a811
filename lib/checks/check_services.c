/*
 * check_services.c - telnet servers started at boot: from inittab,
 * boot scripts (rcS, rc.local, init.d, rc?.d, OpenWrt rc.d) and
 * inetd.conf. A telnetd whose login program is a shell ("-l /bin/sh")
 * needs no password at all. The port is reported when the line says it.
 */
#include <stdio.h>
#include <string.h>

#include "check_int.h"
#include "init_sources.h"

static const char *const telnetds[] = {"telnetd", "utelnetd", "in.telnetd",
				      NULL};

static void report(struct jcsi_scan *s, const struct jcsi_ev *e, uint64_t no,
		   const char *at, const char *line)
{
	char subj[600], prog[128] = "", port[8] = "";
	const char *l = strstr(at, " -l ");
	const char *p = strstr(at, " -p ");
	int shell = 0;

	if (l && sscanf(l + 4, "%127s", prog) == 1) {
		const char *b = strrchr(prog, '/');

		b = b ? b + 1 : prog;
		shell = !strcmp(b, "sh") || !strcmp(b, "ash") ||
			!strcmp(b, "bash");
	}
	if (p)
		sscanf(p + 4, "%7[0-9]", port);
	snprintf(subj, sizeof(subj), "%s line %llu%s%s", e->dev,
		 (unsigned long long)no, port[0] ? ", port " : "", port);
	jcsi_emit(s, shell ? "services.telnetd-no-login" : "services.telnetd",
		  e, no, subj, NULL, line);
}

/* USER: nonzero for inittab lines (only the process field counts) */
static int script_line(struct jcsi_scan *s, const struct jcsi_ev *e,
		       uint64_t no, char *line, void *user)
{
	const char *cmd = user ? jcsi_inittab_process(line) : line;
	const char *at = cmd ? jcsi_find_command(cmd, telnetds) : NULL;

	if (at)
		report(s, e, no, at, line);
	return 0;
}

static int inetd_line(struct jcsi_scan *s, const struct jcsi_ev *e,
		      uint64_t no, char *line, void *user)
{
	char svc[64], prog[256];

	(void)user;
	/* service socket proto wait user server args */
	if (sscanf(line, "%63s %*s %*s %*s %*s %255s", svc, prog) == 2 &&
	    (!strcmp(svc, "telnet") || jcsi_find_command(prog, telnetds)))
		report(s, e, no, strstr(line, prog) ? strstr(line, prog) : line,
		       line);
	return 0;
}

static jcs_rc run(struct jcsi_scan *s)
{
	for (size_t i = 0; i < jcsi_scan_count(s); i++) {
		const struct jcsi_ev *e = jcsi_scan_entry(s, i);

		if (e->kind != JCSI_EV_FILE)
			continue;
		if (!strcmp(e->dev, "/etc/inittab"))
			jcsi_scan_lines(s, e, script_line, (void *)1);
		else if (!strcmp(e->dev, "/etc/inetd.conf"))
			jcsi_scan_lines(s, e, inetd_line, NULL);
		else if (jcsi_is_boot_script(e))
			jcsi_scan_lines(s, e, script_line, NULL);
	}
	return JCS_OK;
}

const struct jcsi_check jcsi_check_services = {
	"services", "services started at boot (telnet)", run};

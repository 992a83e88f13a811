/*
 * check_services.c - telnet servers started at boot: from inittab,
 * boot scripts (rcS, rc.local, init.d, rc?.d, OpenWrt rc.d) and
 * inetd.conf. A telnetd whose login program is a shell ("-l /bin/sh")
 * needs no password at all. The port is reported when the line says it.
 */
#include <stdio.h>
#include <string.h>

#include "../core/mem.h"
#include "check_int.h"
#include "init_sources.h"
#include "textlines.h"

#define MAX_TEXT (1u << 20)

static int is_telnetd(const char *word)
{
	const char *b = strrchr(word, '/');

	b = b ? b + 1 : word;
	return !strcmp(b, "telnetd") || !strcmp(b, "utelnetd") ||
	       !strcmp(b, "in.telnetd");
}

/* Finds a command word that runs telnetd in LINE (a shell line). */
static const char *telnetd_in(const char *line)
{
	static char word[256];
	const char *p = line;

	while (*p) {
		size_t n = 0;

		while (*p == ' ' || *p == '\t' || *p == ';' || *p == '&' ||
		       *p == '|' || *p == '(' || *p == '`')
			p++;
		while (p[n] && !strchr(" \t;&|()`\"'", p[n]))
			n++;
		if (n && n < sizeof(word)) {
			memcpy(word, p, n);
			word[n] = '\0';
			if (is_telnetd(word))
				return p;
			/* "busybox telnetd": the next word decides */
		}
		if (!n)
			p++;
		p += n;
	}
	return NULL;
}

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

static void script(struct jcsi_scan *s, const struct jcsi_ev *e, int inittab)
{
	char *buf, line[1024];
	size_t len, pos = 0;
	uint64_t no = 0;

	if (jcsi_scan_read(s, e, MAX_TEXT, &buf, &len) != JCS_OK)
		return;
	while (jcsi_next_line(buf, len, &pos, line, sizeof(line), &no)) {
		const char *at, *cmd = line;

		if (!line[0] || line[0] == '#')
			continue;
		if (inittab) {
			/* only the process field of id:runlevels:action:process */
			for (int k = 0; k < 3 && cmd; k++) {
				cmd = strchr(cmd, ':');
				if (cmd)
					cmd++;
			}
			if (!cmd)
				continue;
		}
		at = telnetd_in(cmd);
		if (at)
			report(s, e, no, at, line);
	}
	jcsi_free(buf);
}

static void inetd(struct jcsi_scan *s, const struct jcsi_ev *e)
{
	char *buf, line[1024];
	size_t len, pos = 0;
	uint64_t no = 0;

	if (jcsi_scan_read(s, e, MAX_TEXT, &buf, &len) != JCS_OK)
		return;
	while (jcsi_next_line(buf, len, &pos, line, sizeof(line), &no)) {
		char svc[64], prog[256];

		if (!line[0] || line[0] == '#')
			continue;
		/* service socket proto wait user server args */
		if (sscanf(line, "%63s %*s %*s %*s %*s %255s", svc, prog) == 2 &&
		    (!strcmp(svc, "telnet") || is_telnetd(prog)))
			report(s, e, no, strstr(line, prog) ? strstr(line, prog)
							    : line,
			       line);
	}
	jcsi_free(buf);
}

static jcs_rc run(struct jcsi_scan *s)
{
	for (size_t i = 0; i < jcsi_scan_count(s); i++) {
		const struct jcsi_ev *e = jcsi_scan_entry(s, i);

		if (e->kind != JCSI_EV_FILE)
			continue;
		if (!strcmp(e->dev, "/etc/inittab"))
			script(s, e, 1);
		else if (!strcmp(e->dev, "/etc/inetd.conf"))
			inetd(s, e);
		else if (jcsi_is_boot_script(e))
			script(s, e, 0);
	}
	return JCS_OK;
}

const struct jcsi_check jcsi_check_services = {
	"services", "services started at boot (telnet)", run};

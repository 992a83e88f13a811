/*
 * check_ssh.c - SSH servers as the image configures them.
 *
 * Dropbear takes its policy from its command line (started from inittab
 * or a boot script): -s disables password logins, -g disables them for
 * root, -w disallows root, -B allows empty passwords; OpenWrt writes the
 * same from /etc/config/dropbear. OpenSSH reads /etc/ssh/sshd_config:
 * PermitRootLogin yes, PermitEmptyPasswords yes and an explicit
 * PasswordAuthentication yes are reported (the defaults of current
 * OpenSSH are prohibit-password, no and yes; only explicit settings are
 * reported so a stock file stays quiet).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "check_int.h"
#include "init_sources.h"

static const char *const dropbears[] = {"dropbear", NULL};

/* Has the command at CMD (up to the end of its words) option OPT? Single
   letter options may be bundled ("-sg"). */
static int has_flag(const char *cmd, char opt)
{
	const char *p = cmd;

	while (*p && !strchr(";&|", *p)) {
		if ((p == cmd || p[-1] == ' ' || p[-1] == '\t') && p[0] == '-' &&
		    p[1] != '-') {
			for (const char *q = p + 1;
			     *q && ((*q >= 'a' && *q <= 'z') ||
				    (*q >= 'A' && *q <= 'Z'));
			     q++)
				if (*q == opt)
					return 1;
		}
		p++;
	}
	return 0;
}

static void dropbear_line(struct jcsi_scan *s, const struct jcsi_ev *e,
			  uint64_t no, const char *at, const char *line)
{
	char subj[700];

	snprintf(subj, sizeof(subj), "%.600s line %llu", e->dev,
		 (unsigned long long)no);
	if (has_flag(at, 'B'))
		jcsi_emit(s, "ssh.dropbear-blank-password", e, no, subj, NULL,
			  line);
	if (has_flag(at, 's'))
		return;
	if (!has_flag(at, 'g') && !has_flag(at, 'w'))
		jcsi_emit(s, "ssh.dropbear-root-password", e, no, subj, NULL,
			  line);
	else
		jcsi_emit(s, "ssh.password-auth", e, no, subj, NULL, line);
}

/* USER: nonzero for inittab lines (only the process field counts) */
static int script_line(struct jcsi_scan *s, const struct jcsi_ev *e,
		       uint64_t no, char *line, void *user)
{
	const char *cmd = user ? jcsi_inittab_process(line) : line;
	const char *at = cmd ? jcsi_find_command(cmd, dropbears) : NULL;

	/* "dropbear" inside a test ([ -x .../dropbear ]) is not a start:
	   the started one is the last occurrence */
	while (at) {
		const char *next = jcsi_find_command(at + 8, dropbears);

		if (!next)
			break;
		at = next;
	}
	if (at && !strstr(line, "dropbearkey") &&
	    !strstr(line, "dropbearconvert"))
		dropbear_line(s, e, no, at, line);
	return 0;
}

/* "option RootPasswordAuth 'off'" -> 0, 'on' / missing -> DEF */
static int uci_bool(const char *line, int def)
{
	const char *q = strchr(line, '\'');

	if (!q)
		q = strchr(line, '"');
	if (!q)
		q = strrchr(line, ' ');
	if (!q)
		return def;
	q++;
	return !(strncmp(q, "off", 3) == 0 || strncmp(q, "0", 1) == 0 ||
		 strncmp(q, "false", 5) == 0);
}

struct uci {
	uint64_t at;
	int pw, root, sections;
};

static int openwrt_line(struct jcsi_scan *s, const struct jcsi_ev *e,
			uint64_t no, char *line, void *user)
{
	struct uci *u = user;

	(void)s;
	(void)e;
	if (!strncmp(line, "config", 6) && strstr(line, "dropbear")) {
		u->sections++;
		u->at = no;
	} else if (strstr(line, "RootPasswordAuth")) {
		u->root = uci_bool(line, 1);
	} else if (strstr(line, "PasswordAuth")) {
		u->pw = uci_bool(line, 1);
	}
	return 0;
}

static void openwrt(struct jcsi_scan *s, const struct jcsi_ev *e)
{
	struct uci u = {0, 1, 1, 0};

	if (jcsi_scan_lines(s, e, openwrt_line, &u) != JCS_OK ||
	    !u.sections || !u.pw)
		return;
	jcsi_emit(s, u.root ? "ssh.dropbear-root-password"
			    : "ssh.password-auth",
		  e, u.at, e->dev, NULL,
		  u.root ? "PasswordAuth and RootPasswordAuth on (the defaults)"
			 : "PasswordAuth on");
}

static int sshd_line(struct jcsi_scan *s, const struct jcsi_ev *e,
		     uint64_t no, char *line, void *user)
{
	char key[64], val[64];

	(void)user;
	if (sscanf(line, "%63s %63s", key, val) != 2)
		return 0;
	if (!strcasecmp(key, "Match"))
		return 1; /* conditional blocks: not the global policy */
	if (!strcasecmp(key, "PermitRootLogin") && !strcasecmp(val, "yes"))
		jcsi_emit(s, "ssh.sshd-root-password", e, no, e->dev, NULL,
			  line);
	else if (!strcasecmp(key, "PermitEmptyPasswords") &&
		 !strcasecmp(val, "yes"))
		jcsi_emit(s, "ssh.sshd-empty-password", e, no, e->dev, NULL,
			  line);
	else if (!strcasecmp(key, "PasswordAuthentication") &&
		 !strcasecmp(val, "yes"))
		jcsi_emit(s, "ssh.password-auth", e, no, e->dev, NULL, line);
	return 0;
}

static jcs_rc run(struct jcsi_scan *s)
{
	struct jcsi_rc_links *links = NULL;
	/* an init.d script that is not enabled starts no server */
	jcs_rc rc = jcsi_rc_links_new(s, &links);

	for (size_t i = 0; rc == JCS_OK && i < jcsi_scan_count(s); i++) {
		const struct jcsi_ev *e = jcsi_scan_entry(s, i);

		if (e->kind != JCSI_EV_FILE)
			continue;
		if (!strcmp(e->dev, "/etc/inittab"))
			jcsi_scan_lines(s, e, script_line, (void *)1);
		else if (!strcmp(e->dev, "/etc/config/dropbear"))
			openwrt(s, e);
		else if (!strcmp(e->dev, "/etc/ssh/sshd_config"))
			jcsi_scan_lines(s, e, sshd_line, NULL);
		else if (jcsi_is_boot_script(e) &&
			 jcsi_boot_script_runs(s, links, e))
			jcsi_scan_lines(s, e, script_line, NULL);
	}
	jcsi_rc_links_free(links);
	return rc;
}

const struct jcsi_check jcsi_check_ssh = {
	"ssh", "SSH server configuration (dropbear, OpenSSH)", run};

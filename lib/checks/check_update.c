/*
 * check_update.c - the software update path: where the image downloads
 * and installs firmware or packages, over which channel, and whether a
 * signature is checked before the image is written.
 *
 * An update flow is a shell script (a file with a shell #! line, or any
 * text file in the places update scripts live) that both downloads (wget,
 * curl, uclient-fetch, tftp...) and flashes or installs (mtd write,
 * sysupgrade, dd of=/dev/mtd*, opkg install ...), or that starts an update
 * client that does both (swupdate, the Mender daemon); the commands are
 * data/update-tools.tsv. Per flow:
 * - a download from an http://, ftp:// or tftp URL (also through a
 *   variable set in the script or a file it sources) is a cleartext
 *   channel;
 * - no signature verification in the flow is an unsigned update, and a
 *   checksum (md5sum, sha256sum) instead says "checksum only": it
 *   protects against corruption, not against an attacker;
 * - a verification (openssl -verify, usign/ucert -V, gpg, signify,
 *   minisign, apk/RAUC which always verify, swupdate -k, sysupgrade with
 *   REQUIRE_IMAGE_SIGNATURE=1, Mender with ArtifactVerifyKey) is recorded
 *   as an observation, positive evidence for the assessment.
 * Textual order is not proof of order of execution (functions are often
 * defined before they are called), so a verification anywhere in the flow
 * counts, except in a script without functions where every verification
 * comes after every flash step.
 *
 * The update clients' configuration is update_config.c. A FIT image whose
 * configurations carry a signature (the unpacker's "signed") is recorded
 * as an observation; an unsigned FIT is no finding by itself: the boot
 * loader may verify another way (a signed outer container, a vendor
 * scheme), which the image alone does not show.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../core/mem.h"
#include "update_int.h"

#define OBS "update.signature-verified"

/* What a script does, line by line. */
struct flow {
	int fetch, flash, verify, checksum, functions;
	uint64_t flash_no, last_flash_no, verify_no, last_verify_no,
		checksum_no;
	const char *flash_tool;       /* in the tool table: lives long */
	const char *verify_tool;
	int flash_unresolved;         /* the flash line has unknown $VARs */
	char flash_line[512], verify_line[512], checksum_line[512];
};

/* "name() {" or "function name": textual order says little then. */
static int defines_function(const char *l)
{
	const char *p = l;

	if (!strncmp(l, "function ", 9))
		return 1;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	       (*p >= '0' && *p <= '9') || *p == '_')
		p++;
	while (*p == ' ')
		p++;
	return p != l && p[0] == '(' && p[1] == ')';
}

static void copy_line(const struct jcsi_scan *s, char *dst, size_t cap,
		      const char *line)
{
	upd_mask_urls(s, line, dst, cap);
}

/* Classifies the commands of one (expanded) line into F. */
static void classify(const struct jcsi_scan *s, const struct upd_tools *t,
		     const struct upd_line *pl, uint64_t no, const char *line,
		     int unresolved, struct flow *f)
{
	for (size_t c = 0; c < pl->ncmd; c++) {
		for (size_t k = 0; k < t->n; k++) {
			const struct upd_tool *r = &t->v[k];

			if (!upd_match(&pl->cmd[c], r))
				continue;
			switch (r->kind) {
			case UPD_FETCH:
			case UPD_FETCH_CLEAR:
				f->fetch = 1;
				break;
			case UPD_AGENT:
				f->fetch = 1; /* and it installs, too: */
				/* fall through */
			case UPD_FLASH:
				if (!f->flash) {
					f->flash_no = no;
					f->flash_tool = r->command;
					f->flash_unresolved = unresolved;
					copy_line(s, f->flash_line,
						  sizeof(f->flash_line), line);
				}
				f->flash = 1;
				f->last_flash_no = no;
				break;
			case UPD_VERIFY:
				if (!f->verify) {
					f->verify_no = no;
					f->verify_tool = r->command;
					copy_line(s, f->verify_line,
						  sizeof(f->verify_line), line);
				}
				f->verify = 1;
				f->last_verify_no = no;
				break;
			case UPD_CHECKSUM:
				if (!f->checksum) {
					f->checksum_no = no;
					copy_line(s, f->checksum_line,
						  sizeof(f->checksum_line),
						  line);
				}
				f->checksum = 1;
				break;
			case UPD_KINDS:
				break;
			}
		}
	}
}

/* Cleartext downloads of a flow: every fetch command (and update client
   line) whose URL, after expansion, is http/ftp/tftp; tftp and ftpget
   have no TLS whatever the arguments. */
static void downloads(struct jcsi_scan *s, const struct upd_tools *t,
		      const struct jcsi_ev *e, const struct upd_line *pl,
		      uint64_t no, const char *line)
{
	for (size_t c = 0; c < pl->ncmd; c++) {
		const struct upd_cmd *cmd = &pl->cmd[c];
		char url[512] = "", murl[512], mline[1024];
		int kind = -1;

		for (size_t k = 0; k < t->n && kind < 0; k++)
			if ((t->v[k].kind == UPD_FETCH ||
			     t->v[k].kind == UPD_FETCH_CLEAR ||
			     t->v[k].kind == UPD_AGENT) &&
			    upd_match(cmd, &t->v[k]))
				kind = (int)t->v[k].kind;
		if (kind < 0)
			continue;
		for (size_t w = 0; w < cmd->nwords && !url[0]; w++)
			if (upd_find_url(cmd->words[w], url, sizeof(url)) &&
			    !upd_url_cleartext(url))
				url[0] = '\0';
		if (!url[0] && kind == UPD_FETCH_CLEAR)
			snprintf(url, sizeof(url), "%s", cmd->name);
		if (!url[0])
			continue;
		upd_mask_urls(s, url, murl, sizeof(murl));
		upd_mask_urls(s, line, mline, sizeof(mline));
		jcsi_emit(s, "update.cleartext-download", e, no, murl, NULL,
			  mline);
		return; /* one finding per line */
	}
}

/* Does the tool that flashes check signatures by its own configuration?
   1 verified (EV says how), 0 not, -1 its configuration reported it. */
static int delegated(const struct flow *f, const struct upd_facts *facts,
		     char *ev, size_t cap)
{
	if (!strcmp(f->flash_tool, "sysupgrade") && facts->sysupgrade_sig) {
		snprintf(ev, cap, "sysupgrade refuses unsigned images: "
			 "REQUIRE_IMAGE_SIGNATURE=1 in %.300s:%llu",
			 facts->sysupgrade_sig->dev,
			 (unsigned long long)facts->sysupgrade_line);
		return 1;
	}
	if (!strncmp(f->flash_tool, "mender", 6) && facts->mender_conf) {
		snprintf(ev, cap, "ArtifactVerifyKey in %.300s",
			 facts->mender_conf->dev);
		return facts->mender_key ? 1 : -1;
	}
	if (!strcmp(f->flash_tool, "swupdate") && facts->swupdate_key) {
		snprintf(ev, cap, "SWUpdate public key configured");
		return 1;
	}
	return 0;
}

static void judge(struct jcsi_scan *s, const struct jcsi_ev *e,
		  const struct flow *f, const struct upd_facts *facts)
{
	char subj[700], ev[1400], how[400];
	int d = delegated(f, facts, how, sizeof(how));
	int after = f->verify && !f->functions &&
		    f->verify_no > f->last_flash_no;

	snprintf(subj, sizeof(subj), "%s in %.600s", f->flash_tool, e->dev);
	if (f->verify && !after) {
		snprintf(ev, sizeof(ev), "%s", f->verify_line);
		jcsi_observe(s, OBS, e, f->verify_no,
			     "Update signature verified before installing",
			     ev);
		return;
	}
	if (d != 0) {
		if (d > 0) {
			snprintf(ev, sizeof(ev), "%s (%s)", f->flash_line,
				 how);
			jcsi_observe(s, OBS, e, f->flash_no,
				     "Update signature verified by the "
				     "installer's configuration",
				     ev);
		}
		return;
	}
	if (!strcmp(f->flash_tool, "swupdate")) {
		if (f->flash_unresolved) {
			char what[700];

			snprintf(what, sizeof(what), "swupdate in %.600s",
				 e->dev);
			jcsi_limitation(s, what, "started with arguments from "
					"variables the scan could not resolve: "
					"whether it has a public key (-k) is "
					"not known");
			return;
		}
		jcsi_emit(s, "update.swupdate-no-key", e, f->flash_no, subj,
			  NULL, f->flash_line);
		return;
	}
	if (after)
		snprintf(ev, sizeof(ev), "%s (signature checked only after "
			 "flashing, line %llu)", f->flash_line,
			 (unsigned long long)f->verify_no);
	else if (f->checksum)
		snprintf(ev, sizeof(ev), "%s (checksum only, line %llu: %s)",
			 f->flash_line, (unsigned long long)f->checksum_no,
			 f->checksum_line);
	else
		snprintf(ev, sizeof(ev), "%s", f->flash_line);
	jcsi_emit(s, f->checksum && !after ? "update.checksum-only"
					   : "update.no-signature-check",
		  e, f->flash_no, subj, NULL, ev);
}

/* Systemd units: the commands are the Exec*= values. */
static int is_unit(const char *dev)
{
	size_t n = strlen(dev);

	return n > 8 && !strcmp(dev + n - 8, ".service") &&
	       (!strncmp(dev, "/lib/systemd/", 13) ||
		!strncmp(dev, "/usr/lib/systemd/", 17) ||
		!strncmp(dev, "/etc/systemd/", 13));
}

static const char *unit_command(const char *line)
{
	const char *eq;

	if (strncmp(line, "Exec", 4) || !(eq = strchr(line, '=')))
		return NULL;
	for (eq++; *eq && strchr("-@+!:", *eq); eq++)
		;
	return eq;
}

struct run {
	struct upd_state st;
	struct upd_line *pl;
	char *exp;                     /* an expanded line */
};

#define EXP_CAP 8192

static void script(struct jcsi_scan *s, struct run *r,
		   const struct jcsi_ev *e)
{
	struct upd_script sc;
	struct upd_vars vars;
	struct flow f;
	struct upd_facts *facts;
	int unit = is_unit(e->dev), unresolved;

	if (upd_script_read(s, e, &sc) != JCS_OK)
		return;
	if (upd_vars_collect(s, e, &sc, &vars) != JCS_OK)
		goto out;
	memset(&f, 0, sizeof(f));
	for (size_t i = 0; i < sc.n; i++) {
		const char *l = unit ? unit_command(sc.text[i]) : sc.text[i];

		if (!l)
			continue;
		f.functions |= defines_function(l);
		upd_expand(&vars, l, sc.no[i], r->exp, EXP_CAP, &unresolved);
		upd_parse(r->exp, r->pl);
		classify(s, &r->st.tools, r->pl, sc.no[i], sc.text[i],
			 unresolved, &f);
	}
	facts = upd_facts_of(&r->st, e->container);
	if (!facts || !f.flash || !f.fetch)
		goto out;
	if (!strcmp(f.flash_tool, "swupdate"))
		facts->swupdate_started = 1;
	for (size_t i = 0; i < sc.n; i++) {
		const char *l = unit ? unit_command(sc.text[i]) : sc.text[i];

		if (!l)
			continue;
		upd_expand(&vars, l, sc.no[i], r->exp, EXP_CAP, &unresolved);
		upd_parse(r->exp, r->pl);
		downloads(s, &r->st.tools, e, r->pl, sc.no[i], sc.text[i]);
	}
	judge(s, e, &f, facts);
out:
	upd_vars_free(&vars);
	upd_script_free(&sc);
}

/* Where update scripts live even without a #! line. */
static int script_place(const char *dev)
{
	static const char *const dirs[] = {"/etc/init.d/", "/usr/sbin/",
					   "/sbin/", "/lib/upgrade/",
					   "/etc/rc.d/", NULL};

	for (size_t i = 0; dirs[i]; i++)
		if (!strncmp(dev, dirs[i], strlen(dirs[i])))
			return 1;
	return (!strncmp(dev, "/usr/lib/", 9) && strstr(dev, "upgrade")) ||
	       strstr(dev, "/cgi-bin/") || !strcmp(dev, "/etc/rc.local") ||
	       is_unit(dev);
}

/* A #! line naming a shell (sh, ash, bash, dash, ksh, busybox sh). */
static int shell_script(const struct jcsi_ev *e)
{
	char head[80];
	ssize_t n;
	int fd = open(e->disk, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return 0;
	n = read(fd, head, sizeof(head) - 1);
	close(fd);
	if (n < 4 || head[0] != '#' || head[1] != '!')
		return 0;
	head[n] = '\0';
	head[strcspn(head, "\r\n")] = '\0';
	return strstr(head, "sh") != NULL;
}

static int candidate(const struct jcsi_ev *e)
{
	if (e->kind != JCSI_EV_FILE || e->size < 4 || e->size > (1u << 20))
		return 0;
	/* the manifest knows ELF files; text with odd bytes may be typed
	   "data", so only ELF is ruled out here (and NULs when read) */
	if (!strncmp(e->type, "elf", 3))
		return 0;
	return script_place(e->dev) || shell_script(e);
}

static void fit_images(struct jcsi_scan *s)
{
	for (size_t i = 0; i < jcsi_scan_containers(s); i++) {
		const struct jcsi_container *c = jcsi_scan_container(s, i);
		const char *sig = jcsi_container_info(c, "signed");
		const char *algo = jcsi_container_info(c, "signature_algo");
		const char *hint = jcsi_container_info(c, "key_name_hint");
		struct jcsi_ev here;
		char ev[1024];

		if (strcmp(c->format, "fit") || !sig || strcmp(sig, "true"))
			continue;
		snprintf(ev, sizeof(ev), "FIT %.600s: signature %s, key %s",
			 c->origin, algo ? algo : "?", hint ? hint : "?");
		/* the file it is in, or else the FIT's own chain */
		memset(&here, 0, sizeof(here));
		here.container = c->id;
		jcsi_observe(s, "boot.fit-signed", c->file ? c->file : &here, 0,
			     "FIT image carries a signature (U-Boot verified "
			     "boot)",
			     ev);
	}
}

static jcs_rc run(struct jcsi_scan *s)
{
	struct run r;
	char path[4096], err[512];
	jcs_rc rc;

	memset(&r, 0, sizeof(r));
	snprintf(path, sizeof(path), "%s/update-tools.tsv",
		 jcsi_scan_data_dir(s));
	rc = upd_tools_load(path, &r.st.tools, err, sizeof(err));
	if (rc != JCS_OK) {
		jcsi_limitation(s, "software update path", err);
		return JCS_OK; /* said why, with file:line */
	}
	r.pl = jcsi_malloc(sizeof(*r.pl));
	r.exp = jcsi_malloc(EXP_CAP);
	if (!r.pl || !r.exp) {
		rc = JCS_E_NOMEM;
		goto out;
	}
	/* configuration first: a script's flow depends on it */
	for (size_t i = 0; i < jcsi_scan_count(s); i++)
		upd_config_file(s, &r.st, jcsi_scan_entry(s, i));
	for (size_t i = 0; i < jcsi_scan_count(s); i++) {
		const struct jcsi_ev *e = jcsi_scan_entry(s, i);

		if (candidate(e))
			script(s, &r, e);
	}
	upd_config_finish(s, &r.st);
	fit_images(s);
out:
	jcsi_free(r.pl);
	jcsi_free(r.exp);
	jcsi_free(r.st.facts);
	upd_tools_free(&r.st.tools);
	return rc;
}

const struct jcsi_check jcsi_check_update = {
	"update", "software update path (download channel, signature checks)",
	run};

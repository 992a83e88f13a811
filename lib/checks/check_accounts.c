/*
 * check_accounts.c - accounts of every file system in the image:
 * /etc/passwd with /etc/shadow (glibc, BusyBox and OpenWrt use the same
 * formats). Empty passwords on accounts with a login shell, passwords
 * stored with DES or MD5 crypt, and passwords found in the default/weak
 * list (data/passwords/iot-default.txt) by hashing each candidate with
 * libcrypt (libxcrypt: DES, MD5, SHA-256/512, bcrypt, yescrypt...).
 *
 * A usable password (neither empty nor locked: '*', '!', "!!", 'x'
 * without a shadow entry) shipped in an image is the same on every unit
 * built from it: EN 303 645 5.1-1's "universal default password". So:
 * - a second uid-0 account (not "root") with one is a hidden superuser
 *   (accounts.extra-uid0);
 * - a system account (uid 1-999, or 65534 nobody) with one and a login
 *   shell is a login nobody expects (accounts.service-login);
 * - any other account with a login shell and one that the list does not
 *   crack is still a built-in credential (accounts.shipped-password);
 *   when the list cracks it, accounts.password-cracked says more.
 * A hardened image locks every account (root too: '*' or '!') and lets
 * the user set passwords at first setup.
 *
 * Web-server password files (htpasswd and friends) are accounts_web.c.
 */
#include <crypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/mem.h"
#include "accounts_int.h"
#include "textlines.h"

#define MAX_ACCOUNT_FILE (4u << 20)

struct account {
	char name[64];
	char hash[256];
	char shell[128];
	long uid;
	uint64_t line;
	const struct jcsi_ev *where;
	int from_shadow;
};

const char *jcsi_weak_scheme(const char *h)
{
	size_t n = strlen(h);

	if (!strncmp(h, "$1$", 3))
		return "MD5-crypt";
	if (n == 13 && !strchr(h, '$'))
		return "DES-crypt";
	if (h[0] == '_' && n == 20)
		return "BSDi extended DES";
	return NULL;
}

static int login_shell(const char *shell)
{
	const char *b = strrchr(shell, '/');

	b = b ? b + 1 : shell;
	return shell[0] && strcmp(b, "nologin") && strcmp(b, "false") &&
	       strcmp(b, "sync") && strcmp(b, "halt") && strcmp(b, "shutdown");
}

/* Split a passwd/shadow line into up to MAX ':' fields (in place). */
static int fields(char *line, char **f, int max)
{
	int n = 0;

	f[n++] = line;
	for (char *p = line; *p && n < max; p++) {
		if (*p == ':') {
			*p = '\0';
			f[n++] = p + 1;
		}
	}
	return n;
}

static int locked(const char *h)
{
	return h[0] == '!' || h[0] == '*' || (h[0] == 'x' && !h[1]);
}

/* What a usable password shipped in the image makes of account A (see
   the top of this file); NULL when nothing more than the list says. */
static const char *built_in_rule(const struct account *a, int cracked)
{
	if (a->uid == 0 && strcmp(a->name, "root"))
		return "accounts.extra-uid0";
	if (!login_shell(a->shell))
		return NULL;
	if ((a->uid >= 1 && a->uid <= 999) || a->uid == 65534)
		return "accounts.service-login";
	return cracked ? NULL : "accounts.shipped-password";
}

static void judge(struct jcsi_scan *s, const struct account *a,
		  const struct jcsi_words *l, int have_list,
		  struct crypt_data *cd)
{
	const char *h = a->hash, *sch, *pw = NULL, *rule;
	char ev[512], masked[128], what[160], detail[160];

	if (locked(h))
		return; /* locked, or the real hash is elsewhere */
	if (!h[0]) {
		if (login_shell(a->shell)) {
			snprintf(ev, sizeof(ev), "%s:<empty>:... shell %s",
				 a->name, a->shell);
			jcsi_emit(s, "accounts.empty-password", a->where,
				  a->line, a->name, NULL, ev);
		}
		return;
	}
	sch = jcsi_weak_scheme(h);
	if (sch) {
		snprintf(ev, sizeof(ev), "%s:%.6s...", a->name, h);
		jcsi_emit(s, "accounts.weak-hash", a->where, a->line, a->name,
			  sch, ev);
	}
	snprintf(what, sizeof(what), "password of account '%s'", a->name);
	if (have_list)
		pw = jcsi_crack(s, h, a->name, l, jcsi_verify_crypt, cd, what);
	if (pw) {
		jcsi_mask(s, pw, masked, sizeof(masked));
		snprintf(ev, sizeof(ev), "%s:%s (cracked from %s)", a->name,
			 pw[0] ? masked : "<empty>",
			 sch ? sch : "its hash");
		jcsi_emit(s, pw[0] ? "accounts.password-cracked"
				   : "accounts.empty-password",
			  a->where, a->line, a->name, NULL, ev);
		if (!pw[0])
			return;
	}
	rule = built_in_rule(a, pw != NULL);
	if (!rule)
		return;
	snprintf(ev, sizeof(ev), "%s:%.6s...:uid %ld:shell %s", a->name, h,
		 a->uid, a->shell[0] ? a->shell : "(none)");
	snprintf(detail, sizeof(detail), "uid %ld, shell %.100s", a->uid,
		 a->shell[0] ? a->shell : "(none)");
	jcsi_emit(s, rule, a->where, a->line, a->name, detail, ev);
}

static jcs_rc scan_container(struct jcsi_scan *s, uint32_t c,
			     const struct jcsi_words *l, int have_list,
			     struct crypt_data *cd)
{
	const struct jcsi_ev *pe = jcsi_scan_find(s, c, "/etc/passwd");
	const struct jcsi_ev *se = jcsi_scan_find(s, c, "/etc/shadow");
	char *pbuf = NULL, *sbuf = NULL, line[1024];
	size_t plen = 0, slen = 0, pos = 0;
	uint64_t no = 0;
	jcs_rc rc = JCS_OK;

	if (!pe || pe->kind != JCSI_EV_FILE)
		return JCS_OK;
	rc = jcsi_scan_read(s, pe, MAX_ACCOUNT_FILE, &pbuf, &plen);
	if (rc != JCS_OK)
		return rc;
	if (se && se->kind == JCSI_EV_FILE &&
	    jcsi_scan_read(s, se, MAX_ACCOUNT_FILE, &sbuf, &slen) != JCS_OK)
		sbuf = NULL;
	while (jcsi_next_line(pbuf, plen, &pos, line, sizeof(line), &no)) {
		char *f[8], *end;
		struct account a;

		if (!line[0] || line[0] == '#' || line[0] == '+' ||
		    fields(line, f, 7) < 7)
			continue;
		memset(&a, 0, sizeof(a));
		snprintf(a.name, sizeof(a.name), "%s", f[0]);
		snprintf(a.hash, sizeof(a.hash), "%s", f[1]);
		snprintf(a.shell, sizeof(a.shell), "%s", f[6]);
		a.uid = strtol(f[2], &end, 10);
		if (end == f[2] || *end)
			a.uid = -1; /* not a number: no uid rule applies */
		a.line = no;
		a.where = pe;
		if (!strcmp(f[1], "x") && sbuf) {
			size_t sp = 0;
			uint64_t sno = 0;
			char sl[1024];

			while (jcsi_next_line(sbuf, slen, &sp, sl, sizeof(sl),
					      &sno)) {
				char *g[9];

				if (fields(sl, g, 9) >= 2 &&
				    !strcmp(g[0], a.name)) {
					snprintf(a.hash, sizeof(a.hash), "%s",
						 g[1]);
					a.line = sno;
					a.where = se;
					a.from_shadow = 1;
					break;
				}
			}
		}
		judge(s, &a, l, have_list, cd);
	}
	jcsi_free(pbuf);
	jcsi_free(sbuf);
	return rc;
}

static jcs_rc run(struct jcsi_scan *s)
{
	struct jcsi_words l;
	struct crypt_data *cd = jcsi_calloc(1, sizeof(*cd));
	int have_list = jcsi_words_load(jcsi_scan_password_list(s), &l) == JCS_OK;
	uint32_t last = UINT32_MAX;
	jcs_rc rc = JCS_OK;

	if (!cd) {
		if (have_list)
			jcsi_words_free(&l);
		return JCS_E_NOMEM;
	}
	/* every file system of the image has its own accounts */
	for (size_t i = 0; i < jcsi_scan_count(s); i++) {
		const struct jcsi_ev *e = jcsi_scan_entry(s, i);

		if (e->container == last || strcmp(e->dev, "/etc/passwd"))
			continue;
		last = e->container;
		rc = scan_container(s, e->container, &l, have_list, cd);
		if (rc != JCS_OK)
			break;
	}
	jcsi_free(cd);
	if (rc == JCS_OK)
		rc = jcsi_accounts_web(s, have_list ? &l : NULL);
	if (have_list)
		jcsi_words_free(&l);
	if (rc == JCS_OK && !have_list)
		rc = JCS_E_IO; /* the list is missing: say so */
	return rc;
}

const struct jcsi_check jcsi_check_accounts = {
	"accounts",
	"accounts and passwords (/etc/passwd, /etc/shadow, web-server "
	"password files)",
	run};

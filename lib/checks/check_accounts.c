/*
 * check_accounts.c - accounts of every file system in the image:
 * /etc/passwd with /etc/shadow (glibc, BusyBox and OpenWrt use the same
 * formats). Empty passwords on accounts with a login shell, passwords
 * stored with DES or MD5 crypt, and passwords found in the default/weak
 * list (data/passwords/iot-default.txt) by hashing each candidate with
 * libcrypt (libxcrypt: DES, MD5, SHA-256/512, bcrypt, yescrypt...).
 */
#include <crypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/mem.h"
#include "check_int.h"
#include "textlines.h"

#define MAX_ACCOUNT_FILE (4u << 20)

struct words {
	char **w;
	size_t n;
	char *buf;
};

static void words_free(struct words *l)
{
	jcsi_free(l->w);
	jcsi_free(l->buf);
}

/* The list: one password per line, '#' comments. */
static jcs_rc words_load(const char *dir, struct words *l)
{
	char path[4096];
	FILE *f;
	long size;
	size_t n = 0, at = 0;

	memset(l, 0, sizeof(*l));
	snprintf(path, sizeof(path), "%s/passwords/iot-default.txt", dir);
	f = fopen(path, "rb");
	if (!f)
		return JCS_E_IO;
	if (fseek(f, 0, SEEK_END) < 0 || (size = ftell(f)) < 0 ||
	    size > (16 << 20) || fseek(f, 0, SEEK_SET) < 0) {
		fclose(f);
		return JCS_E_IO;
	}
	l->buf = jcsi_malloc((size_t)size + 1);
	if (!l->buf || fread(l->buf, 1, (size_t)size, f) != (size_t)size) {
		fclose(f);
		words_free(l);
		return JCS_E_IO;
	}
	fclose(f);
	l->buf[size] = '\0';
	for (long i = 0; i < size; i++)
		n += l->buf[i] == '\n';
	l->w = jcsi_malloc((n + 1) * sizeof(*l->w));
	if (!l->w) {
		words_free(l);
		return JCS_E_NOMEM;
	}
	while (at < (size_t)size) {
		char *s = l->buf + at, *e = strchr(s, '\n');

		if (e)
			*e = '\0';
		at += strlen(s) + 1;
		if (s[0] && s[0] != '#')
			l->w[l->n++] = s;
	}
	return JCS_OK;
}

struct account {
	char name[64];
	char hash[256];
	char shell[128];
	uint64_t line;
	const struct jcsi_ev *where;
	int from_shadow;
};

static const char *scheme(const char *h)
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

/* Seconds spent on one hash at most: bcrypt at cost 12 takes ~0.2 s a
   try, so a whole list would take minutes per account. What is cut short
   is said in the result. */
#define CRACK_BUDGET 10.0

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *crack(struct jcsi_scan *s, const char *hash,
			 const char *name, const struct words *l,
			 struct crypt_data *cd)
{
	const char *extra[3] = {name, "", NULL};
	double start = now_s();

	/* the account name itself is the commonest default of all */
	for (size_t i = 0; extra[i]; i++) {
		const char *h = crypt_rn(extra[i], hash, cd, sizeof(*cd));

		if (h && h[0] != '*' && strcmp(h, hash) == 0)
			return extra[i];
	}
	for (size_t i = 0; i < l->n; i++) {
		const char *h = crypt_rn(l->w[i], hash, cd, sizeof(*cd));

		if (!h || h[0] == '*') {
			char what[160];

			snprintf(what, sizeof(what), "password of account '%s'",
				 name);
			jcsi_limitation(s, what, "hash scheme unknown to "
						 "libcrypt: not tried");
			return NULL;
		}
		if (strcmp(h, hash) == 0)
			return l->w[i];
		if (now_s() - start > CRACK_BUDGET && i + 1 < l->n) {
			char what[160], why[200];

			snprintf(what, sizeof(what), "password of account '%s'",
				 name);
			snprintf(why, sizeof(why), "slow hash (%.6s...): %zu of "
				 "%zu candidates tried in %.0f s", hash, i + 1,
				 l->n, CRACK_BUDGET);
			jcsi_limitation(s, what, why);
			return NULL;
		}
	}
	return NULL;
}

static void judge(struct jcsi_scan *s, const struct account *a,
		  const struct words *l, int have_list, struct crypt_data *cd)
{
	const char *h = a->hash, *sch, *pw;
	char ev[512], masked[128];

	if (h[0] == '!' || h[0] == '*' || (h[0] == 'x' && !h[1]))
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
	sch = scheme(h);
	if (sch) {
		snprintf(ev, sizeof(ev), "%s:%.6s...", a->name, h);
		jcsi_emit(s, "accounts.weak-hash", a->where, a->line, a->name,
			  sch, ev);
	}
	if (!have_list)
		return;
	pw = crack(s, h, a->name, l, cd);
	if (pw) {
		jcsi_mask(s, pw, masked, sizeof(masked));
		snprintf(ev, sizeof(ev), "%s:%s (cracked from %s)", a->name,
			 pw[0] ? masked : "<empty>",
			 sch ? sch : "its hash");
		jcsi_emit(s, pw[0] ? "accounts.password-cracked"
				   : "accounts.empty-password",
			  a->where, a->line, a->name, NULL, ev);
	}
}

static jcs_rc scan_container(struct jcsi_scan *s, uint32_t c,
			     const struct words *l, int have_list,
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
		char *f[8];
		struct account a;

		if (!line[0] || line[0] == '#' || line[0] == '+' ||
		    fields(line, f, 7) < 7)
			continue;
		memset(&a, 0, sizeof(a));
		snprintf(a.name, sizeof(a.name), "%s", f[0]);
		snprintf(a.hash, sizeof(a.hash), "%s", f[1]);
		snprintf(a.shell, sizeof(a.shell), "%s", f[6]);
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
	struct words l;
	struct crypt_data *cd = jcsi_calloc(1, sizeof(*cd));
	int have_list = words_load(jcsi_scan_data_dir(s), &l) == JCS_OK;
	uint32_t last = UINT32_MAX;
	jcs_rc rc = JCS_OK;

	if (!cd) {
		if (have_list)
			words_free(&l);
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
	if (have_list)
		words_free(&l);
	jcsi_free(cd);
	if (rc == JCS_OK && !have_list)
		rc = JCS_E_IO; /* the list is missing: say so */
	return rc;
}

const struct jcsi_check jcsi_check_accounts = {
	"accounts", "accounts and passwords (/etc/passwd, /etc/shadow)", run};

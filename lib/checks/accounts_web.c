/*
 * accounts_web.c - passwords of web servers' own accounts, shipped in
 * the image:
 * - htpasswd files (Apache, lighttpd, nginx, mini_httpd): found by name
 *   (.htpasswd, htpasswd, *.htpasswd, *.passwd) or referenced by a
 *   configuration: lighttpd auth.backend.htpasswd.userfile, nginx
 *   auth_basic_user_file, Apache AuthUserFile;
 * - lighttpd's plain user files (auth.backend.plain.userfile: passwords
 *   in clear) and htdigest files (auth.backend.htdigest.userfile: an
 *   unsalted MD5 of "user:realm:password");
 * - BusyBox httpd / uhttpd httpd.conf lines "/path:user:password", where
 *   the password is in clear unless it is a crypt hash ("$1$..."); "$p$"
 *   names a system account, whose password check_accounts.c judges.
 * Hashes are verified with apr-util's apr_password_validate() ($apr1$,
 * {SHA}, bcrypt, and crypt(3) for DES/MD5/SHA-crypt), HA1s with apr_md5,
 * all against the same list and budget as /etc/shadow (crack.c).
 *
 * Findings are those of system accounts: a weak scheme (DES, MD5,
 * apr1, unsalted SHA-1 or MD5) is accounts.weak-hash, a password in
 * clear accounts.plaintext-password, a cracked one
 * accounts.password-cracked, an empty one accounts.empty-password, and
 * any other usable one accounts.shipped-password (the same on every
 * unit). References whose path is built from variables (lighttpd
 * var.conf_dir + "...") are not followed.
 */
#include <apr_general.h>
#include <apr_md5.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../core/mem.h"
#include "accounts_int.h"

enum web_format { WEB_HTPASSWD, WEB_PLAIN, WEB_HTDIGEST, WEB_BUSYBOX };

static const char *const format_names[] = {
	[WEB_HTPASSWD] = "htpasswd file",
	[WEB_PLAIN] = "plain-text user file",
	[WEB_HTDIGEST] = "htdigest file",
	[WEB_BUSYBOX] = "httpd.conf",
};

struct web_file {
	const struct jcsi_ev *e;
	enum web_format format;
};

struct web_files {
	struct web_file *v;
	size_t n, cap;
	struct jcsi_scan *s;
};

static jcs_rc add(struct web_files *f, const struct jcsi_ev *e,
		  enum web_format format)
{
	if (!e || e->kind != JCSI_EV_FILE)
		return JCS_OK;
	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].e == e)
			return JCS_OK; /* a reference came first: its format */
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 8;
		struct web_file *v = jcsi_realloc(f->v, cap * sizeof(*v));

		if (!v)
			return JCS_E_NOMEM;
		f->v = v;
		f->cap = cap;
	}
	f->v[f->n].e = e;
	f->v[f->n].format = format;
	f->n++;
	return JCS_OK;
}

static const char *base_of(const char *p)
{
	const char *b = strrchr(p, '/');

	return b ? b + 1 : p;
}

static int ends_with(const char *s, const char *tail)
{
	size_t a = strlen(s), b = strlen(tail);

	return a > b && !strcmp(s + a - b, tail);
}

/* The file a configuration line names: VALUE (quotes and a trailing ';'
   dropped), relative to the configuration's directory. */
static void reference(struct web_files *f, const struct jcsi_ev *conf,
		      const char *value, enum web_format format)
{
	char path[1024], word[512];
	size_t n;

	value += strspn(value, " \t=");
	if (*value == '"' || *value == '\'') {
		const char *end = strchr(value + 1, *value);

		if (!end)
			return;
		n = (size_t)(end - value - 1);
		value++;
	} else {
		n = strcspn(value, " \t;");
	}
	if (!n || n >= sizeof(word))
		return;
	snprintf(word, sizeof(word), "%.*s", (int)n, value);
	if (word[0] == '/')
		snprintf(path, sizeof(path), "%s", word);
	else
		snprintf(path, sizeof(path), "%.*s/%s",
			 (int)(base_of(conf->dev) - conf->dev - 1), conf->dev,
			 word);
	add(f, jcsi_scan_find(f->s, conf->container, path), format);
}

static int conf_line(struct jcsi_scan *s, const struct jcsi_ev *e,
		     uint64_t no, char *line, void *user)
{
	static const struct {
		const char *key;
		enum web_format format;
	} lighttpd[] = {
		{"auth.backend.htpasswd.userfile", WEB_HTPASSWD},
		{"auth.backend.plain.userfile", WEB_PLAIN},
		{"auth.backend.htdigest.userfile", WEB_HTDIGEST},
	};
	struct web_files *f = user;
	const char *v;

	(void)s;
	(void)no;
	for (size_t i = 0; i < sizeof(lighttpd) / sizeof(lighttpd[0]); i++) {
		size_t l = strlen(lighttpd[i].key);

		if (!strncmp(line, lighttpd[i].key, l) &&
		    (v = strchr(line + l, '=')) && !strchr(v, '+'))
			reference(f, e, v + 1, lighttpd[i].format);
	}
	/* nginx: "auth_basic_user_file FILE;" may share a line with braces */
	v = strstr(line, "auth_basic_user_file");
	if (v && (v == line || strchr(" \t{;", v[-1])) &&
	    (v[20] == ' ' || v[20] == '\t'))
		reference(f, e, v + 20, WEB_HTPASSWD);
	if (!strncasecmp(line, "AuthUserFile", 12) &&
	    (line[12] == ' ' || line[12] == '\t'))
		reference(f, e, line + 12, WEB_HTPASSWD);
	return 0;
}

/* --- judging one entry ---------------------------------------------- */

struct entry {
	const struct jcsi_ev *e;
	uint64_t line;
	enum web_format format;
	char user[128];
	char stored[256];
	const char *realm;  /* htdigest */
	int plain;          /* STORED is the password itself */
};

static int verify_plain(const char *password, const char *stored,
			void *state)
{
	(void)state;
	return strcmp(password, stored) == 0;
}

/* htdigest: HA1 = md5("user:realm:password") in hex */
static int verify_digest(const char *password, const char *stored,
			 void *state)
{
	const struct entry *x = state;
	unsigned char md[APR_MD5_DIGESTSIZE];
	char text[640], hex[2 * APR_MD5_DIGESTSIZE + 1];
	int n = snprintf(text, sizeof(text), "%s:%s:%s", x->user, x->realm,
			 password);

	if (n < 0 || (size_t)n >= sizeof(text))
		return 0;
	apr_md5(md, text, (apr_size_t)n);
	for (size_t i = 0; i < sizeof(md); i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	return strcasecmp(hex, stored) == 0;
}

/* The scheme of an htpasswd hash: its weakness (or "" if strong), or
   NULL when it is no hash apr-util verifies (a locked "*" or junk). */
static const char *htpasswd_scheme(const char *h)
{
	static const char *const strong[] = {"$2y$", "$2a$", "$2b$", "$5$",
					     "$6$", "$y$", "$7$", "$gy$",
					     NULL};
	const char *weak = jcsi_weak_scheme(h);

	if (weak)
		return weak;
	if (!strncmp(h, "$apr1$", 6))
		return "Apache MD5 (apr1)";
	if (!strncmp(h, "{SHA}", 5))
		return "unsalted SHA-1";
	for (size_t i = 0; strong[i]; i++)
		if (!strncmp(h, strong[i], strlen(strong[i])))
			return "";
	return NULL;
}

static void judge(struct jcsi_scan *s, const struct jcsi_words *l,
		  struct entry *x)
{
	const char *sch = NULL, *pw = NULL;
	char ev[512], masked[160], what[400];
	jcsi_verify_fn verify = jcsi_verify_apr;
	void *state = NULL;

	if (x->plain) {
		if (!x->stored[0]) {
			snprintf(ev, sizeof(ev), "%s:<empty> (%s)", x->user,
				 format_names[x->format]);
			jcsi_emit(s, "accounts.empty-password", x->e, x->line,
				  x->user, NULL, ev);
			return;
		}
		jcsi_mask(s, x->stored, masked, sizeof(masked));
		snprintf(ev, sizeof(ev), "%s:%s", x->user, masked);
		jcsi_emit(s, "accounts.plaintext-password", x->e, x->line,
			  x->user, format_names[x->format], ev);
		verify = verify_plain;
	} else if (x->format == WEB_HTDIGEST) {
		sch = "unsalted MD5 (htdigest)";
		verify = verify_digest;
		state = x;
	} else {
		sch = htpasswd_scheme(x->stored);
		if (!sch)
			return; /* not a usable password */
		if (!sch[0])
			sch = NULL;
	}
	if (sch) {
		snprintf(ev, sizeof(ev), "%s:%.6s...", x->user, x->stored);
		jcsi_emit(s, "accounts.weak-hash", x->e, x->line, x->user, sch,
			  ev);
	}
	snprintf(what, sizeof(what), "password of web account '%.100s' "
		 "(%.250s)", x->user, x->e->dev);
	if (l)
		pw = jcsi_crack(s, x->stored, x->user, l, verify, state, what);
	if (pw && !pw[0]) {
		snprintf(ev, sizeof(ev), "%s:<empty> (cracked from %s)",
			 x->user, sch ? sch : "its hash");
		jcsi_emit(s, "accounts.empty-password", x->e, x->line, x->user,
			  NULL, ev);
	} else if (pw) {
		jcsi_mask(s, pw, masked, sizeof(masked));
		snprintf(ev, sizeof(ev), "%s:%s (cracked from %s)", x->user,
			 masked, x->plain ? "clear text" : sch ? sch : "its hash");
		jcsi_emit(s, "accounts.password-cracked", x->e, x->line,
			  x->user, NULL, ev);
	} else {
		snprintf(ev, sizeof(ev), "%s:%.6s... (%s)", x->user,
			 x->plain ? "******" : x->stored,
			 format_names[x->format]);
		jcsi_emit(s, "accounts.shipped-password", x->e, x->line,
			  x->user, format_names[x->format], ev);
	}
}

struct file_read {
	const struct jcsi_words *l;
	enum web_format format;
};

/* Splits at the first ':' (in place): the rest, or NULL. */
static char *after_colon(char *p)
{
	char *c = strchr(p, ':');

	if (!c)
		return NULL;
	*c = '\0';
	return c + 1;
}

static int entry_line(struct jcsi_scan *s, const struct jcsi_ev *e,
		      uint64_t no, char *line, void *user)
{
	const struct file_read *r = user;
	struct entry x;
	char *rest, *user_field = line;

	memset(&x, 0, sizeof(x));
	x.e = e;
	x.line = no;
	x.format = r->format;
	if (r->format == WEB_BUSYBOX) {
		/* "/path:user:password"; A:, D:, H:, I:, E404:, .ext: are
		   not accounts */
		if (line[0] != '/' || !(user_field = after_colon(line)))
			return 0;
	}
	rest = after_colon(user_field);
	if (!rest || !user_field[0])
		return 0;
	snprintf(x.user, sizeof(x.user), "%s", user_field);
	switch (r->format) {
	case WEB_HTPASSWD:
		rest[strcspn(rest, ":")] = '\0';
		if (!strncmp(rest, "{PLAIN}", 7)) { /* nginx */
			rest += 7;
			x.plain = 1;
		}
		break;
	case WEB_PLAIN:
		x.plain = 1;
		break;
	case WEB_HTDIGEST:
		x.realm = rest;
		rest = after_colon(rest);
		if (!rest || strlen(rest) != 32 ||
		    strspn(rest, "0123456789abcdefABCDEF") != 32)
			return 0;
		break;
	case WEB_BUSYBOX:
		if (!strncmp(rest, "$p$", 3))
			return 0; /* a system account's password */
		x.plain = rest[0] != '$';
		break;
	}
	snprintf(x.stored, sizeof(x.stored), "%s", rest);
	judge(s, r->l, &x); /* x.realm points into LINE: still valid */
	return 0;
}

static int htpasswd_name(const char *b)
{
	return !strcmp(b, ".htpasswd") || !strcmp(b, "htpasswd") ||
	       ends_with(b, ".htpasswd") || ends_with(b, ".passwd");
}

jcs_rc jcsi_accounts_web(struct jcsi_scan *s, const struct jcsi_words *l)
{
	struct web_files f;
	jcs_rc rc = JCS_OK;

	memset(&f, 0, sizeof(f));
	f.s = s;
	/* references first: they say the format */
	for (size_t i = 0; i < jcsi_scan_count(s); i++) {
		const struct jcsi_ev *e = jcsi_scan_entry(s, i);

		if (e->kind == JCSI_EV_FILE && !strncmp(e->dev, "/etc/", 5) &&
		    ends_with(e->dev, ".conf") && e->size <= (1u << 20))
			jcsi_scan_lines(s, e, conf_line, &f);
	}
	for (size_t i = 0; rc == JCS_OK && i < jcsi_scan_count(s); i++) {
		const struct jcsi_ev *e = jcsi_scan_entry(s, i);
		const char *b = base_of(e->dev);

		if (htpasswd_name(b))
			rc = add(&f, e, WEB_HTPASSWD);
		else if (!strcmp(b, "httpd.conf"))
			rc = add(&f, e, WEB_BUSYBOX);
	}
	if (rc == JCS_OK && f.n && apr_initialize() == APR_SUCCESS) {
		for (size_t i = 0; i < f.n; i++) {
			struct file_read r = {l, f.v[i].format};

			jcsi_scan_lines(s, f.v[i].e, entry_line, &r);
		}
		apr_terminate();
	}
	jcsi_free(f.v);
	return rc;
}

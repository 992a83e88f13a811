/*
 * update_int.h - the pieces of the 'update' check (check_update.c):
 * the tool table (update_tools.c, data/update-tools.tsv), reading shell
 * scripts as commands (update_shell.c) and the update clients'
 * configuration (update_config.c). For those files only.
 */
#ifndef JCSTAR_UPDATE_INT_H
#define JCSTAR_UPDATE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "check_int.h"

/* --- the tool table ------------------------------------------------------ */

enum upd_kind {
	UPD_FETCH,       /* downloads; its URL tells the channel */
	UPD_FETCH_CLEAR, /* downloads over a protocol without TLS (tftp) */
	UPD_FLASH,       /* writes or installs */
	UPD_AGENT,       /* an update client: downloads and installs */
	UPD_VERIFY,      /* checks a signature */
	UPD_CHECKSUM,    /* compares a digest */
	UPD_KINDS
};

struct upd_tool {
	enum upd_kind kind;
	const char *command;
	const char *needs;  /* space-separated words, "" for none */
	const char *unless;
};

struct upd_tools {
	struct upd_tool *v;
	char **lines;       /* the strings v points into */
	size_t n, cap;
};

/* Loads data/update-tools.tsv at PATH; errors name file:line in ERR. */
jcs_rc upd_tools_load(const char *path, struct upd_tools *t, char *err,
		      size_t errlen);
void upd_tools_free(struct upd_tools *t);

/* --- shell commands ------------------------------------------------------ */

#define UPD_WORDS 48
#define UPD_CMDS 16

/* One simple command of a shell line: its name (base name of the first
   word after assignments and prefixes such as busybox, exec, sudo) and
   the words after it, unquoted. */
struct upd_cmd {
	const char *name;
	const char *words[UPD_WORDS];
	size_t nwords;
};

struct upd_line {
	struct upd_cmd cmd[UPD_CMDS];
	size_t ncmd;
	char store[2048];   /* the words */
};

/* Splits LINE (a logical line, continuations joined, comment lines
   already gone) into its commands. Words inside single quotes and
   arguments of echo are never commands; "$(...)" and backquotes are. */
void upd_parse(const char *line, struct upd_line *out);

/* Does command C match row T (name, all needs, none of unless)? */
int upd_match(const struct upd_cmd *c, const struct upd_tool *t);

/* A script as logical lines: continuations joined, comments dropped. */
struct upd_script {
	char **text;
	uint64_t *no;       /* first physical line of each */
	size_t n, cap;
};

jcs_rc upd_script_read(struct jcsi_scan *s, const struct jcsi_ev *e,
		       struct upd_script *sc);
void upd_script_free(struct upd_script *sc);

/* Shell variable assignments (NAME=value at the start of a line, with
   export/local/readonly) of a script and the files it sources. */
struct upd_var {
	char *name, *value;
	uint64_t no;        /* 0: from a sourced file */
};

struct upd_vars {
	struct upd_var *v;
	size_t n, cap;
};

/* From script SC (of entry E) and the files it sources with ". /path"
   or "source /path" (same file system, one level). */
jcs_rc upd_vars_collect(struct jcsi_scan *s, const struct jcsi_ev *e,
			const struct upd_script *sc, struct upd_vars *vars);
void upd_vars_free(struct upd_vars *vars);
/*
 * LINE with $NAME / ${NAME} replaced by the value assigned nearest before
 * line NO (else the first one after, else from a sourced file), into OUT
 * (CAP bytes). *UNRESOLVED counts expansions left as they were.
 */
void upd_expand(const struct upd_vars *vars, const char *line, uint64_t no,
		char *out, size_t cap, int *unresolved);

/* The first http/https/ftp/tftp URL in TEXT, copied into OUT (CAP bytes);
   0 if none. */
int upd_find_url(const char *text, char *out, size_t cap);
/* 1 if URL is fetched without TLS (http, ftp, tftp) from another host
   than this one (loopback URLs do not cross a network). */
int upd_url_cleartext(const char *url);
/* TEXT with the password of any "scheme://user:password@" masked. */
void upd_mask_urls(const struct jcsi_scan *s, const char *text, char *out,
		   size_t cap);

/* --- what the configuration of an image says ---------------------------- */

/* Per file system (container): facts that decide a script's flow. */
struct upd_facts {
	uint32_t container;
	/* OpenWrt sysupgrade refuses unsigned images */
	const struct jcsi_ev *sysupgrade_sig;
	uint64_t sysupgrade_line;
	/* mender.conf / swupdate.cfg exist and say whether a key is set */
	const struct jcsi_ev *mender_conf, *swupdate_cfg;
	int mender_key, swupdate_key;
	/* opkg: check_signature seen, first cleartext feed */
	const struct jcsi_ev *opkg_sig, *opkg_clear;
	uint64_t opkg_sig_line, opkg_clear_line;
	char opkg_sig_text[256], opkg_clear_text[512];
	/* apk: keys and repositories */
	const struct jcsi_ev *apk_repos;
	size_t apk_keys;
	/* a script starts swupdate (then it reports, not swupdate.cfg) */
	int swupdate_started;
};

struct upd_state {
	struct upd_tools tools;
	struct upd_facts *facts;
	size_t nfacts, capfacts;
};

/* The facts of CONTAINER (created zeroed on first use), NULL on no
   memory. */
struct upd_facts *upd_facts_of(struct upd_state *st, uint32_t container);

/* Reads configuration file E if it is one the check knows (opkg, apk,
   apt, mender, rauc, swupdate, sysupgrade's library), emitting what it
   shows by itself and recording facts. Returns 1 if E was one. */
int upd_config_file(struct jcsi_scan *s, struct upd_state *st,
		    const struct jcsi_ev *e);
/* After every file: decisions that need all files of a container
   (opkg without check_signature, apk keys, swupdate.cfg not started). */
void upd_config_finish(struct jcsi_scan *s, struct upd_state *st);

#endif

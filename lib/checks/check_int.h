/*
 * check_int.h - the interface between the scan runner (scan.c) and the
 * checks (one file per family: check_<family>.c). For checks only.
 *
 * A check reads evidence (the extracted files, with their original modes
 * from the manifest) and emits findings by rule id; the rule table
 * (data/rules/<family>.tsv) gives each rule its category, severity and title. A
 * check never prints, never writes files, and never executes anything
 * from the image.
 */
#ifndef JCSTAR_CHECK_INT_H
#define JCSTAR_CHECK_INT_H

#include <stddef.h>
#include <stdint.h>

#include "jcstar/jcstar.h"

enum jcsi_ev_kind {
	JCSI_EV_FILE,
	JCSI_EV_DIR,
	JCSI_EV_SYMLINK,
	JCSI_EV_OTHER /* devices, fifos, sockets, hard links */
};

/* One entry of the extracted image. */
struct jcsi_ev {
	const char *disk;      /* path to read it from (absolute) */
	const char *dev;       /* path on the device, "/etc/shadow" */
	const char *origin;    /* container chain, for the location */
	uint32_t container;    /* entries of one file system share it */
	enum jcsi_ev_kind kind;
	uint32_t mode;         /* original permission bits incl. 07000 */
	uint32_t uid, gid;
	uint64_t size;
	const char *type;      /* content type ("elf-executable", "text"...) */
};

struct jcsi_scan;

/*
 * A check. run() MUST only read evidence and emit; it returns JCS_OK or
 * the reason it could not run, which becomes a limitation in the result.
 */
struct jcsi_check {
	const char *name;      /* "accounts": matches the rule table */
	const char *summary;
	jcs_rc (*run)(struct jcsi_scan *s);
};

/* Evidence access. */
size_t jcsi_scan_count(const struct jcsi_scan *s);
const struct jcsi_ev *jcsi_scan_entry(const struct jcsi_scan *s, size_t i);
/* The entry at device path DEV in CONTAINER (following no links), or NULL. */
const struct jcsi_ev *jcsi_scan_find(const struct jcsi_scan *s,
				     uint32_t container, const char *dev);
/*
 * Read a (small) regular file: up to MAX bytes into a new NUL-terminated
 * buffer (*LEN bytes, contents may hold NULs). JCS_E_LIMIT if larger.
 */
jcs_rc jcsi_scan_read(const struct jcsi_scan *s, const struct jcsi_ev *e,
		      size_t max, char **buf, size_t *len);
/*
 * Calls FN for each line of the text file E that is neither blank nor a
 * '#' comment, trimmed, with its 1-based number, until FN returns nonzero.
 * Files over 1 MiB are not configuration: JCS_E_LIMIT, FN not called.
 */
typedef int (*jcsi_line_fn)(struct jcsi_scan *s, const struct jcsi_ev *e,
			    uint64_t no, char *line, void *user);
jcs_rc jcsi_scan_lines(struct jcsi_scan *s, const struct jcsi_ev *e,
		       jcsi_line_fn fn, void *user);

/* The data directory (rules, password lists). */
const char *jcsi_scan_data_dir(const struct jcsi_scan *s);
int jcsi_scan_show_secrets(const struct jcsi_scan *s);
/* The default/weak password list file every check uses (--passwords, or
   passwords/iot-default.txt of the data directory). */
const char *jcsi_scan_password_list(const struct jcsi_scan *s);

/*
 * Emit a finding of rule RULE about entry E (may be NULL), at LINE (0: no
 * line). SUBJECT fills the title's first "{}", DETAIL the second (both
 * may be NULL). EVIDENCE is what was seen, already masked.
 */
void jcsi_emit(struct jcsi_scan *s, const char *rule, const struct jcsi_ev *e,
	       uint64_t line, const char *subject, const char *detail,
	       const char *evidence);

/* The same at a device PATH (MAY be NULL) with severity SEV instead of
   the rule's (the rule's severity is then its floor, by convention). */
void jcsi_emit_path(struct jcsi_scan *s, const char *rule, const char *path,
		    enum jcs_severity sev, const char *subject,
		    const char *detail, const char *evidence);

/*
 * Record an observation: a fact that is not a problem but is evidence for
 * the assessment (an update whose signature is verified before flashing,
 * a signed FIT image). ID is stable ("update.signature-verified"), not a
 * rule of the table; TITLE is one line; EVIDENCE is what was seen, already
 * masked. E gives the location (path and container chain; may be NULL; a
 * stand-in entry with dev NULL gives only the container chain of
 * E->container), LINE the line (0: none).
 */
void jcsi_observe(struct jcsi_scan *s, const char *id, const struct jcsi_ev *e,
		  uint64_t line, const char *title, const char *evidence);

/*
 * A container the unpacker found: only when the input is an image or a
 * `jcstar unpack` directory (a plain directory has none). INFO holds the
 * manifest's format details ("signed", "signature_algo" of a FIT ...) as
 * text: flags are "true"/"false", numbers decimal.
 */
struct jcsi_container {
	uint32_t id;              /* jcsi_ev.container of what came out of it */
	const char *format;       /* "fit", "squashfs", ... */
	const char *origin;       /* its chain, "fw.bin@0x0 fit" */
	const struct jcsi_ev *file; /* the extracted file it was found in;
				       NULL: in the input itself */
};

size_t jcsi_scan_containers(const struct jcsi_scan *s);
const struct jcsi_container *jcsi_scan_container(const struct jcsi_scan *s,
						 size_t i);
/* Format detail KEY of C as text, or NULL. */
const char *jcsi_container_info(const struct jcsi_container *c,
				const char *key);

/* Something this check could not fully do, and why (a limitation in the
   result: a report must never look cleaner than the work done). */
void jcsi_limitation(struct jcsi_scan *s, const char *what, const char *why);

/* "ad***in": keeps the first two and last two characters of SECRET
   (fewer for short ones) unless secrets are shown. OUT has CAP bytes. */
void jcsi_mask(const struct jcsi_scan *s, const char *secret, char *out,
	       size_t cap);

/* The running check could not start at all (no database, say): it is
   recorded as not run with WHY (and a limitation), never as run. */
void jcsi_scan_not_run(struct jcsi_scan *s, const char *why);

/* The scan's options. */
const struct jcs_scan_opts *jcsi_scan_options(const struct jcsi_scan *s);

/* The result being filled (for checks that read what earlier stages
   put there, such as the identified components). */
struct jcs_result *jcsi_scan_result(struct jcsi_scan *s);

/* The check table (check_list.h), NULL-terminated. */
extern const struct jcsi_check *const jcsi_checks[];

#endif

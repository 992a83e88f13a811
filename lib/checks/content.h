/*
 * content.h - the content engine of `jcstar scan`: every regular file of
 * the image is read once (mapped read-only) and searched once with ONE
 * vectorscan database holding the patterns of every family
 * (data/patterns/<family>.tsv). Each match goes to its family's handler
 * (content_keys.c, content_certs.c, content_secrets.c), which confirms it
 * (OpenSSL parses keys and certificates; a secret must not look like a
 * placeholder and must carry enough entropy) and records hits. The check
 * (check_content.c) turns the hits into findings in evidence order.
 *
 * A handler never emits by itself: engine and handlers run on several
 * threads, findings are added by the check on the calling thread.
 */
#ifndef JCSTAR_CONTENT_H
#define JCSTAR_CONTENT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "check_int.h"

struct jcsi_content;
struct jcsi_cfile;
struct jcsi_cpattern;

/* A family of patterns and the handler that confirms their matches. */
struct jcsi_cfamily {
	const char *name;               /* data/patterns/<name>.tsv */
	const char *const *modes;       /* value modes its patterns may
					   use (NULL-terminated) */
	unsigned start_modes;           /* bit k: mode k needs the match's
					   start offset */
	/* Called for each match, in file order (by start, then pattern). */
	void (*match)(struct jcsi_cfile *f, const struct jcsi_cpattern *p,
		      size_t from, size_t to);
};

/* One line of a pattern file (see data/patterns/README.md). */
struct jcsi_cpattern {
	char *id;          /* "aws-access-key-id" */
	char *rule;        /* rule id, NULL for "-" (the handler decides) */
	char *what;        /* "AWS access key ID" */
	char *regex;
	char *src;         /* "data/patterns/secrets.tsv:12", for errors */
	const struct jcsi_cfamily *family;
	unsigned family_no;
	unsigned index;    /* in the database: lower is listed first */
	int mode;          /* index into family->modes */
	int any;           /* also in binary files ("where" = any) */
	double min_entropy; /* bits per byte of the value; 0: none */
	int weak_ok;       /* "/weak": a value in the weak password list is
			      a secret whatever its entropy */
	unsigned width;    /* fixed match width, 0 if variable */
	int som;           /* compiled with HS_FLAG_SOM_LEFTMOST */
};

/* One confirmed finding-to-be of a file. Strings owned. */
struct jcsi_chit {
	const char *rule;
	uint64_t line;     /* 0: none (binary files) */
	char *subject, *detail, *evidence;
	int grouped;       /* one finding for all hits of RULE in the scan */
};

struct jcsi_chits {
	struct jcsi_chit *v;
	size_t n, cap;
	const char *limit; /* why the file was not fully examined, or NULL */
};

/* Loads data/patterns/ (all families, exclusions, placeholders) from
   DATA_DIR and the weak-password list PASSWORD_LIST (NULL:
   passwords/iot-default.txt of DATA_DIR) and compiles the database.
   Errors name file:line in ERR. */
jcs_rc jcsi_content_load(const char *data_dir, const char *password_list,
			 struct jcsi_content **out, char *err, size_t errlen);
void jcsi_content_free(struct jcsi_content *c);

/* Per-thread state (vectorscan scratch, match list). */
struct jcsi_cworker;
jcs_rc jcsi_cworker_new(const struct jcsi_content *c,
			struct jcsi_cworker **out);
void jcsi_cworker_free(struct jcsi_cworker *w);

/*
 * Examines DATA (LEN bytes) as the file E (E->dev names it; S masks
 * secrets and may be NULL: then values are fully masked). NOW is the
 * time certificates are judged at. Hits are appended to OUT.
 */
jcs_rc jcsi_content_examine(struct jcsi_cworker *w, const struct jcsi_scan *s,
			    const struct jcsi_ev *e, const unsigned char *data,
			    size_t len, time_t now, struct jcsi_chits *out);
void jcsi_chits_clear(struct jcsi_chits *h);

/* --- for handlers -------------------------------------------------------- */

struct jcsi_cfile {
	const struct jcsi_content *c;
	const struct jcsi_scan *s;
	const struct jcsi_ev *e;
	const unsigned char *data;
	size_t len;
	time_t now;
	int binary;        /* a NUL byte in the first 8 KiB */
	int code;          /* source of a programming language (not shell,
			      not configuration): literals are quoted */
	size_t cur_off;    /* line cursor: line of offset cur_off */
	uint64_t cur_line;
	struct { size_t from, to; unsigned fam; } *spans; /* claimed */
	size_t nspans, spans_cap;
	struct jcsi_chits *out;
	const void *matches; /* all matches of the file, in file order */
	size_t nmatches;
	/* Python docstrings: triple quotes counted up to tq_off */
	size_t tq_off;
	unsigned tq_n[2];
};

/* 1-based line of OFF in a text file; 0 in a binary one. */
uint64_t jcsi_cfile_line(struct jcsi_cfile *f, size_t off);
/* "line 12" or "offset 0x1a2b" */
void jcsi_cfile_where(struct jcsi_cfile *f, size_t off, char *buf,
		      size_t cap);
/* Records a hit (strings copied) at offset OFF. */
void jcsi_cfile_hit(struct jcsi_cfile *f, const char *rule, size_t off,
		    const char *subject, const char *detail,
		    const char *evidence, int grouped);
/* Has this family already confirmed a structure covering OFF? */
int jcsi_cfile_claimed(const struct jcsi_cfile *f, unsigned fam, size_t off);
void jcsi_cfile_claim(struct jcsi_cfile *f, unsigned fam, size_t from,
		      size_t to);
/* Does a pattern of family FAM listed before pattern BEFORE match
   starting exactly at FROM (and so take precedence there)? */
int jcsi_cfile_match_at(const struct jcsi_cfile *f, unsigned fam,
			size_t from, unsigned before);
/* Masks SECRET into OUT as the scan's options say. */
void jcsi_cfile_mask(const struct jcsi_cfile *f, const char *secret,
		     char *out, size_t cap);

/*
 * The PEM block whose "-----BEGIN" is at FROM: its extent (up to and
 * including the "-----END ...-----" line, at most 1 MiB) in *END, or 0
 * when it has no end marker.
 */
int jcsi_cfile_pem_extent(const struct jcsi_cfile *f, size_t from,
			  size_t *end);
/*
 * The DER element starting at FROM (a SEQUENCE with a definite length):
 * its total length, or 0 if the header is malformed or runs past the end
 * of the file.
 */
size_t jcsi_cfile_der_extent(const struct jcsi_cfile *f, size_t from);

/* Is VALUE a placeholder (data/patterns/placeholders.txt)? */
int jcsi_content_placeholder(const struct jcsi_content *c, const char *value);
/* Is the file at DEV in a trust store (data/patterns/trust-stores.txt)? */
int jcsi_content_trust_store(const struct jcsi_content *c, const char *dev);
/* Is VALUE in the default/weak password list? */
int jcsi_content_weak(const struct jcsi_content *c, const char *value);
/* Shannon entropy of the bytes of P, in bits per byte (shared with the
   unpacker: lib/source/unpack/entropy.c). */
double jcsi_entropy(const uint8_t *p, size_t n);

extern const struct jcsi_cfamily jcsi_cfamily_keys;
extern const struct jcsi_cfamily jcsi_cfamily_certs;
extern const struct jcsi_cfamily jcsi_cfamily_secrets;

#endif

/*
 * identify_signatures.h - the version-signature matcher behind
 * jcsi_identify_signatures() (identify.h), open to the unit test, the fuzz
 * target and the integration test's scanner: a signature table
 * (data/components/signatures.tsv, format in its header) compiled into ONE
 * vectorscan database, and the matching of one file's bytes against it.
 */
#ifndef JCSTAR_IDENTIFY_SIGNATURES_H
#define JCSTAR_IDENTIFY_SIGNATURES_H

#include <stddef.h>

#include "component.h"

/* Which files a signature is looked for in (column "files"). */
enum jcsi_sig_files {
	JCSI_SIG_ELF,     /* ELF objects only */
	JCSI_SIG_KERNEL,  /* any binary file: ELF (.ko, vmlinux) or not
			     (decompressed kernel Image, U-Boot binaries) */
	JCSI_SIG_ANY,     /* every file, text too */
};

/* What a file is, for the "files" column: from its first bytes. */
enum jcsi_sig_class {
	JCSI_SIGC_TEXT,   /* no NUL byte in the first 8 KiB */
	JCSI_SIGC_BINARY, /* a NUL byte there, not ELF */
	JCSI_SIGC_ELF,
};

struct jcsi_sigdb;

/* Reads and compiles the signature table PATH. Errors name "PATH:LINE". */
jcs_rc jcsi_sigdb_load(const char *path, struct jcsi_sigdb **out, char *err,
		       size_t errlen);
void jcsi_sigdb_free(struct jcsi_sigdb *db);
/* Number of signatures (rows). */
size_t jcsi_sigdb_count(const struct jcsi_sigdb *db);

enum jcsi_sig_class jcsi_sig_classify(const unsigned char *buf, size_t len);

/*
 * Called once per (component, version) a buffer evidences, in signature
 * order. LINE is the signature's line in the table. Nonzero stops.
 */
typedef int (*jcsi_sig_fn)(const char *name, const char *version,
			   enum jcsi_comp_confidence conf, unsigned line,
			   void *user);

/*
 * Matches BUF (LEN bytes, one file's content) against DB in one vectorscan
 * pass and reports what it evidences. Per component name, only the
 * versions of the first-listed signature that matched are reported (the
 * table lists the more precise anchors first), and a version that is a
 * prefix of another of them ("9.2" of "9.2p1") is dropped. Not
 * thread-safe for one DB (it holds the vectorscan scratch).
 */
jcs_rc jcsi_signature_match_buffer(struct jcsi_sigdb *db,
				   const unsigned char *buf, size_t len,
				   jcsi_sig_fn fn, void *user);

/*
 * The version token at BUF[0..LEN) as the table's extractor reads it
 * (see signatures.tsv): its length, or 0 if there is none. For tests.
 */
size_t jcsi_sig_version_token(const unsigned char *buf, size_t len);

#endif

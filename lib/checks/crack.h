/*
 * crack.h - trying the default/weak password list against one stored
 * password, whatever stores it: a crypt(3) hash of /etc/shadow, an
 * htpasswd hash (apr-util), an htdigest HA1, a password in clear. Shared
 * by the account checks so the list, the candidates and the time budget
 * are the same everywhere.
 */
#ifndef JCSTAR_CRACK_H
#define JCSTAR_CRACK_H

#include <stddef.h>

#include "check_int.h"

/* The password list at PATH (jcsi_scan_password_list(): --passwords or
   data/passwords/iot-default.txt): one password a line, '#' comments. */
struct jcsi_words {
	char **w;
	size_t n;
	char *buf;
};

jcs_rc jcsi_words_load(const char *path, struct jcsi_words *l);
void jcsi_words_free(struct jcsi_words *l);

/*
 * Does PASSWORD match STORED? 1 yes, 0 no, -1 the scheme of STORED is
 * unknown (nothing can match). STATE is the verifier's own.
 */
typedef int (*jcsi_verify_fn)(const char *password, const char *stored,
			      void *state);

/* crypt(3) through libxcrypt (crypt_rn); STATE: a struct crypt_data. */
int jcsi_verify_crypt(const char *password, const char *stored, void *state);
/* htpasswd hashes through apr_password_validate() ($apr1$, {SHA},
   bcrypt, and crypt(3) for the rest); STATE unused. */
int jcsi_verify_apr(const char *password, const char *stored, void *state);

/*
 * The password of account NAME stored as STORED, if it is NAME itself,
 * empty, or in L: the list's own string (or NAME, or ""), else NULL.
 * Each stored password gets at most CRACK_BUDGET seconds; a slow hash cut
 * short or an unknown scheme is a limitation naming WHAT.
 */
const char *jcsi_crack(struct jcsi_scan *s, const char *stored,
		       const char *name, const struct jcsi_words *l,
		       jcsi_verify_fn verify, void *state, const char *what);

#endif

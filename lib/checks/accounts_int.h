/*
 * accounts_int.h - shared by the files of the `accounts` check:
 * check_accounts.c (/etc/passwd, /etc/shadow) and accounts_web.c
 * (web-server password files).
 */
#ifndef JCSTAR_ACCOUNTS_INT_H
#define JCSTAR_ACCOUNTS_INT_H

#include "check_int.h"
#include "crack.h"

/* "MD5-crypt", "DES-crypt"...: a crypt(3) scheme too weak to store
   passwords in, or NULL. */
const char *jcsi_weak_scheme(const char *hash);

/* The web-server password files of the image (accounts_web.c). L: the
   password list, NULL if it could not be read (nothing is cracked). */
jcs_rc jcsi_accounts_web(struct jcsi_scan *s, const struct jcsi_words *l);

#endif

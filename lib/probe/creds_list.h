/*
 * creds_list.h - the (user, password) pairs the probe's credential checks
 * try, built in one place so every protocol tries the same pairs in the
 * same order: the known vendor pairs of data/probe/default-pairs.tsv
 * first, then every user of the user list with the empty password, then
 * every user with every password of the password list (the same file as
 * `scan`). Duplicates are dropped, keeping the first.
 */
#ifndef JCSTAR_PROBE_CREDS_LIST_H
#define JCSTAR_PROBE_CREDS_LIST_H

#include <stddef.h>

#include "jcstar/jcstar.h"

struct jcsi_cred {
	char *user;
	char *pass;      /* "" for the empty password */
	int vendor;      /* from default-pairs.tsv */
};

struct jcsi_cred_list {
	struct jcsi_cred *v;
	size_t n, cap;
};

/* Builds OUT from the three files; PAIRS may be NULL (no vendor pairs).
   Errors name "file:line". */
jcs_rc jcsi_creds_build(const char *pairs, const char *users,
			const char *passwords, struct jcsi_cred_list *out,
			char *err, size_t errlen);
/* Appends one pair unless already present (JCS_OK either way). */
jcs_rc jcsi_creds_add(struct jcsi_cred_list *l, const char *user,
		      const char *pass, int vendor);
void jcsi_creds_free(struct jcsi_cred_list *l);

#endif

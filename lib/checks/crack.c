/*
 * crack.c - the default/weak password list tried against one stored
 * password (see crack.h), within a time budget.
 */
#include "crack.h"

#include <apr_general.h>
#include <apr_md5.h>
#include <crypt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../core/mem.h"

void jcsi_words_free(struct jcsi_words *l)
{
	jcsi_free(l->w);
	jcsi_free(l->buf);
	memset(l, 0, sizeof(*l));
}

jcs_rc jcsi_words_load(const char *path, struct jcsi_words *l)
{
	FILE *f;
	long size;
	size_t n = 0, at = 0;

	memset(l, 0, sizeof(*l));
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
		jcsi_words_free(l);
		return JCS_E_IO;
	}
	fclose(f);
	l->buf[size] = '\0';
	for (long i = 0; i < size; i++)
		n += l->buf[i] == '\n';
	l->w = jcsi_malloc((n + 1) * sizeof(*l->w));
	if (!l->w) {
		jcsi_words_free(l);
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

int jcsi_verify_crypt(const char *password, const char *stored, void *state)
{
	struct crypt_data *cd = state;
	const char *h = crypt_rn(password, stored, cd, sizeof(*cd));

	if (!h || h[0] == '*')
		return -1;
	return strcmp(h, stored) == 0;
}

int jcsi_verify_apr(const char *password, const char *stored, void *state)
{
	(void)state;
	return apr_password_validate(password, stored) == APR_SUCCESS;
}

/* Seconds spent on one stored password at most: bcrypt at cost 12 takes
   ~0.2 s a try, so a whole list would take minutes per account. What is
   cut short is said in the result. */
#define CRACK_BUDGET 10.0

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

const char *jcsi_crack(struct jcsi_scan *s, const char *stored,
		       const char *name, const struct jcsi_words *l,
		       jcsi_verify_fn verify, void *state, const char *what)
{
	const char *extra[3] = {name, "", NULL};
	double start = now_s();

	/* the account name itself is the commonest default of all */
	for (size_t i = 0; extra[i]; i++)
		if (verify(extra[i], stored, state) == 1)
			return extra[i];
	for (size_t i = 0; i < l->n; i++) {
		int v = verify(l->w[i], stored, state);

		if (v < 0) {
			jcsi_limitation(s, what, "hash scheme unknown to "
						 "libcrypt: not tried");
			return NULL;
		}
		if (v)
			return l->w[i];
		if (now_s() - start > CRACK_BUDGET && i + 1 < l->n) {
			char why[200];

			snprintf(why, sizeof(why), "slow hash (%.6s...): %zu of "
				 "%zu candidates tried in %.0f s", stored,
				 i + 1, l->n, CRACK_BUDGET);
			jcsi_limitation(s, what, why);
			return NULL;
		}
	}
	return NULL;
}

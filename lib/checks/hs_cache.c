/*
 * hs_cache.c - see hs_cache.h. The key is a SHA-256 over the exact
 * compile input, so a changed pattern file (another --data directory)
 * compiles anew. The table only grows: a process uses a handful of
 * pattern sets (one per data directory), each a few MiB at most.
 */
#include "hs_cache.h"

#include <pthread.h>
#include <string.h>

#include <openssl/evp.h>

#include "../core/mem.h"

struct slot {
	unsigned char key[32];
	hs_database_t *db;
};

static struct slot *cache;
static size_t ncache, capcache;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static int make_key(const char *const *expr, const unsigned *flags,
		    const unsigned *ids, unsigned n, unsigned char key[32])
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned len = 0;
	int ok = md && EVP_DigestInit_ex(md, EVP_sha256(), NULL);

	for (unsigned i = 0; ok && i < n; i++) {
		/* the NUL separates expressions; flags and ids follow */
		ok = EVP_DigestUpdate(md, expr[i], strlen(expr[i]) + 1) &&
		     EVP_DigestUpdate(md, &flags[i], sizeof(flags[i])) &&
		     EVP_DigestUpdate(md, &ids[i], sizeof(ids[i]));
	}
	ok = ok && EVP_DigestFinal_ex(md, key, &len) && len == 32;
	EVP_MD_CTX_free(md);
	return ok;
}

hs_error_t jcsi_hs_compile(const char *const *expr, const unsigned *flags,
			   const unsigned *ids, unsigned n,
			   const hs_database_t **db, hs_compile_error_t **ce)
{
	unsigned char key[32];
	hs_database_t *fresh = NULL;
	hs_error_t err;
	int keyed = make_key(expr, flags, ids, n, key);

	*db = NULL;
	*ce = NULL;
	pthread_mutex_lock(&lock);
	for (size_t i = 0; keyed && i < ncache; i++)
		if (!memcmp(cache[i].key, key, sizeof(key))) {
			*db = cache[i].db;
			pthread_mutex_unlock(&lock);
			return HS_SUCCESS;
		}
	/* compiled under the lock: two threads never compile the same set */
	err = hs_compile_multi(expr, flags, ids, n, HS_MODE_BLOCK, NULL,
			       &fresh, ce);
	if (err == HS_SUCCESS && ncache == capcache) {
		size_t cap = capcache ? capcache * 2 : 4;
		struct slot *v = jcsi_realloc(cache, cap * sizeof(*v));

		if (v) {
			cache = v;
			capcache = cap;
		}
	}
	if (err == HS_SUCCESS && ncache < capcache) {
		/* unkeyed (no digest): cached under a key nobody matches */
		memcpy(cache[ncache].key, key, sizeof(key));
		if (!keyed)
			memset(cache[ncache].key, 0, sizeof(key));
		cache[ncache++].db = fresh;
		*db = fresh;
	} else if (err == HS_SUCCESS) {
		hs_free_database(fresh);
		err = HS_NOMEM;
	}
	pthread_mutex_unlock(&lock);
	return err;
}

/*
 * hs_cache.h - compiled vectorscan databases, kept for the life of the
 * process. Compiling the pattern files costs ~50 ms, more than scanning a
 * small firmware; a program that scans many images (a CI job, the fuzzer)
 * compiles each distinct pattern set once. Thread-safe.
 */
#ifndef JCSTAR_HS_CACHE_H
#define JCSTAR_HS_CACHE_H

#include <hs/hs.h>

/*
 * Like hs_compile_multi() in block mode, but the database returned in *DB
 * is shared and owned by the cache: never hs_free_database() it. Identical
 * input (expressions, flags, ids) gives the same database. On failure *CE
 * is set as by hs_compile_multi() (the caller frees it).
 */
hs_error_t jcsi_hs_compile(const char *const *expr, const unsigned *flags,
			   const unsigned *ids, unsigned n,
			   const hs_database_t **db, hs_compile_error_t **ce);

#endif

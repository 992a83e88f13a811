/*
 * mem.h - every allocation of libjcstar goes through these, so tests can
 * make the Nth allocation fail and check that the library fails cleanly
 * (the idea of curl's torture mode). The library never aborts on NULL.
 */
#ifndef JCSTAR_MEM_H
#define JCSTAR_MEM_H

#include <stddef.h>

void *jcsi_malloc(size_t n);
void *jcsi_calloc(size_t nmemb, size_t size);
void *jcsi_realloc(void *p, size_t n);
char *jcsi_strdup(const char *s);
char *jcsi_strndup(const char *s, size_t n);
/* printf into a new string; NULL on failure. */
char *jcsi_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void jcsi_free(void *p);

/* Test hook: fail the Nth allocation from now on (0: never). */
void jcsi_mem_fail_after(unsigned long n);

#endif

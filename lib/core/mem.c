/*
 * mem.c - allocation wrappers with a failure-injection hook for tests.
 */
#include "mem.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long fail_countdown;

void jcsi_mem_fail_after(unsigned long n)
{
	fail_countdown = n;
}

static int should_fail(void)
{
	if (fail_countdown == 0)
		return 0;
	return --fail_countdown == 0;
}

void *jcsi_malloc(size_t n)
{
	return should_fail() ? NULL : malloc(n ? n : 1);
}

void *jcsi_calloc(size_t nmemb, size_t size)
{
	return should_fail() ? NULL : calloc(nmemb ? nmemb : 1, size ? size : 1);
}

void *jcsi_realloc(void *p, size_t n)
{
	return should_fail() ? NULL : realloc(p, n ? n : 1);
}

char *jcsi_strndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *d = jcsi_malloc(len + 1);

	if (d) {
		memcpy(d, s, len);
		d[len] = '\0';
	}
	return d;
}

char *jcsi_strdup(const char *s)
{
	return jcsi_strndup(s, (size_t)-1);
}

char *jcsi_asprintf(const char *fmt, ...)
{
	va_list ap;
	int n;
	char *s;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	s = jcsi_malloc((size_t)n + 1);
	if (!s)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

void jcsi_free(void *p)
{
	free(p);
}

/*
 * fixture.h - for unit tests that read a hand-written result document
 * (tests/data/results/) or a reporter's output: load a fixture, write a
 * small file into a test's scratch directory, and catch what a writer
 * prints in a string. Header-only (each test program includes it once),
 * so the same few lines are not copied into every test.
 * Functions are static inline: a test program uses only some of them.
 */
#ifndef JCSTAR_TEST_FIXTURE_H
#define JCSTAR_TEST_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

/* tests/data/results/NAME under $JCSTAR_SOURCE_ROOT (or the current
   directory), parsed; the test fails with file:line when it does not
   parse. The caller json_decref()s it. */
static inline json_t *result_fixture(const char *name)
{
	const char *root = getenv("JCSTAR_SOURCE_ROOT");
	char path[4096];
	json_error_t e;
	json_t *doc;

	snprintf(path, sizeof(path), "%s/tests/data/results/%s",
		 root ? root : ".", name);
	doc = json_load_file(path, 0, &e);
	if (!doc)
		fail_msg("%s:%d: %s", path, e.line, e.text);
	return doc;
}

/* Writes TEXT as DIR/NAME, failing the test when the file cannot be
   created. */
static inline void write_file(const char *dir, const char *name, const char *text)
{
	char p[4096];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* A stream into memory: memout_open() returns the stream to write to
   (the test fails if it cannot be made), memout_close() ends it and hands
   over what was written, NUL-terminated (caller frees). */
struct memout {
	char *buf;
	size_t len;
	FILE *f;
};

static inline FILE *memout_open(struct memout *m)
{
	m->buf = NULL;
	m->len = 0;
	m->f = open_memstream(&m->buf, &m->len);
	assert_non_null(m->f);
	return m->f;
}

static inline char *memout_close(struct memout *m)
{
	fclose(m->f);
	return m->buf;
}

#endif

/*
 * json_stream.c - see json_stream.h. One byte at a time: the state
 * survives any cut between two reads, which the fuzz target checks by
 * feeding the same input in pieces of every size.
 */
#include "json_stream.h"

#include <stdio.h>
#include <string.h>

#include <zlib.h>

#include "../core/mem.h"

#define READ_CHUNK (256u << 10)

void jcsi_jstream_init(struct jcsi_jstream *s, const char *key,
		       jcsi_jstream_fn fn, void *user)
{
	memset(s, 0, sizeof(*s));
	s->key = key;
	s->fn = fn;
	s->user = user;
	s->element_max = JCSI_JSTREAM_ELEMENT_MAX;
}

void jcsi_jstream_free(struct jcsi_jstream *s)
{
	jcsi_free(s->buf);
	s->buf = NULL;
	s->len = s->cap = 0;
}

static jcs_rc keep(struct jcsi_jstream *s, const char *p, size_t n)
{
	if (s->len + n > s->element_max)
		return JCS_E_LIMIT;
	if (s->len + n > s->cap) {
		size_t cap = s->cap ? s->cap : 4096;
		char *b;

		while (cap < s->len + n)
			cap *= 2;
		b = jcsi_realloc(s->buf, cap);
		if (!b)
			return JCS_E_NOMEM;
		s->buf = b;
		s->cap = cap;
	}
	memcpy(s->buf + s->len, p, n);
	s->len += n;
	return JCS_OK;
}

/* A string at depth 1 outside the array: compare it with KEY as it goes. */
static void key_byte(struct jcsi_jstream *s, char c)
{
	size_t klen = strlen(s->key);

	if (s->key_pos >= klen || s->key[s->key_pos] != c)
		s->key_ok = 0;
	s->key_pos++;
}

static jcs_rc structural(struct jcsi_jstream *s, char c)
{
	switch (c) {
	case '"':
		s->in_string = 1;
		if (s->depth == 1 && !s->capturing) {
			s->key_pos = 0;
			s->key_ok = 1;
		}
		return JCS_OK;
	case '{':
	case '[':
		if (!s->started) {
			if (c != '{')
				return JCS_E_FORMAT;
			s->started = 1;
		} else if (s->in_array && s->depth == 2) {
			if (c != '{')
				return JCS_E_FORMAT;
			s->capturing = 1;
			s->len = 0;
		} else if (s->depth == 1 && c == '[' && s->armed &&
			   !s->array_done) {
			s->in_array = 1;
		}
		s->armed = 0;
		if (s->depth >= JCSI_JSTREAM_DEPTH_MAX)
			return JCS_E_LIMIT;
		s->depth++;
		return JCS_OK;
	case '}':
	case ']':
		if (s->depth == 0)
			return JCS_E_FORMAT;
		s->depth--;
		if (s->in_array && s->depth == 1) {
			s->in_array = 0;
			s->array_done = 1;
		}
		return JCS_OK;
	case ':':
		if (s->depth == 1 && s->pending_key)
			s->armed = s->key_match;
		s->pending_key = 0;
		return JCS_OK;
	case ' ': case '\t': case '\r': case '\n':
		return JCS_OK;
	case ',':
		s->armed = 0;
		s->pending_key = 0;
		return JCS_OK;
	default:
		/* a scalar: inside the wanted array it is a bad element */
		if (s->in_array && s->depth == 2)
			return JCS_E_FORMAT;
		if (!s->started)
			return JCS_E_FORMAT;
		s->armed = 0;
		return JCS_OK;
	}
}

jcs_rc jcsi_jstream_feed(struct jcsi_jstream *s, const char *data,
			 size_t len, char *err, size_t errlen)
{
	size_t mark = 0; /* start of the element bytes not yet kept */
	jcs_rc rc = JCS_OK;
	int from_fn = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		char c = data[i];
		int was_capturing = s->capturing;

		if (s->in_string) {
			if (s->escape) {
				s->escape = 0;
			} else if (c == '\\') {
				s->escape = 1;
				s->key_ok = 0; /* no key of ours has escapes */
			} else if (c == '"') {
				s->in_string = 0;
				if (s->depth == 1 && !s->capturing) {
					s->pending_key = 1;
					s->key_match = s->key_ok &&
						s->key_pos == strlen(s->key);
				}
			}
			if (!s->escape && s->in_string && s->depth == 1 &&
			    !s->capturing && c != '\\')
				key_byte(s, c);
			continue;
		}
		rc = structural(s, c);
		if (rc != JCS_OK)
			break;
		if (!was_capturing && s->capturing)
			mark = i;
		if (s->capturing && s->depth == 2) {
			/* the element closed at byte i */
			rc = keep(s, data + mark, i + 1 - mark);
			if (rc != JCS_OK)
				break;
			s->capturing = 0;
			s->elements++;
			rc = s->fn(s->buf, s->len, s->user);
			s->len = 0;
			if (rc != JCS_OK) {
				from_fn = 1;
				break;
			}
		}
	}
	if (rc == JCS_OK && s->capturing) {
		rc = keep(s, data + mark, len - mark);
	}
	if (rc != JCS_OK && err && errlen) {
		uint64_t at = s->offset + i;

		if (from_fn) {
			char why[384];

			snprintf(why, sizeof(why), "%s", err[0] ? err :
				 jcs_strerror(rc));
			snprintf(err, errlen, "record %llu (ending at byte "
				 "%llu): %s", (unsigned long long)s->elements,
				 (unsigned long long)at, why);
		} else if (rc == JCS_E_LIMIT)
			snprintf(err, errlen, "byte %llu: element or nesting "
				 "over the limit", (unsigned long long)at);
		else if (rc == JCS_E_FORMAT)
			snprintf(err, errlen, "byte %llu: not the expected "
				 "JSON structure", (unsigned long long)at);
		else
			snprintf(err, errlen, "byte %llu: %s",
				 (unsigned long long)at, jcs_strerror(rc));
	}
	s->offset += len;
	return rc;
}

jcs_rc jcsi_jstream_finish(struct jcsi_jstream *s, char *err, size_t errlen)
{
	if (!s->started || s->capturing || s->in_array || s->depth) {
		if (err && errlen)
			snprintf(err, errlen, "byte %llu: the document ends "
				 "inside %s", (unsigned long long)s->offset,
				 s->capturing ? "an element" :
				 s->in_array ? "the array" : "the top object");
		return JCS_E_TRUNCATED;
	}
	return JCS_OK;
}

jcs_rc jcsi_jstream_read_file(const char *file,
			      const struct jcsi_jstream_file *f, char *err,
			      size_t errlen)
{
	struct jcsi_jstream js;
	char *buf = jcsi_malloc(READ_CHUNK);
	gzFile gz = buf ? gzopen(file, "rb") : NULL;
	jcs_rc rc = JCS_OK;
	int n;

	if (!gz) {
		jcsi_free(buf);
		snprintf(err, errlen, "%s: cannot open", file);
		return buf ? JCS_E_IO : JCS_E_NOMEM;
	}
	gzbuffer(gz, 128u << 10);
	jcsi_jstream_init(&js, f->key, f->fn, f->user);
	while (rc == JCS_OK && (n = gzread(gz, buf, READ_CHUNK)) > 0)
		rc = jcsi_jstream_feed(&js, buf, (size_t)n, f->why, f->whylen);
	if (rc == JCS_OK && f->gz_errors) {
		int e;
		const char *msg = gzerror(gz, &e);

		if (e != Z_OK && e != Z_STREAM_END) {
			snprintf(f->why, f->whylen, "decompression: %s", msg);
			rc = JCS_E_CORRUPT;
		}
	}
	if (rc == JCS_OK)
		rc = jcsi_jstream_finish(&js, f->why, f->whylen);
	if (rc == JCS_OK && !js.array_done) {
		snprintf(f->why, f->whylen, "%s", f->missing);
		rc = JCS_E_FORMAT;
	}
	if (rc != JCS_OK)
		snprintf(err, errlen, "%s: %s", file, f->why);
	jcsi_jstream_free(&js);
	jcsi_free(buf);
	gzclose(gz);
	return rc;
}

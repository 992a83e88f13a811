/*
 * json_stream.h - finds the elements of one top-level array of a JSON
 * document read in pieces, so a feed of hundreds of megabytes (NVD's
 * yearly files, the KEV catalog) is imported one record at a time in
 * bounded memory. jansson parses whole documents only; this splitter does
 * not parse JSON, it tracks strings, escapes and nesting depth and hands
 * each complete object of `{"KEY": [ {...}, {...} ]}` to a callback, which
 * json_loadb's it (and so validates it).
 *
 * What it checks: the document starts with '{'; the array's elements are
 * objects; no element is longer than the limit; the nesting never goes
 * deeper than JCSI_JSTREAM_DEPTH_MAX; the array is closed by the end.
 * Everything outside the elements is skipped without validation (it is
 * feed metadata jcstar does not use).
 */
#ifndef JCSTAR_JSON_STREAM_H
#define JCSTAR_JSON_STREAM_H

#include <stddef.h>
#include <stdint.h>

#include "jcstar/jcstar.h"

#define JCSI_JSTREAM_DEPTH_MAX 512
/* Longest element kept by default (NVD's largest CVE records are ~2 MB). */
#define JCSI_JSTREAM_ELEMENT_MAX (32u << 20)

/* Called with one element (not NUL-terminated); non-OK stops the split. */
typedef jcs_rc (*jcsi_jstream_fn)(const char *elem, size_t len, void *user);

struct jcsi_jstream {
	const char *key;        /* name of the top-level array */
	size_t element_max;
	jcsi_jstream_fn fn;
	void *user;
	/* state */
	unsigned depth;
	int in_string, escape;
	int started;            /* saw the opening '{' */
	int in_array;           /* inside the wanted array (depth 2) */
	int array_done;
	int key_match;          /* the last depth-1 string was KEY */
	int capturing;          /* inside an element */
	size_t key_pos;         /* bytes of the current depth-1 string */
	int key_ok;             /* ... all of them equal KEY so far */
	int pending_key;        /* depth-1 string read, waiting for ':' */
	int armed;              /* KEY ':' seen, waiting for '[' */
	char *buf;
	size_t len, cap;
	uint64_t offset;        /* bytes fed so far, for error messages */
	uint64_t elements;
};

void jcsi_jstream_init(struct jcsi_jstream *s, const char *key,
		       jcsi_jstream_fn fn, void *user);
/*
 * Feeds the next LEN bytes. JCS_E_FORMAT for a document that is not an
 * object or an element that is not an object, JCS_E_LIMIT for an element
 * over element_max or nesting over the maximum, JCS_E_NOMEM; the
 * callback's code when it fails. ERR gets the byte offset.
 */
jcs_rc jcsi_jstream_feed(struct jcsi_jstream *s, const char *data,
			 size_t len, char *err, size_t errlen);
/* End of input: JCS_E_TRUNCATED when an element or the array is open. */
jcs_rc jcsi_jstream_finish(struct jcsi_jstream *s, char *err, size_t errlen);
void jcsi_jstream_free(struct jcsi_jstream *s);

/*
 * A feed file split by array KEY: the importers' whole read loop. FN
 * writes its reasons into WHY, as the splitter does, and MISSING is the
 * reason when the document has no KEY array; a failure leaves
 * "FILE: reason" in ERR. With GZ_ERRORS a damaged gzip stream fails as
 * JCS_E_CORRUPT instead of as whatever its cut-off JSON looks like.
 */
struct jcsi_jstream_file {
	const char *key;
	jcsi_jstream_fn fn;
	void *user;
	const char *missing;
	int gz_errors;
	char *why;
	size_t whylen;
};

/* FILE may be gzip or plain (gzread passes plain files through). */
jcs_rc jcsi_jstream_read_file(const char *file,
			      const struct jcsi_jstream_file *f, char *err,
			      size_t errlen);

#endif

/*
 * test_yaffs2.c - the YAFFS2 unpacker (lib/source/unpack/unpack_yaffs2.c)
 * on tiny images built here chunk by chunk (data + spare with packed
 * tags), in both byte orders and several NAND geometries; rewritten
 * chunks (newest sequence number wins); then hostile variants (parent
 * loops, deep nesting, huge sizes, truncation, garbage tags, bad hard
 * links, unterminated names) that must end with failures recorded and
 * never a crash (the ASan build runs this too), and a one-byte mutation
 * sweep over every byte of an image.
 *
 * Debian 12 has no YAFFS2 packer (only the unyaffs extractor), so these
 * images are the only YAFFS2 test inputs besides the fuzz corpus.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jcstar/jcstar.h"

#define IMG_MAX (1 << 20)
#define SEQ 0x1000u

struct yimg {
	uint8_t d[IMG_MAX];
	size_t len;
	uint32_t chunk, spare, toff;
	int be;
};

static struct yimg img, work;

static struct jcs_unpack_stats run(const void *d, size_t n)
{
	struct jcs_unpack_stats s;

	memset(&s, 0xa5, sizeof(s));
	assert_int_equal(jcs_unpack_buffer(d, n, "yaffs2", &s), JCS_OK);
	return s;
}

static void p32(const struct yimg *im, uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (im->be ? 24 - 8 * i : 8 * i));
}

static void y_init(struct yimg *im, uint32_t chunk, uint32_t spare,
		   uint32_t toff, int be)
{
	im->len = 0;
	im->chunk = chunk;
	im->spare = spare;
	im->toff = toff;
	im->be = be;
}

/* A new chunk filled with 0xff; returns its offset. */
static size_t y_chunk(struct yimg *im)
{
	size_t o = im->len;

	im->len += im->chunk + im->spare;
	assert_true(im->len <= IMG_MAX);
	memset(im->d + o, 0xff, im->chunk + im->spare);
	return o;
}

static void y_tags(struct yimg *im, size_t o, uint32_t seq, uint32_t obj,
		   uint32_t cid, uint32_t nbytes)
{
	uint8_t *t = im->d + o + im->chunk + im->toff;

	p32(im, t, seq);
	p32(im, t + 4, obj);
	p32(im, t + 8, cid);
	p32(im, t + 12, nbytes);
}

struct hdr {
	uint32_t type, parent;
	const char *name;
	uint32_t mode;
	uint64_t size;
	uint32_t equiv;
	const char *alias;
	uint32_t rdev;
};

/* An object header chunk (with extra tags, as mkyaffs2image writes). */
static size_t y_hdr(struct yimg *im, uint32_t obj, const struct hdr *h,
		    uint32_t seq)
{
	size_t o = y_chunk(im);
	uint8_t *p = im->d + o;

	p32(im, p, h->type);
	p32(im, p + 4, h->parent);
	memset(p + 10, 0, 256);
	strncpy((char *)p + 10, h->name, 255);
	p32(im, p + 268, h->mode);
	p32(im, p + 272, 1000);
	p32(im, p + 276, 100);
	p32(im, p + 284, 1700000000u);
	p32(im, p + 292, (uint32_t)h->size);
	p32(im, p + 296, h->equiv);
	memset(p + 300, 0, 160);
	if (h->alias)
		strncpy((char *)p + 300, h->alias, 159);
	p32(im, p + 460, h->rdev);
	p32(im, p + 496, (uint32_t)(h->size >> 32));
	y_tags(im, o, seq, obj | h->type << 28, 0x80000000u | h->parent,
	       (uint32_t)h->size);
	return o;
}

static size_t y_data(struct yimg *im, uint32_t obj, uint32_t cid,
		     uint8_t fill, uint32_t n, uint32_t seq)
{
	size_t o = y_chunk(im);

	memset(im->d + o, fill, n);
	y_tags(im, o, seq, obj, cid, n);
	return o;
}

/* root; etc/ (dir 257), etc/passwd (258, 3000 bytes in two chunks of the
   2048 geometry), link -> etc/passwd, hl = hard link to etc/passwd,
   null (char 1:3), fifo. Returns the regular bytes written. */
static uint64_t y_build(struct yimg *im, uint32_t chunk, uint32_t spare,
			uint32_t toff, int be)
{
	struct hdr root = {3, 1, "", 040755, 0, 0, NULL, 0};
	struct hdr etc = {3, 1, "etc", 040755, 0, 0, NULL, 0};
	struct hdr pw = {1, 257, "passwd", 0100644, 3000, 0, NULL, 0};
	struct hdr ln = {2, 1, "link", 0120777, 0, 0, "etc/passwd", 0};
	struct hdr hl = {4, 1, "hl", 0, 0, 258, NULL, 0};
	struct hdr nul = {5, 1, "null", 020666, 0, 0, NULL, 0x103};
	struct hdr ff = {5, 1, "fifo", 010644, 0, 0, NULL, 0};
	uint32_t left = 3000, cid = 1;

	y_init(im, chunk, spare, toff, be);
	y_hdr(im, 1, &root, SEQ);
	y_hdr(im, 257, &etc, SEQ);
	while (left) {
		uint32_t n = left < chunk ? left : chunk;

		y_data(im, 258, cid++, 'p', n, SEQ);
		left -= n;
	}
	y_hdr(im, 258, &pw, SEQ);
	y_hdr(im, 259, &ln, SEQ);
	y_hdr(im, 260, &hl, SEQ);
	y_hdr(im, 261, &nul, SEQ);
	y_hdr(im, 262, &ff, SEQ);
	return 3000;
}

static void test_good(void **state)
{
	static const uint32_t geo[][4] = {
		{2048, 64, 0, 0}, {2048, 64, 2, 0}, {2048, 64, 0, 1},
		{4096, 128, 2, 1}, {512, 16, 0, 0}, {4096, 224, 0, 0}};
	struct jcs_unpack_stats s;

	(void)state;
	for (size_t i = 0; i < sizeof(geo) / sizeof(geo[0]); i++) {
		uint64_t bytes = y_build(&img, geo[i][0], geo[i][1],
					 geo[i][2], (int)geo[i][3]);

		s = run(img.d, img.len);
		assert_int_equal(s.failures, 0);
		/* the hard link counts as a file (its bytes once) */
		assert_int_equal(s.files, 2);
		assert_int_equal(s.entries, 6);
		assert_int_equal(s.bytes_out, bytes);
		/* carving: found behind other bytes too */
		memset(work.d, 0, 4096);
		memcpy(work.d + 4096, img.d, img.len);
		assert_int_equal(jcs_unpack_buffer(work.d, img.len + 4096,
						   NULL, &s), JCS_OK);
		assert_true(s.files >= 1);
	}
}

static void test_rewrites_and_holes(void **state)
{
	struct hdr pw2 = {1, 257, "passwd", 0100600, 5000, 0, NULL, 0};
	struct hdr gone = {1, 4, "deleted", 0100600, 10, 0, NULL, 0};
	struct jcs_unpack_stats s;

	(void)state;
	y_build(&img, 2048, 64, 0, 0);
	/* a newer first chunk, then the file grown to 5000 with chunk 3
	   present and chunk 2 short: a hole of zeros in between */
	y_data(&img, 258, 1, 'q', 2048, SEQ + 1);
	y_data(&img, 258, 3, 'r', 5000 - 4096, SEQ + 1);
	y_hdr(&img, 258, &pw2, SEQ + 1);
	/* a deleted file: not extracted, not reported */
	y_hdr(&img, 263, &gone, SEQ + 1);
	y_data(&img, 263, 1, 'd', 10, SEQ + 1);
	/* erased chunks at the end */
	y_chunk(&img);
	y_chunk(&img);
	s = run(img.d, img.len);
	assert_int_equal(s.failures, 0);
	assert_int_equal(s.files, 2);
	assert_int_equal(s.entries, 6);
	assert_int_equal(s.bytes_out, 5000);
}

/* As the classic mkyaffs2image (and unyaffs) lay it out: no root header,
   headers tagged chunk 0 with byte count 0xffff, data after its header. */
static void test_plain_tags(void **state)
{
	struct hdr etc = {3, 1, "etc", 040755, 0, 0, NULL, 0};
	struct hdr pw = {1, 257, "passwd", 0100644, 3000, 0, NULL, 0};
	struct hdr hl = {4, 1, "hl", 0, 0, 258, NULL, 0};
	struct hdr ff = {5, 1, "fifo", 010644, 0, 0, NULL, 0};
	struct jcs_unpack_stats s;
	size_t o;

	(void)state;
	for (int be = 0; be < 2; be++) {
		y_init(&img, 2048, 64, 0, be);
		o = y_hdr(&img, 257, &etc, SEQ);
		y_tags(&img, o, SEQ, 257, 0, 0xffff);
		o = y_hdr(&img, 258, &pw, SEQ);
		y_tags(&img, o, SEQ, 258, 0, 0xffff);
		y_data(&img, 258, 1, 'a', 2048, SEQ);
		y_data(&img, 258, 2, 'b', 952, SEQ);
		o = y_hdr(&img, 259, &hl, SEQ);
		y_tags(&img, o, SEQ, 259, 0, 0xffff);
		o = y_hdr(&img, 260, &ff, SEQ);
		y_tags(&img, o, SEQ, 260, 0, 0xffff);
		s = run(img.d, img.len);
		assert_int_equal(s.failures, 0);
		assert_int_equal(s.files, 2);
		assert_int_equal(s.entries, 4);
		assert_int_equal(s.bytes_out, 3000);
	}
}

static void test_hostile(void **state)
{
	struct hdr a = {3, 300, "a", 040755, 0, 0, NULL, 0};
	struct hdr b = {3, 301, "b", 040755, 0, 0, NULL, 0};
	struct hdr huge = {1, 1, "huge", 0100644, 1ull << 50, 0, NULL, 0};
	struct hdr hl_dir = {4, 1, "hl_dir", 0, 0, 257, NULL, 0};
	struct hdr hl_none = {4, 1, "hl_none", 0, 0, 9999, NULL, 0};
	struct hdr self = {3, 302, "self", 040755, 0, 0, NULL, 0};
	struct hdr sparse = {1, 1, "sparse", 0100644, 100000, 0, NULL, 0};
	struct jcs_unpack_stats s;
	size_t o;

	(void)state;
	/* a parent loop (300 <-> 301), a directory that is its own parent,
	   a huge file, hard links to a directory and to nothing, a file
	   whose chunks are missing and data chunks past its size */
	y_build(&img, 2048, 64, 0, 0);
	y_hdr(&img, 300, &b, SEQ);
	y_hdr(&img, 301, &a, SEQ);
	y_hdr(&img, 302, &self, SEQ);
	y_hdr(&img, 303, &huge, SEQ);
	y_hdr(&img, 304, &hl_dir, SEQ);
	y_hdr(&img, 305, &hl_none, SEQ);
	y_hdr(&img, 306, &sparse, SEQ);
	y_data(&img, 306, 0x7fffffff, 'x', 2048, SEQ);
	y_data(&img, 306, 2, 'x', 2048, SEQ);
	s = run(img.d, img.len);
	assert_true(s.failures >= 4);
	assert_int_equal(s.files, 3); /* passwd, hl, sparse (short) */

	/* garbage tags in the middle, byte counts past the chunk */
	y_build(&img, 2048, 64, 0, 0);
	o = 2 * (2048 + 64);
	memset(img.d + o + 2048, 0x5a, 16);
	y_data(&img, 500, 1, 'z', 2048, SEQ);
	y_tags(&img, img.len - 2112, SEQ, 500, 1, 4096);
	s = run(img.d, img.len);
	assert_true(s.failures >= 1);
	assert_int_equal(s.files, 2);

	/* truncated: in the middle of a chunk, then of the first chunk */
	y_build(&img, 2048, 64, 0, 0);
	s = run(img.d, img.len - 3000);
	assert_true(s.failures >= 1);
	s = run(img.d, 2100);
	s = run(img.d, 600);

	/* a name filling its whole field, unterminated */
	y_build(&img, 2048, 64, 0, 0);
	memset(img.d + (2048 + 64) + 10, 'A', 256);
	s = run(img.d, img.len);
	assert_true(s.failures >= 1);

	/* a symlink with an unterminated target */
	y_build(&img, 2048, 64, 0, 0);
	memset(img.d + 5 * (2048 + 64) + 300, 'B', 160);
	s = run(img.d, img.len);
	assert_true(s.failures >= 1);

	/* every chunk claims to be object 1, chunk 1 */
	y_build(&img, 512, 16, 0, 0);
	for (size_t i = 1; i * 528 < img.len; i++)
		y_tags(&img, i * 528, SEQ, 1, 1, 512);
	s = run(img.d, img.len);
}

static void test_deep(void **state)
{
	struct hdr root = {3, 1, "", 040755, 0, 0, NULL, 0};
	struct jcs_unpack_stats s;

	(void)state;
	y_init(&img, 512, 16, 0, 0);
	y_hdr(&img, 1, &root, SEQ);
	for (uint32_t i = 0; i < 200; i++) {
		struct hdr d = {3, i ? 1000 + i - 1 : 1, "d", 040755, 0, 0,
				NULL, 0};

		y_hdr(&img, 1000 + i, &d, SEQ);
	}
	s = run(img.d, img.len);
	assert_true(s.failures >= 1);
	assert_true(s.entries >= 100 && s.entries < 200);
}

static void test_mutations(void **state)
{
	static const uint8_t pats[] = {0x01, 0x80, 0xff};
	struct jcs_unpack_stats s;

	(void)state;
	y_build(&img, 512, 16, 0, 0);
	for (size_t i = 0; i < img.len; i++) {
		/* the unused tail of header chunks is plain 0xff filler */
		if (i % 528 >= 464 && i % 528 < 512)
			continue;
		for (size_t k = 0; k < sizeof(pats); k++) {
			memcpy(work.d, img.d, img.len);
			work.d[i] ^= pats[k];
			jcs_unpack_buffer(work.d, img.len, "yaffs2", &s);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_rewrites_and_holes),
		cmocka_unit_test(test_plain_tags),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_deep),
		cmocka_unit_test(test_mutations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

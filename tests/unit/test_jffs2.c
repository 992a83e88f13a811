/*
 * test_jffs2.c - the JFFS2 unpacker (lib/source/unpack/unpack_jffs2.c) on
 * images built here, node by node, with correct CRCs: every compression
 * we can produce, both byte orders, version overrides, deletions and
 * truncation, then hostile images (bad CRCs, cut nodes, huge sizes,
 * directory loops, "../" names) that must fail cleanly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ftw.h>

#include <cmocka.h>
#include <lzma.h>
#include <lzo/lzo1x.h>
#include <zlib.h>

#include "jcstar/jcstar.h"

/* --- image builder --------------------------------------------------- */

struct img {
	uint8_t d[1 << 16];
	size_t len;
	int be;
	uint32_t ver; /* next version number */
};

static uint32_t jcrc(const void *p, size_t n)
{
	return (uint32_t)(crc32(0xffffffffUL, p, (uInt)n) ^ 0xffffffffUL);
}

static void put16(const struct img *im, uint8_t *p, uint16_t v)
{
	if (im->be) {
		p[0] = (uint8_t)(v >> 8);
		p[1] = (uint8_t)v;
	} else {
		p[0] = (uint8_t)v;
		p[1] = (uint8_t)(v >> 8);
	}
}

static void put32(const struct img *im, uint8_t *p, uint32_t v)
{
	if (im->be) {
		put16(im, p, (uint16_t)(v >> 16));
		put16(im, p + 2, (uint16_t)v);
	} else {
		put16(im, p, (uint16_t)v);
		put16(im, p + 2, (uint16_t)(v >> 16));
	}
}

static void img_init(struct img *im, int be)
{
	memset(im, 0, sizeof(*im));
	im->be = be;
	im->ver = 1;
}

/* Start a node of TYPE and TOTLEN bytes; returns where it starts. */
static uint8_t *node(struct img *im, uint16_t type, uint32_t totlen)
{
	uint8_t *p = im->d + im->len;
	size_t padded = (totlen + 3) & ~3u;

	assert_true(im->len + padded <= sizeof(im->d));
	memset(p, 0xff, padded);
	put16(im, p, 0x1985);
	put16(im, p + 2, type);
	put32(im, p + 4, totlen);
	put32(im, p + 8, jcrc(p, 8));
	im->len += padded;
	return p;
}

static void cleanmarker(struct img *im)
{
	node(im, 0x2003, 12);
}

static uint8_t *dirent_v(struct img *im, uint32_t pino, uint32_t version,
			 uint32_t ino, uint8_t type, const char *name)
{
	size_t n = strlen(name);
	uint8_t *p = node(im, 0xe001, (uint32_t)(40 + n));

	put32(im, p + 12, pino);
	put32(im, p + 16, version);
	put32(im, p + 20, ino);
	put32(im, p + 24, 1700000000);
	p[28] = (uint8_t)n;
	p[29] = type;
	p[30] = p[31] = 0;
	put32(im, p + 32, jcrc(p, 32));
	put32(im, p + 36, jcrc(name, n));
	memcpy(p + 40, name, n);
	return p;
}

static uint8_t *dirent(struct img *im, uint32_t pino, uint32_t ino,
		       uint8_t type, const char *name)
{
	return dirent_v(im, pino, im->ver++, ino, type, name);
}

static uint8_t *inode(struct img *im, uint32_t ino, uint32_t mode,
		      uint32_t isize, uint32_t off, uint8_t compr,
		      const void *cdata, uint32_t csize, uint32_t dsize)
{
	uint8_t *p = node(im, 0xe002, 68 + csize);

	put32(im, p + 12, ino);
	put32(im, p + 16, im->ver++);
	put32(im, p + 20, mode);
	put16(im, p + 24, 0);
	put16(im, p + 26, 0);
	put32(im, p + 28, isize);
	put32(im, p + 32, 1700000000);
	put32(im, p + 36, 1700000000);
	put32(im, p + 40, 1700000000);
	put32(im, p + 44, off);
	put32(im, p + 48, csize);
	put32(im, p + 52, dsize);
	p[56] = compr;
	p[57] = 0;
	put16(im, p + 58, 0);
	if (csize)
		memcpy(p + 68, cdata, csize);
	put32(im, p + 60, jcrc(p + 68, csize));
	put32(im, p + 64, jcrc(p, 60));
	return p;
}

/* A plain file: one uncompressed node holding all of TEXT. */
static void plain_file(struct img *im, uint32_t pino, uint32_t ino,
		       const char *name, const char *text)
{
	uint32_t n = (uint32_t)strlen(text);

	dirent(im, pino, ino, 8, name);
	inode(im, ino, 0100644, n, 0, 0, text, n, n);
}

static void dir(struct img *im, uint32_t pino, uint32_t ino, const char *name)
{
	dirent(im, pino, ino, 4, name);
	inode(im, ino, 040755, 0, 0, 0, NULL, 0, 0);
}

static struct jcs_unpack_stats run(const struct img *im)
{
	struct jcs_unpack_stats s;

	memset(&s, 0, sizeof(s));
	assert_int_equal(jcs_unpack_buffer(im->d, im->len, "jffs2", &s),
			 JCS_OK);
	return s;
}

/* --- compressed payloads -------------------------------------------- */

static size_t zlib_pack(const uint8_t *in, size_t n, uint8_t *out,
			size_t cap)
{
	uLongf olen = cap;

	assert_int_equal(compress2(out, &olen, in, n, 9), Z_OK);
	return olen;
}

static size_t lzo_pack(const uint8_t *in, size_t n, uint8_t *out)
{
	static uint8_t wrk[LZO1X_1_MEM_COMPRESS];
	lzo_uint olen = 0;

	assert_int_equal(lzo_init(), LZO_E_OK);
	assert_int_equal(lzo1x_1_compress(in, n, out, &olen, wrk), LZO_E_OK);
	return olen;
}

/* raw LZMA1, lc=0 lp=0 pb=0, 8 KiB dictionary: what JFFS2 LZMA nodes
   hold */
static size_t lzma_pack(const uint8_t *in, size_t n, uint8_t *out,
			size_t cap)
{
	lzma_options_lzma opt;
	lzma_filter f[2];
	size_t pos = 0;

	assert_false(lzma_lzma_preset(&opt, 6));
	opt.lc = 0;
	opt.lp = 0;
	opt.pb = 0;
	opt.dict_size = 0x2000;
	f[0].id = LZMA_FILTER_LZMA1;
	f[0].options = &opt;
	f[1].id = LZMA_VLI_UNKNOWN;
	f[1].options = NULL;
	assert_int_equal(lzma_raw_buffer_encode(f, NULL, in, n, out, &pos,
						cap),
			 LZMA_OK);
	return pos;
}

/* dynrubin, encoded the way fs/jffs2/compr_rubin.c does: a binary
   arithmetic coder over the bits of each byte, eight probabilities
   first. Written here so the decoder is checked against an encoder. */
struct rubin_enc {
	uint8_t *out;
	size_t bit;
	unsigned long p, q;
};

static void rubin_push(struct rubin_enc *r, int b)
{
	if (b)
		r->out[r->bit / 8] |= (uint8_t)(0x80 >> (r->bit & 7));
	r->bit++;
}

static size_t dynrubin_pack(const uint8_t *in, size_t n, uint8_t *out)
{
	const unsigned long upper = 1ul << 15, lower = upper - 1;
	struct rubin_enc r = {out + 8, 0, 2 * (1ul << 15), 0};
	long bits[8];

	/* each bit's probability of being 1, in 256ths, from the data */
	for (int i = 0; i < 8; i++) {
		size_t ones = 0;

		for (size_t k = 0; k < n; k++)
			ones += (in[k] >> i) & 1;
		bits[i] = (long)(ones * 256 / n);
		bits[i] = bits[i] < 1 ? 1 : bits[i] > 255 ? 255 : bits[i];
		out[i] = (uint8_t)bits[i];
	}
	memset(out + 8, 0, n + 64);
	for (size_t k = 0; k < n; k++) {
		for (int i = 0; i < 8; i++) {
			long a = 256 - bits[i], b = bits[i], i0;

			while (r.q >= upper || r.p + r.q <= upper) {
				rubin_push(&r, (r.q & upper) != 0);
				r.q = (r.q & lower) << 1;
				r.p <<= 1;
			}
			i0 = a * (long)r.p / (a + b);
			if (i0 <= 0)
				i0 = 1;
			if ((unsigned long)i0 >= r.p)
				i0 = (long)r.p - 1;
			if ((in[k] >> i) & 1) {
				r.q += (unsigned long)i0;
				r.p -= (unsigned long)i0;
			} else {
				r.p = (unsigned long)i0;
			}
		}
	}
	for (int i = 0; i < 16; i++) {
		rubin_push(&r, (r.q & upper) != 0);
		r.q = (r.q & lower) << 1;
	}
	/* fitted probabilities never cost more than a byte per byte */
	assert_true((r.bit + 7) / 8 <= n + 64);
	return 8 + (r.bit + 7) / 8;
}

/* A page of text that compresses well. */
static void page_text(uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)("jcstar jffs2 test data\n"[i % 23]);
}

/* --- well-formed images ---------------------------------------------- */

/* Every file kind and every compression we can produce; returns the
   number of regular files and their total size. */
static void build_full(struct img *im, int be, size_t *files, size_t *bytes)
{
	uint8_t page[4096], c[8192];
	/* rtime: 'a' literal, then 'a' with a run of 3 = "aaaaa" */
	static const uint8_t rt[] = {'a', 0, 'a', 3};
	size_t n;
	uint32_t dev_new = (4u << 8) | 64; /* 4:64, new encoding */

	img_init(im, be);
	cleanmarker(im);
	dir(im, 1, 2, "etc");
	dir(im, 2, 3, "init.d");
	plain_file(im, 2, 4, "passwd", "root:x:0:0::/root:/bin/sh\n");
	page_text(page, sizeof(page));

	/* zlib, two pages */
	dirent(im, 1, 5, 8, "zlib.txt");
	n = zlib_pack(page, sizeof(page), c, sizeof(c));
	inode(im, 5, 0100644, 8192, 0, 6, c, (uint32_t)n, 4096);
	inode(im, 5, 0100644, 8192, 4096, 6, c, (uint32_t)n, 4096);
	/* lzo */
	dirent(im, 3, 6, 8, "lzo.sh");
	n = lzo_pack(page, sizeof(page), c);
	inode(im, 6, 0100755, 4096, 0, 7, c, (uint32_t)n, 4096);
	/* lzma */
	dirent(im, 1, 7, 8, "lzma.bin");
	n = lzma_pack(page, sizeof(page), c, sizeof(c));
	inode(im, 7, 0100644, 4096, 0, 8, c, (uint32_t)n, 4096);
	/* dynrubin */
	dirent(im, 1, 15, 8, "rubin.txt");
	n = dynrubin_pack(page, 1000, c);
	inode(im, 15, 0100644, 1000, 0, 5, c, (uint32_t)n, 1000);
	/* rtime */
	dirent(im, 1, 8, 8, "rtime.txt");
	inode(im, 8, 0100644, 5, 0, 2, rt, sizeof(rt), 5);
	/* a hole (zero node) then data: 100 zeros + "end" */
	dirent(im, 1, 9, 8, "sparse");
	inode(im, 9, 0100644, 100, 0, 1, NULL, 0, 100);
	inode(im, 9, 0100644, 103, 100, 0, "end", 3, 3);
	/* symlink, devices, fifo, socket */
	dirent(im, 1, 10, 10, "link");
	inode(im, 10, 0120777, 10, 0, 0, "etc/passwd", 10, 10);
	dirent(im, 1, 11, 2, "ttyS0");
	{
		uint8_t d4[4];

		put32(im, d4, dev_new);
		inode(im, 11, 020660, 4, 0, 0, d4, 4, 4);
	}
	dirent(im, 1, 12, 6, "mtdblock0");
	{
		uint8_t d2[2];

		put16(im, d2, (31 << 8) | 2);
		inode(im, 12, 060640, 2, 0, 0, d2, 2, 2);
	}
	dirent(im, 1, 13, 1, "fifo");
	inode(im, 13, 010600, 0, 0, 0, NULL, 0, 0);
	dirent(im, 1, 14, 12, "sock");
	inode(im, 14, 0140600, 0, 0, 0, NULL, 0, 0);
	/* a hard link to passwd */
	dirent(im, 1, 4, 8, "passwd.link");
	/* passwd, zlib, lzo, lzma, rubin, rtime, sparse, the link's copy
	   (which a dry run counts without bytes) */
	*files = 8;
	*bytes = 26 + 8192 + 4096 + 4096 + 1000 + 5 + 103;
}

static void test_full(void **state, int be)
{
	struct img *im = malloc(sizeof(*im));
	struct jcs_unpack_stats s;
	size_t files, bytes;

	(void)state;
	assert_non_null(im);
	build_full(im, be, &files, &bytes);
	s = run(im);
	assert_int_equal(s.failures, 0);
	assert_int_equal(s.refused, 0);
	assert_int_equal(s.containers, 1);
	assert_int_equal(s.files, files);
	/* 2 dirs + files + symlink + 2 devices + fifo + socket */
	assert_true(s.entries >= 2 + files + 1 + 2 + 2);
	assert_int_equal(s.bytes_out, bytes);
	free(im);
}

static void test_full_le(void **state)
{
	test_full(state, 0);
}

static void test_full_be(void **state)
{
	test_full(state, 1);
}

/* Read FILE under DIR into BUF; returns its size or -1. */
static long slurp(const char *dirp, const char *file, char *buf, size_t cap)
{
	char path[1024];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/0001-jffs2/%s", dirp, file);
	f = fopen(path, "rb");
	if (!f)
		return -1;
	n = fread(buf, 1, cap, f);
	fclose(f);
	return (long)n;
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Written to disk and read back: contents after overrides, deletions,
   renames and truncations. */
static void test_contents(void **state)
{
	struct img *im = malloc(sizeof(*im));
	char tmpl[] = "/tmp/jcstar-jffs2-XXXXXX", path[128], out[128];
	static char buf[16384];
	uint8_t page[4096], c[8192];
	struct jcs_unpack_opts o;
	struct jcs_unpack_stats s;
	char err[256];
	FILE *f;
	size_t n;
	long got;

	(void)state;
	assert_non_null(im);
	assert_non_null(mkdtemp(tmpl));
	img_init(im, 0);
	/* v1 "hello world", v2 overwrites "HELLO" at 0 */
	dirent(im, 1, 2, 8, "over");
	inode(im, 2, 0100644, 11, 0, 0, "hello world", 11, 11);
	inode(im, 2, 0100644, 11, 0, 0, "HELLO", 5, 5);
	/* written, then deleted by a later dirent with inode 0 */
	plain_file(im, 1, 3, "gone", "bye");
	dirent(im, 1, 0, 8, "gone");
	/* renamed: old name deleted, new name added */
	plain_file(im, 1, 4, "old", "moved");
	dirent(im, 1, 4, 8, "new");
	dirent(im, 1, 0, 8, "old");
	/* 10 bytes, truncated to 4, extended by a write at 6 */
	dirent(im, 1, 5, 8, "trunc");
	inode(im, 5, 0100644, 10, 0, 0, "0123456789", 10, 10);
	inode(im, 5, 0100644, 4, 0, 0, NULL, 0, 0);
	inode(im, 5, 0100644, 8, 6, 0, "xy", 2, 2);
	/* nodes out of order on flash: version decides, not position */
	dirent(im, 1, 6, 8, "order");
	im->ver = 1000;
	inode(im, 6, 0100644, 3, 0, 0, "new", 3, 3);
	im->ver = 500;
	inode(im, 6, 0100644, 3, 0, 0, "old", 3, 3);
	im->ver = 2000;
	/* lzma and dynrubin pages, checked byte for byte */
	page_text(page, sizeof(page));
	dirent(im, 1, 8, 8, "rubin");
	n = dynrubin_pack(page, 2000, c);
	inode(im, 8, 0100644, 2000, 0, 5, c, (uint32_t)n, 2000);
	dirent(im, 1, 7, 8, "lzma");
	n = lzma_pack(page, sizeof(page), c, sizeof(c));
	inode(im, 7, 0100644, 4096, 0, 8, c, (uint32_t)n, 4096);

	snprintf(path, sizeof(path), "%s/image.jffs2", tmpl);
	snprintf(out, sizeof(out), "%s/out", tmpl);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(im->d, 1, im->len, f), im->len);
	fclose(f);
	jcs_unpack_opts_default(&o);
	assert_int_equal(jcs_unpack(path, out, &o, &s, err, sizeof(err)),
			 JCS_OK);
	assert_int_equal(s.failures, 0);

	got = slurp(out, "over", buf, sizeof(buf));
	assert_int_equal(got, 11);
	assert_memory_equal(buf, "HELLO world", 11);
	assert_int_equal(slurp(out, "gone", buf, sizeof(buf)), -1);
	assert_int_equal(slurp(out, "old", buf, sizeof(buf)), -1);
	assert_int_equal(slurp(out, "new", buf, sizeof(buf)), 5);
	assert_memory_equal(buf, "moved", 5);
	assert_int_equal(slurp(out, "trunc", buf, sizeof(buf)), 8);
	assert_memory_equal(buf, "0123\0\0xy", 8);
	assert_int_equal(slurp(out, "order", buf, sizeof(buf)), 3);
	assert_memory_equal(buf, "new", 3);
	assert_int_equal(slurp(out, "lzma", buf, sizeof(buf)), 4096);
	assert_memory_equal(buf, page, 4096);
	assert_int_equal(slurp(out, "rubin", buf, sizeof(buf)), 2000);
	assert_memory_equal(buf, page, 2000);

	assert_int_equal(nftw(tmpl, rm_one, 16, FTW_DEPTH | FTW_PHYS), 0);
	free(im);
}

/* An erased partition with only cleanmarkers is an empty file system. */
static void test_empty(void **state)
{
	struct img *im = malloc(sizeof(*im));
	struct jcs_unpack_stats s;

	(void)state;
	img_init(im, 0);
	cleanmarker(im);
	memset(im->d + im->len, 0xff, 4096);
	im->len += 4096;
	s = run(im);
	assert_int_equal(s.failures, 0);
	assert_int_equal(s.files, 0);
	free(im);
}

/* --- hostile images -------------------------------------------------- */

static void test_bad_crcs(void **state)
{
	struct img *im = malloc(sizeof(*im));
	struct jcs_unpack_stats s;
	uint8_t *p;

	(void)state;
	img_init(im, 0);
	cleanmarker(im);
	plain_file(im, 1, 2, "good", "fine");
	/* header CRC */
	dirent(im, 1, 3, 8, "badhdr");
	p = inode(im, 3, 0100644, 4, 0, 0, "data", 4, 4);
	p[8] ^= 1;
	/* node CRC */
	dirent(im, 1, 4, 8, "badnode");
	p = inode(im, 4, 0100644, 4, 0, 0, "data", 4, 4);
	p[64] ^= 1;
	/* data CRC */
	dirent(im, 1, 5, 8, "baddata");
	p = inode(im, 5, 0100644, 4, 0, 0, "data", 4, 4);
	p[68] ^= 1;
	/* dirent name CRC */
	p = dirent(im, 1, 6, 8, "badname");
	p[36] ^= 1;
	s = run(im);
	assert_int_equal(s.files, 1);
	/* 3 damaged nodes + 3 files without any inode node */
	assert_true(s.failures >= 4);
	free(im);
}

static void test_truncated(void **state)
{
	struct img *im = malloc(sizeof(*im));
	struct jcs_unpack_stats s;
	size_t cut;

	(void)state;
	img_init(im, 1);
	plain_file(im, 1, 2, "a", "first file");
	cut = im->len;
	plain_file(im, 1, 3, "b", "second file, cut off in the middle");
	/* every cut point: no crash, never more than the whole files */
	for (size_t l = 12; l <= im->len; l++) {
		memset(&s, 0, sizeof(s));
		jcs_unpack_buffer(im->d, l, "jffs2", &s);
		assert_true(s.files <= 2);
		if (l >= cut && l < im->len - 60)
			assert_true(s.files <= 1);
	}
	free(im);
}

static void test_huge_sizes(void **state)
{
	struct img *im = malloc(sizeof(*im));
	struct jcs_unpack_stats s;
	uint8_t *p;

	(void)state;
	img_init(im, 0);
	/* isize 4 GiB - 1 with 4 bytes of data */
	dirent(im, 1, 2, 8, "huge");
	inode(im, 2, 0100644, 0xffffffffu, 0, 0, "data", 4, 4);
	/* data at an offset near 4 GiB */
	dirent(im, 1, 3, 8, "far");
	inode(im, 3, 0100644, 16, 0xfffffff0u, 0, "data", 4, 4);
	/* a zlib node claiming 1 GiB of output */
	dirent(im, 1, 4, 8, "bomb");
	inode(im, 4, 0100644, 4096, 0, 6, "\x78\x9c\x03\x00", 4, 0x40000000u);
	/* node length beyond the image: a bare header with a good CRC */
	p = im->d + im->len;
	put16(im, p, 0x1985);
	put16(im, p + 2, 0xe002);
	put32(im, p + 4, 0x7fffffff);
	put32(im, p + 8, jcrc(p, 8));
	im->len += 12;
	plain_file(im, 1, 5, "after", "still read");
	s = run(im);
	assert_true(s.failures >= 3);
	assert_true(s.bytes_out < (64u << 20));
	free(im);
}

/* Nodes that clear the same megabyte again and again: the work, not
   just the output, is bounded. */
static void test_rewrites(void **state)
{
	struct img *im = malloc(sizeof(*im));
	struct jcs_unpack_stats s;

	(void)state;
	img_init(im, 0);
	dirent(im, 1, 2, 8, "again");
	inode(im, 2, 0100644, 1u << 20, (1u << 20) - 4, 0, "tail", 4, 4);
	for (int i = 0; i < 500; i++)
		inode(im, 2, 0100644, 1u << 20, 0, 1, NULL, 0, 1u << 20);
	s = run(im);
	assert_true(s.failures >= 1);
	assert_true(s.limit_hit || s.failures >= 1);
	free(im);
}

static void test_loops(void **state)
{
	struct img *im = malloc(sizeof(*im));
	struct jcs_unpack_stats s;

	(void)state;
	img_init(im, 0);
	dir(im, 1, 2, "a");
	dir(im, 2, 3, "b");
	dirent(im, 3, 2, 4, "back-to-a"); /* b/back-to-a is a's inode */
	dirent(im, 3, 1, 4, "root");      /* and the root itself */
	dirent(im, 2, 2, 4, "self");      /* a/self is a */
	plain_file(im, 3, 4, "f", "x");
	s = run(im);
	assert_int_equal(s.files, 1);
	assert_true(s.failures >= 3);
	free(im);
}

static void test_deep(void **state)
{
	struct img *im = malloc(sizeof(*im));
	struct jcs_unpack_stats s;

	(void)state;
	img_init(im, 0);
	for (uint32_t i = 0; i < 600; i++)
		dirent(im, i == 0 ? 1 : i + 1, i + 2, 4, "d");
	s = run(im);
	assert_true(s.failures >= 1);
	free(im);
}

static void test_unsafe_names(void **state)
{
	struct img *im = malloc(sizeof(*im));
	struct jcs_unpack_stats s;

	(void)state;
	img_init(im, 0);
	plain_file(im, 1, 2, "../evil", "x");
	plain_file(im, 1, 3, "..", "x");
	dir(im, 1, 4, "../up");
	plain_file(im, 4, 5, "below", "x");
	plain_file(im, 1, 6, "ok", "x");
	s = run(im);
	assert_int_equal(s.files, 1);
	assert_true(s.refused >= 3);
	free(im);
}

static void test_bad_compression(void **state)
{
	struct img *im = malloc(sizeof(*im));
	struct jcs_unpack_stats s;
	uint8_t junk[64];

	(void)state;
	memset(junk, 0xa5, sizeof(junk));
	img_init(im, 0);
	for (uint8_t c = 2; c < 12; c++) {
		char name[8];

		snprintf(name, sizeof(name), "c%u", c);
		dirent(im, 1, 10 + c, 8, name);
		inode(im, 10 + c, 0100644, 4096, 0, c, junk, sizeof(junk),
		      4096);
	}
	s = run(im);
	/* every node is damaged or unsupported; each file still appears,
	   marked truncated */
	assert_true(s.failures >= 5);
	free(im);
}

static void test_not_jffs2(void **state)
{
	static const uint8_t zero[64];
	struct jcs_unpack_stats s;

	(void)state;
	memset(&s, 0, sizeof(s));
	assert_int_equal(jcs_unpack_buffer(zero, sizeof(zero), "jffs2", &s),
			 JCS_OK);
	assert_int_equal(s.containers, 0);
	assert_int_equal(jcs_unpack_buffer("\x85\x19", 2, "jffs2", &s),
			 JCS_OK);
	assert_int_equal(s.containers, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_le),
		cmocka_unit_test(test_full_be),
		cmocka_unit_test(test_contents),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_bad_crcs),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_huge_sizes),
		cmocka_unit_test(test_rewrites),
		cmocka_unit_test(test_loops),
		cmocka_unit_test(test_deep),
		cmocka_unit_test(test_unsafe_names),
		cmocka_unit_test(test_bad_compression),
		cmocka_unit_test(test_not_jffs2),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

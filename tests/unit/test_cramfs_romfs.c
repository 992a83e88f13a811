/*
 * test_cramfs_romfs.c - the CramFS and romfs unpackers
 * (lib/source/unpack/unpack_cramfs.c, unpack_romfs.c) on tiny images built
 * here field by field, with correct CRCs and checksums, in both CramFS
 * byte orders; then hostile variants (offsets past the end, directory and
 * chain loops, deep nesting, truncation, huge sizes, bad checksums, pages
 * that inflate past 4096 bytes) that must end with failures recorded and
 * never a crash (the ASan build runs this too), and a one-byte mutation
 * sweep over every byte of both images.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zlib.h>

#include "jcstar/jcstar.h"

#define IMG_MAX (1 << 17)

static struct jcs_unpack_stats run(const void *d, size_t n, const char *fmt)
{
	struct jcs_unpack_stats s;

	memset(&s, 0xa5, sizeof(s));
	assert_int_equal(jcs_unpack_buffer(d, n, fmt, &s), JCS_OK);
	return s;
}

/* --- CramFS image builder ------------------------------------------- */

struct cimg {
	uint8_t d[IMG_MAX];
	size_t len;
	int be;
};

static void c32(struct cimg *im, size_t off, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		im->d[off + (size_t)i] =
			(uint8_t)(v >> (im->be ? 24 - 8 * i : 8 * i));
}

static uint32_t c32get(const struct cimg *im, size_t off)
{
	uint32_t v = 0;

	for (int i = 0; i < 4; i++)
		v |= (uint32_t)im->d[off + (size_t)i]
		     << (im->be ? 24 - 8 * i : 8 * i);
	return v;
}

/* The packed inode: LE packs the first field low, BE packs it high. */
static void c_inode(struct cimg *im, size_t off, uint32_t mode, uint32_t uid,
		    uint32_t size, uint32_t gid, uint32_t namelen,
		    uint32_t offset)
{
	if (im->be) {
		c32(im, off, mode << 16 | uid);
		c32(im, off + 4, size << 8 | gid);
		c32(im, off + 8, namelen << 26 | offset);
	} else {
		c32(im, off, mode | uid << 16);
		c32(im, off + 4, size | gid << 24);
		c32(im, off + 8, namelen | offset << 6);
	}
}

static size_t c_alloc(struct cimg *im, size_t n)
{
	size_t o = im->len;

	im->len += (n + 3) & ~(size_t)3;
	assert_true(im->len <= IMG_MAX);
	return o;
}

static size_t c_entlen(const char *name)
{
	return 12 + ((strlen(name) + 3) & ~(size_t)3);
}

/* A directory entry at *POS; advances *POS. OFFSET in bytes. */
static void c_dirent(struct cimg *im, size_t *pos, uint32_t mode,
		     uint32_t size, const char *name, size_t offset)
{
	size_t nl = (strlen(name) + 3) / 4;

	c_inode(im, *pos, mode, 1000, size, 100, (uint32_t)nl,
		(uint32_t)(offset / 4));
	memcpy(im->d + *pos + 12, name, strlen(name));
	*pos += 12 + 4 * nl;
}

/* File data: the pointer table and one zlib stream per 4096-byte page. */
static size_t c_data(struct cimg *im, const uint8_t *p, size_t n)
{
	size_t nb = (n + 4095) / 4096, tab = c_alloc(im, 4 * nb);

	for (size_t i = 0; i < nb; i++) {
		size_t k = n - i * 4096 > 4096 ? 4096 : n - i * 4096;
		uLongf cl = compressBound((uLong)k);

		assert_true(im->len + cl <= IMG_MAX);
		assert_int_equal(compress2(im->d + im->len, &cl, p + i * 4096,
					   (uLong)k, 9), Z_OK);
		im->len += cl;
		c32(im, tab + 4 * i, (uint32_t)im->len);
	}
	im->len = (im->len + 3) & ~(size_t)3;
	return tab;
}

static uint8_t big_content[5000];

static void c_super(struct cimg *im, uint32_t flags, uint32_t rootsize,
		    size_t rootoff)
{
	uint32_t crc;

	c32(im, 0, 0x28cd3d45u);
	c32(im, 4, (uint32_t)im->len);
	c32(im, 8, flags);
	c32(im, 12, 0);
	memcpy(im->d + 16, "Compressed ROMFS", 16);
	c32(im, 32, 0);
	c32(im, 36, 7);
	c32(im, 40, 3);
	c32(im, 44, 7);
	memcpy(im->d + 48, "test volume", 11);
	c_inode(im, 64, 040755, 0, rootsize, 0, 0, (uint32_t)(rootoff / 4));
	crc = (uint32_t)crc32(0, im->d, (uInt)im->len);
	c32(im, 32, crc);
}

/* Offsets of interesting entries in the image, for hostile edits. */
struct cmap {
	size_t hello_ent, sub_ent, big_ent, big_data, root_dir, sub_dir;
};

/*
 * / : hello (file, "hello world\n"), link -> hello, dev (char 4,65),
 *     fifo, sub/ : big (5000 bytes: two pages)
 */
static void c_build(struct cimg *im, int be, struct cmap *m)
{
	static const char hello[] = "hello world\n";
	size_t root, sub, pos, hd, ld;
	uint32_t rootsize, subsize;

	memset(im, 0, sizeof(*im));
	im->be = be;
	for (size_t i = 0; i < sizeof(big_content); i++)
		big_content[i] = (uint8_t)(i * 7 + i / 300);
	im->len = 76;
	rootsize = (uint32_t)(c_entlen("hello") + c_entlen("link") +
			      c_entlen("dev") + c_entlen("fifo") +
			      c_entlen("sub"));
	subsize = (uint32_t)c_entlen("big");
	root = c_alloc(im, rootsize);
	sub = c_alloc(im, subsize);
	hd = c_data(im, (const uint8_t *)hello, strlen(hello));
	ld = c_data(im, (const uint8_t *)"hello", 5);
	m->big_data = c_data(im, big_content, sizeof(big_content));
	pos = root;
	m->root_dir = root;
	m->hello_ent = pos;
	c_dirent(im, &pos, 0100644, (uint32_t)strlen(hello), "hello", hd);
	c_dirent(im, &pos, 0120777, 5, "link", ld);
	c_dirent(im, &pos, 020600, 4u << 8 | 65, "dev", 0);
	c_dirent(im, &pos, 010644, 0, "fifo", 0);
	m->sub_ent = pos;
	c_dirent(im, &pos, 040755, subsize, "sub", sub);
	pos = sub;
	m->sub_dir = sub;
	m->big_ent = pos;
	c_dirent(im, &pos, 0100755, sizeof(big_content), "big", m->big_data);
	c_super(im, 1 | 2, rootsize, root);
}

/* Recompute the CRC after an edit, so only the edit is hostile. */
static void c_fix(struct cimg *im)
{
	c32(im, 32, 0);
	c32(im, 32, (uint32_t)crc32(0, im->d, (uInt)im->len));
}

static struct cimg cimg;
static struct cimg cwork;

static void test_cramfs_good(void **state)
{
	struct jcs_unpack_stats s;
	struct cmap m;

	(void)state;
	for (int be = 0; be < 2; be++) {
		c_build(&cimg, be, &m);
		s = run(cimg.d, cimg.len, "cramfs");
		assert_int_equal(s.containers, 1);
		assert_int_equal(s.files, 2);
		assert_int_equal(s.entries, 6);
		assert_int_equal(s.failures, 0);
		assert_int_equal(s.bytes_out, 12 + sizeof(big_content));
		/* found by carving too, after some junk */
		memmove(cimg.d + 100, cimg.d, cimg.len);
		memset(cimg.d, 0x55, 100);
		s = run(cimg.d, cimg.len + 100, NULL);
		assert_true(s.files >= 2);
	}
}

static void test_cramfs_crc_and_truncation(void **state)
{
	struct jcs_unpack_stats s;
	struct cmap m;

	(void)state;
	c_build(&cimg, 0, &m);
	/* bad CRC: reported, still extracted */
	cimg.d[50] ^= 1;
	s = run(cimg.d, cimg.len, "cramfs");
	assert_int_equal(s.files, 2);
	assert_int_equal(s.failures, 1);
	cimg.d[50] ^= 1;
	/* truncated inside the last file's data */
	s = run(cimg.d, cimg.len - 200, "cramfs");
	assert_true(s.failures >= 2); /* truncation + damaged page */
	assert_int_equal(s.files, 2);
	/* truncated inside the directories */
	s = run(cimg.d, 100, "cramfs");
	assert_true(s.failures >= 1);
	/* too short for a superblock: not CramFS */
	s = run(cimg.d, 70, "cramfs");
	assert_int_equal(s.files, 0);
	/* an old (version 1) image: no CRC, size not trusted */
	c_build(&cimg, 1, &m);
	c32(&cimg, 8, 0);
	c32(&cimg, 4, 0);
	s = run(cimg.d, cimg.len, "cramfs");
	assert_int_equal(s.files, 2);
	assert_int_equal(s.failures, 0);
}

static void test_cramfs_hostile(void **state)
{
	struct jcs_unpack_stats s;
	struct cmap m;

	(void)state;
	for (int be = 0; be < 2; be++) {
		/* directory loop: sub is the root directory again */
		c_build(&cimg, be, &m);
		c_inode(&cimg, m.sub_ent, 040755, 0, 200, 0, 1,
			(uint32_t)(m.root_dir / 4));
		c_fix(&cimg);
		s = run(cimg.d, cimg.len, "cramfs");
		assert_true(s.failures >= 1);
		assert_int_equal(s.files, 1);

		/* sub contains itself */
		c_build(&cimg, be, &m);
		c_inode(&cimg, m.big_ent, 040755, 0, 16, 0, 1,
			(uint32_t)(m.sub_dir / 4));
		c_fix(&cimg);
		s = run(cimg.d, cimg.len, "cramfs");
		assert_true(s.failures >= 1);

		/* offsets past the end: file data and a directory */
		c_build(&cimg, be, &m);
		c_inode(&cimg, m.hello_ent, 0100644, 0, 12, 0, 2, 0x3ffffff);
		c_inode(&cimg, m.sub_ent, 040755, 0, 0xffffff, 0, 1,
			0x3fffff0);
		c_fix(&cimg);
		s = run(cimg.d, cimg.len, "cramfs");
		assert_true(s.failures >= 2);
		assert_int_equal(s.files, 1); /* hello, left empty */

		/* huge size: the pointer table runs over the image */
		c_build(&cimg, be, &m);
		c_inode(&cimg, m.big_ent, 0100644, 0, 0xffffff, 0, 1,
			(uint32_t)(m.big_data / 4));
		c_fix(&cimg);
		s = run(cimg.d, cimg.len, "cramfs");
		assert_true(s.failures >= 1);

		/* block pointers out of order */
		c_build(&cimg, be, &m);
		{
			uint32_t a = c32get(&cimg, m.big_data);
			uint32_t b = c32get(&cimg, m.big_data + 4);

			c32(&cimg, m.big_data, b);
			c32(&cimg, m.big_data + 4, a);
		}
		c_fix(&cimg);
		s = run(cimg.d, cimg.len, "cramfs");
		assert_true(s.failures >= 1);
		assert_int_equal(s.files, 2);

		/* a page that inflates to more than the file says: big is
		   said to be 100 bytes, its first page holds 4096 */
		c_build(&cimg, be, &m);
		c_inode(&cimg, m.big_ent, 0100644, 0, 100, 0, 1,
			(uint32_t)(m.big_data / 4));
		c_fix(&cimg);
		s = run(cimg.d, cimg.len, "cramfs");
		assert_true(s.failures >= 1);

		/* unknown flags */
		c_build(&cimg, be, &m);
		c32(&cimg, 8, 0x10000003u);
		c_fix(&cimg);
		s = run(cimg.d, cimg.len, "cramfs");
		assert_true(s.failures >= 1);
		assert_int_equal(s.files, 0);
	}
}

/* 200 nested directories, each holding the next. */
static void test_cramfs_deep(void **state)
{
	struct jcs_unpack_stats s;
	size_t dirs[200], pos;

	(void)state;
	memset(&cimg, 0, sizeof(cimg));
	cimg.len = 76;
	for (int i = 0; i < 200; i++)
		dirs[i] = c_alloc(&cimg, c_entlen("d"));
	for (int i = 0; i < 199; i++) {
		pos = dirs[i];
		c_dirent(&cimg, &pos, 040755, (uint32_t)c_entlen("d"), "d",
			 dirs[i + 1]);
	}
	pos = dirs[199];
	c_dirent(&cimg, &pos, 010644, 0, "d", 0);
	c_super(&cimg, 1, (uint32_t)c_entlen("d"), dirs[0]);
	s = run(cimg.d, cimg.len, "cramfs");
	assert_true(s.failures >= 1);
	assert_true(s.entries >= 128 && s.entries < 200);
}

/* Extended block pointers: a direct uncompressed page and a direct
   compressed one (u16 length in front), as the kernel reads them. */
static void test_cramfs_ext_pointers(void **state)
{
	struct jcs_unpack_stats s;
	size_t root, tab, p0, p1, pos;
	uLongf cl = 200;
	uint8_t page[4096];

	(void)state;
	memset(&cimg, 0, sizeof(cimg));
	memset(page, 'x', sizeof(page));
	cimg.len = 76;
	root = c_alloc(&cimg, c_entlen("f"));
	tab = c_alloc(&cimg, 8);
	p0 = c_alloc(&cimg, 4096);
	memcpy(cimg.d + p0, page, 4096);
	p1 = c_alloc(&cimg, 2 + 200);
	assert_int_equal(compress2(cimg.d + p1 + 2, &cl, page, 10, 9), Z_OK);
	cimg.d[p1] = (uint8_t)cl; /* little-endian u16 length */
	cimg.d[p1 + 1] = 0;
	c32(&cimg, tab, 0x80000000u | 0x40000000u | (uint32_t)(p0 >> 2));
	c32(&cimg, tab + 4, 0x40000000u | (uint32_t)(p1 >> 2));
	pos = root;
	c_dirent(&cimg, &pos, 0100644, 4106, "f", tab);
	c_super(&cimg, 1 | 0x800, (uint32_t)c_entlen("f"), root);
	s = run(cimg.d, cimg.len, "cramfs");
	assert_int_equal(s.files, 1);
	assert_int_equal(s.failures, 0);
	assert_int_equal(s.bytes_out, 4106);
}

/* --- romfs image builder --------------------------------------------- */

struct rimg {
	uint8_t d[IMG_MAX];
	size_t len;
	size_t hdrs[64];
	size_t nh;
};

static void be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t be32get(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static size_t pad16(size_t n)
{
	return (n + 15) & ~(size_t)15;
}

static void r_start(struct rimg *im, const char *vol)
{
	memset(im, 0, sizeof(*im));
	memcpy(im->d, "-rom1fs-", 8);
	memcpy(im->d + 16, vol, strlen(vol));
	im->len = 16 + pad16(strlen(vol) + 1);
}

/* Append a header (next = 0 for now) with its name and DATA. */
static size_t r_hdr(struct rimg *im, uint32_t type, uint32_t info,
		    const char *name, const void *data, uint32_t size)
{
	size_t off = im->len;

	be32(im->d + off, type);
	be32(im->d + off + 4, info);
	be32(im->d + off + 8, size);
	memcpy(im->d + off + 16, name, strlen(name));
	im->len = off + 16 + pad16(strlen(name) + 1);
	if (size)
		memcpy(im->d + im->len, data, size);
	im->len = pad16(im->len + size);
	assert_true(im->len <= IMG_MAX);
	im->hdrs[im->nh++] = off;
	return off;
}

static void r_next(struct rimg *im, size_t off, size_t next)
{
	uint32_t w = be32get(im->d + off);

	be32(im->d + off, (w & 15) | (uint32_t)next);
}

static void r_info(struct rimg *im, size_t off, uint32_t info)
{
	be32(im->d + off + 4, info);
}

static uint32_t sum(const uint8_t *p, size_t n)
{
	uint32_t s = 0;

	for (size_t i = 0; i < n; i += 4)
		s += be32get(p + i);
	return s;
}

/* The superblock checksum alone (after an edit that should stay). */
static void r_fix_super(struct rimg *im)
{
	size_t n = im->len < 512 ? im->len : 512;

	be32(im->d + 12, 0);
	be32(im->d + 12, 0u - sum(im->d, n));
}

/* Header checksums, full size and the superblock checksum. */
static void r_finish(struct rimg *im)
{
	size_t n;

	for (size_t i = 0; i < im->nh; i++) {
		size_t off = im->hdrs[i];
		size_t hl = 16 + pad16(strlen((char *)im->d + off + 16) + 1);

		be32(im->d + off + 12, 0);
		be32(im->d + off + 12, 0u - sum(im->d + off, hl));
	}
	be32(im->d + 8, (uint32_t)im->len);
	be32(im->d + 12, 0);
	n = im->len < 512 ? im->len : 512;
	be32(im->d + 12, 0u - sum(im->d, n));
}

struct rmap {
	size_t root, file, sub, sub_first, inner, hardfirst, later;
};

static uint8_t inner_content[5000];

/*
 * / : . .. hardfirst(-> file) file(exec) sub/ sym(-> file) cdev(4,65)
 *     fifo sock later(-> file);  sub/ : . .. inner (5000 bytes)
 */
static void r_build(struct rimg *im, struct rmap *m)
{
	size_t dot, dotdot, sym, cdev, fifo, sock, sdot, sdotdot;

	for (size_t i = 0; i < sizeof(inner_content); i++)
		inner_content[i] = (uint8_t)(i * 13 + i / 256);
	r_start(im, "test vol");
	m->root = im->len;
	dot = r_hdr(im, 1 | 8, 0, ".", NULL, 0);
	dotdot = r_hdr(im, 0, 0, "..", NULL, 0);
	m->hardfirst = r_hdr(im, 0, 0, "hardfirst", NULL, 0);
	m->file = r_hdr(im, 2 | 8, 0, "file", "hello world\n", 12);
	m->sub = r_hdr(im, 1 | 8, 0, "sub", NULL, 0);
	sym = r_hdr(im, 3, 0, "sym", "file", 4);
	cdev = r_hdr(im, 5, 4u << 16 | 65, "cdev", NULL, 0);
	fifo = r_hdr(im, 7, 0, "fifo", NULL, 0);
	sock = r_hdr(im, 6, 0, "sock", NULL, 0);
	m->later = r_hdr(im, 0, 0, "later", NULL, 0);
	sdot = r_hdr(im, 1 | 8, 0, ".", NULL, 0);
	sdotdot = r_hdr(im, 0, 0, "..", NULL, 0);
	m->inner = r_hdr(im, 2, 0, "inner", inner_content,
			 sizeof(inner_content));
	m->sub_first = sdot;
	r_info(im, dot, (uint32_t)m->root);
	r_info(im, dotdot, (uint32_t)m->root);
	r_info(im, m->hardfirst, (uint32_t)m->file);
	r_info(im, m->later, (uint32_t)m->file);
	r_info(im, m->sub, (uint32_t)sdot);
	r_info(im, sdot, (uint32_t)sdot);
	r_info(im, sdotdot, (uint32_t)m->root);
	r_next(im, dot, dotdot);
	r_next(im, dotdot, m->hardfirst);
	r_next(im, m->hardfirst, m->file);
	r_next(im, m->file, m->sub);
	r_next(im, m->sub, sym);
	r_next(im, sym, cdev);
	r_next(im, cdev, fifo);
	r_next(im, fifo, sock);
	r_next(im, sock, m->later);
	r_next(im, sdot, sdotdot);
	r_next(im, sdotdot, m->inner);
	r_finish(im);
}

static struct rimg rimg;

static void test_romfs_good(void **state)
{
	struct jcs_unpack_stats s;
	struct rmap m;

	(void)state;
	r_build(&rimg, &m);
	s = run(rimg.d, rimg.len, "romfs");
	assert_int_equal(s.containers, 1);
	assert_int_equal(s.failures, 0);
	/* hardfirst carries the data, file and later are links to it (the
	   sink counts a hard link to a regular file as a file) */
	assert_int_equal(s.files, 4);
	assert_int_equal(s.bytes_out, 12 + sizeof(inner_content));
	assert_int_equal(s.entries, 9);
	/* carved after junk */
	memmove(rimg.d + 48, rimg.d, rimg.len);
	memset(rimg.d, 0x11, 48);
	s = run(rimg.d, rimg.len + 48, NULL);
	assert_true(s.files >= 2);
}

static void test_romfs_checksums(void **state)
{
	struct jcs_unpack_stats s;
	struct rmap m;

	(void)state;
	r_build(&rimg, &m);
	rimg.d[20] ^= 0x40; /* volume name: superblock checksum */
	s = run(rimg.d, rimg.len, "romfs");
	assert_int_equal(s.failures, 1);
	assert_int_equal(s.files, 4);
	r_build(&rimg, &m);
	rimg.d[m.inner + 17] ^= 0x01; /* a name: its header checksum */
	r_fix_super(&rimg);
	s = run(rimg.d, rimg.len, "romfs");
	assert_int_equal(s.failures, 1);
	assert_int_equal(s.files, 4);
	/* truncated inside inner's data */
	r_build(&rimg, &m);
	s = run(rimg.d, rimg.len - 1000, "romfs");
	assert_true(s.failures >= 2);
	assert_int_equal(s.files, 4);
	/* truncated inside the headers */
	s = run(rimg.d, m.sub + 8, "romfs");
	assert_true(s.failures >= 1);
	s = run(rimg.d, 20, "romfs");
	assert_int_equal(s.files, 0);
}

static void test_romfs_hostile(void **state)
{
	struct jcs_unpack_stats s;
	struct rmap m;

	(void)state;
	/* a chain pointing back at itself */
	r_build(&rimg, &m);
	r_next(&rimg, m.later, m.root);
	r_finish(&rimg);
	s = run(rimg.d, rimg.len, "romfs");
	assert_true(s.failures >= 1);
	assert_int_equal(s.files, 4);

	/* sub is the root directory again */
	r_build(&rimg, &m);
	r_info(&rimg, m.sub, (uint32_t)m.root);
	r_finish(&rimg);
	s = run(rimg.d, rimg.len, "romfs");
	assert_true(s.failures >= 1);

	/* offsets past the end and unaligned */
	r_build(&rimg, &m);
	r_info(&rimg, m.sub, 0x7ffffff0u);
	r_next(&rimg, m.later, 0xfffffff0u);
	r_info(&rimg, m.later, (uint32_t)m.file + 4);
	r_finish(&rimg);
	s = run(rimg.d, rimg.len, "romfs");
	assert_true(s.failures >= 3);

	/* huge sizes */
	r_build(&rimg, &m);
	be32(rimg.d + m.file + 8, 0xfffffff0u);
	be32(rimg.d + m.inner + 8, 0x7fffffffu);
	r_finish(&rimg);
	s = run(rimg.d, rimg.len, "romfs");
	assert_true(s.failures >= 2);

	/* hard links to a directory and to a hard link */
	r_build(&rimg, &m);
	r_info(&rimg, m.hardfirst, (uint32_t)m.sub);
	r_info(&rimg, m.later, (uint32_t)m.later);
	r_finish(&rimg);
	s = run(rimg.d, rimg.len, "romfs");
	assert_int_equal(s.failures, 2);
	assert_int_equal(s.files, 2); /* file itself, inner */

	/* a full size smaller than the headers: cut there */
	r_build(&rimg, &m);
	be32(rimg.d + 8, 48);
	r_finish(&rimg);
	be32(rimg.d + 8, 48);
	s = run(rimg.d, rimg.len, "romfs");
	assert_true(s.failures >= 1);
	assert_int_equal(s.files, 0);
}

/* 200 nested directories. */
static void test_romfs_deep(void **state)
{
	struct jcs_unpack_stats s;
	size_t prev = 0;

	(void)state;
	r_start(&rimg, "deep");
	for (int i = 0; i < 60 && rimg.nh < 64; i++) {
		size_t h = r_hdr(&rimg, 1, 0, "d", NULL, 0);

		if (prev)
			r_info(&rimg, prev, (uint32_t)h);
		prev = h;
	}
	r_finish(&rimg);
	s = run(rimg.d, rimg.len, "romfs");
	assert_int_equal(s.failures, 0);
	assert_int_equal(s.entries, 60);
	/* deeper than 128: built without the header list (no checksums) */
	r_start(&rimg, "deeper");
	prev = 0;
	for (int i = 0; i < 200; i++) {
		size_t h = rimg.len;

		be32(rimg.d + h, 1);
		memcpy(rimg.d + h + 16, "d", 1);
		rimg.len += 32;
		if (prev)
			be32(rimg.d + prev + 4, (uint32_t)h);
		prev = h;
	}
	be32(rimg.d + 8, (uint32_t)rimg.len);
	s = run(rimg.d, rimg.len, "romfs");
	assert_true(s.failures >= 1);
	assert_true(s.entries >= 128 && s.entries < 200);
}

/* --- mutation sweep ---------------------------------------------------- */

/* Every byte of each image XORed with a few patterns: no crash, no leak,
   no hang (the ASan build is the judge). */
static void test_mutations(void **state)
{
	static const uint8_t pats[] = {0x01, 0x80, 0xff};
	struct jcs_unpack_stats s;
	struct cmap cm;
	struct rmap rm;

	(void)state;
	for (int be = 0; be < 2; be++) {
		c_build(&cimg, be, &cm);
		for (size_t i = 0; i < cimg.len; i++) {
			for (size_t k = 0; k < sizeof(pats); k++) {
				memcpy(cwork.d, cimg.d, cimg.len);
				cwork.d[i] ^= pats[k];
				jcs_unpack_buffer(cwork.d, cimg.len, "cramfs",
						  &s);
			}
		}
	}
	r_build(&rimg, &rm);
	for (size_t i = 0; i < rimg.len; i++) {
		for (size_t k = 0; k < sizeof(pats); k++) {
			memcpy(cwork.d, rimg.d, rimg.len);
			cwork.d[i] ^= pats[k];
			jcs_unpack_buffer(cwork.d, rimg.len, "romfs", &s);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cramfs_good),
		cmocka_unit_test(test_cramfs_crc_and_truncation),
		cmocka_unit_test(test_cramfs_hostile),
		cmocka_unit_test(test_cramfs_deep),
		cmocka_unit_test(test_cramfs_ext_pointers),
		cmocka_unit_test(test_romfs_good),
		cmocka_unit_test(test_romfs_checksums),
		cmocka_unit_test(test_romfs_hostile),
		cmocka_unit_test(test_romfs_deep),
		cmocka_unit_test(test_mutations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

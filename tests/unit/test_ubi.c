/*
 * test_ubi.c - the UBI and UBIFS unpackers (lib/source/unpack/unpack_ubi.c,
 * unpack_ubifs.c) on tiny images built here, byte by byte with correct
 * CRCs, and on hostile variants of them: bad CRCs, headers pointing past
 * the eraseblock, absurd LEB numbers and volume sizes, truncation, index
 * loops, directory loops, huge sizes, undecodable blocks. The hostile
 * cases must end with failures recorded, never a crash (ASan run).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <zlib.h>

#include "jcstar/jcstar.h"
#include "lib/core/mem.h"

/* --- helpers ----------------------------------------------------------- */

static uint32_t crc_ubi(const uint8_t *p, size_t n)
{
	return (uint32_t)crc32(0, p, (uInt)n) ^ 0xffffffffu;
}

static void be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void be64(uint8_t *p, uint64_t v)
{
	be32(p, (uint32_t)(v >> 32));
	be32(p + 4, (uint32_t)v);
}

static void le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void le32(uint8_t *p, uint32_t v)
{
	le16(p, (uint16_t)v);
	le16(p + 2, (uint16_t)(v >> 16));
}

static void le64(uint8_t *p, uint64_t v)
{
	le32(p, (uint32_t)v);
	le32(p + 4, (uint32_t)(v >> 32));
}

static uint32_t rd_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) |
	       ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* --- UBI images -------------------------------------------------------- */

#define PEB 16384u
#define VID_OFF 512u
#define DATA_OFF 2048u
#define LEB (PEB - DATA_OFF)
#define N_PEB 7u
#define LAYOUT 0x7fffefffu

static void ec_hdr(uint8_t *peb, uint32_t vid_off, uint32_t data_off)
{
	memset(peb, 0, 64);
	memcpy(peb, "UBI#", 4);
	peb[4] = 1;
	be64(peb + 8, 1);
	be32(peb + 16, vid_off);
	be32(peb + 20, data_off);
	be32(peb + 24, 0x1234);
	be32(peb + 60, crc_ubi(peb, 60));
}

static void vid_seal(uint8_t *v)
{
	be32(v + 60, crc_ubi(v, 60));
}

static void vid_hdr(uint8_t *peb, uint8_t type, uint32_t vol, uint32_t lnum,
		    uint32_t data_size, uint32_t used_ebs, uint64_t sqnum)
{
	uint8_t *v = peb + VID_OFF;

	memset(v, 0, 64);
	memcpy(v, "UBI!", 4);
	v[4] = 1;
	v[5] = type;
	be32(v + 8, vol);
	be32(v + 12, lnum);
	be32(v + 20, data_size);
	be32(v + 24, used_ebs);
	if (type == 2)
		be32(v + 32, crc_ubi(peb + DATA_OFF, data_size));
	be64(v + 40, sqnum);
	vid_seal(v);
}

static void vtbl_rec(uint8_t *r, uint32_t reserved, uint8_t type,
		     const char *name)
{
	memset(r, 0, 172);
	be32(r, reserved);
	be32(r + 4, 1);
	r[12] = type;
	r[15] = (uint8_t)strlen(name);
	memcpy(r + 16, name, strlen(name));
	be32(r + 168, crc_ubi(r, 168));
}

/* Seven PEBs: the volume table twice, "data" (dynamic, 2 LEBs, LEB 1
   present in an old and a new copy) and "kern" (static, 100 bytes). */
static uint8_t *make_ubi(size_t *len)
{
	uint8_t *img = calloc(N_PEB, PEB);
	uint32_t slots = LEB / 172 < 128 ? LEB / 172 : 128;

	memset(img, 0xff, (size_t)N_PEB * PEB);
	for (uint32_t k = 0; k < N_PEB; k++)
		ec_hdr(img + k * PEB, VID_OFF, DATA_OFF);
	for (uint32_t c = 0; c < 2; c++) {
		uint8_t *d = img + c * PEB + DATA_OFF;

		for (uint32_t i = 0; i < slots; i++)
			vtbl_rec(d + i * 172, 0, 0, "");
		vtbl_rec(d, 4, 1, "data");
		vtbl_rec(d + 172, 1, 2, "kern");
		vid_hdr(img + c * PEB, 1, LAYOUT, c, 0, 0, 1 + c);
	}
	memset(img + 2 * PEB + DATA_OFF, 'A', LEB);
	vid_hdr(img + 2 * PEB, 1, 0, 0, 0, 0, 10);
	memset(img + 3 * PEB + DATA_OFF, 'b', LEB); /* old copy of LEB 1 */
	vid_hdr(img + 3 * PEB, 1, 0, 1, 0, 0, 11);
	memset(img + 4 * PEB + DATA_OFF, 'K', 100);
	vid_hdr(img + 4 * PEB, 2, 1, 0, 100, 1, 12);
	memset(img + 5 * PEB + DATA_OFF, 'B', LEB); /* new copy of LEB 1 */
	vid_hdr(img + 5 * PEB, 1, 0, 1, 0, 0, 13);
	/* PEB 6: erased apart from its EC header */
	*len = (size_t)N_PEB * PEB;
	return img;
}

static struct jcs_unpack_stats run(const uint8_t *img, size_t len,
				   const char *fmt)
{
	struct jcs_unpack_stats st;

	memset(&st, 0, sizeof(st));
	assert_int_equal(jcs_unpack_buffer(img, len, fmt, &st), JCS_OK);
	return st;
}

static void test_ubi_good(void **state)
{
	size_t len;
	uint8_t *img = make_ubi(&len);
	struct jcs_unpack_stats st = run(img, len, "ubi");

	(void)state;
	assert_int_equal(st.containers, 1);
	assert_int_equal(st.files, 2);
	assert_int_equal(st.bytes_out, 2 * LEB + 100);
	assert_int_equal(st.failures, 0);
	free(img);
}

/* Extract for real and look at the bytes: the newest copy of LEB 1 wins,
   the static volume is cut at its data_size. */
static void test_ubi_content(void **state)
{
	char dir[] = "/tmp/jcstar-ubi-XXXXXX", path[300], cmd[400];
	size_t len;
	uint8_t *img = make_ubi(&len), *got;
	struct jcs_unpack_stats st;
	FILE *f;
	long n;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/flash.ubi", dir);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(img, 1, len, f), len);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "%s/out", dir);
	assert_int_equal(jcs_unpack(path, cmd, NULL, &st, NULL, 0), JCS_OK);
	snprintf(path, sizeof(path), "%s/out/0001-ubi/data", dir);
	f = fopen(path, "rb");
	assert_non_null(f);
	got = malloc(2 * LEB + 1);
	n = (long)fread(got, 1, 2 * LEB + 1, f);
	fclose(f);
	assert_int_equal(n, 2 * LEB);
	assert_int_equal(got[0], 'A');
	assert_int_equal(got[LEB - 1], 'A');
	assert_int_equal(got[LEB], 'B');
	assert_int_equal(got[2 * LEB - 1], 'B');
	snprintf(path, sizeof(path), "%s/out/0001-ubi/kern", dir);
	f = fopen(path, "rb");
	assert_non_null(f);
	n = (long)fread(got, 1, 2 * LEB, f);
	fclose(f);
	assert_int_equal(n, 100);
	assert_int_equal(got[99], 'K');
	free(got);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(img);
}

static void test_ubi_bad_crc(void **state)
{
	size_t len;
	uint8_t *img = make_ubi(&len);
	struct jcs_unpack_stats st;

	(void)state;
	/* EC header of PEB 0: not UBI at all */
	img[8] ^= 1;
	st = run(img, len, "ubi");
	assert_int_equal(st.containers, 0);
	img[8] ^= 1;
	/* VID header of LEB 0 of "data": LEB missing, 0xff-filled */
	img[2 * PEB + VID_OFF + 40] ^= 1;
	st = run(img, len, "ubi");
	assert_int_equal(st.files, 2);
	assert_true(st.failures >= 2);
	assert_int_equal(st.bytes_out, 2 * LEB + 100);
	/* one copy of the volume table damaged: the other one serves */
	img[2 * PEB + VID_OFF + 40] ^= 1;
	img[DATA_OFF + 20] ^= 1;
	st = run(img, len, "ubi");
	assert_int_equal(st.files, 2);
	assert_int_equal(st.failures, 0);
	/* both damaged: volumes named by number, one failure per record */
	img[PEB + DATA_OFF + 20] ^= 1;
	st = run(img, len, "ubi");
	assert_int_equal(st.files, 2);
	assert_true(st.failures >= 1);
	free(img);
}

static void test_ubi_hostile_offsets(void **state)
{
	size_t len;
	uint8_t *img = make_ubi(&len);
	struct jcs_unpack_stats st;
	static const uint32_t vids[][2] = {
		{0x100000, 0x100040}, {0xfffffff0, 0x100}, {64, 16383},
		{16320, 16384}, {0xffffffc0, 0xffffffff}};

	(void)state;
	for (size_t i = 0; i < sizeof(vids) / sizeof(vids[0]); i++) {
		uint8_t *copy = malloc(len);

		memcpy(copy, img, len);
		for (uint32_t k = 0; k < N_PEB; k++)
			ec_hdr(copy + k * PEB, vids[i][0], vids[i][1]);
		memset(&st, 0, sizeof(st));
		jcs_unpack_buffer(copy, len, "ubi", &st);
		assert_int_equal(st.files, 0);
		free(copy);
	}
	free(img);
}

static void test_ubi_hostile_lnum(void **state)
{
	size_t len;
	uint8_t *img = make_ubi(&len);
	struct jcs_unpack_stats st;

	(void)state;
	/* LEB number far beyond the image: ignored, not 0xff-filled */
	be32(img + 5 * PEB + VID_OFF + 12, 0x7ffffff0);
	vid_seal(img + 5 * PEB + VID_OFF);
	st = run(img, len, "ubi");
	assert_true(st.failures >= 1);
	assert_int_equal(st.bytes_out, 2 * LEB + 100); /* old LEB 1 copy */
	/* volume id out of range and layout LEB 5 */
	be32(img + 3 * PEB + VID_OFF + 8, 4000);
	vid_seal(img + 3 * PEB + VID_OFF);
	be32(img + 4 * PEB + VID_OFF + 8, LAYOUT);
	be32(img + 4 * PEB + VID_OFF + 12, 5);
	vid_seal(img + 4 * PEB + VID_OFF);
	st = run(img, len, "ubi");
	assert_true(st.failures >= 3);
	assert_int_equal(st.bytes_out, LEB);
	free(img);
}

static void test_ubi_hostile_vtbl(void **state)
{
	size_t len;
	uint8_t *img = make_ubi(&len);
	struct jcs_unpack_stats st;

	(void)state;
	for (uint32_t c = 0; c < 2; c++) {
		uint8_t *r = img + c * PEB + DATA_OFF;

		/* absurd reservation, hostile names, name_len past 128 */
		vtbl_rec(r, 0xffffffffu, 1, "../../etc/passwd");
		vtbl_rec(r + 172, 1, 2, "kern");
		r[172 + 15] = 0xff;
		r[172 + 14] = 0xff;
		be32(r + 172 + 168, crc_ubi(r + 172, 168));
	}
	st = run(img, len, "ubi");
	/* output never grows past the LEBs present */
	assert_true(st.bytes_out <= 2 * LEB + 100);
	/* a reservation of 1 PEB drops the LEB beyond it */
	for (uint32_t c = 0; c < 2; c++)
		vtbl_rec(img + c * PEB + DATA_OFF, 1, 1, "data");
	st = run(img, len, "ubi");
	assert_true(st.failures >= 1);
	assert_int_equal(st.bytes_out, LEB + 100);
	/* static volume with used_ebs of 4 billion */
	be32(img + 4 * PEB + VID_OFF + 24, 0xffffffffu);
	vid_seal(img + 4 * PEB + VID_OFF);
	st = run(img, len, "ubi");
	assert_true(st.failures >= 1);
	assert_true(st.bytes_out <= LEB + 100);
	free(img);
}

static void test_ubi_truncated(void **state)
{
	size_t len;
	uint8_t *img = make_ubi(&len);
	struct jcs_unpack_stats st;

	(void)state;
	/* cut in the middle of PEB 5's data (newest copy of LEB 1) */
	st = run(img, 5 * PEB + DATA_OFF + 1000, "ubi");
	assert_int_equal(st.files, 2);
	assert_true(st.failures >= 1);
	assert_int_equal(st.bytes_out, LEB + 1000 + 100);
	/* cut inside the VID header */
	st = run(img, 5 * PEB + VID_OFF + 10, "ubi");
	assert_true(st.failures >= 1);
	/* only PEB 0 and a bit: no PEB size to be found */
	st = run(img, PEB + 30, "ubi");
	assert_int_equal(st.files, 0);
	for (size_t n = 0; n < 200; n += 7)
		run(img, n, "ubi");
	free(img);
}

/* --- UBIFS images ------------------------------------------------------ */

#define FS_LEB 8192u
#define FS_LEBS 5u

struct fsimg {
	uint8_t *d;
	uint32_t pos; /* next free byte in LEB 3 */
	uint8_t branches[64][20];
	uint32_t n_br;
	uint64_t sqnum;
};

/* UBIFS uses the same CRC, over the node from byte 8. */
static void node_seal(uint8_t *n)
{
	le32(n + 4, crc_ubi(n + 8, rd_le32(n + 16) - 8));
}

static uint8_t *node_start(uint8_t *n, uint8_t type, uint32_t len,
			   uint64_t sqnum)
{
	memset(n, 0, len);
	le32(n, 0x06101831u);
	le64(n + 8, sqnum);
	le32(n + 16, len);
	n[20] = type;
	return n;
}

/* Append a leaf node of LEN bytes in LEB 3 with key (INUM, KEYHI) and
   add a branch to it; returns the node for the caller to fill. */
static uint8_t *leaf(struct fsimg *s, uint8_t type, uint32_t len,
		     uint32_t inum, uint32_t keyhi)
{
	uint8_t *n = s->d + 3 * FS_LEB + s->pos;
	uint8_t *b = s->branches[s->n_br++];

	node_start(n, type, len, ++s->sqnum);
	le32(n + 24, inum);
	le32(n + 28, keyhi);
	le32(b, 3);
	le32(b + 4, s->pos);
	le32(b + 8, len);
	le32(b + 12, inum);
	le32(b + 16, keyhi);
	s->pos += (len + 7) & ~7u;
	return n;
}

static uint8_t *ino(struct fsimg *s, uint32_t inum, uint32_t mode,
		    uint64_t size, uint32_t nlink, const void *data,
		    uint32_t dlen)
{
	uint8_t *n = leaf(s, 0, 160 + dlen, inum, 0);

	le64(n + 48, size);
	le64(n + 72, 1700000000);
	le32(n + 92, nlink);
	le32(n + 104, mode);
	le32(n + 112, dlen);
	if (dlen)
		memcpy(n + 160, data, dlen);
	return n;
}

static uint8_t *dent(struct fsimg *s, uint32_t parent, const char *name,
		     uint32_t inum, uint32_t hash)
{
	uint32_t nl = (uint32_t)strlen(name);
	uint8_t *n = leaf(s, 2, 56 + nl + 1, parent, (2u << 29) | hash);

	le64(n + 40, inum);
	le16(n + 50, (uint16_t)nl);
	memcpy(n + 56, name, nl);
	return n;
}

static uint8_t *data(struct fsimg *s, uint32_t inum, uint32_t block,
		     uint16_t compr, uint32_t size, const void *p,
		     uint32_t plen)
{
	uint8_t *n = leaf(s, 1, 48 + plen, inum, (1u << 29) | block);

	le32(n + 40, size);
	le16(n + 44, compr);
	memcpy(n + 48, p, plen);
	return n;
}

static uint32_t raw_deflate(const uint8_t *in, uint32_t n, uint8_t *out,
			    uint32_t cap)
{
	z_stream z;
	uint32_t got;

	memset(&z, 0, sizeof(z));
	assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, -15, 8,
				      Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = (Bytef *)in;
	z.avail_in = n;
	z.next_out = out;
	z.avail_out = cap;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	got = cap - z.avail_out;
	deflateEnd(&z);
	return got;
}

/* Seal every leaf, write the index node (LEB 4) and the master nodes. */
static void fs_finish(struct fsimg *s)
{
	uint8_t *idx = s->d + 4 * FS_LEB;
	uint32_t ilen = 28 + 20 * s->n_br;

	for (uint32_t off = 0; off < s->pos;) {
		uint8_t *n = s->d + 3 * FS_LEB + off;

		node_seal(n);
		off += (rd_le32(n + 16) + 7) & ~7u;
	}
	node_start(idx, 9, ilen, ++s->sqnum);
	le16(idx + 24, (uint16_t)s->n_br);
	le16(idx + 26, 0);
	memcpy(idx + 28, s->branches, 20 * s->n_br);
	node_seal(idx);
	for (uint32_t l = 1; l <= 2; l++) {
		uint8_t *m = node_start(s->d + l * FS_LEB, 7, 512, ++s->sqnum);

		le64(m + 24, 100);
		le32(m + 48, 4);
		le32(m + 52, 0);
		le32(m + 56, ilen);
		node_seal(m);
	}
}

static const char BIG_A = 'A';

/*
 * A root with: hello (10 bytes, uncompressed), big (9000 bytes: block 0
 * zlib, block 1 a hole, block 2 uncompressed), link -> hello, hard (a
 * second name of big), null (char device 1,3), sub/ (empty directory).
 */
static uint8_t *make_ubifs(size_t *len, struct fsimg *s)
{
	uint8_t blk[4096], z[4200];
	uint32_t zn;
	uint8_t *sb;

	memset(s, 0, sizeof(*s));
	s->d = malloc(FS_LEBS * FS_LEB);
	memset(s->d, 0xff, FS_LEBS * FS_LEB);
	sb = node_start(s->d, 6, 4096, 1);
	le32(sb + 32, 8);
	le32(sb + 36, FS_LEB);
	le32(sb + 40, FS_LEBS);
	le32(sb + 80, 4);
	le16(sb + 84, 2);
	node_seal(sb);
	ino(s, 1, 040755, 160, 3, NULL, 0);
	dent(s, 1, "hello", 2, 1);
	ino(s, 2, 0100644, 10, 1, NULL, 0);
	data(s, 2, 0, 0, 10, "helloworld", 10);
	dent(s, 1, "big", 3, 2);
	dent(s, 1, "hard", 3, 3);
	ino(s, 3, 0100755, 9000, 2, NULL, 0);
	memset(blk, BIG_A, sizeof(blk));
	zn = raw_deflate(blk, 4096, z, sizeof(z));
	data(s, 3, 0, 2, 4096, z, zn);
	memset(blk, 'C', 808);
	data(s, 3, 2, 0, 808, blk, 808);
	dent(s, 1, "link", 4, 4);
	ino(s, 4, 0120777, 5, 1, "hello", 5);
	dent(s, 1, "null", 5, 5);
	{
		uint8_t dev[4];

		le32(dev, (1u << 8) | 3);
		ino(s, 5, 020666, 0, 1, dev, 4);
	}
	dent(s, 1, "sub", 6, 6);
	ino(s, 6, 040700, 160, 2, NULL, 0);
	fs_finish(s);
	*len = FS_LEBS * FS_LEB;
	return s->d;
}

static void test_ubifs_good(void **state)
{
	struct fsimg s;
	size_t len;
	uint8_t *img = make_ubifs(&len, &s);
	struct jcs_unpack_stats st = run(img, len, "ubifs");

	(void)state;
	assert_int_equal(st.containers, 1);
	assert_int_equal(st.failures, 0);
	assert_int_equal(st.files, 3); /* hello, big and its hard link */
	assert_int_equal(st.entries, 6);
	assert_int_equal(st.bytes_out, 10 + 9000); /* dry run: links add 0 */
	free(img);
}

static void test_ubifs_content(void **state)
{
	char dir[] = "/tmp/jcstar-ubifs-XXXXXX", path[300], cmd[400];
	struct fsimg s;
	size_t len;
	uint8_t *img = make_ubifs(&len, &s);
	uint8_t got[10000];
	struct jcs_unpack_stats st;
	FILE *f;
	size_t n;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/fs.ubifs", dir);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(img, 1, len, f), len);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "%s/out", dir);
	assert_int_equal(jcs_unpack(path, cmd, NULL, &st, NULL, 0), JCS_OK);
	assert_int_equal(st.failures, 0);
	snprintf(path, sizeof(path), "%s/out/0001-ubifs/big", dir);
	f = fopen(path, "rb");
	assert_non_null(f);
	n = fread(got, 1, sizeof(got), f);
	fclose(f);
	assert_int_equal(n, 9000);
	assert_int_equal(got[0], 'A');
	assert_int_equal(got[4095], 'A');
	assert_int_equal(got[4096], 0); /* the hole */
	assert_int_equal(got[8191], 0);
	assert_int_equal(got[8192], 'C');
	assert_int_equal(got[8999], 'C');
	snprintf(path, sizeof(path), "%s/out/0001-ubifs/hello", dir);
	f = fopen(path, "rb");
	assert_non_null(f);
	n = fread(got, 1, sizeof(got), f);
	fclose(f);
	assert_int_equal(n, 10);
	assert_memory_equal(got, "helloworld", 10);
	snprintf(path, sizeof(path), "%s/out/0001-ubifs/link", dir);
	n = (size_t)readlink(path, (char *)got, sizeof(got));
	assert_int_equal(n, 5);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(img);
}

/* Rebuild the index and master nodes after the test changed leaves. */
static void reseal(struct fsimg *s)
{
	fs_finish(s);
}

static void test_ubifs_bad_crc(void **state)
{
	struct fsimg s;
	size_t len;
	uint8_t *img = make_ubifs(&len, &s);
	struct jcs_unpack_stats st;

	(void)state;
	/* superblock CRC: not UBIFS */
	img[100] ^= 1;
	st = run(img, len, "ubifs");
	assert_int_equal(st.containers, 0);
	img[100] ^= 1;
	/* one data node damaged: that block is lost, the rest comes out */
	img[3 * FS_LEB + rd_le32(s.branches[3] + 4) + 50] ^= 1;
	st = run(img, len, "ubifs");
	assert_int_equal(st.files, 3);
	assert_true(st.failures >= 1);
	/* both master nodes damaged: nothing */
	img[FS_LEB + 100] ^= 1;
	img[2 * FS_LEB + 100] ^= 1;
	st = run(img, len, "ubifs");
	assert_int_equal(st.files, 0);
	/* only the first: the second serves */
	img[2 * FS_LEB + 100] ^= 1;
	st = run(img, len, "ubifs");
	assert_int_equal(st.files, 3);
	free(img);
}

static void set_branch(struct fsimg *s, uint32_t i, uint32_t lnum,
		       uint32_t offs, uint32_t blen)
{
	le32(s->branches[i], lnum);
	le32(s->branches[i] + 4, offs);
	le32(s->branches[i] + 8, blen);
}

static void test_ubifs_hostile_index(void **state)
{
	struct fsimg s;
	size_t len;
	uint8_t *img = make_ubifs(&len, &s);
	struct jcs_unpack_stats st;
	uint8_t *idx = img + 4 * FS_LEB;

	(void)state;
	/* branches outside the image, across a LEB end, unaligned */
	set_branch(&s, 3, 0xffffffffu, 0, 100);
	set_branch(&s, 4, 3, FS_LEB - 8, 200);
	set_branch(&s, 5, 3, 3, 200);
	set_branch(&s, 6, 4, 0, 28 + 20 * s.n_br); /* the index itself */
	reseal(&s);
	st = run(img, len, "ubifs");
	assert_true(st.failures >= 4);
	/* a level-1 root whose branches all point at itself */
	le16(idx + 26, 1);
	for (uint32_t i = 0; i < s.n_br; i++) {
		uint8_t *b = idx + 28 + 20 * i;

		le32(b, 4);
		le32(b + 4, 0);
		le32(b + 8, 28 + 20 * s.n_br);
	}
	node_seal(idx);
	st = run(img, len, "ubifs");
	assert_int_equal(st.files, 0);
	assert_true(st.failures >= 1);
	/* root index at a level far beyond the limit */
	le16(idx + 26, 60000);
	node_seal(idx);
	st = run(img, len, "ubifs");
	assert_int_equal(st.files, 0);
	/* child count that does not fit the node */
	le16(idx + 26, 0);
	le16(idx + 24, 0xffff);
	node_seal(idx);
	st = run(img, len, "ubifs");
	assert_int_equal(st.files, 0);
	free(img);
}

/* An index whose levels share one child: 2^depth paths to the leaves
   must not take 2^depth steps. */
static void test_ubifs_shared_subtrees(void **state)
{
	struct fsimg s;
	size_t len;
	uint8_t *img = make_ubifs(&len, &s);
	uint8_t *leb = img + 4 * FS_LEB;
	uint32_t ilen0 = 28 + 20 * s.n_br, off = (ilen0 + 7) & ~7u;
	uint32_t prev_off = 0, prev_len = ilen0;
	struct jcs_unpack_stats st;

	(void)state;
	for (uint16_t lvl = 1; lvl <= 40; lvl++) {
		uint8_t *n = node_start(leb + off, 9, 28 + 2 * 20, 1000 + lvl);

		le16(n + 24, 2);
		le16(n + 26, lvl);
		for (int b = 0; b < 2; b++) {
			le32(n + 28 + 20 * b, 4);
			le32(n + 32 + 20 * b, prev_off);
			le32(n + 36 + 20 * b, prev_len);
		}
		node_seal(n);
		prev_off = off;
		prev_len = 68;
		off += 72;
	}
	for (uint32_t l = 1; l <= 2; l++) {
		uint8_t *m = img + l * FS_LEB;

		le32(m + 52, prev_off);
		le32(m + 56, prev_len);
		node_seal(m);
	}
	st = run(img, len, "ubifs");
	assert_true(st.failures >= 1);
	free(img);
}

static void test_ubifs_hostile_tree(void **state)
{
	struct fsimg s;
	size_t len;
	uint8_t *img = make_ubifs(&len, &s);
	struct jcs_unpack_stats st;
	uint8_t *n;

	(void)state;
	/* "sub" gets an entry back to the root, and one to itself */
	s.pos = (s.pos + 7) & ~7u;
	dent(&s, 6, "up", 1, 7);
	dent(&s, 6, "self", 6, 8);
	/* names that are not one path component */
	dent(&s, 1, "..", 2, 9);
	n = dent(&s, 1, "a/b", 2, 10);
	(void)n;
	dent(&s, 1, "ghost", 99, 11); /* no such inode */
	reseal(&s);
	st = run(img, len, "ubifs");
	assert_true(st.failures >= 5);
	assert_int_equal(st.files, 3);
	free(img);
}

static void test_ubifs_hostile_sizes(void **state)
{
	struct fsimg s;
	size_t len;
	uint8_t *img = make_ubifs(&len, &s);
	struct jcs_unpack_stats st;
	uint8_t *hello = img + 3 * FS_LEB + rd_le32(s.branches[2] + 4);
	uint8_t *link = img + 3 * FS_LEB + rd_le32(s.branches[10] + 4);
	uint8_t *d0 = img + 3 * FS_LEB + rd_le32(s.branches[3] + 4);

	(void)state;
	/* a 4 EiB sparse file: cut at the limit, never written in full */
	le64(hello + 48, 1ull << 62);
	node_seal(hello);
	/* symlink data length beyond its node */
	le32(link + 112, 100000);
	node_seal(link);
	/* data node claiming more than a block, unknown compressor */
	le32(d0 + 40, 1u << 20);
	le16(d0 + 44, 77);
	node_seal(d0);
	memset(&st, 0, sizeof(st));
	jcs_unpack_buffer(img, len, "ubifs", &st);
	assert_true(st.failures >= 3);
	assert_true(st.bytes_out <= (64u << 20) + 20000);
	free(img);
}

static void test_ubifs_bad_compressed(void **state)
{
	struct fsimg s;
	size_t len;
	uint8_t *img = make_ubifs(&len, &s);
	struct jcs_unpack_stats st;
	uint8_t *big = img + 3 * FS_LEB + rd_le32(s.branches[7] + 4);
	uint8_t *d0 = img + 3 * FS_LEB + rd_le32(s.branches[3] + 4);

	(void)state;
	/* garbage as zlib, lzo and zstd */
	for (uint16_t c = 1; c <= 3; c++) {
		le16(big + 44, c);
		memset(big + 48, 0x5a, 16);
		node_seal(big);
		le16(d0 + 44, c);
		node_seal(d0);
		st = run(img, len, "ubifs");
		assert_true(st.failures >= 1);
		assert_int_equal(st.files, 3);
	}
	free(img);
}

static void test_truncated_and_mutated(void **state)
{
	struct fsimg s;
	size_t len, ulen;
	uint8_t *img = make_ubifs(&len, &s);
	uint8_t *ubi = make_ubi(&ulen);
	uint8_t *copy = malloc(len > ulen ? len : ulen);
	uint32_t seed = 12345;
	struct jcs_unpack_stats st;

	(void)state;
	for (size_t n = 0; n <= len; n += 509)
		jcs_unpack_buffer(img, n, "ubifs", &st);
	/* deterministic byte flips over headers and nodes */
	for (int i = 0; i < 3000; i++) {
		size_t at;

		seed = seed * 1103515245u + 12345u;
		memcpy(copy, img, len);
		at = (seed >> 8) % len;
		copy[at] ^= (uint8_t)(1u << (seed & 7));
		jcs_unpack_buffer(copy, len, "ubifs", &st);
		memcpy(copy, ubi, ulen);
		at = (seed >> 4) % ulen;
		if (i & 1)
			at = (at % N_PEB) * PEB + (at % 64) +
			     (i & 2 ? VID_OFF : 0);
		copy[at] ^= (uint8_t)(1u << (seed & 7));
		jcs_unpack_buffer(copy, ulen, "ubi", &st);
	}
	free(copy);
	free(ubi);
	free(img);
}

/* Fail each allocation in turn: clean failure, no leak. */
static void test_allocation_failures(void **state)
{
	struct fsimg s;
	size_t len, ulen;
	uint8_t *img = make_ubifs(&len, &s);
	uint8_t *ubi = make_ubi(&ulen);
	struct jcs_unpack_stats st;

	(void)state;
	for (unsigned long i = 1; i < 80; i++) {
		jcsi_mem_fail_after(i);
		jcs_unpack_buffer(img, len, "ubifs", &st);
		jcsi_mem_fail_after(i);
		jcs_unpack_buffer(ubi, ulen, "ubi", &st);
	}
	jcsi_mem_fail_after(0);
	st = run(img, len, "ubifs");
	assert_int_equal(st.files, 3);
	free(ubi);
	free(img);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ubi_good),
		cmocka_unit_test(test_ubi_content),
		cmocka_unit_test(test_ubi_bad_crc),
		cmocka_unit_test(test_ubi_hostile_offsets),
		cmocka_unit_test(test_ubi_hostile_lnum),
		cmocka_unit_test(test_ubi_hostile_vtbl),
		cmocka_unit_test(test_ubi_truncated),
		cmocka_unit_test(test_ubifs_good),
		cmocka_unit_test(test_ubifs_content),
		cmocka_unit_test(test_ubifs_bad_crc),
		cmocka_unit_test(test_ubifs_hostile_index),
		cmocka_unit_test(test_ubifs_shared_subtrees),
		cmocka_unit_test(test_ubifs_hostile_tree),
		cmocka_unit_test(test_ubifs_hostile_sizes),
		cmocka_unit_test(test_ubifs_bad_compressed),
		cmocka_unit_test(test_truncated_and_mutated),
		cmocka_unit_test(test_allocation_failures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

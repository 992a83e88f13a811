/*
 * unpack_jffs2.c - JFFS2 images (both byte orders), with our own parser:
 * no library reads JFFS2 outside the kernel, and the format is simple
 * enough to parse in one careful pass.
 *
 * A JFFS2 image is a log of nodes at 4-byte alignment. Each node has a
 * 12-byte header (magic 0x1985, type, total length, header CRC); the ones
 * that matter are directory entries (parent inode, name, child inode,
 * version) and inode nodes (metadata plus one compressed piece of file
 * data at an offset, version-stamped). Later versions override earlier
 * ones, which is how the file system records writes, renames and deletes.
 *
 * Extraction works in three steps:
 *   1. scan the image, verifying the header, node and data CRCs, and keep
 *      only metadata (where each node is, what it says), never data, so
 *      memory grows with the number of nodes and not with the decompressed
 *      size of the image;
 *   2. sort: the latest dirent per (parent, name) wins, a winning dirent
 *      with inode 0 is a deletion; inode nodes are grouped by inode;
 *   3. walk the tree from the root (inode 1), marking directories visited
 *      so that crafted loops end, and rebuild each regular file by
 *      replaying its data nodes in version order into one buffer of the
 *      file's size (bounded by the per-file limit).
 *
 * Everything in the image is hostile: lengths are checked against the
 * bytes present before use, decompressors are given exact output sizes,
 * and names go to the sink unmodified (the sink judges paths).
 *
 * Sources for the layout: include/uapi/linux/jffs2.h in Linux (node
 * structures), fs/jffs2/compr_*.c (rtime, rubin, zlib, lzo), and the
 * OpenWrt / jefferson convention for LZMA nodes (lc=0 lp=0 pb=0,
 * dictionary 8 KiB, raw LZMA1 stream).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lzma.h>
#include <lzo/lzo1x.h>
#include <zlib.h>

#include "../../core/mem.h"
#include "unpack_int.h"

/* --- on-flash layout ------------------------------------------------- */

#define JFFS2_MAGIC 0x1985
#define NODE_ACCURATE 0x2000 /* cleared when a node is obsoleted */
#define FEATURE_MASK 0xc000
#define FEATURE_INCOMPAT 0xc000

#define T_DIRENT 0xe001
#define T_INODE 0xe002
#define T_CLEANMARKER 0x2003
#define T_PADDING 0x2004
#define T_SUMMARY 0x2006
#define T_XATTR 0xe008
#define T_XREF 0xe009

#define HDR_LEN 12
#define DIRENT_LEN 40 /* fixed part; the name follows */
#define INODE_LEN 68  /* fixed part; the data follows */

enum {
	COMPR_NONE = 0,
	COMPR_ZERO = 1,
	COMPR_RTIME = 2,
	COMPR_RUBINMIPS = 3,
	COMPR_COPY = 4,
	COMPR_DYNRUBIN = 5,
	COMPR_ZLIB = 6,
	COMPR_LZO = 7,
	COMPR_LZMA = 8,
	COMPR_COUNT
};

static const char *const compr_names[COMPR_COUNT] = {
	"none", "zero", "rtime", "rubinmips", "copy",
	"dynrubin", "zlib", "lzo", "lzma"};

/* dirent types (DT_*) and inode mode types (S_IF*) as JFFS2 stores them */
#define DT_FIFO_ 1
#define DT_CHR_ 2
#define DT_DIR_ 4
#define DT_BLK_ 6
#define DT_REG_ 8
#define DT_LNK_ 10
#define DT_SOCK_ 12

#define S_IFMT_ 0170000
#define S_IFSOCK_ 0140000
#define S_IFLNK_ 0120000
#define S_IFREG_ 0100000
#define S_IFBLK_ 0060000
#define S_IFDIR_ 0040000
#define S_IFCHR_ 0020000
#define S_IFIFO_ 0010000

/* --- ceilings ---------------------------------------------------------- */

/* Compressed nodes decode into one scratch page. The kernel writes at
   most one page (4..64 KiB) per node; anything claiming more than that
   is refused instead of sizing a buffer from a hostile field. */
#define MAX_NODE_DSIZE (64u * 1024)
/* Directory nesting we follow (loops are caught separately). */
#define MAX_DIR_DEPTH 256
/* Contiguous bytes that are neither nodes nor erased flash after which
   the file system is taken to have ended (flash dumps carry other
   partitions after it). */
#define JUNK_STOP (128u * 1024)
/* Damage reports per image; the rest are counted in one summary line,
   so a shredded image cannot flood the manifest. */
#define MAX_REPORTS 64

/* --- parsed metadata ------------------------------------------------- */

/* An inode node: metadata and where its data sits, never the data. */
struct jnode {
	uint32_t ino, version, mode, isize, mtime;
	uint32_t offset, csize, dsize;
	uint16_t uid, gid;
	uint8_t compr;
	size_t pos; /* node offset in the image */
};

struct jdirent {
	uint32_t pino, version, ino;
	uint8_t type, nsize;
	const uint8_t *name; /* inside the image; NSIZE bytes */
	size_t pos;
};

/* One inode number: its nodes (sorted by version) and walk state. */
struct jino {
	uint32_t ino;
	size_t first, count; /* range in nodes[] */
	uint32_t refs;       /* live dirents pointing here */
	uint8_t visited;
	char *path;          /* first path of a hard-linked file */
};

struct jffs2 {
	struct jcsi_extract *x;
	const uint8_t *d;
	size_t len;
	int be;

	struct jnode *nodes;
	size_t nn, ncap;
	struct jdirent *dirs;
	size_t nd, dcap;
	struct jino *inos;
	size_t ni;

	uint64_t file_max; /* per-file limit */
	uint32_t path_max;
	char *path;        /* path being built, path_max + 1 bytes */

	uint8_t *buf;      /* one file's contents */
	size_t buf_cap;
	uint8_t *page;     /* one node's decoded data, MAX_NODE_DSIZE */

	z_stream z;
	int z_ready;
	lzma_stream lz;
	int lzo_ready;

	uint64_t budget;   /* bytes we may still decode or clear */
	unsigned reports;
	uint64_t unreported;
	uint32_t compr_seen;
	uint64_t entries;  /* entries handed to the sink */
	jcs_rc stop;       /* limit or out of memory: stop everything */
};

/* --- helpers --------------------------------------------------------- */

static uint16_t rd16(const struct jffs2 *j, const uint8_t *p)
{
	return j->be ? jcsi_be16(p) : jcsi_le16(p);
}

static uint32_t rd32(const struct jffs2 *j, const uint8_t *p)
{
	return j->be ? jcsi_be32(p) : jcsi_le32(p);
}

/* JFFS2's CRC-32: the kernel's crc32_le seeded with 0 and not inverted,
   which is zlib's crc32 with both inversions undone. */
static uint32_t jcrc(const uint8_t *p, size_t n)
{
	uLong c = 0xffffffffUL;

	while (n > 0) {
		uInt k = n > 0x40000000u ? 0x40000000u : (uInt)n;

		c = crc32(c, p, k);
		p += k;
		n -= k;
	}
	return (uint32_t)(c ^ 0xffffffffUL);
}

static void damage(struct jffs2 *j, uint64_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void damage(struct jffs2 *j, uint64_t off, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	if (j->reports >= MAX_REPORTS) {
		j->unreported++;
		return;
	}
	j->reports++;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	jcsi_fail(j->x, off, "%s", msg);
}

/*
 * Account for N bytes of decoding or clearing. Nodes may overwrite the
 * same range again and again, so the work is not bounded by what is
 * written out; this budget (the engine's ratio limit applied to the
 * work) keeps a small image from costing hours. Returns -1 when spent.
 */
static int spend(struct jffs2 *j, uint64_t n, size_t pos)
{
	if (n <= j->budget) {
		j->budget -= n;
		return 0;
	}
	if (!j->stop) {
		damage(j, pos, "decoding work exceeds the compression ratio "
			       "limit; rest of the image skipped");
		j->stop = JCS_E_LIMIT;
	}
	return -1;
}

static int known_type(uint16_t t)
{
	switch (t | NODE_ACCURATE) {
	case T_DIRENT:
	case T_INODE:
	case T_CLEANMARKER:
	case T_PADDING:
	case T_SUMMARY:
	case T_XATTR:
	case T_XREF:
		return 1;
	default:
		return 0;
	}
}

/* --- bid ------------------------------------------------------------- */

static int jffs2_bid(const uint8_t *d, size_t len)
{
	struct jffs2 j;

	if (len < HDR_LEN)
		return -1;
	memset(&j, 0, sizeof(j));
	if (jcsi_le16(d) == JFFS2_MAGIC)
		j.be = 0;
	else if (jcsi_be16(d) == JFFS2_MAGIC)
		j.be = 1;
	else
		return -1;
	if (!known_type(rd16(&j, d + 2)) || rd32(&j, d + 4) < HDR_LEN)
		return -1;
	if (jcrc(d, 8) != rd32(&j, d + 8))
		return -1;
	return 16 + 16 + 32;
}

/* --- decompressors --------------------------------------------------- */

/*
 * rtime: pairs of (byte, run). The byte is copied out; the run repeats
 * the bytes that followed the previous occurrence of that byte. Every
 * read and write is checked: a run may not pass the end of the page.
 */
static int rtime_decode(const uint8_t *in, size_t inlen, uint8_t *out,
			size_t outlen)
{
	size_t last[256];
	size_t ip = 0, op = 0;

	memset(last, 0, sizeof(last));
	while (op < outlen) {
		uint8_t v;
		size_t run, back;

		if (inlen - ip < 2)
			return -1; /* input ends before the page is full */
		v = in[ip];
		run = in[ip + 1];
		ip += 2;
		out[op++] = v;
		back = last[v];
		last[v] = op;
		if (run > outlen - op)
			return -1; /* run past the end of the page */
		/* back < op always: the copy may overlap forwards, so it
		   goes byte by byte */
		while (run--)
			out[op++] = out[back++];
	}
	return 0;
}

/*
 * rubin (dynrubin and the older rubinmips): a binary arithmetic coder
 * with a fixed probability per bit position of each byte. Bits past the
 * end of the input read as 0, as nothing more can be learnt from them.
 */
#define RUBIN_UPPER (1ul << 15)
#define RUBIN_LOWER (RUBIN_UPPER - 1)

struct rubin {
	const uint8_t *in;
	size_t inlen, bit;
	unsigned long p, q, rec_q;
};

static unsigned pull_bit(struct rubin *r)
{
	unsigned b = 0;

	if (r->bit / 8 < r->inlen)
		b = (r->in[r->bit / 8] >> (7 - (r->bit & 7))) & 1;
	r->bit++;
	return b;
}

/* One decoded bit, or -1 if the coder state is impossible. */
static int rubin_bit(struct rubin *r, long a, long b)
{
	long i0;
	int spins = 0;

	/* renormalise; p doubles each round, so this ends within 17
	   rounds unless p is 0, which the checks below rule out */
	while (r->q >= RUBIN_UPPER || r->p + r->q <= RUBIN_UPPER) {
		if (++spins > 40)
			return -1;
		r->q = (r->q & RUBIN_LOWER) << 1;
		r->p <<= 1;
		r->rec_q = ((r->rec_q & RUBIN_LOWER) << 1) | pull_bit(r);
	}
	if (r->p < 2)
		return -1; /* i0 below could not be in [1, p-1] */
	i0 = (long)(a * (long)r->p / (a + b));
	if (i0 <= 0)
		i0 = 1;
	if ((unsigned long)i0 >= r->p)
		i0 = (long)r->p - 1;
	if (r->rec_q >= r->q + (unsigned long)i0) {
		r->q += (unsigned long)i0;
		r->p -= (unsigned long)i0;
		return 1;
	}
	r->p = (unsigned long)i0;
	return 0;
}

static int rubin_decode(long divider, const long bits[8], const uint8_t *in,
			size_t inlen, uint8_t *out, size_t outlen)
{
	struct rubin r;

	r.in = in;
	r.inlen = inlen;
	r.bit = 0;
	r.q = 0;
	r.p = 2 * RUBIN_UPPER;
	r.rec_q = 0;
	for (int i = 0; i < 16; i++)
		r.rec_q = (r.rec_q << 1) | pull_bit(&r);
	for (size_t o = 0; o < outlen; o++) {
		unsigned v = 0;

		for (int i = 0; i < 8; i++) {
			int b = rubin_bit(&r, divider - bits[i], bits[i]);

			if (b < 0)
				return -1;
			v |= (unsigned)b << i;
		}
		out[o] = (uint8_t)v;
	}
	/* reading far past the input means the data was not rubin */
	return r.bit / 8 > inlen + 4 ? -1 : 0;
}

static int dynrubin_decode(const uint8_t *in, size_t inlen, uint8_t *out,
			   size_t outlen)
{
	long bits[8];

	if (inlen < 8)
		return -1; /* the eight bit probabilities come first */
	for (int i = 0; i < 8; i++)
		bits[i] = in[i];
	return rubin_decode(256, bits, in + 8, inlen - 8, out, outlen);
}

static int rubinmips_decode(const uint8_t *in, size_t inlen, uint8_t *out,
			    size_t outlen)
{
	static const long bits[8] = {277, 249, 290, 267, 229, 341, 212, 241};

	return rubin_decode(1043, bits, in, inlen, out, outlen);
}

/* zlib: normally a zlib-wrapped stream; very old images wrote raw
   deflate, which the kernel still accepts, so we do too. */
static int zlib_decode(struct jffs2 *j, const uint8_t *in, size_t inlen,
		       uint8_t *out, size_t outlen)
{
	int wbits = -MAX_WBITS, r;

	if (inlen >= 2 && (in[0] & 0x0f) == Z_DEFLATED &&
	    ((in[0] << 8) | in[1]) % 31 == 0)
		wbits = MAX_WBITS;
	if (!j->z_ready) {
		memset(&j->z, 0, sizeof(j->z));
		if (inflateInit2(&j->z, wbits) != Z_OK)
			return -2;
		j->z_ready = 1;
	} else if (inflateReset2(&j->z, wbits) != Z_OK) {
		return -1;
	}
	j->z.next_in = (Bytef *)in;
	j->z.avail_in = (uInt)inlen; /* inlen < 4 GiB: a u32 csize */
	j->z.next_out = out;
	j->z.avail_out = (uInt)outlen;
	r = inflate(&j->z, Z_FINISH);
	if (r != Z_STREAM_END && !(r == Z_BUF_ERROR && j->z.avail_out == 0) &&
	    r != Z_OK)
		return -1;
	return j->z.total_out == outlen ? 0 : -1;
}

static int lzo_decode(struct jffs2 *j, const uint8_t *in, size_t inlen,
		      uint8_t *out, size_t outlen)
{
	lzo_uint n = outlen;

	if (!j->lzo_ready) {
		if (lzo_init() != LZO_E_OK)
			return -2;
		j->lzo_ready = 1;
	}
	if (lzo1x_decompress_safe(in, inlen, out, &n, NULL) != LZO_E_OK)
		return -1;
	return n == outlen ? 0 : -1;
}

/* LZMA: a raw LZMA1 stream without header, lc=0 lp=0 pb=0, 8 KiB
   dictionary; the output size is the node's dsize. */
static int lzma_decode(struct jffs2 *j, const uint8_t *in, size_t inlen,
		       uint8_t *out, size_t outlen)
{
	lzma_options_lzma opt;
	lzma_filter f[2];
	lzma_ret r;

	memset(&opt, 0, sizeof(opt));
	if (lzma_lzma_preset(&opt, 6))
		return -2;
	opt.lc = 0;
	opt.lp = 0;
	opt.pb = 0;
	opt.dict_size = 0x2000;
	f[0].id = LZMA_FILTER_LZMA1;
	f[0].options = &opt;
	f[1].id = LZMA_VLI_UNKNOWN;
	f[1].options = NULL;
	if (lzma_raw_decoder(&j->lz, f) != LZMA_OK)
		return -2;
	j->lz.next_in = in;
	j->lz.avail_in = inlen;
	j->lz.next_out = out;
	j->lz.avail_out = outlen;
	r = lzma_code(&j->lz, LZMA_RUN);
	if (r != LZMA_OK && r != LZMA_STREAM_END)
		return -1;
	return j->lz.avail_out == 0 ? 0 : -1;
}

/*
 * Decode node N's data into OUT (exactly N->dsize bytes, which the caller
 * guarantees fit). Returns 0, -1 on damaged data, -2 when the codec is
 * unavailable (out of memory) and -3 for an unsupported compression.
 */
static int decode_node(struct jffs2 *j, const struct jnode *n, uint8_t *out)
{
	const uint8_t *in = j->d + n->pos + INODE_LEN;
	size_t inlen = n->csize, outlen = n->dsize;

	switch (n->compr) {
	case COMPR_NONE:
		if (inlen < outlen)
			return -1;
		memcpy(out, in, outlen);
		return 0;
	case COMPR_ZERO:
		memset(out, 0, outlen);
		return 0;
	case COMPR_RTIME:
		return rtime_decode(in, inlen, out, outlen);
	case COMPR_RUBINMIPS:
		return rubinmips_decode(in, inlen, out, outlen);
	case COMPR_DYNRUBIN:
		return dynrubin_decode(in, inlen, out, outlen);
	case COMPR_ZLIB:
		return zlib_decode(j, in, inlen, out, outlen);
	case COMPR_LZO:
		return lzo_decode(j, in, inlen, out, outlen);
	case COMPR_LZMA:
		return lzma_decode(j, in, inlen, out, outlen);
	default:
		return -3; /* COPY was never implemented, even in Linux */
	}
}

static const char *compr_name(uint8_t c)
{
	return c < COMPR_COUNT ? compr_names[c] : "unknown";
}

/* --- scan ------------------------------------------------------------ */

static int push_node(struct jffs2 *j, const struct jnode *n)
{
	if (j->nn == j->ncap) {
		size_t nc = j->ncap ? j->ncap * 2 : 256;
		struct jnode *t = jcsi_realloc(j->nodes, nc * sizeof(*t));

		if (!t)
			return -1;
		j->nodes = t;
		j->ncap = nc;
	}
	j->nodes[j->nn++] = *n;
	return 0;
}

static int push_dirent(struct jffs2 *j, const struct jdirent *e)
{
	if (j->nd == j->dcap) {
		size_t nc = j->dcap ? j->dcap * 2 : 256;
		struct jdirent *t = jcsi_realloc(j->dirs, nc * sizeof(*t));

		if (!t)
			return -1;
		j->dirs = t;
		j->dcap = nc;
	}
	j->dirs[j->nd++] = *e;
	return 0;
}

/* An inode node at POS (TOTLEN bytes, already in bounds). Returns -1
   only when out of memory. */
static int scan_inode(struct jffs2 *j, size_t pos, uint32_t totlen)
{
	const uint8_t *p = j->d + pos;
	struct jnode n;

	if (totlen < INODE_LEN) {
		damage(j, pos, "inode node too short (%u bytes)", totlen);
		return 0;
	}
	if (jcrc(p, INODE_LEN - 8) != rd32(j, p + 64)) {
		damage(j, pos, "inode node CRC mismatch");
		return 0;
	}
	memset(&n, 0, sizeof(n));
	n.ino = rd32(j, p + 12);
	n.version = rd32(j, p + 16);
	n.mode = rd32(j, p + 20);
	n.uid = rd16(j, p + 24);
	n.gid = rd16(j, p + 26);
	n.isize = rd32(j, p + 28);
	n.mtime = rd32(j, p + 36);
	n.offset = rd32(j, p + 44);
	n.csize = rd32(j, p + 48);
	n.dsize = rd32(j, p + 52);
	n.compr = p[56];
	n.pos = pos;
	/* the data must lie inside the node (which lies inside the image) */
	if ((uint64_t)INODE_LEN + n.csize > totlen) {
		damage(j, pos, "inode %u: data (%u bytes) runs past the node",
		       n.ino, n.csize);
		return 0;
	}
	if (jcrc(p + INODE_LEN, n.csize) != rd32(j, p + 60)) {
		damage(j, pos, "inode %u version %u: data CRC mismatch",
		       n.ino, n.version);
		return 0;
	}
	if (n.ino == 0) {
		damage(j, pos, "inode node for inode 0");
		return 0;
	}
	if (n.compr < 32)
		j->compr_seen |= 1u << n.compr;
	return push_node(j, &n);
}

static int scan_dirent(struct jffs2 *j, size_t pos, uint32_t totlen)
{
	const uint8_t *p = j->d + pos;
	struct jdirent e;

	if (totlen < DIRENT_LEN) {
		damage(j, pos, "dirent node too short (%u bytes)", totlen);
		return 0;
	}
	if (jcrc(p, DIRENT_LEN - 8) != rd32(j, p + 32)) {
		damage(j, pos, "dirent node CRC mismatch");
		return 0;
	}
	memset(&e, 0, sizeof(e));
	e.pino = rd32(j, p + 12);
	e.version = rd32(j, p + 16);
	e.ino = rd32(j, p + 20);
	e.nsize = p[28];
	e.type = p[29];
	e.name = p + DIRENT_LEN;
	e.pos = pos;
	if (DIRENT_LEN + (uint32_t)e.nsize > totlen) {
		damage(j, pos, "dirent name runs past the node");
		return 0;
	}
	if (jcrc(e.name, e.nsize) != rd32(j, p + 36)) {
		damage(j, pos, "dirent name CRC mismatch");
		return 0;
	}
	/* a path is a C string: an empty name or one with a NUL cannot be
	   passed on faithfully */
	if (e.nsize == 0 || memchr(e.name, 0, e.nsize)) {
		damage(j, pos, "dirent with an empty name or a NUL byte in "
			       "its name (parent inode %u)", e.pino);
		return 0;
	}
	return push_dirent(j, &e);
}

/*
 * Walk every 4-byte position. Returns the end of the file system (end of
 * the last valid node, or of erased space after it), or 0 when out of
 * memory (j->stop set).
 */
static size_t scan(struct jffs2 *j)
{
	size_t pos = 0, end = 0, junk = 0, last_cm = SIZE_MAX;
	size_t erase = 0;
	int junk_since_end = 0;

	while (jcsi_in_bounds(j->len, pos, HDR_LEN) && junk < JUNK_STOP) {
		const uint8_t *p = j->d + pos;
		uint16_t magic = rd16(j, p), type;
		uint32_t totlen, w = jcsi_le32(p);

		if (magic != JFFS2_MAGIC) {
			if (w != 0xffffffffu && w != 0) {
				junk += 4;
				junk_since_end = 1;
			}
			pos += 4;
			continue;
		}
		type = rd16(j, p + 2);
		totlen = rd32(j, p + 4);
		if (jcrc(p, 8) != rd32(j, p + 8)) {
			/* random data matches the magic now and then; only a
			   known node type makes it worth a report */
			if (known_type(type))
				damage(j, pos, "node header CRC mismatch");
			junk += 4;
			junk_since_end = 1;
			pos += 4;
			continue;
		}
		if (totlen < HDR_LEN || !jcsi_in_bounds(j->len, pos, totlen)) {
			damage(j, pos, "node length %u %s", totlen,
			       totlen < HDR_LEN ? "too small"
						: "runs past the image");
			junk += 4;
			junk_since_end = 1;
			pos += 4;
			continue;
		}
		junk = 0;
		if (type & NODE_ACCURATE) {
			int r = 0;

			switch (type) {
			case T_INODE:
				r = scan_inode(j, pos, totlen);
				break;
			case T_DIRENT:
				r = scan_dirent(j, pos, totlen);
				break;
			case T_CLEANMARKER:
				/* erase blocks start with one: their spacing
				   gives the erase size */
				if (last_cm != SIZE_MAX && pos > last_cm &&
				    (erase == 0 || pos - last_cm < erase))
					erase = pos - last_cm;
				last_cm = pos;
				break;
			default:
				if ((type & FEATURE_MASK) == FEATURE_INCOMPAT &&
				    !known_type(type))
					damage(j, pos, "unknown incompatible "
						       "node type 0x%04x",
					       type);
				break; /* padding, summary, xattrs */
			}
			if (r < 0) {
				j->stop = JCS_E_NOMEM;
				return 0;
			}
		}
		end = pos + totlen;
		junk_since_end = 0;
		/* totlen fits in the image, so this cannot wrap */
		pos += ((size_t)totlen + 3) & ~(size_t)3;
	}
	if (erase && (erase & (erase - 1)) == 0 && erase >= 4096) {
		jcsi_info_int(j->x, "erase_size", (int64_t)erase);
		end = (end + erase - 1) / erase * erase;
	}
	if (junk < JUNK_STOP && !junk_since_end && end > 0)
		end = j->len; /* only erased flash after the last node */
	return end > j->len ? j->len : end;
}

/* --- indexing -------------------------------------------------------- */

static int cmp_u32(uint32_t a, uint32_t b)
{
	return a < b ? -1 : a > b;
}

static int cmp_node(const void *pa, const void *pb)
{
	const struct jnode *a = pa, *b = pb;
	int c = cmp_u32(a->ino, b->ino);

	if (!c)
		c = cmp_u32(a->version, b->version);
	if (!c)
		c = a->pos < b->pos ? -1 : a->pos > b->pos;
	return c;
}

static int cmp_dirent(const void *pa, const void *pb)
{
	const struct jdirent *a = pa, *b = pb;
	int c = cmp_u32(a->pino, b->pino);

	if (!c)
		c = cmp_u32(a->nsize, b->nsize);
	if (!c)
		c = memcmp(a->name, b->name, a->nsize);
	if (!c)
		c = cmp_u32(a->version, b->version);
	if (!c)
		c = a->pos < b->pos ? -1 : a->pos > b->pos;
	return c;
}

static int cmp_ino(const void *pa, const void *pb)
{
	const struct jino *a = pa, *b = pb;

	return cmp_u32(a->ino, b->ino);
}

static struct jino *find_ino(struct jffs2 *j, uint32_t ino)
{
	struct jino key;

	key.ino = ino;
	return bsearch(&key, j->inos, j->ni, sizeof(*j->inos), cmp_ino);
}

/* Keep the winning dirent of each (parent, name); drop deletions. */
static void settle_dirents(struct jffs2 *j)
{
	size_t out = 0;

	if (j->nd)
		qsort(j->dirs, j->nd, sizeof(*j->dirs), cmp_dirent);
	for (size_t i = 0; i < j->nd; i++) {
		const struct jdirent *e = &j->dirs[i];
		int last = i + 1 == j->nd;

		if (!last) {
			const struct jdirent *n = &j->dirs[i + 1];

			if (n->pino == e->pino && n->nsize == e->nsize &&
			    memcmp(n->name, e->name, e->nsize) == 0)
				continue; /* a later version follows */
		}
		if (e->ino != 0)
			j->dirs[out++] = *e;
	}
	j->nd = out;
}

/* One record per inode number seen in a node or a live dirent, plus the
   root. Returns -1 when out of memory. */
static int index_inodes(struct jffs2 *j)
{
	size_t cap = j->nn + j->nd + 1, n = 0, k = 0;

	if (j->nn)
		qsort(j->nodes, j->nn, sizeof(*j->nodes), cmp_node);
	j->inos = jcsi_calloc(cap, sizeof(*j->inos));
	if (!j->inos)
		return -1;
	j->inos[n++].ino = 1;
	for (size_t i = 0; i < j->nn; i++) {
		if (i == 0 || j->nodes[i].ino != j->nodes[i - 1].ino)
			j->inos[n++].ino = j->nodes[i].ino;
	}
	for (size_t i = 0; i < j->nd; i++)
		j->inos[n++].ino = j->dirs[i].ino;
	qsort(j->inos, n, sizeof(*j->inos), cmp_ino);
	for (size_t i = 0; i < n; i++) {
		if (k == 0 || j->inos[i].ino != j->inos[k - 1].ino)
			j->inos[k++] = j->inos[i];
	}
	j->ni = k;
	/* attach node ranges: both lists are sorted by inode number */
	for (size_t i = 0, s = 0; i < j->nn; i = s) {
		struct jino *in = find_ino(j, j->nodes[i].ino);

		for (s = i; s < j->nn && j->nodes[s].ino == j->nodes[i].ino;)
			s++;
		if (in) {
			in->first = i;
			in->count = s - i;
		}
	}
	for (size_t i = 0; i < j->nd; i++) {
		struct jino *in = find_ino(j, j->dirs[i].ino);

		if (in && in->refs < UINT32_MAX)
			in->refs++;
	}
	return 0;
}

/* The first live dirent whose parent is PINO (dirs[] is sorted by
   parent), or j->nd when there is none. */
static size_t first_child(const struct jffs2 *j, uint32_t pino)
{
	size_t lo = 0, hi = j->nd;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (j->dirs[mid].pino < pino)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* --- emitting entries ------------------------------------------------ */

static void note_rc(struct jffs2 *j, jcs_rc rc)
{
	if (rc == JCS_E_LIMIT || rc == JCS_E_NOMEM)
		j->stop = rc;
	else if (rc == JCS_OK)
		j->entries++;
}

static int grow_buf(struct jffs2 *j, size_t n)
{
	uint8_t *t;

	if (n <= j->buf_cap)
		return 0;
	t = jcsi_realloc(j->buf, n);
	if (!t)
		return -1;
	j->buf = t;
	j->buf_cap = n;
	return 0;
}

static void codec_failure(struct jffs2 *j, const struct jnode *n, int r)
{
	if (r == -3)
		damage(j, n->pos, "%s: compression %u (%s) is not supported",
		       j->path, n->compr, compr_name(n->compr));
	else if (r == -2)
		damage(j, n->pos, "%s: %s decoder unavailable (out of memory)",
		       j->path, compr_name(n->compr));
	else
		damage(j, n->pos, "%s: %s data of version %u damaged",
		       j->path, compr_name(n->compr), n->version);
}

/*
 * Decode N into the file buffer at its offset, clipped to LIMIT (the
 * buffer's used size). Returns 0 on success.
 */
static int apply_node(struct jffs2 *j, const struct jnode *n, size_t limit)
{
	size_t want;
	int r;

	if (n->dsize == 0 || n->offset >= limit)
		return 0;
	want = n->dsize;
	if (want > limit - n->offset)
		want = limit - n->offset; /* data past the file's end */
	if (n->compr == COMPR_ZERO || n->compr == COMPR_NONE) {
		if (spend(j, want, n->pos))
			return -1;
	} else if (n->dsize > MAX_NODE_DSIZE) {
		damage(j, n->pos, "%s: node claims %u bytes of %s data (more "
				  "than a page)", j->path, n->dsize,
		       compr_name(n->compr));
		return -1;
	} else if (spend(j, n->dsize, n->pos)) {
		return -1;
	}
	if (n->compr == COMPR_ZERO) {
		memset(j->buf + n->offset, 0, want);
		return 0;
	}
	if (n->compr == COMPR_NONE) {
		if (n->csize < n->dsize) {
			codec_failure(j, n, -1);
			return -1;
		}
		memcpy(j->buf + n->offset, j->d + n->pos + INODE_LEN, want);
		return 0;
	}
	r = decode_node(j, n, j->page);
	if (r) {
		codec_failure(j, n, r);
		return -1;
	}
	memcpy(j->buf + n->offset, j->page, want);
	return 0;
}

/*
 * Rebuild a regular file from its nodes, replayed in version order into
 * one buffer, and hand it to the sink. The file is opened first so that
 * a refused path costs no decoding.
 */
static void emit_file(struct jffs2 *j, const struct jino *in,
		      struct jcsi_entry *e)
{
	const struct jnode *ns = j->nodes + in->first;
	const struct jnode *latest = &ns[in->count - 1];
	uint64_t size = latest->isize, extent = 0, high = 0;
	struct jcsi_file *f = NULL;
	int truncated = 0;
	jcs_rc rc;

	/* the buffer only needs to reach the last byte any node writes;
	   the rest of the file is a hole */
	for (size_t i = 0; i < in->count; i++) {
		uint64_t end = (uint64_t)ns[i].offset + ns[i].dsize;

		if (ns[i].dsize && end > extent)
			extent = end;
	}
	if (extent > size)
		extent = size;
	/* isize is a hostile u32: never size a buffer from it unchecked */
	if (size > j->file_max) {
		damage(j, latest->pos, "%s: size %llu exceeds the per-file "
				       "limit; not extracted", j->path,
		       (unsigned long long)size);
		return;
	}
	if (grow_buf(j, (size_t)extent ? (size_t)extent : 1)) {
		damage(j, latest->pos, "%s: no memory for %llu bytes; not "
				       "extracted", j->path,
		       (unsigned long long)extent);
		return;
	}
	rc = jcsi_file_open(j->x, e, &f);
	if (rc != JCS_OK) {
		note_rc(j, rc);
		return;
	}
	j->entries++;
	if (spend(j, extent, latest->pos))
		goto out;
	memset(j->buf, 0, (size_t)extent);
	/* a node whose isize is below what has been written so far is a
	   truncation: what lay beyond it is gone */
	for (size_t i = 0; i < in->count && !j->stop; i++) {
		const struct jnode *n = &ns[i];

		if (n->isize < high) {
			if (n->isize < extent) {
				if (spend(j, extent - n->isize, n->pos))
					break;
				memset(j->buf + n->isize, 0,
				       (size_t)(extent - n->isize));
			}
			high = n->isize;
		}
		if (apply_node(j, n, (size_t)extent))
			truncated = 1;
		if (n->dsize && (uint64_t)n->offset + n->dsize > high)
			high = (uint64_t)n->offset + n->dsize;
	}
	if (j->stop)
		goto out;
	rc = jcsi_file_write(f, j->buf, (size_t)extent);
	if (rc == JCS_OK && size > extent)
		rc = jcsi_file_write_zeros(f, size - extent);
	if (rc == JCS_E_LIMIT || rc == JCS_E_NOMEM)
		j->stop = rc;
out:
	jcsi_file_close(f, truncated || j->stop || rc != JCS_OK);
}

/* Symlink targets and device numbers are the data of the latest node. */
static int small_data(struct jffs2 *j, const struct jnode *n, size_t max)
{
	int r;

	if (n->dsize > max || n->dsize > MAX_NODE_DSIZE) {
		damage(j, n->pos, "%s: %u bytes of link or device data",
		       j->path, n->dsize);
		return -1;
	}
	if (spend(j, n->dsize, n->pos))
		return -1;
	r = decode_node(j, n, j->page);
	if (r) {
		codec_failure(j, n, r);
		return -1;
	}
	return 0;
}

static void emit_symlink(struct jffs2 *j, const struct jnode *n,
			 struct jcsi_entry *e)
{
	char *target;

	if (small_data(j, n, j->path_max))
		return;
	target = jcsi_strndup((const char *)j->page, n->dsize);
	if (!target) {
		j->stop = JCS_E_NOMEM;
		return;
	}
	e->link_target = target;
	note_rc(j, jcsi_add_entry(j->x, e));
	jcsi_free(target);
}

static void emit_device(struct jffs2 *j, const struct jnode *n,
			struct jcsi_entry *e)
{
	if (small_data(j, n, 4))
		return;
	if (n->dsize == 2) {
		uint16_t v = rd16(j, j->page);

		e->dev_major = v >> 8;
		e->dev_minor = v & 0xff;
	} else if (n->dsize == 4) {
		uint32_t v = rd32(j, j->page);

		e->dev_major = (v >> 8) & 0xfff;
		e->dev_minor = (v & 0xff) | ((v >> 12) & 0xfff00);
	} else {
		damage(j, n->pos, "%s: device number of %u bytes", j->path,
		       n->dsize);
	}
	note_rc(j, jcsi_add_entry(j->x, e));
}

static void walk_dir(struct jffs2 *j, uint32_t dino, size_t plen, int depth);

static enum jcsi_entry_kind kind_of(uint32_t mode, uint8_t dt, int *ok)
{
	*ok = 1;
	switch (mode & S_IFMT_) {
	case S_IFDIR_: return JCSI_DIR;
	case S_IFREG_: return JCSI_FILE;
	case S_IFLNK_: return JCSI_SYMLINK;
	case S_IFCHR_: return JCSI_CHAR_DEV;
	case S_IFBLK_: return JCSI_BLOCK_DEV;
	case S_IFIFO_: return JCSI_FIFO;
	case S_IFSOCK_: return JCSI_SOCKET;
	default: break;
	}
	switch (dt) {
	case DT_DIR_: return JCSI_DIR;
	case DT_REG_: return JCSI_FILE;
	case DT_LNK_: return JCSI_SYMLINK;
	case DT_CHR_: return JCSI_CHAR_DEV;
	case DT_BLK_: return JCSI_BLOCK_DEV;
	case DT_FIFO_: return JCSI_FIFO;
	case DT_SOCK_: return JCSI_SOCKET;
	default: break;
	}
	*ok = 0;
	return JCSI_FILE;
}

/* One live dirent, whose name is already at j->path[0..plen). */
static void visit(struct jffs2 *j, const struct jdirent *de, size_t plen,
		  int depth)
{
	struct jino *in = find_ino(j, de->ino);
	const struct jnode *latest = NULL;
	struct jcsi_entry e;
	int ok;

	if (!in)
		return; /* cannot happen: every live dirent was indexed */
	if (in->count)
		latest = &j->nodes[in->first + in->count - 1];
	memset(&e, 0, sizeof(e));
	e.path = j->path;
	e.kind = kind_of(latest ? latest->mode : 0, de->type, &ok);
	if (!ok) {
		damage(j, de->pos, "%s: unknown file type (mode 0%o, dirent "
				   "type %u)", j->path,
		       latest ? latest->mode : 0, de->type);
		return;
	}
	if (latest) {
		e.mode = latest->mode & 07777;
		e.uid = latest->uid;
		e.gid = latest->gid;
		e.mtime = latest->mtime;
	}
	if (e.kind == JCSI_DIR) {
		jcs_rc rc;

		if (in->visited) {
			damage(j, de->pos, "%s: directory inode %u reached "
					   "twice (loop or hard-linked "
					   "directory)", j->path, de->ino);
			return;
		}
		in->visited = 1;
		rc = jcsi_add_entry(j->x, &e);
		note_rc(j, rc);
		/* a refused directory name refuses every path below it:
		   one refusal is enough */
		if (!j->stop && rc != JCS_E_UNSAFE_PATH)
			walk_dir(j, de->ino, plen, depth + 1);
		return;
	}
	if (!latest) {
		damage(j, de->pos, "%s: no inode node for inode %u", j->path,
		       de->ino);
		return;
	}
	in->visited = 1;
	switch (e.kind) {
	case JCSI_FILE:
		if (in->path) {
			e.kind = JCSI_HARDLINK;
			e.link_target = in->path;
			note_rc(j, jcsi_add_entry(j->x, &e));
			return;
		}
		if (in->refs > 1)
			in->path = jcsi_strdup(j->path);
		emit_file(j, in, &e);
		return;
	case JCSI_SYMLINK:
		emit_symlink(j, latest, &e);
		return;
	case JCSI_CHAR_DEV:
	case JCSI_BLOCK_DEV:
		emit_device(j, latest, &e);
		return;
	default:
		note_rc(j, jcsi_add_entry(j->x, &e));
		return;
	}
}

/* The children of directory DINO, whose path is j->path[0..plen). */
static void walk_dir(struct jffs2 *j, uint32_t dino, size_t plen, int depth)
{
	if (depth > MAX_DIR_DEPTH) {
		damage(j, 0, "%s: directories nested too deep", j->path);
		return;
	}
	for (size_t i = first_child(j, dino);
	     i < j->nd && j->dirs[i].pino == dino && !j->stop; i++) {
		const struct jdirent *de = &j->dirs[i];
		size_t need = plen + (plen ? 1 : 0) + de->nsize;

		/* the path buffer holds path_max bytes: longer paths would
		   be refused by the sink anyway */
		if (need > j->path_max) {
			j->path[plen] = '\0';
			damage(j, de->pos, "%s/%.*s: path longer than %u bytes",
			       j->path, (int)de->nsize, (const char *)de->name,
			       j->path_max);
			continue;
		}
		if (plen)
			j->path[plen] = '/';
		memcpy(j->path + need - de->nsize, de->name, de->nsize);
		j->path[need] = '\0';
		visit(j, de, need, depth);
	}
	j->path[plen] = '\0';
}

/* --- extract --------------------------------------------------------- */

static void info(struct jffs2 *j, size_t orphans)
{
	char comp[128];
	size_t k = 0;

	jcsi_info_str(j->x, "endian", j->be ? "big" : "little");
	jcsi_info_int(j->x, "inode_nodes", (int64_t)j->nn);
	jcsi_info_int(j->x, "live_dirents", (int64_t)j->nd);
	comp[0] = '\0';
	for (unsigned c = 0; c < COMPR_COUNT; c++) {
		if (!(j->compr_seen & (1u << c)) || k + 16 >= sizeof(comp))
			continue;
		k += (size_t)snprintf(comp + k, sizeof(comp) - k, "%s%s",
				      k ? "," : "", compr_names[c]);
	}
	if (k)
		jcsi_info_str(j->x, "compression", comp);
	if (orphans)
		jcsi_info_int(j->x, "unreachable_inodes", (int64_t)orphans);
}

static jcs_rc jffs2_extract(struct jcsi_extract *x, const uint8_t *d,
			    size_t len, uint64_t *consumed)
{
	const struct jcs_unpack_limits *lim = jcsi_limits(x);
	lzma_stream lz = LZMA_STREAM_INIT;
	struct jffs2 j;
	size_t end, orphans = 0;
	jcs_rc rc = JCS_OK;

	*consumed = 0;
	if (jffs2_bid(d, len) < 0)
		return JCS_E_FORMAT;
	memset(&j, 0, sizeof(j));
	j.x = x;
	j.d = d;
	j.len = len;
	j.be = jcsi_le16(d) != JFFS2_MAGIC;
	j.lz = lz;
	j.file_max = lim->max_file_bytes;
	j.path_max = lim->max_path ? lim->max_path : 4096;
	/* as much work as the sink's ratio limit allows output */
	j.budget = lim->max_ratio && len <= (UINT64_MAX - lim->ratio_grace) /
						      lim->max_ratio
			   ? lim->ratio_grace + lim->max_ratio * (uint64_t)len
			   : UINT64_MAX;
	j.path = jcsi_malloc((size_t)j.path_max + 1);
	j.page = jcsi_malloc(MAX_NODE_DSIZE);
	if (!j.path || !j.page) {
		rc = JCS_E_NOMEM;
		goto out;
	}
	j.path[0] = '\0';
	end = scan(&j);
	if (j.stop) {
		rc = j.stop;
		goto out;
	}
	*consumed = end;
	settle_dirents(&j);
	if (index_inodes(&j)) {
		rc = JCS_E_NOMEM;
		goto out;
	}
	find_ino(&j, 1)->visited = 1;
	walk_dir(&j, 1, 0, 0);
	for (size_t i = 0; i < j.ni; i++) {
		if (!j.inos[i].visited && j.inos[i].count)
			orphans++;
	}
	info(&j, orphans);
	/* an erased partition (cleanmarkers only) is a valid, empty file
	   system; nodes that yield nothing are not */
	if (j.stop)
		rc = j.stop;
	else if (j.entries == 0 && (j.nn || j.nd || j.reports))
		rc = JCS_E_CORRUPT;
out:
	if (j.unreported)
		jcsi_fail(x, 0, "%llu further damaged nodes not listed",
			  (unsigned long long)j.unreported);
	if (j.z_ready)
		inflateEnd(&j.z);
	lzma_end(&j.lz);
	for (size_t i = 0; i < j.ni; i++)
		jcsi_free(j.inos[i].path);
	jcsi_free(j.inos);
	jcsi_free(j.nodes);
	jcsi_free(j.dirs);
	jcsi_free(j.buf);
	jcsi_free(j.page);
	jcsi_free(j.path);
	return rc;
}

/* A file system starts with a cleanmarker (erase block with cleanmarkers)
   or with a dirent or inode node; both byte orders. */
static const struct jcsi_magic jffs2_magics[] = {
	{"\x85\x19\x03\x20", 4, 0}, {"\x85\x19\x01\xe0", 4, 0},
	{"\x85\x19\x02\xe0", 4, 0}, {"\x19\x85\x20\x03", 4, 0},
	{"\x19\x85\xe0\x01", 4, 0}, {"\x19\x85\xe0\x02", 4, 0},
	{NULL, 0, 0}};

const struct jcsi_unpacker jcsi_unpacker_jffs2 = {
	"jffs2", jffs2_magics, jffs2_bid, jffs2_extract, 0};

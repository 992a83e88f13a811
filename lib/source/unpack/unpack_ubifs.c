/*
 * unpack_ubifs.c - UBIFS file system images (mkfs.ubifs output, or a UBI
 * volume carved out by unpack_ubi.c), with lzo, zlib and zstd data.
 *
 * Our own parser: no library reads UBIFS from user space. Layout (Linux
 * fs/ubifs/ubifs-media.h, all little-endian): the image is a row of
 * logical eraseblocks (LEBs) of leb_size bytes; everything in them is a
 * node with a 24-byte common header (magic 0x06101831, CRC-32 of the node
 * from byte 8, sequence number, length, type). LEB 0 holds the
 * superblock, LEBs 1 and 2 the master node, which points at the root of
 * the committed index, a B+tree whose leaves are inode, directory entry
 * and data nodes.
 *
 * How we read it: walk the index once and keep only small records (where
 * each inode, entry and data node sits in the mapped image), sort them,
 * then rebuild the tree from inode 1 and write each file block by block.
 * Decompressed contents are never held beyond one 4 KiB block. The
 * journal (changes written after the last commit, in the log's bud LEBs)
 * is not replayed: a mkfs image has none, and a dump of a mounted file
 * system loses only what was written since its last commit.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lzo1x.h>
#include <zlib.h>
#include <zstd.h>

#include "../../core/mem.h"
#include "unpack_int.h"

#define CH_SZ 24
#define SB_NODE_SZ 4096
#define MST_NODE_SZ 512
#define INO_NODE_SZ 160
#define DENT_NODE_SZ 56
#define DATA_NODE_SZ 48
#define IDX_NODE_SZ 28
#define BRANCH_MIN 20 /* lnum, offs, len, 8-byte key (+ hash if signed) */
#define BLOCK_SZ 4096
#define MAX_INO_DATA 4096
#define MAX_NLEN 255
#define ROOT_INUM 1

enum { T_INO = 0, T_DATA, T_DENT, T_XENT, T_TRUN, T_PAD, T_SB, T_MST,
       T_REF, T_IDX };
enum { K_INO = 0, K_DATA, K_DENT, K_XENT };
enum { C_NONE = 0, C_LZO, C_ZLIB, C_ZSTD };

/* Index levels we follow (the kernel's own ceiling is 512; real trees of
   millions of files stay under 10). */
#define MAX_INDEX_LEVEL 64
#define MAX_DIR_DEPTH 128
#define MAX_FAILS 64

/* Fuzzing builds accept any CRC so mutations reach the parsers behind
   the checks (the unit tests cover the checks themselves). */
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
#define CHECK_CRC 0
#else
#define CHECK_CRC 1
#endif

struct ino {
	uint64_t inum, sqnum;
	size_t pos;       /* node position in the image */
	uint32_t len;
	uint8_t entered;  /* directories: walked already (loop guard) */
	char *first_path; /* regular files with nlink > 1: first name */
};

struct dent {
	uint64_t parent, inum;
	size_t pos;
	uint32_t len;
};

struct dnode {
	uint64_t inum, sqnum;
	uint32_t block, len;
	size_t pos;
};

struct fs {
	struct jcsi_extract *x;
	const uint8_t *d;
	size_t len;
	uint32_t leb_size, leb_cnt, min_io;
	struct ino *inos;
	size_t n_inos, cap_inos;
	struct dent *dents;
	size_t n_dents, cap_dents;
	struct dnode *data;
	size_t n_data, cap_data;
	uint64_t visits, budget; /* index nodes and leaves looked at */
	z_stream z;
	int z_ready;
	ZSTD_DCtx *zstd;
	unsigned fails;
	jcs_rc stop; /* limit or out of memory: stop everything */
};

static uint32_t ubifs_crc(const uint8_t *p, size_t n)
{
	return (uint32_t)crc32(0, p, (uInt)n) ^ 0xffffffffu;
}

static void fs_fail(struct fs *fs, uint64_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* jcsi_fail with a ceiling: one damaged index can name a million bad
   branches, and the manifest needs only the first ones. */
static void fs_fail(struct fs *fs, uint64_t off, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	if (fs->fails++ > MAX_FAILS)
		return;
	if (fs->fails > MAX_FAILS) {
		jcsi_fail(fs->x, off, "more damage: further reports dropped");
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	jcsi_fail(fs->x, off, "%s", msg);
}

/* A node with a good common header and CRC at P (AVAIL bytes readable).
   Returns its length, or 0. */
static uint32_t node_ok(const uint8_t *p, size_t avail)
{
	uint32_t n;

	if (avail < CH_SZ || jcsi_le32(p) != 0x06101831u)
		return 0;
	n = jcsi_le32(p + 16);
	if (n < CH_SZ || n > avail)
		return 0;
	if (CHECK_CRC && ubifs_crc(p + 8, n - 8) != jcsi_le32(p + 4))
		return 0;
	return n;
}

static int ubifs_bid(const uint8_t *d, size_t len)
{
	if (len < SB_NODE_SZ || d[20] != T_SB)
		return -1;
	if (node_ok(d, SB_NODE_SZ) != SB_NODE_SZ)
		return -1;
	return 32 + 32 + 8 + 32;
}

/*
 * The node at LNUM:OFFS, checked: inside its LEB, inside the image, CRC
 * good, at least MIN bytes, and WANT bytes long when WANT is nonzero.
 * Returns a pointer into the image (length in *N) or NULL after a failure
 * record.
 */
static const uint8_t *get_node(struct fs *fs, uint32_t lnum, uint32_t offs,
			       uint32_t want, uint32_t min, uint32_t *n)
{
	uint64_t pos = (uint64_t)lnum * fs->leb_size + offs;
	uint64_t avail;
	const uint8_t *p = NULL;

	*n = 0;
	/* a node crossing its LEB, or a reference outside the file system,
	   is how a hostile index points us at arbitrary bytes */
	if (lnum >= fs->leb_cnt || offs >= fs->leb_size || (offs & 7) ||
	    !jcsi_in_bounds(fs->len, pos, CH_SZ)) {
		fs_fail(fs, pos, "node reference %u:%u outside the image",
			lnum, offs);
		goto out;
	}
	avail = fs->leb_size - offs;
	if (avail > fs->len - pos)
		avail = fs->len - pos;
	*n = node_ok(fs->d + pos, (size_t)avail);
	if (!*n)
		fs_fail(fs, pos, "node at %u:%u damaged (bad magic, length or "
			"CRC)", lnum, offs);
	else if (*n < min || (want && *n != want))
		fs_fail(fs, pos, "node at %u:%u has length %u, expected %u",
			lnum, offs, *n, want ? want : min);
	else
		p = fs->d + pos;
out:
	return p;
}

/* Grow *ARR (elements of SZ bytes) to hold one more; 0 or -1. */
static int grow(void **arr, size_t *cap, size_t n, size_t sz)
{
	size_t nc;
	void *t;

	if (n < *cap)
		return 0;
	nc = *cap ? *cap * 2 : 256;
	t = jcsi_realloc(*arr, nc * sz);
	if (!t)
		return -1;
	*arr = t;
	*cap = nc;
	return 0;
}

/* Record one leaf of the index. */
static void leaf(struct fs *fs, uint32_t lnum, uint32_t offs, uint32_t len)
{
	uint32_t n = 0;
	const uint8_t *p = get_node(fs, lnum, offs, len, CH_SZ, &n);
	size_t pos = (size_t)((uint64_t)lnum * fs->leb_size + offs);
	uint32_t ktype;
	int ok = 0, nomem = 0;

	if (!p)
		goto out;
	ktype = n >= CH_SZ + 8 ? jcsi_le32(p + CH_SZ + 4) >> 29 : 0xff;
	switch (p[20]) {
	case T_INO:
		if (n < INO_NODE_SZ || ktype != K_INO)
			break;
		ok = 1;
		nomem = grow((void **)&fs->inos, &fs->cap_inos, fs->n_inos,
			     sizeof(*fs->inos));
		if (nomem)
			break;
		memset(&fs->inos[fs->n_inos], 0, sizeof(*fs->inos));
		fs->inos[fs->n_inos].inum = jcsi_le32(p + CH_SZ);
		fs->inos[fs->n_inos].sqnum = jcsi_le64(p + 8);
		fs->inos[fs->n_inos].pos = pos;
		fs->inos[fs->n_inos].len = n;
		fs->n_inos++;
		break;
	case T_DATA:
		if (n < DATA_NODE_SZ || ktype != K_DATA)
			break;
		ok = 1;
		nomem = grow((void **)&fs->data, &fs->cap_data, fs->n_data,
			     sizeof(*fs->data));
		if (nomem)
			break;
		fs->data[fs->n_data].inum = jcsi_le32(p + CH_SZ);
		fs->data[fs->n_data].block = jcsi_le32(p + CH_SZ + 4) &
					     0x1fffffffu;
		fs->data[fs->n_data].sqnum = jcsi_le64(p + 8);
		fs->data[fs->n_data].pos = pos;
		fs->data[fs->n_data].len = n;
		fs->n_data++;
		break;
	case T_DENT:
		if (n < DENT_NODE_SZ || ktype != K_DENT)
			break;
		ok = 1;
		nomem = grow((void **)&fs->dents, &fs->cap_dents, fs->n_dents,
			     sizeof(*fs->dents));
		if (nomem)
			break;
		fs->dents[fs->n_dents].parent = jcsi_le32(p + CH_SZ);
		fs->dents[fs->n_dents].inum = jcsi_le64(p + 40);
		fs->dents[fs->n_dents].pos = pos;
		fs->dents[fs->n_dents].len = n;
		fs->n_dents++;
		break;
	case T_XENT:
		ok = 1; /* extended attributes: not extracted */
		break;
	default:
		break;
	}
	if (nomem)
		fs->stop = JCS_E_NOMEM;
	else if (!ok)
		fs_fail(fs, pos, "index leaf %u:%u is a node of type %u with "
			"key type %u, length %u", lnum, offs, p[20], ktype, n);
out:
	return;
}

/* Count one more node visited; 0 (reported once) when over budget. */
static int visit_ok(struct fs *fs)
{
	if (fs->visits >= fs->budget) {
		if (fs->visits++ == fs->budget)
			fs_fail(fs, 0, "index references more nodes than the "
				"image can hold (shared subtrees): walk "
				"stopped");
		return 0;
	}
	fs->visits++;
	return 1;
}

/*
 * Walk the index node at LNUM:OFFS. LEVEL is the level it must have (-1
 * for the root): levels fall by one per step, so the walk cannot loop and
 * ends within MAX_INDEX_LEVEL steps. The visit budget (bounded by the
 * image size) stops a crafted index that shares subtrees from making the
 * walk exponential.
 */
static void walk_index(struct fs *fs, uint32_t lnum, uint32_t offs,
		       uint32_t len, int level)
{
	uint32_t n = 0, cnt, lvl, bsz;
	const uint8_t *p;

	if (fs->stop || !visit_ok(fs))
		goto out;
	p = get_node(fs, lnum, offs, len, IDX_NODE_SZ, &n);
	if (!p)
		goto out;
	if (p[20] != T_IDX) {
		fs_fail(fs, (uint64_t)lnum * fs->leb_size + offs,
			"index node expected at %u:%u, found type %u", lnum,
			offs, p[20]);
		goto out;
	}
	cnt = jcsi_le16(p + 24);
	lvl = jcsi_le16(p + 26);
	/* branches must fill the node exactly: no reading past it */
	bsz = cnt ? (n - IDX_NODE_SZ) / cnt : 0;
	if (cnt == 0 || bsz < BRANCH_MIN || IDX_NODE_SZ + bsz * cnt != n ||
	    lvl > MAX_INDEX_LEVEL || (level >= 0 && lvl != (uint32_t)level)) {
		fs_fail(fs, (uint64_t)lnum * fs->leb_size + offs,
			"index node at %u:%u malformed (%u branches, level "
			"%u)", lnum, offs, cnt, lvl);
		goto out;
	}
	for (uint32_t i = 0; i < cnt && !fs->stop; i++) {
		const uint8_t *b = p + IDX_NODE_SZ + (size_t)i * bsz;

		if (lvl > 0) {
			walk_index(fs, jcsi_le32(b), jcsi_le32(b + 4),
				   jcsi_le32(b + 8), (int)lvl - 1);
		} else {
			if (!visit_ok(fs))
				break;
			leaf(fs, jcsi_le32(b), jcsi_le32(b + 4),
			     jcsi_le32(b + 8));
		}
	}
out:
	return;
}

static int cmp_ino(const void *a, const void *b)
{
	const struct ino *x = a, *y = b;

	if (x->inum != y->inum)
		return x->inum < y->inum ? -1 : 1;
	if (x->sqnum != y->sqnum)
		return x->sqnum > y->sqnum ? -1 : 1;
	return 0;
}

static int cmp_dent(const void *a, const void *b)
{
	const struct dent *x = a, *y = b;

	if (x->parent != y->parent)
		return x->parent < y->parent ? -1 : 1;
	if (x->pos != y->pos)
		return x->pos < y->pos ? -1 : 1;
	return 0;
}

static int cmp_data(const void *a, const void *b)
{
	const struct dnode *x = a, *y = b;

	if (x->inum != y->inum)
		return x->inum < y->inum ? -1 : 1;
	if (x->block != y->block)
		return x->block < y->block ? -1 : 1;
	if (x->sqnum != y->sqnum)
		return x->sqnum > y->sqnum ? -1 : 1;
	return 0;
}

/* Sort the tables; of nodes with the same key keep the newest. */
static void sort_tables(struct fs *fs)
{
	size_t w = 0;

	if (fs->n_inos)
		qsort(fs->inos, fs->n_inos, sizeof(*fs->inos), cmp_ino);
	for (size_t i = 0; i < fs->n_inos; i++)
		if (!w || fs->inos[w - 1].inum != fs->inos[i].inum)
			fs->inos[w++] = fs->inos[i];
	fs->n_inos = w;
	w = 0;
	if (fs->n_data)
		qsort(fs->data, fs->n_data, sizeof(*fs->data), cmp_data);
	for (size_t i = 0; i < fs->n_data; i++)
		if (!w || fs->data[w - 1].inum != fs->data[i].inum ||
		    fs->data[w - 1].block != fs->data[i].block)
			fs->data[w++] = fs->data[i];
	fs->n_data = w;
	/* the same entry node reached twice through a shared subtree */
	w = 0;
	if (fs->n_dents)
		qsort(fs->dents, fs->n_dents, sizeof(*fs->dents), cmp_dent);
	for (size_t i = 0; i < fs->n_dents; i++)
		if (!w || fs->dents[w - 1].pos != fs->dents[i].pos)
			fs->dents[w++] = fs->dents[i];
	fs->n_dents = w;
}

static struct ino *find_ino(struct fs *fs, uint64_t inum)
{
	size_t lo = 0, hi = fs->n_inos;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (fs->inos[mid].inum < inum)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < fs->n_inos && fs->inos[lo].inum == inum ? &fs->inos[lo]
							    : NULL;
}

/* First entry of the data table for INUM (or n_data). */
static size_t first_data(const struct fs *fs, uint64_t inum)
{
	size_t lo = 0, hi = fs->n_data;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (fs->data[mid].inum < inum)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static size_t first_dent(const struct fs *fs, uint64_t parent)
{
	size_t lo = 0, hi = fs->n_dents;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (fs->dents[mid].parent < parent)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const char *compr_name(unsigned c)
{
	switch (c) {
	case C_NONE:
		return "none";
	case C_LZO:
		return "lzo";
	case C_ZLIB:
		return "zlib";
	case C_ZSTD:
		return "zstd";
	default:
		return "unknown";
	}
}

/*
 * Decompress one data node's payload (SRC, N bytes) into OUT (BLOCK_SZ
 * bytes). Returns the decompressed length, or -1 on damage or an unknown
 * compressor. OUT is never written past BLOCK_SZ: every decoder is given
 * the block size as its output limit.
 */
static long decompress(struct fs *fs, unsigned type, const uint8_t *src,
		       size_t n, uint8_t *out)
{
	long got = -1;

	switch (type) {
	case C_NONE:
		if (n <= BLOCK_SZ) {
			memcpy(out, src, n);
			got = (long)n;
		}
		break;
	case C_LZO: {
		lzo_uint o = BLOCK_SZ;

		if (lzo1x_decompress_safe(src, (lzo_uint)n, out, &o, NULL) ==
		    LZO_E_OK)
			got = (long)o;
		break;
	}
	case C_ZLIB: {
		int r;

		if (!fs->z_ready) {
			memset(&fs->z, 0, sizeof(fs->z));
			if (inflateInit2(&fs->z, -15) != Z_OK)
				break;
			fs->z_ready = 1;
		} else if (inflateReset(&fs->z) != Z_OK) {
			break;
		}
		fs->z.next_in = (Bytef *)src;
		fs->z.avail_in = (uInt)n;
		fs->z.next_out = out;
		fs->z.avail_out = BLOCK_SZ;
		r = inflate(&fs->z, Z_FINISH);
		if (r == Z_STREAM_END ||
		    (r == Z_BUF_ERROR && fs->z.avail_in == 0))
			got = (long)(BLOCK_SZ - fs->z.avail_out);
		break;
	}
	case C_ZSTD: {
		size_t r;

		if (!fs->zstd)
			fs->zstd = ZSTD_createDCtx();
		if (!fs->zstd)
			break;
		r = ZSTD_decompressDCtx(fs->zstd, out, BLOCK_SZ, src, n);
		if (!ZSTD_isError(r))
			got = (long)r;
		break;
	}
	default:
		break;
	}
	return got;
}

/* Write the file of inode node P (length N) block by block. */
static void write_file(struct fs *fs, const uint8_t *p, uint64_t inum,
		       struct jcsi_entry *e)
{
	struct jcsi_file *f = NULL;
	uint8_t buf[BLOCK_SZ];
	uint64_t size = jcsi_le64(p + 48), cur = 0;
	uint64_t cap = jcsi_limits(fs->x)->max_file_bytes;
	int truncated = 0;
	jcs_rc rc;

	rc = jcsi_file_open(fs->x, e, &f);
	if (rc != JCS_OK) {
		if (rc == JCS_E_LIMIT || rc == JCS_E_NOMEM)
			fs->stop = rc;
		goto out;
	}
	/* a hostile size would have us write zeros until a limit trips and
	   takes the rest of the file system with it */
	if (size > cap) {
		fs_fail(fs, 0, "%s: size %llu over the file size limit, cut",
			e->path, (unsigned long long)size);
		size = cap;
		truncated = 1;
	}
	for (size_t i = first_data(fs, inum);
	     i < fs->n_data && fs->data[i].inum == inum && rc == JCS_OK; i++) {
		const struct dnode *dn = &fs->data[i];
		const uint8_t *q = fs->d + dn->pos;
		uint64_t off = (uint64_t)dn->block * BLOCK_SZ;
		uint32_t want = jcsi_le32(q + 40);
		long got;

		if (off >= size)
			break; /* data past the end: left over from a
				  truncation, not part of the file */
		if (off > cur) {
			rc = jcsi_file_write_zeros(f, off - cur);
			cur = off;
			if (rc != JCS_OK)
				break;
		}
		got = decompress(fs, jcsi_le16(q + 44), q + DATA_NODE_SZ,
				 dn->len - DATA_NODE_SZ, buf);
		if (got < 0 || want > BLOCK_SZ || (uint32_t)got != want) {
			fs_fail(fs, dn->pos, "%s: block %u undecodable (%s, "
				"%ld of %u bytes)", e->path, dn->block,
				compr_name(jcsi_le16(q + 44)), got, want);
			truncated = 1;
			if (got < 0)
				continue; /* stays a hole of zeros */
		}
		if ((uint64_t)got > size - off)
			got = (long)(size - off);
		rc = jcsi_file_write(f, buf, (size_t)got);
		cur = off + (uint64_t)got;
	}
	if (rc == JCS_OK && cur < size)
		rc = jcsi_file_write_zeros(f, size - cur);
	if (rc != JCS_OK)
		fs->stop = rc;
	jcsi_file_close(f, truncated || rc != JCS_OK);
out:
	return;
}

static void walk_dir(struct fs *fs, struct ino *dir, const char *prefix,
		     int depth);

/* The entry PATH for the inode IN reached through dentry D. */
static void visit(struct fs *fs, struct ino *in, const char *path, int depth)
{
	const uint8_t *p = fs->d + in->pos;
	uint32_t mode = jcsi_le32(p + 104), dlen = jcsi_le32(p + 112);
	struct jcsi_entry e;
	char *target = NULL;
	jcs_rc rc = JCS_OK;

	memset(&e, 0, sizeof(e));
	e.path = path;
	e.mode = mode & 07777;
	e.uid = jcsi_le32(p + 96);
	e.gid = jcsi_le32(p + 100);
	e.mtime = (int64_t)jcsi_le64(p + 72);
	/* inline data (link targets, device numbers) must lie inside the
	   node */
	if (dlen > MAX_INO_DATA || dlen > in->len - INO_NODE_SZ) {
		fs_fail(fs, in->pos, "%s: inode data length %u exceeds the "
			"node", path, dlen);
		dlen = 0;
	}
	switch (mode & 0170000) {
	case 0040000:
		e.kind = JCSI_DIR;
		rc = jcsi_add_entry(fs->x, &e);
		if (rc == JCS_OK)
			walk_dir(fs, in, path, depth + 1);
		goto out;
	case 0100000:
		if (in->first_path) {
			e.kind = JCSI_HARDLINK;
			e.link_target = in->first_path;
			break;
		}
		if (jcsi_le32(p + 92) > 1)
			in->first_path = jcsi_strdup(path);
		e.kind = JCSI_FILE;
		write_file(fs, p, in->inum, &e);
		goto out;
	case 0120000:
		target = jcsi_strndup((const char *)p + INO_NODE_SZ, dlen);
		if (!target) {
			rc = JCS_E_NOMEM;
			goto out;
		}
		e.kind = JCSI_SYMLINK;
		e.link_target = target;
		break;
	case 0020000:
	case 0060000: {
		uint64_t dev = dlen == 4   ? jcsi_le32(p + INO_NODE_SZ)
			       : dlen == 8 ? jcsi_le64(p + INO_NODE_SZ)
					   : 0;

		if (dlen != 4 && dlen != 8)
			fs_fail(fs, in->pos, "%s: device number of %u bytes",
				path, dlen);
		e.kind = (mode & 0170000) == 0020000 ? JCSI_CHAR_DEV
						     : JCSI_BLOCK_DEV;
		e.dev_major = (uint32_t)((dev & 0xfff00) >> 8);
		e.dev_minor = (uint32_t)((dev & 0xff) | ((dev >> 12) &
							 0xfff00));
		break;
	}
	case 0010000:
		e.kind = JCSI_FIFO;
		break;
	case 0140000:
		e.kind = JCSI_SOCKET;
		break;
	default:
		fs_fail(fs, in->pos, "%s: unknown file type (mode %o)", path,
			mode);
		goto out;
	}
	rc = jcsi_add_entry(fs->x, &e);
out:
	if (rc == JCS_E_LIMIT || rc == JCS_E_NOMEM)
		fs->stop = rc;
	jcsi_free(target);
}

/* A name from a directory entry that can be one path component. */
static int name_ok(const uint8_t *name, uint32_t n)
{
	if (n == 0 || (n == 1 && name[0] == '.') ||
	    (n == 2 && name[0] == '.' && name[1] == '.'))
		return 0;
	for (uint32_t i = 0; i < n; i++)
		if (name[i] == '/' || name[i] == 0)
			return 0;
	return 1;
}

static void walk_dir(struct fs *fs, struct ino *dir, const char *prefix,
		     int depth)
{
	uint64_t inum = dir->inum;

	/* each directory is walked once: a crafted entry naming an
	   ancestor would otherwise loop forever */
	if (dir->entered) {
		fs_fail(fs, dir->pos, "%s: directory reached twice (loop or "
			"hard-linked directory)", prefix[0] ? prefix : "/");
		goto out;
	}
	dir->entered = 1;
	if (depth > MAX_DIR_DEPTH) {
		fs_fail(fs, dir->pos, "%s: directories nested too deep",
			prefix);
		goto out;
	}
	for (size_t i = first_dent(fs, inum);
	     i < fs->n_dents && fs->dents[i].parent == inum && !fs->stop;
	     i++) {
		const struct dent *de = &fs->dents[i];
		const uint8_t *p = fs->d + de->pos;
		uint32_t nlen = jcsi_le16(p + 50);
		struct ino *child;
		char *path;

		/* the name must lie inside the node */
		if (nlen > MAX_NLEN || DENT_NODE_SZ + nlen > de->len ||
		    !name_ok(p + DENT_NODE_SZ, nlen)) {
			fs_fail(fs, de->pos, "%s: directory entry with a bad "
				"name (length %u)", prefix[0] ? prefix : "/",
				nlen);
			continue;
		}
		child = find_ino(fs, de->inum);
		if (!child) {
			fs_fail(fs, de->pos, "%s/%.*s: inode %llu missing",
				prefix, (int)nlen, (const char *)p +
				DENT_NODE_SZ, (unsigned long long)de->inum);
			continue;
		}
		path = jcsi_asprintf("%s/%.*s", prefix, (int)nlen,
				     (const char *)p + DENT_NODE_SZ);
		if (!path) {
			fs->stop = JCS_E_NOMEM;
			break;
		}
		visit(fs, child, path, depth);
		jcsi_free(path);
	}
out:
	return;
}

/* The newest valid master node in LEBs 1 and 2, or NULL. */
static const uint8_t *find_master(struct fs *fs)
{
	const uint8_t *best = NULL;

	for (uint32_t lnum = 1; lnum <= 2; lnum++) {
		uint64_t base = (uint64_t)lnum * fs->leb_size;

		for (uint32_t offs = 0; offs + MST_NODE_SZ <= fs->leb_size;
		     offs += 8) {
			const uint8_t *p;
			uint64_t avail;
			uint32_t n;

			if (!jcsi_in_bounds(fs->len, base + offs, MST_NODE_SZ))
				break;
			p = fs->d + base + offs;
			if (jcsi_le32(p) != 0x06101831u)
				continue;
			avail = fs->len - (base + offs);
			if (avail > fs->leb_size - offs)
				avail = fs->leb_size - offs;
			n = node_ok(p, (size_t)avail);
			if (n == MST_NODE_SZ && p[20] == T_MST &&
			    (!best || jcsi_le64(p + 8) > jcsi_le64(best + 8)))
				best = p;
			if (n)
				offs += ((n + 7) & ~7u) - 8;
		}
	}
	return best;
}

/* Superblock checks; returns JCS_OK or why not. */
static jcs_rc read_super(struct fs *fs)
{
	const uint8_t *sb = fs->d;
	uint32_t flags = jcsi_le32(sb + 28);
	jcs_rc rc = JCS_OK;

	fs->min_io = jcsi_le32(sb + 32);
	fs->leb_size = jcsi_le32(sb + 36);
	fs->leb_cnt = jcsi_le32(sb + 40);
	jcsi_info_int(fs->x, "leb_size", fs->leb_size);
	jcsi_info_int(fs->x, "leb_cnt", fs->leb_cnt);
	jcsi_info_int(fs->x, "min_io_size", fs->min_io);
	jcsi_info_int(fs->x, "fmt_version", jcsi_le32(sb + 80));
	jcsi_info_str(fs->x, "compression", compr_name(jcsi_le16(sb + 84)));
	jcsi_info_bool(fs->x, "encrypted", (flags & 0x10) != 0);
	jcsi_info_bool(fs->x, "authenticated", (flags & 0x20) != 0);
	/* the superblock node fills 4 KiB of LEB 0, and positions are
	   computed as lnum * leb_size: keep both sane */
	if (fs->leb_size < SB_NODE_SZ || fs->leb_size > (64u << 20) ||
	    (fs->leb_size & 7) || fs->leb_cnt < 3) {
		jcsi_fail(fs->x, 36, "superblock geometry impossible (LEB "
			  "size %u, %u LEBs)", fs->leb_size, fs->leb_cnt);
		rc = JCS_E_CORRUPT;
	} else if (sb[27] != 0) {
		jcsi_fail(fs->x, 27, "key format %u not supported", sb[27]);
		rc = JCS_E_UNSUPPORTED;
	}
	return rc;
}

static void free_tables(struct fs *fs)
{
	for (size_t i = 0; i < fs->n_inos; i++)
		jcsi_free(fs->inos[i].first_path);
	jcsi_free(fs->inos);
	jcsi_free(fs->dents);
	jcsi_free(fs->data);
	if (fs->z_ready)
		inflateEnd(&fs->z);
	ZSTD_freeDCtx(fs->zstd);
}

static jcs_rc ubifs_extract(struct jcsi_extract *x, const uint8_t *d,
			    size_t len, uint64_t *consumed)
{
	struct fs fs;
	const uint8_t *mst;
	struct ino *root;
	uint64_t total;
	jcs_rc rc;

	memset(&fs, 0, sizeof(fs));
	fs.x = x;
	fs.d = d;
	fs.len = len;
	*consumed = 0;
	if (ubifs_bid(d, len) < 0) {
		rc = JCS_E_FORMAT;
		goto out;
	}
	rc = read_super(&fs);
	if (rc != JCS_OK)
		goto out;
	total = (uint64_t)fs.leb_cnt * fs.leb_size;
	if (total > len) {
		/* mkfs.ubifs leaves out trailing empty LEBs; only report
		   when referenced nodes turn out missing */
		total = len;
	}
	*consumed = total;
	if (total < len)
		fs.len = (size_t)total;
	if (lzo_init() != LZO_E_OK) {
		rc = JCS_E_INTERNAL;
		goto out;
	}
	/* every node is at least 24 bytes and 8-aligned: more visits than
	   that means subtrees are shared */
	fs.budget = fs.len / 16 + 16;
	mst = find_master(&fs);
	if (!mst) {
		jcsi_fail(x, fs.leb_size, "no valid master node in LEB 1 or "
			  "2");
		rc = JCS_E_CORRUPT;
		goto out;
	}
	jcsi_info_int(x, "highest_inum", (int64_t)jcsi_le64(mst + 24));
	jcsi_info_int(x, "commit", (int64_t)jcsi_le64(mst + 32));
	walk_index(&fs, jcsi_le32(mst + 48), jcsi_le32(mst + 52),
		   jcsi_le32(mst + 56), -1);
	if (fs.stop) {
		rc = fs.stop;
		goto out;
	}
	sort_tables(&fs);
	jcsi_info_int(x, "inodes", (int64_t)fs.n_inos);
	root = find_ino(&fs, ROOT_INUM);
	if (!root) {
		jcsi_fail(x, 0, "root directory inode missing");
		rc = JCS_E_CORRUPT;
		goto out;
	}
	walk_dir(&fs, root, "", 0);
	rc = fs.stop;
out:
	free_tables(&fs);
	return rc;
}

static const struct jcsi_magic ubifs_magics[] = {
	{"\x31\x18\x10\x06", 4, 0}, {NULL, 0, 0}};

const struct jcsi_unpacker jcsi_unpacker_ubifs = {
	"ubifs", ubifs_magics, ubifs_bid, ubifs_extract, 0};

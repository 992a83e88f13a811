/*
 * unpack_cramfs.c - CramFS images (both byte orders), with our own parser:
 * no library reads CramFS outside the kernel and util-linux's fsck, and
 * the format is a small, read-only tree that one careful pass can walk.
 *
 * Layout (Linux include/uapi/linux/cramfs_fs.h and fs/cramfs/README):
 *   - a 64-byte superblock (magic, size, flags, "Compressed ROMFS", fsid
 *     with CRC, edition, block and file counts, volume name) followed by
 *     the root inode;
 *   - 12-byte inodes with packed bit fields: mode 16, uid 16 | size 24,
 *     gid 8 | namelen 6, offset 26. Bit fields are stored in the order
 *     the writing compiler allocates them, so a little-endian image packs
 *     the first field into the low bits and a big-endian one into the high
 *     bits (checked against util-linux mkfs.cramfs -N big);
 *   - a directory is SIZE bytes of inodes, each followed by its name
 *     (namelen * 4 bytes, NUL-padded), at offset * 4;
 *   - a regular file or symlink is a table of one u32 pointer per 4096-byte
 *     page followed by the pages, each compressed on its own with zlib.
 *     A pointer gives the end of its page; a page starts where the previous
 *     one ended. A zero-length page is a hole. With the "extended block
 *     pointers" flag a pointer may instead carry flags: uncompressed
 *     (stored as is) and direct (the pointer is the page's start / 4; a
 *     compressed direct page begins with its u16 length);
 *   - device inodes keep the device number in the size field, and fifos
 *     and sockets have no data.
 *
 * mkfs.cramfs -p puts 512 bytes of padding before the superblock and
 * counts every offset from the start of the padding; such an image is
 * recognised by its root offset (512 + 76) and all offsets are shifted.
 *
 * Everything in the image is hostile: every offset is checked against the
 * bytes present before use, directory entries are marked visited (a crafted
 * directory can contain itself), nesting is bounded, zlib is given a
 * single page of output, and names go to the sink unmodified (the sink
 * judges paths).
 */
#include <stdio.h>
#include <string.h>

#include <zlib.h>

#include "../../core/mem.h"
#include "unpack_int.h"

/* --- on-disk layout -------------------------------------------------- */

#define CRAMFS_MAGIC 0x28cd3d45u
#define CRAMFS_SIG "Compressed ROMFS"
#define SB_FULL 76    /* superblock with the root inode */
#define INODE_LEN 12
#define PAD_SIZE 512  /* mkfs.cramfs -p: room for a boot loader */

#define OFF_SIZE 4
#define OFF_FLAGS 8
#define OFF_SIG 16
#define OFF_CRC 32
#define OFF_EDITION 36
#define OFF_BLOCKS 40
#define OFF_FILES 44
#define OFF_NAME 48
#define OFF_ROOT 64

#define FLAG_FSID_V2 0x00000001u
#define FLAG_SORTED_DIRS 0x00000002u
#define FLAG_HOLES 0x00000100u
#define FLAG_WRONG_SIG 0x00000200u
#define FLAG_SHIFTED_ROOT 0x00000400u
#define FLAG_EXT_PTRS 0x00000800u
#define FLAGS_KNOWN (0x000000ffu | FLAG_HOLES | FLAG_WRONG_SIG | \
		     FLAG_SHIFTED_ROOT | FLAG_EXT_PTRS)

#define BLK_UNCOMPRESSED 0x80000000u
#define BLK_DIRECT 0x40000000u
#define BLK_FLAGS (BLK_UNCOMPRESSED | BLK_DIRECT)

#define S_IFMT_ 0170000
#define S_IFSOCK_ 0140000
#define S_IFLNK_ 0120000
#define S_IFREG_ 0100000
#define S_IFBLK_ 0060000
#define S_IFDIR_ 0040000
#define S_IFCHR_ 0020000
#define S_IFIFO_ 0010000

/* --- ceilings ---------------------------------------------------------- */

/* The kernel's page size, which mkfs.cramfs uses as the block size. */
#define PAGE 4096u
/* A compressed page bigger than this is damage (the kernel's own bound):
   zlib never expands a page that much. */
#define MAX_CBLOCK (2u * PAGE)
/* Directory nesting we follow (loops are caught by the visited set). */
#define MAX_DEPTH 128
/* Offsets are 26 bits of 4-byte units and a directory holds at most
   16 MiB: no entry lies beyond 272 MiB, so the visited bitmap (one bit
   per 4 bytes) never needs more than 8.5 MiB. */
#define MAX_ENTRY_END ((1ull << 28) + (1ull << 24))
/* Damage reports per image; the rest are counted in one summary line. */
#define MAX_REPORTS 64

struct cinode {
	uint32_t mode, uid, size, gid, namelen, offset;
};

struct cram {
	struct jcsi_extract *x;
	const uint8_t *d;  /* the superblock */
	size_t len;        /* bytes of the file system present from D */
	uint64_t shift;    /* image offsets count from D - SHIFT */
	int be;
	uint32_t flags;

	uint64_t file_max;
	uint32_t path_max;
	char *path;        /* path being built, path_max + 1 bytes */
	uint8_t *visited;  /* one bit per 4-byte unit: entries seen */
	size_t visited_bits;
	uint8_t page[PAGE];

	z_stream z;
	int z_ready;

	unsigned reports;
	uint64_t unreported;
	uint64_t entries;
	jcs_rc stop;       /* limit or out of memory: stop everything */
};

/* --- helpers --------------------------------------------------------- */

static uint16_t rd16(const struct cram *c, const uint8_t *p)
{
	return c->be ? jcsi_be16(p) : jcsi_le16(p);
}

static uint32_t rd32(const struct cram *c, const uint8_t *p)
{
	return c->be ? jcsi_be32(p) : jcsi_le32(p);
}

static void damage(struct cram *c, uint64_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void damage(struct cram *c, uint64_t off, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	if (c->reports >= MAX_REPORTS) {
		c->unreported++;
		return;
	}
	c->reports++;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* report relative to the superblock, where the container starts */
	jcsi_fail(c->x, off >= c->shift ? off - c->shift : 0, "%s", msg);
}

/*
 * The N bytes at image offset OFF, or NULL when any of them lies before
 * the superblock or past the bytes present: every read goes through here,
 * so no hostile offset or length can reach outside the buffer.
 */
static const uint8_t *at(const struct cram *c, uint64_t off, uint64_t n)
{
	if (off < c->shift || !jcsi_in_bounds(c->len, off - c->shift, n))
		return NULL;
	return c->d + (off - c->shift);
}

static void rd_inode(const struct cram *c, const uint8_t *p,
		     struct cinode *in)
{
	uint32_t w0 = rd32(c, p), w1 = rd32(c, p + 4), w2 = rd32(c, p + 8);

	if (c->be) {
		in->mode = w0 >> 16;
		in->uid = w0 & 0xffff;
		in->size = w1 >> 8;
		in->gid = w1 & 0xff;
		in->namelen = w2 >> 26;
		in->offset = w2 & 0x3ffffff;
	} else {
		in->mode = w0 & 0xffff;
		in->uid = w0 >> 16;
		in->size = w1 & 0xffffff;
		in->gid = w1 >> 24;
		in->namelen = w2 & 0x3f;
		in->offset = w2 >> 6;
	}
}

static void note_rc(struct cram *c, jcs_rc rc)
{
	if (rc == JCS_E_LIMIT || rc == JCS_E_NOMEM)
		c->stop = rc;
	else if (rc == JCS_OK)
		c->entries++;
}

/* --- bid ------------------------------------------------------------- */

/* Byte order from the magic: 0 little, 1 big, -1 not CramFS. */
static int cramfs_order(const uint8_t *d, size_t len)
{
	if (len < SB_FULL || memcmp(d + OFF_SIG, CRAMFS_SIG, 16) != 0)
		return -1;
	if (jcsi_le32(d) == CRAMFS_MAGIC)
		return 0;
	if (jcsi_be32(d) == CRAMFS_MAGIC)
		return 1;
	return -1;
}

static int cramfs_bid(const uint8_t *d, size_t len)
{
	struct cram c;
	struct cinode root;
	int bits = 32 + 128; /* magic and signature */

	memset(&c, 0, sizeof(c));
	c.be = cramfs_order(d, len);
	if (c.be < 0)
		return -1;
	rd_inode(&c, d + OFF_ROOT, &root);
	if ((root.mode & S_IFMT_) != S_IFDIR_)
		return -1;
	bits += 4;
	c.flags = rd32(&c, d + OFF_FLAGS);
	/* a version-2 size must at least cover the superblock */
	if (c.flags & FLAG_FSID_V2) {
		if (rd32(&c, d + OFF_SIZE) < SB_FULL)
			return -1;
		bits += 8;
	}
	return bits;
}

/* --- file data --------------------------------------------------------- */

/*
 * Inflate one zlib-compressed page from SRC (N bytes) into c->page.
 * Returns the number of bytes produced, or -1 if the data is damaged or
 * would produce more than a page (the output buffer is exactly one page,
 * so a hostile stream can never write past it).
 */
static long inflate_page(struct cram *c, const uint8_t *src, uint32_t n)
{
	int r;

	if (!c->z_ready) {
		memset(&c->z, 0, sizeof(c->z));
		if (inflateInit(&c->z) != Z_OK) {
			c->stop = JCS_E_NOMEM;
			return -1;
		}
		c->z_ready = 1;
	} else if (inflateReset(&c->z) != Z_OK) {
		return -1;
	}
	c->z.next_in = (Bytef *)(uintptr_t)src;
	c->z.avail_in = n;
	c->z.next_out = c->page;
	c->z.avail_out = PAGE;
	r = inflate(&c->z, Z_FINISH);
	if (r != Z_STREAM_END)
		return -1;
	return (long)(PAGE - c->z.avail_out);
}

/*
 * Where page I of a file starts and how long its stored form is, from the
 * pointer table at TAB (NBLOCKS entries, already checked to be present;
 * DATA0 is the image offset just past the table). Sets *RAW when the page
 * is stored uncompressed. Returns 0, or -1 after reporting the damage.
 */
static int page_extent(struct cram *c, const uint8_t *tab, uint32_t i,
		       uint64_t data0, uint64_t *start, uint32_t *blen,
		       int *raw)
{
	uint32_t ptr = rd32(c, tab + 4 * (size_t)i);
	const uint8_t *p;

	*raw = 0;
	if (!(c->flags & FLAG_EXT_PTRS)) {
		*start = i ? rd32(c, tab + 4 * (size_t)(i - 1)) : data0;
		/* pointers ascend: a page cannot end before it starts */
		if (ptr < *start)
			return -1;
		*blen = (uint32_t)(ptr - *start);
		return 0;
	}
	if (ptr & BLK_DIRECT) {
		*start = (uint64_t)(ptr & ~BLK_FLAGS) << 2;
		if (ptr & BLK_UNCOMPRESSED) {
			*raw = 1;
			*blen = PAGE;
			return 0;
		}
		/* the u16 length in front of the page must be present */
		p = at(c, *start, 2);
		if (!p)
			return -1;
		*blen = rd16(c, p);
		*start += 2;
		return 0;
	}
	*raw = (ptr & BLK_UNCOMPRESSED) != 0;
	*start = data0;
	if (i) {
		uint32_t prev = rd32(c, tab + 4 * (size_t)(i - 1));

		*start = prev & ~BLK_FLAGS;
		if (prev & BLK_DIRECT) {
			/* this page follows a direct page: past its end */
			*start <<= 2;
			if (prev & BLK_UNCOMPRESSED) {
				*start += PAGE;
			} else {
				p = at(c, *start, 2);
				if (!p)
					return -1;
				*start += 2 + (uint64_t)rd16(c, p);
			}
		}
	}
	ptr &= ~BLK_FLAGS;
	if (ptr < *start)
		return -1;
	*blen = (uint32_t)(ptr - *start);
	return 0;
}

/*
 * Decode the data of IN (a regular file or a symlink) page by page,
 * writing each page to F, or, when F is NULL, copying it to OUT (which
 * holds IN->size bytes). Damaged pages become zeros and are reported once
 * per file. Returns 1 if anything was damaged, 0 if all is well, -1 when
 * the sink asked to stop (c->stop is set).
 */
static int read_data(struct cram *c, const struct cinode *in,
		     struct jcsi_file *f, uint8_t *out)
{
	uint32_t nblocks = (uint32_t)((in->size + (uint64_t)PAGE - 1) / PAGE);
	uint64_t tab_off = (uint64_t)in->offset << 2;
	uint64_t data0 = tab_off + 4ull * nblocks;
	const uint8_t *tab = at(c, tab_off, 4ull * nblocks);
	int damaged = 0;

	if (nblocks && !tab) {
		damage(c, tab_off, "%s: block pointer table at 0x%llx outside "
				   "the image", c->path,
		       (unsigned long long)tab_off);
		return 1; /* nothing to write: the file is left empty */
	}
	for (uint32_t i = 0; i < nblocks && !c->stop; i++) {
		uint32_t want = in->size - i * PAGE, blen = 0;
		uint64_t start = 0;
		const uint8_t *src = NULL;
		long got = -1;
		int raw = 0;
		jcs_rc rc;

		if (want > PAGE)
			want = PAGE;
		if (page_extent(c, tab, i, data0, &start, &blen, &raw) == 0)
			src = at(c, start, blen);
		if (src && blen == 0) {
			memset(c->page, 0, want); /* a hole */
			got = want;
		} else if (src && raw && blen <= PAGE) {
			memcpy(c->page, src, blen);
			if (blen < want)
				memset(c->page + blen, 0, want - blen);
			got = want;
		} else if (src && !raw && blen <= MAX_CBLOCK) {
			got = inflate_page(c, src, blen);
			if (c->stop)
				return -1;
		}
		if (got != (long)want) {
			if (!damaged)
				damage(c, start, "%s: page %u damaged (stored "
						 "at 0x%llx, %u bytes)",
				       c->path, i, (unsigned long long)start,
				       blen);
			damaged = 1;
			memset(c->page, 0, want);
		}
		if (f) {
			rc = jcsi_file_write(f, c->page, want);
			if (rc != JCS_OK) {
				c->stop = rc == JCS_E_NOMEM ? rc : JCS_E_LIMIT;
				return -1;
			}
		} else {
			memcpy(out + (size_t)i * PAGE, c->page, want);
		}
	}
	return damaged;
}

/* --- entries ----------------------------------------------------------- */

static void emit_file(struct cram *c, const struct cinode *in,
		      struct jcsi_entry *e, uint64_t ioff)
{
	struct jcsi_file *f = NULL;
	jcs_rc rc;
	int r;

	if (in->size > c->file_max) {
		damage(c, ioff, "%s: size %u exceeds the per-file limit; not "
				"extracted", c->path, in->size);
		return;
	}
	rc = jcsi_file_open(c->x, e, &f);
	if (rc != JCS_OK) {
		note_rc(c, rc);
		return;
	}
	c->entries++;
	r = read_data(c, in, f, NULL);
	rc = jcsi_file_close(f, r != 0);
	if (!c->stop && rc != JCS_OK)
		note_rc(c, rc);
}

static void emit_symlink(struct cram *c, const struct cinode *in,
			 struct jcsi_entry *e, uint64_t ioff)
{
	uint8_t *buf;
	int r;

	/* the target is at most one path long; anything longer is damage,
	   and checking first keeps the buffer small */
	if (in->size == 0 || in->size > c->path_max) {
		damage(c, ioff, "%s: symlink target of %u bytes", c->path,
		       in->size);
		return;
	}
	buf = jcsi_malloc((size_t)in->size + 1);
	if (!buf) {
		c->stop = JCS_E_NOMEM;
		return;
	}
	r = read_data(c, in, NULL, buf);
	if (r == 0) {
		buf[in->size] = '\0';
		if (strlen((char *)buf) != in->size)
			damage(c, ioff, "%s: NUL byte in symlink target",
			       c->path);
		e->link_target = (const char *)buf;
		note_rc(c, jcsi_add_entry(c->x, e));
	}
	jcsi_free(buf);
}

static void walk_dir(struct cram *c, uint64_t off, uint32_t size,
		     size_t plen, int depth);

static enum jcsi_entry_kind kind_of(uint32_t mode, int *ok)
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
	*ok = 0;
	return JCSI_FILE;
}

/* One inode at image offset IOFF whose name is already j->path. */
static void visit(struct cram *c, const struct cinode *in, uint64_t ioff,
		  size_t plen, int depth)
{
	struct jcsi_entry e;
	jcs_rc rc;
	int ok;

	memset(&e, 0, sizeof(e));
	e.path = c->path;
	e.kind = kind_of(in->mode, &ok);
	e.mode = in->mode & 07777;
	e.uid = in->uid;
	e.gid = in->gid;
	if (!ok) {
		damage(c, ioff, "%s: unknown file type (mode 0%o)", c->path,
		       in->mode);
		return;
	}
	switch (e.kind) {
	case JCSI_DIR:
		rc = jcsi_add_entry(c->x, &e);
		note_rc(c, rc);
		/* a refused directory name refuses every path below it */
		if (!c->stop && rc != JCS_E_UNSAFE_PATH && in->size)
			walk_dir(c, (uint64_t)in->offset << 2, in->size, plen,
				 depth + 1);
		return;
	case JCSI_FILE:
		emit_file(c, in, &e, ioff);
		return;
	case JCSI_SYMLINK:
		emit_symlink(c, in, &e, ioff);
		return;
	case JCSI_CHAR_DEV:
	case JCSI_BLOCK_DEV:
		/* the 24-bit size holds the device number as the C library
		   encodes it (major in bits 8..19, minor in 0..7 and 20..) */
		e.dev_major = (in->size >> 8) & 0xfff;
		e.dev_minor = (in->size & 0xff) | ((in->size >> 12) & 0xfff00);
		note_rc(c, jcsi_add_entry(c->x, &e));
		return;
	default:
		note_rc(c, jcsi_add_entry(c->x, &e));
		return;
	}
}

/*
 * The directory whose entries are the SIZE bytes at image offset OFF and
 * whose path is c->path[0..plen). Entries that run past the directory or
 * the image end the listing (what came before is kept).
 */
static void walk_dir(struct cram *c, uint64_t off, uint32_t size,
		     size_t plen, int depth)
{
	uint64_t end = off + size;
	uint64_t avail_end = c->shift + c->len;

	if (depth > MAX_DEPTH) {
		damage(c, off, "%s: directories nested deeper than %d",
		       c->path, MAX_DEPTH);
		return;
	}
	if (!at(c, off, INODE_LEN)) {
		damage(c, off, "%s: directory at 0x%llx outside the image",
		       c->path, (unsigned long long)off);
		return;
	}
	if (end > avail_end) {
		damage(c, off, "%s: directory runs past the end of the image",
		       c->path);
		end = avail_end;
	}
	while (off < end && !c->stop) {
		struct cinode in;
		const uint8_t *p = at(c, off, INODE_LEN), *name;
		size_t nlen, need;
		uint64_t ioff = off, unit = (off - c->shift) / 4;

		if (!p || end - off < INODE_LEN) {
			damage(c, off, "%s: directory entry cut short",
			       c->path);
			break;
		}
		/* each entry once: a directory that contains itself
		   (directly or through others) or overlaps another would
		   otherwise be listed forever or over and over */
		if (unit >= c->visited_bits ||
		    (c->visited[unit / 8] & (1u << (unit % 8)))) {
			damage(c, off, "%s: entry at 0x%llx reached twice "
				       "(directory loop or overlap)",
			       c->path, (unsigned long long)off);
			break;
		}
		c->visited[unit / 8] |= (uint8_t)(1u << (unit % 8));
		rd_inode(c, p, &in);
		off += INODE_LEN;
		name = at(c, off, 4ull * in.namelen);
		if (!name || end - off < 4ull * in.namelen) {
			damage(c, ioff, "%s: entry name runs past the "
					"directory", c->path);
			break;
		}
		off += 4ull * in.namelen;
		nlen = strnlen((const char *)name, 4u * in.namelen);
		if (nlen == 0) {
			damage(c, ioff, "%s: entry with an empty name",
			       c->path);
			continue;
		}
		/* the path buffer holds path_max bytes: longer paths would
		   be refused by the sink anyway */
		need = plen + (plen ? 1 : 0) + nlen;
		if (need > c->path_max) {
			c->path[plen] = '\0';
			damage(c, ioff, "%s/%.*s: path longer than %u bytes",
			       c->path, (int)nlen, (const char *)name,
			       c->path_max);
			continue;
		}
		if (plen)
			c->path[plen] = '/';
		memcpy(c->path + need - nlen, name, nlen);
		c->path[need] = '\0';
		visit(c, &in, ioff, need, depth);
		c->path[plen] = '\0';
	}
	c->path[plen] = '\0';
}

/* --- extract --------------------------------------------------------- */

/*
 * CRC-32 (zlib's) of the file system with the CRC field taken as zero,
 * which is how mkfs.cramfs computes it. N bytes from the superblock.
 */
static uint32_t fs_crc(const uint8_t *d, size_t n)
{
	static const uint8_t zero[4];
	uLong crc = crc32(0L, Z_NULL, 0);
	size_t pos = OFF_CRC + 4;

	crc = crc32(crc, d, OFF_CRC);
	crc = crc32(crc, zero, 4);
	while (pos < n) {
		uInt k = n - pos > 0x40000000u ? 0x40000000u
					       : (uInt)(n - pos);

		crc = crc32(crc, d + pos, k);
		pos += k;
	}
	return (uint32_t)crc;
}

static void info(struct cram *c, const uint8_t *d, uint32_t size)
{
	char name[17];

	jcsi_info_str(c->x, "endian", c->be ? "big" : "little");
	jcsi_info_int(c->x, "size", size);
	jcsi_info_int(c->x, "flags", c->flags);
	memcpy(name, d + OFF_NAME, 16);
	name[16] = '\0';
	jcsi_info_str(c->x, "name", name);
	if (c->flags & FLAG_FSID_V2) {
		jcsi_info_int(c->x, "edition", rd32(c, d + OFF_EDITION));
		jcsi_info_int(c->x, "blocks", rd32(c, d + OFF_BLOCKS));
		jcsi_info_int(c->x, "files", rd32(c, d + OFF_FILES));
	}
	if (c->shift)
		jcsi_info_int(c->x, "boot_pad", (int64_t)c->shift);
}

static jcs_rc cramfs_extract(struct jcsi_extract *x, const uint8_t *d,
			     size_t len, uint64_t *consumed)
{
	const struct jcs_unpack_limits *lim = jcsi_limits(x);
	struct cram *c = NULL;
	struct cinode root;
	uint64_t root_off, fs_len = len;
	uint32_t size;
	jcs_rc rc = JCS_OK;

	*consumed = 0;
	if (cramfs_bid(d, len) < 0) {
		rc = JCS_E_FORMAT;
		goto out;
	}
	/* the state holds a page buffer: on the heap, not the stack */
	c = jcsi_calloc(1, sizeof(*c));
	if (!c) {
		rc = JCS_E_NOMEM;
		goto out;
	}
	c->x = x;
	c->d = d;
	c->be = cramfs_order(d, len);
	c->flags = rd32(c, d + OFF_FLAGS);
	c->file_max = lim->max_file_bytes;
	c->path_max = lim->max_path ? lim->max_path : 4096;
	size = rd32(c, d + OFF_SIZE);
	rd_inode(c, d + OFF_ROOT, &root);
	root_off = (uint64_t)root.offset << 2;
	if (!(c->flags & FLAG_SHIFTED_ROOT) && root_off == PAD_SIZE + SB_FULL)
		c->shift = PAD_SIZE;
	info(c, d, size);

	/* how much of LEN is this file system: a version-2 size is exact
	   (and counts the boot padding), an old one is not to be trusted */
	if (c->flags & FLAG_FSID_V2) {
		if (size < c->shift + SB_FULL) {
			jcsi_fail(x, OFF_SIZE, "size %u is smaller than the "
					       "superblock", size);
			rc = JCS_E_CORRUPT;
			goto out;
		}
		if (size - c->shift > len) {
			jcsi_fail(x, OFF_SIZE, "truncated: %llu bytes "
					       "declared, %zu present",
				  (unsigned long long)(size - c->shift), len);
		} else {
			uint32_t crc = fs_crc(d, size - c->shift);
			int ok = crc == rd32(c, d + OFF_CRC);

			fs_len = size - c->shift;
			jcsi_info_bool(x, "crc_ok", ok);
			if (!ok)
				jcsi_fail(x, OFF_CRC, "CRC mismatch: superblock "
						      "0x%08x, data 0x%08x",
					  rd32(c, d + OFF_CRC), crc);
		}
		*consumed = fs_len;
	} else if (size >= SB_FULL && size <= len) {
		fs_len = size;
		*consumed = fs_len;
	}
	c->len = (size_t)fs_len;
	if (c->flags & ~FLAGS_KNOWN) {
		jcsi_fail(x, OFF_FLAGS, "unsupported flags 0x%08x",
			  c->flags & ~FLAGS_KNOWN);
		rc = JCS_E_UNSUPPORTED;
		goto out;
	}
	if (root_off == 0 || root.size == 0)
		goto out; /* an empty file system */

	c->visited_bits = (size_t)((c->len < MAX_ENTRY_END ? c->len
							   : MAX_ENTRY_END) /
				   4 + 1);
	c->visited = jcsi_calloc((c->visited_bits + 7) / 8, 1);
	c->path = jcsi_malloc((size_t)c->path_max + 1);
	if (!c->visited || !c->path) {
		rc = JCS_E_NOMEM;
		goto out;
	}
	c->path[0] = '\0';
	walk_dir(c, root_off, root.size, 0, 0);
	if (c->stop)
		rc = c->stop;
	else if (c->entries == 0 && c->reports)
		rc = JCS_E_CORRUPT;
out:
	if (c) {
		if (c->unreported)
			jcsi_fail(x, 0, "%llu further damaged entries not "
					"listed",
				  (unsigned long long)c->unreported);
		if (c->z_ready)
			inflateEnd(&c->z);
		jcsi_free(c->visited);
		jcsi_free(c->path);
		jcsi_free(c);
	}
	return rc;
}

static const struct jcsi_magic cramfs_magics[] = {
	{"\x45\x3d\xcd\x28", 4, 0}, {"\x28\xcd\x3d\x45", 4, 0},
	{NULL, 0, 0}};

const struct jcsi_unpacker jcsi_unpacker_cramfs = {
	"cramfs", cramfs_magics, cramfs_bid, cramfs_extract, 0};

/*
 * unpack_romfs.c - romfs images (Linux fs/romfs, made by genromfs), with
 * our own parser: the format is a handful of big-endian fields and no
 * library reads it outside the kernel.
 *
 * Layout (Documentation/filesystems/romfs.rst):
 *   - "-rom1fs-", the full size, a checksum making the big-endian u32 sum
 *     of the first 512 bytes (or of the whole image if smaller) zero, and
 *     the volume name, NUL-terminated and padded to 16 bytes;
 *   - then 16-byte aligned file headers: next header offset with the type
 *     in its low 3 bits and the exec bit in bit 3, spec.info, size,
 *     checksum (over the header and its padded name), then the name
 *     (NUL-terminated, padded to 16) and the file's data;
 *   - a directory's spec.info is the offset of its first entry's header;
 *     entries are chained through "next" (0 ends the list). genromfs
 *     writes "." and ".." into every directory; they are skipped;
 *   - a hard link's spec.info is the header of the entry it links to, a
 *     device's is major << 16 | minor, a symlink's data is its target.
 *
 * Hard links need the path of their target, which may come later in the
 * walk. So the tree is walked twice: the first pass only collects hard
 * link targets; the second emits entries, remembers the paths of those
 * targets and, when a link comes before its target, extracts the data
 * under the link's name and turns the target into the link instead.
 *
 * Everything in the image is hostile: every offset is checked to be
 * 16-aligned and inside the image, every header is visited at most once
 * per pass (a crafted chain or directory can point back at itself),
 * nesting is bounded, and names go to the sink unmodified.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/mem.h"
#include "unpack_int.h"

/* --- on-disk layout -------------------------------------------------- */

#define ROMFS_MAGIC "-rom1fs-"
#define SB_SIZE 16       /* magic, full size, checksum */
#define HDR_SIZE 16      /* next, spec.info, size, checksum */
#define CHECK_LEN 512    /* bytes the superblock checksum covers */
#define MAX_VOLNAME 128  /* the kernel's ROMFS_MAXFN */
#define ALIGN 16u

enum {
	T_HARDLINK = 0,
	T_DIR = 1,
	T_FILE = 2,
	T_SYMLINK = 3,
	T_BLOCKDEV = 4,
	T_CHARDEV = 5,
	T_SOCKET = 6,
	T_FIFO = 7
};
#define TYPE_MASK 7u
#define EXEC_BIT 8u

/* --- ceilings ---------------------------------------------------------- */

/* Directory nesting we follow (loops are caught by the visited set). */
#define MAX_DEPTH 128
/* Bytes of hard-link target paths we keep; past it further links are
   extracted as copies (a crafted image could ask for millions). */
#define MAX_LINK_PATH_BYTES (64u << 20)
/* Damage reports per image; the rest are counted in one summary line. */
#define MAX_REPORTS 64

struct rhdr {
	uint32_t off, next, type, exec, info, size, sum;
	const char *name;   /* inside the image; NLEN bytes, NUL follows */
	size_t nlen;
	uint64_t data;      /* offset of the data */
};

/* A hard link target: its header offset and, once known, its path. */
struct target {
	uint32_t off;
	char *path;
};

struct romfs {
	struct jcsi_extract *x;
	const uint8_t *d;
	size_t len;         /* bytes of the file system present */
	uint32_t first;     /* offset of the first (root) header */

	uint64_t file_max;
	uint32_t path_max;
	char *path;         /* path being built, path_max + 1 bytes */
	uint8_t *visited;   /* one bit per 16-byte unit: headers seen */
	size_t visited_bits;

	int collect;        /* first pass: only gather hard link targets */
	struct target *targets;
	size_t ntargets, tcap;
	uint64_t link_bytes;

	unsigned reports;
	uint64_t unreported;
	uint64_t entries;
	jcs_rc stop;        /* limit or out of memory: stop everything */
};

/* --- helpers --------------------------------------------------------- */

static void damage(struct romfs *r, uint64_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void damage(struct romfs *r, uint64_t off, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	/* the first pass sees the same damage as the second: say it once */
	if (r->collect)
		return;
	if (r->reports >= MAX_REPORTS) {
		r->unreported++;
		return;
	}
	r->reports++;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	jcsi_fail(r->x, off, "%s", msg);
}

static void note_rc(struct romfs *r, jcs_rc rc)
{
	if (rc == JCS_E_LIMIT || rc == JCS_E_NOMEM)
		r->stop = rc;
	else if (rc == JCS_OK)
		r->entries++;
}

/* Big-endian u32 sum of N bytes (N a multiple of 4): 0 when intact. */
static uint32_t be_sum(const uint8_t *p, size_t n)
{
	uint32_t s = 0;

	for (size_t i = 0; i + 4 <= n; i += 4)
		s += jcsi_be32(p + i);
	return s;
}

static uint64_t align16(uint64_t v)
{
	return (v + ALIGN - 1) & ~(uint64_t)(ALIGN - 1);
}

/*
 * Parse the header at OFF into H. Checks that OFF is 16-aligned, after the
 * volume header, and that the header and its whole name (up to the NUL)
 * lie inside the image, so every later read of the name is in bounds.
 * Returns 0, or -1 after reporting the damage.
 */
static int read_hdr(struct romfs *r, uint64_t off, struct rhdr *h)
{
	const uint8_t *p;
	const char *nul;
	size_t room, scan;

	if (off % ALIGN || off < r->first ||
	    !jcsi_in_bounds(r->len, off, HDR_SIZE)) {
		damage(r, off < r->len ? off : 0, "%s: file header offset "
			  "0x%llx is unaligned or outside the image",
		       r->path, (unsigned long long)off);
		return -1;
	}
	p = r->d + off;
	h->off = (uint32_t)off;
	h->next = jcsi_be32(p) & ~(ALIGN - 1);
	h->type = jcsi_be32(p) & TYPE_MASK;
	h->exec = jcsi_be32(p) & EXEC_BIT;
	h->info = jcsi_be32(p + 4);
	h->size = jcsi_be32(p + 8);
	h->sum = jcsi_be32(p + 12);
	h->name = (const char *)(p + HDR_SIZE);
	/* a name longer than a path would be refused anyway: scanning no
	   further bounds the work per header */
	room = r->len - (size_t)off - HDR_SIZE;
	scan = room < (size_t)r->path_max + 1 ? room : (size_t)r->path_max + 1;
	nul = memchr(h->name, '\0', scan);
	if (!nul) {
		damage(r, off, "%s: file name at 0x%llx not terminated",
		       r->path, (unsigned long long)off);
		return -1;
	}
	h->nlen = (size_t)(nul - h->name);
	h->data = off + HDR_SIZE + align16(h->nlen + 1);
	return 0;
}

/* Is BIT (a 16-byte unit) set; set it. Returns the old value. */
static int test_and_set(struct romfs *r, uint64_t off)
{
	uint64_t bit = off / ALIGN;
	int old;

	/* read_hdr has put OFF inside the image, so BIT < visited_bits */
	old = (r->visited[bit / 8] >> (bit % 8)) & 1;
	r->visited[bit / 8] |= (uint8_t)(1u << (bit % 8));
	return old;
}

static int cmp_target(const void *a, const void *b)
{
	uint32_t x = ((const struct target *)a)->off;
	uint32_t y = ((const struct target *)b)->off;

	return x < y ? -1 : x > y;
}

static struct target *find_target(struct romfs *r, uint32_t off)
{
	struct target key;

	if (!r->ntargets)
		return NULL;
	key.off = off;
	key.path = NULL;
	return bsearch(&key, r->targets, r->ntargets, sizeof(key),
		       cmp_target);
}

static void add_target(struct romfs *r, uint32_t off)
{
	struct target *t;

	if (r->ntargets == r->tcap) {
		size_t cap = r->tcap ? r->tcap * 2 : 16;

		t = jcsi_realloc(r->targets, cap * sizeof(*t));
		if (!t) {
			r->stop = JCS_E_NOMEM;
			return;
		}
		r->targets = t;
		r->tcap = cap;
	}
	r->targets[r->ntargets].off = off;
	r->targets[r->ntargets].path = NULL;
	r->ntargets++;
}

/* Sort the targets and drop duplicates, for find_target(). */
static void settle_targets(struct romfs *r)
{
	size_t k = 0;

	if (r->ntargets)
		qsort(r->targets, r->ntargets, sizeof(*r->targets),
		      cmp_target);
	for (size_t i = 0; i < r->ntargets; i++) {
		if (k == 0 || r->targets[i].off != r->targets[k - 1].off)
			r->targets[k++] = r->targets[i];
	}
	r->ntargets = k;
}

/* Remember the current path as T's, within the byte budget. */
static void remember(struct romfs *r, struct target *t)
{
	size_t n = strlen(r->path) + 1;

	if (r->link_bytes + n > MAX_LINK_PATH_BYTES)
		return; /* later links become copies */
	t->path = jcsi_strdup(r->path);
	if (!t->path) {
		r->stop = JCS_E_NOMEM;
		return;
	}
	r->link_bytes += n;
}

/* --- entries ----------------------------------------------------------- */

static void walk_dir(struct romfs *r, uint64_t first, size_t plen,
		     int depth);

/* The data of H as a regular file named r->path. Returns 1 if the file
   was written (it may be short), 0 if not. */
static int emit_file(struct romfs *r, const struct rhdr *h,
		     struct jcsi_entry *e)
{
	struct jcsi_file *f = NULL;
	uint64_t n = h->size;
	int truncated = 0;
	jcs_rc rc, wr = JCS_OK;

	if (n > r->file_max) {
		damage(r, h->off, "%s: size %u exceeds the per-file limit; "
				  "not extracted", r->path, h->size);
		return 0;
	}
	/* the data must lie inside the image: what is present is written
	   and the file marked short */
	if (!jcsi_in_bounds(r->len, h->data, n)) {
		damage(r, h->off, "%s: %u bytes of data run past the end of "
				  "the image", r->path, h->size);
		truncated = 1;
		n = h->data < r->len ? r->len - h->data : 0;
	}
	rc = jcsi_file_open(r->x, e, &f);
	if (rc != JCS_OK) {
		note_rc(r, rc);
		return 0;
	}
	r->entries++;
	if (n)
		wr = jcsi_file_write(f, r->d + h->data, (size_t)n);
	rc = jcsi_file_close(f, truncated || wr != JCS_OK);
	if (wr != JCS_OK)
		rc = wr;
	if (rc == JCS_E_LIMIT || rc == JCS_E_NOMEM)
		r->stop = rc;
	return 1;
}

static void emit_symlink(struct romfs *r, const struct rhdr *h,
			 struct jcsi_entry *e)
{
	char *target;

	if (h->size == 0 || h->size > r->path_max ||
	    !jcsi_in_bounds(r->len, h->data, h->size)) {
		damage(r, h->off, "%s: symlink target of %u bytes missing or "
				  "too long", r->path, h->size);
		return;
	}
	target = jcsi_strndup((const char *)r->d + h->data, h->size);
	if (!target) {
		r->stop = JCS_E_NOMEM;
		return;
	}
	e->link_target = target;
	note_rc(r, jcsi_add_entry(r->x, e));
	jcsi_free(target);
}

/*
 * Emit the entry whose header is H (not a hard link) under the name
 * r->path (already built, PLEN bytes) at nesting DEPTH.
 */
static void emit(struct romfs *r, const struct rhdr *h, size_t plen,
		 int depth)
{
	static const uint32_t modes[8] = {0, 0644, 0644, 0777,
					  0600, 0600, 0644, 0644};
	struct jcsi_entry e;
	struct target *t;
	jcs_rc rc;

	memset(&e, 0, sizeof(e));
	e.path = r->path;
	e.mode = modes[h->type] | (h->exec ? 0111 : 0);
	switch (h->type) {
	case T_DIR:
		e.kind = JCSI_DIR;
		rc = jcsi_add_entry(r->x, &e);
		note_rc(r, rc);
		/* a refused directory name refuses every path below it */
		if (!r->stop && rc != JCS_E_UNSAFE_PATH)
			walk_dir(r, h->info, plen, depth + 1);
		return;
	case T_FILE:
		e.kind = JCSI_FILE;
		t = find_target(r, h->off);
		if (t && t->path) {
			/* a hard link to this file came first and holds
			   the data: this name becomes the link */
			e.kind = JCSI_HARDLINK;
			e.link_target = t->path;
			note_rc(r, jcsi_add_entry(r->x, &e));
			return;
		}
		/* links reached later point at this name, if it holds
		   the data */
		if (emit_file(r, h, &e) && t)
			remember(r, t);
		return;
	case T_SYMLINK:
		e.kind = JCSI_SYMLINK;
		emit_symlink(r, h, &e);
		return;
	case T_BLOCKDEV:
	case T_CHARDEV:
		e.kind = h->type == T_BLOCKDEV ? JCSI_BLOCK_DEV
					       : JCSI_CHAR_DEV;
		e.dev_major = h->info >> 16;
		e.dev_minor = h->info & 0xffff;
		note_rc(r, jcsi_add_entry(r->x, &e));
		return;
	case T_SOCKET:
		e.kind = JCSI_SOCKET;
		note_rc(r, jcsi_add_entry(r->x, &e));
		return;
	case T_FIFO:
		e.kind = JCSI_FIFO;
		note_rc(r, jcsi_add_entry(r->x, &e));
		return;
	default:
		return; /* hard links are resolved by the caller */
	}
}

/* A hard link H (not "." or ".."), named r->path. */
static void emit_link(struct romfs *r, const struct rhdr *h, size_t plen,
		      int depth)
{
	struct target *t = find_target(r, h->info);
	struct jcsi_entry e;
	struct rhdr th;

	if (t && t->path) {
		memset(&e, 0, sizeof(e));
		e.path = r->path;
		e.kind = JCSI_HARDLINK;
		e.link_target = t->path;
		note_rc(r, jcsi_add_entry(r->x, &e));
		return;
	}
	/* the target has not been reached yet (or was not remembered):
	   emit it here, under this name */
	if (read_hdr(r, h->info, &th))
		return;
	if (th.type == T_HARDLINK || th.type == T_DIR) {
		damage(r, h->off, "%s: hard link to a %s", r->path,
		       th.type == T_DIR ? "directory" : "hard link");
		return;
	}
	/* a regular file remembers this name as its path (emit) */
	emit(r, &th, plen, depth);
}

/*
 * The directory whose entries chain from the header at FIRST and whose
 * path is r->path[0..plen). A broken chain ends the listing; what came
 * before is kept.
 */
static void walk_dir(struct romfs *r, uint64_t first, size_t plen,
		     int depth)
{
	uint64_t off = first;

	if (depth > MAX_DEPTH) {
		damage(r, first, "%s: directories nested deeper than %d",
		       r->path, MAX_DEPTH);
		return;
	}
	while (off != 0 && !r->stop) {
		struct rhdr h;
		size_t need;

		if (read_hdr(r, off, &h))
			break;
		/* each header once: a chain or a directory that points
		   back into what was walked ends here */
		if (test_and_set(r, off)) {
			damage(r, off, "%s: file header at 0x%llx reached "
				       "twice (loop)", r->path,
			       (unsigned long long)off);
			break;
		}
		off = h.next;
		if ((h.nlen == 1 && h.name[0] == '.') ||
		    (h.nlen == 2 && h.name[0] == '.' && h.name[1] == '.'))
			continue;
		if (r->collect) {
			if (h.type == T_HARDLINK)
				add_target(r, h.info);
			else if (h.type == T_DIR)
				walk_dir(r, h.info, plen, depth + 1);
			continue;
		}
		/* the checksum covers the header and the padded name, whose
		   padding may be missing at the very end of the image */
		if (!jcsi_in_bounds(r->len, h.off, h.data - h.off) ||
		    be_sum(r->d + h.off, (size_t)(h.data - h.off)) != 0)
			damage(r, h.off, "%s%s%.*s: file header checksum "
					 "mismatch", r->path, plen ? "/" : "",
			       (int)h.nlen, h.name);
		if (h.nlen == 0) {
			damage(r, h.off, "%s: entry with an empty name",
			       r->path);
			continue;
		}
		/* the path buffer holds path_max bytes: longer paths would
		   be refused by the sink anyway */
		need = plen + (plen ? 1 : 0) + h.nlen;
		if (need > r->path_max) {
			damage(r, h.off, "%s/%.*s: path longer than %u bytes",
			       r->path, (int)h.nlen, h.name, r->path_max);
			continue;
		}
		if (plen)
			r->path[plen] = '/';
		memcpy(r->path + need - h.nlen, h.name, h.nlen);
		r->path[need] = '\0';
		if (h.type == T_HARDLINK)
			emit_link(r, &h, need, depth);
		else
			emit(r, &h, need, depth);
		r->path[plen] = '\0';
	}
}

/* --- bid and extract ------------------------------------------------- */

static int romfs_bid(const uint8_t *d, size_t len)
{
	uint32_t size;
	size_t n;
	int bits = 64;

	if (len < SB_SIZE + ALIGN || memcmp(d, ROMFS_MAGIC, 8) != 0)
		return -1;
	size = jcsi_be32(d + 8);
	if (size < SB_SIZE + ALIGN)
		return -1;
	bits += 8;
	n = size < CHECK_LEN ? size : CHECK_LEN;
	if (n <= len && be_sum(d, n) == 0)
		bits += 32;
	return bits;
}

static jcs_rc romfs_extract(struct jcsi_extract *x, const uint8_t *d,
			    size_t len, uint64_t *consumed)
{
	const struct jcs_unpack_limits *lim = jcsi_limits(x);
	struct romfs r;
	uint32_t size;
	size_t n, vlen;
	char vol[MAX_VOLNAME + 1];
	jcs_rc rc = JCS_OK;

	*consumed = 0;
	memset(&r, 0, sizeof(r));
	if (romfs_bid(d, len) < 0) {
		rc = JCS_E_FORMAT;
		goto out;
	}
	r.x = x;
	r.d = d;
	r.file_max = lim->max_file_bytes;
	r.path_max = lim->max_path ? lim->max_path : 4096;
	size = jcsi_be32(d + 8);
	r.len = size <= len ? size : len;
	*consumed = r.len;
	if (size > len)
		jcsi_fail(x, 8, "truncated: %u bytes declared, %zu present",
			  size, len);
	n = size < CHECK_LEN ? size : CHECK_LEN;
	if (n <= len) {
		int ok = be_sum(d, n) == 0;

		jcsi_info_bool(x, "checksum_ok", ok);
		if (!ok)
			jcsi_fail(x, 12, "checksum of the first %zu bytes "
					 "does not sum to zero", n);
	}
	/* the volume name: the kernel reads at most MAX_VOLNAME bytes */
	vlen = r.len - SB_SIZE < MAX_VOLNAME ? r.len - SB_SIZE : MAX_VOLNAME;
	vlen = strnlen((const char *)d + SB_SIZE, vlen);
	memcpy(vol, d + SB_SIZE, vlen);
	vol[vlen] = '\0';
	jcsi_info_str(x, "volume", vol);
	jcsi_info_int(x, "size", size);
	r.first = (uint32_t)align16(SB_SIZE + vlen + 1);

	r.visited_bits = r.len / ALIGN + 1;
	r.visited = jcsi_calloc((r.visited_bits + 7) / 8, 1);
	r.path = jcsi_malloc((size_t)r.path_max + 1);
	if (!r.visited || !r.path) {
		rc = JCS_E_NOMEM;
		goto out;
	}
	r.path[0] = '\0';
	/* pass 1: which headers are hard link targets */
	r.collect = 1;
	walk_dir(&r, r.first, 0, 0);
	r.collect = 0;
	if (r.stop) {
		rc = r.stop;
		goto out;
	}
	settle_targets(&r);
	memset(r.visited, 0, (r.visited_bits + 7) / 8);
	/* pass 2: everything */
	walk_dir(&r, r.first, 0, 0);
	if (r.stop)
		rc = r.stop;
	else if (r.entries == 0 && r.reports)
		rc = JCS_E_CORRUPT;
out:
	if (r.unreported)
		jcsi_fail(x, 0, "%llu further damaged entries not listed",
			  (unsigned long long)r.unreported);
	for (size_t i = 0; i < r.ntargets; i++)
		jcsi_free(r.targets[i].path);
	jcsi_free(r.targets);
	jcsi_free(r.visited);
	jcsi_free(r.path);
	return rc;
}

static const struct jcsi_magic romfs_magics[] = {{ROMFS_MAGIC, 8, 0},
						 {NULL, 0, 0}};

const struct jcsi_unpacker jcsi_unpacker_romfs = {
	"romfs", romfs_magics, romfs_bid, romfs_extract, 0};

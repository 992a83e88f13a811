/*
 * unpack_yaffs2.c - YAFFS2 images (NAND dumps and mkyaffs2image output),
 * both byte orders, with our own parser: no library reads YAFFS2 outside
 * the kernel.
 *
 * Layout (yaffs_guts.h, yaffs_packedtags2.h in the YAFFS2 sources):
 *   - the image is a sequence of NAND pages: CHUNK bytes of data followed
 *     by SPARE bytes of out-of-band area. Usual geometries are 2048+64,
 *     4096+128 and 512+16; there is no superblock saying which;
 *   - the spare holds the packed tags: sequence number (the erase block's
 *     age: larger is newer), object id, chunk id and byte count, in the
 *     image's byte order, at the start of the spare or after the two
 *     bad-block marker bytes (MTD's large-page layout);
 *   - chunk id 0, or one with the top "extra" flag set, is an object
 *     header: type (file 1, symlink 2, directory 3, hard link 4,
 *     special 5), parent id, name (256 bytes), mode, uid, gid, times,
 *     size, hard link target id, symlink target (160 bytes), rdev, and the
 *     high half of the size. With the flag, the tags' object id carries
 *     the type in its top 4 bits and the chunk id the parent id;
 *   - chunk id N >= 1 is data: bytes (N-1)*CHUNK .. of the file, the
 *     byte count saying how many are used;
 *   - the root directory is object 1; 3 and 4 are the "unlinked" and
 *     "deleted" directories, whose children are gone;
 *   - a rewritten header or data chunk is newer by sequence number (then
 *     by position inside a block): the newest wins.
 *
 * There is no magic: the bid requires an object header with parent 1 at
 * the start (mkyaffs2image writes the root's first), finds the geometry
 * whose spare tags agree with it, and checks the next chunk's tags too.
 *
 * Extraction: one pass over the spares keeps only tags (never data),
 * sorts them, takes the newest header per object and the newest data
 * chunk per (object, chunk id), then walks the tree down from the root.
 * A crafted parent graph cannot loop a walk that only goes down from the
 * root: objects in a loop are never reached and are reported. Depth is
 * bounded; names are NUL-bounded inside their field and go to the sink
 * unmodified (the sink judges paths). Hard links are emitted last, when
 * every target has its path.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/mem.h"
#include "unpack_int.h"

/* --- on-flash layout ------------------------------------------------- */

enum {
	T_FILE = 1,
	T_SYMLINK = 2,
	T_DIR = 3,
	T_HARDLINK = 4,
	T_SPECIAL = 5
};

#define ROOT_ID 1u
#define UNLINKED_ID 3u
#define DELETED_ID 4u

/* object header fields */
#define OH_TYPE 0
#define OH_PARENT 4
#define OH_SUM 8
#define OH_NAME 10
#define NAME_FIELD 256
#define NAME_MAX_LEN 255
#define OH_MODE 268
#define OH_UID 272
#define OH_GID 276
#define OH_MTIME 284
#define OH_SIZE_LO 292
#define OH_EQUIV 296
#define OH_ALIAS 300
#define ALIAS_FIELD 160
#define OH_RDEV 460
#define OH_SIZE_HI 496
#define OH_LEN 512

/* packed tags: seq, obj, chunk, n_bytes (then ECC, which we ignore) */
#define TAGS_LEN 16
#define EXTRA_HEADER_FLAG 0x80000000u
#define ID_MASK 0x0fffffffu
#define SEQ_CHECKPOINT 0x21u
#define SEQ_MAX 0xefffff00u

/* --- ceilings ---------------------------------------------------------- */

#define MAX_DEPTH 128
#define MAX_REPORTS 64
/* non-erased chunks with nonsense tags in a row: the image has ended */
#define MAX_GARBAGE_RUN 64

struct geom {
	uint32_t chunk, spare, toff;
	int be;
};

/* One chunk's tags, as kept after the scan. */
struct ytag {
	uint32_t obj, cid, seq, nbytes;
	uint64_t idx;   /* chunk number in the image */
};

struct yobj {
	uint32_t id, parent, type, mode, uid, gid, mtime, equiv, rdev;
	uint64_t size;
	const char *name;   /* inside the image, NLEN bytes (no NUL) */
	size_t nlen;
	const uint8_t *alias; /* symlink target field */
	uint64_t hoff;      /* offset of the header chunk */
	int state;          /* 0 unreached, 1 emitted, 2 refused/failed */
};

/* An object by its parent: obj[] is sorted by id, so (parent, index)
   order is (parent, id) order. */
struct bypar {
	uint32_t parent;
	uint32_t i;
};

struct yaffs {
	struct jcsi_extract *x;
	const uint8_t *d;
	size_t len;
	struct geom g;
	uint64_t stride;

	struct ytag *hdr, *dat;
	size_t nhdr, ndat;
	struct yobj *obj;   /* sorted by id */
	size_t nobj;
	struct bypar *bypar; /* obj indexes sorted by (parent, id) */

	uint64_t file_max;
	uint32_t path_max;
	char *path;         /* path_max + 1 bytes */
	char *path2;        /* for hard link targets */

	unsigned reports;
	uint64_t unreported;
	uint64_t entries;
	jcs_rc stop;
};

/* --- helpers --------------------------------------------------------- */

static uint32_t rd32(int be, const uint8_t *p)
{
	return be ? jcsi_be32(p) : jcsi_le32(p);
}

static void damage(struct yaffs *y, uint64_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void damage(struct yaffs *y, uint64_t off, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	if (y->reports >= MAX_REPORTS) {
		y->unreported++;
		return;
	}
	y->reports++;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	jcsi_fail(y->x, off, "%s", msg);
}

static void note_rc(struct yaffs *y, jcs_rc rc)
{
	if (rc == JCS_E_LIMIT || rc == JCS_E_NOMEM)
		y->stop = rc;
	else if (rc == JCS_OK)
		y->entries++;
}

static int all_ff(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != 0xff)
			return 0;
	return 1;
}

/* An object header's first fields: a known type, a name NUL-terminated
   inside its field. P has OH_LEN readable bytes. */
static int header_plausible(int be, const uint8_t *p)
{
	uint32_t type = rd32(be, p + OH_TYPE);

	if (type < T_FILE || type > T_SPECIAL)
		return 0;
	return memchr(p + OH_NAME, '\0', NAME_FIELD) != NULL;
}

enum { TAG_BAD = 0, TAG_ERASED, TAG_SKIP, TAG_HEADER, TAG_DATA };

/*
 * Classify the chunk at IDX (whose data and tags are present) and fill T.
 */
static int classify(const struct geom *g, const uint8_t *d, uint64_t idx,
		    struct ytag *t)
{
	uint64_t base = idx * ((uint64_t)g->chunk + g->spare);
	const uint8_t *tp = d + base + g->chunk + g->toff;

	if (all_ff(tp, TAGS_LEN))
		return TAG_ERASED;
	t->seq = rd32(g->be, tp);
	t->obj = rd32(g->be, tp + 4);
	t->cid = rd32(g->be, tp + 8);
	t->nbytes = rd32(g->be, tp + 12);
	t->idx = idx;
	if (t->seq == SEQ_CHECKPOINT)
		return TAG_SKIP; /* checkpoint data, not file system */
	if (t->seq == 0 || t->seq > SEQ_MAX)
		return TAG_BAD;
	if (t->cid == 0 || (t->cid & EXTRA_HEADER_FLAG)) {
		t->obj &= ID_MASK;
		if (t->obj == 0 || g->chunk < OH_LEN ||
		    !header_plausible(g->be, d + base))
			return TAG_BAD;
		t->cid = 0;
		return TAG_HEADER;
	}
	if (t->obj == 0 || t->obj > ID_MASK || t->nbytes > g->chunk)
		return TAG_BAD;
	return TAG_DATA;
}

/* --- geometry and bid ------------------------------------------------ */

/* Chunks after the first whose tags a geometry must not contradict. */
#define GEOM_PROBE 8

/*
 * How well geometry G fits the image at D: -1 if not at all; otherwise
 * among the next GEOM_PROBE chunks, those with valid tags less those with
 * nonsense tags (a damaged chunk should not hide the image; erased ones
 * are neutral: a wrong geometry often lands in 0xff filler, so the best
 * score wins). The first chunk must be an object header whose tags agree
 * with it.
 */
static int geom_fits(const struct geom *g, const uint8_t *d, size_t len)
{
	uint64_t stride = (uint64_t)g->chunk + g->spare;
	uint32_t parent = rd32(g->be, d + OH_PARENT);
	const uint8_t *tp;
	struct ytag t;
	uint32_t cid, obj;
	int good = 0, bad = 0;

	if (g->toff + TAGS_LEN > g->spare || !jcsi_in_bounds(len, 0, stride))
		return -1;
	tp = d + g->chunk + g->toff;
	if (classify(g, d, 0, &t) != TAG_HEADER)
		return -1;
	cid = rd32(g->be, tp + 8);
	obj = rd32(g->be, tp + 4);
	if (cid & EXTRA_HEADER_FLAG) {
		if ((cid & ID_MASK) != parent ||
		    (obj >> 28) != rd32(g->be, d + OH_TYPE))
			return -1;
	}
	for (uint64_t i = 1; i <= GEOM_PROBE; i++) {
		if (!jcsi_in_bounds(len, i * stride, stride))
			break;
		switch (classify(g, d, i, &t)) {
		case TAG_HEADER:
		case TAG_DATA:
			good++;
			break;
		case TAG_ERASED:
		case TAG_SKIP:
			break;
		default:
			bad++;
			break;
		}
	}
	return good >= bad ? good - bad : -1;
}

/* Find the geometry that fits best; returns its count of valid probed
   chunks, or -1 if nothing fits. */
static int find_geom(const uint8_t *d, size_t len, struct geom *out)
{
	static const uint32_t sizes[][2] = {
		{2048, 64}, {4096, 128}, {512, 16}, {2048, 128}, {4096, 224},
		{4096, 218}, {4096, 256}, {1024, 32}, {8192, 256},
		{8192, 448}, {8192, 512}, {16384, 512}, {16384, 1280}};
	int be, best = -1;

	if (len < OH_LEN + 16)
		return -1;
	if (d[0] >= T_FILE && d[0] <= T_SPECIAL && !d[1] && !d[2] && !d[3])
		be = 0;
	else if (d[3] >= T_FILE && d[3] <= T_SPECIAL && !d[0] && !d[1] &&
		 !d[2])
		be = 1;
	else
		return -1;
	if (d[OH_SUM] != 0xff || d[OH_SUM + 1] != 0xff ||
	    !header_plausible(be, d))
		return -1;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		for (uint32_t toff = 0; toff <= 2; toff += 2) {
			struct geom g = {sizes[i][0], sizes[i][1], toff, be};
			int r = geom_fits(&g, d, len);

			if (r > best) {
				*out = g;
				best = r;
			}
		}
	}
	return best;
}

static int yaffs2_bid(const uint8_t *d, size_t len)
{
	struct geom g;
	int r = find_geom(d, len, &g);

	if (r < 0)
		return -1;
	/* magic 80 bits, header tags 64, 8 per agreeing chunk after it */
	return 80 + 64 + 8 * (r < 4 ? r : 4);
}

/* --- sorting and lookup ------------------------------------------------ */

static int cmp_tag(const void *a, const void *b)
{
	const struct ytag *p = a, *q = b;

	if (p->obj != q->obj)
		return p->obj < q->obj ? -1 : 1;
	if (p->cid != q->cid)
		return p->cid < q->cid ? -1 : 1;
	/* newest first: higher sequence, then later in the image */
	if (p->seq != q->seq)
		return p->seq > q->seq ? -1 : 1;
	if (p->idx != q->idx)
		return p->idx > q->idx ? -1 : 1;
	return 0;
}

/* Sort and keep the first (newest) of each (obj, cid). Returns the count. */
static size_t settle(struct ytag *t, size_t n)
{
	size_t k = 0;

	if (n)
		qsort(t, n, sizeof(*t), cmp_tag);
	for (size_t i = 0; i < n; i++) {
		if (k && t[i].obj == t[k - 1].obj && t[i].cid == t[k - 1].cid)
			continue;
		t[k++] = t[i];
	}
	return k;
}

static struct yobj *find_obj(struct yaffs *y, uint32_t id)
{
	size_t lo = 0, hi = y->nobj;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (y->obj[mid].id == id)
			return &y->obj[mid];
		if (y->obj[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* First index in dat[] with obj >= ID. */
static size_t first_dat(struct yaffs *y, uint32_t id)
{
	size_t lo = 0, hi = y->ndat;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (y->dat[mid].obj < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int cmp_bypar(const void *a, const void *b)
{
	const struct bypar *p = a, *q = b;

	if (p->parent != q->parent)
		return p->parent < q->parent ? -1 : 1;
	return p->i < q->i ? -1 : p->i > q->i;
}

/* First index in bypar[] whose object has parent >= P. */
static size_t first_child(struct yaffs *y, uint32_t p)
{
	size_t lo = 0, hi = y->nobj;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (y->bypar[mid].parent < p)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* --- scan ------------------------------------------------------------ */

static jcs_rc push(struct ytag **arr, size_t *n, size_t *cap,
		   const struct ytag *t)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 64;
		struct ytag *p = jcsi_realloc(*arr, c * sizeof(*p));

		if (!p)
			return JCS_E_NOMEM;
		*arr = p;
		*cap = c;
	}
	(*arr)[(*n)++] = *t;
	return JCS_OK;
}

/* Read every chunk's tags. Returns the end of the last valid chunk. */
static uint64_t scan(struct yaffs *y)
{
	uint64_t nchunks = y->len / y->stride, end = 0, bad = 0;
	size_t hcap = 0, dcap = 0;
	unsigned run = 0;

	for (uint64_t i = 0; i < nchunks && !y->stop; i++) {
		struct ytag t;
		jcs_rc rc = JCS_OK;

		switch (classify(&y->g, y->d, i, &t)) {
		case TAG_ERASED:
			run = 0;
			continue;
		case TAG_SKIP:
			run = 0;
			end = (i + 1) * y->stride;
			continue;
		case TAG_HEADER:
			rc = push(&y->hdr, &y->nhdr, &hcap, &t);
			break;
		case TAG_DATA:
			rc = push(&y->dat, &y->ndat, &dcap, &t);
			break;
		default:
			bad++;
			if (++run >= MAX_GARBAGE_RUN)
				goto done;
			continue;
		}
		if (rc != JCS_OK) {
			y->stop = rc;
			break;
		}
		run = 0;
		end = (i + 1) * y->stride;
	}
done:
	/* garbage inside the image is damage; after its end it is not */
	if (bad > run)
		damage(y, 0, "%llu chunks with unreadable tags skipped",
		       (unsigned long long)(bad - run));
	if (y->len % y->stride && end == nchunks * y->stride)
		damage(y, end, "truncated: %llu bytes of a partial chunk at "
			       "the end", (unsigned long long)(y->len % y->stride));
	return end;
}

/* Objects from the newest header of each id. */
static jcs_rc build_objects(struct yaffs *y)
{
	int be = y->g.be;

	y->obj = jcsi_calloc(y->nhdr ? y->nhdr : 1, sizeof(*y->obj));
	y->bypar = jcsi_calloc(y->nhdr ? y->nhdr : 1, sizeof(*y->bypar));
	if (!y->obj || !y->bypar)
		return JCS_E_NOMEM;
	for (size_t i = 0; i < y->nhdr; i++) {
		struct yobj *o = &y->obj[y->nobj];
		const uint8_t *p;
		uint32_t hi;

		o->hoff = y->hdr[i].idx * y->stride;
		p = y->d + o->hoff;
		o->id = y->hdr[i].obj;
		o->type = rd32(be, p + OH_TYPE);
		o->parent = rd32(be, p + OH_PARENT);
		o->name = (const char *)p + OH_NAME;
		o->nlen = strnlen(o->name, NAME_MAX_LEN);
		o->mode = rd32(be, p + OH_MODE);
		o->uid = rd32(be, p + OH_UID);
		o->gid = rd32(be, p + OH_GID);
		o->mtime = rd32(be, p + OH_MTIME);
		o->equiv = rd32(be, p + OH_EQUIV);
		o->alias = p + OH_ALIAS;
		o->rdev = rd32(be, p + OH_RDEV);
		hi = rd32(be, p + OH_SIZE_HI);
		/* older writers leave the high half erased (all ones) */
		o->size = rd32(be, p + OH_SIZE_LO) |
			  (hi == 0xffffffffu ? 0 : (uint64_t)hi << 32);
		y->bypar[y->nobj].parent = o->parent;
		y->bypar[y->nobj].i = (uint32_t)y->nobj;
		y->nobj++;
	}
	if (y->nobj)
		qsort(y->bypar, y->nobj, sizeof(*y->bypar), cmp_bypar);
	return JCS_OK;
}

/* --- entries ----------------------------------------------------------- */

static void fill_entry(const struct yobj *o, struct jcsi_entry *e,
		       const char *path)
{
	memset(e, 0, sizeof(*e));
	e->path = path;
	e->mode = o->mode & 07777;
	e->uid = o->uid;
	e->gid = o->gid;
	e->mtime = o->mtime;
}

static void emit_file(struct yaffs *y, struct yobj *o)
{
	struct jcsi_entry e;
	struct jcsi_file *f = NULL;
	uint64_t pos = 0;
	jcs_rc rc, wr = JCS_OK;

	if (o->size > y->file_max) {
		damage(y, o->hoff, "%s: size %llu exceeds the per-file limit; "
				   "not extracted", y->path,
		       (unsigned long long)o->size);
		o->state = 2;
		return;
	}
	fill_entry(o, &e, y->path);
	e.kind = JCSI_FILE;
	rc = jcsi_file_open(y->x, &e, &f);
	if (rc != JCS_OK) {
		note_rc(y, rc);
		o->state = 2;
		return;
	}
	y->entries++;
	o->state = 1;
	for (size_t i = first_dat(y, o->id);
	     i < y->ndat && y->dat[i].obj == o->id && wr == JCS_OK; i++) {
		const struct ytag *t = &y->dat[i];
		uint64_t start = ((uint64_t)t->cid - 1) * y->g.chunk;
		uint64_t n = t->nbytes;

		if (start >= o->size)
			break; /* sorted by chunk id: the rest lie past too */
		if (n > o->size - start)
			n = o->size - start;
		if (start > pos)
			wr = jcsi_file_write_zeros(f, start - pos);
		if (wr == JCS_OK && n)
			wr = jcsi_file_write(f, y->d + t->idx * y->stride,
					     (size_t)n);
		pos = start + n;
	}
	if (wr == JCS_OK && pos < o->size)
		damage(y, o->hoff, "%s: %llu of %llu bytes have no data "
				   "chunk", y->path,
		       (unsigned long long)(o->size - pos),
		       (unsigned long long)o->size);
	rc = jcsi_file_close(f, wr != JCS_OK || pos < o->size);
	if (wr != JCS_OK)
		rc = wr;
	if (rc == JCS_E_LIMIT || rc == JCS_E_NOMEM)
		y->stop = rc;
}

static void emit_symlink(struct yaffs *y, struct yobj *o)
{
	struct jcsi_entry e;
	char target[ALIAS_FIELD];
	const uint8_t *nul = memchr(o->alias, '\0', ALIAS_FIELD);

	if (!nul || nul == o->alias) {
		damage(y, o->hoff, "%s: symlink target missing or not "
				   "terminated", y->path);
		o->state = 2;
		return;
	}
	memcpy(target, o->alias, (size_t)(nul - o->alias) + 1);
	fill_entry(o, &e, y->path);
	e.kind = JCSI_SYMLINK;
	e.link_target = target;
	note_rc(y, jcsi_add_entry(y->x, &e));
	o->state = y->stop ? 2 : 1;
}

static void emit_special(struct yaffs *y, struct yobj *o)
{
	struct jcsi_entry e;

	fill_entry(o, &e, y->path);
	switch (o->mode & 0170000) {
	case 0020000:
		e.kind = JCSI_CHAR_DEV;
		break;
	case 0060000:
		e.kind = JCSI_BLOCK_DEV;
		break;
	case 0010000:
		e.kind = JCSI_FIFO;
		break;
	case 0140000:
		e.kind = JCSI_SOCKET;
		break;
	default:
		damage(y, o->hoff, "%s: special file of unknown mode 0%o",
		       y->path, o->mode);
		o->state = 2;
		return;
	}
	/* a 32-bit dev_t: glibc's split (the old 8:8 one is a subset) */
	e.dev_major = (o->rdev >> 8) & 0xfff;
	e.dev_minor = (o->rdev & 0xff) | ((o->rdev >> 12) & 0xfff00);
	note_rc(y, jcsi_add_entry(y->x, &e));
	o->state = 1;
}

static void walk_dir(struct yaffs *y, uint32_t dir, size_t plen, int depth);

/* Emit O (not a hard link), named y->path (PLEN bytes). */
static void emit(struct yaffs *y, struct yobj *o, size_t plen, int depth)
{
	struct jcsi_entry e;
	jcs_rc rc;

	switch (o->type) {
	case T_DIR:
		fill_entry(o, &e, y->path);
		e.kind = JCSI_DIR;
		rc = jcsi_add_entry(y->x, &e);
		note_rc(y, rc);
		o->state = rc == JCS_OK ? 1 : 2;
		/* a refused directory name refuses every path below it */
		if (!y->stop && rc != JCS_E_UNSAFE_PATH)
			walk_dir(y, o->id, plen, depth + 1);
		return;
	case T_FILE:
		emit_file(y, o);
		return;
	case T_SYMLINK:
		emit_symlink(y, o);
		return;
	case T_SPECIAL:
		emit_special(y, o);
		return;
	default:
		return;
	}
}

/* The children of directory DIR, whose path is y->path[0..plen). */
static void walk_dir(struct yaffs *y, uint32_t dir, size_t plen, int depth)
{
	if (depth > MAX_DEPTH) {
		damage(y, 0, "%s: directories nested deeper than %d", y->path,
		       MAX_DEPTH);
		return;
	}
	for (size_t i = first_child(y, dir);
	     i < y->nobj && !y->stop; i++) {
		struct yobj *o = &y->obj[y->bypar[i].i];
		size_t need;

		if (o->parent != dir)
			break;
		if (o->id == ROOT_ID || o->state)
			continue;
		if (o->nlen == 0) {
			damage(y, o->hoff, "%s: object %u has an empty name",
			       y->path, o->id);
			o->state = 2;
			continue;
		}
		need = plen + (plen ? 1 : 0) + o->nlen;
		if (need > y->path_max) {
			damage(y, o->hoff, "%s/%.*s: path longer than %u bytes",
			       y->path, (int)o->nlen, o->name, y->path_max);
			o->state = 2;
			continue;
		}
		if (plen)
			y->path[plen] = '/';
		memcpy(y->path + need - o->nlen, o->name, o->nlen);
		y->path[need] = '\0';
		if (o->type == T_HARDLINK)
			o->state = 3; /* pending: emitted after the walk */
		else
			emit(y, o, need, depth);
		y->path[plen] = '\0';
	}
}

/*
 * The path of O (reached by the walk, so its ancestors lead to the root
 * within MAX_DEPTH + 1 steps) into BUF. Returns 0, or -1 if it does not
 * fit.
 */
static int obj_path(struct yaffs *y, const struct yobj *o, char *buf)
{
	const struct yobj *chain[MAX_DEPTH + 2];
	size_t n = 0, k = 0;

	/* the root needs no header of its own (kernel-written images) */
	while (o && o->id != ROOT_ID) {
		if (n == MAX_DEPTH + 2)
			return -1;
		chain[n++] = o;
		if (o->parent == ROOT_ID)
			break;
		o = find_obj(y, o->parent);
	}
	if (!o)
		return -1;
	while (n--) {
		const struct yobj *c = chain[n];

		if (k + (k ? 1 : 0) + c->nlen > y->path_max)
			return -1;
		if (k)
			buf[k++] = '/';
		memcpy(buf + k, c->name, c->nlen);
		k += c->nlen;
	}
	buf[k] = '\0';
	return 0;
}

static void emit_links(struct yaffs *y)
{
	for (size_t i = 0; i < y->nobj && !y->stop; i++) {
		struct yobj *o = &y->obj[i], *t;
		struct jcsi_entry e;

		if (o->state != 3)
			continue;
		o->state = 2;
		if (obj_path(y, o, y->path)) {
			damage(y, o->hoff, "hard link object %u: no path", o->id);
			continue;
		}
		t = find_obj(y, o->equiv);
		if (!t || t->state != 1 || t->type == T_DIR ||
		    t->type == T_HARDLINK) {
			damage(y, o->hoff, "%s: hard link to object %u, which "
					   "is missing, a directory or not "
					   "extracted", y->path, o->equiv);
			continue;
		}
		if (obj_path(y, t, y->path2)) {
			damage(y, o->hoff, "%s: hard link target %u has no path",
			       y->path, t->id);
			continue;
		}
		fill_entry(t, &e, y->path);
		e.kind = JCSI_HARDLINK;
		e.link_target = y->path2;
		note_rc(y, jcsi_add_entry(y->x, &e));
		o->state = 1;
	}
}

/* --- extract --------------------------------------------------------- */

static jcs_rc yaffs2_extract(struct jcsi_extract *x, const uint8_t *d,
			     size_t len, uint64_t *consumed)
{
	const struct jcs_unpack_limits *lim = jcsi_limits(x);
	struct yaffs y;
	struct yobj *root;
	uint64_t unreached = 0;
	jcs_rc rc = JCS_OK;

	*consumed = 0;
	memset(&y, 0, sizeof(y));
	y.x = x;
	y.d = d;
	y.len = len;
	if (find_geom(d, len, &y.g) < 0)
		return JCS_E_FORMAT;
	y.stride = (uint64_t)y.g.chunk + y.g.spare;
	y.file_max = lim->max_file_bytes;
	y.path_max = lim->max_path ? lim->max_path : 4096;
	jcsi_info_int(x, "chunk_size", y.g.chunk);
	jcsi_info_int(x, "spare_size", y.g.spare);
	jcsi_info_int(x, "tags_offset", y.g.toff);
	jcsi_info_str(x, "byte_order", y.g.be ? "big" : "little");

	*consumed = scan(&y);
	if (y.stop) {
		rc = y.stop;
		goto out;
	}
	y.nhdr = settle(y.hdr, y.nhdr);
	y.ndat = settle(y.dat, y.ndat);
	rc = build_objects(&y);
	if (rc != JCS_OK)
		goto out;
	y.path = jcsi_malloc((size_t)y.path_max + 1);
	y.path2 = jcsi_malloc((size_t)y.path_max + 1);
	if (!y.path || !y.path2) {
		rc = JCS_E_NOMEM;
		goto out;
	}
	y.path[0] = '\0';
	root = find_obj(&y, ROOT_ID);
	if (root && root->type != T_DIR)
		damage(&y, root->hoff, "object 1 (the root) is not a "
				       "directory");
	if (root)
		root->state = 1;
	walk_dir(&y, ROOT_ID, 0, 0);
	emit_links(&y);
	for (size_t i = 0; i < y.nobj; i++) {
		const struct yobj *o = &y.obj[i];

		if (!o->state && o->parent != UNLINKED_ID &&
		    o->parent != DELETED_ID)
			unreached++;
	}
	if (unreached)
		damage(&y, 0, "%llu objects not reachable from the root "
			      "(missing parent or a loop)",
		       (unsigned long long)unreached);
	jcsi_info_int(x, "objects", (int64_t)y.nobj);
	if (y.stop)
		rc = y.stop;
	else if (y.entries == 0 && y.reports)
		rc = JCS_E_CORRUPT;
out:
	if (y.unreported)
		jcsi_fail(x, 0, "%llu further damaged entries not listed",
			  (unsigned long long)y.unreported);
	jcsi_free(y.hdr);
	jcsi_free(y.dat);
	jcsi_free(y.obj);
	jcsi_free(y.bypar);
	jcsi_free(y.path);
	jcsi_free(y.path2);
	return rc;
}

/* The start of an object header with parent 1, in both byte orders:
   type (1..5), parent id 1, the unused name checksum 0xffff. */
static const struct jcsi_magic yaffs2_magics[] = {
	{"\x01\x00\x00\x00\x01\x00\x00\x00\xff\xff", 10, 0},
	{"\x02\x00\x00\x00\x01\x00\x00\x00\xff\xff", 10, 0},
	{"\x03\x00\x00\x00\x01\x00\x00\x00\xff\xff", 10, 0},
	{"\x04\x00\x00\x00\x01\x00\x00\x00\xff\xff", 10, 0},
	{"\x05\x00\x00\x00\x01\x00\x00\x00\xff\xff", 10, 0},
	{"\x00\x00\x00\x01\x00\x00\x00\x01\xff\xff", 10, 0},
	{"\x00\x00\x00\x02\x00\x00\x00\x01\xff\xff", 10, 0},
	{"\x00\x00\x00\x03\x00\x00\x00\x01\xff\xff", 10, 0},
	{"\x00\x00\x00\x04\x00\x00\x00\x01\xff\xff", 10, 0},
	{"\x00\x00\x00\x05\x00\x00\x00\x01\xff\xff", 10, 0},
	{NULL, 0, 0}};

const struct jcsi_unpacker jcsi_unpacker_yaffs2 = {
	"yaffs2", yaffs2_magics, yaffs2_bid, yaffs2_extract, 0};

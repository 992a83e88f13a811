/*
 * unpack_squashfs.c - SquashFS 4.x (gzip, xz, lzma, lzo, lz4, zstd)
 * through libsquashfs from squashfs-tools-ng, reading straight from the
 * mapped image through a small sqfs_file_t over memory.
 *
 * Directories are walked one by one rather than through
 * sqfs_dir_reader_get_full_hierarchy(), so one damaged directory costs
 * that directory, not the whole file system.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqfs/compressor.h>
#include <sqfs/data_reader.h>
#include <sqfs/dir.h>
#include <sqfs/dir_reader.h>
#include <sqfs/error.h>
#include <sqfs/id_table.h>
#include <sqfs/inode.h>
#include <sqfs/io.h>
#include <sqfs/super.h>

#include <lzo/lzo1x.h>

#include "../../core/mem.h"
#include "unpack_int.h"

/* Directory nesting we follow; deeper trees (or loops through crafted
   inode references) are cut off with a failure entry. */
#define MAX_DIR_DEPTH 128

struct memfile {
	sqfs_file_t base;
	const uint8_t *data;
	size_t len;
	struct jcsi_extract *x;
};

/* libsquashfs copies what it reads into its own buffers and caches, so
   the mapped pages can go right after each read. */
static int mem_read_at(sqfs_file_t *f, sqfs_u64 off, void *buf, size_t n)
{
	const struct memfile *m = (const struct memfile *)f;

	if (!jcsi_in_bounds(m->len, off, n))
		return SQFS_ERROR_OUT_OF_BOUNDS;
	memcpy(buf, m->data + off, n);
	if (n >= 65536)
		jcsi_release(m->x, off, off + n);
	return 0;
}

static int mem_write_at(sqfs_file_t *f, sqfs_u64 off, const void *b,
			size_t n)
{
	(void)f;
	(void)off;
	(void)b;
	(void)n;
	return SQFS_ERROR_UNSUPPORTED;
}

static sqfs_u64 mem_get_size(const sqfs_file_t *f)
{
	return ((const struct memfile *)f)->len;
}

static int mem_truncate(sqfs_file_t *f, sqfs_u64 size)
{
	(void)f;
	(void)size;
	return SQFS_ERROR_UNSUPPORTED;
}

static void mem_destroy(sqfs_object_t *o)
{
	(void)o; /* lives on the stack */
}

/*
 * Debian builds libsquashfs without LZO (a licensing choice upstream), yet
 * LZO SquashFS is common on routers. libsquashfs takes any object with a
 * do_block method as its compressor, so we give it one over liblzo2.
 */
struct lzo_decompressor {
	sqfs_compressor_t base;
	sqfs_u32 block_size;
};

static void lzo_destroy(sqfs_object_t *o)
{
	jcsi_free(o);
}

static void lzo_get_configuration(const sqfs_compressor_t *c,
				  sqfs_compressor_config_t *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->id = SQFS_COMP_LZO;
	cfg->flags = SQFS_COMP_FLAG_UNCOMPRESS;
	cfg->block_size = ((const struct lzo_decompressor *)c)->block_size;
}

static int lzo_write_options(sqfs_compressor_t *c, sqfs_file_t *f)
{
	(void)c;
	(void)f;
	return SQFS_ERROR_UNSUPPORTED;
}

static int lzo_read_options(sqfs_compressor_t *c, sqfs_file_t *f)
{
	(void)c;
	(void)f;
	return 0; /* algorithm and level do not matter for decompression */
}

static sqfs_s32 lzo_do_block(sqfs_compressor_t *c, const sqfs_u8 *in,
			     sqfs_u32 size, sqfs_u8 *out, sqfs_u32 outsize)
{
	lzo_uint n = outsize;

	(void)c;
	if (lzo1x_decompress_safe(in, size, out, &n, NULL) != LZO_E_OK ||
	    n > outsize)
		return SQFS_ERROR_COMPRESSOR;
	return (sqfs_s32)n;
}

static sqfs_compressor_t *lzo_decompressor_new(sqfs_u32 block_size)
{
	struct lzo_decompressor *c;

	if (lzo_init() != LZO_E_OK)
		return NULL;
	c = jcsi_calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->base.base.destroy = lzo_destroy;
	c->base.get_configuration = lzo_get_configuration;
	c->base.write_options = lzo_write_options;
	c->base.read_options = lzo_read_options;
	c->base.do_block = lzo_do_block;
	c->block_size = block_size;
	return &c->base;
}

static int squashfs_bid(const uint8_t *d, size_t len)
{
	uint32_t block;
	uint16_t comp, log;

	if (len < 96 || memcmp(d, "hsqs", 4) != 0)
		return -1;
	block = jcsi_le32(d + 12);
	comp = jcsi_le16(d + 20);
	log = jcsi_le16(d + 22);
	if (jcsi_le16(d + 28) != 4)
		return -1; /* major version: 4.x only */
	if (block < 4096 || block > (1u << 20) || (block & (block - 1)) ||
	    log > 20 || (1u << log) != block) /* log checked: no UB shift */
		return -1;
	if (comp < 1 || comp > 6)
		return -1;
	return 32 + 16 + 16 + 8;
}

/* A regular file found by the walk; its data is read afterwards. */
struct job {
	char *path;
	sqfs_inode_generic_t *inode;
	struct jcsi_entry e;
	sqfs_u64 size;
	uint8_t *buf;      /* decoded by a worker (small files) */
	sqfs_u64 got;
	int err;           /* libsquashfs error that stopped the worker */
	int done;
	int stream;        /* too big to hold: the main thread streams it */
};

struct walk {
	struct jcsi_extract *x;
	sqfs_dir_reader_t *dr;
	sqfs_data_reader_t *data;
	sqfs_id_table_t *ids;
	uint8_t *buf;
	uint32_t block;
	jcs_rc stop; /* limit or resource failure: stop everything */
	struct job *jobs;
	size_t njobs, capjobs;
};

static void ids_of(struct walk *w, const sqfs_inode_generic_t *in,
		   struct jcsi_entry *e)
{
	sqfs_u32 v = 0;

	if (sqfs_id_table_index_to_id(w->ids, in->base.uid_idx, &v) == 0)
		e->uid = v;
	if (sqfs_id_table_index_to_id(w->ids, in->base.gid_idx, &v) == 0)
		e->gid = v;
}

static void file_data(struct walk *w, const char *path,
		      const sqfs_inode_generic_t *in, struct jcsi_entry *e)
{
	struct jcsi_file *f;
	sqfs_u64 size = 0, off = 0;
	jcs_rc rc;
	int truncated = 0;

	sqfs_inode_get_file_size(in, &size);
	rc = jcsi_file_open(w->x, e, &f);
	if (rc != JCS_OK) {
		if (rc == JCS_E_LIMIT || rc == JCS_E_NOMEM)
			w->stop = rc;
		return;
	}
	while (off < size) {
		sqfs_u32 want = size - off > w->block ? w->block
						      : (sqfs_u32)(size - off);
		sqfs_s32 got = sqfs_data_reader_read(w->data, in, off, w->buf,
						     want);

		if (got <= 0) {
			jcsi_fail(w->x, 0, "%s: data unreadable at %llu of "
				  "%llu bytes (libsquashfs error %d)", path,
				  (unsigned long long)off,
				  (unsigned long long)size, (int)got);
			truncated = 1;
			break;
		}
		rc = jcsi_file_write(f, w->buf, (size_t)got);
		if (rc != JCS_OK) {
			w->stop = rc;
			truncated = 1;
			break;
		}
		off += (sqfs_u64)got;
	}
	jcsi_file_close(f, truncated);
}

static void walk_dir(struct walk *w, const sqfs_inode_generic_t *dir,
		     const char *prefix, int depth);

/* Takes PATH and IN over (returns 1) or leaves them to the caller (0). */
static int queue_file(struct walk *w, char *path, sqfs_inode_generic_t *in,
		      const struct jcsi_entry *e)
{
	struct job *j;

	if (w->njobs == w->capjobs) {
		size_t nc = w->capjobs ? w->capjobs * 2 : 64;
		struct job *t = jcsi_realloc(w->jobs, nc * sizeof(*t));

		if (!t) {
			w->stop = JCS_E_NOMEM;
			return 0;
		}
		w->jobs = t;
		w->capjobs = nc;
	}
	j = &w->jobs[w->njobs++];
	memset(j, 0, sizeof(*j));
	j->path = path;
	j->inode = in;
	j->e = *e;
	j->e.path = path;
	sqfs_inode_get_file_size(in, &j->size);
	return 1;
}

static int visit(struct walk *w, char *path, sqfs_inode_generic_t *in,
		 int depth)
{
	struct jcsi_entry e;
	char *target = NULL;

	memset(&e, 0, sizeof(e));
	e.path = path;
	e.mode = in->base.mode & 07777;
	e.mtime = in->base.mod_time;
	ids_of(w, in, &e);
	switch (in->base.type) {
	case SQFS_INODE_DIR:
	case SQFS_INODE_EXT_DIR:
		e.kind = JCSI_DIR;
		if (jcsi_add_entry(w->x, &e) == JCS_E_LIMIT)
			w->stop = JCS_E_LIMIT;
		else
			walk_dir(w, in, path, depth + 1);
		return 0;
	case SQFS_INODE_FILE:
	case SQFS_INODE_EXT_FILE:
		e.kind = JCSI_FILE;
		return queue_file(w, path, in, &e);
	case SQFS_INODE_SLINK:
	case SQFS_INODE_EXT_SLINK: {
		sqfs_u32 n = in->base.type == SQFS_INODE_SLINK
				     ? in->data.slink.target_size
				     : in->data.slink_ext.target_size;

		if (n > in->payload_bytes_used)
			n = in->payload_bytes_used;
		target = jcsi_strndup((const char *)in->extra, n);
		e.kind = JCSI_SYMLINK;
		e.link_target = target ? target : "";
		break;
	}
	case SQFS_INODE_BDEV:
	case SQFS_INODE_CDEV:
	case SQFS_INODE_EXT_BDEV:
	case SQFS_INODE_EXT_CDEV: {
		sqfs_u32 dev = in->base.type <= SQFS_INODE_CDEV
				       ? in->data.dev.devno
				       : in->data.dev_ext.devno;

		e.kind = (in->base.type == SQFS_INODE_BDEV ||
			  in->base.type == SQFS_INODE_EXT_BDEV)
				 ? JCSI_BLOCK_DEV
				 : JCSI_CHAR_DEV;
		e.dev_major = (dev >> 8) & 0xfff;
		e.dev_minor = (dev & 0xff) | ((dev >> 12) & 0xfff00);
		break;
	}
	case SQFS_INODE_FIFO:
	case SQFS_INODE_EXT_FIFO:
		e.kind = JCSI_FIFO;
		break;
	default:
		e.kind = JCSI_SOCKET;
		break;
	}
	if (jcsi_add_entry(w->x, &e) == JCS_E_LIMIT)
		w->stop = JCS_E_LIMIT;
	jcsi_free(target);
	return 0;
}

/* The reader holds one directory at a time, so a directory's entries
   are read in full before any subdirectory is opened. */
struct child {
	char *path;
	sqfs_inode_generic_t *inode;
};

static void walk_dir(struct walk *w, const sqfs_inode_generic_t *dir,
		     const char *prefix, int depth)
{
	sqfs_dir_entry_t *ent = NULL;
	struct child *kids = NULL;
	size_t n = 0, cap = 0;
	int r;

	if (depth > MAX_DIR_DEPTH) {
		jcsi_fail(w->x, 0, "%s: directories nested too deep", prefix);
		return;
	}
	r = sqfs_dir_reader_open_dir(w->dr, dir, 0);
	if (r) {
		jcsi_fail(w->x, 0, "%s: directory unreadable (libsquashfs "
			  "error %d)", prefix[0] ? prefix : "/", r);
		return;
	}
	while ((r = sqfs_dir_reader_read(w->dr, &ent)) == 0) {
		sqfs_inode_generic_t *in = NULL;
		char *path = jcsi_asprintf("%s/%.*s", prefix,
					   (int)ent->size + 1,
					   (const char *)ent->name);

		sqfs_free(ent);
		if (!path) {
			w->stop = JCS_E_NOMEM;
			break;
		}
		r = sqfs_dir_reader_get_inode(w->dr, &in);
		if (r) {
			jcsi_fail(w->x, 0, "%s: inode unreadable "
				  "(libsquashfs error %d)", path, r);
			jcsi_free(path);
			continue;
		}
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 32;
			struct child *t = jcsi_realloc(kids, nc * sizeof(*t));

			if (!t) {
				sqfs_free(in);
				jcsi_free(path);
				w->stop = JCS_E_NOMEM;
				break;
			}
			kids = t;
			cap = nc;
		}
		kids[n].path = path;
		kids[n].inode = in;
		n++;
	}
	if (r < 0)
		jcsi_fail(w->x, 0, "%s: directory listing damaged (libsquashfs "
			  "error %d)", prefix[0] ? prefix : "/", r);
	for (size_t i = 0; i < n; i++) {
		if (!w->stop && visit(w, kids[i].path, kids[i].inode, depth))
			continue; /* queued: the job owns them now */
		sqfs_free(kids[i].inode);
		jcsi_free(kids[i].path);
	}
	jcsi_free(kids);
}

/*
 * Reading the files: decompression is most of the work on an xz or zstd
 * image, so worker threads (one per core, each with its own compressor
 * and data reader over the same read-only mapping) decode small files
 * into memory ahead of the main thread, which alone talks to the sink and
 * writes them in walk order. Bytes decoded but not yet written are capped
 * (INFLIGHT_MAX); files above HOLD_MAX are streamed by the main thread.
 */
#define HOLD_MAX (16u << 20)
#define INFLIGHT_MAX (64u << 20)
#define MAX_WORKERS 4

struct pool {
	struct walk *w;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	size_t next;       /* next job a worker may claim */
	uint64_t inflight; /* bytes decoded or being decoded, not written */
	int stop;
};

struct worker {
	struct pool *p;
	sqfs_compressor_t *cmp;
	sqfs_data_reader_t *data;
	pthread_t tid;
	int started;
};

static void decode(struct worker *k, struct job *j)
{
	j->buf = jcsi_malloc(j->size ? (size_t)j->size : 1);
	if (!j->buf) {
		j->err = SQFS_ERROR_ALLOC;
		return;
	}
	while (j->got < j->size) {
		sqfs_u64 left = j->size - j->got;
		sqfs_u32 want = left > (1u << 20) ? (1u << 20) : (sqfs_u32)left;
		sqfs_s32 r = sqfs_data_reader_read(k->data, j->inode, j->got,
						   j->buf + j->got, want);

		if (r <= 0) {
			j->err = r ? r : SQFS_ERROR_CORRUPTED;
			return;
		}
		j->got += (sqfs_u64)r;
	}
}

static void *worker_main(void *arg)
{
	struct worker *k = arg;
	struct pool *p = k->p;

	pthread_mutex_lock(&p->lock);
	while (!p->stop && p->next < p->w->njobs) {
		struct job *j = &p->w->jobs[p->next];

		if (j->size > HOLD_MAX) {
			j->stream = 1;
			j->done = 1;
			p->next++;
			pthread_cond_broadcast(&p->cond);
			continue;
		}
		if (p->inflight > 0 && p->inflight + j->size > INFLIGHT_MAX) {
			pthread_cond_wait(&p->cond, &p->lock);
			continue;
		}
		p->next++;
		p->inflight += j->size;
		pthread_mutex_unlock(&p->lock);
		decode(k, j);
		pthread_mutex_lock(&p->lock);
		j->done = 1;
		pthread_cond_broadcast(&p->cond);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

static void write_job(struct walk *w, struct job *j)
{
	struct jcsi_file *f;
	jcs_rc rc;

	if (j->stream) {
		file_data(w, j->path, j->inode, &j->e);
		return;
	}
	rc = jcsi_file_open(w->x, &j->e, &f);
	if (rc != JCS_OK) {
		if (rc == JCS_E_LIMIT || rc == JCS_E_NOMEM)
			w->stop = rc;
		return;
	}
	rc = jcsi_file_write(f, j->buf, (size_t)j->got);
	if (rc != JCS_OK)
		w->stop = rc;
	if (j->err)
		jcsi_fail(w->x, 0, "%s: data unreadable at %llu of %llu bytes "
			  "(libsquashfs error %d)", j->path,
			  (unsigned long long)j->got,
			  (unsigned long long)j->size, j->err);
	jcsi_file_close(f, j->err || rc != JCS_OK);
}

static int make_worker(struct worker *k, const sqfs_super_t *super,
		       sqfs_file_t *file)
{
	sqfs_compressor_config_t cfg;

	if (super->compression_id == SQFS_COMP_LZO)
		k->cmp = lzo_decompressor_new(super->block_size);
	else if (sqfs_compressor_config_init(&cfg, super->compression_id,
					     super->block_size,
					     SQFS_COMP_FLAG_UNCOMPRESS) ||
		 sqfs_compressor_create(&cfg, &k->cmp))
		k->cmp = NULL;
	if (!k->cmp)
		return -1;
	if (super->flags & SQFS_FLAG_COMPRESSOR_OPTIONS)
		k->cmp->read_options(k->cmp, file);
	k->data = sqfs_data_reader_create(file, super->block_size, k->cmp, 0);
	if (!k->data || sqfs_data_reader_load_fragment_table(k->data, super))
		return -1;
	return 0;
}

static void read_files(struct walk *w, const sqfs_super_t *super,
		       sqfs_file_t *file)
{
	struct worker k[MAX_WORKERS];
	struct pool p;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	int nk = cores > MAX_WORKERS ? MAX_WORKERS : (int)cores, started = 0;

	memset(k, 0, sizeof(k));
	memset(&p, 0, sizeof(p));
	p.w = w;
	if (w->njobs < 16 || nk < 2)
		nk = 0; /* not worth threads */
	pthread_mutex_init(&p.lock, NULL);
	pthread_cond_init(&p.cond, NULL);
	for (int i = 0; i < nk; i++) {
		k[i].p = &p;
		if (make_worker(&k[i], super, file) == 0 &&
		    pthread_create(&k[i].tid, NULL, worker_main, &k[i]) == 0) {
			k[i].started = 1;
			started++;
		}
	}
	for (size_t i = 0; i < w->njobs; i++) {
		struct job *j = &w->jobs[i];

		if (!w->stop && started) {
			pthread_mutex_lock(&p.lock);
			while (!j->done)
				pthread_cond_wait(&p.cond, &p.lock);
			pthread_mutex_unlock(&p.lock);
		} else if (!w->stop) {
			j->stream = 1; /* no workers: stream every file */
		}
		if (!w->stop)
			write_job(w, j);
		if (j->buf) {
			jcsi_free(j->buf);
			j->buf = NULL;
			pthread_mutex_lock(&p.lock);
			p.inflight -= j->size;
			pthread_cond_broadcast(&p.cond);
			pthread_mutex_unlock(&p.lock);
		}
		if (w->stop && started) {
			pthread_mutex_lock(&p.lock);
			p.stop = 1;
			pthread_cond_broadcast(&p.cond);
			pthread_mutex_unlock(&p.lock);
		}
	}
	pthread_mutex_lock(&p.lock);
	p.stop = 1;
	pthread_cond_broadcast(&p.cond);
	pthread_mutex_unlock(&p.lock);
	for (int i = 0; i < nk; i++) {
		if (k[i].started)
			pthread_join(k[i].tid, NULL);
		sqfs_destroy(k[i].data);
		sqfs_destroy(k[i].cmp);
	}
	/* a stop leaves claimed work behind: free whatever is left */
	for (size_t i = 0; i < w->njobs; i++)
		jcsi_free(w->jobs[i].buf);
	pthread_cond_destroy(&p.cond);
	pthread_mutex_destroy(&p.lock);
}

static jcs_rc squashfs_extract(struct jcsi_extract *x, const uint8_t *d,
			       size_t len, uint64_t *consumed)
{
	struct memfile mf;
	sqfs_super_t super;
	sqfs_compressor_config_t cfg;
	sqfs_compressor_t *cmp = NULL;
	sqfs_inode_generic_t *root = NULL;
	struct walk w;
	jcs_rc rc = JCS_E_FORMAT;
	int r;

	memset(&mf, 0, sizeof(mf));
	memset(&w, 0, sizeof(w));
	mf.base.base.destroy = mem_destroy;
	mf.base.read_at = mem_read_at;
	mf.base.write_at = mem_write_at;
	mf.base.get_size = mem_get_size;
	mf.base.truncate = mem_truncate;
	mf.data = d;
	mf.len = len;
	mf.x = x;
	w.x = x;
	if (sqfs_super_read(&super, &mf.base))
		return JCS_E_FORMAT;
	if (super.bytes_used > len) {
		jcsi_fail(x, len, "image truncated: superblock says %llu "
			  "bytes, %zu present",
			  (unsigned long long)super.bytes_used, len);
	} else {
		mf.len = (size_t)super.bytes_used;
	}
	*consumed = mf.len;
	/*
	 * libsquashfs sizes its id and fragment tables from these counts
	 * and allocates them whole. The tables are stored compressed, but
	 * not 8:1 (16-byte fragment entries hold block addresses and
	 * sizes): a count the image cannot hold is a forgery that would
	 * have it allocate tens of gigabytes.
	 */
	if ((uint64_t)super.fragment_entry_count * 16 > (uint64_t)mf.len * 8 ||
	    (uint64_t)super.id_count * 4 > (uint64_t)mf.len * 8) {
		jcsi_fail(x, 4, "superblock counts (%u fragments, %u ids) "
			  "cannot fit in %zu bytes",
			  super.fragment_entry_count,
			  (unsigned)super.id_count, mf.len);
		return JCS_E_CORRUPT;
	}
	jcsi_info_str(x, "compression",
		      sqfs_compressor_name_from_id(super.compression_id)
			      ? sqfs_compressor_name_from_id(
					super.compression_id)
			      : "unknown");
	jcsi_info_int(x, "block_size", super.block_size);
	jcsi_info_int(x, "inodes", super.inode_count);
	jcsi_info_int(x, "mkfs_time", super.modification_time);
	if (super.compression_id == SQFS_COMP_LZO) {
		cmp = lzo_decompressor_new(super.block_size);
		if (!cmp)
			return JCS_E_NOMEM;
	} else if (sqfs_compressor_config_init(&cfg, super.compression_id,
					       super.block_size,
					       SQFS_COMP_FLAG_UNCOMPRESS) ||
		   sqfs_compressor_create(&cfg, &cmp)) {
		jcsi_fail(x, 20, "compressor %u not available in libsquashfs",
			  super.compression_id);
		return JCS_E_UNSUPPORTED;
	}
	if (super.flags & SQFS_FLAG_COMPRESSOR_OPTIONS)
		cmp->read_options(cmp, &mf.base);
	w.block = super.block_size;
	w.buf = jcsi_malloc(super.block_size);
	w.ids = sqfs_id_table_create(0);
	w.dr = sqfs_dir_reader_create(&super, cmp, &mf.base, 0);
	w.data = sqfs_data_reader_create(&mf.base, super.block_size, cmp, 0);
	if (!w.buf || !w.ids || !w.dr || !w.data) {
		rc = JCS_E_NOMEM;
		goto out;
	}
	if (sqfs_id_table_read(w.ids, &mf.base, &super, cmp))
		jcsi_fail(x, super.id_table_start, "id table unreadable");
	r = sqfs_data_reader_load_fragment_table(w.data, &super);
	if (r)
		jcsi_fail(x, super.fragment_table_start,
			  "fragment table unreadable (error %d)", r);
	r = sqfs_dir_reader_get_root_inode(w.dr, &root);
	if (r) {
		jcsi_fail(x, super.root_inode_ref >> 16,
			  "root inode unreadable (libsquashfs error %d)", r);
		goto out;
	}
	walk_dir(&w, root, "", 0);
	if (!w.stop)
		read_files(&w, &super, &mf.base);
	rc = w.stop ? w.stop : JCS_OK;
out:
	for (size_t i = 0; i < w.njobs; i++) {
		sqfs_free(w.jobs[i].inode);
		jcsi_free(w.jobs[i].path);
	}
	jcsi_free(w.jobs);
	sqfs_free(root);
	sqfs_destroy(w.data);
	sqfs_destroy(w.dr);
	sqfs_destroy(w.ids);
	sqfs_destroy(cmp);
	jcsi_free(w.buf);
	return rc;
}

static const struct jcsi_magic squashfs_magics[] = {{"hsqs", 4, 0},
						    {NULL, 0, 0}};

const struct jcsi_unpacker jcsi_unpacker_squashfs = {
	"squashfs", squashfs_magics, squashfs_bid, squashfs_extract, 0};

/*
 * engine.c - recursive extraction: find containers, extract them through
 * the unpackers, and send every extracted file back through the same.
 *
 * A top-level image (and any extracted file that is plain "data") is
 * carved: every magic of every unpacker is searched at every offset, the
 * candidates are bid on in offset order, and a container that extracts
 * claims its bytes so nothing inside it is found twice. What nobody
 * claimed is reported as an unknown region with its entropy. Other
 * extracted files are identified at offset 0 only: scanning every ELF for
 * stray magics is how other tools get slow and noisy.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../../core/mem.h"
#include "../../core/util.h"
#include "engine.h"

/* A failed candidate is reported only if its header was checked this
   thoroughly (or it sat at offset 0): weaker bids are chance matches. */
#define REPORT_BITS 48
/* Regions smaller than this between containers are alignment slack. */
#define REGION_MIN 64
/* Candidates per carved buffer; a hostile image of repeated magics must
   not make us allocate without bound. */
#define MAX_CANDIDATES (1u << 20)

void jcs_unpack_limits_default(struct jcs_unpack_limits *l)
{
	l->max_total_bytes = 8ull << 30;
	l->max_file_bytes = 2ull << 30;
	l->max_ratio = 100;
	l->ratio_grace = 64ull << 20;
	l->max_depth = 12;
	l->max_files = 1000000;
	l->max_path = 4096;
}

void jcs_unpack_opts_default(struct jcs_unpack_opts *o)
{
	memset(o, 0, sizeof(*o));
	jcs_unpack_limits_default(&o->limits);
}

void jcsi_engine_progress(struct jcsi_engine *e, const char *current)
{
	struct jcs_unpack_progress p;

	e->last_progress_bytes = e->stats.bytes_out;
	if (!e->opts.progress)
		return;
	p.input_done = e->top_done;
	p.input_total = e->top_total;
	p.files = e->stats.files;
	p.bytes_out = e->stats.bytes_out;
	p.current = current;
	e->opts.progress(&p, e->opts.progress_user);
}

struct candidate {
	uint64_t off;
	uint32_t unpacker;
};

struct blob {
	const uint8_t *data;
	size_t len;
	const char *path;   /* on disk, for libraries that open paths */
	const char *label;  /* manifest name of this blob (parent field) */
	const char *origin; /* origin chain up to this blob */
	const char *stem;   /* base name for single-stream outputs */
	unsigned depth;
	int mapped;         /* DATA is a read-only file mapping (see drop) */
	uint64_t from_id;   /* container this blob came out of; 0: input */
};

/* Pages of a read-only file mapping we are done with leave our resident
   set (they stay in the page cache and fault back in if touched again),
   so peak memory follows the largest file, not the image size. Never on
   heap buffers: MADV_DONTNEED would zero them. */
static void drop(const struct blob *b, uint64_t from, uint64_t to)
{
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);

	if (!b->mapped || to <= from)
		return;
	from = (from + page - 1) / page * page; /* only whole pages */
	to = to / page * page;
	if (to > from)
		madvise((void *)(b->data + from), (size_t)(to - from),
			MADV_DONTNEED);
}

void jcsi_release(struct jcsi_extract *x, uint64_t from, uint64_t to)
{
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
	uintptr_t a, z;

	if (!x->mapped || to <= from || to > x->in_len)
		return;
	a = (uintptr_t)(x->base + from);
	z = (uintptr_t)(x->base + to);
	a = (a + page - 1) / page * page;
	z = z / page * page;
	if (z > a)
		madvise((void *)a, (size_t)(z - a), MADV_DONTNEED);
}

/* Magic search goes window by window so the resident set stays small. */
#define SEARCH_WINDOW (8u << 20)

static int cmp_candidate(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;

	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return (int)x->unpacker - (int)y->unpacker;
}

static int allowed(const struct jcsi_engine *e, const struct jcsi_unpacker *u)
{
	return !e->restrict_format || strcmp(e->restrict_format, u->name) == 0;
}

/* Extract one container; returns its length (0 if unknown) or -1. */
static int64_t extract_one(struct jcsi_engine *e, const struct blob *b,
			   const struct jcsi_unpacker *u, uint64_t off,
			   int bits, int *limited)
{
	struct jcsi_extract x;
	uint64_t consumed = 0;
	jcs_rc rc;
	json_t *c;
	int64_t ret = -1;

	*limited = 0;
	memset(&x, 0, sizeof(x));
	x.eng = e;
	x.up = u;
	x.id = ++e->next_id;
	x.root_fd = -1;
	x.parent_cache_fd = -1;
	x.source_path = b->path;
	x.source_offset = off;
	x.stem = b->stem;
	x.depth = b->depth + 1;
	x.in_len = b->len - off;
	x.base = b->data + off;
	x.mapped = b->mapped;
	x.dir = jcsi_asprintf("%04llu-%s", (unsigned long long)x.id, u->name);
	x.origin = jcsi_asprintf("%s@0x%llx %s", b->origin,
				 (unsigned long long)off, u->name);
	x.info = json_object();
	if (!x.dir || !x.origin || !x.info)
		goto out;
	jcsi_engine_progress(e, u->name);
	rc = u->extract(&x, b->data + off, b->len - off, &consumed);
	if (consumed > b->len - off)
		consumed = b->len - off;
	if (x.fails > JCSI_FAILS_PER_CONTAINER) {
		char msg[160];

		snprintf(msg, sizeof(msg), "%llu more damage reports in this "
			 "container not listed",
			 (unsigned long long)(x.fails -
					      JCSI_FAILS_PER_CONTAINER));
		jcsi_record_failure(e, b->label, u->name, off, NULL, msg);
	}
	if (x.entries == 0 && rc != JCS_OK) {
		if (bits >= REPORT_BITS || off == 0) {
			char msg[200];

			snprintf(msg, sizeof(msg), "nothing extracted: %s",
				 jcs_strerror(rc));
			jcsi_record_failure(e, b->label, u->name, off, NULL,
					    msg);
		}
		if (x.root_fd >= 0)
			unlinkat(e->out_fd, x.dir, AT_REMOVEDIR);
		e->next_id--;
		goto out;
	}
	e->stats.containers++;
	c = json_pack("{s:I, s:s, s:s, s:I, s:I, s:i, s:s, s:I, s:I, s:s}",
		      "id", (json_int_t)x.id, "format", u->name, "parent",
		      b->label, "offset", (json_int_t)off, "length",
		      (json_int_t)consumed, "depth", (int)x.depth, "origin",
		      x.origin, "entries", (json_int_t)x.entries, "bytes",
		      (json_int_t)x.bytes_out, "status",
		      rc == JCS_OK && !x.limit_hit ? "ok" : "partial");
	if (e->opts.event) {
		struct jcs_unpack_event ev;

		memset(&ev, 0, sizeof(ev));
		ev.kind = JCS_EV_CONTAINER;
		ev.format = u->name;
		ev.parent = b->label;
		ev.origin = x.origin;
		ev.offset = off;
		ev.length = consumed;
		ev.entries = x.entries;
		ev.depth = x.depth;
		ev.id = x.id;
		ev.parent_id = b->from_id;
		ev.partial = !(rc == JCS_OK && !x.limit_hit);
		e->opts.event(&ev, e->opts.event_user);
	}
	if (c) {
		if (x.root_fd >= 0)
			json_object_set_new(c, "dir", json_string(x.dir));
		json_object_set(c, "info", x.info);
		json_array_append_new(e->containers, c);
	}
	ret = (int64_t)consumed;
	*limited = x.limit_hit;
out:
	if (x.parent_cache_fd >= 0)
		close(x.parent_cache_fd);
	if (x.root_fd >= 0)
		close(x.root_fd);
	jcsi_free(x.parent_cache);
	json_decref(x.info);
	jcsi_free(x.dir);
	jcsi_free(x.origin);
	return ret;
}

static void add_one_region(struct jcsi_engine *e, const struct blob *b,
			   uint64_t start, uint64_t end, const char *padding);

/* Runs of padding at least this long are regions of their own, so an
   encrypted blob followed by erased flash is reported as both. */
#define PADDING_RUN 4096

static uint64_t run_end(const uint8_t *d, uint64_t at, uint64_t end)
{
	uint64_t i = at;

	while (i < end && d[i] == d[at])
		i++;
	return i;
}

static void add_region(struct jcsi_engine *e, const struct blob *b,
		       uint64_t start, uint64_t end)
{
	uint64_t i = start, piece = start;

	if (end <= start || end - start < REGION_MIN)
		return;
	while (i < end) {
		uint64_t r;

		if (b->data[i] != 0x00 && b->data[i] != 0xff) {
			i++;
			continue;
		}
		r = run_end(b->data, i, end);
		if (r - i >= PADDING_RUN) {
			if (i > piece)
				add_one_region(e, b, piece, i, NULL);
			add_one_region(e, b, i, r,
				       b->data[i] ? "padding-0xff"
						  : "padding-0x00");
			piece = r;
		}
		i = r;
	}
	if (end > piece)
		add_one_region(e, b, piece, end, NULL);
	drop(b, start, end);
}

/* PADDING: the class when the caller already knows the piece is one
   repeated byte (entropy 0); NULL: measure. */
static void add_one_region(struct jcsi_engine *e, const struct blob *b,
			   uint64_t start, uint64_t end, const char *padding)
{
	const char *cls;
	double h;
	json_t *r;

	if (end <= start)
		return;
	h = padding ? 0.0 : jcsi_entropy(b->data + start, (size_t)(end - start));
	cls = padding ? padding
		      : jcsi_region_class(b->data + start,
					  (size_t)(end - start), h);
	e->stats.unknown_regions++;
	if (e->opts.event) {
		struct jcs_unpack_event ev;

		memset(&ev, 0, sizeof(ev));
		ev.kind = JCS_EV_REGION;
		ev.parent = b->label;
		ev.parent_id = b->from_id;
		ev.offset = start;
		ev.length = end - start;
		ev.entropy = h;
		ev.reason = cls;
		e->opts.event(&ev, e->opts.event_user);
	}
	if (json_array_size(e->regions) >= 100000)
		return;
	r = json_pack("{s:s, s:I, s:I, s:f, s:s}", "parent", b->label,
		      "offset", (json_int_t)start, "length",
		      (json_int_t)(end - start), "entropy",
		      (double)((int)(h * 1000)) / 1000.0, "class", cls);
	if (r)
		json_array_append_new(e->regions, r);
}

static int add_candidate(struct candidate **c, size_t *n, size_t *cap,
			 uint64_t off, uint32_t unpacker)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 256;
		struct candidate *t;

		if (nc > MAX_CANDIDATES)
			return -1;
		t = jcsi_realloc(*c, nc * sizeof(*t));
		if (!t)
			return -1;
		*c = t;
		*cap = nc;
	}
	(*c)[*n].off = off;
	(*c)[*n].unpacker = unpacker;
	(*n)++;
	return 0;
}

/*
 * All magics of all unpackers are found in one pass: a table indexed by
 * the first two bytes of every magic says which positions can start one,
 * and only those are compared in full. Thirty memmem() passes over a
 * flash image cost ten times more.
 */
struct magic_ref {
	uint32_t unpacker;
	const struct jcsi_magic *m;
};

static struct {
	int ready;
	uint8_t first2[65536];        /* nonzero: some magic starts so */
	uint16_t start[65537];        /* refs of key k: [start[k], start[k+1]) */
	struct magic_ref refs[256];
} magic_index;

static void build_magic_index(void)
{
	size_t n = 0;

	for (uint32_t key = 0; key < 65536; key++) {
		magic_index.start[key] = (uint16_t)n;
		for (uint32_t i = 0; jcsi_unpackers[i]; i++) {
			const struct jcsi_unpacker *u = jcsi_unpackers[i];

			if (u->offset0_only)
				continue;
			for (const struct jcsi_magic *m = u->magics; m->bytes;
			     m++) {
				if (m->len < 2 ||
				    (((uint32_t)(uint8_t)m->bytes[0] << 8) |
				     (uint8_t)m->bytes[1]) != key ||
				    n == sizeof(magic_index.refs) /
						 sizeof(magic_index.refs[0]))
					continue;
				magic_index.refs[n].unpacker = i;
				magic_index.refs[n].m = m;
				magic_index.first2[key] = 1;
				n++;
			}
		}
	}
	magic_index.start[65536] = (uint16_t)n;
	magic_index.ready = 1;
}

static void find_candidates(struct jcsi_engine *e, const struct blob *b,
			    struct candidate **out, size_t *n_out)
{
	struct candidate *c = NULL;
	size_t n = 0, cap = 0;
	int overflow = 0;

	if (!magic_index.ready)
		build_magic_index();
	/* formats whose magic is too weak to carve: offset 0 only */
	for (uint32_t i = 0; jcsi_unpackers[i] && !overflow; i++) {
		const struct jcsi_unpacker *u = jcsi_unpackers[i];

		if (!u->offset0_only || !allowed(e, u))
			continue;
		for (const struct jcsi_magic *m = u->magics; m->bytes; m++) {
			if (jcsi_in_bounds(b->len, m->offset, m->len) &&
			    memcmp(b->data + m->offset, m->bytes, m->len) == 0 &&
			    add_candidate(&c, &n, &cap, 0, i))
				overflow = 1;
		}
	}
	for (uint64_t w = 0; w + 1 < b->len && !overflow; w += SEARCH_WINDOW) {
		uint64_t wend = w + SEARCH_WINDOW < b->len - 1
					? w + SEARCH_WINDOW
					: b->len - 1;

		for (uint64_t p = w; p < wend && !overflow; p++) {
			uint32_t key = ((uint32_t)b->data[p] << 8) |
				       b->data[p + 1];

			if (!magic_index.first2[key]) {
				/* erased flash and zero fill: eight at a time
				   (no magic starts with 00 00 or ff ff) */
				if (key == 0 || key == 0xffff) {
					uint64_t pat = key ? ~0ull : 0, v;
					uint64_t q = p;

					while (q + 8 <= wend &&
					       (memcpy(&v, b->data + q, 8),
						v == pat))
						q += 8;
					if (q > p + 1)
						p = q - 2; /* loop's p++ */
				}
				continue;
			}
			for (uint32_t r = magic_index.start[key];
			     r < magic_index.start[key + 1]; r++) {
				const struct magic_ref *ref =
					&magic_index.refs[r];
				const struct jcsi_magic *m = ref->m;

				if (p < m->offset ||
				    !jcsi_in_bounds(b->len, p, m->len) ||
				    memcmp(b->data + p, m->bytes, m->len) != 0 ||
				    !allowed(e, jcsi_unpackers[ref->unpacker]))
					continue;
				if (add_candidate(&c, &n, &cap, p - m->offset,
						  ref->unpacker))
					overflow = 1;
			}
		}
		drop(b, w, wend);
	}
	if (overflow)
		jcsi_record_failure(e, b->label, "carve", 0, NULL,
				    "too many candidate offsets; only the "
				    "first ones were tried");
	if (n)
		qsort(c, n, sizeof(*c), cmp_candidate);
	*out = c;
	*n_out = n;
}

/* Carve B: containers at any offset. Returns how many were found. */
static size_t carve(struct jcsi_engine *e, const struct blob *b,
		    int report_regions)
{
	struct candidate *c = NULL;
	size_t n = 0, found = 0, i = 0;
	uint64_t covered = 0, gap_start = 0;

	find_candidates(e, b, &c, &n);
	while (i < n) {
		uint64_t off = c[i].off;
		const struct jcsi_unpacker *best = NULL;
		int best_bits = -1, limited;
		int64_t len;

		/* all unpackers whose magic matched here bid; best wins */
		for (; i < n && c[i].off == off; i++) {
			const struct jcsi_unpacker *u =
				jcsi_unpackers[c[i].unpacker];
			int bits;

			if (off < covered || u == best)
				continue;
			if (u->offset0_only && off != 0)
				continue;
			bits = u->bid(b->data + off, b->len - off);
			if (bits > best_bits) {
				best_bits = bits;
				best = u;
			}
		}
		if (!best || best_bits < 0)
			continue;
		if (b->depth == 0) {
			e->top_done = off;
			jcsi_engine_progress(e, best->name);
		}
		len = extract_one(e, b, best, off, best_bits, &limited);
		if (len < 0)
			continue;
		found++;
		if (report_regions && gap_start != UINT64_MAX)
			add_region(e, b, gap_start, off);
		covered = off + (len > 0 ? (uint64_t)len : 1);
		drop(b, off, covered);
		/* a container cut short by a limit has no known end: what
		   follows it is not "unknown", it is unread */
		gap_start = limited ? UINT64_MAX : covered;
	}
	if ((report_regions || found) && gap_start != UINT64_MAX)
		add_region(e, b, gap_start, b->len);
	jcsi_free(c);
	return found;
}

/* B is either carved (U NULL) or opened as U at offset 0 (the format its
   first bytes were identified as). */
static void process(struct jcsi_engine *e, const struct blob *b,
		    const struct jcsi_unpacker *u)
{
	if (b->depth >= e->opts.limits.max_depth) {
		jcsi_record_failure(e, b->label, "recursion", 0, NULL,
				    "nesting depth limit reached: not opened");
		e->stats.limit_hit = 1;
		return;
	}
	if (u) {
		int limited, bits = u->bid(b->data, b->len);

		if (bits >= 0 && allowed(e, u))
			extract_one(e, b, u, 0, bits, &limited);
		return;
	}
	carve(e, b, 0);
}

void jcsi_engine_file_done(struct jcsi_extract *x, struct jcsi_file *f,
			   json_t *entry, const uint8_t *data, size_t len)
{
	struct jcsi_engine *e = x->eng;
	const char *type;
	const char *origin, *label;
	char *path = NULL, *stem;
	const struct jcsi_unpacker *u;
	struct blob b;
	int is_data;

	jcsi_filetype(data, len < JCSI_HEAD_MAX ? len : JCSI_HEAD_MAX, f->size,
		      entry);
	jcsi_manifest_entry(e, entry);
	type = json_string_value(json_object_get(entry, "type"));
	if (!type || len == 0 || len < f->size)
		return;
	/* jcsi_filetype() named the format if the head identified as one */
	is_data = strcmp(type, "data") == 0;
	u = is_data ? NULL : jcsi_unpacker_find(type);
	if (!is_data && !u)
		return;
	origin = json_string_value(json_object_get(entry, "origin"));
	label = json_string_value(json_object_get(entry, "path"));
	if (!origin || !label)
		return;
	origin = jcsi_strdup(origin);
	label = jcsi_strdup(label);
	stem = strrchr(f->path, '/');
	stem = jcsi_strdup(stem ? stem + 1 : f->path);
	if (stem) {
		char *dot = strrchr(stem, '.');

		if (dot && dot != stem)
			*dot = '\0';
	}
	if (e->manifest && label) {
		path = jcsi_asprintf("/proc/self/fd/%d/%s", e->out_fd, label);
	}
	if (origin && label && stem) {
		b.data = data;
		b.len = len;
		b.path = path;
		b.label = label;
		b.origin = origin;
		b.stem = stem;
		b.depth = x->depth;
		b.mapped = f->fd >= 0 && data != f->head; /* sink mmap */
		b.from_id = x->id;
		/* a data file at its own depth may be a raw partition:
		   carve it and report what stays unclaimed */
		process(e, &b, u);
	}
	jcsi_free((char *)origin);
	jcsi_free((char *)label);
	jcsi_free(path);
	jcsi_free(stem);
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s && s[1] ? s + 1 : p;
}

static jcs_rc prepare_outdir(const char *outdir, int *fd, char *err,
			     size_t errlen)
{
	struct stat st;
	int dfd;

	if (mkdir(outdir, 0755) < 0 && errno != EEXIST) {
		snprintf(err, errlen, "cannot create %s: %s", outdir,
			 strerror(errno));
		return JCS_E_IO;
	}
	dfd = open(outdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 || fstat(dfd, &st) < 0) {
		snprintf(err, errlen, "cannot open %s: %s", outdir,
			 strerror(errno));
		if (dfd >= 0)
			close(dfd);
		return JCS_E_IO;
	}
	{
		/* refuse to mix our tree with anything already there */
		int probe = dup(dfd);
		DIR *d = probe >= 0 ? fdopendir(probe) : NULL;
		struct dirent *de;
		int empty = 1;

		while (d && (de = readdir(d)))
			if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
				empty = 0;
		if (d)
			closedir(d);
		if (!empty) {
			snprintf(err, errlen,
				 "%s is not empty; choose a new directory",
				 outdir);
			close(dfd);
			return JCS_E_ARG;
		}
	}
	*fd = dfd;
	return JCS_OK;
}

/* sha256 of the input, window by window so it does not stay resident;
   run on a thread of its own beside the extraction */
struct hasher {
	const struct blob *b;
	char hex[65];
	pthread_t tid;
	int started;
};

static void hash_blob(const struct blob *b, char out[65]);

static void *hash_main(void *arg)
{
	struct hasher *h = arg;

	hash_blob(h->b, h->hex);
	return NULL;
}

static void hash_blob(const struct blob *b, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	EVP_MD_CTX *c = EVP_MD_CTX_new();

	if (!c || !EVP_DigestInit_ex(c, EVP_sha256(), NULL)) {
		EVP_MD_CTX_free(c);
		jcsi_sha256_hex(b->data, b->len, out);
		return;
	}
	for (uint64_t w = 0; w < b->len; w += SEARCH_WINDOW) {
		uint64_t n = b->len - w < SEARCH_WINDOW ? b->len - w
							: SEARCH_WINDOW;

		EVP_DigestUpdate(c, b->data + w, (size_t)n);
		drop(b, w, w + n);
	}
	EVP_DigestFinal_ex(c, md, &mdlen);
	EVP_MD_CTX_free(c);
	jcsi_digest_hex(md, out);
}

static void engine_init(struct jcsi_engine *e, const struct jcs_unpack_opts *o)
{
	memset(e, 0, sizeof(*e));
	if (o)
		e->opts = *o;
	else
		jcs_unpack_opts_default(&e->opts);
	e->out_fd = -1;
}

static void engine_fini(struct jcsi_engine *e)
{
	json_decref(e->containers);
	json_decref(e->failures);
	json_decref(e->regions);
	if (e->manifest)
		fclose(e->manifest);
	if (e->out_fd >= 0)
		close(e->out_fd);
}

jcs_rc jcs_unpack(const char *image, const char *outdir,
		  const struct jcs_unpack_opts *opts,
		  struct jcs_unpack_stats *stats, char *err, size_t errlen)
{
	struct jcsi_engine e;
	struct blob b;
	struct stat st;
	void *map = MAP_FAILED;
	struct hasher hasher;
	char now[32];
	int fd = -1;
	jcs_rc rc;

	if (!image || !outdir)
		return JCS_E_ARG;
	memset(&hasher, 0, sizeof(hasher));
	engine_init(&e, opts);
	if (err && errlen)
		err[0] = '\0';
	fd = open(image, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "cannot read %s: %s", image,
			 fd < 0 ? strerror(errno) : "not a regular file");
		rc = JCS_E_IO;
		goto out;
	}
	if (st.st_size > 0) {
		map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE,
			   fd, 0);
		if (map == MAP_FAILED) {
			snprintf(err, errlen, "cannot map %s: %s", image,
				 strerror(errno));
			rc = JCS_E_IO;
			goto out;
		}
		madvise(map, (size_t)st.st_size, MADV_SEQUENTIAL);
	}
	if (!e.opts.dry_run) {
		rc = prepare_outdir(outdir, &e.out_fd, err, errlen);
		if (rc != JCS_OK)
			goto out;
	}
	b.data = map == MAP_FAILED ? (const uint8_t *)"" : map;
	b.len = (size_t)st.st_size;
	b.mapped = map != MAP_FAILED;
	hasher.b = &b;
	hasher.started = pthread_create(&hasher.tid, NULL, hash_main,
					&hasher) == 0;
	if (!hasher.started)
		hash_blob(&b, hasher.hex);
	rc = jcsi_manifest_open(&e);
	if (rc != JCS_OK) {
		snprintf(err, errlen, "cannot write the manifest in %s",
			 outdir);
		goto out;
	}
	e.top_total = (uint64_t)st.st_size;
	b.path = image;
	b.from_id = 0;
	b.label = base_name(image);
	b.origin = b.label;
	b.stem = b.label;
	b.depth = 0;
	carve(&e, &b, 1);
	e.top_done = e.top_total;
	jcsi_engine_progress(&e, NULL);
	if (hasher.started) {
		pthread_join(hasher.tid, NULL);
		hasher.started = 0;
	}
	jcsi_time_iso8601(time(NULL), now);
	rc = jcsi_manifest_close(&e, image, (uint64_t)st.st_size, hasher.hex,
				 now);
	if (rc != JCS_OK)
		snprintf(err, errlen, "writing %s/manifest.json failed",
			 outdir);
out:
	if (hasher.started)
		pthread_join(hasher.tid, NULL);
	if (stats)
		*stats = e.stats;
	if (map != MAP_FAILED)
		munmap(map, (size_t)st.st_size);
	if (fd >= 0)
		close(fd);
	engine_fini(&e);
	return rc;
}

jcs_rc jcs_unpack_buffer(const void *data, size_t len, const char *format,
			 struct jcs_unpack_stats *stats)
{
	struct jcsi_engine e;
	struct blob b;
	jcs_rc rc;

	engine_init(&e, NULL);
	e.opts.dry_run = 1;
	/* small ceilings: this entry point serves fuzzers and tests */
	e.opts.limits.max_total_bytes = 256u << 20;
	e.opts.limits.max_file_bytes = 64u << 20;
	e.opts.limits.ratio_grace = 1u << 20;
	e.opts.limits.max_files = 100000;
	e.opts.limits.max_depth = 6;
	if (format && !jcsi_unpacker_find(format))
		return JCS_E_ARG;
	e.restrict_format = format;
	rc = jcsi_manifest_open(&e);
	if (rc == JCS_OK) {
		b.data = len ? data : (const uint8_t *)"";
		b.len = len;
		b.path = NULL;
		b.label = "buffer";
		b.origin = "buffer";
		b.stem = "buffer";
		b.depth = 0;
		b.mapped = 0;
		b.from_id = 0;
		if (format) {
			const struct jcsi_unpacker *u =
				jcsi_unpacker_find(format);
			int bits = u->bid(b.data, b.len), limited;

			if (bits >= 0)
				extract_one(&e, &b, u, 0, bits, &limited);
		} else {
			carve(&e, &b, 1);
		}
	}
	if (stats)
		*stats = e.stats;
	engine_fini(&e);
	return rc;
}

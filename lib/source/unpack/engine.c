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
};

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

static void add_region(struct jcsi_engine *e, const struct blob *b,
		       uint64_t start, uint64_t end)
{
	double h;
	json_t *r;

	if (end <= start || end - start < REGION_MIN)
		return;
	h = jcsi_entropy(b->data + start, (size_t)(end - start));
	e->stats.unknown_regions++;
	if (e->opts.event) {
		struct jcs_unpack_event ev;

		memset(&ev, 0, sizeof(ev));
		ev.kind = JCS_EV_REGION;
		ev.parent = b->label;
		ev.offset = start;
		ev.length = end - start;
		ev.entropy = h;
		ev.reason = jcsi_region_class(b->data + start,
					      (size_t)(end - start), h);
		e->opts.event(&ev, e->opts.event_user);
	}
	if (json_array_size(e->regions) >= 100000)
		return;
	r = json_pack("{s:s, s:I, s:I, s:f, s:s}", "parent", b->label,
		      "offset", (json_int_t)start, "length",
		      (json_int_t)(end - start), "entropy",
		      (double)((int)(h * 1000)) / 1000.0, "class",
		      jcsi_region_class(b->data + start, (size_t)(end - start),
					h));
	if (r)
		json_array_append_new(e->regions, r);
}

static void find_candidates(struct jcsi_engine *e, const struct blob *b,
			    struct candidate **out, size_t *n_out)
{
	struct candidate *c = NULL;
	size_t n = 0, cap = 0;
	int overflow = 0;

	for (uint32_t i = 0; jcsi_unpackers[i] && !overflow; i++) {
		const struct jcsi_unpacker *u = jcsi_unpackers[i];

		if (!allowed(e, u))
			continue;
		for (const struct jcsi_magic *m = u->magics; m->bytes; m++) {
			const uint8_t *p = b->data + m->offset;
			const uint8_t *end = b->data + b->len;

			if (!jcsi_in_bounds(b->len, m->offset, m->len))
				continue;
			while (p && p + m->len <= end) {
				p = memmem(p, (size_t)(end - p), m->bytes,
					   m->len);
				if (!p)
					break;
				if (n == cap) {
					size_t nc = cap ? cap * 2 : 256;
					struct candidate *t;

					if (nc > MAX_CANDIDATES) {
						overflow = 1;
						break;
					}
					t = jcsi_realloc(c, nc * sizeof(*t));
					if (!t) {
						overflow = 1;
						break;
					}
					c = t;
					cap = nc;
				}
				c[n].off = (uint64_t)(p - b->data) - m->offset;
				c[n].unpacker = i;
				n++;
				if (u->offset0_only)
					break;
				p++;
			}
			if (u->offset0_only && n && c[n - 1].off != 0)
				n--; /* weak magic: only at the start */
		}
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
		/* a container cut short by a limit has no known end: what
		   follows it is not "unknown", it is unread */
		gap_start = limited ? UINT64_MAX : covered;
	}
	if ((report_regions || found) && gap_start != UINT64_MAX)
		add_region(e, b, gap_start, b->len);
	jcsi_free(c);
	return found;
}

static void process(struct jcsi_engine *e, const struct blob *b, int carve_it,
		    int report_regions)
{
	const struct jcsi_unpacker *u;
	int bits;

	if (b->depth >= e->opts.limits.max_depth) {
		jcsi_record_failure(e, b->label, "recursion", 0, NULL,
				    "nesting depth limit reached: not opened");
		e->stats.limit_hit = 1;
		return;
	}
	if (!carve_it) {
		int limited;

		u = jcsi_identify(b->data, b->len, &bits);
		if (u && allowed(e, u))
			extract_one(e, b, u, 0, bits, &limited);
		return;
	}
	carve(e, b, report_regions);
}

void jcsi_engine_file_done(struct jcsi_extract *x, struct jcsi_file *f,
			   json_t *entry, const uint8_t *data, size_t len)
{
	struct jcsi_engine *e = x->eng;
	const char *type;
	char *origin, *label, *path = NULL, *stem;
	struct blob b;
	int is_data;

	jcsi_filetype(data, len < JCSI_HEAD_MAX ? len : JCSI_HEAD_MAX, f->size,
		      entry);
	jcsi_manifest_entry(e, entry);
	type = json_string_value(json_object_get(entry, "type"));
	if (!type || len == 0 || len < f->size)
		return;
	is_data = strcmp(type, "data") == 0;
	if (!is_data && !jcsi_identify(data, len < JCSI_HEAD_MAX ? len
							      : JCSI_HEAD_MAX,
				       NULL))
		return;
	origin = jcsi_strdup(json_string_value(json_object_get(entry,
								"origin")));
	label = jcsi_strdup(json_string_value(json_object_get(entry, "path")));
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
		/* a data file at its own depth may be a raw partition:
		   carve it and report what stays unclaimed */
		process(e, &b, is_data, 0);
	}
	jcsi_free(origin);
	jcsi_free(label);
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
	char sha[65], now[32];
	int fd = -1;
	jcs_rc rc;

	if (!image || !outdir)
		return JCS_E_ARG;
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
	jcsi_sha256_hex(map == MAP_FAILED ? (const void *)"" : map,
			(size_t)st.st_size, sha);
	rc = jcsi_manifest_open(&e, image, (uint64_t)st.st_size, sha);
	if (rc != JCS_OK) {
		snprintf(err, errlen, "cannot write the manifest in %s",
			 outdir);
		goto out;
	}
	e.top_total = (uint64_t)st.st_size;
	b.data = map == MAP_FAILED ? (const uint8_t *)"" : map;
	b.len = (size_t)st.st_size;
	b.path = image;
	b.label = base_name(image);
	b.origin = b.label;
	b.stem = b.label;
	b.depth = 0;
	carve(&e, &b, 1);
	e.top_done = e.top_total;
	jcsi_engine_progress(&e, NULL);
	jcsi_time_iso8601(time(NULL), now);
	rc = jcsi_manifest_close(&e, now);
	if (rc != JCS_OK)
		snprintf(err, errlen, "writing %s/manifest.json failed",
			 outdir);
out:
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
	rc = jcsi_manifest_open(&e, "buffer", len, "");
	if (rc == JCS_OK) {
		b.data = len ? data : (const uint8_t *)"";
		b.len = len;
		b.path = NULL;
		b.label = "buffer";
		b.origin = "buffer";
		b.stem = "buffer";
		b.depth = 0;
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

/*
 * sink.c - where unpackers put what they find.
 *
 * Every entry passes here: its name is normalised (safe_path.c), limits are
 * enforced, regular files are hashed and written, links are rewritten so
 * they resolve inside the container, device nodes and FIFOs are recorded
 * but never created, setuid/setgid bits never reach the disk, and each
 * entry gets its line in the manifest. Files are created only through
 * directory file descriptors opened with O_NOFOLLOW, so no name, however
 * crafted, can make us write through a symlink or outside the output.
 */
#include "engine.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../core/mem.h"
#include "safe_path.h"
#include "../../core/util.h"

static const char *const kind_names[] = {
	[JCSI_FILE] = "file",	      [JCSI_DIR] = "dir",
	[JCSI_SYMLINK] = "symlink",   [JCSI_HARDLINK] = "hardlink",
	[JCSI_CHAR_DEV] = "char-device", [JCSI_BLOCK_DEV] = "block-device",
	[JCSI_FIFO] = "fifo",	      [JCSI_SOCKET] = "socket",
};

static int dry(const struct jcsi_extract *x)
{
	return x->eng->opts.dry_run;
}

static void refuse(struct jcsi_extract *x, const char *path, const char *why)
{
	x->eng->stats.refused++;
	jcsi_record_failure(x->eng, x->origin, x->up->name, x->source_offset,
			    path, why);
}

static jcs_rc limit(struct jcsi_extract *x, const char *what)
{
	if (!x->limit_hit) {
		char msg[160];

		snprintf(msg, sizeof(msg),
			 "limit reached (%s): rest of this container skipped",
			 what);
		jcsi_record_failure(x->eng, x->origin, x->up->name,
				    x->source_offset, NULL, msg);
	}
	x->limit_hit = 1;
	x->eng->stats.limit_hit = 1;
	return JCS_E_LIMIT;
}

static jcs_rc count_entry(struct jcsi_extract *x)
{
	if (x->eng->stats.entries >= x->eng->opts.limits.max_files)
		return limit(x, "number of files");
	x->eng->stats.entries++;
	x->entries++;
	return JCS_OK;
}

/* The container's directory, made on first use so that a candidate that
   yields nothing leaves nothing behind. */
static int root_fd(struct jcsi_extract *x)
{
	if (x->root_fd >= 0)
		return x->root_fd;
	if (mkdirat(x->eng->out_fd, x->dir, 0755) < 0 && errno != EEXIST)
		return -1;
	x->root_fd = openat(x->eng->out_fd, x->dir,
			    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	return x->root_fd;
}

/* Open (creating as needed) the directory DIR (normalised, "" = root)
   below the container root without following any symlink. */
static int open_dir(struct jcsi_extract *x, const char *dir)
{
	int fd = root_fd(x);
	const char *s = dir;
	char comp[256];

	if (fd < 0)
		return -1;
	if (x->parent_cache && strcmp(x->parent_cache, dir) == 0)
		return x->parent_cache_fd;
	fd = dup(fd);
	while (fd >= 0 && *s) {
		const char *e = strchr(s, '/');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		int next;

		memcpy(comp, s, n); /* n <= 255: safe_path checked */
		comp[n] = '\0';
		next = openat(fd, comp,
			      O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (next < 0 && errno == ENOENT) {
			if (mkdirat(fd, comp, 0755) < 0 && errno != EEXIST) {
				close(fd);
				return -1;
			}
			next = openat(fd, comp,
				      O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
					      O_CLOEXEC);
		}
		close(fd);
		fd = next; /* ENOTDIR / ELOOP: a file or link is in the way */
		s = e ? e + 1 : s + n;
	}
	if (fd < 0)
		return -1;
	if (x->parent_cache_fd >= 0)
		close(x->parent_cache_fd);
	jcsi_free(x->parent_cache);
	x->parent_cache = jcsi_strdup(dir);
	x->parent_cache_fd = x->parent_cache ? fd : -1;
	if (!x->parent_cache) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Split PATH into its parent directory fd and its last component. */
static int open_parent(struct jcsi_extract *x, char *path, const char **name)
{
	char *slash = strrchr(path, '/');
	int fd;

	if (!slash) {
		*name = path;
		return open_dir(x, "");
	}
	*slash = '\0';
	fd = open_dir(x, path);
	*slash = '/';
	*name = slash + 1;
	return fd;
}

/* Make room for a new entry NAME in DIRFD: a later entry of the same name
   replaces an earlier file or link (as tar does); a directory stays. */
static void clear_name(int dirfd, const char *name)
{
	struct stat st;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    !S_ISDIR(st.st_mode))
		unlinkat(dirfd, name, 0);
}


static json_t *entry_json(struct jcsi_extract *x, const char *norm,
			  enum jcsi_entry_kind kind, uint32_t mode,
			  uint32_t uid, uint32_t gid)
{
	json_t *j = json_object();
	char buf[16];

	if (!j)
		return NULL;
	{
		char *p = jcsi_asprintf("%s/%s", x->dir, norm);
		char *d = jcsi_asprintf("/%s", norm);
		char *o = jcsi_asprintf("%s -> /%s", x->origin, norm);

		/* names are UTF-8 (safe_path.c); origins quote outer names
		   that came through the same rule, so this is belt and braces */
		if (p)
			json_object_set_new(j, "path", jcsi_json_text(p));
		if (d)
			json_object_set_new(j, "device_path", jcsi_json_text(d));
		if (o)
			json_object_set_new(j, "origin", jcsi_json_text(o));
		jcsi_free(p);
		jcsi_free(d);
		jcsi_free(o);
	}
	json_object_set_new(j, "kind", json_string(kind_names[kind]));
	snprintf(buf, sizeof(buf), "%04o", (unsigned)(mode & 07777));
	json_object_set_new(j, "mode", json_string(buf));
	json_object_set_new(j, "uid", json_integer(uid));
	json_object_set_new(j, "gid", json_integer(gid));
	json_object_set_new(j, "container", json_integer((json_int_t)x->id));
	return j;
}

static jcs_rc add_link(struct jcsi_extract *x, const char *norm,
		       const struct jcsi_entry *e, json_t *j)
{
	const char *why = NULL;
	char *canon = NULL;
	jcs_rc rc;

	if (!e->link_target) {
		refuse(x, norm, "symlink without a target");
		return JCS_E_FORMAT;
	}
	json_object_set_new(j, "target", jcsi_json_text(e->link_target));
	rc = jcsi_link_canonical(norm, e->link_target,
				 x->eng->opts.limits.max_path, &canon, &why);
	if (rc == JCS_E_UNSAFE_PATH) {
		char msg[200];

		snprintf(msg, sizeof(msg), "symlink not created: %s", why);
		json_object_set_new(j, "refused", json_string(why));
		refuse(x, norm, msg);
		return JCS_OK; /* recorded; not fatal for the container */
	}
	if (rc != JCS_OK)
		return rc;
	if (!dry(x)) {
		char *tmp = jcsi_strdup(norm);
		const char *name;
		int fd = tmp ? open_parent(x, tmp, &name) : -1;

		if (fd < 0 || (clear_name(fd, name), symlinkat(canon, fd, name)) < 0)
			json_object_set_new(j, "refused",
					    json_string("could not create link"));
		else if (strcmp(canon, e->link_target) != 0)
			json_object_set_new(j, "disk_target",
					    json_string(canon));
		jcsi_free(tmp);
	}
	jcsi_free(canon);
	return JCS_OK;
}

static jcs_rc add_hardlink(struct jcsi_extract *x, const char *norm,
			   const struct jcsi_entry *e);

jcs_rc jcsi_add_entry(struct jcsi_extract *x, const struct jcsi_entry *e)
{
	const char *why = NULL;
	char *norm = NULL;
	json_t *j = NULL;
	jcs_rc rc;

	if (x->limit_hit)
		return JCS_E_LIMIT;
	if (e->kind == JCSI_FILE)
		return jcsi_add_file(x, e, NULL, 0);
	rc = jcsi_path_normalize(e->path ? e->path : "",
				 x->eng->opts.limits.max_path, &norm, &why);
	if (rc == JCS_E_UNSAFE_PATH) {
		refuse(x, e->path ? e->path : "", why);
		return rc;
	}
	if (rc != JCS_OK)
		return rc;
	if (e->kind == JCSI_DIR && norm[0] == '\0')
		goto out; /* the container root itself */
	if (e->kind == JCSI_HARDLINK) {
		rc = add_hardlink(x, norm, e);
		goto out;
	}
	rc = count_entry(x);
	if (rc != JCS_OK)
		goto out;
	j = entry_json(x, norm, e->kind, e->mode, e->uid, e->gid);
	if (!j) {
		rc = JCS_E_NOMEM;
		goto out;
	}
	switch (e->kind) {
	case JCSI_DIR:
		if (!dry(x) && open_dir(x, norm) < 0)
			json_object_set_new(j, "refused",
					    json_string("could not create "
							"directory"));
		break;
	case JCSI_SYMLINK:
		rc = add_link(x, norm, e, j);
		break;
	case JCSI_CHAR_DEV:
	case JCSI_BLOCK_DEV:
		json_object_set_new(j, "major", json_integer(e->dev_major));
		json_object_set_new(j, "minor", json_integer(e->dev_minor));
		break;
	default:
		break; /* fifos and sockets: recorded, never created */
	}
	jcsi_manifest_entry(x->eng, j);
out:
	json_decref(j);
	jcsi_free(norm);
	return rc;
}

/* A hard link becomes a copy of what it links to (already extracted in
   this container), read back through the same no-follow path walk. */
static jcs_rc add_hardlink(struct jcsi_extract *x, const char *norm,
			   const struct jcsi_entry *e)
{
	const char *why = NULL;
	char *target = NULL, *tmp = NULL;
	struct jcsi_entry fe = *e;
	struct jcsi_file *f = NULL;
	jcs_rc rc;
	int dirfd, fd = -1;
	const char *name;

	rc = jcsi_path_normalize(e->link_target ? e->link_target : "",
				 x->eng->opts.limits.max_path, &target, &why);
	if (rc == JCS_E_UNSAFE_PATH || (rc == JCS_OK && !target[0])) {
		refuse(x, norm, why ? why : "hard link without a target");
		rc = JCS_E_UNSAFE_PATH;
		goto out;
	}
	if (rc != JCS_OK)
		goto out;
	fe.kind = JCSI_FILE;
	fe.path = norm;
	fe.link_target = target;
	if (dry(x)) {
		rc = jcsi_file_open(x, &fe, &f);
		if (rc == JCS_OK)
			rc = jcsi_file_close(f, 0);
		goto out;
	}
	tmp = jcsi_strdup(target);
	dirfd = tmp ? open_parent(x, tmp, &name) : -1;
	if (dirfd >= 0)
		fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		refuse(x, norm, "hard link to an entry not extracted");
		rc = JCS_E_FORMAT;
		goto out;
	}
	rc = jcsi_file_open(x, &fe, &f);
	if (rc != JCS_OK)
		goto out;
	for (;;) {
		char buf[65536];
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n <= 0)
			break;
		rc = jcsi_file_write(f, buf, (size_t)n);
		if (rc != JCS_OK)
			break;
	}
	{
		jcs_rc rc2 = jcsi_file_close(f, rc != JCS_OK);

		if (rc == JCS_OK)
			rc = rc2;
	}
out:
	if (fd >= 0)
		close(fd);
	jcsi_free(tmp);
	jcsi_free(target);
	return rc;
}

jcs_rc jcsi_file_open(struct jcsi_extract *x, const struct jcsi_entry *e,
		      struct jcsi_file **out)
{
	const char *why = NULL;
	struct jcsi_file *f;
	jcs_rc rc;

	*out = NULL;
	if (x->limit_hit)
		return JCS_E_LIMIT;
	f = jcsi_calloc(1, sizeof(*f));
	if (!f)
		return JCS_E_NOMEM;
	f->x = x;
	f->fd = -1;
	rc = jcsi_path_normalize(e->path ? e->path : "",
				 x->eng->opts.limits.max_path, &f->path, &why);
	if (rc == JCS_OK && f->path[0] == '\0') {
		rc = JCS_E_UNSAFE_PATH;
		why = "file without a name";
	}
	if (rc == JCS_E_UNSAFE_PATH)
		refuse(x, e->path ? e->path : "", why);
	if (rc == JCS_OK)
		rc = count_entry(x);
	if (rc == JCS_OK) {
		f->sha = EVP_MD_CTX_new();
		if (!f->sha || !EVP_DigestInit_ex(f->sha, EVP_sha256(), NULL))
			rc = JCS_E_NOMEM;
	}
	if (rc == JCS_OK && !dry(x)) {
		const char *name;
		int dirfd = open_parent(x, f->path, &name);

		if (dirfd >= 0) {
			clear_name(dirfd, name);
			f->fd = openat(dirfd, name,
				       O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW |
					       O_CLOEXEC,
				       0600);
		}
		if (f->fd < 0) {
			refuse(x, f->path,
			       "cannot create: a file or link is in the way");
			rc = JCS_E_UNSAFE_PATH;
		}
	}
	if (rc != JCS_OK) {
		EVP_MD_CTX_free(f->sha);
		jcsi_free(f->path);
		jcsi_free(f);
		return rc;
	}
	f->mode = e->mode;
	f->uid = e->uid;
	f->gid = e->gid;
	f->mtime = e->mtime;
	f->hardlink_of = e->kind == JCSI_FILE ? e->link_target : NULL;
	*out = f;
	return JCS_OK;
}

static jcs_rc check_limits(struct jcsi_file *f, uint64_t n)
{
	struct jcsi_extract *x = f->x;
	const struct jcs_unpack_limits *l = &x->eng->opts.limits;
	uint64_t out = x->bytes_out + n;

	if (x->limit_hit)
		return JCS_E_LIMIT;
	if (x->eng->stats.bytes_out + n > l->max_total_bytes)
		return limit(x, "total extracted bytes");
	if (f->size + n > l->max_file_bytes)
		return limit(x, "size of one file");
	if (out > l->ratio_grace && x->in_len &&
	    out / x->in_len >= l->max_ratio)
		return limit(x, "compression ratio");
	return JCS_OK;
}

static void account(struct jcsi_file *f, const void *buf, size_t n)
{
	struct jcsi_extract *x = f->x;

	if (f->head_len < JCSI_HEAD_MAX) {
		size_t k = JCSI_HEAD_MAX - f->head_len;

		if (k > n)
			k = n;
		memcpy(f->head + f->head_len, buf, k);
		f->head_len += k;
	}
	EVP_DigestUpdate(f->sha, buf, n);
	f->size += n;
	x->bytes_out += n;
	x->eng->stats.bytes_out += n;
	if (x->eng->stats.bytes_out - x->eng->last_progress_bytes > (8u << 20))
		jcsi_engine_progress(x->eng, x->up->name);
}

static jcs_rc store(struct jcsi_file *f, const void *buf, size_t n)
{
	const char *p = buf;

	if (f->fd < 0) {
		/* dry run: keep the bytes for recursion (limits bound it) */
		if (f->buf_len + n > f->buf_cap) {
			size_t cap = f->buf_cap ? f->buf_cap : 65536;
			uint8_t *nb;

			while (cap < f->buf_len + n)
				cap *= 2;
			nb = jcsi_realloc(f->buf, cap);
			if (!nb)
				return JCS_E_NOMEM;
			f->buf = nb;
			f->buf_cap = cap;
		}
		memcpy(f->buf + f->buf_len, buf, n);
		f->buf_len += n;
		return JCS_OK;
	}
	while (n > 0) {
		ssize_t w = write(f->fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return JCS_E_IO;
		}
		p += w;
		n -= (size_t)w;
	}
	return JCS_OK;
}

jcs_rc jcsi_file_write(struct jcsi_file *f, const void *buf, size_t n)
{
	jcs_rc rc;

	if (!f || f->error)
		return f ? JCS_E_IO : JCS_E_ARG;
	if (n == 0)
		return JCS_OK;
	rc = check_limits(f, n);
	if (rc == JCS_OK)
		rc = store(f, buf, n);
	if (rc != JCS_OK) {
		if (rc != JCS_E_LIMIT)
			f->error = 1;
		return rc;
	}
	account(f, buf, n);
	return JCS_OK;
}

jcs_rc jcsi_file_write_zeros(struct jcsi_file *f, uint64_t n)
{
	static const uint8_t zeros[65536];
	jcs_rc rc = JCS_OK;

	while (n > 0 && rc == JCS_OK) {
		size_t k = n > sizeof(zeros) ? sizeof(zeros) : (size_t)n;

		rc = jcsi_file_write(f, zeros, k);
		n -= k;
	}
	return rc;
}

jcs_rc jcsi_file_close(struct jcsi_file *f, int truncated)
{
	struct jcsi_extract *x;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	char hex[65];
	json_t *j;
	const uint8_t *data = NULL;
	size_t len = 0;
	void *map = MAP_FAILED;

	if (!f)
		return JCS_OK;
	x = f->x;
	EVP_DigestFinal_ex(f->sha, md, &mdlen);
	jcsi_digest_hex(md, hex);
	j = entry_json(x, f->path, JCSI_FILE, f->mode, f->uid, f->gid);
	if (j) {
		json_object_set_new(j, "size", json_integer((json_int_t)f->size));
		json_object_set_new(j, "sha256", json_string(hex));
		if (f->hardlink_of) {
			char *d = jcsi_asprintf("/%s", f->hardlink_of);

			if (d)
				json_object_set_new(j, "hardlink_of",
						    json_string(d));
			jcsi_free(d);
		}
		if (truncated || f->error)
			json_object_set_new(j, "truncated", json_true());
	}
	x->eng->stats.files++;
	if (f->fd >= 0) {
		/* never keep setuid/setgid/sticky or group/other write bits
		   on disk; the manifest keeps the original mode */
		fchmod(f->fd, (mode_t)((f->mode & 0755) | 0600));
		if (f->size > 0 && f->size <= SIZE_MAX) {
			map = mmap(NULL, (size_t)f->size, PROT_READ,
				   MAP_PRIVATE, f->fd, 0);
			if (map != MAP_FAILED) {
				data = map;
				len = (size_t)f->size;
			}
		}
		close(f->fd);
	} else {
		data = f->buf;
		len = f->buf_len;
	}
	if (j) {
		if (!data) {
			data = f->head;
			len = f->head_len;
		}
		jcsi_engine_file_done(x, f, j, data, len);
		json_decref(j);
	}
	if (map != MAP_FAILED)
		munmap(map, (size_t)f->size);
	EVP_MD_CTX_free(f->sha);
	jcsi_free(f->buf);
	jcsi_free(f->path);
	jcsi_free(f);
	return JCS_OK;
}

jcs_rc jcsi_add_file(struct jcsi_extract *x, const struct jcsi_entry *e,
		     const void *buf, size_t n)
{
	struct jcsi_file *f;
	jcs_rc rc = jcsi_file_open(x, e, &f);
	jcs_rc rc2;

	if (rc != JCS_OK)
		return rc;
	rc = jcsi_file_write(f, buf, n);
	rc2 = jcsi_file_close(f, rc != JCS_OK);
	return rc != JCS_OK ? rc : rc2;
}

void jcsi_fail(struct jcsi_extract *x, uint64_t offset, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (++x->fails > JCSI_FAILS_PER_CONTAINER)
		return; /* counted; extract_one() reports the total */
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	jcsi_record_failure(x->eng, x->origin, x->up->name,
			    x->source_offset + offset, NULL, msg);
}

void jcsi_info_str(struct jcsi_extract *x, const char *key, const char *val)
{
	json_object_set_new(x->info, key, jcsi_json_text(val));
}

void jcsi_info_int(struct jcsi_extract *x, const char *key, int64_t val)
{
	json_object_set_new(x->info, key, json_integer(val));
}

void jcsi_info_bool(struct jcsi_extract *x, const char *key, int val)
{
	json_object_set_new(x->info, key, json_boolean(val));
}

const char *jcsi_source_path(const struct jcsi_extract *x)
{
	return x->source_path;
}

uint64_t jcsi_source_offset(const struct jcsi_extract *x)
{
	return x->source_offset;
}

const char *jcsi_source_stem(const struct jcsi_extract *x)
{
	return x->stem ? x->stem : "data";
}

const struct jcs_unpack_limits *jcsi_limits(const struct jcsi_extract *x)
{
	return &x->eng->opts.limits;
}

jcs_rc jcsi_add_payload(struct jcsi_extract *x, const char *name,
			const void *buf, size_t n, int truncated)
{
	struct jcsi_entry e = {.path = name, .kind = JCSI_FILE, .mode = 0644};
	struct jcsi_file *f;
	jcs_rc rc = jcsi_file_open(x, &e, &f), rc2;

	if (rc != JCS_OK)
		return rc == JCS_E_UNSAFE_PATH ? JCS_OK : rc;
	rc = jcsi_file_write(f, buf, n);
	rc2 = jcsi_file_close(f, truncated || rc != JCS_OK);
	return rc != JCS_OK ? rc : rc2;
}

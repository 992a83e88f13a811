/*
 * unpack_int.h - the interface between the unpack engine and the format
 * unpackers (one file per format: unpack_<fmt>.c). For plug-ins only.
 *
 * The engine finds candidate offsets (by magic, at any offset of a raw
 * image, or at offset 0 of an extracted file), asks the unpacker to bid,
 * then calls extract() with the bytes from the candidate offset to the end
 * of the file. The unpacker reports every entry it finds through the sink
 * functions below; the sink does all path sanitising, limit enforcement,
 * hashing, writing and manifest bookkeeping, so an unpacker never touches
 * the file system and never decides what is safe.
 */
#ifndef JCSTAR_UNPACK_INT_H
#define JCSTAR_UNPACK_INT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "jcstar/jcstar.h"

struct jcsi_extract;  /* one container being extracted (opaque) */
struct jcsi_file;     /* one regular file being written (opaque) */

enum jcsi_entry_kind {
	JCSI_FILE = 0,
	JCSI_DIR,
	JCSI_SYMLINK,
	JCSI_HARDLINK,
	JCSI_CHAR_DEV,
	JCSI_BLOCK_DEV,
	JCSI_FIFO,
	JCSI_SOCKET
};

/*
 * An entry as the container stores it. Everything here may be hostile:
 * PATH may contain "..", be absolute, be empty or very long; the sink
 * checks it. Strings are borrowed for the duration of the sink call.
 */
struct jcsi_entry {
	const char *path;         /* '/'-separated path inside the container */
	enum jcsi_entry_kind kind;
	uint32_t mode;            /* permission bits incl. 07000; 0 = unknown */
	uint32_t uid, gid;
	int64_t mtime;            /* seconds since the epoch; 0 = unknown */
	const char *link_target;  /* SYMLINK: target; HARDLINK: path of the
				     entry it links to, inside the container */
	uint32_t dev_major, dev_minor; /* CHAR_DEV / BLOCK_DEV */
};

/*
 * A format unpacker. Cheap formats with long magics are listed first in
 * the registry (unpack_registry.c).
 */
struct jcsi_magic {
	const char *bytes;  /* magic bytes (may contain NULs: use len) */
	size_t len;
	size_t offset;      /* where the magic sits relative to the
			       container's start (tar: 257) */
};

struct jcsi_unpacker {
	const char *name;               /* "squashfs"; shown in manifests */
	const struct jcsi_magic *magics; /* terminated by {NULL, 0, 0} */

	/*
	 * MUST: check the header at DATA (the container's first byte; LEN
	 * bytes are readable) and return the number of bits it verified
	 * (magic bits plus checked fields), or -1 if this is not the format.
	 * MUST NOT allocate or keep state; called for every candidate.
	 */
	int (*bid)(const uint8_t *data, size_t len);

	/*
	 * MUST: extract the container at DATA (LEN bytes readable, to the end
	 * of the enclosing file), reporting entries through the sink. Sets
	 * *CONSUMED to the container's length in bytes when it is known (0
	 * when not). Returns JCS_OK if anything could be extracted, otherwise
	 * the reason. Damage after a good start is reported with
	 * jcsi_fail() and extraction goes on with what is still readable.
	 * When jcsi_file_write() or a sink call returns JCS_E_LIMIT, the
	 * unpacker MUST stop and return JCS_E_LIMIT.
	 */
	jcs_rc (*extract)(struct jcsi_extract *x, const uint8_t *data,
			  size_t len, uint64_t *consumed);

	/* MAY: nonzero if this format should only be tried at offset 0 of a
	   file (weak magics such as ar's or zip's would carve too much). */
	int offset0_only;
};

/* The registry, in bidding order, NULL-terminated (unpack_registry.c). */
extern const struct jcsi_unpacker *const jcsi_unpackers[];
const struct jcsi_unpacker *jcsi_unpacker_find(const char *name);

/* --- sink: what an unpacker calls ------------------------------------ */

/* Non-file entries (dirs, links, device nodes, fifos, sockets). */
jcs_rc jcsi_add_entry(struct jcsi_extract *x, const struct jcsi_entry *e);

/*
 * Start a regular file. On JCS_OK *F is open and MUST be closed with
 * jcsi_file_close() (even after a write error). A refused path (unsafe,
 * too long) returns JCS_E_UNSAFE_PATH and sets *F to NULL; the refusal is
 * already recorded, so the unpacker just goes on with the next entry.
 */
jcs_rc jcsi_file_open(struct jcsi_extract *x, const struct jcsi_entry *e,
		      struct jcsi_file **f);
/* JCS_E_LIMIT when a size or ratio limit is reached: stop extracting. */
jcs_rc jcsi_file_write(struct jcsi_file *f, const void *buf, size_t n);
/* Writes N zero bytes (sparse holes, JFFS2 zero nodes). */
jcs_rc jcsi_file_write_zeros(struct jcsi_file *f, uint64_t n);
/* TRUNCATED: nonzero if the content is known to be incomplete. */
jcs_rc jcsi_file_close(struct jcsi_file *f, int truncated);

/* Convenience: a whole file from one buffer. */
jcs_rc jcsi_add_file(struct jcsi_extract *x, const struct jcsi_entry *e,
		     const void *buf, size_t n);

/*
 * Convenience for containers that hold raw payloads (uImage, FIT, TRX):
 * BUF as file NAME (mode 0644); TRUNCATED marks content known to be
 * short. A refused name is already recorded and returns JCS_OK.
 */
jcs_rc jcsi_add_payload(struct jcsi_extract *x, const char *name,
			const void *buf, size_t n, int truncated);

/*
 * Record damage inside the container: OFFSET is relative to the
 * container's start. The message is printf-formatted.
 */
void jcsi_fail(struct jcsi_extract *x, uint64_t offset, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Container details for the manifest ("compression": "xz", "signed"...). */
void jcsi_info_str(struct jcsi_extract *x, const char *key, const char *val);
void jcsi_info_int(struct jcsi_extract *x, const char *key, int64_t val);
void jcsi_info_bool(struct jcsi_extract *x, const char *key, int val);

/*
 * The path of the file this container sits in and the container's offset
 * inside it, for libraries that must open a path (libext2fs). NULL path in
 * a dry run over memory.
 */
const char *jcsi_source_path(const struct jcsi_extract *x);
uint64_t jcsi_source_offset(const struct jcsi_extract *x);

/* A name for single-stream outputs (gzip without a stored name...). */
const char *jcsi_source_stem(const struct jcsi_extract *x);

/*
 * MAY: the container's bytes [FROM, TO) (relative to its start) will not be
 * read again. When the input is a file mapping the engine lets those pages
 * go, so memory stays flat however large the image is. Reading them again
 * later is still correct, only slower.
 */
void jcsi_release(struct jcsi_extract *x, uint64_t from, uint64_t to);

/* Limits in force, for unpackers that size internal tables. */
const struct jcs_unpack_limits *jcsi_limits(const struct jcsi_extract *x);

/* --- bounded reads -------------------------------------------------- */

/* Nonzero if [off, off+n) lies within LEN; overflow-safe. */
static inline int jcsi_in_bounds(size_t len, uint64_t off, uint64_t n)
{
	return off <= len && n <= len - off;
}

static inline uint16_t jcsi_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}
static inline uint32_t jcsi_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) |
	       ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}
static inline uint64_t jcsi_le64(const uint8_t *p)
{
	return (uint64_t)jcsi_le32(p) | ((uint64_t)jcsi_le32(p + 4) << 32);
}
static inline uint16_t jcsi_be16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}
static inline uint32_t jcsi_be32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}
static inline uint64_t jcsi_be64(const uint8_t *p)
{
	return ((uint64_t)jcsi_be32(p) << 32) | jcsi_be32(p + 4);
}

#endif

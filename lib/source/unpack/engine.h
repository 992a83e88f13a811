/*
 * engine.h - state shared by the unpack engine (engine.c), the sink that
 * unpackers write through (sink.c) and the manifest writer (manifest.c).
 * Not for unpackers: they see only unpack_int.h.
 */
#ifndef JCSTAR_UNPACK_ENGINE_H
#define JCSTAR_UNPACK_ENGINE_H

#include <stdio.h>

#include <jansson.h>
#include <openssl/evp.h>

#include "unpack_int.h"

/* Bytes of each extracted file kept for identification (ext superblock
   magic sits at 1080, tar's at 257). */
#define JCSI_HEAD_MAX 4096

/* Damage reports kept per container (jcsi_fail); a hostile image can hold
   millions of broken nodes: one summary line counts the rest. */
#define JCSI_FAILS_PER_CONTAINER 256

struct jcsi_engine {
	struct jcs_unpack_opts opts;
	int out_fd;               /* output directory; -1 in a dry run */
	FILE *manifest;           /* NULL in a dry run */
	int manifest_first;       /* no file entry written yet */
	json_t *containers;       /* small lists, kept until the end */
	json_t *failures;
	json_t *regions;
	uint64_t next_id;
	struct jcs_unpack_stats stats;
	uint64_t top_total, top_done;
	uint64_t last_progress_bytes;
	const char *restrict_format; /* jcs_unpack_buffer(FORMAT) */
};

struct jcsi_extract {
	struct jcsi_engine *eng;
	const struct jcsi_unpacker *up;
	uint64_t id;
	char *dir;              /* "0001-squashfs", relative to the output */
	int root_fd;            /* created lazily; -1 until then / dry run */
	char *origin;           /* "flash.bin@0x1a0041 squashfs" */
	const char *source_path;
	uint64_t source_offset;
	const char *stem;
	unsigned depth;
	uint64_t in_len;        /* bytes available to the container */
	const uint8_t *base;    /* the container's first byte */
	int mapped;             /* BASE lies in a read-only file mapping */
	uint64_t bytes_out;
	uint64_t entries;
	json_t *info;
	int limit_hit;
	uint64_t fails;         /* jcsi_fail() calls for this container */
	char *parent_cache;     /* last parent directory opened ... */
	int parent_cache_fd;    /* ... and its fd */
};

struct jcsi_file {
	struct jcsi_extract *x;
	int fd;                 /* -1 in a dry run */
	char *path;             /* normalised, relative to the container */
	uint32_t mode, uid, gid;
	int64_t mtime;
	const char *hardlink_of;
	EVP_MD_CTX *sha;
	uint64_t size;
	uint8_t head[JCSI_HEAD_MAX];
	size_t head_len;
	uint8_t *buf;           /* dry run: the content, for recursion */
	size_t buf_len, buf_cap;
	int error;              /* a write failed: content incomplete */
};

/* engine.c: a closed file may hold more containers. */
void jcsi_engine_file_done(struct jcsi_extract *x, struct jcsi_file *f,
			   json_t *entry, const uint8_t *data, size_t len);
void jcsi_engine_progress(struct jcsi_engine *e, const char *current);

/* manifest.c */
jcs_rc jcsi_manifest_open(struct jcsi_engine *e);
void jcsi_manifest_entry(struct jcsi_engine *e, json_t *entry);
jcs_rc jcsi_manifest_close(struct jcsi_engine *e, const char *image,
			   uint64_t image_size, const char *sha256,
			   const char *finished_at);
/* A JSON string of S (any bytes); bytes that are not UTF-8 become '?'.
   Never NULL unless out of memory. */
json_t *jcsi_json_text(const char *s);
void jcsi_record_failure(struct jcsi_engine *e, const char *parent,
			 const char *format, uint64_t offset,
			 const char *path, const char *reason);

/* filetype.c: classify content by its first bytes into ENTRY. */
void jcsi_filetype(const uint8_t *head, size_t len, uint64_t size,
		   json_t *entry);
/* Best unpacker bidding at offset 0 of HEAD, or NULL. */
const struct jcsi_unpacker *jcsi_identify(const uint8_t *head, size_t len,
					  int *bits);

/* entropy.c: Shannon entropy in bits per byte. */
double jcsi_entropy(const uint8_t *p, size_t n);
const char *jcsi_region_class(const uint8_t *p, size_t n, double entropy);


#endif

/*
 * unpack_ext.c - ext2/ext3/ext4 file system images through libext2fs
 * (e2fsprogs). libext2fs opens by path, so the container is opened in its
 * file at an offset ("offset=N" io option); in a dry run over memory the
 * bytes are put in a memfd first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <ext2fs/ext2fs.h>

#include "../../core/mem.h"
#include "unpack_int.h"

#define SB 1024
#define MAX_DIR_DEPTH 128

static uint64_t fs_bytes(const uint8_t *sb)
{
	uint64_t blocks = jcsi_le32(sb + 4);

	if (jcsi_le32(sb + 96) & 0x80) /* INCOMPAT_64BIT */
		blocks |= (uint64_t)jcsi_le32(sb + 0x150) << 32;
	return blocks << (10 + jcsi_le32(sb + 24));
}

static int ext_bid(const uint8_t *d, size_t len)
{
	const uint8_t *sb = d + SB;

	if (len < SB + 1024 || jcsi_le16(sb + 56) != 0xEF53)
		return -1;
	if (jcsi_le32(sb + 24) > 6 || jcsi_le32(sb + 0) == 0 ||
	    jcsi_le32(sb + 4) == 0 || jcsi_le32(sb + 76) > 1 ||
	    jcsi_le32(sb + 20) > 1 || jcsi_le32(sb + 40) == 0 ||
	    jcsi_le32(sb + 32) == 0)
		return -1;
	/* first data block is 1 exactly when blocks are 1 KiB */
	if ((jcsi_le32(sb + 20) == 1) != (jcsi_le32(sb + 24) == 0))
		return -1;
	return 16 + 8 + 8 + 8 + 8 + 8;
}

struct kid {
	char *name;
	ext2_ino_t ino;
};

struct list {
	struct kid *k;
	size_t n, cap;
	int nomem;
};

static int collect(struct ext2_dir_entry *de, int offset, int blocksize,
		   char *buf, void *priv)
{
	struct list *l = priv;
	int nlen = ext2fs_dirent_name_len(de);

	(void)offset;
	(void)blocksize;
	(void)buf;
	if (de->inode == 0 || (nlen == 1 && de->name[0] == '.') ||
	    (nlen == 2 && de->name[0] == '.' && de->name[1] == '.'))
		return 0;
	if (l->n == l->cap) {
		size_t nc = l->cap ? l->cap * 2 : 32;
		struct kid *t = jcsi_realloc(l->k, nc * sizeof(*t));

		if (!t) {
			l->nomem = 1;
			return DIRENT_ABORT;
		}
		l->k = t;
		l->cap = nc;
	}
	l->k[l->n].name = jcsi_strndup(de->name, (size_t)nlen);
	l->k[l->n].ino = de->inode;
	if (!l->k[l->n].name) {
		l->nomem = 1;
		return DIRENT_ABORT;
	}
	l->n++;
	return 0;
}

struct walk {
	struct jcsi_extract *x;
	ext2_filsys fs;
	ext2fs_inode_bitmap seen;
	char *buf;
	jcs_rc stop;
};

static void read_file(struct walk *w, ext2_ino_t ino, struct jcsi_entry *e,
		      uint64_t size)
{
	struct jcsi_file *f;
	ext2_file_t file;
	uint64_t done = 0;
	int truncated = 0;
	jcs_rc rc = jcsi_file_open(w->x, e, &f);

	if (rc != JCS_OK) {
		if (rc == JCS_E_LIMIT || rc == JCS_E_NOMEM)
			w->stop = rc;
		return;
	}
	if (ext2fs_file_open(w->fs, ino, 0, &file)) {
		jcsi_fail(w->x, 0, "%s: cannot open inode %u", e->path, ino);
		jcsi_file_close(f, 1);
		return;
	}
	while (done < size) {
		unsigned int got = 0;

		if (ext2fs_file_read(file, w->buf, 65536, &got) || got == 0) {
			jcsi_fail(w->x, 0, "%s: data unreadable after %llu "
				  "bytes", e->path, (unsigned long long)done);
			truncated = 1;
			break;
		}
		if (got > size - done)
			got = (unsigned int)(size - done);
		rc = jcsi_file_write(f, w->buf, got);
		if (rc != JCS_OK) {
			w->stop = rc;
			truncated = 1;
			break;
		}
		done += got;
	}
	ext2fs_file_close(file);
	jcsi_file_close(f, truncated);
}

static char *link_target(struct walk *w, ext2_ino_t ino,
			 struct ext2_inode *in)
{
	uint64_t size = EXT2_I_SIZE(in);
	char *t;
	unsigned int got = 0;
	ext2_file_t file;

	if (size > 4095)
		return NULL;
	if (ext2fs_is_fast_symlink(in))
		return jcsi_strndup((const char *)in->i_block,
				    size < sizeof(in->i_block)
					    ? (size_t)size
					    : sizeof(in->i_block));
	t = jcsi_calloc(1, (size_t)size + 1);
	if (!t || ext2fs_file_open(w->fs, ino, 0, &file)) {
		jcsi_free(t);
		return NULL;
	}
	if (ext2fs_file_read(file, t, (unsigned int)size, &got))
		got = 0;
	t[got] = '\0';
	ext2fs_file_close(file);
	return t;
}

static void walk_dir(struct walk *w, ext2_ino_t dir, const char *prefix,
		     int depth);

static void visit(struct walk *w, const char *path, ext2_ino_t ino,
		  int depth)
{
	struct ext2_inode in;
	struct jcsi_entry e;
	char *target = NULL;
	uint16_t m;

	if (ext2fs_read_inode(w->fs, ino, &in)) {
		jcsi_fail(w->x, 0, "%s: inode %u unreadable", path, ino);
		return;
	}
	memset(&e, 0, sizeof(e));
	e.path = path;
	m = in.i_mode;
	e.mode = m & 07777;
	e.uid = inode_uid(in);
	e.gid = inode_gid(in);
	e.mtime = in.i_mtime;
	if (LINUX_S_ISDIR(m)) {
		if (ext2fs_test_inode_bitmap2(w->seen, ino)) {
			jcsi_fail(w->x, 0, "%s: directory loop", path);
			return;
		}
		ext2fs_mark_inode_bitmap2(w->seen, ino);
		e.kind = JCSI_DIR;
		if (jcsi_add_entry(w->x, &e) == JCS_E_LIMIT)
			w->stop = JCS_E_LIMIT;
		else
			walk_dir(w, ino, path, depth + 1);
		return;
	}
	if (LINUX_S_ISREG(m)) {
		e.kind = JCSI_FILE;
		read_file(w, ino, &e, EXT2_I_SIZE(&in));
		return;
	}
	if (LINUX_S_ISLNK(m)) {
		target = link_target(w, ino, &in);
		e.kind = JCSI_SYMLINK;
		e.link_target = target;
	} else if (LINUX_S_ISCHR(m) || LINUX_S_ISBLK(m)) {
		uint32_t old = in.i_block[0], nw = in.i_block[1];

		e.kind = LINUX_S_ISCHR(m) ? JCSI_CHAR_DEV : JCSI_BLOCK_DEV;
		if (old) {
			e.dev_major = (old >> 8) & 0xff;
			e.dev_minor = old & 0xff;
		} else {
			e.dev_major = (nw >> 8) & 0xfff;
			e.dev_minor = (nw & 0xff) | ((nw >> 12) & 0xfff00);
		}
	} else if (LINUX_S_ISFIFO(m)) {
		e.kind = JCSI_FIFO;
	} else {
		e.kind = JCSI_SOCKET;
	}
	if (jcsi_add_entry(w->x, &e) == JCS_E_LIMIT)
		w->stop = JCS_E_LIMIT;
	jcsi_free(target);
}

static void walk_dir(struct walk *w, ext2_ino_t dir, const char *prefix,
		     int depth)
{
	struct list l = {0};
	errcode_t err;

	if (depth > MAX_DIR_DEPTH) {
		jcsi_fail(w->x, 0, "%s: directories nested too deep", prefix);
		return;
	}
	err = ext2fs_dir_iterate(w->fs, dir, 0, NULL, collect, &l);
	if (err)
		jcsi_fail(w->x, 0, "%s: directory unreadable (%s)",
			  prefix[0] ? prefix : "/", error_message(err));
	if (l.nomem)
		w->stop = JCS_E_NOMEM;
	for (size_t i = 0; i < l.n; i++) {
		if (!w->stop) {
			char *p = jcsi_asprintf("%s/%s", prefix, l.k[i].name);

			if (p)
				visit(w, p, l.k[i].ino, depth);
			else
				w->stop = JCS_E_NOMEM;
			jcsi_free(p);
		}
		jcsi_free(l.k[i].name);
	}
	jcsi_free(l.k);
}

static jcs_rc ext_extract(struct jcsi_extract *x, const uint8_t *d,
			  size_t len, uint64_t *consumed)
{
	const char *src = jcsi_source_path(x);
	uint64_t off = jcsi_source_offset(x), size = fs_bytes(d + SB);
	char opts[64], path[64];
	struct walk w;
	errcode_t err;
	jcs_rc rc = JCS_OK;
	int memfd = -1;

	memset(&w, 0, sizeof(w));
	w.x = x;
	if (size > len) {
		jcsi_fail(x, len, "image truncated: %llu of %llu bytes present",
			  (unsigned long long)len, (unsigned long long)size);
		size = len;
	}
	*consumed = size;
	if (!src) {
		/* no file to open: hand libext2fs a memfd of the bytes */
		memfd = memfd_create("jcstar-ext", MFD_CLOEXEC);
		if (memfd < 0 || write(memfd, d, (size_t)size) != (ssize_t)size) {
			if (memfd >= 0)
				close(memfd);
			return JCS_E_IO;
		}
		snprintf(path, sizeof(path), "/proc/self/fd/%d", memfd);
		src = path;
		off = 0;
	}
	snprintf(opts, sizeof(opts), "offset=%llu", (unsigned long long)off);
	err = ext2fs_open2(src, opts,
			   EXT2_FLAG_64BITS | EXT2_FLAG_IGNORE_CSUM_ERRORS |
				   EXT2_FLAG_SKIP_MMP,
			   0, 0, unix_io_manager, &w.fs);
	if (err) {
		jcsi_fail(x, SB, "libext2fs cannot open the file system: %s",
			  error_message(err));
		rc = JCS_E_FORMAT;
		goto out;
	}
	jcsi_info_int(x, "block_size", w.fs->blocksize);
	jcsi_info_bool(x, "journal",
		       ext2fs_has_feature_journal(w.fs->super));
	jcsi_info_bool(x, "extents", ext2fs_has_feature_extents(w.fs->super));
	w.buf = jcsi_malloc(65536);
	if (!w.buf || ext2fs_allocate_inode_bitmap(w.fs, "seen", &w.seen)) {
		rc = JCS_E_NOMEM;
		goto out;
	}
	ext2fs_mark_inode_bitmap2(w.seen, EXT2_ROOT_INO);
	walk_dir(&w, EXT2_ROOT_INO, "", 0);
	rc = w.stop;
out:
	if (w.seen)
		ext2fs_free_inode_bitmap(w.seen);
	if (w.fs)
		ext2fs_close_free(&w.fs);
	jcsi_free(w.buf);
	if (memfd >= 0)
		close(memfd);
	return rc;
}

/* Magic 0xEF53 at byte 1080 (superblock at 1024 + 56). */
static const struct jcsi_magic ext_magics[] = {{"\x53\xef", 2, SB + 56},
					       {NULL, 0, 0}};

const struct jcsi_unpacker jcsi_unpacker_ext = {"ext", ext_magics, ext_bid,
						ext_extract, 0};

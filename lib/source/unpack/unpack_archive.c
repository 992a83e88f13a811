/*
 * unpack_archive.c - tar, cpio (newc, crc, odc), zip, 7z and ar through
 * libarchive. libarchive only reads: entries go to the jcstar sink, which
 * does the writing and every safety check itself (libarchive's own
 * archive_write_disk is never used, so its guarantees are not relied on).
 */
#include <string.h>

#include <archive.h>
#include <zlib.h>
#include <archive_entry.h>

#include "unpack_int.h"

static int octal_field(const uint8_t *p, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;
	int digits = 0;

	while (i < n && p[i] == ' ')
		i++;
	for (; i < n && p[i] >= '0' && p[i] <= '7'; i++, digits++)
		v = v * 8 + (uint64_t)(p[i] - '0');
	for (; i < n; i++)
		if (p[i] != ' ' && p[i] != '\0')
			return -1;
	*out = v;
	return digits ? 0 : -1;
}

static int tar_bid(const uint8_t *d, size_t len)
{
	uint64_t stored, sum = 0;

	if (len < 512 || memcmp(d + 257, "ustar", 5) != 0)
		return -1;
	if (octal_field(d + 148, 8, &stored) < 0)
		return -1;
	for (int i = 0; i < 512; i++)
		sum += (i >= 148 && i < 156) ? ' ' : d[i];
	return sum == stored ? 40 + 17 : -1;
}

static int hex_digits(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint8_t c = p[i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
		      (c >= 'A' && c <= 'F')))
			return 0;
	}
	return 1;
}

static int cpio_bid(const uint8_t *d, size_t len)
{
	if (len >= 110 && (memcmp(d, "070701", 6) == 0 ||
			   memcmp(d, "070702", 6) == 0))
		return hex_digits(d + 6, 104) ? 48 + 104 : -1;
	if (len >= 76 && memcmp(d, "070707", 6) == 0) {
		for (int i = 6; i < 76; i++)
			if (d[i] < '0' || d[i] > '7')
				return -1;
		return 48 + 70;
	}
	return -1;
}

static int zip_bid(const uint8_t *d, size_t len)
{
	if (len < 30 || memcmp(d, "PK\3\4", 4) != 0)
		return -1;
	if (jcsi_le16(d + 4) > 63)
		return -1; /* version needed to extract */
	if (jcsi_le16(d + 26) == 0)
		return -1; /* an entry needs a name */
	return 32 + 10;
}

/* The start header's CRC covers the next header's offset, size and CRC. */
static int sevenz_bid(const uint8_t *d, size_t len)
{
	static const uint8_t magic[6] = {'7', 'z', 0xbc, 0xaf, 0x27, 0x1c};

	if (len < 32 || memcmp(d, magic, 6) != 0)
		return -1;
	if (crc32(0, d + 12, 20) != jcsi_le32(d + 8))
		return -1;
	return 48 + 32;
}

static int ar_bid(const uint8_t *d, size_t len)
{
	if (len < 68 || memcmp(d, "!<arch>\n", 8) != 0)
		return -1;
	if (d[66] != '`' || d[67] != '\n')
		return -1; /* first member header terminator */
	return 64 + 16;
}

static enum jcsi_entry_kind kind_of(struct archive_entry *ae)
{
	if (archive_entry_hardlink(ae))
		return JCSI_HARDLINK;
	switch (archive_entry_filetype(ae)) {
	case AE_IFDIR:
		return JCSI_DIR;
	case AE_IFLNK:
		return JCSI_SYMLINK;
	case AE_IFCHR:
		return JCSI_CHAR_DEV;
	case AE_IFBLK:
		return JCSI_BLOCK_DEV;
	case AE_IFIFO:
		return JCSI_FIFO;
	case AE_IFSOCK:
		return JCSI_SOCKET;
	default:
		return JCSI_FILE;
	}
}

static jcs_rc copy_data(struct archive *a, struct jcsi_file *f, int *damaged)
{
	const void *buf;
	size_t size;
	la_int64_t offset, at = 0;
	jcs_rc rc = JCS_OK;
	int r;

	while ((r = archive_read_data_block(a, &buf, &size, &offset)) ==
	       ARCHIVE_OK) {
		if (offset > at) /* sparse hole */
			rc = jcsi_file_write_zeros(f, (uint64_t)(offset - at));
		if (rc == JCS_OK)
			rc = jcsi_file_write(f, buf, size);
		if (rc != JCS_OK)
			return rc;
		at = offset + (la_int64_t)size;
	}
	if (r != ARCHIVE_EOF)
		*damaged = 1;
	return rc;
}

static jcs_rc add_with_data(struct jcsi_extract *x, struct archive *a,
			    const struct jcsi_entry *e)
{
	struct jcsi_file *f;
	int damaged = 0;
	jcs_rc rc = jcsi_file_open(x, e, &f);

	if (rc != JCS_OK)
		return rc;
	rc = copy_data(a, f, &damaged);
	jcsi_file_close(f, damaged || rc != JCS_OK);
	if (damaged)
		jcsi_fail(x, 0, "%s: data damaged: %s", e->path,
			  archive_error_string(a));
	return rc;
}

static int enable_zip(struct archive *a);
static int enable_7z(struct archive *a);

/* Pages this far behind libarchive's read position are let go. */
#define RELEASE_LAG (1u << 20)

static jcs_rc extract_with(struct jcsi_extract *x, const uint8_t *d,
			   size_t len, uint64_t *consumed,
			   int (*enable)(struct archive *))
{
	struct archive *a = archive_read_new();
	struct archive_entry *ae;
	jcs_rc rc = JCS_OK;
	uint64_t n = 0;
	int r;

	if (!a)
		return JCS_E_NOMEM;
	enable(a);
	/*
	 * One memory block: libarchive then reads in place and never copies,
	 * so a hostile length field cannot make it allocate gigabytes to
	 * join blocks. Streaming formats release pages behind them instead.
	 */
	if (archive_read_open_memory(a, d, len) != ARCHIVE_OK) {
		archive_read_free(a);
		return JCS_E_FORMAT;
	}
	while ((r = archive_read_next_header(a, &ae)) != ARCHIVE_EOF) {
		struct jcsi_entry e;
		const char *path;

		if (r == ARCHIVE_FATAL) {
			jcsi_fail(x, (uint64_t)archive_filter_bytes(a, -1),
				  "archive damaged: %s",
				  archive_error_string(a));
			rc = n ? JCS_OK : JCS_E_FORMAT;
			break;
		}
		if (enable != enable_zip && enable != enable_7z) {
			la_int64_t at = archive_filter_bytes(a, -1);

			if (at > (la_int64_t)RELEASE_LAG)
				jcsi_release(x, 0, (uint64_t)at - RELEASE_LAG);
		}
		path = archive_entry_pathname(ae);
		memset(&e, 0, sizeof(e));
		e.path = path ? path : "";
		e.kind = kind_of(ae);
		e.mode = (uint32_t)archive_entry_perm(ae) & 07777;
		e.uid = (uint32_t)archive_entry_uid(ae);
		e.gid = (uint32_t)archive_entry_gid(ae);
		e.mtime = archive_entry_mtime(ae);
		e.dev_major = (uint32_t)archive_entry_rdevmajor(ae);
		e.dev_minor = (uint32_t)archive_entry_rdevminor(ae);
		e.link_target = e.kind == JCSI_HARDLINK
					? archive_entry_hardlink(ae)
					: archive_entry_symlink(ae);
		n++;
		if (e.kind == JCSI_FILE &&
		    (strcmp(e.path, "/") == 0 || strcmp(e.path, "//") == 0 ||
		     strcmp(e.path, "__.SYMDEF") == 0))
			continue; /* ar symbol / name tables, not members */
		if (e.kind == JCSI_HARDLINK && archive_entry_size_is_set(ae) &&
		    archive_entry_size(ae) > 0) {
			/* cpio newc keeps a link set's data on its last
			   member: write it there, then refresh the earlier
			   (empty) member it names as a copy of it */
			const char *first = e.link_target;

			e.kind = JCSI_FILE;
			e.link_target = NULL;
			rc = add_with_data(x, a, &e);
			if (rc == JCS_OK) {
				e.kind = JCSI_HARDLINK;
				e.link_target = e.path;
				e.path = first;
				rc = jcsi_add_entry(x, &e);
			}
		} else if (e.kind == JCSI_FILE) {
			rc = add_with_data(x, a, &e);
		} else {
			rc = jcsi_add_entry(x, &e);
		}
		if (rc == JCS_E_LIMIT || rc == JCS_E_NOMEM || rc == JCS_E_IO)
			break;
		rc = JCS_OK;
	}
	*consumed = (uint64_t)archive_filter_bytes(a, -1);
	archive_read_free(a);
	return rc;
}

static int enable_tar(struct archive *a)
{
	return archive_read_support_format_tar(a);
}
static int enable_cpio(struct archive *a)
{
	return archive_read_support_format_cpio(a);
}
static int enable_zip(struct archive *a)
{
	return archive_read_support_format_zip(a);
}
static int enable_7z(struct archive *a)
{
	return archive_read_support_format_7zip(a);
}
static int enable_ar(struct archive *a)
{
	return archive_read_support_format_ar(a);
}

#define ARCHIVE_EXTRACT(fmt)                                                  \
	static jcs_rc fmt##_extract(struct jcsi_extract *x, const uint8_t *d, \
				    size_t len, uint64_t *consumed)           \
	{                                                                     \
		return extract_with(x, d, len, consumed, enable_##fmt);       \
	}
ARCHIVE_EXTRACT(tar)

static uint64_t field(const uint8_t *p, int n, int base)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++) {
		int c = p[i], d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return UINT64_MAX;
		if (d >= base)
			return UINT64_MAX;
		v = v * (uint64_t)base + (uint64_t)d;
	}
	return v;
}

/*
 * The bytes of the cpio entries whose headers are sane, up to and with
 * the TRAILER!!! entry. libarchive allocates a header's name size before
 * it looks at how much input there is (4 GiB for a forged header), so it
 * only ever sees entries already checked here.
 */
static size_t cpio_span(const uint8_t *d, size_t len)
{
	size_t at = 0;

	while (at < len) {
		const uint8_t *h = d + at;
		uint64_t name, size, hdr, end;
		int newc;

		/* every field of every header must be digits of its base:
		   libarchive reads half-valid fields its own way */
		if (cpio_bid(h, len - at) < 0)
			break;
		newc = memcmp(h, "070701", 6) == 0 || memcmp(h, "070702", 6) == 0;
		if (newc) {
			if (!jcsi_in_bounds(len, at, 110))
				break;
			hdr = 110;
			size = field(h + 54, 8, 16);
			name = field(h + 94, 8, 16);
		} else if (memcmp(h, "070707", 6) == 0) {
			hdr = 76;
			name = field(h + 59, 6, 8);
			size = field(h + 65, 11, 8);
		} else {
			break;
		}
		if (name == UINT64_MAX || size == UINT64_MAX || name == 0 ||
		    name > 65536 || !jcsi_in_bounds(len, at, hdr + name))
			break;
		end = hdr + name;
		if (newc)
			end = (end + 3) & ~(uint64_t)3;
		if (!jcsi_in_bounds(len, at, end) ||
		    !jcsi_in_bounds(len, at + end, size))
			break;
		if (name == 11 && memcmp(h + hdr, "TRAILER!!!", 10) == 0)
			return at + (size_t)end;
		end += size;
		if (newc)
			end = (end + 3) & ~(uint64_t)3;
		at += (size_t)(end < len - at ? end : len - at);
	}
	return at;
}

static jcs_rc cpio_extract(struct jcsi_extract *x, const uint8_t *d,
			   size_t len, uint64_t *consumed)
{
	size_t span = cpio_span(d, len);

	if (span == 0)
		return JCS_E_FORMAT;
	if (span < len && !(jcsi_in_bounds(len, span, 0) && span == len))
		len = span; /* the rest is not cpio (or forged): never parsed */
	return extract_with(x, d, len, consumed, enable_cpio);
}

/* Streaming reads stop after the last local entry; the central directory
   and its end record still belong to the archive. */
static jcs_rc zip_extract(struct jcsi_extract *x, const uint8_t *d,
			  size_t len, uint64_t *consumed)
{
	jcs_rc rc = extract_with(x, d, len, consumed, enable_zip);
	const uint8_t *p = d + *consumed, *end = d + len;

	while (p && p + 22 <= end) {
		p = memmem(p, (size_t)(end - p), "PK\5\6", 4);
		if (!p || p + 22 > end)
			break;
		if (jcsi_le32(p + 16) <= (uint64_t)(p - d) &&
		    p + 22 + jcsi_le16(p + 20) <= end) {
			*consumed = (uint64_t)(p - d) + 22 + jcsi_le16(p + 20);
			break;
		}
		p++;
	}
	return rc;
}
ARCHIVE_EXTRACT(ar)

static jcs_rc sevenz_extract(struct jcsi_extract *x, const uint8_t *d,
			     size_t len, uint64_t *consumed)
{
	uint64_t off = jcsi_le64(d + 12), size = jcsi_le64(d + 20);

	/*
	 * The header database (at 32 + offset, SIZE bytes) must be present
	 * and match its CRC before libarchive reads it: libarchive sizes
	 * allocations from the fields inside (terabytes, when forged).
	 */
	if (!jcsi_in_bounds(len, 32, off) ||
	    !jcsi_in_bounds(len, 32 + off, size) || size == 0 ||
	    size > UINT32_MAX ||
	    crc32(0, d + 32 + off, (uInt)size) != jcsi_le32(d + 28)) {
		jcsi_fail(x, 12, "7z header database missing, truncated or "
			  "failing its CRC");
		return JCS_E_CORRUPT;
	}
	*consumed = 32 + off + size;
	return extract_with(x, d, (size_t)*consumed, consumed, enable_7z);
}

static const struct jcsi_magic tar_magics[] = {{"ustar", 5, 257},
					       {NULL, 0, 0}};
static const struct jcsi_magic cpio_magics[] = {
	{"070701", 6, 0}, {"070702", 6, 0}, {"070707", 6, 0}, {NULL, 0, 0}};
static const struct jcsi_magic zip_magics[] = {{"PK\3\4", 4, 0},
					       {NULL, 0, 0}};
static const struct jcsi_magic sevenz_magics[] = {
	{"7z\xbc\xaf\x27\x1c", 6, 0}, {NULL, 0, 0}};
static const struct jcsi_magic ar_magics[] = {{"!<arch>\n", 8, 0},
					      {NULL, 0, 0}};

const struct jcsi_unpacker jcsi_unpacker_tar = {"tar", tar_magics, tar_bid,
						tar_extract, 0};
const struct jcsi_unpacker jcsi_unpacker_cpio = {"cpio", cpio_magics,
						 cpio_bid, cpio_extract, 0};
const struct jcsi_unpacker jcsi_unpacker_zip = {"zip", zip_magics, zip_bid,
						zip_extract, 0};
const struct jcsi_unpacker jcsi_unpacker_7z = {"7z", sevenz_magics,
					       sevenz_bid, sevenz_extract, 0};
const struct jcsi_unpacker jcsi_unpacker_ar = {"ar", ar_magics, ar_bid,
					       ar_extract, 0};

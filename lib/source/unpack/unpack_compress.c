/*
 * unpack_compress.c - single compressed streams: gzip (zlib), xz and
 * LZMA-alone (liblzma), bzip2 (libbz2), zstd (libzstd) and lz4 frame and
 * legacy (liblz4). Each stream becomes one file; what it holds is found
 * by the engine's recursion.
 */
#include <string.h>

#include <bzlib.h>
#include <lz4.h>
#include <lz4frame.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include "../../core/mem.h"
#include "unpack_int.h"

#define CHUNK (256 * 1024)

/* One output file per stream, opened on the first decoded bytes. */
struct out {
	struct jcsi_extract *x;
	struct jcsi_file *f;
	const char *name;
	jcs_rc rc;
};

static jcs_rc out_write(struct out *o, const void *p, size_t n)
{
	if (o->rc != JCS_OK)
		return o->rc;
	if (!o->f) {
		struct jcsi_entry e = {.path = o->name, .kind = JCSI_FILE,
				       .mode = 0644};

		o->rc = jcsi_file_open(o->x, &e, &o->f);
		if (o->rc != JCS_OK)
			return o->rc;
	}
	o->rc = jcsi_file_write(o->f, p, n);
	return o->rc;
}

/* Finish the output; DAMAGED: the stream broke off. */
static jcs_rc out_close(struct out *o, int damaged, jcs_rc why)
{
	if (o->f)
		jcsi_file_close(o->f, damaged);
	if (o->rc != JCS_OK)
		return o->rc;
	if (!o->f)
		return damaged ? why : JCS_OK;
	return JCS_OK;
}

static void out_init(struct out *o, struct jcsi_extract *x, const char *name)
{
	o->x = x;
	o->f = NULL;
	o->name = name && name[0] ? name : jcsi_source_stem(x);
	o->rc = JCS_OK;
}

/* --- gzip ------------------------------------------------------------ */

static int gzip_bid(const uint8_t *d, size_t len)
{
	if (len < 18 || d[0] != 0x1f || d[1] != 0x8b || d[2] != 8)
		return -1;
	if (d[3] & 0xe0)
		return -1; /* reserved flag bits */
	if (d[9] > 13 && d[9] != 255)
		return -1; /* operating system byte */
	return 24 + 3 + 4;
}

/* The stored file name (FNAME), if any: a name, not a path. */
static void gzip_name(const uint8_t *d, size_t len, char *name, size_t cap)
{
	size_t p = 10, k = 0;

	name[0] = '\0';
	if (d[3] & 4) { /* FEXTRA */
		if (!jcsi_in_bounds(len, p, 2))
			return;
		p += 2 + jcsi_le16(d + p);
	}
	if (!(d[3] & 8))
		return;
	while (p < len && d[p] && k + 1 < cap) {
		char c = (char)d[p++];

		name[k++] = c == '/' ? '_' : c;
	}
	name[k] = '\0';
	if (strcmp(name, "..") == 0 || strcmp(name, ".") == 0)
		name[0] = '\0';
}

static jcs_rc gzip_extract(struct jcsi_extract *x, const uint8_t *d,
			   size_t len, uint64_t *consumed)
{
	uint8_t *buf = jcsi_malloc(CHUNK);
	char name[256];
	struct out o;
	z_stream z;
	size_t pos = 0;
	int zr = Z_OK, damaged = 0;

	if (!buf)
		return JCS_E_NOMEM;
	gzip_name(d, len, name, sizeof(name));
	out_init(&o, x, name);
	/* concatenated members form one file (gzip -c a b > c) */
	while (pos < len && gzip_bid(d + pos, len - pos) >= 0) {
		memset(&z, 0, sizeof(z));
		if (inflateInit2(&z, 16 + 15) != Z_OK) {
			o.rc = JCS_E_NOMEM;
			break;
		}
		z.next_in = (Bytef *)(d + pos);
		z.avail_in = (uInt)(len - pos > UINT32_MAX ? UINT32_MAX
							   : len - pos);
		do {
			z.next_out = buf;
			z.avail_out = CHUNK;
			zr = inflate(&z, Z_NO_FLUSH);
			if (zr != Z_OK && zr != Z_STREAM_END &&
			    !(zr == Z_BUF_ERROR && z.avail_out == 0))
				break;
			if (out_write(&o, buf, CHUNK - z.avail_out))
				break;
		} while (zr != Z_STREAM_END);
		pos += z.total_in;
		inflateEnd(&z);
		if (zr != Z_STREAM_END || o.rc != JCS_OK) {
			damaged = 1;
			break;
		}
	}
	if (damaged && o.rc == JCS_OK)
		jcsi_fail(x, pos, "gzip stream damaged or truncated (%s)",
			  zr == Z_DATA_ERROR ? "data error" : "ends early");
	*consumed = pos;
	jcsi_free(buf);
	return out_close(&o, damaged, JCS_E_CORRUPT);
}

/* --- xz and LZMA-alone (liblzma) ------------------------------------ */

static int xz_bid(const uint8_t *d, size_t len)
{
	static const uint8_t magic[6] = {0xfd, '7', 'z', 'X', 'Z', 0};

	if (len < 32 || memcmp(d, magic, 6) != 0)
		return -1;
	if (lzma_crc32(d + 6, 2, 0) != jcsi_le32(d + 8))
		return -1;
	return 48 + 32;
}

/* A dictionary size as encoders write it: 2^n or 2^n + 2^(n-1). */
static int plausible_dict(uint32_t dict)
{
	for (int n = 12; n <= 30; n++) {
		if (dict == (1u << n) || dict == (1u << n) + (1u << (n - 1)))
			return 1;
	}
	return 0;
}

static int lzma_bid(const uint8_t *d, size_t len)
{
	uint64_t size;

	if (len < 14 || d[0] >= 9 * 5 * 5)
		return -1;
	if (!plausible_dict(jcsi_le32(d + 1)))
		return -1;
	size = jcsi_le64(d + 5);
	if (size != UINT64_MAX && (size == 0 || size > (1ull << 34)))
		return -1;
	/* first LZMA byte of a stream is always 0 (range coder init) */
	if (d[13] != 0)
		return -1;
	return 8 + 20 + 16 + 8;
}

static jcs_rc lz_run(struct jcsi_extract *x, lzma_stream *s,
		     const uint8_t *d, size_t len, uint64_t *consumed,
		     const char *what)
{
	uint8_t *buf = jcsi_malloc(CHUNK);
	struct out o;
	lzma_ret r = LZMA_OK;
	int damaged = 0;

	if (!buf) {
		lzma_end(s);
		return JCS_E_NOMEM;
	}
	out_init(&o, x, NULL);
	s->next_in = d;
	s->avail_in = len;
	do {
		s->next_out = buf;
		s->avail_out = CHUNK;
		r = lzma_code(s, LZMA_FINISH);
		if (out_write(&o, buf, CHUNK - s->avail_out))
			break;
	} while (r == LZMA_OK);
	if (r != LZMA_STREAM_END) {
		damaged = 1;
		if (o.rc == JCS_OK && o.f)
			jcsi_fail(x, s->total_in, "%s stream damaged or "
				  "truncated (liblzma error %d)", what, (int)r);
	}
	*consumed = s->total_in;
	lzma_end(s);
	jcsi_free(buf);
	return out_close(&o, damaged, JCS_E_CORRUPT);
}

static jcs_rc xz_extract(struct jcsi_extract *x, const uint8_t *d, size_t len,
			 uint64_t *consumed)
{
	lzma_stream s = LZMA_STREAM_INIT;

	if (lzma_stream_decoder(&s, 1ull << 30, 0) != LZMA_OK)
		return JCS_E_NOMEM;
	return lz_run(x, &s, d, len, consumed, "xz");
}

static jcs_rc lzma_extract(struct jcsi_extract *x, const uint8_t *d,
			   size_t len, uint64_t *consumed)
{
	lzma_stream s = LZMA_STREAM_INIT;

	if (lzma_alone_decoder(&s, 1ull << 30) != LZMA_OK)
		return JCS_E_NOMEM;
	return lz_run(x, &s, d, len, consumed, "lzma");
}

/* --- bzip2 ----------------------------------------------------------- */

static int bzip2_bid(const uint8_t *d, size_t len)
{
	static const uint8_t block[6] = {0x31, 0x41, 0x59, 0x26, 0x53, 0x59};

	if (len < 14 || d[0] != 'B' || d[1] != 'Z' || d[2] != 'h' ||
	    d[3] < '1' || d[3] > '9' || memcmp(d + 4, block, 6) != 0)
		return -1;
	return 32 + 48;
}

static jcs_rc bzip2_extract(struct jcsi_extract *x, const uint8_t *d,
			    size_t len, uint64_t *consumed)
{
	char *buf = jcsi_malloc(CHUNK);
	struct out o;
	size_t pos = 0;
	int br = BZ_OK, damaged = 0;

	if (!buf)
		return JCS_E_NOMEM;
	out_init(&o, x, NULL);
	while (pos < len && bzip2_bid(d + pos, len - pos) >= 0) {
		bz_stream z;
		uint64_t in;

		memset(&z, 0, sizeof(z));
		if (BZ2_bzDecompressInit(&z, 0, 0) != BZ_OK) {
			o.rc = JCS_E_NOMEM;
			break;
		}
		z.next_in = (char *)(d + pos);
		z.avail_in = (unsigned)(len - pos > UINT32_MAX ? UINT32_MAX
							       : len - pos);
		do {
			z.next_out = buf;
			z.avail_out = CHUNK;
			br = BZ2_bzDecompress(&z);
			if (br != BZ_OK && br != BZ_STREAM_END)
				break;
			if (out_write(&o, buf, CHUNK - z.avail_out))
				break;
			if (br == BZ_OK && z.avail_in == 0 &&
			    z.avail_out != 0) {
				br = BZ_UNEXPECTED_EOF;
				break;
			}
		} while (br != BZ_STREAM_END);
		in = ((uint64_t)z.total_in_hi32 << 32) | z.total_in_lo32;
		pos += in;
		BZ2_bzDecompressEnd(&z);
		if (br != BZ_STREAM_END || o.rc != JCS_OK) {
			damaged = 1;
			if (o.rc == JCS_OK)
				jcsi_fail(x, pos, "bzip2 stream damaged or "
					  "truncated (error %d)", br);
			break;
		}
	}
	*consumed = pos;
	jcsi_free(buf);
	return out_close(&o, damaged, JCS_E_CORRUPT);
}

/* --- zstd ------------------------------------------------------------ */

static int zstd_bid(const uint8_t *d, size_t len)
{
	if (len < 9 || jcsi_le32(d) != 0xFD2FB528u)
		return -1;
	if (d[4] & 0x08)
		return -1; /* reserved bit of the frame header descriptor */
	return 32 + 1;
}

static jcs_rc zstd_extract(struct jcsi_extract *x, const uint8_t *d,
			   size_t len, uint64_t *consumed)
{
	uint8_t *buf = jcsi_malloc(CHUNK);
	ZSTD_DStream *z = ZSTD_createDStream();
	struct out o;
	size_t pos = 0;
	int damaged = 0;

	if (!z || !buf) {
		ZSTD_freeDStream(z);
		jcsi_free(buf);
		return JCS_E_NOMEM;
	}
	ZSTD_DCtx_setParameter(z, ZSTD_d_windowLogMax, 27);
	out_init(&o, x, NULL);
	while (pos < len && zstd_bid(d + pos, len - pos) >= 0) {
		ZSTD_inBuffer in = {d + pos, len - pos, 0};
		size_t r = 1;

		ZSTD_DCtx_reset(z, ZSTD_reset_session_only);
		while (r != 0) {
			ZSTD_outBuffer ob = {buf, CHUNK, 0};

			r = ZSTD_decompressStream(z, &ob, &in);
			if (ZSTD_isError(r))
				break;
			if (out_write(&o, buf, ob.pos))
				break;
			if (r != 0 && in.pos == in.size && ob.pos < ob.size) {
				r = (size_t)-1; /* input ends mid-frame */
				break;
			}
		}
		pos += in.pos;
		if (r != 0 || o.rc != JCS_OK) {
			damaged = 1;
			if (o.rc == JCS_OK)
				jcsi_fail(x, pos, "zstd frame damaged or "
					  "truncated");
			break;
		}
	}
	ZSTD_freeDStream(z);
	jcsi_free(buf);
	*consumed = pos;
	return out_close(&o, damaged, JCS_E_CORRUPT);
}

/* --- lz4 ------------------------------------------------------------- */

#define LZ4_LEGACY_MAGIC 0x184C2102u
#define LZ4_LEGACY_BLOCK (8u << 20)

static int lz4_bid(const uint8_t *d, size_t len)
{
	if (len < 7 || jcsi_le32(d) != 0x184D2204u)
		return -1;
	if ((d[4] >> 6) != 1 || (d[4] & 0x02) || (d[5] & 0x8f))
		return -1; /* version 01, reserved bits zero */
	return 32 + 8;
}

static int lz4_legacy_bid(const uint8_t *d, size_t len)
{
	uint32_t first;

	if (len < 8 || jcsi_le32(d) != LZ4_LEGACY_MAGIC)
		return -1;
	first = jcsi_le32(d + 4);
	if (first == 0 || first > LZ4_COMPRESSBOUND(LZ4_LEGACY_BLOCK))
		return -1;
	return 32 + 8;
}

static jcs_rc lz4_extract(struct jcsi_extract *x, const uint8_t *d,
			  size_t len, uint64_t *consumed)
{
	uint8_t *buf = jcsi_malloc(CHUNK);
	LZ4F_dctx *z = NULL;
	struct out o;
	size_t pos = 0, r = 1;
	int damaged = 0;

	if (!buf ||
	    LZ4F_isError(LZ4F_createDecompressionContext(&z, LZ4F_VERSION))) {
		jcsi_free(buf);
		return JCS_E_NOMEM;
	}
	out_init(&o, x, NULL);
	while (r != 0 && pos < len) {
		size_t in = len - pos, outn = CHUNK;

		r = LZ4F_decompress(z, buf, &outn, d + pos, &in, NULL);
		pos += in;
		if (LZ4F_isError(r))
			break;
		if (out_write(&o, buf, outn))
			break;
		if (in == 0 && outn == 0)
			break;
	}
	if (r != 0 || o.rc != JCS_OK) {
		damaged = 1;
		if (o.rc == JCS_OK)
			jcsi_fail(x, pos, "lz4 frame damaged or truncated");
	}
	LZ4F_freeDecompressionContext(z);
	jcsi_free(buf);
	*consumed = pos;
	return out_close(&o, damaged, JCS_E_CORRUPT);
}

/* Legacy frames (Linux kernels): blocks of u32 size + data, each up to
   8 MiB decoded, until the input ends or the next word is not a size. */
static jcs_rc lz4_legacy_extract(struct jcsi_extract *x, const uint8_t *d,
				 size_t len, uint64_t *consumed)
{
	const uint32_t bound = LZ4_COMPRESSBOUND(LZ4_LEGACY_BLOCK);
	uint8_t *buf = jcsi_malloc(LZ4_LEGACY_BLOCK);
	struct out o;
	size_t pos = 4;
	int damaged = 0;

	if (!buf)
		return JCS_E_NOMEM;
	out_init(&o, x, NULL);
	while (jcsi_in_bounds(len, pos, 4)) {
		uint32_t n = jcsi_le32(d + pos);
		int got;

		if (n == 0 || n > bound || n == LZ4_LEGACY_MAGIC)
			break;
		if (!jcsi_in_bounds(len, pos + 4, n)) {
			damaged = 1;
			jcsi_fail(x, pos, "lz4 legacy block truncated");
			break;
		}
		got = LZ4_decompress_safe((const char *)d + pos + 4,
					  (char *)buf, (int)n,
					  (int)LZ4_LEGACY_BLOCK);
		if (got < 0) {
			if (o.f == NULL) {
				damaged = 1;
				break;
			}
			break; /* not a block: the stream has ended */
		}
		pos += 4 + n;
		if (out_write(&o, buf, (size_t)got))
			break;
	}
	jcsi_free(buf);
	*consumed = pos;
	return out_close(&o, damaged, JCS_E_CORRUPT);
}

/* --- registrations --------------------------------------------------- */

static const struct jcsi_magic gzip_magics[] = {{"\x1f\x8b\x08", 3, 0},
						{NULL, 0, 0}};
static const struct jcsi_magic xz_magics[] = {{"\xfd" "7zXZ\0", 6, 0},
					      {NULL, 0, 0}};
/* props 0x5d (lc=3 lp=0 pb=2, what every encoder uses) + dict sizes */
static const struct jcsi_magic lzma_magics[] = {
	{"\x5d\x00\x00\x01\x00", 5, 0}, {"\x5d\x00\x00\x02\x00", 5, 0},
	{"\x5d\x00\x00\x04\x00", 5, 0}, {"\x5d\x00\x00\x08\x00", 5, 0},
	{"\x5d\x00\x00\x10\x00", 5, 0}, {"\x5d\x00\x00\x20\x00", 5, 0},
	{"\x5d\x00\x00\x40\x00", 5, 0}, {"\x5d\x00\x00\x80\x00", 5, 0},
	{"\x5d\x00\x00\x00\x01", 5, 0}, {"\x5d\x00\x00\x00\x02", 5, 0},
	{"\x5d\x00\x00\x00\x04", 5, 0}, {"\x5d\x00\x80\x00\x00", 5, 0},
	{NULL, 0, 0}};
static const struct jcsi_magic bzip2_magics[] = {{"BZh", 3, 0},
						 {NULL, 0, 0}};
static const struct jcsi_magic zstd_magics[] = {{"\x28\xb5\x2f\xfd", 4, 0},
						{NULL, 0, 0}};
static const struct jcsi_magic lz4_magics[] = {{"\x04\x22\x4d\x18", 4, 0},
					       {NULL, 0, 0}};
static const struct jcsi_magic lz4l_magics[] = {{"\x02\x21\x4c\x18", 4, 0},
						{NULL, 0, 0}};

const struct jcsi_unpacker jcsi_unpacker_gzip = {
	"gzip", gzip_magics, gzip_bid, gzip_extract, 0};
const struct jcsi_unpacker jcsi_unpacker_xz = {"xz", xz_magics, xz_bid,
					       xz_extract, 0};
const struct jcsi_unpacker jcsi_unpacker_lzma = {
	"lzma", lzma_magics, lzma_bid, lzma_extract, 0};
const struct jcsi_unpacker jcsi_unpacker_bzip2 = {
	"bzip2", bzip2_magics, bzip2_bid, bzip2_extract, 0};
const struct jcsi_unpacker jcsi_unpacker_zstd = {
	"zstd", zstd_magics, zstd_bid, zstd_extract, 0};
const struct jcsi_unpacker jcsi_unpacker_lz4 = {"lz4", lz4_magics, lz4_bid,
						lz4_extract, 0};
const struct jcsi_unpacker jcsi_unpacker_lz4_legacy = {
	"lz4-legacy", lz4l_magics, lz4_legacy_bid, lz4_legacy_extract, 0};

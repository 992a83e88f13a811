/*
 * test_vendor_headers.c - the vendor-header unpackers: U-Boot legacy
 * uImage (unpack_uimage.c), U-Boot FIT (unpack_fit.c) and Broadcom TRX
 * (unpack_trx.c). Every image is built here, CRCs computed with zlib and
 * trees written with libfdt's sequential-write API, so each test states
 * exactly which field is good or hostile. Runs through the public
 * jcs_unpack_buffer() dry run, restricted to one format.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <ftw.h>
#include <jansson.h>
#include <libfdt.h>
#include <stdio.h>
#include <unistd.h>
#include <zlib.h>

#include "jcstar/jcstar.h"

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static struct jcs_unpack_stats run(const void *d, size_t n, const char *fmt)
{
	struct jcs_unpack_stats s;

	memset(&s, 0xa5, sizeof(s));
	assert_int_equal(jcs_unpack_buffer(d, n, fmt, &s), JCS_OK);
	return s;
}

/* --- uImage ---------------------------------------------------------- */

/*
 * A uImage in BUF: header + PAYLOAD (N bytes), type TYPE. The data CRC
 * covers DATA_CRC_LEN bytes (pass N for a correct one); the header CRC
 * is always right unless BAD_HCRC. Returns the total length.
 */
static size_t make_uimage(uint8_t *buf, uint8_t type, const uint8_t *payload,
			  uint32_t n, uint32_t declared, int bad_dcrc,
			  int bad_hcrc)
{
	uint32_t dcrc = (uint32_t)crc32(0, payload, n);

	memset(buf, 0, 64);
	put_be32(buf, 0x27051956u);
	put_be32(buf + 8, 1700000000u);
	put_be32(buf + 12, declared);
	put_be32(buf + 16, 0x80000000u);
	put_be32(buf + 20, 0x80000400u);
	put_be32(buf + 24, bad_dcrc ? dcrc ^ 1 : dcrc);
	buf[28] = 5;  /* linux */
	buf[29] = 5;  /* mips */
	buf[30] = type;
	buf[31] = 1;  /* gzip */
	memcpy(buf + 32, "test\x01name", 9);
	memcpy(buf + 64, payload, n);
	put_be32(buf + 4, (uint32_t)crc32(0, buf, 64) ^ (bad_hcrc ? 1u : 0u));
	return 64 + n;
}

static void test_uimage_kernel(void **state)
{
	static const uint8_t pay[] = "not really a kernel, but 40 bytes long.";
	uint8_t img[256];
	struct jcs_unpack_stats s;
	size_t n;

	(void)state;
	n = make_uimage(img, 2, pay, sizeof(pay), sizeof(pay), 0, 0);
	s = run(img, n, "uimage");
	assert_int_equal(s.containers, 1);
	assert_int_equal(s.files, 1);
	assert_int_equal(s.failures, 0);
	assert_int_equal(s.bytes_out, sizeof(pay));

	/* data CRC wrong: recorded, payload still extracted */
	n = make_uimage(img, 2, pay, sizeof(pay), sizeof(pay), 1, 0);
	s = run(img, n, "uimage");
	assert_int_equal(s.files, 1);
	assert_int_equal(s.failures, 1);

	/* header CRC wrong: not a uImage at all */
	n = make_uimage(img, 2, pay, sizeof(pay), sizeof(pay), 0, 1);
	s = run(img, n, "uimage");
	assert_int_equal(s.containers, 0);
	assert_int_equal(s.files, 0);

	/* header only, cut anywhere in it: no bid, no read past the end */
	n = make_uimage(img, 2, pay, sizeof(pay), sizeof(pay), 0, 0);
	for (size_t cut = 0; cut < 64; cut++) {
		s = run(img, cut, "uimage");
		assert_int_equal(s.files, 0);
	}
}

static void test_uimage_truncated(void **state)
{
	static const uint8_t pay[32] = {1, 2, 3};
	uint8_t img[256];
	struct jcs_unpack_stats s;
	size_t n;

	(void)state;
	/* ih_size says 4 GiB - 1: what is present comes out, marked */
	n = make_uimage(img, 3, pay, sizeof(pay), 0xffffffffu, 0, 0);
	s = run(img, n, "uimage");
	assert_int_equal(s.files, 1);
	assert_int_equal(s.bytes_out, sizeof(pay));
	assert_true(s.failures >= 1);

	/* and with nothing at all after the header */
	s = run(img, 64, "uimage");
	assert_int_equal(s.files, 1);
	assert_int_equal(s.bytes_out, 0);
	assert_true(s.failures >= 1);
}

static void test_uimage_multi(void **state)
{
	uint8_t pay[64], img[256];
	struct jcs_unpack_stats s;
	size_t n;

	(void)state;
	/* two images of 5 and 8 bytes: the first padded to 8 */
	memset(pay, 0, sizeof(pay));
	put_be32(pay, 5);
	put_be32(pay + 4, 8);
	put_be32(pay + 8, 0);
	memcpy(pay + 12, "AAAAA\0\0\0BBBBBBBB", 16);
	n = make_uimage(img, 4, pay, 28, 28, 0, 0);
	s = run(img, n, "uimage");
	assert_int_equal(s.files, 2);
	assert_int_equal(s.bytes_out, 13);
	assert_int_equal(s.failures, 0);

	/* a script image uses the same table */
	n = make_uimage(img, 6, pay, 28, 28, 0, 0);
	s = run(img, n, "uimage");
	assert_int_equal(s.files, 2);

	/* no terminator: the payload comes out whole, unsplit */
	for (int i = 0; i < 16; i++)
		put_be32(pay + 4 * i, 1);
	n = make_uimage(img, 4, pay, 64, 64, 0, 0);
	s = run(img, n, "uimage");
	assert_int_equal(s.files, 1);
	assert_int_equal(s.bytes_out, 64);
	assert_true(s.failures >= 1);

	/* sizes that overflow a 32-bit sum and the buffer */
	memset(pay, 0, sizeof(pay));
	put_be32(pay, 0xfffffffcu);
	put_be32(pay + 4, 0xfffffffcu);
	put_be32(pay + 8, 0x10);
	put_be32(pay + 12, 0);
	n = make_uimage(img, 4, pay, 40, 40, 0, 0);
	s = run(img, n, "uimage");
	assert_int_equal(s.files, 1); /* the short first one, marked */
	assert_int_equal(s.bytes_out, 40 - 16);
	assert_true(s.failures >= 1);

	/* an empty table (terminator only) */
	memset(pay, 0, sizeof(pay));
	n = make_uimage(img, 4, pay, 4, 4, 0, 0);
	s = run(img, n, "uimage");
	assert_int_equal(s.files, 0);

	/* an empty payload: no table at all */
	n = make_uimage(img, 4, pay, 0, 0, 0, 0);
	s = run(img, n, "uimage");
	assert_int_equal(s.bytes_out, 0);
	assert_true(s.failures >= 1);
}

/* --- TRX ------------------------------------------------------------- */

/* A TRX of LEN bytes (header + filler) with OFFS (NOFF of them). */
static size_t make_trx(uint8_t *buf, size_t len, int version,
		       const uint32_t *offs, int noff, int bad_crc)
{
	size_t hdr = version == 2 ? 32 : 28;
	uint32_t crc;

	for (size_t i = hdr; i < len; i++)
		buf[i] = (uint8_t)(i * 7);
	memcpy(buf, "HDR0", 4);
	put_le32(buf + 4, (uint32_t)len);
	buf[12] = 0;
	buf[13] = 0;
	buf[14] = (uint8_t)version;
	buf[15] = 0;
	memset(buf + 16, 0, hdr - 16);
	for (int i = 0; i < noff; i++)
		put_le32(buf + 16 + 4 * i, offs[i]);
	crc = (uint32_t)crc32(0, buf + 12, (uInt)(len - 12)) ^ 0xffffffffu;
	put_le32(buf + 8, bad_crc ? crc ^ 1 : crc);
	return len;
}

static void test_trx(void **state)
{
	static uint8_t buf[1024];
	const uint32_t v1[] = {28, 100, 600};
	const uint32_t v2[] = {32, 64, 128, 512};
	const uint32_t two[] = {28, 300, 0};
	struct jcs_unpack_stats s;
	size_t n;

	(void)state;
	n = make_trx(buf, 1000, 1, v1, 3, 0);
	s = run(buf, n, "trx");
	assert_int_equal(s.containers, 1);
	assert_int_equal(s.files, 3);
	assert_int_equal(s.bytes_out, 1000 - 28);
	assert_int_equal(s.failures, 0);

	n = make_trx(buf, 1000, 2, v2, 4, 0);
	s = run(buf, n, "trx");
	assert_int_equal(s.files, 4);
	assert_int_equal(s.bytes_out, 1000 - 32);
	assert_int_equal(s.failures, 0);

	n = make_trx(buf, 1000, 1, two, 3, 0);
	s = run(buf, n, "trx");
	assert_int_equal(s.files, 2);

	/* bad CRC: recorded, partitions still extracted */
	n = make_trx(buf, 1000, 1, v1, 3, 1);
	s = run(buf, n, "trx");
	assert_int_equal(s.files, 3);
	assert_int_equal(s.failures, 1);

	/* truncated: the buffer holds 700 of 1000 bytes */
	make_trx(buf, 1000, 1, v1, 3, 0);
	s = run(buf, 700, "trx");
	assert_int_equal(s.files, 3);
	assert_int_equal(s.bytes_out, 700 - 28);
	assert_true(s.failures >= 1);
	/* ... or only its header */
	s = run(buf, 28, "trx");
	assert_int_equal(s.files, 0);
	for (size_t cut = 0; cut < 28; cut++) {
		s = run(buf, cut, "trx");
		assert_int_equal(s.containers, 0);
	}
}

static void test_trx_hostile(void **state)
{
	static uint8_t buf[1024];
	const uint32_t beyond[] = {28, 100, 5000};
	const uint32_t descending[] = {28, 600, 100};
	const uint32_t in_header[] = {4, 100, 0};
	const uint32_t none[] = {0, 0, 0};
	const uint32_t v1[] = {28, 100, 600};
	struct jcs_unpack_stats s;
	size_t n;

	(void)state;
	n = make_trx(buf, 1000, 1, beyond, 3, 0);
	s = run(buf, n, "trx");
	assert_int_equal(s.containers, 0);
	assert_int_equal(s.files, 0);

	n = make_trx(buf, 1000, 1, descending, 3, 0);
	s = run(buf, n, "trx");
	assert_int_equal(s.containers, 0);

	n = make_trx(buf, 1000, 1, in_header, 3, 0);
	s = run(buf, n, "trx");
	assert_int_equal(s.containers, 0);

	n = make_trx(buf, 1000, 1, none, 3, 0);
	s = run(buf, n, "trx");
	assert_int_equal(s.containers, 0);

	/* length smaller than the header */
	n = make_trx(buf, 1000, 1, v1, 3, 0);
	put_le32(buf + 4, 20);
	s = run(buf, n, "trx");
	assert_int_equal(s.containers, 0);

	/* unknown version */
	n = make_trx(buf, 1000, 3, v1, 3, 0);
	s = run(buf, n, "trx");
	assert_int_equal(s.containers, 0);
}

/* --- FIT ------------------------------------------------------------- */

#define FDT_OK(call) assert_int_equal((call), 0)

/*
 * A FIT in BUF (CAP bytes): kernel-1 embedded; if EXT_OFF is not ~0,
 * ramdisk-1 external at data-offset EXT_OFF with EXT_SIZE bytes; a
 * signature node if IS_SIGNED (> 0: with a value, < 0: the empty node
 * mkimage leaves without a key); no /images at all if PLAIN. Returns the
 * tree's size (external data, if any, goes after it: see callers).
 */
static size_t make_fit(uint8_t *buf, size_t cap, uint32_t ext_off,
		       uint32_t ext_size, int is_signed, int plain)
{
	static const char kernel[] = "\x1f\x8b kernel bytes";

	FDT_OK(fdt_create(buf, (int)cap));
	FDT_OK(fdt_finish_reservemap(buf));
	FDT_OK(fdt_begin_node(buf, ""));
	FDT_OK(fdt_property_string(buf, "description", "unit test FIT"));
	if (plain) {
		FDT_OK(fdt_begin_node(buf, "cpus"));
		FDT_OK(fdt_property_u32(buf, "#size-cells", 0));
		FDT_OK(fdt_end_node(buf));
	} else {
		FDT_OK(fdt_begin_node(buf, "images"));
		FDT_OK(fdt_begin_node(buf, "kernel-1"));
		FDT_OK(fdt_property_string(buf, "type", "kernel"));
		FDT_OK(fdt_property_string(buf, "arch", "arm64"));
		FDT_OK(fdt_property_string(buf, "os", "linux"));
		FDT_OK(fdt_property_string(buf, "compression", "gzip"));
		FDT_OK(fdt_property(buf, "data", kernel, sizeof(kernel)));
		FDT_OK(fdt_begin_node(buf, "hash-1"));
		FDT_OK(fdt_property_string(buf, "algo", "sha256"));
		FDT_OK(fdt_end_node(buf));
		FDT_OK(fdt_end_node(buf));
		if (ext_off != ~0u) {
			FDT_OK(fdt_begin_node(buf, "ramdisk-1"));
			FDT_OK(fdt_property_string(buf, "type", "ramdisk"));
			FDT_OK(fdt_property_u32(buf, "data-offset", ext_off));
			FDT_OK(fdt_property_u32(buf, "data-size", ext_size));
			FDT_OK(fdt_end_node(buf));
		}
		FDT_OK(fdt_end_node(buf));
		FDT_OK(fdt_begin_node(buf, "configurations"));
		FDT_OK(fdt_property_string(buf, "default", "conf-1"));
		FDT_OK(fdt_begin_node(buf, "conf-1"));
		FDT_OK(fdt_property_string(buf, "kernel", "kernel-1"));
		if (is_signed) {
			FDT_OK(fdt_begin_node(buf, "signature-1"));
			FDT_OK(fdt_property_string(buf, "algo",
						   "sha256,rsa2048"));
			FDT_OK(fdt_property_string(buf, "key-name-hint",
						   "dev"));
			if (is_signed > 0)
				FDT_OK(fdt_property(buf, "value", "\0\1\2\3",
						    4));
			FDT_OK(fdt_end_node(buf));
		}
		FDT_OK(fdt_end_node(buf));
		FDT_OK(fdt_end_node(buf));
	}
	FDT_OK(fdt_end_node(buf));
	FDT_OK(fdt_finish(buf));
	return fdt_totalsize(buf);
}

static void test_fit(void **state)
{
	static uint8_t buf[4096];
	struct jcs_unpack_stats s;
	size_t n, data;

	(void)state;
	n = make_fit(buf, sizeof(buf), ~0u, 0, 0, 0);
	s = run(buf, n, "fit");
	assert_int_equal(s.containers, 1);
	assert_int_equal(s.files, 1);
	assert_int_equal(s.failures, 0);

	n = make_fit(buf, sizeof(buf), ~0u, 0, 1, 0);
	s = run(buf, n, "fit");
	assert_int_equal(s.files, 1);

	/* external data: 100 bytes after the 4-aligned end of the tree */
	n = make_fit(buf, 2048, 0, 100, 0, 0);
	data = (n + 3) & ~(size_t)3;
	memset(buf + n, 0x5a, data + 100 - n);
	s = run(buf, data + 100, "fit");
	assert_int_equal(s.files, 2);
	assert_int_equal(s.failures, 0);

	/* external data partly present: written short and marked */
	s = run(buf, data + 60, "fit");
	assert_int_equal(s.files, 2);
	assert_true(s.failures >= 1);
}

static void test_fit_hostile(void **state)
{
	static uint8_t buf[4096];
	struct jcs_unpack_stats s;
	size_t n;

	(void)state;
	/* a plain device tree: no bid, so it stays a plain file */
	n = make_fit(buf, sizeof(buf), ~0u, 0, 0, 1);
	s = run(buf, n, "fit");
	assert_int_equal(s.containers, 0);
	assert_int_equal(s.files, 0);
	assert_int_equal(s.failures, 0);

	/* data-offset far outside the buffer, and one that would wrap */
	n = make_fit(buf, 2048, 0x7ffffff0u, 100, 0, 0);
	s = run(buf, n, "fit");
	assert_int_equal(s.files, 1); /* the embedded kernel only */
	assert_true(s.failures >= 1);
	n = make_fit(buf, 2048, 0xfffffffcu, 0xffffffffu, 0, 0);
	s = run(buf, n, "fit");
	assert_int_equal(s.files, 1);
	assert_true(s.failures >= 1);

	/* the tree cut short: no read past the end at any length */
	n = make_fit(buf, sizeof(buf), ~0u, 0, 1, 0);
	for (size_t cut = 0; cut < n; cut++) {
		s = run(buf, cut, "fit");
		assert_int_equal(s.files, 0);
	}

	/* totalsize larger than the buffer */
	n = make_fit(buf, sizeof(buf), ~0u, 0, 0, 0);
	put_be32(buf + 4, (uint32_t)n + 4096);
	s = run(buf, n, "fit");
	assert_int_equal(s.files, 0);

	/* a corrupt structure block: fdt_check_full refuses it */
	n = make_fit(buf, sizeof(buf), ~0u, 0, 0, 0);
	put_be32(buf + fdt_off_dt_struct(buf) + 8, 0x77777777u);
	s = run(buf, n, "fit");
	assert_int_equal(s.files, 0);
}

static int rm_one(const char *p, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p);
}

/* The container's "info" member for the FIT in the manifest of BUF. */
static json_t *fit_info(const uint8_t *buf, size_t n)
{
	char dir[] = "/tmp/jcs-vh-XXXXXX", img[64], out[64], man[80];
	struct jcs_unpack_opts o;
	struct jcs_unpack_stats s;
	json_t *root, *c, *info = NULL;
	size_t i;
	FILE *f;

	assert_non_null(mkdtemp(dir));
	snprintf(img, sizeof(img), "%s/fit.itb", dir);
	snprintf(out, sizeof(out), "%s/out", dir);
	snprintf(man, sizeof(man), "%s/manifest.json", out);
	f = fopen(img, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, n, f), n);
	fclose(f);
	jcs_unpack_opts_default(&o);
	assert_int_equal(jcs_unpack(img, out, &o, &s, NULL, 0), JCS_OK);
	root = json_load_file(man, 0, NULL);
	assert_non_null(root);
	json_array_foreach(json_object_get(root, "containers"), i, c) {
		if (strcmp(json_string_value(json_object_get(c, "format")),
			   "fit") == 0)
			info = json_incref(json_object_get(c, "info"));
	}
	json_decref(root);
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	assert_non_null(info);
	return info;
}

/* "signed" in the manifest: only a signature with a value counts. */
static void test_fit_signed_info(void **state)
{
	static uint8_t buf[4096];
	json_t *info;
	size_t n;

	(void)state;
	n = make_fit(buf, sizeof(buf), ~0u, 0, 1, 0);
	info = fit_info(buf, n);
	assert_true(json_is_true(json_object_get(info, "signed")));
	assert_string_equal(json_string_value(json_object_get(
				    info, "signature_algo")),
			    "sha256,rsa2048");
	assert_string_equal(json_string_value(json_object_get(
				    info, "key_name_hint")),
			    "dev");
	assert_string_equal(json_string_value(json_object_get(
				    info, "default_config")),
			    "conf-1");
	assert_string_equal(json_string_value(json_object_get(
				    info, "kernel-1.hash")),
			    "sha256");
	json_decref(info);

	n = make_fit(buf, sizeof(buf), ~0u, 0, 0, 0);
	info = fit_info(buf, n);
	assert_true(json_is_false(json_object_get(info, "signed")));
	json_decref(info);

	n = make_fit(buf, sizeof(buf), ~0u, 0, -1, 0);
	info = fit_info(buf, n);
	assert_true(json_is_false(json_object_get(info, "signed")));
	assert_true(json_is_true(json_object_get(info,
						 "signature_without_value")));
	json_decref(info);
}

/* All three in one carved buffer, as in a flash dump. */
static void test_carve_all(void **state)
{
	static uint8_t buf[8192];
	static const uint8_t pay[] = "kernel bytes";
	const uint32_t v1[] = {28, 100, 0};
	struct jcs_unpack_stats s;
	size_t n = 0;

	(void)state;
	memset(buf, 0xff, sizeof(buf));
	n += make_uimage(buf, 2, pay, sizeof(pay), sizeof(pay), 0, 0);
	n = 1024;
	make_trx(buf + n, 400, 1, v1, 3, 0);
	n = 3000;
	make_fit(buf + n, 2048, ~0u, 0, 1, 0);
	s = run(buf, sizeof(buf), NULL);
	assert_true(s.containers >= 3);
	assert_true(s.files >= 1 + 2 + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_uimage_kernel),
		cmocka_unit_test(test_uimage_truncated),
		cmocka_unit_test(test_uimage_multi),
		cmocka_unit_test(test_trx),
		cmocka_unit_test(test_trx_hostile),
		cmocka_unit_test(test_fit),
		cmocka_unit_test(test_fit_hostile),
		cmocka_unit_test(test_fit_signed_info),
		cmocka_unit_test(test_carve_all),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

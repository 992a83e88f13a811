/*
 * test_engine.c - the unpack engine: carving at odd offsets, unknown
 * regions and their classes, content-based file types, the output
 * directory contract, and clean failure when allocations fail.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>
#include <zlib.h>

#include "jcstar/jcstar.h"
#include "lib/core/mem.h"
#include "lib/source/unpack/engine.h"

/* gzip (deflate with a gzip wrapper) of PLAIN into OUT; returns size. */
static size_t gzip_of(const char *plain, uint8_t *out, size_t cap)
{
	z_stream z;

	memset(&z, 0, sizeof(z));
	assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, 31, 8,
				      Z_DEFAULT_STRATEGY),
			 Z_OK);
	z.next_in = (Bytef *)plain;
	z.avail_in = (uInt)strlen(plain);
	z.next_out = out;
	z.avail_out = (uInt)cap;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	deflateEnd(&z);
	return z.total_out;
}

static void test_carve_odd_offsets(void **state)
{
	uint8_t img[8192], gz[512];
	size_t n = gzip_of("hello firmware, hello firmware, hello\n", gz,
			   sizeof(gz));
	struct jcs_unpack_stats st;

	(void)state;
	/* 1001 bytes of text, a gzip stream at 0x3e9, 0xff padding, the
	   same stream again at an odd offset near the end */
	memset(img, 'A', 1001);
	memcpy(img + 1001, gz, n);
	memset(img + 1001 + n, 0xff, sizeof(img) - 1001 - n);
	memcpy(img + 7001, gz, n);
	assert_int_equal(jcs_unpack_buffer(img, sizeof(img), NULL, &st),
			 JCS_OK);
	assert_int_equal(st.containers, 2);
	assert_int_equal(st.files, 2);
	assert_int_equal(st.failures, 0);
	/* text before, padding between, padding after */
	assert_int_equal(st.unknown_regions, 3);
}

static void test_garbage_is_one_region(void **state)
{
	uint8_t img[4096];
	struct jcs_unpack_stats st;
	uint32_t x = 12345;

	(void)state;
	for (size_t i = 0; i < sizeof(img); i++) {
		x = x * 1103515245u + 12345u;
		img[i] = (uint8_t)(x >> 24);
	}
	assert_int_equal(jcs_unpack_buffer(img, sizeof(img), NULL, &st),
			 JCS_OK);
	assert_int_equal(st.containers, 0);
	assert_int_equal(st.unknown_regions, 1);
	assert_int_equal(jcs_unpack_buffer(img, 0, NULL, &st), JCS_OK);
	assert_int_equal(jcs_unpack_buffer(img, 10, "no-such-format", &st),
			 JCS_E_ARG);
}

static void test_entropy_classes(void **state)
{
	uint8_t b[4096];

	(void)state;
	memset(b, 0xff, sizeof(b));
	assert_true(jcsi_entropy(b, sizeof(b)) < 0.001);
	assert_string_equal(jcsi_region_class(b, sizeof(b), 0.0),
			    "padding-0xff");
	memset(b, 0, sizeof(b));
	assert_string_equal(jcsi_region_class(b, sizeof(b), 0.0),
			    "padding-0x00");
	for (size_t i = 0; i < sizeof(b); i++)
		b[i] = (uint8_t)i;
	assert_true(jcsi_entropy(b, sizeof(b)) > 7.999);
	assert_string_equal(jcsi_region_class(b, sizeof(b), 8.0),
			    "encrypted-or-compressed");
	memcpy(b, "plain text\n", 11);
	assert_string_equal(jcsi_region_class(b, 11, 3.0), "text");
}

static const char *type_of(const void *head, size_t len, json_t **keep)
{
	json_t *j = json_object();

	jcsi_filetype(head, len, len, j);
	*keep = j;
	return json_string_value(json_object_get(j, "type"));
}

static void test_filetype(void **state)
{
	uint8_t elf[64] = {0x7f, 'E', 'L', 'F', 1, 1, 1};
	json_t *j;

	(void)state;
	elf[16] = 2; /* ET_EXEC */
	elf[18] = 8; /* EM_MIPS, little endian */
	assert_string_equal(type_of(elf, sizeof(elf), &j), "elf-executable");
	assert_string_equal(json_string_value(json_object_get(j, "arch")),
			    "mips");
	assert_string_equal(json_string_value(json_object_get(j, "endian")),
			    "little");
	json_decref(j);
	elf[5] = 2; /* big endian: e_type/e_machine now read as BE */
	elf[16] = 0;
	elf[17] = 3; /* ET_DYN */
	elf[18] = 0;
	elf[19] = 20; /* EM_PPC */
	assert_string_equal(type_of(elf, sizeof(elf), &j),
			    "elf-shared-object");
	assert_string_equal(json_string_value(json_object_get(j, "arch")),
			    "powerpc");
	json_decref(j);
	assert_string_equal(type_of("#!/bin/sh\necho\n", 15, &j), "script");
	assert_string_equal(
		json_string_value(json_object_get(j, "interpreter")),
		"/bin/sh");
	json_decref(j);
	assert_string_equal(type_of("root:x:0:0::/root:/bin/sh\n", 26, &j),
			    "text");
	json_decref(j);
	assert_string_equal(type_of("\x01\x02\x00\x04", 4, &j), "data");
	json_decref(j);
	/* the name never matters: a gzip is a gzip */
	{
		uint8_t gz[128];
		size_t n = gzip_of("x", gz, sizeof(gz));

		assert_string_equal(type_of(gz, n, &j), "gzip");
		json_decref(j);
	}
}

static void test_outdir_contract(void **state)
{
	char dir[] = "/tmp/jcstar-test-XXXXXX", img[200], out[200];
	char err[512];
	struct jcs_unpack_stats st;
	uint8_t gz[128];
	size_t n = gzip_of("data\n", gz, sizeof(gz));
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(img, sizeof(img), "%s/fw.bin", dir);
	snprintf(out, sizeof(out), "%s/out", dir);
	f = fopen(img, "wb");
	assert_non_null(f);
	fwrite(gz, 1, n, f);
	fclose(f);
	assert_int_equal(jcs_unpack(img, out, NULL, &st, err, sizeof(err)),
			 JCS_OK);
	assert_int_equal(st.files, 1);
	snprintf(err, sizeof(err), "%s/manifest.json", out);
	assert_int_equal(access(err, R_OK), 0);
	/* an output directory with content is refused, not mixed */
	assert_int_equal(jcs_unpack(img, out, NULL, &st, err, sizeof(err)),
			 JCS_E_ARG);
	assert_non_null(strstr(err, "not empty"));
	snprintf(img, sizeof(img), "%s/missing.bin", dir);
	snprintf(out, sizeof(out), "%s/out2", dir);
	assert_int_equal(jcs_unpack(img, out, NULL, &st, err, sizeof(err)),
			 JCS_E_IO);
	snprintf(err, sizeof(err), "rm -rf '%s'", dir);
	assert_int_equal(system(err), 0);
}

/* Fail each allocation in turn: the engine must fail cleanly (ASan/LSan
   in the sanitizer run catches leaks and bad frees). */
static void test_allocation_failures(void **state)
{
	uint8_t img[2048], gz[256];
	size_t n = gzip_of("allocation failure test\n", gz, sizeof(gz));
	struct jcs_unpack_stats st;

	(void)state;
	memset(img, 0xff, sizeof(img));
	memcpy(img + 100, gz, n);
	for (unsigned long i = 1; i < 40; i++) {
		jcsi_mem_fail_after(i);
		jcs_unpack_buffer(img, sizeof(img), NULL, &st);
	}
	jcsi_mem_fail_after(0);
	assert_int_equal(jcs_unpack_buffer(img, sizeof(img), NULL, &st),
			 JCS_OK);
	assert_int_equal(st.files, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_carve_odd_offsets),
		cmocka_unit_test(test_garbage_is_one_region),
		cmocka_unit_test(test_entropy_classes),
		cmocka_unit_test(test_filetype),
		cmocka_unit_test(test_outdir_contract),
		cmocka_unit_test(test_allocation_failures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

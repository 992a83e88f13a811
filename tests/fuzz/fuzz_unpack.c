/*
 * fuzz_unpack.c - libFuzzer target for one unpacker (FUZZ_FORMAT, set by
 * the build: one executable per format) or, without it, for the whole
 * carving engine with recursion. Everything runs in memory, writing
 * nothing, through the same code paths as `jcstar unpack`.
 */
#include <stddef.h>
#include <stdint.h>

#include "jcstar/jcstar.h"

#ifndef FUZZ_FORMAT
#define FUZZ_FORMAT NULL
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jcs_unpack_stats st;

	jcs_unpack_buffer(data, size, FUZZ_FORMAT, &st);
	return 0;
}

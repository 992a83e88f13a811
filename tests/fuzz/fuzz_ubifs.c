/*
 * fuzz_ubifs.c - libFuzzer target for the ubifs unpacker (unpack_ubifs.c):
 * hostile bytes through the engine's dry run, restricted to ubifs at
 * offset 0 (recursion into what it extracts stays restricted too).
 * Seeds and minimised crash inputs live in tests/fuzz/corpus/ubifs/.
 */
#include <stddef.h>
#include <stdint.h>

#include "jcstar/jcstar.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct jcs_unpack_stats s;

	jcs_unpack_buffer(d, n, "ubifs", &s);
	return 0;
}

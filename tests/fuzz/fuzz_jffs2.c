/*
 * fuzz_jffs2.c - libFuzzer target for the JFFS2 unpacker: the bytes go
 * straight to the "jffs2" unpacker at offset 0 in a dry run. Seeds and
 * minimised crashes live in tests/fuzz/corpus/jffs2/.
 */
#include <stddef.h>
#include <stdint.h>

#include "jcstar/jcstar.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct jcs_unpack_stats s;

	jcs_unpack_buffer(d, n, "jffs2", &s);
	return 0;
}

/*
 * fuzz_content.c - libFuzzer target for the content check: keys,
 * certificates and secrets found in arbitrary bytes (see
 * fuzz_content_input.h). Needs JCSTAR_DATADIR pointing at data/ when run
 * outside the source tree.
 */
#include "fuzz_content_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	if (n > (1 << 20))
		return 0;
	fuzz_content_one(d, n);
	return 0;
}

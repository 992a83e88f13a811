/*
 * fuzz_signatures.c - libFuzzer target for the version-signature matcher
 * (see fuzz_signatures_input.h). Needs JCSTAR_DATADIR pointing at data/
 * when run outside the source tree.
 */
#include "fuzz_signatures_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	if (n > (1 << 20))
		return 0;
	fuzz_signatures_one(d, n);
	return 0;
}

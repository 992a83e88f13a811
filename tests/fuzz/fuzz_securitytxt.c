/*
 * fuzz_securitytxt.c - libFuzzer target for the securitytxt parser (see
 * fuzz_manifest_input.h).
 */
#include "fuzz_manifest_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	fuzz_securitytxt_one(d, n);
	return 0;
}

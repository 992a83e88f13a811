/*
 * fuzz_manifest.c - libFuzzer target for the manifest parser (see
 * fuzz_manifest_input.h).
 */
#include "fuzz_manifest_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	fuzz_manifest_one(d, n);
	return 0;
}

/*
 * fuzz_version.c - libFuzzer target for the version ordering and CPE
 * names (see fuzz_version_input.h): aborts when cmp is not antisymmetric
 * or transitive, or a CPE does not survive format and parse.
 */
#include "fuzz_version_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	if (n > (1 << 16))
		return 0;
	fuzz_version_one(d, n);
	return 0;
}

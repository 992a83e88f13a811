/*
 * fuzz_catalog.c - libFuzzer target for the requirement catalog loader
 * (see fuzz_catalog_input.h). Needs JCSTAR_DATADIR pointing at data/ when
 * run outside the source tree.
 */
#include "fuzz_catalog_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	fuzz_catalog_one(d, n);
	return 0;
}

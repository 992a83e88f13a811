/*
 * fuzz_nvd_stream.c - libFuzzer target for the NVD feed splitter and the
 * NVD/OSV record parsers (see fuzz_nvd_stream_input.h): aborts when the
 * elements found depend on how the input was cut into reads.
 */
#include "fuzz_nvd_stream_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	if (n > (1 << 18))
		return 0;
	fuzz_nvd_stream_one(d, n);
	return 0;
}

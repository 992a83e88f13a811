/*
 * fuzz_probe_creds.c - libFuzzer target for the credential checks'
 * parsers of device answers (see fuzz_probe_creds_input.h).
 */
#include "fuzz_probe_creds_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	if (n > (1 << 16))
		return 0;
	fuzz_probe_creds_one(d, n);
	return 0;
}

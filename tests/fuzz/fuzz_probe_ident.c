/*
 * fuzz_probe_ident.c - libFuzzer target for the probe's banner and
 * handshake classifier (see fuzz_probe_ident_input.h).
 */
#include "fuzz_probe_ident_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	if (n > (1 << 16))
		return 0;
	fuzz_probe_ident_one(d, n);
	return 0;
}

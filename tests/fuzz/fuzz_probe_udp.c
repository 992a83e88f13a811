/*
 * fuzz_probe_udp.c - libFuzzer target for the probe's udp parsers (see
 * fuzz_probe_udp_input.h).
 */
#include "fuzz_probe_udp_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	if (n > (1 << 19))
		return 0;
	fuzz_probe_udp_one(d, n);
	return 0;
}

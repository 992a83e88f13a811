/*
 * fuzz_tls_hello.c - libFuzzer target for what a server answers to the
 * TLS check's ClientHello (see fuzz_tls_hello_input.h).
 */
#include "fuzz_tls_hello_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	if (n > (1 << 16))
		return 0;
	fuzz_tls_hello_one(d, n);
	return 0;
}

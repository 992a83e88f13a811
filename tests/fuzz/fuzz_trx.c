/*
 * fuzz_trx.c - libFuzzer target for the trx unpacker (unpack_trx.c):
 * hostile bytes through the engine's dry run, restricted to trx at
 * offset 0 (recursion into what it extracts stays restricted too).
 * Seeds (tests/fuzz/corpus/trx/): v1 and v2 TRX images written by a
 * short Python script (zlib CRC, as OpenWrt's trx tool computes it).
 */
#include <stddef.h>
#include <stdint.h>

#include "jcstar/jcstar.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct jcs_unpack_stats s;

	jcs_unpack_buffer(d, n, "trx", &s);
	return 0;
}

/*
 * fuzz_fit.c - libFuzzer target for the fit unpacker (unpack_fit.c):
 * hostile bytes through the engine's dry run, restricted to fit at
 * offset 0 (recursion into what it extracts stays restricted too).
 * Seeds (tests/fuzz/corpus/fit/): mkimage -f of a tiny .its (1 KiB gzip
 * kernel + 300-byte fdt): with external data (-E), and with embedded
 * data signed by a throw-away rsa2048 key (-k).
 */
#include <stddef.h>
#include <stdint.h>

#include "jcstar/jcstar.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct jcs_unpack_stats s;

	jcs_unpack_buffer(d, n, "fit", &s);
	return 0;
}

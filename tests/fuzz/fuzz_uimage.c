/*
 * fuzz_uimage.c - libFuzzer target for the uImage unpacker
 * (unpack_uimage.c): hostile bytes through the engine's dry run,
 * restricted to "uimage" at offset 0.
 *
 * The header CRC gates the bid, and a mutated header almost never keeps
 * a valid CRC, so the size, type and table paths would rarely be reached.
 * Each input therefore runs twice: as given (the bid path), and with the
 * header CRC recomputed (the extract path with any header the mutator
 * made).
 *
 * Seeds (tests/fuzz/corpus/uimage/): mkimage -T multi of a 1 KiB gzip
 * stream and 300 random bytes; mkimage -T script of "echo hi".
 */
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "jcstar/jcstar.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct jcs_unpack_stats s;
	uint8_t *copy;
	uint32_t crc;

	jcs_unpack_buffer(d, n, "uimage", &s);
	if (n < 64)
		return 0;
	copy = malloc(n);
	if (!copy)
		return 0;
	memcpy(copy, d, n);
	memset(copy + 4, 0, 4);
	crc = (uint32_t)crc32(0, copy, 64);
	copy[4] = (uint8_t)(crc >> 24);
	copy[5] = (uint8_t)(crc >> 16);
	copy[6] = (uint8_t)(crc >> 8);
	copy[7] = (uint8_t)crc;
	jcs_unpack_buffer(copy, n, "uimage", &s);
	free(copy);
	return 0;
}

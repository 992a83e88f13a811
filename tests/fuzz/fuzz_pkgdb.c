/*
 * fuzz_pkgdb.c - libFuzzer target for the package database parsers
 * (dpkg/opkg status, apk installed, os-release; see fuzz_pkgdb_input.h).
 */
#include "fuzz_pkgdb_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	if (n > (1 << 16))
		return 0;
	fuzz_pkgdb_one(d, n);
	return 0;
}

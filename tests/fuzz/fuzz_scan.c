/*
 * fuzz_scan.c - libFuzzer target for the scan checks' parsers (passwd,
 * shadow, inittab, boot scripts, inetd.conf, sshd_config, OpenWrt configs,
 * kernel command lines, ELF headers): see fuzz_scan_input.h. Needs
 * JCSTAR_DATADIR pointing at data/ when run outside the source tree.
 */
#include <stdio.h>
#include <unistd.h>

#include "fuzz_scan_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	static char root[64];

	if (!root[0])
		snprintf(root, sizeof(root), "/tmp/jcstar-fuzz-scan-%d",
			 (int)getpid());
	if (n > (1 << 16))
		return 0;
	fuzz_scan_one(root, d, n);
	return 0;
}

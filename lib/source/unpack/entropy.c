/*
 * entropy.c - telling padding, code and text apart from compressed or
 * encrypted data in regions no unpacker claimed, so a report can say
 * "16 MiB of 0xff" or "96 KiB that looks encrypted" instead of nothing.
 */
#include <math.h>
#include <string.h>

#include "engine.h"

double jcsi_entropy(const uint8_t *p, size_t n)
{
	uint64_t count[256];
	double h = 0.0;

	if (n == 0)
		return 0.0;
	memset(count, 0, sizeof(count));
	for (size_t i = 0; i < n; i++)
		count[p[i]]++;
	for (int i = 0; i < 256; i++) {
		if (count[i]) {
			double q = (double)count[i] / (double)n;

			h -= q * log2(q);
		}
	}
	return h;
}

const char *jcsi_region_class(const uint8_t *p, size_t n, double entropy)
{
	size_t i;

	if (n > 0 && (p[0] == 0x00 || p[0] == 0xff)) {
		for (i = 1; i < n && p[i] == p[0]; i++)
			;
		if (i == n)
			return p[0] ? "padding-0xff" : "padding-0x00";
	}
	if (entropy > 7.9)
		return "encrypted-or-compressed";
	if (entropy > 7.2)
		return "compressed";
	for (i = 0; i < n; i++) {
		unsigned char c = p[i];

		if (c < 0x09 || (c > 0x0d && c < 0x20) || c == 0x7f)
			break;
	}
	if (i == n)
		return "text";
	return "data";
}

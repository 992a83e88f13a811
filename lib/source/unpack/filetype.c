/*
 * filetype.c - what an extracted file is, from its content alone (never
 * its name): ELF objects with architecture and endianness, scripts with
 * their interpreter, containers jcstar can open, text, or data.
 */
#include <string.h>

#include "engine.h"

struct machine {
	uint16_t id;
	const char *name;
};

static const struct machine machines[] = {
	{2, "sparc"},	 {3, "x86"},	  {8, "mips"},	    {10, "mips-rs3"},
	{20, "powerpc"}, {21, "powerpc64"}, {40, "arm"},    {42, "superh"},
	{50, "ia64"},	 {62, "x86-64"},  {94, "xtensa"},   {183, "aarch64"},
	{243, "riscv"},	 {258, "loongarch"}, {164, "hexagon"}, {92, "openrisc"},
	{0, NULL},
};

static void elf_type(const uint8_t *h, size_t len, json_t *j)
{
	static const char *const types[] = {"elf-none", "elf-relocatable",
					    "elf-executable", "elf-shared-object",
					    "elf-core"};
	int be, bits;
	uint16_t type, mach;
	const char *arch = "unknown";

	if (len < 20 || (h[4] != 1 && h[4] != 2) || (h[5] != 1 && h[5] != 2)) {
		json_object_set_new(j, "type", json_string("elf-invalid"));
		return;
	}
	bits = h[4] == 1 ? 32 : 64;
	be = h[5] == 2;
	type = be ? jcsi_be16(h + 16) : jcsi_le16(h + 16);
	mach = be ? jcsi_be16(h + 18) : jcsi_le16(h + 18);
	for (const struct machine *m = machines; m->name; m++)
		if (m->id == mach)
			arch = m->name;
	json_object_set_new(j, "type", json_string(type < 5 ? types[type]
							    : "elf-other"));
	json_object_set_new(j, "arch", json_string(arch));
	json_object_set_new(j, "bits", json_integer(bits));
	json_object_set_new(j, "endian", json_string(be ? "big" : "little"));
}

static int looks_text(const uint8_t *h, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = h[i];

		if (c == 0 || (c < 0x09) || (c > 0x0d && c < 0x20 && c != 0x1b))
			return 0;
	}
	return 1;
}

const struct jcsi_unpacker *jcsi_identify(const uint8_t *head, size_t len,
					  int *bits)
{
	const struct jcsi_unpacker *best = NULL;
	int best_bits = -1;

	for (size_t i = 0; jcsi_unpackers[i]; i++) {
		const struct jcsi_unpacker *u = jcsi_unpackers[i];

		for (const struct jcsi_magic *m = u->magics; m->bytes; m++) {
			int b;

			if (!jcsi_in_bounds(len, m->offset, m->len) ||
			    memcmp(head + m->offset, m->bytes, m->len) != 0)
				continue;
			b = u->bid(head, len);
			if (b > best_bits) {
				best_bits = b;
				best = u;
			}
			break;
		}
	}
	if (bits)
		*bits = best_bits;
	return best_bits >= 0 ? best : NULL;
}

void jcsi_filetype(const uint8_t *h, size_t len, uint64_t size, json_t *j)
{
	const struct jcsi_unpacker *u;

	if (size == 0) {
		json_object_set_new(j, "type", json_string("empty"));
		return;
	}
	if (len >= 4 && memcmp(h, "\177ELF", 4) == 0) {
		elf_type(h, len, j);
		return;
	}
	if (len >= 2 && h[0] == '#' && h[1] == '!') {
		size_t i = 2, k;
		char interp[128];

		while (i < len && (h[i] == ' ' || h[i] == '\t'))
			i++;
		for (k = 0; i < len && k < sizeof(interp) - 1 && h[i] > ' ';)
			interp[k++] = (char)h[i++];
		interp[k] = '\0';
		json_object_set_new(j, "type", json_string("script"));
		if (k)
			json_object_set_new(j, "interpreter",
					    json_string(interp)); /* NULL if not
								     UTF-8: ignored */
		return;
	}
	u = jcsi_identify(h, len, NULL);
	if (u) {
		json_object_set_new(j, "type", json_string(u->name));
		return;
	}
	json_object_set_new(j, "type",
			    json_string(looks_text(h, len) ? "text" : "data"));
}

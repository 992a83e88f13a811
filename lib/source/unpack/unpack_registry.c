/*
 * unpack_registry.c - the table of format unpackers, built from
 * unpacker_list.h.
 */
#include <string.h>

#include "unpack_int.h"

#define UNPACKER(name) extern const struct jcsi_unpacker jcsi_unpacker_##name;
#include "unpacker_list.h"
#undef UNPACKER

const struct jcsi_unpacker *const jcsi_unpackers[] = {
#define UNPACKER(name) &jcsi_unpacker_##name,
#include "unpacker_list.h"
#undef UNPACKER
	NULL,
};

const struct jcsi_unpacker *jcsi_unpacker_find(const char *name)
{
	for (size_t i = 0; jcsi_unpackers[i]; i++)
		if (strcmp(jcsi_unpackers[i]->name, name) == 0)
			return jcsi_unpackers[i];
	return NULL;
}

const char *const *jcs_unpack_formats(void)
{
	static const char *names[sizeof(jcsi_unpackers) /
				 sizeof(jcsi_unpackers[0])];

	if (!names[0])
		for (size_t i = 0; jcsi_unpackers[i]; i++)
			names[i] = jcsi_unpackers[i]->name;
	return names;
}

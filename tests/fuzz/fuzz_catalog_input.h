/*
 * fuzz_catalog_input.h - runs the requirement catalog loader (YAML,
 * lib/assess/catalog.c) on fuzzer bytes, validating against the shipped
 * rule table. Shared by the libFuzzer target (fuzz_catalog.c) and the
 * corpus replay of the suite. Needs JCSTAR_DATADIR outside the source tree.
 */
#ifndef JCSTAR_FUZZ_CATALOG_INPUT_H
#define JCSTAR_FUZZ_CATALOG_INPUT_H

#include <stdint.h>
#include <stdio.h>

#include "lib/assess/catalog.h"
#include "lib/checks/rules.h"

static inline void fuzz_catalog_one(const uint8_t *d, size_t n)
{
	static struct jcsi_rules *rules;
	static int tried;
	struct jcsi_catalog *c = NULL;
	char err[512], path[4096];

	if (!tried) {
		tried = 1;
		snprintf(path, sizeof(path), "%s/rules", jcsi_data_dir(NULL));
		if (jcsi_rules_load(path, &rules, err, sizeof(err)) != JCS_OK)
			fprintf(stderr, "fuzz_catalog: %s (rules unchecked)\n",
				err);
	}
	if (jcsi_catalog_parse((const char *)d, n, "fuzz", rules, &c, err,
			       sizeof(err)) == JCS_OK)
		jcsi_catalog_free(c);
}

#endif

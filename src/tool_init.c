/*
 * tool_init.c - `jcstar init [FILE]`: writes the commented product.yaml
 * template to start an assessment from. Never overwrites a file unless
 * asked: a filled-in manifest is work a typo must not destroy.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "tool.h"

static const char usage[] =
	"Usage: jcstar init [FILE] [options]\n"
	"\n"
	"Write a commented product manifest template to FILE (default\n"
	"product.yaml): the product, the inputs to check, its features and\n"
	"its documents. Edit it, then run `jcstar assess FILE`.\n"
	"\n"
	"Options:\n"
	"      --force          overwrite FILE if it exists\n"
	"  -h, --help           this help\n"
	"\n"
	"Exit status: 0 written, 1 FILE exists or cannot be written, 2 usage\n"
	"error.\n";

int tool_init(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"force", no_argument, NULL, 1},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *path = "product.yaml", *text = jcs_manifest_template();
	size_t len = strlen(text), lines = 0;
	int c, force = 0;
	FILE *f;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 1:
			force = 1;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	if (argc - optind > 1) {
		fputs(usage, stderr);
		return 2;
	}
	if (optind < argc)
		path = argv[optind];
	/* "x": C11 exclusive create, so no check-then-write race */
	f = fopen(path, force ? "w" : "wx");
	if (!f) {
		if (errno == EEXIST)
			fprintf(stderr, "jcstar init: %s exists; --force "
					"overwrites it\n", path);
		else
			fprintf(stderr, "jcstar init: %s: %s\n", path,
				strerror(errno));
		return 1;
	}
	if (fwrite(text, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "jcstar init: %s: write failed\n", path);
		return 1;
	}
	for (size_t i = 0; i < len; i++)
		lines += text[i] == '\n';
	printf("wrote %s (%zu lines): the product manifest template.\n"
	       "Fill it in, then run: jcstar assess %s\n", path, lines, path);
	return 0;
}

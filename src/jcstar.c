/*
 * jcstar.c - the jcstar command: dispatches to one subcommand per file
 * (tool_<name>.c). Subcommands that are designed but not built yet say so
 * plainly rather than pretending.
 */
#include <stdio.h>
#include <string.h>

#include "tool.h"

struct subcommand {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct subcommand commands[] = {
	{"unpack", tool_unpack,
	 "extract a firmware image recursively, with a manifest"},
	{"scan", tool_scan,
	 "device-end checks of an image or tree (first checks; see --help)"},
	{"init", tool_init,
	 "write a commented product.yaml template to fill in"},
	{"probe", tool_probe,
	 "live device checks: ports, services, cleartext logins (see --help)"},
	{"api", NULL, "cloud API checks (not implemented yet)"},
	{"app", NULL, "companion app checks (not implemented yet)"},
	{"sbom", tool_sbom,
	 "software bill of materials (CycloneDX, SPDX) of an image or tree"},
	{"assess", tool_assess,
	 "JC-STAR verdicts for a product described by product.yaml"},
	{"report", tool_report,
	 "render a saved result as text, JSON, SARIF, HTML, checklist..."},
	{"db", tool_db,
	 "local vulnerability database: import feeds, status, match"},
	{NULL, NULL, NULL},
};

static void help(FILE *f)
{
	fprintf(f, "Usage: jcstar COMMAND [options]\n\n"
		   "Check an IoT product against the JC-STAR label (STAR-1).\n\n"
		   "Commands:\n");
	for (const struct subcommand *c = commands; c->name; c++)
		fprintf(f, "  %-8s %s\n", c->name, c->summary);
	fprintf(f, "\nOptions:\n  -h, --help     this help\n"
		   "  -V, --version  print the version\n\n"
		   "'jcstar COMMAND --help' describes a command.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		help(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		help(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version")) {
		printf("jcstar %s\n", jcs_version());
		return 0;
	}
	for (const struct subcommand *c = commands; c->name; c++) {
		if (strcmp(c->name, argv[1]) != 0)
			continue;
		if (!c->run) {
			fprintf(stderr, "jcstar %s: not implemented yet in "
					"this version\n", c->name);
			return 3;
		}
		return c->run(argc - 1, argv + 1);
	}
	fprintf(stderr, "jcstar: unknown command '%s'\n", argv[1]);
	help(stderr);
	return 2;
}

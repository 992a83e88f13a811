/*
 * sigscan.c - the integration test's window on the signature matcher
 * (lib/sbom/identify_signatures.h) without a whole scan: walks DIR and
 * prints one line per (file, component, version) the table finds:
 *   NAME TAB VERSION TAB CONFIDENCE TAB LINE TAB /path/relative/to/DIR
 * Symbolic links are not followed. Exit 0, or 1 if the table does not
 * load or a file cannot be read.
 *
 * Usage: sigscan SIGNATURES.tsv DIR
 */
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../lib/sbom/identify_signatures.h"

static struct jcsi_sigdb *db;
static size_t root_len;
static int failed;

static const char *conf_name(enum jcsi_comp_confidence c)
{
	return c == JCSI_CONF_HIGH ? "high" : c == JCSI_CONF_MEDIUM ? "medium"
								 : "low";
}

static int print(const char *name, const char *version,
		 enum jcsi_comp_confidence conf, unsigned line, void *user)
{
	printf("%s\t%s\t%s\t%u\t/%s\n", name, version,
	       conf_name(conf), line, (const char *)user);
	return 0;
}

static int visit(const char *path, const struct stat *st, int type,
		 struct FTW *ftw)
{
	const char *rel = path + root_len;
	void *map;
	int fd;

	(void)ftw;
	if (type != FTW_F || !S_ISREG(st->st_mode) || st->st_size == 0)
		return 0;
	while (*rel == '/')
		rel++;
	fd = open(path, O_RDONLY | O_NOFOLLOW);
	if (fd < 0) {
		failed = 1;
		return 0;
	}
	map = mmap(NULL, (size_t)st->st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED) {
		failed = 1;
		return 0;
	}
	if (jcsi_signature_match_buffer(db, map, (size_t)st->st_size, print,
					(void *)rel) != JCS_OK)
		failed = 1;
	munmap(map, (size_t)st->st_size);
	return 0;
}

int main(int argc, char **argv)
{
	char err[512];

	if (argc != 3) {
		fprintf(stderr, "usage: sigscan SIGNATURES.tsv DIR\n");
		return 2;
	}
	if (jcsi_sigdb_load(argv[1], &db, err, sizeof(err)) != JCS_OK) {
		fprintf(stderr, "sigscan: %s\n", err);
		return 1;
	}
	root_len = strlen(argv[2]);
	if (nftw(argv[2], visit, 32, FTW_PHYS) != 0)
		failed = 1;
	jcsi_sigdb_free(db);
	return failed;
}

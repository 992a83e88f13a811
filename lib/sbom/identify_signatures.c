/*
 * identify_signatures.c - jcsi_identify_signatures() (identify.h): every
 * regular file of the scanned tree that a signature may apply to (ELF
 * objects, other binary files such as kernel images, modules and U-Boot
 * binaries) is mapped read-only and matched once against the signature
 * table (sigdb.c); each (name, version) becomes one component with the
 * device paths of all the files that evidence it.
 *
 * Text files are not read unless a signature says "files any" (none does
 * today): version strings of interest are compiled into binaries. Files
 * larger than SIG_MAX_FILE are skipped and named as a limitation.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../checks/check_int.h"
#include "../core/mem.h"
#include "identify.h"
#include "identify_signatures.h"

#define SIG_MAX_FILE (256ull << 20)

struct ctx {
	struct jcsi_components *out;
	const char *dev;
	jcs_rc rc;
};

static int on_component(const char *name, const char *version,
			enum jcsi_comp_confidence conf, unsigned line,
			void *user)
{
	struct ctx *x = user;
	struct jcsi_components *cs = x->out;

	(void)line;
	for (size_t i = 0; i < cs->n; i++) {
		struct jcsi_component *c = &cs->c[i];

		if (c->method != JCSI_COMP_SIGNATURE || strcmp(c->name, name) ||
		    strcmp(c->version, version))
			continue;
		if (conf > c->confidence)
			c->confidence = conf;
		x->rc = jcsi_component_add_file(c, x->dev);
		return x->rc != JCS_OK;
	}
	x->rc = jcsi_components_add(cs, name, version, JCSI_COMP_SIGNATURE,
				    conf, x->dev);
	return x->rc != JCS_OK;
}

/* Matches one evidence entry. JCS_E_LIMIT: too large, not examined. */
static jcs_rc examine(struct jcsi_sigdb *db, const struct jcsi_ev *e,
		      struct jcsi_components *out)
{
	struct ctx x = {out, e->dev, JCS_OK};
	struct stat st;
	void *map;
	jcs_rc rc;
	int fd = open(e->disk, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return JCS_OK; /* gone or unreadable: nothing to examine */
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size == 0) {
		close(fd);
		return JCS_OK;
	}
	if ((unsigned long long)st.st_size > SIG_MAX_FILE) {
		close(fd);
		return JCS_E_LIMIT;
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return JCS_OK;
	rc = jcsi_signature_match_buffer(db, map, (size_t)st.st_size,
					 on_component, &x);
	munmap(map, (size_t)st.st_size);
	return rc != JCS_OK ? rc : x.rc;
}

jcs_rc jcsi_identify_signatures(struct jcsi_scan *s,
				struct jcsi_components *out)
{
	struct jcsi_sigdb *db;
	char err[512], *path;
	size_t n = jcsi_scan_count(s), big = 0;
	const char *first_big = NULL;
	jcs_rc rc;

	path = jcsi_asprintf("%s/components/signatures.tsv",
			     jcsi_scan_data_dir(s));
	if (!path)
		return JCS_E_NOMEM;
	err[0] = '\0';
	rc = jcsi_sigdb_load(path, &db, err, sizeof(err));
	jcsi_free(path);
	if (rc != JCS_OK) {
		/* said here with file:line; the scan goes on without them */
		if (rc == JCS_E_NOMEM)
			return rc;
		jcsi_limitation(s, "components from version signatures in "
				"binaries", err);
		return JCS_OK;
	}
	for (size_t i = 0; i < n && rc == JCS_OK; i++) {
		const struct jcsi_ev *e = jcsi_scan_entry(s, i);

		if (e->kind != JCSI_EV_FILE || e->size == 0)
			continue;
		rc = examine(db, e, out);
		if (rc == JCS_E_LIMIT) {
			if (!big++)
				first_big = e->dev;
			rc = JCS_OK;
		}
	}
	if (big) {
		char why[512];

		snprintf(why, sizeof(why), "%zu file(s) larger than 256 MiB "
			 "not searched for version signatures (first: %s)",
			 big, first_big);
		jcsi_limitation(s, "components from version signatures in "
				"binaries", why);
	}
	jcsi_sigdb_free(db);
	return rc;
}

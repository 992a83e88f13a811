/*
 * names.h - how components are named outside jcstar: the canonical
 * names with their CPE vendor:product, supplier and purl hint
 * (data/components/names.tsv), and the package names of dpkg, opkg and
 * apk that stand for them (data/components/packages.tsv).
 */
#ifndef JCSTAR_NAMES_H
#define JCSTAR_NAMES_H

#include <stddef.h>

#include "component.h"

struct jcsi_name {
	char *name;
	char *vendor;   /* NULL: no CPE */
	char *product;
	char *supplier; /* NULL: unknown */
	char *purl;     /* purl type/namespace for signature finds */
	char part;      /* 'a', 'o', 'h' */
};

struct jcsi_pkgmap {
	char *package;
	char *name;
};

struct jcsi_names {
	struct jcsi_name *n;
	size_t nn;
	struct jcsi_pkgmap *p;
	size_t np;
};

/* Loads DIR/components/names.tsv and packages.tsv (DIR: the data
   directory). JCS_E_IO / JCS_E_FORMAT with ERR "file:line: why". */
jcs_rc jcsi_names_load(const char *data_dir, struct jcsi_names **out,
		       char *err, size_t errlen);
void jcsi_names_free(struct jcsi_names *n);

const struct jcsi_name *jcsi_names_get(const struct jcsi_names *n,
				       const char *name);
/* The canonical name PACKAGE stands for, or NULL. */
const char *jcsi_names_package(const struct jcsi_names *n,
			       const char *package);

/* The kind of purl a component gets. */
enum jcsi_purl_kind {
	JCSI_PURL_GENERIC, /* pkg:<names.tsv hint>/NAME@VERSION */
	JCSI_PURL_DEB,     /* pkg:deb/<distro>/PACKAGE@FULLVERSION?arch= */
	JCSI_PURL_OPKG,    /* pkg:opkg/<distro>/PACKAGE@FULLVERSION?arch= */
	JCSI_PURL_APK,     /* pkg:apk/<distro>/PACKAGE@FULLVERSION?arch= */
};

/*
 * A purl (package-url spec) in a new string: TYPE/NAMESPACE/NAME@VERSION
 * with NAME and VERSION percent-encoded (a Debian epoch's ':' is %3A,
 * '+' is %2B) and ARCH as the arch qualifier (NULL: none). TYPE_NS is
 * "generic", "deb/debian", ... NULL when out of memory.
 */
char *jcsi_purl(const char *type_ns, const char *name, const char *version,
		const char *arch);

/*
 * Fills in C from names.tsv: supplier (unless set), cpe (a canonical
 * name with a CPE and a known version only: a CPE with version ANY would
 * read as "every version" to SBOM consumers) and purl (unless set: a
 * generic one). JCS_E_NOMEM, or the CPE error of a bad names.tsv row.
 */
jcs_rc jcsi_names_describe(const struct jcsi_names *n,
			   struct jcsi_component *c);

#endif

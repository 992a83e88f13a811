/*
 * component.h - software components identified in a firmware tree: from
 * package databases (opkg, dpkg, apk), build-system manifests (Buildroot,
 * Yocto /etc/os-release, /etc/openwrt_release) and, when there is no
 * package database (the usual case on IoT), from version signatures in
 * binaries (data/components/signatures.tsv, matched in one vectorscan
 * pass). Consumed by the SBOM writers (CycloneDX, SPDX), by the
 * vulnerability matcher and by the result document's `components`.
 */
#ifndef JCSTAR_COMPONENT_H
#define JCSTAR_COMPONENT_H

#include <stddef.h>

#include <jansson.h>

#include "jcstar/jcstar.h"

enum jcsi_comp_method {
	JCSI_COMP_PACKAGE_DB,   /* "package-db" */
	JCSI_COMP_SIGNATURE,    /* "signature" */
	JCSI_COMP_MANIFEST,     /* "manifest": os-release, build manifests */
};

enum jcsi_comp_confidence {
	JCSI_CONF_LOW,          /* "low" */
	JCSI_CONF_MEDIUM,       /* "medium" */
	JCSI_CONF_HIGH,         /* "high" */
};

struct jcsi_comp_file {
	char *path;             /* on the device, "/bin/busybox" */
	char sha256[65];        /* hex; "" if not computed */
	char sha1[41];          /* hex; "" if not computed. SPDX 2.3 File
				   elements must carry a SHA1 (clause 8.4) */
};

struct jcsi_component {
	char *name;             /* canonical: "busybox", "openssl", "linux" */
	char *version;          /* "1.36.1", "1.0.2k"; "" if unknown */
	char *supplier;         /* "BusyBox project"; NULL */
	char *cpe;              /* cpe:2.3:a:busybox:busybox:1.36.1:*:...; NULL */
	char *purl;             /* pkg:generic/busybox@1.36.1, pkg:deb/...; NULL */
	char *license;          /* SPDX id when a package db says; NULL */
	enum jcsi_comp_method method;
	enum jcsi_comp_confidence confidence;
	struct jcsi_comp_file *files;
	size_t n_files;
};

struct jcsi_components {
	struct jcsi_component *c;
	size_t n;
};

const char *jcsi_comp_method_name(enum jcsi_comp_method m);
const char *jcsi_comp_confidence_name(enum jcsi_comp_confidence c);

void jcsi_components_free(struct jcsi_components *cs);

/* The `components` array of the result document (schema). */
json_t *jcsi_components_json(const struct jcsi_components *cs);

/* Files each component lists as its evidence, at most (package databases
   name hundreds for a big package: the executables and libraries come
   first, documentation last; see identify_packages.c). */
#define JCSI_COMP_FILES_MAX 64

/* Adds PATH to C's files unless it is there already or C has
   JCSI_COMP_FILES_MAX (then JCS_OK, nothing added). JCS_E_NOMEM. */
jcs_rc jcsi_component_add_file(struct jcsi_component *c, const char *path);

/* Frees the members of C (not C itself) and zeroes it. */
void jcsi_component_clear(struct jcsi_component *c);

#endif

/*
 * identify.h - finding the software components of a scanned tree. Runs
 * inside a scan (it reads evidence through lib/checks/check_int.h, like a
 * check) and fills a component list; the scan puts it in the result's
 * `components`.
 */
#ifndef JCSTAR_IDENTIFY_H
#define JCSTAR_IDENTIFY_H

#include "component.h"

struct jcsi_scan;

/* Package databases (opkg status, dpkg status, apk installed) and build
   manifests (/etc/os-release, /etc/openwrt_release, Buildroot): appended
   to OUT, confidence high. (identify_packages.c) */
jcs_rc jcsi_identify_packages(struct jcsi_scan *s,
			      struct jcsi_components *out);

/* Version signatures in binaries (data/components/signatures.tsv), one
   vectorscan pass over ELF files, kernel images and modules: appended to
   OUT. (identify_signatures.c) */
jcs_rc jcsi_identify_signatures(struct jcsi_scan *s,
				struct jcsi_components *out);

/* Both, merged: one entry per (name, version); a package-db entry wins
   over a signature entry for the same name and version and takes its
   files; files get sha256. (identify.c)
   Named jcsi_identify_components, not jcsi_identify as first planned:
   the unpack engine already has a jcsi_identify (engine.h: the unpacker
   of a byte header), and the library is one link unit. */
jcs_rc jcsi_identify_components(struct jcsi_scan *s,
				struct jcsi_components *out);

/* The merge rule of jcsi_identify_components() alone: ALL (emptied) into
   OUT (sorted by name, version). For the unit test. (identify.c) */
jcs_rc jcsi_components_merge(struct jcsi_components *all,
			     struct jcsi_components *out);

/* For the scan: jcsi_identify_components() into R's `components`. A failure is a
   limitation of R (the scan goes on); never aborts. (identify.c) */
void jcsi_identify_result(struct jcsi_scan *s, struct jcs_result *r);

/* Append a component (strings copied; FILE may be NULL). */
jcs_rc jcsi_components_add(struct jcsi_components *cs, const char *name,
			   const char *version, enum jcsi_comp_method m,
			   enum jcsi_comp_confidence conf, const char *file);

#endif

/*
 * sbom_int.h - the SBOM writers (CycloneDX 1.5 JSON, SPDX 2.3 JSON) and
 * what they share. Both render a result DOCUMENT (schema/result.schema.json),
 * never the scan's internal state, so a stored result can be turned into
 * an SBOM later and gives the same bytes every time.
 */
#ifndef JCSTAR_SBOM_INT_H
#define JCSTAR_SBOM_INT_H

#include <stdio.h>

#include <jansson.h>

#include "jcstar/jcstar.h"

/* CycloneDX 1.5 JSON of DOC's firmware, `components` and the
   `vulnerabilities` its findings carry. (sbom_cyclonedx.c) */
jcs_rc jcsi_sbom_cyclonedx(const json_t *doc, FILE *out);

/* SPDX 2.3 JSON of DOC's firmware and `components`. (sbom_spdx.c) */
jcs_rc jcsi_sbom_spdx(const json_t *doc, FILE *out);

/* --- shared helpers (sbom_common.c) --- */

/*
 * A name-based UUID (RFC 4122 version 5: SHA-1, fixed namespace) of what
 * the document is about: the input's sha256, started_at and the
 * components. Not random on purpose: rendering the same result twice
 * gives the same bytes (reproducible, diffable SBOMs), while a new scan
 * has a new started_at and so a new serial number.
 */
void jcsi_sbom_uuid(const json_t *doc, char out[37]);

/* The firmware's name: product.name, else the input file's base name,
   else "firmware". Borrowed from DOC or static. */
const char *jcsi_sbom_firmware_name(const json_t *doc);

/* product.firmware_versions[0], product.vendor, input.sha256: NULL when
   absent. */
const char *jcsi_sbom_firmware_version(const json_t *doc);
const char *jcsi_sbom_firmware_vendor(const json_t *doc);
const char *jcsi_sbom_input_sha256(const json_t *doc);

enum jcsi_sbom_kind {
	JCSI_SBOM_LIBRARY,
	JCSI_SBOM_APPLICATION,
	JCSI_SBOM_OS,
};

/* What a component is, from the evidence: the kernel and what a build
   manifest (os-release) names are the operating system; a component seen
   in an executable directory (bin/, sbin/) is an application; the rest
   are libraries. */
enum jcsi_sbom_kind jcsi_sbom_kind(const json_t *comp);

/* Index into DOC's components of the component a finding is about: the
   first whose files include the finding's location.path; -1 if none. */
long jcsi_sbom_finding_component(const json_t *doc, const json_t *finding);

/* Where a vulnerability id is published: "NVD" for CVE ids, "OSV" for the
   rest; URL into OUT. */
const char *jcsi_sbom_vuln_source(const char *id, char *url, size_t len);

/* IN as the variable part of an SPDXID (only [A-Za-z0-9.-]): every run
   of other bytes becomes one '-', '-' at either end is dropped, at most
   LEN-1 bytes; "unnamed" if nothing is left. */
void jcsi_spdx_id_part(const char *in, char *out, size_t len);

/* The string member K of O, or NULL if missing or not a string. */
const char *jcsi_sbom_str(const json_t *o, const char *k);

/* Writes DOC (2-space indent, members in insertion order) and a newline. */
jcs_rc jcsi_sbom_dump(const json_t *doc, FILE *out);

#endif

/*
 * cpe.h - CPE 2.3 names (NISTIR 7695, formatted-string binding) and the
 * NVD match criteria that say which of them a vulnerability affects.
 *
 * A formatted string is "cpe:2.3:" and 11 attributes separated by ':':
 * part, vendor, product, version, update, edition, language, sw_edition,
 * target_sw, target_hw, other. An attribute is "*" (ANY), "-" (NA) or a
 * value in which a backslash quotes the next character ("\:" is a colon
 * inside a value, "\-" a value that is one hyphen). Values are kept
 * unquoted here and compared case-insensitively, as CPE names are.
 *
 * Not supported (refused with JCS_E_UNSUPPORTED, so a criterion that
 * uses them is never silently mis-matched): unquoted '*' and '?' inside a
 * value (partial wildcards such as "openssl*"); NVD's feeds do not use
 * them in match criteria.
 */
#ifndef JCSTAR_CPE_H
#define JCSTAR_CPE_H

#include <stdbool.h>

#include "jcstar/jcstar.h"

#define JCSI_CPE_ATTRS 11
/* Longest attribute value kept, in bytes without the NUL. */
#define JCSI_CPE_VALUE_MAX 255

enum jcsi_cpe_attr {
	JCSI_CPE_PART,
	JCSI_CPE_VENDOR,
	JCSI_CPE_PRODUCT,
	JCSI_CPE_VERSION,
	JCSI_CPE_UPDATE,
	JCSI_CPE_EDITION,
	JCSI_CPE_LANGUAGE,
	JCSI_CPE_SW_EDITION,
	JCSI_CPE_TARGET_SW,
	JCSI_CPE_TARGET_HW,
	JCSI_CPE_OTHER,
};

enum jcsi_cpe_kind {
	JCSI_CPE_ANY, /* "*": any value */
	JCSI_CPE_NA,  /* "-": the attribute does not apply */
	JCSI_CPE_VALUE,
};

/* A parsed name; self-contained (no pointers), may be copied. */
struct jcsi_cpe {
	enum jcsi_cpe_kind kind[JCSI_CPE_ATTRS];
	/* unquoted value when kind is JCSI_CPE_VALUE, else "" */
	char value[JCSI_CPE_ATTRS][JCSI_CPE_VALUE_MAX + 1];
};

/*
 * Parses formatted string S into *OUT. JCS_E_FORMAT: not "cpe:2.3:",
 * not 11 attributes, an empty attribute, a dangling backslash, a byte
 * outside printable ASCII, a part other than a, o, h; JCS_E_LIMIT: a
 * value longer than JCSI_CPE_VALUE_MAX; JCS_E_UNSUPPORTED: partial
 * wildcards (above); JCS_E_ARG: NULL. *OUT is undefined on error.
 */
jcs_rc jcsi_cpe_parse(const char *s, struct jcsi_cpe *out);

/*
 * The formatted string of C, in a new string (jcsi_free) at *OUT:
 * every byte of a value other than letters, digits, '_', '-' and '.' is
 * quoted (NVD writes "tp-link" unquoted too), and a value that is one
 * hyphen becomes "\-" so it does not read as NA. JCS_E_FORMAT if
 * a value holds bytes outside printable ASCII or is empty, JCS_E_NOMEM.
 */
jcs_rc jcsi_cpe_format(const struct jcsi_cpe *c, char **out);

/*
 * A component found in firmware: PART 'a' (application), 'o'
 * (operating system: the Linux kernel), 'h' (hardware); VENDOR, PRODUCT
 * and VERSION as NVD spells them (NULL: unknown). Borrowed strings.
 */
struct jcsi_cpe_subject {
	char part;
	const char *vendor;
	const char *product;
	const char *version;
};

/*
 * The CPE name of component P (unknown fields and the 7 attributes after
 * the version are ANY). JCS_E_ARG for a part other than a, o, h or an
 * empty string, JCS_E_LIMIT for a field longer than JCSI_CPE_VALUE_MAX.
 */
jcs_rc jcsi_cpe_from_component(const struct jcsi_cpe_subject *p,
			       struct jcsi_cpe *out);

/*
 * One NVD cpeMatch entry: the criteria name and the optional version
 * bounds (NULL: absent). Borrowed strings.
 */
struct jcsi_cpe_criterion {
	struct jcsi_cpe cpe;
	const char *start_incl; /* versionStartIncluding */
	const char *start_excl; /* versionStartExcluding */
	const char *end_incl;   /* versionEndIncluding */
	const char *end_excl;   /* versionEndExcluding */
};

enum jcsi_cpe_match {
	JCSI_MATCH_NO = 0,
	JCSI_MATCH_YES = 1,
	/*
	 * Vendor and product match but the component's version is unknown
	 * (NULL) or not a version (jcsi_version_valid), and the criterion
	 * needs one: the component may or may not be affected. Never read
	 * this as a match or as no match.
	 */
	JCSI_MATCH_VERSION_UNKNOWN = 2,
};

/*
 * Whether component P is one criterion M names. Part, vendor and product
 * must be equal (case-insensitively) unless the criterion has ANY; NA
 * matches only an unknown field. The version:
 *  - bounds present: the component version is inside every bound
 *    (jcsi_version_cmp), and equal to the criterion's version if that is
 *    a value;
 *  - no bounds, criterion version a value: equal versions
 *    (jcsi_version_cmp == 0); NVD writes OpenSSH 9.2p1 as version "9.2",
 *    update "p1", so a criterion update value is appended to its version
 *    before comparing;
 *  - no bounds, ANY: every version, known or not; NA: only an unknown
 *    version or "-".
 * The attributes after the update are not compared: a component has
 * none (ANY), and ANY is a superset of every value in CPE name matching.
 */
enum jcsi_cpe_match jcsi_cpe_match(const struct jcsi_cpe_criterion *m,
				   const struct jcsi_cpe_subject *p);

#endif

/*
 * vercmp.h - ordering of the version strings that IoT components carry
 * (BusyBox, OpenSSL, OpenSSH, dropbear, lighttpd, the Linux kernel, ...)
 * and that NVD match criteria use as range bounds.
 *
 * Why not semver, dpkg or rpm: the components do not follow one scheme.
 * semver has no letter suffixes (OpenSSL 1.0.2k) and no patch levels
 * (OpenSSH 9.2p1). rpmvercmp and dpkg rank a letter after the end of a
 * version as older ("1a" < "1" in rpm), the opposite of OpenSSL's
 * 1.0.2 < 1.0.2a. Neither knows that "rc1" comes before the release unless
 * the packager wrote "~rc1". NVD does not define an ordering at all: its
 * versionStart/End bounds are the vendor's strings, so the comparison has
 * to be right for each vendor's habit. The rules below are those habits.
 *
 * The algorithm (jcsi_version_cmp):
 *
 *  1. An epoch "N:" in front ("1:2.3", dpkg/rpm style) is compared first,
 *     numerically; no epoch is epoch 0. A leading 'v' or 'V' directly
 *     before a digit is dropped ("v1.2" == "1.2").
 *  2. The rest is cut into tokens: runs of digits (numbers) and runs of
 *     ASCII letters (words, compared case-insensitively). Every other
 *     byte ('.', '_', '-', '+', '~', ...) only separates tokens, so
 *     "1_2_3" == "1-2-3" == "1.2.3"; a letter/digit boundary separates
 *     too ("9.2p1" is 9 2 p 1). Tag names like libexpat's "R_2_4_1" are
 *     not versions: "R" is a word like any other (the caller strips tag
 *     prefixes before comparing).
 *  3. Words are of two kinds. Pre-release words, ranked
 *     dev < alpha < beta < pre = preview < rc, come before the release
 *     they precede: 2.4.7-rc1 < 2.4.7, 1.0.0-beta < 1.0.0-rc1 < 1.0.0.
 *     Any other word is a post-release suffix (OpenSSL letters, OpenSSH
 *     "p", "pl"): 1.0.1u < 1.0.2 < 1.0.2a < 1.0.2k < 1.0.2z < 1.0.2za,
 *     9.2 < 9.2p1 < 9.2p2 < 9.3p1. Two suffixes compare as lower-case
 *     strings, a shorter prefix first ("z" < "za"), which is OpenSSL's
 *     sequence. Single letters are never pre-releases (so "2.0b1" is a
 *     post-release of 2.0: OpenSSL's reading wins over Python's).
 *  4. Numbers compare by value of any length (no overflow; leading zeros
 *     do not count: 1.01 == 1.1; dropbear's 2022.83 > 2020.81, the
 *     kernel's 4.14.180 > 4.14.99).
 *  5. Zero numbers that stand before the end or before a pre-release word
 *     do not count: 1.2 == 1.2.0 == 1.2.0.0 and 1.0-rc1 == 1.0.0-rc1
 *     (NVD bounds and component banners disagree about trailing ".0").
 *  6. The token lists are then compared left to right, a missing token
 *     being "end", with pre-release word < end < post-release word <
 *     number. So 1.2.3 < 1.2.3.1, 1.0.2k < 1.0.2.1 and 9.2p1 < 9.2.1.
 *
 * Steps 5-6 make the order total: every string has one canonical token
 * list and lists compare lexicographically, so the comparison is
 * antisymmetric and transitive for any input bytes (the fuzz target
 * checks this). Unlike dpkg, '~' has no special meaning and a Debian
 * revision "-1" is just one more number; unlike semver, "+build" is not
 * ignored. Strings that jcsi_version_valid() refuses still compare (their
 * other bytes are separators) but mean little.
 */
#ifndef JCSTAR_VERSION_CMP_H
#define JCSTAR_VERSION_CMP_H

#include <stdbool.h>

/* Longest string jcsi_version_valid() accepts (bytes, without the NUL). */
#define JCSI_VERSION_MAX 128

/*
 * <0, 0 or >0 (exactly -1, 0, 1) as version A is older than, the same as
 * or newer than B. NULL is older than every string and equal to NULL.
 */
int jcsi_version_cmp(const char *a, const char *b);

/*
 * Whether S looks like a version: 1 to JCSI_VERSION_MAX bytes of ASCII
 * letters, digits and the separators . _ - + ~, with an optional epoch
 * "N:" and an optional 'v' in front, starting with a digit after them,
 * no two separators in a row and none at the end.
 */
bool jcsi_version_valid(const char *s);

#endif

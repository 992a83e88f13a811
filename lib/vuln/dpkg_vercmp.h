/*
 * dpkg_vercmp.h - Debian's version ordering (deb-version(7)), for the OSV
 * ranges of Debian and Ubuntu packages: "[epoch:]upstream[-revision]",
 * where '~' sorts before everything, even the end ("1.0~rc1" < "1.0",
 * "3.0.11-1~deb12u1" < "3.0.11-1"), letters before other punctuation,
 * and digit runs compare as numbers. jcsi_version_cmp (vercmp.h) is for
 * upstream version strings and reads '~' as a separator, which gets
 * Debian's security-update revisions backwards.
 */
#ifndef JCSTAR_DPKG_VERCMP_H
#define JCSTAR_DPKG_VERCMP_H

/* <0, 0, >0 as A is older than, the same as or newer than B (NULL is
   older than everything). Any bytes: never fails. */
int jcsi_dpkg_version_cmp(const char *a, const char *b);

#endif

/*
 * safe_path.h - turning hostile names from containers into names that are
 * safe to create under an output directory. Pure string functions: no file
 * system access, so they can be unit-tested and fuzzed in isolation.
 */
#ifndef JCSTAR_SAFE_PATH_H
#define JCSTAR_SAFE_PATH_H

#include <stdint.h>

#include "jcstar/jcstar.h"

/*
 * Normalise IN into a relative '/'-separated path without empty, "." or
 * ".." components (a leading '/' is dropped: containers often store
 * absolute names). Refuses (JCS_E_UNSAFE_PATH, *WHY set) any ".."
 * component, including one hidden behind '\\' separators (Windows-style
 * Zip Slip), components longer than 255 bytes, paths longer than MAX_PATH
 * and control characters. Bytes that are not UTF-8 are written "%XX"
 * (names must be the same on disk and in the JSON manifest). On JCS_OK
 * *OUT is a new string ("" for the
 * container root) to free with jcsi_free().
 */
jcs_rc jcsi_path_normalize(const char *in, uint32_t max_path, char **out,
			   const char **why);

/*
 * Rewrite symlink TARGET of the link at LINK (a normalised path) so that
 * it resolves inside the container root whatever other links exist:
 * the result is "../" repeated at most depth-of-LINK's-parent times,
 * followed only by downward components. Absolute targets are taken
 * relative to the container root, as on the device. A target that climbs
 * above the root is refused (JCS_E_UNSAFE_PATH). On JCS_OK *OUT is a new
 * string.
 *
 * Why this shape is enough: every link we create has a real directory
 * chain as parent (entries are never created through links), so its
 * leading ".." steps stay within the root, and each further component is
 * either a real directory or another link of the same shape.
 */
jcs_rc jcsi_link_canonical(const char *link, const char *target,
			   uint32_t max_path, char **out, const char **why);

#endif

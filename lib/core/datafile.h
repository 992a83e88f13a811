/*
 * datafile.h - reading jcstar's own data files (data/: rule tables,
 * pattern files, lists): one record a line, blank lines and '#' comments
 * skipped, CR/LF trimmed, and every error named "FILE:LINE: why" so a
 * reviewer of a data change finds the line at once. One reader for all
 * of them, so every data file behaves the same.
 */
#ifndef JCSTAR_DATAFILE_H
#define JCSTAR_DATAFILE_H

#include <stddef.h>

#include "jcstar/jcstar.h"

/* Longer lines are an error (no data file of ours comes near it). */
#define JCSI_DATA_LINE_MAX 4096

/*
 * Called for each record: LINE (writable, valid only during the call: copy
 * what is kept), its 1-based number NO. A non-OK return stops the reading
 * and is returned; the callback writes ERR as "PATH:NO: why".
 */
typedef jcs_rc (*jcsi_data_fn)(char *line, const char *path, unsigned no,
			       void *user, char *err, size_t errlen);

/* Reads PATH calling FN per record. JCS_E_IO if it cannot be opened,
   JCS_E_FORMAT for a line too long. */
jcs_rc jcsi_data_lines(const char *path, jcsi_data_fn fn, void *user,
		       char *err, size_t errlen);

#endif

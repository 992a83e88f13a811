/*
 * datafile.c - see datafile.h.
 */
#include "datafile.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

jcs_rc jcsi_data_lines(const char *path, jcsi_data_fn fn, void *user,
		       char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char buf[JCSI_DATA_LINE_MAX];
	unsigned no = 0;
	jcs_rc rc = JCS_OK;

	if (!f) {
		snprintf(err, errlen, "%s: cannot open: %s", path,
			 strerror(errno));
		return JCS_E_IO;
	}
	while (rc == JCS_OK && fgets(buf, sizeof(buf), f)) {
		size_t len = strlen(buf);

		no++;
		if (len && buf[len - 1] != '\n' && !feof(f)) {
			snprintf(err, errlen, "%s:%u: line too long", path, no);
			rc = JCS_E_FORMAT;
			break;
		}
		while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
			buf[--len] = '\0';
		if (!len || buf[0] == '#')
			continue;
		rc = fn(buf, path, no, user, err, errlen);
	}
	fclose(f);
	return rc;
}

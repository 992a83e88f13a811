/*
 * textlines.h - walking the lines of small configuration files and
 * scripts: comments and blank lines skipped, line numbers kept.
 */
#ifndef JCSTAR_TEXTLINES_H
#define JCSTAR_TEXTLINES_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Next line of BUF (LEN bytes) from *POS: copies it, without the newline
   and trimmed, into LINE (CAP bytes, longer lines cut); returns 0 at the
   end. *NO counts lines from 1. */
static inline int jcsi_next_line(const char *buf, size_t len, size_t *pos,
				 char *line, size_t cap, uint64_t *no)
{
	size_t s, e, n;

	if (*pos >= len)
		return 0;
	s = *pos;
	e = s;
	while (e < len && buf[e] != '\n')
		e++;
	*pos = e < len ? e + 1 : e;
	(*no)++;
	while (s < e && (buf[s] == ' ' || buf[s] == '\t'))
		s++;
	while (e > s && (buf[e - 1] == ' ' || buf[e - 1] == '\t' ||
			 buf[e - 1] == '\r'))
		e--;
	n = e - s < cap - 1 ? e - s : cap - 1;
	memcpy(line, buf + s, n);
	line[n] = '\0';
	for (size_t i = 0; i < n; i++)
		if (line[i] == '\0')
			line[i] = ' '; /* binary junk: keep it a string */
	return 1;
}

#endif

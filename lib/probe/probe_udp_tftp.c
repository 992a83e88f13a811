/*
 * probe_udp_tftp.c - TFTP (RFC 1350): a read request for a harmless name
 * that does not exist; any TFTP answer (ERROR "file not found", DATA,
 * or an option acknowledgement) shows a server that hands out files to
 * anyone without authentication. The server answers from a new port
 * (its transfer id), so the exchange accepts any source port of the
 * target.
 */
#include <string.h>

#include "probe_udp.h"

size_t jcsi_tftp_rrq(const char *file, uint8_t *out, size_t cap)
{
	size_t fl = strlen(file), n = 2 + fl + 1 + 6;

	if (n > cap)
		return 0;
	out[0] = 0;
	out[1] = 1;     /* RRQ */
	memcpy(out + 2, file, fl + 1);
	memcpy(out + 3 + fl, "octet", 6);
	return n;
}

int jcsi_tftp_parse(const uint8_t *buf, size_t len, char *msg, size_t cap)
{
	unsigned op;

	if (cap)
		msg[0] = '\0';
	if (len < 4 || buf[0] != 0)
		return 0;
	op = buf[1];
	if (op == 3)    /* DATA: block number, up to 512 bytes */
		return len <= 4 + 512 ? 3 : 0;
	if (op == 6)    /* OACK (RFC 2347): name\0value\0 pairs */
		return buf[len - 1] == 0 ? 6 : 0;
	if (op != 5 || buf[2] > 0 || buf[3] > 8)   /* ERROR codes 0-8 */
		return 0;
	/* the message is NUL-terminated; some servers omit the NUL */
	if (cap) {
		size_t n = 0;

		for (size_t i = 4; i < len && buf[i] && n + 1 < cap; i++)
			msg[n++] = (buf[i] >= 0x20 && buf[i] < 0x7f)
					   ? (char)buf[i]
					   : '?';
		msg[n] = '\0';
	}
	return 5;
}

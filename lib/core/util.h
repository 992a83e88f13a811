/*
 * util.h - small helpers shared across libjcstar.
 */
#ifndef JCSTAR_UTIL_H
#define JCSTAR_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* "2026-11-26T04:48:05Z" into OUT (at least 21 bytes). */
void jcsi_time_iso8601(time_t t, char out[32]);

/* Hex sha256 of a buffer, or of a finished digest, into OUT. */
void jcsi_sha256_hex(const void *p, size_t n, char out[65]);
void jcsi_digest_hex(const unsigned char *md, char out[65]);

/* Hex sha256 of the file at PATH; 0 on success, -1 on error. */
int jcsi_sha256_file(const char *path, char out[65], uint64_t *size);

#endif

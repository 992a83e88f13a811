/*
 * util.c - time stamps and hashing helpers.
 */
#include "util.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <openssl/evp.h>

void jcsi_time_iso8601(time_t t, char out[32])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void jcsi_digest_hex(const unsigned char *md, char out[65])
{
	static const char hex[] = "0123456789abcdef";

	for (int i = 0; i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
}

void jcsi_sha256_hex(const void *p, size_t n, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;

	EVP_Digest(p, n, md, &len, EVP_sha256(), NULL);
	jcsi_digest_hex(md, out);
}

int jcsi_sha256_file(const char *path, char out[65], uint64_t *size)
{
	unsigned char md[EVP_MAX_MD_SIZE], buf[1 << 16];
	unsigned int len = 0;
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	uint64_t total = 0;
	ssize_t n = 0;

	if (!c || fd < 0 || !EVP_DigestInit_ex(c, EVP_sha256(), NULL)) {
		EVP_MD_CTX_free(c);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		EVP_DigestUpdate(c, buf, (size_t)n);
		total += (uint64_t)n;
	}
	EVP_DigestFinal_ex(c, md, &len);
	EVP_MD_CTX_free(c);
	close(fd);
	if (n < 0)
		return -1;
	jcsi_digest_hex(md, out);
	if (size)
		*size = total;
	return 0;
}

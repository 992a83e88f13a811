/*
 * fuzz_nvd_stream_input.h - the NVD feed splitter (lib/vuln/json_stream.c)
 * and the record parsers behind it (import_nvd.c, import_osv.c) on fuzzer
 * bytes, into an in-memory database:
 *  - the input is split twice, whole and in pieces of 1 + d[0] % 64
 *    bytes: the splitter must find the same elements (count, bytes) and
 *    end with the same code either way, or the harness aborts (a cut
 *    between two reads must never change what is imported);
 *  - each element goes through jcsi_import_nvd_element (jansson, CPE
 *    parsing, SQL), the whole input through jcsi_import_osv_record and,
 *    written to a scratch file, through the KEV CSV reader (quoting,
 *    line breaks inside fields, header columns);
 *  - then the component "openssl openssl 1.0.2k" and a Debian package
 *    are matched against whatever was stored.
 * Shared by the libFuzzer target (fuzz_nvd_stream.c) and replay.c.
 */
#ifndef JCSTAR_FUZZ_NVD_STREAM_INPUT_H
#define JCSTAR_FUZZ_NVD_STREAM_INPUT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/vuln/json_stream.h"
#include "lib/vuln/vulndb.h"

struct fuzz_nvd_split {
	struct jcs_vulndb *db;   /* NULL: only count */
	unsigned long n;
	unsigned long long bytes;
	uint32_t hash;
};

static inline jcs_rc fuzz_nvd_elem(const char *e, size_t len, void *user)
{
	struct fuzz_nvd_split *s = user;
	struct jcs_vulndb_import_stats st;
	char err[256];

	s->n++;
	s->bytes += len;
	for (size_t i = 0; i < len; i++)
		s->hash = s->hash * 31 + (unsigned char)e[i];
	if (s->db) {
		memset(&st, 0, sizeof(st));
		jcsi_import_nvd_element(s->db, e, len, &st, err, sizeof(err));
	}
	return JCS_OK;
}

static inline jcs_rc fuzz_nvd_run(const uint8_t *d, size_t n, size_t piece,
				  struct fuzz_nvd_split *s)
{
	struct jcsi_jstream js;
	char err[256];
	jcs_rc rc = JCS_OK;

	jcsi_jstream_init(&js, "vulnerabilities", fuzz_nvd_elem, s);
	js.element_max = 1u << 16;
	for (size_t i = 0; rc == JCS_OK && i < n; i += piece)
		rc = jcsi_jstream_feed(&js, (const char *)d + i,
				       n - i < piece ? n - i : piece, err,
				       sizeof(err));
	if (rc == JCS_OK)
		rc = jcsi_jstream_finish(&js, err, sizeof(err));
	jcsi_jstream_free(&js);
	return rc;
}

static inline int fuzz_nvd_ignore(const struct jcs_vuln_hit *h, void *user)
{
	(void)h;
	(void)user;
	return 0;
}

/* The KEV CSV reader takes a file: the input goes to a scratch file. */
static inline void fuzz_nvd_csv(struct jcs_vulndb *db, const uint8_t *d,
				size_t n)
{
	static char path[64];
	struct jcs_vulndb_import_stats st;
	char err[256];
	FILE *f;

	if (!path[0]) {
		int fd;

		snprintf(path, sizeof(path), "/tmp/fuzz_nvd_csv.XXXXXX");
		fd = mkstemp(path);
		if (fd < 0)
			abort();
		close(fd);
	}
	f = fopen(path, "wb");
	if (!f)
		abort();
	if (n)
		fwrite(d, 1, n, f);
	fclose(f);
	memset(&st, 0, sizeof(st));
	jcsi_import_kev_csv(db, path, &st, err, sizeof(err));
}

static inline void fuzz_nvd_stream_one(const uint8_t *d, size_t n)
{
	static struct jcs_vulndb *db;
	struct fuzz_nvd_split whole = {0}, cut = {0};
	struct jcs_vulndb_import_stats st;
	jcs_rc rc1, rc2;
	char err[256];

	if (!db && jcs_vulndb_open(":memory:", 1, &db, err, sizeof(err)) !=
	    JCS_OK)
		abort();
	whole.db = db;
	rc1 = fuzz_nvd_run(d, n, n ? n : 1, &whole);
	rc2 = fuzz_nvd_run(d, n, 1 + (n ? d[0] % 64 : 0), &cut);
	if (rc1 != rc2 || whole.n != cut.n || whole.bytes != cut.bytes ||
	    whole.hash != cut.hash) {
		fprintf(stderr, "fuzz_nvd_stream: the split depends on the "
				"read size (%d/%d, %lu/%lu elements)\n",
			rc1, rc2, whole.n, cut.n);
		abort();
	}
	memset(&st, 0, sizeof(st));
	jcsi_import_osv_record(db, (const char *)d, n, &st, err, sizeof(err));
	fuzz_nvd_csv(db, d, n);
	jcsi_vulndb_match(db, 0, "openssl", "openssl", "1.0.2k",
			  fuzz_nvd_ignore, NULL, NULL);
	jcsi_vulndb_match_osv(db, "Debian:12", "openssl", "3.0.8-1",
			      fuzz_nvd_ignore, NULL, NULL);
	jcsi_vulndb_exec(db, "DELETE FROM cve; DELETE FROM cpe_match; "
			 "DELETE FROM osv; DELETE FROM osv_alias; "
			 "DELETE FROM osv_affected; DELETE FROM kev", NULL, 0);
}

#endif

/*
 * replay.c - runs the fuzz corpora in the normal test suite.
 *
 * Every file under tests/fuzz/corpus/<format>/ (seeds and minimised crash
 * inputs found by the libFuzzer targets) goes through the same entry point
 * the fuzzer used, jcs_unpack_buffer(data, len, format). Then each seed is
 * damaged in a few hundred deterministic ways (bytes flipped, truncated,
 * lengths set to extremes), in the manner of libarchive's test_fuzz.c, so
 * the suite exercises error paths even without clang. Under ASan/UBSan a
 * crash, leak or undefined behaviour fails the test.
 *
 * Usage: replay CORPUS_ROOT
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "jcstar/jcstar.h"
#include "fuzz_scan_input.h"
#include "fuzz_content_input.h"
#include "fuzz_catalog_input.h"
#include "fuzz_version_input.h"
#include "fuzz_tls_hello_input.h"
#include "fuzz_nvd_stream_input.h"
#include "fuzz_pkgdb_input.h"
#include "fuzz_manifest_input.h"
#include "fuzz_signatures_input.h"
#include "fuzz_report_input.h"
#include "fuzz_probe_udp_input.h"
#include "fuzz_probe_http_input.h"
#include "fuzz_probe_creds_input.h"
#include "fuzz_probe_ident_input.h"

#define MUTATIONS 200

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static unsigned long runs;
static char scan_root[64];

static void run(const uint8_t *d, size_t n, const char *fmt)
{
	struct jcs_unpack_stats st;

	if (fmt && !strcmp(fmt, "catalog")) {
		/* the requirement catalog loader (fuzz_catalog.c) */
		fuzz_catalog_one(d, n);
		runs++;
		return;
	}
	if (fmt && !strcmp(fmt, "content")) {
		/* keys, certificates, secrets (fuzz_content.c) */
		fuzz_content_one(d, n);
		runs++;
		return;
	}
	if (fmt && (!strcmp(fmt, "manifest") || !strcmp(fmt, "securitytxt") ||
		    !strcmp(fmt, "baseline"))) {
		/* the assessment's inputs (fuzz_manifest.c and siblings) */
		if (fmt[0] == 'm')
			fuzz_manifest_one(d, n);
		else if (fmt[0] == 's')
			fuzz_securitytxt_one(d, n);
		else
			fuzz_baseline_one(d, n);
		runs++;
		return;
	}
	if (fmt && !strcmp(fmt, "report")) {
		/* every reporter over a result document (fuzz_report.c) */
		fuzz_report_one(d, n);
		runs++;
		return;
	}
	if (fmt && !strcmp(fmt, "pkgdb")) {
		/* package databases, os-release (fuzz_pkgdb.c) */
		fuzz_pkgdb_one(d, n);
		runs++;
		return;
	}
	if (fmt && !strcmp(fmt, "signatures")) {
		/* component version signatures (fuzz_signatures.c) */
		fuzz_signatures_one(d, n);
		runs++;
		return;
	}
	if (fmt && !strcmp(fmt, "nvd_stream")) {
		/* NVD feed splitter, NVD/OSV records (fuzz_nvd_stream.c) */
		fuzz_nvd_stream_one(d, n);
		runs++;
		return;
	}
	if (fmt && !strcmp(fmt, "version")) {
		/* version order laws, CPE round trips (fuzz_version.c) */
		fuzz_version_one(d, n);
		runs++;
		return;
	}
	if (fmt && !strcmp(fmt, "tls_hello")) {
		/* the TLS check's ServerHello/alert parser (fuzz_tls_hello.c) */
		fuzz_tls_hello_one(d, n);
		runs++;
		return;
	}
	if (fmt && (!strcmp(fmt, "probe_udp") || !strcmp(fmt, "probe_http"))) {
		/* the probe's UDP and HTTP parsers (fuzz_probe_udp.c, _http.c) */
		if (fmt[6] == 'u')
			fuzz_probe_udp_one(d, n);
		else
			fuzz_probe_http_one(d, n);
		runs++;
		return;
	}
	if (fmt && !strcmp(fmt, "probe_ident")) {
		/* the probe core's banner classifier (fuzz_probe_ident.c) */
		fuzz_probe_ident_one(d, n);
		runs++;
		return;
	}
	if (fmt && !strcmp(fmt, "probe_creds")) {
		/* the credential checks' answer parsers (fuzz_probe_creds.c) */
		fuzz_probe_creds_one(d, n);
		runs++;
		return;
	}
	if (fmt && !strcmp(fmt, "scan")) {
		/* the scan checks' parsers (fuzz_scan.c) */
		fuzz_scan_one(scan_root, d, n);
		runs++;
		return;
	}

	jcs_unpack_buffer(d, n, fmt, &st);
	jcs_unpack_buffer(d, n, NULL, &st); /* the carving engine as well */
	runs += 2;
}

static void mutate_and_run(const uint8_t *seed, size_t n, const char *fmt)
{
	uint8_t *m = malloc(n ? n : 1);

	if (!m)
		return;
	for (int i = 0; i < MUTATIONS && n > 0; i++) {
		size_t len = n;

		memcpy(m, seed, n);
		switch (i % 4) {
		case 0: /* flip a few bytes */
			for (int k = 0; k < 4; k++)
				m[next() % n] ^= (uint8_t)(1u << (next() % 8));
			break;
		case 1: /* truncate */
			len = (size_t)(next() % n);
			break;
		case 2: { /* a 32-bit field set to an extreme */
			size_t at = (size_t)(next() % n);
			uint32_t v = (next() & 1) ? 0xffffffffu : 0x7fffffffu;

			if (at + 4 <= n)
				memcpy(m + at, &v, 4);
			break;
		}
		default: /* zero a run */
			{
				size_t at = (size_t)(next() % n);
				size_t k = (size_t)(next() % 64);

				if (k > n - at)
					k = n - at;
				memset(m + at, 0, k);
			}
			break;
		}
		run(m, len, fmt);
	}
	free(m);
}

static int load(const char *path, uint8_t **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	uint8_t *b;

	if (!f || fstat(fileno(f), &st) < 0 || st.st_size > (64 << 20)) {
		if (f)
			fclose(f);
		return -1;
	}
	b = malloc((size_t)st.st_size + 1);
	if (!b || fread(b, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
		free(b);
		fclose(f);
		return -1;
	}
	fclose(f);
	*out = b;
	*len = (size_t)st.st_size;
	return 0;
}

int main(int argc, char **argv)
{
	DIR *root, *d;
	struct dirent *fe, *de;
	char path[4096];
	int files = 0, bad = 0;

	snprintf(scan_root, sizeof(scan_root), "/tmp/jcstar-replay-scan-%d",
		 (int)getpid());
	if (argc != 2 || !(root = opendir(argv[1]))) {
		fprintf(stderr, "usage: replay CORPUS_ROOT\n");
		return 2;
	}
	while ((fe = readdir(root))) {
		const char *fmt = fe->d_name;

		if (fmt[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", argv[1], fmt);
		if (!(d = opendir(path)))
			continue;
		while ((de = readdir(d))) {
			uint8_t *buf;
			size_t len;

			if (de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s/%s", argv[1], fmt,
				 de->d_name);
			if (load(path, &buf, &len) < 0) {
				fprintf(stderr, "cannot read %s\n", path);
				bad++;
				continue;
			}
			/* "engine" corpora run the carver only */
			run(buf, len, strcmp(fmt, "engine") ? fmt : NULL);
			mutate_and_run(buf, len,
				       strcmp(fmt, "engine") ? fmt : NULL);
			free(buf);
			files++;
		}
		closedir(d);
	}
	closedir(root);
	fuzz_scan_cleanup(scan_root);
	printf("replayed %d corpus files, %lu runs\n", files, runs);
	printf("%d passed, %d failed\n", files, bad);
	return bad || files == 0 ? 1 : 0;
}

/*
 * sbom_common.c - what the CycloneDX and SPDX writers share: the
 * deterministic document UUID, the firmware's name and identity, the kind
 * of a component and which component a vulnerability finding is about.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "../core/util.h"
#include "sbom_int.h"

const char *jcsi_sbom_str(const json_t *o, const char *k)
{
	const json_t *v = json_object_get(o, k);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* RFC 4122 appendix C: the URL namespace. The name is a URL of ours. */
static const unsigned char ns_url[16] = {
	0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
	0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8,
};

void jcsi_sbom_uuid(const json_t *doc, char out[37])
{
	const char *sha = jcsi_sbom_input_sha256(doc);
	const char *started = jcsi_sbom_str(doc, "started_at");
	char *comps = json_dumps(json_object_get(doc, "components"),
				 JSON_COMPACT | JSON_SORT_KEYS |
					 JSON_ENCODE_ANY);
	char comps_sha[65];
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int pos = 0;

	/* a tree scanned twice in the same second still differs when its
	   components do */
	jcsi_sha256_hex(comps ? comps : "", comps ? strlen(comps) : 0,
			comps_sha);
	free(comps);
	memset(md, 0, sizeof(md));
	if (ctx && EVP_DigestInit_ex(ctx, EVP_sha1(), NULL) == 1) {
		static const char base[] = "https://jcstar.invalid/sbom/";

		EVP_DigestUpdate(ctx, ns_url, sizeof(ns_url));
		EVP_DigestUpdate(ctx, base, strlen(base));
		EVP_DigestUpdate(ctx, sha ? sha : "tree", strlen(sha ? sha
							       : "tree"));
		EVP_DigestUpdate(ctx, "/", 1);
		EVP_DigestUpdate(ctx, started ? started : "",
				 strlen(started ? started : ""));
		EVP_DigestUpdate(ctx, "/", 1);
		EVP_DigestUpdate(ctx, comps_sha, strlen(comps_sha));
		EVP_DigestFinal_ex(ctx, md, &mdlen);
	}
	EVP_MD_CTX_free(ctx);
	md[6] = (unsigned char)((md[6] & 0x0f) | 0x50); /* version 5 */
	md[8] = (unsigned char)((md[8] & 0x3f) | 0x80); /* RFC 4122 variant */
	for (int i = 0; i < 16; i++) {
		static const char hex[] = "0123456789abcdef";

		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[pos++] = '-';
		out[pos++] = hex[md[i] >> 4];
		out[pos++] = hex[md[i] & 15];
	}
	out[pos] = '\0';
}

const char *jcsi_sbom_firmware_name(const json_t *doc)
{
	const char *name = jcsi_sbom_str(json_object_get(doc, "product"),
					 "name");
	const char *path = jcsi_sbom_str(json_object_get(doc, "input"),
					 "path");
	const char *slash;

	if (name && *name)
		return name;
	if (path) {
		slash = strrchr(path, '/');
		if (slash && slash[1])
			return slash + 1;
		if (!slash && *path)
			return path;
	}
	return "firmware";
}

const char *jcsi_sbom_firmware_version(const json_t *doc)
{
	const json_t *v = json_object_get(json_object_get(doc, "product"),
					  "firmware_versions");
	const json_t *first = json_array_get(v, 0);

	return json_is_string(first) && *json_string_value(first)
		       ? json_string_value(first)
		       : NULL;
}

const char *jcsi_sbom_firmware_vendor(const json_t *doc)
{
	const char *v = jcsi_sbom_str(json_object_get(doc, "product"),
				      "vendor");

	return v && *v ? v : NULL;
}

const char *jcsi_sbom_input_sha256(const json_t *doc)
{
	const char *s = jcsi_sbom_str(json_object_get(doc, "input"),
				      "sha256");

	return s && strlen(s) == 64 ? s : NULL;
}

static int in_exec_dir(const char *path)
{
	static const char *const dirs[] = {"/bin/", "/sbin/", "/usr/bin/",
					   "/usr/sbin/", NULL};

	for (size_t i = 0; path && dirs[i]; i++)
		if (!strncmp(path, dirs[i], strlen(dirs[i])) &&
		    !strchr(path + strlen(dirs[i]), '/'))
			return 1;
	return 0;
}

enum jcsi_sbom_kind jcsi_sbom_kind(const json_t *comp)
{
	const char *name = jcsi_sbom_str(comp, "name");
	const char *method = jcsi_sbom_str(comp, "method");
	const json_t *files = json_object_get(comp, "files");
	size_t i;
	const json_t *f;

	if ((name && !strcmp(name, "linux")) ||
	    (method && !strcmp(method, "manifest")))
		return JCSI_SBOM_OS;
	json_array_foreach(files, i, f)
		if (in_exec_dir(jcsi_sbom_str(f, "path")))
			return JCSI_SBOM_APPLICATION;
	return JCSI_SBOM_LIBRARY;
}

long jcsi_sbom_finding_component(const json_t *doc, const json_t *finding)
{
	const char *where = jcsi_sbom_str(json_object_get(finding,
							  "location"),
					  "path");
	const json_t *comps = json_object_get(doc, "components");
	const json_t *c, *f;
	size_t i, j;

	if (!where)
		return -1;
	json_array_foreach(comps, i, c)
		json_array_foreach(json_object_get(c, "files"), j, f) {
			const char *p = jcsi_sbom_str(f, "path");

			if (p && !strcmp(p, where))
				return (long)i;
		}
	return -1;
}

const char *jcsi_sbom_vuln_source(const char *id, char *url, size_t len)
{
	if (!strncmp(id, "CVE-", 4)) {
		snprintf(url, len, "https://nvd.nist.gov/vuln/detail/%s", id);
		return "NVD";
	}
	snprintf(url, len, "https://osv.dev/vulnerability/%s", id);
	return "OSV";
}

jcs_rc jcsi_sbom_dump(const json_t *doc, FILE *out)
{
	if (json_dumpf(doc, out,
		       JSON_INDENT(2) | JSON_ENSURE_ASCII |
			       JSON_REAL_PRECISION(6)) < 0)
		return JCS_E_IO;
	fputc('\n', out);
	return ferror(out) ? JCS_E_IO : JCS_OK;
}

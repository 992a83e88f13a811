/*
 * test_sbom.c - the SBOM writers on hand-written result documents
 * (tests/data/results/sbom-*.json): exact CycloneDX and SPDX fields,
 * SPDXID sanitising, name-based serial numbers (known answers computed
 * independently with Python's uuid.uuid5), the same input giving the same
 * bytes, a component without a version, and failures that stay clean.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "lib/core/mem.h"
#include "lib/sbom/sbom_int.h"

#include "fixture.h"

typedef jcs_rc (*writer_fn)(const json_t *doc, FILE *out);

/* The writer's output as a string (caller frees) and its rc. */
static char *render(writer_fn w, const json_t *doc, jcs_rc *rc)
{
	struct memout m;

	*rc = w(doc, memout_open(&m));
	return memout_close(&m);
}

static json_t *render_json(writer_fn w, const json_t *doc)
{
	jcs_rc rc;
	char *text = render(w, doc, &rc);
	json_error_t e;
	json_t *out;

	assert_int_equal(rc, JCS_OK);
	out = json_loads(text, 0, &e);
	if (!out)
		fail_msg("output is not JSON: %s", e.text);
	free(text);
	return out;
}

#define STR(o, path) json_string_value(json_object_get((o), (path)))

static void test_spdx_id_part(void **state)
{
	char out[80], small[8];

	(void)state;
	jcsi_spdx_id_part("lib foo++ (vendor) \xc3\xbc/x", out, sizeof(out));
	assert_string_equal(out, "lib-foo-vendor-x");
	jcsi_spdx_id_part("/usr/lib/libssl.so.3", out, sizeof(out));
	assert_string_equal(out, "usr-lib-libssl.so.3");
	jcsi_spdx_id_part("a--b__c", out, sizeof(out));
	assert_string_equal(out, "a-b-c");
	jcsi_spdx_id_part("", out, sizeof(out));
	assert_string_equal(out, "unnamed");
	jcsi_spdx_id_part("+++", out, sizeof(out));
	assert_string_equal(out, "unnamed");
	jcsi_spdx_id_part("abcdefghij", small, sizeof(small));
	assert_string_equal(small, "abcdefg");
	jcsi_spdx_id_part("abcde fg", small, sizeof(small));
	assert_string_equal(small, "abcde-f");
	jcsi_spdx_id_part("abcdef gh", small, sizeof(small));
	assert_string_equal(small, "abcdef"); /* never a trailing '-' */
}

static void test_uuid_known_answers(void **state)
{
	json_t *img = result_fixture("sbom-image.json");
	json_t *tree = result_fixture("sbom-tree.json");
	char u[37];

	(void)state;
	jcsi_sbom_uuid(img, u);
	assert_string_equal(u, "0a198b61-39c6-5c7b-beb4-68fe5ad7465d");
	jcsi_sbom_uuid(tree, u);
	assert_string_equal(u, "053e8413-4db3-515c-949e-80fc6e84f11b");
	/* a new scan (new started_at) is a new BOM */
	json_object_set_new(img, "started_at",
			    json_string("2026-11-26T04:48:06Z"));
	jcsi_sbom_uuid(img, u);
	assert_string_not_equal(u, "0a198b61-39c6-5c7b-beb4-68fe5ad7465d");
	json_decref(img);
	json_decref(tree);
}

static void test_cyclonedx_fields(void **state)
{
	json_t *doc = result_fixture("sbom-image.json");
	json_t *bom = render_json(jcsi_sbom_cyclonedx, doc);
	json_t *md = json_object_get(bom, "metadata");
	json_t *fw = json_object_get(md, "component");
	json_t *comps = json_object_get(bom, "components");
	json_t *c0 = json_array_get(comps, 0), *c1 = json_array_get(comps, 1);
	json_t *id1 = json_object_get(json_object_get(c1, "evidence"),
				      "identity");
	json_t *m1 = json_array_get(json_object_get(id1, "methods"), 0);
	json_t *vulns = json_object_get(bom, "vulnerabilities");
	json_t *v0 = json_array_get(vulns, 0), *v3 = json_array_get(vulns, 3);
	json_t *deps = json_array_get(json_object_get(bom, "dependencies"), 0);

	(void)state;
	assert_string_equal(STR(bom, "bomFormat"), "CycloneDX");
	assert_string_equal(STR(bom, "specVersion"), "1.5");
	assert_string_equal(STR(bom, "serialNumber"),
			    "urn:uuid:0a198b61-39c6-5c7b-beb4-68fe5ad7465d");
	assert_int_equal(json_integer_value(json_object_get(bom, "version")),
			 1);
	assert_string_equal(STR(md, "timestamp"), "2026-11-26T04:48:05Z");
	assert_string_equal(STR(json_array_get(json_object_get(json_object_get(
						       md, "tools"),
					       "components"), 0), "name"),
			    "jcstar");
	assert_string_equal(STR(fw, "type"), "firmware");
	assert_string_equal(STR(fw, "name"), "flash.bin");
	assert_string_equal(STR(json_array_get(json_object_get(fw, "hashes"),
					       0), "content"),
			    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822c"
			    "d15d6c15b0f00a08");
	assert_int_equal(json_array_size(comps), 7);
	/* busybox: a signature in /bin: an application, hash of the one
	   binary */
	assert_string_equal(STR(c0, "type"), "application");
	assert_string_equal(STR(c0, "bom-ref"), "busybox@1.30.1");
	assert_string_equal(STR(json_object_get(c0, "supplier"), "name"),
			    "BusyBox project");
	assert_string_equal(STR(json_array_get(json_object_get(c0, "hashes"),
					       0), "alg"), "SHA-256");
	assert_string_equal(STR(c0, "cpe"),
			    "cpe:2.3:a:busybox:busybox:1.30.1:*:*:*:*:*:*:*");
	assert_string_equal(STR(c0, "purl"), "pkg:generic/busybox@1.30.1");
	/* openssl: package database, a library, no single hash */
	assert_string_equal(STR(c1, "type"), "library");
	assert_null(json_object_get(c1, "hashes"));
	assert_string_equal(STR(id1, "field"), "purl");
	assert_true(json_real_value(json_object_get(id1, "confidence")) ==
		    0.9);
	assert_string_equal(STR(m1, "technique"), "manifest-analysis");
	assert_int_equal(json_array_size(json_object_get(
				 json_object_get(c1, "evidence"),
				 "occurrences")), 2);
	assert_string_equal(STR(json_array_get(comps, 2), "type"),
			    "operating-system");
	assert_string_equal(STR(json_array_get(comps, 5), "type"),
			    "operating-system");
	/* no version: the member is left out, the ref is the name */
	assert_null(json_object_get(json_array_get(comps, 3), "version"));
	assert_string_equal(STR(json_array_get(comps, 3), "bom-ref"),
			    "dropbear");
	/* a second busybox@1.30.1 gets a ref of its own */
	assert_string_equal(STR(json_array_get(comps, 6), "bom-ref"),
			    "busybox@1.30.1#7");
	assert_string_equal(STR(deps, "ref"), "firmware");
	assert_int_equal(json_array_size(json_object_get(deps, "dependsOn")),
			 7);
	/* the same CVE in two findings is one vulnerability affecting
	   both components */
	assert_int_equal(json_array_size(vulns), 4);
	assert_string_equal(STR(v0, "id"), "CVE-2023-0286");
	assert_string_equal(STR(json_object_get(v0, "source"), "name"),
			    "NVD");
	assert_string_equal(STR(json_array_get(json_object_get(v0, "ratings"),
					       0), "method"), "CVSSv31");
	assert_string_equal(STR(v0, "recommendation"),
			    "Upgrade to version 3.0.8 or later.");
	assert_int_equal(json_array_size(json_object_get(v0, "affects")), 2);
	assert_string_equal(STR(json_array_get(json_object_get(v0, "affects"),
					       1), "ref"), "busybox@1.30.1");
	assert_string_equal(STR(json_object_get(json_array_get(vulns, 1),
						"source"), "name"), "OSV");
	assert_string_equal(STR(json_array_get(json_object_get(
						       json_array_get(vulns, 1),
						       "ratings"), 0),
				"method"), "CVSSv3");
	assert_string_equal(STR(v3, "id"), "CVE-2016-5195");
	assert_string_equal(STR(json_array_get(json_object_get(v3, "ratings"),
					       0), "method"), "CVSSv2");
	assert_string_equal(STR(json_array_get(json_object_get(v3, "affects"),
					       0), "ref"), "linux@4.4.60");
	assert_string_equal(STR(json_array_get(json_object_get(v3,
							       "properties"),
					       0), "value"), "true");
	json_decref(bom);
	json_decref(doc);
}

static void test_spdx_fields(void **state)
{
	json_t *doc = result_fixture("sbom-image.json");
	json_t *d = render_json(jcsi_sbom_spdx, doc);
	json_t *pkgs = json_object_get(d, "packages");
	json_t *files = json_object_get(d, "files");
	json_t *rels = json_object_get(d, "relationships");
	json_t *fw = json_array_get(pkgs, 0), *ssl = json_array_get(pkgs, 2);
	json_t *drop = json_array_get(pkgs, 4);

	(void)state;
	assert_string_equal(STR(d, "spdxVersion"), "SPDX-2.3");
	assert_string_equal(STR(d, "dataLicense"), "CC0-1.0");
	assert_string_equal(STR(d, "SPDXID"), "SPDXRef-DOCUMENT");
	assert_string_equal(STR(d, "documentNamespace"),
			    "https://jcstar.invalid/spdx/9f86d081884c7d659a2f"
			    "eaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08-"
			    "0a198b61-39c6-5c7b-beb4-68fe5ad7465d");
	assert_string_equal(STR(json_object_get(d, "creationInfo"), "created"),
			    "2026-11-26T04:48:05Z");
	assert_string_equal(json_string_value(json_array_get(
				    json_object_get(json_object_get(
							    d, "creationInfo"),
						    "creators"), 0)),
			    "Tool: jcstar-0.1.0");
	assert_int_equal(json_array_size(pkgs), 8);
	assert_string_equal(STR(fw, "SPDXID"), "SPDXRef-Firmware");
	assert_string_equal(STR(fw, "primaryPackagePurpose"), "FIRMWARE");
	assert_string_equal(STR(fw, "packageFileName"), "flash.bin");
	assert_true(json_is_false(json_object_get(fw, "filesAnalyzed")));
	assert_string_equal(STR(ssl, "SPDXID"), "SPDXRef-Package-openssl-2");
	assert_string_equal(STR(ssl, "supplier"),
			    "Organization: OpenSSL Software Foundation");
	assert_string_equal(STR(ssl, "downloadLocation"), "NOASSERTION");
	assert_string_equal(STR(ssl, "licenseConcluded"), "NOASSERTION");
	assert_string_equal(STR(ssl, "comment"),
			    "Identified by jcstar from a package database "
			    "(confidence high); seen in /usr/lib/libssl.so.3, "
			    "/usr/lib/libcrypto.so.3.");
	assert_string_equal(STR(json_array_get(json_object_get(ssl,
							       "externalRefs"),
					       0), "referenceType"),
			    "cpe23Type");
	assert_string_equal(STR(json_array_get(json_object_get(ssl,
							       "externalRefs"),
					       1), "referenceLocator"),
			    "pkg:opkg/openssl@3.0.7");
	assert_string_equal(STR(json_array_get(json_object_get(ssl,
							       "externalRefs"),
					       3), "referenceLocator"),
			    "https://osv.dev/vulnerability/GHSA-xxxx-yyyy-zzzz");
	/* no version: versionInfo left out; no supplier: NOASSERTION */
	assert_string_equal(STR(drop, "SPDXID"), "SPDXRef-Package-dropbear-4");
	assert_null(json_object_get(drop, "versionInfo"));
	assert_string_equal(STR(drop, "supplier"), "NOASSERTION");
	assert_string_equal(STR(json_array_get(pkgs, 5), "SPDXID"),
			    "SPDXRef-Package-lib-foo-vendor-x-5");
	/* only files with a SHA1 become File elements, each once */
	assert_int_equal(json_array_size(files), 2);
	assert_string_equal(STR(json_array_get(files, 0), "SPDXID"),
			    "SPDXRef-File-bin-busybox-1");
	assert_string_equal(STR(json_array_get(files, 0), "fileName"),
			    "./bin/busybox");
	assert_string_equal(STR(json_array_get(json_object_get(
						       json_array_get(files, 0),
						       "checksums"), 0),
				"algorithm"), "SHA1");
	assert_int_equal(json_array_size(rels), 13);
	assert_string_equal(STR(json_array_get(rels, 0), "relationshipType"),
			    "DESCRIBES");
	assert_string_equal(STR(json_array_get(rels, 2), "relationshipType"),
			    "EXPANDED_FROM_ARCHIVE");
	assert_string_equal(STR(json_array_get(rels, 12), "spdxElementId"),
			    "SPDXRef-File-bin-busybox-1");
	assert_string_equal(STR(json_array_get(rels, 12),
				"relatedSpdxElement"),
			    "SPDXRef-Package-busybox-7");
	json_decref(d);
	json_decref(doc);
}

static void test_tree_with_product(void **state)
{
	json_t *doc = result_fixture("sbom-tree.json");
	json_t *d = render_json(jcsi_sbom_spdx, doc);
	json_t *bom = render_json(jcsi_sbom_cyclonedx, doc);
	json_t *fw = json_array_get(json_object_get(d, "packages"), 0);
	json_t *cfw = json_object_get(json_object_get(bom, "metadata"),
				      "component");

	(void)state;
	assert_string_equal(STR(d, "name"), "Acme Smart Plug P1");
	assert_string_equal(STR(d, "documentNamespace"),
			    "https://jcstar.invalid/spdx/"
			    "053e8413-4db3-515c-949e-80fc6e84f11b");
	assert_string_equal(STR(fw, "versionInfo"), "1.2.3");
	assert_string_equal(STR(fw, "supplier"),
			    "Organization: Acme Devices K.K.");
	assert_null(json_object_get(fw, "packageFileName"));
	assert_null(json_object_get(fw, "checksums"));
	assert_null(json_object_get(d, "files"));
	assert_string_equal(STR(cfw, "name"), "Acme Smart Plug P1");
	assert_string_equal(STR(cfw, "version"), "1.2.3");
	assert_null(json_object_get(cfw, "hashes"));
	assert_null(json_object_get(bom, "vulnerabilities"));
	json_decref(d);
	json_decref(bom);
	json_decref(doc);
}

static void test_deterministic(void **state)
{
	static const char *const names[] = {"sbom-image.json",
					    "sbom-tree.json",
					    "sbom-empty.json"};
	writer_fn writers[] = {jcsi_sbom_cyclonedx, jcsi_sbom_spdx};

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		for (size_t w = 0; w < 2; w++) {
			json_t *doc = result_fixture(names[i]);
			json_t *again = result_fixture(names[i]);
			jcs_rc rc1, rc2;
			char *a = render(writers[w], doc, &rc1);
			char *b = render(writers[w], again, &rc2);

			assert_int_equal(rc1, JCS_OK);
			assert_int_equal(rc2, JCS_OK);
			assert_string_equal(a, b);
			free(a);
			free(b);
			json_decref(doc);
			json_decref(again);
		}
	}
}

static void test_bad_arguments(void **state)
{
	json_t *doc = result_fixture("sbom-empty.json");
	json_t *arr = json_array();
	struct jcs_result *r = jcs_result_new("sbom");
	FILE *f = fopen("/dev/null", "w");

	(void)state;
	assert_int_equal(jcsi_sbom_cyclonedx(NULL, f), JCS_E_ARG);
	assert_int_equal(jcsi_sbom_spdx(arr, f), JCS_E_ARG);
	assert_int_equal(jcsi_sbom_spdx(doc, NULL), JCS_E_ARG);
	assert_int_equal(jcs_result_write_sbom(r, "xml", f), JCS_E_ARG);
	assert_int_equal(jcs_result_write_sbom(r, "spdx", f), JCS_OK);
	/* a fresh result has no components list: not "none found" */
	assert_int_equal(jcs_result_component_count(r), -1);
	fclose(f);
	jcs_result_free(r);
	json_decref(arr);
	json_decref(doc);
}

/* A document that breaks the contract everywhere (wrong types, missing
   members): the writers do not crash and write JSON. */
static void test_hostile_document(void **state)
{
	static const char text[] =
		"{\"components\": [1, {\"files\": \"x\"},"
		" {\"name\": 5, \"files\": [1, {\"path\": 7},"
		" {\"path\": \"/a\", \"sha1\": \"00\"}]},"
		" {\"name\": \"\", \"version\": [], \"method\": 1}],"
		" \"findings\": [{\"location\": {\"path\": \"/a\"},"
		" \"vulnerabilities\": [{\"id\": 3}, {}, {\"id\": \"X-1\","
		" \"cvss\": \"high\", \"kev\": 1}]}, 7],"
		" \"input\": [], \"product\": {\"firmware_versions\": [1]},"
		" \"started_at\": 0}";
	json_t *doc = json_loads(text, 0, NULL);
	writer_fn writers[] = {jcsi_sbom_cyclonedx, jcsi_sbom_spdx};

	(void)state;
	assert_non_null(doc);
	for (size_t w = 0; w < 2; w++) {
		json_t *out = render_json(writers[w], doc);

		assert_true(json_is_object(out));
		json_decref(out);
	}
	json_decref(doc);
}

/* Every allocation of ours failing in turn: JCS_E_NOMEM and nothing
   written or leaked (ASan), never a crash or a half document. */
static void test_allocation_failures(void **state)
{
	json_t *doc = result_fixture("sbom-image.json");
	writer_fn writers[] = {jcsi_sbom_cyclonedx, jcsi_sbom_spdx};

	(void)state;
	for (size_t w = 0; w < 2; w++) {
		for (unsigned long n = 1; n < 200; n++) {
			jcs_rc rc;
			char *out;

			jcsi_mem_fail_after(n);
			out = render(writers[w], doc, &rc);
			jcsi_mem_fail_after(0);
			assert_true(rc == JCS_OK || rc == JCS_E_NOMEM);
			if (rc == JCS_E_NOMEM)
				assert_string_equal(out, "");
			free(out);
		}
	}
	json_decref(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spdx_id_part),
		cmocka_unit_test(test_uuid_known_answers),
		cmocka_unit_test(test_cyclonedx_fields),
		cmocka_unit_test(test_spdx_fields),
		cmocka_unit_test(test_tree_with_product),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_hostile_document),
		cmocka_unit_test(test_allocation_failures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

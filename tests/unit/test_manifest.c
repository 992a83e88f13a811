/*
 * test_manifest.c - the product manifest (product.yaml), RFC 9116
 * security.txt and the baseline (suppression) file: known answers for
 * complete files, the exact message (file:line:column: field: why) of
 * every class of error, paths resolved against the manifest's directory,
 * the `jcstar init` template and examples/product.yaml loading, and clean
 * failure when any allocation fails.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/assess/manifest.h"
#include "lib/core/mem.h"

#include "fixture.h"

/* 2027-11-01T00:00:00Z, 2030-12-31T23:59:59Z (python3 datetime) */
#define T_2027_11_01 ((time_t)1825027200)
#define T_2030_12_31_END ((time_t)1924991999)

static char tmp[64];

static void sub(const char *rel)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", tmp, rel);
	assert_int_equal(mkdir(path, 0755), 0);
}

static int setup(void **state)
{
	(void)state;
	snprintf(tmp, sizeof(tmp), "/tmp/jcs_manifest_XXXXXX");
	if (!mkdtemp(tmp))
		return -1;
	sub("docs");
	sub("rootfs");
	sub("sub");
	write_file(tmp, "docs/tm.md", "# threat model\n");
	write_file(tmp, "docs/update.md", "# updates\n");
	write_file(tmp, "security.txt", "Contact: mailto:s@example.com\n");
	write_file(tmp, "fw.img", "x");
	write_file(tmp, "app.apk", "x");
	write_file(tmp, "baseline.yaml", "suppressions: []\n");
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	return system(cmd) == 0 ? 0 : -1;
}

static jcs_rc parse(const char *yaml, struct jcsi_manifest **m, char *err)
{
	return jcsi_manifest_parse(yaml, strlen(yaml), "p.yaml", tmp, m, err,
				   512);
}

static char *in_tmp(const char *rel)
{
	static char path[256];

	snprintf(path, sizeof(path), "%s/%s", tmp, rel);
	return path;
}

static const char complete[] =
	"product:\n"
	"  name: Example Smart Camera\n"
	"  vendor: Example Corp\n"
	"  models: [EC-100, EC-100W]\n"
	"  firmware_versions: [\"1.4.2\", 1.5]\n"
	"inputs:\n"
	"  firmware: fw.img\n"
	"  device: 192.0.2.10\n"
	"  api: https://api.example.com/v1/\n"
	"  app: app.apk\n"
	"features:\n"
	"  wifi: true\n"
	"  bluetooth: false\n"
	"  updates: true\n"
	"documents:\n"
	"  vulnerability_disclosure:\n"
	"    security_txt: security.txt\n"
	"    contact: mailto:security@example.com\n"
	"    url: http://example.com/vdp\n"
	"  support_period:\n"
	"    end: 2030-12-31\n"
	"    url: https://example.com/support-period\n"
	"  update_policy: docs/update.md\n"
	"  key_management: none\n"
	"  threat_model: {file: docs/tm.md, url: https://example.com/tm}\n"
	"  privacy_policy: https://example.com/privacy\n"
	"  version_management: false\n"
	"not_applicable:\n"
	"  - id: 5.13-1A\n"
	"    reason: no user input\n"
	"  - id: S1.1-09\n"
	"    reason: no Bluetooth\n"
	"baseline: baseline.yaml\n";

static void test_complete(void **state)
{
	struct jcsi_manifest *m = NULL;
	char err[512] = "";

	(void)state;
	assert_int_equal(parse(complete, &m, err), JCS_OK);
	assert_string_equal(err, "");
	assert_string_equal(m->name, "Example Smart Camera");
	assert_string_equal(m->vendor, "Example Corp");
	assert_int_equal(m->models.n, 2);
	assert_string_equal(m->models.v[1], "EC-100W");
	assert_int_equal(m->firmware_versions.n, 2);
	assert_string_equal(m->firmware_versions.v[0], "1.4.2");
	assert_string_equal(m->firmware_versions.v[1], "1.5");
	assert_string_equal(m->firmware, in_tmp("fw.img"));
	assert_string_equal(m->device, "192.0.2.10");
	assert_string_equal(m->api, "https://api.example.com/v1/");
	assert_string_equal(m->app, in_tmp("app.apk"));
	assert_string_equal(m->baseline, in_tmp("baseline.yaml"));
	assert_int_equal(m->feature[JCSI_FEAT_WIFI], JCSI_YES);
	assert_int_equal(m->feature[JCSI_FEAT_BLUETOOTH], JCSI_NO);
	assert_int_equal(m->feature[JCSI_FEAT_UPDATES], JCSI_YES);
	assert_int_equal(m->feature[JCSI_FEAT_CLOUD], JCSI_UNKNOWN);
	assert_int_equal(m->feature[JCSI_FEAT_NETWORK_LOGIN], JCSI_UNKNOWN);

	assert_int_equal(m->doc[JCSI_DOC_VULN_DISCLOSURE].state, JCSI_DOCST_GIVEN);
	assert_int_equal(m->doc[JCSI_DOC_VULN_DISCLOSURE].line, 17);
	/* http is allowed and kept as given */
	assert_string_equal(m->doc[JCSI_DOC_VULN_DISCLOSURE].url, "http://example.com/vdp");
	assert_null(m->doc[JCSI_DOC_VULN_DISCLOSURE].file);
	assert_string_equal(m->security_txt, in_tmp("security.txt"));
	assert_null(m->security_txt_url);
	assert_string_equal(m->disclosure_contact, "mailto:security@example.com");
	assert_int_equal(m->doc[JCSI_DOC_SUPPORT_PERIOD].state, JCSI_DOCST_GIVEN);
	assert_string_equal(m->support_end, "2030-12-31");
	assert_int_equal(m->support_end_t, T_2030_12_31_END);
	assert_string_equal(m->doc[JCSI_DOC_SUPPORT_PERIOD].url, "https://example.com/support-period");
	assert_string_equal(m->doc[JCSI_DOC_UPDATE_POLICY].file, in_tmp("docs/update.md"));
	assert_null(m->doc[JCSI_DOC_UPDATE_POLICY].url);
	assert_int_equal(m->doc[JCSI_DOC_KEY_MANAGEMENT].state, JCSI_DOCST_DECLARED_ABSENT);
	assert_int_equal(m->doc[JCSI_DOC_KEY_MANAGEMENT].line, 24);
	assert_null(m->doc[JCSI_DOC_KEY_MANAGEMENT].file);
	assert_string_equal(m->doc[JCSI_DOC_THREAT_MODEL].file, in_tmp("docs/tm.md"));
	assert_string_equal(m->doc[JCSI_DOC_THREAT_MODEL].url, "https://example.com/tm");
	assert_string_equal(m->doc[JCSI_DOC_PRIVACY_POLICY].url, "https://example.com/privacy");
	assert_int_equal(m->doc[JCSI_DOC_VERSION_MGMT].state, JCSI_DOCST_DECLARED_ABSENT);
	assert_int_equal(m->doc[JCSI_DOC_SECURE_SETUP].state, JCSI_DOCST_NOT_GIVEN);

	assert_int_equal(m->n_na, 2);
	assert_string_equal(m->na[0].id, "5.13-1A");
	assert_string_equal(m->na[0].reason, "no user input");
	assert_int_equal(m->na[0].line, 29);
	assert_string_equal(m->na[1].id, "S1.1-09");
	jcsi_manifest_free(m);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(jcsi_doc_kind_name(JCSI_DOC_VULN_DISCLOSURE), "vulnerability-disclosure");
	assert_string_equal(jcsi_doc_kind_name(JCSI_DOC_SECURE_SETUP), "secure-setup-guide");
	assert_null(jcsi_doc_kind_name(JCSI_DOC_COUNT));
	assert_string_equal(jcsi_feature_name(JCSI_FEAT_NETWORK_LOGIN), "network_login");
	assert_null(jcsi_feature_name(JCSI_FEAT_COUNT));
	/* the catalog's document kinds are the manifest's, in enum order */
	for (int i = 0; i < JCSI_DOC_COUNT; i++)
		assert_string_equal(jcsi_catalog_documents()[i],
				    jcsi_doc_kind_name((enum jcsi_doc_kind)i));
	assert_null(jcsi_catalog_documents()[JCSI_DOC_COUNT]);
}

/* Small shapes that are still valid. */
static void test_minimal_forms(void **state)
{
	struct jcsi_manifest *m = NULL;
	char err[512] = "";

	(void)state;
	assert_int_equal(parse("product:\n  name: X\n  models: EC-1\n"
			       "inputs:\n  # all commented out\n"
			       "documents:\n  support_period: 2029-02-28\n"
			       "  vulnerability_disclosure:\n"
			       "    security_txt: https://example.com/.well-known/security.txt\n"
			       "  secure_setup_guide: none\n"
			       "not_applicable:\n", &m, err), JCS_OK);
	assert_int_equal(m->models.n, 1);
	assert_string_equal(m->models.v[0], "EC-1");
	assert_null(m->firmware);
	assert_string_equal(m->support_end, "2029-02-28");
	assert_null(m->doc[JCSI_DOC_SUPPORT_PERIOD].file);
	assert_string_equal(m->security_txt_url, "https://example.com/.well-known/security.txt");
	assert_null(m->security_txt);
	assert_int_equal(m->doc[JCSI_DOC_SECURE_SETUP].state, JCSI_DOCST_DECLARED_ABSENT);
	assert_int_equal(m->n_na, 0);
	for (int i = 0; i < JCSI_FEAT_COUNT; i++)
		assert_int_equal(m->feature[i], JCSI_UNKNOWN);
	jcsi_manifest_free(m);
	/* a firmware input may be a directory (an extracted tree) */
	assert_int_equal(parse("product: {name: X}\ninputs: {firmware: rootfs}\n",
			       &m, err), JCS_OK);
	assert_string_equal(m->firmware, in_tmp("rootfs"));
	jcsi_manifest_free(m);
}

struct bad {
	const char *yaml;
	const char *err;
};

static const struct bad bad_manifests[] = {
	{"", "p.yaml:1:1: product: required (the file is empty)"},
	{"- a\n", "p.yaml:1:1: manifest: expected a mapping at the top"},
	{"product: [\n", "p.yaml:2:1: YAML: did not find expected node content while parsing a flow node"},
	{"product: {name: X}\n---\nproduct: {name: Y}\n", "p.yaml:2:1: more than one YAML document"},
	{"inputs: {}\n", "p.yaml:1:1: product: required"},
	{"product:\n  vendor: X\n", "p.yaml:2:3: product.name: required"},
	{"product:\n  name: \"\"\n", "p.yaml:2:9: product.name: is empty"},
	{"product:\n  name: X\n  name: Y\n", "p.yaml:3:3: product.name: given twice (first on line 2)"},
	{"produkt:\n  name: X\n", "p.yaml:1:1: produkt: unknown key (did you mean 'product'?)"},
	{"product: {name: X}\ncolour: red\n", "p.yaml:2:1: colour: unknown key"},
	{"product: {name: X}\nfeatures:\n  wify: true\n", "p.yaml:3:3: features.wify: unknown key (did you mean 'wifi'?)"},
	{"product: {name: X}\nfeatures:\n  wifi: yes\n", "p.yaml:3:9: features.wifi: expected true or false"},
	{"product: {name: X, models: [a, a]}\n", "p.yaml:1:32: product.models: 'a' listed twice"},
	{"product: {name: X, models: {a: b}}\n", "p.yaml:1:28: product.models: expected a list"},
	{"product: {name: X}\ndocuments:\n  threat_model: tm.md\n", "p.yaml:3:17: documents.threat_model: file 'tm.md' not found"},
	{"product: {name: X}\ndocuments:\n  threat_model: docs\n", "p.yaml:3:17: documents.threat_model: 'docs' is not a regular file"},
	{"product: {name: X}\ndocuments:\n  threat_model: true\n", "p.yaml:3:17: documents.threat_model: true is no document: give a file, a URL, or none"},
	{"product: {name: X}\ndocuments:\n  threat_model: [a]\n", "p.yaml:3:17: documents.threat_model: expected a file path, a URL, none, or a mapping"},
	{"product: {name: X}\ndocuments:\n  threat_model: {}\n", "p.yaml:3:17: documents.threat_model: is empty (a file, a URL, or none)"},
	{"product: {name: X}\ndocuments:\n  threat_model: {file: https://x.example/a}\n", "p.yaml:3:24: documents.threat_model.file: 'https://x.example/a' is a URL: give it as url:"},
	{"product: {name: X}\ndocuments:\n  threat_model: {url: docs/tm.md}\n", "p.yaml:3:23: documents.threat_model.url: 'docs/tm.md' is not a URL (https:// or http://)"},
	{"product: {name: X}\ndocuments:\n  threat_model: {contact: mailto:a@b.c}\n", "p.yaml:3:18: documents.threat_model.contact: unknown key"},
	{"product: {name: X}\ndocuments:\n  threat_modle: none\n", "p.yaml:3:3: documents.threat_modle: unknown key (did you mean 'threat_model'?)"},
	{"product: {name: X}\ndocuments:\n  privacy_policy: ftp://example.com/p\n", "p.yaml:3:19: documents.privacy_policy: 'ftp://example.com/p': a URL must be https:// or http://"},
	{"product: {name: X}\ndocuments:\n  privacy_policy: \"https://example.com/a b\"\n", "p.yaml:3:19: documents.privacy_policy: 'https://example.com/a b': a URL must be https:// or http://"},
	{"product: {name: X}\ndocuments:\n  support_period:\n    end: 2030-02-30\n", "p.yaml:4:10: documents.support_period.end: expected YYYY-MM-DD"},
	{"product: {name: X}\ndocuments:\n  support_period:\n    end: 31.12.2030\n", "p.yaml:4:10: documents.support_period.end: expected YYYY-MM-DD"},
	{"product: {name: X}\ndocuments:\n  support_period:\n    url: https://e.example/\n", "p.yaml:4:5: documents.support_period.end: required (the last day of security support, YYYY-MM-DD)"},
	{"product: {name: X}\ndocuments:\n  vulnerability_disclosure:\n    contact: security\n", "p.yaml:4:14: documents.vulnerability_disclosure.contact: 'security' is not mailto:, https://, tel: or an e-mail address"},
	{"product: {name: X}\ndocuments:\n  vulnerability_disclosure:\n    security_txt: nope.txt\n", "p.yaml:4:19: documents.vulnerability_disclosure.security_txt: file 'nope.txt' not found"},
	{"product: {name: X}\ninputs:\n  firmware: nothere.img\n", "p.yaml:3:13: inputs.firmware: file 'nothere.img' not found"},
	{"product: {name: X}\ninputs:\n  firmware: https://example.com/fw.img\n", "p.yaml:3:13: inputs.firmware: 'https://example.com/fw.img' is a URL: jcstar takes a local path"},
	{"product: {name: X}\ninputs:\n  app: rootfs\n", "p.yaml:3:8: inputs.app: 'rootfs' is not a regular file"},
	{"product: {name: X}\ninputs:\n  device: \"http://x y\"\n", "p.yaml:3:11: inputs.device: 'http://x y' is not a host name or address"},
	{"product: {name: X}\ninputs:\n  api: api.example.com\n", "p.yaml:3:8: inputs.api: 'api.example.com' is not a URL (https:// or http://)"},
	{"product: {name: X}\ninputs:\n  firmwre: fw.img\n", "p.yaml:3:3: inputs.firmwre: unknown key (did you mean 'firmware'?)"},
	{"product: {name: X}\nnot_applicable:\n  - id: 5.13-1A\n", "p.yaml:3:5: not_applicable.reason: required: say why 5.13-1A does not apply"},
	{"product: {name: X}\nnot_applicable:\n  - reason: r\n", "p.yaml:3:5: not_applicable.id: required"},
	{"product: {name: X}\nnot_applicable:\n  - id: 5.13\n    reason: r\n", "p.yaml:3:9: not_applicable.id: '5.13' is not a requirement id (S1.1-01, 5.13-1A, local-...)"},
	{"product: {name: X}\nnot_applicable:\n  - {id: 5.1-1, reason: r}\n  - {id: 5.1-1, reason: s}\n", "p.yaml:4:10: not_applicable.id: '5.1-1' listed twice (first at line 3)"},
	{"product: {name: X}\nnot_applicable:\n  - {id: 5.1-1, reson: r}\n", "p.yaml:3:17: not_applicable.reson: unknown key (did you mean 'reason'?)"},
	{"product: {name: X}\nnot_applicable: 5.1-1\n", "p.yaml:2:17: not_applicable: expected a list of {id, reason}"},
	{"product: {name: X}\nbaseline: nope.yaml\n", "p.yaml:2:11: baseline: file 'nope.yaml' not found"},
	{"product: {name: X}\n? [a]\n: b\n", "p.yaml:2:3: key: keys must be plain words"},
	{"product:\n  vendor: [\n   - a\n", "p.yaml:3:4: YAML: did not find expected node content while parsing a flow node"},
	{"product: {name: \"a\\0b\"}\n", "p.yaml:1:17: product.name: contains a NUL byte"},
};

static void test_errors(void **state)
{
	int failed = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(bad_manifests) / sizeof(bad_manifests[0]); i++) {
		struct jcsi_manifest *m = (void *)1;
		char err[512] = "";
		jcs_rc rc = parse(bad_manifests[i].yaml, &m, err);

		if (rc != JCS_E_FORMAT || strcmp(err, bad_manifests[i].err)) {
			fprintf(stderr, "case %zu: rc %d\n  got:  %s\n  want: %s\n",
				i, rc, err, bad_manifests[i].err);
			failed++;
		}
		assert_null(m);
	}
	assert_int_equal(failed, 0);
}

/* Relative paths resolve against the manifest's directory, however the
   manifest itself was named; absolute ones are kept. */
static void test_load_relative(void **state)
{
	struct jcsi_manifest *m = NULL;
	char err[512] = "", abs[300], yaml[600], want[300];

	(void)state;
	snprintf(abs, sizeof(abs), "%s/docs/tm.md", tmp);
	snprintf(yaml, sizeof(yaml),
		 "product: {name: X}\ndocuments:\n"
		 "  update_policy: ../docs/update.md\n"
		 "  threat_model: %s\n", abs);
	write_file(tmp, "sub/product.yaml", yaml);
	assert_int_equal(jcsi_manifest_load(in_tmp("sub/product.yaml"), &m, err,
					    sizeof(err)), JCS_OK);
	snprintf(want, sizeof(want), "%s/sub", tmp);
	assert_string_equal(m->dir, want);
	assert_string_equal(m->path, in_tmp("sub/product.yaml"));
	assert_string_equal(m->doc[JCSI_DOC_UPDATE_POLICY].file,
			    in_tmp("sub/../docs/update.md"));
	assert_string_equal(m->doc[JCSI_DOC_THREAT_MODEL].file, abs);
	jcsi_manifest_free(m);

	/* the same file from inside its directory: paths stay relative */
	assert_int_equal(chdir(in_tmp("sub")), 0);
	assert_int_equal(jcsi_manifest_load("product.yaml", &m, err, sizeof(err)),
			 JCS_OK);
	assert_string_equal(m->dir, ".");
	assert_string_equal(m->doc[JCSI_DOC_UPDATE_POLICY].file, "../docs/update.md");
	jcsi_manifest_free(m);

	/* errors name the path as given */
	write_file(tmp, "sub/bad.yaml",
		   "product: {name: X}\ndocuments:\n  threat_model: docs/tm.md\n");
	assert_int_equal(jcsi_manifest_load("bad.yaml", &m, err, sizeof(err)),
			 JCS_E_FORMAT);
	assert_string_equal(err, "bad.yaml:3:17: documents.threat_model: file 'docs/tm.md' not found");
	assert_int_equal(jcsi_manifest_load("missing.yaml", &m, err, sizeof(err)),
			 JCS_E_IO);
	assert_string_equal(err, "missing.yaml: cannot open: No such file or directory");
	assert_null(m);
}

/* The template `jcstar init` writes loads as it is, from anywhere: nothing
   in it must exist on disk. */
static void test_template(void **state)
{
	struct jcsi_manifest *m = NULL;
	char err[512] = "";

	(void)state;
	assert_ptr_equal(jcs_manifest_template(), jcsi_manifest_template);
	assert_int_equal(jcsi_manifest_parse(jcsi_manifest_template,
					     strlen(jcsi_manifest_template),
					     "product.yaml", "/nonexistent",
					     &m, err, sizeof(err)), JCS_OK);
	assert_string_equal(m->name, "Example Smart Camera");
	assert_null(m->firmware);
	assert_null(m->baseline);
	assert_int_equal(m->feature[JCSI_FEAT_BLUETOOTH], JCSI_NO);
	assert_string_equal(m->support_end, "2030-12-31");
	assert_string_equal(m->disclosure_contact, "mailto:security@example.com");
	/* every document and feature is shown to the user */
	for (int i = 0; i < JCSI_DOC_COUNT; i++)
		assert_int_equal(m->doc[i].state, JCSI_DOCST_GIVEN);
	for (int i = 0; i < JCSI_FEAT_COUNT; i++)
		assert_int_not_equal(m->feature[i], JCSI_UNKNOWN);
	assert_int_equal(m->n_na, 1);
	jcsi_manifest_free(m);
}

/* examples/product.yaml, the README's first command, loads. */
static void test_example(void **state)
{
	const char *src = getenv("JCSTAR_SOURCE_ROOT");
	struct jcsi_manifest *m = NULL;
	struct jcsi_securitytxt t;
	char err[512] = "", path[4096];

	(void)state;
	if (!src)
		skip();
	snprintf(path, sizeof(path), "%s/examples/product.yaml", src);
	if (jcsi_manifest_load(path, &m, err, sizeof(err)) != JCS_OK) {
		fprintf(stderr, "%s\n", err);
		/* the example firmware is built by scripts/setup.sh */
		if (strstr(err, ": inputs.firmware: file '"))
			skip();
	}
	assert_non_null(m);
	for (int i = 0; i < JCSI_DOC_COUNT; i++)
		assert_int_equal(m->doc[i].state, JCSI_DOCST_GIVEN);
	assert_non_null(m->security_txt);
	assert_int_equal(jcsi_securitytxt_load(m->security_txt, &t, err,
					       sizeof(err)), JCS_OK);
	assert_int_equal(t.n_problems, 0);
	assert_int_equal(t.n_contact, 2);
	/* at least a year after this was written (2026-11-26) */
	assert_true(t.expires > (time_t)1827187200);
	jcsi_securitytxt_free(&t);
	jcsi_manifest_free(m);
}

/* Every allocation failing in turn: a clean JCS_E_NOMEM, no leak (ASan). */
static void test_nomem(void **state)
{
	static const char stx[] = "Contact: mailto:a@b.c\nContact: tel:+1\n"
		"Policy: https://e.example/p\nExpires: x\n";
	static const char bl[] = "suppressions:\n - {rule: a, justification: j, "
		"path: p, host: h, expires: 2030-01-01}\n";
	int ok = 0;

	(void)state;
	for (unsigned long n = 1; n < 2000 && !ok; n++) {
		struct jcsi_manifest *m = NULL;
		struct jcsi_baseline *b = NULL;
		struct jcsi_securitytxt t;
		char err[512];
		jcs_rc rc;

		jcsi_mem_fail_after(n);
		rc = parse(complete, &m, err);
		jcsi_mem_fail_after(0);
		assert_true(rc == JCS_OK || rc == JCS_E_NOMEM);
		ok = rc == JCS_OK;
		jcsi_manifest_free(m);

		jcsi_mem_fail_after(n);
		rc = jcsi_securitytxt_parse(stx, strlen(stx), &t);
		jcsi_mem_fail_after(0);
		assert_true(rc == JCS_OK || rc == JCS_E_NOMEM);
		jcsi_securitytxt_free(&t);

		jcsi_mem_fail_after(n);
		rc = jcsi_baseline_parse(bl, strlen(bl), "b", &b, err, sizeof(err));
		jcsi_mem_fail_after(0);
		assert_true(rc == JCS_OK || rc == JCS_E_NOMEM);
		jcsi_baseline_free(b);
	}
	assert_true(ok);
}

/* ------------------------------------------------------------------ */
/* security.txt */

static void sectxt(const char *text, struct jcsi_securitytxt *t)
{
	assert_int_equal(jcsi_securitytxt_parse(text, strlen(text), t), JCS_OK);
}

static void expect_problems(const struct jcsi_securitytxt *t, ...)
{
	va_list ap;
	size_t i = 0;
	const char *want;

	va_start(ap, t);
	while ((want = va_arg(ap, const char *))) {
		if (i >= t->n_problems || strcmp(t->problems[i], want)) {
			fprintf(stderr, "problem %zu: got '%s', want '%s'\n", i,
				i < t->n_problems ? t->problems[i] : "(none)", want);
			fail();
		}
		i++;
	}
	va_end(ap);
	for (size_t k = i; k < t->n_problems; k++)
		fprintf(stderr, "unexpected problem: %s\n", t->problems[k]);
	assert_int_equal(t->n_problems, i);
}

static void test_sectxt_valid(void **state)
{
	struct jcsi_securitytxt t;

	(void)state;
	sectxt("# comment\n"
	       "Contact: mailto:security@example.com\n"
	       "contact: https://example.com/report\n"
	       "CONTACT:tel:+81-3-0000-0000\n"
	       "Expires: 2027-11-01T00:00:00Z\n"
	       "Encryption: openpgp4fpr:5f2de5521c63a801ab59ccb603d49de44b29100f\n"
	       "Policy: https://example.com/policy\n"
	       "Preferred-Languages: en, ja\n"
	       "Canonical: https://example.com/.well-known/security.txt\n"
	       "X-Custom: anything goes\n"
	       "\n", &t);
	expect_problems(&t, NULL);
	assert_int_equal(t.n_contact, 3);
	assert_string_equal(t.contact[0], "mailto:security@example.com");
	assert_string_equal(t.contact[1], "https://example.com/report");
	assert_string_equal(t.contact[2], "tel:+81-3-0000-0000");
	assert_int_equal(t.n_policy, 1);
	assert_string_equal(t.policy[0], "https://example.com/policy");
	assert_string_equal(t.expires_raw, "2027-11-01T00:00:00Z");
	assert_int_equal(t.expires, T_2027_11_01);
	assert_int_equal(t.signed_pgp, 0);
	assert_false(jcsi_securitytxt_expired(&t, T_2027_11_01));
	assert_true(jcsi_securitytxt_expired(&t, T_2027_11_01 + 1));
	jcsi_securitytxt_free(&t);
}

static void test_sectxt_dates(void **state)
{
	time_t v = 0;

	(void)state;
	/* offsets, fractions, lower-case t/z all name the same instant */
	assert_int_equal(jcsi_rfc3339_parse("2027-11-01T09:00:00+09:00", &v), 0);
	assert_int_equal(v, T_2027_11_01);
	assert_int_equal(jcsi_rfc3339_parse("2027-10-31t19:30:00.999-04:30", &v), 0);
	assert_int_equal(v, T_2027_11_01);
	assert_int_equal(jcsi_rfc3339_parse("2027-11-01t00:00:00.5z", &v), 0);
	assert_int_equal(v, T_2027_11_01);
	assert_int_equal(jcsi_rfc3339_parse("2028-02-29T00:00:00Z", &v), 0);
	assert_int_equal(jcsi_rfc3339_parse("2027-02-29T00:00:00Z", &v), -1);
	assert_int_equal(jcsi_rfc3339_parse("2027-11-01", &v), -1);
	assert_int_equal(jcsi_rfc3339_parse("2027-11-01 00:00:00Z", &v), -1);
	assert_int_equal(jcsi_rfc3339_parse("2027-11-01T00:00:00", &v), -1);
	assert_int_equal(jcsi_rfc3339_parse("2027-11-01T24:00:00Z", &v), -1);
	assert_int_equal(jcsi_rfc3339_parse("2027-11-01T00:00:00.Z", &v), -1);
	assert_int_equal(jcsi_rfc3339_parse("2027-11-01T00:00:00+0900", &v), -1);
	assert_int_equal(jcsi_rfc3339_parse("2027-11-01T00:00:00Zjunk", &v), -1);
	assert_int_equal(jcsi_rfc3339_parse("Mon, 01 Nov 2027 00:00:00 GMT", &v), -1);
}

static void test_sectxt_expired(void **state)
{
	struct jcsi_securitytxt t;

	(void)state;
	sectxt("Contact: mailto:a@example.com\nExpires: 2020-01-01T00:00:00Z\n", &t);
	expect_problems(&t, NULL); /* expiry is a verdict at a time, not a parse problem */
	assert_int_equal(t.expires, (time_t)1577836800);
	assert_true(jcsi_securitytxt_expired(&t, T_2027_11_01));
	jcsi_securitytxt_free(&t);
}

static void test_sectxt_problems(void **state)
{
	struct jcsi_securitytxt t;

	(void)state;
	sectxt("", &t);
	expect_problems(&t, "no Contact field (RFC 9116 requires one)",
			"no Expires field (RFC 9116 requires one)", NULL);
	assert_null(t.expires_raw);
	assert_true(jcsi_securitytxt_expired(&t, 0));
	jcsi_securitytxt_free(&t);

	sectxt("Expires: 2027-11-01T00:00:00Z\nPolicy: https://example.com/p\n", &t);
	expect_problems(&t, "no Contact field (RFC 9116 requires one)", NULL);
	jcsi_securitytxt_free(&t);

	sectxt("Contact: http://example.com/report\n"
	       "Contact: security@example.com\n"
	       "Contact:\n"
	       "Expires: 1 November 2027\n"
	       "Expires: 2027-11-01T00:00:00Z\n"
	       "Policy: http://example.com/p\n"
	       "Canonical: ftp://example.com/security.txt\n"
	       "Preferred-Languages: en\n"
	       "Preferred-Languages: ja\n"
	       "this is not a field\n", &t);
	expect_problems(&t,
		"line 1: Contact: 'http://example.com/report': a web URI must be https (RFC 9116 2.5.3)",
		"line 2: Contact: 'security@example.com' is not a mailto:, https: or tel: URI",
		"line 3: Contact: empty value",
		"line 4: Expires: '1 November 2027' is not an RFC 3339 date-time",
		"line 5: Expires: given more than once (first on line 4)",
		"line 6: Policy: 'http://example.com/p' a web URI must be https (RFC 9116 2.5)",
		"line 7: Canonical: 'ftp://example.com/security.txt' is not an https:// URI",
		"line 9: Preferred-Languages: given more than once (first on line 8)",
		"line 10: not a field ('Name: value') or comment",
		"no usable Contact field", NULL);
	assert_int_equal(t.n_contact, 0);
	assert_int_equal(t.n_policy, 0);
	/* the first Expires is the one kept, unparsable: no date */
	assert_string_equal(t.expires_raw, "1 November 2027");
	assert_int_equal(t.expires, 0);
	jcsi_securitytxt_free(&t);
}

static void test_sectxt_duplicate_expires(void **state)
{
	struct jcsi_securitytxt t;

	(void)state;
	sectxt("Contact: mailto:a@example.com\n"
	       "Expires: 2027-11-01T00:00:00Z\n"
	       "EXPIRES: 2099-01-01T00:00:00Z\n", &t);
	expect_problems(&t, "line 3: Expires: given more than once (first on line 2)", NULL);
	assert_int_equal(t.expires, T_2027_11_01);
	jcsi_securitytxt_free(&t);
}

static void test_sectxt_crlf(void **state)
{
	struct jcsi_securitytxt t;

	(void)state;
	sectxt("Contact: mailto:a@example.com  \r\n"
	       "Expires:\t2027-11-01T00:00:00Z\r\n"
	       "# x\r\n", &t);
	expect_problems(&t, NULL);
	assert_string_equal(t.contact[0], "mailto:a@example.com");
	assert_string_equal(t.expires_raw, "2027-11-01T00:00:00Z");
	assert_int_equal(t.expires, T_2027_11_01);
	jcsi_securitytxt_free(&t);
}

static void test_sectxt_signed(void **state)
{
	struct jcsi_securitytxt t;

	(void)state;
	sectxt("-----BEGIN PGP SIGNED MESSAGE-----\n"
	       "Hash: SHA512\n"
	       "\n"
	       "# Our security.txt\n"
	       "Contact: mailto:security@example.com\n"
	       "- Expires: 2027-11-01T00:00:00Z\n"
	       "- -----not a field, dash-escaped\n"
	       "-----BEGIN PGP SIGNATURE-----\n"
	       "\n"
	       "iHUEARYKAB0WIQRUNUbTyYFvCZ7ZgJrsJTWqTeJwxwUCY...\n"
	       "=abcd\n"
	       "-----END PGP SIGNATURE-----\n", &t);
	expect_problems(&t, "line 7: not a field ('Name: value') or comment", NULL);
	assert_int_equal(t.signed_pgp, 1);
	assert_int_equal(t.n_contact, 1);
	assert_int_equal(t.expires, T_2027_11_01);
	jcsi_securitytxt_free(&t);

	/* a wrapper cut short is no signature */
	sectxt("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n"
	       "Contact: mailto:a@example.com\nExpires: 2027-11-01T00:00:00Z\n", &t);
	expect_problems(&t, "OpenPGP signed message without a complete signature block", NULL);
	assert_int_equal(t.signed_pgp, 0);
	jcsi_securitytxt_free(&t);

	/* the wrapper only counts at the top; text after it is a problem */
	sectxt("-----BEGIN PGP SIGNED MESSAGE-----\n\nContact: mailto:a@example.com\n"
	       "Expires: 2027-11-01T00:00:00Z\n-----BEGIN PGP SIGNATURE-----\nx\n"
	       "-----END PGP SIGNATURE-----\nContact: mailto:evil@example.com\n", &t);
	expect_problems(&t, "line 8: text after the OpenPGP signature", NULL);
	assert_int_equal(t.n_contact, 1);
	jcsi_securitytxt_free(&t);
}

static void test_sectxt_hostile(void **state)
{
	static const char nul[] = "Contact: mailto:a@e.com\nExp\0ires: x\nExpires: 2027-11-01T00:00:00Z";
	struct jcsi_securitytxt t;

	(void)state;
	assert_int_equal(jcsi_securitytxt_parse(nul, sizeof(nul) - 1, &t), JCS_OK);
	expect_problems(&t, "line 2: contains a NUL byte", NULL);
	assert_int_equal(t.expires, T_2027_11_01);
	jcsi_securitytxt_free(&t);
	assert_int_equal(jcsi_securitytxt_parse(NULL, 0, &t), JCS_OK);
	jcsi_securitytxt_free(&t);
	assert_int_equal(jcsi_securitytxt_parse(NULL, 1, &t), JCS_E_ARG);
}

/* ------------------------------------------------------------------ */
/* baseline */

static const char baseline[] =
	"suppressions:\n"
	"  - rule: ssh.root-login\n"
	"    path: /etc/ssh/*\n"
	"    justification: root login needs the per-device key only\n"
	"  - rule: net.telnet-open\n"
	"    host: 192.0.2.10\n"
	"    port: 23\n"
	"    justification: factory line only, firewalled\n"
	"    expires: 2026-12-31\n"
	"  - rule: net.telnet-open\n"
	"    justification: the old exception\n"
	"    expires: 2025-01-31\n"
	"  - rule: hygiene.debug-symbols\n"
	"    justification: |\n"
	"      symbols help field debugging;\n"
	"      they contain no secrets\n";

static void test_baseline(void **state)
{
	struct jcsi_baseline *b = NULL;
	const struct jcsi_suppression *s;
	time_t now = (time_t)1795651200; /* 2026-11-26 */
	time_t after = (time_t)1830297600; /* 2028-01-01 */
	char err[512] = "";
	int expired = -1;

	(void)state;
	assert_int_equal(jcsi_baseline_parse(baseline, strlen(baseline), "b.yaml",
					     &b, err, sizeof(err)), JCS_OK);
	assert_int_equal(b->n, 4);
	assert_string_equal(b->path, "b.yaml");
	assert_string_equal(b->s[0].rule, "ssh.root-login");
	assert_string_equal(b->s[0].path, "/etc/ssh/*");
	assert_null(b->s[0].host);
	assert_int_equal(b->s[0].port, 0);
	assert_null(b->s[0].expires);
	assert_int_equal(b->s[0].expires_t, 0);
	assert_int_equal(b->s[0].line, 2);
	assert_string_equal(b->s[1].host, "192.0.2.10");
	assert_int_equal(b->s[1].port, 23);
	assert_string_equal(b->s[1].expires, "2026-12-31");
	assert_int_equal(b->s[1].expires_t, (time_t)1798761599);
	assert_string_equal(b->s[3].justification,
			    "symbols help field debugging;\nthey contain no secrets\n");

	/* path: fnmatch, '*' does not cross '/' */
	s = jcsi_baseline_match(b, "ssh.root-login", "/etc/ssh/sshd_config", NULL, 0, now, &expired);
	assert_ptr_equal(s, &b->s[0]);
	assert_int_equal(expired, 0);
	assert_null(jcsi_baseline_match(b, "ssh.root-login", "/etc/ssh/x/sshd_config", NULL, 0, now, NULL));
	assert_null(jcsi_baseline_match(b, "ssh.root-login", "/etc/sshd_config", NULL, 0, now, NULL));
	/* an entry narrowed to a path never matches a finding without one */
	assert_null(jcsi_baseline_match(b, "ssh.root-login", NULL, NULL, 0, now, NULL));
	assert_null(jcsi_baseline_match(b, "ssh.root-logins", "/etc/ssh/sshd_config", NULL, 0, now, NULL));

	/* host and port; the host case-insensitively */
	s = jcsi_baseline_match(b, "net.telnet-open", NULL, "192.0.2.10", 23, now, &expired);
	assert_ptr_equal(s, &b->s[1]);
	assert_null(jcsi_baseline_match(b, "net.telnet-open", NULL, "192.0.2.10", 2323, now, &expired));
	/* the other entry matched, but it has expired */
	assert_int_equal(expired, 1);
	assert_null(jcsi_baseline_match(b, "net.telnet-open", NULL, "192.0.2.11", 23, now, &expired));
	assert_int_equal(expired, 1);
	/* expiry: the last second of the day still suppresses */
	s = jcsi_baseline_match(b, "net.telnet-open", NULL, "192.0.2.10", 23, (time_t)1798761599, &expired);
	assert_ptr_equal(s, &b->s[1]);
	assert_null(jcsi_baseline_match(b, "net.telnet-open", NULL, "192.0.2.10", 23, (time_t)1798761600, &expired));
	assert_int_equal(expired, 1);
	assert_null(jcsi_baseline_match(b, "net.telnet-open", NULL, "192.0.2.10", 23, after, &expired));
	assert_int_equal(expired, 1);
	/* an unnarrowed entry matches wherever the finding is */
	s = jcsi_baseline_match(b, "hygiene.debug-symbols", "/usr/bin/x", "h", 1, after, &expired);
	assert_ptr_equal(s, &b->s[3]);
	assert_int_equal(expired, 0);
	assert_null(jcsi_baseline_match(b, "other", NULL, NULL, 0, now, &expired));
	assert_int_equal(expired, 0);
	assert_null(jcsi_baseline_match(NULL, "other", NULL, NULL, 0, now, &expired));
	jcsi_baseline_free(b);

	/* an empty baseline is fine */
	assert_int_equal(jcsi_baseline_parse("suppressions: []\n", 17, "b.yaml", &b,
					     err, sizeof(err)), JCS_OK);
	assert_int_equal(b->n, 0);
	jcsi_baseline_free(b);
	assert_int_equal(jcsi_baseline_load(in_tmp("baseline.yaml"), &b, err,
					    sizeof(err)), JCS_OK);
	jcsi_baseline_free(b);
}

static const struct bad bad_baselines[] = {
	{"", "b.yaml:1:1: suppressions: required (the file is empty)"},
	{"supressions: []\n", "b.yaml:1:1: supressions: unknown key (did you mean 'suppressions'?)"},
	{"suppressions: {}\n", "b.yaml:1:15: suppressions: expected a list"},
	{"suppressions:\n  - rule: ssh.root-login\n    path: /etc/ssh/*\n",
	 "b.yaml:2:5: suppressions[1].justification: required: say why ssh.root-login is accepted"},
	{"suppressions:\n  - {rule: a, justification: j}\n  - rule: ssh.root-login\n    justification: \"  \"\n",
	 "b.yaml:4:20: suppressions[2].justification: empty: say why this finding is accepted"},
	{"suppressions:\n  - rule: a\n    justification:\n",
	 "b.yaml:3:19: suppressions[1].justification: empty: say why this finding is accepted"},
	{"suppressions:\n  - justification: j\n", "b.yaml:2:5: suppressions[1].rule: required"},
	{"suppressions:\n  - rule: a\n    justification: j\n    port: 70000\n",
	 "b.yaml:4:11: suppressions[1].port: '70000' is not a port (1-65535)"},
	{"suppressions:\n  - rule: a\n    justification: j\n    port: 0\n",
	 "b.yaml:4:11: suppressions[1].port: '0' is not a port (1-65535)"},
	{"suppressions:\n  - rule: a\n    justification: j\n    expires: 2026-1-1\n",
	 "b.yaml:4:14: suppressions[1].expires: expected YYYY-MM-DD"},
	{"suppressions:\n  - rule: a\n    justification: j\n    justfication: x\n",
	 "b.yaml:4:5: suppressions[1].justfication: unknown key (did you mean 'justification'?)"},
	{"suppressions:\n  - rule: a\n    rule: b\n",
	 "b.yaml:3:5: suppressions[1].rule: given twice (first on line 2)"},
	{"suppressions:\n  - just a string\n",
	 "b.yaml:2:5: suppressions[1]: expected a mapping {rule, justification, ...}"},
};

static void test_baseline_errors(void **state)
{
	int failed = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(bad_baselines) / sizeof(bad_baselines[0]); i++) {
		struct jcsi_baseline *b = (void *)1;
		char err[512] = "";
		jcs_rc rc = jcsi_baseline_parse(bad_baselines[i].yaml,
						strlen(bad_baselines[i].yaml),
						"b.yaml", &b, err, sizeof(err));

		if (rc != JCS_E_FORMAT || strcmp(err, bad_baselines[i].err)) {
			fprintf(stderr, "case %zu: rc %d\n  got:  %s\n  want: %s\n",
				i, rc, err, bad_baselines[i].err);
			failed++;
		}
		assert_null(b);
	}
	assert_int_equal(failed, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_complete),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_minimal_forms),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_load_relative),
		cmocka_unit_test(test_template),
		cmocka_unit_test(test_example),
		cmocka_unit_test(test_nomem),
		cmocka_unit_test(test_sectxt_valid),
		cmocka_unit_test(test_sectxt_dates),
		cmocka_unit_test(test_sectxt_expired),
		cmocka_unit_test(test_sectxt_problems),
		cmocka_unit_test(test_sectxt_duplicate_expires),
		cmocka_unit_test(test_sectxt_crlf),
		cmocka_unit_test(test_sectxt_signed),
		cmocka_unit_test(test_sectxt_hostile),
		cmocka_unit_test(test_baseline),
		cmocka_unit_test(test_baseline_errors),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

/*
 * test_cpe.c - CPE 2.3 formatted strings (lib/vuln/cpe.c): parsing with
 * quoting, ANY and NA; malformed names refused with the right code;
 * names built for components, and round trips; and the binding of a
 * component to NVD match criteria: exact versions, ANY, NA, every kind
 * of range bound, OpenSSH's update field, unknown versions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../lib/core/mem.h"
#include "../../lib/vuln/cpe.h"

static void test_parse(void **state)
{
	struct jcsi_cpe c;

	(void)state;
	assert_int_equal(jcsi_cpe_parse(
		"cpe:2.3:a:openssl:openssl:1.0.2k:*:*:*:*:*:*:*", &c), JCS_OK);
	assert_int_equal(c.kind[JCSI_CPE_PART], JCSI_CPE_VALUE);
	assert_string_equal(c.value[JCSI_CPE_PART], "a");
	assert_string_equal(c.value[JCSI_CPE_VENDOR], "openssl");
	assert_string_equal(c.value[JCSI_CPE_PRODUCT], "openssl");
	assert_string_equal(c.value[JCSI_CPE_VERSION], "1.0.2k");
	for (int i = JCSI_CPE_UPDATE; i < JCSI_CPE_ATTRS; i++) {
		assert_int_equal(c.kind[i], JCSI_CPE_ANY);
		assert_string_equal(c.value[i], "");
	}

	/* quoting: a colon, a backslash, a lone hyphen; NA; hyphens */
	assert_int_equal(jcsi_cpe_parse(
		"cpe:2.3:h:tp-link:archer\\:c7\\\\v2:\\-:-:*:*:*:*:x\\*86:*", &c),
		JCS_OK);
	assert_string_equal(c.value[JCSI_CPE_PART], "h");
	assert_string_equal(c.value[JCSI_CPE_VENDOR], "tp-link");
	assert_string_equal(c.value[JCSI_CPE_PRODUCT], "archer:c7\\v2");
	assert_int_equal(c.kind[JCSI_CPE_VERSION], JCSI_CPE_VALUE);
	assert_string_equal(c.value[JCSI_CPE_VERSION], "-");
	assert_int_equal(c.kind[JCSI_CPE_UPDATE], JCSI_CPE_NA);
	assert_int_equal(c.kind[JCSI_CPE_TARGET_HW], JCSI_CPE_VALUE);
	assert_string_equal(c.value[JCSI_CPE_TARGET_HW], "x*86");
	assert_int_equal(c.kind[JCSI_CPE_OTHER], JCSI_CPE_ANY);

	/* part ANY is a legal match string; the Linux kernel */
	assert_int_equal(jcsi_cpe_parse(
		"cpe:2.3:*:linux:linux_kernel:*:*:*:*:*:*:*:*", &c), JCS_OK);
	assert_int_equal(c.kind[JCSI_CPE_PART], JCSI_CPE_ANY);
	assert_int_equal(jcsi_cpe_parse(
		"cpe:2.3:o:linux:linux_kernel:4.14.180:*:*:*:*:*:*:-", &c),
		JCS_OK);
	assert_int_equal(c.kind[JCSI_CPE_OTHER], JCSI_CPE_NA);
}

static void test_malformed(void **state)
{
	static const struct {
		const char *s;
		jcs_rc want;
	} bad[] = {
		{"", JCS_E_FORMAT},
		{"cpe:2.2:a:openssl:openssl:1.0.2k:*:*:*:*:*:*:*", JCS_E_FORMAT},
		{"cpe:/a:openssl:openssl:1.0.2k", JCS_E_FORMAT},
		{"CPE:2.3:a:openssl:openssl:1.0.2k:*:*:*:*:*:*:*", JCS_E_FORMAT},
		{"cpe:2.3:a:openssl:openssl:1.0.2k", JCS_E_FORMAT},
		{"cpe:2.3:a:openssl:openssl:1.0.2k:*:*:*:*:*:*", JCS_E_FORMAT},
		{"cpe:2.3:a:openssl:openssl:1.0.2k:*:*:*:*:*:*:*:*", JCS_E_FORMAT},
		{"cpe:2.3:a:openssl:openssl:1.0.2k:*:*:*:*:*:*:", JCS_E_FORMAT},
		{"cpe:2.3:a::openssl:1.0.2k:*:*:*:*:*:*:*", JCS_E_FORMAT},
		{"cpe:2.3:a:openssl:openssl:1.0.2k:*:*:*:*:*:*:x\\", JCS_E_FORMAT},
		{"cpe:2.3:a:openssl:openssl:1.0.2k\\", JCS_E_FORMAT},
		{"cpe:2.3:x:openssl:openssl:1.0.2k:*:*:*:*:*:*:*", JCS_E_FORMAT},
		{"cpe:2.3:-:openssl:openssl:1.0.2k:*:*:*:*:*:*:*", JCS_E_FORMAT},
		{"cpe:2.3:app:openssl:openssl:1.0.2k:*:*:*:*:*:*:*", JCS_E_FORMAT},
		{"cpe:2.3:a:open ssl:openssl:1.0.2k:*:*:*:*:*:*:*", JCS_E_FORMAT},
		{"cpe:2.3:a:openssl:openssl:1.0.2k\x01:*:*:*:*:*:*:*", JCS_E_FORMAT},
		{"cpe:2.3:a:openssl:openssl:1.0.2\xc3\xa9:*:*:*:*:*:*:*", JCS_E_FORMAT},
		{"cpe:2.3:a:openssl:openssl*:1.0.2k:*:*:*:*:*:*:*", JCS_E_UNSUPPORTED},
		{"cpe:2.3:a:openssl:openssl:1.0.?:*:*:*:*:*:*:*", JCS_E_UNSUPPORTED},
		{"cpe:2.3:a:openssl:openssl:**:*:*:*:*:*:*:*", JCS_E_UNSUPPORTED},
	};
	char longname[600];
	struct jcsi_cpe c;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (jcsi_cpe_parse(bad[i].s, &c) != bad[i].want)
			fail_msg("%s: %d, want %d", bad[i].s,
				 jcsi_cpe_parse(bad[i].s, &c), bad[i].want);
	assert_int_equal(jcsi_cpe_parse(NULL, &c), JCS_E_ARG);
	assert_int_equal(jcsi_cpe_parse("cpe:2.3:a:b:c:d:*:*:*:*:*:*:*", NULL),
			 JCS_E_ARG);

	/* a value of exactly JCSI_CPE_VALUE_MAX bytes fits, one more not */
	snprintf(longname, sizeof(longname), "cpe:2.3:a:%0*d:p:1:*:*:*:*:*:*:*",
		 JCSI_CPE_VALUE_MAX, 7);
	assert_int_equal(jcsi_cpe_parse(longname, &c), JCS_OK);
	assert_int_equal(strlen(c.value[JCSI_CPE_VENDOR]), JCSI_CPE_VALUE_MAX);
	snprintf(longname, sizeof(longname), "cpe:2.3:a:%0*d:p:1:*:*:*:*:*:*:*",
		 JCSI_CPE_VALUE_MAX + 1, 7);
	assert_int_equal(jcsi_cpe_parse(longname, &c), JCS_E_LIMIT);
}

/* The formatted string of a component, or the error code as text. */
static void check_format(char part, const char *vendor, const char *product,
			 const char *version, const char *want)
{
	struct jcsi_cpe_subject p = {part, vendor, product, version};
	struct jcsi_cpe c, back;
	char *s = NULL;

	assert_int_equal(jcsi_cpe_from_component(&p, &c), JCS_OK);
	assert_int_equal(jcsi_cpe_format(&c, &s), JCS_OK);
	assert_string_equal(s, want);
	/* and back: the same attributes */
	assert_int_equal(jcsi_cpe_parse(s, &back), JCS_OK);
	assert_memory_equal(back.kind, c.kind, sizeof(c.kind));
	for (int i = 0; i < JCSI_CPE_ATTRS; i++)
		assert_string_equal(back.value[i], c.value[i]);
	jcsi_free(s);
}

static void test_build(void **state)
{
	struct jcsi_cpe_subject p = {'a', "openssl", "openssl", "1.0.2k"};
	struct jcsi_cpe c;
	char longv[JCSI_CPE_VALUE_MAX + 2];
	char *s;

	(void)state;
	check_format('a', "openssl", "openssl", "1.0.2k",
		     "cpe:2.3:a:openssl:openssl:1.0.2k:*:*:*:*:*:*:*");
	check_format('o', "linux", "linux_kernel", NULL,
		     "cpe:2.3:o:linux:linux_kernel:*:*:*:*:*:*:*:*");
	check_format('a', NULL, "dropbear_ssh", "2022.83",
		     "cpe:2.3:a:*:dropbear_ssh:2022.83:*:*:*:*:*:*:*");
	check_format('h', "tp-link", "x:y", "-",
		     "cpe:2.3:h:tp-link:x\\:y:\\-:*:*:*:*:*:*:*");
	check_format('a', "at&t", "a\\b*c?", "2.4.7-rc1",
		     "cpe:2.3:a:at\\&t:a\\\\b\\*c\\?:2.4.7-rc1:*:*:*:*:*:*:*");
	check_format('a', "x", "y", "1.0+deb12u1",
		     "cpe:2.3:a:x:y:1.0\\+deb12u1:*:*:*:*:*:*:*");

	/* refused components */
	p.part = 'x';
	assert_int_equal(jcsi_cpe_from_component(&p, &c), JCS_E_ARG);
	p.part = 0;
	assert_int_equal(jcsi_cpe_from_component(&p, &c), JCS_E_ARG);
	p.part = 'a';
	p.vendor = "";
	assert_int_equal(jcsi_cpe_from_component(&p, &c), JCS_E_ARG);
	p.vendor = "open ssl";
	assert_int_equal(jcsi_cpe_from_component(&p, &c), JCS_E_ARG);
	p.vendor = "openssl";
	memset(longv, '1', sizeof(longv) - 1);
	longv[sizeof(longv) - 1] = '\0';
	p.version = longv;
	assert_int_equal(jcsi_cpe_from_component(&p, &c), JCS_E_LIMIT);
	assert_int_equal(jcsi_cpe_from_component(NULL, &c), JCS_E_ARG);

	/* a struct that cannot be written out */
	p.version = "1";
	assert_int_equal(jcsi_cpe_from_component(&p, &c), JCS_OK);
	c.value[JCSI_CPE_VERSION][0] = '\0';
	s = (char *)1;
	assert_int_equal(jcsi_cpe_format(&c, &s), JCS_E_FORMAT);
	assert_null(s);
	c.value[JCSI_CPE_VERSION][0] = '\t';
	c.value[JCSI_CPE_VERSION][1] = '\0';
	assert_int_equal(jcsi_cpe_format(&c, &s), JCS_E_FORMAT);
	/* out of memory */
	c.value[JCSI_CPE_VERSION][0] = '1';
	jcsi_mem_fail_after(1);
	assert_int_equal(jcsi_cpe_format(&c, &s), JCS_E_NOMEM);
	jcsi_mem_fail_after(0);
}

struct mcase {
	const char *criteria;
	const char *start_incl, *start_excl, *end_incl, *end_excl;
	char part;
	const char *vendor, *product, *version;
	enum jcsi_cpe_match want;
};

#define OSSL "cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*"
#define KERNEL "cpe:2.3:o:linux:linux_kernel:*:*:*:*:*:*:*:*"
#define SSH "cpe:2.3:a:openbsd:openssh:*:*:*:*:*:*:*:*"
#define LIGHTTPD "cpe:2.3:a:lighttpd:lighttpd:*:*:*:*:*:*:*:*"
#define NO JCSI_MATCH_NO
#define YES JCSI_MATCH_YES
#define UNK JCSI_MATCH_VERSION_UNKNOWN

static const struct mcase mcases[] = {
	/* exact version */
	{"cpe:2.3:a:openssl:openssl:1.0.2k:*:*:*:*:*:*:*", NULL, NULL, NULL,
	 NULL, 'a', "openssl", "openssl", "1.0.2k", YES},
	{"cpe:2.3:a:openssl:openssl:1.0.2k:*:*:*:*:*:*:*", NULL, NULL, NULL,
	 NULL, 'a', "OpenSSL", "OPENSSL", "1.0.2K", YES},
	{"cpe:2.3:a:openssl:openssl:1.0.2k:*:*:*:*:*:*:*", NULL, NULL, NULL,
	 NULL, 'a', "openssl", "openssl", "1.0.2l", NO},
	{"cpe:2.3:a:openssl:openssl:1.0.2k:*:*:*:*:*:*:*", NULL, NULL, NULL,
	 NULL, 'a', "openssl", "openssl", "1.0.2", NO},
	{"cpe:2.3:a:openssl:openssl:1.0.2k:*:*:*:*:*:*:*", NULL, NULL, NULL,
	 NULL, 'a', "openssl", "openssl", NULL, UNK},
	{"cpe:2.3:a:haxx:curl:7.64.0:*:*:*:*:*:*:*", NULL, NULL, NULL, NULL,
	 'a', "haxx", "curl", "7.64", YES},
	/* vendor, product, part */
	{"cpe:2.3:a:openssl:openssl:1.0.2k:*:*:*:*:*:*:*", NULL, NULL, NULL,
	 NULL, 'a', "openbsd", "openssl", "1.0.2k", NO},
	{"cpe:2.3:a:openssl:openssl:1.0.2k:*:*:*:*:*:*:*", NULL, NULL, NULL,
	 NULL, 'a', "openssl", "libressl", "1.0.2k", NO},
	{"cpe:2.3:a:openssl:openssl:1.0.2k:*:*:*:*:*:*:*", NULL, NULL, NULL,
	 NULL, 'a', NULL, "openssl", "1.0.2k", NO},
	{"cpe:2.3:a:openssl:openssl:1.0.2k:*:*:*:*:*:*:*", NULL, NULL, NULL,
	 NULL, 'o', "openssl", "openssl", "1.0.2k", NO},
	{"cpe:2.3:*:openssl:openssl:1.0.2k:*:*:*:*:*:*:*", NULL, NULL, NULL,
	 NULL, 'o', "openssl", "openssl", "1.0.2k", YES},
	{"cpe:2.3:a:*:openssl:1.0.2k:*:*:*:*:*:*:*", NULL, NULL, NULL,
	 NULL, 'a', NULL, "openssl", "1.0.2k", YES},
	{"cpe:2.3:a:openssl:openssl:1.0.2k:*:*:*:*:*:*:*", NULL, NULL, NULL,
	 NULL, 'a', "openssl", "openssl", "unknown", UNK},
	{"cpe:2.3:a:openssl:openssl:1.0.2k:*:*:*:*:*:*:*", NULL, NULL, NULL,
	 NULL, 'a', "other", "openssl", NULL, NO},
	/* attributes after the update are not compared */
	{"cpe:2.3:a:openssl:openssl:1.0.2k:*:*:*:*:*:x86:*", NULL, NULL, NULL,
	 NULL, 'a', "openssl", "openssl", "1.0.2k", YES},
	/* ANY version, no bounds: every version, known or not */
	{OSSL, NULL, NULL, NULL, NULL, 'a', "openssl", "openssl", "0.9.8", YES},
	{OSSL, NULL, NULL, NULL, NULL, 'a', "openssl", "openssl", NULL, YES},
	{OSSL, NULL, NULL, NULL, NULL, 'a', "openssl", "openssl", "junk!", YES},
	/* NA version: only a versionless component */
	{"cpe:2.3:h:tp-link:archer_c7:-:*:*:*:*:*:*:*", NULL, NULL, NULL, NULL,
	 'h', "tp-link", "archer_c7", NULL, YES},
	{"cpe:2.3:h:tp-link:archer_c7:-:*:*:*:*:*:*:*", NULL, NULL, NULL, NULL,
	 'h', "tp-link", "archer_c7", "-", YES},
	{"cpe:2.3:h:tp-link:archer_c7:-:*:*:*:*:*:*:*", NULL, NULL, NULL, NULL,
	 'h', "tp-link", "archer_c7", "2.0", NO},
	/* start including, end excluding */
	{OSSL, "1.0.2", NULL, NULL, "1.0.2u", 'a', "openssl", "openssl", "1.0.2", YES},
	{OSSL, "1.0.2", NULL, NULL, "1.0.2u", 'a', "openssl", "openssl", "1.0.2k", YES},
	{OSSL, "1.0.2", NULL, NULL, "1.0.2u", 'a', "openssl", "openssl", "1.0.2t", YES},
	{OSSL, "1.0.2", NULL, NULL, "1.0.2u", 'a', "openssl", "openssl", "1.0.2u", NO},
	{OSSL, "1.0.2", NULL, NULL, "1.0.2u", 'a', "openssl", "openssl", "1.0.2za", NO},
	{OSSL, "1.0.2", NULL, NULL, "1.0.2u", 'a', "openssl", "openssl", "1.0.1u", NO},
	{OSSL, "1.0.2", NULL, NULL, "1.0.2u", 'a', "openssl", "openssl", "1.0.2-beta1", NO},
	{OSSL, "1.0.2", NULL, NULL, "1.0.2u", 'a', "openssl", "openssl", NULL, UNK},
	{OSSL, "1.0.2", NULL, NULL, "1.0.2u", 'a', "openssl", "openssl", "1.0.2 k", UNK},
	{OSSL, "1.0.2", NULL, NULL, "1.0.2u", 'a', "other", "openssl", NULL, NO},
	/* start excluding, end including */
	{LIGHTTPD, NULL, "1.4.50", "1.4.69", NULL, 'a', "lighttpd", "lighttpd", "1.4.50", NO},
	{LIGHTTPD, NULL, "1.4.50", "1.4.69", NULL, 'a', "lighttpd", "lighttpd", "1.4.51", YES},
	{LIGHTTPD, NULL, "1.4.50", "1.4.69", NULL, 'a', "lighttpd", "lighttpd", "1.4.69", YES},
	{LIGHTTPD, NULL, "1.4.50", "1.4.69", NULL, 'a', "lighttpd", "lighttpd", "1.4.7", NO},
	{LIGHTTPD, NULL, "1.4.50", "1.4.69", NULL, 'a', "lighttpd", "lighttpd", "1.4.70", NO},
	{LIGHTTPD, NULL, "1.4.50", "1.4.69", NULL, 'a', "lighttpd", "lighttpd", "1.4.69-rc1", YES},
	/* only a start */
	{KERNEL, "4.14", NULL, NULL, NULL, 'o', "linux", "linux_kernel", "4.14", YES},
	{KERNEL, "4.14", NULL, NULL, NULL, 'o', "linux", "linux_kernel", "4.14.0", YES},
	{KERNEL, "4.14", NULL, NULL, NULL, 'o', "linux", "linux_kernel", "4.9.337", NO},
	{KERNEL, "4.14", NULL, NULL, NULL, 'o', "linux", "linux_kernel", "6.1.0", YES},
	{KERNEL, NULL, "4.14.180", NULL, NULL, 'o', "linux", "linux_kernel", "4.14.180", NO},
	{KERNEL, NULL, "4.14.180", NULL, NULL, 'o', "linux", "linux_kernel", "4.14.181", YES},
	{KERNEL, NULL, "4.14.99", NULL, NULL, 'o', "linux", "linux_kernel", "4.14.180", YES},
	/* only an end */
	{SSH, NULL, NULL, NULL, "9.3p2", 'a', "openbsd", "openssh", "9.3p1", YES},
	{SSH, NULL, NULL, NULL, "9.3p2", 'a', "openbsd", "openssh", "9.3p2", NO},
	{SSH, NULL, NULL, NULL, "9.3p2", 'a', "openbsd", "openssh", "7.4p1", YES},
	{SSH, NULL, NULL, NULL, "9.3p2", 'a', "openbsd", "openssh", "9.4p1", NO},
	{SSH, NULL, NULL, "9.2p1", NULL, 'a', "openbsd", "openssh", "9.2p1", YES},
	{SSH, NULL, NULL, "9.2p1", NULL, 'a', "openbsd", "openssh", "9.2p2", NO},
	{"cpe:2.3:a:matt_johnston:dropbear_ssh_server:*:*:*:*:*:*:*:*", NULL,
	 NULL, NULL, "2022.83", 'a', "matt_johnston", "dropbear_ssh_server",
	 "2020.81", YES},
	{"cpe:2.3:a:matt_johnston:dropbear_ssh_server:*:*:*:*:*:*:*:*", NULL,
	 NULL, NULL, "2022.83", 'a', "matt_johnston", "dropbear_ssh_server",
	 "2022.83", NO},
	/* OpenSSH written as version 9.2 update p1 */
	{"cpe:2.3:a:openbsd:openssh:9.2:p1:*:*:*:*:*:*", NULL, NULL, NULL, NULL,
	 'a', "openbsd", "openssh", "9.2p1", YES},
	{"cpe:2.3:a:openbsd:openssh:9.2:p1:*:*:*:*:*:*", NULL, NULL, NULL, NULL,
	 'a', "openbsd", "openssh", "9.2p2", NO},
	{"cpe:2.3:a:openbsd:openssh:9.2:p1:*:*:*:*:*:*", NULL, NULL, NULL, NULL,
	 'a', "openbsd", "openssh", "9.2", NO},
	{"cpe:2.3:a:openbsd:openssh:9.2:-:*:*:*:*:*:*", NULL, NULL, NULL, NULL,
	 'a', "openbsd", "openssh", "9.2", YES},
	/* a value version together with bounds: both must hold */
	{"cpe:2.3:a:x:y:2.0:*:*:*:*:*:*:*", "1.0", NULL, NULL, "3.0", 'a', "x",
	 "y", "2.0", YES},
	{"cpe:2.3:a:x:y:2.0:*:*:*:*:*:*:*", "1.0", NULL, NULL, "3.0", 'a', "x",
	 "y", "2.5", NO},
	/* quoted criterion values compare unquoted */
	{"cpe:2.3:a:at\\&t:x\\:y:1.0:*:*:*:*:*:*:*", NULL, NULL, NULL, NULL,
	 'a', "at&t", "x:y", "1.0.0", YES},
};

static void test_match(void **state)
{
	struct jcsi_cpe_criterion m;
	size_t i;
	int bad = 0;

	(void)state;
	for (i = 0; i < sizeof(mcases) / sizeof(mcases[0]); i++) {
		const struct mcase *t = &mcases[i];
		struct jcsi_cpe_subject p = {t->part, t->vendor, t->product,
					   t->version};
		enum jcsi_cpe_match got;

		memset(&m, 0, sizeof(m));
		assert_int_equal(jcsi_cpe_parse(t->criteria, &m.cpe), JCS_OK);
		m.start_incl = t->start_incl;
		m.start_excl = t->start_excl;
		m.end_incl = t->end_incl;
		m.end_excl = t->end_excl;
		got = jcsi_cpe_match(&m, &p);
		if (got != t->want) {
			print_error("case %zu: %s [%s %s %s %s] vs %s:%s:%s = %d, "
				    "want %d\n", i, t->criteria,
				    t->start_incl ? t->start_incl : "",
				    t->start_excl ? t->start_excl : "",
				    t->end_incl ? t->end_incl : "",
				    t->end_excl ? t->end_excl : "",
				    t->vendor ? t->vendor : "(null)",
				    t->product,
				    t->version ? t->version : "(null)",
				    got, t->want);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
	assert_int_equal(jcsi_cpe_match(NULL, NULL), JCSI_MATCH_NO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_build),
		cmocka_unit_test(test_match),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_components.c - component identification from package databases
 * and manifests (lib/sbom): the parsers on tricky input (continuation
 * lines, Source: with a version, removed packages, apk F:/R: files,
 * os-release quoting), upstream versions (epoch, revision, repack
 * suffix), purl encoding, the data files' errors naming file:line, the
 * merge rule, the JSON shape; then one small tree holding a dpkg, an
 * opkg and an apk database and release files, scanned through
 * jcs_scan(), with its exact components.
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
#include <jansson.h>

#include "jcstar/jcstar.h"
#include "lib/core/mem.h"
#include "lib/sbom/identify.h"
#include "lib/sbom/names.h"
#include "lib/sbom/pkgdb.h"

static char dir[256];

static void test_upstream_version(void **state)
{
	static const char *const cases[][2] = {
		{"3.0.15-1~deb12u1", "3.0.15"},
		{"1:1.2.13.dfsg-1", "1.2.13"},           /* epoch, .dfsg */
		{"1:9.2p1-2+deb12u3", "9.2p1"},
		{"2022.83-1+deb12u2", "2022.83"},
		{"1:1.35.0-4+deb12u1+b1", "1.35.0"},
		{"12.4+deb12u15", "12.4+deb12u15"},      /* native: no revision */
		{"2.36-9+deb12u9", "2.36"},
		{"1.4.5+dfsg-1", "1.4.5"},
		{"2.0.11+ds1-1", "2.0.11"},
		{"5.2.15-2+b13", "5.2.15"},
		{"1.36.1-1", "1.36.1"},                  /* OpenWrt */
		{"2023-09-13-1", "2023-09-13"},          /* OpenWrt git date */
		{"1.36.1-r2", "1.36.1"},                 /* Alpine */
		{"1:2.3-4:5", "2.3"},      /* revision "4:5": after the last - */
		{"x:1.0-1", "x:1.0"},                    /* not an epoch */
		{"-1", "-1"},
		{"", ""},
		{"dfsg", "dfsg"},
	};
	char out[64];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		jcsi_upstream_version(cases[i][0], out, sizeof(out));
		if (strcmp(out, cases[i][1]))
			fail_msg("upstream(%s) = %s, want %s", cases[i][0], out,
				 cases[i][1]);
	}
	jcsi_upstream_version("1:1.2.13.dfsg-1", out, 4); /* truncated */
	assert_string_equal(out, "1.2");
}

struct seen {
	char lines[2048];
};

static int collect(const struct jcsi_pkg *p, void *user)
{
	struct seen *s = user;
	char l[512];

	snprintf(l, sizeof(l), "%s|%s|%s|%s|%s|%s|%s|%zu%s%s\n", p->name,
		 p->version ? p->version : "-", p->status ? p->status : "-",
		 p->arch ? p->arch : "-", p->source ? p->source : "-",
		 p->maintainer ? p->maintainer : "-",
		 p->license ? p->license : "-", p->n_files,
		 p->n_files ? " " : "", p->n_files ? p->files[p->n_files - 1] : "");
	strncat(s->lines, l, sizeof(s->lines) - strlen(s->lines) - 1);
	return 0;
}

static void test_stanzas(void **state)
{
	static const char db[] =
		"Package: libssl3\r\n"
		"Status: install ok installed\r\n"
		"Source: openssl (3.0.15-1~deb12u1)\r\n"
		"Version: 3.0.15-1~deb12u1+b1\r\n"
		"Architecture: armhf\r\n"
		"Description: SSL\r\n"
		" Package: not-a-package\r\n"
		" .\r\n"
		"\r\n"
		"\n\n"
		"Status: install ok installed\n"          /* no Package: skipped */
		"Version: 1\n"
		"\n"
		"package:   lower\t\n"                     /* field names: any case */
		"VERSION: 2\n"
		"License: GPL-2.0\n"
		"no colon line\n"
		"Maintainer: A <a@b>\n"
		"Package: last\n"                         /* the last one wins */
		"Package: x\0y\n";                        /* NUL is a blank */
	struct seen s = {""};

	(void)state;
	assert_int_equal(jcsi_pkgdb_parse_stanzas(db, sizeof(db) - 1, collect,
						  &s), JCS_OK);
	assert_string_equal(s.lines,
			    "libssl3|3.0.15-1~deb12u1+b1|install ok installed|"
			    "armhf|openssl|-|-|0\n"
			    "x y|2|-|-|-|A <a@b>|GPL-2.0|0\n");
	assert_true(jcsi_pkg_installed("install ok installed"));
	assert_true(jcsi_pkg_installed("hold ok installed"));
	assert_true(jcsi_pkg_installed("install user installed"));
	assert_true(jcsi_pkg_installed(NULL));
	assert_false(jcsi_pkg_installed("deinstall ok config-files"));
	assert_false(jcsi_pkg_installed("install ok half-installed"));
	assert_false(jcsi_pkg_installed("install ok not-installed"));
	assert_false(jcsi_pkg_installed(""));
	/* empty and hostile */
	s.lines[0] = '\0';
	assert_int_equal(jcsi_pkgdb_parse_stanzas("", 0, collect, &s), JCS_OK);
	assert_int_equal(jcsi_pkgdb_parse_stanzas(":\n:\n\n", 5, collect, &s),
			 JCS_OK);
	assert_string_equal(s.lines, "");
	assert_int_equal(jcsi_pkgdb_parse_stanzas(NULL, 0, collect, &s),
			 JCS_E_ARG);
}

static void test_apk(void **state)
{
	static const char db[] =
		"C:Q1abc=\n"
		"P:busybox\n"
		"V:1.36.1-r2\n"
		"A:armv7\n"
		"L:GPL-2.0-only\n"
		"o:busybox\n"
		"m:Sören Tempel <soeren@x>\n"
		"R:toplevel\n"                            /* before any F: */
		"F:bin\n"
		"R:busybox\n"
		"a:0:0:755\n"
		"F:etc/securetty\n"
		"R:x\n"
		"\n"
		"P:musl\n"
		"V:1.2.4-r2\n"
		"F:lib\n"
		"R:ld-musl-armhf.so.1\n"
		"R:\n";                                   /* empty: ignored */
	struct seen s = {""};

	(void)state;
	assert_int_equal(jcsi_pkgdb_parse_apk(db, sizeof(db) - 1, collect, &s),
			 JCS_OK);
	assert_string_equal(s.lines,
			    "busybox|1.36.1-r2|-|armv7|busybox|Sören Tempel "
			    "<soeren@x>|GPL-2.0-only|3 /etc/securetty/x\n"
			    "musl|1.2.4-r2|-|-|-|-|-|1 /lib/ld-musl-armhf.so.1\n");
}

static void test_kv(void **state)
{
	static const char f[] =
		"NAME=\"Debian GNU/Linux\"\n"
		"  ID=debian   # comment\n"
		"VERSION_ID=\"12\"\n"
		"VERSION_ID=\"12.4\"\n"                   /* the last wins */
		"PRETTY=\"a \\\"q\\\" \\\\ b\"\n"
		"SINGLE='it''s'\n"
		"DISTRIB_REVISION='r23630-842932a63d'\n"
		"export BUILD_ID=2024-01-01\n"
		"ID_LIKE=\"unterminated\n"
		"EMPTY=\n";
	char v[64];

	(void)state;
	assert_int_equal(jcsi_kv_get(f, sizeof(f) - 1, "ID", v, sizeof(v)), 1);
	assert_string_equal(v, "debian");
	assert_int_equal(jcsi_kv_get(f, sizeof(f) - 1, "NAME", v, sizeof(v)), 1);
	assert_string_equal(v, "Debian GNU/Linux");
	jcsi_kv_get(f, sizeof(f) - 1, "VERSION_ID", v, sizeof(v));
	assert_string_equal(v, "12.4");
	jcsi_kv_get(f, sizeof(f) - 1, "PRETTY", v, sizeof(v));
	assert_string_equal(v, "a \"q\" \\ b");
	jcsi_kv_get(f, sizeof(f) - 1, "SINGLE", v, sizeof(v));
	assert_string_equal(v, "it");
	jcsi_kv_get(f, sizeof(f) - 1, "DISTRIB_REVISION", v, sizeof(v));
	assert_string_equal(v, "r23630-842932a63d");
	jcsi_kv_get(f, sizeof(f) - 1, "BUILD_ID", v, sizeof(v));
	assert_string_equal(v, "2024-01-01");
	jcsi_kv_get(f, sizeof(f) - 1, "ID_LIKE", v, sizeof(v));
	assert_string_equal(v, "unterminated");
	assert_int_equal(jcsi_kv_get(f, sizeof(f) - 1, "EMPTY", v, sizeof(v)), 1);
	assert_string_equal(v, "");
	assert_int_equal(jcsi_kv_get(f, sizeof(f) - 1, "VERSION", v, sizeof(v)),
			 0);
	assert_int_equal(jcsi_kv_get(f, sizeof(f) - 1, "NAME", v, 6), 1);
	assert_string_equal(v, "Debia");
}

static void test_purl(void **state)
{
	char *p;

	(void)state;
	p = jcsi_purl("deb/debian", "libssl3", "3.0.15-1~deb12u1", "armhf");
	assert_string_equal(p, "pkg:deb/debian/libssl3@3.0.15-1~deb12u1?arch=armhf");
	jcsi_free(p);
	p = jcsi_purl("deb/debian", "libstdc++6", "1:12.2.0-14+b1", NULL);
	assert_string_equal(p, "pkg:deb/debian/libstdc%2B%2B6@1%3A12.2.0-14%2Bb1");
	jcsi_free(p);
	p = jcsi_purl("generic", "busybox", "", NULL);
	assert_string_equal(p, "pkg:generic/busybox");
	jcsi_free(p);
	p = jcsi_purl("opkg/openwrt", "a b/c", "1 0", "mips_24kc");
	assert_string_equal(p, "pkg:opkg/openwrt/a%20b%2Fc@1%200?arch=mips_24kc");
	jcsi_free(p);
}

static void write_file(const char *rel, const char *text)
{
	char p[512], *slash;
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, rel);
	for (slash = strchr(p + strlen(dir) + 1, '/'); slash;
	     slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(p, 0755);
		*slash = '/';
	}
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_data_errors(void **state)
{
	static const struct {
		const char *names, *packages, *err;
	} cases[] = {
		{"# c\nbusybox\tbusybox\tbusybox\tBB\n", "",
		 "/components/names.tsv:2: 4 fields"},
		{"a\tv\t-\tS\tgeneric\n", "", "/components/names.tsv:1: vendor"},
		{"a\tv\tp\tS\tgeneric\tx\n", "", "/components/names.tsv:1: part 'x'"},
		{"a\tv\tp\tS\tgeneric\na\tv\tp\tS\tgeneric\n", "",
		 "/components/names.tsv:2: name 'a' listed twice"},
		{"Big\tv\tp\tS\tgeneric\n", "", "/components/names.tsv:1: name 'Big'"},
		{"a\tv\tp\tS\tgeneric\n", "\n\npkg\tb\n",
		 "/components/packages.tsv:3: 'b' is not a name"},
		{"a\tv\tp\tS\tgeneric\nb\t-\t-\tS\tgeneric\n", "p\ta\np\tb\n",
		 "/components/packages.tsv:2: package 'p' already maps to 'a'"},
		{"a\tv\tp\tS\tgeneric\n", "p\ta\textra\n",
		 "/components/packages.tsv:1: want PACKAGE<TAB>NAME"},
	};
	struct jcsi_names *n;
	char err[512];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		write_file("data/components/names.tsv", cases[i].names);
		write_file("data/components/packages.tsv", cases[i].packages);
		{
			char d[300];

			snprintf(d, sizeof(d), "%s/data", dir);
			err[0] = '\0';
			assert_int_equal(jcsi_names_load(d, &n, err, sizeof(err)),
					 JCS_E_FORMAT);
		}
		assert_null(n);
		if (!strstr(err, cases[i].err))
			fail_msg("case %zu: '%s' lacks '%s'", i, err, cases[i].err);
	}
	/* the shipped files load, and say what they should */
	assert_non_null(getenv("JCSTAR_SOURCE_ROOT"));
	snprintf(dir, sizeof(dir), "%s/data", getenv("JCSTAR_SOURCE_ROOT"));
	assert_int_equal(jcsi_names_load(dir, &n, err, sizeof(err)), JCS_OK);
	snprintf(dir, sizeof(dir), "%s", "/nonexistent"); /* teardown: nothing */
	assert_string_equal(jcsi_names_package(n, "dnsmasq-base"), "dnsmasq");
	assert_string_equal(jcsi_names_get(n, "dnsmasq")->vendor, "thekelleys");
	assert_int_equal(jcsi_names_get(n, "linux")->part, 'o');
	assert_null(jcsi_names_get(n, "uhttpd")->vendor);
	assert_null(jcsi_names_package(n, "not-a-package"));
	jcsi_names_free(n);
}

static void test_merge_and_json(void **state)
{
	struct jcsi_components all = {NULL, 0}, out = {NULL, 0};
	json_t *j, *c;
	char *s;

	(void)state;
	/* signature first, then the package db for the same name+version:
	   the package-db entry stays and takes the signature's files */
	assert_int_equal(jcsi_components_add(&all, "openssl", "3.0.15",
					     JCSI_COMP_SIGNATURE, JCSI_CONF_MEDIUM,
					     "/usr/bin/openssl"), JCS_OK);
	assert_int_equal(jcsi_components_add(&all, "openssl", "3.0.15",
					     JCSI_COMP_PACKAGE_DB, JCSI_CONF_HIGH,
					     "/usr/lib/libssl.so.3"), JCS_OK);
	all.c[1].purl = jcsi_strdup("pkg:deb/debian/libssl3@3.0.15-1");
	all.c[0].cpe = jcsi_strdup("cpe:2.3:a:openssl:openssl:3.0.15:*:*:*:*:*:*:*");
	/* another version stays apart; a second package-db of one version
	   folds into the first found */
	assert_int_equal(jcsi_components_add(&all, "openssl", "1.1.1w",
					     JCSI_COMP_SIGNATURE, JCSI_CONF_LOW,
					     "/opt/x"), JCS_OK);
	assert_int_equal(jcsi_components_add(&all, "busybox", "1.36.1",
					     JCSI_COMP_PACKAGE_DB, JCSI_CONF_HIGH,
					     "/bin/busybox"), JCS_OK);
	assert_int_equal(jcsi_components_add(&all, "busybox", "1.36.1",
					     JCSI_COMP_PACKAGE_DB, JCSI_CONF_HIGH,
					     "/bin/busybox"), JCS_OK);
	all.c[4].purl = jcsi_strdup("pkg:deb/debian/busybox-static@1.36.1-1");
	all.c[3].purl = jcsi_strdup("pkg:deb/debian/busybox@1.36.1-1");
	assert_int_equal(jcsi_components_add(&all, "x\xff", "", JCSI_COMP_MANIFEST,
					     JCSI_CONF_HIGH, NULL), JCS_OK);
	assert_int_equal(jcsi_components_add(&all, "", "1", JCSI_COMP_MANIFEST,
					     JCSI_CONF_HIGH, NULL), JCS_E_ARG);
	assert_int_equal(jcsi_components_merge(&all, &out), JCS_OK);
	assert_int_equal(all.n, 0);
	assert_int_equal(out.n, 4);
	strncpy(out.c[0].files[0].sha256,
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", 65);
	j = jcsi_components_json(&out);
	assert_non_null(j);
	s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	assert_string_equal(s,
		"[{\"confidence\":\"high\",\"files\":[{\"path\":\"/bin/busybox\","
		"\"sha256\":\"0123456789abcdef0123456789abcdef0123456789abcdef"
		"0123456789abcdef\"}],\"method\":\"package-db\",\"name\":\"busybox\","
		"\"purl\":\"pkg:deb/debian/busybox@1.36.1-1\",\"version\":\"1.36.1\"},"
		"{\"confidence\":\"low\",\"files\":[{\"path\":\"/opt/x\"}],"
		"\"method\":\"signature\",\"name\":\"openssl\",\"version\":\"1.1.1w\"},"
		"{\"confidence\":\"high\",\"cpe\":\"cpe:2.3:a:openssl:openssl:3.0.15:"
		"*:*:*:*:*:*:*\",\"files\":[{\"path\":\"/usr/lib/libssl.so.3\"},"
		"{\"path\":\"/usr/bin/openssl\"}],\"method\":\"package-db\","
		"\"name\":\"openssl\",\"purl\":\"pkg:deb/debian/libssl3@3.0.15-1\","
		"\"version\":\"3.0.15\"},"
		"{\"confidence\":\"high\",\"files\":[],\"method\":\"manifest\","
		"\"name\":\"x?\",\"version\":\"\"}]");
	free(s);
	c = json_array_get(j, 0);
	assert_true(json_is_object(c));
	json_decref(j);
	/* the evidence list is capped */
	for (int i = 0; i < 100; i++) {
		char p[32];

		snprintf(p, sizeof(p), "/f%d", i);
		assert_int_equal(jcsi_component_add_file(&out.c[1], p), JCS_OK);
	}
	assert_int_equal(out.c[1].n_files, JCSI_COMP_FILES_MAX);
	jcsi_components_free(&out);
	jcsi_components_free(NULL);
}

/* Every allocation failing in turn: clean errors, no leak (ASan). */
static void test_nomem(void **state)
{
	static const char apk[] = "P:a\nV:1-r0\nF:lib\nR:x\nR:y\n\nP:b\n";
	struct seen s;
	int ok = 0;

	(void)state;
	for (unsigned long k = 1; k < 5000 && !ok; k++) {
		struct jcsi_components all = {NULL, 0}, out = {NULL, 0};
		struct jcsi_names *n = NULL;
		char err[512], d[300];
		json_t *j = NULL;
		jcs_rc rc;

		snprintf(d, sizeof(d), "%s/data", getenv("JCSTAR_SOURCE_ROOT"));
		s.lines[0] = '\0';
		jcsi_mem_fail_after(k);
		rc = jcsi_pkgdb_parse_apk(apk, sizeof(apk) - 1, collect, &s);
		if (rc == JCS_OK)
			rc = jcsi_components_add(&all, "b", "1", JCSI_COMP_SIGNATURE,
						 JCSI_CONF_LOW, "/x");
		if (rc == JCS_OK)
			rc = jcsi_components_add(&all, "b", "1", JCSI_COMP_PACKAGE_DB,
						 JCSI_CONF_HIGH, "/y");
		if (rc == JCS_OK)
			rc = jcsi_components_merge(&all, &out);
		if (rc == JCS_OK)
			rc = jcsi_names_load(d, &n, err, sizeof(err));
		if (rc == JCS_OK)
			rc = jcsi_names_describe(n, &out.c[0]);
		if (rc == JCS_OK && !(j = jcsi_components_json(&out)))
			rc = JCS_E_NOMEM;
		jcsi_mem_fail_after(0);
		assert_true(rc == JCS_OK || rc == JCS_E_NOMEM);
		ok = rc == JCS_OK;
		json_decref(j);
		jcsi_names_free(n);
		jcsi_components_free(&all);
		jcsi_components_free(&out);
	}
	assert_true(ok); /* it got through once enough allocations worked */
}

/* --- one tree through jcs_scan() -------------------------------------- */

static char *components_of(const char *target)
{
	struct jcs_result *r = jcs_result_new("scan");
	char err[512] = "", *buf = NULL, *out;
	size_t len = 0, i;
	FILE *m = open_memstream(&buf, &len);
	json_t *doc, *c;
	size_t cap = 1;

	assert_non_null(r);
	assert_int_equal(jcs_scan(target, NULL, r, err, sizeof(err)), JCS_OK);
	assert_int_equal(jcs_result_write_json(r, m), JCS_OK);
	fclose(m);
	doc = json_loads(buf, 0, NULL);
	assert_non_null(doc);
	out = calloc(1, 1 << 16);
	assert_non_null(out);
	json_array_foreach(json_object_get(doc, "components"), i, c) {
		const char *method = json_string_value(json_object_get(c, "method"));
		char l[2048];
		json_t *f;
		size_t k;

		/* signatures are identify_signatures.c's, tested there */
		if (!strcmp(method, "signature"))
			continue;
		snprintf(l, sizeof(l), "%s %s %s %s %s %s |",
			 json_string_value(json_object_get(c, "name")),
			 json_string_value(json_object_get(c, "version")), method,
			 json_string_value(json_object_get(c, "supplier")) ?: "-",
			 json_string_value(json_object_get(c, "cpe")) ?: "-",
			 json_string_value(json_object_get(c, "purl")) ?: "-");
		json_array_foreach(json_object_get(c, "files"), k, f) {
			const char *sha = json_string_value(json_object_get(f, "sha256"));

			strncat(l, " ", sizeof(l) - strlen(l) - 1);
			strncat(l, json_string_value(json_object_get(f, "path")),
				sizeof(l) - strlen(l) - 1);
			if (!sha || strlen(sha) != 64)
				strncat(l, "(no sha256)", sizeof(l) - strlen(l) - 1);
		}
		strncat(l, "\n", sizeof(l) - strlen(l) - 1);
		cap += strlen(l);
		assert_true(cap < (1 << 16));
		strcat(out, l); /* cap checked just above */
	}
	json_decref(doc);
	free(buf);
	jcs_result_free(r);
	return out;
}

static void test_tree(void **state)
{
	char *got;

	(void)state;
	/* dpkg */
	write_file("var/lib/dpkg/status",
		   "Package: libssl3\n"
		   "Status: install ok installed\n"
		   "Maintainer: Debian OpenSSL Team <pkg-openssl-devel@x>\n"
		   "Architecture: armhf\n"
		   "Multi-Arch: same\n"
		   "Source: openssl\n"
		   "Version: 3.0.15-1~deb12u1\n"
		   "Description: SSL\n"
		   " long text\n"
		   "\n"
		   "Package: zlib1g\n"
		   "Status: install ok installed\n"
		   "Architecture: armhf\n"
		   "Source: zlib\n"
		   "Version: 1:1.2.13.dfsg-1\n"
		   "\n"
		   "Package: removed\n"
		   "Status: deinstall ok config-files\n"
		   "Version: 1.0-1\n"
		   "\n"
		   "Package: dnsmasq-base\n"
		   "Status: install ok installed\n"
		   "Architecture: armhf\n"
		   "Source: dnsmasq\n"
		   "Version: 2.90-4~deb12u1\n"
		   "\n"
		   "Package: libc6\n"
		   "Status: install ok installed\n"
		   "Architecture: armhf\n"
		   "Source: glibc\n"
		   "Version: 2.36-9+deb12u9\n"
		   "\n"
		   "Package: libfoo1\n"
		   "Status: install ok installed\n"
		   "Architecture: armhf\n"
		   "Version: 0.9-2\n");
	write_file("var/lib/dpkg/info/libssl3:armhf.list",
		   "/.\n/usr\n/usr/share/doc/libssl3/copyright\n"
		   "/usr/lib/libssl.so.3\n/usr/lib/libcrypto.so.3\n"
		   "/usr/lib/gone.so\n/usr/lib\n");
	write_file("usr/lib/libssl.so.3", "ssl");
	write_file("usr/lib/libcrypto.so.3", "crypto");
	write_file("usr/share/doc/libssl3/copyright", "c");
	write_file("var/lib/dpkg/info/dnsmasq-base.list", "/usr/sbin/dnsmasq\n");
	/* merged /usr: the list says /sbin, /sbin is a link to usr/sbin */
	write_file("var/lib/dpkg/info/libc6:armhf.list", "/sbin/ldconfig\n");
	write_file("usr/sbin/ldconfig", "ldconfig");
	{
		char l[300];

		snprintf(l, sizeof(l), "%s/sbin", dir);
		assert_int_equal(symlink("usr/sbin", l), 0);
	}
	write_file("usr/sbin/dnsmasq", "d");
	/* opkg: one package in the status, one ROM package only in info */
	write_file("usr/lib/opkg/status",
		   "Package: uhttpd\n"
		   "Version: 2023-06-25-34a8a74d-2\n"
		   "Status: install user installed\n"
		   "Architecture: mips_24kc\n"
		   "\n"
		   "Package: busybox\n"
		   "Version: 1.36.1-1\n"
		   "Status: install user installed\n"
		   "Architecture: mips_24kc\n");
	write_file("usr/lib/opkg/info/busybox.list", "/bin/busybox\n");
	write_file("bin/busybox", "bb");
	write_file("usr/lib/opkg/info/busybox.control",
		   "Package: busybox\nVersion: 9.9-9\n");
	write_file("usr/lib/opkg/info/miniupnpd-iptables.control",
		   "Package: miniupnpd-iptables\nVersion: 2.3.3-1\n"
		   "Architecture: mips_24kc\nLicense: BSD-3-Clause\n");
	/* apk */
	write_file("lib/apk/db/installed",
		   "P:musl\nV:1.2.4-r2\nA:armv7\nm:Natanael Copa <n@x>\n"
		   "F:lib\nR:ld-musl-armhf.so.1\nR:missing.so\n");
	write_file("lib/ld-musl-armhf.so.1", "m");
	/* releases */
	write_file("etc/os-release", "NAME=\"OpenWrt\"\nID=\"openwrt\"\n"
		   "VERSION_ID=\"23.05.2\"\nBUILD_ID=\"r23630\"\n");
	write_file("etc/openwrt_release", "DISTRIB_ID='OpenWrt'\n"
		   "DISTRIB_RELEASE='23.05.2'\n"
		   "DISTRIB_REVISION='r23630-842932a63d'\n");
	got = components_of(dir);
	if (getenv("TEST_COMPONENTS_DUMP"))
		fprintf(stderr, "%s", got);
	/* sorted by name; dpkg's purl namespace is the os-release ID of the
	   tree (a mixed tree here: openwrt); the removed package and the
	   files that do not exist are left out; libssl3's documentation
	   comes after its libraries */
	assert_string_equal(got,
		"busybox 1.36.1 package-db BusyBox project "
		"cpe:2.3:a:busybox:busybox:1.36.1:*:*:*:*:*:*:* "
		"pkg:opkg/openwrt/busybox@1.36.1-1?arch=mips_24kc | /bin/busybox\n"
		"dnsmasq 2.90 package-db Simon Kelley "
		"cpe:2.3:a:thekelleys:dnsmasq:2.90:*:*:*:*:*:*:* "
		"pkg:deb/openwrt/dnsmasq-base@2.90-4~deb12u1?arch=armhf | "
		"/usr/sbin/dnsmasq\n"
		"glibc 2.36 package-db GNU project "
		"cpe:2.3:a:gnu:glibc:2.36:*:*:*:*:*:*:* "
		"pkg:deb/openwrt/libc6@2.36-9%2Bdeb12u9?arch=armhf | "
		"/usr/sbin/ldconfig\n"
		"libfoo1 0.9 package-db - - pkg:deb/openwrt/libfoo1@0.9-2?arch=armhf |\n"
		"miniupnpd 2.3.3 package-db MiniUPnP project "
		"cpe:2.3:a:miniupnp_project:miniupnpd:2.3.3:*:*:*:*:*:*:* "
		"pkg:opkg/openwrt/miniupnpd-iptables@2.3.3-1?arch=mips_24kc |\n"
		"musl 1.2.4 package-db Natanael Copa "
		"cpe:2.3:a:musl-libc:musl:1.2.4:*:*:*:*:*:*:* "
		"pkg:apk/openwrt/musl@1.2.4-r2?arch=armv7 | /lib/ld-musl-armhf.so.1\n"
		"openssl 3.0.15 package-db Debian OpenSSL Team "
		"cpe:2.3:a:openssl:openssl:3.0.15:*:*:*:*:*:*:* "
		"pkg:deb/openwrt/libssl3@3.0.15-1~deb12u1?arch=armhf | "
		"/usr/lib/libssl.so.3 /usr/lib/libcrypto.so.3 "
		"/usr/share/doc/libssl3/copyright\n"
		"openwrt 23.05.2 manifest OpenWrt project "
		"cpe:2.3:o:openwrt:openwrt:23.05.2:*:*:*:*:*:*:* "
		"pkg:generic/openwrt@23.05.2 | /etc/os-release /etc/openwrt_release\n"
		"uhttpd 2023-06-25-34a8a74d package-db OpenWrt project - "
		"pkg:opkg/openwrt/uhttpd@2023-06-25-34a8a74d-2?arch=mips_24kc |\n"
		"zlib 1.2.13 package-db zlib project "
		"cpe:2.3:a:zlib:zlib:1.2.13:*:*:*:*:*:*:* "
		"pkg:deb/openwrt/zlib1g@1%3A1.2.13.dfsg-1?arch=armhf |\n");
	free(got);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/jcstar-components-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[300];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_upstream_version),
		cmocka_unit_test(test_stanzas),
		cmocka_unit_test(test_apk),
		cmocka_unit_test(test_kv),
		cmocka_unit_test(test_purl),
		cmocka_unit_test_setup_teardown(test_data_errors, setup, teardown),
		cmocka_unit_test(test_merge_and_json),
		cmocka_unit_test(test_nomem),
		cmocka_unit_test_setup_teardown(test_tree, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

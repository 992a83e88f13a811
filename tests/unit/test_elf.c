/*
 * test_elf.c - the ELF hardening check (lib/checks/check_elf.c) on small
 * programs built here with the system compiler: a weak one (no canary,
 * executable stack, no PIE, no RELRO, no FORTIFY, strcpy and system), a
 * hardened one and a hardened shared library (no finding), one with a
 * RUNPATH under /tmp, and eleven copies of the weak one (one summary
 * finding per property instead of per-file ones). Scanned through jcs_scan()
 * as a plain directory; the exact set of elf.* findings is asserted.
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

#include "scan_findings.h"
#include <jansson.h>

#include "jcstar/jcstar.h"

#include "fixture.h"

static char dir[256];
static int have_cc;

static const char prog[] =
	"#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n"
	"static void copy(char *d, const char *s) { strcpy(d, s); }\n"
	"int main(int argc, char **argv) {\n"
	"  char buf[64];\n"
	"  copy(buf, argc > 1 ? argv[1] : \"x\");\n"
	"  printf(\"%s %d\\n\", buf, argc);\n"
	"  if (argc > 2) return system(argv[2]);\n"
	"  return 0;\n}\n";

static const char hard[] =
	"#include <stdio.h>\n#include <string.h>\n"
	"int main(int argc, char **argv) {\n"
	"  char buf[64];\n"
	"  memcpy(buf, argv[0], (size_t)argc < sizeof(buf) ? (size_t)argc : 1);"
	"\n  buf[argc & 31] = 0;\n"
	"  printf(\"%s %d\\n\", buf, argc);\n"
	"  return 0;\n}\n";

static const char lib[] =
	"#include <stdio.h>\n#include <string.h>\n"
	"int f(const char *s, int n) {\n"
	"  char buf[64];\n"
	"  memcpy(buf, s, (size_t)n < sizeof(buf) ? (size_t)n : 1);\n"
	"  buf[n & 31] = 0;\n"
	"  return printf(\"%s\\n\", buf);\n}\n";

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int sh(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

static int setup(void **state)
{
	const char *src = getenv("JCSTAR_SOURCE_ROOT");
	char data[4096];

	(void)state;
	if (src) {
		snprintf(data, sizeof(data), "%s/data", src);
		setenv("JCSTAR_DATADIR", data, 1);
	}
	snprintf(dir, sizeof(dir), "/tmp/jcstar-elf-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	have_cc = sh("command -v cc >/dev/null 2>&1") == 0;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sh("rm -rf '%s'", dir);
	return 0;
}

/* Make a fresh scan root SUB under dir; returns its path in OUT. */
static void root(const char *sub, char *out, size_t cap)
{
	snprintf(out, cap, "%s/%s", dir, sub);
	assert_int_equal(sh("rm -rf '%s' && mkdir -p '%s/bin' '%s/lib'", out,
			    out, out), 0);
}

static void build_weak(const char *to)
{
	write_file(dir, "weak.c", prog);
	assert_int_equal(sh("cc -O0 -U_FORTIFY_SOURCE -fno-stack-protector "
			    "-fno-pie -no-pie -z execstack -Wl,-z,norelro "
			    "-o '%s' '%s/weak.c'", to, dir), 0);
}

/* the "rule path" lines of the elf.* findings of TARGET are WANT */
static void expect(const char *target, const char *want)
{
	expect_findings(target, "elf.", 0, want);
}

static void test_weak(void **state)
{
	char r[512], p[600];

	(void)state;
	if (!have_cc)
		skip();
	root("weak", r, sizeof(r));
	snprintf(p, sizeof(p), "%s/bin/weak", r);
	build_weak(p);
	expect(r, "elf.dangerous-import /bin/weak\n"
		  "elf.no-canary /bin/weak\n"
		  "elf.no-fortify /bin/weak\n"
		  "elf.no-nx /bin/weak\n"
		  "elf.no-pie /bin/weak\n"
		  "elf.no-relro /bin/weak\n");
}

static void test_hardened(void **state)
{
	char r[512];

	(void)state;
	if (!have_cc)
		skip();
	root("hard", r, sizeof(r));
	write_file(dir, "hard.c", hard);
	write_file(dir, "lib.c", lib);
	assert_int_equal(sh("cc -O2 -D_FORTIFY_SOURCE=2 "
			    "-fstack-protector-strong -fPIE -pie "
			    "-Wl,-z,relro,-z,now -o '%s/bin/hard' "
			    "'%s/hard.c'", r, dir), 0);
	assert_int_equal(sh("cc -O2 -D_FORTIFY_SOURCE=2 "
			    "-fstack-protector-strong -fPIC -shared "
			    "-Wl,-z,relro,-z,now -o '%s/lib/libh.so' "
			    "'%s/lib.c'", r, dir), 0);
	/* not ELF, or ELF that is not code: never looked at */
	write_file(dir, "hard/bin/script", "#!/bin/sh\necho hi\n");
	write_file(dir, "hard/lib/fake.so",
		   "\177ELF but nothing after the magic........."
		   "....................................\n");
	expect(r, "");
}

static void test_rpath(void **state)
{
	char r[512];

	(void)state;
	if (!have_cc)
		skip();
	root("rpath", r, sizeof(r));
	write_file(dir, "hard.c", hard);
	assert_int_equal(sh("cc -O2 -D_FORTIFY_SOURCE=2 "
			    "-fstack-protector-strong -fPIE -pie "
			    "-Wl,-z,relro,-z,now -Wl,-rpath,/usr/lib/x:/tmp/l "
			    "-o '%s/bin/rp' '%s/hard.c'", r, dir), 0);
	assert_int_equal(sh("cc -O2 -D_FORTIFY_SOURCE=2 "
			    "-fstack-protector-strong -fPIE -pie "
			    "-Wl,-z,relro,-z,now -Wl,-rpath,'$ORIGIN/../lib' "
			    "-o '%s/bin/origin' '%s/hard.c'", r, dir), 0);
	expect(r, "elf.rpath /bin/rp\n");
}

static void test_summary(void **state)
{
	char r[512], p[600];

	(void)state;
	if (!have_cc)
		skip();
	root("many", r, sizeof(r));
	snprintf(p, sizeof(p), "%s/bin/w00", r);
	build_weak(p);
	for (int i = 1; i <= 10; i++)
		assert_int_equal(sh("cp '%s' '%s/bin/w%02d'", p, r, i), 0);
	/* 11 files lack each property: one summary each, no per-file one */
	expect(r, "elf.dangerous-import-summary \n"
		  "elf.summary \n"
		  "elf.summary \n"
		  "elf.summary \n"
		  "elf.summary \n"
		  "elf.summary \n");
	/* 10: per-file findings again */
	assert_int_equal(sh("rm '%s/bin/w10'", r), 0);
	{
		char *got = scan_findings(r, "elf.", 0);
		size_t n = 0;

		for (const char *c = got; (c = strstr(c, "elf.no-nx /bin/w"));
		     c++)
			n++;
		assert_int_equal(n, 10);
		assert_null(strstr(got, "summary"));
		free(got);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_weak),
		cmocka_unit_test(test_hardened),
		cmocka_unit_test(test_rpath),
		cmocka_unit_test(test_summary),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

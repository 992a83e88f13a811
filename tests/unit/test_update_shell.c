/*
 * test_update_shell.c - the update check's reading of shell lines
 * (lib/checks/update_shell.c): commands are found at their command
 * position only, the tool table's needs/unless words match, variables
 * expand (and stop expanding: a self-referencing value must not loop),
 * URLs are found and judged, and hostile lines (unterminated quotes,
 * thousands of words, deep $( nesting) stay within bounds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../lib/checks/update_int.h"

/* The names of LINE's commands, space-separated, into OUT. */
static const char *names(const char *line, char *out, size_t cap)
{
	static struct upd_line pl;
	size_t at = 0;

	upd_parse(line, &pl);
	out[0] = '\0';
	for (size_t i = 0; i < pl.ncmd && at < cap; i++)
		at += (size_t)snprintf(out + at, cap - at, "%s%s", i ? " " : "",
				       pl.cmd[i].name);
	return out;
}

static void test_command_position(void **state)
{
	char b[512];

	(void)state;
	assert_string_equal(names("wget -O /tmp/fw http://x/fw", b, sizeof(b)),
			    "wget");
	assert_string_equal(names("echo \"mtd write /tmp/fw firmware\"", b,
				  sizeof(b)),
			    "echo");
	assert_string_equal(names("[ -x /sbin/mtd ] && /sbin/mtd -r write a b",
				  b, sizeof(b)),
			    "[ mtd");
	assert_string_equal(names("command -v wget >/dev/null", b, sizeof(b)),
			    "");
	assert_string_equal(names("x=\"$(busybox wget -q -O- $U)\"; exec nice "
				  "-n 10 sysupgrade $x",
				  b, sizeof(b)),
			    "wget sysupgrade");
	assert_string_equal(names("logger 'mtd write; wget'", b, sizeof(b)),
			    "logger");
	assert_string_equal(names("FW=/tmp/a timeout -s 9 60 curl -o $FW u",
				  b, sizeof(b)),
			    "curl");
	assert_string_equal(names("start-stop-daemon -S -b -x /usr/bin/swupdate "
				  "-- -k /etc/k.pem",
				  b, sizeof(b)),
			    "swupdate");
	assert_string_equal(names("procd_set_param command /usr/bin/swupdate -v",
				  b, sizeof(b)),
			    "swupdate");
	assert_string_equal(names("wget http://x # ; mtd write", b, sizeof(b)),
			    "wget");
	assert_string_equal(names("a=`curl -s u` && b", b, sizeof(b)),
			    "curl b");
}

static void test_match(void **state)
{
	static const struct upd_tool mtd = {UPD_FLASH, "mtd", "write", ""};
	static const struct upd_tool dd = {UPD_FLASH, "dd", "of=/dev/mtd*", ""};
	static const struct upd_tool ck = {UPD_CHECKSUM, "openssl", "dgst",
					   "-verify -prverify"};
	static struct upd_line pl;

	(void)state;
	upd_parse("mtd -r write /tmp/fw firmware", &pl);
	assert_true(upd_match(&pl.cmd[0], &mtd));
	upd_parse("mtd erase rootfs_data", &pl);
	assert_false(upd_match(&pl.cmd[0], &mtd));
	upd_parse("dd if=/tmp/fw of=/dev/mtdblock3 bs=64k", &pl);
	assert_true(upd_match(&pl.cmd[0], &dd));
	upd_parse("dd if=/dev/mtd0 of=/tmp/backup", &pl);
	assert_false(upd_match(&pl.cmd[0], &dd));
	upd_parse("openssl dgst -sha256 /tmp/fw", &pl);
	assert_true(upd_match(&pl.cmd[0], &ck));
	upd_parse("openssl dgst -sha256 -verify k.pem -signature s /tmp/fw", &pl);
	assert_false(upd_match(&pl.cmd[0], &ck));
}

static void test_expand(void **state)
{
	struct upd_var v[] = {
		{"BASE", "http://fw.example.com", 2},
		{"URL", "$BASE/v2/fw.bin", 3},
		{"URL", "https://late.example.com/fw.bin", 20},
		{"LOOP", "$LOOP$LOOP", 4},
		{"SRC", "ftp://from-sourced-file/fw", 0},
	};
	struct upd_vars vars = {v, sizeof(v) / sizeof(v[0]), 0};
	char out[256];
	int un;

	(void)state;
	upd_expand(&vars, "wget \"$URL\"", 10, out, sizeof(out), &un);
	assert_string_equal(out, "wget \"http://fw.example.com/v2/fw.bin\"");
	assert_int_equal(un, 0);
	/* the assignment nearest before the line wins */
	upd_expand(&vars, "wget ${URL}", 30, out, sizeof(out), &un);
	assert_string_equal(out, "wget https://late.example.com/fw.bin");
	upd_expand(&vars, "curl $SRC ${NOPE:-http://d/x} $NOPE $1", 5, out,
		   sizeof(out), &un);
	assert_string_equal(out, "curl ftp://from-sourced-file/fw http://d/x "
				 "$NOPE $1");
	assert_int_equal(un, 2);
	/* a value that names itself stops, and never overflows OUT */
	upd_expand(&vars, "x $LOOP", 5, out, sizeof(out), &un);
	assert_true(strlen(out) < sizeof(out));
	upd_expand(&vars, "x $LOOP", 5, out, 8, &un);
	assert_true(strlen(out) < 8);
}

static void test_urls(void **state)
{
	char u[64];

	(void)state;
	assert_true(upd_find_url("-O x \"http://a.example/fw.bin\";", u,
				 sizeof(u)));
	assert_string_equal(u, "http://a.example/fw.bin");
	assert_true(upd_find_url("sftp://x/y tftp://10.0.0.1/fw", u, sizeof(u)));
	assert_string_equal(u, "tftp://10.0.0.1/fw");
	assert_false(upd_find_url("file:///tmp/fw sftp://h/f", u, sizeof(u)));
	assert_true(upd_find_url("https://a-very-long-host-name.example.com/"
				 "path/to/the/firmware/image.bin",
				 u, 16));
	assert_int_equal(strlen(u), 15);
	assert_true(upd_url_cleartext("http://fw.example.com/x"));
	assert_true(upd_url_cleartext("FTP://u:p@fw.example.com/x"));
	assert_true(upd_url_cleartext("tftp://10.0.0.1/x"));
	assert_false(upd_url_cleartext("https://fw.example.com/x"));
	assert_false(upd_url_cleartext("ftps://fw.example.com/x"));
	assert_false(upd_url_cleartext("http://127.0.0.1/cgi-bin/x"));
	assert_false(upd_url_cleartext("http://user:pw@localhost:8080/"));
	assert_false(upd_url_cleartext("httpx://a/"));
}

static void test_hostile_lines(void **state)
{
	static struct upd_line pl;
	char *big = malloc(100000);

	(void)state;
	assert_non_null(big);
	for (size_t i = 0; i + 2 < 100000; i += 2) {
		big[i] = i % 6 ? 'a' : ';';
		big[i + 1] = ' ';
	}
	big[99999] = '\0';
	upd_parse(big, &pl);
	assert_true(pl.ncmd <= UPD_CMDS);
	for (size_t i = 0; i < 99999; i++)
		big[i] = "$(\"'`\\"[i % 6];
	upd_parse(big, &pl);
	assert_true(pl.ncmd <= UPD_CMDS);
	upd_parse("wget \"unterminated 'quote", &pl);
	assert_int_equal(pl.ncmd, 1);
	upd_parse("\\", &pl);
	upd_parse("", &pl);
	assert_int_equal(pl.ncmd, 0);
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_command_position),
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_expand),
		cmocka_unit_test(test_urls),
		cmocka_unit_test(test_hostile_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

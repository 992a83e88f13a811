/*
 * test_shell_cmd.c - which programs a line of shell starts
 * (lib/checks/shell_cmd.c): launchers are seen through, stops, tests,
 * echo, comments, case patterns and redirections are no starts, script
 * variables expand, and hostile lines (unterminated quotes, endless
 * words, deep sh -c nesting) end cleanly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../lib/checks/shell_cmd.h"

/* "prog arg arg | prog arg | ..." of every command LINE starts */
struct seen {
	char text[2048];
	char port[16];
};

static void collect(const struct jcsi_cmd *c, void *user)
{
	struct seen *s = user;
	size_t n = strlen(s->text);

	if (n)
		n += (size_t)snprintf(s->text + n, sizeof(s->text) - n, " | ");
	for (int i = 0; i < c->argc && n < sizeof(s->text); i++)
		n += (size_t)snprintf(s->text + n, sizeof(s->text) - n, "%s%s",
				      i ? " " : "", c->argv[i]);
	if (c->port)
		snprintf(s->port, sizeof(s->port), "%s", c->port);
}

static const char *run(const char *line, struct jcsi_shvars *vars,
		       struct seen *s)
{
	memset(s, 0, sizeof(*s));
	jcsi_shell_commands(line, vars, collect, s);
	return s->text;
}

static void test_launchers(void **state)
{
	struct seen s;

	(void)state;
	assert_string_equal(run("telnetd -l /bin/sh &", NULL, &s),
			    "telnetd -l /bin/sh");
	assert_string_equal(run("[ -x /usr/sbin/telnetd ] && exec nohup "
				"/usr/sbin/telnetd -p 23", NULL, &s),
			    "[ -x /usr/sbin/telnetd ] | /usr/sbin/telnetd -p 23");
	assert_string_equal(run("busybox telnetd -F", NULL, &s), "telnetd -F");
	assert_string_equal(run("env A=1 nice -n 5 chroot /srv vsftpd", NULL,
				&s),
			    "vsftpd");
	assert_string_equal(run("start-stop-daemon -S -b -x /usr/sbin/adbd -- "
				"-v", NULL, &s),
			    "/usr/sbin/adbd -v");
	assert_string_equal(run("start-stop-daemon -K -x /usr/sbin/adbd", NULL,
				&s),
			    "");
	assert_string_equal(run("tcpsvd -vE -c 4 0.0.0.0 21 ftpd -w /srv",
				NULL, &s),
			    "ftpd -w /srv");
	assert_string_equal(s.port, "21");
	assert_string_equal(run("procd_set_param command /usr/sbin/telnetd -F",
				NULL, &s),
			    "/usr/sbin/telnetd -F");
	assert_string_equal(run("procd_set_param respawn", NULL, &s), "");
	assert_string_equal(run("sh -c \"gdbserver :1234 /bin/app\"", NULL,
				&s),
			    "gdbserver :1234 /bin/app");
}

static void test_no_starts(void **state)
{
	struct seen s;

	(void)state;
	assert_string_equal(run("echo \"telnetd started\" > /dev/console "
				"# telnetd", NULL, &s),
			    "echo telnetd started");
	assert_string_equal(run("telnetd) echo x ;;", NULL, &s), "echo x");
	assert_string_equal(run("x=$(pidof telnetd) 2>/dev/null", NULL, &s),
			    "pidof telnetd");
	assert_string_equal(run("   ", NULL, &s), "");
}

static void test_variables(void **state)
{
	struct jcsi_shvars v;
	struct seen s;

	(void)state;
	memset(&v, 0, sizeof(v));
	run("DAEMON=/usr/sbin/in.tftpd; export OPTS=\"-a :69\"", &v, &s);
	assert_int_equal(v.n, 2);
	assert_string_equal(run("$DAEMON $OPTS", &v, &s),
			    "/usr/sbin/in.tftpd -a :69");
	assert_string_equal(run("${DAEMON} '$OPTS'", &v, &s),
			    "/usr/sbin/in.tftpd $OPTS");
	assert_string_equal(run("$UNKNOWN -x", &v, &s), "$UNKNOWN -x");
}

/* "sh -c 'INNER'" LEVELS times, quoted as sh quotes (' as '\\'') */
static const char *nested(char *buf, size_t cap, int levels)
{
	char t[2048];

	for (int i = 0; i < levels; i++) {
		size_t n = (size_t)snprintf(t, sizeof(t), "sh -c '");

		for (const char *p = buf; *p && n + 6 < sizeof(t); p++)
			n += (size_t)snprintf(t + n, sizeof(t) - n, "%s",
					      *p == '\'' ? "'\\''" : (char[]){*p, 0});
		snprintf(t + n, sizeof(t) - n, "'");
		snprintf(buf, cap, "%s", t);
	}
	return buf;
}

static void test_hostile(void **state)
{
	static char big[20000];
	struct jcsi_shvars v;
	struct seen s;
	char nest[2048] = "telnetd";

	(void)state;
	assert_string_equal(run("telnetd 'unterminated", NULL, &s),
			    "telnetd unterminated");
	assert_string_equal(run("a \"b\\", NULL, &s), "a b\\");
	memset(big, 'x', sizeof(big) - 1);
	run(big, NULL, &s); /* cut, never overrun */
	for (size_t i = 0; i < sizeof(big) - 1; i += 2)
		big[i] = ';';
	run(big, NULL, &s);
	memset(&v, 0, sizeof(v));
	for (int i = 0; i < 40; i++) {
		char name[16], line[64];

		snprintf(name, sizeof(name), "V%d", i);
		snprintf(line, sizeof(line), "%s=$%s$%s", name, name, name);
		run(line, &v, &s);
	}
	assert_int_equal(v.n, JCSI_SHVARS);
	/* sh -c nested: read up to the depth limit, not past it */
	assert_string_equal(run(nested(nest, sizeof(nest), 3), NULL, &s),
			    "telnetd");
	snprintf(nest, sizeof(nest), "telnetd");
	assert_string_equal(run(nested(nest, sizeof(nest), 6), NULL, &s), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_launchers),
		cmocka_unit_test(test_no_starts),
		cmocka_unit_test(test_variables),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

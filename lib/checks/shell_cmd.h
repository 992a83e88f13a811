/*
 * shell_cmd.h - which programs a line of shell starts: a boot script line,
 * an inittab process, a crontab command, a systemd ExecStart=. The line is
 * cut into simple commands (at ; & | && || ( ) ` $( and newlines), words
 * are unquoted, redirections and comments dropped, and each command's
 * program is found behind the launchers that start another program:
 * exec, nohup, setsid, busybox, env, nice, chroot, taskset, sudo,
 * start-stop-daemon -S -x PROG -- ARGS (a -K/--stop is no start),
 * tcpsvd/udpsvd IP PORT PROG, OpenWrt's procd_set_param command PROG and
 * service_start PROG, and sh -c "STRING" (read again).
 *
 * Variables set by earlier plain assignments (DAEMON=/usr/sbin/in.tftpd)
 * are expanded ($DAEMON, ${DAEMON}), since SysV scripts name their daemon
 * that way. Nothing is executed: this reads text only, and what needs a
 * real shell to know (command substitution, functions, aliases) is not
 * followed.
 */
#ifndef JCSTAR_SHELL_CMD_H
#define JCSTAR_SHELL_CMD_H

#define JCSI_CMD_WORDS 64
#define JCSI_SHVARS 32

/* One program started: words as the line has them, unquoted. */
struct jcsi_cmd {
	const char *argv[JCSI_CMD_WORDS]; /* argv[0]: the program */
	int argc;
	const char *port; /* the port a launcher gave (tcpsvd), or NULL */
};

/* Variables of one script, in the order set (a later one wins). */
struct jcsi_shvars {
	int n;
	char name[JCSI_SHVARS][32];
	char value[JCSI_SHVARS][256];
};

/* Called for each program started; the words live until it returns. */
typedef void (*jcsi_cmd_fn)(const struct jcsi_cmd *c, void *user);

/*
 * Calls FN for each program LINE starts. VARS (may be NULL) is used to
 * expand $NAME and is updated by the line's plain assignments.
 */
void jcsi_shell_commands(const char *line, struct jcsi_shvars *vars,
			 jcsi_cmd_fn fn, void *user);

/* The base name of a program word: "/usr/sbin/telnetd" -> "telnetd". */
const char *jcsi_prog_base(const char *word);

#endif

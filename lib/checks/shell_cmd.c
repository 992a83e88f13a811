/*
 * shell_cmd.c - the programs a line of shell starts (see shell_cmd.h).
 *
 * A deliberately small reading of sh: enough to see through the ways
 * firmware scripts start daemons, never enough to be fooled into running
 * anything. What it cannot see (a daemon started by a function defined
 * elsewhere, a name built at run time) it does not guess.
 */
#include "shell_cmd.h"

#include <stdio.h>
#include <string.h>

#define LINE_CAP 4096
#define MAX_TOKENS 256
#define MAX_DEPTH 3   /* sh -c "sh -c '...'" */

/* A word, or a separator between simple commands (word NULL). */
struct token {
	const char *word;
	int case_pattern; /* separator: ")" closing a case pattern */
};

struct tokens {
	char buf[LINE_CAP + MAX_TOKENS];
	size_t used;
	struct token t[MAX_TOKENS];
	int n;
};

struct walk {
	struct jcsi_shvars *vars;
	jcsi_cmd_fn fn;
	void *user;
};

static void commands(struct walk *k, const char *line, int depth);

const char *jcsi_prog_base(const char *word)
{
	const char *b = strrchr(word, '/');

	return b ? b + 1 : word;
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static const char *var_get(const struct jcsi_shvars *v, const char *name,
			   size_t n)
{
	if (!v)
		return NULL;
	for (int i = v->n - 1; i >= 0; i--)
		if (strlen(v->name[i]) == n && !strncmp(v->name[i], name, n))
			return v->value[i];
	return NULL;
}

/* $NAME and ${NAME} of known variables replaced by their values (not
   inside single quotes); anything else is left as written. */
static void expand(const char *in, const struct jcsi_shvars *v, char *out,
		   size_t cap)
{
	size_t o = 0;
	int squote = 0;
	const char *p = in;

	while (*p && o + 1 < cap) {
		if (*p == '\'')
			squote = !squote;
		if (*p == '$' && !squote) {
			const char *name = p + 1, *val;
			size_t n = 0;
			int brace = *name == '{';

			name += brace;
			while (is_alpha(name[n]) || is_digit(name[n]))
				n++;
			val = n && is_alpha(name[0]) &&
				      (!brace || name[n] == '}')
				      ? var_get(v, name, n)
				      : NULL;
			if (val) {
				size_t l = strlen(val);

				if (l > cap - 1 - o)
					l = cap - 1 - o;
				memcpy(out + o, val, l);
				o += l;
				p = name + n + brace;
				continue;
			}
		}
		out[o++] = *p++;
	}
	out[o] = '\0';
}

static int word_end(char c)
{
	return !c || strchr(" \t\r\n;&|()`<>", c);
}

/* Reads one word at *P, unquoting it into OUT (CAP bytes, may be NULL to
   skip it); returns its length. Always advances *P unless at a stop. */
static size_t read_word(const char **pp, char *out, size_t cap)
{
	const char *p = *pp;
	size_t n = 0;

#define PUT(ch)                                 \
	do {                                    \
		if (out && n + 1 < cap)         \
			out[n++] = (ch);        \
	} while (0)
	while (!word_end(*p)) {
		if (*p == '\'') {
			for (p++; *p && *p != '\''; p++)
				PUT(*p);
			if (*p)
				p++;
		} else if (*p == '"') {
			for (p++; *p && *p != '"'; p++) {
				if (*p == '\\' && p[1])
					p++;
				PUT(*p);
			}
			if (*p)
				p++;
		} else if (*p == '\\' && p[1]) {
			PUT(p[1]);
			p += 2;
		} else if (*p == '$' && p[1] == '(') {
			break;
		} else {
			PUT(*p);
			p++;
		}
	}
#undef PUT
	if (out)
		out[n] = '\0';
	*pp = p;
	return n;
}

static void separate(struct tokens *t, int case_pattern)
{
	if (t->n > 0 && t->n < MAX_TOKENS && t->t[t->n - 1].word) {
		t->t[t->n].word = NULL;
		t->t[t->n].case_pattern = case_pattern;
		t->n++;
	} else if (t->n > 0 && case_pattern) {
		t->t[t->n - 1].case_pattern = 1;
	}
}

static void tokenize(const char *p, struct tokens *t)
{
	int parens = 0;

	t->n = 0;
	t->used = 0;
	while (*p && t->n < MAX_TOKENS - 1) {
		const char *q = p;
		size_t room = sizeof(t->buf) - t->used;
		char *w;

		if (*p == ' ' || *p == '\t' || *p == '\r') {
			p++;
			continue;
		}
		if (*p == '#')
			break; /* a comment runs to the end of the line */
		if (*p == '$' && p[1] == '(') {
			parens++;
			separate(t, 0);
			p += 2;
			continue;
		}
		if (*p == ')') {
			/* a ")" nothing opened ends a case pattern: "start)" */
			separate(t, parens == 0);
			parens -= parens > 0;
			p++;
			continue;
		}
		if (strchr(";&|(`\n", *p)) {
			parens += *p == '(';
			separate(t, 0);
			p++;
			continue;
		}
		while (is_digit(*q))
			q++;
		if (*q == '<' || *q == '>') {
			/* a redirection and its target are no words */
			while (*q == '<' || *q == '>')
				q++;
			if (*q == '&') {
				for (q++; is_digit(*q) || *q == '-'; q++)
					;
			} else {
				while (*q == ' ' || *q == '\t')
					q++;
				read_word(&q, NULL, 0);
			}
			p = q;
			continue;
		}
		if (room < 2)
			break;
		w = t->buf + t->used;
		t->used += read_word(&p, w, room) + 1;
		t->t[t->n].word = w;
		t->t[t->n].case_pattern = 0;
		t->n++;
		if (p == q)
			p++; /* cannot happen: a stop char is handled above */
	}
	separate(t, 0);
}

static int one_of(const char *w, const char *const list[])
{
	for (size_t i = 0; list[i]; i++)
		if (!strcmp(w, list[i]))
			return 1;
	return 0;
}

static int is_assignment(const char *w)
{
	if (!is_alpha(*w))
		return 0;
	while (is_alpha(*w) || is_digit(*w))
		w++;
	return *w == '=';
}

static void assign(struct jcsi_shvars *v, const char *w)
{
	const char *eq = strchr(w, '=');
	size_t n = (size_t)(eq - w);
	int i;

	if (!v || n >= sizeof(v->name[0]))
		return;
	for (i = 0; i < v->n; i++)
		if (strlen(v->name[i]) == n && !strncmp(v->name[i], w, n))
			break;
	if (i == v->n) {
		if (v->n == JCSI_SHVARS)
			return;
		v->n++;
	}
	snprintf(v->name[i], sizeof(v->name[i]), "%.*s", (int)n, w);
	snprintf(v->value[i], sizeof(v->value[i]), "%s", eq + 1);
}

/* start-stop-daemon: starts the -x/--exec (or -a/--startas) program with
   the words after "--"; with -K/--stop it starts nothing. */
static void start_stop_daemon(struct walk *k, const char **w, int n)
{
	struct jcsi_cmd c;
	const char *prog = NULL, *startas = NULL;
	int args = n;

	for (int i = 1; i < n; i++) {
		if (!strcmp(w[i], "-K") || !strcmp(w[i], "--stop"))
			return;
		if (!strcmp(w[i], "--")) {
			args = i + 1;
			break;
		}
		if ((!strcmp(w[i], "-x") || !strcmp(w[i], "--exec")) && i + 1 < n)
			prog = w[++i];
		else if (!strncmp(w[i], "--exec=", 7))
			prog = w[i] + 7;
		else if ((!strcmp(w[i], "-a") || !strcmp(w[i], "--startas")) &&
			 i + 1 < n)
			startas = w[++i];
		else if (!strncmp(w[i], "--startas=", 10))
			startas = w[i] + 10;
	}
	if (startas)
		prog = startas;
	if (!prog)
		return;
	memset(&c, 0, sizeof(c));
	c.argv[c.argc++] = prog;
	for (int i = args; i < n && c.argc < JCSI_CMD_WORDS; i++)
		c.argv[c.argc++] = w[i];
	k->fn(&c, k->user);
}

/* Launchers whose options take a value (-n 10), and which take one
   positional word before the program (chroot DIR, taskset MASK). */
struct launcher {
	const char *name;
	const char *opts_with_value;
	int positional;
};

static const struct launcher launchers[] = {
	{"exec", "a", 0},    {"nohup", "", 0},     {"setsid", "", 0},
	{"busybox", "", 0},  {"command", "", 0},   {"builtin", "", 0},
	{"service_start", "", 0},                  {"env", "uSC", 0},
	{"nice", "n", 0},    {"ionice", "cnpt", 0}, {"chrt", "", 1},
	{"taskset", "", 1},  {"timeout", "sk", 1},  {"sudo", "ugCh", 0},
	{"chroot", "", 1},   {"stdbuf", "ioe", 0},  {"flock", "wE", 1},
	{NULL, NULL, 0},
};

static const struct launcher *launcher_of(const char *base)
{
	for (size_t i = 0; launchers[i].name; i++)
		if (!strcmp(base, launchers[i].name))
			return &launchers[i];
	return NULL;
}

/* sh -c STRING, su -c STRING: the string is read again as a line. */
static int shell_string(struct walk *k, const char *base, const char **w,
			int n, int depth)
{
	static const char *const shells[] = {"sh", "ash", "bash", "dash",
					     "hush", "ksh", "su", NULL};

	if (!one_of(base, shells))
		return 0;
	for (int i = 1; i + 1 < n; i++) {
		size_t l = strlen(w[i]);

		if (w[i][0] == '-' && w[i][1] != '-' && w[i][l - 1] == 'c') {
			if (depth < MAX_DEPTH)
				commands(k, w[i + 1], depth + 1);
			return 1;
		}
	}
	return 0;
}

static void simple(struct walk *k, const char **w, int n, int depth)
{
	static const char *const reserved[] = {
		"if", "then", "else", "elif", "fi", "do", "done", "while",
		"until", "!", "{", "}", "time", "esac", NULL};
	static const char *const declare[] = {"export", "local", "readonly",
					      NULL};
	struct jcsi_cmd c;
	int i = 0, j;

	while (i < n && one_of(w[i], reserved))
		i++;
	if (i < n && one_of(w[i], declare)) {
		for (j = i + 1; j < n; j++)
			if (is_assignment(w[j]))
				assign(k->vars, w[j]);
		return;
	}
	for (j = i; j < n && is_assignment(w[j]); j++)
		;
	if (j == n) {
		for (; i < n; i++)
			assign(k->vars, w[i]);
		return;
	}
	i = j; /* VAR=value before a program is its environment */
	memset(&c, 0, sizeof(c));
	for (int hop = 0; hop < 8 && i < n; hop++) {
		const char *b = jcsi_prog_base(w[i]);
		const struct launcher *l = launcher_of(b);

		if (l) {
			for (i++; i < n && (w[i][0] == '-' ||
					    (!strcmp(b, "env") &&
					     is_assignment(w[i])));
			     i++)
				if (w[i][0] == '-' && w[i][1] && !w[i][2] &&
				    strchr(l->opts_with_value, w[i][1]))
					i++;
			i += l->positional;
			continue;
		}
		if (!strcmp(b, "start-stop-daemon")) {
			start_stop_daemon(k, w + i, n - i);
			return;
		}
		if (!strcmp(b, "tcpsvd") || !strcmp(b, "udpsvd")) {
			/* tcpsvd [-options] IP PORT PROG ARGS */
			for (i++; i < n && w[i][0] == '-'; i++)
				if (w[i][1] && !w[i][2] &&
				    strchr("cClubtTxi", w[i][1]))
					i++;
			if (i + 2 >= n)
				return;
			c.port = w[i + 1];
			i += 2;
			continue;
		}
		if (!strcmp(b, "procd_set_param")) {
			if (i + 1 >= n || strcmp(w[i + 1], "command"))
				return;
			i += 2;
			continue;
		}
		if (shell_string(k, b, w + i, n - i, depth))
			return;
		break;
	}
	if (i >= n)
		return;
	for (; i < n && c.argc < JCSI_CMD_WORDS; i++)
		c.argv[c.argc++] = w[i];
	k->fn(&c, k->user);
}

static void commands(struct walk *k, const char *line, int depth)
{
	struct tokens t; /* ~5 KiB a level, MAX_DEPTH levels at most */
	char expanded[LINE_CAP];
	const char *w[MAX_TOKENS];
	int n = 0;

	expand(line, k->vars, expanded, sizeof(expanded));
	tokenize(expanded, &t);
	for (int i = 0; i < t.n; i++) {
		if (t.t[i].word) {
			w[n++] = t.t[i].word;
			continue;
		}
		if (n && !t.t[i].case_pattern)
			simple(k, w, n, depth);
		n = 0;
	}
}

void jcsi_shell_commands(const char *line, struct jcsi_shvars *vars,
			 jcsi_cmd_fn fn, void *user)
{
	struct walk k = {vars, fn, user};

	commands(&k, line, 0);
}

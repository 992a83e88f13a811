/*
 * net_util.c - small parsers the network check's parts share: OpenWrt UCI
 * lines, listen addresses, host names that are not cloud endpoints,
 * include globs, and finding the start of a daemon in a boot script.
 */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/mem.h"
#include "init_sources.h"
#include "net_int.h"

void net_copy(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src);

	if (!cap)
		return;
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

const char *net_base(const char *path)
{
	const char *b = strrchr(path, '/');

	return b ? b + 1 : path;
}

/* copies the next word of *P (quoted or not) into OUT, advancing *P */
static int word(const char **p, char *out, size_t cap)
{
	const char *s = *p;
	size_t n = 0;
	char q = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s)
		return 0;
	if (*s == '\'' || *s == '"')
		q = *s++;
	while (*s && (q ? *s != q : (*s != ' ' && *s != '\t'))) {
		if (n + 1 < cap)
			out[n++] = *s;
		s++;
	}
	if (q && *s == q)
		s++;
	out[n] = '\0';
	*p = s;
	return 1;
}

int jcsi_net_uci(const char *line, char *key, size_t kcap, char *val,
		 size_t vcap)
{
	char kw[16];
	const char *p = line;

	key[0] = val[0] = '\0';
	if (!word(&p, kw, sizeof(kw)) || !word(&p, key, kcap))
		return 0;
	word(&p, val, vcap);
	if (!strcmp(kw, "config"))
		return 'c';
	if (!strcmp(kw, "option"))
		return 'o';
	if (!strcmp(kw, "list"))
		return 'l';
	return 0;
}

int jcsi_net_truthy(const char *v)
{
	static const char *const yes[] = {"1", "on", "yes", "true", "enable",
					  "enabled", NULL};

	for (size_t i = 0; yes[i]; i++)
		if (!strcasecmp(v, yes[i]))
			return 1;
	return 0;
}

static int ends_with(const char *h, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	return n >= k && !strncasecmp(h + n - k, suffix, k);
}

/* dotted IPv4 A.B.C.D into Q; 1 if it is one */
static int ipv4(const char *h, size_t n, unsigned q[4])
{
	char buf[16];
	char tail;

	if (n >= sizeof(buf))
		return 0;
	memcpy(buf, h, n);
	buf[n] = '\0';
	return sscanf(buf, "%u.%u.%u.%u%c", &q[0], &q[1], &q[2], &q[3],
		      &tail) == 4 &&
	       q[0] < 256 && q[1] < 256 && q[2] < 256 && q[3] < 256;
}

int jcsi_net_host_local(const char *h, size_t n)
{
	static const char *const local_suffix[] = {
		"localhost", ".local", ".lan", ".home", ".internal",
		".localdomain", ".test", ".example", ".invalid", "example.com",
		"example.net", "example.org", "w3.org", NULL};
	unsigned q[4];
	int dot = 0, alpha = 0;

	if (!n)
		return 1;
	if (h[0] == '[') /* IPv6 literals: loopback, link-local, ULA */
		return n < 4 || !strncmp(h, "[::", 3) ||
		       !strncasecmp(h, "[fe80", 5) || !strncasecmp(h, "[fd", 3) ||
		       !strncasecmp(h, "[fc", 3);
	for (size_t i = 0; i < n; i++) {
		char ch = h[i];

		if (ch == '.')
			dot = 1;
		else if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'))
			alpha = 1;
		else if (!(ch >= '0' && ch <= '9') && ch != '-')
			return 1; /* $VAR, %s, {{host}}, <host>: a template */
	}
	if (!dot)
		return 1; /* "router", "gateway": a name on the LAN */
	if (ipv4(h, n, q))
		return q[0] == 127 || q[0] == 10 || q[0] == 0 ||
		       (q[0] == 192 && q[1] == 168) ||
		       (q[0] == 172 && q[1] >= 16 && q[1] < 32) ||
		       (q[0] == 169 && q[1] == 254) || q[0] >= 224;
	if (!alpha)
		return 1; /* "1.2.3": not a host */
	for (size_t i = 0; local_suffix[i]; i++)
		if (ends_with(h, n, local_suffix[i]))
			return 1;
	return 0;
}

int jcsi_net_listen_addr(const char *addr, char *port, size_t cap)
{
	const char *colon = strrchr(addr, ':');
	const char *p = colon ? colon + 1 : addr;
	size_t hn = colon ? (size_t)(colon - addr) : 0;
	size_t n = 0;

	while (p[n] >= '0' && p[n] <= '9')
		n++;
	if (!n && colon) {
		/* "127.0.0.1" alone: a host without port */
		p = "";
	}
	snprintf(port, cap, "%.*s", (int)n, p);
	if (!colon) {
		/* bare port, or a bare host with the default port */
		if (!n || addr[n]) {
			port[0] = '\0';
			hn = strlen(addr);
		}
	}
	if (!hn)
		return 0;
	return !strncmp(addr, "127.", 4) || !strncmp(addr, "[::1]", 5) ||
	       !strncmp(addr, "::1", 3) || !strncasecmp(addr, "localhost", 9);
}

void jcsi_net_strip_comment(char *line)
{
	char q = 0;

	for (char *p = line; *p; p++) {
		if (q) {
			if (*p == q)
				q = 0;
		} else if (*p == '"' || *p == '\'') {
			q = *p;
		} else if (*p == '#' && (p == line || p[-1] == ' ' ||
					 p[-1] == '\t' || p[-1] == ';')) {
			*p = '\0';
			break;
		}
	}
	for (size_t n = strlen(line); n && (line[n - 1] == ' ' ||
					   line[n - 1] == '\t');
	     n--)
		line[n - 1] = '\0';
}

static int cmp_ev(const void *a, const void *b)
{
	return strcmp((*(const struct jcsi_ev *const *)a)->dev,
		      (*(const struct jcsi_ev *const *)b)->dev);
}

void net_each_glob(struct jcsi_scan *s, const struct jcsi_ev *from,
		   const char *pattern, net_file_fn fn, void *user)
{
	const struct jcsi_ev *hit[64];
	size_t n = 0;
	char pat[1024];

	if (pattern[0] == '/') {
		net_copy(pat, sizeof(pat), pattern);
	} else {
		const char *slash = strrchr(from->dev, '/');
		int dn = slash ? (int)(slash - from->dev) : 0;

		snprintf(pat, sizeof(pat), "%.*s/%s", dn, from->dev, pattern);
	}
	for (size_t i = 0; i < jcsi_scan_count(s) && n < 64; i++) {
		const struct jcsi_ev *e = jcsi_scan_entry(s, i);

		if (e->kind == JCSI_EV_FILE && e->container == from->container &&
		    e != from && !fnmatch(pat, e->dev, FNM_PATHNAME))
			hit[n++] = e;
	}
	qsort(hit, n, sizeof(hit[0]), cmp_ev);
	for (size_t i = 0; i < n; i++)
		fn(s, hit[i], user);
}

/* The word that ends right before AT (after blanks) into OUT; returns
   its start. */
static const char *prev_word(const char *line, const char *at, char *out,
			     size_t cap)
{
	const char *e = at, *b;

	while (e > line && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	b = e;
	while (b > line && !strchr(" \t;&|(`", b[-1]))
		b--;
	snprintf(out, cap, "%.*s", (int)(e - b), b);
	return b;
}

static int one_of(const char *w, const char *const set[])
{
	w = net_base(w);
	for (size_t i = 0; set[i]; i++)
		if (!strcmp(w, set[i]))
			return 1;
	return 0;
}

/* "[ -x /usr/sbin/httpd ]", "killall httpd", "start-stop-daemon -K -x
   httpd", "command -v httpd": the command is named, not started */
static int not_a_start(const char *line, const char *at)
{
	static const char *const lookups[] = {"kill", "killall", "pidof",
					      "which", "pgrep", "pkill", "type",
					      NULL};
	static const char *const flags[] = {"-x", "-f", "-e", "-s", "-n",
					    "-v", "-d", NULL};
	static const char *const tests[] = {"[", "[[", "test", "!", "-K",
					    "--stop", "command", NULL};
	char w1[64], w2[64];
	const char *p = prev_word(line, at, w1, sizeof(w1));

	if (one_of(w1, lookups))
		return 1;
	if (!one_of(w1, flags))
		return 0;
	prev_word(line, p, w2, sizeof(w2));
	return one_of(w2, tests);
}

const char *net_started(const char *line, const char *const names[])
{
	const char *at = jcsi_find_command(line, names), *last = NULL;

	while (at) {
		const char *end = at;

		if (!not_a_start(line, at))
			last = at;
		while (*end && !strchr(" \t;&|()`\"'", *end))
			end++;
		at = jcsi_find_command(end, names);
	}
	return last;
}

int net_shell_word(const char **p, char *out, size_t cap)
{
	const char *s = *p;
	size_t n = 0;
	char q = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s || strchr(";&|)`#", *s))
		return 0;
	for (; *s; s++) {
		if (q) {
			if (*s == q) {
				q = 0;
				continue;
			}
		} else if (*s == '"' || *s == '\'') {
			q = *s;
			continue;
		} else if (*s == '\\' && s[1]) {
			s++;
		} else if (strchr(" \t;&|)`", *s)) {
			break;
		}
		if (n + 1 < cap)
			out[n++] = *s;
	}
	out[n] = '\0';
	*p = s;
	return 1;
}

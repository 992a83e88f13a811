/*
 * probe_http.c - check "http": on every service identified as http or
 * https, the admin interface reachable without TLS, a login form over
 * cleartext, pages that change settings served without authentication
 * (the paths of data/probe/http-admin-paths.txt), and the server's
 * version in Server / X-Powered-By.
 *
 * False positives on catch-all servers (200 and the same page for every
 * path) are kept out twice: a page counts only by positive markers
 * (probe_http_page.c), and a page identical to the answer for a path
 * that cannot exist (the canary) is ignored.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/datafile.h"
#include "../core/mem.h"
#include "probe_http.h"

#define MAX_PATHS 256

struct paths {
	char *v[MAX_PATHS];
	size_t n;
};

static jcs_rc add_path(char *line, const char *path, unsigned no, void *user,
		       char *err, size_t errlen)
{
	struct paths *ps = user;
	char *t = line + strcspn(line, " \t");

	*t = '\0';
	if (line[0] != '/' || strchr(line, '#') || strlen(line) > 512) {
		snprintf(err, errlen, "%s:%u: not an absolute path: %s", path,
			 no, line);
		return JCS_E_FORMAT;
	}
	if (ps->n == MAX_PATHS) {
		snprintf(err, errlen, "%s:%u: more than %d paths", path, no,
			 MAX_PATHS);
		return JCS_E_LIMIT;
	}
	ps->v[ps->n] = jcsi_strdup(line);
	if (!ps->v[ps->n])
		return JCS_E_NOMEM;
	ps->n++;
	return JCS_OK;
}

static void paths_free(struct paths *ps)
{
	for (size_t i = 0; i < ps->n; i++)
		jcsi_free(ps->v[i]);
	ps->n = 0;
}

/* What one service showed; each rule is reported once per service. */
struct seen {
	int admin, login;
	const char *canary;     /* body of the canary answer if 200; NULL */
	size_t canary_len;
};

static int is_canary(const struct seen *sn, const struct jcsi_http_reply *r)
{
	return sn->canary && r->body_len == sn->canary_len &&
	       !memcmp(r->body, sn->canary, r->body_len);
}

static void page_kind(const struct jcsi_page *pg, char *out, size_t cap)
{
	if (jcsi_page_is_login(pg))
		snprintf(out, cap, "login form with a password field");
	else if (pg->config)
		snprintf(out, cap, "configuration content (key=value lines)");
	else
		snprintf(out, cap, "settings form with %d field(s)%s",
			 pg->fields, pg->password ? " and a password field" : "");
}

static void judge(struct jcsi_probe *p, const struct jcsi_service *s,
		  int tls, const char *path, const struct jcsi_http_reply *r,
		  int listed, struct seen *sn)
{
	char url[768], kind[96], ev[1024];
	struct jcsi_page pg;
	const char *auth = jcsi_http_header(r, "WWW-Authenticate");
	int v6 = strchr(s->addr, ':') != NULL;

	/* "/" is judged even on a catch-all: its admin page is real */
	if (r->status != 200 || (listed && is_canary(sn, r)))
		return;
	jcsi_page_classify(r->body, r->body_len, &pg);
	if (!pg.password && !jcsi_page_is_settings(&pg))
		return;
	snprintf(url, sizeof(url), "%s://%s%s%s:%u%s", tls ? "https" : "http",
		 v6 ? "[" : "", s->addr, v6 ? "]" : "", (unsigned)s->port,
		 path);
	page_kind(&pg, kind, sizeof(kind));
	snprintf(ev, sizeof(ev), "GET %s -> %d, %s%s", path, r->status, kind,
		 auth || !jcsi_page_is_settings(&pg)
			 ? ""
			 : ", no authentication asked");
	if (!tls && !sn->admin) {
		jcsi_probe_emit(p, "live.http-admin-cleartext", s, url, kind,
				ev);
		sn->admin = 1;
	}
	if (pg.password && !sn->login &&
	    (!tls || !strncmp(pg.action, "http://", 7))) {
		char ev2[1400];

		snprintf(ev2, sizeof(ev2), "%.1023s; form action \"%.255s\"", ev,
			 pg.action);
		jcsi_probe_emit(p, "live.http-login-cleartext", s, url,
				tls ? "form posts to an http:// URL"
				    : "page served over plain HTTP",
				ev2);
		sn->login = 1;
	}
	if (listed && !auth && jcsi_page_is_settings(&pg))
		jcsi_probe_emit(p, "live.http-no-auth", s, url, kind, ev);
}

static void version(struct jcsi_probe *p, const struct jcsi_service *s,
		    const struct jcsi_http_reply *r)
{
	static const char *const hdrs[] = {"Server", "X-Powered-By"};
	char tok[128], subj[64], ev[512];

	for (size_t i = 0; i < 2; i++) {
		const char *v = jcsi_http_header(r, hdrs[i]);

		if (!v || !jcsi_http_version_token(v, tok, sizeof(tok)))
			continue;
		snprintf(subj, sizeof(subj), "%s header", hdrs[i]);
		snprintf(ev, sizeof(ev), "%s: %.400s", hdrs[i], v);
		jcsi_probe_emit(p, "live.http-version-disclosure", s, subj, tok,
				ev);
	}
}

static void one_service(struct jcsi_probe *p, const struct jcsi_service *s,
			const struct paths *ps)
{
	struct jcsi_http_reply root, canary, r;
	struct seen sn = {0, 0, NULL, 0};
	int tls = s->tls || !strcmp(s->name, "https");
	char cpath[64], why[256];

	if (jcsi_http_get(p, s, "/", &root) != JCS_OK) {
		jcsi_http_reply_free(&root);
		snprintf(why, sizeof(why),
			 "%s:%u gave no HTTP answer to GET /", s->addr,
			 (unsigned)s->port);
		jcsi_probe_limitation(p, "http", why);
		return;
	}
	version(p, s, &root);
	/* a path no device has: what a catch-all server answers */
	snprintf(cpath, sizeof(cpath), "/jcstar-canary-%08lx-absent",
		 (unsigned long)time(NULL) ^ 0x5a5a5a5aul);
	if (jcsi_http_get(p, s, cpath, &canary) == JCS_OK &&
	    canary.status == 200) {
		sn.canary = canary.body;
		sn.canary_len = canary.body_len;
	}
	judge(p, s, tls, "/", &root, 0, &sn);
	for (size_t i = 0; i < ps->n; i++) {
		if (jcsi_http_get(p, s, ps->v[i], &r) == JCS_OK)
			judge(p, s, tls, ps->v[i], &r, 1, &sn);
		jcsi_http_reply_free(&r);
	}
	jcsi_http_reply_free(&canary);
	jcsi_http_reply_free(&root);
}

static jcs_rc run(struct jcsi_probe *p)
{
	struct paths ps = {{NULL}, 0};
	char *file, err[512];
	jcs_rc rc;

	file = jcsi_asprintf("%s/probe/http-admin-paths.txt",
			     jcsi_probe_data_dir(p));
	if (!file)
		return JCS_E_NOMEM;
	rc = jcsi_data_lines(file, add_path, &ps, err, sizeof(err));
	jcsi_free(file);
	if (rc != JCS_OK) {
		jcsi_probe_limitation(p, "http", err);
		paths_free(&ps);
		return rc;
	}
	for (size_t i = 0; i < jcsi_probe_count(p); i++) {
		const struct jcsi_service *s = jcsi_probe_service(p, i);
		char what[128];

		if (!s->name || (strcmp(s->name, "http") &&
				 strcmp(s->name, "https")))
			continue;
		if (jcsi_probe_expired(p)) {
			snprintf(what, sizeof(what), "HTTP pages of %s:%u and "
				 "the services after it", s->addr,
				 (unsigned)s->port);
			jcsi_probe_limitation(p, what, "not tested: --max-time "
					      "reached");
			break;
		}
		one_service(p, s, &ps);
	}
	paths_free(&ps);
	return JCS_OK;
}

const struct jcsi_probe_check jcsi_probe_check_http = {
	"http",
	"HTTP admin interfaces, logins and server versions",
	run,
	.tcp = 1,
};

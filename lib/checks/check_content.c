/*
 * check_content.c - the "content" check: private keys, secrets and
 * certificates (rules keys.*, secrets.*, certs.*) found by the content
 * engine (content.h) in ONE pass over the bytes of every regular file.
 *
 * Files are mapped read-only, one at a time per thread, so memory is
 * bounded by the largest file (at most CONTENT_MAX_FILE; larger files are
 * skipped and named as a limitation), not by the tree. Files are shared
 * out to up to CONTENT_THREADS threads (one vectorscan scratch each);
 * their hits are kept per file and turned into findings afterwards in
 * evidence order, so the result does not depend on thread timing.
 * Grouped rules (certs.expired-anchors) become one finding per scan.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../core/mem.h"
#include "check_int.h"
#include "content.h"

#define CONTENT_MAX_FILE (256ull << 20)
#define CONTENT_THREADS 8
#define GROUP_SHOWN 10 /* evidence lines of a grouped finding */

struct job {
	struct jcsi_scan *s;
	const struct jcsi_content *c;
	struct jcsi_chits *out; /* one per evidence entry */
	atomic_size_t next;
	time_t now;
	jcs_rc rc;              /* first failure of a worker */
	pthread_mutex_t lock;
};

static void examine_entry(struct job *j, struct jcsi_cworker *w, size_t i)
{
	const struct jcsi_ev *e = jcsi_scan_entry(j->s, i);
	struct jcsi_chits *out = &j->out[i];
	struct stat st;
	void *map;
	int fd;
	jcs_rc rc;

	if (e->kind != JCSI_EV_FILE || e->size == 0)
		return;
	fd = open(e->disk, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return; /* gone or unreadable: nothing to examine */
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size == 0) {
		close(fd);
		return;
	}
	if ((unsigned long long)st.st_size > CONTENT_MAX_FILE) {
		out->limit = "larger than 256 MiB: not examined";
		close(fd);
		return;
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED) {
		out->limit = "cannot be mapped: not examined";
		return;
	}
	rc = jcsi_content_examine(w, j->s, e, map, (size_t)st.st_size, j->now,
				  out);
	munmap(map, (size_t)st.st_size);
	if (rc != JCS_OK && !out->limit)
		out->limit = jcs_strerror(rc);
}

static void *worker(void *arg)
{
	struct job *j = arg;
	struct jcsi_cworker *w;
	size_t n = jcsi_scan_count(j->s), i;
	jcs_rc rc = jcsi_cworker_new(j->c, &w);

	if (rc != JCS_OK) {
		pthread_mutex_lock(&j->lock);
		j->rc = rc;
		pthread_mutex_unlock(&j->lock);
		return NULL;
	}
	while ((i = atomic_fetch_add(&j->next, 1)) < n)
		examine_entry(j, w, i);
	jcsi_cworker_free(w);
	return NULL;
}

struct group {
	const char *rule;
	size_t count;
	char *first;     /* detail of the first hit */
	char *evidence;  /* first GROUP_SHOWN evidence lines */
	size_t evlen;
};

static void group_add(struct group *g, size_t *ng, const struct jcsi_chit *h)
{
	struct group *t = NULL;

	for (size_t k = 0; k < *ng; k++)
		if (!strcmp(g[k].rule, h->rule))
			t = &g[k];
	if (!t) {
		if (*ng == 4)
			return; /* more grouped rules than the table has */
		t = &g[(*ng)++];
		memset(t, 0, sizeof(*t));
		t->rule = h->rule;
		t->first = jcsi_strdup(h->detail ? h->detail : "");
	}
	if (t->count++ < GROUP_SHOWN && h->evidence) {
		char *ev = t->evidence
				   ? jcsi_asprintf("%s\n%s", t->evidence,
						   h->evidence)
				   : jcsi_strdup(h->evidence);

		if (ev) {
			jcsi_free(t->evidence);
			t->evidence = ev;
		}
	}
}

static void emit_all(struct job *j)
{
	struct group g[4];
	size_t ng = 0, limited = 0, n = jcsi_scan_count(j->s);
	const char *first_limited = NULL, *why = NULL;

	for (size_t i = 0; i < n; i++) {
		const struct jcsi_ev *e = jcsi_scan_entry(j->s, i);
		struct jcsi_chits *h = &j->out[i];

		for (size_t k = 0; k < h->n; k++) {
			if (h->v[k].grouped)
				group_add(g, &ng, &h->v[k]);
			else
				jcsi_emit(j->s, h->v[k].rule, e, h->v[k].line,
					  h->v[k].subject, h->v[k].detail,
					  h->v[k].evidence);
		}
		if (h->limit && !limited++) {
			first_limited = e->dev;
			why = h->limit;
		}
	}
	for (size_t k = 0; k < ng; k++) {
		char count[32];

		snprintf(count, sizeof(count), "%zu", g[k].count);
		if (g[k].count > GROUP_SHOWN) {
			char *ev = jcsi_asprintf("%s\n(and %zu more)",
						 g[k].evidence ? g[k].evidence
							       : "",
						 g[k].count - GROUP_SHOWN);

			if (ev) {
				jcsi_free(g[k].evidence);
				g[k].evidence = ev;
			}
		}
		jcsi_emit(j->s, g[k].rule, NULL, 0, count, g[k].first,
			  g[k].evidence);
		jcsi_free(g[k].first);
		jcsi_free(g[k].evidence);
	}
	if (limited) {
		char what[512];

		snprintf(what, sizeof(what), "keys, secrets and certificates "
			 "in %zu file(s), e.g. %.400s", limited, first_limited);
		jcsi_limitation(j->s, what, why);
	}
}

static jcs_rc run(struct jcsi_scan *s)
{
	struct jcsi_content *c;
	struct job j;
	pthread_t tid[CONTENT_THREADS];
	size_t n = jcsi_scan_count(s), nt = 1, started = 0;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	char err[512];
	jcs_rc rc = jcsi_content_load(jcsi_scan_data_dir(s),
				      jcsi_scan_password_list(s), &c, err,
				      sizeof(err));

	if (rc != JCS_OK) {
		jcsi_limitation(s, "keys, secrets and certificates", err);
		return rc;
	}
	memset(&j, 0, sizeof(j));
	j.s = s;
	j.c = c;
	j.now = time(NULL);
	atomic_init(&j.next, 0);
	pthread_mutex_init(&j.lock, NULL);
	j.out = jcsi_calloc(n ? n : 1, sizeof(*j.out));
	if (!j.out) {
		rc = JCS_E_NOMEM;
		goto out;
	}
	if (cpus > 1 && n >= 64)
		nt = cpus < CONTENT_THREADS ? (size_t)cpus : CONTENT_THREADS;
	/* the calling thread works too; extra threads only when there is
	   enough to share */
	for (size_t t = 1; t < nt; t++)
		if (pthread_create(&tid[started], NULL, worker, &j) == 0)
			started++;
	worker(&j);
	for (size_t t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	rc = j.rc;
	emit_all(&j);
out:
	for (size_t i = 0; j.out && i < n; i++)
		jcsi_chits_clear(&j.out[i]);
	jcsi_free(j.out);
	pthread_mutex_destroy(&j.lock);
	jcsi_content_free(c);
	return rc;
}

const struct jcsi_check jcsi_check_content = {
	"content", "private keys, secrets and certificates", run};

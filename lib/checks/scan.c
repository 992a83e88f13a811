/*
 * scan.c - `jcstar scan`: turn the input into evidence (unpacking an
 * image first, or reading a `jcstar unpack` directory's manifest, or
 * walking a plain extracted root file system), run every check over it,
 * and collect findings and limitations in the result.
 *
 * The manifest matters: the copy on disk never carries setuid bits or
 * device nodes, so modes and owners come from the manifest, not lstat().
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "../assess/catalog.h"
#include "../core/mem.h"
#include "../sbom/identify.h"
#include "check_int.h"
#include "containers.h"
#include "rules.h"
#include "textlines.h"

#define CHECK(name) extern const struct jcsi_check jcsi_check_##name;
#include "check_list.h"
#undef CHECK

const struct jcsi_check *const jcsi_checks[] = {
#define CHECK(name) &jcsi_check_##name,
#include "check_list.h"
#undef CHECK
	NULL,
};

struct jcsi_scan {
	struct jcsi_ev *ev;
	size_t n, cap;
	size_t *order;          /* indices sorted by (container, dev) */
	char **origins;         /* by container id; strings owned */
	size_t norigins;
	struct jcsi_conts *conts; /* the manifest's containers, or NULL */
	struct jcsi_rules *rules;
	struct jcs_result *result;
	const struct jcs_scan_opts *opts;
	const char *data_dir;
	const char *current;    /* check running, for rule ownership */
	char password_list[4096];
	struct jcsi_catalog *catalog; /* requirement ids of findings; NULL */
	char not_run[512];      /* set by the running check: it could not
				   start (jcsi_scan_not_run) */
};

void jcs_scan_opts_default(struct jcs_scan_opts *o)
{
	memset(o, 0, sizeof(*o));
	jcs_unpack_opts_default(&o->unpack);
}

size_t jcsi_scan_count(const struct jcsi_scan *s)
{
	return s->n;
}

const struct jcsi_ev *jcsi_scan_entry(const struct jcsi_scan *s, size_t i)
{
	return i < s->n ? &s->ev[i] : NULL;
}

const char *jcsi_scan_data_dir(const struct jcsi_scan *s)
{
	return s->data_dir;
}

int jcsi_scan_show_secrets(const struct jcsi_scan *s)
{
	return s->opts->show_secrets;
}

const char *jcsi_scan_password_list(const struct jcsi_scan *s)
{
	return s->password_list;
}

static int cmp_key(const struct jcsi_ev *a, uint32_t c, const char *dev)
{
	if (a->container != c)
		return a->container < c ? -1 : 1;
	return strcmp(a->dev, dev);
}

static struct jcsi_scan *sort_ctx;

static int cmp_order(const void *x, const void *y)
{
	const struct jcsi_ev *a = &sort_ctx->ev[*(const size_t *)x];
	const struct jcsi_ev *b = &sort_ctx->ev[*(const size_t *)y];
	int c = cmp_key(a, b->container, b->dev);

	/* equal keys: the later entry supersedes (tar, cpio link sets) */
	if (c == 0)
		return *(const size_t *)x < *(const size_t *)y ? -1 : 1;
	return c;
}

const struct jcsi_ev *jcsi_scan_find(const struct jcsi_scan *s,
				     uint32_t container, const char *dev)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cmp_key(&s->ev[s->order[mid]], container, dev) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* lo: first entry past the key; the one before is the last match */
	if (lo > 0 && cmp_key(&s->ev[s->order[lo - 1]], container, dev) == 0)
		return &s->ev[s->order[lo - 1]];
	return NULL;
}

jcs_rc jcsi_scan_read(const struct jcsi_scan *s, const struct jcsi_ev *e,
		      size_t max, char **buf, size_t *len)
{
	struct stat st;
	char *b;
	size_t got = 0;
	int fd;

	(void)s;
	*buf = NULL;
	*len = 0;
	if (!e || e->kind != JCSI_EV_FILE)
		return JCS_E_ARG;
	fd = open(e->disk, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return JCS_E_IO;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return JCS_E_IO;
	}
	if ((uint64_t)st.st_size > max) {
		close(fd);
		return JCS_E_LIMIT;
	}
	b = jcsi_malloc((size_t)st.st_size + 1);
	if (!b) {
		close(fd);
		return JCS_E_NOMEM;
	}
	while (got < (size_t)st.st_size) {
		ssize_t r = read(fd, b + got, (size_t)st.st_size - got);

		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	b[got] = '\0';
	*buf = b;
	*len = got;
	return JCS_OK;
}

jcs_rc jcsi_scan_lines(struct jcsi_scan *s, const struct jcsi_ev *e,
		       jcsi_line_fn fn, void *user)
{
	char *buf, line[1024];
	size_t len, pos = 0;
	uint64_t no = 0;
	jcs_rc rc = jcsi_scan_read(s, e, 1u << 20, &buf, &len);

	if (rc != JCS_OK)
		return rc;
	while (jcsi_next_line(buf, len, &pos, line, sizeof(line), &no))
		if (line[0] && line[0] != '#' && fn(s, e, no, line, user))
			break;
	jcsi_free(buf);
	return JCS_OK;
}

void jcsi_mask(const struct jcsi_scan *s, const char *secret, char *out,
	       size_t cap)
{
	jcsi_mask_secret(s->opts->show_secrets, secret, out, cap);
}

void jcsi_scan_not_run(struct jcsi_scan *s, const char *why)
{
	snprintf(s->not_run, sizeof(s->not_run), "%s", why);
	jcs_result_add_limitation(s->result, s->current ? s->current : "?",
				  why);
}

const struct jcs_scan_opts *jcsi_scan_options(const struct jcsi_scan *s)
{
	return s->opts;
}

struct jcs_result *jcsi_scan_result(struct jcsi_scan *s)
{
	return s->result;
}

void jcsi_limitation(struct jcsi_scan *s, const char *what, const char *why)
{
	jcs_result_add_limitation(s->result, what, why);
}

/* One finding of RULE; SEV < 0: the rule's severity. */
static void emit(struct jcsi_scan *s, const char *rule, const struct jcsi_ev *e,
		 const char *path, uint64_t line, int sev, const char *subject,
		 const char *detail, const char *evidence)
{
	struct jcsi_rule_hit h = {
		.rule = rule, .severity = sev, .subject = subject,
		.detail = detail, .evidence = evidence,
	};
	char by[128];

	h.location.line = line;
	h.location.path = path;
	if (e) {
		h.location.path = e->dev;
		if (e->container < s->norigins)
			h.location.container = s->origins[e->container];
	}
	snprintf(by, sizeof(by), "check %s", s->current ? s->current : "?");
	jcsi_rule_finding(s->result, s->rules, s->catalog, &h, by);
}

void jcsi_emit(struct jcsi_scan *s, const char *rule, const struct jcsi_ev *e,
	       uint64_t line, const char *subject, const char *detail,
	       const char *evidence)
{
	emit(s, rule, e, NULL, line, -1, subject, detail, evidence);
}

void jcsi_emit_path(struct jcsi_scan *s, const char *rule, const char *path,
		    enum jcs_severity sev, const char *subject,
		    const char *detail, const char *evidence)
{
	emit(s, rule, NULL, path, 0, (int)sev, subject, detail, evidence);
}

void jcsi_observe(struct jcsi_scan *s, const char *id, const struct jcsi_ev *e,
		  uint64_t line, const char *title, const char *evidence)
{
	struct jcs_observation o;

	memset(&o, 0, sizeof(o));
	o.id = id;
	o.title = title;
	o.evidence = evidence;
	o.location.line = line;
	if (e) {
		o.location.path = e->dev;
		if (e->container < s->norigins)
			o.location.container = s->origins[e->container];
	}
	if (jcs_result_add_observation(s->result, &o) != JCS_OK) {
		char what[256];

		snprintf(what, sizeof(what), "observation %s (check %s)", id,
			 s->current ? s->current : "?");
		jcs_result_add_limitation(s->result, what, "malformed id or "
					  "title, or out of memory: dropped");
	}
}

size_t jcsi_scan_containers(const struct jcsi_scan *s)
{
	return jcsi_conts_count(s->conts);
}

const struct jcsi_container *jcsi_scan_container(const struct jcsi_scan *s,
						 size_t i)
{
	return jcsi_conts_get(s->conts, i);
}

/* --- evidence ---------------------------------------------------------- */

static struct jcsi_ev *new_entry(struct jcsi_scan *s)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 1024;
		struct jcsi_ev *v = jcsi_realloc(s->ev, cap * sizeof(*v));

		if (!v)
			return NULL;
		s->ev = v;
		s->cap = cap;
	}
	memset(&s->ev[s->n], 0, sizeof(s->ev[0]));
	return &s->ev[s->n++];
}

static enum jcsi_ev_kind kind_of(const char *k)
{
	if (!strcmp(k, "file"))
		return JCSI_EV_FILE;
	if (!strcmp(k, "dir"))
		return JCSI_EV_DIR;
	if (!strcmp(k, "symlink"))
		return JCSI_EV_SYMLINK;
	return JCSI_EV_OTHER;
}

static jcs_rc set_origin(struct jcsi_scan *s, size_t id, const char *origin)
{
	if (id >= s->norigins) {
		size_t n = id + 1;
		char **o = jcsi_realloc(s->origins, n * sizeof(*o));

		if (!o)
			return JCS_E_NOMEM;
		for (size_t i = s->norigins; i < n; i++)
			o[i] = NULL;
		s->origins = o;
		s->norigins = n;
	}
	jcsi_free(s->origins[id]);
	s->origins[id] = jcsi_strdup(origin);
	return s->origins[id] ? JCS_OK : JCS_E_NOMEM;
}

static jcs_rc load_manifest(struct jcsi_scan *s, const char *dir, char *err,
			    size_t errlen)
{
	char path[4096];
	json_error_t je;
	json_t *m, *files, *conts, *v;
	size_t i;
	jcs_rc rc = JCS_OK;

	snprintf(path, sizeof(path), "%s/manifest.json", dir);
	m = json_load_file(path, 0, &je);
	if (!m) {
		snprintf(err, errlen, "%s:%d: %s", path, je.line, je.text);
		return JCS_E_FORMAT;
	}
	files = json_object_get(m, "files");
	conts = json_object_get(m, "containers");
	{
		json_t *sum = json_object_get(m, "summary");

		if (json_integer_value(json_object_get(sum, "failures")))
			jcs_result_add_limitation(s->result,
						  "parts of the image",
						  "could not be unpacked (see "
						  "the manifest's failures): "
						  "not scanned");
		/* padding (runs of 0x00/0xff) is not a region left unread */
		size_t unread = 0;

		json_array_foreach(json_object_get(m, "unknown_regions"), i,
				   v) {
			const char *c = json_string_value(
				json_object_get(v, "class"));

			if (!c || strncmp(c, "padding", 7))
				unread++;
		}
		if (unread)
			jcs_result_add_limitation(s->result,
						  "unknown regions of the image",
						  "no unpacker recognised them: "
						  "not scanned");
	}
	json_array_foreach(conts, i, v) {
		json_int_t id = json_integer_value(json_object_get(v, "id"));
		const char *o = json_string_value(json_object_get(v, "origin"));

		if (id > 0 && id < (1 << 24) && o) {
			rc = set_origin(s, (size_t)id, o);
			if (rc != JCS_OK)
				goto out;
		}
		rc = jcsi_conts_add(&s->conts, v);
		if (rc != JCS_OK)
			goto out;
	}
	rc = jcsi_conts_index(s->conts);
	if (rc != JCS_OK)
		goto out;
	json_array_foreach(files, i, v) {
		const char *p = json_string_value(json_object_get(v, "path"));
		const char *d = json_string_value(json_object_get(v,
								 "device_path"));
		const char *k = json_string_value(json_object_get(v, "kind"));
		const char *mode = json_string_value(json_object_get(v, "mode"));
		const char *t = json_string_value(json_object_get(v, "type"));
		struct jcsi_ev *e;

		if (!p || !d || !k || !mode)
			continue;
		e = new_entry(s);
		if (!e) {
			rc = JCS_E_NOMEM;
			goto out;
		}
		e->disk = jcsi_asprintf("%s/%s", dir, p);
		e->dev = jcsi_strdup(d);
		e->type = jcsi_strdup(t ? t : "");
		if (!e->disk || !e->dev || !e->type) {
			rc = JCS_E_NOMEM;
			goto out;
		}
		e->kind = json_object_get(v, "hardlink_of") ? JCSI_EV_FILE
							    : kind_of(k);
		e->mode = (uint32_t)strtoul(mode, NULL, 8);
		e->uid = (uint32_t)json_integer_value(json_object_get(v, "uid"));
		e->gid = (uint32_t)json_integer_value(json_object_get(v, "gid"));
		e->size = (uint64_t)json_integer_value(json_object_get(v,
								       "size"));
		e->container = (uint32_t)json_integer_value(
			json_object_get(v, "container"));
		jcsi_conts_file(s->conts, p, s->n - 1);
	}
	/* the evidence array no longer moves */
	jcsi_conts_bind(s->conts, s->ev);
out:
	json_decref(m);
	return rc;
}

/* A plain directory (another tool's extraction, a build's staging root):
   one file system, modes as on disk, never following links. */
static struct jcsi_scan *walk_scan;
static size_t walk_root_len;
static jcs_rc walk_rc;

static int walk_one(const char *fpath, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	struct jcsi_ev *e;

	(void)ftw;
	if (strlen(fpath) <= walk_root_len)
		return 0; /* the root itself */
	e = new_entry(walk_scan);
	if (!e) {
		walk_rc = JCS_E_NOMEM;
		return 1;
	}
	e->disk = jcsi_strdup(fpath);
	e->dev = jcsi_strdup(fpath + walk_root_len);
	e->type = jcsi_strdup("");
	if (!e->disk || !e->dev || !e->type) {
		walk_rc = JCS_E_NOMEM;
		return 1;
	}
	e->kind = S_ISREG(st->st_mode)	 ? JCSI_EV_FILE
		  : S_ISDIR(st->st_mode) ? JCSI_EV_DIR
		  : S_ISLNK(st->st_mode) ? JCSI_EV_SYMLINK
					 : JCSI_EV_OTHER;
	if (flag == FTW_SL || flag == FTW_SLN)
		e->kind = JCSI_EV_SYMLINK;
	e->mode = st->st_mode & 07777;
	e->uid = st->st_uid;
	e->gid = st->st_gid;
	e->size = (uint64_t)st->st_size;
	e->container = 1;
	return 0;
}

static jcs_rc walk_dir(struct jcsi_scan *s, const char *dir)
{
	walk_scan = s;
	walk_root_len = strlen(dir);
	while (walk_root_len > 1 && dir[walk_root_len - 1] == '/')
		walk_root_len--;
	walk_rc = JCS_OK;
	if (nftw(dir, walk_one, 64, FTW_PHYS) < 0 && walk_rc == JCS_OK)
		return JCS_E_IO;
	return walk_rc != JCS_OK ? walk_rc : set_origin(s, 1, dir);
}

static int rm_one(const char *p, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(p) : unlink(p);
}

static void free_scan(struct jcsi_scan *s)
{
	for (size_t i = 0; i < s->n; i++) {
		jcsi_free((char *)s->ev[i].disk);
		jcsi_free((char *)s->ev[i].dev);
		jcsi_free((char *)s->ev[i].type);
	}
	jcsi_free(s->ev);
	jcsi_free(s->order);
	for (size_t i = 0; i < s->norigins; i++)
		jcsi_free(s->origins[i]);
	jcsi_free(s->origins);
	jcsi_conts_free(s->conts);
	jcsi_rules_free(s->rules);
	jcsi_catalog_free(s->catalog);
}

/* Families of issue #3 that no check covers yet: said in every result, so
   a clean report is never mistaken for a clean product. */
static const char *const not_built[] = {
	"network configuration: Apache httpd, GoAhead route.txt redirects, "
	"CoAP, TLS verification switched off inside ELF binaries",
	"software update: update clients inside ELF binaries, update flows "
	"written in Lua or Python or split over several scripts",
	NULL,
};

jcs_rc jcs_scan(const char *input, const struct jcs_scan_opts *o,
		struct jcs_result *r, char *err, size_t errlen)
{
	struct jcsi_scan s;
	struct jcs_scan_opts defaults;
	char tmp[4096] = "", path[4096];
	const char *dir = input;
	struct stat st;
	jcs_rc rc;

	if (!input || !r)
		return JCS_E_ARG;
	if (!o) {
		jcs_scan_opts_default(&defaults);
		o = &defaults;
	}
	memset(&s, 0, sizeof(s));
	s.result = r;
	s.opts = o;
	s.data_dir = jcsi_data_dir(o->data_dir);
	if (o->password_list)
		snprintf(s.password_list, sizeof(s.password_list), "%s",
			 o->password_list);
	else
		snprintf(s.password_list, sizeof(s.password_list),
			 "%s/passwords/iot-default.txt", s.data_dir);
	rc = jcsi_rules_with_catalog(s.data_dir, r, &s.rules, &s.catalog, err,
				     errlen);
	if (rc != JCS_OK)
		goto out;
	if (stat(input, &st) < 0) {
		snprintf(err, errlen, "cannot read %s: %s", input,
			 strerror(errno));
		rc = JCS_E_IO;
		goto out;
	}
	if (S_ISREG(st.st_mode)) {
		struct jcs_unpack_stats us;

		jcs_result_set_input(r, input);
		if (o->keep_dir) {
			dir = o->keep_dir;
		} else {
			const char *t = getenv("TMPDIR");

			snprintf(tmp, sizeof(tmp), "%s/jcstar-scan.XXXXXX",
				 t && *t ? t : "/tmp");
			if (!mkdtemp(tmp)) {
				snprintf(err, errlen, "cannot make a "
					 "temporary directory: %s",
					 strerror(errno));
				tmp[0] = '\0';
				rc = JCS_E_IO;
				goto out;
			}
			dir = tmp;
		}
		rc = jcs_unpack(input, dir, &o->unpack, &us, err, errlen);
		if (rc != JCS_OK)
			goto out;
		rc = load_manifest(&s, dir, err, errlen);
	} else if (S_ISDIR(st.st_mode)) {
		snprintf(path, sizeof(path), "%s/manifest.json", input);
		rc = access(path, R_OK) == 0 ? load_manifest(&s, input, err,
							      errlen)
					     : walk_dir(&s, input);
	} else {
		snprintf(err, errlen, "%s: not a file or directory", input);
		rc = JCS_E_ARG;
	}
	if (rc != JCS_OK)
		goto out;
	s.order = jcsi_malloc((s.n ? s.n : 1) * sizeof(*s.order));
	if (!s.order) {
		rc = JCS_E_NOMEM;
		goto out;
	}
	for (size_t i = 0; i < s.n; i++)
		s.order[i] = i;
	sort_ctx = &s;
	qsort(s.order, s.n, sizeof(*s.order), cmp_order);
	/* components first: `jcstar sbom` (checks_off) wants only them */
	jcsi_identify_result(&s, r);
	if (o->checks_off) {
		/* `jcstar sbom`: components only; a result without findings
		   must not read as a clean product */
		jcs_result_add_limitation(r, "device-end checks",
					  "not run: only software components "
					  "were identified (checks_off)");
		goto out;
	}
	for (size_t i = 0; jcsi_checks[i]; i++) {
		jcs_rc crc;

		s.current = jcsi_checks[i]->name;
		s.not_run[0] = '\0';
		crc = jcsi_checks[i]->run(&s);
		if (crc != JCS_OK)
			jcs_result_add_limitation(r, jcsi_checks[i]->summary,
						  jcs_strerror(crc));
		if (s.not_run[0])
			jcs_result_add_check(r, jcsi_checks[i]->name,
					     "firmware", "not-run", s.not_run);
		else
			jcs_result_add_check(r, jcsi_checks[i]->name,
					     "firmware",
					     crc == JCS_OK ? "ran" : "failed",
					     crc == JCS_OK ? NULL
							   : jcs_strerror(crc));
	}
	for (size_t i = 0; not_built[i]; i++)
		jcs_result_add_limitation(r, not_built[i],
					  "not implemented yet in this "
					  "version");
out:
	if (tmp[0])
		nftw(tmp, rm_one, 64, FTW_DEPTH | FTW_PHYS);
	free_scan(&s);
	jcs_result_finish(r);
	return rc;
}

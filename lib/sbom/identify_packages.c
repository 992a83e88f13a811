/*
 * identify_packages.c - components from package databases and build
 * manifests (identify.h): dpkg (/var/lib/dpkg/status, evidence from
 * info/<pkg>.list), opkg (/usr/lib/opkg/status and info/<pkg>.control,
 * evidence from info/<pkg>.list), apk (/lib/apk/db/installed, evidence
 * from its F:/R: lines), /etc/os-release (Debian, Yocto poky, Buildroot,
 * OpenWrt...), /etc/openwrt_release and the /etc/br-version of old
 * Buildroot releases. Each file system of the image (container) is read
 * on its own, so an A/B pair of root file systems gives both.
 *
 * Names and versions: a package named in data/components/packages.tsv
 * (by its name, or by its dpkg Source:) takes the canonical name and so
 * its CPE; others keep their package name and get no CPE. The version is
 * the upstream one (jcsi_upstream_version: no epoch, no packaging
 * revision, no Debian repack suffix); the purl keeps the full package
 * version, percent-encoded: pkg:deb/debian/libssl3@3.0.15-1~deb12u1?arch=armhf.
 */
#include <stdio.h>
#include <string.h>

#include "../checks/check_int.h"
#include "../core/mem.h"
#include "identify.h"
#include "names.h"
#include "pkgdb.h"

/* A package .list longer than this is not read (dpkg's biggest are a
   few MiB). */
#define LIST_MAX (16u << 20)

enum db_kind { DB_DPKG, DB_OPKG, DB_APK };

struct db {
	struct jcsi_scan *s;
	const struct jcsi_names *names;
	struct jcsi_components *out;
	enum db_kind kind;
	uint32_t container;
	const char *info_dir;   /* where <pkg>.list files are */
	char purl_ns[96];       /* "deb/debian" */
	char **seen;            /* opkg: packages of the status file */
	size_t n_seen;
	jcs_rc rc;
};

/* The distribution ID of CONTAINER's os-release ("" if none). */
static void distro_id(struct jcsi_scan *s, uint32_t container, char *out,
		      size_t cap)
{
	static const char *const paths[] = {"/etc/os-release",
					    "/usr/lib/os-release"};

	out[0] = '\0';
	for (size_t i = 0; i < 2; i++) {
		const struct jcsi_ev *e = jcsi_scan_find(s, container,
							 paths[i]);
		char *buf;
		size_t len;

		if (!e || e->kind != JCSI_EV_FILE ||
		    jcsi_scan_read(s, e, 65536, &buf, &len) != JCS_OK)
			continue;
		jcsi_kv_get(buf, len, "ID", out, cap);
		jcsi_free(buf);
		if (out[0])
			return;
	}
}

/* Whether a file of a package list is worth less as evidence. */
static int minor_file(const char *p)
{
	return !strncmp(p, "/usr/share/", 11) || !strncmp(p, "/etc/", 5);
}

/* The regular file a package list names at P, or NULL. Merged-/usr
   systems (Debian 12) list /lib/x and /bin/x where /lib and /bin are
   links into /usr: the file is then /usr/lib/x (links are not followed). */
static const struct jcsi_ev *list_file(struct db *d, const char *p)
{
	const struct jcsi_ev *f = jcsi_scan_find(d->s, d->container, p);
	char usr[4096];

	if (f && f->kind == JCSI_EV_FILE)
		return f;
	if (strncmp(p, "/lib", 4) && strncmp(p, "/bin/", 5) &&
	    strncmp(p, "/sbin/", 6))
		return NULL;
	snprintf(usr, sizeof(usr), "/usr%s", p);
	f = jcsi_scan_find(d->s, d->container, usr);
	return f && f->kind == JCSI_EV_FILE ? f : NULL;
}

/* Adds the regular files of list PATH that exist in the tree to C:
   executables and libraries first, documentation and configuration
   last, at most JCSI_COMP_FILES_MAX. A missing list is no error. */
static jcs_rc add_list_files(struct db *d, struct jcsi_component *c,
			     const char *path)
{
	const struct jcsi_ev *e = jcsi_scan_find(d->s, d->container, path);
	char *buf;
	size_t len;
	jcs_rc rc;

	if (!e || e->kind != JCSI_EV_FILE)
		return JCS_OK;
	rc = jcsi_scan_read(d->s, e, LIST_MAX, &buf, &len);
	if (rc != JCS_OK)
		return rc == JCS_E_NOMEM ? rc : JCS_OK;
	for (int pass = 0; pass < 2 && rc == JCS_OK; pass++) {
		char *p = buf;

		while (p < buf + len && rc == JCS_OK &&
		       c->n_files < JCSI_COMP_FILES_MAX) {
			char *nl = memchr(p, '\n', (size_t)(buf + len - p));
			const struct jcsi_ev *f;

			if (nl)
				*nl = '\0';
			if (p[0] == '/' && minor_file(p) == pass &&
			    (f = list_file(d, p)))
				rc = jcsi_component_add_file(c, f->dev);
			if (nl)
				*nl = pass == 0 ? '\n' : '\0';
			p = nl ? nl + 1 : buf + len;
		}
	}
	jcsi_free(buf);
	return rc;
}

/* "Debian OpenSSL Team <pkg-openssl-devel@...>" -> the name. */
static char *supplier_of(const char *maintainer)
{
	size_t n = strcspn(maintainer, "<");

	while (n && (maintainer[n - 1] == ' ' || maintainer[n - 1] == '\t'))
		n--;
	return n ? jcsi_strndup(maintainer, n) : NULL;
}

static int seen_opkg(const struct db *d, const char *name)
{
	for (size_t i = 0; i < d->n_seen; i++)
		if (!strcmp(d->seen[i], name))
			return 1;
	return 0;
}

static jcs_rc remember(struct db *d, const char *name)
{
	char **v = jcsi_realloc(d->seen, (d->n_seen + 1) * sizeof(*v));

	if (!v)
		return JCS_E_NOMEM;
	d->seen = v;
	v[d->n_seen] = jcsi_strdup(name);
	if (!v[d->n_seen])
		return JCS_E_NOMEM;
	d->n_seen++;
	return JCS_OK;
}

static jcs_rc add_package(struct db *d, const struct jcsi_pkg *p)
{
	const char *canon = jcsi_names_package(d->names, p->name);
	struct jcsi_component *c;
	char ver[256], path[4096];
	jcs_rc rc;

	if (!canon && p->source)
		canon = jcsi_names_package(d->names, p->source);
	jcsi_upstream_version(p->version, ver, sizeof(ver));
	rc = jcsi_components_add(d->out, canon ? canon : p->name, ver,
				 JCSI_COMP_PACKAGE_DB, JCSI_CONF_HIGH, NULL);
	if (rc != JCS_OK)
		return rc;
	c = &d->out->c[d->out->n - 1];
	if (p->maintainer)
		c->supplier = supplier_of(p->maintainer);
	if (p->license && *p->license && !(c->license = jcsi_strdup(p->license)))
		return JCS_E_NOMEM;
	c->purl = jcsi_purl(d->purl_ns, p->name, p->version, p->arch);
	if (!c->purl)
		return JCS_E_NOMEM;
	rc = jcsi_names_describe(d->names, c);
	if (rc != JCS_OK)
		return rc;
	if (d->kind == DB_APK) {
		for (size_t i = 0; i < p->n_files && rc == JCS_OK &&
				   c->n_files < JCSI_COMP_FILES_MAX; i++) {
			const struct jcsi_ev *f = jcsi_scan_find(
				d->s, d->container, p->files[i]);

			if (f && f->kind == JCSI_EV_FILE)
				rc = jcsi_component_add_file(c, p->files[i]);
		}
		return rc;
	}
	snprintf(path, sizeof(path), "%s/%s.list", d->info_dir, p->name);
	rc = add_list_files(d, c, path);
	if (rc == JCS_OK && d->kind == DB_DPKG && p->arch) {
		/* multi-arch packages: info/libssl3:armhf.list */
		snprintf(path, sizeof(path), "%s/%s:%s.list", d->info_dir,
			 p->name, p->arch);
		rc = add_list_files(d, c, path);
	}
	return rc;
}

static int one_package(const struct jcsi_pkg *p, void *user)
{
	struct db *d = user;

	if (!jcsi_pkg_installed(p->status))
		return 0;
	if (d->kind == DB_OPKG) {
		if (seen_opkg(d, p->name))
			return 0;
		d->rc = remember(d, p->name);
		if (d->rc != JCS_OK)
			return 1;
	}
	d->rc = add_package(d, p);
	return d->rc != JCS_OK;
}

static jcs_rc read_db(struct db *d, const struct jcsi_ev *e)
{
	static const char *const type[] = {"deb", "opkg", "apk"};
	static const char *const dflt[] = {"debian", "openwrt", "alpine"};
	char id[64], *buf;
	size_t len;
	jcs_rc rc;

	distro_id(d->s, d->container, id, sizeof(id));
	/* the namespace is a name: keep it to [a-z0-9._-] */
	for (char *p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      strchr("._-", *p)))
			*p = '-';
	snprintf(d->purl_ns, sizeof(d->purl_ns), "%s/%s", type[d->kind],
		 id[0] ? id : dflt[d->kind]);
	rc = jcsi_scan_read(d->s, e, JCSI_PKGDB_MAX, &buf, &len);
	if (rc != JCS_OK)
		return rc;
	d->rc = JCS_OK;
	rc = d->kind == DB_APK
		     ? jcsi_pkgdb_parse_apk(buf, len, one_package, d)
		     : jcsi_pkgdb_parse_stanzas(buf, len, one_package, d);
	jcsi_free(buf);
	return rc != JCS_OK ? rc : d->rc;
}

/* A manifest component NAME VERSION evidenced by E. */
static jcs_rc add_manifest(struct db *d, const char *name,
			   const char *version, const struct jcsi_ev *e)
{
	char lname[64];
	size_t n = 0;
	jcs_rc rc;

	for (; name[n] && n + 1 < sizeof(lname); n++)
		lname[n] = (char)(name[n] >= 'A' && name[n] <= 'Z'
					  ? name[n] - 'A' + 'a'
					  : name[n]);
	lname[n] = '\0';
	if (!n)
		return JCS_OK;
	rc = jcsi_components_add(d->out, lname, version, JCSI_COMP_MANIFEST,
				 JCSI_CONF_HIGH, e->dev);
	if (rc != JCS_OK)
		return rc;
	return jcsi_names_describe(d->names, &d->out->c[d->out->n - 1]);
}

static jcs_rc read_release(struct db *d, const struct jcsi_ev *e)
{
	char *buf, id[64], ver[128];
	size_t len;
	jcs_rc rc = jcsi_scan_read(d->s, e, 65536, &buf, &len);

	if (rc != JCS_OK)
		return rc;
	if (!strcmp(e->dev, "/etc/openwrt_release")) {
		jcsi_kv_get(buf, len, "DISTRIB_ID", id, sizeof(id));
		jcsi_kv_get(buf, len, "DISTRIB_RELEASE", ver, sizeof(ver));
		/* snapshots have no release: the revision says which */
		if (!ver[0] || !strcmp(ver, "SNAPSHOT"))
			jcsi_kv_get(buf, len, "DISTRIB_REVISION", ver,
				    sizeof(ver));
		rc = add_manifest(d, id[0] ? id : "openwrt", ver, e);
	} else if (!strcmp(e->dev, "/etc/br-version")) {
		/* old Buildroot (before os-release): one line, the version */
		size_t n = strcspn(buf, "\r\n \t");

		snprintf(ver, sizeof(ver), "%.*s", (int)(n < 127 ? n : 127),
			 buf);
		rc = add_manifest(d, "buildroot", ver, e);
	} else {
		jcsi_kv_get(buf, len, "ID", id, sizeof(id));
		/* rolling releases (Debian sid) have no VERSION_ID */
		if (!jcsi_kv_get(buf, len, "VERSION_ID", ver, sizeof(ver)) ||
		    !ver[0])
			jcsi_kv_get(buf, len, "BUILD_ID", ver, sizeof(ver));
		rc = add_manifest(d, id, ver, e);
	}
	jcsi_free(buf);
	return rc;
}

static int is(const struct jcsi_ev *e, const char *dev)
{
	return !strcmp(e->dev, dev);
}

static int opkg_control(const struct jcsi_ev *e)
{
	size_t n = strlen(e->dev);

	return !strncmp(e->dev, "/usr/lib/opkg/info/", 19) && n > 27 &&
	       !strcmp(e->dev + n - 8, ".control") &&
	       !strchr(e->dev + 19, '/');
}

static void db_reset(struct db *d)
{
	for (size_t i = 0; i < d->n_seen; i++)
		jcsi_free(d->seen[i]);
	jcsi_free(d->seen);
	d->seen = NULL;
	d->n_seen = 0;
}

/* One container's opkg: the status file, then info/<pkg>.control files of
   packages the status does not list (OpenWrt's ROM packages). */
static jcs_rc read_opkg(struct db *d, const struct jcsi_ev *status)
{
	jcs_rc rc = JCS_OK;

	d->kind = DB_OPKG;
	d->info_dir = "/usr/lib/opkg/info";
	if (status)
		rc = read_db(d, status);
	for (size_t i = 0; rc == JCS_OK && i < jcsi_scan_count(d->s); i++) {
		const struct jcsi_ev *e = jcsi_scan_entry(d->s, i);

		if (e->container == d->container && e->kind == JCSI_EV_FILE &&
		    opkg_control(e) &&
		    jcsi_scan_find(d->s, e->container, e->dev) == e)
			rc = read_db(d, e);
	}
	db_reset(d);
	return rc;
}

jcs_rc jcsi_identify_packages(struct jcsi_scan *s,
			      struct jcsi_components *out)
{
	struct jcsi_names *names;
	struct db d;
	char err[512];
	jcs_rc rc;

	rc = jcsi_names_load(jcsi_scan_data_dir(s), &names, err, sizeof(err));
	if (rc != JCS_OK) {
		jcsi_limitation(s, "component names (data/components)", err);
		return rc;
	}
	memset(&d, 0, sizeof(d));
	d.s = s;
	d.names = names;
	d.out = out;
	for (size_t i = 0; rc == JCS_OK && i < jcsi_scan_count(s); i++) {
		const struct jcsi_ev *e = jcsi_scan_entry(s, i);
		const struct jcsi_ev *etc;

		/* regular files only, and only the last entry of a path
		   (a later one supersedes, as in tar) */
		if (e->kind != JCSI_EV_FILE ||
		    jcsi_scan_find(s, e->container, e->dev) != e)
			continue;
		d.container = e->container;
		if (is(e, "/var/lib/dpkg/status")) {
			d.kind = DB_DPKG;
			d.info_dir = "/var/lib/dpkg/info";
			rc = read_db(&d, e);
		} else if (is(e, "/lib/apk/db/installed")) {
			d.kind = DB_APK;
			rc = read_db(&d, e);
		} else if (is(e, "/usr/lib/opkg/status")) {
			rc = read_opkg(&d, e);
		} else if (opkg_control(e) &&
			   !((etc = jcsi_scan_find(s, e->container,
						   "/usr/lib/opkg/status")) &&
			     etc->kind == JCSI_EV_FILE)) {
			/* control files without a status: read them all
			   once, at the first */
			size_t k;

			for (k = 0; k < i; k++) {
				const struct jcsi_ev *x = jcsi_scan_entry(s, k);

				if (x->container == e->container &&
				    x->kind == JCSI_EV_FILE && opkg_control(x))
					break;
			}
			if (k == i)
				rc = read_opkg(&d, NULL);
		} else if (is(e, "/etc/os-release") ||
			   is(e, "/etc/openwrt_release") ||
			   is(e, "/etc/br-version")) {
			rc = read_release(&d, e);
		} else if (is(e, "/usr/lib/os-release")) {
			/* /etc/os-release is usually a link to it; read it
			   here unless /etc has a file of its own */
			etc = jcsi_scan_find(s, e->container, "/etc/os-release");
			if (!etc || etc->kind != JCSI_EV_FILE)
				rc = read_release(&d, e);
		}
		if (rc != JCS_OK && rc != JCS_E_NOMEM) {
			/* one unreadable database is a limitation; go on */
			char what[4200];

			snprintf(what, sizeof(what), "package database %s",
				 e->dev);
			jcsi_limitation(s, what, jcs_strerror(rc));
			rc = JCS_OK;
		}
	}
	db_reset(&d);
	jcsi_names_free(names);
	return rc;
}

/*
 * update_config.c - what the configuration of the update clients says
 * about the channel and the signatures: opkg feeds and check_signature,
 * apk repositories and keys, apt's trusted=yes / allow-insecure, Mender's
 * mender.conf, RAUC's keyring, SWUpdate's public key, and whether OpenWrt's
 * sysupgrade insists on a signed image.
 *
 * Decisions, so a stock image stays quiet where it is safe:
 * - apt over http:// is NOT reported as a cleartext channel: apt verifies
 *   the signed InRelease file and every index and package hash chained
 *   from it, so an attacker on the path can only withhold or replay
 *   (bounded by Valid-Until). Switching that off (trusted=yes,
 *   allow-insecure, AllowUnauthenticated) is reported.
 * - apk verifies package signatures against /etc/apk/keys by default; a
 *   cleartext repository is still a cleartext channel (low).
 * - opkg without check_signature is reported only with a cleartext feed:
 *   over https the server is authenticated by TLS.
 * - RAUC bundles are always signed (RAUC refuses to install without a
 *   keyring), so a keyring is positive evidence and its absence is no
 *   finding.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "../core/mem.h"
#include "textlines.h"
#include "update_int.h"

#define OBS "update.signature-verified"

struct upd_facts *upd_facts_of(struct upd_state *st, uint32_t container)
{
	struct upd_facts *f;

	for (size_t i = 0; i < st->nfacts; i++)
		if (st->facts[i].container == container)
			return &st->facts[i];
	if (st->nfacts == st->capfacts) {
		size_t cap = st->capfacts ? st->capfacts * 2 : 4;
		struct upd_facts *v = jcsi_realloc(st->facts, cap * sizeof(*v));

		if (!v)
			return NULL;
		st->facts = v;
		st->capfacts = cap;
	}
	f = &st->facts[st->nfacts++];
	memset(f, 0, sizeof(*f));
	f->container = container;
	return f;
}

/* Is DEV directly inside DIR ("/etc/opkg/")? */
static int in_dir(const char *dev, const char *dir)
{
	size_t n = strlen(dir);

	return !strncmp(dev, dir, n) && dev[n] && !strchr(dev + n, '/');
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !strcmp(s + a - b, suffix);
}

/* "yes", "true", "1", "on" (quotes and a trailing ';' allowed) */
static int truthy(const char *v)
{
	static const char *const yes[] = {"yes", "true", "1", "on", NULL};

	while (*v == ' ' || *v == '\t' || *v == '"' || *v == '\'')
		v++;
	for (size_t i = 0; yes[i]; i++)
		if (!strncasecmp(v, yes[i], strlen(yes[i])) &&
		    strchr(" \t\"';]", v[strlen(yes[i])]))
			return 1;
	return 0;
}

static void emit_url(struct jcsi_scan *s, const char *rule,
		     const struct jcsi_ev *e, uint64_t no, const char *url,
		     const char *line)
{
	char murl[512], mline[1024];

	upd_mask_urls(s, url, murl, sizeof(murl));
	upd_mask_urls(s, line, mline, sizeof(mline));
	jcsi_emit(s, rule, e, no, murl, NULL, mline);
}

/* --- opkg ------------------------------------------------------------------ */

static int opkg_line(struct jcsi_scan *s, const struct jcsi_ev *e,
		     uint64_t no, char *line, void *user)
{
	struct upd_facts *f = user;
	char kw[32], name[128], url[512];

	if (sscanf(line, "%31s %127s %511s", kw, name, url) >= 2 &&
	    !strcmp(kw, "option") && !strcmp(name, "check_signature")) {
		const char *v = line + strcspn(line, " \t");

		v += strspn(v, " \t");
		v += strcspn(v, " \t"); /* past the name: the value, if any */
		if (*v && !truthy(v))
			return 0;
		if (!f->opkg_sig) {
			f->opkg_sig = e;
			f->opkg_sig_line = no;
			snprintf(f->opkg_sig_text, sizeof(f->opkg_sig_text),
				 "%s", line);
		}
		return 0;
	}
	if (sscanf(line, "%31s %127s %511s", kw, name, url) != 3 ||
	    strncmp(kw, "src", 3) || !upd_url_cleartext(url))
		return 0;
	emit_url(s, "update.opkg-cleartext-feed", e, no, url, line);
	if (!f->opkg_clear) {
		f->opkg_clear = e;
		f->opkg_clear_line = no;
		upd_mask_urls(s, line, f->opkg_clear_text,
			      sizeof(f->opkg_clear_text));
	}
	return 0;
}

/* --- apk ------------------------------------------------------------------- */

static int apk_line(struct jcsi_scan *s, const struct jcsi_ev *e,
		    uint64_t no, char *line, void *user)
{
	char url[512];

	(void)user;
	/* "@edge http://..." tags a repository */
	if (upd_find_url(line, url, sizeof(url)) && upd_url_cleartext(url))
		emit_url(s, "update.apk-cleartext-repo", e, no, url, line);
	return 0;
}

/* --- apt ------------------------------------------------------------------- */

/* One-line style: deb [trusted=yes arch=armhf] http://... */
static int apt_list_line(struct jcsi_scan *s, const struct jcsi_ev *e,
			 uint64_t no, char *line, void *user)
{
	const char *open = strchr(line, '['), *close;

	(void)user;
	if (strncmp(line, "deb", 3) || !open || !(close = strchr(open, ']')))
		return 0;
	for (const char *o = open + 1; o < close;) {
		size_t n = strcspn(o, " \t]");

		if ((!strncmp(o, "trusted=", 8) && truthy(o + 8)) ||
		    (!strncmp(o, "allow-insecure=", 15) && truthy(o + 15))) {
			jcsi_emit(s, "update.apt-unauthenticated", e, no,
				  e->dev, NULL, line);
			break;
		}
		o += n;
		o += strspn(o, " \t");
	}
	return 0;
}

/* deb822 (*.sources): "Trusted: yes", "Allow-Insecure: yes"; apt.conf:
   APT::Get::AllowUnauthenticated "true"; and the insecure-repository
   switches. */
static int apt_key_line(struct jcsi_scan *s, const struct jcsi_ev *e,
			uint64_t no, char *line, void *user)
{
	static const char *const keys[] = {
		"Trusted:", "Allow-Insecure:", "APT::Get::AllowUnauthenticated",
		"Acquire::AllowInsecureRepositories",
		"Acquire::AllowDowngradeToInsecureRepositories", NULL};

	(void)user;
	for (size_t i = 0; keys[i]; i++) {
		size_t n = strlen(keys[i]);

		if (!strncasecmp(line, keys[i], n) && truthy(line + n)) {
			jcsi_emit(s, "update.apt-unauthenticated", e, no,
				  e->dev, NULL, line);
			break;
		}
	}
	return 0;
}

/* --- Mender ---------------------------------------------------------------- */

/* Line of the first occurrence of NEEDLE in BUF, 0 if none. */
static uint64_t line_of(const char *buf, const char *needle)
{
	const char *p = strstr(buf, needle);
	uint64_t no = 1;

	if (!p)
		return 0;
	for (const char *q = buf; q < p; q++)
		no += *q == '\n';
	return no;
}

static void mender_url(struct jcsi_scan *s, const struct jcsi_ev *e,
		       const char *buf, const json_t *v)
{
	const char *url = json_string_value(v);
	char needle[600];

	if (!url || !upd_url_cleartext(url))
		return;
	snprintf(needle, sizeof(needle), "\"%s\"", url);
	emit_url(s, "update.mender-cleartext-server", e, line_of(buf, needle),
		 url, url);
}

static void mender(struct jcsi_scan *s, struct upd_facts *f,
		   const struct jcsi_ev *e)
{
	char *buf;
	size_t len, i;
	json_error_t je;
	json_t *j, *v, *srv;
	const char *key = NULL;

	if (jcsi_scan_read(s, e, 1u << 20, &buf, &len) != JCS_OK)
		return;
	j = json_loadb(buf, len, 0, &je);
	if (!json_is_object(j)) {
		char what[700];

		snprintf(what, sizeof(what), "%.600s", e->dev);
		jcsi_limitation(s, what, "not valid JSON: the Mender "
				"configuration was not checked");
		goto out;
	}
	if (!f->mender_conf)
		f->mender_conf = e;
	mender_url(s, e, buf, json_object_get(j, "ServerURL"));
	json_array_foreach(json_object_get(j, "Servers"), i, srv)
		mender_url(s, e, buf, json_object_get(srv, "ServerURL"));
	if (json_is_true(json_object_get(j, "SkipVerify")))
		jcsi_emit(s, "update.mender-skip-verify", e,
			  line_of(buf, "\"SkipVerify\""), e->dev, NULL,
			  "\"SkipVerify\": true");
	v = json_object_get(j, "ArtifactVerifyKey");
	if (json_string_value(v) && *json_string_value(v))
		key = "ArtifactVerifyKey";
	v = json_object_get(j, "ArtifactVerifyKeys");
	if (json_array_size(v))
		key = "ArtifactVerifyKeys";
	if (key) {
		char needle[64], ev[128];

		f->mender_key = 1;
		snprintf(needle, sizeof(needle), "\"%s\"", key);
		snprintf(ev, sizeof(ev), "%s set", key);
		jcsi_observe(s, OBS, e, line_of(buf, needle),
			     "Mender verifies artifact signatures", ev);
	}
out:
	json_decref(j);
	jcsi_free(buf);
}

/* --- RAUC, SWUpdate, sysupgrade -------------------------------------------- */

struct ini {
	int keyring;
};

static int rauc_line(struct jcsi_scan *s, const struct jcsi_ev *e,
		     uint64_t no, char *line, void *user)
{
	struct ini *st = user;

	if (line[0] == '[') {
		st->keyring = !strncmp(line, "[keyring]", 9);
		return 0;
	}
	if (st->keyring && (!strncmp(line, "path", 4) ||
			    !strncmp(line, "directory", 9)) &&
	    strchr(line, '=')) {
		jcsi_observe(s, OBS, e, no,
			     "RAUC verifies bundle signatures against a "
			     "keyring", line);
		return 1;
	}
	return 0;
}

static int swupdate_cfg_line(struct jcsi_scan *s, const struct jcsi_ev *e,
			     uint64_t no, char *line, void *user)
{
	struct upd_facts *f = user;

	if (strncmp(line, "public-key-file", 15))
		return 0;
	f->swupdate_key = 1;
	jcsi_observe(s, OBS, e, no,
		     "SWUpdate verifies image signatures (public key)", line);
	return 1;
}

/* /etc/default/swupdate, conf.d: SWUPDATE_ARGS="... -k /etc/key.pem" */
static int swupdate_env_line(struct jcsi_scan *s, const struct jcsi_ev *e,
			     uint64_t no, char *line, void *user)
{
	struct upd_line *pl = jcsi_malloc(sizeof(*pl));
	struct upd_facts *f = user;
	int found = 0;

	if (!pl)
		return 1;
	/* the value's words, as the init script passes them */
	upd_parse(strchr(line, '=') ? strchr(line, '=') + 1 : line, pl);
	for (size_t c = 0; c < pl->ncmd && !found; c++) {
		const struct upd_cmd *k = &pl->cmd[c];

		found = !strncmp(k->name, "-k", 2) ||
			!strncmp(k->name, "--key", 5);
		for (size_t w = 0; w < k->nwords && !found; w++)
			found = !strncmp(k->words[w], "-k", 2) ||
				!strncmp(k->words[w], "--key", 5);
	}
	jcsi_free(pl);
	if (!found)
		return 0;
	f->swupdate_key = 1;
	jcsi_observe(s, OBS, e, no,
		     "SWUpdate verifies image signatures (public key)", line);
	return 1;
}

static int sysupgrade_line(struct jcsi_scan *s, const struct jcsi_ev *e,
			   uint64_t no, char *line, void *user)
{
	struct upd_facts *f = user;
	const char *l = line;

	(void)s;
	if (!strncmp(l, "export ", 7))
		l += 7;
	if (strncmp(l, "REQUIRE_IMAGE_SIGNATURE=", 24) || !truthy(l + 24))
		return 0;
	f->sysupgrade_sig = e;
	f->sysupgrade_line = no;
	return 1;
}

/* --- dispatch ------------------------------------------------------------- */

int upd_config_file(struct jcsi_scan *s, struct upd_state *st,
		    const struct jcsi_ev *e)
{
	const char *d = e->dev;
	struct upd_facts *f;
	struct ini ini = {0};

	if (e->kind != JCSI_EV_FILE)
		return 0;
	f = upd_facts_of(st, e->container);
	if (!f)
		return 0;
	if (!strcmp(d, "/etc/opkg.conf") ||
	    (in_dir(d, "/etc/opkg/") && ends_with(d, ".conf")))
		jcsi_scan_lines(s, e, opkg_line, f);
	else if (!strcmp(d, "/etc/apk/repositories") ||
		 (in_dir(d, "/etc/apk/repositories.d/") &&
		  ends_with(d, ".list"))) {
		if (!f->apk_repos)
			f->apk_repos = e;
		jcsi_scan_lines(s, e, apk_line, f);
	} else if (in_dir(d, "/etc/apk/keys/")) {
		f->apk_keys++;
	} else if (!strcmp(d, "/etc/apt/sources.list") ||
		   (in_dir(d, "/etc/apt/sources.list.d/") &&
		    ends_with(d, ".list"))) {
		jcsi_scan_lines(s, e, apt_list_line, NULL);
	} else if ((in_dir(d, "/etc/apt/sources.list.d/") &&
		    ends_with(d, ".sources")) ||
		   !strcmp(d, "/etc/apt/apt.conf") ||
		   in_dir(d, "/etc/apt/apt.conf.d/")) {
		jcsi_scan_lines(s, e, apt_key_line, NULL);
	} else if (!strcmp(d, "/etc/mender/mender.conf") ||
		   !strcmp(d, "/data/mender/mender.conf") ||
		   !strcmp(d, "/var/lib/mender/mender.conf")) {
		mender(s, f, e);
	} else if (!strcmp(d, "/etc/rauc/system.conf") ||
		   !strcmp(d, "/usr/lib/rauc/system.conf")) {
		jcsi_scan_lines(s, e, rauc_line, &ini);
	} else if (!strcmp(d, "/etc/swupdate.cfg") ||
		   !strcmp(d, "/etc/swupdate/swupdate.cfg")) {
		if (!f->swupdate_cfg)
			f->swupdate_cfg = e;
		jcsi_scan_lines(s, e, swupdate_cfg_line, f);
	} else if (!strcmp(d, "/etc/default/swupdate") ||
		   in_dir(d, "/etc/swupdate/conf.d/") ||
		   in_dir(d, "/usr/lib/swupdate/conf.d/")) {
		jcsi_scan_lines(s, e, swupdate_env_line, f);
	} else if (!strncmp(d, "/lib/upgrade/", 13)) {
		jcsi_scan_lines(s, e, sysupgrade_line, f);
		return 0; /* also scripts: the flows look at them too */
	} else {
		return 0;
	}
	return 1;
}

void upd_config_finish(struct jcsi_scan *s, struct upd_state *st)
{
	for (size_t i = 0; i < st->nfacts; i++) {
		struct upd_facts *f = &st->facts[i];
		char ev[160];

		if (f->opkg_sig)
			jcsi_observe(s, OBS, f->opkg_sig, f->opkg_sig_line,
				     "opkg verifies package list signatures",
				     f->opkg_sig_text);
		else if (f->opkg_clear)
			jcsi_emit(s, "update.opkg-no-signature", f->opkg_clear,
				  f->opkg_clear_line, f->opkg_clear->dev, NULL,
				  f->opkg_clear_text);
		if (f->apk_repos && f->apk_keys) {
			snprintf(ev, sizeof(ev), "%zu signing key%s in "
				 "/etc/apk/keys", f->apk_keys,
				 f->apk_keys == 1 ? "" : "s");
			jcsi_observe(s, OBS, f->apk_repos, 0,
				     "apk verifies package signatures", ev);
		}
		if (f->mender_conf && !f->mender_key)
			jcsi_emit(s, "update.mender-no-verify-key",
				  f->mender_conf, 0, f->mender_conf->dev, NULL,
				  "no ArtifactVerifyKey");
		/* a script that starts swupdate reports at its line */
		if (f->swupdate_cfg && !f->swupdate_key && !f->swupdate_started)
			jcsi_emit(s, "update.swupdate-no-key", f->swupdate_cfg,
				  0, f->swupdate_cfg->dev, NULL,
				  "no public-key-file");
	}
}

/*
 * probe_tls.c - the "tls" probe check: on every service that speaks TLS,
 * which protocol versions and cipher suites the server accepts (our own
 * ClientHello, tls_hello.c: OpenSSL no longer offers SSLv3, EXPORT or
 * most weak suites, and a device must be asked about exactly those), and
 * the certificate chain (probe_tls_cert.c). A service that upgrades to
 * TLS on request (FTP with AUTH TLS) is asked to first.
 *
 * Versions: one ClientHello per version offering every suite of
 * data/probe/tls-ciphers.tsv; accepted when the ServerHello picks that
 * version. Suites (TLS <= 1.2, per accepted version): offer all, note the
 * one the server picks, offer the rest again, until the server refuses;
 * this is how sslscan and testssl.sh enumerate too.
 */
#include "probe_tls.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "../core/mem.h"
#include "tls_ciphers.h"
#include "tls_hello.h"

/* The versions probed with a ClientHello of their own, oldest first. */
static const uint16_t versions[] = {
	JCSI_TLS_SSL3, JCSI_TLS_10, JCSI_TLS_11, JCSI_TLS_12, JCSI_TLS_13,
};
#define NVERSIONS (sizeof(versions) / sizeof(versions[0]))

struct tls_ctx {
	struct jcsi_probe *p;
	const struct jcsi_service *s;
	const struct jcsi_tls_ciphers *c;
	unsigned accepted;      /* bit i: versions[i] accepted */
	unsigned *suite_vers;   /* per table row: bits of versions */
	int incomplete;         /* a connection failed while enumerating */
};

void jcsi_tls_where(const struct jcsi_service *s, char *buf, size_t len)
{
	const char *a = s->host ? s->host : s->addr;

	if (strchr(a, ':'))
		snprintf(buf, len, "[%s]:%u", a, s->port);
	else
		snprintf(buf, len, "%s:%u", a, s->port);
}

/*
 * Sends one ClientHello and reads the answer into R. -1 if no connection
 * could be made or the hello not sent; a server that closes without a
 * word leaves R->kind JCSI_TLS_NEED_MORE (refused).
 */
static int exchange(struct tls_ctx *t, uint16_t version,
		    const uint16_t *suites, size_t n, struct jcsi_tls_reply *r)
{
	uint8_t hello[JCSI_TLS_HELLO_MAX], buf[16384 + 2048 + 5], rnd[32];
	int tmo = jcsi_probe_timeout_ms(t->p), fd;
	size_t len, got = 0;

	memset(r, 0, sizeof(*r));
	r->kind = JCSI_TLS_NEED_MORE;
	if (RAND_bytes(rnd, sizeof(rnd)) != 1)
		return -1;
	len = jcsi_tls_client_hello(hello, sizeof(hello), version, suites, n,
				    t->s->host, rnd);
	if (!len)
		return -1;
	fd = jcsi_probe_connect_tls(t->p, t->s);
	if (fd < 0)
		return -1;
	if (jcsi_net_write_all(fd, hello, len, tmo)) {
		close(fd);
		return -1;
	}
	while (got < sizeof(buf)) {
		ssize_t k = jcsi_net_read(fd, buf + got, sizeof(buf) - got,
					  tmo);

		if (k <= 0)
			break;
		got += (size_t)k;
		jcsi_tls_parse_reply(buf, got, r);
		if (r->kind != JCSI_TLS_NEED_MORE)
			break;
	}
	close(fd);
	return 0;
}

/* The suites offered with VERSION: the TLS 1.3 ones, or all others. */
static size_t offer_list(const struct jcsi_tls_ciphers *c, uint16_t version,
			 uint16_t *out)
{
	size_t n = 0;
	int want13 = version == JCSI_TLS_13;

	for (size_t i = 0; i < c->n; i++)
		if (!!(c->v[i].flags & JCSI_TLS_ONLY13) == want13)
			out[n++] = c->v[i].code;
	return n;
}

static int probe_versions(struct tls_ctx *t, uint16_t *offer)
{
	int reached = 0;

	for (size_t i = 0; i < NVERSIONS; i++) {
		struct jcsi_tls_reply r;
		size_t n = offer_list(t->c, versions[i], offer);

		if (!n || exchange(t, versions[i], offer, n, &r))
			continue;
		reached = 1;
		if (r.kind == JCSI_TLS_SERVER_HELLO &&
		    r.version == versions[i] &&
		    (!r.retry || versions[i] == JCSI_TLS_13))
			t->accepted |= 1u << i;
	}
	return reached;
}

/* Offers the suites of VERSION, taking away the one chosen each time. */
static void enumerate(struct tls_ctx *t, size_t vi, uint16_t *offer)
{
	size_t n = offer_list(t->c, versions[vi], offer);

	while (n) {
		struct jcsi_tls_reply r;
		size_t k;

		if (exchange(t, versions[vi], offer, n, &r)) {
			t->incomplete = 1;
			return;
		}
		if (r.kind != JCSI_TLS_SERVER_HELLO ||
		    r.version != versions[vi])
			return;
		for (k = 0; k < n && offer[k] != r.suite; k++)
			;
		if (k == n)     /* a suite we did not offer: stop here */
			return;
		for (size_t i = 0; i < t->c->n; i++)
			if (t->c->v[i].code == r.suite)
				t->suite_vers[i] |= 1u << vi;
		memmove(offer + k, offer + k + 1, (n - k - 1) * sizeof(*offer));
		n--;
	}
}

static void append(char *buf, size_t len, const char *sep, const char *s)
{
	size_t have = strlen(buf);

	if (have < len)
		snprintf(buf + have, len - have, "%s%s", have ? sep : "", s);
}

/* The suites with FLAG: names into DETAIL, names and versions into EV.
   Nonzero if there are any. */
static int suites_with(const struct tls_ctx *t, unsigned flag, char *detail,
		       size_t dlen, char *ev, size_t evlen)
{
	int any = 0;

	detail[0] = ev[0] = '\0';
	for (size_t i = 0; i < t->c->n; i++) {
		char line[256], vers[64] = "";

		if (!t->suite_vers[i] || !(t->c->v[i].flags & flag))
			continue;
		for (size_t v = 0; v < NVERSIONS; v++)
			if (t->suite_vers[i] & (1u << v))
				append(vers, sizeof(vers), ", ",
				       jcsi_tls_version_name(versions[v]));
		append(detail, dlen, ", ", t->c->v[i].name);
		snprintf(line, sizeof(line), "%s (0x%04X): %s", t->c->v[i].name,
			 t->c->v[i].code, vers);
		append(ev, evlen, "\n", line);
		any = 1;
	}
	return any;
}

/* The findings of versions[0..2]: SSLv3, TLS 1.0, TLS 1.1. */
static const char *const old_version_rules[] = {
	"live.tls-sslv3", "live.tls-1.0", "live.tls-1.1",
};

static const struct {
	unsigned flag;
	const char *rule;
} suite_rules[] = {
	{JCSI_TLS_WEAK, "live.tls-weak-cipher"},
	{JCSI_TLS_ANON, "live.tls-anon-cipher"},
	{JCSI_TLS_NOFS, "live.tls-no-forward-secrecy"},
};

static void report(struct tls_ctx *t, const char *where)
{
	char detail[1024], ev[4096], acc[128] = "";
	int bad = 0;

	for (size_t i = 0; i < NVERSIONS; i++)
		if (t->accepted & (1u << i))
			append(acc, sizeof(acc), ", ",
			       jcsi_tls_version_name(versions[i]));
	/* the whole picture, also when nothing is wrong (compare_sslscan.sh
	   reads it) */
	snprintf(ev, sizeof(ev), "TLS versions accepted: %s", acc);
	jcsi_probe_observe(t->p, "live.tls-versions", t->s, ev, NULL);
	snprintf(ev, sizeof(ev), "versions accepted: %s", acc);
	for (size_t i = 0; i < sizeof(old_version_rules) /
			       sizeof(old_version_rules[0]); i++)
		if (t->accepted & (1u << i)) {
			jcsi_probe_emit(t->p, old_version_rules[i], t->s, where,
					NULL, ev);
			bad = 1;
		}
	for (size_t r = 0; r < sizeof(suite_rules) / sizeof(suite_rules[0]);
	     r++)
		if (suites_with(t, suite_rules[r].flag, detail, sizeof(detail),
				ev, sizeof(ev))) {
			jcsi_probe_emit(t->p, suite_rules[r].rule, t->s, where,
					detail, ev);
			bad = 1;
		}
	if (t->incomplete) {
		snprintf(ev, sizeof(ev), "TLS cipher suites of %s", where);
		jcsi_probe_limitation(t->p, ev, "a connection failed while "
				      "enumerating: the list may be "
				      "incomplete");
	}
	if (!bad && t->accepted && !t->incomplete) {
		snprintf(ev, sizeof(ev), "versions accepted: %s", acc);
		jcsi_probe_observe(t->p, "live.tls-modern", t->s,
				   "TLS 1.2/1.3 only, with forward-secret "
				   "cipher suites", ev);
	}
}

static void check_service(struct jcsi_probe *p, const struct jcsi_service *s,
			  const struct jcsi_tls_ciphers *c, uint16_t *offer)
{
	struct tls_ctx t = {p, s, c, 0, NULL, 0};
	char where[300], what[340];

	jcsi_tls_where(s, where, sizeof(where));
	t.suite_vers = jcsi_calloc(c->n, sizeof(*t.suite_vers));
	if (!t.suite_vers)
		return;
	if (!probe_versions(&t, offer)) {
		snprintf(what, sizeof(what), "TLS versions of %s", where);
		jcsi_probe_limitation(p, what, "no connection could be made");
	} else if (!t.accepted) {
		snprintf(what, sizeof(what), "TLS versions of %s", where);
		jcsi_probe_limitation(p, what, "the server accepted none of "
				      "our ClientHellos (SSLv3 to TLS 1.3)");
	} else {
		for (size_t i = 0; i < NVERSIONS; i++)
			if (versions[i] != JCSI_TLS_13 &&
			    (t.accepted & (1u << i)))
				enumerate(&t, i, offer);
		report(&t, where);
	}
	jcsi_free(t.suite_vers);
	jcsi_tls_cert_check(p, s);
}

static jcs_rc run(struct jcsi_probe *p)
{
	struct jcsi_tls_ciphers c;
	char path[4096], err[512];
	uint16_t *offer;
	jcs_rc rc;

	snprintf(path, sizeof(path), "%s/probe/tls-ciphers.tsv",
		 jcsi_probe_data_dir(p));
	rc = jcsi_tls_ciphers_load(path, &c, err, sizeof(err));
	if (rc != JCS_OK) {
		jcsi_probe_limitation(p, "TLS", err);
		return rc;
	}
	offer = jcsi_calloc(c.n, sizeof(*offer));
	if (!offer) {
		jcsi_tls_ciphers_free(&c);
		return JCS_E_NOMEM;
	}
	for (size_t i = 0; i < jcsi_probe_count(p); i++) {
		const struct jcsi_service *s = jcsi_probe_service(p, i);

		/* TLS from the start, or after FTP's AUTH TLS */
		if ((s->tls || s->starttls) && !strcmp(s->transport, "tcp"))
			check_service(p, s, &c, offer);
	}
	jcsi_free(offer);
	jcsi_tls_ciphers_free(&c);
	return JCS_OK;
}

const struct jcsi_probe_check jcsi_probe_check_tls = {
	"tls",
	"TLS on every TLS port: protocol versions, cipher suites, certificate "
	"chain",
	run,
	.tcp = 1,
};

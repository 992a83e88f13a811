/*
 * probe_tls_cert.c - the certificate chain a TLS service presents,
 * fetched with OpenSSL (verification off: we judge the chain ourselves,
 * and a device's broken chain is what we came to see): validity period,
 * self-signed leaf, short keys, weak signature hashes, and whether the
 * leaf names the host we were given (DNS name, or IP SAN for an address).
 */
#include "probe_tls.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

/* Non-blocking handshake, at most TIMEOUT_MS in all. */
static int handshake(SSL *ssl, int fd, int timeout_ms)
{
	struct timespec t0, now;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		int r = SSL_connect(ssl), left;

		if (r == 1)
			return 0;
		clock_gettime(CLOCK_MONOTONIC, &now);
		left = timeout_ms - (int)((now.tv_sec - t0.tv_sec) * 1000 +
					  (now.tv_nsec - t0.tv_nsec) / 1000000);
		if (left <= 0 ||
		    jcsi_tls_wait(fd, SSL_get_error(ssl, r), left))
			return -1;
	}
}

static int is_address(const char *s)
{
	unsigned char b[16];

	return inet_pton(AF_INET, s, b) == 1 || inet_pton(AF_INET6, s, b) == 1;
}

static void name_of(X509 *c, char *buf, size_t len)
{
	X509_NAME_oneline(X509_get_subject_name(c), buf, (int)len);
}

static void time_of(const ASN1_TIME *t, char *buf, size_t len)
{
	struct tm tm;

	if (!ASN1_TIME_to_tm(t, &tm) ||
	    !strftime(buf, len, "%Y-%m-%d %H:%M:%S UTC", &tm))
		snprintf(buf, len, "(unreadable time)");
}

static void append(char *buf, size_t len, const char *s)
{
	size_t have = strlen(buf);

	if (have < len)
		snprintf(buf + have, len - have, "%s%s", have ? "\n" : "", s);
}

/* The names a leaf is for: DNS and IP SANs, else the CN. */
static void names_of(X509 *c, char *buf, size_t len)
{
	GENERAL_NAMES *sans = X509_get_ext_d2i(c, NID_subject_alt_name, NULL,
					       NULL);
	int n = sans ? sk_GENERAL_NAME_num(sans) : 0;

	buf[0] = '\0';
	for (int i = 0; i < n; i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(sans, i);
		char one[300];
		size_t have;

		if (g->type == GEN_DNS) {
			const ASN1_IA5STRING *dns = g->d.dNSName;

			snprintf(one, sizeof(one), "DNS:%.*s",
				 ASN1_STRING_length(dns),
				 (const char *)ASN1_STRING_get0_data(dns));
		} else if (g->type == GEN_IPADD) {
			const ASN1_OCTET_STRING *ip = g->d.iPAddress;
			char a[INET6_ADDRSTRLEN] = "?";

			if (ASN1_STRING_length(ip) == 4)
				inet_ntop(AF_INET, ASN1_STRING_get0_data(ip), a,
					  sizeof(a));
			else if (ASN1_STRING_length(ip) == 16)
				inet_ntop(AF_INET6, ASN1_STRING_get0_data(ip),
					  a, sizeof(a));
			snprintf(one, sizeof(one), "IP:%s", a);
		} else {
			continue;
		}
		have = strlen(buf);
		if (have < len)
			snprintf(buf + have, len - have, "%s%s",
				 have ? ", " : "", one);
	}
	GENERAL_NAMES_free(sans);
	if (!buf[0]) {
		char cn[256];

		if (X509_NAME_get_text_by_NID(X509_get_subject_name(c),
					      NID_commonName, cn,
					      sizeof(cn)) > 0)
			snprintf(buf, len, "CN=%s (no subjectAltName)", cn);
		else
			snprintf(buf, len, "no names");
	}
}

static int weak_digest(X509 *c, const char **name)
{
	int md = NID_undef, pk = NID_undef, bits = 0;
	uint32_t flags = 0;

	if (!X509_get_signature_info(c, &md, &pk, &bits, &flags))
		return 0;
	switch (md) {
	case NID_md2:
	case NID_md4:
	case NID_md5:
	case NID_md5_sha1:
	case NID_sha1:
		*name = OBJ_nid2sn(md);
		return 1;
	default:
		return 0;
	}
}

static int short_key(X509 *c, char *what, size_t len)
{
	EVP_PKEY *k = X509_get0_pubkey(c);
	int bits, id;

	if (!k)
		return 0;
	bits = EVP_PKEY_get_bits(k);
	id = EVP_PKEY_get_base_id(k);
	if ((id == EVP_PKEY_RSA || id == EVP_PKEY_RSA_PSS ||
	     id == EVP_PKEY_DSA || id == EVP_PKEY_DH) && bits < 2048) {
		snprintf(what, len, "%s %d bits",
			 id == EVP_PKEY_DSA ? "DSA" : id == EVP_PKEY_DH ? "DH" :
			 "RSA", bits);
		return 1;
	}
	if (id == EVP_PKEY_EC && bits < 224) {
		snprintf(what, len, "EC %d bits", bits);
		return 1;
	}
	return 0;
}

struct cert_findings {
	char expired[2048], shortkey[2048], weaksig[2048];
	char first_expired[512], first_short[512], first_weak[512];
};

static void judge_chain(STACK_OF(X509) *chain, X509 *leaf,
			struct cert_findings *f)
{
	int n = chain ? sk_X509_num(chain) : 0;

	for (int i = 0; i < n; i++) {
		X509 *c = sk_X509_value(chain, i);
		char subj[256], line[800], t[64], what[64];
		const char *md;

		name_of(c, subj, sizeof(subj));
		if (X509_cmp_current_time(X509_get0_notAfter(c)) < 0) {
			time_of(X509_get0_notAfter(c), t, sizeof(t));
			snprintf(line, sizeof(line), "%s: expired %s", subj, t);
			append(f->expired, sizeof(f->expired), line);
			if (!f->first_expired[0])
				snprintf(f->first_expired,
					 sizeof(f->first_expired),
					 "expired %s", t);
		} else if (X509_cmp_current_time(X509_get0_notBefore(c)) > 0) {
			time_of(X509_get0_notBefore(c), t, sizeof(t));
			snprintf(line, sizeof(line), "%s: not valid before %s",
				 subj, t);
			append(f->expired, sizeof(f->expired), line);
			if (!f->first_expired[0])
				snprintf(f->first_expired,
					 sizeof(f->first_expired),
					 "not valid before %s", t);
		}
		if (short_key(c, what, sizeof(what))) {
			snprintf(line, sizeof(line), "%s: %s", subj, what);
			append(f->shortkey, sizeof(f->shortkey), line);
			if (!f->first_short[0])
				snprintf(f->first_short, sizeof(f->first_short),
					 "%s", what);
		}
		/* a root's own signature protects nothing; the leaf's and
		   intermediates' do */
		if ((c == leaf || X509_self_signed(c, 0) != 1) &&
		    weak_digest(c, &md)) {
			snprintf(line, sizeof(line), "%s: signed with %s", subj,
				 md);
			append(f->weaksig, sizeof(f->weaksig), line);
			if (!f->first_weak[0])
				snprintf(f->first_weak, sizeof(f->first_weak),
					 "%s", md);
		}
	}
}

static void judge(struct jcsi_probe *p, const struct jcsi_service *s,
		  const char *where, X509 *leaf, STACK_OF(X509) *chain)
{
	static struct cert_findings zero;
	struct cert_findings f = zero;
	char subj[256], ev[1024], names[700];
	const char *host = s->host ? s->host : s->addr;
	int match;

	judge_chain(chain, leaf, &f);
	name_of(leaf, subj, sizeof(subj));
	if (f.expired[0])
		jcsi_probe_emit(p, "live.cert-expired", s, where,
				f.first_expired, f.expired);
	if (X509_self_signed(leaf, 1) == 1) {
		snprintf(ev, sizeof(ev), "%s: issuer = subject, signed by its "
			 "own key", subj);
		jcsi_probe_emit(p, "live.cert-self-signed", s, where, subj, ev);
	}
	if (f.shortkey[0])
		jcsi_probe_emit(p, "live.cert-short-key", s, where,
				f.first_short, f.shortkey);
	if (f.weaksig[0])
		jcsi_probe_emit(p, "live.cert-weak-signature", s, where,
				f.first_weak, f.weaksig);
	if (is_address(host))
		match = X509_check_ip_asc(leaf, host, 0) == 1;
	else
		match = X509_check_host(leaf, host, 0, 0, NULL) == 1;
	if (!match) {
		names_of(leaf, names, sizeof(names));
		snprintf(ev, sizeof(ev), "%s is for %s; connected to %s", subj,
			 names, host);
		jcsi_probe_emit(p, "live.cert-hostname", s, where, host, ev);
	}
}

int jcsi_tls_cert_check(struct jcsi_probe *p, const struct jcsi_service *s)
{
	const char *host = s->host ? s->host : s->addr;
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	SSL *ssl = NULL;
	char where[300], what[340];
	const char *why = "out of memory";
	int fd = -1, rc = -1;

	jcsi_tls_where(s, where, sizeof(where));
	if (!ctx)
		goto out;
	/* whatever the server still speaks: we judge, not trust */
	SSL_CTX_set_security_level(ctx, 0);
	SSL_CTX_set_min_proto_version(ctx, 0);
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	SSL_CTX_set_options(ctx, SSL_OP_LEGACY_SERVER_CONNECT);
	/* anonymous suites would leave us without a certificate */
	if (!SSL_CTX_set_cipher_list(ctx,
				     "ALL:COMPLEMENTOFALL:!aNULL:@SECLEVEL=0"))
		goto out;
	ssl = SSL_new(ctx);
	if (!ssl)
		goto out;
	if (!is_address(host))
		SSL_set_tlsext_host_name(ssl, host);
	fd = jcsi_probe_connect_tls(p, s);
	why = "no connection could be made (or AUTH TLS refused)";
	if (fd < 0 || !SSL_set_fd(ssl, fd))
		goto out;
	why = "no TLS handshake OpenSSL can complete (SSLv3-only, or only "
	      "suites this OpenSSL build lacks)";
	if (handshake(ssl, fd, jcsi_probe_timeout_ms(p)))
		goto out;
	why = "the server sent no certificate";
	if (!SSL_get0_peer_certificate(ssl))
		goto out;
	judge(p, s, where, SSL_get0_peer_certificate(ssl),
	      SSL_get_peer_cert_chain(ssl));
	rc = 0;
out:
	if (rc) {
		snprintf(what, sizeof(what), "TLS certificate of %s", where);
		jcsi_probe_limitation(p, what, why);
	}
	ERR_clear_error();
	SSL_free(ssl);
	if (fd >= 0)
		close(fd);
	SSL_CTX_free(ctx);
	return rc;
}

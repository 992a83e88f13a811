/*
 * content_certs.c - X.509 certificates (family "certs" of the content
 * engine, data/patterns/certs.tsv; rules certs.*), PEM and DER, in any
 * file, also inside binaries. Each candidate must parse with OpenSSL
 * (PEM_read_bio + d2i_X509, or d2i_X509 over the DER element, consumed
 * exactly); then it is judged at the scan's time:
 *
 *   expired / not yet valid          certs.expired, certs.not-yet-valid
 *   self-signed leaf                 certs.self-signed
 *   RSA/DSA < 2048 bits, EC < 224    certs.short-key
 *   MD5/SHA-1 (MD2, MD4) signature   certs.weak-signature
 *
 * A trust anchor is a self-signed CA certificate (basicConstraints
 * CA:TRUE) in a trust store (data/patterns/trust-stores.txt: CA bundles,
 * /etc/ssl/certs, /usr/share/ca-certificates), or elsewhere one whose
 * keyUsage allows signing certificates and that names no host (no
 * subjectAltName, no dotted CN): the roots of a CA bundle. Its own signature proves nothing, so it is not judged for its
 * signature hash nor as a self-signed leaf; an expired anchor is one hit
 * of a grouped rule (certs.expired-anchors: one info finding for the whole
 * scan), so a bundle never floods the report. A self-signed certificate
 * made with `openssl req -x509` (CA:TRUE but no keyUsage) outside a trust
 * store is a device's own server certificate, not an anchor, and is
 * reported; one inside a trust store (a device certificate copied into
 * /etc/ssl/certs) is not: a limit of this rule.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "content.h"

enum { M_PEM, M_DER };
static const char *const modes[] = {"pem", "der", NULL};

static void day(const ASN1_TIME *t, char out[16])
{
	struct tm tm;

	if (!t || !ASN1_TIME_to_tm(t, &tm) ||
	    !strftime(out, 16, "%Y-%m-%d", &tm))
		snprintf(out, 16, "?");
}

/* Common name, or the whole name when it has none. */
static void short_name(const X509_NAME *n, char *out, int cap)
{
	if (X509_NAME_get_text_by_NID((X509_NAME *)n, NID_commonName, out,
				      cap) <= 0 &&
	    !X509_NAME_oneline(n, out, cap))
		snprintf(out, (size_t)cap, "?");
	for (char *p = out; *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
			*p = '?';
}

/* A subject CN naming a host ("192.168.1.1", "cam.example.com"): roots
   are named by their owners, with blanks ("ISRG Root X1"). */
static int host_name(X509 *x)
{
	char cn[256];

	if (X509_NAME_get_text_by_NID(X509_get_subject_name(x),
				      NID_commonName, cn, sizeof(cn)) <= 0)
		return 0;
	return !strchr(cn, ' ') && (strchr(cn, '.') || strchr(cn, ':'));
}

static int is_anchor(const struct jcsi_cfile *f, X509 *x)
{
	uint32_t fl = X509_get_extension_flags(x);
	int san = X509_get_ext_by_NID(x, NID_subject_alt_name, -1) >= 0;

	if (!(fl & EXFLAG_SS) || X509_check_ca(x) != 1)
		return 0;
	/* a trust store holds anchors, whatever their extensions (old
	   roots such as Go Daddy Class 2 have no keyUsage, some carry an
	   e-mail subjectAltName) */
	if (jcsi_content_trust_store(f->c, f->e->dev))
		return 1;
	return (fl & EXFLAG_KUSAGE) &&
	       (X509_get_key_usage(x) & KU_KEY_CERT_SIGN) && !san &&
	       !host_name(x);
}

/* Key type and size; *SHORT set when below the limits of categories.md. */
static void key_info(X509 *x, char *out, size_t cap, int *is_short)
{
	EVP_PKEY *k = X509_get0_pubkey(x);
	int bits = k ? EVP_PKEY_get_bits(k) : 0;
	int id = k ? EVP_PKEY_get_base_id(k) : 0;
	const char *name = k ? EVP_PKEY_get0_type_name(k) : NULL;

	*is_short = ((id == EVP_PKEY_RSA || id == EVP_PKEY_RSA_PSS ||
		      id == EVP_PKEY_DSA) && bits < 2048) ||
		    (id == EVP_PKEY_EC && bits < 224);
	snprintf(out, cap, "%s %d-bit", name ? name : "unknown key", bits);
}

static int weak_hash(X509 *x)
{
	int md = NID_undef, pk = NID_undef;

	if (!OBJ_find_sigid_algs(X509_get_signature_nid(x), &md, &pk))
		return 0;
	return md == NID_md5 || md == NID_sha1 || md == NID_md4 ||
	       md == NID_md2 || md == NID_md5_sha1;
}

static void judge(struct jcsi_cfile *f, unsigned fam, X509 *x, size_t from,
		  size_t to, const char *enc)
{
	char subj[256], iss[256], cn[128], nb[16], na[16], key[64];
	char where[64], fp[2 * EVP_MAX_MD_SIZE + 1] = "", ev[1024], det[256];
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0;
	int is_short, anchor = is_anchor(f, x), ss;
	int sig = X509_get_signature_nid(x);
	time_t now = f->now;

	jcsi_cfile_claim(f, fam, from, to);
	if (!X509_NAME_oneline(X509_get_subject_name(x), subj, sizeof(subj)))
		snprintf(subj, sizeof(subj), "?");
	if (!X509_NAME_oneline(X509_get_issuer_name(x), iss, sizeof(iss)))
		snprintf(iss, sizeof(iss), "?");
	short_name(X509_get_subject_name(x), cn, sizeof(cn));
	day(X509_get0_notBefore(x), nb);
	day(X509_get0_notAfter(x), na);
	key_info(x, key, sizeof(key), &is_short);
	if (X509_digest(x, EVP_sha256(), md, &mdlen))
		for (unsigned i = 0; i < mdlen; i++)
			snprintf(fp + 2 * i, 3, "%02x", md[i]);
	jcsi_cfile_where(f, from, where, sizeof(where));
	snprintf(ev, sizeof(ev), "subject=%s; issuer=%s; notBefore=%s; "
		 "notAfter=%s; %s; %s; sha256=%s; %s, %s", subj, iss, nb, na,
		 key, OBJ_nid2ln(sig), fp, enc, where);
	for (char *p = ev; *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
			*p = '?';
	ss = (X509_get_extension_flags(x) & EXFLAG_SS) != 0;
	if (X509_cmp_time(X509_get0_notAfter(x), &now) < 0) {
		snprintf(det, sizeof(det), "%s, expired %s", cn, na);
		if (anchor) {
			char line[512];

			snprintf(line, sizeof(line), "%s: %s, expired %s",
				 f->e->dev, cn, na);
			jcsi_cfile_hit(f, "certs.expired-anchors", from, NULL,
				       f->e->dev, line, 1);
		} else {
			jcsi_cfile_hit(f, "certs.expired", from, f->e->dev,
				       det, ev, 0);
		}
	} else if (X509_cmp_time(X509_get0_notBefore(x), &now) > 0) {
		snprintf(det, sizeof(det), "%s, valid from %s", cn, nb);
		jcsi_cfile_hit(f, "certs.not-yet-valid", from, f->e->dev, det,
			       ev, 0);
	}
	if (ss && !anchor) {
		snprintf(det, sizeof(det), "%s", cn);
		jcsi_cfile_hit(f, "certs.self-signed", from, f->e->dev, det,
			       ev, 0);
	}
	if (is_short) {
		snprintf(det, sizeof(det), "%s, %s", cn, key);
		jcsi_cfile_hit(f, "certs.short-key", from, f->e->dev, det, ev,
			       0);
	}
	if (!anchor && weak_hash(x)) {
		snprintf(det, sizeof(det), "%s, %s", cn, OBJ_nid2ln(sig));
		jcsi_cfile_hit(f, "certs.weak-signature", from, f->e->dev, det,
			       ev, 0);
	}
}

static void pem(struct jcsi_cfile *f, unsigned fam, size_t from)
{
	size_t end;
	BIO *bio;
	char *name = NULL, *header = NULL;
	unsigned char *der = NULL;
	long dlen = 0;

	if (!jcsi_cfile_pem_extent(f, from, &end))
		return;
	bio = BIO_new_mem_buf(f->data + from, (int)(end - from));
	if (bio && PEM_read_bio(bio, &name, &header, &der, &dlen) &&
	    dlen > 0) {
		const unsigned char *p = der;
		X509 *x = !strcmp(name, "TRUSTED CERTIFICATE")
				  ? d2i_X509_AUX(NULL, &p, dlen)
				  : d2i_X509(NULL, &p, dlen);

		if (x)
			judge(f, fam, x, from, end, "PEM");
		X509_free(x);
	}
	OPENSSL_free(name);
	OPENSSL_free(header);
	OPENSSL_free(der);
	BIO_free(bio);
	ERR_clear_error();
}

static void der(struct jcsi_cfile *f, unsigned fam, size_t from)
{
	size_t n = jcsi_cfile_der_extent(f, from);
	const unsigned char *p = f->data + from;
	X509 *x;

	if (!n)
		return;
	x = d2i_X509(NULL, &p, (long)n);
	if (x && p == f->data + from + n)
		judge(f, fam, x, from, from + n, "DER");
	X509_free(x);
	ERR_clear_error();
}

static void match(struct jcsi_cfile *f, const struct jcsi_cpattern *p,
		  size_t from, size_t to)
{
	(void)to;
	if (jcsi_cfile_claimed(f, p->family_no, from))
		return;
	if (p->mode == M_PEM)
		pem(f, p->family_no, from);
	else
		der(f, p->family_no, from);
}

const struct jcsi_cfamily jcsi_cfamily_certs = {
	"certs", modes, 1u << M_PEM | 1u << M_DER, match};

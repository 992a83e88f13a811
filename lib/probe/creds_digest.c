/*
 * creds_digest.c - HTTP Digest access authentication, client side
 * (RFC 7616: MD5 and SHA-256, their -sess forms, qop=auth), and Base64
 * for Basic (RFC 7617). Pure; the hashes come from OpenSSL.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>

#include "lib/probe/creds_text.h"

/* H(a ":" b [":" c ...]) in lowercase hex; PARTS NULL-terminated. */
static int digest_h(const EVP_MD *md, const char *const *parts, char *out,
		    size_t outlen)
{
	unsigned char h[EVP_MAX_MD_SIZE];
	unsigned int hl = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int ok = ctx && EVP_DigestInit_ex(ctx, md, NULL);

	for (size_t i = 0; ok && parts[i]; i++) {
		if (i)
			ok = EVP_DigestUpdate(ctx, ":", 1);
		if (ok)
			ok = EVP_DigestUpdate(ctx, parts[i], strlen(parts[i]));
	}
	if (ok)
		ok = EVP_DigestFinal_ex(ctx, h, &hl);
	EVP_MD_CTX_free(ctx);
	if (!ok || outlen < 2 * (size_t)hl + 1)
		return -1;
	for (unsigned int i = 0; i < hl; i++)
		snprintf(out + 2 * i, 3, "%02x", h[i]);
	return 0;
}

/* The hash of ALG and whether it is a -sess form; NULL if unknown. */
static const EVP_MD *digest_md(const char *alg, int *sess)
{
	*sess = 0;
	if (!strcasecmp(alg, "MD5") || !*alg)
		return EVP_md5();
	if (!strcasecmp(alg, "SHA-256"))
		return EVP_sha256();
	*sess = 1;
	if (!strcasecmp(alg, "MD5-sess"))
		return EVP_md5();
	if (!strcasecmp(alg, "SHA-256-sess"))
		return EVP_sha256();
	return NULL;
}

int jcsi_digest_response(const struct jcsi_digest_chal *c, const char *user,
			 const char *pass, const char *method,
			 const char *uri, const char *nc,
			 const char *cnonce, char *out, size_t outlen)
{
	int sess;
	const EVP_MD *md = digest_md(c->algorithm, &sess);
	char ha1[EVP_MAX_MD_SIZE * 2 + 1], ha2[EVP_MAX_MD_SIZE * 2 + 1];

	if (!md)
		return -1;
	const char *p1[] = { user, c->realm, pass, NULL };

	if (digest_h(md, p1, ha1, sizeof(ha1)) < 0)
		return -1;
	if (sess) {
		char base[sizeof(ha1)];
		const char *ps[] = { base, c->nonce, cnonce, NULL };

		memcpy(base, ha1, sizeof(base));
		if (digest_h(md, ps, ha1, sizeof(ha1)) < 0)
			return -1;
	}
	const char *p2[] = { method, uri, NULL };

	if (digest_h(md, p2, ha2, sizeof(ha2)) < 0)
		return -1;
	if (c->qop_auth) {
		const char *p3[] = { ha1, c->nonce, nc, cnonce, "auth", ha2,
				     NULL };
		return digest_h(md, p3, out, outlen);
	}
	/* RFC 2069 compatibility: no qop */
	const char *p3[] = { ha1, c->nonce, ha2, NULL };

	return digest_h(md, p3, out, outlen);
}

int jcsi_digest_header(const struct jcsi_digest_chal *c, const char *user,
		       const char *pass, const char *method, const char *uri,
		       const char *cnonce, char *out, size_t outlen)
{
	char resp[EVP_MAX_MD_SIZE * 2 + 1];
	const char *nc = "00000001";
	int n;

	/* user names with a quote or backslash would need RFC 7616
	   username* encoding; no default user name has one */
	if (strpbrk(user, "\"\\"))
		return -1;
	if (jcsi_digest_response(c, user, pass, method, uri, nc, cnonce, resp,
				 sizeof(resp)) < 0)
		return -1;
	if (c->qop_auth)
		n = snprintf(out, outlen,
			     "Digest username=\"%s\", realm=\"%s\", "
			     "nonce=\"%s\", uri=\"%s\", algorithm=%s, "
			     "response=\"%s\", qop=auth, nc=%s, "
			     "cnonce=\"%s\"%s%s%s",
			     user, c->realm, c->nonce, uri, c->algorithm, resp,
			     nc, cnonce, c->opaque[0] ? ", opaque=\"" : "",
			     c->opaque, c->opaque[0] ? "\"" : "");
	else
		n = snprintf(out, outlen,
			     "Digest username=\"%s\", realm=\"%s\", "
			     "nonce=\"%s\", uri=\"%s\", algorithm=%s, "
			     "response=\"%s\"%s%s%s",
			     user, c->realm, c->nonce, uri, c->algorithm, resp,
			     c->opaque[0] ? ", opaque=\"" : "", c->opaque,
			     c->opaque[0] ? "\"" : "");
	return n < 0 || (size_t)n >= outlen ? -1 : 0;
}

int jcsi_base64(const void *in, size_t len, char *out, size_t outlen)
{
	static const char tab[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *p = in;
	size_t o = 0;

	if (outlen < (len + 2) / 3 * 4 + 1)
		return -1;
	for (size_t i = 0; i < len; i += 3) {
		unsigned v = (unsigned)p[i] << 16;

		if (i + 1 < len)
			v |= (unsigned)p[i + 1] << 8;
		if (i + 2 < len)
			v |= p[i + 2];
		out[o++] = tab[(v >> 18) & 63];
		out[o++] = tab[(v >> 12) & 63];
		out[o++] = i + 1 < len ? tab[(v >> 6) & 63] : '=';
		out[o++] = i + 2 < len ? tab[v & 63] : '=';
	}
	out[o] = '\0';
	return 0;
}

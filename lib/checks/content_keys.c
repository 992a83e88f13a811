/*
 * content_keys.c - private keys (family "keys" of the content engine,
 * data/patterns/keys.tsv; rules keys.*, category hardcoded-private-key).
 *
 * A match is only a candidate: it becomes a finding when the key is really
 * there, so the "-----BEGIN RSA PRIVATE KEY-----" string inside a tool's
 * binary, a truncated example or random bytes that look like a DER header
 * are not reported:
 *   pem    the block is decoded (PEM_read_bio); "ENCRYPTED PRIVATE KEY"
 *          must hold a PKCS#8 EncryptedPrivateKeyInfo, a traditional block
 *          with "Proc-Type: 4,ENCRYPTED" a body; others must parse as a key
 *          (d2i_AutoPrivateKey), and OpenSSH keys must have the
 *          openssh-key-v1 structure (parsed here: cipher, key type).
 *          Encrypted keys are reported as encrypted, never decrypted.
 *          A block inside a JSON or C string ("\n" escapes: a Google
 *          service account key file) is read unescaped.
 *   der    the DER element (its length from its header, within the file)
 *          must parse as a key and be consumed exactly.
 *   putty  "PuTTY-User-Key-File-N: ALG" followed by "Encryption:" and a
 *          "Private-Lines:" section.
 * Evidence: key type and size, encoding, where (line or byte offset);
 * never key material. A structure inside a key already reported (the SEC1
 * key inside a PKCS#8 one) is not reported again.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "../core/mem.h"
#include "content.h"

enum { M_PEM, M_DER, M_PUTTY };
static const char *const modes[] = {"pem", "der", "putty", NULL};

/* "RSA 2048-bit, PEM" */
static void key_desc(EVP_PKEY *k, const char *enc, char *out, size_t cap)
{
	const char *name = EVP_PKEY_get0_type_name(k);

	snprintf(out, cap, "%s %d-bit, %s", name ? name : "unknown",
		 EVP_PKEY_get_bits(k), enc);
}

static void report(struct jcsi_cfile *f, unsigned fam, size_t from,
		   size_t to, int encrypted, const char *desc)
{
	char where[64], ev[256];

	jcsi_cfile_where(f, from, where, sizeof(where));
	snprintf(ev, sizeof(ev), "%s, %s", desc, where);
	jcsi_cfile_hit(f, encrypted ? "keys.encrypted-private-key"
				    : "keys.private-key",
		       from, f->e->dev, desc, ev, 0);
	jcsi_cfile_claim(f, fam, from, to);
}

/* --- OpenSSH (openssh-key-v1, PROTOCOL.key) ---------------------------------- */

struct rd {
	const unsigned char *p;
	size_t n;
};

static int rd_u32(struct rd *r, size_t *v)
{
	if (r->n < 4)
		return -1;
	*v = (size_t)r->p[0] << 24 | (size_t)r->p[1] << 16 |
	     (size_t)r->p[2] << 8 | r->p[3];
	r->p += 4;
	r->n -= 4;
	return 0;
}

static int rd_str(struct rd *r, struct rd *s)
{
	size_t n;

	if (rd_u32(r, &n) < 0 || n > r->n)
		return -1;
	s->p = r->p;
	s->n = n;
	r->p += n;
	r->n -= n;
	return 0;
}

/* 1: a key (DESC, *ENC set), 0: not the openssh-key-v1 structure */
static int openssh_key(const unsigned char *d, size_t n, char *desc,
		       size_t cap, int *enc)
{
	static const char magic[] = "openssh-key-v1";
	struct rd r = {d, n}, cipher, kdf, opts, pub, type;
	size_t nkeys;

	if (n < sizeof(magic) || memcmp(d, magic, sizeof(magic)))
		return 0;
	r.p += sizeof(magic);
	r.n -= sizeof(magic);
	if (rd_str(&r, &cipher) < 0 || rd_str(&r, &kdf) < 0 ||
	    rd_str(&r, &opts) < 0 || rd_u32(&r, &nkeys) < 0 || nkeys < 1 ||
	    rd_str(&r, &pub) < 0 || rd_str(&pub, &type) < 0 ||
	    type.n == 0 || type.n > 64 || cipher.n > 64)
		return 0;
	*enc = !(cipher.n == 4 && !memcmp(cipher.p, "none", 4));
	snprintf(desc, cap, "OpenSSH %.*s key%s%.*s", (int)type.n,
		 (const char *)type.p, *enc ? ", encrypted with " : "",
		 *enc ? (int)cipher.n : 0, (const char *)cipher.p);
	for (char *q = desc; *q; q++)
		if ((unsigned char)*q < 0x20 || (unsigned char)*q > 0x7e)
			*q = '?';
	if (type.n == 7 && !memcmp(type.p, "ssh-rsa", 7)) {
		struct rd e, mod;
		size_t bits;

		if (rd_str(&pub, &e) == 0 && rd_str(&pub, &mod) == 0) {
			while (mod.n && mod.p[0] == 0) {
				mod.p++;
				mod.n--;
			}
			bits = mod.n * 8;
			snprintf(desc + strlen(desc), cap - strlen(desc),
				 " (%zu-bit)", bits);
		}
	}
	return 1;
}

/* --- PEM ------------------------------------------------------------------------ */

/*
 * A memory BIO over the PEM block [FROM, END). A block written into a
 * JSON or C string ("-----BEGIN PRIVATE KEY-----\\nMIIE...", as in a
 * Google service account key file) has its "\\n" escapes turned into
 * newlines in a copy (*COPY, to be freed).
 */
static BIO *pem_bio(const struct jcsi_cfile *f, size_t from, size_t end,
		    char **copy)
{
	const unsigned char *d = f->data + from;
	size_t n = end - from, k = 0;
	char *c;

	*copy = NULL;
	if (!memmem(d, n, "\\n", 2))
		return BIO_new_mem_buf(d, (int)n);
	c = jcsi_malloc(n);
	if (!c)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (d[i] == '\\' && i + 1 < n && d[i + 1] == 'n') {
			c[k++] = '\n';
			i++;
		} else {
			c[k++] = (char)d[i];
		}
	}
	*copy = c;
	return BIO_new_mem_buf(c, (int)k);
}

static void pem(struct jcsi_cfile *f, unsigned fam, size_t from)
{
	size_t end;
	BIO *bio;
	char *name = NULL, *header = NULL, desc[160];
	unsigned char *der = NULL;
	long dlen = 0;
	int enc = 0, ok = 0;
	char *unescaped = NULL;

	if (!jcsi_cfile_pem_extent(f, from, &end))
		return;
	bio = pem_bio(f, from, end, &unescaped);
	if (!bio) {
		jcsi_free(unescaped);
		return;
	}
	if (!PEM_read_bio(bio, &name, &header, &der, &dlen) || dlen <= 0)
		goto out;
	if (!strcmp(name, "OPENSSH PRIVATE KEY")) {
		ok = openssh_key(der, (size_t)dlen, desc, sizeof(desc), &enc);
	} else if (!strcmp(name, "ENCRYPTED PRIVATE KEY")) {
		const unsigned char *p = der;
		X509_SIG *sig = d2i_X509_SIG(NULL, &p, dlen);

		ok = sig != NULL;
		enc = 1;
		X509_SIG_free(sig);
		snprintf(desc, sizeof(desc), "PKCS#8, encrypted, PEM");
	} else if (header && strstr(header, "ENCRYPTED") &&
		   strstr(header, "DEK-Info:")) {
		/* traditional OpenSSL encryption: the type is in the label */
		ok = enc = 1;
		snprintf(desc, sizeof(desc), "%.*s, encrypted, PEM",
			 (int)(strlen(name) > 12 ? strlen(name) - 12 : 0),
			 name); /* "RSA PRIVATE KEY" -> "RSA" */
		if (desc[0] == ',')
			snprintf(desc, sizeof(desc), "encrypted, PEM");
	} else {
		const unsigned char *p = der;
		EVP_PKEY *k = d2i_AutoPrivateKey(NULL, &p, dlen);

		if (k) {
			key_desc(k, "PEM", desc, sizeof(desc));
			ok = 1;
		}
		EVP_PKEY_free(k);
	}
	if (ok) {
		if (unescaped)
			snprintf(desc + strlen(desc), sizeof(desc) - strlen(desc),
				 " (escaped in a string)");
		report(f, fam, from, end, enc, desc);
	}
out:
	jcsi_free(unescaped);
	OPENSSL_free(name);
	OPENSSL_free(header);
	OPENSSL_free(der);
	BIO_free(bio);
	ERR_clear_error();
}

/* --- DER, PuTTY -------------------------------------------------------------------- */

static void der(struct jcsi_cfile *f, unsigned fam, size_t from)
{
	size_t n = jcsi_cfile_der_extent(f, from);
	const unsigned char *p = f->data + from;
	EVP_PKEY *k;
	char desc[128];

	if (!n)
		return;
	k = d2i_AutoPrivateKey(NULL, &p, (long)n);
	if (k && p == f->data + from + n) {
		key_desc(k, "DER", desc, sizeof(desc));
		report(f, fam, from, from + n, 0, desc);
	}
	EVP_PKEY_free(k);
	ERR_clear_error();
}

/* the rest of the line at *AT (at most CAP-1 bytes) into OUT; *AT moves
   past the newline. 0 at the end of the window. */
static int next_line(const struct jcsi_cfile *f, size_t *at, size_t lim,
		     char *out, size_t cap)
{
	size_t i = *at, k = 0;

	if (i >= lim)
		return 0;
	while (i < lim && f->data[i] != '\n') {
		if (f->data[i] != '\r' && k + 1 < cap)
			out[k++] = (char)f->data[i];
		i++;
	}
	out[k] = '\0';
	*at = i < lim ? i + 1 : i;
	return 1;
}

static void putty(struct jcsi_cfile *f, unsigned fam, size_t from,
		  size_t to)
{
	size_t at = to, lim = f->len - from > 16384 ? from + 16384 : f->len;
	char line[128], alg[64] = "", desc[160];
	int enc = -1, priv = 0;

	if (!next_line(f, &at, lim, line, sizeof(line)))
		return;
	if (sscanf(line, " %63[A-Za-z0-9@._-]", alg) != 1)
		return;
	while (next_line(f, &at, lim, line, sizeof(line))) {
		if (!strncmp(line, "Encryption: ", 12))
			enc = strcmp(line + 12, "none") != 0;
		else if (!strncmp(line, "Private-Lines: ", 15))
			priv = 1;
		if (priv && enc >= 0)
			break;
	}
	if (!priv || enc < 0)
		return;
	snprintf(desc, sizeof(desc), "PuTTY %s key%s", alg,
		 enc ? ", encrypted" : "");
	report(f, fam, from, at, enc, desc);
}

static void match(struct jcsi_cfile *f, const struct jcsi_cpattern *p,
		  size_t from, size_t to)
{
	if (jcsi_cfile_claimed(f, p->family_no, from))
		return;
	switch (p->mode) {
	case M_PEM:
		pem(f, p->family_no, from);
		break;
	case M_DER:
		der(f, p->family_no, from);
		break;
	default:
		putty(f, p->family_no, from, to);
		break;
	}
}

const struct jcsi_cfamily jcsi_cfamily_keys = {
	"keys", modes, 1u << M_PEM | 1u << M_DER | 1u << M_PUTTY, match};

/*
 * test_content.c - the content engine (lib/checks/content.c) and its
 * handlers (content_keys.c, content_certs.c, content_secrets.c) on crafted
 * buffers: every secret pattern of data/patterns/secrets.tsv found, the
 * near misses (placeholders, variables, low entropy, comments, identifiers
 * in code, Wi-Fi keys, generic assignments inside binaries) not; keys and
 * certificates generated here with the OpenSSL API, confirmed by parsing
 * (a truncated or fake block is not a key); pattern file errors name
 * file:line. Data from $JCSTAR_SOURCE_ROOT/data.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "lib/checks/content.h"

static struct jcsi_content *C;
static struct jcsi_cworker *W;
static struct jcsi_chits H;

/* Examines BUF as file DEV; returns the number of hits (in H). */
static size_t examine(const char *dev, const void *buf, size_t len)
{
	struct jcsi_ev e;

	memset(&e, 0, sizeof(e));
	e.dev = dev;
	e.disk = dev;
	e.kind = JCSI_EV_FILE;
	e.size = len;
	jcsi_chits_clear(&H);
	assert_int_equal(jcsi_content_examine(W, NULL, &e, buf, len,
					      time(NULL), &H),
			 JCS_OK);
	return H.n;
}

static size_t examine_str(const char *dev, const char *text)
{
	return examine(dev, text, strlen(text));
}

/* Is there a hit of RULE at LINE? */
static int has(const char *rule, uint64_t line)
{
	for (size_t i = 0; i < H.n; i++)
		if (!strcmp(H.v[i].rule, rule) && H.v[i].line == line)
			return 1;
	return 0;
}

static void dump(void)
{
	for (size_t i = 0; i < H.n; i++)
		print_message("  hit %s line %llu: %s | %s\n", H.v[i].rule,
			      (unsigned long long)H.v[i].line,
			      H.v[i].detail ? H.v[i].detail : "",
			      H.v[i].evidence ? H.v[i].evidence : "");
}

static int setup(void **state)
{
	const char *src = getenv("JCSTAR_SOURCE_ROOT");
	char data[4096], err[512] = "";

	(void)state;
	snprintf(data, sizeof(data), "%s/data", src ? src : "../..");
	if (jcsi_content_load(data, NULL, &C, err, sizeof(err)) != JCS_OK) {
		print_error("load: %s\n", err);
		return -1;
	}
	return jcsi_cworker_new(C, &W) == JCS_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	jcsi_chits_clear(&H);
	jcsi_cworker_free(W);
	jcsi_content_free(C);
	return 0;
}

/* --- secrets ------------------------------------------------------------------- */

struct pos {
	const char *dev, *text, *rule;
	uint64_t line;
};

static void secrets_found(void **state)
{
	static const struct pos cases[] = {
		{"/etc/aws.env", "x=1\nAWS_ACCESS_KEY_ID=AKIAZ3MSJV2LQWERTY7P\n",
		 "secrets.cloud-access-key", 2},
		{"/etc/aws.ini", "[default]\naws_secret_access_key = "
		 "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\n",
		 "secrets.cloud-access-key", 2},
		{"/www/app.js", "const k = \"AIzaSyD4x9Qk2LmZ7vR1tNpW8eYcB3fGhJkL0sQ\";\n",
		 "secrets.cloud-access-key", 1},
		{"/etc/gcp.json", "{\n \"type\": \"service_account\",\n"
		 " \"private_key_id\": \"3f2a9c81b7d64e05a1c9f7e2b8d40c6a5e9f1b27\",\n}",
		 "secrets.cloud-access-key", 3},
		{"/etc/azure.conf", "conn=DefaultEndpointsProtocol=https;AccountName=x;"
		 "AccountKey=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6QUJDREVGR0g=;\n",
		 "secrets.cloud-access-key", 1},
		{"/etc/sas.txt", "https://a.blob.core.windows.net/c?sv=2021-06-08&se=2030&sig="
		 "q7Hf3Kz9LmP2xR8vT1nW5yB6cD0eG4jA%2BuI%3D\n",
		 "secrets.cloud-access-key", 1},
		{"/etc/ali.conf", "id = LTAI5tQx9ZrK2mWvP8nB\n",
		 "secrets.cloud-access-key", 1},
		{"/etc/tuya.json", "{\"localKey\": \"a1B2c3D4e5F6g7H8\"}\n",
		 "secrets.iot-platform-key", 1},
		{"/etc/iot.conf", "DeviceSecret=Xk92LpQz7RmT4vWn8sYb3cJd\n",
		 "secrets.iot-platform-key", 1},
		{"/usr/bin/ci.sh", "#!/bin/sh\nTOKEN=ghp_R4nd0mT0k3nV4lu3sAbCdEfGhIjKlMnOpQrS\n",
		 "secrets.api-token", 2},
		{"/etc/gl", "glpat-Ab3dE6gH9jK2mN5pQ8sT\n", "secrets.api-token", 1},
		{"/etc/slack", "hook xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp\n",
		 "secrets.api-token", 1},
		{"/etc/jwt", "auth eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0."
		 "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U\n",
		 "secrets.api-token", 1},
		{"/etc/app.yaml", "api:\n  api_key: 'q8Zr2LmX7vTn4WpK9sYb'\n",
		 "secrets.api-token", 2},
		{"/etc/app.conf", "password = admin\n", "secrets.password", 1},
		{"/www/cgi-bin/a.cgi", "#!/bin/sh\n[ \"$password\" == \"1234\" ] && ok\n",
		 "secrets.password", 2},
		{"/etc/db.json", "{\"db\": {\"passwd\": \"Gh7#kLq2!xZ\"}}\n",
		 "secrets.password", 1},
		{"/src/cred.h", "#define ADMIN_PASSWORD \"Tr0ub4dor&3\"\n",
		 "secrets.password", 1},
		{"/src/login.py", "PASSWORD = 'hunter2hunter2'\n", "secrets.password", 1},
		{"/etc/ssl/openssl.cnf", "[cmp]\nsecret = pass:Zq8w!Lm3Xr\n",
		 "secrets.password", 2},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		examine_str(cases[i].dev, cases[i].text);
		if (!has(cases[i].rule, cases[i].line) || H.n != 1) {
			print_error("case %zu (%s): want one %s at line %llu\n",
				    i, cases[i].dev, cases[i].rule,
				    (unsigned long long)cases[i].line);
			dump();
			fail();
		}
		/* masked: the evidence never holds the value */
		assert_null(strstr(H.v[0].evidence, "wJalrXUtnFEMI"));
		assert_non_null(strstr(H.v[0].evidence, "***"));
	}
}

static void secrets_not_found(void **state)
{
	static const char *const quiet[][2] = {
		{"/etc/a.conf", "password=$PASSWORD\n"},
		{"/etc/a.conf", "password=\"${ADMIN_PW}\"\n"},
		{"/etc/a.conf", "password=********\n"},
		{"/etc/a.conf", "password=<password>\n"},
		{"/etc/a.conf", "password = \"%s\"\n"},
		{"/etc/a.conf", "password=\n"},
		{"/etc/a.conf", "password = \"\"\n"},
		{"/etc/a.conf", "# password=Xk92LpQz7Rm\n"},
		{"/etc/a.conf", "; password=Xk92LpQz7Rm\n"},
		{"/etc/a.c", "// password = \"Xk92LpQz7Rm\";\n"},
		{"/etc/a.conf", "password=abc\n"},             /* too short */
		{"/etc/a.conf", "password=aaaaaaaaaa\n"},      /* no entropy */
		{"/etc/a.conf", "password=insta\n"},           /* low, not weak */
		{"/etc/a.conf", "token = xxxxxxxxxxxx\n"},
		{"/etc/a.conf", "secret = /run/secrets/api\n"},
		{"/etc/a.conf", "password_min_length=8\n"},
		{"/etc/a.conf", "password = None\n"},
		{"/etc/a.conf", "token = abcabcabcabc\n"},   /* 1.6 < 3 */
		{"/etc/a.conf", "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"},
		{"/etc/a.conf", "key = AIzaSyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\n"},
		{"/app/auth.py", "    password = args.password\n"},
		{"/app/auth.py", "    secret: str = get_secret()\n"},
		{"/app/auth.py", "def f():\n    \"\"\"Example:\n    passwd='geheim$parole'\n    \"\"\"\n"},
		{"/app/auth.pl", "my $password = shift;\n"},
		{"/etc/init.d/wifi", "wpa_passphrase=Wif1Passw0rd!\n"},
		{"/etc/hostapd.conf", "wpa_passphrase=Wif1Passw0rd!\n"},
		{"/etc/config/wireless", "\toption key 'Xk92LpQz7Rm'\n"},
		{"/etc/shadow", "password=Xk92LpQz7Rm\n"},
		{"/etc/nsswitch.conf", "passwd:         files systemd\n"},
		{"/etc/a.sh", "read -p \"Password: \" pw\n"},
		{"/etc/a.sh", "echo \"Password: $pw\"\n"},
		{"/etc/a.conf", "password = \"pass word here\"\n"},
		{"/usr/share/doc/x/example.conf", "password=Xk92LpQz7Rm\n"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(quiet) / sizeof(quiet[0]); i++)
		if (examine_str(quiet[i][0], quiet[i][1])) {
			print_error("near miss %zu reported: %s", i,
				    quiet[i][1]);
			dump();
			fail();
		}
}

static void secrets_in_binaries(void **state)
{
	unsigned char b[4096];

	(void)state;
	memset(b, 0, sizeof(b));
	memcpy(b, "\x7f" "ELF", 4);
	memcpy(b + 100, "password=Xk92LpQz7Rm", 20);   /* generic: text only */
	memcpy(b + 1000, "AKIAZ3MSJV2LQWERTY7P", 20);  /* a token format */
	assert_int_equal(examine("/usr/bin/x", b, sizeof(b)), 1);
	assert_true(has("secrets.cloud-access-key", 0));
	assert_non_null(strstr(H.v[0].evidence, "offset 0x3e8"));
}

/* --- keys ------------------------------------------------------------------------ */

static EVP_PKEY *rsa(int bits)
{
	EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)bits);

	assert_non_null(k);
	return k;
}

/* K as PEM (encrypted with a password when ENC) in a new string */
static char *pem_key(EVP_PKEY *k, int enc)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *p, *out;
	long n;

	if (enc)
		assert_true(PEM_write_bio_PKCS8PrivateKey(b, k,
					EVP_aes_256_cbc(), NULL, 0, NULL,
					(void *)"pw"));
	else
		assert_true(PEM_write_bio_PrivateKey(b, k, NULL, NULL, 0, NULL,
						     NULL));
	n = BIO_get_mem_data(b, &p);
	out = calloc(1, (size_t)n + 1);
	memcpy(out, p, (size_t)n);
	BIO_free(b);
	return out;
}

static void keys(void **state)
{
	EVP_PKEY *k = rsa(2048), *ec = EVP_PKEY_Q_keygen(NULL, NULL, "EC",
							  "P-256");
	char *p = pem_key(k, 0), *pe = pem_key(k, 1), *pc = pem_key(ec, 0);
	char text[16384];
	unsigned char bin[8192], *der = NULL;
	int dn;

	(void)state;
	snprintf(text, sizeof(text), "# key\n%s", p);
	assert_int_equal(examine_str("/etc/k.pem", text), 1);
	assert_true(has("keys.private-key", 2));
	assert_string_equal(H.v[0].detail, "RSA 2048-bit, PEM");
	assert_int_equal(examine_str("/etc/e.pem", pe), 1);
	assert_true(has("keys.encrypted-private-key", 1));
	assert_int_equal(examine_str("/etc/c.pem", pc), 1);
	assert_string_equal(H.v[0].detail, "EC 256-bit, PEM");
	/* truncated: not a key; a public key: not a private key */
	p[strlen(p) / 2] = '\0';
	snprintf(text, sizeof(text), "%s\n-----END PRIVATE KEY-----\n", p);
	assert_int_equal(examine_str("/etc/t.pem", text), 0);
	assert_int_equal(examine_str("/usr/bin/s", "-----BEGIN RSA PRIVATE "
				     "KEY-----\n%s\n-----END RSA PRIVATE "
				     "KEY-----\n"), 0);
	{
		BIO *b = BIO_new(BIO_s_mem());
		char *q;
		long n;

		PEM_write_bio_PUBKEY(b, k);
		n = BIO_get_mem_data(b, &q);
		assert_int_equal(examine("/etc/pub.pem", q, (size_t)n), 0);
		BIO_free(b);
	}
	/* DER (PKCS#1 and PKCS#8) inside a binary blob; the SEC1 key inside
	   the PKCS#8 EC key is not reported twice */
	memset(bin, 0xa5, sizeof(bin));
	bin[10] = 0;
	dn = i2d_PrivateKey(k, &der);
	assert_true(dn > 0 && dn < 3000);
	memcpy(bin + 1000, der, (size_t)dn);
	OPENSSL_free(der);
	der = NULL;
	{
		PKCS8_PRIV_KEY_INFO *p8 = EVP_PKEY2PKCS8(ec);

		dn = i2d_PKCS8_PRIV_KEY_INFO(p8, &der);
		PKCS8_PRIV_KEY_INFO_free(p8);
	}
	memcpy(bin + 5000, der, (size_t)dn);
	OPENSSL_free(der);
	assert_int_equal(examine("/usr/bin/blob", bin, sizeof(bin)), 2);
	assert_non_null(strstr(H.v[0].evidence, "offset 0x3e8"));
	assert_non_null(strstr(H.v[1].evidence, "EC 256-bit, DER, offset "
					"0x1388"));
	/* a DER key cut off by the end of the file: not a key */
	memmove(bin + sizeof(bin) - 600, bin + 1000, 600);
	memset(bin, 0xa5, sizeof(bin) - 600);
	bin[10] = 0;
	assert_int_equal(examine("/usr/bin/blob", bin, sizeof(bin)), 0);
	free(p);
	free(pe);
	free(pc);
	EVP_PKEY_free(k);
	EVP_PKEY_free(ec);
}

static void putty_keys(void **state)
{
	(void)state;
	assert_int_equal(examine_str("/k.ppk", "PuTTY-User-Key-File-3: ssh-ed25519\n"
				     "Encryption: none\nComment: x\nPublic-Lines: 2\nAAAA\nBBBB\n"
				     "Private-Lines: 1\nCCCC\nPrivate-MAC: 00\n"), 1);
	assert_string_equal(H.v[0].detail, "PuTTY ssh-ed25519 key");
	assert_int_equal(examine_str("/k.ppk", "PuTTY-User-Key-File-2: ssh-rsa\r\n"
				     "Encryption: aes256-cbc\r\nPrivate-Lines: 1\r\n"), 1);
	assert_true(has("keys.encrypted-private-key", 1));
	/* the format string inside puttygen, no key behind it */
	assert_int_equal(examine_str("/usr/bin/puttygen",
				     "PuTTY-User-Key-File-%d: %s\n"), 0);
}

/* --- certificates ---------------------------------------------------------------- */

static X509 *cert(EVP_PKEY *k, const char *cn, long from_days, long to_days,
		  const EVP_MD *md, int ca_ku)
{
	X509 *x = X509_new();
	X509_NAME *n = X509_get_subject_name(x);
	X509V3_CTX ctx;

	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 7);
	X509_gmtime_adj(X509_getm_notBefore(x), from_days * 86400);
	X509_gmtime_adj(X509_getm_notAfter(x), to_days * 86400);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC,
				   (const unsigned char *)cn, -1, -1, 0);
	X509_set_issuer_name(x, n);
	X509_set_pubkey(x, k);
	X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
	if (ca_ku) { /* 1: CA:TRUE and keyUsage, 2: CA:TRUE only */
		X509_EXTENSION *e = X509V3_EXT_conf_nid(NULL, &ctx,
					NID_basic_constraints, "critical,CA:TRUE");
		X509_add_ext(x, e, -1);
		X509_EXTENSION_free(e);
		if (ca_ku == 1) {
			e = X509V3_EXT_conf_nid(NULL, &ctx, NID_key_usage,
						"critical,keyCertSign,cRLSign");
			X509_add_ext(x, e, -1);
			X509_EXTENSION_free(e);
		}
	}
	assert_true(X509_sign(x, k, md) > 0);
	return x;
}

static size_t examine_cert(const char *dev, X509 *x)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *p;
	long n;
	size_t r;

	PEM_write_bio_X509(b, x);
	n = BIO_get_mem_data(b, &p);
	r = examine(dev, p, (size_t)n);
	BIO_free(b);
	X509_free(x);
	return r;
}

static void certs(void **state)
{
	EVP_PKEY *k = rsa(2048), *k1 = rsa(1024);

	(void)state;
	/* a self-signed leaf, valid, strong: one finding */
	assert_int_equal(examine_cert("/etc/s.pem", cert(k, "cam.local", -1,
							 365, EVP_sha256(), 0)),
			 1);
	assert_true(has("certs.self-signed", 1));
	/* expired, short key, SHA-1, self-signed leaf: four */
	assert_int_equal(examine_cert("/etc/x.pem", cert(k1, "10.0.0.1", -400,
							 -30, EVP_sha1(), 0)),
			 4);
	assert_true(has("certs.expired", 1) && has("certs.short-key", 1) &&
		    has("certs.weak-signature", 1) &&
		    has("certs.self-signed", 1));
	/* not yet valid */
	examine_cert("/etc/f.pem", cert(k, "f.local", 30, 365, EVP_sha256(),
					0));
	assert_true(has("certs.not-yet-valid", 1));
	/* a root (CA:TRUE, keyCertSign) signed with SHA-1: a trust anchor,
	   quiet; expired, it is one grouped hit */
	assert_int_equal(examine_cert("/etc/r.pem", cert(k, "Test Root CA",
							 -1, 365, EVP_sha1(),
							 1)),
			 0);
	assert_int_equal(examine_cert("/etc/r.pem", cert(k, "Test Root CA",
							 -400, -1, EVP_sha1(),
							 1)),
			 1);
	assert_true(H.v[0].grouped &&
		    !strcmp(H.v[0].rule, "certs.expired-anchors"));
	/* without keyUsage a self-signed CA is an anchor only in a trust
	   store */
	assert_int_equal(examine_cert("/usr/share/ca-certificates/x.crt",
				      cert(k, "Old Root", -1, 365, EVP_sha1(),
					   2)),
			 0);
	assert_int_equal(examine_cert("/etc/lighttpd/server.pem",
				      cert(k, "Old Root", -1, 365,
					   EVP_sha256(), 2)),
			 1);
	assert_true(has("certs.self-signed", 1));
	/* no CA:TRUE at all: a leaf even in a trust store */
	assert_int_equal(examine_cert("/usr/share/ca-certificates/y.crt",
				      cert(k, "Leaf", -1, 365, EVP_sha256(),
					   0)),
			 1);
	EVP_PKEY_free(k);
	EVP_PKEY_free(k1);
}

/* --- loader ---------------------------------------------------------------------- */

static void loader_errors(void **state)
{
	char dir[] = "/tmp/jcstar-test-content-XXXXXX", path[512], err[512];
	struct jcsi_content *c = NULL;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/patterns", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/patterns/keys.tsv", dir);
	f = fopen(path, "w");
	fputs("# comment\npem\t-\tany\t-\tpem\tPEM\t(unclosed\n", f);
	fclose(f);
	assert_int_equal(jcsi_content_load(dir, NULL, &c, err, sizeof(err)),
			 JCS_E_FORMAT);
	assert_non_null(strstr(err, "keys.tsv:2: regex"));
	f = fopen(path, "w");
	fputs("pem\t-\tsomewhere\t-\tpem\tPEM\tx\n", f);
	fclose(f);
	assert_int_equal(jcsi_content_load(dir, NULL, &c, err, sizeof(err)),
			 JCS_E_FORMAT);
	assert_non_null(strstr(err, "keys.tsv:1: where"));
	f = fopen(path, "w");
	fputs("pem\t-\tany\t-\tbase64\tPEM\tx\n", f);
	fclose(f);
	assert_int_equal(jcsi_content_load(dir, NULL, &c, err, sizeof(err)),
			 JCS_E_FORMAT);
	assert_non_null(strstr(err, "keys.tsv:1: family keys has no value mode"));
	assert_null(c);
	unlink(path);
	snprintf(path, sizeof(path), "%s/patterns", dir);
	rmdir(path);
	rmdir(dir);
}

static void values(void **state)
{
	(void)state;
	assert_true(jcsi_content_placeholder(C, "YOUR_API_KEY_HERE"));
	assert_true(jcsi_content_placeholder(C, "None"));
	assert_false(jcsi_content_placeholder(C, "nonexistent"));
	assert_true(jcsi_content_weak(C, "admin"));
	assert_false(jcsi_content_weak(C, "Xk92LpQz7Rm"));
	assert_true(jcsi_entropy((const uint8_t *)"aaaa", 4) == 0.0);
	assert_true(jcsi_entropy((const uint8_t *)"abcd", 4) == 2.0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(secrets_found),
		cmocka_unit_test(secrets_not_found),
		cmocka_unit_test(secrets_in_binaries),
		cmocka_unit_test(keys),
		cmocka_unit_test(putty_keys),
		cmocka_unit_test(certs),
		cmocka_unit_test(loader_errors),
		cmocka_unit_test(values),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

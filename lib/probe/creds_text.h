/*
 * creds_text.h - the pure parts of the credential checks: what the login
 * protocols say, read from bytes a hostile device sent (telnet option
 * negotiation and prompts, FTP replies, HTTP/RTSP responses and their
 * WWW-Authenticate challenges) and the Digest answer (RFC 7616). No
 * network, no allocation: unit-tested on canned bytes and fuzzed
 * (tests/fuzz/fuzz_creds_text.c).
 */
#ifndef JCSTAR_PROBE_CREDS_TEXT_H
#define JCSTAR_PROBE_CREDS_TEXT_H

#include <stddef.h>

/* --- telnet (RFC 854/855) ------------------------------------------- */

#define JCSI_TN_IAC  255
#define JCSI_TN_DONT 254
#define JCSI_TN_DO   253
#define JCSI_TN_WONT 252
#define JCSI_TN_WILL 251
#define JCSI_TN_SB   250
#define JCSI_TN_SE   240
#define JCSI_TN_ECHO 1
#define JCSI_TN_SGA  3

struct jcsi_telnet {
	int state;                  /* private */
	unsigned char verb;         /* private: WILL/WONT/DO/DONT pending */
	unsigned char asked[256];   /* we sent DO for the option */
};

/*
 * Feeds N bytes from the server: data bytes go to TEXT (at most TEXTCAP,
 * *TEXTLEN grows; NUL and the NUL of CR NUL dropped), the answers to the
 * server's negotiation to REPLY (*REPLYLEN grows, at most REPLYCAP). The
 * client agrees to the server's ECHO and SUPPRESS-GO-AHEAD (what every
 * login needs) and refuses everything else: WILL x -> DONT x, DO x ->
 * WONT x; it answers each option once so two peers never loop (RFC 854).
 */
void jcsi_telnet_feed(struct jcsi_telnet *t, const unsigned char *in,
		      size_t n, char *text, size_t textcap, size_t *textlen,
		      unsigned char *reply, size_t replycap, size_t *replylen);

enum jcsi_prompt {
	JCSI_PROMPT_NONE,      /* nothing recognised (yet) */
	JCSI_PROMPT_LOGIN,     /* "login:", "username:" at the end */
	JCSI_PROMPT_PASSWORD,  /* "password:" at the end */
	JCSI_PROMPT_SHELL,     /* ends in "#", "$", ">" or "%" (+ spaces) */
	JCSI_PROMPT_REJECTED   /* "incorrect", "denied", "failed", "invalid" */
};

/* What the last text seen (LEN bytes) asks for, judged by its end: a
   shell prompt is SHELL even after a banner saying "failed"; a login or
   password prompt after "Login incorrect" (or such) is REJECTED, as is
   "incorrect", "denied", "invalid"... with no prompt after it yet (not
   "failed": Debian's login says "There were 2 failed login attempts"
   before the shell prompt). */
enum jcsi_prompt jcsi_prompt_kind(const char *text, size_t len);

/* The marker the shell check types (`echo` of an arithmetic expansion, so
   the server's echo of what was typed never matches) and the answer. */
#define JCSI_SHELL_PROBE "echo JCS_$((6*7))_OK\r\n"
#define JCSI_SHELL_MARK "JCS_42_OK"

/* --- FTP (RFC 959) -------------------------------------------------- */

/* Nonzero when BUF (LEN bytes) holds a complete reply: its last line is
   "ddd " after any "ddd-" continuation lines; *CODE set. 0: read more;
   -1: not an FTP reply. */
int jcsi_ftp_reply(const char *buf, size_t len, int *code);

/* --- HTTP and RTSP responses ---------------------------------------- */

enum jcsi_auth_scheme { JCSI_AUTH_NONE, JCSI_AUTH_BASIC, JCSI_AUTH_DIGEST };

struct jcsi_digest_chal {
	char realm[128];
	char nonce[192];
	char opaque[192];
	char algorithm[24];     /* "MD5" (default), "SHA-256", "...-sess" */
	int qop_auth;           /* qop offers "auth" */
	int stale;
};

struct jcsi_http_resp {
	int status;             /* 0: no status line */
	int complete;           /* headers ended */
	size_t header_len;      /* bytes up to and with the empty line */
	long content_length;    /* -1 none */
	enum jcsi_auth_scheme scheme;  /* the best challenge offered */
	struct jcsi_digest_chal chal;  /* when DIGEST */
	int has_basic;
	int set_cookie;         /* a Set-Cookie header seen */
	char cookie_name[64];   /* the first one's name */
	char location[256];     /* Location header; "" none */
	int retry_after;        /* Retry-After seconds; -1 none */
};

/* Parses the status line ("HTTP/1.x ddd" or "RTSP/1.0 ddd") and the
   headers of BUF (LEN bytes, not NUL-terminated). Returns 1 parsed
   (R->complete says whether the headers ended), 0 no status line yet,
   -1 not HTTP/RTSP. Digest is preferred over Basic when both are
   offered, SHA-256 over MD5. */
int jcsi_creds_http_parse(const char *buf, size_t len, struct jcsi_http_resp *r);

/* Reads one WWW-Authenticate Digest value (after "Digest "): VAL, LEN.
   Returns 0 when realm and nonce were found, -1 otherwise. */
int jcsi_digest_parse(const char *val, size_t len,
		      struct jcsi_digest_chal *c);

/* Nonzero if BODY (LEN bytes) holds a password input field (a login
   form): `type="password"`, `type='password'` or `type=password`. */
int jcsi_html_has_password_field(const char *body, size_t len);

/* --- Digest access authentication (RFC 7616) -------------------------- */

/* The "response" value, lowercase hex, into OUT (at least 65 bytes) for
   the challenge C: the algorithm's H over user:realm:pass, method:uri,
   with qop=auth, NC and CNONCE when C offers qop auth. -1 for an
   algorithm other than MD5/SHA-256 (and their -sess forms). */
int jcsi_digest_response(const struct jcsi_digest_chal *c, const char *user,
			 const char *pass, const char *method,
			 const char *uri, const char *nc,
			 const char *cnonce, char *out, size_t outlen);

/* The whole Authorization header value ("Digest username=..., ...") into
   OUT; -1 if it does not fit or the algorithm is unknown. */
int jcsi_digest_header(const struct jcsi_digest_chal *c, const char *user,
		       const char *pass, const char *method, const char *uri,
		       const char *cnonce, char *out, size_t outlen);

/* Base64 of IN (LEN bytes) into OUT, NUL-terminated; -1 if it does not
   fit. For Basic: base64(user ":" pass). */
int jcsi_base64(const void *in, size_t len, char *out, size_t outlen);

#endif

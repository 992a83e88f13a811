/*
 * manifest.h - the product manifest (product.yaml): the product under
 * assessment, the inputs to check, the features that decide which
 * requirements apply, and the documentation evidence. Also the RFC 9116
 * security.txt it may point to, and the baseline (suppression) file.
 *
 * Format: the template `jcstar init` writes (lib/assess/manifest_template.c).
 * Paths in the manifest are relative to the manifest's directory; the
 * loader resolves them. Nothing here touches the network: a URL is kept
 * as a reference, never fetched.
 */
#ifndef JCSTAR_MANIFEST_H
#define JCSTAR_MANIFEST_H

#include <stddef.h>
#include <time.h>

#include "jcstar/jcstar.h"
#include "catalog.h"

/* The document kinds of catalog evidence `document:<kind>`, in this order
   (jcsi_catalog_documents() names them). */
enum jcsi_doc_kind {
	JCSI_DOC_VULN_DISCLOSURE,   /* vulnerability-disclosure */
	JCSI_DOC_SUPPORT_PERIOD,    /* support-period */
	JCSI_DOC_UPDATE_POLICY,     /* update-policy */
	JCSI_DOC_KEY_MANAGEMENT,    /* key-management */
	JCSI_DOC_THREAT_MODEL,      /* threat-model */
	JCSI_DOC_PRIVACY_POLICY,    /* privacy-policy */
	JCSI_DOC_VERSION_MGMT,      /* version-management */
	JCSI_DOC_SECURE_SETUP,      /* secure-setup-guide */
	JCSI_DOC_COUNT
};

/* "vulnerability-disclosure"...; NULL out of range. */
const char *jcsi_doc_kind_name(enum jcsi_doc_kind k);

enum jcsi_doc_state {
	JCSI_DOCST_NOT_GIVEN,       /* the manifest does not mention it */
	JCSI_DOCST_DECLARED_ABSENT, /* `none` / false: the maker has none */
	JCSI_DOCST_GIVEN,
};

/* One document reference: a file (resolved path, must exist: the loader
   checks) and/or a URL (https://, kept, not fetched). */
struct jcsi_doc {
	enum jcsi_doc_state state;
	char *file;                 /* resolved; NULL */
	char *url;                  /* NULL */
	unsigned line;              /* where it is given, for messages */
};

/* RFC 9116 security.txt, as parsed (fields may repeat: Contact, Policy). */
struct jcsi_securitytxt {
	char **contact;             /* mailto:, https:, tel: URIs in order */
	size_t n_contact;
	char **policy;
	size_t n_policy;
	char *expires_raw;          /* as written; NULL if absent */
	time_t expires;             /* 0 if absent or unparsable */
	int signed_pgp;             /* an OpenPGP cleartext signature wraps it */
	/* problems found while parsing: "line 3: Expires: not RFC 3339" */
	char **problems;
	size_t n_problems;
};

/* Parse BUF (a security.txt); never fails on content (problems are
   listed), only on memory. */
jcs_rc jcsi_securitytxt_parse(const char *buf, size_t len,
			      struct jcsi_securitytxt *out);
void jcsi_securitytxt_free(struct jcsi_securitytxt *t);
/* Read and parse the file at PATH (at most 1 MiB); JCS_E_IO/JCS_E_LIMIT
   with ERR "PATH: why" if it cannot be read. */
jcs_rc jcsi_securitytxt_load(const char *path, struct jcsi_securitytxt *out,
			     char *err, size_t errlen);
/* Expired at NOW, or no usable Expires at all (RFC 9116 2.5.5: a file
   without a valid Expires is not to be relied on). */
int jcsi_securitytxt_expired(const struct jcsi_securitytxt *t, time_t now);
/* RFC 3339 date-time ("2027-11-01T00:00:00Z", offsets, fractions) into
   *OUT (UTC); -1 if it is not one. */
int jcsi_rfc3339_parse(const char *s, time_t *out);

/* Tri-state features: does the product have it? */
enum jcsi_tristate { JCSI_UNKNOWN = -1, JCSI_NO = 0, JCSI_YES = 1 };

enum jcsi_feature {
	JCSI_FEAT_WIFI,             /* wifi */
	JCSI_FEAT_BLUETOOTH,        /* bluetooth */
	JCSI_FEAT_CLOUD,            /* cloud: a cloud service / API */
	JCSI_FEAT_APP,              /* app: a companion app */
	JCSI_FEAT_USER_DATA,        /* user_data: stores personal data */
	JCSI_FEAT_NETWORK_LOGIN,    /* network_login: users log in over IP */
	JCSI_FEAT_UPDATES,          /* updates: software can be updated */
	JCSI_FEAT_COUNT
};

const char *jcsi_feature_name(enum jcsi_feature f); /* "wifi"... */

/* A requirement the maker declares not applicable, with the reason. */
struct jcsi_not_applicable {
	char *id;
	char *reason;
	unsigned line;
};

struct jcsi_manifest {
	char *path;                 /* as given */
	char *dir;                  /* its directory: relative paths */
	/* product */
	char *name;                 /* required */
	char *vendor;
	struct jcsi_strlist models;
	struct jcsi_strlist firmware_versions;
	/* inputs, each optional (NULL) */
	char *firmware;             /* resolved path (file or directory) */
	char *device;               /* host for probe */
	char *api;                  /* base URL for api */
	char *app;                  /* resolved path of the app */
	char *baseline;             /* resolved path of the suppression file */
	/* features */
	enum jcsi_tristate feature[JCSI_FEAT_COUNT];
	/* documents */
	struct jcsi_doc doc[JCSI_DOC_COUNT];
	/* vulnerability disclosure extras */
	char *disclosure_contact;   /* contact: given directly */
	char *security_txt;         /* resolved file path of a security.txt */
	char *security_txt_url;     /* or its URL (not fetched) */
	/* support period */
	char *support_end;          /* "YYYY-MM-DD" as written; NULL */
	time_t support_end_t;       /* end of that day UTC; 0 if NULL */
	/* declared not applicable */
	struct jcsi_not_applicable *na;
	size_t n_na;
};

/*
 * Load and validate PATH. Errors name the place and the field:
 * "product.yaml:12:5: documents.threat_model: file 'tm.md' not found".
 * Unknown keys are errors (a typo must not silently drop evidence).
 */
jcs_rc jcsi_manifest_load(const char *path, struct jcsi_manifest **out,
			  char *err, size_t errlen);
/* The same over a buffer; NAME and DIR stand for the path (fuzzing). */
jcs_rc jcsi_manifest_parse(const char *buf, size_t len, const char *name,
			   const char *dir, struct jcsi_manifest **out,
			   char *err, size_t errlen);
void jcsi_manifest_free(struct jcsi_manifest *m);

/* The commented template `jcstar init` writes. */
extern const char jcsi_manifest_template[];

/*
 * The baseline: accepted findings. Each entry names a rule (required), may
 * narrow it to a path (fnmatch pattern), host or port, MUST carry a
 * justification, and may expire. An expired entry suppresses nothing.
 */
struct jcsi_suppression {
	char *rule;
	char *path;                 /* fnmatch pattern; NULL: any */
	char *host;                 /* NULL: any */
	unsigned port;              /* 0: any */
	char *justification;
	char *expires;              /* "YYYY-MM-DD"; NULL: never */
	time_t expires_t;           /* end of that day UTC; 0: never */
	unsigned line;
};

struct jcsi_baseline {
	char *path;
	struct jcsi_suppression *s;
	size_t n;
};

jcs_rc jcsi_baseline_load(const char *path, struct jcsi_baseline **out,
			  char *err, size_t errlen);
jcs_rc jcsi_baseline_parse(const char *buf, size_t len, const char *name,
			   struct jcsi_baseline **out, char *err,
			   size_t errlen);
void jcsi_baseline_free(struct jcsi_baseline *b);

/* The entry that suppresses a finding with RULE at PATH/HOST/PORT (any
   may be NULL/0) at time NOW, or NULL. *EXPIRED (MAY be NULL) is set when
   only an expired entry matched. */
const struct jcsi_suppression *
jcsi_baseline_match(const struct jcsi_baseline *b, const char *rule,
		    const char *path, const char *host, unsigned port,
		    time_t now, int *expired);

#endif

/*
 * jcstar.h - the public interface of libjcstar.
 *
 * libjcstar is the engine behind the `jcstar` command: it turns firmware
 * images into evidence (unpacking) and evidence into findings. The library
 * never prints; it reports through return codes, error buffers and
 * callbacks, so the front end (or any other caller) decides what a person
 * sees.
 */
#ifndef JCSTAR_JCSTAR_H
#define JCSTAR_JCSTAR_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#if defined(JCS_BUILDING_LIB)
#define JCS_API __attribute__((visibility("default")))
#else
#define JCS_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/*
 * One status type for the whole library. Add new codes last, never remove
 * or renumber one: callers may have stored the numbers.
 */
typedef enum {
	JCS_OK = 0,               /* 0 */
	JCS_E_NOMEM = 1,          /* 1 out of memory */
	JCS_E_IO = 2,             /* 2 read/write failed (errno in detail) */
	JCS_E_FORMAT = 3,         /* 3 input is not of the expected format */
	JCS_E_TRUNCATED = 4,      /* 4 input ends before the structure does */
	JCS_E_CORRUPT = 5,        /* 5 checksum or consistency failure */
	JCS_E_LIMIT = 6,          /* 6 a configured limit was reached */
	JCS_E_UNSAFE_PATH = 7,    /* 7 a name would escape the output tree */
	JCS_E_UNSUPPORTED = 8,    /* 8 a valid feature jcstar cannot handle */
	JCS_E_ARG = 9,            /* 9 bad argument from the caller */
	JCS_E_INTERNAL = 10,      /* 10 a bug in jcstar */
	JCS_E_SCHEMA = 11,        /* 11 a document does not match its schema */
	JCS_RC_LAST
} jcs_rc;

/* Never NULL, for every value including out-of-range ones. */
JCS_API const char *jcs_strerror(jcs_rc rc);

/* "MAJOR.MINOR.PATCH" */
JCS_API const char *jcs_version(void);

/* ---------------------------------------------------------------------
 * Unpacking
 */

/*
 * Ceilings that keep a hostile image from filling the disk or running
 * forever. Reaching one stops the branch that reached it (recorded in the
 * manifest as a failure), never the whole run.
 */
struct jcs_unpack_limits {
	uint64_t max_total_bytes;  /* all extracted data together */
	uint64_t max_file_bytes;   /* one extracted file */
	uint64_t max_ratio;        /* output:input of one container ... */
	uint64_t ratio_grace;      /* ... once its output exceeds this */
	uint32_t max_depth;        /* containers nested inside containers */
	uint64_t max_files;        /* entries written in all */
	uint32_t max_path;         /* bytes of one path inside a container */
};

JCS_API void jcs_unpack_limits_default(struct jcs_unpack_limits *l);

struct jcs_unpack_progress {
	uint64_t input_done;   /* bytes of the top-level image processed */
	uint64_t input_total;
	uint64_t files;        /* entries extracted so far */
	uint64_t bytes_out;    /* bytes written so far */
	const char *current;   /* format being extracted; valid during call */
};

typedef void (*jcs_progress_fn)(const struct jcs_unpack_progress *p,
				void *user);

/* What the engine tells a front end as it goes (strings are borrowed for
   the duration of the call). */
enum jcs_unpack_event_kind {
	JCS_EV_CONTAINER, /* a container was extracted (fully or partly) */
	JCS_EV_FAILURE,   /* damage, refusal or limit; REASON says which */
	JCS_EV_REGION     /* bytes no unpacker claimed */
};

struct jcs_unpack_event {
	enum jcs_unpack_event_kind kind;
	const char *format;   /* container format / failing unpacker */
	const char *parent;   /* the file it sits in (manifest name) */
	const char *origin;   /* origin chain (containers) */
	const char *path;     /* entry concerned (failures), may be NULL */
	const char *reason;   /* failures: why; regions: class */
	uint64_t offset, length;
	uint64_t entries;     /* containers */
	uint64_t id;          /* containers: their number (NNNN in DIR) */
	uint64_t parent_id;   /* container the parent file came out of;
				 0: the input image itself */
	unsigned depth;       /* containers: 1 = found in the input */
	double entropy;       /* regions */
	int partial;          /* containers: not everything came out */
};

typedef void (*jcs_event_fn)(const struct jcs_unpack_event *ev, void *user);

struct jcs_unpack_opts {
	struct jcs_unpack_limits limits;
	jcs_progress_fn progress; /* MAY be NULL */
	void *progress_user;
	jcs_event_fn event;       /* MAY be NULL */
	void *event_user;
	int dry_run;              /* parse and hash everything, write nothing
				     (fuzzing, benchmarks of the parsers) */
};

JCS_API void jcs_unpack_opts_default(struct jcs_unpack_opts *o);

struct jcs_unpack_stats {
	uint64_t containers;
	uint64_t files;       /* regular files extracted */
	uint64_t entries;     /* all manifest entries (files, dirs, links...) */
	uint64_t bytes_out;
	uint64_t failures;
	uint64_t unknown_regions;
	uint64_t refused;     /* entries refused as unsafe */
	int limit_hit;        /* nonzero if any limit stopped a branch */
};

/*
 * Extract IMAGE recursively into OUTDIR (created if missing; must be empty
 * or absent) and write OUTDIR/manifest.json. Partial success is normal:
 * failures inside the image are recorded in the manifest and counted in
 * STATS; the return code is JCS_OK unless the run itself could not happen
 * (image unreadable, OUTDIR unusable). ERR receives a message on failure.
 */
JCS_API jcs_rc jcs_unpack(const char *image, const char *outdir,
			  const struct jcs_unpack_opts *opts,
			  struct jcs_unpack_stats *stats, char *err,
			  size_t errlen);

/*
 * The same engine over a buffer in memory, writing nothing (dry run).
 * Used by the fuzz targets. FORMAT restricts extraction to one unpacker at
 * offset 0 (NULL: carve the buffer for every format, recursively).
 */
JCS_API jcs_rc jcs_unpack_buffer(const void *data, size_t len,
				 const char *format,
				 struct jcs_unpack_stats *stats);

/* Names of the formats the unpacker knows, NULL-terminated. */
JCS_API const char *const *jcs_unpack_formats(void);

/* ---------------------------------------------------------------------
 * Results: findings and the result document (DESIGN.md, the JSON contract)
 */

enum jcs_severity {
	JCS_SEV_INFO = 0,
	JCS_SEV_LOW,
	JCS_SEV_MEDIUM,
	JCS_SEV_HIGH,
	JCS_SEV_CRITICAL
};

JCS_API const char *jcs_severity_name(enum jcs_severity s);
/* Returns 0 and sets *out, or -1 if NAME is not a severity. */
JCS_API int jcs_severity_parse(const char *name, enum jcs_severity *out);

/* Nonzero if NAME is one of the fixed finding categories. */
JCS_API int jcs_category_valid(const char *name);

struct jcs_result;

/*
 * Where a finding was seen. Unused members are NULL / 0. Strings are
 * copied by jcs_result_add().
 */
struct jcs_location {
	const char *path;       /* firmware: path as on the device */
	const char *container;  /* firmware: origin chain */
	uint64_t line;          /* 0: none */
	const char *host;       /* live */
	uint16_t port;
	const char *protocol;
	const char *url;        /* cloud */
	const char *method;
};

struct jcs_finding {
	const char *rule;       /* stable id, e.g. accounts.shadow.cracked */
	const char *category;   /* one of categories.md */
	enum jcs_severity severity;
	const char *title;
	struct jcs_location location;
	const char *evidence;   /* already masked by the check */
	const char *const *requirements; /* catalog ids it bears on (copied) */
	size_t nrequirements;
};

JCS_API struct jcs_result *jcs_result_new(const char *command);
JCS_API void jcs_result_free(struct jcs_result *r);
/* Records the input's path, size and sha256 (reads the file). */
JCS_API jcs_rc jcs_result_set_input(struct jcs_result *r, const char *path);
/* Names the requirement catalog (its catalog_version) that the findings'
   `requirements` come from: a result must say which version it used. */
JCS_API jcs_rc jcs_result_set_catalog(struct jcs_result *r,
				      const char *version);
/* Copies F. JCS_E_ARG if the category or a required member is missing. */
JCS_API jcs_rc jcs_result_add(struct jcs_result *r,
			      const struct jcs_finding *f);
/*
 * An observation: a fact a check established that is not a problem but is
 * evidence for the assessment, e.g. a firmware update whose signature is
 * verified before it is flashed, or a signed FIT image. An assessment
 * needs both: findings say what is wrong, observations what was seen to
 * be right. Strings are copied by jcs_result_add_observation().
 */
struct jcs_observation {
	const char *id;         /* stable, e.g. update.signature-verified */
	const char *title;      /* one line a person understands */
	struct jcs_location location;
	const char *evidence;   /* what was seen; MAY be NULL */
};

/* Copies O. JCS_E_ARG if the id is not "family.name" ([a-z0-9_-] words
   joined by dots) or the title is missing or empty. */
JCS_API jcs_rc jcs_result_add_observation(struct jcs_result *r,
					  const struct jcs_observation *o);
/* Adds a note on something that could not be checked, and why. */
JCS_API jcs_rc jcs_result_add_limitation(struct jcs_result *r,
					 const char *what, const char *why);
/*
 * Records that a check family ran on a target, or could not: an
 * assessment never passes a requirement on a check that did not run.
 * TARGET: firmware, live, cloud, app or docs; STATUS: ran, failed or
 * not-run; WHY (MAY be NULL for ran) says why not.
 */
JCS_API jcs_rc jcs_result_add_check(struct jcs_result *r, const char *name,
				    const char *target, const char *status,
				    const char *why);
JCS_API void jcs_result_finish(struct jcs_result *r);
/* Reads back a result document written by jcs_result_write_json() (for
   `jcstar report`). JCS_E_FORMAT / JCS_E_SCHEMA with ERR saying where. */
JCS_API jcs_rc jcs_result_read_json(const char *path,
				    struct jcs_result **out, char *err,
				    size_t errlen);
JCS_API size_t jcs_result_count(const struct jcs_result *r,
				enum jcs_severity at_least);
JCS_API jcs_rc jcs_result_write_json(const struct jcs_result *r, FILE *out);

/* ---------------------------------------------------------------------
 * Scanning a firmware image or an extracted tree (device-end checks)
 */

struct jcs_scan_opts {
	struct jcs_unpack_opts unpack; /* used when the input is an image */
	const char *keep_dir;  /* unpack into this directory and keep it;
				  NULL: a temporary directory, removed */
	const char *data_dir;  /* rules and lists; NULL: $JCSTAR_DATADIR,
				  then the built-in locations */
	int show_secrets;      /* evidence unmasked */
	const char *password_list; /* default/weak passwords, one a line;
				      NULL: passwords/iot-default.txt of
				      the data directory */
	const char *vuln_db;   /* vulnerability database (`jcstar db`);
				  NULL: the default path, if it exists */
	int vuln_max_age_days; /* older: a limitation says so; 0: 7 */
	int checks_off;        /* identify components only, run no check
				  (`jcstar sbom`): the result has no
				  findings and says so in a limitation */
};

JCS_API void jcs_scan_opts_default(struct jcs_scan_opts *o);

/*
 * Scan INPUT: a firmware image (unpacked first), a directory written by
 * `jcstar unpack` (has manifest.json), or a plain extracted root file
 * system. Findings and limitations (checks that could not run, check
 * families not built yet) go into R. JCS_OK unless the scan could not run
 * at all (ERR says why).
 */
JCS_API jcs_rc jcs_scan(const char *input, const struct jcs_scan_opts *o,
			struct jcs_result *r, char *err, size_t errlen);

/* One rule of the rule table (data/rules/). */
struct jcs_rule_info {
	const char *id;
	const char *category;
	enum jcs_severity severity;
	const char *title;
	const char *check;     /* the check that emits it */
};

/* Calls FN for every rule, in table order; JCS_E_* if the table cannot be
   loaded (ERR says file:line). */
JCS_API jcs_rc jcs_rules_list(const char *data_dir,
			      void (*fn)(const struct jcs_rule_info *r,
					 void *user),
			      void *user, char *err, size_t errlen);

/* ---------------------------------------------------------------------
 * Probing a live device on the network (`jcstar probe`)
 */

/* Where a probe is: STEP of STEPS (discovery, then each check), WHAT it
   is doing ("TCP discovery: 65535 ports on 1 host", a check's summary). */
struct jcs_probe_progress {
	unsigned step, steps;
	const char *what;
};
typedef void (*jcs_probe_progress_fn)(const struct jcs_probe_progress *p,
				      void *user);

struct jcs_probe_opts {
	const char *const *hosts; /* names, address literals; IPv4 CIDR
				     ranges only with own_this */
	size_t nhosts;
	const char *ports;        /* "22,80,8000-8100"; NULL: the common IoT
				     ports of DATA/probe/ports.tsv */
	int all_ports;            /* 1-65535 */
	unsigned concurrency;     /* TCP connections in flight (256) */
	unsigned rate;            /* new connections per second; 0: no limit */
	int timeout_ms;           /* per network operation (1000) */
	unsigned max_attempts;    /* logins per service (10) */
	unsigned delay_ms;        /* between login attempts (0) */
	int lockout_test;         /* --lockout-test N: wrong logins; 0 off */
	const char *login_url;    /* HTTP form login; MAY be NULL */
	const char *user_field;
	const char *pass_field;
	const char *password_list;/* NULL: DATA/passwords/iot-default.txt */
	const char *data_dir;     /* NULL: as jcs_scan */
	int show_secrets;
	int own_this;             /* --i-own-this: ranges, more than 4 hosts */
	unsigned max_time_s;      /* the whole probe (600); what is left
				     undone is said in limitations */
	const char *udp_ports;    /* the UDP services asked, "161,1900"
				     (1900 SSDP, 5353 mDNS, 161 SNMP, 69
				     TFTP, 5683 CoAP) or "none"; NULL: all */
	int discovery_only;       /* find and identify services, run no
				     check (said in checks and limitations) */
	jcs_probe_progress_fn progress; /* MAY be NULL */
	void *progress_user;
};

JCS_API void jcs_probe_opts_default(struct jcs_probe_opts *o);

/*
 * Probe the hosts of O: TCP port discovery, service identification, then
 * every probe check over the services. Findings (location host, port,
 * protocol), the services found (`services`), the checks that ran and
 * what was not tested go into R. JCS_E_ARG (ERR says why) for options out
 * of scope (a range or more than 4 hosts without own_this) or a host
 * that does not resolve; JCS_OK otherwise, even when nothing answers.
 */
JCS_API jcs_rc jcs_probe(const struct jcs_probe_opts *o,
			 struct jcs_result *r, char *err, size_t errlen);

/* ---------------------------------------------------------------------
 * Assessment: product.yaml -> JC-STAR verdicts (pass, fail,
 * needs-evidence, not-applicable) per catalog requirement
 */

struct jcs_assess_opts {
	struct jcs_scan_opts scan; /* for the firmware input */
	struct jcs_probe_opts probe; /* for the device (inputs.device; its
					hosts are set by the assessment) */
	const char *baseline;  /* suppression file; NULL: product.yaml's */
	int64_t now;           /* judge dates at this time; 0: now */
};

JCS_API void jcs_assess_opts_default(struct jcs_assess_opts *o);

/*
 * Assess the product MANIFEST describes: scan its firmware (if given),
 * judge its documents, apply the baseline, and give every requirement of
 * the catalog a verdict (the result's `requirements`). Targets that were
 * not given or have no checks in this version are recorded as such in
 * `checks`: they make requirements needs-evidence, never pass. JCS_OK
 * unless the assessment could not run (bad manifest: ERR names
 * file:line:column and field).
 */
JCS_API jcs_rc jcs_assess(const char *manifest,
			  const struct jcs_assess_opts *o,
			  struct jcs_result *r, char *err, size_t errlen);

/*
 * Mark the findings a baseline file accepts as suppressed (they stay in
 * the result, with the justification, and no longer count). Entries
 * without a justification make the file an error (ERR: file:line).
 * NOW 0: the current time (expired entries suppress nothing).
 */
JCS_API jcs_rc jcs_result_apply_baseline(struct jcs_result *r,
					 const char *path, int64_t now,
					 char *err, size_t errlen);

/*
 * Render R as FORMAT: text, json, sarif, html, checklist (Markdown),
 * checklist-csv, threat-model, cyclonedx, spdx. COLOR: text only.
 * DATA_DIR (MAY be NULL) holds the rule and category texts.
 * JCS_E_ARG for an unknown format.
 */
JCS_API jcs_rc jcs_result_write(const struct jcs_result *r,
				const char *format, FILE *out, int color,
				const char *data_dir);
/* Requirements of SCHEME ("jcstar-star1", "etsi-en-303-645"; NULL: all)
   with VERDICT (pass, fail, needs-evidence, not-applicable). */
JCS_API size_t jcs_result_verdict_count(const struct jcs_result *r,
					const char *scheme,
					const char *verdict);

/* The formats jcs_result_write() knows, NULL-terminated. */
JCS_API const char *const *jcs_report_formats(void);

/* Text report of a result: findings grouped by category and severity,
   then the evidence found (observations), then what was not checked. */
JCS_API jcs_rc jcs_result_write_text(const struct jcs_result *r, FILE *out,
				     int color);

/* A result's `components` (and the vulnerabilities its findings carry) as
   an SBOM. FORMAT: "cyclonedx" (CycloneDX 1.5 JSON) or "spdx" (SPDX 2.3
   JSON); JCS_E_ARG for another. The same result gives the same bytes. */
JCS_API jcs_rc jcs_result_write_sbom(const struct jcs_result *r,
				     const char *format, FILE *out);
/* How many components R lists; -1 if it has no `components` at all (no
   identification ran, as opposed to none found). */
JCS_API long jcs_result_component_count(const struct jcs_result *r);

/* The commented product.yaml template `jcstar init` writes (static). */
JCS_API const char *jcs_manifest_template(void);

#ifdef __cplusplus
}
#endif

#endif

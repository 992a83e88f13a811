/*
 * catalog.h - the requirement catalog (data/catalog/jcstar-star1.yaml):
 * JC-STAR ★1 items and ETSI EN 303 645 provisions, each with the finding
 * categories and rules that bear on it, the evidence that can satisfy it
 * and where it is tested. The assessment (issue #4) turns findings into
 * verdicts through it; this is only the loaded, validated table.
 *
 * Format and field meanings: the comment at the top of the YAML file and
 * data/catalog/README.md.
 */
#ifndef JCSTAR_CATALOG_H
#define JCSTAR_CATALOG_H

#include <stddef.h>

#include "jcstar/jcstar.h"

struct jcsi_rules;

enum jcsi_scheme {
	JCSI_SCHEME_JCSTAR_STAR1,   /* "jcstar-star1" */
	JCSI_SCHEME_EN303645,       /* "etsi-en-303-645" */
};

/* How far the reference confirms an entry's content (its id may still be
   official: S1.1-09 exists, its title is unknown). */
enum jcsi_confirmed {
	JCSI_CONFIRMED_FALSE,
	JCSI_CONFIRMED_PARTIAL,
	JCSI_CONFIRMED_TRUE,
};

enum jcsi_evidence_kind {
	JCSI_EVIDENCE_ABSENCE,      /* none of the categories, checks ran */
	JCSI_EVIDENCE_OBSERVATION,  /* observation:<id> emitted by a check */
	JCSI_EVIDENCE_DOCUMENT,     /* document:<kind> of the product manifest */
};

struct jcsi_evidence {
	enum jcsi_evidence_kind kind;
	char *what;                 /* observation id / document kind; NULL */
};

/* Where an entry can be tested (tested_in), a bit set. */
enum {
	JCSI_TESTED_FIRMWARE = 1 << 0,
	JCSI_TESTED_LIVE = 1 << 1,
	JCSI_TESTED_CLOUD = 1 << 2,
	JCSI_TESTED_APP = 1 << 3,
	JCSI_TESTED_DOCS = 1 << 4,
};

struct jcsi_strlist {
	char **v;
	size_t n;
};

struct jcsi_requirement {
	char *id;
	enum jcsi_scheme scheme;
	enum jcsi_confirmed confirmed;
	char *title;
	char *asks;
	char *status;        /* EN: M, MF, R...; NULL for JC-STAR */
	char *assessed_by;   /* JC-STAR: document, real-device, unknown */
	struct jcsi_strlist categories;
	struct jcsi_strlist rules;
	struct jcsi_evidence *evidence;
	size_t n_evidence;
	unsigned tested_in;  /* JCSI_TESTED_* */
	struct jcsi_strlist tested_in_names; /* as written */
	struct jcsi_strlist en303645;      /* JC-STAR -> EN provisions */
	int mapping_confirmed;
	struct jcsi_strlist candidate_for; /* local themes: possible items */
	struct jcsi_strlist versions;      /* EN: V2.1.1, V3.1.x */
	struct jcsi_strlist aliases;       /* EN: id in the other version */
	int psti_recognised; /* waived for UK PSTI-conformant products */
	struct jcsi_strlist applies_if; /* product features it needs */
	unsigned line;       /* where the entry starts in the file */
};

struct jcsi_catalog {
	char *version;       /* catalog_version: reports name it */
	char *reference;
	struct jcsi_strlist sources;
	struct jcsi_requirement *req;
	size_t n;
};

/*
 * Load and validate the catalog at PATH. RULES (MAY be NULL: rule ids are
 * then only checked for form) is the rule table rule ids are checked
 * against. On error *OUT is NULL, the code is JCS_E_FORMAT (or JCS_E_IO,
 * JCS_E_NOMEM, JCS_E_LIMIT) and ERR says "PATH:LINE:COLUMN: field: why".
 */
jcs_rc jcsi_catalog_load(const char *path, const struct jcsi_rules *rules,
			 struct jcsi_catalog **out, char *err, size_t errlen);

/* The same over a buffer; NAME stands for the path in messages (fuzzing). */
jcs_rc jcsi_catalog_parse(const char *buf, size_t len, const char *name,
			  const struct jcsi_rules *rules,
			  struct jcsi_catalog **out, char *err, size_t errlen);

void jcsi_catalog_free(struct jcsi_catalog *c);

/* The entry with ID (aliases are not ids), or NULL. */
const struct jcsi_requirement *jcsi_catalog_get(const struct jcsi_catalog *c,
						const char *id);

/* The ids of the entries a finding of RULE (CATEGORY) bears on: those
   listing its category, or the rule itself; at most CAP, in catalog
   order. C MAY be NULL (none). */
size_t jcsi_catalog_requirements_of(const struct jcsi_catalog *c,
				    const char *rule, const char *category,
				    const char **out, size_t cap);

/* Nonzero if L holds V. */
int jcsi_strlist_has(const struct jcsi_strlist *l, const char *v);

/* Free L's strings and array; L is left empty, ready for reuse. */
void jcsi_strlist_free(struct jcsi_strlist *l);

/* Entries listing CATEGORY in their categories. */
size_t jcsi_catalog_count_category(const struct jcsi_catalog *c,
				   const char *category);

/* Observation ids the checks emit today and document kinds of the product
   manifest (NULL-terminated): the only ones evidence may name. */
const char *const *jcsi_catalog_observations(void);
const char *const *jcsi_catalog_documents(void);
/* Product features applies_if may name (NULL-terminated; the order of
   enum jcsi_feature in manifest.h). */
const char *const *jcsi_catalog_features(void);

/* The largest catalog file accepted. */
#define JCSI_CATALOG_MAX_BYTES (4u << 20)

#endif

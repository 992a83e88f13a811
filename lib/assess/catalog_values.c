/*
 * catalog_values.c - the closed vocabularies of the requirement catalog:
 * schemes, confirmation levels, evidence items, test surfaces, EN statuses
 * and the shape of identifiers. Kept apart from the YAML walk so the rules
 * of what a catalog may say are in one place.
 */
#include "catalog_int.h"

#include <string.h>

/* Emitted by checks today (grep jcsi_observe in lib/checks). A new
   observation id is added here when a check starts emitting it. */
static const char *const observations[] = {
	"update.signature-verified",
	"boot.fit-signed",
	NULL,
};

/* The document fields of the product manifest (issue #4). */
static const char *const documents[] = {
	"vulnerability-disclosure", "support-period", "update-policy",
	"key-management", "threat-model", "privacy-policy",
	"version-management", "secure-setup-guide", NULL,
};

/* Product features of the manifest (features:) an entry may depend on
   (applies_if): an entry whose feature the product lacks is
   not-applicable. Same order as enum jcsi_feature (manifest.h). */
static const char *const features[] = {
	"wifi", "bluetooth", "cloud", "app", "user_data", "network_login",
	"updates", NULL,
};

const char *const *jcsi_catalog_features(void)
{
	return features;
}

static const char *const surfaces[] = {"firmware", "live", "cloud", "app",
				       "docs", NULL};

static const char *const statuses[] = {"M", "R", "MF", "MC", "MCF", "RF",
				       "RC", NULL};

static const char *const versions[] = {"V2.1.1", "V3.1.x", NULL};

static const char *const assessed[] = {"document", "real-device", "unknown",
				       NULL};

const char *const *jcsi_catalog_observations(void)
{
	return observations;
}

const char *const *jcsi_catalog_documents(void)
{
	return documents;
}

static int index_of(const char *const *list, const char *s)
{
	for (int i = 0; list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return i;
	return -1;
}

int jcsi_cat_scheme_parse(const char *s, enum jcsi_scheme *out)
{
	if (strcmp(s, "jcstar-star1") == 0)
		*out = JCSI_SCHEME_JCSTAR_STAR1;
	else if (strcmp(s, "etsi-en-303-645") == 0)
		*out = JCSI_SCHEME_EN303645;
	else
		return -1;
	return 0;
}

int jcsi_cat_confirmed_parse(const char *s, enum jcsi_confirmed *out)
{
	if (strcmp(s, "true") == 0)
		*out = JCSI_CONFIRMED_TRUE;
	else if (strcmp(s, "partial") == 0)
		*out = JCSI_CONFIRMED_PARTIAL;
	else if (strcmp(s, "false") == 0)
		*out = JCSI_CONFIRMED_FALSE;
	else
		return -1;
	return 0;
}

int jcsi_cat_surface_bit(const char *s)
{
	int i = index_of(surfaces, s);

	return i < 0 ? 0 : 1 << i;
}

int jcsi_cat_status_valid(const char *s)
{
	return index_of(statuses, s) >= 0;
}

int jcsi_cat_version_valid(const char *s)
{
	return index_of(versions, s) >= 0;
}

int jcsi_cat_assessed_valid(const char *s)
{
	return index_of(assessed, s) >= 0;
}

/* "absence", "observation:<known id>", "document:<known kind>"; WHAT points
   into S (or is NULL for absence). */
const char *jcsi_cat_evidence_parse(const char *s,
				    enum jcsi_evidence_kind *kind,
				    const char **what)
{
	*what = NULL;
	if (strcmp(s, "absence") == 0) {
		*kind = JCSI_EVIDENCE_ABSENCE;
		return NULL;
	}
	if (strncmp(s, "observation:", 12) == 0) {
		*kind = JCSI_EVIDENCE_OBSERVATION;
		*what = s + 12;
		return index_of(observations, *what) < 0 ?
			"is not an observation any check emits" : NULL;
	}
	if (strncmp(s, "document:", 9) == 0) {
		*kind = JCSI_EVIDENCE_DOCUMENT;
		*what = s + 9;
		return index_of(documents, *what) < 0 ?
			"is not a document kind of the product manifest" : NULL;
	}
	return "is not evidence (absence, observation:<id>, document:<kind>)";
}

int jcsi_cat_is_local(const char *id)
{
	return strncmp(id, "local-", 6) == 0;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* local-<lowercase, digits, dashes>: a theme with no official id. */
static int local_id_valid(const char *id)
{
	const char *s = id + 6;

	if (!*s || *s == '-')
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || is_digit(*s) || *s == '-'))
			return 0;
	return 1;
}

/* S1.1-01 .. S1.1-16: the reference confirms the format and the count. */
static int star1_id_valid(const char *id)
{
	int n;

	if (strncmp(id, "S1.1-", 5) != 0 || !is_digit(id[5]) ||
	    !is_digit(id[6]) || id[7])
		return 0;
	n = (id[5] - '0') * 10 + (id[6] - '0');
	return n >= 1 && n <= 16;
}

/* Clause numbers as EN 303 645 writes them: 5.1-2, 5.13-1A, 6-3B, 5.0-1. */
static int en_id_valid(const char *s)
{
	if (!is_digit(*s))
		return 0;
	while (is_digit(*s))
		s++;
	if (*s == '.') {
		s++;
		if (!is_digit(*s))
			return 0;
		while (is_digit(*s))
			s++;
	}
	if (*s++ != '-' || !is_digit(*s))
		return 0;
	while (is_digit(*s))
		s++;
	if (*s >= 'A' && *s <= 'Z')
		s++;
	return *s == '\0';
}

const char *jcsi_cat_id_check(const char *id, enum jcsi_scheme scheme)
{
	if (jcsi_cat_is_local(id))
		return local_id_valid(id) ? NULL :
			"a local id is local- and lowercase letters, digits, dashes";
	if (scheme == JCSI_SCHEME_JCSTAR_STAR1)
		return star1_id_valid(id) ? NULL :
			"not a JC-STAR ★1 id (S1.1-01 .. S1.1-16) or local-...";
	return en_id_valid(id) ? NULL :
		"not an EN 303 645 provision id (like 5.1-2 or 5.13-1A) or local-...";
}

int jcsi_cat_en_id_valid(const char *id)
{
	return en_id_valid(id);
}

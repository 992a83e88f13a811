/*
 * manifest_values.c - the closed vocabularies of product.yaml: document
 * kinds (their catalog names and manifest keys, in enum order) and
 * features. Kept apart from the YAML walk so what a manifest may say is in
 * one place.
 */
#include "manifest_int.h"

#include <string.h>

/* The catalog's names (jcsi_catalog_documents()), in enum order. */
static const char *const doc_names[JCSI_DOC_COUNT] = {
	"vulnerability-disclosure", "support-period", "update-policy",
	"key-management", "threat-model", "privacy-policy",
	"version-management", "secure-setup-guide",
};

/* The keys under documents: in product.yaml, in enum order. */
const char *const jcsi_manifest_doc_keys[JCSI_DOC_COUNT + 1] = {
	"vulnerability_disclosure", "support_period", "update_policy",
	"key_management", "threat_model", "privacy_policy",
	"version_management", "secure_setup_guide", NULL,
};

const char *const jcsi_manifest_feature_keys[JCSI_FEAT_COUNT + 1] = {
	"wifi", "bluetooth", "cloud", "app", "user_data", "network_login",
	"updates", NULL,
};

const char *jcsi_doc_kind_name(enum jcsi_doc_kind k)
{
	return (unsigned)k < JCSI_DOC_COUNT ? doc_names[k] : NULL;
}

const char *jcsi_feature_name(enum jcsi_feature f)
{
	return (unsigned)f < JCSI_FEAT_COUNT ? jcsi_manifest_feature_keys[f] :
					       NULL;
}

int jcsi_manifest_doc_key(const char *key)
{
	for (int i = 0; i < JCSI_DOC_COUNT; i++)
		if (strcmp(jcsi_manifest_doc_keys[i], key) == 0)
			return i;
	return -1;
}

int jcsi_manifest_feature_key(const char *key)
{
	for (int i = 0; i < JCSI_FEAT_COUNT; i++)
		if (strcmp(jcsi_manifest_feature_keys[i], key) == 0)
			return i;
	return -1;
}

/* scheme "://" rest: only web URLs are documents; anything else with
   "://" is a mistake, not a file name. 1 web URL, 0 no URL, -1 bad. */
int jcsi_manifest_url_kind(const char *s)
{
	const char *sep = strstr(s, "://");

	if (!sep)
		return 0;
	if (!((sep - s == 5 && strncasecmp(s, "https", 5) == 0) ||
	      (sep - s == 4 && strncasecmp(s, "http", 4) == 0)))
		return -1;
	if (!sep[3] || sep[3] == '/')
		return -1;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return -1;
	return 1;
}

/* A host name or address for probe: letters, digits, . - _ : [ ]
   (IPv6 in brackets or bare), nothing that looks like a URL or path. */
int jcsi_manifest_host_valid(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > 253)
		return 0;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr(".-_:[]", *p)))
			return 0;
	return 1;
}

/*
 * manifest_int.h - shared by the product manifest loader's files only.
 */
#ifndef JCSTAR_MANIFEST_INT_H
#define JCSTAR_MANIFEST_INT_H

#include <strings.h>

#include "manifest.h"

extern const char *const jcsi_manifest_doc_keys[JCSI_DOC_COUNT + 1];
extern const char *const jcsi_manifest_feature_keys[JCSI_FEAT_COUNT + 1];

/* enum value of a documents:/features: key, -1 if unknown */
int jcsi_manifest_doc_key(const char *key);
int jcsi_manifest_feature_key(const char *key);
/* 1 http(s) URL, 0 not a URL, -1 a URL jcstar does not take */
int jcsi_manifest_url_kind(const char *s);
int jcsi_manifest_host_valid(const char *s);

/* The largest product.yaml, baseline and security.txt accepted. */
#define JCSI_MANIFEST_MAX_BYTES (1u << 20)
#define JCSI_MANIFEST_MAX_ITEMS 10000

#endif

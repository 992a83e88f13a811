/*
 * catalog_int.h - shared by the catalog loader's files only.
 */
#ifndef JCSTAR_CATALOG_INT_H
#define JCSTAR_CATALOG_INT_H

#include "catalog.h"

/* 0 / 1 or -1 for an unknown word. */
int jcsi_cat_scheme_parse(const char *s, enum jcsi_scheme *out);
int jcsi_cat_confirmed_parse(const char *s, enum jcsi_confirmed *out);
/* JCSI_TESTED_* bit of a surface name, 0 if unknown. */
int jcsi_cat_surface_bit(const char *s);
int jcsi_cat_status_valid(const char *s);
int jcsi_cat_version_valid(const char *s);
int jcsi_cat_assessed_valid(const char *s);
/* NULL if S is well-formed evidence, else why not. */
const char *jcsi_cat_evidence_parse(const char *s,
				    enum jcsi_evidence_kind *kind,
				    const char **what);
int jcsi_cat_is_local(const char *id);
/* NULL if ID has the form of SCHEME's ids, else why not. */
const char *jcsi_cat_id_check(const char *id, enum jcsi_scheme scheme);
int jcsi_cat_en_id_valid(const char *id);

#endif

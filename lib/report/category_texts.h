/*
 * category_texts.h - what each finding category means, for the help
 * texts of the reporters: data/categories.tsv (category, group, where it
 * can be found, meaning), a transcription of reference/categories.md.
 */
#ifndef JCSTAR_CATEGORY_TEXTS_H
#define JCSTAR_CATEGORY_TEXTS_H

#include <stddef.h>

#include "jcstar/jcstar.h"

struct jcsi_category_text {
	char *name;
	char *group;    /* "Authentication and credentials" */
	char *where;    /* "firmware,live" */
	char *meaning;  /* one sentence, lower case first */
};

struct jcsi_category_texts;

/* Reads PATH. Every line must have the four fields, a category of
   jcs_category_valid() and no category twice; ERR names "PATH:LINE". */
jcs_rc jcsi_category_texts_load(const char *path,
				struct jcsi_category_texts **out, char *err,
				size_t errlen);
void jcsi_category_texts_free(struct jcsi_category_texts *t);

/* NULL when T is NULL or has no such category. */
const struct jcsi_category_text *
jcsi_category_text(const struct jcsi_category_texts *t, const char *name);
size_t jcsi_category_texts_count(const struct jcsi_category_texts *t);
const struct jcsi_category_text *
jcsi_category_text_at(const struct jcsi_category_texts *t, size_t i);

#endif

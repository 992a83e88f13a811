/*
 * result_int.h - read access to a result's document for the reporters.
 */
#ifndef JCSTAR_RESULT_INT_H
#define JCSTAR_RESULT_INT_H

#include <jansson.h>

#include "jcstar/jcstar.h"

/* Borrowed; valid while R lives. */
const json_t *jcsi_result_doc(const struct jcs_result *r);

#endif

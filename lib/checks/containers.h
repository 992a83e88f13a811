/*
 * containers.h - the containers of a `jcstar unpack` manifest as the scan
 * keeps them (format, origin, format details), and which extracted file
 * each was found in. Between scan.c and containers.c only; checks see
 * struct jcsi_container through check_int.h.
 */
#ifndef JCSTAR_CONTAINERS_H
#define JCSTAR_CONTAINERS_H

#include <stddef.h>

#include <jansson.h>

#include "check_int.h"

struct jcsi_conts;

/*
 * Adds the manifest's container object C to *CS (created on first use).
 * Objects without an id or a format are skipped. JCS_E_NOMEM only.
 */
jcs_rc jcsi_conts_add(struct jcsi_conts **cs, const json_t *c);
/* After the last add, before jcsi_conts_file(): sorts by parent. */
jcs_rc jcsi_conts_index(struct jcsi_conts *cs);
/* The manifest's file at PATH (relative to the unpack directory) is
   evidence entry IX: containers found in that file remember it. */
void jcsi_conts_file(struct jcsi_conts *cs, const char *path, size_t ix);
/* Once the evidence array EV no longer moves: sets each container's file. */
void jcsi_conts_bind(struct jcsi_conts *cs, const struct jcsi_ev *ev);
size_t jcsi_conts_count(const struct jcsi_conts *cs);
const struct jcsi_container *jcsi_conts_get(const struct jcsi_conts *cs,
					    size_t i);
void jcsi_conts_free(struct jcsi_conts *cs);

#endif

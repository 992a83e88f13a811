/*
 * html_int.h - the pieces of the HTML reporter (report_html*.c). The
 * document comes from attacker-controlled firmware and network peers, so
 * every string of it reaches the page through jcsi_html_text() and nothing
 * else: one escaping function, used for text and attribute values alike.
 */
#ifndef JCSTAR_HTML_INT_H
#define JCSTAR_HTML_INT_H

#include <stdio.h>

#include <jansson.h>

#include "category_texts.h"

/* Writes S with & < > " ' escaped, and C0 controls other than tab and
   newline, DEL and the Unicode bidi controls replaced by U+FFFD, so it is
   safe both as element text and inside a double- or single-quoted
   attribute. S is UTF-8 (as jansson guarantees). NULL writes nothing. */
void jcsi_html_text(FILE *out, const char *s);

/* jcsi_html_text() of member KEY of OBJ when it is a string. */
void jcsi_html_member(FILE *out, const json_t *obj, const char *key);

/* OPEN, member KEY of OBJ, CLOSE, when OBJ has KEY; nothing when not, so
   an optional member leaves no empty markup behind. */
void jcsi_html_wrapped(FILE *out, const json_t *obj, const char *key,
		       const char *open, const char *close);

/* The style sheet and the filter script, inlined in <head> / <body>. */
extern const char jcsi_html_css[];
extern const char jcsi_html_script[];

/* "critical".."info" -> 0..4; anything else is 4 (info). */
int jcsi_html_sev_rank(const char *sev);
extern const char *const jcsi_html_sev_names[5];

/* The sections below the summary (report_html_sections.c). */
/* TEXTS (may be NULL: not loaded) explains each category's heading. */
void jcsi_html_findings(FILE *out, const json_t *doc,
			const struct jcsi_category_texts *texts);
void jcsi_html_observations(FILE *out, const json_t *doc);
void jcsi_html_documents(FILE *out, const json_t *doc);
void jcsi_html_components(FILE *out, const json_t *doc);
void jcsi_html_not_checked(FILE *out, const json_t *doc);

/* A finding's location as one line of text: "/etc/shadow:3 in CHAIN",
   "host:port/proto", "METHOD url". */
void jcsi_html_location(FILE *out, const json_t *loc);

/* Index of the requirement with id ID in DOC's requirements, or -1. */
long jcsi_html_req_index(const json_t *doc, const char *id);

#endif

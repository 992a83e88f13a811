/*
 * checklist_int.h - the JC-STAR self-assessment checklist: what one row
 * says about a requirement (checklist_rows.c), written as CSV or Markdown
 * by report_checklist.c.
 */
#ifndef JCSTAR_CHECKLIST_INT_H
#define JCSTAR_CHECKLIST_INT_H

#include <jansson.h>

/* One requirement of the result document, as the checklist shows it.
   The strings are the row's cells before any CSV/Markdown escaping. */
struct jcsi_checklist_row {
	const char *scheme, *id, *title, *verdict; /* borrowed from the doc */
	char *evidence;  /* reason, evidence seen, failing/suppressed findings */
	char *documents; /* the product documents the requirement refers to */
	char *needs;     /* what would decide it ("" when nothing) */
};

/* Fills ROW from requirement REQ of DOC; -1 when out of memory. */
int jcsi_checklist_row(const json_t *doc, const json_t *req,
		       struct jcsi_checklist_row *row);
void jcsi_checklist_row_free(struct jcsi_checklist_row *row);

#endif

/*
 * report_int.h - the reporters. Each renders a result document (the JSON
 * of schema/result.schema.json, as produced by scan/assess or read back
 * from a file by `jcstar report`) and nothing else: no reporter decides a
 * verdict, re-runs a check or reads the firmware. They differ only in the
 * shape of what they write.
 *
 * Every reporter must cope with a document that has no `requirements`
 * (a scan), no `components` (no SBOM), no `product` (not an assessment)
 * and with empty arrays, and must never print a secret the document does
 * not already carry (evidence is masked upstream).
 */
#ifndef JCSTAR_REPORT_INT_H
#define JCSTAR_REPORT_INT_H

#include <stdio.h>

#include <jansson.h>

#include "jcstar/jcstar.h"

struct jcsi_report_opts {
	int color;              /* text: ANSI colours (a terminal) */
	const char *data_dir;   /* rule tables, category texts (help) */
};

jcs_rc jcsi_report_text(const json_t *doc, FILE *out,
			const struct jcsi_report_opts *o);
jcs_rc jcsi_report_json(const json_t *doc, FILE *out,
			const struct jcsi_report_opts *o);
/* SARIF 2.1.0: one run, rules with help text, results with locations. */
jcs_rc jcsi_report_sarif(const json_t *doc, FILE *out,
			 const struct jcsi_report_opts *o);
/* One self-contained HTML file: no script or style fetched from anywhere. */
jcs_rc jcsi_report_html(const json_t *doc, FILE *out,
			const struct jcsi_report_opts *o);
/* The JC-STAR ★1 self-assessment checklist: one row per requirement. */
jcs_rc jcsi_report_checklist_csv(const json_t *doc, FILE *out,
				 const struct jcsi_report_opts *o);
jcs_rc jcsi_report_checklist_md(const json_t *doc, FILE *out,
				const struct jcsi_report_opts *o);
/* A draft threat model (Markdown) from the findings and observations. */
jcs_rc jcsi_report_threat_model(const json_t *doc, FILE *out,
				const struct jcsi_report_opts *o);

#endif

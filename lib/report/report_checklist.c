/*
 * report_checklist.c - the JC-STAR ★1 self-assessment checklist, what a
 * manufacturer attaches to a label application: one row per requirement
 * (★1 items first, then the EN 303 645 provisions) with its verdict, an
 * evidence summary, the product documents it refers to and what would
 * decide it. Rows come from checklist_rows.c; this file only writes them.
 *
 * CSV: RFC 4180 - one table with a header row, columns scheme, id, title,
 * verdict, evidence, documents, needs; CRLF line ends; UTF-8 without a
 * BOM; a field is quoted (quotes doubled) when it holds a comma, a quote,
 * CR or LF. A field starting with = + - @ (a formula to a spreadsheet,
 * and evidence comes from hostile firmware) gets a leading apostrophe.
 *
 * Markdown: a header block (product, catalog, date, tool, verdicts), a
 * ★1 table, an EN 303 645 table, then what could not be checked. In
 * table cells | and \ are escaped, < and & become entities (no HTML from
 * the document reaches a renderer), newlines become <br>.
 */
#include <stdio.h>
#include <string.h>

#include "checklist_int.h"
#include "report_int.h"

#define STAR1 "jcstar-star1"
#define EN "etsi-en-303-645"

static const char *const verdicts[] = {"pass", "fail", "needs-evidence",
				       "not-applicable"};

static void csv_field(FILE *out, const char *s, int last)
{
	int quote = strpbrk(s, ",\"\r\n") != NULL;

	if (quote)
		fputc('"', out);
	if (*s && strchr("=+-@", *s))
		fputc('\'', out); /* inside the quotes: still one field */
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	if (quote)
		fputc('"', out);
	fputs(last ? "\r\n" : ",", out);
}

/* Calls FN for each requirement of SCHEME, in document order. */
static jcs_rc each_row(const json_t *doc, const char *scheme,
		       void (*fn)(FILE *, const struct jcsi_checklist_row *),
		       FILE *out)
{
	const json_t *req;
	size_t i;

	json_array_foreach(json_object_get(doc, "requirements"), i, req) {
		struct jcsi_checklist_row row;
		const char *s = json_string_value(json_object_get(req,
								  "scheme"));

		if (!s || strcmp(s, scheme))
			continue;
		if (jcsi_checklist_row(doc, req, &row))
			return JCS_E_NOMEM;
		fn(out, &row);
		jcsi_checklist_row_free(&row);
	}
	return JCS_OK;
}

static void csv_row(FILE *out, const struct jcsi_checklist_row *r)
{
	csv_field(out, r->scheme, 0);
	csv_field(out, r->id, 0);
	csv_field(out, r->title, 0);
	csv_field(out, r->verdict, 0);
	csv_field(out, r->evidence, 0);
	csv_field(out, r->documents, 0);
	csv_field(out, r->needs, 1);
}

jcs_rc jcsi_report_checklist_csv(const json_t *doc, FILE *out,
				 const struct jcsi_report_opts *o)
{
	jcs_rc rc;

	if (!doc || !out)
		return JCS_E_ARG;
	fputs("scheme,id,title,verdict,evidence,documents,needs\r\n", out);
	rc = each_row(doc, STAR1, csv_row, out);
	if (rc == JCS_OK)
		rc = each_row(doc, EN, csv_row, out);
	if (rc == JCS_OK && ferror(out))
		rc = JCS_E_IO;
	return rc;
}

/* Markdown text: safe in a table cell and as plain paragraph text. */
static void md_text(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '|': fputs("\\|", out); break;
		case '\\': fputs("\\\\", out); break;
		case '<': fputs("&lt;", out); break;
		case '&': fputs("&amp;", out); break;
		case '\n': fputs("<br>", out); break;
		case '\r': break;
		default:
			if ((unsigned char)*s >= 0x20 && *s != 0x7f)
				fputc(*s, out);
		}
	}
}

static void md_row(FILE *out, const struct jcsi_checklist_row *r)
{
	const char *cells[] = {r->id, r->title, r->verdict, r->evidence,
			       r->documents, r->needs};

	for (size_t i = 0; i < sizeof(cells) / sizeof(cells[0]); i++) {
		fputs("| ", out);
		md_text(out, cells[i]);
		fputc(' ', out);
	}
	fputs("|\n", out);
}

/* "N pass, N fail, N needs-evidence, N not-applicable" for SCHEME. */
static void md_counts(FILE *out, const json_t *doc, const char *scheme)
{
	size_t n[4] = {0}, i;
	const json_t *r;

	json_array_foreach(json_object_get(doc, "requirements"), i, r) {
		const char *s = json_string_value(json_object_get(r, "scheme"));
		const char *v = json_string_value(json_object_get(r, "verdict"));

		for (size_t k = 0; s && v && !strcmp(s, scheme) && k < 4; k++)
			n[k] += !strcmp(v, verdicts[k]);
	}
	for (size_t k = 0; k < 4; k++)
		fprintf(out, "%s%zu %s", k ? ", " : "", n[k], verdicts[k]);
}

static void md_list(FILE *out, const json_t *arr)
{
	const json_t *v;
	size_t i;

	json_array_foreach(arr, i, v) {
		fputs(i ? ", " : "", out);
		md_text(out, json_string_value(v));
	}
	if (!json_array_size(arr))
		fputs("(not given)", out);
}

static void md_header(FILE *out, const json_t *doc)
{
	const json_t *p = json_object_get(doc, "product");
	const char *vendor = json_string_value(json_object_get(p, "vendor"));
	const char *cat = json_string_value(json_object_get(
		json_object_get(doc, "catalog"), "version"));
	const char *when = json_string_value(json_object_get(doc,
							     "started_at"));

	fputs("# JC-STAR ★1 self-assessment checklist\n\n- **Product:** ", out);
	if (p) {
		md_text(out, json_string_value(json_object_get(p, "name")));
		if (vendor) {
			fputs(" (", out);
			md_text(out, vendor);
			fputc(')', out);
		}
	} else {
		fputs("(not given: this result is not an assessment)", out);
	}
	fputs("\n- **Models:** ", out);
	md_list(out, json_object_get(p, "models"));
	fputs("\n- **Firmware versions:** ", out);
	md_list(out, json_object_get(p, "firmware_versions"));
	fputs("\n- **Requirement catalog:** ", out);
	md_text(out, cat ? cat : "(not named)");
	fputs("\n- **Date:** ", out);
	md_text(out, when ? when : "?");
	fputs("\n- **Tool:** jcstar ", out);
	md_text(out, json_string_value(json_object_get(doc, "version")));
	fputs("\n- **JC-STAR ★1 verdicts:** ", out);
	md_counts(out, doc, STAR1);
	fputs("\n- **EN 303 645 verdicts:** ", out);
	md_counts(out, doc, EN);
	fputs("\n", out);
}

static jcs_rc md_table(FILE *out, const json_t *doc, const char *scheme,
		       const char *heading)
{
	fprintf(out, "\n## %s\n\n", heading);
	fputs("| ID | Requirement | Verdict | Evidence summary | Documents "
	      "| What is needed |\n"
	      "| --- | --- | --- | --- | --- | --- |\n", out);
	return each_row(doc, scheme, md_row, out);
}

jcs_rc jcsi_report_checklist_md(const json_t *doc, FILE *out,
				const struct jcsi_report_opts *o)
{
	const json_t *l;
	size_t i;
	jcs_rc rc;

	if (!doc || !out)
		return JCS_E_ARG;
	md_header(out, doc);
	if (!json_array_size(json_object_get(doc, "requirements")))
		fputs("\nNo requirement verdicts in this result: the checklist "
		      "is filled in by `jcstar assess`.\n", out);
	rc = md_table(out, doc, STAR1, "JC-STAR ★1 requirements");
	if (rc == JCS_OK)
		rc = md_table(out, doc, EN, "ETSI EN 303 645 provisions");
	if (rc == JCS_OK && json_array_size(json_object_get(doc,
							    "limitations"))) {
		fputs("\n## Not checked\n\n", out);
		json_array_foreach(json_object_get(doc, "limitations"), i, l) {
			fputs("- ", out);
			md_text(out, json_string_value(json_object_get(l,
								       "what")));
			fputs(": ", out);
			md_text(out, json_string_value(json_object_get(l,
								       "why")));
			fputc('\n', out);
		}
	}
	if (rc == JCS_OK && ferror(out))
		rc = JCS_E_IO;
	return rc;
}

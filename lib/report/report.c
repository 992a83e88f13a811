/*
 * report.c - one entry point for every output format: a format name ->
 * its reporter. Reporters render the result document and nothing else.
 */
#include <string.h>

#include "../checks/rules.h"
#include "../result/result_int.h"
#include "../sbom/sbom_int.h"
#include "report_int.h"

typedef jcs_rc (*reporter_fn)(const json_t *doc, FILE *out,
			      const struct jcsi_report_opts *o);

/* The SBOM writers take no options. */
static jcs_rc cyclonedx(const json_t *doc, FILE *out,
			const struct jcsi_report_opts *o)
{
	return jcsi_sbom_cyclonedx(doc, out);
}

static jcs_rc spdx(const json_t *doc, FILE *out,
		   const struct jcsi_report_opts *o)
{
	return jcsi_sbom_spdx(doc, out);
}

static const struct {
	const char *name;
	reporter_fn fn;
} reporters[] = {
	{"text", jcsi_report_text},
	{"json", jcsi_report_json},
	{"sarif", jcsi_report_sarif},
	{"html", jcsi_report_html},
	{"checklist", jcsi_report_checklist_md},
	{"checklist-csv", jcsi_report_checklist_csv},
	{"threat-model", jcsi_report_threat_model},
	{"cyclonedx", cyclonedx},
	{"spdx", spdx},
};

static const char *const *format_names(void)
{
	static const char *names[sizeof(reporters) / sizeof(*reporters) + 1];

	for (size_t i = 0; i < sizeof(reporters) / sizeof(*reporters); i++)
		names[i] = reporters[i].name;
	return names;
}

const char *const *jcs_report_formats(void)
{
	return format_names();
}

jcs_rc jcs_result_write(const struct jcs_result *r, const char *format,
			FILE *out, int color, const char *data_dir)
{
	struct jcsi_report_opts o = {.color = color,
				     .data_dir = jcsi_data_dir(data_dir)};

	if (!r || !format || !out)
		return JCS_E_ARG;
	for (size_t i = 0; i < sizeof(reporters) / sizeof(*reporters); i++)
		if (!strcmp(reporters[i].name, format))
			return reporters[i].fn(jcsi_result_doc(r), out, &o);
	return JCS_E_ARG;
}

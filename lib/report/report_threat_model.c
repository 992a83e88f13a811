/*
 * report_threat_model.c - a DRAFT threat model in Markdown, generated from
 * a result document: scope, assets, entry points, STRIDE per entry point
 * (threat_model_surface.c), the mitigations seen and missing, accepted
 * risks and the questions only the engineer can answer.
 *
 * Products fail JC-STAR most often for want of a threat model; this gives
 * the engineer one to correct instead of a blank page. It must therefore
 * be specific (every claim points at a finding, an observation or a
 * requirement) and honest: what no check looked at says "not examined",
 * what is a guess says "assumed", and the absence of a finding counts as
 * a mitigation only after a check that ran.
 */
#include <stdlib.h>
#include <string.h>

#include "report_int.h"
#include "threat_model.h"
#include "../checks/rules.h"
#include "../core/mem.h"

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static const char *const sev_names[] = {"critical", "high", "medium", "low",
					"info"};

int jcsi_tm_severity_rank(const char *severity)
{
	for (int i = 0; i < 5; i++)
		if (severity && !strcmp(severity, sev_names[i]))
			return i;
	return 4;
}

int jcsi_tm_target_listed(const struct jcsi_tm_ctx *c, const char *target)
{
	const json_t *ck;
	size_t i;

	json_array_foreach(c->checks, i, ck)
		if (str(ck, "target") && !strcmp(str(ck, "target"), target))
			return 1;
	return 0;
}

int jcsi_tm_target_ran(const struct jcsi_tm_ctx *c, const char *target)
{
	const char *cmd = str(c->doc, "command");
	const json_t *ck;
	size_t i;

	if (!c->checks)
		return !strcmp(target, "firmware") && cmd &&
		       !strcmp(cmd, "scan");
	json_array_foreach(c->checks, i, ck)
		if (str(ck, "target") && !strcmp(str(ck, "target"), target) &&
		    str(ck, "status") && !strcmp(str(ck, "status"), "ran"))
			return 1;
	return 0;
}

/* ---- header and scope ------------------------------------------------ */

static void join_strings(FILE *out, const json_t *a, const char *none)
{
	const json_t *s;
	size_t i;

	if (!json_array_size(a)) {
		fputs(none, out);
		return;
	}
	json_array_foreach(a, i, s) {
		if (i)
			fputs(", ", out);
		jcsi_tm_text(out, json_string_value(s), 80);
	}
}

static void header(const struct jcsi_tm_ctx *c)
{
	const json_t *p = json_object_get(c->doc, "product");
	const json_t *in = json_object_get(c->doc, "input");
	const char *name = str(p, "name"), *path = str(in, "path");
	const char *base = path ? strrchr(path, '/') : NULL;
	FILE *out = c->out;

	fputs("# Threat model (DRAFT): ", out);
	jcsi_tm_text(out, name ? name : base ? base + 1 : path ? path :
			    "unnamed input", 120);
	fputs("\n\n> **DRAFT generated from automated evidence — review every "
	      "section.** jcstar wrote this from what its checks saw in the "
	      "result below. Lines marked *assumed* are guesses, parts marked "
	      "*not examined* were not looked at, and a threat with no "
	      "evidence is not proof the threat is absent. A threat model is "
	      "the manufacturer's document: correct it, complete it and keep "
	      "it with the product's records.\n\n"
	      "| Item | Value |\n| --- | --- |\n", out);
	if (p) {
		fputs("| Product | ", out);
		jcsi_tm_text(out, name, 120);
		if (str(p, "vendor")) {
			fputs(" (", out);
			jcsi_tm_text(out, str(p, "vendor"), 80);
			fputc(')', out);
		}
		fputs(" |\n| Models | ", out);
		join_strings(out, json_object_get(p, "models"), "not stated");
		fputs(" |\n", out);
	}
	fputs("| Firmware versions | ", out);
	join_strings(out, json_object_get(p, "firmware_versions"),
		     "not stated in the result");
	fputs(" |\n", out);
	if (in) {
		fputs("| Input | ", out);
		jcsi_tm_code(out, path, 120);
		fprintf(out, ", %lld bytes, sha256 ",
			(long long)json_integer_value(json_object_get(in,
								      "size")));
		jcsi_tm_code(out, str(in, "sha256"), 64);
		fputs(" |\n", out);
	}
	fputs("| Evidence collected | ", out);
	jcsi_tm_text(out, str(c->doc, "started_at"), 40);
	fputs(" (command ", out);
	jcsi_tm_code(out, str(c->doc, "command"), 40);
	fputs(") |\n| Tool | jcstar ", out);
	jcsi_tm_text(out, str(c->doc, "version"), 40);
	fputs(", requirement catalog ", out);
	jcsi_tm_text(out, str(json_object_get(c->doc, "catalog"), "version") ?
			    str(json_object_get(c->doc, "catalog"), "version") :
			    "not named", 40);
	fputs(" |\n", out);
}

static void scope(const struct jcsi_tm_ctx *c)
{
	static const char *const targets[] = {"firmware", "live", "cloud",
					      "app", "docs", NULL};
	static const char *const what[] = {
		"firmware image", "running device on the network",
		"cloud API", "companion app", "documents"};
	FILE *out = c->out;

	fputs("\n## 1. Scope\n\n"
	      "| Target | Examined | Checks |\n| --- | --- | --- |\n", out);
	for (size_t t = 0; targets[t]; t++) {
		const json_t *ck;
		size_t i, n = 0;

		fprintf(out, "| %s (%s) | %s | ", targets[t], what[t],
			jcsi_tm_target_ran(c, targets[t]) ? "yes" :
			"**not examined**");
		if (!c->checks) {
			fputs(jcsi_tm_target_ran(c, targets[t]) ?
				      "the result does not list its checks" :
				      "—", out);
			fputs(" |\n", out);
			continue;
		}
		json_array_foreach(c->checks, i, ck) {
			if (!str(ck, "target") ||
			    strcmp(str(ck, "target"), targets[t]))
				continue;
			if (n++)
				fputs("; ", out);
			jcsi_tm_code(out, str(ck, "name"), 40);
			if (str(ck, "status") && strcmp(str(ck, "status"),
							"ran")) {
				fputc(' ', out);
				jcsi_tm_text(out, str(ck, "status"), 20);
				if (str(ck, "why")) {
					fputs(": ", out);
					jcsi_tm_text(out, str(ck, "why"), 120);
				}
			}
		}
		fputs(n ? " |\n" : "no check of this target |\n", out);
	}
}

/* ---- mitigations ----------------------------------------------------- */

static int category_found(const struct jcsi_tm_ctx *c, const char *cat)
{
	const json_t *f;
	size_t i;

	json_array_foreach(c->findings, i, f)
		if (str(f, "category") && !strcmp(str(f, "category"), cat))
			return 1;
	return 0;
}

/* The categories a check that ran could have reported and did not:
   their absence is evidence (the catalog's "absence" item). */
static size_t absences(const struct jcsi_tm_ctx *c)
{
	const struct jcsi_rules *r = c->d->rules;
	const json_t *ck;
	size_t i, lines = 0;

	json_array_foreach(c->checks, i, ck) {
		const char *name = str(ck, "name"), *sep = "";

		if (!name || !str(ck, "status") ||
		    strcmp(str(ck, "status"), "ran"))
			continue;
		for (size_t k = 0; k < jcsi_rules_count(r); k++) {
			const struct jcs_rule_info *ri = jcsi_rules_at(r, k);
			int dup = 0;

			if (strcmp(ri->check, name) ||
			    category_found(c, ri->category))
				continue;
			for (size_t j = 0; j < k && !dup; j++) {
				const struct jcs_rule_info *rj =
					jcsi_rules_at(r, j);

				dup = !strcmp(rj->check, name) &&
				      !strcmp(rj->category, ri->category);
			}
			if (dup)
				continue;
			if (!*sep) {
				fputs("- Check ", c->out);
				jcsi_tm_code(c->out, name, 40);
				fputs(" ran and reported nothing of ", c->out);
				lines++;
			}
			fprintf(c->out, "%s%s", sep, ri->category);
			sep = ", ";
		}
		if (*sep)
			fputs(".\n", c->out);
	}
	return lines;
}

static void mitigations_seen(const struct jcsi_tm_ctx *c)
{
	const json_t *o;
	FILE *out = c->out;
	size_t i, n = 0;

	fputs("\n## 5. Mitigations seen\n\n"
	      "### Positive evidence\n\n", out);
	json_array_foreach(c->observations, i, o) {
		fputs("- ", out);
		jcsi_tm_text(out, str(o, "title"), 200);
		fputs(" — at ", out);
		jcsi_tm_location(out, json_object_get(o, "location"));
		fputs(" (", out);
		jcsi_tm_text(out, str(o, "id"), 80);
		fputc(')', out);
		if (str(o, "evidence")) {
			fputs(": ", out);
			jcsi_tm_code(out, str(o, "evidence"), 120);
		}
		fputc('\n', out);
		n++;
	}
	if (!n)
		fputs("None: no check recorded positive evidence (such as a "
		      "verified update signature or a signed boot image).\n",
		      out);

	if (c->requirements) {
		fputs("\n### Requirements that pass\n\n", out);
		n = 0;
		json_array_foreach(c->requirements, i, o) {
			const json_t *e;
			size_t k;

			if (!str(o, "verdict") ||
			    strcmp(str(o, "verdict"), "pass"))
				continue;
			fputs("- **", out);
			jcsi_tm_text(out, str(o, "id"), 40);
			fputs("** ", out);
			jcsi_tm_text(out, str(o, "title"), 120);
			fputs(": ", out);
			jcsi_tm_text(out, str(o, "reason"), 200);
			json_array_foreach(json_object_get(o, "evidence"), k,
					   e) {
				fputs(k ? "; " : " Evidence: ", out);
				jcsi_tm_text(out, str(e, "kind"), 20);
				fputs(" — ", out);
				jcsi_tm_text(out, str(e, "detail"), 160);
			}
			fputc('\n', out);
			n++;
		}
		if (!n)
			fputs("None.\n", out);
	}

	fputs("\n### No finding after a check that ran\n\n", out);
	if (!c->checks)
		fputs("The result does not list which checks ran, so the "
		      "absence of a finding is not counted as a mitigation "
		      "here.\n", out);
	else if (!absences(c))
		fputs("None: no check that ran came back clean of every "
		      "category it looks for.\n", out);
}

/* "; fails S1.1-01, 5.5-4": the requirement ids the open findings of CAT
   bear on, without repeats (a json object as the set). */
static void category_requirements(const struct jcsi_tm_ctx *c,
				  const char *cat)
{
	json_t *set = json_object();
	const json_t *f, *r;
	size_t i, k, n = 0;

	json_array_foreach(c->findings, i, f) {
		if (json_object_get(f, "suppressed") || !str(f, "category") ||
		    strcmp(str(f, "category"), cat))
			continue;
		json_array_foreach(json_object_get(f, "requirements"), k, r) {
			const char *id = json_string_value(r);

			if (!id || !set || json_object_get(set, id))
				continue;
			json_object_set_new(set, id, json_true());
			fputs(n++ ? ", " : "; fails ", c->out);
			jcsi_tm_text(c->out, id, 40);
		}
	}
	json_decref(set);
}

struct cat_count {
	const char *category;
	size_t n;
	int worst;
	size_t first;
};

static int by_severity(const void *a, const void *b)
{
	const struct cat_count *x = a, *y = b;

	if (x->worst != y->worst)
		return x->worst - y->worst;
	return x->first < y->first ? -1 : x->first > y->first;
}

/* How many findings a category lists under its missing mitigation. */
#define SHOWN_MAX 3

/* "- **telnet-enabled** (1 finding, worst critical; fails ...):
   mitigation", then where, one line each: per category with open
   findings, worst first. */
static void missing_by_category(const struct jcsi_tm_ctx *c)
{
	size_t nf = json_array_size(c->findings), ng = 0, i;
	struct cat_count *g = jcsi_calloc(nf + 1, sizeof(*g));
	FILE *out = c->out;
	const json_t *f;

	if (!g) {
		fputs("(not written: out of memory)\n", out);
		return;
	}
	json_array_foreach(c->findings, i, f) {
		const char *cat = str(f, "category");
		int rank = jcsi_tm_severity_rank(str(f, "severity"));
		size_t k;

		if (!cat || json_object_get(f, "suppressed"))
			continue;
		for (k = 0; k < ng && strcmp(g[k].category, cat); k++)
			;
		if (k == ng)
			g[ng++] = (struct cat_count){cat, 0, rank, i};
		g[k].n++;
		if (rank < g[k].worst)
			g[k].worst = rank;
	}
	qsort(g, ng, sizeof(*g), by_severity);
	for (size_t k = 0; k < ng; k++) {
		const struct jcsi_tm_row *st = jcsi_tm_stride(c->d,
							      g[k].category);
		size_t shown = 0;

		fprintf(out, "- **%s** (%zu finding%s, worst %s", g[k].category,
			g[k].n, g[k].n == 1 ? "" : "s", sev_names[g[k].worst]);
		category_requirements(c, g[k].category);
		fputs("): ", out);
		jcsi_tm_text(out, st ? st->f[3] : "no mitigation text", 300);
		fputc('\n', out);
		json_array_foreach(c->findings, i, f) {
			if (json_object_get(f, "suppressed") ||
			    !str(f, "category") ||
			    strcmp(str(f, "category"), g[k].category))
				continue;
			if (shown++ == SHOWN_MAX) {
				fprintf(out, "  - and %zu more\n",
					g[k].n - SHOWN_MAX);
				break;
			}
			fputs("  - ", out);
			jcsi_tm_location(out, json_object_get(f, "location"));
			fputs(": ", out);
			jcsi_tm_text(out, str(f, "title"), 160);
			if (str(f, "evidence")) {
				fputs(" — ", out);
				jcsi_tm_code(out, str(f, "evidence"), 100);
			}
			fputc('\n', out);
		}
	}
	if (!ng)
		fputs("None: no open finding.\n", out);
	jcsi_free(g);
}

static void mitigations_missing(const struct jcsi_tm_ctx *c)
{
	const json_t *r;
	size_t i, n = 0;

	fputs("\n## 6. Mitigations missing\n\n"
	      "What the findings show is not mitigated, with the mitigation "
	      "that closes it and the requirements it fails.\n\n", c->out);
	missing_by_category(c);
	/* requirements failed by something other than a finding: an
	   expired security.txt, a missing contact */
	json_array_foreach(c->requirements, i, r) {
		if (!str(r, "verdict") || strcmp(str(r, "verdict"), "fail") ||
		    json_array_size(json_object_get(r, "findings")))
			continue;
		if (!n++)
			fputs("\nRequirements failed without a finding:\n\n",
			      c->out);
		fputs("- **", c->out);
		jcsi_tm_text(c->out, str(r, "id"), 40);
		fputs("** ", c->out);
		jcsi_tm_text(c->out, str(r, "title"), 120);
		fputs(": ", c->out);
		jcsi_tm_text(c->out, str(r, "reason"), 200);
		fputc('\n', c->out);
	}
}

static void accepted_risks(const struct jcsi_tm_ctx *c)
{
	const json_t *f;
	size_t i, n = 0;

	fputs("\n## 7. Accepted risks\n\n", c->out);
	json_array_foreach(c->findings, i, f) {
		const json_t *s = json_object_get(f, "suppressed");

		if (!s)
			continue;
		n++;
		fputs("- ", c->out);
		jcsi_tm_text(c->out, str(f, "title"), 160);
		fputs(" at ", c->out);
		jcsi_tm_location(c->out, json_object_get(f, "location"));
		fputs(" — accepted: ", c->out);
		jcsi_tm_text(c->out, str(s, "justification"), 200);
		if (str(s, "expires")) {
			fputs(" (until ", c->out);
			jcsi_tm_text(c->out, str(s, "expires"), 20);
			fputc(')', c->out);
		}
		fputc('\n', c->out);
	}
	if (!n)
		fputs("None: no finding is suppressed by a baseline.\n",
		      c->out);
}

/* ---- open questions -------------------------------------------------- */

/* QUESTION with "{}" replaced by where the findings (or observations) of
   its selector were seen. */
static void question(const struct jcsi_tm_ctx *c, const char *q,
		     const char *cat, const char *obs)
{
	const char *hole = strstr(q, "{}");
	const json_t *list = cat ? c->findings : c->observations, *f;
	size_t i, n = 0;
	char head[512];

	fputs("- ", c->out);
	if (!hole || (!cat && !obs)) {   /* nothing to say where */
		jcsi_tm_text(c->out, q, 400);
		fputc('\n', c->out);
		return;
	}
	snprintf(head, sizeof(head), "%.*s", (int)(hole - q), q);
	jcsi_tm_text(c->out, head, sizeof(head));
	json_array_foreach(list, i, f) {
		const char *v = str(f, cat ? "category" : "id");
		size_t len = strlen(obs ? obs : "");

		if (!v || (cat ? strcmp(v, cat) :
			   !(!strcmp(v, obs) || (len && (obs[len - 1] == '.' ||
							 obs[len - 1] == '-') &&
						 !strncmp(v, obs, len)))))
			continue;
		if (n == 3) {
			fputs(" and elsewhere", c->out);
			break;
		}
		if (n++)
			fputs(", ", c->out);
		jcsi_tm_location(c->out, json_object_get(f, "location"));
	}
	jcsi_tm_text(c->out, hole + 2, 400);
	fputc('\n', c->out);
}

static int observed(const struct jcsi_tm_ctx *c, const char *sel)
{
	const json_t *o;
	size_t i, n = strlen(sel);

	json_array_foreach(c->observations, i, o) {
		const char *id = str(o, "id");

		if (id && (!strcmp(id, sel) ||
			   (n && (sel[n - 1] == '.' || sel[n - 1] == '-') &&
			    !strncmp(id, sel, n))))
			return 1;
	}
	return 0;
}

static void open_questions(const struct jcsi_tm_ctx *c)
{
	const struct jcsi_tm_table *q = &c->d->questions;
	const json_t *r, *p = json_object_get(c->doc, "product");
	FILE *out = c->out;
	size_t i, n = 0;

	fputs("\n## 8. Open questions for the engineer\n", out);
	if (c->requirements) {
		fputs("\n### Evidence the requirements still need\n\n", out);
		json_array_foreach(c->requirements, i, r) {
			const json_t *need;
			size_t k;

			if (!str(r, "verdict") ||
			    strcmp(str(r, "verdict"), "needs-evidence"))
				continue;
			json_array_foreach(json_object_get(r, "needs"), k,
					   need) {
				fputs("- **", out);
				jcsi_tm_text(out, str(r, "id"), 40);
				fputs("** needs: ", out);
				jcsi_tm_text(out, json_string_value(need), 300);
				fputc('\n', out);
				n++;
			}
			if (!json_array_size(json_object_get(r, "needs"))) {
				fputs("- **", out);
				jcsi_tm_text(out, str(r, "id"), 40);
				fputs("** ", out);
				jcsi_tm_text(out, str(r, "reason"), 300);
				fputc('\n', out);
				n++;
			}
		}
		if (!n)
			fputs("None: no requirement is waiting for "
			      "evidence.\n", out);
	}

	fputs("\n### What was not checked\n\n", out);
	n = 0;
	json_array_foreach(json_object_get(c->doc, "limitations"), i, r) {
		fputs("- Not checked: ", out);
		jcsi_tm_text(out, str(r, "what"), 300);
		fputs(" (", out);
		jcsi_tm_text(out, str(r, "why"), 160);
		fputs("). Does the product use it, and if so, what protects "
		      "it?\n", out);
		n++;
	}
	json_array_foreach(json_object_get(c->doc, "documents"), i, r) {
		const char *st = str(r, "status");

		if (!st || !strcmp(st, "given"))
			continue;
		fputs("- Document ", out);
		jcsi_tm_code(out, str(r, "kind"), 40);
		fputs(" is ", out);
		jcsi_tm_text(out, st, 20);
		if (str(r, "detail")) {
			fputs(": ", out);
			jcsi_tm_text(out, str(r, "detail"), 200);
		}
		fputs(". Who writes it, and by when?\n", out);
		n++;
	}
	if (!n)
		fputs("The result lists no limitation.\n", out);

	fputs("\n### Specific to this product\n\n", out);
	n = 0;
	if (!json_array_size(json_object_get(p, "firmware_versions"))) {
		fputs("- Which firmware version(s) does this threat model "
		      "cover? The result does not say.\n", out);
		n++;
	}
	for (i = 0; i < q->n; i++) {
		const char *sel = q->v[i].f[0];

		if (!strncmp(sel, "category:", 9) &&
		    category_found(c, sel + 9)) {
			question(c, q->v[i].f[1], sel + 9, NULL);
			n++;
		} else if (!strncmp(sel, "observation:", 12) &&
			   observed(c, sel + 12)) {
			question(c, q->v[i].f[1], NULL, sel + 12);
			n++;
		} else if (!strncmp(sel, "not-run:", 8) &&
			   !jcsi_tm_target_ran(c, sel + 8)) {
			question(c, q->v[i].f[1], NULL, NULL);
			n++;
		}
	}
	if (!n)
		fputs("None beyond the standard questions.\n", out);

	fputs("\n### Standard questions\n\n", out);
	for (i = 0; i < q->n; i++)
		if (!strcmp(q->v[i].f[0], "always"))
			question(c, q->v[i].f[1], NULL, NULL);
}

jcs_rc jcsi_report_threat_model(const json_t *doc, FILE *out,
				const struct jcsi_report_opts *o)
{
	struct jcsi_tm_data *d = NULL;
	struct jcsi_tm_ctx c;
	char err[512];
	jcs_rc rc;

	if (!doc || !out || !json_is_object(doc))
		return JCS_E_ARG;
	/* the reporter contract returns a code only; the "file:line" text
	   of a broken table is for jcsi_tm_data_load's own callers */
	rc = jcsi_tm_data_load(o ? o->data_dir : NULL, &d, err, sizeof(err));
	if (rc != JCS_OK)
		return rc;
	c = (struct jcsi_tm_ctx){
		.doc = doc,
		.findings = json_object_get(doc, "findings"),
		.observations = json_object_get(doc, "observations"),
		.requirements = json_object_get(doc, "requirements"),
		.checks = json_object_get(doc, "checks"),
		.d = d,
		.out = out,
	};
	header(&c);
	scope(&c);
	jcsi_tm_assets(&c);
	jcsi_tm_entry_points(&c);
	mitigations_seen(&c);
	mitigations_missing(&c);
	accepted_risks(&c);
	open_questions(&c);
	fputs("\n---\n\n*Generated by jcstar from automated evidence. Review "
	      "every section before this document is used for a JC-STAR "
	      "application.*\n", out);
	jcsi_tm_data_free(d);
	return ferror(out) ? JCS_E_IO : JCS_OK;
}

/*
 * threat_model_surface.c - the attack surface sections of the draft threat
 * model: assets (what an attacker wants), entry points (how they get in)
 * and the STRIDE threats of each entry point. All three are derived from
 * the findings and observations through the .tsv files of data/threat-model/; what no
 * evidence shows is marked "assumed" or "not examined", never invented.
 */
#include <stdlib.h>
#include <string.h>

#include "threat_model.h"
#include "../core/mem.h"

/* How many places an asset or entry point lists before "and N more". */
#define SEEN_MAX 5

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* One place where something was seen. */
struct seen {
	const json_t *item;     /* finding or observation */
	const char *tag;        /* its rule or observation id */
};

struct seen_list {
	struct seen *v;
	size_t n;
	int failed;             /* out of memory: the list is incomplete */
};

static int same_location(const json_t *a, const json_t *b)
{
	static const char *const keys[] = {"path", "line", "host", "port",
					   "url", NULL};

	for (size_t i = 0; keys[i]; i++)
		if (!json_equal(json_object_get(a, keys[i]),
				json_object_get(b, keys[i])) &&
		    (json_object_get(a, keys[i]) || json_object_get(b, keys[i])))
			return 0;
	return 1;
}

/* The subject a finding's title names in quotes: the account in
   "Account 'root' has ...". */
static size_t subject(const json_t *item, const char **s)
{
	const char *t = str(item, "title"), *a, *b;

	if (!t || !(a = strchr(t, '\'')) || !(b = strchr(a + 1, '\'')))
		return 0;
	*s = a + 1;
	return (size_t)(b - a - 1);
}

static int same_place(const struct seen *a, const json_t *item)
{
	const char *sa = NULL, *sb = NULL;
	size_t na = subject(a->item, &sa), nb = subject(item, &sb);

	return na == nb && (!na || !memcmp(sa, sb, na)) &&
	       same_location(json_object_get(a->item, "location"),
			     json_object_get(item, "location"));
}

static void seen_add(struct seen_list *l, const json_t *item,
		     const char *tag)
{
	struct seen *v;

	for (size_t i = 0; i < l->n; i++)
		if (same_place(&l->v[i], item))
			return;
	v = jcsi_realloc(l->v, (l->n + 1) * sizeof(*v));
	if (!v) {
		l->failed = 1;
		return;
	}
	l->v = v;
	v[l->n++] = (struct seen){item, tag};
}

/* "`root` at `/etc/passwd:1` (accounts.weak-hash); ..." */
static void seen_write(FILE *out, const struct seen_list *l, int with_tag)
{
	for (size_t i = 0; i < l->n && i < SEEN_MAX; i++) {
		const char *s = NULL;
		size_t n = subject(l->v[i].item, &s);
		char buf[130];

		if (i)
			fputs("; ", out);
		if (n) {
			snprintf(buf, sizeof(buf), "%.*s", (int)n, s);
			jcsi_tm_code(out, buf, 60);
			fputs(" at ", out);
		}
		jcsi_tm_location(out, json_object_get(l->v[i].item,
						      "location"));
		if (with_tag && l->v[i].tag) {
			fputs(" (", out);
			jcsi_tm_text(out, l->v[i].tag, 80);
			fputc(')', out);
		}
	}
	if (l->n > SEEN_MAX)
		fprintf(out, "; and %zu more", l->n - SEEN_MAX);
	if (l->failed)
		fputs("; (list incomplete: out of memory)", out);
}

/* Rows of T that open a new id (field 1), in table order. */
static int first_of_id(const struct jcsi_tm_table *t, size_t i)
{
	return jcsi_tm_by_id(t, t->v[i].f[1]) == &t->v[i];
}

static int matches_id(const struct jcsi_tm_row *r, const char *id)
{
	return r && !strcmp(r->f[1], id);
}

/* ---- assets ---------------------------------------------------------- */

/* A line "SELECTOR ID ..." exists: an asset may be both assumed and
   found, so the first match of the selector is not enough. */
static int has_row(const struct jcsi_tm_table *t, const char *selector,
		   const char *id)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->v[i].f[0], selector) &&
		    !strcmp(t->v[i].f[1], id))
			return 1;
	return 0;
}

void jcsi_tm_assets(const struct jcsi_tm_ctx *c)
{
	const struct jcsi_tm_table *t = &c->d->assets;
	const json_t *in = json_object_get(c->doc, "input");
	FILE *out = c->out;

	fputs("\n## 2. Assets\n\n"
	      "What an attacker wants from the device. *Found* assets were "
	      "seen in the evidence (where is listed); *assumed* ones are "
	      "standard for a connected device and no check can see them: "
	      "confirm or strike them.\n\n"
	      "| Asset | Protect | Basis | Seen at |\n"
	      "| --- | --- | --- | --- |\n", out);
	/* found assets first: they are the ones the evidence is about */
	for (size_t k2 = 0; k2 < 2 * t->n; k2++) {
		size_t i = k2 % t->n;
		int pass = k2 >= t->n;
		const char *id = t->v[i].f[1];
		struct seen_list l = {0};
		const json_t *f;
		size_t k;
		int input = 0, assumed;

		if (!first_of_id(t, i))
			continue;
		json_array_foreach(c->findings, k, f)
			if (matches_id(jcsi_tm_match(t, str(f, "rule"),
						     str(f, "category"), NULL,
						     NULL, NULL), id))
				seen_add(&l, f, str(f, "rule"));
		json_array_foreach(c->observations, k, f)
			if (matches_id(jcsi_tm_match(t, NULL, NULL,
						     str(f, "id"), NULL, NULL),
				       id))
				seen_add(&l, f, str(f, "id"));
		input = in && has_row(t, "input", id);
		assumed = has_row(t, "assumed", id);
		if ((!l.n && !input && !assumed) ||
		    (pass == 0) != (l.n || input)) {
			jcsi_free(l.v);
			continue;
		}
		fputs("| ", out);
		jcsi_tm_text(out, t->v[i].f[3], 200);
		fputs(" | ", out);
		jcsi_tm_text(out, t->v[i].f[2], 80);
		fputs(l.n || input ? " | found | " : " | assumed | ", out);
		if (input) {
			fputs("analysed image ", out);
			jcsi_tm_code(out, str(in, "path"), 100);
			fputs(" (sha256 ", out);
			jcsi_tm_code(out, str(in, "sha256"), 16);
			fputc(')', out);
			if (l.n)
				fputs("; ", out);
		}
		if (l.n)
			seen_write(out, &l, 0);
		else if (!input)
			fputs("no direct evidence", out);
		fputs(" |\n", out);
		jcsi_free(l.v);
	}
}

/* ---- entry points and STRIDE ----------------------------------------- */

static const char stride[] = "STRIDE";

static unsigned letters_mask(const char *l)
{
	unsigned m = 0;

	for (; l && *l; l++) {
		const char *p = strchr(stride, *l);

		if (p)
			m |= 1u << (p - stride);
	}
	return m;
}

struct entry {
	const struct jcsi_tm_row *def;
	struct seen_list seen;
	size_t open, accepted, observed;
	int worst;
	int not_examined;
	unsigned mask;          /* from findings */
	unsigned mitigated;     /* from the entry's categories, observed only */
};

static void collect(const struct jcsi_tm_ctx *c, struct entry *e)
{
	const struct jcsi_tm_table *t = &c->d->entries;
	const char *id = e->def->f[1];
	static const char *const targets[] = {"live", "cloud", "app", NULL};
	const json_t *f;
	size_t k;

	e->worst = 5;
	json_array_foreach(c->findings, k, f) {
		const struct jcsi_tm_row *st;

		if (!matches_id(jcsi_tm_match(t, str(f, "rule"),
					      str(f, "category"), NULL, NULL,
					      NULL), id))
			continue;
		seen_add(&e->seen, f, str(f, "rule"));
		if (json_object_get(f, "suppressed")) {
			e->accepted++;
		} else {
			int r = jcsi_tm_severity_rank(str(f, "severity"));

			e->open++;
			if (r < e->worst)
				e->worst = r;
		}
		st = jcsi_tm_stride(c->d, str(f, "category"));
		if (st)
			e->mask |= letters_mask(st->f[1]);
	}
	json_array_foreach(c->observations, k, f)
		if (matches_id(jcsi_tm_match(t, NULL, NULL, str(f, "id"), NULL,
					     NULL), id)) {
			seen_add(&e->seen, f, str(f, "id"));
			e->observed++;
		}
	if (e->observed)
		for (size_t i = 0; i < t->n; i++)
			if (!strcmp(t->v[i].f[1], id) &&
			    !strncmp(t->v[i].f[0], "category:", 9)) {
				const struct jcsi_tm_row *st = jcsi_tm_stride(
					c->d, t->v[i].f[0] + 9);

				e->mitigated |= st ? letters_mask(st->f[1]) : 0;
			}
	e->mitigated &= ~e->mask;
	/* a target that was not checked hides its entry points; the app
	   only when the result says there is one to check */
	if (!e->seen.n)
		for (size_t i = 0; targets[i]; i++)
			if (matches_id(jcsi_tm_match(t, NULL, NULL, NULL,
						     targets[i], NULL), id) &&
			    !jcsi_tm_target_ran(c, targets[i]) &&
			    (strcmp(targets[i], "app") ||
			     jcsi_tm_target_listed(c, "app")))
				e->not_examined = 1;
}

static const char *const sev_names[] = {"critical", "high", "medium", "low",
					"info"};

/* Open entry points first, worst finding first; then accepted or
   mitigated ones; not examined last; table order otherwise. */
static int exposure(const struct entry *e)
{
	if (e->not_examined)
		return 7;
	return e->open ? e->worst : 6;
}

static int by_exposure(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (exposure(x) != exposure(y))
		return exposure(x) - exposure(y);
	return x->def < y->def ? -1 : x->def > y->def;
}

static void entry_status(FILE *out, const struct entry *e)
{
	if (e->not_examined) {
		fputs("not examined", out);
		return;
	}
	if (e->open)
		fprintf(out, "**open**: %zu finding%s, worst %s", e->open,
			e->open == 1 ? "" : "s", sev_names[e->worst]);
	if (e->accepted)
		fprintf(out, "%saccepted risk: %zu suppressed finding%s",
			e->open ? "; " : "", e->accepted,
			e->accepted == 1 ? "" : "s");
	if (e->observed)
		fprintf(out, "%smitigation seen (%zu observation%s)",
			e->open || e->accepted ? "; " : "", e->observed,
			e->observed == 1 ? "" : "s");
}

static void stride_row(const struct jcsi_tm_ctx *c, const struct entry *e,
		       size_t no)
{
	FILE *out = c->out;
	const char *sep = "";
	const json_t *f;
	size_t k;

	fprintf(out, "| EP%zu ", no);
	jcsi_tm_text(out, e->def->f[3], 100);
	for (int i = 0; i < 6; i++) {
		if (e->not_examined)
			fputs(" | ?", out);
		else if (e->mask & (1u << i))
			fprintf(out, " | %c", stride[i]);
		else if (e->mitigated & (1u << i))
			fprintf(out, " | (%c)", stride[i]);
		else
			fputs(" | ·", out);
	}
	fputs(" | ", out);
	if (e->not_examined) {
		fputs("Not examined: assume every threat applies until it is "
		      "examined.", out);
	}
	/* one reason per category seen here, in the order first seen */
	json_array_foreach(c->findings, k, f) {
		const char *cat = str(f, "category");
		const struct jcsi_tm_row *st;
		const json_t *g;
		size_t j;
		int dup = 0;

		if (!cat || !matches_id(jcsi_tm_match(&c->d->entries,
						      str(f, "rule"), cat,
						      NULL, NULL, NULL),
					e->def->f[1]))
			continue;
		json_array_foreach(c->findings, j, g) {
			if (j >= k)
				break;
			if (str(g, "category") &&
			    !strcmp(str(g, "category"), cat) &&
			    matches_id(jcsi_tm_match(&c->d->entries,
						     str(g, "rule"), cat, NULL,
						     NULL, NULL),
				       e->def->f[1]))
				dup = 1;
		}
		st = jcsi_tm_stride(c->d, cat);
		if (dup || !st)
			continue;
		fprintf(out, "%s**%s**: ", sep, cat);
		jcsi_tm_text(out, st->f[2], 300);
		sep = " ";
	}
	if (e->mitigated)
		fprintf(out, "%sThreats in parentheses are addressed by positive "
			     "evidence (see section 5): verify it holds on the "
			     "shipped units.", sep);
	fputs(" |\n", out);
}

void jcsi_tm_entry_points(const struct jcsi_tm_ctx *c)
{
	const struct jcsi_tm_table *t = &c->d->entries;
	struct entry *ev = jcsi_calloc(t->n + 1, sizeof(*ev));
	FILE *out = c->out;
	size_t ne = 0, no;

	fputs("\n## 3. Entry points\n\n"
	      "Every way into the device the evidence shows, with the "
	      "finding or observation that shows it. Entry points of targets "
	      "that were not checked are listed as *not examined*.\n\n", out);
	if (!ev) {
		fputs("(not written: out of memory)\n", out);
		return;
	}
	for (size_t i = 0; i < t->n; i++) {
		if (!first_of_id(t, i))
			continue;
		ev[ne].def = &t->v[i];
		collect(c, &ev[ne]);
		if (ev[ne].seen.n || ev[ne].not_examined)
			ne++;
		else
			jcsi_free(ev[ne].seen.v);
	}
	qsort(ev, ne, sizeof(*ev), by_exposure);
	if (!ne)
		fputs("No entry point was found in the evidence. That is not "
		      "proof there is none: see the open questions.\n", out);
	else
		fputs("| # | Entry point | Reach | Seen at | Status |\n"
		      "| --- | --- | --- | --- | --- |\n", out);
	no = 0;
	for (size_t i = 0; i < ne; i++) {
		fprintf(out, "| EP%zu | ", ++no);
		jcsi_tm_text(out, ev[i].def->f[3], 100);
		fputs(" | ", out);
		jcsi_tm_text(out, ev[i].def->f[2], 60);
		fputs(" | ", out);
		if (ev[i].seen.n)
			seen_write(out, &ev[i].seen, 1);
		else
			fputs("—", out);
		fputs(" | ", out);
		entry_status(out, &ev[i]);
		fputs(" |\n", out);
	}

	fputs("\n## 4. STRIDE threats per entry point\n\n"
	      "S spoofing, T tampering, R repudiation, I information "
	      "disclosure, D denial of service, E elevation of privilege. "
	      "A letter: the threat applies, backed by a finding; (letter): "
	      "addressed by positive evidence; ?: not examined; ·: no "
	      "evidence of it here (not proof of absence).\n\n", out);
	if (ne)
		fputs("| Entry point | S | T | R | I | D | E | Why |\n"
		      "| --- | --- | --- | --- | --- | --- | --- | --- |\n",
		      out);
	else
		fputs("No entry point to analyse.\n", out);
	for (size_t i = 0; i < ne; i++)
		stride_row(c, &ev[i], i + 1);
	for (size_t i = 0; i < ne; i++)
		jcsi_free(ev[i].seen.v);
	jcsi_free(ev);
}

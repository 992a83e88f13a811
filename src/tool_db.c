/*
 * tool_db.c - `jcstar db`: the local vulnerability database. import loads
 * feed files, status says what is loaded and how old it is, match looks
 * components up (for people and for bench/bench_vulndb.sh), update would
 * download the feeds and is not built yet.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jcstar/vulndb.h"
#include "tool.h"

static const char usage[] =
	"Usage: jcstar db [--db PATH] import FILE...\n"
	"       jcstar db [--db PATH] status [--max-age DAYS]\n"
	"       jcstar db [--db PATH] match [--part a|o|h] VENDOR PRODUCT "
	"[VERSION]\n"
	"       jcstar db [--db PATH] match --list FILE\n"
	"       jcstar db [--db PATH] match --purl PURL\n"
	"       jcstar db update\n"
	"\n"
	"The local vulnerability database that scan and sbom match components\n"
	"against. No command here touches the network.\n"
	"\n"
	"  import   load NVD CVE API 2.0 JSON files (plain or .gz), OSV records\n"
	"           (JSON, or a zip of them) and the CISA KEV catalog (JSON or\n"
	"           CSV); the kind is told by content. Incremental: a record is\n"
	"           written only when it is new or newer, so importing a file\n"
	"           again changes nothing.\n"
	"  status   record counts, imported files, the newest record and its\n"
	"           age; a warning when older than --max-age DAYS (default 7)\n"
	"  match    the CVEs of a component (NVD vendor and product spelling),\n"
	"           of each line \"PART VENDOR PRODUCT VERSION\" of a list file\n"
	"           (VERSION '-' when unknown), or of a Debian package purl (OSV)\n"
	"  update   download the feeds: not implemented yet in this version\n"
	"\n"
	"Options:\n"
	"      --db PATH        the database (default: $JCSTAR_DB, else\n"
	"                       $XDG_DATA_HOME/jcstar/vuln.db, else\n"
	"                       ~/.local/share/jcstar/vuln.db)\n"
	"      --max-age DAYS   status: warn when the data is older\n"
	"  -q, --quiet          match: only the summary line\n"
	"  -h, --help           this help\n"
	"\n"
	"Exit status: 0 done (match: no vulnerability), 1 failed (match: some\n"
	"found), 2 usage error, 3 not implemented yet.\n";

struct opts {
	const char *db;
	long max_age;
	char part;
	const char *list;
	const char *purl;
	int quiet;
};

static int open_db(const struct opts *o, int create, struct jcs_vulndb **db)
{
	char path[4096], err[512] = "";
	jcs_rc rc;

	if (o->db)
		snprintf(path, sizeof(path), "%s", o->db);
	else if (jcs_vulndb_default_path(path, sizeof(path)) != JCS_OK) {
		fprintf(stderr, "jcstar db: no database path: set --db, "
				"JCSTAR_DB or HOME\n");
		return 2;
	}
	rc = jcs_vulndb_open(path, create, db, err, sizeof(err));
	if (rc != JCS_OK) {
		fprintf(stderr, "jcstar db: %s\n", err[0] ? err :
			jcs_strerror(rc));
		return 1;
	}
	return 0;
}

static int cmd_import(const struct opts *o, int n, char **files)
{
	struct jcs_vulndb *db;
	int failed = 0, r;

	if (n < 1) {
		fprintf(stderr, "jcstar db import: no FILE\n");
		return 2;
	}
	if ((r = open_db(o, 1, &db)))
		return r;
	for (int i = 0; i < n; i++) {
		struct jcs_vulndb_import_stats st;
		char err[1024] = "";
		jcs_rc rc = jcs_vulndb_import(db, files[i], &st, err,
					      sizeof(err));

		if (rc != JCS_OK) {
			fprintf(stderr, "jcstar db import: %s\n", err[0] ? err :
				jcs_strerror(rc));
			failed = 1;
			continue;
		}
		printf("%s: %s, %llu records: %llu new, %llu updated, %llu "
		       "unchanged", files[i], st.kind,
		       (unsigned long long)st.records,
		       (unsigned long long)st.added,
		       (unsigned long long)st.updated,
		       (unsigned long long)st.unchanged);
		if (st.rejected)
			printf(", %llu rejected (%llu removed)",
			       (unsigned long long)st.rejected,
			       (unsigned long long)st.removed);
		if (st.skipped)
			printf(", %llu skipped", (unsigned long long)st.skipped);
		printf("\n");
	}
	jcs_vulndb_close(db);
	return failed;
}

static void print_source(const struct jcs_vulndb_source *s, void *user)
{
	(void)user;
	printf("  %-20s %-8s %8llu records %8llu changed  %s\n", s->time,
	       s->kind, (unsigned long long)s->records,
	       (unsigned long long)s->changed, s->file);
}

static int cmd_status(const struct opts *o)
{
	struct jcs_vulndb_status st;
	struct jcs_vulndb *db;
	int r;

	if ((r = open_db(o, 0, &db)))
		return r;
	if (jcs_vulndb_status(db, &st) != JCS_OK) {
		jcs_vulndb_close(db);
		return 1;
	}
	printf("CVE records:       %llu\n"
	       "CPE match criteria: %llu\n"
	       "OSV records:       %llu (%llu affected ranges)\n"
	       "KEV entries:       %llu\n",
	       (unsigned long long)st.cves, (unsigned long long)st.criteria,
	       (unsigned long long)st.osv, (unsigned long long)st.osv_ranges,
	       (unsigned long long)st.kev);
	if (st.age_days >= 0)
		printf("Newest record:     %s (%.0f days old)\n",
		       st.newest_modified, st.age_days);
	else
		printf("Newest record:     none (empty database)\n");
	printf("Imports:           %llu%s%s\n", (unsigned long long)st.imports,
	       st.last_import[0] ? ", last " : "", st.last_import);
	jcs_vulndb_sources(db, print_source, NULL);
	jcs_vulndb_close(db);
	if (st.age_days < 0)
		fprintf(stderr, "warning: the vulnerability database is empty; "
				"import feeds with 'jcstar db import'\n");
	else if (st.age_days > (double)o->max_age)
		fprintf(stderr, "warning: the vulnerability data is %.0f days "
				"old (more than %ld): import newer feeds\n",
			st.age_days, o->max_age);
	return 0;
}

struct match_ctx {
	const char *name;
	int quiet;
};

static int print_hit(const struct jcs_vuln_hit *h, void *user)
{
	const struct match_ctx *c = user;

	if (c->quiet)
		return 0;
	printf("%s\t%s", c->name, h->id);
	if (h->cvss >= 0)
		printf("\tcvss %.1f", h->cvss);
	else
		printf("\tcvss -");
	printf("%s", h->kev ? "\tKEV" : "");
	if (h->fixed)
		printf("\tfixed %s", h->fixed);
	if (h->osv_id)
		printf("\t(%s)", h->osv_id);
	printf("\n");
	return 0;
}

static int match_one(struct jcs_vulndb *db, char part, const char *vendor,
		     const char *product, const char *version, int quiet,
		     unsigned *hits, unsigned *unknown)
{
	char name[1024];
	struct match_ctx c = {name, quiet};
	struct jcs_vuln_stats st;
	jcs_rc rc;

	snprintf(name, sizeof(name), "%s:%s:%s", vendor, product,
		 version ? version : "?");
	rc = jcs_vulndb_match(db, part, vendor, product, version, print_hit,
			      &c, &st);
	if (rc != JCS_OK) {
		fprintf(stderr, "jcstar db match: %s: %s\n", name,
			jcs_strerror(rc));
		return -1;
	}
	*hits += st.matched;
	*unknown += st.version_unknown;
	return 0;
}

static int match_list(struct jcs_vulndb *db, const char *file, int quiet,
		      unsigned *hits, unsigned *unknown, unsigned *n)
{
	char line[1024], part[8], vendor[256], product[256], version[256];
	FILE *f = fopen(file, "r");
	unsigned no = 0;

	if (!f) {
		fprintf(stderr, "jcstar db match: %s: %s\n", file,
			strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		no++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (sscanf(line, "%7s %255s %255s %255s", part, vendor, product,
			   version) != 4 || strlen(part) != 1) {
			fprintf(stderr, "jcstar db match: %s:%u: expected "
					"\"PART VENDOR PRODUCT VERSION\"\n",
				file, no);
			fclose(f);
			return -1;
		}
		(*n)++;
		if (match_one(db, part[0], vendor, product,
			      strcmp(version, "-") ? version : NULL, quiet,
			      hits, unknown)) {
			fclose(f);
			return -1;
		}
	}
	fclose(f);
	return 0;
}

static int cmd_match(const struct opts *o, int n, char **args)
{
	unsigned hits = 0, unknown = 0, components = 0;
	struct jcs_vulndb *db;
	int r, bad = 0;

	if (!o->list && !o->purl && (n < 2 || n > 3)) {
		fprintf(stderr, "jcstar db match: VENDOR PRODUCT [VERSION], "
				"--list FILE or --purl PURL\n");
		return 2;
	}
	if ((r = open_db(o, 0, &db)))
		return r;
	if (o->list) {
		bad = match_list(db, o->list, o->quiet, &hits, &unknown,
				 &components);
	} else if (o->purl) {
		struct match_ctx c = {o->purl, o->quiet};
		struct jcs_vuln_stats st;
		jcs_rc rc = jcs_vulndb_match_purl(db, o->purl, print_hit, &c,
						  &st);

		components = 1;
		if (rc != JCS_OK) {
			fprintf(stderr, "jcstar db match: %s: %s\n", o->purl,
				jcs_strerror(rc));
			bad = -1;
		}
		hits = st.matched;
		unknown = st.version_unknown;
	} else {
		components = 1;
		bad = match_one(db, o->part, args[0], args[1],
				n == 3 ? args[2] : NULL, o->quiet, &hits,
				&unknown);
	}
	jcs_vulndb_close(db);
	if (bad)
		return 2;
	printf("%u component%s: %u vulnerabilit%s", components,
	       components == 1 ? "" : "s", hits, hits == 1 ? "y" : "ies");
	if (unknown)
		printf(", %u more possible (version unknown)", unknown);
	printf("\n");
	return hits ? 1 : 0;
}

static const struct option longopts[] = {
	{"db", required_argument, NULL, 'd'},
	{"max-age", required_argument, NULL, 'a'},
	{"part", required_argument, NULL, 'p'},
	{"list", required_argument, NULL, 'l'},
	{"purl", required_argument, NULL, 'u'},
	{"quiet", no_argument, NULL, 'q'},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

/*
 * Options before and after the subcommand ("db --db X import F" and
 * "db import --db X F"): -1 go on, else the exit status.
 */
static int options(int argc, char **argv, const char *optstring,
		   struct opts *o)
{
	char *end;
	int c;

	while ((c = getopt_long(argc, argv, optstring, longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			o->db = optarg;
			break;
		case 'a':
			errno = 0;
			o->max_age = strtol(optarg, &end, 10);
			if (errno || *end || end == optarg || o->max_age < 0) {
				fprintf(stderr, "jcstar db: --max-age: not a "
						"number of days: %s\n", optarg);
				return 2;
			}
			break;
		case 'p':
			if (strlen(optarg) != 1 || !strchr("aoh", optarg[0])) {
				fprintf(stderr, "jcstar db: --part: a, o or h\n");
				return 2;
			}
			o->part = optarg[0];
			break;
		case 'l':
			o->list = optarg;
			break;
		case 'u':
			o->purl = optarg;
			break;
		case 'q':
			o->quiet = 1;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	return -1;
}

int tool_db(int argc, char **argv)
{
	struct opts o = {.max_age = 7};
	const char *cmd;
	int r;

	/* '+': stop at the subcommand */
	if ((r = options(argc, argv, "+qh", &o)) >= 0)
		return r;
	if (optind >= argc) {
		fputs(usage, stderr);
		return 2;
	}
	cmd = argv[optind++];
	if ((r = options(argc, argv, "qh", &o)) >= 0)
		return r;
	argc -= optind;
	argv += optind;
	if (!strcmp(cmd, "import"))
		return cmd_import(&o, argc, argv);
	if (!strcmp(cmd, "status"))
		return cmd_status(&o);
	if (!strcmp(cmd, "match"))
		return cmd_match(&o, argc, argv);
	if (!strcmp(cmd, "update")) {
		fprintf(stderr, "jcstar db update: not implemented yet in this "
				"version: download the NVD feeds "
				"(https://nvd.nist.gov/vuln/data-feeds) and "
				"the KEV catalog yourself and run "
				"'jcstar db import FILE...'\n");
		return 3;
	}
	fprintf(stderr, "jcstar db: unknown command '%s'\n", cmd);
	fputs(usage, stderr);
	return 2;
}

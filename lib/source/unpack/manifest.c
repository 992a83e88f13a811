/*
 * manifest.c - DIR/manifest.json, written as extraction goes.
 *
 * The file list is streamed entry by entry, so memory does not grow with
 * the number of files in an image; containers, failures and unknown
 * regions are few and are written at the end. The document's shape is
 * schema/manifest.schema.json.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../core/mem.h"
#include "../../core/util.h"
#include "engine.h"

static void write_value(FILE *f, json_t *v)
{
	json_dumpf(v, f, JSON_COMPACT | JSON_ENSURE_ASCII);
}

jcs_rc jcsi_manifest_open(struct jcsi_engine *e)
{
	int fd;
	char now[32];

	e->containers = json_array();
	e->failures = json_array();
	e->regions = json_array();
	if (!e->containers || !e->failures || !e->regions)
		return JCS_E_NOMEM;
	e->manifest_first = 1;
	if (e->opts.dry_run)
		return JCS_OK;
	fd = openat(e->out_fd, "manifest.json",
		    O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return JCS_E_IO;
	e->manifest = fdopen(fd, "w");
	if (!e->manifest) {
		close(fd);
		return JCS_E_IO;
	}
	jcsi_time_iso8601(time(NULL), now);
	fprintf(e->manifest,
		"{\"tool\":\"jcstar\",\"version\":\"%s\","
		"\"document\":\"unpack-manifest\",\"started_at\":\"%s\","
		"\"files\":[\n",
		jcs_version(), now);
	return JCS_OK;
}

void jcsi_manifest_entry(struct jcsi_engine *e, json_t *entry)
{
	if (!e->manifest)
		return;
	if (!e->manifest_first)
		fputs(",\n", e->manifest);
	e->manifest_first = 0;
	write_value(e->manifest, entry);
}

json_t *jcsi_json_text(const char *s)
{
	json_t *j = json_string(s);
	char *copy;

	if (j)
		return j;
	copy = jcsi_strdup(s);
	if (!copy)
		return json_string("?");
	for (char *p = copy; *p; p++)
		if ((unsigned char)*p >= 0x80)
			*p = '?';
	j = json_string(copy);
	jcsi_free(copy);
	return j ? j : json_string("?");
}

void jcsi_record_failure(struct jcsi_engine *e, const char *parent,
			 const char *format, uint64_t offset,
			 const char *path, const char *reason)
{
	json_t *j;

	e->stats.failures++;
	if (e->opts.event) {
		struct jcs_unpack_event ev;

		memset(&ev, 0, sizeof(ev));
		ev.kind = JCS_EV_FAILURE;
		ev.format = format;
		ev.parent = parent;
		ev.path = path;
		ev.reason = reason;
		ev.offset = offset;
		e->opts.event(&ev, e->opts.event_user);
	}
	if (json_array_size(e->failures) >= 100000)
		return; /* a hostile image can fail forever; counts go on */
	j = json_object();
	if (!j)
		return;
	/* messages may quote names from the image: any bytes at all */
	json_object_set_new(j, "parent", jcsi_json_text(parent ? parent : ""));
	json_object_set_new(j, "format", jcsi_json_text(format ? format : "unknown"));
	json_object_set_new(j, "offset", json_integer((json_int_t)offset));
	json_object_set_new(j, "reason", jcsi_json_text(reason && *reason ? reason
							       : "unknown"));
	if (path)
		json_object_set_new(j, "path", jcsi_json_text(path));
	json_array_append_new(e->failures, j);
}

/* The input's hash is known only at the end (it is computed alongside the
   extraction), so "input" comes last; JSON objects have no order. */
jcs_rc jcsi_manifest_close(struct jcsi_engine *e, const char *image,
			   uint64_t image_size, const char *sha256,
			   const char *finished_at)
{
	const struct jcs_unpack_limits *l = &e->opts.limits;
	const struct jcs_unpack_stats *s = &e->stats;
	json_t *summary, *limits, *input;
	int bad;

	if (!e->manifest)
		return JCS_OK;
	summary = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:b}",
			    "containers", (json_int_t)s->containers, "files",
			    (json_int_t)s->files, "entries",
			    (json_int_t)s->entries, "bytes_out",
			    (json_int_t)s->bytes_out, "failures",
			    (json_int_t)s->failures, "unknown_regions",
			    (json_int_t)s->unknown_regions, "refused",
			    (json_int_t)s->refused, "limit_hit", s->limit_hit);
	limits = json_pack("{s:I, s:I, s:I, s:I, s:i, s:I, s:i}",
			   "max_total_bytes", (json_int_t)l->max_total_bytes,
			   "max_file_bytes", (json_int_t)l->max_file_bytes,
			   "max_ratio", (json_int_t)l->max_ratio, "ratio_grace",
			   (json_int_t)l->ratio_grace, "max_depth",
			   (int)l->max_depth, "max_files",
			   (json_int_t)l->max_files, "max_path",
			   (int)l->max_path);
	fputs("\n],\"containers\":", e->manifest);
	write_value(e->manifest, e->containers);
	fputs(",\n\"failures\":", e->manifest);
	write_value(e->manifest, e->failures);
	fputs(",\n\"unknown_regions\":", e->manifest);
	write_value(e->manifest, e->regions);
	fputs(",\n\"summary\":", e->manifest);
	write_value(e->manifest, summary);
	fputs(",\n\"limits\":", e->manifest);
	write_value(e->manifest, limits);
	input = json_pack("{s:s, s:I, s:s}", "path", image, "size",
			  (json_int_t)image_size, "sha256", sha256);
	fputs(",\n\"input\":", e->manifest);
	write_value(e->manifest, input);
	json_decref(input);
	fprintf(e->manifest, ",\n\"finished_at\":\"%s\"}\n", finished_at);
	json_decref(summary);
	json_decref(limits);
	bad = ferror(e->manifest);
	bad |= fclose(e->manifest) != 0;
	e->manifest = NULL;
	return bad ? JCS_E_IO : JCS_OK;
}

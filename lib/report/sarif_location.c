/*
 * sarif_location.c - where a finding was seen, in SARIF terms. A firmware
 * path becomes a URI relative to FIRMWARE_ROOT (the root of the image's
 * file system, declared in run.originalUriBaseIds); a live or cloud
 * target is not a file, so it becomes a logical location ("resource")
 * named host:port or "METHOD url".
 */
#include <stdlib.h>
#include <string.h>

#include "../core/mem.h"
#include "../core/util.h"
#include "sarif_int.h"

/* PATH without its leading slashes, percent-encoded except for RFC 3986
   unreserved characters and '/': a name from a hostile image may hold
   anything, and ':' in a first segment would read as a URI scheme. */
static char *path_uri(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	char *s, *p;

	while (*path == '/')
		path++;
	s = p = jcsi_malloc(3 * strlen(path) + 3);
	if (!s)
		return NULL;
	for (const unsigned char *c = (const unsigned char *)path; *c; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || strchr("-._~/", *c)) {
			*p++ = (char)*c;
		} else {
			*p++ = '%';
			*p++ = hex[*c >> 4];
			*p++ = hex[*c & 15];
		}
	}
	if (p == s)
		*p++ = '.'; /* the root itself */
	*p = '\0';
	return s;
}

static json_t *physical(const char *path, json_int_t line)
{
	char *uri = path_uri(path);
	json_t *loc;

	if (!uri)
		return NULL;
	loc = json_pack("{s:{s:s, s:s}}", "artifactLocation", "uri", uri,
			"uriBaseId", "FIRMWARE_ROOT");
	jcsi_free(uri);
	if (loc && line > 0 &&
	    json_object_set_new(loc, "region",
				json_pack("{s:I}", "startLine", line))) {
		json_decref(loc);
		return NULL;
	}
	return loc;
}

/* "host:port/protocol" (live) or "METHOD url" (cloud); NULL if neither. */
static char *target_name(const json_t *loc)
{
	const char *host = json_string_value(json_object_get(loc, "host"));
	const char *proto = json_string_value(json_object_get(loc, "protocol"));
	const char *url = json_string_value(json_object_get(loc, "url"));
	const char *method = json_string_value(json_object_get(loc, "method"));
	json_int_t port = json_integer_value(json_object_get(loc, "port"));

	if (url)
		return jcsi_asprintf("%s%s%s", method ? method : "",
				     method ? " " : "", url);
	if (!host)
		return NULL;
	if (port > 0)
		return jcsi_asprintf("%s:%lld%s%s", host, (long long)port,
				     proto ? "/" : "", proto ? proto : "");
	return jcsi_asprintf("%s%s%s", host, proto ? "/" : "",
			     proto ? proto : "");
}

int jcsi_sarif_locations(const json_t *loc, json_t **out)
{
	const char *path = json_string_value(json_object_get(loc, "path"));
	char *name;

	*out = NULL;
	if (path) {
		*out = json_pack("[{s:o}]", "physicalLocation",
				 physical(path, json_integer_value(
					 json_object_get(loc, "line"))));
		return *out ? 0 : -1;
	}
	if (!json_object_get(loc, "url") && !json_object_get(loc, "host"))
		return 0;
	name = target_name(loc);
	if (name)
		*out = json_pack("[{s:[{s:s, s:s, s:s}]}]", "logicalLocations",
				 "name", name, "fullyQualifiedName", name,
				 "kind", "resource");
	jcsi_free(name);
	return *out ? 0 : -1;
}

void jcsi_sarif_fingerprint(const char *rule, const json_t *loc,
			    char out[65])
{
	/* Compact and key-sorted: the same finding hashes the same however
	   its document was written. */
	char *where = json_dumps(loc, JSON_COMPACT | JSON_SORT_KEYS);
	char *s = jcsi_asprintf("%s\n%s", rule ? rule : "",
				where ? where : "{}");

	if (s)
		jcsi_sha256_hex(s, strlen(s), out);
	else
		out[0] = '\0';
	jcsi_free(s);
	free(where);
}

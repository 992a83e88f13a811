/*
 * rc.c - messages for jcs_rc codes and the library version.
 */
#include "jcstar/jcstar.h"

#include "version.h"

static const char *const messages[JCS_RC_LAST] = {
	[JCS_OK] = "success",
	[JCS_E_NOMEM] = "out of memory",
	[JCS_E_IO] = "input/output error",
	[JCS_E_FORMAT] = "not in the expected format",
	[JCS_E_TRUNCATED] = "input is truncated",
	[JCS_E_CORRUPT] = "input is corrupt (checksum or consistency)",
	[JCS_E_LIMIT] = "a configured limit was reached",
	[JCS_E_UNSAFE_PATH] = "unsafe path refused",
	[JCS_E_UNSUPPORTED] = "unsupported feature",
	[JCS_E_ARG] = "invalid argument",
	[JCS_E_INTERNAL] = "internal error",
	[JCS_E_SCHEMA] = "document does not match its schema",
};

const char *jcs_strerror(jcs_rc rc)
{
	if ((unsigned)rc >= JCS_RC_LAST || !messages[rc])
		return "unknown error code";
	return messages[rc];
}

const char *jcs_version(void)
{
	return JCS_VERSION;
}

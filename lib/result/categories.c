/*
 * categories.c - the fixed finding categories and severities.
 *
 * The list is the one of reference/categories.md, spelled exactly; a unit
 * test compares it with that document so the two cannot drift apart.
 */
#include <string.h>

#include "jcstar/jcstar.h"

static const char *const categories[] = {
	"empty-password", "weak-password", "weak-hash-algorithm",
	"universal-default-credential", "no-brute-force-protection",
	"user-enumeration", "missing-authentication", "broken-access-control",
	"weak-token", "debug-shell-uart", "telnet-enabled", "debug-service",
	"unnecessary-service", "insecure-ssh-config",
	"cleartext-admin-interface", "cleartext-protocol", "upnp-insecure",
	"open-wifi", "plaintext-wifi-psk", "hardcoded-private-key",
	"hardcoded-secret", "weak-certificate", "expired-certificate",
	"self-signed-certificate", "weak-tls", "tls-verification-disabled",
	"insecure-update-channel", "unsigned-update", "no-rollback-protection",
	"no-secure-boot", "vulnerable-component", "outdated-component",
	"binary-hardening", "dangerous-function", "setuid-binary",
	"world-writable", "leftover-development-file",
	"insecure-data-storage", "no-data-deletion", "excessive-permission",
	"debuggable-app", "cleartext-traffic-allowed",
	"missing-vulnerability-disclosure", "missing-support-period",
	"missing-threat-model", "missing-update-policy",
	"missing-key-management", "missing-privacy-policy",
	"missing-version-management", "missing-secure-setup-guidance",
	NULL,
};

const char *const *jcsi_categories(void)
{
	return categories;
}

int jcs_category_valid(const char *name)
{
	if (!name)
		return 0;
	for (size_t i = 0; categories[i]; i++)
		if (strcmp(categories[i], name) == 0)
			return 1;
	return 0;
}

static const char *const severities[] = {"info", "low", "medium", "high",
					 "critical"};

const char *jcs_severity_name(enum jcs_severity s)
{
	return (unsigned)s <= JCS_SEV_CRITICAL ? severities[s] : "info";
}

int jcs_severity_parse(const char *name, enum jcs_severity *out)
{
	for (int i = 0; i <= JCS_SEV_CRITICAL; i++) {
		if (name && strcmp(name, severities[i]) == 0) {
			*out = (enum jcs_severity)i;
			return 0;
		}
	}
	return -1;
}

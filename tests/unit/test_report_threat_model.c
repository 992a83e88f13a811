/*
 * test_report_threat_model.c - the draft threat model reporter on the
 * hand-written results tests/data/results/tm-*.json: exact entry points,
 * STRIDE letters, assets with their paths, missing mitigations with the
 * requirements they fail, open questions from `needs`; what the evidence
 * does not show is absent; hostile strings cannot break the Markdown; bad
 * data tables are refused with file:line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/core/mem.h"
#include "lib/report/report_int.h"
#include "lib/report/threat_model.h"

#include "fixture.h"

static char data_dir[2048];

static int setup(void **state)
{
	const char *src = getenv("JCSTAR_SOURCE_ROOT");

	(void)state;
	if (!src) {
		fprintf(stderr, "JCSTAR_SOURCE_ROOT not set\n");
		return -1;
	}
	snprintf(data_dir, sizeof(data_dir), "%s/data", src);
	return 0;
}

/* The report of DOC (malloc'd by open_memstream); RC what it returned. */
static char *render_doc(const json_t *doc, jcs_rc *rc)
{
	struct jcsi_report_opts o = {0, data_dir};
	struct memout m;

	*rc = jcsi_report_threat_model(doc, memout_open(&m), &o);
	return memout_close(&m);
}

static char *render(const char *name)
{
	json_t *doc = result_fixture(name);
	jcs_rc rc;
	char *out = render_doc(doc, &rc);

	json_decref(doc);
	assert_int_equal(rc, JCS_OK);
	return out;
}

#define assert_has(out, s) do { \
	if (!strstr((out), (s))) \
		fail_msg("missing from the report: %s", (s)); \
} while (0)
#define assert_lacks(out, s) do { \
	if (strstr((out), (s))) \
		fail_msg("must not be in the report: %s", (s)); \
} while (0)

/* A before B, both present. */
static void assert_order(const char *out, const char *a, const char *b)
{
	const char *pa = strstr(out, a), *pb = strstr(out, b);

	if (!pa || !pb || pa > pb)
		fail_msg("expected '%s' before '%s'", a, b);
}

/* ---- firmware with telnet, a key, an unsigned update, cleartext MQTT -- */

static void test_firmware_entry_points(void **state)
{
	char *out = render("tm-firmware.json");

	(void)state;
	assert_has(out, "| EP1 | Telnet / rlogin / rsh remote shell | network, "
			"listening | `/etc/init.d/rcS:2` "
			"(services.telnetd-no-login) | **open**: 1 finding, "
			"worst critical |\n");
	assert_has(out, "| EP2 | Firmware update channel | network, outbound | "
			"`/usr/sbin/upgrade.sh:3` (update.no-signature-check); "
			"`/usr/sbin/upgrade.sh:2` (update.cleartext-download) | "
			"**open**: 2 findings, worst high |\n");
	/* a '|' in a path is escaped, not a new cell */
	assert_has(out, "| EP3 | MQTT connection to a broker | network, "
			"outbound | `/etc/mosquitto/mosquitto.conf:4` "
			"(network.mqtt-plain); /usr/bin/cloud\\|agent "
			"(network.mqtt-url) | **open**: 2 findings, worst "
			"medium |\n");
	assert_has(out, "| EP4 | Services of the running device (port scan, "
			"default logins, TLS) | network | — | not examined |\n");
	assert_has(out, "| EP5 | Cloud API and user accounts | Internet | — | "
			"not examined |\n");
	assert_lacks(out, "| EP6 ");
	/* no evidence of these: not listed, not even as not examined (the
	   result names no app to examine) */
	assert_lacks(out, "Companion app |");
	assert_lacks(out, "SSH server");
	assert_lacks(out, "Serial console");
	assert_lacks(out, "Wi-Fi interface");
	free(out);
}

static void test_firmware_stride(void **state)
{
	char *out = render("tm-firmware.json");

	(void)state;
	assert_has(out, "| EP1 Telnet / rlogin / rsh remote shell "
			"| S | · | · | I | · | E | **telnet-enabled**: Telnet "
			"has no or weak authentication (S), carries the "
			"session and password in clear text (I), and usually "
			"gives a root shell (E). |\n");
	assert_has(out, "| EP2 Firmware update channel | · | T | · | I | · | E "
			"| **unsigned-update**: ");
	assert_has(out, "**insecure-update-channel**: Updates fetched without "
			"TLS");
	assert_has(out, "| EP3 MQTT connection to a broker | S | T | · | I | · "
			"| · | **cleartext-protocol**: ");
	/* two cleartext-protocol findings, one reason */
	{
		const char *row = strstr(out, "| EP3 MQTT connection");
		const char *end = strchr(row, '\n');
		const char *again = strstr(row + 1, "**cleartext-protocol**");

		again = strstr(again + 1, "**cleartext-protocol**");
		assert_true(!again || again > end);
	}
	assert_has(out, "| EP4 Services of the running device (port scan, "
			"default logins, TLS) | ? | ? | ? | ? | ? | ? | Not "
			"examined: assume every threat applies until it is "
			"examined. |\n");
	free(out);
}

static void test_firmware_assets(void **state)
{
	char *out = render("tm-firmware.json");

	(void)state;
	assert_has(out, "| Account credentials (system and web logins) | "
			"confidentiality, integrity | found | `root` at "
			"`/etc/shadow:1` |\n");
	assert_has(out, "| Private keys | confidentiality | found | "
			"`/etc/ssl/private/device.key:1` |\n");
	assert_has(out, "| Firmware image and update packages | integrity | "
			"found | analysed image `/fw/acme-cam-1.2.3.bin` "
			"(sha256 `5f5f5f5f5f5f5f5f` …); "
			"`/usr/sbin/upgrade.sh:3`; `/usr/sbin/upgrade.sh:2` "
			"|\n");
	assert_has(out, "| User and personal data (settings, usage history, "
			"account binding) | confidentiality | assumed | no "
			"direct evidence |\n");
	assert_has(out, "| Device identity (serial number, MAC address, "
			"device certificate, cloud binding) | integrity, "
			"authenticity | assumed | no direct evidence |\n");
	assert_lacks(out, "Cloud / API secrets");
	assert_lacks(out, "Wi-Fi pre-shared keys");
	free(out);
}

static void test_firmware_mitigations_missing(void **state)
{
	char *out = render("tm-firmware.json");

	(void)state;
	assert_has(out, "- **telnet-enabled** (1 finding, worst critical; "
			"fails S1.1-01, S1.1-13, 5.5-4, 5.6-1): Remove "
			"telnetd/rlogind/rshd from the production image; use "
			"SSH with keys for any remaining maintenance access.\n"
			"  - `/etc/init.d/rcS:2`: Telnet server telnetd "
			"started at boot with a shell and no login "
			"(/etc/init.d/rcS line 2) — `telnetd -l /bin/sh`\n");
	assert_has(out, "- **unsigned-update** (1 finding, worst high; fails "
			"S1.1-08, 5.3-2, 5.3-7): Verify a cryptographic "
			"signature over every update");
	assert_has(out, "- **hardcoded-private-key** (1 finding, worst high; "
			"fails local-star1-secure-storage, 5.4-3): ");
	assert_has(out, "- **cleartext-protocol** (2 findings, worst medium; "
			"fails S1.1-12, 5.5-1): Use the TLS variant");
	assert_order(out, "- **telnet-enabled**", "- **hardcoded-private-key**");
	assert_order(out, "- **unsigned-update**", "- **cleartext-protocol**");
	/* hostile evidence: one line, escaped, no raw HTML */
	assert_has(out, "— listener 1883 \\| \\<b\\>allow\\_anonymous\\</b\\> "
			"true …\n");
	assert_lacks(out, "second line never shown");
	assert_lacks(out, "<b>");
	/* 300 x's cut to the 100-byte budget */
	assert_lacks(out, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
			  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
			  "x");
	assert_lacks(out, "### Requirements that pass");
	assert_has(out, "Check `services` ran and reported nothing of "
			"debug-service, unnecessary-service.\n");
	free(out);
}

static void test_firmware_questions(void **state)
{
	char *out = render("tm-firmware.json");

	(void)state;
	assert_has(out, "- Is the private key seen in "
			"`/etc/ssl/private/device.key:1` the same in every "
			"unit?");
	assert_has(out, "- Is the remote shell started from "
			"`/etc/init.d/rcS:2` needed by anyone after "
			"manufacturing");
	assert_has(out, "over the cleartext connection seen in "
			"`/etc/mosquitto/mosquitto.conf:4`, "
			"/usr/bin/cloud\\|agent, and who");
	assert_has(out, "- Not checked: network configuration: Apache httpd, "
			"CoAP (not implemented yet in this version).");
	assert_has(out, "- Which firmware version(s) does this threat model "
			"cover? The result does not say.\n");
	assert_has(out, "- Which debug ports (UART, JTAG/SWD");
	assert_lacks(out, "### Evidence the requirements still need");
	assert_lacks(out, "signature check seen in");
	free(out);
}

/* ---- clean firmware: a verified update, a signed FIT ----------------- */

static void test_clean(void **state)
{
	char *out = render("tm-clean.json");

	(void)state;
	assert_lacks(out, "Telnet");
	assert_lacks(out, "**open**");
	assert_has(out, "| EP1 | Firmware update channel | network, outbound | "
			"`/usr/sbin/fwupdate:14` (update.signature-verified) | "
			"mitigation seen (1 observation) |\n");
	assert_has(out, "| EP2 | Boot chain and flash storage | physical | in "
			"`clean-1.0.0.bin@0x40000 fit` (boot.fit-signed) | "
			"mitigation seen (1 observation) |\n");
	assert_has(out, "| EP1 Firmware update channel | · | (T) | · | (I) | · "
			"| (E) | Threats in parentheses");
	assert_has(out, "- Update signature verified before flashing (openssl "
			"dgst -verify in /usr/sbin/fwupdate) — at "
			"`/usr/sbin/fwupdate:14` (update.signature-verified): "
			"`openssl dgst -sha256 -verify /etc/fw-pub.pem");
	assert_has(out, "- Check `services` ran and reported nothing of "
			"telnet-enabled, debug-service, unnecessary-service.\n");
	assert_has(out, "- Check `update` ran and reported nothing of "
			"insecure-update-channel, unsigned-update, "
			"tls-verification-disabled.\n");
	/* elf reported binary-hardening: only its other category is absent */
	assert_has(out, "- Check `elf` ran and reported nothing of "
			"dangerous-function.\n");
	assert_has(out, "- **binary-hardening** (1 finding, worst low; fails "
			"5.6-6): ");
	assert_has(out, "- Where is the public key used by the signature "
			"check seen in `/usr/sbin/fwupdate:14` stored");
	assert_lacks(out, "Private keys");
	assert_lacks(out, "Account credentials");
	free(out);
}

/* ---- an assessment: product, requirements, documents, a baseline ----- */

static void test_assess(void **state)
{
	char *out = render("tm-assess.json");

	(void)state;
	assert_has(out, "# Threat model (DRAFT): Acme Router R2\n");
	assert_has(out, "| Product | Acme Router R2 (Acme, Inc.) |\n");
	assert_has(out, "| Firmware versions | 2.1.0 |\n");
	assert_lacks(out, "Which firmware version(s)");
	assert_has(out, "| app (companion app) | **not examined** | `app` "
			"not-run: no app path in product.yaml |\n");
	assert_has(out, "| docs (documents) | yes | `documents` |\n");
	assert_has(out, "| EP1 | SSH server | network, listening | "
			"`/etc/init.d/dropbear:9` (ssh.dropbear-root-password) "
			"| **open**: 1 finding, worst medium |\n");
	assert_has(out, "| FTP server | network, listening | `/etc/inittab:5` "
			"(services.ftp-server) | accepted risk: 1 suppressed "
			"finding |\n");
	assert_has(out, "| Companion app | app | — | not examined |\n");
	/* open questions from `needs`, one line each */
	assert_has(out, "- **S1.1-03** needs: secure\\_setup\\_guide in "
			"product.yaml: the user guide section on initial "
			"password setup\n");
	assert_has(out, "- **S1.1-09** needs: a live probe of the device "
			"(device address in product.yaml)\n"
			"- **S1.1-09** needs: test report of TLS on the "
			"device's listening ports\n");
	assert_has(out, "- **S1.1-05** Vulnerability disclosure policy "
			"published: security.txt names a contact and has not "
			"expired. Evidence: document — vulnerability-disclosure: "
			"https://acme.example/.well-known/security.txt\n");
	assert_has(out, "Requirements failed without a finding:\n\n"
			"- **S1.1-16** Security support period published: The "
			"published support period ended on 2025-12-31.\n");
	assert_lacks(out, "- **S1.1-01** No universal");
	assert_has(out, "- FTP server vsftpd started at boot (/etc/inittab "
			"line 5) at `/etc/inittab:5` — accepted: FTP is the "
			"documented firmware-recovery path, LAN only (until "
			"2027-03-31)\n");
	/* suppressed: no missing mitigation, but still not "absent" */
	assert_lacks(out, "- **unnecessary-service**");
	assert_has(out, "- Check `services` ran and reported nothing of "
			"telnet-enabled, debug-service.\n");
	assert_has(out, "- Document `threat-model` is not-given.");
	assert_has(out, "- Document `support-period` is invalid: support "
			"period ended 2025-12-31.");
	assert_has(out, "- Which cloud account or service does the secret in "
			"`/usr/lib/cloud/agent.conf:7` unlock");
	assert_has(out, "| Account credentials (system and web logins) | "
			"confidentiality, integrity | found | `admin` at "
			"`/etc/shadow:2`; `/etc/init.d/dropbear:9` |\n");
	free(out);
}

/* ---- edge documents --------------------------------------------------- */

static void test_minimal_and_hostile(void **state)
{
	json_t *doc = json_pack("{s:s, s:s, s:s, s:s, s:[], s:[], s:[]}",
				"document", "result", "tool", "jcstar",
				"version", "0.4.0", "command", "scan",
				"started_at", "2026-11-26T09:00:00Z",
				"findings", "observations", "limitations");
	json_t *bad;
	jcs_rc rc;
	char *out;

	(void)state;
	out = render_doc(doc, &rc);
	assert_int_equal(rc, JCS_OK);
	assert_has(out, "# Threat model (DRAFT): unnamed input\n");
	assert_has(out, "| firmware (firmware image) | yes | the result does "
			"not list its checks |\n");
	assert_has(out, "The result does not list which checks ran, so the "
			"absence of a finding is not counted as a mitigation "
			"here.\n");
	assert_has(out, "None: no open finding.\n");
	assert_lacks(out, "| EP3 ");
	free(out);

	/* members of the wrong type, findings that are not objects */
	bad = json_pack("[{s:i, s:n}, i, {s:s}, {s:s, s:s, s:{s:i}}]", "rule",
			5, "category", 3, "location", "x", "category",
			"telnet-enabled", "rule", "services.telnetd",
			"location", "line", -4);
	json_object_set_new(doc, "findings", bad);
	json_object_set_new(doc, "observations", json_pack("[{s:i}]", "id",
							   1));
	json_object_set_new(doc, "checks", json_pack("[i, {s:s}]", 1,
						     "name", "services"));
	json_object_set_new(doc, "requirements", json_pack("[{s:s, s:i}]",
							   "verdict",
							   "needs-evidence",
							   "needs", 1));
	out = render_doc(doc, &rc);
	assert_int_equal(rc, JCS_OK);
	assert_has(out, "| EP1 | Telnet / rlogin / rsh remote shell");
	free(out);
	json_decref(doc);

	doc = json_array();
	out = render_doc(doc, &rc);
	assert_int_equal(rc, JCS_E_ARG);
	free(out);
	json_decref(doc);
}

/* Every table row has as many unescaped '|' as its header; no raw '<'
   outside code spans; no line runs away. */
static void check_markdown(const char *name)
{
	char *out = render(name), *line = out;
	int cols = -1;

	while (*line) {
		char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		int pipes = 0, code = 0;

		if (len > 2000)
			fail_msg("%s: a line of %zu bytes", name, len);
		for (size_t i = 0; i < len; i++) {
			if (line[i] == '\\') {
				i++;
				continue;
			}
			if (line[i] == '`')
				code = !code;
			else if (line[i] == '|')
				pipes++;
			else if (line[i] == '<' && !code)
				fail_msg("%s: raw '<' in: %.*s", name, (int)len,
					 line);
		}
		if (line[0] == '|') {
			if (cols < 0)
				cols = pipes;
			else if (pipes != cols)
				fail_msg("%s: %d cells instead of %d: %.*s",
					 name, pipes, cols, (int)len, line);
		} else {
			cols = -1;
		}
		if (!end)
			break;
		line = end + 1;
	}
	free(out);
}

static void test_markdown_valid(void **state)
{
	(void)state;
	check_markdown("tm-firmware.json");
	check_markdown("tm-clean.json");
	check_markdown("tm-assess.json");
}

static void test_out_of_memory(void **state)
{
	json_t *doc = result_fixture("tm-assess.json");

	(void)state;
	for (unsigned long n = 1; n < 2000; n++) {
		jcs_rc rc;
		char *out;

		jcsi_mem_fail_after(n);
		out = render_doc(doc, &rc);
		jcsi_mem_fail_after(0);
		free(out);
		assert_true(rc == JCS_OK || rc == JCS_E_NOMEM);
		if (rc == JCS_OK && n > 200)
			break;
	}
	json_decref(doc);
}

/* ---- Markdown escaping ------------------------------------------------ */

typedef void (*md_fn)(FILE *out, const char *s, size_t max);

static void assert_md(md_fn fn, const char *in, size_t max, const char *want)
{
	struct memout m;
	char *buf;

	fn(memout_open(&m), in, max);
	buf = memout_close(&m);
	assert_string_equal(buf, want);
	free(buf);
}

static void test_md_escaping(void **state)
{
	(void)state;
	assert_md(jcsi_tm_text, "a|b<i>c</i>\nd", 100, "a\\|b\\<i\\>c\\</i\\> …");
	assert_md(jcsi_tm_text, "line one\nline two", 100, "line one …");
	assert_md(jcsi_tm_text, "line one\n\n", 100, "line one");
	assert_md(jcsi_tm_text, "tab\there\x01", 100, "tab here ");
	assert_md(jcsi_tm_text, "*bold* _it_ [link](x) `c` &amp; #h !",
		  100, "\\*bold\\* \\_it\\_ \\[link\\](x) \\`c\\` "
		  "\\&amp; \\#h \\!");
	/* cut on a UTF-8 boundary: 'é' is two bytes */
	assert_md(jcsi_tm_text, "\xc3\xa9\xc3\xa9\xc3\xa9", 3, "\xc3\xa9 …");
	assert_md(jcsi_tm_text, "abcdef", 3, "abc …");
	assert_md(jcsi_tm_code, "/etc/<x>", 100, "`/etc/<x>`");
	assert_md(jcsi_tm_code, "a|b", 100, "a\\|b");
	assert_md(jcsi_tm_code, "a`b", 100, "a\\`b");
	assert_md(jcsi_tm_code, "", 100, "");
	assert_md(jcsi_tm_code, "abcdef\nx", 4, "`abcd` …");
}

/* ---- the data tables -------------------------------------------------- */

static char tmp[64];
static char tm_dir[128]; /* TMP/threat-model, where the bad tables go */

static void copy_shipped(const char *name)
{
	char path[4096], line[4096];
	FILE *in, *out;

	snprintf(path, sizeof(path), "%s/threat-model/%s", data_dir, name);
	in = fopen(path, "r");
	assert_non_null(in);
	snprintf(path, sizeof(path), "%s/threat-model/%s", tmp, name);
	out = fopen(path, "w");
	assert_non_null(out);
	while (fgets(line, sizeof(line), in))
		fputs(line, out);
	fclose(in);
	fclose(out);
}

static void expect_error(const char *want)
{
	struct jcsi_tm_data *d = NULL;
	char err[512] = "";

	assert_int_not_equal(jcsi_tm_data_load(tmp, &d, err, sizeof(err)),
			     JCS_OK);
	assert_null(d);
	if (!strstr(err, want))
		fail_msg("error '%s' does not say '%s'", err, want);
}

static void test_data_errors(void **state)
{
	struct jcsi_tm_data *d = NULL;
	char err[512] = "", path[128];

	(void)state;
	assert_int_equal(jcsi_tm_data_load(data_dir, &d, err, sizeof(err)),
			 JCS_OK);
	assert_non_null(jcsi_tm_stride(d, "telnet-enabled"));
	assert_string_equal(jcsi_tm_stride(d, "telnet-enabled")->f[1], "SIE");
	jcsi_tm_data_free(d);

	snprintf(tmp, sizeof(tmp), "/tmp/jcstar-tm-XXXXXX");
	assert_non_null(mkdtemp(tmp));
	snprintf(tm_dir, sizeof(tm_dir), "%s/threat-model", tmp);
	assert_int_equal(mkdir(tm_dir, 0700), 0);

	expect_error("threat-model/stride.tsv: cannot open");
	write_file(tm_dir, "stride.tsv", "# c\n\ntelnet-enabled\tIS\tt\tm\n");
	expect_error("stride.tsv:3: letters must be a subset of STRIDE, in "
		     "that order: 'telnet-enabled'");
	write_file(tm_dir, "stride.tsv", "telnet-enabld\tS\tt\tm\n");
	expect_error("stride.tsv:1: unknown category");
	write_file(tm_dir, "stride.tsv", "telnet-enabled\tS\tt\n");
	expect_error("stride.tsv:1: expected 4 tab-separated fields");
	write_file(tm_dir, "stride.tsv", "telnet-enabled\tS\tt\tm\tx\n");
	expect_error("stride.tsv:1: expected 4 tab-separated fields");
	write_file(tm_dir, "stride.tsv", "telnet-enabled\t\tt\tm\n");
	expect_error("stride.tsv:1: field 2 is empty");
	write_file(tm_dir, "stride.tsv", "telnet-enabled\tS\tt\tm\n");
	expect_error("no line for category 'empty-password'");
	copy_shipped("stride.tsv");
	{
		FILE *f;

		snprintf(path, sizeof(path), "%s/threat-model/stride.tsv",
			 tmp);
		f = fopen(path, "a");
		assert_non_null(f);
		fputs("open-wifi\tS\tt\tm\n", f);
		fclose(f);
	}
	expect_error("category 'open-wifi' already on line");
	copy_shipped("stride.tsv");
	write_file(tm_dir, "entry-points.tsv", "bogus:x\te\tr\tn\n");
	expect_error("entry-points.tsv:1: unknown selector: 'bogus:x'");
	write_file(tm_dir, "entry-points.tsv", "not-run:moon\te\tr\tn\n");
	expect_error("entry-points.tsv:1: unknown check target");
	write_file(tm_dir, "entry-points.tsv", "assumed\te\tr\tn\n");
	expect_error("entry-points.tsv:1: unknown selector: 'assumed'");
	copy_shipped("entry-points.tsv");
	write_file(tm_dir, "assets.tsv", "category:nope\ta\tp\tn\n");
	expect_error("assets.tsv:1: unknown category");
	copy_shipped("assets.tsv");
	write_file(tm_dir, "questions.tsv", "sometimes\tq\n");
	expect_error("questions.tsv:1: unknown selector: 'sometimes'");
	write_file(tm_dir, "questions.tsv", "always\tq\tx\n");
	expect_error("questions.tsv:1: expected 2 tab-separated fields");

	snprintf(path, sizeof(path), "rm -rf %s", tmp);
	assert_int_equal(system(path), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_firmware_entry_points),
		cmocka_unit_test(test_firmware_stride),
		cmocka_unit_test(test_firmware_assets),
		cmocka_unit_test(test_firmware_mitigations_missing),
		cmocka_unit_test(test_firmware_questions),
		cmocka_unit_test(test_clean),
		cmocka_unit_test(test_assess),
		cmocka_unit_test(test_minimal_and_hostile),
		cmocka_unit_test(test_markdown_valid),
		cmocka_unit_test(test_md_escaping),
		cmocka_unit_test(test_out_of_memory),
		cmocka_unit_test(test_data_errors),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}

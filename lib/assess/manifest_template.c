/*
 * manifest_template.c - the commented product.yaml `jcstar init` writes.
 * Its only copy: the unit test loads it with jcsi_manifest_parse, so the
 * template cannot drift from what the loader accepts. Nothing in it must
 * exist on disk (file inputs are commented out, documents are URLs), so
 * `jcstar init && jcstar assess product.yaml` runs before any editing.
 */
#include "manifest.h"

const char jcsi_manifest_template[] =
"# product.yaml - what `jcstar assess` checks. Paths are relative to this file.\n"
"# Every key is optional unless marked (required); a key jcstar does not\n"
"# know is an error, so a typo never drops evidence silently.\n"
"product:\n"
"  name: Example Smart Camera          # (required) the product's name\n"
"  vendor: Example Corp                # the manufacturer\n"
"  models: [EC-100, EC-100W]           # model numbers the label covers\n"
"  firmware_versions: [\"1.4.2\"]        # firmware version(s) assessed\n"
"inputs:                               # each optional; a missing one is reported as not tested\n"
"  # firmware: firmware.img            # image or extracted root tree, checked by jcstar scan; must exist\n"
"  # device: 192.0.2.10                # live device host name or address (jcstar probe)\n"
"  # api: https://api.example.com/v1/  # cloud API base URL (jcstar api)\n"
"  # app: app/example.apk              # companion app package (jcstar app); must exist\n"
"features:                             # true or false; a feature left out is unknown\n"
"  wifi: true                          # has Wi-Fi\n"
"  bluetooth: false                    # has Bluetooth\n"
"  cloud: true                         # talks to a cloud service or API\n"
"  app: true                           # has a companion app\n"
"  user_data: true                     # stores personal data\n"
"  network_login: true                 # users log in over the network\n"
"  updates: true                       # its software can be updated\n"
"documents:                            # each: a file path, an http(s) URL, none (we have none), or {file:, url:}\n"
"  vulnerability_disclosure:           # how to report a vulnerability\n"
"    contact: mailto:security@example.com  # mailto:, https:// or tel:\n"
"    url: https://example.com/security     # the disclosure policy (or file: docs/disclosure.md)\n"
"    security_txt: https://example.com/.well-known/security.txt  # RFC 9116 file or URL (a file is parsed)\n"
"  support_period:                     # how long security updates are provided\n"
"    end: 2030-12-31                   # (required here) the last day of support, YYYY-MM-DD\n"
"    url: https://example.com/support-period  # where it is published (or file:)\n"
"  update_policy: https://example.com/update-policy    # how and how often updates ship (or docs/update-policy.md)\n"
"  key_management: https://example.com/key-management  # how keys and secrets are made and kept\n"
"  threat_model: https://example.com/threat-model      # the product's threat model\n"
"  privacy_policy: https://example.com/privacy         # what personal data is kept and why\n"
"  version_management: https://example.com/models      # how users see model and firmware version\n"
"  secure_setup_guide: https://example.com/setup       # how to install and configure it securely\n"
"not_applicable:                       # requirements that do not apply, each with its reason (required)\n"
"  - id: 5.13-1A\n"
"    reason: the device takes no user input over any interface\n"
"# baseline: jcstar-baseline.yaml      # accepted findings (suppressions), each with a justification\n";

const char *jcs_manifest_template(void)
{
	return jcsi_manifest_template;
}

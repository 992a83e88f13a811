#!/bin/bash
# SBOMs against the official schemas: CycloneDX 1.5 with the strict
# validator of npm @cyclonedx/cyclonedx-library (it bundles the official
# schema; ajv and its format plugins are its optional dependencies), SPDX
# 2.3 with ajv and the SPDX project's schema (tests/data/schemas/), plus
# the rules schemas cannot say (validate_sbom.mjs). Checked: every
# hand-written result fixture (tests/data/results/sbom-*.json, themselves
# valid against schema/result.schema.json) through the library's writers,
# `jcstar sbom` on a small tree and on an image of it, and a broken SBOM
# that must be refused (the validator can fail).
#
# Usage: test_sbom.sh RENDER_SBOM JCSTAR SOURCE_ROOT
# The npm packages are installed once into ~/.cache/jcstar-tests/npm; exit
# 77 (skipped) only when the npm registry cannot be reached outside CI.
set -u
render=$1
jcstar=$2
root=$3
cache=${JCSTAR_TEST_CACHE:-$HOME/.cache/jcstar-tests}/npm
pkgs="@cyclonedx/cyclonedx-library@10.3.0 ajv@8.20.0 ajv-formats@3.0.1
ajv-formats-draft2019@1.6.1"
schema=$root/tests/data/schemas/spdx-2.3.schema.json
validate=$root/tests/integration/validate_sbom.mjs

skip_or_fail() {
	if [ "${CI:-}" = true ]; then
		echo "FAIL: $1 (in CI the validators must run)"
		exit 1
	fi
	echo "SKIP: $1"
	exit 77
}

command -v node >/dev/null || skip_or_fail "node is not installed"
if [ ! -f "$cache/node_modules/@cyclonedx/cyclonedx-library/package.json" ] ||
	[ ! -f "$cache/node_modules/ajv-formats-draft2019/package.json" ]; then
	command -v npm >/dev/null || skip_or_fail "npm is not installed"
	timeout 60 npm ping >/dev/null 2>&1 ||
		skip_or_fail "the npm registry cannot be reached"
	mkdir -p "$cache"
	# shellcheck disable=SC2086 # one word per package
	if ! timeout 300 npm install --prefix "$cache" --no-audit --no-fund \
		$pkgs >"$cache/install-sbom.log" 2>&1; then
		cat "$cache/install-sbom.log"
		echo "FAIL: npm install $pkgs"
		exit 1
	fi
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
fail() {
	echo "FAIL: $*"
	status=1
}

# the fixtures are result documents as the contract says
/usr/bin/python3 - "$root" <<'PY' || status=1
import glob, json, os, sys
import jsonschema
root = sys.argv[1]
schema = json.load(open(os.path.join(root, "schema", "result.schema.json")))
files = sorted(glob.glob(os.path.join(root, "tests/data/results/sbom-*.json")))
if len(files) < 3:
    sys.exit("FAIL: expected the sbom-*.json fixtures, found %d" % len(files))
for f in files:
    try:
        jsonschema.validate(json.load(open(f)), schema)
    except jsonschema.ValidationError as e:
        sys.exit("FAIL: %s: %s at %s" % (f, e.message, list(e.path)))
    print("ok result schema %s" % os.path.basename(f))
PY

outs=()
for fixture in "$root"/tests/data/results/sbom-*.json; do
	name=$(basename "$fixture" .json)
	for fmt in cyclonedx spdx; do
		ext=cdx
		[ $fmt = spdx ] && ext=spdx
		out=$tmp/$name.$ext.json
		"$render" $fmt "$fixture" >"$out" || fail "render_sbom $fmt $fixture"
		outs+=("$out")
	done
done

# jcstar sbom on a small tree and on a tar image of it. Components come
# from the scan's identification; until it lands the command must say so.
mkdir -p "$tmp/tree/etc" "$tmp/tree/bin" "$tmp/tree/usr/lib/opkg"
printf "DISTRIB_ID='OpenWrt'\nDISTRIB_RELEASE='19.07.10'\n" \
	>"$tmp/tree/etc/openwrt_release"
printf 'Package: zlib\nVersion: 1.2.11-3\nStatus: install user installed\nArchitecture: mipsel_24kc\n\n' \
	>"$tmp/tree/usr/lib/opkg/status"
printf '\177ELF BusyBox v1.30.1 (2019-12-01 00:00:00 UTC) multi-call binary.\n' \
	>"$tmp/tree/bin/busybox"
tar -C "$tmp/tree" -czf "$tmp/image.tar.gz" .
for input in "$tmp/tree" "$tmp/image.tar.gz"; do
	for fmt in cyclonedx spdx; do
		ext=cdx
		[ $fmt = spdx ] && ext=spdx
		out=$tmp/cli-$(basename "$input")-$fmt.$ext.json
		if ! "$jcstar" sbom --format $fmt -o "$out" "$input" \
			2>"$tmp/err"; then
			cat "$tmp/err"
			fail "jcstar sbom --format $fmt $input"
			continue
		fi
		if grep -q "not implemented yet" "$tmp/err"; then
			echo "note: $(cat "$tmp/err")"
		elif ! grep -q "component" "$tmp/err"; then
			fail "jcstar sbom did not say how many components: $(cat "$tmp/err")"
		fi
		outs+=("$out")
	done
done
# what identification finds in the tree (known answers), and the image's
# own name and hash as the firmware
if ! grep -q "not implemented yet" "$tmp/err"; then
	/usr/bin/python3 - "$tmp" <<'PY' || status=1
import hashlib, json, sys
t = sys.argv[1]
bom = json.load(open(t + "/cli-image.tar.gz-cyclonedx.cdx.json"))
got = {(c["name"], c.get("version")) for c in bom["components"]}
want = {("busybox", "1.30.1"), ("openwrt", "19.07.10"), ("zlib", "1.2.11")}
if not want <= got:
    sys.exit("FAIL: jcstar sbom found %s, wants at least %s" % (sorted(got), sorted(want)))
fw = bom["metadata"]["component"]
sha = hashlib.sha256(open(t + "/image.tar.gz", "rb").read()).hexdigest()
if fw["name"] != "image.tar.gz" or fw["hashes"][0]["content"] != sha:
    sys.exit("FAIL: firmware component %s, wants image.tar.gz %s" % (fw, sha))
spdx = json.load(open(t + "/cli-image.tar.gz-spdx.spdx.json"))
names = sorted(p["name"] for p in spdx["packages"][1:])
if names != sorted(n for n, _ in got):
    sys.exit("FAIL: SPDX packages %s differ from CycloneDX %s" % (names, got))
print("ok jcstar sbom: %s" % sorted(got))
PY
fi
# the example image of scripts/setup.sh, when it was built: real
# binaries of Debian packages
if [ -f "$root/example/flash.bin" ]; then
	for fmt in cyclonedx spdx; do
		ext=cdx
		[ $fmt = spdx ] && ext=spdx
		out=$tmp/example-flash.$ext.json
		if "$jcstar" sbom -q --format $fmt -o "$out" \
			"$root/example/flash.bin"; then
			outs+=("$out")
		else
			fail "jcstar sbom --format $fmt example/flash.bin"
		fi
	done
fi
"$jcstar" sbom --format xml "$tmp/tree" 2>/dev/null
[ $? -eq 2 ] || fail "jcstar sbom --format xml is not a usage error"

node "$validate" "$cache" "$schema" "${outs[@]}" || status=1

# the validator must refuse what is wrong
/usr/bin/python3 - "$tmp" <<'PY'
import json, sys
t = sys.argv[1]
d = json.load(open(t + "/sbom-image.cdx.json"))
d["components"][0]["type"] = "gadget"
json.dump(d, open(t + "/broken.cdx.json", "w"))
d = json.load(open(t + "/sbom-image.spdx.json"))
d["packages"][1]["SPDXID"] = "SPDXRef-not ok"
d["files"][0]["checksums"] = [c for c in d["files"][0]["checksums"]
                              if c["algorithm"] != "SHA1"]
json.dump(d, open(t + "/broken.spdx.json", "w"))
PY
for b in "$tmp/broken.cdx.json" "$tmp/broken.spdx.json"; do
	if node "$validate" "$cache" "$schema" "$b" >"$tmp/neg" 2>&1; then
		cat "$tmp/neg"
		fail "the validator accepted $(basename "$b")"
	fi
done

[ $status -eq 0 ] && echo "sbom: all valid"
exit $status

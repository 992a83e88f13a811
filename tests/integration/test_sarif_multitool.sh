#!/bin/bash
# The SARIF reporter's output for every reporter fixture
# (tests/data/results/rep-*.json) against Microsoft's SARIF multitool
# (npm @microsoft/sarif-multitool, a self-contained .NET build: no .NET
# needed): `validate` checks the official SARIF 2.1.0 JSON schema (JSON*
# rules) and the SARIF rules of the spec (SARIF1xxx errors, SARIF2xxx
# warnings). Any error or warning fails the test, but SARIF2017 ("region
# absent"): a finding about a whole file (a binary, a key file) has no
# line, and the spec makes region optional (3.29.4); jcstar does not
# invent one.
#
# Usage: test_sarif_multitool.sh RENDER_FIXTURE SOURCE_ROOT
# The tool is installed once into ~/.cache/jcstar-tests/npm; exit 77
# (skipped) only when the npm registry cannot be reached to install it.
set -u
render=$1
root=$2
cache=${JCSTAR_TEST_CACHE:-$HOME/.cache/jcstar-tests}/npm
version=5.7.0
tool=$cache/node_modules/.bin/sarif-multitool

if [ ! -x "$tool" ]; then
	if ! command -v npm >/dev/null; then
		echo "SKIP: npm is not installed"
		exit 77
	fi
	if ! timeout 60 npm ping >/dev/null 2>&1; then
		echo "SKIP: the npm registry cannot be reached"
		exit 77
	fi
	mkdir -p "$cache"
	if ! timeout 300 npm install --prefix "$cache" --no-audit --no-fund \
		"@microsoft/sarif-multitool@$version" >"$cache/install.log" 2>&1; then
		cat "$cache/install.log"
		echo "FAIL: npm install @microsoft/sarif-multitool@$version"
		exit 1
	fi
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for fixture in "$root"/tests/data/results/rep-*.json; do
	name=$(basename "$fixture" .json)
	if ! "$render" sarif "$fixture" "$root/data" >"$tmp/$name.sarif"; then
		echo "FAIL: render_fixture sarif $fixture"
		status=1
		continue
	fi
	# validate exits 0 whatever it finds: its own SARIF log says
	"$tool" validate "$tmp/$name.sarif" -o "$tmp/$name.check.sarif" \
		>"$tmp/$name.out" 2>&1
	if ! python3 - "$tmp/$name.check.sarif" "$name" <<'PY'
import json, sys
path, name = sys.argv[1], sys.argv[2]
try:
    log = json.load(open(path))
except (OSError, ValueError) as e:
    sys.exit("%s: no validation log: %s" % (name, e))
run = log["runs"][0]
inv = run.get("invocations", [{}])[0]
if not inv.get("executionSuccessful", False):
    sys.exit("%s: the multitool did not run: %s" % (name, inv))
ALLOWED = {"SARIF2017"}
bad = [r for r in run.get("results", [])
       if r.get("level", "warning") in ("error", "warning")
       and r["ruleId"] not in ALLOWED]
for r in bad:
    args = r.get("message", {}).get("arguments", [])
    print("%s: %s %s %s" % (name, r.get("level", "warning"), r["ruleId"], args))
print("%s: %d problems (official SARIF 2.1.0 schema and SARIF rules)"
      % (name, len(bad)))
sys.exit(1 if bad else 0)
PY
	then
		cat "$tmp/$name.out"
		status=1
	fi
done
exit $status

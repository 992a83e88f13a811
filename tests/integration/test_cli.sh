#!/usr/bin/env bash
# test_cli.sh JCSTAR SOURCE_ROOT
#
# The command-line contract: help and version, usage errors (exit 2),
# commands not built yet say so (exit 3) instead of pretending, unpack's
# summary, quiet mode, no progress bar when stderr is not a terminal, and
# every JSON the tool writes validates against the repository's schemas.
set -uo pipefail
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3

J=$(readlink -f "$1")
SRC=$(readlink -f "$2")
W=$(mktemp -d /tmp/jcstar-cli.XXXXXX)
trap 'rm -rf "$W"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
expect_rc() { # WANT DESCRIPTION CMD...
	local want=$1 what=$2 rc
	shift 2
	"$@" >"$W/out" 2>"$W/err"
	rc=$?
	if [ "$rc" -eq "$want" ]; then ok; else bad "$what: exit $rc, want $want"; cat "$W/out" "$W/err"; fi
}
expect_grep() { # PATTERN FILE DESCRIPTION
	if grep -q -- "$1" "$2"; then ok; else bad "$3"; cat "$2"; fi
}

expect_rc 0 "--help" "$J" --help
expect_grep "unpack" "$W/out" "--help lists unpack"
expect_rc 0 "--version" "$J" --version
expect_grep "^jcstar [0-9]*\.[0-9]*\.[0-9]*$" "$W/out" "--version format"
expect_rc 2 "no command" "$J"
expect_rc 2 "unknown command" "$J" frobnicate
expect_rc 0 "unpack --help" "$J" unpack --help
expect_grep "squashfs" "$W/out" "unpack --help names the formats"
expect_rc 2 "unpack without -o" "$J" unpack /dev/null
expect_rc 2 "unpack bad limit" "$J" unpack x -o y --max-total lots
expect_rc 0 "probe --help" "$J" probe --help
expect_grep "i-own-this" "$W/out" "probe --help names the scope confirmation"
expect_rc 2 "probe without a host" "$J" probe
expect_rc 2 "probe of a range without --i-own-this" "$J" probe 192.0.2.0/24
expect_grep "i-own-this" "$W/err" "probe says a range needs --i-own-this"
expect_rc 2 "probe of 5 hosts without --i-own-this" "$J" probe 192.0.2.1 192.0.2.2 192.0.2.3 192.0.2.4 192.0.2.5
expect_rc 2 "probe bad port list" "$J" probe 127.0.0.1 --ports 22,0
expect_rc 2 "probe reversed port range" "$J" probe 127.0.0.1 --ports 90-80
for c in api app; do
	expect_rc 3 "$c is not implemented yet" "$J" "$c" x
	expect_grep "not implemented" "$W/err" "$c says it is not implemented"
done
expect_rc 0 "assess --help" "$J" assess --help
expect_grep "fail-on-verdict" "$W/out" "assess --help names the CI gate"
expect_rc 2 "assess without a manifest" "$J" assess
expect_rc 4 "assess of a missing manifest" "$J" assess "$W/missing.yaml"
expect_grep "missing.yaml" "$W/err" "assess names the missing manifest"
expect_rc 2 "assess --format pdf" "$J" assess -f pdf "$W/x.yaml"
expect_rc 0 "report --help" "$J" report --help
expect_grep "threat-model" "$W/out" "report --help names the formats"
expect_rc 4 "report of a missing file" "$J" report "$W/missing.json"
echo '{"document": "manifest"}' > "$W/notresult.json"
expect_rc 4 "report of a non-result" "$J" report "$W/notresult.json"
expect_grep "not a jcstar result" "$W/err" "report says what is wrong"
expect_rc 0 "init writes a template" "$J" init "$W/p.yaml"
expect_rc 1 "init does not overwrite" "$J" init "$W/p.yaml"
expect_rc 0 "sbom --help" "$J" sbom --help
expect_grep "spdx" "$W/out" "sbom --help names the formats"
expect_rc 2 "sbom without input" "$J" sbom
expect_rc 2 "sbom --format xml" "$J" sbom --format xml "$W"
expect_rc 4 "sbom of a missing input" "$J" sbom "$W/missing"

expect_rc 0 "scan --help" "$J" scan --help
expect_rc 2 "scan without input" "$J" scan
expect_rc 2 "scan --format xml" "$J" scan --format xml /dev/null
expect_rc 4 "scan a missing input" "$J" scan "$W/none.bin"

# init: the template, never over an existing file without --force
expect_rc 0 "init --help" "$J" init --help
expect_rc 2 "init with two files" "$J" init "$W/a.yaml" "$W/b.yaml"
expect_rc 0 "init" "$J" init "$W/product.yaml"
expect_grep "^wrote .*product.yaml" "$W/out" "init says what it wrote"
expect_grep "^product:" "$W/product.yaml" "init writes the template"
echo "mine" >"$W/product.yaml"
expect_rc 1 "init over an existing file" "$J" init "$W/product.yaml"
expect_grep "exists; --force" "$W/err" "init says why it refused"
expect_grep "^mine$" "$W/product.yaml" "init left the existing file alone"
expect_rc 0 "init --force" "$J" init --force "$W/product.yaml"
expect_grep "^product:" "$W/product.yaml" "init --force rewrote it"
(cd "$W" && rm -f product.yaml && "$J" init >/dev/null) && [ -f "$W/product.yaml" ] && ok || bad "init writes product.yaml by default"

# a small image: text, a gzip'd tar at an odd offset, 0xff padding
mkdir -p "$W/root/etc"
echo "root:x:0:0:root:/root:/bin/sh" >"$W/root/etc/passwd"
tar -C "$W/root" -cf - . | gzip -n >"$W/part.tgz"
{ head -c 777 /dev/zero | tr '\0' 'T'; cat "$W/part.tgz"; head -c 5000 /dev/zero | tr '\0' '\377'; } >"$W/fw.bin"
expect_rc 0 "unpack" "$J" unpack "$W/fw.bin" -o "$W/o1"
expect_grep "gzip *0x00000309" "$W/out" "summary shows gzip at 0x309"
expect_grep "manifest: " "$W/out" "summary names the manifest"
if [ -s "$W/err" ]; then bad "no progress output when stderr is not a TTY"; cat "$W/err"; else ok; fi
if "$PY" "$SRC/tests/integration/check_manifest.py" "$W/o1" >"$W/chk" 2>&1; then ok; else bad "manifest check"; cat "$W/chk"; fi
expect_rc 0 "unpack -q" "$J" unpack -q "$W/fw.bin" -o "$W/o2"
if [ -s "$W/out" ]; then bad "-q prints nothing on a clean run"; cat "$W/out"; else ok; fi
expect_rc 1 "unpack into a non-empty dir" "$J" unpack -q "$W/fw.bin" -o "$W/o2"
expect_grep "not empty" "$W/err" "non-empty output explained"
expect_rc 1 "unpack a missing image" "$J" unpack -q "$W/nope.bin" -o "$W/o3"

# the result document (DESIGN.md contract) against its schema
if [ -n "${TEST_RESULT:-}" ]; then
	expect_rc 0 "emit a result document" "$TEST_RESULT" --emit "$W/result.json"
	expect_rc 0 "result.json validates" "$PY" -m jsonschema -i "$W/result.json" "$SRC/schema/result.schema.json"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

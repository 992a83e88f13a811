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
for c in probe api app sbom assess report; do
	expect_rc 3 "$c is not implemented yet" "$J" "$c" x
	expect_grep "not implemented" "$W/err" "$c says it is not implemented"
done

expect_rc 0 "scan --help" "$J" scan --help
expect_rc 2 "scan without input" "$J" scan
expect_rc 2 "scan --format xml" "$J" scan --format xml /dev/null
expect_rc 4 "scan a missing input" "$J" scan "$W/none.bin"

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

#!/usr/bin/env bash
# compare_checksec.sh JCSTAR TARGET
#
# The ELF check of `jcstar scan` against Debian's checksec (2.6, a shell
# script over readelf): for every ELF file checksec finds under the tree,
# NX, PIE, RELRO, stack canary and FORTIFY must agree; every disagreement is
# printed per binary and fails the test.
#
# TARGET is an extracted root file system (a directory), or "cache:ARCH":
# the test image ~/.cache/jcstar-tests/images-ARCH/rootfs-xz.sqfs (made by
# tests/integration/lib/make-images.sh), unpacked here with `jcstar unpack`
# and compared on its squashfs directory (0001-squashfs).
#
# jcstar groups a property missing from more than ten files into one summary
# finding, so each binary is scanned on its own (a copy in a directory of
# its own): the per-file findings are then complete.
#
# How the two answers map (checksec CSV column -> jcstar rule):
#   NX      "NX disabled"     <-> elf.no-nx
#   PIE     "No PIE"          <-> elf.no-pie  ("DSO" and "PIE enabled" are
#                                 both not "no PIE" for jcstar)
#   RELRO   "No RELRO"        <-> elf.no-relro (partial and full are both
#                                 not reported by jcstar: not compared)
#   canary  "No Canary found" <-> elf.no-canary
#   FORTIFY "No"              <-> elf.no-fortify
#
# Known, explained differences (not counted as disagreements):
#   - FORTIFY "No" with 0 fortifiable functions: the file calls nothing that
#     FORTIFY_SOURCE protects (libdl.so.2 and other glibc stubs, small
#     modules); jcstar does not blame it. checksec counts "fortifiable" with
#     the host's libc; jcstar with its own list of glibc's _chk functions, so
#     a file whose only fortifiable imports are missing from either list is
#     reported as such below (EXPLAINED lines), never silently.
#   - RELRO with DF_1_NOW only (no DT_BIND_NOW, no DF_BIND_NOW): checksec
#     greps readelf for "BIND_NOW" and says partial, jcstar says full; both
#     are "not none", so the compared answer is the same.
#   - ELF files over 64 MiB (node on a Debian host): jcstar does not parse
#     them and says so as a limitation ("... limit reached"); not compared.
# Exit: 0 all agree, 1 disagreements, 77 (skip) without checksec or image.
set -uo pipefail
JCSTAR=$1
TARGET=$2
command -v checksec >/dev/null || { echo "checksec not installed: skipped"; exit 77; }
command -v python3 >/dev/null || { echo "python3 missing: skipped"; exit 77; }
JCSTAR=$(readlink -f "$JCSTAR")
work=$(mktemp -d /tmp/jcstar-checksec.XXXXXX)
trap 'rm -rf "$work"' EXIT

if [[ $TARGET == cache:* ]]; then
	arch=${TARGET#cache:}
	cache=${JCSTAR_TEST_CACHE:-$HOME/.cache/jcstar-tests}
	img=$cache/images-$arch/rootfs-xz.sqfs
	if [ ! -f "$img" ] && [ -n "${JCSTAR_SOURCE_ROOT:-}" ]; then
		bash "$JCSTAR_SOURCE_ROOT/tests/integration/lib/make-images.sh" \
			"$(dirname "$img")" "$arch" >/dev/null 2>&1
	fi
	[ -f "$img" ] || { echo "$img missing: skipped"; exit 77; }
	"$JCSTAR" unpack -q "$img" -o "$work/x" || { echo "unpack failed"; exit 1; }
	DIR=$work/x/0001-squashfs
else
	DIR=$TARGET
fi
[ -d "$DIR" ] || { echo "$DIR: not a directory"; exit 2; }
DIR=$(readlink -f "$DIR")

checksec --format=csv --dir="$DIR" > "$work/checksec.csv" 2>/dev/null
n=0
while IFS=, read -r relro canary nx pie rpath runpath syms fort fortified fortifiable file; do
	[ -f "$file" ] || continue
	n=$((n + 1))
	d=$work/one/$n
	mkdir -p "$d"
	cp "$file" "$d/$(basename "$file")"
	"$JCSTAR" scan -q --format json "$d" > "$work/one/$n.json" 2>/dev/null
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "${file#"$DIR"}" "$relro" "$canary" \
		"$nx" "$pie" "$fort" "$fortifiable" "$work/one/$n.json"
done < "$work/checksec.csv" > "$work/table.tsv"

python3 - "$work/table.tsv" <<'EOF'
import json, sys
props = ("NX", "PIE", "RELRO", "canary", "FORTIFY")
n = dis = expl = 0
for line in open(sys.argv[1]):
    path, relro, canary, nx, pie, fort, fortifiable, js = line.rstrip("\n").split("\t")
    n += 1
    doc = json.load(open(js))
    rules = {f["rule"] for f in doc["findings"]}
    if any(l["what"].startswith("ELF hardening") for l in doc["limitations"]):
        expl += 1
        print("EXPLAINED %s: over jcstar's 64 MiB limit: not checked (a limitation)" % path)
        continue
    cs = {"NX": nx == "NX disabled", "PIE": pie == "No PIE", "RELRO": relro == "No RELRO",
          "canary": canary == "No Canary found", "FORTIFY": fort == "No"}
    jc = {"NX": "elf.no-nx" in rules, "PIE": "elf.no-pie" in rules,
          "RELRO": "elf.no-relro" in rules, "canary": "elf.no-canary" in rules,
          "FORTIFY": "elf.no-fortify" in rules}
    for p in props:
        if cs[p] == jc[p]:
            continue
        if p == "FORTIFY" and cs[p] and not jc[p] and fortifiable.strip() == "0":
            expl += 1
            print("EXPLAINED %s: FORTIFY: checksec No with 0 fortifiable, jcstar silent" % path)
            continue
        dis += 1
        print("DISAGREE %s: %s: checksec %s, jcstar %s" % (
            path, p, "missing" if cs[p] else "present", "missing" if jc[p] else "present"))
print("%d binaries compared, %d disagreements, %d explained differences" % (n, dis, expl))
if n == 0:
    print("no ELF file compared")
    sys.exit(1)
print("%d passed, %d failed" % (n - dis, dis))
sys.exit(1 if dis else 0)
EOF

#!/usr/bin/env bash
# bench/bench_scan.sh [RUNS] [TREE]
#
# `jcstar scan` on an extracted root file system against what people run
# today on the same tree, in one run:
#   peer = firmwalker-style grep: one `grep -rlsP` over the tree per pattern
#          jcstar searches for (data/patterns/*.tsv and the network check's
#          data/network/text-patterns.tsv: the same regular expressions;
#          PCRE because that is their syntax), the way firmwalker greps
#          once per pattern (also timed: all of them in ONE grep pass),
#        + `checksec --dir TREE` (Debian's checksec) for ELF hardening.
# Targets (issue #3): jcstar at least 20x faster than the peer; a 100 MB
# tree scanned in under 10 s on 2 cores; memory bounded by the largest
# file, not by the tree (max RSS printed next to the largest file).
#
# TREE defaults to an extracted Debian 12 armhf system (~150 MB, about 130
# packages; tests/integration/lib/make-debian-tree.sh builds and caches
# it). Prints the median wall time of RUNS runs (default 3; checksec alone
# takes minutes) and the ratio. The machines are shared and noisy: medians.
set -euo pipefail

RUNS=${1:-3}
SRC=$(cd "$(dirname "$0")/.." && pwd)
. "$SRC/bench/lib.sh"
J="$SRC/build/src/jcstar"
[ -x "$J" ] || { echo "build first: meson setup build && ninja -C build" >&2; exit 1; }
TREE=${2:-${JCSTAR_TEST_CACHE:-$HOME/.cache/jcstar-tests}/debian-armhf}
if [ "$#" -lt 2 ]; then
	bash "$SRC/tests/integration/lib/make-debian-tree.sh" armhf "$TREE" >/dev/null
fi
[ -d "$TREE" ] || { echo "$TREE: not a directory" >&2; exit 1; }
command -v checksec >/dev/null || { echo "checksec missing (Debian package checksec)" >&2; exit 1; }
W=$(mktemp -d /tmp/jcstar-bench-scan.XXXXXX)
trap 'rm -rf "$W"' EXIT

# the regular expressions jcstar's one pass searches for: the pattern
# files of the content check (7 columns, the regex last) and the text
# patterns of the network check (3 columns; "i" = ignore case; skip-path
# lines are file globs, not patterns)
{
	cat "$SRC"/data/patterns/*.tsv | awk -F '\t' '!/^#/ && NF == 7 { print $7 }'
	awk -F '\t' '!/^#/ && NF == 3 && $1 != "skip-path" {
		print ($2 == "i" ? "(?i)" : "") $3 }' "$SRC/data/network/text-patterns.tsv"
} >"$W/patterns"

time_runs() { # NAME CMD...
	local name=$1 t0 t1
	shift
	for _ in $(seq "$RUNS"); do
		t0=$(now)
		"$@" >/dev/null 2>&1 || true
		t1=$(now)
		echo "$t1 - $t0" | bc -l
	done | median >"$W/$name.median"
	printf '  %-34s median %8.3f s over %d runs\n' "$name" "$(cat "$W/$name.median")" "$RUNS"
}
grep_all() { # one pass per pattern, like firmwalker
	while IFS= read -r p; do
		LC_ALL=C grep -rlsP -e "$p" "$TREE" || true
	done <"$W/patterns"
}
# for reference, the same patterns as ONE grep pass (an alternation of
# them): what a careful script could do, though firmwalker does not
awk '{ printf "%s(?:%s)", (NR > 1 ? "|" : ""), $0 } END { print "" }' "$W/patterns" >"$W/one-pattern"
grep_once() { LC_ALL=C grep -rlsP -f "$W/one-pattern" "$TREE" || true; }

size=$(du -sb "$TREE" | cut -f1)
files=$(find "$TREE" -type f | wc -l)
elfs=$(find "$TREE" -type f -size +0 -exec sh -c 'for f; do head -c4 "$f" | grep -q "^.ELF" && echo; done; true' _ {} + | wc -l)
big=$(find "$TREE" -type f -printf '%s\n' | sort -n | tail -1)
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r)"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
echo "jcstar $("$J" --version | cut -d' ' -f2); $(grep --version | head -1); $(checksec --version 2>&1 | head -1 | cut -d, -f1)"
echo "tree: $TREE: $((size / 1048576)) MiB, $files files, $elfs ELF files, largest file $((big / 1024)) KiB"
echo "patterns: $(wc -l <"$W/patterns") (data/patterns/*.tsv, data/network/text-patterns.tsv)"
echo

time_runs jcstar-scan "$J" scan -q --format json "$TREE"
time_runs grep-per-pattern grep_all
time_runs grep-one-pass grep_once
time_runs checksec-dir checksec --dir="$TREE" --format=csv
peer_t=$(echo "$(cat "$W/grep-per-pattern.median") + $(cat "$W/checksec-dir.median")" | bc -l)
printf '  %-34s median %8.3f s (sum of the two medians)\n' "peer: grep + checksec" "$peer_t"
echo "  => jcstar scan is $(echo "scale=1; $peer_t / $(cat "$W/jcstar-scan.median")" | bc -l)x faster than grep + checksec (target >= 20x)"
once_t=$(echo "$(cat "$W/grep-one-pass.median") + $(cat "$W/checksec-dir.median")" | bc -l)
echo "     (with grep in one pass instead: $(echo "scale=1; $once_t / $(cat "$W/jcstar-scan.median")" | bc -l)x; grep alone in one pass: $(echo "scale=1; $(cat "$W/grep-one-pass.median") / $(cat "$W/jcstar-scan.median")" | bc -l)x)"
echo "  => $((size / 1048576)) MiB scanned in $(cat "$W/jcstar-scan.median") s (target: 100 MB in < 10 s)"
rss=$( { /usr/bin/time -f '%M' "$J" scan -q --format json "$TREE" >/dev/null; } 2>&1 | tail -1)
echo "  => jcstar max RSS $((rss / 1024)) MiB; largest file in the tree $((big / 1048576)) MiB; tree $((size / 1048576)) MiB"

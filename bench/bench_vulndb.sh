#!/usr/bin/env bash
# bench/bench_vulndb.sh [RUNS] [CVES]
#
# The vulnerability database (issue #5) on a generated NVD CVE API 2.0
# feed of a full year's size and shape (bench/gen_nvd_feed.py: 25,000
# CVEs, ~250,000 vulnerable cpeMatch criteria, descriptions, CVSS
# metrics, AND "running on" configurations; ~125 MB of JSON):
#   1. `jcstar db import` into a new database: wall and CPU time,
#      records/s, peak RSS (/usr/bin/time);
#   2. the same file again (idempotent: every record unchanged);
#   3. `jcstar db match --list` of 300 components (real IoT names and
#      versions, the Linux kernel among them) against those criteria.
# Targets: import >= 5,000 CVE records/s with memory that does not grow
# with the feed; 300 components matched in < 1 s.
# Prints the median of RUNS runs (default 3). The machines are shared
# and noisy: CPU time (user+sys) is printed next to wall time.
# JCSTAR=path/to/jcstar picks the binary (default build/src/jcstar).
set -euo pipefail

RUNS=${1:-3}
CVES=${2:-25000}
SRC=$(cd "$(dirname "$0")/.." && pwd)
. "$SRC/bench/lib.sh"
J=${JCSTAR:-$SRC/build/src/jcstar}
[ -x "$J" ] || { echo "build first: meson setup build && ninja -C build" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian package time)" >&2; exit 1; }
W=${BENCH_DIR:-${TMPDIR:-/tmp}}/jcstar-bench-vulndb
mkdir -p "$W"
FEED=$W/nvd-$CVES.json
COMPS=$W/components-$CVES.txt
if [ ! -s "$FEED" ] || [ ! -s "$COMPS" ]; then
	echo "generating $FEED ..." >&2
	python3 "$SRC/bench/gen_nvd_feed.py" "$FEED" "$COMPS" "$CVES"
fi

# run LABEL CMD...: appends "wall cpu rss_kb" to $W/LABEL.times
run() {
	local label=$1; shift
	/usr/bin/time -f "%e %U %S %M" -o "$W/t" "$@" >"$W/out" 2>&1 || [ $? -eq 1 ]
	# (time writes "Command exited with non-zero status" first: exit 1
	# of match means "vulnerabilities found")
	tail -1 "$W/t" | awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' >>"$W/$label.times"
}
rm -f "$W"/*.times
for i in $(seq "$RUNS"); do
	rm -f "$W/vuln.db"
	run import "$J" db --db "$W/vuln.db" import "$FEED"
	grep -q "$CVES new" "$W/out" || { cat "$W/out" >&2; exit 1; }
	run reimport "$J" db --db "$W/vuln.db" import "$FEED"
	grep -q "$CVES unchanged" "$W/out" || { cat "$W/out" >&2; exit 1; }
	run match "$J" db --db "$W/vuln.db" match -q --list "$COMPS"
done
CRIT=$("$J" db --db "$W/vuln.db" status 2>/dev/null | awk -F: '/CPE match criteria/ {gsub(/ /, "", $2); print $2}')
HITS=$(tail -1 "$W/out")

col() { awk -v c="$2" '{print $c}' "$W/$1.times" | median_low; }
echo "feed: $CVES CVEs, $CRIT criteria, $(du -m "$FEED" | cut -f1) MB; database $(du -m "$W/vuln.db" | cut -f1) MB"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); median of $RUNS runs"
for l in import reimport; do
	w=$(col $l 1); c=$(col $l 2); m=$(col $l 3)
	printf '%-9s wall %6.2f s (%6.0f records/s)  cpu %6.2f s (%6.0f records/s)  max RSS %s MB\n' \
		"$l" "$w" "$(echo "$CVES / $w" | bc -l)" "$c" "$(echo "$CVES / $c" | bc -l)" "$((m / 1024))"
done
printf 'match     wall %6.2f s  cpu %6.2f s  max RSS %s MB  (%s)\n' \
	"$(col match 1)" "$(col match 2)" "$(( $(col match 3) / 1024 ))" "$HITS"

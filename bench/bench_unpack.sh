#!/usr/bin/env bash
# bench/bench_unpack.sh [RUNS]
#
# jcstar unpack against its peers on the same images, in one run:
#   1. a 16 MiB multi-part flash image (bootloader, uImage kernel, xz
#      SquashFS, JFFS2, encrypted blob): jcstar vs `binwalk -Me`
#      (target: jcstar at least 10x faster);
#   2. a plain xz SquashFS: jcstar vs `unsquashfs` (target: within 1.5x);
#   3. peak memory (max RSS) of jcstar on images of 16, 64 and 128 MiB next
#      to the largest single file each one contains (target: memory does not
#      grow with the image size beyond that file).
# Prints the median wall time of RUNS runs (default 5) for each tool and the
# ratios. The machines are shared and noisy: medians, not single times.
set -euo pipefail

RUNS=${1:-5}
SRC=$(cd "$(dirname "$0")/.." && pwd)
. "$SRC/bench/lib.sh"
J="$SRC/build/src/jcstar"
[ -x "$J" ] || { echo "build first: meson setup build && ninja -C build" >&2; exit 1; }
IMGS=${JCSTAR_TEST_CACHE:-$HOME/.cache/jcstar-tests}/images-mipsel
bash "$SRC/tests/integration/lib/make-images.sh" "$IMGS" mipsel >/dev/null
# Both tools write to the same place; tmpfs by default, so the shared
# machine's disk (and ext4's inode reuse after each rm -rf) is not what is
# measured. BENCH_DIR=/some/disk/dir measures on a disk instead.
base=${BENCH_DIR:-/dev/shm}
[ -d "$base" ] && [ -w "$base" ] || base=/tmp
W=$(mktemp -d "$base/jcstar-bench.XXXXXX")
trap 'rm -rf "$W"' EXIT

time_runs() { # NAME CMD... (the command's output dir is $W/out, cleared each run)
	local name=$1 t0 t1
	shift
	for _ in $(seq "$RUNS"); do
		rm -rf "$W/out"
		t0=$(now)
		"$@" >/dev/null 2>&1
		t1=$(now)
		echo "$t1 - $t0" | bc -l
	done | median >"$W/$name.median"
	printf '  %-28s median %.3f s over %d runs\n' "$name" "$(cat "$W/$name.median")" "$RUNS"
}
ratio() { echo "scale=1; $(cat "$W/$1.median") / $(cat "$W/$2.median")" | bc -l; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r)"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
echo "output written to: $W ($(df --output=fstype "$W" | tail -1))"
echo "jcstar $("$J" --version | cut -d' ' -f2), $(binwalk --help 2>&1 | head -2 | grep -o 'Binwalk v[0-9.]*' || echo binwalk), $(unsquashfs -version 2>&1 | head -1)"
echo

echo "1. flash.bin, $(stat -c %s "$IMGS/flash.bin") bytes (multi-part NOR flash)"
time_runs jcstar-flash "$J" unpack -q "$IMGS/flash.bin" -o "$W/out"
time_runs binwalk-Me-flash binwalk -Me --run-as=root -q -C "$W/out" "$IMGS/flash.bin"
echo "  => jcstar is $(ratio binwalk-Me-flash jcstar-flash)x faster than binwalk -Me (target >= 10x)"
echo

echo "2. rootfs-xz.sqfs, $(stat -c %s "$IMGS/rootfs-xz.sqfs") bytes (plain SquashFS, xz)"
time_runs jcstar-sqfs "$J" unpack -q "$IMGS/rootfs-xz.sqfs" -o "$W/out"
time_runs unsquashfs-sqfs unsquashfs -q -n -d "$W/out" "$IMGS/rootfs-xz.sqfs"
echo "  => jcstar takes $(ratio jcstar-sqfs unsquashfs-sqfs)x the time of unsquashfs (target <= 1.5x)"
echo

echo "3. peak memory (max RSS) against image size"
cp "$IMGS/flash.bin" "$W/16.bin"
cat "$IMGS/flash.bin" "$IMGS/rootfs.ext4" "$IMGS/rootfs-newc.cpio" >"$W/64.bin"
truncate -s 64M "$W/64.bin"
cat "$W/64.bin" "$W/64.bin" >"$W/128.bin"
for s in 16 64 128; do
	rm -rf "$W/out"
	rss=$( { /usr/bin/time -f '%M' "$J" unpack -q "$W/$s.bin" -o "$W/out" >/dev/null; } 2>&1 | tail -1)
	big=$(python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print(max([e.get("size",0) for e in m["files"]] or [0]))' "$W/out/manifest.json")
	printf '  %3d MiB image: max RSS %6d KiB; largest extracted file %6d KiB\n' "$s" "$rss" "$((big / 1024))"
done

#!/usr/bin/env bash
# scripts/test.sh - the whole test suite, as CI runs it:
#   1. build with warnings as errors; unit + integration tests (meson test)
#   2. the same suite under AddressSanitizer + UndefinedBehaviorSanitizer
#   3. the libFuzzer targets (clang) built and run over their corpora
# Prints "tests: N passed, M failed" last; exits non-zero on any failure.
set -uo pipefail

cd "$(dirname "$0")/.."
total_ok=0
total_fail=0

run_suite() { # BUILDDIR SETUP-ARGS...
	local dir=$1 log
	shift
	if [ ! -d "$dir" ]; then
		meson setup "$dir" "$@" >"$dir.setup.log" 2>&1 || { cat "$dir.setup.log"; total_fail=$((total_fail + 1)); return; }
	fi
	if ! ninja -C "$dir" >"$dir.build.log" 2>&1; then
		cat "$dir.build.log"
		total_fail=$((total_fail + 1))
		return
	fi
	log=$(mktemp)
	meson test -C "$dir" --print-errorlogs --num-processes 2 2>&1 | tee "$log"
	total_ok=$((total_ok + $(awk '/^Ok:/ {print $2}' "$log")))
	total_fail=$((total_fail + $(awk '/^Fail:/ {print $2}' "$log") + $(awk '/^Timeout:/ {print $2}' "$log")))
	rm -f "$log"
}

echo "== build and test (warnings are errors)"
run_suite build -Dwerror=true

echo "== ASan + UBSan"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
run_suite build-asan -Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false --buildtype=debug

echo "== fuzz targets (clang, libFuzzer): build and run the corpora"
if [ ! -d build-fuzz ]; then
	CC=clang meson setup build-fuzz -Dfuzzing=true -Dintegration=false \
		-Db_sanitize=address,undefined -Db_lundef=false >build-fuzz.setup.log 2>&1 || cat build-fuzz.setup.log
fi
if ninja -C build-fuzz >build-fuzz.build.log 2>&1; then
	for t in build-fuzz/tests/fuzz/fuzz_*; do
		[ -f "$t" ] && [ -x "$t" ] || continue
		f=$(basename "$t")
		f=${f#fuzz_}
		corpus="tests/fuzz/corpus/${f//_/-}"
		[ -d "$corpus" ] || corpus="tests/fuzz/corpus/$f"
		[ -d "$corpus" ] || { echo "FAIL: no corpus for $t"; total_fail=$((total_fail + 1)); continue; }
		# a short run from the corpus: the long runs are in docs/FUZZING.md
		# new inputs go to a scratch dir (the first one), never the repo
		scratch=$(mktemp -d)
		if "$t" -runs=2000 -max_len=65536 -seed=1 "$scratch" "$corpus" >"build-fuzz/$f.log" 2>&1 </dev/null; then
			total_ok=$((total_ok + 1))
		else
			echo "FAIL: $t"
			tail -30 "build-fuzz/$f.log"
			total_fail=$((total_fail + 1))
		fi
		rm -rf "$scratch"
	done
else
	cat build-fuzz.build.log
	total_fail=$((total_fail + 1))
fi

echo "tests: $total_ok passed, $total_fail failed"
[ "$total_fail" -eq 0 ]

#!/usr/bin/env bash
# test_formats.sh JCSTAR SOURCE_ROOT [ARCH...]
#
# Builds real firmware images from real Debian packages of embedded
# architectures with the real packers (lib/make-images.sh), unpacks each
# with jcstar and asserts that the set of extracted regular files (by
# sha256) equals what went in (check_manifest.py --expect), that the flash
# layout's parts are found at their odd offsets, and, where Debian has a
# reference extractor for the format, that jcstar lacks nothing the
# reference extracts (lib/reference-extract.sh).
set -euo pipefail
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
# the packers (mkfs.*, ubinize, debugfs) live in sbin, which a normal
# user's PATH on Debian does not include
export PATH="$PATH:/usr/sbin:/sbin"

JCSTAR=$(readlink -f "$1")
SRC=$(readlink -f "$2")
shift 2
ARCHES=${*:-mipsel armhf}
HERE="$SRC/tests/integration"
CACHE=${JCSTAR_TEST_CACHE:-$HOME/.cache/jcstar-tests}
WORK=$(mktemp -d /tmp/jcstar-formats.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

pass=0
fail=0
for arch in $ARCHES; do
	imgs="$CACHE/images-$arch"
	bash "$HERE/lib/make-images.sh" "$imgs" "$arch" >"$WORK/make-$arch.log" 2>&1 || {
		cat "$WORK/make-$arch.log"
		echo "FAIL: building $arch images"
		exit 1
	}
	for list in "$imgs"/*.files; do
		img=${list%.files}
		name=$(basename "$img")
		out="$WORK/$arch-$name"
		args=(--expect "$list")
		[ "$name" = flash.bin ] && args+=(--layout "$imgs/flash.layout")
		if "$JCSTAR" unpack -q "$img" -o "$out" >"$out.log" 2>&1 &&
			"$PY" "$HERE/check_manifest.py" "$out" "${args[@]}" >"$out.check" 2>&1; then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
			echo "FAIL: $arch/$name"
			cat "$out.log" "$out.check"
		fi
		# agreement with the reference extractor, where Debian has one
		rc=0
		bash "$HERE/lib/reference-extract.sh" "$img" "$WORK/ref-$arch-$name" \
			>"$out.ref" 2>"$out.ref.err" || rc=$?
		if [ "$rc" -eq 0 ]; then
			rargs=(--reference "$out.ref")
			# binwalk keeps raw copies of what it carves (1A0041.squashfs)
			# and carves inside binaries (_40163.extracted/1F5F8F.tar):
			# its artifacts, not files of the image
			[ "$name" = flash.bin ] && rargs+=(--reference-ignore '/[0-9A-F]+(\.[a-z0-9]+)?$')
			if "$PY" "$HERE/check_manifest.py" "$out" --no-hash-check \
				"${rargs[@]}" >"$out.refcheck" 2>&1; then
				pass=$((pass + 1))
			else
				fail=$((fail + 1))
				echo "FAIL: $arch/$name disagrees with the reference extractor"
				cat "$out.refcheck"
			fi
		elif [ "$rc" -ne 77 ]; then
			echo "note: reference extractor failed on $arch/$name (exit $rc)"
		fi
		rm -rf "$out" "$WORK/ref-$arch-$name"
	done
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

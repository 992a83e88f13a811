#!/usr/bin/env bash
# make-example-firmware.sh OUT.bin
#
# Builds the README's example firmware in one command: the 16 MiB mipsel NOR
# flash dump (bootloader, uImage kernel, xz squashfs rootfs of real Debian
# mipsel binaries, JFFS2 config partition, an encrypted-looking blob) made by
# tests/integration/lib/make-images.sh, and copies it to OUT.bin, with its
# part table next to it as OUT.bin.layout.  Needs Debian's package mirror the
# first time (the .debs are cached in ~/.cache/jcstar-tests), offline after.
# Tools needed (Debian packages): see tests/integration/lib/make-images.sh.
set -euo pipefail

[ "$#" -eq 1 ] || { echo "usage: $0 OUT.bin" >&2; exit 2; }
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
IMAGES=${JCSTAR_TEST_CACHE:-$HOME/.cache/jcstar-tests}/images-mipsel
"$HERE/../tests/integration/lib/make-images.sh" "$IMAGES" mipsel
cp "$IMAGES/flash.bin" "$1"
cp "$IMAGES/flash.layout" "$1.layout"
echo "example firmware: $1 ($(stat -c %s "$1") bytes), layout in $1.layout"

#!/usr/bin/env bash
# scripts/setup.sh [--deps-only]
#
# One command for a fresh Debian 12 machine: installs every Debian package
# jcstar needs (scripts/deps.txt) with apt-get, builds jcstar with Meson,
# builds the example firmware (a 16 MiB mipsel flash image made from real
# Debian packages: bootloader, uImage kernel, SquashFS root, JFFS2 config,
# an encrypted blob), and assesses the example product (examples/product.yaml:
# that firmware plus example documents), printing the JC-STAR verdict table
# and the path of the HTML report.
set -euo pipefail

cd "$(dirname "$0")/.."
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null || { echo "setup: run as root or install sudo" >&2; exit 1; }
	SUDO=sudo
fi

pkgs=$(grep -v '^#' scripts/deps.txt | grep -v '^$' | tr '\n' ' ')
missing=$(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' $pkgs 2>/dev/null | awk '$1 != "ii" {print $2}' || true)
# dpkg-query says nothing about packages it has never heard of
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "${missing// /}" ]; then
	echo "setup: installing Debian packages:$(echo " $missing" | tr -s ' ')"
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -qq --no-install-recommends $pkgs >/dev/null
fi
[ "${1:-}" = "--deps-only" ] && exit 0

echo "setup: building"
[ -d build ] || meson setup build --buildtype=release >/dev/null
ninja -C build >/dev/null

echo "setup: making the example firmware (mipsel Debian packages, real packers)"
mkdir -p example
bash scripts/make-example-firmware.sh example/flash.bin >/dev/null
echo
echo "setup: assessing the example product (jcstar assess examples/product.yaml:"
echo "       the example firmware plus the example documents)"
echo
build/src/jcstar assess examples/product.yaml --html example/jcstar-report.html --json example/result.json

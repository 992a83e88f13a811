#!/usr/bin/env bash
# make-images.sh OUTDIR [ARCH]
#
# Builds the firmware test corpus for `jcstar unpack` integration tests and
# benchmarks: one real embedded root filesystem (make-rootfs.sh, real Debian
# ARCH binaries; ARCH defaults to mipsel) packed with the REAL packing tools
# Debian ships - squashfs (xz/gzip/lzo/zstd/lzma), ext4/ext2, cpio
# (newc/odc/crc), tar (+xz/zst/bz2/lz4/gz), zip, 7z, ar, a raw LZMA-alone
# stream, JFFS2 (LE/BE and per-compressor), CramFS (LE/BE) and romfs (when
# mkfs.cramfs / genromfs are installed), UBIFS and UBI, legacy uImages,
# FIT images (plain and RSA-signed), a Broadcom TRX (written here in Python:
# Debian has no TRX packer) and a 16 MiB raw NOR flash dump with parts at odd
# offsets.
#
# For every IMAGE it writes IMAGE.files: the sorted "sha256  /path" list of the
# regular files that went in, so a test can compare the set of extracted
# regular files (by sha256) with what went in.  Images holding a raw payload
# rather than a file system (LZMA stream, uImage, FIT, TRX, UBI static volume)
# list the payload under a nominal name (/kernel, /ramdisk.cpio, /fdt.dtb,
# /busybox); only its sha256 is meaningful.  The kernel stand-in IS the
# rootfs's /bin/busybox, so its sha256 is also in the rootfs list.
# Also written: flash.layout ("offset size name" per part), rootfs.manifest
# (metadata of every entry: type/mode/owner/symlink target), rootfs.ubi.volumes,
# README.images (what each image is), signed-fit.control.dtb (public key).
#
# Cached: OUTDIR/.stamp holds the sha256 of these scripts plus ARCH and
# SOURCE_DATE_EPOCH; when it matches nothing is rebuilt.  Needs network only
# the first time (fetch-debs.sh caches the .debs).  Log: OUTDIR/.build.log.
set -euo pipefail
# the packers (mkfs.*, ubinize, debugfs) live in sbin, which a normal
# user's PATH on Debian does not include
export PATH="$PATH:/usr/sbin:/sbin"
# Root filesystems need root-owned files, device nodes in packer tables and
# setuid bits: a normal user builds them under fakeroot (Debian package).
if [ "$(id -u)" -ne 0 ]; then
	command -v fakeroot >/dev/null || { echo "$0: run as root or install fakeroot" >&2; exit 1; }
	exec fakeroot -- bash "$0" "$@"
fi

usage() { echo "usage: $0 OUTDIR [ARCH]" >&2; exit 2; }
if [ "$#" -lt 1 ] || [ "$#" -gt 2 ]; then usage; fi
OUT=$1
ARCH=${2:-mipsel}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}
export TZ=UTC LC_ALL=C
umask 022

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
stamp_want=$(cat "$HERE/make-images.sh" "$HERE/make-rootfs.sh" "$HERE/fetch-debs.sh" |
              sha256sum | cut -d' ' -f1)
stamp_want="$stamp_want $ARCH $SOURCE_DATE_EPOCH"
if [ -f "$OUT/.stamp" ] && [ "$(cat "$OUT/.stamp")" = "$stamp_want" ]; then
    echo "make-images[$ARCH]: $OUT is up to date"
    exit 0
fi
rm -f "$OUT/.stamp"

W=$OUT/.work
LOG=$OUT/.build.log
rm -rf "$W"
mkdir -p "$W"
: >"$LOG"
ROOT=$W/root

# Every tool is run with its output in the log; on failure show the tail.
run() {
    if ! "$@" >>"$LOG" 2>&1; then
        echo "make-images[$ARCH]: FAILED: $*" >&2
        tail -n 25 "$LOG" >&2
        exit 1
    fi
}
say() { echo "make-images[$ARCH]: $*"; }
built() { # built IMAGE FILESLIST
    cp "$2" "$OUT/$1.files"
    say "built $1 ($(stat -c %s "$OUT/$1") bytes)"
}
# sorted "sha256  /path" of the regular files below $1
files_of() {
    (cd "$1" && find . -type f -print0 | xargs -0r sha256sum) |
        sed 's|  \./|  /|' | sort -k2
}
# "sha256  /name" for a single payload file
payload_line() { printf '%s  /%s\n' "$(sha256sum <"$1" | cut -d' ' -f1)" "$2"; }

case $ARCH in
    mipsel|mips) UARCH=mips;  LOAD=0x80000000; JFFS2_END=-l ;;
    mips64el)    UARCH=mips64; LOAD=0x80000000; JFFS2_END=-l ;;
    armhf|armel) UARCH=arm;   LOAD=0x80008000; JFFS2_END=-l ;;
    arm64)       UARCH=arm64; LOAD=0x80080000; JFFS2_END=-l ;;
    *)           UARCH=$ARCH; LOAD=0x80000000; JFFS2_END=-l ;;
esac

# --- staging root ---------------------------------------------------------
"$HERE/make-rootfs.sh" "$ARCH" "$ROOT" | sed 's/^/  /'
cp "$ROOT.manifest" "$OUT/rootfs.manifest"
files_of "$ROOT" >"$W/root.files"
BB=$ROOT/bin/busybox
: >"$OUT/README.images"
note() { printf '%-28s %s\n' "$1" "$2" >>"$OUT/README.images"; }

# Device tables for the packers that take them.
# mksquashfs pseudo file: "name type mode uid gid major minor"
cp "$ROOT.devices" "$W/pseudo.sqfs"
# mkfs.jffs2 / mkfs.ubifs device table: "name type mode uid gid major minor start inc count"
awk '{print $1, $2, $3, $4, $5, $6, $7, "-", "-", "-"}' "$ROOT.devices" >"$W/devtable"

# --- squashfs ------------------------------------------------------------
comps=$( { mksquashfs 2>&1 || true; } | sed -n '/^[[:space:]]*Compressors available:/,/^-/p' |
        awk 'NR>1 && $1 !~ /^-/ {print $1}')
for c in xz gzip lzo zstd lzma; do
    if ! grep -qx "$c" <<<"$comps"; then
        say "skip rootfs-$c.sqfs: mksquashfs has no $c compressor"; continue
    fi
    img=rootfs-$c.sqfs
    run mksquashfs "$ROOT" "$OUT/$img" -comp "$c" -noappend -no-progress \
        -processors 2 -pf "$W/pseudo.sqfs"
    # (mkfs time comes from SOURCE_DATE_EPOCH; mksquashfs 4.5.1 refuses
    #  -mkfs-time/-all-time when SOURCE_DATE_EPOCH is set)
    note "$img" "squashfs 4.0, $c, 128K blocks, devices via pseudo file"
    built "$img" "$W/root.files"
done

# --- ext4 / ext2 ------------------------------------------------------------
kb=$(du -sk "$ROOT" | cut -f1)
size_kb=$(( (kb * 13 / 10 + 4096) / 1024 * 1024 ))
{
    while read -r path type mode uid gid maj min; do
        # debugfs mknod takes a plain name in the cwd (a path would become a
        # name with slashes in it): cd first.
        echo "cd ${path%/*}"
        echo "mknod ${path##*/} $type $maj $min"
        echo "cd /"
        if [ "$type" = c ]; then t=020; else t=060; fi
        echo "sif $path mode 0$t$mode"
        echo "sif $path uid $uid"
        echo "sif $path gid $gid"
        for f in atime mtime ctime; do echo "sif $path $f @$SOURCE_DATE_EPOCH"; done
    done <"$ROOT.devices"
} >"$W/debugfs.cmds"
for t in ext4 ext2; do
    img=rootfs.$t
    rm -f "$OUT/$img"
    run env E2FSPROGS_FAKE_TIME="$SOURCE_DATE_EPOCH" mke2fs -q -F -t "$t" -b 4096 \
        -L rootfs -U 6a6373a4-0000-4000-8000-000000000001 \
        -E "hash_seed=6a6373a4-0000-4000-8000-000000000002" \
        -d "$ROOT" "$OUT/$img" "${size_kb}k"
    run debugfs -w -f "$W/debugfs.cmds" "$OUT/$img"
    note "$img" "mke2fs -t $t -d, ${size_kb} KiB, devices added with debugfs mknod"
    built "$img" "$W/root.files"
done

# --- cpio --------------------------------------------------------------------
(cd "$ROOT" && find . -mindepth 1 | sort) >"$W/cpio.list"
for f in newc odc crc; do
    img=rootfs-$f.cpio
    (cd "$ROOT" && cpio --quiet -o -H "$f" --reproducible <"$W/cpio.list" >"$OUT/$img") 2>>"$LOG"
    note "$img" "GNU cpio -H $f (no device nodes: cpio reads the host tree)"
    built "$img" "$W/root.files"
done
gzip -n -9 -c "$OUT/rootfs-newc.cpio" >"$OUT/rootfs.cpio.gz"
note rootfs.cpio.gz "gzip -n of rootfs-newc.cpio (initramfs style)"
built rootfs.cpio.gz "$W/root.files"

# --- tar family ------------------------------------------------------------------
run tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --numeric-owner --format=gnu \
    -C "$ROOT" -cf "$OUT/rootfs.tar" .
note rootfs.tar "GNU tar, ./-relative names"
built rootfs.tar "$W/root.files"
xz -T1 -c "$OUT/rootfs.tar" >"$OUT/rootfs.tar.xz";        built rootfs.tar.xz "$W/root.files"
zstd -q -c "$OUT/rootfs.tar" >"$OUT/rootfs.tar.zst";      built rootfs.tar.zst "$W/root.files"
bzip2 -c "$OUT/rootfs.tar" >"$OUT/rootfs.tar.bz2";        built rootfs.tar.bz2 "$W/root.files"
lz4 -q -c "$OUT/rootfs.tar" >"$OUT/rootfs.tar.lz4";       built rootfs.tar.lz4 "$W/root.files"
note rootfs.tar.xz "xz (default level) of rootfs.tar"
note rootfs.tar.zst "zstd frame of rootfs.tar"
note rootfs.tar.bz2 "bzip2 of rootfs.tar"
note rootfs.tar.lz4 "lz4 frame format of rootfs.tar"

# --- zip / 7z / ar ---------------------------------------------------------------
rm -f "$OUT/rootfs.zip" "$OUT/rootfs.7z"
# zip skips FIFOs by default; -y keeps symlinks as links.
(cd "$ROOT" && find . -mindepth 1 ! -type p | sort | zip -q -y -X -@ "$OUT/rootfs.zip") >>"$LOG" 2>&1
note rootfs.zip "Info-ZIP, deflate, symlinks stored as links"
built rootfs.zip "$W/root.files"
# 7-Zip would store the FIFO as an empty regular file: exclude it.
(cd "$ROOT" && run 7z a -t7z -snl -mx=5 -mmt=2 '-xr!initctl' "$OUT/rootfs.7z" .)
note rootfs.7z "7-Zip LZMA2, symlinks stored as links, FIFO excluded"
built rootfs.7z "$W/root.files"
rm -f "$OUT/firmware.a"
mkdir -p "$W/ar"
for f in bin/busybox etc/passwd etc/shadow etc/init.d/rcS etc/config/network; do
    cp "$ROOT/$f" "$W/ar/"
done
(cd "$W/ar" && run ar rcD "$OUT/firmware.a" busybox passwd shadow rcS network)
note firmware.a "GNU ar (deterministic), flat member names"
files_of "$W/ar" >"$W/ar.files"
built firmware.a "$W/ar.files"

# --- raw streams and kernel stand-in ------------------------------------------------
xz --format=lzma -c "$BB" >"$OUT/busybox.lzma"
note busybox.lzma "raw LZMA-alone stream (xz --format=lzma) of /bin/busybox"
payload_line "$BB" busybox >"$W/busybox.files"
built busybox.lzma "$W/busybox.files"
cp "$BB" "$W/kernel"
gzip -n -9 -c "$W/kernel" >"$W/kernel.gz"
xz --format=lzma -c "$W/kernel" >"$W/kernel.lzma"
payload_line "$W/kernel" kernel >"$W/kernel.files"

# --- JFFS2 ------------------------------------------------------------------------
jffs2_comps=$( { mkfs.jffs2 -L 2>&1 || true; } | awk '$2 ~ /^priority:/ {print $1}')
jffs2() { # jffs2 IMAGE ENDIAN-FLAG DESCRIPTION [compressor flags...]
    local img=$1 endian=$2 desc=$3
    shift 3
    run mkfs.jffs2 "$endian" -e 128KiB -p -D "$W/devtable" -r "$ROOT" -o "$OUT/$img" "$@"
    note "$img" "$desc"
    built "$img" "$W/root.files"
}
jffs2 rootfs-le.jffs2 -l "JFFS2 LE, 128 KiB erase blocks, default compressors (zlib+rtime)"
jffs2 rootfs-be.jffs2 -b "JFFS2 BE, 128 KiB erase blocks, default compressors (zlib+rtime)"
jffs2 rootfs-le-zlib.jffs2 -l "JFFS2 LE, zlib only" -X zlib -x rtime -x lzo
jffs2 rootfs-le-rtime.jffs2 -l "JFFS2 LE, rtime only" -X rtime -x zlib -x lzo
jffs2 rootfs-le-none.jffs2 -l "JFFS2 LE, no compression" -x zlib -x rtime -x lzo
for c in lzo lzma; do
    if grep -qx "$c" <<<"$jffs2_comps"; then
        others=()
        for o in $jffs2_comps; do [ "$o" = "$c" ] || others+=(-x "$o"); done
        jffs2 "rootfs-le-$c.jffs2" -l "JFFS2 LE, $c only" -X "$c" "${others[@]}"
    else
        say "skip rootfs-le-$c.jffs2: mkfs.jffs2 has no $c compressor"
    fi
done

# --- CramFS / romfs -------------------------------------------------------------------
# mkfs.cramfs (util-linux) and genromfs read the host tree, so the device
# table is not applied (no device nodes in these two images).
if command -v mkfs.cramfs >/dev/null 2>&1; then
    for e in little big; do
        if [ "$e" = little ]; then img=rootfs.cramfs; else img=rootfs-be.cramfs; fi
        rm -f "$OUT/$img"
        run mkfs.cramfs -N "$e" -n rootfs "$ROOT" "$OUT/$img"
        note "$img" "CramFS (util-linux mkfs.cramfs -N $e), zlib, 4 KiB pages"
        built "$img" "$W/root.files"
    done
else
    say "skip rootfs.cramfs, rootfs-be.cramfs: no mkfs.cramfs (util-linux)"
fi
if command -v genromfs >/dev/null 2>&1; then
    rm -f "$OUT/rootfs.romfs"
    run genromfs -f "$OUT/rootfs.romfs" -d "$ROOT" -V rootfs
    note rootfs.romfs "romfs (genromfs), uncompressed, hard links as romfs links"
    built rootfs.romfs "$W/root.files"
else
    say "skip rootfs.romfs: no genromfs"
fi

# --- UBIFS / UBI ---------------------------------------------------------------------
ubifs_help=$(mkfs.ubifs --help 2>&1 || true)
for c in lzo zlib zstd; do
    if [ "$c" = lzo ]; then img=rootfs.ubifs; else img=rootfs-$c.ubifs; fi
    if ! grep -q "\"$c\"" <<<"$ubifs_help"; then
        say "skip $img: mkfs.ubifs has no $c compressor"; continue
    fi
    rm -f "$OUT/$img"
    run mkfs.ubifs -m 2048 -e 126976 -c 2048 -x "$c" -D "$W/devtable" \
        -r "$ROOT" -o "$OUT/$img"
    note "$img" "UBIFS, min I/O 2048, LEB 126976, max 2048 LEBs, $c"
    built "$img" "$W/root.files"
done

# --- legacy uImages -------------------------------------------------------------------
run mkimage -A "$UARCH" -O linux -T kernel -C gzip -a "$LOAD" -e "$LOAD" \
    -n jcstar-test -d "$W/kernel.gz" "$OUT/uImage-kernel"
note uImage-kernel "legacy uImage, $UARCH kernel, gzip payload (stand-in: busybox)"
built uImage-kernel "$W/kernel.files"
run mkimage -A "$UARCH" -O linux -T kernel -C lzma -a "$LOAD" -e "$LOAD" \
    -n jcstar-test-lzma -d "$W/kernel.lzma" "$OUT/uImage-kernel-lzma"
note uImage-kernel-lzma "legacy uImage, lzma (LZMA-alone) payload"
built uImage-kernel-lzma "$W/kernel.files"
run mkimage -A "$UARCH" -O linux -T multi -C gzip -a "$LOAD" -e "$LOAD" \
    -n jcstar-test-multi -d "$W/kernel.gz:$OUT/rootfs-xz.sqfs" "$OUT/uImage-multi"
note uImage-multi "legacy multi-file uImage: kernel.gz + rootfs-xz.sqfs"
sort -k2 -u "$W/kernel.files" "$W/root.files" >"$W/multi.files"
built uImage-multi "$W/multi.files"

# --- UBI (needs the uImage for its static volume) --------------------------------------
cat >"$W/ubinize.ini" <<EOF
[kernel]
mode=ubi
image=$OUT/uImage-kernel
vol_id=0
vol_type=static
vol_name=kernel
vol_alignment=1

[rootfs]
mode=ubi
image=$OUT/rootfs.ubifs
vol_id=1
vol_type=dynamic
vol_name=rootfs
vol_flags=autoresize
EOF
run ubinize -o "$OUT/rootfs.ubi" -m 2048 -p 128KiB -s 2048 -Q 1 "$W/ubinize.ini"
note rootfs.ubi "UBI, PEB 128 KiB, page 2048: vol 0 static 'kernel' (uImage-kernel), vol 1 dynamic 'rootfs' (rootfs.ubifs)"
{
    echo "# vol_id name type size sha256"
    echo "0 kernel static $(stat -c %s "$OUT/uImage-kernel") $(sha256sum <"$OUT/uImage-kernel" | cut -d' ' -f1)"
    echo "1 rootfs dynamic $(stat -c %s "$OUT/rootfs.ubifs") $(sha256sum <"$OUT/rootfs.ubifs" | cut -d' ' -f1)"
} >"$OUT/rootfs.ubi.volumes"
built rootfs.ubi "$W/multi.files"

# --- FIT images ---------------------------------------------------------------------------
cat >"$W/board.dts" <<'EOF'
/dts-v1/;
/ {
	model = "jcstar test board";
	compatible = "jcstar,test-board";
	#address-cells = <1>;
	#size-cells = <1>;
	chosen { bootargs = "console=ttyS0,115200 root=/dev/mtdblock2"; };
	memory@0 { device_type = "memory"; reg = <0x0 0x4000000>; };
};
EOF
run dtc -I dts -O dtb -o "$W/board.dtb" "$W/board.dts"
fit_its() { # fit_its SIGNED(0/1)
    local sig=$1
    cat <<EOF
/dts-v1/;
/ {
	description = "jcstar test FIT";
	#address-cells = <1>;
	images {
		kernel-1 {
			description = "kernel stand-in";
			data = /incbin/("$W/kernel.gz");
			type = "kernel";
			arch = "$UARCH";
			os = "linux";
			compression = "gzip";
			load = <$LOAD>;
			entry = <$LOAD>;
			hash-1 { algo = "sha256"; };
		};
		ramdisk-1 {
			description = "initramfs";
			data = /incbin/("$OUT/rootfs.cpio.gz");
			type = "ramdisk";
			arch = "$UARCH";
			os = "linux";
			compression = "none";
			hash-1 { algo = "crc32"; };
		};
		fdt-1 {
			description = "board dtb";
			data = /incbin/("$W/board.dtb");
			type = "flat_dt";
			arch = "$UARCH";
			compression = "none";
			hash-1 { algo = "sha1"; };
		};
	};
	configurations {
		default = "conf-1";
		conf-1 {
			description = "boot";
			kernel = "kernel-1";
			ramdisk = "ramdisk-1";
			fdt = "fdt-1";
EOF
    if [ "$sig" = 1 ]; then
        cat <<'EOF'
			signature-1 {
				algo = "sha256,rsa2048";
				key-name-hint = "dev";
				sign-images = "kernel", "ramdisk", "fdt";
			};
EOF
    fi
    printf '\t\t};\n\t};\n};\n'
}
{ cat "$W/kernel.files" "$W/root.files"; payload_line "$W/board.dtb" fdt.dtb; } |
    sort -k2 -u >"$W/fit.files"
fit_its 0 >"$W/fit.its"
run mkimage -f "$W/fit.its" "$OUT/fit.itb"
note fit.itb "FIT: kernel (gzip), ramdisk (rootfs.cpio.gz), fdt; sha256/crc32/sha1 hashes"
built fit.itb "$W/fit.files"

# Signing key: cached so rebuilds give the same bytes on one machine.
KEYDIR=${JCSTAR_TEST_CACHE:-$HOME/.cache/jcstar-tests}/fit-keys
mkdir -p "$KEYDIR"
if [ ! -s "$KEYDIR/dev.key" ] || [ ! -s "$KEYDIR/dev.crt" ]; then
    run openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$KEYDIR/dev.key"
    run openssl req -batch -new -x509 -days 36500 -key "$KEYDIR/dev.key" \
        -subj /CN=jcstar-test-dev -out "$KEYDIR/dev.crt"
fi
printf '/dts-v1/;\n/ { model = "jcstar control"; };\n' >"$W/control.dts"
run dtc -I dts -O dtb -p 4096 -o "$W/control.dtb" "$W/control.dts"
fit_its 1 >"$W/signed.its"
if mkimage -f "$W/signed.its" -k "$KEYDIR" -K "$W/control.dtb" -r "$OUT/signed-fit.itb" >>"$LOG" 2>&1; then
    cp "$W/control.dtb" "$OUT/signed-fit.control.dtb"
    cp "$KEYDIR/dev.crt" "$OUT/signed-fit.dev.crt"
    note signed-fit.itb "FIT signed sha256,rsa2048 (key-name-hint dev), required; public key in signed-fit.control.dtb"
    built signed-fit.itb "$W/fit.files"
else
    say "signed-fit.itb NOT built: mkimage signing failed (see $LOG)"
fi

# --- TRX ---------------------------------------------------------------------------------
python3 - "$W/kernel.lzma" "$OUT/rootfs-xz.sqfs" "$OUT/firmware.trx" <<'PY'
# Broadcom TRX v1, as written by OpenWrt's trx tool:
#   0  magic "HDR0" (u32 LE 0x30524448)   4 len (u32 LE, whole file incl. header)
#   8  crc32 (u32 LE)                    12 flags (u16 LE) | version (u16 LE) = 1
#  16  offsets[3] (u32 LE, from start of header; 0 = unused)   28: data
# crc32 covers bytes 12..len and is OpenWrt's crc32buf(): the standard reflected
# CRC-32 table update started from 0xffffffff WITHOUT the final xor, i.e.
# zlib.crc32(data) ^ 0xffffffff.  Partitions are 4-byte aligned (zero fill)
# and the total length is padded to a multiple of 4.
import struct, sys, zlib
parts = [open(p, "rb").read() for p in sys.argv[1:3]]
hdr_len = 28
body = bytearray()
offsets = []
for p in parts:
    offsets.append(hdr_len + len(body))
    body += p
    body += b"\0" * (-len(body) % 4)
offsets += [0] * (3 - len(offsets))
total = hdr_len + len(body)
tail = struct.pack("<HH3I", 0, 1, *offsets) + bytes(body)
crc = zlib.crc32(tail) ^ 0xFFFFFFFF
open(sys.argv[3], "wb").write(struct.pack("<4sII", b"HDR0", total, crc) + tail)
PY
note firmware.trx "Broadcom TRX v1: [0] lzma kernel stand-in, [1] rootfs-xz.sqfs"
built firmware.trx "$W/multi.files"

# --- raw NOR flash dump ----------------------------------------------------------------------
# Bootloader stand-in: first 256 KiB of busybox-static of ANOTHER architecture
# (real foreign code, not in any filesystem of this image).
if [ "$ARCH" = armhf ]; then BOOTARCH=mipsel; else BOOTARCH=armhf; fi
mkdir -p "$W/boot"
"$HERE/fetch-debs.sh" "$BOOTARCH" "$W/boot" busybox-static | sed 's/^/  /'
head -c $((0x40000)) "$W/boot/bin/busybox" >"$W/bootloader.bin"
# config partition: small JFFS2 of /etc/config (same endianness as the rootfs)
mkdir -p "$W/cfg/etc"
cp -a "$ROOT/etc/config" "$W/cfg/etc/"
run mkfs.jffs2 "$JFFS2_END" -e 64KiB -p -r "$W/cfg" -o "$W/config.jffs2"
files_of "$W/cfg" >"$W/cfg.files"
# "encrypted" blob: AES-128-CTR keystream with a fixed key (high entropy, reproducible)
openssl enc -aes-128-ctr -K 6a637374617274657374000000000001 -iv 00000000000000000000000000000000 \
    </dev/zero 2>/dev/null | head -c $((0x30000)) >"$W/encrypted.bin" || true
python3 - "$OUT/flash.bin" "$OUT/flash.layout" \
    "$W/bootloader.bin" "$OUT/uImage-kernel" "$OUT/rootfs-xz.sqfs" \
    "$W/config.jffs2" "$W/encrypted.bin" <<'PY'
import sys
out, layout, boot, kern, rootfs, cfg, enc = sys.argv[1:]
SIZE = 0x1000000
def blob(p): return open(p, "rb").read()
parts = [("bootloader", 0x0, blob(boot)),
         ("uImage-kernel", 0x40000 + 0x123, blob(kern))]
k_end = parts[1][1] + len(parts[1][2])
rootfs_off = 0x1a0041
if rootfs_off < k_end:                      # kernel too big: next 64K + 0x41
    rootfs_off = ((k_end + 0xffff) & ~0xffff) + 0x41
parts.append(("rootfs-xz.sqfs", rootfs_off, blob(rootfs)))
parts.append(("config.jffs2", 0xC00000, blob(cfg)))
parts.append(("encrypted.bin", 0xE00007, blob(enc)))
img = bytearray(b"\xff" * SIZE)
prev_end = 0
for name, off, data in parts:
    if off < prev_end or off + len(data) > SIZE:
        sys.exit("flash layout overlap/overflow at %s 0x%x" % (name, off))
    img[off:off + len(data)] = data
    prev_end = off + len(data)
open(out, "wb").write(img)
with open(layout, "w") as f:
    f.write("# offset(hex) size(bytes) name; everything else is 0xff, total 0x%x\n" % SIZE)
    for name, off, data in parts:
        f.write("0x%08x %d %s\n" % (off, len(data), name))
PY
note flash.bin "16 MiB raw NOR dump, parts at odd offsets, see flash.layout"
sort -k2 -u "$W/kernel.files" "$W/root.files" "$W/cfg.files" >"$W/flash.files"
built flash.bin "$W/flash.files"

# --- done -----------------------------------------------------------------------------------
if [ "${JCSTAR_KEEP_WORK:-0}" = 0 ]; then
    rm -rf "$W"
fi
echo "$stamp_want" >"$OUT/.stamp"
say "done: $(find "$OUT" -maxdepth 1 -type f ! -name '*.files' ! -name '.*' | wc -l) files in $OUT"

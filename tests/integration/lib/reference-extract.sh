#!/usr/bin/env bash
# reference-extract.sh IMAGE OUTDIR
#
# Extracts IMAGE (as made by make-images.sh) into OUTDIR with the established
# Debian tool for its format, then prints the sorted "sha256  /path" list of
# the extracted regular files (paths relative to OUTDIR, leading '/').  The
# output has the same format as IMAGE.files, so tests can compare
# `jcstar unpack` against both what went in and what the reference tool gets.
#
# Reference per format (chosen by file name as written by make-images.sh):
#   *.sqfs                  unsquashfs -d                     (squashfs-tools)
#   *.cpio                  cpio -idm --no-absolute-filenames (cpio)
#   *.cpio.gz               gzip -dc | cpio -idm ...          (gzip, cpio)
#   *.ext2 / *.ext4         debugfs -R "rdump / OUTDIR"       (e2fsprogs)
#   *.tar[.xz|.zst|.bz2|.lz4] tar -x (-I zstd / -I lz4)       (tar + compressors)
#   *.zip                   unzip                             (unzip)
#   *.7z                    7z x                              (p7zip-full)
#   *.a                     ar x                              (binutils)
#   *.lzma                  xz --format=lzma -d               (xz-utils)
#   uImage-*                dumpimage + gzip/xz -d; multi: + unsquashfs (u-boot-tools)
#   *.itb (FIT)             dumpimage -T flat_dt -p N; ramdisk via cpio (u-boot-tools)
#   *.trx                   no tool in Debian: header parsed by python3 here,
#                           kernel via xz -d, rootfs via unsquashfs
#   *.cramfs                fsck.cramfs --extract=OUTDIR      (util-linux; both byte orders)
#   *.romfs                 NONE in Debian (binwalk only mounts romfs): exit 77
#   *.jffs2                 NONE in Debian (jefferson is not packaged): exit 77
#   *.ubifs / *.ubi         NONE in Debian (ubi_reader is not packaged; nandsim
#                           + kernel mount needs modules, not usable here): exit 77
#   anything else (flash.bin) binwalk -Me (binwalk; note: its output also
#                           contains the carved intermediate blobs, so its list
#                           is a SUPERSET of flash.bin.files; JFFS2 parts are
#                           not extracted without jefferson)
# Exit status 77 = no reference extractor for this format (test: skip).
set -euo pipefail
# the packers (mkfs.*, ubinize, debugfs) live in sbin, which a normal
# user's PATH on Debian does not include
export PATH="$PATH:/usr/sbin:/sbin"

[ "$#" -eq 2 ] || { echo "usage: $0 IMAGE OUTDIR" >&2; exit 2; }
IMG=$(readlink -f "$1")
OUT=$2
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
name=$(basename "$IMG")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
q() { "$@" >/dev/null 2>>"$T/err" || { cat "$T/err" >&2; exit 1; }; }

cpio_in() { (cd "$1" && cpio -idm --quiet --no-absolute-filenames) 2>>"$T/err"; }
uimage_payload() { # uimage_payload UIMAGE DEST: decompressed single-image payload
    local comp
    comp=$(dumpimage -l "$1" | sed -n 's/.*(\(.*\) compressed).*/\1/p' | head -n1)
    q dumpimage -T kernel -p 0 -o "$T/payload" "$1"
    case $comp in
        gzip) gzip -dc "$T/payload" >"$2" ;;
        lzma) xz --format=lzma -dc "$T/payload" >"$2" ;;
        *)    cp "$T/payload" "$2" ;;
    esac
}

case $name in
    *.sqfs)       q unsquashfs -f -no-progress -d "$OUT" "$IMG" ;;
    *.cpio)       cpio_in "$OUT" <"$IMG" ;;
    *.cpio.gz)    gzip -dc "$IMG" | cpio_in "$OUT" ;;
    *.ext2|*.ext4) q debugfs -R "rdump / $OUT" "$IMG" ;;
    *.tar)        tar -xf "$IMG" -C "$OUT" ;;
    *.tar.zst)    tar -I zstd -xf "$IMG" -C "$OUT" ;;
    *.tar.lz4)    tar -I lz4 -xf "$IMG" -C "$OUT" ;;
    *.tar.*)      tar -xf "$IMG" -C "$OUT" ;;
    *.zip)        q unzip -q -o "$IMG" -d "$OUT" ;;
    *.7z)         q 7z x -y -snld "-o$OUT" "$IMG" ;;   # 7-Zip >= 25 refuses "../" links without -snld
    *.a)          (cd "$OUT" && ar x "$IMG") ;;
    *.lzma)       xz --format=lzma -dc "$IMG" >"$OUT/${name%.lzma}" ;;
    uImage-multi*)
        q dumpimage -T multi -p 0 -o "$T/k.gz" "$IMG"
        gzip -dc "$T/k.gz" >"$OUT/kernel"
        q dumpimage -T multi -p 1 -o "$T/rootfs.sqfs" "$IMG"
        q unsquashfs -f -no-progress -d "$OUT" "$T/rootfs.sqfs" ;;
    uImage*)      uimage_payload "$IMG" "$OUT/kernel" ;;
    *.itb)
        q dumpimage -T flat_dt -p 0 -o "$T/k.gz" "$IMG"
        gzip -dc "$T/k.gz" >"$OUT/kernel"
        q dumpimage -T flat_dt -p 1 -o "$T/rd.cpio.gz" "$IMG"
        gzip -dc "$T/rd.cpio.gz" | cpio_in "$OUT"
        q dumpimage -T flat_dt -p 2 -o "$OUT/fdt.dtb" "$IMG" ;;
    *.trx)
        python3 - "$IMG" "$T" <<'PY'
import struct, sys, zlib
d = open(sys.argv[1], "rb").read()
magic, length, crc = struct.unpack("<4sII", d[:12])
assert magic == b"HDR0", magic
assert zlib.crc32(d[12:length]) ^ 0xFFFFFFFF == crc, "TRX CRC mismatch"
offs = [o for o in struct.unpack("<3I", d[16:28]) if o]
ends = offs[1:] + [length]
for i, (a, b) in enumerate(zip(offs, ends)):
    open("%s/part%d" % (sys.argv[2], i), "wb").write(d[a:b])
PY
        # part0 = LZMA-alone kernel (trailing alignment zeros are ignored by xz
        # only with --single-stream), part1 = squashfs (padding is harmless)
        xz --format=lzma --single-stream -dc "$T/part0" >"$OUT/kernel" 2>/dev/null ||
            xz --format=lzma -dc "$T/part0" >"$OUT/kernel"
        q unsquashfs -f -no-progress -d "$OUT" "$T/part1" ;;
    *.cramfs)
        rmdir "$OUT"   # fsck.cramfs refuses an existing directory
        q fsck.cramfs --extract="$OUT" "$IMG" ;;
    *.romfs)
        echo "reference-extract: no romfs extractor in Debian (binwalk only mounts it)" >&2
        exit 77 ;;
    *.jffs2)
        echo "reference-extract: no JFFS2 extractor in Debian (jefferson not packaged)" >&2
        exit 77 ;;
    *.ubifs|*.ubi)
        echo "reference-extract: no UBI/UBIFS extractor in Debian (ubi_reader not packaged)" >&2
        exit 77 ;;
    *)
        (cd "$OUT" && binwalk -q -Me --run-as=root "$IMG") >/dev/null 2>>"$T/err" ||
            { cat "$T/err" >&2; exit 1; } ;;
esac

(cd "$OUT" && find . -type f -print0 | xargs -0r sha256sum) | sed 's|  \./|  /|' |
    LC_ALL=C sort -k2

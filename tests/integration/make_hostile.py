#!/usr/bin/python3
"""Write crafted malicious archives into OUTDIR, for test_hostile.sh.

Each one attacks the extractor, not the checks: path traversal, absolute
names, symlink escapes (direct and chained), hard links out of the tree,
device nodes and FIFOs, setuid bits, and decompression, nesting and
file-count bombs. Python's standard library writes them, so the bytes are
exactly what a hostile vendor could ship.
"""
import gzip
import io
import os
import sys
import tarfile
import zipfile


def tar_with(path, members):
    with tarfile.open(path, "w", format=tarfile.GNU_FORMAT) as t:
        for info, data in members:
            if data is not None:
                info.size = len(data)
                t.addfile(info, io.BytesIO(data))
            else:
                t.addfile(info)


def reg(name, data=b"x\n", mode=0o644):
    i = tarfile.TarInfo(name)
    i.mode = mode
    return i, data


def link(name, target, kind=tarfile.SYMTYPE):
    i = tarfile.TarInfo(name)
    i.type = kind
    i.linkname = target
    return i, None


def special(name, kind, major=0, minor=0):
    i = tarfile.TarInfo(name)
    i.type = kind
    i.devmajor = major
    i.devminor = minor
    i.mode = 0o600
    return i, None


def main(out):
    os.makedirs(out, exist_ok=True)
    # 1. traversal and absolute names; good.txt must survive
    tar_with(os.path.join(out, "traversal.tar"), [
        reg("good.txt", b"good\n"),
        reg("../../../../tmp/jcstar-evil-1.txt", b"evil\n"),
        reg("a/../../jcstar-evil-2.txt", b"evil\n"),
        reg("/tmp/jcstar-abs.txt", b"absolute names are kept inside\n"),
    ])
    # 2. symlink escape, then a write through it
    tar_with(os.path.join(out, "symlink-escape.tar"), [
        link("escape", "/tmp"),
        reg("escape/jcstar-evil-3.txt", b"evil\n"),
        link("up", "../../../../../../tmp"),
        reg("up/jcstar-evil-4.txt", b"evil\n"),
        reg("ok.txt", b"ok\n"),
    ])
    # 3. chained links: each looks harmless alone
    tar_with(os.path.join(out, "symlink-chain.tar"), [
        reg("d/x", b"x\n"),
        link("deep/a", ".."),
        link("s", "deep/a/.."),
        link("s2", "deep/a/../.."),
        reg("s/jcstar-evil-5.txt", b"evil\n"),
    ])
    # 4. hard link to a host file and a hard link chained behind a symlink
    tar_with(os.path.join(out, "hardlink-escape.tar"), [
        link("passwd", "/etc/passwd", tarfile.LNKTYPE),
        link("passwd2", "../../../../etc/passwd", tarfile.LNKTYPE),
        reg("real.txt", b"real\n"),
        link("copy.txt", "real.txt", tarfile.LNKTYPE),
    ])
    # 5. device nodes, FIFO, setuid/setgid/sticky and world-writable
    tar_with(os.path.join(out, "specials.tar"), [
        special("dev/mem", tarfile.CHRTYPE, 1, 1),
        special("dev/sda", tarfile.BLKTYPE, 8, 0),
        special("dev/initctl", tarfile.FIFOTYPE),
        reg("bin/su", b"\x7fELF-not-really\n", 0o4755),
        reg("bin/wall", b"wall\n", 0o2755),
        reg("tmp-ish/file", b"w\n", 0o1777),
    ])
    # 6. decompression bomb: 300 MiB of zeros in ~300 KiB
    with open(os.path.join(out, "bomb.gz"), "wb") as f:
        g = gzip.GzipFile(fileobj=f, mode="wb", compresslevel=9, mtime=0)
        block = b"\0" * (1 << 20)
        for _ in range(300):
            g.write(block)
        g.close()
    # 7. nesting bomb: 20 levels of gzip around a tiny file
    data = b"innermost\n"
    for _ in range(20):
        data = gzip.compress(data, mtime=0)
    with open(os.path.join(out, "nested.gz"), "wb") as f:
        f.write(data)
    # 8. many files: 3000 empty members
    tar_with(os.path.join(out, "many.tar"),
             [reg("f/%05d" % i, b"") for i in range(3000)])
    # 9. zip with traversal and absolute names
    with zipfile.ZipFile(os.path.join(out, "traversal.zip"), "w") as z:
        z.writestr("good.txt", "good\n")
        z.writestr("../../../../tmp/jcstar-evil-6.txt", "evil\n")
        z.writestr("/tmp/jcstar-abs2.txt", "abs\n")
    # 11. names that are not UTF-8 (Latin-1, as old vendor tools write)
    with tarfile.open(os.path.join(out, "latin1.tar"), "w", format=tarfile.GNU_FORMAT,
                      encoding="latin-1") as t:
        for name in ("caf\xe9.txt", "dir\xff/inner.txt"):
            i = tarfile.TarInfo(name)
            data = b"latin1\n"
            i.size = len(data)
            t.addfile(i, io.BytesIO(data))
    # 10. truncated archive: the first half of a tar of two files
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.GNU_FORMAT) as t:
        for name in ("first.bin", "second.bin"):
            i = tarfile.TarInfo(name)
            payload = bytes(range(256)) * 64
            i.size = len(payload)
            t.addfile(i, io.BytesIO(payload))
    raw = buf.getvalue()
    with open(os.path.join(out, "truncated.tar"), "wb") as f:
        f.write(raw[:512 + 16384 + 512 + 4000])


if __name__ == "__main__":
    main(sys.argv[1])

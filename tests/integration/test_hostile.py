#!/usr/bin/python3
"""Hostile input: crafted archives (make_hostile.py) and the public Zip Slip
samples (../shared/testdata/zip-slip) through `jcstar unpack`.

For each input it asserts what must be refused, what must survive, that
limits stop the branch that hit them with a clear message, and — through
check_manifest.py — that nothing escaped the output directory, that no
device node, FIFO or setuid bit reached the disk and that the manifest
validates against its schema.
Usage: test_hostile.py JCSTAR SOURCE_ROOT
"""
import glob
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile

JCSTAR, SRC = sys.argv[1], sys.argv[2]
HERE = os.path.dirname(os.path.abspath(__file__))
os.environ["PATH"] += ":/usr/sbin:/sbin"  # mkfs.ext2 for a normal user
failures = []
passed = [0]


def check(cond, msg):
    passed[0] += 1 if cond else 0
    if not cond:
        failures.append(msg)
        print("FAIL: " + msg)


def unpack(image, out, *opts):
    r = subprocess.run([JCSTAR, "unpack", "-q", image, "-o", out] + list(opts),
                       capture_output=True, text=True)
    check(r.returncode == 0, "%s: exit %d: %s" % (image, r.returncode, r.stderr))
    audit = subprocess.run([sys.executable, os.path.join(HERE, "check_manifest.py"), out],
                           capture_output=True, text=True)
    check(audit.returncode == 0, "%s: audit failed:\n%s" % (image, audit.stdout))
    with open(os.path.join(out, "manifest.json")) as f:
        return json.load(f)


def paths(m, kind="file"):
    return {e["device_path"] for e in m["files"] if e["kind"] == kind}


def reasons(m):
    return " | ".join("%s: %s" % (f.get("path", ""), f["reason"]) for f in m["failures"])


def main():
    work = tempfile.mkdtemp(prefix="jcstar-hostile-")
    evil_before = set(glob.glob("/tmp/jcstar-evil-*")) | set(glob.glob("/tmp/jcstar-abs*"))
    try:
        data = os.path.join(work, "in")
        subprocess.run([sys.executable, os.path.join(HERE, "make_hostile.py"), data], check=True)
        n = [0]

        def run(name, *opts):
            n[0] += 1
            return unpack(os.path.join(data, name), os.path.join(work, "o%d" % n[0]), *opts)

        m = run("traversal.tar")
        check(paths(m) == {"/good.txt", "/tmp/jcstar-abs.txt"}, "traversal.tar files: %s" % paths(m))
        check(m["summary"]["refused"] == 2, "traversal.tar refused 2: " + reasons(m))

        m = run("symlink-escape.tar")
        # "up" is refused, so "up/..." lands in a real directory inside
        check(paths(m) == {"/ok.txt", "/up/jcstar-evil-4.txt"}, "symlink-escape.tar files: %s" % paths(m))
        check(m["summary"]["refused"] == 2, "symlink-escape.tar refused 2: " + reasons(m))
        links = {e["device_path"]: e for e in m["files"] if e["kind"] == "symlink"}
        check(links["/escape"].get("disk_target") == "tmp", "absolute link rewritten inside")
        check("refused" in links["/up"], "climbing link refused")

        m = run("symlink-chain.tar")
        check("/s/jcstar-evil-5.txt" not in paths(m), "write through chained link")
        check(m["summary"]["refused"] >= 1, "symlink-chain.tar refused: " + reasons(m))

        m = run("hardlink-escape.tar")
        check(paths(m) == {"/real.txt", "/copy.txt"}, "hardlink-escape.tar files: %s" % paths(m))
        check(m["summary"]["refused"] == 2, "hardlink-escape.tar refused 2: " + reasons(m))

        m = run("specials.tar")
        byp = {e["device_path"]: e for e in m["files"]}
        check(byp["/dev/mem"]["kind"] == "char-device" and byp["/dev/mem"]["major"] == 1,
              "char device recorded")
        check(byp["/dev/sda"]["kind"] == "block-device" and byp["/dev/sda"]["major"] == 8,
              "block device recorded")
        check(byp["/dev/initctl"]["kind"] == "fifo", "fifo recorded")
        check(byp["/bin/su"]["mode"] == "4755", "setuid mode kept in the manifest")
        check(byp["/bin/wall"]["mode"] == "2755", "setgid mode kept in the manifest")

        m = run("bomb.gz")
        check(m["summary"]["limit_hit"], "bomb.gz hits a limit")
        check(m["summary"]["bytes_out"] <= 65 << 20, "bomb.gz stopped near 64 MiB: %d" % m["summary"]["bytes_out"])
        check("compression ratio" in reasons(m), "bomb.gz says why: " + reasons(m))
        check(m["unknown_regions"] == [], "bomb.gz: rest of a cut stream is not an unknown region")

        m = run("bomb.gz", "--max-total", "10M")
        check(m["summary"]["bytes_out"] <= 10 << 20, "--max-total honoured")
        check("total extracted bytes" in reasons(m), "--max-total says why: " + reasons(m))

        m = run("nested.gz")
        check(m["summary"]["limit_hit"] and "depth" in reasons(m), "nested.gz: depth limit: " + reasons(m))
        check(max(c["depth"] for c in m["containers"]) == 12, "default depth is 12")

        m = run("many.tar", "--max-files", "1000")
        check(m["summary"]["entries"] == 1000, "--max-files stops at 1000: %d" % m["summary"]["entries"])
        check("number of files" in reasons(m), "many.tar says why: " + reasons(m))

        m = run("traversal.zip")
        check(paths(m) == {"/good.txt", "/tmp/jcstar-abs2.txt"}, "traversal.zip files: %s" % paths(m))
        check(m["unknown_regions"] == [], "zip central directory belongs to the zip")

        m = run("truncated.tar")
        byp = {e["device_path"]: e for e in m["files"]}
        check(byp["/first.bin"]["size"] == 16384 and "truncated" not in byp["/first.bin"],
              "truncated.tar: first member whole")
        check(byp.get("/second.bin", {}).get("truncated") is True, "truncated.tar: second member marked truncated")
        check(len(m["failures"]) >= 1, "truncated.tar: damage reported")

        m = run("latin1.tar")
        check(paths(m) == {"/caf%E9.txt", "/dir%FF/inner.txt"}, "latin1.tar names escaped: %s" % paths(m))

        # damaged real containers keep what is readable: an ext2 image and
        # a gzip'd cpio, each cut in half
        tree = os.path.join(work, "tree")
        os.makedirs(tree)
        for i in range(40):
            with open(os.path.join(tree, "f%02d.bin" % i), "wb") as f:
                f.write(os.urandom(16384))
        ext = os.path.join(work, "in", "half.ext2")
        subprocess.run(["mkfs.ext2", "-q", "-F", "-b", "1024", "-d", tree, ext, "2048"], check=True,
                       capture_output=True)
        with open(ext, "r+b") as f:
            f.truncate(400 * 1024)
        m = run("half.ext2")
        whole = [e for e in m["files"] if e["kind"] == "file" and not e.get("truncated")]
        cut = [e for e in m["files"] if e.get("truncated")]
        check(5 <= len(whole) < 40 and cut, "half.ext2: whole files %d, cut files %d" % (len(whole), len(cut)))
        check(len(m["failures"]) >= 1, "half.ext2: damage reported")
        cpio = os.path.join(work, "in", "half.cpio.gz")
        listing = "\n".join("f%02d.bin" % i for i in range(40)) + "\n"
        raw = subprocess.run(["cpio", "-o", "-H", "newc", "--quiet"], cwd=tree, input=listing.encode(),
                             capture_output=True, check=True).stdout
        gz = gzip.compress(raw, mtime=0)
        with open(cpio, "wb") as f:
            f.write(gz[:len(gz) // 2])
        m = run("half.cpio.gz")
        whole = [e for e in m["files"] if e["kind"] == "file" and e["device_path"].startswith("/f")
                 and not e.get("truncated")]
        check(10 <= len(whole) < 40, "half.cpio.gz: whole members before the cut: %d" % len(whole))
        check(any("gzip" == f["format"] for f in m["failures"]), "half.cpio.gz: gzip damage reported")

        # public samples: Snyk's Zip Slip archives
        slip = os.path.join(SRC, "..", "shared", "testdata", "zip-slip")
        for name in ("zip-slip.zip", "zip-slip.tar", "zip-slip-win.zip", "zip-slip-win.tar"):
            p = os.path.join(slip, name)
            if not os.path.exists(p):
                check(False, "missing public sample %s" % p)
                continue
            n[0] += 1
            m = unpack(p, os.path.join(work, "o%d" % n[0]))
            check("/good.txt" in paths(m), "%s keeps good.txt" % name)
            check(m["summary"]["refused"] == 1, "%s refuses the evil member: %s" % (name, reasons(m)))
            check(not any("evil" in x for x in paths(m)), "%s: no evil member extracted" % name)

        evil_after = set(glob.glob("/tmp/jcstar-evil-*")) | set(glob.glob("/tmp/jcstar-abs*"))
        check(evil_after == evil_before, "files written outside the output: %s" % (evil_after - evil_before))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("%d passed, %d failed" % (passed[0], len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

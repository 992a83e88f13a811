#!/usr/bin/python3
"""Check a `jcstar unpack` output directory.

Always:
  * DIR/manifest.json validates against schema/manifest.schema.json
    (python3-jsonschema, the reference implementation of JSON Schema);
  * nothing on disk escapes DIR (every symlink resolves inside it), there
    are no device nodes, FIFOs or sockets, and no setuid/setgid bits;
  * every regular file listed exists on disk with the listed sha256.

With --expect FILE (lines "sha256  /path", what went into the image):
  the set of leaf files (extracted files that were not themselves opened
  as containers) must equal the expected set (--subset: contain it).
With --reference FILE (same format, from a reference extractor): print
  the files one side has and the other lacks; fail if jcstar lacks any.

Exit 0 when every check holds, 1 otherwise, printing each problem.
"""
import argparse
import hashlib
import json
import os
import re
import stat
import sys

import jsonschema

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMA = os.path.join(HERE, "..", "..", "schema", "manifest.schema.json")


def load_list(path):
    out = {}
    with open(path) as f:
        for line in f:
            parts = line.split(None, 1)
            if len(parts) == 2:
                out.setdefault(parts[0], parts[1].strip())
    return out


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def audit_tree(root, problems):
    real_root = os.path.realpath(root)
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = os.path.join(dirpath, name)
            st = os.lstat(p)
            if stat.S_ISLNK(st.st_mode):
                target = os.path.realpath(p)
                if not (target == real_root or target.startswith(real_root + os.sep)):
                    problems.append("symlink escapes the output: %s -> %s" % (p, os.readlink(p)))
                continue
            if not (stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode)):
                problems.append("special file on disk: %s" % p)
            if st.st_mode & (stat.S_ISUID | stat.S_ISGID):
                problems.append("setuid/setgid bit on disk: %s" % p)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--expect")
    ap.add_argument("--subset", action="store_true")
    ap.add_argument("--reference")
    ap.add_argument("--no-hash-check", action="store_true")
    ap.add_argument("--layout", help="flash.layout: parts and their offsets")
    ap.add_argument("--reference-ignore", metavar="REGEX",
                    help="reference paths that are the tool's own artifacts "
                         "(binwalk's carved copies): reported, not failed")
    a = ap.parse_args()

    problems = []
    with open(os.path.join(a.outdir, "manifest.json")) as f:
        m = json.load(f)
    with open(SCHEMA) as f:
        schema = json.load(f)
    v = jsonschema.Draft7Validator(schema)
    for err in sorted(v.iter_errors(m), key=lambda e: list(e.path))[:20]:
        problems.append("schema: %s at %s" % (err.message, "/".join(map(str, err.path))))

    audit_tree(a.outdir, problems)

    opened = {c["parent"] for c in m["containers"]}
    # a later entry for the same path supersedes an earlier one (tar
    # appends, cpio newc puts a link set's data on its last member)
    last = {}
    for e in m["files"]:
        last[e["path"]] = e
    files = [e for e in last.values() if e["kind"] == "file"]
    if not a.no_hash_check:
        for e in files:
            p = os.path.join(a.outdir, e["path"])
            if not os.path.isfile(p) or os.path.islink(p):
                problems.append("listed file missing on disk: %s" % e["path"])
            elif sha256(p) != e["sha256"]:
                problems.append("sha256 differs on disk: %s" % e["path"])
    leaves = {}
    for e in files:
        if e["path"] not in opened:
            leaves.setdefault(e["sha256"], e["device_path"])
    allfiles = {e["sha256"]: e["device_path"] for e in files}

    if a.expect:
        exp = load_list(a.expect)
        missing = set(exp) - set(allfiles)
        for h in sorted(missing, key=lambda h: exp[h]):
            problems.append("not extracted: %s (%s)" % (exp[h], h[:12]))
        if not a.subset:
            extra = set(leaves) - set(exp)
            for h in sorted(extra, key=lambda h: leaves[h]):
                problems.append("extracted but not put in: %s (%s)" % (leaves[h], h[:12]))

    if a.reference:
        ref = load_list(a.reference)
        only_ref = set(ref) - set(allfiles)
        only_us = set(leaves) - set(ref)
        ignore = re.compile(a.reference_ignore) if a.reference_ignore else None
        for h in sorted(only_ref, key=lambda h: ref[h]):
            if ignore and ignore.search(ref[h]):
                print("note: reference tool artifact, not a file of the image: %s" % ref[h])
            else:
                problems.append("reference tool has, jcstar lacks: %s" % ref[h])
        for h in sorted(only_us, key=lambda h: leaves[h]):
            print("note: jcstar has, reference tool lacks: %s" % leaves[h])

    if a.layout:
        top = {c["offset"]: c["format"] for c in m["containers"] if c["depth"] == 1}
        regions = [r for r in m["unknown_regions"] if r["parent"] == os.path.basename(m["input"]["path"])]
        with open(a.layout) as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                off, size, name = line.split()[:3]
                off, size = int(off, 16), int(size)
                if name in ("bootloader", "encrypted.bin"):
                    want = "encrypted-or-compressed" if name == "encrypted.bin" else None
                    hit = [r for r in regions if r["offset"] <= off and off + size <= r["offset"] + r["length"]]
                    if not hit:
                        problems.append("layout: %s at 0x%x is not inside an unknown region" % (name, off))
                    elif want and hit[0]["class"] != want and not any(
                            r["class"] == want for r in regions if off <= r["offset"] < off + size):
                        problems.append("layout: %s region class %s, want %s" % (name, hit[0]["class"], want))
                elif off not in top:
                    problems.append("layout: no container found at 0x%x (%s)" % (off, name))

    for p in problems:
        print("FAIL: " + p)
    s = m["summary"]
    print("%s: %d containers, %d files, %d failures, %d refused, %d unknown regions; %s"
          % (m["input"]["path"], s["containers"], s["files"], s["failures"], s["refused"],
             s["unknown_regions"], "FAILED" if problems else "ok"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

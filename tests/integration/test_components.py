#!/usr/bin/python3
"""Components from a dpkg database (lib/sbom/identify_packages.c) on a
real tree: the extracted Debian 12 armhf root file system of
lib/make-debian-tree.sh (cached in ~/.cache/jcstar-tests; downloads on
first use).

That tree is made with `dpkg-deb -x`, which writes no dpkg database, so
this test writes the one dpkg would have written, from the cached .debs
themselves: /var/lib/dpkg/status (each package's control fields from
`dpkg-deb -f`, Status "install ok installed") and info/<pkg>.list (or
<pkg>:<arch>.list for Multi-Arch: same, from `dpkg-deb -c`), into a
hard-linked copy of the tree (the cached tree is never changed). Then:

- every package appears as a component with exactly its upstream version
  (epoch, Debian revision and repack suffix cut: 1:1.2.13.dfsg-1 is
  1.2.13), under its canonical name when data/components/packages.tsv
  maps it (by package name, then Source:), else under its own name;
- the canonical ones carry the CPE of data/components/names.tsv;
- every component's purl is the pkg:deb purl of one of its packages;
- the evidence files exist in the tree and their sha256 are right;
- the OS (os-release) is a `manifest` component debian 12;
- the result validates against schema/result.schema.json.
Usage: test_components.py JCSTAR SOURCE_ROOT
"""
import glob
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

from scanlib import CACHE, SRC, check, debian_tree, finish, scan


def upstream(v):
    """The upstream part of a Debian version (identify_packages.c)."""
    m = re.match(r"^[0-9]+:", v)
    if m:
        v = v[m.end():]
    if "-" in v[1:]:
        v = v[:v.rindex("-")]
    return re.sub(r"[+.~](dfsg|ds|repack)[0-9]*$", "", v, flags=re.I)


def table(path, cols):
    rows = {}
    for line in open(path):
        if line.startswith("#") or not line.strip():
            continue
        f = line.rstrip("\n").split("\t")
        rows.setdefault(f[0], f[1:cols])
    return rows


def tree_packages():
    """The package names of make-debian-tree.sh's pkgs=( ... )."""
    text = open(os.path.join(SRC, "tests/integration/lib/make-debian-tree.sh")).read()
    body = text[text.index("pkgs=(") + 6:]
    body = body[:body.index("\n)")]
    return [w for line in body.splitlines() for w in line.split("#")[0].split()]


def deb_of(name):
    for pat in ("%s_*_armhf.deb", "%s_*_all.deb"):
        hits = glob.glob(os.path.join(CACHE, "apt-armhf", "debs", pat % name))
        if hits:
            return hits[0]
    return None


def purl(pkg, version, arch):
    q = lambda s: urllib.parse.quote(s, safe=".-_~")
    return "pkg:deb/debian/%s@%s?arch=%s" % (q(pkg), q(version), q(arch))


def main():
    tree = debian_tree()
    if tree is None:
        return 77
    names = table(os.path.join(SRC, "data/components/names.tsv"), 6)
    pkgmap = {k: v[0] for k, v in table(os.path.join(SRC, "data/components/packages.tsv"), 2).items()}
    work = tempfile.mkdtemp(prefix="jcstar-components-")
    try:
        root = os.path.join(work, "root")
        if subprocess.run(["cp", "-al", tree, root], capture_output=True).returncode != 0:
            shutil.rmtree(root, ignore_errors=True)
            subprocess.run(["cp", "-a", tree, root], check=True)
        info = os.path.join(root, "var/lib/dpkg/info")
        os.makedirs(info, exist_ok=True)
        want = {}      # (name, upstream version) -> [purls]
        pkgs = tree_packages()
        check(len(pkgs) > 100, "make-debian-tree.sh lists %d packages" % len(pkgs))
        with open(os.path.join(root, "var/lib/dpkg/status"), "w") as st:
            for p in pkgs:
                deb = deb_of(p)
                check(deb is not None, "no cached .deb of %s" % p)
                if not deb:
                    continue
                ctl = subprocess.run(["dpkg-deb", "-f", deb], capture_output=True,
                                     text=True, check=True).stdout
                fields = dict(re.findall(r"^([A-Za-z-]+): ?(.*)$", ctl, re.M))
                name, ver, arch = fields["Package"], fields["Version"], fields["Architecture"]
                src = fields.get("Source", "").split(" ")[0]
                lines = ctl.rstrip("\n").split("\n")
                st.write(lines[0] + "\nStatus: install ok installed\n" +
                         "\n".join(lines[1:]) + "\n\n")
                listing = subprocess.run(["dpkg-deb", "--fsys-tarfile", deb], capture_output=True,
                                         check=True).stdout
                files = subprocess.run(["tar", "-t"], input=listing, capture_output=True,
                                       check=True).stdout.decode().split("\n")
                paths = ["/." if f in ("./", ".") else "/" + f[2:].rstrip("/")
                         for f in files if f]
                lname = name + (":" + arch if fields.get("Multi-Arch") == "same" else "")
                with open(os.path.join(info, lname + ".list"), "w") as lf:
                    lf.write("\n".join(paths) + "\n")
                canon = pkgmap.get(name) or pkgmap.get(src) or name
                want.setdefault((canon, upstream(ver)), []).append(purl(name, ver, arch))
        doc = scan(root)
        comps = doc.get("components", [])
        got = {(c["name"], c["version"]): c for c in comps}
        for key, purls in sorted(want.items()):
            c = got.get(key)
            check(c is not None, "package component %s %s missing" % key)
            if not c:
                continue
            check(c["method"] == "package-db" and c["confidence"] == "high",
                  "%s: method %s confidence %s" % (key, c["method"], c["confidence"]))
            check(c.get("purl") in purls, "%s: purl %s not one of %s" % (key, c.get("purl"), purls))
            n = names.get(key[0])
            if n and n[0] != "-":
                part = n[4] if len(n) > 4 else "a"
                cpe = "cpe:2.3:%s:%s:%s:%s:*:*:*:*:*:*:*" % (part, n[0], n[1], key[1])
                check(c.get("cpe") == cpe, "%s: cpe %s, want %s" % (key, c.get("cpe"), cpe))
            else:
                check("cpe" not in c, "%s: unmapped package with a CPE %s" % (key, c.get("cpe")))
            check(len(c.get("files", [])) <= 64, "%s: more than 64 files" % (key,))
        # no package component the status file does not explain
        extra = sorted(k for k, c in got.items() if c["method"] == "package-db" and k not in want)
        check(not extra, "package-db components not in the status file: %s" % extra)
        # spot checks, spelled out
        for key, cpe in [(("openssl", upstream(fields_version("libssl3"))),
                          "cpe:2.3:a:openssl:openssl:%s:*:*:*:*:*:*:*"),
                         (("zlib", "1.2.13"), "cpe:2.3:a:zlib:zlib:%s:*:*:*:*:*:*:*"),
                         (("dropbear", "2022.83"), "cpe:2.3:a:dropbear_ssh_project:dropbear_ssh:%s:*:*:*:*:*:*:*")]:
            c = got.get(key)
            check(c is not None and c.get("cpe") == cpe % key[1], "%s: %s" % (key, c))
        osc = got.get(("debian", "12"))
        check(osc is not None and osc["method"] == "manifest" and
              osc.get("cpe") == "cpe:2.3:o:debian:debian_linux:12:*:*:*:*:*:*:*",
              "os-release component: %s" % osc)
        nfiles = 0
        for c in comps:
            for f in c.get("files", []):
                disk = os.path.join(root, f["path"].lstrip("/"))
                ok = os.path.isfile(disk) and not os.path.islink(disk)
                check(ok, "%s: evidence file %s is not a file of the tree" % (c["name"], f["path"]))
                if ok and nfiles < 400:
                    nfiles += 1
                    h = hashlib.sha256(open(disk, "rb").read()).hexdigest()
                    check(f.get("sha256") == h, "%s: sha256 of %s" % (c["name"], f["path"]))
        openssl = got.get(("openssl", upstream(fields_version("libssl3"))), {})
        check(any(f["path"].endswith("/libssl.so.3") for f in openssl.get("files", [])),
              "openssl's files name libssl.so.3: %s" % openssl.get("files"))
        print("%d packages -> %d components" % (len(pkgs), len(comps)))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return finish()


def fields_version(pkg):
    out = subprocess.run(["dpkg-deb", "-f", deb_of(pkg), "Version"], capture_output=True,
                         text=True, check=True).stdout.strip()
    return out


if __name__ == "__main__":
    sys.exit(main())

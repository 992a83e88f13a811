#!/usr/bin/env python3
"""Version signatures (data/components/signatures.tsv) on real binaries.

Real Debian 12 packages of armhf (all components the table covers that
Debian has) and mipsel (a second architecture for the same rows, above all
the "before" rows that rely on where the linker put a string) are
downloaded by lib/fetch-debs.sh (Debian's mirror only, private apt state,
cached in ~/.cache/jcstar-tests) and unpacked with dpkg-deb -x into one
staging tree per architecture (cached, keyed by the package list). The
armhf kernel's zImage is decompressed first (as `jcstar unpack` does by
carving its xz stream). `sigscan` (a walker over the matcher) scans the tree
and the test asserts EXACTLY which (component, version) pairs are found,
each with the upstream version of its package (`dpkg-deb -f Version`, epoch
and Debian revision stripped) and in which files.

Then: a control tree of other Debian packages (coreutils, tcpdump,
systemd, Kerberos, libssh2, ... that link against OpenSSL but do not
contain it) must give nothing, and components that Debian 12 does not ship
(Boa, thttpd, LibreSSL) are checked on small synthetic binaries compiled
here from a C file holding the exact upstream version strings.

The same trees then go through `jcstar scan` (JSON): its `components`
found by signature must be exactly what sigscan found, with the same
evidence files.

Usage: test_signatures.py SIGSCAN SOURCE_ROOT [JCSTAR]
"""
import glob
import hashlib
import lzma
import os
import re
import shutil
import subprocess
import sys
import tempfile

from checklib import check, finish

SIGSCAN, SRC = sys.argv[1], sys.argv[2]
JCSTAR = sys.argv[3] if len(sys.argv) > 3 else None
TABLE = os.path.join(SRC, "data", "components", "signatures.tsv")
CACHE = os.environ.get("JCSTAR_TEST_CACHE", os.path.expanduser("~/.cache/jcstar-tests"))
FETCH = os.path.join(SRC, "tests", "integration", "lib", "fetch-debs.sh")


# package -> [(component, the files (globs under the tree, space-separated)
#              the version must come from: each of them and no other)]
ARMHF = {
    "busybox-static": [("busybox", "bin/busybox")],
    "dropbear-bin": [("dropbear", "usr/sbin/dropbear usr/bin/dbclient")],
    "openssh-server": [("openssh", "usr/sbin/sshd")],
    "libssl3": [("openssl", "usr/lib/*/libcrypto.so.3")],
    "openssl": [],
    "lighttpd": [("lighttpd", "usr/sbin/lighttpd")],
    "nginx": [("nginx", "usr/sbin/nginx")],
    "dnsmasq-base": [("dnsmasq", "usr/sbin/dnsmasq")],
    "hostapd": [("hostapd", "usr/sbin/hostapd")],
    "wpasupplicant": [("wpa_supplicant", "sbin/wpa_supplicant")],
    "miniupnpd-nftables": [("miniupnpd", "usr/sbin/miniupnpd")],
    "mosquitto": [("mosquitto", "usr/sbin/mosquitto")],
    "curl": [("curl", "usr/bin/curl")],
    "libcurl4": [("curl", "usr/lib/*/libcurl.so.4*")],
    "zlib1g": [("zlib", "lib/*/libz.so.1*")],
    "libc6": [("glibc", "lib/*/libc.so.6")],
    "musl": [("musl", "lib/*-musl*/libc.so")],
    "libmbedcrypto7": [("mbedtls", "usr/lib/*/libmbedcrypto.so.*")],
    "libwolfssl35": [("wolfssl", "usr/lib/*/libwolfssl.so.*")],
    "libgnutls30": [("gnutls", "usr/lib/*/libgnutls.so.30*")],
    "libsqlite3-0": [("sqlite", "usr/lib/*/libsqlite3.so.0*")],
    "libexpat1": [("expat", "lib/*/libexpat.so.1* usr/lib/*/libexpatw.so.1*")],
    "libxml2": [("libxml2", "usr/lib/*/libxml2.so.2*")],
    "openvpn": [("openvpn", "usr/sbin/openvpn")],
    "libsmbclient": [("samba", "usr/lib/*/libsmbclient.so.0*")],
    "samba-libs": [],
    "avahi-daemon": [("avahi", "usr/sbin/avahi-daemon")],
    "ppp": [("pppd", "usr/sbin/pppd")],
    "chrony": [("chrony", "usr/sbin/chronyd")],
    "iptables": [("iptables", "usr/sbin/xtables-legacy-multi usr/sbin/xtables-nft-multi")],
    "liblua5.3-0": [("lua", "usr/lib/*/liblua5.3.so.0* usr/lib/*/liblua5.3-c++.so.0*")],
    "python3.11-minimal": [("python", "usr/bin/python3.11")],
    "php8.2-cli": [("php", "usr/bin/php8.2")],
    "mini-httpd": [("mini_httpd", "usr/sbin/mini_httpd")],
    "u-boot-sunxi": [("u-boot", "usr/lib/u-boot/*/u-boot-sunxi-with-spl.bin")],
    "linux-image-6.1.0-50-armmp": [("linux", "boot/vmlinux-decompressed")],
}
# Dependencies of the packages above that carry no signature themselves.
ARMHF_DEPS = []

# The same rows on a second architecture (big programs and the rows that
# depend on string placement).
MIPSEL = {k: ARMHF[k] for k in [
    "busybox-static", "dropbear-bin", "openssh-server", "libssl3", "openssl",
    "lighttpd", "dnsmasq-base", "hostapd", "wpasupplicant", "mosquitto",
    "curl", "libcurl4", "zlib1g", "libc6", "musl", "libsqlite3-0",
    "libexpat1", "libxml2", "chrony", "iptables", "ppp", "python3.11-minimal"]}

# Packages that link against OpenSSL, zlib, ... without containing them,
# or contain nothing the table knows: nothing may be found in them.
CONTROL = ["coreutils", "bash", "grep", "sed", "tar", "findutils",
           "util-linux", "e2fsprogs", "perl-base", "procps", "kmod",
           "iproute2", "ethtool", "tcpdump", "libpcap0.8", "systemd",
           "libsystemd0", "libgcrypt20", "libnghttp2-14", "libssh2-1",
           "libkrb5-3", "libldap-2.5-0", "libsasl2-2", "libbrotli1",
           "libstdc++6", "tzdata", "ca-certificates"]


def apt_env(arch):
    """fetch-debs.sh with an empty dpkg status (as make-debian-tree.sh): the
    host's installed packages must not decide versions."""
    d = os.path.join(CACHE, "apt-" + arch)
    os.makedirs(d, exist_ok=True)
    open(os.path.join(d, "empty-status"), "a").close()
    conf = os.path.join(d, "tree.conf")
    with open(conf, "w") as f:
        f.write('Dir::State::status "%s";\n' % os.path.join(d, "empty-status"))
    env = dict(os.environ)
    env["APT_CONFIG"] = conf
    return env


def deb_of(arch, pkg):
    d = os.path.join(CACHE, "apt-" + arch, "debs")
    for pat in ("%s_*_%s.deb" % (pkg, arch), "%s_*_all.deb" % pkg):
        hits = sorted(glob.glob(os.path.join(d, pat)))
        if hits:
            return hits[-1]
    return None


def upstream(version):
    """Debian version -> upstream: no epoch, no Debian revision, no
    repack suffix (+dfsg, +ds)."""
    v = version.split(":", 1)[-1]
    if "-" in v:
        v = v.rsplit("-", 1)[0]
    m = re.match(r"[0-9]+(\.[0-9]+)*([a-z]+[0-9]*)?", v)
    return m.group(0) if m else v


def staging(arch, pkgs, tag):
    """The packages unpacked into one tree (cached under CACHE)."""
    key = hashlib.sha256((arch + " " + " ".join(sorted(pkgs))).encode()).hexdigest()
    root = os.path.join(CACHE, "signatures-%s-%s" % (tag, arch))
    stamp = os.path.join(root, ".stamp")
    if os.path.exists(stamp) and open(stamp).read() == key:
        return root
    if os.path.exists(root):
        shutil.rmtree(root)
    tmp = root + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    r = subprocess.run(["bash", FETCH, arch, tmp] + sorted(pkgs), env=apt_env(arch),
                       capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stdout + r.stderr)
        raise SystemExit("cannot fetch the %s packages" % arch)
    subprocess.run(["chmod", "-R", "u+rwX", tmp], check=True)
    for z in glob.glob(os.path.join(tmp, "boot", "vmlinuz-*")):
        decompress_kernel(z, os.path.join(tmp, "boot", "vmlinux-decompressed"))
    with open(os.path.join(tmp, ".stamp"), "w") as f:
        f.write(key)
    os.rename(tmp, root)
    return root


def decompress_kernel(zimage, out):
    """An ARM zImage: its payload is an xz stream somewhere inside (the
    decompressor's code holds the magic too: the first that decodes)."""
    d = open(zimage, "rb").read()
    for m in re.finditer(b"\xfd7zXZ\x00", d):
        try:
            image = lzma.LZMADecompressor().decompress(d[m.start():])
        except lzma.LZMAError:
            continue
        with open(out, "wb") as f:
            f.write(image)
        return
    check(False, "%s: no xz stream in the zImage decodes" % zimage)


def sigscan(root):
    r = subprocess.run([SIGSCAN, TABLE, root], capture_output=True, text=True)
    check(r.returncode == 0, "sigscan %s: exit %d: %s" % (root, r.returncode, r.stderr))
    found = {}
    for line in r.stdout.splitlines():
        name, version, conf, row, path = line.split("\t")
        found.setdefault((name, version), set()).add(path)
    return found


def check_scan(arch, root, want):
    """`jcstar scan` of ROOT: its signature components are WANT (sigscan's
    {(name, version): files})."""
    if not JCSTAR:
        return
    import json
    r = subprocess.run([JCSTAR, "scan", "-q", "--format", "json", root],
                       capture_output=True, text=True)
    check(r.returncode in (0, 1), "%s: jcstar scan: exit %d: %s" % (arch, r.returncode, r.stderr[-500:]))
    doc = json.loads(r.stdout or "{}")
    got = {}
    for c in doc.get("components", []):
        if c.get("method") == "signature":
            got[(c["name"], c["version"])] = {f["path"] for f in c.get("files", [])}
    check(set(got) == set(want), "%s: jcstar scan components differ from sigscan:\n  only scan: %s\n  only sigscan: %s" % (
        arch, sorted(set(got) - set(want)), sorted(set(want) - set(got))))
    for key in sorted(set(got) & set(want)):
        # the result keeps at most 64 evidence files per component
        check(got[key] <= want[key] and (len(got[key]) == len(want[key]) or len(got[key]) == 64),
              "%s: jcstar scan: %s %s files %s, sigscan %s" % (
                  arch, key[0], key[1], sorted(got[key])[:3], sorted(want[key])[:3]))
    lim = [l for l in doc.get("limitations", []) if "signature" in json.dumps(l)]
    check(not lim, "%s: jcstar scan: limitations of the signatures: %s" % (arch, lim))


def check_arch(arch, table):
    root = staging(arch, list(table) + ARMHF_DEPS, "real")
    found = sigscan(root)
    want = {}
    for pkg, comps in table.items():
        deb = deb_of(arch, pkg)
        ver = upstream(subprocess.run(["dpkg-deb", "-f", deb, "Version"], capture_output=True,
                                      text=True, check=True).stdout.strip())
        for name, pattern in comps:
            if name == "linux":
                # the modules' vermagic carries the kernel release, which
                # for Debian is the ABI name (6.1.0-50-armmp), not 6.1.176
                release = os.path.basename(glob.glob(os.path.join(root, "lib/modules/*"))[0])
                want.setdefault((name, upstream(release)), set()).add("*.ko")
            files = [f for g in pattern.split() for f in glob.glob(os.path.join(root, g))
                     if not os.path.islink(f)]
            check(files, "%s: %s: no file %s in the package" % (arch, pkg, pattern))
            want.setdefault((name, ver), set()).update(
                "/" + os.path.relpath(f, root) for f in files)
    for key, files in sorted(want.items()):
        got = found.get(key, set())
        if files == {"*.ko"}:
            ok = got and all(p.endswith(".ko") for p in got)
        else:
            ok = files <= got
        check(ok, "%s: %s %s: want it from %s, found in %s" % (
            arch, key[0], key[1], sorted(files)[:3], sorted(got)[:5]))
    extra = sorted(set(found) - set(want))
    check(not extra, "%s: found components that are not there: %s" % (
        arch, [(k, sorted(found[k])[:3]) for k in extra]))
    # every version comes from the files it should (no stray matches)
    for key, got in sorted(found.items()):
        files = want.get(key, set())
        if files == {"*.ko"} or key[0] in ("samba", "u-boot", "linux"):
            continue
        stray = sorted(got - files)
        check(not stray, "%s: %s %s also found in %s" % (arch, key[0], key[1], stray[:5]))
    check_scan(arch, root, found)
    print("%s: %d components checked" % (arch, len(want)))


def check_control(arch):
    root = staging(arch, CONTROL, "control")
    found = sigscan(root)
    nfiles = sum(len(f) for _, _, f in os.walk(root))
    print("%s: control tree of %d packages, %d files" % (arch, len(CONTROL), nfiles))
    check(nfiles > 1000, "%s: the control tree is too small" % arch)
    check(not found, "%s: control tree: found %s" % (
        arch, [(k, sorted(v)[:3]) for k, v in sorted(found.items())]))


SYNTHETIC = r'''
/* Version strings exactly as upstream writes them, for components that
   Debian 12 does not ship. */
const char *boa = "Boa/0.94.14rc21";               /* boa src/defines.h */
const char *thttpd = "thttpd/2.29 23May2018";      /* thttpd version.h */
const char *libressl = "LibreSSL 3.8.2";           /* opensslv.h */
const char *libressl_dir = "OPENSSLDIR: \"/etc/ssl\""; /* crypto/cversion.c */
int main(void) { return boa[0] + thttpd[0] + libressl[0] + libressl_dir[0] == 0; }
'''

MISSES = r'''
/* none of these is a version the table may report */
const char *m[] = {
	"BusyBox v", "BusyBox v1 (", "BusyBox v1.36.1abc (",
	"built with OpenSSL 3.0.11 19 Sep 2023",  /* no libcrypto here */
	"lighttpd/1.x", "nginx version: nginx/", "dnsmasq-2", "expat_2.5.0a1b",
	"SSH-2.0-dropbear_", "Linux version 6 (", "wpa_supplicant v2.10beta",
};
int main(void) { return m[0][0] == 0; }
'''


def check_synthetic():
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "synthetic.c"), "w") as f:
            f.write(SYNTHETIC)
        os.makedirs(os.path.join(tmp, "root", "usr", "sbin"))
        exe = os.path.join(tmp, "root", "usr", "sbin", "webd")
        r = subprocess.run(["cc", "-O0", "-o", exe, os.path.join(tmp, "synthetic.c")],
                           capture_output=True, text=True)
        check(r.returncode == 0, "cannot compile the synthetic binary: " + r.stderr)
        found = sigscan(os.path.join(tmp, "root"))
        want = {("boa", "0.94.14rc21"), ("thttpd", "2.29"), ("libressl", "3.8.2")}
        check(set(found) == want, "synthetic: found %s, want %s" % (sorted(found), sorted(want)))
        # near misses, in a program of their own (no OPENSSLDIR there)
        with open(os.path.join(tmp, "miss.c"), "w") as f:
            f.write(MISSES)
        r = subprocess.run(["cc", "-O0", "-o", exe, os.path.join(tmp, "miss.c")],
                           capture_output=True, text=True)
        check(r.returncode == 0, "cannot compile the near-miss binary: " + r.stderr)
        found = sigscan(os.path.join(tmp, "root"))
        check(not found, "near misses: found %s" % sorted(found))


def main():
    check_synthetic()
    check_arch("armhf", ARMHF)
    check_control("armhf")
    check_arch("mipsel", MIPSEL)
    return finish()


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""False positives on a large clean tree, of the content check (families
keys, certs, secrets) and of the configuration checks (network, update,
services, accounts, console, ssh): an extracted Debian 12 armhf root file system of about
150 packages (lib/make-debian-tree.sh, cached in ~/.cache/jcstar-tests;
the first run downloads ~60 MB of .debs from Debian's mirror).

Debian ships no secrets, so every finding of these families must be one of
the true positives below, each explained:

- /usr/bin/openssl: six RSA private keys (1024 to 15360 bits, DER) - the
  public test keys of `openssl speed` (apps/testrsa.h), compiled in.
- libgnutls.so.30: three PEM private keys (RSA 2048, DSA 2048, EC P-256) -
  the keys of GnuTLS's power-on self-tests (lib/crypto-selftests-pk.c).
- certs.expired-anchors: ONE info finding for the roots of ca-certificates
  (/usr/share/ca-certificates/mozilla/*.crt) that have expired by now
  (E-Tugra, SECOM RootCA1, ... - Debian 12 still ships them); the other
  ~140 roots are trust anchors and are quiet, including the old SHA-1
  self-signed roots (Go Daddy Class 2, Starfield Class 2, ePKI, ACCVRAIZ1).

- network.http-plain: lighttpd's shipped lighttpd.conf serves
  /var/www/html on port 80 without TLS (no login form there: plain HTTP,
  not an admin interface).

Near misses this tree holds and that stay quiet: openssl.cnf's
`secret = pass:insta` (a public demo value of low entropy), lintian
overrides "passwd: elevated-privileges ..." (excluded: packaging
metadata), wpa_supplicant's and hostapd's example configurations under
/usr/share/doc (documentation: 38 Wi-Fi findings before that was
understood), systemd units of openssh-server and mosquitto that no
*.wants link enables (dpkg-deb -x runs no maintainer script),
Python's urllib docstring example passwd='geheim$parole' (a docstring), the
"-----BEGIN ... PRIVATE KEY-----" strings inside OpenSSL, GnuTLS, OpenSSH
and Dropbear binaries without a key behind them.
Usage: test_scan_content_debian.py JCSTAR SOURCE_ROOT
"""
import re
import sys
import time

from scanlib import check, debian_tree, finish, scan

FAMILIES = {"keys", "certs", "secrets", "network", "update", "services", "accounts",
            "console", "ssh"}
WANT = sorted([("keys.private-key", "/usr/bin/openssl", 0)] * 6 +
              [("keys.private-key", "/usr/lib/arm-linux-gnueabihf/libgnutls.so.30.*", 0)] * 3 +
              [("certs.expired-anchors", "", 0),
               ("network.http-plain", "/etc/lighttpd/lighttpd.conf", 14)])


def main():
    tree = debian_tree()
    if tree is None:
        return 77
    t0 = time.monotonic()
    doc = scan(tree)
    took = time.monotonic() - t0
    got = sorted((f["rule"], re.sub(r"libgnutls\.so\.30\.[0-9.]+$", "libgnutls.so.30.*",
                                    f["location"].get("path", "")), f["location"].get("line", 0))
                 for f in doc["findings"] if f["rule"].split(".")[0] in FAMILIES)
    check(got == WANT, "Debian tree: findings differ\n  got:  %s\n  want: %s" % (got, WANT))
    anchors = [f for f in doc["findings"] if f["rule"] == "certs.expired-anchors"]
    check(all(l.startswith("/usr/share/ca-certificates/mozilla/") for f in anchors
              for l in f["evidence"].split("\n") if not l.startswith("(and")),
          "expired anchors are ca-certificates roots: %s" % anchors)
    print("scanned the Debian tree (all checks) in %.2f s" % took)
    return finish()


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Cracked passwords agree with John the Ripper (Debian's `john`) run on the
same shadow file with the same word list.

jcstar tries data/passwords/iot-default.txt plus each account's own name
(and the empty password); John gets that same list as its word list, in
wordlist mode with --format=crypt (the system's libcrypt, like jcstar), and
its own HOME so the pot file starts empty. The shadow file holds one hash
per scheme jcstar and John both know (DES, MD5, SHA-256, SHA-512, bcrypt),
passwords from the list and the account name, and a strong one that must
stay uncracked; the test images' own shadow files are compared too.
Web-server accounts likewise: an htpasswd file with Apache's $apr1$ (John's
md5crypt format reads it), MD5-crypt, DES and bcrypt entries goes through
John format by format ({SHA} is left out: John 1.9 has no format for it).
Prints every disagreement; exits 1 if there is one.
Usage: compare_john.py JCSTAR SOURCE_ROOT
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import warnings

warnings.filterwarnings("ignore", category=DeprecationWarning)
import crypt  # noqa: E402

JCSTAR, SRC = sys.argv[1], sys.argv[2]
WORDS = os.path.join(SRC, "data", "passwords", "iot-default.txt")
CACHE = os.environ.get("JCSTAR_TEST_CACHE", os.path.expanduser("~/.cache/jcstar-tests"))
os.environ["PATH"] += ":/usr/sbin:/sbin"


def jcstar_cracked(tree, path=None):
    r = subprocess.run([JCSTAR, "scan", "-q", "--show-secrets", "--format", "json", tree],
                       capture_output=True, text=True, check=True)
    out = {}
    for f in json.loads(r.stdout)["findings"]:
        if f["rule"] in ("accounts.password-cracked",) and \
                (path is None or f["location"].get("path") == path):
            user, rest = f["evidence"].split(":", 1)
            out[user] = rest.rsplit(" (cracked from", 1)[0]
    return out


def john_cracked(shadow, users, work, formats=("crypt",)):
    home = os.path.join(work, "home")
    os.makedirs(home, exist_ok=True)
    wl = os.path.join(work, "words.txt")
    with open(WORDS) as f, open(wl, "w") as w:
        for line in f:
            if line.strip() and not line.startswith("#"):
                w.write(line)
        for u in users:
            w.write(u + "\n")
    env = dict(os.environ, HOME=home)
    # meson sets MALLOC_PERTURB_ for tests; John 1.9's md5crypt then
    # cracks nothing (it relies on fresh memory being zero): not jcstar's
    env.pop("MALLOC_PERTURB_", None)
    out = {}
    for fmt in formats:
        subprocess.run(["john", "--wordlist=" + wl, "--format=" + fmt, shadow],
                       env=env, capture_output=True)
        r = subprocess.run(["john", "--show", "--format=" + fmt, shadow], env=env,
                           capture_output=True, text=True)
        for line in r.stdout.splitlines():
            parts = line.split(":")
            if len(parts) >= 2 and parts[1] and not line.endswith("left") and "cracked" not in line:
                out[parts[0]] = parts[1]
    return out


def compare(name, tree, work):
    shadow = os.path.join(tree, "etc", "shadow")
    users = [l.split(":")[0] for l in open(shadow) if ":" in l]
    j = jcstar_cracked(tree)
    jr = john_cracked(shadow, users, work)
    ok = j == jr
    print("%s: jcstar cracked %d, john cracked %d: %s" % (name, len(j), len(jr), "agree" if ok else "DISAGREE"))
    if not ok:
        print("  jcstar: %s\n  john:   %s" % (sorted(j.items()), sorted(jr.items())))
    return ok


def compare_htpasswd(work):
    tree = os.path.join(work, "web")
    os.makedirs(os.path.join(tree, "www"))
    apr = lambda pw: subprocess.run(["openssl", "passwd", "-apr1", pw], capture_output=True,
                                    text=True, check=True).stdout.strip()
    entries = [
        ("admin", apr("admin")),
        ("support", apr("support")),                      # the account's own name
        ("ubnt", apr(os.urandom(12).hex())),              # strong: stays uncracked
        ("md5", crypt.crypt("xc3511", crypt.mksalt(crypt.METHOD_MD5))),
        ("des", crypt.crypt("12345", "ab")),
        ("bcrypt", crypt.crypt("vizxv", crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=16))),
    ]
    path = os.path.join(tree, "www", ".htpasswd")
    with open(path, "w") as f:
        for u, h in entries:
            f.write("%s:%s\n" % (u, h))
    j = jcstar_cracked(tree, "/www/.htpasswd")
    jr = john_cracked(path, [u for u, _ in entries], os.path.join(work, "jw"),
                      ("md5crypt", "descrypt", "bcrypt"))
    ok = j == jr and len(j) == 5
    print("htpasswd ($apr1$, MD5, DES, bcrypt): jcstar cracked %d, john cracked %d: %s"
          % (len(j), len(jr), "agree" if ok else "DISAGREE"))
    if not ok:
        print("  jcstar: %s\n  john:   %s" % (sorted(j.items()), sorted(jr.items())))
    return ok


def main():
    work = tempfile.mkdtemp(prefix="jcstar-john-")
    good = bad = 0
    try:
        tree = os.path.join(work, "tree")
        os.makedirs(os.path.join(tree, "etc"))
        accounts = [
            ("root", crypt.crypt("admin", "$1$abcdefgh")),
            ("des", crypt.crypt("12345", "ab")),
            ("sha256", crypt.crypt("xc3511", crypt.mksalt(crypt.METHOD_SHA256))),
            ("sha512", crypt.crypt("ubnt", crypt.mksalt(crypt.METHOD_SHA512))),
            ("bcrypt", crypt.crypt("vizxv", crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=16))),
            ("support", crypt.crypt("support", crypt.mksalt(crypt.METHOD_SHA512))),
            ("operator", crypt.crypt("operator", crypt.mksalt(crypt.METHOD_MD5))),
            ("strong", crypt.crypt(os.urandom(12).hex(), crypt.mksalt(crypt.METHOD_SHA512))),
        ]
        with open(os.path.join(tree, "etc", "passwd"), "w") as f:
            for i, (u, _) in enumerate(accounts):
                f.write("%s:x:%d:%d::/home/%s:/bin/sh\n" % (u, 1000 + i, 1000 + i, u))
        with open(os.path.join(tree, "etc", "shadow"), "w") as f:
            for u, h in accounts:
                f.write("%s:%s:19675:0:99999:7:::\n" % (u, h))
        if compare("crafted shadow (DES, MD5, SHA-256, SHA-512, bcrypt)", tree, os.path.join(work, "j1")):
            good += 1
        else:
            bad += 1
        if compare_htpasswd(work):
            good += 1
        else:
            bad += 1
        for arch in ("mipsel", "armhf"):
            img = os.path.join(CACHE, "images-" + arch, "rootfs-xz.sqfs")
            if not os.path.exists(img):
                continue
            out = os.path.join(work, "u-" + arch)
            subprocess.run([JCSTAR, "unpack", "-q", img, "-o", out], check=True)
            root = os.path.join(out, "0001-squashfs")
            if compare(arch + " rootfs shadow", root, os.path.join(work, "j-" + arch)):
                good += 1
            else:
                bad += 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("%d passed, %d failed" % (good, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

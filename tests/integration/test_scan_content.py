#!/usr/bin/python3
"""`jcstar scan`, families keys, certs and secrets (the content check).

1. A tree planted with one of each: private keys in every encoding (PEM
   RSA/EC, encrypted PKCS#8, OpenSSH plain and encrypted, PuTTY plain and
   encrypted, DER, DER and PEM inside binary blobs), certificates (expired,
   not yet valid, self-signed leaf, 1024-bit, SHA-1-signed, an expired one
   as DER inside a binary) made with the openssl CLI at test time, and
   secrets (AWS key pair in a script, Tuya keys in JSON, passwords in a CGI
   script, a Google API key inside a binary, a GitHub token, a Google
   service account key file: its key id and its PEM key in a JSON string). Next to them
   the near misses that must stay quiet: the test CA root and a bundle of
   it, a public key, a CSR, placeholder and variable passwords, commented
   examples, AWS's documented example key, identifiers in Python code, a
   password inside an ELF-like binary, Wi-Fi keys (the network check's) and
   /etc/shadow (the accounts check's). Scanned as a directory and as a tar
   image: exactly the planted (rule, path, line).
2. The real test rootfs images (Debian mipsel/armhf packages): the only
   finding is /usr/bin/openssl's six RSA keys (1024..15360 bits, DER) -
   the public test keys of `openssl speed` (apps/testrsa.h), compiled into
   the binary. They are private keys shipped in the image, so they are
   reported. openssl.cnf's `secret = pass:insta` (the Insta demo CA's
   public CMP example, "insta") is below the entropy bar and not a weak
   word; /etc/config/wireless's key is the network check's.
3. A hardened control tree (a CA root bundle, public keys, placeholders):
   no finding of these families.
4. Evidence masks secrets unless --show-secrets, and never holds key
   material.
Usage: test_scan_content.py JCSTAR SOURCE_ROOT
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

from scanlib import check, expect, finish, rootfs_image, scan, write

FAMILIES = {"keys", "certs", "secrets"}
AWS_ID = "AKIAZ3MSJV2LQWERTY7P"
AWS_SECRET = "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"
GOOGLE = "AIzaSyD4x9Qk2LmZ7vR1tNpW8eYcB3fGhJkL0sQ"
GITHUB = "ghp_" + "R4nd0mT0k3nV4lu3sAbCdEfGhIjKlMnOpQrS"


def run(*cmd, cwd=None, stdin=None):
    subprocess.run(cmd, cwd=cwd, check=True, input=stdin, capture_output=True)


CA_CNF = """[ca]
default_ca = test
[test]
dir = .
database = ./index.txt
new_certs_dir = .
serial = ./serial
policy = any
email_in_dn = no
copy_extensions = none
unique_subject = no
[any]
commonName = supplied
[leaf]
basicConstraints = CA:FALSE
keyUsage = digitalSignature, keyEncipherment
"""


def make_material(d):
    """Keys and certificates made with the real tools into D."""
    os.makedirs(d)
    run("openssl", "genrsa", "-traditional", "-out", "rsa.pem", "2048", cwd=d)
    run("openssl", "ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", "ec.pem", cwd=d)
    run("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
        "-aes256", "-pass", "pass:s3cret", "-out", "enc.pem", cwd=d)
    run("openssl", "pkey", "-in", "rsa.pem", "-outform", "DER", "-out", "rsa.der", cwd=d)
    run("openssl", "genpkey", "-algorithm", "ED25519", "-outform", "DER", "-out", "ed.der", cwd=d)
    run("openssl", "pkey", "-in", "rsa.pem", "-pubout", "-out", "pub.pem", cwd=d)
    run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "t", "-f", "id_ed25519", cwd=d)
    run("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "pw-of-test", "-C", "t", "-f", "id_rsa", cwd=d)
    write(d, "empty", "")
    write(d, "pw", "pw-of-test\n")
    run("puttygen", "-t", "ed25519", "-O", "private", "-o", "plain.ppk", "--new-passphrase", "empty", cwd=d)
    run("puttygen", "-t", "rsa", "-b", "2048", "-O", "private", "-o", "enc.ppk", "--new-passphrase", "pw", cwd=d)
    # a test CA (a proper root: CA:TRUE, keyCertSign) and leaves it signs
    write(d, "ca.cnf", CA_CNF)
    write(d, "index.txt", "")
    write(d, "serial", "01\n")
    run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key",
        "-subj", "/CN=Test Root CA", "-days", "3650", "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-out", "ca.crt", cwd=d)
    run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "leaf.key",
        "-subj", "/CN=leaf.example", "-out", "leaf.csr", cwd=d)
    run("openssl", "req", "-newkey", "rsa:1024", "-nodes", "-keyout", "short.key",
        "-subj", "/CN=short.example", "-out", "short.csr", cwd=d)

    def sign(out, csr="leaf.csr", md="sha256", dates=("-days", "365")):
        run("openssl", "ca", "-batch", "-config", "ca.cnf", "-cert", "ca.crt", "-keyfile", "ca.key",
            "-md", md, "-extensions", "leaf", *dates, "-in", csr, "-out", out, cwd=d)
        run("openssl", "x509", "-in", out, "-out", out, cwd=d)  # PEM only, no text dump
    sign("expired.crt", dates=("-startdate", "20200101000000Z", "-enddate", "20210101000000Z"))
    sign("future.crt", dates=("-startdate", "20900101000000Z", "-enddate", "20910101000000Z"))
    sign("sha1.crt", md="sha1")
    sign("short.crt", csr="short.csr")
    sign("good.crt")
    run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "self.key",
        "-subj", "/CN=192.168.1.1", "-days", "3650", "-out", "self.crt", cwd=d)
    run("openssl", "x509", "-in", "expired.crt", "-outform", "DER", "-out", "expired.der", cwd=d)


def rd(d, name, mode="r"):
    with open(os.path.join(d, name), mode) as f:
        return f.read()


def blob(*parts):
    """A binary file: NUL-laden filler around PARTS."""
    out = b"\x7fELF\x01\x01\x01" + b"\0" * 64 + os.urandom(3000)
    for p in parts:
        out += (p.encode() if isinstance(p, str) else p) + b"\0" + os.urandom(2000)
    return out


def common(root, m):
    """What both the planted and the control tree have: quiet things."""
    write(root, "/etc/ssl/certs/test-root.pem", rd(m, "ca.crt"))            # a trust anchor
    write(root, "/etc/ssl/certs/ca-certificates.crt", rd(m, "ca.crt") * 2)   # a bundle of it
    write(root, "/etc/ssl/certs/server.crt", rd(m, "good.crt"))              # CA-signed, valid
    write(root, "/etc/ssl/server.pub", rd(m, "pub.pem"))                      # a public key
    write(root, "/etc/ssl/server.csr", rd(m, "leaf.csr"))                     # a request
    write(root, "/root/.ssh/authorized_keys", rd(m, "id_ed25519.pub"))
    write(root, "/etc/app.conf", "# password=Example123\n"                    # commented example
          "password=$PASSWORD\n"                                               # variable
          'admin_password="${ADMIN_PW}"\n'
          "password=********\n"
          "password=<password>\n"
          'password = "%s"\n'
          "password=\n"
          "token = xxxxxxxxxxxx\n"
          "password_min_length=8\n"
          "secret = /run/secrets/api\n"
          "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n")                       # AWS's documented example
    write(root, "/usr/lib/python3/app/auth.py", "def login(args):\n"
          "    password = args.password\n    token = make_token(password)\n"
          "    secret: str = get_secret()\n", 0o644)
    write(root, "/usr/bin/daemon", blob("password=Secret123x", "-----BEGIN RSA PRIVATE KEY-----\n"
                                        "%s\n-----END RSA PRIVATE KEY-----"), 0o755)
    # other checks' business
    write(root, "/etc/shadow", "root:$1$abcdefgh$ZpsZ9Zj4N6xXuT9x5cuo50:19675:0:99999:7:::\n", 0o600)
    write(root, "/etc/config/wireless", "config wifi-iface\n\toption key 'Wif1Passw0rd!'\n")
    write(root, "/etc/hostapd.conf", "wpa_passphrase=Wif1Passw0rd!\n")
    write(root, "/etc/init.d/wifi", "#!/bin/sh\nwpa_passphrase=Wif1Passw0rd!\n", 0o755)


def planted_tree(root, m):
    common(root, m)
    write(root, "/etc/ssl/private/server.key", rd(m, "rsa.pem"), 0o600)
    write(root, "/etc/ssl/private/ec.key", rd(m, "ec.pem"), 0o600)
    write(root, "/etc/ssl/private/enc.key", rd(m, "enc.pem"), 0o600)
    write(root, "/etc/ssl/private/device.der", rd(m, "rsa.der", "rb"), 0o600)
    write(root, "/root/.ssh/id_ed25519", rd(m, "id_ed25519"), 0o600)
    write(root, "/root/.ssh/id_rsa", rd(m, "id_rsa"), 0o600)
    write(root, "/etc/vpn/plain.ppk", rd(m, "plain.ppk"))
    write(root, "/etc/vpn/enc.ppk", rd(m, "enc.ppk"))
    # keys and a certificate inside binaries
    write(root, "/usr/bin/fwupd-agent", blob(rd(m, "ed.der", "rb"), rd(m, "ec.pem")), 0o755)
    write(root, "/usr/lib/libcloud.so", blob(rd(m, "expired.der", "rb")), 0o755)
    # certificates, one problem each (the self-signed 192.168.1.1 key is
    # in the same file: both are reported)
    write(root, "/etc/ssl/certs/expired.pem", "# expired\n" + rd(m, "expired.crt"))
    write(root, "/etc/ssl/certs/future.pem", rd(m, "future.crt"))
    write(root, "/etc/ssl/certs/sha1.pem", rd(m, "sha1.crt"))
    write(root, "/etc/ssl/certs/short.pem", rd(m, "short.crt"))
    write(root, "/etc/lighttpd/server.pem", rd(m, "self.key") + rd(m, "self.crt"))
    # secrets
    write(root, "/usr/sbin/cloud-sync", "#!/bin/sh\n# upload logs\n"
          "export AWS_ACCESS_KEY_ID=%s\nexport AWS_SECRET_ACCESS_KEY='%s'\n"
          "aws s3 cp /tmp/log s3://bucket/\n" % (AWS_ID, AWS_SECRET), 0o755)
    write(root, "/etc/tuya/cloud.json", '{\n  "region": "eu",\n  "accessId": "p5k9qwe7rty3uiop2asd",\n'
          '  "accessKey": "8f1e3c9a7b2d4e6f0a1b2c3d4e5f6a7b"\n}\n')
    write(root, "/www/cgi-bin/login.cgi", "#!/bin/sh\nread -r line\n"
          'ADMIN_PASSWORD="Sup3r-S3cr3t!"\n'
          'if [ "$password" = "admin" ]; then\n  echo ok\nfi\n', 0o755)
    write(root, "/usr/bin/uploader", blob("key=" + GOOGLE), 0o755)
    write(root, "/usr/share/app/deploy.sh", "#!/bin/sh\ngit clone https://x:%s@github.com/a/b\n" % GITHUB,
          0o755)
    write(root, "/usr/lib/python3/app/settings.py", 'API_KEY = "q8Zr2LmX7vTn4WpK9sYb"\n')
    write(root, "/etc/gcp/service-account.json", json.dumps({
        "type": "service_account", "project_id": "cam-cloud",
        "private_key_id": "3f2a9c81b7d64e05a1c9f7e2b8d40c6a5e9f1b27",
        "private_key": rd(m, "ec.pem")}, indent=1) + "\n")


PLANTED = [
    ("keys.private-key", "/etc/ssl/private/server.key", 1),
    ("keys.private-key", "/etc/ssl/private/ec.key", 1),
    ("keys.encrypted-private-key", "/etc/ssl/private/enc.key", 1),
    ("keys.private-key", "/etc/ssl/private/device.der", 0),
    ("keys.private-key", "/root/.ssh/id_ed25519", 1),
    ("keys.encrypted-private-key", "/root/.ssh/id_rsa", 1),
    ("keys.private-key", "/etc/vpn/plain.ppk", 1),
    ("keys.encrypted-private-key", "/etc/vpn/enc.ppk", 1),
    ("keys.private-key", "/usr/bin/fwupd-agent", 0),     # DER Ed25519
    ("keys.private-key", "/usr/bin/fwupd-agent", 0),     # PEM EC
    ("keys.private-key", "/etc/lighttpd/server.pem", 1),
    ("certs.expired", "/usr/lib/libcloud.so", 0),
    ("certs.expired", "/etc/ssl/certs/expired.pem", 2),
    ("certs.not-yet-valid", "/etc/ssl/certs/future.pem", 1),
    ("certs.weak-signature", "/etc/ssl/certs/sha1.pem", 1),
    ("certs.short-key", "/etc/ssl/certs/short.pem", 1),
    ("certs.self-signed", "/etc/lighttpd/server.pem", 29),
    ("secrets.cloud-access-key", "/usr/sbin/cloud-sync", 3),
    ("secrets.cloud-access-key", "/usr/sbin/cloud-sync", 4),
    ("secrets.iot-platform-key", "/etc/tuya/cloud.json", 4),
    ("secrets.password", "/www/cgi-bin/login.cgi", 3),
    ("secrets.password", "/www/cgi-bin/login.cgi", 4),
    ("secrets.cloud-access-key", "/usr/bin/uploader", 0),
    ("secrets.api-token", "/usr/share/app/deploy.sh", 2),
    ("secrets.api-token", "/usr/lib/python3/app/settings.py", 1),
    ("secrets.cloud-access-key", "/etc/gcp/service-account.json", 4),
    ("keys.private-key", "/etc/gcp/service-account.json", 5),   # PEM in a JSON string
]

# /usr/bin/openssl of Debian 12: the six RSA test keys of `openssl speed`
ROOTFS = [("keys.private-key", "/usr/bin/openssl", 0)] * 6


def main():
    work = tempfile.mkdtemp(prefix="jcstar-scan-content-")
    try:
        m = os.path.join(work, "material")
        make_material(m)
        tree = os.path.join(work, "planted")
        planted_tree(tree, m)
        # the self-signed certificate follows its key in server.pem
        line = rd(m, "self.key").count("\n") + 1
        want = [(r, p, line if p == "/etc/lighttpd/server.pem" and r.startswith("certs") else n)
                for r, p, n in PLANTED]
        doc = scan(tree)
        expect(doc, want, "planted tree (directory)", FAMILIES)
        tar = os.path.join(work, "planted.tar")
        subprocess.run(["tar", "-C", tree, "-cf", tar, "."], check=True)
        expect(scan(tar), want, "planted tree (tar image)", FAMILIES)
        # 4. evidence
        ev = {(f["rule"], f["location"]["path"]): f["evidence"] for f in doc["findings"]
              if f["location"].get("line", 0) != 4}
        check(AWS_SECRET not in str(doc) and AWS_ID not in str(doc) and GOOGLE not in str(doc),
              "secrets masked in the result")
        check("Sup3r-S3cr3t!" not in str(doc) and 'ADMIN_PASSWORD="Su***' in
              ev[("secrets.password", "/www/cgi-bin/login.cgi")], "password masked in its line: %s" % ev)
        check(rd(m, "rsa.pem").split("\n")[1][:20] not in str(doc), "no key material in the result")
        check(ev[("keys.private-key", "/etc/ssl/private/server.key")] == "RSA 2048-bit, PEM, line 1",
              "key evidence: type, size, encoding, place: %s" % ev[("keys.private-key", "/etc/ssl/private/server.key")])
        check("offset 0x" in ev[("keys.private-key", "/etc/ssl/private/device.der")],
              "binary evidence gives the offset")
        check("ssh-ed25519" in ev[("keys.private-key", "/root/.ssh/id_ed25519")] and
              "aes256-ctr" in ev[("keys.encrypted-private-key", "/root/.ssh/id_rsa")],
              "OpenSSH key type and cipher")
        e = ev[("certs.weak-signature", "/etc/ssl/certs/sha1.pem")]
        check("sha1WithRSAEncryption" in e and "sha256=" in e and "notAfter=" in e and
              "issuer=/CN=Test Root CA" in e, "certificate evidence: %s" % e)
        doc = scan(tree, "--show-secrets")
        check(AWS_SECRET in str(doc) and GOOGLE in str(doc), "--show-secrets shows secrets")
        # 2. real rootfs images
        for arch in ("mipsel", "armhf"):
            doc = scan(rootfs_image(arch))
            expect(doc, ROOTFS, arch + " rootfs-xz.sqfs", FAMILIES)
            bits = sorted(f["title"] for f in doc["findings"] if f["rule"] == "keys.private-key")
            check(all("DER" in b for b in bits) and any("15360-bit" in b for b in bits),
                  "openssl speed keys: %s" % bits)
        # 3. control tree
        ctl = os.path.join(work, "control")
        common(ctl, m)
        sq = os.path.join(work, "control.sqfs")
        subprocess.run(["mksquashfs", ctl, sq, "-quiet", "-no-progress", "-noappend", "-all-root"],
                       check=True)
        doc = scan(sq)
        expect(doc, [], "control image", FAMILIES)
        check(not any("secrets and certificates" in l["what"] for l in doc["limitations"]),
              "keys, secrets and certificates are no longer 'not checked'")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return finish()


if __name__ == "__main__":
    sys.exit(main())

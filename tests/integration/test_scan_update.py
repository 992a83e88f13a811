#!/usr/bin/python3
"""`jcstar scan`, family 'update' (the software update path) and the
observations it records (positive evidence).

1. A tree with planted update flows and configurations, scanned as a
   directory and as a tar image: exactly these findings (rule, path,
   line) and observations (id, path, line). Near misses that must stay
   quiet: a wget of the time that flashes nothing, "echo mtd write", a
   commented-out mtd write, "command -v wget", a here-document, a
   download from localhost, apt over http:// with signed Release files,
   opkg/apk/RAUC configured to verify.
2. A hardened control tree (squashfs): no finding of the family, but the
   evidence of its verified update path.
3. FIT images built here with mkimage + dtc (as lib/make-images.sh does):
   a signed one gives the observation boot.fit-signed (directly and inside
   a tar, where the location is the file's path), an unsigned one nothing.
4. The real test rootfs images: no update script, no finding.
Usage: test_scan_update.py JCSTAR SOURCE_ROOT
"""
import os
import shutil
import subprocess
import sys
import tempfile

from scanlib import check, expect, finish, rootfs_image, scan, write

FAMILIES = {"update"}


def observations(doc, prefixes=("update.", "boot.")):
    return sorted((o["id"], o["location"].get("path", ""), o["location"].get("line", 0))
                  for o in doc["observations"] if o["id"].startswith(prefixes))


def expect_obs(doc, want, what):
    got = observations(doc)
    check(got == sorted(want), "%s: observations differ\n  got:  %s\n  want: %s" % (what, got, sorted(want)))


VERIFIED_OTA = """#!/bin/sh
# signed over-the-air update
BASE=https://updates.example.com/ap100
curl -fsSL -o /tmp/fw.bin "$BASE/fw.bin"
curl -fsSL -o /tmp/fw.sig "$BASE/fw.sig"
wget -q -O- http://127.0.0.1/cgi-bin/status >/dev/null
openssl dgst -sha256 -verify /etc/ota/pub.pem -signature /tmp/fw.sig /tmp/fw.bin || exit 1
mtd -r write /tmp/fw.bin firmware
"""


def common(root):
    """What both the planted and the control tree have: a signed flow and
    configurations that verify."""
    write(root, "/sbin/ota", VERIFIED_OTA, 0o755)
    write(root, "/etc/apk/repositories", "https://dl-cdn.alpinelinux.org/alpine/v3.19/main\n"
          "# http://dl-cdn.alpinelinux.org/alpine/v3.19/community\n")
    write(root, "/etc/apk/keys/alpine-devel.rsa.pub", "-----BEGIN PUBLIC KEY-----\n")
    write(root, "/etc/rauc/system.conf", "[system]\ncompatible=ap100\nbootloader=uboot\n\n"
          "[keyring]\npath=/etc/rauc/ca.cert.pem\n")
    write(root, "/etc/init.d/ntpdate", "#!/bin/sh\n# fetch the time, flash nothing\n"
          "wget -q -O /tmp/now http://time.example.com/now\n"
          "echo \"mtd write is done by the upgrade page\"\n# mtd write /tmp/fw.bin firmware\n", 0o755)
    write(root, "/etc/init.d/check", "#!/bin/sh\ncommand -v wget >/dev/null && echo ok\n"
          "[ -x /sbin/mtd ] && logger 'mtd present'\n", 0o755)
    write(root, "/usr/sbin/mkjob", "#!/bin/sh\ncat > /tmp/job.sh <<'EOF'\n"
          "wget http://fw.example.com/fw.bin -O /tmp/fw.bin\nmtd write /tmp/fw.bin firmware\nEOF\n", 0o755)
    write(root, "/etc/apt/sources.list", "deb http://deb.debian.org/debian bookworm main\n")


OPENWRT_UPGRADE = """#!/bin/sh
# OpenWrt-like upgrade from the vendor server
SERVER=http://fw.vendor.example/ap100
FW=/tmp/fw.bin
wget -q -O $FW "$SERVER/latest.bin"
wget -q -O /tmp/fw.md5 ${SERVER}/latest.md5
if [ "$(md5sum $FW | cut -d' ' -f1)" = "$(cat /tmp/fw.md5)" ]; then
	sysupgrade -n $FW
fi
"""

S99UPDATE = """#!/bin/sh
. /etc/fw.conf
curl -s -o /tmp/fw.img \\
	"$FW_URL"
dd if=/tmp/fw.img of=/dev/mtdblock3 bs=64k
"""

UPGRADE_CGI = """#!/bin/sh
echo "Content-type: text/plain"
echo
cd /tmp
tftp -g -r fw.bin 192.168.1.10
wget -O fw2.bin ftp://fw:s3cr3tpass@10.0.0.2/fw.bin
mtd write /tmp/fw.bin firmware
"""


def planted_tree(root):
    common(root)
    write(root, "/usr/sbin/fw-upgrade", OPENWRT_UPGRADE, 0o755)
    write(root, "/etc/fw.conf", "FW_URL=http://10.0.0.1/images/fw.img\n")
    write(root, "/etc/init.d/S99update", S99UPDATE, 0o755)
    write(root, "/www/cgi-bin/upgrade.cgi", UPGRADE_CGI, 0o755)
    write(root, "/etc/opkg.conf", "dest root /\nsrc/gz core http://downloads.example.org/core\n"
          "src/gz luci https://downloads.example.org/luci\n# option check_signature\n")
    write(root, "/etc/mender/mender.conf", '{\n  "ServerURL": "http://mender.example.com",\n'
          '  "SkipVerify": true,\n  "UpdatePollIntervalSeconds": 1800\n}\n')
    write(root, "/etc/init.d/swupdate", "#!/bin/sh\nstart() {\n"
          "\tswupdate -v -w \"-r /www\" -d \"-u https://hawkbit.example.com\" &\n}\n", 0o755)
    write(root, "/etc/apt/sources.list.d/vendor.list",
          "deb [trusted=yes] http://repo.example.com/debian stable main\n")


PLANTED = [
    ("update.cleartext-download", "/usr/sbin/fw-upgrade", 5),
    ("update.cleartext-download", "/usr/sbin/fw-upgrade", 6),
    ("update.checksum-only", "/usr/sbin/fw-upgrade", 8),
    ("update.cleartext-download", "/etc/init.d/S99update", 3),
    ("update.no-signature-check", "/etc/init.d/S99update", 5),
    ("update.cleartext-download", "/www/cgi-bin/upgrade.cgi", 5),
    ("update.cleartext-download", "/www/cgi-bin/upgrade.cgi", 6),
    ("update.no-signature-check", "/www/cgi-bin/upgrade.cgi", 7),
    ("update.opkg-cleartext-feed", "/etc/opkg.conf", 2),
    ("update.opkg-no-signature", "/etc/opkg.conf", 2),
    ("update.mender-cleartext-server", "/etc/mender/mender.conf", 2),
    ("update.mender-skip-verify", "/etc/mender/mender.conf", 3),
    ("update.mender-no-verify-key", "/etc/mender/mender.conf", 0),
    ("update.swupdate-no-key", "/etc/init.d/swupdate", 3),
    ("update.apt-unauthenticated", "/etc/apt/sources.list.d/vendor.list", 1),
]

COMMON_OBS = [
    ("update.signature-verified", "/sbin/ota", 7),
    ("update.signature-verified", "/etc/apk/repositories", 0),
    ("update.signature-verified", "/etc/rauc/system.conf", 6),
]


def control_tree(root):
    common(root)
    write(root, "/etc/opkg.conf", "dest root /\nsrc/gz core https://downloads.example.org/core\n"
          "option check_signature\n")
    write(root, "/etc/opkg/customfeeds.conf", "# src/gz custom http://example.org/custom\n")
    write(root, "/etc/mender/mender.conf", '{\n  "ServerURL": "https://hosted.mender.io",\n'
          '  "ArtifactVerifyKey": "/etc/mender/artifact-verify-key.pem"\n}\n')
    write(root, "/etc/init.d/swupdate", "#!/bin/sh\nswupdate -k /etc/swupdate.pem -w \"-r /www\" &\n", 0o755)


CONTROL_OBS = COMMON_OBS + [
    ("update.signature-verified", "/etc/opkg.conf", 3),
    ("update.signature-verified", "/etc/mender/mender.conf", 3),
    ("update.signature-verified", "/etc/init.d/swupdate", 2),
]

DTS = """/dts-v1/;
/ { model = "jcstar update test"; compatible = "jcstar,update-test"; };
"""


def fit_its(work, signed):
    sig = """
			signature-1 {
				algo = "sha256,rsa2048";
				key-name-hint = "dev";
				sign-images = "kernel", "fdt";
			};""" if signed else ""
    return """/dts-v1/;
/ {
	description = "jcstar update test FIT";
	#address-cells = <1>;
	images {
		kernel-1 {
			data = /incbin/("%(w)s/kernel.bin");
			type = "kernel"; arch = "arm"; os = "linux"; compression = "none";
			load = <0x80008000>; entry = <0x80008000>;
			hash-1 { algo = "sha256"; };
		};
		fdt-1 {
			data = /incbin/("%(w)s/board.dtb");
			type = "flat_dt"; arch = "arm"; compression = "none";
			hash-1 { algo = "sha256"; };
		};
	};
	configurations {
		default = "conf-1";
		conf-1 {
			kernel = "kernel-1";
			fdt = "fdt-1";%(sig)s
		};
	};
};
""" % {"w": work, "sig": sig}


def make_fits(work):
    """signed.itb and unsigned.itb, or None when mkimage/dtc are missing."""
    if not (shutil.which("mkimage") and shutil.which("dtc") and shutil.which("openssl")):
        return None
    keys = os.path.join(work, "keys")
    os.makedirs(keys)
    run = lambda *a: subprocess.run(list(a), check=True, capture_output=True)  # noqa: E731
    with open(os.path.join(work, "kernel.bin"), "wb") as f:
        f.write(os.urandom(4096))
    with open(os.path.join(work, "board.dts"), "w") as f:
        f.write(DTS)
    run("dtc", "-I", "dts", "-O", "dtb", "-o", os.path.join(work, "board.dtb"), os.path.join(work, "board.dts"))
    run("dtc", "-I", "dts", "-O", "dtb", "-p", "4096", "-o", os.path.join(work, "control.dtb"),
        os.path.join(work, "board.dts"))
    run("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
        "-out", os.path.join(keys, "dev.key"))
    run("openssl", "req", "-batch", "-new", "-x509", "-days", "3650", "-key", os.path.join(keys, "dev.key"),
        "-subj", "/CN=jcstar-update-test", "-out", os.path.join(keys, "dev.crt"))
    out = {}
    for name, signed in (("signed", True), ("unsigned", False)):
        its = os.path.join(work, name + ".its")
        with open(its, "w") as f:
            f.write(fit_its(work, signed))
        itb = os.path.join(work, name + ".itb")
        args = ["mkimage", "-f", its]
        if signed:
            args += ["-k", keys, "-K", os.path.join(work, "control.dtb"), "-r"]
        run(*(args + [itb]))
        out[name] = itb
    return out


def main():
    work = tempfile.mkdtemp(prefix="jcstar-scan-update-")
    try:
        # 1. planted tree: directory and tar image
        tree = os.path.join(work, "planted")
        planted_tree(tree)
        doc = scan(tree)
        expect(doc, PLANTED, "planted tree (directory)", FAMILIES)
        expect_obs(doc, COMMON_OBS, "planted tree (directory)")
        cgi = [f for f in doc["findings"] if f["location"].get("path") == "/www/cgi-bin/upgrade.cgi"
               and f["location"].get("line") == 6]
        check(cgi and "s3cr3tpass" not in cgi[0]["evidence"] and "s3***ss" in cgi[0]["evidence"]
              and "s3cr3tpass" not in cgi[0]["title"],
              "the password in an ftp:// URL is masked: %s" % cgi)
        check(any(f["rule"] == "update.checksum-only" and "checksum only" in f["evidence"]
                  and "md5sum" in f["evidence"] for f in doc["findings"]),
              "checksum-only names the checksum line in its evidence")
        dl = [f["title"] for f in doc["findings"] if f["location"].get("path") == "/etc/init.d/S99update"
              and f["rule"] == "update.cleartext-download"]
        check(dl and "http://10.0.0.1/images/fw.img" in dl[0],
              "a URL from a sourced file's variable is resolved: %s" % dl)
        shown = scan(tree, "--show-secrets")
        check(any("s3cr3tpass" in f["evidence"] for f in shown["findings"]
                  if f["rule"] == "update.cleartext-download"), "--show-secrets shows the URL's password")
        tar = os.path.join(work, "planted.tar")
        subprocess.run(["tar", "-C", tree, "-cf", tar, "."], check=True)
        doc = scan(tar)
        expect(doc, PLANTED, "planted tree (tar image)", FAMILIES)
        expect_obs(doc, COMMON_OBS, "planted tree (tar image)")

        # 2. hardened control image
        ctl = os.path.join(work, "control")
        control_tree(ctl)
        sq = os.path.join(work, "control.sqfs")
        subprocess.run(["mksquashfs", ctl, sq, "-quiet", "-no-progress", "-noappend", "-all-root"], check=True)
        doc = scan(sq)
        expect(doc, [], "control image", FAMILIES)
        expect_obs(doc, CONTROL_OBS, "control image")
        r = subprocess.run([sys.argv[1], "scan", sq], capture_output=True, text=True)
        check("\nEvidence found\n" in r.stdout and "  + Update signature verified before installing (at /sbin/ota:7)"
              in r.stdout, "the text report lists the evidence found:\n" + r.stdout[-1500:])

        # 3. FIT images
        os.makedirs(os.path.join(work, "fit"))
        fits = make_fits(os.path.join(work, "fit"))
        if fits is None:
            print("SKIP: FIT images (mkimage, dtc or openssl missing)")
        else:
            doc = scan(fits["signed"])
            obs = [o for o in doc["observations"] if o["id"] == "boot.fit-signed"]
            check(len(obs) == 1 and obs[0]["location"] == {"container": "signed.itb@0x0 fit"}
                  and "sha256,rsa2048" in obs[0]["evidence"],
                  "signed FIT: boot.fit-signed with the FIT's chain: %s" % obs)
            expect(doc, [], "signed FIT", FAMILIES | {"boot"})
            doc = scan(fits["unsigned"])
            expect_obs(doc, [], "unsigned FIT")
            expect(doc, [], "unsigned FIT (no finding by itself)", FAMILIES | {"boot"})
            boot = os.path.join(work, "bootfs")
            os.makedirs(os.path.join(boot, "boot"))
            shutil.copy(fits["signed"], os.path.join(boot, "boot", "fit.itb"))
            shutil.copy(fits["unsigned"], os.path.join(boot, "boot", "recovery.itb"))
            btar = os.path.join(work, "boot.tar")
            subprocess.run(["tar", "-C", boot, "-cf", btar, "."], check=True)
            doc = scan(btar)
            expect_obs(doc, [("boot.fit-signed", "/boot/fit.itb", 0)], "FITs inside a tar")

        # 4. real rootfs images
        for arch in ("mipsel", "armhf"):
            doc = scan(rootfs_image(arch))
            expect(doc, [], arch + " rootfs-xz.sqfs", FAMILIES)
            expect_obs(doc, [], arch + " rootfs-xz.sqfs")
        # the family is built: no longer in the "not checked" list
        check(not any("software update path" in l["what"] for l in doc["limitations"]),
              "the update family is no longer listed as not implemented")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return finish()


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""`jcstar scan`: planted problems are found exactly, a hardened control
image has no finding, the JSON result validates against its schema, and
--fail-on sets the exit code. Families here: accounts, console, services,
ssh, hygiene, elf (the other families have test_scan_<family>.py).

1. The test rootfs of lib/make-images.sh (real Debian mipsel/armhf
   packages) as an xz SquashFS: it carries a root password "admin" in
   MD5-crypt, shells on the console in inittab, telnetd -l /bin/sh in rcS,
   a setuid busybox and a world-writable config file.
2. A tree planted here with one of each remaining problem, scanned as a
   plain directory and again as an image (tar) through the unpacker.
3. The same tree hardened (nothing planted), packed with mksquashfs: no
   finding of any family.
Usage: test_scan.py JCSTAR SOURCE_ROOT
"""
import os
import shutil
import subprocess
import sys
import tempfile
import warnings

from scanlib import JCSTAR, check, expect, finish, rootfs_image, scan, write

warnings.filterwarnings("ignore", category=DeprecationWarning)
import crypt  # noqa: E402  (libcrypt through Python 3.11; deprecated later)

FAMILIES = {"accounts", "console", "services", "ssh", "hygiene", "elf"}


def base_tree(root):
    strong = crypt.crypt(os.urandom(12).hex(), crypt.mksalt(crypt.METHOD_SHA512))
    write(root, "/etc/passwd", "root:x:0:0:root:/root:/bin/sh\n"
          "daemon:*:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n")
    write(root, "/etc/shadow", "root:%s:19675:0:99999:7:::\ndaemon:*:19675:0:99999:7:::\n" % strong, 0o600)
    write(root, "/etc/inittab", "::sysinit:/etc/init.d/rcS\n"
          "ttyS0::respawn:/sbin/getty -L ttyS0 115200 vt100\n::shutdown:/bin/umount -a -r\n")
    write(root, "/etc/init.d/rcS", "#!/bin/sh\nmount -a\n# telnetd -l /bin/sh  (disabled)\n"
          "/usr/sbin/dropbear -s -g\n", 0o755)
    write(root, "/bin/app", "#!/bin/sh\necho app\n", 0o755)
    os.makedirs(os.path.join(root, "tmp"), exist_ok=True)
    os.chmod(os.path.join(root, "tmp"), 0o1777)


def planted_tree(root):
    base_tree(root)
    des = crypt.crypt("12345", "ab")          # DES-crypt, in the list
    write(root, "/etc/passwd", "root:x:0:0:root:/root:/bin/sh\n"
          "guest::1000:1000::/home/guest:/bin/sh\n"        # empty password
          "ftp::1001:1001::/srv:/usr/sbin/nologin\n"       # empty, but no shell
          "admin:%s:0:0::/root:/bin/sh\n" % des)           # DES in passwd itself
    write(root, "/etc/inetd.conf", "telnet stream tcp nowait root /usr/sbin/telnetd telnetd -p 2323\n")
    write(root, "/etc/config/system", "config system\n\toption ttylogin '0'\n")
    write(root, "/usr/libexec/login.sh", "#!/bin/sh\nexec /bin/login\n", 0o755)
    write(root, "/boot/cmdline.txt", "console=ttyS0,115200 root=/dev/mmcblk0p2 init=/bin/sh\n")
    write(root, "/etc/systemd/system/serial-getty@ttyS0.service.d/autologin.conf",
          "[Service]\nExecStart=\nExecStart=-/sbin/agetty --autologin root --noclear %I 115200\n")
    write(root, "/root/.ash_history", "cat /etc/shadow\n", 0o600)
    os.makedirs(os.path.join(root, "src/app/.git/objects"), exist_ok=True)
    write(root, "/src/app/.git/HEAD", "ref: refs/heads/main\n")
    write(root, "/usr/bin/wall", "#!/bin/sh\n", 0o2755)
    write(root, "/etc/ssh/sshd_config", "# planted\nPort 22\nPermitRootLogin yes\n"
          "PermitEmptyPasswords yes\nPasswordAuthentication no\n")
    write(root, "/etc/config/dropbear", "config dropbear\n\toption PasswordAuth 'on'\n\toption Port '22'\n")
    write(root, "/etc/rc.local", "/usr/sbin/dropbear -B -g -p 2222 &\nexit 0\n", 0o755)
    os.makedirs(os.path.join(root, "var/shared"), exist_ok=True)
    os.chmod(os.path.join(root, "var/shared"), 0o777)


PLANTED = [
    ("accounts.empty-password", "/etc/passwd", 2),
    ("accounts.weak-hash", "/etc/passwd", 4),
    ("accounts.password-cracked", "/etc/passwd", 4),
    ("services.telnetd", "/etc/inetd.conf", 1),
    ("console.shell-no-login", "/etc/config/system", 2),
    ("console.shell-no-login", "/etc/systemd/system/serial-getty@ttyS0.service.d/autologin.conf", 3),
    ("console.init-shell", "/boot/cmdline.txt", 1),
    ("hygiene.shell-history", "/root/.ash_history", 0),
    ("hygiene.vcs-directory", "/src/app/.git", 0),
    ("hygiene.setuid", "/usr/bin/wall", 0),
    ("hygiene.world-writable", "/var/shared", 0),
    ("ssh.sshd-root-password", "/etc/ssh/sshd_config", 3),
    ("ssh.sshd-empty-password", "/etc/ssh/sshd_config", 4),
    ("ssh.dropbear-root-password", "/etc/config/dropbear", 1),
    ("ssh.dropbear-blank-password", "/etc/rc.local", 1),
    ("ssh.password-auth", "/etc/rc.local", 1),
]

ROOTFS = [
    ("accounts.password-cracked", "/etc/shadow", 1),
    ("accounts.weak-hash", "/etc/shadow", 1),
    ("console.shell-no-login", "/etc/inittab", 2),
    ("console.shell-no-login", "/etc/inittab", 3),
    ("services.telnetd-no-login", "/etc/init.d/rcS", 8),
    ("hygiene.setuid", "/bin/busybox", 0),
    ("hygiene.world-writable", "/etc/config/wireless", 0),
    ("ssh.dropbear-root-password", "/etc/inittab", 4),
    ("ssh.dropbear-root-password", "/etc/init.d/rcS", 9),
]


def elf_rootfs(arch):
    """The ELF check on the test rootfs (Debian 12 binaries): busybox is a
    static non-PIE; libc's helpers and OpenSSL import strcpy/sprintf/strcat;
    11 files lack a stack canary and ~20 FORTIFY (each one elf.summary, with
    no location); on mipsel 40 files also lack NX (no PT_GNU_STACK or an
    executable one: a third elf.summary)."""
    lib = {"mipsel": "mipsel-linux-gnu", "armhf": "arm-linux-gnueabihf"}[arch]
    want = [("elf.no-pie", "/bin/busybox", 0),
            ("elf.dangerous-import", "/usr/bin/openssl", 0),
            ("elf.summary", "", 0), ("elf.summary", "", 0)]
    for f in ("libc_malloc_debug.so.0", "libnsl.so.1", "libnss_compat.so.2",
              "libnss_hesiod.so.2", "libresolv.so.2"):
        want.append(("elf.dangerous-import", "/lib/%s/%s" % (lib, f), 0))
    for f in ("libcrypto.so.3", "libssl.so.3"):
        want.append(("elf.dangerous-import", "/usr/lib/%s/%s" % (lib, f), 0))
    if arch == "mipsel":
        want.append(("elf.summary", "", 0))
    return want


def main():
    work = tempfile.mkdtemp(prefix="jcstar-scan-")
    try:
        # 1. real rootfs images
        for arch in ("mipsel", "armhf"):
            img = rootfs_image(arch)
            doc = scan(img)
            expect(doc, ROOTFS + elf_rootfs(arch), arch + " rootfs-xz.sqfs", FAMILIES)
            sums = sorted(f["title"] for f in doc["findings"] if f["rule"] == "elf.summary")
            check(any(t == "11 of the image's ELF files lack a stack canary" for t in sums) and
                  all(len(f["evidence"].split("\n")) == 11 for f in doc["findings"]
                      if f["rule"] == "elf.summary"),
                  "ELF summaries: count in the title, ten paths and the rest in evidence: %s" % sums)
            pw = [f for f in doc["findings"] if f["rule"] == "accounts.password-cracked"]
            check(pw and "admin" not in pw[0]["evidence"], "cracked password masked: %s" % pw)
            doc = scan(img, "--show-secrets")
            pw = [f for f in doc["findings"] if f["rule"] == "accounts.password-cracked"]
            check(pw and "root:admin" in pw[0]["evidence"], "--show-secrets shows it: %s" % pw)
            check(doc["input"]["size"] == os.path.getsize(img), "result names the input")
            scan(img, "--fail-on", "critical", want_rc=1)
        # 2. planted tree: as a directory, and as an image through the unpacker
        tree = os.path.join(work, "planted")
        planted_tree(tree)
        expect(scan(tree), PLANTED, "planted tree (directory)", FAMILIES)
        tar = os.path.join(work, "planted.tar")
        subprocess.run(["tar", "-C", tree, "-cf", tar, "."], check=True)
        expect(scan(tar), PLANTED, "planted tree (tar image)", FAMILIES)
        # 3. hardened control image: no finding at all
        ctl = os.path.join(work, "control")
        base_tree(ctl)
        sq = os.path.join(work, "control.sqfs")
        subprocess.run(["mksquashfs", ctl, sq, "-quiet", "-no-progress", "-noappend", "-all-root"], check=True)
        doc = scan(sq, "--fail-on", "info")
        expect(doc, [], "control image")
        check(any("not implemented yet" in l["why"] for l in doc["limitations"]),
              "a clean report still says what was not checked")
        # usage
        r = subprocess.run([JCSTAR, "scan", "--fail-on", "severe", sq], capture_output=True)
        check(r.returncode == 2, "bad --fail-on is a usage error")
        r = subprocess.run([JCSTAR, "scan", "--rules"], capture_output=True, text=True)
        check(r.returncode == 0 and "accounts.password-cracked" in r.stdout and "weak-password" in r.stdout,
              "--rules lists rules with categories")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return finish()


if __name__ == "__main__":
    sys.exit(main())

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
import base64
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import warnings

from scanlib import JCSTAR, SRC, check, expect, finish, rootfs_image, scan, write

warnings.filterwarnings("ignore", category=DeprecationWarning)
import crypt  # noqa: E402  (libcrypt through Python 3.11; deprecated later)

FAMILIES = {"accounts", "console", "services", "ssh", "hygiene", "elf"}


def strong_hash():
    return crypt.crypt(os.urandom(12).hex(), crypt.mksalt(crypt.METHOD_SHA512))


def link(root, path, target):
    p = os.path.join(root, path.lstrip("/"))
    os.makedirs(os.path.dirname(p), exist_ok=True)
    os.symlink(target, p)


def base_tree(root):
    """A hardened image: every account locked (root too: any usable password
    shipped in an image is the same on every unit, a universal default
    credential; a hardened product has the user set one at first setup),
    and near misses of every service source that must stay quiet."""
    write(root, "/etc/passwd", "root:x:0:0:root:/root:/bin/sh\n"
          "daemon:*:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
          "backup:x:34:34:backup:/var/backups:/bin/sh\n"      # locked, with a shell
          "www:x:33:33:www:/www:/usr/sbin/nologin\n"          # usable password, no shell
          "toor:x:0:0::/root:/bin/sh\n")                      # second uid 0, locked
    write(root, "/etc/shadow", "root:!:19675:0:99999:7:::\ndaemon:*:19675:0:99999:7:::\n"
          "backup:*:19675:0:99999:7:::\nwww:%s:19675:0:99999:7:::\ntoor:!%s:19675::::::\n"
          % (strong_hash(), strong_hash()), 0o600)
    write(root, "/etc/inittab", "::sysinit:/etc/init.d/rcS\n"
          "ttyS0::respawn:/sbin/getty -L ttyS0 115200 vt100\n::shutdown:/bin/umount -a -r\n"
          "::shutdown:/usr/sbin/telnetd -l /bin/sh\n")        # not a start at boot
    write(root, "/etc/init.d/rcS", "#!/bin/sh\nmount -a\n# telnetd -l /bin/sh  (disabled)\n"
          "/usr/sbin/dropbear -s -g\n"
          "if false; then\n\ttelnetd -l /bin/sh\nfi\n"
          "killall telnetd; pidof adbd && echo 'adbd running'\n"
          "start-stop-daemon -K -x /usr/sbin/vsftpd\n"
          "case \"$1\" in\ngdbserver) echo debug ;;\nesac\n", 0o755)
    # OpenWrt procd script that is installed but not enabled (no /etc/rc.d/S??telnet)
    write(root, "/etc/init.d/telnet", "#!/bin/sh /etc/rc.common\nSTART=50\nUSE_PROCD=1\n"
          "start_service() {\n\tprocd_open_instance\n"
          "\tprocd_set_param command /usr/sbin/telnetd -F -l /bin/login\n"
          "\tprocd_close_instance\n}\n", 0o755)
    # ... and one starting dropbear with empty passwords, not enabled either:
    # the ssh check asks whether a script runs too
    write(root, "/etc/init.d/dropbear-debug", "#!/bin/sh /etc/rc.common\nSTART=60\n"
          "start() {\n\t/usr/sbin/dropbear -B -p 2222\n}\n", 0o755)
    link(root, "/etc/rc.d/S10boot", "../init.d/boot")
    write(root, "/etc/init.d/boot", "#!/bin/sh /etc/rc.common\nSTART=10\nboot() {\n\tmount -a\n}\n", 0o755)
    # xinetd: off in its file, and off by the defaults of xinetd.conf
    write(root, "/etc/xinetd.conf", "defaults\n{\n\tdisabled = tftp\n}\nincludedir /etc/xinetd.d\n")
    write(root, "/etc/xinetd.d/telnet", "service telnet\n{\n\tserver = /usr/sbin/in.telnetd\n"
          "\tdisable = yes\n}\n")
    write(root, "/etc/xinetd.d/tftp", "service tftp\n{\n\tserver = /usr/sbin/in.tftpd\n"
          "\tserver_args = -s /srv\n}\n")
    # systemd: telnet.socket enabled but masked; adbd installed, not enabled
    write(root, "/lib/systemd/system/telnet.socket", "[Socket]\nListenStream=23\nAccept=yes\n"
          "[Install]\nWantedBy=sockets.target\n")
    write(root, "/lib/systemd/system/telnet@.service", "[Service]\nExecStart=-/usr/sbin/in.telnetd\n")
    write(root, "/lib/systemd/system/adbd.service", "[Unit]\nDescription=adb\n"
          "[Service]\nExecStart=/usr/bin/adbd\n")
    link(root, "/etc/systemd/system/sockets.target.wants/telnet.socket", "/lib/systemd/system/telnet.socket")
    link(root, "/etc/systemd/system/telnet.socket", "/dev/null")
    os.makedirs(os.path.join(root, "dev"), exist_ok=True)
    # crontab: the daemon line is commented out
    write(root, "/etc/crontabs/root", "# @reboot /usr/sbin/telnetd -p 2323\n0 3 * * * /bin/app\n", 0o600)
    write(root, "/bin/app", "#!/bin/sh\necho app\n", 0o755)
    os.makedirs(os.path.join(root, "tmp"), exist_ok=True)
    os.chmod(os.path.join(root, "tmp"), 0o1777)


def web_passwords(root):
    """Web servers' own accounts: htpasswd ($apr1$, {SHA}, SHA-512, locked),
    a lighttpd plain user file named by the configuration (a commented
    reference is not followed), BusyBox httpd.conf."""
    apr1 = subprocess.run(["openssl", "passwd", "-apr1", "-salt", "abcdefgh", "admin"],
                          capture_output=True, text=True, check=True).stdout.strip()
    sha = "{SHA}" + base64.b64encode(hashlib.sha1(b"password").digest()).decode()
    write(root, "/www/admin/.htpasswd", "admin:%s\nops:%s\nstrong:%s\nlocked:*\n" % (apr1, sha, strong_hash()))
    write(root, "/etc/lighttpd/lighttpd.conf", 'server.modules += ( "mod_auth" )\n'
          'auth.backend = "plain"\nauth.backend.plain.userfile = "/etc/lighttpd/users"\n'
          '# auth.backend.htdigest.userfile = "/etc/lighttpd/digest.user"\n')
    write(root, "/etc/lighttpd/users", "admin:admin\nsupport:%s\n" % os.urandom(8).hex(), 0o600)
    write(root, "/etc/lighttpd/digest.user", "admin:realm:%s\n" % hashlib.md5(b"admin:realm:admin").hexdigest())
    write(root, "/etc/httpd.conf", "A:*\n/cgi-bin:admin:admin\n/adm:root:$p$root\n")


def planted_tree(root):
    base_tree(root)
    des = crypt.crypt("12345", "ab")          # DES-crypt, in the list
    write(root, "/etc/passwd", "root:x:0:0:root:/root:/bin/sh\n"
          "guest::1000:1000::/home/guest:/bin/sh\n"        # empty password
          "ftp::1001:1001::/srv:/usr/sbin/nologin\n"       # empty, but no shell
          "admin:%s:0:0::/root:/bin/sh\n"                  # DES in passwd itself, second uid 0
          "svc:x:100:100::/var:/bin/sh\n"                  # system account, shell, password
          "op:x:1002:1002::/home/op:/bin/sh\n"             # a strong password, still built in
          "backup:x:34:34:backup:/var/backups:/bin/sh\n" % des)
    write(root, "/etc/shadow", "root:!:19675:0:99999:7:::\nsvc:%s:19675::::::\nop:%s:19675::::::\n"
          "backup:*:19675::::::\n" % (strong_hash(), strong_hash()), 0o600)
    write(root, "/etc/inetd.conf", "telnet stream tcp nowait root /usr/sbin/telnetd telnetd -p 2323\n"
          "ftp stream tcp nowait root /usr/sbin/tcpd in.ftpd -l\n"
          "#tftp dgram udp wait root /usr/sbin/tftpd tftpd /srv\n")
    write(root, "/etc/xinetd.d/rlogin", "service login\n{\n\tserver = /usr/sbin/in.rlogind\n\tdisable = no\n}\n")
    link(root, "/etc/systemd/system/multi-user.target.wants/adbd.service", "/lib/systemd/system/adbd.service")
    write(root, "/etc/init.d/gdbserver", "#!/bin/sh /etc/rc.common\nSTART=99\nUSE_PROCD=1\n"
          "start_service() {\n\tprocd_open_instance\n"
          "\tprocd_set_param command /usr/bin/gdbserver --multi :2345\n\tprocd_close_instance\n}\n", 0o755)
    link(root, "/etc/rc.d/S99gdbserver", "../init.d/gdbserver")
    write(root, "/etc/crontabs/root", "# @reboot /usr/sbin/telnetd -p 2323\n"
          "*/5 * * * * pidof utelnetd || /usr/sbin/utelnetd -p 2424 -d\n", 0o600)
    write(root, "/etc/cron.d/debug", "SHELL=/bin/sh\n@reboot root /usr/bin/UDPserver\n")
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
    write(root, "/etc/rc.local", "/usr/sbin/dropbear -B -g -p 2222 &\n"
          "tcpsvd -vE 0.0.0.0 21 ftpd -w /srv &\nexit 0\n", 0o755)
    os.makedirs(os.path.join(root, "var/shared"), exist_ok=True)
    os.chmod(os.path.join(root, "var/shared"), 0o777)
    web_passwords(root)


def sysv_tree(root):
    """A SysV layout (rc?.d links): only linked init.d scripts run."""
    base_tree(root)
    write(root, "/etc/init.d/tftpd-hpa", "#!/bin/sh\nDAEMON=/usr/sbin/in.tftpd\nOPTS='--address 0.0.0.0:6969 -s /srv'\n"
          "case \"$1\" in\nstart)\n\tstart-stop-daemon --start --exec $DAEMON -- $OPTS\n\t;;\n"
          "stop)\n\tstart-stop-daemon --stop --exec $DAEMON\n\t;;\nesac\n", 0o755)
    write(root, "/etc/init.d/vsftpd", "#!/bin/sh\n/usr/sbin/vsftpd &\n", 0o755)   # not linked
    link(root, "/etc/rc2.d/S20tftpd-hpa", "../init.d/tftpd-hpa")
    link(root, "/etc/rc0.d/S90halt", "../init.d/halt")


PLANTED = [
    ("accounts.empty-password", "/etc/passwd", 2),
    ("accounts.weak-hash", "/etc/passwd", 4),
    ("accounts.password-cracked", "/etc/passwd", 4),
    ("accounts.extra-uid0", "/etc/passwd", 4),
    ("accounts.service-login", "/etc/shadow", 2),
    ("accounts.shipped-password", "/etc/shadow", 3),
    ("accounts.weak-hash", "/www/admin/.htpasswd", 1),
    ("accounts.password-cracked", "/www/admin/.htpasswd", 1),
    ("accounts.weak-hash", "/www/admin/.htpasswd", 2),
    ("accounts.password-cracked", "/www/admin/.htpasswd", 2),
    ("accounts.shipped-password", "/www/admin/.htpasswd", 3),
    ("accounts.plaintext-password", "/etc/lighttpd/users", 1),
    ("accounts.password-cracked", "/etc/lighttpd/users", 1),
    ("accounts.plaintext-password", "/etc/lighttpd/users", 2),
    ("accounts.shipped-password", "/etc/lighttpd/users", 2),
    ("accounts.plaintext-password", "/etc/httpd.conf", 2),
    ("accounts.password-cracked", "/etc/httpd.conf", 2),
    ("services.telnetd", "/etc/inetd.conf", 1),
    ("services.ftp-server", "/etc/inetd.conf", 2),
    ("services.rlogind", "/etc/xinetd.d/rlogin", 1),
    ("services.adbd", "/lib/systemd/system/adbd.service", 4),
    ("services.debugger", "/etc/init.d/gdbserver", 6),
    ("services.telnetd", "/etc/crontabs/root", 2),
    ("services.vendor-debug", "/etc/cron.d/debug", 2),
    ("services.ftp-server", "/etc/rc.local", 2),
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

# the port each service finding must name (in its title)
PLANTED_PORTS = {
    ("services.telnetd", "/etc/inetd.conf"): "port 23",      # inetd's, not telnetd -p
    ("services.ftp-server", "/etc/inetd.conf"): "port 21",
    ("services.rlogind", "/etc/xinetd.d/rlogin"): "port 513",
    ("services.debugger", "/etc/init.d/gdbserver"): "port 2345",
    ("services.telnetd", "/etc/crontabs/root"): "port 2424",
    ("services.ftp-server", "/etc/rc.local"): "port 21",
}

SYSV = [("services.tftp-server", "/etc/init.d/tftpd-hpa", 6)]

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
            # every finding names the requirements it bears on (the catalog
            # maps every firmware category); a cracked default password is
            # JC-STAR S1.1-02 and EN 303 645 5.1-1
            check(all(f["requirements"] for f in doc["findings"]),
                  "findings without requirements: %s" %
                  [f["rule"] for f in doc["findings"] if not f["requirements"]])
            check(pw and {"S1.1-02", "5.1-1"} <= set(pw[0]["requirements"]),
                  "cracked password bears on S1.1-02 and 5.1-1: %s" % (pw and pw[0]["requirements"]))
            check(not [l for l in doc["limitations"] if "requirement" in l["what"]],
                  "the catalog loads: %s" % doc["limitations"])
            cat = re.search(r'^catalog_version: "([^"]+)"', open(os.path.join(
                SRC, "data/catalog/jcstar-star1.yaml")).read(), re.M).group(1)
            check(doc.get("catalog") == {"version": cat},
                  "the result names the catalog version %s: %s" % (cat, doc.get("catalog")))
            doc = scan(img, "--show-secrets")
            pw = [f for f in doc["findings"] if f["rule"] == "accounts.password-cracked"]
            check(pw and "root:admin" in pw[0]["evidence"], "--show-secrets shows it: %s" % pw)
            check(doc["input"]["size"] == os.path.getsize(img), "result names the input")
            scan(img, "--fail-on", "critical", want_rc=1)
            # --passwords: the user's own list replaces the built-in one
            # everywhere (shadow cracking and the Wi-Fi key's weakness)
            own = os.path.join(work, "own-passwords.txt")
            with open(own, "w") as f:
                f.write("# a vendor's list without 'admin' or 'password123'\nhunter2\n")
            doc = scan(img, "--passwords", own)
            rules = {f["rule"] for f in doc["findings"]}
            check("accounts.password-cracked" not in rules and "network.wifi-weak-psk" not in rules and
                  "accounts.shipped-password" in rules,
                  "--passwords replaces the list: %s" % sorted(rules))
        # 2. planted tree: as a directory, and as an image through the unpacker
        tree = os.path.join(work, "planted")
        planted_tree(tree)
        expect(scan(tree), PLANTED, "planted tree (directory)", FAMILIES)
        tar = os.path.join(work, "planted.tar")
        subprocess.run(["tar", "-C", tree, "-cf", tar, "."], check=True)
        doc = scan(tar)
        expect(doc, PLANTED, "planted tree (tar image)", FAMILIES)
        titles = {(f["rule"], f["location"].get("path")): f["title"] for f in doc["findings"]}
        for k, port in PLANTED_PORTS.items():
            check(port in titles.get(k, ""), "%s: title names %s: %s" % (k, port, titles.get(k)))
        web = [f["evidence"] for f in doc["findings"] if f["location"].get("path") == "/etc/lighttpd/users"]
        check(web and not any("admin:admin" in e for e in web), "clear-text web password masked: %s" % web)
        sysv = os.path.join(work, "sysv")
        sysv_tree(sysv)
        doc = scan(sysv)
        expect(doc, SYSV, "SysV tree (only linked init.d scripts)", {"services"})
        t = [f["title"] for f in doc["findings"] if f["rule"] == "services.tftp-server"]
        check(t and "in.tftpd" in t[0] and "port 6969" in t[0], "daemon through $DAEMON, port through $OPTS: %s" % t)
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

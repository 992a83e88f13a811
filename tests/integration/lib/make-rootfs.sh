#!/usr/bin/env bash
# make-rootfs.sh ARCH ROOT
#
# Builds a small but real embedded Linux root filesystem in ROOT for ARCH
# (mipsel, armhf, arm64; any Debian architecture should work) out of real
# Debian binaries: busybox-static, dropbear-bin, libc6, libssl3, openssl and
# (unless JCSTAR_ROOTFS_LIGHTTPD=0) lighttpd, plus the shared libraries they
# need.  It then adds the files a typical router/IoT firmware carries
# (passwd/shadow with a known md5-crypt hash, inittab, rcS starting telnetd,
# UCI-style /etc/config, a web root) and the file-system features an unpacker
# must reproduce: relative and absolute symlinks (also dangling ones), an empty
# directory, a setuid binary, a world-writable file, a sticky dir, a hard link
# and a FIFO.
#
# Device nodes are deliberately NOT created here: the staging tree stays free
# of mknod so it can be read by any packer; make-images.sh adds device nodes
# through the packers' pseudo-file / device-table mechanisms instead (see
# ROOT.devices written next to ROOT, format: "path type mode uid gid major
# minor").
#
# Why: `jcstar unpack` integration tests and benchmarks need firmware made of
# real architecture-specific ELF files (not synthetic blobs), yet reproducible
# byte-for-byte; so every mtime is set to SOURCE_DATE_EPOCH (default
# 1700000000 - not 0, because zip/7z/DOS timestamps cannot express 1970) and
# owners are normalised.  The whole tree stays well under 40 MB (~15 MB):
# glibc's gconv modules, docs, man pages and locales are pruned, as a firmware
# build would.
#
# Also written: ROOT.manifest next to ROOT (not inside): every entry as
# "type mode uid:gid path [-> target]" for tests that check metadata.
set -euo pipefail
# the packers (mkfs.*, ubinize, debugfs) live in sbin, which a normal
# user's PATH on Debian does not include
export PATH="$PATH:/usr/sbin:/sbin"
# Root filesystems need root-owned files, device nodes in packer tables and
# setuid bits: a normal user builds them under fakeroot (Debian package).
if [ "$(id -u)" -ne 0 ]; then
	command -v fakeroot >/dev/null || { echo "$0: run as root or install fakeroot" >&2; exit 1; }
	exec fakeroot -- bash "$0" "$@"
fi

usage() { echo "usage: $0 ARCH ROOT" >&2; exit 2; }
[ "$#" -eq 2 ] || usage
ARCH=$1
ROOT=$2
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
EPOCH=${SOURCE_DATE_EPOCH:-1700000000}
umask 022

if [ -e "$ROOT" ] && [ -n "$(ls -A "$ROOT" 2>/dev/null)" ]; then
    echo "make-rootfs: $ROOT exists and is not empty; refusing to overwrite" >&2
    exit 1
fi
mkdir -p "$ROOT"
ROOT=$(cd "$ROOT" && pwd)

pkgs=(busybox-static dropbear-bin libc6 libcrypt1 libtomcrypt1 libtommath1
      zlib1g libssl3 libatomic1 openssl)
if [ "${JCSTAR_ROOTFS_LIGHTTPD:-1}" != 0 ]; then
    pkgs+=(lighttpd libpcre2-8-0 libxxhash0 libnettle8)
fi
"$HERE/fetch-debs.sh" "$ARCH" "$ROOT" "${pkgs[@]}"

# --- prune what a firmware build would not ship ----------------------------
rm -rf "$ROOT"/usr/share/doc "$ROOT"/usr/share/man "$ROOT"/usr/share/info \
       "$ROOT"/usr/share/locale "$ROOT"/usr/share/lintian "$ROOT"/usr/share/bug \
       "$ROOT"/usr/lib/*/gconv "$ROOT"/lib/*/gconv "$ROOT"/usr/share/bash-completion \
       "$ROOT"/lib/systemd "$ROOT"/usr/lib/systemd "$ROOT"/etc/init.d \
       "$ROOT"/etc/logrotate.d "$ROOT"/etc/cron.daily "$ROOT"/usr/share/doc-base \
       "$ROOT"/usr/share/lighttpd "$ROOT"/usr/share/perl5
find "$ROOT" -depth -type d -empty -delete

# --- skeleton ----------------------------------------------------------------
for d in bin sbin usr/bin usr/sbin etc/init.d etc/config dev proc sys mnt \
         root tmp var/log var/lib www/cgi-bin overlay; do
    mkdir -p "$ROOT/$d"
done
chmod 1777 "$ROOT/tmp"
chmod 0700 "$ROOT/root"

# --- symlink farm ------------------------------------------------------------
bb=$ROOT/bin/busybox
[ -x "$bb" ] || { echo "make-rootfs: $bb missing" >&2; exit 1; }
for a in sh ash ls cat cp mv rm mkdir mount umount ps kill ln vi echo grep sed; do
    ln -sfn busybox "$ROOT/bin/$a"                       # relative, same dir
done
for a in ifconfig route reboot poweroff halt syslogd klogd udhcpc; do
    ln -sfn ../bin/busybox "$ROOT/sbin/$a"               # relative, up one
done
for a in wget tftp telnet free top uptime; do
    ln -sfn ../../bin/busybox "$ROOT/usr/bin/$a"         # relative, up two
done
ln -sfn ../../bin/busybox "$ROOT/usr/sbin/telnetd"
ln -sfn ../../bin/busybox "$ROOT/usr/sbin/httpd"
ln -sfn /bin/busybox "$ROOT/sbin/init"                 # absolute
ln -sfn /tmp "$ROOT/var/run"                           # absolute, to a dir
ln -sfn /proc/mounts "$ROOT/etc/mtab"                  # absolute, dangling on host
ln -sfn /tmp/resolv.conf.auto "$ROOT/etc/resolv.conf"  # absolute, dangling
ln -sfn dropbearkey "$ROOT/usr/bin/dropbearkey-link"   # relative, to a real file

# --- hard link, setuid, world-writable, FIFO ------------------------------------
ln -f "$ROOT/usr/sbin/dropbear" "$ROOT/usr/sbin/sshd"   # hard link (2 names, 1 inode)
mkfifo -m 0600 "$ROOT/etc/initctl"                     # FIFO

# --- firmware configuration files ------------------------------------------------
hash=$(openssl passwd -1 -salt abcdefgh admin)
cat >"$ROOT/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
daemon:*:1:1:daemon:/var:/bin/false
www-data:*:33:33:www-data:/www:/bin/false
nobody:*:65534:65534:nobody:/var:/bin/false
EOF
cat >"$ROOT/etc/shadow" <<EOF
root:$hash:19675:0:99999:7:::
daemon:*:19675:0:99999:7:::
www-data:*:19675:0:99999:7:::
nobody:*:19675:0:99999:7:::
EOF
chmod 0600 "$ROOT/etc/shadow"
cat >"$ROOT/etc/group" <<'EOF'
root:x:0:
daemon:x:1:
www-data:x:33:
nogroup:x:65534:
EOF
cat >"$ROOT/etc/inittab" <<'EOF'
::sysinit:/etc/init.d/rcS
::respawn:/bin/sh
ttyS0::respawn:/bin/sh -l
::respawn:/usr/sbin/dropbear -F -R
::ctrlaltdel:/sbin/reboot
::shutdown:/bin/umount -a -r
EOF
cat >"$ROOT/etc/init.d/rcS" <<'EOF'
#!/bin/sh
# jcstar test firmware init script
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t tmpfs tmpfs /tmp
hostname -F /etc/hostname
syslogd -C16
telnetd -l /bin/sh
/usr/sbin/dropbear -R
[ -x /usr/sbin/lighttpd ] && /usr/sbin/lighttpd -f /etc/lighttpd/lighttpd.conf
EOF
chmod 0755 "$ROOT/etc/init.d/rcS"
echo "jcstar-test" >"$ROOT/etc/hostname"
printf 'jcstar test firmware %s\nbuilt from Debian packages\n' "$ARCH" >"$ROOT/etc/banner"
cat >"$ROOT/etc/config/network" <<'EOF'
config interface 'loopback'
	option ifname 'lo'
	option proto 'static'
	option ipaddr '127.0.0.1'
	option netmask '255.0.0.0'

config interface 'lan'
	option ifname 'eth0'
	option proto 'static'
	option ipaddr '192.168.1.1'
	option netmask '255.255.255.0'
EOF
cat >"$ROOT/etc/config/system" <<'EOF'
config system
	option hostname 'jcstar-test'
	option timezone 'UTC'
EOF
cat >"$ROOT/etc/config/wireless" <<'EOF'
config wifi-iface 'default_radio0'
	option ssid 'jcstar'
	option encryption 'psk2'
	option key 'password123'
EOF
chmod 0666 "$ROOT/etc/config/wireless"                  # world-writable file
cat >"$ROOT/www/index.html" <<'EOF'
<html><head><title>jcstar test router</title></head>
<body><form action="/cgi-bin/login.cgi" method="post">
<input name="user"><input name="pass" type="password"></form></body></html>
EOF
cat >"$ROOT/www/cgi-bin/login.cgi" <<'EOF'
#!/bin/sh
echo "Content-Type: text/plain"
echo
echo "login disabled"
EOF
chmod 0755 "$ROOT/www/cgi-bin/login.cgi"
: >"$ROOT/var/log/empty.log"                           # empty regular file
if [ -d "$ROOT/etc/lighttpd" ]; then
    # keep the shipped config but serve the firmware's web root
    sed -i 's|^server.document-root.*|server.document-root = "/www"|' \
        "$ROOT/etc/lighttpd/lighttpd.conf" 2>/dev/null || true
fi

# Device nodes to be added by packers (never mknod'ed here).
cat >"$ROOT.devices" <<'EOF'
/dev/console c 600 0 0 5 1
/dev/null c 666 0 0 1 3
/dev/zero c 666 0 0 1 5
/dev/ttyS0 c 660 0 0 4 64
/dev/mtdblock0 b 640 0 0 31 0
EOF

# --- normalise owners and times (determinism) -------------------------------------
chown -hR 0:0 "$ROOT"
chown -h 33:33 "$ROOT/www/index.html" "$ROOT/www/cgi-bin/login.cgi"
chmod 4755 "$bb"    # setuid root (after chown, which clears set-id bits)
find "$ROOT" -exec touch -h -d "@$EPOCH" {} +

# --- manifest ----------------------------------------------------------------------
(cd "$ROOT" && find . -mindepth 1 -printf '%y %#m %U:%G /%P\t%l\n' | LC_ALL=C sort -k4) |
    sed -e 's|\t$||' -e 's|\t| -> |' >"$ROOT.manifest"

size=$(du -sk "$ROOT" | cut -f1)
nfiles=$(find "$ROOT" -type f | wc -l)
echo "make-rootfs[$ARCH]: $ROOT ready: ${size} KiB, $nfiles regular files"
if [ "$size" -gt 40960 ]; then
    echo "make-rootfs[$ARCH]: WARNING rootfs larger than 40 MiB" >&2
fi

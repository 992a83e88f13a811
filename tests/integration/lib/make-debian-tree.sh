#!/usr/bin/env bash
# make-debian-tree.sh ARCH DIR
#
# Extracts a realistic embedded-style Debian 12 root file system of ARCH
# (about 130 packages: minbase essentials, systemd, OpenSSL and
# ca-certificates, curl, Python and Perl interpreters, iproute2/iptables,
# wpasupplicant, hostapd, dnsmasq, OpenSSH and Dropbear, lighttpd,
# mosquitto, tcpdump; ~150 MB) into DIR, for two uses:
#
#   * the false-positive test of the content check (test_scan_content_debian.py):
#     a clean distribution tree must not look like it leaks secrets;
#   * the scan benchmark: `make-debian-tree.sh armhf ~/.cache/jcstar-tests/debian-armhf`.
#
# Packages are downloaded by fetch-debs.sh (Debian's mirror only, a private
# apt state, cached in ~/.cache/jcstar-tests/apt-ARCH) and unpacked with
# `dpkg-deb -x`: maintainer scripts never run, so nothing is generated at
# install time (no host keys, no snakeoil certificate, no
# /etc/ssl/certs/ca-certificates.crt bundle - the roots are the
# /usr/share/ca-certificates/mozilla/*.crt files).
#
# Cached: DIR/.stamp holds the sha256 of this script and fetch-debs.sh plus
# ARCH; when it matches nothing is done. DIR is only ever replaced when it
# is empty or carries that stamp file (it is never someone else's data).
set -euo pipefail

usage() { echo "usage: $0 ARCH DIR" >&2; exit 2; }
[ "$#" -eq 2 ] || usage
ARCH=$1
DIR=$2
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

pkgs=(
    # essentials of a minbase system
    base-files base-passwd bash busybox coreutils dash debconf debianutils
    diffutils dpkg e2fsprogs findutils grep gzip hostname init-system-helpers
    libc-bin libc6 libgcc-s1 libstdc++6 login mount ncurses-base ncurses-bin
    passwd perl-base sed sysvinit-utils tar util-linux adduser procps kmod
    netbase tzdata readline-common
    libblkid1 libmount1 libsmartcols1 libuuid1 libselinux1 libpcre2-8-0 zlib1g
    liblzma5 libzstd1 libbz2-1.0 libcrypt1 libaudit1 libaudit-common
    libcap-ng0 libpam0g libpam-modules libpam-modules-bin libpam-runtime
    libtinfo6 libncursesw6 libacl1 libattr1 libgmp10 libdb5.3 libsemanage2
    libsepol2 libsqlite3-0 libproc2-0 libkmod2 libreadline8
    # TLS, certificates, HTTP client
    libssl3 openssl ca-certificates curl libcurl4 libnghttp2-14 libidn2-0
    libunistring2 libpsl5 librtmp1 libssh2-1 libgssapi-krb5-2 libkrb5-3
    libk5crypto3 libkrb5support0 libkeyutils1 libcom-err2 libldap-2.5-0
    libsasl2-2 libsasl2-modules-db libbrotli1 libgnutls30 libnettle8
    libhogweed6 libp11-kit0 libtasn1-6 libffi8
    # interpreters
    python3-minimal python3.11-minimal libpython3.11-minimal libexpat1
    # networking
    iproute2 libelf1 libmnl0 libbpf1 libxtables12 libcap2 libcap2-bin
    iptables libip4tc2 libip6tc2 libnftnl11 libnetfilter-conntrack3
    libnfnetlink0 iputils-ping ethtool tcpdump libpcap0.8
    wpasupplicant hostapd dnsmasq-base libdbus-1-3 libnl-3-200
    libnl-genl-3-200 libnl-route-3-200 libpcsclite1
    # remote access, web, MQTT
    openssh-server openssh-client openssh-sftp-server libwrap0 libedit2
    libbsd0 libmd0 dropbear-bin libtomcrypt1 libtommath1 lighttpd libxxhash0
    mosquitto libmosquitto1 libcjson1 libwebsockets17 libuv1
    # init
    systemd libsystemd0 libgcrypt20 libgpg-error0 liblz4-1 libapparmor1
    libcryptsetup12 libdevmapper1.02.1 libargon2-1 libjson-c5 libseccomp2
)

stamp_want=$(cat "$HERE/make-debian-tree.sh" "$HERE/fetch-debs.sh" | sha256sum | cut -d' ' -f1)
stamp_want="$stamp_want $ARCH"
if [ -f "$DIR/.stamp" ] && [ "$(cat "$DIR/.stamp")" = "$stamp_want" ]; then
    echo "make-debian-tree[$ARCH]: $DIR is up to date"
    exit 0
fi
if [ -e "$DIR" ] && [ ! -f "$DIR/.stamp" ] && [ -n "$(ls -A "$DIR" 2>/dev/null)" ]; then
    echo "make-debian-tree: $DIR exists, is not empty and is not ours; refusing" >&2
    exit 1
fi
# The host's installed packages must not decide versions: apt would pick
# an architecture-independent package (ca-certificates, tzdata) at the
# version installed here, which the mirror may not have. An empty dpkg
# status through APT_CONFIG (fetch-debs.sh itself stays as it is: the test
# images' cache stamp covers it).
CACHE=${JCSTAR_TEST_CACHE:-$HOME/.cache/jcstar-tests}
mkdir -p "$CACHE/apt-$ARCH"
: >"$CACHE/apt-$ARCH/empty-status"
printf 'Dir::State::status "%s";\n' "$CACHE/apt-$ARCH/empty-status" >"$CACHE/apt-$ARCH/tree.conf"
export APT_CONFIG="$CACHE/apt-$ARCH/tree.conf"
tmp="$DIR.tmp.$$"
trap 'rm -rf "$tmp"' EXIT
"$HERE/fetch-debs.sh" "$ARCH" "$tmp" "${pkgs[@]}"
# dpkg-deb -x keeps modes: make every directory writable by us so the tree
# can be replaced later
find "$tmp" -type d -exec chmod u+rwx {} +
rm -rf "$DIR"
mv "$tmp" "$DIR"
trap - EXIT
echo "$stamp_want" >"$DIR/.stamp"
echo "make-debian-tree[$ARCH]: $(du -sh "$DIR" | cut -f1) in $DIR (${#pkgs[@]} packages)"

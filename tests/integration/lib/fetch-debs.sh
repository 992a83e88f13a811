#!/usr/bin/env bash
# fetch-debs.sh ARCH STAGING_ROOT PKG...
#
# Downloads Debian packages of a foreign architecture (mipsel, armhf, arm64,
# ...) and unpacks them with `dpkg-deb -x` into STAGING_ROOT.  These real,
# distribution-built binaries are the payload of the firmware test images that
# exercise `jcstar unpack` (see make-rootfs.sh / make-images.sh).
#
# Why this way: the system's apt state (/var/lib/apt/lists, /var/cache/apt,
# dpkg's architecture list) is never touched.  apt-get is pointed at a private
# lists/cache directory with APT::Architecture(s)=ARCH, so no
# `dpkg --add-architecture` is needed and nothing is installed.
#
# The sources used are a private sources.list that names only Debian's own
# mirror (JCSTAR_DEBIAN_MIRROR / JCSTAR_DEBIAN_SECURITY_MIRROR, default
# deb.debian.org) so that no third-party repository configured on the host is
# ever contacted.  JCSTAR_DEBIAN_SUITE picks the release (default bookworm,
# the last release that still has mipsel).
#
# Caching (so it works offline once warm):
#   * `apt-get update` is skipped when the private lists exist and are younger
#     than 7 days;
#   * a package whose .deb is already in $DIR/debs is not downloaded again.
# Cache root: ${JCSTAR_TEST_CACHE:-$HOME/.cache/jcstar-tests}/apt-$ARCH
#
# Output: one line per step; apt's chatter goes to $DIR/fetch.log.
set -euo pipefail

usage() { echo "usage: $0 ARCH STAGING_ROOT PKG..." >&2; exit 2; }
[ "$#" -ge 3 ] || usage

ARCH=$1
STAGING=$2
shift 2

CACHE=${JCSTAR_TEST_CACHE:-$HOME/.cache/jcstar-tests}
DIR=$CACHE/apt-$ARCH
LOG=$DIR/fetch.log
MIRROR=${JCSTAR_DEBIAN_MIRROR:-http://deb.debian.org/debian}
SECMIRROR=${JCSTAR_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
SUITE=${JCSTAR_DEBIAN_SUITE:-bookworm}
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

mkdir -p "$DIR/lists/partial" "$DIR/debs" "$DIR/cache/archives/partial" \
         "$DIR/sources.list.d" "$STAGING"
: >>"$LOG"

# Private sources: Debian only, never the host's extra repositories.
sl=$DIR/sources.list
{
    echo "deb [signed-by=$KEYRING] $MIRROR $SUITE main"
    echo "deb [signed-by=$KEYRING] $MIRROR $SUITE-updates main"
    echo "deb [signed-by=$KEYRING] $SECMIRROR $SUITE-security main"
} >"$sl.new"
if ! cmp -s "$sl.new" "$sl"; then
    mv "$sl.new" "$sl"
    # Sources changed: the cached lists no longer match them.
    rm -f "$DIR/lists/"*_Packages* "$DIR/lists/"*Release* 2>/dev/null || true
else
    rm -f "$sl.new"
fi

o=(
    "-oAPT::Architecture=$ARCH"
    "-oAPT::Architectures=$ARCH"
    "-oDir::State::Lists=$DIR/lists"
    "-oDir::Cache=$DIR/cache"
    "-oDir::Etc::SourceList=$sl"
    "-oDir::Etc::SourceParts=$DIR/sources.list.d"
    "-oAcquire::Languages=none"
    "-oAcquire::IndexTargets::deb::Contents-deb::DefaultEnabled=false"
    "-oAPT::Get::AllowUnauthenticated=false"
    "-oAPT::Sandbox::User=root"
)

# --- update (cached for 7 days) -------------------------------------------
have_lists() {
    # Fresh = at least one Packages index younger than 7 days.
    find "$DIR/lists" -maxdepth 1 -name '*_Packages*' -mtime -7 2>/dev/null | grep -q .
}
if have_lists; then
    echo "fetch-debs[$ARCH]: package lists cached ($DIR/lists)"
else
    echo "fetch-debs[$ARCH]: apt-get update (log: $LOG)"
    if ! apt-get "${o[@]}" -q update >>"$LOG" 2>&1 &&
       ! apt-get "${o[@]}" -q update >>"$LOG" 2>&1; then
        # Partial failures happen (e.g. a security index caught mid-sync:
        # "File has unexpected size").  Go on if the main index arrived.
        if ls "$DIR/lists/"*"_dists_${SUITE}_main_binary-${ARCH}_Packages"* >/dev/null 2>&1; then
            echo "fetch-debs[$ARCH]: WARNING: apt-get update partly failed (main index ok), see $LOG" >&2
        else
            echo "fetch-debs[$ARCH]: apt-get update FAILED, see $LOG" >&2
            tail -n 20 "$LOG" >&2
            exit 1
        fi
    fi
    have_lists || { echo "fetch-debs[$ARCH]: no Packages index after update" >&2; exit 1; }
fi

# --- download (skip packages already cached) ------------------------------
cached_deb() {
    # Newest cached .deb for package $1 (name_version_arch.deb or _all.deb).
    local p=$1 f
    for f in "$DIR/debs/${p}_"*"_${ARCH}.deb" "$DIR/debs/${p}_"*"_all.deb"; do
        [ -e "$f" ] && { echo "$f"; return 0; }
    done
    return 1
}

want=()
for p in "$@"; do
    cached_deb "$p" >/dev/null || want+=("$p")
done
if [ "${#want[@]}" -gt 0 ]; then
    echo "fetch-debs[$ARCH]: download ${want[*]}"
    if ! (cd "$DIR/debs" && apt-get "${o[@]}" -q download "${want[@]}") >>"$LOG" 2>&1; then
        echo "fetch-debs[$ARCH]: apt-get download FAILED, see $LOG" >&2
        tail -n 20 "$LOG" >&2
        exit 1
    fi
else
    echo "fetch-debs[$ARCH]: all ${#} packages cached ($DIR/debs)"
fi

# --- unpack ---------------------------------------------------------------
debs=()
for p in "$@"; do
    f=$(cached_deb "$p") || { echo "fetch-debs[$ARCH]: $p missing after download" >&2; exit 1; }
    debs+=("$f")
done
for f in "${debs[@]}"; do
    dpkg-deb -x "$f" "$STAGING"
done
echo "fetch-debs[$ARCH]: unpacked ${#debs[@]} packages into $STAGING"

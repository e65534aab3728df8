#!/usr/bin/env bash
# Fetches what the arm64 distribution is built from and smoke-tested in, from Debian's arm64
# packages, into a cache directory (default ~/.cache/kubesolo-update/arm64-sysroot):
#
#   usr/lib/jvm/java-17-openjdk-arm64/jmods   the arm64 JDK's modules: jlink (amd64) links an
#                                             aarch64 runtime from them
#   lib/ld-linux-aarch64.so.1, usr/lib/aarch64-linux-gnu/...
#                                             glibc, libstdc++, libgcc_s, zlib: bundled into the
#                                             tarball (all but glibc) and the sysroot qemu-aarch64
#                                             runs the tarball's java in
#   busybox/bin/busybox                       Debian's static arm64 busybox: the arm64 layer of
#                                             the chroot image (package-dist.sh), kept apart
#                                             from the sysroot so that adding it later leaves
#                                             the sysroot alone
#
# Needs root for 'dpkg --add-architecture arm64' and 'apt-get update' (once); the downloads
# themselves are 'apt-get download', which installs nothing. Idempotent: a complete cache is
# left alone. scripts/install-test-deps.sh runs this; the package step only reads the cache.
#
# Usage: scripts/fetch-arm64-sysroot.sh [CACHE_DIR]
set -euo pipefail
sysroot=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/kubesolo-update/arm64-sysroot}
packages=(openjdk-17-jdk-headless:arm64 openjdk-17-jre-headless:arm64
    libc6:arm64 libstdc++6:arm64 libgcc-s1:arm64 zlib1g:arm64)

# download DIR PACKAGE...: Debian's .deb files of PACKAGE... into DIR (apt-get download writes into
# the current directory, as the invoking user); lists are refreshed once when a package is not found.
download() {
    local dir=$1
    shift
    if ! (cd "$dir" && apt-get download -q "$@"); then
        apt-get update -q
        (cd "$dir" && apt-get download -q "$@")
    fi
}

# fetch_busybox: the static arm64 busybox, once.
fetch_busybox() {
    [ ! -x "$sysroot/busybox/bin/busybox" ] || return 0
    local debs
    debs=$(mktemp -d)
    download "$debs" busybox-static:arm64
    rm -rf "$sysroot/busybox.tmp"
    dpkg-deb -x "$debs"/busybox-static_*.deb "$sysroot/busybox.tmp"
    rm -rf "$debs" "$sysroot/busybox"
    mv "$sysroot/busybox.tmp" "$sysroot/busybox"
    echo "fetch-arm64-sysroot: $sysroot/busybox/bin/busybox"
}

if [ -f "$sysroot/.complete" ]; then
    fetch_busybox
    exit 0
fi
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    dpkg --add-architecture arm64
    apt-get update -q
fi
debs=$(mktemp -d)
trap 'rm -rf "$debs"' EXIT
download "$debs" "${packages[@]}"
rm -rf "$sysroot.tmp"
mkdir -p "$sysroot.tmp"
for deb in "$debs"/*.deb; do
    dpkg-deb -x "$deb" "$sysroot.tmp"
done
# Debian 12 is merged-/usr: /lib is a symlink to usr/lib, which the packages do not carry.
for dir in lib bin sbin; do
    [ -e "$sysroot.tmp/$dir" ] || ln -s "usr/$dir" "$sysroot.tmp/$dir"
done
(cd "$debs" && ls *.deb) >"$sysroot.tmp/.complete"
rm -rf "$sysroot"
mv "$sysroot.tmp" "$sysroot"
echo "fetch-arm64-sysroot: $sysroot"
fetch_busybox

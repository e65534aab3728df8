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

if [ -f "$sysroot/.complete" ]; then
    exit 0
fi
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    dpkg --add-architecture arm64
    apt-get update -q
fi
debs=$(mktemp -d)
trap 'rm -rf "$debs"' EXIT
# apt-get download writes into the current directory, as the invoking user.
if ! (cd "$debs" && apt-get download -q "${packages[@]}"); then
    apt-get update -q
    (cd "$debs" && apt-get download -q "${packages[@]}")
fi
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

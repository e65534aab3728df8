#!/usr/bin/env bash
# Makes ROOT a minimal OS root holding glibc alone (the dynamic linker, libc, libm: all the
# distribution's runtime needs from the OS), at Debian's paths for ARCH. The package step dumps
# the CDS archives in such a root; the distribution tests run the unpacked tarball in one, with
# busybox added.
#
# Usage: scripts/glibc-root.sh amd64|arm64 ROOT [ARM64_SYSROOT]
#   amd64 takes the build machine's glibc; arm64 takes it from ARM64_SYSROOT
#   (default ~/.cache/kubesolo-update/arm64-sysroot, made by scripts/fetch-arm64-sysroot.sh).
set -euo pipefail
arch=${1:?usage: glibc-root.sh amd64|arm64 ROOT [ARM64_SYSROOT]}
root=${2:?usage: glibc-root.sh amd64|arm64 ROOT [ARM64_SYSROOT]}
arm64_sysroot=${3:-${XDG_CACHE_HOME:-$HOME/.cache}/kubesolo-update/arm64-sysroot}
case "$arch" in
    amd64) from=/ interpreter=lib64/ld-linux-x86-64.so.2 libdir=lib/x86_64-linux-gnu ;;
    arm64) from=$arm64_sysroot interpreter=lib/ld-linux-aarch64.so.1 libdir=lib/aarch64-linux-gnu ;;
    *) echo "glibc-root: unknown architecture $arch" >&2; exit 2 ;;
esac
mkdir -p "$root/$(dirname "$interpreter")" "$root/$libdir"
cp -L "$from/$interpreter" "$root/$interpreter"
for library in libc.so.6 libm.so.6; do
    cp -L "$from/$libdir/$library" "$root/$libdir/$library"
done

#!/usr/bin/env bash
# Lets this machine execute aarch64 programs directly, through qemu-user-static and the kernel's
# binfmt_misc, as the arm64 distribution test needs (its launcher, a shell script, execs the
# aarch64 java). Registers Debian's own entry (/usr/lib/binfmt.d/qemu-aarch64.conf), whose F flag
# opens the emulator now, so it also works inside a chroot that lacks it. Idempotent; lasts until
# reboot. Needs root; mounts binfmt_misc when nobody has (these build machines do not).
set -euo pipefail
binfmt=/proc/sys/fs/binfmt_misc
conf=/usr/lib/binfmt.d/qemu-aarch64.conf
[ -f "$conf" ] || { echo "enable-qemu-aarch64: $conf is missing; install qemu-user-static" >&2; exit 1; }
if [ ! -e "$binfmt/register" ]; then
    mount -t binfmt_misc binfmt_misc "$binfmt"
fi
if [ ! -e "$binfmt/qemu-aarch64" ]; then
    grep -v '^#' "$conf" | head -1 >"$binfmt/register"
fi
grep -qx enabled "$binfmt/qemu-aarch64" || { echo "enable-qemu-aarch64: the qemu-aarch64 entry is not enabled" >&2; exit 1; }

#!/usr/bin/env bash
# Runs COMMAND chrooted into ROOT, as a process of the OS image ROOT holds would run: ROOT itself
# a mount (as / always is: Java finds a file's file system, for free space, in /proc/self/mounts),
# with /proc (the dynamic linker resolves $ORIGIN through /proc/self/exe, the JVM reads it) and the
# machine's /dev (random numbers, /dev/null) mounted in it. The mounts are made in a mount
# namespace of the command's own, so they vanish with it, whatever happens. Needs root and
# util-linux's unshare on the machine running this (not in ROOT).
#
# Usage: scripts/in-root.sh ROOT COMMAND [ARGUMENT...]
set -euo pipefail
root=${1:?usage: in-root.sh ROOT COMMAND [ARGUMENT...]}
shift
mkdir -p "$root/proc" "$root/dev" "$root/tmp"
exec unshare --mount --propagation private sh -c \
    'mount --bind "$1" "$1" && mount -t proc proc "$1/proc" && mount --bind /dev "$1/dev" && exec chroot "$@"' sh "$root" "$@"

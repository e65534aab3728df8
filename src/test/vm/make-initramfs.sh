#!/usr/bin/env bash
# Usage: make-initramfs.sh OUT.gz INIT [TREE...]
# A gzipped initramfs holding busybox (static), the kernel modules the VM's disks need, INIT as
# /init (it loads lib/modules/load-order, dependencies first), each TREE copied over the root, and the shared libraries every ELF file in it links.
set -euo pipefail
out=$1
init=$2
shift 2
kernel=$(ls /lib/modules | grep cloud-amd64 | sort -V | tail -n 1)
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

mkdir -p "$root"/{bin,dev,proc,sys,tmp,etc,lib/modules,mnt}
cp /bin/busybox "$root/bin/busybox"
cp "$init" "$root/init"
chmod 755 "$root/init"
for module in virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci virtio_blk \
    fat vfat nls_cp437 nls_ascii; do
  cp "$(find "/lib/modules/$kernel" -name "$module.ko")" "$root/lib/modules/"
  echo "$module" >>"$root/lib/modules/load-order"
done
for tree in "$@"; do
  cp -a "$tree/." "$root/"
done

# The libraries the ELF files need, from this (Debian) machine: glibc and whatever else they link.
libraries=$(find "$root" -type f \( -perm -u+x -o -name '*.so*' \) -exec sh -c 'head -c 4 "$1" | grep -q ELF' _ {} \; -print |
  { xargs -r ldd 2>/dev/null || true; } | { grep -o '/[^ ]*\.so[^ ]*' || true; } | { grep -v "^$root/" || true; } | sort -u)
for library in $libraries; do
  mkdir -p "$root$(dirname "$library")"
  cp -L "$library" "$root$library"
done

(cd "$root" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -6 >"$out"

#!/usr/bin/env bash
# Installs the Debian packages the test suite runs for real. Idempotent and non-interactive:
# only missing packages are installed. Run as root on a fresh Debian 12 machine (CI).
set -euo pipefail

packages=(
  grub-common   # grub-editenv, grub-script-check: GRUB environment compatibility (grub package)
  grub-emu      # grub-emu: runs the documented grub.cfg in real GRUB (grub package)
  e2fsprogs     # mke2fs, debugfs: disk images for grub-emu; ext4 slots
  gdisk         # sgdisk: GPT disk images for the block-device slot tests
  parted        # partprobe and friends for disk images
  dosfstools    # mkfs.vfat: the KSOLOEFI partition of test disks
  util-linux    # losetup, mount, blkid
  docker-registry  # the CNCF distribution server the OCI tests run against
  skopeo        # independent reader of what we push to a registry
  openssl       # independent Ed25519 signer and verifier
  curl          # independent HTTP and registry client
  python3       # python3 -m http.server: a plain static web server for the HTTP source
  apache2-utils # htpasswd: bcrypt credentials for the registry's basic auth
  prometheus    # promtool check metrics: an independent metrics parser
  systemd       # systemd-analyze verify: the shipped units loaded by systemd itself
  time          # /usr/bin/time -v: peak RSS in bench/run
  casync        # bench/delta compares delta updates against casync extract with the slot files as seeds
  binutils      # strip: the package step strips symbol tables from the jlink runtime's libraries
  nginx-light   # a real static server with Range support and an access log that logs the Range header: delta updates
  # The distribution (scripts/package-dist.sh, docs/os-image.md)
  qemu-user-static  # runs the arm64 runtime: its CDS dump at package time and the arm64 smoke test
  busybox-static    # the userland of the tests that run the unpacked tarball in a chroot, and of the VM guest
  # The VM boot test (src/test/vm, docs/boot-test.md): a real BIOS boot of a KubeSolo-like disk
  qemu-system-x86   # the machine (TCG; SeaBIOS comes with it)
  grub-pc-bin       # GRUB 2 for i386-pc: grub-mkimage modules, boot.img, grub-bios-setup
  linux-image-cloud-amd64  # the guest kernel: smaller than linux-image-amd64, virtio built for VMs
  mtools            # mcopy, mdir: read and write the FAT partition inside the disk image
  cpio              # packs the guest initramfs, and the real newc initramfs archives of the delta-update tests and bench/delta
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} > 0)); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The arm64 JDK's jmods and arm64 glibc, libstdc++, libgcc_s, zlib, cached for the package step
# (the arm64 tarball) and the arm64 smoke test.
"$(dirname "$0")/fetch-arm64-sysroot.sh"

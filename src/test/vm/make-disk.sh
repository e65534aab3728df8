#!/usr/bin/env bash
# Usage: make-disk.sh DISK GRUB_CFG LOCAL_CFG SLOT_A_DIR
# A KubeSolo-like BIOS disk (docs/boot-test.md): GPT with a BIOS boot partition for GRUB's core
# image, KSOLOEFI (FAT32: boot/grub/grub.cfg, local.cfg, grubenv, GRUB's modules), KSOLOA (ext4,
# filled from SLOT_A_DIR), KSOLOB (ext4, empty), KSOLODATA (ext4, empty). Needs root (GRUB's
# setup tool wants its files on a mounted block device). Prints each partition's byte offset as
# LABEL=OFFSET, for mtools and the test.
set -euo pipefail
disk=$1 grub_cfg=$2 local_cfg=$3 slot_a=$4
work=$(mktemp -d)
trap 'umount "$work/setup" 2>/dev/null || true; rm -rf "$work"' EXIT

# Partitions in MiB: name start size
layout=(bios 1 1  KSOLOEFI 2 40  KSOLOA 42 160  KSOLOB 202 160  KSOLODATA 362 64)
rm -f "$disk"
truncate -s 428M "$disk"
args=()
for ((i = 0; i < ${#layout[@]}; i += 3)); do
  n=$((i / 3 + 1)) start=$((layout[i + 1] * 2048)) end=$(((layout[i + 1] + layout[i + 2]) * 2048 - 1))
  args+=(-n "$n:$start:$end" -c "$n:${layout[i]}")
done
sgdisk -o "${args[@]}" -t 1:EF02 -t 2:EF00 "$disk" >/dev/null

place() { # place IMAGE START_MIB
  dd if="$1" of="$disk" bs=1M seek="$2" conv=notrunc,sparse status=none
}
ext4() { # ext4 LABEL SIZE_MIB DIR START_MIB
  truncate -s "$2M" "$work/$1.img"
  mke2fs -q -F -t ext4 -L "$1" -d "$3" "$work/$1.img"
  place "$work/$1.img" "$4"
}

mkdir -p "$work/empty" "$work/setup"
grub-editenv "$work/grubenv" create
mkfs.vfat -F 32 -n KSOLOEFI -C "$work/efi.img" $((40 * 1024)) >/dev/null
export MTOOLS_SKIP_CHECK=1
mmd -i "$work/efi.img" ::boot ::boot/grub
mcopy -i "$work/efi.img" "$grub_cfg" ::boot/grub/grub.cfg
mcopy -i "$work/efi.img" "$local_cfg" ::boot/grub/local.cfg
mcopy -i "$work/efi.img" "$work/grubenv" ::boot/grub/grubenv
mcopy -s -i "$work/efi.img" /usr/lib/grub/i386-pc ::boot/grub/
place "$work/efi.img" 2
ext4 KSOLOA 160 "$slot_a" 42
ext4 KSOLOB 160 "$work/empty" 202
ext4 KSOLODATA 64 "$work/empty" 362

# GRUB: core image (the prefix is KSOLOEFI's boot/grub) embedded in the BIOS boot partition.
truncate -s 8M "$work/setup.img"
mke2fs -q -F -t ext4 "$work/setup.img"
mount -o loop "$work/setup.img" "$work/setup"
cp /usr/lib/grub/i386-pc/boot.img "$work/setup/"
grub-mkimage -O i386-pc -o "$work/setup/core.img" -p '(hd0,gpt2)/boot/grub' \
  biosdisk part_gpt fat ext2 normal loadenv search test configfile linux echo
loop=$(losetup --find --show "$disk")
/usr/lib/grub/i386-pc/grub-bios-setup -s -d "$work/setup" "$loop" || { losetup -d "$loop"; exit 1; }
losetup -d "$loop"

for ((i = 3; i < ${#layout[@]}; i += 3)); do
  echo "${layout[i]}=$((layout[i + 1] * 1048576))"
done

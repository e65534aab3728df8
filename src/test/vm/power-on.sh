#!/usr/bin/env bash
# Usage: power-on.sh DISK STEP_DIR LOG TIMEOUT_SECONDS [CUT_MARKER]
# Powers the VM on with DISK and a "USB stick" (an ext4 image labelled KSOLOUSB holding STEP_DIR,
# whose step.sh the guest's /init runs), serial console to LOG. Returns when the guest powers off.
# With CUT_MARKER, cuts the power (kill -9 of qemu) as soon as that text is on the console.
# Exit status: 0 powered off or cut as asked, 1 timeout (qemu killed), 2 qemu failed.
set -euo pipefail
disk=$1 step=$2 log=$3 timeout=$4 cut=${5:-}
usb="$disk.usb"
size=$(( $(du -sm "$step" | cut -f1) * 2 + 16 ))
mke2fs -q -F -t ext4 -L KSOLOUSB -d "$step" "$usb" "${size}M"
: >"$log"

# TCG: KVM guests hang on these machines. No reboot suppression: a panicking kernel (panic=) reboots
# into GRUB again, as a real machine would.
qemu-system-x86_64 -machine pc,accel=tcg -cpu qemu64 -smp 2 -m 1536 -display none -no-user-config \
  -serial "file:$log" -monitor none \
  -drive "file=$disk,format=raw,if=virtio" -drive "file=$usb,format=raw,if=virtio,readonly=on" &
qemu=$!
start=$SECONDS
status=0 cutoff=0
while kill -0 "$qemu" 2>/dev/null; do
  if [[ -n "$cut" ]] && grep -qF -- "$cut" "$log"; then
    kill -9 "$qemu"
    cutoff=1
    echo "power cut at '$cut' after $((SECONDS - start)) s"
    break
  fi
  if ((SECONDS - start > timeout)); then
    kill -9 "$qemu"
    echo "timeout: no power-off within $timeout s" >&2
    status=1
    break
  fi
  sleep 0.2
done
set +e
wait "$qemu"
qemu_status=$?
set -e
if ((status == 0 && cutoff == 0 && qemu_status != 0)); then
  echo "qemu failed with status $qemu_status" >&2
  status=2
fi
rm -f "$usb"
exit "$status"

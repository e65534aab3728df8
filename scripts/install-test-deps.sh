#!/usr/bin/env bash
# Installs the Debian packages the test suite runs for real. Idempotent and non-interactive:
# only missing packages are installed. Run as root on a fresh Debian 12 machine (CI).
set -euo pipefail

packages=(
  grub-common   # grub-editenv, grub-script-check: GRUB environment compatibility (grub package)
  grub-emu      # grub-emu: runs the documented grub.cfg in real GRUB (grub package)
  e2fsprogs     # mke2fs, debugfs: disk images for grub-emu; ext4 slots
  openssl       # HTTP release interop tests: releases signed by openssl, publish output verified by it
  python3       # HTTP release interop tests: python3 -m http.server serves the release
  docker-registry  # OCI tests: the real distribution registry they push to and pull from
  skopeo        # OCI tests: reads back what push writes, writes OCI layouts the agent reads
  apache2-utils # OCI tests: htpasswd -B makes the bcrypt user of the basic-auth registry
  curl          # OCI tests: publishes releases by hand, following the distribution API
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

#!/usr/bin/env bash
# Installs the Debian packages the test suite runs against, when missing. Idempotent, non-interactive.
set -euo pipefail

packages=(
  grub-common      # grub-editenv: the GRUB environment block, byte for byte
  gdisk parted e2fsprogs util-linux
  docker-registry  # the real distribution registry the OCI tests push to and pull from
  skopeo           # reads back what `push` writes; writes OCI layouts the agent reads
  apache2-utils    # htpasswd -B: bcrypt users for the basic-auth registry
  openssl curl python3
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} > 0)); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

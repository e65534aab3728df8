#!/usr/bin/env bash
# Usage: agent-tree.sh DIR
# Unpacks the agent into DIR as an OS build does: the distribution tarball that `mvn package`
# writes (target/dist/kubesolo-update-VERSION-linux-amd64.tar.gz, docs/os-image.md).
set -euo pipefail
dir=$1
repo=$(cd "$(dirname "$0")/../../.." && pwd)
tarball=$(ls "$repo"/target/dist/kubesolo-update-*-linux-amd64.tar.gz 2>/dev/null | head -n 1 || true)
if [[ -z "$tarball" ]]; then
  echo "no target/dist/kubesolo-update-*-linux-amd64.tar.gz: run mvn package first" >&2
  exit 1
fi
mkdir -p "$dir"
tar -xzf "$tarball" -C "$dir"

#!/usr/bin/env bash
# Usage: agent-tree.sh DIR
# Unpacks the agent into DIR as an OS build does: from the distribution tarball that `mvn package`
# writes (target/dist/kubesolo-update-VERSION-linux-amd64.tar.gz, docs/os-image.md). Without one
# (a build that predates it), the same layout is assembled from target/ and bin/kubesolo-update.
set -euo pipefail
dir=$1
repo=$(cd "$(dirname "$0")/../../.." && pwd)
mkdir -p "$dir"
tarball=$(ls "$repo"/target/dist/kubesolo-update-*-linux-amd64.tar.gz 2>/dev/null | head -n 1 || true)
if [[ -n "$tarball" ]]; then
  tar -xzf "$tarball" -C "$dir"
  exit 0
fi
lib="$dir/usr/lib/kubesolo-update"
mkdir -p "$lib/bin" "$lib/target" "$dir/usr/bin"
cp -p "$repo/bin/kubesolo-update" "$lib/bin/"
cp -a "$repo/target/runtime" "$repo/target/kubesolo-update.jar" "$repo/target/kubesolo-update.jsa" "$lib/target/"
printf '#!/bin/sh\nexec /usr/lib/kubesolo-update/bin/kubesolo-update "$@"\n' >"$dir/usr/bin/kubesolo-update"
chmod 755 "$dir/usr/bin/kubesolo-update"

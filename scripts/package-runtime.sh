#!/usr/bin/env bash
# Builds what ships beside the shaded jar, from target/kubesolo-update.jar (Maven's package phase
# runs this; so can a person):
#
#   target/runtime/             a jlink image with only the modules the agent needs
#   target/kubesolo-update.jsa  an AppCDS archive of the classes the agent's commands load,
#                               for target/runtime/bin/java; bin/kubesolo-update uses both
#   target/kubesolo-update.jsa.stamp
#                               the jar the archive was made for (path, mtime, size): the JVM
#                               ignores an archive whose jar differs, the launcher checks first
#   target/kubesolo-update.classlist
#                               the classes of the training runs: scripts/package-dist.sh dumps
#                               the distributions' archives from it
#
# The archive is a static one, dumped from the union of the class lists of training runs of most
# commands on a simulated device (one JVM cannot run more than one command, and a dynamic archive
# records only one run). Every training run must succeed, so this is also a smoke test of the
# trimmed runtime: a module missing from it fails the build here, not on a device.
#
# Usage: scripts/package-runtime.sh [TARGET_DIR]   (default: target)
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:-target}
jar="$target/kubesolo-update.jar"
runtime="$target/runtime"
archive="$target/kubesolo-update.jsa"
classlist="$target/kubesolo-update.classlist"
[ -f "$jar" ] || { echo "package-runtime: $jar is missing; run mvn package" >&2; exit 1; }
# CDS checks that the class path at run time names the jar it was dumped from: the launcher's
# absolute path.
jar=$(readlink -f "$jar")
java_home=$(dirname "$(dirname "$(readlink -f "$(command -v jlink)")")")

# Modules: what jdeps sees, adjusted for what it cannot see.
#  - minus java.desktop and java.sql: only Jackson's optional java.beans / java.sql support and
#    SnakeYAML's bean introspector (unused by jackson-dataformat-yaml) refer to them; Jackson
#    declares both 'requires static'. java.sql would pull in java.xml (8 MB) too.
#  - plus jdk.crypto.ec: a security provider, found through ServiceLoader: Ed25519 signature
#    checks and TLS with EC certificates or ECDHE need it.
modules=$(jdeps --multi-release 17 --ignore-missing-deps --print-module-deps "$jar" \
    | tr ',' '\n' | grep -vx -e java.desktop -e java.sql | { cat; echo jdk.crypto.ec; } | sort -u | paste -sd, -)

# jlink takes most of this script's time; its output depends only on the JDK and the module list.
stamp="$modules $(readlink -f "$java_home")"
if [ ! -x "$runtime/bin/java" ] || [ "$(cat "$runtime/.modules" 2>/dev/null)" != "$stamp" ]; then
    rm -rf "$runtime"
    jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 \
        --output "$runtime"
    # The JDK's shared libraries keep their symbol tables (4 MB of libjvm.so); a device needs no
    # symbols, only crash logs lose function names.
    if command -v strip >/dev/null; then
        find "$runtime/lib" -name '*.so' -exec strip --strip-unneeded {} +
    fi
    printf '%s\n' "$stamp" >"$runtime/.modules"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
java="$runtime/bin/java"
arch=$(uname -m)
case "$arch" in x86_64) arch=amd64 ;; aarch64) arch=arm64 ;; esac
run=0
# train [--may-fail] ARGS...: one command in its own JVM, recording the classes it loads.
train() {
    local may_fail=false
    if [ "$1" = --may-fail ]; then may_fail=true; shift; fi
    run=$((run + 1))
    if ! "$java" -XX:+UseSerialGC -Xshare:off -XX:DumpLoadedClassList="$work/$run.classlist" \
        -jar "$jar" "$@" >"$work/$run.log" 2>&1 && [ "$may_fail" = false ]; then
        echo "package-runtime: training run failed: kubesolo-update $*" >&2
        cat "$work/$run.log" >&2
        exit 1
    fi
}
device="$work/device"
head -c 65536 /dev/urandom >"$work/vmlinuz"
head -c 65536 /dev/urandom >"$work/kubesolo-os.gz"
# Release-side commands (keygen, sign, publish, push, index) run on a build machine, not on the
# device: their classes stay out of the archive, which keeps it smaller.
train simulate init --root "$device" --version v0.2.0
"$java" -jar "$jar" push --registry "oci-layout:$device/media/usb/release" --kernel "$work/vmlinuz" \
    --initramfs "$work/kubesolo-os.gz" --version v0.3.0 --architecture "$arch" --channel stable --tag stable \
    >"$work/push.log" 2>&1 || { echo "package-runtime: push failed" >&2; cat "$work/push.log" >&2; exit 1; }
train status --root "$device"
train --root "$device" status --json
train check --root "$device" --registry oci-layout:/media/usb/release --tag stable --channel stable
train apply --root "$device" --registry oci-layout:/media/usb/release --tag stable --channel stable
train activate --root "$device"
train simulate boot --root "$device"
train healthcheck --root "$device"
train metrics --root "$device"
# A whole download from a registry over HTTP (the layout runs above load none of the HTTP client,
# the registry steps or their JSON): a read-only registry serving the layout, run by the build
# JDK, and a fresh device so that apply stages again.
registry_port="$work/registry.port"
"$java_home/bin/java" scripts/TrainingRegistry.java "$device/media/usb/release" >"$registry_port" 2>"$work/registry.log" &
registry_pid=$!
trap 'kill "$registry_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 600); do
    [ -s "$registry_port" ] && break
    kill -0 "$registry_pid" 2>/dev/null || { echo "package-runtime: the training registry failed" >&2; cat "$work/registry.log" >&2; exit 1; }
    sleep 0.1
done
[ -s "$registry_port" ] || { echo "package-runtime: the training registry did not start" >&2; exit 1; }
registry="127.0.0.1:$(cat "$registry_port")/kubesolo/os"
"$java" -jar "$jar" simulate init --root "$work/device2" --version v0.2.0 >"$work/init2.log" 2>&1 \
    || { echo "package-runtime: simulate init failed" >&2; cat "$work/init2.log" >&2; exit 1; }
train check --root "$work/device2" --registry "$registry" --tag stable --channel stable --plain-http
train apply --root "$work/device2" --registry "$registry" --tag stable --channel stable --plain-http
kill "$registry_pid"
wait "$registry_pid" 2>/dev/null || true
# Nothing listens on port 9 (discard) here: these load the error paths of a refused connection.
train --may-fail check --root "$device" --server http://127.0.0.1:9
train --may-fail check --root "$device" --registry 127.0.0.1:9/kubesolo/os --tag stable --plain-http

sort -u "$work"/*.classlist >"$classlist"
rm -f "$archive" "$archive.stamp"
"$java" -Xshare:dump -XX:+UseSerialGC -XX:SharedClassListFile="$classlist" \
    -XX:SharedArchiveFile="$archive" -cp "$jar" >"$work/dump.log" 2>&1 \
    || { echo "package-runtime: the CDS dump failed" >&2; cat "$work/dump.log" >&2; exit 1; }
stat -c '%n %Y %s' "$jar" >"$archive.stamp"

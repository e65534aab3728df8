#!/usr/bin/env bash
# Builds the installable distribution, one tarball per architecture, after package-runtime.sh
# (Maven's package phase runs both; so can a person):
#
#   target/dist/kubesolo-update-VERSION-linux-amd64.tar.gz
#   target/dist/kubesolo-update-VERSION-linux-arm64.tar.gz   (when the arm64 JDK is cached)
#   target/dist/kubesolo-update-chroot/                      OCI image layout, tag VERSION
#
# The image is the one packaging/kubernetes runs: a static busybox whose chroot runs the node's
# own installed agent (docs/operations.md#kubernetes). It is written by the program's own OCI code
# (ContainerImageWriter), one layer per architecture whose static busybox is at hand: the build
# machine's /bin/busybox (Debian's busybox-static) for amd64, the arm64 sysroot's for arm64.
#
# Entries are relative to the root of the OS image they are unpacked into (docs/os-image.md):
#
#   usr/bin/kubesolo-update                    the launcher (bin/kubesolo-update)
#   usr/lib/kubesolo-update/runtime/           jlink image for the architecture
#   usr/lib/kubesolo-update/kubesolo-update.jar
#   usr/lib/kubesolo-update/kubesolo-update.jsa      CDS archive, dumped for the install path
#   usr/lib/kubesolo-update/kubesolo-update.jsa.stamp  the jar it was dumped for
#   usr/lib/kubesolo-update/lib/               the shared libraries the runtime links beyond glibc
#   usr/lib/kubesolo-update/first-boot         packaging/init/first-boot: cloud-init once, at first boot
#   usr/lib/systemd/system/                    packaging/systemd
#   usr/share/kubesolo-update/grub/            packaging/grub (grub.cfg)
#   usr/share/kubesolo-update/kubernetes/      packaging/kubernetes
#
# The runtime needs nothing from the OS but glibc: libstdc++, libgcc_s and zlib are bundled in
# lib/ and linked into runtime/lib/, where the java launcher's RPATH ($ORIGIN/../lib) finds them
# for itself and for libjvm.so, so no LD_LIBRARY_PATH leaks into the commands the agent runs.
#
# The CDS archive is used by the JVM only for a jar at the path, with the modification time and
# size, it was dumped with (JDK 17 does not relocate application class paths). So it is dumped in
# a chroot holding the staged tree and glibc alone, with the jar at /usr/lib/kubesolo-update:
# which also proves, at every build, that the runtime starts with nothing but glibc. The tarball
# keeps modification times; tar -x and cp -a keep them on the way into the image. The arm64
# archive is dumped the same way under qemu-aarch64-static. Without root (chroot) or qemu, a
# tarball ships without its archive and this says so.
#
# arm64: jlink links the runtime from the jmods of Debian's arm64 JDK, and the bundled libraries
# come from Debian's arm64 packages; scripts/fetch-arm64-sysroot.sh (run by
# scripts/install-test-deps.sh) caches both. Without that cache the arm64 tarball is skipped,
# with a line saying so: the build works offline.
#
# Usage: scripts/package-dist.sh TARGET_DIR VERSION [ARM64_SYSROOT]
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: package-dist.sh TARGET_DIR VERSION [ARM64_SYSROOT]}
version=${2:?usage: package-dist.sh TARGET_DIR VERSION [ARM64_SYSROOT]}
arm64_sysroot=${3:-${XDG_CACHE_HOME:-$HOME/.cache}/kubesolo-update/arm64-sysroot}
jar="$target/kubesolo-update.jar"
classlist="$target/kubesolo-update.classlist"
for needed in "$jar" "$classlist" "$target/runtime/bin/java"; do
    [ -e "$needed" ] || { echo "package-dist: $needed is missing; run scripts/package-runtime.sh first" >&2; exit 1; }
done
dist="$target/dist"
install_dir=usr/lib/kubesolo-update
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -rf "$dist"
mkdir -p "$dist"

# The directories the dynamic linker of each architecture searches (Debian's multiarch paths).
libdirs() {
    case "$1" in
        amd64) echo "/lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu" ;;
        arm64) echo "$arm64_sysroot/lib/aarch64-linux-gnu $arm64_sysroot/usr/lib/aarch64-linux-gnu" ;;
    esac
}

# glibc's own libraries: the one thing the OS provides.
is_glibc() {
    case "$1" in
        libc.so.*|libm.so.*|ld-linux*|libpthread.so.*|libdl.so.*|librt.so.*|libresolv.so.*) return 0 ;;
        *) return 1 ;;
    esac
}

# needed FILE...: the sonames the ELF files name in DT_NEEDED.
needed() {
    readelf -d "$@" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort -u
}

# bundle_libraries ARCH HOME: copies into HOME/lib every library the runtime needs, transitively,
# that neither glibc nor the runtime itself provides, and links each into HOME/runtime/lib.
bundle_libraries() {
    local arch=$1 home=$2 found soname dir
    mkdir -p "$home/lib"
    local pending
    pending=$(needed $(find "$home/runtime" -type f \( -name '*.so' -o -path '*/bin/*' -o -name jspawnhelper \)))
    while [ -n "$pending" ]; do
        local next=""
        for soname in $pending; do
            if is_glibc "$soname" || [ -e "$home/lib/$soname" ] \
                || [ -n "$(find "$home/runtime/lib" -name "$soname" -print -quit)" ]; then
                continue
            fi
            found=""
            for dir in $(libdirs "$arch"); do
                if [ -e "$dir/$soname" ]; then found="$dir/$soname"; break; fi
            done
            [ -n "$found" ] || { echo "package-dist: $arch library $soname not found in $(libdirs "$arch")" >&2; exit 1; }
            cp -L "$found" "$home/lib/$soname"
            ln -s "../../lib/$soname" "$home/runtime/lib/$soname"
            next="$next $(needed "$home/lib/$soname")"
        done
        pending=$next
    done
    if command -v strip >/dev/null && [ "$arch" = amd64 ]; then
        strip --strip-unneeded "$home"/lib/*.so*
    fi
}

# glibc_minimum DIR: the highest GLIBC_x.y symbol version any ELF file under DIR needs.
glibc_minimum() {
    find "$1" -type f -exec readelf -V --wide {} + 2>/dev/null \
        | grep -o 'Name: GLIBC_[0-9.]*' | sed 's/Name: GLIBC_//' | sort -uV | tail -1
}

# dump_archive ARCH STAGE: dumps STAGE's CDS archive in a chroot of glibc and STAGE's files, the
# jar at its install path. Prints why not, and returns 1, when it cannot.
dump_archive() {
    local arch=$1 stage=$2 root="$work/root-$1" emulator=()
    if [ "$(id -u)" != 0 ]; then
        echo "package-dist: not root, so no chroot: the $arch tarball ships without a CDS archive (slower start)"
        return 1
    fi
    if [ "$arch" = arm64 ] && [ "$(uname -m)" != aarch64 ]; then
        local qemu
        qemu=$(command -v qemu-aarch64-static || true)
        if [ -z "$qemu" ]; then
            echo "package-dist: no qemu-aarch64-static (scripts/install-test-deps.sh installs it):" \
                "the arm64 tarball ships without a CDS archive (slower start)"
            return 1
        fi
        cp "$qemu" "$work/qemu-aarch64-static"
        emulator=(/qemu-aarch64-static)
    fi
    rm -rf "$root"
    scripts/glibc-root.sh "$arch" "$root" "$arm64_sysroot"
    mkdir -p "$root/usr/lib"
    cp -a "$stage/$install_dir" "$root/$install_dir"
    cp "$classlist" "$root/classlist"
    [ ${#emulator[@]} = 0 ] || cp "$work/qemu-aarch64-static" "$root/qemu-aarch64-static"
    if ! scripts/in-root.sh "$root" "${emulator[@]}" "/$install_dir/runtime/bin/java" -Xshare:dump -XX:+UseSerialGC \
        -XX:SharedClassListFile=/classlist -XX:SharedArchiveFile="/$install_dir/kubesolo-update.jsa" \
        -cp "/$install_dir/kubesolo-update.jar" >"$work/dump-$arch.log" 2>&1; then
        echo "package-dist: the $arch CDS dump failed in a chroot of glibc and the tarball's files" >&2
        cat "$work/dump-$arch.log" >&2
        exit 1
    fi
    cp "$root/$install_dir/kubesolo-update.jsa" "$stage/$install_dir/"
    printf '/%s %s\n' "$install_dir/kubesolo-update.jar" "$(stat -c '%Y %s' "$stage/$install_dir/kubesolo-update.jar")" \
        >"$stage/$install_dir/kubesolo-update.jsa.stamp"
    rm -rf "$root"
}

# runtime ARCH DIR: the jlink image for ARCH at DIR.
runtime() {
    local arch=$1 out=$2
    case "$arch" in
        amd64) cp -a "$target/runtime" "$out"; rm -f "$out/.modules" ;;
        arm64)
            # The same modules as the amd64 runtime (package-runtime.sh chose them with jdeps).
            # Java debug attributes only: stripping native symbols needs an aarch64 objcopy, and
            # Debian ships the arm64 JDK's libraries stripped already.
            local modules
            modules=$(cut -d' ' -f1 "$target/runtime/.modules")
            jlink --module-path "$arm64_sysroot/usr/lib/jvm/java-17-openjdk-arm64/jmods" \
                --add-modules "$modules" --strip-java-debug-attributes --no-header-files --no-man-pages --compress=2 \
                --output "$out" ;;
    esac
}

# package ARCH: stages and packs one architecture's tarball.
package() {
    local arch=$1 stage="$work/stage-$1" started=$SECONDS
    local home="$stage/$install_dir" name="kubesolo-update-$version-linux-$1"
    mkdir -p "$stage/usr/bin" "$home" "$stage/usr/lib/systemd/system" "$stage/usr/share/kubesolo-update"
    cp bin/kubesolo-update "$stage/usr/bin/kubesolo-update"
    install -m 0755 packaging/init/first-boot "$home/first-boot"
    runtime "$arch" "$home/runtime"
    cp -p "$jar" "$home/kubesolo-update.jar"
    bundle_libraries "$arch" "$home"
    cp packaging/systemd/* "$stage/usr/lib/systemd/system/"
    cp -r packaging/kubernetes "$stage/usr/share/kubesolo-update/kubernetes"
    if [ -d packaging/grub ]; then
        cp -r packaging/grub "$stage/usr/share/kubesolo-update/grub"
    fi
    local archive_note="with a CDS archive"
    dump_archive "$arch" "$stage" || archive_note="WITHOUT a CDS archive"
    # Owned by root as in the image; modification times as staged (the archive depends on the jar's).
    tar --owner=0 --group=0 --numeric-owner --sort=name -C "$stage" -czf "$dist/$name.tar.gz" usr
    echo "package-dist: $dist/$name.tar.gz ($(du -k "$dist/$name.tar.gz" | cut -f1) KiB, $archive_note," \
        "needs glibc >= $(glibc_minimum "$stage"), $((SECONDS - started)) s)"
}

# is_static_busybox FILE: whether FILE is a busybox without a dynamic linker (it runs on any root).
is_static_busybox() {
    [ -f "$1" ] && readelf -h "$1" >/dev/null 2>&1 && ! readelf -l "$1" 2>/dev/null | grep -q INTERP
}

# image_layer ARCH BUSYBOX: prints the path of ARCH's layer of the chroot image: busybox, its
# applets sh, chroot and mount in /bin, and /host, where the pods mount the node's root.
image_layer() {
    local arch=$1 busybox=$2 rootfs="$work/image-$1" applet
    mkdir -p "$rootfs/bin" "$rootfs/host"
    cp "$busybox" "$rootfs/bin/busybox"
    for applet in sh chroot mount; do
        ln -s busybox "$rootfs/bin/$applet"
    done
    tar --owner=0 --group=0 --numeric-owner --sort=name --mtime=@0 -C "$rootfs" -c bin host \
        | gzip -n >"$work/image-$arch.tar.gz"
    echo "$work/image-$arch.tar.gz"
}

# chroot_image: the OCI layout of the chroot image, tagged with the version.
chroot_image() {
    local layers=() arch busybox
    for arch in amd64 arm64; do
        case "$arch" in
            amd64) busybox=/bin/busybox ;;
            arm64) busybox=$arm64_sysroot/busybox/bin/busybox ;;
        esac
        if is_static_busybox "$busybox"; then
            layers+=("$arch=$(image_layer "$arch" "$busybox")")
        else
            echo "package-dist: no static busybox for $arch at $busybox (busybox-static; scripts/install-test-deps.sh" \
                "installs it): the chroot image has no $arch layer"
        fi
    done
    if [ ${#layers[@]} = 0 ]; then
        echo "package-dist: no static busybox at all: no chroot image"
        return
    fi
    "$target/runtime/bin/java" -cp "$jar" io.kubesolo.update.publish.ChrootImage \
        "$dist/kubesolo-update-chroot" "$version" "${layers[@]}" >/dev/null
    echo "package-dist: $dist/kubesolo-update-chroot (OCI layout, tag $version, ${layers[*]%%=*}," \
        "$(du -sk "$dist/kubesolo-update-chroot" | cut -f1) KiB)"
}

package amd64
if [ -d "$arm64_sysroot/usr/lib/jvm/java-17-openjdk-arm64/jmods" ]; then
    package arm64
else
    echo "package-dist: no arm64 JDK in $arm64_sysroot (scripts/fetch-arm64-sysroot.sh fetches it): skipping the arm64 tarball"
fi
chroot_image

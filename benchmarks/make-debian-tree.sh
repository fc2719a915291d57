#!/usr/bin/env bash
# Builds a realistic bootable Debian 12 root filesystem for benchmarks and interop tests:
#   debootstrap --variant=minbase --include=systemd,systemd-sysv,linux-image-amd64 bookworm
# without the contents of dev/ proc/ sys/ run/ tmp/. The tree is cached outside the repository
# (default /var/cache/bootc4j/debian-bookworm) and reused when TARGET.complete exists beside it.
# Usage: benchmarks/make-debian-tree.sh [TARGET_DIR]   (prints the tree's path on stdout)
set -euo pipefail
target="${1:-${BOOTC4J_DEBIAN_TREE:-/var/cache/bootc4j/debian-bookworm}}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

if [ -f "$target.complete" ]; then
    echo "$target"
    exit 0
fi
if [ "$(id -u)" != 0 ]; then
    echo "make-debian-tree.sh: debootstrap needs root" >&2
    exit 1
fi
command -v debootstrap >/dev/null || {
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
}

work="$target.partial"
rm -rf "$work"
mkdir -p "$(dirname "$target")"
echo "make-debian-tree.sh: debootstrap into $work (several minutes)" >&2
debootstrap --variant=minbase --include=systemd,systemd-sysv,linux-image-amd64 \
    bookworm "$work" "$mirror" >&2
for d in dev proc sys run tmp; do
    [ -d "$work/$d" ] && find "$work/$d" -mindepth 1 -delete
done
# apt's caches are not part of an OS image.
rm -rf "$work"/var/cache/apt/archives/*.deb "$work"/var/lib/apt/lists/*
rm -rf "$target" "$target.complete"
mv "$work" "$target"
touch "$target.complete"
echo "$target"

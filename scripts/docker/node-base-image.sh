#!/usr/bin/env bash
# Builds a minimal local Node base image from this machine's own `node` binary
# and the shared libraries it links against, for engines that cannot pull
# node:20-bookworm-slim from a registry. The Dockerfile takes it as
#   docker build --build-arg NODE_IMAGE=paxos-lab/node-base:20 .
#
# Usage: scripts/docker/node-base-image.sh [--force]
#   Does nothing when the image already exists, unless --force.
# Environment: NODE_BASE_IMAGE  the image's name (default paxos-lab/node-base:20)
# Exit codes: 0 image present, 1 docker/node missing or the image fails its
#   smoke test, 2 bad arguments.
set -euo pipefail

image="${NODE_BASE_IMAGE:-paxos-lab/node-base:20}"
force=0
case "${1:-}" in
  --force) force=1 ;;
  "") ;;
  --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
  *) echo "node-base-image: unknown option '$1' (try --help)" >&2; exit 2 ;;
esac

die() { echo "node-base-image: $*" >&2; exit 1; }

command -v docker >/dev/null || die "no docker client on PATH"
docker info >/dev/null 2>&1 || die "no Docker engine answers 'docker info' (start one: scripts/docker/start-engine.sh)"
node_bin="$(command -v node)" || die "no node on PATH"
node_bin="$(readlink -f "$node_bin")"
node_major="$("$node_bin" -p 'process.versions.node.split(".")[0]')"
[ "$node_major" = "20" ] || echo "node-base-image: warning: host node is v$node_major, image is tagged ${image}" >&2

if [ "$force" = 0 ] && docker image inspect "$image" >/dev/null 2>&1; then
  echo "node-base-image: $image already exists"
  exit 0
fi

rootfs="$(mktemp -d)"
trap 'rm -rf "$rootfs"' EXIT

mkdir -p "$rootfs/usr/local/bin" "$rootfs/etc" "$rootfs/tmp"
chmod 1777 "$rootfs/tmp"
cp "$node_bin" "$rootfs/usr/local/bin/node"

# Every library ldd names, plus the dynamic loader, copied (symlinks resolved)
# to the path the binary asks for, so the loader's default search finds them.
for lib in $(ldd "$node_bin" | grep -o '/[^ ]*'); do
  mkdir -p "$rootfs$(dirname "$lib")"
  cp -L "$lib" "$rootfs$lib"
done

# Name resolution of other containers goes through glibc's getaddrinfo, which
# reads nsswitch.conf; Docker itself mounts hosts, hostname and resolv.conf.
printf 'hosts: files dns\n' > "$rootfs/etc/nsswitch.conf"
printf 'root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000::/home/node:/bin/sh\n' > "$rootfs/etc/passwd"
printf 'root:x:0:\nnode:x:1000:\n' > "$rootfs/etc/group"

tar -C "$rootfs" --numeric-owner --owner=0 --group=0 -c . \
  | docker import \
      --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
      --change 'CMD ["node"]' \
      --message "node $("$node_bin" --version) from the build host" \
      - "$image" >/dev/null

# Smoke test: the binary loads, and getaddrinfo works inside a container.
docker run --rm "$image" node -e 'require("dns").lookup("localhost",(e)=>{if(e)throw e;console.log("node "+process.version+" ok")})' \
  || die "$image was built but node does not run inside it"
echo "node-base-image: built $image"

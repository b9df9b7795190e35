#!/usr/bin/env bash
# Builds the `prj4` image from the committed bundle (image/paxos-peer.mjs;
# `npm run bundle` refreshes it first in `make image`). Chooses the base image:
#   1. NODE_IMAGE from the environment, if set;
#   2. paxos-lab/node-base:20, if it exists locally (built from the host's node);
#   3. the official node:20-bookworm-slim, if present or pullable;
#   4. otherwise builds paxos-lab/node-base:20 (node-base-image.sh) and uses it.
#
# Usage: scripts/docker/build-image.sh [TAG]   (default tag: prj4)
# Environment: NODE_IMAGE  the base image to use (skips the choice above)
#              NODE_BASE_IMAGE  the local base's name (default paxos-lab/node-base:20)
# Exit codes: 0 built, 1 no engine or the build failed, 2 bad arguments.
set -euo pipefail

case "${1:-}" in
  --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
  -*) echo "build-image: unknown option '$1' (try --help)" >&2; exit 2 ;;
esac

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
tag="${1:-prj4}"
official="node:20-bookworm-slim"
local_base="${NODE_BASE_IMAGE:-paxos-lab/node-base:20}"

docker info >/dev/null 2>&1 || { echo "build-image: no Docker engine answers 'docker info' (start one: make engine)" >&2; exit 1; }
[ -f "$root/image/paxos-peer.mjs" ] || { echo "build-image: image/paxos-peer.mjs missing (run npm run bundle)" >&2; exit 1; }

if [ -n "${NODE_IMAGE:-}" ]; then
  base="$NODE_IMAGE"
elif docker image inspect "$local_base" >/dev/null 2>&1; then
  base="$local_base"
elif docker image inspect "$official" >/dev/null 2>&1 || docker pull -q "$official" >/dev/null 2>&1; then
  base="$official"
else
  echo "build-image: cannot pull $official (no registry reachable); building $local_base from the host's node"
  "$here/node-base-image.sh"
  base="$local_base"
fi

echo "build-image: docker build -t $tag (base $base)"
docker build -q --build-arg "NODE_IMAGE=$base" -t "$tag" "$root" >/dev/null
echo "build-image: built $tag"

#!/usr/bin/env bash
# Makes sure a Docker engine answers `docker info`, for machines that ship
# only the docker client. Idempotent: does nothing when an engine already
# answers. Otherwise installs Debian's docker.io and docker-compose if they are
# missing (needs root), starts dockerd in the background and waits for it.
#
# Usage: scripts/docker/start-engine.sh
# Environment:
#   DOCKERD_LOG           where dockerd writes its log (default /var/log/dockerd.log)
#   DOCKERD_WAIT_SECONDS  how long to wait for the engine to answer (default 60)
# Exit codes: 0 engine answers, 1 it could not be installed or started.
set -euo pipefail

log="${DOCKERD_LOG:-/var/log/dockerd.log}"
wait_seconds="${DOCKERD_WAIT_SECONDS:-60}"

case "${1:-}" in
  --help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  "") ;;
  *) echo "start-engine: unknown option '$1' (try --help)" >&2; exit 2 ;;
esac

die() { echo "start-engine: $*" >&2; exit 1; }
engine_answers() { docker info >/dev/null 2>&1; }

if command -v docker >/dev/null && engine_answers; then
  echo "start-engine: engine already answers"
  exit 0
fi

if ! command -v dockerd >/dev/null || ! command -v docker-compose >/dev/null; then
  [ "$(id -u)" = 0 ] || die "dockerd or docker-compose is missing and installing them needs root"
  echo "start-engine: installing docker.io and docker-compose"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q docker.io docker-compose >/dev/null
fi
[ "$(id -u)" = 0 ] || die "starting dockerd needs root"

# Starts dockerd with the given extra flags; returns 0 once it answers, 1 if
# it died or the deadline passed.
try_dockerd() {
  echo "start-engine: starting dockerd${*:+ $*} (log: $log)"
  mkdir -p "$(dirname "$log")"
  setsid nohup dockerd "$@" >>"$log" 2>&1 </dev/null &
  local pid=$! deadline=$((SECONDS + wait_seconds))
  while [ "$SECONDS" -lt "$deadline" ]; do
    engine_answers && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.5
  done
  kill "$pid" 2>/dev/null || true
  return 1
}

# overlay2 is the normal driver; vfs is the fallback where the host's own
# filesystem is already an overlay and cannot be stacked.
try_dockerd && { echo "start-engine: engine answers"; exit 0; }
echo "start-engine: dockerd did not come up with the defaults; retrying with --storage-driver=vfs" >&2
try_dockerd --storage-driver=vfs && { echo "start-engine: engine answers (vfs storage)"; exit 0; }
tail -n 5 "$log" >&2 || true
die "no engine answered 'docker info' within ${wait_seconds}s; see $log"

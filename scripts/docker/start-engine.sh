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
# Exit codes: 0 engine answers, 1 it could not be installed or started,
#   2 bad arguments.
set -euo pipefail

log="${DOCKERD_LOG:-/var/log/dockerd.log}"
wait_seconds="${DOCKERD_WAIT_SECONDS:-60}"

case "${1:-}" in
  --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
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

# True while PID runs; a child that died stays a zombie until reaped, and
# `kill -0` would still call it alive.
alive() {
  local state
  state="$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" && [ "$state" != Z ]
}

# Waits until the engine answers; 0 once it does, 1 if dockerd PID died or
# the deadline passed.
wait_for_engine() {
  local pid=$1 deadline=$((SECONDS + wait_seconds))
  while [ "$SECONDS" -lt "$deadline" ]; do
    engine_answers && return 0
    alive "$pid" || return 1
    sleep 0.5
  done
  return 1
}

# A dockerd that is still starting owns the pid file: wait for it. One that
# was killed leaves the file behind, and a new dockerd refuses to start while
# it exists: remove it.
pid_file=/var/run/docker.pid
if [ -f "$pid_file" ]; then
  old_pid="$(cat "$pid_file" 2>/dev/null || true)"
  if [ -n "$old_pid" ] && alive "$old_pid" && [ "$(cat "/proc/$old_pid/comm")" = dockerd ]; then
    echo "start-engine: waiting for the running dockerd (pid $old_pid)"
    wait_for_engine "$old_pid" && { echo "start-engine: engine answers"; exit 0; }
    die "dockerd (pid $old_pid) runs but did not answer 'docker info' within ${wait_seconds}s; see $log"
  fi
  rm -f "$pid_file"
fi
# The same for the containerd that dockerd starts: a stale pid file makes
# dockerd wait for a containerd that is gone.
containerd_pid_file=/var/run/docker/containerd/containerd.pid
if [ -f "$containerd_pid_file" ] && ! alive "$(cat "$containerd_pid_file" 2>/dev/null || echo 0)"; then
  rm -f "$containerd_pid_file"
fi

# Starts dockerd with the given extra flags; 0 once it answers.
try_dockerd() {
  echo "start-engine: starting dockerd${*:+ $*} (log: $log)"
  mkdir -p "$(dirname "$log")"
  log_offset=$(stat -c %s "$log" 2>/dev/null || echo 0)
  setsid nohup dockerd "$@" >>"$log" 2>&1 </dev/null &
  local pid=$!
  wait_for_engine "$pid" && return 0
  kill "$pid" 2>/dev/null || true
  return 1
}

try_dockerd && { echo "start-engine: engine answers"; exit 0; }
# overlay2 is the normal driver; vfs is the fallback where the host's own
# filesystem is already an overlay and cannot be stacked. Only then: images
# built under one driver are not seen under the other.
if tail -c +"$((log_offset + 1))" "$log" | grep -qiE 'error initializing graphdriver|driver not supported|overlay.*not supported'; then
  echo "start-engine: the overlay2 storage driver failed; retrying with --storage-driver=vfs" >&2
  try_dockerd --storage-driver=vfs && { echo "start-engine: engine answers (vfs storage)"; exit 0; }
fi
tail -c +"$((log_offset + 1))" "$log" | tail -n 5 >&2 || true
die "no engine answered 'docker info' within ${wait_seconds}s; see $log"

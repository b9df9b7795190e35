#!/usr/bin/env bash
# Runs one Compose testcase to completion and keeps its merged output:
# removes leftovers (fixed container names collide otherwise), runs `up`
# attached (it returns once every peer has exited by itself), shows the full
# output on screen, checks every container exited 0, then `down`.
#
# The output goes to OUT only once the peers have run: when Compose itself
# fails (or the run times out), OUT keeps the previous run's log and the
# failed output goes to OUT with .failed.log for .log (tc1.failed.log).
# Stopped containers of another project that carry the container_name values
# of COMPOSE_FILE (left by a `docker-compose -f ... up` without `down`) are
# removed first; a running one stops the script instead.
#
# Usage: scripts/docker/run-compose.sh COMPOSE_FILE OUT [PROJECT]
#   PROJECT  Compose project name (default: Compose's own, from the folder)
# Environment:
#   RUN_TIMEOUT_SECONDS  give up on a run that has not finished (default 300)
# Exit codes: 0 every container exited 0, 1 a container failed, the run
#   failed or timed out, or a running container holds one of the names,
#   2 bad arguments.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
[ "${1:-}" = --help ] && { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0; }
if [ "$#" -lt 2 ] || [ "$#" -gt 3 ]; then
  echo "run-compose: usage: run-compose.sh COMPOSE_FILE OUT [PROJECT]" >&2
  exit 2
fi
file="$1" out="$2"
[ -f "$file" ] || { echo "run-compose: compose file '$file' not found" >&2; exit 2; }
timeout_seconds="${RUN_TIMEOUT_SECONDS:-300}"
failed_out="${out%.log}.failed.log"
[ "$failed_out" != "$out" ] || failed_out="$out.failed"
partial="$out.tmp"

compose=("$here/compose.sh" -f "$file")
[ "$#" -eq 3 ] && compose+=(-p "$3")

down() { "${compose[@]}" down --remove-orphans >/dev/null 2>&1 || true; }
cleanup() { down; rm -f "$partial"; }

# The container_name values the Compose file declares (quoted or not).
declared_names() {
  sed -n "s/^[[:space:]]*container_name:[[:space:]]*[\"']\{0,1\}\([A-Za-z0-9_.-]*\).*/\1/p" "$file"
}

# Containers outside this project holding those names make `up` fail with
# "Conflict. The container name ... is already in use". Stopped ones are lab
# leftovers and go; a running one may be someone's run and is never touched.
remove_leftovers() {
  local name running stopped=() busy=()
  for name in $(declared_names); do
    running="$(docker inspect --type container -f '{{.State.Running}}' "$name" 2>/dev/null)" || continue
    if [ "$running" = true ]; then busy+=("$name"); else stopped+=("$name"); fi
  done
  if [ "${#busy[@]}" -gt 0 ]; then
    echo "run-compose: container(s) ${busy[*]} still running from another run; stop and remove them first: docker rm -f ${busy[*]}" >&2
    exit 1
  fi
  if [ "${#stopped[@]}" -gt 0 ]; then
    docker rm "${stopped[@]}" >/dev/null
    echo "run-compose: removed stopped container(s) left by an earlier run: ${stopped[*]}" >&2
  fi
}

# Keeps what a failed run printed without touching OUT, and says where.
keep_failed() {
  mv -f "$partial" "$failed_out"
  local previous="$out was not written"
  [ -f "$out" ] && previous="$out still holds the previous run"
  echo "run-compose: $1; its output is in $failed_out; $previous" >&2
  exit 1
}

mkdir -p "$(dirname "$out")"
down
trap cleanup EXIT
remove_leftovers

status=0
# Compose's own progress lines go to stderr; keep them, they are part of
# what a user sees and pastes.
timeout "$timeout_seconds" "${compose[@]}" up 2>&1 | tee "$partial" || status=$?
if [ "$status" = 124 ]; then
  keep_failed "the run did not finish within ${timeout_seconds}s"
elif [ "$status" != 0 ]; then
  keep_failed "compose up failed (exit $status)"
fi

failed=0 containers=0
for id in $("${compose[@]}" ps -a -q); do
  containers=$((containers + 1))
  read -r name code < <(docker inspect -f '{{.Name}} {{.State.ExitCode}}' "$id")
  if [ "$code" != 0 ]; then
    echo "run-compose: container ${name#/} exited with code $code" >&2
    failed=1
  fi
done
[ "$containers" -gt 0 ] || keep_failed "no containers ran"

# The peers ran: this is the run's log, whatever their exit codes say.
mv -f "$partial" "$out"
rm -f "$failed_out"
echo "run-compose: the run's output is in $out" >&2
exit "$failed"

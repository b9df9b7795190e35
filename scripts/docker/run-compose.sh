#!/usr/bin/env bash
# Runs one Compose testcase to completion and keeps its merged output:
# removes leftovers (fixed container names collide otherwise), runs `up`
# attached (it returns once every peer has exited by itself), writes the full
# output to OUT and the screen, checks every container exited 0, then `down`.
#
# Usage: scripts/docker/run-compose.sh COMPOSE_FILE OUT [PROJECT]
#   PROJECT  Compose project name (default: Compose's own, from the folder)
# Environment:
#   RUN_TIMEOUT_SECONDS  give up on a run that has not finished (default 300)
# Exit codes: 0 every container exited 0, 1 a container failed or the run
#   timed out, 2 bad arguments.
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

compose=("$here/compose.sh" -f "$file")
[ "$#" -eq 3 ] && compose+=(-p "$3")

down() { "${compose[@]}" down --remove-orphans >/dev/null 2>&1 || true; }

mkdir -p "$(dirname "$out")"
down
trap down EXIT

status=0
# Compose's own progress lines go to stderr; keep them, they are part of
# what a user sees and pastes.
timeout "$timeout_seconds" "${compose[@]}" up 2>&1 | tee "$out" || status=$?
if [ "$status" = 124 ]; then
  echo "run-compose: the run did not finish within ${timeout_seconds}s" >&2
  exit 1
elif [ "$status" != 0 ]; then
  echo "run-compose: compose up failed (exit $status)" >&2
  exit 1
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
[ "$containers" -gt 0 ] || { echo "run-compose: no containers ran" >&2; exit 1; }
exit "$failed"

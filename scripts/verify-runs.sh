#!/usr/bin/env bash
# Verifies the Docker runs that exist: DIR/tc1.log against testcase 1 and
# DIR/tc2.log against testcase 2, saying plainly which log is missing and
# therefore not verified (so `make tc1 && make verify` works on its own).
#
# Usage: scripts/verify-runs.sh [DIR]   (default: out)
# Environment:
#   NODE  the node binary (default: node)
# Exit codes: 0 every log present passed, 1 a log failed, 2 neither log
#   exists or the verifier could not run.
set -uo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
[ "${1:-}" = --help ] && { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0; }
[ "$#" -le 1 ] || { echo "verify: usage: verify-runs.sh [DIR]" >&2; exit 2; }
dir="${1:-out}"
node="${NODE:-node}"

if [ ! -f "$dir/tc1.log" ] && [ ! -f "$dir/tc2.log" ]; then
  echo "verify: neither $dir/tc1.log nor $dir/tc2.log exists: run make tc1 or make tc2 first" >&2
  exit 2
fi
status=0
for n in 1 2; do
  log="$dir/tc$n.log"
  if [ ! -f "$log" ]; then
    echo "verify: $log is missing (make tc$n writes it): testcase $n NOT verified"
    continue
  fi
  "$node" "$root/dist/verifier/cli.js" --scenario "tc$n" "$log"
  code=$?
  [ "$code" -gt "$status" ] && status=$code
done
exit "$status"

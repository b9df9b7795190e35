#!/usr/bin/env bash
# Runs Docker Compose with the given arguments: `docker compose` (v2) where
# the plugin exists, else the standalone `docker-compose` (v1, Debian's).
# Usage: scripts/docker/compose.sh ARGS...   (e.g. -f FILE -p NAME up)
set -euo pipefail
# (`--help` goes to Compose itself.)
if docker compose version >/dev/null 2>&1; then
  exec docker compose "$@"
elif command -v docker-compose >/dev/null 2>&1; then
  exec docker-compose "$@"
fi
echo "compose: neither 'docker compose' nor 'docker-compose' is installed (scripts/docker/start-engine.sh installs Debian's)" >&2
exit 127

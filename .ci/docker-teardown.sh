#!/usr/bin/env bash
# Stops the oracle daemon started by docker-setup.sh (only that one, by its pid file).
# With --purge also deletes its data root (images, build cache, containers).
set -euo pipefail

PIDFILE=/run/layercake-docker.pid
DATA_ROOT=/var/lib/layercake-docker
EXEC_ROOT=/run/layercake-docker

if [ -f "$PIDFILE" ]; then
  pid=$(cat "$PIDFILE")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 60); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "docker-teardown: dockerd ($pid) did not stop within 30s" >&2
      exit 1
    fi
  fi
  rm -f "$PIDFILE"
fi
# Classic-builder RUN containers leave stale network sandboxes in libnetwork's store (about 860
# per run of the differential suite); dockerd removes them at its next start at ~60 ms each.
# The suite uses no user-defined networks, so dropping the store is safe and keeps restarts fast.
rm -f "$DATA_ROOT/network/files/local-kv.db"
echo "docker-teardown: daemon stopped" >&2

if [ "${1:-}" = "--purge" ]; then
  # overlay mounts may linger under the data root after an unclean stop
  { grep -o " $DATA_ROOT/[^ ]*" /proc/mounts || true; } | sort -r | while read -r m; do umount "$m" 2>/dev/null || true; done
  rm -rf "$DATA_ROOT" "$EXEC_ROOT"
  echo "docker-teardown: removed $DATA_ROOT" >&2
fi

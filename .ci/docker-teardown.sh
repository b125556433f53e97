#!/usr/bin/env bash
# Stops the oracle daemons started by docker-setup.sh (only those, by their pid files).
# With --purge also deletes their data roots (images, build cache, containers).
# LAYERCAKE_DOCKER_PROFILES selects profiles (default: all three).
set -euo pipefail

PROFILES="${LAYERCAKE_DOCKER_PROFILES:-20.10 26.1-overlay2 26.1-containerd}"

for profile in $PROFILES; do
  case "$profile" in
  20.10) name=layercake-docker ;;
  26.1-overlay2 | 26.1-containerd) name=layercake-docker-$profile ;;
  *)
    echo "docker-teardown: unknown profile '$profile'" >&2
    exit 2
    ;;
  esac
  pidfile=/run/$name.pid
  data_root=/var/lib/$name
  exec_root=/run/$name

  if [ -f "$pidfile" ]; then
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 1 60); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.5
      done
      if kill -0 "$pid" 2>/dev/null; then
        echo "docker-teardown: $profile dockerd ($pid) did not stop within 30s" >&2
        exit 1
      fi
    fi
    rm -f "$pidfile"
  fi
  # Classic-builder RUN containers leave stale network sandboxes in libnetwork's store (about 860
  # per run of the differential suite); dockerd removes them at its next start at ~60 ms each.
  # The suite uses no user-defined networks, so dropping the store is safe and keeps restarts fast.
  rm -f "$data_root/network/files/local-kv.db"
  echo "docker-teardown: $profile daemon stopped" >&2

  if [ "${1:-}" = "--purge" ]; then
    # overlay mounts may linger under the data root after an unclean stop
    { grep -o " $data_root/[^ ]*" /proc/mounts || true; } | sort -r | while read -r m; do umount "$m" 2>/dev/null || true; done
    rm -rf "$data_root" "$exec_root"
    echo "docker-teardown: removed $data_root" >&2
  fi
done

#!/usr/bin/env bash
# Starts the Docker daemon that the differential suites (shared/test/docker) use as their oracle.
# Idempotent: installs what is missing, starts dockerd on its own socket and data root (it never
# touches a system Docker), waits for it, and imports the base image `tiny:1` if it is missing.
# Prints the socket path on its last line.
#
# tiny:1 reproduces the base image of /work/shared/reference/legacy-experiments.md: one layer of
# busybox-static at /bin/busybox (1,982,256 B), /etc/passwd (30 B) and 9 applet symlinks of 7 B
# (/bin/{sh,ls,cat,echo,mkdir,rm,touch,mv,ln} -> busybox) = 1,982,349 B.
# Every other applet is reached as `/bin/busybox <applet>` (e.g. `/bin/busybox dd`), as in the
# experiments.
set -euo pipefail

SOCK=/run/layercake-docker.sock
DATA_ROOT=/var/lib/layercake-docker
EXEC_ROOT=/run/layercake-docker
PIDFILE=/run/layercake-docker.pid
LOG=/var/log/layercake-docker.log
DOCKER=/usr/bin/docker # the docker.io package's 20.10 client (drives the embedded BuildKit)
# dockerd cleans up stale network sandboxes at start (~60 ms each), which can take minutes on a
# machine that ran many containers; the default wait allows for that.
WAIT_SECONDS="${LAYERCAKE_DOCKER_WAIT:-300}"
export DOCKER_HOST="unix://$SOCK"

if [ "$(id -u)" -ne 0 ]; then
  echo "docker-setup: must run as root (starts dockerd)" >&2
  exit 1
fi

need=()
[ -x /usr/sbin/dockerd ] && [ -x "$DOCKER" ] || need+=(docker.io)
[ -x /bin/busybox ] || need+=(busybox-static)
command -v getfattr >/dev/null || need+=(attr)
if [ ${#need[@]} -gt 0 ]; then
  echo "docker-setup: installing ${need[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

running() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

if ! running; then
  rm -f "$PIDFILE"
  mkdir -p "$DATA_ROOT" "$EXEC_ROOT"
  echo "docker-setup: starting dockerd (log: $LOG)" >&2
  # No bridge and no iptables: the machine has no network for containers; builds pass --network=none.
  nohup /usr/sbin/dockerd --iptables=false --ip6tables=false --bridge=none \
    --storage-driver=overlay2 \
    -H "unix://$SOCK" --data-root "$DATA_ROOT" --exec-root "$EXEC_ROOT" --pidfile "$PIDFILE" \
    >>"$LOG" 2>&1 </dev/null &
fi

deadline=$(($(date +%s) + WAIT_SECONDS))
# `timeout`: while dockerd initialises, a connection to its socket blocks instead of failing.
until timeout 10 "$DOCKER" info >/dev/null 2>&1; do
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "docker-setup: dockerd did not answer on $SOCK within ${WAIT_SECONDS}s; last log lines:" >&2
    tail -n 20 "$LOG" >&2 || true
    exit 1
  fi
  sleep 0.5
done

if ! "$DOCKER" image inspect tiny:1 >/dev/null 2>&1; then
  echo "docker-setup: importing tiny:1" >&2
  root=$(mktemp -d)
  trap 'rm -rf "$root"' EXIT
  mkdir -p "$root/bin" "$root/etc"
  cp /bin/busybox "$root/bin/busybox"
  chmod 755 "$root/bin/busybox"
  printf 'root:x:0:0:root:/root:/bin/sh\n' >"$root/etc/passwd"
  chmod 644 "$root/etc/passwd"
  for applet in sh ls cat echo mkdir rm touch mv ln; do ln -s busybox "$root/bin/$applet"; done
  size=$(stat -c %s "$root/etc/passwd")
  [ "$size" -eq 30 ] || { echo "docker-setup: /etc/passwd is $size bytes, expected 30" >&2; exit 1; }
  # Fixed owner, order and mtime so that the layer (and its DiffID) is the same on every machine
  # with the same busybox-static binary.
  tar --numeric-owner --owner=0 --group=0 --sort=name --mtime='2024-01-01 00:00:00Z' \
    -C "$root" -cf - bin etc | "$DOCKER" import - tiny:1 >/dev/null
  expected=1982349
  actual=$("$DOCKER" image inspect -f '{{.Size}}' tiny:1)
  [ "$actual" -eq "$expected" ] || echo "docker-setup: warning: tiny:1 is $actual B, expected $expected B" >&2
fi

echo "$SOCK"

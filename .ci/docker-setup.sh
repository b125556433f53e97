#!/usr/bin/env bash
# Starts the Docker daemons that the differential suites (shared/test/docker) use as their oracles,
# one per engine profile the recordings come from:
#
#   profile          engine                     image store          socket
#   20.10            Debian 12 docker.io 20.10  overlay2 (graph)     /run/layercake-docker.sock
#   26.1-overlay2    Debian 13 docker.io 26.1   overlay2 (graph)     /run/layercake-docker-26.1-overlay2.sock
#   26.1-containerd  Debian 13 docker.io 26.1   containerd snapshots /run/layercake-docker-26.1-containerd.sock
#
# Idempotent: provides the binaries (docker-packages.sh), starts each dockerd on its own socket,
# data root, exec root and config file (it never touches a system Docker), waits for it, and imports
# the base image `tiny:1` where it is missing. Quick when everything is already up. Prints one line
# per daemon, `<profile> <socket>`, on stdout. LAYERCAKE_DOCKER_PROFILES selects profiles
# (space-separated; default all three). LAYERCAKE_DOCKER_INSTANCE=<name> starts a private set
# (sockets, data and exec roots suffixed `-<name>`), so that two people recording or replaying at
# once never prune each other's images; the suites read the same variable. Exits non-zero, naming
# what failed, when a daemon cannot be provided.
#
# tiny:1 reproduces the base image of /work/shared/reference/legacy-experiments.md: one layer of
# busybox-static at /bin/busybox (1,982,256 B), /etc/passwd (30 B) and 9 applet symlinks of 7 B
# (/bin/{sh,ls,cat,echo,mkdir,rm,touch,mv,ln} -> busybox) = 1,982,349 B.
# Every other applet is reached as `/bin/busybox <applet>` (e.g. `/bin/busybox dd`), as in the
# experiments.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

PROFILES="${LAYERCAKE_DOCKER_PROFILES:-20.10 26.1-overlay2 26.1-containerd}"
if [ -n "${LAYERCAKE_DOCKER_INSTANCE:-}" ] && ! [[ "$LAYERCAKE_DOCKER_INSTANCE" =~ ^[a-z0-9-]+$ ]]; then
  echo "docker-setup: LAYERCAKE_DOCKER_INSTANCE='$LAYERCAKE_DOCKER_INSTANCE' must be lower-case letters, digits and dashes" >&2
  exit 2
fi
# dockerd cleans up stale network sandboxes at start (~60 ms each), which can take minutes on a
# machine that ran many containers; the default wait allows for that.
WAIT_SECONDS="${LAYERCAKE_DOCKER_WAIT:-300}"

if [ "$(id -u)" -ne 0 ]; then
  echo "docker-setup: must run as root (starts dockerd)" >&2
  exit 1
fi

need=()
[ -x /bin/busybox ] || need+=(busybox-static)
command -v getfattr >/dev/null || need+=(attr)
if [ ${#need[@]} -gt 0 ]; then
  echo "docker-setup: installing ${need[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

# Sets the paths of one profile. The 20.10 daemon keeps the paths it has always had.
profile_paths() {
  local profile=$1
  case "$profile" in
  20.10) version=20.10 store=overlay2 name=layercake-docker ;;
  26.1-overlay2) version=26.1 store=overlay2 name=layercake-docker-26.1-overlay2 ;;
  26.1-containerd) version=26.1 store=containerd name=layercake-docker-26.1-containerd ;;
  *)
    echo "docker-setup: unknown profile '$profile' in LAYERCAKE_DOCKER_PROFILES (expected 20.10, 26.1-overlay2, 26.1-containerd)" >&2
    return 1
    ;;
  esac
  bin=/opt/layercake-docker/$version/bin
  [ -n "${LAYERCAKE_DOCKER_INSTANCE:-}" ] && name="$name-$LAYERCAKE_DOCKER_INSTANCE"
  sock=/run/$name.sock
  data_root=/var/lib/$name
  exec_root=/run/$name
  pidfile=/run/$name.pid
  config=/etc/layercake-docker/$name.json
  log=/var/log/$name.log
}

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

# The dockerd each profile's start_daemon launched: it writes its pid file only once initialised
# (seconds later on a loaded machine), so until then the launched process is what must be alive.
declare -A launched_pid=()
alive() { running || { [ -n "${launched_pid[$profile]:-}" ] && kill -0 "${launched_pid[$profile]}" 2>/dev/null; }; }

start_daemon() {
  mkdir -p "$data_root" "$exec_root" "$(dirname "$config")"
  # Its own config file, so that /etc/docker/daemon.json never changes what the oracle does.
  if [ "$store" = containerd ]; then
    echo '{"features":{"containerd-snapshotter":true}}' >"$config"
  else
    echo '{}' >"$config"
  fi
  rm -f "$pidfile"
  echo "docker-setup: starting $profile dockerd (log: $log)" >&2
  # No bridge and no iptables: the machine has no network for containers; builds pass
  # --network=none. bin first on PATH: dockerd starts the containerd, shim and runc found there.
  local driver=()
  [ "$store" = overlay2 ] && driver=(--storage-driver=overlay2)
  PATH="$bin:$PATH" nohup "$bin/dockerd" --iptables=false --ip6tables=false --bridge=none \
    "${driver[@]}" --config-file "$config" \
    -H "unix://$sock" --data-root "$data_root" --exec-root "$exec_root" --pidfile "$pidfile" \
    >>"$log" 2>&1 </dev/null &
  launched_pid[$profile]=$!
}

wait_daemon() {
  local deadline=$(($(date +%s) + WAIT_SECONDS))
  # `timeout`: while dockerd initialises, a connection to its socket blocks instead of failing.
  until DOCKER_HOST="unix://$sock" timeout 10 "$bin/docker" info >/dev/null 2>&1; do
    if [ "$(date +%s)" -ge "$deadline" ] || ! alive; then
      echo "docker-setup: $profile dockerd did not answer on $sock within ${WAIT_SECONDS}s; last log lines:" >&2
      tail -n 20 "$log" >&2 || true
      return 1
    fi
    sleep 0.5
  done
  local want_driver=overlay2
  [ "$store" = containerd ] && want_driver=overlayfs # the containerd snapshotter's name
  local driver
  driver=$(DOCKER_HOST="unix://$sock" "$bin/docker" info -f '{{.Driver}}')
  if [ "$driver" != "$want_driver" ]; then
    echo "docker-setup: $profile dockerd on $sock uses storage driver '$driver', expected '$want_driver'" >&2
    return 1
  fi
}

import_tiny() {
  local docker=("$bin/docker" -H "unix://$sock")
  "${docker[@]}" image inspect tiny:1 >/dev/null 2>&1 && return 0
  echo "docker-setup: importing tiny:1 into $profile" >&2
  local root
  root=$(mktemp -d)
  mkdir -p "$root/bin" "$root/etc"
  cp /bin/busybox "$root/bin/busybox"
  chmod 755 "$root/bin/busybox"
  printf 'root:x:0:0:root:/root:/bin/sh\n' >"$root/etc/passwd"
  chmod 644 "$root/etc/passwd"
  for applet in sh ls cat echo mkdir rm touch mv ln; do ln -s busybox "$root/bin/$applet"; done
  local size
  size=$(stat -c %s "$root/etc/passwd")
  [ "$size" -eq 30 ] || {
    echo "docker-setup: /etc/passwd is $size bytes, expected 30" >&2
    rm -rf "$root"
    return 1
  }
  # Fixed owner, order and mtime so that the layer (and its DiffID) is the same on every machine
  # with the same busybox-static binary.
  tar --numeric-owner --owner=0 --group=0 --sort=name --mtime='2024-01-01 00:00:00Z' \
    -C "$root" -cf - bin etc | "${docker[@]}" import - tiny:1 >/dev/null
  rm -rf "$root"
  if [ "$store" = overlay2 ]; then
    local actual
    actual=$("${docker[@]}" image inspect -f '{{.Size}}' tiny:1)
    [ "$actual" -eq 1982349 ] || echo "docker-setup: warning: tiny:1 is $actual B on $profile, expected 1982349 B" >&2
  fi
}

failed=()
declare -A version_ok=()
for profile in $PROFILES; do
  profile_paths "$profile" || exit 2
  if [ -z "${version_ok[$version]:-}" ]; then
    if bash "$here/docker-packages.sh" "$version"; then version_ok[$version]=yes; else version_ok[$version]=no; fi
  fi
  if [ "${version_ok[$version]}" != yes ]; then
    echo "docker-setup: no Docker $version binaries, so no $profile daemon" >&2
    failed+=("$profile")
    continue
  fi
  running || start_daemon
done

for profile in $PROFILES; do
  profile_paths "$profile"
  [ "${version_ok[$version]}" = yes ] || continue
  if wait_daemon && import_tiny; then
    echo "$profile $sock"
  else
    failed+=("$profile")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "docker-setup: FAILED for ${failed[*]}: the suites recorded on these profiles cannot replay live" >&2
  exit 1
fi

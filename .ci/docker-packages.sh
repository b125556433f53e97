#!/usr/bin/env bash
# Provides the Docker binaries of one engine version under /opt/layercake-docker/<version>/bin
# (docker, dockerd, containerd, containerd-shim-runc-v2, and docker-buildx for 26.1), without
# changing the machine's own apt set-up. Called by docker-setup.sh; idempotent and quick when the
# binaries are already there.
#
#   bash .ci/docker-packages.sh 20.10   # Debian 12 (bookworm) docker.io 20.10.24, containerd 1.6.20
#   bash .ci/docker-packages.sh 26.1    # Debian 13 (trixie) docker.io/docker-cli 26.1.5,
#                                       # docker-buildx 0.13.1, containerd 1.7.24
#
# Where the machine's own Debian release packages that version (20.10 on Debian 12), the system
# packages are installed with apt-get as usual and linked. Otherwise the .debs are fetched with
# `apt-get download` from a private source list for that suite (its own lists and archive
# directories under /var/lib/layercake-apt/<suite>) and unpacked with `dpkg-deb -x` into the
# prefix. The system's runc is used in every case (trixie's runc needs a newer glibc than
# bookworm's; bookworm's docker.io depends on runc, and on Debian 13 the `runc` package is
# installed on its own). Every one of these binaries except runc is Go linked only against libc
# (dockerd also against libsystemd, libcap, libgcrypt, liblzma, libzstd, liblz4, all present on
# both releases), so bookworm's binaries run on trixie and trixie's on bookworm.
set -euo pipefail

version="${1:?usage: docker-packages.sh 20.10|26.1}"
OPT=/opt/layercake-docker
prefix="$OPT/$version"
bin="$prefix/bin"

say() { echo "docker-packages($version): $*" >&2; }

case "$version" in
20.10) suite=bookworm packages=(docker.io containerd) want_version='20.10.' ;;
26.1) suite=trixie packages=(docker.io docker-cli docker-buildx containerd) want_version='26.1.' ;;
*)
  say "unknown engine version (expected 20.10 or 26.1)"
  exit 2
  ;;
esac

debian_major=$(cut -d. -f1 /etc/debian_version 2>/dev/null || echo unknown)
case "$debian_major" in
12 | bookworm*) native_suite=bookworm ;;
13 | trixie*) native_suite=trixie ;;
*) native_suite=unknown ;;
esac

client_ok() { [ -x "$bin/docker" ] && "$bin/docker" --version 2>/dev/null | grep -q "version $want_version"; }
complete() {
  client_ok && [ -x "$bin/dockerd" ] && [ -x "$bin/containerd" ] && [ -x "$bin/containerd-shim-runc-v2" ] &&
    { [ "$version" != 26.1 ] || [ -x "$prefix/docker-config/cli-plugins/docker-buildx" ]; }
}

apt_install() {
  local missing=()
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing ${missing[*]} with apt-get"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

if complete; then exit 0; fi

# runc from the system, on every release.
command -v runc >/dev/null || apt_install runc
if ! command -v runc >/dev/null; then
  say "cannot provide runc (apt-get install runc failed); no $version daemon"
  exit 1
fi

mkdir -p "$bin"
if [ "$suite" = "$native_suite" ] && [ "$version" = 20.10 ]; then
  # Debian 12: the system's docker.io is 20.10, as CI has always used it.
  apt_install docker.io
  root=""
else
  # A private apt for $suite: its own source list, lists, caches and archive directory. The
  # machine's sources, lists and package cache are neither read for this suite nor written.
  state=/var/lib/layercake-apt/$suite
  mkdir -p "$state/lists/partial" "$state/archives/partial" "$state/debs"
  printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian %s main\n' \
    "$suite" >"$state/sources.list"
  apt_options=(
    -o "Dir::Etc::SourceList=$state/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$state/lists" -o "Dir::Cache=$state" -o "Dir::Cache::Archives=$state/archives"
    -o APT::Sandbox::User=root
  )
  if [ ! -f /usr/share/keyrings/debian-archive-keyring.gpg ]; then
    say "missing /usr/share/keyrings/debian-archive-keyring.gpg (package debian-archive-keyring)"
    exit 1
  fi
  say "fetching ${packages[*]} from Debian $suite (private source list $state/sources.list)"
  if ! apt-get "${apt_options[@]}" update -qq; then
    say "apt-get update for $suite failed (no access to deb.debian.org?); no $version daemon"
    exit 1
  fi
  rm -f "$state/debs/"*.deb
  if ! (cd "$state/debs" && apt-get "${apt_options[@]}" download "${packages[@]}" >/dev/null); then
    say "apt-get download ${packages[*]} from $suite failed; no $version daemon"
    exit 1
  fi
  root="$prefix/root"
  rm -rf "$root"
  mkdir -p "$root"
  for deb in "$state/debs/"*.deb; do dpkg-deb -x "$deb" "$root"; done
fi

ln -sfn "$root/usr/bin/docker" "$bin/docker"
ln -sfn "$root/usr/sbin/dockerd" "$bin/dockerd"
ln -sfn "$root/usr/bin/containerd" "$bin/containerd"
ln -sfn "$root/usr/bin/containerd-shim-runc-v2" "$bin/containerd-shim-runc-v2"
# dockerd looks for runc on PATH; bin comes first there, so it must be the system's.
ln -sfn "$(command -v runc)" "$bin/runc"
if [ "$version" = 26.1 ]; then
  # The 26.1 client runs `docker build` through the buildx plugin (BuildKit v0.13 in the daemon);
  # it finds plugins in $DOCKER_CONFIG/cli-plugins.
  mkdir -p "$prefix/docker-config/cli-plugins"
  ln -sfn "$root/usr/libexec/docker/cli-plugins/docker-buildx" "$prefix/docker-config/cli-plugins/docker-buildx"
fi

if ! complete; then
  say "the binaries under $bin do not run or are not Docker $version:"
  "$bin/docker" --version >&2 || true
  exit 1
fi
say "$("$bin/docker" --version) ready in $bin"

#!/bin/sh
# A private PostgreSQL cluster for the bot's tests: installs Debian's postgresql if missing, makes
# a cluster in a directory of its own (socket there too, a port other than 5432), starts it, creates
# the database, waits until it answers, and prints the DATABASE_URL on its last line. Idempotent:
# a second run finds the cluster (running or not) and reuses it.
#   LAYERCAKE_PG_DIR   where the cluster lives (default /tmp/layercake-pg)
#   LAYERCAKE_PG_PORT  its port (default 55432)
set -eu
dir="${LAYERCAKE_PG_DIR:-/tmp/layercake-pg}"
port="${LAYERCAKE_PG_PORT:-55432}"
database=layercake_test

find_bin() {
  # The newest installed major (15 on Debian 12, 17 on Debian 13): never hard-coded.
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n | tail -n 1
}
bin="$(find_bin)"
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "postgres-setup: installing Debian's postgresql" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  bin="$(find_bin)"
fi
[ -x "$bin/initdb" ] || { echo "postgres-setup: no initdb under /usr/lib/postgresql/*/bin" >&2; exit 1; }

as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"; else su postgres -s /bin/sh -c "$(printf '%s ' "$@")"; fi
}

mkdir -p "$dir"
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir"; fi
if [ ! -f "$dir/data/PG_VERSION" ]; then
  as_postgres "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >&2
fi
if ! as_postgres "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
  as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "\"-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off\"" start >&2
fi
# Wait until it answers (pg_ctl -w waits for start-up; a cluster started by an earlier run may
# still be recovering).
tries=0
until "$bin/pg_isready" -q -h "$dir" -p "$port"; do
  tries=$((tries + 1))
  [ "$tries" -lt 60 ] || { echo "postgres-setup: the cluster in $dir does not answer; see $dir/server.log" >&2; exit 1; }
  sleep 1
done
if ! "$bin/psql" -h "$dir" -p "$port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'" | grep -q 1; then
  "$bin/createdb" -h "$dir" -p "$port" -U postgres "$database"
fi
echo "postgres://postgres@127.0.0.1:$port/$database"

#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests (and for trying `--db postgresql://...` by hand).
#
#   bash scripts/postgres.sh [start]   install PostgreSQL if missing (apt-get, as root), start a private cluster
#                                      for this checkout on a free port of 127.0.0.1, print its URL on stdout
#   bash scripts/postgres.sh status    print its URL if it runs (exit 1 if not)
#   bash scripts/postgres.sh stop      stop that cluster
#
# The cluster lives in /tmp (NEWSWEAVE_PG_DIR to change), one per checkout, and is reused while it runs. It
# trusts local connections: it is for tests, never for data. initdb refuses to run as root, so as root the
# server runs as the `postgres` system user (created by Debian's package; otherwise a `newsweave-pg` user).
set -euo pipefail
cd "$(dirname "$0")/.."
say() { echo "postgres.sh: $*" >&2; }

checkout=$(pwd -P)
dir=${NEWSWEAVE_PG_DIR:-/tmp/newsweave-pg-$(printf '%s' "$checkout" | cksum | cut -d' ' -f1)}
data=$dir/data
run=$dir/run

bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

if [ -z "$(bin_dir)" ] || [ ! -x "$(bin_dir)/pg_ctl" ]; then
    if [ "$(id -u)" != 0 ]; then
        say "PostgreSQL server binaries are missing (/usr/lib/postgresql/*/bin/pg_ctl); run as root once to install, or: apt-get install postgresql"
        exit 1
    fi
    say "installing Debian's postgresql package"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
fi
bin=$(bin_dir)

owner=$(id -un)
if [ "$(id -u)" = 0 ]; then
    owner=postgres
    id -u "$owner" >/dev/null 2>&1 || { owner=newsweave-pg; id -u "$owner" >/dev/null 2>&1 || useradd --system --no-create-home "$owner"; }
fi
as_owner() { if [ "$(id -un)" = "$owner" ]; then "$@"; else runuser -u "$owner" -- "$@"; fi; }

running() { [ -f "$data/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; }

case "${1:-start}" in
    stop) if running; then as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >&2; fi; exit 0 ;;
    status) running || exit 1 ;;
    start) ;;
    *) say "usage: postgres.sh [start|status|stop]"; exit 2 ;;
esac

if ! running; then
    mkdir -p "$dir" "$run"
    if [ "$(id -u)" = 0 ]; then chown -R "$owner" "$dir"; fi
    if [ ! -f "$data/PG_VERSION" ]; then
        as_owner "$bin/initdb" -D "$data" -U newsweave --auth=trust --encoding=UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
            || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    port=$("${PYTHON:-python3}" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $run -c fsync=off" start >&2 \
        || { tail -20 "$dir/server.log" >&2; exit 1; }
    echo "$port" >"$dir/port"
fi
port=$(cat "$dir/port")
"$bin/psql" -h 127.0.0.1 -p "$port" -U newsweave -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'newsweave'" \
    | grep -q 1 || "$bin/createdb" -h 127.0.0.1 -p "$port" -U newsweave newsweave
echo "postgresql://newsweave@127.0.0.1:$port/newsweave"

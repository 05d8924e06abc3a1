#!/usr/bin/env bash
# The audit benchmark on SQLite and on PostgreSQL: starts a throwaway PostgreSQL on 127.0.0.1 (fsync on, unlike the
# test script's, since durable appends are what is measured), runs `rampart-bench` with BENCH_ONLY=audit against
# it, and stops it, also on failure. Needs root (the server runs as the postgres user) and a release build:
#   swift build -c release --product rampart-bench && Benchmarks/audit-postgres.sh
# BENCH_SECONDS and BENCH_AUDIT_ENTRIES pass through (defaults 5 s and 1,000,000 entries).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pgroot=$(mktemp -d /tmp/rampart-bench-pg.XXXXXX)
pgport=${BENCH_PG_PORT:-55439}
password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
chown postgres:postgres "$pgroot"
chmod 700 "$pgroot"
cleanup() {
    if [ -f "$pgroot/data/postmaster.pid" ]; then
        runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgroot/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$pgroot"
}
trap cleanup EXIT
printf '%s\n' "$password" > "$pgroot/pwfile"
chown postgres "$pgroot/pwfile"
runuser -u postgres -- "$pgbin/initdb" -D "$pgroot/data" -U postgres --pwfile="$pgroot/pwfile" --auth-host=scram-sha-256 \
    -E UTF8 --no-locale >"$pgroot/initdb.log" 2>&1 || { cat "$pgroot/initdb.log"; exit 1; }
runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgroot/data" -l "$pgroot/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $pgport -k $pgroot -c max_connections=200" start >/dev/null \
    || { cat "$pgroot/server.log"; exit 1; }
echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pgport (fsync on)" >&2
BENCH_ONLY=audit BENCH_POSTGRES_URL="postgres://postgres@127.0.0.1:$pgport/postgres" BENCH_POSTGRES_PASSWORD="$password" \
    "$root/.build/release/rampart-bench"

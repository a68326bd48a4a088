#!/usr/bin/env bash
# Leaderboard read latency on PostgreSQL with generated data (100,000 students, 10 million ledger rows by default).
# Usage: bench/leaderboard.sh [students=100000] [ledger rows=10000000] [reads per case=2000]
# Uses PG_CONNECTION when set; otherwise starts a throwaway PostgreSQL 15 cluster (as in SETUP.md) and removes it after.
set -euo pipefail
students="${1:-100000}"; rows="${2:-10000000}"; reads="${3:-2000}"
cd "$(dirname "$0")/.."
work=$(mktemp -d)
cleanup() { [ -n "${pgdir:-}" ] && runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdir" -m fast stop >/dev/null 2>&1 || true; rm -rf "$work" "${pgdir:-}"; }
trap cleanup EXIT
conn="${PG_CONNECTION:-}"
# The bench migrates, seeds and loads its data into that database (and rebuilds the ledger's indexes): never a real one.
if [ -n "$conn" ] && ! echo "$conn" | grep -qi 'Database=[^;]*bench'; then echo "PG_CONNECTION must name a database made for the bench (its name containing 'bench')"; exit 2; fi
if [ -z "$conn" ]; then
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  pgdir=$(mktemp -d /tmp/aether-bench-pg.XXXX); chown postgres "$pgdir"; chmod 700 "$pgdir"
  port=5399
  runuser -u postgres -- "$pgbin/initdb" -D "$pgdir" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdir" -l "$pgdir/log" -w \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $pgdir -c fsync=off -c shared_buffers=512MB -c max_wal_size=4GB" start >/dev/null
  conn="Host=127.0.0.1;Port=$port;Database=aether_bench;Username=postgres"
fi
dotnet publish bench/LeaderboardRead -c Release -o "$work/bench" >/dev/null
dotnet "$work/bench/LeaderboardRead.dll" "$conn" "$students" "$rows" "$reads"

#!/usr/bin/env bash
# Throughput and latency of an authenticated API read (session check + centre-scoped paged query),
# against a Release build of the app on 127.0.0.1. Usage: bench/api-read.sh [Sqlite|Postgres] [seconds]
# For Postgres, export PG_CONNECTION (e.g. "Host=127.0.0.1;Port=5433;Database=aether_bench;Username=postgres").
set -euo pipefail
provider="${1:-Sqlite}"; seconds="${2:-15}"
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)"; exit 1; }
work=$(mktemp -d)
dotnet publish AetherLearn.Web -c Release -o "$work/app" >/dev/null
conn="Data Source=$work/bench.db"; [ "$provider" = Postgres ] && conn="${PG_CONNECTION:?set PG_CONNECTION}"
port=5391
(cd "$work/app" && ASPNETCORE_ENVIRONMENT=Development exec dotnet AetherLearn.Web.dll --urls "http://127.0.0.1:$port" \
  --Database:Provider="$provider" --ConnectionStrings:Default="$conn" --Database:MigrateOnStartup=true \
  --RateLimiting:PerIpPerMinute=100000000 --RateLimiting:PerUserPerMinute=100000000 --Logging:LogLevel:Default=Warning) &
app=$!
trap 'kill $app 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$port/openapi/v1.json" >/dev/null && break; sleep 1; done
token=$(curl -s -X POST "http://127.0.0.1:$port/api/v1/auth/token" -H 'content-type: application/json' \
  -d '{"email":"admin@northside.aetherlearn.test","password":"AetherDemo-2026!"}' | sed -E 's/.*"accessToken":"([^"]+)".*/\1/')
curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/users?limit=20" >/dev/null
wrk -t2 -c16 -d"${seconds}s" --latency -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/users?limit=20"

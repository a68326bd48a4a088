#!/usr/bin/env bash
# Live-room load: N student WebSocket connections over many sessions, a tutor per session measuring the delay from
# a student's send to the tutor's receipt, the server's memory and CPU at each step. See bench/README.md.
# Usage: bench/live-room.sh [steps=1000,2500,5000,7500] [students per session=10] [hold seconds=60]
set -euo pipefail
steps="${1:-1000,2500,5000,7500}"; per="${2:-10}"; hold="${3:-60}"
cd "$(dirname "$0")/.."
max=$(echo "$steps" | tr ',' '\n' | sort -n | tail -1)
# Each process (server and generator) holds one descriptor per connection.
need=$(( max + max / per + 500 ))
[ "$(ulimit -n)" -ge "$need" ] || ulimit -n "$need" || { echo "needs $need open files (ulimit -n)"; exit 1; }
work=$(mktemp -d)
dotnet publish AetherLearn.Web -c Release -o "$work/app" >/dev/null
dotnet publish bench/LiveRoomLoad -c Release -o "$work/load" >/dev/null
dotnet "$work/load/LiveRoomLoad.dll" prepare "$work/bench.db" $(( (max + per - 1) / per )) "$per" "$work/plan.json"
port=5392
(cd "$work/app" && ASPNETCORE_ENVIRONMENT=Production exec dotnet AetherLearn.Web.dll --urls "http://127.0.0.1:$port" \
  --Database:Provider=Sqlite --ConnectionStrings:Default="Data Source=$work/bench.db" --Database:MigrateOnStartup=false --Seed:Demo=false \
  --App:BaseUrl="http://127.0.0.1:$port" --RateLimiting:PerIpPerMinute=100000000 --Realtime:TokenLifetimeSeconds=86400 \
  --Logging:LogLevel:Default=Warning) &
app=$!
trap 'kill $app 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$port/favicon.png" >/dev/null && break; sleep 1; done
dotnet "$work/load/LiveRoomLoad.dll" run "http://127.0.0.1:$port" "$work/plan.json" "$app" "$steps" 20 "$hold"

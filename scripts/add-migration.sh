#!/usr/bin/env bash
# Adds a migration named $1 for both providers (each keeps its own folder: ADR 0002).
set -euo pipefail
name="${1:?usage: scripts/add-migration.sh MigrationName}"
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$name" --project AetherLearn.Data --startup-project AetherLearn.Web \
    --context "${provider}AetherDbContext" --output-dir "Migrations/$provider"
done
rm -f AetherLearn.Web/design-time.db

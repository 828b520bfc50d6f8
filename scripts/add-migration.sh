#!/usr/bin/env bash
# Adds a migration NAME for both providers, in Persistence/Migrations/<Provider>/ (STYLE.md: generated, never hand-edited).
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh MigrationName}
cd "$(dirname "$0")/../src/Parcours.Infrastructure"
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$name" --context "${provider}ParcoursDbContext" \
    --output-dir "Persistence/Migrations/$provider" --namespace "Parcours.Infrastructure.Persistence.Migrations.$provider"
done
# dotnet ef places the model snapshot by namespace; keep it beside its migrations.
if [ -d Parcours/Infrastructure ]; then
  for provider in Sqlite Postgres; do
    mv "Parcours/Infrastructure/Persistence/Migrations/$provider/"*Snapshot.cs "Persistence/Migrations/$provider/"
  done
  rm -rf Parcours
fi
rm -f design.db

#!/usr/bin/env bash
# One command to run the whole system locally: builds the apps (tests skipped), then starts an embedded
# PostgreSQL 17 (data kept in .data/), the command side on 8080 and the query side on 8081, and loads the
# demo data. Options: --no-demo (or POVERTY_DEMO=false). Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -B -q -ntp -DskipTests package
exec java -jar local-run/target/local-run-exec.jar "$@"

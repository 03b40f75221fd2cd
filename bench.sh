#!/usr/bin/env bash
# The province-scale benchmark (issue 8): builds the apps and the benchmark (tests skipped), then runs
# benchmark/target/benchmark.jar, which starts an embedded PostgreSQL 17 (or uses --db-url), both apps, measures
# and prints a table and, as its last line, BENCH {json}. `./bench.sh --help` lists the options.
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -B -q -ntp -DskipTests package
exec java -jar benchmark/target/benchmark.jar "$@"

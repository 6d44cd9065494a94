#!/usr/bin/env bash
# The project's ingest + profile against DuckDB doing the same core work on the same landing
# zones (docs/benchmarks.md, "Against DuckDB"): both wall times, the ratio and the time per
# million rows, one line per zone. A lab tool: it lives in the test sources, and DuckDB is a
# test-scope dependency, never in the product jar.
#   jobs/bench-duckdb.sh --landing DIR [--landing DIR ...] [--out FILE] [--threads N]
#   jobs/bench-duckdb.sh --landing DIR --duckdb-only PERIOD,...   (DuckDB's side alone)
# Heap: IJ_DRIVER_MEMORY (default 8g), as for the jobs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -q -B -DskipTests package
mvn -q -B dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath > /dev/null
source jobs/common.sh
# shellcheck disable=SC2086
exec java -Xmx"${IJ_DRIVER_MEMORY}" $IJ_JVM_FLAGS $IJ_EMBEDDED_JVM_FLAGS \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  org.ijcampaign.bench.DuckDbComparison "$@"

#!/usr/bin/env bash
# Builds the benchmarks module (and what it needs) and runs the end-to-end ingest benchmark.
# Usage: benchmarks/e2e-ingest.sh [--cdrs N] [--customers C] [--partitions P] [--batch B] ...
#        (see --help). JAVA_OPTS adds JVM options (e.g. a JFR recording); HEAP sets -Xmx (default 2g);
#        SKIP_BUILD=1 skips Maven.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  mvn -B -q -DskipTests -pl benchmarks -am package
fi
exec java -Xmx"${HEAP:-2g}" ${JAVA_OPTS:-} -cp "benchmarks/target/classes:benchmarks/target/lib/*" \
  io.cdrvault.bench.EndToEndIngest "$@"

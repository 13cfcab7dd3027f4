#!/usr/bin/env bash
# Builds the benchmarks module (and what it needs) and runs the streamed legal export benchmark:
# a store with one number in N records (default 1,000,000) over 10,000 customers, then the WARRANT
# export of that number through the real API, downloaded and verified.
# Usage: benchmarks/legal-export.sh [--records N] [--customers C] [--dir PARENT] [--keep] [--no-verify]
#        HEAP sets -Xmx (default 256m); JAVA_OPTS adds JVM options; MVN_FLAGS adds Maven flags
#        (e.g. -o); SKIP_BUILD=1 skips Maven. Disk: about 1.3 KB per record for the store, the zip
#        and the unpacked package (≈ 1.5 GB at 1 M records); --dir puts it elsewhere than /tmp.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  mvn -B -q ${MVN_FLAGS:-} -DskipTests -pl benchmarks -am package
fi
exec java -Xmx"${HEAP:-256m}" ${JAVA_OPTS:-} -cp "benchmarks/target/classes:benchmarks/target/lib/*" \
  io.cdrvault.bench.LegalExportBenchmark "$@"

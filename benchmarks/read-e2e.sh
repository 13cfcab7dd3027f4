#!/usr/bin/env bash
# Builds the benchmarks module (and what it needs) and runs the end-to-end read benchmark: a store
# pre-loaded through RocksCdrStore.write, the real HTTP API on 127.0.0.1, reads over HTTP (customer
# month, usage, FRAUD number lookup, billing run) and at store level, then the PostgreSQL peer of
# the customer month in the same run (see BENCHMARKS.md section 9 and ReadEndToEnd's javadoc).
# Usage: benchmarks/read-e2e.sh [--customers C] [--heavy H] [--number-records N] [--reps R]
#        [--warmup W] [--long-reps L] [--no-peer] ... (see --help).
# Installs the Debian package 'postgresql' when no initdb is found and the peer runs (as root: apt-get).
# JAVA_OPTS adds JVM options (e.g. a profiler agent); HEAP sets -Xmx (default 2g); SKIP_BUILD=1 skips
# Maven; PG_BIN picks the PostgreSQL bin dir.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

# shellcheck source=ensure-postgres.sh
source benchmarks/ensure-postgres.sh
if [[ " $* " != *" --no-peer "* && " $* " != *" --help "* ]]; then
  ensure_pg
fi

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  mvn -B -q -DskipTests -pl benchmarks -am package
fi
exec java -Xmx"${HEAP:-2g}" ${JAVA_OPTS:-} -cp "benchmarks/target/classes:benchmarks/target/lib/*" \
  io.cdrvault.bench.read.ReadEndToEnd "$@"

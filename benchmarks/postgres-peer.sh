#!/usr/bin/env bash
# Builds the benchmarks module (and what it needs) and runs the PostgreSQL peer of the end-to-end
# ingest benchmark: the same CDRs, sealed client side with cdrvault's key scheme, COPY-loaded into a
# throw-away PostgreSQL cluster (see BENCHMARKS.md section 3 and PostgresPeer's javadoc).
# Usage: benchmarks/postgres-peer.sh [--cdrs N] [--customers C] [--batch B] [--malformed F]
#        [--formats all|f1,f2] [--indexes 2|3] [--index-after] [--wal-compression V] ... (see --help).
# Installs the Debian package 'postgresql' when no initdb is found (as root: apt-get).
# JAVA_OPTS adds JVM options; PEER_HEAP sets -Xmx (default 4g: every decoded record is held in
# memory before the timed load); SKIP_BUILD=1 skips Maven; PG_BIN picks the PostgreSQL bin dir.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

# shellcheck source=ensure-postgres.sh
source benchmarks/ensure-postgres.sh
ensure_pg

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  mvn -B -q -DskipTests -pl benchmarks -am package
fi
exec java -Xmx"${PEER_HEAP:-4g}" ${JAVA_OPTS:-} -cp "benchmarks/target/classes:benchmarks/target/lib/*" \
  io.cdrvault.bench.PostgresPeer "$@"

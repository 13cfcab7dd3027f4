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

have_pg() {
  [[ -n "${PG_BIN:-}" && -x "${PG_BIN}/initdb" ]] && return 0
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null && return 0
  command -v initdb >/dev/null 2>&1
}
if [[ " $* " != *" --no-peer "* && " $* " != *" --help "* ]] && ! have_pg; then
  echo "no PostgreSQL server binaries found: installing the Debian package 'postgresql'" >&2
  sudo=""
  [[ "$(id -u)" != 0 ]] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y postgresql || { $sudo apt-get update && $sudo apt-get install -y postgresql; }
fi

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  mvn -B -q -DskipTests -pl benchmarks -am package
fi
exec java -Xmx"${HEAP:-2g}" ${JAVA_OPTS:-} -cp "benchmarks/target/classes:benchmarks/target/lib/*" \
  io.cdrvault.bench.read.ReadEndToEnd "$@"

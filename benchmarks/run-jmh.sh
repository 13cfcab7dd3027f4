#!/usr/bin/env bash
# Builds the benchmarks module (and what it needs) and runs JMH.
# Usage: benchmarks/run-jmh.sh [JMH args]   e.g. benchmarks/run-jmh.sh SealBenchmark -p keys=1
# Defaults -f 1 -wi 2 -i 3 apply to each of those options not given on the command line.
# SKIP_BUILD=1 skips the Maven build.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  mvn -B -q -DskipTests -pl benchmarks -am package
fi
declare -A given=()
for a in "$@"; do
  case "$a" in
    -f|-f[0-9]*) given[f]=1 ;;
    -wi|-wi[0-9]*) given[wi]=1 ;;
    -i|-i[0-9]*) given[i]=1 ;;
  esac
done
defaults=()
[[ -n "${given[f]:-}" ]] || defaults+=(-f 1)
[[ -n "${given[wi]:-}" ]] || defaults+=(-wi 2)
[[ -n "${given[i]:-}" ]] || defaults+=(-i 3)
exec java ${JAVA_OPTS:-} -cp "benchmarks/target/classes:benchmarks/target/lib/*" \
  org.openjdk.jmh.Main "${defaults[@]}" "$@"

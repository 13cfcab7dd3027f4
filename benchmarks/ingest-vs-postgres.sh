#!/usr/bin/env bash
# cdrvault's end-to-end ingest and its PostgreSQL peer on the same CDRs, one after the other (never
# at the same time): builds once (unless SKIP_BUILD=1), runs EndToEndIngest, then PostgresPeer with
# the same --cdrs/--customers/--formats/--batch/--malformed, and prints both rates and the ratio.
# Usage: benchmarks/ingest-vs-postgres.sh [--cdrs N] [--customers C] [--formats F] [--batch B]
#        [--malformed F] [--warm] [-- PEER-ONLY OPTIONS, e.g. --indexes 2 --index-after]
# --warm (cdrvault only) ingests the CDRs once into a throw-away store before the measured pass, so
# cdrvault runs on JIT-compiled code; the peer's bound is PostgreSQL's own COPY (native code).
# Full outputs are kept in $OUT_DIR (default: a new temp dir, printed). Exits non-zero if either
# run fails or a rate line is missing.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

common=()
e2e_only=()
peer_only=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --cdrs|--customers|--formats|--batch|--malformed)
      [[ $# -ge 2 ]] || { echo "option $1 needs a value" >&2; exit 2; }
      common+=("$1" "$2"); shift 2 ;;
    --warm) e2e_only+=("$1"); shift ;;
    --) shift; peer_only=("$@"); break ;;
    *) echo "unknown option $1 (common: --cdrs --customers --formats --batch --malformed; --warm; peer-only after --)" >&2
       exit 2 ;;
  esac
done

out="${OUT_DIR:-$(mktemp -d /tmp/ingest-vs-postgres.XXXXXX)}"
mkdir -p "$out"
echo "outputs in $out; options: ${common[*]:-(defaults)} ${peer_only[*]:+| peer only: ${peer_only[*]}}"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  mvn -B -q -DskipTests -pl benchmarks -am package || exit 1
fi

SKIP_BUILD=1 benchmarks/e2e-ingest.sh "${common[@]}" "${e2e_only[@]}" 2>&1 | tee "$out/e2e.txt"
e2e_status=${PIPESTATUS[0]}
SKIP_BUILD=1 benchmarks/postgres-peer.sh "${common[@]}" "${peer_only[@]}" 2>&1 | tee "$out/peer.txt"
peer_status=${PIPESTATUS[0]}

num() { tr -d , <<<"$1"; }
# INGEST   1,000,000 CDRs in 34.29 s = 29,162 CDR/s (...)
ingest_cdr=$(sed -nE 's/^INGEST +[0-9,]+ CDRs in [0-9.]+ s = ([0-9,]+) CDR\/s.*/\1/p' "$out/e2e.txt" | head -1)
#          store records written 1,098,865 = 32,046 rec/s (...)
ingest_rec=$(sed -nE 's/^ +store records written [0-9,]+ = ([0-9,]+) rec\/s.*/\1/p' "$out/e2e.txt" | head -1)
# PEER     postgresql 15.x: N rows in T s = R rows/s (= C CDR/s of input) (...)
peer_rows=$(sed -nE 's/^PEER +postgresql .* = ([0-9,]+) rows\/s .*/\1/p' "$out/peer.txt" | head -1)
peer_cdr=$(sed -nE 's/^PEER +postgresql .*rows\/s \(= ([0-9,]+) CDR\/s.*/\1/p' "$out/peer.txt" | head -1)

echo
echo "=== cdrvault vs PostgreSQL peer (${common[*]:-defaults}${e2e_only[*]:+; cdrvault ${e2e_only[*]}}) ==="
echo "cdrvault INGEST : ${ingest_cdr:-?} CDR/s = ${ingest_rec:-?} customer records/s (decode + attribute + seal + write, from Kafka)"
echo "postgres PEER   : ${peer_rows:-?} rows/s (= ${peer_cdr:-?} CDR/s; seal + COPY + CHECKPOINT, decode done before the clock)"
if [[ -n "$ingest_rec" && -n "$peer_rows" ]]; then
  awk -v a="$(num "$ingest_rec")" -v b="$(num "$peer_rows")" \
    'BEGIN { printf "ratio cdrvault/peer (records per second, same records): %.2f\n", a / b }'
fi
if [[ $e2e_status -ne 0 || $peer_status -ne 0 || -z "$ingest_rec" || -z "$peer_rows" ]]; then
  missing=""
  [[ -z "$ingest_rec" ]] && missing+=", no INGEST rate line"
  [[ -z "$peer_rows" ]] && missing+=", no PEER rate line"
  echo "FAILED: e2e exit $e2e_status, peer exit $peer_status$missing" >&2
  exit 1
fi

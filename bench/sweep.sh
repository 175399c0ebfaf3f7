#!/usr/bin/env bash
# Runs bench/local.sh once per JAVA_OPTS setting and prints one Markdown table of median figures, a row per
# setting. Settings are tried one variable at a time on top of BASE (each row = BASE + that one option).
#
#   bench/sweep.sh [--cds-row]        (--cds-row adds a row measured with local.sh --cds on BASE)
# Environment: BASE (default "-Dsun.net.httpserver.nodelay=true"), OPTIONS (newline-separated list, default
# below), RUNS (default 3), LOAD_RUNS (default 1), DURATION, WARMUP; results also go to SUMMARY_FILE if set.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BASE=${BASE--Dsun.net.httpserver.nodelay=true}
DEFAULT_OPTIONS='-XX:TieredStopAtLevel=1
-XX:+UseSerialGC
-XX:MaxRAM=512m
-Xss512k
-XX:ReservedCodeCacheSize=64m
-XX:MaxMetaspaceSize=128m
-XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30'
OPTIONS=${OPTIONS:-$DEFAULT_OPTIONS}
export RUNS=${RUNS:-3} LOAD_RUNS=${LOAD_RUNS:-1} SKIP_FAKE=1
CDS_ROW=0
[[ ${1:-} == --cds-row ]] && CDS_ROW=1

ROWS=

main() {
  local option
  ROWS=$(mktemp "${TMPDIR:-/tmp}/bench-sweep.XXXXXX")
  trap 'rm -f "$ROWS"' EXIT
  export SUMMARY_FILE=$ROWS
  log "sweep: no options, then BASE=\"$BASE\", then BASE + one option each"
  JAVA_OPTS="" "$BENCH_DIR/local.sh" >/dev/null
  [[ -n $BASE ]] && JAVA_OPTS="$BASE" "$BENCH_DIR/local.sh" >/dev/null
  while IFS= read -r option; do
    [[ -n $option ]] || continue
    JAVA_OPTS="$BASE $option" "$BENCH_DIR/local.sh" >/dev/null
  done <<<"$OPTIONS"
  ((CDS_ROW)) && JAVA_OPTS="$BASE" "$BENCH_DIR/local.sh" --cds >/dev/null
  echo
  echo "Medians of $RUNS fresh processes (cold start, RSS) / $RUNS wrk -t2 -c16 runs of ${DURATION:-10s} / $LOAD_RUNS hey load run(s)"
  echo
  echo "| JAVA_OPTS | cold start ms | req/s | p50 ms | p99 ms | RSS after 1,000 MB | load non-2xx | load RSS before → after MB |"
  echo "|---|---|---|---|---|---|---|---|"
  cat "$ROWS"
  [[ -n ${SWEEP_OUT:-} ]] && cp "$ROWS" "$SWEEP_OUT"
  return 0
}

main "$@"

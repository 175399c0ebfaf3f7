#!/usr/bin/env bash
# The local endpoint under real conditions (issue 11): Google's mint takes a few hundred milliseconds, many
# callers wait at once, and some clients are slow on purpose. Against bench/FakeGemini.java answering after
# DELAY_MS, each variant is measured with wrk at each connection count (a fresh process each time, warmed
# up with wrk first), then under the slow-client attack of bench/SlowClients.java (SLOW trickling connections
# while one ordinary POST every 250 ms is timed). Variants run interleaved, so a noisy machine hits all alike.
#
#   bench/local-load.sh [--help]
#
# Prints raw figures as it goes (stderr) and one Markdown table of medians at the end (stdout).
# Environment:
#   VARIANTS      ';'-separated "label|jar|JVM options" (absolute paths). Default: this tree's jar with the
#                 argument file the build wrote (README's launch line)
#   RUNS          fresh processes per variant and connection count (default 3)
#   CONNECTIONS   wrk connection counts (default "256 1024"); DURATION per run (default 10s), WARMUP s (default 5;
#                 on 2 cores the JIT keeps compiling for about 30 s of load, so WARMUP=30 measures the settled server)
#   DELAY_MS      the fake upstream's answer time (default 300)
#   SLOW          trickling connections (default 200; 0 skips the attack), SLOW_SECONDS its length (default 20)
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS=${RUNS:-3}
CONNECTIONS=${CONNECTIONS:-256 1024}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-5}
DELAY_MS=${DELAY_MS:-300}
SLOW=${SLOW:-200}
SLOW_SECONDS=${SLOW_SECONDS:-20}
VARIANTS=${VARIANTS:-"this tree|$REPO_DIR/adapter-local/target/live-token-local.jar|@$REPO_DIR/adapter-local/target/live-token-local.args"}
LUA=${LUA:-"$BENCH_DIR/post-empty.lua"}

# start_variant JAR OPTS PORT LOG: the server, answering tokens; sets SERVER_PID.
start_variant() {
  spawn_local "$@"
  wait_first_token "$3" "$4" "$SERVER_PID" 0.05
}

main() {
  [[ ${1:-} == -h || ${1:-} == --help ]] && { usage "$0"; exit 0; }
  ensure_tools
  bench_workdir bench-load
  IFS=';' read -ra VARIANT_LIST <<<"$VARIANTS"
  FAKE_PORT=$(free_port)
  start_fake "$FAKE_PORT" "$WORK/fake.log" "$DELAY_MS"
  log "fake upstream on $FAKE_PORT answering after $DELAY_MS ms; load average $(loadavg)"
  (cd "$WORK" && javac -d "$WORK/slow" "$BENCH_DIR/SlowClients.java")

  local run c v label jar opts port out key
  declare -gA RPS P50 P99 BAD SLOW_MAX SLOW_P50 SLOW_OK
  for ((run = 1; run <= RUNS; run++)); do
    for c in $CONNECTIONS; do
      for v in "${!VARIANT_LIST[@]}"; do
        IFS='|' read -r label jar opts <<<"${VARIANT_LIST[$v]}"
        port=$(free_port)
        start_variant "$jar" "$opts" "$port" "$WORK/server-$v.log"
        wrk -t2 -c"$c" -d"${WARMUP}s" --timeout 10s -s "$LUA" "http://127.0.0.1:$port/api/token" >/dev/null
        # The warm-up's connections count against MAX_CONNECTIONS until their requests in flight are answered;
        # opening as many again at once found the bound full (read errors at 1,024 connections, BENCHMARKS.md).
        sleep 3
        out="$WORK/wrk-$v-$c-$run.txt"
        wrk -t2 -c"$c" -d"$DURATION" --timeout 10s --latency -s "$LUA" "http://127.0.0.1:$port/api/token" >"$out"
        stop_pid "$SERVER_PID"
        key="$v/$c"
        RPS[$key]+="$(wrk_field "$out" rps) " P50[$key]+="$(wrk_field "$out" p50) " P99[$key]+="$(wrk_field "$out" p99) "
        BAD[$key]+="$(($(wrk_field "$out" non2xx) + $(wrk_field "$out" errors))) "
        log "run $run, $label, $c connections: $(wrk_field "$out" rps) req/s, p50 $(wrk_field "$out" p50) ms, p99 $(wrk_field "$out" p99) ms, non-2xx + errors $(($(wrk_field "$out" non2xx) + $(wrk_field "$out" errors))); load $(loadavg)"
      done
    done
    ((SLOW > 0)) || continue
    for v in "${!VARIANT_LIST[@]}"; do
      IFS='|' read -r label jar opts <<<"${VARIANT_LIST[$v]}"
      port=$(free_port)
      start_variant "$jar" "$opts" "$port" "$WORK/server-$v.log"
      out="$WORK/slow-$v-$run.txt"
      java -cp "$WORK/slow" SlowClients "$port" "$SLOW" "$SLOW_SECONDS" >"$out"
      stop_pid "$SERVER_PID"
      read -r _ _ _ ok _ max _ p50 _ <<<"$(tail -n1 "$out")"
      SLOW_MAX[$v]+="$max " SLOW_P50[$v]+="$p50 " SLOW_OK[$v]+="$ok/$(grep -c '^post ' "$out") "
      log "run $run, $label, $SLOW slow clients: $(tail -n1 "$out"); load $(loadavg)"
    done
  done

  echo
  echo "Local endpoint under load, fake upstream answering after $DELAY_MS ms; medians of $RUNS interleaved fresh processes ($(date -u '+%Y-%m-%d %H:%M UTC'), load average at the end $(loadavg))."
  echo
  echo "Command: \`RUNS=$RUNS CONNECTIONS=\"$CONNECTIONS\" DURATION=$DURATION WARMUP=$WARMUP DELAY_MS=$DELAY_MS SLOW=$SLOW bench/local-load.sh\`"
  echo
  echo "| variant | JVM options | connections | req/s (runs) | p50 ms | p99 ms | non-2xx + errors (runs) |"
  echo "|---|---|---|---|---|---|---|"
  for v in "${!VARIANT_LIST[@]}"; do
    IFS='|' read -r label jar opts <<<"${VARIANT_LIST[$v]}"
    for c in $CONNECTIONS; do
      key="$v/$c"
      # shellcheck disable=SC2086
      echo "| $label | \`${opts:-(none)}\` | $c | $(median ${RPS[$key]}) (${RPS[$key]% }) | $(median ${P50[$key]}) | $(median ${P99[$key]}) | ${BAD[$key]% } |"
    done
  done
  if ((SLOW > 0)); then
    echo
    echo "| variant | $SLOW slow clients for $SLOW_SECONDS s: ordinary POSTs answered 200 (runs) | slowest POST, ms (median of runs; runs) | median POST, ms |"
    echo "|---|---|---|---|"
    for v in "${!VARIANT_LIST[@]}"; do
      IFS='|' read -r label jar opts <<<"${VARIANT_LIST[$v]}"
      # shellcheck disable=SC2086
      echo "| $label | ${SLOW_OK[$v]% } | $(median ${SLOW_MAX[$v]}) (${SLOW_MAX[$v]% }) | $(median ${SLOW_P50[$v]}) |"
    done
  fi
}

main "$@"

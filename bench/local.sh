#!/usr/bin/env bash
# Benchmarks the local token endpoint (adapter-local) against bench/FakeGemini.java as the upstream.
#
#   bench/local.sh [--build] [--quick]
#
# Prints the raw numbers as it goes (stderr) and ONE Markdown table at the end (stdout).
#   --build   rebuild the jar even if it exists (otherwise only when missing)
#   --cds     first train an AppCDS archive (one run with -XX:ArchiveClassesAtExit, 500 requests), then
#             measure with -XX:SharedArchiveFile pointing at it (added to JAVA_OPTS)
#   --quick   RUNS=2 LOAD_RUNS=1 DURATION=3s WARMUP=2 (for debugging the script, not for numbers)
#   --cold-only  only cold start, RSS and artifact size (no wrk, no load test): for quick A/B of JVM options
# Environment:
#   JAVA_OPTS     JVM options of the measured process (default empty), printed in the table header
#   RUNS          fresh processes for cold start / RSS, and wrk runs for throughput (default 5)
#   LOAD_RUNS     fresh processes for the hey load test (default 3)
#   DURATION      each wrk run (default 10s); WARMUP seconds of wrk before them (default 5)
#   SKIP_FAKE=1   do not measure the fake alone (the sweep measures it once)
#   SUMMARY_FILE  append one Markdown row of median figures to this file (used by bench/sweep.sh)
#   RESULTS_FILE  append KEY=VALUE lines of the median figures to this file (used by bench/all.sh)
#   LOAD_RUNS=0   skip the hey load test
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

JAVA_OPTS=${JAVA_OPTS:-}
RUNS=${RUNS:-5}
LOAD_RUNS=${LOAD_RUNS:-3}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-5}
SKIP_FAKE=${SKIP_FAKE:-0}
SUMMARY_FILE=${SUMMARY_FILE:-}
BUILD=0
CDS=${CDS:-0}
COLD_ONLY=0

JAR="$REPO_DIR/adapter-local/target/live-token-local.jar"
LIB="$REPO_DIR/adapter-local/target/lib"
LUA="$BENCH_DIR/post-empty.lua"
BODY='{}'

# Node reference on this machine kind (same kind of fake upstream): midpoints of the measured ranges.
NODE_COLD_MS=600     # 0.3-0.9 s
NODE_RPS=1415        # 1,350-1,480 requests/s
NODE_P99_MS=34.5     # 26-43 ms
NODE_RSS_MB=140      # 135-145 MB

parse_args() {
  local arg
  for arg in "$@"; do
    case "$arg" in
      --build) BUILD=1 ;;
      --cds) CDS=1 ;;
      --quick) RUNS=2 LOAD_RUNS=1 DURATION=3s WARMUP=2 ;;
      --cold-only) COLD_ONLY=1 LOAD_RUNS=0 SKIP_FAKE=1 ;;
      -h | --help) usage "$0"; exit 0 ;;
      *) die "unknown argument $arg (see --help)" ;;
    esac
  done
}

build_jar() {
  if ((BUILD)) || [[ ! -f $JAR || ! -d $LIB ]]; then
    log "building adapter-local"
    (cd "$REPO_DIR" && mvn -q -B -DskipTests package -pl adapter-local -am) >&2
  fi
  [[ -f $JAR && -d $LIB ]] || die "no $JAR with lib/ beside it"
}

# start_server PORT: starts the jar (cwd: a scratch dir, so no stray .env), sets SERVER_PID.
# Request logging stays at its default (on), into a file.
start_server() {
  local port=$1 opts=()
  read -ra opts <<<"$JAVA_OPTS"
  (cd "$WORK" && exec env PORT="$port" GEMINI_API_KEY=bench-key GEMINI_BASE_URL="http://127.0.0.1:$FAKE_PORT" \
    RATE_LIMIT_PER_MINUTE=0 java "${opts[@]+"${opts[@]}"}" -jar "$JAR") >>"$WORK/server-$port.log" 2>&1 &
  SERVER_PID=$!
  track_pid "$SERVER_PID"
}

post_status() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 5 -X POST -H 'Content-Type: application/json' \
    -d "$BODY" "$1" || true
}

# Polls POST /api/token in a tight loop until it answers 200; fails if the process dies or after 60 s.
# Sets LISTEN_NS to when the port first accepted a connection (checked with bash's /dev/tcp before each
# curl until then: the first curl that connects may take a while to answer, the port-open time may not).
wait_first_200() {
  local url=$1 pid=$2 deadline=$(($(date +%s) + 60)) port
  port=${url#http://127.0.0.1:} port=${port%%/*}
  LISTEN_NS=
  while true; do
    [[ -z $LISTEN_NS ]] && port_open "$port" && LISTEN_NS=$(now_ns)
    [[ -n $LISTEN_NS && $(post_status "$url") == 200 ]] && break
    kill -0 "$pid" 2>/dev/null || { tail -n 5 "$WORK/server-$port.log" >&2; die "server exited before its first 200"; }
    (($(date +%s) < deadline)) || die "no 200 from $url within 60 s"
  done
}

# Cold start and RSS after 1,000 requests, on RUNS fresh processes.
measure_cold_and_rss() {
  local i port url t0 t1 ms listen idle after
  COLD=() LISTEN=() RSS_IDLE=() RSS_1000=()
  for ((i = 1; i <= RUNS; i++)); do
    port=$(free_port)
    url="http://127.0.0.1:$port/api/token"
    t0=$(now_ns)
    start_server "$port"
    wait_first_200 "$url" "$SERVER_PID"
    t1=$(now_ns)
    ms=$(printf '%.0f' "$(elapsed_ms "$t0" "$t1")")
    listen=$(printf '%.0f' "$(elapsed_ms "$t0" "$LISTEN_NS")")
    idle=$(rss_mb "$SERVER_PID")
    hey -n 1000 -c 8 -m POST -T application/json -d "$BODY" "$url" >"$WORK/hey-1000-$i.txt"
    after=$(rss_mb "$SERVER_PID")
    stop_pid "$SERVER_PID"
    COLD+=("$ms") LISTEN+=("$listen") RSS_IDLE+=("$idle") RSS_1000+=("$after")
    log "cold start run $i: ${ms} ms to first 200 (port open at ${listen} ms); RSS ${idle} MB after it, ${after} MB after 1,000 requests ($(hey_status_summary "$WORK/hey-1000-$i.txt"))"
  done
}

# measure_wrk LABEL URL: WARMUP s of wrk, then RUNS runs of DURATION; sets RPS/P50/P99/NON2XX arrays.
measure_wrk() {
  local label=$1 url=$2 i out
  RPS=() P50=() P99=() NON2XX=()
  wrk -t2 -c16 -d"${WARMUP}s" -s "$LUA" "$url" >/dev/null
  for ((i = 1; i <= RUNS; i++)); do
    out="$WORK/wrk-$label-$i.txt"
    wrk -t2 -c16 -d"$DURATION" --latency -s "$LUA" "$url" >"$out"
    RPS+=("$(wrk_field "$out" rps)") P50+=("$(wrk_field "$out" p50)") P99+=("$(wrk_field "$out" p99)")
    NON2XX+=($(($(wrk_field "$out" non2xx) + $(wrk_field "$out" errors))))
    log "wrk $label run $i: ${RPS[-1]} req/s, p50 ${P50[-1]} ms, p99 ${P99[-1]} ms, non-2xx+errors ${NON2XX[-1]}"
  done
}

measure_throughput() {
  local port
  port=$(free_port)
  start_server "$port"
  wait_first_200 "http://127.0.0.1:$port/api/token" "$SERVER_PID"
  measure_wrk local "http://127.0.0.1:$port/api/token"
  T_RPS=("${RPS[@]}") T_P50=("${P50[@]}") T_P99=("${P99[@]}") T_NON2XX=("${NON2XX[@]}")
  stop_pid "$SERVER_PID"
  if ((SKIP_FAKE)); then
    F_RPS=() F_P50=() F_P99=()
  else
    measure_wrk fake "http://127.0.0.1:$FAKE_PORT/v1alpha/auth_tokens"
    F_RPS=("${RPS[@]}") F_P50=("${P50[@]}") F_P99=("${P99[@]}")
  fi
}

# "200: 1000" style summary of a hey output's status codes, plus transport errors.
hey_status_summary() {
  awk '/^Status code distribution:/ { s = 1; next } /^Error distribution:/ { s = 0; e = 1; next }
    s && /\[[0-9]+\]/ { gsub(/[\[\]]/, "", $1); out = out sep $1 ": " $2; sep = ", " }
    e && /\[[0-9]+\]/ { gsub(/[\[\]]/, "", $1); errs += $1 }
    END { printf "%s%s", out, errs ? sep "transport errors: " errs : "" }' "$1"
}

# Non-2xx answers plus transport errors in a hey output.
hey_not_2xx() {
  awk '/^Status code distribution:/ { s = 1; next } /^Error distribution:/ { s = 0; e = 1; next }
    s && /\[[0-9]+\]/ { gsub(/[\[\]]/, "", $1); if ($1 < 200 || $1 > 299) n += $2 }
    e && /\[[0-9]+\]/ { gsub(/[\[\]]/, "", $1); n += $1 }
    END { print n + 0 }' "$1"
}

# Answers plus transport errors in a hey output (hey sends floor(n/c)*c requests, so 20032 = 313*64 to send at least 20,000).
hey_total() {
  awk '/^Status code distribution:/ { s = 1; next } /^Error distribution:/ { s = 0; e = 1; next }
    s && /\[[0-9]+\]/ { n += $2 } e && /\[[0-9]+\]/ { gsub(/[\[\]]/, "", $1); n += $1 }
    END { print n + 0 }' "$1"
}

# hey -n 20032 -c 64 on LOAD_RUNS fresh processes: non-2xx answers, RSS before and after.
measure_load() {
  local i port url out before after
  L_BAD=() L_BEFORE=() L_AFTER=() L_RPS=() L_SENT=()
  for ((i = 1; i <= LOAD_RUNS; i++)); do
    port=$(free_port)
    url="http://127.0.0.1:$port/api/token"
    start_server "$port"
    wait_first_200 "$url" "$SERVER_PID"
    before=$(rss_mb "$SERVER_PID")
    out="$WORK/hey-load-$i.txt"
    hey -n 20032 -c 64 -m POST -T application/json -d "$BODY" "$url" >"$out"
    after=$(rss_mb "$SERVER_PID")
    stop_pid "$SERVER_PID"
    L_BAD+=("$(hey_not_2xx "$out")") L_SENT+=("$(hey_total "$out")") L_BEFORE+=("$before") L_AFTER+=("$after")
    L_RPS+=("$(awk '/Requests\/sec:/ { printf "%.0f", $2 }' "$out")")
    log "load run $i: $(hey_status_summary "$out"); ${L_RPS[-1]} req/s; RSS ${before} -> ${after} MB"
  done
}

# Trains a dynamic AppCDS archive (JDK 13+): one process serves 500 requests and dumps the classes it
# loaded when it exits on SIGTERM; the measured processes then map it with -XX:SharedArchiveFile.
train_cds() {
  local port url archive="$WORK/app.jsa" saved=$JAVA_OPTS
  port=$(free_port)
  url="http://127.0.0.1:$port/api/token"
  JAVA_OPTS="$saved -XX:ArchiveClassesAtExit=$archive"
  start_server "$port"
  wait_first_200 "$url" "$SERVER_PID"
  hey -n 500 -c 8 -m POST -T application/json -d "$BODY" "$url" >/dev/null
  stop_pid "$SERVER_PID"
  [[ -s $archive ]] || die "no AppCDS archive written (see $WORK/server-$port.log)"
  log "AppCDS archive: $(du -sh "$archive" | cut -f1)"
  JAVA_OPTS="$saved -XX:SharedArchiveFile=$archive"
  LABEL_OPTS="$saved -XX:SharedArchiveFile=app.jsa (trained by --cds)"
}

artifact_size() {
  ARTIFACT=$(du -shc "$JAR" "$LIB" | awk 'END { print $1 }')
  ARTIFACT_BYTES=$(size_bytes "$JAR" "$LIB")
  log "artifact: jar $(du -sh "$JAR" | cut -f1), lib/ $(du -sh "$LIB" | cut -f1) ($(ls "$LIB" | wc -l) jars), total $ARTIFACT"
}

range() { echo "$(min_of "$@")–$(max_of "$@")"; }

print_table() {
  local cold rps=- p99=- rss
  cold=$(median "${COLD[@]}") rss=$(median "${RSS_1000[@]}")
  if ((!COLD_ONLY)); then rps=$(median "${T_RPS[@]}") p99=$(median "${T_P99[@]}"); fi
  result local.cold_ms "$cold"
  result local.cold_runs "${COLD[*]}"
  result local.listen_ms "$(median "${LISTEN[@]}")"
  result local.rss_mb "$rss"
  result local.rss_runs "${RSS_1000[*]}"
  result local.bytes "$ARTIFACT_BYTES"
  if ((!COLD_ONLY)); then
    result local.rps "$rps"
    result local.rps_runs "${T_RPS[*]}"
    result local.p50_ms "$(median "${T_P50[@]}")"
    result local.p99_ms "$p99"
    result local.bad "$(median "${T_NON2XX[@]}")"
    ((${#F_RPS[@]})) && result local.fake_rps "$(median "${F_RPS[@]}")"
  fi
  ((LOAD_RUNS > 0)) && result local.load_bad "$(median "${L_BAD[@]}")" && result local.load_rss_after "$(median "${L_AFTER[@]}")"
  echo
  if ((COLD_ONLY)); then
    echo "Local endpoint, \`JAVA_OPTS=\"$LABEL_OPTS\"\` (medians of $RUNS fresh processes; --cold-only: no wrk, no load test)"
  else
    echo "Local endpoint, \`JAVA_OPTS=\"$LABEL_OPTS\"\` (medians; $RUNS fresh processes / $RUNS wrk runs of $DURATION after ${WARMUP} s warm-up / $LOAD_RUNS load runs)"
  fi
  echo
  echo "| measure | median | min–max | Node reference | ours / Node midpoint |"
  echo "|---|---|---|---|---|"
  echo "| cold start, spawn to first 200 | $(awk -v m="$cold" 'BEGIN { printf "%.0f ms", m }') | $(range "${COLD[@]}") ms | 300–900 ms | $(ratio "$cold" "$NODE_COLD_MS") |"
  echo "| … of which spawn to port open | $(awk -v m="$(median "${LISTEN[@]}")" 'BEGIN { printf "%.0f ms", m }') | $(range "${LISTEN[@]}") ms | | |"
  if ((!COLD_ONLY)); then
  echo "| throughput, wrk -t2 -c16, body {} | $rps req/s | $(range "${T_RPS[@]}") | 1,350–1,480 req/s | $(ratio "$rps" "$NODE_RPS") |"
  echo "| latency p50 | $(median "${T_P50[@]}") ms | $(range "${T_P50[@]}") ms | | |"
  echo "| latency p99 | $p99 ms | $(range "${T_P99[@]}") ms | 26–43 ms | $(ratio "$p99" "$NODE_P99_MS") |"
  echo "| non-2xx + socket errors during wrk (per run) | $(median "${T_NON2XX[@]}") | $(range "${T_NON2XX[@]}") | | |"
  if ((${#F_RPS[@]})); then
    echo "| fake upstream alone, wrk -t2 -c16 | $(median "${F_RPS[@]}") req/s, p99 $(median "${F_P99[@]}") ms | $(range "${F_RPS[@]}") req/s | | |"
  fi
  fi
  echo "| RSS right after first 200 | $(median "${RSS_IDLE[@]}") MB | $(range "${RSS_IDLE[@]}") MB | | |"
  echo "| RSS after 1,000 requests (hey -c 8) | $rss MB | $(range "${RSS_1000[@]}") MB | 135–145 MB | $(ratio "$rss" "$NODE_RSS_MB") |"
  if ((LOAD_RUNS > 0)); then
  echo "| load hey -n 20032 -c 64: non-2xx + errors (of $(median "${L_SENT[@]}") sent) | $(median "${L_BAD[@]}") | $(range "${L_BAD[@]}") | | |"
  echo "| load: req/s | $(median "${L_RPS[@]}") | $(range "${L_RPS[@]}") | | |"
  echo "| load: RSS before → after | $(median "${L_BEFORE[@]}") → $(median "${L_AFTER[@]}") MB | after $(range "${L_AFTER[@]}") MB | | |"
  fi
  echo "| artifact, jar + lib/ (du -sh) | $ARTIFACT ($(bytes_label "$ARTIFACT_BYTES")) | | | |"
  if [[ -n $SUMMARY_FILE ]] && ((!COLD_ONLY && LOAD_RUNS > 0)); then
    printf '| `%s` | %.0f | %s | %s | %s | %s | %s | %s → %s |\n' "${LABEL_OPTS:-(none)}" "$cold" "$rps" \
      "$(median "${T_P50[@]}")" "$p99" "$rss" "$(median "${L_BAD[@]}")" \
      "$(median "${L_BEFORE[@]}")" "$(median "${L_AFTER[@]}")" >>"$SUMMARY_FILE"
  fi
}

main() {
  parse_args "$@"
  ensure_tools
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench-local.XXXXXX")
  trap 'bench_cleanup; rm -rf "$WORK"' EXIT
  trap 'exit 130' INT TERM
  build_jar
  log "JAVA_OPTS=\"$JAVA_OPTS\" RUNS=$RUNS LOAD_RUNS=$LOAD_RUNS DURATION=$DURATION WARMUP=${WARMUP}s; scratch $WORK"
  FAKE_PORT=$(free_port)
  start_fake "$FAKE_PORT" "$WORK/fake.log"
  log "fake upstream on port $FAKE_PORT (pid $FAKE_PID)"
  LABEL_OPTS=$JAVA_OPTS
  ((CDS)) && train_cds
  log "load average before: $(loadavg)"
  measure_cold_and_rss
  ((COLD_ONLY)) || measure_throughput
  ((LOAD_RUNS > 0)) && measure_load
  log "load average after: $(loadavg)"
  artifact_size
  print_table
}

main "$@"

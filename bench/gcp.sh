#!/usr/bin/env bash
# Benchmarks the Cloud Functions adapter under Google's own invoker (what Cloud Functions runs):
#   java -jar adapter-gcp/target/invoker/java-function-invoker.jar --classpath adapter-gcp/target/deploy/live-token-gcp.jar
#        --target dev.livetoken.gcp.TokenHttpFunction --port N
# against bench/FakeGemini.java on loopback, and prints ONE Markdown table (stdout; progress on stderr):
#   - cold start: spawn to the first 200 from POST /api/token (polled every 10 ms), median of RUNS fresh invokers,
#     and the CPU time (user + system) the invoker used until then (steadier than wall time on a busy machine);
#   - RSS (VmRSS) of each of those invokers after REQUESTS further POSTs over one keep-alive connection (one curl);
#   - throughput: wrk -t2 -c16 --latency with bench/post-empty.lua on one more invoker, WARMUP s of wrk first,
#     then RUNS runs of DURATION: req/s, p50, p99;
#   - the deploy directory's size.
#
#   bench/gcp.sh [--build] [--quick]
# Environment: JVM_FLAGS (extra JVM options, passed as JAVA_TOOL_OPTIONS as Cloud Functions would), RUNS (5),
# REQUESTS (1000), DURATION (10s), WARMUP (5), RESULTS_FILE (KEY=VALUE lines for bench/all.sh).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS=${RUNS:-5}
REQUESTS=${REQUESTS:-1000}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-5}
JVM_FLAGS=${JVM_FLAGS:-}
BUILD=0
TARGET="$REPO_DIR/adapter-gcp/target"
DEPLOY="$TARGET/deploy"
INVOKER="$TARGET/invoker/java-function-invoker.jar"
ENTRY_POINT=dev.livetoken.gcp.TokenHttpFunction
LUA="$BENCH_DIR/post-empty.lua"

for arg in "$@"; do
  case "$arg" in
    --build) BUILD=1 ;;
    --quick) RUNS=2 DURATION=3s WARMUP=2 ;;
    -h | --help) usage "$0"; exit 0 ;;
    *) die "unknown argument $arg (see --help)" ;;
  esac
done

if ((BUILD)) || [[ ! -f $INVOKER || ! -f $DEPLOY/live-token-gcp.jar ]]; then
  log "building adapter-gcp"
  (cd "$REPO_DIR" && mvn -B -q -DskipTests package -pl adapter-gcp -am) >&2
fi
[[ -f $INVOKER && -f $DEPLOY/live-token-gcp.jar ]] || die "no invoker or deploy jar under $TARGET"
ensure_tools

WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench-gcp.XXXXXX")
trap 'bench_cleanup; rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

FAKE_PORT=$(free_port)
start_fake "$FAKE_PORT" "$WORK/fake.log"
log "fake upstream on port $FAKE_PORT; JVM_FLAGS=\"$JVM_FLAGS\"; load average $(loadavg)"

COLD=() CPU=() RSS=()
for ((run = 1; run <= RUNS; run++)); do
  port=$(free_port)
  t0=$(now_ns)
  start_gcf_invoker "$DEPLOY/live-token-gcp.jar" "$ENTRY_POINT" "$JVM_FLAGS" "$port" "$WORK/invoker-$run.log"
  wait_first_token "$port" "$WORK/invoker-$run.log" "$INVOKER_PID"
  COLD+=("$(printf '%.0f' "$(elapsed_ms "$t0" "$(now_ns)")")")
  CPU+=("$(cpu_ms "$INVOKER_PID")")
  # One curl process, REQUESTS URLs: a single keep-alive connection, as a front end would hold it.
  urls=()
  for _ in $(seq "$REQUESTS"); do urls+=(-o /dev/null "http://127.0.0.1:$port/api/token"); done
  ok=$(curl -s -w '%{http_code}\n' -X POST -H 'Content-Type: application/json' -d '{}' "${urls[@]}" | grep -c '^200$' || true)
  [[ $ok == "$REQUESTS" ]] || die "only $ok of $REQUESTS requests answered 200"
  RSS+=("$(rss_mb "$INVOKER_PID")")
  stop_pid "$INVOKER_PID"
  log "run $run: first 200 after ${COLD[-1]} ms (${CPU[-1]} ms CPU), RSS after $REQUESTS requests ${RSS[-1]} MB"
done

port=$(free_port)
start_gcf_invoker "$DEPLOY/live-token-gcp.jar" "$ENTRY_POINT" "$JVM_FLAGS" "$port" "$WORK/invoker-wrk.log"
wait_first_token "$port" "$WORK/invoker-wrk.log" "$INVOKER_PID"
url="http://127.0.0.1:$port/api/token"
wrk -t2 -c16 -d"${WARMUP}s" -s "$LUA" "$url" >/dev/null
RPS=() P50=() P99=() BAD=()
for ((run = 1; run <= RUNS; run++)); do
  out="$WORK/wrk-$run.txt"
  wrk -t2 -c16 -d"$DURATION" --latency -s "$LUA" "$url" >"$out"
  RPS+=("$(wrk_field "$out" rps)") P50+=("$(wrk_field "$out" p50)") P99+=("$(wrk_field "$out" p99)")
  BAD+=($(($(wrk_field "$out" non2xx) + $(wrk_field "$out" errors))))
  log "wrk run $run: ${RPS[-1]} req/s, p50 ${P50[-1]} ms, p99 ${P99[-1]} ms, non-2xx+errors ${BAD[-1]}"
done
stop_pid "$INVOKER_PID"

DEPLOY_BYTES=$(size_bytes "$DEPLOY")
JARS=$(find "$DEPLOY" -name '*.jar' | wc -l)
log "load average after: $(loadavg)"

result gcp.cold_ms "$(median "${COLD[@]}")"
result gcp.cold_runs "${COLD[*]}"
result gcp.cpu_ms "$(median "${CPU[@]}")"
result gcp.rps "$(median "${RPS[@]}")"
result gcp.rps_runs "${RPS[*]}"
result gcp.p50_ms "$(median "${P50[@]}")"
result gcp.p99_ms "$(median "${P99[@]}")"
result gcp.bad "$(median "${BAD[@]}")"
result gcp.rss_mb "$(median "${RSS[@]}")"
result gcp.rss_runs "${RSS[*]}"
result gcp.bytes "$DEPLOY_BYTES"

echo
echo "Cloud Functions adapter under Google's invoker, JVM flags: \`${JVM_FLAGS:-(none)}\` (medians of $RUNS; wrk runs of $DURATION after ${WARMUP} s warm-up)"
echo
echo "| measure | median | runs |"
echo "|---|---|---|"
echo "| cold start, spawn to first 200 | $(median "${COLD[@]}") ms | ${COLD[*]} |"
echo "| CPU time to first 200 | $(median "${CPU[@]}") ms | ${CPU[*]} |"
echo "| throughput, wrk -t2 -c16, body {} | $(median "${RPS[@]}") req/s | ${RPS[*]} |"
echo "| latency p50 / p99 | $(median "${P50[@]}") / $(median "${P99[@]}") ms | p99: ${P99[*]} |"
echo "| non-2xx + socket errors during wrk (per run) | $(median "${BAD[@]}") | ${BAD[*]} |"
echo "| RSS after $REQUESTS requests (one keep-alive connection) | $(median "${RSS[@]}") MB | ${RSS[*]} |"
echo "| deploy directory ($JARS jars) | $(bytes_label "$DEPLOY_BYTES") | |"

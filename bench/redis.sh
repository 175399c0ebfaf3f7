#!/usr/bin/env bash
# The local endpoint with REDIS_URL unset (limits counted in memory) and set (counted in a redis-server on
# loopback), interleaved run by run so that both share the machine's noise. Both count every request against
# a per-caller and a global budget set too high to refuse (so each request costs the lookups and nothing is
# refused); wrk sends from one address, so the Redis case hammers two keys, its worst case.
#
#   bench/redis.sh [RUNS]        (default 7)
#
# Per run and variant: cold start (spawn to the first 200 from POST /api/token, README's command: the
# argument file the build writes, with its AOT cache and JVM options) and throughput (wrk -t2 -c16, DURATION, after WARMUP s of wrk) against
# the instant fake upstream (bench/FakeGemini.java). Prints one Markdown table (stdout; progress on stderr).
# Needs wrk, curl and a built adapter-local (mvn -B -DskipTests package); redis-server from the PATH, or else
# the build in the embedded-redis jar the tests use (from ~/.m2, as the tests leave it).
# Environment: DURATION (default 10s), WARMUP (default 3); BASE_JAR and BASE_ARGS: a second Redis variant,
# "redis-base", run from another build (e.g. an older commit's), interleaved with the others.
# Per Redis run it also reports the Redis commands per request (INFO commandstats over the whole run).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

case "${1:-}" in
  -h | --help) usage "$0"; exit 0 ;;
esac
RUNS=${1:-7}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-3}
JAR="$REPO_DIR/adapter-local/target/live-token-local.jar"
ARGS="$REPO_DIR/adapter-local/target/live-token-local.args"
LUA="$BENCH_DIR/post-empty.lua"
HIGH=1000000000

ensure_tools
[[ -f $JAR ]] || die "build first: mvn -B -DskipTests package"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench-redis.XXXXXX")
trap 'bench_cleanup; rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

FAKE_PORT=$(free_port)
start_fake "$FAKE_PORT" "$WORK/fake.log"
REDIS_SERVER=$(command -v redis-server || true)
if [[ -z $REDIS_SERVER ]]; then
  EMBEDDED=$(ls ~/.m2/repository/com/github/codemonstur/embedded-redis/*/embedded-redis-*.jar 2>/dev/null | tail -1)
  [[ -n $EMBEDDED ]] || die "no redis-server on the PATH and no embedded-redis jar in ~/.m2 (run the tests once)"
  unzip -p "$EMBEDDED" redis-server-6.2.6-v5-linux-amd64 >"$WORK/redis-server" && chmod +x "$WORK/redis-server"
  REDIS_SERVER="$WORK/redis-server"
fi
REDIS_PORT=$(free_port)
"$REDIS_SERVER" --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK" >"$WORK/redis.log" 2>&1 &
track_pid $!
wait_port "$REDIS_PORT" 30 $!

VARIANTS=(memory redis)
[[ -n ${BASE_JAR:-} ]] && VARIANTS+=(redis-base)

# Total calls of the Redis commands this benchmark's servers send, from INFO commandstats.
redis_calls() {
  exec 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT"
  printf 'INFO commandstats\r\n' >&3
  timeout 1 cat <&3 | tr -d '\r' | awk -F'[=,:]' '/^cmdstat_(get|eval|evalsha)/ { s += $3 } END { print s + 0 }'
  exec 3<&-
}

# start VARIANT PORT: sets SERVER_PID.
start() {
  local variant=$1 port=$2 redis=() jar=$JAR args=$ARGS
  [[ $variant == redis* ]] && redis=(REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0")
  [[ $variant == redis-base ]] && jar=$BASE_JAR args=$BASE_ARGS
  (cd "$WORK" && exec env PORT="$port" GEMINI_API_KEY=bench-key GEMINI_BASE_URL="http://127.0.0.1:$FAKE_PORT" \
    RATE_LIMIT_PER_MINUTE=$HIGH GLOBAL_RATE_LIMIT_PER_MINUTE=$HIGH REQUEST_LOG=false "${redis[@]+"${redis[@]}"}" \
    java @"$args" -jar "$jar") >>"$WORK/server-$variant.log" 2>&1 &
  SERVER_PID=$!
  track_pid "$SERVER_PID"
}

first_200() {
  local url=$1 deadline=$(($(date +%s) + 60))
  until [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -X POST -H 'Content-Type: application/json' \
    -d '{}' "$url" || true) == 200 ]]; do
    kill -0 "$SERVER_PID" 2>/dev/null || die "server exited before its first 200"
    (($(date +%s) < deadline)) || die "no 200 from $url within 60 s"
  done
}

declare -A COLD RPS P99 NON2XX CALLS
log "load before: $(loadavg)"
for ((i = 1; i <= RUNS; i++)); do
  for variant in "${VARIANTS[@]}"; do
    port=$(free_port)
    url="http://127.0.0.1:$port/api/token"
    t0=$(now_ns)
    start "$variant" "$port"
    first_200 "$url"
    cold=$(printf '%.0f' "$(elapsed_ms "$t0" "$(now_ns)")")
    if [[ $variant == redis* ]]; then
      # Throughput is measured once counting is shared (an older build's first requests may precede it).
      for _ in $(seq 1 100); do grep -q 'counted in Redis' "$WORK/server-$variant.log" && break; sleep 0.1; done
    fi
    wrk -t2 -c16 -d"${WARMUP}s" -s "$LUA" "$url" >/dev/null
    out="$WORK/wrk-$variant-$i.txt"
    before=$(redis_calls)
    wrk -t2 -c16 -d"$DURATION" --latency -s "$LUA" "$url" >"$out"
    after=$(redis_calls)
    stop_pid "$SERVER_PID"
    requests=$(awk '/requests in/ { print $1 }' "$out")
    CALLS[$variant]+="$(awk -v c=$((after - before)) -v r="$requests" 'BEGIN { printf "%.2f", (r > 0 ? c / r : 0) }') "
    COLD[$variant]+="$cold " RPS[$variant]+="$(wrk_field "$out" rps) " P99[$variant]+="$(wrk_field "$out" p99) "
    NON2XX[$variant]+="$(($(wrk_field "$out" non2xx) + $(wrk_field "$out" errors))) "
    log "run $i $variant: cold ${cold} ms, $(wrk_field "$out" rps) req/s, p99 $(wrk_field "$out" p99) ms, non-2xx+errors $(wrk_field "$out" non2xx)"
  done
done
warnings=$(cat "$WORK"/server-redis*.log | grep -c '"severity":"WARNING","message":"Redis' || true)
log "load after: $(loadavg); fallback warnings in the Redis runs: $warnings"

# shellcheck disable=SC2086
{
  echo "| REDIS_URL | cold start, median (min–max) | throughput, median req/s (min–max) | p99, median | non-2xx | Redis commands per request |"
  echo "|---|---|---|---|---|---|"
  for variant in "${VARIANTS[@]}"; do
    case $variant in
      memory) label=unset ;;
      redis) label="set (loopback redis-server)" ;;
      *) label="set, BASE_JAR's build" ;;
    esac
    echo "| $label | $(median ${COLD[$variant]}) ms ($(min_of ${COLD[$variant]})–$(max_of ${COLD[$variant]})) | $(median ${RPS[$variant]}) ($(min_of ${RPS[$variant]})–$(max_of ${RPS[$variant]})) | $(median ${P99[$variant]}) ms | $(printf '%s\n' ${NON2XX[$variant]} | awk '{ s += $1 } END { print s }') | ${CALLS[$variant]:-0} |"
  done
  echo
  echo "Ratios (set / unset): cold start $(ratio "$(median ${COLD[redis]})" "$(median ${COLD[memory]})"), throughput $(ratio "$(median ${RPS[redis]})" "$(median ${RPS[memory]})"). $RUNS interleaved runs, wrk -t2 -c16 -d$DURATION; load average before/after in the progress log."
}

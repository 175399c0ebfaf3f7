#!/usr/bin/env bash
# Benchmarks the Lambda handler (adapter-aws/target/live-token-aws.jar, handler from
# adapter-aws/template.yaml) against bench/FakeGemini.java on loopback, and prints ONE Markdown table (stdout;
# progress on stderr). Lambda itself cannot run here, so:
#   - cold start in the real runtime loop, for each Handler in template.yaml: the jar unpacked into a task root,
#     the function spawned under AWS's runtime interface client (AWSLambda, the jars in
#     adapter-aws/target/lambda-runtime) with template.yaml's JAVA_TOOL_OPTIONS and MemorySize, one HTTP API
#     event handed over by a loopback Runtime API stand-in (dev.livetoken.aws.RuntimeClientColdStart, test
#     classes). Medians of RUNS of "spawn -> first response posted to the Runtime API" and of "spawn -> init
#     done" (the runtime's first poll for an event);
#   - cold start, in-process stand-in (the older figure): a fresh JVM (dev.livetoken.aws.StdioRuntime)
#     constructs the handler and returns from its first handleRequest with the same event. Medians of RUNS of
#     "JVM start -> first return" (the JVM's own start timestamp) and of "spawn -> exit" (wall time around
#     java), with template.yaml's JAVA_TOOL_OPTIONS and without. All three kinds of start interleaved;
#   - throughput, in-process (dev.livetoken.aws.HandlerThroughput): ONE handler instance, 1,000 invocations then
#     the JVM's own VmRSS, WARMUP s from 16 threads, then RUNS runs of DURATION: invocations/s, p50, p99 of
#     handleRequest. Lambda runs one invocation at a time per execution environment, so this is the code's
#     capacity per CPU of this machine, not what one Lambda instance serves. Run with the template's
#     JAVA_TOOL_OPTIONS and -XX:MaxRAM set to its MemorySize (what the JVM sees in the function);
#   - the jar's size.
#
#   bench/aws.sh [--build] [--quick] [--cold-only] [RUNS]
#   --cold-only  only the cold starts and the jar's size (no throughput run)
# Environment: RUNS (5), DURATION (10, seconds), WARMUP (5), RESULTS_FILE (KEY=VALUE lines for bench/all.sh),
# HANDLER (the in-process figures' handler class: the template's default; dev.livetoken.aws.SpringTokenHandler
# for the Spring door). The runtime-client cold start is measured for every handler the template names.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS=${RUNS:-5}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-5}
BUILD=0
COLD_ONLY=0
for arg in "$@"; do
  case "$arg" in
    --build) BUILD=1 ;;
    --quick) RUNS=2 DURATION=3 WARMUP=2 ;;
    --cold-only) COLD_ONLY=1 ;;
    -h | --help) usage "$0"; exit 0 ;;
    [0-9]*) RUNS=$arg ;;
    *) die "unknown argument $arg (see --help)" ;;
  esac
done

AWS="$REPO_DIR/adapter-aws"
JAR="$AWS/target/live-token-aws.jar"
CLASSES="$AWS/target/test-classes"
EVENT="$AWS/src/test/resources/events/http_api_event.json"
TEMPLATE="$AWS/template.yaml"
RUNTIME="$AWS/target/lambda-runtime"
# Every CLASS::METHOD the template names (the Handler, or a parameter's allowed values), in order, once each.
mapfile -t HANDLERS < <(grep -oE '[a-z][a-z0-9_]*(\.[A-Za-z0-9_$]+)+::[A-Za-z_][A-Za-z0-9_]*' "$TEMPLATE" | awk '!seen[$0]++')
HANDLER=${HANDLER:-$(aws_handler "$TEMPLATE")}
TOOL_OPTIONS=$(sed -n 's/^ *JAVA_TOOL_OPTIONS: *//p' "$TEMPLATE")
MEMORY_MB=$(sed -n 's/^ *MemorySize: *//p' "$TEMPLATE")
TIMEOUT_S=$(sed -n 's/^ *Timeout: *//p' "$TEMPLATE")
[[ -n $HANDLER && -n $MEMORY_MB && -n $TIMEOUT_S ]] || die "could not read Handler, MemorySize, Timeout from $TEMPLATE"

if ((BUILD)) || [[ ! -f $JAR || ! -f $CLASSES/dev/livetoken/aws/StdioRuntime.class \
  || ! -f $CLASSES/dev/livetoken/aws/HandlerThroughput.class \
  || ! -f $CLASSES/dev/livetoken/aws/RuntimeClientColdStart.class || ! -d $RUNTIME/jni ]]; then
  log "building adapter-aws"
  (cd "$REPO_DIR" && mvn -B -q -DskipTests package -pl adapter-aws -am) >&2
fi
[[ -f $JAR && -f $CLASSES/dev/livetoken/aws/HandlerThroughput.class ]] || die "no $JAR or test classes"
ensure_tools

WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench-aws.XXXXXX")
trap 'bench_cleanup; rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

FAKE_PORT=$(free_port)
start_fake "$FAKE_PORT" "$WORK/fake.log"
LOAD_BEFORE=$(loadavg)
log "handlers ${HANDLERS[*]}; fake upstream on port $FAKE_PORT; load average $LOAD_BEFORE"

D_JVM=() D_WALL=() P_JVM=() P_WALL=()
declare -A R_INIT=() R_FIRST=() # per handler: space-separated runs
for ((run = 1; run <= RUNS; run++)); do # interleaved, so that every variant shares the machine's noise
  for handler in "${HANDLERS[@]}"; do
    read -r init first < <(lambda_runtime_cold_start "$JAR" "$CLASSES" "$RUNTIME" "$handler" "$TOOL_OPTIONS" \
      "$EVENT" "$MEMORY_MB" "$TIMEOUT_S")
    R_INIT[$handler]+="$init " R_FIRST[$handler]+="$first "
    log "cold start run $run under the runtime client, $handler: spawn -> first response $first ms (init $init ms)"
  done
  read -r jvm wall < <(lambda_cold_start "$JAR" "$CLASSES" "$HANDLER" "$TOOL_OPTIONS" "$EVENT")
  D_JVM+=("$jvm") D_WALL+=("$wall")
  read -r jvm wall < <(lambda_cold_start "$JAR" "$CLASSES" "$HANDLER" "" "$EVENT")
  P_JVM+=("$jvm") P_WALL+=("$wall")
  log "cold start run $run in-process: as deployed ${D_JVM[-1]} ms (spawn -> exit ${D_WALL[-1]} ms); no JVM options ${P_JVM[-1]} ms (${P_WALL[-1]} ms)"
done

RPS=() P50=() P99=() BAD=() RSS=
if ((!COLD_ONLY)); then
  log "handler throughput: 16 threads, ${WARMUP} s warm-up, $RUNS x ${DURATION} s"
  lambda_env "$TOOL_OPTIONS" java -XX:MaxRAM="${MEMORY_MB}m" -cp "$JAR:$CLASSES" dev.livetoken.aws.HandlerThroughput \
    "$HANDLER" "$EVENT" 16 "$DURATION" "$WARMUP" "$RUNS" >"$WORK/throughput.txt" 2>&1 &
  THROUGHPUT_PID=$!
  track_pid "$THROUGHPUT_PID"
  wait "$THROUGHPUT_PID" || { tail -n 20 "$WORK/throughput.txt" >&2; die "HandlerThroughput failed"; }
  read -r _ RSS _ NON200_1000 < <(grep '^RSS_AFTER_1000_MB ' "$WORK/throughput.txt")
  while read -r _ i rps p50 p99 bad; do
    RPS+=("$rps") P50+=("$p50") P99+=("$p99") BAD+=("$bad")
    log "run $i: $rps invocations/s, p50 $p50 ms, p99 $p99 ms, non-200 $bad"
  done < <(grep '^RUN ' "$WORK/throughput.txt")
  ((${#RPS[@]} == RUNS)) || { cat "$WORK/throughput.txt" >&2; die "expected $RUNS throughput runs"; }
  [[ $NON200_1000 == 0 ]] || die "$NON200_1000 of the first 1,000 invocations did not answer 200"
  log "RSS after 1,000 invocations $RSS MB; at the end $(sed -n 's/^RSS_END_MB //p' "$WORK/throughput.txt") MB; load average after $(loadavg)"
fi

JAR_BYTES=$(size_bytes "$JAR")
# shellcheck disable=SC2086 # the runs are space-separated numbers
result aws.runtime_cold_ms "$(median ${R_FIRST[${HANDLERS[0]}]})"
result aws.runtime_cold_runs "${R_FIRST[${HANDLERS[0]}]% }"
# shellcheck disable=SC2086
result aws.runtime_init_ms "$(median ${R_INIT[${HANDLERS[0]}]})"
result aws.cold_ms "$(median "${D_JVM[@]}")"
result aws.cold_runs "${D_JVM[*]}"
result aws.cold_wall_ms "$(median "${D_WALL[@]}")"
result aws.cold_plain_ms "$(median "${P_JVM[@]}")"
if ((!COLD_ONLY)); then
  result aws.rps "$(median "${RPS[@]}")"
  result aws.rps_runs "${RPS[*]}"
  result aws.p50_ms "$(median "${P50[@]}")"
  result aws.p99_ms "$(median "${P99[@]}")"
  result aws.bad "$(median "${BAD[@]}")"
  result aws.rss_mb "$RSS"
fi
result aws.bytes "$JAR_BYTES"

echo
THROUGHPUT_NOTE="throughput runs of ${DURATION} s after ${WARMUP} s warm-up"
((COLD_ONLY)) && THROUGHPUT_NOTE="--cold-only: no throughput run"
echo "Lambda handlers $(printf '`%s` ' "${HANDLERS[@]}")(medians of $RUNS, interleaved; in-process figures for \`$HANDLER\`; $THROUGHPUT_NOTE; load average before $LOAD_BEFORE, after $(loadavg))"
echo
echo "| measure | median | runs |"
echo "|---|---|---|"
for handler in "${HANDLERS[@]}"; do
  # shellcheck disable=SC2086
  echo "| cold start under AWS's runtime interface client, as deployed (\`JAVA_TOOL_OPTIONS=$TOOL_OPTIONS\`), \`$handler\`: spawn → first response posted to the Runtime API | $(median ${R_FIRST[$handler]}) ms | ${R_FIRST[$handler]% } |"
  # shellcheck disable=SC2086
  echo "| … spawn → init done (first poll for an event) | $(median ${R_INIT[$handler]}) ms | ${R_INIT[$handler]% } |"
done
echo "| cold start, in-process stand-in (StdioRuntime), as deployed, JVM start → first return | $(median "${D_JVM[@]}") ms | ${D_JVM[*]} |"
echo "| … spawn → exit | $(median "${D_WALL[@]}") ms | ${D_WALL[*]} |"
echo "| cold start, in-process stand-in, no JVM options, JVM start → first return | $(median "${P_JVM[@]}") ms | ${P_JVM[*]} |"
echo "| … spawn → exit | $(median "${P_WALL[@]}") ms | ${P_WALL[*]} |"
if ((!COLD_ONLY)); then
  echo "| handler throughput, 16 threads in-process (per-CPU capacity: Lambda runs one invocation at a time per environment) | $(median "${RPS[@]}") invocations/s | ${RPS[*]} |"
  echo "| handleRequest latency p50 / p99 | $(median "${P50[@]}") / $(median "${P99[@]}") ms | p99: ${P99[*]} |"
  echo "| non-200 answers (per run) | $(median "${BAD[@]}") | ${BAD[*]} |"
  echo "| RSS after 1,000 invocations (VmRSS, -XX:MaxRAM=${MEMORY_MB}m) | $RSS MB | |"
fi
echo "| jar | $(bytes_label "$JAR_BYTES") | |"

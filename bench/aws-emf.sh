#!/usr/bin/env bash
# The Lambda handler's in-process throughput with CloudWatch EMF in its request lines against without (issue
# 23): dev.livetoken.aws.HandlerThroughput (one handler, 16 threads, the template's JAVA_TOOL_OPTIONS and
# MemorySize) against bench/FakeGemini.java answering at once, REQUEST_LOG=true in both, METRICS=true against
# METRICS=false, one fresh JVM per variant per round, the variants interleaved. The request lines go through
# a pipe that drops them (as Lambda's runtime ships stdout away), so both variants pay for writing them.
#
#   bench/aws-emf.sh [--help]
#
# Environment: ROUNDS (5), DURATION (10, seconds per measured run), WARMUP (5), HANDLER (the template's default).
# Prints raw figures (stderr) and one Markdown table of medians (stdout).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ ${1:-} == -h || ${1:-} == --help ]] && { usage "$0"; exit 0; }
ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-5}
AWS="$REPO_DIR/adapter-aws"
JAR="$AWS/target/live-token-aws.jar"
CLASSES="$AWS/target/test-classes"
EVENT="$AWS/src/test/resources/events/http_api_event.json"
TEMPLATE="$AWS/template.yaml"
HANDLER=${HANDLER:-$(aws_handler "$TEMPLATE")}
TOOL_OPTIONS=$(sed -n 's/^ *JAVA_TOOL_OPTIONS: *//p' "$TEMPLATE")
MEMORY_MB=$(sed -n 's/^ *MemorySize: *//p' "$TEMPLATE")
[[ -f $JAR && -f $CLASSES/dev/livetoken/aws/HandlerThroughput.class ]] \
  || die "no $JAR or test classes: mvn -B -q -DskipTests package -pl adapter-aws -am"
ensure_tools

WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench-aws-emf.XXXXXX")
trap 'bench_cleanup; rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM
FAKE_PORT=$(free_port)
start_fake "$FAKE_PORT" "$WORK/fake.log" 0
log "handler $HANDLER; fake upstream on port $FAKE_PORT; load average $(loadavg)"

# throughput METRICS: prints "invocations/s p50_ms p99_ms" of one measured run in a fresh JVM.
throughput() {
  lambda_env "$TOOL_OPTIONS" env REQUEST_LOG=true METRICS="$1" java -XX:MaxRAM="${MEMORY_MB}m" \
    -cp "$JAR:$CLASSES" dev.livetoken.aws.HandlerThroughput "$HANDLER" "$EVENT" 16 "$DURATION" "$WARMUP" 1 2>&1 \
    | grep -v '"message":"token request"' >"$WORK/run.txt" || true
  grep -q '"_aws"' "$WORK/run.txt" && die "a request line escaped the filter"
  awk '/^RUN / { print $3, $4, $5 }' "$WORK/run.txt" | grep . || { tail -n 20 "$WORK/run.txt" >&2; die "no RUN line"; }
}

declare -A RPS=() P50=()
for ((round = 1; round <= ROUNDS; round++)); do
  for metrics in false true; do
    read -r rps p50 _ < <(throughput "$metrics")
    RPS[$metrics]+="$rps " P50[$metrics]+="$p50 "
    log "round $round, METRICS=$metrics: $rps invocations/s, p50 $p50 ms; load $(loadavg)"
  done
done

# shellcheck disable=SC2086 # space-separated runs
off=$(median ${RPS[false]}) on=$(median ${RPS[true]})
echo
echo "Lambda handler ($HANDLER) in-process throughput, 16 threads, instant fake upstream, request lines on; medians of $ROUNDS interleaved rounds of ${DURATION} s after ${WARMUP} s warm-up ($(date -u '+%Y-%m-%d %H:%M UTC'), load average at the end $(loadavg); the machine was shared)."
echo
echo "Command: \`ROUNDS=$ROUNDS DURATION=$DURATION WARMUP=$WARMUP bench/aws-emf.sh\`"
echo
echo "| METRICS | invocations/s (median) | runs | p50 ms (median) |"
echo "|---|---|---|---|"
# shellcheck disable=SC2086
echo "| false (no EMF) | $off | ${RPS[false]}| $(median ${P50[false]}) |"
# shellcheck disable=SC2086
echo "| true (EMF) | $on | ${RPS[true]}| $(median ${P50[true]}) |"
echo
awk -v on="$on" -v off="$off" 'BEGIN { printf "EMF on / off: %.3f\n", on / off }'

#!/usr/bin/env bash
# Runs the benchmarks of every front end on this machine and prints ONE Markdown table (stdout), with the
# command line, the machine and the load average; each script's own table and progress go to stderr.
#
#   bench/all.sh [--build] [--quick]
#
#   --build   mvn -B -q -DskipTests package first even if the artifacts exist (otherwise only when one is missing)
#   --quick   short runs (RUNS=2, 3 s wrk runs) for checking the scripts, not for numbers
# Runs: bench/local.sh with README's shipped JVM flags, bench/gcp.sh (Google's invoker, with the JAVA_TOOL_OPTIONS of README's deploy command) and
# bench/aws.sh (template.yaml's JAVA_TOOL_OPTIONS), each against bench/FakeGemini.java on loopback.
# Needs java, curl, wrk and hey (installed with apt-get when run as root).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

COMMAND_LINE="bench/all.sh${*:+ $*}"
BUILD=0 QUICK=()
for arg in "$@"; do
  case "$arg" in
    --build) BUILD=1 ;;
    --quick) QUICK=(--quick) ;;
    -h | --help) usage "$0"; exit 0 ;;
    *) die "unknown argument $arg (see --help)" ;;
  esac
done

ARTIFACTS=(adapter-local/target/live-token-local.jar adapter-local/target/live-token-local.args
  adapter-gcp/target/deploy/live-token-gcp.jar adapter-gcp/target/invoker/java-function-invoker.jar
  adapter-aws/target/live-token-aws.jar adapter-aws/target/test-classes/dev/livetoken/aws/HandlerThroughput.class
  adapter-aws/target/test-classes/dev/livetoken/aws/RuntimeClientColdStart.class
  adapter-aws/target/lambda-runtime/jni/libaws-lambda-jni.linux-x86_64.so)
missing=0
for artifact in "${ARTIFACTS[@]}"; do [[ -f $REPO_DIR/$artifact ]] || missing=1; done
if ((BUILD || missing)); then
  log "building: mvn -B -q -DskipTests package"
  (cd "$REPO_DIR" && mvn -B -q -DskipTests package) >&2
fi
ensure_tools

WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench-all.XXXXXX")
CHILD=
# The child script's own EXIT trap stops what it started; it runs once its foreground command (a wrk run, up to
# DURATION) returns, so wait for it rather than KILL it after stop_pid's 5 s, which would orphan its servers.
stop_child() { [[ -n $CHILD ]] && kill -TERM "$CHILD" 2>/dev/null && wait "$CHILD" 2>/dev/null; CHILD=; }
trap 'stop_child || true; rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM
export RESULTS_FILE="$WORK/results.txt"
: >"$RESULTS_FILE"

# README's run command, with the argument file's path made absolute (local.sh runs the jar from a scratch
# directory; the file itself names the AOT cache by its absolute path).
LOCAL_OPTS=$(sed -n 's/.* java \(@.*\) -jar adapter-local\/target\/live-token-local.jar.*/\1/p' \
  "$REPO_DIR/README.md" | head -n1)
[[ -n $LOCAL_OPTS ]] || die "README.md has no run command with an @ argument file"
LOCAL_OPTS=${LOCAL_OPTS//@adapter-local\//@$REPO_DIR/adapter-local/}

# run NAME COMMAND...: runs one benchmark script (its own table to stderr), recording the load around it.
run() {
  local name=$1
  shift
  result "$name.load_before" "$(loadavg)"
  log "== $name: $* (load average $(loadavg))"
  "$@" >"$WORK/$name.md" &
  CHILD=$!
  wait "$CHILD" || die "$name failed"
  CHILD=
  cat "$WORK/$name.md" >&2
  result "$name.load_after" "$(loadavg)"
}

# README's Cloud Functions deploy command sets JAVA_TOOL_OPTIONS to this.
GCP_FLAGS=$(grep -o 'JAVA_TOOL_OPTIONS=[^ `]*' README.md | head -n1 | cut -d= -f2-)
STARTED=$(date -u '+%Y-%m-%d %H:%M UTC')
run local env JAVA_OPTS="$LOCAL_OPTS" "$BENCH_DIR/local.sh" "${QUICK[@]}"
run gcp env JVM_FLAGS="$GCP_FLAGS" "$BENCH_DIR/gcp.sh" "${QUICK[@]}"
run aws "$BENCH_DIR/aws.sh" "${QUICK[@]}"
FINISHED=$(date -u '+%H:%M UTC')

get() { awk -F= -v k="$1" '$1 == k { v = substr($0, length(k) + 2) } END { print v }' "$RESULTS_FILE"; }
ms() { awk -v v="$1" 'BEGIN { printf "%.0f ms", v }'; }
num() { awk -v v="$1" 'BEGIN { s = sprintf("%.0f", v); o = ""
  while (length(s) > 3) { o = "," substr(s, length(s) - 2) o; s = substr(s, 1, length(s) - 3) }
  print s o }'; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f MB (%.1f MiB; %d bytes)", b / 1e6, b / 1048576, b }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }
verdict() { if le "$1" "$2"; then echo "**met**"; else echo "**missed**"; fi; }

# Node reference (this machine kind, same kind of fake): cold start 0.3-0.9 s, 1,350-1,480 req/s, p99 26-43 ms,
# RSS after 1,000 requests 135-145 MB. "3x Node" is taken against the midpoint, 1,415 req/s.
NODE_RPS_MID=1415 NODE_P99_MAX=43
L_RPS=$(get local.rps) L_P99=$(get local.p99_ms) L_COLD=$(get local.cold_ms) L_RSS=$(get local.rss_mb)
G_COLD=$(get gcp.cold_ms) A_COLD=$(get aws.cold_ms) A_WALL=$(get aws.cold_wall_ms) A_RUNTIME=$(get aws.runtime_cold_ms)
G_BYTES=$(get gcp.bytes) A_BYTES=$(get aws.bytes)
size_verdict() {
  if le "$1" 30000000; then echo "**met**"
  elif le "$1" 31457280; then echo "**met in MiB** (≤ 30 MiB), missed in decimal MB"
  else echo "**missed**"; fi
}

cat <<TABLE
All front ends against bench/FakeGemini.java on loopback, medians ($STARTED – $FINISHED).

Command: \`$COMMAND_LINE\` (ran \`JAVA_OPTS="$LOCAL_OPTS" bench/local.sh${QUICK[*]:+ ${QUICK[*]}}\`, \`JVM_FLAGS="$GCP_FLAGS" bench/gcp.sh${QUICK[*]:+ ${QUICK[*]}}\`, \`bench/aws.sh${QUICK[*]:+ ${QUICK[*]}}\`)

Machine: nproc $(nproc), $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1), $(awk '/^MemTotal:/ { printf "%.0f GB RAM", $2 / 1048576 }' /proc/meminfo); $(java -version 2>&1 | head -n2 | paste -sd" "); $(wrk -v 2>&1 | head -n1 | cut -d' ' -f1-2).
Load average (1/5/15 min) before → after: local $(get local.load_before) → $(get local.load_after); GCP $(get gcp.load_before) → $(get gcp.load_after); AWS $(get aws.load_before) → $(get aws.load_after).

| measure | local endpoint | GCP invoker | AWS handler | Node reference |
|---|---|---|---|---|
| cold start, median of $(wc -w <<<"$(get local.cold_runs)") | $(ms "$L_COLD") spawn → first 200 (runs: $(get local.cold_runs)) | $(ms "$G_COLD") spawn → first 200 (runs: $(get gcp.cold_runs); $(ms "$(get gcp.cpu_ms)") CPU) | $(ms "$A_RUNTIME") spawn → first response under AWS's runtime interface client, as deployed (runs: $(get aws.runtime_cold_runs); init done at $(ms "$(get aws.runtime_init_ms)")); in-process stand-in: $(ms "$A_COLD") JVM start → first return, $(ms "$A_WALL") spawn → exit (runs: $(get aws.cold_runs)), $(ms "$(get aws.cold_plain_ms)") without JVM options | 0.3–0.9 s |
| throughput at 16 connections, median of $(wc -w <<<"$(get local.rps_runs)") runs | $(num "$L_RPS") req/s (wrk -t2 -c16; runs: $(get local.rps_runs)) | $(num "$(get gcp.rps)") req/s (wrk -t2 -c16; runs: $(get gcp.rps_runs)) | $(num "$(get aws.rps)") invocations/s, 16 threads in-process (runs: $(get aws.rps_runs)); **per-CPU capacity of the code, not what one Lambda instance serves: Lambda runs one invocation at a time per execution environment** | 1,350–1,480 req/s |
| latency p50 | $(get local.p50_ms) ms | $(get gcp.p50_ms) ms | $(get aws.p50_ms) ms (handleRequest) | |
| latency p99 | $L_P99 ms | $(get gcp.p99_ms) ms | $(get aws.p99_ms) ms (handleRequest) | 26–43 ms |
| non-2xx + errors per run | $(get local.bad) | $(get gcp.bad) | $(get aws.bad) | |
| RSS after 1,000 requests | $L_RSS MB (hey -c 8; runs: $(get local.rss_runs)) | $(get gcp.rss_mb) MB (one keep-alive connection; runs: $(get gcp.rss_runs)) | $(get aws.rss_mb) MB (1,000 invocations, -XX:MaxRAM=1024m) | 135–145 MB |
| artifact | jar + lib/: $(mb "$(get local.bytes)") | deploy dir: $(mb "$G_BYTES") | jar: $(mb "$A_BYTES") | |
| JVM flags | \`$LOCAL_OPTS\` | \`JAVA_TOOL_OPTIONS=$GCP_FLAGS\` (README's deploy command) | template.yaml's \`JAVA_TOOL_OPTIONS\` | |

| target (issue 6) | figure | |
|---|---|---|
| local throughput ≥ 3x Node (≥ 4,245 req/s, 3x the 1,415 midpoint) | $(num "$L_RPS") req/s ($(ratio "$L_RPS" "$NODE_RPS_MID")x) | $(if le $((3 * NODE_RPS_MID)) "$L_RPS"; then echo "**met**"; else echo "**missed**"; fi) |
| local p99 no worse than Node (≤ 43 ms) | $L_P99 ms | $(verdict "$L_P99" "$NODE_P99_MAX") |
| local cold start < 1 s | $(ms "$L_COLD") | $(verdict "$L_COLD" 999.999) |
| local RSS after 1,000 requests ≤ 150 MB | $L_RSS MB | $(verdict "$L_RSS" 150) |
| GCF cold start < 1 s | $(ms "$G_COLD") | $(verdict "$G_COLD" 999.999) |
| AWS cold start < 1 s (no SnapStart, under AWS's runtime interface client) | $(ms "$A_RUNTIME") (spawn → first response posted) | $(verdict "$A_RUNTIME" 999.999) |
| Lambda jar ≤ 30 MB | $(mb "$A_BYTES") | $(size_verdict "$A_BYTES") |
| GCF deploy dir ≤ 30 MB | $(mb "$G_BYTES") | $(size_verdict "$G_BYTES") |
TABLE

#!/usr/bin/env bash
# Shared helpers for the benchmark scripts. Source it; it defines functions and one array (BENCH_PIDS),
# and installs no trap itself: callers run bench_cleanup from their own EXIT trap.

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
BENCH_PIDS=()
# The JDK the build names (README): JAVA_HOME's java first on PATH.
[ -n "${JAVA_HOME:-}" ] && export PATH="$JAVA_HOME/bin:$PATH"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Nanoseconds since the epoch (GNU date).
now_ns() { date +%s%N; }

# Milliseconds between two now_ns readings, with three decimals.
elapsed_ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e6 }'; }

# Installs wrk and hey with apt-get when one is missing and we are root; otherwise fails naming it.
ensure_tools() {
  local missing=() tool
  for tool in curl java wrk hey; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  ((${#missing[@]} == 0)) && return 0
  local apt=()
  for tool in "${missing[@]}"; do
    case "$tool" in
      wrk | hey) apt+=("$tool") ;;
      *) die "$tool is required and not installed" ;;
    esac
  done
  [[ $(id -u) -eq 0 ]] || die "missing ${apt[*]}: run as root or install them (apt-get install -y ${apt[*]})"
  log "installing ${apt[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt[@]}" >&2
}

# True when something accepts connections on 127.0.0.1:PORT.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Prints a TCP port nothing listens on, below the kernel's ephemeral range (random in 10000 up to it):
# a port inside that range can be the local end of some outgoing connection and then fail to bind.
free_port() {
  local port i low=32768
  [[ -r /proc/sys/net/ipv4/ip_local_port_range ]] && read -r low _ </proc/sys/net/ipv4/ip_local_port_range
  ((low > 11000)) || die "ephemeral port range starts at $low: no room below it"
  for i in $(seq 1 100); do
    port=$((10000 + RANDOM % (low - 10000)))
    port_open "$port" || { echo "$port"; return 0; }
  done
  die "no free port found"
}

# wait_port PORT [TIMEOUT_S] [PID]: waits until PORT accepts connections; fails on timeout or if PID dies.
wait_port() {
  local port=$1 timeout=${2:-30} pid=${3:-}
  local deadline=$(($(date +%s) + timeout))
  until port_open "$port"; do
    [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null && die "process $pid exited before port $port opened"
    (($(date +%s) < deadline)) || die "port $port not open after ${timeout}s"
    sleep 0.05
  done
}

# Remembers a PID so bench_cleanup kills it.
track_pid() { BENCH_PIDS+=("$1"); }

# stop_pid PID: TERM, then KILL after 5 s; waits for it so the port is free again.
stop_pid() {
  local pid=$1 i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# Kills every process recorded with track_pid (for EXIT/INT/TERM traps).
bench_cleanup() {
  local pid
  for pid in "${BENCH_PIDS[@]+"${BENCH_PIDS[@]}"}"; do
    stop_pid "$pid"
  done
  BENCH_PIDS=()
}

# start_fake PORT LOGFILE [DELAY_MS]: starts bench/FakeGemini.java (16 threads, answering after DELAY_MS, default
# 0), waits for its port, sets FAKE_PID.
start_fake() {
  local port=$1 logfile=$2
  java -XX:TieredStopAtLevel=1 -Xshare:auto "$BENCH_DIR/FakeGemini.java" "$port" 16 "${3:-0}" >"$logfile" 2>&1 &
  FAKE_PID=$!
  track_pid "$FAKE_PID"
  wait_port "$port" 60 "$FAKE_PID"
}

stop_fake() { [[ -n ${FAKE_PID:-} ]] && stop_pid "$FAKE_PID"; FAKE_PID=; }

# bench_workdir NAME: a scratch directory in WORK; on exit it is removed and every tracked process stopped.
bench_workdir() {
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
  trap 'bench_cleanup; rm -rf "$WORK"' EXIT
  trap 'exit 130' INT TERM
}

# spawn_local JAR OPTS PORT LOGFILE: the local endpoint in WORK (no stray .env) with only its settings in its
# environment, minting from the fake on FAKE_PORT; sets SERVER_PID.
spawn_local() {
  local opts=()
  read -ra opts <<<"$2"
  (cd "$WORK" && exec env -i PATH="$PATH" PORT="$3" GEMINI_API_KEY=bench-key \
    GEMINI_BASE_URL="http://127.0.0.1:$FAKE_PORT" RATE_LIMIT_PER_MINUTE=0 \
    java "${opts[@]+"${opts[@]}"}" -jar "$1") >>"$4" 2>&1 &
  SERVER_PID=$!
  track_pid "$SERVER_PID"
}

# Resident set size of PID in MB (VmRSS from /proc/PID/status), one decimal.
rss_mb() {
  awk '/^VmRSS:/ { printf "%.1f", $2 / 1024; found = 1 } END { if (!found) exit 1 }' "/proc/$1/status"
}

# Median of the numbers given as arguments (mean of the middle two for an even count).
median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
    if (NR == 0) exit 1
    if (NR % 2) printf "%g", v[(NR + 1) / 2]; else printf "%g", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

min_of() { printf '%s\n' "$@" | sort -g | head -n1; }
max_of() { printf '%s\n' "$@" | sort -g | tail -n1; }

# ratio A B: A / B with two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# Converts a wrk duration (950.00us, 1.29ms, 1.20s, 2.00m) to milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.2f", n }'
}

# wrk_field FILE rps|p50|p99|non2xx|errors: one figure from a saved `wrk --latency` output.
wrk_field() {
  local file=$1 field=$2
  case "$field" in
    rps) awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$file" ;;
    p50) to_ms "$(awk '$1 == "50%" { print $2 }' "$file")" ;;
    p99) to_ms "$(awk '$1 == "99%" { print $2 }' "$file")" ;;
    non2xx) awk '/Non-2xx or 3xx responses:/ { n = $NF } END { print n + 0 }' "$file" ;;
    errors) awk '/Socket errors:/ { gsub(/,/, ""); n = $4 + $6 + $8 + $10 } END { print n + 0 }' "$file" ;;
    *) die "unknown wrk field $field" ;;
  esac
}

# result KEY VALUE: one figure for bench/all.sh, appended as KEY=VALUE to RESULTS_FILE when that is set.
result() { [[ -n ${RESULTS_FILE:-} ]] && printf '%s=%s\n' "$1" "$2" >>"$RESULTS_FILE"; return 0; }

# Bytes of the files and directories given (du -sbc, apparent sizes).
size_bytes() { du -sbc "$@" | awk 'END { print $1 }'; }

# "30,115,336 bytes (28.7 MiB)" for a byte count.
bytes_label() { awk -v b="$1" 'BEGIN { s = sprintf("%d", b); o = "";
  while (length(s) > 3) { o = "," substr(s, length(s) - 2) o; s = substr(s, 1, length(s) - 3) }
  printf "%s%s bytes (%.1f MiB)", s, o, b / 1048576 }'; }

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# CPU time (user + system) PID has used so far, in ms.
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%d", ($14 + $15) * 1000 / hz }' "/proc/$1/stat"; }

# start_gcf_invoker DEPLOY_JAR ENTRY_POINT JAVA_TOOL_OPTIONS PORT LOGFILE: Google's invoker (the one adapter-gcp
# copies into target/invoker) on DEPLOY_JAR, minting from the fake on FAKE_PORT; only PATH and the settings reach
# it, as on the platform. Sets INVOKER_PID.
start_gcf_invoker() {
  local jar=$1 entry=$2 options=$3 port=$4 logfile=$5
  env -i PATH="$PATH" GEMINI_API_KEY=bench-key GEMINI_BASE_URL="http://127.0.0.1:$FAKE_PORT" \
    RATE_LIMIT_PER_MINUTE=0 REQUEST_LOG=false ${options:+JAVA_TOOL_OPTIONS="$options"} \
    java -jar "$REPO_DIR/adapter-gcp/target/invoker/java-function-invoker.jar" --classpath "$jar" \
    --target "$entry" --port "$port" >"$logfile" 2>&1 &
  INVOKER_PID=$!
  track_pid "$INVOKER_PID"
}

# wait_first_token PORT LOGFILE PID [POLL_S]: POSTs {} to /api/token every POLL_S (default 10 ms) until it answers
# 200 (with the header FIRST_TOKEN_HEADER too, when set); dies if PID exits first (showing LOGFILE's last lines) or after 120 s.
wait_first_token() {
  local deadline=$(($(date +%s) + 120))
  until [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -X POST -H 'Content-Type: application/json' -d '{}' \
    ${FIRST_TOKEN_HEADER:+-H "$FIRST_TOKEN_HEADER"} "http://127.0.0.1:$1/api/token" 2>/dev/null) == 200 ]]; do
    kill -0 "$3" 2>/dev/null || { tail -n 5 "$2" >&2; die "process $3 exited before its first 200; see above"; }
    (($(date +%s) < deadline)) || die "no 200 from port $1 within 120 s"
    sleep "${4:-0.01}"
  done
}

# aws_handler TEMPLATE: the class of the template's handler: its Handler property, or the default of the
# parameter that property names (the lean door; HANDLER=dev.livetoken.aws.SpringTokenHandler for the other).
aws_handler() {
  local handler
  handler=$(sed -n 's/^ *Handler: *\([^:]*\)::.*/\1/p' "$1" | head -n1)
  [[ -n $handler ]] || handler=$(awk '/^  Handler:$/ { p = 1 } p && /Default:/ { print $2; exit }' "$1" | cut -d: -f1)
  echo "$handler"
}

# lambda_env JAVA_TOOL_OPTIONS COMMAND...: runs COMMAND with only the function's settings in its environment
# (and MAIN_CLASS when set, for revisions whose handler needs it), minting from the fake on FAKE_PORT.
lambda_env() {
  local options=$1
  shift
  env -i PATH="$PATH" HOME="$HOME" ${options:+JAVA_TOOL_OPTIONS="$options"} ${MAIN_CLASS:+MAIN_CLASS="$MAIN_CLASS"} \
    GEMINI_API_KEY=bench-not-a-key GEMINI_BASE_URL="http://127.0.0.1:$FAKE_PORT" RATE_LIMIT_PER_MINUTE=0 \
    REQUEST_LOG=false "$@"
}

# expect_minted OUTPUT: dies unless OUTPUT holds a "RESPONSE" line with a 200 proxy response.
expect_minted() {
  grep -q '^RESPONSE {"statusCode":200' <<<"$1" || { tail -n 5 <<<"$1" >&2; die "a cold start did not mint a token"; }
}

# lambda_cold_start JAR TEST_CLASSES HANDLER JAVA_TOOL_OPTIONS EVENT_FILE: a fresh JVM constructs HANDLER and
# answers EVENT_FILE through dev.livetoken.aws.StdioRuntime; prints "jvm_ms wall_ms" (JVM start -> first
# handleRequest return, spawn -> exit). Dies unless the answer is a 200.
lambda_cold_start() {
  local t0 t1 out
  t0=$(now_ns)
  out=$(lambda_env "$4" java -cp "$1:$2" dev.livetoken.aws.StdioRuntime "$3" --once "$5" 2>&1)
  t1=$(now_ns)
  expect_minted "$out"
  echo "$(sed -n 's/^FIRST_RESPONSE_MS //p' <<<"$out") $(printf '%.0f' "$(elapsed_ms "$t0" "$t1")")"
}

# lambda_runtime_cold_start JAR TEST_CLASSES RUNTIME_DIR HANDLER JAVA_TOOL_OPTIONS EVENT_FILE MEMORY_MB TIMEOUT_S:
# spawns the function under AWS's runtime interface client (jars and JNI library in RUNTIME_DIR) in a task root
# unpacked from JAR, and hands it EVENT_FILE through the Runtime API stand-in (dev.livetoken.aws.RuntimeClientColdStart);
# prints "init_ms first_ms" (spawn -> first poll for an event, spawn -> first response posted). Dies unless a 200.
lambda_runtime_cold_start() {
  local out root
  root=$(mktemp -d "${TMPDIR:-/tmp}/bench-task-root.XXXXXX")
  # The measuring JVM itself mostly waits: C1 and the serial collector keep its own CPU off the measured start.
  out=$(lambda_env "" java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Daws.jar="$1" -Dlambda.runtime="$3" -Dlambda.task.root="$root" -cp "$1:$2" \
    dev.livetoken.aws.RuntimeClientColdStart "$4" "$6" "$7" "$8" "$5" 2>&1)
  rm -rf "$root"
  expect_minted "$out"
  echo "$(sed -n 's/^INIT_MS //p' <<<"$out") $(sed -n 's/^FIRST_RESPONSE_MS //p' <<<"$out")"
}

# usage SCRIPT: prints the script's header comment (its help).
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$1"; }

# gcf_cold DEPLOY_JAR ENTRY_POINT JAVA_TOOL_OPTIONS LOGFILE: one cold start under Google's invoker, minting from
# the fake on FAKE_PORT; prints "wall_ms cpu_ms" (spawn -> first 200, and the CPU time spent until then).
gcf_cold() {
  local port t0 wall
  port=$(free_port)
  t0=$(now_ns)
  start_gcf_invoker "$1" "$2" "$3" "$port" "$4"
  wait_first_token "$port" "$4" "$INVOKER_PID"
  wall=$(printf '%.0f' "$(elapsed_ms "$t0" "$(now_ns)")")
  echo "$wall $(cpu_ms "$INVOKER_PID")"
  stop_pid "$INVOKER_PID"
}

# cold_series RUNS LABEL_A LABEL_B TITLE COMMAND [ROW...]: RUNS rounds of the caller's gcf_cold_a and gcf_cold_b
# (each printing "wall_ms cpu_ms") and aws_cold_a and aws_cold_b (each printing ms), interleaved, the order
# alternating from round to round so that both sides share the machine's noise; then prints TITLE (with the date
# and the load average), COMMAND, and a Markdown table of the medians (all runs in brackets) and B / A, the ROWs
# (already formatted) at its end.
cold_series() {
  local runs=$1 a=$2 b=$3 title=$4 command=$5 run wall cpu
  shift 5
  local ga=() gb=() ca=() cb=() aa=() ab=()
  side_a() { read -r wall cpu < <(gcf_cold_a); ga+=("$wall") ca+=("$cpu"); aa+=("$(aws_cold_a)"); }
  side_b() { read -r wall cpu < <(gcf_cold_b); gb+=("$wall") cb+=("$cpu"); ab+=("$(aws_cold_b)"); }
  for ((run = 1; run <= runs; run++)); do
    if ((run % 2)); then side_a; side_b; else side_b; side_a; fi
    log "run $run: GCF $a ${ga[-1]} ms (${ca[-1]} ms CPU), $b ${gb[-1]} ms (${cb[-1]} ms CPU);" \
      "Lambda $a ${aa[-1]} ms, $b ${ab[-1]} ms; load $(loadavg)"
  done
  echo "$title, $runs interleaved runs, medians; $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(loadavg) at the end."
  echo
  echo "Command: \`$command\`"
  echo
  echo "| measure | $a | $b | $b / $a |"
  echo "|---|---|---|---|"
  echo "| GCF, spawn → first 200 | $(median "${ga[@]}") ms (${ga[*]}) | $(median "${gb[@]}") ms (${gb[*]}) | $(ratio "$(median "${gb[@]}")" "$(median "${ga[@]}")") |"
  echo "| GCF, CPU to first 200 | $(median "${ca[@]}") ms | $(median "${cb[@]}") ms | $(ratio "$(median "${cb[@]}")" "$(median "${ca[@]}")") |"
  echo "| Lambda, JVM start → first return | $(median "${aa[@]}") ms (${aa[*]}) | $(median "${ab[@]}") ms (${ab[*]}) | $(ratio "$(median "${ab[@]}")" "$(median "${aa[@]}")") |"
  printf '%s\n' "$@"
}

# tree_label: this tree's short commit, and whether tracked files have uncommitted changes.
tree_label() {
  local dirty
  dirty=$(git -C "$REPO_DIR" status --porcelain --untracked-files=no | grep -q . && echo ", uncommitted changes" || true)
  echo "$(git -C "$REPO_DIR" rev-parse --short HEAD)$dirty"
}

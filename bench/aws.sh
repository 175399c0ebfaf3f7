#!/usr/bin/env bash
# Lambda cold start, simulated: a fresh JVM loads the shaded jar, constructs the handler named in template.yaml
# (Spring context, SDK client) and returns from its first handleRequest with an HTTP API event that mints a
# token from a fake upstream on loopback. Reports medians of RUNS (default 5): the JVM's own start-to-return
# time, and the wall time from spawning java to its exit, with and without template.yaml's JVM options. Usage: bench/aws-coldstart.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${1:-5}
JAR=adapter-aws/target/live-token-aws.jar
CLASSES=adapter-aws/target/test-classes
EVENT=adapter-aws/src/test/resources/events/http_api_event.json
HANDLER=$(sed -n 's/^ *Handler: *\([^:]*\)::.*/\1/p' adapter-aws/template.yaml)
MAIN_CLASS=$(sed -n 's/^ *MAIN_CLASS: *//p' adapter-aws/template.yaml)
TOOL_OPTIONS=$(sed -n 's/^ *JAVA_TOOL_OPTIONS: *//p' adapter-aws/template.yaml)

if [ ! -f "$JAR" ] || [ ! -f "$CLASSES/dev/livetoken/aws/StdioRuntime.class" ]; then
  mvn -B -q package -pl adapter-aws -am -DskipTests
fi

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 bench/fake_gemini.py "$PORT" &
FAKE_PID=$!
trap 'kill "$FAKE_PID" 2>/dev/null' EXIT
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.1; done

median() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : int((v[NR/2]+v[NR/2+1])/2)}'; }

run_once() { # $1: JAVA_TOOL_OPTIONS; prints "jvm_ms wall_ms"
  local start end out
  start=$(date +%s%N)
  out=$(env -i PATH="$PATH" HOME="$HOME" MAIN_CLASS="$MAIN_CLASS" JAVA_TOOL_OPTIONS="$1" \
    GEMINI_API_KEY=bench-not-a-key GEMINI_BASE_URL="http://127.0.0.1:$PORT" REQUEST_LOG=false \
    java -cp "$JAR:$CLASSES" dev.livetoken.aws.StdioRuntime "$HANDLER" --once "$EVENT" 2>&1)
  end=$(date +%s%N)
  if ! grep -q '^RESPONSE {"statusCode":200' <<<"$out"; then
    echo "a run did not mint a token:" >&2; echo "$out" | tail -5 >&2; exit 1
  fi
  echo "$(sed -n 's/^FIRST_RESPONSE_MS //p' <<<"$out") $(( (end - start) / 1000000 ))"
}

report() { # $1: label, $2: file of "jvm_ms wall_ms" lines
  printf '%-60s JVM start -> first return: median %5s ms (%s); spawn -> exit: median %5s ms\n' "$1" \
    "$(cut -d' ' -f1 "$2" | median)" "$(cut -d' ' -f1 "$2" | paste -sd' ')" "$(cut -d' ' -f2 "$2" | median)"
}

echo "jar: $JAR $(stat -c %s "$JAR") bytes ($(du -h "$JAR" | cut -f1)); handler $HANDLER; $RUNS runs each"
echo "java: $(java -version 2>&1 | head -1); $(nproc) cores"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
DEPLOYED=$(mktemp); PLAIN=$(mktemp)
trap 'kill "$FAKE_PID" 2>/dev/null; rm -f "$DEPLOYED" "$PLAIN"' EXIT
for _ in $(seq "$RUNS"); do # interleaved, so that both variants share the machine's noise
  run_once "$TOOL_OPTIONS" >>"$DEPLOYED"
  run_once "" >>"$PLAIN"
done
report "as deployed (JAVA_TOOL_OPTIONS=$TOOL_OPTIONS)" "$DEPLOYED"
report "no JVM options" "$PLAIN"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

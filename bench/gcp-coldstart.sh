#!/usr/bin/env bash
# Cold start and memory of the Cloud Functions adapter under Google's own invoker, on this machine:
#   - time from starting `java -jar java-function-invoker.jar` on the deploy directory to the first 200 from
#     POST /api/token (median of RUNS),
#   - RSS of the invoker process (VmRSS) after 1,000 further POSTs over one keep-alive connection,
#   - the CPU time (user + system) the invoker used until that first 200 (steadier than wall time when the
#     machine is busy),
#   - the deploy directory's size.
# The upstream is bench/fake_gemini.py on loopback (answers at once). Extra JVM flags: JVM_FLAGS="..."
# (passed as JAVA_TOOL_OPTIONS, which Cloud Functions also honours as an environment variable).
# Usage: bench/gcp-coldstart.sh            (builds adapter-gcp first unless BUILD=0)
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS="${RUNS:-5}"
REQUESTS="${REQUESTS:-1000}"
JVM_FLAGS="${JVM_FLAGS:-}"
TARGET=adapter-gcp/target
DEPLOY="$TARGET/deploy"
INVOKER="$TARGET/invoker/java-function-invoker.jar"
ENTRY_POINT=dev.livetoken.gcp.TokenHttpFunction
LOGS="$TARGET/bench"

if [ "${BUILD:-1}" = 1 ]; then
  mvn -B -q package -DskipTests -pl adapter-gcp -am
fi
mkdir -p "$LOGS"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

UPSTREAM_PORT=$(free_port)
python3 bench/fake_gemini.py "$UPSTREAM_PORT" & UPSTREAM_PID=$!
INVOKER_PID=""
cleanup() {
  [ -n "$INVOKER_PID" ] && kill "$INVOKER_PID" 2>/dev/null || true
  kill "$UPSTREAM_PID" 2>/dev/null || true
}
trap cleanup EXIT

starts=(); cpus=(); rss=()
for run in $(seq "$RUNS"); do
  PORT=$(free_port)
  begin=$(now_ms)
  env -i PATH="$PATH" GEMINI_API_KEY=bench-key GEMINI_BASE_URL="http://127.0.0.1:$UPSTREAM_PORT" \
    RATE_LIMIT_PER_MINUTE=0 REQUEST_LOG=false ${JVM_FLAGS:+JAVA_TOOL_OPTIONS="$JVM_FLAGS"} \
    java -jar "$INVOKER" --classpath "$DEPLOY/live-token-gcp.jar" --target "$ENTRY_POINT" --port "$PORT" \
    >"$LOGS/invoker-$run.log" 2>&1 &
  INVOKER_PID=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' -d '{}' \
      "http://127.0.0.1:$PORT/api/token" 2>/dev/null)" = 200 ]; do
    kill -0 "$INVOKER_PID" 2>/dev/null || { echo "invoker died; see $LOGS/invoker-$run.log" >&2; exit 1; }
    sleep 0.01
  done
  starts+=($(( $(now_ms) - begin )))
  # CPU time the invoker burnt until then (user + system): far less sensitive to a busy machine than wall time.
  cpus+=($(awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$INVOKER_PID/stat"))

  # One curl process, REQUESTS URLs: a single keep-alive connection, as a front end would hold it.
  urls=(); for _ in $(seq "$REQUESTS"); do urls+=(-o /dev/null "http://127.0.0.1:$PORT/api/token"); done
  ok=$(curl -s -w '%{http_code}\n' -X POST -H 'Content-Type: application/json' -d '{}' "${urls[@]}" \
    | grep -c '^200$' || true)
  [ "$ok" = "$REQUESTS" ] || { echo "only $ok of $REQUESTS requests answered 200" >&2; exit 1; }
  rss+=($(awk '/^VmRSS/ {print int($2/1024)}' "/proc/$INVOKER_PID/status"))
  kill "$INVOKER_PID"; wait "$INVOKER_PID" 2>/dev/null || true; INVOKER_PID=""
  echo "run $run: first 200 after ${starts[-1]} ms (${cpus[-1]} ms CPU), RSS after $REQUESTS requests ${rss[-1]} MB"
done

echo "JVM flags: ${JVM_FLAGS:-(none)}"
echo "cold start (spawn -> first 200), median of $RUNS: $(printf '%s\n' "${starts[@]}" | median) ms (runs: ${starts[*]})"
echo "CPU time until the first 200, median of $RUNS: $(printf '%s\n' "${cpus[@]}" | median) ms (runs: ${cpus[*]})"
echo "RSS after $REQUESTS requests, median of $RUNS: $(printf '%s\n' "${rss[@]}" | median) MB (runs: ${rss[*]})"
echo "deploy directory: $(du -sb "$DEPLOY" | cut -f1) bytes ($(du -sh "$DEPLOY" | cut -f1)), $(find "$DEPLOY" -name '*.jar' | wc -l) jars"

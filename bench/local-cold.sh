#!/usr/bin/env bash
# Cold starts of the local endpoint, variants interleaved (issue 11): each run spawns the server in a scratch
# directory and polls POST /api/token every 5 ms until it answers 200, against bench/FakeGemini.java. Reports,
# per variant, the time from spawn to that first 200 and the CPU (user + system) the server had used by then.
# The CPU figure is the steadier of the two on a shared machine: on 2 cores the cold start is CPU-bound.
#
#   bench/local-cold.sh [--help]
#
# Prints raw figures as it goes (stderr) and one Markdown table of medians at the end (stdout).
# Environment:
#   VARIANTS   ';'-separated "label|jar|JVM options" (absolute paths), as bench/local-load.sh takes them.
#              Default: this tree's jar with the argument file the build wrote (README's launch line)
#   RUNS       cold starts per variant (default 9)
#   DELAY_MS   the fake upstream's answer time (default 0)
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS=${RUNS:-9}
DELAY_MS=${DELAY_MS:-0}
VARIANTS=${VARIANTS:-"this tree|$REPO_DIR/adapter-local/target/live-token-local.jar|@$REPO_DIR/adapter-local/target/live-token-local.args"}

# cold_start JAR OPTS LOG: prints "WALL_MS CPU_MS" for one spawn -> first 200.
cold_start() {
  local port start end cpu
  port=$(free_port)
  start=$(now_ns)
  spawn_local "$1" "$2" "$port" "$3"
  wait_first_token "$port" "$3" "$SERVER_PID" 0.005
  end=$(now_ns)
  cpu=$(cpu_ms "$SERVER_PID")
  stop_pid "$SERVER_PID"
  echo "$(((end - start) / 1000000)) $cpu"
}

main() {
  [[ ${1:-} == -h || ${1:-} == --help ]] && { usage "$0"; exit 0; }
  ensure_tools
  bench_workdir bench-cold
  IFS=';' read -ra VARIANT_LIST <<<"$VARIANTS"
  FAKE_PORT=$(free_port)
  start_fake "$FAKE_PORT" "$WORK/fake.log" "$DELAY_MS"
  log "fake upstream on $FAKE_PORT answering after $DELAY_MS ms; load average $(loadavg)"

  local run v label jar opts out wall cpu
  declare -A WALL CPU
  for ((run = 1; run <= RUNS; run++)); do
    for v in "${!VARIANT_LIST[@]}"; do
      IFS='|' read -r label jar opts <<<"${VARIANT_LIST[$v]}"
      out=$(cold_start "$jar" "$opts" "$WORK/server-$v.log") # an assignment, so that set -e stops on a failure
      read -r wall cpu <<<"$out"
      WALL[$v]+="$wall " CPU[$v]+="$cpu "
      log "run $run, $label: first 200 after $wall ms, $cpu ms of CPU; load $(loadavg)"
    done
  done

  echo
  echo "Local endpoint cold starts, spawn to first 200 against a fake upstream answering after $DELAY_MS ms; medians of $RUNS interleaved runs ($(date -u '+%Y-%m-%d %H:%M UTC'), load average at the end $(loadavg))."
  echo
  echo "Command: \`RUNS=$RUNS DELAY_MS=$DELAY_MS bench/local-cold.sh\`"
  echo
  echo "| variant | JVM options | first 200, ms (runs) | CPU to it, ms (runs) |"
  echo "|---|---|---|---|"
  for v in "${!VARIANT_LIST[@]}"; do
    IFS='|' read -r label jar opts <<<"${VARIANT_LIST[$v]}"
    # shellcheck disable=SC2086
    echo "| $label | \`${opts:-(none)}\` | $(median ${WALL[$v]}) (${WALL[$v]% }) | $(median ${CPU[$v]}) (${CPU[$v]% }) |"
  done
}

main "$@"

#!/usr/bin/env bash
# The cost of one ID-token check (issue 22): the local endpoint with no proof and with AUTH_ISSUER set, both sent
# the same request (POST {} with an RS256 ID token in Authorization, which the first ignores), interleaved
# through bench/local-load.sh (fresh process per run, warmed up with wrk first, no slow-client attack). The
# issuer (bench/ProofIssuer.java) serves its JWKS on loopback; keys are fetched once and then cached.
#
#   bench/proof-load.sh [--help]
#
# Environment: RUNS (default 3), CONNECTIONS (default 64), DURATION (default 10s), WARMUP (default 10),
# DELAY_MS (default 0: the fake upstream answers at once, so the check's CPU shows), as for local-load.sh.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

main() {
  [[ ${1:-} == -h || ${1:-} == --help ]] && { usage "$0"; exit 0; }
  ensure_tools
  bench_workdir bench-proof
  local port token jar args
  port=$(free_port)
  java -XX:TieredStopAtLevel=1 "$BENCH_DIR/ProofIssuer.java" "$port" >"$WORK/issuer.out" 2>&1 &
  track_pid $!
  wait_port "$port" 60 $!
  for _ in $(seq 1 100); do [[ -s $WORK/issuer.out ]] && break; sleep 0.1; done
  token=$(head -n1 "$WORK/issuer.out")
  printf 'wrk.method = "POST"\nwrk.body = "{}"\nwrk.headers["Content-Type"] = "application/json"\nwrk.headers["Authorization"] = "Bearer %s"\n' \
    "$token" >"$WORK/post-bearer.lua"
  jar="$REPO_DIR/adapter-local/target/live-token-local.jar"
  args="@$REPO_DIR/adapter-local/target/live-token-local.args"
  FIRST_TOKEN_HEADER="Authorization: Bearer $token" RUNS=${RUNS:-3} CONNECTIONS=${CONNECTIONS:-64} DURATION=${DURATION:-10s} WARMUP=${WARMUP:-10} \
    DELAY_MS=${DELAY_MS:-0} SLOW=0 LUA="$WORK/post-bearer.lua" \
    VARIANTS="no proof|$jar|$args;ID token|$jar|$args -DAUTH_ISSUER=http://127.0.0.1:$port -DAUTH_AUDIENCE=bench" \
    "$BENCH_DIR/local-load.sh"
}

main "$@"

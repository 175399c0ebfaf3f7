#!/usr/bin/env bash
# Cold starts of this tree against another revision, interleaved run by run so that both share the machine's
# noise: the before/after figure of a change. For each of the Cloud Functions adapter (Google's invoker,
# spawn to the first 200 from POST /api/token, and the CPU time spent until then) and the Lambda handler
# (fresh JVM start to the first handleRequest return), each with the JVM options it is deployed with in that
# revision. Prints one Markdown table (stdout; progress on stderr).
#
#   bench/compare.sh REV [RUNS]      e.g. bench/compare.sh HEAD~1 9
#
# REV is checked out into a temporary git worktree and built there (mvn -B -q -DskipTests -DskipAot=true
# package: nothing is installed into ~/.m2); this tree must be built already.
# Environment: KEEP_WORKTREE=1 keeps the worktree (its path is printed).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

case "${1:-}" in
  "" | -h | --help) usage "$0"; exit 0 ;;
esac
REV=$1
RUNS=${2:-7}
COMMIT=$(git -C "$REPO_DIR" rev-parse --short "$REV^{commit}") || die "unknown revision $REV"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench-compare.XXXXXX")
OTHER="$WORK/tree"
cleanup() {
  bench_cleanup
  if [[ ${KEEP_WORKTREE:-0} == 1 ]]; then
    log "worktree kept: $OTHER"
  else
    git -C "$REPO_DIR" worktree remove --force "$OTHER" >/dev/null 2>&1 || true
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[[ -f $REPO_DIR/adapter-gcp/target/deploy/live-token-gcp.jar && -f $REPO_DIR/adapter-aws/target/live-token-aws.jar \
  && -f $REPO_DIR/adapter-aws/target/test-classes/dev/livetoken/aws/StdioRuntime.class ]] \
  || die "build this tree first: mvn -B -DskipTests package"
log "building $REV ($COMMIT) in $OTHER"
git -C "$REPO_DIR" worktree add --detach "$OTHER" "$COMMIT" >/dev/null 2>&1
(cd "$OTHER" && mvn -B -q -DskipTests -DskipCds=true -DskipAot=true package) >&2 || die "could not build $REV"

FAKE_PORT=$(free_port)
start_fake "$FAKE_PORT" "$WORK/fake.log"
EVENT="$REPO_DIR/adapter-aws/src/test/resources/events/http_api_event.json"

# The JVM options each tree deploys with: README's gcloud command and template.yaml.
gcp_options() { grep -o 'JAVA_TOOL_OPTIONS=[^ ]*' "$1/README.md" | head -n1 | cut -d= -f2- || true; }
aws_options() { sed -n 's/^ *JAVA_TOOL_OPTIONS: *//p' "$1/adapter-aws/template.yaml"; }
gcp_entry() { sed -n 's/.*--entry-point \([^ ]*\).*/\1/p' "$1/README.md" | head -n1; }

# gcp_cold TREE: prints "wall_ms cpu_ms".
gcp_cold() {
  local tree=$1 port t0 wall
  port=$(free_port)
  t0=$(now_ns)
  start_gcf_invoker "$tree/adapter-gcp/target/deploy/live-token-gcp.jar" "$(gcp_entry "$tree")" \
    "$(gcp_options "$tree")" "$port" "$WORK/invoker.log"
  wait_first_token "$port" "$WORK/invoker.log"
  wall=$(printf '%.0f' "$(elapsed_ms "$t0" "$(now_ns)")")
  echo "$wall $(cpu_ms "$INVOKER_PID")"
  stop_pid "$INVOKER_PID"
}

# aws_cold TREE: prints the milliseconds from JVM start to the first handleRequest return.
aws_cold() {
  local tree=$1 template="$1/adapter-aws/template.yaml" jvm wall
  # Revisions before the Spring-free handler read their configuration class from MAIN_CLASS.
  read -r jvm wall < <(MAIN_CLASS=$(sed -n 's/^ *MAIN_CLASS: *//p' "$template") lambda_cold_start \
    "$tree/adapter-aws/target/live-token-aws.jar" "$tree/adapter-aws/target/test-classes" \
    "$(sed -n 's/^ *Handler: *\([^:]*\)::.*/\1/p' "$template")" "$(aws_options "$tree")" "$EVENT")
  echo "$jvm"
}

G_NEW=() C_NEW=() G_OLD=() C_OLD=() A_NEW=() A_OLD=()
for ((run = 1; run <= RUNS; run++)); do
  read -r wall cpu < <(gcp_cold "$OTHER"); G_OLD+=("$wall") C_OLD+=("$cpu")
  read -r wall cpu < <(gcp_cold "$REPO_DIR"); G_NEW+=("$wall") C_NEW+=("$cpu")
  A_OLD+=("$(aws_cold "$OTHER")")
  A_NEW+=("$(aws_cold "$REPO_DIR")")
  log "run $run: GCF $COMMIT ${G_OLD[-1]} ms (${C_OLD[-1]} ms CPU), this tree ${G_NEW[-1]} ms (${C_NEW[-1]} ms CPU);" \
    "Lambda $COMMIT ${A_OLD[-1]} ms, this tree ${A_NEW[-1]} ms"
done

HEAD_COMMIT=$(git -C "$REPO_DIR" rev-parse --short HEAD)
DIRTY=$(git -C "$REPO_DIR" status --porcelain --untracked-files=no | grep -q . && echo ", uncommitted changes" || true)
echo "Cold starts, $COMMIT ($REV) against this tree ($HEAD_COMMIT$DIRTY), $RUNS interleaved runs, medians; $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(loadavg) at the end."
echo
echo "Command: \`bench/compare.sh $REV $RUNS\`"
echo
echo "| front end | $COMMIT | this tree | this tree / $COMMIT |"
echo "|---|---|---|---|"
echo "| GCF, spawn → first 200 | $(median "${G_OLD[@]}") ms (${G_OLD[*]}) | $(median "${G_NEW[@]}") ms (${G_NEW[*]}) | $(ratio "$(median "${G_NEW[@]}")" "$(median "${G_OLD[@]}")") |"
echo "| GCF, CPU to first 200 | $(median "${C_OLD[@]}") ms | $(median "${C_NEW[@]}") ms | $(ratio "$(median "${C_NEW[@]}")" "$(median "${C_OLD[@]}")") |"
echo "| Lambda, JVM start → first return | $(median "${A_OLD[@]}") ms (${A_OLD[*]}) | $(median "${A_NEW[@]}") ms (${A_NEW[*]}) | $(ratio "$(median "${A_NEW[@]}")" "$(median "${A_OLD[@]}")") |"
echo "| GCF JVM options | \`$(gcp_options "$OTHER")\` | \`$(gcp_options "$REPO_DIR")\` | |"
echo "| Lambda JVM options | \`$(aws_options "$OTHER")\` | \`$(aws_options "$REPO_DIR")\` | |"

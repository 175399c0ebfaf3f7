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

# aws_cold TREE: prints the milliseconds from JVM start to the first handleRequest return.
aws_cold() {
  local tree=$1 template="$1/adapter-aws/template.yaml" jvm wall
  # Revisions before the Spring-free handler read their configuration class from MAIN_CLASS.
  read -r jvm wall < <(MAIN_CLASS=$(sed -n 's/^ *MAIN_CLASS: *//p' "$template") lambda_cold_start \
    "$tree/adapter-aws/target/live-token-aws.jar" "$tree/adapter-aws/target/test-classes" \
    "$(aws_handler "$template")" "$(aws_options "$tree")" "$EVENT")
  echo "$jvm"
}

gcf_cold_a() { gcf_cold "$OTHER/adapter-gcp/target/deploy/live-token-gcp.jar" "$(gcp_entry "$OTHER")" "$(gcp_options "$OTHER")" "$WORK/invoker.log"; }
gcf_cold_b() { gcf_cold "$REPO_DIR/adapter-gcp/target/deploy/live-token-gcp.jar" "$(gcp_entry "$REPO_DIR")" "$(gcp_options "$REPO_DIR")" "$WORK/invoker.log"; }
aws_cold_a() { aws_cold "$OTHER"; }
aws_cold_b() { aws_cold "$REPO_DIR"; }

cold_series "$RUNS" "$COMMIT" "this tree" "Cold starts, $COMMIT ($REV) against this tree ($(tree_label))" \
  "bench/compare.sh $REV $RUNS" \
  "| GCF JVM options | \`$(gcp_options "$OTHER")\` | \`$(gcp_options "$REPO_DIR")\` | |" \
  "| Lambda JVM options | \`$(aws_options "$OTHER")\` | \`$(aws_options "$REPO_DIR")\` | |"

#!/usr/bin/env bash
# Cold starts of the two doors on each platform, interleaved run by run (the order alternating) so that both
# share the machine's noise: the lean doors (TokenHttpFunction, TokenHandler: no Spring at run time) against
# the Spring Cloud Function doors (SpringTokenFunction, SpringTokenHandler). Cloud Functions: Google's invoker,
# spawn to the first 200 from POST /api/token, and the CPU time spent until then, each door with the
# JAVA_TOOL_OPTIONS of its README command. Lambda: fresh JVM start to the first handleRequest return
# (simulated, no SnapStart), each handler of template.yaml with its JVM options. Prints one Markdown table
# (stdout; progress on stderr).
#
#   bench/doors.sh [RUNS]      e.g. bench/doors.sh 9   (default 7)
#
# This tree must be built already (mvn -B -DskipTests package).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

case "${1:-}" in
  -h | --help) usage "$0"; exit 0 ;;
esac
RUNS=${1:-7}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench-doors.XXXXXX")
cleanup() { bench_cleanup; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# Each door from its own deploy directory, as README deploys it (the lean one holds no Spring).
GCF_JAR="$REPO_DIR/adapter-gcp/target/deploy/live-token-gcp.jar"
SPRING_GCF_JAR="$REPO_DIR/adapter-gcp/target/deploy-spring/live-token-gcp.jar"
AWS_JAR="$REPO_DIR/adapter-aws/target/live-token-aws.jar"
TEST_CLASSES="$REPO_DIR/adapter-aws/target/test-classes"
TEMPLATE="$REPO_DIR/adapter-aws/template.yaml"
[[ -f $GCF_JAR && -f $SPRING_GCF_JAR && -f $AWS_JAR && -f $TEST_CLASSES/dev/livetoken/aws/StdioRuntime.class ]] \
  || die "build this tree first: mvn -B -DskipTests package"

FAKE_PORT=$(free_port)
start_fake "$FAKE_PORT" "$WORK/fake.log"
EVENT="$REPO_DIR/adapter-aws/src/test/resources/events/http_api_event.json"

LEAN_GCF=dev.livetoken.gcp.TokenHttpFunction SPRING_GCF=dev.livetoken.gcp.SpringTokenFunction
LEAN_AWS=dev.livetoken.aws.TokenHandler SPRING_AWS=dev.livetoken.aws.SpringTokenHandler

# The JAVA_TOOL_OPTIONS of README's gcloud command for entry point $1 (the last variable of its list).
gcp_options() {
  grep -- "--entry-point $1 " "$REPO_DIR/README.md" | head -n1 | grep -o 'JAVA_TOOL_OPTIONS=[^ ]*' | cut -d= -f2- || true
}
aws_options() { sed -n 's/^ *JAVA_TOOL_OPTIONS: *//p' "$TEMPLATE"; }
grep -q -- "- $SPRING_AWS::handleRequest" "$TEMPLATE" || die "template.yaml offers no $SPRING_AWS"

# aws_cold HANDLER: prints the milliseconds from JVM start to the first handleRequest return.
aws_cold() {
  local jvm wall
  read -r jvm wall < <(lambda_cold_start "$AWS_JAR" "$TEST_CLASSES" "$1" "$(aws_options)" "$EVENT")
  echo "$jvm"
}

gcf_cold_a() { gcf_cold "$GCF_JAR" "$LEAN_GCF" "$(gcp_options "$LEAN_GCF")" "$WORK/invoker.log"; }
gcf_cold_b() { gcf_cold "$SPRING_GCF_JAR" "$SPRING_GCF" "$(gcp_options "$SPRING_GCF")" "$WORK/invoker.log"; }
aws_cold_a() { aws_cold "$LEAN_AWS"; }
aws_cold_b() { aws_cold "$SPRING_AWS"; }

cold_series "$RUNS" "lean door" "Spring door" \
  "Cold starts of the lean and the Spring Cloud Function doors ($(tree_label))" "bench/doors.sh $RUNS" \
  "| GCF JVM options | \`$(gcp_options "$LEAN_GCF")\` | \`$(gcp_options "$SPRING_GCF")\` | |" \
  "| Lambda JVM options | \`$(aws_options)\` | \`$(aws_options)\` | |"

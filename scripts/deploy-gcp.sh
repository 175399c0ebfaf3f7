#!/usr/bin/env bash
# Deploys the token function to Cloud Functions (2nd gen) from the prebuilt deploy directory, as README shows.
# Needs gcloud, a project set with `gcloud config set project ...` and the secret `gemini-api-key`.
# DOOR=lean (default, no Spring at run time) or DOOR=spring (Spring Cloud Function's invoker); both serve the
# same contract, each from its own deploy directory (README, "The doors").
set -euo pipefail
cd "$(dirname "$0")/.."

FUNCTION="${FUNCTION:-gemini-token}"
REGION="${REGION:-europe-west1}"
RUNTIME="${RUNTIME:-java25}"
DOOR="${DOOR:-lean}"
case "$DOOR" in
  lean) ENTRY_POINT=dev.livetoken.gcp.TokenHttpFunction SOURCE=adapter-gcp/target/deploy ;;
  spring) ENTRY_POINT=dev.livetoken.gcp.SpringTokenFunction SOURCE=adapter-gcp/target/deploy-spring ;;
  *) echo "DOOR must be lean or spring, not $DOOR" >&2; exit 2 ;;
esac
SECRET="${SECRET:-gemini-api-key:latest}"
MEMORY="${MEMORY:-512Mi}"
CPU="${CPU:-1}"
CONCURRENCY="${CONCURRENCY:-20}"
MAX_INSTANCES="${MAX_INSTANCES:-10}"
ALLOWED_ORIGINS="${ALLOWED_ORIGINS:-}"
# C1 only: a function that scales to zero is judged by its cold start (BENCHMARKS.md).
JAVA_TOOL_OPTIONS_VALUE="${JAVA_TOOL_OPTIONS_VALUE:--XX:TieredStopAtLevel=1}"

if [ ! -f "$SOURCE/live-token-gcp.jar" ] || [ "${BUILD:-1}" = 1 ]; then
  mvn -B -q verify -pl adapter-gcp -am
fi

# The project the request lines name in their trace field, so Cloud Logging nests them under the trace.
PROJECT="${PROJECT:-$(gcloud config get-value project 2>/dev/null)}"

# ^@^ makes @ the list separator, so commas inside the origin list and spaces in JVM options survive.
env_list="JAVA_TOOL_OPTIONS=$JAVA_TOOL_OPTIONS_VALUE@GOOGLE_CLOUD_PROJECT=$PROJECT"
if [ -n "$ALLOWED_ORIGINS" ]; then
  env_list="$env_list@ALLOWED_ORIGINS=$ALLOWED_ORIGINS"
fi
env_vars=(--set-env-vars "^@^$env_list")

gcloud functions deploy "$FUNCTION" --gen2 --runtime "$RUNTIME" --trigger-http --allow-unauthenticated \
  --entry-point "$ENTRY_POINT" --source "$SOURCE" --set-secrets "GEMINI_API_KEY=$SECRET" \
  --region "$REGION" --memory "$MEMORY" --cpu "$CPU" --concurrency "$CONCURRENCY" \
  --max-instances "$MAX_INSTANCES" "${env_vars[@]}"

# Log-based metrics from the request lines (tokens, refusals by code, Google's minting time): created once,
# updated from their files on later deploys. LOG_METRICS=0 skips them.
if [ "${LOG_METRICS:-1}" = 1 ]; then
  for file in scripts/log-metrics/*.yaml; do
    metric="$(basename "$file" .yaml)"
    if gcloud logging metrics describe "$metric" >/dev/null 2>&1; then
      gcloud logging metrics update "$metric" --config-from-file "$file"
    else
      gcloud logging metrics create "$metric" --config-from-file "$file"
    fi
  done
fi

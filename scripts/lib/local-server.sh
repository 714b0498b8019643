# Shared by the scripts that install, start and stop a local server for the tests
# (dynamodb-local.sh, moto-server.sh), or a Python venv (rococo-venv.sh). Source it
# after setting (VENV and PYTHON too for venv_install):
#
#   SERVER_NAME   the name in messages (e.g. "moto-server")
#   SERVER_LABEL  the name in sentences (e.g. "moto_server")
#   INSTALL_DIR   where the server is installed and its pid file lives
#   LOG_DIR       where install and server logs go
#   PID_FILE      the pid file of the running server
#
# Only `export` lines may go to stdout; everything here writes to stderr.

log() { printf '%s: %s\n' "$SERVER_NAME" "$*" >&2; }
die() {
    printf '%s: error: %s\n' "$SERVER_NAME" "$*" >&2
    exit 1
}

# Runs the install function $1 holding a lock, so that test runs starting
# together install once; the lock's descriptor is closed again so that the
# server does not inherit it.
locked_install() {
    mkdir -p "$INSTALL_DIR" "$LOG_DIR"
    if command -v flock >/dev/null 2>&1; then
        exec 9>"$INSTALL_DIR/.install.lock"
        flock -w 600 9 || die "timed out waiting for another install in $INSTALL_DIR"
        "$1"
        exec 9>&-
    else
        "$1"
    fi
}

# A free TCP port of 127.0.0.1 (or $1 when it is set), picked with python $2.
free_port() {
    local fixed=$1 python=$2
    if [[ -n "$fixed" ]]; then
        printf '%s\n' "$fixed"
        return
    fi
    command -v "$python" >/dev/null 2>&1 || die "python3 is needed to pick a free port"
    "$python" -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

# Waits until `$answers PORT` succeeds for the server with pid $1 on port $2,
# for at most $4 seconds; on failure shows the end of log $3, stops it and dies.
wait_for_server() {
    local pid=$1 port=$2 logfile=$3 wait_s=$4 answers=$5
    local deadline=$((SECONDS + wait_s))
    until "$answers" "$port"; do
        if ! kill -0 "$pid" 2>/dev/null; then
            tail -n 40 "$logfile" >&2 || true
            die "$SERVER_LABEL exited before answering on port $port (log: $logfile)"
        fi
        if ((SECONDS >= deadline)); then
            tail -n 40 "$logfile" >&2 || true
            kill "$pid" 2>/dev/null || true
            die "$SERVER_LABEL did not answer on 127.0.0.1:$port within ${wait_s}s (log: $logfile)"
        fi
        sleep 0.3
    done
    printf '%s\n' "$pid" >"$PID_FILE"
    log "$SERVER_LABEL is up (pid $pid)"
}

# Whether pid $1 is running with $2 in its command line (so that an unrelated
# process that reused the pid is never signalled).
is_server() {
    local pid=$1 pattern=$2
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    if [[ -r "/proc/$pid/cmdline" ]]; then
        tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "$pattern"
    fi
}

# Stops the server with pid $1 (else the one in the pid file) if its command
# line holds $2: TERM, up to 10 s of waiting, then KILL.
stop_server() {
    local pid=$1 pattern=$2
    if [[ -z "$pid" && -f "$PID_FILE" ]]; then
        pid=$(cat "$PID_FILE")
    fi
    if [[ -z "$pid" ]]; then
        log "nothing to stop (no pid given and no pid file)"
        return 0
    fi
    if ! is_server "$pid" "$pattern"; then
        log "pid $pid is not a running $SERVER_LABEL; nothing to stop"
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
    log "stopped $SERVER_LABEL (pid $pid)"
}

# Makes the virtual environment $VENV with $PYTHON (unless it exists) and
# pip-installs the requirement $1 into it ($2: the Python version needed,
# for the messages). Dies with the log shown when either step fails.
venv_install() {
    local requirement=$1 needs=$2
    command -v "$PYTHON" >/dev/null 2>&1 ||
        die "$PYTHON is not installed; $SERVER_LABEL needs Python $needs with venv and pip (e.g. apt-get install python3-venv)"
    if [[ ! -x "$VENV/bin/python" ]]; then
        log "creating a virtual environment in $VENV"
        rm -rf "$VENV"
        "$PYTHON" -m venv "$VENV" >"$LOG_DIR/venv.log" 2>&1 || {
            cat "$LOG_DIR/venv.log" >&2 || true
            rm -rf "$VENV"
            die "$PYTHON -m venv failed (e.g. apt-get install python3-venv; log: $LOG_DIR/venv.log)"
        }
    fi
    log "installing $requirement into $VENV"
    if ! "$VENV/bin/python" -m pip install --disable-pip-version-check --no-input --quiet \
        "$requirement" >"$LOG_DIR/pip-install.log" 2>&1; then
        cat "$LOG_DIR/pip-install.log" >&2 || true
        die "pip install $requirement failed (log: $LOG_DIR/pip-install.log)"
    fi
}

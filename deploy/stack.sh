#!/usr/bin/env bash
# deploy/stack.sh — a private Apache Kafka broker and PostgreSQL cluster for
# development, the demo and the tests, without containers.
#
#   deploy/stack.sh start [kafka|pg]     start (both by default); idempotent
#   deploy/stack.sh stop [kafka|pg]      stop cleanly (both by default)
#   deploy/stack.sh status               one line each; exit 0 if both answer
#   deploy/stack.sh env [kafka|pg]       export lines for eval
#   deploy/stack.sh start-kafka | stop-kafka | restart-kafka | kill-kafka
#   deploy/stack.sh start-pg    | stop-pg    | restart-pg    | kill-pg
#   deploy/stack.sh logs [kafka|pg]      where the logs are, and their tails
#   deploy/stack.sh clean                stop, then remove all state (data too)
#
# kill-* end a server at once (SIGKILL, pg_ctl -m immediate) for the fault
# tests; stop-* are the clean shutdowns.
#
# Environment (defaults in brackets):
#   TP_STACK_DIR              state: data, logs, pidfiles [<repo>/.stack]
#   TP_KAFKA_PORT             broker listener on 127.0.0.1 [19092]
#   TP_KAFKA_CONTROLLER_PORT  KRaft controller listener [19093]
#   TP_PG_PORT                PostgreSQL on 127.0.0.1 [15432]
#   TP_PG_FAST=1              fsync=off, synchronous_commit=off for this start
#                             (ordinary tests only; never for durability tests)
#   TP_CACHE_DIR              Kafka jars cache [$HOME/.cache/tinpipe]
#   TP_KAFKA_HEAP_OPTS        [-Xmx512m -Xms256m]
#   TP_KAFKA_START_TIMEOUT    seconds to wait for the broker [90]
#   TP_KAFKA_STOP_TIMEOUT     seconds between SIGTERM and SIGKILL [30]
#   TP_PG_START_TIMEOUT       seconds to wait for PostgreSQL [60]
#   TP_PG_BINDIR              where initdb/pg_ctl live [PostgreSQL 15's]
#
# Kafka 3.9.1 runs as one KRaft node (broker and controller) from jars that
# maven fetches once per machine (deploy/kafka/pom.xml); PostgreSQL is a
# cluster of its own made with initdb, trust auth, user and database
# "tinpipe", listening on 127.0.0.1 only.
set -euo pipefail

# ---------------------------------------------------------------------------
# Settings
# ---------------------------------------------------------------------------

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd -- "$SCRIPT_DIR/.." && pwd)

STACK_DIR=${TP_STACK_DIR:-$REPO_DIR/.stack}
# Absolute, so that pidfiles, configs and the process command lines that we
# match against them do not depend on the caller's working directory.
[[ $STACK_DIR == /* ]] || STACK_DIR=$PWD/$STACK_DIR
STACK_DIR=${STACK_DIR%/}

KAFKA_PORT=${TP_KAFKA_PORT:-19092}
KAFKA_CONTROLLER_PORT=${TP_KAFKA_CONTROLLER_PORT:-19093}
PG_PORT=${TP_PG_PORT:-15432}
CACHE_DIR=${TP_CACHE_DIR:-${HOME:-/tmp}/.cache/tinpipe}
[[ $CACHE_DIR == /* ]] || CACHE_DIR=$PWD/$CACHE_DIR

KAFKA_VERSION=3.9.1
KAFKA_LIBS=$CACHE_DIR/kafka-$KAFKA_VERSION
KAFKA_HEAP_OPTS=${TP_KAFKA_HEAP_OPTS:--Xmx512m -Xms256m}
KAFKA_START_TIMEOUT=${TP_KAFKA_START_TIMEOUT:-90}
KAFKA_STOP_TIMEOUT=${TP_KAFKA_STOP_TIMEOUT:-30}
PG_START_TIMEOUT=${TP_PG_START_TIMEOUT:-60}

KAFKA_DIR=$STACK_DIR/kafka
KAFKA_DATA=$KAFKA_DIR/data
KAFKA_CONF=$KAFKA_DIR/server.properties
KAFKA_LOG=$KAFKA_DIR/server.log
KAFKA_PIDFILE=$STACK_DIR/kafka.pid

PG_USER=tinpipe
PG_DB=tinpipe
PG_PIDFILE=$STACK_DIR/pg.pid
# The data directory actually used is written here at initdb time (it may
# live outside the state dir, see pg_choose_datadir).
PG_DATADIR_FILE=$STACK_DIR/pg.datadir

# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

log() { printf 'stack: %s\n' "$*" >&2; }

die() {
  printf 'stack: error: %s\n' "$*" >&2
  exit 1
}

# die_with_log FILE MESSAGE: fail and show the end of a log that says why.
die_with_log() {
  local file=$1
  shift
  printf 'stack: error: %s\n' "$*" >&2
  if [[ -r $file ]]; then
    printf 'stack: last lines of %s:\n' "$file" >&2
    tail -n 40 -- "$file" | sed 's/^/  | /' >&2
  fi
  exit 1
}

# now_ms: wall clock in milliseconds, for the "started in" lines.
now_ms() { date +%s%3N; }

elapsed() {
  local ms=$(($(now_ms) - $1))
  printf '%d.%01ds' $((ms / 1000)) $((ms % 1000 / 100))
}

need() {
  command -v "$1" >/dev/null 2>&1 || die "$1 not found: $2 (deploy/install-deps.sh installs it)"
}

# port_listening PORT: true if something listens on 127.0.0.1:PORT (or on
# every address). ss does not connect, so it does not disturb the server.
port_listening() {
  local port=$1
  if command -v ss >/dev/null 2>&1; then
    [[ -n $(ss -Hltn "sport = :$port" 2>/dev/null) ]]
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
  fi
}

# pid_matches PID NEEDLE: the process lives and its command line contains
# NEEDLE (so a stale pidfile whose pid was reused is not taken for ours).
pid_matches() {
  local pid=$1 needle=$2 cmdline
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  cmdline=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || return 1
  [[ $cmdline == *"$needle"* ]]
}

# ---------------------------------------------------------------------------
# Kafka
# ---------------------------------------------------------------------------

# kafka_ensure_libs: the broker's jars in the cache, fetched by maven once per
# machine (and again only when deploy/kafka/pom.xml changes). A lock keeps
# two concurrent starts (parallel CI jobs) from downloading over each other.
kafka_ensure_libs() {
  local pom=$SCRIPT_DIR/kafka/pom.xml key tmp lockfd t0
  key=$(sha256sum "$pom" | cut -c1-16)
  if [[ -f $KAFKA_LIBS/.complete && $(<"$KAFKA_LIBS/.complete") == "$key" ]]; then
    return 0
  fi
  mkdir -p "$CACHE_DIR"
  exec {lockfd}>"$CACHE_DIR/kafka-$KAFKA_VERSION.lock"
  flock -w 900 "$lockfd" || die "could not lock $CACHE_DIR/kafka-$KAFKA_VERSION.lock"
  # Another start may have filled the cache while we waited for the lock.
  if [[ -f $KAFKA_LIBS/.complete && $(<"$KAFKA_LIBS/.complete") == "$key" ]]; then
    exec {lockfd}>&-
    return 0
  fi
  need mvn "maven fetches the Kafka jars"
  t0=$(now_ms)
  log "fetching Kafka $KAFKA_VERSION jars with maven into $KAFKA_LIBS (once per machine)"
  tmp=$(mktemp -d "$CACHE_DIR/kafka-$KAFKA_VERSION.tmp.XXXXXX")
  if ! mvn -B -q -f "$pom" dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$tmp" >"$CACHE_DIR/kafka-$KAFKA_VERSION.mvn.log" 2>&1; then
    rm -rf -- "$tmp"
    exec {lockfd}>&-
    die_with_log "$CACHE_DIR/kafka-$KAFKA_VERSION.mvn.log" "maven could not fetch the Kafka jars"
  fi
  if [[ ! -f $tmp/kafka_2.13-$KAFKA_VERSION.jar ]]; then
    rm -rf -- "$tmp"
    exec {lockfd}>&-
    die "maven finished but kafka_2.13-$KAFKA_VERSION.jar is missing"
  fi
  printf '%s\n' "$key" >"$tmp/.complete"
  rm -rf -- "$KAFKA_LIBS"
  mv -- "$tmp" "$KAFKA_LIBS"
  exec {lockfd}>&-
  log "Kafka jars ready ($(find "$KAFKA_LIBS" -name '*.jar' | wc -l) jars) in $(elapsed "$t0")"
}

# kafka_pid: print the broker's pid if the pidfile names a live broker that
# runs on this state dir's config.
kafka_pid() {
  local pid
  [[ -f $KAFKA_PIDFILE ]] || return 1
  pid=$(<"$KAFKA_PIDFILE")
  pid_matches "$pid" "$KAFKA_CONF" || return 1
  printf '%s\n' "$pid"
}

# kafka_answers: the broker serves metadata on its listener.
kafka_answers() {
  port_listening "$KAFKA_PORT" || return 1
  if command -v kcat >/dev/null 2>&1; then
    kcat -b "127.0.0.1:$KAFKA_PORT" -L -m 3 2>/dev/null | grep -q 'broker 1 at'
  else
    grep -q 'Kafka Server started' "$KAFKA_LOG" 2>/dev/null
  fi
}

# kafka_write_config: server.properties from the shared single-node settings
# plus this node's ports and directories (rewritten on every start, so the
# ports follow the environment).
kafka_write_config() {
  mkdir -p "$KAFKA_DATA"
  {
    printf '# Written by deploy/stack.sh on every start; edit\n'
    printf '# deploy/kafka/server-common.properties instead.\n\n'
    cat "$SCRIPT_DIR/kafka/server-common.properties"
    printf '\n# This node.\n'
    printf 'node.id=1\n'
    printf 'controller.quorum.voters=1@127.0.0.1:%s\n' "$KAFKA_CONTROLLER_PORT"
    printf 'listeners=PLAINTEXT://127.0.0.1:%s,CONTROLLER://127.0.0.1:%s\n' \
      "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"
    printf 'advertised.listeners=PLAINTEXT://127.0.0.1:%s\n' "$KAFKA_PORT"
    printf 'log.dirs=%s\n' "$KAFKA_DATA"
  } >"$KAFKA_CONF.tmp"
  mv -- "$KAFKA_CONF.tmp" "$KAFKA_CONF"
}

# kafka_new_cluster_id: a random UUID in Kafka's form (22 characters of
# URL-safe base64), made without starting a JVM. Kafka avoids ids that start
# with '-' (they read as options); so do we.
kafka_new_cluster_id() {
  local id
  while :; do
    id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
    [[ $id == -* ]] || break
  done
  printf '%s\n' "$id"
}

# kafka_format: format the storage once, before the first start. The
# cluster id is kept beside the data so a re-format (after the data dir was
# removed by hand) keeps the same id.
kafka_format() {
  local id_file=$KAFKA_DIR/cluster.id id
  [[ -f $KAFKA_DATA/meta.properties ]] && return 0
  [[ -f $id_file ]] || kafka_new_cluster_id >"$id_file"
  id=$(<"$id_file")
  log "formatting Kafka storage in $KAFKA_DATA (cluster id $id)"
  if ! java -cp "$KAFKA_LIBS/*" \
    -Dlog4j.configuration="file:$SCRIPT_DIR/kafka/log4j.properties" \
    kafka.tools.StorageTool format -t "$id" -c "$KAFKA_CONF" --ignore-formatted \
    >>"$KAFKA_LOG" 2>&1; then
    die_with_log "$KAFKA_LOG" "could not format Kafka storage"
  fi
}

# kafka_launch: start the broker in the background, detached from this
# shell's session (so a terminal's Ctrl-C or a job runner's process-group
# kill does not take it down), and return at once. Prints nothing when the
# broker already runs.
kafka_launch() {
  local pid port
  if pid=$(kafka_pid); then
    return 0
  fi
  rm -f -- "$KAFKA_PIDFILE"
  need java "Kafka needs Java 17 (openjdk-17-jre-headless)"
  for port in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
    if port_listening "$port"; then
      die "port $port is taken by another process; choose TP_KAFKA_PORT / TP_KAFKA_CONTROLLER_PORT"
    fi
  done
  kafka_ensure_libs
  kafka_write_config
  # Keep the log from growing without end across many test runs.
  if [[ -f $KAFKA_LOG ]] && (($(stat -c %s "$KAFKA_LOG") > 64 * 1024 * 1024)); then
    mv -f -- "$KAFKA_LOG" "$KAFKA_LOG.1"
  fi
  kafka_format
  printf '\n===== stack.sh start %s =====\n' "$(date -Is)" >>"$KAFKA_LOG"
  # The subshell execs setsid, which execs java: $! is the broker's pid.
  (
    close_lock
    # shellcheck disable=SC2086 # KAFKA_HEAP_OPTS holds several JVM options.
    exec setsid java $KAFKA_HEAP_OPTS \
      -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
      -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
      -Dlog4j.configuration="file:$SCRIPT_DIR/kafka/log4j.properties" \
      -Dkafka.logs.dir="$KAFKA_DIR" \
      -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_CONF"
  ) >>"$KAFKA_LOG" 2>&1 </dev/null &
  pid=$!
  printf '%s\n' "$pid" >"$KAFKA_PIDFILE"
  # Until the exec the child's command line is this script's, and
  # kafka_pid would not know it: wait (20 s at most, the machine may be
  # busy) until it is java, or gone (a zombie's command line is empty).
  # Read the file: stat gives size 0 for everything in /proc, so a -s test
  # would end the wait at once and the start would be reported as failed.
  local i
  for ((i = 0; i < 400; i++)); do
    pid_matches "$pid" "$KAFKA_CONF" && break
    [[ -n $(tr -d '\0' 2>/dev/null <"/proc/$pid/cmdline") ]] || break
    sleep 0.05
  done
}

# kafka_wait T0: wait until the broker answers, or fail with its log.
kafka_wait() {
  local t0=$1 pid deadline
  pid=$(kafka_pid) || die_with_log "$KAFKA_LOG" "Kafka exited right after it was started"
  deadline=$((SECONDS + KAFKA_START_TIMEOUT))
  until kafka_answers; do
    if ! pid_matches "$pid" "$KAFKA_CONF"; then
      rm -f -- "$KAFKA_PIDFILE"
      die_with_log "$KAFKA_LOG" "Kafka exited during start-up"
    fi
    if ((SECONDS >= deadline)); then
      die_with_log "$KAFKA_LOG" "Kafka did not answer on 127.0.0.1:$KAFKA_PORT within ${KAFKA_START_TIMEOUT}s (pid $pid still runs)"
    fi
    sleep 0.3
  done
  log "kafka ready on 127.0.0.1:$KAFKA_PORT (pid $pid) in $(elapsed "$t0")"
}

kafka_start() {
  local t0
  t0=$(now_ms)
  if kafka_pid >/dev/null && kafka_answers; then
    log "kafka already running on 127.0.0.1:$KAFKA_PORT (pid $(kafka_pid))"
    return 0
  fi
  kafka_launch
  kafka_wait "$t0"
}

# kafka_stop [KILL]: SIGTERM and wait for the controlled shutdown, then
# SIGKILL if it takes too long. With KILL, SIGKILL at once.
kafka_stop() {
  local mode=${1:-term} pid deadline t0
  t0=$(now_ms)
  if ! pid=$(kafka_pid); then
    rm -f -- "$KAFKA_PIDFILE"
    log "kafka not running"
    return 0
  fi
  if [[ $mode == kill ]]; then
    kill -KILL "$pid" 2>/dev/null || true
  else
    kill -TERM "$pid" 2>/dev/null || true
    deadline=$((SECONDS + KAFKA_STOP_TIMEOUT))
    while pid_matches "$pid" "$KAFKA_CONF" && ((SECONDS < deadline)); do
      sleep 0.2
    done
    if pid_matches "$pid" "$KAFKA_CONF"; then
      log "kafka (pid $pid) still running ${KAFKA_STOP_TIMEOUT}s after SIGTERM; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  deadline=$((SECONDS + 10))
  while pid_matches "$pid" "$KAFKA_CONF" && ((SECONDS < deadline)); do
    sleep 0.1
  done
  pid_matches "$pid" "$KAFKA_CONF" && die "kafka (pid $pid) did not exit"
  rm -f -- "$KAFKA_PIDFILE"
  if [[ $mode == kill ]]; then
    log "kafka killed (pid $pid)"
  else
    log "kafka stopped (pid $pid) in $(elapsed "$t0")"
  fi
}

# ---------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------

# pg_bindir: where initdb and pg_ctl are; Debian keeps them off PATH.
# PostgreSQL 15 first (what the project targets), then the newest installed.
pg_bindir() {
  local d others
  if [[ -n ${TP_PG_BINDIR:-} ]]; then
    printf '%s\n' "$TP_PG_BINDIR"
    return 0
  fi
  mapfile -t others < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -t/ -k5,5nr)
  for d in /usr/lib/postgresql/15/bin "${others[@]}"; do
    if [[ -x $d/initdb ]]; then
      printf '%s\n' "$d"
      return 0
    fi
  done
  if command -v pg_config >/dev/null 2>&1; then
    d=$(pg_config --bindir)
    [[ -x $d/initdb ]] && { printf '%s\n' "$d"; return 0; }
  fi
  if command -v initdb >/dev/null 2>&1; then
    dirname -- "$(command -v initdb)"
    return 0
  fi
  die "initdb not found: install postgresql (deploy/install-deps.sh) or set TP_PG_BINDIR"
}

# as_pg CMD...: initdb and postgres refuse to run as root; when we are root,
# run them as the `postgres` system user (from a directory it can read).
as_pg() {
  if ((EUID == 0)); then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# pg_choose_datadir: <state>/pg when the server's user can reach it and the
# socket path fits in a sockaddr_un (107 bytes, including
# "/.s.PGSQL.<port>.lock"); otherwise a directory of its own under /tmp,
# named after the state dir so each state dir keeps its own cluster.
pg_choose_datadir() {
  local dir=$STACK_DIR/pg ok=1 sum
  if ((EUID == 0)); then
    id postgres >/dev/null 2>&1 || die "no 'postgres' user: install postgresql (deploy/install-deps.sh)"
    # Every parent must be searchable by postgres (e.g. /root is not).
    runuser -u postgres -- test -x "$STACK_DIR" 2>/dev/null || ok=0
  fi
  ((${#dir} <= 80)) || ok=0
  if ((ok == 0)); then
    sum=$(printf '%s' "$STACK_DIR" | cksum | cut -d' ' -f1)
    dir=/tmp/tinpipe-pg-$PG_PORT-$sum
  fi
  printf '%s\n' "$dir"
}

# pg_datadir: the cluster's directory: the one recorded at initdb, else the
# one a first start would choose.
pg_datadir() {
  if [[ -f $PG_DATADIR_FILE ]]; then
    cat -- "$PG_DATADIR_FILE"
  else
    pg_choose_datadir
  fi
}

pg_running() {
  local dir=$1 bindir
  [[ -f $dir/PG_VERSION ]] || return 1
  bindir=$(pg_bindir)
  as_pg "$bindir/pg_ctl" -D "$dir" status >/dev/null 2>&1
}

pg_answers() {
  pg_isready -q -h 127.0.0.1 -p "$PG_PORT" -t 2 >/dev/null 2>&1
}

# pg_init DIR: a new cluster: trust auth on 127.0.0.1, superuser tinpipe.
pg_init() {
  local dir=$1 bindir
  bindir=$(pg_bindir)
  if [[ -e $dir && $dir != "$STACK_DIR/pg" ]]; then
    # A /tmp cluster left from an earlier state dir at the same path, whose
    # state dir was removed: its data belongs to nobody any more.
    if as_pg "$bindir/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
      die "a PostgreSQL left from an earlier $STACK_DIR still runs in $dir; stop it: $bindir/pg_ctl -D $dir stop"
    fi
    rm -rf -- "$dir"
  fi
  mkdir -p -- "$dir"
  chmod 700 -- "$dir"
  if ((EUID == 0)); then
    chown postgres:postgres -- "$dir"
  fi
  log "initdb in $dir"
  if ! as_pg "$bindir/initdb" -D "$dir" -A trust -U "$PG_USER" --encoding=UTF8 \
    --locale=C.UTF-8 >"$STACK_DIR/pg-initdb.log" 2>&1; then
    die_with_log "$STACK_DIR/pg-initdb.log" "initdb failed"
  fi
  # Settings that do not depend on the port or on TP_PG_FAST live in the
  # cluster's own config, so a hand-run pg_ctl start behaves the same.
  as_pg tee -a "$dir/postgresql.conf" >/dev/null <<EOF

# --- tinpipe local stack (deploy/stack.sh) ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
max_connections = 100
log_line_prefix = '%m [%p] %q%u@%d '
log_min_duration_statement = -1
EOF
  printf '%s\n' "$dir" >"$PG_DATADIR_FILE"
}

pg_start() {
  local t0 dir bindir opts
  t0=$(now_ms)
  bindir=$(pg_bindir)
  need pg_isready "the PostgreSQL client (postgresql-client)"
  mkdir -p -- "$STACK_DIR"
  dir=$(pg_datadir)
  if pg_running "$dir"; then
    if pg_answers; then
      log "pg already running on 127.0.0.1:$PG_PORT ($dir)"
      return 0
    fi
  else
    if port_listening "$PG_PORT"; then
      die "port $PG_PORT is taken by another process; choose TP_PG_PORT"
    fi
    [[ -f $PG_DATADIR_FILE && -f $dir/PG_VERSION ]] || pg_init "$dir"
    opts="-p $PG_PORT -k $dir -c listen_addresses=127.0.0.1"
    if [[ ${TP_PG_FAST:-0} == 1 ]]; then
      # Faster, not crash-safe: for ordinary tests only.
      opts+=" -c fsync=off -c synchronous_commit=off"
    fi
    if ! (close_lock && as_pg "$bindir/pg_ctl" -D "$dir" -o "$opts" -l "$dir/log" \
      -w -t "$PG_START_TIMEOUT" start >/dev/null 2>&1); then
      die_with_log "$dir/log" "PostgreSQL did not start on 127.0.0.1:$PG_PORT"
    fi
  fi
  local deadline=$((SECONDS + PG_START_TIMEOUT))
  until pg_answers; do
    ((SECONDS < deadline)) || die_with_log "$dir/log" "PostgreSQL does not answer on 127.0.0.1:$PG_PORT"
    sleep 0.2
  done
  # The database, once (initdb made only the user).
  local psql=(psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -v ON_ERROR_STOP=1)
  if [[ -z $("${psql[@]}" -tAc "select 1 from pg_database where datname = '$PG_DB'") ]]; then
    "${psql[@]}" -c "create database $PG_DB owner $PG_USER encoding 'UTF8' template template0" \
      || die "could not create database $PG_DB"
    log "created database $PG_DB"
  fi
  head -n 1 -- "$dir/postmaster.pid" >"$PG_PIDFILE"
  local fast=''
  [[ ${TP_PG_FAST:-0} == 1 ]] && fast=', TP_PG_FAST: fsync off'
  log "pg ready on 127.0.0.1:$PG_PORT (pid $(<"$PG_PIDFILE")$fast) in $(elapsed "$t0")"
}

# pg_stop [MODE]: fast (clean: roll back sessions, checkpoint) or immediate
# (like a crash; recovery runs at the next start).
pg_stop() {
  local mode=${1:-fast} dir bindir t0
  t0=$(now_ms)
  dir=$(pg_datadir)
  if ! pg_running "$dir"; then
    rm -f -- "$PG_PIDFILE"
    log "pg not running"
    return 0
  fi
  bindir=$(pg_bindir)
  if ! as_pg "$bindir/pg_ctl" -D "$dir" stop -m "$mode" -w -t 60 >/dev/null 2>&1; then
    die_with_log "$dir/log" "PostgreSQL did not stop"
  fi
  rm -f -- "$PG_PIDFILE"
  log "pg stopped ($mode) in $(elapsed "$t0")"
}

# ---------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------

# start_all: launch the JVM first, start PostgreSQL while it boots, then wait
# for the broker: the two start-ups overlap.
start_all() {
  local t0
  t0=$(now_ms)
  mkdir -p -- "$STACK_DIR"
  if kafka_pid >/dev/null && kafka_answers; then
    log "kafka already running on 127.0.0.1:$KAFKA_PORT (pid $(kafka_pid))"
    pg_start
  else
    kafka_launch
    pg_start
    kafka_wait "$t0"
  fi
  log "stack up in $(elapsed "$t0") (state in $STACK_DIR); eval \"\$($0 env)\""
}

status() {
  local rc=0 pid dir
  if pid=$(kafka_pid); then
    if kafka_answers; then
      printf 'kafka: running, pid %s, 127.0.0.1:%s\n' "$pid" "$KAFKA_PORT"
    else
      printf 'kafka: running but not answering (starting?), pid %s, 127.0.0.1:%s\n' "$pid" "$KAFKA_PORT"
      rc=3
    fi
  else
    printf 'kafka: stopped\n'
    rc=3
  fi
  dir=$(pg_datadir)
  if pg_running "$dir"; then
    if pg_answers; then
      printf 'pg: running, pid %s, 127.0.0.1:%s, data %s\n' \
        "$(head -n 1 "$dir/postmaster.pid" 2>/dev/null)" "$PG_PORT" "$dir"
    else
      printf 'pg: running but not answering, 127.0.0.1:%s, data %s\n' "$PG_PORT" "$dir"
      rc=3
    fi
  else
    printf 'pg: stopped\n'
    rc=3
  fi
  return "$rc"
}

print_env() {
  local what=${1:-all}
  if [[ $what == all || $what == kafka ]]; then
    printf 'export TP_KAFKA_BOOTSTRAP=127.0.0.1:%s\n' "$KAFKA_PORT"
  fi
  if [[ $what == all || $what == pg ]]; then
    printf "export TP_PG_CONNINFO='host=127.0.0.1 port=%s user=%s dbname=%s'\n" \
      "$PG_PORT" "$PG_USER" "$PG_DB"
  fi
}

show_logs() {
  local what=${1:-all} dir
  if [[ $what == all || $what == kafka ]]; then
    printf '== kafka: %s\n' "$KAFKA_LOG"
    tail -n 30 -- "$KAFKA_LOG" 2>/dev/null || true
  fi
  if [[ $what == all || $what == pg ]]; then
    dir=$(pg_datadir)
    printf '== pg: %s/log\n' "$dir"
    tail -n 30 -- "$dir/log" 2>/dev/null || true
  fi
}

# clean_all: stop both servers and remove every byte of state, including a
# PostgreSQL data directory kept under /tmp. The jar cache stays.
clean_all() {
  local dir
  kafka_stop term
  pg_stop fast
  if [[ -f $PG_DATADIR_FILE ]]; then
    dir=$(<"$PG_DATADIR_FILE")
    [[ $dir == "$STACK_DIR/pg" ]] || rm -rf -- "$dir"
  fi
  rm -rf -- "$STACK_DIR"
  log "removed $STACK_DIR"
}

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
}

# lock_state: one state-changing command at a time per state dir, so two
# test scripts that both run `start` do not launch two brokers.
# The servers must not inherit the lock's descriptor (they would hold the
# lock for their whole life): they are started through close_lock.
LOCK_FD=
lock_state() {
  mkdir -p -- "$STACK_DIR"
  exec {LOCK_FD}>"$STACK_DIR/.lock"
  flock -w 300 "$LOCK_FD" || die "another deploy/stack.sh holds $STACK_DIR/.lock"
}

# close_lock: in a subshell that becomes a server, drop the lock descriptor.
close_lock() {
  if [[ -n $LOCK_FD ]]; then
    exec {LOCK_FD}>&-
  fi
}

main() {
  local cmd=${1:-} what=${2:-all}
  case $what in
    all | kafka | pg) ;;
    *) die "unknown part '$what' (kafka or pg)" ;;
  esac
  case $cmd in
    start* | stop* | restart-* | kill-* | clean) lock_state ;;
  esac
  case $cmd in
    start)
      case $what in
        all) start_all ;;
        kafka) mkdir -p -- "$STACK_DIR" && kafka_start ;;
        pg) pg_start ;;
      esac
      ;;
    stop)
      [[ $what == pg ]] || kafka_stop term
      [[ $what == kafka ]] || pg_stop fast
      ;;
    status) status ;;
    env) print_env "$what" ;;
    logs) show_logs "$what" ;;
    start-kafka) mkdir -p -- "$STACK_DIR" && kafka_start ;;
    stop-kafka) kafka_stop term ;;
    kill-kafka) kafka_stop kill ;;
    restart-kafka) kafka_stop term && mkdir -p -- "$STACK_DIR" && kafka_start ;;
    start-pg) pg_start ;;
    stop-pg) pg_stop fast ;;
    kill-pg) pg_stop immediate ;;
    restart-pg) pg_stop fast && pg_start ;;
    clean) clean_all ;;
    -h | --help | help) usage ;;
    '') usage >&2; exit 2 ;;
    *) printf 'stack: unknown command %s\n\n' "$cmd" >&2; usage >&2; exit 2 ;;
  esac
}

main "$@"

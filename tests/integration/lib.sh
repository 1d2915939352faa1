# shellcheck shell=bash
# tests/integration/lib.sh — what every integration test does before its
# first check, in one place: find the sources and the build, skip (exit 77,
# which ctest reports as skipped) when what the test needs is missing, a
# work directory, names no other run uses, and one EXIT trap that cleans
# up. Sourced, never run:
#
#   # shellcheck source-path=SCRIPTDIR source=lib.sh
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# After sourcing:
#   $tp_src    the checkout (TP_SOURCE_DIR, as ctest passes it, else the
#              checkout holding this file)
#   $tp_build  its build tree (TP_BUILD_DIR, else $tp_src/build)
#
#   tp_skip MESSAGE           print "skip: MESSAGE", exit 77
#   tp_need_kafka             skip unless TP_KAFKA_BOOTSTRAP is set
#   tp_need_pg                skip unless TP_PG_CONNINFO is set
#   tp_need_tools TOOL...     skip unless each is on PATH
#   tp_need_bin NAME...       skip unless $tp_build/NAME is built
#   tp_require_bin NAME...    fail (exit 1) unless $tp_build/NAME is built
#   tp_unique PREFIX          print PREFIX_<time>_<pid>_<random>
#   tp_workdir PREFIX         a new directory in $tp_work, removed at exit
#   tp_create_db NAME         CREATE DATABASE NAME, dropped at exit
#   tp_at_exit FUNC           call FUNC EXIT-STATUS at exit, before the
#                             database is dropped and the directory removed
#   tp_eval_sets F1 POS DIR... [-- OPT...]
#                             tinpipe eval on gold directories, thresholds
#                             from a set's THRESHOLDS file when it has one
#
# Everything here starts with tp_, so a test's own fail, log, die, ... stay
# its own. TP_KEEP_TEST_DIR=1 keeps the work directory for a post-mortem.

tp_src=${TP_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
tp_build=${TP_BUILD_DIR:-$tp_src/build}

tp_skip() {
  echo "skip: $*"
  exit 77
}

# The stack tests skip without a server to talk to: `tests/run.sh` starts
# one and sets these, a plain `ctest` on a laptop has none.
tp_need_kafka() {
  [[ -n ${TP_KAFKA_BOOTSTRAP:-} ]] ||
    tp_skip "TP_KAFKA_BOOTSTRAP is not set (tests/run.sh starts the stack; or eval \"\$(deploy/stack.sh env)\")"
}

tp_need_pg() {
  [[ -n ${TP_PG_CONNINFO:-} ]] ||
    tp_skip "TP_PG_CONNINFO is not set (tests/run.sh starts the stack; or eval \"\$(deploy/stack.sh env)\")"
}

tp_need_tools() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || tp_skip "$tool is not installed"
  done
}

# tp_need_bin: for the tests that need nothing but the programs (the eval
# tests): without a build there is nothing to test.
tp_need_bin() {
  local b
  for b in "$@"; do
    [[ -x $tp_build/$b ]] || tp_skip "$tp_build/$b is not built"
  done
}

# tp_require_bin: for the tests that were given a stack: there a missing
# program is a broken build, which must not pass as a skip.
tp_require_bin() {
  local b
  for b in "$@"; do
    [[ -x $tp_build/$b ]] || { echo "FAIL: $tp_build/$b is not built"; exit 1; }
  done
}

# tp_unique PREFIX: a name for this run's topics, consumer groups,
# transactional ids and database, so that runs (and helpers sharing one
# stack) never see each other's records. Letters, digits and '_' only:
# valid as a Kafka topic name and as an unquoted SQL identifier (with a
# lower-case PREFIX).
tp_unique() {
  printf '%s_%s_%s_%s\n' "$1" "$(date +%s)" "$$" "$RANDOM"
}

tp_work=""
tp_db=""
tp_exit_hooks=()

# tp_workdir PREFIX: $tp_work, a new directory under $TMPDIR. Not
# `dir=$(tp_workdir ...)`: in a subshell it could not be removed at exit.
tp_workdir() {
  tp_work=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX") || { echo "FAIL: mktemp"; exit 1; }
}

# tp_create_db NAME: a database of this run's own on TP_PG_CONNINFO's
# server; returns psql's status. It is dropped at exit even if the
# creation failed half-way (DROP ... IF EXISTS).
tp_create_db() {
  tp_db=$1
  timeout 60 psql "$TP_PG_CONNINFO" -qAtX -v ON_ERROR_STOP=1 -c "CREATE DATABASE $1" >/dev/null
}

tp_at_exit() {
  tp_exit_hooks+=("$1")
}

# tp_cleanup: the EXIT trap. The test's hooks first (they stop its daemons,
# whose connections would keep the database from being dropped, and show
# its logs while they still exist), then the database, then the directory;
# the exit status stays the test's.
tp_cleanup() {
  local rc=$? hook
  set +e
  for hook in "${tp_exit_hooks[@]}"; do
    "$hook" "$rc"
  done
  if [[ -n $tp_db ]]; then
    timeout 60 psql "$TP_PG_CONNINFO" -qAtX -c "DROP DATABASE IF EXISTS $tp_db" >/dev/null 2>&1
  fi
  if [[ -n $tp_work && -z ${TP_KEEP_TEST_DIR:-} ]]; then
    rm -rf -- "$tp_work"
  fi
  exit "$rc"
}
trap tp_cleanup EXIT

# tp_eval_sets MIN_F1 MIN_POSITIONS DIR... [-- EVAL-OPTION...]: runs
# `tinpipe eval` on each gold directory (articles and gold side by side)
# with those thresholds, or with what the directory's THRESHOLDS file says
# ("min_f1 X", "min_positions Y" lines); returns 1 when any set is under.
tp_eval_sets() {
  local f1=$1 pos=$2 dir set_f1 set_pos status=0
  shift 2
  local dirs=() opts=()
  while (($#)) && [[ $1 != -- ]]; do
    dirs+=("$1")
    shift
  done
  (($#)) && shift && opts=("$@")
  for dir in "${dirs[@]}"; do
    set_f1=$f1 set_pos=$pos
    if [[ -f $dir/THRESHOLDS ]]; then
      set_f1=$(awk '$1 == "min_f1" { print $2 }' "$dir/THRESHOLDS")
      set_pos=$(awk '$1 == "min_positions" { print $2 }' "$dir/THRESHOLDS")
    fi
    echo "== ${dir#"$tp_src"/} (min F1 $set_f1, positions $set_pos)"
    "$tp_build/tinpipe" eval "${opts[@]}" --min-f1 "$set_f1" \
      --min-positions "$set_pos" --articles "$dir" "$dir" || status=1
  done
  return $status
}

#!/usr/bin/env bash
# tests/run.sh — every test of tinpipe, on a fresh machine, in one command.
#
# Installs what is missing (deploy/install-deps.sh), builds with the address
# and undefined-behaviour sanitizers, builds the libFuzzer targets with
# clang, starts a private Kafka broker and PostgreSQL on test ports
# (deploy/stack.sh), runs ctest (unit, golden, integration against the real
# servers, bounded fuzzing), and stops the servers again.
#
# Environment:
#   TP_TEST_BUILD_DIR   sanitizer build tree [build-test]
#   TP_FUZZ_SECONDS     seconds per fuzz target [20]
#   TP_TEST_NO_STACK=1  do not start Kafka/PostgreSQL (integration tests skip)
#   TP_TEST_KAFKA_PORT, TP_TEST_PG_PORT   test ports [39592, 39532]
#   CTEST_ARGS          extra ctest arguments, e.g. "-L unit" or "-R event"
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
build=${TP_TEST_BUILD_DIR:-$repo/build-test}
fuzz_build=$build-fuzz

echo "== dependencies"
deploy/install-deps.sh

echo "== build (sanitizers on)"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DTP_SANITIZE=ON >/dev/null
cmake --build "$build"

echo "== build (Release, what the demo and the containers ship)"
# -O3 finds warnings (maybe-uninitialized, format-truncation) that the
# sanitizer build's -O2 does not, and -Werror makes them fail here, not
# on a user's machine.
cmake -S . -B "$build-release" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build-release"

echo "== build fuzz targets (clang, libFuzzer)"
CC=clang cmake -S . -B "$fuzz_build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DTP_FUZZ=ON >/dev/null
# shellcheck disable=SC2046
cmake --build "$fuzz_build" --target $(cd tests/fuzz && ls fuzz_*.c | sed 's/\.c$//')
export TP_FUZZ_BUILD_DIR=$fuzz_build

stack_dir=""
cleanup() {
  if [[ -n $stack_dir ]]; then
    TP_STACK_DIR=$stack_dir deploy/stack.sh stop >/dev/null 2>&1 || true
    rm -rf "$stack_dir"
  fi
}
trap cleanup EXIT

if [[ ${TP_TEST_NO_STACK:-0} != 1 ]]; then
  echo "== local stack (Kafka 3.9.1 KRaft, PostgreSQL 15) on test ports"
  stack_dir=$(mktemp -d "${TMPDIR:-/tmp}/tinpipe-test-stack.XXXXXX")
  chmod 755 "$stack_dir"
  export TP_STACK_DIR=$stack_dir
  export TP_KAFKA_PORT=${TP_TEST_KAFKA_PORT:-39592}
  export TP_KAFKA_CONTROLLER_PORT=$((TP_KAFKA_PORT + 1))
  export TP_PG_PORT=${TP_TEST_PG_PORT:-39532}
  TP_PG_FAST=1 deploy/stack.sh start
  eval "$(deploy/stack.sh env)"
  export TP_KAFKA_BOOTSTRAP TP_PG_CONNINFO
fi

echo "== tests"
# ASan's leak checker and UBSan stop at the first report; the test fails.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# shellcheck disable=SC2086
ctest --test-dir "$build" --output-on-failure -j2 ${CTEST_ARGS:-}

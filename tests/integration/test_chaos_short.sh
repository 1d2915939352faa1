#!/usr/bin/env bash
# test_chaos_short.sh — a short run of tests/chaos.sh (300 articles, 8
# rounds of kills, SIGTERMs, rebalances and one broker restart) for ctest.
# Skips (77) without the local stack; see tests/chaos.sh.
set -euo pipefail
SRC=${TP_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
CHAOS_ARTICLES=${CHAOS_ARTICLES:-300} CHAOS_ROUNDS=${CHAOS_ROUNDS:-8} \
  exec bash "$SRC/tests/chaos.sh"

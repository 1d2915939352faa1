#!/usr/bin/env bash
# test_chaos_short.sh — a short run of tests/chaos.sh for ctest: 600
# articles through 2 normalizers, 2 extractors and 2 writers into
# PostgreSQL, with 4 kill -9s (one of a writer while PostgreSQL is down), a
# broker restart, an 8 s PostgreSQL outage and 3 joins/leaves; PostgreSQL
# must end with what `tinpipe process` makes of the same input. Last line:
# "articles N, stored N, duplicates 0, lost 0". Skips (77) without the
# local stack; the long run is `tests/chaos.sh` (RELIABILITY.md).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# chaos.sh makes its own checks (and skips); exec leaves lib.sh's trap behind.
exec bash "$tp_src/tests/chaos.sh" --articles "${CHAOS_ARTICLES:-600}" \
  --kills "${CHAOS_KILLS:-4}" --pg-outage "${CHAOS_PG_OUTAGE:-8}" \
  --rebalances "${CHAOS_REBALANCES:-3}"

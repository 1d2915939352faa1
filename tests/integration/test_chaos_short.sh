#!/usr/bin/env bash
# test_chaos_short.sh — a short run of tests/chaos.sh for ctest: 600
# articles through 2 normalizers, 2 extractors and 2 writers into
# PostgreSQL, with 4 kill -9s (one of a writer while PostgreSQL is down), a
# broker restart, an 8 s PostgreSQL outage and 3 joins/leaves; PostgreSQL
# must end with what `tinpipe process` makes of the same input. Last line:
# "articles N, stored N, duplicates 0, lost 0". Skips (77) without the
# local stack; the long run is `tests/chaos.sh` (RELIABILITY.md).
set -euo pipefail
SRC=${TP_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
exec bash "$SRC/tests/chaos.sh" --articles "${CHAOS_ARTICLES:-600}" \
  --kills "${CHAOS_KILLS:-4}" --pg-outage "${CHAOS_PG_OUTAGE:-8}" \
  --rebalances "${CHAOS_REBALANCES:-3}"

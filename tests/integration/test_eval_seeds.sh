#!/usr/bin/env bash
# Extraction quality on the real seed articles (../shared/seeds) against
# their gold (../shared/seeds-gold); fails below overall micro F1 0.97 or
# positions F1 0.90. The seeds live outside the repository: without them
# the test is skipped.
set -u
src="${TP_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
bin="${TP_BUILD_DIR:-$src/build}/tinpipe"
gold="${TP_GOLD_DIR:-$src/../shared/seeds-gold}"
seeds="${TP_SEEDS_DIR:-$src/../shared/seeds}"
if [ ! -d "$gold" ]; then
    echo "skip: ../shared/seeds-gold not found"
    exit 77
fi
if [ ! -x "$bin" ]; then
    echo "skip: $bin not built"
    exit 77
fi
exec "$bin" eval --verbose --articles "$seeds" --min-f1 0.97 --min-positions 0.90 "$gold"

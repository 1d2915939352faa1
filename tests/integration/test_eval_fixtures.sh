#!/usr/bin/env bash
# Extraction quality on the project's own fixtures (tests/golden/extract):
# `tinpipe eval` normalizes and extracts every fixture article and fails
# below overall micro F1 0.97 or positions F1 0.90.
set -u
src="${TP_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
bin="${TP_BUILD_DIR:-$src/build}/tinpipe"
if [ ! -x "$bin" ]; then
    echo "skip: $bin not built"
    exit 77
fi
exec "$bin" eval --verbose --min-f1 0.97 --min-positions 0.90 "$src/tests/golden/extract"

#!/usr/bin/env bash
# Extraction quality on the project's own fixtures (tests/golden/extract):
# `tinpipe eval` normalizes and extracts every fixture article and fails
# below overall micro F1 0.97 or positions F1 0.90.
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
tp_need_bin tinpipe
bin=$tp_build/tinpipe
exec "$bin" eval --verbose --min-f1 0.97 --min-positions 0.90 "$tp_src/tests/golden/extract"

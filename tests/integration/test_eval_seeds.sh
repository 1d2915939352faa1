#!/usr/bin/env bash
# Extraction quality on the real seed articles (../shared/seeds) against
# their gold (../shared/seeds-gold); fails below overall micro F1 0.97 or
# positions F1 0.90. The seeds live outside the repository: without them
# the test is skipped.
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
gold="${TP_GOLD_DIR:-$tp_src/../shared/seeds-gold}"
seeds="${TP_SEEDS_DIR:-$tp_src/../shared/seeds}"
[[ -d $gold ]] || tp_skip "../shared/seeds-gold not found"
tp_need_bin tinpipe
bin=$tp_build/tinpipe
exec "$bin" eval --verbose --articles "$seeds" --min-f1 0.97 --min-positions 0.90 "$gold"

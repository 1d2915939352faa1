#!/usr/bin/env bash
# Extraction quality on the held-out sets (tests/golden/blind*): articles and
# gold written by engineers who had not read the extractor, to measure how
# the rules carry over to text they were not written for. Once a set has
# been used to fix rules it guards against regressions; new held-out sets
# are added beside it. Fails below overall micro F1 0.97 or positions 0.90.
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
tp_need_bin tinpipe
tp_eval_sets 0.97 0.90 "$tp_src"/tests/golden/blind*/ -- --verbose

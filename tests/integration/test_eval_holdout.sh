#!/usr/bin/env bash
# Extraction quality on the measuring sets (tests/golden/holdout*): articles
# and gold written by engineers who had read neither the extractor nor its
# fixtures, and that nobody tunes rules on. They tell how the rules carry
# over to unseen text; what they score is recorded in the closing notes and
# BENCHMARKS.md. This test guards against regressions below the level they
# were first measured at (overall 0.971-0.978, positions 0.871-0.877), so
# its thresholds sit below those: overall micro F1 0.95, positions 0.85.
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
tp_need_bin tinpipe
bin=$tp_build/tinpipe
status=0
for dir in "$tp_src"/tests/golden/holdout*/; do
    echo "== ${dir#"$tp_src"/}"
    "$bin" eval --min-f1 0.95 --min-positions 0.85 \
        --articles "$dir" "$dir" || status=1
done
exit $status

#!/usr/bin/env bash
# The SIMD fast paths against their portable fallbacks. tinpipe-portable is
# the same library and CLI built without __SSE2__ (tests/CMakeLists.txt),
# which is what an arm64 build runs: the extractor's tokenizer and the
# event's JSON string checks take their byte-at-a-time loops there. Both
# programs must write the same events, byte for byte, in both tone styles,
# for the seeds, every golden input (text, HTML, JSON envelopes) and 2 MB
# of bench articles cut from the seeds. Nothing else differs between the
# two builds, so any difference is a fast path that disagrees.
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
tp_need_bin tinpipe tests/tinpipe-portable tests/bench_extract
tp_workdir tp-portable
seeds=${TP_SEEDS_DIR:-$tp_src/../shared/seeds}

inputs=()
while IFS= read -r f; do
  inputs+=("$f")
done < <(find "$tp_src/tests/golden" -type f \( -name '*.txt' -o -name '*.html' -o -name '*.json' \) \
           ! -name '*.gold.json' ! -name '*.expected.json' | sort)
if [[ -d $seeds ]]; then
  for f in "$seeds"/*; do
    inputs+=("$f")
  done
  mkdir "$tp_work/corpus"
  TP_SEEDS_DIR=$seeds "$tp_build/tests/bench_extract" --mb 2 --write-corpus "$tp_work/corpus" \
    >/dev/null || { echo "FAIL: bench_extract --write-corpus"; exit 1; }
  for f in "$tp_work/corpus"/*; do
    inputs+=("$f")
  done
fi
((${#inputs[@]} > 100)) || { echo "FAIL: only ${#inputs[@]} inputs found"; exit 1; }

status=0
for style in traditional modern; do
  for bin in tinpipe tests/tinpipe-portable; do
    # Exit 1 is "some input failed" (the malformed golden inputs do):
    # the error lines are compared like the events.
    "$tp_build/$bin" process --tone-style "$style" "${inputs[@]}" \
      >"$tp_work/${bin##*/}.$style" 2>&1
    (($? <= 1)) || { echo "FAIL: $bin process crashed"; exit 1; }
  done
  if cmp -s "$tp_work/tinpipe.$style" "$tp_work/tinpipe-portable.$style"; then
    echo "ok: $style, ${#inputs[@]} inputs, $(wc -l <"$tp_work/tinpipe.$style") lines the same"
  else
    echo "FAIL: $style: SSE2 and portable builds differ"
    diff <(tr ',' '\n' <"$tp_work/tinpipe.$style") \
      <(tr ',' '\n' <"$tp_work/tinpipe-portable.$style") | head -20
    status=1
  fi
done
exit $status

#!/usr/bin/env bash
# tests/bench/run.sh — the throughput numbers of BENCHMARKS.md in one go:
# builds a Release tree without sanitizers, then prints the median of
# --runs runs of
#   - bench_extract: normalize, extract and event encoding timed apart over
#     --mb MB of plain text shuffled from the seed articles;
#   - `tinpipe process` itself over the same articles written as files
#     (reading, normalizing, extracting, encoding and writing the events
#     to /dev/null), as MB per CPU second (user + sys);
#   - `tinpipe process --jsonl` over the same articles as JSON envelopes,
#     one a line (the normalizer daemon's input), per MB of article text;
#   - bench_normalize over its plain-text and HTML inputs, unless --no-html.
# Rates are per CPU second: the machine is shared, wall clock is noise.
# Nothing here asserts a number; compare runs made in the same minute.
#
# usage: tests/bench/run.sh [--runs N] [--mb N] [--no-html]
# env:   TP_BENCH_BUILD_DIR (build-bench), TP_SEEDS_DIR (../shared/seeds)
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${TP_BENCH_BUILD_DIR:-$src/build-bench}
seeds=${TP_SEEDS_DIR:-$src/../shared/seeds}
runs=5 mb=24 html=1
while [ $# -gt 0 ]; do
    case $1 in
    --runs) runs=$2; shift 2 ;;
    --mb) mb=$2; shift 2 ;;
    --no-html) html=0; shift ;;
    *) echo "usage: $0 [--runs N] [--mb N] [--no-html]" >&2; exit 2 ;;
    esac
done
if [ ! -d "$seeds" ]; then
    echo "bench: no seed articles at $seeds (set TP_SEEDS_DIR)" >&2
    exit 2
fi
export TP_SEEDS_DIR=$seeds

cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DTP_SANITIZE=OFF -DTP_WERROR=OFF >/dev/null
cmake --build "$build" --target bench_extract bench_normalize tinpipe >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# median of the numbers on stdin
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# time_cpu FILE CMD...: runs CMD --runs times with its output discarded,
# appends each run's user and sys seconds to FILE and sets cpu to the
# median of their sums; stops the script when CMD fails.
TIMEFORMAT='%U %S'
time_cpu() {
    local out=$1
    shift
    for _ in $(seq "$runs"); do
        { time "$@" >/dev/null 2>"$work/process.err" ||
              { cat "$work/process.err"; exit 1; }; } 2>>"$out"
    done
    cpu=$(awk '{ print $1 + $2 }' "$out" | median)
}

echo "== bench_extract, $mb MB, median of $runs runs (MB/s per CPU second)"
for _ in $(seq "$runs"); do
    "$build/tests/bench_extract" --mb "$mb" >>"$work/extract.txt"
done
for step in normalize extract normalize+extract encode process; do
    printf '%-18s %s MB/s\n' "$step" "$(awk -v s="$step" \
        '$1 == s { print $2 }' "$work/extract.txt" | median)"
done
grep -m1 '^input' "$work/extract.txt"
printf 'peak RSS           %s MB\n' "$(awk '$1 == "peak" { print $3 }' \
    "$work/extract.txt" | median)"

echo "== tinpipe process over the same articles as files, median of $runs runs"
mkdir "$work/corpus"
"$build/tests/bench_extract" --mb "$mb" --write-corpus "$work/corpus" >/dev/null
bytes=$(cat "$work/corpus"/*.txt | wc -c)
time_cpu "$work/process.txt" "$build/tinpipe" process "$work/corpus"/*.txt
awk -v b="$bytes" -v c="$cpu" 'BEGIN {
    printf "tinpipe process    %.1f MB/s (%.1f MB, %.2f CPU s)\n",
           b / 1048576 / c, b / 1048576, c }'

echo "== tinpipe process --jsonl over the same articles as JSON envelopes, median of $runs runs"
"$build/tests/bench_extract" --mb "$mb" --write-jsonl "$work/corpus.jsonl" >/dev/null
time_cpu "$work/jsonl.txt" "$build/tinpipe" process --jsonl "$work/corpus.jsonl"
awk -v b="$bytes" -v c="$cpu" 'BEGIN {
    printf "process --jsonl    %.1f MB of article text/s (%.2f CPU s)\n",
           b / 1048576 / c, c }'

if [ "$html" = 1 ]; then
    echo "== bench_normalize (see BENCHMARKS.md, Normalizer)"
    (cd "$src/tests" && TP_SOURCE_DIR=$src "$build/tests/bench_normalize" "$mb")
fi

#!/usr/bin/env bash
# tests/fuzz/run_fuzz.sh NAME — runs the libFuzzer target NAME for a bounded
# time (TP_FUZZ_SECONDS, default 20) over its corpus tests/fuzz/corpus/<what>/
# (NAME without the fuzz_ prefix). New inputs go to a scratch directory, not
# into the repo. Any crash, leak or sanitizer report fails the test; the
# reproducer is left in the scratch directory and its path printed.
set -euo pipefail
name=$1
here=$(cd "$(dirname "$0")" && pwd)
bin=${TP_FUZZ_BUILD_DIR:-}/tests/$name
if [[ -z ${TP_FUZZ_BUILD_DIR:-} || ! -x $bin ]]; then
  echo "skip: $name not built (tests/run.sh builds fuzz targets with clang into TP_FUZZ_BUILD_DIR)"
  exit 77
fi
corpus=$here/corpus/${name#fuzz_}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/tinpipe-$name.XXXXXX")
mkdir -p "$scratch/new"
seconds=${TP_FUZZ_SECONDS:-20}
args=(-max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1
      -artifact_prefix="$scratch/")
[[ -f $here/$name.dict ]] && args+=(-dict="$here/$name.dict")
dirs=("$scratch/new")
[[ -d $corpus ]] && dirs+=("$corpus")
echo "fuzzing $name for ${seconds}s over ${corpus#"$here"/}"
if "$bin" "${args[@]}" "${dirs[@]}" >"$scratch/log" 2>&1; then
  grep -E '^stat::number_of_executed_units|^Done' "$scratch/log" || true
  rm -rf "$scratch"
else
  tail -n 60 "$scratch/log"
  echo "FAIL: $name found a problem; reproducer and log in $scratch"
  exit 1
fi

#!/usr/bin/env bash
# test_stage_normalizer.sh — the normalizer and the extractor against a real
# Kafka broker: good articles come out enriched exactly once, bad ones
# (broken JSON envelope, invalid UTF-8, too large, empty, a non-event on the
# normalized topic) become dead letters with the reason in headers, and
# both daemons stop cleanly on SIGTERM. Then `tinpipe dlq list` and
# `tinpipe dlq replay` on the dead letters.
#
# Needs TP_KAFKA_BOOTSTRAP (tests/run.sh starts a broker and sets it) and
# kcat; exits 77 (skip) without them. Topics get unique names, so runs do
# not see each other's records.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
tp_need_kafka
tp_need_tools kcat
tp_require_bin tinpipe tinpipe-normalizer tinpipe-extractor
TINPIPE=$tp_build/tinpipe
B=$TP_KAFKA_BOOTSTRAP
FIX=$tp_src/tests/fixtures/articles

S=$(tp_unique stage)
tp_workdir tp-stage
WORK=$tp_work
PIDS=()
# At exit: the daemons killed, and on failure the end of each log.
stop_all() {
  local rc=$1 p f
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  if [[ $rc -ne 0 ]]; then
    for f in "$WORK"/*.log; do
      [[ -f $f ]] || continue
      echo "---- $f (last 30 lines)"; tail -n 30 "$f"
    done
  fi
}
tp_at_exit stop_all

fail() { echo "FAIL: $*"; exit 1; }

RAW=$S.raw NORM=$S.normalized ENR=$S.enriched DLQ=$S.dlq
cat >"$WORK/tinpipe.yaml" <<EOF
kafka:
  bootstrap.servers: \${TP_KAFKA_BOOTSTRAP}
topics:
  raw: $RAW
  normalized: $NORM
  enriched: $ENR
  dlq: $DLQ
  partitions: 3
normalizer:
  group_id: $S-normalizer
  transactional_id: $S-normalizer
  max_message_bytes: 4096
  commit_interval_ms: 100
extractor:
  group_id: $S-extractor
  transactional_id: $S-extractor
  commit_interval_ms: 100
http:
  listen: "127.0.0.1:0"
log:
  level: info
  format: json
shutdown_timeout_ms: 10000
EOF
CONF=$WORK/tinpipe.yaml

# Counts the committed records of a topic.
count() {
  kcat -C -b "$B" -t "$1" -e -q -X isolation.level=read_committed \
    -f '%o\n' 2>/dev/null | wc -l
}

# Waits up to $3 seconds until topic $1 holds at least $2 records.
wait_count() {
  local n=0
  for _ in $(seq 1 "$3"); do
    n=$(count "$1")
    [[ $n -ge $2 ]] && return 0
    sleep 1
  done
  fail "$1 holds $n records after $3 s, expected $2"
}

"$TINPIPE" topics --config "$CONF" >"$WORK/topics.out" ||
  fail "tinpipe topics: $(cat "$WORK/topics.out")"
[[ $(grep -c '^created' "$WORK/topics.out") -eq 4 ]] ||
  fail "tinpipe topics did not create 4 topics: $(cat "$WORK/topics.out")"
# A second run finds them.
[[ $("$TINPIPE" topics --config "$CONF" | grep -c '^exists') -eq 4 ]] ||
  fail "tinpipe topics on existing topics"

# Four good articles (text, text, HTML, JSON envelope).
out=$("$TINPIPE" produce --config "$CONF" --topic "$RAW" \
  "$FIX"/01_hoi_nghi_dan_van.txt "$FIX"/02_xa_nong_thon_moi.txt \
  "$FIX"/03_mat_tran.html "$FIX"/04_envelope.json)
[[ $out == "produced 4 messages to $RAW" ]] || fail "produce said: $out"

# Four bad ones: a broken envelope, invalid UTF-8, too large, empty.
printf 'Tin t\xe1\xbb\xa9c \xff\xfe h\xe1\xbb\x8fng \xc3\x28 ho\xe0n to\xe0n\n' \
  >"$WORK/bad_utf8.txt"
head -c 5000 /dev/zero | tr '\0' 'a' >"$WORK/too_large.txt"
: >"$WORK/empty.txt"
"$TINPIPE" produce --config "$CONF" --topic "$RAW" --header url=https://x.vn/1 \
  "$FIX"/bad_envelope.json "$WORK/bad_utf8.txt" "$WORK/too_large.txt" \
  "$WORK/empty.txt" >/dev/null || fail "produce of bad articles"
# One record on the normalized topic that is not an event.
printf 'not an event' >"$WORK/not_event.json"
"$TINPIPE" produce --config "$CONF" --topic "$NORM" "$WORK/not_event.json" \
  >/dev/null || fail "produce to the normalized topic"

TP_INSTANCE_ID=n1 "$tp_build/tinpipe-normalizer" --config "$CONF" \
  2>"$WORK/normalizer.log" &
NPID=$!
PIDS+=("$NPID")
TP_INSTANCE_ID=e1 "$tp_build/tinpipe-extractor" --config "$CONF" \
  2>"$WORK/extractor.log" &
EPID=$!
PIDS+=("$EPID")

wait_count "$ENR" 4 120
wait_count "$DLQ" 5 60
sleep 2 # anything extra would have been committed by now
[[ $(count "$ENR") -eq 4 ]] || fail "enriched holds $(count "$ENR") records, expected 4"
[[ $(count "$NORM") -eq 5 ]] || fail "normalized holds $(count "$NORM") records, expected 5"
[[ $(count "$DLQ") -eq 5 ]] || fail "dlq holds $(count "$DLQ") records, expected 5"

# Enriched events: the contract's schema, keyed by a 32-hex article id,
# four distinct articles.
kcat -C -b "$B" -t "$ENR" -e -q -X isolation.level=read_committed \
  -f '%k\t%s\n' >"$WORK/enriched.tsv"
[[ $(cut -f1 "$WORK/enriched.tsv" | grep -cE '^[0-9a-f]{32}$') -eq 4 ]] ||
  fail "enriched keys are not article ids: $(cut -f1 "$WORK/enriched.tsv")"
[[ $(cut -f1 "$WORK/enriched.tsv" | sort -u | wc -l) -eq 4 ]] ||
  fail "enriched articles are not distinct"
[[ $(cut -f2 "$WORK/enriched.tsv" | grep -c '"schema":"tinpipe.article/1"') -eq 4 ]] ||
  fail "enriched values are not tinpipe.article/1 events"
grep -q "\"topic\":\"$RAW\"" "$WORK/enriched.tsv" ||
  fail "enriched events do not name their source topic"

# Dead letters: stage, class, source and the original headers.
kcat -C -b "$B" -t "$DLQ" -e -q -X isolation.level=read_committed \
  -f '%h\n' >"$WORK/dlq.headers"
hdr_count() { grep -c -- "$1" "$WORK/dlq.headers" || true; }
[[ $(hdr_count 'tp.stage=normalizer') -eq 4 ]] || fail "4 normalizer dead letters expected"
[[ $(hdr_count 'tp.stage=extractor') -eq 1 ]] || fail "1 extractor dead letter expected"
for cls in json encoding too_large empty; do
  [[ $(grep 'tp.stage=normalizer' "$WORK/dlq.headers" | grep -c "tp.error.class=$cls,") -eq 1 ]] ||
    fail "no normalizer dead letter of class $cls: $(cat "$WORK/dlq.headers")"
done
grep 'tp.stage=extractor' "$WORK/dlq.headers" | grep -qE 'tp.error.class=(json|schema),' ||
  fail "extractor dead letter has the wrong class"
[[ $(hdr_count "tp.source.topic=$RAW,") -eq 4 ]] || fail "tp.source.topic of raw dead letters"
[[ $(hdr_count "tp.source.topic=$NORM,") -eq 1 ]] || fail "tp.source.topic of the extractor's"
[[ $(grep -cE 'tp.source.partition=[0-9]+,tp.source.offset=[0-9]+,tp.attempts=1,tp.time=20[0-9-]+T' "$WORK/dlq.headers") -eq 5 ]] ||
  fail "source partition/offset, attempts and time headers"
[[ $(hdr_count 'url=https://x.vn/1') -eq 4 ]] || fail "original headers are not kept"
# The too-large record keeps its bytes (it fits the producer's limit).
[[ $(kcat -C -b "$B" -t "$DLQ" -e -q -X isolation.level=read_committed \
  -f '%S\n' | sort -n | tail -1) -eq 5000 ]] || fail "dead letter value is not the original"

# dlq list: one line per dead letter.
"$TINPIPE" dlq list --config "$CONF" >"$WORK/dlq.list" 2>/dev/null
[[ $(wc -l <"$WORK/dlq.list") -eq 5 ]] || fail "dlq list: $(cat "$WORK/dlq.list")"
grep -q $'\tnormalizer\tencoding\t'"$RAW:" "$WORK/dlq.list" || fail "dlq list format"
[[ $("$TINPIPE" dlq list --config "$CONF" --limit 2 2>/dev/null | wc -l) -eq 2 ]] ||
  fail "dlq list --limit"

# dlq replay of the empty record: it goes back to the raw topic with
# tp.replayed=1, is dead-lettered again, and nothing else moves.
po=$(awk -F'\t' '$3 == "empty" {print $1}' "$WORK/dlq.list")
[[ -n $po ]] || fail "no empty dead letter in the list"
out=$("$TINPIPE" dlq replay --config "$CONF" --offset "$po")
[[ $out == "replayed 1 dead letters" ]] || fail "dlq replay said: $out"
wait_count "$DLQ" 6 60
[[ $(kcat -C -b "$B" -t "$RAW" -e -q -f '%h\n' | grep -c 'tp.replayed=1') -eq 1 ]] ||
  fail "replayed record lacks tp.replayed=1"
[[ $(count "$ENR") -eq 4 ]] || fail "replay changed the enriched topic"

# SIGTERM: both finish and exit 0 within the shutdown timeout.
kill -TERM "$NPID" "$EPID"
for p in "$NPID" "$EPID"; do
  for _ in $(seq 1 150); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$p" 2>/dev/null && fail "pid $p still running 15 s after SIGTERM"
  wait "$p" || fail "pid $p exited with $? after SIGTERM"
done
PIDS=()
grep -q '"stage stopped"' "$WORK/normalizer.log" || fail "normalizer did not log its stop"

# Restarted, they find nothing new to do: offsets were committed.
TP_INSTANCE_ID=n1 "$tp_build/tinpipe-normalizer" --config "$CONF" \
  2>"$WORK/normalizer2.log" &
PIDS+=("$!")
sleep 8
kill -TERM "${PIDS[0]}"
wait "${PIDS[0]}" || fail "restarted normalizer exited with $?"
PIDS=()
[[ $(count "$NORM") -eq 5 ]] || fail "restart re-produced records: $(count "$NORM")"

echo "articles 4, enriched $(count "$ENR"), dead letters $(count "$DLQ"), duplicates 0, lost 0"

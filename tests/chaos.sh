#!/usr/bin/env bash
# tests/chaos.sh — end-to-end exactly-once under faults: articles go in at
# articles.raw and must each land in PostgreSQL exactly once while daemons
# are killed (SIGKILL) and stopped (SIGTERM) at random moments, extra
# extractors join and leave (rebalances), and the broker restarts.
#
#   tests/chaos.sh                   # needs the local stack's environment
#   CHAOS_ARTICLES=300 CHAOS_ROUNDS=8 tests/chaos.sh   # the short version
#
# Environment: TP_KAFKA_BOOTSTRAP and TP_PG_CONNINFO (eval "$(deploy/stack.sh
# env)"); TP_STACK_DIR/TP_KAFKA_PORT/TP_KAFKA_CONTROLLER_PORT/TP_PG_PORT as
# the stack was started with, so `deploy/stack.sh restart-kafka` restarts
# the same broker (CHAOS_BROKER_RESTART=0 skips it); TP_BUILD_DIR (the
# binaries), CHAOS_ARTICLES [2000], CHAOS_ROUNDS [30], CHAOS_SEED [random].
# Exits 77 without a broker or a database.
#
# Topics (6 partitions), groups, transactional ids and the database schema
# are unique to the run. The last line is
#   articles N, stored N, duplicates 0, lost 0
# where duplicates counts extra copies of an article on the enriched topic
# (read_committed) and lost counts articles missing from PostgreSQL.
set -uo pipefail

if [[ -z ${TP_KAFKA_BOOTSTRAP:-} || -z ${TP_PG_CONNINFO:-} ]]; then
  echo "skip: TP_KAFKA_BOOTSTRAP and TP_PG_CONNINFO are needed (local stack)"
  exit 77
fi
for t in kcat psql; do
  command -v $t >/dev/null || { echo "skip: $t is not installed"; exit 77; }
done
SRC=${TP_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
BUILD=${TP_BUILD_DIR:-$SRC/build}
for b in tinpipe tinpipe-normalizer tinpipe-extractor tinpipe-writer; do
  [[ -x $BUILD/$b ]] || { echo "FAIL: $BUILD/$b is not built"; exit 1; }
done
N=${CHAOS_ARTICLES:-2000}
ROUNDS=${CHAOS_ROUNDS:-30}
SEED=${CHAOS_SEED:-$RANDOM}
RANDOM=$SEED
B=$TP_KAFKA_BOOTSTRAP
S=chaos_$(date +%s)_$$
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tp-chaos.XXXXXX")
echo "chaos: seed $SEED, $N articles, $ROUNDS rounds, run $S, logs in $WORK"

declare -A PID=()  # instance name -> pid
cleanup() {
  local rc=$?
  for k in "${!PID[@]}"; do kill -9 "${PID[$k]}" 2>/dev/null; done
  psql "$TP_PG_CONNINFO" -qAtc "DROP SCHEMA IF EXISTS \"$S\" CASCADE" \
    >/dev/null 2>&1
  if [[ $rc -eq 0 ]]; then rm -rf "$WORK"; else echo "chaos: logs kept in $WORK"; fi
  exit $rc
}
trap cleanup EXIT

cat >"$WORK/tinpipe.yaml" <<EOF
kafka:
  bootstrap.servers: \${TP_KAFKA_BOOTSTRAP}
  session.timeout.ms: 6000
  heartbeat.interval.ms: 1000
topics:
  raw: $S.raw
  normalized: $S.normalized
  enriched: $S.enriched
  dlq: $S.dlq
  partitions: 6
normalizer:
  group_id: $S-normalizer
  transactional_id: $S-normalizer
  kafka: {transaction.timeout.ms: 10000}
  batch_size: 20
extractor:
  group_id: $S-extractor
  transactional_id: $S-extractor
  kafka: {transaction.timeout.ms: 10000}
  batch_size: 20
writer:
  group_id: $S-writer
  batch_size: 50
postgres:
  conninfo: \${TP_PG_CONNINFO}
  schema: $S
http:
  listen: "127.0.0.1:0"
log:
  level: info
  format: json
shutdown_timeout_ms: 10000
EOF
CONF=$WORK/tinpipe.yaml

# Starts instance $1 (normalizer-1, extractor-3, writer-2, ...).
start() {
  local svc=${1%-*}
  TP_INSTANCE_ID=$1 "$BUILD/tinpipe-$svc" --config "$CONF" \
    2>>"$WORK/$1.log" &
  PID[$1]=$!
}
# Stops instance $1 with signal $2 and waits for it.
stop() {
  local p=${PID[$1]:-}
  [[ -n $p ]] || return 0
  kill "-$2" "$p" 2>/dev/null
  wait "$p" 2>/dev/null
  local rc=$?
  unset "PID[$1]"
  if [[ $2 == TERM && $rc -ne 0 ]]; then
    echo "chaos: $1 exited $rc after SIGTERM"
    echo "$1" >>"$WORK/bad-exits"
  fi
}
# Counts committed records of a topic.
count() {
  kcat -C -b "$B" -t "$1" -e -q -X isolation.level=read_committed \
    -f '%o\n' 2>/dev/null | wc -l
}
stored() {
  psql "$TP_PG_CONNINFO" -qAtc "SELECT count(*) FROM \"$S\".articles" 2>/dev/null || echo 0
}

"$BUILD/tinpipe" topics --config "$CONF" >/dev/null || { echo "FAIL: tinpipe topics"; exit 1; }

# N distinct articles, JSON envelopes, produced in chunks during the chaos.
CHUNKS=10
per=$(((N + CHUNKS - 1) / CHUNKS))
for c in $(seq 0 $((CHUNKS - 1))); do
  for i in $(seq $((c * per)) $(((c + 1) * per - 1))); do
    [[ $i -lt $N ]] || break
    printf '{"url":"https://chaos.test/%s/%d","site":"chaos.test","title":"Bản tin số %d của huyện Đông Sơn","text":"Sáng 12/3, Huyện ủy Đông Sơn tổ chức hội nghị số %d về công tác dân vận.\\nĐồng chí Lê Văn Bình, Bí thư Huyện ủy phát biểu chỉ đạo hội nghị lần thứ %d.\\nMinh Anh"}\n' \
      "$S" "$i" "$i" "$i" "$i"
  done >"$WORK/chunk$c.jsonl"
done

for inst in normalizer-1 normalizer-2 extractor-1 extractor-2 writer-1 writer-2; do
  start $inst
done

restart_round=$((ROUNDS / 2))
chunk=0
for round in $(seq 1 "$ROUNDS"); do
  if [[ $chunk -lt $CHUNKS ]]; then
    "$BUILD/tinpipe" produce --config "$CONF" --topic "$S.raw" --lines \
      "$WORK/chunk$chunk.jsonl" >>"$WORK/produce.out" 2>&1 ||
      echo "chaos: produce of chunk $chunk failed"
    chunk=$((chunk + 1))
  fi
  if [[ $round -eq $restart_round && ${CHAOS_BROKER_RESTART:-1} == 1 &&
        -n ${TP_STACK_DIR:-} ]]; then
    echo "chaos: round $round: restarting the broker"
    "$SRC/deploy/stack.sh" restart-kafka >>"$WORK/stack.out" 2>&1 ||
      { echo "FAIL: broker restart"; exit 1; }
    continue
  fi
  names=(normalizer-1 normalizer-2 extractor-1 extractor-2 writer-1 writer-2)
  victim=${names[$((RANDOM % ${#names[@]}))]}
  case $((RANDOM % 4)) in
    0 | 1)
      echo "chaos: round $round: kill -9 $victim"
      sleep "0.$((RANDOM % 10))"
      stop "$victim" KILL
      sleep "$((RANDOM % 2)).$((RANDOM % 10))"
      start "$victim" ;;
    2)
      echo "chaos: round $round: SIGTERM $victim"
      stop "$victim" TERM
      start "$victim" ;;
    3)
      if [[ -n ${PID[extractor-3]:-} ]]; then
        echo "chaos: round $round: extractor-3 leaves"
        stop extractor-3 TERM
      else
        echo "chaos: round $round: extractor-3 joins"
        start extractor-3
      fi ;;
  esac
  sleep "$((RANDOM % 3)).$((RANDOM % 10))"
done
while [[ $chunk -lt $CHUNKS ]]; do
  "$BUILD/tinpipe" produce --config "$CONF" --topic "$S.raw" --lines \
    "$WORK/chunk$chunk.jsonl" >>"$WORK/produce.out" 2>&1 ||
    echo "chaos: produce of chunk $chunk failed"
  chunk=$((chunk + 1))
done
stop extractor-3 TERM

# Every daemon must still be running (or be restartable): a daemon that
# died by itself is restarted, and noted.
for inst in "${!PID[@]}"; do
  if ! kill -0 "${PID[$inst]}" 2>/dev/null; then
    wait "${PID[$inst]}" 2>/dev/null
    echo "chaos: $inst had exited by itself ($?); restarting it"
    start "$inst"
  fi
done

# Wait for the pipeline to drain.
raw=$(count "$S.raw")
deadline=$((SECONDS + ${CHAOS_DRAIN_SECONDS:-300}))
while [[ $SECONDS -lt $deadline ]]; do
  st=$(stored)
  [[ $st -ge $raw ]] && break
  sleep 2
done
sleep 3

for inst in "${!PID[@]}"; do stop "$inst" TERM; done

raw=$(count "$S.raw")
st=$(stored)
kcat -C -b "$B" -t "$S.enriched" -e -q -X isolation.level=read_committed \
  -f '%k\n' 2>/dev/null >"$WORK/enriched.keys"
enriched=$(wc -l <"$WORK/enriched.keys")
distinct=$(sort -u "$WORK/enriched.keys" | wc -l)
dlq=$(count "$S.dlq")
dups=$((enriched - distinct))
lost=$((N - st))
[[ $lost -lt 0 ]] && lost=0
echo "chaos: raw $raw, normalized $(count "$S.normalized"), enriched $enriched ($distinct distinct), dlq $dlq"
status=0
[[ $raw -eq $N ]] || { echo "FAIL: raw topic holds $raw records, produced $N"; status=1; }
[[ $dlq -eq 0 ]] || { echo "FAIL: $dlq dead letters"; status=1; }
[[ $dups -eq 0 && $enriched -eq $N ]] || { echo "FAIL: enriched holds $enriched records for $N articles"; status=1; }
[[ $st -eq $N ]] || status=1
[[ -f $WORK/bad-exits ]] && { echo "FAIL: unclean SIGTERM exits: $(tr '\n' ' ' <"$WORK/bad-exits")"; status=1; }
echo "articles $N, stored $st, duplicates $dups, lost $lost"
exit $status

#!/usr/bin/env bash
# test_writer_events.sh — tinpipe-writer alone, against the real Kafka broker
# and PostgreSQL of the local stack: enriched events go straight into the
# enriched topic (hand-made tinpipe.article/1 lines), and the test checks
#   1. every event is stored once, with its entities resolved across
#      articles; a line that is not JSON and an event the database refuses
#      (month 13) are dead-lettered with their class, the rest is stored;
#   2. redelivery (the same messages produced again) stores nothing twice;
#   3. PostgreSQL stopped while events arrive: the writer pauses, retries,
#      and stores everything once the database is back;
#   4. kill -9 of the writer, then a restart while PostgreSQL is down: it
#      waits for the database, resumes at the offsets stored with the rows,
#      nothing is lost or stored twice;
#   5. a second writer joins and the first leaves (cooperative
#      rebalances) while events arrive: still every event once;
#   6. SIGTERM: exit status 0.
# Each run has its own topics, consumer group and database.
#
# Needs TP_KAFKA_BOOTSTRAP and TP_PG_CONNINFO (tests/run.sh starts the stack
# and sets them); skips (77) without them. Part 3 uses deploy/stack.sh
# stop-pg/start-pg with the caller's TP_STACK_DIR/TP_PG_PORT; set
# TP_TEST_PG_RESTART=0 to leave the database alone (a shared one).
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
tp_need_kafka
tp_need_pg
tp_need_tools kcat psql
tp_require_bin tinpipe tinpipe-writer
tinpipe=$tp_build/tinpipe
writer_bin=$tp_build/tinpipe-writer

run=$(tp_unique w)
db=tinpipe_test_$run
tp_workdir tp_writer_test
work=$tp_work
topic=$run.enriched
dlq=$run.dlq
writer_pid=""

log() { printf '== %s\n' "$*"; }
fail() {
  printf 'FAIL: %s\n' "$*"
  local f
  for f in "$work"/writer*.log; do
    [[ -f $f ]] || continue
    echo "--- last lines of $(basename "$f")"
    tail -n 30 "$f" | cut -c1-400
  done
  exit 1
}

# At exit: the writers killed, before lib.sh drops their database.
stop_all() {
  local pid
  for pid in ${writer_pid:-} ${first_pid:-} ${second_pid:-}; do
    kill -KILL "$pid" 2>/dev/null || true
  done
}
tp_at_exit stop_all

psql_db() { psql "$TP_PG_CONNINFO dbname=$db" -qAtX -v ON_ERROR_STOP=1 -c "$1"; }

# ---------------------------------------------------------------------------
# A database, a configuration and topics of this run's own
# ---------------------------------------------------------------------------
log "database $db, topics $topic and $dlq"
tp_create_db "$db" || fail "could not create database $db"

cat >"$work/tinpipe.yaml" <<EOF
kafka:
  bootstrap.servers: \${TP_KAFKA_BOOTSTRAP}
topics:
  raw: $run.raw
  normalized: $run.normalized
  enriched: $topic
  dlq: $dlq
  partitions: 3
writer:
  group_id: $run-writer
  batch_size: 40
  batch_timeout_ms: 100
  retry_initial_ms: 100
  retry_max_ms: 1000
  migrate_on_start: false
  kafka:
    # A killed writer's partitions move on after 6 s, not 45.
    session.timeout.ms: 6000
    heartbeat.interval.ms: 1000
postgres:
  conninfo: \${TP_PG_CONNINFO} dbname=$db
  connect_timeout_s: 2
http:
  listen: ""
log:
  level: info
  format: text
shutdown_timeout_ms: 10000
EOF
export TP_CONFIG=$work/tinpipe.yaml

"$tinpipe" migrate --config "$TP_CONFIG" >"$work/migrate.out" || fail "tinpipe migrate"
grep -q "applied 001_schema" "$work/migrate.out" || fail "migrate did not apply 001_schema: $(cat "$work/migrate.out")"
"$tinpipe" migrate --config "$TP_CONFIG" | grep -q "schema up to date" || fail "second migrate was not a no-op"
"$tinpipe" topics --config "$TP_CONFIG" >/dev/null || fail "tinpipe topics"

# ---------------------------------------------------------------------------
# Events
# ---------------------------------------------------------------------------

# byte_len STRING: its length in bytes (mention offsets are byte offsets).
byte_len() { local LC_ALL=C; printf '%s' "${#1}"; }

# event I [PUBLISHED_AT]: one enriched event, as one JSON line. Every event
# names the same person, document and province (shared entities) and one
# quantity of its own.
event() {
  local i=$1 published=${2:-2024-03-26T08:00:00+07:00}
  local id body p_start d_start l_start q_start pre
  id=$(printf 'feed%028x' "$i")
  body="Sáng 26/3, đồng chí Nguyễn Văn An, Bí thư Tỉnh ủy, chủ trì hội nghị quán triệt Quy định 290-QĐ/TW tại tỉnh Bắc Giang với $i đại biểu."
  pre=${body%%Nguyễn Văn An*}; p_start=$(byte_len "$pre")
  pre=${body%%290-QĐ/TW*}; d_start=$(byte_len "$pre")
  pre=${body%%Bắc Giang*}; l_start=$(byte_len "$pre")
  pre=${body%%"$i đại biểu"*}; q_start=$(byte_len "$pre")
  local p_end=$((p_start + $(byte_len "Nguyễn Văn An")))
  local d_end=$((d_start + $(byte_len "290-QĐ/TW")))
  local l_end=$((l_start + $(byte_len "Bắc Giang")))
  local q_end=$((q_start + $(byte_len "$i đại biểu")))
  local blen; blen=$(byte_len "$body")
  printf '{"schema":"tinpipe.article/1","article_id":"%s",' "$id"
  printf '"source":{"url":"https://bacgiang.example.vn/%s","site":"bacgiang.example.vn","topic":"articles.raw","partition":0,"offset":%s},' "$i" "$i"
  printf '"title":"Hội nghị quán triệt Quy định 290 số %s","published_at":"%s","authors":["Minh Châu"],"agency":null,' "$i" "$published"
  printf '"lead":"%s","body":"%s","paragraphs":[[0,%s]],"captions":[],"tags":[],"view_count":null,"removed":[],' "$body" "$body" "$blen"
  printf '"content_hash":"%016x","simhash":"%016x","versions":{"normalizer":"1.0.0","extractor":"1.0.0","gazetteer":"test"},' "$i" "$i"
  printf '"entities":['
  printf '{"type":"person","key":"person:Nguyễn Văn An","name":"Nguyễn Văn An","positions":[{"title":"Bí thư Tỉnh ủy","organization":"organization:Tỉnh ủy Bắc Giang"}],"mentions":[{"start":%s,"end":%s}]},' "$p_start" "$p_end"
  printf '{"type":"document","key":"document:290-QĐ/TW","name":"Quy định 290-QĐ/TW","doc_type":"QĐ","number":"290","issuer":"TW","issued_on":"2010-02-25","mentions":[{"start":%s,"end":%s}]},' "$d_start" "$d_end"
  printf '{"type":"location","key":"location:Bắc Giang","name":"Bắc Giang","level":"tinh","code":"24","mentions":[{"start":%s,"end":%s}]},' "$l_start" "$l_end"
  printf '{"type":"quantity","key":"quantity:%s:đại","name":"%s đại biểu","value":%s,"unit":"đại","mentions":[{"start":%s,"end":%s}]}' "$i" "$i" "$i" "$q_start" "$q_end"
  printf ']}\n'
}

# events FROM TO: events FROM..TO as "key<TAB>json" lines.
events() {
  local i
  for ((i = $1; i <= $2; i++)); do
    printf 'feed%028x\t%s\n' "$i" "$(event "$i")"
  done
}

# produce FILE: key<TAB>value lines into the enriched topic.
produce() { kcat -b "$TP_KAFKA_BOOTSTRAP" -P -t "$topic" -K $'\t' -z snappy -l "$1"; }

# topic_total: messages in the enriched topic (sum of high watermarks).
topic_total() {
  kcat -b "$TP_KAFKA_BOOTSTRAP" -C -t "$topic" -o beginning -e -q -f 'x\n' 2>/dev/null | wc -l
}

# stored_total: the sum of the writer's stored next offsets.
stored_total() { psql_db "SELECT coalesce(sum(next_offset), 0) FROM tinpipe_offsets"; }

# wait_for DESCRIPTION SECONDS COMMAND...: polls until COMMAND succeeds.
wait_for() {
  local what=$1 secs=$2
  shift 2
  local deadline=$((SECONDS + secs))
  until "$@"; do
    ((SECONDS < deadline)) || fail "timed out after ${secs}s waiting for $what"
    sleep 0.5
  done
}

# caught_up: the writer stored offsets past every message in the topic.
caught_up() { [[ $(stored_total) == "$(topic_total)" ]]; }

# counts: one line with the row count of every table.
counts() {
  psql_db "SELECT (SELECT count(*) FROM articles) || ' ' || (SELECT count(*) FROM entities) || ' ' ||
                  (SELECT count(*) FROM mentions) || ' ' || (SELECT count(*) FROM article_entities) || ' ' ||
                  (SELECT count(*) FROM person_positions) || ' ' || (SELECT count(*) FROM document_refs)"
}

# dlq_classes: the tp.error.class header of every dead letter, sorted.
dlq_classes() {
  kcat -b "$TP_KAFKA_BOOTSTRAP" -C -t "$dlq" -o beginning -e -q -f '%h\n' 2>/dev/null |
    tr ',' '\n' | sed -n 's/^tp\.error\.class=//p' | sort | tr '\n' ' '
}

start_writer() {
  "$writer_bin" --config "$TP_CONFIG" >>"$work/writer.log" 2>&1 &
  writer_pid=$!
}

# ---------------------------------------------------------------------------
# 1. Store, with two bad messages among the good ones
# ---------------------------------------------------------------------------
n1=120
events 1 60 >"$work/a.tsv"
# shellcheck disable=SC2129 # one line at a time reads as the list it is
printf 'bad-json\t{"schema":"tinpipe.article/1", this is not json\n' >>"$work/a.tsv"
printf 'feed%028x\t%s\n' 999 "$(event 999 2024-13-01T08:00:00+07:00)" >>"$work/a.tsv"
events 61 "$n1" >>"$work/a.tsv"
produce "$work/a.tsv"

log "writer: $n1 events and 2 bad messages"
start_writer
wait_for "the writer to catch up" 90 caught_up
c1=$(counts)
want="$n1 $((n1 + 3)) $((n1 * 4)) $((n1 * 4)) $n1 $n1"
[[ $c1 == "$want" ]] || fail "after the first run: counts (articles entities mentions links positions docs) are '$c1', want '$want'"
[[ $(psql_db "SELECT count(*) FROM articles WHERE article_id = 'feed$(printf '%028x' 999)'") == 0 ]] ||
  fail "the month-13 event was stored"
[[ $(psql_db "SELECT id FROM entities WHERE key = 'person:Nguyễn Văn An'") =~ ^[0-9]+$ ]] || fail "person entity missing"
[[ $(psql_db "SELECT count(*) FROM document_refs r JOIN entities e ON e.id = r.document_id
              WHERE e.key = 'document:290-QĐ/TW' AND r.issued_on = '2010-02-25'") == "$n1" ]] ||
  fail "document_refs of 290-QĐ/TW"
[[ $(psql_db "SELECT sum(articles) FROM document_citations_by_province_month
              WHERE document_key = 'document:290-QĐ/TW' AND province = 'Bắc Giang' AND month = '2024-03-01'") == "$n1" ]] ||
  fail "the analyst view does not count $n1 articles citing 290-QĐ/TW in Bắc Giang in 2024-03"
wait_for "two dead letters" 30 bash -c "[[ \$(kcat -b '$TP_KAFKA_BOOTSTRAP' -C -t '$dlq' -o beginning -e -q 2>/dev/null | wc -l) -ge 2 ]]"
classes=$(dlq_classes)
[[ $classes == "db_data json " ]] || fail "dead-letter classes are '$classes', want 'db_data json '"

# ---------------------------------------------------------------------------
# 2. Redelivery: the same messages again change nothing
# ---------------------------------------------------------------------------
log "redelivery of the same $n1 events"
produce "$work/a.tsv"
wait_for "the writer to catch up after redelivery" 60 caught_up
c2=$(counts)
[[ $c2 == "$c1" ]] || fail "redelivery changed the counts: '$c1' -> '$c2'"
[[ $(psql_db "SELECT count(*) FROM articles WHERE updated_at <> first_seen_at") == 0 ]] ||
  fail "redelivery rewrote articles"

# ---------------------------------------------------------------------------
# 3. PostgreSQL stopped while events arrive
# ---------------------------------------------------------------------------
n2=240
if [[ ${TP_TEST_PG_RESTART:-1} != 0 ]]; then
  log "PostgreSQL stopped, $((n2 - n1)) events produced, PostgreSQL started"
  "$tp_src/deploy/stack.sh" stop-pg >/dev/null 2>&1 || fail "deploy/stack.sh stop-pg"
  events $((n1 + 1)) "$n2" >"$work/b.tsv"
  produce "$work/b.tsv"
  sleep 4
  kill -0 "$writer_pid" 2>/dev/null || fail "the writer died while the database was down"
  "$tp_src/deploy/stack.sh" start-pg >/dev/null 2>&1 || fail "deploy/stack.sh start-pg"
  wait_for "the writer to catch up after the outage" 90 caught_up
  grep -q "could not store batch" "$work/writer.log" || fail "the writer did not notice the outage"
  grep -q "database is back" "$work/writer.log" || fail "the writer did not say the database is back"
else
  log "PostgreSQL restart skipped (TP_TEST_PG_RESTART=0)"
  events $((n1 + 1)) "$n2" >"$work/b.tsv"
  produce "$work/b.tsv"
  wait_for "the writer to catch up" 60 caught_up
fi
c3=$(counts)
want="$n2 $((n2 + 3)) $((n2 * 4)) $((n2 * 4)) $n2 $n2"
[[ $c3 == "$want" ]] || fail "after the outage: counts are '$c3', want '$want'"

# ---------------------------------------------------------------------------
# 4. kill -9 while events arrive, then a restart
# ---------------------------------------------------------------------------
n3=400
log "kill -9 of the writer while $((n3 - n2)) events arrive, then a restart"
events $((n2 + 1)) "$n3" >"$work/c.tsv"
# In chunks, so that the kill lands while the writer is busy.
(
  split -l 20 "$work/c.tsv" "$work/c.part."
  for f in "$work"/c.part.*; do
    produce "$f"
    sleep 0.2
  done
) &
producer=$!
sleep 0.7
kill -KILL "$writer_pid"
wait "$writer_pid" 2>/dev/null || true
at_kill=$(stored_total)
wait "$producer"
echo "    killed with $at_kill of $(topic_total) messages stored"
echo "--- restart" >>"$work/writer.log"
if [[ ${TP_TEST_PG_RESTART:-1} != 0 ]]; then
  # The new writer gets its partitions while the database is away: they
  # stay paused until it can read where to start.
  "$tp_src/deploy/stack.sh" stop-pg >/dev/null 2>&1 || fail "deploy/stack.sh stop-pg"
  start_writer
  sleep 9
  kill -0 "$writer_pid" 2>/dev/null || fail "the writer died while the database was down"
  "$tp_src/deploy/stack.sh" start-pg >/dev/null 2>&1 || fail "deploy/stack.sh start-pg"
else
  start_writer
fi
wait_for "the restarted writer to catch up" 90 caught_up
c4=$(counts)
want="$n3 $((n3 + 3)) $((n3 * 4)) $((n3 * 4)) $n3 $n3"
[[ $c4 == "$want" ]] || fail "after kill -9 and restart: counts are '$c4', want '$want'"

# ---------------------------------------------------------------------------
# 5. Rebalances: a second writer joins while events arrive, then the first
#    leaves on SIGTERM (exit 0); the second stores the rest
# ---------------------------------------------------------------------------
n4=560
log "a second writer joins, the first leaves, while $((n4 - n3)) events arrive"
events $((n3 + 1)) "$n4" >"$work/d.tsv"
(
  split -l 10 "$work/d.tsv" "$work/d.part."
  for f in "$work"/d.part.*; do
    produce "$f"
    sleep 0.15
  done
) &
producer=$!
first_pid=$writer_pid
"$writer_bin" --config "$TP_CONFIG" >>"$work/writer2.log" 2>&1 &
second_pid=$!
sleep 1.5
kill -TERM "$first_pid"
status=0
wait "$first_pid" || status=$?
[[ $status == 0 ]] || fail "the first writer exited with status $status after SIGTERM"
grep -q "writer stopped" "$work/writer.log" || fail "no 'writer stopped' line"
wait "$producer"
writer_pid=$second_pid
wait_for "the second writer to catch up" 90 caught_up
c5=$(counts)
want="$n4 $((n4 + 3)) $((n4 * 4)) $((n4 * 4)) $n4 $n4"
[[ $c5 == "$want" ]] || fail "after the rebalances: counts are '$c5', want '$want'"

# ---------------------------------------------------------------------------
# 6. SIGTERM
# ---------------------------------------------------------------------------
log "SIGTERM"
kill -TERM "$writer_pid"
status=0
wait "$writer_pid" || status=$?
writer_pid=""
[[ $status == 0 ]] || fail "the second writer exited with status $status after SIGTERM"
grep -q "writer stopped" "$work/writer2.log" || fail "no 'writer stopped' line from the second writer"

stored=$(psql_db "SELECT count(*) FROM articles")
dups=$(psql_db "SELECT count(*) - count(DISTINCT article_id) FROM articles")
echo "articles $n4, stored $stored, duplicates $dups, lost $((n4 - stored))"
[[ $stored == "$n4" && $dups == 0 ]] || fail "stored $stored of $n4"

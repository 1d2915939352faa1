#!/usr/bin/env bash
# test_pipeline.sh — the spine, end to end, against the real Kafka broker
# and PostgreSQL of the local stack:
#
#   tinpipe produce (tests/fixtures/articles) -> articles.raw
#     -> tinpipe-normalizer -> articles.normalized
#     -> tinpipe-extractor  -> articles.enriched
#     -> tinpipe-writer     -> PostgreSQL
#
# It checks that every article `tinpipe process` turns into an event lands
# in PostgreSQL once, with the entities any sane extractor finds in the
# pg_* fixtures (a person, the documents 290-QĐ/TW and 25-NQ/TW, provinces)
# resolved across articles; that the analyst query "articles citing a
# document by province and month" answers; that producing the same
# articles again stores nothing twice; and that the three daemons exit 0
# on SIGTERM. Each run has its own topics, consumer groups, transactional
# ids and database. Last line: "articles N, stored N, duplicates 0, lost 0".
#
# Needs TP_KAFKA_BOOTSTRAP and TP_PG_CONNINFO (tests/run.sh starts the stack
# and sets them); skips (77) without them.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
tp_need_kafka
tp_need_pg
tp_need_tools kcat psql
tp_require_bin tinpipe tinpipe-normalizer tinpipe-extractor tinpipe-writer
tinpipe=$tp_build/tinpipe

run=$(tp_unique p)
db=tinpipe_test_$run
tp_workdir tp_pipeline_test
work=$tp_work
declare -A pids=()

log() { printf '== %s\n' "$*"; }
fail() {
  printf 'FAIL: %s\n' "$*"
  local svc
  for svc in normalizer extractor writer; do
    if [[ -f $work/$svc.log ]]; then
      echo "--- last lines of tinpipe-$svc's log"
      tail -n 15 "$work/$svc.log" | cut -c1-400
    fi
  done
  exit 1
}

# At exit: the daemons killed, before lib.sh drops their database.
stop_all() {
  local svc
  for svc in "${!pids[@]}"; do
    kill -KILL "${pids[$svc]}" 2>/dev/null || true
  done
}
tp_at_exit stop_all

psql_db() { psql "$TP_PG_CONNINFO dbname=$db" -qAtX -v ON_ERROR_STOP=1 -c "$1"; }

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

# ---------------------------------------------------------------------------
# Database, configuration, topics
# ---------------------------------------------------------------------------
log "database $db, topics $run.*"
tp_create_db "$db" || fail "could not create database $db"

cat >"$work/tinpipe.yaml" <<EOF
kafka:
  bootstrap.servers: \${TP_KAFKA_BOOTSTRAP}
topics:
  raw: $run.raw
  normalized: $run.normalized
  enriched: $run.enriched
  dlq: $run.dlq
  partitions: 3
normalizer:
  group_id: $run-normalizer
  transactional_id: $run-normalizer
extractor:
  group_id: $run-extractor
  transactional_id: $run-extractor
writer:
  group_id: $run-writer
  batch_size: 50
  batch_timeout_ms: 100
  migrate_on_start: false
postgres:
  conninfo: \${TP_PG_CONNINFO} dbname=$db
http:
  listen: ""
log:
  level: info
  format: text
shutdown_timeout_ms: 10000
EOF
export TP_CONFIG=$work/tinpipe.yaml

"$tinpipe" migrate --config "$TP_CONFIG" >"$work/migrate.out" || fail "tinpipe migrate: $(cat "$work/migrate.out")"
"$tinpipe" topics --config "$TP_CONFIG" >"$work/topics.out" 2>&1 || fail "tinpipe topics: $(cat "$work/topics.out")"

# ---------------------------------------------------------------------------
# What the pipeline should store: what `tinpipe process` makes of the
# fixtures offline (files it rejects go to the dead-letter topic instead)
# ---------------------------------------------------------------------------
fixtures=()
for f in "$tp_src"/tests/fixtures/articles/*; do
  [[ -f $f ]] && fixtures+=("$f")
done
((${#fixtures[@]} > 0)) || fail "no fixtures in tests/fixtures/articles"
for f in "${fixtures[@]}"; do
  "$tinpipe" process --config "$TP_CONFIG" "$f" 2>/dev/null || true
done >"$work/offline.jsonl"
# Events carry an article_id; error lines ({"error": ...}) do not.
n=$(grep -c '"article_id"' "$work/offline.jsonl" || true)
n_bad=$(grep -c '"error":' "$work/offline.jsonl" || true)
((n >= 3)) || fail "tinpipe process made only $n events of ${#fixtures[@]} fixtures"
log "${#fixtures[@]} fixtures: $n articles, $n_bad rejected offline (dead letters online)"

for svc in normalizer extractor writer; do
  "$tp_build/tinpipe-$svc" --config "$TP_CONFIG" >"$work/$svc.log" 2>&1 &
  pids[$svc]=$!
done

"$tinpipe" produce --config "$TP_CONFIG" --topic "$run.raw" "${fixtures[@]}" >"$work/produce1.out" 2>&1 ||
  fail "tinpipe produce: $(cat "$work/produce1.out")"

articles() { psql_db "SELECT count(*) FROM articles"; }
have_n() { [[ $(articles) -ge $n ]]; }
wait_for "$n articles in PostgreSQL" 180 have_n
sleep 1
stored=$(articles)
[[ $stored == "$n" ]] || fail "stored $stored articles, want $n"
dead_letters() {
  [[ $(kcat -b "$TP_KAFKA_BOOTSTRAP" -C -t "$run.dlq" -o beginning -e -q -f 'x\n' 2>/dev/null | wc -l) -ge $n_bad ]]
}
wait_for "$n_bad dead letters" 30 dead_letters

# ---------------------------------------------------------------------------
# What landed
# ---------------------------------------------------------------------------
expect_n() { # DESCRIPTION WANT SQL
  local got
  got=$(psql_db "$3")
  [[ $got == "$2" ]] || fail "$1: got '$got', want '$2'"
}
expect_n "articles mentioning person:Nguyễn Văn Thành" 2 \
  "SELECT count(*) FROM article_entities ae JOIN entities e ON e.id = ae.entity_id
   WHERE e.key = 'person:Nguyễn Văn Thành'"
expect_n "one entity row per key" 0 \
  "SELECT count(*) - count(DISTINCT key) FROM entities"
expect_n "document_refs of 290-QĐ/TW from the pg_ fixtures" 2 \
  "SELECT count(*) FROM document_refs r JOIN entities e ON e.id = r.document_id
   JOIN articles a USING (article_id)
   WHERE e.key = 'document:290-QĐ/TW' AND a.site = 'bacgiang.example.vn' OR
         e.key = 'document:290-QĐ/TW' AND a.title LIKE 'Lạng Sơn sơ kết%'"
expect_n "25-NQ/TW issued on 2013-06-03" 1 \
  "SELECT count(DISTINCT r.article_id) FROM document_refs r JOIN entities e ON e.id = r.document_id
   WHERE e.key = 'document:25-NQ/TW' AND r.issued_on = '2013-06-03'"
expect_n "a position of Nguyễn Văn Thành" 1 \
  "SELECT least(count(*), 1) FROM person_positions p JOIN entities e ON e.id = p.person_id
   WHERE e.key = 'person:Nguyễn Văn Thành' AND p.title LIKE '%Bí thư%'"
expect_n "290-QĐ/TW cited in Bắc Giang in 2024-03" 1 \
  "SELECT sum(articles) FROM document_citations_by_province_month
   WHERE document_key = 'document:290-QĐ/TW' AND province = 'Bắc Giang' AND month = '2024-03-01'"
expect_n "290-QĐ/TW cited in Lạng Sơn in 2024-04" 1 \
  "SELECT sum(articles) FROM document_citations_by_province_month
   WHERE document_key = 'document:290-QĐ/TW' AND province = 'Lạng Sơn' AND month = '2024-04-01'"
# The ids may differ (online, the crawler's key names the article; offline
# there is none), the articles may not: compare titles and bodies.
missing=$(psql "$TP_PG_CONNINFO dbname=$db" -qAtX -v ON_ERROR_STOP=1 <<SQL
CREATE TEMP TABLE offline (e jsonb);
\copy offline FROM '$work/offline.jsonl' WITH (FORMAT csv, QUOTE e'\x01', DELIMITER e'\x02')
SELECT count(*) FROM offline o
WHERE o.e ? 'article_id'
  AND NOT EXISTS (SELECT 1 FROM articles a
                  WHERE a.title IS NOT DISTINCT FROM o.e ->> 'title' AND a.body = o.e ->> 'body');
SQL
)
[[ $missing == 0 ]] || fail "$missing articles of tinpipe process are not stored with the same title and body"

counts() {
  psql_db "SELECT (SELECT count(*) FROM articles) || ' ' || (SELECT count(*) FROM entities) || ' ' ||
                  (SELECT count(*) FROM mentions) || ' ' || (SELECT count(*) FROM article_entities) || ' ' ||
                  (SELECT count(*) FROM person_positions) || ' ' || (SELECT count(*) FROM document_refs)"
}
before=$(counts)

# ---------------------------------------------------------------------------
# The same articles again: nothing is stored twice
# ---------------------------------------------------------------------------
log "the same $n articles produced again"
enriched_count() {
  kcat -b "$TP_KAFKA_BOOTSTRAP" -X isolation.level=read_committed -C -t "$run.enriched" \
    -o beginning -e -q -f 'x\n' 2>/dev/null | wc -l
}
first_round=$(enriched_count)
"$tinpipe" produce --config "$TP_CONFIG" --topic "$run.raw" "${fixtures[@]}" >"$work/produce2.out" 2>&1 ||
  fail "tinpipe produce (again): $(cat "$work/produce2.out")"
second_round() { [[ $(enriched_count) -ge $((2 * first_round)) ]]; }
wait_for "the second round in the enriched topic" 180 second_round

# The writer caught up: for each partition, the next offset it stored is
# past the last event in the topic.
caught_up() {
  local p o stored_next
  while read -r p o; do
    [[ -n $p ]] || continue
    stored_next=$(psql_db "SELECT next_offset FROM tinpipe_offsets WHERE topic = '$run.enriched' AND partition = $p")
    [[ -n $stored_next && $stored_next -gt $o ]] || return 1
  done < <(kcat -b "$TP_KAFKA_BOOTSTRAP" -X isolation.level=read_committed -C -t "$run.enriched" \
             -o beginning -e -q -f '%p %o\n' 2>/dev/null | sort -k1,1n -k2,2n | awk '{last[$1]=$2} END {for (p in last) print p, last[p]}')
  return 0
}
wait_for "the writer to store the second round" 120 caught_up
after=$(counts)
[[ $after == "$before" ]] || fail "the second round changed the row counts: '$before' -> '$after'"

# ---------------------------------------------------------------------------
# SIGTERM: each daemon exits 0
# ---------------------------------------------------------------------------
log "SIGTERM"
for svc in normalizer extractor writer; do
  kill -TERM "${pids[$svc]}"
done
for svc in normalizer extractor writer; do
  status=0
  wait "${pids[$svc]}" || status=$?
  unset "pids[$svc]"
  [[ $status == 0 ]] || fail "tinpipe-$svc exited with status $status after SIGTERM"
done

stored=$(articles)
dups=$(psql_db "SELECT count(*) - count(DISTINCT article_id) FROM articles")
echo "articles $n, stored $stored, duplicates $dups, lost $((n - stored))"
[[ $stored == "$n" && $dups == 0 ]] || fail "stored $stored of $n"

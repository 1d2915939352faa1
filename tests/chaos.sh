#!/usr/bin/env bash
# tests/chaos.sh — exactly-once of the whole pipeline, raw topic to
# PostgreSQL, under faults, against the real Kafka broker and PostgreSQL of
# the local stack (deploy/stack.sh):
#
#   generated articles ──► articles.raw ──► 2 normalizers ──► 2 extractors
#                                             ──► 2 writers ──► PostgreSQL
#
# In one run, while the articles are being produced in chunks:
#   - kill -9 of a randomly chosen daemon at random moments (--kills K; one
#     of them hits a writer while PostgreSQL is down); each is restarted
#     with its own instance id after a random pause;
#   - the broker is restarted (deploy/stack.sh restart-kafka);
#   - PostgreSQL is stopped (pg_ctl -m immediate, like a crash) for
#     --pg-outage seconds while articles keep arriving;
#   - consumers join and leave: a third normalizer, extractor and writer are
#     started and stopped (SIGTERM) at random (cooperative rebalances, on
#     top of the ones every kill causes).
# Then it waits for the pipeline to drain, stops every daemon with SIGTERM
# (each must exit 0) and checks, in PostgreSQL, against what
# `tinpipe process` makes of the same input offline (the clean run):
#   - one row per article, the same article ids, the same bodies;
#   - the same entity keys, the same mentions (article, entity, start, end)
#     and the same article/entity links, so the same entity and mention
#     counts;
# and, in Kafka (read_committed), one normalized and one enriched record
# per article and no dead letters. Any daemon that exits by itself fails
# the run.
#
#   tests/chaos.sh [--articles N] [--kills K] [--seed S] [--partitions P]
#                  [--pg-outage SECONDS] [--no-broker-restart]
#                  [--rebalances R] [--keep]
#
# Defaults: 20000 articles, 10 kills, 6 partitions, a 30 s outage, 6
# joins/leaves, a random seed (printed: the same seed replays the same
# schedule of faults, not the same timing). Environment fallbacks:
# CHAOS_ARTICLES, CHAOS_KILLS, CHAOS_SEED, CHAOS_PARTITIONS,
# CHAOS_PG_OUTAGE, CHAOS_BROKER_RESTART=0, CHAOS_REBALANCES,
# CHAOS_DRAIN_SECONDS [600].
#
# Needs TP_KAFKA_BOOTSTRAP and TP_PG_CONNINFO (eval "$(deploy/stack.sh
# env)"), and TP_STACK_DIR/TP_KAFKA_PORT/TP_KAFKA_CONTROLLER_PORT/
# TP_PG_PORT as the stack was started with, so that deploy/stack.sh
# restarts the same servers; without TP_STACK_DIR the broker restart and
# the outage are skipped, saying so. TP_BUILD_DIR names the binaries.
# Exits 77 without a broker or a database. Each run has its own topics,
# consumer groups, transactional ids and database (dropped on success).
#
# The last line is
#   articles N, stored N, duplicates 0, lost 0
# where stored counts rows in PostgreSQL's articles table that belong to
# the input, duplicates counts extra committed copies of an article on the
# normalized and enriched topics plus extra rows in PostgreSQL, and lost
# counts input articles missing from PostgreSQL.
set -uo pipefail

usage() { sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

N=${CHAOS_ARTICLES:-20000}
KILLS=${CHAOS_KILLS:-10}
SEED=${CHAOS_SEED:-$(( $(date +%s) % 32768 ))}
PARTS=${CHAOS_PARTITIONS:-6}
OUTAGE=${CHAOS_PG_OUTAGE:-30}
BROKER=${CHAOS_BROKER_RESTART:-1}
REBAL=${CHAOS_REBALANCES:-6}
KEEP=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --articles) N=$2; shift 2 ;;
    --kills) KILLS=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --partitions) PARTS=$2; shift 2 ;;
    --pg-outage) OUTAGE=$2; shift 2 ;;
    --no-broker-restart) BROKER=0; shift ;;
    --rebalances) REBAL=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "chaos: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
for v in N KILLS SEED PARTS OUTAGE REBAL; do
  [[ ${!v} =~ ^[0-9]+$ ]] || { echo "chaos: $v must be a number, not '${!v}'" >&2; exit 2; }
done

if [[ -z ${TP_KAFKA_BOOTSTRAP:-} || -z ${TP_PG_CONNINFO:-} ]]; then
  echo "skip: TP_KAFKA_BOOTSTRAP and TP_PG_CONNINFO are needed (local stack)"
  exit 77
fi
for t in kcat psql timeout awk; do
  command -v $t >/dev/null || { echo "skip: $t is not installed"; exit 77; }
done
SRC=${TP_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
BUILD=${TP_BUILD_DIR:-$SRC/build}
for b in tinpipe tinpipe-normalizer tinpipe-extractor tinpipe-writer; do
  [[ -x $BUILD/$b ]] || { echo "FAIL: $BUILD/$b is not built"; exit 1; }
done
STACK=$SRC/deploy/stack.sh
if [[ -z ${TP_STACK_DIR:-} ]]; then
  [[ $BROKER == 1 ]] && echo "chaos: no TP_STACK_DIR: the broker restart is skipped"
  [[ $OUTAGE -gt 0 ]] && echo "chaos: no TP_STACK_DIR: the PostgreSQL outage is skipped"
  BROKER=0 OUTAGE=0
fi

# bash reports every daemon killed with -9 ("line N: PID Killed ...") on
# stderr, whatever wait's redirection: those lines are the test's own doing.
exec 2> >(grep --line-buffered -v '^[^ ]*: line [0-9]*: *[0-9]* Killed ' >&2)

RANDOM=$SEED
B=$TP_KAFKA_BOOTSTRAP
S=chaos_$(date +%s)_$$
DB=$S
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tp-chaos.XXXXXX")
T0=$SECONDS
echo "chaos: seed $SEED, $N articles, $KILLS kills, $PARTS partitions," \
  "broker restart $([[ $BROKER == 1 ]] && echo yes || echo no)," \
  "PostgreSQL outage ${OUTAGE}s, $REBAL joins/leaves; run $S, logs in $WORK"

declare -A PID=()    # instance name -> pid
declare -A KILLED=() # service -> kills
STATUS=0
fail() { echo "FAIL: $*"; STATUS=1; }
elapsed() { echo "$((SECONDS - T0))s"; }
say() { echo "chaos: [$(elapsed)] $*"; }

pg() { timeout 120 psql "$TP_PG_CONNINFO dbname=$DB" -qAtX -v ON_ERROR_STOP=1 "$@"; }

cleanup() {
  local rc=$?
  for k in "${!PID[@]}"; do kill -9 "${PID[$k]}" 2>/dev/null; done
  if [[ $rc -eq 0 && $KEEP == 0 ]]; then
    timeout 60 psql "$TP_PG_CONNINFO" -qAtXc "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1
    rm -rf "$WORK"
  elif [[ -z ${SUMMARY_DONE:-} ]]; then
    echo "chaos: logs kept in $WORK, database $DB kept"
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

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
  partitions: $PARTS
normalizer:
  group_id: $S-normalizer
  transactional_id: $S-normalizer
  kafka: {transaction.timeout.ms: 10000}
  batch_size: 50
  commit_interval_ms: 200
extractor:
  group_id: $S-extractor
  transactional_id: $S-extractor
  kafka: {transaction.timeout.ms: 10000}
  batch_size: 50
  commit_interval_ms: 200
writer:
  group_id: $S-writer
  batch_size: 200
  batch_timeout_ms: 200
  retry_initial_ms: 100
  retry_max_ms: 2000
  migrate_on_start: false
postgres:
  conninfo: \${TP_PG_CONNINFO} dbname=$DB
  connect_timeout_s: 2
http:
  listen: "127.0.0.1:0"
log:
  level: info
  format: json
shutdown_timeout_ms: 10000
EOF
CONF=$WORK/tinpipe.yaml

# start INSTANCE: starts normalizer-1, extractor-3, writer-2, ...
start() {
  local svc=${1%-*}
  echo "--- start $(date -Is)" >>"$WORK/$1.log"
  TP_INSTANCE_ID=$1 "$BUILD/tinpipe-$svc" --config "$CONF" >>"$WORK/$1.log" 2>&1 &
  PID[$1]=$!
}
# stop INSTANCE SIGNAL: signals it and waits for it (SIGTERM must give 0).
stop() {
  local p=${PID[$1]:-} rc i
  [[ -n $p ]] || return 0
  kill "-$2" "$p" 2>/dev/null
  for ((i = 0; i < 300; i++)); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$p" 2>/dev/null; then
    fail "$1 still runs 30 s after SIG$2; killing it"
    kill -9 "$p" 2>/dev/null
  fi
  { wait "$p"; } 2>/dev/null # (no "Killed" line from the shell)
  rc=$?
  unset "PID[$1]"
  if [[ $2 == TERM && $rc -ne 0 ]]; then
    fail "$1 exited $rc after SIGTERM"
  fi
}
# check_alive: a daemon that exited by itself fails the run; it is
# restarted so that the run can finish and show what else went wrong.
check_alive() {
  local inst rc
  for inst in "${!PID[@]}"; do
    if ! kill -0 "${PID[$inst]}" 2>/dev/null; then
      { wait "${PID[$inst]}"; } 2>/dev/null
      rc=$?
      fail "$inst exited by itself (status $rc); restarting it"
      tail -n 5 "$WORK/$inst.log" | cut -c1-300
      start "$inst"
    fi
  done
}
# kill_one INSTANCE: kill -9, a random pause, restart.
kill_one() {
  local victim=$1
  stop "$victim" KILL
  KILLED[${victim%-*}]=$((${KILLED[${victim%-*}]:-0} + 1))
  say "kill -9 $victim"
  sleep "$((RANDOM % 3)).$((RANDOM % 10))"
  start "$victim"
}
# Committed records of a topic, and their keys.
keys() {
  timeout 300 kcat -C -b "$B" -t "$1" -e -q -X isolation.level=read_committed \
    -f '%k\n' 2>/dev/null
}
stored() { pg -c "SELECT count(*) FROM articles" 2>/dev/null || echo -1; }

# ---------------------------------------------------------------------------
# Input, and the clean run's expectation (tinpipe process, offline)
# ---------------------------------------------------------------------------
# N distinct articles, JSON envelopes with a unique url (the article id
# when there is no key, online and offline alike): templated Vietnamese
# news with names, provinces, positions, documents, dates and amounts
# chosen from the article's number, so entity counts are deterministic.
cat >"$WORK/articles.awk" <<'AWK'
BEGIN {
  nf = split("Nguyễn Trần Lê Phạm Hoàng Vũ Đặng Bùi Đỗ Hồ Ngô Dương Lý", fam, " ")
  nm = split("Văn Thị Minh Đức Thanh Quang Hữu Ngọc Xuân Hồng", mid, " ")
  ng = split("An Bình Cường Dũng Hà Hải Hùng Lan Long Mai Nam Phương Sơn Thành Tuấn Hạnh Khánh Trung", giv, " ")
  np = split("Bắc Giang|Lạng Sơn|Thanh Hóa|Nghệ An|Hà Tĩnh|Quảng Bình|Bắc Ninh|Thái Bình|Nam Định|Ninh Bình|Phú Thọ|Yên Bái|Lào Cai|Sơn La|Điện Biên|Hòa Bình|Quảng Ninh|Hải Dương|Hưng Yên|Tuyên Quang", prov, "|")
  npos = split("Bí thư Tỉnh ủy|Phó Bí thư Thường trực Tỉnh ủy|Chủ tịch UBND tỉnh|Trưởng ban Dân vận Tỉnh ủy|Chủ tịch Ủy ban MTTQ Việt Nam tỉnh|Phó Chủ tịch HĐND tỉnh", pos, "|")
  nd = split("Nghị quyết số 25-NQ/TW|Quy định số 290-QĐ/TW|Kết luận số 114-KL/TW|Chỉ thị số 49-CT/TW|Nghị quyết số 18-NQ/TW", doc, "|")
  nact = split("hội nghị sơ kết công tác dân vận|hội nghị quán triệt nghị quyết|lễ ra mắt mô hình dân vận khéo|hội nghị đối thoại với Nhân dân|buổi làm việc với Ban Dân vận", act, "|")
  for (i = 0; i < n; i++) {
    p1 = fam[1 + i % nf] " " mid[1 + int(i / nf) % nm] " " giv[1 + int(i / (nf * nm)) % ng]
    p2 = fam[1 + (i * 7 + 3) % nf] " " mid[1 + (i * 3 + 1) % nm] " " giv[1 + (i * 5 + 2) % ng]
    pr = prov[1 + i % np]; pr2 = prov[1 + (i * 11 + 5) % np]
    d = doc[1 + i % nd]; d2 = doc[1 + (i * 3 + 2) % nd]
    a = act[1 + i % nact]
    day = 1 + i % 28; mon = 1 + int(i / 28) % 12; yr = 2020 + int(i / 336) % 5
    cnt = 50 + i % 450; hh = 100 + i
    title = sprintf("Tỉnh %s tổ chức %s lần thứ %d", pr, a, i + 1)
    t = sprintf("Ngày %d/%d/%d, Tỉnh ủy %s tổ chức %s năm %d, số %d.", day, mon, yr, pr, a, yr, i + 1)
    t = t sprintf("\\nĐồng chí %s, %s chủ trì hội nghị. Tham dự có %d đại biểu đến từ các huyện, thị xã, thành phố.", p1, pos[1 + i % npos], cnt)
    t = t sprintf("\\nHội nghị quán triệt %s và %s của Bộ Chính trị. Trong năm, toàn tỉnh đã vận động %d hộ dân hiến đất làm đường giao thông nông thôn.", d, d2, hh)
    if (i % 3 == 0)
      t = t sprintf("\\nPhát biểu tại hội nghị, đồng chí %s, %s đề nghị các cấp ủy tiếp tục đổi mới phương thức công tác dân vận tại tỉnh %s.", p2, pos[1 + (i + 2) % npos], pr2)
    if (i % 4 == 1)
      t = t sprintf("\\nKinh phí thực hiện các công trình đạt %d tỷ đồng, trong đó Nhân dân đóng góp %d%%.", 10 + i % 90, 20 + i % 60)
    if (i % 5 == 2)
      t = t "\\nTin, ảnh: " fam[1 + (i + 4) % nf] " " giv[1 + (i + 6) % ng]
    printf "{\"url\":\"https://chaos.example.vn/%s/%d\",\"site\":\"chaos.example.vn\",\"published_at\":\"%04d-%02d-%02dT08:00:00+07:00\",\"title\":\"%s\",\"text\":\"%s\"}\n", run, i, yr, mon, day, title, t
  }
}
AWK
awk -v n="$N" -v run="$S" -f "$WORK/articles.awk" >"$WORK/input.jsonl" ||
  { echo "FAIL: could not generate articles"; exit 1; }
timeout 1200 "$BUILD/tinpipe" process --config "$CONF" --jsonl "$WORK/input.jsonl" \
  >"$WORK/expected.jsonl" 2>"$WORK/process.err"
exp_n=$(grep -c '"article_id"' "$WORK/expected.jsonl")
[[ $exp_n -eq $N ]] || { echo "FAIL: tinpipe process made $exp_n events of $N articles"; exit 1; }
say "generated $N articles ($(du -h "$WORK/input.jsonl" | cut -f1)), clean run by tinpipe process"

timeout 60 psql "$TP_PG_CONNINFO" -qAtX -v ON_ERROR_STOP=1 -c "CREATE DATABASE $DB" >/dev/null ||
  { echo "FAIL: could not create database $DB"; exit 1; }
timeout 120 "$BUILD/tinpipe" migrate --config "$CONF" >"$WORK/migrate.out" 2>&1 ||
  { echo "FAIL: tinpipe migrate: $(cat "$WORK/migrate.out")"; exit 1; }
timeout 120 "$BUILD/tinpipe" topics --config "$CONF" >"$WORK/topics.out" 2>&1 ||
  { echo "FAIL: tinpipe topics: $(cat "$WORK/topics.out")"; exit 1; }

# ---------------------------------------------------------------------------
# The schedule: kills and joins/leaves in random order, the broker restart
# at about 40 % of it, the outage (with one writer kill inside) at 65 %
# ---------------------------------------------------------------------------
actions=()
outage_kill=0
if [[ $OUTAGE -gt 0 && $KILLS -gt 0 ]]; then outage_kill=1; fi
for ((i = 0; i < KILLS - outage_kill; i++)); do actions+=(kill); done
for ((i = 0; i < REBAL; i++)); do actions+=(rebalance); done
for ((i = ${#actions[@]} - 1; i > 0; i--)); do
  j=$((RANDOM % (i + 1)))
  t=${actions[$i]} actions[$i]=${actions[$j]} actions[$j]=$t
done
insert_at() { # POSITION ACTION
  actions=("${actions[@]:0:$1}" "$2" "${actions[@]:$1}")
}
if [[ $BROKER == 1 ]]; then insert_at $((${#actions[@]} * 4 / 10)) broker; fi
if [[ $OUTAGE -gt 0 ]]; then insert_at $((${#actions[@]} * 65 / 100)) outage; fi
say "schedule: ${actions[*]}"

CHUNKS=$((${#actions[@]} + 2))
split -d -a 3 -n "l/$CHUNKS" "$WORK/input.jsonl" "$WORK/chunk."
chunk=0
produce_next() {
  [[ $chunk -lt $CHUNKS ]] || return 0
  local f
  f=$WORK/chunk.$(printf '%03d' "$chunk")
  chunk=$((chunk + 1))
  if ! timeout 300 "$BUILD/tinpipe" produce --config "$CONF" --topic "$S.raw" \
    --lines --no-key "$f" >>"$WORK/produce.out" 2>&1; then
    fail "produce of $(basename "$f") failed (see $WORK/produce.out)"
  fi
}

for inst in normalizer-1 normalizer-2 extractor-1 extractor-2 writer-1 writer-2; do
  start $inst
done
produce_next

joins=0 leaves=0 broker_s=- outage_s=-
for action in "${actions[@]}"; do
  sleep "$((RANDOM % 2)).$((RANDOM % 10))"
  check_alive
  case $action in
    kill)
      running=("${!PID[@]}")
      kill_one "${running[$((RANDOM % ${#running[@]}))]}"
      ;;
    rebalance)
      extras=(normalizer-3 extractor-3 writer-3)
      x=${extras[$((RANDOM % 3))]}
      if [[ -n ${PID[$x]:-} ]]; then
        stop "$x" TERM
        leaves=$((leaves + 1))
        say "$x leaves (SIGTERM)"
      else
        start "$x"
        joins=$((joins + 1))
        say "$x joins"
      fi
      ;;
    broker)
      say "restarting the broker"
      t=$SECONDS
      timeout 300 "$STACK" restart-kafka >>"$WORK/stack.out" 2>&1 ||
        { fail "deploy/stack.sh restart-kafka"; tail -n 5 "$WORK/stack.out"; }
      broker_s=$((SECONDS - t))
      say "broker back after ${broker_s}s"
      ;;
    outage)
      # Let the groups settle (a kill or a join just before would have the
      # writers' partitions in a rebalance), then stop the database while
      # the writers are storing a fresh chunk.
      sleep 8
      produce_next
      sleep 1
      say "PostgreSQL down (pg_ctl -m immediate) for ${OUTAGE}s"
      t=$SECONDS
      timeout 120 "$STACK" kill-pg >>"$WORK/stack.out" 2>&1 ||
        { fail "deploy/stack.sh kill-pg"; tail -n 5 "$WORK/stack.out"; }
      half=$((OUTAGE / 2))
      sleep "$half"
      produce_next
      if [[ $outage_kill == 1 ]]; then
        w=writer-$((1 + RANDOM % 2))
        stop "$w" KILL
        KILLED[writer]=$((${KILLED[writer]:-0} + 1))
        say "kill -9 $w while PostgreSQL is down; restarted at once"
        start "$w"
      fi
      rest=$((OUTAGE - (SECONDS - t)))
      [[ $rest -gt 0 ]] && sleep "$rest"
      timeout 120 "$STACK" start-pg >>"$WORK/stack.out" 2>&1 ||
        { fail "deploy/stack.sh start-pg"; tail -n 5 "$WORK/stack.out"; }
      outage_s=$((SECONDS - t))
      say "PostgreSQL back after ${outage_s}s"
      continue # this round's chunk was produced during the outage
      ;;
  esac
  produce_next
done
while [[ $chunk -lt $CHUNKS ]]; do produce_next; done
for x in normalizer-3 extractor-3 writer-3; do
  if [[ -n ${PID[$x]:-} ]]; then
    stop "$x" TERM
    leaves=$((leaves + 1))
    say "$x leaves (SIGTERM)"
  fi
done
check_alive
say "all $N articles produced; draining"

# ---------------------------------------------------------------------------
# Drain: every article stored, then a quiet while for anything extra
# ---------------------------------------------------------------------------
deadline=$((SECONDS + ${CHAOS_DRAIN_SECONDS:-600}))
last=-1 quiet=0
while [[ $SECONDS -lt $deadline ]]; do
  st=$(stored)
  if [[ $st -ge $N ]]; then
    [[ $st == "$last" ]] && quiet=$((quiet + 1)) || quiet=0
    [[ $quiet -ge 3 ]] && break
  fi
  last=$st
  check_alive
  sleep 2
done
[[ $(stored) -ge $N ]] || fail "drain timed out after ${CHAOS_DRAIN_SECONDS:-600}s with $(stored) of $N stored"
say "drained; stopping every daemon with SIGTERM"
for inst in "${!PID[@]}"; do stop "$inst" TERM; done

# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------
raw_n=$(keys "$S.raw" | wc -l)
norm_keys=$(keys "$S.normalized" | sort | uniq -c | awk '{t += $1; d++} END {print t + 0, d + 0}')
enr_keys=$(keys "$S.enriched" | sort | uniq -c | awk '{t += $1; d++} END {print t + 0, d + 0}')
dlq_n=$(keys "$S.dlq" | wc -l)
read -r norm_n norm_d <<<"$norm_keys"
read -r enr_n enr_d <<<"$enr_keys"
[[ $raw_n -eq $N ]] || fail "the raw topic holds $raw_n records, produced $N"
[[ $norm_d -eq $N ]] || fail "the normalized topic holds $norm_d distinct articles of $N"
[[ $enr_d -eq $N ]] || fail "the enriched topic holds $enr_d distinct articles of $N"
[[ $dlq_n -eq 0 ]] || fail "$dlq_n dead letters"

# The clean run in schema clean, compared with what the chaos stored.
cmp=$(pg <<SQL
CREATE SCHEMA clean;
CREATE TABLE clean.ev (e jsonb);
\copy clean.ev FROM '$WORK/expected.jsonl' WITH (FORMAT csv, QUOTE e'\x01', DELIMITER e'\x02')
DELETE FROM clean.ev WHERE NOT e ? 'article_id';
CREATE TABLE clean.ment AS
  SELECT DISTINCT e ->> 'article_id' AS article_id, x ->> 'key' AS key,
         (m ->> 'start')::int AS s, (m ->> 'end')::int AS en
  FROM clean.ev, jsonb_array_elements(e -> 'entities') x,
       jsonb_array_elements(coalesce(x -> 'mentions', '[]')) m;
CREATE TABLE clean.link AS
  SELECT DISTINCT e ->> 'article_id' AS article_id, x ->> 'key' AS key
  FROM clean.ev, jsonb_array_elements(e -> 'entities') x;
CREATE TEMP VIEW got_ment AS
  SELECT m.article_id, e.key, m."start" AS s, m."end" AS en
  FROM public.mentions m JOIN public.entities e ON e.id = m.entity_id;
CREATE TEMP VIEW got_link AS
  SELECT ae.article_id, e.key FROM public.article_entities ae
  JOIN public.entities e ON e.id = ae.entity_id;
SELECT 'stored ' || count(*) FROM public.articles a
  WHERE EXISTS (SELECT 1 FROM clean.ev c WHERE c.e ->> 'article_id' = a.article_id);
SELECT 'rows ' || count(*) FROM public.articles;
SELECT 'pg_dups ' || (count(*) - count(DISTINCT article_id)) FROM public.articles;
SELECT 'extra ' || count(*) FROM public.articles a
  WHERE NOT EXISTS (SELECT 1 FROM clean.ev c WHERE c.e ->> 'article_id' = a.article_id);
SELECT 'body_diff ' || count(*) FROM clean.ev c JOIN public.articles a
  ON a.article_id = c.e ->> 'article_id'
  WHERE a.body IS DISTINCT FROM c.e ->> 'body' OR a.title IS DISTINCT FROM c.e ->> 'title';
SELECT 'exp_entities ' || count(DISTINCT key) FROM clean.link;
SELECT 'got_entities ' || count(*) FROM public.entities;
SELECT 'entity_diff ' || ((SELECT count(*) FROM (SELECT DISTINCT key FROM clean.link
                             EXCEPT SELECT key FROM public.entities) a) +
                          (SELECT count(*) FROM (SELECT key FROM public.entities
                             EXCEPT SELECT key FROM clean.link) b));
SELECT 'exp_mentions ' || count(*) FROM clean.ment;
SELECT 'got_mentions ' || count(*) FROM got_ment;
SELECT 'mention_diff ' || ((SELECT count(*) FROM (TABLE clean.ment EXCEPT TABLE got_ment) a) +
                           (SELECT count(*) FROM (TABLE got_ment EXCEPT TABLE clean.ment) b));
SELECT 'mention_dups ' || (count(*) - count(DISTINCT (article_id, entity_id, "start"))) FROM public.mentions;
SELECT 'exp_links ' || count(*) FROM clean.link;
SELECT 'got_links ' || count(*) FROM got_link;
SELECT 'link_diff ' || ((SELECT count(*) FROM (TABLE clean.link EXCEPT TABLE got_link) a) +
                        (SELECT count(*) FROM (TABLE got_link EXCEPT TABLE clean.link) b));
SELECT 'mention_count_diff ' || count(*) FROM public.article_entities ae
  WHERE ae.mention_count <> (SELECT count(*) FROM public.mentions m
                             WHERE m.article_id = ae.article_id AND m.entity_id = ae.entity_id);
SELECT 'rewritten ' || count(*) FROM public.articles WHERE updated_at <> first_seen_at;
SQL
)
[[ -n $cmp ]] || { fail "the comparison queries failed"; cmp="stored 0"; }
declare -A R=()
while read -r k v; do [[ -n $k ]] && R[$k]=$v; done <<<"$cmp"
st=${R[stored]:-0}
for k in pg_dups extra body_diff entity_diff mention_diff mention_dups link_diff mention_count_diff; do
  [[ ${R[$k]:-x} == 0 ]] || fail "$k is ${R[$k]:-unknown}, want 0"
done
[[ ${R[exp_entities]:-x} == "${R[got_entities]:-y}" ]] || fail "entities: clean run ${R[exp_entities]:-?}, stored ${R[got_entities]:-?}"
[[ ${R[exp_mentions]:-x} == "${R[got_mentions]:-y}" ]] || fail "mentions: clean run ${R[exp_mentions]:-?}, stored ${R[got_mentions]:-?}"
[[ ${R[exp_links]:-x} == "${R[got_links]:-y}" ]] || fail "article entities: clean run ${R[exp_links]:-?}, stored ${R[got_links]:-?}"

dups=$((norm_n - norm_d + enr_n - enr_d + ${R[pg_dups]:-0}))
lost=$((N - st))
[[ $dups -eq 0 ]] || fail "duplicates: normalized $((norm_n - norm_d)), enriched $((enr_n - enr_d)), PostgreSQL ${R[pg_dups]:-?}"
[[ $lost -eq 0 ]] || fail "$lost articles are not in PostgreSQL"

kills_by=""
total_kills=0
for svc in normalizer extractor writer; do
  kills_by+="${kills_by:+, }$svc ${KILLED[$svc]:-0}"
  total_kills=$((total_kills + ${KILLED[$svc]:-0}))
done
assign=$(cat "$WORK"/*.log 2>/dev/null | grep -c '"partitions \(assigned\|revoked\|lost\)')
aborts=$(cat "$WORK"/*.log 2>/dev/null | grep -c 'aborted transaction; its records will be read again')
retries=$(cat "$WORK"/writer-*.log 2>/dev/null | grep -c '"could not store batch"')
offretries=$(cat "$WORK"/writer-*.log 2>/dev/null | grep -c '"could not read offsets from the database"')
echo "chaos: kills $total_kills ($kills_by); broker restart ${broker_s}s; PostgreSQL outage ${outage_s}s;" \
  "joins $joins, leaves $leaves; assignment changes logged $assign; aborted transactions $aborts;" \
  "writer: batches that could not be stored $retries, offset reads that failed $offretries"
echo "chaos: raw $raw_n, normalized $norm_n ($norm_d distinct), enriched $enr_n ($enr_d distinct), dlq $dlq_n"
echo "chaos: clean run vs PostgreSQL: entities ${R[exp_entities]:-?} / ${R[got_entities]:-?}," \
  "mentions ${R[exp_mentions]:-?} / ${R[got_mentions]:-?}, article entities ${R[exp_links]:-?} / ${R[got_links]:-?}," \
  "differing mentions ${R[mention_diff]:-?}, differing bodies ${R[body_diff]:-?}, rewritten rows ${R[rewritten]:-?}"
echo "chaos: seed $SEED, took $(elapsed), $([[ $STATUS == 0 ]] && echo PASS || echo FAIL)"
if [[ $STATUS != 0 || $KEEP == 1 ]]; then
  echo "chaos: logs kept in $WORK, database $DB kept"
fi
SUMMARY_DONE=1
echo "articles $N, stored $st, duplicates $dups, lost $lost"
exit $STATUS

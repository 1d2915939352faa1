#!/usr/bin/env bash
# test_bad_inputs.sh — the catalogue of bad inputs (tests/fixtures/bad/ and
# a few generated at run time), through the whole pipeline against the
# real Kafka broker and PostgreSQL of the local stack: 6 partitions, 2
# normalizers, 2 extractors, 2 writers. Every input goes to partition 0 of
# the raw topic, in order, and a good article goes last on the same
# partition. Each input must be either stored as `tinpipe process` makes
# it offline (and verbatim where it says so) or dead-lettered with the
# stage and tp.error.class below; nothing may crash a daemon or block the
# partition (the good article behind them arrives); every daemon is alive
# at the end and exits 0 on SIGTERM (with sanitizers: no leak, no UB).
#
#   input                                   expected outcome
#   invalid_utf8.txt  (\xff\xfe, \xc3\x28)   dead letter normalizer/encoding
#   nul_bytes.txt     (NULs in UTF-8 text)   dead letter normalizer/encoding
#   empty.txt         (no bytes)             dead letter normalizer/empty
#   too_large         (2 MiB, limit 1 MiB)   dead letter normalizer/too_large
#   binary_garbage.bin (4 KiB of SHA-256)    dead letter normalizer/encoding
#   wrong_types.json  (url: number, ...)     dead letter normalizer/schema
#   deep.html         (20,000 nested divs)   dead letter normalizer/html
#                                            (refused before parsing: gumbo
#                                            is quadratic on deep nesting)
#   tcvn3.txt         (TCVN3/ABC bytes)      stored, decoded to Unicode
#   sql_text.json     ('); DROP TABLE ...)   stored, title and body verbatim
#   long_line.txt     (100,000 characters,   stored, body of 100,000 characters
#                      one line)
#   good_after.txt                           stored (produced last)
# and, at the later stages: a record on the normalized topic that is not an
# event (dead letter extractor/json) and an event whose article_id is a
# number on the enriched topic (dead letter writer/schema), each followed on
# its partition by good records that must still be stored.
#
# Needs TP_KAFKA_BOOTSTRAP and TP_PG_CONNINFO (tests/run.sh starts the
# stack); skips (77) without them. Last line:
#   articles N, stored N, duplicates 0, lost 0
# where N counts the inputs that must be stored, stored those found in
# PostgreSQL as expected, duplicates extra rows or extra dead letters of
# one input, lost the inputs neither stored nor dead-lettered as expected.
set -uo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
tp_need_kafka
tp_need_pg
tp_need_tools kcat psql python3 timeout
tp_require_bin tinpipe tinpipe-normalizer tinpipe-extractor tinpipe-writer
FIX=$tp_src/tests/fixtures/bad
B=$TP_KAFKA_BOOTSTRAP
S=$(tp_unique bad)
DB=$S
tp_workdir tp-bad
WORK=$tp_work
declare -A PID=()
STATUS=0

fail() { echo "FAIL: $*"; STATUS=1; }
die() {
  echo "FAIL: $*"
  exit 1
}
# At exit: the daemons killed, and on failure the end of each log.
# shellcheck disable=SC2317 # called by lib.sh's EXIT trap
stop_all() {
  local rc=$1 k f
  for k in "${!PID[@]}"; do kill -9 "${PID[$k]}" 2>/dev/null; done
  if [[ $rc -ne 0 ]]; then
    for f in "$WORK"/*.log; do
      [[ -f $f ]] || continue
      echo "---- $(basename "$f") (last 10 lines)"
      tail -n 10 "$f" | cut -c1-300
    done
  fi
}
tp_at_exit stop_all
pg() { timeout 60 psql "$TP_PG_CONNINFO dbname=$DB" -qAtX -v ON_ERROR_STOP=1 "$@"; }

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
  max_message_bytes: 1048576
  commit_interval_ms: 100
extractor:
  group_id: $S-extractor
  transactional_id: $S-extractor
  commit_interval_ms: 100
writer:
  group_id: $S-writer
  batch_timeout_ms: 100
  migrate_on_start: false
postgres:
  conninfo: \${TP_PG_CONNINFO} dbname=$DB
http:
  listen: "127.0.0.1:0"
log:
  level: info
  format: json
shutdown_timeout_ms: 10000
EOF
CONF=$WORK/tinpipe.yaml

# ---------------------------------------------------------------------------
# The catalogue: name, file, expectation ("dlq STAGE CLASS" or "stored")
# ---------------------------------------------------------------------------
python3 - "$WORK" <<'PY' || die "could not generate the large inputs"
import sys
w = sys.argv[1]
s = ("Ban Dân vận Tỉnh ủy Bắc Giang tổ chức hội nghị sơ kết công tác dân vận "
     "với 120 đại biểu tham dự, ")
open(w + "/long_line.txt", "w").write((s * (100000 // len(s) + 1))[:100000])
d = 20000
open(w + "/deep.html", "w").write(
    "<html><head><title>Hội nghị dân vận</title></head><body>" + "<div>" * d +
    "<p>Sáng 26/3, Ban Dân vận Tỉnh ủy Bắc Giang tổ chức hội nghị.</p>" +
    "</div>" * d + "</body></html>")
line = "Tin tức dân vận tỉnh Bắc Giang, hội nghị sơ kết năm 2024.\n"
open(w + "/too_large.txt", "w").write(line * (2 * 1048576 // len(line.encode()) + 1))
PY

names=(invalid_utf8 nul_bytes empty too_large binary_garbage wrong_types deep_html
       tcvn3 sql_text long_line good_after)
declare -A FILE=(
  [invalid_utf8]=$FIX/invalid_utf8.txt [nul_bytes]=$FIX/nul_bytes.txt
  [empty]=$FIX/empty.txt [too_large]=$WORK/too_large.txt
  [binary_garbage]=$FIX/binary_garbage.bin [wrong_types]=$FIX/wrong_types.json
  [deep_html]=$WORK/deep.html [tcvn3]=$FIX/tcvn3.txt [sql_text]=$FIX/sql_text.json
  [long_line]=$WORK/long_line.txt [good_after]=$FIX/good_after.txt)
declare -A CTYPE=([wrong_types]=application/json [sql_text]=application/json
                  [deep_html]=text/html)
declare -A WANT=(
  [invalid_utf8]="dlq normalizer encoding" [nul_bytes]="dlq normalizer encoding"
  [empty]="dlq normalizer empty" [too_large]="dlq normalizer too_large"
  [binary_garbage]="dlq normalizer encoding" [wrong_types]="dlq normalizer schema"
  [deep_html]="dlq normalizer html" [tcvn3]=stored [sql_text]=stored
  [long_line]=stored [good_after]=stored)

tp_create_db "$DB" || die "could not create database $DB"
timeout 120 "$tp_build/tinpipe" migrate --config "$CONF" >"$WORK/migrate.out" 2>&1 ||
  die "tinpipe migrate: $(cat "$WORK/migrate.out")"
timeout 120 "$tp_build/tinpipe" topics --config "$CONF" >"$WORK/topics.out" 2>&1 ||
  die "tinpipe topics: $(cat "$WORK/topics.out")"

for inst in normalizer-1 normalizer-2 extractor-1 extractor-2 writer-1 writer-2; do
  TP_INSTANCE_ID=$inst "$tp_build/tinpipe-${inst%-*}" --config "$CONF" >"$WORK/$inst.log" 2>&1 &
  PID[$inst]=$!
done

# produce TOPIC KEY FILE [CONTENT-TYPE]: one message to partition 0.
produce() {
  local hdr=()
  [[ -n ${4:-} ]] && hdr=(-H "content-type=$4")
  timeout 60 kcat -P -b "$B" -t "$1" -p 0 -k "$2" "${hdr[@]}" -Z \
    -X message.max.bytes=10485760 "$3" 2>>"$WORK/kcat.err"
}
for n in "${names[@]}"; do
  if [[ $n == empty ]]; then
    # kcat skips an empty file; "key:" with -Z is a message without a value.
    printf 'bad-empty:\n' | timeout 60 kcat -P -b "$B" -t "$S.raw" -p 0 -K: -Z 2>>"$WORK/kcat.err" ||
      fail "could not produce $n"
  else
    produce "$S.raw" "bad-$n" "${FILE[$n]}" "${CTYPE[$n]:-}" || fail "could not produce $n"
  fi
done
# Where each landed (key -> offset on partition 0).
declare -A OFFSET=()
while read -r o k; do
  [[ $k == bad-* ]] && OFFSET[${k#bad-}]=$o
done < <(timeout 60 kcat -C -b "$B" -t "$S.raw" -p 0 -e -q -f '%o %k\n' 2>/dev/null)
for n in "${names[@]}"; do
  [[ -n ${OFFSET[$n]:-} ]] || die "$n is not in the raw topic"
done
# The later stages: a non-event on normalized partition 0, an event with a
# numeric article_id on enriched partition 0, each followed by good
# records (the normalizer's and extractor's own output for good_after
# lands on whatever partition its key hashes to).
printf 'not an event' >"$WORK/not_event.txt"
printf '{"schema":"tinpipe.article/1","article_id":42,"body":"x"}' >"$WORK/bad_event.json"
produce "$S.normalized" bad-normalized "$WORK/not_event.txt" || fail "could not produce to normalized"
produce "$S.enriched" bad-enriched "$WORK/bad_event.json" || fail "could not produce to enriched"
"$tp_build/tinpipe" process --config "$CONF" --no-extract "$FIX/good_after.txt" 2>/dev/null |
  sed 's/"article_id":"[0-9a-f]*"/"article_id":"00000000000000000000000000000a01"/' \
    >"$WORK/good_normalized.json"
"$tp_build/tinpipe" process --config "$CONF" "$FIX/good_after.txt" 2>/dev/null |
  sed 's/"article_id":"[0-9a-f]*"/"article_id":"00000000000000000000000000000a02"/' \
    >"$WORK/good_enriched.json"
produce "$S.normalized" good-normalized "$WORK/good_normalized.json" || fail "could not produce to normalized"
produce "$S.enriched" good-enriched "$WORK/good_enriched.json" || fail "could not produce to enriched"
# Where the two bad records landed: the daemons already run, and their own
# output may reach partition 0 of those topics first.
offset_of() { # TOPIC KEY
  timeout 60 kcat -C -b "$B" -t "$1" -p 0 -e -q -f '%o %k\n' 2>/dev/null |
    awk -v k="$2" '$2 == k { print $1; exit }'
}
BAD_NORMALIZED=$(offset_of "$S.normalized" bad-normalized)
BAD_ENRICHED=$(offset_of "$S.enriched" bad-enriched)
[[ -n $BAD_NORMALIZED && -n $BAD_ENRICHED ]] ||
  die "the bad records are not in the normalized/enriched topics"
n_stored_want=$((4 + 2))

# ---------------------------------------------------------------------------
# Wait: the good records stored, the dead letters committed
# ---------------------------------------------------------------------------
n_dlq_want=0
for n in "${names[@]}"; do [[ ${WANT[$n]} == dlq* ]] && n_dlq_want=$((n_dlq_want + 1)); done
n_dlq_want=$((n_dlq_want + 2))
dlq_headers() {
  timeout 60 kcat -C -b "$B" -t "$S.dlq" -e -q -X isolation.level=read_committed \
    -f '%h\n' 2>/dev/null
}
deadline=$((SECONDS + 150))
while :; do
  st=$(pg -c "SELECT count(*) FROM articles" 2>/dev/null || echo 0)
  dl=$(dlq_headers | wc -l)
  [[ $st -ge $n_stored_want && $dl -ge $n_dlq_want ]] && break
  if [[ $SECONDS -ge $deadline ]]; then
    fail "after 150 s: $st of $n_stored_want articles stored, $dl of $n_dlq_want dead letters"
    break
  fi
  for inst in "${!PID[@]}"; do
    kill -0 "${PID[$inst]}" 2>/dev/null || die "$inst died ($(tail -n 3 "$WORK/$inst.log" | cut -c1-300))"
  done
  sleep 1
done
sleep 2 # anything extra would be committed by now

# ---------------------------------------------------------------------------
# Check each input
# ---------------------------------------------------------------------------
dlq_headers >"$WORK/dlq.headers"
# stage<TAB>class<TAB>source topic<TAB>source offset for each dead letter
python3 - "$WORK/dlq.headers" >"$WORK/dlq.tsv" <<'PY'
import re, sys
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    h = {}
    for k in ("tp.stage", "tp.error.class", "tp.source.topic", "tp.source.offset",
              "tp.source.partition"):
        m = re.search(r"(?:^|,)" + re.escape(k) + r"=([^,]*)", line)
        h[k] = m.group(1) if m else ""
    print("\t".join(h[k] for k in ("tp.stage", "tp.error.class", "tp.source.topic",
                                   "tp.source.partition", "tp.source.offset")))
PY
# dlq_of TOPIC OFFSET: "stage class" of the dead letters of one input.
dlq_of() { awk -F'\t' -v t="$1" -v o="$2" '$3 == t && $4 == 0 && $5 == o {print $1, $2}' "$WORK/dlq.tsv"; }

# What tinpipe process makes of each stored input, offline.
offline() { # FILE CONTENT-TYPE -> title<US>body as JSON strings
  local f=$1
  if [[ ${2:-} == application/json ]]; then
    "$tp_build/tinpipe" process --config "$CONF" --jsonl "$f"
  else
    "$tp_build/tinpipe" process --config "$CONF" "$f"
  fi 2>/dev/null
}

stored_ok=0 dlq_ok=0 dups=0 lost=0 n_must_store=0
report=()
for n in "${names[@]}"; do
  o=${OFFSET[$n]}
  got_dlq=$(dlq_of "$S.raw" "$o")
  rows=$(pg -c "SELECT count(*) FROM articles WHERE source_topic = '$S.raw' AND source_partition = 0 AND source_offset = $o")
  if [[ ${WANT[$n]} == stored ]]; then
    n_must_store=$((n_must_store + 1))
    [[ -z $got_dlq ]] || fail "$n: dead-lettered ($got_dlq), want stored"
    if [[ $rows == 0 ]]; then
      fail "$n: not stored"
      lost=$((lost + 1))
      continue
    fi
    [[ $rows == 1 ]] || { fail "$n: $rows rows"; dups=$((dups + rows - 1)); }
    # Stored exactly as tinpipe process makes it offline.
    offline "${FILE[$n]}" "${CTYPE[$n]:-}" >"$WORK/$n.offline.json"
    same=$(pg -v off="$o" -v topic="$S.raw" <<SQL
CREATE TEMP TABLE o (e jsonb);
\copy o FROM '$WORK/$n.offline.json' WITH (FORMAT csv, QUOTE e'\x01', DELIMITER e'\x02')
SELECT count(*) FROM o, articles a
 WHERE a.source_topic = :'topic' AND a.source_partition = 0 AND a.source_offset = :off
   AND a.body = o.e ->> 'body' AND a.title IS NOT DISTINCT FROM o.e ->> 'title'
   AND a.event -> 'entities' = o.e -> 'entities';
SQL
)
    if [[ $same == 1 ]]; then
      stored_ok=$((stored_ok + 1))
      report+=("$n: stored as tinpipe process makes it")
    else
      fail "$n: stored, but not as tinpipe process makes it offline"
    fi
  else
    read -r _ stage cls <<<"${WANT[$n]}"
    k=$(printf '%s\n' "$got_dlq" | grep -c . )
    [[ $rows == 0 ]] || fail "$n: stored ($rows rows), want a dead letter"
    if [[ $got_dlq == "$stage $cls" ]]; then
      dlq_ok=$((dlq_ok + 1))
      report+=("$n: dead letter $stage/$cls")
    elif [[ -z $got_dlq ]]; then
      fail "$n: no dead letter (want $stage/$cls)"
      lost=$((lost + 1))
    else
      # shellcheck disable=SC2086,SC2116 # the unquoted echo joins the lines
      fail "$n: dead letters '$(echo $got_dlq)', want one $stage/$cls"
      [[ $k -gt 1 ]] && dups=$((dups + k - 1))
    fi
  fi
done

# Verbatim and decoded contents.
sql="'); DROP TABLE articles;--"
[[ $(pg -v s="$sql" <<<"SELECT count(*) FROM articles WHERE title = 'Robert' || :'s' AND strpos(body, :'s') > 0;") == 1 ]] ||
  fail "sql_text: title and body do not hold \"$sql\" verbatim"
[[ $(pg -c "SELECT count(*) FROM pg_tables WHERE tablename = 'articles'") == 1 ]] || fail "the articles table is gone"
[[ $(pg -c "SELECT count(*) FROM articles WHERE body LIKE 'Sáng 26/3, Ban Dân vận Tỉnh ủy Thanh H%a tổ chức%'") == 1 ]] ||
  fail "tcvn3: the body is not the decoded Vietnamese text"
[[ $(pg -c "SELECT count(*) FROM articles WHERE char_length(body) = 100000 AND position(E'\n' IN body) = 0") == 1 ]] ||
  fail "long_line: no body of 100,000 characters on one line"
[[ $(pg -c "SELECT count(*) FROM articles WHERE strpos(body, chr(65533)) > 0") == 0 ]] ||
  fail "a stored body holds U+FFFD"

# The later stages.
[[ $(dlq_of "$S.normalized" "$BAD_NORMALIZED") == "extractor json" ]] ||
  fail "non-event on the normalized topic: dead letters '$(dlq_of "$S.normalized" "$BAD_NORMALIZED")', want extractor/json"
[[ $(dlq_of "$S.enriched" "$BAD_ENRICHED") == "writer schema" ]] ||
  fail "numeric article_id on the enriched topic: dead letters '$(dlq_of "$S.enriched" "$BAD_ENRICHED")', want writer/schema"
for id in 00000000000000000000000000000a01 00000000000000000000000000000a02; do
  if [[ $(pg -c "SELECT count(*) FROM articles WHERE article_id = '$id'") != 1 ]]; then
    fail "the good record behind the bad one ($id) is not stored"
    lost=$((lost + 1))
  fi
done
[[ $(wc -l <"$WORK/dlq.tsv") == "$n_dlq_want" ]] ||
  fail "$(wc -l <"$WORK/dlq.tsv") dead letters, want $n_dlq_want"
[[ $(pg -c "SELECT count(*) - count(DISTINCT article_id) FROM articles") == 0 ]] || fail "duplicate rows"

# Every daemon alive, then SIGTERM: exit 0 (sanitizers report at exit).
for inst in "${!PID[@]}"; do
  kill -0 "${PID[$inst]}" 2>/dev/null || fail "$inst is not running"
done
for inst in "${!PID[@]}"; do kill -TERM "${PID[$inst]}" 2>/dev/null; done
for inst in "${!PID[@]}"; do
  for ((i = 0; i < 200; i++)); do kill -0 "${PID[$inst]}" 2>/dev/null || break; sleep 0.1; done
  rc=0
  wait "${PID[$inst]}" || rc=$?
  [[ $rc == 0 ]] || fail "$inst exited $rc after SIGTERM"
  unset "PID[$inst]"
done
if grep -l 'AddressSanitizer\|runtime error:\|LeakSanitizer' "$WORK"/*.log >/dev/null 2>&1; then
  fail "sanitizer reports in $(grep -l 'AddressSanitizer\|runtime error:\|LeakSanitizer' "$WORK"/*.log | xargs -n1 basename | tr '\n' ' ')"
fi

printf '  %s\n' "${report[@]}"
echo "bad inputs ${#names[@]} on raw partition 0 (+2 at later stages): $stored_ok stored as offline, $dlq_ok dead-lettered with the expected class"
stored=$(pg -c "SELECT count(*) FROM articles")
echo "articles $n_stored_want, stored $stored, duplicates $dups, lost $lost"
[[ $stored == "$n_stored_want" ]] || fail "stored $stored, want $n_stored_want"
exit $STATUS

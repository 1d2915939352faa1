#!/usr/bin/env bash
# deploy/demo.sh — the main job on one machine, in one command: installs
# what is missing, builds, starts a local Kafka broker and PostgreSQL, runs
# the three daemons, feeds them the sample articles and shows what landed.
#
#   deploy/demo.sh          run the demo (leaves everything running)
#   deploy/demo.sh stop     stop the daemons and the local stack
#
# Environment: TP_KAFKA_PORT [19092], TP_PG_PORT [15432], TP_STACK_DIR
# [.stack], TP_DEMO_ARTICLES (a directory of articles to ingest instead of
# the samples).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
export TP_STACK_DIR=${TP_STACK_DIR:-$repo/.stack}
build=$repo/build
run_dir=$TP_STACK_DIR/demo
config=$repo/deploy/tinpipe.yaml
daemons=(tinpipe-normalizer tinpipe-extractor tinpipe-writer)

# Sends SIGTERM to the demo's daemons and waits for them to exit.
stop_daemons() {
  for d in "${daemons[@]}"; do
    local pidfile=$run_dir/$d.pid
    [[ -f $pidfile ]] || continue
    local pid
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
  done
}

if [[ ${1:-} == stop ]]; then
  stop_daemons
  deploy/stack.sh stop
  echo "stopped: daemons and local stack (data kept in $TP_STACK_DIR; 'deploy/stack.sh clean' removes it)"
  exit 0
fi

echo "== 1/6 dependencies"
deploy/install-deps.sh

echo "== 2/6 build"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTP_SANITIZE=OFF -DTP_FUZZ=OFF >/dev/null
cmake --build "$build" --target tinpipe-cli tinpipe-normalizer tinpipe-extractor tinpipe-writer | tail -n 1

echo "== 3/6 local stack"
deploy/stack.sh start
eval "$(deploy/stack.sh env)"
export TP_KAFKA_BOOTSTRAP TP_PG_CONNINFO
tp=$build/tinpipe
"$tp" migrate --config "$config"
"$tp" topics --config "$config"

echo "== 4/6 daemons"
mkdir -p "$run_dir"
stop_daemons
for d in "${daemons[@]}"; do
  TP_INSTANCE_ID=demo-1 TP_HTTP_LISTEN=127.0.0.1:0 \
    nohup "$build/$d" --config "$config" >"$run_dir/$d.log" 2>&1 &
  echo $! >"$run_dir/$d.pid"
  echo "started $d (pid $!, log $run_dir/$d.log)"
done

echo "== 5/6 ingest"
articles=()
if [[ -n ${TP_DEMO_ARTICLES:-} ]]; then
  articles=("$TP_DEMO_ARTICLES"/*)
else
  [[ -d $repo/../shared/seeds ]] && articles+=("$repo"/../shared/seeds/*.txt)
  articles+=("$repo"/tests/fixtures/articles/*)
fi
psql_q() { psql "$TP_PG_CONNINFO" -X -q -At -c "$1"; }
# The ids the pipeline will store are the ones `tinpipe process` computes
# offline for the same files; wait until PostgreSQL holds all of them (so
# a second run, whose articles are already stored, waits too).
ids=$("$tp" process "${articles[@]}" 2>/dev/null |
      grep -o '"article_id":"[0-9a-f]*"' | cut -d'"' -f4 | sort -u || true)
expected=$(printf '%s\n' "$ids" | grep -c . || true)
id_list=$(printf "'%s'," $ids)
"$tp" produce --config "$config" --topic articles.raw "${articles[@]}"
echo "waiting for the pipeline to store $expected articles (up to 120 s) ..."
stored=0
for _ in $(seq 1 240); do
  stored=$(psql_q "select count(*) from articles where article_id in (${id_list%,})")
  (( stored >= expected )) && break
  sleep 0.5
done
echo "stored $stored of $expected articles"

echo "== 6/6 what landed in PostgreSQL"
psql "$TP_PG_CONNINFO" -X -P pager=off <<'SQL'
\echo 'articles'
select count(*) as articles, min(published_at)::date as oldest,
       max(published_at)::date as newest from articles;
\echo 'entities by type'
select type, count(*) as entities from entities group by type order by 2 desc;
\echo 'a few articles'
select left(title, 70) as title, published_at::date as published,
       array_to_string(authors, ', ') as authors
from articles order by published_at limit 5;
\echo 'officials and their positions'
select e.name as person, left(string_agg(distinct p.title, '; '), 90) as positions
from person_positions p join entities e on e.id = p.person_id
group by e.name order by e.name limit 10;
\echo 'documents cited, by number of articles'
select e.name as document, count(distinct m.article_id) as articles
from entities e join mentions m on m.entity_id = e.id
where e.type = 'document' group by e.name order by 2 desc, 1 limit 10;
\echo 'citations by province and month (view document_citations_by_province_month)'
select document_key, province, month, articles
from document_citations_by_province_month order by articles desc, 1, 2 limit 10;
SQL
dl=$("$tp" dlq list --config "$config" 2>/dev/null | grep -c . || true)
echo "dead letters: $dl ('$tp dlq list --config $config' shows them)"
cat <<MSG

Query it yourself:
  psql "$TP_PG_CONNINFO"
  e.g. every article citing a document, by province and month:
    select province, month, articles, article_ids
    from document_citations_by_province_month
    where document_key = 'document:290-QĐ/TW';
  (schema and more queries: services/writer/README.md)
Process files offline, no servers: $tp process ../shared/seeds/*.txt
Metrics: each daemon serves /metrics, /healthz, /readyz (see its log for the port).
Stop everything: deploy/demo.sh stop
MSG

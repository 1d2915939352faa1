#!/usr/bin/env bash
# deploy/kafka/entrypoint.sh — start a single-node Kafka 3.9.1 (KRaft,
# broker and controller in one process) in a container.
#
# It writes server.properties from the shared single-node settings
# (server-common.properties, the same ones deploy/stack.sh uses) and the
# environment below, formats the storage on the first start, and execs the
# broker so that it is PID 1 and gets SIGTERM for a controlled shutdown.
#
# Environment (defaults in brackets):
#   KAFKA_NODE_ID              [1]
#   KAFKA_PORT                 client listener, all addresses [9092]
#   KAFKA_CONTROLLER_PORT      controller listener, loopback only [9093]
#   KAFKA_ADVERTISED_HOST      the name clients reach the broker by [kafka]
#   KAFKA_LISTENERS            override the listeners line entirely
#   KAFKA_ADVERTISED_LISTENERS override the advertised.listeners line
#   KAFKA_CLUSTER_ID           cluster id for the first format [random]
#   KAFKA_DATA_DIR             log.dirs, a volume [/var/lib/kafka/data]
#   KAFKA_HEAP_OPTS            [-Xmx512m -Xms256m]
#   KAFKA_CFG_<NAME>           any broker setting: KAFKA_CFG_LOG_RETENTION_HOURS=24
#                              becomes log.retention.hours=24 (applied last)
#   KAFKA_LIBS, KAFKA_ETC      where the jars and the config templates are
#                              [/opt/kafka/libs, /opt/kafka/config]
#
# Any other command line (`docker run IMAGE bash`) runs instead of the broker.
set -euo pipefail

if (($# > 0)); then
  exec "$@"
fi

KAFKA_NODE_ID=${KAFKA_NODE_ID:-1}
KAFKA_PORT=${KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}
KAFKA_ADVERTISED_HOST=${KAFKA_ADVERTISED_HOST:-kafka}
KAFKA_LISTENERS=${KAFKA_LISTENERS:-PLAINTEXT://0.0.0.0:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT}
KAFKA_ADVERTISED_LISTENERS=${KAFKA_ADVERTISED_LISTENERS:-PLAINTEXT://$KAFKA_ADVERTISED_HOST:$KAFKA_PORT}
KAFKA_DATA_DIR=${KAFKA_DATA_DIR:-/var/lib/kafka/data}
KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xmx512m -Xms256m}
KAFKA_LIBS=${KAFKA_LIBS:-/opt/kafka/libs}
KAFKA_ETC=${KAFKA_ETC:-/opt/kafka/config}
# The generated config lives beside the data, where the broker's user may
# write (the image's filesystem is not writable by it).
CONF=$(dirname -- "$KAFKA_DATA_DIR")/server.properties

log() { printf 'entrypoint: %s\n' "$*" >&2; }

# new_cluster_id: 16 random bytes in Kafka's URL-safe base64 form, not
# starting with '-' (Kafka's own rule: such ids read as options).
new_cluster_id() {
  local id
  while :; do
    id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
    [[ $id == -* ]] || break
  done
  printf '%s\n' "$id"
}

mkdir -p -- "$KAFKA_DATA_DIR"

# server.properties: shared single-node settings, this node, then every
# KAFKA_CFG_* variable (later lines win in a properties file).
{
  printf '# Written by entrypoint.sh at every start.\n\n'
  cat -- "$KAFKA_ETC/server-common.properties"
  printf '\n# This node.\n'
  printf 'node.id=%s\n' "$KAFKA_NODE_ID"
  printf 'controller.quorum.voters=%s@127.0.0.1:%s\n' "$KAFKA_NODE_ID" "$KAFKA_CONTROLLER_PORT"
  printf 'listeners=%s\n' "$KAFKA_LISTENERS"
  printf 'advertised.listeners=%s\n' "$KAFKA_ADVERTISED_LISTENERS"
  printf 'log.dirs=%s\n' "$KAFKA_DATA_DIR"
  printf '\n# From KAFKA_CFG_* variables.\n'
  while IFS='=' read -r name value; do
    key=${name#KAFKA_CFG_}
    key=${key,,}
    printf '%s=%s\n' "${key//_/.}" "$value"
  done < <(env | grep '^KAFKA_CFG_[A-Z0-9_]*=' | sort)
} >"$CONF"

# Format once: meta.properties marks formatted storage.
if [[ ! -f $KAFKA_DATA_DIR/meta.properties ]]; then
  cluster_id=${KAFKA_CLUSTER_ID:-$(new_cluster_id)}
  log "formatting $KAFKA_DATA_DIR for cluster $cluster_id"
  java -cp "$KAFKA_LIBS/*" -Dlog4j.configuration="file:$KAFKA_ETC/log4j.properties" \
    kafka.tools.StorageTool format -t "$cluster_id" -c "$CONF" --ignore-formatted
fi

log "starting Kafka: $KAFKA_ADVERTISED_LISTENERS (node $KAFKA_NODE_ID)"
# shellcheck disable=SC2086 # KAFKA_HEAP_OPTS holds several JVM options.
exec java $KAFKA_HEAP_OPTS \
  -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
  -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
  -Dlog4j.configuration="file:$KAFKA_ETC/log4j.properties" \
  -cp "$KAFKA_LIBS/*" kafka.Kafka "$CONF"

/*
 * tp/writer.h — the writer's loop: consume enriched article events and
 * store them in PostgreSQL exactly once (services/writer/README.md).
 *
 * The database, not Kafka, holds the truth about what was consumed: each
 * batch of events is stored together with the partitions' next offsets in
 * one transaction (tp_sink_pg_store), and on assignment the consumer seeks
 * to the offsets the database holds (the beginning when it holds none).
 * Kafka's committed offsets are written after each database commit too,
 * for lag monitoring only.
 *
 * Per message: larger than writer.max_message_bytes: dead letter
 * "too_large"; not a tinpipe.article/1 event: dead letter "json" or
 * "schema"; refused by the database as bad data (SQLSTATE class 22, 23,
 * 54): dead letter "db_data", alone, the rest of its batch is stored. A
 * dead letter is acknowledged by Kafka before the offset past it commits.
 *
 * Database outages (connection lost, serialization failure, deadlock,
 * shutdown, too many connections): every assigned partition is paused (no
 * more messages are fetched: memory stays bounded by one batch), the batch
 * is retried with exponential back-off and jitter between
 * writer.retry_initial_ms and writer.retry_max_ms, and consumption resumes
 * once it is stored. /readyz says not ready meanwhile.
 *
 * Ownership: tp_writer_new() borrows the config (it must outlive the
 * writer) and returns a handle the caller releases with
 * tp_writer_destroy(); tp_writer_destroy(NULL) is a no-op. stop is
 * borrowed; a signal handler sets it.
 */
#ifndef TP_WRITER_H
#define TP_WRITER_H

#include <signal.h>
#include <stddef.h>

#include "tp/config.h"
#include "tp/err.h"

typedef struct tp_writer tp_writer_t;

/* Creates the Kafka consumer (subscribed to topics.enriched), the
 * dead-letter producer and the database sink (not connected yet). NULL
 * with errstr when a client cannot be created. */
tp_writer_t *tp_writer_new(const tp_config_t *c, volatile sig_atomic_t *stop,
                           char *errstr, size_t errstr_size);

/* Runs until *stop is set (then stores the batch in hand, within
 * shutdown_timeout_ms, closes the consumer and returns TP_OK) or a fatal
 * error (TP_ERR_FATAL: missing schema, permission denied, fenced
 * consumer). Applies pending migrations first when
 * writer.migrate_on_start. */
tp_err_t tp_writer_run(tp_writer_t *w);

void tp_writer_destroy(tp_writer_t *w);

#endif

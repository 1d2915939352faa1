/*
 * tp/stage.h — the transactional stage loop that the normalizer and the
 * extractor are made of: consume from one topic, transform each record,
 * produce the result (or a dead letter) to another topic, and commit the
 * consumed offsets in the same Kafka transaction.
 *
 * One loop, one thread: the consumer is polled, records are collected into
 * a transaction until stage.batch_size records or stage.commit_interval_ms
 * have passed, then the input offsets are sent to the transaction
 * (rd_kafka_send_offsets_to_transaction with the group metadata) and it is
 * committed. Per record:
 *   - larger than stage.max_message_bytes: dead letter "too_large", the
 *     transform is not called;
 *   - empty value: dead letter "empty";
 *   - transform returns TP_OK: output to the out topic, key = the output's
 *     key (the article id) or else the input key;
 *   - TP_ERR_INPUT: dead letter with the error's class and reason;
 *   - TP_ERR_RETRY: the transform is called again, up to three times with a
 *     short back-off, then the record is dead-lettered (tp.attempts = 3);
 *   - TP_ERR_FATAL: the transaction is aborted and tp_stage_run() returns
 *     TP_ERR_FATAL.
 * The arena is reset after every record.
 *
 * Failures: an abortable transaction error (broker restart, rebalance,
 * timeout) aborts the transaction and rewinds every assigned partition to
 * its committed offset, then the loop goes on: nothing is lost (the input
 * is read again) and nothing is duplicated (read_committed readers never
 * see the aborted output). A fatal error (fenced by a newer instance with
 * the same transactional.id, authorization) ends the loop with
 * TP_ERR_FATAL; the process should exit non-zero so its replacement takes
 * over. Rebalances are cooperative (incremental); before partitions are
 * revoked the open transaction is committed, or aborted when that fails or
 * the partitions were lost.
 *
 * Shutdown: once *opts.stop is non-zero the loop finishes the open
 * transaction (commit, else abort) within config.shutdown_timeout_ms,
 * closes the consumer (leaving the group), flushes the producer and
 * returns TP_OK.
 *
 * Metrics (tp/metrics.h): tp_messages_consumed_total{stage,topic},
 * tp_messages_produced_total{stage,topic}, tp_errors_total{stage,class},
 * tp_processing_seconds{stage}, tp_transaction_seconds{stage},
 * tp_consumer_lag{stage,topic,partition} (every 5 s); dead letters
 * are counted by tp_dlq_send(). /healthz's heartbeat is beaten once per
 * poll, /readyz is ready while the loop runs.
 *
 * Ownership: tp_stage_new() copies what it needs from opts except config,
 * opaque and stop, which must outlive the stage. It returns a handle the
 * caller releases with tp_stage_destroy(); tp_stage_destroy(NULL) is a
 * no-op. What the transform returns in out must live until the next arena
 * reset (the stage copies it into the producer).
 */
#ifndef TP_STAGE_H
#define TP_STAGE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include <librdkafka/rdkafka.h>

#include "tp/arena.h"
#include "tp/config.h"
#include "tp/err.h"

/* What a transform produces for one record. */
typedef struct tp_stage_output {
    const char *value; /* bytes to produce */
    size_t len;
    const char *key; /* NULL: the input record's key */
    size_t key_len;
} tp_stage_output_t;

/* Turns one input record into one output record. Allocates from arena
 * only. Returns TP_OK with out filled, or an error with err filled. */
typedef tp_err_t (*tp_stage_transform_fn)(void *opaque, tp_arena_t *arena,
                                          const rd_kafka_message_t *in,
                                          tp_stage_output_t *out,
                                          tp_error_t *err);

typedef struct tp_stage_opts {
    const char *name;               /* "normalizer": logs, metrics, tp.stage */
    const tp_config_t *config;      /* kafka, topics.dlq, shutdown timeout */
    const tp_stage_config_t *stage; /* group, transactional id, limits */
    const char *in_topic;
    const char *out_topic;
    tp_stage_transform_fn transform;
    void *opaque; /* passed to transform */
    const volatile sig_atomic_t *stop; /* the loop ends once *stop != 0 */
    const char *instance_id; /* NULL: tp_kafka_instance_id() */
} tp_stage_opts_t;

/* Counters of one stage since tp_stage_new(), for logs and tests. */
typedef struct tp_stage_stats {
    uint64_t consumed;     /* records handled (including re-reads) */
    uint64_t produced;     /* outputs queued */
    uint64_t dead_letters; /* dead letters queued */
    uint64_t commits;      /* transactions committed */
    uint64_t aborts;       /* transactions aborted (then rewound) */
} tp_stage_stats_t;

typedef struct tp_stage tp_stage_t;

/* Creates the consumer and the transactional producer (transactional.id =
 * stage.transactional_id + "-" + instance id; initializing it fences an
 * older process with that id). On error returns NULL with errstr (a bad
 * kafka property names its key). */
tp_stage_t *tp_stage_new(const tp_stage_opts_t *opts, char *errstr,
                         size_t errstr_size);

/* Runs until *opts.stop, then shuts down as described above. Returns TP_OK
 * after a clean shutdown, TP_ERR_FATAL when the stage must not go on (the
 * reason was logged). Call once. */
tp_err_t tp_stage_run(tp_stage_t *s);

/* Copies the counters into out. */
void tp_stage_stats(const tp_stage_t *s, tp_stage_stats_t *out);

void tp_stage_destroy(tp_stage_t *s);

/* A daemon's whole life with one stage: creates it from opts, runs it,
 * releases it, and returns the process exit status (0 after a clean
 * shutdown, 1 when the clients could not be created or a fatal error
 * stopped the stage; the reason is logged). */
int tp_stage_main(const tp_stage_opts_t *opts);

#endif

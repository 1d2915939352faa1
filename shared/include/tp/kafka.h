/*
 * tp/kafka.h — Kafka clients built from tinpipe's configuration, the
 * helpers that read a message's headers, and the dead-letter producer.
 *
 * Clients: every property of config->kafka, then the stage's own kafka
 * overrides, go to rd_kafka_conf_set() untouched; an unknown key or a bad
 * value is an error that names the key. On top of that:
 *   consumers   group.id from the stage, partition.assignment.strategy
 *               cooperative-sticky, auto.offset.reset earliest (both may be
 *               overridden), and always enable.auto.commit=false,
 *               enable.auto.offset.store=false, isolation.level=
 *               read_committed, enable.partition.eof=false;
 *   producers   always enable.idempotence=true; with a transactional id,
 *               transactional.id=<id>.
 * librdkafka's logs and client errors go to tp_log().
 *
 * Instance ids: a transactional stage appends tp_kafka_instance_id() to its
 * transactional_id prefix. The id must stay the same when a replica is
 * restarted (so that the new process fences the old one's transaction) and
 * differ between replicas running at the same time: it is TP_INSTANCE_ID
 * when set, else the host name (one replica per container or pod).
 *
 * Dead letters (tp_dlq_*): value = the original bytes, key = the original
 * key, headers = tp.stage, tp.error.class, tp.error.reason,
 * tp.source.topic, tp.source.partition, tp.source.offset, tp.attempts,
 * tp.time (ISO 8601, UTC), then every original header. A value larger than
 * the producer's message.max.bytes less 64 KiB is cut to that size and
 * gets a header tp.truncated = the original length. Each dead letter is
 * logged once (warn) with its source topic/partition/offset and class, and
 * tp_dead_letters_total{stage,class} rises.
 *
 * Ownership: functions that return rd_kafka_conf_t or rd_kafka_t give the
 * caller an owned object; tp_kafka_consumer_new() and
 * tp_kafka_producer_new() take ownership of conf, even when they fail.
 * tp_dlq_new() returns a handle (with its own idempotent producer) the
 * caller releases with tp_dlq_destroy(); tp_dlq_new_borrowed() borrows a
 * producer (e.g. a transactional one, so that the dead letter is part of
 * the transaction) that must outlive the handle. tp_dlq_destroy(NULL) is a
 * no-op. Strings from tp_kafka_header_get() and tp_kafka_raw_article()
 * live in the arena given. A tp_dlq_t is used by one thread at a time.
 */
#ifndef TP_KAFKA_H
#define TP_KAFKA_H

#include <stddef.h>
#include <stdint.h>

#include <librdkafka/rdkafka.h>

#include "tp/arena.h"
#include "tp/article.h"
#include "tp/config.h"
#include "tp/err.h"

/*
 * Clients
 */

/* Returns a conf holding config->kafka then stage->kafka (stage may be
 * NULL), with tinpipe's log and error callbacks. On error returns NULL and
 * writes `kafka property "KEY": reason` into errstr. */
rd_kafka_conf_t *tp_kafka_conf_new(const tp_config_t *c,
                                   const tp_stage_config_t *stage,
                                   char *errstr, size_t errstr_size);

/* Returns a consumer conf for stage (group.id and the settings above).
 * The caller may add callbacks (rebalance, opaque) before
 * tp_kafka_consumer_new(). */
rd_kafka_conf_t *tp_kafka_consumer_conf_new(const tp_config_t *c,
                                            const tp_stage_config_t *stage,
                                            char *errstr, size_t errstr_size);

/* Creates a consumer from conf (owned by the call) and redirects the main
 * queue to the consumer queue, so rd_kafka_consumer_poll() serves
 * everything. NULL with errstr on error. */
rd_kafka_t *tp_kafka_consumer_new(rd_kafka_conf_t *conf, char *errstr,
                                  size_t errstr_size);

/* Closes a consumer (leaves its group) in a way librdkafka 2.0.2 survives.
 * librdkafka before 2.3.0 aborts in rd_kafka_destroy() of a
 * cooperative-sticky consumer that never received an assignment: the
 * assignor's state is still NULL and its destroy asserts on it (librdkafka
 * issue #4312; Debian 12 ships 2.0.2). When *assigned_once is 0 (the
 * caller's rebalance callback sets it on every assignment), this polls
 * until the first assignment arrives or timeout_ms pass, dropping what it
 * reads unprocessed (no offset moves, so the next owner reads it again),
 * then closes. Returns 1 when rd_kafka_destroy() is safe afterwards, 0
 * when the handle must be left for the process exit to reclaim. */
int tp_kafka_consumer_close(rd_kafka_t *rk, const int *assigned_once,
                            int timeout_ms);

/* Returns a producer conf: idempotent, and transactional when
 * transactional_id is not NULL. stage may be NULL. */
rd_kafka_conf_t *tp_kafka_producer_conf_new(const tp_config_t *c,
                                            const tp_stage_config_t *stage,
                                            const char *transactional_id,
                                            char *errstr, size_t errstr_size);

/* Creates a producer from conf (owned by the call). A transactional
 * producer is returned after rd_kafka_init_transactions() succeeded within
 * timeout_ms (it fences an older process with the same id). */
rd_kafka_t *tp_kafka_producer_new(rd_kafka_conf_t *conf, int timeout_ms,
                                  char *errstr, size_t errstr_size);

/* Writes this replica's instance id (TP_INSTANCE_ID, else the host name)
 * into buf and returns buf. */
const char *tp_kafka_instance_id(char *buf, size_t size);

/* Maps a librdkafka error to tinpipe's enum: fatal errors and
 * authorization/configuration errors are TP_ERR_FATAL, message-level
 * rejections (too large, invalid record) TP_ERR_INPUT, the rest
 * TP_ERR_RETRY. */
tp_err_t tp_kafka_err_class(rd_kafka_resp_err_t err);

/* Writes the current UTC time as "2025-07-01T08:30:00.123Z" (buf of at
 * least 32 bytes) and returns buf. */
const char *tp_kafka_time_iso8601(char *buf, size_t size);

/*
 * Headers
 */

/* Returns the value of the last header called name as a NUL-terminated
 * copy in arena, or NULL when absent (or a null value). */
const char *tp_kafka_header_get(const rd_kafka_message_t *m,
                                const char *name, tp_arena_t *arena);

/* Fills out from m: value, key, the headers url, site, fetched_at,
 * published_at, title, content-type, and topic/partition/offset. Strings
 * are NUL-terminated copies in arena; data and key point into m. */
void tp_kafka_raw_article(const rd_kafka_message_t *m, tp_arena_t *arena,
                          tp_raw_article_t *out);

/*
 * Dead letters
 */

typedef struct tp_dlq tp_dlq_t;

/* Creates a dead-letter producer of its own (idempotent, not
 * transactional) for stage ("writer", ...) sending to config->topics.dlq.
 * NULL with errstr on error. */
tp_dlq_t *tp_dlq_new(const tp_config_t *c, const char *stage, char *errstr,
                     size_t errstr_size);

/* Creates a handle that sends with rk (borrowed; for a transactional
 * producer the caller has begun the transaction). */
tp_dlq_t *tp_dlq_new_borrowed(rd_kafka_t *rk, const tp_config_t *c,
                              const char *stage);

void tp_dlq_destroy(tp_dlq_t *d);

/* Queues orig as a dead letter for err (class and reason) after attempts
 * tries, logs it once and counts it. Returns TP_OK when queued (durable
 * only after tp_dlq_flush() or the transaction's commit), TP_ERR_RETRY when
 * the queue stayed full, TP_ERR_FATAL when the producer is unusable;
 * details in out (may be NULL). */
tp_err_t tp_dlq_send(tp_dlq_t *d, const rd_kafka_message_t *orig,
                     const tp_error_t *err, int attempts, tp_error_t *out);

/* Waits up to timeout_ms until every dead letter queued so far is
 * acknowledged. Returns TP_OK when all were delivered, TP_ERR_RETRY when
 * some are still in flight or failed (send them again), TP_ERR_FATAL when
 * the producer is unusable. With a borrowed producer this flushes it. */
tp_err_t tp_dlq_flush(tp_dlq_t *d, int timeout_ms, tp_error_t *out);

/* Dead letters queued through d since it was created. */
uint64_t tp_dlq_count(const tp_dlq_t *d);

/* The producer d sends with (borrowed). */
rd_kafka_t *tp_dlq_producer(tp_dlq_t *d);

#endif

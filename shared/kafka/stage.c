/*
 * stage.c — the transactional consume-transform-produce loop (tp/stage.h).
 *
 * The loop owns one consumer and one transactional producer. A transaction
 * is begun with the first record of a batch and ends with
 * send_offsets_to_transaction + commit_transaction, so the output records,
 * the dead letters and the input offsets become visible together or not at
 * all. Every error path ends in one of three places: the call is retried
 * (librdkafka says retriable), the transaction is aborted and the consumer
 * rewound to the committed offsets (abortable), or the loop stops with
 * TP_ERR_FATAL (fatal: fenced, or an error we cannot classify).
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tp/kafka.h"
#include "tp/log.h"
#include "tp/metrics.h"
#include "tp/stage.h"

/* What an attempt at a transactional call says to do next. */
typedef enum tp__txn_next {
    TP__TXN_OK = 0,
    TP__TXN_AGAIN, /* retriable: call it again */
    TP__TXN_ABORT, /* abort the transaction, rewind, go on */
    TP__TXN_FATAL, /* stop */
} tp__txn_next_t;

/* How often the transform is tried when it reports TP_ERR_RETRY. */
#define TP__TRANSFORM_ATTEMPTS 3
/* Longest single blocking call to librdkafka, in milliseconds. */
#define TP__CALL_TIMEOUT_MS 10000

struct tp_stage {
    char *name, *in_topic, *out_topic, *txid;
    const tp_config_t *config;
    const tp_stage_config_t *sc;
    tp_stage_transform_fn transform;
    void *opaque;
    const volatile sig_atomic_t *stop;

    rd_kafka_t *consumer, *producer;
    tp_dlq_t *dlq;
    tp_arena_t *arena;

    int txn_open;
    double txn_started;   /* tp__now() at begin_transaction */
    int txn_records;      /* records in the open transaction */
    rd_kafka_topic_partition_list_t *pending; /* next offsets to commit */
    double stop_deadline; /* tp__now() + shutdown timeout, once stopping */
    int fatal;            /* set where a fatal error is decided */
    int assigned_once;    /* an assignment arrived (tp_kafka_consumer_close) */
    int consumer_unsafe;  /* the consumer must not be destroyed (ditto) */
    double lag_at;        /* tp__now() of the last lag update */

    tp_stage_stats_t stats;
    tp_counter_t *m_consumed, *m_produced;
    tp_histogram_t *m_processing, *m_txn;
};

/* Monotonic seconds. */
static double tp__now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Notices a stop request and fixes the shutdown deadline once. */
static int tp__stopping(tp_stage_t *s)
{
    if (*s->stop && s->stop_deadline == 0)
        s->stop_deadline = tp__now() + s->config->shutdown_timeout_ms / 1000.0;
    return *s->stop != 0;
}

/* Milliseconds a blocking call may take now: bounded by the shutdown
 * deadline once stopping; 0 when the deadline has passed. */
static int tp__call_timeout(tp_stage_t *s)
{
    if (!tp__stopping(s))
        return TP__CALL_TIMEOUT_MS;
    double left = (s->stop_deadline - tp__now()) * 1000.0;
    if (left <= 0)
        return 0;
    return left < TP__CALL_TIMEOUT_MS ? (int)left : TP__CALL_TIMEOUT_MS;
}

/* Counts an error by class in tp_errors_total{stage,class}. */
static void tp__count_error(tp_stage_t *s, const char *cls)
{
    char labels[160];
    snprintf(labels, sizeof labels, "stage=\"%s\",class=\"%s\"", s->name, cls);
    tp_counter_inc(tp_metrics_counter("tp_errors_total",
                                      "Errors by stage and class", labels));
}

/* Classifies the result of a transactional call, logging what follows. */
static tp__txn_next_t tp__txn_result(tp_stage_t *s, rd_kafka_error_t *e,
                                     const char *what)
{
    if (!e)
        return TP__TXN_OK;
    tp__txn_next_t next;
    const char *then;
    if (rd_kafka_error_is_fatal(e)) {
        next = TP__TXN_FATAL;
        then = "stopping";
    } else if (rd_kafka_error_txn_requires_abort(e)) {
        next = TP__TXN_ABORT;
        then = "aborting the transaction and rewinding";
    } else if (rd_kafka_error_is_retriable(e)) {
        next = TP__TXN_AGAIN;
        then = "retrying";
    } else {
        next = TP__TXN_FATAL;
        then = "stopping (unexpected error)";
    }
    if (next == TP__TXN_AGAIN && tp__call_timeout(s) == 0) {
        next = TP__TXN_FATAL;
        then = "stopping (shutdown deadline passed)";
    }
    tp_log(next == TP__TXN_FATAL ? TP_LOG_ERROR : TP_LOG_WARN,
           "transaction call failed", "stage", s->name, "call", what,
           "transactional_id", s->txid, "error", rd_kafka_error_name(e),
           "reason", rd_kafka_error_string(e), "next", then, NULL);
    tp__count_error(s, "kafka");
    rd_kafka_error_destroy(e);
    if (next == TP__TXN_FATAL)
        s->fatal = 1;
    return next;
}

/* Forgets the offsets of the open transaction. */
static void tp__pending_clear(tp_stage_t *s)
{
    rd_kafka_topic_partition_list_destroy(s->pending);
    s->pending = rd_kafka_topic_partition_list_new(16);
}

/* Sets every assigned partition's position back to its committed offset
 * (the beginning when nothing was committed), so that records of an
 * aborted transaction are read again. Gives up (fatal) only at the
 * shutdown deadline, since going on without it would lose records. */
static tp_err_t tp__rewind(tp_stage_t *s)
{
    rd_kafka_topic_partition_list_t *a = NULL;
    rd_kafka_resp_err_t err = rd_kafka_assignment(s->consumer, &a);
    if (err || !a || a->cnt == 0) {
        if (a)
            rd_kafka_topic_partition_list_destroy(a);
        return TP_OK;
    }
    for (;;) {
        int tmo = tp__call_timeout(s);
        if (tmo == 0)
            break;
        err = rd_kafka_committed(s->consumer, a, tmo);
        for (int i = 0; !err && i < a->cnt; i++)
            if (a->elems[i].err)
                err = a->elems[i].err;
        if (!err) {
            for (int i = 0; i < a->cnt; i++)
                if (a->elems[i].offset < 0)
                    a->elems[i].offset = RD_KAFKA_OFFSET_BEGINNING;
            rd_kafka_error_t *e = rd_kafka_seek_partitions(s->consumer, a, tmo);
            if (!e) {
                for (int i = 0; !err && i < a->cnt; i++)
                    err = a->elems[i].err;
                if (!err) {
                    tp_log(TP_LOG_INFO,
                           "rewound assigned partitions to committed offsets",
                           "stage", s->name, NULL);
                    rd_kafka_topic_partition_list_destroy(a);
                    return TP_OK;
                }
            } else {
                err = rd_kafka_error_code(e);
                rd_kafka_error_destroy(e);
            }
        }
        tp_log(TP_LOG_WARN, "could not rewind to committed offsets; retrying",
               "stage", s->name, "error", rd_kafka_err2str(err), NULL);
        if (tp__call_timeout(s) > 0)
            usleep(200 * 1000);
    }
    rd_kafka_topic_partition_list_destroy(a);
    tp_log(TP_LOG_ERROR,
           "could not rewind before the shutdown deadline; stopping (the "
           "committed offsets are intact)",
           "stage", s->name, NULL);
    s->fatal = 1;
    return TP_ERR_FATAL;
}

/* Aborts the open transaction and, when rewind is set, rewinds. */
static tp_err_t tp__abort(tp_stage_t *s, int rewind)
{
    if (s->txn_open) {
        tp__txn_next_t next;
        do {
            next = tp__txn_result(
                s, rd_kafka_abort_transaction(s->producer, tp__call_timeout(s)),
                "abort_transaction");
        } while (next == TP__TXN_AGAIN);
        if (next != TP__TXN_OK) {
            s->fatal = 1;
            return TP_ERR_FATAL;
        }
        s->txn_open = 0;
        s->stats.aborts++;
        tp_log(TP_LOG_WARN, "aborted transaction; its records will be read again",
               "stage", s->name, NULL);
    }
    tp__pending_clear(s);
    s->txn_records = 0;
    return rewind ? tp__rewind(s) : TP_OK;
}

/* Sends the consumed offsets to the open transaction and commits it; on an
 * abortable error aborts and rewinds instead. Returns TP_OK (committed or
 * aborted and rewound) or TP_ERR_FATAL. */
static tp_err_t tp__commit(tp_stage_t *s)
{
    if (!s->txn_open)
        return TP_OK;
    tp__txn_next_t next = TP__TXN_OK;
    if (s->pending->cnt > 0) {
        do {
            rd_kafka_consumer_group_metadata_t *cg =
                rd_kafka_consumer_group_metadata(s->consumer);
            next = tp__txn_result(
                s,
                rd_kafka_send_offsets_to_transaction(s->producer, s->pending, cg,
                                                     tp__call_timeout(s)),
                "send_offsets_to_transaction");
            rd_kafka_consumer_group_metadata_destroy(cg);
        } while (next == TP__TXN_AGAIN);
    }
    while (next == TP__TXN_OK) {
        next = tp__txn_result(
            s, rd_kafka_commit_transaction(s->producer, tp__call_timeout(s)),
            "commit_transaction");
        if (next == TP__TXN_OK) {
            s->txn_open = 0;
            s->stats.commits++;
            tp_histogram_observe(s->m_txn, tp__now() - s->txn_started);
            tp__pending_clear(s);
            s->txn_records = 0;
            return TP_OK;
        }
        if (next == TP__TXN_AGAIN)
            next = TP__TXN_OK;
    }
    if (next == TP__TXN_ABORT)
        return tp__abort(s, 1);
    s->fatal = 1;
    return TP_ERR_FATAL;
}

/* Formats a partition list as "topic[0,1,2]" for logs. */
static void tp__parts_str(const rd_kafka_topic_partition_list_t *l, char *buf,
                          size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    for (int i = 0; i < l->cnt && n + 16 < size; i++)
        n += (size_t)snprintf(buf + n, size - n, "%s%s[%" PRId32 "]",
                              i ? "," : "", l->elems[i].topic,
                              l->elems[i].partition);
}

/* Rebalance callback: cooperative (incremental) or eager assignment. The
 * open transaction is finished before partitions go: committed when they
 * are revoked in order, aborted when they were lost. */
static void tp__rebalance_cb(rd_kafka_t *rk, rd_kafka_resp_err_t err,
                             rd_kafka_topic_partition_list_t *parts,
                             void *opaque)
{
    tp_stage_t *s = opaque;
    int coop = strcmp(rd_kafka_rebalance_protocol(rk), "COOPERATIVE") == 0;
    char list[512];
    tp__parts_str(parts, list, sizeof list);
    rd_kafka_error_t *e = NULL;
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
        s->assigned_once = 1;
        tp_log(TP_LOG_INFO, "partitions assigned", "stage", s->name,
               "partitions", list, NULL);
        if (coop)
            e = rd_kafka_incremental_assign(rk, parts);
        else
            err = rd_kafka_assign(rk, parts);
    } else {
        int lost = rd_kafka_assignment_lost(rk);
        tp_log(TP_LOG_INFO,
               lost ? "partitions lost; aborting the open transaction"
                    : "partitions revoked; committing the open transaction",
               "stage", s->name, "partitions", list, NULL);
        if (s->txn_open && !s->fatal)
            (void)(lost ? tp__abort(s, 0) : tp__commit(s));
        if (coop)
            e = rd_kafka_incremental_unassign(rk, parts);
        else
            err = rd_kafka_assign(rk, NULL);
    }
    if (e) {
        tp_log(TP_LOG_ERROR, "could not change the assignment; stopping",
               "stage", s->name, "reason", rd_kafka_error_string(e), NULL);
        rd_kafka_error_destroy(e);
        s->fatal = 1;
    } else if (!coop && err && err != RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS &&
               err != RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS) {
        tp_log(TP_LOG_ERROR, "could not change the assignment; stopping",
               "stage", s->name, "reason", rd_kafka_err2str(err), NULL);
        s->fatal = 1;
    }
}

/* Creates both clients; see tp/stage.h. */
tp_stage_t *tp_stage_new(const tp_stage_opts_t *o, char *errstr,
                         size_t errstr_size)
{
    tp_stage_t *s = calloc(1, sizeof *s);
    if (!s)
        abort();
    char inst[128], labels[256];
    if (!o->instance_id)
        tp_kafka_instance_id(inst, sizeof inst);
    else
        snprintf(inst, sizeof inst, "%s", o->instance_id);
    s->name = strdup(o->name);
    s->in_topic = strdup(o->in_topic);
    s->out_topic = strdup(o->out_topic);
    if (asprintf(&s->txid, "%s-%s", o->stage->transactional_id, inst) < 0)
        abort();
    s->config = o->config;
    s->sc = o->stage;
    s->transform = o->transform;
    s->opaque = o->opaque;
    s->stop = o->stop;
    s->arena = tp_arena_new(64 * 1024);
    s->pending = rd_kafka_topic_partition_list_new(16);

    rd_kafka_conf_t *cc =
        tp_kafka_consumer_conf_new(o->config, o->stage, errstr, errstr_size);
    if (!cc)
        goto error;
    rd_kafka_conf_set_rebalance_cb(cc, tp__rebalance_cb);
    rd_kafka_conf_set_opaque(cc, s);
    s->consumer = tp_kafka_consumer_new(cc, errstr, errstr_size);
    if (!s->consumer)
        goto error;

    rd_kafka_conf_t *pc = tp_kafka_producer_conf_new(o->config, o->stage,
                                                     s->txid, errstr,
                                                     errstr_size);
    if (!pc)
        goto error;
    s->producer = tp_kafka_producer_new(pc, 60000, errstr, errstr_size);
    if (!s->producer)
        goto error;
    s->dlq = tp_dlq_new_borrowed(s->producer, o->config, o->name);

    snprintf(labels, sizeof labels, "stage=\"%s\",topic=\"%s\"", s->name,
             s->in_topic);
    s->m_consumed = tp_metrics_counter("tp_messages_consumed_total",
                                       "Messages consumed from Kafka", labels);
    snprintf(labels, sizeof labels, "stage=\"%s\",topic=\"%s\"", s->name,
             s->out_topic);
    s->m_produced = tp_metrics_counter("tp_messages_produced_total",
                                       "Messages produced to Kafka", labels);
    snprintf(labels, sizeof labels, "stage=\"%s\"", s->name);
    s->m_processing = tp_metrics_histogram("tp_processing_seconds",
                                           "Time to transform one message",
                                           labels, NULL, 0);
    s->m_txn = tp_metrics_histogram("tp_transaction_seconds",
                                    "Time from begin to commit of one "
                                    "transaction",
                                    labels, NULL, 0);
    tp_log(TP_LOG_INFO, "stage ready", "stage", s->name, "in", s->in_topic,
           "out", s->out_topic, "group", o->stage->group_id,
           "transactional_id", s->txid, NULL);
    return s;
error:
    tp_stage_destroy(s);
    return NULL;
}

/* Queues a dead letter for m; TP_ERR_RETRY asks for abort and rewind. */
static tp_err_t tp__dead_letter(tp_stage_t *s, const rd_kafka_message_t *m,
                                const tp_error_t *why, int attempts)
{
    tp_error_t e;
    tp_error_clear(&e);
    tp_err_t rc = tp_dlq_send(s->dlq, m, why, attempts, &e);
    if (rc == TP_OK) {
        s->stats.dead_letters++;
        tp__count_error(s, why->cls[0] ? why->cls : tp_err_name(why->code));
        return TP_OK;
    }
    tp_log(rc == TP_ERR_FATAL ? TP_LOG_ERROR : TP_LOG_WARN,
           "could not queue a dead letter", "stage", s->name, "reason", e.msg,
           "next", rc == TP_ERR_FATAL ? "stopping" : "abort and rewind", NULL);
    if (rc == TP_ERR_FATAL)
        s->fatal = 1;
    return rc;
}

/* Produces the transform's output; output too large for the producer
 * becomes a dead letter. */
static tp_err_t tp__produce(tp_stage_t *s, const rd_kafka_message_t *m,
                            const tp_stage_output_t *out)
{
    const void *key = out->key ? out->key : m->key;
    size_t key_len = out->key ? out->key_len : (m->key ? m->key_len : 0);
    rd_kafka_resp_err_t err;
    for (;;) {
        err = rd_kafka_producev(
            s->producer, RD_KAFKA_V_TOPIC(s->out_topic),
            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
            RD_KAFKA_V_VALUE((void *)out->value, out->len),
            RD_KAFKA_V_KEY(key, key_len), RD_KAFKA_V_END);
        if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL)
            break;
        rd_kafka_poll(s->producer, 100);
    }
    if (!err) {
        s->stats.produced++;
        tp_counter_inc(s->m_produced);
        return TP_OK;
    }
    tp_error_t why;
    if (err == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE) {
        tp_error_set(&why, TP_ERR_INPUT, "too_large",
                     "output of %zu bytes is larger than message.max.bytes",
                     out->len);
        return tp__dead_letter(s, m, &why, 1);
    }
    tp_err_t cls = tp_kafka_err_class(err);
    tp_log(cls == TP_ERR_FATAL ? TP_LOG_ERROR : TP_LOG_WARN,
           "could not produce output", "stage", s->name, "topic", s->out_topic,
           "error", rd_kafka_err2str(err), "next",
           cls == TP_ERR_FATAL ? "stopping" : "abort and rewind", NULL);
    if (cls == TP_ERR_FATAL) {
        s->fatal = 1;
        return TP_ERR_FATAL;
    }
    return TP_ERR_RETRY;
}

/* Handles one record inside the open transaction. Returns TP_OK (output or
 * dead letter queued), TP_ERR_RETRY (abort and rewind) or TP_ERR_FATAL. */
static tp_err_t tp__handle(tp_stage_t *s, const rd_kafka_message_t *m)
{
    tp_error_t why;
    tp_error_clear(&why);
    s->stats.consumed++;
    tp_counter_inc(s->m_consumed);
    if ((int64_t)m->len > s->sc->max_message_bytes) {
        tp_error_set(&why, TP_ERR_INPUT, "too_large",
                     "message of %zu bytes is larger than max_message_bytes "
                     "(%" PRId64 ")",
                     m->len, s->sc->max_message_bytes);
        return tp__dead_letter(s, m, &why, 1);
    }
    if (!m->payload || m->len == 0) {
        tp_error_set(&why, TP_ERR_INPUT, "empty", "message has no value");
        return tp__dead_letter(s, m, &why, 1);
    }
    double t0 = tp__now();
    tp_err_t rc = TP_OK;
    tp_stage_output_t out;
    int attempt;
    for (attempt = 1; attempt <= TP__TRANSFORM_ATTEMPTS; attempt++) {
        memset(&out, 0, sizeof out);
        tp_error_clear(&why);
        tp_arena_reset(s->arena);
        rc = s->transform(s->opaque, s->arena, m, &out, &why);
        if (rc != TP_ERR_RETRY)
            break;
        usleep(100 * 1000 * attempt);
    }
    tp_histogram_observe(s->m_processing, tp__now() - t0);
    tp_err_t ret;
    switch (rc) {
    case TP_OK:
        ret = tp__produce(s, m, &out);
        break;
    case TP_ERR_FATAL: {
        char part[16], off[24];
        snprintf(part, sizeof part, "%" PRId32, m->partition);
        snprintf(off, sizeof off, "%" PRId64, m->offset);
        tp_log(TP_LOG_ERROR, "transform failed fatally; stopping", "stage",
               s->name, "topic", s->in_topic, "partition", part, "offset", off,
               "class", why.cls, "reason", why.msg, NULL);
        s->fatal = 1;
        ret = TP_ERR_FATAL;
        break;
    }
    default:
        if (!why.cls[0])
            snprintf(why.cls, sizeof why.cls, "%s", tp_err_name(rc));
        ret = tp__dead_letter(s, m, &why,
                              attempt > TP__TRANSFORM_ATTEMPTS
                                  ? TP__TRANSFORM_ATTEMPTS
                                  : attempt);
        break;
    }
    tp_arena_reset(s->arena);
    return ret;
}

/* Records that m's partition is done up to m's offset. */
static void tp__pending_add(tp_stage_t *s, const rd_kafka_message_t *m)
{
    const char *topic = rd_kafka_topic_name(m->rkt);
    rd_kafka_topic_partition_t *p =
        rd_kafka_topic_partition_list_find(s->pending, topic, m->partition);
    if (!p)
        p = rd_kafka_topic_partition_list_add(s->pending, topic, m->partition);
    p->offset = m->offset + 1;
}

/* Begins a transaction for the next batch. */
static tp_err_t tp__begin(tp_stage_t *s)
{
    rd_kafka_error_t *e = rd_kafka_begin_transaction(s->producer);
    if (e) {
        tp_log(TP_LOG_ERROR, "could not begin a transaction; stopping", "stage",
               s->name, "reason", rd_kafka_error_string(e), NULL);
        rd_kafka_error_destroy(e);
        s->fatal = 1;
        return TP_ERR_FATAL;
    }
    s->txn_open = 1;
    s->txn_started = tp__now();
    s->txn_records = 0;
    return TP_OK;
}

/* Every few seconds sets tp_consumer_lag{stage,topic,partition} for the
 * assigned partitions: the high watermark (as last fetched, no broker
 * round trip) less the position of the loop. */
static void tp__update_lag(tp_stage_t *s)
{
    static const double every_s = 5.0;
    double now = tp__now();
    if (now - s->lag_at < every_s)
        return;
    s->lag_at = now;
    rd_kafka_topic_partition_list_t *a = NULL;
    if (rd_kafka_assignment(s->consumer, &a) || !a) {
        if (a)
            rd_kafka_topic_partition_list_destroy(a);
        return;
    }
    if (a->cnt > 0 && rd_kafka_position(s->consumer, a) == 0) {
        for (int i = 0; i < a->cnt; i++) {
            int64_t lo, hi;
            const rd_kafka_topic_partition_t *p = &a->elems[i];
            if (p->offset < 0 ||
                rd_kafka_get_watermark_offsets(s->consumer, p->topic,
                                               p->partition, &lo, &hi) ||
                hi < 0)
                continue;
            char labels[256];
            snprintf(labels, sizeof labels,
                     "stage=\"%s\",topic=\"%s\",partition=\"%" PRId32 "\"",
                     s->name, p->topic, p->partition);
            tp_gauge_set(tp_metrics_gauge("tp_consumer_lag",
                                          "Records behind the end of the "
                                          "partition",
                                          labels),
                         hi > p->offset ? (double)(hi - p->offset) : 0.0);
        }
    }
    rd_kafka_topic_partition_list_destroy(a);
}

/* Logs a consumer-level error delivered as a message. */
static void tp__consumer_error(tp_stage_t *s, const rd_kafka_message_t *m)
{
    int fatal = m->err == RD_KAFKA_RESP_ERR__FATAL;
    tp_log(fatal ? TP_LOG_ERROR : TP_LOG_WARN,
           fatal ? "consumer failed; stopping"
                 : "consumer error; librdkafka retries",
           "stage", s->name, "topic", m->rkt ? rd_kafka_topic_name(m->rkt) : "",
           "error", rd_kafka_err2name(m->err), "reason",
           rd_kafka_message_errstr(m), NULL);
    if (fatal)
        s->fatal = 1;
}

/* The loop of tp/stage.h. */
tp_err_t tp_stage_run(tp_stage_t *s)
{
    rd_kafka_topic_partition_list_t *topics =
        rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(topics, s->in_topic,
                                      RD_KAFKA_PARTITION_UA);
    rd_kafka_resp_err_t err = rd_kafka_subscribe(s->consumer, topics);
    rd_kafka_topic_partition_list_destroy(topics);
    if (err) {
        tp_log(TP_LOG_ERROR, "could not subscribe; stopping", "stage", s->name,
               "topic", s->in_topic, "reason", rd_kafka_err2str(err), NULL);
        return TP_ERR_FATAL;
    }
    tp_http_set_ready(1);
    char why[512];
    while (!s->fatal && !tp__stopping(s)) {
        tp_http_heartbeat();
        int tmo = s->sc->poll_timeout_ms;
        if (s->txn_open) {
            double left = s->txn_started + s->sc->commit_interval_ms / 1000.0 -
                          tp__now();
            tmo = left <= 0 ? 0 : (left * 1000 < tmo ? (int)(left * 1000) : tmo);
        }
        rd_kafka_message_t *m = rd_kafka_consumer_poll(s->consumer, tmo);
        if (m && m->err) {
            tp__consumer_error(s, m);
            rd_kafka_message_destroy(m);
            m = NULL;
        } else if (m) {
            tp_err_t rc = s->txn_open ? TP_OK : tp__begin(s);
            if (rc == TP_OK)
                rc = tp__handle(s, m);
            if (rc == TP_OK) {
                tp__pending_add(s, m);
                s->txn_records++;
            }
            rd_kafka_message_destroy(m);
            if (rc == TP_ERR_RETRY)
                tp__abort(s, 1);
        }
        if (s->fatal)
            break;
        if (s->txn_open &&
            (s->txn_records >= s->sc->batch_size ||
             tp__now() - s->txn_started >= s->sc->commit_interval_ms / 1000.0))
            tp__commit(s);
        rd_kafka_poll(s->producer, 0);
        tp__update_lag(s);
        if (rd_kafka_fatal_error(s->producer, why, sizeof why)) {
            tp_log(TP_LOG_ERROR, "producer failed; stopping", "stage", s->name,
                   "transactional_id", s->txid, "reason", why, NULL);
            s->fatal = 1;
        }
    }
    tp_http_set_ready(0);

    /* Shutdown: finish the transaction, leave the group, flush. */
    tp__stopping(s);
    if (s->fatal) {
        if (s->txn_open && !rd_kafka_fatal_error(s->producer, NULL, 0))
            tp__abort(s, 0);
    } else if (s->txn_open) {
        tp__commit(s);
        if (s->txn_open)
            tp__abort(s, 0);
    }
    tp_log(TP_LOG_INFO, "closing consumer", "stage", s->name, NULL);
    int left = s->stop_deadline > 0
                   ? (int)((s->stop_deadline - tp__now()) * 1000.0)
                   : s->config->shutdown_timeout_ms;
    s->consumer_unsafe = !tp_kafka_consumer_close(
        s->consumer, &s->assigned_once, left > 0 ? left : 0);
    left = s->stop_deadline > 0
               ? (int)((s->stop_deadline - tp__now()) * 1000.0)
               : s->config->shutdown_timeout_ms;
    rd_kafka_flush(s->producer, left > 0 ? left : 0);
    char line[256];
    snprintf(line, sizeof line,
             "consumed %" PRIu64 ", produced %" PRIu64
             ", dead letters %" PRIu64 ", commits %" PRIu64
             ", aborts %" PRIu64,
             s->stats.consumed, s->stats.produced, s->stats.dead_letters,
             s->stats.commits, s->stats.aborts);
    tp_log(s->fatal ? TP_LOG_ERROR : TP_LOG_INFO,
           s->fatal ? "stage stopped on a fatal error" : "stage stopped",
           "stage", s->name, "stats", line, NULL);
    return s->fatal ? TP_ERR_FATAL : TP_OK;
}

/* Copies the counters. */
void tp_stage_stats(const tp_stage_t *s, tp_stage_stats_t *out)
{
    *out = s->stats;
}

/* Releases both clients and the handle. */
void tp_stage_destroy(tp_stage_t *s)
{
    if (!s)
        return;
    tp_dlq_destroy(s->dlq);
    if (s->consumer && !s->consumer_unsafe)
        rd_kafka_destroy(s->consumer);
    if (s->producer)
        rd_kafka_destroy(s->producer);
    if (s->pending)
        rd_kafka_topic_partition_list_destroy(s->pending);
    tp_arena_destroy(s->arena);
    free(s->name);
    free(s->in_topic);
    free(s->out_topic);
    free(s->txid);
    free(s);
}

int tp_stage_main(const tp_stage_opts_t *opts)
{
    char errstr[512];
    tp_stage_t *s = tp_stage_new(opts, errstr, sizeof errstr);
    if (!s) {
        tp_log(TP_LOG_ERROR, "could not create the Kafka clients; exiting",
               "stage", opts->name, "reason", errstr, NULL);
        return 1;
    }
    int status = tp_stage_run(s) == TP_OK ? 0 : 1;
    tp_stage_destroy(s);
    return status;
}

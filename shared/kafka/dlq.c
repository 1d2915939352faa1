/*
 * dlq.c — dead letters: the original record, sent to the dead-letter topic
 * with the reason in headers (see tp/kafka.h for the header list), logged
 * once and counted.
 *
 * A handle either owns an idempotent producer (the writer, tools) whose
 * delivery reports it counts, or borrows the stage's transactional producer
 * so that the dead letter commits or aborts with the rest of the
 * transaction.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tp/kafka.h"
#include "tp/log.h"
#include "tp/metrics.h"

/* Room left for headers when a value is cut to fit message.max.bytes. */
#define TP__DLQ_HEADROOM (64 * 1024)

struct tp_dlq {
    rd_kafka_t *rk;
    int owned;
    char *topic;
    char *stage;
    size_t max_value; /* longest value sent as is */
    uint64_t queued;
    uint64_t failed; /* delivery failures since the last flush (owned) */
};

/* Delivery report of an owned producer: counts failures for tp_dlq_flush. */
static void tp__dlq_dr_cb(rd_kafka_t *rk, const rd_kafka_message_t *m,
                          void *opaque)
{
    (void)rk;
    (void)opaque;
    tp_dlq_t *d = m->_private;
    if (!d || !m->err)
        return;
    d->failed++;
    tp_log(TP_LOG_ERROR, "dead letter not delivered; flush reports retry",
           "topic", d->topic, "error", rd_kafka_err2str(m->err), NULL);
}

/* Reads message.max.bytes of rk to know how long a value may be. */
static size_t tp__dlq_max_value(rd_kafka_t *rk)
{
    char buf[32];
    size_t sz = sizeof buf;
    long max = 1000000;
    if (rd_kafka_conf_get(rd_kafka_conf(rk), "message.max.bytes", buf, &sz) ==
        RD_KAFKA_CONF_OK)
        max = strtol(buf, NULL, 10);
    return max > 2 * TP__DLQ_HEADROOM ? (size_t)(max - TP__DLQ_HEADROOM)
                                      : (size_t)max / 2;
}

/* Allocates a handle around rk. */
static tp_dlq_t *tp__dlq_alloc(rd_kafka_t *rk, int owned,
                               const tp_config_t *c, const char *stage)
{
    tp_dlq_t *d = calloc(1, sizeof *d);
    if (!d)
        abort();
    d->rk = rk;
    d->owned = owned;
    d->topic = strdup(c->topics.dlq);
    d->stage = strdup(stage);
    if (!d->topic || !d->stage)
        abort();
    d->max_value = tp__dlq_max_value(rk);
    return d;
}

/* Creates a handle with its own idempotent producer. */
tp_dlq_t *tp_dlq_new(const tp_config_t *c, const char *stage, char *errstr,
                     size_t errstr_size)
{
    rd_kafka_conf_t *conf =
        tp_kafka_producer_conf_new(c, tp_config_stage(c, stage), NULL, errstr,
                                   errstr_size);
    if (!conf)
        return NULL;
    rd_kafka_conf_set_dr_msg_cb(conf, tp__dlq_dr_cb);
    rd_kafka_t *rk = tp_kafka_producer_new(conf, 0, errstr, errstr_size);
    if (!rk)
        return NULL;
    return tp__dlq_alloc(rk, 1, c, stage);
}

/* Creates a handle that sends with the caller's producer. */
tp_dlq_t *tp_dlq_new_borrowed(rd_kafka_t *rk, const tp_config_t *c,
                              const char *stage)
{
    return tp__dlq_alloc(rk, 0, c, stage);
}

/* Flushes (briefly) and destroys an owned producer, frees the handle. */
void tp_dlq_destroy(tp_dlq_t *d)
{
    if (!d)
        return;
    if (d->owned) {
        rd_kafka_flush(d->rk, 5000);
        if (rd_kafka_outq_len(d->rk) > 0)
            tp_log(TP_LOG_ERROR,
                   "dead letters still unacknowledged at shutdown", "topic",
                   d->topic, NULL);
        rd_kafka_destroy(d->rk);
    }
    free(d->topic);
    free(d->stage);
    free(d);
}

/* Adds a string header. */
static void tp__hdr(rd_kafka_headers_t *h, const char *name, const char *v)
{
    rd_kafka_header_add(h, name, -1, v, -1);
}

/* Builds the dead-letter headers for orig. */
static rd_kafka_headers_t *tp__dlq_headers(const tp_dlq_t *d,
                                           const rd_kafka_message_t *orig,
                                           const tp_error_t *err,
                                           int attempts, int truncated)
{
    char num[32], when[40];
    rd_kafka_headers_t *oh = NULL;
    if (rd_kafka_message_headers(orig, &oh) != RD_KAFKA_RESP_ERR_NO_ERROR)
        oh = NULL;
    rd_kafka_headers_t *h = rd_kafka_headers_new(10 + (oh ? rd_kafka_header_cnt(oh) : 0));
    tp__hdr(h, "tp.stage", d->stage);
    tp__hdr(h, "tp.error.class", err->cls[0] ? err->cls : tp_err_name(err->code));
    tp__hdr(h, "tp.error.reason", err->msg);
    tp__hdr(h, "tp.source.topic", orig->rkt ? rd_kafka_topic_name(orig->rkt) : "");
    snprintf(num, sizeof num, "%" PRId32, orig->partition);
    tp__hdr(h, "tp.source.partition", num);
    snprintf(num, sizeof num, "%" PRId64, orig->offset);
    tp__hdr(h, "tp.source.offset", num);
    snprintf(num, sizeof num, "%d", attempts);
    tp__hdr(h, "tp.attempts", num);
    tp__hdr(h, "tp.time", tp_kafka_time_iso8601(when, sizeof when));
    if (truncated) {
        snprintf(num, sizeof num, "%zu", orig->len);
        tp__hdr(h, "tp.truncated", num);
    }
    const char *name;
    const void *val;
    size_t len;
    for (size_t i = 0;
         oh && rd_kafka_header_get_all(oh, i, &name, &val, &len) ==
                   RD_KAFKA_RESP_ERR_NO_ERROR;
         i++)
        rd_kafka_header_add(h, name, -1, val, val ? (ssize_t)len : 0);
    return h;
}

/* Queues one dead letter; logs and counts it once it is queued. */
tp_err_t tp_dlq_send(tp_dlq_t *d, const rd_kafka_message_t *orig,
                     const tp_error_t *err, int attempts, tp_error_t *out)
{
    size_t vlen = orig->payload ? orig->len : 0;
    int truncated = vlen > d->max_value;
    if (truncated)
        vlen = d->max_value;
    rd_kafka_headers_t *h = tp__dlq_headers(d, orig, err, attempts, truncated);
    rd_kafka_resp_err_t e = RD_KAFKA_RESP_ERR_NO_ERROR;
    for (int tries = 0; tries < 50; tries++) {
        e = rd_kafka_producev(
            d->rk, RD_KAFKA_V_TOPIC(d->topic),
            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
            RD_KAFKA_V_VALUE(orig->payload, vlen),
            RD_KAFKA_V_KEY(orig->key, orig->key ? orig->key_len : 0),
            RD_KAFKA_V_HEADERS(h), RD_KAFKA_V_OPAQUE((d->owned ? d : NULL)),
            RD_KAFKA_V_END);
        if (e != RD_KAFKA_RESP_ERR__QUEUE_FULL)
            break;
        rd_kafka_poll(d->rk, 100);
    }
    if (e) {
        rd_kafka_headers_destroy(h);
        tp_err_t code = tp_kafka_err_class(e) == TP_ERR_FATAL ? TP_ERR_FATAL
                                                             : TP_ERR_RETRY;
        return tp_error_set(out, code, "kafka",
                            "could not queue dead letter to %s: %s", d->topic,
                            rd_kafka_err2str(e));
    }
    d->queued++;
    const char *cls = err->cls[0] ? err->cls : tp_err_name(err->code);
    char part[16], off[24];
    snprintf(part, sizeof part, "%" PRId32, orig->partition);
    snprintf(off, sizeof off, "%" PRId64, orig->offset);
    tp_log(TP_LOG_WARN, "dead-lettered message; going on", "stage", d->stage,
           "topic", orig->rkt ? rd_kafka_topic_name(orig->rkt) : "",
           "partition", part, "offset", off, "class", cls, "reason", err->msg,
           "dlq", d->topic, NULL);
    char labels[160];
    snprintf(labels, sizeof labels, "stage=\"%s\",class=\"%s\"", d->stage, cls);
    tp_counter_inc(tp_metrics_counter("tp_dead_letters_total",
                                      "Messages sent to the dead-letter topic",
                                      labels));
    return TP_OK;
}

/* Waits for every queued dead letter to be acknowledged. */
tp_err_t tp_dlq_flush(tp_dlq_t *d, int timeout_ms, tp_error_t *out)
{
    rd_kafka_flush(d->rk, timeout_ms);
    char why[256];
    rd_kafka_resp_err_t fe = rd_kafka_fatal_error(d->rk, why, sizeof why);
    if (fe)
        return tp_error_set(out, TP_ERR_FATAL, "kafka",
                            "dead-letter producer failed: %s", why);
    int left = rd_kafka_outq_len(d->rk);
    uint64_t failed = d->failed;
    d->failed = 0;
    if (left > 0 || failed > 0)
        return tp_error_set(out, TP_ERR_RETRY, "kafka",
                            "%d dead letters unacknowledged, %" PRIu64
                            " failed",
                            left, failed);
    return TP_OK;
}

/* Counts the dead letters queued through d. */
uint64_t tp_dlq_count(const tp_dlq_t *d)
{
    return d ? d->queued : 0;
}

/* Returns the producer. */
rd_kafka_t *tp_dlq_producer(tp_dlq_t *d)
{
    return d->rk;
}

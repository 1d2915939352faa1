/*
 * client.c — Kafka consumers and producers built from tinpipe's
 * configuration, with librdkafka's logs routed to tp_log(), and the small
 * helpers every Kafka user needs (instance id, error mapping, time).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "tp/kafka.h"
#include "tp/log.h"

/* librdkafka log callback: syslog levels become tp_log levels. */
static void tp__kafka_log_cb(const rd_kafka_t *rk, int level, const char *fac,
                             const char *buf)
{
    tp_log_level_t lv = level <= 3   ? TP_LOG_ERROR
                        : level <= 4 ? TP_LOG_WARN
                        : level <= 6 ? TP_LOG_INFO
                                     : TP_LOG_DEBUG;
    tp_log(lv, buf, "component", "rdkafka", "client", rd_kafka_name(rk),
           "facility", fac, NULL);
}

/* librdkafka error callback: client-level errors (broker down, all brokers
 * down, fatal). librdkafka retries by itself; fatal ones are acted on by
 * whoever polls rd_kafka_fatal_error(). */
static void tp__kafka_error_cb(rd_kafka_t *rk, int err, const char *reason,
                               void *opaque)
{
    (void)opaque;
    /* Connection failures were already logged once by the log callback. */
    if (err == RD_KAFKA_RESP_ERR__TRANSPORT)
        return;
    int fatal = err == RD_KAFKA_RESP_ERR__FATAL;
    tp_log(fatal ? TP_LOG_ERROR : TP_LOG_WARN,
           fatal ? "kafka client failed; the owner stops"
                 : "kafka client error; librdkafka retries",
           "client", rd_kafka_name(rk), "error", rd_kafka_err2name(err),
           "reason", reason, NULL);
}

/* Sets one property, writing `kafka property "KEY": reason` on error. */
static int tp__conf_set(rd_kafka_conf_t *conf, const char *key,
                        const char *value, char *errstr, size_t errstr_size)
{
    char why[512];
    if (rd_kafka_conf_set(conf, key, value, why, sizeof why) !=
        RD_KAFKA_CONF_OK) {
        snprintf(errstr, errstr_size, "kafka property \"%s\": %s", key, why);
        return -1;
    }
    return 0;
}

/* Applies every property of l in order. */
static int tp__conf_apply(rd_kafka_conf_t *conf, const tp_kv_list_t *l,
                          char *errstr, size_t errstr_size)
{
    for (size_t i = 0; l && i < l->n; i++)
        if (tp__conf_set(conf, l->items[i].key, l->items[i].value, errstr,
                         errstr_size) < 0)
            return -1;
    return 0;
}

/* Returns whether the user set key in the global or the stage section. */
static int tp__user_set(const tp_config_t *c, const tp_stage_config_t *stage,
                        const char *key)
{
    return tp_config_kv_get(&c->kafka, key) ||
           (stage && tp_config_kv_get(&stage->kafka, key));
}

/* Builds the base conf: config->kafka, then stage->kafka, with callbacks. */
rd_kafka_conf_t *tp_kafka_conf_new(const tp_config_t *c,
                                   const tp_stage_config_t *stage,
                                   char *errstr, size_t errstr_size)
{
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set_log_cb(conf, tp__kafka_log_cb);
    rd_kafka_conf_set_error_cb(conf, tp__kafka_error_cb);
    if (tp__conf_apply(conf, &c->kafka, errstr, errstr_size) < 0 ||
        (stage && tp__conf_apply(conf, &stage->kafka, errstr, errstr_size) < 0)) {
        rd_kafka_conf_destroy(conf);
        return NULL;
    }
    return conf;
}

/* Builds a consumer conf: defaults the user may override, then the
 * settings exactly-once relies on, which nobody may override. */
rd_kafka_conf_t *tp_kafka_consumer_conf_new(const tp_config_t *c,
                                            const tp_stage_config_t *stage,
                                            char *errstr, size_t errstr_size)
{
    rd_kafka_conf_t *conf = tp_kafka_conf_new(c, stage, errstr, errstr_size);
    if (!conf)
        return NULL;
    static const char *const defaults[][2] = {
        {"partition.assignment.strategy", "cooperative-sticky"},
        {"auto.offset.reset", "earliest"},
    };
    static const char *const forced[][2] = {
        {"enable.auto.commit", "false"},
        {"enable.auto.offset.store", "false"},
        {"isolation.level", "read_committed"},
        {"enable.partition.eof", "false"},
    };
    for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++)
        if (!tp__user_set(c, stage, defaults[i][0]) &&
            tp__conf_set(conf, defaults[i][0], defaults[i][1], errstr,
                         errstr_size) < 0)
            goto error;
    for (size_t i = 0; i < sizeof forced / sizeof forced[0]; i++)
        if (tp__conf_set(conf, forced[i][0], forced[i][1], errstr,
                         errstr_size) < 0)
            goto error;
    if (stage && stage->group_id && stage->group_id[0] &&
        tp__conf_set(conf, "group.id", stage->group_id, errstr,
                     errstr_size) < 0)
        goto error;
    return conf;
error:
    rd_kafka_conf_destroy(conf);
    return NULL;
}

int tp_kafka_consumer_close(rd_kafka_t *rk, const int *assigned_once,
                            int timeout_ms)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    long waited_ms = 0;
    while (!*assigned_once && waited_ms < timeout_ms) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, 100);
        if (m)
            rd_kafka_message_destroy(m);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        waited_ms = (t1.tv_sec - t0.tv_sec) * 1000 +
                    (t1.tv_nsec - t0.tv_nsec) / 1000000;
    }
    rd_kafka_resp_err_t err = rd_kafka_consumer_close(rk);
    if (err)
        tp_log(TP_LOG_WARN, "could not close the consumer cleanly", "reason",
               rd_kafka_err2str(err), NULL);
    if (!*assigned_once) {
        tp_log(TP_LOG_WARN,
               "consumer closed before its first assignment; its handle is "
               "left to the process exit",
               "reason", "librdkafka < 2.3 aborts destroying it (issue 4312)",
               NULL);
        return 0;
    }
    return 1;
}

/* Creates the consumer; conf is always consumed. */
rd_kafka_t *tp_kafka_consumer_new(rd_kafka_conf_t *conf, char *errstr,
                                  size_t errstr_size)
{
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, errstr_size);
    if (!rk) {
        rd_kafka_conf_destroy(conf);
        return NULL;
    }
    rd_kafka_poll_set_consumer(rk);
    return rk;
}

/* Builds a producer conf: idempotent, transactional when asked. */
rd_kafka_conf_t *tp_kafka_producer_conf_new(const tp_config_t *c,
                                            const tp_stage_config_t *stage,
                                            const char *transactional_id,
                                            char *errstr, size_t errstr_size)
{
    rd_kafka_conf_t *conf = tp_kafka_conf_new(c, stage, errstr, errstr_size);
    if (!conf)
        return NULL;
    if (tp__conf_set(conf, "enable.idempotence", "true", errstr,
                     errstr_size) < 0 ||
        (transactional_id &&
         tp__conf_set(conf, "transactional.id", transactional_id, errstr,
                      errstr_size) < 0)) {
        rd_kafka_conf_destroy(conf);
        return NULL;
    }
    return conf;
}

/* Creates the producer and, when transactional, initializes transactions
 * (which fences an older process with the same transactional.id). */
rd_kafka_t *tp_kafka_producer_new(rd_kafka_conf_t *conf, int timeout_ms,
                                  char *errstr, size_t errstr_size)
{
    char txid[256];
    size_t txid_size = sizeof txid;
    int transactional =
        rd_kafka_conf_get(conf, "transactional.id", txid, &txid_size) ==
            RD_KAFKA_CONF_OK &&
        txid[0];
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, errstr_size);
    if (!rk) {
        rd_kafka_conf_destroy(conf);
        return NULL;
    }
    if (!transactional)
        return rk;
    /* A broker that is still starting answers "retriable": ask again
     * until timeout_ms has passed in all. */
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    rd_kafka_error_t *e;
    for (;;) {
        e = rd_kafka_init_transactions(rk, timeout_ms);
        if (!e || !rd_kafka_error_is_retriable(e))
            break;
        clock_gettime(CLOCK_MONOTONIC, &t1);
        long spent = (t1.tv_sec - t0.tv_sec) * 1000 +
                     (t1.tv_nsec - t0.tv_nsec) / 1000000;
        if (spent >= timeout_ms)
            break;
        tp_log(TP_LOG_WARN, "could not initialize transactions; retrying",
               "transactional_id", txid, "reason", rd_kafka_error_string(e),
               NULL);
        rd_kafka_error_destroy(e);
        usleep(500 * 1000);
    }
    if (e) {
        snprintf(errstr, errstr_size,
                 "could not initialize transactions for \"%s\": %s", txid,
                 rd_kafka_error_string(e));
        rd_kafka_error_destroy(e);
        rd_kafka_destroy(rk);
        return NULL;
    }
    return rk;
}

/* TP_INSTANCE_ID, else the host name, else "0". */
const char *tp_kafka_instance_id(char *buf, size_t size)
{
    const char *env = getenv("TP_INSTANCE_ID");
    if (env && env[0])
        snprintf(buf, size, "%s", env);
    else if (gethostname(buf, size) != 0 || !buf[0])
        snprintf(buf, size, "0");
    buf[size - 1] = '\0';
    return buf;
}

/* Sorts a librdkafka error into retry / input / fatal. */
tp_err_t tp_kafka_err_class(rd_kafka_resp_err_t err)
{
    switch (err) {
    case RD_KAFKA_RESP_ERR_NO_ERROR:
        return TP_OK;
    case RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE:
    case RD_KAFKA_RESP_ERR_INVALID_RECORD:
    case RD_KAFKA_RESP_ERR_INVALID_MSG:
        return TP_ERR_INPUT;
    case RD_KAFKA_RESP_ERR__FATAL:
    case RD_KAFKA_RESP_ERR__FENCED:
    case RD_KAFKA_RESP_ERR_PRODUCER_FENCED:
    case RD_KAFKA_RESP_ERR_INVALID_PRODUCER_EPOCH:
    case RD_KAFKA_RESP_ERR_TRANSACTIONAL_ID_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR__INVALID_ARG:
    case RD_KAFKA_RESP_ERR__NOT_CONFIGURED:
        return TP_ERR_FATAL;
    default:
        return TP_ERR_RETRY;
    }
}

/* Formats the current UTC time with milliseconds. */
const char *tp_kafka_time_iso8601(char *buf, size_t size)
{
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    char base[24];
    strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(buf, size, "%s.%03ldZ", base, ts.tv_nsec / 1000000);
    return buf;
}

/* Returns the last header called name, copied into the arena. */
const char *tp_kafka_header_get(const rd_kafka_message_t *m,
                                const char *name, tp_arena_t *arena)
{
    rd_kafka_headers_t *hdrs = NULL;
    if (rd_kafka_message_headers(m, &hdrs) != RD_KAFKA_RESP_ERR_NO_ERROR)
        return NULL;
    const void *val;
    size_t len;
    if (rd_kafka_header_get_last(hdrs, name, &val, &len) !=
            RD_KAFKA_RESP_ERR_NO_ERROR ||
        !val)
        return NULL;
    return tp_arena_strndup(arena, val, len);
}

/* Fills a raw article from a consumed message. */
void tp_kafka_raw_article(const rd_kafka_message_t *m, tp_arena_t *arena,
                          tp_raw_article_t *out)
{
    memset(out, 0, sizeof *out);
    out->data = m->payload ? m->payload : "";
    out->len = m->payload ? m->len : 0;
    out->key = m->key;
    out->key_len = m->key ? m->key_len : 0;
    out->url = tp_kafka_header_get(m, "url", arena);
    out->site = tp_kafka_header_get(m, "site", arena);
    out->fetched_at = tp_kafka_header_get(m, "fetched_at", arena);
    out->published_at = tp_kafka_header_get(m, "published_at", arena);
    out->title = tp_kafka_header_get(m, "title", arena);
    out->content_type = tp_kafka_header_get(m, "content-type", arena);
    out->topic = m->rkt ? tp_arena_strdup(arena, rd_kafka_topic_name(m->rkt))
                        : NULL;
    out->partition = m->rkt ? m->partition : -1;
    out->offset = m->rkt ? m->offset : -1;
}

/*
 * writer.c — the writer's poll loop (tp/writer.h): enriched events from
 * Kafka into PostgreSQL, with the consumed offsets in the same database
 * transaction.
 *
 * State: the partitions we own, each with the next offset the database
 * holds for it (db_next, -1 for none) or "pending" when the database could
 * not be asked yet; and the batch, the messages read but not stored yet
 * (at most writer.batch_size, plus whatever was in flight when consumption
 * was paused). Everything runs on one thread: rebalance callbacks fire
 * inside rd_kafka_consumer_poll(), never during a database transaction.
 *
 * Why this is exactly once: a batch's rows and its offsets commit
 * together, or neither does; after any crash the new owner of a partition
 * seeks to the offset committed with the rows, so what it reads again was
 * not stored, and storing it again would change nothing anyway (articles
 * are upserted by article_id, an equal event is a no-op). The offsets are
 * moved by compare and swap, so a writer that was thrown out of the group
 * while it hung cannot move an offset its successor already moved: it
 * learns it, drops its batch and re-reads the offsets.
 */
#include "tp/writer.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <librdkafka/rdkafka.h>

#include "tp/arena.h"
#include "tp/event.h"
#include "tp/kafka.h"
#include "tp/log.h"
#include "tp/metrics.h"
#include "tp/pg.h"

/* A batch is written once it holds this many bytes of events, whatever
 * writer.batch_size says: the batch travels as one query parameter, and
 * PostgreSQL refuses values over 1 GiB. */
#define TP__WRITER_BATCH_BYTES ((size_t)64 * 1024 * 1024)

typedef struct tp__wpart {
    char *topic;
    int32_t partition;
    int64_t db_next; /* next offset the database holds; -1: no row */
    int pending;     /* db_next unknown yet: messages are dropped */
} tp__wpart_t;

typedef struct tp__wmsg {
    rd_kafka_message_t *m;
    int dead; /* dead-lettered and acknowledged already */
} tp__wmsg_t;

struct tp_writer {
    const tp_config_t *conf;
    volatile sig_atomic_t *stop;
    rd_kafka_t *rk;
    tp_dlq_t *dlq;
    tp_sink_pg_t *sink;
    tp_arena_t *arena;

    tp__wpart_t *parts;
    size_t n_parts, cap_parts;
    double pending_retry_at;
    int pending_failures; /* consecutive failed offset reads */

    tp__wmsg_t *batch;
    size_t n_batch, cap_batch;
    size_t batch_bytes; /* event bytes in the batch */
    double batch_started;

    /* Database outage: paused, retrying at retry_at. */
    int paused;
    int failures; /* consecutive failed stores */
    double retry_at;
    double outage_started;
    unsigned seed;

    int fatal;
    int assigned_once;   /* an assignment arrived (tp_kafka_consumer_close) */
    int consumer_unsafe; /* the consumer must not be destroyed (ditto) */

    tp_counter_t *m_consumed, *m_articles, *m_stored, *m_retries;
    tp_histogram_t *m_txn;
    tp_gauge_t *m_paused;
};

/* Counts an error of class cls. */
static void tp__werr(const char *cls)
{
    char labels[96];
    snprintf(labels, sizeof labels, "stage=\"writer\",class=\"%s\"", cls);
    tp_counter_inc(tp_metrics_counter("tp_errors_total",
                                      "Errors by stage and class", labels));
}

/* Finds our state of a partition, or NULL. */
static tp__wpart_t *tp__wpart_find(tp_writer_t *w, const char *topic,
                                   int32_t partition)
{
    for (size_t i = 0; i < w->n_parts; i++)
        if (w->parts[i].partition == partition &&
            strcmp(w->parts[i].topic, topic) == 0)
            return &w->parts[i];
    return NULL;
}

/* Formats a partition list for logs. */
static void tp__wparts_str(const rd_kafka_topic_partition_list_t *l, char *buf,
                           size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    for (int i = 0; i < l->cnt && n + 1 < size; i++)
        n += (size_t)snprintf(buf + n, size - n, "%s%s[%" PRId32 "]",
                              i ? "," : "", l->elems[i].topic,
                              l->elems[i].partition);
}

/* Drops batch messages of one partition (all when topic is NULL). */
static void tp__wbatch_drop(tp_writer_t *w, const char *topic,
                            int32_t partition)
{
    size_t j = 0;
    for (size_t i = 0; i < w->n_batch; i++) {
        rd_kafka_message_t *m = w->batch[i].m;
        if (!topic || (m->partition == partition &&
                       strcmp(rd_kafka_topic_name(m->rkt), topic) == 0))
            rd_kafka_message_destroy(m);
        else
            w->batch[j++] = w->batch[i];
    }
    w->n_batch = j;
}

/* Pauses (or resumes) every partition we own. */
static void tp__wpause_all(tp_writer_t *w, int pause)
{
    if (w->n_parts == 0)
        return;
    rd_kafka_topic_partition_list_t *l =
        rd_kafka_topic_partition_list_new((int)w->n_parts);
    for (size_t i = 0; i < w->n_parts; i++)
        if (pause || !w->parts[i].pending)
            rd_kafka_topic_partition_list_add(l, w->parts[i].topic,
                                              w->parts[i].partition);
    if (l->cnt)
        (void)(pause ? rd_kafka_pause_partitions(w->rk, l)
                     : rd_kafka_resume_partitions(w->rk, l));
    rd_kafka_topic_partition_list_destroy(l);
}

static int tp__wbackoff_ms(tp_writer_t *w, int failures);

/* Reads the database offsets of pending partitions, seeks there and
 * resumes them. Leaves them pending when the database does not answer. */
static void tp__wload_pending(tp_writer_t *w)
{
    size_t n = 0;
    for (size_t i = 0; i < w->n_parts; i++)
        n += w->parts[i].pending;
    if (n == 0)
        return;
    int32_t *ps = calloc(n, sizeof *ps);
    int64_t *next = calloc(n, sizeof *next);
    tp__wpart_t **which = calloc(n, sizeof *which);
    if (!ps || !next || !which)
        abort();
    size_t k = 0;
    for (size_t i = 0; i < w->n_parts; i++)
        if (w->parts[i].pending) {
            which[k] = &w->parts[i];
            ps[k++] = w->parts[i].partition;
        }
    tp_error_t err;
    tp_error_clear(&err);
    /* One topic only (topics.enriched). */
    tp_err_t rc =
        tp_sink_pg_load_offsets(w->sink, which[0]->topic, ps, n, next, &err);
    if (rc != TP_OK) {
        w->pending_failures++;
        int delay = tp__wbackoff_ms(w, w->pending_failures);
        w->pending_retry_at = tp_metrics_now() + delay / 1000.0;
        if (rc == TP_ERR_FATAL)
            w->fatal = 1;
        /* Logged at tries 1, 2, 4, 8, ...: once per doubling. */
        if (rc == TP_ERR_FATAL ||
            (w->pending_failures & (w->pending_failures - 1)) == 0)
            tp_log(rc == TP_ERR_FATAL ? TP_LOG_ERROR : TP_LOG_WARN,
                   "could not read offsets from the database", "reason",
                   err.msg, "tries",
                   tp_arena_printf(w->arena, "%d", w->pending_failures), "next",
                   rc == TP_ERR_FATAL ? "stopping" : "partitions stay paused",
                   NULL);
        goto done;
    }
    w->pending_failures = 0;
    rd_kafka_topic_partition_list_t *l =
        rd_kafka_topic_partition_list_new((int)n);
    for (size_t i = 0; i < n; i++) {
        which[i]->db_next = next[i];
        which[i]->pending = 0;
        rd_kafka_topic_partition_list_add(l, which[i]->topic, ps[i])->offset =
            next[i] >= 0 ? next[i] : RD_KAFKA_OFFSET_BEGINNING;
    }
    rd_kafka_error_t *e = rd_kafka_seek_partitions(w->rk, l, 10000);
    if (e) {
        tp_log(TP_LOG_WARN, "could not seek to the database offsets", "reason",
               rd_kafka_error_string(e), "next", "retry", NULL);
        rd_kafka_error_destroy(e);
        for (size_t i = 0; i < n; i++)
            which[i]->pending = 1;
        w->pending_retry_at = tp_metrics_now() + 1;
    } else {
        char list[512];
        tp__wparts_str(l, list, sizeof list);
        tp_log(TP_LOG_INFO, "seeked to the database offsets", "partitions",
               list, NULL);
        if (!w->paused)
            rd_kafka_resume_partitions(w->rk, l);
    }
    rd_kafka_topic_partition_list_destroy(l);
done:
    free(ps);
    free(next);
    free(which);
}

/* Rebalance: on assignment, start each partition at the offset the
 * database holds; on revocation, forget the partition's unstored
 * messages (its next owner reads them from the database's offset). */
static void tp__wrebalance_cb(rd_kafka_t *rk, rd_kafka_resp_err_t err,
                              rd_kafka_topic_partition_list_t *parts,
                              void *opaque)
{
    tp_writer_t *w = opaque;
    char list[512];
    tp__wparts_str(parts, list, sizeof list);
    rd_kafka_error_t *e = NULL;
    rd_kafka_resp_err_t aerr = RD_KAFKA_RESP_ERR_NO_ERROR;
    int coop = strcmp(rd_kafka_rebalance_protocol(rk), "COOPERATIVE") == 0;

    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
        w->assigned_once = 1;
        int32_t *ps = calloc((size_t)parts->cnt + 1, sizeof *ps);
        int64_t *next = calloc((size_t)parts->cnt + 1, sizeof *next);
        if (!ps || !next)
            abort();
        for (int i = 0; i < parts->cnt; i++)
            ps[i] = parts->elems[i].partition;
        tp_error_t perr;
        tp_error_clear(&perr);
        /* The writer subscribes to one topic, so one query answers. */
        tp_err_t rc =
            parts->cnt
                ? tp_sink_pg_load_offsets(w->sink, parts->elems[0].topic, ps,
                                          (size_t)parts->cnt, next, &perr)
                : TP_OK;
        int pending = rc != TP_OK;
        for (int i = 0; i < parts->cnt; i++) {
            rd_kafka_topic_partition_t *tp = &parts->elems[i];
            if (w->n_parts == w->cap_parts) {
                w->cap_parts = w->cap_parts ? 2 * w->cap_parts : 16;
                w->parts = realloc(w->parts, w->cap_parts * sizeof *w->parts);
                if (!w->parts)
                    abort();
            }
            tp__wpart_t *p = &w->parts[w->n_parts++];
            p->topic = strdup(tp->topic);
            p->partition = tp->partition;
            p->db_next = pending ? -1 : next[i];
            p->pending = pending;
            tp->offset = pending        ? RD_KAFKA_OFFSET_INVALID
                         : next[i] >= 0 ? next[i]
                                        : RD_KAFKA_OFFSET_BEGINNING;
        }
        free(ps);
        free(next);
        if (pending) {
            if (rc == TP_ERR_FATAL)
                w->fatal = 1;
            w->pending_retry_at =
                tp_metrics_now() + w->conf->writer.retry_initial_ms / 1000.0;
            tp_log(TP_LOG_WARN,
                   "partitions assigned but the database did not say where "
                   "to start",
                   "partitions", list, "reason", perr.msg, "next",
                   "paused until it answers", NULL);
        } else if (parts->cnt) {
            tp_log(TP_LOG_INFO, "partitions assigned at the database offsets",
                   "partitions", list, NULL);
        }
        if (coop)
            e = rd_kafka_incremental_assign(rk, parts);
        else
            aerr = rd_kafka_assign(rk, parts);
        if (!e && !aerr && (pending || w->paused))
            rd_kafka_pause_partitions(rk, parts);
    } else {
        int lost = rd_kafka_assignment_lost(rk);
        size_t dropped_before = w->n_batch;
        for (int i = 0; i < parts->cnt; i++) {
            const rd_kafka_topic_partition_t *tp = &parts->elems[i];
            tp__wbatch_drop(w, tp->topic, tp->partition);
            for (size_t j = 0; j < w->n_parts; j++)
                if (w->parts[j].partition == tp->partition &&
                    strcmp(w->parts[j].topic, tp->topic) == 0) {
                    free(w->parts[j].topic);
                    w->parts[j] = w->parts[--w->n_parts];
                    break;
                }
        }
        if (!coop) {
            tp__wbatch_drop(w, NULL, 0);
            for (size_t j = 0; j < w->n_parts; j++)
                free(w->parts[j].topic);
            w->n_parts = 0;
        }
        char dropped[24];
        snprintf(dropped, sizeof dropped, "%zu", dropped_before - w->n_batch);
        tp_log(TP_LOG_INFO,
               lost ? "partitions lost; unstored messages dropped"
                    : "partitions revoked; unstored messages dropped",
               "partitions", list, "dropped", dropped, "next",
               "the new owner reads them from the database offsets", NULL);
        /* librdkafka keeps a partition's pause flag across revocation and
         * re-assignment: one revoked while paused (database outage, offsets
         * not read yet) and assigned back to us later would never be
         * fetched again. Resume on the way out; assignment pauses again
         * when it must. (Resuming in the assignment instead could race
         * with the start offset just given to assign.) */
        rd_kafka_resume_partitions(rk, parts);
        if (coop)
            e = rd_kafka_incremental_unassign(rk, parts);
        else
            aerr = rd_kafka_assign(rk, NULL);
    }
    if (e || aerr) {
        tp_log(TP_LOG_ERROR, "could not change the assignment; stopping",
               "partitions", list, "reason",
               e ? rd_kafka_error_string(e) : rd_kafka_err2str(aerr), NULL);
        if (e)
            rd_kafka_error_destroy(e);
        w->fatal = 1;
    }
}

/* Creates the clients; see tp/writer.h. */
tp_writer_t *tp_writer_new(const tp_config_t *c, volatile sig_atomic_t *stop,
                           char *errstr, size_t errstr_size)
{
    tp_writer_t *w = calloc(1, sizeof *w);
    if (!w)
        abort();
    w->conf = c;
    w->stop = stop;
    w->arena = tp_arena_new(1 << 20);
    w->seed = (unsigned)time(NULL) ^ (unsigned)getpid();

    w->sink = tp_sink_pg_new(c, c->writer.stage.group_id, errstr, errstr_size);
    if (!w->sink)
        goto error;
    w->dlq = tp_dlq_new(c, "writer", errstr, errstr_size);
    if (!w->dlq)
        goto error;
    rd_kafka_conf_t *cc =
        tp_kafka_consumer_conf_new(c, &c->writer.stage, errstr, errstr_size);
    if (!cc)
        goto error;
    rd_kafka_conf_set_rebalance_cb(cc, tp__wrebalance_cb);
    rd_kafka_conf_set_opaque(cc, w);
    w->rk = tp_kafka_consumer_new(cc, errstr, errstr_size);
    if (!w->rk)
        goto error;

    char labels[256];
    snprintf(labels, sizeof labels, "stage=\"writer\",topic=\"%s\"",
             c->topics.enriched);
    w->m_consumed = tp_metrics_counter("tp_messages_consumed_total",
                                       "Messages consumed from Kafka", labels);
    w->m_articles = tp_metrics_counter("tp_rows_written_total",
                                       "Rows inserted or replaced, by table",
                                       "table=\"articles\"");
    w->m_stored = tp_metrics_counter("tp_writer_events_stored_total",
                                     "Events stored (including unchanged "
                                     "redeliveries)",
                                     NULL);
    w->m_retries = tp_metrics_counter("tp_writer_db_retries_total",
                                      "Batches retried after a transient "
                                      "database error",
                                      NULL);
    w->m_txn = tp_metrics_histogram("tp_transaction_seconds",
                                    "Time of one commit (database "
                                    "transaction for the writer)",
                                    "stage=\"writer\"", NULL, 0);
    w->m_paused = tp_metrics_gauge("tp_writer_paused",
                                   "1 while consumption is paused for a "
                                   "database outage",
                                   NULL);
    return w;
error:
    tp_writer_destroy(w);
    return NULL;
}

/* Releases everything; NULL is a no-op. */
void tp_writer_destroy(tp_writer_t *w)
{
    if (!w)
        return;
    tp__wbatch_drop(w, NULL, 0);
    free(w->batch);
    for (size_t i = 0; i < w->n_parts; i++)
        free(w->parts[i].topic);
    free(w->parts);
    if (w->rk && !w->consumer_unsafe)
        rd_kafka_destroy(w->rk);
    tp_dlq_destroy(w->dlq);
    tp_sink_pg_destroy(w->sink);
    tp_arena_destroy(w->arena);
    free(w);
}

/* Sends one message to the dead-letter topic and waits for the ack. */
static tp_err_t tp__wdead_letter(tp_writer_t *w, tp__wmsg_t *wm,
                                 const tp_error_t *why)
{
    if (wm->dead)
        return TP_OK;
    tp_error_t e;
    tp_error_clear(&e);
    tp_err_t rc = tp_dlq_send(w->dlq, wm->m, why, 1, &e);
    if (rc == TP_OK)
        rc = tp_dlq_flush(w->dlq, 30000, &e);
    if (rc != TP_OK) {
        tp_log(TP_LOG_WARN, "could not dead-letter a message", "reason", e.msg,
               "next", rc == TP_ERR_FATAL ? "stopping" : "retry the batch",
               NULL);
        if (rc == TP_ERR_FATAL)
            w->fatal = 1;
        return rc;
    }
    tp__werr(why->cls[0] ? why->cls : "input");
    wm->dead = 1;
    return TP_OK;
}

/* The sink's reject callback: the record's message goes to the DLQ. */
static tp_err_t tp__wreject(void *opaque, const tp_sink_record_t *rec,
                            const tp_error_t *why)
{
    return tp__wdead_letter(opaque, rec->opaque, why);
}

/* Milliseconds of back-off before try number `failures` (1, 2, ...):
 * doubling from retry_initial_ms up to retry_max_ms, then a random point
 * in its upper half (jitter, so replicas do not retry in step). */
static int tp__wbackoff_ms(tp_writer_t *w, int failures)
{
    double ms = w->conf->writer.retry_initial_ms;
    for (int i = 1; i < failures && ms < w->conf->writer.retry_max_ms; i++)
        ms *= 2;
    if (ms > w->conf->writer.retry_max_ms)
        ms = w->conf->writer.retry_max_ms;
    double r = (double)rand_r(&w->seed) / RAND_MAX;
    return (int)(ms / 2 + r * ms / 2);
}

/* Commits the stored offsets to Kafka too (asynchronously; for lag
 * monitoring only, the database's offsets are the ones we seek to). */
static void tp__wkafka_commit(tp_writer_t *w, const tp_sink_offset_t *offs,
                              size_t n)
{
    if (n == 0)
        return;
    rd_kafka_topic_partition_list_t *l =
        rd_kafka_topic_partition_list_new((int)n);
    for (size_t i = 0; i < n; i++)
        rd_kafka_topic_partition_list_add(l, offs[i].topic, offs[i].partition)
            ->offset = offs[i].next;
    (void)rd_kafka_commit(w->rk, l, 1);
    rd_kafka_topic_partition_list_destroy(l);
}

/* Sets tp_consumer_lag for the partitions just stored: the high
 * watermark librdkafka last saw (no request is made) less the stored next
 * offset. */
static void tp__wlag(tp_writer_t *w, const tp_sink_offset_t *offs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int64_t lo = -1, hi = -1;
        if (rd_kafka_get_watermark_offsets(w->rk, offs[i].topic,
                                           offs[i].partition, &lo,
                                           &hi) != RD_KAFKA_RESP_ERR_NO_ERROR ||
            hi < 0)
            continue;
        char labels[256];
        snprintf(labels, sizeof labels,
                 "stage=\"writer\",topic=\"%s\",partition=\"%" PRId32 "\"",
                 offs[i].topic, offs[i].partition);
        tp_gauge_set(tp_metrics_gauge("tp_consumer_lag",
                                      "Messages not yet consumed and stored",
                                      labels),
                     hi > offs[i].next ? (double)(hi - offs[i].next) : 0);
    }
}

/* Decodes the batch, dead-letters what cannot be stored, and stores the
 * rest with the offsets. Returns TP_OK when the batch is done (stored, or
 * dropped after a fence), else the error and the batch stays. */
static tp_err_t tp__wflush(tp_writer_t *w)
{
    tp_arena_reset(w->arena);
    size_t n = w->n_batch;
    tp_sink_record_t *recs = tp_arena_alloc(w->arena, (n + 1) * sizeof *recs);
    tp_sink_offset_t *offs = tp_arena_alloc(w->arena, (n + 1) * sizeof *offs);
    size_t n_recs = 0, n_offs = 0;
    tp_err_t rc = TP_OK;
    tp_error_t err;
    tp_error_clear(&err);
    int64_t max_bytes = w->conf->writer.stage.max_message_bytes;

    for (size_t i = 0; i < n; i++) {
        tp__wmsg_t *wm = &w->batch[i];
        rd_kafka_message_t *m = wm->m;
        const char *topic = rd_kafka_topic_name(m->rkt);

        /* The partition's offset after this message. */
        size_t k = 0;
        while (k < n_offs && !(offs[k].partition == m->partition &&
                               strcmp(offs[k].topic, topic) == 0))
            k++;
        if (k == n_offs) {
            tp__wpart_t *p = tp__wpart_find(w, topic, m->partition);
            offs[n_offs].topic = topic;
            offs[n_offs].partition = m->partition;
            offs[n_offs].expected = p ? p->db_next : -1;
            n_offs++;
        }
        if (m->offset + 1 > offs[k].next)
            offs[k].next = m->offset + 1;

        if (wm->dead)
            continue;
        tp_error_t why;
        tp_error_clear(&why);
        tp_article_t *art = tp_arena_alloc(w->arena, sizeof *art);
        tp_err_t drc;
        if ((int64_t)m->len > max_bytes)
            drc = tp_error_set(&why, TP_ERR_INPUT, "too_large",
                               "event of %zu bytes is over "
                               "writer.max_message_bytes (%" PRId64 ")",
                               m->len, max_bytes);
        else if (!m->payload || m->len == 0)
            drc = tp_error_set(&why, TP_ERR_INPUT, "empty", "empty message");
        else
            drc = tp_event_decode(w->arena, m->payload, m->len, art, &why);
        if (drc == TP_OK) {
            recs[n_recs].article = art;
            recs[n_recs].json = m->payload;
            recs[n_recs].json_len = m->len;
            recs[n_recs].opaque = wm;
            n_recs++;
            continue;
        }
        if (drc != TP_ERR_INPUT)
            tp_error_set(&why, TP_ERR_INPUT, why.cls[0] ? why.cls : "schema",
                         "%s", why.msg);
        rc = tp__wdead_letter(w, wm, &why);
        if (rc != TP_OK) {
            tp_error_set(&err, rc, "dlq", "could not dead-letter a message");
            break;
        }
    }

    tp_sink_result_t res;
    double t0 = tp_metrics_now();
    if (rc == TP_OK)
        rc = tp_sink_pg_store(w->sink, recs, n_recs, offs, n_offs, tp__wreject,
                              w, &res, &err);
    if (rc == TP_OK) {
        tp_histogram_observe(w->m_txn, tp_metrics_now() - t0);
        for (size_t i = 0; i < n_offs; i++) {
            tp__wpart_t *p =
                tp__wpart_find(w, offs[i].topic, offs[i].partition);
            if (p)
                p->db_next = offs[i].next;
        }
        tp__wkafka_commit(w, offs, n_offs);
        tp__wlag(w, offs, n_offs);
        tp_counter_add(w->m_articles, (uint64_t)res.articles_changed);
        tp_counter_add(w->m_stored, n_recs - (size_t)res.rejected);
        if (w->failures) {
            char secs[32];
            snprintf(secs, sizeof secs, "%.1f",
                     tp_metrics_now() - w->outage_started);
            tp_log(TP_LOG_INFO, "database is back; batch stored", "events",
                   tp_arena_printf(w->arena, "%zu", n_recs), "outage_seconds",
                   secs, "next", "resuming consumption", NULL);
        }
        tp_logf(TP_LOG_DEBUG, "stored %zu events (%d changed, %d rejected)",
                n_recs, res.articles_changed, res.rejected);
        tp__wbatch_drop(w, NULL, 0);
        w->failures = 0;
        w->retry_at = 0;
        if (w->paused) {
            w->paused = 0;
            tp_gauge_set(w->m_paused, 0);
            tp__wpause_all(w, 0);
        }
        tp_http_set_ready(1);
        return TP_OK;
    }

    tp__werr(err.cls[0] ? err.cls : tp_err_name(rc));
    if (rc == TP_ERR_RETRY && strcmp(err.cls, "offsets") == 0) {
        /* Someone else stored these partitions (or an earlier try's
         * commit landed after all): re-read where to go on. */
        tp_log(TP_LOG_WARN, "offsets moved under us; batch dropped", "reason",
               err.msg, "next", "re-read offsets and seek", NULL);
        tp__wbatch_drop(w, NULL, 0);
        for (size_t i = 0; i < w->n_parts; i++)
            w->parts[i].pending = 1;
        tp__wpause_all(w, 1);
        tp__wload_pending(w);
        return TP_OK;
    }
    if (rc == TP_ERR_RETRY) {
        w->failures++;
        tp_counter_inc(w->m_retries);
        int delay = tp__wbackoff_ms(w, w->failures);
        w->retry_at = tp_metrics_now() + delay / 1000.0;
        if (w->failures == 1) {
            w->outage_started = t0;
            tp_log(TP_LOG_WARN, "could not store batch", "reason", err.msg,
                   "events", tp_arena_printf(w->arena, "%zu", n_recs), "next",
                   "pause consumption and retry with back-off", NULL);
        } else if ((w->failures & (w->failures - 1)) == 0) {
            /* Log again at tries 2, 4, 8, ...: once per doubling. */
            tp_log(TP_LOG_WARN, "still cannot store batch", "reason", err.msg,
                   "tries", tp_arena_printf(w->arena, "%d", w->failures),
                   "next_try_ms", tp_arena_printf(w->arena, "%d", delay), NULL);
        }
        if (!w->paused) {
            w->paused = 1;
            tp_gauge_set(w->m_paused, 1);
            tp__wpause_all(w, 1);
        }
        tp_http_set_ready(0);
        return rc;
    }
    tp_log(TP_LOG_ERROR, "could not store batch; stopping", "reason", err.msg,
           "class", err.cls, NULL);
    w->fatal = 1;
    return rc;
}

/* Adds a consumed message to the batch, or handles a consumer event. */
static void tp__wtake(tp_writer_t *w, rd_kafka_message_t *m)
{
    if (m->err) {
        if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            char why[256];
            if (m->err == RD_KAFKA_RESP_ERR__FATAL &&
                rd_kafka_fatal_error(w->rk, why, sizeof why)) {
                tp_log(TP_LOG_ERROR, "consumer failed; stopping", "reason", why,
                       NULL);
                w->fatal = 1;
            } else {
                tp_log(TP_LOG_WARN, "consumer error", "reason",
                       rd_kafka_message_errstr(m), "next", "go on", NULL);
            }
        }
        rd_kafka_message_destroy(m);
        return;
    }
    tp__wpart_t *p =
        tp__wpart_find(w, rd_kafka_topic_name(m->rkt), m->partition);
    if (!p || p->pending || (p->db_next >= 0 && m->offset < p->db_next)) {
        /* Fetched before a seek took effect: not ours to store. */
        rd_kafka_message_destroy(m);
        return;
    }
    if (w->n_batch == w->cap_batch) {
        w->cap_batch = w->cap_batch ? 2 * w->cap_batch : 256;
        w->batch = realloc(w->batch, w->cap_batch * sizeof *w->batch);
        if (!w->batch)
            abort();
    }
    if (w->n_batch == 0) {
        w->batch_started = tp_metrics_now();
        w->batch_bytes = 0;
    }
    w->batch_bytes += m->len;
    w->batch[w->n_batch].m = m;
    w->batch[w->n_batch].dead = 0;
    w->n_batch++;
    tp_counter_inc(w->m_consumed);
}

/* Applies pending migrations, retrying while the database is away. */
static tp_err_t tp__wmigrate(tp_writer_t *w)
{
    char dir[4096];
    tp_pg_sql_dir(NULL, dir, sizeof dir);
    for (int tries = 1; !*w->stop; tries++) {
        tp_error_t err;
        tp_error_clear(&err);
        tp_err_t rc = tp_sink_pg_connect(w->sink, &err);
        int applied = 0;
        if (rc == TP_OK)
            rc = tp_pg_migrate(tp_sink_pg_conn(w->sink), dir,
                               w->conf->postgres.schema, NULL, &applied, &err);
        if (rc == TP_OK) {
            tp_log(TP_LOG_INFO, "database schema up to date", "applied",
                   tp_arena_printf(w->arena, "%d", applied), "sql_dir", dir,
                   NULL);
            return TP_OK;
        }
        if (rc == TP_ERR_FATAL) {
            tp_log(TP_LOG_ERROR, "could not migrate the database; stopping",
                   "reason", err.msg, NULL);
            return rc;
        }
        if (tries == 1)
            tp_log(TP_LOG_WARN, "database not reachable at start-up", "reason",
                   err.msg, "next", "retry with back-off", NULL);
        w->failures = tries;
        int delay = tp__wbackoff_ms(w, w->failures);
        for (int slept = 0; slept < delay && !*w->stop; slept += 100)
            usleep(100 * 1000);
    }
    w->failures = 0;
    return TP_OK;
}

/* The loop; see tp/writer.h. */
tp_err_t tp_writer_run(tp_writer_t *w)
{
    const tp_config_t *c = w->conf;
    if (c->writer.migrate_on_start && tp__wmigrate(w) != TP_OK)
        return TP_ERR_FATAL;
    w->failures = 0;

    rd_kafka_topic_partition_list_t *sub = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(sub, c->topics.enriched,
                                      RD_KAFKA_PARTITION_UA);
    rd_kafka_resp_err_t serr = rd_kafka_subscribe(w->rk, sub);
    rd_kafka_topic_partition_list_destroy(sub);
    if (serr) {
        tp_log(TP_LOG_ERROR, "could not subscribe; stopping", "topic",
               c->topics.enriched, "reason", rd_kafka_err2str(serr), NULL);
        return TP_ERR_FATAL;
    }
    tp_log(TP_LOG_INFO, "writer running", "topic", c->topics.enriched, "group",
           c->writer.stage.group_id, "batch_size",
           tp_arena_printf(w->arena, "%d", c->writer.stage.batch_size), NULL);
    tp_http_set_ready(1);

    int batch_size = c->writer.stage.batch_size;
    double batch_timeout = c->writer.batch_timeout_ms / 1000.0;
    while (!*w->stop && !w->fatal) {
        tp_http_heartbeat();
        double now = tp_metrics_now();
        if (w->paused && w->n_batch == 0) {
            /* The batch went with a revoked partition: nothing to retry. */
            w->paused = 0;
            w->retry_at = 0;
            tp_gauge_set(w->m_paused, 0);
            tp__wpause_all(w, 0);
        }
        for (size_t i = 0; i < w->n_parts; i++)
            if (w->parts[i].pending && now >= w->pending_retry_at &&
                !w->paused) {
                tp__wload_pending(w);
                break;
            }
        if (w->n_batch &&
            ((int)w->n_batch >= batch_size ||
             w->batch_bytes >= TP__WRITER_BATCH_BYTES ||
             now - w->batch_started >= batch_timeout || w->paused) &&
            now >= w->retry_at) {
            tp__wflush(w);
            continue;
        }
        int timeout = c->writer.stage.poll_timeout_ms;
        double until = w->paused    ? w->retry_at
                       : w->n_batch ? w->batch_started + batch_timeout
                                    : 0;
        if (until > 0) {
            int ms = (int)((until - now) * 1000) + 1;
            if (ms < timeout)
                timeout = ms < 0 ? 0 : ms;
        }
        rd_kafka_message_t *m = rd_kafka_consumer_poll(w->rk, timeout);
        if (m)
            tp__wtake(w, m);
    }

    /* Shutdown: store what we hold, within the shutdown timeout. */
    double deadline = tp_metrics_now() + c->shutdown_timeout_ms / 1000.0;
    while (w->n_batch && !w->fatal && tp_metrics_now() < deadline) {
        if (tp_metrics_now() < w->retry_at) {
            usleep(50 * 1000);
            continue;
        }
        if (tp__wflush(w) == TP_OK)
            break;
    }
    if (w->n_batch)
        tp_log(TP_LOG_WARN, "stopping with unstored messages", "messages",
               tp_arena_printf(w->arena, "%zu", w->n_batch), "next",
               "they are read again from the database offsets", NULL);
    tp__wbatch_drop(w, NULL, 0);
    tp_http_set_ready(0);
    w->consumer_unsafe = !tp_kafka_consumer_close(
        w->rk, &w->assigned_once, w->conf->shutdown_timeout_ms);
    tp_error_t ignored;
    tp_dlq_flush(w->dlq, 10000, &ignored);
    tp_log(TP_LOG_INFO,
           w->fatal ? "writer stopped on a fatal error" : "writer stopped",
           NULL);
    return w->fatal ? TP_ERR_FATAL : TP_OK;
}

/*
 * sink.c — stores a batch of article events and the consumer offsets they
 * were read at in one PostgreSQL transaction (tp_sink_pg_t, tp/pg.h).
 *
 * One transaction per batch:
 *   BEGIN
 *   compare-and-swap each partition's row in tinpipe_offsets (first, so a
 *     fenced writer learns it before doing any work, and so that two
 *     writers of one partition queue on that row, not on article rows)
 *   SELECT tinpipe_store_events($1)   -- the whole batch as one JSON array
 *   COMMIT
 * The set-based store logic lives in the database (002_store_events.sql):
 * one round trip per batch, and the rules (same event changes nothing, a
 * new version replaces the article's rows) sit beside the tables.
 *
 * When the batch fails with bad data, it is rolled back and redone with
 * one SAVEPOINT per record; records the database rejects go to the
 * caller's reject callback (the dead-letter queue), the rest commit.
 */
#include "tp/pg.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "tp/arena.h"
#include "tp/event.h"

struct tp_sink_pg {
    const tp_config_t *conf;
    char *group;
    PGconn *conn;
    tp_arena_t *arena; /* the batch's JSON; reset at each store */
};

/* Creates a sink; see tp/pg.h. */
tp_sink_pg_t *tp_sink_pg_new(const tp_config_t *c, const char *group_id,
                             char *errstr, size_t errstr_size)
{
    tp_sink_pg_t *s = calloc(1, sizeof *s);
    if (!s || !(s->group = strdup(group_id ? group_id : ""))) {
        free(s);
        snprintf(errstr, errstr_size, "out of memory");
        return NULL;
    }
    s->conf = c;
    s->arena = tp_arena_new(1 << 20);
    return s;
}

/* Closes the connection and frees the sink; NULL is a no-op. */
void tp_sink_pg_destroy(tp_sink_pg_t *s)
{
    if (!s)
        return;
    PQfinish(s->conn);
    tp_arena_destroy(s->arena);
    free(s->group);
    free(s);
}

/* Connects when needed; see tp/pg.h. */
tp_err_t tp_sink_pg_connect(tp_sink_pg_t *s, tp_error_t *err)
{
    if (s->conn && PQstatus(s->conn) != CONNECTION_OK) {
        PQfinish(s->conn);
        s->conn = NULL;
    }
    if (s->conn) {
        /* A transaction left open by an interrupted store is of no use. */
        if (PQtransactionStatus(s->conn) != PQTRANS_IDLE) {
            tp_error_t ignored;
            tp_pg_exec(s->conn, "ROLLBACK", &ignored);
            if (PQstatus(s->conn) != CONNECTION_OK ||
                PQtransactionStatus(s->conn) != PQTRANS_IDLE) {
                PQfinish(s->conn);
                s->conn = NULL;
            }
        }
    }
    if (s->conn)
        return TP_OK;
    s->conn = tp_pg_connect(s->conf, "tinpipe-writer", err);
    return s->conn ? TP_OK : (err ? err->code : TP_ERR_RETRY);
}

/* Returns the connection (borrowed). */
PGconn *tp_sink_pg_conn(tp_sink_pg_t *s)
{
    return s->conn;
}

/* Reads stored offsets; see tp/pg.h. */
tp_err_t tp_sink_pg_load_offsets(tp_sink_pg_t *s, const char *topic,
                                 const int32_t *partitions, size_t n,
                                 int64_t *next, tp_error_t *err)
{
    for (size_t i = 0; i < n; i++)
        next[i] = -1;
    if (n == 0)
        return TP_OK;
    tp_err_t rc = tp_sink_pg_connect(s, err);
    if (rc != TP_OK)
        return rc;
    tp_arena_reset(s->arena);
    tp_buf_t arr = {0};
    tp_buf_putc(s->arena, &arr, '{');
    for (size_t i = 0; i < n; i++)
        tp_buf_printf(s->arena, &arr, "%s%" PRId32, i ? "," : "",
                      partitions[i]);
    tp_buf_putc(s->arena, &arr, '}');
    const char *params[3] = {s->group, topic, arr.data};
    PGresult *res =
        PQexecParams(s->conn,
                     "SELECT \"partition\", next_offset FROM tinpipe_offsets "
                     "WHERE consumer_group = $1 AND topic = $2 "
                     "AND \"partition\" = ANY ($3::integer[])",
                     3, NULL, params, NULL, NULL, 0);
    rc = tp_pg_classify(s->conn, res, "could not read tinpipe_offsets", err);
    if (rc == TP_OK) {
        for (int r = 0; r < PQntuples(res); r++) {
            int32_t p = (int32_t)strtol(PQgetvalue(res, r, 0), NULL, 10);
            int64_t off = strtoll(PQgetvalue(res, r, 1), NULL, 10);
            for (size_t i = 0; i < n; i++)
                if (partitions[i] == p)
                    next[i] = off;
        }
    }
    PQclear(res);
    return rc;
}

/* Ends a failed transaction; a lost connection is dropped for the next
 * call to reopen. */
static void tp__sink_rollback(tp_sink_pg_t *s)
{
    tp_error_t ignored;
    if (PQstatus(s->conn) == CONNECTION_OK)
        tp_pg_exec(s->conn, "ROLLBACK", &ignored);
    if (PQstatus(s->conn) != CONNECTION_OK) {
        PQfinish(s->conn);
        s->conn = NULL;
    }
}

/* Moves every offset by compare and swap; TP_ERR_RETRY with cls "offsets"
 * when another consumer moved one. */
static tp_err_t tp__sink_offsets(tp_sink_pg_t *s, const tp_sink_offset_t *offs,
                                 size_t n, tp_error_t *err)
{
    for (size_t i = 0; i < n; i++) {
        char part[16], expected[24], next[24];
        snprintf(part, sizeof part, "%" PRId32, offs[i].partition);
        snprintf(expected, sizeof expected, "%" PRId64, offs[i].expected);
        snprintf(next, sizeof next, "%" PRId64, offs[i].next);
        const char *params[5] = {s->group, offs[i].topic, part,
                                 offs[i].expected >= 0 ? expected : NULL, next};
        /* With no row expected, an existing row is a conflict: the update's
         * WHERE compares it with NULL and fails. */
        PGresult *res = PQexecParams(
            s->conn,
            "INSERT INTO tinpipe_offsets AS o "
            "(consumer_group, topic, \"partition\", next_offset) "
            "VALUES ($1, $2, $3::integer, $5::bigint) "
            "ON CONFLICT (consumer_group, topic, \"partition\") DO UPDATE "
            "SET next_offset = EXCLUDED.next_offset, updated_at = now() "
            "WHERE o.next_offset = $4::bigint "
            "RETURNING o.next_offset",
            5, NULL, params, NULL, NULL, 0);
        tp_err_t rc =
            tp_pg_classify(s->conn, res, "could not store offsets", err);
        int moved = rc == TP_OK && PQntuples(res) == 1;
        PQclear(res);
        if (rc != TP_OK)
            return rc;
        if (!moved)
            return tp_error_set(err, TP_ERR_RETRY, "offsets",
                                "offset of %s [%" PRId32
                                "] for group %s is no longer %s: "
                                "another writer stored this partition",
                                offs[i].topic, offs[i].partition, s->group,
                                offs[i].expected >= 0 ? expected : "unset");
    }
    return TP_OK;
}

/* Runs tinpipe_store_events on a JSON array; adds to *changed. */
static tp_err_t tp__sink_events(tp_sink_pg_t *s, const char *json_array,
                                int *changed, tp_error_t *err)
{
    const char *params[1] = {json_array};
    PGresult *res =
        PQexecParams(s->conn, "SELECT tinpipe_store_events($1::jsonb)", 1, NULL,
                     params, NULL, NULL, 0);
    tp_err_t rc = tp_pg_classify(s->conn, res, "could not store events", err);
    if (rc == TP_OK && PQntuples(res) == 1)
        *changed += atoi(PQgetvalue(res, 0, 0));
    PQclear(res);
    return rc;
}

/* The event text of a record (the received JSON, or the encoded article)
 * in the sink's arena. */
static const char *tp__sink_json(tp_sink_pg_t *s, const tp_sink_record_t *r,
                                 size_t *len)
{
    if (r->json) {
        *len = r->json_len;
        return r->json;
    }
    return tp_event_encode(s->arena, r->article, len);
}

/* Stores a batch; see tp/pg.h. */
tp_err_t tp_sink_pg_store(tp_sink_pg_t *s, const tp_sink_record_t *recs,
                          size_t n, const tp_sink_offset_t *offs, size_t n_offs,
                          tp_sink_reject_fn reject, void *opaque,
                          tp_sink_result_t *res, tp_error_t *err)
{
    tp_sink_result_t local = {0};
    if (!res)
        res = &local;
    memset(res, 0, sizeof *res);
    tp_err_t rc = tp_sink_pg_connect(s, err);
    if (rc != TP_OK)
        return rc;
    tp_arena_reset(s->arena);

    /* The events, checked for NUL bytes (text parameters cannot carry
     * them, and JSON text has none). */
    const char **texts = tp_arena_alloc(s->arena, (n ? n : 1) * sizeof *texts);
    size_t *lens = tp_arena_alloc(s->arena, (n ? n : 1) * sizeof *lens);
    unsigned char *bad = tp_arena_alloc(s->arena, n ? n : 1);
    tp_error_t *why = tp_arena_alloc(s->arena, (n ? n : 1) * sizeof *why);
    size_t n_good = 0;
    tp_buf_t batch = {0};
    tp_buf_putc(s->arena, &batch, '[');
    for (size_t i = 0; i < n; i++) {
        texts[i] = tp__sink_json(s, &recs[i], &lens[i]);
        if (!texts[i] || memchr(texts[i], '\0', lens[i])) {
            bad[i] = 1;
            tp_error_set(&why[i], TP_ERR_INPUT, "db_data",
                         "event holds a NUL byte or could not be encoded");
            continue;
        }
        if (n_good++)
            tp_buf_putc(s->arena, &batch, ',');
        tp_buf_append(s->arena, &batch, texts[i], lens[i]);
    }
    tp_buf_putc(s->arena, &batch, ']');

    int changed = 0;
    rc = tp_pg_exec(s->conn, "BEGIN", err);
    if (rc == TP_OK)
        rc = tp__sink_offsets(s, offs, n_offs, err);
    if (rc == TP_OK && n_good)
        rc = tp__sink_events(s, batch.data, &changed, err);

    if (rc == TP_ERR_INPUT) {
        /* Some record is bad: redo the batch one record per savepoint. */
        tp__sink_rollback(s);
        if (!s->conn)
            return tp_error_set(err, TP_ERR_RETRY, "db_retry",
                                "connection lost after a data error");
        res->record_by_record = 1;
        changed = 0;
        rc = tp_pg_exec(s->conn, "BEGIN", err);
        if (rc == TP_OK)
            rc = tp__sink_offsets(s, offs, n_offs, err);
        for (size_t i = 0; i < n && rc == TP_OK; i++) {
            if (bad[i])
                continue;
            tp_buf_t one = {0};
            tp_buf_putc(s->arena, &one, '[');
            tp_buf_append(s->arena, &one, texts[i], lens[i]);
            tp_buf_putc(s->arena, &one, ']');
            rc = tp_pg_exec(s->conn, "SAVEPOINT tp_record", err);
            if (rc != TP_OK)
                break;
            rc = tp__sink_events(s, one.data, &changed, &why[i]);
            if (rc == TP_ERR_INPUT) {
                bad[i] = 1;
                rc =
                    tp_pg_exec(s->conn, "ROLLBACK TO SAVEPOINT tp_record", err);
            } else if (rc == TP_OK) {
                rc = tp_pg_exec(s->conn, "RELEASE SAVEPOINT tp_record", err);
            } else if (err) {
                *err = why[i];
            }
        }
    }

    /* Dead letters are made durable before the offsets past them commit. */
    for (size_t i = 0; i < n && rc == TP_OK; i++) {
        if (!bad[i])
            continue;
        if (!reject) {
            if (err)
                *err = why[i];
            rc = TP_ERR_INPUT;
            break;
        }
        rc = reject(opaque, &recs[i], &why[i]);
        if (rc != TP_OK)
            tp_error_set(err, rc, "dlq",
                         "could not dead-letter a record the database "
                         "rejected: %s",
                         why[i].msg);
        else
            res->rejected++;
    }

    if (rc == TP_OK)
        rc = tp_pg_exec(s->conn, "COMMIT", err);
    if (rc != TP_OK) {
        tp__sink_rollback(s);
        return rc;
    }
    res->articles_changed = changed;
    return TP_OK;
}

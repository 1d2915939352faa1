/*
 * tp/pg.h — tinpipe's PostgreSQL side: connections, error classes,
 * schema migrations and the sink that stores article events together with
 * the Kafka offsets they were read at.
 *
 * Ownership: tp_pg_connect() returns a connection the caller closes with
 * PQfinish(). tp_sink_pg_new() returns a handle the caller releases with
 * tp_sink_pg_destroy(); tp_sink_pg_destroy(NULL) is a no-op. The sink
 * borrows the config (it must outlive the sink) and owns its connection.
 * Records and offsets passed to tp_sink_pg_store() are borrowed for the
 * call only. A connection or sink is used by one thread at a time.
 *
 * Errors follow tp/err.h. Database errors are classified by SQLSTATE:
 *   TP_ERR_RETRY  connection lost or refused (class 08, or the connection
 *                 is bad), serialization failure 40001, deadlock 40P01,
 *                 administrator or crash shutdown 57P01/57P02/57P03,
 *                 query cancelled 57014, lock not available 55P03,
 *                 insufficient resources (class 53, e.g. 53300 too many
 *                 connections), system errors (class 58);        cls "db_retry"
 *   TP_ERR_INPUT  bad data: data exceptions (class 22), integrity
 *                 constraint violations (class 23), program limits
 *                 (class 54, e.g. a key too large to index);     cls "db_data"
 *   TP_ERR_FATAL  everything else (undefined table: run `tinpipe migrate`;
 *                 permission denied; syntax errors);             cls "db_fatal"
 */
#ifndef TP_PG_H
#define TP_PG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <libpq-fe.h>

#include "tp/article.h"
#include "tp/config.h"
#include "tp/err.h"

/*
 * Connections and errors
 */

/* Connects with c->postgres (conninfo, password, connect_timeout_s, TCP
 * keepalives), names the connection application_name, and sets
 * search_path to c->postgres.schema. Returns NULL and TP_ERR_RETRY in err
 * ("could not connect to database: ...") when the server cannot be
 * reached, TP_ERR_FATAL when it refuses us (authentication, no such
 * database). */
PGconn *tp_pg_connect(const tp_config_t *c, const char *application_name,
                      tp_error_t *err);

/* Classifies a failed result (res may be NULL, e.g. when the connection
 * dropped) as above, fills err with "<what>: <server message>" and returns
 * the code. Returns TP_OK for a successful result. */
tp_err_t tp_pg_classify(PGconn *conn, const PGresult *res, const char *what,
                        tp_error_t *err);

/* Classifies a SQLSTATE (five characters, or NULL for "no server answer")
 * alone; for tests and logs. */
tp_err_t tp_pg_sqlstate_class(const char *sqlstate);

/* Runs sql (one or more statements, no parameters) and classifies the
 * outcome. */
tp_err_t tp_pg_exec(PGconn *conn, const char *sql, tp_error_t *err);

/*
 * Migrations
 */

/* Finds the directory of the numbered migrations and writes it into buf:
 * override when not NULL, else the environment variable TP_SQL_DIR, else
 * <directory of the running executable>/../share/tinpipe/sql when it
 * exists (an installed tinpipe), else the source tree's shared/sql
 * (TP_SQL_DIR at compile time). Returns buf. */
const char *tp_pg_sql_dir(const char *override, char *buf, size_t size);

/* Applies the migrations in sql_dir that the database lacks, in version
 * order, each in its own transaction, and records each in
 * tinpipe_migrations(version, name, checksum, applied_at). Files are
 * NNN_name.sql; anything else in the directory is ignored. A session
 * advisory lock keeps two migrators from racing (the second waits, then
 * finds nothing to do). Creates schema (when not NULL) first and works in
 * it. An applied migration whose file changed since (checksum differs), two
 * files with one version, or an unreadable file is TP_ERR_FATAL.
 * For each migration applied prints "applied NNN_name" to out (may be
 * NULL); *n_applied (may be NULL) says how many were applied. */
tp_err_t tp_pg_migrate(PGconn *conn, const char *sql_dir, const char *schema,
                       FILE *out, int *n_applied, tp_error_t *err);

/*
 * The sink
 */

typedef struct tp_sink_pg tp_sink_pg_t;

/* One event to store. article comes from tp_event_decode(); json is the
 * event as received (stored as the `event` column so that fields this
 * build does not know survive), or NULL to store tp_event_encode(article). */
typedef struct tp_sink_record {
    const tp_article_t *article;
    const char *json;
    size_t json_len;
    void *opaque; /* the caller's, passed back to the reject callback */
} tp_sink_record_t;

/* Where a consumer stands in one partition after the batch: the batch's
 * last offset + 1 (next), and what the caller believes the database holds
 * now (expected; -1 for "no row"). The store succeeds only if the database
 * still holds expected, so a writer that lost its partition to another
 * replica cannot move the offset under it (compare and swap). */
typedef struct tp_sink_offset {
    const char *topic;
    int32_t partition;
    int64_t expected;
    int64_t next;
} tp_sink_offset_t;

/* Called for a record the database rejected as bad data, before the
 * transaction commits; it must make the dead letter durable and return
 * TP_OK, or return an error, which rolls the batch back and is returned by
 * tp_sink_pg_store(). */
typedef tp_err_t (*tp_sink_reject_fn)(void *opaque, const tp_sink_record_t *rec,
                                      const tp_error_t *why);

/* What one store did. */
typedef struct tp_sink_result {
    int articles_changed; /* inserted or replaced (0 on redelivery) */
    int rejected;         /* records handed to the reject callback */
    int record_by_record; /* 1 when the batch failed and was redone record
                             by record in savepoints */
} tp_sink_result_t;

/* Creates a sink for consumer group group_id (copied). Does not connect:
 * tp_sink_pg_store() and tp_sink_pg_load_offsets() connect on demand.
 * NULL with errstr only when out of memory. */
tp_sink_pg_t *tp_sink_pg_new(const tp_config_t *c, const char *group_id,
                             char *errstr, size_t errstr_size);

void tp_sink_pg_destroy(tp_sink_pg_t *s);

/* Connects when not connected (or when the connection went bad). */
tp_err_t tp_sink_pg_connect(tp_sink_pg_t *s, tp_error_t *err);

/* The sink's connection (borrowed; NULL when not connected). */
PGconn *tp_sink_pg_conn(tp_sink_pg_t *s);

/* Reads the stored next offsets of topic's partitions into next[i] (-1
 * when the database has no row: start from the beginning). */
tp_err_t tp_sink_pg_load_offsets(tp_sink_pg_t *s, const char *topic,
                                 const int32_t *partitions, size_t n,
                                 int64_t *next, tp_error_t *err);

/* Stores recs and moves offs in one transaction. When the batch fails with
 * bad data, it is rolled back and redone record by record, each in a
 * savepoint: each rejected record goes to reject (which must not be NULL
 * then; without it the store fails with TP_ERR_INPUT) and the rest commit
 * with the offsets. Returns:
 *   TP_OK         committed; res (may be NULL) says what changed;
 *   TP_ERR_RETRY  nothing committed, try the same batch again later
 *                 (cls "db_retry"), except cls "offsets": another consumer
 *                 moved an offset in offs (or the commit of an earlier try
 *                 did land after all): reload the offsets and seek there;
 *   TP_ERR_INPUT  a record was bad and there was no reject callback;
 *   TP_ERR_FATAL  the schema is missing or the server refuses us.
 * A connection that was lost is reopened by the next call. */
tp_err_t tp_sink_pg_store(tp_sink_pg_t *s, const tp_sink_record_t *recs,
                          size_t n, const tp_sink_offset_t *offs, size_t n_offs,
                          tp_sink_reject_fn reject, void *opaque,
                          tp_sink_result_t *res, tp_error_t *err);

#endif

/*
 * test_pg_sink.c — the PostgreSQL side (tp/pg.h) against a real server:
 * SQLSTATE classes, migrations (apply, skip, changed checksum), and the
 * sink (store, redelivery changes nothing, a new version replaces rows,
 * entities shared across articles, offsets compare-and-swap, bad records
 * dead-lettered alone). Each run works in a schema of its own, dropped at
 * the end. The database tests skip, saying so, without TP_PG_CONNINFO.
 */
/* cmocka.h needs these first. */
// clang-format off
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
// clang-format on

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tp/arena.h"
#include "tp/config.h"
#include "tp/event.h"
#include "tp/pg.h"

static tp_config_t *g_conf;
static PGconn *g_conn;
static char g_schema[64];
static char g_sqldir[4096];

/* Returns 1 when a database is configured, else prints why and returns 0. */
static int have_pg(void)
{
    const char *ci = getenv("TP_PG_CONNINFO");
    if (!ci || !*ci) {
        print_message("skipped: TP_PG_CONNINFO is not set (no database)\n");
        return 0;
    }
    return 1;
}

/* Runs a query that returns one number. */
static long long q_num(const char *sql)
{
    PGresult *r = PQexec(g_conn, sql);
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        fail_msg("%s: %s", sql, PQresultErrorMessage(r));
    long long v = atoll(PQgetvalue(r, 0, 0));
    PQclear(r);
    return v;
}

/* Connects in a fresh schema and migrates it. */
static int setup_db(void **state)
{
    (void)state;
    if (!getenv("TP_PG_CONNINFO") || !*getenv("TP_PG_CONNINFO"))
        return 0;
    tp_pg_sql_dir(NULL, g_sqldir, sizeof g_sqldir);
    char errstr[512];
    g_conf = tp_config_defaults(errstr, sizeof errstr);
    assert_non_null(g_conf);
    snprintf(g_schema, sizeof g_schema, "tp_unit_%d", (int)getpid());
    free(g_conf->postgres.schema);
    g_conf->postgres.schema = strdup(g_schema);
    tp_error_t err;
    g_conn = tp_pg_connect(g_conf, "test_pg_sink", &err);
    if (!g_conn) {
        fprintf(stderr, "%s\n", err.msg);
        return -1;
    }
    int applied = -1;
    if (tp_pg_migrate(g_conn, g_sqldir, g_schema, NULL, &applied, &err) !=
        TP_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return -1;
    }
    return applied >= 2 ? 0 : -1;
}

/* Drops the schema. */
static int teardown_db(void **state)
{
    (void)state;
    if (g_conn) {
        char sql[128];
        snprintf(sql, sizeof sql, "DROP SCHEMA %s CASCADE", g_schema);
        PQclear(PQexec(g_conn, sql));
        PQfinish(g_conn);
    }
    tp_config_destroy(g_conf);
    return 0;
}

/* SQLSTATEs map to retry, dead-letter or stop. */
static void test_sqlstate_classes(void **state)
{
    (void)state;
    assert_int_equal(tp_pg_sqlstate_class("08006"), TP_ERR_RETRY);
    assert_int_equal(tp_pg_sqlstate_class("08001"), TP_ERR_RETRY);
    assert_int_equal(tp_pg_sqlstate_class("40001"), TP_ERR_RETRY);
    assert_int_equal(tp_pg_sqlstate_class("40P01"), TP_ERR_RETRY);
    assert_int_equal(tp_pg_sqlstate_class("57P01"), TP_ERR_RETRY);
    assert_int_equal(tp_pg_sqlstate_class("57P02"), TP_ERR_RETRY);
    assert_int_equal(tp_pg_sqlstate_class("57P03"), TP_ERR_RETRY);
    assert_int_equal(tp_pg_sqlstate_class("53300"), TP_ERR_RETRY);
    assert_int_equal(tp_pg_sqlstate_class(NULL), TP_ERR_RETRY);
    assert_int_equal(tp_pg_sqlstate_class("22007"), TP_ERR_INPUT);
    assert_int_equal(tp_pg_sqlstate_class("22P02"), TP_ERR_INPUT);
    assert_int_equal(tp_pg_sqlstate_class("23505"), TP_ERR_INPUT);
    assert_int_equal(tp_pg_sqlstate_class("54000"), TP_ERR_INPUT);
    assert_int_equal(tp_pg_sqlstate_class("42P01"), TP_ERR_FATAL);
    assert_int_equal(tp_pg_sqlstate_class("42501"), TP_ERR_FATAL);
    assert_int_equal(tp_pg_sqlstate_class("40002"), TP_ERR_FATAL);
}

/* The migrations directory: the argument, else $TP_SQL_DIR, else the
 * installed or source tree's. */
static void test_sql_dir(void **state)
{
    (void)state;
    char buf[4096];
    const char *saved = getenv("TP_SQL_DIR");
    char *copy = saved ? strdup(saved) : NULL;
    setenv("TP_SQL_DIR", "/from/env", 1);
    assert_string_equal(tp_pg_sql_dir("/from/arg", buf, sizeof buf),
                        "/from/arg");
    assert_string_equal(tp_pg_sql_dir(NULL, buf, sizeof buf), "/from/env");
    unsetenv("TP_SQL_DIR");
    tp_pg_sql_dir(NULL, buf, sizeof buf);
    size_t n = strlen(buf);
    assert_true(n > 4 && strcmp(buf + n - 4, "/sql") == 0);
    struct stat st;
    assert_int_equal(stat(buf, &st), 0);
    if (copy) {
        setenv("TP_SQL_DIR", copy, 1);
        free(copy);
    }
}

/* A server that is not there is a retry, with the documented message. */
static void test_connect_refused_is_retry(void **state)
{
    (void)state;
    char errstr[512];
    tp_config_t *c = tp_config_defaults(errstr, sizeof errstr);
    assert_non_null(c);
    free(c->postgres.conninfo);
    c->postgres.conninfo = strdup("host=127.0.0.1 port=1 dbname=x user=x");
    tp_error_t err;
    tp_error_clear(&err);
    PGconn *conn = tp_pg_connect(c, "t", &err);
    assert_null(conn);
    assert_int_equal(err.code, TP_ERR_RETRY);
    assert_non_null(strstr(err.msg, "could not connect to database: "));
    tp_config_destroy(c);
}

/* Copies the source migrations into a new temporary directory. */
static char *copy_sql_dir(void)
{
    char tmpl[] = "/tmp/tp_test_sql_XXXXXX";
    assert_non_null(mkdtemp(tmpl));
    char cmd[8300];
    snprintf(cmd, sizeof cmd, "cp %s/*.sql %s/", g_sqldir, tmpl);
    assert_int_equal(system(cmd), 0);
    return strdup(tmpl);
}

/* Migrating again applies nothing; a changed applied file is an error; a
 * new file is applied. */
static void test_migrate_idempotent_and_checksum(void **state)
{
    (void)state;
    if (!have_pg()) {
        skip();
        return;
    }
    tp_error_t err;
    int applied = -1;
    assert_int_equal(
        tp_pg_migrate(g_conn, g_sqldir, g_schema, NULL, &applied, &err), TP_OK);
    assert_int_equal(applied, 0);
    assert_int_equal(q_num("SELECT count(*) FROM tinpipe_migrations"), 2);

    char *dir = copy_sql_dir();
    char path[4200], cmd[8600];
    /* A new migration is applied, once. */
    snprintf(path, sizeof path, "%s/900_test_extra.sql", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("CREATE TABLE tp_test_extra (x integer);\n", f);
    fclose(f);
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_int_equal(tp_pg_migrate(g_conn, dir, g_schema, out, &applied, &err),
                     TP_OK);
    fclose(out);
    assert_int_equal(applied, 1);
    assert_string_equal(buf, "applied 900_test_extra\n");
    free(buf);

    /* Editing an applied migration is refused. */
    snprintf(cmd, sizeof cmd, "echo '-- edited' >> %s/001_schema.sql", dir);
    assert_int_equal(system(cmd), 0);
    tp_error_clear(&err);
    assert_int_equal(tp_pg_migrate(g_conn, dir, g_schema, NULL, &applied, &err),
                     TP_ERR_FATAL);
    assert_non_null(strstr(err.msg, "migration 001_schema was changed"));

    /* Two files with one version are refused. */
    snprintf(cmd, sizeof cmd,
             "cp %s/002_store_events.sql %s/002_other.sql && "
             "cp %s/001_schema.sql %s/001_schema.sql",
             dir, dir, g_sqldir, dir);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(tp_pg_migrate(g_conn, dir, g_schema, NULL, &applied, &err),
                     TP_ERR_FATAL);
    assert_non_null(strstr(err.msg, "two migrations have version 2"));

    /* A failing migration leaves nothing behind. */
    snprintf(cmd, sizeof cmd,
             "rm %s/002_other.sql && printf 'CREATE TABLE tp_half (x int);\\n"
             "SELECT 1/0;\\n' > %s/901_broken.sql",
             dir, dir);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(tp_pg_migrate(g_conn, dir, g_schema, NULL, &applied, &err),
                     TP_ERR_FATAL);
    assert_non_null(strstr(err.msg, "migration 901_broken failed"));
    assert_int_equal(q_num("SELECT count(*) FROM tinpipe_migrations "
                           "WHERE version = 901"),
                     0);
    assert_int_equal(q_num("SELECT count(*) FROM pg_class "
                           "WHERE relname = 'tp_half'"),
                     0);
    snprintf(cmd, sizeof cmd, "rm -r %s", dir);
    assert_int_equal(system(cmd), 0);
    free(dir);
}

typedef struct migrator {
    PGconn *conn;
    tp_err_t rc;
    int applied;
    atomic_int done;
} migrator_t;

/* Runs a migration on its own connection (a second migrator). */
static void *run_migrator(void *arg)
{
    migrator_t *m = arg;
    tp_error_t err;
    m->rc = tp_pg_migrate(m->conn, g_sqldir, g_schema, NULL, &m->applied, &err);
    atomic_store(&m->done, 1);
    return NULL;
}

/* A migrator waits while another holds the migration lock, then finds
 * nothing to do. */
static void test_migrate_waits_for_lock(void **state)
{
    (void)state;
    if (!have_pg()) {
        skip();
        return;
    }
    tp_error_t err;
    migrator_t m = {0};
    m.conn = tp_pg_connect(g_conf, "test_pg_sink_migrator", &err);
    assert_non_null(m.conn);
    PGresult *r = PQexec(g_conn, "SELECT pg_advisory_lock(32767020351713381)");
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    PQclear(r);
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, run_migrator, &m), 0);
    usleep(400 * 1000);
    assert_int_equal(atomic_load(&m.done), 0);
    r = PQexec(g_conn, "SELECT pg_advisory_unlock(32767020351713381)");
    PQclear(r);
    pthread_join(th, NULL);
    assert_int_equal(m.rc, TP_OK);
    assert_int_equal(m.applied, 0);
    PQfinish(m.conn);
}

/* An event with the given id, lead, date and an entity list. */
static char *make_event(tp_arena_t *a, const char *id, const char *lead,
                        const char *published_at, const char *entities)
{
    const char *body = "Đồng chí Lê Hồng Sơn dự hội nghị quán triệt "
                       "Quy định 290-QĐ/TW tại Hà Nội.";
    return tp_arena_printf(
        a,
        "{\"schema\":\"tinpipe.article/1\",\"article_id\":\"%s\","
        "\"source\":{\"url\":\"https://example.vn/%s\",\"site\":\"example.vn\","
        "\"topic\":\"articles.raw\",\"partition\":0,\"offset\":1},"
        "\"title\":\"Hội nghị\",\"published_at\":\"%s\","
        "\"authors\":[\"Minh Anh\"],\"agency\":null,\"lead\":\"%s\","
        "\"body\":\"%s\",\"paragraphs\":[[0,%zu]],\"captions\":[],"
        "\"tags\":[],\"view_count\":12,\"removed\":[],"
        "\"content_hash\":\"00112233aabbccdd\",\"simhash\":"
        "\"ffeeddcc00112233\","
        "\"versions\":{\"normalizer\":\"1.0.0\",\"extractor\":\"1.0.0\"},"
        "\"entities\":[%s]}",
        id, id, published_at, lead, body, strlen(body), entities);
}

/* The entities every test article has: a person with a position, the
 * document (two mentions) and a province. */
#define ENTS                                                                          \
    "{\"type\":\"person\",\"key\":\"person:Lê Hồng Sơn\","                        \
    "\"name\":\"Lê Hồng Sơn\",\"positions\":[{\"title\":\"Phó Chủ tịch\","   \
    "\"organization\":\"organization:Ủy ban nhân dân thành phố Hà Nội\"}]," \
    "\"mentions\":[{\"start\":9,\"end\":24}]},"                                       \
    "{\"type\":\"document\",\"key\":\"document:290-QĐ/TW\","                         \
    "\"name\":\"Quy định 290-QĐ/TW\",\"doc_type\":\"QĐ\",\"number\":\"290\","    \
    "\"issuer\":\"TW\",\"issued_on\":\"2010-02-25\",\"title\":null,"                  \
    "\"mentions\":[{\"start\":57,\"end\":76},{\"start\":66,\"end\":76}]},"            \
    "{\"type\":\"location\",\"key\":\"location:Hà Nội\",\"name\":\"Hà Nội\","   \
    "\"level\":\"thanh_pho\",\"code\":\"01\","                                        \
    "\"mentions\":[{\"start\":81,\"end\":88}]}"

typedef struct rejects {
    int n;
    char cls[32];
    const void *last;
} rejects_t;

/* Counts rejected records (the writer dead-letters them here). */
static tp_err_t on_reject(void *opaque, const tp_sink_record_t *rec,
                          const tp_error_t *why)
{
    rejects_t *r = opaque;
    r->n++;
    snprintf(r->cls, sizeof r->cls, "%s", why->cls);
    r->last = rec->opaque;
    return TP_OK;
}

/* Decodes json into a record. */
static void make_record(tp_arena_t *a, const char *json, tp_article_t *art,
                        tp_sink_record_t *rec)
{
    tp_error_t err;
    if (tp_event_decode(a, json, strlen(json), art, &err) != TP_OK)
        fail_msg("decode: %s", err.msg);
    rec->article = art;
    rec->json = json;
    rec->json_len = strlen(json);
    rec->opaque = (void *)json;
}

#define ID1 "11111111111111111111111111111111"
#define ID2 "22222222222222222222222222222222"
#define ID3 "33333333333333333333333333333333"

/* Counts of every table, as one string, for before/after comparisons. */
static void counts(char *out, size_t size)
{
    snprintf(out, size, "a=%lld e=%lld m=%lld ae=%lld pp=%lld d=%lld",
             q_num("SELECT count(*) FROM articles"),
             q_num("SELECT count(*) FROM entities"),
             q_num("SELECT count(*) FROM mentions"),
             q_num("SELECT count(*) FROM article_entities"),
             q_num("SELECT count(*) FROM person_positions"),
             q_num("SELECT count(*) FROM document_refs"));
}

/* Store, redeliver, new version, shared entities, offsets. */
static void test_sink_store(void **state)
{
    (void)state;
    if (!have_pg()) {
        skip();
        return;
    }
    char errstr[256], before[256], after[256];
    tp_sink_pg_t *s = tp_sink_pg_new(g_conf, "g1", errstr, sizeof errstr);
    assert_non_null(s);
    tp_arena_t *a = tp_arena_new(0);
    tp_article_t arts[3];
    tp_sink_record_t recs[3];
    make_record(a, make_event(a, ID1, "một", "2020-03-26T19:54:00+07:00", ENTS),
                &arts[0], &recs[0]);
    make_record(a, make_event(a, ID2, "hai", "2021-05-02T08:00:00+07:00", ENTS),
                &arts[1], &recs[1]);
    tp_sink_offset_t off = {"enriched.t", 3, -1, 2};
    tp_sink_result_t res;
    tp_error_t err;
    tp_error_clear(&err);
    assert_int_equal(
        tp_sink_pg_store(s, recs, 2, &off, 1, on_reject, NULL, &res, &err),
        TP_OK);
    assert_int_equal(res.articles_changed, 2);
    counts(before, sizeof before);
    /* Entities are shared: three keys; two articles x three links. */
    assert_string_equal(before, "a=2 e=3 m=8 ae=6 pp=2 d=2");
    assert_int_equal(q_num("SELECT mention_count FROM article_entities ae "
                           "JOIN entities e ON e.id = ae.entity_id "
                           "WHERE e.key = 'document:290-QĐ/TW' LIMIT 1"),
                     2);
    assert_int_equal(q_num("SELECT count(*) FROM document_refs "
                           "WHERE issued_on = '2010-02-25' AND number = '290'"),
                     2);

    /* The offset is stored, and read back. */
    int32_t parts[2] = {3, 4};
    int64_t next[2];
    assert_int_equal(
        tp_sink_pg_load_offsets(s, "enriched.t", parts, 2, next, &err), TP_OK);
    assert_int_equal(next[0], 2);
    assert_int_equal(next[1], -1);

    /* Redelivery of the same batch, from another source offset: nothing
     * changes. */
    off.expected = 2;
    off.next = 4;
    recs[0].json = make_event(a, ID1, "một", "2020-03-26T19:54:00+07:00", ENTS);
    {
        char *p = strstr(recs[0].json, "\"offset\":1");
        assert_non_null(p);
        p[9] = '7';
        recs[0].json_len = strlen(recs[0].json);
    }
    assert_int_equal(
        tp_sink_pg_store(s, recs, 2, &off, 1, on_reject, NULL, &res, &err),
        TP_OK);
    assert_int_equal(res.articles_changed, 0);
    counts(after, sizeof after);
    assert_string_equal(before, after);

    /* A stale expectation is refused and changes nothing. */
    off.expected = 2;
    off.next = 9;
    tp_error_clear(&err);
    assert_int_equal(
        tp_sink_pg_store(s, recs, 2, &off, 1, on_reject, NULL, &res, &err),
        TP_ERR_RETRY);
    assert_string_equal(err.cls, "offsets");
    assert_int_equal(q_num("SELECT next_offset FROM tinpipe_offsets "
                           "WHERE consumer_group = 'g1' AND \"partition\" = 3"),
                     4);
    /* So is "no row" when there is one. */
    off.expected = -1;
    assert_int_equal(
        tp_sink_pg_store(s, recs, 2, &off, 1, on_reject, NULL, &res, &err),
        TP_ERR_RETRY);
    assert_string_equal(err.cls, "offsets");

    /* A new version of article 1 without the person: its rows are
     * replaced; the entity stays (article 2 mentions it). The batch holds
     * two versions of it; the later wins. */
    const char *ents_no_person =
        "{\"type\":\"location\",\"key\":\"location:Hà Nội\",\"name\":\"Hà "
        "Nội\",\"level\":\"thanh_pho\",\"code\":\"01\",\"mentions\":[{"
        "\"start\":81,\"end\":88}]}";
    make_record(a, make_event(a, ID1, "ba", "2020-03-26T19:54:00+07:00", ENTS),
                &arts[0], &recs[0]);
    make_record(
        a,
        make_event(a, ID1, "bốn", "2020-03-26T19:54:00+07:00", ents_no_person),
        &arts[1], &recs[1]);
    off.expected = 4;
    off.next = 6;
    assert_int_equal(
        tp_sink_pg_store(s, recs, 2, &off, 1, on_reject, NULL, &res, &err),
        TP_OK);
    assert_int_equal(res.articles_changed, 1);
    counts(after, sizeof after);
    assert_string_equal(after, "a=2 e=3 m=5 ae=4 pp=1 d=1");
    assert_int_equal(q_num("SELECT count(*) FROM articles "
                           "WHERE article_id = '" ID1 "' AND lead = 'bốn'"),
                     1);

    /* A later article adds fields an entity lacks, never overwrites. */
    make_record(a,
                make_event(a, ID3, "năm", "2021-06-01T08:00:00+07:00",
                           "{\"type\":\"location\",\"key\":\"location:Hà "
                           "Nội\",\"name\":\"Hà Nội\",\"level\":\"tinh\","
                           "\"code\":\"99\",\"extra\":\"x\",\"mentions\":[]}"),
                &arts[2], &recs[2]);
    off.expected = 6;
    off.next = 7;
    assert_int_equal(
        tp_sink_pg_store(s, &recs[2], 1, &off, 1, on_reject, NULL, &res, &err),
        TP_OK);
    assert_int_equal(q_num("SELECT count(*) FROM entities WHERE key = "
                           "'location:Hà Nội' AND fields->>'code' = '01' AND "
                           "fields->>'level' = 'thanh_pho' AND "
                           "fields->>'extra' = 'x'"),
                     1);
    assert_int_equal(q_num("SELECT mention_count FROM article_entities ae "
                           "JOIN entities e ON e.id = ae.entity_id WHERE "
                           "ae.article_id = '" ID3 "'"),
                     0);
    assert_int_equal(
        q_num("DELETE FROM articles WHERE article_id = '" ID3 "' RETURNING 1"),
        1);

    /* The analyst view: the document, by province and month. */
    assert_int_equal(q_num("SELECT sum(articles) FROM "
                           "document_citations_by_province_month WHERE "
                           "document_key = 'document:290-QĐ/TW' AND "
                           "province = 'Hà Nội' AND month = '2021-05-01'"),
                     1);

    tp_arena_destroy(a);
    tp_sink_pg_destroy(s);
}

/* A bad record is rejected alone; the others and the offsets commit. */
static void test_sink_bad_record(void **state)
{
    (void)state;
    if (!have_pg()) {
        skip();
        return;
    }
    char errstr[256];
    tp_sink_pg_t *s = tp_sink_pg_new(g_conf, "g2", errstr, sizeof errstr);
    tp_arena_t *a = tp_arena_new(0);
    tp_article_t arts[3];
    tp_sink_record_t recs[3];
    make_record(a, make_event(a, ID3, "x", "2022-01-01T00:00:00+07:00", ENTS),
                &arts[0], &recs[0]);
    /* Month 13: the decoder takes a string, the database refuses the
     * date (SQLSTATE 22008). */
    char *bad = make_event(a, "44444444444444444444444444444444", "y",
                           "2022-13-01T00:00:00+07:00", ENTS);
    make_record(a, bad, &arts[1], &recs[1]);
    make_record(a,
                make_event(a, "55555555555555555555555555555555", "z",
                           "2022-02-01T00:00:00+07:00", ENTS),
                &arts[2], &recs[2]);
    tp_sink_offset_t off = {"enriched.t", 0, -1, 30};
    rejects_t rj = {0};
    tp_sink_result_t res;
    tp_error_t err;
    tp_error_clear(&err);

    /* Without a reject callback, the whole batch fails as input. */
    assert_int_equal(
        tp_sink_pg_store(s, recs, 3, &off, 1, NULL, NULL, &res, &err),
        TP_ERR_INPUT);
    assert_string_equal(err.cls, "db_data");
    assert_int_equal(q_num("SELECT count(*) FROM tinpipe_offsets "
                           "WHERE consumer_group = 'g2'"),
                     0);

    assert_int_equal(
        tp_sink_pg_store(s, recs, 3, &off, 1, on_reject, &rj, &res, &err),
        TP_OK);
    assert_int_equal(rj.n, 1);
    assert_ptr_equal(rj.last, bad);
    assert_string_equal(rj.cls, "db_data");
    assert_int_equal(res.rejected, 1);
    assert_int_equal(res.record_by_record, 1);
    assert_int_equal(res.articles_changed, 2);
    assert_int_equal(q_num("SELECT count(*) FROM articles WHERE article_id IN "
                           "('" ID3 "', '55555555555555555555555555555555')"),
                     2);
    assert_int_equal(q_num("SELECT count(*) FROM articles WHERE article_id = "
                           "'44444444444444444444444444444444'"),
                     0);
    assert_int_equal(q_num("SELECT next_offset FROM tinpipe_offsets "
                           "WHERE consumer_group = 'g2'"),
                     30);
    tp_arena_destroy(a);
    tp_sink_pg_destroy(s);
}

/* A dropped connection is a retry, and the next store reconnects. */
static void test_sink_reconnects(void **state)
{
    (void)state;
    if (!have_pg()) {
        skip();
        return;
    }
    char errstr[256];
    tp_sink_pg_t *s = tp_sink_pg_new(g_conf, "g3", errstr, sizeof errstr);
    tp_error_t err;
    assert_int_equal(tp_sink_pg_connect(s, &err), TP_OK);
    PGresult *r = PQexec(tp_sink_pg_conn(s), "SELECT pg_backend_pid()");
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT pg_terminate_backend(%s)",
             PQgetvalue(r, 0, 0));
    PQclear(r);
    PQclear(PQexec(g_conn, sql));

    tp_arena_t *a = tp_arena_new(0);
    tp_article_t art;
    tp_sink_record_t rec;
    make_record(a,
                make_event(a, "66666666666666666666666666666666", "w",
                           "2022-01-01T00:00:00+07:00", ENTS),
                &art, &rec);
    tp_sink_offset_t off = {"enriched.t", 0, -1, 5};
    tp_error_clear(&err);
    assert_int_equal(
        tp_sink_pg_store(s, &rec, 1, &off, 1, on_reject, NULL, NULL, &err),
        TP_ERR_RETRY);
    assert_string_equal(err.cls, "db_retry");
    assert_int_equal(
        tp_sink_pg_store(s, &rec, 1, &off, 1, on_reject, NULL, NULL, &err),
        TP_OK);
    assert_int_equal(q_num("SELECT next_offset FROM tinpipe_offsets "
                           "WHERE consumer_group = 'g3'"),
                     5);
    tp_arena_destroy(a);
    tp_sink_pg_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sqlstate_classes),
        cmocka_unit_test(test_sql_dir),
        cmocka_unit_test(test_connect_refused_is_retry),
        cmocka_unit_test(test_migrate_idempotent_and_checksum),
        cmocka_unit_test(test_migrate_waits_for_lock),
        cmocka_unit_test(test_sink_store),
        cmocka_unit_test(test_sink_bad_record),
        cmocka_unit_test(test_sink_reconnects),
    };
    return cmocka_run_group_tests(tests, setup_db, teardown_db);
}

/*
 * test_kafka_stage.c — the transactional stage loop (tp/stage.h) against
 * librdkafka's in-process mock cluster, which lets us inject broker errors
 * into the transactional path. The real-broker tests are
 * tests/integration/test_stage_*.sh; these cover the faults a real broker
 * will not produce on demand.
 *
 * Every test runs a stage over records "v000".."vNNN" with a transform
 * that writes "out:<value>", then reads the output topic read_committed
 * and asserts that each record came out exactly once: nothing lost to an
 * abort, nothing duplicated by a re-read.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include "tp/config.h"
#include "tp/kafka.h"
#include "tp/log.h"
#include "tp/stage.h"

/* Kafka protocol API keys (not exported by librdkafka's public headers). */
#define API_PRODUCE 0
#define API_ADD_OFFSETS_TO_TXN 25
#define API_END_TXN 26
#define API_TXN_OFFSET_COMMIT 28

#define PARTS 4
#define MAX_RECORDS 400

/* One test's world: a mock cluster, topics, a config, a running stage. */
typedef struct world {
    rd_kafka_t *mock_rk;
    rd_kafka_mock_cluster_t *mc;
    tp_config_t *conf;
    volatile sig_atomic_t stop;
    tp_stage_t *stage;
    pthread_t thread;
    tp_err_t result;
} world_t;

/* The transform under test: "bad..." is bad input, the rest gets "out:". */
static tp_err_t transform(void *opaque, tp_arena_t *arena,
                          const rd_kafka_message_t *in, tp_stage_output_t *out,
                          tp_error_t *err)
{
    (void)opaque;
    if (in->len >= 3 && memcmp(in->payload, "bad", 3) == 0)
        return tp_error_set(err, TP_ERR_INPUT, "bad", "record says it is bad");
    out->value = tp_arena_printf(arena, "out:%.*s", (int)in->len,
                                 (const char *)in->payload);
    out->len = strlen(out->value);
    return TP_OK;
}

/* Creates the mock cluster, the topics and the config. */
static void world_init(world_t *w, int batch_size)
{
    char errstr[512];
    memset(w, 0, sizeof *w);
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    w->mock_rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
    assert_non_null(w->mock_rk);
    w->mc = rd_kafka_mock_cluster_new(w->mock_rk, 3);
    assert_non_null(w->mc);
    assert_int_equal(rd_kafka_mock_topic_create(w->mc, "in", PARTS, 1), 0);
    assert_int_equal(rd_kafka_mock_topic_create(w->mc, "out", PARTS, 1), 0);
    assert_int_equal(rd_kafka_mock_topic_create(w->mc, "dlq", 1, 1), 0);
    char yaml[2048];
    snprintf(yaml, sizeof yaml,
             "kafka:\n"
             "  bootstrap.servers: \"%s\"\n"
             "  topic.metadata.refresh.interval.ms: 1000\n"
             "topics: {raw: in, normalized: out, dlq: dlq}\n"
             "normalizer:\n"
             "  group_id: g-test\n"
             "  transactional_id: tx-test\n"
             "  max_message_bytes: 1024\n"
             "  poll_timeout_ms: 50\n"
             "  commit_interval_ms: 50\n"
             "  batch_size: %d\n"
             "  kafka: {session.timeout.ms: 6000}\n"
             "shutdown_timeout_ms: 10000\n"
             "log: {level: warn, format: text}\n",
             rd_kafka_mock_cluster_bootstraps(w->mc), batch_size);
    w->conf = tp_config_load_string("test.yaml", yaml, strlen(yaml), errstr,
                                    sizeof errstr);
    if (!w->conf)
        fail_msg("config: %s", errstr);
    tp_log_setup("test_kafka_stage", "warn", "text");
}

/* Produces n records "v000".. plus the extra values given (NULL ends). */
static void produce_input(world_t *w, int n, const char *const *extra)
{
    char errstr[512];
    rd_kafka_conf_t *conf =
        tp_kafka_producer_conf_new(w->conf, NULL, NULL, errstr, sizeof errstr);
    assert_non_null(conf);
    rd_kafka_t *rk = tp_kafka_producer_new(conf, 0, errstr, sizeof errstr);
    assert_non_null(rk);
    char v[16];
    for (int i = 0; i < n; i++) {
        snprintf(v, sizeof v, "v%03d", i);
        assert_int_equal(rd_kafka_producev(rk, RD_KAFKA_V_TOPIC("in"),
                                           RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                                           RD_KAFKA_V_VALUE(v, strlen(v)),
                                           RD_KAFKA_V_KEY(v, strlen(v)),
                                           RD_KAFKA_V_END),
                         0);
    }
    for (int i = 0; extra && extra[i]; i++)
        assert_int_equal(
            rd_kafka_producev(rk, RD_KAFKA_V_TOPIC("in"),
                              RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                              RD_KAFKA_V_VALUE((void *)extra[i], strlen(extra[i])),
                              RD_KAFKA_V_KEY("x", 1),
                              RD_KAFKA_V_HEADERS(NULL), RD_KAFKA_V_END),
            0);
    rd_kafka_flush(rk, 10000);
    assert_int_equal(rd_kafka_outq_len(rk), 0);
    rd_kafka_destroy(rk);
}

/* The stage thread. */
static void *stage_main(void *arg)
{
    world_t *w = arg;
    w->result = tp_stage_run(w->stage);
    return NULL;
}

/* Creates and starts a stage with instance id inst. */
static void stage_start(world_t *w, const char *inst)
{
    char errstr[512];
    tp_stage_opts_t o = {
        .name = "normalizer",
        .config = w->conf,
        .stage = &w->conf->normalizer.stage,
        .in_topic = "in",
        .out_topic = "out",
        .transform = transform,
        .stop = &w->stop,
        .instance_id = inst,
    };
    w->stop = 0;
    w->stage = tp_stage_new(&o, errstr, sizeof errstr);
    if (!w->stage)
        fail_msg("tp_stage_new: %s", errstr);
    assert_int_equal(pthread_create(&w->thread, NULL, stage_main, w), 0);
}

/* Stops the stage, joins it and returns what tp_stage_run returned. */
static tp_err_t stage_stop(world_t *w, tp_stage_stats_t *stats)
{
    w->stop = 1;
    pthread_join(w->thread, NULL);
    if (stats)
        tp_stage_stats(w->stage, stats);
    tp_stage_destroy(w->stage);
    w->stage = NULL;
    return w->result;
}

/* What a read of a topic found. */
typedef struct seen {
    int count[MAX_RECORDS]; /* out:vNNN seen this often */
    int other;              /* records that are not out:vNNN */
    int total;
    char classes[8][32];    /* DLQ: tp.error.class of the first records */
    int64_t src_offsets[8]; /* DLQ: tp.source.offset */
} seen_t;

/* Reads every committed record of topic (nparts partitions). */
static void read_topic(world_t *w, const char *topic, int nparts, seen_t *s)
{
    char errstr[512];
    memset(s, 0, sizeof *s);
    rd_kafka_conf_t *conf = tp_kafka_conf_new(w->conf, NULL, errstr, sizeof errstr);
    assert_non_null(conf);
    rd_kafka_conf_set(conf, "group.id", "reader", errstr, sizeof errstr);
    rd_kafka_conf_set(conf, "isolation.level", "read_committed", errstr,
                      sizeof errstr);
    rd_kafka_conf_set(conf, "enable.partition.eof", "true", errstr,
                      sizeof errstr);
    rd_kafka_conf_set(conf, "enable.auto.commit", "false", errstr, sizeof errstr);
    rd_kafka_t *rk = tp_kafka_consumer_new(conf, errstr, sizeof errstr);
    assert_non_null(rk);
    rd_kafka_topic_partition_list_t *a = rd_kafka_topic_partition_list_new(nparts);
    for (int p = 0; p < nparts; p++)
        rd_kafka_topic_partition_list_add(a, topic, p)->offset =
            RD_KAFKA_OFFSET_BEGINNING;
    assert_int_equal(rd_kafka_assign(rk, a), 0);
    rd_kafka_topic_partition_list_destroy(a);
    int eofs = 0;
    tp_arena_t *arena = tp_arena_new(4096);
    for (int idle = 0; eofs < nparts && idle < 20;) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, 500);
        if (!m) {
            idle++;
            continue;
        }
        if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            eofs++;
        } else if (!m->err) {
            int i;
            if (s->total < 8) {
                const char *c = tp_kafka_header_get(m, "tp.error.class", arena);
                const char *o = tp_kafka_header_get(m, "tp.source.offset", arena);
                snprintf(s->classes[s->total], sizeof s->classes[0], "%s",
                         c ? c : "");
                s->src_offsets[s->total] = o ? atoll(o) : -1;
            }
            s->total++;
            if (m->len == 8 && sscanf(m->payload, "out:v%3d", &i) == 1 &&
                i >= 0 && i < MAX_RECORDS)
                s->count[i]++;
            else
                s->other++;
        }
        rd_kafka_message_destroy(m);
    }
    tp_arena_destroy(arena);
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
}

/* Waits (up to 60 s) until the output holds n distinct records. */
static void wait_output(world_t *w, int n, seen_t *s)
{
    for (int tries = 0; tries < 60; tries++) {
        read_topic(w, "out", PARTS, s);
        int distinct = 0;
        for (int i = 0; i < n; i++)
            distinct += s->count[i] > 0;
        if (distinct == n)
            return;
        sleep(1);
    }
}

/* Asserts every one of n records is in the output exactly once. */
static void assert_exactly_once(world_t *w, int n)
{
    seen_t s;
    read_topic(w, "out", PARTS, &s);
    for (int i = 0; i < n; i++)
        if (s.count[i] != 1)
            fail_msg("record v%03d came out %d times", i, s.count[i]);
    assert_int_equal(s.other, 0);
    assert_int_equal(s.total, n);
}

/* Releases the world. */
static void world_destroy(world_t *w)
{
    tp_config_destroy(w->conf);
    rd_kafka_mock_cluster_destroy(w->mc);
    rd_kafka_destroy(w->mock_rk);
}

/* Good records come out once; empty, too large and bad ones are dead
 * letters with their class and source offset. */
static void test_records_and_dead_letters(void **state)
{
    (void)state;
    world_t w;
    world_init(&w, 10);
    char big[2000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    const char *extra[] = {"bad one", big, "", NULL};
    produce_input(&w, 50, extra);
    stage_start(&w, "a");
    seen_t s;
    wait_output(&w, 50, &s);
    tp_stage_stats_t st;
    assert_int_equal(stage_stop(&w, &st), TP_OK);
    assert_exactly_once(&w, 50);
    assert_int_equal(st.dead_letters, 3);
    read_topic(&w, "dlq", 1, &s);
    assert_int_equal(s.total, 3);
    int bad = 0, large = 0, empty = 0;
    for (int i = 0; i < 3; i++) {
        bad += strcmp(s.classes[i], "bad") == 0;
        large += strcmp(s.classes[i], "too_large") == 0;
        empty += strcmp(s.classes[i], "empty") == 0;
        assert_true(s.src_offsets[i] >= 0);
    }
    assert_int_equal(bad + large + empty, 3);
    assert_int_equal(bad * large * empty, 1);
    world_destroy(&w);
}

/* Asserts every one of n records is in the output at least once: what
 * the mock cluster can show after aborts. librdkafka 2.0.2's mock broker
 * writes no abort markers and reports no aborted transactions in Fetch
 * (transaction lifecycle support came to the mock only in 2026), so
 * records of an aborted transaction that reached its log stay visible to
 * a read_committed consumer. Exactly-once across aborts is asserted
 * against the real broker (test_stage_normalizer.sh, chaos tests). */
static void assert_at_least_once(world_t *w, int n)
{
    seen_t s;
    read_topic(w, "out", PARTS, &s);
    int dups = 0;
    for (int i = 0; i < n; i++) {
        if (s.count[i] < 1)
            fail_msg("record v%03d was lost", i);
        dups += s.count[i] - 1;
    }
    assert_int_equal(s.other, 0);
    if (dups)
        print_message("%d records of aborted transactions stayed visible on "
                      "the mock broker\n", dups);
}

/* Runs n records through a stage while the errors pushed by inject hit the
 * transactional path; asserts at least one abort, a commit, and that no
 * record is lost (see assert_at_least_once for why not exactly once). */
static void run_with_faults(void (*inject)(rd_kafka_mock_cluster_t *mc))
{
    world_t w;
    world_init(&w, 5);
    produce_input(&w, 60, NULL);
    inject(w.mc);
    stage_start(&w, "a");
    seen_t s;
    wait_output(&w, 60, &s);
    tp_stage_stats_t st;
    assert_int_equal(stage_stop(&w, &st), TP_OK);
    assert_true(st.aborts >= 1);
    assert_true(st.commits >= 1);
    assert_at_least_once(&w, 60);
    world_destroy(&w);
}

/* AddOffsetsToTxn refused (abortable). */
static void inject_add_offsets(rd_kafka_mock_cluster_t *mc)
{
    rd_kafka_mock_push_request_errors(
        mc, API_ADD_OFFSETS_TO_TXN, 2,
        RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED,
        RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED);
}

/* TxnOffsetCommit refused (abortable). */
static void inject_txn_offset_commit(rd_kafka_mock_cluster_t *mc)
{
    rd_kafka_mock_push_request_errors(
        mc, API_TXN_OFFSET_COMMIT, 1,
        RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED);
}

/* Produce requests refused: the records' delivery fails, so the commit
 * fails and the transaction must be aborted. */
static void inject_produce(rd_kafka_mock_cluster_t *mc)
{
    rd_kafka_mock_push_request_errors(
        mc, API_PRODUCE, 3, RD_KAFKA_RESP_ERR_INVALID_RECORD,
        RD_KAFKA_RESP_ERR_INVALID_RECORD,
        RD_KAFKA_RESP_ERR_INVALID_RECORD);
}

static void test_abort_on_add_offsets(void **state)
{
    (void)state;
    run_with_faults(inject_add_offsets);
}

static void test_abort_on_txn_offset_commit(void **state)
{
    (void)state;
    run_with_faults(inject_txn_offset_commit);
}

static void test_abort_on_produce(void **state)
{
    (void)state;
    run_with_faults(inject_produce);
}

/* A fenced producer (fatal) stops the stage with TP_ERR_FATAL; a new
 * instance with the same id takes over and nothing is lost or doubled. */
static void test_fenced_then_replaced(void **state)
{
    (void)state;
    world_t w;
    world_init(&w, 5);
    produce_input(&w, 40, NULL);
    rd_kafka_mock_push_request_errors(w.mc, API_ADD_OFFSETS_TO_TXN, 1,
                                      RD_KAFKA_RESP_ERR_INVALID_PRODUCER_EPOCH);
    stage_start(&w, "a");
    pthread_join(w.thread, NULL); /* ends by itself on the fatal error */
    assert_int_equal(w.result, TP_ERR_FATAL);
    tp_stage_destroy(w.stage);
    w.stage = NULL;
    stage_start(&w, "a");
    seen_t s;
    wait_output(&w, 40, &s);
    assert_int_equal(stage_stop(&w, NULL), TP_OK);
    assert_exactly_once(&w, 40);
    world_destroy(&w);
}

/* A bad librdkafka property is reported with its key. */
static void test_bad_property_named(void **state)
{
    (void)state;
    char errstr[512];
    const char *yaml = "kafka: {no.such.property: 1}\n";
    tp_config_t *c = tp_config_load_string("t.yaml", yaml, strlen(yaml), errstr,
                                           sizeof errstr);
    assert_non_null(c);
    rd_kafka_conf_t *conf = tp_kafka_consumer_conf_new(
        c, &c->normalizer.stage, errstr, sizeof errstr);
    assert_null(conf);
    assert_non_null(strstr(errstr, "kafka property \"no.such.property\""));
    tp_config_destroy(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_property_named),
        cmocka_unit_test(test_records_and_dead_letters),
        cmocka_unit_test(test_abort_on_add_offsets),
        cmocka_unit_test(test_abort_on_txn_offset_commit),
        cmocka_unit_test(test_abort_on_produce),
        cmocka_unit_test(test_fenced_then_replaced),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

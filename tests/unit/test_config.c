/*
 * test_config.c — the configuration loader (tp/config.h) and the daemon
 * argument helper (tp/cli.h): defaults, a full file, interpolation, secrets,
 * kafka passthrough, and every kind of error with its exact
 * "name:line:column: message".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tp/cli.h"
#include "tp/config.h"

/* Loads yaml named "t.yaml"; errstr receives the error. */
static tp_config_t *load(const char *yaml, char *err, size_t size)
{
    return tp_config_load_string("t.yaml", yaml, strlen(yaml), err, size);
}

/* Asserts that yaml fails to load with exactly the message want. */
static void expect_error(const char *yaml, const char *want)
{
    char err[1024] = "";
    tp_config_t *c = load(yaml, err, sizeof err);
    if (c) {
        tp_config_destroy(c);
        fail_msg("loaded but expected: %s", want);
    }
    assert_string_equal(err, want);
}

/* Writes text to a new temporary file; returns its malloc()ed path. */
static char *write_temp(const char *text)
{
    char tmpl[] = "/tmp/tp_test_config_XXXXXX";
    int fd = mkstemp(tmpl);
    assert_true(fd >= 0);
    size_t len = strlen(text);
    assert_int_equal(write(fd, text, len), (ssize_t)len);
    close(fd);
    return strdup(tmpl);
}

/* Clears the variables tp_config_defaults() honours. */
static void clear_env(void)
{
    unsetenv("TP_KAFKA_BOOTSTRAP");
    unsetenv("TP_PG_CONNINFO");
    unsetenv("TP_PG_PASSWORD_FILE");
    unsetenv("TP_HTTP_LISTEN");
    unsetenv("TP_CONFIG");
}

/* Checks every default of DESIGN.md. */
static void check_defaults(const tp_config_t *c)
{
    assert_string_equal(tp_config_kv_get(&c->kafka, "bootstrap.servers"),
                        "127.0.0.1:19092");
    assert_int_equal(c->kafka.n, 1);
    assert_string_equal(c->topics.raw, "articles.raw");
    assert_string_equal(c->topics.normalized, "articles.normalized");
    assert_string_equal(c->topics.enriched, "articles.enriched");
    assert_string_equal(c->topics.dlq, "articles.dlq");
    assert_int_equal(c->topics.partitions, 6);
    assert_int_equal(c->topics.replication_factor, 1);
    assert_string_equal(c->normalizer.stage.group_id, "tinpipe-normalizer");
    assert_string_equal(c->normalizer.stage.transactional_id,
                        "tinpipe-normalizer");
    assert_string_equal(c->extractor.stage.group_id, "tinpipe-extractor");
    assert_string_equal(c->extractor.stage.transactional_id,
                        "tinpipe-extractor");
    assert_string_equal(c->writer.stage.group_id, "tinpipe-writer");
    const tp_stage_config_t *stages[] = {&c->normalizer.stage,
                                         &c->extractor.stage,
                                         &c->writer.stage};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(stages[i]->max_message_bytes, 8 * 1024 * 1024);
        assert_int_equal(stages[i]->poll_timeout_ms, 100);
        assert_int_equal(stages[i]->commit_interval_ms, 100);
        assert_int_equal(stages[i]->kafka.n, 0);
    }
    assert_int_equal(c->normalizer.stage.batch_size, 100);
    assert_int_equal(c->extractor.stage.batch_size, 100);
    assert_int_equal(c->writer.stage.batch_size, 500);
    assert_int_equal(c->writer.batch_timeout_ms, 200);
    assert_int_equal(c->writer.retry_initial_ms, 100);
    assert_int_equal(c->writer.retry_max_ms, 10000);
    assert_int_equal(c->writer.migrate_on_start, 1);
    assert_string_equal(c->normalizer.tone_style, "traditional");
    assert_int_equal(c->normalizer.max_article_bytes, 4 * 1024 * 1024);
    assert_string_equal(c->postgres.conninfo,
                        "host=127.0.0.1 port=15432 user=tinpipe dbname=tinpipe");
    assert_string_equal(c->postgres.schema, "public");
    assert_string_equal(c->postgres.password, "");
    assert_string_equal(c->postgres.password_file, "");
    assert_int_equal(c->postgres.connect_timeout_s, 5);
    assert_string_equal(c->http.listen, "127.0.0.1:9100");
    assert_string_equal(c->log.level, "info");
    assert_string_equal(c->log.format, "json");
    assert_int_equal(c->shutdown_timeout_ms, 10000);
}

/* tp_config_defaults() without environment gives the documented defaults. */
static void test_defaults(void **state)
{
    (void)state;
    clear_env();
    char err[256] = "x";
    tp_config_t *c = tp_config_defaults(err, sizeof err);
    assert_non_null(c);
    assert_string_equal(err, "");
    assert_null(c->path);
    check_defaults(c);
    tp_config_destroy(c);

    /* An empty file and empty sections mean the same. */
    c = load("", err, sizeof err);
    assert_non_null(c);
    check_defaults(c);
    tp_config_destroy(c);
    c = load("# nothing\nnormalizer:\nwriter: ~\nkafka:\n", err, sizeof err);
    assert_non_null(c);
    check_defaults(c);
    tp_config_destroy(c);
}

/* The environment overrides of tp_config_defaults(). */
static void test_defaults_env(void **state)
{
    (void)state;
    clear_env();
    char *pw = write_temp("hunter2\n\n");
    setenv("TP_KAFKA_BOOTSTRAP", "kafka:9092", 1);
    setenv("TP_PG_CONNINFO", "host=db user=x", 1);
    setenv("TP_HTTP_LISTEN", "-", 1);
    setenv("TP_PG_PASSWORD_FILE", pw, 1);
    char err[256];
    tp_config_t *c = tp_config_defaults(err, sizeof err);
    assert_non_null(c);
    assert_string_equal(tp_config_kv_get(&c->kafka, "bootstrap.servers"),
                        "kafka:9092");
    assert_int_equal(c->kafka.n, 1);
    assert_string_equal(c->postgres.conninfo, "host=db user=x");
    assert_string_equal(c->http.listen, "");
    assert_string_equal(c->postgres.password, "hunter2");
    tp_config_destroy(c);

    setenv("TP_HTTP_LISTEN", "0.0.0.0:9200", 1);
    setenv("TP_PG_PASSWORD_FILE", "/nonexistent/tp-pw", 1);
    c = tp_config_defaults(err, sizeof err);
    assert_null(c);
    assert_string_equal(err, "TP_PG_PASSWORD_FILE: could not read password "
                             "file \"/nonexistent/tp-pw\": No such file or "
                             "directory");
    unsetenv("TP_PG_PASSWORD_FILE");
    c = tp_config_defaults(err, sizeof err);
    assert_non_null(c);
    assert_string_equal(c->http.listen, "0.0.0.0:9200");
    tp_config_destroy(c);
    clear_env();
    unlink(pw);
    free(pw);
}

/* A file that sets every option. */
static void test_full_file(void **state)
{
    (void)state;
    static const char yaml[] =
        "kafka:\n"
        "  bootstrap.servers: broker1:9092,broker2:9092\n"
        "  security.protocol: plaintext\n"
        "topics:\n"
        "  raw: r\n"
        "  normalized: n\n"
        "  enriched: e\n"
        "  dlq: d\n"
        "  partitions: 12\n"
        "  replication_factor: 3\n"
        "normalizer:\n"
        "  group_id: g-n\n"
        "  transactional_id: t-n\n"
        "  kafka: {fetch.max.bytes: 1048576}\n"
        "  max_message_bytes: 2048\n"
        "  poll_timeout_ms: 50\n"
        "  commit_interval_ms: 250\n"
        "  batch_size: 7\n"
        "  tone_style: modern\n"
        "  max_article_bytes: 65536\n"
        "extractor:\n"
        "  group_id: g-e\n"
        "  batch_size: 9\n"
        "writer:\n"
        "  group_id: g-w\n"
        "  batch_size: 1000\n"
        "  batch_timeout_ms: 20\n"
        "  retry_initial_ms: 10\n"
        "  retry_max_ms: 500\n"
        "  migrate_on_start: no\n"
        "postgres:\n"
        "  conninfo: 'host=db dbname=x'\n"
        "  password: \"p w\"\n"
        "  schema: tp\n"
        "  connect_timeout_s: 30\n"
        "http:\n"
        "  listen: \"\"\n"
        "log:\n"
        "  level: debug\n"
        "  format: text\n"
        "shutdown_timeout_ms: 0\n";
    char err[512] = "";
    tp_config_t *c = load(yaml, err, sizeof err);
    if (!c)
        fail_msg("%s", err);
    assert_string_equal(tp_config_kv_get(&c->kafka, "bootstrap.servers"),
                        "broker1:9092,broker2:9092");
    assert_string_equal(tp_config_kv_get(&c->kafka, "security.protocol"),
                        "plaintext");
    assert_int_equal(c->kafka.n, 2);
    assert_string_equal(c->topics.raw, "r");
    assert_string_equal(c->topics.normalized, "n");
    assert_string_equal(c->topics.enriched, "e");
    assert_string_equal(c->topics.dlq, "d");
    assert_int_equal(c->topics.partitions, 12);
    assert_int_equal(c->topics.replication_factor, 3);
    assert_string_equal(c->normalizer.stage.group_id, "g-n");
    assert_string_equal(c->normalizer.stage.transactional_id, "t-n");
    assert_string_equal(
        tp_config_kv_get(&c->normalizer.stage.kafka, "fetch.max.bytes"),
        "1048576");
    assert_int_equal(c->normalizer.stage.max_message_bytes, 2048);
    assert_int_equal(c->normalizer.stage.poll_timeout_ms, 50);
    assert_int_equal(c->normalizer.stage.commit_interval_ms, 250);
    assert_int_equal(c->normalizer.stage.batch_size, 7);
    assert_string_equal(c->normalizer.tone_style, "modern");
    assert_int_equal(c->normalizer.max_article_bytes, 65536);
    assert_string_equal(c->extractor.stage.group_id, "g-e");
    assert_string_equal(c->extractor.stage.transactional_id,
                        "tinpipe-extractor");
    assert_int_equal(c->extractor.stage.batch_size, 9);
    assert_string_equal(c->writer.stage.group_id, "g-w");
    assert_int_equal(c->writer.stage.batch_size, 1000);
    assert_int_equal(c->writer.batch_timeout_ms, 20);
    assert_int_equal(c->writer.retry_initial_ms, 10);
    assert_int_equal(c->writer.retry_max_ms, 500);
    assert_int_equal(c->writer.migrate_on_start, 0);
    assert_string_equal(c->postgres.conninfo, "host=db dbname=x");
    assert_string_equal(c->postgres.password, "p w");
    assert_string_equal(c->postgres.schema, "tp");
    assert_int_equal(c->postgres.connect_timeout_s, 30);
    assert_string_equal(c->http.listen, "");
    assert_string_equal(c->log.level, "debug");
    assert_string_equal(c->log.format, "text");
    assert_int_equal(c->shutdown_timeout_ms, 0);
    assert_ptr_equal(tp_config_stage(c, "writer"), &c->writer.stage);
    assert_ptr_equal(tp_config_stage(c, "normalizer"), &c->normalizer.stage);
    assert_ptr_equal(tp_config_stage(c, "extractor"), &c->extractor.stage);
    assert_null(tp_config_stage(c, "crawler"));
    assert_null(tp_config_kv_get(&c->kafka, "acks"));

    /* The printed config masks the password and reloads to the same. */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    tp_config_print(c, f);
    fclose(f);
    assert_non_null(strstr(buf, "  password: \"********\"\n"));
    assert_null(strstr(buf, "p w"));
    assert_non_null(strstr(buf, "  batch_size: 1000\n"));
    assert_non_null(strstr(buf, "  migrate_on_start: false\n"));
    assert_non_null(strstr(buf, "  \"bootstrap.servers\": "
                                "\"broker1:9092,broker2:9092\"\n"));
    tp_config_t *again = load(buf, err, sizeof err);
    if (!again)
        fail_msg("printed config does not reload: %s\n%s", err, buf);
    assert_int_equal(again->writer.stage.batch_size, 1000);
    assert_string_equal(again->postgres.password, "********");
    assert_string_equal(again->normalizer.tone_style, "modern");
    tp_config_destroy(again);
    free(buf);
    tp_config_destroy(c);
}

/* ${VAR}, ${VAR:-default}, $$ and their errors. */
static void test_interpolation(void **state)
{
    (void)state;
    char err[512] = "";
    setenv("TP_TEST_GROUP", "grp", 1);
    setenv("TP_TEST_EMPTY", "", 1);
    unsetenv("TP_TEST_UNSET");
    tp_config_t *c = load("normalizer:\n"
                          "  group_id: ${TP_TEST_GROUP}\n"
                          "  transactional_id: pre-${TP_TEST_GROUP}-${TP_TEST_UNSET:-x}\n"
                          "  batch_size: ${TP_TEST_UNSET:-42}\n"
                          "extractor:\n"
                          "  group_id: ${TP_TEST_EMPTY:-fallback}\n"
                          "  transactional_id: \"${TP_TEST_EMPTY}|\"\n"
                          "writer:\n"
                          "  group_id: cost $$5 and $ alone $$$$\n"
                          "postgres:\n"
                          "  password_file: ${TP_TEST_UNSET:-}\n"
                          "kafka:\n"
                          "  client.id: ${TP_TEST_GROUP:-no}\n",
                          err, sizeof err);
    if (!c)
        fail_msg("%s", err);
    assert_string_equal(c->normalizer.stage.group_id, "grp");
    assert_string_equal(c->normalizer.stage.transactional_id, "pre-grp-x");
    assert_int_equal(c->normalizer.stage.batch_size, 42);
    assert_string_equal(c->extractor.stage.group_id, "fallback");
    assert_string_equal(c->extractor.stage.transactional_id, "|");
    assert_string_equal(c->writer.stage.group_id, "cost $5 and $ alone $$");
    assert_string_equal(c->postgres.password_file, "");
    assert_string_equal(c->postgres.password, "");
    assert_string_equal(tp_config_kv_get(&c->kafka, "client.id"), "grp");
    tp_config_destroy(c);

    expect_error("normalizer:\n  group_id: ${TP_TEST_UNSET}\n",
                 "t.yaml:2:13: normalizer.group_id: environment variable "
                 "\"TP_TEST_UNSET\" is not set (write ${TP_TEST_UNSET:-default} "
                 "to give a default)");
    expect_error("kafka:\n  sasl.password: ${TP_TEST_UNSET}\n",
                 "t.yaml:2:18: kafka.sasl.password: environment variable "
                 "\"TP_TEST_UNSET\" is not set (write ${TP_TEST_UNSET:-default} "
                 "to give a default)");
    expect_error("topics:\n  raw: \"a${TP_TEST_GROUP\"\n",
                 "t.yaml:2:8: topics.raw: unterminated \"${\" (write $$ for a "
                 "literal dollar)");
    expect_error("topics:\n  raw: ${1X}\n",
                 "t.yaml:2:8: topics.raw: invalid variable reference \"${1X}\"");
    expect_error("topics:\n  raw: ${A B}\n",
                 "t.yaml:2:8: topics.raw: invalid variable reference "
                 "\"${A B}\"");
    /* The expanded text is converted and checked like any other. */
    setenv("TP_TEST_NUM", "abc", 1);
    expect_error("topics:\n  partitions: ${TP_TEST_NUM}\n",
                 "t.yaml:2:15: topics.partitions: expected an integer, got "
                 "\"abc\"");
    unsetenv("TP_TEST_NUM");
    unsetenv("TP_TEST_GROUP");
    unsetenv("TP_TEST_EMPTY");
}

/* Every error kind with its exact text. */
static void test_errors(void **state)
{
    (void)state;
    expect_error("normalizer:\n  group_id: x\n  bogus: 1\n",
                 "t.yaml:3:3: unknown key \"bogus\" in section \"normalizer\" "
                 "(known: group_id, transactional_id, kafka, "
                 "max_message_bytes, poll_timeout_ms, commit_interval_ms, "
                 "batch_size, tone_style, max_article_bytes)");
    expect_error("log:\n  level: info\n  colour: yes\n",
                 "t.yaml:3:3: unknown key \"colour\" in section \"log\" "
                 "(known: level, format)");
    expect_error("\nnormaliser:\n  batch_size: 1\n",
                 "t.yaml:2:1: unknown key \"normaliser\" at the top level "
                 "(known: kafka, topics, normalizer, extractor, writer, "
                 "postgres, http, log, shutdown_timeout_ms)");
    expect_error("normalizer:\n  batch_size: abc\n",
                 "t.yaml:2:15: normalizer.batch_size: expected an integer, "
                 "got \"abc\"");
    expect_error("normalizer:\n  batch_size: 1.5\n",
                 "t.yaml:2:15: normalizer.batch_size: expected an integer, "
                 "got \"1.5\"");
    expect_error("normalizer:\n  max_article_bytes: 12x\n",
                 "t.yaml:2:22: normalizer.max_article_bytes: expected an "
                 "integer, got \"12x\"");
    expect_error("writer:\n  batch_size: 0\n",
                 "t.yaml:2:15: writer.batch_size: 0 is out of range "
                 "[1, 1000000]");
    expect_error("topics:\n  partitions: 99999999999999999999\n",
                 "t.yaml:2:15: topics.partitions: expected an integer, got "
                 "\"99999999999999999999\"");
    expect_error("normalizer:\n  max_message_bytes: 2147483648000\n",
                 "t.yaml:2:22: normalizer.max_message_bytes: 2147483648000 is "
                 "out of range [1024, 1073741824]");
    expect_error("writer:\n  migrate_on_start: maybe\n",
                 "t.yaml:2:21: writer.migrate_on_start: expected a boolean "
                 "(true or false), got \"maybe\"");
    expect_error("log:\n  level: loud\n",
                 "t.yaml:2:10: log.level: expected one of debug, info, warn, "
                 "error, got \"loud\"");
    expect_error("normalizer:\n  tone_style: Modern\n",
                 "t.yaml:2:15: normalizer.tone_style: expected one of "
                 "traditional, modern, got \"Modern\"");
    expect_error("normalizer:\n  batch_size: 1\n  batch_size: 2\n",
                 "t.yaml:3:3: duplicate key \"batch_size\" in section "
                 "\"normalizer\" (first at line 2)");
    expect_error("log: {}\nlog: {}\n",
                 "t.yaml:2:1: duplicate key \"log\" at the top level (first at "
                 "line 1)");
    expect_error("kafka:\n  acks: all\n  acks: 1\n",
                 "t.yaml:3:3: duplicate key \"acks\" in section \"kafka\" "
                 "(first at line 2)");
    expect_error("normalizer: 5\n",
                 "t.yaml:1:13: normalizer: expected a map, got a scalar");
    expect_error("normalizer:\n  - a\n",
                 "t.yaml:2:3: normalizer: expected a map, got a list");
    expect_error("normalizer:\n  group_id: {a: 1}\n",
                 "t.yaml:2:13: normalizer.group_id: expected a scalar, got a "
                 "map");
    expect_error("kafka: [a, b]\n",
                 "t.yaml:1:8: kafka: expected a map, got a list");
    expect_error("kafka:\n  sasl:\n    mechanism: PLAIN\n",
                 "t.yaml:3:5: kafka.sasl: expected a scalar, got a map");
    expect_error("- a\n- b\n",
                 "t.yaml:1:1: expected a map at the top level, got a list");
    expect_error("just text\n",
                 "t.yaml:1:1: expected a map at the top level, got a scalar");
    expect_error("? [a]\n: 1\n",
                 "t.yaml:1:3: expected a scalar key, got a list");
    expect_error("writer:\n  retry_initial_ms: 20000\n",
                 "t.yaml:2:21: writer.retry_initial_ms (20000) is greater than "
                 "writer.retry_max_ms (10000)");
    expect_error("writer:\n  retry_max_ms: 50\n",
                 "t.yaml:2:17: writer.retry_initial_ms (100) is greater than "
                 "writer.retry_max_ms (50)");
    expect_error("log:\n  level: info\n---\nlog: {}\n",
                 "t.yaml:4:1: expected one yaml document, found a second one");
    /* libyaml's own messages, at its positions. */
    expect_error("normalizer:\n  group_id: [a\n",
                 "t.yaml:3:1: invalid yaml: did not find expected ',' or ']' "
                 "(while parsing a flow sequence at line 2, column 13)");
    expect_error("log:\n  level: info\n format: json\n",
                 "t.yaml:3:2: invalid yaml: did not find expected key "
                 "(while parsing a block mapping at line 1, column 1)");
    expect_error("log:\n\tlevel: info\n",
                 "t.yaml:2:1: invalid yaml: found character that cannot start "
                 "any token (while scanning for the next token at line 2, "
                 "column 1)");
    expect_error("a: \"unterminated\n",
                 "t.yaml:2:1: invalid yaml: found unexpected end of stream "
                 "(while scanning a quoted scalar at line 1, column 4)");
    /* NULL and zero-sized error buffers are allowed. */
    assert_null(tp_config_load_string("x", "log: 1", 6, NULL, 0));
}

/* postgres.password_file is read at load; errors point at the option. */
static void test_password_file(void **state)
{
    (void)state;
    char *pw = write_temp("s3cr et\r\n");
    char yaml[512], err[512] = "";
    snprintf(yaml, sizeof yaml, "postgres:\n  password_file: %s\n", pw);
    tp_config_t *c = load(yaml, err, sizeof err);
    if (!c)
        fail_msg("%s", err);
    assert_string_equal(c->postgres.password, "s3cr et");
    assert_string_equal(c->postgres.password_file, pw);
    tp_config_destroy(c);

    /* Through interpolation, as deploy/tinpipe.yaml writes it. */
    setenv("TP_TEST_PWFILE", pw, 1);
    c = load("postgres:\n  password_file: ${TP_TEST_PWFILE:-}\n", err,
             sizeof err);
    assert_non_null(c);
    assert_string_equal(c->postgres.password, "s3cr et");
    tp_config_destroy(c);
    unsetenv("TP_TEST_PWFILE");

    expect_error("postgres:\n  conninfo: x\n  password_file: /nonexistent/pw\n",
                 "t.yaml:3:18: postgres.password_file: could not read "
                 "\"/nonexistent/pw\": No such file or directory");
    expect_error("postgres:\n  password_file: /\n",
                 "t.yaml:2:18: postgres.password_file: could not read \"/\": "
                 "Is a directory");
    snprintf(yaml, sizeof yaml,
             "postgres:\n  password: x\n  password_file: %s\n", pw);
    expect_error(yaml, "t.yaml:3:18: postgres.password_file: "
                       "postgres.password is set too; give only one");
    unlink(pw);
    free(pw);
}

/* kafka maps pass through as text, over the bootstrap default. */
static void test_kafka_passthrough(void **state)
{
    (void)state;
    char err[512] = "";
    tp_config_t *c = load("kafka:\n"
                          "  acks: all\n"
                          "  linger.ms: 5\n"
                          "  enable.idempotence: true\n"
                          "  message.max.bytes: \"1000000\"\n"
                          "  client.id: ~\n"
                          "writer:\n"
                          "  kafka:\n"
                          "    isolation.level: read_committed\n"
                          "    fetch.wait.max.ms: 0x10\n",
                          err, sizeof err);
    if (!c)
        fail_msg("%s", err);
    /* The default bootstrap.servers stays first; the rest in file order. */
    assert_int_equal(c->kafka.n, 6);
    assert_string_equal(c->kafka.items[0].key, "bootstrap.servers");
    assert_string_equal(c->kafka.items[0].value, "127.0.0.1:19092");
    assert_string_equal(c->kafka.items[1].key, "acks");
    assert_string_equal(c->kafka.items[1].value, "all");
    assert_string_equal(tp_config_kv_get(&c->kafka, "linger.ms"), "5");
    assert_string_equal(tp_config_kv_get(&c->kafka, "enable.idempotence"),
                        "true");
    assert_string_equal(tp_config_kv_get(&c->kafka, "message.max.bytes"),
                        "1000000");
    assert_string_equal(tp_config_kv_get(&c->kafka, "client.id"), "~");
    assert_int_equal(c->writer.stage.kafka.n, 2);
    assert_string_equal(
        tp_config_kv_get(&c->writer.stage.kafka, "isolation.level"),
        "read_committed");
    assert_string_equal(
        tp_config_kv_get(&c->writer.stage.kafka, "fetch.wait.max.ms"), "0x10");
    assert_int_equal(c->normalizer.stage.kafka.n, 0);
    tp_config_destroy(c);

    c = load("kafka:\n  bootstrap.servers: b:1\n", err, sizeof err);
    assert_non_null(c);
    assert_int_equal(c->kafka.n, 1);
    assert_string_equal(tp_config_kv_get(&c->kafka, "bootstrap.servers"),
                        "b:1");
    tp_config_destroy(c);
}

/* tp_config_load() reads a file, names it in errors and records its path. */
static void test_load_file(void **state)
{
    (void)state;
    char err[512] = "";
    char *ok = write_temp("log:\n  format: text\n");
    tp_config_t *c = tp_config_load(ok, err, sizeof err);
    if (!c)
        fail_msg("%s", err);
    assert_string_equal(c->path, ok);
    assert_string_equal(c->log.format, "text");
    tp_config_destroy(c);

    char *bad = write_temp("log:\n  format: xml\n");
    c = tp_config_load(bad, err, sizeof err);
    assert_null(c);
    char want[512];
    snprintf(want, sizeof want,
             "%s:2:11: log.format: expected one of json, text, got \"xml\"",
             bad);
    assert_string_equal(err, want);

    c = tp_config_load("/nonexistent/tinpipe.yaml", err, sizeof err);
    assert_null(c);
    assert_string_equal(err, "could not open file \"/nonexistent/tinpipe.yaml\""
                             ": No such file or directory");
    unlink(ok);
    unlink(bad);
    free(ok);
    free(bad);
}

/* The shipped example config loads as is. */
static void test_shipped_example(void **state)
{
    (void)state;
    const char *src = getenv("TP_SOURCE_DIR");
    char path[1024];
    snprintf(path, sizeof path, "%s/deploy/tinpipe.yaml", src ? src : "..");
    if (access(path, R_OK) != 0) {
        print_message("skipped: %s not readable\n", path);
        skip();
    }
    clear_env();
    char err[512];
    tp_config_t *c = tp_config_load(path, err, sizeof err);
    if (!c)
        fail_msg("%s", err);
    check_defaults(c);
    tp_config_destroy(c);
    setenv("TP_KAFKA_BOOTSTRAP", "k:1", 1);
    c = tp_config_load(path, err, sizeof err);
    assert_non_null(c);
    assert_string_equal(tp_config_kv_get(&c->kafka, "bootstrap.servers"),
                        "k:1");
    tp_config_destroy(c);
    clear_env();
}

/* Help lists every option; destroy(NULL) and print(NULL) do nothing. */
static void test_help_and_null(void **state)
{
    (void)state;
    tp_config_destroy(NULL);
    tp_config_print(NULL, stdout);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    tp_config_print_help(f);
    fclose(f);
    assert_non_null(strstr(buf, "\nnormalizer.batch_size  (integer in "
                                "[1, 1000000], default 100)\n"));
    assert_non_null(strstr(buf, "\nwriter.batch_size  (integer in "
                                "[1, 1000000], default 500)\n"));
    assert_non_null(strstr(buf, "\nlog.level  (one of debug, info, warn, "
                                "error, default \"info\")\n"));
    assert_non_null(strstr(buf, "\npostgres.password_file  (file path"));
    free(buf);
}

/* tp_cli_daemon_args(): what runs, what exits and with which status. */
static void test_cli(void **state)
{
    (void)state;
    clear_env();
    tp_config_t *c = (tp_config_t *)1;
    char *none[] = {"tinpipe-writer", NULL};
    assert_int_equal(tp_cli_daemon_args(1, none, "writer", &c), -1);
    assert_non_null(c);
    assert_int_equal(c->writer.stage.batch_size, 500);
    tp_config_destroy(c);

    char *good = write_temp("writer:\n  batch_size: 3\n");
    char *bad = write_temp("writer:\n  batch_size: -3\n");
    char *with[] = {"w", "--config", good, NULL};
    assert_int_equal(tp_cli_daemon_args(3, with, "writer", &c), -1);
    assert_int_equal(c->writer.stage.batch_size, 3);
    tp_config_destroy(c);

    setenv("TP_CONFIG", good, 1);
    assert_int_equal(tp_cli_daemon_args(1, none, "writer", &c), -1);
    assert_int_equal(c->writer.stage.batch_size, 3);
    tp_config_destroy(c);
    unsetenv("TP_CONFIG");

    char *check_ok[] = {"w", "--check-config", "--config", good, NULL};
    assert_int_equal(tp_cli_daemon_args(4, check_ok, "writer", &c), 0);
    assert_null(c);
    char arg[512];
    snprintf(arg, sizeof arg, "--config=%s", bad);
    char *check_bad[] = {"w", arg, "--check-config", NULL};
    assert_int_equal(tp_cli_daemon_args(3, check_bad, "writer", &c), 1);
    assert_null(c);
    char *run_bad[] = {"w", "-c", bad, NULL};
    assert_int_equal(tp_cli_daemon_args(3, run_bad, "writer", &c), 1);
    char *unknown[] = {"w", "--frobnicate", NULL};
    assert_int_equal(tp_cli_daemon_args(2, unknown, "writer", &c), 2);
    char *missing[] = {"w", "--config", NULL};
    assert_int_equal(tp_cli_daemon_args(2, missing, "writer", &c), 2);
    char *help[] = {"w", "--help", NULL};
    assert_int_equal(tp_cli_daemon_args(2, help, "writer", &c), 0);
    assert_null(c);
    unlink(good);
    unlink(bad);
    free(good);
    free(bad);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_defaults_env),
        cmocka_unit_test(test_full_file),
        cmocka_unit_test(test_interpolation),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_password_file),
        cmocka_unit_test(test_kafka_passthrough),
        cmocka_unit_test(test_load_file),
        cmocka_unit_test(test_shipped_example),
        cmocka_unit_test(test_help_and_null),
        cmocka_unit_test(test_cli),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

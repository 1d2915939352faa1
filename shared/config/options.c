/*
 * options.c — every configuration option of tinpipe, declared once: its
 * place in the YAML tree, type, default, place in tp_config_t and
 * description. config.c validates files against this table, fills defaults
 * from it and prints `--help-config` and the effective config from it.
 *
 * Keep sections contiguous (the printers rely on it) and the defaults in
 * step with DESIGN.md and deploy/tinpipe.yaml.
 */
#include <stddef.h>

#include "config/config_internal.h"

#define OFF(f) offsetof(tp_config_t, f)
#define MIB(n) ((int64_t)(n) * 1024 * 1024)

static const char *const tp__log_levels[] = {"debug", "info", "warn", "error",
                                             NULL};
static const char *const tp__log_formats[] = {"json", "text", NULL};
static const char *const tp__tone_styles[] = {"traditional", "modern", NULL};

/* The options of one consuming stage, under section S of field F. */
#define TP_STAGE_OPTIONS(S, F, GROUP, BATCH)                                   \
    {S ".group_id", TP_OPT_STRING, GROUP, OFF(F.stage.group_id), 0, 0, NULL,   \
     0, "Kafka consumer group id of the " S " replicas"},                      \
    {S ".transactional_id", TP_OPT_STRING, GROUP,                              \
     OFF(F.stage.transactional_id), 0, 0, NULL, 0,                             \
     "transactional.id prefix; each replica appends its instance id"},         \
    {S ".kafka", TP_OPT_KV, "", OFF(F.stage.kafka), 0, 0, NULL, 0,             \
     "librdkafka properties for this stage only, over the top-level kafka"},   \
    {S ".max_message_bytes", TP_OPT_INT64, "8388608",                          \
     OFF(F.stage.max_message_bytes), 1024, MIB(1024), NULL, 0,                 \
     "largest message consumed or produced, in bytes"},                        \
    {S ".poll_timeout_ms", TP_OPT_INT, "100", OFF(F.stage.poll_timeout_ms), 1, \
     60000, NULL, 0, "how long one consumer poll waits for a message"},        \
    {S ".commit_interval_ms", TP_OPT_INT, "100",                               \
     OFF(F.stage.commit_interval_ms), 1, 600000, NULL, 0,                      \
     "how long a transaction collects records before it commits"},             \
    {S ".batch_size", TP_OPT_INT, BATCH, OFF(F.stage.batch_size), 1, 1000000,  \
     NULL, 0, "most records per transaction (or database batch)"}

const tp_option_t tp__config_options[] = {
    {"kafka", TP_OPT_KV, "bootstrap.servers=127.0.0.1:19092", OFF(kafka), 0, 0,
     NULL, 0,
     "librdkafka properties for every client (bootstrap.servers, "
     "security.protocol, ...), passed through as text"},

    {"topics.raw", TP_OPT_STRING, "articles.raw", OFF(topics.raw), 0, 0, NULL,
     0, "crawler output, consumed by the normalizer"},
    {"topics.normalized", TP_OPT_STRING, "articles.normalized",
     OFF(topics.normalized), 0, 0, NULL, 0,
     "normalized articles, consumed by the extractor"},
    {"topics.enriched", TP_OPT_STRING, "articles.enriched",
     OFF(topics.enriched), 0, 0, NULL, 0,
     "enriched article events, consumed by the writer"},
    {"topics.dlq", TP_OPT_STRING, "articles.dlq", OFF(topics.dlq), 0, 0, NULL,
     0, "dead letters of every stage"},
    {"topics.partitions", TP_OPT_INT, "6", OFF(topics.partitions), 1, 10000,
     NULL, 0, "partitions of each topic `tinpipe topics` creates"},
    {"topics.replication_factor", TP_OPT_INT, "1",
     OFF(topics.replication_factor), 1, 100, NULL, 0,
     "replication factor of each topic `tinpipe topics` creates"},

    TP_STAGE_OPTIONS("normalizer", normalizer, "tinpipe-normalizer", "100"),
    {"normalizer.tone_style", TP_OPT_ENUM, "traditional",
     OFF(normalizer.tone_style), 0, 0, tp__tone_styles, 0,
     "where tone marks go: traditional (hòa, thủy) or modern (hoà, thuỷ)"},
    {"normalizer.max_article_bytes", TP_OPT_INT64, "4194304",
     OFF(normalizer.max_article_bytes), 1024, MIB(1024), NULL, 0,
     "larger articles are dead-lettered as too_large"},

    TP_STAGE_OPTIONS("extractor", extractor, "tinpipe-extractor", "100"),

    TP_STAGE_OPTIONS("writer", writer, "tinpipe-writer", "500"),
    {"writer.batch_timeout_ms", TP_OPT_INT, "200", OFF(writer.batch_timeout_ms),
     1, 600000, NULL, 0,
     "longest wait for a batch to fill before it is written"},
    {"writer.retry_initial_ms", TP_OPT_INT, "100", OFF(writer.retry_initial_ms),
     1, 600000, NULL, 0, "first back-off after a transient database error"},
    {"writer.retry_max_ms", TP_OPT_INT, "10000", OFF(writer.retry_max_ms), 1,
     3600000, NULL, 0, "longest back-off (it doubles up to this)"},
    {"writer.migrate_on_start", TP_OPT_BOOL, "true",
     OFF(writer.migrate_on_start), 0, 0, NULL, 0,
     "apply pending schema migrations when the writer starts"},

    {"postgres.conninfo", TP_OPT_STRING,
     "host=127.0.0.1 port=15432 user=tinpipe dbname=tinpipe",
     OFF(postgres.conninfo), 0, 0, NULL, 0, "libpq connection string"},
    {"postgres.password", TP_OPT_SECRET, "", OFF(postgres.password), 0, 0,
     NULL, 0, "password inline (discouraged: use password_file)"},
    {"postgres.password_file", TP_OPT_SECRET_FILE, "",
     OFF(postgres.password_file), 0, 0, NULL, OFF(postgres.password),
     "file holding the password, read at start-up (trailing newline "
     "dropped); empty means none"},
    {"postgres.schema", TP_OPT_STRING, "public", OFF(postgres.schema), 0, 0,
     NULL, 0, "schema holding tinpipe's tables"},
    {"postgres.connect_timeout_s", TP_OPT_INT, "5",
     OFF(postgres.connect_timeout_s), 1, 3600, NULL, 0,
     "seconds to wait for a database connection"},

    {"http.listen", TP_OPT_STRING, "127.0.0.1:9100", OFF(http.listen), 0, 0,
     NULL, 0,
     "host:port of /metrics, /healthz and /readyz; empty disables"},

    {"log.level", TP_OPT_ENUM, "info", OFF(log.level), 0, 0, tp__log_levels, 0,
     "least severe level logged"},
    {"log.format", TP_OPT_ENUM, "json", OFF(log.format), 0, 0, tp__log_formats,
     0, "json lines, or text for people"},

    {"shutdown_timeout_ms", TP_OPT_INT, "10000", OFF(shutdown_timeout_ms), 0,
     3600000, NULL, 0,
     "after SIGTERM, how long to finish in-flight work before giving up"},
};

const size_t tp__config_options_n =
    sizeof tp__config_options / sizeof tp__config_options[0];

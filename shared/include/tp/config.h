/*
 * tp/config.h — tinpipe's configuration: one YAML file with a section per
 * service, `${VAR}` and `${VAR:-default}` interpolation, secrets read from
 * files, and errors that point at file:line:column.
 *
 * Every option is declared once in a table (shared/config/options.c) that
 * gives its type, default, place in tp_config_t and description; the table
 * validates the YAML tree, rejects unknown keys, fills defaults and prints
 * `--help-config`. `kafka:` sections are passed to librdkafka untouched
 * (librdkafka validates them when the client is created).
 *
 * Ownership: tp_config_load() returns a config the caller releases with
 * tp_config_destroy(); every string in it belongs to the config.
 * tp_config_destroy(NULL) is a no-op. A loaded config is read-only and may
 * be shared between threads.
 */
#ifndef TP_CONFIG_H
#define TP_CONFIG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* A librdkafka property, passed through as is. */
typedef struct tp_kv {
    char *key;
    char *value;
} tp_kv_t;

typedef struct tp_kv_list {
    tp_kv_t *items;
    size_t n;
} tp_kv_list_t;

/* What every consuming stage has. */
typedef struct tp_stage_config {
    char *group_id;
    char *transactional_id; /* prefix; the instance id is appended */
    tp_kv_list_t kafka;     /* per-stage librdkafka overrides */
    int64_t max_message_bytes;
    int poll_timeout_ms;
    int commit_interval_ms; /* how long a transaction collects records */
    int batch_size;         /* records per transaction or DB batch */
} tp_stage_config_t;

typedef struct tp_config {
    char *path; /* the file it was loaded from */

    tp_kv_list_t kafka; /* librdkafka properties for every client */

    struct {
        char *raw, *normalized, *enriched, *dlq;
        int partitions;
        int replication_factor;
    } topics;

    struct {
        tp_stage_config_t stage;
        char *tone_style; /* "traditional" (default) or "modern" */
        int64_t max_article_bytes;
    } normalizer;

    struct {
        tp_stage_config_t stage;
    } extractor;

    struct {
        tp_stage_config_t stage;
        int batch_timeout_ms;
        int retry_initial_ms;
        int retry_max_ms;
        int migrate_on_start; /* apply pending migrations at start-up */
    } writer;

    struct {
        char *conninfo;      /* libpq connection string */
        char *password;      /* inline (discouraged) */
        char *password_file; /* read at load time into password */
        char *schema;
        int connect_timeout_s;
    } postgres;

    struct {
        char *listen; /* "127.0.0.1:9100"; empty string disables */
    } http;

    struct {
        char *level;  /* debug, info, warn, error */
        char *format; /* json or text */
    } log;

    int shutdown_timeout_ms;
} tp_config_t;

/* Loads and validates path. On error returns NULL and writes
 * "file:line:column: message" into errstr. */
tp_config_t *tp_config_load(const char *path, char *errstr,
                            size_t errstr_size);

/* Loads from a string (for tests and fuzzing); name is used in messages. */
tp_config_t *tp_config_load_string(const char *name, const char *yaml,
                                   size_t len, char *errstr,
                                   size_t errstr_size);

/* A config with every default (no file), for tools, tests and containers
 * that run without one. Since there is no file to interpolate, these
 * environment variables override the matching defaults when set and not
 * empty:
 *   TP_KAFKA_BOOTSTRAP    kafka: bootstrap.servers  (127.0.0.1:19092)
 *   TP_PG_CONNINFO        postgres.conninfo
 *   TP_PG_PASSWORD_FILE   postgres.password_file (read, as from a file)
 *   TP_HTTP_LISTEN        http.listen (set it to "-" to disable the server)
 * Returns NULL with a message in errstr when the password file cannot be
 * read. path is NULL. */
tp_config_t *tp_config_defaults(char *errstr, size_t errstr_size);

/* The config every tool and daemon uses: path when given (the --config
 * option), else the file named by TP_CONFIG when that is set and not
 * empty, else the defaults (tp_config_defaults). *used, when not NULL,
 * receives the file loaded, or NULL for the defaults. NULL with errstr on
 * error, as tp_config_load(). */
tp_config_t *tp_config_open(const char *path, const char **used,
                            char *errstr, size_t errstr_size);

void tp_config_destroy(tp_config_t *c);

/* Prints every option with its type, default and description. */
void tp_config_print_help(FILE *out);

/* Prints the effective config as YAML (passwords masked). */
void tp_config_print(const tp_config_t *c, FILE *out);

/* Returns the value of key in l (borrowed), or NULL. */
const char *tp_config_kv_get(const tp_kv_list_t *l, const char *key);

/* Returns the stage section of service ("normalizer", "extractor" or
 * "writer"; borrowed), or NULL for another name. */
const tp_stage_config_t *tp_config_stage(const tp_config_t *c,
                                         const char *service);

#endif

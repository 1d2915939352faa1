/*
 * cmd_produce.c — `tinpipe produce`: publishes files to a Kafka topic as
 * raw messages, the way a crawler would, and waits until the broker has
 * acknowledged every one.
 *
 *   tinpipe produce [--config F] --topic T [--lines] [--key-from-name]
 *                   [--header K=V]... [FILE...|-]
 *
 * Each FILE is one message; `-` (or no file) reads stdin as one message.
 * With --lines every non-empty line is a message (JSON lines). Messages
 * have no key unless --key-from-name asks for the file's base name
 * ("<name>:<line>" with --lines): a key is the crawler's id for the
 * article and becomes its article_id, so it is only given when file names
 * really are article ids; without one, the id comes from the url or the
 * content, exactly as `tinpipe process` computes it for the same file. The
 * extension sets a content-type header: .html/.htm text/html, .json/.jsonl
 * application/json, .txt text/plain. --header adds a header to every
 * message (url=..., site=...). The producer is idempotent.
 */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "tp/config.h"
#include "tp/kafka.h"
#include "tp/log.h"

/* Delivery failures, counted by the delivery report callback. */
typedef struct tp__produce_state {
    unsigned long failed;
    unsigned long delivered;
} tp__produce_state_t;

/* Prints the usage of produce. */
static void tp__produce_usage(FILE *out)
{
    fprintf(out,
            "usage: tinpipe produce [--config F] --topic T [--lines] "
            "[--key-from-name] [--header K=V]... [FILE...|-]\n\n"
            "Publishes each FILE as one message (content-type from its "
            "extension), or\n"
            "stdin as one message. --lines: one message per non-empty line. "
            "No key unless\n"
            "--key-from-name (the file's base name, which then becomes the "
            "article id).\n"
            "Waits for every delivery; exit 1 if any failed.\n");
}

/* Counts delivery reports. */
static void tp__produce_dr(rd_kafka_t *rk, const rd_kafka_message_t *m,
                           void *opaque)
{
    (void)rk;
    tp__produce_state_t *st = opaque;
    if (m->err) {
        st->failed++;
        fprintf(stderr, "tinpipe produce: message %.*s not delivered: %s\n",
                (int)(m->key ? m->key_len : 0), m->key ? (char *)m->key : "",
                rd_kafka_err2str(m->err));
    } else {
        st->delivered++;
    }
}

/* Reads all of f into a malloc()ed buffer; NULL on error. */
static char *tp__produce_slurp(FILE *f, size_t *len)
{
    size_t cap = 65536, n = 0, got;
    char *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *b = realloc(buf, cap * 2);
            if (!b) {
                free(buf);
                return NULL;
            }
            buf = b;
            cap *= 2;
        }
    }
    if (buf && ferror(f)) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

/* Returns the content type that a file name's extension says, or NULL. */
static const char *tp__produce_ctype(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (!dot)
        return NULL;
    if (strcasecmp(dot, ".html") == 0 || strcasecmp(dot, ".htm") == 0)
        return "text/html";
    if (strcasecmp(dot, ".json") == 0 || strcasecmp(dot, ".jsonl") == 0)
        return "application/json";
    if (strcasecmp(dot, ".txt") == 0)
        return "text/plain";
    return NULL;
}

/* Produces one message, waiting while the local queue is full. Returns 0
 * when queued. */
static int tp__produce_one(rd_kafka_t *rk, const char *topic, const char *val,
                           size_t len, const char *key, const char *ctype,
                           char **hdrs, int n_hdrs)
{
    rd_kafka_headers_t *h = rd_kafka_headers_new(4 + (size_t)n_hdrs);
    if (ctype)
        rd_kafka_header_add(h, "content-type", -1, ctype, -1);
    for (int i = 0; i < n_hdrs; i++) {
        const char *eq = strchr(hdrs[i], '=');
        rd_kafka_header_add(h, hdrs[i], eq - hdrs[i], eq + 1, -1);
    }
    rd_kafka_resp_err_t err;
    for (;;) {
        err = rd_kafka_producev(
            rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
            RD_KAFKA_V_VALUE((void *)val, len),
            RD_KAFKA_V_KEY(key, key ? strlen(key) : 0), RD_KAFKA_V_HEADERS(h),
            RD_KAFKA_V_END);
        if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL)
            break;
        rd_kafka_poll(rk, 100);
    }
    if (err) {
        rd_kafka_headers_destroy(h);
        fprintf(stderr, "tinpipe produce: could not produce %s: %s\n",
                key ? key : "message", rd_kafka_err2str(err));
        return -1;
    }
    rd_kafka_poll(rk, 0);
    return 0;
}

/* Produces the messages of one input (a file, or stdin for "-"). Returns
 * the number queued, -1 on a read error; *failed counts produce errors. */
static long tp__produce_input(rd_kafka_t *rk, const char *topic,
                              const char *path, int lines, int no_key,
                              char **hdrs, int n_hdrs, unsigned long *failed)
{
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "tinpipe produce: could not open file \"%s\": %s\n",
                path, strerror(errno));
        return -1;
    }
    size_t len;
    char *buf = tp__produce_slurp(f, &len);
    if (!is_stdin)
        fclose(f);
    if (!buf) {
        fprintf(stderr, "tinpipe produce: could not read file \"%s\"\n", path);
        return -1;
    }
    char *pcopy = strdup(path);
    const char *base = is_stdin ? NULL : basename(pcopy);
    const char *ctype = is_stdin ? NULL : tp__produce_ctype(path);
    long n = 0;
    if (!lines) {
        if (tp__produce_one(rk, topic, buf, len, no_key ? NULL : base, ctype,
                            hdrs, n_hdrs) == 0)
            n++;
        else
            (*failed)++;
    } else {
        size_t start = 0;
        int lineno = 0;
        while (start < len) {
            char *nl = memchr(buf + start, '\n', len - start);
            size_t end = nl ? (size_t)(nl - buf) : len;
            lineno++;
            size_t e = end;
            while (e > start && (buf[e - 1] == '\r' || buf[e - 1] == ' '))
                e--;
            if (e > start) {
                char key[512];
                snprintf(key, sizeof key, "%s:%d", base ? base : "stdin",
                         lineno);
                /* stdin has no name that could identify its lines. */
                if (tp__produce_one(rk, topic, buf + start, e - start,
                                    no_key || !base ? NULL : key,
                                    ctype ? ctype : "application/json", hdrs,
                                    n_hdrs) == 0)
                    n++;
                else
                    (*failed)++;
            }
            start = end + 1;
        }
    }
    free(pcopy);
    free(buf);
    return n;
}

/* Runs the subcommand. */
int tp_cmd_produce(int argc, char **argv)
{
    const char *path = NULL, *topic = NULL;
    int lines = 0, no_key = 1, n_hdrs = 0, n_files = 0;
    char **hdrs = calloc((size_t)argc, sizeof *hdrs);
    char **files = calloc((size_t)argc + 1, sizeof *files);
    int status = 2;
    rd_kafka_t *rk = NULL;
    tp_config_t *c = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            tp__produce_usage(stdout);
            status = 0;
            goto done;
        } else if ((strcmp(a, "--config") == 0 || strcmp(a, "-c") == 0) &&
                   i + 1 < argc) {
            path = argv[++i];
        } else if (strcmp(a, "--topic") == 0 && i + 1 < argc) {
            topic = argv[++i];
        } else if (strcmp(a, "--header") == 0 && i + 1 < argc) {
            if (!strchr(argv[i + 1], '=')) {
                fprintf(stderr, "tinpipe produce: --header wants K=V\n");
                goto done;
            }
            hdrs[n_hdrs++] = argv[++i];
        } else if (strcmp(a, "--lines") == 0) {
            lines = 1;
        } else if (strcmp(a, "--no-key") == 0) {
            no_key = 1;
        } else if (strcmp(a, "--key-from-name") == 0) {
            no_key = 0;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "tinpipe produce: unknown argument \"%s\"\n\n", a);
            tp__produce_usage(stderr);
            goto done;
        } else {
            files[n_files++] = argv[i];
        }
    }
    if (!topic) {
        fprintf(stderr, "tinpipe produce: --topic is required\n\n");
        tp__produce_usage(stderr);
        goto done;
    }
    if (n_files == 0)
        files[n_files++] = "-";

    char errstr[512];
    status = 1;
    c = tp_config_open(path, NULL, errstr, sizeof errstr);
    if (!c) {
        fprintf(stderr, "tinpipe produce: %s\n", errstr);
        goto done;
    }
    tp_log_setup("tinpipe", "warn", "text");
    tp__produce_state_t st = {0};
    rd_kafka_conf_t *conf =
        tp_kafka_producer_conf_new(c, NULL, NULL, errstr, sizeof errstr);
    if (!conf) {
        fprintf(stderr, "tinpipe produce: %s\n", errstr);
        goto done;
    }
    rd_kafka_conf_set_dr_msg_cb(conf, tp__produce_dr);
    rd_kafka_conf_set_opaque(conf, &st);
    rk = tp_kafka_producer_new(conf, 0, errstr, sizeof errstr);
    if (!rk) {
        fprintf(stderr, "tinpipe produce: %s\n", errstr);
        goto done;
    }
    long queued = 0;
    unsigned long not_queued = 0;
    int read_errors = 0;
    for (int i = 0; i < n_files; i++) {
        long n = tp__produce_input(rk, topic, files[i], lines, no_key, hdrs,
                                   n_hdrs, &not_queued);
        if (n < 0)
            read_errors++;
        else
            queued += n;
    }
    rd_kafka_flush(rk, 60000);
    unsigned long undelivered = (unsigned long)rd_kafka_outq_len(rk);
    if (undelivered)
        fprintf(stderr,
                "tinpipe produce: %lu messages unacknowledged after 60 s\n",
                undelivered);
    printf("produced %lu messages to %s\n", st.delivered, topic);
    status = (st.failed || undelivered || not_queued || read_errors ||
              (long)st.delivered != queued)
                 ? 1
                 : 0;
done:
    if (rk)
        rd_kafka_destroy(rk);
    tp_config_destroy(c);
    free(hdrs);
    free(files);
    return status;
}

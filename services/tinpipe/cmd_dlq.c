/*
 * cmd_dlq.c — `tinpipe dlq`: look at and replay dead letters.
 *
 *   tinpipe dlq list   [--config F] [--limit N]
 *   tinpipe dlq replay [--config F] (--all | --offset P:O ...)
 *
 * Both read topics.dlq by assignment (no consumer group offsets are
 * committed; read_committed) from the beginning, or from the offsets asked
 * for, up to the end of every partition. list prints one tab-separated line
 * per dead letter:
 *   P:O  stage  class  source-topic:partition:offset  reason  first 80 chars
 * replay sends the chosen records' original value and key back to their
 * tp.source.topic with their original headers (the tp.* ones dropped) and
 * tp.replayed=1, and waits for the broker's acknowledgement. A truncated
 * dead letter (tp.truncated) is not replayed.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmds.h"
#include "tp/config.h"
#include "tp/kafka.h"
#include "tp/log.h"

/* A partition:offset asked for on the command line. */
typedef struct tp__dlq_pick {
    int32_t partition;
    int64_t offset;
    int found;
} tp__dlq_pick_t;

/* Called for each dead letter read; returns 1 to stop reading. */
typedef int (*tp__dlq_visit_fn)(void *ctx, const rd_kafka_message_t *m);

/* Prints the usage of dlq. */
static void tp__dlq_usage(FILE *out)
{
    fprintf(out,
            "usage: tinpipe dlq list   [--config F] [--limit N]\n"
            "       tinpipe dlq replay [--config F] (--all | --offset P:O "
            "...)\n\n"
            "list prints one line per dead letter (tab-separated): "
            "partition:offset,\n"
            "stage, class, source topic:partition:offset, reason, the first "
            "80 characters.\n"
            "replay sends the chosen dead letters' original bytes and key "
            "back to their\n"
            "source topic with the header tp.replayed=1.\n");
}

/* Returns header name of m as a NUL-terminated string in buf ("" when
 * absent). */
static const char *tp__dlq_hdr(const rd_kafka_message_t *m, const char *name,
                               char *buf, size_t size)
{
    rd_kafka_headers_t *h;
    const void *v;
    size_t len;
    buf[0] = '\0';
    if (rd_kafka_message_headers(m, &h) == RD_KAFKA_RESP_ERR_NO_ERROR &&
        rd_kafka_header_get_last(h, name, &v, &len) ==
            RD_KAFKA_RESP_ERR_NO_ERROR &&
        v) {
        if (len >= size)
            len = size - 1;
        memcpy(buf, v, len);
        buf[len] = '\0';
    }
    for (char *p = buf; *p; p++)
        if ((unsigned char)*p < 0x20)
            *p = ' ';
    return buf;
}

/* Reads topics.dlq from the given start offsets (every partition from the
 * beginning when picks is NULL) to the end, calling visit for each record
 * that is picked. Returns 0, or -1 with a message printed. */
static int tp__dlq_scan(const tp_config_t *c, tp__dlq_pick_t *picks,
                        size_t n_picks, tp__dlq_visit_fn visit, void *ctx)
{
    char errstr[512], gid[64];
    int rc = -1;
    rd_kafka_t *rk = NULL;
    rd_kafka_topic_partition_list_t *asg = NULL;
    const struct rd_kafka_metadata *md = NULL;
    rd_kafka_conf_t *conf = tp_kafka_conf_new(c, NULL, errstr, sizeof errstr);
    if (!conf)
        goto error;
    snprintf(gid, sizeof gid, "tinpipe-dlq-cli-%ld", (long)getpid());
    if (rd_kafka_conf_set(conf, "group.id", gid, errstr, sizeof errstr) ||
        rd_kafka_conf_set(conf, "enable.auto.commit", "false", errstr,
                          sizeof errstr) ||
        rd_kafka_conf_set(conf, "isolation.level", "read_committed", errstr,
                          sizeof errstr) ||
        rd_kafka_conf_set(conf, "enable.partition.eof", "true", errstr,
                          sizeof errstr)) {
        rd_kafka_conf_destroy(conf);
        goto error;
    }
    rk = tp_kafka_consumer_new(conf, errstr, sizeof errstr);
    if (!rk)
        goto error;
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, c->topics.dlq, NULL);
    rd_kafka_resp_err_t err = rd_kafka_metadata(rk, 0, rkt, &md, 10000);
    rd_kafka_topic_destroy(rkt);
    if (err || md->topic_cnt != 1 || md->topics[0].err) {
        snprintf(errstr, sizeof errstr, "could not read metadata of %s: %s",
                 c->topics.dlq,
                 rd_kafka_err2str(err ? err : md->topics[0].err));
        goto error;
    }
    int nparts = md->topics[0].partition_cnt;
    asg = rd_kafka_topic_partition_list_new(nparts);
    for (int p = 0; p < nparts; p++) {
        int64_t start = RD_KAFKA_OFFSET_BEGINNING;
        int wanted = picks == NULL;
        for (size_t i = 0; picks && i < n_picks; i++)
            if (picks[i].partition == p &&
                (!wanted || picks[i].offset < start)) {
                start = picks[i].offset;
                wanted = 1;
            }
        if (wanted)
            rd_kafka_topic_partition_list_add(asg, c->topics.dlq, p)->offset =
                start;
    }
    if (asg->cnt == 0) {
        rc = 0;
        goto done;
    }
    err = rd_kafka_assign(rk, asg);
    if (err) {
        snprintf(errstr, sizeof errstr, "could not assign %s: %s",
                 c->topics.dlq, rd_kafka_err2str(err));
        goto error;
    }
    int at_end = 0, idle = 0;
    char *done_p = calloc((size_t)nparts, 1);
    while (at_end < asg->cnt && idle < 30) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, 1000);
        if (!m) {
            idle++;
            continue;
        }
        idle = 0;
        if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            if (m->partition >= 0 && m->partition < nparts &&
                !done_p[m->partition]) {
                done_p[m->partition] = 1;
                at_end++;
            }
        } else if (m->err) {
            fprintf(stderr, "tinpipe dlq: %s\n", rd_kafka_message_errstr(m));
        } else {
            int picked = picks == NULL;
            for (size_t i = 0; picks && i < n_picks; i++)
                if (picks[i].partition == m->partition &&
                    picks[i].offset == m->offset) {
                    picks[i].found = 1;
                    picked = 1;
                }
            if (picked && visit(ctx, m)) {
                rd_kafka_message_destroy(m);
                break;
            }
        }
        rd_kafka_message_destroy(m);
    }
    free(done_p);
    if (idle >= 30)
        fprintf(stderr, "tinpipe dlq: stopped after 30 s without messages\n");
    rc = 0;
    goto done;
error:
    fprintf(stderr, "tinpipe dlq: %s\n", errstr);
done:
    if (md)
        rd_kafka_metadata_destroy(md);
    if (asg)
        rd_kafka_topic_partition_list_destroy(asg);
    if (rk) {
        rd_kafka_consumer_close(rk);
        rd_kafka_destroy(rk);
    }
    return rc;
}

/* State of `dlq list`. */
typedef struct tp__dlq_list {
    long limit, shown;
} tp__dlq_list_t;

/* Prints one dead letter as a tab-separated line. */
static int tp__dlq_print(void *ctx, const rd_kafka_message_t *m)
{
    tp__dlq_list_t *l = ctx;
    char stage[64], cls[64], reason[512], st[256], sp[32], so[32];
    char preview[80 * 4 + 1];
    size_t n = 0, chars = 0;
    const unsigned char *v = m->payload;
    for (size_t i = 0; v && i < m->len && chars < 80 && n + 4 < sizeof preview;
         chars++) {
        size_t w = v[i] < 0x80           ? 1
                   : (v[i] >> 5) == 0x06 ? 2
                   : (v[i] >> 4) == 0x0e ? 3
                   : (v[i] >> 3) == 0x1e ? 4
                                         : 1;
        if (i + w > m->len)
            w = 1;
        for (size_t k = 1; k < w; k++)
            if ((v[i + k] & 0xc0) != 0x80)
                w = 1; /* not a valid sequence: shown as a space */
        if (w == 1) {
            preview[n++] = (v[i] < 0x20 || v[i] >= 0x7f) ? ' ' : (char)v[i];
        } else {
            memcpy(preview + n, v + i, w);
            n += w;
        }
        i += w;
    }
    preview[n] = '\0';
    printf("%" PRId32 ":%" PRId64 "\t%s\t%s\t%s:%s:%s\t%s\t%s\n", m->partition,
           m->offset, tp__dlq_hdr(m, "tp.stage", stage, sizeof stage),
           tp__dlq_hdr(m, "tp.error.class", cls, sizeof cls),
           tp__dlq_hdr(m, "tp.source.topic", st, sizeof st),
           tp__dlq_hdr(m, "tp.source.partition", sp, sizeof sp),
           tp__dlq_hdr(m, "tp.source.offset", so, sizeof so),
           tp__dlq_hdr(m, "tp.error.reason", reason, sizeof reason), preview);
    l->shown++;
    return l->limit > 0 && l->shown >= l->limit;
}

/* State of `dlq replay`. */
typedef struct tp__dlq_replay {
    rd_kafka_t *producer;
    long queued, skipped;
    unsigned long failed, delivered;
} tp__dlq_replay_t;

/* Delivery reports of replayed records. */
static void tp__dlq_replay_dr(rd_kafka_t *rk, const rd_kafka_message_t *m,
                              void *opaque)
{
    (void)rk;
    tp__dlq_replay_t *r = opaque;
    if (m->err) {
        r->failed++;
        fprintf(stderr, "tinpipe dlq: replay to %s not delivered: %s\n",
                rd_kafka_topic_name(m->rkt), rd_kafka_err2str(m->err));
    } else {
        r->delivered++;
    }
}

/* Sends one dead letter back to its source topic. */
static int tp__dlq_resend(void *ctx, const rd_kafka_message_t *m)
{
    tp__dlq_replay_t *r = ctx;
    char topic[256], trunc[32];
    tp__dlq_hdr(m, "tp.source.topic", topic, sizeof topic);
    if (!topic[0] || tp__dlq_hdr(m, "tp.truncated", trunc, sizeof trunc)[0]) {
        fprintf(stderr,
                "tinpipe dlq: %" PRId32 ":%" PRId64 " not replayed: %s\n",
                m->partition, m->offset,
                topic[0] ? "value was truncated" : "no tp.source.topic header");
        r->skipped++;
        return 0;
    }
    rd_kafka_headers_t *in = NULL;
    rd_kafka_message_headers(m, &in);
    rd_kafka_headers_t *h = rd_kafka_headers_new(8);
    const char *name;
    const void *val;
    size_t len;
    for (size_t i = 0; in && rd_kafka_header_get_all(in, i, &name, &val, &len) ==
                                 RD_KAFKA_RESP_ERR_NO_ERROR;
         i++)
        if (strncmp(name, "tp.", 3) != 0)
            rd_kafka_header_add(h, name, -1, val, val ? (ssize_t)len : 0);
    rd_kafka_header_add(h, "tp.replayed", -1, "1", 1);
    rd_kafka_resp_err_t err;
    for (;;) {
        err = rd_kafka_producev(
            r->producer, RD_KAFKA_V_TOPIC(topic),
            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
            RD_KAFKA_V_VALUE(m->payload, m->len),
            RD_KAFKA_V_KEY(m->key, m->key ? m->key_len : 0),
            RD_KAFKA_V_HEADERS(h), RD_KAFKA_V_END);
        if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL)
            break;
        rd_kafka_poll(r->producer, 100);
    }
    if (err) {
        rd_kafka_headers_destroy(h);
        fprintf(stderr, "tinpipe dlq: could not replay %" PRId32 ":%" PRId64
                        ": %s\n",
                m->partition, m->offset, rd_kafka_err2str(err));
        r->failed++;
    } else {
        r->queued++;
    }
    rd_kafka_poll(r->producer, 0);
    return 0;
}

/* Runs the subcommand. */
int tp_cmd_dlq(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "-h") == 0) {
        tp__dlq_usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *verb = argv[1], *path = NULL;
    long limit = 0;
    int all = 0, status = 2;
    size_t n_picks = 0;
    tp__dlq_pick_t *picks = calloc((size_t)argc, sizeof *picks);
    tp_config_t *c = NULL;
    if (strcmp(verb, "list") != 0 && strcmp(verb, "replay") != 0) {
        fprintf(stderr, "tinpipe dlq: unknown action \"%s\"\n\n", verb);
        tp__dlq_usage(stderr);
        goto done;
    }
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        char *end;
        if ((strcmp(a, "--config") == 0 || strcmp(a, "-c") == 0) &&
            i + 1 < argc) {
            path = argv[++i];
        } else if (strcmp(a, "--limit") == 0 && i + 1 < argc) {
            limit = strtol(argv[++i], &end, 10);
            if (*end || limit < 0) {
                fprintf(stderr, "tinpipe dlq: --limit wants a number\n");
                goto done;
            }
        } else if (strcmp(a, "--all") == 0) {
            all = 1;
        } else if (strcmp(a, "--offset") == 0 && i + 1 < argc) {
            const char *po = argv[++i];
            long p = strtol(po, &end, 10);
            if (*end != ':' || p < 0) {
                fprintf(stderr, "tinpipe dlq: --offset wants P:O, not \"%s\"\n",
                        po);
                goto done;
            }
            long long o = strtoll(end + 1, &end, 10);
            if (*end || o < 0) {
                fprintf(stderr, "tinpipe dlq: --offset wants P:O, not \"%s\"\n",
                        po);
                goto done;
            }
            picks[n_picks].partition = (int32_t)p;
            picks[n_picks++].offset = o;
        } else {
            fprintf(stderr, "tinpipe dlq: unknown argument \"%s\"\n\n", a);
            tp__dlq_usage(stderr);
            goto done;
        }
    }
    int replay = strcmp(verb, "replay") == 0;
    if (replay && all == (n_picks > 0)) {
        fprintf(stderr, "tinpipe dlq replay: give --all or --offset P:O\n");
        goto done;
    }
    char errstr[512];
    status = 1;
    c = tp_config_open(path, NULL, errstr, sizeof errstr);
    if (!c) {
        fprintf(stderr, "tinpipe dlq: %s\n", errstr);
        goto done;
    }
    tp_log_setup("tinpipe", "warn", "text");
    if (!replay) {
        tp__dlq_list_t l = {.limit = limit};
        if (tp__dlq_scan(c, NULL, 0, tp__dlq_print, &l) == 0) {
            fprintf(stderr, "%ld dead letters in %s\n", l.shown, c->topics.dlq);
            status = 0;
        }
        goto done;
    }
    tp__dlq_replay_t r = {0};
    rd_kafka_conf_t *conf =
        tp_kafka_producer_conf_new(c, NULL, NULL, errstr, sizeof errstr);
    if (!conf) {
        fprintf(stderr, "tinpipe dlq: %s\n", errstr);
        goto done;
    }
    rd_kafka_conf_set_dr_msg_cb(conf, tp__dlq_replay_dr);
    rd_kafka_conf_set_opaque(conf, &r);
    r.producer = tp_kafka_producer_new(conf, 0, errstr, sizeof errstr);
    if (!r.producer) {
        fprintf(stderr, "tinpipe dlq: %s\n", errstr);
        goto done;
    }
    int scanned = tp__dlq_scan(c, all ? NULL : picks, n_picks, tp__dlq_resend,
                               &r);
    rd_kafka_flush(r.producer, 60000);
    int missing = 0;
    for (size_t i = 0; i < n_picks; i++)
        if (!picks[i].found) {
            fprintf(stderr, "tinpipe dlq: no dead letter at %" PRId32
                            ":%" PRId64 "\n",
                    picks[i].partition, picks[i].offset);
            missing++;
        }
    unsigned long outq = (unsigned long)rd_kafka_outq_len(r.producer);
    rd_kafka_destroy(r.producer);
    printf("replayed %lu dead letters\n", r.delivered);
    status = (scanned || missing || r.failed || outq || r.skipped ||
              (long)r.delivered != r.queued)
                 ? 1
                 : 0;
done:
    tp_config_destroy(c);
    free(picks);
    return status;
}

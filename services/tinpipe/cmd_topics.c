/*
 * cmd_topics.c — `tinpipe topics`: creates the configured topics (raw,
 * normalized, enriched, dlq) with topics.partitions and
 * topics.replication_factor through the Admin API. A topic that exists
 * already is left as it is and reported with its partition count.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "tp/config.h"
#include "tp/kafka.h"
#include "tp/log.h"

/* Prints the usage of topics. */
static void tp__topics_usage(FILE *out)
{
    fprintf(out,
            "usage: tinpipe topics [--config F]\n\n"
            "Creates topics.raw, topics.normalized, topics.enriched and "
            "topics.dlq with\n"
            "topics.partitions partitions and topics.replication_factor "
            "replicas.\n"
            "Existing topics are fine. Exit 1 if any topic could not be "
            "created.\n");
}

/* Returns the partition count of topic from the cluster, or -1. */
static int tp__topics_partitions(rd_kafka_t *rk, const char *topic)
{
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
    const struct rd_kafka_metadata *md = NULL;
    int n = -1;
    if (rd_kafka_metadata(rk, 0, rkt, &md, 10000) ==
            RD_KAFKA_RESP_ERR_NO_ERROR &&
        md->topic_cnt == 1 && !md->topics[0].err)
        n = md->topics[0].partition_cnt;
    if (md)
        rd_kafka_metadata_destroy(md);
    rd_kafka_topic_destroy(rkt);
    return n;
}

/* Runs the subcommand. */
int tp_cmd_topics(int argc, char **argv)
{
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            tp__topics_usage(stdout);
            return 0;
        } else if ((strcmp(argv[i], "--config") == 0 ||
                    strcmp(argv[i], "-c") == 0) &&
                   i + 1 < argc) {
            path = argv[++i];
        } else {
            fprintf(stderr, "tinpipe topics: unknown argument \"%s\"\n\n",
                    argv[i]);
            tp__topics_usage(stderr);
            return 2;
        }
    }
    char errstr[512];
    tp_config_t *c = tp_config_open(path, NULL, errstr, sizeof errstr);
    if (!c) {
        fprintf(stderr, "tinpipe topics: %s\n", errstr);
        return 1;
    }
    tp_log_setup("tinpipe", "warn", "text");
    int status = 1;
    rd_kafka_t *rk = NULL;
    rd_kafka_queue_t *q = NULL;
    rd_kafka_event_t *ev = NULL;
    rd_kafka_NewTopic_t *nt[4] = {0};
    const char *names[4] = {c->topics.raw, c->topics.normalized,
                            c->topics.enriched, c->topics.dlq};

    rd_kafka_conf_t *conf = tp_kafka_conf_new(c, NULL, errstr, sizeof errstr);
    if (!conf) {
        fprintf(stderr, "tinpipe topics: %s\n", errstr);
        goto done;
    }
    rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
    if (!rk) {
        rd_kafka_conf_destroy(conf);
        fprintf(stderr, "tinpipe topics: %s\n", errstr);
        goto done;
    }
    for (int i = 0; i < 4; i++) {
        nt[i] = rd_kafka_NewTopic_new(names[i], c->topics.partitions,
                                      c->topics.replication_factor, errstr,
                                      sizeof errstr);
        if (!nt[i]) {
            fprintf(stderr, "tinpipe topics: %s: %s\n", names[i], errstr);
            goto done;
        }
    }
    rd_kafka_AdminOptions_t *opts =
        rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS);
    rd_kafka_AdminOptions_set_operation_timeout(opts, 30000, NULL, 0);
    rd_kafka_AdminOptions_set_request_timeout(opts, 30000, NULL, 0);
    q = rd_kafka_queue_new(rk);
    rd_kafka_CreateTopics(rk, nt, 4, opts, q);
    rd_kafka_AdminOptions_destroy(opts);
    ev = rd_kafka_queue_poll(q, 60000);
    if (!ev) {
        fprintf(stderr, "tinpipe topics: no answer from the cluster in 60 s\n");
        goto done;
    }
    if (rd_kafka_event_error(ev)) {
        fprintf(stderr, "tinpipe topics: could not create topics: %s\n",
                rd_kafka_event_error_string(ev));
        goto done;
    }
    const rd_kafka_CreateTopics_result_t *res =
        rd_kafka_event_CreateTopics_result(ev);
    size_t n;
    const rd_kafka_topic_result_t **tr =
        rd_kafka_CreateTopics_result_topics(res, &n);
    int failed = 0;
    for (size_t i = 0; i < n; i++) {
        const char *name = rd_kafka_topic_result_name(tr[i]);
        rd_kafka_resp_err_t err = rd_kafka_topic_result_error(tr[i]);
        if (!err) {
            printf("created %s (%d partitions, replication factor %d)\n", name,
                   c->topics.partitions, c->topics.replication_factor);
        } else if (err == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
            printf("exists  %s (%d partitions)\n", name,
                   tp__topics_partitions(rk, name));
        } else {
            failed++;
            fprintf(stderr, "tinpipe topics: could not create %s: %s\n", name,
                    rd_kafka_topic_result_error_string(tr[i])
                        ? rd_kafka_topic_result_error_string(tr[i])
                        : rd_kafka_err2str(err));
        }
    }
    status = failed ? 1 : 0;
done:
    if (ev)
        rd_kafka_event_destroy(ev);
    if (q)
        rd_kafka_queue_destroy(q);
    for (int i = 0; i < 4; i++)
        if (nt[i])
            rd_kafka_NewTopic_destroy(nt[i]);
    if (rk)
        rd_kafka_destroy(rk);
    tp_config_destroy(c);
    return status;
}

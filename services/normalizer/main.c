/*
 * tinpipe-normalizer — reads raw crawler messages from topics.raw, turns
 * each into a normalized article event (tp_normalize + tp_event_encode)
 * and publishes it to topics.normalized, keyed by the article id; bad
 * input goes to topics.dlq. Input offsets and output commit in one Kafka
 * transaction (tp/stage.h). README.md beside this file tells more.
 */
#include <stdio.h>
#include <string.h>

#include "tp/daemon.h"
#include "tp/event.h"
#include "tp/kafka.h"
#include "tp/log.h"
#include "tp/metrics.h"
#include "tp/normalizer.h"
#include "tp/stage.h"

/* The stage transform: raw message -> normalized event, key = article id. */
static tp_err_t nz_transform(void *opaque, tp_arena_t *arena,
                             const rd_kafka_message_t *in,
                             tp_stage_output_t *out, tp_error_t *err)
{
    tp_normalizer_t *nz = opaque;
    tp_raw_article_t raw;
    tp_article_t art;
    tp_kafka_raw_article(in, arena, &raw);
    tp_err_t rc = tp_normalize(nz, arena, &raw, &art, err);
    if (rc != TP_OK)
        return rc;
    if (!art.topic) {
        art.topic = raw.topic;
        art.partition = raw.partition;
        art.offset = raw.offset;
    }
    out->value = tp_event_encode(arena, &art, &out->len);
    /* art lives on this stack frame; the key must outlive it. */
    out->key = tp_arena_strdup(arena, art.article_id);
    out->key_len = strlen(out->key);
    return TP_OK;
}

int main(int argc, char **argv)
{
    tp_daemon_t d;
    int rc = tp_daemon_start(&d, argc, argv, "normalizer");
    if (rc >= 0)
        return rc;
    tp_config_t *conf = d.conf;

    tp_normalizer_opts_t opts = {
        .tone_style = tp_tone_style_of(conf->normalizer.tone_style),
        .max_article_bytes = (size_t)conf->normalizer.max_article_bytes,
    };
    char errstr[512];
    tp_normalizer_t *nz = tp_normalizer_new(&opts, errstr, sizeof errstr);
    if (!nz) {
        tp_log(TP_LOG_ERROR, "could not create the normalizer; exiting",
               "reason", errstr, NULL);
        return tp_daemon_finish(&d, 1);
    }
    tp_stage_opts_t so = {
        .name = "normalizer",
        .config = conf,
        .stage = &conf->normalizer.stage,
        .in_topic = conf->topics.raw,
        .out_topic = conf->topics.normalized,
        .transform = nz_transform,
        .opaque = nz,
        .stop = &tp_daemon_stop,
    };
    int status = tp_stage_main(&so);
    tp_normalizer_destroy(nz);
    return tp_daemon_finish(&d, status);
}

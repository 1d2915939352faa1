/*
 * tinpipe-extractor — reads normalized article events from
 * topics.normalized, finds their entities (tp_extract) and publishes the
 * enriched event to topics.enriched, keyed by the article id; events that
 * do not decode go to topics.dlq. Input offsets and output commit in one
 * Kafka transaction (tp/stage.h). README.md beside this file tells more.
 */
#include <stdio.h>
#include <string.h>

#include "tp/daemon.h"
#include "tp/event.h"
#include "tp/extractor.h"
#include "tp/kafka.h"
#include "tp/log.h"
#include "tp/metrics.h"
#include "tp/normalizer.h"
#include "tp/stage.h"

/* The stage transform: normalized event -> enriched event. */
static tp_err_t ex_transform(void *opaque, tp_arena_t *arena,
                             const rd_kafka_message_t *in,
                             tp_stage_output_t *out, tp_error_t *err)
{
    tp_extractor_t *ex = opaque;
    tp_article_t art;
    tp_err_t rc = tp_event_decode(arena, in->payload, in->len, &art, err);
    if (rc != TP_OK)
        return rc;
    rc = tp_extract(ex, arena, &art, err);
    if (rc != TP_OK)
        return rc;
    out->value = tp_event_encode(arena, &art, &out->len);
    /* art lives on this stack frame; the key must outlive it. */
    out->key = art.article_id[0] ? tp_arena_strdup(arena, art.article_id) : NULL;
    out->key_len = out->key ? strlen(out->key) : 0;
    return TP_OK;
}

int main(int argc, char **argv)
{
    tp_daemon_t d;
    int rc = tp_daemon_start(&d, argc, argv, "extractor");
    if (rc >= 0)
        return rc;
    tp_config_t *conf = d.conf;

    /* The body arrives in the normalizer's tone style; keys follow it. */
    tp_extractor_opts_t opts = {
        .tone_style = tp_tone_style_of(conf->normalizer.tone_style),
    };
    char errstr[512];
    tp_extractor_t *ex = tp_extractor_new(&opts, errstr, sizeof errstr);
    if (!ex) {
        tp_log(TP_LOG_ERROR, "could not create the extractor; exiting",
               "reason", errstr, NULL);
        return tp_daemon_finish(&d, 1);
    }
    tp_stage_opts_t so = {
        .name = "extractor",
        .config = conf,
        .stage = &conf->extractor.stage,
        .in_topic = conf->topics.normalized,
        .out_topic = conf->topics.enriched,
        .transform = ex_transform,
        .opaque = ex,
        .stop = &tp_daemon_stop,
    };
    int status = tp_stage_main(&so);
    tp_extractor_destroy(ex);
    return tp_daemon_finish(&d, status);
}

/*
 * tinpipe-extractor — reads normalized article events from
 * topics.normalized, finds their entities (tp_extract) and publishes the
 * enriched event to topics.enriched, keyed by the article id; events that
 * do not decode go to topics.dlq. Input offsets and output commit in one
 * Kafka transaction (tp/stage.h). README.md beside this file tells more.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "tp/cli.h"
#include "tp/event.h"
#include "tp/extractor.h"
#include "tp/kafka.h"
#include "tp/log.h"
#include "tp/metrics.h"
#include "tp/normalizer.h"
#include "tp/stage.h"

/* Set by SIGTERM/SIGINT; the stage loop polls it. */
static volatile sig_atomic_t ex_stop;

/* Asks the loop to stop; nothing else happens in a signal handler. */
static void ex_on_signal(int sig)
{
    (void)sig;
    ex_stop = 1;
}

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

/* Installs the stop handler for SIGTERM and SIGINT. */
static void ex_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = ex_on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

int main(int argc, char **argv)
{
    tp_config_t *conf;
    int rc = tp_cli_daemon_args(argc, argv, "extractor", &conf);
    if (rc >= 0)
        return rc;
    tp_log_setup("tinpipe-extractor", conf->log.level, conf->log.format);
    ex_signals();

    char errstr[512];
    int status = 1;
    tp_extractor_t *ex = NULL;
    tp_stage_t *stage = NULL;
    tp_http_t *http = tp_http_new(conf->http.listen, 30, errstr, sizeof errstr);
    if (!http) {
        tp_log(TP_LOG_ERROR, "could not start the HTTP server; exiting",
               "listen", conf->http.listen, "reason", errstr, NULL);
        goto error;
    }
    /* The body arrives in the normalizer's tone style; keys follow it. */
    tp_extractor_opts_t opts = {
        .tone_style = tp_tone_style_parse(conf->normalizer.tone_style) ==
                              TP_TONE_MODERN
                          ? TP_TONE_MODERN
                          : TP_TONE_TRADITIONAL,
    };
    ex = tp_extractor_new(&opts, errstr, sizeof errstr);
    if (!ex) {
        tp_log(TP_LOG_ERROR, "could not create the extractor; exiting",
               "reason", errstr, NULL);
        goto error;
    }
    tp_stage_opts_t so = {
        .name = "extractor",
        .config = conf,
        .stage = &conf->extractor.stage,
        .in_topic = conf->topics.normalized,
        .out_topic = conf->topics.enriched,
        .transform = ex_transform,
        .opaque = ex,
        .stop = &ex_stop,
    };
    stage = tp_stage_new(&so, errstr, sizeof errstr);
    if (!stage) {
        tp_log(TP_LOG_ERROR, "could not create the Kafka clients; exiting",
               "reason", errstr, NULL);
        goto error;
    }
    status = tp_stage_run(stage) == TP_OK ? 0 : 1;
error:
    tp_stage_destroy(stage);
    tp_extractor_destroy(ex);
    tp_http_destroy(http);
    tp_config_destroy(conf);
    return status;
}

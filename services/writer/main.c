/*
 * services/writer/main.c — tinpipe-writer: stores enriched article events
 * in PostgreSQL exactly once. The loop lives in shared/pg/writer.c
 * (tp/writer.h); this file parses arguments, installs the signal handlers
 * and serves /metrics, /healthz and /readyz.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "tp/cli.h"
#include "tp/config.h"
#include "tp/log.h"
#include "tp/metrics.h"
#include "tp/writer.h"

static volatile sig_atomic_t wr_stop;

/* Asks the loop to stop; nothing else happens in a signal handler. */
static void wr_on_signal(int sig)
{
    (void)sig;
    wr_stop = 1;
}

/* SIGTERM and SIGINT stop the loop gracefully; SIGPIPE is ignored. */
static void wr_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = wr_on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

int main(int argc, char **argv)
{
    tp_config_t *conf;
    int rc = tp_cli_daemon_args(argc, argv, "writer", &conf);
    if (rc >= 0)
        return rc;
    tp_log_setup("tinpipe-writer", conf->log.level, conf->log.format);
    wr_signals();

    char errstr[512];
    int status = 1;
    tp_writer_t *w = NULL;
    tp_http_t *http = tp_http_new(conf->http.listen, 30, errstr, sizeof errstr);
    if (!http) {
        tp_log(TP_LOG_ERROR, "could not start the HTTP server; exiting",
               "listen", conf->http.listen, "reason", errstr, NULL);
        goto error;
    }
    w = tp_writer_new(conf, &wr_stop, errstr, sizeof errstr);
    if (!w) {
        tp_log(TP_LOG_ERROR, "could not create the writer; exiting", "reason",
               errstr, NULL);
        goto error;
    }
    status = tp_writer_run(w) == TP_OK ? 0 : 1;
error:
    tp_writer_destroy(w);
    tp_http_destroy(http);
    tp_config_destroy(conf);
    return status;
}

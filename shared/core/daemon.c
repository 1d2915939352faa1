/*
 * daemon.c — the start and end every tinpipe daemon shares (tp/daemon.h),
 * so that each service's main() holds only what is its own.
 */
#include "tp/daemon.h"

#include <stdio.h>
#include <string.h>

#include "tp/cli.h"
#include "tp/log.h"

volatile sig_atomic_t tp_daemon_stop;

/* Asks the loop to stop; nothing else happens in a signal handler. */
static void tp__daemon_on_signal(int sig)
{
    (void)sig;
    tp_daemon_stop = 1;
}

/* SIGTERM and SIGINT stop the loop gracefully; SIGPIPE is ignored (a
 * closed socket is an error return, not a reason to die). */
static void tp__daemon_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = tp__daemon_on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

int tp_daemon_start(tp_daemon_t *d, int argc, char **argv,
                    const char *service)
{
    memset(d, 0, sizeof *d);
    int rc = tp_cli_daemon_args(argc, argv, service, &d->conf);
    if (rc >= 0)
        return rc;
    char name[64];
    snprintf(name, sizeof name, "tinpipe-%s", service);
    tp_log_setup(name, d->conf->log.level, d->conf->log.format);
    tp__daemon_signals();

    char errstr[512];
    d->http = tp_http_new(d->conf->http.listen, 30, errstr, sizeof errstr);
    if (!d->http) {
        tp_log(TP_LOG_ERROR, "could not start the HTTP server; exiting",
               "listen", d->conf->http.listen, "reason", errstr, NULL);
        return tp_daemon_finish(d, 1);
    }
    if (tp_http_port(d->http) > 0) {
        char port[16];
        snprintf(port, sizeof port, "%d", tp_http_port(d->http));
        tp_log(TP_LOG_INFO, "serving /metrics, /healthz and /readyz", "listen",
               d->conf->http.listen, "port", port, NULL);
    }
    return -1;
}

int tp_daemon_finish(tp_daemon_t *d, int status)
{
    tp_http_destroy(d->http);
    tp_config_destroy(d->conf);
    d->http = NULL;
    d->conf = NULL;
    return status;
}

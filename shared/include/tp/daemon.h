/*
 * tp/daemon.h — what every tinpipe daemon does around its one poll loop:
 * arguments and configuration (tp/cli.h), logging (tp/log.h), signal
 * handlers that only set tp_daemon_stop, SIGPIPE ignored, and the
 * /metrics, /healthz and /readyz endpoints (tp/metrics.h).
 *
 *   tp_daemon_t d;
 *   int rc = tp_daemon_start(&d, argc, argv, "normalizer");
 *   if (rc >= 0)
 *       return rc;
 *   ... create handles from d.conf, run the loop until tp_daemon_stop ...
 *   return tp_daemon_finish(&d, status);
 *
 * Ownership: after a successful start, d owns the config and the HTTP
 * server; tp_daemon_finish() releases both. One daemon per process.
 */
#ifndef TP_DAEMON_H
#define TP_DAEMON_H

#include <signal.h>

#include "tp/config.h"
#include "tp/metrics.h"

/* Set to 1 by SIGTERM or SIGINT; the loop polls it and shuts down. */
extern volatile sig_atomic_t tp_daemon_stop;

typedef struct tp_daemon {
    tp_config_t *conf;
    tp_http_t *http;
} tp_daemon_t;

/* Parses arguments, loads the config, sets up logging as
 * "tinpipe-<service>", installs the signal handlers and starts the HTTP
 * endpoints. Returns -1 when the daemon should run, or the exit status
 * when it should exit now (help printed, config checked, or an error,
 * already reported). */
int tp_daemon_start(tp_daemon_t *d, int argc, char **argv,
                    const char *service);

/* Stops the HTTP endpoints, releases the config and returns status. */
int tp_daemon_finish(tp_daemon_t *d, int status);

#endif

/*
 * services/writer/main.c — tinpipe-writer: stores enriched article events
 * in PostgreSQL exactly once. The loop lives in shared/pg/writer.c
 * (tp/writer.h); start-up and shutdown (arguments, config, signals,
 * /metrics, /healthz, /readyz) are tp/daemon.h's.
 */
#include "tp/daemon.h"
#include "tp/log.h"
#include "tp/writer.h"

int main(int argc, char **argv)
{
    tp_daemon_t d;
    int rc = tp_daemon_start(&d, argc, argv, "writer");
    if (rc >= 0)
        return rc;

    char errstr[512];
    int status = 1;
    tp_writer_t *w = tp_writer_new(d.conf, &tp_daemon_stop, errstr,
                                   sizeof errstr);
    if (!w) {
        tp_log(TP_LOG_ERROR, "could not create the writer; exiting", "reason",
               errstr, NULL);
        return tp_daemon_finish(&d, 1);
    }
    status = tp_writer_run(w) == TP_OK ? 0 : 1;
    tp_writer_destroy(w);
    return tp_daemon_finish(&d, status);
}

/*
 * tp/cli.h — the command-line options every tinpipe daemon shares.
 *
 *   tinpipe-<service> [--config FILE] [--check-config] [--help-config]
 *                     [--help] [--version]
 *
 *   --config FILE    load FILE (default: the TP_CONFIG environment variable;
 *                    without either, the built-in defaults, which honour
 *                    TP_KAFKA_BOOTSTRAP, TP_PG_CONNINFO, TP_PG_PASSWORD_FILE
 *                    and TP_HTTP_LISTEN, see tp/config.h)
 *   --check-config   validate the configuration, print "FILE: ok" or the
 *                    error (file:line:column: message) and exit 0 or 1
 *   --help-config    print every option with its type, default and
 *                    description, exit 0
 *   --help, -h       print the usage, exit 0
 *   --version        print the version, exit 0
 *
 * A daemon's main() starts with:
 *
 *   tp_config_t *conf;
 *   int rc = tp_cli_daemon_args(argc, argv, "normalizer", &conf);
 *   if (rc >= 0)
 *       return rc;
 *   ... run ...
 *   tp_config_destroy(conf);
 *
 * Ownership: on -1, *out is a loaded config the caller releases with
 * tp_config_destroy(); otherwise *out is NULL.
 */
#ifndef TP_CLI_H
#define TP_CLI_H

#include "tp/config.h"

/* Parses a daemon's arguments and loads its configuration. service is the
 * short name ("normalizer") used in messages as "tinpipe-<service>".
 * Returns -1 when the daemon should go on running with *out, or the exit
 * status when it should exit now: 0 after --help, --help-config, --version
 * or a successful --check-config; 1 when the configuration is invalid;
 * 2 for a usage error. Messages go to stdout (asked-for output) or stderr
 * (errors). */
int tp_cli_daemon_args(int argc, char **argv, const char *service,
                       tp_config_t **out);

#endif

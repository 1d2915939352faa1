/*
 * cli.c — the options every daemon shares (tp/cli.h): where the
 * configuration comes from, checking it, and printing help.
 */
#include "tp/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Prints a daemon's usage. */
static void tp__cli_usage(FILE *out, const char *service)
{
    fprintf(out,
            "usage: tinpipe-%s [--config FILE] [--check-config] "
            "[--help-config] [--help] [--version]\n\n"
            "  --config FILE   configuration file (default: $TP_CONFIG, else "
            "built-in defaults\n"
            "                  with TP_KAFKA_BOOTSTRAP, TP_PG_CONNINFO, "
            "TP_PG_PASSWORD_FILE,\n"
            "                  TP_HTTP_LISTEN from the environment)\n"
            "  --check-config  validate the configuration and exit 0 or 1\n"
            "  --help-config   list every option\n"
            "  --help          this text\n"
            "  --version       print the version\n",
            service);
}

/* Parses a daemon's arguments; see tp/cli.h. */
int tp_cli_daemon_args(int argc, char **argv, const char *service,
                       tp_config_t **out)
{
    const char *path = NULL;
    int check = 0;
    *out = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            tp__cli_usage(stdout, service);
            return 0;
        } else if (strcmp(a, "--help-config") == 0) {
            tp_config_print_help(stdout);
            return 0;
        } else if (strcmp(a, "--version") == 0) {
            printf("tinpipe-%s %s\n", service, TP_VERSION);
            return 0;
        } else if (strcmp(a, "--check-config") == 0) {
            check = 1;
        } else if (strcmp(a, "--config") == 0 || strcmp(a, "-c") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "tinpipe-%s: %s needs a file name\n", service,
                        a);
                return 2;
            }
            path = argv[++i];
        } else if (strncmp(a, "--config=", 9) == 0) {
            path = a + 9;
        } else {
            fprintf(stderr, "tinpipe-%s: unknown argument \"%s\"\n\n", service,
                    a);
            tp__cli_usage(stderr, service);
            return 2;
        }
    }
    char err[1024];
    tp_config_t *c = tp_config_open(path, &path, err, sizeof err);
    if (!c) {
        fprintf(stderr, "tinpipe-%s: %s\n", service, err);
        return 1;
    }
    if (check) {
        printf("%s: ok\n", path ? path : "(defaults)");
        tp_config_destroy(c);
        return 0;
    }
    *out = c;
    return -1;
}

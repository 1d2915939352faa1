/*
 * cmd_check_config.c — `tinpipe check-config FILE`: validates a
 * configuration file and prints "FILE: ok" with the effective configuration
 * (passwords masked), or the error as file:line:column: message.
 * `--help-config` lists every option; `-` reads the file from stdin.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "tp/config.h"

/* Prints the usage of check-config. */
static void tp__check_usage(FILE *out)
{
    fprintf(out, "usage: tinpipe check-config [--quiet] FILE|-\n"
                 "       tinpipe check-config --defaults\n"
                 "       tinpipe check-config --help-config\n\n"
                 "Validates FILE and prints the effective configuration "
                 "(passwords masked).\n"
                 "--defaults shows the configuration used without a file.\n"
                 "Exit status: 0 valid, 1 invalid, 2 usage error.\n");
}

/* Reads all of stdin into a malloc()ed buffer; NULL on error. */
static char *tp__check_read_stdin(size_t *len)
{
    size_t cap = 8192, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, stdin)) > 0) {
        n += got;
        if (n == cap) {
            char *b = realloc(buf, cap * 2);
            if (!b) {
                free(buf);
                return NULL;
            }
            buf = b;
            cap *= 2;
        }
    }
    if (buf && ferror(stdin)) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

/* Runs the subcommand. */
int tp_cmd_check_config(int argc, char **argv)
{
    const char *path = NULL;
    int quiet = 0, defaults = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            tp__check_usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "--help-config") == 0) {
            tp_config_print_help(stdout);
            return 0;
        } else if (strcmp(argv[i], "--quiet") == 0 ||
                   strcmp(argv[i], "-q") == 0) {
            quiet = 1;
        } else if (strcmp(argv[i], "--defaults") == 0) {
            defaults = 1;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "tinpipe check-config: unknown option \"%s\"\n",
                    argv[i]);
            return 2;
        } else if (path) {
            fprintf(stderr, "tinpipe check-config: one file at a time\n");
            return 2;
        } else {
            path = argv[i];
        }
    }
    if (!path && !defaults) {
        tp__check_usage(stderr);
        return 2;
    }

    char err[1024];
    tp_config_t *c;
    const char *name = path;
    if (defaults) {
        c = tp_config_defaults(err, sizeof err);
        name = "(defaults)";
    } else if (strcmp(path, "-") == 0) {
        size_t len = 0;
        char *text = tp__check_read_stdin(&len);
        if (!text) {
            fprintf(stderr, "tinpipe check-config: could not read stdin\n");
            return 1;
        }
        name = "<stdin>";
        c = tp_config_load_string(name, text, len, err, sizeof err);
        free(text);
    } else {
        c = tp_config_load(path, err, sizeof err);
    }
    if (!c) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    printf("%s: ok\n", name);
    if (!quiet) {
        printf("# effective configuration\n");
        tp_config_print(c, stdout);
    }
    tp_config_destroy(c);
    return 0;
}

/*
 * services/tinpipe/main.c — the `tinpipe` command line: runs the pipeline's
 * logic offline (process, eval) and hosts the operator tools (produce,
 * topics, migrate, dlq, check-config). Each subcommand is a file.
 */
#include <stdio.h>
#include <string.h>

#include "cmds.h"

typedef struct tp_cmd {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *usage;
} tp_cmd_t;

static const tp_cmd_t tp__cmds[] = {
    {"process", tp_cmd_process,
     "process [--config F] [FILE...|-]  normalize and extract offline; one event per line"},
    {"eval", tp_cmd_eval,
     "eval [--verbose] GOLD_DIR|GOLD.json... [--articles DIR]  score extraction against gold files"},
    {"produce", tp_cmd_produce,
     "produce [--config F] --topic T [FILE...|-]  publish files to Kafka as raw messages"},
    {"topics", tp_cmd_topics,
     "topics [--config F]  create the configured topics"},
    {"migrate", tp_cmd_migrate,
     "migrate [--config F]  apply the database schema"},
    {"dlq", tp_cmd_dlq,
     "dlq list|replay [--config F] ...  inspect and replay dead letters"},
    {"check-config", tp_cmd_check_config,
     "check-config FILE | --help-config  validate a configuration file"},
};

/* Prints the list of subcommands. */
static void tp__usage(FILE *out)
{
    fprintf(out, "usage: tinpipe COMMAND [ARGS]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof tp__cmds / sizeof tp__cmds[0]; i++)
        fprintf(out, "  %s\n", tp__cmds[i].usage);
    fprintf(out, "\n`tinpipe COMMAND --help` tells more. version %s\n",
            TP_VERSION);
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        tp__usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("tinpipe %s\n", TP_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof tp__cmds / sizeof tp__cmds[0]; i++)
        if (strcmp(argv[1], tp__cmds[i].name) == 0)
            return tp__cmds[i].run(argc - 1, argv + 1);
    fprintf(stderr, "tinpipe: unknown command \"%s\"\n\n", argv[1]);
    tp__usage(stderr);
    return 2;
}

/*
 * services/tinpipe/cmds.h — the subcommands of the `tinpipe` command line.
 * Each lives in cmd_<name>.c, takes the arguments after its name
 * (argv[0] is the subcommand) and returns the process exit status.
 */
#ifndef TP_CMDS_H
#define TP_CMDS_H

int tp_cmd_process(int argc, char **argv);      /* cmd_process.c */
int tp_cmd_produce(int argc, char **argv);      /* cmd_produce.c */
int tp_cmd_topics(int argc, char **argv);       /* cmd_topics.c */
int tp_cmd_dlq(int argc, char **argv);          /* cmd_dlq.c */
int tp_cmd_migrate(int argc, char **argv);      /* cmd_migrate.c */
int tp_cmd_check_config(int argc, char **argv); /* cmd_check_config.c */
int tp_cmd_eval(int argc, char **argv);         /* cmd_eval.c */

#endif

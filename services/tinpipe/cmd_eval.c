/* cmd_eval.c — placeholder until its owner lands the real command. */
#include <stdio.h>

#include "cmds.h"

int tp_cmd_eval(int argc, char **argv)
{
    (void)argc;
    fprintf(stderr, "tinpipe %s: not built yet\n", argv[0]);
    return 2;
}

/*
 * cmd_migrate.c — `tinpipe migrate [--config F] [--sql-dir D]`: applies the
 * numbered schema migrations the database lacks and prints each one it
 * applied (tp_pg_migrate, tp/pg.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "tp/config.h"
#include "tp/pg.h"

/* Prints the usage of migrate. */
static void tp__migrate_usage(FILE *out)
{
    fprintf(
        out,
        "usage: tinpipe migrate [--config FILE] [--sql-dir DIR]\n\n"
        "Applies the schema migrations (NNN_name.sql) the database lacks,\n"
        "each in its own transaction, and prints \"applied NNN_name\" for\n"
        "each. Connects with postgres.* of FILE (default $TP_CONFIG, else\n"
        "the built-in defaults, which honour TP_PG_CONNINFO).\n"
        "Migrations come from DIR, else $TP_SQL_DIR, else the installed\n"
        "share/tinpipe/sql, else the source tree's shared/sql.\n"
        "Exit status: 0 done (or nothing to do), 1 failed, 2 usage error.\n");
}

/* Runs the subcommand. */
int tp_cmd_migrate(int argc, char **argv)
{
    const char *path = NULL, *sql_dir_opt = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            tp__migrate_usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
            path = argv[++i];
        } else if (strncmp(argv[i], "--config=", 9) == 0) {
            path = argv[i] + 9;
        } else if (strcmp(argv[i], "--sql-dir") == 0 && i + 1 < argc) {
            sql_dir_opt = argv[++i];
        } else if (strncmp(argv[i], "--sql-dir=", 10) == 0) {
            sql_dir_opt = argv[i] + 10;
        } else {
            fprintf(stderr, "tinpipe migrate: unexpected argument \"%s\"\n\n",
                    argv[i]);
            tp__migrate_usage(stderr);
            return 2;
        }
    }
    char errstr[1024];
    tp_config_t *conf = tp_config_open(path, NULL, errstr, sizeof errstr);
    if (!conf) {
        fprintf(stderr, "tinpipe migrate: %s\n", errstr);
        return 1;
    }

    char dir[4096];
    tp_pg_sql_dir(sql_dir_opt, dir, sizeof dir);

    tp_error_t err;
    tp_error_clear(&err);
    int rc = 1;
    PGconn *conn = tp_pg_connect(conf, "tinpipe-migrate", &err);
    if (!conn) {
        fprintf(stderr, "tinpipe migrate: %s\n", err.msg);
        goto done;
    }
    int applied = 0;
    if (tp_pg_migrate(conn, dir, conf->postgres.schema, stdout, &applied,
                      &err) != TP_OK) {
        fprintf(stderr, "tinpipe migrate: %s\n", err.msg);
        goto done;
    }
    if (applied == 0)
        printf("schema up to date (%s)\n", dir);
    else
        printf("applied %d migration%s from %s\n", applied,
               applied == 1 ? "" : "s", dir);
    rc = 0;
done:
    PQfinish(conn);
    tp_config_destroy(conf);
    return rc;
}

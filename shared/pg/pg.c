/*
 * pg.c — connections, SQLSTATE classes and where the migrations live
 * (tp/pg.h).
 */
#include "tp/pg.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef TP_SQL_DIR
#define TP_SQL_DIR "shared/sql"
#endif

/* Quotes an identifier for SQL ("a""b") into buf; returns buf. */
static const char *tp__pg_quote_ident(const char *id, char *buf, size_t size)
{
    size_t j = 0;
    if (size < 3) {
        if (size)
            buf[0] = '\0';
        return buf;
    }
    buf[j++] = '"';
    for (const char *p = id; *p && j + 3 < size; p++) {
        if (*p == '"')
            buf[j++] = '"';
        buf[j++] = *p;
    }
    buf[j++] = '"';
    buf[j] = '\0';
    return buf;
}

/* Makes a libpq message one line, in place: the trailing newline goes,
 * inner newlines and tabs become spaces, runs of spaces collapse. */
static char *tp__pg_chomp(char *s)
{
    size_t j = 0;
    for (size_t i = 0; s[i]; i++) {
        char c = s[i] == '\n' || s[i] == '\t' || s[i] == '\r' ? ' ' : s[i];
        if (c == ' ' && (j == 0 || s[j - 1] == ' '))
            continue;
        s[j++] = c;
    }
    while (j && s[j - 1] == ' ')
        j--;
    s[j] = '\0';
    return s;
}

/* Swallows libpq notices (NOTICE lines from the server would otherwise go
 * to stderr unstructured). */
static void tp__pg_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* Opens a connection with the config's settings and sets search_path. */
PGconn *tp_pg_connect(const tp_config_t *c, const char *application_name,
                      tp_error_t *err)
{
    char timeout[16];
    snprintf(timeout, sizeof timeout, "%d",
             c->postgres.connect_timeout_s > 0 ? c->postgres.connect_timeout_s
                                               : 5);
    const char *keys[12], *vals[12];
    int k = 0;
    keys[k] = "dbname",
    vals[k++] = c->postgres.conninfo ? c->postgres.conninfo : "";
    if (c->postgres.password && c->postgres.password[0])
        keys[k] = "password", vals[k++] = c->postgres.password;
    keys[k] = "connect_timeout", vals[k++] = timeout;
    keys[k] = "application_name",
    vals[k++] = application_name ? application_name : "tinpipe";
    /* Notice a silently dead peer (a cable pulled, a VM frozen) within
     * about half a minute instead of the kernel's two hours. */
    keys[k] = "keepalives", vals[k++] = "1";
    keys[k] = "keepalives_idle", vals[k++] = "10";
    keys[k] = "keepalives_interval", vals[k++] = "5";
    keys[k] = "keepalives_count", vals[k++] = "3";
    keys[k] = NULL, vals[k] = NULL;

    PGconn *conn = PQconnectdbParams(keys, vals, 1);
    if (!conn) {
        tp_error_set(err, TP_ERR_RETRY, "db_retry",
                     "could not connect to database: out of memory");
        return NULL;
    }
    if (PQstatus(conn) != CONNECTION_OK) {
        char msg[400];
        snprintf(msg, sizeof msg, "%s", PQerrorMessage(conn));
        tp__pg_chomp(msg);
        /* Refused credentials or a missing database will not fix
         * themselves; everything else (refused, timed out, starting up,
         * too many clients) may. */
        tp_err_t code = TP_ERR_RETRY;
        if (strstr(msg, "authentication failed") ||
            strstr(msg, "password authentication") ||
            (strstr(msg, "database \"") && strstr(msg, "does not exist")) ||
            (strstr(msg, "role \"") && strstr(msg, "does not exist")) ||
            strstr(msg, "no password supplied") ||
            strstr(msg, "invalid connection option") ||
            strstr(msg, "missing \"=\""))
            code = TP_ERR_FATAL;
        tp_error_set(err, code, code == TP_ERR_RETRY ? "db_retry" : "db_fatal",
                     "could not connect to database: %s", msg);
        PQfinish(conn);
        return NULL;
    }
    PQsetNoticeProcessor(conn, tp__pg_notice, NULL);

    const char *schema = c->postgres.schema && c->postgres.schema[0]
                             ? c->postgres.schema
                             : "public";
    char quoted[300], sql[400];
    tp__pg_quote_ident(schema, quoted, sizeof quoted);
    /* Our schema first; public stays reachable for extensions. */
    snprintf(sql, sizeof sql, "SET search_path TO %s, public", quoted);
    tp_err_t rc = tp_pg_exec(conn, sql, err);
    if (rc != TP_OK) {
        PQfinish(conn);
        return NULL;
    }
    return conn;
}

/* Maps a SQLSTATE to what the caller should do. */
tp_err_t tp_pg_sqlstate_class(const char *st)
{
    if (!st || strlen(st) != 5)
        return TP_ERR_RETRY; /* no answer from the server: connection */
    if (strncmp(st, "08", 2) == 0 || strcmp(st, "40001") == 0 ||
        strcmp(st, "40P01") == 0 || strcmp(st, "57P01") == 0 ||
        strcmp(st, "57P02") == 0 || strcmp(st, "57P03") == 0 ||
        strcmp(st, "57014") == 0 || strcmp(st, "55P03") == 0 ||
        strncmp(st, "53", 2) == 0 || strncmp(st, "58", 2) == 0)
        return TP_ERR_RETRY;
    if (strncmp(st, "22", 2) == 0 || strncmp(st, "23", 2) == 0 ||
        strncmp(st, "54", 2) == 0)
        return TP_ERR_INPUT;
    return TP_ERR_FATAL;
}

/* Classifies a result; see tp/pg.h. */
tp_err_t tp_pg_classify(PGconn *conn, const PGresult *res, const char *what,
                        tp_error_t *err)
{
    ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (res && (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ||
                st == PGRES_COPY_IN || st == PGRES_COPY_OUT ||
                st == PGRES_SINGLE_TUPLE || st == PGRES_EMPTY_QUERY))
        return TP_OK;

    const char *sqlstate =
        res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    char msg[400];
    /* The primary message only: HINT and CONTEXT (a whole PL/pgSQL
     * statement) do not belong in a one-line log. */
    const char *m =
        res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    if (!m || !*m)
        m = res ? PQresultErrorMessage(res) : NULL;
    if (!m || !*m)
        m = conn ? PQerrorMessage(conn) : "no connection";
    snprintf(msg, sizeof msg, "%s", m);
    tp__pg_chomp(msg);
    /* libpq prefixes "ERROR:  "; the class says as much. */
    const char *shown = msg;
    if (strncmp(shown, "ERROR:  ", 8) == 0)
        shown += 8;
    else if (strncmp(shown, "FATAL:  ", 8) == 0)
        shown += 8;

    tp_err_t code = tp_pg_sqlstate_class(sqlstate);
    if (conn && PQstatus(conn) == CONNECTION_BAD)
        code = TP_ERR_RETRY;
    const char *cls = code == TP_ERR_RETRY   ? "db_retry"
                      : code == TP_ERR_INPUT ? "db_data"
                                             : "db_fatal";
    return tp_error_set(err, code, cls, "%s: %s%s%s%s", what ? what : "query",
                        shown, sqlstate ? " (SQLSTATE " : "",
                        sqlstate ? sqlstate : "", sqlstate ? ")" : "");
}

/* Runs statements without parameters; see tp/pg.h. */
tp_err_t tp_pg_exec(PGconn *conn, const char *sql, tp_error_t *err)
{
    PGresult *res = PQexec(conn, sql);
    tp_err_t rc = tp_pg_classify(conn, res, "query", err);
    PQclear(res);
    return rc;
}

/* True when path is a directory. */
static int tp__pg_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Finds the migrations; see tp/pg.h. */
const char *tp_pg_sql_dir(const char *override, char *buf, size_t size)
{
    if (override && *override) {
        snprintf(buf, size, "%s", override);
        return buf;
    }
    const char *env = getenv("TP_SQL_DIR");
    if (env && *env) {
        snprintf(buf, size, "%s", env);
        return buf;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            char cand[PATH_MAX + 32];
            snprintf(cand, sizeof cand, "%s/../share/tinpipe/sql", exe);
            if (tp__pg_is_dir(cand)) {
                snprintf(buf, size, "%s", cand);
                return buf;
            }
        }
    }
    snprintf(buf, size, "%s", TP_SQL_DIR);
    return buf;
}

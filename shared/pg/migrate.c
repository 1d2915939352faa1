/*
 * migrate.c — the schema migrations runner (tp_pg_migrate, tp/pg.h).
 *
 * Migrations are files NNN_name.sql, applied in version order, each in a
 * transaction of its own together with its row in tinpipe_migrations, so
 * that a migrator killed half-way leaves either the whole migration or
 * none of it. A session advisory lock serializes concurrent migrators
 * (several writer replicas starting at once with migrate_on_start).
 */
#include "tp/pg.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

/* The advisory lock key: "tinpipe" in ASCII, so it reads in pg_locks. */
#define TP__MIGRATE_LOCK "32767020351713381"

typedef struct tp__migration {
    int version;
    char *name; /* file name without ".sql" */
    char *path;
} tp__migration_t;

/* Orders migrations by version. */
static int tp__migration_cmp(const void *a, const void *b)
{
    const tp__migration_t *x = a, *y = b;
    return (x->version > y->version) - (x->version < y->version);
}

/* Frees a list of migrations. */
static void tp__migrations_free(tp__migration_t *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].name);
        free(v[i].path);
    }
    free(v);
}

/* Reads the migration files of dir, sorted; TP_ERR_FATAL when the
 * directory cannot be read or two files share a version. */
static tp_err_t tp__migrations_list(const char *dir, tp__migration_t **out,
                                    size_t *n_out, tp_error_t *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return tp_error_set(err, TP_ERR_FATAL, "db_fatal",
                            "could not open migrations directory \"%s\": %s",
                            dir, strerror(errno));
    tp__migration_t *v = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        const char *f = de->d_name;
        size_t len = strlen(f);
        size_t digits = 0;
        while (isdigit((unsigned char)f[digits]))
            digits++;
        if (digits == 0 || digits > 9 || f[digits] != '_' || len < digits + 6 ||
            strcmp(f + len - 4, ".sql") != 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            tp__migration_t *nv = realloc(v, cap * sizeof *v);
            if (!nv)
                abort();
            v = nv;
        }
        v[n].version = atoi(f);
        v[n].name = strndup(f, len - 4);
        size_t plen = strlen(dir) + len + 2;
        v[n].path = malloc(plen);
        if (!v[n].name || !v[n].path)
            abort();
        snprintf(v[n].path, plen, "%s/%s", dir, f);
        n++;
    }
    closedir(d);
    if (n)
        qsort(v, n, sizeof *v, tp__migration_cmp);
    for (size_t i = 1; i < n; i++)
        if (v[i].version == v[i - 1].version) {
            tp_error_set(err, TP_ERR_FATAL, "db_fatal",
                         "two migrations have version %d: %s and %s",
                         v[i].version, v[i - 1].name, v[i].name);
            tp__migrations_free(v, n);
            return TP_ERR_FATAL;
        }
    *out = v;
    *n_out = n;
    return TP_OK;
}

/* Reads a whole file into a malloc()ed NUL-terminated string. */
static char *tp__read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 8192, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n - 1 == 0) {
            cap *= 2;
            char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                buf = NULL;
            }
            buf = nb;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (!buf || bad) {
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Writes "xxh128:<hex>" of data into out (at least 40 bytes). */
static void tp__checksum(const char *data, size_t len, char *out, size_t size)
{
    XXH128_hash_t h = XXH3_128bits(data, len);
    snprintf(out, size, "xxh128:%016llx%016llx", (unsigned long long)h.high64,
             (unsigned long long)h.low64);
}

/* Applies one migration in its own transaction. */
static tp_err_t tp__migration_apply(PGconn *conn, const tp__migration_t *m,
                                    const char *sql, const char *checksum,
                                    tp_error_t *err)
{
    char what[300];
    tp_err_t rc = tp_pg_exec(conn, "BEGIN", err);
    if (rc != TP_OK)
        return rc;
    PGresult *res = PQexec(conn, sql);
    snprintf(what, sizeof what, "migration %s failed", m->name);
    rc = tp_pg_classify(conn, res, what, err);
    PQclear(res);
    if (rc == TP_OK) {
        char version[16];
        snprintf(version, sizeof version, "%d", m->version);
        const char *params[3] = {version, m->name, checksum};
        res = PQexecParams(conn,
                           "INSERT INTO tinpipe_migrations "
                           "(version, name, checksum) VALUES ($1, $2, $3)",
                           3, NULL, params, NULL, NULL, 0);
        rc = tp_pg_classify(conn, res, "could not record migration", err);
        PQclear(res);
    }
    if (rc == TP_OK)
        rc = tp_pg_exec(conn, "COMMIT", err);
    if (rc != TP_OK) {
        tp_error_t ignored;
        tp_pg_exec(conn, "ROLLBACK", &ignored);
        /* A migration that fails on data or syntax will fail again. */
        if (rc == TP_ERR_INPUT) {
            rc = TP_ERR_FATAL;
            if (err)
                err->code = rc;
        }
    }
    return rc;
}

/* Applies what the database lacks, under the advisory lock. */
static tp_err_t tp__migrate_locked(PGconn *conn, const char *sql_dir,
                                   const char *schema, FILE *out,
                                   int *n_applied, tp_error_t *err)
{
    tp_err_t rc;
    if (schema && *schema) {
        char *q = PQescapeIdentifier(conn, schema, strlen(schema));
        if (!q)
            return tp_error_set(err, TP_ERR_FATAL, "db_fatal",
                                "could not quote schema name \"%s\"", schema);
        size_t len = 2 * strlen(q) + 80;
        char *sql = malloc(len);
        if (!sql)
            abort();
        snprintf(
            sql, len,
            "CREATE SCHEMA IF NOT EXISTS %s; SET search_path TO %s, public", q,
            q);
        PQfreemem(q);
        rc = tp_pg_exec(conn, sql, err);
        free(sql);
        if (rc != TP_OK)
            return rc;
    }
    rc = tp_pg_exec(conn,
                    "CREATE TABLE IF NOT EXISTS tinpipe_migrations ("
                    " version integer PRIMARY KEY,"
                    " name text NOT NULL,"
                    " checksum text NOT NULL,"
                    " applied_at timestamptz NOT NULL DEFAULT now())",
                    err);
    if (rc != TP_OK)
        return rc;

    tp__migration_t *files = NULL;
    size_t n_files = 0;
    rc = tp__migrations_list(sql_dir, &files, &n_files, err);
    if (rc != TP_OK)
        return rc;
    if (n_files == 0) {
        tp__migrations_free(files, n_files);
        return tp_error_set(err, TP_ERR_FATAL, "db_fatal",
                            "no migrations (NNN_name.sql) in \"%s\"", sql_dir);
    }

    PGresult *applied =
        PQexec(conn, "SELECT version, name, checksum FROM tinpipe_migrations");
    rc =
        tp_pg_classify(conn, applied, "could not read tinpipe_migrations", err);
    if (rc != TP_OK) {
        PQclear(applied);
        tp__migrations_free(files, n_files);
        return rc;
    }

    int count = 0;
    for (size_t i = 0; i < n_files && rc == TP_OK; i++) {
        const tp__migration_t *m = &files[i];
        size_t len = 0;
        char *sql = tp__read_file(m->path, &len);
        if (!sql) {
            rc = tp_error_set(err, TP_ERR_FATAL, "db_fatal",
                              "could not read migration \"%s\": %s", m->path,
                              strerror(errno));
            break;
        }
        char sum[64];
        tp__checksum(sql, len, sum, sizeof sum);
        int found = -1;
        for (int r = 0; r < PQntuples(applied); r++)
            if (atoi(PQgetvalue(applied, r, 0)) == m->version)
                found = r;
        if (found >= 0) {
            if (strcmp(PQgetvalue(applied, found, 2), sum) != 0)
                rc = tp_error_set(
                    err, TP_ERR_FATAL, "db_fatal",
                    "migration %s was changed after it was applied "
                    "(applied as %s with checksum %s, the file now has %s); "
                    "add a new migration instead",
                    m->name, PQgetvalue(applied, found, 1),
                    PQgetvalue(applied, found, 2), sum);
        } else {
            rc = tp__migration_apply(conn, m, sql, sum, err);
            if (rc == TP_OK) {
                count++;
                if (out)
                    fprintf(out, "applied %s\n", m->name);
            }
        }
        free(sql);
    }
    PQclear(applied);
    tp__migrations_free(files, n_files);
    if (n_applied)
        *n_applied = count;
    return rc;
}

/* Applies pending migrations; see tp/pg.h. */
tp_err_t tp_pg_migrate(PGconn *conn, const char *sql_dir, const char *schema,
                       FILE *out, int *n_applied, tp_error_t *err)
{
    if (n_applied)
        *n_applied = 0;
    tp_err_t rc =
        tp_pg_exec(conn, "SELECT pg_advisory_lock(" TP__MIGRATE_LOCK ")", err);
    if (rc != TP_OK)
        return rc;
    rc = tp__migrate_locked(conn, sql_dir, schema, out, n_applied, err);
    tp_error_t ignored;
    tp_pg_exec(conn, "SELECT pg_advisory_unlock(" TP__MIGRATE_LOCK ")",
               &ignored);
    return rc;
}

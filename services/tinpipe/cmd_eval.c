/*
 * cmd_eval.c — `tinpipe eval`: normalizes and extracts each article a gold
 * file names (tp_normalize + tp_extract, the same library calls the daemons
 * make) and scores the result with tp/eval.h. Prints a table of P/R/F1 per
 * entity type, overall micro, positions and article fields; --verbose adds
 * every miss and extra per article; --min-f1 / --min-positions make it a CI
 * gate (exit 1 below either threshold).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmds.h"
#include "tp/arena.h"
#include "tp/eval.h"
#include "tp/extractor.h"
#include "tp/normalizer.h"

/* Prints the usage of `tinpipe eval`. */
static void ev_usage(FILE *out)
{
    fprintf(out,
            "usage: tinpipe eval [--verbose] [--articles DIR] [--tone-style S]\n"
            "                    [--min-f1 X] [--min-positions Y] GOLD_DIR|GOLD.json...\n"
            "\n"
            "Scores extraction against gold files (contracts/gold-format.md).\n"
            "Each gold file's \"file\" is looked up in --articles DIR, else in the\n"
            "gold directory's sibling seeds/, else beside the gold file.\n"
            "  --verbose          print every miss and extra per article\n"
            "  --min-f1 X         exit 1 when overall micro F1 < X\n"
            "  --min-positions Y  exit 1 when positions F1 < Y\n"
            "  --tone-style S     traditional (default) or modern\n");
}

/* Reads a whole file into the arena (NUL-terminated); NULL with errno set
 * on failure. */
static char *ev_read_file(tp_arena_t *a, const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    tp_buf_t b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        tp_buf_append(a, &b, chunk, n);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        errno = EIO;
        return NULL;
    }
    *len = b.len;
    return b.data ? b.data : tp_arena_strdup(a, "");
}

/* True when path names an existing regular file. */
static int ev_is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Compares two strings for qsort. */
static int ev_strcmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A list of gold file paths (malloc'ed; lives for the whole command). */
typedef struct ev_list {
    char **v;
    size_t n, cap;
} ev_list_t;

/* Appends a copy of s. */
static void ev_push(ev_list_t *l, const char *s)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        char **nv = realloc(l->v, l->cap * sizeof *nv);
        if (!nv)
            abort();
        l->v = nv;
    }
    l->v[l->n] = strdup(s);
    if (!l->v[l->n])
        abort();
    l->n++;
}

/* Adds every *.gold.json of dir, sorted by name. Returns -1 when dir
 * cannot be read. */
static int ev_add_dir(ev_list_t *l, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    size_t first = l->n;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t n = strlen(de->d_name);
        static const char suffix[] = ".gold.json";
        if (n <= sizeof suffix - 1 ||
            strcmp(de->d_name + n - (sizeof suffix - 1), suffix) != 0)
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        ev_push(l, path);
    }
    closedir(d);
    qsort(l->v + first, l->n - first, sizeof *l->v, ev_strcmp);
    return 0;
}

/* Finds the article file for gold file gold_path naming file; returns a
 * path in the arena or NULL. */
static const char *ev_article_path(tp_arena_t *a, const char *articles_dir,
                                   const char *gold_path, const char *file)
{
    if (articles_dir) {
        const char *p = tp_arena_printf(a, "%s/%s", articles_dir, file);
        return ev_is_file(p) ? p : NULL;
    }
    const char *slash = strrchr(gold_path, '/');
    const char *dir = slash ? tp_arena_strndup(a, gold_path, (size_t)(slash - gold_path))
                            : ".";
    /* The gold dir's sibling seeds/: ../shared/seeds-gold -> ../shared/seeds. */
    const char *dslash = strrchr(dir, '/');
    const char *parent = dslash ? tp_arena_strndup(a, dir, (size_t)(dslash - dir))
                                : (strcmp(dir, ".") == 0 ? ".." : ".");
    const char *p = tp_arena_printf(a, "%s/seeds/%s", parent, file);
    if (ev_is_file(p))
        return p;
    p = tp_arena_printf(a, "%s/%s", dir, file);
    return ev_is_file(p) ? p : NULL;
}

/* Parses a number argument; returns -1 when it is not one in [0, 1]. */
static int ev_parse_ratio(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || v < 0 || v > 1)
        return -1;
    *out = v;
    return 0;
}

int tp_cmd_eval(int argc, char **argv)
{
    int verbose = 0;
    const char *articles_dir = NULL;
    double min_f1 = -1, min_pos = -1;
    tp_tone_style_t style = TP_TONE_TRADITIONAL;
    ev_list_t golds = {0};
    int rc = 2;

    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            ev_usage(stdout);
            rc = 0;
            goto out;
        } else if (strcmp(arg, "--verbose") == 0 || strcmp(arg, "-v") == 0) {
            verbose = 1;
        } else if (strcmp(arg, "--articles") == 0 && i + 1 < argc) {
            articles_dir = argv[++i];
        } else if (strcmp(arg, "--min-f1") == 0 && i + 1 < argc) {
            if (ev_parse_ratio(argv[++i], &min_f1) < 0) {
                fprintf(stderr, "tinpipe eval: --min-f1 wants a number in [0, 1], not \"%s\"\n", argv[i]);
                goto out;
            }
        } else if (strcmp(arg, "--min-positions") == 0 && i + 1 < argc) {
            if (ev_parse_ratio(argv[++i], &min_pos) < 0) {
                fprintf(stderr, "tinpipe eval: --min-positions wants a number in [0, 1], not \"%s\"\n", argv[i]);
                goto out;
            }
        } else if (strcmp(arg, "--tone-style") == 0 && i + 1 < argc) {
            int s = tp_tone_style_parse(argv[++i]);
            if (s < 0) {
                fprintf(stderr, "tinpipe eval: unknown tone style \"%s\"\n", argv[i]);
                goto out;
            }
            style = (tp_tone_style_t)s;
        } else if (arg[0] == '-' && arg[1]) {
            fprintf(stderr, "tinpipe eval: unknown or incomplete option \"%s\"\n", arg);
            ev_usage(stderr);
            goto out;
        } else {
            struct stat st;
            if (stat(arg, &st) != 0) {
                fprintf(stderr, "tinpipe eval: could not open \"%s\": %s\n", arg, strerror(errno));
                goto out;
            }
            if (S_ISDIR(st.st_mode)) {
                if (ev_add_dir(&golds, arg) < 0) {
                    fprintf(stderr, "tinpipe eval: could not read directory \"%s\": %s\n",
                            arg, strerror(errno));
                    goto out;
                }
            } else {
                ev_push(&golds, arg);
            }
        }
    }
    if (!golds.n) {
        fprintf(stderr, "tinpipe eval: no gold files given\n");
        ev_usage(stderr);
        goto out;
    }

    char errstr[512];
    tp_normalizer_opts_t nopts = {.tone_style = style, .max_article_bytes = 0};
    tp_normalizer_t *nz = tp_normalizer_new(&nopts, errstr, sizeof errstr);
    if (!nz) {
        fprintf(stderr, "tinpipe eval: could not create the normalizer: %s\n", errstr);
        goto out;
    }
    tp_extractor_opts_t xopts = {.tone_style = style};
    tp_extractor_t *ex = tp_extractor_new(&xopts, errstr, sizeof errstr);
    if (!ex) {
        fprintf(stderr, "tinpipe eval: could not create the extractor: %s\n", errstr);
        tp_normalizer_destroy(nz);
        goto out;
    }

    tp_arena_t *arena = tp_arena_new(1 << 20);
    tp_eval_totals_t sum;
    memset(&sum, 0, sizeof sum);
    int io_errors = 0;
    for (size_t i = 0; i < golds.n; i++) {
        tp_arena_reset(arena);
        const char *gpath = golds.v[i];
        size_t glen;
        char *gjson = ev_read_file(arena, gpath, &glen);
        if (!gjson) {
            fprintf(stderr, "tinpipe eval: could not read \"%s\": %s\n", gpath, strerror(errno));
            io_errors++;
            continue;
        }
        tp_gold_t gold;
        tp_error_t err;
        tp_error_clear(&err);
        if (tp_gold_parse(arena, gjson, glen, &gold, &err) != TP_OK) {
            fprintf(stderr, "tinpipe eval: bad gold file \"%s\": %s\n", gpath, err.msg);
            io_errors++;
            continue;
        }

        tp_article_t art, *artp = NULL;
        const char *apath = ev_article_path(arena, articles_dir, gpath, gold.file);
        const char *why = NULL;
        if (!apath) {
            why = "article file not found";
        } else {
            size_t alen;
            char *data = ev_read_file(arena, apath, &alen);
            if (!data) {
                why = tp_arena_printf(arena, "could not read \"%s\": %s", apath, strerror(errno));
            } else {
                tp_raw_article_t raw;
                memset(&raw, 0, sizeof raw);
                raw.data = data;
                raw.len = alen;
                raw.partition = -1;
                raw.offset = -1;
                tp_error_clear(&err);
                if (tp_normalize(nz, arena, &raw, &art, &err) != TP_OK)
                    why = tp_arena_printf(arena, "normalize: %s: %s", err.cls, err.msg);
                else if (tp_extract(ex, arena, &art, &err) != TP_OK)
                    why = tp_arena_printf(arena, "extract: %s: %s", err.cls, err.msg);
                else
                    artp = &art;
            }
        }
        if (why)
            fprintf(stderr, "tinpipe eval: %s: %s (every gold key counts as missed)\n",
                    gold.file, why);

        tp_eval_article_t res;
        tp_eval_score(arena, &gold, artp, &res);
        tp_eval_add(&sum, &res.totals);
        if (verbose) {
            tp_eval_counts_t o = tp_eval_overall(&res.totals);
            printf("== %s  F1 %.3f (tp %llu, fp %llu, fn %llu)\n", gold.file,
                   tp_eval_f1(&o), (unsigned long long)o.tp,
                   (unsigned long long)o.fp, (unsigned long long)o.fn);
            for (size_t d = 0; d < res.n_diffs; d++)
                printf("  %-15s %s\n", tp_eval_diff_kind_name(res.diffs[d].kind),
                       res.diffs[d].what);
        }
    }
    if (verbose)
        printf("\n");
    tp_eval_print(stdout, &sum);

    tp_eval_counts_t o = tp_eval_overall(&sum);
    rc = io_errors ? 2 : 0;
    if (!rc && min_f1 >= 0 && tp_eval_f1(&o) < min_f1) {
        printf("FAIL: overall F1 %.3f < %.3f\n", tp_eval_f1(&o), min_f1);
        rc = 1;
    }
    if (!rc && min_pos >= 0 && tp_eval_f1(&sum.positions) < min_pos) {
        printf("FAIL: positions F1 %.3f < %.3f\n", tp_eval_f1(&sum.positions), min_pos);
        rc = 1;
    }
    tp_arena_destroy(arena);
    tp_extractor_destroy(ex);
    tp_normalizer_destroy(nz);
out:
    for (size_t i = 0; i < golds.n; i++)
        free(golds.v[i]);
    free(golds.v);
    return rc;
}

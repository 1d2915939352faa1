/*
 * bench_extract.c — throughput of normalize + extract + event encoding
 * (what `tinpipe process` does per article) on at least 20 MB of plain
 * text, each step timed on its own, and the peak resident memory.
 *
 * The input is generated from real articles: the paragraphs of every file
 * given (default: $TP_SEEDS_DIR/ *.txt) are shuffled with a fixed seed into
 * articles of 4-12 paragraphs until the total reaches --mb megabytes
 * (default 24). One normalizer, one extractor, one arena reset per article,
 * on one core.
 *
 * usage: bench_extract [--mb N] [--tone-style S] [--dump FILE]
 *                      [--write-corpus DIR] [--write-jsonl FILE] [FILE...]
 *
 * --tone-style modern|traditional configures both the normalizer and the
 * extractor. --dump FILE writes every article's entities (key, name,
 * mentions, fields, positions) to FILE, one line each, so that two builds
 * can be compared byte for byte on the whole corpus; the timings of a
 * dumping run include the writing. --write-corpus DIR writes the articles
 * as DIR/aNNNNN.txt and stops, so that `tinpipe process` itself can be
 * timed on the same text (tests/bench/run.sh does). --write-jsonl FILE
 * writes them as JSON envelopes, one a line, and stops: the input of
 * `tinpipe process --jsonl` and of the normalizer daemon.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <jansson.h>

#include "tp/event.h"
#include "tp/extractor.h"
#include "tp/normalizer.h"

/* Reads a whole file (malloc'd, NUL-terminated) or returns NULL. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *b = malloc((size_t)n + 1);
    if (!b || fread(b, 1, (size_t)n, f) != (size_t)n) {
        fclose(f);
        free(b);
        return NULL;
    }
    fclose(f);
    b[n] = '\0';
    *len = (size_t)n;
    return b;
}

/* A small fixed-seed generator so runs are comparable. */
static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint64_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* Writes the entities of article number i to f, one line each. */
static void dump_entities(FILE *f, size_t i, const tp_article_t *art)
{
    for (size_t k = 0; k < art->n_entities; k++) {
        const tp_entity_t *e = &art->entities[k];
        fprintf(f, "%zu\t%s\t%s\t", i, e->key, e->name);
        for (size_t m = 0; m < e->n_mentions; m++)
            fprintf(f, "%u-%u ", e->mentions[m].start, e->mentions[m].end);
        for (size_t m = 0; m < e->n_fields; m++)
            fprintf(f, "|%s=%s", e->fields[m].name, e->fields[m].value);
        for (size_t m = 0; m < e->n_positions; m++)
            fprintf(f, "|pos=%s@%s", e->positions[m].title,
                    e->positions[m].organization ? e->positions[m].organization
                                                 : "-");
        fputc('\n', f);
    }
}

/* Writes article i as dir/aNNNNN.txt; returns the exit status. */
static int write_corpus(const char *dir, char **arts, const size_t *lens,
                        size_t n)
{
    char path[4096];
    for (size_t i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/a%05zu.txt", dir, i);
        FILE *f = fopen(path, "wb");
        if (!f || fwrite(arts[i], 1, lens[i], f) != lens[i] || fclose(f)) {
            fprintf(stderr, "bench_extract: could not write \"%s\"\n", path);
            return 1;
        }
    }
    printf("wrote %zu articles to %s\n", n, dir);
    return 0;
}

/* Writes the articles as JSON envelopes (url, site, fetched_at, text),
 * one a line, to path. */
static int write_jsonl(const char *path, char **arts, const size_t *lens,
                       size_t n)
{
    FILE *f = fopen(path, "wb");
    int ok = f != NULL;
    for (size_t i = 0; ok && i < n; i++) {
        char url[64];
        snprintf(url, sizeof url, "https://bench.example.vn/a%05zu", i);
        json_t *o = json_pack("{s:s, s:s, s:s, s:s%}", "url", url, "site",
                              "bench.example.vn", "fetched_at",
                              "2025-10-01T08:00:00+07:00", "text", arts[i],
                              lens[i]);
        ok = o && json_dumpf(o, f, JSON_COMPACT) == 0 && fputc('\n', f) != EOF;
        json_decref(o);
    }
    if (!f || fclose(f) || !ok) {
        fprintf(stderr, "bench_extract: could not write \"%s\"\n", path);
        return 1;
    }
    printf("wrote %zu envelopes to %s\n", n, path);
    return 0;
}

/* CPU seconds of this process: the development machine is shared, so
 * rates are per CPU second, not wall clock. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Frees the articles and the seed files' text they were cut from. */
static void free_corpus(char **arts, size_t *lens, size_t n_art, char **bufs,
                        size_t n_bufs)
{
    for (size_t i = 0; i < n_art; i++)
        free(arts[i]);
    free(arts);
    free(lens);
    for (size_t i = 0; i < n_bufs; i++)
        free(bufs[i]);
}

int main(int argc, char **argv)
{
    size_t target_mb = 24;
    char *paras[4096];
    size_t n_paras = 0;
    int files = 0;
    const char *dump_path = NULL, *corpus_dir = NULL, *jsonl_path = NULL;
    tp_tone_style_t style = TP_TONE_TRADITIONAL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--mb") == 0 && i + 1 < argc) {
            target_mb = (size_t)atoi(argv[++i]);
            continue;
        }
        if (strcmp(argv[i], "--dump") == 0 && i + 1 < argc) {
            dump_path = argv[++i];
            continue;
        }
        if (strcmp(argv[i], "--write-corpus") == 0 && i + 1 < argc) {
            corpus_dir = argv[++i];
            continue;
        }
        if (strcmp(argv[i], "--write-jsonl") == 0 && i + 1 < argc) {
            jsonl_path = argv[++i];
            continue;
        }
        if (strcmp(argv[i], "--tone-style") == 0 && i + 1 < argc) {
            int st = tp_tone_style_parse(argv[++i]);
            if (st < 0) {
                fprintf(stderr, "bench_extract: unknown tone style \"%s\"\n",
                        argv[i]);
                return 2;
            }
            style = (tp_tone_style_t)st;
            continue;
        }
        files++;
    }
    char paths[64][1024];
    size_t n_paths = 0;
    if (files) {
        for (int i = 1; i < argc && n_paths < 64; i++) {
            if (strcmp(argv[i], "--mb") == 0 ||
                strcmp(argv[i], "--dump") == 0 ||
                strcmp(argv[i], "--write-corpus") == 0 ||
                strcmp(argv[i], "--write-jsonl") == 0 ||
                strcmp(argv[i], "--tone-style") == 0) {
                i++;
                continue;
            }
            snprintf(paths[n_paths++], sizeof paths[0], "%s", argv[i]);
        }
    } else {
        const char *dir = getenv("TP_SEEDS_DIR");
        if (!dir)
            dir = "../shared/seeds";
        DIR *d = opendir(dir);
        if (!d) {
            fprintf(stderr, "bench_extract: could not open \"%s\"; give "
                            "files or set TP_SEEDS_DIR\n", dir);
            return 2;
        }
        struct dirent *de;
        while ((de = readdir(d)) && n_paths < 64)
            if (strstr(de->d_name, ".txt"))
                snprintf(paths[n_paths++], sizeof paths[0], "%s/%s", dir,
                         de->d_name);
        closedir(d);
    }
    char *bufs[64]; /* the files' text; paras point into it */
    size_t n_bufs = 0;
    for (size_t i = 0; i < n_paths; i++) {
        size_t len;
        char *b = slurp(paths[i], &len);
        if (!b)
            continue;
        bufs[n_bufs++] = b;
        for (char *p = strtok(b, "\n"); p && n_paras < 4096; p = strtok(NULL, "\n"))
            if (strlen(p) > 40)
                paras[n_paras++] = p;
    }
    if (!n_paras) {
        fprintf(stderr, "bench_extract: no input paragraphs\n");
        return 2;
    }

    /* Build the corpus: articles of 4-12 shuffled paragraphs. */
    size_t target = target_mb << 20, total = 0, n_art = 0, cap = 1024;
    char **arts = malloc(cap * sizeof *arts);
    size_t *lens = malloc(cap * sizeof *lens);
    while (total < target) {
        size_t np = 4 + next_rand() % 9, len = 0;
        for (size_t k = 0; k < np; k++)
            len += strlen(paras[next_rand() % n_paras]) + 1;
        char *a = malloc(len + 64), *w = a;
        w += sprintf(w, "Bài số %zu\n", n_art);
        rng ^= n_art;
        for (size_t k = 0; k < np; k++) {
            const char *p = paras[next_rand() % n_paras];
            size_t pl = strlen(p);
            if ((size_t)(w - a) + pl + 2 > len + 64)
                break;
            memcpy(w, p, pl);
            w += pl;
            *w++ = '\n';
        }
        *w = '\0';
        if (n_art == cap) {
            cap *= 2;
            arts = realloc(arts, cap * sizeof *arts);
            lens = realloc(lens, cap * sizeof *lens);
        }
        arts[n_art] = a;
        lens[n_art] = (size_t)(w - a);
        total += lens[n_art++];
    }

    if (corpus_dir || jsonl_path) {
        int rc = (corpus_dir && write_corpus(corpus_dir, arts, lens, n_art)) ||
                 (jsonl_path && write_jsonl(jsonl_path, arts, lens, n_art));
        free_corpus(arts, lens, n_art, bufs, n_bufs);
        return rc;
    }

    char err[256];
    double t0 = now();
    tp_normalizer_opts_t nopts = {.tone_style = style};
    tp_extractor_opts_t xopts = {.tone_style = style};
    tp_normalizer_t *nz = tp_normalizer_new(&nopts, err, sizeof err);
    tp_extractor_t *ex = nz ? tp_extractor_new(&xopts, err, sizeof err) : NULL;
    if (!ex) {
        fprintf(stderr, "bench_extract: %s\n", err);
        return 1;
    }
    FILE *dump = NULL;
    if (dump_path && !(dump = fopen(dump_path, "w"))) {
        fprintf(stderr, "bench_extract: could not open \"%s\"\n", dump_path);
        return 2;
    }
    double t_init = now() - t0;
    tp_arena_t *arena = tp_arena_new(0);
    size_t ents = 0, failed = 0;
    double t_norm = 0, t_ext = 0, t_enc = 0;
    size_t out_bytes = 0;
    for (size_t i = 0; i < n_art; i++) {
        tp_raw_article_t raw = {0};
        raw.data = arts[i];
        raw.len = lens[i];
        raw.content_type = "text/plain";
        raw.partition = -1;
        tp_article_t art;
        tp_error_t e;
        double a0 = now();
        if (tp_normalize(nz, arena, &raw, &art, &e) != TP_OK) {
            failed++;
            tp_arena_reset(arena);
            continue;
        }
        double a1 = now();
        if (tp_extract(ex, arena, &art, &e) != TP_OK)
            failed++;
        double a2 = now();
        size_t out_len = 0;
        if (!tp_event_encode(arena, &art, &out_len))
            failed++;
        double a3 = now();
        t_norm += a1 - a0;
        t_ext += a2 - a1;
        t_enc += a3 - a2;
        out_bytes += out_len;
        ents += art.n_entities;
        if (dump)
            dump_entities(dump, i, &art);
        tp_arena_reset(arena);
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double mb = (double)total / (1 << 20);
    printf("input            %.1f MB in %zu articles (%zu paragraphs of %zu files)\n",
           mb, n_art, n_paras, n_paths);
    printf("init             %.3f s (normalizer + extractor: automaton compile)\n",
           t_init);
    printf("normalize        %.1f MB/s\n", mb / t_norm);
    printf("extract          %.1f MB/s\n", mb / t_ext);
    printf("normalize+extract %.1f MB/s (%.2f CPU s, one core)\n",
           mb / (t_norm + t_ext), t_norm + t_ext);
    printf("encode           %.1f MB/s of input (%.1f MB of events)\n",
           mb / t_enc, (double)out_bytes / (1 << 20));
    printf("process          %.1f MB/s (normalize+extract+encode, %.2f CPU s, one core)\n",
           mb / (t_norm + t_ext + t_enc), t_norm + t_ext + t_enc);
    printf("entities         %zu (%.1f per article), failed %zu\n", ents,
           (double)ents / n_art, failed);
    printf("peak RSS         %.1f MB (includes the %.1f MB input corpus)\n",
           ru.ru_maxrss / 1024.0, mb);
    if (dump)
        fclose(dump);
    tp_arena_destroy(arena);
    tp_extractor_destroy(ex);
    tp_normalizer_destroy(nz);
    free_corpus(arts, lens, n_art, bufs, n_bufs);
    return failed ? 1 : 0;
}

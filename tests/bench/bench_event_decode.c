/*
 * bench_event_decode.c — times tp_event_decode() on the events of a JSONL
 * file (one event a line, as `tinpipe process` writes them) and checks
 * that both readers agree on them:
 *   bench_event_decode FILE [--iter N] [--path fast|jansson|both]
 * With --path both (the default) every line is decoded by the jansson
 * reader and by tp_event_decode(), each article re-encoded, and the two
 * encodings compared byte by byte; it prints how many lines the fast
 * path took and fails on any difference between the readers. With fast or
 * jansson it decodes every line N times with that reader only and prints the
 * CPU time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../shared/event/event_internal.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr,
                "usage: %s FILE [--iter N] [--path fast|jansson|both]\n",
                argv[0]);
        return 2;
    }
    long iter = 1;
    const char *path = "both";
    for (int i = 2; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--iter"))
            iter = atol(argv[i + 1]);
        else if (!strcmp(argv[i], "--path"))
            path = argv[i + 1];
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    size_t cap = 0, n = 0;
    char *all = NULL;
    for (;;) {
        if (n == cap)
            all = realloc(all, cap = cap ? 2 * cap : 1 << 20);
        size_t got = fread(all + n, 1, cap - n, f);
        if (!got)
            break;
        n += got;
    }
    fclose(f);
    tp_arena_t *arena = tp_arena_new(0);
    long lines = 0, fast = 0, differ = 0, refused = 0, changed = 0;
    size_t bytes = 0;
    clock_t t0 = clock();
    for (long it = 0; it < iter; it++) {
        for (size_t s = 0; s < n;) {
            char *nl = memchr(all + s, '\n', n - s);
            size_t e = nl ? (size_t)(nl - all) : n;
            const char *ev = all + s;
            size_t len = e - s;
            s = e + 1;
            if (!len)
                continue;
            tp_article_t a, b;
            tp_error_t err = {0};
            if (!strcmp(path, "fast")) {
                tp_event_decode(arena, ev, len, &a, &err);
            } else if (!strcmp(path, "jansson")) {
                tp__event_decode_jansson(arena, ev, len, &a, &err);
            } else {
                lines++;
                bytes += len;
                int ref =
                    tp__event_decode_jansson(arena, ev, len, &a, &err) == TP_OK;
                int got = tp_event_decode(arena, ev, len, &b, &err) == TP_OK;
                fast += tp__event_decode_fast(arena, ev, len, &b);
                if (ref != got) {
                    differ++;
                } else if (!ref) {
                    refused++;
                } else {
                    size_t la, lb;
                    const char *ea = tp_event_encode(arena, &a, &la);
                    const char *eb = tp_event_encode(arena, &b, &lb);
                    if (la != lb || memcmp(ea, eb, la))
                        differ++;
                    /* reals come back as %.17g ("1.12" -> 1.1200000000000001)
                     */
                    else if (la != len || memcmp(ea, ev, len))
                        changed++;
                }
            }
            tp_arena_reset(arena);
        }
    }
    double cpu = (double)(clock() - t0) / CLOCKS_PER_SEC;
    if (!strcmp(path, "both")) {
        printf("lines %ld bytes %zu fast %ld refused %ld differ %ld "
               "(re-encoded unlike the input, both readers alike: %ld)\n",
               lines, bytes, fast, refused, differ, changed);
        free(all);
        tp_arena_destroy(arena);
        return differ ? 1 : 0;
    }
    printf("path %s iter %ld cpu %.3f s\n", path, iter, cpu);
    free(all);
    tp_arena_destroy(arena);
    return 0;
}

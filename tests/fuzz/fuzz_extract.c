/*
 * fuzz_extract.c — libFuzzer target for the extractor: any bytes as an
 * article body (valid UTF-8 or not) must extract without crashing,
 * reading out of bounds or leaking, and every mention must lie inside the
 * body. Build with -DTP_FUZZ=ON (clang); corpus in corpus/extract/.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tp/extractor.h"

static tp_extractor_t *ex;
static tp_arena_t *arena;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ex) {
        char err[256];
        ex = tp_extractor_new(NULL, err, sizeof err);
        if (!ex) {
            fprintf(stderr, "fuzz_extract: %s\n", err);
            abort();
        }
        arena = tp_arena_new(0);
    }
    tp_arena_reset(arena);
    char *body = tp_arena_strndup(arena, (const char *)data, size);
    tp_article_t art;
    tp_article_init(&art);
    art.body = body;
    art.body_len = size;
    art.published_at = "2020-03-26T19:54:00+07:00";
    tp_error_t err;
    if (tp_extract(ex, arena, &art, &err) == TP_OK) {
        for (size_t i = 0; i < art.n_entities; i++) {
            const tp_entity_t *e = &art.entities[i];
            if (!e->key)
                abort();
            for (size_t m = 0; m < e->n_mentions; m++)
                if (e->mentions[m].start >= e->mentions[m].end ||
                    e->mentions[m].end > size)
                    abort();
        }
    }
    return 0;
}

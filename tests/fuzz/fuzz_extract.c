/*
 * fuzz_extract.c — libFuzzer target for the extractor: any bytes as an
 * article body (valid UTF-8 or not) must extract without crashing,
 * reading out of bounds or leaking, and every mention must lie inside the
 * body. Each input goes through two extractors, one per tone style (the
 * modern one puts the body's marks in the traditional place for the scan
 * and maps hits back, see extractor.c). Build with -DTP_FUZZ=ON (clang);
 * corpus in corpus/extract/.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tp/extractor.h"

static tp_extractor_t *ex[2];
static tp_arena_t *arena;

/* Extracts data as a body with the extractor of tone style s and checks
 * the entities. */
static void run(int s, const uint8_t *data, size_t size)
{
    tp_arena_reset(arena);
    char *body = tp_arena_strndup(arena, (const char *)data, size);
    tp_article_t art;
    tp_article_init(&art);
    art.body = body;
    art.body_len = size;
    art.published_at = "2020-03-26T19:54:00+07:00";
    tp_error_t err;
    if (tp_extract(ex[s], arena, &art, &err) == TP_OK) {
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
}

/* libFuzzer entry: both tone styles on every input. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ex[0]) {
        char err[256];
        for (int s = 0; s < 2; s++) {
            tp_extractor_opts_t o = {.tone_style = (tp_tone_style_t)s};
            ex[s] = tp_extractor_new(&o, err, sizeof err);
            if (!ex[s]) {
                fprintf(stderr, "fuzz_extract: %s\n", err);
                abort();
            }
        }
        arena = tp_arena_new(0);
    }
    run(0, data, size);
    run(1, data, size);
    return 0;
}

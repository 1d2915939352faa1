/*
 * fuzz_extract.c — libFuzzer target for the extractor: any bytes as an
 * article body (valid UTF-8 or not) must extract without crashing,
 * reading out of bounds or leaking, and every mention must lie inside the
 * body. Each input goes through two extractors, one per tone style (the
 * modern one puts the body's marks in the traditional place for the scan
 * and maps hits back, see extractor.c). The entities are then encoded as
 * an event (the encoder writes JSON itself) and decoded back: the event
 * must be valid JSON the decoder accepts, with the same entities and,
 * when the body was UTF-8 without NUL, the same body. Build with -DTP_FUZZ=ON (clang);
 * corpus in corpus/extract/.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "tp/event.h"
#include "tp/extractor.h"

static tp_extractor_t *ex[2];

/* Whether data is UTF-8 (utf8proc's reading of it). */
static int is_utf8(const uint8_t *data, size_t size)
{
    for (size_t i = 0; i < size;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k =
            utf8proc_iterate(data + i, (utf8proc_ssize_t)(size - i), &cp);
        if (k <= 0)
            return 0;
        i += (size_t)k;
    }
    return 1;
}
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
        static const char id[] = "0123456789abcdef0123456789abcdef";
        memcpy(art.article_id, id, sizeof id);
        memcpy(art.content_hash, id, 16);
        memcpy(art.simhash, id, 16);
        size_t len = 0;
        char *json = tp_event_encode(arena, &art, &len);
        tp_article_t back;
        if (tp_event_decode(arena, json, len, &back, &err) != TP_OK ||
            back.n_entities != art.n_entities) {
            fprintf(stderr, "fuzz_extract: event does not decode: %s\n",
                    err.msg);
            abort();
        }
        if (is_utf8(data, size) && !memchr(data, 0, size) &&
            (back.body_len != size || memcmp(back.body, data, size)))
            abort();
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

/*
 * fuzz_eval_gold.c — libFuzzer target for the gold-file parser and the
 * scorer: any bytes are parsed as a gold file; when that succeeds, the gold
 * is scored against an article whose body and entity keys are the gold's
 * own strings (so the fold, matching and boilerplate search see fuzzed
 * UTF-8 too).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "tp/eval.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static tp_arena_t *arena;
    if (!arena)
        arena = tp_arena_new(1 << 16);
    tp_arena_reset(arena);

    tp_gold_t g;
    tp_error_t err;
    if (tp_gold_parse(arena, (const char *)data, size, &g, &err) != TP_OK)
        return 0;

    size_t n = g.n_keys + g.n_optional;
    tp_entity_t *ents = tp_arena_alloc(arena, (n ? n : 1) * sizeof *ents);
    for (size_t i = 0; i < n; i++) {
        const char *k = i < g.n_keys ? g.keys[i] : g.optional[i - g.n_keys];
        ents[i].key = k;
        ents[i].type = TP_ENT_PERSON;
        if (g.n_positions) {
            tp_position_t *p = tp_arena_alloc(arena, sizeof *p);
            p->title = g.positions[i % g.n_positions].title;
            ents[i].positions = p;
            ents[i].n_positions = 1;
        }
    }
    tp_article_t art;
    tp_article_init(&art);
    art.title = g.title;
    art.published_at = g.published;
    art.authors = g.authors;
    art.n_authors = g.n_authors;
    art.body = g.n_boilerplate ? g.boilerplate[0] : "";
    art.body_len = strlen(art.body);
    art.entities = ents;
    art.n_entities = n;

    tp_eval_article_t res;
    tp_eval_score(arena, &g, &art, &res);
    tp_eval_score(arena, &g, NULL, &res);
    (void)tp_eval_fold(arena, (const char *)data, size);
    return 0;
}

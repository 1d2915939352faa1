/*
 * fuzz_html.c — libFuzzer target for the HTML path of tp_normalize():
 * every input is presented as text/html, so gumbo, the content scorer,
 * the renderer and the structure rules see arbitrary markup.
 */
#include <stddef.h>
#include <stdint.h>

#include "tp/normalizer.h"

static tp_normalizer_t *tp__fh_nz;
static tp_arena_t *tp__fh_arena;

/* Normalizes one input as HTML. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!tp__fh_nz) {
        tp_normalizer_opts_t o = {.max_article_bytes = 1 << 20};
        tp__fh_nz = tp_normalizer_new(&o, NULL, 0);
        tp__fh_arena = tp_arena_new(0);
    }
    tp_raw_article_t raw = {.data = (const char *)data, .len = size,
                            .content_type = "text/html", .partition = -1};
    tp_article_t art;
    tp_error_t err;
    (void)tp_normalize(tp__fh_nz, tp__fh_arena, &raw, &art, &err);
    tp_arena_reset(tp__fh_arena);
    return 0;
}

/*
 * fuzz_event_decode.c — differential libFuzzer target for event_fast.c,
 * tp_event_decode()'s tree-less reader of the encoder's events: for every
 * input the fast path accepts, the jansson path must accept it too and
 * give the same article (event_same.h). Declining is always allowed. Most
 * raw inputs are not events, so each accepted one (by jansson) is also
 * re-encoded and the encoding checked the same way, which reaches the
 * accepting path with whatever the mutations put into the fields. Seeds:
 * tests/fuzz/corpus/event_decode/ (events from `tinpipe process`). Any
 * trap, crash, leak or sanitizer report is a bug.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "event/event_internal.h"
#include "event_same.h"

/* Checks the fast path against jansson on s[0..n), from an exact-size
 * copy (ASan sees reads past it). Returns 1 when jansson accepted it and
 * the article in ref (in arena) is worth re-encoding. */
static int check(tp_arena_t *arena, const char *s, size_t n, tp_article_t *ref)
{
    char *copy = malloc(n ? n : 1);
    memcpy(copy, s, n);
    tp_article_t fast;
    tp_error_t err = {0};
    int fast_ok = tp__event_decode_fast(arena, copy, n, &fast);
    int ref_ok = tp__event_decode_jansson(arena, copy, n, ref, &err) == TP_OK;
    if (fast_ok && (!ref_ok || !evsame(&fast, ref)))
        __builtin_trap();
    free(copy);
    return ref_ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* small blocks: an allocation past its end is seen by ASan sooner */
    tp_arena_t *arena = tp_arena_new(1);
    tp_article_t a;
    if (check(arena, (const char *)data, size, &a)) {
        size_t n;
        const char *ev = tp_event_encode(arena, &a, &n);
        tp_article_t b;
        /* not required to succeed: an article without content_hash is
         * written with "" there, which the decoder refuses */
        check(arena, ev, n, &b);
    }
    tp_arena_destroy(arena);
    return 0;
}

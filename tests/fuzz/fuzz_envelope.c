/*
 * fuzz_envelope.c — differential libFuzzer target for envelope.c, the
 * normalizer's jansson-free reading of the common JSON envelope: for every
 * input the fast path accepts, jansson's path (envelope_ref.h) must accept
 * it too and give the same fields, byte for byte. Declining is always
 * allowed. Seeds in tests/fuzz/corpus/envelope/, dictionary
 * fuzz_envelope.dict (escapes, surrogates, the keys). Any trap, crash,
 * leak or sanitizer report is a bug.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "envelope_ref.h"

/* Runs both readers on s[0..n) and traps when the fast path accepts
 * what jansson reads otherwise. */
static void check(const char *s, size_t n)
{
    /* a fresh arena of the smallest blocks: the reader's one buffer is a
     * malloc of its own, so ASan sees a write past it */
    tp_arena_t *arena = tp_arena_new(1);
    tp__envelope_t env;
    memset(&env, 0xA5, sizeof env);
    if (tp__envelope_parse(arena, s, n, &env)) {
        envref_t r = envref_read(s, n);
        if (!envref_same(&r, &env))
            __builtin_trap();
        json_decref(r.root);
    }
    tp_arena_destroy(arena);
}

/* Checks the input as it is, and as the inside of a string (most inputs
 * are not JSON; this way escapes and UTF-8 reach the accepting path). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char pre[] = "{\"title\":\"", post[] = "\",\"text\":\"\"}";
    /* copies of exactly the bytes checked, so that ASan sees any read
     * past them */
    char *raw = malloc(size ? size : 1);
    memcpy(raw, data, size);
    check(raw, size);
    free(raw);
    size_t n = sizeof pre - 1 + size + sizeof post - 1;
    char *wrapped = malloc(n);
    memcpy(wrapped, pre, sizeof pre - 1);
    memcpy(wrapped + sizeof pre - 1, data, size);
    memcpy(wrapped + sizeof pre - 1 + size, post, sizeof post - 1);
    check(wrapped, n);
    free(wrapped);
    return 0;
}

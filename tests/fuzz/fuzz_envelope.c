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

/* Checks one input. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* a fresh arena of the smallest blocks: the reader's one buffer is a
     * malloc of its own, so ASan sees a write past it */
    tp_arena_t *arena = tp_arena_new(1);
    /* a copy of exactly size bytes, so that ASan sees any read past it */
    char *s = malloc(size ? size : 1);
    if (size)
        memcpy(s, data, size);
    tp__envelope_t env;
    memset(&env, 0xA5, sizeof env);
    if (tp__envelope_parse(arena, s, size, &env)) {
        envref_t r = envref_read(s, size);
        if (!envref_same(&r, &env))
            __builtin_trap();
        json_decref(r.root);
    }
    free(s);
    tp_arena_destroy(arena);
    return 0;
}

/*
 * fuzz_normalize.c — libFuzzer target for tp_normalize(): the first byte
 * picks how the rest is presented (bare bytes, declared HTML, declared
 * JSON, modern tone style, with a key and header metadata), the rest is
 * the message value. Built with -DTP_FUZZ=ON (clang); seed corpus in
 * tests/fuzz/corpus/normalize/. Any crash, leak or sanitizer report is a
 * bug.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <utf8proc.h>

#include "tp/normalizer.h"

static tp_normalizer_t *tp__fz_nz[2];

/* Whether s is UTF-8 (utf8proc's reading) with no control character but
 * '\n': no C0 control, DEL or C1 control. */
static int clean_text(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0 || (cp < 0x20 && cp != '\n') || (cp >= 0x7F && cp < 0xA0))
            return 0;
        i += (size_t)k;
    }
    return 1;
}
static tp_arena_t *tp__fz_arena;

/* Normalizes one fuzz input. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!tp__fz_arena) {
        tp_normalizer_opts_t t = {.tone_style = TP_TONE_TRADITIONAL,
                                  .max_article_bytes = 1 << 20};
        tp_normalizer_opts_t m = {.tone_style = TP_TONE_MODERN,
                                  .max_article_bytes = 1 << 20};
        tp__fz_nz[0] = tp_normalizer_new(&t, NULL, 0);
        tp__fz_nz[1] = tp_normalizer_new(&m, NULL, 0);
        tp__fz_arena = tp_arena_new(0);
    }
    if (size == 0)
        return 0;
    uint8_t mode = data[0];
    tp_raw_article_t raw = {
        .data = (const char *)data + 1,
        .len = size - 1,
        .partition = -1,
        .offset = -1,
    };
    if (mode & 1)
        raw.content_type = "text/html";
    if (mode & 2)
        raw.content_type = "application/json";
    if (mode & 8) {
        raw.key = "fuzz-key";
        raw.key_len = 8;
        raw.url = "https://example.vn/a";
        raw.title = "Tiêu đề";
        raw.published_at = "2020-03-26T19:54:00Z";
        raw.fetched_at = "2020-03-27";
    }
    tp_article_t art;
    tp_error_t err;
    tp_err_t rc = tp_normalize(tp__fz_nz[(mode >> 2) & 1], tp__fz_arena, &raw,
                               &art, &err);
    if (rc == TP_OK) {
        /* paragraphs are spans of the body */
        for (size_t i = 0; i < art.n_paragraphs; i++)
            if (art.paragraphs[i].end > art.body_len ||
                art.paragraphs[i].start > art.paragraphs[i].end)
                __builtin_trap();
        if (strlen(art.body) != art.body_len)
            __builtin_trap();
        /* the body is UTF-8 with no control character but '\n' (the
         * event encoder relies on it, see tp_article_t.body_clean) */
        if (!art.body_clean || !clean_text(art.body, art.body_len))
            __builtin_trap();
    }
    tp_arena_reset(tp__fz_arena);
    return 0;
}

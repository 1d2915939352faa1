/*
 * tp/normalizer.h — turns one raw article (JSON envelope, plain text or
 * HTML, any supported encoding) into clean NFC Vietnamese text with its
 * structure: title, published_at, authors, agency, lead, body, paragraphs,
 * captions, tags, view_count, and the site chrome it removed.
 *
 * Ownership: tp_normalizer_new() returns a handle the caller releases with
 * tp_normalizer_destroy(); tp_normalizer_destroy(NULL) is a no-op.
 * tp_normalize() writes into the caller's arena; nothing it returns
 * outlives the next tp_arena_reset(). A handle is used by one thread at a
 * time.
 */
#ifndef TP_NORMALIZER_H
#define TP_NORMALIZER_H

#include <stddef.h>

#include "tp/arena.h"
#include "tp/article.h"
#include "tp/err.h"

#define TP_NORMALIZER_VERSION "1.0.0"

typedef enum tp_tone_style {
    TP_TONE_TRADITIONAL = 0, /* hòa, khỏe, ủy */
    TP_TONE_MODERN = 1,      /* hoà, khoẻ, uỷ */
} tp_tone_style_t;

typedef struct tp_normalizer_opts {
    tp_tone_style_t tone_style;
    size_t max_article_bytes; /* larger input is rejected, class too_large */
} tp_normalizer_opts_t;

typedef struct tp_normalizer tp_normalizer_t;

/* opts may be NULL for defaults. */
tp_normalizer_t *tp_normalizer_new(const tp_normalizer_opts_t *opts,
                                   char *errstr, size_t errstr_size);
void tp_normalizer_destroy(tp_normalizer_t *nz);

/* Normalizes in into out (tp_article_init() is called on out). Returns
 * TP_OK, or TP_ERR_INPUT with err's class one of "utf8", "json", "schema",
 * "too_large", "encoding", "empty" and a reason. */
tp_err_t tp_normalize(tp_normalizer_t *nz, tp_arena_t *arena,
                      const tp_raw_article_t *in, tp_article_t *out,
                      tp_error_t *err);

/*
 * Text helpers, usable on their own (the extractor and tests use them).
 * Each writes a NUL-terminated result into the arena.
 */

/* Puts the tone mark of open syllables ending in oa, oe, uy where style
 * says; text must be NFC UTF-8. */
char *tp_tone_apply(tp_arena_t *arena, const char *text, size_t len,
                    tp_tone_style_t style, size_t *out_len);

/* Parses "traditional" or "modern"; returns -1 for anything else. */
int tp_tone_style_parse(const char *s);

/* The configured style; anything but "modern" is traditional (the config
 * loader has already rejected other values). */
tp_tone_style_t tp_tone_style_of(const char *s);

#endif

/*
 * tp/extractor.h — finds the entities of article-event-v1 in a normalized
 * article: persons with positions, organizations, locations (gazetteer),
 * documents, dates, quantities, congresses, terms, tenures, periods.
 *
 * Ownership: tp_extractor_new() returns a handle (compiled patterns,
 * gazetteer, lexicons) the caller releases with tp_extractor_destroy();
 * tp_extractor_destroy(NULL) is a no-op. The compiled data is read-only
 * and shared; each thread needs its own handle (scratch space).
 * tp_extract() fills art->entities from the arena; they live until the
 * next tp_arena_reset().
 */
#ifndef TP_EXTRACTOR_H
#define TP_EXTRACTOR_H

#include <stddef.h>

#include "tp/arena.h"
#include "tp/article.h"
#include "tp/err.h"
#include "tp/normalizer.h"

#define TP_EXTRACTOR_VERSION "1.0.0"

typedef struct tp_extractor_opts {
    tp_tone_style_t tone_style; /* style the body and keys use */
} tp_extractor_opts_t;

typedef struct tp_extractor tp_extractor_t;

/* opts may be NULL for defaults. */
tp_extractor_t *tp_extractor_new(const tp_extractor_opts_t *opts,
                                 char *errstr, size_t errstr_size);
void tp_extractor_destroy(tp_extractor_t *ex);

/* Replaces art->entities with what the body holds; sets
 * art->extractor_version and art->gazetteer_version. */
tp_err_t tp_extract(tp_extractor_t *ex, tp_arena_t *arena, tp_article_t *art,
                    tp_error_t *err);

/* The gazetteer's data version, e.g. "2025-07". */
const char *tp_gazetteer_version(void);

#endif

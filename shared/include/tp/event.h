/*
 * tp/event.h — the contract: encode a tp_article_t as a
 * "tinpipe.article/1" JSON event (article-event-v1.md) and decode it back.
 * The normalized topic carries the same event with no entities; the
 * enriched topic carries it with entities.
 *
 * Ownership: tp_event_encode() returns a NUL-terminated string in the
 * arena. tp_event_decode() fills art with pointers into the arena; both
 * live until the next tp_arena_reset().
 */
#ifndef TP_EVENT_H
#define TP_EVENT_H

#include <stddef.h>

#include "tp/arena.h"
#include "tp/article.h"
#include "tp/err.h"

#define TP_EVENT_SCHEMA "tinpipe.article/1"

/* Encodes art as one line of compact JSON (no trailing newline). */
char *tp_event_encode(tp_arena_t *arena, const tp_article_t *art,
                      size_t *out_len);

/* Decodes an event; TP_ERR_INPUT with class "json" or "schema" when the
 * bytes are not a valid tinpipe.article/1 event. */
tp_err_t tp_event_decode(tp_arena_t *arena, const char *json, size_t len,
                         tp_article_t *art, tp_error_t *err);

/* Encodes an error line for `tinpipe process`:
 * {"error": {"class": ..., "reason": ...}, "source": {...}}. */
char *tp_event_encode_error(tp_arena_t *arena, const tp_raw_article_t *in,
                            const char *file, const tp_error_t *err);

#endif

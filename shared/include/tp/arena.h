/*
 * tp/arena.h — a per-message arena: allocate freely while handling one
 * article, release everything at once with tp_arena_reset().
 *
 * Ownership: tp_arena_new() returns an arena the caller releases with
 * tp_arena_destroy(). Memory from tp_arena_alloc() and friends belongs to
 * the arena and lives until the next tp_arena_reset() or destroy. The arena
 * keeps its largest blocks across resets, so a steady stream of articles
 * does no malloc at all once warm. Allocation failure aborts the process
 * (an arena that cannot grow has no useful way to go on).
 * An arena is used by one thread at a time.
 */
#ifndef TP_ARENA_H
#define TP_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct tp_arena tp_arena_t;

tp_arena_t *tp_arena_new(size_t block_size);
void tp_arena_destroy(tp_arena_t *a);
void tp_arena_reset(tp_arena_t *a);

/* Returns zeroed memory aligned for any type. */
void *tp_arena_alloc(tp_arena_t *a, size_t size);
/* Same, not zeroed: for arrays and strings the caller writes in full
 * before reading (the zeroing was a measurable share of extraction). */
void *tp_arena_alloc_nz(tp_arena_t *a, size_t size);
/* Grows an array allocated from the arena (old contents copied, the
 * bytes past them zeroed). */
void *tp_arena_realloc(tp_arena_t *a, void *old, size_t old_size,
                       size_t new_size);
/* Same, the bytes past the old contents not zeroed. */
void *tp_arena_realloc_nz(tp_arena_t *a, void *old, size_t old_size,
                          size_t new_size);
char *tp_arena_strndup(tp_arena_t *a, const char *s, size_t n);
char *tp_arena_strdup(tp_arena_t *a, const char *s);
char *tp_arena_printf(tp_arena_t *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *tp_arena_vprintf(tp_arena_t *a, const char *fmt, va_list ap);

/* Bytes handed out since the last reset (for metrics and tests). */
size_t tp_arena_used(const tp_arena_t *a);

/*
 * tp_buf_t: a growable byte string inside an arena. Start with
 * `tp_buf_t b = {0};` and pass the arena to every append.
 */
typedef struct tp_buf {
    char *data; /* NUL-terminated once anything was appended */
    size_t len;
    size_t cap;
} tp_buf_t;

void tp_buf_append(tp_arena_t *a, tp_buf_t *b, const char *s, size_t n);
void tp_buf_putc(tp_arena_t *a, tp_buf_t *b, char c);
void tp_buf_puts(tp_arena_t *a, tp_buf_t *b, const char *s);
void tp_buf_printf(tp_arena_t *a, tp_buf_t *b, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif

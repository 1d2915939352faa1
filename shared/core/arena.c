/*
 * arena.c — the per-message bump allocator (tp/arena.h).
 *
 * Memory comes in blocks chained newest first. A reset keeps only the
 * largest block, so the steady state is one block that fits a whole
 * article and no malloc per message.
 */
#include "tp/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TP_ARENA_ALIGN 16

/* Build with -DTP_ARENA_VALGRIND (and no sanitizers) to have memcheck
 * treat every tp_arena_alloc_nz() region as uninitialised, even when it
 * reuses a block written before the last reset: otherwise a read of a
 * byte the caller forgot to write goes unseen once the arena is warm. */
#ifdef TP_ARENA_VALGRIND
#include <valgrind/memcheck.h>
#define TP__MARK_UNDEFINED(p, n) VALGRIND_MAKE_MEM_UNDEFINED(p, n)
#else
#define TP__MARK_UNDEFINED(p, n) ((void)0)
#endif

typedef struct tp_block {
    struct tp_block *next;
    size_t size; /* usable bytes after the header */
    size_t used;
    _Alignas(TP_ARENA_ALIGN) unsigned char data[];
} tp_block_t;

struct tp_arena {
    tp_block_t *head;
    size_t block_size;
    size_t used; /* bytes handed out since the last reset */
};

/* Allocates with malloc or aborts: the arena has no error path. */
static void *tp__xmalloc(size_t n)
{
    void *p = malloc(n);
    if (!p) {
        fprintf(stderr, "tinpipe: out of memory allocating %zu bytes\n", n);
        abort();
    }
    return p;
}

/* Creates an arena whose blocks are at least block_size bytes. */
tp_arena_t *tp_arena_new(size_t block_size)
{
    tp_arena_t *a = tp__xmalloc(sizeof *a);
    a->head = NULL;
    a->block_size = block_size ? block_size : 64 * 1024;
    a->used = 0;
    return a;
}

/* Frees every block and the arena; NULL is a no-op. */
void tp_arena_destroy(tp_arena_t *a)
{
    if (!a)
        return;
    tp_block_t *b = a->head;
    while (b) {
        tp_block_t *next = b->next;
        free(b);
        b = next;
    }
    free(a);
}

/* Releases everything handed out; keeps the largest block for reuse. */
void tp_arena_reset(tp_arena_t *a)
{
    tp_block_t *keep = NULL;
    for (tp_block_t *b = a->head; b; b = b->next)
        if (!keep || b->size > keep->size)
            keep = b;
    tp_block_t *b = a->head;
    while (b) {
        tp_block_t *next = b->next;
        if (b != keep)
            free(b);
        b = next;
    }
    if (keep) {
        keep->next = NULL;
        keep->used = 0;
    }
    a->head = keep;
    a->used = 0;
}

/* Returns size bytes, aligned to TP_ARENA_ALIGN, not zeroed. */
void *tp_arena_alloc_nz(tp_arena_t *a, size_t size)
{
    size_t need = (size + TP_ARENA_ALIGN - 1) & ~(size_t)(TP_ARENA_ALIGN - 1);
    if (need == 0)
        need = TP_ARENA_ALIGN;
    tp_block_t *b = a->head;
    if (!b || b->size - b->used < need) {
        size_t bs = a->block_size;
        if (b && b->size * 2 > bs)
            bs = b->size * 2; /* grow geometrically for big articles */
        if (bs < need)
            bs = need;
        b = tp__xmalloc(sizeof *b + bs);
        b->size = bs;
        b->used = 0;
        b->next = a->head;
        a->head = b;
    }
    void *p = b->data + b->used;
    b->used += need;
    a->used += need;
    TP__MARK_UNDEFINED(p, need);
    return p;
}

/* Returns size zeroed bytes, aligned to TP_ARENA_ALIGN. */
void *tp_arena_alloc(tp_arena_t *a, size_t size)
{
    void *p = tp_arena_alloc_nz(a, size);
    memset(p, 0, size);
    return p;
}

/* Returns a copy of old grown to new_size (the old bytes stay in place
 * until the reset; arenas never free single allocations). */
void *tp_arena_realloc(tp_arena_t *a, void *old, size_t old_size,
                       size_t new_size)
{
    /* Only the bytes past the old contents need zeroing: the copy
     * writes the rest. */
    void *p = tp_arena_realloc_nz(a, old, old_size, new_size);
    size_t keep = old ? (old_size < new_size ? old_size : new_size) : 0;
    memset((char *)p + keep, 0, new_size - keep);
    return p;
}

/* Same as tp_arena_realloc(), the bytes past the old contents left as
 * they are. */
void *tp_arena_realloc_nz(tp_arena_t *a, void *old, size_t old_size,
                          size_t new_size)
{
    void *p = tp_arena_alloc_nz(a, new_size);
    size_t keep = old ? (old_size < new_size ? old_size : new_size) : 0;
    if (keep)
        memcpy(p, old, keep);
    return p;
}

/* Copies n bytes of s and a NUL. */
char *tp_arena_strndup(tp_arena_t *a, const char *s, size_t n)
{
    char *p = tp_arena_alloc_nz(a, n + 1); /* every byte is written */
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* Copies a NUL-terminated string; NULL stays NULL. */
char *tp_arena_strdup(tp_arena_t *a, const char *s)
{
    return s ? tp_arena_strndup(a, s, strlen(s)) : NULL;
}

/* Formats into the arena. */
char *tp_arena_vprintf(tp_arena_t *a, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        n = 0;
    char *p = tp_arena_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *tp_arena_printf(tp_arena_t *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = tp_arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

size_t tp_arena_used(const tp_arena_t *a)
{
    return a->used;
}

/* Makes room for n more bytes and the NUL. */
static void tp__buf_reserve(tp_arena_t *a, tp_buf_t *b, size_t n)
{
    if (b->len + n + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap * 2 : 256;
    while (cap < b->len + n + 1)
        cap *= 2;
    /* Bytes past len are never read (each append writes the NUL). */
    b->data = tp_arena_realloc_nz(a, b->data, b->len, cap);
    b->cap = cap;
}

void tp_buf_append(tp_arena_t *a, tp_buf_t *b, const char *s, size_t n)
{
    tp__buf_reserve(a, b, n);
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void tp_buf_putc(tp_arena_t *a, tp_buf_t *b, char c)
{
    tp_buf_append(a, b, &c, 1);
}

void tp_buf_puts(tp_arena_t *a, tp_buf_t *b, const char *s)
{
    tp_buf_append(a, b, s, strlen(s));
}

void tp_buf_printf(tp_arena_t *a, tp_buf_t *b, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n > 0) {
        tp__buf_reserve(a, b, (size_t)n);
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
        b->len += (size_t)n;
    }
    va_end(ap);
}

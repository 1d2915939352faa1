/*
 * test_arena.c — the per-message arena: zeroed and non-zeroed allocations,
 * growth keeping the old bytes (and zeroing only the new ones when asked),
 * alignment, blocks larger than the block size, byte strings, and reuse
 * after a reset.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tp/arena.h"

/* Every allocation is aligned and tp_arena_alloc() zeroes it, also when
 * the memory was used before a reset. */
static void test_alloc_zeroed_after_reset(void **state)
{
    (void)state;
    tp_arena_t *a = tp_arena_new(4096);
    unsigned char *p = tp_arena_alloc_nz(a, 1000);
    memset(p, 0xAB, 1000);
    tp_arena_reset(a);
    unsigned char *q = tp_arena_alloc(a, 1000);
    for (size_t i = 0; i < 1000; i++)
        assert_int_equal(q[i], 0);
    for (size_t n = 1; n < 100; n += 7) {
        void *r = tp_arena_alloc_nz(a, n);
        assert_int_equal((uintptr_t)r % _Alignof(max_align_t), 0);
    }
    tp_arena_destroy(a);
}

/* Growing keeps the old bytes; tp_arena_realloc() zeroes the new ones. */
static void test_grow(void **state)
{
    (void)state;
    tp_arena_t *a = tp_arena_new(256);
    /* dirty memory first, so that zeroes below are the arena's doing */
    unsigned char *junk = tp_arena_alloc_nz(a, 4096);
    memset(junk, 0xCD, 4096);
    tp_arena_reset(a);
    char *p = tp_arena_alloc_nz(a, 8);
    memcpy(p, "abcdefgh", 8);
    char *g = tp_arena_realloc(a, p, 8, 3000); /* larger than a block */
    assert_memory_equal(g, "abcdefgh", 8);
    for (size_t i = 8; i < 3000; i++)
        assert_int_equal(g[i], 0);
    char *h = tp_arena_realloc_nz(a, g, 3000, 6000);
    assert_memory_equal(h, "abcdefgh", 8);
    char *s = tp_arena_realloc(a, h, 6000, 4); /* shrinking copies a prefix */
    assert_memory_equal(s, "abcd", 4);
    assert_non_null(tp_arena_realloc(a, NULL, 0, 16));
    tp_arena_destroy(a);
}

/* Byte strings grow through the arena and stay NUL-terminated. */
static void test_buf(void **state)
{
    (void)state;
    tp_arena_t *a = tp_arena_new(0);
    tp_buf_t b = {0};
    for (int i = 0; i < 1000; i++)
        tp_buf_append(a, &b, "xyz", 3);
    tp_buf_putc(a, &b, '!');
    assert_int_equal(b.len, 3001);
    assert_int_equal(strlen(b.data), 3001);
    assert_int_equal(b.data[3000], '!');
    char *d = tp_arena_strndup(a, "Hà Nội", 3);
    assert_string_equal(d, "Hà");
    tp_arena_destroy(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alloc_zeroed_after_reset),
        cmocka_unit_test(test_grow),
        cmocka_unit_test(test_buf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

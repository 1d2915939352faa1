/*
 * test_normalize_fuzz.c — a bounded fuzz run inside the unit suite (built
 * with address and undefined-behaviour sanitizers): replays the seed
 * corpus of tests/fuzz/corpus/normalize/ through the libFuzzer target's
 * own entry point, then mutates it (byte flips, inserts of UTF-8 lead
 * bytes, markup and JSON characters, deletions, duplications, splices)
 * for TP_NORM_FUZZ_SECONDS seconds (default 5) with a fixed seed, so a failure
 * reproduces. The coverage-guided run is the libFuzzer build
 * (-DTP_FUZZ=ON, tests/fuzz/fuzz_normalize.c).
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <time.h>
#include <cmocka.h>

#include "../fuzz/fuzz_normalize.c"
#include "test_normalize_util.h"

static uint64_t rng = 0x9E3779B97F4A7C15ULL;

/* xorshift64*. */
static uint64_t next_rand(void)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 0x2545F4914F6CDD1DULL;
}

/* Mutates buf (len bytes, capacity cap) in place; returns the new length. */
static size_t mutate(uint8_t *buf, size_t len, size_t cap, const uint8_t *other,
                     size_t olen)
{
    static const uint8_t interesting[] = {
        0xC3, 0xE1, 0xBB, 0x80, 0xA0, 0xC2, 0xCC, 0x81, 0xE2, 0x80, 0x8B,
        '<',  '>',  '/',  '{',  '}',  '"',  '\\', '\n', '\r', ' ',  ';',
        ':',  '(',  ')',  '&',  '#',  '0',  '9',  0x00, 0xFF, 0xEF, 0xBF,
    };
    int ops = 1 + (int)(next_rand() % 4);
    for (int k = 0; k < ops; k++) {
        size_t pos = len ? next_rand() % len : 0;
        switch (next_rand() % 6) {
        case 0:
            if (len)
                buf[pos] ^= (uint8_t)(1u << (next_rand() % 8));
            break;
        case 1:
            if (len + 1 < cap) {
                memmove(buf + pos + 1, buf + pos, len - pos);
                buf[pos] = interesting[next_rand() % sizeof interesting];
                len++;
            }
            break;
        case 2:
            if (len > 1) {
                size_t n = 1 + next_rand() % (len - pos < 64 ? len - pos : 64);
                memmove(buf + pos, buf + pos + n, len - pos - n);
                len -= n;
            }
            break;
        case 3:
            if (len && len * 2 < cap) {
                size_t n = 1 + next_rand() % (len - pos);
                memmove(buf + pos + n, buf + pos, len - pos);
                len += n;
            }
            break;
        case 4:
            if (olen && len + 64 < cap) {
                size_t from = next_rand() % olen;
                size_t n = 1 + next_rand() % (olen - from < 64 ? olen - from : 64);
                memmove(buf + pos + n, buf + pos, len - pos);
                memcpy(buf + pos, other + from, n);
                len += n;
            }
            break;
        default:
            if (len)
                buf[0] = (uint8_t)next_rand(); /* the mode byte */
            break;
        }
    }
    return len;
}

/* Replays the corpus and mutates it for a bounded time. */
static void test_fuzz_bounded(void **state)
{
    (void)state;
    char dir[4096];
    const char *src = getenv("TP_SOURCE_DIR");
    snprintf(dir, sizeof dir, "%s/tests/fuzz/corpus/normalize",
             src ? src : "..");
    DIR *d = opendir(dir);
    assert_non_null(d);
    uint8_t *inputs[256];
    size_t lens[256], n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL && n < 256) {
        if (de->d_name[0] == '.')
            continue;
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        size_t len;
        char *data = tnu_read_file(path, &len);
        if (!data)
            continue;
        LLVMFuzzerTestOneInput((const uint8_t *)data, len);
        inputs[n] = (uint8_t *)data;
        lens[n++] = len;
    }
    closedir(d);
    assert_true(n > 0);
    const char *secs = getenv("TP_NORM_FUZZ_SECONDS");
    double budget = secs ? atof(secs) : 5.0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    size_t cap = 1 << 16, runs = 0;
    uint8_t *buf = malloc(cap);
    for (;;) {
        clock_gettime(CLOCK_MONOTONIC, &t1);
        if ((t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9 > budget)
            break;
        size_t a = next_rand() % n, b = next_rand() % n;
        size_t len = lens[a] < cap / 4 ? lens[a] : cap / 4;
        memcpy(buf, inputs[a], len);
        for (int round = 0; round < 8; round++) {
            len = mutate(buf, len, cap, inputs[b], lens[b]);
            LLVMFuzzerTestOneInput(buf, len);
            runs++;
        }
    }
    printf("fuzz: %zu corpus inputs, %zu mutated runs in %.1f s\n", n, runs,
           budget);
    free(buf);
    for (size_t i = 0; i < n; i++)
        free(inputs[i]);
    tp_normalizer_destroy(tp__fz_nz[0]);
    tp_normalizer_destroy(tp__fz_nz[1]);
    tp_arena_destroy(tp__fz_arena);
    assert_true(runs > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fuzz_bounded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

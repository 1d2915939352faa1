/*
 * test_extract_tokenize.c — tp_vn_fold_tokenize() (the extractor's one
 * pass over a body: 64-byte windows of bit masks where the body holds
 * ASCII and Vietnamese letters, a code point loop elsewhere) against the
 * plain definitions: tp_vn_tokenize() for the tokens, tp_vn_fold_into()
 * for the folded copy (itself checked against a code point loop), and the tone rule of vn.h written out code point
 * by code point. Bodies are fixed cases and deterministic random mixes of
 * Vietnamese words, punctuation, other scripts and malformed bytes, long
 * enough to cross many windows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "extract/vn.h"
#include "tp/arena.h"

static tp_arena_t *arena;

/* True for the a, e and y with a tone mark (either case). */
static int marked_aey(int32_t cp)
{
    static const char aey[] = "àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ";
    for (size_t i = 0; i < sizeof aey - 1;) {
        int32_t c;
        i += tp_vn_decode(aey, sizeof aey - 1, i, &c);
        if (c == cp)
            return 1;
    }
    return 0;
}

/* The tone rule of vn.h over the tokens of s: inside a syllable, a
 * marked a, e or y that is not its first code point, after an o or a u
 * (not the u of a leading "qu"), followed by no ASCII letter. */
static int tone_cand_ref(const char *s, size_t len, const char *fold,
                         const tp_vn_tok_t *t, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        if (!t[k].word)
            continue;
        size_t start = t[k].start;
        for (size_t i = start; i < t[k].end;) {
            int32_t cp;
            size_t w = tp_vn_decode(s, len, i, &cp);
            if (i > start && w > 1 && marked_aey(cp)) {
                char p = fold[i - 1];
                int qu = p == 'u' && i - 1 == start + 1 && fold[start] == 'q';
                unsigned char nx = i + w < len ? (unsigned char)s[i + w] : 0;
                int letter_after = i + w < len && nx < 0x80 &&
                                   ((nx | 0x20) >= 'a' && (nx | 0x20) <= 'z');
                if ((p == 'o' || (p == 'u' && !qu)) && !letter_after)
                    return 1;
            }
            i += w;
        }
    }
    return 0;
}

/* Checks tp_vn_fold_tokenize() on s[0..len) against the definitions. */
static void check(const char *s, size_t len)
{
    tp_arena_reset(arena);
    size_t n1, n2;
    int cand = -1;
    char *fold = tp_arena_alloc(arena, len + 1);
    tp_vn_tok_t *t = tp_vn_fold_tokenize(arena, s, len, fold, &n1, &cand);
    char *want_fold = tp_arena_alloc(arena, len + 1);
    tp_vn_fold_into(s, len, want_fold);
    tp_vn_tok_t *want = tp_vn_tokenize(arena, s, len, &n2);
    assert_int_equal(n1, n2);
    for (size_t k = 0; k < n1; k++) {
        if (memcmp(&t[k], &want[k], sizeof t[k]) != 0)
            fail_msg("token %zu of %zu: %u-%u word %d shape %d digit %d brk %d, "
                     "want %u-%u word %d shape %d digit %d brk %d",
                     k, n1, t[k].start, t[k].end, t[k].word, t[k].shape, t[k].digit,
                     t[k].brk, want[k].start, want[k].end, want[k].word,
                     want[k].shape, want[k].digit, want[k].brk);
    }
    assert_memory_equal(fold, want_fold, len);
    assert_int_equal(cand, tone_cand_ref(s, len, want_fold, want, n2));
    /* In place, as tp_vn_fold_into() allows. */
    char *in = tp_arena_alloc(arena, len + 1);
    memcpy(in, s, len);
    size_t n3;
    tp_vn_fold_tokenize(arena, in, len, in, &n3, NULL);
    assert_int_equal(n3, n1);
    assert_memory_equal(in, want_fold, len);
}

static void test_fixed(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "",
        "Ông A, bà B.",
        "Hoà hợp, quà tặng, THUÝ Hoạ; khoẻ\nUỶ ban  Thủy\tQuả 2020 UBND-HĐND",
        /* Long enough for windows, with everything they leave to the
         * code point loop: U+201C quotes, × and ÷, NBSP, another
         * script, a four-byte emoji, malformed bytes, a long word. */
        "Chủ tịch UBND tỉnh Quảng Trị “hoà” × ÷ 2×3 a\xc2\xa0" "b Ωmega ǅa "
        "\xf0\x9f\x98\x80 \xc3( \xe1\xba \xe1\xba\xa0\xc3 Nguyễn Văn A, "
        "supercalifragilisticexpialidociousrepeatedsupercalifragilisticexpialidocious "
        "ĐẢNG CỘNG SẢN VIỆT NAM thuỷ lợi, hoà bình; quý vị, QUÀ, Quà, uỳ UỲ.\n\n"
        "Tại hội nghị, các đại biểu đã thảo luận 19.340 tỷ đồng (2,5%).",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check(cases[i], strlen(cases[i]));
}

static void test_random_mixes(void **state)
{
    (void)state;
    static const char *const parts[] = {
        "hoà", "Hoà", "HOÀ", "quà", "QUÀ", "Quả", "thuý", "khoẻ", "uỳ", "Uỳ",
        "đồng", "Đảng", "chí", "Nguyễn", "ủy", "Ủy", "ban", "UBND", "iPhone",
        "TTg", "A", "z", "0", "19", "2,5", "ǅ", "Ω", "ж", "İ", "ẞ", "×", "÷",
        "“", "”", "–", "…", "\xc2\xa0", "\xf0\x9f\x98\x80", "\xc3", "\xe1\xba",
        "\x80", "\xff", "\xcc\x81", " ", " ", " ", "  ", "\n", "\t", "\r", ",",
        ".", "-", "/", "(", ")", "&", "o", "u", "q", "e", "y", "ơ", "ư",
    };
    uint64_t seed = 0x9E3779B97F4A7C15ull;
    char buf[1024];
    for (int it = 0; it < 20000; it++) {
        size_t len = 0, want;
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        want = (size_t)(seed >> 33) % 700;
        while (len < want) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            const char *p = parts[(seed >> 33) % (sizeof parts / sizeof parts[0])];
            size_t k = strlen(p);
            if (len + k > sizeof buf)
                break;
            memcpy(buf + len, p, k);
            len += k;
        }
        check(buf, len);
    }
}

/* Byte length of cp in UTF-8. */
static size_t cp_len(int32_t cp)
{
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/* tp_vn_fold_into() by its definition, one code point at a time: the
 * lower case where it has the code point's own byte length (and the
 * code point was not spelled overlong), else the bytes as they are. */
static void fold_ref(const char *s, size_t n, char *out)
{
    memcpy(out, s, n);
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t k = tp_vn_decode(s, n, i, &cp);
        int32_t lo = tp_vn_tolower(cp);
        if (lo != cp && cp_len(cp) == k && cp_len(lo) == k) {
            char b[4];
            tp_vn_encode(lo, b);
            memcpy(out + i, b, k);
        }
        i += k;
    }
}

/* tp_vn_fold_into() (eight bytes at a time, short words with
 * overlapping loads) against fold_ref() at every length up to 40 and
 * in place, writing nothing past the end. */
static void test_fold_into(void **state)
{
    (void)state;
    static const char *const parts[] = {
        "A", "z", "Z", "@", "[", "`", "{", "à", "À", "Ầ", "ầ", "Đ", "đ", "Ư",
        "Ỳ", "İ", "ẞ", "Σ", "Ω", "ǅ", "“", " ", "\n", "1", "\xc3", "\xa0",
        "\xe1\xba", "\xf0\x9f\x98\x80", "\xc0\x80", "\xff", "\xe1", "\x80",
    };
    uint64_t seed = 0x2545F4914F6CDD1Dull;
    char s[64], a[64], b[64];
    for (int it = 0; it < 200000; it++) {
        size_t len = 0, want;
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        want = (size_t)(seed >> 33) % 41;
        while (len < want) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            const char *p = parts[(seed >> 33) % (sizeof parts / sizeof parts[0])];
            size_t k = strlen(p);
            if (len + k > 40)
                break;
            memcpy(s + len, p, k);
            len += k;
        }
        memset(a, 0x55, sizeof a);
        memset(b, 0x55, sizeof b);
        fold_ref(s, len, a);
        tp_vn_fold_into(s, len, b);
        assert_memory_equal(a, b, sizeof a);
        memcpy(b, s, len);
        tp_vn_fold_into(b, len, b);
        assert_memory_equal(a, b, len);
    }
}

static int setup(void **state)
{
    (void)state;
    arena = tp_arena_new(0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tp_arena_destroy(arena);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixed),
        cmocka_unit_test(test_random_mixes),
        cmocka_unit_test(test_fold_into),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

/*
 * test_extract_tone.c — extraction does not depend on the tone style
 * (article-event-v1: hòa/ủy "traditional" or hoà/uỷ "modern"). The same
 * article normalized and extracted in each style must give the same
 * entities: keys equal once folded with tp_tone_apply(), keys written in
 * the configured style, the same number of mentions, and every mention a
 * valid span of its own body whose text matches the other style's. Also
 * the syllables whose byte length changes with the style (uỳ/ùy, uỹ/ũy)
 * and a traditional extractor fed a body written in the modern style.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tp/extractor.h"
#include "tp/normalizer.h"

static tp_normalizer_t *nz[2];
static tp_extractor_t *ex[2];
static tp_arena_t *arena;

/* Creates a normalizer and an extractor per style. */
static int setup(void **state)
{
    (void)state;
    char err[256];
    for (int s = 0; s < 2; s++) {
        tp_normalizer_opts_t no = {.tone_style = (tp_tone_style_t)s};
        tp_extractor_opts_t xo = {.tone_style = (tp_tone_style_t)s};
        nz[s] = tp_normalizer_new(&no, err, sizeof err);
        ex[s] = tp_extractor_new(&xo, err, sizeof err);
        if (!nz[s] || !ex[s])
            return -1;
    }
    arena = tp_arena_new(0);
    return 0;
}

/* Releases what setup() made. */
static int teardown(void **state)
{
    (void)state;
    for (int s = 0; s < 2; s++) {
        tp_extractor_destroy(ex[s]);
        tp_normalizer_destroy(nz[s]);
    }
    tp_arena_destroy(arena);
    return 0;
}

/* Normalizes text as plain text in style s and extracts from it. */
static tp_article_t process(int s, const char *text, size_t len)
{
    tp_raw_article_t raw = {0};
    raw.data = text;
    raw.len = len;
    raw.content_type = "text/plain";
    raw.partition = -1;
    tp_article_t art;
    tp_error_t err;
    assert_int_equal(tp_normalize(nz[s], arena, &raw, &art, &err), TP_OK);
    assert_int_equal(tp_extract(ex[s], arena, &art, &err), TP_OK);
    return art;
}

/* s in traditional style (arena copy). */
static const char *trad(const char *s, size_t n)
{
    return tp_tone_apply(arena, s, n, TP_TONE_TRADITIONAL, NULL);
}

/* True when byte i of s starts a code point (or is the end). */
static int cp_start(const char *s, size_t len, size_t i)
{
    return i == len || ((unsigned char)s[i] & 0xC0) != 0x80;
}

/* Checks one article in both styles against each other. */
static void check_styles(const char *what, const char *text, size_t len)
{
    tp_article_t a[2];
    for (int s = 0; s < 2; s++)
        a[s] = process(s, text, len);
    if (a[0].n_entities != a[1].n_entities)
        fail_msg("%s: %zu entities traditional, %zu modern", what,
                 a[0].n_entities, a[1].n_entities);
    for (size_t i = 0; i < a[1].n_entities; i++) {
        const tp_entity_t *m = &a[1].entities[i];
        /* The key is in the configured (modern) style. */
        const char *mk = tp_tone_apply(arena, m->key, strlen(m->key),
                                       TP_TONE_MODERN, NULL);
        if (strcmp(mk, m->key) != 0)
            fail_msg("%s: key \"%s\" is not in the modern style", what, m->key);
        /* The same entity in the traditional article. */
        const char *tk = trad(m->key, strlen(m->key));
        const tp_entity_t *t = NULL;
        for (size_t k = 0; k < a[0].n_entities && !t; k++)
            if (strcmp(a[0].entities[k].key, tk) == 0)
                t = &a[0].entities[k];
        if (!t)
            fail_msg("%s: \"%s\" (modern) has no traditional twin \"%s\"",
                     what, m->key, tk);
        if (t->n_mentions != m->n_mentions)
            fail_msg("%s: \"%s\" has %zu mentions traditional, %zu modern",
                     what, tk, t->n_mentions, m->n_mentions);
        for (size_t k = 0; k < m->n_mentions; k++) {
            tp_span_t ms = m->mentions[k], ts = t->mentions[k];
            if (!(ms.start < ms.end && ms.end <= a[1].body_len &&
                  cp_start(a[1].body, a[1].body_len, ms.start) &&
                  cp_start(a[1].body, a[1].body_len, ms.end)))
                fail_msg("%s: \"%s\" mention [%u, %u) is not a span of the "
                         "body (%zu bytes)", what, m->key, ms.start, ms.end,
                         a[1].body_len);
            const char *mt = trad(a[1].body + ms.start, ms.end - ms.start);
            const char *tt = tp_arena_strndup(arena, a[0].body + ts.start,
                                              ts.end - ts.start);
            if (strcmp(mt, tt) != 0)
                fail_msg("%s: \"%s\" mention %zu reads \"%s\" modern, \"%s\" "
                         "traditional", what, m->key, k, mt, tt);
        }
    }
    tp_arena_reset(arena);
}

/* Reads a whole file (malloc'd) or returns NULL. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *b = malloc((size_t)n + 1);
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
        free(b);
        b = NULL;
    }
    fclose(f);
    if (b) {
        b[n] = '\0';
        *len = (size_t)n;
    }
    return b;
}

/* Checks every .txt file of dir; returns how many. */
static int check_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t nl = strlen(de->d_name);
        if (nl < 4 || strcmp(de->d_name + nl - 4, ".txt") != 0)
            continue;
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        size_t len = 0;
        char *text = slurp(path, &len);
        assert_non_null(text);
        check_styles(de->d_name, text, len);
        free(text);
        n++;
    }
    closedir(d);
    return n;
}

/* The seed articles and the golden extraction fixtures, in both styles. */
static void test_articles_both_styles(void **state)
{
    (void)state;
    const char *src = getenv("TP_SOURCE_DIR");
    const char *seeds = getenv("TP_SEEDS_DIR");
    char dir[1024];
    int n = 0;
    if (seeds)
        n += check_dir(seeds);
    snprintf(dir, sizeof dir, "%s/tests/golden/extract", src ? src : "..");
    n += check_dir(dir);
    snprintf(dir, sizeof dir, "%s/tests/golden/blind", src ? src : "..");
    n += check_dir(dir);
    assert_true(n > 0);
}

/* Marks that change a syllable's length (Thùy/Thuỳ, Lũy/Luỹ) and ones
 * that do not (Hòa/Hoà, ủy/uỷ, Ngụy/Nguỵ), in one article. */
static void test_length_changing_syllables(void **state)
{
    (void)state;
    static const char text[] =
        "Đoàn công tác của Tỉnh ủy Hòa Bình làm việc tại xã Thanh Thùy, "
        "huyện Thanh Oai.\n"
        "Ông Ngụy Văn Thụy, Chủ tịch UBND xã Thanh Thùy báo cáo tình hình "
        "sông Lũy và khu vực Thanh Thùy với đồng chí Nguyễn Thị Thùy "
        "Linh.\n";
    check_styles("length", text, sizeof text - 1);
    tp_article_t a = process(TP_TONE_MODERN, text, sizeof text - 1);
    int thuy = 0;
    for (size_t i = 0; i < a.n_entities; i++)
        if (strcmp(a.entities[i].key, "location:Thanh Thuỳ") == 0) {
            thuy = 1;
            for (size_t k = 0; k < a.entities[i].n_mentions; k++) {
                tp_span_t s = a.entities[i].mentions[k];
                assert_int_equal(s.end - s.start, strlen("Thanh Thuỳ"));
                assert_memory_equal(a.body + s.start, "Thanh Thuỳ",
                                    s.end - s.start);
            }
        }
    assert_true(thuy);
    tp_arena_reset(arena);
}

/* A traditional extractor reading a body that was written in the modern
 * style (not normalized): the lists still match, keys are traditional. */
static void test_modern_body_traditional_keys(void **state)
{
    (void)state;
    static const char body[] = "Ban Thường vụ Tỉnh uỷ Hoà Bình họp tại xã "
                               "Thanh Thuỳ, UBND huyện Thanh Oai dự.";
    tp_article_t art;
    tp_article_init(&art);
    art.body = body;
    art.body_len = sizeof body - 1;
    tp_error_t err;
    assert_int_equal(tp_extract(ex[TP_TONE_TRADITIONAL], arena, &art, &err), TP_OK);
    int org = 0, loc = 0;
    for (size_t i = 0; i < art.n_entities; i++) {
        const tp_entity_t *e = &art.entities[i];
        org |= strcmp(e->key, "organization:Ban Thường vụ Tỉnh ủy Hòa Bình") == 0;
        loc |= strcmp(e->key, "location:Thanh Thùy") == 0;
        for (size_t k = 0; k < e->n_mentions; k++)
            assert_true(e->mentions[k].end <= art.body_len);
    }
    assert_true(org);
    assert_true(loc);
    tp_arena_reset(arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_articles_both_styles),
        cmocka_unit_test(test_length_changing_syllables),
        cmocka_unit_test(test_modern_body_traditional_keys),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

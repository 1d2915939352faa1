/*
 * test_event_decode.c — tp_event_decode()'s fast reader (event_fast.c)
 * against its jansson reader: the encoder's events, real ones included,
 * are taken by the fast path and read the same; everything else (escapes
 * the encoder does not write, duplicates, missing, extra or reordered
 * keys, wrong types, bad numbers, broken JSON) gives exactly the jansson
 * path's outcome: the same article, or the same error class and message.
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

#include "../fuzz/event_same.h"
#include "event/event_internal.h"

enum { DECLINED = 0, TAKEN = 1 };

/* Decodes text[0..n) by both readers and by tp_event_decode(); asserts
 * the fast reader's verdict (want) and that tp_event_decode() gives the
 * jansson reader's outcome: the same article or the same error. Returns
 * the outcome. */
static tp_err_t same_outcome_n(const char *text, size_t n, int want)
{
    tp_arena_t *a = tp_arena_new(0);
    tp_article_t fast, ref, got;
    tp_error_t ref_err, got_err;
    tp_error_clear(&ref_err);
    tp_error_clear(&got_err);
    int taken = tp__event_decode_fast(a, text, n, &fast);
    tp_err_t rc = tp__event_decode_jansson(a, text, n, &ref, &ref_err);
    tp_err_t gc = tp_event_decode(a, text, n, &got, &got_err);
    if (taken != want)
        fail_msg("fast reader %s: %.200s", taken ? "took" : "declined", text);
    assert_int_equal(gc, rc);
    if (rc == TP_OK) {
        assert_true(evsame(&got, &ref));
        if (taken)
            assert_true(evsame(&fast, &ref));
    } else {
        assert_false(taken);
        assert_string_equal(got_err.cls, ref_err.cls);
        assert_string_equal(got_err.msg, ref_err.msg);
    }
    tp_arena_destroy(a);
    return rc;
}

static tp_err_t same_outcome(const char *text, int want)
{
    return same_outcome_n(text, strlen(text), want);
}

static const char body[] =
    "HNP - Sáng 26/3, \"đồng chí\" Lê Hồng Sơn làm việc\n"
    "với Huyện ủy Thường Tín \\ 557 cuộc.";

/* An event as tp_event_encode() writes it, with one of everything. */
static char *base_event(void)
{
    tp_arena_t *a = tp_arena_new(0);
    tp_article_t art;
    tp_article_init(&art);
    strcpy(art.article_id, "0123456789abcdef0123456789abcdef");
    art.url = "https://example.vn/a/1";
    art.site = "example.vn";
    art.topic = "articles.normalized";
    art.partition = 3;
    art.offset = 41;
    art.title = "Kiểm tra \"dân vận\"\ttại Thường Tín\x01";
    static const char *authors[] = {"Xuân Tiến", "Hà \\ Nội"};
    art.authors = authors;
    art.n_authors = 2;
    art.lead = "Sáng 26/3";
    art.body = body;
    art.body_len = strlen(body);
    art.body_clean = 1;
    static tp_span_t paras[2];
    paras[0] = (tp_span_t){0, (uint32_t)(strchr(body, '\n') - body)};
    paras[1] = (tp_span_t){paras[0].end + 1, (uint32_t)art.body_len};
    art.paragraphs = paras;
    art.n_paragraphs = 2;
    static const char *tags[] = {"dân vận"};
    art.tags = tags;
    art.n_tags = 1;
    art.view_count = 169;
    static tp_removed_t removed[] = {{"comment_form", "Viết bình luận"},
                                     {"banner", NULL}};
    art.removed = removed;
    art.n_removed = 2;
    strcpy(art.content_hash, "00000000deadbeef");
    strcpy(art.simhash, "0123456789abcdef");
    art.normalizer_version = "1.0.0";
    art.extractor_version = "1.0.0";
    static tp_position_t pos[] = {{"Phó Chủ tịch", "organization:UBND"},
                                  {"Bí thư", NULL}};
    static tp_span_t m1[] = {{33, 48}, {0, 3}};
    static tp_field_t qf[] = {{"value", "557", 1},
                              {"unit", "cuộc", 0},
                              {"ratio", "1.12", 1},
                              {"big", "-42", 1}};
    static tp_entity_t ents[3];
    ents[0] = (tp_entity_t){TP_ENT_PERSON,
                            "person:Lê Hồng Sơn",
                            "Lê Hồng Sơn",
                            NULL,
                            0,
                            pos,
                            2,
                            m1,
                            2};
    ents[1] = (tp_entity_t){TP_ENT_QUANTITY,
                            "quantity:557:cuộc",
                            "557 cuộc",
                            qf,
                            4,
                            NULL,
                            0,
                            NULL,
                            0};
    ents[2] = (tp_entity_t){TP_ENT_PERSON, "person:X", NULL, NULL, 0,
                            NULL,          0,          NULL, 0};
    art.entities = ents;
    art.n_entities = 3;
    size_t n;
    char *ev = strdup(tp_event_encode(a, &art, &n));
    tp_arena_destroy(a);
    return ev;
}

/* text with its first "from" replaced by "to" (malloc'd); fails when
 * text lacks "from", so no case silently tests the unchanged event. */
static char *replaced(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    if (!at)
        fail_msg("\"%s\" not in the event", from);
    size_t n = strlen(text) - strlen(from) + strlen(to);
    char *r = malloc(n + 1);
    size_t pre = (size_t)(at - text);
    memcpy(r, text, pre);
    strcpy(r + pre, to);
    strcat(r, at + strlen(from));
    return r;
}

/* One case: the base event with from replaced by to. */
static tp_err_t variant(const char *from, const char *to, int want)
{
    char *ev = base_event();
    char *v = replaced(ev, from, to);
    tp_err_t rc = same_outcome(v, want);
    free(v);
    free(ev);
    return rc;
}

/* The encoder's own event, escapes and all, is taken and read alike. */
static void test_round_trip(void **state)
{
    (void)state;
    char *ev = base_event();
    assert_int_equal(same_outcome(ev, TAKEN), TP_OK);
    /* and the fast reader's article encodes back to the same bytes */
    tp_arena_t *a = tp_arena_new(0);
    tp_article_t art;
    assert_true(tp__event_decode_fast(a, ev, strlen(ev), &art));
    size_t n;
    const char *again = tp_event_encode(a, &art, &n);
    /* "1.12" comes back as %.17g, as from the jansson path */
    char *want = replaced(ev, "\"ratio\":1.12", "\"ratio\":1.1200000000000001");
    assert_string_equal(again, want);
    free(want);
    tp_arena_destroy(a);
    free(ev);
}

/* Real events (`tinpipe process` on seeds and golden inputs, the fuzz
 * seeds) are all taken and read as jansson reads them. */
static void test_real_events(void **state)
{
    (void)state;
    const char *src = getenv("TP_SOURCE_DIR");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/tests/fuzz/corpus/event_decode",
             src ? src : "..");
    DIR *d = opendir(dir);
    assert_non_null(d);
    int seen = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (strncmp(de->d_name, "process_", 8) != 0)
            continue;
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        static char buf[1 << 20];
        size_t n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        assert_int_equal(same_outcome_n(buf, n, TAKEN), TP_OK);
        seen++;
    }
    closedir(d);
    assert_true(seen >= 4);
}

/* Escapes and values the encoder does not write but jansson reads. */
static void test_escapes(void **state)
{
    (void)state;
    variant("\"lead\":\"Sáng", "\"lead\":\"\\/\\u1EA1\\ud83d\\ude00 S\\u00e1ng",
            TAKEN);
    variant("\"unit\":\"cuộc\"", "\"unit\":\"cu\\u1ed9c\"", TAKEN);
    variant("\"unit\":\"cuộc\"", "\"unit\":null", TAKEN);
    variant("\"value\":557", "\"value\":-0", TAKEN);
    variant("\"value\":557", "\"value\":2.5e-3", TAKEN);
    variant("\"value\":557", "\"value\":1E+2", TAKEN);
    variant("\"topic\":\"articles.normalized\",\"partition\":3,\"offset\":41",
            "\"topic\":null,\"partition\":null,\"offset\":null", TAKEN);
    /* a trailing newline is whitespace to jansson */
    char *ev = base_event();
    size_t n = strlen(ev);
    char *nl = malloc(n + 2);
    memcpy(nl, ev, n);
    memcpy(nl + n, "\n", 2);
    assert_int_equal(same_outcome(nl, TAKEN), TP_OK);
    nl[n] = 'x';
    assert_int_equal(same_outcome(nl, DECLINED), TP_ERR_INPUT);
    free(nl);
    /* \u0000, a lone surrogate, a bad escape, invalid UTF-8: JSON errors */
    assert_int_equal(variant("\"lead\":\"Sáng", "\"lead\":\"\\u0000", DECLINED),
                     TP_ERR_INPUT);
    assert_int_equal(
        variant("\"lead\":\"Sáng", "\"lead\":\"\\ud83d x", DECLINED),
        TP_ERR_INPUT);
    assert_int_equal(variant("\"lead\":\"Sáng", "\"lead\":\"\\q", DECLINED),
                     TP_ERR_INPUT);
    assert_int_equal(
        variant("\"lead\":\"Sáng", "\"lead\":\"\xC3\x28", DECLINED),
        TP_ERR_INPUT);
    assert_int_equal(
        variant("\"lead\":\"Sáng", "\"lead\":\"\xE0\x80\x80", DECLINED),
        TP_ERR_INPUT);
    assert_int_equal(variant("\"lead\":\"Sáng", "\"lead\":\"a\nb", DECLINED),
                     TP_ERR_INPUT);
    /* cut short */
    ev[n / 2] = '\0';
    assert_int_equal(same_outcome(ev, DECLINED), TP_ERR_INPUT);
    free(ev);
}

/* Duplicates: jansson refuses them (JSON_REJECT_DUPLICATES). */
static void test_duplicates(void **state)
{
    (void)state;
    assert_int_equal(variant("\"unit\":\"cuộc\"",
                             "\"unit\":\"cuộc\",\"unit\":\"x\"", DECLINED),
                     TP_ERR_INPUT);
    assert_int_equal(variant("\"unit\":\"cuộc\"",
                             "\"unit\":\"cuộc\",\"unit\":null", DECLINED),
                     TP_ERR_INPUT);
    assert_int_equal(variant("\"unit\":\"cuộc\"",
                             "\"unit\":\"cuộc\",\"type\":\"x\"", DECLINED),
                     TP_ERR_INPUT);
    assert_int_equal(variant("\"unit\":\"cuộc\"",
                             "\"unit\":\"cuộc\",\"name\":null", DECLINED),
                     TP_ERR_INPUT);
    assert_int_equal(
        variant(",\"tags\":", ",\"title\":null,\"tags\":", DECLINED),
        TP_ERR_INPUT);
    assert_int_equal(
        variant("\"start\":33", "\"start\":33,\"start\":1", DECLINED),
        TP_ERR_INPUT);
}

/* Missing, extra and reordered keys: jansson reads them, the fast
 * reader leaves them to it. */
static void test_keys(void **state)
{
    (void)state;
    assert_int_equal(variant(",\"lead\":\"Sáng 26/3\"", "", DECLINED), TP_OK);
    assert_int_equal(variant(",\"tags\":[\"dân vận\"]", "", DECLINED), TP_OK);
    assert_int_equal(variant(",\"mentions\":[]}", "}", DECLINED), TP_OK);
    assert_int_equal(variant("\"schema\"", "\"extra\":1,\"schema\"", DECLINED),
                     TP_OK);
    assert_int_equal(
        variant("\"kind\":\"banner\"", "\"kind\":\"banner\",\"x\":1", DECLINED),
        TP_OK);
    assert_int_equal(variant("\"agency\":null,\"lead\":\"Sáng 26/3\"",
                             "\"lead\":\"Sáng 26/3\",\"agency\":null",
                             DECLINED),
                     TP_OK);
    assert_int_equal(variant("{\"schema\"", "{ \"schema\"", DECLINED), TP_OK);
    assert_int_equal(variant("\"sch", "\"sc\\u0068", DECLINED), TP_OK);
    /* required ones: the jansson path's errors */
    assert_int_equal(
        variant("\"article_id\":\"0123456789abcdef0123456789abcdef\",", "",
                DECLINED),
        TP_ERR_INPUT);
    assert_int_equal(variant("\"schema\":\"tinpipe.article/1\",", "", DECLINED),
                     TP_ERR_INPUT);
}

/* Wrong types and bad values: the jansson path's schema errors. */
static void test_wrong_types(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"\"lead\":\"Sáng 26/3\"", "\"lead\":5"},
        {"\"partition\":3", "\"partition\":\"3\""},
        {"\"partition\":3", "\"partition\":3.0"},
        {"\"offset\":41", "\"offset\":12345678901234567890"},
        {"\"view_count\":169", "\"view_count\":true"},
        {"\"authors\":[", "\"authors\":[1,"},
        {"\"tags\":[\"dân vận\"]", "\"tags\":\"dân vận\""},
        {"\"body\":\"HNP", "\"body\":null,\"x\":\"HNP"},
        {"\"paragraphs\":[[0,", "\"paragraphs\":[[0,1,"},
        {"\"paragraphs\":[[0,", "\"paragraphs\":[[-1,"},
        {"\"start\":33,\"end\":48", "\"start\":33,\"end\":4800"},
        {"\"start\":33,\"end\":48", "\"start\":33,\"end\":32"},
        {"\"type\":\"person\"", "\"type\":\"alien\""},
        {"\"key\":\"person:X\"", "\"key\":null"},
        {"\"unit\":\"cuộc\"", "\"unit\":true"},
        {"\"unit\":\"cuộc\"", "\"unit\":[1]"},
        {"\"content_hash\":\"00000000deadbeef\"", "\"content_hash\":\"\""},
        {"\"simhash\":\"0123456789abcdef\"",
         "\"simhash\":\"0123456789ABCDEF\""},
        {"\"article_id\":\"0123", "\"article_id\":\"x123"},
        {"\"value\":557", "\"value\":1e999"},
        {"\"value\":557", "\"value\":01"},
        {"\"schema\":\"tinpipe.article/1\"",
         "\"schema\":\"tinpipe.article/2\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        assert_int_equal(variant(cases[i][0], cases[i][1], DECLINED),
                         TP_ERR_INPUT);
    /* a span may end at the body's end, not one byte after it */
    char to[64];
    snprintf(to, sizeof to, "\"start\":33,\"end\":%zu", strlen(body));
    assert_int_equal(variant("\"start\":33,\"end\":48", to, TAKEN), TP_OK);
    snprintf(to, sizeof to, "\"start\":33,\"end\":%zu", strlen(body) + 1);
    assert_int_equal(variant("\"start\":33,\"end\":48", to, DECLINED),
                     TP_ERR_INPUT);
    /* legal for jansson, but not a number the fast reader is sure of */
    assert_int_equal(
        variant("\"offset\":41", "\"offset\":1234567890123456789", DECLINED),
        TP_OK);
    assert_int_equal(variant("\"value\":557", "\"value\":1e-400", DECLINED),
                     TP_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip), cmocka_unit_test(test_real_events),
        cmocka_unit_test(test_escapes),    cmocka_unit_test(test_duplicates),
        cmocka_unit_test(test_keys),       cmocka_unit_test(test_wrong_types),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_eval_score.c — the scorer (tp/eval.h): gold parsing, the comparison
 * fold, optional and alternative keys, positions, field agreement and
 * boilerplate, on small hand-made gold files and articles.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tp/eval.h"

static tp_arena_t *arena;

static const char gold_json[] =
    "{\"file\": \"a.txt\", \"title\": \"Hội nghị tổng kết\", \"published\": \"2020-03-26\","
    " \"authors\": [\"Xuân Tiến\"],"
    " \"keys\": [\"person:Lê Hồng Sơn\", \"organization:Thành ủy Hà Nội\","
    "   \"organization:Mặt trận Tổ quốc Việt Nam\", \"document:290-QĐ/TW\","
    "   \"date:2010-02-25\", \"quantity:557:cuộc\", \"congress:13\"],"
    " \"optional\": [\"organization:Đảng\"],"
    " \"alternatives\": {\"organization:Mặt trận Tổ quốc Việt Nam\":"
    "   [\"organization:Mặt trận Tổ quốc\", \"organization:MTTQ\"]},"
    " \"positions\": [[\"person:Lê Hồng Sơn\", \"Phó Chủ tịch UBND thành phố\"],"
    "   [\"person:Lê Hồng Sơn\", \"Trưởng đoàn\"]],"
    " \"boilerplate\": [\"Viết bình luận\", \"Mã xác nhận\"]}";

/* An entity with key k (positions optional). */
static tp_entity_t mk(const char *k, tp_entity_type_t t)
{
    tp_entity_t e;
    memset(&e, 0, sizeof e);
    e.key = k;
    e.type = t;
    return e;
}

static void test_fold(void **state)
{
    (void)state;
    /* Tone placement, case, NFD input and spacing fold away. */
    assert_string_equal(tp_eval_fold(arena, "Tỉnh ủy", strlen("Tỉnh ủy")),
                        tp_eval_fold(arena, "tỉnh uỷ", strlen("tỉnh uỷ")));
    assert_string_equal(tp_eval_fold(arena, "hòa  KHỎE", strlen("hòa  KHỎE")),
                        tp_eval_fold(arena, "hoà khoẻ", strlen("hoà khoẻ")));
    const char nfd[] = "Ho\xcc\x80" "a"; /* "Hòa" decomposed */
    assert_string_equal(tp_eval_fold(arena, nfd, strlen(nfd)),
                        tp_eval_fold(arena, "hòa", strlen("hòa")));
    /* Different tones stay different. */
    assert_string_not_equal(tp_eval_fold(arena, "hòa", strlen("hòa")),
                            tp_eval_fold(arena, "hóa", strlen("hóa")));
    assert_string_not_equal(tp_eval_fold(arena, "quý", strlen("quý")),
                            tp_eval_fold(arena, "quy", strlen("quy")));
}

static void test_parse(void **state)
{
    (void)state;
    tp_gold_t g;
    tp_error_t err;
    assert_int_equal(tp_gold_parse(arena, gold_json, strlen(gold_json), &g, &err), TP_OK);
    assert_string_equal(g.file, "a.txt");
    assert_int_equal(g.n_keys, 7);
    assert_int_equal(g.n_optional, 1);
    assert_int_equal(g.n_alternatives, 1);
    assert_int_equal(g.alternatives[0].n_alts, 2);
    assert_int_equal(g.n_positions, 2);
    assert_string_equal(g.positions[1].title, "Trưởng đoàn");
    assert_int_equal(g.n_boilerplate, 2);

    static const char *const bad[] = {
        "", "[]", "{\"file\": 3}", "{\"file\": \"../x\"}",
        "{\"file\": \"a\", \"keys\": [1]}",
        "{\"file\": \"a\", \"positions\": [[\"p\"]]}",
        "{\"file\": \"a\", \"alternatives\": []}",
        "{\"file\": \"a\", \"file\": \"b\"}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(tp_gold_parse(arena, bad[i], strlen(bad[i]), &g, &err),
                         TP_ERR_INPUT);
}

static void test_score(void **state)
{
    (void)state;
    tp_gold_t g;
    assert_int_equal(tp_gold_parse(arena, gold_json, strlen(gold_json), &g, NULL), TP_OK);

    tp_position_t pos[] = {{"Phó Chủ tịch UBND thành phố", NULL},
                           {"Bí thư", NULL}};
    tp_entity_t ents[8];
    size_t n = 0;
    ents[n] = mk("person:Lê Hồng Sơn", TP_ENT_PERSON);
    ents[n].positions = pos;
    ents[n++].n_positions = 2;
    ents[n++] = mk("organization:Thành uỷ Hà Nội", TP_ENT_ORGANIZATION); /* modern tone */
    ents[n++] = mk("organization:Mặt trận Tổ quốc", TP_ENT_ORGANIZATION); /* alternative */
    ents[n++] = mk("organization:MTTQ", TP_ENT_ORGANIZATION); /* second alternative: extra */
    ents[n++] = mk("organization:Đảng", TP_ENT_ORGANIZATION); /* optional */
    ents[n++] = mk("document:290-QĐ/TW", TP_ENT_DOCUMENT);
    ents[n++] = mk("date:2010-02-26", TP_ENT_DATE); /* wrong */
    ents[n++] = mk("congress:13", TP_ENT_CONGRESS);

    tp_article_t art;
    tp_article_init(&art);
    art.title = "Hội nghị  tổng kết";
    art.published_at = "2020-03-26T19:54:00+07:00";
    static const char *authors[] = {"Xuân Tiến"};
    art.authors = authors;
    art.n_authors = 1;
    art.body = "Nội dung. Viết bình luận";
    art.body_len = strlen(art.body);
    art.entities = ents;
    art.n_entities = n;

    tp_eval_article_t res;
    tp_eval_score(arena, &g, &art, &res);
    const tp_eval_totals_t *t = &res.totals;
    assert_int_equal(t->types[TP_ENT_PERSON].tp, 1);
    assert_int_equal(t->types[TP_ENT_ORGANIZATION].tp, 2);
    assert_int_equal(t->types[TP_ENT_ORGANIZATION].fp, 1);
    assert_int_equal(t->types[TP_ENT_ORGANIZATION].fn, 0);
    assert_int_equal(t->types[TP_ENT_DOCUMENT].tp, 1);
    assert_int_equal(t->types[TP_ENT_DATE].tp, 0);
    assert_int_equal(t->types[TP_ENT_DATE].fp, 1);
    assert_int_equal(t->types[TP_ENT_DATE].fn, 1);
    assert_int_equal(t->types[TP_ENT_QUANTITY].fn, 1);
    assert_int_equal(t->types[TP_ENT_CONGRESS].tp, 1);
    tp_eval_counts_t o = tp_eval_overall(t);
    assert_int_equal(o.tp, 5);
    assert_int_equal(o.fp, 2);
    assert_int_equal(o.fn, 2);
    assert_true(tp_eval_f1(&o) > 0.714 && tp_eval_f1(&o) < 0.715);
    assert_int_equal(t->positions.tp, 1);
    assert_int_equal(t->positions.fp, 1);
    assert_int_equal(t->positions.fn, 1);
    assert_int_equal(t->title_ok, 1);
    assert_int_equal(t->published_ok, 1);
    assert_int_equal(t->authors_ok, 1);
    assert_int_equal(t->boilerplate_n, 2);
    assert_int_equal(t->boilerplate_left, 1);

    /* The diffs name what went wrong. */
    int saw_miss = 0, saw_extra = 0;
    for (size_t i = 0; i < res.n_diffs; i++) {
        if (res.diffs[i].kind == TP_EVAL_MISS &&
            strcmp(res.diffs[i].what, "quantity:557:cuộc") == 0)
            saw_miss = 1;
        if (res.diffs[i].kind == TP_EVAL_EXTRA &&
            strcmp(res.diffs[i].what, "organization:MTTQ") == 0)
            saw_extra = 1;
    }
    assert_true(saw_miss && saw_extra);

    /* No article: everything missed, nothing agrees but absent fields. */
    tp_eval_score(arena, &g, NULL, &res);
    o = tp_eval_overall(&res.totals);
    assert_int_equal(o.tp, 0);
    assert_int_equal(o.fn, 7);
    assert_int_equal(res.totals.failed, 1);
    assert_int_equal(res.totals.positions.fn, 2);

    tp_eval_totals_t sum;
    memset(&sum, 0, sizeof sum);
    tp_eval_add(&sum, &res.totals);
    tp_eval_add(&sum, &res.totals);
    assert_int_equal(sum.articles, 2);
    assert_int_equal(tp_eval_overall(&sum).fn, 14);
}

static void test_ratios(void **state)
{
    (void)state;
    tp_eval_counts_t c = {0, 0, 0};
    assert_true(tp_eval_f1(&c) == 1.0);
    c = (tp_eval_counts_t){3, 1, 2};
    assert_true(tp_eval_precision(&c) == 0.75);
    assert_true(tp_eval_recall(&c) == 0.6);
}

/* Creates the arena the tests share. */
static int setup(void **state)
{
    (void)state;
    arena = tp_arena_new(1 << 16);
    return 0;
}

/* Releases the arena. */
static int teardown(void **state)
{
    (void)state;
    tp_arena_destroy(arena);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fold),
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_score),
        cmocka_unit_test(test_ratios),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

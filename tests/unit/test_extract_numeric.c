/*
 * test_extract_numeric.c — the numeric extraction modules (documents.c,
 * dates.c, terms.c, quantities.c) run on short bodies through a context
 * set up here, in the order tp_extract() runs them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "extract/extract_internal.h"
#include "extract/scan.h"

static tp_arena_t *arena;

/* Runs the four modules on body with the article date y-m-d (0: unknown). */
static tp_xctx_t *run(const char *body, int y, int m, int d)
{
    tp_arena_reset(arena);
    tp_xctx_t *x = tp_arena_alloc(arena, sizeof *x);
    x->arena = arena;
    x->body = body;
    x->len = strlen(body);
    x->year = y;
    x->month = m;
    x->day = d;
    tp__extract_documents(x);
    tp__extract_dates(x);
    tp__extract_terms(x);
    tp__extract_quantities(x);
    return x;
}

/* The entity with this key, or NULL. */
static tp_entity_t *ent(tp_xctx_t *x, const char *key)
{
    return tp__ent_find(x, key);
}

/* Number of live entities of type t. */
static size_t count(tp_xctx_t *x, tp_entity_type_t t)
{
    size_t n = 0;
    for (size_t i = 0; i < x->n_ents; i++)
        n += x->ents[i].key && x->ents[i].type == t;
    return n;
}

/* Asserts that key exists. */
#define HAS(x, key)                                                            \
    do {                                                                       \
        if (!ent(x, key))                                                      \
            fail_msg("missing %s", key);                                       \
    } while (0)
#define HAS_NOT(x, key)                                                        \
    do {                                                                       \
        if (ent(x, key))                                                       \
            fail_msg("unexpected %s", key);                                    \
    } while (0)

/* The text of mention m of e. */
static const char *mention(tp_xctx_t *x, tp_entity_t *e, size_t m)
{
    assert_true(m < e->n_mentions);
    return tp_arena_strndup(arena, x->body + e->mentions[m].start,
                            e->mentions[m].end - e->mentions[m].start);
}

static void test_party_symbols(void **state)
{
    (void)state;
    tp_xctx_t *x = run("Thực hiện Quyết định số 290-QĐ/TW ngày 25/2/2010 của Bộ "
                       "Chính trị (Khóa X) về “Quy chế công tác dân vận”; Kết "
                       "luận số 05-KL/TW, Chỉ thị số 16 -CT/TU, Quy định 11-QĐi/TW, "
                       "Chương trình hành động số 961-CTr/TU và Đề án 17-ĐA/TU.",
                       2020, 3, 26);
    tp_entity_t *e = ent(x, "document:290-QĐ/TW");
    assert_non_null(e);
    assert_string_equal(tp__ent_get_field(e, "doc_type"), "Quyết định");
    assert_string_equal(tp__ent_get_field(e, "issued_on"), "2010-02-25");
    assert_string_equal(tp__ent_get_field(e, "issuer"), "Bộ Chính trị");
    assert_string_equal(tp__ent_get_field(e, "title"), "Quy chế công tác dân vận");
    assert_string_equal(mention(x, e, 0), "Quyết định số 290-QĐ/TW");
    HAS(x, "document:5-KL/TW");
    HAS(x, "document:16-CT/TU");
    HAS(x, "document:11-QĐi/TW");
    e = ent(x, "document:961-CTr/TU");
    assert_non_null(e);
    assert_string_equal(tp__ent_get_field(e, "doc_type"), "Chương trình hành động");
    HAS(x, "document:17-ĐA/TU");
    assert_int_equal(count(x, TP_ENT_DOCUMENT), 6);
    /* The issue date is a date too, the symbol's numbers are not. */
    HAS(x, "date:2010-02-25");
    assert_int_equal(count(x, TP_ENT_QUANTITY), 0);
    HAS(x, "term:10");
}

static void test_state_symbols(void **state)
{
    (void)state;
    tp_xctx_t *x = run("Chỉ thị số 16/CT-TTg, Nghị định 30/2020/NĐ-CP, Thông tư số "
                       "05/2021/TT-BNV, Luật số 52/2014/QH13, Quyết định số "
                       "1234/QĐ-UBND; hoạt động 24/7 và 3/UBND không phải văn bản.",
                       2021, 1, 1);
    HAS(x, "document:16/CT-TTg");
    HAS(x, "document:30/2020/NĐ-CP");
    HAS(x, "document:5/2021/TT-BNV");
    HAS(x, "document:52/2014/QH13");
    HAS(x, "document:1234/QĐ-UBND");
    assert_int_equal(count(x, TP_ENT_DOCUMENT), 5);
    assert_int_equal(count(x, TP_ENT_DATE), 0);
}

static void test_bare_references(void **state)
{
    (void)state;
    /* By issuer, by the symbol cited elsewhere, else type code:number. */
    tp_xctx_t *x = run("Sau 10 năm thực hiện Quyết định số 290 của Bộ Chính trị, "
                       "Quyết định số 40 và Chỉ thị số 05 của Bộ Chính trị, Kết "
                       "luận số 114 ngày 14/7/2015 của Ban Bí thư, Nghị quyết số 17 "
                       "của Ban Thường vụ Tỉnh ủy, Chỉ thị 3 của Huyện ủy, Hướng dẫn "
                       "số 12 về mô hình. Trước đó đã có Quyết định số 40-QĐ/TU.",
                       2020, 7, 14);
    HAS(x, "document:290-QĐ/TW");
    HAS(x, "document:40-QĐ/TU");
    HAS(x, "document:5-CT/TW");
    tp_entity_t *e = ent(x, "document:114-KL/TW");
    assert_non_null(e);
    assert_string_equal(tp__ent_get_field(e, "issued_on"), "2015-07-14");
    HAS(x, "document:17-NQ/TU");
    HAS(x, "document:3-CT/HU");
    HAS(x, "document:HD:12");
    e = ent(x, "document:40-QĐ/TU");
    assert_int_equal(e->n_mentions, 2);
    assert_int_equal(count(x, TP_ENT_DOCUMENT), 7);
    HAS(x, "date:2015-07-14");
}

static void test_not_documents(void **state)
{
    (void)state;
    tp_xctx_t *x = run("Kế hoạch 5 năm của tỉnh, chương trình 3 tháng, các nghị "
                       "quyết, kết luận; năm 2021 có 04 nghị quyết và 35 văn bản.",
                       2021, 6, 1);
    assert_int_equal(count(x, TP_ENT_DOCUMENT), 0);
    HAS(x, "quantity:4:nghị");
    HAS(x, "quantity:35:văn");
}

/* A lower-case type word with a bare number is a verb or a common noun
 * ("quyết định 5 nội dung"); with a capital, "số" or a symbol it cites. */
static void test_type_word_as_verb(void **state)
{
    (void)state;
    tp_xctx_t *x = run("Ủy ban đã xem xét và quyết định 5 nội dung khác. "
                       "Theo Quyết định 12 của UBND tỉnh và quyết định số 40 "
                       "của Sở.",
                       2024, 6, 1);
    HAS(x, "quantity:5:nội");
    HAS(x, "document:QĐ:12");
    HAS(x, "document:QĐ:40");
    assert_null(ent(x, "document:QĐ:5"));
    assert_int_equal(count(x, TP_ENT_DOCUMENT), 2);
}

/* A congress mention that runs over a sentence keeps the counted numbers
 * far from its ordinal. */
static void test_counts_inside_congress_mention(void **state)
{
    (void)state;
    tp_xctx_t *x = run("Đại hội cũng bầu 15 đại biểu chính thức đi dự Đại hội "
                       "đại biểu Đảng bộ tỉnh lần thứ XX.",
                       2025, 6, 1);
    HAS(x, "quantity:15:đại");
    HAS(x, "congress:20");
    /* The congress mention is the later "Đại hội ... lần thứ XX" only. */
    tp_entity_t *e = ent(x, "congress:20");
    assert_non_null(e);
    assert_int_equal(e->n_mentions, 1);
    assert_string_equal(mention(x, e, 0), "Đại hội đại biểu Đảng bộ tỉnh lần thứ XX");
}

/* A capitalised group noun is counted; a capitalised name is not; "Đề án"
 * with a bare number is a document, "Chương trình" with one is not. */
static void test_group_units_and_projects(void **state)
{
    (void)state;
    tp_xctx_t *x = run("Toàn tỉnh có 52 Tổ công nghệ số cộng đồng; số 15 Lê Lợi; "
                       "triển khai Đề án 06 của Chính phủ và Chương trình 135.",
                       2025, 6, 1);
    HAS(x, "quantity:52:tổ");
    HAS_NOT(x, "quantity:15:lê");
    HAS(x, "document:ĐA:6");
    HAS_NOT(x, "document:CTr:135");
}

static void test_dates(void **state)
{
    (void)state;
    tp_xctx_t *x = run("Sáng 26/3, hội nghị xem lại ngày 5 tháng 11 năm 2010, "
                       "ngày 03/02/1930, tháng 7/2020, tháng 9 năm 2019, ngày "
                       "14.7.2020, 30-9-2020 và ISO 2020-03-01; không phải ngày: "
                       "31/2/2020, 19/19 xã, 19:54, năm 2021, 10 năm, 2/3 số hộ.",
                       2020, 3, 26);
    tp_entity_t *e = ent(x, "date:2020-03-26");
    assert_non_null(e);
    assert_string_equal(mention(x, e, 0), "26/3");
    HAS(x, "date:2010-11-05");
    HAS(x, "date:1930-02-03");
    HAS(x, "date:2020-07");
    HAS(x, "date:2019-09");
    HAS(x, "date:2020-07-14");
    HAS(x, "date:2020-09-30");
    HAS(x, "date:2020-03-01");
    assert_int_equal(count(x, TP_ENT_DATE), 8);
}

static void test_day_month_year(void **state)
{
    (void)state;
    /* A January article recalling "ngày 28/12" means the year before. */
    tp_xctx_t *x = run("Ngày 28/12, Thường trực họp; sáng 10/1 khai mạc; ngày 20/2 tới "
                       "tổng kết.",
                       2021, 1, 12);
    HAS(x, "date:2020-12-28");
    HAS(x, "date:2021-01-10");
    HAS(x, "date:2021-02-20");
    /* Unknown year and nothing to infer it from: left out. */
    x = run("Chiều 25/8, hội nghị họp.", 0, 0, 0);
    assert_int_equal(count(x, TP_ENT_DATE), 0);
    /* A bare day/month without a date word is not a date. */
    x = run("Đạt 3/4 chỉ tiêu.", 2020, 5, 5);
    assert_int_equal(count(x, TP_ENT_DATE), 0);
}

static void test_year_inference(void **state)
{
    (void)state;
    tp_xctx_t *x = run("Chiều 25/8, tỉnh tổng kết 10 năm thực hiện Nghị quyết "
                       "25-NQ/TW ngày 3/6/2013 của Ban Chấp hành Trung ương; sơ "
                       "kết 5 năm thực hiện Quyết định 657-QĐ/TU ngày 4/4/2018.",
                       0, 0, 0);
    HAS(x, "date:2023-08-25");
    HAS(x, "date:2013-06-03");
    HAS(x, "date:2018-04-04");
}

static void test_quantities(void **state)
{
    (void)state;
    tp_xctx_t *x = run("Toàn tỉnh có 19.340 mô hình, tổ chức 2.015 cuộc với "
                       "1.170.000 lượt người; 07 xã, 19/19 xã đạt 100%, tỷ lệ 95,5%; "
                       "ủng hộ 600 triệu đồng và 1,2 tỷ đồng; làm 2,5 km đường, "
                       "hơn 3 nghìn ngày công; 45.600 m2 đất.",
                       2021, 1, 1);
    HAS(x, "quantity:19340:mô");
    HAS(x, "quantity:2015:cuộc");
    HAS(x, "quantity:1170000:lượt");
    HAS(x, "quantity:7:xã");
    HAS(x, "quantity:19:xã");
    HAS(x, "quantity:100:%");
    HAS(x, "quantity:95.5:%");
    HAS(x, "quantity:600000000:đồng");
    HAS(x, "quantity:1200000000:đồng");
    HAS(x, "quantity:2.5:km");
    HAS(x, "quantity:3000:ngày");
    HAS(x, "quantity:45600:m2");
    assert_int_equal(count(x, TP_ENT_QUANTITY), 12);
    tp_entity_t *e = ent(x, "quantity:600000000:đồng");
    assert_string_equal(mention(x, e, 0), "600 triệu đồng");
    assert_string_equal(tp__ent_get_field(e, "value"), "600000000");
    assert_string_equal(tp__ent_get_field(e, "unit"), "đồng");
    e = ent(x, "quantity:7:xã");
    assert_int_equal(e->n_mentions, 1);
    assert_int_equal(ent(x, "quantity:19:xã")->n_mentions, 1);
}

static void test_not_quantities(void **state)
{
    (void)state;
    tp_xctx_t *x = run("Đoàn Kiểm tra số 3, lần thứ 2, 10 năm qua, 3 tháng, 30 ngày "
                       "đêm, lúc 19:54, 8h30, năm 2021, dịch Covid-19, Nghị quyết "
                       "Trung ương 7 khóa X, đường vành đai 2, tổ 5 và phần 4 Nghị "
                       "quyết số 17-NQ/TU ngày 5/8/2019; nhiệm kỳ 2020-2025, giai "
                       "đoạn 2021 - 2025, 2016-2020 Hà Nội.",
                       2021, 1, 1);
    assert_int_equal(count(x, TP_ENT_QUANTITY), 0);
}

static void test_congress(void **state)
{
    (void)state;
    tp_xctx_t *x = run("Tiến tới Đại hội đại biểu toàn quốc lần thứ XIII của Đảng; "
                       "Đại hội XIX của Đảng bộ tỉnh; Nghị quyết Đại hội Đảng bộ "
                       "huyện lần thứ XXIV; Đại hội Đoàn lần thứ 12; đại hội đảng "
                       "các cấp.",
                       2020, 1, 1);
    tp_entity_t *e = ent(x, "congress:13");
    assert_non_null(e);
    assert_string_equal(tp__ent_get_field(e, "scope"), "national");
    e = ent(x, "congress:19");
    assert_non_null(e);
    assert_string_equal(tp__ent_get_field(e, "scope"), "province");
    e = ent(x, "congress:24");
    assert_non_null(e);
    assert_string_equal(tp__ent_get_field(e, "scope"), "district");
    e = ent(x, "congress:12");
    assert_non_null(e);
    assert_string_equal(tp__ent_get_field(e, "scope"), "other");
    assert_int_equal(count(x, TP_ENT_CONGRESS), 4);
    assert_int_equal(count(x, TP_ENT_QUANTITY), 0);
}

static void test_terms_tenures_periods(void **state)
{
    (void)state;
    tp_xctx_t *x = run("Bộ Chính trị (Khóa X); BCH Trung ương Đảng khoá XI; đại biểu "
                       "Quốc hội khóa XV; Quốc hội khóa 14; khóa học 3 tháng; nhiệm "
                       "kỳ 2020 - 2025, nhiệm kỳ 2021–2026, nhiệm kỳ 2021- 2026; "
                       "giai đoạn 2021-2025, giai đoạn 2016 – 2020; nhiệm kỳ "
                       "2025-2020 và giai đoạn 2021-2090 không hợp lệ.",
                       2021, 1, 1);
    tp_entity_t *e = ent(x, "term:10");
    assert_non_null(e);
    assert_string_equal(tp__ent_get_field(e, "body"), "Bộ Chính trị");
    HAS(x, "term:11");
    e = ent(x, "term:15");
    assert_non_null(e);
    assert_string_equal(tp__ent_get_field(e, "body"), "Quốc hội");
    HAS(x, "term:14");
    assert_int_equal(count(x, TP_ENT_TERM), 4);
    HAS(x, "tenure:2020-2025");
    e = ent(x, "tenure:2021-2026");
    assert_non_null(e);
    assert_int_equal(e->n_mentions, 2);
    HAS(x, "period:2021-2025");
    HAS(x, "period:2016-2020");
    assert_int_equal(count(x, TP_ENT_TENURE), 2);
    assert_int_equal(count(x, TP_ENT_PERIOD), 2);
}

static void test_listed_references(void **state)
{
    (void)state;
    /* A list shares the type word and the issuer named after its last. */
    tp_xctx_t *x = run("Quán triệt Quyết định số 217 và 218 của Bộ Chính trị; Quy "
                       "định 08-QĐi/TW, 09-QĐi/TW về nêu gương; Chỉ thị số 12, 14 "
                       "của Tỉnh ủy; năm 2020 và 15 xã.",
                       2020, 1, 1);
    tp_entity_t *e = ent(x, "document:217-QĐ/TW");
    assert_non_null(e);
    e = ent(x, "document:218-QĐ/TW");
    assert_non_null(e);
    assert_string_equal(tp__ent_get_field(e, "doc_type"), "Quyết định");
    assert_string_equal(mention(x, e, 0), "218");
    HAS(x, "document:8-QĐi/TW");
    e = ent(x, "document:9-QĐi/TW");
    assert_non_null(e);
    assert_string_equal(tp__ent_get_field(e, "doc_type"), "Quy định");
    HAS(x, "document:12-CT/TU");
    HAS(x, "document:14-CT/TU");
    assert_int_equal(count(x, TP_ENT_DOCUMENT), 6);
    HAS(x, "quantity:15:xã");
}

static void test_dash_dates(void **state)
{
    (void)state;
    tp_xctx_t *x = run("Ngày 26-3, chiều 2.4 và sáng 5/4 họp; từ 3-5 ngày, đạt "
                       "3.5 điểm; ngày 26-3-2019.",
                       2020, 4, 6);
    HAS(x, "date:2020-03-26");
    HAS(x, "date:2020-04-02");
    HAS(x, "date:2020-04-05");
    HAS(x, "date:2019-03-26");
    assert_int_equal(count(x, TP_ENT_DATE), 4);
    x = run("nhiệm kỳ (2020 - 2025)", 2020, 1, 1);
    HAS(x, "tenure:2020-2025");
}

static void test_scan_helpers(void **state)
{
    (void)state;
    tp__num_t n;
    const char *s = "1.170.000 2,5 07 12.8 1,271";
    assert_int_equal(tp__scan_number(s, strlen(s), 0, &n), 0);
    assert_int_equal(n.mant, 1170000);
    assert_int_equal(n.frac, 0);
    assert_int_equal(tp__scan_number(s, strlen(s), 10, &n), 0);
    assert_int_equal(n.mant, 25);
    assert_int_equal(n.frac, 1);
    char buf[48];
    assert_int_equal(tp__num_format(12, 1, 9, buf, sizeof buf), 0);
    assert_string_equal(buf, "1200000000");
    assert_int_equal(tp__num_format(2050, 3, 0, buf, sizeof buf), 0);
    assert_string_equal(buf, "2.05");
    assert_int_equal(tp__num_format(INT64_MAX / 10, 0, 9, buf, sizeof buf), -1);
    size_t e;
    const char *r = "XIII XXIV IIII VX XL";
    assert_int_equal(tp__scan_roman(r, strlen(r), 0, &e), 13);
    assert_int_equal(tp__scan_roman(r, strlen(r), 5, &e), 24);
    assert_int_equal(tp__scan_roman(r, strlen(r), 10, &e), 0);
    assert_int_equal(tp__scan_roman(r, strlen(r), 15, &e), 0);
    assert_int_equal(tp__scan_roman(r, strlen(r), 18, &e), 40);
    assert_true(tp__valid_date(2020, 2, 29));
    assert_false(tp__valid_date(2019, 2, 29));
    assert_false(tp__valid_date(2019, 13, 1));
}

/* Label words that end a compound ("kỷ luật", "thu hồi", "dứt điểm",
 * "hằng tháng") and amounts written like money are not labels. */
static void test_label_compounds(void **state)
{
    (void)state;
    tp_xctx_t *x = run("Thi hành kỷ luật 41 đảng viên, kiến nghị thu hồi 2,35 tỷ "
                       "đồng, giải quyết dứt điểm 421 ý kiến, cấp 2.340 chữ ký số, "
                       "mức hỗ trợ hằng tháng 1,5 triệu đồng, tổng số 412 tổ chức; "
                       "trong tháng 15 hộ thoát nghèo.",
                       2022, 11, 24);
    HAS(x, "quantity:41:đảng");
    HAS(x, "quantity:2350000000:đồng");
    HAS(x, "quantity:421:ý");
    HAS(x, "quantity:2340:chữ");
    HAS(x, "quantity:1500000:đồng");
    HAS(x, "quantity:412:tổ");
    HAS(x, "quantity:15:hộ");
    assert_int_equal(count(x, TP_ENT_QUANTITY), 7);
    /* Still labels: ordinals in range, clock minutes, programme names. */
    x = run("Điểm 3 Điều 5 Luật 30, học sinh lớp 9 trường cấp 3, tháng 3 có mưa, "
            "lúc 8 giờ 30 sáng, Chương trình 135 hỗ trợ, Đề án 06 triển khai, "
            "Chương trình 30a.",
            2022, 1, 1);
    assert_int_equal(count(x, TP_ENT_QUANTITY), 0);
    /* "Đề án 06" is a cited document; the programmes are not. */
    assert_int_equal(count(x, TP_ENT_DOCUMENT), 1);
    HAS(x, "document:ĐA:6");
}

/* Money and measures: glued units, currency spellings, stacked scales,
 * ranges whose ends share the scale and unit. */
static void test_money_ranges(void **state)
{
    (void)state;
    tp_xctx_t *x = run("Giá 500.000đ, 300.000 VNĐ, 5 triệu USD, 1,2 nghìn tỷ đồng; "
                       "từ 3 đến 5 triệu đồng, 7-9 ha, 10 – 15%; gần 2.000 hộ, "
                       "trên 95% và tăng 12,5% so với; hàng trăm hộ, 30a, 5G.",
                       2022, 1, 1);
    HAS(x, "quantity:500000:đồng");
    HAS(x, "quantity:300000:đồng");
    HAS(x, "quantity:5000000:usd");
    HAS(x, "quantity:1200000000000:đồng");
    HAS(x, "quantity:3000000:đồng");
    HAS(x, "quantity:5000000:đồng");
    HAS(x, "quantity:7:ha");
    HAS(x, "quantity:9:ha");
    HAS(x, "quantity:10:%");
    HAS(x, "quantity:15:%");
    HAS(x, "quantity:2000:hộ");
    HAS(x, "quantity:95:%");
    HAS(x, "quantity:12.5:%");
    assert_int_equal(count(x, TP_ENT_QUANTITY), 13);
    tp_entity_t *e = ent(x, "quantity:3000000:đồng");
    assert_string_equal(mention(x, e, 0), "3");
    /* Not ranges: a duration, a falling pair (only its second number
     * counts), a phone-like run. */
    x = run("từ 3-5 ngày, từ 9 đến 4 xã, số 0912-345-678 máy.", 2022, 1, 1);
    HAS(x, "quantity:4:xã");
    assert_int_equal(count(x, TP_ENT_QUANTITY), 1);
}

/* Days listed before the month they share. */
static void test_shared_month(void **state)
{
    (void)state;
    tp_xctx_t *x = run("Trong 2 ngày 7 và 8/8, đại hội họp; ngày 11, 12/8 tập huấn; "
                       "từ ngày 14 đến 16/8 kiểm tra; ngày 20-21/8 tổng kết; ngày 5, "
                       "6 và 7 tháng 9 năm 2024 hội thảo; sáng 1 và 2/10/2023.",
                       2025, 8, 12);
    HAS(x, "date:2025-08-07");
    HAS(x, "date:2025-08-08");
    HAS(x, "date:2025-08-11");
    HAS(x, "date:2025-08-12");
    HAS(x, "date:2025-08-14");
    HAS(x, "date:2025-08-16");
    HAS(x, "date:2025-08-20");
    HAS(x, "date:2025-08-21");
    HAS(x, "date:2024-09-05");
    HAS(x, "date:2024-09-06");
    HAS(x, "date:2024-09-07");
    HAS(x, "date:2023-10-01");
    HAS(x, "date:2023-10-02");
    assert_int_equal(count(x, TP_ENT_DATE), 13);
    assert_string_equal(mention(x, ent(x, "date:2025-08-07"), 0), "7");
    assert_int_equal(count(x, TP_ENT_QUANTITY), 0);
    /* No day word, falling days, no month: not dates. */
    x = run("Có 7 và 8/8 hộ; ngày 9 và 3/8; ngày 7 và 8 đoàn.", 2025, 8, 12);
    assert_int_equal(count(x, TP_ENT_DATE), 0);
}

/* A number cited alone resolves to the symbol of the same type word and
 * number; issuers of state symbols in both forms. */
static void test_resolution_issuers(void **state)
{
    (void)state;
    tp_xctx_t *x = run("Quy định số 69-QĐ/TW ngày 6/7/2022 của Bộ Chính trị; quán "
                       "triệt Quy định 69 và Quyết định 69; Công văn số 215/SNV-VP, "
                       "Công văn 88/UBND-KT, Chỉ thị 16/CT-TTg, Nghị định "
                       "30/2020/NĐ-CP, Quyết định số 1234/QĐ-UBND, Luật số "
                       "52/2014/QH13, Nghị quyết số 1686/NQ-UBTVQH15.",
                       2022, 11, 24);
    tp_entity_t *e = ent(x, "document:69-QĐ/TW");
    assert_non_null(e);
    assert_int_equal(e->n_mentions, 2);
    HAS_NOT(x, "document:QĐi:69");
    HAS(x, "document:QĐ:69"); /* a Quyết định is another document */
    static const char *const iss[][2] = {
        {"document:215/SNV-VP", "SNV"},   {"document:88/UBND-KT", "UBND"},
        {"document:16/CT-TTg", "TTg"},    {"document:30/2020/NĐ-CP", "CP"},
        {"document:1234/QĐ-UBND", "UBND"}, {"document:52/2014/QH13", "QH13"},
        {"document:1686/NQ-UBTVQH15", "UBTVQH15"},
    };
    for (size_t k = 0; k < sizeof iss / sizeof iss[0]; k++) {
        e = ent(x, iss[k][0]);
        if (!e)
            fail_msg("missing %s", iss[k][0]);
        assert_string_equal(tp__ent_get_field(e, "issuer"), iss[k][1]);
    }
    /* The issuer named with a bare number must agree with the symbol's. */
    x = run("Chỉ thị số 05-CT/TU của Tỉnh ủy; Chỉ thị số 05 của Bộ Chính trị.",
            2022, 1, 1);
    HAS(x, "document:5-CT/TU");
    HAS(x, "document:5-CT/TW");
}

/* Bodies cut at every length must not read past their end. */
static void test_truncated_bodies(void **state)
{
    (void)state;
    const char *src = "Quyết định số 290-QĐ/TW ngày 25/2/2010 của Bộ Chính trị; "
                      "Đại hội lần thứ XIII; khóa XV; nhiệm kỳ 2020 - 2025; "
                      "1.170.000 lượt; 2,5 km; 600 triệu đồng; Chỉ thị số 16/CT-TTg";
    size_t n = strlen(src);
    for (size_t k = 0; k <= n; k++) {
        char *body = tp_arena_strndup(arena, src, k);
        char *copy = strdup(body);
        run(copy, 2020, 1, 1);
        free(copy);
    }
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
        cmocka_unit_test(test_party_symbols),
        cmocka_unit_test(test_state_symbols),
        cmocka_unit_test(test_bare_references),
        cmocka_unit_test(test_not_documents),
        cmocka_unit_test(test_listed_references),
        cmocka_unit_test(test_type_word_as_verb),
        cmocka_unit_test(test_counts_inside_congress_mention),
        cmocka_unit_test(test_group_units_and_projects),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_day_month_year),
        cmocka_unit_test(test_dash_dates),
        cmocka_unit_test(test_year_inference),
        cmocka_unit_test(test_quantities),
        cmocka_unit_test(test_not_quantities),
        cmocka_unit_test(test_congress),
        cmocka_unit_test(test_terms_tenures_periods),
        cmocka_unit_test(test_label_compounds),
        cmocka_unit_test(test_money_ranges),
        cmocka_unit_test(test_shared_month),
        cmocka_unit_test(test_resolution_issuers),
        cmocka_unit_test(test_scan_helpers),
        cmocka_unit_test(test_truncated_bodies),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

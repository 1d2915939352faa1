/*
 * test_extract_entities.c — persons, organizations and places on short
 * written sentences, one rule per test: honorifics and titles before and
 * after names, later mentions, lists; abbreviations expanded, level words
 * and places kept, nested names, generic plurals skipped; places with and
 * without level words, ambiguity resolved by context, names inside person
 * names rejected. Also the vn.c helpers the modules stand on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "extract/vn.h"
#include "tp/extractor.h"

static tp_extractor_t *ex;
static tp_arena_t *arena;

/* Extracts from body (with an optional published date). */
static tp_article_t run(const char *body, const char *published)
{
    tp_article_t art;
    tp_article_init(&art);
    tp_arena_reset(arena);
    art.body = tp_arena_strdup(arena, body);
    art.body_len = strlen(body);
    art.published_at = published;
    tp_error_t err;
    assert_int_equal(tp_extract(ex, arena, &art, &err), TP_OK);
    return art;
}

/* Returns the entity with key, or NULL. */
static const tp_entity_t *find(const tp_article_t *a, const char *key)
{
    for (size_t i = 0; i < a->n_entities; i++)
        if (strcmp(a->entities[i].key, key) == 0)
            return &a->entities[i];
    return NULL;
}

/* Number of entities of type t. */
static size_t count(const tp_article_t *a, tp_entity_type_t t)
{
    size_t n = 0;
    for (size_t i = 0; i < a->n_entities; i++)
        n += a->entities[i].type == t;
    return n;
}

/* Value of field name of the entity with key. */
static const char *field(const tp_article_t *a, const char *key,
                         const char *name)
{
    const tp_entity_t *e = find(a, key);
    assert_non_null(e);
    for (size_t i = 0; i < e->n_fields; i++)
        if (strcmp(e->fields[i].name, name) == 0)
            return e->fields[i].value;
    return NULL;
}

/* True when the person with key holds title (with org key or NULL). */
static int has_pos(const tp_article_t *a, const char *key, const char *title,
                   const char *org)
{
    const tp_entity_t *e = find(a, key);
    if (!e)
        return 0;
    for (size_t i = 0; i < e->n_positions; i++)
        if (strcmp(e->positions[i].title, title) == 0)
            return org ? e->positions[i].organization &&
                             strcmp(e->positions[i].organization, org) == 0
                       : 1;
    return 0;
}

static int setup(void **state)
{
    (void)state;
    char err[256];
    ex = tp_extractor_new(NULL, err, sizeof err);
    if (!ex) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    arena = tp_arena_new(0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tp_extractor_destroy(ex);
    tp_arena_destroy(arena);
    return 0;
}

static void test_vn_helpers(void **state)
{
    (void)state;
    char buf[64];
    const char *s = "Ủy Ban ĐẦM Hà";
    tp_vn_fold_into(s, strlen(s), buf);
    buf[strlen(s)] = '\0';
    assert_string_equal(buf, "ủy ban đầm hà");
    const char *raw = "nguyễn VĂN an";
    char *c = tp_vn_capitalize(arena, raw, strlen(raw));
    assert_string_equal(c, "Nguyễn Văn An");
    assert_int_equal(tp_vn_case_shape("UBND", 4), TP_VN_UPPER);
    assert_int_equal(tp_vn_case_shape("Đầm", strlen("Đầm")), TP_VN_CAP);
    assert_int_equal(tp_vn_case_shape("dân", strlen("dân")), TP_VN_LOWER);
    const char *t = "Ông A, bà B.";
    size_t n;
    tp_vn_tok_t *toks = tp_vn_tokenize(arena, t, strlen(t), &n);
    assert_int_equal(n, 6); /* Ông A , bà B . */
    assert_int_equal(toks[2].word, 0);
    assert_true(tp_vn_is_boundary(t, strlen(t), 0));
    assert_false(tp_vn_is_boundary(t, strlen(t), 2)); /* Ô|ng */
    /* Malformed UTF-8 decodes one byte at a time. */
    int32_t cp;
    assert_int_equal(tp_vn_decode("\xC3", 1, 0, &cp), 1);
    assert_int_equal(cp, 0xFFFD);
}

static void test_person_title_before_name(void **state)
{
    (void)state;
    tp_article_t a = run("Phát biểu tại hội nghị, Bí thư Tỉnh ủy Nguyễn "
                         "Văn Bình nhấn mạnh vai trò của Mặt trận.",
                         NULL);
    assert_true(has_pos(&a, "person:Nguyễn Văn Bình", "Bí thư Tỉnh ủy",
                        "organization:Tỉnh ủy"));
    assert_non_null(find(&a, "organization:Tỉnh ủy"));
}

static void test_person_titles_after_name(void **state)
{
    (void)state;
    tp_article_t a = run(
        "Đoàn do đồng chí Trần Minh Khoa – Phó trưởng Ban Tuyên giáo "
        "Huyện ủy, Chủ tịch HĐND huyện làm trưởng đoàn. Đồng chí Khoa "
        "đề nghị các xã tiếp tục.",
        NULL);
    const char *k = "person:Trần Minh Khoa";
    assert_true(has_pos(&a, k, "Phó trưởng Ban Tuyên giáo Huyện ủy",
                        "organization:Ban Tuyên giáo Huyện ủy"));
    assert_true(has_pos(&a, k, "Chủ tịch HĐND huyện",
                        "organization:Hội đồng nhân dân huyện"));
    assert_true(has_pos(&a, k, "trưởng đoàn", NULL));
    /* "Đồng chí Khoa" is the same person: two mentions, one entity. */
    assert_int_equal(find(&a, k)->n_mentions, 2);
    assert_int_equal(count(&a, TP_ENT_PERSON), 1);
}

static void test_person_title_goes_to_next_name(void **state)
{
    (void)state;
    tp_article_t a = run("Dự có Bí thư Tỉnh ủy Lê Văn An, Chủ tịch UBND "
                         "tỉnh Phạm Thị Hoa.",
                         NULL);
    assert_true(has_pos(&a, "person:Phạm Thị Hoa", "Chủ tịch UBND tỉnh",
                        "organization:Ủy ban nhân dân tỉnh"));
    assert_false(has_pos(&a, "person:Lê Văn An", "Chủ tịch UBND tỉnh", NULL));
}

static void test_person_list(void **state)
{
    (void)state;
    tp_article_t a = run("Tham dự có các đồng chí: Hoàng Văn Tám, Đỗ Thị "
                         "Lan và Bùi Quang Huy.",
                         NULL);
    assert_non_null(find(&a, "person:Hoàng Văn Tám"));
    assert_non_null(find(&a, "person:Đỗ Thị Lan"));
    assert_non_null(find(&a, "person:Bùi Quang Huy"));
}

static void test_person_not_a_place_or_word(void **state)
{
    (void)state;
    /* Capitalised words that are no name give no person. */
    tp_article_t a = run("Công Tác Dân Vận được chú trọng ở Hà Nội.", NULL);
    assert_int_equal(count(&a, TP_ENT_PERSON), 0);
}

static void test_org_abbreviations_and_places(void **state)
{
    (void)state;
    tp_article_t a = run("UBND huyện Thường Tín phối hợp với MTTQ và "
                         "HĐND tỉnh Bắc Giang.",
                         NULL);
    assert_non_null(find(&a, "organization:Ủy ban nhân dân huyện Thường Tín"));
    assert_non_null(find(&a, "organization:Mặt trận Tổ quốc Việt Nam"));
    assert_non_null(find(&a, "organization:Hội đồng nhân dân tỉnh Bắc Giang"));
    assert_non_null(find(&a, "location:Thường Tín"));
    assert_non_null(find(&a, "location:Bắc Giang"));
}

static void test_org_nested_outermost(void **state)
{
    (void)state;
    tp_article_t a = run("Ban Thường vụ Thành ủy Hà Nội và Đoàn Kiểm tra số "
                         "2 Tỉnh ủy làm việc với Đảng ủy xã Cẩm Lộc.",
                         NULL);
    assert_non_null(find(&a, "organization:Ban Thường vụ Thành ủy Hà Nội"));
    assert_non_null(find(&a, "organization:Đoàn Kiểm tra số 2 Tỉnh ủy"));
    assert_non_null(find(&a, "organization:Đảng ủy xã Cẩm Lộc"));
    assert_null(find(&a, "organization:Thành ủy Hà Nội"));
    assert_non_null(find(&a, "location:Hà Nội"));
}

static void test_org_generic_plurals(void **state)
{
    (void)state;
    tp_article_t a = run("Các cấp ủy, UBND các cấp và các sở, ngành cùng "
                         "các Ban Dân vận đã vào cuộc.",
                         NULL);
    assert_int_equal(count(&a, TP_ENT_ORGANIZATION), 0);
}

static void test_org_department_fields(void **state)
{
    (void)state;
    tp_article_t a = run("Sở Nội vụ, Phòng Giáo dục và Đào tạo huyện và Bộ "
                         "Chính trị đã chỉ đạo; Ban dân vận tỉnh ủy họp.",
                         NULL);
    assert_non_null(find(&a, "organization:Sở Nội vụ"));
    assert_non_null(find(&a, "organization:Phòng Giáo dục và Đào tạo huyện"));
    assert_non_null(find(&a, "organization:Bộ Chính trị"));
}

/* Names outside the lists: a head, capitalised words, a lower-case field
 * closed by a level word; a field left open by a verb is not taken in. */
static void test_org_open_names(void **state)
{
    (void)state;
    tp_article_t a = run("Cục Quản lý thị trường tỉnh phối hợp với Ban Chỉ "
                         "đạo các chương trình mục tiêu quốc gia huyện. Hội "
                         "Doanh nhân trẻ đã làm việc với xã.",
                         NULL);
    assert_non_null(find(&a, "organization:Cục Quản lý thị trường tỉnh"));
    assert_non_null(find(&a, "organization:Ban Chỉ đạo các chương trình "
                             "mục tiêu quốc gia huyện"));
    assert_non_null(find(&a, "organization:Hội Doanh nhân"));
    assert_null(find(&a, "organization:Hội Doanh nhân trẻ đã làm việc với xã"));
}

/* A title's head word starts the body ("Chánh Văn phòng ..."), an
 * abbreviation in parentheses sits before the level, titles joined by
 * "được bầu giữ chức" go to every name of the list. */
static void test_org_title_heads_and_elections(void **state)
{
    (void)state;
    tp_article_t a = run(
        "Chánh Văn phòng Điều phối nông thôn mới tỉnh Lê Văn Hà dự. Liên "
        "đoàn Lao động (LĐLĐ) tỉnh họp; Chủ tịch LĐLĐ tỉnh Lò Văn Pấng phát "
        "biểu. Các đồng chí Trần Văn Nam, Chủ tịch UBND phường và Phạm Thị "
        "Lan Anh được bầu giữ chức Phó Bí thư Đảng ủy phường.",
        "2025-08-01T08:00:00+07:00");
    assert_true(has_pos(&a, "person:Lê Văn Hà",
                        "Chánh Văn phòng Điều phối nông thôn mới tỉnh",
                        "organization:Văn phòng Điều phối nông thôn mới tỉnh"));
    assert_non_null(find(&a, "organization:Liên đoàn Lao động tỉnh"));
    assert_true(has_pos(&a, "person:Lò Văn Pấng", "Chủ tịch LĐLĐ tỉnh",
                        "organization:Liên đoàn Lao động tỉnh"));
    assert_true(has_pos(&a, "person:Trần Văn Nam", "Chủ tịch UBND phường",
                        "organization:Ủy ban nhân dân phường"));
    assert_true(has_pos(&a, "person:Trần Văn Nam", "Phó Bí thư Đảng ủy phường", NULL));
    assert_true(has_pos(&a, "person:Phạm Thị Lan Anh", "Phó Bí thư Đảng ủy phường",
                        NULL));
}

/* Rare family names after a title and body; a village after "Già làng"
 * is a person; a foreign country bare. */
static void test_person_rare_names_and_countries(void **state)
{
    (void)state;
    tp_article_t a = run("Phó Chủ tịch UBND tỉnh Hoàng Văn Thụ và Già làng "
                         "Hờ A Dế ở bản Pá Khoang phối hợp với nước bạn Lào.",
                         NULL);
    assert_non_null(find(&a, "person:Hờ A Dế"));
    assert_null(find(&a, "location:Hờ A Dế"));
    assert_non_null(find(&a, "location:Pá Khoang"));
    assert_string_equal(field(&a, "location:Lào", "level"), "quoc_gia");
    tp_article_t b = run("Pháp luật được thực thi; chị Nga cho biết.", NULL);
    assert_int_equal(count(&b, TP_ENT_LOCATION), 0);
}

static void test_places_level_words_and_lists(void **state)
{
    (void)state;
    tp_article_t a = run("Đoàn đến xã Tân Bình, huyện Đầm Hà và các phường "
                         "Hồng Hải, Hồng Hà của thành phố Hạ Long.",
                         "2020-07-14T10:00:00+07:00");
    assert_string_equal(field(&a, "location:Tân Bình", "level"), "xa");
    assert_string_equal(field(&a, "location:Đầm Hà", "level"), "huyen");
    assert_string_equal(field(&a, "location:Đầm Hà", "code"), "200");
    assert_string_equal(field(&a, "location:Hồng Hải", "level"), "phuong");
    assert_string_equal(field(&a, "location:Hồng Hà", "level"), "phuong");
    assert_non_null(find(&a, "location:Hạ Long"));
}

static void test_places_bare_and_context(void **state)
{
    (void)state;
    tp_article_t a = run("Tại Hà Tĩnh, mô hình được nhân rộng; xã Cẩm Lộc "
                         "(Cẩm Xuyên) là điển hình.",
                         NULL);
    /* The province, not the city of the same name inside it. */
    assert_string_equal(field(&a, "location:Hà Tĩnh", "level"), "tinh");
    assert_string_equal(field(&a, "location:Cẩm Xuyên", "level"), "huyen");
    /* Cẩm Lộc of Cẩm Xuyên district (Hà Tĩnh), code 18730. */
    assert_string_equal(field(&a, "location:Cẩm Lộc", "code"), "18730");
}

static void test_places_not_inside_names(void **state)
{
    (void)state;
    /* "Kim Sơn", "Thanh Hà" are districts but here parts of names. */
    tp_article_t a = run("Ông Nguyễn Kim Sơn và bà Lê Thanh Hà phát biểu.",
                         NULL);
    assert_null(find(&a, "location:Kim Sơn"));
    assert_null(find(&a, "location:Thanh Hà"));
    assert_non_null(find(&a, "person:Nguyễn Kim Sơn"));
    assert_non_null(find(&a, "person:Lê Thanh Hà"));
    /* Lower-case common words are never places. */
    a = run("Xây dựng nông thôn mới, bình minh trên quê hương.", NULL);
    assert_int_equal(count(&a, TP_ENT_LOCATION), 0);
}

/* Units below province level carry their province (name and code) from
 * the gazetteer, of the era the unit was resolved in; provinces and
 * countries do not. */
static void test_places_province_field(void **state)
{
    (void)state;
    tp_article_t a = run("Đoàn đến xã Tân Bình, huyện Đầm Hà và thành phố Hạ "
                         "Long.",
                         "2020-07-14T10:00:00+07:00");
    assert_string_equal(field(&a, "location:Đầm Hà", "province"), "Quảng Ninh");
    assert_string_equal(field(&a, "location:Đầm Hà", "province_code"), "22");
    assert_string_equal(field(&a, "location:Tân Bình", "province_code"), "22");
    a = run("Tại Hà Tĩnh, xã Cẩm Lộc (Cẩm Xuyên) là điển hình.", NULL);
    assert_string_equal(field(&a, "location:Cẩm Lộc", "province"), "Hà Tĩnh");
    assert_string_equal(field(&a, "location:Cẩm Lộc", "province_code"), "42");
    assert_null(field(&a, "location:Hà Tĩnh", "province"));
    /* After the 2025 reform: a new ward, its new province. */
    a = run("Đoàn đến phường Hà Tu, tỉnh Quảng Ninh.", "2025-08-15T10:00:00+07:00");
    assert_string_equal(field(&a, "location:Hà Tu", "code"), "06652");
    assert_string_equal(field(&a, "location:Hà Tu", "province_code"), "22");
    a = run("Đoàn công tác sang nước bạn Lào.", NULL);
    assert_null(field(&a, "location:Lào", "province"));
    /* Hải Tiến is a commune of Quảng Ninh (before 2025) and of Ninh
     * Bình (after): in an article on Thanh Hóa it is neither, so it gets
     * no unit of another province; named with its province, it does. */
    a = run("Tại xã Hải Tiến, huyện Hoằng Hóa, tỉnh Thanh Hóa, lễ hội khai mạc.",
            "2024-06-18T10:00:00+07:00");
    assert_string_equal(field(&a, "location:Hải Tiến", "level"), "xa");
    assert_null(field(&a, "location:Hải Tiến", "code"));
    assert_null(field(&a, "location:Hải Tiến", "province"));
    a = run("Tại xã Hải Tiến, tỉnh Quảng Ninh, lễ hội khai mạc.",
            "2024-06-18T10:00:00+07:00");
    assert_string_equal(field(&a, "location:Hải Tiến", "code"), "06733");
    a = run("Tại xã Hải Tiến, lễ hội khai mạc.", "2024-06-18T10:00:00+07:00");
    assert_string_equal(field(&a, "location:Hải Tiến", "province"), "Quảng Ninh");
    /* The old Lịch Hội Thượng (Sóc Trăng) and the new one (Cần Thơ)
     * are one commune across the 2025 merger: no ambiguity there. */
    a = run("Đoàn của tỉnh Thanh Hóa đến xã Lịch Hội Thượng.",
            "2024-06-18T10:00:00+07:00");
    assert_string_equal(field(&a, "location:Lịch Hội Thượng", "province"), "Sóc Trăng");
}

/* Photo credits and bylines named after a district are not places. */
static void test_places_not_bylines(void **state)
{
    (void)state;
    tp_article_t a = run("Tỉnh Ninh Bình tổ chức hội nghị.\nQuang cảnh hội "
                         "nghị. Ảnh: Kim Sơn\nYên Mô (Trung tâm Văn hóa tỉnh)",
                         "2024-10-18T10:00:00+07:00");
    assert_non_null(find(&a, "location:Ninh Bình"));
    assert_null(find(&a, "location:Kim Sơn"));
    assert_null(find(&a, "location:Yên Mô"));
    a = run("Đoàn về huyện Kim Sơn, tỉnh Ninh Bình.", NULL);
    assert_non_null(find(&a, "location:Kim Sơn"));
}

/* ent5: National Assembly committees, "Công ty CP", long department
 * fields, a central department of a mass organization, a sentence-start
 * delegation, bodies glued inside a document symbol. */
static void test_org_ent5_long_names(void **state)
{
    (void)state;
    tp_article_t a = run("Ủy ban Văn hóa, Giáo dục của Quốc hội, Ủy ban Quốc phòng "
                         "và An ninh của Quốc hội và Công ty CP Supe Phốt phát và "
                         "Hóa chất Lâm Thao dự họp.\nĐoàn kiểm tra làm việc tại xã.\n"
                         "Bà Hoa, Trưởng Ban Tổ chức Trung ương Hội LHPN Việt Nam, "
                         "và Phòng Cảnh sát điều tra tội phạm về ma túy Công an tỉnh "
                         "thực hiện Kế hoạch số 52/KH-MTTQ-BTT.",
                         NULL);
    assert_non_null(find(&a, "organization:Ủy ban Văn hóa, Giáo dục của Quốc hội"));
    assert_non_null(find(&a, "organization:Ủy ban Quốc phòng và An ninh của Quốc hội"));
    assert_non_null(
        find(&a, "organization:Công ty cổ phần Supe Phốt phát và Hóa chất Lâm Thao"));
    assert_null(find(&a, "organization:Đoàn Kiểm tra"));
    assert_non_null(
        find(&a, "organization:Ban Tổ chức Trung ương Hội Liên hiệp Phụ nữ Việt Nam"));
    assert_null(find(&a, "organization:Ban Tổ chức Trung ương"));
    assert_non_null(find(&a, "organization:Phòng Cảnh sát điều tra tội phạm về ma túy "
                             "Công an tỉnh"));
    assert_null(find(&a, "organization:Mặt trận Tổ quốc Việt Nam"));
    assert_non_null(find(&a, "document:52/KH-MTTQ-BTT"));
}

/* Abbreviated fields with "&", comma lists of fields, "Phòng, chống",
 * units named by a number, youth union committees, schools with their
 * number, firms with their form, the committee of another body. */
static void test_org_fields_abbreviations_and_lists(void **state)
{
    (void)state;
    tp_article_t a = run("Sở GD&ĐT, Sở LĐ-TB&XH và Bộ TN&MT cùng Ủy ban Văn "
                         "hóa, Giáo dục và Thanh niên làm việc với Quân khu 4.",
                         NULL);
    assert_non_null(find(&a, "organization:Sở Giáo dục và Đào tạo"));
    assert_non_null(find(&a, "organization:Sở Lao động - Thương binh và Xã hội"));
    assert_non_null(find(&a, "organization:Bộ Tài nguyên và Môi trường"));
    assert_non_null(find(&a, "organization:Ủy ban Văn hóa, Giáo dục và Thanh niên"));
    assert_non_null(find(&a, "organization:Quân khu 4"));
    assert_null(find(&a, "organization:Sở GD"));
    assert_null(find(&a, "organization:Ủy ban Văn hóa"));
    /* A comma between two bodies is no list of fields. */
    a = run("Sở Nội vụ, Sở Tài chính và Sở Y tế dự họp.", NULL);
    assert_non_null(find(&a, "organization:Sở Nội vụ"));
    assert_non_null(find(&a, "organization:Sở Tài chính"));
    assert_non_null(find(&a, "organization:Sở Y tế"));
    a = run("Chi cục Phòng, chống tệ nạn xã hội và Cục Bảo vệ thực vật phối "
            "hợp với Huyện đoàn Can Lộc, Trường THCS Nghi Xuân 2 và Công ty "
            "cổ phần Xây dựng Minh Phát.",
            NULL);
    assert_non_null(find(&a, "organization:Cục Bảo vệ thực vật"));
    assert_non_null(find(&a, "organization:Huyện đoàn Can Lộc"));
    assert_non_null(find(&a, "organization:Trường Trung học cơ sở Nghi Xuân 2"));
    assert_non_null(find(&a, "organization:Công ty cổ phần Xây dựng Minh Phát"));
    a = run("Khiển trách Đảng ủy Sở Xây dựng tỉnh Hà Tĩnh; Ban Chỉ huy Phòng, "
            "chống thiên tai và Tìm kiếm cứu nạn tỉnh họp.",
            NULL);
    assert_non_null(find(&a, "organization:Đảng ủy Sở Xây dựng tỉnh Hà Tĩnh"));
    assert_non_null(find(
        &a, "organization:Ban Chỉ huy Phòng, chống thiên tai và Tìm kiếm cứu nạn tỉnh"));
}

/* Titles before a name in a chain, "nguyên", an elected or appointed
 * title with its electing body, foreign names after a title. */
static void test_person_chains_former_and_foreign(void **state)
{
    (void)state;
    tp_article_t a = run("Ủy viên Ban Thường vụ Tỉnh ủy, Phó Chủ tịch UBND "
                         "tỉnh Trần Minh Đức dự. Bà Lê Thị Hoa, Ủy viên Ban "
                         "Thường vụ, Trưởng ban Tổ chức Tỉnh ủy và ông Phạm "
                         "Văn Nam, nguyên Chủ tịch UBND huyện cùng dự.",
                         NULL);
    const tp_entity_t *p = find(&a, "person:Trần Minh Đức");
    assert_non_null(p);
    assert_int_equal(p->n_positions, 2);
    p = find(&a, "person:Lê Thị Hoa");
    assert_non_null(p);
    assert_int_equal(p->n_positions, 2);
    assert_string_equal(p->positions[0].title, "Ủy viên Ban Thường vụ");
    p = find(&a, "person:Phạm Văn Nam");
    assert_non_null(p);
    assert_string_equal(p->positions[0].title, "nguyên Chủ tịch UBND huyện");
    a = run("Đồng chí Hà Văn Sơn được HĐND tỉnh bầu giữ chức Chủ tịch UBND "
            "tỉnh; đồng chí Vũ Thị Lan được chỉ định giữ chức Bí thư Đảng ủy "
            "xã.",
            NULL);
    p = find(&a, "person:Hà Văn Sơn");
    assert_non_null(p);
    assert_int_equal(p->n_positions, 1);
    assert_string_equal(p->positions[0].title, "Chủ tịch UBND tỉnh");
    p = find(&a, "person:Vũ Thị Lan");
    assert_non_null(p);
    assert_int_equal(p->n_positions, 1);
    a = run("Thủ tướng Campuchia Hun Ma-nét và Đại sứ Hàn Quốc tại Việt Nam "
            "Choi Young-sam tới ASEAN.",
            NULL);
    assert_non_null(find(&a, "person:Choi Young-Sam"));
    assert_non_null(find(&a, "organization:ASEAN"));
    /* A plain Vietnamese name after a bare title is not taken as foreign. */
    a = run("Thủ tướng Lào Cai là tỉnh biên giới.", NULL);
    assert_int_equal(count(&a, TP_ENT_PERSON), 0);
}

/* Ede and Jarai names with an apostrophe, titles after an honorific and
 * around a qualifier, and long names of bodies (error classes of the
 * unseen set). */
static void test_minority_names_and_long_bodies(void **state)
{
    (void)state;
    tp_article_t a = run("Bà H'Lina Niê, Chủ tịch UBND xã và bà Ksor H’Bơ Khăp "
                         "dự. Đồng chí Tổng Bí thư, Chủ tịch nước Tô Lâm phát "
                         "biểu. Phó Trưởng Đoàn chuyên trách Đoàn ĐBQH tỉnh Rơ "
                         "Mah Tuân và ông Hoàng Văn Sơn được giao chức danh Chủ "
                         "tịch Hội CCB huyện.",
                         NULL);
    assert_true(has_pos(&a, "person:H'Lina Niê", "Chủ tịch UBND xã", NULL));
    assert_non_null(find(&a, "person:Ksor H’Bơ Khăp"));
    assert_null(find(&a, "person:Ksor H"));
    assert_null(find(&a, "person:Tổng Bí"));
    assert_true(has_pos(&a, "person:Tô Lâm", "Tổng Bí thư", NULL));
    assert_true(has_pos(&a, "person:Rơ Mah Tuân",
                        "Phó Trưởng Đoàn chuyên trách Đoàn ĐBQH tỉnh", NULL));
    assert_true(has_pos(&a, "person:Hoàng Văn Sơn", "Chủ tịch Hội CCB huyện", NULL));
    a = run("Ban Quản lý rừng phòng hộ Nam Hải Lăng, Hội đồng bồi thường, hỗ "
            "trợ và tái định cư huyện, Trung tâm VH-TT&TT huyện và Ủy ban Kiểm "
            "tra (UBKT) Tỉnh ủy họp. Giám đốc HTX Thành Công Lê Văn Hùng dự.",
            NULL);
    assert_non_null(find(&a, "organization:Ban Quản lý rừng phòng hộ Nam Hải Lăng"));
    assert_non_null(
        find(&a, "organization:Hội đồng bồi thường, hỗ trợ và tái định cư huyện"));
    assert_non_null(
        find(&a, "organization:Trung tâm Văn hóa - Thể thao và Truyền thông huyện"));
    assert_non_null(find(&a, "organization:Ủy ban Kiểm tra Tỉnh ủy"));
    assert_null(find(&a, "organization:Ủy ban Kiểm tra tỉnh"));
    assert_non_null(find(&a, "organization:Hợp tác xã Thành Công"));
    assert_non_null(find(&a, "person:Lê Văn Hùng"));
    /* Lower-case words with no proper name or level after them are no
     * part of the name; a lower-case title keeps a bare commune generic. */
    a = run("Ban Quản lý rừng phòng hộ đã họp; chủ tịch MTTQ xã phải báo cáo. "
            "Đảng bộ phường tổ chức Đại hội. Ban Thường vụ Đảng ủy xã Tân Mỹ và "
            "Ban Thường vụ Đảng ủy cùng dự.",
            NULL);
    assert_non_null(find(&a, "organization:Ban Quản lý"));
    assert_null(find(&a, "organization:Mặt trận Tổ quốc Việt Nam xã"));
    assert_non_null(find(&a, "organization:Đảng bộ phường"));
    assert_null(find(&a, "organization:Ban Thường vụ Đảng ủy"));
    assert_non_null(find(&a, "organization:Ban Thường vụ Đảng ủy xã Tân Mỹ"));
}

static void test_versions_and_empty(void **state)
{
    (void)state;
    tp_article_t a = run("", NULL);
    assert_int_equal(a.n_entities, 0);
    assert_string_equal(a.extractor_version, TP_EXTRACTOR_VERSION);
    assert_string_equal(a.gazetteer_version, tp_gazetteer_version());
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vn_helpers),
        cmocka_unit_test(test_person_title_before_name),
        cmocka_unit_test(test_person_titles_after_name),
        cmocka_unit_test(test_person_title_goes_to_next_name),
        cmocka_unit_test(test_person_list),
        cmocka_unit_test(test_person_not_a_place_or_word),
        cmocka_unit_test(test_org_abbreviations_and_places),
        cmocka_unit_test(test_org_nested_outermost),
        cmocka_unit_test(test_org_generic_plurals),
        cmocka_unit_test(test_org_department_fields),
        cmocka_unit_test(test_org_open_names),
        cmocka_unit_test(test_org_title_heads_and_elections),
        cmocka_unit_test(test_person_rare_names_and_countries),
        cmocka_unit_test(test_places_level_words_and_lists),
        cmocka_unit_test(test_places_bare_and_context),
        cmocka_unit_test(test_places_not_inside_names),
        cmocka_unit_test(test_places_province_field),
        cmocka_unit_test(test_places_not_bylines),
        cmocka_unit_test(test_org_fields_abbreviations_and_lists),
        cmocka_unit_test(test_org_ent5_long_names),
        cmocka_unit_test(test_person_chains_former_and_foreign),
        cmocka_unit_test(test_minority_names_and_long_bodies),
        cmocka_unit_test(test_versions_and_empty),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

/*
 * test_event.c — the contract's encoder and decoder: an article survives
 * encode -> decode unchanged, the JSON has the contract's shape, and every
 * malformed event is rejected with class and reason.
 */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tp/arena.h"
#include "tp/event.h"

static const char body[] = "HNP - Sáng 26/3, đồng chí Lê Hồng Sơn làm việc "
                           "với Huyện ủy Thường Tín.\nĐoạn hai.";

/* Builds an article with one of everything, in the arena. */
static void make_article(tp_arena_t *a, tp_article_t *art)
{
    tp_article_init(art);
    strcpy(art->article_id, "0123456789abcdef0123456789abcdef");
    art->url = "https://example.vn/a/1";
    art->site = "example.vn";
    art->topic = "articles.raw";
    art->partition = 3;
    art->offset = 41;
    art->title = "Kiểm tra \"dân vận\" tại Thường Tín";
    art->published_at = "2020-03-26T19:54:00+07:00";
    static const char *authors[] = {"Xuân Tiến"};
    art->authors = authors;
    art->n_authors = 1;
    art->agency = "HNP";
    art->lead = "Sáng 26/3";
    art->body = body;
    art->body_len = strlen(body);
    art->paragraphs = tp_arena_alloc(a, 2 * sizeof(tp_span_t));
    art->paragraphs[0] = (tp_span_t){0, (uint32_t)(strchr(body, '\n') - body)};
    art->paragraphs[1] = (tp_span_t){art->paragraphs[0].end + 1,
                                     (uint32_t)art->body_len};
    art->n_paragraphs = 2;
    art->view_count = 169;
    art->removed = tp_arena_alloc(a, sizeof(tp_removed_t));
    art->removed[0] = (tp_removed_t){"comment_form", "Viết bình luận"};
    art->n_removed = 1;
    strcpy(art->content_hash, "00000000deadbeef");
    strcpy(art->simhash, "0123456789abcdef");
    art->normalizer_version = "1.0.0";
    art->extractor_version = "1.0.0";
    art->gazetteer_version = "2025-07";
    art->entities = tp_arena_alloc(a, 2 * sizeof(tp_entity_t));
    tp_entity_t *p = &art->entities[0];
    p->type = TP_ENT_PERSON;
    p->key = "person:Lê Hồng Sơn";
    p->name = "Lê Hồng Sơn";
    p->positions = tp_arena_alloc(a, sizeof(tp_position_t));
    p->positions[0] = (tp_position_t){"Phó Chủ tịch UBND thành phố",
                                      "organization:Ủy ban nhân dân thành phố"};
    p->n_positions = 1;
    const char *s = strstr(body, "Lê Hồng Sơn");
    p->mentions = tp_arena_alloc(a, sizeof(tp_span_t));
    p->mentions[0] = (tp_span_t){(uint32_t)(s - body),
                                 (uint32_t)(s - body + strlen("Lê Hồng Sơn"))};
    p->n_mentions = 1;
    tp_entity_t *q = &art->entities[1];
    q->type = TP_ENT_QUANTITY;
    q->key = "quantity:557:cuộc";
    q->name = "557 cuộc";
    q->fields = tp_arena_alloc(a, 2 * sizeof(tp_field_t));
    q->fields[0] = (tp_field_t){"value", "557", 1};
    q->fields[1] = (tp_field_t){"unit", "cuộc", 0};
    q->n_fields = 2;
    art->n_entities = 2;
}

/* Encoding then decoding gives the same article. */
static void test_round_trip(void **state)
{
    (void)state;
    tp_arena_t *a = tp_arena_new(0);
    tp_article_t in, out;
    make_article(a, &in);
    size_t len = 0;
    char *json = tp_event_encode(a, &in, &len);
    assert_non_null(json);
    assert_int_equal(len, strlen(json));
    tp_error_t err;
    assert_int_equal(tp_event_decode(a, json, len, &out, &err), TP_OK);
    assert_string_equal(out.article_id, in.article_id);
    assert_string_equal(out.url, in.url);
    assert_string_equal(out.topic, "articles.raw");
    assert_int_equal(out.partition, 3);
    assert_int_equal(out.offset, 41);
    assert_string_equal(out.title, in.title);
    assert_string_equal(out.published_at, in.published_at);
    assert_int_equal(out.n_authors, 1);
    assert_string_equal(out.authors[0], "Xuân Tiến");
    assert_int_equal(out.body_len, in.body_len);
    assert_memory_equal(out.body, in.body, in.body_len);
    assert_int_equal(out.n_paragraphs, 2);
    assert_int_equal(out.paragraphs[1].end, in.body_len);
    assert_int_equal(out.view_count, 169);
    assert_int_equal(out.n_removed, 1);
    assert_string_equal(out.removed[0].kind, "comment_form");
    assert_string_equal(out.content_hash, in.content_hash);
    assert_string_equal(out.gazetteer_version, "2025-07");
    assert_int_equal(out.n_entities, 2);
    assert_int_equal(out.entities[0].type, TP_ENT_PERSON);
    assert_string_equal(out.entities[0].key, "person:Lê Hồng Sơn");
    assert_int_equal(out.entities[0].n_positions, 1);
    assert_string_equal(out.entities[0].positions[0].organization,
                        "organization:Ủy ban nhân dân thành phố");
    assert_int_equal(out.entities[0].mentions[0].start,
                     in.entities[0].mentions[0].start);
    /* The mention really points at the name in the decoded body. */
    assert_memory_equal(out.body + out.entities[0].mentions[0].start,
                        "Lê Hồng Sơn", strlen("Lê Hồng Sơn"));
    assert_int_equal(out.entities[1].n_fields, 2);
    assert_string_equal(out.entities[1].fields[0].name, "value");
    assert_string_equal(out.entities[1].fields[0].value, "557");
    assert_true(out.entities[1].fields[0].is_number);
    /* Encoding the decoded article gives the same bytes. */
    size_t len2 = 0;
    char *json2 = tp_event_encode(a, &out, &len2);
    assert_string_equal(json, json2);
    tp_arena_destroy(a);
}

/* The JSON has the contract's fields, in its order, raw UTF-8, nulls. */
static void test_shape(void **state)
{
    (void)state;
    tp_arena_t *a = tp_arena_new(0);
    tp_article_t in;
    make_article(a, &in);
    in.topic = NULL; /* read from a file */
    in.agency = NULL;
    in.view_count = -1;
    char *json = tp_event_encode(a, &in, NULL);
    assert_non_null(strstr(json, "{\"schema\":\"tinpipe.article/1\","
                                 "\"article_id\":\"0123456789abcdef0123456789abcdef\","
                                 "\"source\":{\"url\":\"https://example.vn/a/1\","
                                 "\"site\":\"example.vn\",\"topic\":null,"
                                 "\"partition\":null,\"offset\":null"));
    assert_non_null(strstr(json, "\"agency\":null"));
    assert_non_null(strstr(json, "\"view_count\":null"));
    assert_non_null(strstr(json, "Lê Hồng Sơn")); /* not \u-escaped */
    assert_non_null(strstr(json, "\\\"dân vận\\\""));
    assert_non_null(strstr(json, "\"value\":557,\"unit\":\"cuộc\""));
    assert_non_null(strstr(json, "\"positions\":[{\"title\":"));
    assert_null(strchr(json, '\n'));
    json_t *o = json_loads(json, 0, NULL);
    assert_non_null(o);
    const char *order[] = {"schema", "article_id", "source", "title",
                           "published_at", "authors", "agency", "lead",
                           "body", "paragraphs", "captions", "tags",
                           "view_count", "removed", "content_hash", "simhash",
                           "versions", "entities"};
    for (size_t i = 0; i < sizeof order / sizeof *order; i++)
        assert_non_null(json_object_get(o, order[i]));
    json_decref(o);
    tp_arena_destroy(a);
}

/* Strings are escaped exactly as jansson's json_dumps writes them (the
 * encoder writes JSON itself), NUL and a byte that is not UTF-8 become
 * U+FFFD,
 * and number fields keep the extractor's digits. */
static void test_escapes(void **state)
{
    (void)state;
    tp_arena_t *a = tp_arena_new(0);
    char text[64 + 40];
    size_t n = 0;
    for (int c = 1; c < 0x20; c++)
        text[n++] = (char)c;
    const char tail[] = "\"\\/\x7f é ệ 𝄞 end";
    memcpy(text + n, tail, sizeof tail - 1);
    n += sizeof tail - 1;
    tp_article_t in;
    make_article(a, &in);
    in.body = text;
    in.body_len = n;
    in.n_paragraphs = 0;
    in.n_entities = 0;
    char *json = tp_event_encode(a, &in, NULL);

    json_t *s = json_stringn(text, n);
    char *want = json_dumps(s, JSON_ENCODE_ANY);
    assert_non_null(want);
    assert_non_null(strstr(json, want));
    free(want);
    json_decref(s);

    json_error_t jerr;
    json_t *o = json_loads(json, JSON_ALLOW_NUL, &jerr);
    assert_non_null(o);
    json_t *b = json_object_get(o, "body");
    assert_int_equal(json_string_length(b), n);
    assert_memory_equal(json_string_value(b), text, n);
    json_decref(o);

    in.body = "a\xff" "b\xe1\xbb";
    in.body_len = strlen(in.body) + 1; /* and its NUL */
    json = tp_event_encode(a, &in, NULL);
    assert_non_null(strstr(json, "\"body\":\"a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\""));
    o = json_loads(json, 0, &jerr);
    assert_non_null(o);
    json_decref(o);

    make_article(a, &in);
    tp_entity_t *q = &in.entities[1];
    q->fields[0] = (tp_field_t){"value", "1.12", 1};
    json = tp_event_encode(a, &in, NULL);
    assert_non_null(strstr(json, "\"value\":1.12,"));
    q->fields[0] = (tp_field_t){"value", "+5", 1};
    json = tp_event_encode(a, &in, NULL);
    assert_non_null(strstr(json, "\"value\":5,"));
    q->fields[0] = (tp_field_t){"value", ".5", 1};
    json = tp_event_encode(a, &in, NULL);
    assert_non_null(strstr(json, "\"value\":0.5,"));
    q->fields[0] = (tp_field_t){"value", "12 tỷ", 1};
    json = tp_event_encode(a, &in, NULL);
    assert_non_null(strstr(json, "\"value\":\"12 tỷ\","));
    /* A field named twice keeps its first place and its last value. */
    q->fields[1] = (tp_field_t){"value", "7", 1};
    json = tp_event_encode(a, &in, NULL);
    assert_non_null(strstr(json, "\"name\":\"557 cuộc\",\"value\":7,\"mentions\""));
    tp_arena_destroy(a);
}

/* A body known to be clean (body_clean, as the normalizer makes it) is
 * written by the fast path with the same bytes as the full check; a
 * decoded body is clean unless it holds a control character. */
static void test_clean_body(void **state)
{
    (void)state;
    tp_arena_t *a = tp_arena_new(0);
    tp_article_t in, out;
    make_article(a, &in);
    in.body = "Trích \"dẫn\" và \\ gạch chéo\nĐoạn hai, 12345678 ký tự "
              "ASCII dài hơn tám byte\n\n\"\"";
    in.body_len = strlen(in.body);
    in.n_paragraphs = 0;
    in.n_entities = 0;
    in.body_clean = 0;
    char *slow = tp_event_encode(a, &in, NULL);
    in.body_clean = 1;
    char *fast = tp_event_encode(a, &in, NULL);
    assert_string_equal(fast, slow);
    tp_error_t err;
    assert_int_equal(tp_event_decode(a, fast, strlen(fast), &out, &err), TP_OK);
    assert_true(out.body_clean);
    in.body = "tab\there";
    in.body_len = strlen(in.body);
    in.body_clean = 0;
    char *tab = tp_event_encode(a, &in, NULL);
    assert_int_equal(tp_event_decode(a, tab, strlen(tab), &out, &err), TP_OK);
    assert_false(out.body_clean);
    in.body = "C1 \xc2\x85 control";
    in.body_len = strlen(in.body);
    char *c1 = tp_event_encode(a, &in, NULL);
    assert_int_equal(tp_event_decode(a, c1, strlen(c1), &out, &err), TP_OK);
    assert_false(out.body_clean);
    tp_arena_destroy(a);
}

/* Decodes text and expects an input error of class cls whose reason
 * contains want. */
static void expect_reject(const char *text, const char *cls, const char *want)
{
    tp_arena_t *a = tp_arena_new(0);
    tp_article_t out;
    tp_error_t err;
    tp_error_clear(&err);
    assert_int_equal(tp_event_decode(a, text, strlen(text), &out, &err),
                     TP_ERR_INPUT);
    assert_string_equal(err.cls, cls);
    if (!strstr(err.msg, want))
        fail_msg("reason \"%s\" lacks \"%s\"", err.msg, want);
    tp_arena_destroy(a);
}

static void test_rejects(void **state)
{
    (void)state;
    const char *id = "\"article_id\":\"0123456789abcdef0123456789abcdef\"";
    char buf[1024];
    expect_reject("{not json", "json", "invalid JSON at line 1");
    expect_reject("[1,2]", "schema", "an event is a JSON object");
    expect_reject("{\"schema\":\"x\"}", "schema",
                  "field \"schema\": expected \"tinpipe.article/1\", got \"x\"");
    expect_reject("{\"schema\":\"tinpipe.article/1\",\"body\":\"x\"}", "schema",
                  "field \"article_id\": missing");
    snprintf(buf, sizeof buf, "{\"schema\":\"tinpipe.article/1\",%s}", id);
    expect_reject(buf, "schema", "field \"body\": expected a string");
    snprintf(buf, sizeof buf,
             "{\"schema\":\"tinpipe.article/1\",%s,\"body\":\"abc\","
             "\"title\":5}", id);
    expect_reject(buf, "schema", "field \"title\": expected a string");
    snprintf(buf, sizeof buf,
             "{\"schema\":\"tinpipe.article/1\",%s,\"body\":\"abc\","
             "\"paragraphs\":[[0,9]]}", id);
    expect_reject(buf, "schema", "field \"paragraphs\": span outside the body");
    snprintf(buf, sizeof buf,
             "{\"schema\":\"tinpipe.article/1\",%s,\"body\":\"abc\","
             "\"entities\":[{\"type\":\"person\",\"key\":\"person:A\","
             "\"mentions\":[{\"start\":2,\"end\":1}]}]}", id);
    expect_reject(buf, "schema", "field \"mentions\": span outside the body");
    snprintf(buf, sizeof buf,
             "{\"schema\":\"tinpipe.article/1\",%s,\"body\":\"abc\","
             "\"entities\":[{\"type\":\"alien\",\"key\":\"alien:A\"}]}", id);
    expect_reject(buf, "schema", "unknown entity type");
    snprintf(buf, sizeof buf,
             "{\"schema\":\"tinpipe.article/1\",\"article_id\":\"XYZ\","
             "\"body\":\"abc\"}");
    expect_reject(buf, "schema", "field \"article_id\": expected a hex digest");
    expect_reject("{\"schema\":\"tinpipe.article/1\",\"schema\":\"x\"}", "json",
                  "duplicate object key");
}

/* The error line of `tinpipe process` carries class, reason and source. */
static void test_error_line(void **state)
{
    (void)state;
    tp_arena_t *a = tp_arena_new(0);
    tp_error_t err;
    tp_error_set(&err, TP_ERR_INPUT, "utf8", "invalid UTF-8 at byte %d", 7);
    tp_raw_article_t raw = {.topic = "articles.raw", .partition = 2,
                            .offset = 9};
    char *line = tp_event_encode_error(a, &raw, "x.txt", &err);
    assert_string_equal(line,
                        "{\"schema\":\"tinpipe.article/1\",\"error\":{\"class\":"
                        "\"utf8\",\"reason\":\"invalid UTF-8 at byte 7\"},"
                        "\"source\":{\"file\":\"x.txt\",\"topic\":"
                        "\"articles.raw\",\"partition\":2,\"offset\":9}}");
    tp_arena_destroy(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_shape),
        cmocka_unit_test(test_escapes),
        cmocka_unit_test(test_clean_body),
        cmocka_unit_test(test_rejects),
        cmocka_unit_test(test_error_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

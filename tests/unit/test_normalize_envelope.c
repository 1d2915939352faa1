/*
 * test_normalize_envelope.c — envelope.c, the normalizer's jansson-free
 * reading of the common JSON envelope, against jansson's reading (the
 * reference, tests/fuzz/envelope_ref.h): what it accepts gives jansson's
 * fields byte for byte (escapes, surrogate pairs, UTF-8, null and other
 * scalar fields, whitespace); what it declines (duplicates, nested
 * values, non-string fields, \u0000, lone surrogates, invalid UTF-8, odd
 * whitespace, trailing bytes, overflowing numbers, syntax errors) goes to
 * jansson, whose results and error messages tp_normalize() still gives.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "../fuzz/envelope_ref.h"
#include "test_normalize_util.h"

static tp_arena_t *arena;
static tp_normalizer_t *nz;

/* Runs the fast path on s; 1 when it accepts, and then checks its fields
 * against jansson's. */
static int accepts(const char *s, size_t n, tp__envelope_t *env)
{
    if (!tp__envelope_parse(arena, s, n, env))
        return 0;
    envref_t r = envref_read(s, n);
    int same = envref_same(&r, env);
    json_decref(r.root);
    assert_true(same);
    return 1;
}

/* Envelopes the fast path reads, each the same as jansson. */
static void test_accepted(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "{\"url\": \"https://example.vn/a/1\", \"site\": \"example.vn\", "
        "\"fetched_at\": \"2025-10-01T08:00:00+07:00\", \"published_at\": "
        "\"2025-09-30\", \"title\": \"Tiêu đề\", \"text\": \"Dòng một\\nhai\"}",
        /* every short escape */
        "{\"text\": \"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t end\"}",
        /* \u escapes in both cases: 1, 2 and 3 UTF-8 bytes */
        "{\"title\": \"\\u0054i\\u00EAu \\u0111\\u1ec1\", \"text\": \"x\"}",
        /* surrogate pairs, upper and lower case, and the highest one */
        "{\"text\": \"\\uD83D\\uDE00 \\ud83c\\udf89 \\uDBFF\\uDFFF\"}",
        /* raw UTF-8 of 2, 3 and 4 bytes, U+FFFF and U+10FFFF */
        "{\"text\": \"\xC3\xA9 \xE1\xBB\x87 \xF0\x9F\x98\x80 \xEF\xBF\xBF "
        "\xF4\x8F\xBF\xBF\"}",
        /* wanted fields null, other fields of every scalar type */
        "{\"url\": null, \"title\": null, \"text\": \"x\", \"id\": 12345, "
        "\"neg\": -0, \"r\": -0.5e-3, \"e\": 1E+99, \"big\": "
        "123456789012345678, \"f\": 3.14159265358979323846264338327950, "
        "\"t\": true, \"ff\": false, \"n\": null, \"s\": \"\\u00e9\"}",
        /* JSON's four whitespace bytes everywhere */
        " \t\r\n{ \"text\" \t:\r\n\"x\" ,\n\"html\"\t:\"\" }\r\n\t ",
        /* empty html falls to text; empty text is still content */
        "{\"html\": \"\", \"text\": \"\"}",
        /* an escaped key is the same key */
        "{\"u\\u0072l\": \"https://a.vn/\", \"\\u0074ext\": \"x\"}",
        /* other keys may repeat (jansson keeps the last; nobody reads it) */
        "{\"k\": 1, \"k\": \"two\", \"html\": \"<p>a</p>\", \"k\": null}",
        /* keys that only look like wanted ones */
        "{\"URL\": 5, \"url \": true, \"tex\": null, \"text\": \"x\"}",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        tp__envelope_t env;
        assert_true(accepts(cases[i], strlen(cases[i]), &env));
        tp_arena_reset(arena);
    }

    /* a few values spelled out, not only compared */
    tp__envelope_t env;
    const char *s = "{\"title\": \"\\u0111\\uD83D\\uDE00\\/\", "
                    "\"text\": \"a\\tb\"}";
    assert_true(accepts(s, strlen(s), &env));
    assert_string_equal(env.title, "\xC4\x91\xF0\x9F\x98\x80/");
    assert_string_equal(env.text, "a\tb");
    assert_int_equal(env.text_len, 3);
    assert_null(env.url);
    assert_null(env.html);
    tp_arena_reset(arena);
}

/* Input the fast path declines, and what tp_normalize() (jansson) gives
 * for it: an error class and message, or an article whose body is body. */
static void test_declined(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        const char *cls, *msg; /* error expected; msg a part of it */
        const char *body;      /* else the body expected */
    } cases[] = {
        /* valid JSON jansson reads its own way */
        {"{\"text\": \"Một bài báo.\", \"text\": \"Hai bài báo.\"}", NULL,
         NULL, "Hai bài báo."},
        {"{\"text\": \"Một bài báo.\", \"meta\": {\"a\": [1, {}]}}", NULL,
         NULL, "Một bài báo."},
        {"{\"n\": 1234567890123456789, \"text\": \"Một bài báo.\"}", NULL,
         NULL, "Một bài báo."},
        {"{\"n\": 1e100, \"text\": \"Một bài báo.\"}", NULL, NULL,
         "Một bài báo."},
        /* fields of another type */
        {"{\"title\": 5, \"text\": \"Một bài báo.\"}", "schema",
         "envelope field \"title\" is not a string", NULL},
        {"{\"url\": true, \"text\": \"Một bài báo.\"}", "schema",
         "envelope field \"url\" is not a string", NULL},
        {"{\"html\": false, \"url\": 1.5, \"text\": \"x\"}", "schema",
         "envelope field \"url\" is not a string", NULL},
        {"{\"text\": [\"Một bài báo.\"]}", "schema",
         "envelope field \"text\" is not a string", NULL},
        /* no content */
        {"{}", "schema", "envelope has neither \"text\" nor \"html\"", NULL},
        {"{\"url\": \"x\", \"html\": \"\"}", "schema",
         "envelope has neither \"text\" nor \"html\"", NULL},
        {"{\"text\": null}", "schema",
         "envelope has neither \"text\" nor \"html\"", NULL},
        {"[\"text\"]", "schema", "envelope is not a json object", NULL},
        /* strings jansson refuses */
        {"{\"text\": \"a\\u0000b\"}", "json", "\\u0000 is not allowed", NULL},
        {"{\"text\": \"a\\uD800b\"}", "json", "invalid Unicode '\\uD800'",
         NULL},
        {"{\"text\": \"a\\uDE00\\uD83Db\"}", "json",
         "invalid Unicode '\\uDE00'", NULL},
        {"{\"text\": \"a\\uD83D\\u0041\"}", "json",
         "invalid Unicode '\\uD83D\\u0041'", NULL},
        {"{\"text\": \"a\\u00G0\"}", "json", "invalid escape", NULL},
        {"{\"text\": \"a\\x\"}", "json", "invalid escape", NULL},
        {"{\"text\": \"a\tb\"}", "json", "control character 0x9", NULL},
        {"{\"text\": \"a\nb\"}", "json", "unexpected newline", NULL},
        /* invalid UTF-8: cut, overlong, surrogate, above U+10FFFF, and
         * outside a string */
        {"{\"text\": \"\xC3\x28\"}", "json", "unable to decode byte 0xc3",
         NULL},
        {"{\"text\": \"\xC0\x80\"}", "json", "unable to decode byte 0xc0",
         NULL},
        {"{\"text\": \"\xED\xA0\x80\"}", "json", "unable to decode byte 0xed",
         NULL},
        {"{\"text\": \"\xF4\x90\x80\x80\"}", "json",
         "unable to decode byte 0xf4", NULL},
        {"{\"text\": \"x\"}\xFF", "json", "unable to decode byte 0xff", NULL},
        /* odd whitespace, a BOM, trailing bytes, syntax errors */
        {"{\"text\":\x0B\"x\"}", "json", "invalid token", NULL},
        {"{\"text\":\xC2\xA0\"x\"}", "json", "invalid token", NULL},
        {"\xEF\xBB\xBF{\"text\": \"x\"}", "json", "'[' or '{' expected", NULL},
        {"{\"text\": \"x\"} x", "json", "end of file expected", NULL},
        {"{\"text\": \"x\",}", "json", "string or '}' expected", NULL},
        {"{\"text\": \"x\" \"y\"}", "json", "'}' expected", NULL},
        {"{\"text\" \"x\"}", "json", "':' expected", NULL},
        {"{\"text\": \"x", "json", "premature end of input", NULL},
        {"{\"text\": \"x\", \"n\": nullx}", "json", "invalid token", NULL},
        {"{\"text\": \"x\", \"n\": 01}", "json", "invalid token", NULL},
        {"{\"text\": \"x\", \"n\": 1.}", "json", "invalid token", NULL},
        {"{\"text\": \"x\", \"n\": -}", "json", "invalid token", NULL},
        /* numbers jansson refuses */
        {"{\"text\": \"x\", \"n\": 99999999999999999999}", "json",
         "too big integer", NULL},
        {"{\"text\": \"x\", \"n\": 1e999}", "json", "real number overflow",
         NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *in = cases[i].in;
        size_t n = strlen(in);
        tp__envelope_t env, before;
        memset(&env, 0x5A, sizeof env);
        before = env;
        /* declined, env untouched */
        assert_int_equal(tp__envelope_parse(arena, in, n, &env), 0);
        assert_memory_equal(&env, &before, sizeof env);

        /* declared JSON: "[...]" would otherwise be a bare document */
        tp_raw_article_t raw = {.data = in, .len = n,
                                .content_type = "application/json"};
        tp_article_t art;
        tp_error_t err;
        tp_err_t rc = tp_normalize(nz, arena, &raw, &art, &err);
        if (cases[i].cls) {
            if (rc != TP_ERR_INPUT)
                fail_msg("case %zu: no error for %s", i, in);
            assert_string_equal(err.cls, cases[i].cls);
            if (!strstr(err.msg, cases[i].msg))
                fail_msg("case %zu: \"%s\" not in \"%s\"", i, cases[i].msg,
                         err.msg);
        } else {
            if (rc != TP_OK)
                fail_msg("case %zu: error %s for %s", i, err.msg, in);
            assert_string_equal(art.body, cases[i].body);
        }
        tp_arena_reset(arena);
    }
}

/* tp_normalize() on an envelope the fast path reads gives the article of
 * the same text given bare with the same metadata as headers (which the
 * jansson path also gave: both fill the same fields). */
static void test_same_article(void **state)
{
    (void)state;
    const char *env_json =
        "{\"url\": \"https:\\/\\/example.vn\\/a\", \"site\": \"example.vn\", "
        "\"fetched_at\": \"2020-03-27\", \"published_at\": "
        "\"2020-03-26T19:54:00Z\", \"title\": \"Ti\\u00eau \\u0111\\u1ec1\", "
        "\"id\": 7, \"text\": \"H\\u00e0 N\\u1ed9i \\uD83D\\uDE00\\n\\n"
        "S\\u00e1ng 26/3, \\u0111o\\u00e0n c\\u00f4ng t\\u00e1c l\\u00e0m "
        "vi\\u1ec7c t\\u1ea1i huy\\u1ec7n.\"}";
    const char *text = "Hà Nội \xF0\x9F\x98\x80\n\nSáng 26/3, đoàn công tác "
                       "làm việc tại huyện.";
    tp__envelope_t env;
    assert_true(accepts(env_json, strlen(env_json), &env));

    tp_raw_article_t a = {.data = env_json, .len = strlen(env_json)};
    tp_raw_article_t b = {.data = text, .len = strlen(text),
                          .url = "https://example.vn/a", .site = "example.vn",
                          .fetched_at = "2020-03-27",
                          .published_at = "2020-03-26T19:54:00Z",
                          .title = "Tiêu đề"};
    tp_article_t aa, ab;
    tp_error_t err;
    assert_int_equal(tp_normalize(nz, arena, &a, &aa, &err), TP_OK);
    assert_int_equal(tp_normalize(nz, arena, &b, &ab, &err), TP_OK);
    json_t *oa = tnu_article_json(&aa), *ob = tnu_article_json(&ab);
    char *ja = json_dumps(oa, JSON_SORT_KEYS);
    char *jb = json_dumps(ob, JSON_SORT_KEYS);
    assert_string_equal(ja, jb);
    json_decref(oa);
    json_decref(ob);
    assert_string_equal(aa.article_id, ab.article_id);
    assert_string_equal(aa.url, "https://example.vn/a");
    free(ja);
    free(jb);
    tp_arena_reset(arena);
}

static int setup(void **state)
{
    (void)state;
    arena = tp_arena_new(0);
    nz = tp_normalizer_new(NULL, NULL, 0);
    return nz ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    tp_normalizer_destroy(nz);
    tp_arena_destroy(arena);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepted),
        cmocka_unit_test(test_declined),
        cmocka_unit_test(test_same_article),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

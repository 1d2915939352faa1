/*
 * test_normalize_text.c — unit tests of the normalizer's pieces: tone
 * placement (both styles, onsets qu/gi, finals, three-vowel nuclei),
 * character cleaning (every space variant, zero-width, soft hyphen, BOM,
 * controls, U+2010..U+2012, line endings, NFD), legacy encodings, dates,
 * error classes, article id stability, simhash closeness.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "test_normalize_util.h"
#include "text/text_internal.h"

static tp_arena_t *arena;
static tp_normalizer_t *nz;

/* Applies a tone style to s. */
static const char *tone(const char *s, tp_tone_style_t st)
{
    return tp_tone_apply(arena, s, strlen(s), st, NULL);
}

/* Tone placement, traditional and modern, word by word. */
static void test_tone_styles(void **state)
{
    (void)state;
    static const char *const pairs[][2] = {
        /* traditional, modern */
        {"hòa", "hoà"},   {"khỏe", "khoẻ"}, {"ủy", "uỷ"},   {"Ủy", "Uỷ"},
        {"thúy", "thuý"}, {"tùy", "tuỳ"},   {"họa", "hoạ"}, {"hóa", "hoá"},
        {"xòe", "xoè"},   {"thủy", "thuỷ"}, {"HÒA", "HOÀ"}, {"Hòa", "Hoà"},
        {"ngụy", "nguỵ"}, {"lũy", "luỹ"},   {"òa", "oà"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        assert_string_equal(tone(pairs[i][1], TP_TONE_TRADITIONAL), pairs[i][0]);
        assert_string_equal(tone(pairs[i][0], TP_TONE_MODERN), pairs[i][1]);
        assert_string_equal(tone(pairs[i][0], TP_TONE_TRADITIONAL), pairs[i][0]);
        assert_string_equal(tone(pairs[i][1], TP_TONE_MODERN), pairs[i][1]);
    }
}

/* Words whose mark never moves: finals, qu/gi onsets, other nuclei. */
static void test_tone_unchanged(void **state)
{
    (void)state;
    static const char *const same[] = {
        "hoàng", "toàn", "quý", "quà", "giá", "già", "uyên", "thuyền",
        "thuở", "của", "mùa", "khuya", "hoặc", "quỳnh", "tuyển", "ngoài",
        "Covid-19", "uy", "hoa", "qua", "quyết", "khoảng", "xoáy",
    };
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        assert_string_equal(tone(same[i], TP_TONE_TRADITIONAL), same[i]);
        assert_string_equal(tone(same[i], TP_TONE_MODERN), same[i]);
    }
    /* in running text with punctuation around words */
    assert_string_equal(tone("“Tỉnh uỷ”, hoà-bình; khoẻ mạnh.", TP_TONE_TRADITIONAL),
                        "“Tỉnh ủy”, hòa-bình; khỏe mạnh.");
    assert_int_equal(tp_tone_style_parse("modern"), TP_TONE_MODERN);
    assert_int_equal(tp_tone_style_parse("traditional"), TP_TONE_TRADITIONAL);
    assert_int_equal(tp_tone_style_parse("other"), -1);
}

/* Normalizes a plain text and returns the body. */
static const char *body_of(const char *text, tp_article_t *art)
{
    tp_raw_article_t raw = {.data = text, .len = strlen(text), .partition = -1};
    tp_error_t err;
    tp_err_t rc = tp_normalize(nz, arena, &raw, art, &err);
    if (rc != TP_OK)
        fail_msg("normalize failed: %s: %s", err.cls, err.msg);
    return art->body;
}

/* Every space variant, invisible characters and hyphens. */
static void test_clean_characters(void **state)
{
    (void)state;
    tp_article_t art;
    const char *in = "\xEF\xBB\xBF" "Một\xC2\xA0hai\xE2\x80\x82" "ba\xE2\x80\x83"
                     "bốn\xE2\x80\x89năm\xE2\x80\xAF" "sáu\xE3\x80\x80" "bảy\t\t"
                     "tám\xE2\x80\x8B" "chín\xC2\xAD" "mười\x01 "
                     "Covid\xE2\x80\x91" "19 \xE2\x80\x90" "a\xE2\x80\x92" "b "
                     "giữ “nguyên” – và — nữa\xE2\x80\x8D\xE2\x81\xA0.\r\n"
                     "Dòng  hai\rdòng ba\xE2\x80\xA8" "dòng bốn.";
    const char *b = body_of(in, &art);
    assert_string_equal(b, "Một hai ba bốn năm sáu bảy támchínmười "
                           "Covid-19 -a-b giữ “nguyên” – và — nữa.\n"
                           "Dòng hai\ndòng ba\ndòng bốn.");
    assert_int_equal(art.n_paragraphs, 4);
    assert_int_equal(art.paragraphs[1].start, strlen("Một hai ba bốn năm sáu bảy "
                                                     "támchínmười Covid-19 -a-b giữ "
                                                     "“nguyên” – và — nữa.") + 1);
}

/* The character pass reads plain text 64 or 16 bytes at a time and stops
 * at what it must look at one character at a time: a quote, a letter it
 * does not take whole, two spaces. Each of those at every offset of a
 * plain line (so before, inside and across the windows, and cutting
 * letters off at their ends) gives the line with only that spot changed. */
static void test_clean_window_edges(void **state)
{
    (void)state;
    static const char plain[] =
        "Chủ tịch nước Nguyễn Văn An đã tiếp đại biểu của tỉnh Đắk Lắk tại "
        "Hà Nội, sáng nay 19-5-2020, trong không khí ấm cúng và thân mật";
    static const char *const cases[][2] = {
        {"\xE2\x80\x9C", "\xE2\x80\x9C"}, /* “ kept */
        {"ñ", "ñ"},                          /* kept, not a letter it takes */
        {"\xC2\xA0", " "},                   /* NBSP */
        {"  ", " "},                         /* two spaces */
        {"\xE2\x80\x8B", ""},                 /* zero-width space dropped */
    };
    size_t n = sizeof plain - 1;
    char in[256], want[256];
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const char *x = cases[c][0], *y = cases[c][1];
        for (size_t k = 1; k < n; k++) {
            if (((unsigned char)plain[k] & 0xC0) == 0x80)
                continue; /* inside a letter */
            if (y[0] == ' ' && (plain[k - 1] == ' ' || plain[k] == ' '))
                continue; /* the spaces would run together */
            int ni = snprintf(in, sizeof in, "%.*s%s%s", (int)k, plain, x, plain + k);
            int nw = snprintf(want, sizeof want, "%.*s%s%s", (int)k, plain, y, plain + k);
            assert_true(ni < (int)sizeof in && nw < (int)sizeof want);
            tp_arena_reset(arena);
            tp__lines_t ls = {0};
            tp__clean_lines(arena, in, strlen(in), TP_TONE_TRADITIONAL, &ls);
            assert_int_equal(ls.n, 1);
            assert_string_equal(ls.v[0].s, want);
        }
    }
}

/* NFD input comes out NFC, and tone style applies after composition. */
static void test_nfd_input(void **state)
{
    (void)state;
    tp_article_t art;
    /* "Hoà bình Việt Nam" in NFD: o + U+0300 on a, e + U+0323 U+0302 */
    const char *nfd = "Hoa\xCC\x80 bi\xCC\x80nh Vie\xCC\xA3\xCC\x82t Nam "
                      "va\xCC\x80 tha\xCC\x80nh phô\xCC\x81 kho\xCC\x89" "e.";
    const char *b = body_of(nfd, &art);
    assert_string_equal(b, "Hòa bình Việt Nam và thành phố khỏe.");
}

/* Legacy encodings: raw TCVN3, VNI, VISCII, CP1258 bytes, and text that
 * was read as CP1252 ("Viá»‡t Nam"). */
static void test_encodings(void **state)
{
    (void)state;
    const char *want = "Việt Nam Đảng Cộng sản nước";
    struct {
        const char *bytes, *name;
    } cases[] = {
        /* TCVN3: Vi Ö t  N a m  § ¶ n g  C é n g  s ¶ n  n í c */
        {"Vi\xD6t Nam \xA7\xB6ng C\xE9ng s\xB6n n\xAD\xED" "c", "tcvn3"},
        /* VNI: Vie ä t  Ñ a û n g  C o ä n g  s a û n  n ö ô ù c */
        {"Vie\xE4t Nam \xD1" "a\xFBng Co\xE4ng sa\xFBn n\xF6\xF4\xF9" "c", "vni"},
        /* UTF-8 read as CP1252 and written again */
        {"Vi\xC3\xA1\xC2\xBB\xE2\x80\xA1t Nam \xC3\x84\xC2\x90\xC3\xA1\xC2\xBA"
         "\xC2\xA3ng C\xC3\xA1\xC2\xBB\xE2\x84\xA2ng s\xC3\xA1\xC2\xBA\xC2\xA3n "
         "n\xC3\x86\xC2\xB0\xC3\xA1\xC2\xBB\xE2\x80\xBA" "c",
         "utf-8-as-cp1252"},
        /* VNI text that a crawler read as Latin-1 and wrote as UTF-8 */
        {"Vie\xC3\xA4t Nam \xC3\x91" "a\xC3\xBBng Co\xC3\xA4ng sa\xC3\xBBn "
         "n\xC3\xB6\xC3\xB4\xC3\xB9" "c", "vni"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t ol;
        const char *enc = NULL;
        char *fixed = tp__encoding_fix(arena, cases[i].bytes,
                                       strlen(cases[i].bytes), &ol, &enc);
        assert_non_null(fixed);
        assert_string_equal(enc, cases[i].name);
        tp_article_t art;
        assert_string_equal(body_of(cases[i].bytes, &art), want);
    }
    /* VISCII and CP1258 (through iconv); bytes made with iconv -t */
    size_t ol;
    const char *enc;
    const char *viscii = "Vi\xAEt Nam \xD0\xE4ng C\xB5ng s\xE4n n\xDF\xBE" "c";
    const char *cp1258 = "Vi\xEA\xF2t Nam \xD0" "a\xD2ng C\xF4\xF2ng sa\xD2n "
                         "n\xFD\xF5\xEC" "c";
    char *v = tp__encoding_fix(arena, viscii, strlen(viscii), &ol, &enc);
    assert_non_null(v);
    assert_string_equal(enc, "viscii");
    assert_string_equal(v, want);
    tp_article_t art;
    assert_string_equal(body_of(cp1258, &art), want);
    /* undecidable bytes are refused */
    const char junk[] = "\xFF\xFE\x80\x81\x82\x83\x84\x85\x86\x87\x88\x89\x8A";
    assert_null(tp__encoding_fix(arena, junk, sizeof junk - 1, &ol, &enc));
}

/* Error classes of tp_normalize(). */
static void test_errors(void **state)
{
    (void)state;
    struct {
        const char *in, *cls;
    } cases[] = {
        {"{\"url\": \"x\", ", "json"},
        {"{\"url\": 5, \"text\": \"Một bài báo.\"}", "schema"},
        {"{\"url\": \"http://a\"}", "schema"},
        {"{\"text\": [1]}", "schema"},
        {"   \n\xC2\xA0\xE2\x80\x8B\n", "empty"},
        {"\xFF\xFE\x80\x81\x82\x83\x84\x85\x86\x87\x88\x89\x8A\x8B\x8C", "encoding"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tp_raw_article_t raw = {.data = cases[i].in, .len = strlen(cases[i].in)};
        tp_article_t art;
        tp_error_t err;
        assert_int_equal(tp_normalize(nz, arena, &raw, &art, &err), TP_ERR_INPUT);
        assert_string_equal(err.cls, cases[i].cls);
    }
    tp_normalizer_opts_t o = {.tone_style = TP_TONE_TRADITIONAL, .max_article_bytes = 10};
    tp_normalizer_t *small = tp_normalizer_new(&o, NULL, 0);
    tp_raw_article_t raw = {.data = "Một bài báo dài hơn mười byte.", .len = 33};
    tp_article_t art;
    tp_error_t err;
    assert_int_equal(tp_normalize(small, arena, &raw, &art, &err), TP_ERR_INPUT);
    assert_string_equal(err.cls, "too_large");
    tp_normalizer_destroy(small);
    tp_normalizer_destroy(NULL);
}

/* Builds "<html><body>" + n * open + inner + n * close + "</body></html>"
 * in the arena. */
static char *nested(const char *open, const char *inner, const char *close,
                    int n, size_t *len)
{
    tp_buf_t b = {0};
    tp_buf_puts(arena, &b, "<html><body>");
    for (int i = 0; i < n; i++)
        tp_buf_puts(arena, &b, open);
    tp_buf_puts(arena, &b, inner);
    for (int i = 0; i < n; i++)
        tp_buf_puts(arena, &b, close);
    tp_buf_puts(arena, &b, "</body></html>");
    *len = b.len;
    return b.data;
}

/* Markup nested deeper than the parser can take in time is refused with
 * class html before gumbo sees it; long flat pages (unclosed p and li,
 * void elements, deep but sane nesting) are not. */
static void test_html_depth(void **state)
{
    (void)state;
    const char *para = "<p>Sáng 26/3, đồng chí Lê Hồng Sơn làm việc với huyện.</p>";
    struct {
        const char *open, *close;
        int n, refused;
    } cases[] = {
        {"<div>", "</div>", 20000, 1},
        {"<b><i>", "", 3000, 1}, /* unclosed formatting elements nest */
        {"<div class=\"a\">", "</div>", 150, 0},
        {"<p>x", "", 20000, 0},  /* p closes itself */
        {"<li>x", "", 20000, 0}, /* so does li */
        {"<br><img src=a.png><hr/>", "", 20000, 0},
        {"<!-- <div> -->", "", 20000, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len;
        char *html = nested(cases[i].open, para, cases[i].close, cases[i].n, &len);
        tp_raw_article_t raw = {.data = html, .len = len,
                                .content_type = "text/html"};
        tp_article_t art;
        tp_error_t err;
        tp_err_t rc = tp_normalize(nz, arena, &raw, &art, &err);
        if (cases[i].refused) {
            assert_int_equal(rc, TP_ERR_INPUT);
            assert_string_equal(err.cls, "html");
        } else if (rc != TP_OK) {
            fail_msg("case %zu refused: %s: %s", i, err.cls, err.msg);
        }
    }
}

/* Envelope fields, source fields, id stability and hashes. */
static void test_envelope_and_ids(void **state)
{
    (void)state;
    const char *env =
        "{\"url\": \"https://example.vn/a.html\", \"site\": \"example.vn\","
        " \"fetched_at\": \"2024-05-02T01:00:00Z\","
        " \"published_at\": \"2024-05-01T12:30:00Z\","
        " \"title\": \"Tiêu đề bài báo\","
        " \"text\": \"Tiêu đề bài báo\\n\\nĐoạn một của bài báo.\\n\\nĐoạn hai.\"}";
    tp_raw_article_t raw = {.data = env, .len = strlen(env), .topic = "articles.raw",
                            .partition = 3, .offset = 41};
    tp_article_t a1, a2;
    tp_error_t err;
    assert_int_equal(tp_normalize(nz, arena, &raw, &a1, &err), TP_OK);
    assert_string_equal(a1.title, "Tiêu đề bài báo");
    assert_string_equal(a1.published_at, "2024-05-01T19:30:00+07:00");
    assert_string_equal(a1.body, "Đoạn một của bài báo.\nĐoạn hai.");
    assert_string_equal(a1.lead, "Đoạn một của bài báo.");
    assert_string_equal(a1.url, "https://example.vn/a.html");
    assert_string_equal(a1.site, "example.vn");
    assert_string_equal(a1.topic, "articles.raw");
    assert_int_equal(a1.partition, 3);
    assert_int_equal(a1.offset, 41);
    assert_string_equal(a1.normalizer_version, TP_NORMALIZER_VERSION);
    assert_int_equal(strlen(a1.article_id), 32);
    assert_int_equal(strlen(a1.content_hash), 16);
    assert_int_equal(strlen(a1.simhash), 16);
    /* the same article again, from another offset: same id */
    raw.offset = 99;
    assert_int_equal(tp_normalize(nz, arena, &raw, &a2, &err), TP_OK);
    assert_string_equal(a1.article_id, a2.article_id);
    assert_string_equal(a1.content_hash, a2.content_hash);
    /* the crawler key wins over the url */
    raw.key = "k-1";
    raw.key_len = 3;
    assert_int_equal(tp_normalize(nz, arena, &raw, &a2, &err), TP_OK);
    assert_string_not_equal(a1.article_id, a2.article_id);
}

/* Dates: ISO with offsets, Vietnamese forms, lead datelines. */
static void test_dates(void **state)
{
    (void)state;
    struct {
        const char *in, *want;
    } cases[] = {
        {"2020-03-26T12:54:00Z", "2020-03-26T19:54:00+07:00"},
        {"2020-03-26T19:54:00+07:00", "2020-03-26T19:54:00+07:00"},
        {"2020-03-26 23:30:00-01:00", "2020-03-27T07:30:00+07:00"},
        {"2020-12-31T20:00:00Z", "2021-01-01T03:00:00+07:00"},
        {"2020-03-26", "2020-03-26T00:00:00+07:00"},
        {"14:01 | 14/07/2020", "2020-07-14T14:01:00+07:00"},
        {"Thứ Năm, 26/3/2020 - 19h54", "2020-03-26T19:54:00+07:00"},
        {"ngày 5 tháng 8 năm 2019", "2019-08-05T00:00:00+07:00"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tp__datetime_t d;
        assert_true(tp__date_parse(cases[i].in, strlen(cases[i].in), &d));
        assert_string_equal(tp__date_format(arena, &d), cases[i].want);
    }
    tp__datetime_t d;
    assert_false(tp__date_parse("31/02/2020", 10, &d));
    assert_true(tp__date_lead("Sáng 26/3, đoàn", 19, 2020, &d));
    assert_int_equal(d.month, 3);
    assert_int_equal(d.day, 26);
    assert_false(tp__date_lead("Theo 26/3, đoàn", 17, 2020, &d));
    assert_false(tp__date_lead("Sáng 26/3, đoàn", 19, 0, &d));
}

/* Normalizes a bare text with an optional fetched_at into out. */
static void normalize_text(const char *text, const char *fetched_at,
                           tp_article_t *out)
{
    tp_raw_article_t raw = {.data = text, .len = strlen(text),
                            .fetched_at = fetched_at, .partition = -1};
    tp_error_t err;
    assert_int_equal(tp_normalize(nz, arena, &raw, out, &err), TP_OK);
}

/* published_at is never invented: a lead's day-month without a year takes
 * the year from fetched_at only, not from years written in the text; a
 * full date in the lead or a dateline stands on its own. */
static void test_published_not_invented(void **state)
{
    (void)state;
    const char *no_year =
        "Hội nghị giao ban công tác dân vận\n\n"
        "Ngày 14/7, Ban Dân vận tổ chức hội nghị giao ban công tác dân vận "
        "sáu tháng đầu năm 2020.\nQuy định số 290 ban hành ngày 5/8/2019.";
    tp_article_t a;
    normalize_text(no_year, NULL, &a);
    assert_null(a.published_at);
    normalize_text(no_year, "2021-07-15T01:00:00Z", &a);
    assert_string_equal(a.published_at, "2021-07-14T00:00:00+07:00");
    const char *full =
        "Hội nghị giao ban công tác dân vận\n\n"
        "Chiều 25/8/2023, Ban Dân vận tổ chức hội nghị giao ban năm 2024.";
    normalize_text(full, NULL, &a);
    assert_string_equal(a.published_at, "2023-08-25T00:00:00+07:00");
    const char *dated =
        "Hội nghị giao ban công tác dân vận\n(19:54 26/03/2020)\n\n"
        "Ngày 14/7, Ban Dân vận tổ chức hội nghị giao ban công tác dân vận.";
    normalize_text(dated, NULL, &a);
    assert_string_equal(a.published_at, "2020-03-26T19:54:00+07:00");
}

/* Layout rules that must not fire: a headline with " - " or a short
 * headline is the title, not a section label; a name in capitals between
 * paragraphs is a heading, not a byline; a byline holding a given name
 * that is also a common word still counts. */
static void test_structure_negatives(void **state)
{
    (void)state;
    const char *para =
        "Sáng 3/4, hai bên đã trao đổi về hợp tác thương mại, đầu tư và "
        "kết nối giao thông giữa các tỉnh biên giới của hai nước láng giềng.";
    char buf[2048];
    tp_article_t a;
    /* a headline with a dash between names of countries */
    snprintf(buf, sizeof buf,
             "Việt Nam - Campuchia tăng cường hợp tác biên giới\n"
             "03/04/2023 10:00\n\n%s\n\n%s", para, para);
    normalize_text(buf, NULL, &a);
    assert_string_equal(a.title,
                        "Việt Nam - Campuchia tăng cường hợp tác biên giới");
    /* a short headline over the lead is still the title */
    snprintf(buf, sizeof buf, "Mùa lúa chín\n03/04/2023 10:00\n\n%s", para);
    normalize_text(buf, NULL, &a);
    assert_string_equal(a.title, "Mùa lúa chín");
    /* a section name is skipped, even above a headline with a colon */
    snprintf(buf, sizeof buf,
             "Thế giới\nLào: Khai trương tuyến đường sắt mới nối thủ đô\n\n%s",
             para);
    normalize_text(buf, NULL, &a);
    assert_string_equal(a.title,
                        "Lào: Khai trương tuyến đường sắt mới nối thủ đô");
    /* capitals between paragraphs: a heading that stays in the body */
    snprintf(buf, sizeof buf,
             "Hợp tác biên giới được đẩy mạnh trong năm nay\n\n%s\n\n"
             "BÍCH LIÊN\n\n%s\n\nTRANG NHUNG",
             para, para);
    normalize_text(buf, NULL, &a);
    assert_non_null(strstr(a.body, "BÍCH LIÊN"));
    assert_int_equal(a.n_authors, 1);
    assert_string_equal(a.authors[0], "Trang Nhung");
    /* a headline in capitals with no normal-case headline under it (only
     * the lead, or a dateline) stays the title */
    snprintf(buf, sizeof buf,
             "MÙA LÚA CHÍN TRÊN CÁNH ĐỒNG BIÊN GIỚI\n\n%s\n\n%s", para,
             para);
    normalize_text(buf, NULL, &a);
    assert_string_equal(a.title, "MÙA LÚA CHÍN TRÊN CÁNH ĐỒNG BIÊN GIỚI");
    snprintf(buf, sizeof buf,
             "MÙA LÚA CHÍN TRÊN CÁNH ĐỒNG BIÊN GIỚI\n03/04/2023 10:00\n\n%s",
             para);
    normalize_text(buf, NULL, &a);
    assert_string_equal(a.title, "MÙA LÚA CHÍN TRÊN CÁNH ĐỒNG BIÊN GIỚI");
    /* "Name - Unit" inside the body, or in a last line that is a
     * sentence, or a place pair: no author */
    snprintf(buf, sizeof buf,
             "Hợp tác biên giới được đẩy mạnh trong năm nay\n\n%s\n\n"
             "Trần Văn Bình - Ban Quản lý dự án\n\n%s\n\n"
             "Đoàn đã làm việc với Hà Nội - Việt Nam Trade.",
             para, para);
    normalize_text(buf, NULL, &a);
    assert_int_equal(a.n_authors, 0);
    assert_non_null(strstr(a.body, "Trần Văn Bình - Ban Quản lý dự án"));
    snprintf(buf, sizeof buf,
             "Hợp tác biên giới được đẩy mạnh trong năm nay\n\n%s\n\n"
             "Phạm Thu Trang - Văn phòng Huyện ủy cho biết sẽ theo dõi.",
             para);
    normalize_text(buf, NULL, &a);
    assert_int_equal(a.n_authors, 0);
}

/* Simhash: near duplicates are close, unrelated texts are not. */
static void test_simhash(void **state)
{
    (void)state;
    const char *a = "Ban Dân vận Tỉnh ủy tổ chức hội nghị giao ban công tác dân "
                    "vận sáu tháng đầu năm với sự tham dự của các đồng chí lãnh "
                    "đạo các ban, ngành, đoàn thể của tỉnh và các huyện";
    const char *b = "Ban Dân vận Tỉnh ủy tổ chức hội nghị giao ban công tác dân "
                    "vận sáu tháng đầu năm với sự tham dự của các đồng chí lãnh "
                    "đạo các ban, ngành, đoàn thể của tỉnh và các xã";
    const char *c = "Giá xăng dầu hôm nay tăng mạnh sau phiên điều chỉnh của liên "
                    "bộ Công Thương và Tài chính, người dân đổ xô đi mua";
    uint64_t ha = tp__simhash(a, strlen(a)), hb = tp__simhash(b, strlen(b)),
             hc = tp__simhash(c, strlen(c));
    assert_true(__builtin_popcountll(ha ^ hb) <= 10);
    assert_true(__builtin_popcountll(ha ^ hc) >= 16);
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
        cmocka_unit_test(test_tone_styles),
        cmocka_unit_test(test_tone_unchanged),
        cmocka_unit_test(test_clean_characters),
        cmocka_unit_test(test_clean_window_edges),
        cmocka_unit_test(test_nfd_input),
        cmocka_unit_test(test_encodings),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_html_depth),
        cmocka_unit_test(test_envelope_and_ids),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_published_not_invented),
        cmocka_unit_test(test_structure_negatives),
        cmocka_unit_test(test_simhash),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

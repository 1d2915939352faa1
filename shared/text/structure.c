/*
 * structure.c — recovers an article's structure from its cleaned lines:
 * title (skipping site banners), published_at, lead and agency prefix,
 * paragraphs, captions, bylines, tags, view count, and the site chrome
 * that is not article text (comment forms, related-article lists, visit
 * counters, login links, sort and share widgets). Every line that leaves
 * the body is listed in art->removed with its kind.
 *
 * Written by hand: these are layout rules of Vietnamese news sites, not
 * something a library knows. The rules are general (cue phrases, line
 * shapes, position in the page), never keyed to one site's text:
 *
 *  1. wrapped lines are joined back into paragraphs;
 *  2. short lines that are chrome cue phrases are classified;
 *  2a. a '|'-separated bar whose parts are all cues ("Chia sẻ | In bài")
 *     is chrome of its first part's kind;
 *  3. the first lines give the title (section labels and breadcrumbs such
 *     as "Kinh tế" or "Trang chủ > Thời sự" above it are dropped, so is a
 *     theme banner), a trailing "(hh:mm dd/mm/yyyy)" or a dateline gives
 *     the date;
 *  4. after the lead, the first section cue ("Các bài mới đăng", "Viết
 *     bình luận", "Thống kê truy cập", ...) cuts the tail, a trailing run
 *     of headline + lead pairs is a related-article list, headlines under
 *     a bare related heading ("Xem thêm:") and headline-shaped lines after
 *     the article's end (first chrome or byline after its last paragraph)
 *     are related lists too;
 *  5. name-shaped lines after the lead are bylines (names in capitals
 *     only after a "Bài:" prefix or before the first / after the last
 *     paragraph, given in title case; "Theo TTXVN" credits no author),
 *     ';'-separated keyword lines are tag lines, short photo-describing
 *     lines are captions and are removed only when they repeat body
 *     text.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "text/text_internal.h"

/* ---- kinds ----------------------------------------------------------- */

static const char *const tp__kind_names[TP__K__COUNT] = {
    "body",          "title",        "banner",         "dateline",
    "visit_counter", "tag_line",     "byline",         "comment_form",
    "related_list",  "login_link",   "sort_widget",    "share_widget",
    "caption_repeat", "duplicate",   "html_boilerplate", "breadcrumb",
};

/* The removed-kind name of a line kind. */
const char *tp__kind_name(int kind)
{
    return kind >= 0 && kind < TP__K__COUNT ? tp__kind_names[kind] : "other";
}

/* ---- cue phrases ----------------------------------------------------- */

enum { CUE_EXACT = 1, CUE_PREFIX = 2 };

typedef struct tp__cue {
    const char *text; /* lower case */
    int kind;
    int mode;
    int section; /* starts a block of chrome that runs to the end */
} tp__cue_t;

static const tp__cue_t tp__cues[] = {
    /* related-article lists */
    {"các bài mới đăng", TP__K_RELATED_LIST, CUE_PREFIX, 1},
    {"các bài đã đăng", TP__K_RELATED_LIST, CUE_PREFIX, 1},
    {"các bài viết khác", TP__K_RELATED_LIST, CUE_PREFIX, 1},
    {"các bài khác", TP__K_RELATED_LIST, CUE_PREFIX, 1},
    {"bài viết khác", TP__K_RELATED_LIST, CUE_PREFIX, 1},
    {"tin liên quan", TP__K_RELATED_LIST, CUE_PREFIX, 1},
    {"bài liên quan", TP__K_RELATED_LIST, CUE_PREFIX, 1},
    {"bài viết liên quan", TP__K_RELATED_LIST, CUE_PREFIX, 1},
    {"tin bài liên quan", TP__K_RELATED_LIST, CUE_PREFIX, 1},
    {"tin cùng chuyên mục", TP__K_RELATED_LIST, CUE_PREFIX, 1},
    {"cùng chuyên mục", TP__K_RELATED_LIST, CUE_PREFIX, 1},
    {"tin khác", TP__K_RELATED_LIST, CUE_EXACT, 1},
    {"các tin khác", TP__K_RELATED_LIST, CUE_PREFIX, 1},
    {"tin tức khác", TP__K_RELATED_LIST, CUE_PREFIX, 1},
    {"tin mới hơn", TP__K_RELATED_LIST, CUE_PREFIX, 1},
    {"tin cũ hơn", TP__K_RELATED_LIST, CUE_PREFIX, 1},
    {"tin đã đưa", TP__K_RELATED_LIST, CUE_PREFIX, 1},
    {"các tin đã đưa", TP__K_RELATED_LIST, CUE_PREFIX, 1},
    {"tin mới nhất", TP__K_RELATED_LIST, CUE_EXACT, 1},
    {"thông tin mới nhất", TP__K_RELATED_LIST, CUE_EXACT, 1},
    {"tin mới", TP__K_RELATED_LIST, CUE_EXACT, 1},
    {"bài mới", TP__K_RELATED_LIST, CUE_EXACT, 1},
    {"tin đọc nhiều", TP__K_RELATED_LIST, CUE_PREFIX, 1},
    {"đọc nhiều nhất", TP__K_RELATED_LIST, CUE_PREFIX, 1},
    {"đọc nhiều", TP__K_RELATED_LIST, CUE_EXACT, 1},
    {"xem nhiều nhất", TP__K_RELATED_LIST, CUE_PREFIX, 1},
    {"tin xem nhiều", TP__K_RELATED_LIST, CUE_PREFIX, 1},
    {"xem nhiều", TP__K_RELATED_LIST, CUE_EXACT, 1},
    {"tin nổi bật", TP__K_RELATED_LIST, CUE_EXACT, 1},
    {"tin tiêu điểm", TP__K_RELATED_LIST, CUE_EXACT, 1},
    {"có thể bạn quan tâm", TP__K_RELATED_LIST, CUE_PREFIX, 1},
    {"bạn có thể quan tâm", TP__K_RELATED_LIST, CUE_PREFIX, 1},
    {"xem thêm", TP__K_RELATED_LIST, CUE_PREFIX, 0},
    {"đọc thêm", TP__K_RELATED_LIST, CUE_PREFIX, 0},
    {"bài viết xem", TP__K_RELATED_LIST, CUE_EXACT, 0},
    /* comment forms */
    {"viết bình luận", TP__K_COMMENT_FORM, CUE_PREFIX, 1},
    {"gửi bình luận", TP__K_COMMENT_FORM, CUE_PREFIX, 1},
    {"bình luận", TP__K_COMMENT_FORM, CUE_EXACT, 1},
    {"bình luận của bạn", TP__K_COMMENT_FORM, CUE_PREFIX, 1},
    {"bình luận mới vừa được thêm vào", TP__K_COMMENT_FORM, CUE_PREFIX, 1},
    {"bạn đọc bình luận", TP__K_COMMENT_FORM, CUE_PREFIX, 1},
    {"ý kiến bạn đọc", TP__K_COMMENT_FORM, CUE_PREFIX, 1},
    {"ý kiến của bạn", TP__K_COMMENT_FORM, CUE_PREFIX, 1},
    {"gửi ý kiến", TP__K_COMMENT_FORM, CUE_PREFIX, 1},
    {"viết ý kiến", TP__K_COMMENT_FORM, CUE_PREFIX, 1},
    {"ý kiến phản hồi", TP__K_COMMENT_FORM, CUE_PREFIX, 1},
    {"gửi phản hồi", TP__K_COMMENT_FORM, CUE_PREFIX, 1},
    {"phản hồi", TP__K_COMMENT_FORM, CUE_EXACT, 1},
    {"các ý kiến", TP__K_COMMENT_FORM, CUE_EXACT, 1},
    {"họ tên", TP__K_COMMENT_FORM, CUE_PREFIX, 0},
    {"họ và tên", TP__K_COMMENT_FORM, CUE_PREFIX, 0},
    {"email", TP__K_COMMENT_FORM, CUE_PREFIX, 0},
    {"e-mail", TP__K_COMMENT_FORM, CUE_PREFIX, 0},
    {"số điện thoại", TP__K_COMMENT_FORM, CUE_PREFIX, 0},
    {"điện thoại:", TP__K_COMMENT_FORM, CUE_PREFIX, 0},
    {"tiêu đề:", TP__K_COMMENT_FORM, CUE_PREFIX, 0},
    {"nội dung:", TP__K_COMMENT_FORM, CUE_PREFIX, 0},
    {"mã xác nhận", TP__K_COMMENT_FORM, CUE_PREFIX, 0},
    {"mã bảo mật", TP__K_COMMENT_FORM, CUE_PREFIX, 0},
    {"mã bảo vệ", TP__K_COMMENT_FORM, CUE_PREFIX, 0},
    {"lấy lại mã", TP__K_COMMENT_FORM, CUE_PREFIX, 0},
    {"nhập mã", TP__K_COMMENT_FORM, CUE_PREFIX, 0},
    {"click để xem", TP__K_COMMENT_FORM, CUE_PREFIX, 0},
    {"gửi", TP__K_COMMENT_FORM, CUE_EXACT, 0},
    {"nhập lại", TP__K_COMMENT_FORM, CUE_EXACT, 0},
    /* visit counters */
    {"thống kê truy cập", TP__K_VISIT_COUNTER, CUE_PREFIX, 1},
    {"thống kê", TP__K_VISIT_COUNTER, CUE_EXACT, 1},
    {"lượt truy cập", TP__K_VISIT_COUNTER, CUE_PREFIX, 0},
    {"tổng lượt truy cập", TP__K_VISIT_COUNTER, CUE_PREFIX, 0},
    {"lượt xem", TP__K_VISIT_COUNTER, CUE_PREFIX, 0},
    {"số lượt xem", TP__K_VISIT_COUNTER, CUE_PREFIX, 0},
    {"lượt đọc", TP__K_VISIT_COUNTER, CUE_PREFIX, 0},
    {"số lượt đọc", TP__K_VISIT_COUNTER, CUE_PREFIX, 0},
    {"đang online", TP__K_VISIT_COUNTER, CUE_PREFIX, 0},
    {"đang truy cập", TP__K_VISIT_COUNTER, CUE_PREFIX, 0},
    {"online:", TP__K_VISIT_COUNTER, CUE_PREFIX, 0},
    {"hôm nay:", TP__K_VISIT_COUNTER, CUE_PREFIX, 0},
    {"hôm qua:", TP__K_VISIT_COUNTER, CUE_PREFIX, 0},
    {"trong tuần:", TP__K_VISIT_COUNTER, CUE_PREFIX, 0},
    {"tuần này:", TP__K_VISIT_COUNTER, CUE_PREFIX, 0},
    {"trong tháng:", TP__K_VISIT_COUNTER, CUE_PREFIX, 0},
    {"tháng này:", TP__K_VISIT_COUNTER, CUE_PREFIX, 0},
    {"tất cả:", TP__K_VISIT_COUNTER, CUE_PREFIX, 0},
    {"tổng số:", TP__K_VISIT_COUNTER, CUE_PREFIX, 0},
    {"truy cập:", TP__K_VISIT_COUNTER, CUE_PREFIX, 0},
    {"khách:", TP__K_VISIT_COUNTER, CUE_PREFIX, 0},
    /* login links */
    {"đăng nhập", TP__K_LOGIN_LINK, CUE_EXACT, 0},
    {"đăng ký", TP__K_LOGIN_LINK, CUE_EXACT, 0},
    {"đăng kí", TP__K_LOGIN_LINK, CUE_EXACT, 0},
    {"đăng xuất", TP__K_LOGIN_LINK, CUE_EXACT, 0},
    {"quên mật khẩu", TP__K_LOGIN_LINK, CUE_PREFIX, 0},
    {"đăng nhập /", TP__K_LOGIN_LINK, CUE_PREFIX, 0},
    {"đăng nhập|", TP__K_LOGIN_LINK, CUE_PREFIX, 0},
    /* sort widgets */
    {"xếp theo", TP__K_SORT_WIDGET, CUE_PREFIX, 0},
    {"sắp xếp theo", TP__K_SORT_WIDGET, CUE_PREFIX, 0},
    {"sắp xếp:", TP__K_SORT_WIDGET, CUE_PREFIX, 0},
    {"mới nhất", TP__K_SORT_WIDGET, CUE_EXACT, 0},
    {"hay nhất", TP__K_SORT_WIDGET, CUE_EXACT, 0},
    {"cũ nhất", TP__K_SORT_WIDGET, CUE_EXACT, 0},
    /* share and print widgets */
    {"chia sẻ", TP__K_SHARE_WIDGET, CUE_EXACT, 0},
    {"chia sẻ:", TP__K_SHARE_WIDGET, CUE_PREFIX, 0},
    {"chia sẻ bài viết", TP__K_SHARE_WIDGET, CUE_PREFIX, 0},
    {"in bài", TP__K_SHARE_WIDGET, CUE_EXACT, 0},
    {"in bài viết", TP__K_SHARE_WIDGET, CUE_EXACT, 0},
    {"bản in", TP__K_SHARE_WIDGET, CUE_EXACT, 0},
    {"gửi email", TP__K_SHARE_WIDGET, CUE_EXACT, 0},
    {"gửi bài viết", TP__K_SHARE_WIDGET, CUE_EXACT, 0},
    {"lên đầu trang", TP__K_SHARE_WIDGET, CUE_EXACT, 0},
    {"về đầu trang", TP__K_SHARE_WIDGET, CUE_EXACT, 0},
    {"quay lại", TP__K_SHARE_WIDGET, CUE_EXACT, 0},
    {"trở về", TP__K_SHARE_WIDGET, CUE_EXACT, 0},
    {"trở lại", TP__K_SHARE_WIDGET, CUE_EXACT, 0},
    {"cỡ chữ", TP__K_SHARE_WIDGET, CUE_PREFIX, 0},
    {"nghe đọc bài", TP__K_SHARE_WIDGET, CUE_PREFIX, 0},
    {"facebook", TP__K_SHARE_WIDGET, CUE_EXACT, 0},
    {"zalo", TP__K_SHARE_WIDGET, CUE_EXACT, 0},
    {"tweet", TP__K_SHARE_WIDGET, CUE_EXACT, 0},
    {"twitter", TP__K_SHARE_WIDGET, CUE_EXACT, 0},
    {"like", TP__K_SHARE_WIDGET, CUE_EXACT, 0},
    {"share", TP__K_SHARE_WIDGET, CUE_EXACT, 0},
    {"print", TP__K_SHARE_WIDGET, CUE_EXACT, 0},
    {"chia sẻ facebook", TP__K_SHARE_WIDGET, CUE_EXACT, 0},
    {"chia sẻ zalo", TP__K_SHARE_WIDGET, CUE_EXACT, 0},
    {"chia sẻ qua", TP__K_SHARE_WIDGET, CUE_PREFIX, 0},
    {"in", TP__K_SHARE_WIDGET, CUE_EXACT, 0},
    {"lưu", TP__K_SHARE_WIDGET, CUE_EXACT, 0},
    {"lưu bài", TP__K_SHARE_WIDGET, CUE_EXACT, 0},
    {"lưu tin", TP__K_SHARE_WIDGET, CUE_EXACT, 0},
    {"lưu bài viết", TP__K_SHARE_WIDGET, CUE_EXACT, 0},
    {"gửi bài", TP__K_SHARE_WIDGET, CUE_EXACT, 0},
    {"gửi tin", TP__K_SHARE_WIDGET, CUE_EXACT, 0},
    {"sao chép liên kết", TP__K_SHARE_WIDGET, CUE_EXACT, 0},
    {"sao chép link", TP__K_SHARE_WIDGET, CUE_EXACT, 0},
    {"copy link", TP__K_SHARE_WIDGET, CUE_EXACT, 0},
    {"nghe bài viết", TP__K_SHARE_WIDGET, CUE_PREFIX, 0},
    {"google news", TP__K_SHARE_WIDGET, CUE_EXACT, 0},
    {"a- a+", TP__K_SHARE_WIDGET, CUE_EXACT, 0},
    {"a a a", TP__K_SHARE_WIDGET, CUE_EXACT, 0},
    /* datelines */
    {"cập nhật", TP__K_DATELINE, CUE_PREFIX, 0},
    {"ngày cập nhật", TP__K_DATELINE, CUE_PREFIX, 0},
    {"ngày đăng", TP__K_DATELINE, CUE_PREFIX, 0},
    {"đăng ngày", TP__K_DATELINE, CUE_PREFIX, 0},
    {"đăng lúc", TP__K_DATELINE, CUE_PREFIX, 0},
    {"thời gian đăng", TP__K_DATELINE, CUE_PREFIX, 0},
    {"ngày xuất bản", TP__K_DATELINE, CUE_PREFIX, 0},
    {"ngày đăng tải", TP__K_DATELINE, CUE_PREFIX, 0},
    /* keyword lines */
    {"từ khóa", TP__K_TAG_LINE, CUE_PREFIX, 0},
    {"từ khoá", TP__K_TAG_LINE, CUE_PREFIX, 0},
    {"tags:", TP__K_TAG_LINE, CUE_PREFIX, 0},
    {"tag:", TP__K_TAG_LINE, CUE_PREFIX, 0},
    {"thẻ:", TP__K_TAG_LINE, CUE_PREFIX, 0},
};

#define TP__N_CUES (sizeof tp__cues / sizeof tp__cues[0])

/* Longest line a cue may classify (chrome lines are short). */
#define TP__CUE_MAXLEN 160

/* Skips list bullets and decorations at the start of a line. */
static const char *tp__skip_bullets(const char *s)
{
    for (;;) {
        if (*s == ' ' || *s == '-' || *s == '*' || *s == '>' || *s == '|')
            s++;
        else if (memcmp(s, "•", 3) == 0 || memcmp(s, "»", 2) == 0 ||
                 memcmp(s, "›", 3) == 0 || memcmp(s, "·", 2) == 0 ||
                 memcmp(s, "►", 3) == 0)
            s += (unsigned char)s[0] >= 0xE0 ? 3 : 2;
        else
            return s;
    }
}

/* 1 when the byte at s starts a letter or digit (a word goes on). */
static int tp__wordy(const char *s)
{
    unsigned char c = (unsigned char)*s;
    return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* 1 when rest holds no letters (only punctuation, digits, spaces). */
static int tp__no_letters(const char *rest)
{
    size_t n = strlen(rest), i = 0;
    while (i < n) {
        int32_t cp = tp__utf8_decode(rest, n, &i);
        if (cp > 0 && tp__cp_is_letter(cp))
            return 0;
    }
    return 1;
}

/* The cue table indexed by first byte: the cues starting with byte f are
 * tp__cue_order[tp__cue_first[f] .. tp__cue_first[f + 1]), in table order. */
static size_t tp__cue_len[TP__N_CUES];
static uint16_t tp__cue_order[TP__N_CUES];
static uint16_t tp__cue_first[257];
static pthread_once_t tp__cue_once = PTHREAD_ONCE_INIT;

/* Builds the first-byte index of the cue table. */
static void tp__cue_init(void)
{
    size_t count[256] = {0};
    for (size_t k = 0; k < TP__N_CUES; k++) {
        tp__cue_len[k] = strlen(tp__cues[k].text);
        count[(unsigned char)tp__cues[k].text[0]]++;
    }
    size_t at = 0;
    for (int f = 0; f < 256; f++) {
        tp__cue_first[f] = (uint16_t)at;
        at += count[f];
    }
    tp__cue_first[256] = (uint16_t)at;
    size_t fill[256] = {0};
    for (size_t k = 0; k < TP__N_CUES; k++) {
        unsigned char f = (unsigned char)tp__cues[k].text[0];
        tp__cue_order[tp__cue_first[f] + fill[f]++] = (uint16_t)k;
    }
}

/* Matches low (a lower-cased line) against the cue table; returns the
 * cue or NULL (the longest match, the first in table order on a tie). */
static const tp__cue_t *tp__match_cue(const char *low)
{
    pthread_once(&tp__cue_once, tp__cue_init);
    low = tp__skip_bullets(low);
    unsigned char f = (unsigned char)low[0];
    if (tp__cue_first[f] == tp__cue_first[f + 1])
        return NULL; /* no cue starts with this byte */
    size_t n = strlen(low);
    const tp__cue_t *best = NULL;
    size_t best_len = 0;
    for (size_t b = tp__cue_first[f]; b < tp__cue_first[f + 1]; b++) {
        size_t k = tp__cue_order[b];
        const tp__cue_t *c = &tp__cues[k];
        size_t cl = tp__cue_len[k];
        /* the second byte first: most candidates differ there */
        if (cl > n || (cl > 1 && low[1] != c->text[1]) ||
            memcmp(low, c->text, cl) != 0)
            continue;
        const char *rest = low + cl;
        int ok;
        if (c->mode == CUE_EXACT)
            ok = tp__no_letters(rest);
        else
            ok = !(cl && tp__wordy(c->text + cl - 1) && tp__wordy(rest));
        if (ok && cl > best_len) {
            best = c;
            best_len = cl;
        }
    }
    return best;
}

/* Matches a widget bar ("Chia sẻ | In bài | Lưu", "In bài viết | Gửi
 * email | Về đầu trang"): a line split by '|' whose every part is a cue.
 * Returns the first part's cue, or NULL (also for lines without '|'). */
static const tp__cue_t *tp__match_cue_parts(const char *low)
{
    if (!strchr(low, '|'))
        return NULL;
    char part[TP__CUE_MAXLEN * 2 + 1];
    const tp__cue_t *first = NULL;
    const char *p = low;
    for (;;) {
        const char *bar = strchr(p, '|');
        size_t pl = bar ? (size_t)(bar - p) : strlen(p);
        while (pl && *p == ' ')
            p++, pl--;
        while (pl && p[pl - 1] == ' ')
            pl--;
        if (pl >= sizeof part)
            return NULL;
        if (pl) {
            memcpy(part, p, pl);
            part[pl] = '\0';
            const tp__cue_t *c = tp__match_cue(part);
            if (!c)
                return NULL;
            if (!first)
                first = c;
        }
        if (!bar)
            break;
        p = bar + 1;
    }
    return first;
}

/* 1 when the cue c matched low (a lower-cased line) as a bare heading
 * ("Xem thêm:", "TIN LIÊN QUAN"): nothing but punctuation follows it. */
static int tp__cue_heading(const tp__cue_t *c, const char *low)
{
    low = tp__skip_bullets(low);
    return tp__no_letters(low + strlen(c->text));
}

/* ---- line shapes ----------------------------------------------------- */

/* Last byte of a line ignoring closing quotes and brackets. */
static char tp__last_punct(const tp__line_t *l)
{
    return l->len ? l->s[l->len - 1] : 0;
}

/* 1 when the line ends a sentence (. ! ? … ; or a closing quote after
 * one). */
static int tp__ends_sentence(const char *s, size_t n)
{
    while (n > 0) {
        unsigned char c = (unsigned char)s[n - 1];
        if (c == '"' || c == '\'' || c == ')' || c == ']') {
            n--;
            continue;
        }
        if (n >= 3 && (memcmp(s + n - 3, "”", 3) == 0 ||
                       memcmp(s + n - 3, "’", 3) == 0)) {
            n -= 3;
            continue;
        }
        if (n >= 2 && memcmp(s + n - 2, "»", 2) == 0) {
            n -= 2;
            continue;
        }
        break;
    }
    if (n == 0)
        return 0;
    char c = s[n - 1];
    if (c == '.' || c == '!' || c == '?' || c == ';')
        return 1;
    return n >= 3 && memcmp(s + n - 3, "…", 3) == 0;
}

/* First code point of s. */
static int32_t tp__first_cp(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (s[i] == '"' || s[i] == '\'' || s[i] == '(' ||
                     s[i] == '[' || s[i] == ' '))
        i++;
    if (i + 3 <= n && (memcmp(s + i, "“", 3) == 0 || memcmp(s + i, "‘", 3) == 0))
        i += 3;
    return i < n ? tp__utf8_decode(s, n, &i) : 0;
}

/* 1 when a line could be a headline: 10 to 250 characters, not a finished
 * sentence ending in '.', not a list bullet. */
static int tp__headline_like(const tp__line_t *l)
{
    size_t c = tp__utf8_count_max(l->s, l->len, 250);
    if (c < 10 || c > 250)
        return 0;
    if (tp__last_punct(l) == '.' || tp__last_punct(l) == ':' ||
        tp__last_punct(l) == ';' || tp__last_punct(l) == ',')
        return 0;
    int32_t f = tp__first_cp(l->s, l->len);
    return tp__cp_is_upper(f) || (f >= '0' && f <= '9');
}

/* 1 when s is a personal name: 2 to 5 syllables, each one upper-case
 * letter followed by lower-case letters. */
int tp__is_name(const char *s, size_t n)
{
    if (n == 0 || n > 48)
        return 0;
    int words = 0;
    size_t i = 0;
    while (i < n) {
        size_t st = i;
        int letters = 0, ok = 1;
        while (i < n && s[i] != ' ') {
            int32_t cp = tp__utf8_decode(s, n, &i);
            if (letters == 0)
                ok &= tp__cp_is_upper(cp);
            else
                ok &= tp__cp_is_lower(cp);
            letters++;
        }
        if (!ok || letters == 0 || letters > 7 || i == st)
            return 0;
        words++;
        while (i < n && s[i] == ' ')
            i++;
    }
    return words >= 2 && words <= 5;
}

/* Words that mark an upper-case line as a heading, not a name (lower
 * case): chrome and common nouns a byline does not hold. Syllables that
 * are also given names or surnames (Liên, Trang, Bình, Đoàn, Nhất,
 * Quan, ...) are left out; chrome headings holding them are cues. */
static const char *const tp__caps_stop[] = {
    "tin", "bài", "mới", "xem", "thêm", "đọc", "video", "ảnh", "khác",
    "cùng", "chuyên", "mục", "nổi", "bật", "sự", "kiện", "chủ", "chia",
    "sẻ", "theo", "của", "và", "các", "những", "về", "cho", "với", "tại",
    "trong", "ubnd", "hđnd", "tỉnh", "huyện", "xã", "phường", "đảng", "ủy",
    "uỷ", "ban", "hội", "phóng", "nhóm", NULL,
};

/* 1 when s is a personal name written in capitals ("HỒNG VÂN"): 2 to 4
 * syllables of 1 to 7 upper-case letters, one of them two letters or
 * more, none a heading word. */
static int tp__is_caps_name(tp_arena_t *a, const char *s, size_t n)
{
    if (n == 0 || n > 48)
        return 0;
    int words = 0, long_word = 0;
    size_t i = 0;
    while (i < n) {
        size_t st = i;
        int letters = 0;
        while (i < n && s[i] != ' ') {
            int32_t cp = tp__utf8_decode(s, n, &i);
            if (!tp__cp_is_upper(cp))
                return 0;
            letters++;
        }
        if (letters == 0 || letters > 7)
            return 0;
        long_word |= letters >= 2;
        size_t ln;
        char *low = tp__utf8_lower(a, s + st, i - st, &ln);
        for (int k = 0; tp__caps_stop[k]; k++)
            if (strcmp(low, tp__caps_stop[k]) == 0)
                return 0;
        words++;
        while (i < n && s[i] == ' ')
            i++;
    }
    return words >= 2 && words <= 4 && long_word;
}

/* Copies a name in capitals as it is written in running text: each
 * syllable's first letter kept, the rest lower-cased ("HỒNG VÂN" ->
 * "Hồng Vân"). */
static char *tp__title_case(tp_arena_t *a, const char *s, size_t n)
{
    char *out = tp_arena_alloc_nz(a, n * 2 + 1); /* written up to the NUL */
    size_t o = 0, i = 0;
    while (i < n) {
        if (s[i] == ' ') {
            out[o++] = s[i++];
            continue;
        }
        size_t st = i;
        tp__utf8_decode(s, n, &i); /* the first letter stays */
        memcpy(out + o, s + st, i - st);
        o += i - st;
        size_t e = i;
        while (e < n && s[e] != ' ')
            e++;
        size_t ln;
        char *low = tp__utf8_lower(a, s + i, e - i, &ln);
        memcpy(out + o, low, ln);
        o += ln;
        i = e;
    }
    out[o] = '\0';
    return out;
}

/* ---- small builders ---------------------------------------------------- */

typedef struct tp__strv {
    const char **v;
    size_t n, cap;
} tp__strv_t;

/* Appends s to a string vector unless it is already there. */
static void tp__strv_add(tp_arena_t *a, tp__strv_t *sv, const char *s)
{
    for (size_t i = 0; i < sv->n; i++)
        if (strcmp(sv->v[i], s) == 0)
            return;
    if (sv->n == sv->cap) {
        size_t cap = sv->cap ? sv->cap * 2 : 8;
        sv->v = tp_arena_realloc(a, sv->v, sv->n * sizeof *sv->v,
                                 cap * sizeof *sv->v);
        sv->cap = cap;
    }
    sv->v[sv->n++] = s;
}

/* Copies s[0..n) trimmed of spaces and the given trailing characters. */
static char *tp__trimdup(tp_arena_t *a, const char *s, size_t n,
                         const char *strip)
{
    while (n && (*s == ' ' || strchr(strip, *s)))
        s++, n--;
    while (n && (s[n - 1] == ' ' || strchr(strip, s[n - 1])))
        n--;
    return tp_arena_strndup(a, s, n);
}

/* Adds the author names of a byline: strips "Bài và ảnh:", a trailing
 * "(unit)" and splits "A - B", "A, B", "A và B". Names in capitals
 * ("VĂN THẮNG - THU HÀ") count when caps_ok (the caller knows the line
 * stands where bylines stand) or a "Bài:"-style prefix says so; they are
 * added in title case. Returns how many names were found. */
static int tp__byline_names(tp_arena_t *a, const char *s, size_t n,
                            int caps_ok, tp__strv_t *out)
{
    static const char *const prefixes[] = {
        "Bài và ảnh:", "Bài, ảnh:", "Bài và ảnh", "Bài, ảnh", "Tin và ảnh:",
        "Tin, ảnh:", "Tin và ảnh", "Tin, ảnh", "Bài:", "Tin:", "Ảnh:",
        "Tác giả:", "Nhóm phóng viên:", "Nhóm PV:", "PV:", NULL,
    };
    for (int k = 0; prefixes[k]; k++) {
        size_t pl = strlen(prefixes[k]);
        if (n > pl && memcmp(s, prefixes[k], pl) == 0) {
            s += pl;
            n -= pl;
            caps_ok = 1;
            break;
        }
    }
    while (n && *s == ' ')
        s++, n--;
    /* drop a trailing "(unit)" */
    if (n && s[n - 1] == ')') {
        const char *open = memchr(s, '(', n);
        if (open && open > s)
            n = (size_t)(open - s);
    }
    while (n && s[n - 1] == ' ')
        n--;
    if (n == 0 || n > 120)
        return 0;
    /* split on " - ", " – ", ", ", " và " */
    int found = 0, bad = 0;
    const char *names[8];
    size_t lens[8];
    int k = 0;
    size_t i = 0, st = 0;
    while (i <= n && k < 8) {
        size_t sep = 0;
        if (i < n && s[i] != ' ' && s[i] != ',') {
            i++; /* every separator starts with a space or a comma */
            continue;
        }
        if (i == n)
            sep = 1;
        else if (n - i >= 3 && memcmp(s + i, " - ", 3) == 0)
            sep = 3;
        else if (n - i >= 5 && memcmp(s + i, " – ", 5) == 0)
            sep = 5;
        else if (n - i >= 2 && memcmp(s + i, ", ", 2) == 0)
            sep = 2;
        else if (n - i >= 5 && memcmp(s + i, " và ", 5) == 0)
            sep = 5;
        if (!sep) {
            i++;
            continue;
        }
        names[k] = s + st;
        lens[k] = i - st;
        k++;
        if (i == n)
            break;
        i += sep;
        st = i;
    }
    int caps[8] = {0};
    for (int j = 0; j < k; j++) {
        if (tp__is_name(names[j], lens[j]))
            continue;
        if (caps_ok && tp__is_caps_name(a, names[j], lens[j]))
            caps[j] = 1;
        else
            bad = 1;
    }
    if (bad || k == 0)
        return 0;
    for (int j = 0; j < k; j++) {
        tp__strv_add(a, out,
                     caps[j] ? tp__title_case(a, names[j], lens[j])
                             : tp_arena_strndup(a, names[j], lens[j]));
        found++;
    }
    return found;
}

/* Words that open the unit of a closing byline "Name - Unit" ("Văn
 * phòng Huyện ủy", "Ban Dân vận Tỉnh ủy"); each is matched as whole words
 * at the start of the unit. */
static const char *const tp__unit_heads[] = {
    "Văn phòng", "Ban", "Trung tâm", "Phòng", "Đài", "Báo", "Hội", "UBND",
    "HĐND", "MTTQ", "Huyện ủy", "Huyện uỷ", "Tỉnh ủy", "Tỉnh uỷ", "Thành ủy",
    "Thành uỷ", "Quận ủy", "Quận uỷ", "Đảng ủy", "Đảng uỷ", "Ủy ban",
    "Uỷ ban", "Mặt trận", "Sở", "Cục", "Chi cục", "Viện", "Trường",
    "Bệnh viện", "Công an", "Liên đoàn", "Tỉnh đoàn", "Huyện đoàn",
    "Thành đoàn", "Đoàn Thanh niên", "Cổng thông tin", "Trang thông tin",
    "Hạt Kiểm lâm", "Bộ Chỉ huy", "Ban Chỉ huy", "Kho bạc", "Bảo hiểm xã hội",
    NULL,
};

/* Adds the author of a closing byline "Name - Unit" ("Phạm Thu Trang -
 * Văn phòng Huyện ủy"): a name of 2 to 4 syllables, " - ", then a unit
 * opening with one of tp__unit_heads, no sentence punctuation. Place
 * pairs ("Hà Nội - Việt Nam") have no unit head. Returns 1 when found. */
static int tp__unit_byline(tp_arena_t *a, const char *s, size_t n,
                           tp__strv_t *out)
{
    if (n > 120 || tp__ends_sentence(s, n) || memchr(s, ',', n) ||
        memchr(s, ':', n))
        return 0;
    const char *dash = NULL;
    size_t dl = 0;
    for (size_t i = 0; i + 3 <= n && !dash; i++) {
        if (memcmp(s + i, " - ", 3) == 0)
            dash = s + i, dl = 3;
        else if (i + 5 <= n && memcmp(s + i, " – ", 5) == 0)
            dash = s + i, dl = 5;
    }
    if (!dash)
        return 0;
    size_t nl = (size_t)(dash - s);
    int words = 1;
    for (size_t j = 0; j < nl; j++)
        words += s[j] == ' ';
    if (words < 2 || words > 4 || !tp__is_name(s, nl))
        return 0;
    const char *u = dash + dl;
    size_t ul = n - nl - dl;
    int uwords = 1;
    for (size_t j = 0; j < ul; j++)
        uwords += u[j] == ' ';
    if (uwords > 10)
        return 0;
    for (int k = 0; tp__unit_heads[k]; k++) {
        size_t hl = strlen(tp__unit_heads[k]);
        if (ul > hl && memcmp(u, tp__unit_heads[k], hl) == 0 &&
            u[hl] == ' ') {
            tp__strv_add(a, out, tp_arena_strndup(a, s, nl));
            return 1;
        }
    }
    return 0;
}

/* 1 when a line is a byline without a person: "Nhóm PV", "PV", "CTV",
 * "Nhóm phóng viên", "Ban Biên tập". */
static int tp__group_byline(const char *s, size_t n)
{
    static const char *const groups[] = {
        "Nhóm PV", "PV", "CTV", "Nhóm phóng viên", "Nhóm P.V", "Phóng viên",
        "Cộng tác viên", "Nhóm CTV", "PV-CTV", "BBT", "Ban Biên tập", NULL,
    };
    while (n && (s[n - 1] == '.' || s[n - 1] == ' '))
        n--;
    for (int k = 0; groups[k]; k++)
        if (strlen(groups[k]) == n && memcmp(groups[k], s, n) == 0)
            return 1;
    /* an agency credit: "Theo TTXVN", "Theo VOV", "Theo Chinhphu.vn" */
    if (n > 5 && n <= 40 && memcmp(s, "Theo ", 5) == 0 &&
        !memchr(s + 5, ' ', n - 5)) {
        size_t i = 5, upper = 0, other = 0;
        while (i < n) {
            int32_t cp = tp__utf8_decode(s, n, &i);
            if (tp__cp_is_upper(cp))
                upper++;
            else if (cp != '.' && cp != '-' && !tp__cp_is_lower(cp))
                other++;
        }
        int domain = n > 8 && memcmp(s + n - 3, ".vn", 3) == 0;
        return !other && (domain || (upper >= 2 && upper * 2 >= n - 5));
    }
    return 0;
}

/* Splits a tag line into tags; returns the count (0: not a tag line). */
static int tp__tag_split(tp_arena_t *a, const char *s, size_t n, int by_cue,
                         tp__strv_t *out)
{
    if (by_cue) {
        const char *colon = memchr(s, ':', n);
        if (colon) {
            n -= (size_t)(colon + 1 - s);
            s = colon + 1;
        } else {
            /* "Từ khóa" without a colon: skip the cue words */
            size_t sp = 0, w = 0;
            while (sp < n && w < 2)
                if (s[sp++] == ' ')
                    w++;
            s += sp;
            n -= sp;
        }
    }
    char sepc = memchr(s, ';', n) ? ';' : ',';
    int k = 0;
    size_t i = 0;
    while (i < n) {
        const char *e = memchr(s + i, sepc, n - i);
        size_t end = e ? (size_t)(e - s) : n;
        char *t = tp__trimdup(a, s + i, end - i, ".");
        if (*t) {
            tp__strv_add(a, out, t);
            k++;
        }
        i = end + 1;
    }
    return k;
}

/* 1 when the line is a ';'-separated keyword line: two or more parts,
 * each short, no sentence punctuation. */
static int tp__tag_shape(const tp__line_t *l)
{
    if (l->len > 400 || !memchr(l->s, ';', l->len))
        return 0;
    if (tp__last_punct(l) == '.' || tp__last_punct(l) == ':')
        return 0;
    int parts = 0;
    size_t i = 0;
    while (i < l->len) {
        const char *e = memchr(l->s + i, ';', l->len - i);
        size_t end = e ? (size_t)(e - l->s) : l->len;
        size_t words = 1;
        for (size_t j = i; j < end; j++)
            if (l->s[j] == ' ' && j > i)
                words++;
        if (end - i > 0) {
            if (words > 9 || memchr(l->s + i, ',', end - i))
                return 0;
            parts++;
        }
        i = end + 1;
    }
    return parts >= 2;
}

/* Parses the number of a visit counter ("Lượt xem: 1.234"); -1 if none. */
static int64_t tp__view_number(const char *s, size_t n)
{
    const char *colon = memchr(s, ':', n);
    size_t i = colon ? (size_t)(colon - s) + 1 : 0;
    while (i < n && !(s[i] >= '0' && s[i] <= '9'))
        i++;
    if (i == n)
        return -1;
    int64_t v = 0;
    for (; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9') {
            if (v > 1000000000000LL)
                return -1;
            v = v * 10 + (s[i] - '0');
        } else if ((s[i] == '.' || s[i] == ',') && i + 1 < n &&
                   s[i + 1] >= '0' && s[i + 1] <= '9') {
            continue;
        } else {
            break;
        }
    }
    return v;
}

/* Photo-caption cue phrases (lower case). Only whether one occurs
 * matters, so a phrase that contains a shorter one is not listed: "trao"
 * stands for trao quà, trao tặng, trao giấy, trao bằng, trao quyết định,
 * trao đổi; "tặng" for tặng quà, tặng hoa; "thăm" for thăm hỏi; "tại
 * buổi" for tại buổi lễ; "dự hội" for dự hội nghị. */
static const char *const tp__caption_cues[] = {
    "phát biểu", "chủ trì", "tại hội nghị", "tại buổi", "thăm", "kiểm tra",
    "chụp ảnh", "ảnh:", "(ảnh", "quang cảnh", "toàn cảnh", "kết luận",
    "báo cáo", "chia sẻ", "nêu ý kiến", "góp ý", "tham gia ý kiến",
    "tham quan", "làm việc", "khảo sát", "cắt băng", "dự lễ", "tại lễ",
    "tại đại hội", "dự đại hội", "đón", "dự buổi", "dự hội", "phát động",
    "ra quân", "tặng", "trao", NULL,
};

/* Openers of captions: who is in the photo. */
static const char *const tp__caption_openers[] = {
    "đồng chí", "ông ", "bà ", "bí thư", "phó ", "chủ tịch", "trưởng",
    "giám đốc", "các đại biểu", "đại biểu", "quang cảnh", "toàn cảnh",
    "thường trực", "ủy viên", "đoàn ", "lãnh đạo", "thứ trưởng", "bộ trưởng",
    "các đồng chí", "ảnh:", "ảnh minh họa", "cán bộ", NULL,
};

/* 1 when a line is a photo caption: a score of 3 or more. A caption
 * names who is in the photo and what they do: a short line opening with
 * a person or group, a photo verb (a cue phrase, +2), often no final
 * period; a sentence that opens with an adverbial clause ("Tại hội nghị,
 * ...") is body text. low_known is the line lower-cased when the caller
 * has it (NULL: lowered here). The cheap tests come first and the cue
 * phrases are searched only when they decide. */
static int tp__is_caption(tp_arena_t *a, const tp__line_t *l,
                          const char *low_known)
{
    size_t c = tp__utf8_count_max(l->s, l->len, 200);
    if (c < 12 || c > 200 || memchr(l->s, ';', l->len))
        return 0;
    if (!tp__cp_is_upper(tp__first_cp(l->s, l->len)))
        return 0;
    char last = tp__last_punct(l);
    if (last == ':' || last == ',')
        return 0;
    /* one sentence at most: no ". " before an upper-case letter */
    for (size_t i = 0; i + 2 < l->len; i++) {
        const char *dot = memchr(l->s + i, '.', l->len - 2 - i);
        if (!dot)
            break;
        i = (size_t)(dot - l->s);
        if (l->s[i + 1] == ' ' &&
            tp__cp_is_upper(tp__first_cp(l->s + i + 2, l->len - i - 2)))
            return 0;
    }
    const char *low = low_known ? low_known
                                : tp__utf8_lower(a, l->s, l->len, NULL);
    int score = 0; /* all but the cue phrases */
    for (int k = 0; tp__caption_openers[k]; k++)
        if (strncmp(low, tp__caption_openers[k],
                    strlen(tp__caption_openers[k])) == 0) {
            score += 1;
            break;
        }
    if (strstr(low, "(ảnh") || strncmp(low, "ảnh:", 5) == 0)
        score += 2;
    if (last != '.')
        score += 1;
    const char *comma = memchr(l->s, ',', l->len);
    if (comma && tp__utf8_count_max(l->s, (size_t)(comma - l->s), 30) <= 30)
        score -= 1; /* an introductory clause */
    if (c > 120)
        score -= 1;
    if (score >= 3 || score + 2 < 3)
        return score >= 3;
    for (int k = 0; tp__caption_cues[k]; k++)
        if (strstr(low, tp__caption_cues[k]))
            return 1;
    return 0;
}

/* ---- agency ------------------------------------------------------------- */

/* Finds a source prefix at the start of the lead: "HNP - ", "(BGĐT)- ",
 * "(Chinhphu.vn) - ", "TTXVN: ". Returns the prefix length in bytes and
 * the agency name in *agency; 0 when there is none. */
static size_t tp__agency_prefix(tp_arena_t *a, const char *s, size_t n,
                                const char **agency)
{
    size_t i = 0, ns, ne;
    if (n && s[0] == '(') {
        const char *close = memchr(s, ')', n < 40 ? n : 40);
        if (!close)
            return 0;
        ns = 1;
        ne = (size_t)(close - s);
        if (ne <= ns || memchr(s + ns, ' ', ne - ns))
            return 0;
        i = ne + 1;
    } else {
        /* upper-case letters, digits and dots, 2 to 12 characters */
        size_t j = 0, letters = 0;
        while (j < n && j < 24) {
            size_t st = j;
            int32_t cp = tp__utf8_decode(s, n, &j);
            if (tp__cp_is_upper(cp) || (cp >= '0' && cp <= '9') || cp == '.') {
                letters++;
                continue;
            }
            j = st;
            break;
        }
        if (letters < 2 || letters > 12)
            return 0;
        ns = 0;
        ne = j;
        i = j;
    }
    size_t k = i;
    while (k < n && s[k] == ' ')
        k++;
    if (k < n && (s[k] == '-' || s[k] == ':'))
        k += 1;
    else if (k + 3 <= n && (memcmp(s + k, "–", 3) == 0 || memcmp(s + k, "—", 3) == 0))
        k += 3;
    else if (s[0] == '(' && k > i)
        ; /* "(TTXVN) Sáng nay" */
    else
        return 0;
    while (k < n && s[k] == ' ')
        k++;
    if (k >= n)
        return 0;
    *agency = tp_arena_strndup(a, s + ns, ne - ns);
    return k;
}

/* ---- the passes --------------------------------------------------------- */

/* Joins hard-wrapped lines: a line that does not end a sentence followed,
 * without a blank line, by one that starts in lower case. */
static void tp__join_wrapped(tp_arena_t *a, tp__lines_t *ls)
{
    size_t w = 0;
    for (size_t r = 0; r < ls->n; r++) {
        tp__line_t *cur = &ls->v[r];
        if (w > 0) {
            tp__line_t *prev = &ls->v[w - 1];
            int32_t f = tp__first_cp(cur->s, cur->len);
            char last = tp__last_punct(prev);
            if (cur->blank_before == 0 && tp__cp_is_lower(f) &&
                tp__utf8_count_max(prev->s, prev->len, 12) >= 12 &&
                !tp__ends_sentence(prev->s, prev->len) && last != ':') {
                char *j = tp_arena_alloc(a, prev->len + cur->len + 2);
                memcpy(j, prev->s, prev->len);
                j[prev->len] = ' ';
                memcpy(j + prev->len + 1, cur->s, cur->len);
                prev->s = j;
                prev->len += cur->len + 1;
                continue;
            }
        }
        ls->v[w++] = *cur;
    }
    ls->n = w;
}

/* Strips a trailing "(hh:mm dd/mm/yyyy)" or " - dd/mm/yyyy" from a title
 * line and returns the date; 0 when there is none. */
static int tp__title_date(tp__line_t *l, tp__datetime_t *d)
{
    size_t st, en;
    if (!tp__date_find(l->s, l->len, d, &st, &en))
        return 0;
    /* the date must sit in the last part of the line */
    size_t open = st;
    while (open > 0 && l->s[open - 1] != '(' && l->len - open < 40)
        open--;
    if (open > 0 && l->s[open - 1] == '(') {
        const char *close = memchr(l->s + en, ')', l->len - en);
        if (!close || (size_t)(close - l->s) + 1 != l->len)
            return 0;
        /* only a date and a time inside: "(19:54 26/03/2020)" */
        for (const char *p = l->s + open; p < close; p++)
            if (!strchr("0123456789:/-.,| hH", *p))
                return 0;
        tp__datetime_t other;
        if (tp__date_find(l->s + en, (size_t)(close - l->s) - en, &other,
                          NULL, NULL))
            return 0; /* a range of dates, not a timestamp */
        size_t cut = open - 1;
        while (cut > 0 && l->s[cut - 1] == ' ')
            cut--;
        if (cut == 0)
            return 0;
        l->len = cut;
        l->s[cut] = '\0';
        return 1;
    }
    return 0;
}

/* 1 when a line is a dateline: mostly a date and a time. */
static int tp__dateline_shape(const tp__line_t *l, tp__datetime_t *d)
{
    if (l->len > 80)
        return 0;
    size_t st, en;
    if (!tp__date_find(l->s, l->len, d, &st, &en))
        return 0;
    /* few letters besides the date: weekday names, "lúc", "GMT+7" */
    size_t letters = 0, i = 0;
    while (i < l->len) {
        int32_t cp = tp__utf8_decode(l->s, l->len, &i);
        if (tp__cp_is_letter(cp))
            letters++;
    }
    return letters <= 16;
}

/* Banner cue phrases above a headline (lower case). */
static const char *const tp__banner_cues[] = {
    "chủ đề", "chào mừng", "kỷ niệm", "kỉ niệm", "hướng tới", "nhiệt liệt",
    "thi đua", "năm dân vận", "quyết tâm", "tiến bước", NULL,
};

/* 1 when low (a lower-cased line) reads like a banner or slogan. */
static int tp__banner_text(const char *low)
{
    for (int k = 0; tp__banner_cues[k]; k++)
        if (strstr(low, tp__banner_cues[k]))
            return 1;
    return 0;
}

/* Section names sites print above a headline or in a breadcrumb (lower
 * case; both tone styles where they differ). A line made of these is a
 * section label, never the title. */
static const char *const tp__section_names[] = {
    "trang chủ", "thời sự", "chính trị", "xây dựng đảng", "kinh tế",
    "xã hội", "văn hóa", "văn hoá", "giáo dục", "y tế", "thể thao",
    "quốc phòng", "an ninh", "quốc phòng - an ninh", "an ninh - quốc phòng",
    "quốc phòng - an ninh - đối ngoại", "pháp luật", "nông nghiệp",
    "nông thôn", "nông nghiệp - nông thôn", "nông thôn mới", "ngoại giao",
    "đối ngoại", "thế giới", "quốc tế", "trong nước", "địa phương",
    "tin tức", "tin tức - sự kiện", "sự kiện", "tin tức sự kiện",
    "tin trong tỉnh", "tin trong nước", "tin địa phương", "tin hoạt động",
    "quốc hội", "đời sống", "du lịch", "khoa học", "công nghệ",
    "khoa học - công nghệ", "giải trí", "môi trường", "bạn đọc",
    "chuyên đề", "tiêu điểm", "kinh tế - xã hội", "chính trị - xã hội",
    "văn hóa - xã hội", "văn hoá - xã hội", "an ninh - trật tự",
    "dân vận", "công tác dân vận", "mặt trận", "đoàn thể", "doanh nghiệp",
    "đầu tư", "tài chính", "giao thông", "xây dựng", "biển đảo",
    "chuyển đổi số", "cải cách hành chính", "nội chính", "thời sự - chính trị",
    "chính trị - thời sự", "lao động", "việc làm", "sức khỏe", "sức khoẻ",
    "tin ảnh", "phóng sự", "bình luận - phê phán", "xã luận", "điểm tin",
    "hoạt động", "tin mới", "tin nổi bật", "người tốt việc tốt", NULL,
};

/* 1 when low[0..n) is one of the section names. */
static int tp__section_name(const char *low, size_t n)
{
    while (n && *low == ' ')
        low++, n--;
    while (n && low[n - 1] == ' ')
        n--;
    for (int k = 0; tp__section_names[k]; k++)
        if (strlen(tp__section_names[k]) == n &&
            memcmp(tp__section_names[k], low, n) == 0)
            return 1;
    return 0;
}

/* Length of a breadcrumb separator at low[i] (">", "|", "»", "›", " / "
 * are hard separators: *hard is set; " - ", " – " only split known
 * section names); 0 when there is none. */
static size_t tp__crumb_sep(const char *low, size_t n, size_t i, int *hard)
{
    if (low[i] == '>' || low[i] == '|') {
        *hard = 1;
        return 1;
    }
    if (n - i >= 2 && memcmp(low + i, "»", 2) == 0) {
        *hard = 1;
        return 2;
    }
    if (n - i >= 3 && (memcmp(low + i, "›", 3) == 0 ||
                       memcmp(low + i, "→", 3) == 0)) {
        *hard = 1;
        return 3;
    }
    if (n - i >= 3 && memcmp(low + i, " / ", 3) == 0) {
        *hard = 1;
        return 3;
    }
    if (n - i >= 3 && memcmp(low + i, " - ", 3) == 0)
        return 3;
    if (n - i >= 5 && memcmp(low + i, " – ", 5) == 0)
        return 5;
    return 0;
}

/* 1 when a line is a section label or a breadcrumb: a known section name,
 * parts that are all section names ("Kinh tế - Xã hội"), or short parts
 * between hard separators ("Trang chủ > Thời sự > Quốc hội", "Chính trị |
 * Xây dựng Đảng"). low is the line lower-cased (NULL: too long). */
static int tp__section_label(const tp__line_t *l, const char *low)
{
    if (!low || l->len > 120 || tp__ends_sentence(l->s, l->len) ||
        tp__last_punct(l) == ':' || tp__last_punct(l) == ',')
        return 0;
    size_t n = strlen(low);
    if (tp__section_name(low, n))
        return 1;
    int hard = 0, parts = 0, known = 0, words_total = 0;
    size_t st = 0, i = 0;
    while (i <= n) {
        size_t sep = i < n ? tp__crumb_sep(low, n, i, &hard) : 1;
        if (!sep) {
            i++;
            continue;
        }
        size_t a = st, b = i;
        while (a < b && low[a] == ' ')
            a++;
        while (b > a && low[b - 1] == ' ')
            b--;
        if (b > a) {
            int words = 1;
            for (size_t j = a; j < b; j++)
                words += low[j] == ' ';
            if (words > 5)
                return 0;
            words_total += words;
            known += tp__section_name(low + a, b - a);
            parts++;
        }
        if (i >= n)
            break;
        i += sep;
        st = i;
    }
    if (parts < 2 || words_total > 14)
        return 0;
    return hard || known == parts;
}

/* 1 when line f is a short label (at most three words, no digits, no
 * sentence punctuation) standing above g, a headline of four or more
 * words that is not a dateline: a section name the table does not know. */
static int tp__short_label(const tp__line_t *f, const tp__line_t *g)
{
    size_t c = tp__utf8_count_max(f->s, f->len, 30);
    if (c > 30 || tp__ends_sentence(f->s, f->len) || tp__last_punct(f) == ':')
        return 0;
    int words = 1;
    for (size_t j = 0; j < f->len; j++) {
        if (f->s[j] >= '0' && f->s[j] <= '9')
            return 0;
        words += f->s[j] == ' ';
    }
    if (words > 3 || !tp__cp_is_upper(tp__first_cp(f->s, f->len)))
        return 0;
    int gw = 1;
    for (size_t j = 0; j < g->len; j++)
        gw += g->s[j] == ' ';
    tp__datetime_t d;
    return gw >= 4 && !tp__dateline_shape(g, &d) &&
           tp__cp_is_upper(tp__first_cp(g->s, g->len));
}

/* 1 when a line is written in capitals: three or more letters, none of
 * them lower case ("CỔNG THÔNG TIN ĐIỆN TỬ HUYỆN HẢI HẬU"). */
static int tp__all_caps(const tp__line_t *l)
{
    int upper = 0;
    size_t i = 0;
    while (i < l->len) {
        int32_t cp = tp__utf8_decode(l->s, l->len, &i);
        if (tp__cp_is_lower(cp))
            return 0;
        upper += tp__cp_is_upper(cp);
    }
    return upper >= 3;
}

/* 1 when a line in capitals opens with a site-name phrase ("CỔNG THÔNG
 * TIN ...", "TRANG THÔNG TIN ...", "BÁO ...", "ĐÀI ..."): a site banner. */
static int tp__site_banner(const tp__line_t *l)
{
    static const char *const heads[] = {
        "CỔNG THÔNG TIN", "TRANG THÔNG TIN", "BÁO ", "ĐÀI ", NULL,
    };
    if (!tp__all_caps(l))
        return 0;
    for (int k = 0; heads[k]; k++)
        if (l->len > strlen(heads[k]) &&
            memcmp(l->s, heads[k], strlen(heads[k])) == 0)
            return 1;
    return 0;
}

/* 1 when a line in any case is a site's name as portals print it above
 * everything else: "Báo Ninh Bình điện tử", "Báo điện tử Đảng Cộng sản
 * Việt Nam", "Cổng thông tin điện tử tỉnh ...", "Trang thông tin điện tử
 * ...", "Tạp chí điện tử ...", "Báo ... Online". low is the line lower
 * cased (NULL for long lines, which are never names). */
static int tp__site_name(const tp__line_t *l, const char *low)
{
    static const char *const heads[] = {
        "cổng thông tin điện tử", "trang thông tin điện tử", "báo điện tử",
        "tạp chí điện tử", NULL,
    };
    static const char *const tails[] = {" điện tử", " online", NULL};
    if (!low || l->len > 100 || tp__ends_sentence(l->s, l->len))
        return 0;
    size_t n = strlen(low);
    for (int k = 0; heads[k]; k++)
        if (strncmp(low, heads[k], strlen(heads[k])) == 0)
            return 1;
    if (strncmp(low, "báo ", 4) != 0)
        return 0;
    for (int k = 0; tails[k]; k++) {
        size_t t = strlen(tails[k]);
        if (n > t + 4 && memcmp(low + n - t, tails[k], t) == 0)
            return 1;
    }
    return 0;
}

/* Kind of line f at the top of a plain-text article when it is a banner
 * or section label in capitals above g, else 0: a site-name banner
 * (TP__K_BANNER) above any headline-shaped line, or any line in capitals
 * (TP__K_BREADCRUMB, TP__K_BANNER for a slogan) above a normal-case
 * headline. A headline in capitals with no normal-case headline under it
 * stays the title. */
static int tp__caps_label(const tp__line_t *f, const char *lowf,
                          const tp__line_t *g)
{
    if (f->len > 200 || tp__ends_sentence(f->s, f->len) || !tp__all_caps(f))
        return 0;
    if (tp__site_banner(f))
        return TP__K_BANNER;
    tp__datetime_t d;
    if (tp__all_caps(g) || tp__dateline_shape(g, &d) ||
        tp__ends_sentence(g->s, g->len))
        return 0;
    return lowf && tp__banner_text(lowf) ? TP__K_BANNER : TP__K_BREADCRUMB;
}

/* Chrome classification of single lines by cue phrase and shape. */
static void tp__classify(tp_arena_t *a, tp__lines_t *ls, int64_t *views,
                         char **lows)
{
    for (size_t i = 0; i < ls->n; i++) {
        tp__line_t *l = &ls->v[i];
        lows[i] = NULL;
        if (l->len > TP__CUE_MAXLEN)
            continue;
        lows[i] = tp__utf8_lower(a, l->s, l->len, NULL);
        const tp__cue_t *c = tp__match_cue(lows[i]);
        if (c) {
            if (c->kind == TP__K_VISIT_COUNTER && *views < 0 &&
                (strstr(lows[i], "lượt xem") || strstr(lows[i], "lượt đọc"))) {
                *views = tp__view_number(l->s, l->len);
            }
            if (c->kind == TP__K_DATELINE) {
                tp__datetime_t d;
                if (!tp__date_find(l->s, l->len, &d, NULL, NULL))
                    continue; /* "Cập nhật" in a sentence, not a dateline */
            }
            l->kind = c->kind;
        } else if ((c = tp__match_cue_parts(lows[i])) != NULL) {
            l->kind = c->kind;
        } else if (tp__tag_shape(l)) {
            l->kind = TP__K_TAG_LINE;
        }
    }
}

/* 1 when a section cue starts at line i. */
static int tp__is_section(const char *low)
{
    if (!low)
        return 0;
    const tp__cue_t *c = tp__match_cue(low);
    return c && c->section;
}

/* Adds a removed entry, merging with the previous one of the same kind
 * when the lines were adjacent. */
typedef struct tp__removed_v {
    tp_removed_t *v;
    size_t n, cap;
    size_t last_line;
    size_t last_len; /* bytes of the last entry's text */
} tp__removed_v_t;

static void tp__removed_add(tp_arena_t *a, tp__removed_v_t *rv,
                            const char *kind, const char *text, size_t n,
                            size_t line)
{
    if (rv->n && rv->last_line + 1 == line &&
        strcmp(rv->v[rv->n - 1].kind, kind) == 0) {
        tp_removed_t *r = &rv->v[rv->n - 1];
        char *t = tp_arena_alloc(a, rv->last_len + 1 + n + 1);
        memcpy(t, r->text, rv->last_len);
        t[rv->last_len] = '\n';
        memcpy(t + rv->last_len + 1, text, n);
        t[rv->last_len + 1 + n] = '\0';
        r->text = t;
        rv->last_len += 1 + n;
        rv->last_line = line;
        return;
    }
    if (rv->n == rv->cap) {
        size_t cap = rv->cap ? rv->cap * 2 : 8;
        rv->v = tp_arena_realloc(a, rv->v, rv->n * sizeof *rv->v,
                                 cap * sizeof *rv->v);
        rv->cap = cap;
    }
    rv->v[rv->n].kind = kind;
    rv->v[rv->n].text = tp_arena_strndup(a, text, n);
    rv->n++;
    rv->last_line = line;
    rv->last_len = n;
}

/* 1 when the line at i is text a related-article list would carry as a
 * lead: a paragraph of some length. */
static int tp__para_like(const tp__line_t *l)
{
    return tp__utf8_count_max(l->s, l->len, 60) >= 60;
}

/* Bytes of body lines in [from, to) (lines of at least min bytes). */
static size_t tp__body_bytes(const tp__lines_t *ls, size_t from, size_t to,
                             size_t min)
{
    size_t s = 0;
    for (size_t i = from; i < to && i < ls->n; i++)
        if (ls->v[i].kind == TP__K_BODY && ls->v[i].len >= min)
            s += ls->v[i].len;
    return s;
}

/* Cuts the tail at the first section cue after the lead when most of the
 * article's text is above it. */
static void tp__tail_cut(tp__lines_t *ls, char **lows, size_t lead)
{
    size_t n = ls->n, cut = n;
    for (size_t i = lead + 1; i < n; i++) {
        if (!tp__is_section(lows[i]))
            continue;
        size_t before = tp__body_bytes(ls, 0, i, 0);
        size_t after = tp__body_bytes(ls, i + 1, n, 120);
        if (after < before) {
            cut = i;
            break;
        }
    }
    int section = TP__K_HTML_BOILERPLATE;
    for (size_t i = cut; i < n; i++) {
        tp__line_t *l = &ls->v[i];
        const tp__cue_t *c = lows[i] ? tp__match_cue(lows[i]) : NULL;
        /* a bare related heading ("Xem thêm:") starts a list even where
         * the cue itself may sit inside the article */
        if (c && (c->section || (c->kind == TP__K_RELATED_LIST &&
                                 tp__cue_heading(c, lows[i]))))
            section = c->kind;
        if (l->kind != TP__K_BODY)
            continue;
        if (tp__is_name(l->s, l->len) || tp__tag_shape(l))
            continue; /* bylines and tag lines keep their own kinds */
        l->kind = section;
    }
}

/* Marks a trailing run of "headline / lead" pairs (each pair set off by a
 * blank line, its two lines not) as a related-article list. */
static void tp__related_pairs(tp__lines_t *ls, size_t lead)
{
    size_t n = ls->n;
    tp__line_t *L = ls->v;
    /* the page must separate its paragraphs with blank lines */
    size_t blanks = 0, lines = 0;
    for (size_t i = lead + 1; i < n; i++)
        if (L[i].kind == TP__K_BODY) {
            lines++;
            blanks += L[i].blank_before > 0;
        }
    if (lines < 4 || blanks * 2 < lines)
        return;
    for (size_t s = lead + 1; s + 3 < n; s++) {
        size_t i = s;
        int pairs = 0;
        while (i + 1 < n && L[i].kind == TP__K_BODY &&
               L[i + 1].kind == TP__K_BODY && L[i].blank_before > 0 &&
               L[i + 1].blank_before == 0 && tp__headline_like(&L[i]) &&
               tp__para_like(&L[i + 1]) &&
               (i + 2 >= n || L[i + 2].blank_before > 0)) {
            pairs++;
            i += 2;
        }
        if (pairs < 2)
            continue;
        /* nothing but short lines (bylines, widgets) may follow */
        int tail_ok = 1;
        for (size_t j = i; j < n; j++)
            if (L[j].kind == TP__K_BODY && tp__utf8_count_max(L[j].s, L[j].len, 60) >= 60)
                tail_ok = 0;
        if (!tail_ok)
            continue;
        for (size_t j = s; j < i; j++)
            L[j].kind = TP__K_RELATED_LIST;
        return;
    }
}

/* 1 when a line starts with a list bullet ("» ", "• ", "► ", "- "). */
static int tp__bulleted(const tp__line_t *l)
{
    const char *s = l->s;
    size_t n = l->len;
    if (n >= 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+') && s[1] == ' ')
        return 1;
    if (n >= 2 && memcmp(s, "»", 2) == 0)
        return 1;
    return n >= 3 && (memcmp(s, "•", 3) == 0 || memcmp(s, "►", 3) == 0 ||
                      memcmp(s, "›", 3) == 0 || memcmp(s, "▪", 3) == 0);
}

/* 1 when a line reads as a listed headline: up to 200 characters, not a
 * finished sentence (or set off by a bullet). */
static int tp__listed_headline(const tp__line_t *l)
{
    if (tp__utf8_count_max(l->s, l->len, 200) > 200)
        return 0;
    return tp__bulleted(l) || !tp__ends_sentence(l->s, l->len);
}

/* Marks related-article headlines the other passes leave: the headline
 * lines under a bare related heading ("Xem thêm:", "Tin liên quan"),
 * and, once the article has ended (the first chrome or byline line after
 * its last paragraph), every later line that reads as a listed headline. */
static void tp__related_tail(tp__lines_t *ls, char **lows, size_t lead)
{
    size_t n = ls->n;
    tp__line_t *L = ls->v;
    for (size_t i = lead + 1; i < n; i++) {
        if (L[i].kind != TP__K_RELATED_LIST || !lows[i])
            continue;
        const tp__cue_t *c = tp__match_cue(lows[i]);
        if (!c || !tp__cue_heading(c, lows[i]))
            continue;
        for (size_t j = i + 1; j < n; j++) {
            if (L[j].kind != TP__K_BODY)
                continue;
            if (!tp__listed_headline(&L[j]))
                break;
            L[j].kind = TP__K_RELATED_LIST;
        }
    }
    size_t last_para = n;
    for (size_t i = n; i-- > lead;)
        if (L[i].kind == TP__K_BODY && L[i].len >= 120 &&
            tp__ends_sentence(L[i].s, L[i].len)) {
            last_para = i;
            break;
        }
    if (last_para == n)
        return;
    size_t end = last_para + 1;
    while (end < n && (L[end].kind == TP__K_BODY ||
                       L[end].kind == TP__K_DUPLICATE))
        end++;
    for (size_t j = end + 1; j < n; j++)
        if (L[j].kind == TP__K_BODY && tp__listed_headline(&L[j]))
            L[j].kind = TP__K_RELATED_LIST;
}

/* Case-insensitive equality of two short texts. */
static int tp__same_text(tp_arena_t *a, const char *x, size_t xn,
                         const char *y, size_t yn)
{
    size_t ln1, ln2;
    char *l1 = tp__utf8_lower(a, x, xn, &ln1);
    char *l2 = tp__utf8_lower(a, y, yn, &ln2);
    return ln1 == ln2 && memcmp(l1, l2, ln1) == 0;
}

/* An open-addressing set of line hashes, for duplicate lines. */
typedef struct tp__hset {
    uint64_t *slots;
    size_t mask;
} tp__hset_t;

/* Inserts h; returns 1 when it was already there. */
static int tp__hset_add(tp__hset_t *hs, uint64_t h)
{
    if (h == 0)
        h = 1;
    size_t k = (size_t)h & hs->mask;
    while (hs->slots[k]) {
        if (hs->slots[k] == h)
            return 1;
        k = (k + 1) & hs->mask;
    }
    hs->slots[k] = h;
    return 0;
}

/* 64-bit hash of a line for the duplicate set (XXH3: a body's lines are
 * hashed whole, and FNV's byte loop cost more than the rest of the
 * duplicate check). */
static uint64_t tp__line_hash(const char *s, size_t n)
{
    return XXH3_64bits(s, n);
}

/* Recovers the structure; see text_internal.h. */
void tp__structure(tp_arena_t *a, tp__lines_t *ls, const tp__hints_t *h,
                   tp_article_t *art)
{
    tp__join_wrapped(a, ls);
    size_t n = ls->n;
    tp__line_t *L = ls->v;
    char **lows = tp_arena_alloc(a, (n + 1) * sizeof *lows);
    int64_t views = -1;
    tp__classify(a, ls, &views, lows);

    tp__datetime_t pub = {0};
    int have_pub = 0;

    /* Title: from the hints (envelope, markup) or the first lines. */
    size_t title_idx = n;
    const char *title = h->title;
    if (title) {
        size_t tl = strlen(title);
        for (size_t k = 0; k < n && k < 8; k++) {
            if (L[k].kind != TP__K_BODY)
                continue;
            tp__datetime_t d;
            tp__line_t probe = L[k];
            probe.s = tp_arena_strndup(a, L[k].s, L[k].len);
            if (tp__title_date(&probe, &d) &&
                tp__same_text(a, probe.s, probe.len, title, tl)) {
                pub = d;
                have_pub = 1;
            } else if (!tp__same_text(a, L[k].s, L[k].len, title, tl)) {
                continue;
            }
            for (size_t j = 0; j < k; j++) {
                if (L[j].kind != TP__K_BODY)
                    continue;
                if (tp__section_label(&L[j], lows[j]))
                    L[j].kind = TP__K_BREADCRUMB;
                else if (tp__headline_like(&L[j]))
                    L[j].kind = TP__K_BANNER;
            }
            L[k].kind = TP__K_TITLE;
            title_idx = k;
            break;
        }
    } else {
        size_t f = 0;
        while (f < n && L[f].kind != TP__K_BODY)
            f++;
        /* the site's name above everything, whatever follows it */
        while (f < n && tp__site_name(&L[f], lows[f])) {
            size_t g = f + 1;
            while (g < n && L[g].kind != TP__K_BODY)
                g++;
            /* a headline or a section label must follow: a title such as
             * "Báo X ra mắt ấn phẩm điện tử" has the lead under it */
            tp__datetime_t d;
            if (g >= n || tp__dateline_shape(&L[g], &d) ||
                !(tp__headline_like(&L[g]) ||
                  tp__section_label(&L[g], lows[g])))
                break;
            L[f].kind = TP__K_BANNER;
            f = g;
        }
        /* section labels and breadcrumbs above the headline */
        for (int k = 0; k < 3 && f < n; k++) {
            size_t g = f + 1;
            while (g < n && L[g].kind != TP__K_BODY)
                g++;
            if (g >= n || !tp__headline_like(&L[g]) ||
                tp__section_label(&L[g], lows[g]))
                break;
            int kind = TP__K_BREADCRUMB;
            if (!tp__section_label(&L[f], lows[f]) &&
                !tp__short_label(&L[f], &L[g]) &&
                !(kind = tp__caps_label(&L[f], lows[f], &L[g])))
                break;
            L[f].kind = kind;
            f = g;
        }
        size_t more = f + 1;
        while (more < n && L[more].kind != TP__K_BODY)
            more++;
        if (f < n && more < n && tp__headline_like(&L[f])) {
            size_t g = f + 1;
            while (g < n && L[g].kind != TP__K_BODY)
                g++;
            size_t g2 = g + 1;
            while (g2 < n && L[g2].kind != TP__K_BODY)
                g2++;
            /* lowered only when needed: L[g] is often a long paragraph */
            if (g < n && g2 < n && tp__headline_like(&L[g]) &&
                tp__banner_text(tp__utf8_lower(a, L[f].s, L[f].len, NULL)) &&
                !tp__banner_text(tp__utf8_lower(a, L[g].s, L[g].len, NULL))) {
                L[f].kind = TP__K_BANNER;
                f = g;
            }
            tp__datetime_t d;
            if (tp__title_date(&L[f], &d)) {
                pub = d;
                have_pub = 1;
            }
            L[f].kind = TP__K_TITLE;
            title_idx = f;
            title = L[f].s;
        }
    }

    /* Datelines near the top. */
    size_t head_end = (title_idx < n ? title_idx : 0) + 4;
    for (size_t i = 0; i < n && i < head_end; i++) {
        tp__datetime_t d;
        if (L[i].kind == TP__K_BODY && tp__dateline_shape(&L[i], &d))
            L[i].kind = TP__K_DATELINE;
        if (L[i].kind == TP__K_DATELINE && !have_pub &&
            tp__date_find(L[i].s, L[i].len, &d, NULL, NULL)) {
            pub = d;
            have_pub = 1;
        }
    }

    /* Bylines anywhere after the title. A name in capitals alone on its
     * line is a byline only where bylines stand: before the first
     * paragraph or after the last one (in between it is a heading). */
    tp__strv_t authors = {0};
    size_t first_para = n, last_para = n;
    for (size_t i = 0; i < n; i++)
        if (L[i].kind == TP__K_BODY && L[i].len >= 120 &&
            tp__ends_sentence(L[i].s, L[i].len)) {
            if (first_para == n)
                first_para = i;
            last_para = i;
        }
    /* the trailing run of body lines: from tail on, every body line is
     * short and no finished sentence (a closing signature block) */
    size_t tail = n, first_body = n;
    for (size_t i = (title_idx < n ? title_idx + 1 : 0); i < n; i++)
        if (L[i].kind == TP__K_BODY && first_body == n)
            first_body = i;
    for (size_t i = n; i-- > first_body + 1;) {
        if (L[i].kind != TP__K_BODY)
            continue;
        if (L[i].len > 120 || tp__ends_sentence(L[i].s, L[i].len))
            break;
        tail = i;
    }
    for (size_t i = (title_idx < n ? title_idx + 1 : 1); i < n; i++) {
        if (L[i].kind != TP__K_BODY || L[i].len > 120)
            continue;
        int after = (last_para < n && i > last_para) || i >= tail;
        int caps_ok = i < first_para || (last_para < n && i > last_para);
        if (tp__byline_names(a, L[i].s, L[i].len, caps_ok, &authors) > 0 ||
            tp__group_byline(L[i].s, L[i].len) ||
            (after && tp__unit_byline(a, L[i].s, L[i].len, &authors)))
            L[i].kind = TP__K_BYLINE;
    }

    /* The lead: the first body line after the title. */
    size_t lead = title_idx < n ? title_idx + 1 : 0;
    while (lead < n && L[lead].kind != TP__K_BODY)
        lead++;
    if (lead < n) {
        tp__tail_cut(ls, lows, lead);
        tp__related_pairs(ls, lead);
        tp__related_tail(ls, lows, lead);
    }

    /* Tags, duplicates and captions. */
    tp__strv_t tags = {0}, captions = {0};
    for (size_t i = 0; i < n; i++)
        if (L[i].kind == TP__K_TAG_LINE)
            tp__tag_split(a, L[i].s, L[i].len,
                          lows[i] && tp__match_cue(lows[i]) != NULL, &tags);
    size_t cap = 16;
    while (cap < n * 2)
        cap *= 2;
    tp__hset_t hs = {tp_arena_alloc(a, cap * sizeof(uint64_t)), cap - 1};
    for (size_t i = 0; i < n; i++) {
        tp__line_t *l = &L[i];
        if (l->kind != TP__K_BODY)
            continue;
        int is_cap = 0;
        for (size_t k = 0; k < h->n_captions; k++)
            if (strcmp(h->captions[k], l->s) == 0)
                is_cap = 1;
        if (!is_cap && i != lead && tp__is_caption(a, l, lows[i]))
            is_cap = 1;
        if (tp__hset_add(&hs, tp__line_hash(l->s, l->len))) {
            l->kind = is_cap ? TP__K_CAPTION_REPEAT : TP__K_DUPLICATE;
            continue;
        }
        if (!is_cap)
            continue;
        l->flags |= TP__F_CAPTION;
        tp__strv_add(a, &captions, l->s);
        /* a caption that repeats a sentence of the body leaves it */
        size_t cl = l->len;
        if (cl && l->s[cl - 1] == '.')
            cl--;
        char *needle = tp_arena_strndup(a, l->s, cl);
        for (size_t j = 0; j < n && cl >= 20; j++) {
            if (j == i || L[j].kind != TP__K_BODY || L[j].len <= l->len)
                continue;
            if (strstr(L[j].s, needle)) {
                l->kind = TP__K_CAPTION_REPEAT;
                break;
            }
        }
    }
    for (size_t k = 0; k < h->n_captions; k++)
        tp__strv_add(a, &captions, h->captions[k]);

    /* Agency prefix of the lead and the lead's dateline. */
    tp__removed_v_t rv = {0};
    rv.last_line = (size_t)-2;
    size_t lead_i = 0;
    while (lead_i < n && L[lead_i].kind != TP__K_BODY)
        lead_i++;
    if (lead_i < n) {
        const char *agency = NULL;
        size_t pl = tp__agency_prefix(a, L[lead_i].s, L[lead_i].len, &agency);
        if (pl) {
            art->agency = agency;
            tp__removed_add(a, &rv, "agency_prefix", L[lead_i].s, pl,
                            (size_t)-4);
            L[lead_i].s += pl;
            L[lead_i].len -= pl;
        }
    }
    if (!h->published_at && !have_pub) {
        int seen = 0;
        /* only the lead's own dateline: a date further down is an event.
         * A day-month without a year ("Ngày 14/7") takes its year only from
         * fetched_at (h->year); a year guessed from dates in the text would
         * invent a publication date, so without fetched_at it is no date. */
        for (size_t i = lead_i; i < n && seen < 1; i++) {
            if (L[i].kind != TP__K_BODY || (L[i].flags & TP__F_CAPTION))
                continue;
            seen++;
            const char *s = L[i].s;
            size_t sl = L[i].len;
            const char *ag = NULL;
            size_t pl = tp__agency_prefix(a, s, sl, &ag);
            if (tp__date_lead(s + pl, sl - pl, h->year, &pub)) {
                have_pub = 1;
                break;
            }
        }
    }

    /* Assemble the body, paragraphs and removed entries. */
    tp_buf_t body = {0};
    size_t np = 0, body_bytes = 0;
    for (size_t i = 0; i < n; i++)
        if (L[i].kind == TP__K_BODY) {
            np++;
            body_bytes += L[i].len + 1;
        }
    if (body_bytes) { /* one allocation: the buffer never grows */
        /* not zeroed: each append writes the NUL after it */
        body.data = tp_arena_alloc_nz(a, body_bytes + 1);
        body.cap = body_bytes + 1;
    }
    art->paragraphs = tp_arena_alloc(a, (np + 1) * sizeof *art->paragraphs);
    art->n_paragraphs = 0;
    for (size_t i = 0; i < n; i++) {
        tp__line_t *l = &L[i];
        if (l->kind == TP__K_BODY) {
            if (body.len)
                tp_buf_putc(a, &body, '\n');
            tp_span_t *sp = &art->paragraphs[art->n_paragraphs++];
            sp->start = (uint32_t)body.len;
            tp_buf_append(a, &body, l->s, l->len);
            sp->end = (uint32_t)body.len;
        } else if (l->kind != TP__K_TITLE) {
            tp__removed_add(a, &rv, tp__kind_name(l->kind), l->s, l->len, i);
        }
    }
    art->body = body.data ? body.data : tp_arena_strdup(a, "");
    art->body_len = body.len;
    art->lead = art->n_paragraphs
                    ? tp_arena_strndup(a, art->body + art->paragraphs[0].start,
                                       art->paragraphs[0].end -
                                           art->paragraphs[0].start)
                    : NULL;
    art->title = title;
    if (h->published_at)
        art->published_at = h->published_at;
    else if (have_pub)
        art->published_at = tp__date_format(a, &pub);
    if (!authors.n && h->author)
        tp__byline_names(a, h->author, strlen(h->author), 1, &authors);
    if (!authors.n && h->author && *h->author)
        tp__strv_add(a, &authors, h->author);
    art->authors = authors.v;
    art->n_authors = authors.n;
    art->captions = captions.v;
    art->n_captions = captions.n;
    art->tags = tags.v;
    art->n_tags = tags.n;
    art->view_count = views;
    art->removed = rv.v;
    art->n_removed = rv.n;
}

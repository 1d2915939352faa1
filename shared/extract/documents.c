/*
 * extract/documents.c — cited documents: `document:<symbol>`
 * (article-event-v1.md).
 *
 * Symbols, spaces removed and leading zeros of the number dropped:
 *   party  <n>-<code>/<issuer>          290-QĐ/TW, 17-NQ/TU, 11-QĐi/TW
 *   state  <n>/[<year>/]<code>-<issuer> 16/CT-TTg, 30/2020/NĐ-CP, 52/2014/QH13
 * A reference without a symbol ("Quyết định số 290 của Bộ Chính trị",
 * "Chỉ thị số 05", "Kết luận số 114 ngày 14/7/2015 của Ban Bí thư") gets
 * the party symbol its issuer implies (Bộ Chính trị, Ban Bí thư, Ban Chấp
 * hành Trung ương: TW; Tỉnh ủy or its Ban Thường vụ: TU; Huyện ủy: HU;
 * Đảng ủy: ĐU), else the symbol of the same type and number cited
 * elsewhere in the article, else `document:<code>:<number>`. A symbol
 * elsewhere matches when it has the same number and type word (codes may
 * differ: Quy định is QĐ or QĐi) and its issuer does not contradict the
 * one named; it wins over inference from the issuer.
 *
 * A document is a symbol or a type word with a number; "Chương trình"
 * with a bare number ("Chương trình 135", "Chương trình 30a") names a
 * national programme, so it counts only with "số" or a symbol; "Đề án 06"
 * is cited as the decision that approved it, so it counts bare. In state symbols the part after the slash is the
 * type code when it is one (16/CT-TTg: TTg issues; 30/2020/NĐ-CP: CP
 * issues) and otherwise the issuer, followed by the drafting unit
 * (215/SNV-VP: SNV issues, VP drafted).
 *
 * Fields: doc_type (the type word, "Quyết định"), number, issuer (the
 * body after "của", or the symbol's issuer code), issued_on (the "ngày"
 * date right after the reference), title (the quoted or plain subject
 * after "về"), symbol.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "extract/extract_internal.h"
#include "extract/scan.h"
#include "extract/vn.h"

/* Document types: the type word (lower case), its display form and the
 * code its symbols use. Longer words first. */
static const struct {
    const char *pat, *name, *code;
    int needs_so;     /* a bare number counts only as "<word> số <n>": the
                       * word is also a counted noun ("3 báo cáo"), or a
                       * number after it names a programme, not a
                       * document ("Chương trình 135") */
    const char *last; /* the last syllable of pat */
} tp__types[] = {
    {"chương trình hành động", "Chương trình hành động", "CTr", 0, "động"},
    {"thông tư liên tịch", "Thông tư liên tịch", "TTLT", 0, "tịch"},
    {"nghị quyết liên tịch", "Nghị quyết liên tịch", "NQLT", 0, "tịch"},
    {"nghị quyết", "Nghị quyết", "NQ", 0, "quyết"},
    {"quyết định", "Quyết định", "QĐ", 0, "định"},
    {"chỉ thị", "Chỉ thị", "CT", 0, "thị"},
    {"kết luận", "Kết luận", "KL", 0, "luận"},
    {"quy định", "Quy định", "QĐi", 0, "định"},
    {"chương trình", "Chương trình", "CTr", 1, "trình"},
    {"đề án", "Đề án", "ĐA", 0, "án"},
    {"quy chế", "Quy chế", "QC", 0, "chế"},
    {"kế hoạch", "Kế hoạch", "KH", 0, "hoạch"},
    {"hướng dẫn", "Hướng dẫn", "HD", 0, "dẫn"},
    {"thông tư", "Thông tư", "TT", 0, "tư"},
    {"nghị định", "Nghị định", "NĐ", 0, "định"},
    {"công văn", "Công văn", "CV", 0, "văn"},
    {"thông báo", "Thông báo", "TB", 0, "báo"},
    {"thông tri", "Thông tri", "TTr", 0, "tri"},
    {"pháp lệnh", "Pháp lệnh", "PL", 0, "lệnh"},
    {"luật", "Luật", "L", 1, "luật"},
    {"báo cáo", "Báo cáo", "BC", 1, "cáo"},
    {"tờ trình", "Tờ trình", "TTr", 1, "trình"},
    /* "Biên bản ghi nhớ số 05/BBGN": memoranda between bodies; a bare
     * "biên bản" counts only with "số" ("lập biên bản 23 trường hợp"). */
    {"biên bản ghi nhớ", "Biên bản ghi nhớ", "BBGN", 0, "nhớ"},
    {"biên bản", "Biên bản", "BB", 1, "bản"},
    {"văn bản", "Văn bản", "VB", 1, "bản"},
    {"quyết nghị", "Quyết nghị", "QN", 1, "nghị"},
};
#define TP__N_TYPES (sizeof tp__types / sizeof tp__types[0])

/* Type codes that open a state symbol ("16/CT-TTg": a Chỉ thị the Thủ
 * tướng issues). A symbol whose first part is not one of them starts with
 * its issuer instead ("215/SNV-VP": Sở Nội vụ issues, its Văn phòng
 * drafted; "52/2014/QH13": Quốc hội khóa XIII). */
static const char *const tp__type_codes[] = {
    "QĐ", "NQ", "CT", "TT", "NĐ", "KH", "CV", "TB", "HD", "BC", "TTr", "KL",
    "QC", "ĐA", "CTr", "TTLT", "NQLT", "PL", "L", "QĐi", "VB", "CĐ", "GM",
    "BB", "HĐ", "QyĐ", "KHPH", "CTrPH", "QN", NULL};

/* True when code c (c_len bytes) is a document type code. */
static int tp__is_type_code(const char *c, size_t c_len)
{
    for (int k = 0; tp__type_codes[k]; k++)
        if (strlen(tp__type_codes[k]) == c_len && memcmp(tp__type_codes[k], c, c_len) == 0)
            return 1;
    return 0;
}

/* Other codes a type's symbols use: party regulations (Quy định) are
 * numbered QĐ in most symbols and QĐi in some. */
static const struct {
    const char *name, *code;
} tp__alt_codes[] = {
    {"Quy định", "QĐ"},
};

/* True when symbols coded code may belong to type t. */
static int tp__type_has_code(int t, const char *code)
{
    if (t < 0 || !code)
        return 0;
    if (strcmp(tp__types[t].code, code) == 0)
        return 1;
    for (size_t k = 0; k < sizeof tp__alt_codes / sizeof tp__alt_codes[0]; k++)
        if (strcmp(tp__alt_codes[k].name, tp__types[t].name) == 0 &&
            strcmp(tp__alt_codes[k].code, code) == 0)
            return 1;
    return 0;
}

/* Issuing bodies (lower case, both tone styles) and the issuer code of
 * their party symbols; NULL code: a state body (no party symbol). */
static const struct {
    const char *pat, *code;
} tp__issuers[] = {
    {"ban chấp hành trung ương", "TW"}, {"bch trung ương", "TW"},
    {"bch tw", "TW"}, {"ban chấp hành tw", "TW"},
    {"bộ chính trị", "TW"}, {"ban bí thư", "TW"}, {"trung ương", "TW"},
    {"ban thường vụ tỉnh ủy", "TU"}, {"ban thường vụ tỉnh uỷ", "TU"},
    {"btv tỉnh ủy", "TU"}, {"btv tỉnh uỷ", "TU"},
    {"thường trực tỉnh ủy", "TU"}, {"thường trực tỉnh uỷ", "TU"},
    {"ban chấp hành đảng bộ tỉnh", "TU"}, {"bch đảng bộ tỉnh", "TU"},
    {"tỉnh ủy", "TU"}, {"tỉnh uỷ", "TU"},
    {"ban thường vụ thành ủy", "TU"}, {"ban thường vụ thành uỷ", "TU"},
    {"btv thành ủy", "TU"}, {"btv thành uỷ", "TU"},
    {"thành ủy", "TU"}, {"thành uỷ", "TU"},
    {"ban thường vụ huyện ủy", "HU"}, {"ban thường vụ huyện uỷ", "HU"},
    {"btv huyện ủy", "HU"}, {"btv huyện uỷ", "HU"},
    {"thường trực huyện ủy", "HU"}, {"thường trực huyện uỷ", "HU"},
    {"ban chấp hành đảng bộ huyện", "HU"}, {"bch đảng bộ huyện", "HU"},
    {"huyện ủy", "HU"}, {"huyện uỷ", "HU"},
    {"ban thường vụ quận ủy", "QU"}, {"ban thường vụ quận uỷ", "QU"},
    {"quận ủy", "QU"}, {"quận uỷ", "QU"},
    {"ban thường vụ thị ủy", "TU"}, {"ban thường vụ thị uỷ", "TU"},
    {"thị ủy", "TU"}, {"thị uỷ", "TU"},
    {"ban thường vụ đảng ủy", "ĐU"}, {"ban thường vụ đảng uỷ", "ĐU"},
    {"đảng ủy", "ĐU"}, {"đảng uỷ", "ĐU"},
    {"thủ tướng chính phủ", NULL}, {"chính phủ", NULL}, {"quốc hội", NULL},
    {"ủy ban nhân dân", NULL}, {"uỷ ban nhân dân", NULL}, {"ubnd", NULL},
    {"hội đồng nhân dân", NULL}, {"hđnd", NULL},
};
#define TP__N_ISSUERS (sizeof tp__issuers / sizeof tp__issuers[0])

/* A reference found in the first pass. */
typedef struct tp__ref {
    size_t start, end;   /* the mention */
    size_t tail_end;     /* end of its date/issuer/title tail */
    int chained;         /* follows the previous reference ("217 và 218") */
    int type;            /* index into tp__types, -1 unknown */
    const char *symbol;  /* canonical symbol, or NULL (number only) */
    const char *code;    /* code part of the symbol / type's code */
    long number;
    const char *issuer;      /* body name as written, or NULL */
    const char *issuer_code; /* TW, TU, ... */
    char issued_on[11];
    const char *title;
} tp__ref_t;

/* True for an ASCII uppercase letter or Đ at s[i]; *n gets its bytes. */
static int tp__upper_at(const char *s, size_t len, size_t i, size_t *n)
{
    if (i < len && s[i] >= 'A' && s[i] <= 'Z') {
        *n = 1;
        return 1;
    }
    if (i + 1 < len && (unsigned char)s[i] == 0xC4 && (unsigned char)s[i + 1] == 0x90) {
        *n = 2;
        return 1;
    }
    return 0;
}

/* True for an ASCII letter, digit, Đ or đ at s[i]; *n gets its bytes. */
static int tp__code_at(const char *s, size_t len, size_t i, size_t *n)
{
    if (i < len && ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
                    (s[i] >= '0' && s[i] <= '9'))) {
        *n = 1;
        return 1;
    }
    if (i + 1 < len && (unsigned char)s[i] == 0xC4 &&
        ((unsigned char)s[i + 1] == 0x90 || (unsigned char)s[i + 1] == 0x91)) {
        *n = 2;
        return 1;
    }
    return 0;
}

/* Reads a code word (starts uppercase, then letters/digits) at i; returns
 * its end or 0. Letters only when letters_only. */
static size_t tp__code_word(const char *s, size_t len, size_t i, int letters_only)
{
    size_t n;
    if (!tp__upper_at(s, len, i, &n))
        return 0;
    size_t j = i + n;
    while (tp__code_at(s, len, j, &n)) {
        if (letters_only && s[j] >= '0' && s[j] <= '9')
            return 0;
        j += n;
        if (j - i > 16)
            return 0;
    }
    int32_t cp;
    if (j < len) {
        tp_vn_decode(s, len, j, &cp);
        if (tp_vn_is_alnum(cp))
            return 0; /* runs into a Vietnamese letter: a word, not a code */
    }
    return j;
}

/* True for a dash at s[i] ('-' or en dash); *n gets its bytes. */
static int tp__dash_at(const char *s, size_t len, size_t i, size_t *n)
{
    if (i < len && s[i] == '-') {
        *n = 1;
        return 1;
    }
    if (i + 3 <= len && memcmp(s + i, "\xe2\x80\x93", 3) == 0) {
        *n = 3;
        return 1;
    }
    return 0;
}

/* Concatenates the decimal number num between prefix pre and the n
 * pieces (pointer, length) into a new arena string. printf is too slow
 * here: this runs for every symbol. */
static char *tp__cat(tp_arena_t *a, const char *pre, long num, size_t n, ...)
{
    char digits[24];
    size_t dl = tp__fmt_int(digits, num), pl = pre ? strlen(pre) : 0;
    size_t total = pl + dl;
    va_list ap;
    va_start(ap, n);
    for (size_t k = 0; k < n; k++) {
        (void)va_arg(ap, const char *);
        total += va_arg(ap, size_t);
    }
    va_end(ap);
    char *out = tp_arena_alloc(a, total + 1), *o = out;
    memcpy(o, pre ? pre : "", pl);
    o += pl;
    memcpy(o, digits, dl);
    o += dl;
    va_start(ap, n);
    for (size_t k = 0; k < n; k++) {
        const char *p = va_arg(ap, const char *);
        size_t l = va_arg(ap, size_t);
        memcpy(o, p, l);
        o += l;
    }
    va_end(ap);
    *o = 0;
    return out;
}

/* Tries a symbol at the number starting at i. Fills r->symbol, r->code,
 * r->number, r->issuer_code and returns the end, or 0. */
static size_t tp__symbol_at(tp_xctx_t *x, size_t i, tp__ref_t *r)
{
    const char *s = x->body;
    size_t len = x->len, e, n;
    long num = tp__scan_uint(s, len, i, 6, &e);
    if (num < 0)
        return 0;

    /* Party: <n> - <CODE> / <ISSUER> */
    size_t j = tp__scan_skip_sp(s, len, e);
    if (tp__dash_at(s, len, j, &n)) {
        size_t c0 = tp__scan_skip_sp(s, len, j + n);
        size_t c1 = tp__code_word(s, len, c0, 1);
        if (c1 && c1 - c0 <= 6) {
            size_t k = tp__scan_skip_sp(s, len, c1);
            if (k < len && s[k] == '/') {
                size_t i0 = tp__scan_skip_sp(s, len, k + 1);
                size_t i1 = tp__code_word(s, len, i0, 0);
                if (i1) {
                    /* Issuer codes are upper case: TW, TU, ĐUK, BCSĐ. */
                    int upper = 1;
                    for (size_t q = i0; q < i1; q++)
                        if (s[q] >= 'a' && s[q] <= 'z')
                            upper = 0;
                    if (upper) {
                        /* "156-KH/TĐTN-PTTN": the issuing unit's parts
                         * after the issuer, joined by '-' without spaces. */
                        size_t u1 = i1;
                        while (u1 + 1 < len && s[u1] == '-') {
                            size_t q = tp__code_word(s, len, u1 + 1, 0);
                            if (!q)
                                break;
                            u1 = q;
                        }
                        r->code = tp_arena_strndup(x->arena, s + c0, c1 - c0);
                        r->issuer_code = tp_arena_strndup(x->arena, s + i0, i1 - i0);
                        r->number = num;
                        r->symbol = tp__cat(x->arena, NULL, num, 4, "-", (size_t)1,
                                            r->code, strlen(r->code), "/", (size_t)1,
                                            s + i0, u1 - i0);
                        return u1;
                    }
                }
            }
        }
        return 0;
    }

    /* State: <n>/[<year>/]<PART>(-<PART>)* */
    if (e < len && s[e] == '/') {
        size_t k = e + 1, ye;
        int year = 0;
        int y = tp__scan_uint(s, len, k, 4, &ye);
        if (y >= 1900 && ye - k == 4 && ye < len && s[ye] == '/') {
            year = y;
            k = ye + 1;
        }
        size_t p0 = k, p1 = tp__code_word(s, len, k, 0);
        if (!p1)
            return 0;
        int parts = 1;
        size_t end = p1;
        while (end < len && s[end] == '-') {
            size_t q = tp__code_word(s, len, end + 1, 0);
            if (!q)
                break;
            end = q;
            parts++;
        }
        if (!year && parts < 2)
            return 0; /* "24/7", "3/UBND" are not symbols */
        r->number = num;
        /* "<type>-<issuer>[-<unit>]" or "<issuer>-<unit>" (see
         * tp__type_codes); a lone part after a year is the issuer. */
        if (tp__is_type_code(s + p0, p1 - p0)) {
            r->code = tp_arena_strndup(x->arena, s + p0, p1 - p0);
            if (parts >= 2) {
                size_t q0 = p1 + 1, q1 = q0;
                while (q1 < end && s[q1] != '-')
                    q1++;
                r->issuer_code = tp_arena_strndup(x->arena, s + q0, q1 - q0);
            }
        } else {
            r->code = NULL;
            r->issuer_code = tp_arena_strndup(x->arena, s + p0, p1 - p0);
        }
        char yb[24];
        size_t yl = tp__fmt_int(yb, year);
        if (year)
            r->symbol = tp__cat(x->arena, NULL, num, 4, "/", (size_t)1, yb, yl,
                                "/", (size_t)1, s + p0, (size_t)(end - p0));
        else
            r->symbol = tp__cat(x->arena, NULL, num, 2, "/", (size_t)1, s + p0,
                                (size_t)(end - p0));
        return end;
    }
    return 0;
}

/* "05/BBGN" at i: a number, "/", one upper-case code and nothing glued
 * after it. The form tp__symbol_at() refuses alone ("24/7", "3/UBND"),
 * read only after a type word and "số". Fills r and returns the end, or
 * 0. */
static size_t tp__short_symbol(tp_xctx_t *x, size_t i, tp__ref_t *r)
{
    const char *s = x->body;
    size_t len = x->len, e;
    long num = tp__scan_uint(s, len, i, 6, &e);
    if (num <= 0 || e >= len || s[e] != '/')
        return 0;
    size_t c1 = tp__code_word(s, len, e + 1, 1);
    if (!c1 || c1 - (e + 1) < 2 || (c1 < len && (s[c1] == '-' || s[c1] == '/')))
        return 0;
    r->number = num;
    r->code = tp_arena_strndup(x->arena, s + e + 1, c1 - (e + 1));
    r->symbol = tp__cat(x->arena, NULL, num, 2, "/", (size_t)1, s + e + 1,
                        (size_t)(c1 - (e + 1)));
    return c1;
}

/* The last syllables of the type words as a set: most numbers follow
 * none, and that is answered without walking the types. Built once. */
static const char *tp__type_lasts[TP__N_TYPES + 1];
static tp__wset_t tp__type_last_set;
static pthread_once_t tp__type_once = PTHREAD_ONCE_INIT;

static void tp__type_init(void)
{
    for (size_t t = 0; t < TP__N_TYPES; t++)
        tp__type_lasts[t] = tp__types[t].last;
    tp__wset_fill(&tp__type_last_set, tp__type_lasts);
}

/* Finds the type word right before i (optionally followed by "số");
 * returns its index and sets *start, or -1. *with_so tells whether "số"
 * was there. */
static int tp__type_before(const char *s, size_t i, size_t *start, int *with_so)
{
    size_t at = i;
    *with_so = 0;
    char w[32];
    size_t ws;
    size_t wl = tp__scan_prev_word(s, at, &ws, w, sizeof w);
    if (wl && strcmp(w, "số") == 0) {
        at = ws;
        *with_so = 1;
        wl = tp__scan_prev_word(s, at, &ws, w, sizeof w);
    }
    if (!wl || !tp__wset_has(&tp__type_last_set, w, strlen(w)))
        return -1;
    /* Only types whose last syllable is the word before can match.
     * "Chương trình hành động số 961-CTr/TU": longer words are listed
     * first, so the first match is the longest. */
    for (size_t t = 0; t < TP__N_TYPES; t++) {
        if (tp__types[t].last[0] != w[0] || strcmp(tp__types[t].last, w) != 0)
            continue;
        size_t st = tp__scan_word_before(s, at, tp__types[t].pat);
        if (st) {
            *start = st - 1;
            return (int)t;
        }
    }
    return -1;
}

/* Reads what follows a reference ending at e: ", ngày D/M/YYYY", "của
 * <issuer>", "(khóa X)", "về <title>". Fills r and returns the end of
 * the date or issuer (e when neither follows). */
static size_t tp__ref_tail(tp_xctx_t *x, size_t e, tp__ref_t *r)
{
    const char *s = x->body;
    size_t len = x->len;
    size_t last = e;
    size_t k = tp__scan_skip_sp(s, len, e);
    if (k < len && s[k] == ',')
        k = tp__scan_skip_sp(s, len, k + 1);
    /* Issue date. */
    size_t ne = tp__scan_word(s, len, k, "ngày");
    if (ne) {
        size_t q = tp__scan_skip_sp(s, len, ne), de;
        int y, m, d;
        if (tp__scan_dmy(s, len, q, 0, &y, &m, &d, &de) == 0) {
            tp__fmt_date(r->issued_on, y, m, d);
            k = tp__scan_skip_sp(s, len, de);
            last = de;
        } else {
            /* "ngày 5 tháng 11 năm 2010" */
            size_t e1, e2, e3;
            d = tp__scan_uint(s, len, q, 2, &e1);
            size_t t = d > 0 ? tp__scan_word(s, len, tp__scan_skip_sp(s, len, e1), "tháng") : 0;
            m = t ? tp__scan_uint(s, len, tp__scan_skip_sp(s, len, t), 2, &e2) : -1;
            size_t n = m > 0 ? tp__scan_word(s, len, tp__scan_skip_sp(s, len, e2), "năm") : 0;
            y = n ? tp__scan_uint(s, len, tp__scan_skip_sp(s, len, n), 4, &e3) : -1;
            if (y >= 1000 && tp__valid_date(y, m, d)) {
                tp__fmt_date(r->issued_on, y, m, d);
                k = tp__scan_skip_sp(s, len, e3);
                last = e3;
            }
        }
        if (k < len && s[k] == ',')
            k = tp__scan_skip_sp(s, len, k + 1);
    }
    /* Issuer. */
    size_t ce = tp__scan_word(s, len, k, "của");
    size_t ik = ce ? tp__scan_skip_sp(s, len, ce) : k;
    /* Only issuers whose first syllable is the one at ik can match. */
    char w1[32];
    size_t w1e, w1l = tp__scan_next_word(s, len, ik, &w1e, w1, sizeof w1);
    if (w1l && w1e - w1l != ik)
        w1l = 0;
    for (size_t t = 0; w1l && t < TP__N_ISSUERS; t++) {
        const char *pat = tp__issuers[t].pat;
        if (pat[0] != w1[0] || strncmp(pat, w1, w1l) != 0 ||
            (pat[w1l] != ' ' && pat[w1l] != 0))
            continue;
        size_t ie = tp__scan_word(s, len, ik, pat);
        if (ie) {
            r->issuer = tp_arena_strndup(x->arena, s + ik, ie - ik);
            if (!r->issuer_code && tp__issuers[t].code)
                r->issuer_code = tp__issuers[t].code;
            else if (!tp__issuers[t].code)
                r->issuer_code = r->issuer_code ? r->issuer_code : "";
            k = tp__scan_skip_sp(s, len, ie);
            last = ie;
            break;
        }
    }
    /* "(khóa X)" after the issuer: skip it on the way to the title. */
    size_t kk = k;
    if (kk < len && s[kk] == '(') {
        size_t close = kk;
        while (close < len && close < kk + 40 && s[close] != ')')
            close++;
        if (close < len && s[close] == ')')
            kk = tp__scan_skip_sp(s, len, close + 1);
    }
    size_t ve = tp__scan_word(s, len, kk, "về");
    if (!ve)
        return last;
    size_t t0 = tp__scan_skip_sp(s, len, ve);
    size_t t1 = t0;
    static const char lq[] = "\xe2\x80\x9c", rq[] = "\xe2\x80\x9d";
    if (t0 + 3 <= len && memcmp(s + t0, lq, 3) == 0) {
        t0 += 3;
        t1 = t0;
        while (t1 < len && t1 - t0 < 600 && s[t1] != '\n' &&
               !(t1 + 3 <= len && memcmp(s + t1, rq, 3) == 0))
            t1++;
    } else if (t0 < len && s[t0] == '"') {
        t0++;
        t1 = t0;
        while (t1 < len && t1 - t0 < 600 && s[t1] != '\n' && s[t1] != '"')
            t1++;
    } else {
        /* A plain subject ends at the clause: '.', ';', a quote, or a
         * comma before a capitalised word (the next citation). */
        size_t nn;
        while (t1 < len && t1 - t0 < 300 && s[t1] != '\n' && s[t1] != ';' &&
               !(s[t1] == '.' && (t1 + 1 >= len || s[t1 + 1] == ' ' ||
                                  s[t1 + 1] == '\n')) &&
               !(s[t1] == ',' && t1 + 2 < len && s[t1 + 1] == ' ' &&
                 tp__upper_at(s, len, t1 + 2, &nn)) &&
               !(t1 + 3 <= len && memcmp(s + t1, lq, 3) == 0))
            t1++;
    }
    while (t1 > t0 && (s[t1 - 1] == ' ' || s[t1 - 1] == ','))
        t1--;
    if (t1 > t0 && t1 - t0 < 600)
        r->title = tp_arena_strndup(x->arena, s + t0, t1 - t0);
    return last;
}

/* Adds the entity for a resolved reference. */
static void tp__ref_add(tp_xctx_t *x, const tp__ref_t *r, const char *value)
{
    tp_entity_t *e = tp__ent_add(x, TP_ENT_DOCUMENT, value, strlen(value), NULL,
                                 (uint32_t)r->start, (uint32_t)r->end);
    if (r->type >= 0 && !tp__ent_get_field(e, "doc_type"))
        tp__ent_field(x, e, "doc_type", tp__types[r->type].name, 0);
    if (!tp__ent_get_field(e, "number")) {
        char num[24];
        tp__fmt_int(num, r->number);
        tp__ent_field(x, e, "number", num, 0);
    }
    if (r->symbol && !tp__ent_get_field(e, "symbol"))
        tp__ent_field(x, e, "symbol", r->symbol, 0);
    const char *iss = tp__ent_get_field(e, "issuer");
    if (r->issuer && (!iss || strcmp(iss, r->issuer) != 0))
        tp__ent_field(x, e, "issuer", r->issuer, 0);
    else if (!iss && r->issuer_code && *r->issuer_code)
        tp__ent_field(x, e, "issuer", r->issuer_code, 0);
    if (r->issued_on[0] && !tp__ent_get_field(e, "issued_on"))
        tp__ent_field(x, e, "issued_on", r->issued_on, 0);
    if (r->title && !tp__ent_get_field(e, "title"))
        tp__ent_field(x, e, "title", r->title, 0);
}

/* True when s[from..to) is only a list connector: spaces, ',', "và". */
static int tp__connector(const char *s, size_t len, size_t from, size_t to)
{
    size_t k = tp__scan_skip_sp(s, len, from);
    if (k < to && s[k] == ',')
        k = tp__scan_skip_sp(s, len, k + 1);
    size_t v = tp__scan_word(s, len, k, "và");
    if (v)
        k = tp__scan_skip_sp(s, len, v);
    return k == to && to > from;
}

/* Finds document references in x->body and adds them to the entity set. */
void tp__extract_documents(tp_xctx_t *x)
{
    pthread_once(&tp__type_once, tp__type_init);
    const char *s = x->body;
    size_t len = x->len;
    tp__ref_t *refs = NULL;
    size_t n_refs = 0, cap = 0;

    size_t n_nums;
    const uint32_t *nums = tp__num_starts(x, &n_nums);
    for (size_t ni = 0, i = 0; ni < n_nums; ni++) {
        if (nums[ni] < i)
            continue; /* inside what the last reference read */
        i = nums[ni];
        if (i > 0 && (s[i - 1] == '/' || s[i - 1] == '-' || s[i - 1] == '.' ||
                      s[i - 1] == ','))
            continue;
        tp__ref_t r;
        memset(&r, 0, sizeof r);
        r.type = -1;
        size_t end = tp__symbol_at(x, i, &r);
        size_t tstart = i;
        int with_so = 0;
        int t = tp__type_before(s, i, &tstart, &with_so);
        /* "Quyết định số 217 và 218", "217-QĐ/TW, 218-QĐ/TW": a number
         * listed after a reference shares its type. */
        if (t < 0 && n_refs && refs[n_refs - 1].type >= 0 &&
            tp__connector(s, len, refs[n_refs - 1].tail_end, i)) {
            t = refs[n_refs - 1].type;
            with_so = 1;
            r.chained = 1;
            tstart = i;
        }
        /* "Biên bản ghi nhớ số 05/BBGN": after a type word and "số", a
         * number with one code after the slash is the symbol. */
        if (!end && t >= 0 && with_so)
            end = tp__short_symbol(x, i, &r);
        if (!end) {
            /* A number alone counts only right after a type word. */
            size_t e = i;
            while (e < len && s[e] >= '0' && s[e] <= '9')
                e++;
            size_t e2;
            long num = tp__scan_uint(s, len, i, 6, &e2);
            /* (A sentence ending the paragraph: "theo Nghị định 29.\n".) */
            if (t < 0 || num <= 0 || (tp__types[t].needs_so && !with_so) ||
                (e < len && (s[e] == '/' || s[e] == '-' || s[e] == '.' ||
                             s[e] == ',' || s[e] == '%' || s[e] == ':') &&
                 e + 1 < len && s[e + 1] != ' ' && s[e + 1] != '\n')) {
                i = e;
                continue;
            }
            /* "quyết định 5 nội dung", "nghị quyết 3 vấn đề": a type
             * word in lower case with a bare number is a verb or a common
             * noun; a citation writes the type with a capital or "số". */
            int32_t c0;
            tp_vn_decode(s, len, tstart, &c0);
            if (!with_so && !r.chained && tp_vn_is_lower(c0)) {
                i = e;
                continue;
            }
            /* "Kế hoạch 5 năm", "Chương trình 3 tháng": a duration. */
            char w[32];
            size_t we;
            int32_t cp = ' ';
            if (e < len)
                tp_vn_decode(s, len, e, &cp);
            /* (But "Nghị định 31 năm 2024" is the year it was issued.) */
            size_t ye;
            if (tp_vn_is_alnum(cp) ||
                (!with_so && tp__scan_next_word(s, len, e, &we, w, sizeof w) &&
                 (strcmp(w, "năm") == 0 || strcmp(w, "tháng") == 0 ||
                  strcmp(w, "ngày") == 0 || strcmp(w, "tuần") == 0) &&
                 !(strcmp(w, "năm") == 0 &&
                   tp__scan_uint(s, len, tp__scan_skip_sp(s, len, we), 4, &ye) >= 1900 &&
                   ye - tp__scan_skip_sp(s, len, we) == 4))) {
                i = e;
                continue;
            }
            r.number = num;
            r.code = tp__types[t].code;
            end = e;
        }
        r.type = t;
        r.start = t >= 0 ? tstart : i;
        r.end = end;
        r.tail_end = tp__ref_tail(x, end, &r);
        if (r.chained)
            r.start = i;
        if (n_refs == cap) {
            size_t nc = cap ? cap * 2 : 16;
            refs = tp_arena_realloc(x->arena, refs, cap * sizeof *refs, nc * sizeof *refs);
            cap = nc;
        }
        refs[n_refs++] = r;
        i = end;
    }

    /* An issuer named after the last of a list belongs to all of it. */
    for (size_t k = n_refs; k-- > 1;)
        if (refs[k].chained && refs[k].issuer_code && !refs[k - 1].issuer_code &&
            !refs[k - 1].symbol) {
            refs[k - 1].issuer_code = refs[k].issuer_code;
            if (!refs[k - 1].issuer)
                refs[k - 1].issuer = refs[k].issuer;
        }
    /* Symbols first, so that references without one can find them. */
    for (size_t k = 0; k < n_refs; k++)
        if (refs[k].symbol)
            tp__ref_add(x, &refs[k], refs[k].symbol);
    for (size_t k = 0; k < n_refs; k++) {
        tp__ref_t *r = &refs[k];
        if (r->symbol)
            continue;
        const char *value = NULL;
        /* A symbol cited elsewhere with the same number and type word
         * ("Quy định số 69-QĐ/TW" ... "Quy định 69"), or, when that
         * reference had no type word, a code this type uses; its issuer
         * must not contradict the one named here. */
        int party = r->issuer_code && *r->issuer_code;
        for (size_t q = 0; !value && q < n_refs; q++) {
            const tp__ref_t *o = &refs[q];
            if (!o->symbol || o->number != r->number)
                continue;
            if (o->type >= 0 ? o->type != r->type : !tp__type_has_code(r->type, o->code))
                continue;
            if (party && o->issuer_code && strcmp(o->issuer_code, r->issuer_code) != 0)
                continue;
            value = o->symbol;
        }
        /* Else the issuer's party code gives the symbol. */
        if (!value && party)
            value = tp__cat(x->arena, NULL, r->number, 4, "-", (size_t)1, r->code,
                            strlen(r->code), "/", (size_t)1, r->issuer_code,
                            strlen(r->issuer_code));
        if (!value)
            value = tp__cat(x->arena, tp_arena_printf(x->arena, "%s:", r->code),
                            r->number, 0);
        tp__ref_add(x, r, value);
    }
}

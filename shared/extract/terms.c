/*
 * extract/terms.c — congresses, terms, tenures and periods
 * (article-event-v1.md):
 *   congress:<n>   "Đại hội XIII", "Đại hội đại biểu ... lần thứ XXIV";
 *                  field scope: national, province, district, other
 *   term:<n>       "khóa X", "Quốc hội khóa XV"; field body
 *   tenure:<a>-<b> "nhiệm kỳ 2020-2025" (also "2020 - 2025", en dash)
 *   period:<a>-<b> "giai đoạn 2021-2025", "thời kỳ 2021-2030"
 * Everything is anchored on its trigger word, so the scan is one pass
 * over the bytes with a cheap first-byte test.
 */
#include <stdio.h>
#include <string.h>

#include "extract/extract_internal.h"
#include "extract/scan.h"
#include "extract/vn.h"

/* Bytes that end the phrase a congress numeral may sit in. */
static int tp__phrase_stop(char c)
{
    return c == '.' || c == ',' || c == ';' || c == ':' || c == '(' ||
           c == ')' || c == '"' || c == '\n' || c == '!' || c == '?';
}

/* True when the folded text s[0..n) contains pat. */
static int tp__has(const char *s, size_t n, const char *pat)
{
    size_t m = strlen(pat);
    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(s + i, pat, m) == 0)
            return 1;
    return 0;
}

/* Says whose congress it is from the folded words around it. */
static const char *tp__congress_scope(const char *f, size_t n)
{
    if (tp__has(f, n, "toàn quốc"))
        return "national";
    if (tp__has(f, n, "tỉnh") || tp__has(f, n, "thành phố") ||
        tp__has(f, n, "thành ủy") || tp__has(f, n, "thành uỷ"))
        return "province";
    if (tp__has(f, n, "huyện") || tp__has(f, n, "quận") ||
        tp__has(f, n, "thị xã") || tp__has(f, n, "thị ủy") ||
        tp__has(f, n, "thị uỷ"))
        return "district";
    if (tp__has(f, n, "đảng bộ") || tp__has(f, n, "đoàn") ||
        tp__has(f, n, "hội ") || tp__has(f, n, "chi bộ") || tp__has(f, n, "xã"))
        return "other";
    if (tp__has(f, n, "của đảng") || tp__has(f, n, "đảng"))
        return "national";
    return "other";
}

/* Words that end the phrase after "Đại hội": another congress, the verbs
 * of what a congress does, a clause's function words. */
static const char *const tp__congress_breaks[] = {
    "đại hội", "bầu", "đã", "sẽ", "được", "thông qua", "biểu quyết", NULL};

/* Looks for a congress numeral after "Đại hội" at i (end of the words at
 * e); adds it. Returns where the scan goes on. */
static size_t tp__congress(tp_xctx_t *x, size_t i, size_t e)
{
    const char *s = x->body;
    size_t len = x->len;
    size_t limit = e + 160 < len ? e + 160 : len;
    size_t j = tp__scan_skip_sp(s, len, e);
    int n = 0;
    size_t nend = 0;
    size_t end;
    /* "Đại hội XIII" */
    if ((n = tp__scan_roman(s, len, j, &end)) > 0) {
        nend = end;
    } else {
        /* "Đại hội <words> lần thứ XIII|13" within the phrase. */
        for (size_t k = j; k < limit && !tp__phrase_stop(s[k]); k++) {
            if (s[k - 1] != ' ')
                continue;
            /* The phrase ends where a clause starts ("Đại hội | bầu 5 đại
             * biểu đi dự Đại hội ... lần thứ XVIII"): that numeral is the
             * later congress's. */
            /* The breaks start with b, s, t or đ (lead byte 0xC4) in
             * either case: no other byte can begin a match (asked at
             * every word of the phrase, ~600 instructions a time). */
            unsigned char c0 = (unsigned char)s[k];
            if (((c0 | 0x20) == 'b' || (c0 | 0x20) == 's' || (c0 | 0x20) == 't' ||
                 c0 == 0xC4) &&
                tp__scan_words(s, len, k, tp__congress_breaks, NULL))
                break;
            if ((s[k] | 0x20) != 'l')
                continue;
            size_t le = tp__scan_word(s, len, k, "lần thứ");
            if (!le)
                continue;
            size_t q = tp__scan_skip_sp(s, len, le);
            if ((n = tp__scan_roman(s, len, q, &end)) > 0) {
                nend = end;
            } else {
                int v = tp__scan_uint(s, len, q, 3, &end);
                int32_t cp = ' ';
                if (end < len)
                    tp_vn_decode(s, len, end, &cp);
                if (v > 0 && !tp_vn_is_alnum(cp)) {
                    n = v;
                    nend = end;
                }
            }
            break;
        }
    }
    if (n <= 0)
        return e;
    /* Scope from the phrase and what follows ("của Đảng bộ tỉnh"). */
    size_t tail = nend;
    while (tail < len && tail < nend + 40 && !tp__phrase_stop(s[tail]) && s[tail] != '\n')
        tail++;
    char f[512];
    size_t fn = tail - i < sizeof f ? tail - i : sizeof f;
    tp_vn_fold_into(s + i, fn, f);
    const char *scope = tp__congress_scope(f + (e - i), fn - (e - i));
    char val[24];
    size_t vl = tp__fmt_int(val, n);
    tp_entity_t *ent = tp__ent_add(x, TP_ENT_CONGRESS, val, vl, NULL,
                                   (uint32_t)i, (uint32_t)nend);
    if (!tp__ent_get_field(ent, "scope") || strcmp(scope, "other") != 0)
        tp__ent_field(x, ent, "scope", scope, 0);
    if (!tp__ent_get_field(ent, "ordinal"))
        tp__ent_field(x, ent, "ordinal", val, 1);
    return nend;
}

/* Bodies whose terms are counted, folded, with their display names;
 * the nearest one before "khóa" names the term's body. */
static const struct {
    const char *pat, *name;
} tp__term_bodies[] = {
    {"quốc hội", "Quốc hội"},
    {"hội đồng nhân dân", "Hội đồng nhân dân"},
    {"hđnd", "Hội đồng nhân dân"},
    {"bộ chính trị", "Bộ Chính trị"},
    {"ban bí thư", "Ban Bí thư"},
    {"trung ương", "Ban Chấp hành Trung ương"},
    {"đảng bộ tỉnh", "Ban Chấp hành Đảng bộ tỉnh"},
    {"đảng bộ thành phố", "Ban Chấp hành Đảng bộ thành phố"},
    {"đảng bộ huyện", "Ban Chấp hành Đảng bộ huyện"},
    {"đảng bộ", "Ban Chấp hành Đảng bộ"},
    {"tỉnh ủy", "Tỉnh ủy"},
    {"tỉnh uỷ", "Tỉnh ủy"},
    {"huyện ủy", "Huyện ủy"},
    {"huyện uỷ", "Huyện ủy"},
    {"đảng", "Ban Chấp hành Trung ương"},
};

/* "đại biểu Quốc hội khóa XI, XII", "khóa IX và X": more Roman
 * numerals after the first one at end (value n) are terms of the same
 * body. Only numbers near n are read, so a capital I or V starting
 * something else is not taken. Adds them and returns the end of the
 * last. */
static size_t tp__term_list(tp_xctx_t *x, size_t end, int n, const char *body)
{
    const char *s = x->body;
    size_t len = x->len;
    for (;;) {
        size_t j = end;
        if (j < len && s[j] == ',')
            j++;
        else if (j + 4 <= len && memcmp(s + j, " và", 4) == 0) /* và: 3 bytes */
            j += 4;
        else
            return end;
        if (j >= len || s[j] != ' ')
            return end;
        size_t e2;
        int v = tp__scan_roman(s, len, j + 1, &e2);
        if (v <= 0 || v - n > 3 || n - v > 3 || v == n)
            return end;
        char val[24];
        size_t vl = tp__fmt_int(val, v);
        tp_entity_t *ent = tp__ent_add(x, TP_ENT_TERM, val, vl, NULL, (uint32_t)(j + 1),
                                       (uint32_t)e2);
        if (!tp__ent_get_field(ent, "ordinal"))
            tp__ent_field(x, ent, "ordinal", val, 1);
        if (body && !tp__ent_get_field(ent, "body"))
            tp__ent_field(x, ent, "body", body, 0);
        end = e2;
        n = v;
    }
}

/* Reads the term numeral after "khóa" (ending at e) and adds it. */
static size_t tp__term(tp_xctx_t *x, size_t i, size_t e)
{
    const char *s = x->body;
    size_t len = x->len;
    size_t j = tp__scan_skip_sp(s, len, e);
    size_t end;
    int n = tp__scan_roman(s, len, j, &end);
    /* Which body: the nearest known one in the clause before. */
    size_t from = i > 120 ? i - 120 : 0;
    for (size_t k = i; k > from; k--)
        if (s[k - 1] == '.' || s[k - 1] == ';' || s[k - 1] == '\n' ||
            s[k - 1] == ',') {
            from = k;
            break;
        }
    while (from < i && ((unsigned char)s[from] & 0xC0) == 0x80)
        from++;
    char f[160];
    size_t fn = i - from < sizeof f ? i - from : 0;
    tp_vn_fold_into(s + from, fn, f);
    const char *body = NULL;
    size_t best = 0;
    /* Bodies start a syllable: try them only after a space or '('. */
    for (size_t k = fn; k-- > 0 && !body;) {
        if (k > 0 && f[k - 1] != ' ' && f[k - 1] != '(')
            continue;
        for (size_t b = 0; b < sizeof tp__term_bodies / sizeof tp__term_bodies[0]; b++) {
            const char *pat = tp__term_bodies[b].pat;
            if (f[k] != pat[0])
                continue;
            size_t m = strlen(pat);
            if (k + m > fn || memcmp(f + k, pat, m) != 0)
                continue;
            /* The nearest body wins: the one ending last. */
            if (k + m > best) {
                body = tp__term_bodies[b].name;
                best = k + m;
            }
        }
    }
    (void)best;
    if (n <= 0) {
        /* Arabic numerals only for a body that has terms ("Quốc hội khóa 15"). */
        int v = tp__scan_uint(s, len, j, 2, &end);
        if (v <= 0 || !body || (end < len && (s[end] == '-' || s[end] == '/' ||
                                               s[end] == '.' || s[end] == ',')))
            return e;
        int32_t cp;
        if (end < len) {
            tp_vn_decode(s, len, end, &cp);
            if (tp_vn_is_alnum(cp))
                return e;
        }
        n = v;
    }
    char val[24];
    size_t vl = tp__fmt_int(val, n);
    tp_entity_t *ent = tp__ent_add(x, TP_ENT_TERM, val, vl, NULL,
                                   (uint32_t)i, (uint32_t)end);
    if (!tp__ent_get_field(ent, "ordinal"))
        tp__ent_field(x, ent, "ordinal", val, 1);
    if (body && !tp__ent_get_field(ent, "body"))
        tp__ent_field(x, ent, "body", body, 0);
    return tp__term_list(x, end, n, body);
}

/* True at a dash between years: '-', en dash, em dash, or the hyphens
 * U+2010..U+2012 when the normalizer left them; *n gets its length. */
static int tp__dash(const char *s, size_t len, size_t i, size_t *n)
{
    if (i < len && s[i] == '-') {
        *n = 1;
        return 1;
    }
    if (i + 3 <= len && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
        (unsigned char)s[i + 2] >= 0x90 && (unsigned char)s[i + 2] <= 0x94) {
        *n = 3;
        return 1;
    }
    return 0;
}

/* Reads "YYYY - YYYY" at i; returns the end or 0. */
static size_t tp__year_range(const char *s, size_t len, size_t i, int *a, int *b)
{
    size_t e, dn;
    i = tp__scan_skip_sp(s, len, i);
    if (i < len && (s[i] == ':' || s[i] == '('))
        i = tp__scan_skip_sp(s, len, i + 1);
    int y1 = tp__scan_uint(s, len, i, 4, &e);
    if (y1 < 1900 || e - i != 4)
        return 0;
    size_t k = tp__scan_skip_sp(s, len, e);
    if (!tp__dash(s, len, k, &dn))
        return 0;
    k = tp__scan_skip_sp(s, len, k + dn);
    int y2 = tp__scan_uint(s, len, k, 4, &e);
    if (y2 <= y1 || e - k != 4 || y2 - y1 > 30)
        return 0;
    if (e < len && s[e] >= '0' && s[e] <= '9')
        return 0;
    *a = y1;
    *b = y2;
    return e;
}

/* Adds a tenure or period from the year range after its trigger. */
static size_t tp__range(tp_xctx_t *x, tp_entity_type_t t, size_t e)
{
    int a, b;
    size_t start = tp__scan_skip_sp(x->body, x->len, e);
    size_t end = tp__year_range(x->body, x->len, e, &a, &b);
    if (!end)
        return e;
    char val[48];
    size_t vl = tp__fmt_int(val, a);
    val[vl++] = '-';
    vl += tp__fmt_int(val + vl, b);
    tp_entity_t *ent = tp__ent_add(x, t, val, vl, NULL,
                                   (uint32_t)start, (uint32_t)end);
    if (!ent->n_fields) {
        char num[24];
        tp__fmt_int(num, a);
        tp__ent_field(x, ent, "from", num, 1);
        tp__fmt_int(num, b);
        tp__ent_field(x, ent, "to", num, 1);
    }
    return end;
}

/* "giai đoạn I (2021-2025)", "giai đoạn 2 (2026-2030)": a phase
 * numbered in Roman or Arabic figures, then its years in parentheses.
 * Returns the index after the phase number when "(" follows it, else e
 * (a bare number is not skipped: "giai đoạn 2 của dự án" holds no
 * years). */
static size_t tp__phase_number(const char *s, size_t len, size_t e)
{
    size_t i = tp__scan_skip_sp(s, len, e), k = i;
    if (k == e)
        return e;
    int roman = 0;
    while (k < len && k - i < 4 && (s[k] == 'I' || s[k] == 'V' || s[k] == 'X'))
        k++, roman = 1;
    if (!roman)
        while (k < len && k - i < 2 && s[k] >= '0' && s[k] <= '9')
            k++;
    if (k == i || (k < len && s[k] != ' '))
        return e;
    size_t q = tp__scan_skip_sp(s, len, k);
    return q < len && s[q] == '(' ? k : e;
}

static const char *const tp__kw_congress[] = {"đại hội", NULL};
static const char *const tp__kw_term[] = {"khóa", "khoá", NULL};

/* Handles a 'k' or 'K' at i: "khóa"/"khoá" (a term), or "kỳ"/"kì" after
 * "nhiệm" (a tenure) or "thời" (a period). */
static void tp__at_k(tp_xctx_t *x, size_t i)
{
    const char *s = x->body;
    size_t len = x->len, e;
    /* Cheap byte test first: "kh", "kỳ"/"kì" in either case. */
    const unsigned char *u = (const unsigned char *)s + i;
    size_t left = len - i;
    if (left < 2)
        return;
    int kh = (u[1] | 0x20) == 'h';
    int is_ky = (left >= 4 && u[1] == 0xE1 && u[2] == 0xBB && (u[3] == 0xB3 || u[3] == 0xB2)) ||
             (left >= 3 && u[1] == 0xC3 && (u[2] == 0xAC || u[2] == 0x8C));
    if (!kh && !is_ky)
        return;
    /* "khóa" (ó: C3 B3, Ó: C3 93) or "khoá" (á: C3 A1, Á: C3 81) before
     * the full match: most "kh" are "không", "khi", "kho...". */
    if (kh && left >= 5 &&
        !((u[2] == 0xC3 && (u[3] == 0xB3 || u[3] == 0x93)) ||
          ((u[2] | 0x20) == 'o' && u[3] == 0xC3 && (u[4] == 0xA1 || u[4] == 0x81))))
        kh = 0;
    if (kh && (e = tp__scan_words(s, len, i, tp__kw_term, NULL))) {
        tp__term(x, i, e);
        return;
    }
    static const char *const ky[] = {"kỳ", "kì", NULL};
    if (!(e = tp__scan_words(s, len, i, ky, NULL)))
        return;
    if (tp__scan_word_before(s, i, "nhiệm"))
        tp__range(x, TP_ENT_TENURE, e);
    else if (tp__scan_word_before(s, i, "thời"))
        tp__range(x, TP_ENT_PERIOD, e);
}

/* Finds congresses, terms, tenures and periods in x->body. Keywords are
 * rare, so each is found by a library search for one of its bytes
 * (memchr: vectorised) and confirmed in place:
 *   'k'/'K'  khóa, (nhiệm|thời) kỳ
 *   0xC4     the lead byte of đ/Đ: "đoạn" (giai đoạn) and "đại hội" /
 *            "Đại hội"; congresses are handled after the pass so that
 *            entities keep the order of earlier versions (periods first). */
void tp__extract_terms(tp_xctx_t *x)
{
    const char *s = x->body;
    size_t len = x->len;
    for (int pass = 0; pass < 2; pass++) {
        char k = pass ? 'K' : 'k';
        const char *p = s, *end = s + len;
        while ((p = memchr(p, k, (size_t)(end - p)))) {
            tp__at_k(x, (size_t)(p - s));
            p++;
        }
    }
    static const char oan[] = "oạn", ai_hoi[] = "ại hội";
    size_t *cong = NULL, n_cong = 0, cap = 0;
    const char *p = s, *end = s + len;
    while ((p = memchr(p, 0xC4, (size_t)(end - p)))) {
        size_t i = (size_t)(p - s);
        p++;
        unsigned char b = i + 1 < len ? (unsigned char)s[i + 1] : 0;
        if (b == 0x91 && i + 2 + sizeof oan - 1 <= len &&
            memcmp(s + i + 2, oan, sizeof oan - 1) == 0) {
            /* "giai đoạn" */
            if (tp__scan_word_before(s, i, "giai") && tp__scan_word(s, len, i, "đoạn"))
                tp__range(x, TP_ENT_PERIOD,
                          tp__phase_number(s, len, i + 2 + sizeof oan - 1));
        } else if ((b == 0x91 || b == 0x90) && i + 2 + sizeof ai_hoi - 1 <= len &&
                   memcmp(s + i + 2, ai_hoi, sizeof ai_hoi - 1) == 0) {
            if (n_cong == cap) {
                size_t nc = cap ? cap * 2 : 8;
                cong = tp_arena_realloc(x->arena, cong, cap * sizeof *cong, nc * sizeof *cong);
                cap = nc;
            }
            cong[n_cong++] = i;
        }
    }
    for (size_t c = 0; c < n_cong; c++) {
        size_t e;
        if ((e = tp__scan_words(s, len, cong[c], tp__kw_congress, NULL)))
            tp__congress(x, cong[c], e);
    }
}

/*
 * extract/quantities.c — counted and measured amounts:
 * `quantity:<value>:<unit>` (article-event-v1.md).
 *
 * A quantity is a number in Vietnamese notation (19.340, 2,5) followed by
 * what it counts ("557 cuộc giám sát" -> 557:cuộc) or a percent sign, with
 * scale words multiplied in ("600 triệu đồng" -> 600000000:đồng). The unit
 * is the first syllable after the number, lower case. Not quantities:
 * numbers inside dates, document symbols, tenures, periods (the modules
 * before this one marked them), labels and ordinals ("số 3", "lần thứ 2",
 * "năm 2021", "Covid-19"), durations ("10 năm", "3 tháng", "30 ngày") and
 * clock times (19:54, 8h30).
 *
 * A label word only labels a plain, in-range integer and only when it is
 * not the end of a compound: "kỷ luật 41 đảng viên", "thu hồi 2,35 tỷ
 * đồng", "hằng tháng 1,5 triệu đồng", "tháng 15 hộ" are amounts. Scale
 * words stack ("1,2 nghìn tỷ"). Both ends of a range take the unit
 * written after the second ("từ 3 đến 5 triệu đồng", "10 – 15%"). Units
 * glued to the number come from a list (2,5km, 500.000đ; not "30a"), and
 * đ, VNĐ, VND are keyed as "đồng".
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extract_internal.h"
#include "extract/scan.h"
#include "extract/vn.h"

/* Words that make the number after them a label or an ordinal. */
static const char *const tp__labels[] = {
    "số", "thứ", "năm", "tháng", "ngày", "khóa", "khoá", "phần", "điều",
    "khoản", "chương", "mục", "điểm", "tầng", "lần", "đợt", "kỳ", "kì",
    "đoạn", "vòng", "bảng", "nhóm", "hạng", "loại", "cấp", "cụm", "khối",
    "tổ", "khu", "ấp", "xóm", "thôn", "bản", "phường", "quận", "lộ", "đai",
    "lớp", "phòng", "tuyến", "hiệu", "mã", "trang", "câu", "lúc", "hồi",
    "giờ", "phút", "đoàn", "đội",
    "ương", "covid", "top", "kênh", "khóm", "hẻm", "ngõ", "ngách", "kiệt", "hình",
    "luật",
    /* the last syllable of a type word: "Chương trình 135", "Đề án 06"
     * name a programme or project (documents.c) */
    "trình", "án", NULL};

/* Durations and times: a number before them is not a quantity. */
static const char *const tp__time_units[] = {
    "năm", "tháng", "ngày", "tuần", "giờ", "phút", "giây", "quý", "đêm",
    "buổi sáng", "thập", "kỷ", "h", "g", "tiếng", NULL};

/* Words that cannot be what a number counts (function words, verbs). */
static const char *const tp__not_units[] = {
    "và", "của", "với", "các", "những", "trong", "tại", "về", "là", "được",
    "đã", "cho", "theo", "từ", "đến", "tới", "này", "đó", "khi", "thì", "mà",
    "hay", "hoặc", "như", "có", "không", "để", "do", "bởi", "trên", "dưới",
    "sau", "trước", "nhằm", "nên", "vào", "ra", "lên", "xuống", "cùng",
    "đều", "vẫn", "còn", "rồi", "hơn", "gần", "khoảng", "trở", "lại",
    "bằng", "so", "nhưng", "nếu", "vì", "ở", "phải", "cần", "sẽ", "đang",
    "số", "thứ", "đạt", "gồm", "chiếm",
    "nay", "qua", "tới", "thuộc", "nào", "mỗi", "cả", "hết", "lần thứ",
    "giữa", "bị", "thế", "kỷ", "khóa", "khoá", NULL};

/* Group nouns a number may count even when written with a capital (see
 * tp__unit_after): teams, clubs, cells, cooperatives. */
static const char *const tp__group_units[] = {
    "tổ", "đội", "nhóm", "câu", "chi", "hợp", "điểm", "cụm",
    /* members of a committee or a council counted by role: "180 Ủy
     * viên chính thức", "20 Ủy viên dự khuyết", "52 Đại biểu HĐND" */
    "ủy", "uỷ", "đại", NULL};

/* First syllables of military and youth units numbered by the
 * "đoàn"/"đội" after them, written in lower case too ("tiểu đoàn 3",
 * "sư đoàn 312", "đại đội 2", "chi đội 9A"). */
static const char *const tp__unit_heads[] = {
    "sư", "lữ", "trung", "tiểu", "binh", "quân", "liên", "đại", "phân",
    "tổng", "hải", "biên", "chi", "hạm", "phi", "khẩu", NULL};

/* Scale words and their power of ten. */
static const struct {
    const char *w;
    int pow10;
} tp__scales[] = {
    {"nghìn", 3}, {"ngàn", 3}, {"triệu", 6}, {"tỷ", 9}, {"tỉ", 9},
    {"trăm", 2},  {"vạn", 4},
};

/* The lists above and below as hash sets (a strcmp() per entry was
 * ~1,000 instructions per number), built once per process. */
static tp__wset_t tp__labels_set, tp__time_units_set, tp__not_units_set,
    tp__group_units_set, tp__glued_units_set, tp__dong_aliases_set,
    tp__unit_heads_set;
static pthread_once_t tp__sets_once = PTHREAD_ONCE_INIT;
static void tp__sets_init(void);

/* True when the NUL-terminated word w is in set ws. */
static int tp__in_set(const char *w, const tp__wset_t *ws)
{
    return tp__wset_has(ws, w, strlen(w));
}

/* Sorts spans by start (qsort). */
static int tp__span_cmp(const void *a, const void *b)
{
    const tp_span_t *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* Collects the mentions of the types whose numbers are not quantities
 * (documents, dates, congresses, terms, tenures, periods), sorted. */
static tp_span_t *tp__taken_spans(tp_xctx_t *x, size_t *n_out)
{
    size_t n = 0;
    for (size_t i = 0; i < x->n_ents; i++) {
        const tp_entity_t *e = &x->ents[i];
        if (e->key && e->type != TP_ENT_QUANTITY && e->type != TP_ENT_PERSON &&
            e->type != TP_ENT_ORGANIZATION && e->type != TP_ENT_LOCATION)
            n += e->n_mentions;
    }
    tp_span_t *sp = tp_arena_alloc(x->arena, (n ? n : 1) * sizeof *sp);
    n = 0;
    for (size_t i = 0; i < x->n_ents; i++) {
        const tp_entity_t *e = &x->ents[i];
        if (e->key && e->type != TP_ENT_QUANTITY && e->type != TP_ENT_PERSON &&
            e->type != TP_ENT_ORGANIZATION && e->type != TP_ENT_LOCATION)
            for (size_t m = 0; m < e->n_mentions; m++) {
                sp[n] = e->mentions[m];
                /* A congress or term names its ordinal at the end ("Đại
                 * hội ... lần thứ XVIII", "khóa XV"); a mention that runs
                 * over a sentence ("Đại hội cũng bầu 12 đại biểu đi dự
                 * Đại hội ... lần thứ XVIII") keeps its counted numbers. */
                if ((e->type == TP_ENT_CONGRESS || e->type == TP_ENT_TERM) &&
                    sp[n].end - sp[n].start > 32)
                    sp[n].start = sp[n].end - 32;
                n++;
            }
    }
    qsort(sp, n, sizeof *sp, tp__span_cmp);
    *n_out = n;
    return sp;
}

/* True when [start, end) overlaps one of the sorted spans; *cursor moves
 * forward as the scan does. */
static int tp__taken(const tp_span_t *sp, size_t n, size_t *cursor,
                     size_t start, size_t end)
{
    while (*cursor < n && sp[*cursor].end <= start)
        (*cursor)++;
    /* Spans may nest or overlap, so look a few ahead. */
    for (size_t k = *cursor; k < n && sp[k].start < end; k++)
        if (sp[k].end > start)
            return 1;
    return 0;
}

/* True for an ASCII digit. */
static int tp__dig(char c)
{
    return c >= '0' && c <= '9';
}

/* Syllables that, written before a label word, make the two one word,
 * so the label reading is wrong: "kỷ luật 41 đảng viên" (discipline),
 * "thu hồi 2,35 tỷ" (recover), "dứt điểm 421 ý kiến" (fully), "hằng
 * tháng 1,5 triệu" (every month). Each entry is the pair (before, label). */
static const struct {
    const char *before, *label;
} tp__label_compounds[] = {
    {"kỷ", "luật"}, {"pháp", "luật"}, {"quy", "luật"},
    {"thu", "hồi"}, {"phục", "hồi"}, {"phản", "hồi"},
    {"dứt", "điểm"}, {"địa", "điểm"}, {"thời", "điểm"}, {"trọng", "điểm"}, {"quan", "điểm"},
    {"đặc", "điểm"}, {"ưu", "điểm"}, {"nhược", "điểm"},
    {"hằng", "tháng"}, {"hàng", "tháng"}, {"mỗi", "tháng"}, {"hằng", "năm"}, {"hàng", "năm"},
    {"mỗi", "năm"}, {"hằng", "ngày"}, {"hàng", "ngày"}, {"mỗi", "ngày"},
    {"tổng", "số"},
    /* "lập biên bản 23 trường hợp": a record, not a village ("bản 3") */
    {"biên", "bản"},
    {"được", "cấp"}, {"đã", "cấp"}, {"sẽ", "cấp"}, {"vừa", "cấp"}, {"mới", "cấp"},
    /* "phê duyệt danh mục 15 dự án": a list, not a section ("mục 3") */
    {"danh", "mục"},
};

/* Labels that number things with a bounded range: a number beyond it is
 * not an ordinal after them ("tháng 15 hộ" is not a month). Not "giờ":
 * "8 giờ 30" counts minutes after it. */
static const struct {
    const char *w;
    int max;
} tp__label_max[] = {
    {"tháng", 12}, {"ngày", 31}, {"cấp", 17}, {"lớp", 12},
};

/* Units that may be written glued to the number ("2,5km", "45.600m2",
 * "500.000đ"); anything else glued ("30a", "5G") is a name. */
static const char *const tp__glued_units[] = {
    "km", "km2", "m", "m2", "m3", "cm", "mm", "ha", "kg", "g", "mg", "ml",
    "l", "t", "kw", "kwh", "mw", "mwh", "gb", "mb", "đ", "tr", "usd", "vnđ",
    NULL};

/* Spellings of the currency unit "đồng": the key uses the word. */
static const char *const tp__dong_aliases[] = {"đ", "vnđ", "vnd", NULL};

static void tp__sets_init(void)
{
    tp__wset_fill(&tp__labels_set, tp__labels);
    tp__wset_fill(&tp__time_units_set, tp__time_units);
    tp__wset_fill(&tp__not_units_set, tp__not_units);
    tp__wset_fill(&tp__group_units_set, tp__group_units);
    tp__wset_fill(&tp__glued_units_set, tp__glued_units);
    tp__wset_fill(&tp__dong_aliases_set, tp__dong_aliases);
    tp__wset_fill(&tp__unit_heads_set, tp__unit_heads);
}

/* Returns the power of ten of scale word w, or 0 when it is none. */
static int tp__scale_of(const char *w)
{
    for (size_t q = 0; q < sizeof tp__scales / sizeof tp__scales[0]; q++)
        if (strcmp(w, tp__scales[q].w) == 0)
            return tp__scales[q].pow10;
    return 0;
}

/* Is "điều" at ws (before the number n) the verb "to dispatch" ("đã
 * điều 4 tàu cứu hộ", "Bộ đội Biên phòng điều 30 cán bộ") rather than an
 * article of a law ("theo điều 4", "khoản 2 điều 5 quy định")? Written
 * in lower case after a tense or aspect word or right after a
 * capitalised subject, with a lower-case noun after the number. */
static int tp__dieu_verb(const char *s, size_t len, const tp__num_t *n, size_t ws)
{
    static const char *const aspect[] = {"đã", "đang", "sẽ", "vừa", "mới",
                                         "tục", "cũng", "ngay", "thời", NULL};
    if (tp_vn_case_shape(s + ws, strlen("điều")) != TP_VN_LOWER)
        return 0;
    char nw[64], pw[64];
    size_t ne, ps;
    size_t nl = tp__scan_next_word(s, len, n->end, &ne, nw, sizeof nw);
    if (!nl || ne - nl == n->end || tp_vn_case_shape(s + (ne - nl), nl) != TP_VN_LOWER)
        return 0;
    size_t pl = tp__scan_prev_word(s, ws, &ps, pw, sizeof pw);
    if (!pl)
        return 0;
    if (tp_vn_case_shape(s + ps, pl) == TP_VN_CAP &&
        !tp_lex_is_function_word(pw, pl))
        return 1;
    for (size_t k = 0; aspect[k]; k++)
        if (strcmp(pw, aspect[k]) == 0)
            return 1;
    return 0;
}

/* Decides whether the label word w (the syllable before the number n,
 * starting at ws) really makes n a label or an ordinal. Amounts written
 * like money (thousands groups, decimals, a scale word after them) are
 * never labels; nor is a label syllable that ends a compound word, or a
 * number beyond the label's range. */
static int tp__is_label(const char *s, size_t len, const tp__num_t *n,
                        const char *w, size_t ws)
{
    if (n->frac || n->grouped)
        return 0;
    char nw[64];
    size_t ne;
    if (tp__scan_next_word(s, len, n->end, &ne, nw, sizeof nw) && tp__scale_of(nw))
        return 0;
    for (size_t k = 0; k < sizeof tp__label_compounds / sizeof *tp__label_compounds; k++)
        if (tp__label_compounds[k].label[0] == w[0] &&
            strcmp(tp__label_compounds[k].label, w) == 0 &&
            tp__scan_word_before(s, ws, tp__label_compounds[k].before))
            return 0;
    for (size_t k = 0; k < sizeof tp__label_max / sizeof tp__label_max[0]; k++)
        if (strcmp(w, tp__label_max[k].w) == 0 && n->mant > tp__label_max[k].max)
            return 0;
    if (strcmp(w, "điều") == 0 && tp__dieu_verb(s, len, n, ws))
        return 0;
    /* "đoàn 26 doanh nghiệp", "mỗi đội 15 người": a delegation or team
     * written as a common noun (lower case, after punctuation, a
     * lower-case or a function word) is counted by the number; "Đoàn
     * 4", "Sư đoàn 312", "tiểu đoàn 3" name a unit by it. */
    if (strcmp(w, "đoàn") == 0 || strcmp(w, "đội") == 0) {
        char pw[64];
        size_t ps, pl = tp__scan_prev_word(s, ws, &ps, pw, sizeof pw);
        if (tp_vn_case_shape(s + ws, strlen(w)) == TP_VN_LOWER &&
            (!pl || tp_vn_case_shape(s + ps, pl) == TP_VN_LOWER ||
             tp_lex_is_function_word(pw, strlen(pw))) &&
            !(pl && tp__in_set(pw, &tp__unit_heads_set)))
            return 0;
    }
    return 1;
}

/* What a number counts: its scale (power of ten) and unit. */
typedef struct tp__qunit {
    int scale;
    char unit[64];
    size_t end; /* end of the unit */
} tp__qunit_t;

/* Is the word w (ending at we) the "bị" of "bị can", "bị cáo", "bị
 * hại"? */
static int tp__case_party(const char *s, size_t len, const char *w, size_t we)
{
    if (strcmp(w, "bị") != 0)
        return 0;
    char w2[16];
    size_t we2, l2 = tp__scan_next_word(s, len, we, &we2, w2, sizeof w2);
    return l2 && we2 - l2 == we + 1 &&
           (strcmp(w2, "can") == 0 || strcmp(w2, "cáo") == 0 || strcmp(w2, "hại") == 0);
}

/* Reads the scale words and the unit after a number ending at after.
 * Returns 1 and fills u, or 0 (the number counts nothing) with *stop set
 * to where the scan goes on. */
static int tp__unit_after(const char *s, size_t len, size_t after,
                          tp__qunit_t *u, size_t *stop)
{
    *stop = after;
    u->scale = 0;
    size_t k = tp__scan_skip_sp(s, len, after);
    if (k < len && s[k] == '%') {
        memcpy(u->unit, "%", 2);
        u->end = k + 1;
        return 1;
    }
    char *w = u->unit;
    size_t we;
    /* 168 "Mái ấm tình thương": a named kind of thing in quotes right
     * after the number is what it counts (the unit in lower case). */
    size_t ql = k > after && k < len && s[k] == '"' ? 1
                : k > after && k + 3 <= len && memcmp(s + k, "\xe2\x80\x9c", 3) == 0 ? 3
                                                                                : 0;
    int quoted = ql && k + ql < len && s[k + ql] != ' ';
    size_t wl = tp__scan_next_word(s, len, quoted ? k + ql : after, &we, w, sizeof u->unit);
    if (!wl)
        return 0;
    if (k == after) {
        /* Glued to the number: only a unit abbreviation ("2,5km"). */
        if (!tp__in_set(w, &tp__glued_units_set))
            return 0;
    } else {
        /* Scale words, stacked ("1,2 nghìn tỷ đồng"). */
        int p;
        while ((p = tp__scale_of(w))) {
            char w2[64];
            size_t we2;
            *stop = we;
            if (!tp__scan_next_word(s, len, we, &we2, w2, sizeof w2))
                return 0;
            if (strcmp(w2, "lệ") == 0 || strcmp(w2, "trọng") == 0)
                return 0; /* "tỷ lệ" */
            u->scale += p;
            wl = strlen(w2);
            memcpy(w, w2, wl + 1);
            we = we2;
        }
        *stop = after;
    }
    /* "27 bị can", "5 bị cáo", "3 bị hại": persons in a case, counted
     * (elsewhere "bị" is the passive marker, counting nothing). */
    if (tp__dig(w[0]) || (tp__in_set(w, &tp__not_units_set) && !tp__case_party(s, len, w, we)))
        return 0;
    /* Clock times written "8h30", "14g15". */
    if ((w[0] == 'h' || w[0] == 'g') && (w[1] == 0 || tp__dig(w[1])))
        return 0;
    /* Durations, except work counted in them ("3 nghìn ngày công"); "30
     * năm công tác" is a working life, a duration again. */
    if (tp__in_set(w, &tp__time_units_set)) {
        char w2[64], w3[16];
        size_t we2, we3, l3;
        if (tp__scan_next_word(s, len, we, &we2, w2, sizeof w2) != sizeof "công" - 1 ||
            memcmp(w2, "công", sizeof "công" - 1) != 0 ||
            ((l3 = tp__scan_next_word(s, len, we2, &we3, w3, sizeof w3)) &&
             we3 - l3 == we2 + 1 && strcmp(w3, "tác") == 0))
            return 0;
    }
    /* A capitalised word after a number is a name, not a unit; but the
     * groups a campaign sets up are written as names of their kind ("52
     * Tổ công nghệ số", "12 Câu lạc bộ dân vận khéo"): such a group noun
     * with a lower-case word after it is counted. */
    if (!quoted && tp_vn_case_shape(s + (we - wl), wl) == TP_VN_CAP) {
        char w2[64];
        size_t we2, wl2 = tp__scan_next_word(s, len, we, &we2, w2, sizeof w2);
        /* "4 Phó Chủ tịch", "2 Phó Bí thư": deputies counted by their
         * title. */
        int deputy = strcmp(w, "phó") == 0 && wl2 && we2 - wl2 == we + 1 &&
                     (strcmp(w2, "chủ") == 0 || strcmp(w2, "bí") == 0 ||
                      strcmp(w2, "giám") == 0 || strcmp(w2, "trưởng") == 0 ||
                      strcmp(w2, "thủ") == 0 || strcmp(w2, "tổng") == 0);
        if (!deputy &&
            (!tp__in_set(w, &tp__group_units_set) || !wl2 || we2 - wl2 != we + 1 ||
             tp_vn_case_shape(s + (we2 - wl2), wl2) != TP_VN_LOWER))
            return 0;
    }
    if (tp__in_set(w, &tp__dong_aliases_set))
        memcpy(w, "đồng", sizeof "đồng");
    u->end = we;
    return 1;
}

/* Adds quantity num (scaled and counted as u) with mention [start, end). */
static void tp__quantity_add(tp_xctx_t *x, const tp__num_t *num,
                             const tp__qunit_t *u, size_t start, size_t end)
{
    char val[48];
    if (tp__num_format(num->mant, num->frac, u->scale, val, sizeof val) < 0)
        return;
    char key[128];
    size_t vl = strlen(val), ul = strlen(u->unit);
    if (vl + 1 + ul >= sizeof key)
        return;
    memcpy(key, val, vl);
    key[vl] = ':';
    memcpy(key + vl + 1, u->unit, ul + 1);
    tp_entity_t *e = tp__ent_add(x, TP_ENT_QUANTITY, key, vl + 1 + ul, NULL,
                                 (uint32_t)start, (uint32_t)end);
    if (!e->n_fields) {
        tp__ent_field(x, e, "value", val, 1);
        tp__ent_field(x, e, "unit", u->unit, 0);
    }
}

/* Words between the ends of a range written out ("từ 3 đến 5"). */
static const char *const tp__range_words[] = {"đến", "tới", NULL};

/* True when number a is smaller than number b. */
static int tp__num_less(const tp__num_t *a, const tp__num_t *b)
{
    double va = (double)a->mant, vb = (double)b->mant;
    for (int k = 0; k < a->frac; k++)
        va /= 10;
    for (int k = 0; k < b->frac; k++)
        vb /= 10;
    return va < vb;
}

/* Both numbers of a pair count what the unit after the second names
 * ("12-15 xã", "từ 21 xuống còn 16 sở"): adds them as quantities of it.
 * Returns the end of the unit, or 0 when none follows. */
static size_t tp__pair_add(tp_xctx_t *x, const tp__num_t *a, const tp__num_t *b)
{
    tp__qunit_t u;
    size_t stop;
    if (!tp__unit_after(x->body, x->len, b->end, &u, &stop))
        return 0;
    tp__quantity_add(x, a, &u, a->start, a->end);
    tp__quantity_add(x, b, &u, b->start, u.end);
    return u.end;
}

/* The second number of a pair ("12-15", "từ 21 xuống còn 16"): a plain
 * number after the spaces at q, not the first part of a date, a time or
 * a code ("15-20/10", "7:30"). Sets *b; returns 0 when there is none. */
static int tp__second_number(const char *s, size_t len, size_t q, tp__num_t *b)
{
    q = tp__scan_skip_sp(s, len, q);
    if (q >= len || !tp__dig(s[q]) || tp__scan_number(s, len, q, b) < 0)
        return 0;
    return !(b->end < len && (s[b->end] == '-' || s[b->end] == '/' || s[b->end] == ':' ||
                              s[b->end] == '.'));
}

/* A range "3-5 triệu đồng", "từ 3 đến 5 ha", "10 – 15%": when the number
 * a is followed by a dash or "đến"/"tới" and a larger number that counts
 * something, both ends are quantities of that scale and unit. Returns
 * the end of the range's unit, or 0 when there is no such range. */
static size_t tp__range_at(tp_xctx_t *x, const tp__num_t *a, const tp_span_t *sp,
                           size_t n_sp, size_t *cursor)
{
    const char *s = x->body;
    size_t len = x->len, k = tp__scan_skip_sp(s, len, a->end), q;
    if (k < len && s[k] == '-')
        q = k + 1;
    else if (k + 3 <= len && memcmp(s + k, "\xe2\x80\x93", 3) == 0)
        q = k + 3;
    else if (k == a->end || !(q = tp__scan_words(s, len, k, tp__range_words, NULL)))
        return 0;
    tp__num_t b;
    if (!tp__second_number(s, len, q, &b))
        return 0;
    if (!tp__num_less(a, &b) || tp__taken(sp, n_sp, cursor, a->start, b.end))
        return 0;
    /* "năm học 2023-2024": two years a few apart joined by a dash are a
     * span of years (a school year, a season), not amounts. */
    if (q > k && s[k] == '-' && !a->frac && !a->grouped && !b.frac && !b.grouped &&
        a->mant >= 1900 && b.mant <= 2100 && b.mant - a->mant <= 10 &&
        a->end - a->start == 4 && b.end - b.start == 4)
        return 0;
    return tp__pair_add(x, a, &b);
}

/* Words of a change between two numbers ("giảm từ 21 xuống còn 16
 * sở", "tăng từ 12 lên 15 xã"). */
static const char *const tp__change_words[] = {"xuống còn", "xuống", "lên đến", "lên tới",
                                               "lên", "còn", NULL};

/* "từ 120 xuống còn 40 xã, phường": the first number of a change, whose
 * unit is written only after the second, counts the same thing. When a
 * (after "từ") is followed by a change word and a number that counts
 * something, both are quantities of that unit. Returns the end of the
 * unit, or 0. */
static size_t tp__change_at(tp_xctx_t *x, const tp__num_t *a, const tp_span_t *sp,
                            size_t n_sp, size_t *cursor)
{
    const char *s = x->body;
    size_t len = x->len, q;
    /* ("từ " or "Từ " right before: bytes first, most numbers have
     * neither.) */
    if (a->start < 5 || s[a->start - 1] != ' ' ||
        memcmp(s + a->start - 4, "\xe1\xbb\xab", 3) != 0 ||
        !tp__scan_word_before(s, a->start, "từ") ||
        !(q = tp__scan_words(s, len, tp__scan_skip_sp(s, len, a->end), tp__change_words, NULL)))
        return 0;
    tp__num_t b;
    if (!tp__second_number(s, len, q, &b))
        return 0;
    if (tp__taken(sp, n_sp, cursor, a->start, b.end))
        return 0;
    return tp__pair_add(x, a, &b);
}

/* Examines the number at i (a digit that starts a syllable); adds a
 * quantity when it is one. Returns the index where the scan goes on. */
static size_t tp__quantity_at(tp_xctx_t *x, size_t i, const tp_span_t *sp,
                              size_t n_sp, size_t *cursor)
{
    const char *s = x->body;
    size_t len = x->len;
    tp__num_t num;
    if (tp__scan_number(s, len, i, &num) < 0) {
        while (i < len && tp__dig(s[i]))
            i++;
        return i;
    }
    size_t j = num.end;
    /* Glued to something before: "Covid-19", "12/CT" (i starts a
     * syllable, tp__num_starts: not "H5N1"). */
    if (i > 0) {
        char b = s[i - 1];
        if (b == '-' || b == '/' || b == '.' || b == ',' || b == ':' || b == '+' ||
            b == '#' || b == '_' || b == '\'')
            return j;
    }
    if (j < len && (s[j] == ':' || s[j] == '_' || s[j] == '\''))
        return j; /* 19:54, symbols */

    /* A fraction "19/19 xã" counts its numerator. */
    size_t after = j;
    if (j + 1 < len && s[j] == '/' && tp__dig(s[j + 1])) {
        tp__num_t den;
        if (tp__scan_number(s, len, j + 1, &den) < 0 || den.frac ||
            den.mant < num.mant || num.frac)
            return j;
        after = den.end;
        if (after < len && (s[after] == '/' || s[after] == '-'))
            return after;
    }
    if (tp__taken(sp, n_sp, cursor, num.start, after))
        return after;

    char w[64];
    size_t ws;
    if (tp__scan_prev_word(s, i, &ws, w, sizeof w) && tp__in_set(w, &tp__labels_set) &&
        tp__is_label(s, len, &num, w, ws))
        return after;

    if (after == j) {
        size_t re = tp__range_at(x, &num, sp, n_sp, cursor);
        if (!re)
            re = tp__change_at(x, &num, sp, n_sp, cursor);
        if (re)
            return re;
        if (j < len && s[j] == '-')
            return j; /* symbols, codes, other ranges */
        if (j + 3 <= len && memcmp(s + j, "\xe2\x80\x93", 3) == 0)
            return j; /* en dash range */
    }

    tp__qunit_t u;
    size_t stop;
    if (!tp__unit_after(s, len, after, &u, &stop))
        return stop;
    tp__quantity_add(x, &num, &u, num.start, u.end);
    return u.end;
}

/* Finds quantities in x->body and adds them to the entity set. */
void tp__extract_quantities(tp_xctx_t *x)
{
    pthread_once(&tp__sets_once, tp__sets_init);
    size_t n_sp, cursor = 0;
    tp_span_t *sp = tp__taken_spans(x, &n_sp);
    size_t n_nums;
    const uint32_t *nums = tp__num_starts(x, &n_nums);
    for (size_t ni = 0, i = 0; ni < n_nums; ni++)
        if (nums[ni] >= i)
            i = tp__quantity_at(x, nums[ni], sp, n_sp, &cursor);
}

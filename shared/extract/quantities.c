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
 */
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
    "luật", NULL};

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

/* Scale words and their power of ten. */
static const struct {
    const char *w;
    int pow10;
} tp__scales[] = {
    {"nghìn", 3}, {"ngàn", 3}, {"triệu", 6}, {"tỷ", 9}, {"tỉ", 9},
    {"trăm", 2},  {"vạn", 4},
};

/* True when w is in the NULL-terminated list. */
static int tp__in_list(const char *w, const char *const *list)
{
    for (int i = 0; list[i]; i++)
        if (list[i][0] == w[0] && strcmp(w, list[i]) == 0)
            return 1;
    return 0;
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
            for (size_t m = 0; m < e->n_mentions; m++)
                sp[n++] = e->mentions[m];
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

/* Examines the number at i; adds a quantity when it is one. Returns the
 * index where the scan goes on. */
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
    /* Glued to something before: "Covid-19", "H5N1", "12/CT". */
    if (i > 0) {
        char b = s[i - 1];
        if (b == '-' || b == '/' || b == '.' || b == ',' || b == ':' || b == '+' ||
            b == '#' || b == '_' || b == '\'' || !tp__scan_at_start(s, len, i))
            return j;
    }
    if (j < len && (s[j] == ':' || s[j] == '-' || s[j] == '_' || s[j] == '\''))
        return j; /* 19:54, ranges, symbols */
    if (j + 3 <= len && memcmp(s + j, "\xe2\x80\x93", 3) == 0)
        return j; /* en dash range */

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
    if (tp__scan_prev_word(s, i, &ws, w, sizeof w) && tp__in_list(w, tp__labels))
        return after;

    int scale = 0;
    const char *unit;
    size_t uend;
    size_t k = tp__scan_skip_sp(s, len, after);
    if (k < len && s[k] == '%') {
        unit = "%";
        uend = k + 1;
    } else {
        if (k == after && k < len && !((s[k] >= 'a' && s[k] <= 'z')))
            return after; /* glued to punctuation */
        size_t we;
        size_t wl = tp__scan_next_word(s, len, after, &we, w, sizeof w);
        if (!wl)
            return after;
        for (size_t q = 0; q < sizeof tp__scales / sizeof tp__scales[0]; q++)
            if (strcmp(w, tp__scales[q].w) == 0) {
                char w2[64];
                size_t we2;
                if (!tp__scan_next_word(s, len, we, &we2, w2, sizeof w2))
                    return we;
                if (strcmp(w2, "lệ") == 0 || strcmp(w2, "trọng") == 0)
                    return we; /* "tỷ lệ" */
                scale = tp__scales[q].pow10;
                memcpy(w, w2, strlen(w2) + 1);
                wl = strlen(w2);
                we = we2;
                break;
            }
        if (tp__dig(w[0]) || tp__in_list(w, tp__not_units))
            return after;
        /* Clock times written "8h30", "14g15". */
        if ((w[0] == 'h' || w[0] == 'g') && (w[1] == 0 || tp__dig(w[1])))
            return after;
        /* Durations, except work counted in them ("3 nghìn ngày công"). */
        if (tp__in_list(w, tp__time_units)) {
            char w2[64];
            size_t we2;
            if (!tp__scan_next_word(s, len, we, &we2, w2, sizeof w2) ||
                strcmp(w2, "công") != 0)
                return after;
        }
        size_t ustart = we - wl;
        /* A capitalised word after a number is a name, not a unit. */
        if (tp_vn_case_shape(s + ustart, wl) == TP_VN_CAP)
            return after;
        unit = w;
        uend = we;
    }
    char val[48];
    if (tp__num_format(num.mant, num.frac, scale, val, sizeof val) < 0)
        return uend;
    char key[128];
    size_t vl = strlen(val), ul = strlen(unit);
    if (vl + 1 + ul >= sizeof key)
        return uend;
    memcpy(key, val, vl);
    key[vl] = ':';
    memcpy(key + vl + 1, unit, ul + 1);
    tp_entity_t *e = tp__ent_add(x, TP_ENT_QUANTITY, key, vl + 1 + ul, NULL,
                                 (uint32_t)num.start, (uint32_t)uend);
    if (!e->n_fields) {
        tp__ent_field(x, e, "value", val, 1);
        tp__ent_field(x, e, "unit", unit, 0);
    }
    return uend;
}

/* Finds quantities in x->body and adds them to the entity set. */
void tp__extract_quantities(tp_xctx_t *x)
{
    size_t n_sp, cursor = 0;
    tp_span_t *sp = tp__taken_spans(x, &n_sp);
    size_t i = 0;
    while (i < x->len) {
        i = tp__scan_next_digit(x->body, x->len, i);
        if (i >= x->len)
            break;
        if (tp__dig(x->body[i]))
            i = tp__quantity_at(x, i, sp, n_sp, &cursor);
        else
            i++;
    }
}

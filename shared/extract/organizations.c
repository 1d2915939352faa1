/*
 * organizations.c — organizations (`organization:<canonical name>`).
 *
 * A small grammar over the automaton's lexicon hits:
 *
 *   org      := FIXED                       Bộ Chính trị, Quốc hội
 *             | PREFIX [số N] org           Ban Thường vụ Tỉnh ủy,
 *                                           Đoàn Kiểm tra số 3 Thành ủy Hà Nội
 *             | COMMITTEE [place]           Huyện ủy Thường Tín,
 *                                           Đảng ủy xã Cẩm Lộc
 *             | LEVELED [level [place]]     UBND tỉnh Bắc Giang, HĐND huyện
 *             | HEAD field [parent]         Ban Dân vận Tỉnh ủy, Sở Nội vụ,
 *                                           Phòng Giáo dục và Đào tạo
 *   parent   := Trung ương | COMMITTEE [place] | LEVELED ... | level [place]
 *   place    := a gazetteer name of the level the word before selects
 *
 * Keys use the lexicon's canonical spelling (abbreviations expanded:
 * UBND -> Ủy ban nhân dân, MTTQ -> Mặt trận Tổ quốc Việt Nam, BTV -> Ban
 * Thường vụ), the level word in lower case and the gazetteer's spelling of
 * the place. Only the outermost organization of a nested name is an entity
 * ("Ban Dân vận Tỉnh ủy Bắc Giang", not also "Tỉnh ủy Bắc Giang"); generic
 * plurals ("các cấp ủy", "UBND các cấp", "các sở, ngành") are skipped.
 */
#include <string.h>

#include "data/gazetteer.h"
#include "extract/extract_internal.h"

#define TP__C(c) (1u << (c))
/* The classes of words a name does not hold: all but the place words
 * ("sông", "hồ"), which are read in lower case only (places.c) and are
 * syllables of names too ("Tây Hồ", "Thủy điện Sông Đà"). */
#define TP__C_KNOWN (~TP__C(TP_LEX_PLACE_WORD))

/* Is token t capitalised or an abbreviation? */
static int tp__capped(const tp_xctx_t *x, size_t t)
{
    return t < x->n_toks && x->toks[t].word &&
           (x->toks[t].shape == TP_VN_CAP || x->toks[t].shape == TP_VN_UPPER ||
            x->toks[t].shape == TP_VN_MIXED);
}

/* Token t follows t-1 with a space on the same line. */
static int tp__spaced(const tp_xctx_t *x, size_t t)
{
    return t < x->n_toks && x->toks[t].brk == 1;
}

/* Is token t a word that makes what follows generic ("các", "những")? */
static inline __attribute__((always_inline)) int
tp__generic(const tp_xctx_t *x, size_t t)
{
    /* It runs at every token, inline: most have another length than the
     * words (4, 7, 5 and 5 bytes). */
    size_t n = t < x->n_toks ? x->toks[t].end - x->toks[t].start : 0;
    if (n != sizeof "các" - 1 && n != sizeof "những" - 1 && n != sizeof "mọi" - 1 &&
        n != sizeof "cấp" - 1)
        return 0;
    return tp__tok_is(x, t, "các") || tp__tok_is(x, t, "những") ||
           tp__tok_is(x, t, "mọi") || tp__tok_is(x, t, "cấp");
}

/* Written form of a level word in keys. */
static const char *tp__level_word(const tp_xctx_t *x, size_t t, size_t e)
{
    if (tp__tok_is(x, t, "tp"))
        return "thành phố";
    return tp_arena_strndup(x->arena, x->fold + x->toks[t].start,
                            x->toks[e - 1].end - x->toks[t].start);
}

/* A gazetteer name at t whose unit level is in mask: returns the name
 * (gazetteer spelling) and sets *end. */
static const char *tp__place_at(const tp_xctx_t *x, size_t t, unsigned mask,
                                size_t *end)
{
    if (!tp__spaced(x, t))
        return NULL;
    size_t e;
    const tp__phrase_t *ph = tp__gaz_at(x, t, &e);
    if (!ph)
        return NULL;
    for (size_t k = t; k < e; k++)
        if (x->toks[k].shape != TP_VN_CAP && !x->toks[k].digit)
            return NULL;
    for (uint32_t k = 0; k < ph->gaz_count; k++) {
        const tp_gaz_unit_t *u = &tp_gaz_units[x->ex->gaz_idx[ph->gaz_first + k]];
        if (mask & TP_LVM(u->level)) {
            *end = e;
            return u->name;
        }
    }
    return NULL;
}

/* Is token t a family name? */
static int tp__surname_at(const tp_xctx_t *x, size_t t)
{
    return t < x->n_toks && x->toks[t].word &&
           tp_lex_is_surname(x->fold + x->toks[t].start,
                             x->toks[t].end - x->toks[t].start);
}

/* Does a person's name (a family name and one to three more capitalised
 * syllables, or three with the middle name Văn or Thị: "Sơn Thị Hạnh",
 * a Khmer family name the list lacks) start at t? */
static int tp__name_like(const tp_xctx_t *x, size_t t)
{
    if (!tp__spaced(x, t) || x->toks[t].shape != TP_VN_CAP ||
        (!tp__surname_at(x, t) &&
         !((tp__tok_is(x, t + 1, "văn") || tp__tok_is(x, t + 1, "thị")) &&
           t + 2 < x->n_toks && x->toks[t + 1].shape == TP_VN_CAP &&
           x->toks[t + 2].shape == TP_VN_CAP && tp__spaced(x, t + 2))))
        return 0;
    size_t k = t + 1;
    while (k < x->n_toks && k - t < 5 && tp__spaced(x, k) &&
           x->toks[k].shape == TP_VN_CAP && !x->toks[k].digit)
        k++;
    return k - t >= 2 && k - t <= 4;
}

/* Is token k a Roman numeral (IX, XII) or a number? */
static int tp__numeral(const tp_xctx_t *x, size_t k)
{
    if (k >= x->n_toks || !x->toks[k].word)
        return 0;
    if (x->toks[k].digit)
        return 1;
    if (x->toks[k].shape != TP_VN_UPPER && x->toks[k].shape != TP_VN_CAP)
        return 0;
    for (uint32_t i = x->toks[k].start; i < x->toks[k].end; i++)
        if (!strchr("IVXLC", x->body[i]))
            return 0;
    return 1;
}

/* The region a body of the 2025 structure serves, after it at t: "khu
 * vực" and a numeral ("Kho bạc Nhà nước khu vực IX", "Hải quan khu vực
 * VI") or places joined by hyphens ("Chi cục Thuế khu vực Thuận Thành -
 * Gia Bình"); or a third of the country ("miền Bắc"). Appends it to b
 * (when b) and returns the token after it, or t. */
static size_t tp__region(const tp_xctx_t *x, size_t t, tp_buf_t *b)
{
    if (!tp__spaced(x, t) || x->toks[t].shape != TP_VN_LOWER)
        return t;
    size_t k = t + 2, e;
    /* "Tổng công ty Điện lực | miền Bắc" */
    if (tp__tok_is(x, t, "miền") && tp__spaced(x, t + 1) && x->toks[t + 1].shape == TP_VN_CAP &&
        (tp__tok_is(x, t + 1, "bắc") || tp__tok_is(x, t + 1, "trung") ||
         tp__tok_is(x, t + 1, "nam")) &&
        !(tp__spaced(x, t + 2) && x->toks[t + 2].shape == TP_VN_CAP)) {
        k = t + 2;
    } else if (!tp__tok_is(x, t, "khu") || !tp__spaced(x, t + 1) ||
               !tp__tok_is(x, t + 1, "vực") || !tp__spaced(x, t + 2)) {
        return t;
    } else if (tp__numeral(x, k)) {
        k++;
        /* "Viện Kiểm sát nhân dân khu vực 3 | (-) Nghệ An": the province. */
        size_t h = tp__tok_is(x, k, "-") && x->toks[k].brk == 1 ? k + 1 : k;
        if (tp__spaced(x, h) &&
            tp__place_at(x, h, TP_LVM(TP_GAZ_TINH) | TP_LVM(TP_GAZ_THANH_PHO), &e))
            k = e;
    } else {
        while (x->toks[k].shape == TP_VN_CAP && tp__gaz_at(x, k, &e)) {
            k = e;
            if (!(tp__tok_is(x, k, "-") && x->toks[k].brk == 1 && tp__spaced(x, k + 1) &&
                  x->toks[k + 1].shape == TP_VN_CAP && tp__gaz_at(x, k + 1, &e)))
                break;
            k++;
        }
        if (k == t + 2)
            return t;
    }
    if (b) {
        tp_buf_putc(x->arena, b, ' ');
        tp_buf_append(x->arena, b, x->body + x->toks[t].start,
                      x->toks[k - 1].end - x->toks[t].start);
    }
    return k;
}

/* The place a sentence is spoken from: "Từ Hà Tĩnh, ông A, Chủ tịch
 * UBND tỉnh, ..." (opening the sentence), "phát biểu từ điểm cầu tỉnh
 * Quảng Bình, ..." (anywhere before), "Tại điểm cầu X, ...". When the
 * level word at t follows such a lead-in in its sentence, returns the
 * place's name (a gazetteer unit of a level in mask, its own level word
 * optional), else NULL. */
static const char *tp__lead_in_place(const tp_xctx_t *x, size_t t, unsigned mask)
{
    /* One walk back to the sentence's start (bare level words are
     * common, lead-ins rare): the nearest lead-in before t wins. */
    for (size_t k = t; k-- > 0 && t - k < 24;) {
        const tp_vn_tok_t *tk = &x->toks[k];
        if (!tk->word) {
            if (x->body[tk->start] == '.')
                return NULL;
            continue;
        }
        if (x->fold[tk->start] != 't' || tk->end - tk->start < 4 || tk->end - tk->start > 5) {
            if (tk->brk == 2)
                return NULL;
            continue;
        }
        int sent = k == 0 || tk->brk == 2 || x->body[x->toks[k - 1].start] == '.';
        if (tp__tok_is(x, k, "từ") || tp__tok_is(x, k, "tại")) {
            size_t q = k + 1, pe, le;
            int cue = tp__tok_is(x, q, "điểm") && tp__tok_is(x, q + 1, "cầu");
            if (cue)
                q += 2;
            if (cue || (sent && tk->shape == TP_VN_CAP)) {
                if (tp__lex_at(x, q, TP__C(TP_LEX_LEVEL), &le))
                    q = le;
                const char *name = tp__place_at(x, q, mask, &pe);
                /* (Without "điểm cầu" a speaker must follow: "Từ Quảng
                 * Bình, ông B, ..."; "Từ Hà Tĩnh, đoàn đi ..." is a
                 * journey.) */
                if (name && pe < t && tp__tok_is(x, pe, ",") &&
                    (cue || tp__lex_at(x, pe + 1, TP__C(TP_LEX_HONORIFIC), &le)))
                    return name;
            }
        }
        if (sent)
            return NULL;
    }
    return NULL;
}

/* A location places.c found starting at token e that the gazetteer does
 * not hold (no code), of the given level (NULL: any): its name, with
 * *end set after its last token; or NULL. */
static const char *tp__found_unlisted(const tp_xctx_t *x, size_t e, const char *level,
                                      size_t *end)
{
    if (!tp__spaced(x, e) || x->toks[e].shape != TP_VN_CAP ||
        !tp__ent_starts_at(x, TP_ENT_LOCATION, x->toks[e].start))
        return NULL;
    for (size_t i = 0; i < x->n_ents; i++) {
        const tp_entity_t *l = &x->ents[i];
        const char *lv;
        if (!l->key || l->type != TP_ENT_LOCATION || tp__ent_get_field(l, "code") ||
            (level && (!(lv = tp__ent_get_field(l, "level")) || strcmp(lv, level) != 0)))
            continue;
        for (size_t m = 0; m < l->n_mentions; m++) {
            if (l->mentions[m].start != x->toks[e].start)
                continue;
            size_t k = e;
            while (k < x->n_toks && x->toks[k].end <= l->mentions[m].end)
                k++;
            *end = k;
            return l->name;
        }
    }
    return NULL;
}

/* An optional "level [place]" after a body at t: appends it to b. A
 * village word (thôn, bản) is taken with the village's name, or alone
 * when a person's name or no name follows ("Trưởng ban Công tác Mặt trận
 * thôn Phan Văn Cường"). */
static size_t tp__level_place(tp_xctx_t *x, size_t t, tp_buf_t *b)
{
    size_t e;
    if (!tp__spaced(x, t))
        return t;
    if ((e = tp__region(x, t, b)) > t)
        return tp__level_place(x, e, b); /* "khu vực 1 | tỉnh Bắc Ninh" */
    const tp_lex_entry_t *lw = tp__lex_at(x, t, TP__C(TP_LEX_LEVEL), &e);
    /* ("tỉnh | các ..." goes on to other places; "tỉnh | cấp giấy" is
     * the body's verb.) */
    if (!lw || (tp__generic(x, e) && !tp__tok_is(x, e, "cấp")))
        return t;
    /* "xã hội" is a word, not the level xã; "Tỉnh ủy" is a committee. */
    if (tp__tok_is(x, t, "xã") && tp__tok_is(x, e, "hội"))
        return t;
    size_t ce;
    if (tp__lex_at(x, t, TP__C(TP_LEX_ORG_COMMITTEE), &ce) && ce > e)
        return t;
    if (lw->kind == (1u << 12)) {
        if (x->toks[t].shape != TP_VN_LOWER)
            return t;
        size_t k = e;
        if (!tp__name_like(x, e))
            while (k < x->n_toks && k - e < 3 && tp__spaced(x, k) &&
                   (x->toks[k].shape == TP_VN_CAP || x->toks[k].digit))
                k++;
        tp_buf_putc(x->arena, b, ' ');
        tp_buf_append(x->arena, b, x->body + x->toks[t].start,
                      x->toks[k - 1].end - x->toks[t].start);
        return k;
    }
    tp_buf_putc(x->arena, b, ' ');
    tp_buf_puts(x->arena, b, tp__level_word(x, t, e));
    size_t pe;
    const char *name = tp__place_at(x, e, lw->kind, &pe);
    /* "Từ điểm cầu Hà Tĩnh, ông A, Chủ tịch UBND tỉnh, ...": in a
     * sentence led by the place it speaks from, a bare level word is
     * that place's (two provinces' chairmen in one article). */
    if (!name && (name = tp__lead_in_place(x, t, lw->kind)))
        pe = e;
    /* A commune or district the gazetteer lacks (merged before 2025)
     * that places.c found after this level word: its name as found. */
    if (!name)
        name = tp__found_unlisted(x, e, NULL, &pe);
    if (!name)
        return e;
    tp_buf_putc(x->arena, b, ' ');
    tp_buf_puts(x->arena, b, name);
    return pe;
}

/* A province location places.c found at e that the gazetteer does not
 * hold (no code: a dissolved one, "Nghệ Tĩnh"): its name, *end set; or
 * NULL. */
static const char *tp__found_province(const tp_xctx_t *x, size_t e, size_t *end)
{
    return tp__found_unlisted(x, e, "tinh", end);
}

/* Lower-case words that end the field phrase of a name: function words
 * and the verbs that follow a body in a sentence ("Ban Chỉ đạo đã làm
 * việc với huyện"). Folded, sorted bytewise. */
static const char *const tp__stop_words[] = {
    "bị", "cho", "chưa", "cũng", "có", "cùng", "cấp", "do", "gồm", "hay",
    "hoặc", "khi", "không", "là", "làm", "lên", "mà", "mọi", "nay", "này",
    "nhằm", "những", "như", "phải", "qua", "ra", "rất", "sau", "sẽ",
    "theo", "thì", "trong", "trên", "trước", "tại", "tới", "từ", "vào",
    "và", "vừa", "về", "với", "được", "đang", "đã", "đó", "đến", "để",
    "đều", "ở", "của",
};

/* Is token t a stop word of a field phrase? */
static int tp__stop_word(const tp_xctx_t *x, size_t t)
{
    const char *s = x->fold + x->toks[t].start;
    size_t n = x->toks[t].end - x->toks[t].start;
    for (size_t i = 0; i < sizeof tp__stop_words / sizeof *tp__stop_words; i++)
        if (strlen(tp__stop_words[i]) == n && memcmp(tp__stop_words[i], s, n) == 0)
            return 1;
    return 0;
}

/* Does something that closes a field phrase start at t: a level word of
 * a commune or above, a party committee, or "Trung ương"? */
static int tp__closes_field(const tp_xctx_t *x, size_t t)
{
    size_t e;
    if (!tp__spaced(x, t))
        return 0;
    if (tp__region(x, t, NULL) > t)
        return 1;
    const tp_lex_entry_t *lw = tp__lex_at(x, t, TP__C(TP_LEX_LEVEL), &e);
    if (lw && lw->kind != (1u << 12) && !(tp__generic(x, e) && !tp__tok_is(x, e, "cấp")) &&
        !(tp__tok_is(x, t, "xã") && tp__tok_is(x, e, "hội")))
        return 1;
    if (tp__capped(x, t) && tp__lex_at(x, t, TP__C(TP_LEX_ORG_COMMITTEE), &e))
        return 1;
    /* "Ban Biên tập Trang thông tin điện tử | Đảng bộ tỉnh": the body
     * the department belongs to. */
    if (x->toks[t].shape == TP_VN_CAP && tp__lex_at(x, t, TP__C(TP_LEX_ORG_LEVELED), &e))
        return 1;
    /* "Cục Quản lý thị trường | Bộ Công Thương": a ministry or
     * department named by a known field. */
    size_t fe;
    if (x->toks[t].shape == TP_VN_CAP && tp__lex_at(x, t, TP__C(TP_LEX_ORG_HEAD), &e) &&
        tp__spaced(x, e) && tp__capped(x, e) &&
        tp__lex_at(x, e, TP__C(TP_LEX_ORG_FIELD), &fe))
        return 1;
    return x->toks[t].shape == TP_VN_CAP && tp__tok_is(x, t, "trung") &&
           tp__tok_is(x, t + 1, "ương");
}

/* The proper name that ends the name of a firm, a school or a post
 * ("Công ty Cổ phần Môi trường đô thị | Hà Tĩnh", "Đồn Biên phòng Cửa
 * khẩu quốc tế | Cầu Treo"): one to three capitalised syllables, not a
 * person's name, then no capital. Returns its end or t. */
static size_t tp__proper_end(const tp_xctx_t *x, size_t t)
{
    size_t k = t, e;
    /* "Xổ số kiến thiết | Thủ đô": the capital, a name in lower case
     * after its first syllable. */
    if (tp__spaced(x, t) && x->toks[t].shape == TP_VN_CAP && tp__tok_is(x, t, "thủ") &&
        tp__spaced(x, t + 1) && tp__tok_is(x, t + 1, "đô") &&
        !(tp__spaced(x, t + 2) && x->toks[t + 2].shape == TP_VN_CAP))
        return t + 2;
    /* "Bệnh viện Đa khoa khu vực Cầu Ngang | Thạch Văn Phúc": a place's
     * name, then a person's. */
    if (tp__spaced(x, t) && x->toks[t].shape == TP_VN_CAP && tp__gaz_at(x, t, &e) &&
        e <= t + 3 && tp__name_like(x, e))
        return e;
    /* "khu vực Triệu Hải | Lê Văn Tâm": a run of capitals that goes on
     * into a person's name (a family name and two or three more
     * syllables that end the run) has the body's name before it. */
    size_t n = 0;
    while (t + n < x->n_toks && n < 8 && tp__spaced(x, t + n) &&
           x->toks[t + n].shape == TP_VN_CAP && !x->toks[t + n].digit)
        n++;
    for (size_t j = t + 1; n >= 4 && j <= t + 3 && t + n - j >= 3; j++) {
        if (tp__lex_at(x, j - 1, TP__C_KNOWN, &e))
            break;
        if (t + n - j <= 4 && tp__surname_at(x, j))
            return j;
    }
    while (k < x->n_toks && k - t < 4 && tp__spaced(x, k) &&
           x->toks[k].shape == TP_VN_CAP && !x->toks[k].digit &&
           !tp__lex_at(x, k, TP__C_KNOWN, &e))
        k++;
    if (k == t || k - t > 3 || tp__surname_at(x, t) ||
        (k < x->n_toks && tp__spaced(x, k) && x->toks[k].shape != TP_VN_LOWER &&
         x->toks[k].word))
        return t;
    return k;
}

static size_t tp__field_noun(const tp_xctx_t *x, size_t k);
static size_t tp__field_nouns_at(const tp_xctx_t *x, size_t k);

/* The capitals of a proper name that ends a field's tail at k, with those
 * right before k (from t on): "Nguyễn | Tri Phương" has three; more than
 * four are a place and a person's name ("Cầu Ngang Thạch | Văn Phúc"). */
static size_t tp__proper_run(const tp_xctx_t *x, size_t t, size_t k)
{
    size_t r = k;
    while (r > t && x->toks[r - 1].shape == TP_VN_CAP && x->toks[r - 1].word &&
           x->toks[r].brk == 1)
        r--;
    return tp__proper_end(x, k) - r;
}


/* Nouns of people and units (folded): after "và" they name a second
 * party, not the rest of a field ("Phòng Cảnh sát giao thông | và đội
 * tuần tra huyện", "Ban Quản lý chợ | và tiểu thương xã"). */
static const char *const tp__groups[] = {
    "đội", "tổ", "lực lượng", "cán bộ", "người", "nhân dân", "nhân viên",
    "học sinh", "sinh viên", "các", "những", "đơn vị", "cơ quan", "chính quyền",
    "tiểu thương", "bà con", "hội viên", "đoàn viên", "đảng viên", "chi bộ", "ban",
    "phòng", "trạm", "trường", "hộ", "thành viên", "đại diện", "đại biểu",
    "công nhân", "công chức", "viên chức", "giáo viên", "bác sĩ", "chiến sĩ",
    "lãnh đạo", "thương nhân", "doanh nhân", "nông dân", "ngư dân", "cử tri",
    "quần chúng", "tình nguyện viên", "y bác sĩ", "gia đình", "doanh nghiệp",
};

/* Does a noun of tp__groups start at k? */
static int tp__group_at(const tp_xctx_t *x, size_t k)
{
    for (size_t i = 0; i < sizeof tp__groups / sizeof *tp__groups; i++)
        if (tp__tok_phrase(x, k, tp__groups[i], 0))
            return 1;
    return 0;
}

/* A body numbered among its kind ("Ban Quản lý dự án | 2", "Đội Quản
 * lý thị trường số | 5"): a number of one to three digits at k after
 * "dự án" or "số", the name ending with it.
 * Returns the token after the number, or 0. */
static size_t tp__numbered_end(const tp_xctx_t *x, size_t k)
{
    if (k < 2 || !tp__spaced(x, k) || !x->toks[k].digit ||
        x->toks[k].end - x->toks[k].start > 3 ||
        !(tp__tok_is(x, k - 1, "số") ||
          (tp__tok_is(x, k - 2, "dự") && tp__tok_is(x, k - 1, "án"))))
        return 0;
    size_t n = k + 1;
    if (n < x->n_toks && x->toks[n].brk == 0 && !x->toks[n].word)
        return strchr(",;:)", x->body[x->toks[n].start]) ||
                       (x->body[x->toks[n].start] == '.' &&
                        !(n + 1 < x->n_toks && x->toks[n + 1].brk == 0))
                   ? n
                   : 0;
    /* "dự án 3 tỷ đồng", "dự án 4 công trình": a quantity reads the
     * number, or a lower-case word counted by it follows (a stop word or
     * "thuộc" goes on with the sentence). */
    if (tp__ent_overlaps(x, TP_ENT_QUANTITY, x->toks[k].start, x->toks[k].end) ||
        (n < x->n_toks && x->toks[n].brk == 1 && x->toks[n].word &&
         x->toks[n].shape == TP_VN_LOWER && !tp__stop_word(x, n) &&
         !tp__tok_is(x, n, "thuộc")))
        return 0;
    return n;
}

/* The lower-case rest of a field ("Ban Quản lý | dự án đầu tư xây dựng |
 * huyện", "Cục Thi hành | án dân sự | tỉnh"): up to fourteen words
 * without stop words ("và" only between lower-case nouns), kept only when
 * a level word or a committee closes it, or a proper name, which it then
 * takes in: for firms, schools and posts (proper) after any lower-case
 * words, for other bodies after two or more ("Ban Quản lý | rừng phòng
 * hộ | Nam Hải Lăng"); without a closer, field nouns after "về" end it.
 * Returns the token after it, or t. */
static size_t tp__field_tail(const tp_xctx_t *x, size_t t, int proper)
{
    size_t k = t, e;
    size_t vf = 0; /* the end of "về" and its field nouns, or 0 */
    int lower = 1; /* [t, k) are all lower case */
    /* "Giám đốc HTX Thành Công | Lê Văn Hùng": a person's name right
     * after a capitalised name is no part of it (one after a type word
     * is: "Trường THPT Huỳnh Thúc Kháng"). */
    if (t > 0 && x->toks[t - 1].shape == TP_VN_CAP && tp__name_like(x, t) &&
        !tp__gaz_at(x, t, &e))
        return t;
    while (k < x->n_toks && k - t < 14 && tp__spaced(x, k) && x->toks[k].word &&
           !x->toks[k].digit && !tp__closes_field(x, k)) {
        /* (A capital before the lower-case syllable of its word is
         * none: "dự án | Đầu tư xây dựng".) */
        if ((proper ? k > t : lower && k - t >= 2) && x->toks[k].shape == TP_VN_CAP &&
            tp__proper_end(x, k) > k && !tp__generic(x, k - 1) &&
            tp__proper_run(x, t, k) <= 4 &&
            !(tp__proper_end(x, k) == k + 1 && x->toks[k - 1].shape == TP_VN_LOWER &&
              tp__spaced(x, k + 1) &&
              x->toks[k + 1].word && x->toks[k + 1].shape == TP_VN_LOWER &&
              !tp__stop_word(x, k + 1) && !tp__closes_field(x, k + 1)))
            return tp__proper_end(x, k);
        /* "Hội Doanh nhân | trẻ | Việt Nam": the country closes a
         * national body's name (tp__parent() reads it). */
        size_t ce;
        const char *cn = k > t && lower && x->toks[k].shape == TP_VN_CAP
                             ? tp__place_at(x, k, TP_LVM(TP_GAZ_QUOC_GIA), &ce)
                             : NULL;
        if (cn && strcmp(cn, "Việt Nam") == 0 && !tp__generic(x, k - 1))
            return k;
        lower &= x->toks[k].shape == TP_VN_LOWER;
        if (x->toks[k].shape != TP_VN_LOWER && x->toks[k].shape != TP_VN_CAP)
            return t;
        /* "Phòng Cảnh sát | điều tra tội phạm về ma túy": "về" before a
         * field noun names the field. */
        if (tp__tok_is(x, k, "về") && k > t && tp__field_noun(x, k + 1)) {
            k = vf = tp__field_nouns_at(x, k + 1);
            continue;
        }
        /* "dự án đầu tư xây dựng các công trình dân dụng | và | công
         * nghiệp tỉnh": "và" between lower-case words of a field that a
         * level word closes joins two of its nouns, not two bodies. */
        if (tp__tok_is(x, k, "và") && lower && k > t && k + 1 < x->n_toks &&
            tp__spaced(x, k + 1) && x->toks[k + 1].word &&
            x->toks[k + 1].shape == TP_VN_LOWER && !tp__stop_word(x, k + 1) &&
            !tp__closes_field(x, k + 1) && !tp__group_at(x, k + 1)) {
            k++;
            continue;
        }
        /* "... tội phạm về ma túy | đã", "| phối hợp với": the field
         * nouns after "về" end the name when no closer comes. */
        if (tp__stop_word(x, k) && !tp__tok_is(x, k, "các"))
            return vf ? vf : t;
        if (tp__lex_at(x, k, TP__C(TP_LEX_TITLE) | TP__C(TP_LEX_HONORIFIC) |
                                 TP__C(TP_LEX_ORG_LEVELED) | TP__C(TP_LEX_ORG_FIXED),
                       &e))
            return vf ? vf : t;
        k++;
    }
    size_t ne = k > t ? tp__numbered_end(x, k) : 0;
    if (ne)
        return ne; /* "Ban Quản lý | dự án 2" */

    if (k == t || !tp__closes_field(x, k) || tp__generic(x, k - 1))
        return vf ? vf : t; /* "về ma túy | (C04)", "| , Công an tỉnh" */
    return k;
}

/* Can token k continue the capitalised words of a field? */
static int tp__field_word(const tp_xctx_t *x, size_t k)
{
    return k < x->n_toks && tp__spaced(x, k) && x->toks[k].word &&
           !x->toks[k].digit &&
           (x->toks[k].shape == TP_VN_CAP || x->toks[k].shape == TP_VN_UPPER);
}

/* Lower-case nouns (folded, two syllables) that go on a field after its
 * capitalised words as official names write them: "Cục Bảo vệ | thực
 * vật", "Quỹ Hỗ trợ | nông dân", "Phòng, chống | ma túy và tội phạm". */
static const char *const tp__field_nouns[] = {
    "thực vật", "nông dân", "nông thôn", "ma túy", "tội phạm", "thiên tai",
    "cứu nạn", "cứu hộ", "tham nhũng", "tiêu cực", "lãng phí", "thủy sản",
    "thủy lợi", "lâm nghiệp", "trẻ em", "gia đình", "xã hội", "doanh nghiệp",
    "dân sự", "hình sự", "đô thị", "cháy nổ", "buôn lậu", "hàng giả",
    "gian lận", "thương mại", "môi trường", "động vật", "thú y", "sức khỏe",
    "người nghèo", "việc làm", "nhà ở", "đất đai", "kinh tế", "chất lượng",
    "thiên nhiên", "khoáng sản", "tài nguyên", "người dùng", "cộng đồng",
    "biên giới", "hải đảo", "dịch bệnh", "an ninh", "trật tự", "khuyến nông",
    "nông sản", "cây trồng", "vật nuôi", "hợp tác xã", "vừa và nhỏ",
    "tệ nạn", "mại dâm", "bạo lực", "thiên tai", "dịch bệnh", "bão lụt",
    "công nghệ cao", /* "Khu | công nghệ cao" */
    "đầu tư", /* "Phòng Quản lý | đầu tư" */
    "bệnh tật", "thị trường", /* "Kiểm soát | bệnh tật", "Quản lý | thị trường" */
    "giao thông", "cơ động", /* "Cảnh sát | giao thông" */
    "nhỏ và vừa", /* "Hội Doanh nghiệp | nhỏ và vừa" */
};

/* Does a lower-case field noun of the list start at k? Returns its end
 * or 0. */
static size_t tp__field_noun(const tp_xctx_t *x, size_t k)
{
    if (k >= x->n_toks || !tp__spaced(x, k) || x->toks[k].shape != TP_VN_LOWER ||
        !x->toks[k].word || x->toks[k].digit)
        return 0;
    for (size_t i = 0; i < sizeof tp__field_nouns / sizeof *tp__field_nouns; i++) {
        const char *n = tp__field_nouns[i];
        size_t j = k;
        while (*n) {
            const char *sp = strchr(n, ' ');
            size_t l = sp ? (size_t)(sp - n) : strlen(n);
            if (j >= x->n_toks || (j > k && !tp__spaced(x, j)) ||
                x->toks[j].end - x->toks[j].start != l ||
                memcmp(x->fold + x->toks[j].start, n, l) != 0)
                break;
            j++;
            n += l;
            if (*n == ' ')
                n++;
        }
        if (!*n)
            return j;
    }
    return 0;
}

/* The lower-case nouns after a field's words ("thực vật", "ma túy và tội
 * phạm"): returns the token after them, k when none. */
static size_t tp__field_nouns_at(const tp_xctx_t *x, size_t k)
{
    size_t e = tp__field_noun(x, k);
    while (e) {
        k = e;
        /* "tệ nạn | xã hội": nouns in a row, or joined by "và" or a
         * comma ("về tham nhũng, kinh tế, buôn lậu, môi trường"). */
        if ((e = tp__field_noun(x, k)))
            continue;
        if (tp__tok_is(x, k, ",") && x->toks[k].brk == 0 &&
            (e = tp__field_noun(x, k + 1)) && (tp__field_noun(x, e) ||
                                               tp__tok_is(x, e, ",") ||
                                               tp__tok_is(x, e, "và") ||
                                               tp__closes_field(x, e)))
            continue;
        if (!tp__tok_is(x, k, "và") || !tp__spaced(x, k) ||
            !(e = tp__field_noun(x, k + 1)))
            break;
    }
    return k;
}

/* "Phòng, chống" (prevention and control), written as one word of a
 * field: returns the token after it or 0. */
static size_t tp__phong_chong(const tp_xctx_t *x, size_t k)
{
    if (tp__tok_is(x, k, "phòng") && tp__tok_is(x, k + 1, ",") &&
        tp__tok_is(x, k + 2, "chống") && x->toks[k + 2].brk == 1)
        return k + 3;
    return 0;
}

/* A list of capitalised field words after a comma ("Khoa học, | Công
 * nghệ và Môi trường", "Văn hóa, | Thể thao và Du lịch"): the items are
 * one or two words each, and the list ends with "và" and a last item,
 * as Vietnamese writes a list. Returns the token after the list, or 0
 * when the comma separates names instead ("Sở Nội vụ, Sở Tài chính"). */
static size_t tp__field_list(const tp_xctx_t *x, size_t k)
{
    size_t e;
    unsigned known = TP__C(TP_LEX_ORG_COMMITTEE) | TP__C(TP_LEX_ORG_LEVELED) |
                     TP__C(TP_LEX_ORG_FIXED) | TP__C(TP_LEX_TITLE) |
                     TP__C(TP_LEX_ORG_HEAD) | TP__C(TP_LEX_ORG_PREFIX) |
                     TP__C(TP_LEX_HONORIFIC) | TP__C(TP_LEX_LEVEL);
    int seen_and = 0;
    while (tp__tok_is(x, k, ",") || tp__tok_is(x, k, "và")) {
        if (seen_and)
            break;
        seen_and = tp__tok_is(x, k, "và");
        k++;
        if (x->toks[k - 1].word ? !tp__spaced(x, k - 1) : x->toks[k - 1].brk != 0)
            return 0;
        /* (A place of two syllables or more is a name, not a field;
         * one-syllable commune names such as "Thanh" are field words.) */
        if (!tp__field_word(x, k) || x->toks[k].shape != TP_VN_CAP ||
            tp__lex_at(x, k, known, &e) || (tp__gaz_at(x, k, &e) && e > k + 1) ||
            tp__surname_at(x, k))
            return 0;
        size_t w = 0;
        while (w < 2 && tp__field_word(x, k) && x->toks[k].shape == TP_VN_CAP) {
            k++;
            w++;
            if (k < x->n_toks && tp__spaced(x, k) && x->toks[k].word &&
                x->toks[k].shape == TP_VN_LOWER && !x->toks[k].digit &&
                !tp__stop_word(x, k) && !tp__closes_field(x, k))
                k++;
        }
    }
    return seen_and ? k : 0;
}

/* A list of duties in lower case from t ("bồi thường, hỗ trợ và tái định
 * cư"): up to twelve words in sixteen tokens, commas and "và" between
 * them, no other stop word, no level word or generic word. Returns the
 * token after it and counts its words, commas and "và"s. */
static size_t tp__duty_list(const tp_xctx_t *x, size_t t, size_t *words, int *commas,
                            int *ands)
{
    size_t k = t;
    *words = 0;
    *commas = *ands = 0;
    while (k < x->n_toks && k - t < 16 && *words < 12) {
        if (tp__tok_is(x, k, ",") && x->toks[k].brk == 0 && *words > 0 &&
            tp__spaced(x, k + 1) && x->toks[k + 1].shape == TP_VN_LOWER) {
            (*commas)++;
            k++;
            continue;
        }
        if (!tp__spaced(x, k) || !x->toks[k].word || x->toks[k].digit ||
            x->toks[k].shape != TP_VN_LOWER || tp__closes_field(x, k) ||
            tp__generic(x, k) || (tp__stop_word(x, k) && !tp__tok_is(x, k, "và")))
            break;
        *ands += tp__tok_is(x, k, "và");
        k++;
        (*words)++;
    }
    return k;
}

/* A field written all in lower case, a list of duties closed by a level
 * word ("Hội đồng | bồi thường, hỗ trợ và tái định cư | huyện"): two to
 * twelve words. Returns the token after it, or t. */
static size_t tp__lc_field(const tp_xctx_t *x, size_t t)
{
    size_t words;
    int commas, ands;
    size_t k = tp__duty_list(x, t, &words, &commas, &ands);
    if (words < 2 || !tp__closes_field(x, k) || !x->toks[k - 1].word ||
        tp__tok_is(x, k - 1, "và"))
        return t;
    return k;
}

/* The task a council is named by when no level word closes it: a list
 * of duties in lower case, commas between them and "và" before the last
 * ("Hội đồng | bồi thường, hỗ trợ và tái định cư | của quận"), or what
 * it advises on ("Hội đồng | tư vấn về dân tộc | của Ủy ban MTTQ"): the
 * name ends where the sentence goes on (a stop word, punctuation, a
 * capital, a line end). Returns the token after it, or t. */
static size_t tp__council_task(const tp_xctx_t *x, size_t t)
{
    size_t k = t, words, e;
    int commas, ands;
    if (tp__spaced(x, t) && tp__tok_is(x, t, "tư") && tp__tok_is(x, t + 1, "vấn") &&
        tp__spaced(x, t + 1)) {
        /* "tư vấn | về | dân tộc": one noun of two syllables at most. */
        k = t + 2;
        if (tp__tok_is(x, k, "về") && tp__spaced(x, k))
            k++;
        size_t s = k;
        while (k - s < 2 && tp__spaced(x, k) && x->toks[k].word && !x->toks[k].digit &&
               x->toks[k].shape == TP_VN_LOWER && !tp__stop_word(x, k) &&
               !tp__lex_at(x, k, ~TP__C(TP_LEX_ORG_FIELD), &e))
            k++;
        if (k == s || (tp__spaced(x, k) && x->toks[k].word &&
                       x->toks[k].shape == TP_VN_LOWER && !tp__stop_word(x, k)))
            return t;
        return k;
    }
    k = tp__duty_list(x, t, &words, &commas, &ands);
    if (!commas || ands != 1 || words < 4 || !x->toks[k - 1].word || tp__tok_is(x, k - 1, "và"))
        return t;
    return k;
}

/* Words that open the name of an event, folded ("Ban Tổ chức | Lễ hội
 * Đền Hùng", "| Hội thi ...", "| Giải Việt dã ..."). */
static const char *const tp__event_words[] = {
    "lễ hội", "hội thi", "hội diễn", "hội thao", "hội chợ", "hội báo", "ngày hội",
    "liên hoan", "cuộc thi", "giải", "tuần", "festival", "đại hội thể dục thể thao",
    "tuần lễ", "chương trình",
};

/* The event an organizing board is named after, at k after "Ban Tổ
 * chức": an event word written with a capital, then the event's name:
 * capitalised words, the lower-case syllable of a word between two
 * capitals ("Văn | hóa | - Du lịch"), parts joined by spaced hyphens
 * ("Lễ hội Đền Hùng - Tuần Văn hóa - Du lịch Đất Tổ"), "năm" and a
 * year. Appends it to b and returns the token after it, or k. */
static size_t tp__event_name(tp_xctx_t *x, size_t k, tp_buf_t *b)
{
    size_t e = 0;
    if (!tp__spaced(x, k) || x->toks[k].shape != TP_VN_CAP)
        return k;
    for (size_t i = 0; i < sizeof tp__event_words / sizeof *tp__event_words && !e; i++)
        e = tp__tok_phrase(x, k, tp__event_words[i], 0);
    if (!e)
        return k;
    size_t last = e;
    for (size_t j = e; j < x->n_toks && j - k < 24;) {
        if (tp__spaced(x, j) && x->toks[j].word && x->toks[j].shape == TP_VN_CAP &&
            !x->toks[j].digit) {
            last = ++j;
            continue;
        }
        /* "Văn | hóa": the second syllable of a capitalised word, when
         * the name goes on after it. */
        if (j > e && tp__spaced(x, j) && x->toks[j].word && x->toks[j].shape == TP_VN_LOWER &&
            x->toks[j - 1].shape == TP_VN_CAP && !tp__stop_word(x, j)) {
            /* ... or after a capital alone ("Lễ hội Văn | hóa | thông
             * báo"; after two, "Đất Tổ | thông báo" is the verb's). */
            if ((tp__spaced(x, j + 1) && x->toks[j + 1].shape == TP_VN_CAP) ||
                (tp__tok_is(x, j + 1, "-") && x->toks[j + 1].brk == 1)) {
                j++;
                continue;
            }
            if (x->toks[j - 2].shape != TP_VN_CAP) {
                last = ++j;
                continue;
            }
        }
        if (j > e && tp__tok_is(x, j, "-") && x->toks[j].brk == 1 && tp__spaced(x, j + 1) &&
            x->toks[j + 1].shape == TP_VN_CAP) {
            j++;
            continue;
        }
        if (tp__spaced(x, j) && tp__tok_is(x, j, "năm") && tp__spaced(x, j + 1) &&
            x->toks[j + 1].digit && x->toks[j + 1].end - x->toks[j + 1].start == 4) {
            last = j += 2;
            continue;
        }
        break;
    }
    if (last == e)
        return k; /* an event word alone names no event */
    tp_buf_putc(x->arena, b, ' ');
    tp_buf_append(x->arena, b, x->body + x->toks[k].start,
                  x->toks[last - 1].end - x->toks[k].start);
    return last;
}

/* Abbreviations written inside a field and their full form in keys
 * ("Trường THPT Đô Lương 1" -> "Trường Trung học phổ thông Đô Lương 1"). */
static const struct {
    const char *abbr, *full;
} tp__field_abbrs[] = {
    {"THPT", "Trung học phổ thông"}, {"THCS", "Trung học cơ sở"},
    {"PTDTNT", "Phổ thông Dân tộc nội trú"}, {"PTDTBT", "Phổ thông Dân tộc bán trú"},
    {"TH", "Tiểu học"}, {"MN", "Mầm non"}, {"CĐ", "Cao đẳng"},
    {"ĐH", "Đại học"}, {"BVTV", "Bảo vệ thực vật"},
};

/* Is token k an abbreviation of tp__field_abbrs? */
static int tp__field_abbr(const tp_xctx_t *x, size_t k)
{
    if (k >= x->n_toks || x->toks[k].shape != TP_VN_UPPER)
        return 0;
    size_t n = x->toks[k].end - x->toks[k].start;
    for (size_t i = 0; i < sizeof tp__field_abbrs / sizeof *tp__field_abbrs; i++)
        if (strlen(tp__field_abbrs[i].abbr) == n &&
            memcmp(tp__field_abbrs[i].abbr, x->body + x->toks[k].start, n) == 0)
            return 1;
    return 0;
}

/* Is token k a '&' glued between two abbreviations of tp__field_abbrs
 * ("TH&THCS": a school of two levels)? */
static int tp__abbr_amp(const tp_xctx_t *x, size_t k)
{
    return k > 0 && k + 1 < x->n_toks && tp__tok_is(x, k, "&") && x->toks[k].brk == 0 &&
           x->toks[k + 1].brk == 0 && tp__field_abbr(x, k - 1) && tp__field_abbr(x, k + 1);
}

/* Appends the body's tokens [a, b) to buf as written, with the spaces
 * between them, expanding the abbreviations of tp__field_abbrs ('&'
 * between two of them is "và"). */
static void tp__append_expanded(tp_xctx_t *x, tp_buf_t *buf, size_t a, size_t b)
{
    size_t from = x->toks[a].start;
    for (size_t k = a; k < b; k++) {
        if (tp__abbr_amp(x, k)) {
            tp_buf_append(x->arena, buf, x->body + from, x->toks[k].start - from);
            tp_buf_puts(x->arena, buf, " và ");
            from = x->toks[k].end;
            continue;
        }
        if (x->toks[k].shape != TP_VN_UPPER)
            continue;
        const char *w = x->body + x->toks[k].start;
        size_t n = x->toks[k].end - x->toks[k].start;
        for (size_t i = 0; i < sizeof tp__field_abbrs / sizeof *tp__field_abbrs; i++)
            if (strlen(tp__field_abbrs[i].abbr) == n &&
                memcmp(tp__field_abbrs[i].abbr, w, n) == 0) {
                tp_buf_append(x->arena, buf, x->body + from, x->toks[k].start - from);
                tp_buf_puts(x->arena, buf, tp__field_abbrs[i].full);
                from = x->toks[k].end;
                break;
            }
    }
    tp_buf_append(x->arena, buf, x->body + from, x->toks[b - 1].end - from);
}

/* Does a place's name, written with capitals ("Nghệ An", not the
 * "Văn hóa" of "Văn hóa - Nghệ thuật"), start at k? */
static int tp__gaz_cap(const tp_xctx_t *x, size_t k)
{
    size_t e;
    if (!tp__gaz_at(x, k, &e))
        return 0;
    for (size_t i = k; i < e; i++)
        if (x->toks[i].shape == TP_VN_LOWER)
            return 0;
    return 1;
}

/* Is the capitalised word k, after a capital, a syllable of the proper
 * name a firm or school ends with ("Trường Mầm non Hoa | Ban"), though
 * it can head a body: only a head word, no field after it, the name
 * ending there? */
static int tp__head_in_name(const tp_xctx_t *x, size_t k, int proper)
{
    size_t e, fe;
    if (!proper || x->toks[k].shape != TP_VN_CAP || x->toks[k - 1].shape != TP_VN_CAP ||
        !tp__lex_at(x, k, TP__C(TP_LEX_ORG_HEAD), &e) || e != k + 1 ||
        tp__lex_at(x, k, ~TP__C(TP_LEX_ORG_HEAD), &fe) || tp__gaz_at(x, k, &fe) ||
        tp__surname_at(x, k))
        return 0;
    return !tp__field_word(x, e) && !tp__lex_at(x, e, TP__C(TP_LEX_ORG_FIELD), &fe);
}

/* A department field at t ("Dân vận", "Giáo dục và Đào tạo", "các cơ
 * quan Đảng", or capitalised words with the lower-case second syllables
 * of their words and a lower-case rest closed by a level word: "Quản lý
 * dự án đầu tư xây dựng", "TNHH Điện tử Quang Minh"): appends it to b and
 * returns the token after it, or t when none. */
static size_t tp__field(tp_xctx_t *x, size_t t, tp_buf_t *b, int proper)
{
    if (!tp__spaced(x, t))
        return t;
    size_t e;
    const tp_lex_entry_t *f = tp__lex_at(x, t, TP__C(TP_LEX_ORG_FIELD), &e);
    /* "Sở Kinh tế | và Công nghiệp": a known field joined to another
     * capitalised one is read word by word below. */
    size_t e3;
    if (f && !proper && tp__tok_is(x, e, "và") && tp__spaced(x, e) &&
        tp__field_word(x, e + 1) && x->toks[e + 1].shape == TP_VN_CAP &&
        !tp__lex_at(x, e + 1, TP__C(TP_LEX_ORG_COMMITTEE) | TP__C(TP_LEX_ORG_LEVELED) |
                                  TP__C(TP_LEX_ORG_FIXED) | TP__C(TP_LEX_ORG_HEAD) |
                                  TP__C(TP_LEX_ORG_PREFIX) | TP__C(TP_LEX_ORG_FIELD),
                    &e3) &&
        !tp__gaz_at(x, e + 1, &e3) && !tp__surname_at(x, e + 1) &&
        x->body[x->toks[t].start] == f->canon[0] &&
        x->toks[e - 1].end - x->toks[t].start == strlen(f->canon) &&
        memcmp(x->body + x->toks[t].start, f->canon, strlen(f->canon)) == 0)
        f = NULL;
    if (f && (tp__capped(x, t) || strncmp(f->phrase, "các ", 4) == 0)) {
        tp_buf_putc(x->arena, b, ' ');
        tp_buf_puts(x->arena, b, f->canon);
        /* "Công ty cổ phần Xây dựng | Minh Phát": a firm's own name after
         * a known field. */
        size_t pe = proper ? tp__proper_end(x, e) : e;
        /* "Xây dựng | Hoàng Mai": two capitals that start with a family
         * name, then no capital, are the firm's name too (three would
         * more likely be a person's). */
        if (proper && pe == e && tp__surname_at(x, e) && tp__field_word(x, e) &&
            x->toks[e].shape == TP_VN_CAP && tp__field_word(x, e + 1) &&
            x->toks[e + 1].shape == TP_VN_CAP && !tp__field_word(x, e + 2))
            pe = e + 2;
        if (pe > e) {
            tp_buf_putc(x->arena, b, ' ');
            tp_buf_append(x->arena, b, x->body + x->toks[e].start,
                          x->toks[pe - 1].end - x->toks[e].start);
            return pe;
        }
        return e;
    }
    /* "Công đoàn các Khu công nghiệp": "các" before a capitalised name. */
    size_t s = t;
    if (tp__tok_is(x, t, "các") && tp__field_word(x, t + 1))
        s = t + 1;
    /* A person's name right after a head is not a field. */
    if (tp__name_like(x, s))
        return t;
    size_t k = s, last = s;
    int run = 0; /* capitalised words in a row */
    while (tp__field_word(x, k)) {
        /* Stop before something the grammar knows (Tỉnh ủy, UBND ...). */
        size_t e2;
        size_t pc = x->toks[k].shape == TP_VN_CAP ? tp__phong_chong(x, k) : 0;
        if (!pc && k > s &&
            (tp__lex_at(x, k, TP__C(TP_LEX_ORG_COMMITTEE) | TP__C(TP_LEX_ORG_LEVELED) |
                                  TP__C(TP_LEX_ORG_FIXED) | TP__C(TP_LEX_TITLE) |
                                  TP__C(TP_LEX_ORG_HEAD) | TP__C(TP_LEX_ORG_PREFIX) |
                                  TP__C(TP_LEX_HONORIFIC),
                        &e2) ||
             tp__gaz_cap(x, k) || tp__surname_at(x, k)) &&
            !tp__head_in_name(x, k, proper))
            break;
        if (pc) {
            /* "Phòng, chống ma túy và tội phạm" */
            k = tp__field_nouns_at(x, pc);
            last = k;
            run = 0;
            if (!tp__tok_is(x, k, "và") || !tp__field_word(x, k + 1))
                break;
            k++;
            continue;
        }
        run = x->toks[k].shape == TP_VN_UPPER ? 0 : run + 1;
        k++;
        /* The lower-case syllables of a word ("Quản lý", "Điện tử"), not
         * after a proper name of two capitals ("Quang Minh chia sẻ"). */
        size_t fn = run == 1 && !tp__tok_is(x, k - 1, "phòng") ? tp__field_noun(x, k) : 0;
        if (fn > k + 1) {
            /* "Khu | kinh tế": a lower-case noun of two syllables after a
             * word of one ("Ban Quản lý Khu kinh tế Nghi Sơn"). */
            k = tp__field_nouns_at(x, k);
            run = 0;
        } else if (run == 1 && k < x->n_toks && tp__spaced(x, k) && x->toks[k].word &&
            x->toks[k].shape == TP_VN_LOWER && !x->toks[k].digit &&
            !tp__stop_word(x, k) && !tp__closes_field(x, k) &&
            !tp__lex_at(x, k, TP__C(TP_LEX_LEVEL) | TP__C(TP_LEX_TITLE), &e2) &&
            /* "Đại học Huế | tuyển sinh": a place that ends a school's
             * name is no first syllable of a word. */
            !(proper && tp__gaz_at(x, k - 1, &e2) && e2 == k) &&
            /* "Kinh tế - Luật | tổ chức": a field's word of its own. */
            !(tp__lex_at(x, k, TP__C(TP_LEX_ORG_FIELD), &e2) && e2 > k + 1)) {
            k++;
            run = 0;
            /* "Bảo vệ | thực vật", "Hỗ trợ | nông dân" */
            k = tp__field_nouns_at(x, k);
        } else if (proper && run == 2 && k + 2 < x->n_toks && tp__spaced(x, k) &&
                   x->toks[k].word && x->toks[k].shape == TP_VN_LOWER &&
                   !x->toks[k].digit && !tp__stop_word(x, k) &&
                   tp__tok_is(x, k + 1, "và") && tp__spaced(x, k + 1) &&
                   tp__field_word(x, k + 2)) {
            /* A firm's trade words of three syllables before "và" ("Supe
             * Phốt phát | và Hóa chất"). */
            k++;
            run = 0;
        }
        last = k;
        size_t le = tp__tok_is(x, k, ",") ? tp__field_list(x, k) : 0;
        if (le) {
            last = k = le;
            break;
        }
        if (tp__tok_is(x, k, "và") && tp__field_word(x, k + 1))
            k++;
        /* "Trường Đại học Y | - | Dược", "Kinh tế - Luật": two fields
         * joined by a spaced hyphen (a known body, place or person's name
         * after it ends the field at the top of the loop). */
        else if (tp__tok_is(x, k, "-") && x->toks[k].brk == 1 && tp__field_word(x, k + 1) &&
                 x->toks[k + 1].shape == TP_VN_CAP)
            k++;
        /* "TH&THCS Xa Dung": the second level glued after '&'. */
        if (tp__abbr_amp(x, k)) {
            last = k += 2;
            run = 0;
        }
    }
    if (last == s)
        return t;
    /* "Trường THPT Chuyên Quốc Học | giành Huy chương": the name of a
     * school or firm that ends with two capitals in a row is a proper
     * name, whole; lower-case words after it are the sentence's verb (a
     * level word after it is the parent's, read below). Other bodies
     * go on in lower case ("Bộ Tư lệnh Vùng Cảnh | sát biển"). */
    size_t tail = proper && run >= 2 && last == k ? last : tp__field_tail(x, last, proper);
    last = tail > last ? tail : last;
    /* A firm's proper name that starts with a family name ("Công ty cổ
     * phần Đầu tư Địa ốc | Hoàng Thành"): two capitals, then no capital
     * (three would more likely be a person). */
    if (proper && tail == last && tp__surname_at(x, last) &&
        tp__field_word(x, last) && x->toks[last].shape == TP_VN_CAP &&
        tp__field_word(x, last + 1) && x->toks[last + 1].shape == TP_VN_CAP &&
        !tp__field_word(x, last + 2) && !tp__gaz_at(x, last, &e))
        last += 2;
    tp_buf_putc(x->arena, b, ' ');
    tp__append_expanded(x, b, t, last);
    return last;
}

static char *tp__org_parse_at(tp_xctx_t *x, size_t t, size_t *end, int lc,
                              int depth);

/* The name of a heritage site after "Khu Di tích": its kind in lower
 * case ("lịch sử", "quốc gia đặc biệt", "lịch sử - văn hóa"), then the
 * proper name, which may hold a family name ("Kim Liên", "Đền Hùng"):
 * one to four capitals, cut before a person's name that follows ("... Kim
 * Liên | Hồ Văn Lâm"). Appends it to b and returns the token after it,
 * or k. */
static size_t tp__site_name(tp_xctx_t *x, size_t k, tp_buf_t *b)
{
    size_t s = k, e;
    while (k - s < 5 && tp__spaced(x, k) && x->toks[k].word && !x->toks[k].digit &&
           x->toks[k].shape == TP_VN_LOWER && !tp__stop_word(x, k) &&
           !tp__closes_field(x, k) && !tp__lex_at(x, k, TP__C_KNOWN, &e))
        k += tp__tok_is(x, k + 1, "-") && x->toks[k + 1].brk == 1 ? 2 : 1;
    size_t n = 0;
    while (n < 8 && tp__spaced(x, k + n) && x->toks[k + n].word && !x->toks[k + n].digit) {
        /* "Thành | cổ | Quảng Trị": the lower-case syllable of a word in
         * capitals, more capitals after it. */
        if (n > 0 && x->toks[k + n].shape == TP_VN_LOWER && x->toks[k + n - 1].shape == TP_VN_CAP &&
            !tp__stop_word(x, k + n) && tp__spaced(x, k + n + 1) &&
            x->toks[k + n + 1].shape == TP_VN_CAP) {
            n++;
            continue;
        }
        if (x->toks[k + n].shape != TP_VN_CAP)
            break;
        n++;
    }
    /* "Kim Liên | Hồ Văn Lâm": a person's name ends a longer run. */
    for (size_t j = k + 1; n >= 3 && j < k + n; j++)
        if (tp__surname_at(x, j) && k + n - j >= 2 && k + n - j <= 4 && tp__name_like(x, j)) {
            n = j - k;
            break;
        }
    /* "Quốc | gia đặc biệt": a word in capitals goes on in lower case,
     * the field parse reads it. */
    if (n == 0 || n > 5 ||
        (n == 1 && tp__spaced(x, k + 1) && x->toks[k + 1].shape == TP_VN_LOWER &&
         !tp__stop_word(x, k + 1)))
        return s;
    /* "Côn Sơn | - | Kiếp Bạc": two sites under one name. */
    while (tp__tok_is(x, k + n, "-") && x->toks[k + n].brk == 1 && tp__spaced(x, k + n + 1) &&
           x->toks[k + n + 1].shape == TP_VN_CAP && tp__spaced(x, k + n + 2) &&
           x->toks[k + n + 2].shape == TP_VN_CAP)
        n += 3;
    tp_buf_putc(x->arena, b, ' ');
    tp_buf_append(x->arena, b, x->body + x->toks[s].start,
                  x->toks[k + n - 1].end - x->toks[s].start);
    return k + n;
}

/* A hospital named after a person or a place whose name holds a family
 * name ("Bệnh viện Bạch Mai", "Bệnh viện Hùng Vương", "Bệnh viện Phạm
 * Ngọc Thạch"), which the field parse takes for a person's name: two or
 * three capitals after the head, then no capital, none of them a known
 * word, no middle name (Văn, Thị: a person's name after "Giám đốc Bệnh
 * viện"). Appends it to b and returns the token after it, or k. */
static size_t tp__hospital_name(tp_xctx_t *x, size_t k, tp_buf_t *b)
{
    size_t n = 0, e;
    int surname = 0;
    while (n < 8 && tp__spaced(x, k + n) && x->toks[k + n].word &&
           x->toks[k + n].shape == TP_VN_CAP && !x->toks[k + n].digit) {
        if (tp__lex_at(x, k + n, TP__C_KNOWN, &e))
            return k;
        n++;
    }
    /* "Bạch Mai | Đào Xuân Cơ": the director's name after it. */
    int split = 0;
    for (size_t j = k + 2; n >= 4 && j <= k + 3; j++)
        if (k + n - j >= 2 && k + n - j <= 4 && tp__name_like(x, j)) {
            n = j - k;
            split = 1;
            break;
        }
    for (size_t j = k; j < k + n; j++)
        surname |= tp__surname_at(x, j);
    if (n < 2 || n > 3 || !surname || tp__tok_is(x, k + 1, "văn") ||
        tp__tok_is(x, k + 1, "thị") ||
        (!split && tp__spaced(x, k + n) && x->toks[k + n].word &&
         x->toks[k + n].shape != TP_VN_LOWER))
        return k;
    tp_buf_putc(x->arena, b, ' ');
    tp_buf_append(x->arena, b, x->body + x->toks[k].start,
                  x->toks[k + n - 1].end - x->toks[k].start);
    return k + n;
}

/* The committees of the National Assembly (and its Council of Ethnic
 * Affairs), folded, with ',' and '-' as their own tokens: their names are
 * lists a field parse would cut ("Ủy ban Văn hóa, | Giáo dục"). Longest
 * first where one is the start of another. */
static const struct {
    const char *head, *field, *canon;
} tp__na_committees[] = {
    {"ủy ban", "khoa học , công nghệ và môi trường", "Khoa học, Công nghệ và Môi trường"},
    {"ủy ban", "quốc phòng , an ninh và đối ngoại", "Quốc phòng, An ninh và Đối ngoại"},
    {"ủy ban", "quốc phòng và an ninh", "Quốc phòng và An ninh"},
    {"ủy ban", "tài chính - ngân sách", "Tài chính - Ngân sách"},
    {"ủy ban", "văn hóa , giáo dục", "Văn hóa, Giáo dục"},
    {"ủy ban", "văn hóa và xã hội", "Văn hóa và Xã hội"},
    {"ủy ban", "kinh tế và tài chính", "Kinh tế và Tài chính"},
    {"ủy ban", "pháp luật và tư pháp", "Pháp luật và Tư pháp"},
    {"ủy ban", "dân nguyện và giám sát", "Dân nguyện và Giám sát"},
    {"ủy ban", "pháp luật", "Pháp luật"},
    {"ủy ban", "tư pháp", "Tư pháp"},
    {"ủy ban", "kinh tế", "Kinh tế"},
    {"ủy ban", "xã hội", "Xã hội"},
    {"ủy ban", "đối ngoại", "Đối ngoại"},
    {"hội đồng", "dân tộc", "Dân tộc"},
};

/* A committee of the National Assembly at e after its head ("Ủy ban" |
 * "Văn hóa, Giáo dục của Quốc hội"): appends the field and "của Quốc hội"
 * when written, returns the token after it, or e. */
static size_t tp__na_committee(tp_xctx_t *x, const char *head, size_t e, tp_buf_t *b)
{
    if (!tp__spaced(x, e) || x->toks[e].shape != TP_VN_CAP)
        return e;
    for (size_t i = 0; i < sizeof tp__na_committees / sizeof *tp__na_committees; i++) {
        if (strcmp(head, tp__na_committees[i].head) != 0)
            continue;
        size_t k = tp__tok_phrase(x, e, tp__na_committees[i].field, 0);
        if (!k)
            continue;
        /* "Ủy ban Văn hóa, Giáo dục | và Thanh niên": a longer list is
         * another name, left to the field parse. */
        if (tp__tok_is(x, k, "và") || tp__tok_is(x, k, ","))
            continue;
        size_t q = tp__spaced(x, k) ? tp__tok_phrase(x, k, "của quốc hội", 0) : 0;
        /* Without "của Quốc hội" only the list-shaped names are surely
         * the Assembly's ("Ủy ban Kinh tế tỉnh" is not). */
        if (!q && !strchr(tp__na_committees[i].field, ',') &&
            !strchr(tp__na_committees[i].field, '-'))
            continue;
        tp_buf_putc(x->arena, b, ' ');
        tp_buf_puts(x->arena, b, tp__na_committees[i].canon);
        if (q)
            tp_buf_puts(x->arena, b, " của Quốc hội");
        return q ? q : k;
    }
    return e;
}

static int tp__ends_foreign(const char *s);

/* The parent of a department: "Trung ương", a committee or leveled body,
 * or a level word and place. */
static size_t tp__parent(tp_xctx_t *x, size_t t, tp_buf_t *b, int depth)
{
    if (!tp__spaced(x, t))
        return t;
    size_t e;
    if ((tp__tok_is(x, t, "trung") && tp__tok_is(x, t + 1, "ương")) ||
        tp__tok_is(x, t, "tw")) {
        tp_buf_puts(x->arena, b, " Trung ương");
        size_t k = tp__tok_is(x, t, "tw") ? t + 1 : t + 2, ce;
        /* "Ban Tổ chức Trung ương | Hội LHPN Việt Nam": the central
         * department of a mass organization belongs to it (the Party's
         * own "Ban Tổ chức Trung ương" has no body after it). */
        char *mass = tp__spaced(x, k) && tp__capped(x, k) && !tp__tok_is(x, k, "đảng") &&
                             tp__lex_at(x, k, TP__C(TP_LEX_ORG_LEVELED), &e)
                         ? tp__org_parse_at(x, k, &ce, 1, depth + 1)
                         : NULL;
        if (mass) {
            tp_buf_putc(x->arena, b, ' ');
            tp_buf_puts(x->arena, b, mass);
            return ce;
        }
        /* "Ban Đối ngoại Trung ương | Đảng Nhân dân Cách mạng Lào": the
         * central department of a foreign party. */
        const tp_lex_entry_t *fp =
            tp__spaced(x, k) && tp__capped(x, k)
                ? tp__lex_at(x, k, TP__C(TP_LEX_ORG_FIXED), &ce)
                : NULL;
        if (fp && strncmp(fp->canon, "Đảng ", strlen("Đảng ")) == 0 &&
            tp__ends_foreign(fp->canon)) {
            tp_buf_putc(x->arena, b, ' ');
            tp_buf_puts(x->arena, b, fp->canon);
            return ce;
        }
        return k;
    }
    const tp_lex_entry_t *p = tp__lex_at(
        x, t, TP__C(TP_LEX_ORG_COMMITTEE) | TP__C(TP_LEX_ORG_LEVELED), &e);
    if (p) {
        char *child = tp__org_parse_at(x, t, &e, 1, depth + 1);
        if (child) {
            tp_buf_putc(x->arena, b, ' ');
            tp_buf_puts(x->arena, b, child);
            return e;
        }
    }
    size_t k = tp__level_place(x, t, b);
    if (k > t)
        return k;
    /* A place named right after the body ("Đồn Biên phòng Na Ngoi", "Sở
     * Y tế Hà Nội"): a gazetteer name that is not the start of a longer
     * capitalised run (a person's name). */
    size_t pe;
    const char *name = tp__place_at(x, t, 0xFFFFu, &pe);
    /* A country right after a body is the body's ("Bộ Ngoại giao Lào"),
     * even when a name follows ("... Lào Bounleuth Sayavong"). */
    int country = name && tp__place_at(x, t, TP_LVM(TP_GAZ_QUOC_GIA), &pe) != NULL;
    /* (A person's name may follow: "Bệnh viện Đa khoa khu vực Cầu Ngang |
     * Thạch Văn Phúc".) */
    if (name && (!tp__surname_at(x, t) || tp__name_like(x, pe)) &&
        (country || tp__name_like(x, pe) ||
         !(pe < x->n_toks && tp__spaced(x, pe) && x->toks[pe].shape == TP_VN_CAP))) {
        tp_buf_putc(x->arena, b, ' ');
        tp_buf_puts(x->arena, b, name);
        /* "Trường Hữu nghị Lào | - Việt Nam", "Hội Hữu nghị Việt Nam -
         * Campuchia tỉnh An Giang": a friendship body is named by two
         * countries joined by a hyphen (elsewhere the hyphen joins two
         * parties: "Bộ Ngoại giao Lào | - Việt Nam"). */
        size_t pe2;
        const char *second =
            country && b->data && strstr(b->data, "ữu nghị") && tp__tok_is(x, pe, "-") &&
                    x->toks[pe].brk == 1
                ? tp__place_at(x, pe + 1, TP_LVM(TP_GAZ_QUOC_GIA), &pe2)
                : NULL;
        if (second) {
            tp_buf_puts(x->arena, b, " - ");
            tp_buf_puts(x->arena, b, second);
            return tp__level_place(x, pe2, b);
        }
        return pe;
    }
    return t;
}

/* Words that open the task a steering committee is named by ("Ban Chỉ
 * đạo | phòng, chống tham nhũng", "| các chương trình mục tiêu quốc
 * gia", "| thực hiện quy chế dân chủ"), folded: the nouns official names
 * use. A verb after the body ("Ban Chỉ đạo đề nghị ...") is none. */
static const char *const tp__steering_tasks[] = {
    "phòng", "chương trình", "các chương trình", "thực hiện", "xây dựng",
    "cải cách", "chuyển đổi", "bầu cử", "công tác", "phát triển", "đề án",
    "dự án", "tổng điều tra", "giải phóng", "cuộc vận động", "giảm nghèo",
    "quản lý", "phổ cập", "bảo vệ", "ứng phó",
    /* reviewing a resolution: "BCĐ tổng kết Nghị quyết số 21-NQ/TW" */
    "tổng kết", "sơ kết",
};

/* The task of a steering committee at t, closed by a level word, a party
 * committee or "Trung ương" as a field's tail is: up to sixteen words in
 * either case, opened by a task word or a capitalised name ("Chương
 * trình mục tiêu quốc gia ..."), "và" and commas only inside "phòng,
 * chống" and lists of field nouns ("tham nhũng, tiêu cực"), no other
 * stop word, title or person's name. Returns the token after it, or t. */
static size_t tp__steering_task(const tp_xctx_t *x, size_t t)
{
    size_t k = t, words = 0, e;
    int open = 0, doc = 0;
    for (size_t i = 0; i < sizeof tp__steering_tasks / sizeof *tp__steering_tasks; i++)
        open |= tp__tok_phrase(x, t, tp__steering_tasks[i], 0) != 0;
    if (!tp__spaced(x, t) ||
        (!open && (x->toks[t].shape != TP_VN_CAP || tp__gaz_at(x, t, &e))))
        return t;
    while (k < x->n_toks && words < 16) {
        if (tp__tok_is(x, k, ",") && x->toks[k].brk == 0 && words > 0 &&
            (tp__phong_chong(x, k - 1) || tp__field_noun(x, k + 1))) {
            k++;
            continue;
        }
        /* "tổng kết | Nghị quyết số 21-NQ/TW | tỉnh Hòa Bình": a document
         * the task names (documents.c found it) is read whole, symbol
         * and all. */
        if (words > 0 && x->toks[k].word && tp__spaced(x, k) &&
            tp__ent_overlaps(x, TP_ENT_DOCUMENT, x->toks[k].start, x->toks[k].end)) {
            while (k < x->n_toks &&
                   tp__ent_overlaps(x, TP_ENT_DOCUMENT, x->toks[k].start, x->toks[k].end))
                k++;
            words++;
            doc = 1;
            continue;
        }
        if (!tp__spaced(x, k) || !x->toks[k].word || x->toks[k].digit ||
            tp__closes_field(x, k))
            break;
        if ((x->toks[k].shape != TP_VN_LOWER && x->toks[k].shape != TP_VN_CAP) ||
            (tp__stop_word(x, k) && !tp__tok_is(x, k, "và")) || tp__name_like(x, k) ||
            tp__lex_at(x, k, TP__C(TP_LEX_TITLE) | TP__C(TP_LEX_HONORIFIC) |
                                 TP__C(TP_LEX_ORG_FIXED),
                       &e))
            return t;
        k++;
        words++;
    }
    if (words == 0 || !tp__closes_field(x, k) || tp__generic(x, k - 1) ||
        tp__tok_is(x, k - 1, "và"))
        return t;
    /* ("tổng kết", "sơ kết" name a task only with the document they
     * review: "tổng kết Nghị quyết Trung ương | 6" is cut wrong.) */
    if (!doc && (tp__tok_is(x, t + 1, "kết")) &&
        (tp__tok_is(x, t, "tổng") || tp__tok_is(x, t, "sơ")))
        return t;
    return k;
}

/* A steering committee at t (head "Ban" and "chỉ đạo" in either case,
 * or "BCĐ", ending at e): "Ban Chỉ đạo" in keys, its task as written
 * and its level and place ("Ban chỉ đạo Chương trình mục tiêu quốc gia
 * xây dựng nông thôn mới huyện Mai Sơn"). Without a task, a verb after
 * it ends the name ("Ban Chỉ đạo | đề nghị ..."). Sets *named when a
 * place ends the name; returns the token after it, or t when none. */
static size_t tp__steering(tp_xctx_t *x, size_t t, size_t e, tp_buf_t *b,
                           int depth, int *named)
{
    size_t s = e;
    /* "Ban Chỉ huy | phòng, chống thiên tai và tìm kiếm cứu nạn tỉnh":
     * a command board is named by its task the same way. */
    int command = 0;
    if (!tp__tok_is(x, t, "bcđ")) {
        command = tp__tok_is(x, e + 1, "huy");
        if (!tp__tok_is(x, t, "ban") || !tp__spaced(x, e) || !tp__tok_is(x, e, "chỉ") ||
            !tp__spaced(x, e + 1) || !(tp__tok_is(x, e + 1, "đạo") || command))
            return t;
        s = e + 2;
    }
    size_t k = tp__steering_task(x, s);
    if (k == s && (s >= x->n_toks || x->toks[s].shape != TP_VN_LOWER))
        return t; /* "Ban Chỉ đạo Tây Bắc": the field parse reads it */
    if (k == s && s > e && x->toks[e].shape == TP_VN_LOWER)
        return t; /* "Ban chỉ đạo ... ở cơ sở": no name we can read */
    if (k == s && command)
        return t; /* the field parse reads "Ban Chỉ huy ..." without a task */
    *b = (tp_buf_t){0};
    tp_buf_puts(x->arena, b, command ? "Ban Chỉ huy" : "Ban Chỉ đạo");
    if (k > s) {
        tp_buf_putc(x->arena, b, ' ');
        tp_buf_append(x->arena, b, x->body + x->toks[s].start,
                      x->toks[k - 1].end - x->toks[s].start);
    }
    size_t pe = tp__parent(x, k, b, depth);
    *named = pe > k && tp__ent_overlaps(x, TP_ENT_LOCATION, x->toks[pe - 1].start,
                                        x->toks[pe - 1].end);
    return pe;
}

/* What a management board manages, at s after "Ban quản lý" ("dự án
 * đầu tư xây dựng các công trình giao thông | tỉnh", "rừng phòng hộ Nam
 * Hải Lăng"): a field's lower-case tail, closed by a level word, a party
 * committee or a proper name; or "dự án" and the number that names the
 * board ("Ban Quản lý dự án 85"; not "85/2020" nor "8,5"). Appends it
 * to b and returns the token after it, or s. */
static size_t tp__board_tail(tp_xctx_t *x, size_t s, tp_buf_t *b, int du_an)
{
    /* "dự án ĐTXD ...", "QLDA ĐTXD ...": keys spell out "đầu tư xây
     * dựng"; a level word may follow at once ("... ĐTXD huyện"). */
    size_t a = s;
    const char *pre = NULL;
    if (!du_an && tp__spaced(x, s) && x->toks[s].shape == TP_VN_LOWER &&
        tp__tok_phrase(x, s, "dự án", 0) && tp__spaced(x, s + 2) &&
        x->toks[s + 2].shape == TP_VN_UPPER && tp__tok_is(x, s + 2, "đtxd")) {
        pre = "dự án đầu tư xây dựng";
        a = s + 3;
    } else if (du_an && tp__spaced(x, s) && x->toks[s].shape == TP_VN_UPPER &&
               tp__tok_is(x, s, "đtxd")) {
        pre = "đầu tư xây dựng";
        a = s + 1;
    }
    if (pre) {
        size_t pe = tp__field_tail(x, a, 0);
        if (pe == a && !tp__closes_field(x, a))
            return s;
        tp_buf_putc(x->arena, b, ' ');
        tp_buf_puts(x->arena, b, pre);
        if (pe > a) {
            tp_buf_putc(x->arena, b, ' ');
            tp_buf_append(x->arena, b, x->body + x->toks[a].start,
                          x->toks[pe - 1].end - x->toks[a].start);
        }
        return pe;
    }
    size_t e = tp__field_tail(x, s, 0);
    size_t n = du_an ? s : s + 2;
    if (e == s && (du_an || (tp__spaced(x, s) && x->toks[s].shape == TP_VN_LOWER &&
                             tp__tok_phrase(x, s, "dự án", 0))) &&
        tp__spaced(x, n) && x->toks[n].digit && x->toks[n].end - x->toks[n].start <= 3 &&
        !(n + 1 < x->n_toks && x->toks[n + 1].brk == 0 && !x->toks[n + 1].word &&
          n + 2 < x->n_toks && x->toks[n + 2].digit))
        e = n + 1;
    if (e > s) {
        tp_buf_putc(x->arena, b, ' ');
        tp_buf_append(x->arena, b, x->body + x->toks[s].start,
                      x->toks[e - 1].end - x->toks[s].start);
    }
    return e;
}

/* "Ban quản lý | dự án ... tỉnh", the board's field written in lower
 * case after its head at k, or abbreviated ("Ban QLDA | đầu tư xây dựng
 * tỉnh"): "Quản lý" and what it manages appended to b (keys write "Quản
 * lý" capitalised, as the board's own name does, so both writings are
 * one body). Returns the token after it, or k. */
static size_t tp__lc_board(tp_xctx_t *x, size_t k, tp_buf_t *b)
{
    int qlda = tp__spaced(x, k) && x->toks[k].shape == TP_VN_UPPER && tp__tok_is(x, k, "qlda");
    if (!qlda && (!tp__spaced(x, k) || x->toks[k].shape != TP_VN_LOWER ||
                  !tp__tok_is(x, k, "quản") || !tp__spaced(x, k + 1) ||
                  !tp__tok_is(x, k + 1, "lý")))
        return k;
    size_t s = qlda ? k + 1 : k + 2;
    tp_buf_t tail = {0};
    size_t e = tp__board_tail(x, s, &tail, qlda);
    if (e == s)
        return k;
    tp_buf_puts(x->arena, b, qlda ? " Quản lý dự án" : " Quản lý");
    tp_buf_puts(x->arena, b, tail.data);
    return e;
}

/* A country in the name of a friendship body at k: a country the
 * gazetteer holds ("Việt Nam", "Lào", "Hàn Quốc") or the first syllable
 * such names are shortened to ("Việt - Nhật", "Việt - Trung"). Returns
 * the token after it, or k. */
static size_t tp__friend_country(const tp_xctx_t *x, size_t k)
{
    static const char *const shorts[] = {"việt", "nhật", "trung", "hàn", "xô", "đức",
                                         "anh", "ý", "séc", "triều", "thái", "ấn",
                                         "miên", "mông", "bun", "hung", "cu"};
    size_t e;
    if (k >= x->n_toks || x->toks[k].shape != TP_VN_CAP)
        return k;
    if (tp__place_at(x, k, TP_LVM(TP_GAZ_QUOC_GIA), &e))
        return e;
    for (size_t i = 0; i < sizeof shorts / sizeof *shorts; i++)
        if (tp__tok_is(x, k, shorts[i]))
            return k + 1;
    return k;
}

/* The field of a friendship association after "Hội" at k ("Hội | hữu
 * nghị Việt Nam - Lào", "Hội | Hữu nghị Việt – Nhật tỉnh ..."): "Hữu
 * nghị" and two countries joined by a hyphen or a dash, kept as written
 * (short forms too: the association's own name). Appends them to b and
 * returns the token after them (the level and place the caller reads),
 * or k. */
static size_t tp__friendship(tp_xctx_t *x, size_t k, tp_buf_t *b)
{
    if (!tp__spaced(x, k) || !tp__tok_is(x, k, "hữu") || !tp__spaced(x, k + 1) ||
        !tp__tok_is(x, k + 1, "nghị") || !tp__spaced(x, k + 2))
        return k;
    size_t a = k + 2, ae = tp__friend_country(x, a);
    if (ae == a || !(tp__tok_is(x, ae, "-") || tp__tok_is(x, ae, "–")) ||
        x->toks[ae].brk == 2 || ae + 1 >= x->n_toks || x->toks[ae + 1].brk == 2 ||
        x->toks[ae + 1].brk != x->toks[ae].brk)
        return k;
    size_t be = tp__friend_country(x, ae + 1);
    if (be == ae + 1)
        return k;
    tp_buf_puts(x->arena, b, " Hữu nghị ");
    tp_buf_append(x->arena, b, x->body + x->toks[a].start,
                  x->toks[be - 1].end - x->toks[a].start);
    return be;
}

/* Does a title written in lower case end right before t ("chủ tịch |
 * MTTQ xã": the office in every commune)? */
static int tp__after_lc_title(const tp_xctx_t *x, size_t t)
{
    for (size_t k = t >= 4 ? t - 4 : 0; k < t; k++) {
        size_t e;
        if (x->toks[k].shape == TP_VN_LOWER &&
            tp__lex_at(x, k, TP__C(TP_LEX_TITLE), &e) && e == t)
            return 1;
    }
    return 0;
}

/* Is the phrase [t, e) capitalised only because it starts a line or a
 * sentence ("Đoàn kiểm tra làm việc ...": its other words in lower case)?
 * A generic group named so is no body. */
static int tp__sentence_case(const tp_xctx_t *x, size_t t, size_t e)
{
    if (e <= t + 1)
        return 0;
    for (size_t k = t + 1; k < e; k++)
        if (x->toks[k].shape != TP_VN_LOWER)
            return 0;
    if (t == 0 || x->toks[t].brk == 2)
        return 1;
    const char *p = x->body + x->toks[t - 1].start;
    return !x->toks[t - 1].word && (*p == '.' || *p == '!' || *p == '?' || *p == ':');
}

/* The two bodies one office serves, after "Văn phòng" at k ("Văn phòng |
 * Đoàn ĐBQH và HĐND tỉnh", "| HĐND và UBND huyện"): two bodies of a
 * level joined by "và", the level and place after the second. Appends
 * them to b and returns the token after them, or k. */
static size_t tp__joint_office(tp_xctx_t *x, size_t k, tp_buf_t *b)
{
    size_t e1, e2;
    const tp_lex_entry_t *a =
        tp__spaced(x, k) && tp__capped(x, k)
            ? tp__lex_at(x, k, TP__C(TP_LEX_ORG_LEVELED), &e1)
            : NULL;
    if (!a || !tp__tok_is(x, e1, "và") || !tp__spaced(x, e1) || !tp__spaced(x, e1 + 1) ||
        !tp__capped(x, e1 + 1))
        return k;
    const tp_lex_entry_t *c = tp__lex_at(x, e1 + 1, TP__C(TP_LEX_ORG_LEVELED), &e2);
    if (!c)
        return k;
    tp_buf_t j = {0};
    tp_buf_printf(x->arena, &j, " %s và %s", a->canon, c->canon);
    size_t pe = tp__level_place(x, e2, &j);
    if (pe == e2)
        return k; /* no level: the office of which place? */
    tp_buf_puts(x->arena, b, j.data);
    return pe;
}

static int tp__is_foreign_tail(const char *s);

/* "Thanh tra | Sở", "Thanh tra | Bộ" written without the department's
 * field, later in an article that named it ("Thanh tra Sở đề nghị ..."):
 * the head word at k, no capital after it. Appends it to b and returns
 * the token after it, or k (tp__orgs_finish() then folds the key into
 * the full name). */
static size_t tp__bare_dept(tp_xctx_t *x, size_t k, tp_buf_t *b)
{
    if (!tp__spaced(x, k) || x->toks[k].shape != TP_VN_CAP ||
        !(tp__tok_is(x, k, "sở") || tp__tok_is(x, k, "bộ")) ||
        (tp__spaced(x, k + 1) && x->toks[k + 1].word && x->toks[k + 1].shape != TP_VN_LOWER))
        return k;
    tp_buf_putc(x->arena, b, ' ');
    tp_buf_append(x->arena, b, x->body + x->toks[k].start, x->toks[k].end - x->toks[k].start);
    return k + 1;
}

/* The standing office of a board, after "Văn phòng" at k ("Văn phòng |
 * thường trực | Ban Chỉ huy phòng, chống thiên tai và tìm kiếm cứu nạn
 * tỉnh"): appends "thường trực" and the board to b and returns the token
 * after it, or k. */
static size_t tp__standing_office(tp_xctx_t *x, size_t k, tp_buf_t *b, int depth)
{
    size_t ce;
    if (!tp__spaced(x, k) || !tp__tok_is(x, k, "thường") || !tp__tok_is(x, k + 1, "trực") ||
        !tp__spaced(x, k + 2) || !tp__capped(x, k + 2))
        return k;
    char *board = tp__org_parse_at(x, k + 2, &ce, 1, depth + 1);
    if (!board)
        return k;
    tp_buf_printf(x->arena, b, " thường trực %s", board);
    return ce;
}

/* Does the key s end with a country or foreign place's name? */
static int tp__ends_foreign(const char *s)
{
    for (const char *p = strchr(s, ' '); p; p = strchr(p + 1, ' '))
        if (tp__is_foreign_tail(p + 1))
            return 1;
    return 0;
}

/* Parses one organization at t; lc allows a lower-case first word (inside
 * a longer name or a title). */
/* Is a city run by the State, a province of its own ("Đà Nẵng", not
 * "Vinh"), named at k? */
static int tp__province_city(const tp_xctx_t *x, size_t k)
{
    size_t ge;
    const tp__phrase_t *ph = tp__spaced(x, k) ? tp__gaz_at(x, k, &ge) : NULL;
    for (uint32_t i = 0; ph && i < ph->gaz_count; i++) {
        const tp_gaz_unit_t *u = &tp_gaz_units[x->ex->gaz_idx[ph->gaz_first + i]];
        if (u->level == TP_GAZ_THANH_PHO && u->parent == 0)
            return 1;
    }
    return 0;
}

/* "Tổng Lãnh sự quán Lào tại TP Đà Nẵng", "Đại sứ quán Nhật Bản tại
 * Việt Nam": a mission is named by its country (a gazetteer country
 * right after the head), then "tại" and the place of the post, its
 * level word spelled out as in other keys. Appends to b; returns the
 * end, or k when no country follows (the bare word is no body). */
static size_t tp__mission_name(tp_xctx_t *x, size_t k, tp_buf_t *b)
{
    size_t ce;
    const char *country = tp__place_at(x, k, TP_LVM(TP_GAZ_QUOC_GIA), &ce);
    if (!country)
        return k;
    tp_buf_putc(x->arena, b, ' ');
    tp_buf_puts(x->arena, b, country);
    if (!tp__tok_is(x, ce, "tại") || !tp__spaced(x, ce + 1))
        return ce;
    tp_buf_t at = {0};
    tp_buf_puts(x->arena, &at, " tại");
    size_t pe = tp__level_place(x, ce + 1, &at), qe;
    const char *name;
    if (pe == ce + 1 && (name = tp__place_at(x, ce + 1, 0xFFFFu, &qe))) {
        tp_buf_putc(x->arena, &at, ' ');
        tp_buf_puts(x->arena, &at, name);
        pe = qe;
    }
    if (pe == ce + 1 || !tp__ent_overlaps(x, TP_ENT_LOCATION, x->toks[pe - 1].start,
                                          x->toks[pe - 1].end))
        return ce;
    tp_buf_puts(x->arena, b, at.data);
    return pe;
}

/* "Báo Hà Giang", "Báo Quảng Ninh": a province's newspaper is named by
 * the province, whole (not "Báo Hà", its first syllable read as a
 * field). At k after "Báo": a province or city the gazetteer knows, not
 * the start of a longer capitalised name ("Báo Hà Nội Mới"), is
 * appended to b and added as a location (gold counts places inside
 * bodies' names). Returns the end, or k. */
static size_t tp__paper_of_place(tp_xctx_t *x, size_t k, tp_buf_t *b)
{
    size_t pe;
    const tp__phrase_t *ph = tp__spaced(x, k) ? tp__gaz_at(x, k, &pe) : NULL;
    if (!ph || (pe < x->n_toks && tp__spaced(x, pe) && x->toks[pe].shape == TP_VN_CAP))
        return k;
    for (size_t q = k; q < pe; q++)
        if (x->toks[q].shape != TP_VN_CAP)
            return k;
    for (uint32_t g = 0; g < ph->gaz_count; g++) {
        size_t row = x->ex->gaz_idx[ph->gaz_first + g];
        int lv = tp_gaz_units[row].level;
        if (lv != TP_GAZ_TINH && lv != TP_GAZ_THANH_PHO)
            continue;
        tp_buf_putc(x->arena, b, ' ');
        tp_buf_puts(x->arena, b, tp_gaz_units[row].name);
        tp__place_add(x, row, x->toks[k].start, x->toks[pe - 1].end);
        return pe;
    }
    return k;
}

static char *tp__org_parse_at(tp_xctx_t *x, size_t t, size_t *end, int lc,
                              int depth)
{
    if (depth > 4 || t >= x->n_toks || !x->toks[t].word)
        return NULL;
    size_t e;
    unsigned all = TP__C(TP_LEX_ORG_FIXED) | TP__C(TP_LEX_ORG_COMMITTEE) |
                   TP__C(TP_LEX_ORG_LEVELED) | TP__C(TP_LEX_ORG_HEAD) |
                   TP__C(TP_LEX_ORG_PREFIX);
    tp_buf_t b = {0};
    int cap = tp__capped(x, t);

    /* A prefix that governs another body wins when that body follows. */
    const tp_lex_entry_t *pf = tp__lex_at(x, t, TP__C(TP_LEX_ORG_PREFIX), &e);
    /* ... unless a longer body's name starts with the prefix ("BCH Bộ
     * đội Biên phòng" is the Bộ Chỉ huy, not a Ban Chấp hành). */
    size_t lve;
    if (pf && tp__lex_at(x, t, TP__C(TP_LEX_ORG_LEVELED), &lve) && lve > e)
        pf = NULL;
    if (pf && (cap || (lc && !(pf->flags & TP_LEXF_NEEDCAP)) ||
               x->toks[t].shape == TP_VN_UPPER)) {
        size_t k = e;
        tp_buf_puts(x->arena, &b, pf->canon);
        size_t je = strcmp(pf->canon, "Văn phòng") == 0 ? tp__joint_office(x, k, &b) : k;
        if (je == k && strcmp(pf->canon, "Văn phòng") == 0)
            je = tp__standing_office(x, k, &b, depth);
        if (je > k) {
            *end = je;
            return b.data;
        }
        /* "Ủy ban Kiểm tra (UBKT) Tỉnh ủy": the abbreviation it defines
         * sits between the prefix and its body. */
        if (tp__tok_is(x, k, "(") && k + 3 < x->n_toks &&
            x->toks[k + 1].shape == TP_VN_UPPER && tp__tok_is(x, k + 2, ")") &&
            x->toks[k + 3].brk == 1 && tp__capped(x, k + 3))
            k += 3;
        if (tp__tok_is(x, k, "số") && k + 1 < x->n_toks && x->toks[k + 1].digit) {
            tp_buf_printf(x->arena, &b, " số %.*s",
                          (int)(x->toks[k + 1].end - x->toks[k + 1].start),
                          x->body + x->toks[k + 1].start);
            k += 2;
        }
        size_t ce;
        char *child = NULL;
        if (tp__spaced(x, k) && ((tp__tok_is(x, k, "trung") &&
                                  tp__tok_is(x, k + 1, "ương")) ||
                                 tp__tok_is(x, k, "tw"))) {
            child = "Trung ương";
            ce = tp__tok_is(x, k, "tw") ? k + 1 : k + 2;
            /* "BCH Trung ương Đảng" is the Central Committee too. */
            if (tp__spaced(x, ce) && tp__tok_is(x, ce, "đảng") &&
                x->toks[ce].shape == TP_VN_CAP)
                ce++;
        } else if (tp__spaced(x, k)) {
            child = tp__org_parse_at(x, k, &ce, 1, depth + 1);
        }
        if (child) {
            tp_buf_putc(x->arena, &b, ' ');
            tp_buf_puts(x->arena, &b, child);
            *end = ce;
            return b.data;
        }
        /* "Ban Thường vụ, Thường trực Tỉnh ủy": the body named after the
         * second prefix belongs to both. */
        if ((tp__tok_is(x, k, ",") || tp__tok_is(x, k, "và")) &&
            tp__spaced(x, k + 1)) {
            size_t e2, ce2;
            const tp_lex_entry_t *pf2 =
                tp__lex_at(x, k + 1, TP__C(TP_LEX_ORG_PREFIX), &e2);
            char *child2 = pf2 && tp__spaced(x, e2)
                               ? tp__org_parse_at(x, e2, &ce2, 1, depth + 1)
                               : NULL;
            if (child2) {
                tp_buf_putc(x->arena, &b, ' ');
                tp_buf_puts(x->arena, &b, child2);
                *end = k;
                return b.data;
            }
        }
        if ((pf->flags & TP_LEXF_ALONE) && cap && !tp__sentence_case(x, t, e)) {
            *end = k;
            return b.data;
        }
        if (!tp__lex_at(x, t, TP__C(TP_LEX_ORG_LEVELED), &e))
            return NULL; /* a prefix without its body is no entity */
        b = (tp_buf_t){0};
    }

    const tp_lex_entry_t *le = tp__lex_at(x, t, all & ~TP__C(TP_LEX_ORG_PREFIX), &e);
    if (!le)
        return NULL;
    /* "ban chỉ đạo phòng, chống thiên tai ... huyện Yên Châu": written
     * in lower case mid-sentence, a steering committee is a body when
     * its task and a named place follow. */
    int named = 0;
    size_t se;
    if (!cap && !lc && le->cls == TP_LEX_ORG_HEAD &&
        (se = tp__steering(x, t, e, &b, depth, &named)) > t && named) {
        *end = se;
        return b.data;
    }
    /* "ban quản lý dự án ... tỉnh Thanh Hóa": a management board
     * written all in lower case mid-sentence is a body when what it
     * manages and a named place follow. */
    if (!cap && !lc && le->cls == TP_LEX_ORG_HEAD && tp__tok_is(x, t, "ban")) {
        tp_buf_t bb = {0};
        tp_buf_puts(x->arena, &bb, "Ban");
        size_t be = tp__lc_board(x, e, &bb);
        size_t pe = be > e ? tp__parent(x, be, &bb, depth) : be;
        if (pe > be && tp__ent_overlaps(x, TP_ENT_LOCATION, x->toks[pe - 1].start,
                                        x->toks[pe - 1].end)) {
            *end = pe;
            return bb.data;
        }
    }
    if (!cap && !lc)
        return NULL;
    if (!cap && (le->flags & TP_LEXF_NEEDCAP) && depth == 0)
        return NULL;
    /* "UBND các cấp" is no body; "Công đoàn các Khu công nghiệp",
     * "Đảng ủy các cơ quan Đảng" are. */
    size_t fe;
    if (tp__generic(x, e) && tp__spaced(x, e) &&
        !(tp__tok_is(x, e, "các") && tp__field_word(x, e + 1)) &&
        !tp__lex_at(x, e, TP__C(TP_LEX_ORG_FIELD), &fe))
        return NULL;
    switch (le->cls) {
    case TP_LEX_ORG_FIXED: {
        *end = e;
        /* "Quốc hội Lào", "Chính phủ Nhật Bản": a national body of
         * another country is named by it (ours by no country, or by
         * "Việt Nam", which is no part of the key). */
        size_t ce;
        const char *country =
            tp__place_at(x, e, TP_LVM(TP_GAZ_QUOC_GIA), &ce);
        if (country && strcmp(country, "Việt Nam") != 0 && !tp__ends_foreign(le->canon)) {
            tp_buf_puts(x->arena, &b, le->canon);
            tp_buf_putc(x->arena, &b, ' ');
            tp_buf_puts(x->arena, &b, country);
            *end = ce;
            return b.data;
        }
        return tp_arena_strdup(x->arena, le->canon);
    }
    case TP_LEX_ORG_COMMITTEE: {
        tp_buf_puts(x->arena, &b, le->canon);
        size_t pe;
        const char *name = le->kind ? tp__place_at(x, e, le->kind, &pe) : NULL;
        /* "Tỉnh ủy Nghệ Tĩnh": a province since dissolved, which
         * places.c found there (a location without a code). */
        if (!name && (le->kind & TP_LVM(TP_GAZ_TINH)))
            name = tp__found_province(x, e, &pe);
        if (name) {
            tp_buf_putc(x->arena, &b, ' ');
            tp_buf_puts(x->arena, &b, name);
            *end = pe;
            return b.data;
        }
        /* "Đoàn trường THPT Chiềng Sinh": the school's youth union, the
         * school's head being the entry's last word, in lower case
         * ("Đoàn Trường Sơn" is a person's name). */
        size_t ce;
        if (tp__tok_is(x, e - 1, "trường")) {
            char *school = x->toks[e - 1].shape == TP_VN_LOWER
                               ? tp__org_parse_at(x, e - 1, &ce, 1, depth + 1)
                               : NULL;
            if (!school)
                return NULL;
            tp_buf_putc(x->arena, &b, ' ');
            tp_buf_puts(x->arena, &b, school);
            *end = ce;
            return b.data;
        }
        /* "Đảng ủy Sở Tài nguyên và Môi trường tỉnh Lâm Đồng", "Đảng ủy
         * Công an tỉnh": the committee of another body. */
        char *child = !le->kind && tp__spaced(x, e) && tp__capped(x, e)
                          ? tp__org_parse_at(x, e, &ce, 1, depth + 1)
                          : NULL;
        if (child) {
            tp_buf_putc(x->arena, &b, ' ');
            tp_buf_puts(x->arena, &b, child);
            *end = ce;
            return b.data;
        }
        size_t k = tp__level_place(x, e, &b);
        if (k == e && !le->kind)
            k = tp__field(x, e, &b, 1); /* Đảng ủy Khối ..., Đảng ủy Quân sự */
        if (k > e && !le->kind)
            k = tp__level_place(x, k, &b);
        *end = k;
        return b.data;
    }
    case TP_LEX_ORG_LEVELED: {
        /* "BCH Quân sự tỉnh" is the province's Bộ Chỉ huy, "BCH Quân sự
         * huyện" a district's Ban Chỉ huy. */
        size_t lwe;
        /* (A city's: only a city that is a province, "TP Đà Nẵng".) */
        if (tp__tok_is(x, t, "bch") && strcmp(le->canon, "Ban Chỉ huy Quân sự") == 0 &&
            tp__lex_at(x, e, TP__C(TP_LEX_LEVEL), &lwe) &&
            (tp__tok_is(x, e, "tỉnh") ||
             ((tp__tok_is(x, e, "tp") || tp__tok_is(x, e, "thành")) &&
              tp__province_city(x, lwe))))
            tp_buf_puts(x->arena, &b, "Bộ Chỉ huy Quân sự");
        else
            tp_buf_puts(x->arena, &b, le->canon);
        /* "Liên đoàn Lao động (LĐLĐ) tỉnh": the abbreviation it defines
         * sits between the body and its level. */
        if (tp__tok_is(x, e, "(") && e + 2 < x->n_toks &&
            x->toks[e + 1].shape == TP_VN_UPPER && tp__tok_is(x, e + 2, ")") &&
            e + 3 < x->n_toks && x->toks[e + 3].brk == 1 &&
            (tp__lex_at(x, e + 3, TP__C(TP_LEX_LEVEL), &fe) ||
             (tp__tok_is(x, e + 3, "chi") && tp__tok_is(x, e + 4, "nhánh"))))
            e += 3;
        /* "Ngân hàng Chính sách xã hội (NHCSXH) chi nhánh tỉnh Thái
         * Bình": the branch of a national body in a province. */
        if (tp__tok_is(x, e, "chi") && tp__tok_is(x, e + 1, "nhánh") &&
            tp__spaced(x, e) && tp__spaced(x, e + 2) &&
            tp__lex_at(x, e + 2, TP__C(TP_LEX_LEVEL), &fe)) {
            size_t pe = tp__level_place(x, e + 2, &(tp_buf_t){0});
            if (pe > e + 2) {
                tp_buf_puts(x->arena, &b, " chi nhánh");
                e = e + 2;
            }
        }
        size_t k = tp__level_place(x, e, &b);
        /* "Cơ quan Cảnh sát điều tra | Bộ Công an", "| Viện Kiểm sát nhân
         * dân tỉnh": a ministry or another leveled body right after it is
         * the one it belongs to. */
        size_t he, ce;
        char *parent = k == e && tp__spaced(x, e) && tp__capped(x, e) &&
                               tp__lex_at(x, e, TP__C(TP_LEX_ORG_HEAD) |
                                                    TP__C(TP_LEX_ORG_LEVELED),
                                          &he)
                           ? tp__org_parse_at(x, e, &ce, 1, depth + 1)
                           : NULL;
        if (parent) {
            tp_buf_putc(x->arena, &b, ' ');
            tp_buf_puts(x->arena, &b, parent);
            k = ce;
        }
        /* A body with a name of its own ("Văn phòng Điều phối nông thôn
         * mới tỉnh", "Công đoàn Việt Nam"). */
        if (k == e && strcmp(le->canon, "Thanh tra") == 0)
            k = tp__bare_dept(x, e, &b);
        if (k == e && x->toks[t].shape == TP_VN_CAP) {
            k = tp__field(x, e, &b, 1);
            if (k > e)
                k = tp__parent(x, k, &b, depth);
        }
        if (k == e && !(le->flags & TP_LEXF_ALONE))
            return NULL;
        /* "chủ tịch MTTQ xã", "UBND phường, thị trấn" without a name:
         * every commune, not one body; elsewhere the commune of the
         * article ("Chủ tịch UBND phường", "BCH Đảng bộ phường", "Đại
         * hội Đảng bộ phường lần thứ I"). */
        if (k == e + 1 && (tp__tok_is(x, e, "xã") || tp__tok_is(x, e, "phường")) &&
            ((depth == 0 && tp__after_lc_title(x, t)) ||
             ((tp__tok_is(x, k, ",") || tp__tok_is(x, k, "và")) &&
              tp__lex_at(x, k + 1, TP__C(TP_LEX_LEVEL), &fe))))
            return NULL;
        *end = k;
        return b.data;
    }
    case TP_LEX_ORG_HEAD: {
        if (!cap && !lc)
            return NULL;
        tp_buf_puts(x->arena, &b, le->canon);
        /* Firms, schools, hospitals and posts end with a proper name. */
        static const char *const proper_heads[] = {
            "Công ty", "Tổng công ty", "Tập đoàn", "Hợp tác xã", "Trường",
            "Bệnh viện", "Đồn", "Nhà máy", "Ngân hàng", "Trạm", "Hạt",
            "Đại học", "Khu Di tích"};
        int proper = 0;
        for (size_t i = 0; i < sizeof proper_heads / sizeof *proper_heads; i++)
            proper |= strcmp(le->canon, proper_heads[i]) == 0;
        /* "Quân khu 1", "Sư đoàn 330": a unit named by its number. */
        if (le->flags & TP_LEXF_NUM) {
            if (!tp__spaced(x, e) || !x->toks[e].digit || !cap)
                return NULL;
            tp_buf_printf(x->arena, &b, " %.*s",
                          (int)(x->toks[e].end - x->toks[e].start),
                          x->body + x->toks[e].start);
            *end = e + 1;
            return b.data;
        }
        /* "Công ty cổ phần ...", "Công ty trách nhiệm hữu hạn ...": the
         * form of the firm, in lower case, before its name. Written out
         * or as its abbreviation (CP, TNHH, TNHH MTV), in either case,
         * keys spell it out in lower case: both writings of one firm are
         * one entity. */
        size_t f0 = e;
        const char *form = NULL;
        if (proper && tp__spaced(x, e) && tp__tok_is(x, e, "cổ") &&
            tp__tok_is(x, e + 1, "phần") && tp__field_word(x, e + 2)) {
            form = "cổ phần";
            f0 = e + 2;
        } else if (proper && tp__spaced(x, e) && tp__tok_is(x, e, "trách") &&
                   tp__tok_is(x, e + 1, "nhiệm") && tp__tok_is(x, e + 2, "hữu") &&
                   tp__tok_is(x, e + 3, "hạn")) {
            form = "trách nhiệm hữu hạn";
            f0 = e + 4;
        } else if (proper && tp__spaced(x, e) && x->toks[e].shape == TP_VN_UPPER &&
                   tp__tok_is(x, e, "tnhh")) {
            form = "trách nhiệm hữu hạn";
            f0 = e + 1;
        } else if (proper && tp__spaced(x, e) && x->toks[e].shape == TP_VN_UPPER &&
                   tp__tok_is(x, e, "cp") && tp__field_word(x, e + 1)) {
            form = "cổ phần";
            f0 = e + 1;
        }
        /* "TNHH Nhà nước Một thành viên": owned by the State. */
        int state = 0;
        if (form && strcmp(form, "trách nhiệm hữu hạn") == 0 && tp__spaced(x, f0) &&
            tp__tok_is(x, f0, "nhà") && tp__tok_is(x, f0 + 1, "nước") &&
            tp__spaced(x, f0 + 2) &&
            (tp__tok_is(x, f0 + 2, "một") || tp__tok_is(x, f0 + 2, "mtv"))) {
            state = 1;
            f0 += 2;
        }
        /* "TNHH MTV", "TNHH một thành viên": a single-member company. */
        if (form && strcmp(form, "trách nhiệm hữu hạn") == 0 && tp__spaced(x, f0)) {
            if (x->toks[f0].shape == TP_VN_UPPER && tp__tok_is(x, f0, "mtv")) {
                form = state ? "trách nhiệm hữu hạn nhà nước một thành viên"
                             : "trách nhiệm hữu hạn một thành viên";
                f0 += 1;
            } else if (tp__tok_is(x, f0, "một") && tp__tok_is(x, f0 + 1, "thành") &&
                       tp__tok_is(x, f0 + 2, "viên")) {
                form = state ? "trách nhiệm hữu hạn nhà nước một thành viên"
                             : "trách nhiệm hữu hạn một thành viên";
                f0 += 3;
            }
            if (state && strcmp(form, "trách nhiệm hữu hạn") == 0)
                f0 -= 2; /* "Nhà nước" then no single member: the name's */
        }
        if (form && !tp__field_word(x, f0)) {
            form = NULL; /* a form without the firm's name */
            f0 = e;
        }
        if (form) {
            tp_buf_putc(x->arena, &b, ' ');
            tp_buf_puts(x->arena, &b, form);
        }
        size_t k = f0;
        if ((k = tp__steering(x, t, e, &b, depth, &named)) > t) {
            *end = k;
            return b.data;
        }
        k = f0;
        if (strcmp(le->canon, "Ủy ban") == 0 || strcmp(le->canon, "Hội đồng") == 0) {
            k = tp__na_committee(x, strcmp(le->canon, "Ủy ban") == 0 ? "ủy ban" : "hội đồng",
                                 f0, &b);
            if (k > f0) {
                *end = k;
                return b.data;
            }
        }
        /* "Đại sứ quán", "Tổng Lãnh sự quán", "Lãnh sự quán": the only
         * heads that end with "quán". */
        if (tp__tok_is(x, e - 1, "quán")) {
            k = tp__mission_name(x, f0, &b);
            if (k == f0)
                return NULL;
            *end = k;
            return b.data;
        }
        k = strcmp(le->canon, "Bệnh viện") == 0     ? tp__hospital_name(x, f0, &b)
            : strcmp(le->canon, "Khu Di tích") == 0 ? tp__site_name(x, f0, &b)
            /* "Ban quản lý dự án ... tỉnh": the board's field in lower case. */
            : strcmp(le->canon, "Ban") == 0 ? tp__lc_board(x, f0, &b)
                                            : f0;
        /* "BQL dự án đầu tư xây dựng huyện ...": the board abbreviated. */
        if (k == f0 && strcmp(le->canon, "Ban Quản lý") == 0)
            k = tp__board_tail(x, f0, &b, 0);
        /* "Hội hữu nghị Việt Nam - Lào", "Hội Hữu nghị Việt – Nhật". */
        if (k == f0 && strcmp(le->canon, "Hội") == 0 && (k = tp__friendship(x, f0, &b)) > f0) {
            *end = tp__level_place(x, k, &b);
            return b.data;
        }
        if (k == f0 && strcmp(le->canon, "Báo") == 0)
            k = tp__paper_of_place(x, f0, &b);
        if (k == f0)
            k = tp__field(x, f0, &b, proper);
        /* "Ban Quản lý | dự án 85": a board named by its number. */
        if (k == f0 + 2 && strcmp(le->canon, "Ban") == 0 && tp__tok_is(x, f0, "quản") &&
            tp__tok_is(x, f0 + 1, "lý"))
            k = tp__board_tail(x, k, &b, 0);
        if (k == f0 && strcmp(le->canon, "Hội đồng") == 0 &&
            ((k = tp__lc_field(x, f0)) > f0 || (k = tp__council_task(x, f0)) > f0)) {
            tp_buf_putc(x->arena, &b, ' ');
            tp_buf_append(x->arena, &b, x->body + x->toks[f0].start,
                          x->toks[k - 1].end - x->toks[f0].start);
        }
        if (k == f0)
            return NULL;
        if (strcmp(b.data, "Ban Tổ chức") == 0)
            k = tp__event_name(x, k, &b);
        size_t fe0 = k; /* the end of the field */
        /* "Đội Quản lý thị trường | số 5": a team numbered within its
         * body. */
        if (tp__spaced(x, k) && tp__tok_is(x, k, "số") && tp__spaced(x, k + 1) &&
            x->toks[k + 1].digit && x->toks[k + 1].end - x->toks[k + 1].start <= 3 &&
            !(k + 2 < x->n_toks && x->toks[k + 2].brk == 0 && !x->toks[k + 2].word)) {
            tp_buf_printf(x->arena, &b, " số %.*s",
                          (int)(x->toks[k + 1].end - x->toks[k + 1].start),
                          x->body + x->toks[k + 1].start);
            k += 2;
        }
        /* "Trung tâm Kiểm soát bệnh tật (CDC) | tỉnh": the abbreviation
         * the name defines sits between it and its level; keys leave it
         * out, as for the bodies of each level. */
        size_t lw0;
        if (tp__tok_is(x, k, "(") && k + 3 < x->n_toks && x->toks[k + 1].shape == TP_VN_UPPER &&
            tp__tok_is(x, k + 2, ")") && x->toks[k + 3].brk == 1 &&
            tp__lex_at(x, k + 3, TP__C(TP_LEX_LEVEL), &lw0) &&
            tp__level_place(x, k + 3, &(tp_buf_t){0}) > k + 3)
            k += 3;
        k = tp__parent(x, k, &b, depth);
        /* A team is named by its number or the body or place it belongs
         * to ("Đội Cảnh sát giao thông | Công an huyện", "Đội Tuyên
         * truyền lưu động | tỉnh"); alone the words are a street's or a
         * man's name ("phố Đội Cấn"). */
        if (strcmp(le->canon, "Đội") == 0 && k == fe0)
            return NULL;
        /* "Đảng Dân chủ Tự do Nhật Bản": "Đảng" heads a party only with
         * the country after it (Vietnam's own is a fixed name; alone the
         * word is the Party, and "Đảng Tỉnh ..." no body). */
        if (strcmp(le->canon, "Đảng") == 0 && !tp__ends_foreign(b.data))
            return NULL;
        /* "Ban Quản lý Khu kinh tế Nghi Sơn | và các khu công nghiệp": the
         * board of a zone that also runs the province's industrial
         * zones. */
        size_t ze = strcmp(le->canon, "Ban") == 0 && tp__spaced(x, k)
                        ? tp__tok_phrase(x, k, "và các khu công nghiệp", 0)
                        : 0;
        if (!ze && strcmp(le->canon, "Ban") == 0 && tp__spaced(x, k))
            ze = tp__tok_phrase(x, k, "và các khu chế xuất", 0);
        if (ze) {
            tp_buf_putc(x->arena, &b, ' ');
            tp_buf_append(x->arena, &b, x->body + x->toks[k].start,
                          x->toks[ze - 1].end - x->toks[k].start);
            /* "... và các khu công nghiệp | Đà Nẵng": the place named
             * after the zones is the board's. */
            k = tp__parent(x, ze, &b, depth);
        }
        /* "Trường THPT Đô Lương 1": a school or firm numbered after its
         * place name; the number ends the name (punctuation, "và", a line
         * end or a capital after it). */
        if (proper && k < x->n_toks && tp__spaced(x, k) && x->toks[k].digit &&
            x->toks[k].end - x->toks[k].start <= 2 &&
            (k + 1 >= x->n_toks || !x->toks[k + 1].word || x->toks[k + 1].brk == 2 ||
             tp__tok_is(x, k + 1, "và") || x->toks[k + 1].shape != TP_VN_LOWER) &&
            !(k + 1 < x->n_toks && x->toks[k + 1].brk == 0 && x->toks[k + 1].word == 0 &&
              (x->body[x->toks[k + 1].start] == '/' || x->body[x->toks[k + 1].start] == '.' ||
               x->body[x->toks[k + 1].start] == ','  || x->body[x->toks[k + 1].start] == '-') &&
              k + 2 < x->n_toks && x->toks[k + 2].digit)) {
            tp_buf_printf(x->arena, &b, " %.*s",
                          (int)(x->toks[k].end - x->toks[k].start),
                          x->body + x->toks[k].start);
            k++;
        }
        *end = k;
        return b.data;
    }
    default:
        return NULL;
    }
}

/* Is token t inside a title that started before it ("Trưởng | ban",
 * "Chánh | Văn phòng", "Phó Trưởng | Đoàn")? Then the body's head is
 * written as the title writes it, often in lower case. */
static int tp__in_title(const tp_xctx_t *x, size_t t)
{
    for (size_t k = t >= 3 ? t - 3 : 0; k < t; k++) {
        size_t e;
        if (tp__lex_at(x, k, TP__C(TP_LEX_TITLE), &e) && e > t)
            return 1;
    }
    return 0;
}

char *tp__org_parse(tp_xctx_t *x, size_t t, size_t *end)
{
    /* Every body starts with a lexicon hit of an organization class: the
     * token's class mask says "none" for most tokens at once. */
    if (t >= x->n_toks ||
        !(x->tok_cls[t] & (TP__C(TP_LEX_ORG_FIXED) | TP__C(TP_LEX_ORG_COMMITTEE) |
                           TP__C(TP_LEX_ORG_LEVELED) | TP__C(TP_LEX_ORG_HEAD) |
                           TP__C(TP_LEX_ORG_PREFIX))))
        return NULL;
    if (tp__in_title(x, t))
        return tp__org_parse_at(x, t, end, 1, 1);
    return tp__org_parse_at(x, t, end, 0, 0);
}

/* Does a location mention start where token t starts ("Trường Thi" in a
 * list of wards, "Hội An")? Then no body starts there. */
static int tp__loc_starts_at(const tp_xctx_t *x, size_t t)
{
    /* The position index answers without walking every entity (this
     * runs at every token). */
    return tp__ent_starts_at(x, TP_ENT_LOCATION, x->toks[t].start);
}

/* Is token t a later syllable of a place's name ("xã Lịch | Hội Thượng")
 * or of a person's name ("ông Đoàn | Trường Sơn")? A body's head word
 * there is part of the name. A person's name is a family name, not
 * itself in a place, two to four capitals in all with t, after no
 * capital but an honorific ("Ông") or a place ("... Đà Nẵng | Phạm
 * Trường Sơn"). */
static int tp__inside_name(const tp_xctx_t *x, size_t t)
{
    size_t e;
    if (t == 0 || x->toks[t].brk != 1 || x->toks[t - 1].shape != TP_VN_CAP)
        return 0;
    if (tp__ent_overlaps(x, TP_ENT_LOCATION, x->toks[t].start, x->toks[t].end))
        return 1;
    return tp__name_like(x, t - 1) &&
           !tp__ent_overlaps(x, TP_ENT_LOCATION, x->toks[t - 1].start,
                             x->toks[t - 1].end) &&
           (t < 2 || x->toks[t - 1].brk != 1 || !x->toks[t - 2].word ||
            x->toks[t - 2].shape == TP_VN_LOWER ||
            tp__lex_at(x, t - 2, TP__C(TP_LEX_HONORIFIC), &e) ||
            tp__ent_overlaps(x, TP_ENT_LOCATION, x->toks[t - 2].start,
                             x->toks[t - 2].end));
}

/* Drops mentions of the country inside an organization's name ("Mặt trận
 * Tổ quốc Việt Nam" names no place). */
static void tp__drop_country(tp_xctx_t *x, uint32_t s, uint32_t e)
{
    tp_entity_t *c = tp__ent_find(x, "location:Việt Nam");
    if (!c)
        return;
    size_t k = 0;
    for (size_t i = 0; i < c->n_mentions; i++)
        if (!(c->mentions[i].start >= s && c->mentions[i].end <= e))
            c->mentions[k++] = c->mentions[i];
    c->n_mentions = k;
    if (k == 0)
        tp__ent_remove(x, c);
}

/* Is token t a part of a document symbol ("52/KH-|MTTQ|-BTT"): glued to
 * the '-' or '/' before it, inside a document's mention? Nothing inside
 * a symbol is an entity. */
static int tp__in_symbol(const tp_xctx_t *x, size_t t)
{
    return t > 0 && x->toks[t].brk == 0 && !x->toks[t - 1].word &&
           (x->body[x->toks[t - 1].start] == '-' || x->body[x->toks[t - 1].start] == '/') &&
           tp__ent_overlaps(x, TP_ENT_DOCUMENT, x->toks[t].start, x->toks[t].end);
}

void tp__extract_organizations(tp_xctx_t *x)
{
    for (size_t t = 0; t < x->n_toks;) {
        size_t e;
        /* A token where no title or organization class hit starts
         * begins neither a title nor a body (tp__org_parse() answers
         * from the same mask): every branch below goes on at t + 1. */
        t = tp__next_cls(x, t,
                         TP__C(TP_LEX_TITLE) | TP__C(TP_LEX_ORG_FIXED) |
                             TP__C(TP_LEX_ORG_COMMITTEE) | TP__C(TP_LEX_ORG_LEVELED) |
                             TP__C(TP_LEX_ORG_HEAD) | TP__C(TP_LEX_ORG_PREFIX));
        if (t >= x->n_toks)
            break;
        if (t > 0 && x->toks[t].brk == 1 && tp__generic(x, t - 1)) {
            t++;
            continue;
        }
        /* A title's own words ("Phó Bí thư Thường trực") are no body. */
        const tp_lex_entry_t *ti = tp__lex_at(x, t, TP__C(TP_LEX_TITLE), &e);
        /* ... unless a body's name starts there and is longer ("Tổng Lãnh
         * sự quán" is the mission, not the title "Tổng Lãnh sự"). */
        size_t be;
        if (ti && tp__lex_at(x, t, TP__C(TP_LEX_ORG_HEAD), &be) && be > e)
            ti = NULL;
        if (ti) {
            /* "Trưởng ban Tổ chức", "Chánh Văn phòng Điều phối ...": when
             * no body follows the title, the body starts at the title's
             * last word(s). */
            size_t oe, he;
            char *key = NULL;
            size_t k = t + 1;
            if (!tp__org_parse(x, e, &oe))
                for (; k < e; k++)
                    if (tp__lex_at(x, k, TP__C(TP_LEX_ORG_HEAD) | TP__C(TP_LEX_ORG_LEVELED) |
                                             TP__C(TP_LEX_ORG_PREFIX),
                                   &he) &&
                        he >= e && (key = tp__org_parse(x, k, &oe)) && oe > e)
                        break;
            if (key && k < e) {
                uint32_t s = x->toks[k].start, en = x->toks[oe - 1].end;
                tp__ent_add(x, TP_ENT_ORGANIZATION, key, strlen(key), NULL, s, en);
                tp__drop_country(x, s, en);
                t = oe;
            } else {
                t = e;
            }
            continue;
        }
        char *key = x->toks[t].word && x->tok_cls[t] && !tp__loc_starts_at(x, t) &&
                            !tp__in_symbol(x, t) && !tp__inside_name(x, t)
                        ? tp__org_parse(x, t, &e)
                        : NULL;
        if (!key) {
            t++;
            continue;
        }
        uint32_t s = x->toks[t].start, en = x->toks[e - 1].end;
        tp__ent_add(x, TP_ENT_ORGANIZATION, key, strlen(key), NULL, s, en);
        tp__drop_country(x, s, en);
        t = e;
    }
}

/* Is s a place name as keys write it (capitalised syllables, the last
 * may be a number: "Hà Giang 1")? */
static int tp__is_place_tail(const char *s)
{
    size_t n = strlen(s);
    if (!n)
        return 0;
    for (size_t i = 0; i < n;) {
        size_t e = tp_vn_syllable_end(s, n, i);
        int num = i > 0 && e == n && s[i] >= '0' && s[i] <= '9';
        if (e == i || (!num && !tp_vn_is_upper_initial(s + i, e - i)))
            return 0;
        i = e;
        if (i < n && s[i] != ' ')
            return 0;
        if (i < n)
            i++;
    }
    return 1;
}

/* Is s the name of a country or a foreign place (the gazetteer rows
 * without a parent, listed last)? "Bộ Ngoại giao Lào" is another body
 * than "Bộ Ngoại giao". */
static int tp__is_foreign_tail(const char *s)
{
    for (size_t r = tp_gaz_n_units; r-- > 1 && tp_gaz_units[r].parent < 0;)
        if (strcmp(tp_gaz_units[r].name, s) == 0)
            return 1;
    return 0;
}

/* Is s a level word of a commune or district and a place name ("xã Tân
 * Mỹ")? A party committee named without its place ("Ban Thường vụ Đảng
 * ủy") is the one of the place the article names. */
static int tp__is_level_place_tail(const char *s)
{
    static const char *const levels[] = {"xã ", "phường ", "thị trấn ",
                                         "huyện ", "quận ", "thị xã "};
    for (size_t i = 0; i < sizeof levels / sizeof *levels; i++) {
        size_t n = strlen(levels[i]);
        if (strncmp(s, levels[i], n) == 0)
            return tp__is_place_tail(s + n);
    }
    return 0;
}

/* Does key k end with one of the n strings of ends? */
static int tp__ends_with_any(const char *k, const char *const *ends, size_t n)
{
    size_t kl = strlen(k);
    for (size_t i = 0; i < n; i++) {
        size_t m = strlen(ends[i]);
        if (kl >= m && strcmp(k + kl - m, ends[i]) == 0)
            return 1;
    }
    return 0;
}

/* Does key k (a full key) end with a party committee ("... Đảng ủy")? */
static int tp__ends_committee(const char *k)
{
    static const char *const ends[] = {" ủy", " uỷ"};
    return tp__ends_with_any(k, ends, sizeof ends / sizeof *ends);
}

/* Level words as keys write them (tp__level_word()). */
static const char *const tp__key_levels[] = {
    "tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn", "đặc khu",
};

/* Does key l (a full key) end with the name of the country or of Hồ Chí
 * Minh, as national bodies do ("Hội Nông dân Việt Nam", "Đoàn Thanh
 * niên Cộng sản Hồ Chí Minh")? The national body is another one than the
 * local body of the same name. */
static int tp__ends_country(const char *l)
{
    static const char *const ends[] = {" Việt Nam", " Hồ Chí Minh"};
    return tp__ends_with_any(l, ends, sizeof ends / sizeof *ends);
}

/* Does key k end with a head word of a department alone ("Thanh tra
 * Sở")? */
static int tp__ends_head(const char *k)
{
    static const char *const heads[] = {" Sở", " Ban", " Phòng", " Cục", " Chi cục", " Bộ"};
    return tp__ends_with_any(k, heads, sizeof heads / sizeof *heads);
}

/* Is key k (full, kl bytes) a shorter writing of the body of key l (ll
 * bytes) that the prefix test of tp__orgs_finish() does not see? An article names a
 * body in full once and short later:
 *   - the rest of l goes on from k in lower case ("Sở Y tế | tỉnh Quảng
 *     Bình", "Ban Quản lý | dự án 2"), or k ends with a head word that
 *     names the department only ("Thanh tra Sở | Tài nguyên và Môi
 *     trường"); a body after a complete name is another body's ("Ban Tổ
 *     chức" of a festival, "Ban Tổ chức | Tỉnh ủy");
 *   - k names the place without its level word ("Trung tâm Y tế Lệ
 *     Thủy" for "Trung tâm Y tế huyện Lệ Thủy");
 *   - k keeps the head and the level word only ("BCĐ tỉnh", "Ban Chỉ
 *     đạo tỉnh" for "Ban Chỉ đạo phòng, chống tham nhũng, tiêu cực tỉnh
 *     Quảng Bình").
 * (The caller then rules out national and foreign names, which cost a
 * walk over the gazetteer's foreign rows: "Mặt trận Tổ quốc Việt Nam" is
 * not the one of the district named after it.) */
/* Is s[0..n) the head of a steering or command board ("Ban Chỉ đạo",
 * "Ban Chỉ huy")? */
static int tp__is_board(const char *s, size_t n)
{
    return (n == strlen("Ban Chỉ đạo") && memcmp(s, "Ban Chỉ đạo", n) == 0) ||
           (n == strlen("Ban Chỉ huy") && memcmp(s, "Ban Chỉ huy", n) == 0);
}

/* "Công ty Minh Phát" after "Công ty cổ phần Đầu tư Minh Phát": a firm
 * named again by its head word and its proper name, the form and field
 * left out. True when k (kl bytes) is "<head> <name>" and l (ll bytes)
 * the same head, more words, and the same name at its end. */
static int tp__firm_short_form(const char *k, size_t kl, const char *l, size_t ll)
{
    static const struct {
        const char *h;
        size_t n;
    } heads[] = {{"organization:Công ty ", sizeof "organization:Công ty " - 1},
                 {"organization:Tổng công ty ", sizeof "organization:Tổng công ty " - 1},
                 {"organization:Tập đoàn ", sizeof "organization:Tập đoàn " - 1}};
    if (k[13] != 'C' && k[13] != 'T') /* (after "organization:") */
        return 0;
    for (size_t i = 0; i < sizeof heads / sizeof *heads; i++) {
        size_t hl = heads[i].n;
        if (kl <= hl || memcmp(k, heads[i].h, hl) != 0 || ll <= hl ||
            memcmp(l, heads[i].h, hl) != 0)
            continue;
        size_t nl = kl - hl; /* the proper name */
        return ll > hl + nl + 1 && l[ll - nl - 1] == ' ' &&
               memcmp(l + ll - nl, k + hl, nl) == 0 &&
               tp_vn_is_upper_initial(k + hl, nl);
    }
    return 0;
}

static int tp__short_form_of(const char *k, size_t kl, const char *l, size_t ll)
{
    if (ll <= kl)
        return 0;
    if (tp__firm_short_form(k, kl, l, ll))
        return 1;
    if (strncmp(l, k, kl) == 0 && l[kl] == ' ')
        return !tp_vn_is_upper_initial(l + kl + 1, ll - kl - 1) || tp__ends_head(k);
    for (size_t i = 0; i < sizeof tp__key_levels / sizeof *tp__key_levels; i++) {
        const char *w = tp__key_levels[i];
        size_t wl = strlen(w);
        /* "H P" and "H w P": l is k with the level word put in. */
        if (ll == kl + wl + 1) {
            for (const char *sp = strchr(k + 13, ' '); sp; sp = strchr(sp + 1, ' ')) {
                size_t hl = (size_t)(sp - k);
                if (strncmp(l, k, hl + 1) == 0 && strncmp(l + hl + 1, w, wl) == 0 &&
                    l[hl + 1 + wl] == ' ' && strcmp(l + hl + 2 + wl, sp + 1) == 0 &&
                    tp__is_place_tail(sp + 1))
                    return 1;
            }
        }
        /* "H w" and "H ... w P", the middle in lower case (the task of
         * a steering board may be a name: "Ban Chỉ đạo | Chương trình
         * ..."); "Đảng bộ tỉnh" is not "Đảng bộ | Công an | tỉnh X". */
        if (kl > wl + 14 && k[kl - wl - 1] == ' ' && strcmp(k + kl - wl, w) == 0) {
            size_t hl = kl - wl - 1;
            if (strncmp(l, k, hl) != 0 || l[hl] != ' ' ||
                (tp_vn_is_upper_initial(l + hl + 1, ll - hl - 1) &&
                 !tp__is_board(k + 13, hl - 13)))
                continue;
            for (const char *p = strstr(l + hl, w); p; p = strstr(p + 1, w))
                if (p[-1] == ' ' && (p[wl] == 0 || (p[wl] == ' ' && tp__is_place_tail(p + wl + 1))))
                    return 1;
        }
    }
    return 0;
}

/* Where the first mention of e starts: a body is named in full before
 * it is named short (a short name first is more likely another body's,
 * a national one's). */
static uint32_t tp__first_at(const tp_entity_t *e)
{
    uint32_t f = UINT32_MAX;
    for (size_t m = 0; m < e->n_mentions; m++)
        if (e->mentions[m].start < f)
            f = e->mentions[m].start;
    return f;
}

void tp__orgs_finish(tp_xctx_t *x)
{
    /* Longer keys first: a merge can leave a shorter key with one longer
     * form left ("Ban Chỉ đạo" once "Ban Chỉ đạo tỉnh" went into the full
     * name). Organization entities only, their key lengths kept. */
    size_t n = 0;
    for (size_t i = 0; i < x->n_ents; i++)
        n += x->ents[i].key && x->ents[i].type == TP_ENT_ORGANIZATION;
    if (n < 2)
        return;
    struct tp__okey {
        uint32_t ent, len;
    } *ord = tp_arena_alloc_nz(x->arena, n * sizeof *ord);
    n = 0;
    for (size_t i = 0; i < x->n_ents; i++)
        if (x->ents[i].key && x->ents[i].type == TP_ENT_ORGANIZATION) {
            struct tp__okey o = {(uint32_t)i, (uint32_t)strlen(x->ents[i].key)};
            size_t p = n++;
            for (; p > 0 && ord[p - 1].len < o.len; p--)
                ord[p] = ord[p - 1];
            ord[p] = o;
        }
    for (size_t oi = 0; oi < n; oi++) {
        tp_entity_t *k = &x->ents[ord[oi].ent];
        if (!k->key)
            continue;
        size_t kl = ord[oi].len;
        uint32_t kfirst = tp__first_at(k);
        tp_entity_t *longer = NULL;
        int count = 0;
        for (size_t oj = 0; oj < oi; oj++) {
            tp_entity_t *l = &x->ents[ord[oj].ent];
            if (!l->key || ord[oj].len <= kl)
                continue;
            /* "Huyện ủy" + " Thường Tín"; "Phòng Giáo dục" + " và Đào
             * tạo" (a short form of the same department). */
            /* Every key starts "organization:": test the first byte
             * after it before strncmp() walks that prefix. */
            if (kl > 13 && l->key[13] != k->key[13])
                continue;
            if (strncmp(l->key, k->key, kl) == 0 &&
                l->key[kl] == ' ' &&
                ((tp__is_place_tail(l->key + kl + 1) &&
                  !tp__is_foreign_tail(l->key + kl + 1)) ||
                 (tp__ends_committee(k->key) &&
                  tp__is_level_place_tail(l->key + kl + 1)) ||
                 strncmp(l->key + kl + 1, "và ", 4) == 0)) {
                longer = l;
                count++;
            } else if (tp__first_at(l) < kfirst &&
                       tp__short_form_of(k->key, kl, l->key, ord[oj].len) &&
                       !tp__ends_country(k->key) && !tp__ends_country(l->key) &&
                       !tp__ends_foreign(l->key)) {
                longer = l;
                count++;
            }
        }
        if (count != 1)
            continue;
        for (size_t m = 0; m < k->n_mentions; m++)
            tp__ent_add(x, TP_ENT_ORGANIZATION, longer->key + 13,
                        strlen(longer->key + 13), NULL, k->mentions[m].start,
                        k->mentions[m].end);
        for (size_t p = 0; p < x->n_ents; p++) {
            tp_entity_t *e = &x->ents[p];
            if (!e->key || e->type != TP_ENT_PERSON)
                continue;
            for (size_t q = 0; q < e->n_positions; q++)
                if (e->positions[q].organization &&
                    strcmp(e->positions[q].organization, k->key) == 0)
                    e->positions[q].organization = longer->key;
        }
        tp__ent_remove(x, k);
    }
}

/*
 * places.c — locations (article-event-v1: `location:<name>`, fields level
 * and code) from the gazetteer hits of the automaton.
 *
 * A gazetteer name counts when it is written capitalised on syllable
 * boundaries and
 *   - follows a level word ("huyện Đầm Hà", "xã Tân Bình", "TP Bắc
 *     Giang"), possibly as a list ("các phường Tân An, Tân Bình và ..."):
 *     the level word picks the units of that level;
 *   - or stands alone as a province or district name ("Hà Tĩnh", "Vân
 *     Đồn – Móng Cái", "Huyện ủy Thường Tín") that is not part of a longer
 *     capitalised run (a person's name);
 *   - or stands alone as a commune name of a district the article
 *     already names.
 * Names the gazetteer does not know are kept only after village level
 * words (thôn, bản, xóm, ấp, tổ dân phố): `level` thon, no code.
 *
 * A name shared by several units is resolved by the level word, then by
 * the provinces and districts the article names elsewhere, then by era
 * (units before July 2025 for older articles, after it for newer ones),
 * then by the higher level.
 */
#include <string.h>

#include "data/gazetteer.h"
#include "extract/extract_internal.h"

#define TP__M_THON (1u << 12)

/* A place found in the text, before its unit is chosen. */
typedef struct tp__pcand {
    uint32_t tok, tok_end;
    const tp__phrase_t *ph; /* NULL for a village name */
    unsigned mask;          /* level mask from a level word, 0: bare */
    int32_t row;            /* chosen unit, -1 */
    unsigned exact;         /* the level the word names itself ("huyện"
                               also finds a thị xã), 0: none */
    int sea;                /* after "biển": a beach's name (see below) */
} tp__pcand_t;

/* Per-article growing list of candidates. */
typedef struct tp__plist {
    tp__pcand_t *v;
    size_t n, cap;
} tp__plist_t;

/* Appends a candidate. */
static void tp__pl_push(tp_xctx_t *x, tp__plist_t *l, tp__pcand_t c)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 32;
        l->v = tp_arena_realloc(x->arena, l->v, l->n * sizeof *l->v,
                                cap * sizeof *l->v);
        l->cap = cap;
    }
    l->v[l->n++] = c;
}

/* Every syllable of tokens [a, b) is capitalised (or a number); a
 * spaced hyphen may join two names ("Xuân Hương - Đà Lạt", as the 2025
 * list writes wards named after two old ones). */
static int tp__all_cap(const tp_xctx_t *x, size_t a, size_t b)
{
    for (size_t t = a; t < b; t++) {
        const tp_vn_tok_t *k = &x->toks[t];
        if (!k->word && t > a && t + 1 < b && k->brk == 1 &&
            x->body[k->start] == '-' && x->toks[t + 1].brk == 1)
            continue;
        if (!k->word)
            return 0;
        if (k->shape != TP_VN_CAP && !k->digit)
            return 0;
        if (t > a && k->brk != 1)
            return 0; /* a name does not cross punctuation or lines */
    }
    return 1;
}

/* Province (tier 1) row that contains row, or -1. */
static int32_t tp__province_of(int32_t row)
{
    while (row >= 0 && tp_gaz_units[row].parent > 0)
        row = tp_gaz_units[row].parent;
    return row > 0 && tp_gaz_units[row].parent == 0 ? row : -1;
}

/* District (tier 2, old era) row that contains a commune row, or -1. */
static int32_t tp__district_of(int32_t row)
{
    if (row <= 0)
        return -1;
    int32_t p = tp_gaz_units[row].parent;
    if (p > 0 && tp_gaz_units[p].parent > 0)
        return p;
    return -1;
}

/* Which era an article belongs to: new units from 2025-07-01. */
static int tp__article_era(const tp_xctx_t *x)
{
    if (x->year > 2025 || (x->year == 2025 && x->month >= 7))
        return TP_GAZ_ERA_NEW;
    return TP_GAZ_ERA_OLD;
}

/* Is row in the list of rows? */
static int tp__has(const int32_t *v, size_t n, int32_t row)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] == row)
            return 1;
    return 0;
}

/* Context the article gives: provinces and districts it names. */
typedef struct tp__pctx {
    int32_t prov[64], dist[64];
    size_t n_prov, n_dist;
} tp__pctx_t;

/* Chooses the best unit of c's phrase, or -1 when none fits. */
static int32_t tp__choose(const tp_xctx_t *x, const tp__pcand_t *c,
                          const tp__pctx_t *ctx, int era)
{
    const tp__phrase_t *ph = c->ph;
    int32_t best = -1;
    int best_score = -1;
    size_t nsyl = c->tok_end - c->tok;
    for (uint32_t k = 0; k < ph->gaz_count; k++) {
        int32_t row = (int32_t)x->ex->gaz_idx[ph->gaz_first + k];
        const tp_gaz_unit_t *u = &tp_gaz_units[row];
        int tier = u->parent < 0 ? 0 : u->parent == 0 ? 1
                   : tp_gaz_units[u->parent].parent == 0 ? 2 : 3;
        if (u->era == TP_GAZ_ERA_NEW && tier == 2)
            tier = 3;
        if (c->mask) {
            if (!(c->mask & TP_LVM(u->level)))
                continue;
        } else {
            /* Bare names: countries, provinces and districts; a single
             * syllable only for provinces; communes only inside a
             * district (old) or province (new) the article names. */
            if (tier == 3) {
                int32_t d = tp__district_of(row);
                int in = u->era == TP_GAZ_ERA_OLD
                             ? tp__has(ctx->dist, ctx->n_dist, d)
                             : tp__has(ctx->prov, ctx->n_prov, u->parent);
                if (!in)
                    continue;
            }
            if (nsyl < 2 && tier > 1)
                continue;
        }
        int s = 0;
        int32_t prov = tp__province_of(row);
        /* Inside a province or district the article names, unless that
         * one bears the same name (then the mention is the larger unit:
         * "Hà Tĩnh" is the province, not the city in it). */
        if (prov >= 0 && prov != row && tp__has(ctx->prov, ctx->n_prov, prov) &&
            strcmp(tp_gaz_units[prov].name, u->name) != 0)
            s += 40;
        int32_t dist = tp__district_of(row);
        if (dist >= 0 && tp__has(ctx->dist, ctx->n_dist, dist) &&
            strcmp(tp_gaz_units[dist].name, u->name) != 0)
            s += 30;
        if (u->era == era)
            s += 8;
        if (c->exact & TP_LVM(u->level))
            s += 2;
        s += tier == 0 ? 6 : tier == 1 ? 5 : tier == 2 ? 3 : 0;
        if (s > best_score) {
            best_score = s;
            best = row;
        }
    }
    return best;
}

/* Checks that the bare name [t, e) is not a piece of a longer capitalised
 * run such as a person's name. */
static int tp__bare_ok(const tp_xctx_t *x, size_t t, size_t e)
{
    if (t > 0) {
        const tp_vn_tok_t *p = &x->toks[t - 1];
        if (p->word && x->toks[t].brk == 1 && p->shape == TP_VN_CAP) {
            /* A capitalised word before it: fine only at the start of a
             * sentence when it is a function word ("Tại Hà Tĩnh"). */
            int sent_start = p->brk == 2 || (t >= 2 && !x->toks[t - 2].word);
            if (!sent_start ||
                !tp_lex_is_function_word(x->fold + p->start, p->end - p->start))
                return 0;
        }
    }
    if (e < x->n_toks) {
        const tp_vn_tok_t *n = &x->toks[e];
        /* "Khu công nghiệp Hoàng Mai II": a Roman numeral after it
         * numbers a facility named after the place. */
        int roman = n->word && n->brk == 1 && n->end - n->start <= 4;
        for (uint32_t i = n->start; roman && i < n->end; i++)
            roman = x->body[i] == 'I' || x->body[i] == 'V' || x->body[i] == 'X';
        if (roman)
            return 0;
        /* A capitalised word after it continues a longer name ("Thái
         * Bình Dương", the Pacific), unless a person's full name starts
         * there (a family name and another capital: "Hà Tĩnh Võ Trọng
         * Hải"). */
        if (n->word && n->brk == 1 && n->shape == TP_VN_CAP &&
            (!tp_lex_is_surname(x->fold + n->start, n->end - n->start) ||
             e + 1 >= x->n_toks || !x->toks[e + 1].word || x->toks[e + 1].brk != 1 ||
             x->toks[e + 1].shape != TP_VN_CAP))
            return 0;
    }
    /* "Hồ Chí Minh", "Trần Hưng Đạo": a family name and two or more
     * syllables is a person unless a level word says otherwise. */
    if (e - t >= 3 && tp_lex_is_surname(x->fold + x->toks[t].start,
                                        x->toks[t].end - x->toks[t].start))
        return 0;
    return 1;
}

/* Adds (or finds) the location entity of a gazetteer row. */
tp_entity_t *tp__place_add(tp_xctx_t *x, size_t row, uint32_t start,
                           uint32_t end)
{
    const tp_gaz_unit_t *u = &tp_gaz_units[row];
    tp_entity_t *e = tp__ent_add(x, TP_ENT_LOCATION, u->name,
                                 strlen(u->name), NULL, start, end);
    if (!tp__ent_get_field(e, "level")) {
        int lv = u->level == TP_GAZ_DAC_KHU ? TP_GAZ_HUYEN : u->level;
        tp__ent_field(x, e, "level", tp_gaz_level_name(lv), 0);
        tp__ent_field(x, e, "code", u->code, 0);
        /* Below province level, the province it lies in (of the unit's
         * own era), so that articles naming only a district or commune
         * can be grouped by province. */
        int32_t prov = tp__province_of((int32_t)row);
        if (prov > 0 && (size_t)prov != row) {
            tp__ent_field(x, e, "province", tp_gaz_units[prov].name, 0);
            tp__ent_field(x, e, "province_code", tp_gaz_units[prov].code, 0);
        }
    }
    return e;
}

/* A syllable group of a name at k: a capitalised word and the
 * syllables joined to it by hyphens ("Chan-tơ-ria", "Krô-chiêng").
 * Returns its end, or k. */
static size_t tp__hyphen_word(const tp_xctx_t *x, size_t k)
{
    if (k >= x->n_toks || !x->toks[k].word || x->toks[k].shape != TP_VN_CAP ||
        x->toks[k].digit)
        return k;
    size_t e = k + 1;
    while (e + 1 < x->n_toks && x->toks[e].brk == 0 && !x->toks[e].word &&
           x->body[x->toks[e].start] == '-' && x->toks[e].end == x->toks[e].start + 1 &&
           x->toks[e + 1].brk == 0 && x->toks[e + 1].word && !x->toks[e + 1].digit)
        e += 2;
    return e;
}

/* Parses the name after a level word at token t (tokens [t, *end)).
 * Returns 1 with a candidate, 0 when no name follows. */
static int tp__after_level(tp_xctx_t *x, size_t t, unsigned mask,
                           tp__pcand_t *c)
{
    if (t >= x->n_toks || x->toks[t].brk != 1)
        return 0;
    size_t e;
    const tp__phrase_t *ph = tp__gaz_at(x, t, &e);
    /* "tuyến xã Bệnh viện Đa khoa huyện": a body's name of two or more
     * words after the level word starts another phrase, it names no
     * place (a gazetteer name is still read: "xã Trường Sơn"). */
    size_t he;
    if (!ph && tp__lex_at(x, t,
                          (1u << TP_LEX_ORG_HEAD) | (1u << TP_LEX_ORG_FIXED) |
                              (1u << TP_LEX_ORG_LEVELED),
                          &he) &&
        he > t + 1)
        return 0;
    if (ph && tp__all_cap(x, t, e)) {
        for (uint32_t k = 0; k < ph->gaz_count; k++) {
            const tp_gaz_unit_t *u =
                &tp_gaz_units[x->ex->gaz_idx[ph->gaz_first + k]];
            if (mask & TP_LVM(u->level)) {
                *c = (tp__pcand_t){(uint32_t)t, (uint32_t)e, ph, mask, -1, 0, 0};
                return 1;
            }
        }
    }
    /* A district or commune the gazetteer does not hold (dissolved or
     * renamed before 2025): one to three capitalised syllables that do not
     * start with a family name (then it is a person: "UBND huyện Nguyễn
     * Văn A" cannot happen, "Chủ tịch UBND huyện Phạm Văn Đạt" can). */
    if (!(mask & TP__M_THON) &&
        (mask & (TP_LVM(TP_GAZ_HUYEN) | TP_LVM(TP_GAZ_QUAN) |
                 TP_LVM(TP_GAZ_THI_XA) | TP_LVM(TP_GAZ_XA) |
                 TP_LVM(TP_GAZ_PHUONG) | TP_LVM(TP_GAZ_THI_TRAN)))) {
        size_t k = t, syl = 0;
        /* ("huyện Krô-chiêng": hyphen-joined syllables are one word of
         * the name, not its end.) */
        size_t w;
        while (k < x->n_toks && syl < 4 && (k == t || x->toks[k].brk == 1) &&
               (w = tp__hyphen_word(x, k)) > k) {
            k = w;
            syl++;
        }
        /* (A family name may start it when an honorific and a name
         * follow it after a comma or dash: "Chủ tịch UBND xã Triệu Vân,
         * ông Nguyễn Văn Dũng"; the person comes after.) */
        size_t hoe;
        const tp_lex_entry_t *ho;
        int person_after =
            k > t && syl <= 3 && k + 1 < x->n_toks &&
            (tp__tok_is(x, k, ",") || tp__tok_is(x, k, "-") || tp__tok_is(x, k, "–")) &&
            x->toks[k + 1].brk == 1 &&
            (ho = tp__lex_at(x, k + 1, 1u << TP_LEX_HONORIFIC, &hoe)) && ho->kind == 0 &&
            hoe + 1 < x->n_toks && x->toks[hoe].brk == 1 && x->toks[hoe].shape == TP_VN_CAP &&
            tp_lex_is_surname(x->fold + x->toks[hoe].start,
                              x->toks[hoe].end - x->toks[hoe].start);
        if (k > t && syl <= 3 && x->toks[k - 1].end > x->toks[t].start &&
            (person_after || !tp_lex_is_surname(x->fold + x->toks[t].start,
                                                x->toks[t].end - x->toks[t].start))) {
            *c = (tp__pcand_t){(uint32_t)t, (uint32_t)k, NULL, mask, -1, 0, 0};
            return 1;
        }
    }
    if (mask & TP__M_THON) {
        /* Villages: one to three capitalised syllables, or a number; not
         * a person's name (a family name and two or more syllables:
         * "Trưởng ban Công tác Mặt trận thôn Phan Văn Cường"). */
        size_t k = t;
        while (k < x->n_toks && k - t < 4 && x->toks[k].word &&
               (x->toks[k].shape == TP_VN_CAP || x->toks[k].digit) &&
               (k == t || x->toks[k].brk == 1))
            k++;
        if (k - t >= 3 && (tp_lex_is_surname(x->fold + x->toks[t].start,
                                             x->toks[t].end - x->toks[t].start) ||
                           tp__tok_is(x, t + 1, "văn") || tp__tok_is(x, t + 1, "thị")))
            return 0;
        if (k - t > 3)
            k = t + 3;
        /* "bản Pá Khôm 15 năm": a number that counts the years (or
         * months, days) after it is no part of the name; "thôn Nà Hẩu 2
         * năm 2023" keeps it (a date follows). */
        if (k - t >= 2 && x->toks[k - 1].digit && k + 1 < x->n_toks &&
            x->toks[k].brk == 1 &&
            (tp__tok_is(x, k, "năm") || tp__tok_is(x, k, "tháng") ||
             tp__tok_is(x, k, "ngày") || tp__tok_is(x, k, "tuần")) &&
            !x->toks[k + 1].digit)
            k--;
        if (k > t && !(k - t == 1 && x->toks[t].digit && k < x->n_toks &&
                       x->toks[k].word && x->toks[k].brk == 1)) {
            *c = (tp__pcand_t){(uint32_t)t, (uint32_t)k, NULL, TP__M_THON, -1, 0, 0};
            return 1;
        }
    }
    return 0;
}

/* Is the one-syllable name at t only a country, written first in a
 * sentence ("Pháp luật ...", "Mỹ phẩm ...")? Then it is a word. */
static int tp__lone_country(const tp_xctx_t *x, size_t t, const tp__phrase_t *ph)
{
    int start = x->toks[t].brk == 2 ||
                (t > 0 && !x->toks[t - 1].word &&
                 strchr(".!?:;\"“", x->body[x->toks[t - 1].start]));
    if (!start)
        return 0;
    for (uint32_t k = 0; k < ph->gaz_count; k++)
        if (tp_gaz_units[x->ex->gaz_idx[ph->gaz_first + k]].level != TP_GAZ_QUOC_GIA)
            return 0;
    return 1;
}

/* Does an honorific end right before token t ("ông | Nga", "chị |
 * Mỹ")? Then a one-syllable name is a person's given name. */
static int tp__after_honorific(const tp_xctx_t *x, size_t t)
{
    for (size_t k = t >= 3 ? t - 3 : 0; k < t; k++) {
        size_t e;
        if (tp__lex_at(x, k, (1u << TP_LEX_HONORIFIC) | (1u << TP_LEX_TITLE), &e) &&
            e == t)
            return 1;
    }
    return 0;
}

/* Does an honorific, a title or a body's name that started before token
 * t cover it ("Già | làng", "Trưởng | thôn", "Hợp tác | xã")? */
static int tp__in_person_word(const tp_xctx_t *x, size_t t)
{
    for (size_t k = t >= 2 ? t - 2 : 0; k < t; k++) {
        size_t e;
        if (tp__lex_at(x, k,
                       (1u << TP_LEX_HONORIFIC) | (1u << TP_LEX_TITLE) |
                           (1u << TP_LEX_ORG_HEAD) | (1u << TP_LEX_ORG_FIXED) |
                           (1u << TP_LEX_ORG_LEVELED),
                       &e) &&
            e > t)
            return 1;
    }
    return 0;
}

/* Words of a school's type between "Trường" and its name ("Trường THCS
 * Hai Bà Trưng", "Trường Tiểu học Lê Chân", "Trường PTDTBT THCS ..."). */
static const char *const tp__school_words[] = {
    "thcs", "thpt", "th", "mn", "ptdtbt", "ptdtnt", "ptdt", "tiểu", "trung",
    "học", "cơ", "sở", "phổ", "thông", "mầm", "non", "mẫu", "giáo", "liên",
    "cấp", "dân", "tộc", "nội", "trú", "bán", "chuyên", "số", "ii", "i", NULL};

/* Is the bare name [t, e) the proper name of a street or a school
 * ("đường Ngô Quyền", "phố Hai Bà Trưng", "Trường THCS Hai Bà Trưng")?
 * Streets and schools are named after historical figures and places
 * alike; the name does not mention the place there. Not a country ("con
 * đường Việt Nam đã chọn"). */
static int tp__in_street_or_school(const tp_xctx_t *x, size_t t,
                                   const tp__phrase_t *ph)
{
    if (t == 0 || x->toks[t].brk != 1)
        return 0;
    for (uint32_t i = 0; i < ph->gaz_count; i++)
        if (tp_gaz_units[x->ex->gaz_idx[ph->gaz_first + i]].parent < 0)
            return 0;
    size_t k = t - 1;
    if (x->toks[k].word && (tp__tok_is(x, k, "đường") || tp__tok_is(x, k, "phố")))
        return !(tp__tok_is(x, k, "phố") && k > 0 && tp__tok_is(x, k - 1, "thành"));
    for (size_t n = 0; n < 6 && x->toks[k].word; n++) {
        int school = x->toks[k].digit; /* "Trường THPT số 1 Bảo Thắng" */
        for (size_t i = 0; tp__school_words[i] && !school; i++)
            school = tp__tok_is(x, k, tp__school_words[i]);
        if (!school)
            return n > 0 && tp__tok_is(x, k, "trường") && x->toks[k].shape == TP_VN_CAP;
        if (k == 0 || x->toks[k].brk != 1)
            return 0;
        k--;
    }
    return 0;
}

/* Is the bare name [t, e) a byline or a photo credit: right after
 * "Ảnh:", "Bài, ảnh:", "Tin, ảnh:", "Nguồn:" ("Ảnh: Đức Thọ"), or a line
 * that holds only the name and a parenthesised unit ("Đức Thọ (Đồn BP
 * Chi Ma)")? Reporters are named after places often enough (Đức Thọ,
 * Kim Sơn) that such a name is a person here. */
static int tp__byline_at(const tp_xctx_t *x, size_t t, size_t e)
{
    size_t k = t;
    if (k >= 2 && tp__tok_is(x, k - 1, ":") && x->toks[k].brk == 1) {
        k -= 2;
        if (tp__tok_is(x, k, "ảnh") || tp__tok_is(x, k, "nguồn") ||
            tp__tok_is(x, k, "video") || tp__tok_is(x, k, "clip"))
            return 1;
    }
    if (x->toks[t].brk == 2 && tp__tok_is(x, e, "(")) {
        size_t c = e + 1;
        while (c < x->n_toks && x->toks[c].brk != 2 && !tp__tok_is(x, c, ")"))
            c++;
        if (tp__tok_is(x, c, ")") && (c + 1 >= x->n_toks || x->toks[c + 1].brk == 2))
            return 1;
    }
    return 0;
}

/* Regions of the country, folded, longest first where one starts
 * another: named after "khu vực" or "vùng". */
static const char *const tp__regions[] = {
    "bắc trung bộ và duyên hải miền trung", "trung du và miền núi phía bắc",
    "duyên hải nam trung bộ", "duyên hải miền trung", "đồng bằng sông cửu long",
    "đồng bằng sông hồng", "đồng bằng bắc bộ", "nam trung bộ", "bắc trung bộ",
    "đông nam bộ", "tây nam bộ", "tây nguyên", "tây bắc", "đông bắc", "bắc bộ",
    "trung bộ", "nam bộ",
};

/* Adds a place that is no administrative unit, named by the body's
 * tokens [a, b): level dia_danh, no code. */
static void tp__site_add(tp_xctx_t *x, size_t a, size_t b)
{
    uint32_t s = x->toks[a].start, en = x->toks[b - 1].end;
    tp_entity_t *ent = tp__ent_add(x, TP_ENT_LOCATION, x->body + s, en - s, NULL, s, en);
    if (!tp__ent_get_field(ent, "level"))
        tp__ent_field(x, ent, "level", "dia_danh", 0);
}

/* The capitalised run at t: up to max syllables on one line, not a
 * number. Returns its length. */
static size_t tp__cap_run(const tp_xctx_t *x, size_t t, size_t max)
{
    size_t n = 0;
    while (n < max && t + n < x->n_toks && x->toks[t + n].brk == 1 && x->toks[t + n].word &&
           x->toks[t + n].shape == TP_VN_CAP && !x->toks[t + n].digit)
        n++;
    return n;
}

/* Is the capitalised run [a, a + n) the name of a place the gazetteer
 * lacks: one to three capitals, no known word in it, not a person's
 * name (a family name and two more), no capital after it? Gazetteer
 * names are left to the bare-name rule. */
static int tp__unlisted_name(const tp_xctx_t *x, size_t a, size_t n)
{
    size_t e;
    if (n == 0 || n > 3 || tp__cap_run(x, a + n, 1) ||
        (n == 3 && tp_lex_is_surname(x->fold + x->toks[a].start,
                                     x->toks[a].end - x->toks[a].start)))
        return 0;
    /* "từ Thứ Hai đến Thứ Sáu", "từ Tết Nguyên đán": times, not places. */
    if (tp__tok_is(x, a, "thứ") || tp__tok_is(x, a, "chủ") || tp__tok_is(x, a, "tháng") ||
        tp__tok_is(x, a, "ngày") || tp__tok_is(x, a, "năm") || tp__tok_is(x, a, "tết") ||
        tp__tok_is(x, a, "rằm"))
        return 0;
    if (tp__gaz_at(x, a, &e))
        return 0;
    for (size_t k = a; k < a + n; k++)
        if (tp__lex_at(x, k, ~(1u << TP_LEX_PLACE_WORD), &e))
            return 0;
    return 1;
}

/* One to three capitalised syllable groups from e ("Lệ Thanh",
 * "Krô-chiêng") that no other capital follows and that hold no known
 * word: the name of a place the gazetteer lacks. Returns its end, or e. */
static size_t tp__unknown_run(const tp_xctx_t *x, size_t e)
{
    size_t k = e, n = 0, le;
    while (n < 3 && k < x->n_toks && (k == e || x->toks[k].brk == 1)) {
        size_t w = tp__hyphen_word(x, k);
        if (w == k)
            break;
        k = w;
        n++;
    }
    if (n == 0 || tp__cap_run(x, k, 1))
        return e;
    for (size_t q = e; q < k; q++)
        if (x->toks[q].word && tp__lex_at(x, q, ~(1u << TP_LEX_PLACE_WORD), &le))
            return e;
    return k;
}

/* "Cửa khẩu quốc tế Lệ Thanh", "cửa khẩu Mộc Bài": a border gate is a
 * place named after the commune or town it lies in, or by a name of its
 * own; both are locations (its name, as a site unless the gazetteer
 * knows it). The gate word may be capitalised: it heads the gate's
 * proper name. Returns the end of the name, or t. */
static size_t tp__border_gate(tp_xctx_t *x, tp__plist_t *l, size_t t, size_t e)
{
    if (e >= x->n_toks || x->toks[e].brk != 1)
        return t;
    size_t ge;
    const tp__phrase_t *ph = tp__gaz_at(x, e, &ge);
    if (ph && tp__all_cap(x, e, ge) && tp__cap_run(x, ge, 1) == 0) {
        tp__pl_push(x, l, (tp__pcand_t){(uint32_t)e, (uint32_t)ge, ph, 0, -1, 0, 0});
        return ge;
    }
    /* (No family-name test: a person is not named right after the gate
     * word, and gates are named after people too: "Hoàng Diệu".) */
    size_t k = tp__unknown_run(x, e);
    if (k == e)
        return t;
    tp__site_add(x, e, k);
    return k;
}

/* The ends of a power line or road named at t ("đường dây 500 kV mạch
 * 3 | từ Vũng Áng đến Phố Nối", "cao tốc | đoạn từ A đến B"): within ten
 * tokens after the word, "từ" and a name, "đến" and a name, each a
 * gazetteer name (pushed to l, any level) or one it lacks (a town that
 * is no unit now: level dia_danh). Returns the token after the second
 * name, or t. */
static size_t tp__route_ends(tp_xctx_t *x, tp__plist_t *l, size_t t, size_t e)
{
    for (size_t k = e; k < e + 10 && k + 3 < x->n_toks && x->toks[k].brk != 2; k++) {
        if (!tp__tok_is(x, k, "từ") || x->toks[k].shape != TP_VN_LOWER)
            continue;
        size_t a = k + 1, na = tp__cap_run(x, a, 4);
        size_t d = a + na, b = d + 1, nb = tp__cap_run(x, b, 4);
        if (na == 0 || !tp__tok_is(x, d, "đến") || nb == 0)
            return t;
        int ua = tp__unlisted_name(x, a, na), ub = tp__unlisted_name(x, b, nb);
        size_t ea, eb;
        /* Both ends are places: each a listed name or an unlisted one. */
        if ((!ua && !(tp__gaz_at(x, a, &ea) && ea == a + na)) ||
            (!ub && !(tp__gaz_at(x, b, &eb) && eb == b + nb)))
            return t;
        /* A listed name of any level: "Vũng Áng", a ward of Hà Tĩnh
         * since 2025, is named here as the old town and port. */
        unsigned units = (1u << 12) - 1;
        const tp__phrase_t *pa = ua ? NULL : tp__gaz_at(x, a, &ea);
        const tp__phrase_t *pb = ub ? NULL : tp__gaz_at(x, b, &eb);
        if (pa)
            tp__pl_push(x, l, (tp__pcand_t){(uint32_t)a, (uint32_t)(a + na), pa, units, -1, 0, 0});
        else
            tp__site_add(x, a, a + na);
        if (pb)
            tp__pl_push(x, l, (tp__pcand_t){(uint32_t)b, (uint32_t)(b + nb), pb, units, -1, 0, 0});
        else
            tp__site_add(x, b, b + nb);
        return b + nb;
    }
    return t;
}

/* A place named after a lower-case place word at t (kind in TP_PW_*,
 * the word ending at e), which the gazetteer does not list as a unit:
 *   - a river, lake or station ("sông Gianh", "hồ Kẻ Gỗ", "trạm thủy
 *     văn Mai Hóa", "cửa biển Thuận An"): the name without the word, one
 *     to three capitals that no other capital follows (a name, a
 *     person's, goes on), none of them a known word ("trạm Y tế");
 *     "trạm" alone takes two at least ("trạm Kiểm lâm");
 *   - a region ("khu vực Nam Trung Bộ", "vùng Tây Nguyên");
 *   - communes of before July 2025 named as neighbourhoods ("các khu
 *     dân cư Phú Hội, Vĩnh Ninh"): gazetteer names, pushed to l;
 *   - a site around which a place lies ("vùng ven Đền Bà Chúa"): one to
 *     four capitals, not a person's name.
 * Returns the token after what it read, or t. */
static size_t tp__place_word(tp_xctx_t *x, tp__plist_t *l, size_t t, size_t e,
                             unsigned kind)
{
    if (kind == TP_PW_ROUTE) /* (also first in a sentence: "Đường dây ...") */
        return tp__route_ends(x, l, t, e);
    if (kind == TP_PW_GATE)
        return tp__border_gate(x, l, t, e);
    if (x->toks[t].shape != TP_VN_LOWER || e >= x->n_toks || x->toks[e].brk != 1 ||
        x->toks[e].shape != TP_VN_CAP)
        return t;
    size_t le;
    if (kind == TP_PW_REGION) {
        for (size_t i = 0; i < sizeof tp__regions / sizeof *tp__regions; i++) {
            size_t re = tp__tok_phrase(x, e, tp__regions[i], 1);
            if (re && tp__cap_run(x, re, 1) == 0) {
                tp__site_add(x, e, re);
                return re;
            }
        }
        return t;
    }
    if (kind == TP_PW_QUARTER) {
        size_t k = e, n = 0;
        const tp__phrase_t *ph;
        while ((ph = tp__gaz_at(x, k, &le)) && tp__all_cap(x, k, le) &&
               tp__cap_run(x, le, 1) == 0) {
            tp__pl_push(x, l, (tp__pcand_t){(uint32_t)k, (uint32_t)le, ph,
                                            TP_LVM(TP_GAZ_XA) | TP_LVM(TP_GAZ_PHUONG) |
                                                TP_LVM(TP_GAZ_THI_TRAN),
                                            -1, 0, 0});
            n++;
            k = le;
            if (!(tp__tok_is(x, k, ",") || tp__tok_is(x, k, "và")) || k + 1 >= x->n_toks ||
                x->toks[k + 1].brk != 1)
                break;
            k++;
        }
        return n ? k : t;
    }
    size_t n = tp__cap_run(x, e, 5);
    if (n == 0 || n > (kind == TP_PW_AROUND ? 4u : 3u) ||
        (n >= 3 && tp_lex_is_surname(x->fold + x->toks[e].start,
                                     x->toks[e].end - x->toks[e].start)))
        return t;
    if (kind == TP_PW_FEATURE) {
        if (n < 2 && tp__tok_is(x, t, "trạm") && e == t + 1)
            return t;
        for (size_t k = e; k < e + n; k++)
            if (tp__lex_at(x, k, ~(1u << TP_LEX_PLACE_WORD), &le))
                return t;
    }
    tp__site_add(x, e, e + n);
    return e + n;
}

/* Is level one of communes (xã, phường, thị trấn, đặc khu)? */
static int tp__commune_level(int level)
{
    return level == TP_GAZ_XA || level == TP_GAZ_PHUONG || level == TP_GAZ_THI_TRAN ||
           level == TP_GAZ_DAC_KHU;
}

/* Is candidate c (resolved to a commune) a name the gazetteer gives to
 * communes of two or more provinces (of the level its word selects), none
 * of them among the provinces named that the article names (named, n)?
 * Then which one is meant is a guess against the article: the other
 * places say it lies in theirs, where the gazetteer has no such unit. */
static int tp__foreign_commune(const tp_xctx_t *x, const tp__pcand_t *c,
                               const int32_t *named, size_t n)
{
    if (!n || !tp__commune_level(tp_gaz_units[c->row].level))
        return 0;
    /* Provinces are compared by name (the old and the new list each
     * have their own row for a province that kept its name), and an old
     * commune by the province of the new one it was merged into: the
     * old Lịch Hội Thượng of Sóc Trăng is the new one of Cần Thơ, one
     * place; the old Hải Tiến of Quảng Ninh (now in Hải Ninh) and the new
     * one of Ninh Bình are two. */
    const char *first = NULL;
    int several = 0;
    for (uint32_t k = 0; k < c->ph->gaz_count; k++) {
        int32_t row = (int32_t)x->ex->gaz_idx[c->ph->gaz_first + k];
        if (c->mask && !(c->mask & TP_LVM(tp_gaz_units[row].level)))
            continue;
        int32_t prov = tp__province_of(row);
        int32_t succ = tp_gaz_units[row].successor;
        int32_t now = succ >= 0 ? tp__province_of(succ) : prov;
        if (prov < 0 || now < 0)
            return 0;
        for (size_t i = 0; i < n; i++)
            if (strcmp(tp_gaz_units[named[i]].name, tp_gaz_units[prov].name) == 0 ||
                strcmp(tp_gaz_units[named[i]].name, tp_gaz_units[now].name) == 0)
                return 0;
        const char *pn = tp_gaz_units[now].name;
        if (!first)
            first = pn;
        else if (strcmp(pn, first) != 0)
            several = 1;
    }
    return several;
}

/* Provinces of 1976-1997 since split or renamed, folded, as written
 * after "tỉnh" in careers and histories ("Chủ tịch UBND tỉnh Hà Sơn
 * Bình"); the gazetteer holds the units of 2025 only. Read after the
 * level word alone, so their names as communes or rivers elsewhere
 * ("sông Cửu Long") are not taken. Canonical spelling in the key. */
static const struct {
    const char *fold, *name;
} tp__old_provinces[] = {
    {"hà sơn bình", "Hà Sơn Bình"},   {"nghệ tĩnh", "Nghệ Tĩnh"},
    {"bình trị thiên", "Bình Trị Thiên"}, {"hà nam ninh", "Hà Nam Ninh"},
    {"hoàng liên sơn", "Hoàng Liên Sơn"}, {"nghĩa bình", "Nghĩa Bình"},
    {"phú khánh", "Phú Khánh"},       {"thuận hải", "Thuận Hải"},
    {"hà tuyên", "Hà Tuyên"},         {"bắc thái", "Bắc Thái"},
    {"vĩnh phú", "Vĩnh Phú"},         {"hải hưng", "Hải Hưng"},
    {"cửu long", "Cửu Long"},         {"minh hải", "Minh Hải"},
    {"sông bé", "Sông Bé"},           {"hà bắc", "Hà Bắc"},
    {"nam hà", "Nam Hà"},             {"cao lạng", "Cao Lạng"},
};

/* One of those at e (capitalised, no capital after it): returns its
 * end and sets *name, or e. */
static size_t tp__old_province(const tp_xctx_t *x, size_t e, const char **name)
{
    if (e >= x->n_toks || x->toks[e].shape != TP_VN_CAP)
        return e;
    /* Most committees name a province of today ("Tỉnh ủy Quảng Ninh"):
     * answered from the gazetteer before the list ("Hà Nam | Ninh" goes
     * on, so it is read). */
    size_t ge;
    const tp__phrase_t *ph = tp__gaz_at(x, e, &ge);
    if (ph && tp__cap_run(x, ge, 1) == 0)
        for (uint32_t k = 0; k < ph->gaz_count; k++) {
            int lv = tp_gaz_units[x->ex->gaz_idx[ph->gaz_first + k]].level;
            if (lv == TP_GAZ_TINH || lv == TP_GAZ_THANH_PHO)
                return e;
        }
    const char *f0 = x->fold + x->toks[e].start;
    size_t l0 = x->toks[e].end - x->toks[e].start;
    for (size_t i = 0; i < sizeof tp__old_provinces / sizeof *tp__old_provinces; i++) {
        const char *f = tp__old_provinces[i].fold;
        if (f[0] != f0[0] || strcspn(f, " ") != l0 || memcmp(f, f0, l0) != 0)
            continue; /* (the first syllable, before the whole name) */
        size_t k = tp__tok_phrase(x, e, f, 1);
        if (k && tp__all_cap(x, e, k) && tp__cap_run(x, k, 1) == 0) {
            *name = tp__old_provinces[i].name;
            return k;
        }
    }
    return e;
}

/* Adds the location of a dissolved province named at [a, b). */
static void tp__old_province_add(tp_xctx_t *x, size_t a, size_t b, const char *name)
{
    uint32_t s0 = x->toks[a].start, s1 = x->toks[b - 1].end;
    tp_entity_t *ent = tp__ent_add(x, TP_ENT_LOCATION, name, strlen(name), NULL, s0, s1);
    if (!tp__ent_get_field(ent, "level"))
        tp__ent_field(x, ent, "level", tp_gaz_level_name(TP_GAZ_TINH), 0);
}

/* "tỉnh Gyeongsang Bắc", "thành phố Gumi", "tỉnh Kampong Xpư": after a
 * province's or city's level word, one to three capitalised syllable
 * groups the gazetteer lacks, no family name first, no capital after,
 * no known word in them. Returns the end, or e. (Kept only in an
 * article on a foreign country, see below: at home a province missing
 * from the gazetteer is rather a typo or a person.) */
static size_t tp__unlisted_unit(const tp_xctx_t *x, size_t e)
{
    size_t le;
    if (e >= x->n_toks || x->toks[e].brk != 1 || x->toks[e].shape != TP_VN_CAP ||
        tp__gaz_at(x, e, &le) ||
        tp_lex_is_surname(x->fold + x->toks[e].start, x->toks[e].end - x->toks[e].start))
        return e;
    return tp__unknown_run(x, e);
}

/* Does the article name a foreign place (a location whose code is an
 * ISO one: letters, not the digits of a Vietnamese unit)? */
static int tp__names_abroad(const tp_xctx_t *x)
{
    for (size_t i = 0; i < x->n_ents; i++) {
        const tp_entity_t *en = &x->ents[i];
        const char *code;
        if (en->key && en->type == TP_ENT_LOCATION &&
            (code = tp__ent_get_field(en, "code")) && code[0] >= 'A' && code[0] <= 'Z' &&
            strcmp(code, "VN") != 0)
            return 1;
    }
    return 0;
}

void tp__extract_places(tp_xctx_t *x)
{
    struct {
        uint32_t tok, tok_end;
        const char *level;
    } abroad[8];
    size_t n_abroad = 0;
    tp__plist_t l = {0};
    unsigned lvmask = 1u << TP_LEX_LEVEL;
    /* A token with none of these classes starts no candidate (every
     * lookup below answers none): skipped on its class mask alone. */
    unsigned pwmask = 1u << TP_LEX_PLACE_WORD;
    unsigned any = (1u << TP_LEX_ORG_COMMITTEE) | lvmask | pwmask | TP__TOK_GAZ;
    for (size_t t = 0; t < x->n_toks;) {
        t = tp__next_cls(x, t, any);
        if (t >= x->n_toks)
            break;
        if (!x->toks[t].word) {
            t++;
            continue;
        }
        size_t e, e2;
        const tp_lex_entry_t *pw =
            (x->tok_cls[t] & pwmask) ? tp__lex_at(x, t, pwmask, &e) : NULL;
        if (pw) {
            size_t pe = tp__place_word(x, &l, t, e, pw->kind);
            if (pe > t) {
                t = pe;
                continue;
            }
        }
        /* "Huyện ủy Yên Dũng": a district committee names its district
         * (checked before the level word "huyện" it starts with). */
        const tp_lex_entry_t *lw =
            tp__lex_at(x, t, 1u << TP_LEX_ORG_COMMITTEE, &e);
        /* "Tỉnh ủy Nghệ Tĩnh": a dissolved province after its committee
         * (see tp__old_province). */
        size_t oe;
        const char *oname;
        if (lw && (lw->kind & TP_LVM(TP_GAZ_TINH)) &&
            (oe = tp__old_province(x, e, &oname)) > e) {
            tp__old_province_add(x, e, oe, oname);
            t = oe;
            continue;
        }
        if (!lw || !(lw->kind & TP_LVM(TP_GAZ_HUYEN)))
            lw = tp__lex_at(x, t, lvmask, &e);
        /* "Bản Liền", "Bản Xèo": official commune names that start
         * with the village word; the name is the whole phrase. */
        const tp__phrase_t *lph;
        if (lw && lw->kind == TP__M_THON && x->toks[t].shape == TP_VN_CAP &&
            (lph = tp__gaz_at(x, t, &e2)) && e2 > e && tp__all_cap(x, t, e2)) {
            if (tp__in_street_or_school(x, t, lph)) {
                t = e2;
                continue;
            }
            tp__pl_push(x, &l, (tp__pcand_t){(uint32_t)t, (uint32_t)e2, lph,
                                             TP_LVM(TP_GAZ_XA) | TP_LVM(TP_GAZ_PHUONG) |
                                                 TP_LVM(TP_GAZ_THI_TRAN),
                                             -1, 0, 0});
            t = e2;
            continue;
        }
        /* "Nhật Bản Ishiba Shigeru": a village word written with a
         * capital right after a capitalised word on the same line (not
         * one that opens the sentence: "Tại Bản Pá Khôm") is a syllable
         * of that name, not the level of what follows. */
        if (lw && lw->kind == TP__M_THON && x->toks[t].shape == TP_VN_CAP && t > 0 &&
            x->toks[t].brk == 1 && x->toks[t - 1].word && x->toks[t - 1].shape == TP_VN_CAP &&
            !tp_lex_is_function_word(x->fold + x->toks[t - 1].start,
                                     x->toks[t - 1].end - x->toks[t - 1].start))
            lw = NULL;
        /* "Già làng", "Trưởng thôn", "Trưởng bản": the level word ends a
         * title or honorific, and a person's name follows. */
        if (lw && tp__in_person_word(x, t) &&
            !(lw->kind == TP__M_THON && t > 0 &&
              tp__lex_at(x, t - 1, 1u << TP_LEX_TITLE, &e2) && e2 == t + 1))
            lw = NULL;
        if (lw) {
            tp__pcand_t c;
            /* "huyện" and "thị xã" look for both levels (a district
             * changes between them); the one written wins a tie. */
            unsigned exact = strcmp(lw->phrase, "huyện") == 0    ? TP_LVM(TP_GAZ_HUYEN)
                             : strcmp(lw->phrase, "thị xã") == 0 ? TP_LVM(TP_GAZ_THI_XA)
                                                                 : 0;
            if (tp__after_level(x, e, lw->kind, &c)) {
                c.exact = exact;
                tp__pl_push(x, &l, c);
                size_t k = c.tok_end;
                /* Lists: "các xã Tân An, Tân Bình và Hòa Bình". */
                while (k + 1 < x->n_toks &&
                       (tp__tok_is(x, k, ",") || tp__tok_is(x, k, "và"))) {
                    tp__pcand_t c2;
                    /* Later items of a list must be gazetteer names. */
                    if (!tp__after_level(x, k + 1, lw->kind, &c2) ||
                        (!c2.ph && !(lw->kind & TP__M_THON)))
                        break;
                    c2.exact = exact;
                    tp__pl_push(x, &l, c2);
                    k = c2.tok_end;
                }
                t = k;
                continue;
            }
            size_t ue;
            if ((lw->kind & TP_LVM(TP_GAZ_TINH)) && !(lw->kind & TP__M_THON) &&
                (ue = tp__old_province(x, e, &oname)) > e) {
                tp__old_province_add(x, e, ue, oname);
                t = ue;
                continue;
            }
            if (n_abroad < 8 && !(lw->kind & TP__M_THON) &&
                (lw->kind & (TP_LVM(TP_GAZ_TINH) | TP_LVM(TP_GAZ_THANH_PHO))) &&
                (ue = tp__unlisted_unit(x, e)) > e) {
                abroad[n_abroad].tok = (uint32_t)e;
                abroad[n_abroad].tok_end = (uint32_t)ue;
                abroad[n_abroad++].level = (lw->kind & TP_LVM(TP_GAZ_TINH))
                                               ? tp_gaz_level_name(TP_GAZ_TINH)
                                               : tp_gaz_level_name(TP_GAZ_THANH_PHO);
                t = ue;
                continue;
            }
        }
        const tp__phrase_t *ph = tp__gaz_at(x, t, &e);
        if (ph && tp__all_cap(x, t, e) && tp__bare_ok(x, t, e) &&
            !tp__byline_at(x, t, e) && !tp__in_street_or_school(x, t, ph) &&
            !(e == t + 1 && (tp__after_honorific(x, t) || tp__lone_country(x, t, ph)))) {
            /* "biển Hải Tiến", "bãi biển Thiên Cầm": a beach named as
             * the commune it lies in (kept below even where no commune
             * of the name lies in the article's provinces). */
            int sea = e - t >= 2 && t > 0 && x->toks[t].brk == 1 &&
                      x->toks[t - 1].shape == TP_VN_LOWER && tp__tok_is(x, t - 1, "biển");
            tp__pl_push(x, &l, (tp__pcand_t){(uint32_t)t, (uint32_t)e, ph, 0, -1, 0, sea});
            t = e;
            continue;
        }
        t++;
    }
    if (!l.n)
        return;

    /* Two rounds: the first finds the provinces and districts the article
     * names, the second resolves every name with them in view. */
    int era = tp__article_era(x);
    tp__pctx_t ctx = {0};
    for (int round = 0; round < 2; round++) {
        tp__pctx_t next = {0};
        for (size_t i = 0; i < l.n; i++) {
            tp__pcand_t *c = &l.v[i];
            if (!c->ph)
                continue;
            c->row = tp__choose(x, c, &ctx, era);
            if (c->row < 0)
                continue;
            const tp_gaz_unit_t *u = &tp_gaz_units[c->row];
            int32_t prov = tp__province_of(c->row);
            if (prov >= 0 && next.n_prov < 64 &&
                !tp__has(next.prov, next.n_prov, prov))
                next.prov[next.n_prov++] = prov;
            if (u->parent > 0 && tp_gaz_units[u->parent].parent == 0 &&
                u->era == TP_GAZ_ERA_OLD && next.n_dist < 64 &&
                !tp__has(next.dist, next.n_dist, c->row))
                next.dist[next.n_dist++] = c->row;
        }
        ctx = next;
    }
    /* The provinces the article names itself: by a province's or a
     * district's name (a commune's unit may be a guess, see below). */
    int32_t named[64];
    size_t n_named = 0;
    for (size_t i = 0; i < l.n; i++) {
        int32_t row = l.v[i].row, prov;
        if (l.v[i].ph && row >= 0 && !tp__commune_level(tp_gaz_units[row].level) &&
            (prov = tp__province_of(row)) >= 0 && n_named < 64 &&
            !tp__has(named, n_named, prov))
            named[n_named++] = prov;
    }
    for (size_t i = 0; i < l.n; i++) {
        tp__pcand_t *c = &l.v[i];
        uint32_t s = x->toks[c->tok].start, en = x->toks[c->tok_end - 1].end;
        if (c->ph && c->row < 0 && c->sea) {
            /* A beach whose commune the article does not place: the name
             * as a landmark, without a unit. */
            const tp_gaz_unit_t *u = &tp_gaz_units[x->ex->gaz_idx[c->ph->gaz_first]];
            tp_entity_t *ent = tp__ent_add(x, TP_ENT_LOCATION, u->name,
                                           strlen(u->name), NULL, s, en);
            if (!tp__ent_get_field(ent, "level"))
                tp__ent_field(x, ent, "level", "dia_danh", 0);
        } else if (c->ph && c->row >= 0 && tp__foreign_commune(x, c, named, n_named)) {
            /* "xã Hải Tiến" in an article on Thanh Hóa: the name of
             * communes in other provinces, none in the one the article
             * is about; the gazetteer lacks this one (a beach, a renamed
             * commune), so no unit of another province is given. */
            const tp_gaz_unit_t *u = &tp_gaz_units[c->row];
            tp_entity_t *ent = tp__ent_add(x, TP_ENT_LOCATION, u->name,
                                           strlen(u->name), NULL, s, en);
            if (!tp__ent_get_field(ent, "level"))
                tp__ent_field(x, ent, "level", tp_gaz_level_name(u->level), 0);
        } else if (c->ph) {
            if (c->row >= 0)
                tp__place_add(x, (size_t)c->row, s, en);
        } else {
            char *name = tp_vn_capitalize(x->arena, x->body + s, en - s);
            tp_entity_t *ent = tp__ent_add(x, TP_ENT_LOCATION, name,
                                           strlen(name), NULL, s, en);
            const char *lv = "thon";
            for (int b = TP_GAZ_HUYEN; b <= TP_GAZ_THI_TRAN; b++)
                if (c->mask & TP_LVM(b)) {
                    lv = tp_gaz_level_name(b);
                    break;
                }
            /* "huyện" and "thị xã" both look for either level: the
             * word written says which this one is. */
            if (c->exact & TP_LVM(TP_GAZ_THI_XA))
                lv = tp_gaz_level_name(TP_GAZ_THI_XA);
            if (!tp__ent_get_field(ent, "level"))
                tp__ent_field(x, ent, "level", lv, 0);
        }
    }
    /* Provinces and cities the gazetteer lacks, in an article that names
     * a place abroad: the foreign units it reports on. */
    if (n_abroad && tp__names_abroad(x))
        for (size_t i = 0; i < n_abroad; i++) {
            uint32_t s = x->toks[abroad[i].tok].start, en = x->toks[abroad[i].tok_end - 1].end;
            char *name = tp_vn_capitalize(x->arena, x->body + s, en - s);
            tp_entity_t *ent = tp__ent_add(x, TP_ENT_LOCATION, name, strlen(name), NULL, s, en);
            if (!tp__ent_get_field(ent, "level"))
                tp__ent_field(x, ent, "level", abroad[i].level, 0);
        }
}

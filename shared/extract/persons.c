/*
 * persons.c — persons (`person:<full name>`) and their positions.
 *
 * A name is two to four capitalised syllables. It is taken
 *   - after an honorific or rank: "đồng chí Vũ Ngọc Tuấn", "ông Lê Văn
 *     Hoạt", "Đại tá Nguyễn Văn A";
 *   - after a title and its organization: "Bí thư Tỉnh ủy Hoàng Trung
 *     Dũng", "Vụ phó Vụ Dân vận ... (Ban Dân vận Trung ương) – Nguyễn
 *     Minh Đức", with an honorific between them ("Chủ tịch UBND xã Gio
 *     Hải, ông Nguyễn Văn Dũng");
 *   - in a list after a plural honorific or title: "các đồng chí: A, B
 *     và C", "Các Phó Chủ tịch UBND tỉnh: A, B và C" (each holds it);
 *   - alone, when it has three or four syllables and starts with a common
 *     family name ("Nguyễn Thị Kim Dung"), or is a foreign name that opens
 *     a sentence with a title after it ("Khamphăn Phommathat, Ủy viên Bộ
 *     Chính trị, ...").
 * Titles written after the name ("Vũ Ngọc Tuấn – Phó trưởng Ban Dân vận
 * Tỉnh ủy", "Lê Hồng Sơn, Ủy viên Ban Thường vụ Thành ủy, Phó Chủ tịch
 * UBND thành phố làm Trưởng đoàn", "Phạm Văn Hải (Phó Giám đốc Sở Tài
 * chính)") are positions too; a title keeps "nguyên", "cựu" or "quyền"
 * before it as written. A later mention by
 * the given name ("đồng chí Tuấn") or by the full name again joins the
 * entity; a given name shared by two persons goes to the one mentioned
 * last before it.
 */
#include <string.h>

#include "data/gazetteer.h"
#include "extract/extract_internal.h"

#define TP__C(c) (1u << (c))

/* Is token k an apostrophe glued between two parts of one name word
 * ("H'Lina", "H’Mai": the Ede and Jarai names)? */
static int tp__apos(const tp_xctx_t *x, size_t k)
{
    return k + 1 < x->n_toks && x->toks[k].brk == 0 && !x->toks[k].word &&
           (tp__tok_is(x, k, "'") || tp__tok_is(x, k, "’")) &&
           x->toks[k + 1].brk == 0 && x->toks[k + 1].word &&
           x->toks[k + 1].shape == TP_VN_CAP && !x->toks[k + 1].digit;
}

/* Length in tokens of the capitalised run at t (at most max+1 words), on
 * one line, separated by single spaces; a word may be two parts joined
 * by an apostrophe ("H'Bơ"). *words (may be NULL) gets its words and
 * *apos whether one had an apostrophe. */
static size_t tp__cap_run_w(const tp_xctx_t *x, size_t t, size_t max,
                            size_t *words, int *apos)
{
    size_t k = t, w = 0;
    int a = 0;
    while (k < x->n_toks && w <= max && x->toks[k].word &&
           x->toks[k].shape == TP_VN_CAP && !x->toks[k].digit &&
           (k == t || x->toks[k].brk == 1)) {
        k++;
        w++;
        while (tp__apos(x, k)) {
            k += 2;
            a = 1;
        }
    }
    if (words)
        *words = w;
    if (apos)
        *apos = a;
    return k - t;
}


/* Is token t a Roman numeral (I, II, IV, ...)? "Khu công nghiệp Hoàng
 * Mai I", "Nam Cấm II": a numbered facility or place, never a name. A
 * single V or X is an initial that stands for a withheld name ("Nguyễn
 * Văn X"). */
static int tp__roman_tok(const tp_xctx_t *x, size_t t)
{
    const tp_vn_tok_t *k = &x->toks[t];
    if (!k->word || k->end - k->start > 4 ||
        (k->end - k->start == 1 && x->body[k->start] != 'I'))
        return 0;
    for (uint32_t i = k->start; i < k->end; i++)
        if (!strchr("IVX", x->body[i]))
            return 0;
    return 1;
}

/* Is token t a family name? */
static int tp__surname(const tp_xctx_t *x, size_t t)
{
    return t < x->n_toks &&
           tp_lex_is_surname(x->fold + x->toks[t].start,
                             x->toks[t].end - x->toks[t].start);
}

/* Is token k a common middle name (Văn, Thị, Hữu, Đức, ...)? */
static int tp__middle_name(const tp_xctx_t *x, size_t k)
{
    static const char *const mids[] = {
        "văn", "thị", "hữu", "đức", "công", "quang", "minh", "ngọc", "xuân",
        "thanh", "kim", "đình", "bá", "trọng", "quốc", "tiến", "mạnh", "hồng",
        "thế", "duy", "như", "việt", "huy", "khắc", "viết", "tấn", "thành",
        "hải", "thu", "bảo", "gia", "phương", "anh", "trung", "hoàng"};
    for (size_t i = 0; i < sizeof mids / sizeof *mids; i++)
        if (tp__tok_is(x, k, mids[i]))
            return 1;
    return 0;
}

/* Is the lexicon hit [k, e) inside the name run [t, t + n) written as
 * part of the name: every syllable capitalised, after the family name
 * and a middle name ("Nguyễn Văn Phòng", "Lê Thanh Tra", "Trần Thị Hải
 * Quan")? A body's name in running text writes its later syllables in
 * lower case ("Văn phòng", "Thanh tra", "Hải quan"). */
static int tp__hit_in_name(const tp_xctx_t *x, size_t t, size_t n, size_t k,
                           size_t e)
{
    if (e > t + n || !(k >= t + 2 || tp__middle_name(x, t + 1)))
        return 0;
    for (size_t i = k; i < e; i++)
        if (x->toks[i].shape != TP_VN_CAP)
            return 0;
    return 1;
}

/* The name starting at t: 2..4 syllables beginning with a family name.
 * Returns its length in tokens, 0 when none. The run must end there:
 * a fifth capital syllable means this is not a name. */
static size_t tp__full_name_at(const tp_xctx_t *x, size_t t)
{
    if (!tp__surname(x, t))
        return 0;
    size_t w;
    size_t n = tp__cap_run_w(x, t, 4, &w, NULL);
    if (w < 2 || w > 4 || tp__roman_tok(x, t + n - 1))
        return 0;
    /* "Kim Yoon-ji": a syllable glued on by a hyphen goes on with the
     * name; not a Vietnamese one (the foreign-name rules read it). */
    if (t + n + 1 < x->n_toks && x->toks[t + n].brk == 0 && !x->toks[t + n].word &&
        x->body[x->toks[t + n].start] == '-' && x->toks[t + n + 1].brk == 0 &&
        x->toks[t + n + 1].word && x->toks[t + n + 1].shape == TP_VN_LOWER)
        return 0;
    /* Do not swallow a following title or body ("Hải Chủ tịch"); a
     * one-syllable honorific that ends the run is a given name ("Nguyễn
     * Thị Lan Anh"). */
    for (size_t k = t + 1; k < t + n; k++) {
        size_t e;
        const tp_lex_entry_t *l = tp__lex_at(
            x, k,
            TP__C(TP_LEX_TITLE) | TP__C(TP_LEX_ORG_COMMITTEE) |
                TP__C(TP_LEX_ORG_LEVELED) | TP__C(TP_LEX_ORG_FIXED) |
                TP__C(TP_LEX_HONORIFIC),
            &e);
        /* A capitalised one-word honorific inside the run is a name
         * syllable ("Phan Anh Quân", "Nguyễn Thị Lan Anh"). */
        if (l && !(l->cls == TP_LEX_HONORIFIC && e == k + 1) &&
            !tp__hit_in_name(x, t, n, k, e))
            return k - t >= 2 ? k - t : 0;
    }
    return n;
}

/* tp__full_name_at() behind the test most tokens fail (a capitalised
 * syllable), inline: persons.c asks at nearly every token. */
static inline size_t tp__full_name(const tp_xctx_t *x, size_t t)
{
    if (t >= x->n_toks || x->toks[t].shape != TP_VN_CAP)
        return 0;
    return tp__full_name_at(x, t);
}

/* A name whose family name the lexicon does not know (Lô Văn Thuận, Và
 * Bá Giải, Danh Út), where the context says a person comes: the whole
 * capitalised run at t, two to four syllables, holding no title, body,
 * level word or place name; when strict, a run of three or four must
 * have a middle name (Văn, Thị) as its second syllable; a pair without
 * one must hold no function word ("Sáng", "Theo"). Returns its length
 * or 0. */
static size_t tp__unknown_name(const tp_xctx_t *x, size_t t, int strict)
{
    if (t >= x->n_toks || x->toks[t].brk != 1)
        return 0;
    size_t w;
    int apos;
    size_t n = tp__cap_run_w(x, t, 4, &w, &apos);
    if (w < 2 || w > 4 || tp__roman_tok(x, t + n - 1))
        return 0;
    for (size_t k = t; k < t + n; k++) {
        size_t e;
        if (tp__lex_at(x, k, ~0u, &e) || tp__gaz_at(x, k, &e))
            return 0;
    }
    /* An apostrophe marks an Ede or Jarai name ("H'Lina Niê") as surely
     * as a middle name does. */
    int middle = tp__tok_is(x, t + 1, "văn") || tp__tok_is(x, t + 1, "thị") || apos;
    if (strict && w > 2 && !middle)
        return 0;
    /* "ông Danh Út", "Chủ tịch Hội Nông dân huyện Chau Sóc": two
     * capitals after an honorific or a title and its body are a name
     * (Khmer, Ede and other names with a family name the list lacks);
     * not when a hyphen goes on from them ("Choi Young-sam" is read as
     * a foreign name). */
    if (w == 2 && !middle &&
        ((t + n < x->n_toks && x->toks[t + n].brk == 0 && tp__tok_is(x, t + n, "-")) ||
         tp_lex_is_function_word(x->fold + x->toks[t].start,
                                 x->toks[t].end - x->toks[t].start) ||
         tp_lex_is_function_word(x->fold + x->toks[t + 1].start,
                                 x->toks[t + 1].end - x->toks[t + 1].start)))
        return 0;
    return n;
}

/* A Lao or other foreign name written in Vietnamese syllables, where the
 * context says a person comes ("đồng chí Khăm Xay Phôm Ma Vông", "Phó
 * Tỉnh trưởng tỉnh Hủa Phăn Xỉ Khăm Phui"): the whole capitalised run at
 * t, min to seven syllables, none of them a Roman numeral, a title, body,
 * level word or place name. Returns its length in tokens or 0. */
static size_t tp__syllable_name_at(const tp_xctx_t *x, size_t t, size_t min)
{
    size_t w;
    size_t n = tp__cap_run_w(x, t, 7, &w, NULL);
    if (w < min || w > 7)
        return 0;
    for (size_t k = t; k < t + n; k++) {
        size_t e;
        if (tp__roman_tok(x, k) || tp__lex_at(x, k, ~0u, &e) || tp__gaz_at(x, k, &e))
            return 0;
        /* "Chủ tịch UBND thị trấn Cầu Gồ Phạm Văn Long": a Vietnamese
         * full name of three or more syllables ends the run; what comes
         * before it is a place the gazetteer lacks. (Lao names hold
         * two-syllable look-alikes: "Phôm Ma Vông".) */
        if (k > t && t + n - k >= 3 && tp__full_name_at(x, k) == t + n - k)
            return 0;
    }
    return n;
}

/* tp__syllable_name_at() after a word on the same line (an honorific,
 * a title). */
static size_t tp__syllable_name(const tp_xctx_t *x, size_t t, size_t min)
{
    if (t >= x->n_toks || x->toks[t].brk != 1)
        return 0;
    return tp__syllable_name_at(x, t, min);
}

/* Is the title [t, e) a foreign state's or place's ("Bộ trưởng Bộ Nội
 * vụ Lào", "Phó Tỉnh trưởng tỉnh Hủa Phăn")? Then the name after it is
 * a foreign one, spelled in syllables without a Vietnamese family name. */
static int tp__foreign_title(const tp_xctx_t *x, size_t t, size_t e)
{
    /* "Tỉnh trưởng", "Phó Tỉnh trưởng": the title of a Lao or Cambodian
     * province's governor, foreign even without the province. */
    size_t k0 = tp__tok_is(x, t, "phó") ? t + 1 : t;
    if (tp__tok_is(x, k0, "tỉnh") && tp__tok_is(x, k0 + 1, "trưởng"))
        return 1;
    for (size_t k = t; k < e; k++) {
        size_t ge;
        const tp__phrase_t *ph = tp__gaz_at(x, k, &ge);
        if (!ph || ge > e || x->toks[k].shape != TP_VN_CAP)
            continue;
        for (uint32_t i = 0; i < ph->gaz_count; i++)
            if (tp_gaz_units[x->ex->gaz_idx[ph->gaz_first + i]].parent < 0)
                return 1;
    }
    return 0;
}

/* Is the syllable s[0..n) spelled as no Vietnamese syllable can be: more
 * than one group of vowels ("Takahashi", "Bounleuth", "Sayavong") or a
 * letter Vietnamese does not write (f, j, w, z)? A transliterated foreign
 * name is made of such syllables. */
static int tp__foreign_syllable(const char *s, size_t n)
{
    int groups = 0, in_vowel = 0;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t l = tp_vn_decode(s, n, i, &cp);
        cp = tp_vn_tolower(cp);
        if (cp == 'f' || cp == 'j' || cp == 'w' || cp == 'z')
            return 1;
        int vowel = cp == 'a' || cp == 'e' || cp == 'i' || cp == 'o' || cp == 'u' ||
                    cp == 'y' || (cp > 0x7f && cp != 0x111 && tp_vn_is_letter(cp));
        /* "qu" and "gi" open a syllable: their vowel is the onset's. */
        if (vowel && !in_vowel)
            groups++;
        in_vowel = vowel;
        i += l;
    }
    return groups > 1;
}

/* A foreign person's name at t, where the context says a person comes
 * (after a title): two or three capitalised words, each a syllable or a
 * hyphenated chain of syllables ("Khăm-xẻng Phôm-ma-vông", "Bounleuth
 * Sayavong", "Takahashi Kenji"), at least one of them hyphenated or
 * spelled as no Vietnamese syllable is. Returns the token after it, or t
 * when none. */
static size_t tp__foreign_name(const tp_xctx_t *x, size_t t)
{
    size_t k = t, words = 0;
    int foreign = 0;
    while (k < x->n_toks && words < 3 && x->toks[k].word &&
           x->toks[k].shape == TP_VN_CAP && !x->toks[k].digit &&
           (k == t || x->toks[k].brk == 1)) {
        size_t e;
        if (tp__lex_at(x, k, ~0u, &e))
            break;
        foreign |= tp__foreign_syllable(x->body + x->toks[k].start,
                                        x->toks[k].end - x->toks[k].start);
        k++;
        /* "-xẻng", "-ma-vông": syllables glued by hyphens. */
        while (k + 1 < x->n_toks && x->toks[k].brk == 0 && !x->toks[k].word &&
               x->body[x->toks[k].start] == '-' && x->toks[k + 1].brk == 0 &&
               x->toks[k + 1].word && !x->toks[k + 1].digit) {
            foreign = 1;
            k += 2;
        }
        words++;
    }
    if (words < 2 || !foreign)
        return t;
    return k;
}

/* Does the run [t, t + n) start with the name of a province or a
 * country and go on after it ("châu Á - Thái Bình Dương": the Pacific)?
 * A longer proper name built on a place, not a person. */
static int tp__place_head(const tp_xctx_t *x, size_t t, size_t n)
{
    size_t ge;
    const tp__phrase_t *ph = tp__gaz_at(x, t, &ge);
    if (!ph || ge <= t + 1 || ge >= t + n)
        return 0;
    for (uint32_t k = 0; k < ph->gaz_count; k++)
        if (tp_gaz_units[x->ex->gaz_idx[ph->gaz_first + k]].parent <= 0)
            return 1;
    return 0;
}

/* Is the name at t the proper name of a street, a bridge, a square, a
 * park, a unit or a prize written right after the word for it ("đường
 * Nguyễn Văn Cừ", "phố Trần Quang Khải", "Quảng trường Hồ Chí Minh",
 * "Cụm công nghiệp Hoàng Văn Thụ")? Named after a person, it does not
 * mention one. */
static int tp__after_place_word(const tp_xctx_t *x, size_t t)
{
    if (t < 1 || x->toks[t].brk != 1 || !x->toks[t - 1].word)
        return 0;
    if (tp__tok_is(x, t - 1, "đường") || tp__tok_is(x, t - 1, "cầu"))
        return 1;
    /* "thôn Lương Văn Can", "Hợp tác xã Hoàng Long Phát": a unit or a
     * body named after a person; "Giải thưởng Lê Văn Tám", "Học bổng Vừ
     * A Dính", "Bảo tàng Hồ Chí Minh": a prize, a museum. */
    for (size_t k = t >= 3 ? t - 3 : 0; k < t; k++) {
        size_t le;
        if (tp__lex_at(x, k, TP__C(TP_LEX_LEVEL), &le) && le == t)
            return 1;
    }
    if (t >= 2 && ((tp__tok_is(x, t - 2, "giải") && tp__tok_is(x, t - 1, "thưởng")) ||
                   (tp__tok_is(x, t - 2, "học") && tp__tok_is(x, t - 1, "bổng")) ||
                   (tp__tok_is(x, t - 2, "bảo") && tp__tok_is(x, t - 1, "tàng"))))
        return 1;
    if (t < 2)
        return tp__tok_is(x, t - 1, "phố");
    /* "thành phố": the city's body may come before a name. */
    if (tp__tok_is(x, t - 1, "phố"))
        return !tp__tok_is(x, t - 2, "thành");
    return (tp__tok_is(x, t - 2, "công") && tp__tok_is(x, t - 1, "nghiệp")) ||
           (tp__tok_is(x, t - 2, "đô") && tp__tok_is(x, t - 1, "thị")) ||
           (tp__tok_is(x, t - 2, "quảng") && tp__tok_is(x, t - 1, "trường"));
}

/* Is the word before t "em", "thầy", "cô" or "cháu" ("Em Phan Nhật
 * Minh", "thầy Trần Đình Hưng", "cháu Lò Văn Tùng")? Honorifics for a
 * pupil, a teacher, a child before a full name; common words elsewhere
 * ("trẻ em", "các cháu Mầm non", "Cô Tô"), so they are not in the
 * lexicon's honorifics (which stop bodies' names) and only a full name
 * with a known family name is taken after them. */
static int tp__after_weak_honorific(const tp_xctx_t *x, size_t t)
{
    return t > 0 && x->toks[t].brk == 1 && x->toks[t - 1].word &&
           (tp__tok_is(x, t - 1, "em") || tp__tok_is(x, t - 1, "thầy") ||
            tp__tok_is(x, t - 1, "cô") || tp__tok_is(x, t - 1, "cháu"));
}

/* Adds the person named by tokens [t, t + n). */
static tp_entity_t *tp__person_add(tp_xctx_t *x, size_t t, size_t n)
{
    uint32_t s = x->toks[t].start, e = x->toks[t + n - 1].end;
    char *name = tp_vn_capitalize(x->arena, x->body + s, e - s);
    return tp__ent_add(x, TP_ENT_PERSON, name, strlen(name), NULL, s, e);
}

/* Adds the place named by tokens [t, e) inside a diplomat's title
 * ("Đại sứ Nhật Bản tại | Việt Nam | Takahashi Kenji"), where places.c
 * saw a capitalised run and passed: a country, a province or a foreign
 * place the gazetteer holds under that name, unless a location is
 * already there. */
static void tp__title_place(tp_xctx_t *x, size_t t, size_t e)
{
    size_t ge;
    const tp__phrase_t *ph = tp__gaz_at(x, t, &ge);
    if (!ph || ge != e ||
        tp__ent_overlaps(x, TP_ENT_LOCATION, x->toks[t].start, x->toks[e - 1].end))
        return;
    for (uint32_t k = 0; k < ph->gaz_count; k++) {
        uint32_t row = x->ex->gaz_idx[ph->gaz_first + k];
        if (tp_gaz_units[row].parent <= 0) {
            tp__place_add(x, row, x->toks[t].start, x->toks[e - 1].end);
            return;
        }
    }
}

/* A title [t, e) ending "<head> trưởng" ("đội trưởng", "tổ trưởng")
 * followed by the same head: a name itself ("Đội trưởng Đội Cảnh sát
 * giao thông"), or in lower case with up to five lower-case syllables
 * before an organization ("đội trưởng đội công tác Đồn Biên phòng Cửa
 * Việt"). Returns that organization's key value and sets *end after it;
 * NULL when the shape is not there. */
static char *tp__unit_of_head(tp_xctx_t *x, size_t t, size_t e, size_t *end)
{
    if (e < t + 2 || e >= x->n_toks || !tp__tok_is(x, e - 1, "trưởng") ||
        x->toks[e].brk != 1)
        return NULL;
    const tp_vn_tok_t *h = &x->toks[e - 2], *u = &x->toks[e];
    if (h->end - h->start != u->end - u->start ||
        memcmp(x->fold + h->start, x->fold + u->start, h->end - h->start) != 0)
        return NULL;
    /* "Đội trưởng Đội Cảnh sát giao thông": the unit is a name itself. */
    size_t oe0;
    char *o0 = x->toks[e].shape == TP_VN_CAP ? tp__org_parse(x, e, &oe0) : NULL;
    if (o0) {
        *end = oe0;
        return o0;
    }
    for (size_t k = e + 1; k < x->n_toks && k <= e + 6 && x->toks[k].brk == 1 &&
                           x->toks[k].word;
         k++) {
        if (x->toks[k].shape == TP_VN_CAP) {
            size_t oe;
            char *o = tp__org_parse(x, k, &oe);
            if (o)
                *end = oe;
            return o;
        }
        if (x->toks[k].shape != TP_VN_LOWER)
            return NULL;
    }
    return NULL;
}

/* Skips the words before a country that name its state ("nước",
 * "CHDCND", "Cộng hòa Dân chủ Nhân dân", "Vương quốc") at t: returns the
 * token where the country's name should start (t when none). */
static size_t tp__state_name(const tp_xctx_t *x, size_t t)
{
    static const char *const forms[] = {
        "cộng hòa dân chủ nhân dân", "cộng hòa xã hội chủ nghĩa", "cộng hòa nhân dân",
        "cộng hòa liên bang", "cộng hòa", "vương quốc", "liên bang", "chdcnd", "chnd",
        "chlb", "chxhcn"};
    size_t k = t;
    if (tp__tok_is(x, k, "nước") && x->toks[k].shape == TP_VN_LOWER && k + 1 < x->n_toks &&
        x->toks[k + 1].brk == 1)
        k++;
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
        size_t j = tp__tok_phrase(x, k, forms[i], 1);
        /* (Capitalised from its first word: "Cộng hòa Nhân dân" as
         * often as "Cộng Hòa Nhân Dân".) */
        if (j && x->toks[k].shape != TP_VN_LOWER && j < x->n_toks && x->toks[j].brk == 1)
            return j;
    }
    return k > t && x->toks[k].shape == TP_VN_CAP ? k : t;
}

/* Is token t a word on how a post is held that the title as written
 * starts with: "nguyên" (former: "nguyên Bí thư Huyện ủy"), "cựu" (ex-:
 * "cựu Bộ trưởng") or "quyền" (acting: "Quyền Giám đốc Sở Y tế")? In
 * lower case anywhere but after words that make "quyền" a noun ("thẩm
 * quyền Chủ tịch UBND tỉnh", "có quyền"); capitalised only where a
 * sentence or clause starts ("Nguyên Phó Chủ tịch ...": elsewhere it may
 * be a given name, "Trần Nguyên"). */
static int tp__post_word(const tp_xctx_t *x, size_t t)
{
    if (!(tp__tok_is(x, t, "nguyên") || tp__tok_is(x, t, "quyền") ||
          tp__tok_is(x, t, "cựu")) ||
        t + 1 >= x->n_toks || x->toks[t + 1].brk != 1)
        return 0;
    if (x->toks[t].shape == TP_VN_LOWER)
        return !(t > 0 && x->toks[t].brk == 1 &&
                 (tp__tok_is(x, t - 1, "thẩm") || tp__tok_is(x, t - 1, "có") ||
                  tp__tok_is(x, t - 1, "thuộc") || tp__tok_is(x, t - 1, "của") ||
                  tp__tok_is(x, t - 1, "trao") || tp__tok_is(x, t - 1, "giao")));
    if (x->toks[t].shape != TP_VN_CAP)
        return 0;
    /* "giữ chức Quyền Giám đốc Sở Công Thương": "Quyền" in capitals
     * right before a title is the acting post anywhere (no given name
     * "Quyền" stands before one). */
    if (tp__tok_is(x, t, "quyền") && (x->tok_cls[t + 1] & TP__C(TP_LEX_TITLE)))
        return 1;
    return t == 0 || x->toks[t].brk != 1 || !x->toks[t - 1].word;
}

/* "Chánh Văn phòng UBND tỉnh": the title [t, title_e) ends with the
 * head of an office whose body runs to e. The office ("Văn phòng Ủy ban
 * nhân dân tỉnh") is an organization of its own, and the one the post
 * is in: added, and *org set to it, when it covers the same words. */
static void tp__office_of_title(tp_xctx_t *x, size_t t, size_t title_e, size_t e, char **org)
{
    size_t v = title_e - 2, ve;
    if (title_e < t + 3 || !tp__tok_is(x, v, "văn") || !tp__tok_is(x, v + 1, "phòng"))
        return;
    char *vo = tp__org_parse(x, v, &ve);
    if (!vo || ve != e || strncmp(vo, "Văn phòng ", 10) != 0)
        return;
    tp__ent_add(x, TP_ENT_ORGANIZATION, vo, strlen(vo), NULL, x->toks[v].start,
                x->toks[e - 1].end);
    size_t ol = strlen(vo);
    char *k = tp_arena_alloc_nz(x->arena, sizeof "organization:" + ol);
    memcpy(k, "organization:", sizeof "organization:" - 1);
    memcpy(k + sizeof "organization:" - 1, vo, ol + 1);
    *org = k;
}

/* Parses a title at t with its organization, and a parenthesised
 * organization after it. Sets *end, the position's title span and org
 * key; returns 1 when a title is there. */
static int tp__title_at(tp_xctx_t *x, size_t t, size_t *end, uint32_t *ts,
                        uint32_t *te, char **org)
{
    size_t e;
    /* "nguyên Bí thư Huyện ủy", "Quyền Giám đốc Sở Công Thương": a
     * former or acting holder; the word is part of the title as written. */
    size_t t0 = t;
    if (tp__post_word(x, t))
        t++;
    const tp_lex_entry_t *ti = tp__lex_at(x, t, TP__C(TP_LEX_TITLE), &e);
    if (!ti)
        return 0;
    /* "Tổng Lãnh sự quán Lào": a body's longer name, not the title. */
    size_t he0;
    if ((x->tok_cls[t] & TP__C(TP_LEX_ORG_HEAD)) &&
        tp__lex_at(x, t, TP__C(TP_LEX_ORG_HEAD), &he0) && he0 > e)
        return 0;
    *org = NULL;
    size_t oe = e, title_e = e, mbe0;
    char *o = NULL;
    /* "Phó Trưởng Đoàn chuyên trách Đoàn ĐBQH tỉnh": a word on how the
     * post is held sits between the title and its body. */
    if (e + 2 < x->n_toks && x->toks[e].brk == 1 && x->toks[e].shape == TP_VN_LOWER &&
        (tp__tok_is(x, e, "chuyên") || tp__tok_is(x, e, "phụ")) &&
        tp__tok_is(x, e + 1, "trách") && x->toks[e + 2].brk == 1 &&
        tp__org_parse(x, e + 2, &oe))
        e += 2;
    /* "do Phó Trưởng đoàn chuyên trách Lê Văn B dẫn đầu": the same word
     * with no body after it, the holder's name next. */
    else if (e + 2 < x->n_toks && x->toks[e].brk == 1 &&
             tp__tok_is(x, e, "chuyên") && tp__tok_is(x, e + 1, "trách") &&
             x->toks[e + 2].brk == 1 && x->toks[e + 2].shape == TP_VN_CAP &&
             tp__full_name(x, e + 2))
        e += 2;
    if (e < x->n_toks && x->toks[e].brk == 1)
        o = tp__org_parse(x, e, &oe);
    /* "Chánh Văn phòng Điều phối ... tỉnh", "Phó Trưởng Đoàn ĐBQH tỉnh":
     * the title's last word(s) head the organization that goes on after
     * it. */
    for (size_t k = t + 1; !o && k < e; k++) {
        size_t he, ke;
        char *ko;
        if (tp__lex_at(x, k, TP__C(TP_LEX_ORG_HEAD) | TP__C(TP_LEX_ORG_LEVELED) |
                                 TP__C(TP_LEX_ORG_PREFIX),
                       &he) &&
            he >= e && (ko = tp__org_parse(x, k, &ke)) && ke > e) {
            o = ko;
            oe = ke;
        }
    }
    /* "Thường trực Ban Bí thư": a title that ends with a national
     * body's complete name holds the post in that body; "Tỉnh ủy viên",
     * one that starts with a party committee, in the committee. */
    for (size_t k = t + 1; !o && k < e; k++) {
        size_t fe;
        const tp_lex_entry_t *fx = tp__lex_at(x, k, TP__C(TP_LEX_ORG_FIXED), &fe);
        if (fx && fe == e) {
            o = tp_arena_strdup(x->arena, fx->canon);
            oe = e;
        }
    }
    size_t mbe;
    const tp_lex_entry_t *mb = !o ? tp__lex_at(x, t, TP__C(TP_LEX_ORG_COMMITTEE), &mbe) : NULL;
    if (mb && mbe < e && x->toks[t].shape != TP_VN_LOWER) {
        o = tp_arena_strdup(x->arena, mb->canon);
        oe = e;
    }
    /* "Trưởng ban Dân vận Tỉnh ủy": the title's last word heads the
     * organization. */
    if (!o && e - t >= 2 &&
        (tp__tok_is(x, e - 1, "ban") || tp__tok_is(x, e - 1, "phòng"))) {
        tp_buf_t b = {0};
        size_t fe;
        const tp_lex_entry_t *f =
            tp__lex_at(x, e, TP__C(TP_LEX_ORG_FIELD), &fe);
        if (f && x->toks[e].brk == 1) {
            tp_buf_puts(x->arena, &b, tp__tok_is(x, e - 1, "ban") ? "Ban " : "Phòng ");
            tp_buf_puts(x->arena, &b, f->canon);
            size_t pe;
            char *parent = NULL;
            if (fe < x->n_toks && x->toks[fe].brk == 1)
                parent = tp__org_parse(x, fe, &pe);
            if (!parent && fe < x->n_toks && x->toks[fe].brk == 1) {
                size_t ce;
                const tp_lex_entry_t *cm = tp__lex_at(
                    x, fe, TP__C(TP_LEX_ORG_COMMITTEE), &ce);
                if (cm) {
                    parent = (char *)cm->canon;
                    pe = ce;
                }
            }
            if (parent) {
                tp_buf_putc(x->arena, &b, ' ');
                tp_buf_puts(x->arena, &b, parent);
                fe = pe;
            }
            o = b.data;
            oe = fe;
        }
    }
    /* "UVBTV Tỉnh ủy": the member sits on the
     * committee's standing board, the body the abbreviation names. */
    if (o && tp__tok_is(x, title_e - 1, "uvbtv") &&
        oe > title_e && tp__lex_at(x, title_e, TP__C(TP_LEX_ORG_COMMITTEE), &mbe0))
        o = tp_arena_printf(x->arena, "Ban Thường vụ %s", o);
    if (o) {
        /* "organization:<o>" by hand (printf was 60 % of this). */
        size_t ol = strlen(o);
        char *k = tp_arena_alloc_nz(x->arena, sizeof "organization:" + ol);
        memcpy(k, "organization:", sizeof "organization:" - 1);
        memcpy(k + sizeof "organization:" - 1, o, ol + 1);
        *org = k;
        e = oe;
        tp__ent_add(x, TP_ENT_ORGANIZATION, o, strlen(o), NULL,
                    x->toks[t].start, x->toks[e - 1].end);
        tp__office_of_title(x, t, title_e, e, org);
    }
    /* "đội trưởng đội công tác Đồn Biên phòng Y": the unit a team
     * head leads, named by its head word again, then its parent body. */
    if (!o) {
        size_t ue;
        char *uo = tp__unit_of_head(x, t, e, &ue);
        if (uo) {
            o = uo;
            e = ue;
            size_t ol = strlen(o);
            char *k = tp_arena_alloc_nz(x->arena, sizeof "organization:" + ol);
            memcpy(k, "organization:", sizeof "organization:" - 1);
            memcpy(k + sizeof "organization:" - 1, o, ol + 1);
            *org = k;
        }
    }
    /* "Hiệu trưởng nhà trường": the school the article names, when it
     * names one. */
    if (!o && e - t >= 2 && tp__tok_is(x, e - 1, "trưởng") && tp__tok_is(x, e - 2, "hiệu") &&
        tp__tok_is(x, e, "nhà") && x->toks[e].brk == 1 && tp__tok_is(x, e + 1, "trường") &&
        x->toks[e + 1].brk == 1) {
        const tp_entity_t *school = NULL;
        int n_school = 0;
        for (size_t i = 0; i < x->n_ents; i++)
            if (x->ents[i].key && x->ents[i].type == TP_ENT_ORGANIZATION &&
                strncmp(x->ents[i].key, "organization:Trường ", 20) == 0) {
                school = &x->ents[i];
                n_school++;
            }
        if (n_school == 1)
            *org = tp_arena_strdup(x->arena, school->key);
        e += 2;
    }
    /* "Trưởng khoa Nhi", "Phó Trưởng khoa Hồi sức": a hospital ward's
     * name, one to three capitalised words and the lower-case syllable
     * of each, is part of the title (not a person's name after it:
     * "Trưởng khoa Nguyễn Văn A", "Trưởng khoa Nội Nguyễn Văn B"). */
    if (!o && tp__tok_is(x, e - 1, "khoa") && e < x->n_toks && x->toks[e].brk == 1 &&
        x->toks[e].shape == TP_VN_CAP && !tp__full_name(x, e)) {
        size_t k = e, caps = 0;
        while (k < x->n_toks && x->toks[k].brk == 1 && x->toks[k].word &&
               !x->toks[k].digit && caps < 3 &&
               (x->toks[k].shape == TP_VN_CAP || (k > e && x->toks[k].shape == TP_VN_LOWER &&
                                                  x->toks[k - 1].shape == TP_VN_CAP))) {
            size_t le2;
            if (tp__lex_at(x, k, TP__C(TP_LEX_TITLE) | TP__C(TP_LEX_HONORIFIC), &le2) ||
                (k > e && tp__full_name(x, k)))
                break;
            caps += x->toks[k].shape == TP_VN_CAP;
            k++;
        }
        /* (Lower-case words going on after it: where the ward's name
         * ends is not sure, "Ngoại tổng | hợp"; the bare title stays.) */
        if (k > e && !(k < x->n_toks && x->toks[k].brk == 1 && x->toks[k].word &&
                       x->toks[k].shape == TP_VN_LOWER &&
                       x->toks[k - 1].shape == TP_VN_LOWER))
            e = k;
    }
    /* "Trưởng bản Huồi Giảng 1": a village head's title names the
     * village (found by places.c). */
    if (!o && tp__tok_is(x, e - 1, "thôn") + tp__tok_is(x, e - 1, "bản") +
                      tp__tok_is(x, e - 1, "ấp") + tp__tok_is(x, e - 1, "xóm") &&
        e < x->n_toks && tp__ent_overlaps(x, TP_ENT_LOCATION, x->toks[e].start,
                                          x->toks[e].start + 1)) {
        while (e < x->n_toks && x->toks[e].brk == 1 &&
               tp__ent_overlaps(x, TP_ENT_LOCATION, x->toks[e].start,
                                x->toks[e].end))
            e++;
    }
    /* "Ủy viên Ban Thường vụ, Trưởng ban ...": a member of a standing
     * committee named once for the titles after it. */
    size_t pe0;
    if (!o && e < x->n_toks && x->toks[e].brk == 1 &&
        tp__lex_at(x, e, TP__C(TP_LEX_ORG_PREFIX), &pe0) &&
        tp__lex_at(x, t, TP__C(TP_LEX_TITLE), &pe0) && pe0 == e &&
        (tp__tok_is(x, t, "ủy") || tp__tok_is(x, t, "uỷ"))) {
        size_t fe;
        tp__lex_at(x, e, TP__C(TP_LEX_ORG_PREFIX), &fe);
        if (tp__tok_is(x, fe, ","))
            e = fe;
    }
    /* "Phó Tỉnh trưởng tỉnh Savannakhet", "Thị trưởng thành phố Paris":
     * a bare title with the level word and the place it governs. */
    size_t le;
    if (!o && e < x->n_toks && x->toks[e].brk == 1 &&
        x->toks[e].shape == TP_VN_LOWER &&
        tp__lex_at(x, e, TP__C(TP_LEX_LEVEL), &le) && le < x->n_toks &&
        x->toks[le].brk == 1 &&
        tp__ent_overlaps(x, TP_ENT_LOCATION, x->toks[le].start, x->toks[le].end)) {
        e = le;
        while (e < x->n_toks && x->toks[e].brk == 1 &&
               tp__ent_overlaps(x, TP_ENT_LOCATION, x->toks[e].start, x->toks[e].end))
            e++;
    }
    /* "Chủ tịch tỉnh Xỉ Khăm Phui", "Chủ tịch huyện Nguyễn Văn A": a
     * bare level word after the title, a name after it (not a place:
     * that one the block above took), is part of the title. */
    if (!o && e + 1 < x->n_toks && x->toks[e].brk == 1 &&
        x->toks[e].shape == TP_VN_LOWER &&
        tp__lex_at(x, e, TP__C(TP_LEX_LEVEL), &le) && le < x->n_toks &&
        x->toks[le].brk == 1 && x->toks[le].shape == TP_VN_CAP &&
        !tp__ent_overlaps(x, TP_ENT_LOCATION, x->toks[le].start, x->toks[le].end) &&
        !tp__ent_overlaps(x, TP_ENT_ORGANIZATION, x->toks[le].start, x->toks[le].end))
        e = le;
    /* "Thủ tướng Lào", "Đại sứ Nhật Bản tại Việt Nam": a bare title of a
     * foreign state, its country and the place of the post. */
    if (!o && e < x->n_toks && x->toks[e].brk == 1) {
        size_t ce;
        /* "Chủ tịch nước | CHDCND | Lào", "Đại sứ đặc mệnh toàn quyền
         * nước Cộng hòa Dân chủ Nhân dân Lào": the state's formal name
         * before the country. */
        size_t c0 = tp__state_name(x, e);
        const tp__phrase_t *ph = tp__gaz_at(x, c0, &ce);
        int country = 0;
        for (uint32_t k = 0; ph && k < ph->gaz_count; k++)
            country |= tp_gaz_units[x->ex->gaz_idx[ph->gaz_first + k]].parent < 0;
        /* "Tổng Lãnh sự nước Cộng hòa Nhân dân Trung Hoa tại ...": after
         * a state's formal form ("Cộng hòa ...", "Vương quốc"), the
         * capitalised words are its name even where the gazetteer
         * lists the country under another ("Trung Quốc"). */
        size_t se = c0;
        if (!country && c0 > e && !tp__tok_is(x, c0 - 1, "nước")) {
            while (se < x->n_toks && se < c0 + 3 && x->toks[se].brk == 1 &&
                   x->toks[se].word && x->toks[se].shape == TP_VN_CAP)
                se++;
            if (se > c0 && (tp__tok_is(x, se, "tại") || !(se < x->n_toks && x->toks[se].word &&
                                                          x->toks[se].shape == TP_VN_CAP))) {
                country = 2;
                ce = se;
            }
        }
        if (country && x->toks[c0].shape == TP_VN_CAP) {
            if (country == 1)
                tp__title_place(x, c0, ce);
            e = ce;
            size_t pe2, lw = e + 1;
            /* "tại TP Hồ Chí Minh", "tại Thành phố Hồ Chí Minh": the level
             * word of the place of the post. */
            if (tp__tok_is(x, e, "tại") && x->toks[e].brk == 1 &&
                tp__lex_at(x, e + 1, TP__C(TP_LEX_LEVEL), &pe2) && pe2 < x->n_toks &&
                x->toks[pe2].brk == 1)
                lw = pe2;
            if (tp__tok_is(x, e, "tại") && x->toks[e].brk == 1 &&
                tp__gaz_at(x, lw, &pe2) && x->toks[lw].shape == TP_VN_CAP) {
                tp__title_place(x, lw, pe2);
                e = pe2;
            }
        }
    }
    /* "Phó Trưởng Ban Chỉ đạo thường trực Trần Văn B": the standing
     * deputy, the word written after the body; kept when a capitalised
     * word (the name) follows. */
    if (o && tp__tok_is(x, e, "thường") && x->toks[e].shape == TP_VN_LOWER &&
        x->toks[e].brk == 1 && tp__tok_is(x, e + 1, "trực") && e + 2 < x->n_toks &&
        x->toks[e + 2].brk == 1 && x->toks[e + 2].shape == TP_VN_CAP)
        e += 2;
    /* "(Ban Dân vận Trung ương)" */
    if (tp__tok_is(x, e, "(")) {
        size_t pe;
        char *po = tp__org_parse(x, e + 1, &pe);
        if (po && tp__tok_is(x, pe, ")"))
            e = pe + 1;
    }
    t = t0;
    *ts = x->toks[t].start;
    *te = x->toks[e - 1].end;
    *end = e;
    return 1;
}

/* tp__title_at() behind the test most tokens fail, inline (persons.c
 * asks at nearly every token): a title starts at t, or at t + 1 after
 * "nguyên", only where the token's class mask says a title hit starts;
 * when none does, tp__title_at() would return 0 and write nothing. */
static inline int tp__title(tp_xctx_t *x, size_t t, size_t *end, uint32_t *ts,
                            uint32_t *te, char **org)
{
    if (t >= x->n_toks ||
        !((x->tok_cls[t] | x->tok_cls[t + 1]) & TP__C(TP_LEX_TITLE)))
        return 0;
    return tp__title_at(x, t, end, ts, te, org);
}

/* Is t a separator between a name and its title (–, -, ",", ":")? */
static int tp__sep(const tp_xctx_t *x, size_t t)
{
    return tp__tok_is(x, t, "–") || tp__tok_is(x, t, "-") ||
           tp__tok_is(x, t, ",") || tp__tok_is(x, t, ":") ||
           tp__tok_is(x, t, "—");
}

/* A verb of election or appointment at v ("bầu", "bổ nhiệm", "điều
 * động", "chỉ định", "luân chuyển", ...): returns the token after it, or 0. */
static size_t tp__appoint_verb(const tp_xctx_t *x, size_t v)
{
    if (tp__tok_is(x, v, "bầu") || tp__tok_is(x, v, "cử") || tp__tok_is(x, v, "giao"))
        return v + 1;
    if ((tp__tok_is(x, v, "bổ") && tp__tok_is(x, v + 1, "nhiệm")) ||
        (tp__tok_is(x, v, "điều") && tp__tok_is(x, v + 1, "động")) ||
        (tp__tok_is(x, v, "phân") && tp__tok_is(x, v + 1, "công")) ||
        (tp__tok_is(x, v, "chỉ") && tp__tok_is(x, v + 1, "định")) ||
        (tp__tok_is(x, v, "đắc") && tp__tok_is(x, v + 1, "cử")) ||
        (tp__tok_is(x, v, "luân") && tp__tok_is(x, v + 1, "chuyển")))
        return v + 2;
    return 0;
}

/* "được điều động, chỉ định tham gia Ban Chấp hành, Ban Thường vụ
 * Huyện ủy X nhiệm kỳ 2020-2025 và giữ chức Bí thư Huyện ủy X": the
 * bodies joined come first, the post after "và giữ chức" in the same
 * sentence. At v ("tham gia"), returns the "giữ" of that "giữ chức",
 * else v. */
static size_t tp__join_then_post(const tp_xctx_t *x, size_t v)
{
    if (!(tp__tok_is(x, v, "tham") && tp__tok_is(x, v + 1, "gia")))
        return v;
    for (size_t k = v + 2; k + 2 < x->n_toks && k < v + 40 && x->toks[k].brk != 2; k++) {
        if (tp__tok_is(x, k, ".") || tp__tok_is(x, k, ";"))
            break;
        if (tp__tok_is(x, k, "và") && tp__tok_is(x, k + 1, "giữ") &&
            tp__tok_is(x, k + 2, "chức"))
            return k + 1;
    }
    return v;
}

/* Words that join a name to the title it takes ("làm", "được bầu giữ
 * chức", "được bổ nhiệm làm", "đồng thời là"): returns the token after
 * them when a title follows, else 0. */
static size_t tp__connector(const tp_xctx_t *x, size_t t)
{
    size_t k = t, e;
    /* "..., đồng thời là", "..., kiêm"; "A, Phó Giám đốc Sở, giữ
     * chức Giám đốc Sở", "B, Trưởng phòng X, làm Chủ tịch UBND xã": the
     * new post after the current one (a title must follow, below). */
    if ((tp__tok_is(x, k, ",") &&
         (tp__tok_is(x, k + 1, "đồng") || tp__tok_is(x, k + 1, "kiêm") ||
          tp__tok_is(x, k + 1, "nay") || tp__tok_is(x, k + 1, "hiện") ||
          tp__tok_is(x, k + 1, "giữ") || tp__tok_is(x, k + 1, "làm") ||
          tp__tok_is(x, k + 1, "được") || tp__tok_is(x, k + 1, "đảm"))) ||
        (tp__tok_is(x, k, "(") &&
         (tp__tok_is(x, k + 1, "nay") || tp__tok_is(x, k + 1, "hiện"))))
        k++;
    /* "nguyên Giám đốc Sở Y tế, nay là Phó Chủ tịch UBND tỉnh", "(hiện
     * đang là ...)": the post held now, after a former one. */
    if (tp__tok_is(x, k, "nay") || tp__tok_is(x, k, "hiện")) {
        size_t v = tp__tok_is(x, k + 1, "đang") ? k + 2 : k + 1;
        if (tp__tok_is(x, v, "là") || tp__tok_is(x, v, "giữ"))
            k = v;
    }
    if (tp__tok_is(x, k, "kiêm"))
        k++;
    else if (tp__tok_is(x, k, "đồng") && tp__tok_is(x, k + 1, "thời"))
        k += 2;
    else if (tp__tok_is(x, k, "tiếp") && tp__tok_is(x, k + 1, "tục"))
        k += 2;
    if (tp__tok_is(x, k, "được") || tp__tok_is(x, k, "tái")) {
        size_t v = k + 1, oe;
        /* "được HĐND thành phố bầu giữ chức": who elected or appointed. */
        if (tp__tok_is(x, k, "được") && v < x->n_toks && x->toks[v].brk == 1 &&
            x->toks[v].shape != TP_VN_LOWER && tp__org_parse((tp_xctx_t *)x, v, &oe) &&
            (tp__tok_is(x, oe, "bầu") || tp__tok_is(x, oe, "bổ") ||
             tp__tok_is(x, oe, "chỉ") || tp__tok_is(x, oe, "cử") ||
             tp__tok_is(x, oe, "phân") || tp__tok_is(x, oe, "giao") ||
             tp__tok_is(x, oe, "giới") || tp__tok_is(x, oe, "điều") ||
             tp__tok_is(x, oe, "luân")))
            v = oe;
        if (tp__tok_is(x, v, "tín") && tp__tok_is(x, v + 1, "nhiệm"))
            v += 2;
        /* "được (Ban Thường vụ) giới thiệu để bổ nhiệm giữ chức". */
        int nominated = tp__tok_is(x, v, "giới") && tp__tok_is(x, v + 1, "thiệu");
        if (nominated)
            v += tp__tok_is(x, v + 2, "để") ? 3 : 2;
        size_t w = tp__appoint_verb(x, v);
        if (!w && !nominated)
            return 0;
        /* "được điều động, bổ nhiệm làm", "được luân chuyển và chỉ
         * định giữ chức": two verbs of one appointment. */
        while (w) {
            v = w;
            if (!(tp__tok_is(x, v, ",") || tp__tok_is(x, v, "và")))
                break;
            w = tp__appoint_verb(x, v + 1);
        }
        if (tp__tok_is(x, v, "lại"))
            v++;
        v = tp__join_then_post(x, v);
        k = v;
    } else if (tp__tok_is(x, k, "để")) {
        /* "giới thiệu ông A để bổ nhiệm giữ chức Giám đốc Sở", "... để
         * giữ chức ...": the post he is put forward for. */
        size_t w = tp__appoint_verb(x, k + 1);
        if (w)
            k = w;
        else if ((tp__tok_is(x, k + 1, "giữ") && tp__tok_is(x, k + 2, "chức")) ||
                 tp__tok_is(x, k + 1, "làm"))
            k++;
    }
    /* "được điều động về làm ...", "sang giữ chức ...": the move. */
    if ((tp__tok_is(x, k, "về") || tp__tok_is(x, k, "sang")) &&
        (tp__tok_is(x, k + 1, "làm") || tp__tok_is(x, k + 1, "giữ")))
        k++;
    /* "đảm nhiệm chức vụ ...", "đảm nhận chức ...": held as "giữ chức". */
    if (tp__tok_is(x, k, "đảm") &&
        (tp__tok_is(x, k + 1, "nhiệm") || tp__tok_is(x, k + 1, "nhận")) &&
        tp__tok_is(x, k + 2, "chức")) {
        k += 3;
        if (tp__tok_is(x, k, "vụ") || tp__tok_is(x, k, "danh"))
            k++;
    } else if (tp__tok_is(x, k, "giữ") && tp__tok_is(x, k + 1, "chức")) {
        k += 2;
        if (tp__tok_is(x, k, "vụ") || tp__tok_is(x, k, "danh"))
            k++;
    } else if (k > t && tp__tok_is(x, k, "chức") &&
               (tp__tok_is(x, k + 1, "danh") || tp__tok_is(x, k + 1, "vụ"))) {
        k += 2; /* "được giao chức danh Chủ tịch ..." */
    } else if (tp__tok_is(x, k, "làm") || tp__tok_is(x, k, "là")) {
        k++;
    } else if (k == t) {
        return 0;
    }
    /* "giữ chức Quyền Giám đốc": the acting post (see tp__title_at). */
    if (tp__tok_is(x, k, "quyền") && !(x->tok_cls[k] & TP__C(TP_LEX_TITLE)))
        return tp__lex_at(x, k + 1, TP__C(TP_LEX_TITLE), &e) ? k : 0;
    return tp__lex_at(x, k, TP__C(TP_LEX_TITLE), &e) ? k : 0;
}

/* A birth-year note right after a name ("Phan Văn D (SN 1968), nguyên
 * Giám đốc ...", "(sinh năm 1970, trú tại ...)", "(1968)", "(45
 * tuổi)"): returns the
 * token after its ")" so that the titles after it are read, else t. */
static size_t tp__birth_note(const tp_xctx_t *x, size_t t)
{
    if (!tp__tok_is(x, t, "("))
        return t;
    size_t k = t + 1;
    if (tp__tok_is(x, k, "sn"))
        k++;
    else if (tp__tok_is(x, k, "sinh"))
        k += tp__tok_is(x, k + 1, "năm") ? 2 : 1;
    /* "(45 tuổi, trú tại ...)": the age instead of the year. */
    int age = k == t + 1 && k < x->n_toks && x->toks[k].digit &&
              x->toks[k].end - x->toks[k].start <= 3 && tp__tok_is(x, k + 1, "tuổi");
    if (!age && (k >= x->n_toks || !x->toks[k].digit || x->toks[k].end - x->toks[k].start != 4))
        return t;
    if (k == t + 1 && !age) /* a bare year: "(1968)" and nothing more */
        return tp__tok_is(x, k + 1, ")") ? k + 2 : t;
    for (size_t e = k + 1; e < x->n_toks && e < k + 16 && x->toks[e].brk != 2; e++)
        if (tp__tok_is(x, e, ")"))
            return e + 1;
    return t;
}

static size_t tp__trailing_titles(tp_xctx_t *x, tp_entity_t *p, size_t t,
                                  tp_entity_t **group, size_t n_group);
static int tp__taken(const tp_xctx_t *x, size_t t, size_t n);

/* "G và H, nguyên cán bộ địa chính phường K": two bare full names joined
 * by "và" (t) and one title list after the second, set off by a
 * separator, are both persons' titles. Adds H, reads the titles after
 * it, gives p the same ones, and returns the token after them; t when
 * the shape is not there. */
static size_t tp__shared_titles(tp_xctx_t *x, tp_entity_t *p, size_t t)
{
    size_t k = t + 1, n = k < x->n_toks && x->toks[k].brk == 1 ? tp__full_name(x, k) : 0;
    size_t e;
    uint32_t ts, te;
    char *org;
    if (n < 2 || !tp__sep(x, k + n) || !tp__title(x, k + n + 1, &e, &ts, &te, &org) ||
        tp__taken(x, k, n))
        return t;
    tp_entity_t *q = tp__person_add(x, k, n);
    size_t before = q->n_positions;
    size_t end = tp__trailing_titles(x, q, k + n, NULL, 0);
    /* q may have moved when the set grew; find it by its key again. */
    q = tp__ent_find(x, q->key);
    p = tp__ent_find(x, p->key);
    for (size_t i = before; q && p && i < q->n_positions; i++)
        tp__ent_position(x, p, q->positions[i].title, strlen(q->positions[i].title),
                         q->positions[i].organization);
    return end;
}

/* A title waiting for the name after a chain of titles. */
struct tp__pending {
    uint32_t ts, te;
    char *org;
};

/* Titles written after a name at t: "– Phó trưởng Ban ..., Chủ tịch
 * HĐND huyện làm trưởng đoàn", "được bầu giữ chức Bí thư Đảng ủy
 * phường". A title joined by such words goes to every person of group
 * (the names of a list: "các đồng chí A, Chủ tịch UBND phường và B được
 * bầu giữ chức Phó Bí thư"), or to p when group is NULL. Returns the
 * token after them. */
/* "bị cáo A (SN 1970, nguyên Huyện ủy viên, nguyên Phó Chủ tịch UBND
 * huyện X)": a defendant's posts listed in the birth note after the
 * year. Gives p each title read from the first "," to the first item
 * that is not one, and returns the token after the note (see
 * tp__birth_note); t when there is no note. */
static size_t tp__birth_note_titles(tp_xctx_t *x, tp_entity_t *p, size_t t)
{
    size_t after = tp__birth_note(x, t);
    if (after == t)
        return t;
    size_t k = t + 1;
    while (k < after && !tp__tok_is(x, k, ","))
        k++;
    for (; k + 1 < after && tp__tok_is(x, k, ","); ) {
        size_t e;
        uint32_t ts, te;
        char *org;
        if (!tp__title(x, k + 1, &e, &ts, &te, &org) || e >= after)
            break;
        tp__ent_position(x, p, x->body + ts, te - ts, org);
        k = e;
    }
    return after;
}

static size_t tp__trailing_titles(tp_xctx_t *x, tp_entity_t *p, size_t t,
                                  tp_entity_t **group, size_t n_group)
{
    t = tp__birth_note_titles(x, p, t);
    if (!group && tp__tok_is(x, t, "và"))
        return tp__shared_titles(x, p, t);
    for (;;) {
        size_t t0 = t;
        while (t < x->n_toks && tp__sep(x, t)) {
            size_t e;
            uint32_t ts, te;
            char *org;
            if (!tp__title(x, t + 1, &e, &ts, &te, &org))
                break;
            /* "A, Chủ tịch UBND tỉnh B": that title is B's. */
            if (tp__full_name(x, e) ||
                ((tp__tok_is(x, e, "–") || tp__tok_is(x, e, "-")) &&
                 tp__full_name(x, e + 1)))
                break;
            tp__ent_position(x, p, x->body + ts, te - ts, org);
            t = e;
        }
        /* "Phạm Văn Hải (Phó Giám đốc Sở Tài chính)": titles in
         * parentheses after the name, all of them or none. */
        if (tp__tok_is(x, t, "(")) {
            struct tp__pending got[4];
            size_t n_got = 0, k = t + 1, e;
            char *org;
            while (n_got < 4 && tp__title(x, k, &e, &got[n_got].ts, &got[n_got].te, &org)) {
                got[n_got++].org = org;
                if (tp__tok_is(x, e, ")")) {
                    for (size_t i = 0; i < n_got; i++)
                        tp__ent_position(x, p, x->body + got[i].ts,
                                         got[i].te - got[i].ts, got[i].org);
                    t = e + 1;
                    break;
                }
                if (!tp__tok_is(x, e, ",") && !tp__tok_is(x, e, ";"))
                    break;
                k = e + 1;
            }
        }
        size_t c = tp__connector(x, t);
        if (c) {
            size_t e;
            uint32_t ts, te;
            char *org;
            if (tp__title(x, c, &e, &ts, &te, &org)) {
                if (!group)
                    tp__ent_position(x, p, x->body + ts, te - ts, org);
                for (size_t i = 0; group && i < n_group; i++)
                    tp__ent_position(x, group[i], x->body + ts, te - ts, org);
                t = e;
            }
        }
        /* "..., Phó Chủ tịch rồi Chủ tịch UBND tỉnh X": the next post
         * held after it. */
        if (t > t0 && tp__tok_is(x, t, "rồi") && x->toks[t].brk == 1) {
            size_t e;
            uint32_t ts, te;
            char *org;
            if (tp__title(x, t + 1, &e, &ts, &te, &org)) {
                if (!group)
                    tp__ent_position(x, p, x->body + ts, te - ts, org);
                for (size_t i = 0; group && i < n_group; i++)
                    tp__ent_position(x, group[i], x->body + ts, te - ts, org);
                t = e;
            }
        }
        if (t == t0)
            return t;
    }
}

/* Joins a one-syllable reference ("đồng chí Tuấn") to the person with
 * that given name mentioned last before it, and returns that person
 * (NULL when none). */
static tp_entity_t *tp__reference(tp_xctx_t *x, size_t t)
{
    const tp_vn_tok_t *k = &x->toks[t];
    tp_entity_t *best = NULL;
    uint32_t best_at = 0;
    for (size_t i = 0; i < x->n_ents; i++) {
        tp_entity_t *e = &x->ents[i];
        if (!e->key || e->type != TP_ENT_PERSON || !e->n_mentions)
            continue;
        const char *last = strrchr(e->name, ' ');
        last = last ? last + 1 : e->name;
        size_t ln = strlen(last);
        char *f = tp_vn_fold(x->arena, last, ln);
        if (ln != k->end - k->start || memcmp(f, x->fold + k->start, ln) != 0)
            continue;
        uint32_t at = 0;
        for (size_t m = 0; m < e->n_mentions; m++)
            if (e->mentions[m].start < k->start && e->mentions[m].start >= at)
                at = e->mentions[m].start + 1;
        if (at > best_at) {
            best_at = at;
            best = e;
        }
    }
    if (best)
        return tp__ent_add(x, TP_ENT_PERSON, best->key + 7,
                           strlen(best->key + 7), NULL, k->start, k->end);
    return NULL;
}

/* "Ngài Sẻng Phết" after "Đại sứ Lào ... Sẻng Phết Hu Ngờn Bun Nhạ
 * Vông": Lao names are shortened to their first syllables, not to the
 * last as Vietnamese ones are. Joins the run [t, t + n) to the person
 * mentioned before whose name starts with it and goes on, and returns
 * that person (NULL when none). */
static tp_entity_t *tp__first_names_ref(tp_xctx_t *x, size_t t, size_t n)
{
    uint32_t s = x->toks[t].start, e = x->toks[t + n - 1].end;
    char *run = tp_vn_capitalize(x->arena, x->body + s, e - s);
    size_t rl = strlen(run);
    for (size_t i = 0; i < x->n_ents; i++) {
        tp_entity_t *p = &x->ents[i];
        if (!p->key || p->type != TP_ENT_PERSON || !p->n_mentions ||
            p->mentions[0].start >= s)
            continue;
        const char *name = p->key + 7;
        if (strncmp(name, run, rl) == 0 && name[rl] == ' ')
            return tp__ent_add(x, TP_ENT_PERSON, name, strlen(name), NULL, s, e);
    }
    return NULL;
}

/* Is [t, t + n) inside an organization or a location already found? */
static int tp__taken(const tp_xctx_t *x, size_t t, size_t n)
{
    uint32_t s = x->toks[t].start, e = x->toks[t + n - 1].end;
    return tp__ent_overlaps(x, TP_ENT_ORGANIZATION, s, e) ||
           tp__ent_overlaps(x, TP_ENT_LOCATION, s, e);
}

/* Returns the first occurrence of needle[0..n) (n > 0) in h[0..hl), or
 * NULL: memchr() to the first byte, then memcmp(). Names start with a
 * capital, rare in a body, so this beats memmem(), which sets up its
 * skip table on every call (~1,600 instructions per name and article). */
static const char *tp__find(const char *h, size_t hl, const char *needle,
                            size_t n)
{
    const char *end = h + hl;
    while ((size_t)(end - h) >= n) {
        const char *p = memchr(h, (unsigned char)needle[0], (size_t)(end - h) - n + 1);
        if (!p)
            return NULL;
        if (memcmp(p + 1, needle + 1, n - 1) == 0)
            return p;
        h = p + 1;
    }
    return NULL;
}

/* Adds mentions of every person's full name written elsewhere. */
static void tp__rescan(tp_xctx_t *x)
{
    size_t n = x->n_ents;
    for (size_t i = 0; i < n; i++) {
        tp_entity_t *e = &x->ents[i];
        if (!e->key || e->type != TP_ENT_PERSON)
            continue;
        const char *name = e->key + 7;
        size_t ln = strlen(name);
        const char *p = x->body;
        while (ln && (p = tp__find(p, x->len - (size_t)(p - x->body), name, ln))) {
            size_t s = (size_t)(p - x->body);
            if (tp_vn_is_boundary(x->body, x->len, s) &&
                tp_vn_is_boundary(x->body, x->len, s + ln))
                tp__ent_add(x, TP_ENT_PERSON, name, ln, NULL, (uint32_t)s,
                            (uint32_t)(s + ln));
            p += ln;
        }
    }
}

/* A name of two to four capitalised syllables at t that starts a list
 * item (after ":" or ";", or at a paragraph's start) and is followed by
 * ", <title>": "Trong đó: Rah Lan, Phó Chánh Văn phòng UBND tỉnh, làm
 * ...". Ethnic-minority names (Jrai, Ede, Mông) often have a family
 * name the lexicon lacks and two syllables only; the list item and the
 * title after the comma say a person is meant. No syllable may be a
 * lexicon word, the run may not be one place name or start with a
 * function word, and it must lie outside organizations and locations.
 * Returns its length in tokens or 0. */
static size_t tp__list_item_name(const tp_xctx_t *x, size_t t)
{
    if (!(x->toks[t].brk == 2 ||
          (t > 0 && x->toks[t].brk == 1 &&
           (tp__tok_is(x, t - 1, ":") || tp__tok_is(x, t - 1, ";")))))
        return 0;
    size_t w;
    size_t r = tp__cap_run_w(x, t, 4, &w, NULL);
    if (w < 2 || w > 4 || tp__roman_tok(x, t + r - 1) || !tp__tok_is(x, t + r, ",") ||
        t + r + 1 >= x->n_toks || x->toks[t + r + 1].brk != 1 ||
        !(x->tok_cls[t + r + 1] & TP__C(TP_LEX_TITLE)))
        return 0;
    size_t e;
    for (size_t k = t; k < t + r; k++)
        if (tp__lex_at(x, k, ~0u & ~TP__TOK_GAZ, &e))
            return 0;
    if ((tp__gaz_at(x, t, &e) && e == t + r) ||
        tp_lex_is_function_word(x->fold + x->toks[t].start,
                                x->toks[t].end - x->toks[t].start) ||
        tp__taken(x, t, r))
        return 0;
    return r;
}

/* Does the run of capitalised words at t (up to seven, hyphenated
 * chains as one) end at a separator with a title after it ("Khamphăn
 * Phommathat, Ủy viên ...", "Xỉ Khăm Phui, Phó Tỉnh trưởng ...")? A
 * cheap test on token classes before the name is read syllable by
 * syllable. */
static int tp__titled_run(const tp_xctx_t *x, size_t t)
{
    size_t r = t, w = 0;
    while (r < x->n_toks && w < 8 && x->toks[r].word && x->toks[r].shape == TP_VN_CAP &&
           (r == t || x->toks[r].brk == 1)) {
        r++;
        w++;
        while (r + 1 < x->n_toks && x->toks[r].brk == 0 && !x->toks[r].word &&
               x->body[x->toks[r].start] == '-' && x->toks[r + 1].brk == 0 &&
               x->toks[r + 1].word)
            r += 2;
    }
    return r + 1 < x->n_toks && tp__sep(x, r) &&
           ((x->tok_cls[r + 1] | x->tok_cls[r + 2]) & TP__C(TP_LEX_TITLE));
}

/* Does a capitalised run start at t: no capitalised word before it on
 * the line, or only a function word that opens the sentence ("Theo
 * Khamphăn Phommathat, ...")? */
static int tp__run_start(const tp_xctx_t *x, size_t t)
{
    if (x->toks[t].brk == 0)
        return 0;
    if (!(t > 0 && x->toks[t].brk == 1 && x->toks[t - 1].word &&
          x->toks[t - 1].shape == TP_VN_CAP))
        return 1;
    const tp_vn_tok_t *p = &x->toks[t - 1];
    int opens = t - 1 == 0 || p->brk == 2 ||
                (!x->toks[t - 2].word && strchr(".!?:;", x->body[x->toks[t - 2].start]));
    return opens && tp_lex_is_function_word(x->fold + p->start, p->end - p->start);
}

/* Does token t open a sentence or a clause: first of its line, after
 * punctuation, or after a "Theo" that does ("Theo Chủ tịch UBND xã,
 * ông A, ...")? */
static int tp__clause_start(const tp_xctx_t *x, size_t t)
{
    if (t == 0 || x->toks[t].brk == 2 || !x->toks[t - 1].word)
        return 1;
    return tp__tok_is(x, t - 1, "theo") && x->toks[t - 1].shape == TP_VN_CAP &&
           (t - 1 == 0 || x->toks[t - 1].brk == 2 || !x->toks[t - 2].word);
}

/* Does a plural word end right before the title at t ("các | Phó Chủ
 * tịch", "Các đồng chí | Phó Chủ tịch UBND tỉnh", "hai | Phó Chủ
 * tịch")? Then the names after the title are a list that all hold it. */
static int tp__plural_before(const tp_xctx_t *x, size_t t)
{
    if (t == 0 || x->toks[t].brk != 1)
        return 0;
    if (tp__tok_is(x, t - 1, "các") || tp__tok_is(x, t - 1, "hai") ||
        tp__tok_is(x, t - 1, "ba"))
        return 1;
    for (size_t k = t >= 3 ? t - 3 : 0; k < t; k++) {
        size_t e;
        const tp_lex_entry_t *h = tp__lex_at(x, k, TP__C(TP_LEX_HONORIFIC), &e);
        if (h && h->kind == 1 && e == t)
            return 1;
    }
    return 0;
}

/* Does the article name a foreign country (a location of level
 * quoc_gia other than Việt Nam)? A foreign name without an honorific is
 * taken only then. */
static int tp__foreign_article(const tp_xctx_t *x)
{
    for (size_t i = 0; i < x->n_ents; i++) {
        const tp_entity_t *e = &x->ents[i];
        const char *lv;
        if (e->key && e->type == TP_ENT_LOCATION && (lv = tp__ent_get_field(e, "level")) &&
            strcmp(lv, "quoc_gia") == 0 && strcmp(e->key, "location:Việt Nam") != 0)
            return 1;
    }
    return 0;
}

/* Does a title start at t (after a name and a comma) that is set off
 * as that name's: closed by punctuation, not followed by another name
 * ("A, Thủ tướng Nhật Bản B") nor by more words ("Giám đốc | điều
 * hành")? */
static int tp__own_title(tp_xctx_t *x, size_t t)
{
    size_t e;
    uint32_t ts, te;
    char *org;
    if (t >= x->n_toks || x->toks[t].brk != 1 || !tp__title(x, t, &e, &ts, &te, &org))
        return 0;
    return e >= x->n_toks || x->toks[e].brk == 2 || tp__sep(x, e) ||
           tp__tok_is(x, e, ".") || tp__tok_is(x, e, ";") || tp__tok_is(x, e, ")");
}


/* A list item's bullet at the start of a line ("- ", "+ ", "• "). */
static int tp__bullet(const tp_xctx_t *x, size_t t)
{
    return t < x->n_toks && x->toks[t].brk == 2 &&
           (tp__tok_is(x, t, "-") || tp__tok_is(x, t, "+") || tp__tok_is(x, t, "•"));
}

/* Is t the first title of a career list, after "đảm nhận nhiều cương
 * vị:", "giữ các chức vụ:", "qua các cương vị công tác:" (on the same
 * line or on bulleted lines after it)? */
static int tp__cv_list_at(const tp_xctx_t *x, size_t t)
{
    if (t >= 1 && tp__bullet(x, t - 1))
        t--;
    if (t < 3 || !tp__tok_is(x, t - 1, ":"))
        return 0;
    size_t k = t - 2;
    if (tp__tok_is(x, k, "tác") && tp__tok_is(x, k - 1, "công"))
        k -= 2;
    if (!(k >= 1 && ((tp__tok_is(x, k, "vị") && tp__tok_is(x, k - 1, "cương")) ||
                     (tp__tok_is(x, k, "vụ") && tp__tok_is(x, k - 1, "chức")))))
        return 0;
    /* A career, not an election ("bầu các chức vụ: Chủ tịch, ..."): a
     * verb of holding posts shortly before ("đảm nhận nhiều cương vị",
     * "từng giữ các chức vụ", "kinh qua", "trải qua"). */
    for (size_t b = k - 1; b > 0 && b + 6 > k && x->toks[b].word; b--)
        if (tp__tok_is(x, b - 1, "đảm") || tp__tok_is(x, b - 1, "giữ") ||
            tp__tok_is(x, b - 1, "qua") || tp__tok_is(x, b - 1, "từng") ||
            tp__tok_is(x, b - 1, "nhiệm"))
            return 1;
    return 0;
}

/* "(1980-1985)", "(từ 1980 đến 1985)" at k: the years a post was held.
 * Returns the token after ")", or k. */
static size_t tp__years_note(const tp_xctx_t *x, size_t k)
{
    if (!tp__tok_is(x, k, "(") || k + 1 >= x->n_toks ||
        !(x->toks[k + 1].digit || tp__tok_is(x, k + 1, "từ") || tp__tok_is(x, k + 1, "năm")))
        return k;
    for (size_t c = k + 1; c < x->n_toks && c < k + 10 && x->toks[c].brk != 2; c++)
        if (tp__tok_is(x, c, ")"))
            return c + 1;
    return k;
}

/* "Đồng chí A ... đã đảm nhận nhiều cương vị: Bí thư Huyện ủy X
 * (1980-1985); Chủ tịch UBND tỉnh Y (1985-1990); ...": the posts of
 * the person named last before the list in its paragraph (or the one
 * before, when the list is bulleted), each with an optional span of
 * years in parentheses, separated by ";" or "," or line breaks. Gives
 * them to that person and returns the token after the list; t when no
 * person is there. */
static size_t tp__cv_list(tp_xctx_t *x, size_t t)
{
    size_t para = t;
    while (para > 0 && x->toks[para].brk != 2)
        para--;
    if (para + 1 >= t && para > 0) /* bulleted: the cue's line */
        for (para--; para > 0 && x->toks[para].brk != 2;)
            para--;
    uint32_t from = x->toks[para].start, to = x->toks[t].start, best_at = 0;
    const char *key = NULL;
    for (size_t i = 0; i < x->n_ents; i++) {
        const tp_entity_t *e = &x->ents[i];
        if (!e->key || e->type != TP_ENT_PERSON)
            continue;
        for (size_t m = 0; m < e->n_mentions; m++)
            if (e->mentions[m].start >= from && e->mentions[m].start < to &&
                e->mentions[m].start + 1 > best_at) {
                best_at = e->mentions[m].start + 1;
                key = e->key;
            }
    }
    if (!key)
        return t;
    size_t k = t, e, items = 0;
    uint32_t ts, te;
    char *org;
    for (;;) {
        /* "Phó Chủ tịch rồi Chủ tịch UBND tỉnh Y": the later post, whose
         * body is written once. */
        size_t e0;
        while (tp__title(x, k, &e0, &ts, &te, &org) && tp__tok_is(x, e0, "rồi") &&
               e0 + 1 < x->n_toks && tp__title(x, e0 + 1, &e, &ts, &te, &org))
            k = e0 + 1;
        if (tp__title(x, k, &e, &ts, &te, &org)) {
            /* "Chủ tịch UBND tỉnh Hà Sơn Bình (1985-1989)": a place the
             * gazetteer lacks (a province since split) between the
             * level word and the years is the title's. */
            size_t lw, r = e;
            if (x->toks[e - 1].shape == TP_VN_LOWER &&
                tp__lex_at(x, e - 1, TP__C(TP_LEX_LEVEL), &lw) && lw == e) {
                while (r < x->n_toks && r < e + 4 && x->toks[r].brk == 1 &&
                       x->toks[r].word && x->toks[r].shape == TP_VN_CAP)
                    r++;
                if (r > e && tp__years_note(x, r) > r && !tp__taken(x, e, r - e)) {
                    te = x->toks[r - 1].end;
                    /* The place itself, at the level its word says. */
                    const char *lvn = tp__tok_is(x, e - 1, "tỉnh")    ? "tinh"
                                      : tp__tok_is(x, e - 1, "huyện") ? "huyen"
                                      : tp__tok_is(x, e - 1, "xã")    ? "xa"
                                                                      : NULL;
                    if (lvn) {
                        tp_entity_t *pl = tp__ent_add(
                            x, TP_ENT_LOCATION, x->body + x->toks[e].start,
                            te - x->toks[e].start, NULL, x->toks[e].start, te);
                        if (!tp__ent_get_field(pl, "level"))
                            tp__ent_field(x, pl, "level", lvn, 0);
                    }
                    if (org) {
                        /* The bare body the title parse added for this
                         * span ("Ủy ban nhân dân tỉnh") is this one. */
                        tp_entity_t *bare = tp__ent_find(x, org);
                        if (bare && bare->n_mentions == 1 &&
                            bare->mentions[0].start >= x->toks[k].start &&
                            bare->mentions[0].end <= te)
                            tp__ent_remove(x, bare);
                        uint32_t os = x->toks[e].start;
                        size_t ol = strlen(org), nl = te - os;
                        char *o2 = tp_arena_alloc_nz(x->arena, ol + nl + 2);
                        memcpy(o2, org, ol);
                        o2[ol] = ' ';
                        memcpy(o2 + ol + 1, x->body + os, nl);
                        o2[ol + 1 + nl] = 0;
                        org = o2;
                        tp__ent_add(x, TP_ENT_ORGANIZATION, org + 13, strlen(org + 13),
                                    NULL, x->toks[k].start, te);
                    }
                    e = r;
                }
            }
            tp_entity_t *p = tp__ent_find(x, key); /* the set may have grown */
            if (p)
                tp__ent_position(x, p, x->body + ts, te - ts, org);
            items++;
            k = tp__years_note(x, e);
        } else if (items && tp__tok_is(x, k - 1, ";")) {
            /* An item that is no post ("cán bộ Ban Tổ chức (1975-1980)"):
             * the list goes on after it. */
            size_t c = k;
            while (c < x->n_toks && c < k + 24 && x->toks[c].brk != 2 &&
                   !tp__tok_is(x, c, ";") && !tp__tok_is(x, c, "."))
                c++;
            if (!tp__tok_is(x, c, ";"))
                break;
            k = c;
        } else {
            break;
        }
        if ((tp__tok_is(x, k, ";") || tp__tok_is(x, k, ",")) && k + 1 < x->n_toks &&
            x->toks[k + 1].brk >= 1)
            k++;
        else if (!(k < x->n_toks && x->toks[k].brk == 2 && tp__bullet(x, k)))
            break;
        if (tp__bullet(x, k))
            k++;
    }
    return k;
}

void tp__extract_persons(tp_xctx_t *x)
{
    struct tp__pending chain[4];
    size_t n_chain = 0;
    const unsigned at_t = TP__C(TP_LEX_HONORIFIC) | TP__C(TP_LEX_TITLE);
    for (size_t t = 0; t < x->n_toks;) {
        /* Most tokens start nothing: no honorific or title at t, none
         * at t + 1 (tp__title), not capitalised (tp__full_name). Skip
         * them without the calls below; they would all answer none. */
        {
            const tp_vn_tok_t *tk = x->toks;
            const uint16_t *cls = x->tok_cls;
            size_t nt = x->n_toks;
            /* Four tokens at a time first: none capitalised (a
             * punctuation token's shape is TP_VN_LOWER), no honorific or
             * title at any, no title after any. tok_cls[nt] exists (and
             * is zero), so the read at cls + t + 1 stays inside it. */
            const uint64_t m_at = (uint64_t)at_t * 0x0001000100010001ull;
            const uint64_t m_ti = (uint64_t)TP__C(TP_LEX_TITLE) * 0x0001000100010001ull;
            for (; t + 4 <= nt; t += 4) {
                uint64_t a, b;
                memcpy(&a, cls + t, sizeof a);
                memcpy(&b, cls + t + 1, sizeof b);
                if (((a & m_at) | (b & m_ti)) ||
                    ((tk[t].shape == TP_VN_CAP) | (tk[t + 1].shape == TP_VN_CAP) |
                     (tk[t + 2].shape == TP_VN_CAP) | (tk[t + 3].shape == TP_VN_CAP)))
                    break;
            }
            while (t < nt &&
                   (!tk[t].word || (tk[t].shape != TP_VN_CAP && !(cls[t] & at_t) &&
                                    !(cls[t + 1] & TP__C(TP_LEX_TITLE)))))
                t++;
            if (t >= nt)
                break;
        }
        size_t e;
        const tp_lex_entry_t *h = tp__lex_at(x, t, TP__C(TP_LEX_HONORIFIC), &e);
        /* "các đồng chí: A, B và C" */
        if (h && h->kind == 1) {
            size_t k = e;
            if (tp__tok_is(x, k, ":"))
                k++;
            size_t n;
            int found = 0;
            tp_entity_t *group[32];
            size_t n_group = 0;
            while ((n = tp__full_name(x, k)) > 0) {
                tp_entity_t *p = tp__person_add(x, k, n);
                if (n_group < 32)
                    group[n_group++] = p;
                k = tp__trailing_titles(x, p, k + n, group, n_group);
                found = 1;
                if (tp__tok_is(x, k, ",") || tp__tok_is(x, k, "và") ||
                    tp__tok_is(x, k, ";"))
                    k++;
                else
                    break;
            }
            t = found ? k : e;
            continue;
        }
        if (h && e < x->n_toks && x->toks[e].brk == 1) {
            size_t n = tp__full_name(x, e);
            if (n) {
                tp_entity_t *p = tp__person_add(x, e, n);
                t = tp__trailing_titles(x, p, e + n, NULL, 0);
                continue;
            }
            /* "ông Xổm-phon Văn-na-xỉ": a foreign name. */
            size_t fe = tp__foreign_name(x, e);
            if (fe > e && !tp__taken(x, e, fe - e)) {
                tp_entity_t *p = tp__person_add(x, e, fe - e);
                t = tp__trailing_titles(x, p, fe, NULL, 0);
                continue;
            }
            /* "đồng chí Tổng Bí thư, Chủ tịch nước Tô Lâm": the titles
             * come first, the name after them. */
            size_t te0;
            if (tp__lex_at(x, e, TP__C(TP_LEX_TITLE), &te0)) {
                t = e;
                continue;
            }
            size_t rw;
            size_t r = tp__cap_run_w(x, e, 4, &rw, NULL);
            /* Five or more syllables after an honorific: a Lao name
             * ("đồng chí Khăm Xay Phôm Ma Vông"). */
            size_t ln = rw > 4 ? tp__syllable_name(x, e, 5) : 0;
            if (ln && !tp__taken(x, e, ln)) {
                tp_entity_t *p = tp__person_add(x, e, ln);
                t = tp__trailing_titles(x, p, e + ln, NULL, 0);
                continue;
            }
            if (rw == 1 && r == 1) {
                tp_entity_t *p = tp__reference(x, e);
                t = p ? tp__trailing_titles(x, p, e + 1, NULL, 0) : e + 1;
                continue;
            }
            /* A full name without a known family name after an
             * honorific ("đồng chí Y Thanh Hà Niê Kđăm"): trust the
             * honorific when the run is 2-4 syllables. */
            if (rw >= 2 && rw <= 4 && !tp__taken(x, e, r) &&
                (tp__tok_is(x, t, "đồng") || tp__unknown_name(x, e, 0) == r)) {
                tp_entity_t *p = tp__first_names_ref(x, e, r);
                if (!p)
                    p = tp__person_add(x, e, r);
                t = tp__trailing_titles(x, p, e + r, NULL, 0);
                continue;
            }
        }
        uint32_t ts, te;
        char *org;
        size_t ee;
        size_t cv;
        if ((x->tok_cls[t] & TP__C(TP_LEX_TITLE)) && tp__cv_list_at(x, t) &&
            (cv = tp__cv_list(x, t)) > t) {
            n_chain = 0;
            t = cv;
            continue;
        }
        if (tp__title(x, t, &ee, &ts, &te, &org)) {
            size_t k = ee;
            /* "Các Phó Chủ tịch UBND tỉnh: A, B và C": a title of
             * several persons, named in a list after it. */
            int plural = tp__plural_before(x, t);
            if (tp__tok_is(x, k, "–") || tp__tok_is(x, k, "-") ||
                (plural && tp__tok_is(x, k, ":")))
                k++;
            size_t n = k < x->n_toks && x->toks[k].brk ? tp__full_name(x, k) : 0;
            /* "Giám đốc Sở Y tế Hà Giang": a place found right after the
             * body is the body's place, not a name ("Hà" is also a
             * family name); a name after that place is the person's, and
             * the place is part of the title as written ("Phó Giám đốc
             * Sở Y tế Thanh Hóa Trần Văn Lâm"). */
            if (org && k == ee && k < x->n_toks && x->toks[k].brk == 1 &&
                tp__ent_overlaps(x, TP_ENT_LOCATION, x->toks[k].start,
                                 x->toks[k].end)) {
                size_t k2 = k;
                while (k2 < x->n_toks && x->toks[k2].brk == 1 && x->toks[k2].word &&
                       tp__ent_overlaps(x, TP_ENT_LOCATION, x->toks[k2].start,
                                        x->toks[k2].end))
                    k2++;
                size_t n2 = tp__full_name(x, k2);
                if (n2 && x->toks[k2].brk == 1) {
                    te = x->toks[k2 - 1].end;
                    k = k2;
                    n = n2;
                } else if (n && tp__ent_overlaps(x, TP_ENT_LOCATION, x->toks[k].start,
                                                 x->toks[k + n - 1].end)) {
                    n = 0;
                }
            }
            /* "Phó Chủ tịch UBND tỉnh Lô Văn Thuận": after a title and
             * its body a name comes even when its family name is rare. */
            if (!n && (org || tp__ent_overlaps(x, TP_ENT_LOCATION,
                                               x->toks[ee - 1].start,
                                               x->toks[ee - 1].end)))
                n = tp__unknown_name(x, k, 1);
            /* "Bộ trưởng Bounleuth Sayavong", "Thủ tướng Lào Khăm-xẻng
             * Phôm-ma-vông": a foreign name after a title. */
            if (!n && k < x->n_toks && x->toks[k].brk == 1)
                n = tp__foreign_name(x, k) - k;
            /* "Bộ trưởng Bộ Nội vụ Lào Bun Thon Chăn Thạ Phon": after a
             * foreign state's title, its syllables. */
            if (!n && tp__foreign_title(x, t, ee))
                n = tp__syllable_name(x, k, 2);
            /* "Bí thư Tỉnh ủy Khăm Xay Phôm Ma Vông": five or more
             * syllables after any title are a foreign name; after a
             * title bound to a bare level ("Chủ tịch tỉnh Xỉ Khăm
             * Phui"), two or more. */
            /* "Chủ tịch UBND xã Triệu Vân, ông Lê Văn A": after a level
             * word, a run the gazetteer lacks (a merged commune) and then
             * an honorific and a name is the place, not the person. */
            size_t lw1, he0;
            const tp_lex_entry_t *ho0;
            if (n && k == ee && k > 0 && x->toks[k - 1].shape == TP_VN_LOWER &&
                tp__lex_at(x, k - 1, TP__C(TP_LEX_LEVEL), &lw1) && lw1 == k &&
                k + n + 1 < x->n_toks &&
                (tp__tok_is(x, k + n, ",") || tp__tok_is(x, k + n, "-") ||
                 tp__tok_is(x, k + n, "–")) &&
                x->toks[k + n + 1].brk == 1 && tp__clause_start(x, t) &&
                (ho0 = tp__lex_at(x, k + n + 1, TP__C(TP_LEX_HONORIFIC), &he0)) &&
                ho0->kind == 0 && he0 < x->n_toks && x->toks[he0].brk == 1 &&
                tp__full_name(x, he0)) {
                te = x->toks[k + n - 1].end;
                ee = k + n;
                n = 0;
            }
            /* "Chủ tịch UBND xã Cẩm Bình, ông Nguyễn Văn Dũng cho biết",
             * "Giám đốc Sở Y tế - ông A": a title that opens a clause,
             * then the holder with an honorific. */
            /* Without the comma ("Phó Bí thư Tỉnh ủy đồng chí A", "Giám
             * đốc Sở Nội vụ bà B") the honorific sets the name off
             * wherever the title stands. */
            size_t he, h0 = ee;
            const tp_lex_entry_t *ho;
            if (ee + 1 < x->n_toks &&
                (tp__tok_is(x, ee, ",") || tp__tok_is(x, ee, "-") || tp__tok_is(x, ee, "–")) &&
                x->toks[ee + 1].brk == 1 && tp__clause_start(x, t))
                h0 = ee + 1;
            if (!n && h0 < x->n_toks && x->toks[h0].brk == 1 &&
                (ho = tp__lex_at(x, h0, TP__C(TP_LEX_HONORIFIC), &he)) && ho->kind == 0 &&
                he < x->n_toks && x->toks[he].brk == 1 && tp__full_name(x, he)) {
                k = he;
                n = tp__full_name(x, he);
            }
            size_t lve;
            if (!n)
                n = tp__syllable_name(
                    x, k,
                    x->toks[ee - 1].shape == TP_VN_LOWER &&
                            tp__lex_at(x, ee - 1, TP__C(TP_LEX_LEVEL), &lve)
                        ? 2
                        : 5);
            if (n) {
                /* "Tỉnh trưởng Bua Khăm": a Lao name shortened. */
                tp_entity_t *p = tp__full_name(x, k) ? NULL : tp__first_names_ref(x, k, n);
                if (!p)
                    p = tp__person_add(x, k, n);
                tp__ent_position(x, p, x->body + ts, te - ts, org);
                for (size_t i = 0; i < n_chain; i++)
                    tp__ent_position(x, p, x->body + chain[i].ts,
                                     chain[i].te - chain[i].ts, chain[i].org);
                n_chain = 0;
                t = tp__trailing_titles(x, p, k + n, NULL, 0);
                /* The other names of a plural title's list hold it too. */
                size_t n2;
                while (plural && t == k + n &&
                       (tp__tok_is(x, t, ",") || tp__tok_is(x, t, "và")) &&
                       t + 1 < x->n_toks && x->toks[t + 1].brk == 1 &&
                       (n2 = tp__full_name(x, t + 1)) > 0 && !tp__taken(x, t + 1, n2)) {
                    k = t + 1;
                    n = n2;
                    p = tp__person_add(x, k, n);
                    tp__ent_position(x, p, x->body + ts, te - ts, org);
                    t = tp__trailing_titles(x, p, k + n, NULL, 0);
                }
                continue;
            }
            /* "Ủy viên Ban Thường vụ Tỉnh ủy, Chủ tịch HĐND tỉnh Lê Hữu
             * Phước": titles listed before the name are all the name's. */
            if (tp__tok_is(x, ee, ",") && ee + 1 < x->n_toks &&
                x->toks[ee + 1].brk == 1 && n_chain < 4) {
                size_t e2;
                uint32_t ts2, te2;
                char *org2;
                if (tp__title(x, ee + 1, &e2, &ts2, &te2, &org2)) {
                    chain[n_chain++] = (struct tp__pending){ts, te, org};
                    t = ee + 1;
                    continue;
                }
            }
            n_chain = 0;
            t = ee;
            continue;
        }
        size_t n = tp__full_name(x, t);
        int weak = n >= 2 && tp__after_weak_honorific(x, t);
        if ((n >= 3 || weak) && !tp__taken(x, t, n) && !tp__place_head(x, t, n) &&
            !tp__after_place_word(x, t) &&
            /* "Đường Hồ Chí Minh": a street, "Đường" is no family name
             * there */
            !(tp__tok_is(x, t, "đường") && tp__surname(x, t + 1)) &&
            (weak || !(t > 0 && x->toks[t].brk == 1 && x->toks[t - 1].shape == TP_VN_CAP))) {
            tp_entity_t *p = tp__person_add(x, t, n);
            t = tp__trailing_titles(x, p, t + n, NULL, 0);
            continue;
        }
        /* "Trong đó: Rah Lan, Phó Chánh Văn phòng UBND tỉnh, làm ...": a
         * short name without a known family name or honorific, starting a
         * list item, with its title after it. */
        size_t ln2 = n < 3 ? tp__list_item_name(x, t) : 0;
        if (ln2) {
            tp_entity_t *p = tp__person_add(x, t, ln2);
            t = tp__trailing_titles(x, p, t + ln2, NULL, 0);
            continue;
        }
        /* "Khamphăn Phommathat, Ủy viên Bộ Chính trị, ... cho biết",
         * "Theo Khăm-phăn Phôm-ma-thắt, Phó Chủ tịch nước Lào, ...": a
         * foreign name that starts a run, with a title after it. */
        /* (Both rules below want a run of two or more words: most
         * capitalised tokens start none, and are let go at once.) */
        int run = !n && t + 1 < x->n_toks &&
                  (x->toks[t + 1].brk == 1
                       ? x->toks[t + 1].word && x->toks[t + 1].shape == TP_VN_CAP
                       : x->toks[t + 1].brk == 0 && !x->toks[t + 1].word &&
                             x->body[x->toks[t + 1].start] == '-') &&
                  tp__run_start(x, t) && tp__titled_run(x, t) &&
                  !tp_lex_is_function_word(x->fold + x->toks[t].start,
                                           x->toks[t].end - x->toks[t].start);
        size_t fn;
        if (run && (fn = tp__foreign_name(x, t)) > t && tp__sep(x, fn) &&
            tp__own_title(x, fn + 1) && tp__foreign_article(x) &&
            !tp__taken(x, t, fn - t)) {
            tp_entity_t *p = tp__person_add(x, t, fn - t);
            t = tp__trailing_titles(x, p, fn, NULL, 0);
            continue;
        }
        /* "Xỉ Khăm Phui, Phó Tỉnh trưởng tỉnh Hủa Phăn, cho biết": a name
         * in syllables that starts a run, with a title after it. */
        size_t sn;
        if (run && (sn = tp__syllable_name_at(x, t, 3)) > 0 && tp__sep(x, t + sn) && t + sn + 1 < x->n_toks &&
            x->toks[t + sn + 1].brk == 1 &&
            tp__lex_at(x, t + sn + 1, TP__C(TP_LEX_TITLE), &e) &&
            !tp__taken(x, t, sn)) {
            tp_entity_t *p = tp__first_names_ref(x, t, sn);
            if (!p)
                p = tp__person_add(x, t, sn);
            t = tp__trailing_titles(x, p, t + sn, NULL, 0);
            continue;
        }
        t++;
    }
    tp__rescan(x);
}

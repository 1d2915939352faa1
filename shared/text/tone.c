/*
 * tone.c — consistent tone-mark placement in open syllables whose nucleus
 * is oa, oe or uy (hòa/hoà, khỏe/khoẻ, ủy/uỷ).
 *
 * Written by hand: no library knows Vietnamese syllable structure. A word
 * is split into onset (b, ch, gh, gi, kh, ng, ngh, nh, ph, qu, th, tr, ...),
 * vowel nucleus and final consonants. Only a two-vowel nucleus o+a, o+e or
 * u+y with no final consonant and exactly one tone mark is touched:
 * `traditional` puts the mark on the first vowel, `modern` on the second.
 * "qu" and "gi" are onsets, so quý, quà and giá never change; hoàng, toàn,
 * thuyền (a final or a third vowel) never change.
 *
 * Speed: the text is copied in spans; a word is decoded only when it holds
 * a non-ASCII byte (every tone mark is non-ASCII), and rewritten only when
 * its mark has to move.
 */
#include <pthread.h>
#include <string.h>

#include "text/text_internal.h"

/* Vowel bases in table order. */
enum { V_A, V_AW, V_AA, V_E, V_EE, V_I, V_O, V_OO, V_OW, V_U, V_UW, V_Y, V__N };

/* Every vowel letter: per base, the six tones (none, grave, hook, tilde,
 * acute, dot), lower case then upper case. */
static const char *const tp__vowel_rows[V__N][2] = {
    {"aàảãáạ", "AÀẢÃÁẠ"}, {"ăằẳẵắặ", "ĂẰẲẴẮẶ"}, {"âầẩẫấậ", "ÂẦẨẪẤẬ"},
    {"eèẻẽéẹ", "EÈẺẼÉẸ"}, {"êềểễếệ", "ÊỀỂỄẾỆ"}, {"iìỉĩíị", "IÌỈĨÍỊ"},
    {"oòỏõóọ", "OÒỎÕÓỌ"}, {"ôồổỗốộ", "ÔỒỔỖỐỘ"}, {"ơờởỡớợ", "ƠỜỞỠỚỢ"},
    {"uùủũúụ", "UÙỦŨÚỤ"}, {"ưừửữứự", "ƯỪỬỮỨỰ"}, {"yỳỷỹýỵ", "YỲỶỸÝỴ"},
};

/* info byte: bits 0-3 base+1 (0: not a vowel), bits 4-6 tone, bit 7 upper.
 * Two windows cover every Vietnamese vowel: U+0000..U+01FF and
 * U+1EA0..U+1EFF. */
static uint8_t tp__vinfo_lo[0x200];
static uint8_t tp__vinfo_hi[0x60];
static int32_t tp__vcompose[V__N][6][2];
static pthread_once_t tp__tone_once = PTHREAD_ONCE_INIT;

/* Builds the vowel tables from the rows above. */
static void tp__tone_init(void)
{
    for (int b = 0; b < V__N; b++)
        for (int up = 0; up < 2; up++) {
            const char *s = tp__vowel_rows[b][up];
            size_t n = strlen(s), i = 0;
            for (int t = 0; t < 6 && i < n; t++) {
                int32_t cp = tp__utf8_next(s, n, &i);
                tp__vcompose[b][t][up] = cp;
                uint8_t info = (uint8_t)((b + 1) | (t << 4) | (up << 7));
                if (cp < 0x200)
                    tp__vinfo_lo[cp] = info;
                else if (cp >= 0x1EA0 && cp < 0x1F00)
                    tp__vinfo_hi[cp - 0x1EA0] = info;
            }
        }
}

/* Vowel info of a code point, 0 when it is not a Vietnamese vowel. */
static inline uint8_t tp__vinfo(int32_t cp)
{
    if (cp >= 0 && cp < 0x200)
        return tp__vinfo_lo[cp];
    if (cp >= 0x1EA0 && cp < 0x1F00)
        return tp__vinfo_hi[cp - 0x1EA0];
    return 0;
}

/* Tone (0 none, 1-5) of a Vietnamese vowel letter, -1 for anything else
 * (encoding.c scores candidate decodings with it). */
int tp__vowel_tone(int32_t cp)
{
    pthread_once(&tp__tone_once, tp__tone_init);
    uint8_t info = tp__vinfo(cp);
    return info ? (info >> 4) & 7 : -1;
}

/* Lower-case consonant letter of cp (ASCII or đ as 'd'), or 0. */
static inline int tp__consonant(int32_t cp)
{
    if (cp == 0x111 || cp == 0x110)
        return 'd';
    if (cp < 0x80) {
        int c = (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
        if (c < 'a' || c > 'z')
            return 0;
        switch (c) {
        case 'a': case 'e': case 'i': case 'o': case 'u': case 'y':
            return 0;
        default:
            return c;
        }
    }
    return 0;
}

#define TP__MAXW 10

/* Rewrites one word (cps[0..n)) in place when its tone mark must move;
 * returns 1 when it changed. */
static int tp__tone_word(int32_t *cps, int n, tp_tone_style_t style)
{
    uint8_t inf[TP__MAXW];
    char cons[TP__MAXW];
    for (int k = 0; k < n; k++) {
        inf[k] = tp__vinfo(cps[k]);
        cons[k] = inf[k] ? 0 : (char)tp__consonant(cps[k]);
        if (!inf[k] && !cons[k])
            return 0; /* not a Vietnamese syllable */
    }
    int i = 0;
    while (i < n && cons[i])
        i++;
    if (i > 3 || i == n)
        return 0;
    /* "qu" and "gi" are onsets: their vowel letter belongs to the onset
     * when another vowel follows. */
    if (i == 1 && (cons[0] == 'q' || cons[0] == 'g') && i + 1 < n &&
        inf[i + 1]) {
        int base = (inf[i] & 15) - 1;
        if ((cons[0] == 'q' && base == V_U) || (cons[0] == 'g' && base == V_I))
            i++;
    }
    int v0 = i;
    while (i < n && inf[i])
        i++;
    int v1 = i; /* nucleus [v0, v1) */
    if (v1 != n || v1 - v0 != 2)
        return 0; /* a final consonant or not a two-vowel nucleus */
    int b0 = (inf[v0] & 15) - 1, b1 = (inf[v0 + 1] & 15) - 1;
    if (!((b0 == V_O && (b1 == V_A || b1 == V_E)) || (b0 == V_U && b1 == V_Y)))
        return 0;
    int t0 = (inf[v0] >> 4) & 7, t1 = (inf[v0 + 1] >> 4) & 7;
    if ((t0 == 0) == (t1 == 0))
        return 0; /* no mark, or two (not a word we understand) */
    int up0 = inf[v0] >> 7, up1 = inf[v0 + 1] >> 7;
    if (style == TP_TONE_TRADITIONAL && t1) {
        cps[v0] = tp__vcompose[b0][t1][up0];
        cps[v0 + 1] = tp__vcompose[b1][0][up1];
        return 1;
    }
    if (style == TP_TONE_MODERN && t0) {
        cps[v0] = tp__vcompose[b0][0][up0];
        cps[v0 + 1] = tp__vcompose[b1][t0][up1];
        return 1;
    }
    return 0;
}

/* Word characters for the scanner: ASCII letters and any non-ASCII byte
 * (decoded and checked inside the word). */
static inline int tp__wordbyte(unsigned char c)
{
    return c >= 0x80 || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* Applies the tone style to text; see tp/normalizer.h. */
char *tp_tone_apply(tp_arena_t *arena, const char *text, size_t len,
                    tp_tone_style_t style, size_t *out_len)
{
    pthread_once(&tp__tone_once, tp__tone_init);
    /* A moved mark can grow a word by one byte (ù 2 bytes, ỳ 3 bytes). */
    char *out = tp_arena_alloc(arena, len + len / 2 + 8);
    size_t o = 0, copied = 0, i = 0;
    const unsigned char *p = (const unsigned char *)text;
    while (i < len) {
        if (!tp__wordbyte(p[i])) {
            i++;
            continue;
        }
        size_t ws = i;
        int hi = 0;
        while (i < len && tp__wordbyte(p[i])) {
            hi |= p[i] >= 0x80;
            i++;
        }
        if (!hi)
            continue;
        /* Only a run holding o/u before a marked letter (traditional) or
         * a marked letter before a/e/y (modern) can change. */
        int cand = 0;
        for (size_t k = ws; k + 1 < i && !cand; k++) {
            unsigned char c0 = p[k], c1 = p[k + 1];
            if (style == TP_TONE_TRADITIONAL)
                cand = c1 >= 0xC0 &&
                       ((c0 | 0x20) == 'o' || (c0 | 0x20) == 'u');
            else
                cand = (c0 & 0xC0) == 0x80 &&
                       ((c1 | 0x20) == 'a' || (c1 | 0x20) == 'e' ||
                        (c1 | 0x20) == 'y');
        }
        if (!cand)
            continue;
        /* Decode the run and split it at non-letters (quotes, dashes). */
        size_t j = ws;
        while (j < i) {
            size_t ss = j;
            int32_t cps[TP__MAXW];
            int n = 0, ok = 1;
            while (j < i) {
                size_t before = j;
                int32_t cp = tp__utf8_next(text, i, &j);
                if (cp < 0) {
                    ok = 0;
                    continue;
                }
                if (!tp__vinfo(cp) && !tp__consonant(cp) &&
                    !tp__cp_is_letter(cp)) {
                    if (before == ss) {
                        ss = j; /* leading separator */
                        continue;
                    }
                    j = before;
                    break;
                }
                if (n == TP__MAXW)
                    ok = 0;
                else
                    cps[n++] = cp;
            }
            size_t se = j;
            if (ok && n >= 2 && tp__tone_word(cps, n, style)) {
                memcpy(out + o, text + copied, ss - copied);
                o += ss - copied;
                for (int k = 0; k < n; k++)
                    o += tp__utf8_put(out + o, cps[k]);
                copied = se;
            }
            if (se < i) {
                /* skip the separator code point */
                tp__utf8_next(text, i, &j);
            }
        }
    }
    memcpy(out + o, text + copied, len - copied);
    o += len - copied;
    out[o] = '\0';
    if (out_len)
        *out_len = o;
    return out;
}

/* Parses a tone style name. */
int tp_tone_style_parse(const char *s)
{
    if (!s)
        return -1;
    if (strcmp(s, "traditional") == 0)
        return TP_TONE_TRADITIONAL;
    if (strcmp(s, "modern") == 0)
        return TP_TONE_MODERN;
    return -1;
}

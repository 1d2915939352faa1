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
 * Speed: words are not split up front; the scan looks only for the byte
 * pairs a moving mark needs (see tp__tone_fix()), decodes the word around
 * such a pair, and copies the text only when a mark moves.
 */
#include <pthread.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

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
                int32_t cp = tp__utf8_decode(s, n, &i);
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

/* Output state of a tone pass: out is allocated at the first change. */
typedef struct tp__tone_out {
    tp_arena_t *arena;
    const char *text;
    size_t len;
    char *out;
    size_t o, copied;
} tp__tone_out_t;

/* Decodes the word run text[ws..we), splits it at non-letters (quotes,
 * dashes) and rewrites each syllable whose mark has to move. */
static void tp__tone_run(tp__tone_out_t *st, size_t ws, size_t we,
                         tp_tone_style_t style)
{
    const char *text = st->text;
    size_t j = ws;
    while (j < we) {
        size_t ss = j;
        int32_t cps[TP__MAXW];
        int n = 0, ok = 1;
        while (j < we) {
            size_t before = j;
            int32_t cp = tp__utf8_decode(text, we, &j);
            if (cp < 0) {
                ok = 0;
                continue;
            }
            if (!tp__vinfo(cp) && !tp__consonant(cp) && !tp__cp_is_letter(cp)) {
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
            if (!st->out)
                /* A moved mark can grow a word by one byte (ù 2 bytes, ỳ 3
                 * bytes). */
                /* not zeroed: filled up to the NUL at the end */
                st->out = tp_arena_alloc_nz(st->arena, st->len + st->len / 2 + 8);
            memcpy(st->out + st->o, text + st->copied, ss - st->copied);
            st->o += ss - st->copied;
            for (int k = 0; k < n; k++)
                st->o += tp__utf8_put(st->out + st->o, cps[k]);
            st->copied = se;
        }
        if (se < we)
            tp__utf8_decode(text, we, &j); /* skip the separator code point */
    }
}

/* 1 when the code point starting at p[0] (a lead byte, p[0..left) valid
 * to read) is a/e/y with a tone mark: the second vowel of a syllable whose
 * mark the traditional style moves. */
static inline int tp__marked_aey(const unsigned char *p, size_t left)
{
    size_t k = 0;
    int32_t cp = tp__utf8_decode((const char *)p, left < 4 ? left : 4, &k);
    uint8_t info = tp__vinfo(cp);
    int base = (info & 15) - 1;
    return info && ((info >> 4) & 7) &&
           (base == V_A || base == V_E || base == V_Y);
}

#ifdef __SSE2__
#define TP__TONE_BLOCK 32
/* Candidate pairs (p[k-1], p[k]) for k in [i, i+16), one bit each:
 * traditional style, a plain o/u before the lead byte 0xC3 or 0xE1
 * (every marked a, e and y starts with one of them); modern style, a
 * continuation byte (the end of a marked letter) before a plain a, e, y. */
static inline uint64_t tp__cand_mask16(const unsigned char *p, size_t i,
                                       tp_tone_style_t style)
{
    const __m128i cur = _mm_loadu_si128((const __m128i *)(p + i));
    const __m128i prev = _mm_loadu_si128((const __m128i *)(p + i - 1));
    const __m128i x20 = _mm_set1_epi8(0x20);
    __m128i m;
    if (style == TP_TONE_TRADITIONAL) {
        __m128i pl = _mm_or_si128(prev, x20);
        m = _mm_and_si128(
            _mm_or_si128(_mm_cmpeq_epi8(cur, _mm_set1_epi8((char)0xC3)),
                         _mm_cmpeq_epi8(cur, _mm_set1_epi8((char)0xE1))),
            _mm_or_si128(_mm_cmpeq_epi8(pl, _mm_set1_epi8('o')),
                         _mm_cmpeq_epi8(pl, _mm_set1_epi8('u'))));
    } else {
        __m128i cl = _mm_or_si128(cur, x20);
        __m128i contb = _mm_cmpeq_epi8(
            _mm_and_si128(prev, _mm_set1_epi8((char)0xC0)),
            _mm_set1_epi8((char)0x80));
        m = _mm_and_si128(
            contb, _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(cl, _mm_set1_epi8('a')),
                                             _mm_cmpeq_epi8(cl, _mm_set1_epi8('e'))),
                                _mm_cmpeq_epi8(cl, _mm_set1_epi8('y'))));
    }
    return (uint64_t)(unsigned)_mm_movemask_epi8(m);
}

/* The same for k in [i, i+32): two blocks a step, half the loop's work
 * a byte. */
static inline uint64_t tp__cand_mask(const unsigned char *p, size_t i,
                                     tp_tone_style_t style)
{
    return tp__cand_mask16(p, i, style) |
           tp__cand_mask16(p, i + 16, style) << 16;
}
#else
#define TP__TONE_BLOCK 8
#define TP__ONES 0x0101010101010101ULL
#define TP__HIGH 0x8080808080808080ULL

/* Per byte of w: the high bit set when the byte equals c (exact, no
 * carries between bytes). */
static inline uint64_t tp__eq_bytes(uint64_t w, unsigned char c)
{
    uint64_t t = w ^ (TP__ONES * c);
    return ~(((t & ~TP__HIGH) + ~TP__HIGH) | t) & TP__HIGH;
}

/* Candidate pairs (p[k-1], p[k]) for k in [i, i+8), as the high bit of
 * byte k-i: the same test as the SSE2 version, eight bytes in a word. */
static inline uint64_t tp__cand_mask(const unsigned char *p, size_t i,
                                     tp_tone_style_t style)
{
    uint64_t cur = tp__load8(p + i), prev = tp__load8(p + i - 1);
    uint64_t m;
    if (style == TP_TONE_TRADITIONAL) {
        uint64_t pl = prev | (TP__ONES * 0x20);
        m = (tp__eq_bytes(cur, 0xC3) | tp__eq_bytes(cur, 0xE1)) &
            (tp__eq_bytes(pl, 'o') | tp__eq_bytes(pl, 'u'));
    } else {
        uint64_t cl = cur | (TP__ONES * 0x20);
        m = tp__eq_bytes(prev & (TP__ONES * 0xC0), 0x80) &
            (tp__eq_bytes(cl, 'a') | tp__eq_bytes(cl, 'e') |
             tp__eq_bytes(cl, 'y'));
    }
    /* one bit a byte, like _mm_movemask_epi8() */
    return ((m >> 7) * 0x0102040810204080ULL) >> 56;
}
#endif

/* 1 when c is an ASCII letter. */
static inline int tp__ascii_letter(unsigned char c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* Second check of a candidate pair found by tp__cand_mask(), at k: the
 * a, e or y must end its syllable (a mark only moves in an open syllable
 * with a two-vowel nucleus, so an ASCII letter right after it, a final
 * consonant or a third vowel, rules the word out: hoàng, toàn, hoạt), and
 * for the traditional style it must carry a mark. */
static inline int tp__cand_ok(const unsigned char *p, size_t k, size_t len,
                              tp_tone_style_t style)
{
    if (style == TP_TONE_TRADITIONAL) {
        size_t after = k + (p[k] == 0xC3 ? 2 : 3);
        if (after < len && tp__ascii_letter(p[after]))
            return 0;
        return tp__marked_aey(p + k, len - k);
    }
    return !(k + 1 < len && tp__ascii_letter(p[k + 1]));
}

/* 1 when the pair (p[i-1], p[i]) can start a moving mark (the byte test
 * of tp__cand_mask() for one pair, then tp__cand_ok()). */
static inline int tp__cand_at(const unsigned char *p, size_t i, size_t len,
                              tp_tone_style_t style)
{
    if (style == TP_TONE_TRADITIONAL) {
        unsigned char c0 = p[i - 1] | 0x20;
        return (p[i] == 0xC3 || p[i] == 0xE1) && (c0 == 'o' || c0 == 'u') &&
               tp__cand_ok(p, i, len, style);
    }
    unsigned char c1 = p[i] | 0x20;
    return (p[i - 1] & 0xC0) == 0x80 && (c1 == 'a' || c1 == 'e' || c1 == 'y') &&
           tp__cand_ok(p, i, len, style);
}

/* Applies the tone style; returns text itself when no mark moves,
 * otherwise a new arena string. The candidates are found without
 * splitting words, eight byte pairs at a time: traditional style can only
 * move a mark when a plain o or u stands before a marked a, e or y;
 * modern style only when a marked letter stands before a plain a, e or
 * y. The word around a candidate is then decoded and checked. */
char *tp__tone_fix(tp_arena_t *arena, char *text, size_t len,
                   tp_tone_style_t style, size_t *out_len)
{
    pthread_once(&tp__tone_once, tp__tone_init);
    tp__tone_out_t st = {arena, text, len, NULL, 0, 0};
    const unsigned char *p = (const unsigned char *)text;
    size_t i = 1;
    while (i < len) {
        size_t k = i;
        if (i + TP__TONE_BLOCK <= len) {
            uint64_t m = tp__cand_mask(p, i, style);
            for (;;) {
                if (!m) {
                    k = len; /* none in this block */
                    break;
                }
                k = i + (size_t)__builtin_ctzll(m);
                if (tp__cand_ok(p, k, len, style))
                    break;
                m &= m - 1;
            }
            if (k == len) {
                i += TP__TONE_BLOCK;
                continue;
            }
        } else if (!tp__cand_at(p, i, len, style)) {
            i++;
            continue;
        }
        /* the word run around the candidate pair (p[k-1], p[k]) */
        size_t ws = k - 1, we = k + 1;
        while (ws > st.copied && tp__wordbyte(p[ws - 1]))
            ws--;
        while (we < len && tp__wordbyte(p[we]))
            we++;
        tp__tone_run(&st, ws, we, style);
        i = we + 1;
    }
    if (!st.out) {
        if (out_len)
            *out_len = len;
        return text;
    }
    memcpy(st.out + st.o, text + st.copied, len - st.copied);
    st.o += len - st.copied;
    st.out[st.o] = '\0';
    if (out_len)
        *out_len = st.o;
    return st.out;
}

/* Applies the tone style to text; see tp/normalizer.h. */
char *tp_tone_apply(tp_arena_t *arena, const char *text, size_t len,
                    tp_tone_style_t style, size_t *out_len)
{
    char *r = tp__tone_fix(arena, (char *)text, len, style, out_len);
    return r == text ? tp_arena_strndup(arena, text, len) : r;
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

/* The style a configured name stands for; traditional unless "modern". */
tp_tone_style_t tp_tone_style_of(const char *s)
{
    return tp_tone_style_parse(s) == TP_TONE_MODERN ? TP_TONE_MODERN
                                                    : TP_TONE_TRADITIONAL;
}

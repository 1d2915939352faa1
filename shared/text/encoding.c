/*
 * encoding.c — legacy Vietnamese encodings and mojibake.
 *
 * Text arrives as clean UTF-8 (the fast path: one validating scan), as
 * UTF-8 that was decoded as CP1252 and encoded again ("Viá»‡t Nam"), as
 * raw legacy bytes (TCVN3/ABC, VNI, VISCII, CP1258), or as legacy bytes
 * that a crawler read as Latin-1/CP1252 and re-encoded ("Vieät Nam" is
 * VNI, "ViÖt Nam" is TCVN3). Each candidate decoding is scored by how
 * Vietnamese it looks (letters of the Vietnamese alphabet against Latin-1
 * letters and symbols Vietnamese never uses); the best one wins when it is
 * clearly better, and undecidable bytes are reported (class "encoding")
 * rather than passed on as a mess.
 *
 * VISCII and CP1258 go through glibc's iconv. TCVN3 and VNI are tables
 * here: glibc has no VNI at all, and its TCVN5712-1 is the VN1 variant
 * that also decodes C0 control bytes (0x01-0x17) as capital letters, which
 * TCVN3 text never means. VNI writes a letter as a base plus a diacritic
 * byte; those become combining marks that NFC (clean.c) composes.
 */
#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "text/text_internal.h"

/* CP1252 0x80-0x9F; 0 marks bytes CP1252 leaves undefined. */
static const uint16_t tp__cp1252_hi[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

/* TCVN3 (ABC) 0xA1-0xFF. Generated from glibc's TCVN5712-1 table for the
 * same bytes (identical in VN1 and VN3); 0xB0-0xB4 are combining tones. */
static const uint16_t tp__tcvn3_hi[95] = {
    0x0102, 0x00C2, 0x00CA, 0x00D4, 0x01A0, 0x01AF, 0x0110, 0x0103, /* A1 */
    0x00E2, 0x00EA, 0x00F4, 0x01A1, 0x01B0, 0x0111, 0x1EB0, 0x0300, /* A9 */
    0x0309, 0x0303, 0x0301, 0x0323, 0x00E0, 0x1EA3, 0x00E3, 0x00E1, /* B1 */
    0x1EA1, 0x1EB2, 0x1EB1, 0x1EB3, 0x1EB5, 0x1EAF, 0x1EB4, 0x1EAE, /* B9 */
    0x1EA6, 0x1EA8, 0x1EAA, 0x1EA4, 0x1EC0, 0x1EB7, 0x1EA7, 0x1EA9, /* C1 */
    0x1EAB, 0x1EA5, 0x1EAD, 0x00E8, 0x1EC2, 0x1EBB, 0x1EBD, 0x00E9, /* C9 */
    0x1EB9, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EBF, 0x1EC7, 0x00EC, 0x1EC9, /* D1 */
    0x1EC4, 0x1EBE, 0x1ED2, 0x0129, 0x00ED, 0x1ECB, 0x00F2, 0x1ED4, /* D9 */
    0x1ECF, 0x00F5, 0x00F3, 0x1ECD, 0x1ED3, 0x1ED5, 0x1ED7, 0x1ED1, /* E1 */
    0x1ED9, 0x1EDD, 0x1EDF, 0x1EE1, 0x1EDB, 0x1EE3, 0x00F9, 0x1ED6, /* E9 */
    0x1EE7, 0x0169, 0x00FA, 0x1EE5, 0x1EEB, 0x1EED, 0x1EEF, 0x1EE9, /* F1 */
    0x1EF1, 0x1EF3, 0x1EF7, 0x1EF9, 0x00FD, 0x1EF5, 0x1ED0,         /* F9 */
};

/* CP1252 decoding of one byte (undefined bytes pass as C1 controls). */
static int32_t tp__cp1252(unsigned char b)
{
    if (b >= 0x80 && b < 0xA0)
        return tp__cp1252_hi[b - 0x80] ? tp__cp1252_hi[b - 0x80] : b;
    return b;
}

/* Reverse CP1252: the byte for cp, or -1. */
static int tp__cp1252_byte(int32_t cp)
{
    if (cp < 0x100 && !(cp >= 0x80 && cp < 0xA0 && tp__cp1252_hi[cp - 0x80]))
        return (int)cp;
    for (int k = 0; k < 32; k++)
        if (tp__cp1252_hi[k] == cp)
            return 0x80 + k;
    return -1;
}

/* How Vietnamese a code point looks: +1 a letter of the Vietnamese
 * alphabet with a diacritic, -1 a character Vietnamese text does not use
 * (C1 controls, Latin-1 letters foreign to Vietnamese, Latin-1 symbols,
 * CP1252 punctuation typical of mojibake), 0 neutral. */
static int tp__viet_weight(int32_t cp)
{
    if (cp < 0x80)
        return 0;
    if (cp < 0xA0)
        return -1;
    if (cp < 0xC0)
        return cp == 0xA0 || cp == 0xAB || cp == 0xBB || cp == 0xB0 ? 0 : -1;
    if (cp < 0x100) {
        /* U+00C0..U+00FF: the letters Vietnamese uses (À Á Â Ã È É Ê Ì Í
         * Ò Ó Ô Õ Ù Ú Ý and lower case) are +1, the rest -1 */
        static const int8_t w[64] = {
            1,  1,  1,  1,  -1, -1, -1, -1, 1,  1,  1,  -1, 1,  1,  -1, -1,
            -1, -1, 1,  1,  1,  1,  -1, -1, -1, 1,  1,  -1, -1, 1,  -1, -1,
            1,  1,  1,  1,  -1, -1, -1, -1, 1,  1,  1,  -1, 1,  1,  -1, -1,
            -1, -1, 1,  1,  1,  1,  -1, -1, -1, 1,  1,  -1, -1, 1,  -1, -1,
        };
        return w[cp - 0xC0];
    }
    if (cp == 0x102 || cp == 0x103 || cp == 0x110 || cp == 0x111 ||
        cp == 0x128 || cp == 0x129 || cp == 0x168 || cp == 0x169 ||
        cp == 0x1A0 || cp == 0x1A1 || cp == 0x1AF || cp == 0x1B0)
        return 1;
    if (cp >= 0x1EA0 && cp <= 0x1EF9)
        return 1;
    if (cp == 0x192 || cp == 0x2C6 || cp == 0x2DC || cp == 0x160 ||
        cp == 0x161 || cp == 0x152 || cp == 0x153 || cp == 0x17D ||
        cp == 0x17E || cp == 0x178 || cp == 0x2020 || cp == 0x2021 ||
        cp == 0x2030 || cp == 0x2039 || cp == 0x203A || cp == 0x2122 ||
        cp == 0x201A || cp == 0x201E || cp == 0x20AC || cp == 0xFFFD)
        return -1;
    return 0;
}

typedef struct tp__score {
    size_t good, bad;
} tp__score_t;

/* Scores UTF-8 text by words: the marked letters of a word count as good
 * when the word has a syllable's shape (at most 8 letters, one tone, đ
 * only first), as bad otherwise (any byte soup decodes to letters in
 * VISCII); foreign characters always count as bad. */
static tp__score_t tp__score(const char *s, size_t n)
{
    tp__score_t sc = {0, 0};
    size_t i = 0, letters = 0, marked = 0, tones = 0, bad_d = 0;
    for (;;) {
        int32_t cp = -2;
        int letter = 0, mark = 0;
        if (i < n) {
            if ((unsigned char)s[i] < 0x80) {
                cp = (unsigned char)s[i++];
                letter = ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
            } else {
                cp = tp__utf8_decode(s, n, &i);
                if (cp < 0) {
                    sc.bad += 2;
                } else if (cp >= 0x300 && cp <= 0x36F) {
                    letter = mark = 1;
                    tones += cp == 0x300 || cp == 0x301 || cp == 0x303 ||
                             cp == 0x309 || cp == 0x323;
                } else {
                    int w = tp__viet_weight(cp);
                    if (w > 0) {
                        letter = mark = 1;
                        tones += tp__vowel_tone(cp) > 0;
                        bad_d += (cp == 0x110 || cp == 0x111) && letters > 0;
                    } else if (w < 0) {
                        sc.bad++;
                    } else {
                        letter = tp__cp_is_letter(cp);
                    }
                }
            }
        }
        if (letter) {
            letters += !(cp >= 0x300 && cp <= 0x36F);
            marked += mark;
            continue;
        }
        if (marked) {
            if (letters <= 8 && tones <= 1 && !bad_d)
                sc.good += marked;
            else
                sc.bad += marked;
        }
        letters = marked = tones = bad_d = 0;
        if (i >= n)
            break;
    }
    return sc;
}

/* Decodes bytes with a per-byte table function into the arena. */
static char *tp__decode_bytes(tp_arena_t *a, const unsigned char *b, size_t n,
                              int tcvn, size_t *out_len)
{
    char *out = tp_arena_alloc(a, n * 3 + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        int32_t cp;
        if (tcvn && b[i] >= 0xA1)
            cp = tp__tcvn3_hi[b[i] - 0xA1];
        else
            cp = tp__cp1252(b[i]);
        o += tp__utf8_put(out + o, cp);
    }
    out[o] = '\0';
    *out_len = o;
    return out;
}

/* VNI: standalone letters (lower-case byte, upper-case byte - 0x20). */
static int32_t tp__vni_single(unsigned char b)
{
    int up = b >= 0xC0 && b < 0xE0;
    unsigned char l = up ? (unsigned char)(b + 0x20) : b;
    int32_t cp;
    switch (l) {
    case 0xF4: cp = 0x1A1; break; /* ơ */
    case 0xF6: cp = 0x1B0; break; /* ư */
    case 0xF1: cp = 0x111; break; /* đ */
    case 0xEC: cp = 0xEC; break;  /* ì */
    case 0xED: cp = 0xED; break;  /* í */
    case 0xE6: cp = 0x1EC9; break; /* ỉ */
    case 0xF3: cp = 0x129; break; /* ĩ */
    case 0xF2: cp = 0x1ECB; break; /* ị */
    case 0xEE: cp = 0x1EF5; break; /* ỵ */
    default: return 0;
    }
    if (!up)
        return cp;
    switch (cp) {
    case 0x1A1: return 0x1A0;
    case 0x1B0: return 0x1AF;
    case 0x111: return 0x110;
    case 0xEC: return 0xCC;
    case 0xED: return 0xCD;
    case 0x1EC9: return 0x1EC8;
    case 0x129: return 0x128;
    case 0x1ECB: return 0x1ECA;
    default: return 0x1EF4;
    }
}

/* VNI: the combining marks of a diacritic byte (up to two), or 0. */
static int tp__vni_marks(unsigned char b, int32_t m[2])
{
    unsigned char l = (b >= 0xC0 && b < 0xE0) ? (unsigned char)(b + 0x20) : b;
    m[1] = 0;
    switch (l) {
    case 0xF9: m[0] = 0x301; return 1;
    case 0xF8: m[0] = 0x300; return 1;
    case 0xFB: m[0] = 0x309; return 1;
    case 0xF5: m[0] = 0x303; return 1;
    case 0xEF: m[0] = 0x323; return 1;
    case 0xE2: m[0] = 0x302; return 1;
    case 0xEA: m[0] = 0x306; return 1;
    case 0xE1: m[0] = 0x302; m[1] = 0x301; return 2;
    case 0xE0: m[0] = 0x302; m[1] = 0x300; return 2;
    case 0xE5: m[0] = 0x302; m[1] = 0x309; return 2;
    case 0xE3: m[0] = 0x302; m[1] = 0x303; return 2;
    case 0xE4: m[0] = 0x302; m[1] = 0x323; return 2;
    case 0xE9: m[0] = 0x306; m[1] = 0x301; return 2;
    case 0xE8: m[0] = 0x306; m[1] = 0x300; return 2;
    case 0xFA: m[0] = 0x306; m[1] = 0x309; return 2;
    case 0xFC: m[0] = 0x306; m[1] = 0x303; return 2;
    case 0xEB: m[0] = 0x306; m[1] = 0x323; return 2;
    default: return 0;
    }
}

/* Decodes VNI bytes: diacritic bytes after a vowel become combining marks,
 * the single-byte letters their letters, the rest CP1252. */
static char *tp__decode_vni(tp_arena_t *a, const unsigned char *b, size_t n,
                            size_t *out_len)
{
    char *out = tp_arena_alloc(a, n * 4 + 1);
    size_t o = 0;
    int after_vowel = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = b[i];
        int32_t m[2];
        int k;
        if (c < 0x80) {
            out[o++] = (char)c;
            after_vowel = strchr("aeiouyAEIOUY", c) && c;
            continue;
        }
        if (after_vowel && (k = tp__vni_marks(c, m)) > 0) {
            for (int j = 0; j < k; j++)
                o += tp__utf8_put(out + o, m[j]);
            after_vowel = 0;
            continue;
        }
        int32_t cp = tp__vni_single(c);
        if (cp) {
            o += tp__utf8_put(out + o, cp);
            after_vowel = cp == 0x1A1 || cp == 0x1A0 || cp == 0x1B0 || cp == 0x1AF;
            continue;
        }
        o += tp__utf8_put(out + o, tp__cp1252(c));
        after_vowel = 0;
    }
    out[o] = '\0';
    *out_len = o;
    return out;
}

/* Decodes with glibc iconv; NULL when iconv fails on the input. */
static char *tp__decode_iconv(tp_arena_t *a, const char *charset,
                              const char *in, size_t n, size_t *out_len)
{
    iconv_t cd = iconv_open("UTF-8", charset);
    if (cd == (iconv_t)-1)
        return NULL;
    size_t cap = n * 4 + 16;
    char *out = tp_arena_alloc(a, cap);
    char *ip = (char *)in, *op = out;
    size_t il = n, ol = cap - 1;
    size_t r = iconv(cd, &ip, &il, &op, &ol);
    if (r != (size_t)-1)
        r = iconv(cd, NULL, NULL, &op, &ol);
    iconv_close(cd);
    if (r == (size_t)-1)
        return NULL;
    *op = '\0';
    *out_len = (size_t)(op - out);
    return out;
}

/* Replaces malformed bytes by U+FFFD. */
static char *tp__utf8_repair(tp_arena_t *a, const char *s, size_t n,
                             size_t *out_len, size_t *bad)
{
    char *out = tp_arena_alloc(a, n * 3 + 1);
    size_t o = 0, i = 0;
    *bad = 0;
    while (i < n) {
        size_t st = i;
        int32_t cp = tp__utf8_decode(s, n, &i);
        if (cp < 0) {
            o += tp__utf8_put(out + o, 0xFFFD);
            (*bad)++;
        } else {
            memcpy(out + o, s + st, i - st);
            o += i - st;
        }
    }
    out[o] = '\0';
    *out_len = o;
    return out;
}

/* A candidate decoding. */
typedef struct tp__cand {
    const char *name;
    char *s;
    size_t n;
    long score;
    tp__score_t sc;
} tp__cand_t;

/* Scores and keeps a candidate when it is the best so far. */
static void tp__consider(tp__cand_t *best, const char *name, char *s,
                         size_t n)
{
    if (!s || !tp__utf8_valid(s, n))
        return;
    tp__score_t sc = tp__score(s, n);
    long score = (long)sc.good - 4 * (long)sc.bad;
    if (!best->s || score > best->score) {
        best->name = name;
        best->s = s;
        best->n = n;
        best->score = score;
        best->sc = sc;
    }
}

/* Tries every legacy decoding of the bytes b. */
static void tp__try_legacy(tp_arena_t *a, const unsigned char *b, size_t n,
                           tp__cand_t *best, int bytes_are_utf8_candidate)
{
    size_t l;
    char *s;
    if (bytes_are_utf8_candidate && tp__utf8_valid((const char *)b, n))
        tp__consider(best, "utf-8-as-cp1252", tp_arena_strndup(a, (const char *)b, n), n);
    s = tp__decode_vni(a, b, n, &l);
    tp__consider(best, "vni", s, l);
    s = tp__decode_bytes(a, b, n, 1, &l);
    tp__consider(best, "tcvn3", s, l);
    s = tp__decode_iconv(a, "VISCII", (const char *)b, n, &l);
    tp__consider(best, "viscii", s, l);
    s = tp__decode_iconv(a, "CP1258", (const char *)b, n, &l);
    tp__consider(best, "cp1258", s, l);
    s = tp__decode_bytes(a, b, n, 0, &l);
    tp__consider(best, "cp1252", s, l);
}

/* 1 when a decoding is convincing: Vietnamese letters and almost nothing
 * foreign. */
static int tp__convincing(const tp__cand_t *c)
{
    return c->s && c->sc.good >= 2 && c->sc.bad * 20 <= c->sc.good;
}

/* foreign2[cp] for U+0080..U+07FF (every two-byte sequence): 1 when
 * tp__viet_weight(cp) < 0. foreign_pair[] holds the same for the two
 * bytes of the sequence read as one 16-bit word (so the fast path needs
 * no decoding: one load and one look-up a letter). Filled once. */
static uint8_t tp__foreign2[0x800];
static uint8_t tp__foreign_pair[0x10000];
static pthread_once_t tp__foreign2_once = PTHREAD_ONCE_INIT;

/* The two bytes at p as one 16-bit word (the key of foreign_pair). */
static inline uint16_t tp__load2(const unsigned char *p)
{
    uint16_t w;
    memcpy(&w, p, 2);
    return w;
}

/* Fills tp__foreign2 and tp__foreign_pair from tp__viet_weight(). */
static void tp__foreign2_init(void)
{
    for (int32_t cp = 0x80; cp < 0x800; cp++) {
        tp__foreign2[cp] = tp__viet_weight(cp) < 0;
        unsigned char b[2] = {(unsigned char)(0xC0 | (cp >> 6)),
                              (unsigned char)(0x80 | (cp & 0x3F))};
        tp__foreign_pair[tp__load2(b)] = tp__foreign2[cp];
    }
}

#ifdef __SSE2__
/* Looks at 16 bytes starting at a character boundary: returns how many of
 * them are ASCII and complete, valid two-byte sequences and three-byte
 * sequences with lead 0xE1 (U+1000..U+1FFF, never foreign), 0 when they
 * are not. A sequence cut off by the end of the block is left for the
 * next one (14 or 15 bytes taken). *lead2 gets the positions of the
 * two-byte leads taken (their letters still need the foreign table). */
static inline int tp__utf8_block16(const char *p, int *lead2)
{
    const __m128i v = _mm_loadu_si128((const __m128i *)p);
    int high = _mm_movemask_epi8(v);
    if (!high) {
        *lead2 = 0;
        return 16;
    }
    /* signed compares: bytes from 0x80 up are negative */
    int cont = _mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8((char)0xC0)));
    int l2 = _mm_movemask_epi8(
        _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8((char)0xC1)),
                      _mm_cmplt_epi8(v, _mm_set1_epi8((char)0xE0))));
    int e1 = _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xE1)));
    if ((cont | l2 | e1) != high ||
        cont != (((l2 << 1) | (e1 << 1) | (e1 << 2)) & 0xFFFF))
        return 0;
    int len = (l2 | e1) & 0x8000 ? 15 : e1 & 0x4000 ? 14 : 16;
    *lead2 = l2 & 0x7FFF; /* a lead at 15 is cut off */
    return len;
}
#endif

/* Number of characters from 0x80 up in s as the scan of
 * tp__encoding_fix() steps through them: each valid sequence and each
 * malformed byte one. Only the undecided cases need it. */
static size_t tp__count_nonascii(const char *s, size_t n)
{
    size_t i = 0, c = 0;
    while (i < n) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        c++;
        tp__utf8_decode(s, n, &i);
    }
    return c;
}

/* See text_internal.h. */
const uint8_t *tp__foreign_pairs(void)
{
    pthread_once(&tp__foreign2_once, tp__foreign2_init);
    return tp__foreign_pair;
}

/* See text_internal.h. */
int tp__foreign_cp(int32_t cp)
{
    return tp__viet_weight(cp) < 0;
}

/* See text_internal.h. */
char *tp__encoding_fix(tp_arena_t *a, const char *in, size_t n,
                       size_t *out_len, const char **detected)
{
    pthread_once(&tp__foreign2_once, tp__foreign2_init);
    /* Fast path: valid UTF-8 with nothing foreign in it. Two-byte letters
     * are looked up in a table, and every three-byte sequence with lead
     * byte 0xE1 (U+1000..U+1FFF, where Vietnamese letters with two marks
     * live) is neutral or Vietnamese, so neither needs the full decoder. */
    const unsigned char *u = (const unsigned char *)in;
    size_t i = 0, bad = 0, invalid = 0; /* bad: nonzero when foreign */
#ifdef __SSE2__
    size_t scalar_until = 0; /* a block failed: go byte by byte past it */
#endif
    while (i < n) {
#ifdef __SSE2__
        if (i + 16 <= n && i >= scalar_until) {
            int lead2;
            int m = tp__utf8_block16(in + i, &lead2);
            if (m) {
                while (lead2) {
                    int k = __builtin_ctz((unsigned)lead2);
                    lead2 &= lead2 - 1;
                    bad |= tp__foreign_pair[tp__load2(u + i + k)];
                }
                i += (size_t)m;
                continue;
            }
            scalar_until = i + 16;
        }
#endif
        if (i + 8 <= n) {
            /* jump over ASCII to the next byte from 0x80 up */
            uint64_t high = tp__load8(in + i) & 0x8080808080808080ULL;
            if (!high) {
                i += 8;
                continue;
            }
            i += (size_t)__builtin_ctzll(high) >> 3;
        } else if (u[i] < 0x80) {
            i++;
            continue;
        }
        unsigned char c = u[i];
        if (c >= 0xC2 && c <= 0xDF && i + 1 < n && (u[i + 1] & 0xC0) == 0x80) {
            bad |= tp__foreign2[((c & 0x1F) << 6) | (u[i + 1] & 0x3F)];
            i += 2;
            continue;
        }
        if (c == 0xE1 && i + 2 < n && (u[i + 1] & 0xC0) == 0x80 &&
            (u[i + 2] & 0xC0) == 0x80) {
            i += 3;
            continue;
        }
        int32_t cp = tp__utf8_decode(in, n, &i);
        if (cp < 0)
            invalid++;
        else if (tp__viet_weight(cp) < 0)
            bad++;
    }
    if (!invalid && !bad) {
        *detected = "utf-8";
        *out_len = n;
        return (char *)in;
    }
    tp__cand_t best = {0};
    if (!invalid) {
        /* Valid UTF-8 with foreign characters: maybe legacy bytes read as
         * CP1252, or UTF-8 read as CP1252. Project back to bytes. */
        tp__consider(&best, "utf-8", (char *)in, n);
        unsigned char *b = tp_arena_alloc(a, n + 1);
        size_t bl = 0, j = 0;
        int projectable = 1;
        while (j < n) {
            int32_t cp = tp__utf8_decode(in, n, &j);
            int byte = tp__cp1252_byte(cp);
            if (byte < 0) {
                projectable = 0;
                break;
            }
            b[bl++] = (unsigned char)byte;
        }
        if (projectable) {
            tp__cand_t leg = {0};
            tp__try_legacy(a, b, bl, &leg, 1);
            if (tp__convincing(&leg) && leg.score > best.score &&
                strcmp(leg.name, "cp1252") != 0)
                best = leg;
        }
        *detected = best.name;
        *out_len = best.n;
        return best.s;
    }
    /* Invalid UTF-8: legacy bytes, or UTF-8 with a few broken bytes. */
    tp__try_legacy(a, (const unsigned char *)in, n, &best, 0);
    if (invalid * 1000 <= n && invalid * 20 <= tp__count_nonascii(in, n)) {
        size_t rl, nbad;
        char *r = tp__utf8_repair(a, in, n, &rl, &nbad);
        tp__score_t sc = tp__score(r, rl);
        long score = (long)sc.good - 4 * (long)(sc.bad > nbad ? sc.bad - nbad : 0);
        if (!tp__convincing(&best) || score > best.score) {
            *detected = "utf-8-repaired";
            *out_len = rl;
            return r;
        }
    }
    if (!tp__convincing(&best))
        return NULL;
    *detected = best.name;
    *out_len = best.n;
    return best.s;
}

/*
 * utf8.c — small UTF-8 helpers for the text path: decoding one code point,
 * validation, letter classes and lower-casing (classes from utf8proc).
 */
#include <pthread.h>
#include <string.h>
#include <utf8proc.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "text/text_internal.h"

/* Decodes one code point at s[*i]; see tp__utf8_decode(). */
int32_t tp__utf8_next(const char *s, size_t n, size_t *i)
{
    return tp__utf8_decode(s, n, i);
}

/* Writes cp as UTF-8; returns its length (1 to 4). */
size_t tp__utf8_put(char *out, int32_t cp)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Validates UTF-8 (the rules of tp__utf8_decode(), which are jansson's
 * too): the ASCII before the next high byte is skipped eight bytes at a
 * time, and the two- and three-byte letters of Vietnamese are checked
 * inline; anything else goes to tp__utf8_decode(). */
int tp__utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end) {
        if (end - p >= 8) {
            uint64_t hi = tp__load8(p) & 0x8080808080808080ULL;
            if (!hi) {
                p += 8;
                continue;
            }
            p += __builtin_ctzll(hi) >> 3;
        }
        unsigned c = *p;
        if (c < 0x80) {
            p++;
        } else if (c >= 0xC2 && c <= 0xDF && end - p >= 2 &&
                   (p[1] & 0xC0) == 0x80) {
            p += 2;
        } else if (c >= 0xE1 && c <= 0xEC && end - p >= 3 &&
                   (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
            p += 3; /* U+1000..U+CFFF: never overlong, never a surrogate */
        } else {
            size_t i = 0;
            if (tp__utf8_decode((const char *)p, (size_t)(end - p), &i) < 0)
                return 0;
            p += i;
        }
    }
    return 1;
}

/* Counts code points (malformed bytes count one each): every byte that
 * is not a continuation byte (10xxxxxx), eight bytes at a time. */
size_t tp__utf8_count(const char *s, size_t n)
{
    size_t c = 0, i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        uint64_t cont = (w & ~(w << 1) & 0x8080808080808080ULL) >> 7;
        /* the eight 0/1 bytes summed into the top byte */
        c += 8 - (size_t)((cont * 0x0101010101010101ULL) >> 56);
    }
    for (; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            c++;
    return c;
}

/* tp__utf8_count() that stops early: the exact count when it is at most
 * max, otherwise some number above max (a paragraph need not be counted
 * to the end to know it is long). */
size_t tp__utf8_count_max(const char *s, size_t n, size_t max)
{
    if (n <= max)
        return tp__utf8_count(s, n); /* never more code points than bytes */
    size_t c = 0, i = 0;
#ifdef __SSE2__
    /* 64 bytes a step: a byte is not a continuation byte when, read as
     * signed, it is above (char)0xBF; the lanes count them and psadbw
     * sums the lanes */
    const __m128i bf = _mm_set1_epi8((char)0xBF), zero = _mm_setzero_si128();
    for (; i + 64 <= n; i += 64) {
        __m128i acc = zero;
        for (int q = 0; q < 4; q++) {
            __m128i v = _mm_loadu_si128((const __m128i *)(s + i + 16 * q));
            acc = _mm_sub_epi8(acc, _mm_cmpgt_epi8(v, bf));
        }
        __m128i sum = _mm_sad_epu8(acc, zero);
        c += (size_t)_mm_cvtsi128_si32(sum) +
             (size_t)_mm_cvtsi128_si32(_mm_srli_si128(sum, 8));
        if (c > max)
            return c;
    }
#endif
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        uint64_t cont = (w & ~(w << 1) & 0x8080808080808080ULL) >> 7;
        c += 8 - (size_t)((cont * 0x0101010101010101ULL) >> 56);
        if (c > max)
            return c;
    }
    for (; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            c++;
    return c;
}

/* Upper-case letter (Lu or Lt). */
int tp__cp_is_upper(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

/* Lower-case letter (Ll). */
int tp__cp_is_lower(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'a' && cp <= 'z';
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

/* Any letter (L*) or combining mark (M*), so that words stay whole. */
int tp__cp_is_letter(int32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    utf8proc_category_t c = utf8proc_category(cp);
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_ME;
}

/* utf8proc_tolower() of U+0000..U+07FF and U+1E00..U+1EFF (every
 * Vietnamese letter), filled once. */
static int32_t tp__lower2[0x800];
static int32_t tp__lower_1e[0x100];
static pthread_once_t tp__lower_once = PTHREAD_ONCE_INIT;

/* Fills the lower-case tables from utf8proc. */
static void tp__lower_init(void)
{
    for (int32_t cp = 0; cp < 0x800; cp++)
        tp__lower2[cp] = utf8proc_tolower(cp);
    for (int32_t k = 0; k < 0x100; k++)
        tp__lower_1e[k] = utf8proc_tolower(0x1E00 + k);
}

/* Simple (one to one) lower-casing of NFC text (utf8proc's mapping; the
 * code points of Vietnamese text come from tables). */
char *tp__utf8_lower(tp_arena_t *a, const char *s, size_t n, size_t *out_len)
{
    pthread_once(&tp__lower_once, tp__lower_init);
    char *out = tp_arena_alloc_nz(a, n * 2 + 1); /* written up to the NUL */
    size_t o = 0, i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            out[o++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
            i++;
            continue;
        }
        size_t st = i;
        int32_t cp = tp__utf8_decode(s, n, &i);
        if (cp < 0) {
            out[o++] = s[st];
            continue;
        }
        if (cp < 0x800)
            cp = tp__lower2[cp];
        else if (cp >= 0x1E00 && cp <= 0x1EFF)
            cp = tp__lower_1e[cp - 0x1E00];
        else
            cp = utf8proc_tolower(cp);
        o += tp__utf8_put(out + o, cp);
    }
    out[o] = '\0';
    if (out_len)
        *out_len = o;
    return out;
}

/*
 * hash.c — content hash (xxh64 of the body), a 64-bit simhash over 3-word
 * shingles for near-duplicate detection, and the article id (XXH128).
 *
 * The simhash keeps its 64 bit counters eight to a 64-bit word (one byte
 * each) and spills them into 32-bit totals every 255 shingles, so a
 * shingle costs eight table look-ups and adds instead of 64 branches.
 * xxHash is compiled inline (XXH_INLINE_ALL, same results as the shared
 * library): a word is a few bytes, so the call would cost more than the
 * hash.
 */
#include <stdio.h>
#include <string.h>
#define XXH_INLINE_ALL
#include <xxhash.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "text/text_internal.h"

/* spread[b]: byte k of the result is bit k of b. */
static uint64_t tp__spread[256];
static int tp__spread_ready;

/* Fills the spread table (idempotent; the race is benign, every thread
 * writes the same values). */
static void tp__spread_init(void)
{
    if (tp__spread_ready)
        return;
    for (int b = 0; b < 256; b++) {
        uint64_t v = 0;
        for (int k = 0; k < 8; k++)
            if (b & (1 << k))
                v |= (uint64_t)1 << (8 * k);
        tp__spread[b] = v;
    }
    __atomic_store_n(&tp__spread_ready, 1, __ATOMIC_RELEASE);
}

#ifndef __SSE2__
/* Word characters for shingles: anything but ASCII space, punctuation and
 * newline (Vietnamese letters are multi-byte and all count): ASCII
 * letters and digits and every byte from 0x80 up. The table serves where
 * SSE2 is missing; tp__word_mask64() tests the same set with it. */
#define TP__X16 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
static const uint8_t tp__shingle_tab[256] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1,
    ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1,
    ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1,
    ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1,
    ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
    ['Y'] = 1, ['Z'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
    ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
    ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
    ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
    ['y'] = 1, ['z'] = 1,
    [0x80] = TP__X16, TP__X16, TP__X16, TP__X16,
    TP__X16, TP__X16, TP__X16, TP__X16,
};
#undef TP__X16
#endif

/* Mixes three word hashes into a shingle hash. */
static inline uint64_t tp__mix3(uint64_t a, uint64_t b, uint64_t c)
{
    uint64_t h = a * 0x9E3779B97F4A7C15ULL;
    h ^= (b << 21 | b >> 43) * 0xC2B2AE3D27D4EB4FULL;
    h ^= (c << 42 | c >> 22) * 0x165667B19E3779F9ULL;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 32;
    return h;
}

/* Running state of a simhash: the last two word hashes and the counters. */
typedef struct tp__sim {
    uint64_t packed[8];
    int64_t total[64];
    unsigned pending;
    uint64_t w1, w2;
    size_t nwords, nsh;
} tp__sim_t;

/* Adds the word s[0..len) (at_end: it is the last thing in the text). */
static inline void tp__sim_word(tp__sim_t *sm, const unsigned char *s,
                                size_t len, int at_end)
{
    uint64_t w = XXH3_64bits(s, len);
    sm->nwords++;
    if (sm->nwords < 3 && !at_end) {
        sm->w1 = sm->w2;
        sm->w2 = w;
        return;
    }
    uint64_t h = sm->nwords >= 3 ? tp__mix3(sm->w1, sm->w2, w) : w;
    sm->w1 = sm->w2;
    sm->w2 = w;
    for (int k = 0; k < 8; k++)
        sm->packed[k] += tp__spread[(h >> (8 * k)) & 0xFF];
    sm->nsh++;
    if (++sm->pending == 255) {
        for (int k = 0; k < 8; k++) {
            for (int b = 0; b < 8; b++)
                sm->total[8 * k + b] += (sm->packed[k] >> (8 * b)) & 0xFF;
            sm->packed[k] = 0;
        }
        sm->pending = 0;
    }
}

/* Bit k set when p[k] is a word byte, for the 64 bytes at p. */
static inline uint64_t tp__word_mask64(const unsigned char *p)
{
#ifdef __SSE2__
    uint64_t m = 0;
    const __m128i a1 = _mm_set1_epi8('a' - 1), z1 = _mm_set1_epi8('z' + 1);
    const __m128i d1 = _mm_set1_epi8('0' - 1), d9 = _mm_set1_epi8('9' + 1);
    const __m128i x20 = _mm_set1_epi8(0x20);
    for (int q = 0; q < 4; q++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + 16 * q));
        __m128i lv = _mm_or_si128(v, x20);
        __m128i alpha = _mm_and_si128(_mm_cmpgt_epi8(lv, a1), _mm_cmplt_epi8(lv, z1));
        __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, d1), _mm_cmplt_epi8(v, d9));
        /* bytes from 0x80 up are negative: their sign bit marks them */
        __m128i word = _mm_or_si128(v, _mm_or_si128(alpha, digit));
        m |= (uint64_t)(uint16_t)_mm_movemask_epi8(word) << (16 * q);
    }
    return m;
#else
    uint64_t m = 0;
    for (int k = 0; k < 64; k++)
        m |= (uint64_t)tp__shingle_tab[p[k]] << k;
    return m;
#endif
}

/* Simhash of s over 3-word shingles (fewer words: over the words). Words
 * are found 64 bytes at a time from a mask of word bytes (no branch a
 * byte); each word is hashed whole. */
uint64_t tp__simhash(const char *s, size_t n)
{
    tp__spread_init();
    tp__sim_t sm;
    memset(&sm, 0, sizeof sm);
    const unsigned char *p = (const unsigned char *)s;
    unsigned char tail[64];
    size_t st = 0;   /* start of the word in progress */
    uint64_t in = 0; /* 1 when a word runs into the next block */
    for (size_t base = 0; base < n; base += 64) {
        const unsigned char *blk = p + base;
        if (n - base < 64) { /* the last, short block: zero padded */
            memset(tail, 0, sizeof tail);
            memcpy(tail, blk, n - base);
            blk = tail;
        }
        uint64_t w = tp__word_mask64(blk);
        uint64_t prev = (w << 1) | in; /* bit k: byte k-1 is a word byte */
        uint64_t edges = (w & ~prev) | (~w & prev); /* starts and ends */
        while (edges) {
            unsigned k = (unsigned)__builtin_ctzll(edges);
            edges &= edges - 1;
            size_t at = base + k;
            if (at > n)
                break; /* padding */
            if ((w >> k) & 1)
                st = at; /* a word starts */
            else
                tp__sim_word(&sm, p + st, at - st, at == n);
        }
        in = w >> 63;
    }
    if (in && n % 64 == 0) /* a word runs to the very end */
        tp__sim_word(&sm, p + st, n - st, 1);
    for (int k = 0; k < 8; k++)
        for (int b = 0; b < 8; b++)
            sm.total[8 * k + b] += (sm.packed[k] >> (8 * b)) & 0xFF;
    uint64_t out = 0;
    for (int bit = 0; bit < 64; bit++) {
        /* total[8k+b] counts the shingles with bit 8k+b set */
        if (2 * sm.total[bit] > (int64_t)sm.nsh)
            out |= (uint64_t)1 << bit;
    }
    return out;
}

/* Writes v as 16 lower-case hex digits at out (no NUL); what "%016llx"
 * prints, without printf's machinery. */
static void tp__hex16(char *out, uint64_t v)
{
    static const char digits[] = "0123456789abcdef";
    for (int k = 15; k >= 0; k--) {
        out[k] = digits[v & 15];
        v >>= 4;
    }
}

/* Writes the hashes of art->body. */
void tp__hash_body(tp_article_t *art)
{
    const char *b = art->body ? art->body : "";
    size_t n = art->body ? art->body_len : 0;
    tp__hex16(art->content_hash, XXH64(b, n, 0));
    art->content_hash[16] = '\0';
    tp__hex16(art->simhash, tp__simhash(b, n));
    art->simhash[16] = '\0';
}

/* XXH128 hex of s. */
void tp__article_id(char id[33], const char *s, size_t n)
{
    XXH128_hash_t h = XXH3_128bits(s, n);
    tp__hex16(id, h.high64);
    tp__hex16(id + 16, h.low64);
    id[32] = '\0';
}

/*
 * hash.c — content hash (xxh64 of the body), a 64-bit simhash over 3-word
 * shingles for near-duplicate detection, and the article id (XXH128).
 *
 * The simhash counts, for each of the 64 bits, how many shingle hashes
 * have it set, and keeps the bits set in more than half of them. The low
 * bits of the 64 counters are bit-sliced: plane i holds bit i of every
 * counter, so one 64-bit operation works on all of them. Shingle hashes
 * are summed sixteen at a time with carry-save adders (Harley-Seal, as in
 * fast popcounts: about five operations a hash instead of eight table
 * look-ups and adds); what carries out of the sixteen goes into byte
 * counters (see tp__sim_t).
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

/* Counters of a simhash: count[b] (how many shingle hashes have bit b
 * set) is ones + 2 twos + 4 fours + 8 eights + 16 (c16[b] + t16[b]).
 * ones..eights are bit-sliced (plane i holds bit i of every counter, so
 * one 64-bit operation works on all 64); each block of sixteen hashes
 * leaves one more plane of sixteens, which is added to c16, a byte a bit
 * (sixteen bytes at a time with SSE2), and c16 goes into the wider t16
 * every 255 blocks, before a byte can wrap. That costs the same for every
 * block, where adding the plane into a bit-sliced binary number took a
 * carry loop as long as the carry, which mispredicted at its end. buf
 * holds up to sixteen hashes not added yet. */
typedef struct tp__sim {
    uint64_t ones, twos, fours, eights;
    _Alignas(16) uint8_t c16[64];
    uint64_t t16[64];
    unsigned nblk; /* blocks in c16 */
    uint64_t buf[16];
    unsigned nb;
} tp__sim_t;

/* Carry-save adder: a + b + c = 2 * *hi + *lo in every bit position. */
static inline void tp__csa(uint64_t *hi, uint64_t *lo, uint64_t a, uint64_t b,
                           uint64_t c)
{
    uint64_t u = a ^ b;
    *hi = (a & b) | (u & c);
    *lo = u ^ c;
}

/* Adds bit b of plane to c[b], for the 64 bits. */
static inline void tp__sim_count(uint8_t *c, uint64_t plane)
{
#ifdef __SSE2__
    /* each 16-bit piece of the plane spread over 16 bytes (its low byte
     * into bytes 0-7, its high byte into 8-15), byte j tested against
     * its own bit: all ones (-1) where set, subtracted */
    const __m128i bit = _mm_setr_epi8(1, 2, 4, 8, 16, 32, 64, -128,
                                      1, 2, 4, 8, 16, 32, 64, -128);
    for (int q = 0; q < 4; q++) {
        __m128i x = _mm_cvtsi32_si128((int)((plane >> (16 * q)) & 0xFFFF));
        x = _mm_unpacklo_epi8(x, x);
        x = _mm_unpacklo_epi16(x, x);
        x = _mm_unpacklo_epi32(x, x);
        __m128i set = _mm_cmpeq_epi8(_mm_and_si128(x, bit), bit);
        __m128i *cq = (__m128i *)(c + 16 * q);
        _mm_store_si128(cq, _mm_sub_epi8(_mm_load_si128(cq), set));
    }
#else
    for (int b = 0; b < 64; b++)
        c[b] = (uint8_t)(c[b] + ((plane >> b) & 1));
#endif
}

/* Adds the sixteen hashes in sm->buf to the counters. */
static void tp__sim_block(tp__sim_t *sm)
{
    const uint64_t *d = sm->buf;
    uint64_t twos_a, twos_b, fours_a, fours_b, eights_a, eights_b, sixteens;
    tp__csa(&twos_a, &sm->ones, sm->ones, d[0], d[1]);
    tp__csa(&twos_b, &sm->ones, sm->ones, d[2], d[3]);
    tp__csa(&fours_a, &sm->twos, sm->twos, twos_a, twos_b);
    tp__csa(&twos_a, &sm->ones, sm->ones, d[4], d[5]);
    tp__csa(&twos_b, &sm->ones, sm->ones, d[6], d[7]);
    tp__csa(&fours_b, &sm->twos, sm->twos, twos_a, twos_b);
    tp__csa(&eights_a, &sm->fours, sm->fours, fours_a, fours_b);
    tp__csa(&twos_a, &sm->ones, sm->ones, d[8], d[9]);
    tp__csa(&twos_b, &sm->ones, sm->ones, d[10], d[11]);
    tp__csa(&fours_a, &sm->twos, sm->twos, twos_a, twos_b);
    tp__csa(&twos_a, &sm->ones, sm->ones, d[12], d[13]);
    tp__csa(&twos_b, &sm->ones, sm->ones, d[14], d[15]);
    tp__csa(&fours_b, &sm->twos, sm->twos, twos_a, twos_b);
    tp__csa(&eights_b, &sm->fours, sm->fours, fours_a, fours_b);
    tp__csa(&sixteens, &sm->eights, sm->eights, eights_a, eights_b);
    tp__sim_count(sm->c16, sixteens);
    if (++sm->nblk == 255) {
        for (int b = 0; b < 64; b++)
            sm->t16[b] += sm->c16[b];
        memset(sm->c16, 0, sizeof sm->c16);
        sm->nblk = 0;
    }
    sm->nb = 0;
}

/* Counts one shingle hash. */
static inline void tp__sim_add(tp__sim_t *sm, uint64_t h)
{
    sm->buf[sm->nb++] = h;
    if (sm->nb == 16)
        tp__sim_block(sm);
}

/* The simhash of the counted hashes: bit b set when count[b] > nsh / 2. */
static uint64_t tp__sim_result(tp__sim_t *sm, size_t nsh)
{
    if (sm->nb) { /* zero hashes pad the last block and count nothing */
        memset(sm->buf + sm->nb, 0, (16 - sm->nb) * sizeof sm->buf[0]);
        tp__sim_block(sm);
    }
    uint64_t r = 0;
    for (int b = 0; b < 64; b++) {
        uint64_t count = ((sm->ones >> b) & 1) + 2 * ((sm->twos >> b) & 1) +
                         4 * ((sm->fours >> b) & 1) + 8 * ((sm->eights >> b) & 1) +
                         16 * (sm->t16[b] + sm->c16[b]);
        r |= (uint64_t)(count > nsh / 2) << b;
    }
    return r;
}

/* Bit k set when p[k] is a word byte, for the 64 bytes at p. */
static inline uint64_t tp__word_mask64(const unsigned char *p)
{
#ifdef __SSE2__
    /* A byte b is in [lo, hi] when b + (0x80 - lo), wrapped to a byte
     * and read as signed, is below -128 + (hi - lo) + 1: one add and one
     * compare a range. */
    uint64_t m = 0;
    const __m128i x20 = _mm_set1_epi8(0x20);
    const __m128i a_add = _mm_set1_epi8((char)(0x80 - 'a'));
    const __m128i a_lim = _mm_set1_epi8((char)(-128 + ('z' - 'a') + 1));
    const __m128i d_add = _mm_set1_epi8((char)(0x80 - '0'));
    const __m128i d_lim = _mm_set1_epi8((char)(-128 + ('9' - '0') + 1));
    for (int q = 0; q < 4; q++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + 16 * q));
        __m128i lv = _mm_or_si128(v, x20);
        __m128i alpha = _mm_cmplt_epi8(_mm_add_epi8(lv, a_add), a_lim);
        __m128i digit = _mm_cmplt_epi8(_mm_add_epi8(v, d_add), d_lim);
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

/* Words and shingles of a simhash in progress. */
typedef struct tp__words {
    size_t nwords, nsh;
    uint64_t w1, w2; /* the hashes of the two words before */
} tp__words_t;

/* Takes the word s[st..at) (at == n: it ends the text): counts the
 * shingle of it and the two words before; with fewer than three words
 * only a word that ends the text counts, alone. */
static inline void tp__sim_word(tp__sim_t *sm, tp__words_t *ws,
                                const unsigned char *s, size_t st, size_t at,
                                size_t n)
{
    uint64_t h = XXH3_64bits(s + st, at - st);
    ws->nwords++;
    if (ws->nwords >= 3) {
        tp__sim_add(sm, tp__mix3(ws->w1, ws->w2, h));
        ws->nsh++;
    } else if (at == n) {
        tp__sim_add(sm, h);
        ws->nsh++;
    }
    ws->w1 = ws->w2;
    ws->w2 = h;
}

/* Simhash of s over 3-word shingles (fewer words: the last word, when it
 * ends the text). Words are found 64 bytes at a time from a mask of word
 * bytes (no branch a byte); each word is hashed whole. */
uint64_t tp__simhash(const char *s, size_t n)
{
    tp__sim_t sm;
    sm.ones = sm.twos = sm.fours = sm.eights = 0;
    sm.nblk = sm.nb = 0;
    memset(sm.c16, 0, sizeof sm.c16);
    memset(sm.t16, 0, sizeof sm.t16);
    tp__words_t ws = {0, 0, 0, 0};
    const unsigned char *p = (const unsigned char *)s;
    unsigned char tail[64];
    size_t st = 0;   /* start of the word in progress */
    uint64_t in = 0; /* 1 when a word runs into the next block */
    /* The last block is zero padded and always looked at (even when empty,
     * at n % 64 == 0), so a word running to the end of the text ends at n
     * there; the padding holds no other edge. */
    for (size_t base = 0;; base += 64) {
        const unsigned char *blk = p + base;
        int last = n - base < 64;
        if (last) {
            memset(tail, 0, sizeof tail);
            memcpy(tail, blk, n - base);
            blk = tail;
        }
        uint64_t w = tp__word_mask64(blk);
        uint64_t prev = (w << 1) | in; /* bit k: byte k-1 is a word byte */
        uint64_t edges = w ^ prev;     /* starts and ends, alternating */
        if (in && edges) { /* the first edge ends the word run in */
            tp__sim_word(&sm, &ws, p, st, base + (size_t)__builtin_ctzll(edges), n);
            edges &= edges - 1;
        }
        while (edges) {
            st = base + (size_t)__builtin_ctzll(edges);
            edges &= edges - 1;
            if (!edges)
                break; /* runs into the next block */
            tp__sim_word(&sm, &ws, p, st, base + (size_t)__builtin_ctzll(edges), n);
            edges &= edges - 1;
        }
        in = w >> 63;
        if (last)
            break;
    }
    return tp__sim_result(&sm, ws.nsh);
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

/* Writes the XXH128 hex of h at id. */
static void tp__id_hex(char id[33], XXH128_hash_t h)
{
    tp__hex16(id, h.high64);
    tp__hex16(id + 16, h.low64);
    id[32] = '\0';
}

/* tp__article_id() of first, a newline and rest, hashed in pieces
 * (XXH3's streaming form gives the one-shot result) instead of joined
 * into a copy of the whole body. */
void tp__article_id_parts(char id[33], const char *first, size_t fn,
                          const char *rest, size_t rn)
{
    XXH3_state_t st;
    XXH3_128bits_reset(&st);
    XXH3_128bits_update(&st, first, fn);
    XXH3_128bits_update(&st, "\n", 1);
    XXH3_128bits_update(&st, rest, rn);
    tp__id_hex(id, XXH3_128bits_digest(&st));
}

/* XXH128 hex of s. */
void tp__article_id(char id[33], const char *s, size_t n)
{
    tp__id_hex(id, XXH3_128bits(s, n));
}

/*
 * hash.c — content hash (xxh64 of the body), a 64-bit simhash over 3-word
 * shingles for near-duplicate detection, and the article id (XXH128).
 *
 * The simhash keeps its 64 bit counters eight to a 64-bit word (one byte
 * each) and spills them into 32-bit totals every 255 shingles, so a
 * shingle costs eight table look-ups and adds instead of 64 branches.
 */
#include <stdio.h>
#include <string.h>
#include <xxhash.h>

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

/* Word characters for shingles: anything but ASCII space, punctuation and
 * newline (Vietnamese letters are multi-byte and all count). */
static inline int tp__shingle_byte(unsigned char c)
{
    return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

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

/* Simhash of s over 3-word shingles (fewer words: over the words). */
uint64_t tp__simhash(const char *s, size_t n)
{
    tp__spread_init();
    uint64_t packed[8] = {0};
    int64_t total[64] = {0};
    unsigned pending = 0;
    uint64_t w1 = 0, w2 = 0;
    size_t nwords = 0, nsh = 0;
    size_t i = 0;
    for (;;) {
        while (i < n && !tp__shingle_byte((unsigned char)s[i]))
            i++;
        if (i >= n)
            break;
        size_t st = i;
        while (i < n && tp__shingle_byte((unsigned char)s[i]))
            i++;
        uint64_t w = XXH3_64bits(s + st, i - st);
        nwords++;
        if (nwords < 3 && !(nwords >= 1 && i >= n)) {
            w1 = w2;
            w2 = w;
            continue;
        }
        uint64_t h = nwords >= 3 ? tp__mix3(w1, w2, w) : w;
        w1 = w2;
        w2 = w;
        for (int k = 0; k < 8; k++)
            packed[k] += tp__spread[(h >> (8 * k)) & 0xFF];
        nsh++;
        if (++pending == 255) {
            for (int k = 0; k < 8; k++) {
                for (int b = 0; b < 8; b++)
                    total[8 * k + b] += (packed[k] >> (8 * b)) & 0xFF;
                packed[k] = 0;
            }
            pending = 0;
        }
    }
    for (int k = 0; k < 8; k++)
        for (int b = 0; b < 8; b++)
            total[8 * k + b] += (packed[k] >> (8 * b)) & 0xFF;
    uint64_t out = 0;
    for (int bit = 0; bit < 64; bit++) {
        /* total[8k+b] counts the shingles with bit 8k+b set */
        if (2 * total[bit] > (int64_t)nsh)
            out |= (uint64_t)1 << bit;
    }
    return out;
}

/* Writes the hashes of art->body. */
void tp__hash_body(tp_article_t *art)
{
    const char *b = art->body ? art->body : "";
    size_t n = art->body ? art->body_len : 0;
    snprintf(art->content_hash, sizeof art->content_hash, "%016llx",
             (unsigned long long)XXH64(b, n, 0));
    snprintf(art->simhash, sizeof art->simhash, "%016llx",
             (unsigned long long)tp__simhash(b, n));
}

/* XXH128 hex of s. */
void tp__article_id(char id[33], const char *s, size_t n)
{
    XXH128_hash_t h = XXH3_128bits(s, n);
    snprintf(id, 33, "%016llx%016llx", (unsigned long long)h.high64,
             (unsigned long long)h.low64);
}

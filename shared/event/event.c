/*
 * event.c — the contract (tp/event.h): a tp_article_t to and from a
 * "tinpipe.article/1" JSON event, written directly and read with jansson.
 * Key order follows article-event-v1.md so that events read well; strings
 * stay UTF-8.
 */
#include "tp/event.h"

#include "event/event_internal.h"
#include "text/text_internal.h"

#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif


/*
 * Encoding writes the JSON text directly into the arena instead of building
 * a jansson tree and dumping it: the tree cost more than normalizing and
 * extracting together (one allocation per value, UTF-8 checked twice). The
 * text is what jansson's json_dumps(JSON_COMPACT | JSON_PRESERVE_ORDER)
 * writes, byte for byte, with two differences: a number field is written
 * as the extractor formatted it ("1.12", where jansson printed
 * 1.1200000000000001), and a byte that is not UTF-8 becomes U+FFFD (jansson
 * dropped the whole value), as does NUL (jansson wrote \u0000, which its
 * reader then refuses); the normalizer produces neither.
 */

/* How many field names tp__jw_field_key() remembers (2^5: the slot is
 * the top five bits of a 64-bit product). */
#define TP__JW_KEYS 32

typedef struct tp_jw {
    tp_arena_t *arena;
    char *buf;
    size_t len, cap;
    /* Entity field names found plain (no byte escaped), each in the slot
     * its address picks, with their lengths: see tp__jw_field_key(). */
    const char *keys[TP__JW_KEYS];
    size_t key_len[TP__JW_KEYS];
} tp_jw_t;

/* Grows the buffer to hold n more bytes and the final NUL. */
static void tp__jw_grow(tp_jw_t *w, size_t n)
{
    size_t cap = w->cap * 2;
    while (cap < w->len + n + 1)
        cap *= 2;
    w->buf = tp_arena_realloc_nz(w->arena, w->buf, w->len, cap);
    w->cap = cap;
}

/* Makes room for n more bytes and the final NUL (the buffer is sized for
 * the whole event up front, so it seldom grows). */
static inline void tp__jw_need(tp_jw_t *w, size_t n)
{
    if (w->len + n + 1 > w->cap)
        tp__jw_grow(w, n);
}

/* Appends n bytes. Inline: most calls are the literals of TP__JW_LIT,
 * whose copy is then a move or two instead of a call to memcpy. */
static inline void tp__jw_raw(tp_jw_t *w, const char *s, size_t n)
{
    tp__jw_need(w, n);
    memcpy(w->buf + w->len, s, n);
    w->len += n;
}

/* Only for string literals: sizeof gives their length. */
#define TP__JW_LIT(w, lit) tp__jw_raw((w), "" lit, sizeof(lit) - 1)

/* ,"key": for a key written as a literal: the contract's keys are plain
 * ASCII, which tp__jw_strn() would copy unchanged. */
#define TP__JW_KEY(w, key) TP__JW_LIT((w), ",\"" key "\":")

/* An integer in decimal (offsets are most of an event's numbers, so no
 * printf). */
static inline void tp__jw_int(tp_jw_t *w, int64_t v)
{
    /* The digits end at tmp + 24 (20 bytes hold any int64_t with its
     * sign); 24 bytes from the first are copied, a fixed size the
     * compiler copies in two moves where the number's own length was a
     * call to memcpy(). What lands past the number is room reserved in
     * the buffer, overwritten by what follows or the final NUL. */
    char tmp[48] = {0}, *end = tmp + 24, *p = end;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--p = '-';
    tp__jw_need(w, 24);
    memcpy(w->buf + w->len, p, 24);
    w->len += (size_t)(end - p);
}

#ifdef __SSE2__
/* Bit k set when byte k of v lies in [lo, hi]: b + (0x80 - lo), wrapped
 * to a byte and read as signed, is below -128 + (hi - lo) + 1. */
static inline unsigned tp__jw_range16(__m128i v, unsigned char lo,
                                      unsigned char hi)
{
    __m128i t = _mm_add_epi8(v, _mm_set1_epi8((char)(0x80 - lo)));
    return (unsigned)_mm_movemask_epi8(
        _mm_cmplt_epi8(t, _mm_set1_epi8((char)(-128 + (hi - lo) + 1))));
}

/* How many of the m bytes at v[d..d+m) (d + m = 16) tp__jw_strn() copies
 * as they are, found all at once: the longest prefix of whole characters
 * it would copy unchanged, limited to ASCII from 0x20 but '"' and '\',
 * and the UTF-8 sequences that are most of Vietnamese text: two bytes
 * (lead C2-DF) and three bytes with a lead E1-EC or EE-EF (any two
 * continuation bytes make these valid; E0 and ED restrict the second
 * byte, so they and four-byte sequences are left to the full check).
 * Bit k of each mask is byte d + k: bytes before d are dropped, and the
 * text ends at bit m. */
static inline size_t tp__jw_plain16(__m128i v, unsigned d, unsigned m)
{
    /* signed compares: bytes from 0x80 up are negative */
    unsigned high = (unsigned)_mm_movemask_epi8(v) >> d; /* 0x80 and up */
    /* controls, '"' and '\' (and every byte from 0x80 up: dropped here) */
    unsigned esc = ((unsigned)_mm_movemask_epi8(_mm_or_si128(
                        _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
                        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
                                     _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))))) >>
                    d) & ~high;
    unsigned cont = (unsigned)_mm_movemask_epi8( /* 80-BF */
                        _mm_cmplt_epi8(v, _mm_set1_epi8((char)0xC0))) >> d;
    unsigned lead2 = tp__jw_range16(v, 0xC2, 0xDF) >> d;
    /* E1-EF but ED: ED turned into FF first */
    __m128i no_ed = _mm_or_si128(v, _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xED)));
    unsigned lead3 = tp__jw_range16(no_ed, 0xE1, 0xEF) >> d;
    /* C0 C1 E0 ED F0-FF */
    unsigned other = high & ~(cont | lead2 | lead3);
    unsigned text = (1u << m) - 1;
    /* The bytes the leads need as continuations (bits m and m + 1: past
     * the text). Each continuation byte must be needed and each needed
     * byte a continuation; q is the first byte where that or anything
     * else fails (m: none). */
    unsigned need = (lead2 | lead3) << 1 | lead3 << 2;
    unsigned bad = esc | other | ((need ^ cont) & text) | 1u << m;
    unsigned q = (unsigned)__builtin_ctz(bad);
    /* Below q every byte is right, so the prefix may end at any character
     * start up to q that no lead needs as its continuation (bit m: the end
     * of the text, unless a sequence runs past it): no sequence is cut
     * there. Take the last one; 0 always qualifies. */
    unsigned ends = (((~cont & text) | 1u << m) & ~need & ((2u << q) - 1)) | 1;
    return (size_t)(31 - __builtin_clz(ends));
}

/* The n < 16 bytes at s as the first bytes of a vector (the rest zero),
 * read with loads that stay inside s[0..n) and overlap where n is not a
 * power of two. (Not from a zero-padded copy: a 16-byte load just after
 * narrower stores to the same bytes stalls.) */
static inline __m128i tp__jw_load_short(const unsigned char *s, size_t n)
{
    uint64_t lo = 0, hi = 0;
    uint32_t a, b;
    if (n >= 8) {
        memcpy(&lo, s, 8);
        if (n > 8) {
            memcpy(&hi, s + n - 8, 8);
            hi >>= 8 * (16 - n); /* keep s[8..n) */
        }
    } else if (n >= 4) {
        memcpy(&a, s, 4);
        memcpy(&b, s + n - 4, 4);
        lo = a | (uint64_t)b << (8 * (n - 4));
    } else if (n) {
        lo = s[0] | (uint64_t)s[n / 2] << (8 * (n / 2)) |
             (uint64_t)s[n - 1] << (8 * (n - 1));
    }
    return _mm_set_epi64x((long long)hi, (long long)lo);
}
#endif

/* How many bytes from s on tp__jw_strn() copies as they are, 16 at a
 * time, stopping at a character start (0 without SSE2: the loop in
 * tp__jw_strn_from() then checks every byte). Only s[0..n) is read: the
 * last partial block is the 16 bytes that end at n, the ones already
 * looked at dropped. With out, each block looked at is also stored there
 * whole, at its offset: out[0..return) is then the plain prefix, and up
 * to 16 bytes after it are scratch (out needs max(n, 16) bytes). */
static inline size_t tp__jw_plain(const unsigned char *s, size_t n, char *out)
{
#ifdef __SSE2__
    if (n < 16) {
        __m128i v = tp__jw_load_short(s, n);
        if (out)
            _mm_storeu_si128((__m128i *)out, v);
        return tp__jw_plain16(v, 0, (unsigned)n);
    }
    size_t i = 0;
    while (n - i >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
        if (out)
            _mm_storeu_si128((__m128i *)(out + i), v);
        size_t k = tp__jw_plain16(v, 0, 16);
        i += k;
        if (k == 0)
            return i;
    }
    if (i < n) {
        unsigned m = (unsigned)(n - i);
        __m128i v = _mm_loadu_si128((const __m128i *)(s + n - 16));
        if (out)
            _mm_storeu_si128((__m128i *)(out + n - 16), v);
        i += tp__jw_plain16(v, 16 - m, m);
    }
    return i;
#else
    (void)s;
    (void)n;
    (void)out;
    return 0;
#endif
}

/* The string body from s[i] on, the first i bytes being written already:
 * '"' and '\' escaped, control characters as jansson writes them (\b \f
 * \n \r \t, else \u00XX), NUL and bytes that are not UTF-8 as U+FFFD,
 * everything else copied in runs. */
static void tp__jw_strn_from(tp_jw_t *w, const char *str, size_t i, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t run = i;
    while (i < n) {
        /* Whole runs of plain characters first (tp__jw_plain16() says
         * which); the checks below go on from where they stop. */
        i += tp__jw_plain(s + i, n - i, NULL);
        if (i == n)
            break;
        /* Plain ASCII, and the two- and three-byte sequences of
         * Vietnamese letters, stay as they are; anything else goes to the
         * full check. */
        unsigned c = s[i];
        if (c < 0x80) {
            if (c >= 0x20 && c != '"' && c != '\\') {
                i++;
                continue;
            }
        } else if (c >= 0xC2 && c <= 0xDF && i + 1 < n &&
                   (s[i + 1] & 0xC0) == 0x80) {
            i += 2;
            continue;
        } else if (c >= 0xE1 && c <= 0xEC && i + 2 < n &&
                   (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
            i += 3;
            continue;
        } else {
            size_t j = i; /* the decoder's rules are jansson's */
            if (tp__utf8_decode(str, n, &j) >= 0) {
                i = j;
                continue;
            }
        }
        tp__jw_raw(w, str + run, i - run);
        char esc[8];
        size_t k = 2;
        esc[0] = '\\';
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            if (c > 0 && c < 0x20)
                k = (size_t)snprintf(esc, sizeof esc, "\\u%04X", c);
            else /* NUL, which the decoder refuses, or not UTF-8 */
                memcpy(esc, "\xEF\xBF\xBD", (k = 3));
        }
        tp__jw_raw(w, esc, k);
        run = ++i;
    }
    tp__jw_raw(w, str + run, n - run);
}

/* A JSON string (see tp__jw_strn_from()). Most strings need no escape at
 * all: they are checked and copied 16 bytes at a time first, and the
 * byte loop takes over only where a byte is not plain. */
static void tp__jw_strn(tp_jw_t *w, const char *s, size_t n)
{
    tp__jw_need(w, n + 2 + 16); /* + 16: tp__jw_plain() stores whole blocks */
    w->buf[w->len++] = '"';
    size_t i = tp__jw_plain((const unsigned char *)s, n, w->buf + w->len);
    w->len += i;
    if (i < n)
        tp__jw_strn_from(w, s, i, n);
    TP__JW_LIT(w, "\"");
}

/* The index of the first '"', '\' or '\n' in s[i..n), or n. */
static inline size_t tp__jw_clean_next(const char *s, size_t i, size_t n)
{
#ifdef __SSE2__
    const __m128i q = _mm_set1_epi8('"'), b = _mm_set1_epi8('\\'),
                  nl = _mm_set1_epi8('\n');
    for (; n - i >= 16; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(v, q), _mm_cmpeq_epi8(v, b)),
            _mm_cmpeq_epi8(v, nl)));
        if (m)
            return i + (size_t)__builtin_ctz(m);
    }
#else
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    for (; n - i >= 8; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\'),
                 nl = x ^ (ones * '\n');
        /* a zero byte in q, b or nl: the exact "has zero" test */
        uint64_t z = ((q - ones) & ~q) | ((b - ones) & ~b) |
                     ((nl - ones) & ~nl);
        if (z & high)
            break; /* found below, byte by byte */
    }
#endif
    while (i < n && s[i] != '"' && s[i] != '\\' && s[i] != '\n')
        i++;
    return i;
}

/* A JSON string of text known to be UTF-8 with no control character but
 * '\n' (tp_article_t.body_clean): only '"', '\' and '\n' need escapes, and
 * they are found 16 bytes at a time (8 without SSE2). */
static void tp__jw_clean_strn(tp_jw_t *w, const char *s, size_t n)
{
    tp__jw_need(w, n + 2);
    w->buf[w->len++] = '"';
    size_t run = 0, i;
    while ((i = tp__jw_clean_next(s, run, n)) < n) {
        tp__jw_raw(w, s + run, i - run);
        char esc[2] = {'\\', s[i] == '\n' ? 'n' : s[i]};
        tp__jw_raw(w, esc, 2);
        run = i + 1;
    }
    tp__jw_raw(w, s + run, n - run);
    TP__JW_LIT(w, "\"");
}

/* A JSON string, or null for NULL. */
static void tp__jw_str(tp_jw_t *w, const char *s)
{
    if (s)
        tp__jw_strn(w, s, strlen(s));
    else
        TP__JW_LIT(w, "null");
}

/* ,"key": for a key known only at run time (an entity's field names),
 * escaped as any string; first says whether a comma goes. */
static void tp__jw_key(tp_jw_t *w, const char *key, int first)
{
    if (!first)
        TP__JW_LIT(w, ",");
    tp__jw_str(w, key);
    TP__JW_LIT(w, ":");
}

/* ,"name": for an entity's field name. An event has thousands of them
 * but they are a few strings, mostly the same literals, so a name already
 * written plain at the same address is copied without the check: within
 * one encoding the bytes at an address do not change (the article is
 * read only, and arena memory is not reused before a reset). A name is
 * plain when its output is exactly its length + 4 (,"":), as every escape
 * or replacement is longer than the byte it stands for. */
static void tp__jw_field_key(tp_jw_t *w, const char *name)
{
    /* literals lie a few bytes apart: mix the address (Fibonacci hashing) */
    size_t k = (size_t)(((uint64_t)(uintptr_t)name * 0x9E3779B97F4A7C15u) >> 59);
    if (w->keys[k] == name) {
        TP__JW_LIT(w, ",\"");
        tp__jw_raw(w, name, w->key_len[k]);
        TP__JW_LIT(w, "\":");
        return;
    }
    size_t before = w->len, n = strlen(name);
    TP__JW_LIT(w, ",");
    tp__jw_strn(w, name, n);
    TP__JW_LIT(w, ":");
    if (w->len - before == n + 4) { /* plain: remember it */
        w->keys[k] = name;
        w->key_len[k] = n;
    }
}

/* An array of strings. */
static void tp__jw_strs(tp_jw_t *w, const char *const *v, size_t n)
{
    TP__JW_LIT(w, "[");
    for (size_t i = 0; i < n; i++) {
        if (i)
            TP__JW_LIT(w, ",");
        tp__jw_str(w, v[i]);
    }
    TP__JW_LIT(w, "]");
}

/* [[start,end],...] */
static void tp__jw_spans(tp_jw_t *w, const tp_span_t *v, size_t n)
{
    TP__JW_LIT(w, "[");
    for (size_t i = 0; i < n; i++) {
        if (i)
            TP__JW_LIT(w, ",");
        TP__JW_LIT(w, "[");
        tp__jw_int(w, v[i].start);
        TP__JW_LIT(w, ",");
        tp__jw_int(w, v[i].end);
        TP__JW_LIT(w, "]");
    }
    TP__JW_LIT(w, "]");
}

/* Whether s is a number as JSON writes it: -?(0|[1-9]d*)(.d+)?([eE][+-]?d+)? */
static int tp__json_number(const char *s)
{
    if (*s == '-')
        s++;
    if (*s == '0')
        s++;
    else if (*s >= '1' && *s <= '9')
        while (*s >= '0' && *s <= '9')
            s++;
    else
        return 0;
    if (*s == '.') {
        s++;
        if (!(*s >= '0' && *s <= '9'))
            return 0;
        while (*s >= '0' && *s <= '9')
            s++;
    }
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-')
            s++;
        if (!(*s >= '0' && *s <= '9'))
            return 0;
        while (*s >= '0' && *s <= '9')
            s++;
    }
    return *s == '\0';
}

/* A double as jansson writes it: %.17g, ".0" when that reads as an
 * integer, no '+' or leading zeros in the exponent. */
static void tp__jw_real(tp_jw_t *w, double d)
{
    char tmp[40];
    snprintf(tmp, sizeof tmp, "%.17g", d);
    char *e = strchr(tmp, 'e');
    if (!e && !strchr(tmp, '.'))
        strcat(tmp, ".0");
    if (e) {
        char *from = e + 1, *to = e + 1;
        if (*from == '-')
            *to++ = *from++;
        else if (*from == '+')
            from++;
        while (*from == '0' && from[1])
            from++;
        memmove(to, from, strlen(from) + 1);
    }
    tp__jw_raw(w, tmp, strlen(tmp));
}

/* A typed field value: a number when flagged and one, else a string. The
 * extractor's numbers are already JSON numbers and are written as they
 * are; other numerals strtod/strtoll accept are written as jansson would. */
static void tp__jw_field(tp_jw_t *w, const tp_field_t *f)
{
    if (f->is_number && f->value) {
        if (tp__json_number(f->value)) {
            tp__jw_raw(w, f->value, strlen(f->value));
            return;
        }
        char *end;
        long long ll = strtoll(f->value, &end, 10);
        if (*end == '\0' && end != f->value) {
            tp__jw_int(w, ll);
            return;
        }
        double d = strtod(f->value, &end);
        if (*end == '\0' && end != f->value && isfinite(d)) {
            tp__jw_real(w, d);
            return;
        }
    }
    tp__jw_str(w, f->value);
}

/* Whether a field name is one of the keys an entity writes itself. */
static int tp__reserved_field(const char *n)
{
    switch (n[0]) {
    case 't': return !strcmp(n, "type");
    case 'k': return !strcmp(n, "key");
    case 'n': return !strcmp(n, "name");
    case 'p': return !strcmp(n, "positions");
    case 'm': return !strcmp(n, "mentions");
    default: return 0;
    }
}

/* Whether two field names are the same (most are the same literal). */
static int tp__same_name(const char *a, const char *b)
{
    return a == b || (a[0] == b[0] && !strcmp(a, b));
}

/* One entity: type, key, name, its typed fields, positions, mentions. A
 * field name given twice keeps its first place and its last value, as a
 * JSON object built field by field does. */
static void tp__jw_entity(tp_jw_t *w, const tp_entity_t *e)
{
    /* the type names are lower-case ASCII words (article.c), copied as
     * tp__jw_strn() would copy them */
    const char *type = tp_entity_type_name(e->type);
    size_t tl = strlen(type);
    TP__JW_LIT(w, "{\"type\":\"");
    tp__jw_raw(w, type, tl);
    TP__JW_LIT(w, "\"");
    /* The key is nearly always "type:name": when it is, byte for byte,
     * and the name is plain, both are plain and copied as they are (one
     * check instead of two). */
    size_t kl = e->key ? strlen(e->key) : 0, nl = e->name ? strlen(e->name) : 0;
    if (e->key && e->name && kl == tl + 1 + nl && e->key[tl] == ':' &&
        memcmp(e->key, type, tl) == 0 &&
        memcmp(e->key + tl + 1, e->name, nl) == 0 &&
        tp__jw_plain((const unsigned char *)e->name, nl, NULL) == nl) {
        TP__JW_LIT(w, ",\"key\":\"");
        tp__jw_raw(w, e->key, kl);
        TP__JW_LIT(w, "\",\"name\":\"");
        tp__jw_raw(w, e->name, nl);
        TP__JW_LIT(w, "\"");
    } else {
        TP__JW_KEY(w, "key");
        tp__jw_str(w, e->key);
        TP__JW_KEY(w, "name");
        tp__jw_str(w, e->name);
    }
    for (size_t i = 0; i < e->n_fields; i++) {
        const char *n = e->fields[i].name;
        if (tp__reserved_field(n))
            continue;
        size_t j = 0, last = i;
        while (j < i && !tp__same_name(e->fields[j].name, n))
            j++;
        if (j < i)
            continue; /* written at its first place */
        for (j = i + 1; j < e->n_fields; j++)
            if (tp__same_name(e->fields[j].name, n))
                last = j;
        tp__jw_field_key(w, n);
        tp__jw_field(w, &e->fields[last]);
    }
    if (e->type == TP_ENT_PERSON || e->n_positions) {
        TP__JW_LIT(w, ",\"positions\":[");
        for (size_t i = 0; i < e->n_positions; i++) {
            if (i)
                TP__JW_LIT(w, ",");
            TP__JW_LIT(w, "{\"title\":");
            tp__jw_str(w, e->positions[i].title);
            TP__JW_LIT(w, ",\"organization\":");
            tp__jw_str(w, e->positions[i].organization);
            TP__JW_LIT(w, "}");
        }
        TP__JW_LIT(w, "]");
    }
    TP__JW_LIT(w, ",\"mentions\":[");
    for (size_t i = 0; i < e->n_mentions; i++) {
        if (i)
            TP__JW_LIT(w, ",");
        TP__JW_LIT(w, "{\"start\":");
        tp__jw_int(w, e->mentions[i].start);
        TP__JW_LIT(w, ",\"end\":");
        tp__jw_int(w, e->mentions[i].end);
        TP__JW_LIT(w, "}");
    }
    TP__JW_LIT(w, "]}");
}

static void tp__jw_init(tp_jw_t *w, tp_arena_t *arena, size_t guess)
{
    w->arena = arena;
    w->cap = guess < 256 ? 256 : guess;
    w->buf = tp_arena_alloc_nz(arena, w->cap);
    w->len = 0;
    memset(w->keys, 0, sizeof w->keys);
}

static char *tp__jw_done(tp_jw_t *w, size_t *out_len)
{
    w->buf[w->len] = '\0';
    if (out_len)
        *out_len = w->len;
    return w->buf;
}

char *tp_event_encode(tp_arena_t *arena, const tp_article_t *a, size_t *out_len)
{
    tp_jw_t w;
    /* Room for the body, the lead and ~250 bytes per entity, so that the
     * buffer rarely grows (the arena keeps it until the next reset). */
    tp__jw_init(&w, arena, 2 * a->body_len + 1024 + a->n_entities * 256);
    TP__JW_LIT(&w, "{\"schema\":\"" TP_EVENT_SCHEMA "\",\"article_id\":");
    tp__jw_str(&w, a->article_id);
    TP__JW_LIT(&w, ",\"source\":{\"url\":");
    tp__jw_str(&w, a->url);
    TP__JW_KEY(&w, "site");
    tp__jw_str(&w, a->site);
    TP__JW_KEY(&w, "topic");
    tp__jw_str(&w, a->topic);
    TP__JW_KEY(&w, "partition");
    if (a->topic)
        tp__jw_int(&w, a->partition);
    else
        TP__JW_LIT(&w, "null");
    TP__JW_KEY(&w, "offset");
    if (a->topic)
        tp__jw_int(&w, a->offset);
    else
        TP__JW_LIT(&w, "null");
    TP__JW_KEY(&w, "fetched_at");
    tp__jw_str(&w, a->fetched_at);
    TP__JW_LIT(&w, "}");
    TP__JW_KEY(&w, "title");
    tp__jw_str(&w, a->title);
    TP__JW_KEY(&w, "published_at");
    tp__jw_str(&w, a->published_at);
    TP__JW_KEY(&w, "authors");
    tp__jw_strs(&w, a->authors, a->n_authors);
    TP__JW_KEY(&w, "agency");
    tp__jw_str(&w, a->agency);
    TP__JW_KEY(&w, "lead");
    tp__jw_str(&w, a->lead);
    TP__JW_KEY(&w, "body");
    if (a->body && a->body_clean)
        tp__jw_clean_strn(&w, a->body, a->body_len);
    else
        tp__jw_strn(&w, a->body ? a->body : "", a->body ? a->body_len : 0);
    TP__JW_KEY(&w, "paragraphs");
    tp__jw_spans(&w, a->paragraphs, a->n_paragraphs);
    TP__JW_KEY(&w, "captions");
    tp__jw_strs(&w, a->captions, a->n_captions);
    TP__JW_KEY(&w, "tags");
    tp__jw_strs(&w, a->tags, a->n_tags);
    TP__JW_KEY(&w, "view_count");
    if (a->view_count >= 0)
        tp__jw_int(&w, a->view_count);
    else
        TP__JW_LIT(&w, "null");
    TP__JW_LIT(&w, ",\"removed\":[");
    for (size_t i = 0; i < a->n_removed; i++) {
        if (i)
            TP__JW_LIT(&w, ",");
        TP__JW_LIT(&w, "{\"kind\":");
        tp__jw_str(&w, a->removed[i].kind);
        TP__JW_LIT(&w, ",\"text\":");
        tp__jw_str(&w, a->removed[i].text);
        TP__JW_LIT(&w, "}");
    }
    TP__JW_LIT(&w, "]");
    TP__JW_KEY(&w, "content_hash");
    tp__jw_str(&w, a->content_hash);
    TP__JW_KEY(&w, "simhash");
    tp__jw_str(&w, a->simhash);
    TP__JW_LIT(&w, ",\"versions\":{\"normalizer\":");
    tp__jw_str(&w, a->normalizer_version);
    TP__JW_LIT(&w, ",\"extractor\":");
    tp__jw_str(&w, a->extractor_version);
    TP__JW_LIT(&w, ",\"gazetteer\":");
    tp__jw_str(&w, a->gazetteer_version);
    TP__JW_LIT(&w, "},\"entities\":[");
    for (size_t i = 0; i < a->n_entities; i++) {
        if (i)
            TP__JW_LIT(&w, ",");
        tp__jw_entity(&w, &a->entities[i]);
    }
    TP__JW_LIT(&w, "]}");
    return tp__jw_done(&w, out_len);
}

char *tp_event_encode_error(tp_arena_t *arena, const tp_raw_article_t *in,
                            const char *file, const tp_error_t *err)
{
    tp_jw_t w;
    tp__jw_init(&w, arena, 256);
    TP__JW_LIT(&w, "{\"schema\":\"" TP_EVENT_SCHEMA "\",\"error\":{\"class\":");
    tp__jw_str(&w, err->cls);
    TP__JW_LIT(&w, ",\"reason\":");
    tp__jw_str(&w, err->msg);
    TP__JW_LIT(&w, "},\"source\":{");
    int first = 1;
    if (file) {
        tp__jw_key(&w, "file", first);
        tp__jw_str(&w, file);
        first = 0;
    }
    if (in && in->topic) {
        tp__jw_key(&w, "topic", first);
        tp__jw_str(&w, in->topic);
        TP__JW_KEY(&w, "partition");
        tp__jw_int(&w, in->partition);
        TP__JW_KEY(&w, "offset");
        tp__jw_int(&w, in->offset);
    }
    TP__JW_LIT(&w, "}}");
    return tp__jw_done(&w, NULL);
}

/* 1 when UTF-8 text (jansson checked it) has no control character but
 * '\n': no C0 control, DEL, or C1 control (C2 80 to C2 9F). */
int tp__event_no_controls(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    for (size_t i = 0; i < n; i++) {
        unsigned c = s[i];
        if ((c < 0x20 && c != '\n') || c == 0x7F ||
            (c == 0xC2 && i + 1 < n && s[i + 1] < 0xA0))
            return 0;
    }
    return 1;
}

/*
 * Decoding. The event came over Kafka from another process, so every field
 * is checked: wrong types and offsets outside the body are "schema" errors.
 */

typedef struct tp_dec {
    tp_arena_t *arena;
    tp_error_t *err;
    int failed;
} tp_dec_t;

/* Records the first schema error. */
static void tp__dec_fail(tp_dec_t *d, const char *field, const char *what)
{
    if (!d->failed)
        tp_error_set(d->err, TP_ERR_INPUT, "schema", "field \"%s\": %s",
                     field, what);
    d->failed = 1;
}

/* An optional string field: NULL when absent or null. */
static const char *tp__dec_str(tp_dec_t *d, json_t *o, const char *field)
{
    json_t *v = json_object_get(o, field);
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_string(v)) {
        tp__dec_fail(d, field, "expected a string");
        return NULL;
    }
    return tp_arena_strndup(d->arena, json_string_value(v),
                            json_string_length(v));
}

/* An optional integer field; def when absent or null. */
static int64_t tp__dec_int(tp_dec_t *d, json_t *o, const char *field,
                           int64_t def)
{
    json_t *v = json_object_get(o, field);
    if (!v || json_is_null(v))
        return def;
    if (!json_is_integer(v)) {
        tp__dec_fail(d, field, "expected an integer");
        return def;
    }
    return json_integer_value(v);
}

/* An array of strings; n receives its length. */
static const char **tp__dec_strs(tp_dec_t *d, json_t *o, const char *field,
                                 size_t *n)
{
    *n = 0;
    json_t *v = json_object_get(o, field);
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_array(v)) {
        tp__dec_fail(d, field, "expected an array of strings");
        return NULL;
    }
    size_t len = json_array_size(v);
    const char **r = tp_arena_alloc(d->arena, (len + 1) * sizeof *r);
    for (size_t i = 0; i < len; i++) {
        json_t *s = json_array_get(v, i);
        if (!json_is_string(s)) {
            tp__dec_fail(d, field, "expected an array of strings");
            return NULL;
        }
        r[i] = tp_arena_strndup(d->arena, json_string_value(s),
                                json_string_length(s));
    }
    *n = len;
    return r;
}

/* Checks that [start, end) lies inside a body of body_len bytes. */
static int tp__dec_span(tp_dec_t *d, const char *field, json_int_t start,
                        json_int_t end, size_t body_len, tp_span_t *out)
{
    if (start < 0 || end < start || (size_t)end > body_len) {
        tp__dec_fail(d, field, "span outside the body");
        return -1;
    }
    out->start = (uint32_t)start;
    out->end = (uint32_t)end;
    return 0;
}

/* Reads one entity object into e. */
static void tp__dec_entity(tp_dec_t *d, json_t *o, size_t body_len,
                           tp_entity_t *e)
{
    if (!json_is_object(o)) {
        tp__dec_fail(d, "entities", "expected objects");
        return;
    }
    const char *type = tp__dec_str(d, o, "type");
    int t = type ? tp_entity_type_from_name(type) : -1;
    if (t < 0) {
        tp__dec_fail(d, "entities[].type", "unknown entity type");
        return;
    }
    e->type = (tp_entity_type_t)t;
    e->key = tp__dec_str(d, o, "key");
    e->name = tp__dec_str(d, o, "name");
    if (!e->key) {
        tp__dec_fail(d, "entities[].key", "missing");
        return;
    }
    size_t nf = json_object_size(o);
    e->fields = tp_arena_alloc(d->arena, nf * sizeof *e->fields + 1);
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v)
    {
        if (!strcmp(k, "type") || !strcmp(k, "key") || !strcmp(k, "name") ||
            !strcmp(k, "positions") || !strcmp(k, "mentions"))
            continue;
        tp_field_t *f = &e->fields[e->n_fields];
        if (json_is_string(v))
            f->value = tp_arena_strdup(d->arena, json_string_value(v));
        else if (json_is_integer(v)) {
            f->value = tp_arena_printf(d->arena, "%" JSON_INTEGER_FORMAT,
                                       json_integer_value(v));
            f->is_number = 1;
        } else if (json_is_real(v)) {
            f->value = tp_arena_printf(d->arena, "%.17g", json_real_value(v));
            f->is_number = 1;
        } else if (json_is_null(v))
            continue;
        else {
            tp__dec_fail(d, k, "entity fields are strings or numbers");
            return;
        }
        f->name = tp_arena_strdup(d->arena, k);
        e->n_fields++;
    }
    json_t *ps = json_object_get(o, "positions");
    if (ps && json_is_array(ps)) {
        e->positions = tp_arena_alloc(d->arena, json_array_size(ps) *
                                                    sizeof *e->positions + 1);
        size_t i;
        json_t *p;
        json_array_foreach(ps, i, p)
        {
            if (!json_is_object(p)) {
                tp__dec_fail(d, "positions", "expected objects");
                return;
            }
            e->positions[i].title = tp__dec_str(d, p, "title");
            e->positions[i].organization = tp__dec_str(d, p, "organization");
            e->n_positions++;
        }
    } else if (ps && !json_is_null(ps)) {
        tp__dec_fail(d, "positions", "expected an array");
    }
    json_t *ms = json_object_get(o, "mentions");
    if (ms && json_is_array(ms)) {
        e->mentions = tp_arena_alloc(d->arena, json_array_size(ms) *
                                                   sizeof *e->mentions + 1);
        size_t i;
        json_t *m;
        json_array_foreach(ms, i, m)
        {
            json_t *s = json_object_get(m, "start"), *en = json_object_get(m, "end");
            if (!json_is_integer(s) || !json_is_integer(en)) {
                tp__dec_fail(d, "mentions", "expected {start, end} integers");
                return;
            }
            if (tp__dec_span(d, "mentions", json_integer_value(s),
                             json_integer_value(en), body_len,
                             &e->mentions[e->n_mentions]) == 0)
                e->n_mentions++;
        }
    } else if (ms && !json_is_null(ms)) {
        tp__dec_fail(d, "mentions", "expected an array");
    }
}

/* Copies s (at most n bytes) into a fixed buffer if it is lower-case hex. */
static void tp__dec_hex(tp_dec_t *d, json_t *o, const char *field, char *out,
                        size_t cap, int required)
{
    const char *s = tp__dec_str(d, o, field);
    if (!s) {
        if (required)
            tp__dec_fail(d, field, "missing");
        return;
    }
    size_t n = strlen(s);
    if (n == 0 || n >= cap || strspn(s, "0123456789abcdef") != n) {
        tp__dec_fail(d, field, "expected a hex digest");
        return;
    }
    memcpy(out, s, n + 1);
}

tp_err_t tp__event_decode_jansson(tp_arena_t *arena, const char *json,
                                  size_t len, tp_article_t *a, tp_error_t *err)
{
    tp_article_init(a);
    json_error_t jerr;
    json_t *o = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!o)
        return tp_error_set(err, TP_ERR_INPUT, "json",
                            "invalid JSON at line %d column %d: %s", jerr.line,
                            jerr.column, jerr.text);
    tp_dec_t d = {arena, err, 0};
    if (!json_is_object(o)) {
        json_decref(o);
        return tp_error_set(err, TP_ERR_INPUT, "schema",
                            "an event is a JSON object");
    }
    const char *schema = tp__dec_str(&d, o, "schema");
    if (!schema || strcmp(schema, TP_EVENT_SCHEMA) != 0) {
        json_decref(o);
        return tp_error_set(err, TP_ERR_INPUT, "schema",
                            "field \"schema\": expected \"%s\", got \"%s\"",
                            TP_EVENT_SCHEMA, schema ? schema : "(none)");
    }
    tp__dec_hex(&d, o, "article_id", a->article_id, sizeof a->article_id, 1);
    json_t *src = json_object_get(o, "source");
    if (src && json_is_object(src)) {
        a->url = tp__dec_str(&d, src, "url");
        a->site = tp__dec_str(&d, src, "site");
        a->topic = tp__dec_str(&d, src, "topic");
        a->partition = (int32_t)tp__dec_int(&d, src, "partition", -1);
        a->offset = tp__dec_int(&d, src, "offset", -1);
        a->fetched_at = tp__dec_str(&d, src, "fetched_at");
    } else if (src && !json_is_null(src)) {
        tp__dec_fail(&d, "source", "expected an object");
    }
    a->title = tp__dec_str(&d, o, "title");
    a->published_at = tp__dec_str(&d, o, "published_at");
    a->authors = tp__dec_strs(&d, o, "authors", &a->n_authors);
    a->agency = tp__dec_str(&d, o, "agency");
    a->lead = tp__dec_str(&d, o, "lead");
    json_t *body = json_object_get(o, "body");
    if (!json_is_string(body)) {
        tp__dec_fail(&d, "body", "expected a string");
    } else {
        a->body_len = json_string_length(body);
        a->body = tp_arena_strndup(arena, json_string_value(body), a->body_len);
        a->body_clean = tp__event_no_controls(a->body, a->body_len);
    }
    json_t *ps = json_object_get(o, "paragraphs");
    if (ps && json_is_array(ps)) {
        a->paragraphs = tp_arena_alloc(arena, json_array_size(ps) *
                                                  sizeof *a->paragraphs + 1);
        size_t i;
        json_t *p;
        json_array_foreach(ps, i, p)
        {
            if (!json_is_array(p) || json_array_size(p) != 2 ||
                !json_is_integer(json_array_get(p, 0)) ||
                !json_is_integer(json_array_get(p, 1))) {
                tp__dec_fail(&d, "paragraphs", "expected [start, end] pairs");
                break;
            }
            if (tp__dec_span(&d, "paragraphs",
                             json_integer_value(json_array_get(p, 0)),
                             json_integer_value(json_array_get(p, 1)),
                             a->body_len, &a->paragraphs[a->n_paragraphs]) == 0)
                a->n_paragraphs++;
        }
    } else if (ps && !json_is_null(ps)) {
        tp__dec_fail(&d, "paragraphs", "expected an array");
    }
    a->captions = tp__dec_strs(&d, o, "captions", &a->n_captions);
    a->tags = tp__dec_strs(&d, o, "tags", &a->n_tags);
    a->view_count = tp__dec_int(&d, o, "view_count", -1);
    json_t *rm = json_object_get(o, "removed");
    if (rm && json_is_array(rm)) {
        a->removed = tp_arena_alloc(arena, json_array_size(rm) *
                                               sizeof *a->removed + 1);
        size_t i;
        json_t *r;
        json_array_foreach(rm, i, r)
        {
            if (!json_is_object(r)) {
                tp__dec_fail(&d, "removed", "expected objects");
                break;
            }
            a->removed[i].kind = tp__dec_str(&d, r, "kind");
            a->removed[i].text = tp__dec_str(&d, r, "text");
            a->n_removed++;
        }
    }
    tp__dec_hex(&d, o, "content_hash", a->content_hash, sizeof a->content_hash, 0);
    tp__dec_hex(&d, o, "simhash", a->simhash, sizeof a->simhash, 0);
    json_t *ver = json_object_get(o, "versions");
    if (ver && json_is_object(ver)) {
        a->normalizer_version = tp__dec_str(&d, ver, "normalizer");
        a->extractor_version = tp__dec_str(&d, ver, "extractor");
        a->gazetteer_version = tp__dec_str(&d, ver, "gazetteer");
    }
    json_t *ents = json_object_get(o, "entities");
    if (ents && json_is_array(ents)) {
        size_t n = json_array_size(ents);
        a->entities = tp_arena_alloc(arena, n * sizeof *a->entities + 1);
        for (size_t i = 0; i < n && !d.failed; i++)
            tp__dec_entity(&d, json_array_get(ents, i), a->body_len,
                           &a->entities[a->n_entities++]);
    } else if (ents && !json_is_null(ents)) {
        tp__dec_fail(&d, "entities", "expected an array");
    }
    json_decref(o);
    if (d.failed)
        return TP_ERR_INPUT;
    return TP_OK;
}

/* The events tp_event_encode() writes are read by event_fast.c without a
 * tree; anything it is not sure of (every error included) goes to jansson,
 * which gives the results and messages it always gave. */
tp_err_t tp_event_decode(tp_arena_t *arena, const char *json, size_t len,
                         tp_article_t *a, tp_error_t *err)
{
    if (tp__event_decode_fast(arena, json, len, a))
        return TP_OK;
    return tp__event_decode_jansson(arena, json, len, a, err);
}

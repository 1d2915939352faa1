/*
 * envelope.c — reads the common JSON envelope without building a jansson
 * tree: one flat object whose values are strings, null, numbers, true or
 * false. Strings are unescaped straight into the arena.
 *
 * jansson stays the reference: this reader accepts only input on which
 * json_loadb(data, len, 0) succeeds and gives the same fields, and
 * declines (returns 0) everything else: nested values, a wanted field
 * given twice or not as a string or null, \u0000, unpaired surrogates,
 * invalid UTF-8 anywhere, whitespace other than JSON's four, bytes after
 * the object, numbers it cannot be sure jansson reads without overflow,
 * any syntax error, no content. tp_normalize() then runs the jansson path,
 * which gives its results and its error messages as before. What jansson
 * does that this file mirrors (jansson 2.14, src/load.c):
 *   - the whole buffer is checked as UTF-8 (utf8_check_full: no overlong
 *     form, surrogate or code point above U+10FFFF), inside strings or not;
 *   - string escapes \" \\ \/ \b \f \n \r \t and \uXXXX (either case of
 *     hex), a high surrogate only with a low one after it;
 *   - with flags 0 a repeated key replaces the earlier value, which can
 *     only matter for the wanted keys, so only those are refused twice.
 * tests/fuzz/fuzz_envelope.c checks this reader against jansson.
 */
#include <string.h>

#include "text/text_internal.h"

/* The wanted keys, in the order of tp__envelope_t's pointers. */
static const char *const tp__env_keys[] = {
    "url", "site", "fetched_at", "published_at", "title", "text", "html",
};
enum { TP__ENV_N = sizeof tp__env_keys / sizeof *tp__env_keys };

/* JSON's whitespace, the only bytes jansson skips between tokens. */
static int tp__env_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Skips whitespace from p; returns the first other byte's position. */
static const char *tp__env_skip(const char *p, const char *end)
{
    while (p < end && tp__env_ws((unsigned char)*p))
        p++;
    return p;
}

/* The four hex digits at p as a number; -1 when one is not hex. */
static int32_t tp__env_hex4(const char *p)
{
    int32_t v = 0;
    for (int i = 0; i < 4; i++) {
        unsigned char c = (unsigned char)p[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= c - '0';
        else if (c >= 'a' && c <= 'f')
            v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v |= c - 'A' + 10;
        else
            return -1;
    }
    return v;
}

/* 1 when one of the eight bytes in w is '"', '\\' or a control byte (below
 * 0x20), the bytes that end a run of plain string content (the classic
 * "has a zero byte" and "has a byte below n" tests, exact for "any"). */
static int tp__env_special8(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101ULL;
    uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\');
    uint64_t any =
        ((q - ones) & ~q) | ((b - ones) & ~b) | ((w - ones * 0x20) & ~w);
    return (any & 0x8080808080808080ULL) != 0;
}

/* Reads the string whose opening quote is just before p, writing its
 * unescaped, NUL-terminated value to out; *out_len receives its length.
 * Returns the position after the closing quote, NULL to decline. out
 * never runs ahead of p (no escape is shorter than what it stands for),
 * which is what lets the caller hand out one buffer of the input's size.
 * Also the string reader of event_fast.c (text_internal.h). */
const char *tp__env_string(const char *p, const char *end, char *out,
                           size_t *out_len)
{
    char *o = out;
    while (p < end) {
        /* A run of plain content, found eight bytes at a time, is checked
         * as UTF-8 and copied whole. It ends at an ASCII byte, which no
         * valid sequence spans, so a sequence cut by the run's end is
         * invalid here as it is for jansson. */
        const char *r = p;
        while (end - r >= 8 && !tp__env_special8(tp__load8(r)))
            r += 8;
        while (r < end && *r != '"' && *r != '\\' && (unsigned char)*r >= 0x20)
            r++;
        if (r > p) {
            if (!tp__utf8_valid(p, (size_t)(r - p)))
                return NULL;
            memcpy(o, p, (size_t)(r - p));
            o += r - p;
            p = r;
            if (p == end)
                break;
        }
        unsigned char c = (unsigned char)*p;
        if (c == '"') {
            *o = '\0';
            *out_len = (size_t)(o - out);
            return p + 1;
        }
        if (c < 0x20) /* jansson: control character, unexpected newline */
            return NULL;
        /* c is '\\' */
        if (end - p < 2)
            return NULL;
        c = (unsigned char)p[1];
        p += 2;
        switch (c) {
        case '"':
        case '\\':
        case '/':
            *o++ = (char)c;
            continue;
        case 'b':
            *o++ = '\b';
            continue;
        case 'f':
            *o++ = '\f';
            continue;
        case 'n':
            *o++ = '\n';
            continue;
        case 'r':
            *o++ = '\r';
            continue;
        case 't':
            *o++ = '\t';
            continue;
        case 'u':
            break;
        default:
            return NULL;
        }
        if (end - p < 4)
            return NULL;
        int32_t cp = tp__env_hex4(p);
        p += 4;
        /* jansson refuses \u0000 (flags 0) and any unpaired surrogate */
        if (cp <= 0 || (cp >= 0xDC00 && cp <= 0xDFFF))
            return NULL;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (end - p < 6 || p[0] != '\\' || p[1] != 'u')
                return NULL;
            int32_t lo = tp__env_hex4(p + 2);
            if (lo < 0xDC00 || lo > 0xDFFF)
                return NULL;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            p += 6;
        }
        o += tp__utf8_put(o, cp);
    }
    return NULL; /* no closing quote */
}

/* Scans a JSON number at p (-?(0|[1-9]d*)(.d+)?([eE][+-]?d+)?): returns
 * its end, or NULL when p does not start one; the counts of its integer
 * and exponent digits and whether it is a real (a '.' or an exponent)
 * go to *int_digits, *exp_digits and *real. */
const char *tp__json_number_end(const char *p, const char *end,
                                size_t *int_digits, size_t *exp_digits,
                                int *real)
{
    if (p < end && *p == '-')
        p++;
    const char *d = p;
    while (p < end && *p >= '0' && *p <= '9')
        p++;
    *int_digits = (size_t)(p - d);
    *exp_digits = 0;
    *real = 0;
    if (p == d || (p - d > 1 && *d == '0'))
        return NULL;
    if (p < end && *p == '.') {
        d = ++p;
        while (p < end && *p >= '0' && *p <= '9')
            p++;
        if (p == d)
            return NULL;
        *real = 1;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < end && (*p == '+' || *p == '-'))
            p++;
        d = p;
        while (p < end && *p >= '0' && *p <= '9')
            p++;
        if (p == d)
            return NULL;
        *exp_digits = (size_t)(p - d);
        *real = 1;
    }
    return p;
}

/* Skips a number at p if it is one jansson reads without overflow (an
 * integer of at most 18 digits; a real whose integer part has at most 18
 * digits and whose exponent at most 2); NULL to decline. Its value is
 * never needed: a number is only ever a field to ignore. */
static const char *tp__env_number(const char *p, const char *end)
{
    size_t nd, ne;
    int real;
    const char *q = tp__json_number_end(p, end, &nd, &ne, &real);
    return q && nd <= 18 && ne <= 2 ? q : NULL;
}

/* Reads the envelope in s[0..n); see text_internal.h. */
int tp__envelope_parse(tp_arena_t *a, const char *s, size_t n,
                       tp__envelope_t *env)
{
    const char *end = s + n;
    const char *p = tp__env_skip(s, end);
    if (p == end || *p != '{')
        return 0;
    /* Every wanted value goes to buf; their lengths plus NULs add up to
     * less than n (each came from a quoted string at least two bytes
     * longer than itself), and keys and ignored values are unescaped at
     * the free end of it, which stays behind p. */
    char *buf = tp_arena_alloc_nz(a, n + 1);
    size_t used = 0;
    const char *val[TP__ENV_N] = {0};
    size_t len[TP__ENV_N] = {0};
    unsigned char seen[TP__ENV_N] = {0};
    p = tp__env_skip(p + 1, end);
    if (p < end && *p == '}')
        return 0; /* {} has no content */
    for (;;) {
        if (p == end || *p != '"')
            return 0;
        size_t klen;
        p = tp__env_string(p + 1, end, buf + used, &klen);
        if (!p)
            return 0;
        int f = TP__ENV_N;
        for (int k = 0; k < TP__ENV_N; k++)
            if (strlen(tp__env_keys[k]) == klen &&
                memcmp(tp__env_keys[k], buf + used, klen) == 0)
                f = k;
        if (f < TP__ENV_N && seen[f]++)
            return 0; /* jansson keeps the last; not worth mirroring */
        p = tp__env_skip(p, end);
        if (p == end || *p != ':')
            return 0;
        p = tp__env_skip(p + 1, end);
        if (p == end)
            return 0;
        if (*p == '"') {
            size_t vlen;
            p = tp__env_string(p + 1, end, buf + used, &vlen);
            if (!p)
                return 0;
            if (f < TP__ENV_N) {
                val[f] = buf + used;
                len[f] = vlen;
                used += vlen + 1;
            }
        } else if (end - p >= 4 && memcmp(p, "null", 4) == 0) {
            p += 4; /* a wanted field that is null counts as absent */
        } else if (f < TP__ENV_N) {
            return 0; /* tp_normalize()'s "is not a string" error */
        } else if (end - p >= 4 && memcmp(p, "true", 4) == 0) {
            p += 4;
        } else if (end - p >= 5 && memcmp(p, "false", 5) == 0) {
            p += 5;
        } else if (*p == '-' || (*p >= '0' && *p <= '9')) {
            p = tp__env_number(p, end);
            if (!p)
                return 0;
        } else {
            return 0; /* objects, arrays, anything else */
        }
        /* After a value only whitespace, ',' or '}' (so "nullx", "1x"
         * and "true1" are declined, as jansson refuses them too). */
        p = tp__env_skip(p, end);
        if (p == end)
            return 0;
        if (*p == '}')
            break;
        if (*p != ',')
            return 0;
        p = tp__env_skip(p + 1, end);
    }
    if (tp__env_skip(p + 1, end) != end)
        return 0;
    enum { URL, SITE, FETCHED, PUBLISHED, TITLE, TEXT, HTML };
    if (!(val[HTML] && len[HTML]) && !val[TEXT])
        return 0; /* jansson's path gives the "neither" error */
    env->url = val[URL];
    env->site = val[SITE];
    env->fetched_at = val[FETCHED];
    env->published_at = val[PUBLISHED];
    env->title = val[TITLE];
    env->text = val[TEXT];
    env->text_len = len[TEXT];
    env->html = val[HTML];
    env->html_len = len[HTML];
    return 1;
}

/*
 * scan.c — the numeric modules' hand-written scanners (scan.h).
 */
#include "extract/scan.h"

#include <stdio.h>
#include <string.h>

#include "extract/extract_internal.h"
#include "extract/vn.h"

/* True for the bytes that separate words inside a line. */
static int tp__is_sp(char c)
{
    return c == ' ' || c == '\t';
}

/* True when the code point before s[i] is a letter or digit. */
static int tp__alnum_before(const char *s, size_t i)
{
    if (i == 0)
        return 0;
    size_t p = tp_vn_prev(s, i);
    int32_t cp;
    tp_vn_decode(s, i, p, &cp);
    return tp_vn_is_alnum(cp);
}

/* True when the code point at s[i] is a letter or digit. */
static int tp__alnum_at(const char *s, size_t len, size_t i)
{
    if (i >= len)
        return 0;
    int32_t cp;
    tp_vn_decode(s, len, i, &cp);
    return tp_vn_is_alnum(cp);
}

int tp__scan_at_start(const char *s, size_t len, size_t i)
{
    (void)len;
    return !tp__alnum_before(s, i);
}

size_t tp__scan_next_digit(const char *s, size_t len, size_t i)
{
    /* A word has a byte in ('0'-1, '9'+1) when this is non-zero (bit
     * twiddling hacks, "determine if a word has a byte between m and n";
     * bytes >= 0x80 never count). */
    const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
    const uint64_t low7 = ones * 127;
    while (i + 8 <= len) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        uint64_t t = ((ones * (127 + 58) - (w & low7)) & ~w &
                      ((w & low7) + ones * (127 - 47))) & high;
        if (t)
            break;
        i += 8;
    }
    while (i < len && !(s[i] >= '0' && s[i] <= '9'))
        i++;
    return i;
}

size_t tp__scan_skip_sp(const char *s, size_t len, size_t i)
{
    while (i < len && tp__is_sp(s[i]))
        i++;
    return i;
}

size_t tp__scan_back_sp(const char *s, size_t i)
{
    while (i > 0 && tp__is_sp(s[i - 1]))
        i--;
    return i;
}

/* Quick test that s[i] may start the same letter as pat (either case):
 * ASCII letters compare case-blind; for a Vietnamese letter the UTF-8
 * lead byte is the same in both cases (Đ/đ C4, Ủ/ủ E1, Á/á C3). */
static int tp__may_start(const char *s, size_t i, const char *pat)
{
    unsigned char a = (unsigned char)s[i], b = (unsigned char)pat[0];
    if (b < 0x80)
        return (a | 0x20) == (b | 0x20);
    return a == b;
}

size_t tp__scan_word(const char *s, size_t len, size_t i, const char *pat)
{
    if (i >= len || !tp__may_start(s, i, pat) || tp__alnum_before(s, i))
        return 0;
    size_t j = i, k = 0, plen = strlen(pat);
    int32_t last = 0;
    while (k < plen) {
        if (pat[k] == ' ') {
            if (j >= len || !tp__is_sp(s[j]))
                return 0;
            j = tp__scan_skip_sp(s, len, j);
            k++;
            continue;
        }
        if (j >= len)
            return 0;
        /* Both bytes ASCII (most of them): what the decoding below
         * answers, without it. */
        unsigned char ca = (unsigned char)s[j], cb = (unsigned char)pat[k];
        if ((ca | cb) < 0x80) {
            if ((ca >= 'A' && ca <= 'Z' ? ca + 32 : ca) != cb)
                return 0;
            j++;
            k++;
            last = cb;
            continue;
        }
        int32_t a, b;
        size_t na = tp_vn_decode(s, len, j, &a);
        size_t nb = tp_vn_decode(pat, plen, k, &b);
        if (tp_vn_tolower(a) != b)
            return 0;
        j += na;
        k += nb;
        last = b;
    }
    if (tp_vn_is_alnum(last) && tp__alnum_at(s, len, j))
        return 0;
    return j;
}

size_t tp__scan_words(const char *s, size_t len, size_t i,
                      const char *const *pats, int *which)
{
    for (int w = 0; pats[w]; w++) {
        size_t e = tp__scan_word(s, len, i, pats[w]);
        if (e) {
            if (which)
                *which = w;
            return e;
        }
    }
    return 0;
}

size_t tp__scan_word_before(const char *s, size_t i, const char *pat)
{
    size_t j = tp__scan_back_sp(s, i);
    size_t k = strlen(pat);
    if (!k || !j)
        return 0;
    /* Quick test on the last byte when the pattern ends in ASCII. */
    unsigned char pl = (unsigned char)pat[k - 1], sl = (unsigned char)s[j - 1];
    if (pl < 0x80 && (pl | 0x20) != (sl | 0x20))
        return 0;
    int32_t first = 0;
    while (k > 0) {
        if (pat[k - 1] == ' ') {
            if (j == 0 || !tp__is_sp(s[j - 1]))
                return 0;
            j = tp__scan_back_sp(s, j);
            k--;
            continue;
        }
        if (j == 0)
            return 0;
        /* Both bytes ASCII: each is a code point of its own, compared
         * as the decoding below would. */
        unsigned char ca = (unsigned char)s[j - 1], cb = (unsigned char)pat[k - 1];
        if ((ca | cb) < 0x80) {
            if ((ca >= 'A' && ca <= 'Z' ? ca + 32 : ca) != cb)
                return 0;
            j--;
            k--;
            first = cb;
            continue;
        }
        size_t pj = tp_vn_prev(s, j), pk = tp_vn_prev(pat, k);
        int32_t a, b;
        tp_vn_decode(s, j, pj, &a);
        tp_vn_decode(pat, k, pk, &b);
        if (tp_vn_tolower(a) != b)
            return 0;
        j = pj;
        k = pk;
        first = b;
    }
    if (tp_vn_is_alnum(first) && tp__alnum_before(s, j))
        return 0;
    return j + 1;
}

size_t tp__scan_words_before(const char *s, size_t i,
                             const char *const *pats, int *which)
{
    for (int w = 0; pats[w]; w++) {
        size_t st = tp__scan_word_before(s, i, pats[w]);
        if (st) {
            if (which)
                *which = w;
            return st;
        }
    }
    return 0;
}

size_t tp__scan_prev_word(const char *s, size_t i, size_t *start, char *buf,
                          size_t bufsz)
{
    size_t j = tp__scan_back_sp(s, i);
    /* Walk back over the syllable's bytes: ASCII letters and digits, and
     * multi-byte letters (Vietnamese letters are in U+00C0..U+01B0,
     * U+0300..U+036F and U+1EA0..U+1EF9; U+2000.. punctuation, lead byte
     * E2, ends the syllable). */
    size_t st = j;
    while (st > 0) {
        unsigned char b = (unsigned char)s[st - 1];
        if (b < 0x80) {
            if (!((b >= '0' && b <= '9') || ((b | 0x20) >= 'a' && (b | 0x20) <= 'z')))
                break;
            st--;
            continue;
        }
        size_t cs = tp_vn_prev(s, st);
        unsigned char lead = (unsigned char)s[cs];
        if (lead >= 0xE2 || lead < 0xC3)
            break;
        st = cs;
    }
    size_t n = j - st;
    if (!n)
        return 0;
    if (n + 1 > bufsz)
        return 0;
    tp_vn_fold_into(s + st, n, buf);
    buf[n] = 0;
    *start = st;
    return n;
}

size_t tp__scan_next_word(const char *s, size_t len, size_t i, size_t *end,
                          char *buf, size_t bufsz)
{
    size_t j = tp__scan_skip_sp(s, len, i);
    size_t e = tp_vn_syllable_end(s, len, j);
    size_t n = e - j;
    if (!n || n + 1 > bufsz)
        return 0;
    tp_vn_fold_into(s + j, n, buf);
    buf[n] = 0;
    *end = e;
    return n;
}

/* True for an ASCII digit. */
static int tp__dig(char c)
{
    return c >= '0' && c <= '9';
}

int tp__scan_number(const char *s, size_t len, size_t i, tp__num_t *out)
{
    memset(out, 0, sizeof *out);
    if (i >= len || !tp__dig(s[i]))
        return -1;
    size_t j = i;
    int digits = 0;
    int64_t v = 0;
    while (j < len && tp__dig(s[j])) {
        if (++digits > 18)
            return -1;
        v = v * 10 + (s[j] - '0');
        j++;
    }
    out->n_digits = digits;
    out->leading_zero = s[i] == '0' && digits > 1;
    /* Thousands groups: '.' then exactly three digits. */
    while (j + 3 < len + 0 && s[j] == '.' && tp__dig(s[j + 1]) &&
           tp__dig(s[j + 2]) && tp__dig(s[j + 3]) &&
           (j + 4 >= len || !tp__dig(s[j + 4]))) {
        if ((digits += 3) > 18)
            return -1;
        v = v * 1000 + (s[j + 1] - '0') * 100 + (s[j + 2] - '0') * 10 +
            (s[j + 3] - '0');
        out->grouped = 1;
        j += 4;
    }
    out->int_part = v;
    /* Decimals: ',' (Vietnamese) or, without thousands groups, '.'
     * followed by one or two digits (2.5 km written the English way). */
    int frac = 0;
    if (j + 1 < len && s[j] == ',' && tp__dig(s[j + 1])) {
        j++;
        while (j < len && tp__dig(s[j])) {
            if (++digits > 18)
                return -1;
            v = v * 10 + (s[j] - '0');
            frac++;
            j++;
        }
    } else if (!out->grouped && j + 1 < len && s[j] == '.' && tp__dig(s[j + 1]) &&
               (j + 2 >= len || !tp__dig(s[j + 2]) ||
                (tp__dig(s[j + 2]) && (j + 3 >= len || !tp__dig(s[j + 3]))))) {
        j++;
        while (j < len && tp__dig(s[j])) {
            v = v * 10 + (s[j] - '0');
            frac++;
            j++;
        }
    }
    out->mant = v;
    out->frac = frac;
    out->start = i;
    out->end = j;
    return 0;
}

size_t tp__fmt_int(char *buf, int64_t v)
{
    char tmp[24];
    size_t n = 0;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    size_t k = 0;
    if (v < 0)
        buf[k++] = '-';
    while (n)
        buf[k++] = tmp[--n];
    buf[k] = 0;
    return k;
}

/* Writes v as exactly w digits (zero-padded). */
static void tp__fmt_fixed(char *buf, int v, int w)
{
    for (int k = w - 1; k >= 0; k--) {
        buf[k] = (char)('0' + v % 10);
        v /= 10;
    }
}

size_t tp__fmt_date(char *buf, int y, int m, int d)
{
    tp__fmt_fixed(buf, y, 4);
    buf[4] = '-';
    tp__fmt_fixed(buf + 5, m, 2);
    if (!d) {
        buf[7] = 0;
        return 7;
    }
    buf[7] = '-';
    tp__fmt_fixed(buf + 8, d, 2);
    buf[10] = 0;
    return 10;
}

int tp__num_format(int64_t mant, int frac, int scale, char *buf, size_t bufsz)
{
    int shift = scale - frac;
    if (shift >= 0) {
        for (int k = 0; k < shift; k++) {
            if (mant > INT64_MAX / 10)
                return -1;
            mant *= 10;
        }
        if (bufsz < 24)
            return -1;
        tp__fmt_int(buf, mant);
        return 0;
    }
    if (-shift > 18)
        return -1;
    int64_t p = 1;
    for (int k = 0; k < -shift; k++)
        p *= 10;
    int64_t ip = mant / p, fp = mant % p;
    /* The decimals, zero-padded to -shift digits, trailing zeros cut. */
    char dec[20];
    int digs = -shift;
    for (int k = digs - 1; k >= 0; k--) {
        dec[k] = (char)('0' + fp % 10);
        fp /= 10;
    }
    while (digs > 0 && dec[digs - 1] == '0')
        digs--;
    dec[digs] = 0;
    if (bufsz < 44)
        return -1;
    size_t n = tp__fmt_int(buf, ip);
    if (digs) {
        buf[n++] = '.';
        memcpy(buf + n, dec, (size_t)digs + 1);
    }
    return 0;
}

/* The value of one Roman digit, 0 for anything else. */
static int tp__roman_digit(char c)
{
    switch (c) {
    case 'I': return 1;
    case 'V': return 5;
    case 'X': return 10;
    case 'L': return 50;
    case 'C': return 100;
    default: return 0;
    }
}

/* Writes the canonical Roman numeral of v (1..399) into buf. */
static void tp__roman_encode(int v, char *buf)
{
    static const struct { int v; const char *s; } t[] = {
        {100, "C"}, {90, "XC"}, {50, "L"}, {40, "XL"}, {10, "X"},
        {9, "IX"},  {5, "V"},   {4, "IV"}, {1, "I"},
    };
    buf[0] = 0;
    for (size_t k = 0; k < sizeof t / sizeof t[0]; k++)
        while (v >= t[k].v) {
            strcat(buf, t[k].s);
            v -= t[k].v;
        }
}

int tp__scan_roman(const char *s, size_t len, size_t i, size_t *end)
{
    if (i >= len || tp__alnum_before(s, i))
        return 0;
    size_t j = i;
    while (j < len && tp__roman_digit(s[j]) && j - i < 12)
        j++;
    if (j == i || tp__alnum_at(s, len, j))
        return 0;
    int v = 0;
    for (size_t k = i; k < j; k++) {
        int a = tp__roman_digit(s[k]);
        int b = k + 1 < j ? tp__roman_digit(s[k + 1]) : 0;
        v += a < b ? -a : a;
    }
    if (v < 1 || v > 399)
        return 0;
    char canon[32];
    tp__roman_encode(v, canon);
    if (strlen(canon) != j - i || memcmp(canon, s + i, j - i) != 0)
        return 0;
    *end = j;
    return v;
}

int tp__scan_uint(const char *s, size_t len, size_t i, int maxd, size_t *end)
{
    size_t j = i;
    int v = 0;
    while (j < len && tp__dig(s[j])) {
        if ((int)(j - i) >= maxd)
            return -1;
        v = v * 10 + (s[j] - '0');
        j++;
    }
    if (j == i)
        return -1;
    *end = j;
    return v;
}

int tp__valid_date(int y, int m, int d)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return 0;
    if (m == 2 && d == 29 && y) {
        int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        return leap;
    }
    return 1;
}

int tp__scan_dmy(const char *s, size_t len, size_t i, int allow_no_year,
                 int *y, int *m, int *d, size_t *end)
{
    size_t j;
    int dd = tp__scan_uint(s, len, i, 2, &j);
    if (dd < 0 || j >= len)
        return -1;
    char sep = s[j];
    if (sep != '/' && sep != '-' && sep != '.')
        return -1;
    int mm = tp__scan_uint(s, len, j + 1, 2, &j);
    if (mm < 0)
        return -1;
    int yy = 0;
    if (j + 1 < len && s[j] == sep && tp__dig(s[j + 1])) {
        size_t k;
        yy = tp__scan_uint(s, len, j + 1, 4, &k);
        if (yy < 1000 || k - (j + 1) != 4)
            return -1;
        j = k;
    } else if (!allow_no_year || (allow_no_year == 1 && sep != '/')) {
        return -1;
    }
    if (j < len && (tp__dig(s[j]) ||
                    ((s[j] == '/' || s[j] == '-') && j + 1 < len && tp__dig(s[j + 1]))))
        return -1;
    if (!tp__valid_date(yy, mm, dd))
        return -1;
    *y = yy;
    *m = mm;
    *d = dd;
    *end = j;
    return 0;
}

/* Appends one number start to x->nums (*cap entries allocated). */
static void tp__num_push(tp_xctx_t *x, size_t *cap, uint32_t i)
{
    if (x->n_nums == *cap) {
        size_t nc = *cap ? *cap * 2 : 64;
        x->nums = tp_arena_realloc(x->arena, x->nums, *cap * sizeof *x->nums,
                                   nc * sizeof *x->nums);
        *cap = nc;
    }
    x->nums[x->n_nums++] = i;
}

/* The numbers' starts, read from the tokens rather than the bytes: a
 * digit that starts a syllable is the first byte of a syllable token that
 * starts with a digit (inside a token the code point before is
 * alphanumeric). tp__scan_at_start() confirms each one, so malformed
 * UTF-8 (where stepping back over continuation bytes can decode another
 * letter than the tokenizer read) gives the same answer as a scan of the
 * bytes. A context without tokens (a module tested alone) scans the
 * bytes. */
const uint32_t *tp__num_starts(tp_xctx_t *x, size_t *n)
{
    if (!x->nums_ready) {
        const char *s = x->body;
        size_t len = x->len, cap = 0;
        if (x->toks) {
            const tp_vn_tok_t *tk = x->toks;
            size_t nt = x->n_toks;
            for (size_t t = 0; t < nt; t++) {
                /* Few tokens start with a digit: pass four at a time
                 * when none of them does. */
                while (t + 4 <= nt &&
                       !(tk[t].digit | tk[t + 1].digit | tk[t + 2].digit | tk[t + 3].digit))
                    t += 4;
                if (t >= nt)
                    break;
                /* After an ASCII byte (whitespace or punctuation, or the
                 * token would have gone on) the answer is yes without
                 * decoding backwards. */
                uint32_t st = tk[t].start;
                if (tk[t].digit && (st == 0 || (unsigned char)s[st - 1] < 0x80 ||
                                    tp__scan_at_start(s, len, st)))
                    tp__num_push(x, &cap, st);
            }
        } else {
            /* No tokens (a module run alone): scan the bytes. */
            for (size_t i = 0; (i = tp__scan_next_digit(s, len, i)) < len;) {
                if (tp__scan_at_start(s, len, i))
                    tp__num_push(x, &cap, (uint32_t)i);
                while (i < len && s[i] >= '0' && s[i] <= '9')
                    i++;
            }
        }
        x->nums_ready = 1;
    }
    *n = x->n_nums;
    return x->nums;
}

/*
 * clean.c — the character level of normalization: every space variant to
 * U+0020, zero-width characters, soft hyphens, BOMs and controls removed,
 * U+2010..U+2012 to '-', line endings unified, runs of spaces collapsed,
 * NFC (utf8proc), tone style (tone.c), then the text cut into lines.
 *
 * NFC through utf8proc is the slow part, so it runs only when the text
 * holds a code point outside the ranges that are NFC on their own and
 * never combine with what precedes them (below U+0300, Latin Extended
 * Additional, general punctuation, currency signs). Typical Vietnamese
 * news in precomposed form skips it; NFD input and anything unusual goes
 * through utf8proc whole.
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "text/text_internal.h"

/* What one code point becomes. */
enum { TP__C_KEEP, TP__C_DROP, TP__C_SPACE, TP__C_NL, TP__C_PARA, TP__C_HYPHEN };

/* Classifies a non-ASCII code point. */
static int tp__cp_action(int32_t cp)
{
    if (cp < 0xA0)
        return cp == 0x85 ? TP__C_NL : TP__C_DROP; /* C1 controls */
    if (cp == 0xA0)
        return TP__C_SPACE;
    if (cp == 0xAD)
        return TP__C_DROP;
    if (cp < 0x1680)
        return TP__C_KEEP;
    if (cp == 0x1680)
        return TP__C_SPACE;
    if (cp == 0x180E)
        return TP__C_DROP;
    if (cp >= 0x2000 && cp <= 0x200A)
        return TP__C_SPACE;
    if (cp >= 0x200B && cp <= 0x200F)
        return TP__C_DROP;
    if (cp >= 0x2010 && cp <= 0x2012)
        return TP__C_HYPHEN;
    if (cp == 0x2028)
        return TP__C_NL;
    if (cp == 0x2029)
        return TP__C_PARA;
    if (cp >= 0x202A && cp <= 0x202E)
        return TP__C_DROP;
    if (cp == 0x202F || cp == 0x205F || cp == 0x3000)
        return TP__C_SPACE;
    if (cp >= 0x2060 && cp <= 0x206F)
        return TP__C_DROP;
    if (cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB))
        return TP__C_DROP;
    if (cp >= 0xE0000 && cp <= 0xE007F)
        return TP__C_DROP;
    return TP__C_KEEP;
}

/* 1 when cp is NFC by itself and never composes with a preceding
 * character, so a text made only of such code points is already NFC. */
static inline int tp__nfc_safe(int32_t cp)
{
    return cp < 0x300 || (cp >= 0x1E00 && cp <= 0x1EFF) ||
           (cp >= 0x2013 && cp <= 0x205E) || (cp >= 0x20A0 && cp <= 0x20CF) ||
           cp == 0xFFFD;
}

#ifdef __SSE2__
/* Byte classes of 16 bytes, bit j for byte j: printable ASCII, space,
 * continuation bytes, leads 0xC3..0xC6, lead 0xE1, and 0xB8..0xBB. */
typedef struct tp__cls16 {
    unsigned print, space, cont, lead2, e1, b8bb;
} tp__cls16_t;

static inline tp__cls16_t tp__cls16(const char *p)
{
    const __m128i v = _mm_loadu_si128((const __m128i *)p);
#define TP__B(x) _mm_set1_epi8((char)(x))
    /* signed compares: bytes from 0x80 up are negative */
    tp__cls16_t c;
    c.print = (unsigned)_mm_movemask_epi8(
        _mm_and_si128(_mm_cmpgt_epi8(v, TP__B(0x20)), _mm_cmplt_epi8(v, TP__B(0x7F))));
    c.space = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, TP__B(0x20)));
    c.cont = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v, TP__B(0xC0)));
    c.lead2 = (unsigned)_mm_movemask_epi8(
        _mm_and_si128(_mm_cmpgt_epi8(v, TP__B(0xC2)), _mm_cmplt_epi8(v, TP__B(0xC7))));
    c.e1 = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, TP__B(0xE1)));
    c.b8bb = (unsigned)_mm_movemask_epi8(
        _mm_and_si128(_mm_cmpgt_epi8(v, TP__B(0xB7)), _mm_cmplt_epi8(v, TP__B(0xBC))));
#undef TP__B
    return c;
}

/* Looks at 16 bytes starting at a character boundary and returns how many
 * of them the pass would copy unchanged (0: it cannot tell here). That is
 * printable ASCII, single spaces, and complete, valid UTF-8 letters that
 * are kept and NFC-safe: lead bytes 0xC3..0xC6 (U+00C0..U+01BF) with one
 * continuation byte, and 0xE1 0xB8..0xBB (U+1E00..U+1EFF) with one more;
 * that is nearly all of Vietnamese text. A letter cut off by the end of
 * the block is left for the next block (14 or 15 bytes taken). *space_end
 * is set when the last byte taken is a space (to be kept pending). On 0,
 * *skip is the number of bytes to go through one character at a time
 * before looking at a block again: up to and including the first byte
 * outside the classes above (a newline, a dash, a quote), else 1.
 * *lead2_taken gets the positions of the two-byte letters taken. */
static inline int tp__plain16(const char *p, int *space_end, int *skip,
                              unsigned *lead2_taken)
{
    tp__cls16_t c = tp__cls16(p);
    int print = (int)c.print, space = (int)c.space, cont = (int)c.cont,
        lead2 = (int)c.lead2, e1 = (int)c.e1, b8bb = (int)c.b8bb;
    int known = print | space | cont | lead2 | e1;
    if (known != 0xFFFF) {
        *skip = __builtin_ctz((unsigned)~known) + 1;
        return 0;
    }
    *skip = 1;
    /* continuation bytes exactly where the sequences need them (those of
     * a letter cut off at the end aside) */
    if (cont != (((lead2 << 1) | (e1 << 1) | (e1 << 2)) & 0xFFFF) ||
        ((e1 << 1) & ~b8bb & 0xFFFF))
        return 0;
    if (space & ((space >> 1) | 1))
        return 0; /* two spaces in a row, or a leading one */
    /* 15 when a two- or three-byte letter starts at byte 15, 14 when a
     * three-byte one starts at byte 14 (byte 15 is then its continuation,
     * so never both), else 16: computed, as which one it is follows the
     * text in no pattern a predictor learns. */
    int len = 16 - (((lead2 | e1) >> 15) & 1) - 2 * ((e1 >> 14) & 1);
    *space_end = (space >> (len - 1)) & 1;
    *lead2_taken = (unsigned)lead2 & 0x7FFF; /* a lead at 15 is cut off */
    return len;
}

/* tp__plain16()'s question for the 64 bytes at p (a character boundary,
 * not a space): returns how many the pass copies unchanged, the bytes
 * before the first one tp__plain16() would not take (a byte outside its
 * classes, a continuation byte out of place, the second of two spaces),
 * less a letter that this byte or the end of the window cuts off. The
 * first space of two is taken and left pending, as the pass does when it
 * meets it on its own. *stopped is set when such a byte ends what is
 * taken (it is for the pass to go through one character at a time), the
 * other outputs are tp__plain16()'s. One window instead of four blocks
 * saves the per-block work and its branches, which mispredicted. */
static inline int tp__plain64(const char *p, int *space_end, int *stopped,
                              uint64_t *lead2_taken)
{
    uint64_t print = 0, space = 0, cont = 0, lead2 = 0, e1 = 0, b8bb = 0;
    for (int q = 0; q < 4; q++) {
        tp__cls16_t c = tp__cls16(p + 16 * q);
        print |= (uint64_t)c.print << (16 * q);
        space |= (uint64_t)c.space << (16 * q);
        cont |= (uint64_t)c.cont << (16 * q);
        lead2 |= (uint64_t)c.lead2 << (16 * q);
        e1 |= (uint64_t)c.e1 << (16 * q);
        b8bb |= (uint64_t)c.b8bb << (16 * q);
    }
    uint64_t need = (lead2 << 1) | (e1 << 1) | (e1 << 2);
    uint64_t bad = ~(print | space | cont | lead2 | e1) | (cont ^ need) |
                   ((e1 << 1) & ~b8bb) | (space & (space << 1));
    int len = bad ? __builtin_ctzll(bad) : 64;
    *stopped = bad != 0;
    /* A letter that starts at len - 1 (two or three bytes) or len - 2
     * (three) is cut off: its continuation bytes were not seen (past the
     * window) or are what stopped it. Never both, as for tp__plain16(). */
    if (len >= 1 && (((lead2 | e1) >> (len - 1)) & 1))
        len -= 1;
    else if (len >= 2 && ((e1 >> (len - 2)) & 1))
        len -= 2;
    if (len == 0)
        return 0;
    *space_end = (int)((space >> (len - 1)) & 1);
    *lead2_taken = len == 64 ? lead2 : lead2 & ((1ull << len) - 1);
    return len;
}
#endif

/* The two bytes at p as one 16-bit word (tp__foreign_pairs() key). */
static inline uint16_t tp__load2(const char *p)
{
    uint16_t w;
    memcpy(&w, p, 2);
    return w;
}

/* The character pass: maps code points, collapses spaces, trims lines.
 * Writes at most n + 1 bytes into out (every mapping shrinks or keeps
 * length). Returns the length; *need_nfc is set when NFC must run.
 * fpair non-NULL (tp__foreign_pairs()): *unclean is also set when s is
 * not valid UTF-8 or holds a character tp__encoding_fix() counts as
 * foreign. */
static size_t tp__clean_pass(const char *s, size_t n, char *out, int one_line,
                             int *need_nfc, const uint8_t *fpair,
                             int *unclean)
{
    unsigned bad = 0; /* nonzero: invalid or foreign (with fpair) */
    size_t o = 0, i = 0;
    int nfc = 0;
    /* pending space: 1 when a space is to be written before the next
     * visible character (set where the space is seen, so a space at the
     * start of a line or of the text never is) */
    size_t sp = 0;
#ifdef __SSE2__
    size_t scalar_until = 0; /* a block did not pass: go by character */
#endif
#define TP__SET_SP() (sp = o && out[o - 1] != '\n')
#define TP__EMIT_SP() (out[o] = ' ', o += sp, sp = 0)
    while (i < n) {
#ifdef __SSE2__
        if (i + 64 <= n && i >= scalar_until && s[i] != ' ') {
            int space_end, stopped;
            uint64_t l2;
            int m = tp__plain64(s + i, &space_end, &stopped, &l2);
            if (m) { /* as for a block below, 64 bytes at a time */
                if (fpair)
                    for (; l2; l2 &= l2 - 1)
                        bad |= fpair[tp__load2(s + i + __builtin_ctzll(l2))];
                TP__EMIT_SP();
                for (int q = 0; q < 64; q += 16)
                    _mm_storeu_si128((__m128i *)(out + o + q),
                                     _mm_loadu_si128((const __m128i *)(s + i + q)));
                i += (size_t)m;
                o += (size_t)(m - space_end);
                sp = (size_t)space_end;
                if (stopped)
                    scalar_until = i + 1;
                continue;
            }
            scalar_until = i + 1;
        }
        if (i + 16 <= n && i >= scalar_until && s[i] != ' ') {
            int space_end, skip;
            unsigned l2;
            int m = tp__plain16(s + i, &space_end, &skip, &l2);
            if (m) { /* copied as is; a space at the end stays pending
                      * (o <= i: all 16 bytes fit, the rest is overwritten) */
                if (fpair)
                    for (; l2; l2 &= l2 - 1)
                        bad |= fpair[tp__load2(s + i + __builtin_ctz(l2))];
                TP__EMIT_SP();
                _mm_storeu_si128((__m128i *)(out + o),
                                 _mm_loadu_si128((const __m128i *)(s + i)));
                i += (size_t)m;
                /* A space at the end is not written but left pending.
                 * TP__SET_SP() would set sp to 1 there: the byte before
                 * it was just written and is no newline (a block holds
                 * none) and no space (a block holds no two in a row). */
                o += (size_t)(m - space_end);
                sp = (size_t)space_end;
                continue;
            }
            scalar_until = i + (size_t)skip;
        }
#endif
        unsigned char c = (unsigned char)s[i];
        int act;
        int32_t cp;
        size_t st = i;
        if (c >= 0x21 && c < 0x7F) {
            TP__EMIT_SP();
            out[o++] = (char)c;
            i++;
            continue;
        }
        if (c == ' ') {
            TP__SET_SP();
            i++;
            continue;
        }
        /* Two-byte letters and marks: U+00A0 (space) and U+00AD (soft
         * hyphen) and C1 controls aside, kept; NFC-safe below U+0300. */
        if (c >= 0xC2 && c <= 0xDF && i + 1 < n &&
            ((unsigned char)s[i + 1] & 0xC0) == 0x80 &&
            !(c == 0xC2 && ((unsigned char)s[i + 1] < 0xA1 ||
                            (unsigned char)s[i + 1] == 0xAD))) {
            TP__EMIT_SP();
            if (fpair)
                bad |= fpair[tp__load2(s + i)];
            nfc |= c >= 0xCC; /* U+0300 and up */
            out[o] = (char)c;
            out[o + 1] = s[i + 1];
            o += 2;
            i += 2;
            continue;
        }
        /* Three-byte U+1000..U+1FFF (Vietnamese letters with two marks):
         * kept but U+1680 (space) and U+180E (dropped); NFC-safe in
         * U+1E00..U+1EFF. */
        if (c == 0xE1 && i + 2 < n && ((unsigned char)s[i + 1] & 0xC0) == 0x80 &&
            ((unsigned char)s[i + 2] & 0xC0) == 0x80 &&
            !((unsigned char)s[i + 1] == 0x9A && (unsigned char)s[i + 2] == 0x80) &&
            !((unsigned char)s[i + 1] == 0xA0 && (unsigned char)s[i + 2] == 0x8E)) {
            TP__EMIT_SP();
            unsigned char c1 = (unsigned char)s[i + 1];
            nfc |= c1 < 0xB8 || c1 > 0xBB;
            out[o] = (char)c;
            out[o + 1] = s[i + 1];
            out[o + 2] = s[i + 2];
            o += 3;
            i += 3;
            continue;
        }
        if (c < 0x80) {
            i++;
            if (c == ' ' || c == '\t' || c == '\v' || c == '\f')
                act = TP__C_SPACE;
            else if (c == '\n')
                act = TP__C_NL;
            else if (c == '\r') {
                if (i < n && s[i] == '\n')
                    i++;
                act = TP__C_NL;
            } else
                act = TP__C_DROP;
            cp = c;
        } else {
            cp = tp__utf8_decode(s, n, &i);
            if (cp < 0) {
                act = TP__C_DROP; /* callers pass valid UTF-8 */
                bad = 1;
            } else {
                act = tp__cp_action(cp);
                if (fpair)
                    bad |= (unsigned)tp__foreign_cp(cp);
            }
        }
        switch (act) {
        case TP__C_KEEP:
            TP__EMIT_SP();
            if (!tp__nfc_safe(cp))
                nfc = 1;
            memcpy(out + o, s + st, i - st);
            o += i - st;
            break;
        case TP__C_HYPHEN:
            TP__EMIT_SP();
            out[o++] = '-';
            break;
        case TP__C_SPACE:
            TP__SET_SP();
            break;
        case TP__C_NL:
        case TP__C_PARA:
            sp = 0;
            if (one_line) {
                TP__SET_SP();
                break;
            }
            out[o++] = '\n';
            if (act == TP__C_PARA)
                out[o++] = '\n';
            break;
        default:
            break;
        }
    }
    out[o] = '\0';
    *need_nfc = nfc;
    if (unclean)
        *unclean = bad != 0;
    return o;
}
#undef TP__SET_SP
#undef TP__EMIT_SP

/* Runs utf8proc NFC over s; returns an arena copy (s itself on failure). */
static char *tp__nfc(tp_arena_t *a, char *s, size_t n, size_t *out_len)
{
    utf8proc_uint8_t *r = NULL;
    utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)s,
                                      (utf8proc_ssize_t)n, &r,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (m < 0 || !r) {
        free(r);
        *out_len = n;
        return s;
    }
    char *c = tp_arena_strndup(a, (const char *)r, (size_t)m);
    free(r);
    *out_len = (size_t)m;
    return c;
}

/* Appends a line (copied) to ls. */
void tp__lines_push(tp_arena_t *a, tp__lines_t *ls, const char *s, size_t n,
                    int blank_before)
{
    if (ls->n == ls->cap) {
        size_t cap = ls->cap ? ls->cap * 2 : 64;
        ls->v = tp_arena_realloc(a, ls->v, ls->n * sizeof *ls->v,
                                 cap * sizeof *ls->v);
        ls->cap = cap;
    }
    tp__line_t *l = &ls->v[ls->n++];
    memset(l, 0, sizeof *l);
    l->s = (char *)s;
    l->len = n;
    l->blank_before = blank_before;
}

/* NFC, tone style and the cut into lines after the character pass. */
static void tp__finish_lines(tp_arena_t *a, char *buf, size_t len,
                             int need_nfc, tp_tone_style_t style,
                             tp__lines_t *out)
{
    if (need_nfc)
        buf = tp__nfc(a, buf, len, &len);
    buf = tp__tone_fix(a, buf, len, style, &len);
    /* Cut into lines; the buffer stays the lines' storage. */
    size_t i = 0;
    int blanks = 0;
    while (i < len) {
        char *nl = memchr(buf + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - buf) : len;
        size_t b = i, f = e;
        while (b < f && buf[b] == ' ')
            b++;
        while (f > b && buf[f - 1] == ' ')
            f--;
        if (f > b) {
            buf[f] = '\0';
            tp__lines_push(a, out, buf + b, f - b, blanks);
            blanks = 0;
        } else {
            blanks++;
        }
        i = e + 1;
    }
}

/* Cleans text and cuts it into trimmed lines; see text_internal.h. */
void tp__clean_lines(tp_arena_t *a, const char *s, size_t n,
                     tp_tone_style_t style, tp__lines_t *out)
{
    /* not zeroed: the pass writes every byte up to its NUL */
    char *buf = tp_arena_alloc_nz(a, n + 1);
    int need_nfc = 0;
    size_t len = tp__clean_pass(s, n, buf, 0, &need_nfc, NULL, NULL);
    tp__finish_lines(a, buf, len, need_nfc, style, out);
}

/* tp__clean_lines() with the encoding check; see text_internal.h. */
int tp__clean_lines_utf8(tp_arena_t *a, const char *s, size_t n,
                         tp_tone_style_t style, tp__lines_t *out)
{
    /* not zeroed: the pass writes every byte up to its NUL */
    char *buf = tp_arena_alloc_nz(a, n + 1);
    int need_nfc = 0, unclean = 0;
    size_t len = tp__clean_pass(s, n, buf, 0, &need_nfc, tp__foreign_pairs(),
                                &unclean);
    if (unclean)
        return 0;
    tp__finish_lines(a, buf, len, need_nfc, style, out);
    return 1;
}

/* Cleans a single-line field; NULL when empty. */
char *tp__clean_field(tp_arena_t *a, const char *s, size_t n,
                      tp_tone_style_t style)
{
    if (!s)
        return NULL;
    /* not zeroed: the pass writes every byte up to its NUL */
    char *buf = tp_arena_alloc_nz(a, n + 1);
    int need_nfc = 0;
    size_t len = tp__clean_pass(s, n, buf, 1, &need_nfc, NULL, NULL);
    if (need_nfc)
        buf = tp__nfc(a, buf, len, &len);
    buf = tp__tone_fix(a, buf, len, style, &len);
    size_t b = 0;
    while (b < len && buf[b] == ' ')
        b++;
    while (len > b && buf[len - 1] == ' ')
        len--;
    if (len == b)
        return NULL;
    buf[len] = '\0';
    return buf + b;
}

/*
 * vn.c — Vietnamese text utilities (vn.h). Unicode properties come from
 * utf8proc; the UTF-8 decoder is written out because it runs on every
 * byte of every body and must not allocate or validate whole strings.
 */
#include "extract/vn.h"

#include <pthread.h>
#include <string.h>
#include <utf8proc.h>

/* Decodes one code point; malformed input reads as U+FFFD, one byte.
 * Inline for the tokenizer's inner loop; tp_vn_decode() wraps it. */
static inline size_t tp__vn_dec(const char *s, size_t len, size_t i,
                                int32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s + i;
    size_t left = len - i;
    unsigned c = u[0];
    if (c < 0x80) {
        *cp = (int32_t)c;
        return 1;
    }
    /* The common case in Vietnamese text: a two-byte letter. */
    if ((c & 0xE0) == 0xC0 && left >= 2 && (u[1] & 0xC0) == 0x80) {
        *cp = (int32_t)(((c & 0x1F) << 6) | (u[1] & 0x3F));
        return 2;
    }
    /* Next, a three-byte one (the Vietnamese letters of U+1EA0..U+1EF9). */
    if ((c & 0xF0) == 0xE0 && left >= 3 && (u[1] & 0xC0) == 0x80 &&
        (u[2] & 0xC0) == 0x80) {
        *cp = (int32_t)(((c & 0x0F) << 12) | ((u[1] & 0x3F) << 6) | (u[2] & 0x3F));
        return 3;
    }
    size_t n;
    int32_t v;
    if ((c & 0xE0) == 0xC0) {
        n = 2;
        v = (int32_t)(c & 0x1F);
    } else if ((c & 0xF0) == 0xE0) {
        n = 3;
        v = (int32_t)(c & 0x0F);
    } else if ((c & 0xF8) == 0xF0) {
        n = 4;
        v = (int32_t)(c & 0x07);
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    if (n > left) {
        *cp = 0xFFFD;
        return 1;
    }
    for (size_t k = 1; k < n; k++) {
        if ((u[k] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        v = (v << 6) | (int32_t)(u[k] & 0x3F);
    }
    *cp = v;
    return n;
}

/* Decodes one code point (see tp__vn_dec()). */
size_t tp_vn_decode(const char *s, size_t len, size_t i, int32_t *cp)
{
    return tp__vn_dec(s, len, i, cp);
}

/* Steps back over continuation bytes to the previous code point start. */
size_t tp_vn_prev(const char *s, size_t i)
{
    size_t j = i - 1;
    size_t k = 0;
    while (j > 0 && k < 3 && ((unsigned char)s[j] & 0xC0) == 0x80) {
        j--;
        k++;
    }
    return j;
}

/* Letter/upper/lower flags of code points below U+2000 (all of Latin,
 * Latin Extended and Vietnamese's Latin Extended Additional), and their
 * lower case when it has the same UTF-8 length, filled once; utf8proc
 * answers for the rest. */
#define TP__VN_TAB 0x2000
enum { TP__F_LETTER = 1, TP__F_UPPER = 2, TP__F_LOWER = 4,
       TP__F_MARKED_AEY = 8, /* a, e or y with a tone mark, either case */
       TP__F_FOLDS = 16, /* tp__vn_low[cp] != cp */
       TP__F_NOTUP = 32 /* a letter that is not upper case */ };
static uint8_t tp__vn_tab[TP__VN_TAB];
static uint16_t tp__vn_low[TP__VN_TAB];
/* Tokenizer flags of ASCII bytes: TP__F_LETTER with TP__F_UPPER or
 * TP__F_LOWER (and TP__F_NOTUP) for letters, 0x80 for digits
 * (alphanumeric, no letter), 0 for the rest. */
static uint8_t tp__vn_acls[0x80];
/* 1 for the bytes a - z, 0 for every other byte: the runs of lower-case
 * ASCII letters inside a syllable need no folding and no case count. */
static uint8_t tp__vn_alow[0x100];
static pthread_once_t tp__vn_once = PTHREAD_ONCE_INIT;

/* UTF-8 length of a code point below U+10000. */
static size_t tp__vn_cplen(int32_t cp)
{
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : 3;
}

/* Fills tp__vn_tab and tp__vn_low from utf8proc's categories and case
 * mappings. */
static void tp__vn_tab_init(void)
{
    for (int32_t cp = 0; cp < TP__VN_TAB; cp++) {
        utf8proc_category_t c = utf8proc_category(cp);
        uint8_t f = 0;
        if (c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LL ||
            c == UTF8PROC_CATEGORY_LT || c == UTF8PROC_CATEGORY_LM ||
            c == UTF8PROC_CATEGORY_LO || c == UTF8PROC_CATEGORY_MN ||
            c == UTF8PROC_CATEGORY_MC)
            f |= TP__F_LETTER;
        if (c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT)
            f |= TP__F_UPPER;
        if (c == UTF8PROC_CATEGORY_LL)
            f |= TP__F_LOWER;
        if ((f & TP__F_LETTER) && !(f & TP__F_UPPER))
            f |= TP__F_NOTUP;
        tp__vn_tab[cp] = f;
        int32_t lo = cp < 0x80 ? ((cp >= 'A' && cp <= 'Z') ? cp + 32 : cp)
                               : utf8proc_tolower(cp);
        /* tp_vn_fold_into() keeps byte lengths: a lower case of another
         * length (or above the table) leaves the code point as it is. */
        tp__vn_low[cp] = (uint16_t)(lo >= 0 && lo < 0x10000 &&
                                            tp__vn_cplen(lo) == tp__vn_cplen(cp)
                                        ? lo
                                        : cp);
        if (tp__vn_low[cp] != cp)
            tp__vn_tab[cp] |= TP__F_FOLDS;
    }
    for (int c = 0; c < 0x80; c++)
        tp__vn_acls[c] = (c >= '0' && c <= '9') ? 0x80 : tp__vn_tab[c];
    for (int c = 'a'; c <= 'z'; c++)
        tp__vn_alow[c] = 1;
    static const char aey[] = "àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ";
    for (size_t i = 0; i < sizeof aey - 1;) {
        int32_t cp;
        i += tp_vn_decode(aey, sizeof aey - 1, i, &cp);
        if (cp >= 0 && cp < TP__VN_TAB)
            tp__vn_tab[cp] |= TP__F_MARKED_AEY;
    }
}

/* Makes sure the tables are filled (once per process). */
static inline void tp__vn_init(void)
{
    pthread_once(&tp__vn_once, tp__vn_tab_init);
}

/* Flags of cp from the table (cp < TP__VN_TAB). */
static inline uint8_t tp__vn_flags(int32_t cp)
{
    tp__vn_init();
    return tp__vn_tab[cp];
}

/* Letters: any Unicode letter category, and combining marks (a stray
 * decomposed tone mark stays inside its syllable). */
int tp_vn_is_letter(int32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    if (cp < TP__VN_TAB)
        return tp__vn_flags(cp) & TP__F_LETTER;
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LL ||
           c == UTF8PROC_CATEGORY_LT || c == UTF8PROC_CATEGORY_LM ||
           c == UTF8PROC_CATEGORY_LO || c == UTF8PROC_CATEGORY_MN ||
           c == UTF8PROC_CATEGORY_MC;
}

/* Uppercase or titlecase letter. */
int tp_vn_is_upper(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    if (cp < TP__VN_TAB)
        return (tp__vn_flags(cp) & TP__F_UPPER) != 0;
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

/* Lowercase letter. */
int tp_vn_is_lower(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'a' && cp <= 'z';
    if (cp < TP__VN_TAB)
        return (tp__vn_flags(cp) & TP__F_LOWER) != 0;
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

/* Letter or ASCII digit. */
int tp_vn_is_alnum(int32_t cp)
{
    return (cp >= '0' && cp <= '9') || tp_vn_is_letter(cp);
}

/* Simple lowercase mapping. */
int32_t tp_vn_tolower(int32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    return utf8proc_tolower(cp);
}

/* Simple uppercase mapping. */
int32_t tp_vn_toupper(int32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') ? cp - 32 : cp;
    return utf8proc_toupper(cp);
}

/* Is the code point before i alphanumeric? */
static int tp__vn_alnum_before(const char *s, size_t len, size_t i)
{
    if (i == 0)
        return 0;
    int32_t cp;
    size_t p = tp_vn_prev(s, i);
    tp_vn_decode(s, len, p, &cp);
    return tp_vn_is_alnum(cp);
}

/* Is the code point at i alphanumeric? */
static int tp__vn_alnum_at(const char *s, size_t len, size_t i)
{
    if (i >= len)
        return 0;
    int32_t cp;
    tp_vn_decode(s, len, i, &cp);
    return tp_vn_is_alnum(cp);
}

/* A boundary is where alphanumeric and non-alphanumeric meet. */
int tp_vn_is_boundary(const char *s, size_t len, size_t i)
{
    if (i == 0 || i >= len)
        return 1;
    return tp__vn_alnum_before(s, len, i) != tp__vn_alnum_at(s, len, i);
}

/* Walks forward over alphanumerics. */
size_t tp_vn_syllable_end(const char *s, size_t len, size_t i)
{
    while (i < len) {
        int32_t cp;
        size_t n = tp_vn_decode(s, len, i, &cp);
        if (!tp_vn_is_alnum(cp))
            break;
        i += n;
    }
    return i;
}

/* Walks back over alphanumerics. */
size_t tp_vn_syllable_start(const char *s, size_t i)
{
    while (i > 0) {
        size_t p = tp_vn_prev(s, i);
        int32_t cp;
        tp_vn_decode(s, i, p, &cp);
        if (!tp_vn_is_alnum(cp))
            break;
        i = p;
    }
    return i;
}

/* Classifies the letter case of one syllable. */
int tp_vn_case_shape(const char *s, size_t n)
{
    size_t i = 0, letters = 0, uppers = 0;
    int first_upper = -1, rest_lower = 1;
    while (i < n) {
        int32_t cp;
        i += tp_vn_decode(s, n, i, &cp);
        if (!tp_vn_is_letter(cp))
            continue;
        int up = tp_vn_is_upper(cp);
        if (first_upper < 0)
            first_upper = up;
        else if (up)
            rest_lower = 0;
        letters++;
        uppers += (size_t)up;
    }
    if (letters == 0 || first_upper <= 0)
        return uppers ? TP_VN_MIXED : TP_VN_LOWER;
    if (rest_lower)
        return TP_VN_CAP;
    if (uppers == letters)
        return TP_VN_UPPER;
    return TP_VN_MIXED;
}

/* First code point is an uppercase letter. */
int tp_vn_is_upper_initial(const char *s, size_t n)
{
    if (n == 0)
        return 0;
    int32_t cp;
    tp_vn_decode(s, n, 0, &cp);
    return tp_vn_is_upper(cp);
}

/* Encodes cp as UTF-8. */
size_t tp_vn_encode(int32_t cp, char *out)
{
    return (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)out);
}

/* The lower case of cp when it has the same UTF-8 length as cp (k
 * bytes), else cp itself: the table below U+2000, the General Punctuation
 * block (U+2000..U+206F: dashes, quotes, no letters) as is, utf8proc for
 * the rest. */
static inline int32_t tp__vn_fold_cp(int32_t cp, size_t k)
{
    if (cp < TP__VN_TAB) /* an overlong sequence keeps its bytes */
        return tp__vn_cplen(cp) == k ? tp__vn_low[cp] : cp;
    if (cp < 0x2070)
        return cp;
    int32_t lo = tp_vn_tolower(cp);
    char buf[4];
    if (lo != cp && k > 1 && tp_vn_encode(lo, buf) == k)
        return lo;
    return cp;
}

/* Writes the k-byte UTF-8 encoding of cp (k from tp_vn_decode()) at out. */
static inline void tp__vn_put(char *out, int32_t cp, size_t k)
{
    unsigned char *o = (unsigned char *)out;
    switch (k) {
    case 1:
        o[0] = (unsigned char)cp;
        break;
    case 2:
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        break;
    case 3:
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        break;
    default:
        o[0] = (unsigned char)(0xF0 | (cp >> 18));
        o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[3] = (unsigned char)(0x80 | (cp & 0x3F));
        break;
    }
}

/* Lowercases while keeping every code point's byte length: ASCII by
 * arithmetic, the rest from the table (tp__vn_fold_cp()). */
void tp_vn_fold_into(const char *s, size_t n, char *out)
{
    tp__vn_init();
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            out[i] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
            i++;
            continue;
        }
        int32_t cp;
        size_t k = tp__vn_dec(s, n, i, &cp);
        int32_t lo = tp__vn_fold_cp(cp, k);
        if (lo != cp)
            tp__vn_put(out + i, lo, k);
        else if (out != s)
            memcpy(out + i, s + i, k);
        i += k;
    }
}

/* Folded arena copy. */
char *tp_vn_fold(tp_arena_t *a, const char *s, size_t n)
{
    char *out = tp_arena_alloc(a, n + 1);
    tp_vn_fold_into(s, n, out);
    out[n] = '\0';
    return out;
}

/* Upper-cases each syllable's first letter, lower-cases the rest. */
char *tp_vn_capitalize(tp_arena_t *a, const char *s, size_t n)
{
    char *out = tp_arena_alloc(a, n * 2 + 1); /* case may change lengths */
    size_t o = 0, i = 0;
    int in_syl = 0;
    while (i < n) {
        int32_t cp;
        size_t k = tp_vn_decode(s, n, i, &cp);
        if (cp == 0xFFFD && k == 1) {
            out[o++] = s[i++];
            in_syl = 0;
            continue;
        }
        int32_t m = cp;
        if (tp_vn_is_alnum(cp)) {
            m = in_syl ? tp_vn_tolower(cp) : tp_vn_toupper(cp);
            in_syl = 1;
        } else {
            in_syl = 0;
        }
        o += tp_vn_encode(m, out + o);
        i += k;
    }
    out[o] = '\0';
    return out;
}

/* Letter flags (TP__F_*) of any code point, as tp_vn_is_letter(),
 * tp_vn_is_upper() and tp_vn_is_lower() answer. */
static inline uint8_t tp__vn_cp_flags(int32_t cp)
{
    if (cp < TP__VN_TAB)
        return tp__vn_tab[cp];
    if (cp < 0x2070)
        return 0; /* General Punctuation */
    int letter = tp_vn_is_letter(cp), upper = tp_vn_is_upper(cp);
    return (uint8_t)((letter ? TP__F_LETTER : 0) | (upper ? TP__F_UPPER : 0) |
                     (tp_vn_is_lower(cp) ? TP__F_LOWER : 0) |
                     (letter && !upper ? TP__F_NOTUP : 0));
}

/* Writes the lower case of the k-byte code point cp (flags f from
 * tp__vn_cp_flags()) at out when it differs, as tp__vn_fold_cp() decides:
 * below U+2000 the table's TP__F_FOLDS answers at once (with the length
 * check that leaves an overlong sequence alone). */
static inline void tp__vn_fold_put(char *out, int32_t cp, size_t k, uint8_t f)
{
    if (cp < TP__VN_TAB) {
        if ((f & TP__F_FOLDS) && tp__vn_cplen(cp) == k)
            tp__vn_put(out, tp__vn_low[cp], k);
        return;
    }
    int32_t lo = tp__vn_fold_cp(cp, k);
    if (lo != cp)
        tp__vn_put(out, lo, k);
}

/* One pass over the body: writes the folded copy (tp_vn_fold_into()) to
 * fold and splits into tokens exactly as tp_vn_tokenize() describes,
 * classifying each code point once. *tone_cand (when not NULL) says
 * whether some o or u stands before a marked a, e or y inside a syllable
 * (not the u of a leading "qu") with no ASCII letter after it: without
 * one, putting tone marks in the traditional style (tp_tone_apply())
 * changes nothing (it moves a mark only in a syllable that ends with
 * such a pair; the next code point is a non-letter or the end).
 *
 * Most code points fold to themselves (spaces, punctuation, lower-case
 * letters), so the body is copied to fold at once and only the code points
 * whose lower case differs are written again. */
tp_vn_tok_t *tp_vn_fold_tokenize(tp_arena_t *a, const char *s, size_t len,
                                 char *fold, size_t *n_out, int *tone_cand)
{
    int cand = 0;
    tp__vn_init();
    const unsigned char *u = (const unsigned char *)s;
    size_t cap = len / 4 + 16, n = 0;
    /* Not zeroed: every field of tokens [0, n) is written below and
     * nothing reads past n. */
    tp_vn_tok_t *t = tp_arena_alloc_nz(a, cap * sizeof *t);
    if (fold != s)
        memcpy(fold, s, len);
    size_t i = 0;
    uint8_t brk = 2;
    while (i < len) {
        unsigned c = u[i];
        int32_t cp;
        size_t k;
        uint8_t f;
        if (c < 0x80) {
            f = tp__vn_acls[c];
            if (!f) {
                if (c == ' ' || c == '\t' || c == '\r') {
                    if (brk == 0)
                        brk = 1;
                    i++;
                    continue;
                }
                if (c == '\n') {
                    brk = 2;
                    i++;
                    continue;
                }
            }
            cp = (int32_t)c;
            k = 1;
        } else {
            k = tp__vn_dec(s, len, i, &cp);
            f = tp__vn_cp_flags(cp);
        }
        if (n == cap) {
            t = tp_arena_realloc_nz(a, t, cap * sizeof *t, cap * 2 * sizeof *t);
            cap *= 2;
        }
        tp_vn_tok_t *tk = &t[n++];
        tk->start = (uint32_t)i;
        tk->brk = brk;
        brk = 0;
        if (!(f & (TP__F_LETTER | 0x80))) {
            /* One punctuation code point. */
            if (k > 1)
                tp__vn_fold_put(fold + i, cp, k, f);
            i += k;
            tk->end = (uint32_t)i;
            tk->word = 0;
            tk->shape = TP_VN_LOWER;
            tk->digit = 0;
            continue;
        }
        /* A syllable: alphanumeric code points, folded as they go. Its
         * case shape (what tp_vn_case_shape() answers) needs only the
         * flags of its first code point and the union (acc) of the
         * flags of the others: with an upper-case first letter, no other
         * upper case is TP_VN_CAP, no letter that is not upper case is
         * TP_VN_UPPER. A syllable that starts with a digit (rare) is
         * left to tp_vn_case_shape(). */
        tk->word = 1;
        tk->digit = c >= '0' && c <= '9';
        uint8_t f0 = f, acc = 0;
        size_t start = i;
        for (;;) {
            if (k == 1) {
                /* ASCII: only an upper-case letter changes */
                fold[i] = (char)(c | ((f & TP__F_UPPER) << 4));
            } else {
                tp__vn_fold_put(fold + i, cp, k, f);
                /* A marked a/e/y after o/u (not the u of a leading "qu")
                 * that no ASCII letter follows: a tone mark that
                 * tp_tone_apply() might move. A letter after it (a final
                 * consonant or a third vowel: hoàng, toàn, hoạt) keeps
                 * the mark where it is, so most bodies already in the
                 * traditional style need no tone pass at all. */
                if ((f & TP__F_MARKED_AEY) && i > start &&
                    (fold[i - 1] == 'o' ||
                     (fold[i - 1] == 'u' && !(i - 1 == start + 1 && fold[start] == 'q'))) &&
                    !(i + k < len && u[i + k] < 0x80 &&
                      (tp__vn_acls[u[i + k]] & TP__F_LETTER)))
                    cand = 1;
            }
            i += k;
            /* A run of lower-case ASCII letters: nothing to fold, and
             * its flags are the same for every letter. */
            if (i < len && tp__vn_alow[u[i]]) {
                acc |= TP__F_LETTER | TP__F_LOWER | TP__F_NOTUP;
                do
                    i++;
                while (i < len && tp__vn_alow[u[i]]);
            }
            if (i >= len)
                break;
            c = u[i];
            if (c < 0x80) {
                f = tp__vn_acls[c];
                if (!f)
                    break;
                cp = (int32_t)c;
                k = 1;
            } else {
                k = tp__vn_dec(s, len, i, &cp);
                f = tp__vn_cp_flags(cp);
                if (!(f & TP__F_LETTER))
                    break;
            }
            acc |= f;
        }
        tk->end = (uint32_t)i;
        int shape;
        if (!(f0 & TP__F_LETTER))
            shape = tp_vn_case_shape(s + start, i - start);
        else if (!(f0 & TP__F_UPPER))
            shape = (acc & TP__F_UPPER) ? TP_VN_MIXED : TP_VN_LOWER;
        else if (!(acc & TP__F_UPPER))
            shape = TP_VN_CAP;
        else if (!(acc & TP__F_NOTUP))
            shape = TP_VN_UPPER;
        else
            shape = TP_VN_MIXED;
        tk->shape = (uint8_t)shape;
        /* One space after a syllable (the common case) is passed here,
         * without another round of the loop's tests. */
        if (i < len && u[i] == ' ') {
            brk = 1;
            i++;
        }
    }
    *n_out = n;
    if (tone_cand)
        *tone_cand = cand;
    return t;
}

/* Splits the body into syllables and punctuation tokens. */
tp_vn_tok_t *tp_vn_tokenize(tp_arena_t *a, const char *s, size_t len,
                            size_t *n_out)
{
    size_t cap = len / 4 + 16, n = 0;
    /* Not zeroed: every field of tokens [0, n) is written below. */
    tp_vn_tok_t *t = tp_arena_alloc_nz(a, cap * sizeof *t);
    size_t i = 0;
    uint8_t brk = 2;
    while (i < len) {
        int32_t cp;
        size_t k = tp_vn_decode(s, len, i, &cp);
        if (cp == ' ' || cp == '\t' || cp == '\r') {
            if (brk == 0)
                brk = 1;
            i += k;
            continue;
        }
        if (cp == '\n') {
            brk = 2;
            i += k;
            continue;
        }
        if (n == cap) {
            t = tp_arena_realloc_nz(a, t, cap * sizeof *t, cap * 2 * sizeof *t);
            cap *= 2;
        }
        tp_vn_tok_t *tk = &t[n++];
        tk->start = (uint32_t)i;
        tk->brk = brk;
        brk = 0;
        if (tp_vn_is_alnum(cp)) {
            size_t e = tp_vn_syllable_end(s, len, i);
            tk->end = (uint32_t)e;
            tk->word = 1;
            tk->digit = cp >= '0' && cp <= '9';
            tk->shape = (uint8_t)tp_vn_case_shape(s + i, e - i);
            i = e;
        } else {
            tk->end = (uint32_t)(i + k);
            tk->word = 0;
            tk->shape = TP_VN_LOWER;
            tk->digit = 0;
            i += k;
        }
    }
    *n_out = n;
    return t;
}

/* Binary search for the token that contains or follows off. */
size_t tp_vn_tok_at(const tp_vn_tok_t *toks, size_t n, uint32_t off)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (toks[mid].end <= off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

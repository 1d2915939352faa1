/*
 * vn.c — Vietnamese text utilities (vn.h). Unicode properties come from
 * utf8proc; the UTF-8 decoder is written out because it runs on every
 * byte of every body and must not allocate or validate whole strings.
 */
#include "extract/vn.h"

#include <pthread.h>
#include <string.h>
#include <utf8proc.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

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
       TP__F_NOTUP = 32, /* a letter that is not upper case */
       TP__F_LOWSLOW = 64 /* utf8proc's lower case is not tp__vn_low[cp]
                             (it has another UTF-8 length) */ };
static uint8_t tp__vn_tab[TP__VN_TAB];
static uint16_t tp__vn_low[TP__VN_TAB];
/* Tokenizer flags of ASCII bytes: TP__F_LETTER with TP__F_UPPER or
 * TP__F_LOWER (and TP__F_NOTUP) for letters, 0x80 for digits
 * (alphanumeric, no letter), 0 for the rest and for every byte >= 0x80. */
static uint8_t tp__vn_acls[0x100];
/* 1 for the bytes a - z, 0 for every other byte: the runs of lower-case
 * ASCII letters inside a syllable need no folding and no case count. */
static uint8_t tp__vn_alow[0x100];
static pthread_once_t tp__vn_once = PTHREAD_ONCE_INIT;
/* Set (release) once the tables above are filled. */
static int tp__vn_ready;

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
        if (lo != tp__vn_low[cp])
            tp__vn_tab[cp] |= TP__F_LOWSLOW;
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
    __atomic_store_n(&tp__vn_ready, 1, __ATOMIC_RELEASE);
}

/* Makes sure the tables are filled (once per process). */
static inline void tp__vn_init(void)
{
    /* The flag first: pthread_once() is a call, and tp_vn_tolower() and
     * tp_vn_fold_into() run at every word the scanners compare. */
    if (!__atomic_load_n(&tp__vn_ready, __ATOMIC_ACQUIRE))
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

/* Simple lowercase mapping: the table below U+2000 where it holds
 * utf8proc's answer, utf8proc for the rest. */
int32_t tp_vn_tolower(int32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    if (cp < TP__VN_TAB && !(tp__vn_flags(cp) & TP__F_LOWSLOW))
        return tp__vn_low[cp];
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

#define TP__VN_ONES8 0x0101010101010101ull
#define TP__VN_TOP8 0x8080808080808080ull

/* The eight bytes at p as a word, p[0] lowest. */
static inline uint64_t tp__vn_load8(const char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
    return w;
}

/* The n < 8 bytes at p as a word, p[0] lowest, zero above: two loads
 * that overlap (or three bytes), not a loop, whose exit at a length that
 * changes from word to word mispredicted. */
static inline uint64_t tp__vn_load_short(const char *p, size_t n)
{
    const unsigned char *u = (const unsigned char *)p;
    if (n >= 4) {
        uint32_t a, b;
        memcpy(&a, p, 4);
        memcpy(&b, p + n - 4, 4);
        return (uint64_t)a | (uint64_t)b << (8 * (n - 4));
    }
    if (n == 0)
        return 0;
    return (uint64_t)u[0] | (uint64_t)u[n >> 1] << (8 * (n >> 1)) |
           (uint64_t)u[n - 1] << (8 * (n - 1));
}

/* Writes the low n < 8 bytes of w at p, as tp__vn_load_short() reads. */
static inline void tp__vn_store_short(char *p, size_t n, uint64_t w)
{
    if (n >= 4) {
        uint32_t a = (uint32_t)w, b = (uint32_t)(w >> (8 * (n - 4)));
        memcpy(p + n - 4, &b, 4);
        memcpy(p, &a, 4);
        return;
    }
    if (n == 0)
        return;
    p[0] = (char)w;
    p[n >> 1] = (char)(w >> (8 * (n >> 1)));
    p[n - 1] = (char)(w >> (8 * (n - 1)));
}

/* w with the ASCII A-Z of its eight bytes lowered: a byte below 0x80
 * whose value is in 'A'..'Z' gains 0x20, found by adding to the low
 * seven bits of every byte at once (no carry crosses a byte); bytes from
 * 0x80 up are left alone. */
static inline uint64_t tp__vn_lower8(uint64_t w)
{
    uint64_t x = w & ~TP__VN_TOP8;
    uint64_t ge_a = (x + (0x80 - 'A') * TP__VN_ONES8) & TP__VN_TOP8;
    uint64_t gt_z = (x + (0x80 - 'Z' - 1) * TP__VN_ONES8) & TP__VN_TOP8;
    return w | ((ge_a & ~gt_z & ~w) >> 2); /* 0x80 >> 2 == 0x20 */
}

/* Folds the code point at each lead byte (0xC0 and up) of the eight
 * bytes of w, which are s[base, base + 8) (zero past n). */
static inline void tp__vn_fold_leads(const char *s, size_t n, char *out,
                                     size_t base, uint64_t w)
{
    for (uint64_t m = w & (w << 1) & TP__VN_TOP8; m; m &= m - 1) {
        size_t i = base + (size_t)(__builtin_ctzll(m) >> 3);
        int32_t cp;
        size_t k = tp__vn_dec(s, n, i, &cp);
        int32_t lo = tp__vn_fold_cp(cp, k);
        if (lo != cp)
            tp__vn_put(out + i, lo, k);
    }
}

/* Lowercases while keeping every code point's byte length: ASCII by
 * arithmetic, the rest from the table (tp__vn_fold_cp()).
 *
 * Two passes of eight bytes at a time, with no branch a byte (the words
 * the scanners fold are a few bytes each, and a test a byte mispredicted
 * wherever ASCII and letters with marks alternate): the first writes
 * every byte, ASCII lowered and the rest copied; the second folds the
 * multi-byte code points. It decodes one at each byte from 0xC0 up,
 * which is where reading the text code point by code point starts one
 * too: a sequence swallows only continuation bytes (0x80..0xBF), and a
 * stray continuation byte decodes as U+FFFD, which folds to itself. */
void tp_vn_fold_into(const char *s, size_t n, char *out)
{
    tp__vn_init();
    if (n < 8) {
        uint64_t w = tp__vn_load_short(s, n);
        tp__vn_store_short(out, n, tp__vn_lower8(w));
        tp__vn_fold_leads(s, n, out, 0, w);
        return;
    }
    /* The last word overlaps the one before when n is no multiple of
     * eight: lowering twice gives the same bytes. */
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w = tp__vn_lower8(tp__vn_load8(s + i));
        memcpy(out + i, &w, 8);
    }
    uint64_t last = tp__vn_lower8(tp__vn_load8(s + n - 8));
    memcpy(out + n - 8, &last, 8);
    /* s may be out: the first pass changed only ASCII bytes, which are
     * neither lead nor continuation bytes, and folding keeps lengths */
    for (size_t j = 0; j < i; j += 8)
        tp__vn_fold_leads(s, n, out, j, tp__vn_load8(s + j));
    if (i < n) /* s[i, n): the top n - i bytes of the last word */
        tp__vn_fold_leads(s, n, out, i, tp__vn_load8(s + n - 8) >> (8 * (8 - (n - i))));
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

/* The state of one tp_vn_fold_tokenize() run, shared by its scalar step
 * and its 64-byte window. */
typedef struct tp__vn_tz {
    const char *s;
    const unsigned char *u;
    size_t len;
    char *fold;
    tp_arena_t *a;
    tp_vn_tok_t *t;
    size_t n, cap;
    uint8_t brk;
    int cand;
} tp__vn_tz_t;

/* Makes room for `more` tokens after the n written. */
static inline void tp__vn_tz_room(tp__vn_tz_t *z, size_t more)
{
    if (z->n + more > z->cap) {
        size_t nc = z->cap * 2 > z->n + more ? z->cap * 2 : z->n + more;
        z->t = tp_arena_realloc_nz(z->a, z->t, z->cap * sizeof *z->t,
                                   nc * sizeof *z->t);
        z->cap = nc;
    }
}

/* Case shape of a letter-initial syllable by its first code point being
 * upper case (1), another code point being upper case (2) and another
 * being a letter that is not upper case (4), as tp_vn_case_shape()
 * answers: with an upper-case first letter, no other upper case is
 * TP_VN_CAP, no letter that is not upper case is TP_VN_UPPER. A lookup:
 * tests in that order mispredict at every capitalised syllable. */
static const uint8_t tp__vn_shapes[8] = {
    TP_VN_LOWER, TP_VN_CAP, TP_VN_MIXED, TP_VN_UPPER,
    TP_VN_LOWER, TP_VN_CAP, TP_VN_MIXED, TP_VN_MIXED,
};

/* Case shape of a syllable from the flags of its first code point (f0)
 * and the union of the flags of the others (acc). A syllable that starts
 * with a digit (rare) is left to tp_vn_case_shape(). */
static inline uint8_t tp__vn_shape(const char *s, size_t start, size_t end,
                                   uint8_t f0, uint8_t acc)
{
    if (!(f0 & TP__F_LETTER))
        return (uint8_t)tp_vn_case_shape(s + start, end - start);
    return tp__vn_shapes[(f0 & TP__F_UPPER ? 1 : 0) | (acc & TP__F_UPPER ? 2 : 0) |
                         (acc & TP__F_NOTUP ? 4 : 0)];
}

/* True when the marked a, e or y of k bytes at i (inside the syllable
 * that starts at start, i > start) follows an o or a u (not the u of a
 * leading "qu") and no ASCII letter follows it: a tone mark that
 * tp_tone_apply() might move. A letter after it (a final consonant or a
 * third vowel: hoàng, toàn, hoạt) keeps the mark where it is, so most
 * bodies already in the traditional style need no tone pass at all.
 * fold[start, i) is folded already. */
static inline int tp__vn_tone_cand(const tp__vn_tz_t *z, size_t start, size_t i,
                                   size_t k)
{
    const char *fold = z->fold;
    return (fold[i - 1] == 'o' ||
            (fold[i - 1] == 'u' && !(i - 1 == start + 1 && fold[start] == 'q'))) &&
           !(i + k < z->len && z->u[i + k] < 0x80 &&
             (tp__vn_acls[z->u[i + k]] & TP__F_LETTER));
}

/* The scalar tokenizer: reads one whitespace byte or one token at i and
 * returns the index after it. Any input, every code point decoded and
 * classified on its own. The ASCII letters of fold are lower case
 * already (tp__vn_fold_ascii()). */
static size_t tp__vn_step(tp__vn_tz_t *z, size_t i)
{
    const char *s = z->s;
    const unsigned char *u = z->u;
    size_t len = z->len;
    char *fold = z->fold;
    unsigned c = u[i];
    int32_t cp;
    size_t k;
    uint8_t f;
    if (c < 0x80) {
        f = tp__vn_acls[c];
        if (!f) {
            if (c == ' ' || c == '\t' || c == '\r') {
                if (z->brk == 0)
                    z->brk = 1;
                return i + 1;
            }
            if (c == '\n') {
                z->brk = 2;
                return i + 1;
            }
        }
        cp = (int32_t)c;
        k = 1;
    } else {
        k = tp__vn_dec(s, len, i, &cp);
        f = tp__vn_cp_flags(cp);
    }
    tp__vn_tz_room(z, 1);
    tp_vn_tok_t *tk = &z->t[z->n++];
    tk->start = (uint32_t)i;
    tk->brk = z->brk;
    z->brk = 0;
    if (!(f & (TP__F_LETTER | 0x80))) {
        /* One punctuation code point. */
        if (k > 1)
            tp__vn_fold_put(fold + i, cp, k, f);
        i += k;
        tk->end = (uint32_t)i;
        tk->word = 0;
        tk->shape = TP_VN_LOWER;
        tk->digit = 0;
        return i;
    }
    /* A syllable: alphanumeric code points, folded as they go; f0 is the
     * first one's flags, acc the union of the others'. */
    tk->word = 1;
    tk->digit = c >= '0' && c <= '9';
    uint8_t f0 = f, acc = 0;
    size_t start = i;
    for (;;) {
        if (k > 1) {
            tp__vn_fold_put(fold + i, cp, k, f);
            if ((f & TP__F_MARKED_AEY) && i > start && tp__vn_tone_cand(z, start, i, k))
                z->cand = 1;
        }
        i += k;
        /* A run of lower-case ASCII letters: nothing to fold, and its
         * flags are the same for every letter. */
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
    tk->shape = tp__vn_shape(s, start, i, f0, acc);
    /* One space after a syllable (the common case) is passed here,
     * without another round of the caller's tests. */
    if (i < len && u[i] == ' ') {
        z->brk = 1;
        i++;
    }
    return i;
}

/* Lowers the ASCII letters of s[0..len) into fold (which may be s) and
 * copies every other byte: the ASCII part of folding, done for the whole
 * body before the tokens are cut (a byte below 0x80 is a code point of
 * its own, whatever surrounds it). */
static void tp__vn_fold_ascii(const char *s, size_t len, char *fold)
{
    size_t i = 0;
#ifdef __SSE2__
    const __m128i a1 = _mm_set1_epi8('A' - 1), z1 = _mm_set1_epi8('Z' + 1);
    const __m128i bit = _mm_set1_epi8(0x20);
    for (; i + 16 <= len; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(s + i));
        /* Signed compares: bytes >= 0x80 are negative, never in A-Z. */
        __m128i up = _mm_and_si128(_mm_cmpgt_epi8(x, a1), _mm_cmplt_epi8(x, z1));
        _mm_storeu_si128((__m128i *)(fold + i),
                         _mm_or_si128(x, _mm_and_si128(up, bit)));
    }
#endif
    for (; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        fold[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
}

/* The window: 64 bytes of the body classified at once into bit masks
 * (bit j: byte b + j). Bytes b + 64 and b + 65 are read too (the last
 * leads' continuation bytes), so a window needs TP__VN_WIN_NEED bytes. */
#define TP__VN_WIN_NEED 66
/* Bytes at and past this offset are not read as tokens in a window: a
 * syllable that reaches them is left to the next window, which starts at
 * the syllable. */
#define TP__VN_WIN_LIM 60

typedef struct tp__vn_win {
    uint64_t alnum; /* ASCII letters and digits */
    uint64_t up;    /* ASCII A-Z */
    uint64_t dg;    /* ASCII 0-9 */
    uint64_t gap;   /* space, tab, CR, LF */
    uint64_t nl;    /* LF */
    uint64_t hi;    /* bytes >= 0x80 */
    uint64_t lead2; /* C3..C6 followed by a continuation byte: U+00C0..U+01BF */
    uint64_t lead3; /* E1, then BA or BB, then a continuation byte:
                       U+1E80..U+1EFF, Vietnamese's letters with marks */
} tp__vn_win_t;

#ifdef __SSE2__
/* Byte mask of x in [lo, lo + n] (unsigned): x - lo <= n. */
static inline __m128i tp__vn_in(__m128i x, unsigned char lo, unsigned char n)
{
    __m128i d = _mm_sub_epi8(x, _mm_set1_epi8((char)lo));
    return _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8((char)n)), d);
}

/* The 16 bits of a byte mask, placed at bit sh. */
static inline uint64_t tp__vn_bits(__m128i m, int sh)
{
    return (uint64_t)(uint32_t)_mm_movemask_epi8(m) << sh;
}
#endif

/* Fills w for the 64 bytes at u (u[0..66) readable). */
static inline void tp__vn_win_fill(const unsigned char *u, tp__vn_win_t *w)
{
    memset(w, 0, sizeof *w);
#ifdef __SSE2__
    for (int q = 0; q < 4; q++) {
        const unsigned char *p = u + 16 * q;
        __m128i x0 = _mm_loadu_si128((const __m128i *)p);
        __m128i x1 = _mm_loadu_si128((const __m128i *)(p + 1));
        __m128i x2 = _mm_loadu_si128((const __m128i *)(p + 2));
        /* ASCII ranges: a byte >= 0x80 is in none of them. */
        __m128i letter = tp__vn_in(_mm_or_si128(x0, _mm_set1_epi8(0x20)), 'a', 25);
        __m128i up = tp__vn_in(x0, 'A', 25);
        __m128i dg = tp__vn_in(x0, '0', 9);
        __m128i nl = _mm_cmpeq_epi8(x0, _mm_set1_epi8('\n'));
        __m128i gap = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(x0, _mm_set1_epi8(' ')),
                         _mm_cmpeq_epi8(x0, _mm_set1_epi8('\t'))),
            _mm_or_si128(_mm_cmpeq_epi8(x0, _mm_set1_epi8('\r')), nl));
        /* Continuation bytes 0x80..0xBF are the signed bytes below -64. */
        __m128i ct1 = _mm_cmplt_epi8(x1, _mm_set1_epi8((char)0xC0));
        __m128i ct2 = _mm_cmplt_epi8(x2, _mm_set1_epi8((char)0xC0));
        __m128i lead2 = _mm_and_si128(tp__vn_in(x0, 0xC3, 3), ct1);
        __m128i lead3 = _mm_and_si128(
            _mm_and_si128(_mm_cmpeq_epi8(x0, _mm_set1_epi8((char)0xE1)),
                          tp__vn_in(x1, 0xBA, 1)),
            ct2);
        int sh = 16 * q;
        w->alnum |= tp__vn_bits(_mm_or_si128(letter, dg), sh);
        w->up |= tp__vn_bits(up, sh);
        w->dg |= tp__vn_bits(dg, sh);
        w->gap |= tp__vn_bits(gap, sh);
        w->nl |= tp__vn_bits(nl, sh);
        w->hi |= tp__vn_bits(x0, sh);
        w->lead2 |= tp__vn_bits(lead2, sh);
        w->lead3 |= tp__vn_bits(lead3, sh);
    }
#else
    /* The same masks a byte at a time (builds without SSE2). */
    for (int j = 0; j < 64; j++) {
        unsigned c = u[j];
        uint64_t bit = 1ull << j;
        int ct1 = (u[j + 1] & 0xC0) == 0x80, ct2 = (u[j + 2] & 0xC0) == 0x80;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
            w->alnum |= bit;
        if (c >= 'A' && c <= 'Z')
            w->up |= bit;
        if (c >= '0' && c <= '9')
            w->dg |= bit;
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            w->gap |= bit;
        if (c == '\n')
            w->nl |= bit;
        if (c >= 0x80)
            w->hi |= bit;
        if (c >= 0xC3 && c <= 0xC6 && ct1)
            w->lead2 |= bit;
        if (c == 0xE1 && (u[j + 1] == 0xBA || u[j + 1] == 0xBB) && ct2)
            w->lead3 |= bit;
    }
#endif
}

/* Masks of the ASCII letters o, u and q (either case) of the 64 bytes at
 * u, for the tone test (only while no candidate has been seen). */
static inline void tp__vn_win_ouq(const unsigned char *u, uint64_t *o,
                                  uint64_t *uu, uint64_t *q)
{
    *o = *uu = *q = 0;
#ifdef __SSE2__
    for (int k = 0; k < 4; k++) {
        __m128i x = _mm_or_si128(_mm_loadu_si128((const __m128i *)(u + 16 * k)),
                                 _mm_set1_epi8(0x20));
        *o |= tp__vn_bits(_mm_cmpeq_epi8(x, _mm_set1_epi8('o')), 16 * k);
        *uu |= tp__vn_bits(_mm_cmpeq_epi8(x, _mm_set1_epi8('u')), 16 * k);
        *q |= tp__vn_bits(_mm_cmpeq_epi8(x, _mm_set1_epi8('q')), 16 * k);
    }
#else
    for (int j = 0; j < 64; j++) {
        unsigned c = u[j] | 0x20;
        *o |= (uint64_t)(c == 'o') << j;
        *uu |= (uint64_t)(c == 'u') << j;
        *q |= (uint64_t)(c == 'q') << j;
    }
#endif
}

/* Bits j of the 64 flag bytes fl that have bit f set. */
static inline uint64_t tp__vn_flag_bits(const uint8_t *fl, uint8_t f)
{
    uint64_t m = 0;
#ifdef __SSE2__
    const __m128i b = _mm_set1_epi8((char)f);
    for (int k = 0; k < 4; k++) {
        __m128i x = _mm_load_si128((const __m128i *)(fl + 16 * k));
        m |= tp__vn_bits(_mm_cmpeq_epi8(_mm_and_si128(x, b), b), 16 * k);
    }
#else
    for (int j = 0; j < 64; j++)
        m |= (uint64_t)((fl[j] & f) != 0) << j;
#endif
    return m;
}

/* Tokenizes from b (len - b >= TP__VN_WIN_NEED) with one window: cuts
 * the tokens that end before b + TP__VN_WIN_LIM and returns the index
 * after them. Sets *stuck when it stopped at something it leaves to
 * tp__vn_step(): a multi-byte code point outside the window's classes
 * (a letter of another script, punctuation such as U+201C, a malformed
 * sequence) or a syllable next to one, or a syllable longer than the
 * window.
 *
 * Why the tokens are the same as tp__vn_step()'s: a byte below 0x80 is a
 * code point of its own, classified as tp__vn_acls does (letters, digits,
 * whitespace, punctuation). A lead byte C3..C6 or E1 BA/BB with its
 * continuation bytes is exactly what tp__vn_dec() decodes there (no
 * sequence that starts earlier can swallow a byte >= 0xC0), and its
 * flags are tp__vn_tab's, as tp__vn_cp_flags() answers below U+2000; one
 * that is not a letter (× or ÷) stops the window like any other byte >=
 * 0x80. A syllable is then a run of alphanumeric bytes, its case shape
 * and the tone test follow from per-byte masks of what tp__vn_step()
 * reads code point by code point, and folding a code point does not
 * depend on the token it is in. */
static size_t tp__vn_window(tp__vn_tz_t *z, size_t b, int *stuck)
{
    tp__vn_win_t w;
    const unsigned char *u = z->u + b;
    char *fold = z->fold + b;
    tp__vn_win_fill(u, &w);
    const uint64_t lim = (1ull << TP__VN_WIN_LIM) - 1;
    /* Every two- and three-byte letter before the limit: folded, and its
     * flags put in fl at its lead byte (0 elsewhere), then read back as
     * bit masks. One loop per length, the same work for every letter
     * but the rare upper case. */
    _Alignas(16) uint8_t fl[64];
    memset(fl, 0, sizeof fl);
    for (uint64_t m = w.lead2 & lim; m; m &= m - 1) {
        unsigned q = (unsigned)__builtin_ctzll(m);
        uint32_t cp = (u[q] & 0x1Fu) << 6 | (u[q + 1] & 0x3Fu);
        uint8_t f = fl[q] = tp__vn_tab[cp];
        if (f & TP__F_FOLDS) /* same UTF-8 length: see tp__vn_tab_init() */
            tp__vn_put(fold + q, tp__vn_low[cp], 2);
    }
    for (uint64_t m = w.lead3 & lim; m; m &= m - 1) {
        unsigned q = (unsigned)__builtin_ctzll(m);
        uint32_t cp = (u[q] & 0x0Fu) << 12 | (u[q + 1] & 0x3Fu) << 6 | (u[q + 2] & 0x3Fu);
        uint8_t f = fl[q] = tp__vn_tab[cp];
        if (f & TP__F_FOLDS)
            tp__vn_put(fold + q, tp__vn_low[cp], 3);
    }
    uint64_t leads = (w.lead2 | w.lead3) & lim;
    uint64_t mup = tp__vn_flag_bits(fl, TP__F_UPPER);
    uint64_t mbad = leads & ~tp__vn_flag_bits(fl, TP__F_LETTER);
    uint64_t mnotup = leads & ~mup & ~mbad;
    uint64_t multi = w.lead2 | w.lead2 << 1 | w.lead3 | w.lead3 << 1 | w.lead3 << 2;
    uint64_t bad = mbad | mbad << 1 | (mbad & w.lead3) << 2;
    /* Bytes the window does not read: other multi-byte code points, the
     * ones that are not letters, and everything from the limit on. */
    uint64_t stop = (w.hi & ~multi) | bad | ~lim;
    uint64_t word = (w.alnum | multi) & ~stop;
    uint64_t gap = w.gap & lim;
    /* Upper-case code points, and letters that are not upper case, each
     * at its first byte. For the case shape of a syllable (a run of
     * word) the second and third questions are whether such a code point
     * stands after its first byte: adding those bits to word carries out
     * of each run that holds one, into the byte after it (runs end below
     * the limit, so nothing carries out of the mask). */
    uint64_t upper = w.up | mup;
    uint64_t notup = (w.alnum & ~w.up & ~w.dg) | mnotup;
    uint64_t later = word & (word << 1);
    uint64_t up_end = (word + (upper & later)) & ~word;
    uint64_t notup_end = (word + (notup & later)) & ~word;
    /* The marked a, e and y that tp__vn_tone_cand() accepts: not first in
     * their syllable, after an o or a u that is not the u of a leading
     * "qu", and before no ASCII letter. Not needed once one was seen. */
    uint64_t tone = 0, mmark;
    if (!z->cand && (mmark = tp__vn_flag_bits(fl, TP__F_MARKED_AEY)) != 0) {
        uint64_t o, uu, qq;
        tp__vn_win_ouq(u, &o, &uu, &qq);
        uint64_t first = word & ~later;
        uint64_t letter = w.alnum & ~w.dg;
        uint64_t after = o << 1 | (uu << 1 & ~((qq & first) << 2));
        uint64_t before = (w.lead2 & ~(letter >> 2)) | (w.lead3 & ~(letter >> 3));
        tone = mmark & later & after & before;
    }
    /* The tokens: one at the first byte of each run of word, one at each
     * byte of ASCII punctuation (neither word, gap nor stop), all before
     * the first stop byte. Cut from this mask one after the other, so
     * that the only work carried from one token to the next is clearing
     * a bit: finding each token's end from the one before (two bit scans
     * and shifts in a chain) was the tokenizer's critical path. */
    size_t lim_s = (size_t)__builtin_ctzll(stop); /* <= TP__VN_WIN_LIM */
    uint64_t starts = (word & ~(word << 1)) | (~word & ~gap & ~stop);
    starts &= (1ull << lim_s) - 1;
    /* brk of a token: 1 after a run of whitespace, 2 when the run holds
     * a line break (adding those bits to gap carries out of exactly the
     * runs that hold one), 0 glued; the first token of the window also
     * keeps what the whitespace before the window gave (z->brk). */
    uint64_t nl = w.nl & gap;
    uint64_t after_gap = gap << 1 & ~gap, after_nl = (gap + nl) & ~gap;
    /* Locals rather than z's fields: the stores into fold may alias
     * anything a char pointer can reach. */
    tp__vn_tz_room(z, TP__VN_WIN_LIM);
    tp_vn_tok_t *tk = z->t + z->n;
    uint8_t brk0 = z->brk, brk_next;
    size_t r = lim_s, end = 0;
    *stuck = lim_s < TP__VN_WIN_LIM;
    for (uint64_t m = starts;; m &= m - 1) {
        if (!m) {
            /* Every token before the stop is cut; the whitespace after
             * the last one goes to the next token's brk. */
            uint64_t tail = ((1ull << lim_s) - 1) & ~((1ull << end) - 1);
            uint8_t ws = (uint8_t)((lim_s > end) + ((nl & tail) != 0));
            brk_next = brk0 > ws ? brk0 : ws;
            break;
        }
        size_t t = (size_t)__builtin_ctzll(m);
        uint8_t ws = (uint8_t)(((after_gap >> t) & 1) + ((after_nl >> t) & 1));
        uint8_t brk = brk0 > ws ? brk0 : ws;
        /* A syllable [t, e) (a run of word) or one byte of ASCII
         * punctuation [t, t + 1), told apart without a branch: one token
         * in five or so is punctuation, in no pattern. For punctuation
         * the run length is 0, the shape reads entry 0 (TP_VN_LOWER) as
         * no mask has bit t or t + 1, and digit is 0. */
        unsigned isw = (unsigned)(word >> t) & 1;
        size_t run = (size_t)__builtin_ctzll(~word >> t);
        size_t e = t + run + (run == 0);
        if (isw & (e == lim_s)) {
            /* A syllable that reaches the stop may go on past it: left
             * to the next window, which starts at it, or to
             * tp__vn_step() (a stop byte that may be a letter, or a
             * syllable as long as the window). */
            r = t;
            *stuck = t == 0 || lim_s < TP__VN_WIN_LIM;
            brk_next = brk;
            break;
        }
        uint32_t a = (uint32_t)(b + t);
        uint8_t digit = (w.dg >> t) & 1, shape;
        if (digit)
            shape = (uint8_t)tp_vn_case_shape(z->s + a, e - t);
        else
            shape = tp__vn_shapes[((upper >> t) & 1) | ((up_end >> e) & 1) << 1 |
                                  ((notup_end >> e) & 1) << 2];
        *tk++ = (tp_vn_tok_t){a, (uint32_t)(b + e), (uint8_t)isw, shape, digit, brk};
        brk0 = 0;
        end = e;
    }
    z->n = (size_t)(tk - z->t);
    z->brk = brk_next;
    /* The syllables cut are the runs of word before r. */
    z->cand |= (tone & ((1ull << r) - 1)) != 0;
    return b + r;
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
 * The ASCII letters are lowered for the whole body at once; then the body
 * is read 64 bytes at a time (tp__vn_window()) wherever it holds only
 * ASCII and the Vietnamese letters, and a token at a time by
 * tp__vn_step() elsewhere and in the last bytes. Cutting tokens byte by
 * byte mispredicted a branch at most changes between ASCII and a
 * two- or three-byte letter; the window finds the ends of a syllable
 * from bit masks. */
tp_vn_tok_t *tp_vn_fold_tokenize(tp_arena_t *a, const char *s, size_t len,
                                 char *fold, size_t *n_out, int *tone_cand)
{
    tp__vn_init();
    tp__vn_tz_t z = {s, (const unsigned char *)s, len, fold, a, NULL, 0,
                     len / 4 + 16, 2, 0};
    /* Not zeroed: every field of tokens [0, n) is written and nothing
     * reads past n. */
    z.t = tp_arena_alloc_nz(a, z.cap * sizeof *z.t);
    tp__vn_fold_ascii(s, len, fold);
    size_t i = 0;
    while (i < len) {
        if (len - i >= TP__VN_WIN_NEED) {
            int stuck;
            i = tp__vn_window(&z, i, &stuck);
            if (!stuck)
                continue;
        }
        i = tp__vn_step(&z, i);
    }
    *n_out = z.n;
    if (tone_cand)
        *tone_cand = z.cand;
    return z.t;
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

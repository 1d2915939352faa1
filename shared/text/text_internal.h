/*
 * text_internal.h — what the files of shared/text/ share with each other
 * (and with the extractor and the tests, which include it through the
 * private include path). Nothing here is public API.
 *
 * Reading order: utf8.c (decoding helpers), envelope.c (the common JSON
 * envelope without jansson), encoding.c (legacy charsets
 * and mojibake), clean.c (spaces, control characters, NFC, lines), tone.c
 * (tone-mark placement), html.c (gumbo: main content and metadata),
 * dates.c (published_at), structure.c (title, lead, byline, captions,
 * tags, chrome), hash.c (content hash, simhash, article id), normalize.c
 * (the tp_normalize() entry point that strings them together).
 *
 * Ownership: every string and array produced here lives in the arena
 * passed in and dies with its next reset.
 */
#ifndef TP_TEXT_INTERNAL_H
#define TP_TEXT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "tp/arena.h"
#include "tp/article.h"
#include "tp/normalizer.h"

/* ---- utf8.c ---------------------------------------------------------- */

/* Decodes one code point at s[*i] (n bytes in all), advances *i; -1 (and
 * one byte consumed) when the sequence is malformed, overlong, a surrogate
 * or beyond U+10FFFF. Inline for the per-character loops. */
static inline int32_t tp__utf8_decode(const char *s, size_t n, size_t *i)
{
    const unsigned char *p = (const unsigned char *)s + *i;
    size_t left = n - *i;
    unsigned c = p[0];
    if (c < 0x80) {
        *i += 1;
        return (int32_t)c;
    }
    if (c >= 0xC2 && c <= 0xDF && left >= 2 && (p[1] & 0xC0) == 0x80) {
        *i += 2;
        return (int32_t)(((c & 0x1F) << 6) | (p[1] & 0x3F));
    }
    if (c >= 0xE0 && c <= 0xEF && left >= 3 && (p[1] & 0xC0) == 0x80 &&
        (p[2] & 0xC0) == 0x80) {
        int32_t cp = (int32_t)(((c & 0x0F) << 12) | ((p[1] & 0x3F) << 6) |
                               (p[2] & 0x3F));
        if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
            *i += 3;
            return cp;
        }
    }
    if (c >= 0xF0 && c <= 0xF4 && left >= 4 && (p[1] & 0xC0) == 0x80 &&
        (p[2] & 0xC0) == 0x80 && (p[3] & 0xC0) == 0x80) {
        int32_t cp = (int32_t)(((c & 0x07) << 18) | ((p[1] & 0x3F) << 12) |
                               ((p[2] & 0x3F) << 6) | (p[3] & 0x3F));
        if (cp >= 0x10000 && cp <= 0x10FFFF) {
            *i += 4;
            return cp;
        }
    }
    *i += 1;
    return -1;
}

/* Eight bytes at p as a word whose lowest byte is p[0] (the scans that
 * handle eight bytes at a time count positions from the low end). */
static inline uint64_t tp__load8(const void *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return w;
}

/* tp__utf8_decode() as a function. */
int32_t tp__utf8_next(const char *s, size_t n, size_t *i);

/* Appends the UTF-8 form of cp to out (at least 4 bytes free); returns
 * the number of bytes written. */
size_t tp__utf8_put(char *out, int32_t cp);

/* Returns 1 when s[0..n) is well-formed UTF-8 (no surrogates, no
 * overlongs, nothing above U+10FFFF). */
int tp__utf8_valid(const char *s, size_t n);

/* Lower-cases s (NFC UTF-8) into the arena. */
char *tp__utf8_lower(tp_arena_t *a, const char *s, size_t n, size_t *out_len);

/* Unicode letter classes used by the structure rules. */
int tp__cp_is_upper(int32_t cp);
int tp__cp_is_lower(int32_t cp);
int tp__cp_is_letter(int32_t cp);

/* Number of code points in s[0..n). */
size_t tp__utf8_count(const char *s, size_t n);

/* Number of code points in s[0..n) when at most max, else some number
 * above max. */
size_t tp__utf8_count_max(const char *s, size_t n, size_t max);

/* ---- envelope.c ------------------------------------------------------ */

/* The fields of a JSON envelope; NULL when absent or null. Strings are
 * unescaped, NUL-terminated and in the arena. */
typedef struct tp__envelope {
    const char *url, *site, *fetched_at, *published_at, *title;
    const char *text, *html;
    size_t text_len, html_len;
} tp__envelope_t;

/* Reads s[0..n) when it is the common envelope (one flat object whose
 * values are strings, null, numbers, true or false, with "text" or a
 * non-empty "html") into env and returns 1. Returns 0, env untouched, for
 * anything else, and for anything it is not sure json_loadb(s, n, 0)
 * reads the same way: the caller then takes the jansson path, which is
 * the reference (its results and its error messages). */
int tp__envelope_parse(tp_arena_t *a, const char *s, size_t n,
                       tp__envelope_t *env);

/* Reads a JSON string whose opening quote is just before p, as jansson
 * would (flags 0: \u0000 and invalid UTF-8 declined), unescaped and
 * NUL-terminated into out (never ahead of p); *out_len gets its length.
 * Returns the position after the closing quote, or NULL to decline. Also
 * used by the event reader (shared/event/event_fast.c). */
const char *tp__env_string(const char *p, const char *end, char *out,
                           size_t *out_len);

/* Scans a JSON number at p: its end, or NULL when p starts none; counts
 * its integer and exponent digits, says whether it is a real. Also used
 * by the event reader. */
const char *tp__json_number_end(const char *p, const char *end, size_t *int_digits,
                            size_t *exp_digits, int *real);

/* ---- encoding.c ------------------------------------------------------ */

/* Makes in[0..n) valid UTF-8 Vietnamese text: returns it as is when it is
 * clean UTF-8, converts TCVN3, VNI, VISCII, CP1258 and CP1252 mojibake,
 * and returns NULL when the bytes cannot be decided (dead-letter with
 * class "encoding"). *detected is set to the source charset name ("utf-8",
 * "tcvn3", "vni", "viscii", "cp1258", "utf-8-as-cp1252"). */
char *tp__encoding_fix(tp_arena_t *a, const char *in, size_t n,
                       size_t *out_len, const char **detected);

/* What tp__encoding_fix() counts as foreign (the fast path of clean.c
 * checks the same while it cleans): the table of two-byte sequences,
 * indexed by their two bytes loaded as one 16-bit word (nonzero:
 * foreign), and the test for any code point. */
const uint8_t *tp__foreign_pairs(void);
int tp__foreign_cp(int32_t cp);

/* ---- clean.c --------------------------------------------------------- */

/* One line of cleaned text. */
typedef struct tp__line {
    char *s;          /* NUL-terminated, trimmed, single spaces */
    size_t len;       /* bytes */
    int blank_before; /* empty lines before this one */
    int kind;         /* TP__K_* below */
    int flags;        /* TP__F_* below */
} tp__line_t;

/* Line kinds: body text or the reason it left the body. */
enum {
    TP__K_BODY = 0,
    TP__K_TITLE,
    TP__K_BANNER,
    TP__K_DATELINE,
    TP__K_VISIT_COUNTER,
    TP__K_TAG_LINE,
    TP__K_BYLINE,
    TP__K_COMMENT_FORM,
    TP__K_RELATED_LIST,
    TP__K_LOGIN_LINK,
    TP__K_SORT_WIDGET,
    TP__K_SHARE_WIDGET,
    TP__K_CAPTION_REPEAT,
    TP__K_DUPLICATE,
    TP__K_HTML_BOILERPLATE,
    TP__K_BREADCRUMB, /* section label or breadcrumb above the headline */
    TP__K__COUNT
};

/* Line flags. */
enum {
    TP__F_CAPTION = 1,  /* a photo caption (kept in body unless repeated) */
    TP__F_HEADING = 2,  /* HTML heading or list item boundary */
    TP__F_CAPTION_HTML = 4, /* caption known from markup (figcaption) */
};

/* The removed-kind name of a line kind ("comment_form", ...). */
const char *tp__kind_name(int kind);

typedef struct tp__lines {
    tp__line_t *v;
    size_t n, cap;
} tp__lines_t;

/* Cleans valid UTF-8 text: space variants to U+0020, zero-width, soft
 * hyphens, BOMs and controls removed, U+2010..U+2012 to '-', line endings
 * unified, NFC, tone style applied; splits into trimmed non-empty lines
 * (blank lines counted in blank_before) appended to out. */
void tp__clean_lines(tp_arena_t *a, const char *s, size_t n,
                     tp_tone_style_t style, tp__lines_t *out);

/* tp__clean_lines() of text that tp__encoding_fix() would return as it
 * is (valid UTF-8, nothing foreign), checked while cleaning: returns 0,
 * with out untouched, when the text is not such (the caller then takes
 * the encoding path), 1 when out holds its lines. */
int tp__clean_lines_utf8(tp_arena_t *a, const char *s, size_t n,
                         tp_tone_style_t style, tp__lines_t *out);

/* Cleans one short field (title, author) to a single NFC line; NULL when
 * nothing is left. */
char *tp__clean_field(tp_arena_t *a, const char *s, size_t n,
                      tp_tone_style_t style);

/* Appends a line to ls (s copied into the arena). */
void tp__lines_push(tp_arena_t *a, tp__lines_t *ls, const char *s,
                    size_t n, int blank_before);

/* ---- tone.c ---------------------------------------------------------- */

/* Tone (0 none, 1-5) of a Vietnamese vowel letter; -1 when cp is none. */
int tp__vowel_tone(int32_t cp);

/* tp_tone_apply() for the normalizer's own buffers: returns text itself
 * (NUL-terminated, not modified) when no mark moves, otherwise a new arena
 * string. */
char *tp__tone_fix(tp_arena_t *arena, char *text, size_t len,
                   tp_tone_style_t style, size_t *out_len);

/* ---- html.c ---------------------------------------------------------- */

/* What the HTML path found besides the text. */
typedef struct tp__html_meta {
    const char *title;     /* og:title, <h1> or <title>, raw */
    const char *published; /* article:published_time, <time datetime> */
    const char *author;    /* meta author / byline element */
    const char *site;      /* og:site_name */
    const char *url;       /* og:url or canonical */
    const char **captions; /* figcaption texts */
    size_t n_captions;
    const char **tags; /* article:tag, keywords */
    size_t n_tags;
    tp_removed_t *removed; /* boilerplate blocks dropped from the page */
    size_t n_removed;
} tp__html_meta_t;

/* Parses html with gumbo and returns the main content as text with one
 * block per line and blank lines between blocks; fills meta. Returns NULL
 * when gumbo cannot parse. */
char *tp__html_to_text(tp_arena_t *a, const char *html, size_t n,
                       tp__html_meta_t *meta, size_t *out_len);

/* Elements nested deeper than this are refused before parsing: gumbo's
 * tree building takes quadratic time on deep nesting (100,000 levels take
 * about 20 s), which would hold a partition past its transaction timeout.
 * Real pages stay far below it. */
#define TP__HTML_MAX_PARSE_DEPTH 2000

/* Estimates the nesting depth of html's elements from its tags (void
 * elements and ones with optional end tags not counted); stops counting
 * once it passes limit and returns a value above limit then. */
size_t tp__html_depth(const char *html, size_t n, size_t limit);

/* Returns 1 when a bare document looks like HTML (leading markup). */
int tp__looks_like_html(const char *s, size_t n);

/* ---- dates.c --------------------------------------------------------- */

/* A calendar time in Vietnam's zone (+07:00). */
typedef struct tp__datetime {
    int year, month, day, hour, minute, second;
    int has_time;
} tp__datetime_t;

/* Parses an ISO 8601 or Vietnamese date string ("2020-03-26T12:54:00Z",
 * "26-03-2020 19:54", "14:01 | 14-07-2020", "Thứ Hai, 26-3-2020") and
 * converts it to +07:00. Returns 1 on success. */
int tp__date_parse(const char *s, size_t n, tp__datetime_t *out);

/* Finds a full date (d-m-yyyy with slashes, dots or dashes, with an optional hh:mm nearby) anywhere in
 * s; *start and *end receive its span. Returns 1 when found. */
int tp__date_find(const char *s, size_t n, tp__datetime_t *out,
                  size_t *start, size_t *end);

/* Parses a dateline at the start of a lead: "Ngày 14/7", "Sáng 26/3",
 * "Chiều 25/8/2023". year_hint fills a missing year (0: fails without a
 * year). Returns 1 on success. */
int tp__date_lead(const char *s, size_t n, int year_hint,
                  tp__datetime_t *out);

/* Formats "YYYY-MM-DDThh:mm:ss+07:00" into the arena. */
char *tp__date_format(tp_arena_t *a, const tp__datetime_t *d);

/* ---- structure.c ----------------------------------------------------- */

/* Hints from the envelope or the HTML metadata; NULL fields unknown. */
typedef struct tp__hints {
    const char *title;
    const char *published_at; /* already ISO +07:00 */
    const char *author;
    int year; /* fetched_at's year, or 0 */
    const char **captions; /* captions known from markup */
    size_t n_captions;
} tp__hints_t;

/* Recovers the article's structure from cleaned lines into art: title,
 * published_at, authors, agency, lead, body, paragraphs, captions, tags,
 * view_count, removed. */
void tp__structure(tp_arena_t *a, tp__lines_t *ls, const tp__hints_t *h,
                   tp_article_t *art);

/* Returns 1 when line looks like a person's name: 2 to 5 syllables, each
 * capitalised. */
int tp__is_name(const char *s, size_t n);

/* ---- hash.c ---------------------------------------------------------- */

/* Fills art->content_hash and art->simhash from art->body. */
void tp__hash_body(tp_article_t *art);

/* The 64-bit simhash over 3-word shingles of s. */
uint64_t tp__simhash(const char *s, size_t n);

/* Fills id (33 bytes) with the XXH128 hex of s[0..n). */
void tp__article_id(char id[33], const char *s, size_t n);

/* tp__article_id() of first[0..fn), a newline and rest[0..rn), without
 * joining them. */
void tp__article_id_parts(char id[33], const char *first, size_t fn,
                          const char *rest, size_t rn);

#endif

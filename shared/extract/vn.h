/*
 * extract/vn.h — Vietnamese text utilities for the extractor: UTF-8
 * decoding at a byte position, letter case of code points, syllable
 * boundaries, case folding that keeps byte offsets, capitalisation of each
 * syllable, and a tokenizer that splits a body into syllables and
 * punctuation once so that every module can walk tokens.
 *
 * Vietnamese writes one syllable per space-separated token; a "word" of
 * two syllables ("Dân vận") is two tokens. A syllable here is a maximal run
 * of letters and digits; everything else is punctuation or space.
 *
 * Ownership: functions that return strings write them into the caller's
 * arena; nothing here keeps state. Inputs are NFC UTF-8 (invalid bytes are
 * read as U+FFFD, one byte each, and never crash).
 */
#ifndef TP_EXTRACT_VN_H
#define TP_EXTRACT_VN_H

#include <stddef.h>
#include <stdint.h>

#include "tp/arena.h"

/* Decodes the code point starting at s[i] (i < len) into *cp and returns
 * its length in bytes (1..4); a malformed sequence gives U+FFFD, length 1. */
size_t tp_vn_decode(const char *s, size_t len, size_t i, int32_t *cp);

/* Returns the byte index where the code point ending just before s[i]
 * starts (i > 0). */
size_t tp_vn_prev(const char *s, size_t i);

/* Letter classes of one code point (Unicode categories via utf8proc,
 * with an ASCII fast path). */
int tp_vn_is_letter(int32_t cp);
int tp_vn_is_upper(int32_t cp);
int tp_vn_is_lower(int32_t cp);
/* A letter or a decimal digit: what syllables are made of. */
int tp_vn_is_alnum(int32_t cp);
int32_t tp_vn_tolower(int32_t cp);
int32_t tp_vn_toupper(int32_t cp);

/* True when byte index i is a syllable boundary: the start or end of the
 * text, or a place where an alphanumeric and a non-alphanumeric meet. */
int tp_vn_is_boundary(const char *s, size_t len, size_t i);

/* Returns the end of the syllable that starts at i (i itself when s[i] is
 * not alphanumeric). */
size_t tp_vn_syllable_end(const char *s, size_t len, size_t i);

/* Returns the start of the syllable that contains or ends at i. */
size_t tp_vn_syllable_start(const char *s, size_t i);

/* Case shape of a syllable s[0..n): */
enum {
    TP_VN_LOWER = 0, /* "dân", also digits-only */
    TP_VN_CAP = 1,   /* "Dân": first letter upper, the rest lower */
    TP_VN_UPPER = 2, /* "UBND", "HĐND": two or more letters, all upper */
    TP_VN_MIXED = 3, /* anything else ("TTg", "iPhone") */
};
int tp_vn_case_shape(const char *s, size_t n);

/* True when s[0..n) starts with an uppercase letter. */
int tp_vn_is_upper_initial(const char *s, size_t n);

/* Lowercases s[0..n) into out[0..n) without changing byte lengths: a code
 * point whose lower case has another UTF-8 length is copied as is (all
 * Vietnamese letters keep their length). out may equal s. */
void tp_vn_fold_into(const char *s, size_t n, char *out);

/* Returns the folded copy of s[0..n) in the arena (NUL-terminated, n
 * bytes). */
char *tp_vn_fold(tp_arena_t *a, const char *s, size_t n);

/* Returns s[0..n) with the first letter of every syllable upper case and
 * the rest lower case ("nguyễn văn a" -> "Nguyễn Văn A"). */
char *tp_vn_capitalize(tp_arena_t *a, const char *s, size_t n);

/* Appends the UTF-8 encoding of cp to out (at least 4 bytes of room);
 * returns the number of bytes written. */
size_t tp_vn_encode(int32_t cp, char *out);

/* One token of a body: a syllable (alphanumeric run) or one punctuation
 * code point. Spaces and line breaks separate tokens and are not tokens;
 * `brk` says what came before the token. */
typedef struct tp_vn_tok {
    uint32_t start, end; /* byte range in the body */
    uint8_t word;        /* 1: syllable, 0: punctuation */
    uint8_t shape;       /* TP_VN_* for syllables */
    uint8_t digit;       /* syllable starts with a digit */
    uint8_t brk;         /* 0: glued to the previous token, 1: space,
                            2: line break (paragraph start) or text start */
} tp_vn_tok_t;

/* Splits s[0..len) into tokens (arena array, *n_out tokens). */
tp_vn_tok_t *tp_vn_tokenize(tp_arena_t *a, const char *s, size_t len,
                            size_t *n_out);

/* Folds s[0..len) into fold (len bytes of room, as tp_vn_fold_into(); fold
 * may be s) and tokenizes it (as tp_vn_tokenize()) in one call: the body
 * is read 64 bytes at a time where it holds ASCII and Vietnamese letters
 * (SSE2 bit masks, or the same masks byte by byte without SSE2), code
 * point by code point elsewhere.
 * *tone_cand (may be NULL) is set to 0 when no tone mark of s could move
 * to the traditional place (hoà -> hòa), 1 when one might (an o or u
 * before a marked a, e or y that no ASCII letter follows). */
tp_vn_tok_t *tp_vn_fold_tokenize(tp_arena_t *a, const char *s, size_t len,
                                 char *fold, size_t *n_out, int *tone_cand);

/* Index of the first token whose end is > off (n when none): the token
 * containing off or the next one. toks sorted by start. */
size_t tp_vn_tok_at(const tp_vn_tok_t *toks, size_t n, uint32_t off);

#endif

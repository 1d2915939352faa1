/*
 * extract/scan.h — small hand-written scanners shared by the numeric
 * modules (documents.c, dates.c, terms.c, quantities.c): case-insensitive
 * word matching at a byte position, the syllable before or after a
 * position, Vietnamese numbers (19.340, 2,5), Roman numerals and numeric
 * dates. They read the body in place, allocate nothing and are written by
 * hand because they run at every digit of every body.
 *
 * Patterns are lowercase NFC UTF-8. Matching folds the body's case only
 * (vn.h keeps byte lengths), so a pattern with a tone mark matches only
 * that placement: callers list both "khóa" and "khoá" where it matters.
 */
#ifndef TP_EXTRACT_SCAN_H
#define TP_EXTRACT_SCAN_H

#include <stddef.h>
#include <stdint.h>

/* If s[i..) starts, case-insensitively, with the words of pat (a single
 * space in pat matches one or more spaces) and both ends are syllable
 * boundaries, returns the end index; otherwise 0. */
size_t tp__scan_word(const char *s, size_t len, size_t i, const char *pat);

/* Tries each pattern of the NULL-terminated list pats at i; returns the
 * end of the first that matches (its index in *which) or 0. */
size_t tp__scan_words(const char *s, size_t len, size_t i,
                      const char *const *pats, int *which);

/* If the text ending at i (spaces before i skipped) ends,
 * case-insensitively, with pat at a syllable boundary, returns its start
 * plus one (so 0 means no); see tp__scan_word for pat. */
size_t tp__scan_word_before(const char *s, size_t i, const char *pat);

/* Like tp__scan_word_before for a list; *which gets the matching index. */
size_t tp__scan_words_before(const char *s, size_t i,
                             const char *const *pats, int *which);

/* Index of the first ASCII digit in s[i..len), or len. Eight bytes at a
 * time: every numeric module walks the body from digit to digit. */
size_t tp__scan_next_digit(const char *s, size_t len, size_t i);

/* Skips spaces (and tabs) forward from i; returns the new index. */
size_t tp__scan_skip_sp(const char *s, size_t len, size_t i);

/* Skips spaces backward from i (exclusive end); returns the new end. */
size_t tp__scan_back_sp(const char *s, size_t i);

/* The syllable that ends right before i once spaces are skipped
 * (punctuation stops the search): lowercased into buf (NUL-terminated,
 * truncated to bufsz-1), its start in *start. Returns its byte length, 0
 * when there is none. */
size_t tp__scan_prev_word(const char *s, size_t i, size_t *start, char *buf,
                          size_t bufsz);

/* The syllable that starts at i once spaces are skipped; lowercased into
 * buf, its end in *end. Returns its byte length, 0 when none. */
size_t tp__scan_next_word(const char *s, size_t len, size_t i, size_t *end,
                          char *buf, size_t bufsz);

/* True when s[i] starts a syllable (not glued to a letter or digit before
 * it). */
int tp__scan_at_start(const char *s, size_t len, size_t i);

/* A number in Vietnamese notation: digits, '.' before groups of exactly
 * three digits (thousands), ',' before decimals. value = mant / 10^frac. */
typedef struct tp__num {
    int64_t mant;
    int frac;            /* digits after the decimal comma */
    size_t start, end;   /* byte range */
    int n_digits;        /* digits of the integer part as written */
    int leading_zero;    /* written with a leading zero ("07") */
    int grouped;         /* had a thousands separator */
    int64_t int_part;    /* the integer part */
} tp__num_t;

/* Parses the number starting at s[i] (a digit). Returns 0 on success. */
int tp__scan_number(const char *s, size_t len, size_t i, tp__num_t *out);

/* Formats mant / 10^frac * 10^scale without trailing zeros ("2.5",
 * "600000000") into buf; returns 0, or -1 on overflow. */
int tp__num_format(int64_t mant, int frac, int scale, char *buf,
                   size_t bufsz);

/* Writes v in decimal at buf (room for 21 bytes), NUL-terminated;
 * returns the length. printf is too slow for the per-number hot path. */
size_t tp__fmt_int(char *buf, int64_t v);

/* Writes "YYYY-MM-DD" (d > 0) or "YYYY-MM" at buf (11 bytes of room);
 * returns the length. */
size_t tp__fmt_date(char *buf, int y, int m, int d);

/* Reads an uppercase Roman numeral (I V X L C) that is a whole syllable
 * starting at i; returns its value (1..399) and its end in *end, or 0. */
int tp__scan_roman(const char *s, size_t len, size_t i, size_t *end);

/* Reads digits at i (at most maxd); returns the value and sets *end, or
 * -1 when s[i] is not a digit or there are more than maxd digits. */
int tp__scan_uint(const char *s, size_t len, size_t i, int maxd, size_t *end);

/* Reads a numeric date D/M/YYYY (also with '-' or '.' between, one
 * separator kind) at i, or a day and month alone when allow_no_year (then
 * *y = 0): 1 allows "D/M", 2 also "D-M" and "D.M". Checks
 * day and month ranges and that no digit or separator follows. Returns 0
 * and sets *end on success. */
int tp__scan_dmy(const char *s, size_t len, size_t i, int allow_no_year,
                 int *y, int *m, int *d, size_t *end);

/* True when day d exists in month m of year y (y 0: any leap year). */
int tp__valid_date(int y, int m, int d);

#endif

/*
 * tp/eval.h — scores extraction against gold annotations
 * (contracts/gold-format.md): precision, recall and F1 per entity type over
 * the set of keys of each article, micro-summed over articles; positions as
 * (person key, title) pairs; agreement of title, published date and
 * authors; boilerplate strings left in the body.
 *
 * Comparison folds case, Unicode normalization (NFC/NFD, compatibility
 * forms, dash and quote variants) and tone-mark placement (hòa = hoà,
 * ủy = uỷ), so a key written in either tone style matches.
 *
 * Ownership: everything these functions return (parsed gold, folded
 * strings, per-article results and their diff lists) is allocated in the
 * caller's arena and lives until its next reset. Totals are plain values.
 */
#ifndef TP_EVAL_H
#define TP_EVAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tp/arena.h"
#include "tp/article.h"
#include "tp/err.h"

/* One gold key with the other spellings that also match it. */
typedef struct tp_gold_alt {
    const char *key;
    const char **alts;
    size_t n_alts;
} tp_gold_alt_t;

/* A (person key, title as written) pair. */
typedef struct tp_gold_position {
    const char *person;
    const char *title;
} tp_gold_position_t;

/* One gold file. Absent or null strings are NULL; absent arrays empty. */
typedef struct tp_gold {
    const char *file; /* the article file's name */
    const char *title;
    const char *published; /* "YYYY-MM-DD" */
    const char **authors;
    size_t n_authors;
    int has_authors; /* the gold says who wrote it (even: nobody) */
    const char **keys;
    size_t n_keys;
    const char **optional;
    size_t n_optional;
    tp_gold_alt_t *alternatives;
    size_t n_alternatives;
    tp_gold_position_t *positions;
    size_t n_positions;
    const char **boilerplate;
    size_t n_boilerplate;
} tp_gold_t;

/* Parses one gold file's JSON (len bytes, need not be NUL-terminated).
 * Returns TP_OK, or TP_ERR_INPUT with class "json" or "schema". */
tp_err_t tp_gold_parse(tp_arena_t *arena, const char *json, size_t len,
                       tp_gold_t *out, tp_error_t *err);

/* Returns the comparison form of s: case folded, compatibility-decomposed,
 * dashes and quotes lumped, tone marks moved to the end of their syllable,
 * white space collapsed and trimmed. Invalid UTF-8 is compared bytewise
 * (returned as a copy). */
char *tp_eval_fold(tp_arena_t *arena, const char *s, size_t len);

/* True positives, false positives (extras) and false negatives (misses). */
typedef struct tp_eval_counts {
    uint64_t tp, fp, fn;
} tp_eval_counts_t;

double tp_eval_precision(const tp_eval_counts_t *c);
double tp_eval_recall(const tp_eval_counts_t *c);
double tp_eval_f1(const tp_eval_counts_t *c);

/* What one article (or a sum of articles) scored. */
typedef struct tp_eval_totals {
    tp_eval_counts_t types[TP_ENT__COUNT];
    tp_eval_counts_t positions;
    size_t articles;
    size_t failed; /* articles that could not be read or normalized */
    size_t title_ok, published_ok, authors_ok; /* out of articles */
    size_t boilerplate_n, boilerplate_left;
} tp_eval_totals_t;

/* Sum of all entity types. */
tp_eval_counts_t tp_eval_overall(const tp_eval_totals_t *t);

/* Adds one into sum. */
void tp_eval_add(tp_eval_totals_t *sum, const tp_eval_totals_t *one);

typedef enum tp_eval_diff_kind {
    TP_EVAL_MISS,           /* a gold key not predicted */
    TP_EVAL_EXTRA,          /* a predicted key not in the gold */
    TP_EVAL_POSITION_MISS,  /* "person:X | title" */
    TP_EVAL_POSITION_EXTRA, /* "person:X | title" */
    TP_EVAL_TITLE,          /* "gold ≠ predicted" */
    TP_EVAL_PUBLISHED,
    TP_EVAL_AUTHORS,
    TP_EVAL_BOILERPLATE, /* a boilerplate string still in the body */
} tp_eval_diff_kind_t;

/* "miss", "extra", "position miss", ... */
const char *tp_eval_diff_kind_name(tp_eval_diff_kind_t k);

typedef struct tp_eval_diff {
    tp_eval_diff_kind_t kind;
    const char *what; /* the key or pair as written (not folded) */
} tp_eval_diff_t;

typedef struct tp_eval_article {
    tp_eval_totals_t totals; /* articles = 1 */
    tp_eval_diff_t *diffs;   /* in gold order, then extras */
    size_t n_diffs;
} tp_eval_article_t;

/* Scores art (normalized and extracted; NULL when it could not be, which
 * counts every gold key as missed) against g. */
void tp_eval_score(tp_arena_t *arena, const tp_gold_t *g,
                   const tp_article_t *art, tp_eval_article_t *out);

/* Prints the table: per type gold/pred/tp/fp/fn/P/R/F1, overall micro,
 * positions, and the article-field agreement lines. */
void tp_eval_print(FILE *out, const tp_eval_totals_t *t);

#endif

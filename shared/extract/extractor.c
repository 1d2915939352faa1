/*
 * extractor.c — the extractor handle and the tp_extract() driver
 * (tp/extractor.h).
 *
 * tp_extractor_new() puts every lexicon phrase (lexicon.c) and every
 * gazetteer name (data/gazetteer_data.c) into ONE Hyperscan literal
 * database, so the cost of finding them does not grow with the size of the
 * lists: the body is folded to lower case once (byte offsets unchanged),
 * scanned once, and the hits that fall on syllable boundaries are grouped
 * by token for the modules. The modules then run in the order
 * extract_internal.h declares and the entity set is handed to the article.
 */
#include <hs/hs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/gazetteer.h"
#include "extract/extract_internal.h"
#include "tp/normalizer.h"

/* A phrase before grouping: its folded text and what it stands for. */
typedef struct tp__raw_phrase {
    char *text;
    uint32_t len;
    uint32_t is_gaz; /* 0: lexicon entry, 1: gazetteer row */
    uint32_t ref;
} tp__raw_phrase_t;

/* Orders raw phrases by text, lexicon entries before gazetteer rows. */
static int tp__raw_cmp(const void *pa, const void *pb)
{
    const tp__raw_phrase_t *a = pa, *b = pb;
    size_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->text, b->text, n);
    if (c)
        return c;
    if (a->len != b->len)
        return a->len < b->len ? -1 : 1;
    if (a->is_gaz != b->is_gaz)
        return a->is_gaz < b->is_gaz ? -1 : 1;
    return a->ref < b->ref ? -1 : a->ref > b->ref;
}

/* Returns the gazetteer's data version. */
const char *tp_gazetteer_version(void)
{
    return TP_GAZETTEER_VERSION;
}

/* Builds the phrase table and compiles the automaton. */
tp_extractor_t *tp_extractor_new(const tp_extractor_opts_t *opts,
                                 char *errstr, size_t errstr_size)
{
    tp_extractor_t *ex = calloc(1, sizeof *ex);
    size_t n_raw = tp_lex_n_entries + tp_gaz_n_units;
    tp__raw_phrase_t *raw = calloc(n_raw, sizeof *raw);
    const char **exprs = NULL;
    unsigned *ids = NULL, *flags = NULL;
    size_t *lens = NULL;
    if (!ex || !raw)
        goto oom;
    if (opts)
        ex->opts = *opts;

    size_t n = 0;
    for (size_t i = 0; i < tp_lex_n_entries; i++) {
        const char *p = tp_lex_entries[i].phrase;
        raw[n++] = (tp__raw_phrase_t){(char *)p, (uint32_t)strlen(p), 0,
                                      (uint32_t)i};
    }
    for (size_t i = 0; i < tp_gaz_n_units; i++) {
        const char *name = tp_gaz_units[i].name;
        if (name[0] >= '0' && name[0] <= '9')
            continue; /* "Quận 1": only with its level word, not scanned */
        size_t len = strlen(name);
        char *f = malloc(len + 1);
        if (!f)
            goto oom;
        tp_vn_fold_into(name, len, f);
        f[len] = '\0';
        raw[n++] = (tp__raw_phrase_t){f, (uint32_t)len, 1, (uint32_t)i};
    }
    qsort(raw, n, sizeof *raw, tp__raw_cmp);

    ex->phrases = calloc(n, sizeof *ex->phrases);
    ex->lex_idx = calloc(n, sizeof *ex->lex_idx);
    ex->gaz_idx = calloc(n, sizeof *ex->gaz_idx);
    exprs = calloc(n, sizeof *exprs);
    ids = calloc(n, sizeof *ids);
    flags = calloc(n, sizeof *flags);
    lens = calloc(n, sizeof *lens);
    if (!ex->phrases || !ex->lex_idx || !ex->gaz_idx || !exprs || !ids ||
        !flags || !lens)
        goto oom;
    size_t n_lex = 0, n_gaz = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        tp__phrase_t *ph = &ex->phrases[ex->n_phrases];
        ph->len = raw[i].len;
        ph->lex_first = (uint32_t)n_lex;
        ph->gaz_first = (uint32_t)n_gaz;
        while (j < n && raw[j].len == raw[i].len &&
               memcmp(raw[j].text, raw[i].text, raw[i].len) == 0) {
            if (raw[j].is_gaz)
                ex->gaz_idx[n_gaz++] = raw[j].ref;
            else
                ex->lex_idx[n_lex++] = raw[j].ref;
            j++;
        }
        ph->lex_count = (uint32_t)n_lex - ph->lex_first;
        ph->gaz_count = (uint32_t)n_gaz - ph->gaz_first;
        for (uint32_t k = 0; k < ph->lex_count; k++)
            ph->cls_mask |= 1u << tp_lex_entries[ex->lex_idx[ph->lex_first + k]].cls;
        if (ph->gaz_count)
            ph->cls_mask |= TP__TOK_GAZ;
        exprs[ex->n_phrases] = raw[i].text;
        lens[ex->n_phrases] = raw[i].len;
        ids[ex->n_phrases] = (unsigned)ex->n_phrases;
        flags[ex->n_phrases] = 0;
        ex->n_phrases++;
        i = j;
    }

    hs_compile_error_t *cerr = NULL;
    if (hs_compile_lit_multi(exprs, flags, ids, lens,
                             (unsigned)ex->n_phrases, HS_MODE_BLOCK, NULL,
                             &ex->db, &cerr) != HS_SUCCESS) {
        snprintf(errstr, errstr_size, "could not compile the lexicon: %s",
                 cerr && cerr->message ? cerr->message : "unknown error");
        hs_free_compile_error(cerr);
        goto error;
    }
    if (hs_alloc_scratch(ex->db, &ex->scratch) != HS_SUCCESS) {
        snprintf(errstr, errstr_size, "could not allocate scanner scratch");
        goto error;
    }
    for (size_t i = 0; i < n; i++)
        if (raw[i].is_gaz)
            free(raw[i].text);
    free(raw);
    free(exprs);
    free(ids);
    free(flags);
    free(lens);
    return ex;

oom:
    snprintf(errstr, errstr_size, "out of memory building the extractor");
error:
    if (raw) {
        for (size_t i = 0; i < n_raw; i++)
            if (raw[i].is_gaz)
                free(raw[i].text);
        free(raw);
    }
    free(exprs);
    free(ids);
    free(flags);
    free(lens);
    tp_extractor_destroy(ex);
    return NULL;
}

/* Frees the handle; NULL is a no-op. */
void tp_extractor_destroy(tp_extractor_t *ex)
{
    if (!ex)
        return;
    if (ex->scratch)
        hs_free_scratch(ex->scratch);
    if (ex->db)
        hs_free_database(ex->db);
    free(ex->phrases);
    free(ex->lex_idx);
    free(ex->gaz_idx);
    free(ex);
}

/* Collects raw hits during the scan. Hyperscan reports matches in order
 * of their end, so a cursor walks the tokens along with them instead of a
 * per-byte table; a match out of order is found by binary search. */
typedef struct tp__scan {
    tp_xctx_t *x;
    size_t cur;          /* first token whose end is >= the last match end */
    const uint32_t *map; /* scanned text offset -> body offset, or NULL */
    tp_xhit_t *hits;
    size_t n, cap;
} tp__scan_t;

/* Hyperscan callback: keeps matches that start and end on token
 * boundaries, as token ranges. */
static int tp__on_match(unsigned int id, unsigned long long from,
                        unsigned long long to, unsigned int flags, void *ctx)
{
    (void)from;
    (void)flags;
    tp__scan_t *sc = ctx;
    const tp_xctx_t *x = sc->x;
    const tp__phrase_t *ph = &x->ex->phrases[id];
    size_t start = (size_t)to - ph->len, end = (size_t)to;
    if (sc->map) {
        start = sc->map[start];
        end = sc->map[end];
    }
    const tp_vn_tok_t *tk = x->toks;
    size_t c = sc->cur;
    if (c > 0 && tk[c - 1].end >= end)
        c = tp_vn_tok_at(tk, x->n_toks, (uint32_t)end - 1); /* out of order */
    while (c < x->n_toks && tk[c].end < end)
        c++;
    sc->cur = c;
    if (c >= x->n_toks || tk[c].end != end)
        return 0; /* does not end a token */
    size_t k = c;
    while (k > 0 && tk[k].start > start)
        k--;
    if (tk[k].start != start)
        return 0; /* does not start a token */
    if (sc->n == sc->cap) {
        size_t cap = sc->cap ? sc->cap * 2 : 256;
        sc->hits = tp_arena_realloc(x->arena, sc->hits,
                                    sc->n * sizeof *sc->hits,
                                    cap * sizeof *sc->hits);
        sc->cap = cap;
    }
    sc->hits[sc->n++] = (tp_xhit_t){(uint32_t)k, (uint32_t)c + 1, id};
    return 0;
}

/* Groups the hits by start token, longest first, in x->hits and
 * x->tok_hits (a counting sort: hits arrive in order of their end), and
 * fills x->tok_cls. */
static void tp__group_hits(tp_xctx_t *x, const tp_xhit_t *raw, size_t n)
{
    size_t nt = x->n_toks;
    uint32_t *th = tp_arena_alloc(x->arena, (nt + 2) * sizeof *th);
    x->tok_cls = tp_arena_alloc(x->arena, (nt + 1) * sizeof *x->tok_cls);
    for (size_t i = 0; i < n; i++) {
        th[raw[i].tok + 2]++;
        x->tok_cls[raw[i].tok] |= (uint16_t)x->ex->phrases[raw[i].phrase].cls_mask;
    }
    for (size_t t = 2; t < nt + 2; t++)
        th[t] += th[t - 1];
    /* th[t + 1] is now where token t's hits go; placing them moves it to
     * the end of token t, i.e. the start of token t + 1. */
    tp_xhit_t *h = n ? tp_arena_alloc(x->arena, n * sizeof *h) : NULL;
    for (size_t i = 0; i < n; i++)
        h[th[raw[i].tok + 1]++] = raw[i];
    /* Within a token, longer hits first (distinct phrases never share a
     * span, so the order is total). */
    for (size_t t = 0; t < nt; t++)
        for (uint32_t a = th[t] + 1; a < th[t + 1]; a++) {
            tp_xhit_t v = h[a];
            uint32_t b = a;
            while (b > th[t] && h[b - 1].tok_end < v.tok_end) {
                h[b] = h[b - 1];
                b--;
            }
            h[b] = v;
        }
    th[nt + 1] = th[nt];
    x->hits = h;
    x->n_hits = n;
    x->tok_hits = th;
}

/* Tone placement for matching, whatever the body's style. The
 * lexicon and the gazetteer are written in the traditional style (hòa,
 * ủy), so the folded body is put in that style too, whatever style the
 * body uses: *scan gets the text to scan. Moving a mark keeps byte
 * lengths (hoà/hòa, uỷ/ủy) except for uỳ/ùy and uỹ/ũy (ỳ, ỹ take three
 * bytes, ù, ũ two). Without such a syllable the canonical text replaces
 * x->fold (offsets unchanged) and *map is NULL. With one, the shorter
 * canonical text is scanned and *map (scan offset -> body offset, one
 * entry per byte and one past the end) maps hits back; x->fold takes the
 * canonical spelling of every syllable whose length did not change, so
 * token comparisons (family names, level words) see the same spellings
 * in both styles. */
static void tp__canon_tone(tp_xctx_t *x, const char **scan, size_t *scan_len,
                           const uint32_t **map)
{
    size_t cl;
    char *canon = tp_tone_apply(x->arena, x->fold, x->len, TP_TONE_TRADITIONAL, &cl);
    *map = NULL;
    if (cl == x->len) {
        x->fold = canon;
        *scan = canon;
        *scan_len = cl;
        return;
    }
    /* Walk both texts one code point at a time: moving a mark keeps the
     * number of code points, and the rest is the same bytes. A run of
     * changed code points between two unchanged ones is one syllable's
     * nucleus; it goes into x->fold when its length did not change. */
    uint32_t *m = tp_arena_alloc(x->arena, (cl + 1) * sizeof *m);
    char *f = x->fold;
    size_t i = 0, j = 0, si = 0, sj = 0;
    while (i < x->len && j < cl) {
        int32_t cp;
        size_t a = tp_vn_decode(f, x->len, i, &cp);
        size_t b = tp_vn_decode(canon, cl, j, &cp);
        for (size_t q = 0; q < b; q++)
            m[j + q] = (uint32_t)(i + (q < a ? q : a - 1));
        int same = a == b && memcmp(f + i, canon + j, a) == 0;
        if (same && i - si == j - sj && i > si)
            memcpy(f + si, canon + sj, i - si);
        i += a;
        j += b;
        if (same) {
            si = i;
            sj = j;
        }
    }
    if (i - si == j - sj && i > si)
        memcpy(f + si, canon + sj, i - si);
    for (; j < cl; j++)
        m[j] = (uint32_t)x->len; /* not reached: same code point counts */
    m[cl] = (uint32_t)x->len;
    *scan = canon;
    *scan_len = cl;
    *map = m;
}

/* Folds, tokenizes and scans the body; fills x->fold, toks, hits. */
static tp_err_t tp__prepare(tp_xctx_t *x, tp_error_t *err)
{
    x->fold = tp_arena_alloc(x->arena, x->len + 1);
    int tone_cand = 0;
    x->toks = tp_vn_fold_tokenize(x->arena, x->body, x->len, x->fold,
                                  &x->n_toks, &tone_cand);
    const char *scan = x->fold;
    size_t scan_len = x->len;
    const uint32_t *map = NULL;
    if (tone_cand)
        tp__canon_tone(x, &scan, &scan_len, &map);
    tp__scan_t sc = {x, 0, map, NULL, 0, 0};
    if (scan_len > 0 &&
        hs_scan(x->ex->db, scan, (unsigned)scan_len, 0, x->ex->scratch,
                tp__on_match, &sc) != HS_SUCCESS)
        return tp_error_set(err, TP_ERR_FATAL, "scan",
                            "could not scan the article body");
    tp__group_hits(x, sc.hits, sc.n);
    return TP_OK;
}

/* The longest lexicon hit of the classes asked for at token tok (the
 * inline tp__lex_at() has checked the token's class mask). */
const tp_lex_entry_t *tp__lex_at_hits(const tp_xctx_t *x, size_t tok,
                                      unsigned cls_mask, size_t *end)
{
    for (uint32_t h = x->tok_hits[tok]; h < x->tok_hits[tok + 1]; h++) {
        const tp__phrase_t *ph = &x->ex->phrases[x->hits[h].phrase];
        if (!(ph->cls_mask & cls_mask))
            continue;
        for (uint32_t k = 0; k < ph->lex_count; k++) {
            const tp_lex_entry_t *e =
                &tp_lex_entries[x->ex->lex_idx[ph->lex_first + k]];
            if (cls_mask & (1u << e->cls)) {
                *end = x->hits[h].tok_end;
                return e;
            }
        }
    }
    return NULL;
}

/* The longest gazetteer hit at token tok (after tp__gaz_at()'s check). */
const tp__phrase_t *tp__gaz_at_hits(const tp_xctx_t *x, size_t tok, size_t *end)
{
    for (uint32_t h = x->tok_hits[tok]; h < x->tok_hits[tok + 1]; h++) {
        const tp__phrase_t *ph = &x->ex->phrases[x->hits[h].phrase];
        if (ph->gaz_count) {
            *end = x->hits[h].tok_end;
            return ph;
        }
    }
    return NULL;
}

/* Reads YYYY-MM-DD from the front of an ISO 8601 timestamp. */
static void tp__parse_date(const char *s, int *y, int *m, int *d)
{
    *y = *m = *d = 0;
    if (!s)
        return;
    int yy, mm, dd;
    if (sscanf(s, "%4d-%2d-%2d", &yy, &mm, &dd) == 3 && yy > 1900 &&
        mm >= 1 && mm <= 12 && dd >= 1 && dd <= 31) {
        *y = yy;
        *m = mm;
        *d = dd;
    }
}

/* Runs the modules and hands the entity set to the article. */
tp_err_t tp_extract(tp_extractor_t *ex, tp_arena_t *arena, tp_article_t *art,
                    tp_error_t *err)
{
    tp_xctx_t x;
    memset(&x, 0, sizeof x);
    x.arena = arena;
    x.ex = ex;
    x.art = art;
    x.body = art->body ? art->body : "";
    x.len = art->body ? (art->body_len ? art->body_len : strlen(art->body)) : 0;
    if (x.len > 0xFFFFFFF0u)
        return tp_error_set(err, TP_ERR_INPUT, "too_large",
                            "article body of %zu bytes is too large to extract",
                            x.len);
    x.tone_style = ex->opts.tone_style;
    tp__parse_date(art->published_at, &x.year, &x.month, &x.day);

    tp_err_t rc = tp__prepare(&x, err);
    if (rc != TP_OK)
        return rc;

    tp__extract_documents(&x);
    tp__extract_dates(&x);
    tp__extract_terms(&x);
    tp__extract_quantities(&x);
    tp__extract_places(&x);
    tp__extract_organizations(&x);
    tp__extract_persons(&x);
    tp__orgs_finish(&x);

    size_t n = 0;
    for (size_t i = 0; i < x.n_ents; i++)
        if (x.ents[i].key)
            n++;
    art->entities = n ? tp_arena_alloc(arena, n * sizeof *art->entities) : NULL;
    art->n_entities = 0;
    for (size_t i = 0; i < x.n_ents; i++)
        if (x.ents[i].key)
            art->entities[art->n_entities++] = x.ents[i];
    art->extractor_version = TP_EXTRACTOR_VERSION;
    art->gazetteer_version = TP_GAZETTEER_VERSION;
    return TP_OK;
}

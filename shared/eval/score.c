/*
 * eval/score.c — the extraction scorer (tp/eval.h, gold-format.md): parses
 * gold files, folds strings for comparison and counts matches per entity
 * type, positions, article fields and leftover boilerplate.
 *
 * Nothing here is on the hot path; utf8proc's allocations are copied into
 * the arena and freed at once.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "tp/eval.h"

/* True for the five Vietnamese tone marks as combining characters. */
static int tp__is_tone_mark(utf8proc_int32_t c)
{
    return c == 0x300 || c == 0x301 || c == 0x303 || c == 0x309 || c == 0x323;
}

/* True for code points that belong to a syllable (letters, digits,
 * combining marks). */
static int tp__is_word_cp(utf8proc_int32_t c)
{
    utf8proc_category_t k = utf8proc_category(c);
    return (k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO) ||
           (k >= UTF8PROC_CATEGORY_MN && k <= UTF8PROC_CATEGORY_ME) ||
           k == UTF8PROC_CATEGORY_ND;
}

/* Appends code point c to b as UTF-8. */
static void tp__put_cp(tp_arena_t *a, tp_buf_t *b, utf8proc_int32_t c)
{
    utf8proc_uint8_t u[4];
    utf8proc_ssize_t n = utf8proc_encode_char(c, u);
    tp_buf_append(a, b, (const char *)u, (size_t)n);
}

char *tp_eval_fold(tp_arena_t *arena, const char *s, size_t len)
{
    utf8proc_uint8_t *d = NULL;
    utf8proc_ssize_t n = utf8proc_map(
        (const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &d,
        UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE |
            UTF8PROC_CASEFOLD | UTF8PROC_LUMP | UTF8PROC_STRIPCC);
    if (n < 0)
        return tp_arena_strndup(arena, s, len);

    /* Walk syllables: copy every code point but tone marks, which go to
     * the syllable's end, so the mark's placement no longer matters. */
    tp_buf_t b = {0};
    utf8proc_int32_t tones[8];
    size_t n_tones = 0;
    int pending_space = 0;
    utf8proc_ssize_t i = 0;
    while (i <= n) {
        utf8proc_int32_t c = -1;
        if (i < n) {
            utf8proc_ssize_t k = utf8proc_iterate(d + i, n - i, &c);
            i += k > 0 ? k : 1;
        } else {
            i++;
        }
        if (c >= 0 && tp__is_tone_mark(c)) {
            if (n_tones < sizeof tones / sizeof tones[0])
                tones[n_tones++] = c;
            continue;
        }
        if (c < 0 || !tp__is_word_cp(c)) {
            for (size_t t = 0; t < n_tones; t++)
                tp__put_cp(arena, &b, tones[t]);
            n_tones = 0;
        }
        if (c < 0)
            break;
        if (utf8proc_category(c) == UTF8PROC_CATEGORY_ZS || c == ' ' ||
            c == '\t' || c == '\n' || c == '\r') {
            pending_space = b.len > 0;
            continue;
        }
        if (pending_space)
            tp_buf_putc(arena, &b, ' ');
        pending_space = 0;
        tp__put_cp(arena, &b, c);
    }
    free(d);
    if (!b.data)
        return tp_arena_strdup(arena, "");
    return b.data;
}

/* Copies a JSON string into the arena; NULL for anything else. */
static const char *tp__jstr(tp_arena_t *a, const json_t *v)
{
    if (!json_is_string(v))
        return NULL;
    return tp_arena_strndup(a, json_string_value(v), json_string_length(v));
}

/* Reads an array of strings (absent: empty). Returns -1 when v is present
 * and not an array of strings. */
static int tp__jstr_array(tp_arena_t *a, const json_t *v, const char ***out,
                          size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_array(v))
        return -1;
    size_t cnt = json_array_size(v);
    const char **arr = tp_arena_alloc(a, (cnt ? cnt : 1) * sizeof *arr);
    for (size_t i = 0; i < cnt; i++) {
        arr[i] = tp__jstr(a, json_array_get(v, i));
        if (!arr[i])
            return -1;
    }
    *out = arr;
    *n = cnt;
    return 0;
}

tp_err_t tp_gold_parse(tp_arena_t *arena, const char *json, size_t len,
                       tp_gold_t *out, tp_error_t *err)
{
    memset(out, 0, sizeof *out);
    json_error_t je;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
    if (!root)
        return tp_error_set(err, TP_ERR_INPUT, "json", "line %d column %d: %s",
                            je.line, je.column, je.text);
    tp_err_t rc = TP_ERR_INPUT;
    const char *bad = NULL;
    if (!json_is_object(root)) {
        bad = "top level is not an object";
        goto done;
    }
    out->file = tp__jstr(arena, json_object_get(root, "file"));
    if (!out->file || !*out->file || strchr(out->file, '/')) {
        bad = "\"file\" must be a plain file name";
        goto done;
    }
    out->title = tp__jstr(arena, json_object_get(root, "title"));
    out->published = tp__jstr(arena, json_object_get(root, "published"));
    json_t *au = json_object_get(root, "authors");
    out->has_authors = au && json_is_array(au);
    if (tp__jstr_array(arena, au, &out->authors, &out->n_authors) < 0) {
        bad = "\"authors\" must be an array of strings";
        goto done;
    }
    if (tp__jstr_array(arena, json_object_get(root, "keys"), &out->keys,
                       &out->n_keys) < 0) {
        bad = "\"keys\" must be an array of strings";
        goto done;
    }
    if (tp__jstr_array(arena, json_object_get(root, "optional"),
                       &out->optional, &out->n_optional) < 0) {
        bad = "\"optional\" must be an array of strings";
        goto done;
    }
    if (tp__jstr_array(arena, json_object_get(root, "boilerplate"),
                       &out->boilerplate, &out->n_boilerplate) < 0) {
        bad = "\"boilerplate\" must be an array of strings";
        goto done;
    }
    json_t *alts = json_object_get(root, "alternatives");
    if (alts && !json_is_null(alts)) {
        if (!json_is_object(alts)) {
            bad = "\"alternatives\" must be an object";
            goto done;
        }
        size_t cnt = json_object_size(alts);
        out->alternatives =
            tp_arena_alloc(arena, (cnt ? cnt : 1) * sizeof *out->alternatives);
        const char *k;
        json_t *v;
        json_object_foreach(alts, k, v)
        {
            tp_gold_alt_t *ga = &out->alternatives[out->n_alternatives++];
            ga->key = tp_arena_strdup(arena, k);
            if (tp__jstr_array(arena, v, &ga->alts, &ga->n_alts) < 0) {
                bad = "an alternative must be an array of strings";
                goto done;
            }
        }
    }
    json_t *pos = json_object_get(root, "positions");
    if (pos && !json_is_null(pos)) {
        if (!json_is_array(pos)) {
            bad = "\"positions\" must be an array";
            goto done;
        }
        size_t cnt = json_array_size(pos);
        out->positions =
            tp_arena_alloc(arena, (cnt ? cnt : 1) * sizeof *out->positions);
        for (size_t i = 0; i < cnt; i++) {
            json_t *p = json_array_get(pos, i);
            const char *person = NULL, *title = NULL;
            if (json_is_array(p) && json_array_size(p) == 2) {
                person = tp__jstr(arena, json_array_get(p, 0));
                title = tp__jstr(arena, json_array_get(p, 1));
            }
            if (!person || !title) {
                bad = "a position must be [person key, title]";
                goto done;
            }
            out->positions[out->n_positions++] =
                (tp_gold_position_t){person, title};
        }
    }
    rc = TP_OK;
done:
    json_decref(root);
    if (rc != TP_OK) {
        const char *file = out->file;
        memset(out, 0, sizeof *out);
        return tp_error_set(err, rc, "schema", "%s%s%s", bad,
                            file ? " in gold for " : "", file ? file : "");
    }
    return TP_OK;
}

double tp_eval_precision(const tp_eval_counts_t *c)
{
    return c->tp + c->fp ? (double)c->tp / (double)(c->tp + c->fp) : 1.0;
}

double tp_eval_recall(const tp_eval_counts_t *c)
{
    return c->tp + c->fn ? (double)c->tp / (double)(c->tp + c->fn) : 1.0;
}

double tp_eval_f1(const tp_eval_counts_t *c)
{
    uint64_t d = 2 * c->tp + c->fp + c->fn;
    return d ? 2.0 * (double)c->tp / (double)d : 1.0;
}

tp_eval_counts_t tp_eval_overall(const tp_eval_totals_t *t)
{
    tp_eval_counts_t o = {0, 0, 0};
    for (int i = 0; i < TP_ENT__COUNT; i++) {
        o.tp += t->types[i].tp;
        o.fp += t->types[i].fp;
        o.fn += t->types[i].fn;
    }
    return o;
}

/* Adds counts b into a. */
static void tp__counts_add(tp_eval_counts_t *a, const tp_eval_counts_t *b)
{
    a->tp += b->tp;
    a->fp += b->fp;
    a->fn += b->fn;
}

void tp_eval_add(tp_eval_totals_t *sum, const tp_eval_totals_t *one)
{
    for (int i = 0; i < TP_ENT__COUNT; i++)
        tp__counts_add(&sum->types[i], &one->types[i]);
    tp__counts_add(&sum->positions, &one->positions);
    sum->articles += one->articles;
    sum->failed += one->failed;
    sum->title_ok += one->title_ok;
    sum->published_ok += one->published_ok;
    sum->authors_ok += one->authors_ok;
    sum->boilerplate_n += one->boilerplate_n;
    sum->boilerplate_left += one->boilerplate_left;
}

const char *tp_eval_diff_kind_name(tp_eval_diff_kind_t k)
{
    static const char *const names[] = {
        "miss", "extra", "position miss", "position extra",
        "title", "published", "authors", "boilerplate",
    };
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

/* Records a diff on out. */
static void tp__diff(tp_arena_t *a, tp_eval_article_t *out,
                     tp_eval_diff_kind_t kind, const char *what)
{
    out->diffs = tp_arena_realloc(a, out->diffs, out->n_diffs * sizeof *out->diffs,
                                  (out->n_diffs + 1) * sizeof *out->diffs);
    out->diffs[out->n_diffs++] = (tp_eval_diff_t){kind, what};
}

/* The entity type of a key ("person:..."), or -1. */
static int tp__key_type(const char *key)
{
    const char *colon = strchr(key, ':');
    if (!colon || colon - key >= 32)
        return -1;
    char name[32];
    memcpy(name, key, (size_t)(colon - key));
    name[colon - key] = 0;
    return tp_entity_type_from_name(name);
}

/* A predicted item: its folded form, original, type and whether a gold
 * item has claimed it. */
typedef struct tp__pred {
    const char *fold;
    const char *orig;
    int type;
    int used;
} tp__pred_t;

/* Returns the index of an unused prediction whose fold is f, or -1. */
static long tp__find_pred(tp__pred_t *p, size_t n, const char *f)
{
    for (size_t i = 0; i < n; i++)
        if (!p[i].used && strcmp(p[i].fold, f) == 0)
            return (long)i;
    return -1;
}

/* True when f is among the folded strings fs[0..n). */
static int tp__in(const char *const *fs, size_t n, const char *f)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(fs[i], f) == 0)
            return 1;
    return 0;
}

/* Folds every string of arr. */
static const char **tp__fold_all(tp_arena_t *a, const char *const *arr,
                                 size_t n)
{
    const char **f = tp_arena_alloc(a, (n ? n : 1) * sizeof *f);
    for (size_t i = 0; i < n; i++)
        f[i] = tp_eval_fold(a, arr[i], strlen(arr[i]));
    return f;
}

/* Returns the gold alternatives entry of gold key gf (folded), or NULL. */
static const tp_gold_alt_t *tp__alts_of(tp_arena_t *a, const tp_gold_t *g,
                                        const char *gf)
{
    for (size_t i = 0; i < g->n_alternatives; i++)
        if (strcmp(tp_eval_fold(a, g->alternatives[i].key,
                                strlen(g->alternatives[i].key)),
                   gf) == 0)
            return &g->alternatives[i];
    return NULL;
}

/* Returns the gold key that predicted person key pf (folded) stands for:
 * itself, or the gold key it is an alternative of. */
static const char *tp__canon_person(tp_arena_t *a, const tp_gold_t *g,
                                    const char *pf)
{
    for (size_t i = 0; i < g->n_alternatives; i++)
        for (size_t j = 0; j < g->alternatives[i].n_alts; j++) {
            const char *alt = g->alternatives[i].alts[j];
            if (strcmp(tp_eval_fold(a, alt, strlen(alt)), pf) == 0)
                return tp_eval_fold(a, g->alternatives[i].key,
                                    strlen(g->alternatives[i].key));
        }
    return pf;
}

/* Scores the entity keys of art against g. */
static void tp__score_keys(tp_arena_t *a, const tp_gold_t *g,
                           const tp_article_t *art, tp_eval_article_t *out)
{
    size_t n_pred = 0;
    size_t n_ents = art ? art->n_entities : 0;
    tp__pred_t *pred = tp_arena_alloc(a, (n_ents ? n_ents : 1) * sizeof *pred);
    for (size_t i = 0; i < n_ents; i++) {
        const tp_entity_t *e = &art->entities[i];
        if (!e->key)
            continue;
        const char *f = tp_eval_fold(a, e->key, strlen(e->key));
        int dup = 0;
        for (size_t j = 0; j < n_pred && !dup; j++)
            dup = strcmp(pred[j].fold, f) == 0;
        if (!dup)
            pred[n_pred++] = (tp__pred_t){f, e->key, tp__key_type(e->key), 0};
    }

    const char **gold = tp__fold_all(a, g->keys, g->n_keys);
    const char **opt = tp__fold_all(a, g->optional, g->n_optional);
    int *matched = tp_arena_alloc(a, (g->n_keys ? g->n_keys : 1) * sizeof *matched);

    /* Exact matches first, so an alternative never steals a prediction
     * that another gold key names exactly. */
    for (size_t i = 0; i < g->n_keys; i++) {
        if (tp__in(gold, i, gold[i])) {
            matched[i] = -1; /* duplicate gold key: ignore */
            continue;
        }
        long p = tp__find_pred(pred, n_pred, gold[i]);
        if (p >= 0) {
            pred[p].used = 1;
            matched[i] = 1;
        }
    }
    for (size_t i = 0; i < g->n_keys; i++) {
        if (matched[i])
            continue;
        const tp_gold_alt_t *ga = tp__alts_of(a, g, gold[i]);
        for (size_t j = 0; ga && j < ga->n_alts && !matched[i]; j++) {
            long p = tp__find_pred(pred, n_pred,
                                   tp_eval_fold(a, ga->alts[j], strlen(ga->alts[j])));
            if (p >= 0) {
                pred[p].used = 1;
                matched[i] = 1;
            }
        }
    }
    for (size_t i = 0; i < g->n_keys; i++) {
        if (matched[i] < 0)
            continue;
        int t = tp__key_type(g->keys[i]);
        if (t < 0)
            continue; /* a key of no known type cannot be scored */
        if (matched[i]) {
            out->totals.types[t].tp++;
        } else {
            out->totals.types[t].fn++;
            tp__diff(a, out, TP_EVAL_MISS, g->keys[i]);
        }
    }
    for (size_t i = 0; i < n_pred; i++) {
        if (pred[i].used || pred[i].type < 0 ||
            tp__in(opt, g->n_optional, pred[i].fold))
            continue;
        out->totals.types[pred[i].type].fp++;
        tp__diff(a, out, TP_EVAL_EXTRA, pred[i].orig);
    }
}

/* Scores the (person, title) pairs of art against g. Positions of persons
 * the gold calls optional are ignored. */
static void tp__score_positions(tp_arena_t *a, const tp_gold_t *g,
                                const tp_article_t *art, tp_eval_article_t *out)
{
    const char **opt = tp__fold_all(a, g->optional, g->n_optional);
    size_t n_pred = 0, cap = 0;
    tp__pred_t *pred = NULL;
    for (size_t i = 0; art && i < art->n_entities; i++) {
        const tp_entity_t *e = &art->entities[i];
        if (!e->key || e->type != TP_ENT_PERSON)
            continue;
        const char *pf = tp_eval_fold(a, e->key, strlen(e->key));
        if (tp__in(opt, g->n_optional, pf))
            continue;
        pf = tp__canon_person(a, g, pf);
        for (size_t j = 0; j < e->n_positions; j++) {
            const char *title = e->positions[j].title;
            if (!title)
                continue;
            const char *f = tp_arena_printf(
                a, "%s\x1f%s", pf, tp_eval_fold(a, title, strlen(title)));
            if (tp__find_pred(pred, n_pred, f) >= 0)
                continue;
            if (n_pred == cap) {
                size_t nc = cap ? cap * 2 : 16;
                pred = tp_arena_realloc(a, pred, cap * sizeof *pred, nc * sizeof *pred);
                cap = nc;
            }
            pred[n_pred++] = (tp__pred_t){
                f, tp_arena_printf(a, "%s | %s", e->key, title), 0, 0};
        }
    }
    for (size_t i = 0; i < g->n_positions; i++) {
        const tp_gold_position_t *gp = &g->positions[i];
        const char *f = tp_arena_printf(
            a, "%s\x1f%s", tp_eval_fold(a, gp->person, strlen(gp->person)),
            tp_eval_fold(a, gp->title, strlen(gp->title)));
        long p = tp__find_pred(pred, n_pred, f);
        if (p >= 0) {
            pred[p].used = 1;
            out->totals.positions.tp++;
        } else {
            out->totals.positions.fn++;
            tp__diff(a, out, TP_EVAL_POSITION_MISS,
                     tp_arena_printf(a, "%s | %s", gp->person, gp->title));
        }
    }
    for (size_t i = 0; i < n_pred; i++)
        if (!pred[i].used) {
            out->totals.positions.fp++;
            tp__diff(a, out, TP_EVAL_POSITION_EXTRA, pred[i].orig);
        }
}

/* True when a and b (either may be NULL) fold to the same string. */
static int tp__same(tp_arena_t *a, const char *x, const char *y)
{
    if (!x || !y)
        return !x && !y;
    return strcmp(tp_eval_fold(a, x, strlen(x)), tp_eval_fold(a, y, strlen(y))) == 0;
}

/* Compares title, published date and authors, and looks for boilerplate
 * left in the body. */
static void tp__score_fields(tp_arena_t *a, const tp_gold_t *g,
                             const tp_article_t *art, tp_eval_article_t *out)
{
    const char *title = art ? art->title : NULL;
    if (title && !*title)
        title = NULL;
    if (tp__same(a, g->title, title))
        out->totals.title_ok++;
    else
        tp__diff(a, out, TP_EVAL_TITLE,
                 tp_arena_printf(a, "gold \"%s\", got \"%s\"",
                                 g->title ? g->title : "(none)",
                                 title ? title : "(none)"));

    char date[11] = {0};
    const char *pub = art ? art->published_at : NULL;
    if (pub && strlen(pub) >= 10) {
        memcpy(date, pub, 10);
        pub = date;
    } else {
        pub = NULL;
    }
    if (tp__same(a, g->published, pub))
        out->totals.published_ok++;
    else
        tp__diff(a, out, TP_EVAL_PUBLISHED,
                 tp_arena_printf(a, "gold %s, got %s",
                                 g->published ? g->published : "(none)",
                                 pub ? pub : "(none)"));

    size_t n_au = art ? art->n_authors : 0;
    int ok = n_au == g->n_authors;
    for (size_t i = 0; ok && i < g->n_authors; i++) {
        int found = 0;
        for (size_t j = 0; j < n_au && !found; j++)
            found = tp__same(a, g->authors[i], art->authors[j]);
        ok = found;
    }
    if (ok) {
        out->totals.authors_ok++;
    } else {
        tp_buf_t b = {0};
        tp_buf_puts(a, &b, "gold [");
        for (size_t i = 0; i < g->n_authors; i++)
            tp_buf_printf(a, &b, "%s\"%s\"", i ? ", " : "", g->authors[i]);
        tp_buf_puts(a, &b, "], got [");
        for (size_t j = 0; j < n_au; j++)
            tp_buf_printf(a, &b, "%s\"%s\"", j ? ", " : "", art->authors[j]);
        tp_buf_puts(a, &b, "]");
        tp__diff(a, out, TP_EVAL_AUTHORS, b.data);
    }

    out->totals.boilerplate_n += g->n_boilerplate;
    if (!art || !art->body || !g->n_boilerplate)
        return;
    const char *body = tp_eval_fold(a, art->body, art->body_len);
    for (size_t i = 0; i < g->n_boilerplate; i++) {
        const char *f = tp_eval_fold(a, g->boilerplate[i], strlen(g->boilerplate[i]));
        if (*f && strstr(body, f)) {
            out->totals.boilerplate_left++;
            tp__diff(a, out, TP_EVAL_BOILERPLATE, g->boilerplate[i]);
        }
    }
}

void tp_eval_score(tp_arena_t *arena, const tp_gold_t *g,
                   const tp_article_t *art, tp_eval_article_t *out)
{
    memset(out, 0, sizeof *out);
    out->totals.articles = 1;
    out->totals.failed = art ? 0 : 1;
    tp__score_keys(arena, g, art, out);
    tp__score_positions(arena, g, art, out);
    tp__score_fields(arena, g, art, out);
}

/* Prints one table row. */
static void tp__row(FILE *out, const char *name, const tp_eval_counts_t *c)
{
    fprintf(out, "%-14s %6llu %6llu %6llu %6llu %6llu  %6.3f %6.3f %6.3f\n",
            name, (unsigned long long)(c->tp + c->fn),
            (unsigned long long)(c->tp + c->fp), (unsigned long long)c->tp,
            (unsigned long long)c->fp, (unsigned long long)c->fn,
            tp_eval_precision(c), tp_eval_recall(c), tp_eval_f1(c));
}

void tp_eval_print(FILE *out, const tp_eval_totals_t *t)
{
    fprintf(out, "%-14s %6s %6s %6s %6s %6s  %6s %6s %6s\n", "type", "gold",
            "pred", "tp", "fp", "fn", "P", "R", "F1");
    for (int i = 0; i < TP_ENT__COUNT; i++)
        tp__row(out, tp_entity_type_name((tp_entity_type_t)i), &t->types[i]);
    tp_eval_counts_t o = tp_eval_overall(t);
    tp__row(out, "overall", &o);
    tp__row(out, "positions", &t->positions);
    fprintf(out, "articles %zu (failed %zu); title %zu/%zu, published %zu/%zu, "
                 "authors %zu/%zu; boilerplate left %zu/%zu\n",
            t->articles, t->failed, t->title_ok, t->articles, t->published_ok,
            t->articles, t->authors_ok, t->articles, t->boilerplate_left,
            t->boilerplate_n);
}
